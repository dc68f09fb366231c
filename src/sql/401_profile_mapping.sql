-- The ticket mapping (doc/profile.md): which columns of a ticket table mean
-- the customer, the time, the problem type, ... declared once in a
-- catalogue that pg_dump keeps, written and read as one JSON document, and
-- turned into the SQL expressions the profile queries use.

CREATE TABLE ticket_mapping (
	name text PRIMARY KEY CHECK (name <> ''),
	description text NOT NULL DEFAULT '',
	source text,
	builtin boolean NOT NULL DEFAULT false
);

COMMENT ON TABLE ticket_mapping IS
'ticket mappings: which columns of a ticket table are the customer, the time, the problem type, the channel, the remedy, the escalation, unreasonable and accepted flags, the handling time and the satisfaction score (roles in complaint_tier.ticket_mapping_role); define_ticket_mapping() and ticket_mapping_spec() write and read one as a JSON document';
COMMENT ON COLUMN ticket_mapping.source IS
'the ticket table the mapping was checked against when it was defined (optional, schema-qualified)';

CREATE TABLE ticket_mapping_role (
	mapping text NOT NULL REFERENCES ticket_mapping (name) ON UPDATE CASCADE ON DELETE CASCADE,
	role text NOT NULL CHECK (role IN ('customer', 'time', 'problem_type', 'channel', 'remedy', 'escalated',
	                                   'unreasonable', 'handling_hours', 'accepted', 'satisfaction')),
	column_name text,
	format text CHECK (format IS NULL OR role = 'time'),
	true_values text[] CHECK (true_values IS NULL OR role IN ('escalated', 'unreasonable', 'accepted')),
	false_values text[] CHECK (false_values IS NULL OR role IN ('escalated', 'unreasonable', 'accepted')),
	unit text CHECK (unit IS NULL OR (role = 'handling_hours' AND unit IN ('seconds', 'minutes', 'hours', 'days'))),
	end_column text CHECK (end_column IS NULL OR role = 'handling_hours'),
	builtin boolean NOT NULL DEFAULT false,
	PRIMARY KEY (mapping, role),
	CHECK (column_name IS NOT NULL OR end_column IS NOT NULL),
	CHECK (unit IS NULL OR end_column IS NULL)
);

COMMENT ON TABLE ticket_mapping_role IS
'one row per role of a ticket mapping: the column, a to_timestamp format for a text time, the text values meaning true and false for a flag, the unit of a handling time column, or the end column of a handling time measured from a start column (column_name, default the time column) to an end column';

SELECT pg_catalog.pg_extension_config_dump('ticket_mapping', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('ticket_mapping_role', 'WHERE NOT builtin');
GRANT SELECT ON ticket_mapping, ticket_mapping_role TO PUBLIC;

-- The SQL expressions of a mapping over a ticket table aliased t, checked
-- against the table's columns and types; every problem in one error.
CREATE FUNCTION _profile_exprs(mapping text, tickets regclass,
	OUT key_column text, OUT key_expr text, OUT args text[])
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $$
DECLARE
	r record;
	p text[] := '{}';
	ty text;
	ety text;
	e text;
	fac float8;
	col text;
	exprs jsonb := '{}';
	roles text[] := ARRAY['time', 'problem_type', 'channel', 'remedy', 'escalated', 'unreasonable',
	                      'handling_hours', 'accepted', 'satisfaction'];
	num_types text[] := ARRAY['smallint', 'integer', 'bigint', 'real', 'double precision', 'numeric'];
	text_types text[] := ARRAY['text', 'character varying', 'character', 'name'];
BEGIN
	IF NOT EXISTS (SELECT 1 FROM ticket_mapping m WHERE m.name = _profile_exprs.mapping) THEN
		RAISE EXCEPTION 'ticket mapping "%" does not exist', _profile_exprs.mapping
			USING ERRCODE = 'undefined_object', HINT = 'The mappings are listed in complaint_tier.ticket_mapping.';
	END IF;
	FOR r IN
		SELECT x.role, x.column_name, x.format, x.true_values, x.false_values, x.unit, x.end_column,
		       (SELECT format_type(a.atttypid, NULL) FROM pg_attribute a
		        WHERE a.attrelid = tickets AND a.attname = x.column_name AND a.attnum > 0 AND NOT a.attisdropped) AS typ,
		       (SELECT format_type(a.atttypid, NULL) FROM pg_attribute a
		        WHERE a.attrelid = tickets AND a.attname = x.end_column AND a.attnum > 0 AND NOT a.attisdropped) AS end_typ
		FROM ticket_mapping_role x WHERE x.mapping = _profile_exprs.mapping
		ORDER BY array_position(ARRAY['customer'] || roles, x.role)
	LOOP
		ty := r.typ;
		e := NULL;
		col := CASE WHEN r.column_name IS NOT NULL THEN format('t.%I', r.column_name) END;
		IF r.column_name IS NOT NULL AND ty IS NULL THEN
			p := p || format('%s: column "%s" does not exist in %s', r.role, r.column_name, tickets);
			CONTINUE;
		END IF;
		IF r.role = 'customer' THEN
			key_column := r.column_name;
			key_expr := CASE WHEN ty = ANY (text_types) THEN format('NULLIF(btrim(%s), '''')', col) ELSE col END;
		ELSIF r.role = 'time' THEN
			IF ty = 'timestamp with time zone' THEN
				e := col;
			ELSIF ty IN ('timestamp without time zone', 'date') THEN
				e := col || '::timestamptz';
			ELSIF ty = ANY (text_types) AND r.format IS NOT NULL THEN
				e := format('to_timestamp(NULLIF(btrim(%s), ''''), %L)', col, r.format);
			ELSIF ty = ANY (text_types) THEN
				e := format('NULLIF(btrim(%s), '''')::timestamptz', col);
			END IF;
			IF r.format IS NOT NULL AND NOT ty = ANY (text_types) THEN
				p := p || format('time: a format applies to a text column; "%s" is %s', r.column_name, ty);
			END IF;
		ELSIF r.role IN ('problem_type', 'channel', 'remedy') THEN
			e := CASE WHEN ty = ANY (text_types) THEN format('NULLIF(btrim(%s), '''')', col)
			          ELSE col || '::text' END;
		ELSIF r.role IN ('escalated', 'unreasonable', 'accepted') THEN
			IF ty = 'boolean' AND r.true_values IS NULL AND r.false_values IS NULL THEN
				e := col;
			ELSIF ty = ANY (num_types) AND r.true_values IS NULL AND r.false_values IS NULL THEN
				e := format('(%s <> 0)', col);
			ELSIF ty = ANY (text_types) OR ty = 'boolean' THEN
				e := format('CASE WHEN lower(btrim(%s::text)) = ANY (%L::text[]) THEN true WHEN lower(btrim(%s::text)) = ANY (%L::text[]) THEN false END',
				            col, (SELECT array_agg(lower(btrim(v))) FROM unnest(coalesce(r.true_values, '{true,t,yes,y,1}')) v),
				            col, (SELECT array_agg(lower(btrim(v))) FROM unnest(coalesce(r.false_values, '{false,f,no,n,0}')) v));
			END IF;
		ELSIF r.role = 'handling_hours' THEN
			IF r.end_column IS NOT NULL THEN
				ety := r.end_typ;
				IF ety IS NULL THEN
					p := p || format('handling_hours: end column "%s" does not exist in %s', r.end_column, tickets);
					CONTINUE;
				ELSIF NOT ety IN ('timestamp with time zone', 'timestamp without time zone', 'date')
				      OR (r.column_name IS NOT NULL AND NOT ty IN ('timestamp with time zone', 'timestamp without time zone', 'date')) THEN
					p := p || format('handling_hours: a start and an end column must be timestamps or dates; they are %s and %s',
					                 coalesce(ty, '(the time column)'), ety);
					CONTINUE;
				END IF;
				-- from the start column (default: the ticket time) to the end
				e := format('extract(epoch FROM (t.%I::timestamptz - %s))::float8 / 3600',
				            r.end_column, CASE WHEN r.column_name IS NULL THEN '%TIME%' ELSE col || '::timestamptz' END);
			ELSE
				fac := CASE coalesce(r.unit, 'hours') WHEN 'seconds' THEN 1.0 / 3600 WHEN 'minutes' THEN 1.0 / 60
				                                      WHEN 'hours' THEN 1 ELSE 24 END;
				IF ty = ANY (num_types) THEN
					e := format('%s::float8 * %s', col, fac);
				ELSIF ty = 'interval' AND r.unit IS NULL THEN
					e := format('extract(epoch FROM %s)::float8 / 3600', col);
				END IF;
			END IF;
		ELSIF r.role = 'satisfaction' THEN
			IF ty = ANY (num_types) THEN
				e := col || '::float8';
			ELSIF ty = ANY (text_types) THEN
				e := format('NULLIF(btrim(%s), '''')::float8', col);
			END IF;
		END IF;
		IF r.role <> 'customer' THEN
			IF e IS NULL THEN
				p := p || format('%s: column "%s" is %s, which cannot be read as %s', r.role, r.column_name, ty,
				                 CASE r.role WHEN 'time' THEN 'a time (timestamptz, timestamp, date, or text)'
				                             WHEN 'handling_hours' THEN 'a duration (a number with a unit, or an interval)'
				                             WHEN 'satisfaction' THEN 'a number'
				                             ELSE 'a flag (boolean, a number, or text with true and false values)' END);
			ELSE
				IF r.role = 'handling_hours' THEN
					-- a negative duration (closed before opened) is unknown, not an error
					e := format('CASE WHEN %s >= 0 THEN %s END', e, e);
				END IF;
				exprs := exprs || jsonb_build_object(r.role, e);
			END IF;
		END IF;
	END LOOP;
	IF key_column IS NULL AND NOT EXISTS (SELECT 1 FROM unnest(p) x WHERE x LIKE 'customer:%') THEN
		p := p || 'customer: the mapping names no customer column'::text;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM ticket_mapping_role x WHERE x.mapping = _profile_exprs.mapping AND x.role = 'time') THEN
		p := p || 'time: the mapping names no time column'::text;
	END IF;
	IF cardinality(p) > 0 THEN
		RAISE EXCEPTION 'ticket mapping "%" does not fit %', _profile_exprs.mapping, tickets
			USING ERRCODE = CASE WHEN p[1] LIKE '%does not exist%' OR p[1] LIKE '%names no%' THEN 'undefined_column' ELSE 'datatype_mismatch' END,
			      DETAIL = array_to_string(p, E'\n');
	END IF;
	args := ARRAY(SELECT coalesce(replace(exprs ->> x, '%TIME%', exprs ->> 'time'), 'NULL') FROM unnest(roles) x);
END
$$;

COMMENT ON FUNCTION _profile_exprs(text, regclass) IS
'internal: the SQL expressions of a ticket mapping over a ticket table aliased t (the customer key, and the arguments of the profile_state aggregate in order), every column and type problem in one error';

-- define_ticket_mapping's work; the wrapper below resolves "source" in the
-- caller's search path
CREATE FUNCTION _define_ticket_mapping(name text, spec jsonb, src_reg regclass)
RETURNS text
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, complaint_tier
AS $$
DECLARE
	m_name ALIAS FOR $1;
	p text[];
	k text;
	v jsonb;
	src text;
	existing ticket_mapping;
	roles text[] := ARRAY['customer', 'time', 'problem_type', 'channel', 'remedy', 'escalated',
	                      'unreasonable', 'handling_hours', 'accepted', 'satisfaction'];
BEGIN
	IF jsonb_typeof(spec) <> 'object' THEN
		RAISE EXCEPTION 'the spec of ticket mapping "%" must be a JSON object, not %', m_name, jsonb_typeof(spec)
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'The spec format is in doc/profile.md; complaint_tier.ticket_mapping_spec(''sample_tickets'') is an example.';
	END IF;
	SELECT * INTO existing FROM ticket_mapping m WHERE m.name = m_name FOR UPDATE;
	IF FOUND AND existing.builtin THEN
		RAISE EXCEPTION 'ticket mapping "%" is shipped with the extension and cannot be replaced', m_name
			USING ERRCODE = 'object_not_in_prerequisite_state',
			      HINT = 'Define a copy under another name with complaint_tier.ticket_mapping_spec().';
	END IF;
	IF m_name = '' OR length(m_name) > 63 THEN
		RAISE EXCEPTION 'invalid ticket mapping name "%"', m_name
			USING ERRCODE = 'invalid_parameter_value', HINT = 'Use a name of 1 to 63 characters.';
	END IF;
	p := _spec_members(spec, 'the spec', ARRAY['description:string', 'source:string'] ||
	                   ARRAY(SELECT r || ':' FROM unnest(roles) r));
	FOREACH k IN ARRAY roles LOOP
		v := spec -> k;
		IF v IS NULL OR jsonb_typeof(v) = 'null' OR jsonb_typeof(v) = 'string' THEN
			CONTINUE;
		ELSIF jsonb_typeof(v) <> 'object' THEN
			p := p || format('%s must be a column name or an object, not %s', k, v);
		ELSE
			p := p || _spec_members(v, k, CASE
				WHEN k = 'time' THEN '{column:string,format:string}'::text[]
				WHEN k IN ('escalated', 'unreasonable', 'accepted') THEN '{column:string,true:strings,false:strings}'
				WHEN k = 'handling_hours' THEN '{column:string,unit:string,start:string,end:string}'
				ELSE '{column:string}' END);
			IF NOT (v ? 'column' OR (k = 'handling_hours' AND v ? 'end')) THEN
				p := p || format('%s: "column" is missing', k);
			END IF;
			IF k = 'handling_hours' AND v ? 'end' AND (v ? 'column' OR v ? 'unit') THEN
				p := p || 'handling_hours: give either "column" (with "unit") or "end" (with "start")'::text;
			END IF;
			IF k = 'handling_hours' AND v ? 'start' AND NOT v ? 'end' THEN
				p := p || 'handling_hours: "start" needs "end"'::text;
			END IF;
			IF k = 'handling_hours' AND NOT coalesce(v ->> 'unit', 'hours') IN ('seconds', 'minutes', 'hours', 'days') THEN
				p := p || format('handling_hours: unknown unit "%s" (known: seconds, minutes, hours, days)', v ->> 'unit');
			END IF;
		END IF;
	END LOOP;
	IF jsonb_typeof(spec) = 'object' AND NOT spec ? 'customer' THEN
		p := p || '"customer" is missing'::text;
	END IF;
	IF jsonb_typeof(spec) = 'object' AND NOT spec ? 'time' THEN
		p := p || '"time" is missing'::text;
	END IF;
	src := spec ->> 'source';
	IF src IS NOT NULL AND jsonb_typeof(spec -> 'source') = 'string' THEN
		IF src_reg IS NULL THEN
			p := p || format('source "%s" is not a table or view', src);
		ELSE
			SELECT format('%I.%I', n.nspname, c.relname) INTO src
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = src_reg;
		END IF;
	END IF;
	IF cardinality(p) > 0 THEN
		RAISE EXCEPTION 'invalid ticket mapping "%"', m_name
			USING ERRCODE = 'invalid_parameter_value', DETAIL = array_to_string(p, E'\n'),
			      HINT = 'The spec format is in doc/profile.md.';
	END IF;

	DELETE FROM ticket_mapping_role x WHERE x.mapping = m_name;
	INSERT INTO ticket_mapping (name, description, source) VALUES (m_name, coalesce(spec ->> 'description', ''), src)
	ON CONFLICT ON CONSTRAINT ticket_mapping_pkey
	DO UPDATE SET description = EXCLUDED.description, source = EXCLUDED.source;
	INSERT INTO ticket_mapping_role (mapping, role, column_name, format, true_values, false_values, unit, end_column)
	SELECT m_name, x.r,
	       CASE WHEN jsonb_typeof(x.val) = 'string' THEN x.val #>> '{}' ELSE coalesce(x.val ->> 'column', x.val ->> 'start') END,
	       x.val ->> 'format',
	       CASE WHEN jsonb_typeof(x.val -> 'true') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(x.val -> 'true')) END,
	       CASE WHEN jsonb_typeof(x.val -> 'false') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(x.val -> 'false')) END,
	       x.val ->> 'unit', x.val ->> 'end'
	FROM (SELECT u.r, spec -> u.r AS val FROM unnest(roles) u(r)) x
	WHERE x.val IS NOT NULL AND jsonb_typeof(x.val) <> 'null';
	IF src_reg IS NOT NULL THEN
		PERFORM _profile_exprs(m_name, src_reg);
	END IF;
	RETURN m_name;
END
$$;

COMMENT ON FUNCTION _define_ticket_mapping(text, jsonb, regclass) IS
'internal: define_ticket_mapping with its source resolved';

CREATE FUNCTION define_ticket_mapping(name text, spec jsonb)
RETURNS text
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
BEGIN ATOMIC
	SELECT complaint_tier._define_ticket_mapping(name, spec,
		CASE WHEN pg_catalog.jsonb_typeof(spec -> 'source') = 'string' THEN pg_catalog.to_regclass(spec ->> 'source') END);
END;

COMMENT ON FUNCTION define_ticket_mapping(text, jsonb) IS
'create or replace a ticket mapping from one JSON document: each role (customer, time, problem_type, channel, remedy, escalated, unreasonable, handling_hours, accepted, satisfaction) is a column name or an object with "column" and its options ("format" for a text time; "true"/"false" values for a text flag; "unit" or "start"/"end" for handling time); with "source" the columns and types are checked at once; every problem in one error';

CREATE FUNCTION ticket_mapping_spec(name text)
RETURNS jsonb
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $$
SELECT jsonb_strip_nulls(jsonb_build_object('description', nullif(m.description, ''), 'source', m.source))
	|| coalesce((SELECT jsonb_object_agg(x.role,
	                 CASE WHEN x.format IS NULL AND x.true_values IS NULL AND x.false_values IS NULL
	                           AND x.unit IS NULL AND x.end_column IS NULL
	                      THEN to_jsonb(x.column_name)
	                      ELSE jsonb_strip_nulls(jsonb_build_object(
	                          CASE WHEN x.end_column IS NULL THEN 'column' ELSE 'start' END, x.column_name,
	                          'format', x.format, 'true', to_jsonb(x.true_values), 'false', to_jsonb(x.false_values),
	                          'unit', x.unit, 'end', x.end_column)) END)
	             FROM ticket_mapping_role x WHERE x.mapping = m.name), '{}')
FROM ticket_mapping m WHERE m.name = ticket_mapping_spec.name
$$;

COMMENT ON FUNCTION ticket_mapping_spec(text) IS
'a ticket mapping as the JSON document define_ticket_mapping() accepts (define_ticket_mapping(n, ticket_mapping_spec(n)) round-trips)';
