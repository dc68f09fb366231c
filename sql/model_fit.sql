-- fit / evaluate / explain on generated data: the shipped telecom model on
-- 3,000 sample customers, every weighting and evaluation method, constant
-- indicators, determinism and a parallel plan.  No published example: the
-- checks are exact identities (tier shares, contributions summing to the
-- scores, jsonb = record, serial = parallel, refit = same parameters).
SET search_path = complaint_tier, public;
-- errors show their message, detail and hint (not the PL/pgSQL line numbers)
\set SHOW_CONTEXT never

CREATE TABLE fit_src AS SELECT * FROM sample_customers(3000, 7);
SELECT fit('telecom', 'fit_src');
SELECT version, state, source, row_count, methods, combine, weighting,
       round(kendall_w::numeric, 4) AS kendall_w, methods_agree, warnings,
       cardinality(quantiles) AS quantiles, dim_tier_count,
       round(dimension_cr::numeric, 4) AS dimension_cr,
       dim_names, dim_weights::numeric(6,4)[] AS dim_weights, class_names
FROM model_version WHERE model = 'telecom';
-- weights: within each dimension they sum to 1, overall they sum to 1
SELECT round(sum(w)::numeric, 12) AS sum_global
FROM model_version, unnest(ind_global_weight) w WHERE model = 'telecom';
SELECT d, round(sum(w)::numeric, 12) AS sum_in_dimension
FROM model_version, unnest(ind_dimension, ind_weight) AS u(d, w) WHERE model = 'telecom' GROUP BY d ORDER BY d;
-- the quantile shares 40/30/20/10 are met exactly on the fitting population
SELECT e.tier, count(*) FROM fit_src c CROSS JOIN LATERAL evaluate('telecom', c) e GROUP BY 1 ORDER BY 2 DESC;
-- dimension tiers 30/40/30 (ties can move a few customers); dimension 2 is
-- value
SELECT e.dimension_tiers[2] AS value_tier, count(*) FROM fit_src c CROSS JOIN LATERAL evaluate('telecom', c) e GROUP BY 1 ORDER BY 1;
-- every score in [0,1]; labels, stages, grades and classes from their sets
-- (classes 1, 2, 3: lifecycle_stage, credit_grade, behaviour_class)
SELECT min(e.score) >= 0 AND max(e.score) <= 1 AS score_ok,
       bool_and(cardinality(e.dimension_scores) = 5 AND 0 <= ALL (e.dimension_scores) AND 1 >= ALL (e.dimension_scores)) AS dims_ok,
       bool_and(cardinality(e.dimension_tiers) = 5 AND array_position(e.dimension_tiers, NULL) IS NULL) AS dim_tiers_ok,
       array_agg(DISTINCT e.class_labels[1]) AS stages,
       array_agg(DISTINCT e.class_labels[2]) AS grades,
       array_agg(DISTINCT e.class_labels[3]) AS classes,
       bool_and(e.strategies IS NULL AND e.reasons IS NULL AND e.routing_priority IS NULL AND e.refund_ceiling IS NULL) AS strategy_columns_empty
FROM fit_src c CROSS JOIN LATERAL evaluate('telecom', c) e;
-- behaviour class: reasonableness is separate from frequency
SELECT e.class_labels[3] AS behaviour_class, min(c.complaints_90d), max(c.complaints_90d),
       min(c.unreasonable_ratio), max(c.unreasonable_ratio)
FROM fit_src c CROSS JOIN LATERAL evaluate('telecom', c) e GROUP BY 1 ORDER BY 1;
-- gender and age do not change anything: swap them and compare
SELECT count(*) AS changed
FROM fit_src c
CROSS JOIN LATERAL evaluate('telecom', c) e1
CROSS JOIN LATERAL evaluate('telecom', ROW(c.customer_id, CASE c.gender WHEN 'F' THEN 'M' ELSE 'F' END, 100 - c.age,
    c.tenure_months, c.customer_level, c.arpu, c.data_share, c.payment_channel, c.arrears_count_12m, c.complaints_90d,
    c.unreasonable_ratio, c.escalations_12m, c.emotional, c.problem_type, c.handling_hours, c.accepted_ratio,
    c.satisfaction, c.porting_requested, c.vulnerable)::customer) e2
WHERE e1 IS DISTINCT FROM e2;
-- jsonb overload = record overload
SELECT count(*) AS differ FROM fit_src c
WHERE (evaluate('telecom', c)) IS DISTINCT FROM (evaluate('telecom', to_jsonb(c)));
-- explain: contributions to a dimension sum to its score
SELECT count(*) AS mismatches FROM (
  SELECT c.customer_id, x.dimension, sum(x.contribution_to_dimension) AS s,
         e.dimension_scores[array_position(e.dimension_names, x.dimension)] AS d
  FROM (SELECT * FROM fit_src LIMIT 200) c
  CROSS JOIN LATERAL evaluate('telecom', c) e
  CROSS JOIN LATERAL explain('telecom', c) x
  GROUP BY c.customer_id, x.dimension, d) t
WHERE abs(s - d) > 1e-12;
SELECT ordinal, indicator, dimension, raw_value, round(normalised::numeric, 6) AS normalised, imputed,
       round(global_weight::numeric, 6) AS global_weight
FROM explain('telecom', (SELECT c FROM fit_src c WHERE customer_id = 1));

-- refitting the same data gives the same parameters (deterministic)
SELECT fit('telecom', 'fit_src');
SELECT a.ind_lo = b.ind_lo AND a.ind_hi = b.ind_hi AND a.ind_global_weight = b.ind_global_weight
       AND a.quantiles = b.quantiles AND a.tier_cuts = b.tier_cuts AND a.dim_tier_cuts = b.dim_tier_cuts
       AND a.kendall_w = b.kendall_w AS same_parameters
FROM model_version a, model_version b WHERE a.model = 'telecom' AND b.model = 'telecom' AND a.version = 1 AND b.version = 2;

-- a parallel plan gives the same evaluations
CREATE TABLE fit_par AS SELECT * FROM sample_customers(20000, 3);
ANALYZE fit_par;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT e.tier, count(*) FROM fit_par c CROSS JOIN LATERAL evaluate('telecom', c) e GROUP BY 1;
CREATE TEMP TABLE par_result AS
SELECT c.customer_id, e.* FROM fit_par c CROSS JOIN LATERAL evaluate('telecom', c) e;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
SET max_parallel_workers_per_gather = 0;
SELECT count(*) AS differ FROM fit_par c CROSS JOIN LATERAL evaluate('telecom', c) e
JOIN par_result p ON p.customer_id = c.customer_id
WHERE (p.model, p.version, p.score, p.tier, p.dimension_names, p.dimension_scores, p.dimension_tiers, p.class_names,
       p.class_labels, p.strategies, p.reasons, p.routing_priority, p.refund_ceiling)
      IS DISTINCT FROM (e.model, e.version, e.score, e.tier, e.dimension_names, e.dimension_scores, e.dimension_tiers, e.class_names,
       e.class_labels, e.strategies, e.reasons, e.routing_priority, e.refund_ceiling);
RESET max_parallel_workers_per_gather;

-- every weighting and every method on a user model
-- (the telecom dimensions with weights 1, 2, 1, 2, 1; only behaviour has a
-- tier scheme)
SELECT define_model('all', $spec$
{
  "dimensions": [
    {"name": "background", "weight": 1}, {"name": "value", "weight": 2}, {"name": "credit", "weight": 1},
    {"name": "behaviour", "weight": 2}, {"name": "handling", "weight": 1}
  ],
  "indicators": [
    {"name": "tenure", "column": "tenure_months", "dimension": "background", "transform": "log"},
    {"name": "level", "column": "customer_level", "dimension": "value", "kind": "qualitative",
     "levels": ["ordinary", "silver", "gold", "platinum", "diamond"]},
    {"name": "mix", "column": "data_share", "dimension": "value", "direction": "target",
     "range_lo": 0, "range_hi": 1, "best_lo": 0.3, "best_hi": 0.6},
    {"name": "channel", "column": "payment_channel", "dimension": "credit", "kind": "qualitative", "direction": "cost",
     "levels": ["bank_autodebit", "online", "prepaid_card", "cash"]},
    {"name": "complaints", "column": "complaints_90d", "dimension": "behaviour", "direction": "cost"},
    {"name": "unreasonable", "column": "unreasonable_ratio", "dimension": "behaviour", "direction": "cost"},
    {"name": "satisfaction", "column": "satisfaction", "dimension": "handling"},
    {"name": "porting", "column": "porting_requested", "dimension": "handling", "direction": "cost"}
  ],
  "weighting": "entropy",
  "methods": ["weighted_sum", "topsis", "grey_relational", "vikor", "fuzzy"],
  "fuzzy_operator": "min_max",
  "tiers": {
    "overall": {"labels": ["c", "b", "a"], "shares": [0.5, 0.3, 0.2]},
    "behaviour": {"labels": ["poor", "good"], "cuts": [0.9]}
  }
}
$spec$);
SELECT fit('all', 'fit_src');
SELECT version, weighting, round(kendall_w::numeric, 4) AS kendall_w, methods_agree,
       spearman::numeric(5,3)[] AS spearman, ind_objective::numeric(5,3)[] AS objective, dim_tier_count
FROM model_version WHERE model = 'all';
SELECT e.tier, count(*) FROM fit_src c CROSS JOIN LATERAL evaluate('all', c) e GROUP BY 1 ORDER BY 1;
SELECT e.dimension_tiers[4] AS behaviour_tier, e.dimension_tiers[2] IS NULL AS no_value_tier, count(*)
FROM fit_src c CROSS JOIN LATERAL evaluate('all', c) e GROUP BY 1, 2 ORDER BY 1;
UPDATE model SET weighting = 'critic' WHERE name = 'all';
SELECT fit('all', 'fit_src');
UPDATE model SET weighting = 'stddev' WHERE name = 'all';
SELECT fit('all', 'fit_src');
UPDATE model SET weighting = 'pca' WHERE name = 'all';
SELECT fit('all', 'fit_src');
UPDATE indicator SET expert_weight = 1 WHERE model = 'all';
UPDATE model SET weighting = 'blend', blend_objective = 'entropy', blend_alpha = 0.3 WHERE name = 'all';
SELECT fit('all', 'fit_src');
SELECT version, weighting, round(kendall_w::numeric, 4) AS kendall_w,
       (SELECT round(sum(w)::numeric, 12) FROM unnest(ind_global_weight) w) AS sum_weights,
       ind_objective::numeric(5,3)[] AS objective
FROM model_version WHERE model = 'all' ORDER BY version;
-- a constant indicator gets weight 0 and a WARNING, not a failure
CREATE TABLE fit_const AS SELECT * FROM sample_customers(500);
UPDATE fit_const SET satisfaction = 3;
SELECT fit('all', 'fit_const');
SELECT ind_name[7], ind_weight[7], ind_global_weight[7], warnings FROM model_version WHERE model = 'all' AND version = 6;
-- a dimension with only constant indicators loses its weight
UPDATE fit_const SET porting_requested = false;
SELECT fit('all', 'fit_const');
SELECT dim_weights[5] AS handling_weight, warnings FROM model_version WHERE model = 'all' AND version = 7;
-- NULL indicators in the source are skipped by the statistics and imputed
UPDATE fit_const SET arpu = NULL, tenure_months = NULL WHERE customer_id % 2 = 0;
SELECT fit('all', 'fit_const') AS version_with_nulls;
-- an all-NULL column is called all-NULL (not constant): weight 0, imputed
-- as 0.5 (no population mean), and fit goes on
CREATE TABLE fit_nullcol AS SELECT * FROM sample_customers(500);
UPDATE fit_nullcol SET satisfaction = NULL;
SELECT fit('all', 'fit_nullcol') AS version_all_null;
SELECT ind_name[7], ind_weight[7], ind_global_weight[7], ind_impute[7], warnings
FROM model_version WHERE model = 'all' AND version = 9;
-- the source may be a view
CREATE VIEW fit_view AS SELECT * FROM fit_src WHERE customer_id <= 100;
SELECT fit('all', 'fit_view');
-- Empty tiers are found by counting the customers in each band.  Ten
-- customers, eight of them identical (sample customer 3), so that the eight
-- tie on every score and dimension score.  Overall shares 0.5, 0.3, 0.2:
-- the other two customers score higher, so the tie holds positions 0..7;
-- the 0.5 quantile (position 4.5 of 0..9) falls inside the tie and the 0.8
-- quantile (position 7.2) just above it, so the tie (a score equal to a cut
-- goes up) fills tier b and tier c is empty.  A default dimension scheme
-- 30/40/30 (added by a direct INSERT, validated by the statement trigger):
-- its quantiles, positions 2.7 and 6.3, lie inside any run of eight, so
-- both cuts fall on the tie, the second moves 1e-9 up and the tie is
-- "mid"; value (the tie is the lowest score: "low" is empty) and credit
-- (nobody scores above the tie: "high" is empty) are warned, background
-- and handling (one customer on either side of the tie) are not, behaviour
-- keeps its own fixed cut 0.9.
CREATE TABLE fit_ties AS
SELECT * FROM sample_customers(2)
UNION ALL SELECT (c).* FROM (SELECT c FROM sample_customers(3) c WHERE customer_id = 3) x, generate_series(1, 8);
INSERT INTO tier_scheme (model, scope, labels, shares) VALUES ('all', 'dimension', '{low,mid,high}', '{0.3,0.4,0.3}');
SELECT fit('all', 'fit_ties') AS version_ties;
SELECT tier_cuts::numeric(12,10)[] AS tier_cuts, dim_tier_count, warnings FROM model_version WHERE model = 'all' AND version = 11;
SELECT c.customer_id = 3 AS tie, e.tier, e.dimension_tiers, count(*)
FROM fit_ties c CROSS JOIN LATERAL evaluate('all', c) e GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
-- a fit on one row: everything constant, refused (with expert weights);
-- the failed fit stores nothing and leaves version 11 active
UPDATE model SET weighting = 'expert' WHERE name = 'all';
CREATE TABLE fit_one AS SELECT * FROM sample_customers(1);
SELECT fit('all', 'fit_one');
SELECT a.version AS active, (SELECT max(version) FROM model_version v WHERE v.model = 'all') AS latest
FROM active_version a WHERE a.model = 'all';

DROP VIEW fit_view;
DROP TABLE fit_src, fit_par, fit_const, fit_nullcol, fit_ties, fit_one;
DELETE FROM model WHERE name = 'all';
DELETE FROM active_version WHERE model = 'telecom';
DELETE FROM model_version WHERE model = 'telecom';
