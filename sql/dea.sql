-- Data envelopment analysis building blocks: dea_ccr, dea_bod,
-- dea_bod_explain, the dea_frontier type and its aggregates.
--
-- Published example: the 12 hospitals of Cooper, Seiford and Tone (2007),
-- Data Envelopment Analysis, 2nd ed. (doctors and nurses in, outpatients
-- and inpatients out), CCR scores as printed to 3 decimals:
-- A 1, B 1, C 0.883, D 1, E 0.763, F 0.835, G 0.902, H 0.796, I 0.960,
-- J 0.871, K 0.955, L 0.958; re-computed independently with
-- scipy.optimize.linprog (test/dea_check.py).  The BoD examples are solved
-- by hand in the comments.
SET search_path = complaint_tier, public;
SET extra_float_digits = 0;

CREATE TABLE hosp (name text, x float8[], y float8[]);
INSERT INTO hosp VALUES
	('A', '{20,151}', '{100,90}'), ('B', '{19,131}', '{150,50}'), ('C', '{25,160}', '{160,55}'),
	('D', '{27,168}', '{180,72}'), ('E', '{22,158}', '{94,66}'), ('F', '{55,255}', '{230,90}'),
	('G', '{33,235}', '{220,88}'), ('H', '{31,206}', '{152,80}'), ('I', '{30,244}', '{190,100}'),
	('J', '{50,268}', '{250,100}'), ('K', '{53,306}', '{260,147}'), ('L', '{38,284}', '{250,120}');
-- the matrices, one row per hospital in order A..L
CREATE TEMP VIEW hosp_xy AS
SELECT ('{' || string_agg(format('{%s,%s}', x[1], x[2]), ',' ORDER BY name) || '}')::float8[] AS x,
       ('{' || string_agg(format('{%s,%s}', y[1], y[2]), ',' ORDER BY name) || '}')::float8[] AS y
FROM hosp;

-- input orientation: theta, and the peers (lambda > 0) with their weights
SELECT chr(64 + c.dmu) AS hospital, round(c.efficiency::numeric, 3) AS ccr,
       (SELECT string_agg(format('%s %s', chr(64 + i::int), round(l::numeric, 4)), ', ' ORDER BY i)
        FROM unnest(c.lambdas) WITH ORDINALITY u(l, i) WHERE l > 1e-9) AS peers
FROM hosp_xy, dea_ccr(x, y) c ORDER BY c.dmu;
-- the published figures, to 3 decimals
SELECT array_agg(round(c.efficiency::numeric, 3) ORDER BY c.dmu)
       = '{1,1,0.883,1,0.763,0.835,0.902,0.796,0.960,0.871,0.955,0.958}'::numeric[] AS published
FROM hosp_xy, dea_ccr(x, y) c;
-- output orientation: phi = 1/theta (>= 1), lambda / theta
SELECT chr(64 + o.dmu) AS hospital, round(o.efficiency::numeric, 4) AS phi,
       round((o.efficiency * i.efficiency)::numeric, 12) AS phi_theta,
       round((SELECT sum(l) FROM unnest(o.lambdas) l)::numeric, 4) AS sum_lambda
FROM hosp_xy, dea_ccr(x, y, 'output') o JOIN dea_ccr(x, y, 'input') i USING (dmu)
ORDER BY o.dmu;

-- degenerate units: one without outputs (theta 0, phi undefined), a
-- duplicate of another, a single unit
SELECT * FROM dea_ccr('{{1},{2},{1}}', '{{1},{0},{1}}');
SELECT * FROM dea_ccr('{{1},{2},{1}}', '{{1},{0},{1}}', 'output');
SELECT * FROM dea_ccr('{{5,3}}', '{{2}}');
-- units of measurement do not matter (nurses in hundreds)
SELECT bool_and(abs(a.efficiency - b.efficiency) < 1e-12) AS unit_invariant
FROM hosp_xy, dea_ccr(x, y) a
JOIN dea_ccr((SELECT ('{' || string_agg(format('{%s,%s}', x[1], x[2] / 100.0), ',' ORDER BY name) || '}')::float8[] FROM hosp), (SELECT y FROM hosp_xy)) b USING (dmu);

-- errors
SELECT * FROM dea_ccr('{{1},{2}}', '{{1}}');
SELECT * FROM dea_ccr('{{1},{-2}}', '{{1},{1}}');
SELECT * FROM dea_ccr('{{1,0},{0,0}}', '{{1},{1}}');
SELECT * FROM dea_ccr('{{1},{2}}', '{{1},{1}}', 'sideways');
SELECT * FROM dea_ccr('{{1},{NULL}}', '{{1},{1}}');
SELECT * FROM dea_ccr('{{1},{NaN}}', '{{1},{1}}');
SELECT * FROM dea_ccr('{1,2}', '{{1},{1}}');
SELECT * FROM dea_ccr('{}', '{{1},{1}}');
SELECT * FROM dea_ccr('{{1},{1e200}}', '{{1},{1}}');
SELECT * FROM dea_ccr(array_fill(1::float8, ARRAY[2, 40]), array_fill(1::float8, ARRAY[2, 30]));
SELECT * FROM dea_ccr(NULL, '{{1}}');

-- benefit of the doubt.  Frontier (1, 0.5), (0.5, 1); v = (0.5, 0.5):
-- both points bind at w = (2/3, 2/3), score 2/3, lambda = (1/3, 1/3).
SELECT dea_bod('{0.5,0.5}', '{{1,0.5},{0.5,1}}') AS bod;
SELECT * FROM dea_bod_explain('{0.5,0.5}', '{{1,0.5},{0.5,1}}');
-- v = (1, 0.1) takes all the weight on the first indicator (score 1) ...
SELECT * FROM dea_bod_explain('{1,0.1}', '{{1,0.5},{0.5,1}}');
-- ... unless shares are at most 0.8: w1 = 0.8 S, 0.1 w2 = 0.2 S, the second
-- point binds (0.4 S + 2 S = 1): S = 1/2.4
SELECT * FROM dea_bod_explain('{1,0.1}', '{{1,0.5},{0.5,1}}', NULL, '{0.8,0.8}');
-- a lower bound of 0.3 on the second share: w1 = 0.7 S, w2 = 3 S; the
-- first point allows 2.2 S <= 1, the second 0.35 S + 3 S <= 1: S = 1/3.35
SELECT round(dea_bod('{1,0.1}', '{{1,0.5},{0.5,1}}', '{0,0.3}')::numeric, 12) AS lower_bound,
       round((1 / 3.35)::numeric, 12) AS by_hand;
-- NULL bounds are no bounds; NULL v or frontier give NULL
SELECT dea_bod('{1,0.1}', '{{1,0.5},{0.5,1}}', NULL, NULL) AS no_bounds,
       dea_bod(NULL, '{{1}}') IS NULL AS null_v, dea_bod('{1}', NULL) IS NULL AS null_frontier;
-- degenerate: an all-zero customer scores 0; one frontier point, one indicator;
-- a customer outside the population may score above 1
SELECT dea_bod('{0,0}', '{{1,0.5},{0.5,1}}') AS zero_row, dea_bod('{0.25}', '{{0.5}}') AS one_point,
       dea_bod('{2,2}', '{{1,0.5},{0.5,1}}') AS outside;
-- errors
SELECT dea_bod('{0.5,-0.5}', '{{1,0.5},{0.5,1}}');
SELECT dea_bod('{0.5,0.5,0.5}', '{{1,0.5},{0.5,1}}');
SELECT dea_bod('{0.5,0.5}', '{{1,0},{0.5,0}}');
SELECT dea_bod('{0.5,0.5}', '{{1,0.5},{0.5,NaN}}');
SELECT dea_bod('{0.5,0.5}', '{{1,0.5},{0.5,NULL}}');
SELECT dea_bod('{0.5,0.5}', '{1,0.5}');
SELECT dea_bod('{0.5,0.5}', '{{1,0.5},{0.5,1}}', '{0.6,0.6}');
SELECT dea_bod('{0.5,0.5}', '{{1,0.5},{0.5,1}}', NULL, '{0.4,0.4}');
SELECT dea_bod('{0.5,0.5}', '{{1,0.5},{0.5,1}}', '{0.5,0.5}', '{0.4,0.6}');
SELECT dea_bod('{0.5,0.5}', '{{1,0.5},{0.5,1}}', '{0.5}');
SELECT dea_bod('{0.5,0.5}', '{{1,0.5},{0.5,1}}', NULL, '{1.5,1}');

-- the frontier aggregate.  (0.7, 0.7) scores 0.933 against (1, 0.5) and
-- (0.5, 1): not on the frontier; (0.8, 0.8) scores 1.067: a vertex;
-- (0.4, 0.4) is dominated; duplicates, zeros and NULL rows count as rows only.
CREATE TABLE cust (id int, v float8[]);
INSERT INTO cust VALUES (1, '{0.7,0.7}'), (2, '{0.5,1}'), (3, '{0,0}'), (4, '{1,0.5}'),
	(5, '{0.4,0.4}'), (6, '{0.8,0.8}'), (7, '{0.5,1}'), (8, NULL);
SELECT dea_frontier(v) FROM cust;
SELECT frontier_points(f), frontier_size(f), frontier_rows(f) FROM (SELECT dea_frontier(v) f FROM cust) s;
-- every customer's score against the frontier equals its score against all
SELECT c.id, round(dea_bod(c.v, (SELECT frontier_points(dea_frontier(v)) FROM cust))::numeric, 6) AS frontier,
       round(dea_bod(c.v, (SELECT ('{' || string_agg(format('{%s,%s}', v[1], v[2]), ',') || '}')::float8[]
                           FROM cust WHERE v IS NOT NULL))::numeric, 6) AS all_rows
FROM cust c WHERE c.v IS NOT NULL ORDER BY c.id;
-- order does not matter: the reversed rows, and merged halves
SELECT (SELECT dea_frontier(v ORDER BY id DESC) FROM cust)::text = (SELECT dea_frontier(v ORDER BY id) FROM cust)::text AS order_free,
       (SELECT merge(f) FROM (SELECT dea_frontier(v) f FROM cust GROUP BY id % 2) s)::text
       = (SELECT dea_frontier(v) FROM cust)::text AS merged_halves;
-- empty input, only NULL rows, only zero rows
SELECT dea_frontier(v) IS NULL AS empty FROM cust WHERE false;
SELECT dea_frontier(v) IS NULL AS nulls_only FROM cust WHERE v IS NULL;
SELECT dea_frontier(v), frontier_points(dea_frontier(v)) FROM cust WHERE id = 3;
SELECT dea_bod('{0,0}', frontier_points(dea_frontier(v))) FROM cust WHERE id = 3;
-- one customer: its own frontier, score 1
SELECT dea_bod(v, (SELECT frontier_points(dea_frontier(v)) FROM cust WHERE id = 6)) FROM cust WHERE id = 6;
-- errors
SELECT dea_frontier(v) FROM (VALUES ('{1,2}'::float8[]), ('{1,2,3}')) s(v);
SELECT dea_frontier(v) FROM (VALUES ('{1,-2}'::float8[])) s(v);
SELECT dea_frontier(v) FROM (VALUES ('{1,NULL}'::float8[])) s(v);
SELECT dea_frontier(v) FROM (VALUES ('{1,Infinity}'::float8[])) s(v);
SELECT dea_frontier(v) FROM (VALUES ('{}'::float8[])) s(v);
SELECT dea_frontier(v) FROM (VALUES (array_fill(1::float8, ARRAY[65]))) s(v);
SELECT merge(f) FROM (VALUES ('v1;m=2;rows=1;n=1;p=1,1'::dea_frontier), ('v1;m=3;rows=1;n=1;p=1,1,1')) s(f);

-- text form: round trip and malformed input
SELECT 'v1;m=2;rows=5;n=2;p=1,0.1,0.30000000000000004,1'::dea_frontier;
SELECT 'v1;m=2;rows=0;n=0;p='::dea_frontier;
SELECT 'v2;m=2;rows=5;n=0;p='::dea_frontier;
SELECT 'v1;m=2;rows=5;n=2;p=1,0.1'::dea_frontier;
SELECT 'v1;m=2;rows=5;n=1;p=1,-0.1'::dea_frontier;
SELECT 'v1;m=2;rows=5;n=1;p=0,0'::dea_frontier;
SELECT 'v1;m=2;rows=0;n=1;p=1,1'::dea_frontier;
SELECT 'v1;m=65;rows=5;n=0;p='::dea_frontier;
SELECT 'v1;m=2;rows=5;n=1;p=1,1;x'::dea_frontier;

-- binary form: COPY BINARY out and in, and the receive function on the
-- bytes of dea_frontier_send, intact and corrupted
CREATE TABLE fr (f dea_frontier);
INSERT INTO fr SELECT dea_frontier(v) FROM cust;
-- scratch files named after the server port (concurrent clusters do not collide)
\set tmp_dea '/tmp/complaint_tier_dea_' :PORT '.bin'
\set tmp_dea1 '/tmp/complaint_tier_dea1_' :PORT '.bin'
COPY fr TO :'tmp_dea' (FORMAT binary);
CREATE TABLE fr2 (f dea_frontier);
COPY fr2 FROM :'tmp_dea' (FORMAT binary);
SELECT (SELECT f::text FROM fr) = (SELECT f::text FROM fr2) AS binary_round_trip;
CREATE TABLE fr_sent AS SELECT dea_frontier_send(f) AS b FROM fr;
SELECT length(b) AS send_bytes, get_byte(b, 0) AS version_byte FROM fr_sent;
COPY (SELECT overlay(b placing '\x02'::bytea from 1) FROM fr_sent) TO :'tmp_dea1' (FORMAT binary);
COPY fr2 FROM :'tmp_dea1' (FORMAT binary);
COPY (SELECT substr(b, 1, length(b) - 8) FROM fr_sent) TO :'tmp_dea1' (FORMAT binary);
COPY fr2 FROM :'tmp_dea1' (FORMAT binary);
-- the first coordinate negative (-1.0 is 0xbff0000000000000)
COPY (SELECT overlay(b placing '\xbff0000000000000'::bytea from 18) FROM fr_sent) TO :'tmp_dea1' (FORMAT binary);
COPY fr2 FROM :'tmp_dea1' (FORMAT binary);
SELECT count(*) AS loaded FROM fr2;

-- a parallel plan (forced split) gives the serial frontier, and every
-- customer's BoD score against it equals linprog's over all rows in
-- test/dea_check.py; here: 20,000 customers of four indicators rounded to
-- hundredths, scores of the first ten
CREATE TABLE many AS
SELECT i AS id, ARRAY[round(((i * 7919) % 1000) / 1000.0, 2),
                      round((0.5 + 0.4 * sin(i))::numeric, 2),
                      round(((i * 104729) % 997) / 997.0, 2),
                      round((0.5 + 0.45 * cos(i * 0.37))::numeric, 2)]::float8[] AS v
FROM generate_series(1, 20000) i;
ANALYZE many;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE fr_serial AS SELECT dea_frontier(v) AS f FROM many;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT dea_frontier(v) FROM many;
CREATE TEMP TABLE fr_parallel AS SELECT dea_frontier(v) AS f FROM many;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
SELECT frontier_size(p.f) AS points, frontier_rows(p.f) AS rows, p.f::text = s.f::text AS parallel_equals_serial
FROM fr_parallel p, fr_serial s;
SELECT m.id, round(dea_bod(m.v, frontier_points(s.f))::numeric, 6) AS bod
FROM many m, fr_serial s WHERE m.id <= 10 ORDER BY m.id;
SELECT count(*) FILTER (WHERE dea_bod(m.v, frontier_points(s.f)) > 1 + 1e-9) AS above_one,
       count(*) FILTER (WHERE abs(dea_bod(m.v, frontier_points(s.f)) - 1) <= 1e-9) AS efficient
FROM many m, fr_serial s;

DROP VIEW hosp_xy;
DROP TABLE hosp, cust, fr, fr2, fr_sent, many;
