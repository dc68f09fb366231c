-- fit's distribution phase (doc/fit.md, "How fit scans"): the method-score
-- quantiles, the tier cut points, the concordance of the methods and the
-- histogram of the combined score, all from mergeable aggregate states
-- (quantile_sketch, kendall_w, corr) computed in parallel scans of the
-- source, and per leaf partition when the source has foreign partitions.

CREATE FUNCTION _fit_state_query(source regclass, per_row text, agg text)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog
RETURN CASE
	-- per leaf only when a leaf is a foreign table (whose query postgres_fdw
	-- then ships whole); local partitions are read through the parent, so
	-- that SELECT on the parent is all fit needs
	WHEN (SELECT c.relkind FROM pg_class c WHERE c.oid = source) = 'p'
	     AND EXISTS (SELECT FROM pg_partition_tree(source) t JOIN pg_class c ON c.oid = t.relid
	                 WHERE t.isleaf AND c.relkind = 'f') THEN
		(SELECT format('SELECT complaint_tier.merge(_ct_s) FROM (%s) _ct_p',
		               string_agg(format('SELECT %s AS _ct_s FROM %s _ct_src %s', agg, t.relid::regclass, per_row), ' UNION ALL '
		                          ORDER BY t.relid::regclass::text))
		 FROM pg_partition_tree(source) t WHERE t.isleaf)
	ELSE format('SELECT %s FROM %s _ct_src %s', agg, source, per_row)
END;

COMMENT ON FUNCTION _fit_state_query(regclass, text, text) IS
'internal (fit): the query of one mergeable aggregate agg over the rows _ct_src of source joined to per_row (LATERAL calls that compute each row''s values once, keeping partial aggregation in parallel plans): on a partitioned table with a foreign leaf partition one aggregate per leaf partition (pushed whole to a postgres_fdw foreign partition) merged with merge(), else one aggregate over source (local partitions through the parent, so that SELECT on the parent suffices)';

CREATE FUNCTION _kendall_w_of_stats(s indicator_stats)
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_kendall_w_of_stats_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _kendall_w_of_stats(indicator_stats) IS
'internal (fit): Kendall''s W of the complete rows of an indicator_stats state of m >= 2 rankings (average ranks), tie-corrected as kendall_w and without its check that the ranks sum to n (n + 1) / 2 (ranks estimated from a quantile sketch need not): the concordance scan takes W and the Spearman matrix from one state of the ranks';

CREATE FUNCTION _fit_vikor_sr(version model_version, customer record)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fit_vikor_sr_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _fit_vikor_sr(model_version, record) IS
'internal (fit): VIKOR''s {S, R} of one row, the elements 4 and 5 of _fit_scores, without computing the other methods (the scan of the S and R ranges)';

CREATE FUNCTION _fit_method_scores(version model_version, customer record)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fit_method_scores_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _fit_method_scores(model_version, record) IS
'internal (fit): the values of one row for the method sketch in one call, {each method''s score in model order (VIKOR as 1 - vikor_q with the version''s S and R ranges), each dimension''s score (NULL without indicators)}: what ARRAY[...] || r[7:6 + n_dim] over _fit_scores gives';

CREATE FUNCTION _fit_final(version model_version, customer record, methods quantile_sketch)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fit_final_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _fit_final(model_version, record, quantile_sketch) IS
'internal (fit): the last scan''s values of one row in one call, {combined score, the average rank of each method''s score in the methods sketch}: the numbers _combine(version, scores) and _sketch_avg_ranks(methods, scores) give for the row''s method scores (VIKOR as 1 - vikor_q with the version''s S and R ranges)';

-- fit's last pass from memory (ct_fitkeep_pg.c): the method sketch scan
-- keeps each row's method scores, up to a budget (maintenance_work_mem),
-- and the combined score's sketch and the rank statistics come from them
-- instead of another scan of the source
CREATE FUNCTION _fit_keep_accum(internal, float8[], int, bigint)
RETURNS internal
AS 'MODULE_PATHNAME', 'ct_fit_keep_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION _fit_keep_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'ct_fit_keep_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION _fit_keep_serial(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'ct_fit_keep_serial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION _fit_keep_deserial(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'ct_fit_keep_deserial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION _fit_keep_final(internal)
RETURNS bigint
AS 'MODULE_PATHNAME', 'ct_fit_keep_final'
LANGUAGE C VOLATILE PARALLEL SAFE;	-- hands the kept block to the transaction

COMMENT ON FUNCTION _fit_keep_accum(internal, float8[], int, bigint) IS
'internal: transition function of _fit_keep (a row''s first nm values, NULL as NaN, appended to the state''s chunks while within the budget)';
COMMENT ON FUNCTION _fit_keep_combine(internal, internal) IS
'internal: combine function of _fit_keep (the second state''s rows after the first''s; over the budget, nothing kept)';
COMMENT ON FUNCTION _fit_keep_serial(internal) IS
'internal: serial function of _fit_keep (width, over-budget flag, budget, row count, then the rows'' doubles)';
COMMENT ON FUNCTION _fit_keep_deserial(bytea, internal) IS
'internal: deserial function of _fit_keep (a malformed state is refused with XX001, data_corrupted)';
COMMENT ON FUNCTION _fit_keep_final(internal) IS
'internal: final function of _fit_keep (hands the kept rows to the transaction as a block and returns its number; NULL when nothing was kept)';

CREATE AGGREGATE _fit_keep(scores float8[], nm int, budget bigint) (
	SFUNC = _fit_keep_accum,
	STYPE = internal,
	FINALFUNC = _fit_keep_final,
	COMBINEFUNC = _fit_keep_combine,
	SERIALFUNC = _fit_keep_serial,
	DESERIALFUNC = _fit_keep_deserial,
	FINALFUNC_MODIFY = READ_WRITE,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE _fit_keep(float8[], int, bigint) IS
'internal (fit): keeps the first nm elements of every row''s scores (the method scores of _fit_method_scores, or scan 2''s normalised indicators; a NULL as NaN) in the order the rows came, in a block of this backend''s memory that lasts until _fit_final_kept takes it or the transaction ends, and returns its number; NULL when they would take more than budget bytes (or there are no rows)';

CREATE FUNCTION _fit_kept_release(kept bigint)
RETURNS void
AS 'MODULE_PATHNAME', 'ct_fit_kept_release_sql'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;

COMMENT ON FUNCTION _fit_kept_release(bigint) IS
'internal (fit): frees a block _fit_keep kept in this transaction (nothing when there is no block of that number)';

CREATE FUNCTION _fit_vikor_sr_kept(version model_version, kept bigint)
RETURNS indicator_stats
AS 'MODULE_PATHNAME', 'ct_fit_vikor_sr_kept_sql'
LANGUAGE C STABLE STRICT PARALLEL UNSAFE;

COMMENT ON FUNCTION _fit_vikor_sr_kept(model_version, bigint) IS
'internal (fit): the indicator_stats of VIKOR''s {S, R} of every row of a block of normalised indicators kept by _fit_keep (NaN: imputed), in the kept order: what the scan of _fit_vikor_sr aggregates; the block stays';

CREATE FUNCTION _fit_method_scores_kept(version model_version, kept bigint, budget bigint,
                                        OUT methods quantile_sketch, OUT scores bigint)
AS 'MODULE_PATHNAME', 'ct_fit_method_scores_kept_sql'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;

COMMENT ON FUNCTION _fit_method_scores_kept(model_version, bigint, bigint) IS
'internal (fit): from a block of normalised indicators kept by _fit_keep (NaN: imputed), what the method sketch scan computes: the quantile_sketch of every row''s _fit_method_scores values and the block of its method scores for _fit_final_kept (NULL above budget bytes); the normalised block is freed';

CREATE FUNCTION _fit_final_kept(version model_version, kept bigint, methods quantile_sketch,
                                OUT combined quantile_sketch, OUT ranks indicator_stats)
AS 'MODULE_PATHNAME', 'ct_fit_final_kept_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _fit_final_kept(model_version, bigint, quantile_sketch) IS
'internal (fit): what the last scan (_fit_final per row) aggregates, from the method scores kept by _fit_keep (its number; the block is freed): the quantile_sketch of the combined scores and, with two methods or more, the indicator_stats of the methods'' average ranks in the methods sketch (NULL with one method), the rows taken in the kept order';

CREATE FUNCTION _fit_distribution(m_name text, v model_version, source regclass, big boolean,
                                  kept_normalised bigint,
                                  OUT version model_version, OUT warnings text[])
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, complaint_tier
AS $fd$
DECLARE
	src ALIAS FOR $3;
	nd int := cardinality(v.dim_names);
	nm int := cardinality(v.methods);
	vlit text;
	scores text;
	sb float8;
	sw float8;
	rb float8;
	rw float8;
	mexpr text[] := '{}';
	sm complaint_tier.quantile_sketch;		-- methods, then dimensions
	sc complaint_tier.quantile_sketch;		-- the combined score
	fractions float8[];
	allq float8[] := '{}';
	sch complaint_tier.tier_scheme;
	cum float8[];
	cuts float8[];
	cnt bigint[];
	empty text[];
	dwarn text[] := '{}';
	dmsg text[] := '{}';
	qk float8[];
	kw float8;
	sp float8[];
	agree boolean;
	mn float8;
	dq float8[];
	edges float8[];
	total bigint := v.row_count;
	t0 timestamptz := clock_timestamp();
	push boolean := complaint_tier._fit_pushdown(source);
	rr text := 'r';		-- each row's raw scores in the aggregates' arguments
	ist complaint_tier.indicator_stats;
	kept bigint;	-- the block of every row's method scores (_fit_keep), when they fit in the budget
	budget bigint := pg_size_bytes(current_setting('maintenance_work_mem'));
BEGIN
	warnings := '{}';
	vlit := format('%L::complaint_tier.model_version', v);
	-- each row's raw scores r, computed once (a LATERAL call keeps the
	-- aggregates partial in parallel plans, which a subquery would not)
	scores := format('CROSS JOIN LATERAL complaint_tier._fit_scores(%s, _ct_src) AS _ct_f(r)', vlit);
	IF push THEN
		-- over foreign partitions: a shippable call in the aggregates'
		-- arguments instead of a LATERAL join (815_fit_pushdown.sql)
		scores := '';
		rr := format('(complaint_tier._fit_scores_v(%L::jsonb, %s))', to_jsonb(v), complaint_tier._fit_values(v));
	END IF;
	-- VIKOR's Q needs the population's best and worst S and R first
	IF 'vikor' = ANY (v.methods) THEN
		IF big AND kept_normalised IS NOT NULL THEN
			RAISE NOTICE 'fit %: VIKOR S and R ranges from the normalised indicators kept in memory (no scan) after % s', m_name,
				round(extract(epoch FROM clock_timestamp() - now())::numeric, 1);
		ELSIF big THEN
			RAISE NOTICE 'fit %: scan 3 (VIKOR S and R ranges) after % s', m_name,
				round(extract(epoch FROM clock_timestamp() - now())::numeric, 1);
		END IF;
		PERFORM set_config('complaint_tier.progress_phase', format('fit %s, scan 3 (VIKOR ranges)', m_name), true);
		-- the extremes only: indicator_stats is mergeable and cheaper than a sketch
		IF kept_normalised IS NOT NULL THEN
			ist := complaint_tier._fit_vikor_sr_kept(v, kept_normalised);
		ELSIF push THEN
			EXECUTE complaint_tier._fit_state_query(src, scores, format('complaint_tier.indicator_stats(ARRAY[%1$s[4], %1$s[5]])', rr))
				INTO ist;
		ELSE
			-- S and R alone (_fit_vikor_sr: the other methods are not computed)
			EXECUTE complaint_tier._fit_state_query(src,
				format('CROSS JOIN LATERAL complaint_tier._fit_vikor_sr(%s, _ct_src) AS _ct_v(r)', vlit),
				'complaint_tier.indicator_stats(_ct_v.r)')
				INTO ist;
		END IF;
		sb := (stats_min(ist))[1];
		sw := (stats_max(ist))[1];
		rb := (stats_min(ist))[2];
		rw := (stats_max(ist))[2];
	END IF;
	FOR kk IN 1..nm LOOP
		mexpr := mexpr || CASE v.methods[kk]
			WHEN 'weighted_sum' THEN rr || '[1]'
			WHEN 'topsis' THEN rr || '[2]'
			WHEN 'grey_relational' THEN rr || '[3]'
			WHEN 'vikor' THEN format('1 - complaint_tier.vikor_q(%1$s[4], %1$s[5], %2$L, %3$L, %4$L, %5$L, %6$L)', rr, sb, sw, rb, rw, v.vikor_v)
			WHEN 'dea' THEN format('%s[%s]', rr, 7 + nd)	-- after the dimension scores (710_model_dea.sql)
			WHEN 'priority' THEN format('%s[%s]', rr, 8 + nd)	-- after dea
			WHEN 'possibility_satisfaction' THEN format('%s[%s]', rr, 9 + nd)	-- after priority
			ELSE rr || '[6]' END;
	END LOOP;

	-- the methods' scores and the dimension scores: one sketch
	IF big AND kept_normalised IS NOT NULL THEN
		RAISE NOTICE 'fit %: sketch of the scores of % from the normalised indicators kept in memory (no scan) after % s', m_name,
			array_to_string(v.methods, ', '),
			round(extract(epoch FROM clock_timestamp() - now())::numeric, 1);
	ELSIF big THEN
		RAISE NOTICE 'fit %: scan % (sketch of the scores of %) after % s', m_name,
			CASE WHEN sb IS NULL THEN 3 ELSE 4 END, array_to_string(v.methods, ', '),
			round(extract(epoch FROM clock_timestamp() - now())::numeric, 1);
	END IF;
	PERFORM set_config('complaint_tier.progress_phase', format('fit %s, method score sketch', m_name), true);
	IF push THEN
		EXECUTE complaint_tier._fit_state_query(src, scores,
			format('complaint_tier.quantile_sketch_dist(ARRAY[%s]::float8[] || %s[7:%s])', array_to_string(mexpr, ', '), rr, 6 + nd))
			INTO sm;
	ELSE
		-- the same values in one call per row (_fit_method_scores: VIKOR's
		-- 1 - Q with the ranges of scan 3, set in the version it is passed);
		-- _fit_keep keeps the method scores for the last pass when they
		-- fit in maintenance_work_mem (8 bytes per method and row; more
		-- rows than the first scan counted give up keeping)
		budget := CASE WHEN total * nm * 8 <= budget THEN total * nm * 8 ELSE 0 END;
		v.vikor_s_best := sb;
		v.vikor_s_worst := sw;
		v.vikor_r_best := rb;
		v.vikor_r_worst := rw;
		IF kept_normalised IS NOT NULL THEN
			-- from memory: every row evaluated from its kept normalised
			-- indicators (_fit_method_scores_kept), which are freed
			SELECT f.methods, f.scores INTO sm, kept
			FROM complaint_tier._fit_method_scores_kept(v, kept_normalised, budget) f;
		ELSE
		EXECUTE format('SELECT complaint_tier.quantile_sketch_dist(_ct_m.r), %s '
		               'FROM %s _ct_src CROSS JOIN LATERAL complaint_tier._fit_method_scores(%L::complaint_tier.model_version, _ct_src) AS _ct_m(r)',
		               CASE WHEN budget > 0 THEN format('complaint_tier._fit_keep(_ct_m.r, %s, %s)', nm, budget) ELSE 'NULL::bigint' END,
		               src, v)
			INTO sm, kept;
		END IF;
	END IF;

	-- 1,001 quantiles of each method's score
	fractions := ARRAY(SELECT g / 1000.0 FROM generate_series(0, 1000) g)::float8[];
	FOR kk IN 1..nm LOOP
		allq := allq || sketch_quantiles(sm, kk, fractions);
	END LOOP;
	v.quantiles := allq;
	v.vikor_s_best := sb;
	v.vikor_s_worst := sw;
	v.vikor_r_best := rb;
	v.vikor_r_worst := rw;

	-- dimension tier cut points (their scores do not depend on the quantiles)
	v.dim_tier_count := array_fill(0, ARRAY[nd]);
	v.dim_tier_labels := '{}';
	v.dim_tier_cuts := '{}';
	FOR dd IN 1..nd LOOP
		IF array_position(v.ind_dimension, dd - 1) IS NULL THEN
			CONTINUE;
		END IF;
		SELECT * INTO sch FROM complaint_tier.tier_scheme ts WHERE ts.model = m_name AND ts.scope = v.dim_names[dd];
		IF NOT FOUND THEN
			SELECT * INTO sch FROM complaint_tier.tier_scheme ts WHERE ts.model = m_name AND ts.scope = 'dimension';
			IF NOT FOUND THEN
				CONTINUE;
			END IF;
		END IF;
		IF sch.shares IS NOT NULL THEN
			cum := ARRAY(SELECT sum(sh) OVER (ORDER BY i) FROM unnest(sch.shares[1:cardinality(sch.shares) - 1]) WITH ORDINALITY u(sh, i));
			cuts := complaint_tier._fix_cuts(sketch_quantiles(sm, nm + dd, cum));
		ELSE
			cuts := sch.cuts;
		END IF;
		cnt := sketch_histogram(sm, nm + dd, coalesce(cuts, '{}'));
		empty := ARRAY(SELECT l FROM unnest(sch.labels) WITH ORDINALITY x(l, i)
		               WHERE cuts IS NULL OR cnt[i] = 0 ORDER BY i);
		IF cardinality(empty) > 0 THEN
			dwarn := dwarn || format('%s tier %s is empty in %s', v.dim_names[dd], array_to_string(ARRAY(SELECT format('"%s"', e) FROM unnest(empty) e), ', '), src);
			dmsg := dmsg || format('%s tier %s of model "%s" is empty in %s',
				v.dim_names[dd], array_to_string(ARRAY(SELECT format('"%s"', e) FROM unnest(empty) e), ', '), m_name, src);
		END IF;
		v.dim_tier_count[dd] := cardinality(sch.labels);
		v.dim_tier_labels := v.dim_tier_labels || sch.labels;
		v.dim_tier_cuts := v.dim_tier_cuts || cuts;
	END LOOP;

	-- the combined score of every row (the C code evaluate() uses, with the
	-- quantiles above) and the methods' average ranks, in one scan:
	-- Kendall's W (tie-corrected) and the Spearman matrix (Pearson's r of
	-- the average ranks)
	IF big AND kept IS NOT NULL THEN
		RAISE NOTICE 'fit %: combined score and concordance of % rows from the method scores kept in memory (no scan %) after % s',
			m_name, total, CASE WHEN sb IS NULL THEN 4 ELSE 5 END,
			round(extract(epoch FROM clock_timestamp() - now())::numeric, 1);
	ELSIF big THEN
		RAISE NOTICE 'fit %: scan % (combined score and concordance of % rows) after % s', m_name,
			CASE WHEN sb IS NULL THEN 4 ELSE 5 END, total,
			round(extract(epoch FROM clock_timestamp() - now())::numeric, 1);
	END IF;
	PERFORM set_config('complaint_tier.progress_phase', format('fit %s, combined score and concordance', m_name), true);
	vlit := format('%L::complaint_tier.model_version', v);
	IF push THEN
		-- the combined score through _combine_v, the concordance from
		-- mergeable states (Spearman: Pearson's r of the average ranks from
		-- the merged indicator_stats)
		vlit := format('%L::jsonb', to_jsonb(v));
	END IF;
	IF kept IS NOT NULL THEN
		-- the same values from the kept method scores, in the order the
		-- method sketch scan read them (_fit_final_kept): no further scan
		SELECT f.combined, f.ranks INTO sc, ist
		FROM complaint_tier._fit_final_kept(v, kept, complaint_tier._sketch_columns(sm, nm)) f;
		kept := NULL;
	ELSIF nm > 1 THEN
		-- each row ranked once, in one indicator_stats of the ranks: Kendall's
		-- W from its moments (_kendall_w_of_stats), the Spearman matrix as the
		-- ranks' Pearson correlations; over foreign partitions per partition
		-- and merged, else one LATERAL call per row (ComplaintTierEvaluateJoin,
		-- partial aggregates in parallel plans; a subquery computing the ranks
		-- once would stop both).  $1: the method columns of the sketch only,
		-- in every shard's query
		IF push THEN
			EXECUTE complaint_tier._fit_push_query(src,
				format('complaint_tier.quantile_sketch_dist(complaint_tier._combine_v(%1$s, ARRAY[%2$s]::float8[])) AS _ct_s, '
				       'complaint_tier.indicator_stats(complaint_tier._sketch_avg_ranks($1, ARRAY[%2$s]::float8[])) AS _ct_i',
				       vlit, array_to_string(mexpr, ', ')),
				'complaint_tier.merge(_ct_s), complaint_tier.merge(_ct_i)')
				INTO sc, ist USING complaint_tier._sketch_columns(sm, nm);
		ELSE
			-- one call per row gives the combined score and the ranks
			-- (_fit_final: the method scores are not built as arrays twice)
			EXECUTE format('SELECT complaint_tier.quantile_sketch_dist(_ct_f.r[1]), '
			               'complaint_tier.indicator_stats(_ct_f.r[2:%1$s]) '
			               'FROM %2$s _ct_src CROSS JOIN LATERAL complaint_tier._fit_final(%3$s, _ct_src, $1) AS _ct_f(r)',
			               nm + 1, src, vlit)
				INTO sc, ist USING complaint_tier._sketch_columns(sm, nm);
		END IF;
	ELSE
		EXECUTE complaint_tier._fit_state_query(src, scores,
			format('complaint_tier.quantile_sketch_dist(complaint_tier.%s(%s, ARRAY[%s]::float8[]))',
			       CASE WHEN push THEN '_combine_v' ELSE '_combine' END, vlit, array_to_string(mexpr, ', ')))
			INTO sc;
	END IF;
	IF nm > 1 THEN
		kw := complaint_tier._kendall_w_of_stats(ist);
		sp := array_fill(1::float8, ARRAY[nm, nm]);
		qk := ARRAY(SELECT unnest(complaint_tier.correlation_matrix(ist)));
		FOR a IN 1..nm LOOP
			FOR b IN a + 1..nm LOOP
				sp[a][b] := qk[(a - 1) * nm + b];
				sp[b][a] := qk[(a - 1) * nm + b];
			END LOOP;
		END LOOP;
		agree := kw >= v.concordance_threshold;
	END IF;

	-- overall tier cut points; ties move a cut up by 1e-9 (C), and the bands
	-- that end up empty are counted from the sketch
	SELECT * INTO sch FROM complaint_tier.tier_scheme ts WHERE ts.model = m_name AND ts.scope = 'overall';
	v.tier_labels := sch.labels;
	IF sch.shares IS NOT NULL THEN
		cum := ARRAY(SELECT sum(sh) OVER (ORDER BY i) FROM unnest(sch.shares[1:cardinality(sch.shares) - 1]) WITH ORDINALITY u(sh, i));
		cuts := complaint_tier._fix_cuts(sketch_quantiles(sc, 1, cum));
	ELSE
		cuts := sch.cuts;
	END IF;
	v.tier_cuts := cuts;
	cnt := sketch_histogram(sc, 1, coalesce(cuts, '{}'));
	empty := ARRAY(SELECT l FROM unnest(v.tier_labels) WITH ORDINALITY x(l, i) WHERE cnt[i] = 0 ORDER BY i);
	IF cardinality(empty) > 0 THEN
		warnings := warnings || format('tier %s is empty in %s', array_to_string(ARRAY(SELECT format('"%s"', e) FROM unnest(empty) e), ', '), src);
		RAISE WARNING 'tier % of model "%" is empty in %', array_to_string(ARRAY(SELECT format('"%s"', e) FROM unnest(empty) e), ', '), m_name, src;
	END IF;
	-- in the order of the earlier releases: overall tiers, dimension tiers,
	-- concordance
	warnings := warnings || dwarn;
	FOR i IN 1..cardinality(dmsg) LOOP
		RAISE WARNING '%', dmsg[i];
	END LOOP;
	IF NOT agree THEN
		warnings := warnings || format('the methods disagree: Kendall W = %s < %s', round(kw::numeric, 4), v.concordance_threshold);
		RAISE WARNING 'the evaluation methods of model "%" disagree on %: Kendall W = % is below %',
			m_name, src, round(kw::numeric, 4), v.concordance_threshold;
	END IF;

	-- the combined score's histogram for compare(): cut at its distinct
	-- deciles above the minimum (percentile_disc), a value equal to an edge
	-- in the upper bin, then the rows without a score
	mn := (sketch_min(sc))[1];
	dq := _sketch_quantiles_disc(sc, 1, '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}');
	edges := ARRAY(SELECT d FROM unnest(dq) d WHERE d > mn GROUP BY d ORDER BY d);
	v.hist_edges := edges;
	v.hist_counts := sketch_histogram(sc, 1, edges) || (total - (sketch_count(sc))[1]);

	v.kendall_w := kw;
	v.spearman := sp;
	v.methods_agree := agree;
	PERFORM set_config('complaint_tier.progress_phase', '', true);
	version := v;
END
$fd$;

COMMENT ON FUNCTION _fit_distribution(text, model_version, regclass, boolean, bigint) IS
'internal (fit): the method-score quantiles, VIKOR ranges, dimension and overall tier cut points, Kendall''s W, the Spearman matrix and the combined score''s histogram of a version being fitted, from quantile_sketch states of parallel scans of the source (one per leaf partition of a partitioned source), or from the block of normalised indicators kept_normalised of scan 2 and the method scores kept after it (_fit_keep), with the warnings it raised';

-- compare()'s histograms of the fitted population (603_compare.sql), from
-- the sketches of fit's first scan
CREATE FUNCTION _fit_histograms(v model_version, sketches quantile_sketch[])
RETURNS model_version
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $$
DECLARE
	n int := cardinality(v.ind_name);
	fr float8[] := '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}';
	edges text[] := '{}';		-- per item (score, indicators): its inner edges, a float8[] literal
	e float8[];
	cnt bigint[];
	sk quantile_sketch;
	skc bigint[];
	skm float8[];
	c int;
BEGIN
	-- the combined score: fit passes its histogram in hist_edges (the inner
	-- edges) and hist_counts (per bin, then NULLs), from its quantile sketch
	-- (_fit_distribution)
	edges := edges || v.hist_edges::text;
	cnt := v.hist_counts;
	-- each indicator, from the sketch of its values that fit's first scan
	-- took (column j of sketch (j - 1) / 64 + 1): a quantitative one is cut
	-- at its distinct deciles above the minimum (percentile_disc), a
	-- qualitative one (sketched as its level's position) has a bin per
	-- level; the counts per bin come from the same sketch (exact below
	-- 16,384 rows, else within its rank-error bound), then the NULLs
	FOR j IN 1..n LOOP
		c := (j - 1) % 64 + 1;
		IF c = 1 THEN
			sk := sketches[(j - 1) / 64 + 1];
			skc := sketch_count(sk);
			skm := sketch_min(sk);
		END IF;
		IF v.ind_kind[j] = 1 THEN
			e := ARRAY(SELECT g - 0.5 FROM generate_series(1, v.ind_level_count[j] - 1) g);
		ELSIF skc[c] = 0 THEN
			e := '{}';
		ELSE
			e := ARRAY(SELECT d FROM unnest(_sketch_quantiles_disc(sk, c, fr)) d
			           WHERE d > skm[c] GROUP BY d ORDER BY d);
		END IF;
		edges := edges || e::text;
		cnt := cnt || sketch_histogram(sk, c, e) || (v.row_count - skc[c]);
	END LOOP;
	v.hist_bins := ARRAY(SELECT cardinality(x::float8[]) + 1 FROM unnest(edges) x);
	v.hist_edges := ARRAY(SELECT d FROM unnest(edges) WITH ORDINALITY x(a, i), unnest(a::float8[]) d ORDER BY i);
	v.hist_counts := cnt;
	RETURN v;
END
$$;

COMMENT ON FUNCTION _fit_histograms(model_version, quantile_sketch[]) IS
'internal (fit, with the combined score''s histogram in hist_edges and hist_counts, and the sketches of the indicators'' values from its first scan): the fitted population''s histograms of the combined score and of every indicator (hist_bins, hist_edges, hist_counts) for compare()';
