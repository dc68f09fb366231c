-- explain() and explain_json(): the indicators' contributions add up to the
-- score the customer got (doc/explain.md).
--   1. a five-customer model with every method, derived by hand in the
--      comments (no published source; the numbers were recomputed
--      independently with numpy from the formulas of doc/model.md and
--      doc/explain.md);
--   2. 10,000 sample customers under each method alone and under
--      combinations: the contributions sum to the score within 1e-12;
--   3. errors.
SET search_path = public, complaint_tier;
\set SHOW_CONTEXT never
SET client_min_messages = warning;

-- 1. Model "tri": dimensions x and y (weight 0.5 each); a and b in x (expert
-- weight 1 each), c in y: global weights a 0.25, b 0.25, c 0.5.  Every
-- column spans 0..4 (the fitted range), so the normalised value is raw/4:
--   customer  a b c   normalised          weighted sum
--   1         0 4 2   0     1     0.5     0.5
--   2         4 0 1   1     0     0.25    0.375
--   3         2 2 4   0.5   0.5   1       0.75
--   4         1 3 0   0.25  0.75  0       0.25
--   5         3 1 3   0.75  0.25  0.75    0.625
-- Ideal 1 and anti-ideal 0 for every indicator.
-- TOPSIS C = D-/(D+ + D-), D+- = sqrt(sum (g (v - ref))^2); customer 5:
--   D-^2 = .1875^2 + .0625^2 + .375^2 = 0.1796875, D+^2 = 0.0546875,
--   C = 0.4239/(0.2339 + 0.4239) = 0.644464.
-- Grey (rho 0.5, delta_max 1): xi = 0.5/(1 - v + 0.5) = 1/3, 0.4, 0.5, 2/3, 1
--   for v = 0, .25, .5, .75, 1; customer 5: .25*(2/3) + .25*.4 + .5*(2/3) = 0.6.
-- VIKOR: d = g (1 - v); S = 1 - weighted sum: .5, .625, .25, .75, .375;
--   R = max d: .25, .375, .125, .5, .1875; S in [.25, .75], R in [.125, .5];
--   customer 5: Q = .5*(.125/.5) + .5*(.0625/.375) = 0.208333, 1 - Q = 0.791667.
-- Fuzzy (min_max, 5 grades at 0, .25, .5, .75, 1; every value sits on a
--   centre): b_g = the largest weight among the indicators in grade g;
--   customer 5: a and c in grade 3 (b_3 = max(.25, .5) = .5, from c), b in
--   grade 1 (.25): (.25*.25 + .5*.75)/.75 = 0.583333.
-- All five methods rank the customers 4 < 2 < 1 < 5 < 3, and a member of a
-- five-row population at rank i (0..4) has percentile i/4 (quantile 250 i is
-- its score).  Scores: 0.5, 0.25, 1, 0, 0.75 (the mean of equal
-- percentiles).  Overall cuts at the 0.4 and 0.8 quantiles of the scores
-- 0, .25, .5, .75, 1: 0.4 and 0.8; customer 5 is "mid" in [0.4, 0.8).
-- (a + b = 4 for every customer: dimension x scores 0.5 for all, so its
-- "low" band is empty and fit warns.)
CREATE TABLE tri (id int PRIMARY KEY, a float8, b float8, c float8);
INSERT INTO tri VALUES (1, 0, 4, 2), (2, 4, 0, 1), (3, 2, 2, 4), (4, 1, 3, 0), (5, 3, 1, 3);
SELECT define_model('tri', $spec$
{
  "key": "id", "source": "tri",
  "dimensions": [{"name": "x", "weight": 0.5}, {"name": "y", "weight": 0.5}],
  "indicators": [{"name": "a", "dimension": "x", "weight": 1},
                 {"name": "b", "dimension": "x", "weight": 1},
                 {"name": "c", "dimension": "y", "weight": 1}],
  "methods": ["weighted_sum", "topsis", "grey_relational", "vikor", "fuzzy"],
  "tiers": {"overall": {"labels": ["low", "mid", "high"], "shares": [0.4, 0.4, 0.2]},
            "dimension": {"labels": ["low", "high"], "cuts": [0.5]}},
  "classifications": [{"name": "grade", "labels": [
     {"label": "top", "when": "c >= 3 AND y_score >= 0.75"},
     {"label": "rest", "when": "TRUE"}]}],
  "strategies": [{"code": "tri_call", "title": "Call back within a day"}],
  "rules": [{"id": "tri.top", "strategy": "tri_call", "priority": 10,
             "when": "grade = 'top' AND score >= 0.5", "routing_priority": 2},
            {"id": "tri.mid", "strategy": "tri_call", "priority": 20, "when": "tier = 'mid'"}]
}
$spec$);
SELECT fit('tri', 'tri');
SELECT t.id, e.score, e.tier, e.dimension_scores, e.dimension_tiers, e.class_labels, e.strategies
FROM tri t CROSS JOIN LATERAL evaluate('tri', t) e ORDER BY t.id;

-- Customer 5 (score 0.75; every method at percentile 0.75, each carrying
-- 0.75/5 = 0.15 of the score).  Each method's shares (its terms over their
-- sum):
--   weighted sum  g v:                 .1875, .0625, .375 / .625   = .3, .1, .6
--   TOPSIS        (g (v - 0))^2:       .03515625, .00390625, .140625 / .1796875
--                                      = 9/46, 1/46, 36/46
--   grey          g xi:                .25*(2/3), .25*.4, .5*(2/3) / .6
--                                      = 5/18, 1/6, 5/9
--   VIKOR         utility g - d = g v: .3, .1, .6
--   fuzzy         grade terms b c:     grade 3 (.5*.75) to c, grade 1
--                                      (.25*.25) to b: 0, 1/7, 6/7
-- Contributions 0.15 * (sum of the shares):
--   a 0.15*(.3 + 9/46 + 5/18 + .3 + 0)       = 0.161014
--   b 0.15*(.1 + 1/46 + 1/6 + .1 + 1/7)      = 0.079689
--   c 0.15*(.6 + 36/46 + 5/9 + .6 + 6/7)     = 0.509296
-- summing to 0.75, the score (the weighted sum's own terms sum to 0.625).
-- Dimension parts: x score .5*.75 + .5*.25 = 0.5, y 0.75; dimension
-- contributions x = 0.240704, y = 0.509296.
SELECT ordinal, indicator, dimension, raw_value, normalised, imputed, weight, dimension_weight, global_weight,
       contribution_to_dimension AS to_dimension, round(contribution_to_score::numeric, 6) AS to_score,
       methods, (SELECT array_agg(round(x::numeric, 6)) FROM unnest(method_contributions) x) AS method_parts,
       (SELECT array_agg(round(x::numeric, 6)) FROM unnest(score_via_methods) x) AS via_methods
FROM explain('tri', (SELECT t FROM tri t WHERE id = 5));
SELECT sum(contribution_to_score) AS total, (evaluate('tri', t)).score,
       sum(contribution_to_score) = (evaluate('tri', t)).score AS equal
FROM tri t CROSS JOIN LATERAL explain('tri', t) x WHERE t.id = 5 GROUP BY t.*;

-- The whole decision as one document: score and tier with its band, the
-- methods with their raw scores and percentiles, indicators, dimensions,
-- the classification (c = 3 and y_score = 0.75: "top", the first
-- condition), the rule that fired and the one whose condition holds but
-- whose strategy the first already gave.
SELECT jsonb_pretty(explain_json('tri', t)) FROM tri t WHERE id = 5;

-- The same from a JSON customer, and explain(jsonb) = explain(record).
SELECT explain_json('tri', to_jsonb(t)) = explain_json('tri', t) AS same_document FROM tri t ORDER BY id;
SELECT count(*) AS differ
FROM tri t, LATERAL (SELECT * FROM explain('tri', t) EXCEPT SELECT * FROM explain('tri', to_jsonb(t))) d;

-- combine = topsis: the score is customer 5's closeness 0.644464, split by
-- TOPSIS's shares alone: 0.644464 * (9/46, 1/46, 36/46) = 0.126091, 0.014010,
-- 0.504363; the other methods carry nothing.
SELECT define_model('tri_topsis', model_spec('tri') - 'rules' - 'strategies' || '{"combine": "topsis"}');
SELECT fit('tri_topsis', 'tri');
SELECT indicator, round(contribution_to_score::numeric, 6) AS to_score,
       (SELECT array_agg(round(x::numeric, 6)) FROM unnest(score_via_methods) x) AS via_methods
FROM explain('tri_topsis', (SELECT t FROM tri t WHERE id = 5));
SELECT e -> 'score' AS score, e -> 'combination' AS combination,
       jsonb_path_query_array(e, '$.methods[*].score_part') AS score_parts, e -> 'rules' AS rules
FROM explain_json('tri_topsis', (SELECT t FROM tri t WHERE id = 5)) e;

-- A customer with every input NULL: every indicator imputed (the fitted
-- default, the population mean of its normalised value: 0.5 for each), and
-- no class: the only input the conditions read is NULL.
SELECT e -> 'indicators' -> 0 -> 'imputed' AS imputed, e -> 'indicators' -> 0 -> 'raw' AS raw,
       e -> 'classifications' AS classifications
FROM explain_json('tri', '{"id": 9}'::jsonb) e;

-- 2. 10,000 sample customers: the telecom model and copies of it with each
-- method alone (combine = that method) and with combinations (the mean of
-- the percentiles of all five methods under each fuzzy operator, two
-- methods, and one method chosen among several).
CREATE TABLE sample10k AS SELECT * FROM sample_customers(10000);
CREATE TABLE exp_models (name text, methods text[], combine text, fuzzy_operator text);
INSERT INTO exp_models VALUES
 ('x_weighted_sum', '{weighted_sum}', 'weighted_sum', 'min_max'),
 ('x_topsis', '{topsis}', 'topsis', 'min_max'),
 ('x_grey', '{grey_relational}', 'grey_relational', 'min_max'),
 ('x_vikor', '{vikor}', 'vikor', 'min_max'),
 ('x_fuzzy', '{fuzzy}', 'fuzzy', 'min_max'),
 ('x_fuzzy_product_max', '{fuzzy}', 'fuzzy', 'product_max'),
 ('x_fuzzy_min_sum', '{fuzzy}', 'fuzzy', 'min_sum'),
 ('x_mean_all', '{weighted_sum,topsis,grey_relational,vikor,fuzzy}', 'mean_percentile', 'min_max'),
 ('x_mean_all_wavg', '{weighted_sum,topsis,grey_relational,vikor,fuzzy}', 'mean_percentile', 'weighted_average'),
 ('x_mean_all_pmax', '{weighted_sum,topsis,grey_relational,vikor,fuzzy}', 'mean_percentile', 'product_max'),
 ('x_mean_ws_vikor', '{weighted_sum,vikor}', 'mean_percentile', 'min_max'),
 ('x_mean_vikor', '{vikor}', 'mean_percentile', 'min_max'),
 ('x_grey_of_three', '{topsis,grey_relational,fuzzy}', 'grey_relational', 'min_sum');
SELECT count(define_model(name, model_spec('telecom') - 'rules' - 'strategies'
         || jsonb_build_object('methods', methods, 'combine', combine, 'fuzzy_operator', fuzzy_operator)))
FROM exp_models;
SELECT count(fit(name, 'sample10k')) FROM exp_models;
SELECT fit('telecom', 'sample10k');
INSERT INTO exp_models VALUES ('telecom', '{weighted_sum,topsis,grey_relational,vikor}', 'mean_percentile', 'min_max');

-- Per model (the model is the outer loop, so each call site reads it once):
-- the largest |sum of contributions - score| over the 10,000 customers, and
-- the rows where a contribution is negative or the parts via the methods do
-- not add up to it.
SELECT m.name, m.combine, r.customers, r.max_abs_deviation, r.max_abs_deviation <= 1e-12 AS within_1e_12,
       r.negative, r.via_mismatch
FROM exp_models m
CROSS JOIN LATERAL (
  SELECT count(*) AS customers, max(abs(x.total - e.score)) AS max_abs_deviation,
         sum(x.negative) AS negative, sum(x.via_mismatch) AS via_mismatch
  FROM sample10k c
  CROSS JOIN LATERAL evaluate(m.name, c) e
  CROSS JOIN LATERAL (
    SELECT sum(contribution_to_score) AS total,
           count(*) FILTER (WHERE contribution_to_score < 0) AS negative,
           count(*) FILTER (WHERE abs((SELECT sum(v) FROM unnest(score_via_methods) v) - contribution_to_score) > 1e-15)
             AS via_mismatch
    FROM explain(m.name, c)) x) r
ORDER BY m.name;

-- Each method's parts add up to its raw score (the weighted sum's parts are
-- g v): 1,000 customers of the mean model, method by method.
SELECT m.ord AS method_index, m.value ->> 'method' AS method, count(*) AS customers,
       max(abs(p.parts - (m.value ->> 'raw')::float8)) AS max_abs_deviation
FROM (SELECT * FROM sample10k WHERE customer_id <= 1000) c
CROSS JOIN LATERAL explain_json('x_mean_all', c) d
CROSS JOIN LATERAL jsonb_array_elements(d -> 'methods') WITH ORDINALITY m(value, ord)
CROSS JOIN LATERAL (SELECT sum((i -> 'methods' -> (m.ord::int - 1) ->> 'raw_part')::float8) AS parts
                    FROM jsonb_array_elements(d -> 'indicators') i) p
GROUP BY 1, 2 ORDER BY 1;

-- explain_json agrees: its indicator contributions and its dimension
-- contributions both sum to its score, and its score, strategies, reasons
-- and routing priority are evaluate()'s (1,000 customers of the telecom
-- model).
SELECT count(*) AS customers,
       max(abs((SELECT sum((i ->> 'contribution')::float8) FROM jsonb_array_elements(d -> 'indicators') i)
               - (d ->> 'score')::float8)) AS max_abs_deviation_indicators,
       max(abs((SELECT sum((i ->> 'contribution')::float8) FROM jsonb_array_elements(d -> 'dimensions') i)
               - (d ->> 'score')::float8)) AS max_abs_deviation_dimensions,
       count(*) FILTER (WHERE (d ->> 'score')::float8 <> (evaluate('telecom', c)).score) AS score_differs,
       count(*) FILTER (WHERE d -> 'strategies' <> to_jsonb((evaluate('telecom', c)).strategies)) AS strategies_differ,
       count(*) FILTER (WHERE jsonb_path_query_array(d, '$.rules[*].reason') <> to_jsonb((evaluate('telecom', c)).reasons))
         AS reasons_differ,
       count(*) FILTER (WHERE d -> 'routing_priority' <> coalesce(to_jsonb((evaluate('telecom', c)).routing_priority), 'null'))
         AS routing_differs
FROM (SELECT * FROM sample10k WHERE customer_id <= 1000) c
CROSS JOIN LATERAL explain_json('telecom', c) d;

-- The question of the issue: customer 42 under telecom.  Its score, the sum
-- of its contributions (the same), and the weighted sum (one of the four
-- methods before its percentile), which the contributions used to sum to.
SELECT round(e.score::numeric, 6) AS score, e.tier, round(sum(x.contribution_to_score)::numeric, 6) AS contributions,
       round(sum(x.method_contributions[1])::numeric, 6) AS weighted_sum_raw, x.methods[1]
FROM sample10k c CROSS JOIN LATERAL evaluate('telecom', c) e CROSS JOIN LATERAL explain('telecom', c) x
WHERE c.customer_id = 42 GROUP BY e.score, e.tier, x.methods[1];
SELECT d -> 'score' AS score, d -> 'tier' AS tier, d -> 'band' AS band, d ->> 'combination' AS combination,
       jsonb_path_query_array(d, '$.methods[*].method') AS methods,
       jsonb_path_query_array(d, '$.methods[*].percentile') AS percentiles,
       jsonb_path_query_array(d, '$.classifications[*] ? (@.label != null).label') AS classes,
       jsonb_path_query_array(d, '$.rules[*].rule') AS rules,
       jsonb_path_query_array(d, '$.withheld[*].why') AS withheld
FROM explain_json('telecom', (SELECT c FROM sample10k c WHERE customer_id = 42)) d;
SELECT jsonb_pretty(d -> 'classifications' -> 0) AS lifecycle_stage
FROM explain_json('telecom', (SELECT c FROM sample10k c WHERE customer_id = 42)) d;

-- 3. Errors, and NULL.
SELECT explain_json('nope', t) FROM tri t WHERE id = 1;
SELECT * FROM explain('nope', '{}'::jsonb);
SELECT explain_json('tri', '[1, 2]'::jsonb);
SELECT explain_json('tri', '{"a": "high"}'::jsonb);
SELECT * FROM explain('tri', (SELECT x FROM (SELECT 1 AS id, 2.0::float8 AS a) x));
SELECT explain_json('tri', (SELECT x FROM (SELECT 7 AS id, 'NaN'::float8 AS a, 1::float8 AS b, 1::float8 AS c) x));
SELECT explain_json('tri', NULL::jsonb) IS NULL AS null_customer, explain_json(NULL, '{}'::jsonb) IS NULL AS null_model;
SELECT count(*) AS null_rows FROM explain('tri', NULL::tri);
SELECT define_model('tri_unfitted', model_spec('tri') - 'rules' - 'strategies');
SELECT explain_json('tri_unfitted', t) FROM tri t WHERE id = 1;
SELECT * FROM explain('tri_unfitted', (SELECT t FROM tri t WHERE id = 1));

-- 4. The document as lines, in the order a person asks (customer 5 of tri,
-- and customer 42 under telecom).
SELECT * FROM explain_report(explain_json('tri', (SELECT t FROM tri t WHERE id = 5)));
SELECT * FROM explain_report(explain_json('telecom', (SELECT c FROM sample10k c WHERE customer_id = 42)));
SELECT * FROM explain_report('{"score": 1}'::jsonb);
SELECT * FROM explain_report('[]'::jsonb);
SELECT count(*) AS null_lines FROM explain_report(NULL);

-- clean up: the models (their versions and rules go with them), the
-- strategy, the tables, and telecom's version fitted here
DELETE FROM complaint_tier.model WHERE name IN (SELECT name FROM exp_models WHERE name <> 'telecom')
  OR name IN ('tri', 'tri_topsis', 'tri_unfitted');
DELETE FROM complaint_tier.strategies WHERE code = 'tri_call';
DELETE FROM complaint_tier.active_version WHERE model = 'telecom';
DELETE FROM complaint_tier.model_version WHERE model = 'telecom';
DROP TABLE tri, sample10k, exp_models;
