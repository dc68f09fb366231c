-- quantile_sketch_dist (830_sketch_dist.sql): the quantile_sketch
-- aggregates with a quantile_sketch state (an expanded object updated in
-- place) instead of internal, so that Citus can ship their states.  The
-- same rows in the same order give the same sketch as quantile_sketch()
-- (the working sketch is the same code); in parallel and across
-- groups, windows and initial states the state is copied, never shared.
SET search_path = complaint_tier, public;
\set SHOW_CONTEXT never

-- empty input, NULL rows and NULL elements
SELECT quantile_sketch_dist(x) IS NULL AS no_rows FROM (SELECT 1.0::float8 WHERE false) t(x);
SELECT quantile_sketch_dist(x) IS NULL AS only_nulls FROM (VALUES (NULL::float8), (NULL)) t(x);
SELECT quantile_sketch_dist(v) IS NULL AS only_null_arrays FROM (VALUES (NULL::float8[]), (NULL)) t(v);
SELECT quantile_sketch_dist(x) AS one_column, quantile_sketch(x) AS same
FROM (VALUES (3.0::float8), (1), (NULL), (2)) t(x);
SELECT quantile_sketch_dist(ARRAY[x, -x, NULL]) AS with_null_elements
FROM (VALUES (1.5::float8), (-0.0), (NULL)) t(x);

-- 60,000 rows of three columns (compacted above 16,384 values per column):
-- serially the same sketch as quantile_sketch, for float8[] and float8,
-- in one group and per group (sorted and hashed grouping)
CREATE TABLE sd_rows AS
SELECT i, (i::bigint * 7919 % 60013)::float8 / 60013 AS a,
       CASE WHEN i % 11 = 0 THEN NULL ELSE sin(i) * 100 END AS b,
       (i % 97)::float8 AS c
FROM generate_series(1, 60000) i;
SET max_parallel_workers_per_gather = 0;
SELECT sketch_count(d) AS counts, sketch_rank_error(d) AS rank_error,
       d::text = q::text AS same_as_quantile_sketch, md5(d::text) AS text_md5
FROM (SELECT quantile_sketch_dist(ARRAY[a, b, c]) AS d, quantile_sketch(ARRAY[a, b, c]) AS q FROM sd_rows) t;
SELECT quantile_sketch_dist(b)::text = quantile_sketch(b)::text AS one_column_same
FROM sd_rows;
SET enable_hashagg = off;
SELECT i % 3 AS g, sketch_count(d), d::text = q::text AS same_sorted
FROM (SELECT i % 3 AS i, quantile_sketch_dist(ARRAY[a, b]) AS d, quantile_sketch(ARRAY[a, b]) AS q
      FROM sd_rows GROUP BY 1) t ORDER BY 1;
RESET enable_hashagg;
SET enable_sort = off;
SELECT i % 3 AS g, sketch_count(d), d::text = q::text AS same_hashed
FROM (SELECT i % 3 AS i, quantile_sketch_dist(ARRAY[a, b]) AS d, quantile_sketch(ARRAY[a, b]) AS q
      FROM sd_rows GROUP BY 1) t ORDER BY 1;
RESET enable_sort;

-- the text form round-trips bit for bit, and so does the binary form
CREATE TABLE sd_states AS SELECT quantile_sketch_dist(ARRAY[a, b, c]) AS s FROM sd_rows;
SELECT s::text::quantile_sketch::text = s::text AS text_round_trip,
       quantile_sketch_send(s::text::quantile_sketch) = quantile_sketch_send(s) AS binary_same
FROM sd_states;
-- two large values converted alternately (the text I/O keeps the last
-- large value of this backend): each keeps its own form
CREATE TABLE sd_two AS
SELECT 1 AS k, quantile_sketch_dist(ARRAY[a, b, c]) AS s FROM sd_rows WHERE i <= 40000
UNION ALL
SELECT 2, quantile_sketch_dist(ARRAY[a, b, c]) FROM sd_rows WHERE i > 20000;
SELECT k, sketch_count(s::text::quantile_sketch) AS via_text,
       (s::text::quantile_sketch)::text = s::text AS round_trip
FROM sd_two, generate_series(1, 2) ORDER BY generate_series, k;

-- a large input text that is not in the canonical form (a '+' before the
-- first minimum) is read, and the value is then written in the canonical form
SELECT replace(s::text, ';min=', ';min=+')::quantile_sketch::text = s::text AS canonical_after_input,
       replace(s::text, ';min=', ';min=+') <> s::text AS input_differed
FROM sd_states;

-- in parallel: Partial Aggregate with the state flattened across the
-- Gather; count, minimum and maximum exact, every sketched decile's true
-- rank within the sketch's error bound (the split of the rows between the
-- processes varies, so the sketch itself may differ from the serial one)
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
ANALYZE sd_rows;
EXPLAIN (COSTS OFF) SELECT quantile_sketch_dist(ARRAY[a, b, c]) FROM sd_rows;
CREATE TABLE sd_par AS SELECT quantile_sketch_dist(ARRAY[a, b, c]) AS s FROM sd_rows;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
SET max_parallel_workers_per_gather = 0;
SELECT sketch_count(p.s) = sketch_count(t.s) AS counts_equal,
       sketch_min(p.s) = sketch_min(t.s) AS min_equal, sketch_max(p.s) = sketch_max(t.s) AS max_equal
FROM sd_par p, sd_states t;
SELECT col, bool_and(f * (n - 1) BETWEEN r.below - err * n - 1 AND r.at_most + err * n + 1) AS deciles_within_bound
FROM sd_par p, generate_series(1, 3) col,
     LATERAL (SELECT (sketch_count(p.s))[col] AS n, (sketch_rank_error(p.s))[col] AS err) e,
     LATERAL unnest(sketch_quantiles(p.s, col, '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}'), '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}'::float8[]) q(v, f),
     LATERAL (SELECT count(*) FILTER (WHERE (ARRAY[a, b, c])[col] < q.v) AS below,
                     count(*) FILTER (WHERE (ARRAY[a, b, c])[col] <= q.v) AS at_most FROM sd_rows) r
GROUP BY col ORDER BY col;

-- as a window aggregate the state goes on after each row's result: each
-- result is its own value
SELECT i, sketch_count(quantile_sketch_dist(x) OVER (ORDER BY i)) AS running_count,
       sketch_max(quantile_sketch_dist(x) OVER (ORDER BY i)) AS running_max
FROM (VALUES (1, 5.0::float8), (2, NULL), (3, 2), (4, 9)) t(i, x) ORDER BY i;

-- a moving frame restarts the aggregation for each row: the old state is
-- dropped, a new one built
SELECT i, sketch_count(quantile_sketch_dist(x) OVER w) AS counts, sketch_min(quantile_sketch_dist(x) OVER w) AS mins
FROM (VALUES (1, 5.0::float8), (2, NULL), (3, 2), (4, 9)) t(i, x)
WINDOW w AS (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) ORDER BY i;

-- an aggregate with an initial state (INITCOND): the state starts as a
-- stored value and is copied before the first row changes it
CREATE AGGREGATE sd_continue(float8) (
	SFUNC = quantile_sketch_dist_accum, STYPE = quantile_sketch,
	INITCOND = 'v1;k=1;n=2;min=10;max=20;err=0;levels=1;len=2;par=0;items=10,20');
SELECT sd_continue(x) AS continued FROM (VALUES (1.0::float8), (30)) t(x);
SELECT sd_continue(x) AS initial_state_unchanged FROM (VALUES (NULL::float8)) t(x);
SELECT sd_continue(x) FROM (VALUES (5.0::float8)) t(x) GROUP BY x;
CREATE AGGREGATE sd_wide(float8) (
	SFUNC = quantile_sketch_dist_accum, STYPE = quantile_sketch,
	INITCOND = 'v1;k=2;n=0,0;min=0,0;max=0,0;err=0,0;levels=0,0;len=;par=;items=');
SELECT sd_wide(x) FROM (VALUES (1.0::float8)) t(x);

-- the combine function as the transition of a roll-up of stored states:
-- the first state copied, the others merged into it in place; equal to
-- merge(quantile_sketch)
CREATE AGGREGATE sd_merge(quantile_sketch) (
	SFUNC = quantile_sketch_dist_combine, STYPE = quantile_sketch);
SELECT sd_merge(s)::text = merge(s)::text AS rollup_same, sketch_count(sd_merge(s)) AS counts
FROM (SELECT s FROM sd_two ORDER BY k) t;

-- _sketch_columns: the first n columns, exactly a sketch of those columns
SELECT _sketch_columns(s, 2)::text = (SELECT quantile_sketch(ARRAY[a, b]) FROM sd_rows)::text AS first_two,
       _sketch_columns(s, 3)::text = s::text AS all_three,
       sketch_count(_sketch_columns(s, 1)) AS first
FROM sd_states;
SELECT _sketch_columns(s, 0) FROM sd_states;
SELECT _sketch_columns(s, 4) FROM sd_states;
SELECT _sketch_columns(NULL, 1) IS NULL AS strict;

-- errors: the same checks and messages as quantile_sketch
SELECT quantile_sketch_dist(x) FROM (VALUES (1.0::float8), ('NaN')) t(x);
SELECT quantile_sketch_dist(x) FROM (VALUES (1.0::float8), ('-Infinity')) t(x);
SELECT quantile_sketch_dist(v) FROM (VALUES (ARRAY[1.0::float8, 2]), (ARRAY[1.0::float8])) t(v);
SELECT quantile_sketch_dist(v) FROM (VALUES ('{}'::float8[])) t(v);
SELECT quantile_sketch_dist(v) FROM (VALUES ('{{1,2},{3,4}}'::float8[])) t(v);
SELECT quantile_sketch_dist(array_fill(1.0::float8, ARRAY[65]));
-- the support functions only run inside an aggregate
SELECT quantile_sketch_dist_accum(NULL, 1.0::float8);
SELECT quantile_sketch_dist_accum(NULL, ARRAY[1.0::float8]);
SELECT quantile_sketch_dist_combine(s, s) FROM sd_states;
SELECT quantile_sketch_dist_final('v1;k=1;n=1;min=1;max=1;err=0;levels=1;len=1;par=0;items=1')::text AS final_is_identity;
RESET max_parallel_workers_per_gather;
DROP AGGREGATE sd_continue(float8);
DROP AGGREGATE sd_wide(float8);
DROP AGGREGATE sd_merge(quantile_sketch);
DROP TABLE sd_rows, sd_states, sd_two, sd_par;
