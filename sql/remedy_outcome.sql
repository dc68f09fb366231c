-- Remedies that hold up (doc/validation.md): the censoring warning of the
-- remedy_stats aggregate, rank_remedies (shrunken acceptance with back-off
-- and its evidence), mantel_haenszel_rd (Sato's variance), validate_remedy
-- on a held-out table, and evaluate() with remedy_model.method shrinkage.
--
-- The numbers are checked against an independent Python implementation
-- of the formulas (doc/validation.md; Kleinman 1973 for the prior, Sato
-- 1989 for the variance), the same values test/unit/test_remedy_shrink.c
-- pins; with one stratum Sato's variance is the usual
-- p1(1-p1)/n1 + p0(1-p0)/n0 (checked below).
SET search_path = complaint_tier, public;
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

-- censoring: every known outcome the same gives a WARNING (an outcome
-- recorded only at closing, with unknown outcomes passed as false, would
-- turn every open case into a failure); once per group, and from merge()
CREATE TABLE ro_hist (period int, segment text, problem_type text, remedy text, accepted boolean);
INSERT INTO ro_hist
SELECT 1, 'A', 'p1', 'r1', g <= 5 FROM generate_series(1, 10) g
UNION ALL SELECT 2, 'A', 'p1', 'r1', false FROM generate_series(1, 8) g
UNION ALL SELECT 2, 'A', 'p1', 'r2', NULL FROM generate_series(1, 4) g;
SELECT period, remedy_stats(segment, problem_type, remedy, accepted, NULL)::text AS stats
FROM ro_hist GROUP BY period ORDER BY period;
SELECT remedy_stats(segment, problem_type, remedy, accepted, NULL) IS NOT NULL AS both_outcomes FROM ro_hist;
SET client_min_messages = error;
CREATE TEMP TABLE ro_periods AS
SELECT period, remedy_stats(segment, problem_type, remedy, true, NULL) AS s FROM ro_hist GROUP BY period;
RESET client_min_messages;
SELECT merge(s) IS NOT NULL AS merged FROM ro_periods;

-- rank_remedies: the history of the unit test.  Shrunken acceptance
-- (k + alpha) / (n + alpha + beta), prior from the parent level:
--   pair A/p1 (20 known outcomes): r2 8/10 -> 0.775694 (prior: r2 over
--   A's problems, 8/10 and 5/20: mean 13/30, strength 0.709954); r1 5/10
--   -> 0.622204 (5/10, 40/50, 3/4: mean 0.75, strength 9.5625)
--   A/p3 (4 < 20 cases): back-off to the segment A: r1 48/64 -> 0.749435
--   (prior over the segments: 48/64 and 2/10); r2 13/30 (one segment:
--   no estimate of the spread, the raw rate)
--   segment C (no case): every case: r3 9/10 -> 0.788200, r1 50/74 ->
--   0.671796, r2 13/30 -> 0.471438 (prior over the remedies: mean 72/114,
--   strength 7.138282)
CREATE TABLE ro_learn (segment text, problem_type text, remedy text, n int, k int);
INSERT INTO ro_learn VALUES ('A', 'p1', 'r1', 10, 5), ('A', 'p1', 'r2', 10, 8), ('A', 'p2', 'r1', 50, 40),
	('A', 'p2', 'r2', 20, 5), ('A', 'p3', 'r1', 4, 3), ('B', 'p1', 'r1', 10, 2), ('B', 'p1', 'r3', 10, 9);
CREATE TABLE ro_stats AS
SELECT remedy_stats(l.segment, l.problem_type, l.remedy, g <= l.k, NULL) AS s
FROM ro_learn l, generate_series(1, l.n) g;
SELECT q.segment, q.problem_type, r.rank, r.remedy, r.level, r.level_cases, r.cases, r.accepted,
       round(r.acceptance::numeric, 6) AS acceptance, round(r.prior_mean::numeric, 6) AS prior_mean,
       round(r.prior_strength::numeric, 6) AS prior_strength, r.prior_cells,
       round(r.shrunken_acceptance::numeric, 6) AS shrunken
FROM ro_stats, (VALUES ('A', 'p1'), ('A', 'p3'), ('C', 'p1')) q(segment, problem_type),
     rank_remedies(s, q.segment, q.problem_type, 20) r
ORDER BY q.segment, q.problem_type, r.rank;
-- the default min_cases 30 backs off from A/p1 (20 cases) to the segment
SELECT rank, remedy, level, level_cases FROM ro_stats, rank_remedies(s, 'A', 'p1');
-- min_cases 1 keeps the pair even with 4 cases
SELECT rank, remedy, level, level_cases, cases FROM ro_stats, rank_remedies(s, 'A', 'p3', 1);
SELECT rank_remedies(s, 'A', 'p1', 0) FROM ro_stats;

-- mantel_haenszel_rd: one stratum is p1 - p0 with the Wald variance
SELECT round(risk_difference::numeric, 12) AS rd,
       abs(std_error - sqrt(0.6 * 0.4 / 50 + (1.0 / 3) * (2.0 / 3) / 60)) < 1e-15 AS wald_variance,
       round(ci_low::numeric, 12) AS ci_low, round(ci_high::numeric, 12) AS ci_high, strata
FROM mantel_haenszel_rd('{30}', '{50}', '{20}', '{60}');
-- four strata, the last without group 0 (it adds nothing); Python:
-- rd 0.256655715418602, se 0.087554724592047, [0.085051608541866, 0.428259822295338]
SELECT round(risk_difference::numeric, 12) AS rd, round(std_error::numeric, 12) AS se,
       round(ci_low::numeric, 12) AS ci_low, round(ci_high::numeric, 12) AS ci_high,
       strata, cases1, events1, cases0, events0
FROM mantel_haenszel_rd('{30,3,0,5}', '{50,4,2,5}', '{20,10,1,0}', '{60,30,1,0}');
SELECT * FROM mantel_haenszel_rd('{5}', '{5}', '{0}', '{0}');
SELECT * FROM mantel_haenszel_rd('{}', '{}', '{}', '{}');
SELECT * FROM mantel_haenszel_rd('{30,1}', '{50}', '{20}', '{60}');
SELECT * FROM mantel_haenszel_rd('{60}', '{50}', '{20}', '{60}');
SELECT * FROM mantel_haenszel_rd('{30,NULL}', '{50,1}', '{20,1}', '{60,1}');
SELECT * FROM mantel_haenszel_rd('{{30}}', '{{50}}', '{{20}}', '{{60}}');
SELECT * FROM mantel_haenszel_rd('{-1}', '{50}', '{20}', '{60}');
SELECT strata, round(risk_difference::numeric, 6) AS rd FROM mantel_haenszel_rd('[0:0]={30}', '{50}', '{20}', '{60}');

-- validate_remedy on a held-out table built with a known effect: in each
-- (segment, problem type) stratum the recommended remedy is accepted 8 of
-- 10 times, the others 5 of 10 (A/p1: r2 is recommended; A/p3 backs off to
-- the segment, whose best is r1; C has no history: every case, r3)
CREATE TABLE ro_test (segment text, problem_type text, remedy text, accepted boolean);
INSERT INTO ro_test
SELECT q.segment, q.problem_type, q.rem, g <= q.k
FROM (VALUES ('A', 'p1', 'r2', 8), ('A', 'p1', 'r1', 5), ('A', 'p3', 'r1', 8), ('A', 'p3', 'r2', 5),
             ('C', 'p1', 'r3', 8), ('C', 'p1', 'r1', 5)) q(segment, problem_type, rem, k),
     generate_series(1, 10) g;
-- a stratum where the recommendation was never given, and unknown outcomes
INSERT INTO ro_test SELECT 'B', 'p1', 'r1', g <= 3 FROM generate_series(1, 6) g;
INSERT INTO ro_test SELECT 'A', 'p1', 'r1', NULL FROM generate_series(1, 3) g;
SELECT test_cases, strata, strata_recommended, strata_compared, followed, followed_accepted, followed_rate,
       other, other_accepted, other_rate, not_compared, pair_strata, segment_strata, all_strata,
       round(risk_difference::numeric, 12) AS rd, round(std_error::numeric, 12) AS se,
       round(ci_low::numeric, 6) AS ci_low, round(ci_high::numeric, 6) AS ci_high
FROM ro_stats, validate_remedy(s, 'ro_test', 'segment', 'problem_type', 'remedy', 'accepted', 20);
-- the same strata by hand: three of 10 + 10 cases, 8 vs 5 accepted
SELECT round(risk_difference::numeric, 12) AS rd, round(std_error::numeric, 12) AS se
FROM mantel_haenszel_rd('{8,8,8}', '{10,10,10}', '{5,5,5}', '{10,10,10}');
-- wilson (recommend_remedy) needs min_cases cases of the remedy in the pair
SELECT strata_recommended, strata_compared, followed, other, not_compared, pair_strata,
       round(risk_difference::numeric, 6) AS rd
FROM ro_stats, validate_remedy(s, 'ro_test', 'segment', 'problem_type', 'remedy', 'accepted', 10, 'wilson');
-- a held-out outcome with one value: WARNING, no interval
CREATE TABLE ro_censored AS SELECT segment, problem_type, remedy, false AS accepted FROM ro_test;
SELECT test_cases, strata_compared, risk_difference, ci_low, ci_high
FROM ro_stats, validate_remedy(s, 'ro_censored', 'segment', 'problem_type', 'remedy', 'accepted', 20);
-- errors
SELECT * FROM ro_stats, validate_remedy(s, 'ro_test', 'segment', 'problem', 'fix', 'accepted');
CREATE TABLE ro_text AS SELECT segment, problem_type, remedy, accepted::text AS accepted FROM ro_test;
SELECT * FROM ro_stats, validate_remedy(s, 'ro_text', 'segment', 'problem_type', 'remedy', 'accepted');
SELECT * FROM ro_stats, validate_remedy(s, 'ro_test', 'segment', 'problem_type', 'remedy', 'accepted', 30, 'best');
SELECT * FROM ro_stats, validate_remedy(s, 'ro_test', 'segment', 'problem_type', 'remedy', 'accepted', 0);

-- evaluate(): with remedy_model.method shrinkage the reason of
-- history_informed_remedy names the shrunken recommendation and its level
CREATE TABLE ro_src AS SELECT * FROM sample_customers(500);
SELECT fit('telecom', 'ro_src') AS version;
INSERT INTO remedy_model (model, stats, segment, min_cases, method)
SELECT 'telecom', remedy_stats(segment, problem_type, remedy, accepted, NULL), 'lifecycle_stage', 20, 'shrinkage'
FROM (SELECT CASE l.segment WHEN 'A' THEN 'stable' ELSE 'growth' END AS segment,
             CASE l.problem_type WHEN 'p1' THEN 'billing' WHEN 'p2' THEN 'network' ELSE 'app' END AS problem_type,
             l.remedy, g <= l.k AS accepted
      FROM ro_learn l, generate_series(1, l.n) g) h;
SELECT f.n, u.reason
FROM (VALUES (1, '{"tenure_months": 40, "problem_type": "billing", "accepted_ratio": 0.5}'::jsonb),
             (2, '{"tenure_months": 40, "problem_type": "app", "accepted_ratio": 0.5}'),
             (3, '{"tenure_months": 2, "problem_type": "billing", "accepted_ratio": 0.5}'),
             (4, '{"tenure_months": 40, "accepted_ratio": 0.5}')) f(n, facts)
CROSS JOIN LATERAL evaluate('telecom', f.facts) e
CROSS JOIN LATERAL unnest(e.strategies, e.reasons) u(strategy, reason)
WHERE u.strategy = 'history_informed_remedy' ORDER BY f.n;
\set VERBOSITY terse
UPDATE remedy_model SET method = 'best' WHERE model = 'telecom';
\set VERBOSITY default

DELETE FROM remedy_model WHERE model = 'telecom';
DELETE FROM active_version WHERE model = 'telecom';
DELETE FROM model_version WHERE model = 'telecom';
DROP TABLE ro_hist, ro_learn, ro_stats, ro_test, ro_censored, ro_text, ro_src;
