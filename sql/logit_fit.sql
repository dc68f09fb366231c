-- Layer 3: fit() with weighting 'outcome' (doc/outcome_weighting.md): an
-- L2-penalised logistic regression of the model's outcome on the
-- normalised indicators, one parallel logit_step scan per Newton iteration;
-- coefficients, standard errors, iterations and convergence stored in the
-- version; weights |beta_j| / sum |beta|, directions from the signs;
-- combine 'probability' scores the fitted probability.
--
-- Published example: Wikipedia, "Logistic regression", section "Example"
-- (hours studied vs passing an exam): intercept -4.0777 (SE 1.7610),
-- hours 1.5046 (SE 0.6287) per hour.  The model reads hours normalised to
-- [0, 1] over its range [0.5, 5.5], so its coefficient is 5 x 1.5046.
SET search_path = public, complaint_tier;
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

CREATE TABLE exam (id int PRIMARY KEY, hours float8, pass boolean);
INSERT INTO exam
SELECT i, h, p
FROM unnest('{0.50,0.75,1.00,1.25,1.50,1.75,1.75,2.00,2.25,2.50,2.75,3.00,3.25,3.50,4.00,4.25,4.50,4.75,5.00,5.50}'::float8[],
            '{f,f,f,f,f,f,t,f,t,f,t,f,t,f,t,t,t,t,t,t}'::boolean[]) WITH ORDINALITY u(h, p, i);

SELECT define_model('exam', '{
  "key": "id", "source": "exam",
  "dimensions": [{"name": "study"}],
  "indicators": [{"name": "hours", "dimension": "study"}],
  "weighting": "outcome", "outcome": "pass", "outcome_penalty": 0,
  "combine": "probability",
  "tiers": {"overall": {"labels": ["unlikely", "likely"], "cuts": [0.5]}}}');
SELECT fit('exam', 'exam');
SELECT round((logit_coef[2] / (ind_hi[1] - ind_lo[1]))::numeric, 4) AS per_hour,
       round((logit_coef[1] - logit_coef[2] * ind_lo[1] / (ind_hi[1] - ind_lo[1]))::numeric, 4) AS intercept,
       round((logit_se[2] / (ind_hi[1] - ind_lo[1]))::numeric, 4) AS se_per_hour,
       round(logit_loglik::numeric, 4) AS loglik, logit_rows, logit_iterations, logit_converged,
       weighting, combine, outcome, outcome_penalty, ind_direction, ind_global_weight, dim_weights, warnings
FROM model_version WHERE model = 'exam';
-- the score is the fitted probability of passing
SELECT x.id, x.hours, round(e.score::numeric, 4) AS score, e.tier,
       abs(e.score - 1 / (1 + exp(-(-4.07771343 + 1.50464543 * x.hours)))) < 1e-7 AS published
FROM exam x CROSS JOIN LATERAL evaluate('exam', x) e ORDER BY x.id;
SELECT indicator, round(normalised::numeric, 4) AS normalised, weight, global_weight
FROM explain('exam', (SELECT x FROM exam x WHERE id = 10));
-- the spec round-trips with its outcome keys
SELECT model_spec('exam') -> 'weighting' AS weighting, model_spec('exam') -> 'outcome' AS outcome,
       model_spec('exam') -> 'outcome_penalty' AS penalty, model_spec('exam') -> 'combine' AS combine;
SELECT define_model('exam', model_spec('exam')) AS redefined;

-- Two indicators, both declared "benefit"; the second works against the
-- outcome: its coefficient is negative, fit reverses it (WARNING) and
-- weights both by |beta|.  The probability equals the regression's on the
-- declared directions, recomputed here from the stored coefficients.
CREATE TABLE two (id int PRIMARY KEY, a float8, b float8, c int, y boolean);
INSERT INTO two
SELECT g, g % 10, (g * 7) % 13, 3, (g * 7919) % 100 < 35 + 4 * (g % 10) - 3 * ((g * 7) % 13)
FROM generate_series(1, 400) g;
SELECT define_model('two', '{
  "key": "id", "source": "two",
  "dimensions": [{"name": "d1"}, {"name": "d2"}],
  "indicators": [{"name": "a", "dimension": "d1"}, {"name": "b", "dimension": "d2"},
                 {"name": "c", "dimension": "d2"}],
  "weighting": "outcome", "outcome": "y", "methods": ["weighted_sum", "topsis"], "combine": "probability",
  "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.8, 0.2]}}}');
SELECT fit('two', 'two');
SELECT (SELECT array_agg(round(x::numeric, 4)) FROM unnest(logit_coef) x) AS coef,
       (SELECT array_agg(round(x::numeric, 4)) FROM unnest(logit_se) x) AS se,
       ind_direction, (SELECT array_agg(round(x::numeric, 4)) FROM unnest(ind_global_weight) x) AS global_weight,
       (SELECT array_agg(round(x::numeric, 4)) FROM unnest(dim_weights) x) AS dim_weights,
       logit_iterations, outcome_penalty, warnings
FROM model_version WHERE model = 'two';
SELECT max(abs(e.score - 1 / (1 + exp(-(mv.logit_coef[1] + mv.logit_coef[2] * t.a / 9 + mv.logit_coef[3] * t.b / 12)))))
       < 1e-12 AS probability_from_coefficients,
       count(*) FILTER (WHERE e.tier = 'high') AS high
FROM two t CROSS JOIN LATERAL evaluate('two', t) e, model_version mv WHERE mv.model = 'two';

-- the regression's coefficients equal one Newton solve on the same rows
-- (logit_step over the declared-direction normalised values)
WITH RECURSIVE it(k, beta) AS (
	SELECT 0, '{0,0,0}'::float8[]
	UNION ALL
	SELECT k + 1, logit_newton((SELECT logit_step(ARRAY[t.a / 9, t.b / 12], t.y, it.beta) FROM two t), 1)
	FROM it WHERE k < 12
)
SELECT (SELECT bool_and(abs(x - y) < 1e-7) FROM unnest(it.beta, mv.logit_coef[1:3]) u(x, y)) AS same_solution
FROM it, model_version mv WHERE it.k = 12 AND mv.model = 'two';

-- a target indicator that works against the outcome is read as 1 - target
CREATE TABLE tgt (id int, x float8, y boolean);
INSERT INTO tgt SELECT g, g % 21, (abs(g % 21 - 10) >= 4) = ((g * 37) % 10 >= 2) FROM generate_series(1, 300) g;
SELECT define_model('tgt', '{"source": "tgt", "dimensions": [{"name": "d"}],
  "indicators": [{"name": "x", "dimension": "d", "direction": "target", "best_lo": 7, "best_hi": 13}],
  "weighting": "outcome", "outcome": "y", "combine": "probability",
  "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.5, 0.5]}}}');
SELECT fit('tgt', 'tgt');
SELECT ind_direction, round(logit_coef[2]::numeric, 4) AS coef FROM model_version WHERE model = 'tgt';
SELECT t.x, round(x.normalised::numeric, 4) AS normalised
FROM tgt t CROSS JOIN LATERAL explain('tgt', t) x WHERE t.id IN (1, 5, 10, 18) ORDER BY t.id;

-- degenerate data
-- a constant indicator: WARNING, coefficient 0, no standard error
SELECT (SELECT array_agg(round(x::numeric, 4)) FROM unnest(logit_coef) x) AS coef, logit_se[4] IS NULL AS no_se
FROM model_version WHERE model = 'two';
-- completely separated: no maximum without a penalty; a penalty bounds it (WARNING)
CREATE TABLE sep (id int, x float8, y boolean);
INSERT INTO sep SELECT g, g, g > 10 FROM generate_series(1, 20) g;
SELECT define_model('sep', '{"source": "sep", "dimensions": [{"name": "d"}], "indicators": [{"name": "x", "dimension": "d"}],
  "weighting": "outcome", "outcome": "y", "outcome_penalty": 0,
  "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.5, 0.5]}}}');
SELECT fit('sep', 'sep');
UPDATE model SET outcome_penalty = 1 WHERE name = 'sep';
SELECT fit('sep', 'sep');
SELECT round(logit_coef[2]::numeric, 4) AS coef, warnings FROM model_version WHERE model = 'sep';
-- all one class
UPDATE sep SET y = true;
SELECT fit('sep', 'sep');
-- unknown outcomes are left out (NOTICE); a 0/1 number works as a boolean
ALTER TABLE sep ADD COLUMN y01 int;
UPDATE sep SET y = id > 10 OR id = 3, y01 = CASE WHEN id % 7 = 0 THEN NULL WHEN id > 10 OR id = 3 THEN 1 ELSE 0 END;
UPDATE model SET outcome = 'y01' WHERE name = 'sep';
SELECT fit('sep', 'sep');
SELECT logit_rows, outcome FROM model_version WHERE model = 'sep' ORDER BY version DESC LIMIT 1;
UPDATE sep SET y01 = 2 WHERE id = 4;
SELECT fit('sep', 'sep');
-- the outcome column missing or of the wrong type
CREATE TABLE sep2 AS SELECT id, x FROM sep;
SELECT fit('sep', 'sep2');
CREATE TABLE sep3 AS SELECT id, x, y::text AS y01 FROM sep;
SELECT fit('sep', 'sep3');

-- configuration errors
SELECT define_model('bad', '{"source": "two", "dimensions": [{"name": "d"}], "indicators": [{"name": "a", "dimension": "d"}],
  "weighting": "outcome", "tiers": {"overall": {"labels": ["l", "h"], "cuts": [0.5]}}}');
SELECT define_model('bad', '{"source": "two", "dimensions": [{"name": "d", "weight": 1}], "indicators": [{"name": "a", "dimension": "d", "weight": 1}],
  "combine": "probability", "outcome_penalty": -1, "tiers": {"overall": {"labels": ["l", "h"], "cuts": [0.5]}}}');
SELECT define_model('bad', '{"source": "two", "dimensions": [{"name": "d"}], "indicators": [{"name": "y", "dimension": "d"}],
  "weighting": "outcome", "outcome": "y", "tiers": {"overall": {"labels": ["l", "h"], "cuts": [0.5]}}}');
SELECT define_model('bad', '{"source": "two", "dimensions": [{"name": "d"}], "indicators": [{"name": "a", "dimension": "d"}],
  "weighting": "outcome", "outcome": "nope", "tiers": {"overall": {"labels": ["l", "h"], "cuts": [0.5]}}}');
CREATE TABLE two_text AS SELECT id, a, y::text AS y FROM two;
SELECT define_model('bad', '{"source": "two_text", "dimensions": [{"name": "d"}], "indicators": [{"name": "a", "dimension": "d"}],
  "weighting": "outcome", "outcome": "y", "tiers": {"overall": {"labels": ["l", "h"], "cuts": [0.5]}}}');
SELECT define_model('bad', '{"source": "two", "dimensions": [{"name": "d"}], "indicators": [{"name": "a", "dimension": "d"}],
  "weighting": "outcome", "outcome": "y", "outcome_penalty": "big", "tiers": {"overall": {"labels": ["l", "h"], "cuts": [0.5]}}}');

-- the shipped telecom model copied with weighting outcome on the synthetic
-- porting requests (sample_customers: 8 % below satisfaction 2.5, else
-- 1.5 %): satisfaction dominates, reversed (the more satisfied, the fewer
-- requests), and the top fifth by fitted probability ports twice as often
CREATE TABLE tcust AS SELECT * FROM sample_customers(20000);
SET client_min_messages = error;
SELECT define_model('telecom_porting', (model_spec('telecom') - 'rules')
       || '{"weighting": "outcome", "outcome": "porting_requested", "methods": ["weighted_sum", "topsis"], "combine": "probability"}');
SELECT fit('telecom_porting', 'tcust');
RESET client_min_messages;
SELECT u.name, round(u.coef::numeric, 3) AS coef, round(u.se::numeric, 3) AS se,
       (ARRAY['benefit', 'cost', 'target', 'target reversed'])[u.dir + 1] AS fitted_direction,
       round(u.w::numeric, 3) AS global_weight
FROM model_version mv,
     LATERAL unnest(mv.ind_name, mv.logit_coef[2:], mv.logit_se[2:], mv.ind_direction, mv.ind_global_weight) u(name, coef, se, dir, w)
WHERE mv.model = 'telecom_porting' ORDER BY abs(u.coef) DESC LIMIT 4;
SELECT logit_rows, logit_iterations, cardinality(warnings) AS warnings,
       (SELECT count(*) FROM tcust WHERE porting_requested) AS porting
FROM model_version WHERE model = 'telecom_porting';
-- customers in the top fifth of the fitted probability port more often
SELECT e.score >= (SELECT percentile_cont(0.8) WITHIN GROUP (ORDER BY e2.score)
                   FROM tcust c2 CROSS JOIN LATERAL evaluate('telecom_porting', c2) e2) AS top_fifth,
       count(*), round(avg(c.porting_requested::int)::numeric, 4) AS porting_rate
FROM tcust c CROSS JOIN LATERAL evaluate('telecom_porting', c) e GROUP BY 1 ORDER BY 1;

DELETE FROM model WHERE name IN ('exam', 'two', 'tgt', 'sep', 'telecom_porting');
DROP TABLE exam, two, two_text, tgt, sep, sep2, sep3, tcust;
