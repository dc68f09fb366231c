-- fit's passes from memory (doc/sketch.md, "How fit scans"): scan 2 keeps
-- every row's normalised indicators and the method sketch pass every row's
-- method scores (_fit_keep) while they fit in maintenance_work_mem;
-- _fit_vikor_sr_kept, _fit_method_scores_kept and _fit_final_kept compute
-- from them what the scans of _fit_vikor_sr, _fit_method_scores and
-- _fit_final aggregated: the same bytes in a serial plan, every row once in
-- a parallel one; clear errors.
SET search_path = complaint_tier, public;
\set SHOW_CONTEXT never

-- 20,000 customers: the sketches compact, so the order of the rows counts
CREATE TABLE fk_src AS SELECT * FROM sample_customers(20000, 5);
ANALYZE fk_src;
SELECT define_model('fk_telecom', model_spec('telecom') - 'rules' - 'strategies') AS copy;
SET client_min_messages = warning;
SELECT fit('fk_telecom', 'fk_src') AS v1 \gset
RESET client_min_messages;
-- the fitted version as fit passes it to its last pass: quantiles and
-- VIKOR's ranges set, not yet fitted
CREATE TEMP TABLE fk_v AS
SELECT mv AS v FROM model_version mv WHERE mv.model = 'fk_telecom' AND mv.version = :v1;
UPDATE fk_v SET v.state = 'fitting';
SELECT v AS fk_vtext FROM fk_v \gset
CREATE TEMP TABLE fk_sk AS
SELECT _sketch_columns(quantile_sketch_dist(m.r), 4) AS s
FROM fk_src c CROSS JOIN LATERAL _fit_method_scores(:'fk_vtext', c) m(r);
SELECT s AS fk_stext FROM fk_sk \gset

-- serial: the sketch of the combined score and the rank statistics equal
-- the last scan's, byte for byte
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE fk_scan AS
SELECT quantile_sketch_dist(f.r[1]) AS combined, indicator_stats(f.r[2:5]) AS ranks
FROM fk_src c CROSS JOIN LATERAL _fit_final(:'fk_vtext', c, :'fk_stext') f(r);
BEGIN;
SELECT _fit_keep(m.r, 4, 20000 * 4 * 8) AS kept
FROM fk_src c CROSS JOIN LATERAL _fit_method_scores(:'fk_vtext', c) m(r) \gset
CREATE TEMP TABLE fk_kept AS SELECT * FROM _fit_final_kept(:'fk_vtext', :kept, :'fk_stext');
-- taken once: the block is freed
SELECT * FROM _fit_final_kept(:'fk_vtext', :kept, :'fk_stext');
ROLLBACK;
BEGIN;
SELECT _fit_keep(m.r, 4, 20000 * 4 * 8) AS kept
FROM fk_src c CROSS JOIN LATERAL _fit_method_scores(:'fk_vtext', c) m(r) \gset
CREATE TEMP TABLE fk_kept AS SELECT * FROM _fit_final_kept(:'fk_vtext', :kept, :'fk_stext');
COMMIT;
SELECT quantile_sketch_send(k.combined) = quantile_sketch_send(s.combined) AS combined_same_bytes,
       indicator_stats_send(k.ranks) = indicator_stats_send(s.ranks) AS ranks_same_bytes,
       (sketch_count(k.combined))[1] AS rows,
       sketch_rank_error(k.combined) <> '{0}' AS compacted
FROM fk_kept k, fk_scan s;
-- the block lasts as long as the transaction that kept it
SELECT * FROM _fit_final_kept(:'fk_vtext', :kept, :'fk_stext');

-- the normalised indicators kept (NULL inputs as NaN: the version imputes
-- them): VIKOR's S and R, the method sketch and the method scores from
-- them equal the scans', byte for byte
BEGIN;
SELECT _fit_keep(n.v, cardinality((:'fk_vtext'::model_version).ind_name), 20000 * 8 * 12) AS kn
FROM fk_src c CROSS JOIN LATERAL _normalised(:'fk_vtext', c) n(v) \gset
SELECT indicator_stats_send(_fit_vikor_sr_kept(:'fk_vtext', :kn))
       = (SELECT indicator_stats_send(indicator_stats(s.r)) FROM fk_src c CROSS JOIN LATERAL _fit_vikor_sr(:'fk_vtext', c) s(r))
       AS vikor_sr_same_bytes;
CREATE TEMP TABLE fk_ms AS SELECT * FROM _fit_method_scores_kept(:'fk_vtext', :kn, 20000 * 4 * 8);
SELECT quantile_sketch_send(m.methods)
       = (SELECT quantile_sketch_send(quantile_sketch_dist(x.r)) FROM fk_src c CROSS JOIN LATERAL _fit_method_scores(:'fk_vtext', c) x(r))
       AS method_sketch_same_bytes,
       (SELECT quantile_sketch_send(f.combined) = quantile_sketch_send(s.combined)
               AND indicator_stats_send(f.ranks) = indicator_stats_send(s.ranks)
        FROM _fit_final_kept(:'fk_vtext', m.scores, :'fk_stext') f, fk_scan s) AS final_same_bytes
FROM fk_ms m;
-- the normalised block is taken by the method sketch pass
SELECT _fit_vikor_sr_kept(:'fk_vtext', :kn);
ROLLBACK;
-- a row more than the budget: nothing kept
SELECT _fit_keep(m.r, 4, 20000 * 4 * 8 - 1) IS NULL AS over_budget
FROM fk_src c CROSS JOIN LATERAL _fit_method_scores(:'fk_vtext', c) m(r);
SELECT _fit_keep(ARRAY[1.0, 2.0]::float8[], 2, 1000) IS NULL AS no_rows FROM fk_src WHERE false;

-- parallel: the workers' rows are combined, each row once (counts,
-- extremes and moments of the ranks as in the serial pass)
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
CREATE FUNCTION fk_plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE l text;
BEGIN
	FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
		RETURN NEXT left(l, 60);	-- the nodes, not the version's literal
	END LOOP;
END
$f$;
SELECT * FROM fk_plan(format('SELECT quantile_sketch_dist(m.r), _fit_keep(m.r, 4, 20000 * 4 * 8) '
                             'FROM fk_src c CROSS JOIN LATERAL _fit_method_scores(%L, c) m(r)', :'fk_vtext'));
BEGIN;
SELECT _fit_keep(m.r, 4, 20000 * 4 * 8) AS kept
FROM fk_src c CROSS JOIN LATERAL _fit_method_scores(:'fk_vtext', c) m(r) \gset
CREATE TEMP TABLE fk_par AS SELECT * FROM _fit_final_kept(:'fk_vtext', :kept, :'fk_stext');
COMMIT;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
SELECT sketch_count(p.combined) = sketch_count(s.combined) AS same_count,
       sketch_min(p.combined) = sketch_min(s.combined) AND sketch_max(p.combined) = sketch_max(s.combined) AS same_extremes,
       stats_count(p.ranks) = stats_count(s.ranks) AS same_rank_count,
       (SELECT max(abs(a - b)) FROM unnest(stats_mean(p.ranks) || stats_stddev(p.ranks),
                                           stats_mean(s.ranks) || stats_stddev(s.ranks)) u(a, b)) < 1e-6 AS same_rank_moments
FROM fk_par p, fk_scan s;

-- fit itself over 40,000 rows, serially, in three budgets: 1 MB holds
-- nothing (40,000 x 4 methods x 8 bytes = 1.3 MB), 2 MB the method scores
-- but not the normalised indicators with them (40,000 x 16 x 8 = 5.1 MB),
-- the default 64 MB both (fit then reads the source twice). Which passes
-- ran from memory: the helpers each configuration called; the versions
-- are the same, bit for bit
CREATE TABLE fk_big AS SELECT * FROM sample_customers(40000, 6);
ANALYZE fk_big;
SET max_parallel_workers_per_gather = 0;
SET client_min_messages = warning;
CREATE TEMP TABLE fk_calls (budget text, funcname text, calls bigint);
CREATE TEMP TABLE fk_fits (budget text, version int);
-- (the calls each fit made: pg_stat_xact_user_functions after the fit
-- less before it, as counts not yet reported carry over)
CREATE FUNCTION fk_fit(m text, budget text) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
	PERFORM set_config('maintenance_work_mem', budget, true);
	PERFORM set_config('track_functions', 'all', true);
	CREATE TEMP TABLE fk_before AS SELECT f.funcname, f.calls FROM pg_stat_xact_user_functions f
	WHERE f.schemaname = 'complaint_tier' AND f.funcname LIKE '\_fit\_%kept%';
	INSERT INTO fk_fits VALUES (budget, fit(m, 'fk_big'));
	INSERT INTO fk_calls SELECT budget, f.funcname, f.calls - coalesce(b.calls, 0)
	FROM pg_stat_xact_user_functions f LEFT JOIN fk_before b USING (funcname)
	WHERE f.schemaname = 'complaint_tier' AND f.funcname LIKE '\_fit\_%kept%' AND f.calls > coalesce(b.calls, 0);
	DROP TABLE fk_before;
END $f$;
SELECT fk_fit('fk_telecom', '1MB'), fk_fit('fk_telecom', '2MB'), fk_fit('fk_telecom', '64MB');
RESET client_min_messages;
SELECT budget, string_agg(format('%s %s', funcname, calls), ', ' ORDER BY funcname) AS from_memory
FROM fk_calls GROUP BY budget ORDER BY pg_size_bytes(budget);
SELECT f.budget, a.quantiles = b.quantiles AS quantiles, a.tier_cuts = b.tier_cuts AS tier_cuts,
       a.dim_tier_cuts = b.dim_tier_cuts AS dim_tier_cuts, a.kendall_w = b.kendall_w AS kendall_w,
       a.spearman = b.spearman AS spearman, a.hist_edges = b.hist_edges AND a.hist_counts = b.hist_counts AS histogram,
       ARRAY[a.vikor_s_best, a.vikor_s_worst, a.vikor_r_best, a.vikor_r_worst]
       = ARRAY[b.vikor_s_best, b.vikor_s_worst, b.vikor_r_best, b.vikor_r_worst] AS vikor_ranges
FROM fk_fits f, fk_fits s, model_version a, model_version b
WHERE s.budget = '1MB' AND f.budget <> '1MB' AND a.model = 'fk_telecom' AND b.model = 'fk_telecom'
  AND a.version = s.version AND b.version = f.version
ORDER BY pg_size_bytes(f.budget);
-- outcome weighting turns an indicator's direction after scan 2: the kept
-- normalised indicators are given up (_fit_kept_release) and fit scans;
-- the same version as with 1 MB
SELECT define_model('fk_out', model_spec('telecom') - 'rules' - 'strategies'
       || '{"weighting": "outcome", "outcome": "porting_requested"}') AS copy;
SET client_min_messages = error;
TRUNCATE fk_calls, fk_fits;
SELECT fk_fit('fk_out', '1MB'), fk_fit('fk_out', '64MB');
RESET client_min_messages;
SELECT budget, string_agg(format('%s %s', funcname, calls), ', ' ORDER BY funcname) AS from_memory
FROM fk_calls GROUP BY budget ORDER BY pg_size_bytes(budget);
SELECT a.quantiles = b.quantiles AND a.tier_cuts = b.tier_cuts AND a.kendall_w = b.kendall_w
       AND a.ind_direction = b.ind_direction AS same_version, a.ind_direction <> (SELECT ind_direction FROM model_version
                                                                               WHERE model = 'fk_telecom' LIMIT 1) AS direction_turned
FROM fk_fits s, fk_fits f, model_version a, model_version b
WHERE s.budget = '1MB' AND f.budget = '64MB' AND a.model = 'fk_out' AND b.model = 'fk_out'
  AND a.version = s.version AND b.version = f.version;
-- one method: the combined score's sketch alone (no ranks), equal to the
-- sketch of _combine over the method's score, the last scan's SQL
SELECT define_model('fk_one', model_spec('telecom') - 'rules' - 'strategies' || '{"methods": ["topsis"]}') AS copy;
SET client_min_messages = warning;
SELECT fit('fk_one', 'fk_src') AS o1 \gset
RESET client_min_messages;
CREATE TEMP TABLE fk_ov AS SELECT mv AS v FROM model_version mv WHERE mv.model = 'fk_one' AND mv.version = :o1;
UPDATE fk_ov SET v.state = 'fitting';
SELECT v AS fk_otext FROM fk_ov \gset
BEGIN;
SELECT _fit_keep(m.r, 1, 20000 * 8) AS kept1
FROM fk_src c CROSS JOIN LATERAL _fit_method_scores(:'fk_otext', c) m(r) \gset
SELECT quantile_sketch_send(k.combined) = (SELECT quantile_sketch_send(quantile_sketch_dist(_combine(:'fk_otext', ARRAY[f.r[2]])))
                                           FROM fk_src c CROSS JOIN LATERAL _fit_scores(:'fk_otext', c) f(r)) AS combined_same_bytes,
       k.ranks IS NULL AS no_ranks
FROM _fit_final_kept(:'fk_otext', :kept1, _sketch_columns(:'fk_stext', 1)) k;
COMMIT;
RESET max_parallel_workers_per_gather;

-- bad input: clear errors
SELECT _fit_keep(NULL::float8[], 4, 100) FROM fk_src LIMIT 1;
SELECT _fit_keep(ARRAY[1.0]::float8[], 0, 100);
SELECT _fit_keep(ARRAY[1.0]::float8[], 4097, 100);
SELECT _fit_keep(ARRAY[1.0, 2.0]::float8[], 3, 100);
SELECT _fit_keep(ARRAY[[1.0, 2.0]]::float8[], 2, 100);
SELECT _fit_keep(ARRAY[1.0, NULL, 3.0]::float8[], 2, 100) IS NOT NULL AS a_null_is_kept;
SELECT * FROM _fit_final_kept(:'fk_vtext', 12345, :'fk_stext');
BEGIN;
SELECT _fit_keep(ARRAY[0.5, 0.5]::float8[], 2, 100) AS kept2 \gset
-- kept with 2 methods, the version has 4
SELECT * FROM _fit_final_kept(:'fk_vtext', :kept2, :'fk_stext');
ROLLBACK;
BEGIN;
SELECT _fit_keep(ARRAY[0.5, 0.5, 0.5, 0.5]::float8[], 4, 100) AS kept4 \gset
-- a fitted version is refused
SELECT k.* FROM model_version mv, _fit_final_kept(mv, :kept4, :'fk_stext') k
WHERE mv.model = 'fk_telecom' AND mv.version = :v1;
ROLLBACK;
BEGIN;
SELECT _fit_keep(ARRAY[0.5, 0.5, 0.5, 0.5]::float8[], 4, 100) AS kept4 \gset
-- the methods sketch needs a column per method
SELECT * FROM _fit_final_kept(:'fk_vtext', :kept4, _sketch_columns(:'fk_stext', 2));
ROLLBACK;
BEGIN;
SELECT _fit_keep(ARRAY[0.5, 0.5, 0.5, 0.5]::float8[], 4, 100) AS kept4 \gset
-- a block of 4 values is not the version's 12 normalised indicators
SELECT _fit_vikor_sr_kept(:'fk_vtext', :kept4);
ROLLBACK;
BEGIN;
SELECT _fit_keep(ARRAY[0.5, 0.5, 0.5, 0.5]::float8[], 4, 100) AS kept4 \gset
SELECT * FROM _fit_method_scores_kept(:'fk_vtext', :kept4, 100);
ROLLBACK;
BEGIN;
SELECT _fit_keep(ARRAY[0.5, 0.5, 0.5, 0.5]::float8[], 4, 100) AS kept4 \gset
-- released: gone (a second release does nothing)
SELECT _fit_kept_release(:kept4);
SELECT _fit_kept_release(:kept4);
SELECT * FROM _fit_final_kept(:'fk_vtext', :kept4, :'fk_stext');
ROLLBACK;

DROP TABLE fk_src, fk_big;
DROP FUNCTION fk_plan(text);
DROP FUNCTION fk_fit(text, text);
DELETE FROM model WHERE name IN ('fk_telecom', 'fk_one', 'fk_out');
