-- fit / evaluate / explain on generated data: the shipped telecom model on
-- 3,000 sample customers, every weighting and evaluation method, constant
-- indicators, determinism and a parallel plan.  No published example: the
-- checks are exact identities (tier shares, contributions summing to the
-- scores, jsonb = record, serial = parallel, refit = same parameters).
SET search_path = complaint_tier, public;

CREATE TABLE fit_src AS SELECT * FROM sample_customers(3000, 7);
SELECT fit('telecom', 'fit_src');
SELECT version, state, source, row_count, methods, combine, weighting,
       round(kendall_w::numeric, 4) AS kendall_w, methods_agree, warnings,
       cardinality(quantiles) AS quantiles, dim_tier_count,
       round(dimension_cr::numeric, 4) AS dimension_cr,
       dim_weights::numeric(6,4)[] AS dim_weights
FROM model_version WHERE model = 'telecom';
-- weights: within each dimension they sum to 1, overall they sum to 1
SELECT round(sum(w)::numeric, 12) AS sum_global
FROM model_version, unnest(ind_global_weight) w WHERE model = 'telecom';
SELECT d, round(sum(w)::numeric, 12) AS sum_in_dimension
FROM model_version, unnest(ind_dimension, ind_weight) AS u(d, w) WHERE model = 'telecom' GROUP BY d ORDER BY d;
-- the quantile shares 40/30/20/10 are met exactly on the fitting population
SELECT e.tier, count(*) FROM fit_src c CROSS JOIN LATERAL evaluate('telecom', c) e GROUP BY 1 ORDER BY 2 DESC;
-- dimension tiers 30/40/30 (ties can move a few customers)
SELECT e.value_tier, count(*) FROM fit_src c CROSS JOIN LATERAL evaluate('telecom', c) e GROUP BY 1 ORDER BY 1;
-- every score in [0,1]; labels, stages, grades and classes from their sets
SELECT min(e.score) >= 0 AND max(e.score) <= 1 AS score_ok,
       bool_and(e.background_score BETWEEN 0 AND 1 AND e.value_score BETWEEN 0 AND 1 AND e.credit_score BETWEEN 0 AND 1
                AND e.behaviour_score BETWEEN 0 AND 1 AND e.handling_score BETWEEN 0 AND 1) AS dims_ok,
       array_agg(DISTINCT e.lifecycle_stage) AS stages,
       array_agg(DISTINCT e.credit_grade) AS grades,
       array_agg(DISTINCT e.behaviour_class) AS classes,
       bool_and(e.strategies IS NULL AND e.reasons IS NULL AND e.routing_priority IS NULL AND e.refund_ceiling IS NULL) AS strategy_columns_empty
FROM fit_src c CROSS JOIN LATERAL evaluate('telecom', c) e;
-- behaviour class: reasonableness is separate from frequency
SELECT e.behaviour_class, min(c.complaints_90d), max(c.complaints_90d),
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
         CASE x.dimension WHEN 'background' THEN e.background_score WHEN 'value' THEN e.value_score
              WHEN 'credit' THEN e.credit_score WHEN 'behaviour' THEN e.behaviour_score ELSE e.handling_score END AS d
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
WHERE (p.model, p.version, p.score, p.tier, p.value_score, p.value_tier, p.lifecycle_stage, p.credit_grade, p.behaviour_class)
      IS DISTINCT FROM (e.model, e.version, e.score, e.tier, e.value_score, e.value_tier, e.lifecycle_stage, e.credit_grade, e.behaviour_class);
RESET max_parallel_workers_per_gather;

-- every weighting and every method on a user model
INSERT INTO model (name, dimension_weights, weighting, methods, fuzzy_operator)
VALUES ('all', '{1,2,1,2,1}', 'entropy', '{weighted_sum,topsis,grey_relational,vikor,fuzzy}', 'min_max');
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column, direction, levels, range_lo, range_hi, best_lo, best_hi, transform)
VALUES ('all', 'tenure', 1, 'background', 'quantitative', 'tenure_months', 'benefit', NULL, NULL, NULL, NULL, NULL, 'log'),
       ('all', 'level', 2, 'value', 'qualitative', 'customer_level', 'benefit', '{ordinary,silver,gold,platinum,diamond}', NULL, NULL, NULL, NULL, 'none'),
       ('all', 'mix', 3, 'value', 'quantitative', 'data_share', 'target', NULL, 0, 1, 0.3, 0.6, 'none'),
       ('all', 'channel', 4, 'credit', 'qualitative', 'payment_channel', 'cost', '{bank_autodebit,online,prepaid_card,cash}', NULL, NULL, NULL, NULL, 'none'),
       ('all', 'complaints', 5, 'behaviour', 'quantitative', 'complaints_90d', 'cost', NULL, NULL, NULL, NULL, NULL, 'none'),
       ('all', 'unreasonable', 6, 'behaviour', 'quantitative', 'unreasonable_ratio', 'cost', NULL, NULL, NULL, NULL, NULL, 'none'),
       ('all', 'satisfaction', 7, 'handling', 'quantitative', 'satisfaction', 'benefit', NULL, NULL, NULL, NULL, NULL, 'none'),
       ('all', 'porting', 8, 'handling', 'quantitative', 'porting_requested', 'cost', NULL, NULL, NULL, NULL, NULL, 'none');
INSERT INTO tier_scheme (model, scope, labels, shares) VALUES ('all', 'overall', '{c,b,a}', '{0.5,0.3,0.2}');
INSERT INTO tier_scheme (model, scope, labels, cuts) VALUES ('all', 'behaviour', '{poor,good}', '{0.9}');
SELECT fit('all', 'fit_src');
SELECT version, weighting, round(kendall_w::numeric, 4) AS kendall_w, methods_agree,
       spearman::numeric(5,3)[] AS spearman, ind_objective::numeric(5,3)[] AS objective, dim_tier_count
FROM model_version WHERE model = 'all';
SELECT e.tier, count(*) FROM fit_src c CROSS JOIN LATERAL evaluate('all', c) e GROUP BY 1 ORDER BY 1;
SELECT e.behaviour_tier, e.value_tier IS NULL AS no_value_tier, count(*)
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
-- the source may be a view; a fit on one row works (everything constant: refused)
CREATE VIEW fit_view AS SELECT * FROM fit_src WHERE customer_id <= 100;
SELECT fit('all', 'fit_view');
CREATE TABLE fit_one AS SELECT * FROM sample_customers(1);
SELECT fit('all', 'fit_one');

DROP VIEW fit_view;
DROP TABLE fit_src, fit_par, fit_const, fit_one;
DELETE FROM model WHERE name = 'all';
DELETE FROM active_version WHERE model = 'telecom';
DELETE FROM model_version WHERE model = 'telecom';
