-- Method possibility_satisfaction (possibility-satisfaction, 可能—满意度;
-- doc/mcdm.md, "Possibility-satisfaction"): each indicator's linear
-- possibility degree (a cost indicator: 1 at its lower limit, 0 at its
-- upper) or satisfaction degree (a benefit indicator: 0 at its lower limit,
-- 1 at its upper), combined by multiplication, prod_j d_j^(g_j / G).
-- Checked against the definition computed here from the raw values and the
-- expert limits (range_lo, range_hi), the veto of a zero degree, NULL
-- inputs, explain and explain_json, the snapshot, the combination with
-- other methods, limits from the fitting population, errors.
SET client_min_messages = warning;
\set SHOW_CONTEXT never
SET extra_float_digits = 0;

-- 10 complaint customers: arpu (benefit, satisfying from 20 to 120),
-- complaints (cost, possible from 0 to 6), csat (target: best 4 to 5 on 1..5),
-- lvl (qualitative)
CREATE TABLE ps_t (id int PRIMARY KEY, arpu float8, complaints int, csat float8, lvl text);
INSERT INTO ps_t VALUES
  (1, 60, 1, 4.5, 'gold'), (2, 150, 0, 5, 'gold'), (3, 35, 3, 2, 'silver'),
  (4, 90, 2, 3.5, 'bronze'), (5, 20, 1, 4, 'silver'), (6, 110, 6, 4.2, 'gold'),
  (7, 75, 4, 1.5, 'silver'), (8, NULL, 2, 3, 'gold'), (9, 45, 0, 4.8, 'bronze'),
  (10, 100, 5, 2.5, 'silver');
SELECT complaint_tier.define_model('ps_m', $spec$
{"key": "id", "source": "ps_t",
 "dimensions": [{"name": "value", "weight": 0.5}, {"name": "service", "weight": 0.5}],
 "indicators": [
   {"name": "arpu", "column": "arpu", "dimension": "value", "range_lo": 20, "range_hi": 120, "weight": 3},
   {"name": "lvl", "column": "lvl", "dimension": "value", "levels": ["bronze", "silver", "gold"],
    "level_scores": [0.2, 0.6, 1], "weight": 1},
   {"name": "complaints", "column": "complaints", "dimension": "service", "direction": "cost",
    "range_lo": 0, "range_hi": 6, "weight": 2},
   {"name": "csat", "column": "csat", "dimension": "service", "direction": "target", "range_lo": 1, "range_hi": 5,
    "best_lo": 4, "best_hi": 5, "weight": 2}],
 "methods": ["possibility_satisfaction"], "combine": "possibility_satisfaction",
 "tiers": {"overall": {"labels": ["low", "mid", "high"], "shares": [0.3, 0.4, 0.3]}}}
$spec$);
SELECT complaint_tier.fit('ps_m', 'ps_t');
SELECT u.name, round(u.g::numeric, 6) AS g, round(u.impute::numeric, 6) AS impute
FROM complaint_tier.model_version mv JOIN complaint_tier.active_version USING (model, version),
     unnest(mv.ind_name, mv.ind_global_weight, mv.ind_impute) u(name, g, impute) WHERE model = 'ps_m';

-- the definition from the raw values: the degrees clamp the linear
-- functions of the limits; a NULL takes the fitted default (ind_impute, the
-- mean degree of the fitting population)
CREATE FUNCTION ps_check(m text) RETURNS TABLE(id int, raw float8, by_definition float8)
LANGUAGE sql AS $f$
	WITH mv AS (SELECT mv.* FROM complaint_tier.model_version mv
	            JOIN complaint_tier.active_version a USING (model, version) WHERE mv.model = m),
	d AS (
		SELECT c.id,
		       CASE WHEN c.arpu IS NULL THEN (SELECT ind_impute[1] FROM mv)
		            ELSE least(greatest((c.arpu - 20) / 100.0, 0), 1) END AS d_arpu,
		       CASE c.lvl WHEN 'bronze' THEN 0.2 WHEN 'silver' THEN 0.6 ELSE 1.0 END AS d_lvl,
		       least(greatest((6 - c.complaints) / 6.0, 0), 1) AS d_complaints,
		       CASE WHEN c.csat BETWEEN 4 AND 5 THEN 1.0 WHEN c.csat < 4 THEN (c.csat - 1) / 3.0 ELSE 1.0 END AS d_csat
		FROM ps_t c)
	SELECT d.id, (complaint_tier.explain_json(m, c) -> 'methods' -> 0 ->> 'raw')::float8,
	       CASE WHEN least(d_arpu, d_lvl, d_complaints, d_csat) = 0 THEN 0
	            ELSE exp((g[1] * ln(d_arpu) + g[2] * ln(d_lvl) + g[3] * ln(d_complaints) + g[4] * ln(d_csat))
	                     / (g[1] + g[2] + g[3] + g[4])) END
	FROM d JOIN ps_t c USING (id), (SELECT ind_global_weight AS g FROM mv) w
	ORDER BY d.id
$f$;
SELECT id, round(raw::numeric, 12) AS raw, round(by_definition::numeric, 12) AS by_definition,
       abs(raw - by_definition) <= 1e-12 AS same
FROM ps_check('ps_m');
-- combine possibility_satisfaction: the score is the raw product; customers
-- 5 (arpu 20: no satisfaction at all) and 6 (6 complaints: not possible at
-- all) score 0 whatever else they have
SELECT c.id, round(e.score::numeric, 6) AS score, e.tier
FROM ps_t c CROSS JOIN LATERAL complaint_tier.evaluate('ps_m', c) e ORDER BY e.score, c.id;

-- explain_json: the degrees, their weights and the veto
SELECT jsonb_pretty((complaint_tier.explain_json('ps_m', c) -> 'methods' -> 0) - 'score_part' - 'percentile')
FROM ps_t c WHERE id = 6;
-- explain(): the contributions add up to the raw score
SELECT round(sum(method_contributions[1])::numeric, 12) AS contributions,
       round(((complaint_tier.explain_json('ps_m', (SELECT c FROM ps_t c WHERE id = 4)) -> 'methods' -> 0 ->> 'raw'))::numeric, 12) AS raw
FROM complaint_tier.explain('ps_m', (SELECT c FROM ps_t c WHERE id = 4));
SELECT complaint_tier.explain_json('ps_m', c) -> 'methods' -> 0 ->> 'attribution' AS attribution FROM ps_t c WHERE id = 4;

-- the snapshot evaluates the same
SELECT count(*) AS rows, count(*) FILTER (WHERE e.score = s.score AND e.tier = s.tier) AS same_as_snapshot,
       array_agg(c.id) FILTER (WHERE e.score IS DISTINCT FROM s.score OR e.tier IS DISTINCT FROM s.tier) AS differ
FROM ps_t c CROSS JOIN LATERAL complaint_tier.evaluate('ps_m', c) e
CROSS JOIN LATERAL complaint_tier.evaluate(complaint_tier.model_snapshot('ps_m', NULL), c) s;

-- with other methods: the mean of the percentiles; the product never
-- exceeds the weighted sum of the same degrees
UPDATE complaint_tier.model SET methods = '{weighted_sum,possibility_satisfaction,topsis}', combine = 'mean_percentile'
WHERE name = 'ps_m';
SELECT complaint_tier.fit('ps_m', 'ps_t');
SELECT cardinality(quantiles) / 1001 AS methods_with_quantiles
FROM complaint_tier.model_version JOIN complaint_tier.active_version USING (model, version) WHERE model = 'ps_m';
SELECT count(*) AS rows, count(e.tier) AS tiered,
       bool_and((j -> 1 ->> 'raw')::float8 <= (j -> 0 ->> 'raw')::float8 + 1e-12) AS product_at_most_sum,
       bool_and(abs((j -> 1 ->> 'raw')::float8 - p.by_definition) <= 1e-12) AS same_as_definition
FROM ps_t c CROSS JOIN LATERAL complaint_tier.evaluate('ps_m', c) e
CROSS JOIN LATERAL (SELECT complaint_tier.explain_json('ps_m', c) -> 'methods' AS j) x
JOIN ps_check('ps_m') p ON p.id = c.id;

-- without limits the fitting population's minimum and maximum (20 and 150)
-- are the limits: arpu 60 is then (60 - 20) / 130 satisfying instead of
-- (60 - 20) / 100, and 150 is 1 as before
UPDATE complaint_tier.indicator SET range_lo = NULL, range_hi = NULL WHERE model = 'ps_m' AND name = 'arpu';
SELECT complaint_tier.fit('ps_m', 'ps_t');
SELECT ind_lo[1] AS lower_limit, ind_hi[1] AS upper_limit
FROM complaint_tier.model_version JOIN complaint_tier.active_version USING (model, version) WHERE model = 'ps_m';
SELECT c.id, c.arpu, round((j -> 'degrees' -> 0 ->> 'degree')::numeric, 12) AS d_arpu,
       round(((c.arpu - 20) / 130.0)::numeric, 12) AS expected, round((j ->> 'raw')::numeric, 6) AS raw
FROM ps_t c, LATERAL (SELECT complaint_tier.explain_json('ps_m', c) -> 'methods' -> 1 AS j) x
WHERE c.id IN (1, 2, 5) ORDER BY c.id;

-- errors: listed twice
SELECT complaint_tier.define_model('ps_bad', '{"indicators": [{"name": "a", "dimension": "d"}], "dimensions": [{"name": "d"}], "methods": ["possibility_satisfaction", "possibility_satisfaction"]}');

DROP TABLE ps_t;
DROP FUNCTION ps_check(text);
DELETE FROM complaint_tier.model WHERE name = 'ps_m';
