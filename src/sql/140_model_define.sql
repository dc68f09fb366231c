-- Layer 3: a model as one JSON document (design.md "Model spec"):
-- define_model(name, spec) writes the catalogue rows and validates the
-- whole model at once (the C validator reports every problem in one
-- error); model_spec(name) reads them back, so that
-- define_model(n, model_spec(n)) round-trips.  create_tier_view publishes
-- a model's evaluation as named columns.

CREATE FUNCTION _spec_members(obj jsonb, what text, members text[])
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $$
DECLARE
	p text[] := '{}';
	k text;
	m text;
	want text;
	v jsonb;
	known text[] := ARRAY(SELECT split_part(x, ':', 1) FROM unnest(members) x);
BEGIN
	IF obj IS NULL OR jsonb_typeof(obj) <> 'object' THEN
		RETURN ARRAY[format('%s must be a JSON object, not %s', what, coalesce(obj::text, 'missing'))];
	END IF;
	FOR k IN SELECT jsonb_object_keys(obj) LOOP
		IF NOT k = ANY (known) THEN
			p := p || format('%s: unknown key "%s" (known: %s)', what, k, array_to_string(known, ', '));
		END IF;
	END LOOP;
	FOREACH m IN ARRAY members LOOP
		k := split_part(m, ':', 1);
		want := split_part(m, ':', 2);
		v := obj -> k;
		IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
			CONTINUE;
		END IF;
		IF want IN ('string', 'number', 'boolean', 'object', 'array') AND jsonb_typeof(v) <> want
		   OR want = 'strings' AND (jsonb_typeof(v) <> 'array'
		                            OR EXISTS (SELECT 1 FROM jsonb_array_elements(v) x WHERE jsonb_typeof(x) <> 'string'))
		   OR want = 'numbers' AND (jsonb_typeof(v) <> 'array'
		                            OR EXISTS (SELECT 1 FROM jsonb_array_elements(v) x WHERE jsonb_typeof(x) <> 'number'))
		   OR want = 'matrix' AND (jsonb_typeof(v) <> 'array'
		                           OR EXISTS (SELECT 1 FROM jsonb_array_elements(v) r
		                                      WHERE jsonb_typeof(r) <> 'array'
		                                         OR EXISTS (SELECT 1 FROM jsonb_array_elements(r) x WHERE jsonb_typeof(x) <> 'number'))
		                           OR (SELECT count(DISTINCT jsonb_array_length(r)) FROM jsonb_array_elements(v) r) > 1)
		   OR want = 'objects' AND (jsonb_typeof(v) <> 'array'
		                            OR EXISTS (SELECT 1 FROM jsonb_array_elements(v) x WHERE jsonb_typeof(x) <> 'object'))
		   OR want = 'timestamp' AND (jsonb_typeof(v) <> 'string' OR _is_timestamptz(v #>> '{}') IS NOT TRUE) THEN
			p := p || format('%s: "%s" must be %s, not %s', what, k,
			                 CASE want WHEN 'strings' THEN 'an array of strings' WHEN 'numbers' THEN 'an array of numbers'
			                           WHEN 'matrix' THEN 'an array of equally long arrays of numbers' WHEN 'objects' THEN 'an array of objects'
			                           WHEN 'timestamp' THEN 'a timestamp string' WHEN 'object' THEN 'an object'
			                           WHEN 'array' THEN 'an array' ELSE 'a ' || want END, v);
		END IF;
	END LOOP;
	RETURN p;
END
$$;

COMMENT ON FUNCTION _spec_members(jsonb, text, text[]) IS
'internal (define_model): the problems of one object of a model spec: unknown keys and members of the wrong JSON type (members as key:type)';

CREATE FUNCTION _is_timestamptz(s text)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $$
BEGIN
	PERFORM s::timestamptz;
	RETURN true;
EXCEPTION WHEN others THEN
	RETURN false;
END
$$;

COMMENT ON FUNCTION _is_timestamptz(text) IS
'internal (define_model): whether a string is a valid timestamptz';

CREATE FUNCTION _spec_problems(spec jsonb)
RETURNS text[]
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $$
DECLARE
	p text[];
	x jsonb;
	y jsonb;
	k text;
	i int;
BEGIN
	p := _spec_members(spec, 'the spec', ARRAY['description:string', 'key:string', 'source:string',
		'dimensions:objects', 'dimension_pairwise:matrix', 'ahp_method:string', 'indicators:objects',
		'weighting:string', 'blend_objective:string', 'blend_alpha:number', 'outcome:string', 'outcome_penalty:number', 'methods:strings',
		'combine:string', 'grey_rho:number', 'vikor_v:number', 'fuzzy_operator:string', 'fuzzy_grades:number',
		'concordance_threshold:number', 'allow_demographic:boolean', 'demographic_rules:boolean', 'min_coverage:number',
		'dea_max_share:number', 'segments:number', 'fcm_m:number', 'tiers:object',
		'classifications:objects', 'strategies:objects', 'rules:objects']);
	IF cardinality(p) > 0 AND jsonb_typeof(spec) <> 'object' THEN
		RETURN p;
	END IF;
	IF jsonb_typeof(spec -> 'dimensions') = 'array' THEN
		i := 0;
		FOR x IN SELECT jsonb_array_elements(spec -> 'dimensions') LOOP
			i := i + 1;
			p := p || _spec_members(x, format('dimension %s', i), '{name:string,weight:number,description:string}');
			IF jsonb_typeof(x) = 'object' AND NOT x ? 'name' THEN
				p := p || format('dimension %s: "name" is missing', i);
			END IF;
		END LOOP;
	END IF;
	IF jsonb_typeof(spec -> 'indicators') = 'array' THEN
		i := 0;
		FOR x IN SELECT jsonb_array_elements(spec -> 'indicators') LOOP
			i := i + 1;
			k := CASE WHEN x ? 'name' THEN format('indicator "%s"', x ->> 'name') ELSE format('indicator %s', i) END;
			p := p || _spec_members(x, k, '{name:string,column:string,dimension:string,kind:string,direction:string,transform:string,levels:strings,level_scores:numbers,range_lo:number,range_hi:number,best_lo:number,best_hi:number,valid_lo:number,valid_hi:number,weight:number,description:string}');
			IF jsonb_typeof(x) = 'object' AND NOT x ? 'name' THEN
				p := p || format('%s: "name" is missing', k);
			END IF;
			IF jsonb_typeof(x) = 'object' AND NOT x ? 'dimension' THEN
				p := p || format('%s: "dimension" is missing', k);
			END IF;
		END LOOP;
	END IF;
	IF jsonb_typeof(spec -> 'tiers') = 'object' THEN
		FOR k, x IN SELECT * FROM jsonb_each(spec -> 'tiers') LOOP
			p := p || _spec_members(x, format('tier scheme "%s"', k), '{labels:strings,shares:numbers,cuts:numbers}');
		END LOOP;
	END IF;
	IF jsonb_typeof(spec -> 'classifications') = 'array' THEN
		i := 0;
		FOR x IN SELECT jsonb_array_elements(spec -> 'classifications') LOOP
			i := i + 1;
			k := CASE WHEN x ? 'name' THEN format('classification "%s"', x ->> 'name') ELSE format('classification %s', i) END;
			p := p || _spec_members(x, k, '{name:string,labels:objects,description:string}');
			IF jsonb_typeof(x) = 'object' AND NOT x ? 'name' THEN
				p := p || format('%s: "name" is missing', k);
			END IF;
			IF jsonb_typeof(x -> 'labels') = 'array' THEN
				FOR y IN SELECT jsonb_array_elements(x -> 'labels') LOOP
					p := p || _spec_members(y, k || ' label', '{label:string,when:string}');
				END LOOP;
			END IF;
		END LOOP;
	END IF;
	IF jsonb_typeof(spec -> 'strategies') = 'array' THEN
		FOR x IN SELECT jsonb_array_elements(spec -> 'strategies') LOOP
			k := format('strategy "%s"', coalesce(x ->> 'code', '?'));
			p := p || _spec_members(x, k, '{code:string,title:string,description:string,basis:string,refund_ceiling:number,approval_required:boolean,suspension_type:boolean,offer:boolean}');
			IF jsonb_typeof(x) = 'object' AND NOT x ? 'code' THEN
				p := p || 'a strategy needs a "code"';
			END IF;
		END LOOP;
	END IF;
	IF jsonb_typeof(spec -> 'rules') = 'array' THEN
		i := 0;
		FOR x IN SELECT jsonb_array_elements(spec -> 'rules') LOOP
			i := i + 1;
			k := CASE WHEN x ? 'id' THEN format('rule "%s"', x ->> 'id') ELSE format('rule %s', i) END;
			p := p || _spec_members(x, k, '{id:string,strategy:string,priority:number,when:string,routing_priority:number,enabled:boolean,demographic:boolean,valid_from:timestamp,valid_to:timestamp,notes:string}');
		END LOOP;
	END IF;
	RETURN p;
END
$$;

COMMENT ON FUNCTION _spec_problems(jsonb) IS
'internal (define_model): every problem of shape in a model spec (unknown keys, wrong JSON types, missing names), before any row is written';

CREATE FUNCTION _spec_num(j jsonb, k text)
RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN jsonb_typeof(j -> k) = 'number' THEN (j ->> k)::float8 END;

COMMENT ON FUNCTION _spec_num(jsonb, text) IS
'internal (define_model): a number member, NULL when absent or not a number (a problem _spec_problems reports)';

CREATE FUNCTION _spec_str(j jsonb, k text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN jsonb_typeof(j -> k) = 'string' THEN j ->> k END;

COMMENT ON FUNCTION _spec_str(jsonb, text) IS
'internal (define_model): a string member, NULL when absent or not a string';

CREATE FUNCTION _spec_bool(j jsonb, k text)
RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN jsonb_typeof(j -> k) = 'boolean' THEN (j ->> k)::boolean END;

COMMENT ON FUNCTION _spec_bool(jsonb, text) IS
'internal (define_model): a boolean member, NULL when absent or not a boolean';

CREATE FUNCTION _spec_floats(a jsonb)
RETURNS float8[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
BEGIN
	IF jsonb_typeof(a) <> 'array' THEN
		RETURN NULL;
	END IF;
	RETURN pg_catalog.translate(a::text, '[]', '{}')::float8[];
EXCEPTION WHEN invalid_text_representation OR array_subscript_error OR numeric_value_out_of_range THEN
	RETURN NULL;	-- a ragged or mixed array: _spec_problems reports it
END
$$;

COMMENT ON FUNCTION _spec_floats(jsonb) IS
'internal (define_model): a JSON array (or matrix) of numbers as float8[], NULL when it is not one (_spec_problems reports why)';

CREATE FUNCTION _spec_texts(a jsonb)
RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN jsonb_typeof(a) = 'array' AND NOT jsonb_path_exists(a, '$[*] ? (@.type() != "string")')
            THEN ARRAY(SELECT jsonb_array_elements_text(a)) END;

COMMENT ON FUNCTION _spec_texts(jsonb) IS
'internal (define_model): a JSON array of strings as text[] (checked by _spec_problems first)';

-- No SET search_path: "source" is resolved in the caller's search path;
-- every object below is schema-qualified (pg_catalog is searched first).
CREATE FUNCTION define_model(name text, spec jsonb)
RETURNS text
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
AS $def$
DECLARE
	m_name ALIAS FOR $1;
	p text[];
	d jsonb;
	x jsonb;
	y jsonb;
	k text;
	i int;
	src text;
	src_reg regclass;
	existing complaint_tier.model;
	t_labels text[];
	t_conds text[];
BEGIN
	-- who may (doc/governance.md): complaint_tier_model defines models;
	-- rules and strategies are in force for every evaluation at once, so
	-- only complaint_tier_govern writes or replaces them
	PERFORM complaint_tier._require_level('model', format('define model "%s"', m_name));
	IF (CASE WHEN jsonb_typeof(spec -> 'rules') = 'array' THEN jsonb_array_length(spec -> 'rules') ELSE 0 END) > 0
	   OR (CASE WHEN jsonb_typeof(spec -> 'strategies') = 'array' THEN jsonb_array_length(spec -> 'strategies') ELSE 0 END) > 0
	   OR EXISTS (SELECT 1 FROM complaint_tier.rules r WHERE r.model = m_name) THEN
		PERFORM complaint_tier._require_level('govern', format('write or replace the rules and strategies of model "%s"', m_name));
	END IF;
	IF jsonb_typeof(spec) <> 'object' THEN
		RAISE EXCEPTION 'the spec of model "%" must be a JSON object, not %', m_name, jsonb_typeof(spec)
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'The spec format is in doc/model.md; complaint_tier.model_spec(''telecom'') is an example.';
	END IF;
	SELECT * INTO existing FROM complaint_tier.model mo WHERE mo.name = m_name FOR UPDATE;
	IF FOUND AND existing.builtin THEN
		RAISE EXCEPTION 'model "%" is shipped with the extension and cannot be replaced', m_name
			USING ERRCODE = 'object_not_in_prerequisite_state',
			      HINT = format('Define a copy under another name: SELECT complaint_tier.define_model(''my_%s'', complaint_tier.model_spec(''%s'') - ''rules'');', m_name, m_name);
	END IF;
	IF m_name !~ '^[a-z_][a-z0-9_]*$' OR length(m_name) > 63 THEN
		RAISE EXCEPTION 'invalid model name "%"', m_name
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Use lower-case letters, digits and underscores, starting with a letter or underscore.';
	END IF;
	-- the shape (unknown keys, wrong types, missing names); what is usable is
	-- written anyway, so that the validator below reports the rest too
	p := complaint_tier._spec_problems(spec);
	src := complaint_tier._spec_str(spec, 'source');
	IF src IS NOT NULL THEN
		src_reg := pg_catalog.to_regclass(src);
		IF src_reg IS NULL THEN
			p := p || format('source "%s" is not a table or view', src);
		ELSE
			-- stored schema-qualified: read back under any search path
			SELECT format('%I.%I', n.nspname, c.relname) INTO src
			FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
			WHERE c.oid = src_reg;
		END IF;
	END IF;

	-- the model row (replacing keeps its fitted versions); the statement
	-- checks of the catalogue wait for the whole model (below)
	PERFORM set_config('complaint_tier.defining', 'on', true);
	IF existing.name IS NULL THEN
		INSERT INTO complaint_tier.model (name) VALUES (m_name);
	END IF;
	IF EXISTS (SELECT 1 FROM complaint_tier.rules r WHERE r.model = m_name) THEN
		DELETE FROM complaint_tier.rules r WHERE r.model = m_name;
	END IF;
	DELETE FROM complaint_tier.classification c WHERE c.model = m_name;
	DELETE FROM complaint_tier.tier_scheme t WHERE t.model = m_name;
	DELETE FROM complaint_tier.indicator i WHERE i.model = m_name;
	DELETE FROM complaint_tier.dimension dd WHERE dd.model = m_name;
	UPDATE complaint_tier.model mo SET
		description = coalesce(complaint_tier._spec_str(spec, 'description'), ''),
		key = complaint_tier._spec_str(spec, 'key'),
		source = src,
		dimension_pairwise = complaint_tier._spec_floats(spec -> 'dimension_pairwise'),
		ahp_method = coalesce(complaint_tier._spec_str(spec, 'ahp_method'), 'eigenvector'),
		weighting = coalesce(complaint_tier._spec_str(spec, 'weighting'), 'expert'),
		blend_objective = coalesce(complaint_tier._spec_str(spec, 'blend_objective'), 'critic'),
		blend_alpha = coalesce(complaint_tier._spec_num(spec, 'blend_alpha'), 0.5),
		outcome = complaint_tier._spec_str(spec, 'outcome'),
		outcome_penalty = coalesce(complaint_tier._spec_num(spec, 'outcome_penalty'), 1),
		methods = coalesce(complaint_tier._spec_texts(spec -> 'methods'), '{weighted_sum}'),
		combine = coalesce(complaint_tier._spec_str(spec, 'combine'), 'mean_percentile'),
		grey_rho = coalesce(complaint_tier._spec_num(spec, 'grey_rho'), 0.5),
		vikor_v = coalesce(complaint_tier._spec_num(spec, 'vikor_v'), 0.5),
		fuzzy_operator = coalesce(complaint_tier._spec_str(spec, 'fuzzy_operator'), 'min_max'),
		fuzzy_grades = coalesce(round(complaint_tier._spec_num(spec, 'fuzzy_grades')), 5)::int,
		concordance_threshold = coalesce(complaint_tier._spec_num(spec, 'concordance_threshold'), 0.7),
		allow_demographic = coalesce(complaint_tier._spec_bool(spec, 'allow_demographic'), false),
		demographic_rules = coalesce(complaint_tier._spec_bool(spec, 'demographic_rules'), false),
		min_coverage = coalesce(complaint_tier._spec_num(spec, 'min_coverage'), 0),
		dea_max_share = complaint_tier._spec_num(spec, 'dea_max_share'),
		segments = round(complaint_tier._spec_num(spec, 'segments'))::int,
		fcm_m = coalesce(complaint_tier._spec_num(spec, 'fcm_m'), 2)
	WHERE mo.name = m_name;

	i := 0;
	FOR d IN SELECT jsonb_array_elements(CASE WHEN jsonb_typeof(spec -> 'dimensions') = 'array' THEN spec -> 'dimensions' ELSE '[]' END) LOOP
		i := i + 1;
		CONTINUE WHEN complaint_tier._spec_str(d, 'name') IS NULL;
		INSERT INTO complaint_tier.dimension (model, name, ordinal, weight, description)
		VALUES (m_name, complaint_tier._spec_str(d, 'name'), i, complaint_tier._spec_num(d, 'weight'), coalesce(d ->> 'description', ''))
		ON CONFLICT DO NOTHING;
		IF NOT FOUND THEN
			p := p || format('dimension "%s" is defined twice', complaint_tier._spec_str(d, 'name'));
		END IF;
	END LOOP;

	i := 0;
	FOR x IN SELECT jsonb_array_elements(CASE WHEN jsonb_typeof(spec -> 'indicators') = 'array' THEN spec -> 'indicators' ELSE '[]' END) LOOP
		i := i + 1;
		CONTINUE WHEN complaint_tier._spec_str(x, 'name') IS NULL OR complaint_tier._spec_str(x, 'dimension') IS NULL;
		INSERT INTO complaint_tier.indicator (model, name, ordinal, dimension, kind, source_column, direction, transform,
		                                      levels, level_scores, range_lo, range_hi, best_lo, best_hi, expert_weight, description,
		                                      valid_lo, valid_hi)
		VALUES (m_name, complaint_tier._spec_str(x, 'name'), i, complaint_tier._spec_str(x, 'dimension'),
		        coalesce(x ->> 'kind', CASE WHEN x ? 'levels' THEN 'qualitative' ELSE 'quantitative' END),
		        coalesce(x ->> 'column', complaint_tier._spec_str(x, 'name')),
		        coalesce(x ->> 'direction', 'benefit'), coalesce(x ->> 'transform', 'none'),
		        complaint_tier._spec_texts(x -> 'levels'), complaint_tier._spec_floats(x -> 'level_scores'),
		        complaint_tier._spec_num(x, 'range_lo'), complaint_tier._spec_num(x, 'range_hi'), complaint_tier._spec_num(x, 'best_lo'), complaint_tier._spec_num(x, 'best_hi'),
		        complaint_tier._spec_num(x, 'weight'), coalesce(x ->> 'description', ''),
		        complaint_tier._spec_num(x, 'valid_lo'), complaint_tier._spec_num(x, 'valid_hi'))
		ON CONFLICT DO NOTHING;
		IF NOT FOUND THEN
			p := p || format('indicator "%s" is defined twice', complaint_tier._spec_str(x, 'name'));
		END IF;
	END LOOP;

	FOR k, x IN SELECT * FROM jsonb_each(CASE WHEN jsonb_typeof(spec -> 'tiers') = 'object' THEN spec -> 'tiers' ELSE '{}' END) LOOP
		INSERT INTO complaint_tier.tier_scheme (model, scope, labels, shares, cuts)
		VALUES (m_name, k, coalesce(complaint_tier._spec_texts(x -> 'labels'), '{}'),
		        complaint_tier._spec_floats(x -> 'shares'), complaint_tier._spec_floats(x -> 'cuts'));
	END LOOP;

	i := 0;
	FOR x IN SELECT jsonb_array_elements(CASE WHEN jsonb_typeof(spec -> 'classifications') = 'array' THEN spec -> 'classifications' ELSE '[]' END) LOOP
		i := i + 1;
		k := complaint_tier._spec_str(x, 'name');
		CONTINUE WHEN k IS NULL;
		t_labels := '{}';
		t_conds := '{}';
		FOR y IN SELECT jsonb_array_elements(CASE WHEN jsonb_typeof(x -> 'labels') = 'array' THEN x -> 'labels' ELSE '[]' END) LOOP
			t_labels := t_labels || coalesce(y ->> 'label', '');
			t_conds := t_conds || coalesce(y ->> 'when', '');
		END LOOP;
		INSERT INTO complaint_tier.classification (model, name, ordinal, labels, conditions, description)
		VALUES (m_name, k, i, t_labels, t_conds, coalesce(x ->> 'description', ''))
		ON CONFLICT DO NOTHING;
		IF NOT FOUND THEN
			p := p || format('classification "%s" is defined twice', k);
		END IF;
	END LOOP;

	-- strategies: a shared catalogue; added when new, updated when not shipped
	FOR x IN SELECT jsonb_array_elements(CASE WHEN jsonb_typeof(spec -> 'strategies') = 'array' THEN spec -> 'strategies' ELSE '[]' END) LOOP
		BEGIN
			INSERT INTO complaint_tier.strategies AS s (code, title, description, basis, refund_ceiling,
			                                            approval_required, suspension_type, offer)
			VALUES (x ->> 'code', coalesce(x ->> 'title', complaint_tier._spec_str(x, 'code')), coalesce(x ->> 'description', ''),
			        coalesce(x ->> 'basis', 'other'), complaint_tier._spec_num(x, 'refund_ceiling'),
			        coalesce(complaint_tier._spec_bool(x, 'approval_required'), false), coalesce(complaint_tier._spec_bool(x, 'suspension_type'), false),
			        coalesce(complaint_tier._spec_bool(x, 'offer'), false))
			ON CONFLICT (code) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description,
				basis = EXCLUDED.basis, refund_ceiling = EXCLUDED.refund_ceiling,
				approval_required = EXCLUDED.approval_required, suspension_type = EXCLUDED.suspension_type,
				offer = EXCLUDED.offer
			WHERE NOT s.builtin;
		EXCEPTION WHEN check_violation THEN
			p := p || format('strategy "%s": %s', complaint_tier._spec_str(x, 'code'), SQLERRM);
		END;
	END LOOP;

	i := 0;
	FOR x IN SELECT jsonb_array_elements(CASE WHEN jsonb_typeof(spec -> 'rules') = 'array' THEN spec -> 'rules' ELSE '[]' END) LOOP
		i := i + 1;
		k := coalesce(x ->> 'id', format('%s.rule_%s', m_name, i));
		IF NOT EXISTS (SELECT 1 FROM complaint_tier.strategies s WHERE s.code = complaint_tier._spec_str(x, 'strategy')) THEN
			p := p || format('rule "%s": unknown strategy "%s" (define it under "strategies" or use one of complaint_tier.strategies)',
			                 k, coalesce(x ->> 'strategy', ''));
			CONTINUE;
		END IF;
		IF EXISTS (SELECT 1 FROM complaint_tier.rules r WHERE r.id = k) THEN
			p := p || format('rule "%s": the id is taken by a rule of model "%s"', k,
			                 (SELECT r.model FROM complaint_tier.rules r WHERE r.id = k));
			CONTINUE;
		END IF;
		BEGIN
			INSERT INTO complaint_tier.rules (id, model, priority, condition, strategy, enabled, demographic, routing_priority,
			                                  valid_from, valid_to, notes)
			VALUES (k, m_name, coalesce(round(complaint_tier._spec_num(x, 'priority')), 100)::int, coalesce(x ->> 'when', ''),
			        complaint_tier._spec_str(x, 'strategy'), coalesce(complaint_tier._spec_bool(x, 'enabled'), true), coalesce(complaint_tier._spec_bool(x, 'demographic'), false),
			        round(complaint_tier._spec_num(x, 'routing_priority'))::int,
			        CASE WHEN complaint_tier._is_timestamptz(complaint_tier._spec_str(x, 'valid_from')) THEN complaint_tier._spec_str(x, 'valid_from')::timestamptz END, CASE WHEN complaint_tier._is_timestamptz(complaint_tier._spec_str(x, 'valid_to')) THEN complaint_tier._spec_str(x, 'valid_to')::timestamptz END, complaint_tier._spec_str(x, 'notes'));
		EXCEPTION WHEN check_violation OR syntax_error OR invalid_parameter_value OR program_limit_exceeded
		               OR numeric_value_out_of_range OR undefined_object THEN
			p := p || format('rule "%s": %s', k, SQLERRM);
		END;
	END LOOP;

	-- everything else, with the problems above, in one error (the C validator)
	PERFORM set_config('complaint_tier.defining', 'off', true);
	PERFORM complaint_tier._validate_model(m_name, src_reg, p);
	RETURN m_name;
END
$def$;

COMMENT ON FUNCTION define_model(text, jsonb) IS
'create or replace a model from one JSON document (doc/model.md, "Model spec"): dimensions, indicators reading any column by name, weights or an AHP matrix, methods, tier schemes, classifications, strategies and rules; validates all of it and reports every problem in one error; fitted versions of a replaced model are kept';

CREATE FUNCTION model_spec(name text)
RETURNS jsonb
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $$
SELECT jsonb_strip_nulls(jsonb_build_object(
	'description', nullif(m.description, ''),
	'key', m.key,
	'source', m.source,
	'dimensions', (SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object('name', d.name, 'weight', d.weight,
	                                                                     'description', nullif(d.description, '')))
	                                ORDER BY d.ordinal)
	               FROM complaint_tier.dimension d WHERE d.model = m.name),
	'dimension_pairwise', to_jsonb(m.dimension_pairwise),
	'ahp_method', m.ahp_method,
	'indicators', (SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
	                   'name', i.name, 'column', i.source_column, 'dimension', i.dimension, 'kind', i.kind,
	                   'direction', i.direction, 'transform', i.transform, 'levels', to_jsonb(i.levels),
	                   'level_scores', to_jsonb(i.level_scores), 'range_lo', i.range_lo, 'range_hi', i.range_hi,
	                   'best_lo', i.best_lo, 'best_hi', i.best_hi, 'valid_lo', i.valid_lo, 'valid_hi', i.valid_hi,
	                   'weight', i.expert_weight,
	                   'description', nullif(i.description, ''))) ORDER BY i.ordinal)
	               FROM complaint_tier.indicator i WHERE i.model = m.name),
	'weighting', m.weighting,
	'blend_objective', m.blend_objective,
	'blend_alpha', m.blend_alpha,
	'outcome', m.outcome,
	'outcome_penalty', CASE WHEN m.weighting = 'outcome' OR m.outcome_penalty <> 1 THEN m.outcome_penalty END,
	'methods', to_jsonb(m.methods),
	'combine', m.combine,
	'grey_rho', m.grey_rho,
	'vikor_v', m.vikor_v,
	'fuzzy_operator', m.fuzzy_operator,
	'fuzzy_grades', m.fuzzy_grades,
	'concordance_threshold', m.concordance_threshold,
	'allow_demographic', m.allow_demographic,
	'demographic_rules', m.demographic_rules,
	'min_coverage', m.min_coverage,
	'dea_max_share', m.dea_max_share,
	'segments', m.segments,
	'fcm_m', CASE WHEN m.segments IS NOT NULL OR m.fcm_m <> 2 THEN m.fcm_m END,
	'tiers', (SELECT jsonb_object_agg(t.scope, jsonb_strip_nulls(jsonb_build_object(
	              'labels', to_jsonb(t.labels), 'shares', to_jsonb(t.shares), 'cuts', to_jsonb(t.cuts))))
	          FROM complaint_tier.tier_scheme t WHERE t.model = m.name),
	'classifications', (SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
	                        'name', c.name,
	                        'labels', (SELECT jsonb_agg(jsonb_build_object('label', l, 'when', w) ORDER BY o)
	                                   FROM unnest(c.labels, c.conditions) WITH ORDINALITY u(l, w, o)),
	                        'description', nullif(c.description, ''))) ORDER BY c.ordinal)
	                    FROM complaint_tier.classification c WHERE c.model = m.name),
	'strategies', (SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
	                   'code', s.code, 'title', s.title, 'description', s.description, 'basis', s.basis,
	                   'refund_ceiling', s.refund_ceiling, 'approval_required', s.approval_required,
	                   'suspension_type', s.suspension_type, 'offer', s.offer)) ORDER BY s.code)
	               FROM complaint_tier.strategies s
	               WHERE s.code IN (SELECT r.strategy FROM complaint_tier.rules r WHERE r.model = m.name)),
	'rules', (SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
	              'id', r.id, 'strategy', r.strategy, 'priority', r.priority, 'when', r.condition,
	              'routing_priority', r.routing_priority, 'enabled', r.enabled, 'demographic', r.demographic,
	              'valid_from', r.valid_from, 'valid_to', r.valid_to, 'notes', r.notes)) ORDER BY r.priority, r.id)
	          FROM complaint_tier.rules r WHERE r.model = m.name)
))
FROM complaint_tier.model m WHERE m.name = model_spec.name
$$;

COMMENT ON FUNCTION model_spec(text) IS
'a model as one JSON document, the shape define_model() accepts: define_model(n, model_spec(n)) round-trips, and the document can be kept in version control';

CREATE FUNCTION model_outputs(model text)
RETURNS TABLE (ordinal int, name text, type text, role text)
AS 'MODULE_PATHNAME', 'ct_model_outputs_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 20;

COMMENT ON FUNCTION model_outputs(text) IS
'the outputs of a model that conditions read and create_tier_view publishes, in order: score, tier, <dimension>_score and <dimension>_tier per dimension, each classification, then segment and segment_membership when the model has fuzzy segments; type is the rule-language type (number or text)';

CREATE FUNCTION create_tier_view(model text, source regclass, view_name text, materialized boolean)
RETURNS text
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
AS $ctv$
DECLARE
	key text;
	cols text[] := '{}';
	comments text[] := '{}';
	o record;
	di int := 0;
	ci int := 0;
	parts text[];
	qname text;
	sname text;
	q text;
BEGIN
	SELECT m.key INTO key FROM complaint_tier.model m WHERE m.name = create_tier_view.model;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'model "%" does not exist', create_tier_view.model
			USING ERRCODE = 'undefined_object', HINT = 'The models are listed in complaint_tier.model.';
	END IF;
	IF key IS NULL AND materialized THEN
		RAISE EXCEPTION 'model "%" names no key column, which a materialised tier view needs for its unique index', create_tier_view.model
			USING ERRCODE = 'object_not_in_prerequisite_state',
			      HINT = 'Set "key" in the model spec (define_model) or complaint_tier.model.key.';
	END IF;
	parts := pg_catalog.parse_ident(view_name);
	IF cardinality(parts) > 2 THEN
		RAISE EXCEPTION 'invalid view name "%"', view_name USING ERRCODE = 'invalid_name';
	END IF;
	qname := pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.quote_ident(x) FROM pg_catalog.unnest(parts) x), '.');
	sname := CASE WHEN cardinality(parts) = 2 THEN pg_catalog.quote_ident(parts[1]) || '.' || pg_catalog.quote_ident(parts[2] || '_strategies')
	              ELSE pg_catalog.quote_ident(parts[1] || '_strategies') END;
	IF key IS NOT NULL THEN
		cols := cols || pg_catalog.format('c.%I', key);
		comments := comments || pg_catalog.format('the customer key (%s of %s)', key, source);
	END IF;
	cols := cols || ARRAY['e.model', 'e.version'];
	comments := comments || ARRAY['the model', 'the fitted version that produced the row'];
	FOR o IN SELECT * FROM complaint_tier.model_outputs(create_tier_view.model) LOOP
		IF o.role = 'score' THEN
			cols := cols || 'e.score'::text;
			comments := comments || 'comprehensive score in [0,1]'::text;
		ELSIF o.role = 'tier' THEN
			cols := cols || 'e.tier'::text;
			comments := comments || 'overall tier'::text;
		ELSIF o.role = 'dimension_score' THEN
			di := di + 1;
			cols := cols || pg_catalog.format('e.dimension_scores[%s] AS %I', di, o.name);
			comments := comments || pg_catalog.format('score of dimension %s in [0,1]', pg_catalog.left(o.name, -6));
		ELSIF o.role = 'dimension_tier' THEN
			cols := cols || pg_catalog.format('e.dimension_tiers[%s] AS %I', di, o.name);
			comments := comments || pg_catalog.format('tier of dimension %s', pg_catalog.left(o.name, -5));
		ELSIF o.role = 'segment' THEN
			cols := cols || 'e.segment'::text;
			comments := comments || 'fuzzy segment (1..k): the nearest fitted centre'::text;
		ELSIF o.role = 'segment_membership' THEN
			cols := cols || 'e.segment_membership'::text;
			comments := comments || 'membership in the segment, in (0,1]'::text;
		ELSE
			ci := ci + 1;
			cols := cols || pg_catalog.format('e.class_labels[%s] AS %I', ci, o.name);
			comments := comments || pg_catalog.format('classification %s of model %s', o.name, create_tier_view.model);
		END IF;
	END LOOP;
	cols := cols || ARRAY['e.strategies', 'e.reasons', 'e.routing_priority', 'e.refund_ceiling'];
	comments := comments || ARRAY['strategy codes in priority order', 'one reason per strategy',
	                              'queue priority (1 = highest)', 'largest refund authority of the strategies'];
	q := pg_catalog.format('CREATE %s %s AS SELECT %s FROM %s c CROSS JOIN LATERAL complaint_tier.evaluate(%L, c) e',
	                       CASE WHEN materialized THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, qname,
	                       pg_catalog.array_to_string(cols, ', '), source, create_tier_view.model);
	EXECUTE q;
	EXECUTE pg_catalog.format('COMMENT ON %s %s IS %L', CASE WHEN materialized THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, qname,
	                          pg_catalog.format('tiers of %s by model %s (complaint_tier.create_tier_view)', source, create_tier_view.model));
	-- column i of the view is cols[i]: its name from the catalogue (a key
	-- named "Customer" or "a.b" is not re-parsed from the SQL text)
	FOR i IN 1..cardinality(cols) LOOP
		EXECUTE pg_catalog.format('COMMENT ON COLUMN %s.%I IS %L', qname,
		                          (SELECT a.attname FROM pg_catalog.pg_attribute a
		                           WHERE a.attrelid = qname::regclass AND a.attnum = i),
		                          comments[i]);
	END LOOP;
	IF materialized THEN
		EXECUTE pg_catalog.format('CREATE UNIQUE INDEX ON %s (%I)', qname, key);
	END IF;
	EXECUTE pg_catalog.format('CREATE VIEW %s AS SELECT %s s.position::int AS position, s.strategy, t.reasons[s.position] AS reason FROM %s t CROSS JOIN LATERAL pg_catalog.unnest(t.strategies) WITH ORDINALITY s(strategy, position)',
	                          sname, CASE WHEN key IS NULL THEN '' ELSE pg_catalog.format('t.%I, ', key) END, qname);
	EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', sname,
	                          pg_catalog.format('one row per customer and strategy of %s (complaint_tier.create_tier_view)', qname));
	IF key IS NOT NULL THEN
		EXECUTE pg_catalog.format('COMMENT ON COLUMN %s.%I IS %L', sname, key, 'the customer key');
	END IF;
	EXECUTE pg_catalog.format('COMMENT ON COLUMN %s.position IS %L', sname, 'position of the strategy (1 = highest priority)');
	EXECUTE pg_catalog.format('COMMENT ON COLUMN %s.strategy IS %L', sname, 'strategy code');
	EXECUTE pg_catalog.format('COMMENT ON COLUMN %s.reason IS %L', sname, 'the rule, its version and condition that gave the strategy');
	RETURN qname;
END
$ctv$;

COMMENT ON FUNCTION create_tier_view(text, regclass, text, boolean) IS
'create a view (or a materialised view with a unique index on the model''s key) of a source''s evaluations with one named column per dimension score and tier and per classification, every column commented, and a companion <view_name>_strategies view with one row per (key, position, strategy, reason); returns the view''s name';

CREATE FUNCTION create_tier_view(model text, source regclass, view_name text)
RETURNS text
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
BEGIN ATOMIC
	SELECT complaint_tier.create_tier_view(model, source, view_name, false);
END;

COMMENT ON FUNCTION create_tier_view(text, regclass, text) IS
'create_tier_view(model, source, view_name, false): a plain view';

CREATE FUNCTION _validate_model(model text, source regclass, prior text[] DEFAULT '{}')
RETURNS void
AS 'MODULE_PATHNAME', 'ct_validate_model_sql'
LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION _validate_model(text, regclass, text[]) IS
'internal: validate the whole configuration of a model (model, dimensions, indicators, tier schemes, classifications, rules) with the core validator, conditions against the model''s outputs and the source''s columns (the argument, or model.source); every problem, after the prior ones define_model found in the spec''s shape, in one error';

CREATE FUNCTION _fit_weights(dims int[], n_dim int, expert float8[], objective float8[], constant boolean[],
                             ideal float8[], anti float8[], dim_weights float8[], weighting text, blend_alpha float8,
                             OUT subjective float8[], OUT objective_share float8[], OUT weight float8[],
                             OUT global_weight float8[], OUT dim_weight float8[], OUT dim_no_info boolean[],
                             OUT dim_no_indicator boolean[], OUT grey_delta_max float8)
AS 'MODULE_PATHNAME', 'ct_fit_weights_sql'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION _fit_weights(int[], int, float8[], float8[], boolean[], float8[], float8[], float8[], text, float8) IS
'internal (fit): indicator and dimension weights from expert and objective weights (src/core/ct_fit.c)';

CREATE FUNCTION _fix_cuts(cuts float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fix_cuts_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _fix_cuts(float8[]) IS
'internal (fit): tier cut points made strictly ascending, a tied cut moved 1e-9 above its predecessor (src/core/ct_fit.c)';
