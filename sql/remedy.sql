-- Remedy learning: the remedy_stats type and aggregate, merge, remedy_table
-- and recommend_remedy (doc/validation.md).
-- Worked example: Newcombe RG (1998), Two-sided confidence intervals for the
-- single proportion: comparison of seven methods, Statistics in Medicine
-- 17:857-872, Table II, method 3 (Wilson score interval without continuity
-- correction): 81/263 -> lower 0.2553, 15/148 -> 0.0624, 0/20 -> 0, 1/29 -> 0.0061.
SET search_path = complaint_tier, public;

CREATE TEMP TABLE history (id int, segment text, problem_type text, remedy text, accepted boolean, satisfaction float8);
-- Mortgage / Loan servicing: explanation accepted 81 of 263 (Newcombe's
-- 81/263), refund 15 of 148 (15/148), apology 0 of 20 (0/20), credit 1 of
-- 29 (1/29); satisfaction 4 on every accepted explanation.
INSERT INTO history
SELECT g, 'Mortgage', 'Loan servicing', 'explanation', g <= 81, CASE WHEN g <= 81 THEN 4 END FROM generate_series(1, 263) g
UNION ALL SELECT 1000 + g, 'Mortgage', 'Loan servicing', 'refund', g <= 15, NULL FROM generate_series(1, 148) g
UNION ALL SELECT 2000 + g, 'Mortgage', 'Loan servicing', 'apology', false, NULL FROM generate_series(1, 20) g
UNION ALL SELECT 3000 + g, 'Mortgage', 'Loan servicing', 'credit', g = 1, NULL FROM generate_series(1, 29) g
-- unknown outcomes (not counted in cases), satisfaction without outcome, NULL keys (skipped)
UNION ALL SELECT 4000 + g, 'Mortgage', 'Loan servicing', 'refund', NULL, 2 FROM generate_series(1, 5) g
UNION ALL SELECT 5000, NULL, 'Loan servicing', 'refund', true, 5
UNION ALL SELECT 5001, 'Mortgage', NULL, 'refund', true, 5
UNION ALL SELECT 5002, 'Mortgage', 'Loan servicing', NULL, true, 5
UNION ALL SELECT 5003, 'Mortgage', 'Loan servicing', 'refund', NULL, NULL
-- a second problem type with a clear winner and a thin remedy
UNION ALL SELECT 6000 + g, 'Mortgage', 'Escrow', 'refund', g <= 45, 3 FROM generate_series(1, 50) g
UNION ALL SELECT 7000 + g, 'Mortgage', 'Escrow', 'explanation', g <= 9, 5 FROM generate_series(1, 10) g;

CREATE TEMP TABLE learned AS SELECT remedy_stats(segment, problem_type, remedy, accepted, satisfaction) AS s FROM history;

SELECT segment, problem_type, remedy, cases, accepted, round(acceptance::numeric, 4) AS acceptance,
	   round(wilson_lower::numeric, 4) AS wilson_lower, satisfaction_cases, mean_satisfaction
FROM learned, remedy_table(s);

-- recommendation: the best Wilson lower bound with at least min_cases (default 30)
SELECT remedy, cases, round(acceptance::numeric, 4) AS acceptance, round(wilson_lower::numeric, 10) AS wilson_lower, mean_satisfaction
FROM learned, recommend_remedy(s, 'Mortgage', 'Loan servicing');
SELECT remedy, cases FROM learned, recommend_remedy(s, 'Mortgage', 'Escrow');
-- explanation (9/10, lower 0.5958) is below refund (45/50, lower 0.7864) anyway
SELECT remedy, cases, round(wilson_lower::numeric, 4) FROM learned, recommend_remedy(s, 'Mortgage', 'Escrow', 5);
-- not enough cases, unknown segment or problem: no row
SELECT count(*) FROM learned, recommend_remedy(s, 'Mortgage', 'Escrow', 51);
SELECT count(*) FROM learned, recommend_remedy(s, 'Credit card', 'Loan servicing');
SELECT count(*) FROM learned, recommend_remedy(s, 'Mortgage', 'Loan');
-- min_cases 1 makes every remedy eligible
SELECT remedy FROM learned, recommend_remedy(s, 'Mortgage', 'Loan servicing', 1);
SELECT recommend_remedy(s, 'Mortgage', 'Loan servicing', 0) FROM learned;

-- text form: JSON, castable to jsonb, exact round trip
SELECT s::text FROM (SELECT remedy_stats(segment, problem_type, remedy, accepted, satisfaction) AS s
					 FROM history WHERE problem_type = 'Escrow') e;
SELECT s::text::remedy_stats::text = s::text AS text_round_trip FROM learned;
SELECT jsonb_array_length(s::text::jsonb -> 'entries') AS entries, (s::text::jsonb ->> 'format')::int AS format FROM learned;
SELECT (s::text::jsonb)::text::remedy_stats::text = s::text AS via_jsonb FROM learned;
SELECT '{"format": 1, "entries": []}'::remedy_stats;
SELECT '{"format": 1, "entries": [["a\"b", "\u00e9", "c", 3, 2, 1, 0.1]]}'::remedy_stats;
SELECT remedy, mean_satisfaction FROM remedy_table('{"format": 1, "entries": [["a", "b", "c", 3, 2, 1, 0.1]]}');
-- malformed text input
SELECT ''::remedy_stats;
SELECT '{"format": 2, "entries": []}'::remedy_stats;
SELECT '{"format": 1, "entries": [["a", "b", "c", 3, 4, 0, 0]]}'::remedy_stats;
SELECT '{"format": 1, "entries": [["b", "b", "c", 3, 2, 0, 0], ["a", "b", "c", 3, 2, 0, 0]]}'::remedy_stats;
SELECT '{"format": 1, "entries": [["a", "b", "c", 3, 2, 0]]}'::remedy_stats;
SELECT '{"format": 1, "entries": [["a", "b", "c", 3, 2, 0, 0]]} trailing'::remedy_stats;

-- binary round trip through COPY (FORMAT binary)
CREATE TEMP TABLE bin (s remedy_stats);
INSERT INTO bin SELECT s FROM learned;
-- scratch files named after the server port (concurrent clusters do not collide)
\set tmp_remedy_regress '/tmp/complaint_tier_remedy_regress_' :PORT '.bin'
COPY bin TO :'tmp_remedy_regress' (FORMAT binary);
CREATE TEMP TABLE bin2 (s remedy_stats);
COPY bin2 FROM :'tmp_remedy_regress' (FORMAT binary);
SELECT b2.s::text = l.s::text AS binary_round_trip FROM bin2 b2, learned l;

-- empty input and all-NULL keys: NULL
SELECT remedy_stats(segment, problem_type, remedy, accepted, satisfaction) IS NULL AS empty FROM history WHERE false;
SELECT remedy_stats(NULL::text, 'p', 'r', true, 1) IS NULL AS null_keys FROM generate_series(1, 3);
-- a single row
-- 1 of 1: the Wilson lower bound is 1/(1+z^2) = 0.2065493144 for z = 1.959964 (Wilson 1927, formula as in Newcombe 1998 method 3)
SELECT segment, problem_type, remedy, cases, accepted, acceptance, round(wilson_lower::numeric, 10) AS wilson_lower,
	   satisfaction_cases, mean_satisfaction
FROM (SELECT remedy_stats('s', 'p', 'r', true, 5) AS s) x, remedy_table(x.s) r;
-- errors
SELECT remedy_stats(segment, problem_type, remedy, accepted, 'NaN') FROM history;
SELECT remedy_stats('s', 'p', repeat('r', 1025), true, 1);
SELECT remedy_stats_accum(NULL, 's', 'p', 'r', true, 1);

-- merge: monthly states rolled up equal the whole
CREATE TEMP TABLE monthly AS
SELECT id % 3 AS part, remedy_stats(segment, problem_type, remedy, accepted, satisfaction) AS s
FROM history GROUP BY id % 3;
SELECT merge(s)::text = (SELECT s::text FROM learned) AS merged_equals_whole FROM monthly;
SELECT merge(s) IS NULL AS merge_empty FROM monthly WHERE false;
SELECT remedy_stats_combine(NULL, NULL) IS NULL AS combine_nulls;
SELECT remedy_stats_combine(s, NULL)::text = s::text AS combine_one_side FROM learned;

-- parallel aggregation: partial states are combined; same result as serial
CREATE TABLE remedy_big AS
SELECT g AS id, 'seg' || (g % 3) AS segment, 'prob' || (g % 5) AS problem_type, 'rem' || (g % 4) AS remedy,
	   CASE WHEN g % 11 = 0 THEN NULL ELSE g % 3 <> 0 END AS accepted,
	   CASE WHEN g % 7 = 0 THEN NULL ELSE (g % 5 + 1)::float8 END AS satisfaction
FROM generate_series(1, 20000) g;
ANALYZE remedy_big;
SET max_parallel_workers_per_gather = 0;
SELECT remedy_stats(segment, problem_type, remedy, accepted, satisfaction)::text AS serial_text FROM remedy_big \gset
RESET max_parallel_workers_per_gather;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT remedy_stats(segment, problem_type, remedy, accepted, satisfaction)::text = :'serial_text' FROM remedy_big;
-- integer satisfaction scores: sums are exact in any order, so the states are identical
SELECT remedy_stats(segment, problem_type, remedy, accepted, satisfaction)::text = :'serial_text' AS parallel_equals_serial
FROM remedy_big;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
CREATE TEMP TABLE ser AS SELECT remedy_stats(segment, problem_type, remedy, accepted, satisfaction) AS s FROM remedy_big;
SELECT count(*) AS entries, sum(cases) AS cases, sum(satisfaction_cases) AS scored FROM ser, remedy_table(s);
DROP TABLE remedy_big;
