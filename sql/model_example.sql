-- The model layer on five customers computed by hand (no published source:
-- every number below is derived in these comments from the definitions in
-- doc/model.md).
SET search_path = complaint_tier, public;
-- errors show their message, detail and hint (not the PL/pgSQL line numbers)
\set SHOW_CONTEXT never

-- Model "five": five dimensions, of which only value and behaviour carry
-- weight, 0.5 each (binary-exact weights, so that equal weighted sums are
-- equal to the last bit); background, credit and handling have weight 0 and
-- no indicator.
--   arpu            value      benefit, fitted range, expert weight 3
--   customer_level  value      levels ordinary, silver, gold -> 0, 0.5, 1, expert weight 1
--   complaints      behaviour  cost, fixed range [1, 5], expert weight 1
-- Within value: w(arpu) = 3/4 = 0.75, w(level) = 1/4 = 0.25; behaviour: w = 1.
-- Global weights: arpu 0.5*0.75 = 0.375, level 0.5*0.25 = 0.125, complaints 0.5.
-- Its three classifications are the shipped telecom model's (lifecycle_stage,
-- credit_grade, behaviour_class; src/sql/150_model_telecom.sql).
CREATE TABLE five (
	customer_id bigint, arpu float8, customer_level text, complaints_90d int,
	tenure_months float8, satisfaction float8, porting_requested boolean,
	unreasonable_ratio float8, emotional boolean);
INSERT INTO five VALUES
 (1,  20, 'ordinary', 1,  3, 4,   false, 0,   false),
 (2,  60, 'silver',   2, 12, 3,   false, 0.1, true),
 (3, 100, 'gold',     5, 30, 2,   false, 0.8, false),
 (4,  40, 'gold',     1, 48, 5,   true,  0,   false),
 (5,  80, 'silver',   3, 24, 4.5, false, 0.4, false);

SELECT define_model('five', $spec$
{
  "key": "customer_id",
  "source": "five",
  "dimensions": [
    {"name": "background", "weight": 0},
    {"name": "value", "weight": 0.5},
    {"name": "credit", "weight": 0},
    {"name": "behaviour", "weight": 0.5},
    {"name": "handling", "weight": 0}
  ],
  "indicators": [
    {"name": "arpu", "column": "arpu", "dimension": "value", "direction": "benefit", "weight": 3},
    {"name": "level", "column": "customer_level", "dimension": "value", "kind": "qualitative",
     "levels": ["ordinary", "silver", "gold"], "weight": 1},
    {"name": "complaints", "column": "complaints_90d", "dimension": "behaviour", "direction": "cost",
     "range_lo": 1, "range_hi": 5, "weight": 1}
  ],
  "weighting": "expert",
  "methods": ["weighted_sum"],
  "tiers": {
    "overall": {"labels": ["low", "mid", "high"], "shares": [0.4, 0.4, 0.2]},
    "dimension": {"labels": ["low", "high"], "cuts": [0.5]}
  },
  "classifications": [
    {"name": "lifecycle_stage", "labels": [
      {"label": "warning", "when": "porting_requested OR satisfaction <= 2"},
      {"label": "identification", "when": "tenure_months < 6"},
      {"label": "growth", "when": "tenure_months < 24"},
      {"label": "stable", "when": "tenure_months >= 24"}]},
    {"name": "credit_grade", "labels": [
      {"label": "high", "when": "credit_score >= 0.8"},
      {"label": "medium", "when": "credit_score >= 0.5"},
      {"label": "low", "when": "credit_score < 0.5"}]},
    {"name": "behaviour_class", "labels": [
      {"label": "frequent_unreasonable", "when": "complaints_90d >= 3 AND unreasonable_ratio >= 0.5"},
      {"label": "emotional_urgent", "when": "emotional"},
      {"label": "first_time_good_faith", "when": "complaints_90d = 1 AND unreasonable_ratio <= 0.2"},
      {"label": "regular", "when": "TRUE"}]}
  ]
}
$spec$);
-- the model's outputs, in the order of the evaluation's arrays
SELECT * FROM model_outputs('five');

SELECT fit('five', 'five');

-- Normalised values: arpu over the fitted range [20, 100]: (x-20)/80
--   = 0, 0.5, 1, 0.25, 0.75; level = 0, 0.5, 1, 1, 0.5;
--   complaints 1 - (c-1)/4 = 1, 0.75, 0, 1, 0.5.
-- value score = 0.75 arpu + 0.25 level = 0, 0.5, 1, 0.4375, 0.6875
-- behaviour score = 1, 0.75, 0, 1, 0.5
-- weighted sum = 0.5 value + 0.5 behaviour = 0.5, 0.625, 0.5, 0.71875, 0.59375
-- The only method is weighted_sum, so the score is its percentile in the
-- population: sorted 0.5, 0.5, 0.59375, 0.625, 0.71875; quantile k/1000 sits
-- at position 4k/1000, so the tie 0.5 fills quantiles 0..250 (middle 125 ->
-- 0.125), 0.59375 is quantile 500 (0.5), 0.625 quantile 750 (0.75),
-- 0.71875 quantile 1000 (1).  Scores: 0.125, 0.75, 0.125, 1, 0.5.
-- Overall cuts at the 0.4 and 0.8 quantiles of the scores .125, .125, .5,
-- .75, 1: position 1.6 -> 0.125 + 0.6*0.375 = 0.35, position 3.2 -> 0.75 +
-- 0.2*0.25 = 0.8.
-- Tiers (a score equal to a cut goes up): 1 low, 2 mid, 3 low, 4 high, 5 mid.
-- Dimension tiers, fixed cut 0.5: value low, high, high, low, high;
-- behaviour high, high, low, high, high.
-- Stage (growth from 6 months, stable from 24, warning when porting or
-- satisfaction <= 2): 1 identification, 2 growth, 3 warning (satisfaction 2),
-- 4 warning (porting), 5 stable (24 months).
-- Behaviour class (frequent from 3 complaints, unreasonable from 0.5, good
-- faith up to 0.2): 1 first_time_good_faith, 2 emotional_urgent,
-- 3 frequent_unreasonable, 4 first_time_good_faith, 5 regular (frequent but
-- mostly reasonable: frequency alone does not make a customer unreasonable).
-- No credit indicator: credit_score is NULL, and so is credit_grade (the
-- only input of its conditions is NULL).  Background and handling have no
-- indicator either: NULL scores and no tiers.
-- dimension k of the arrays is the k-th dimension of the spec, class k the
-- k-th classification:
SELECT DISTINCT e.dimension_names, e.class_names
FROM five f CROSS JOIN LATERAL evaluate('five', f) e;
SELECT f.customer_id, e.version, round(e.score::numeric, 10) AS score, e.tier,
       e.dimension_scores[1] AS background_score, round(e.dimension_scores[2]::numeric, 10) AS value_score,
       e.dimension_scores[3] AS credit_score, round(e.dimension_scores[4]::numeric, 10) AS behaviour_score,
       e.dimension_scores[5] AS handling_score,
       e.dimension_tiers[2] AS value_tier, e.dimension_tiers[4] AS behaviour_tier, e.dimension_tiers[1] AS background_tier,
       e.class_labels[1] AS lifecycle_stage, e.class_labels[2] AS credit_grade, e.class_labels[3] AS behaviour_class,
       e.strategies, e.reasons, e.routing_priority, e.refund_ceiling
FROM five f CROSS JOIN LATERAL evaluate('five', f) e ORDER BY f.customer_id;

-- the fitted version: ranges, weights, cut points
SELECT version, state, source, row_count, key, dim_names, class_names, class_count,
       ind_lo, ind_hi, ind_weight, ind_global_weight, dim_weights, tier_cuts::numeric(12,10)[] AS tier_cuts, dim_tier_count, dim_tier_labels, dim_tier_cuts,
       kendall_w, methods_agree, warnings
FROM model_version WHERE model = 'five';

-- explain customer 2: the weighted sum's terms 0.375*0.5 = 0.1875,
-- 0.125*0.5 = 0.0625, 0.5*0.75 = 0.375 (sum 0.625) give the shares 0.3, 0.1,
-- 0.6 of the score 0.75 (the weighted sum's percentile, the only method):
-- contributions 0.225, 0.075, 0.45, summing to the score
SELECT ordinal, indicator, dimension, raw_value, normalised, imputed, weight,
       dimension_weight, round(global_weight::numeric, 10) AS global_weight,
       round(contribution_to_dimension::numeric, 10) AS to_dimension,
       round(contribution_to_score::numeric, 10) AS to_score
FROM explain('five', (SELECT f FROM five f WHERE customer_id = 2));

-- jsonb gives the same as the row
SELECT f.customer_id, (evaluate('five', to_jsonb(f))).score = (evaluate('five', f)).score AS same
FROM five f ORDER BY 1;

-- A NULL indicator takes the fitted default, the population mean of its
-- normalised value: arpu (0+0.5+1+0.25+0.75)/5 = 0.5.  With level gold (1)
-- and one complaint (1): value = 0.75*0.5 + 0.25 = 0.625, weighted sum
-- 0.5*0.625 + 0.5 = 0.8125 > 0.71875, the population maximum: score 1, high.
SELECT score, tier, dimension_scores[2] AS value_score, dimension_scores[4] AS behaviour_score
FROM evaluate('five', '{"arpu": null, "customer_level": "gold", "complaints_90d": 1}'::jsonb);
SELECT indicator, raw_value, normalised, imputed
FROM explain('five', ROW(6, NULL, 'gold', 1, 10, 3, false, 0, false)::five);
-- Missing keys are NULL too; the classification inputs are then unknown,
-- so every class is NULL (behaviour_class too, although its last label's
-- condition is TRUE: a class is NULL when every input its conditions read
-- is NULL).
-- All imputed: arpu 0.5, level (0+.5+1+1+.5)/5 = 0.6, complaints
-- (1+.75+0+1+.5)/5 = 0.65; value 0.375 + 0.15 = 0.525, weighted sum
-- 0.5*0.525 + 0.5*0.65 = 0.5875, between quantile 250 (0.5) and 500
-- (0.59375), where quantile k is 0.5 + (4k/1000 - 1)*0.09375: k = 483.33,
-- score 0.48333.
SELECT round(score::numeric, 10) AS score, tier, class_labels[1] AS lifecycle_stage, class_labels[3] AS behaviour_class
FROM evaluate('five', '{}'::jsonb);
-- values outside the fitted range clamp: arpu 500 -> 1
SELECT dimension_scores[2] AS value_score FROM evaluate('five', '{"arpu": 500, "customer_level": "ordinary", "complaints_90d": 9}'::jsonb);

-- bad input rows
SELECT score FROM evaluate('five', '{"customer_level": "platinum"}'::jsonb);
SELECT score FROM evaluate('five', '{"arpu": "high"}'::jsonb);
SELECT score FROM evaluate('five', '{"customer_level": 3}'::jsonb);
SELECT score FROM evaluate('five', '{"arpu": [1]}'::jsonb);
SELECT score FROM evaluate('five', '{"emotional": 1}'::jsonb);
SELECT score FROM evaluate('five', '[]'::jsonb);
SELECT score FROM evaluate('five', ROW(7, 'NaN', 'gold', 1, 10, 3, false, 0, false)::five);
SELECT e.score FROM (SELECT 1 AS customer_id, 50::float8 AS arpu, 'gold' AS customer_level) c
CROSS JOIN LATERAL evaluate('five', c) e;
SELECT e.score FROM (SELECT 50::text AS arpu, 'gold' AS customer_level, 2 AS complaints_90d) c
CROSS JOIN LATERAL evaluate('five', c) e;
SELECT e.score FROM (SELECT 50 AS arpu, 1 AS customer_level, 2 AS complaints_90d) c
CROSS JOIN LATERAL evaluate('five', c) e;
-- a record must also carry the columns the classifications read (a jsonb
-- customer may leave keys out: they are NULL)
SELECT e.score FROM (SELECT 50 AS arpu, 'gold' AS customer_level, 2 AS complaints_90d) c
CROSS JOIN LATERAL evaluate('five', c) e;
SELECT e.score FROM (SELECT 50 AS arpu, 'gold' AS customer_level, 2 AS complaints_90d, 'yes' AS emotional,
       10 AS tenure_months, 3 AS satisfaction, false AS porting_requested, 0.1 AS unreasonable_ratio) c
CROSS JOIN LATERAL evaluate('five', c) e;
SELECT e.score FROM (SELECT 50 AS arpu, 'gold' AS customer_level, 2 AS complaints_90d, 1 AS emotional,
       10 AS tenure_months, 3 AS satisfaction, false AS porting_requested, 0.1 AS unreasonable_ratio) c
CROSS JOIN LATERAL evaluate('five', c) e;
-- other numeric types and extra columns are fine: customer 2's values,
-- score 0.75, tier mid, growth, emotional_urgent
SELECT round(e.score::numeric, 10) AS score, e.tier, e.class_labels
FROM (SELECT 'x' AS note, 60::numeric AS arpu, 'silver'::varchar AS customer_level, 2::smallint AS complaints_90d,
             12::int AS tenure_months, 3::numeric AS satisfaction, false AS porting_requested,
             0.1::real AS unreasonable_ratio, true AS emotional) c
CROSS JOIN LATERAL evaluate('five', c) e;
-- STRICT: a NULL customer gives NULL
SELECT evaluate('five', NULL::five) IS NULL AS strict_null;

-- unknown model, unfitted model, unknown version
SELECT score FROM evaluate('nope', '{}'::jsonb);
SELECT define_model('unfitted', '{"dimensions": [{"name": "value", "weight": 1}],
  "indicators": [{"name": "arpu", "column": "arpu", "dimension": "value", "weight": 1}],
  "tiers": {"overall": {"labels": ["low", "high"], "cuts": [0.5]}}}');
SELECT score FROM evaluate('unfitted', '{}'::jsonb);
SELECT score FROM evaluate('five', 9, (SELECT f FROM five f LIMIT 1));
SELECT score FROM evaluate('five', 0, (SELECT f FROM five f LIMIT 1));

-- Versioning.  Version 2 adds TOPSIS and scores by the raw weighted sum.
UPDATE model SET methods = '{weighted_sum,topsis}', combine = 'weighted_sum' WHERE name = 'five';
SELECT fit('five', 'five');
-- score = weighted sum (0.5, 0.625, 0.5, 0.71875, 0.59375); cuts at the 0.4
-- and 0.8 quantiles of it: position 1.6 -> 0.5 + 0.6*0.09375 = 0.55625,
-- position 3.2 -> 0.625 + 0.2*0.09375 = 0.64375: low, mid, low, high, mid.
-- TOPSIS, weights (0.375, 0.125, 0.5), ideal (1,1,1), anti-ideal (0,0,0):
--   1 v=(0,0,1):       D+ = sqrt(.375^2+.125^2) = .3952847, D- = .5, C = .5584816
--   2 v=(.5,.5,.75):   D+ = sqrt(.0546875) = .2338536, D- = sqrt(.1796875) = .4238956, C = .6444637
--   3 v=(1,1,0):       D+ = .5, D- = .3952847, C = .4415184
--   4 v=(.25,1,1):     D+ = .28125, D- = sqrt(.2744140625) = .5238455, C = .6506628
--   5 v=(.75,.5,.5):   D+ = sqrt(.0751953125) = .2742176, D- = sqrt(.1455078125) = .3814548, C = .5817820
-- Ranks (ascending, ties averaged): weighted sum 1.5, 4, 1.5, 5, 3;
-- TOPSIS 2, 4, 1, 5, 3.  Rank sums 3.5, 8, 2.5, 10, 6 around the mean 6:
-- S = 6.25 + 4 + 12.25 + 16 + 0 = 38.5; the weighted sum has one pair of
-- ties, T = 2^3 - 2 = 6, so Kendall W = 12 S / (m^2 (n^3 - n) - m T)
-- = 462 / (480 - 12) = 0.9871795.  Spearman = Pearson of the ranks
-- = 9.5 / sqrt(9.5 * 10) = 0.9746794.
SELECT f.customer_id, e.version, round(e.score::numeric, 10) AS score, e.tier
FROM five f CROSS JOIN LATERAL evaluate('five', f) e ORDER BY 1;
SELECT version, tier_cuts::numeric(12,10)[] AS tier_cuts, methods, combine, round(kendall_w::numeric, 10) AS kendall_w,
       methods_agree, spearman::numeric(12,7)[] AS spearman
FROM model_version WHERE model = 'five' ORDER BY version;
-- shadow evaluation: version 1 beside the active version 2
SELECT f.customer_id, (evaluate('five', 1, f)).tier AS v1, (evaluate('five', f)).tier AS active
FROM five f ORDER BY 1;
-- a ready version is immutable
UPDATE model_version SET tier_cuts = '{0.1,0.2}' WHERE model = 'five' AND version = 1;
-- a failed fit leaves version 2 active and stores nothing
CREATE TABLE five_empty (LIKE five);
SELECT fit('five', 'five_empty');
CREATE TABLE five_bad AS SELECT * FROM five;
UPDATE five_bad SET customer_level = 'bronze' WHERE customer_id = 3;
SELECT fit('five', 'five_bad');
SELECT model, version FROM active_version WHERE model = 'five';
SELECT max(version) FROM model_version WHERE model = 'five';
-- roll back to version 1
SELECT activate('five', 1);
SELECT DISTINCT (evaluate('five', f)).version FROM five f;
SELECT activate('five', 5);
SELECT activate('five', 2);

DROP TABLE five, five_empty, five_bad;
DELETE FROM model WHERE name IN ('five', 'unfitted');
