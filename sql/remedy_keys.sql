-- remedy_stats with many distinct keys (doc/evaluate_scan.md, "remedy_stats
-- with many keys"): the aggregate builds a hash-indexed working state and
-- sorts it once at the end.  Over 30,000 rows with 12,000 distinct keys in a
-- scrambled order, serial and in a forced parallel plan (partial states
-- combined), every entry equals a GROUP BY over the same rows; the stored
-- form (format 1, key order) reads back through text and binary.
\set SHOW_CONTEXT never
SET search_path = complaint_tier, public;
CREATE TABLE rk_hist AS
SELECT i, 'seg' || ((i * 7919) % 4000) AS segment, 'p' || ((i * 31) % 3) AS problem,
       'r' || (i % 3) AS remedy,
       CASE WHEN i % 5 = 0 THEN NULL ELSE i % 3 = 0 END AS accepted,
       CASE WHEN i % 4 = 0 THEN (i % 7)::float8 END AS satisfaction
FROM generate_series(1, 30000) i;
ANALYZE rk_hist;
CREATE TABLE rk_ref AS
SELECT segment, problem AS problem_type, remedy, count(accepted) AS cases,
       count(*) FILTER (WHERE accepted) AS accepted, count(satisfaction) AS satisfaction_cases,
       sum(satisfaction) AS sat_sum
FROM rk_hist WHERE accepted IS NOT NULL OR satisfaction IS NOT NULL
GROUP BY 1, 2, 3;
SELECT count(*) AS ref_keys FROM rk_ref;

CREATE FUNCTION rk_diff(s remedy_stats) RETURNS TABLE (entries bigint, differences bigint, in_key_order boolean)
LANGUAGE sql AS $$
	SELECT (SELECT count(*) FROM remedy_table(s)),
	       (SELECT count(*) FROM (
	          SELECT segment, problem_type, remedy, cases, accepted, satisfaction_cases,
	                 round((mean_satisfaction * satisfaction_cases)::numeric, 6) FROM remedy_table(s)
	          EXCEPT
	          SELECT segment, problem_type, remedy, cases, accepted, satisfaction_cases,
	                 round(sat_sum::numeric, 6) FROM rk_ref) d),
	       (SELECT bool_and(ok) FROM (
	          SELECT (segment, problem_type, remedy)::text::bytea > lag((segment, problem_type, remedy)::text::bytea)
	                 OVER () OR lag(segment) OVER () IS NULL AS ok
	          FROM remedy_table(s)) o)
$$;

SET max_parallel_workers_per_gather = 0;
CREATE TABLE rk_serial AS SELECT remedy_stats(segment, problem, remedy, accepted, satisfaction) AS s FROM rk_hist;
SELECT d.* FROM rk_serial, rk_diff(s) d;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT remedy_stats(segment, problem, remedy, accepted, satisfaction) FROM rk_hist;
CREATE TABLE rk_par AS SELECT remedy_stats(segment, problem, remedy, accepted, satisfaction) AS s FROM rk_hist;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
SELECT d.* FROM rk_par, rk_diff(s) d;
-- the same stored value either way, and through its text and binary forms
-- (remedy_stats_send / _recv through COPY BINARY)
SELECT p.s::text = s.s::text AS same_text, (s.s::text)::remedy_stats::text = s.s::text AS text_round_trip
FROM rk_par p, rk_serial s;
CREATE TEMP TABLE rk_bin (s remedy_stats);
DO $$
DECLARE
	f text := '/tmp/complaint_tier_remedy_keys_' || pg_backend_pid() || '.bin';
BEGIN
	EXECUTE format('COPY rk_serial TO %L (FORMAT binary)', f);
	EXECUTE format('COPY rk_bin FROM %L (FORMAT binary)', f);
END $$;
SELECT b.s::text = s.s::text AS binary_round_trip FROM rk_bin b, rk_serial s;


-- grouped (many states at once), and as a window aggregate (the final
-- function runs on the same working state again)
SELECT count(*) AS groups, sum(n) AS entries
FROM (SELECT segment, (SELECT count(*) FROM remedy_table(remedy_stats(segment, problem, remedy, accepted, satisfaction))) AS n
      FROM rk_hist GROUP BY segment) g;
SELECT i, (SELECT count(*) FROM remedy_table(w)) AS entries_so_far
FROM (SELECT i, remedy_stats(segment, problem, remedy, accepted, satisfaction) OVER (ORDER BY i) AS w
      FROM rk_hist WHERE i <= 6) x ORDER BY i;

-- a stored state merged with the roll-up, and a custom aggregate continuing
-- from a stored state as its initial value
SELECT (SELECT count(*) FROM remedy_table(merge(s))) AS merged_entries FROM (SELECT s FROM rk_serial UNION ALL SELECT s FROM rk_par) m;
CREATE AGGREGATE rk_from(text, text, text, boolean, float8) (
	SFUNC = remedy_stats_accum, STYPE = remedy_stats, FINALFUNC = remedy_stats_final,
	INITCOND = '{"format": 1, "entries": [["seg0", "p0", "r0", 5, 2, 0, 0]]}');
SELECT * FROM remedy_table((SELECT rk_from(segment, problem, remedy, accepted, satisfaction) FROM rk_hist WHERE i <= 4000 AND segment = 'seg0'));

-- the roll-up of many daily states with keys of their own (the merge's
-- working state grows in place): equal to the one-pass aggregate, the same
-- in the opposite order, and per group
CREATE TABLE rk_daily AS
SELECT d, remedy_stats('seg' || d, 'p' || (g % 20), 'r' || (g % 5), g % 3 = 0, CASE WHEN g % 4 = 0 THEN g % 5 + 1 END) AS s
FROM generate_series(1, 300) d, generate_series(1, 50) g GROUP BY d;
SELECT (SELECT merge(s)::text FROM rk_daily)
       = (SELECT remedy_stats('seg' || d, 'p' || (g % 20), 'r' || (g % 5), g % 3 = 0, CASE WHEN g % 4 = 0 THEN g % 5 + 1 END)::text
          FROM generate_series(1, 300) d, generate_series(1, 50) g) AS rollup_equals_one_pass,
       (SELECT count(*) FROM remedy_table((SELECT merge(s) FROM rk_daily))) AS entries;
SELECT (SELECT merge(s)::text FROM rk_daily) = (SELECT merge(s)::text FROM (SELECT s FROM rk_daily ORDER BY d DESC) x) AS order_free;
SELECT d % 3 AS part, (SELECT count(*) FROM remedy_table(merge(s))) AS entries FROM rk_daily GROUP BY 1 ORDER BY 1;
-- called directly, combine leaves its inputs as they were
SELECT remedy_stats_combine(a.s, b.s)::text = (SELECT merge(s)::text FROM rk_daily WHERE d IN (1, 2)) AS direct_combine,
       a.s::text = (SELECT s::text FROM rk_daily WHERE d = 1) AS input_untouched
FROM rk_daily a, rk_daily b WHERE a.d = 1 AND b.d = 2;
DROP TABLE rk_daily;

DROP AGGREGATE rk_from(text, text, text, boolean, float8);
DROP FUNCTION rk_diff(remedy_stats);
DROP TABLE rk_hist, rk_ref, rk_serial, rk_par;
