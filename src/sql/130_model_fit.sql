-- Layer 3: fit(model, source [, activate]) and activate(model, version).
--
-- fit reads the source in parallel aggregate scans (doc/sketch.md, "How fit
-- scans"): (1) counts and a quantile_sketch of every indicator's values
-- (ranges, level and finiteness checks, compare()'s histograms), (2) the
-- statistics of the normalised indicators (objective weights, reference
-- points), then (_fit_distribution, 801_fit_sketch.sql) a quantile_sketch
-- of every configured method's score and of the dimension scores (after a
-- scan for VIKOR's S and R ranges when VIKOR is configured), and one scan
-- for the combined score's sketch and the methods'
-- concordance; quantiles and tier cut points come from the sketches.  The version being fitted is a value of type
-- model_version, passed to the per-row helpers in the scans (never read
-- back from a half-written catalogue row); the weight arithmetic and the
-- tie-fixed cut points are C (src/core/ct_fit.c).  The version is stored
-- only at the end: any error rolls the whole fit back and leaves the
-- previous version active.  Dynamic SQL is built with format('%I') / %L.
--
-- fit runs with the caller's rights (it scans the source as the caller, row
-- security included) and needs complaint_tier_model; it ends with
-- _store_version (C, src/pg/ct_govern_pg.c), which numbers the version,
-- records who fitted it and activates it only when allowed
-- (doc/governance.md): a fit by a role without complaint_tier_govern is a
-- candidate unless the model has no active version yet.

CREATE FUNCTION _fit(model text, source regclass, activate boolean)
RETURNS int
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, complaint_tier
-- the version's parameters travel into the scans as text (format %L): with
-- the caller's extra_float_digits <= 0 they would lose their last digits
SET extra_float_digits = 3
AS $fit$
#variable_conflict use_column
DECLARE
	m_name ALIAS FOR $1;
	src ALIAS FOR $2;
	act ALIAS FOR $3;
	cfg complaint_tier.model;
	inds complaint_tier.indicator[];
	ind complaint_tier.indicator;
	dnames text[];
	dweights float8[];
	cls record;
	n int;
	nd int;
	v complaint_tier.model_version;
	vlit text;
	est float8;
	big boolean;
	total bigint;
	q text;
	sel text[];
	stats float8[];
	examples text[];
	warns text[] := '{}';
	problems text[] := '{}';
	scol text[];
	stype text[];
	src_int boolean[];			-- the column is an integer (its values are finite)
	tcls text;
	k int;
	mn float8;
	mx float8;
	cnt float8;
	st complaint_tier.indicator_stats;
	ent float8[];
	cnts bigint[];
	means float8[];
	mins float8[];
	maxs float8[];
	constant_ind boolean[] := '{}';
	obj float8[];
	objective text;
	fw record;
	lf record;
	fd record;
	lf_expert float8[];
	lf_dims float8[];
	push boolean;
	p_in text[] := '{}';
	p_out text[] := '{}';
	nexpr text;
	hexpr text[] := '{}';
	hsel text[] := '{}';
	hp_in text[] := '{}';
	hp_out text[] := '{}';
	hsk complaint_tier.quantile_sketch[];
	hs complaint_tier.quantile_sketch;
	hc int;
	hcnt bigint[];
	hmin float8[];
	hmax float8[];
	counts float8[];
	prio boolean;				-- method priority: sketches of the normalised indicators
	psel text := ', NULL::complaint_tier.quantile_sketch[]';
	psk complaint_tier.quantile_sketch[];
	kn bigint;					-- scan 2's normalised indicators kept in memory (_fit_keep)
	norm0 text;					-- the normalisation they were computed with
	pfrac float8[];				-- 0, 0.001, ..., 1
BEGIN
	IF m_name IS NULL OR src IS NULL THEN
		RETURN NULL;
	END IF;
	-- who may: complaint_tier_model fits, complaint_tier_govern activates
	-- (checked again where the version is stored), and the caller reads the
	-- source before anything scans it
	PERFORM complaint_tier._require_level('model', format('fit model "%s"', m_name));
	IF act THEN
		PERFORM complaint_tier._require_level('govern', format('activate a version of model "%s"', m_name));
	END IF;
	IF NOT has_table_privilege(src, 'SELECT') THEN
		RAISE EXCEPTION 'permission denied for table %', src
			USING ERRCODE = 'insufficient_privilege',
			      DETAIL = format('fit reads the source with the privileges of %s.', current_user),
			      HINT = 'Its owner grants SELECT on it.';
	END IF;
	SELECT * INTO cfg FROM complaint_tier.model mo WHERE mo.name = m_name FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'model "%" does not exist', m_name
			USING ERRCODE = 'undefined_object', HINT = 'The models are listed in complaint_tier.model.';
	END IF;
	-- the whole configuration, every problem at once
	PERFORM complaint_tier._validate_model(m_name, NULL, NULL);
	SELECT array_agg(d.name ORDER BY d.ordinal), array_agg(d.weight ORDER BY d.ordinal)
	INTO dnames, dweights FROM complaint_tier.dimension d WHERE d.model = m_name;
	nd := cardinality(dnames);
	SELECT array_agg(i ORDER BY i.ordinal) INTO inds FROM complaint_tier.indicator i WHERE i.model = m_name;
	n := cardinality(inds);

	-- the source's columns and their types, before any scan: every missing
	-- or mistyped column in one error
	SELECT array_agg(at.attname::text ORDER BY at.attnum),
	       array_agg(CASE WHEN format_type(bt, NULL) IN ('smallint', 'integer', 'bigint', 'real', 'double precision', 'numeric') THEN 'number'
	                      WHEN format_type(bt, NULL) = 'boolean' THEN 'boolean'
	                      WHEN format_type(bt, NULL) IN ('text', 'character varying', 'character') THEN 'text'
	                      ELSE format_type(at.atttypid, at.atttypmod) END ORDER BY at.attnum),
	       array_agg(format_type(bt, NULL) IN ('smallint', 'integer', 'bigint') ORDER BY at.attnum)
	INTO scol, stype, src_int
	FROM pg_attribute at JOIN pg_type ty ON ty.oid = at.atttypid,
	     LATERAL (SELECT CASE WHEN ty.typtype = 'd' THEN ty.typbasetype ELSE ty.oid END AS bt) b
	WHERE at.attrelid = src AND at.attnum > 0 AND NOT at.attisdropped;
	FOREACH ind IN ARRAY inds LOOP
		k := array_position(scol, ind.source_column);
		IF k IS NULL THEN
			problems := problems || format('column "%s" is missing (indicator "%s")', ind.source_column, ind.name);
			CONTINUE;
		END IF;
		tcls := stype[k];
		IF ind.kind = 'qualitative' AND tcls <> 'text' OR ind.kind = 'quantitative' AND tcls NOT IN ('number', 'boolean') THEN
			problems := problems || format('column "%s" has type %s, but indicator "%s" needs %s', ind.source_column, tcls, ind.name,
				CASE ind.kind WHEN 'qualitative' THEN 'text levels' ELSE 'a number or a boolean' END);
		END IF;
	END LOOP;
	IF cardinality(problems) > 0 THEN
		RAISE EXCEPTION '% of % for model "%"', CASE WHEN cardinality(problems) = 1 THEN '1 column problem' ELSE cardinality(problems) || ' column problems' END, src, m_name
			USING ERRCODE = CASE WHEN problems[1] LIKE '%is missing%' THEN 'undefined_column' ELSE 'datatype_mismatch' END,
			      DETAIL = array_to_string(problems, '; ') || '.',
			      HINT = 'Indicators read the source''s columns by their own names; rename or cast in a view.';
	END IF;

	-- scan 1 counts every indicator's non-NULL values and sketches its
	-- finite numbers, or its known levels' positions (compare()'s
	-- histograms, _fit_histograms): the sketch gives the exact count,
	-- minimum and maximum of the values fit uses, and its count below the
	-- non-NULL count reveals a NaN, an Infinity or an unknown level
	FOREACH ind IN ARRAY inds LOOP
		tcls := stype[array_position(scol, ind.source_column)];
		sel := sel || format('count(%I)::float8', ind.source_column);
		-- integers and booleans are finite: no test for them
		hexpr := hexpr || CASE WHEN ind.kind = 'qualitative'
			THEN format('complaint_tier._level_position((%I)::text, %L::text[])', ind.source_column, ind.levels)
			WHEN tcls = 'boolean' THEN format('(%I)::int::float8', ind.source_column)
			WHEN src_int[array_position(scol, ind.source_column)] THEN format('(%I)::float8', ind.source_column)
			ELSE format('CASE WHEN (%1$I)::float8 > ''-Infinity'' AND (%1$I)::float8 < ''Infinity'' THEN (%1$I)::float8 END',
			            ind.source_column) END;
		-- over foreign partitions: the same aggregates per partition, then
		-- their sums (815_fit_pushdown.sql)
		p_in := p_in || format('count(%I)::float8 AS _ct_%s', ind.source_column, cardinality(p_in) + 1);
		p_out := p_out || format('sum(_ct_%s)', cardinality(p_out) + 1);
	END LOOP;

	-- the indicators' values, sketched 64 columns at a time
	FOR g IN 0..(n - 1) / 64 LOOP
		hsel := hsel || format('complaint_tier.quantile_sketch_dist(ARRAY[%s]::float8[])',
		                       array_to_string(hexpr[g * 64 + 1 : g * 64 + 64], ', '));
		hp_in := hp_in || format('%s AS _ct_h%s', hsel[g + 1], g);
		hp_out := hp_out || format('complaint_tier.merge(_ct_h%s)', g);
	END LOOP;
	push := complaint_tier._fit_pushdown(src);
	SELECT c.reltuples INTO est FROM pg_class c WHERE c.oid = src;
	big := coalesce(est, 0) >= 100000;
	IF big THEN
		RAISE NOTICE 'fit %: scan 1 (counts and sketches of the indicators) over % (about % rows)', m_name, src, est::bigint;
	END IF;

	-- scan 1: the row count, the non-NULL counts and the sketches (a
	-- NOTICE every 10 s of it names the phase: doc/sketch.md, "Progress")
	PERFORM set_config('complaint_tier.progress_phase', format('fit %s, scan 1 (counts and sketches of the indicators)', m_name), true);
	q := format('SELECT ARRAY[count(*)::float8, %s], ARRAY[%s] FROM %s',
	            array_to_string(sel, ', '), array_to_string(hsel, ', '), src);
	IF push THEN
		q := complaint_tier._fit_push_query(src, 'count(*)::float8 AS _ct_0, ' || array_to_string(p_in, ', ')
		                                         || ', ' || array_to_string(hp_in, ', '),
			format('ARRAY[sum(_ct_0), %s], ARRAY[%s]', array_to_string(p_out, ', '), array_to_string(hp_out, ', ')));
	END IF;
	EXECUTE q INTO counts, hsk;
	-- per indicator (minimum, maximum, count): for a qualitative one
	-- (unknown levels, 0, count), with an example of an unknown level; a
	-- quantitative one's extremes come from its sketch unless it holds NaN
	-- or Infinity, which a second look at the column reports
	stats := ARRAY[counts[1]];
	examples := '{}';
	FOR j IN 1..n LOOP
		ind := inds[j];
		tcls := stype[array_position(scol, ind.source_column)];
		hc := (j - 1) % 64 + 1;
		IF hc = 1 THEN		-- each sketch decoded once for its counts, minima and maxima
			hs := hsk[(j - 1) / 64 + 1];
			hcnt := sketch_count(hs);
			hmin := sketch_min(hs);
			hmax := sketch_max(hs);
		END IF;
		cnt := hcnt[hc];
		IF ind.kind = 'qualitative' THEN
			stats := stats || (counts[j + 1] - cnt) || 0::float8 || counts[j + 1];
			IF counts[j + 1] > cnt THEN
				EXECUTE format('SELECT min(%1$I::text) FROM %2$s WHERE %1$I::text <> ALL (%3$L::text[])', ind.source_column, src, ind.levels)
					INTO tcls;
			ELSE
				tcls := NULL;
			END IF;
			examples := examples || tcls;
		ELSIF counts[j + 1] > cnt THEN
			EXECUTE format('SELECT min(%1$I::%2$s::float8), max(%1$I::%2$s::float8) FROM %3$s',
			               ind.source_column, CASE tcls WHEN 'boolean' THEN 'int' ELSE 'float8' END, src)
				INTO mn, mx;
			stats := stats || mn || mx || counts[j + 1];
			examples := examples || NULL::text;
		ELSE
			stats := stats || hmin[hc] || hmax[hc] || counts[j + 1];
			examples := examples || NULL::text;
		END IF;
	END LOOP;
	total := stats[1]::bigint;
	IF total = 0 THEN
		RAISE EXCEPTION 'source % has no rows', src
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Fit on a population of complaint customers.';
	END IF;
	big := total >= 100000;

	v.model := m_name;
	v.version := 0;		-- numbered when stored (_store_version)
	v.state := 'fitting';
	v.fitted_at := now();
	v.fitted_by := current_user;
	-- schema-qualified, so that it names the same relation in every session
	SELECT format('%I.%I', ns.nspname, c.relname) INTO v.source
	FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE c.oid = src;
	v.row_count := total;
	v.key := cfg.key;
	v.src_columns := scol;
	v.src_types := stype;
	v.dim_names := dnames;
	v.ind_name := '{}';
	v.ind_column := '{}';
	v.ind_dimension := '{}';
	v.ind_kind := '{}';
	v.ind_direction := '{}';
	v.ind_transform := '{}';
	v.ind_lo := '{}';
	v.ind_hi := '{}';
	v.ind_best_lo := '{}';
	v.ind_best_hi := '{}';
	v.ind_level_start := '{}';
	v.ind_level_count := '{}';
	v.levels := '{}';
	v.level_scores := '{}';
	v.ind_valid_lo := ARRAY(SELECT coalesce(i.valid_lo, '-Infinity') FROM unnest(inds) i);
	v.ind_valid_hi := ARRAY(SELECT coalesce(i.valid_hi, 'Infinity') FROM unnest(inds) i);
	v.min_coverage := cfg.min_coverage;
	FOR j IN 1..n LOOP
		ind := inds[j];
		v.ind_name := v.ind_name || ind.name;
		v.ind_column := v.ind_column || ind.source_column;
		v.ind_dimension := v.ind_dimension || (array_position(dnames, ind.dimension) - 1);
		v.ind_kind := v.ind_kind || CASE ind.kind WHEN 'qualitative' THEN 1 ELSE 0 END;
		v.ind_direction := v.ind_direction || CASE ind.direction WHEN 'benefit' THEN 0 WHEN 'cost' THEN 1 ELSE 2 END;
		v.ind_transform := v.ind_transform || CASE ind.transform WHEN 'log' THEN 1 ELSE 0 END;
		mn := stats[2 + 3 * (j - 1)];
		mx := stats[3 + 3 * (j - 1)];
		cnt := stats[4 + 3 * (j - 1)];
		IF cnt = 0 THEN
			warns := warns || format('column "%s" is all-NULL in %s: indicator "%s" gets weight 0', ind.source_column, src, ind.name);
			RAISE WARNING 'column "%" of % is all-NULL: indicator "%" of model "%" gets weight 0', ind.source_column, src, ind.name, m_name;
		END IF;
		IF ind.kind = 'qualitative' THEN
			IF mn > 0 THEN
				RAISE EXCEPTION 'column "%" of % has % row(s) with a level not known to indicator "%"',
					ind.source_column, src, mn::bigint, ind.name
					USING ERRCODE = 'invalid_parameter_value',
					      DETAIL = format('For example "%s"; the levels are %s.', examples[j], array_to_string(ind.levels, ', ')),
					      HINT = 'Map other values to a level in a view, or to NULL for the fitted default.';
			END IF;
			v.ind_lo := v.ind_lo || 0::float8;
			v.ind_hi := v.ind_hi || 0::float8;
			v.ind_best_lo := v.ind_best_lo || 0::float8;
			v.ind_best_hi := v.ind_best_hi || 0::float8;
			v.ind_level_start := v.ind_level_start || cardinality(v.levels);
			v.ind_level_count := v.ind_level_count || cardinality(ind.levels);
			v.levels := v.levels || ind.levels;
			IF ind.level_scores IS NOT NULL THEN
				v.level_scores := v.level_scores || ind.level_scores;
			ELSE
				v.level_scores := v.level_scores || ARRAY(SELECT CASE WHEN cardinality(ind.levels) = 1 THEN 1.0::float8
				                                          ELSE (g - 1)::float8 / (cardinality(ind.levels) - 1) END
				                                   FROM generate_series(1, cardinality(ind.levels)) g);
			END IF;
		ELSE
			IF mn = 'NaN' OR mx = 'NaN' OR mn = '-Infinity' OR mx = 'Infinity' THEN
				RAISE EXCEPTION 'column "%" of % holds a value that is not a finite number', ind.source_column, src
					USING ERRCODE = 'invalid_parameter_value',
					      DETAIL = format('Indicator "%s" reads it; the values range from %s to %s.', ind.name, mn, mx),
					      HINT = 'Replace NaN and Infinity by NULL (the fitted default) in a view.';
			END IF;
			IF cnt > 0 AND (mn < ind.valid_lo OR mx > ind.valid_hi) THEN
				RAISE EXCEPTION 'column "%" of % has values outside the valid domain of indicator "%"', ind.source_column, src, ind.name
					USING ERRCODE = 'numeric_value_out_of_range',
					      DETAIL = format('The values range from %s to %s; the valid domain is [%s, %s].', mn, mx,
					                      coalesce(ind.valid_lo::text, '-inf'), coalesce(ind.valid_hi::text, '+inf')),
					      HINT = 'Correct the values, or map them to NULL (the fitted default) in a view.';
			END IF;
			IF ind.transform = 'log' AND cnt > 0 AND mn <= -1 THEN
				RAISE EXCEPTION 'column "%" of % has values <= -1, outside the domain of the log transform of indicator "%"',
					ind.source_column, src, ind.name
					USING ERRCODE = 'invalid_parameter_value',
					      DETAIL = format('The smallest value is %s; ln(1 + x) needs x > -1.', mn);
			END IF;
			IF cnt = 0 THEN
				mn := coalesce(ind.range_lo, ind.best_lo, 0);
				mx := coalesce(ind.range_hi, ind.best_hi, 0);
			ELSIF ind.range_lo IS NOT NULL THEN
				mn := ind.range_lo;
				mx := ind.range_hi;
			END IF;
			IF ind.direction = 'target' THEN
				mn := least(mn, ind.best_lo);
				mx := greatest(mx, ind.best_hi);
			END IF;
			IF ind.transform = 'log' THEN
				v.ind_lo := v.ind_lo || ln(1 + mn);
				v.ind_hi := v.ind_hi || ln(1 + mx);
				v.ind_best_lo := v.ind_best_lo || CASE WHEN ind.direction = 'target' THEN ln(1 + ind.best_lo) ELSE 0 END;
				v.ind_best_hi := v.ind_best_hi || CASE WHEN ind.direction = 'target' THEN ln(1 + ind.best_hi) ELSE 0 END;
			ELSE
				v.ind_lo := v.ind_lo || mn;
				v.ind_hi := v.ind_hi || mx;
				v.ind_best_lo := v.ind_best_lo || coalesce(ind.best_lo, 0);
				v.ind_best_hi := v.ind_best_hi || coalesce(ind.best_hi, 0);
			END IF;
			v.ind_level_start := v.ind_level_start || 0;
			v.ind_level_count := v.ind_level_count || 0;
		END IF;
	END LOOP;

	-- dimension weights (given, or AHP priorities of the pairwise matrix)
	IF cfg.dimension_pairwise IS NOT NULL THEN
		v.dim_weights := ahp_weights(cfg.dimension_pairwise, cfg.ahp_method);
		v.dimension_cr := (ahp_consistency(cfg.dimension_pairwise)).cr;
	ELSE
		v.dim_weights := dweights;
	END IF;
	IF cfg.weighting = 'outcome' THEN
		-- the dimension weights come from the coefficients (_fit_outcome)
		v.dim_weights := array_fill(1::float8, ARRAY[nd]);
	END IF;
	v.ind_impute := array_fill(0::float8, ARRAY[n]);
	v.ind_weight := array_fill(1::float8, ARRAY[n]);
	v.ind_global_weight := array_fill(1::float8, ARRAY[n]);
	v.ind_ideal := array_fill(1::float8, ARRAY[n]);
	v.ind_anti_ideal := array_fill(0::float8, ARRAY[n]);
	v.weighting := cfg.weighting;
	v.outcome := cfg.outcome;
	v.outcome_penalty := CASE WHEN cfg.weighting = 'outcome' THEN cfg.outcome_penalty END;
	v.methods := cfg.methods;
	v.combine := cfg.combine;
	v.grey_rho := cfg.grey_rho;
	v.vikor_v := cfg.vikor_v;
	v.fuzzy_operator := cfg.fuzzy_operator;
	v.fuzzy_grades := cfg.fuzzy_grades;
	v.segments := cfg.segments;	-- the outputs segment and segment_membership exist from the first scan
	v.concordance_threshold := cfg.concordance_threshold;
	v.class_names := '{}';
	v.class_count := '{}';
	v.class_labels := '{}';
	v.class_conditions := '{}';
	FOR cls IN SELECT c.name, c.labels, c.conditions FROM complaint_tier.classification c
	           WHERE c.model = m_name ORDER BY c.ordinal LOOP
		v.class_names := v.class_names || cls.name;
		v.class_count := v.class_count || cardinality(cls.labels);
		v.class_labels := v.class_labels || cls.labels;
		v.class_conditions := v.class_conditions || cls.conditions;
	END LOOP;
	v.warnings := '{}';

	-- scan 2: one-pass statistics of the normalised indicators (layer 2)
	objective := CASE WHEN cfg.weighting = 'blend' THEN cfg.blend_objective
	                  WHEN cfg.weighting = 'outcome' THEN 'expert' ELSE cfg.weighting END;
	IF big THEN
		RAISE NOTICE 'fit %: scan 2 (statistics of the normalised indicators) after % s', m_name,
			round(extract(epoch FROM clock_timestamp() - now())::numeric, 1);
	END IF;
	vlit := format('%L::complaint_tier.model_version', v);
	PERFORM set_config('complaint_tier.progress_phase', format('fit %s, scan 2 (statistics of the normalised indicators)', m_name), true);
	-- method priority (doc/mcdm.md, "Priority ordering"): in the same scan,
	-- a sketch of every indicator's normalised values (64 per sketch; NULL
	-- inputs are left out of the ranking, not imputed)
	prio := 'priority' = ANY (cfg.methods);
	IF push THEN
		-- per foreign partition, shipped: the version as jsonb, the row as
		-- its named columns (815_fit_pushdown.sql)
		nexpr := format('complaint_tier._fit_normalised_v(%L::jsonb, %s)', to_jsonb(v), complaint_tier._fit_values(v));
		IF prio THEN
			psel := ', ARRAY[' || (SELECT string_agg(format('complaint_tier.merge(_ct_q%s)', g), ', ' ORDER BY g)
			                       FROM generate_series(0, (n - 1) / 64) g) || ']';
		END IF;
		EXECUTE complaint_tier._fit_push_query(src,
			format('complaint_tier.indicator_stats(%s) AS _ct_s, %s AS _ct_e', nexpr,
			       CASE WHEN objective = 'entropy' THEN format('complaint_tier._entropy_state(%s)', nexpr) ELSE 'NULL::float8[]' END)
			|| CASE WHEN prio THEN (SELECT string_agg(format(', complaint_tier.quantile_sketch_dist((%s)[%s:%s]) AS _ct_q%s',
			                                                 nexpr, g * 64 + 1, g * 64 + 64, g), '' ORDER BY g)
			                        FROM generate_series(0, (n - 1) / 64) g) ELSE '' END,
			'complaint_tier.merge(_ct_s), ' || CASE WHEN objective = 'entropy' THEN 'complaint_tier._entropy_merge(_ct_e)' ELSE 'NULL::float8[]' END
			|| psel)
			INTO st, ent, psk;
	ELSE
	IF prio THEN
		psel := ', ARRAY[' || (SELECT string_agg(format('complaint_tier.quantile_sketch_dist(v[%s:%s])', g * 64 + 1, g * 64 + 64), ', ' ORDER BY g)
		                       FROM generate_series(0, (n - 1) / 64) g) || ']';
	END IF;
	-- the normalised indicators themselves are kept (_fit_keep, NULL as
	-- NaN) when they and the method scores fit in maintenance_work_mem
	-- together: the later passes then read memory, not the source
	-- (801_fit_sketch.sql, doc/sketch.md "How fit scans")
	EXECUTE format('SELECT complaint_tier.indicator_stats(v), %s%s, %s FROM %s _ct_src CROSS JOIN LATERAL complaint_tier._normalised(%s, _ct_src) AS _ct_n(v)',
	               CASE WHEN objective = 'entropy' THEN 'complaint_tier.entropy_weights(v)' ELSE 'NULL::float8[]' END,
	               psel,
	               CASE WHEN total * (n + cardinality(cfg.methods)) * 8 <= pg_size_bytes(current_setting('maintenance_work_mem'))
	                    THEN format('complaint_tier._fit_keep(v, %s, %s)', n, total * n * 8) ELSE 'NULL::bigint' END,
	               src, vlit)
		INTO st, ent, psk, kn;
	norm0 := row(v.ind_column, v.ind_kind, v.ind_direction, v.ind_transform, v.ind_lo, v.ind_hi, v.ind_best_lo,
	             v.ind_best_hi, v.ind_level_start, v.ind_level_count, v.levels, v.level_scores)::text;
	END IF;
	PERFORM set_config('complaint_tier.progress_phase', '', true);
	cnts := stats_count(st);
	means := stats_mean(st);
	mins := stats_min(st);
	maxs := stats_max(st);
	-- method priority: 1,001 quantiles (percentile_cont at 0, 0.001, ..., 1)
	-- of each indicator's normalised values, the ranking population; an
	-- indicator without values gets 0.5 throughout (it is constant: weight 0)
	v.ind_quantiles := NULL;
	IF prio THEN
		v.ind_quantiles := '{}';
		pfrac := ARRAY(SELECT g / 1000.0 FROM generate_series(0, 1000) g)::float8[];
		FOR j IN 1..n LOOP
			v.ind_quantiles := v.ind_quantiles ||
				CASE WHEN cnts[j] > 0
				     THEN complaint_tier.sketch_quantiles(psk[(j - 1) / 64 + 1], (j - 1) % 64 + 1, pfrac)
				     ELSE array_fill(0.5::float8, ARRAY[1001]) END;
		END LOOP;
	END IF;
	v.ind_impute := '{}';
	v.ind_ideal := '{}';
	v.ind_anti_ideal := '{}';
	FOR j IN 1..n LOOP
		mn := coalesce(mins[j], 0);
		mx := coalesce(maxs[j], 0);
		v.ind_impute := v.ind_impute || coalesce(means[j], 0.5);
		v.ind_ideal := v.ind_ideal || mx;
		v.ind_anti_ideal := v.ind_anti_ideal || mn;
		constant_ind := constant_ind || (cnts[j] = 0 OR mx - mn <= 1e-12);
		IF cnts[j] > 0 AND mx - mn <= 1e-12 THEN
			warns := warns || format('indicator "%s" is constant in %s: weight 0', v.ind_name[j], src);
			RAISE WARNING 'indicator "%" of model "%" is constant in %: it gets weight 0', v.ind_name[j], m_name, src;
		END IF;
	END LOOP;
	-- objective weights from the state; constant indicators get 0 (in C)
	obj := NULL;
	IF objective <> 'expert' AND false = ANY (constant_ind) THEN
		obj := CASE objective
		         WHEN 'critic' THEN critic_weights(st)
		         WHEN 'stddev' THEN stddev_weights(st)
		         WHEN 'pca' THEN pca_weights(st)
		         ELSE ent END;
	END IF;
	IF obj IS NULL AND objective <> 'expert' THEN
		obj := array_fill(0::float8, ARRAY[n]);		-- every indicator constant
	END IF;
	-- weighting outcome: the logistic regression (doc/outcome_weighting.md) gives
	-- |coefficient| as expert weights and their sums as dimension weights
	IF cfg.weighting = 'outcome' THEN
		lf := complaint_tier._fit_outcome(m_name, v, src, constant_ind);
		v := lf.version;
		lf_expert := lf.expert;
		lf_dims := lf.dim_weights;
		warns := warns || lf.warnings;
	END IF;
	BEGIN
		fw := complaint_tier._fit_weights(v.ind_dimension, nd,
		                                  CASE WHEN cfg.weighting = 'outcome' THEN lf_expert
		                                       ELSE ARRAY(SELECT i.expert_weight FROM unnest(inds) i) END,
		                                  obj, constant_ind, v.ind_ideal, v.ind_anti_ideal,
		                                  CASE WHEN cfg.weighting = 'outcome' THEN lf_dims ELSE v.dim_weights END,
		                                  CASE WHEN cfg.weighting = 'outcome' THEN 'expert' ELSE cfg.weighting END,
		                                  cfg.blend_alpha);
	EXCEPTION WHEN invalid_parameter_value THEN
		RAISE EXCEPTION 'no indicator of model "%" separates the customers of %', m_name, src
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = 'Every weighted indicator is constant or has weight 0 (' || SQLERRM || ').',
			      HINT = 'Fit on a more varied population or revise the weights.';
	END;
	FOR dd IN 1..nd LOOP
		IF fw.dim_no_info[dd] THEN
			warns := warns || format('dimension %s carries no information in %s: weight 0', dnames[dd], src);
			RAISE WARNING 'dimension % of model "%" carries no information in %: it gets weight 0',
				dnames[dd], m_name, src;
		ELSIF fw.dim_no_indicator[dd] THEN
			warns := warns || format('dimension %s has no indicator: its weight is shared among the others', dnames[dd]);
			RAISE WARNING 'dimension % of model "%" has no indicator: its weight % is shared among the others',
				dnames[dd], m_name, round(v.dim_weights[dd]::numeric, 4);
		END IF;
	END LOOP;
	v.ind_subjective := fw.subjective;
	v.ind_objective := fw.objective_share;
	v.ind_weight := fw.weight;
	v.ind_global_weight := fw.global_weight;
	v.dim_weights := fw.dim_weight;
	v.grey_delta_min := 0;
	v.grey_delta_max := fw.grey_delta_max;
	v := complaint_tier._fit_dea_segments(v, cfg, src);	-- method dea's frontier, fuzzy segments (710_model_dea.sql)

	-- scans 3 to 5: the method-score quantiles, the tier cut points, the
	-- concordance of the methods and the combined score's histogram, from
	-- mergeable quantile_sketch states (801_fit_sketch.sql, doc/fit.md)
	-- the kept normalised indicators serve only while the normalisation is
	-- the one they were computed with (outcome weighting may turn an
	-- indicator's direction)
	IF kn IS NOT NULL AND norm0 IS DISTINCT FROM
	   row(v.ind_column, v.ind_kind, v.ind_direction, v.ind_transform, v.ind_lo, v.ind_hi, v.ind_best_lo,
	       v.ind_best_hi, v.ind_level_start, v.ind_level_count, v.levels, v.level_scores)::text THEN
		PERFORM complaint_tier._fit_kept_release(kn);
		kn := NULL;
	END IF;
	fd := complaint_tier._fit_distribution(m_name, v, src, big, kn);
	v := fd.version;
	warns := warns || fd.warnings;
	-- the fitted population's distributions, for compare()
	v := complaint_tier._fit_histograms(v, hsk);

	v.warnings := warns;
	v.state := 'ready';
	RETURN complaint_tier._store_version(v, act);
END
$fit$;

COMMENT ON FUNCTION _fit(text, regclass, boolean) IS
'internal: the body of fit(model, source) and fit(model, source, activate); activate NULL activates when the caller has complaint_tier_govern or the model has no active version';

CREATE FUNCTION fit(model text, source regclass)
RETURNS int
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
BEGIN ATOMIC
	SELECT complaint_tier._fit(model, source, NULL);
END;

COMMENT ON FUNCTION fit(text, regclass) IS
'fit a model on a source table or view in four or five parallel aggregate scans (ranges; statistics and objective weights; VIKOR ranges when configured; quantile sketch of the method scores; combined score and concordance) and store it as a new immutable version, recording who fitted it; it becomes active when you have complaint_tier_govern or the model has no active version, else it is a candidate (complaint_tier.compare, complaint_tier.activate); needs complaint_tier_model and SELECT on the source; returns the version number';

CREATE FUNCTION fit(model text, source regclass, activate boolean)
RETURNS int
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
BEGIN ATOMIC
	SELECT complaint_tier._fit(model, source, activate);
END;

COMMENT ON FUNCTION fit(text, regclass, boolean) IS
'fit(model, source) that activates the new version (activate => true, needs complaint_tier_govern) or stores it as a candidate whoever fits (activate => false); returns the version number';

CREATE FUNCTION activate(model text, version int)
RETURNS int
AS 'MODULE_PATHNAME', 'ct_activate_sql'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;

COMMENT ON FUNCTION activate(text, int) IS
'make a fitted version of a model the one evaluate() uses (a candidate, or roll back or forward), recording who did it and when (active_version, activation_log); needs complaint_tier_govern; returns the version';
