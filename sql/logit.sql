-- Layer 2: logistic regression from mergeable sufficient statistics
-- (logit_stats, logit_step, merge, logit_newton, logit_std_errors,
-- logit_summary; doc/outcome_weighting.md).
--
-- Published example: Wikipedia, "Logistic regression", section "Example"
-- (hours studied vs passing an exam, 20 students): maximum-likelihood
-- intercept -4.0777 (SE 1.7610), hours 1.5046 (SE 0.6287).  With the L2
-- penalty lambda = 1 on the coefficient (not the intercept), scikit-learn
-- 1.2.1 LogisticRegression(C = 1, solver = 'newton-cg', tol = 1e-12) gives
-- intercept -3.13952489, hours 1.14860389.
SET search_path = complaint_tier, public;

CREATE TABLE exam (id int PRIMARY KEY, hours float8, pass boolean);
INSERT INTO exam
SELECT i, h, p
FROM unnest('{0.50,0.75,1.00,1.25,1.50,1.75,1.75,2.00,2.25,2.50,2.75,3.00,3.25,3.50,4.00,4.25,4.50,4.75,5.00,5.50}'::float8[],
            '{f,f,f,f,f,f,t,f,t,f,t,f,t,f,t,t,t,t,t,t}'::boolean[]) WITH ORDINALITY u(h, p, i);

-- the state at beta = 0, checked by hand: every p = 1/2, so loglik =
-- 20 ln(1/2) = -13.8629, gradient = (sum (y - 1/2), sum (y - 1/2) x) =
-- (0, 10.125), information = (20/4, sum x / 4, sum x^2 / 4) =
-- (5, 13.9375, 49.640625); eta = 0 for every row
SELECT logit_step(ARRAY[hours], pass, '{0,0}') FROM exam;

-- Newton iterations, one scan each, converge to the published estimates
WITH RECURSIVE it(k, beta) AS (
	SELECT 0, '{0,0}'::float8[]
	UNION ALL
	SELECT k + 1, logit_newton((SELECT logit_step(ARRAY[e.hours], e.pass, it.beta) FROM exam e))
	FROM it WHERE k < 8
)
SELECT k, round(beta[1]::numeric, 6) AS intercept, round(beta[2]::numeric, 6) AS hours FROM it ORDER BY k;

-- at the solution: gradient 0, standard errors 1.7610 and 0.6287,
-- log-likelihood -8.0299
CREATE TEMP TABLE mle AS
WITH RECURSIVE it(k, beta) AS (
	SELECT 0, '{0,0}'::float8[]
	UNION ALL
	SELECT k + 1, logit_newton((SELECT logit_step(ARRAY[e.hours], e.pass, it.beta) FROM exam e))
	FROM it WHERE k < 10
)
SELECT beta FROM it WHERE k = 10;
SELECT (SELECT array_agg(round(b::numeric, 4)) FROM unnest(m.beta) b) AS beta,
       (SELECT array_agg(round(s::numeric, 4)) FROM unnest(logit_std_errors(st)) s) AS std_errors,
       round(sm.loglik::numeric, 4) AS loglik,
       (SELECT max(abs(g)) FROM unnest(sm.gradient) g) < 1e-9 AS gradient_zero,
       sm.rows, sm.positives, sm.separated
FROM mle m, LATERAL (SELECT logit_step(ARRAY[e.hours], e.pass, m.beta) AS st FROM exam e) s,
     LATERAL logit_summary(s.st) sm;

-- the L2 penalty lambda = 1 (scikit-learn C = 1): the penalised Newton step
WITH RECURSIVE it(k, beta) AS (
	SELECT 0, '{0,0}'::float8[]
	UNION ALL
	SELECT k + 1, logit_newton((SELECT logit_step(ARRAY[e.hours], e.pass, it.beta) FROM exam e), 1)
	FROM it WHERE k < 10
)
SELECT round(beta[1]::numeric, 6) AS intercept, round(beta[2]::numeric, 6) AS hours,
       abs(beta[1] - (-3.13952489)) < 1e-6 AND abs(beta[2] - 1.14860389) < 1e-6 AS matches_sklearn
FROM it WHERE k = 10;

-- merge: the states of two halves (gathered at one beta) add up to the whole
-- (the same sums in another order: equal within 1e-12)
SELECT w.rows = m.rows AND w.positives = m.positives AS counts_equal,
       abs(w.loglik - m.loglik) < 1e-12 AS loglik_equal,
       (SELECT bool_and(abs(a - b) < 1e-12) FROM unnest(w.gradient, m.gradient) u(a, b)) AS gradient_equal,
       logit_newton(ws) = logit_newton(ms) OR
       (SELECT bool_and(abs(a - b) < 1e-12) FROM unnest(logit_newton(ws), logit_newton(ms)) u(a, b)) AS information_equal
FROM (SELECT logit_step(ARRAY[hours], pass, '{-1,0.5}') AS ws FROM exam) x,
     (SELECT merge(s) AS ms FROM (SELECT logit_step(ARRAY[hours], pass, '{-1,0.5}') AS s FROM exam GROUP BY id % 2) h) y,
     LATERAL logit_summary(ws) w, LATERAL logit_summary(ms) m;
SELECT logit_stats_combine(NULL, NULL) IS NULL AS both_empty,
       logit_stats_combine(NULL, (SELECT logit_step(ARRAY[hours], pass, '{0,0}') FROM exam WHERE id <= 2))::text AS one_side;
-- rows with a NULL x or y are skipped; no row at all: NULL
SELECT (logit_summary(logit_step(CASE WHEN id % 2 = 0 THEN ARRAY[hours] END, pass, '{0,0}'))).rows AS rows_with_x,
       (logit_summary(logit_step(ARRAY[hours], CASE WHEN id <= 5 THEN pass END, '{0,0}'))).rows AS rows_with_y,
       logit_step(ARRAY[hours], pass, '{0,0}') FILTER (WHERE false) IS NULL AS empty
FROM exam;

-- text and binary round trips
SELECT s::text::logit_stats::text = s::text AS text_round_trip
FROM (SELECT logit_step(ARRAY[hours, hours * hours / 7], pass, '{0.1,-0.2,0.3333333333333333}') AS s FROM exam) x;
CREATE TEMP TABLE lbin (s logit_stats);
INSERT INTO lbin SELECT logit_step(ARRAY[hours], pass, '{0.25,0.125}') FROM exam;
-- scratch files named after the server port (concurrent clusters do not collide)
\set tmp_logit_regress '/tmp/complaint_tier_logit_regress_' :PORT '.bin'
COPY lbin TO :'tmp_logit_regress' (FORMAT binary);
CREATE TEMP TABLE lbin2 (s logit_stats);
COPY lbin2 FROM :'tmp_logit_regress' (FORMAT binary);
SELECT b2.s::text = b.s::text AS binary_round_trip FROM lbin b, lbin2 b2;

-- malformed text
SELECT 'v2;p=2'::logit_stats;
SELECT 'v1;p=1'::logit_stats;
SELECT 'v1;p=300'::logit_stats;
SELECT 'v1;p=2;rows=1;positives=2;loglik=-1;eta=0,0;beta=0,0;gradient=0,0;information=1,0,1'::logit_stats;
SELECT 'v1;p=2;rows=1;positives=1;loglik=-1;eta=0,0;beta=0,0;gradient=0,0;information=1,0'::logit_stats;
SELECT 'v1;p=2;rows=1;positives=1;loglik=-1;eta=0,0;beta=0,inf;gradient=0,0;information=1,0,1'::logit_stats;

-- argument errors
SELECT logit_step(ARRAY[hours], pass, NULL) FROM exam;
SELECT logit_step(ARRAY[hours], pass, '{0}') FROM exam;
SELECT logit_step(ARRAY[hours, NULL], pass, '{0,0,0}') FROM exam;
SELECT logit_step(ARRAY[hours, 'NaN'], pass, '{0,0,0}') FROM exam;
SELECT logit_step(ARRAY[hours], pass, ARRAY[0, id]::float8[]) FROM exam;
SELECT logit_step(CASE WHEN id = 3 THEN ARRAY[hours, 1] ELSE ARRAY[hours] END, pass, CASE WHEN id = 3 THEN '{0,0,0}'::float8[] ELSE '{0,0}' END) FROM exam;
SELECT logit_step('{}'::float8[], pass, '{0}') FROM exam;
SELECT logit_step(ARRAY[1e200], true, '{0,0}');
SELECT logit_stats_combine((SELECT logit_step(ARRAY[hours], pass, '{0,0}') FROM exam),
                           (SELECT logit_step(ARRAY[hours], pass, '{0,1}') FROM exam));
SELECT logit_stats_combine((SELECT logit_step(ARRAY[hours], pass, '{0,0}') FROM exam),
                           (SELECT logit_step(ARRAY[hours, 1], pass, '{0,0,0}') FROM exam));
SELECT logit_newton(logit_step(ARRAY[hours], pass, '{0,0}'), -1) FROM exam;
SELECT logit_newton(logit_step(ARRAY[hours], pass, '{0,0}'), 'NaN') FROM exam;
SELECT logit_step('{{1,2}}'::float8[], true, '{0,0,0}');
SELECT logit_step(ARRAY[hours], pass, '{{0,0}}') FROM exam;
SELECT logit_newton('v1;p=2;rows=0;positives=0;loglik=0;eta=0,0;beta=0,0;gradient=0,0;information=0,0,0');
-- the fit's driver (internal): NULL statistics, a malformed driver state,
-- statistics gathered at other coefficients than it proposed
SELECT _logit_next(NULL, 1, NULL);
SELECT _logit_next(logit_step(ARRAY[hours], pass, '{0,0}'), 1, '{1,2,3}') FROM exam;
SELECT (d).converged, (d).scans, (SELECT array_agg(round(b::numeric, 6)) FROM unnest((d).beta) b) AS next_beta
FROM (SELECT _logit_next(logit_step(ARRAY[hours], pass, '{0,0}'), 1, NULL) AS d FROM exam) x;
SELECT _logit_next(logit_step(ARRAY[hours], pass, '{0,0}'), 1,
                   (SELECT (_logit_next(logit_step(ARRAY[hours], pass, '{0,0}'), 1, NULL)).driver FROM exam))
FROM exam;
-- a constant column is singular without a penalty
SELECT logit_newton(logit_step(ARRAY[hours, 2], pass, '{0,0,0}')) FROM exam;
SELECT (SELECT array_agg(round(b::numeric, 6)) FROM unnest(logit_newton(logit_step(ARRAY[hours, 2], pass, '{0,0,0}'), 1)) b) AS penalised
FROM exam;

-- parallel: a forced split shows Partial Aggregate and equals the serial
-- state within 1e-9 relative (only the order of the additions differs)
CREATE TABLE logit_big AS
SELECT g AS id, ARRAY[(g % 97) / 97.0, sin(g)]::float8[] AS x, (g * 7919) % 100 < 30 + (g % 97) / 3 AS y
FROM generate_series(1, 100000) g;
ANALYZE logit_big;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE lserial AS SELECT logit_step(x, y, '{-0.5,0.8,0.1}') AS s FROM logit_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT logit_step(x, y, '{-0.5,0.8,0.1}') FROM logit_big;
CREATE TEMP TABLE lpar AS SELECT logit_step(x, y, '{-0.5,0.8,0.1}') AS s FROM logit_big;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
SELECT a.rows = b.rows AND a.positives = b.positives AS counts_equal,
       abs(a.loglik - b.loglik) <= 1e-9 * abs(b.loglik) AS loglik_close,
       (SELECT bool_and(abs(g1 - g2) <= 1e-9 * (1 + abs(g2))) FROM unnest(a.gradient, b.gradient) u(g1, g2)) AS gradient_close,
       (SELECT bool_and(abs(s1 - s2) <= 1e-9 * s2) FROM unnest(logit_std_errors(p.s), logit_std_errors(q.s)) u(s1, s2)) AS information_close,
       a.rows, a.positives
FROM lpar p, lserial q, LATERAL logit_summary(p.s) a, LATERAL logit_summary(q.s) b;
DROP TABLE logit_big;
DROP TABLE exam;
