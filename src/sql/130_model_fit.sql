-- Layer 3: fit(model, source) and activate(model, version).
--
-- fit reads the source three times: (1) ranges and level checks, (2) the
-- statistics of the normalised indicators (objective weights, reference
-- points), (3) every configured method's score per row, kept in a temporary
-- table from which the quantiles, tier cut points and the methods'
-- concordance are computed.  Everything is stored as a new version that
-- becomes active only at the end: any error rolls the whole fit back and
-- leaves the previous version active.  Dynamic SQL is built with
-- format('%I') / %L only.

CREATE FUNCTION fit(model text, source regclass)
RETURNS int
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, complaint_tier
AS $fit$
#variable_conflict use_column
DECLARE
	m_name ALIAS FOR $1;
	src ALIAS FOR $2;
	cfg complaint_tier.model;
	inds complaint_tier.indicator[];
	ind complaint_tier.indicator;
	n int;
	ver int;
	est float8;
	big boolean;
	total bigint;
	dim_names constant text[] := ARRAY['background', 'value', 'credit', 'behaviour', 'handling'];
	method_names constant text[] := ARRAY['weighted_sum', 'topsis', 'grey_relational', 'vikor', 'fuzzy'];
	t oid;
	tname text;
	tcls text;
	q text;
	sel text[];
	sel_t text[];
	stats float8[];
	examples text[];
	warns text[] := '{}';
	-- per indicator
	dims int[] := '{}';
	kinds int[] := '{}';
	dirs int[] := '{}';
	trs int[] := '{}';
	lo float8[] := '{}';
	hi float8[] := '{}';
	blo float8[] := '{}';
	bhi float8[] := '{}';
	lstart int[] := '{}';
	lcount int[] := '{}';
	lv text[] := '{}';
	ls float8[] := '{}';
	names text[] := '{}';
	cols text[] := '{}';
	mn float8;
	mx float8;
	cnt float8;
	st complaint_tier.indicator_stats;
	ent float8[];
	cnts bigint[];
	means float8[];
	mins float8[];
	maxs float8[];
	impute float8[] := '{}';
	ideal float8[] := '{}';
	anti float8[] := '{}';
	constant_ind boolean[] := '{}';
	obj float8[] := '{}';
	subj float8[] := '{}';
	w float8[] := '{}';
	gw float8[] := '{}';
	dimw float8[];
	dim_cr float8;
	dim_has boolean[];
	x float8;
	y float8;
	k int;
	a int;
	b int;
	objective text;
	delta_max float8;
	-- scan 3
	sb float8;
	sw float8;
	rb float8;
	rw float8;
	nm int;
	mexpr text[] := '{}';
	fractions float8[];
	qk float8[];
	allq float8[] := '{}';
	comb text;
	sch complaint_tier.tier_scheme;
	cum float8[];
	cuts float8[];
	v_tier_labels text[];
	v_tier_cuts float8[];
	dt_count int[] := '{0,0,0,0,0}';
	dt_labels text[] := '{}';
	dt_cuts float8[] := '{}';
	kw float8;
	sp float8[];
	agree boolean;
BEGIN
	SELECT * INTO cfg FROM complaint_tier.model mo WHERE mo.name = m_name FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'model "%" does not exist', m_name
			USING ERRCODE = 'undefined_object', HINT = 'The models are listed in complaint_tier.model.';
	END IF;
	SELECT array_agg(i ORDER BY i.ordinal) INTO inds FROM complaint_tier.indicator i WHERE i.model = m_name;
	IF inds IS NULL THEN
		RAISE EXCEPTION 'model "%" has no indicators', m_name
			USING ERRCODE = 'object_not_in_prerequisite_state',
			      HINT = 'Add rows to complaint_tier.indicator first.';
	END IF;
	n := cardinality(inds);
	PERFORM 1 FROM complaint_tier.tier_scheme ts WHERE ts.model = m_name AND ts.scope = 'overall';
	IF NOT FOUND THEN
		RAISE EXCEPTION 'model "%" has no overall tier scheme', m_name
			USING ERRCODE = 'object_not_in_prerequisite_state',
			      HINT = 'Add a row with scope ''overall'' to complaint_tier.tier_scheme.';
	END IF;
	IF cfg.weighting IN ('expert', 'blend') THEN
		FOREACH ind IN ARRAY inds LOOP
			IF ind.expert_weight IS NULL THEN
				RAISE EXCEPTION 'indicator "%" of model "%" has no expert_weight', ind.name, m_name
					USING ERRCODE = 'invalid_parameter_value',
					      DETAIL = format('The weighting method %s needs an expert weight for every indicator.', cfg.weighting),
					      HINT = 'Set expert_weight, or choose an objective weighting (entropy, critic, stddev, pca).';
			END IF;
		END LOOP;
	END IF;

	-- the source's columns and their types, before any scan
	FOREACH ind IN ARRAY inds LOOP
		SELECT CASE WHEN ty.typtype = 'd' THEN ty.typbasetype ELSE ty.oid END INTO t
		FROM pg_attribute at JOIN pg_type ty ON ty.oid = at.atttypid
		WHERE at.attrelid = src AND at.attname = ind.source_column AND at.attnum > 0 AND NOT at.attisdropped;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'column "%" does not exist in %', ind.source_column, src
				USING ERRCODE = 'undefined_column',
				      DETAIL = format('Indicator "%s" of model "%s" reads it.', ind.name, m_name),
				      HINT = 'The canonical input schema is in doc/schema.md; map other names in a view.';
		END IF;
		tname := format_type(t, NULL);
		tcls := CASE WHEN tname IN ('smallint', 'integer', 'bigint', 'real', 'double precision', 'numeric') THEN 'n'
		             WHEN tname = 'boolean' THEN 'b'
		             WHEN tname IN ('text', 'character varying', 'character') THEN 's' END;
		IF ind.kind = 'qualitative' AND tcls IS DISTINCT FROM 's' OR ind.kind = 'quantitative' AND tcls NOT IN ('n', 'b') THEN
			RAISE EXCEPTION 'column "%" of % has type %, but indicator "%" needs %', ind.source_column, src, tname, ind.name,
				CASE ind.kind WHEN 'qualitative' THEN 'text levels' ELSE 'a number' END
				USING ERRCODE = 'datatype_mismatch',
				      HINT = 'Cast the column in a view.';
		END IF;
		kinds := kinds || CASE ind.kind WHEN 'qualitative' THEN 1 ELSE 0 END;
		IF ind.kind = 'quantitative' THEN
			sel := sel || format('min(%1$I::%2$s::float8), max(%1$I::%2$s::float8), count(%1$I)::float8',
			                     ind.source_column, CASE tcls WHEN 'b' THEN 'int' ELSE 'float8' END);
			sel_t := sel_t || 'NULL::text'::text;
		ELSE
			sel := sel || format('count(*) FILTER (WHERE %1$I IS NOT NULL AND %1$I::text <> ALL (%2$L::text[]))::float8, 0, 0',
			                     ind.source_column, ind.levels);
			sel_t := sel_t || format('min(%1$I::text) FILTER (WHERE %1$I::text <> ALL (%2$L::text[]))',
			                         ind.source_column, ind.levels);
		END IF;
	END LOOP;

	SELECT c.reltuples INTO est FROM pg_class c WHERE c.oid = src;
	big := coalesce(est, 0) >= 100000;
	IF big THEN
		RAISE NOTICE 'fit %: scan 1 of 3 (ranges) over % (about % rows)', m_name, src, est::bigint;
	END IF;

	-- scan 1: row count, ranges, unknown levels
	q := format('SELECT ARRAY[count(*)::float8, %s], ARRAY[%s] FROM %s',
	            array_to_string(sel, ', '), array_to_string(sel_t, ', '), src);
	EXECUTE q INTO stats, examples;
	total := stats[1]::bigint;
	IF total = 0 THEN
		RAISE EXCEPTION 'source % has no rows', src
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Fit on a population of complaint customers.';
	END IF;
	big := total >= 100000;

	FOR j IN 1..n LOOP
		ind := inds[j];
		names := names || ind.name;
		cols := cols || ind.source_column;
		dims := dims || (array_position(dim_names, ind.dimension) - 1);
		dirs := dirs || CASE ind.direction WHEN 'benefit' THEN 0 WHEN 'cost' THEN 1 ELSE 2 END;
		trs := trs || CASE ind.transform WHEN 'log' THEN 1 ELSE 0 END;
		mn := stats[2 + 3 * (j - 1)];
		mx := stats[3 + 3 * (j - 1)];
		cnt := stats[4 + 3 * (j - 1)];
		IF ind.kind = 'qualitative' THEN
			IF mn > 0 THEN
				RAISE EXCEPTION 'column "%" of % has % row(s) with a level not known to indicator "%"',
					ind.source_column, src, mn::bigint, ind.name
					USING ERRCODE = 'invalid_parameter_value',
					      DETAIL = format('For example "%s"; the levels are %s.', examples[j], array_to_string(ind.levels, ', ')),
					      HINT = 'Map other values to a level in a view, or to NULL for the fitted default.';
			END IF;
			lo := lo || 0::float8;
			hi := hi || 0::float8;
			blo := blo || 0::float8;
			bhi := bhi || 0::float8;
			lstart := lstart || cardinality(lv);
			lcount := lcount || cardinality(ind.levels);
			lv := lv || ind.levels;
			IF ind.level_scores IS NOT NULL THEN
				ls := ls || ind.level_scores;
			ELSE
				ls := ls || ARRAY(SELECT CASE WHEN cardinality(ind.levels) = 1 THEN 1.0::float8
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
				lo := lo || ln(1 + mn);
				hi := hi || ln(1 + mx);
				blo := blo || CASE WHEN ind.direction = 'target' THEN ln(1 + ind.best_lo) ELSE 0 END;
				bhi := bhi || CASE WHEN ind.direction = 'target' THEN ln(1 + ind.best_hi) ELSE 0 END;
			ELSE
				lo := lo || mn;
				hi := hi || mx;
				blo := blo || coalesce(ind.best_lo, 0);
				bhi := bhi || coalesce(ind.best_hi, 0);
			END IF;
			lstart := lstart || 0;
			lcount := lcount || 0;
		END IF;
	END LOOP;

	-- dimension weights (given, or AHP priorities of the pairwise matrix)
	IF cfg.dimension_pairwise IS NOT NULL THEN
		dimw := ahp_weights(cfg.dimension_pairwise, cfg.ahp_method);
		dim_cr := (ahp_consistency(cfg.dimension_pairwise)).cr;
	ELSE
		dimw := cfg.dimension_weights;
	END IF;

	SELECT coalesce(max(mv.version), 0) + 1 INTO ver FROM complaint_tier.model_version mv WHERE mv.model = m_name;
	INSERT INTO complaint_tier.model_version (
		model, version, state, source, row_count,
		ind_name, ind_column, ind_dimension, ind_kind, ind_direction, ind_transform,
		ind_lo, ind_hi, ind_best_lo, ind_best_hi, ind_level_start, ind_level_count, levels, level_scores,
		ind_impute, ind_weight, ind_global_weight, ind_ideal, ind_anti_ideal,
		dim_weights, dimension_cr, weighting, methods, combine, grey_rho, vikor_v, fuzzy_operator, fuzzy_grades,
		stage_growth_months, stage_stable_months, stage_warning_satisfaction, credit_high, credit_low,
		frequent_complaints, unreasonable_threshold, good_faith_threshold, concordance_threshold)
	VALUES (
		m_name, ver, 'fitting', src::text, total,
		names, cols, dims, kinds, dirs, trs,
		lo, hi, blo, bhi, lstart, lcount, lv, ls,
		array_fill(0::float8, ARRAY[n]), array_fill(1::float8, ARRAY[n]), array_fill(1::float8, ARRAY[n]),
		array_fill(1::float8, ARRAY[n]), array_fill(0::float8, ARRAY[n]),
		dimw, dim_cr, cfg.weighting, cfg.methods, cfg.combine, cfg.grey_rho, cfg.vikor_v, cfg.fuzzy_operator, cfg.fuzzy_grades,
		cfg.stage_growth_months, cfg.stage_stable_months, cfg.stage_warning_satisfaction, cfg.credit_high, cfg.credit_low,
		cfg.frequent_complaints, cfg.unreasonable_threshold, cfg.good_faith_threshold, cfg.concordance_threshold);

	-- scan 2: one-pass statistics of the normalised indicators (layer 2)
	objective := CASE WHEN cfg.weighting = 'blend' THEN cfg.blend_objective ELSE cfg.weighting END;
	IF big THEN
		RAISE NOTICE 'fit %: scan 2 of 3 (statistics of the normalised indicators)', m_name;
	END IF;
	EXECUTE format('SELECT complaint_tier.indicator_stats(v), %s FROM (SELECT complaint_tier._normalised(%L, %s, _ct_src) AS v FROM %s _ct_src OFFSET 0) _ct_n',
	               CASE WHEN objective = 'entropy' THEN 'complaint_tier.entropy_weights(v)' ELSE 'NULL::float8[]' END,
	               m_name, ver, src)
		INTO st, ent;
	cnts := stats_count(st);
	means := stats_mean(st);
	mins := stats_min(st);
	maxs := stats_max(st);
	FOR j IN 1..n LOOP
		mn := coalesce(mins[j], 0);
		mx := coalesce(maxs[j], 0);
		impute := impute || coalesce(means[j], 0.5);
		ideal := ideal || mx;
		anti := anti || mn;
		constant_ind := constant_ind || (cnts[j] = 0 OR mx - mn <= 1e-12);
		IF constant_ind[j] THEN
			warns := warns || format('indicator "%s" is constant in %s: weight 0', names[j], src);
			RAISE WARNING 'indicator "%" of model "%" is constant in %: it gets weight 0', names[j], m_name, src;
		END IF;
	END LOOP;
	-- objective weights from the state; constant indicators get 0
	obj := array_fill(0::float8, ARRAY[n]);
	IF objective <> 'expert' AND false = ANY (constant_ind) THEN
		obj := CASE objective
		         WHEN 'critic' THEN critic_weights(st)
		         WHEN 'stddev' THEN stddev_weights(st)
		         WHEN 'pca' THEN pca_weights(st)
		         ELSE ent END;
		FOR j IN 1..n LOOP
			IF constant_ind[j] OR obj[j] IS NULL THEN
				obj[j] := 0;
			END IF;
		END LOOP;
	END IF;

	-- within-dimension weights
	subj := array_fill(0::float8, ARRAY[n]);
	w := array_fill(0::float8, ARRAY[n]);
	gw := array_fill(0::float8, ARRAY[n]);
	dim_has := ARRAY[false, false, false, false, false];
	FOR dd IN 0..4 LOOP
		x := 0;	-- sum of expert weights
		y := 0;	-- sum of objective weights
		FOR j IN 1..n LOOP
			IF dims[j] = dd THEN
				dim_has[dd + 1] := true;
				x := x + coalesce(inds[j].expert_weight, 0);
				y := y + obj[j];
			END IF;
		END LOOP;
		FOR j IN 1..n LOOP
			IF dims[j] = dd THEN
				subj[j] := CASE WHEN x > 0 THEN coalesce(inds[j].expert_weight, 0) / x ELSE 0 END;
				w[j] := CASE cfg.weighting
				          WHEN 'expert' THEN subj[j]
				          WHEN 'blend' THEN cfg.blend_alpha * subj[j]
				                            + (1 - cfg.blend_alpha) * CASE WHEN y > 0 THEN obj[j] / y ELSE 0 END
				          ELSE CASE WHEN y > 0 THEN obj[j] / y ELSE 0 END END;
				IF constant_ind[j] THEN
					w[j] := 0;
				END IF;
			END IF;
		END LOOP;
		-- renormalise within the dimension
		x := 0;
		FOR j IN 1..n LOOP
			IF dims[j] = dd THEN
				x := x + w[j];
			END IF;
		END LOOP;
		IF dim_has[dd + 1] THEN
			IF x > 0 THEN
				FOR j IN 1..n LOOP
					IF dims[j] = dd THEN
						w[j] := w[j] / x;
					END IF;
				END LOOP;
			ELSE
				IF dimw[dd + 1] > 0 THEN
					warns := warns || format('dimension %s carries no information in %s: weight 0', dim_names[dd + 1], src);
					RAISE WARNING 'dimension % of model "%" carries no information in %: it gets weight 0',
						dim_names[dd + 1], m_name, src;
				END IF;
				dimw[dd + 1] := 0;
				-- the dimension score is still shown: equal weights of its indicators
				k := 0;
				FOR j IN 1..n LOOP
					IF dims[j] = dd THEN
						k := k + 1;
					END IF;
				END LOOP;
				FOR j IN 1..n LOOP
					IF dims[j] = dd THEN
						w[j] := 1.0 / k;
					END IF;
				END LOOP;
			END IF;
		ELSIF dimw[dd + 1] > 0 THEN
			warns := warns || format('dimension %s has no indicator: its weight is shared among the others', dim_names[dd + 1]);
			RAISE WARNING 'dimension % of model "%" has no indicator: its weight % is shared among the others',
				dim_names[dd + 1], m_name, round(dimw[dd + 1]::numeric, 4);
			dimw[dd + 1] := 0;
		END IF;
	END LOOP;
	x := 0;
	FOR dd IN 1..5 LOOP
		x := x + dimw[dd];
	END LOOP;
	IF NOT x > 0 THEN
		RAISE EXCEPTION 'no indicator of model "%" separates the customers of %', m_name, src
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = 'Every weighted indicator is constant or has weight 0.',
			      HINT = 'Fit on a more varied population or revise the weights.';
	END IF;
	FOR dd IN 1..5 LOOP
		dimw[dd] := dimw[dd] / x;
	END LOOP;
	delta_max := 0;
	FOR j IN 1..n LOOP
		gw[j] := dimw[dims[j] + 1] * w[j];
		IF gw[j] > 0 THEN
			delta_max := greatest(delta_max, ideal[j] - anti[j]);
		END IF;
	END LOOP;
	IF obj = array_fill(0::float8, ARRAY[n]) THEN
		obj := NULL;
	ELSE
		-- report the objective weights normalised over all indicators
		x := 0;
		FOR j IN 1..n LOOP
			x := x + obj[j];
		END LOOP;
		FOR j IN 1..n LOOP
			obj[j] := obj[j] / x;
		END LOOP;
	END IF;

	UPDATE complaint_tier.model_version mv SET
		ind_impute = impute, ind_subjective = subj, ind_objective = obj, ind_weight = w, ind_global_weight = gw,
		ind_ideal = ideal, ind_anti_ideal = anti, dim_weights = dimw,
		grey_delta_min = 0, grey_delta_max = delta_max
	WHERE mv.model = m_name AND mv.version = ver;

	-- scan 3: every method's raw score per row
	IF big THEN
		RAISE NOTICE 'fit %: scan 3 of 3 (scores of %)', m_name, array_to_string(cfg.methods, ', ');
	END IF;
	IF to_regclass('pg_temp._ct_fit_scores') IS NOT NULL THEN
		DROP TABLE pg_temp._ct_fit_scores;
	END IF;
	IF to_regclass('pg_temp._ct_fit_methods') IS NOT NULL THEN
		DROP TABLE pg_temp._ct_fit_methods;
	END IF;
	EXECUTE format('CREATE TEMP TABLE _ct_fit_scores ON COMMIT DROP AS '
	               'SELECT complaint_tier._fit_scores(%L, %s, _ct_src) AS r FROM %s _ct_src',
	               m_name, ver, src);
	IF 'vikor' = ANY (cfg.methods) THEN
		SELECT min(r[4]), max(r[4]), min(r[5]), max(r[5]) INTO sb, sw, rb, rw FROM pg_temp._ct_fit_scores;
	END IF;
	nm := cardinality(cfg.methods);
	FOR kk IN 1..nm LOOP
		mexpr := mexpr || CASE cfg.methods[kk]
			WHEN 'weighted_sum' THEN 'r[1]'
			WHEN 'topsis' THEN 'r[2]'
			WHEN 'grey_relational' THEN 'r[3]'
			WHEN 'vikor' THEN format('1 - complaint_tier.vikor_q(r[4], r[5], %L, %L, %L, %L, %L)', sb, sw, rb, rw, cfg.vikor_v)
			ELSE 'r[6]' END;
	END LOOP;
	EXECUTE format('CREATE TEMP TABLE _ct_fit_methods ON COMMIT DROP AS SELECT ARRAY[%s]::float8[] AS s, r[7:11] AS d FROM pg_temp._ct_fit_scores',
	               array_to_string(mexpr, ', '));
	DROP TABLE pg_temp._ct_fit_scores;
	IF big THEN
		RAISE NOTICE 'fit %: quantiles, tier cut points and concordance', m_name;
	END IF;

	-- 1,001 quantiles of each method's score
	fractions := ARRAY(SELECT g / 1000.0 FROM generate_series(0, 1000) g)::float8[];
	FOR kk IN 1..nm LOOP
		EXECUTE format('SELECT percentile_cont($1) WITHIN GROUP (ORDER BY s[%s]) FROM pg_temp._ct_fit_methods', kk)
			INTO qk USING fractions;
		allq := allq || qk;
	END LOOP;

	-- the combined score of every row, by the C code evaluate() uses
	UPDATE complaint_tier.model_version mv SET quantiles = allq WHERE mv.model = m_name AND mv.version = ver;
	comb := format('complaint_tier._combine(%L, %s, s)', m_name, ver);

	-- tier cut points: overall, then per dimension
	SELECT * INTO sch FROM complaint_tier.tier_scheme ts WHERE ts.model = m_name AND ts.scope = 'overall';
	v_tier_labels := sch.labels;
	IF sch.shares IS NOT NULL THEN
		cum := ARRAY(SELECT sum(sh) OVER (ORDER BY i) FROM unnest(sch.shares[1:cardinality(sch.shares) - 1]) WITH ORDINALITY u(sh, i));
		EXECUTE format('SELECT percentile_cont($1) WITHIN GROUP (ORDER BY %s) FROM pg_temp._ct_fit_methods', comb)
			INTO v_tier_cuts USING cum;
	ELSE
		v_tier_cuts := sch.cuts;
	END IF;
	FOR kk IN 2..cardinality(v_tier_cuts) LOOP
		IF v_tier_cuts[kk] <= v_tier_cuts[kk - 1] THEN
			v_tier_cuts[kk] := v_tier_cuts[kk - 1] + 1e-9;
			warns := warns || format('tier "%s" is empty: ties in the combined score', v_tier_labels[kk]);
			RAISE WARNING 'tier "%" of model "%" is empty: the combined score has ties at its cut point', v_tier_labels[kk], m_name;
		END IF;
	END LOOP;
	FOR dd IN 1..5 LOOP
		IF NOT dim_has[dd] THEN
			CONTINUE;
		END IF;
		SELECT * INTO sch FROM complaint_tier.tier_scheme ts WHERE ts.model = m_name AND ts.scope = dim_names[dd];
		IF NOT FOUND THEN
			SELECT * INTO sch FROM complaint_tier.tier_scheme ts WHERE ts.model = m_name AND ts.scope = 'dimension';
			IF NOT FOUND THEN
				CONTINUE;
			END IF;
		END IF;
		IF sch.shares IS NOT NULL THEN
			cum := ARRAY(SELECT sum(sh) OVER (ORDER BY i) FROM unnest(sch.shares[1:cardinality(sch.shares) - 1]) WITH ORDINALITY u(sh, i));
			SELECT percentile_cont(cum) WITHIN GROUP (ORDER BY m.d[dd]) INTO cuts FROM pg_temp._ct_fit_methods m;
		ELSE
			cuts := sch.cuts;
		END IF;
		FOR kk IN 2..cardinality(cuts) LOOP
			IF cuts[kk] <= cuts[kk - 1] THEN
				cuts[kk] := cuts[kk - 1] + 1e-9;
				warns := warns || format('%s tier "%s" is empty: ties in the dimension score', dim_names[dd], sch.labels[kk]);
				RAISE WARNING '% tier "%" of model "%" is empty: the dimension score has ties at its cut point',
					dim_names[dd], sch.labels[kk], m_name;
			END IF;
		END LOOP;
		dt_count[dd] := cardinality(sch.labels);
		dt_labels := dt_labels || sch.labels;
		dt_cuts := dt_cuts || cuts;
	END LOOP;

	-- concordance of the methods: Kendall's W (tie-corrected, layer 2) and the
	-- Spearman matrix (Pearson's r of the average ranks), from one ranking
	-- pass; average rank of a tie group = (first rank + last rank) / 2
	IF nm > 1 THEN
		EXECUTE format('SELECT ARRAY[complaint_tier.kendall_w(ARRAY[%s]), %s] FROM (SELECT %s FROM (SELECT %s FROM pg_temp._ct_fit_methods) _ct_s) _ct_r',
		               (SELECT string_agg(format('r%s', g), ', ') FROM generate_series(1, nm) g),
		               (SELECT string_agg(format('corr(r%s, r%s)', g, h), ', ' ORDER BY g, h)
		                FROM generate_series(1, nm) g, generate_series(1, nm) h WHERE g < h),
		               (SELECT string_agg(format('(rank() OVER (ORDER BY a%1$s) + count(*) OVER (ORDER BY a%1$s)) / 2.0::float8 AS r%1$s', g), ', ')
		                FROM generate_series(1, nm) g),
		               (SELECT string_agg(format('s[%1$s] AS a%1$s', g), ', ') FROM generate_series(1, nm) g))
			INTO qk;
		kw := qk[1];
		sp := array_fill(1::float8, ARRAY[nm, nm]);
		k := 1;
		FOR a IN 1..nm LOOP
			FOR b IN a + 1..nm LOOP
				k := k + 1;
				sp[a][b] := qk[k];
				sp[b][a] := qk[k];
			END LOOP;
		END LOOP;
		agree := kw >= cfg.concordance_threshold;
		IF NOT agree THEN
			warns := warns || format('the methods disagree: Kendall W = %s < %s', round(kw::numeric, 4), cfg.concordance_threshold);
			RAISE WARNING 'the evaluation methods of model "%" disagree on %: Kendall W = % is below %',
				m_name, src, round(kw::numeric, 4), cfg.concordance_threshold;
		END IF;
	END IF;
	DROP TABLE pg_temp._ct_fit_methods;

	UPDATE complaint_tier.model_version mv SET
		state = 'ready', quantiles = allq,
		vikor_s_best = sb, vikor_s_worst = sw, vikor_r_best = rb, vikor_r_worst = rw,
		tier_labels = v_tier_labels, tier_cuts = v_tier_cuts,
		dim_tier_count = dt_count, dim_tier_labels = dt_labels, dim_tier_cuts = dt_cuts,
		kendall_w = kw, spearman = sp, methods_agree = agree, warnings = warns
	WHERE mv.model = m_name AND mv.version = ver;
	INSERT INTO complaint_tier.active_version AS av (model, version) VALUES (m_name, ver)
	ON CONFLICT ON CONSTRAINT active_version_pkey DO UPDATE SET version = EXCLUDED.version;
	RETURN ver;
END
$fit$;

COMMENT ON FUNCTION fit(text, regclass) IS
'fit a model on a source table or view in three scans (ranges; statistics and objective weights; method scores, quantiles, tier cut points, concordance), store it as a new immutable version and make it active; returns the version number';

CREATE FUNCTION activate(model text, version int)
RETURNS int
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, complaint_tier
AS $$
#variable_conflict use_column
BEGIN
	PERFORM 1 FROM complaint_tier.model_version mv
	WHERE mv.model = activate.model AND mv.version = activate.version AND mv.state = 'ready';
	IF NOT FOUND THEN
		RAISE EXCEPTION 'version % of model "%" does not exist', activate.version, activate.model
			USING ERRCODE = 'undefined_object',
			      HINT = 'The fitted versions are listed in complaint_tier.model_version.';
	END IF;
	INSERT INTO complaint_tier.active_version AS av (model, version) VALUES (activate.model, activate.version)
	ON CONFLICT ON CONSTRAINT active_version_pkey DO UPDATE SET version = EXCLUDED.version;
	RETURN activate.version;
END
$$;

COMMENT ON FUNCTION activate(text, int) IS
'make an earlier fitted version of a model the one evaluate() uses (roll back or forward); returns the version';
