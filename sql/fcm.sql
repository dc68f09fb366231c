-- Fuzzy c-means building blocks: fcm_membership, fcm_segment, the
-- fcm_stats type and aggregate, fcm_seed, fuzzy_cmeans.
--
-- The small examples are computed by hand in the comments; the whole
-- algorithm agrees with an independent numpy version (Bezdek's formulas,
-- scikit-fuzzy's algorithm) to 1e-14 on blobs, Iris and grid data with
-- duplicates (test/fcm_check.py, results in doc/dea_fcm.md).
SET search_path = complaint_tier, public;
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

-- centres 0 and 1, x = 0.25: squared distances 1/16 and 9/16; m = 2:
-- u = 1/(1 + 1/9) = (0.9, 0.1); m = 3: u = 1/(1 + 1/3) = (0.75, 0.25)
SELECT fcm_membership('{0.25}', '{{0},{1}}') AS m2, fcm_membership('{0.25}', '{{0},{1}}', 3) AS m3,
       fcm_membership('{1}', '{{0},{1}}') AS on_a_centre, fcm_segment('{0.25}', '{{0},{1}}') AS segment,
       fcm_segment('{0.5}', '{{0},{1}}') AS tie_to_first;
-- two dimensions, three centres; memberships sum to 1
SELECT u, (SELECT sum(x) FROM unnest(u) x) AS total
FROM (SELECT fcm_membership('{0.3,0.4}', '{{0,0},{1,0},{0,1}}', 2) AS u) s;

-- one iteration by hand: points 0, 0.25, 1 against centres 0 and 1, m = 2:
-- memberships (1,0), (0.9,0.1), (0,1); sum u^m = (1.81, 1.01); next centres
-- 0.2025/1.81 = 0.111878 and 1.0025/1.01 = 0.992574; objective 0.05625
CREATE TABLE line (id int, v float8[]);
INSERT INTO line VALUES (1, '{0}'), (2, '{0.25}'), (3, '{1}'), (4, NULL);
SELECT fcm_stats(v, '{{0},{1}}', 2) FROM line;
SELECT fcm_centres(s), round(fcm_shift(s)::numeric, 6) AS shift, round(fcm_objective(s)::numeric, 6) AS objective,
       fcm_sizes(s), fcm_rows(s)
FROM (SELECT fcm_stats(v, '{{0},{1}}', 2) s FROM line) t;
-- merge of the states of two halves = the state of all rows
SELECT (SELECT merge(s) FROM (SELECT fcm_stats(v, '{{0},{1}}', 2) s FROM line GROUP BY id % 2) t)::text
       = (SELECT fcm_stats(v, '{{0},{1}}', 2) FROM line)::text AS merged;

-- seeding: one pass per centre, order-independent
SELECT fcm_seed(v, NULL, 1) AS first FROM line;
SELECT fcm_seed(v, '{{0.25}}', 1) AS second FROM line;
SELECT fcm_seed(v, NULL, 1 ORDER BY id DESC) = fcm_seed(v, NULL, 1 ORDER BY id) AS order_free FROM line;
-- every point already a centre: nothing left to pick
SELECT fcm_seed(v, '{{0},{0.25},{1}}', 1) IS NULL AS exhausted FROM line;

-- three blobs of 100 points (a deterministic pseudo-random pattern)
CREATE TABLE blobs AS
SELECT i AS id,
       ARRAY[c[1] + 0.05 * sin(i * 12.9898), c[2] + 0.05 * cos(i * 78.233)]::float8[] AS v
FROM generate_series(1, 300) i,
     LATERAL (SELECT CASE i % 3 WHEN 0 THEN ARRAY[0.2, 0.2] WHEN 1 THEN ARRAY[0.8, 0.3] ELSE ARRAY[0.5, 0.8] END AS c) s;
SELECT (SELECT array_agg(round(x::numeric, 4)) FROM unnest(f.centres) x) AS centres,
       f.iterations, f.converged, round(f.objective::numeric, 6) AS objective,
       (SELECT array_agg(round(x::numeric, 2)) FROM unnest(f.sizes) x) AS sizes
FROM fuzzy_cmeans('blobs', 'v', 3) f;
-- memberships and segments of the first three points; segments by blob
CREATE TEMP TABLE fit3 AS SELECT centres FROM fuzzy_cmeans('blobs', 'v', 3, 2, 1e-9, 200, 1);
SELECT b.id, (SELECT array_agg(round(x::numeric, 4)) FROM unnest(fcm_membership(b.v, f.centres)) x) AS u,
       fcm_segment(b.v, f.centres) AS segment
FROM blobs b, fit3 f WHERE b.id <= 3 ORDER BY b.id;
SELECT b.id % 3 AS blob, array_agg(DISTINCT fcm_segment(b.v, f.centres)) AS segments, count(*)
FROM blobs b, fit3 f GROUP BY 1 ORDER BY 1;
-- another seed, the same clusters (in another order)
SELECT (SELECT array_agg(round(x::numeric, 3) ORDER BY x) FROM unnest(centres) x) AS sorted_coordinates
FROM fuzzy_cmeans('blobs', 'v', 3, 2, 1e-9, 200, 7);
-- fuzzier m: the same centres region, flatter memberships
SELECT (SELECT max(x) FROM unnest(fcm_membership('{0.2,0.2}', centres, 3)) x)
       < (SELECT max(x) FROM unnest(fcm_membership('{0.2,0.2}', centres, 1.5)) x) AS m3_flatter
FROM fit3;

-- degenerate data: duplicates only, k = distinct points (each point its
-- own centre, converged in one iteration), k > distinct points (error), one
-- point, an empty source
CREATE TABLE dup AS SELECT i AS id, CASE i % 3 WHEN 0 THEN '{0,0}' WHEN 1 THEN '{1,0}' ELSE '{0,1}' END::float8[] AS v
FROM generate_series(1, 30) i;
SELECT centres, iterations, converged, objective, sizes FROM fuzzy_cmeans('dup', 'v', 3);
SELECT * FROM fuzzy_cmeans('dup', 'v', 4);
SELECT centres, iterations, converged FROM fuzzy_cmeans('dup', 'v', 1);
CREATE TABLE one_pt AS SELECT 1 AS id, '{0.5,0.5}'::float8[] AS v;
SELECT centres, iterations, objective FROM fuzzy_cmeans('one_pt', 'v', 1);
CREATE TABLE no_pts (id int, v float8[]);
SELECT * FROM fuzzy_cmeans('no_pts', 'v', 2);
-- a cluster with no weight keeps its centre (every point lies on the other)
SELECT fcm_centres(fcm_stats(v, '{{0.5,0.5},{9,9}}', 2)) FROM one_pt;
-- not converged within the cap: a warning, the centres so far
SELECT iterations, converged FROM fuzzy_cmeans('blobs', 'v', 3, 2, 0, 2, 1);

-- errors
SELECT fcm_membership('{0.5}', '{{0},{1}}', 1);
SELECT fcm_membership('{0.5}', '{{0},{1}}', 'NaN');
SELECT fcm_membership('{0.5}', '{{0},{0}}');
SELECT fcm_membership('{0.5,1}', '{{0},{1}}');
SELECT fcm_membership('{0.5}', '{{0},{NaN}}');
SELECT fcm_membership('{1e200}', '{{0},{1}}');
SELECT fcm_membership('{NULL}', '{{0},{1}}');
SELECT fcm_segment('{0.5}', '{0,1}');
SELECT fcm_stats(v, NULL, 2) FROM line;
SELECT fcm_stats(v, CASE WHEN id = 1 THEN '{{0},{1}}' ELSE '{{0},{2}}' END::float8[], 2) FROM line;
SELECT fcm_stats(v, '{{0},{1}}', 0.5) FROM line;
SELECT merge(s) FROM (VALUES ((SELECT fcm_stats(v, '{{0},{1}}', 2) FROM line)),
                             ((SELECT fcm_stats(v, '{{0},{2}}', 2) FROM line))) t(s);
SELECT fcm_seed(v, '{{0,0}}', 1) FROM line;
SELECT * FROM fuzzy_cmeans('blobs', 'nope', 2);
SELECT * FROM fuzzy_cmeans('blobs', 'id', 2);
SELECT * FROM fuzzy_cmeans('blobs', 'v', 0);
SELECT * FROM fuzzy_cmeans('blobs', 'v', 2, 1);
SELECT * FROM fuzzy_cmeans('blobs', 'v', 2, 2, 'NaN');
SELECT * FROM fuzzy_cmeans('blobs', 'v', 2, 2, 1e-4, 0);

-- text form: round trip and malformed input
SELECT (SELECT fcm_stats(v, '{{0},{1}}', 2) FROM line)::text::fcm_stats::text
       = (SELECT fcm_stats(v, '{{0},{1}}', 2) FROM line)::text AS text_round_trip;
SELECT 'v1;k=2;d=1;m=2;rows=3;objective=0.05625;size=1.9,1.2;w=1.81,1.01;s=0.2025,1.0025;centres=0,1'::fcm_stats;
SELECT 'v1;k=2;d=1;m=2;rows=3;objective=0.05625;size=1.9,1.1;w=1.81,1.01;s=0.2025,1.0025;centres=0,0'::fcm_stats;
SELECT 'v2;k=2;d=1'::fcm_stats;
SELECT 'v1;k=2;d=1;m=2;rows=3'::fcm_stats;

-- binary form: COPY BINARY out and in, and corrupted bytes of fcm_stats_send
CREATE TABLE st (s fcm_stats);
INSERT INTO st SELECT fcm_stats(v, '{{0},{1}}', 2) FROM line;
-- scratch files named after the server port (concurrent clusters do not collide)
\set tmp_fcm '/tmp/complaint_tier_fcm_' :PORT '.bin'
\set tmp_fcm1 '/tmp/complaint_tier_fcm1_' :PORT '.bin'
COPY st TO :'tmp_fcm' (FORMAT binary);
CREATE TABLE st2 (s fcm_stats);
COPY st2 FROM :'tmp_fcm' (FORMAT binary);
SELECT (SELECT s::text FROM st) = (SELECT s::text FROM st2) AS binary_round_trip;
CREATE TABLE st_sent AS SELECT fcm_stats_send(s) AS b FROM st;
SELECT length(b) AS send_bytes, get_byte(b, 0) AS version_byte FROM st_sent;
COPY (SELECT overlay(b placing '\x07'::bytea from 1) FROM st_sent) TO :'tmp_fcm1' (FORMAT binary);
COPY st2 FROM :'tmp_fcm1' (FORMAT binary);
COPY (SELECT substr(b, 1, length(b) - 8) FROM st_sent) TO :'tmp_fcm1' (FORMAT binary);
COPY st2 FROM :'tmp_fcm1' (FORMAT binary);
-- m = 1 (0x3ff0000000000000) is not a fuzzifier
COPY (SELECT overlay(b placing '\x3ff0000000000000'::bytea from 10) FROM st_sent) TO :'tmp_fcm1' (FORMAT binary);
COPY st2 FROM :'tmp_fcm1' (FORMAT binary);
SELECT count(*) AS loaded FROM st2;

-- parallel plans (forced split): fcm_stats and fcm_seed give the serial
-- results (sums: within 1e-12 relative)
CREATE TABLE pts AS
SELECT i AS id, ARRAY[((i * 7919) % 1000) / 1000.0, 0.5 + 0.4 * sin(i), ((i * 104729) % 997) / 997.0]::float8[] AS v
FROM generate_series(1, 50000::bigint) i;
ANALYZE pts;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE s_serial AS
SELECT fcm_stats(v, '{{0.2,0.2,0.2},{0.8,0.5,0.5},{0.5,0.8,0.9}}', 2) AS s,
       fcm_seed(v, '{{0.2,0.2,0.2}}', 3) AS seed FROM pts;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT fcm_stats(v, '{{0.2,0.2,0.2},{0.8,0.5,0.5},{0.5,0.8,0.9}}', 2) FROM pts;
EXPLAIN (COSTS OFF) SELECT fcm_seed(v, '{{0.2,0.2,0.2}}', 3) FROM pts;
CREATE TEMP TABLE s_parallel AS
SELECT fcm_stats(v, '{{0.2,0.2,0.2},{0.8,0.5,0.5},{0.5,0.8,0.9}}', 2) AS s,
       fcm_seed(v, '{{0.2,0.2,0.2}}', 3) AS seed FROM pts;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
SELECT fcm_rows(p.s) AS rows,
       (SELECT max(abs(a - b)) FROM unnest(fcm_centres(p.s), fcm_centres(q.s)) u(a, b)) < 1e-12 AS centres_equal,
       abs(fcm_objective(p.s) - fcm_objective(q.s)) < 1e-12 * fcm_objective(q.s) AS objective_equal,
       p.seed = q.seed AS seed_equal
FROM s_parallel p, s_serial q;

DROP TABLE line, blobs, dup, one_pt, no_pts, st, st2, st_sent, pts;
