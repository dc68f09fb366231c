-- The model catalogue: the shipped telecom model and every configuration
-- error refused at insert time.  The AHP consistency ratio is Saaty's
-- (Saaty 1980, The Analytic Hierarchy Process, RI table p. 21).
SET search_path = complaint_tier, public;

-- the shipped model
SELECT name, weighting, blend_objective, blend_alpha, methods, combine, builtin FROM model ORDER BY name;
SELECT ordinal, name, dimension, kind, source_column, direction, transform, levels, level_scores,
       range_lo, range_hi, expert_weight
FROM indicator WHERE model = 'telecom' ORDER BY ordinal;
SELECT scope, labels, shares, cuts FROM tier_scheme WHERE model = 'telecom' ORDER BY scope;
-- its dimension matrix is consistent (CR well under 0.1)
SELECT round(cr::numeric, 4) AS cr, consistent FROM ahp_consistency((SELECT dimension_pairwise FROM model WHERE name = 'telecom'));
-- gender and age are never indicators of the shipped model
SELECT count(*) AS demographic_indicators FROM indicator WHERE source_column IN ('gender', 'age');
-- user rows are dumped, shipped rows are not
SELECT c.relname, x.cond
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(oid, cond) JOIN pg_class c ON c.oid = x.oid
WHERE e.extname = 'complaint_tier'
  AND c.relname IN ('model', 'indicator', 'tier_scheme', 'model_version', 'active_version') ORDER BY 1;

-- model errors
INSERT INTO model (name, dimension_weights) VALUES ('Bad Name', '{1,1,1,1,1}');
INSERT INTO model (name) VALUES ('m');
INSERT INTO model (name, dimension_weights, dimension_pairwise) VALUES ('m', '{1,1,1,1,1}', '{{1}}');
INSERT INTO model (name, dimension_weights) VALUES ('m', '{1,1,1}');
INSERT INTO model (name, dimension_weights) VALUES ('m', '{1,1,1,-1,1}');
INSERT INTO model (name, dimension_weights) VALUES ('m', '{0,0,0,0,0}');
INSERT INTO model (name, dimension_weights) VALUES ('m', '{1,1,NULL,1,1}');
INSERT INTO model (name, dimension_pairwise) VALUES ('m', '{{1,2},{0.5,1}}');
INSERT INTO model (name, dimension_pairwise) VALUES ('m', '{{1,1,1,1,1},{1,1,1,1,1},{1,1,1,1,1},{1,1,1,1,1},{1,1,1,1,-1}}');
INSERT INTO model (name, dimension_pairwise) VALUES ('m', '{{2,1,1,1,1},{1,1,1,1,1},{1,1,1,1,1},{1,1,1,1,1},{1,1,1,1,1}}');
INSERT INTO model (name, dimension_pairwise) VALUES ('m', '{{1,2,1,1,1},{2,1,1,1,1},{1,1,1,1,1},{1,1,1,1,1},{1,1,1,1,1}}');
-- an inconsistent matrix: a > b (9), b > c (9) but c > a (9); refused with its CR
INSERT INTO model (name, dimension_pairwise) VALUES ('m',
  '{{1,9,0.1111111111111111,1,1},{0.1111111111111111,1,9,1,1},{9,0.1111111111111111,1,1,1},{1,1,1,1,1},{1,1,1,1,1}}');
INSERT INTO model (name, dimension_pairwise, ahp_method) VALUES ('m', '{{1,1,1,1,1},{1,1,1,1,1},{1,1,1,1,1},{1,1,1,1,1},{1,1,1,1,1}}', 'median');
INSERT INTO model (name, dimension_weights, weighting) VALUES ('m', '{1,1,1,1,1}', 'magic');
INSERT INTO model (name, dimension_weights, blend_objective) VALUES ('m', '{1,1,1,1,1}', 'expert');
INSERT INTO model (name, dimension_weights, blend_alpha) VALUES ('m', '{1,1,1,1,1}', 1.5);
INSERT INTO model (name, dimension_weights, methods) VALUES ('m', '{1,1,1,1,1}', '{}');
INSERT INTO model (name, dimension_weights, methods) VALUES ('m', '{1,1,1,1,1}', '{topsis,electre}');
INSERT INTO model (name, dimension_weights, methods) VALUES ('m', '{1,1,1,1,1}', '{topsis,topsis}');
INSERT INTO model (name, dimension_weights, methods, combine) VALUES ('m', '{1,1,1,1,1}', '{topsis}', 'vikor');
INSERT INTO model (name, dimension_weights, grey_rho) VALUES ('m', '{1,1,1,1,1}', 0);
INSERT INTO model (name, dimension_weights, vikor_v) VALUES ('m', '{1,1,1,1,1}', -0.1);
INSERT INTO model (name, dimension_weights, fuzzy_operator) VALUES ('m', '{1,1,1,1,1}', 'max_max');
INSERT INTO model (name, dimension_weights, fuzzy_grades) VALUES ('m', '{1,1,1,1,1}', 1);
INSERT INTO model (name, dimension_weights, concordance_threshold) VALUES ('m', '{1,1,1,1,1}', 2);
INSERT INTO model (name, dimension_weights, stage_growth_months, stage_stable_months) VALUES ('m', '{1,1,1,1,1}', 30, 12);
INSERT INTO model (name, dimension_weights, stage_warning_satisfaction) VALUES ('m', '{1,1,1,1,1}', 6);
INSERT INTO model (name, dimension_weights, credit_low, credit_high) VALUES ('m', '{1,1,1,1,1}', 0.9, 0.5);
INSERT INTO model (name, dimension_weights, frequent_complaints) VALUES ('m', '{1,1,1,1,1}', 1);
INSERT INTO model (name, dimension_weights, good_faith_threshold, unreasonable_threshold) VALUES ('m', '{1,1,1,1,1}', 0.6, 0.4);
-- updates are checked too
UPDATE model SET methods = '{}' WHERE name = 'telecom';

-- a valid user model for the indicator and tier scheme errors
INSERT INTO model (name, dimension_weights) VALUES ('m', '{1,1,1,1,1}');

INSERT INTO indicator (model, name, ordinal, dimension, source_column) VALUES ('m', 'Bad', 1, 'value', 'arpu');
INSERT INTO indicator (model, name, ordinal, dimension, source_column) VALUES ('m', 'x', 1, 'wealth', 'arpu');
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column) VALUES ('m', 'x', 1, 'value', 'ordinal', 'arpu');
INSERT INTO indicator (model, name, ordinal, dimension, source_column, direction) VALUES ('m', 'x', 1, 'value', 'arpu', 'up');
INSERT INTO indicator (model, name, ordinal, dimension, source_column, transform) VALUES ('m', 'x', 1, 'value', 'arpu', 'sqrt');
INSERT INTO indicator (model, name, ordinal, dimension, source_column) VALUES ('m', 'x', 1, 'value', '');
INSERT INTO indicator (model, name, ordinal, dimension, source_column) VALUES ('m', 'x', 1, 'background', 'gender');
INSERT INTO indicator (model, name, ordinal, dimension, source_column) VALUES ('m', 'x', 1, 'background', 'age');
INSERT INTO indicator (model, name, ordinal, dimension, source_column, expert_weight) VALUES ('m', 'x', 1, 'value', 'arpu', -1);
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column) VALUES ('m', 'x', 1, 'value', 'qualitative', 'customer_level');
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column, levels) VALUES ('m', 'x', 1, 'value', 'qualitative', 'customer_level', '{a,b,a}');
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column, levels, level_scores) VALUES ('m', 'x', 1, 'value', 'qualitative', 'customer_level', '{a,b}', '{0,0.5,1}');
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column, levels, level_scores) VALUES ('m', 'x', 1, 'value', 'qualitative', 'customer_level', '{a,b}', '{0,2}');
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column, levels, direction) VALUES ('m', 'x', 1, 'value', 'qualitative', 'customer_level', '{a,b}', 'target');
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column, levels, range_lo, range_hi) VALUES ('m', 'x', 1, 'value', 'qualitative', 'customer_level', '{a,b}', 0, 1);
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column, levels, transform) VALUES ('m', 'x', 1, 'value', 'qualitative', 'customer_level', '{a,b}', 'log');
INSERT INTO indicator (model, name, ordinal, dimension, source_column, levels) VALUES ('m', 'x', 1, 'value', 'arpu', '{a,b}');
INSERT INTO indicator (model, name, ordinal, dimension, source_column, range_lo) VALUES ('m', 'x', 1, 'value', 'arpu', 0);
INSERT INTO indicator (model, name, ordinal, dimension, source_column, range_lo, range_hi) VALUES ('m', 'x', 1, 'value', 'arpu', 5, 5);
INSERT INTO indicator (model, name, ordinal, dimension, source_column, range_lo, range_hi, transform) VALUES ('m', 'x', 1, 'value', 'arpu', -2, 5, 'log');
INSERT INTO indicator (model, name, ordinal, dimension, source_column, direction) VALUES ('m', 'x', 1, 'value', 'data_share', 'target');
INSERT INTO indicator (model, name, ordinal, dimension, source_column, direction, best_lo, best_hi) VALUES ('m', 'x', 1, 'value', 'data_share', 'target', 0.6, 0.4);
INSERT INTO indicator (model, name, ordinal, dimension, source_column, direction, best_lo, best_hi, range_lo, range_hi) VALUES ('m', 'x', 1, 'value', 'data_share', 'target', 0.4, 0.6, 0.5, 1);
INSERT INTO indicator (model, name, ordinal, dimension, source_column, best_lo, best_hi) VALUES ('m', 'x', 1, 'value', 'data_share', 0.4, 0.6);
INSERT INTO indicator (model, name, ordinal, dimension, source_column) VALUES ('nope', 'x', 1, 'value', 'arpu');
-- a demographic indicator is accepted once the model enables it
UPDATE model SET allow_demographic = true WHERE name = 'm';
INSERT INTO indicator (model, name, ordinal, dimension, source_column, direction, best_lo, best_hi, expert_weight)
VALUES ('m', 'age_band', 1, 'background', 'age', 'target', 30, 50, 1);

INSERT INTO tier_scheme (model, scope, labels, shares) VALUES ('m', 'everything', '{a,b}', '{0.5,0.5}');
INSERT INTO tier_scheme (model, scope, labels, shares) VALUES ('m', 'overall', '{a}', '{1}');
INSERT INTO tier_scheme (model, scope, labels, shares) VALUES ('m', 'overall', '{a,a}', '{0.5,0.5}');
INSERT INTO tier_scheme (model, scope, labels) VALUES ('m', 'overall', '{a,b}');
INSERT INTO tier_scheme (model, scope, labels, shares, cuts) VALUES ('m', 'overall', '{a,b}', '{0.5,0.5}', '{0.5}');
INSERT INTO tier_scheme (model, scope, labels, shares) VALUES ('m', 'overall', '{a,b}', '{1}');
INSERT INTO tier_scheme (model, scope, labels, shares) VALUES ('m', 'overall', '{a,b}', '{0.5,0.6}');
INSERT INTO tier_scheme (model, scope, labels, shares) VALUES ('m', 'overall', '{a,b}', '{0,1}');
INSERT INTO tier_scheme (model, scope, labels, cuts) VALUES ('m', 'overall', '{a,b,c}', '{0.5}');
INSERT INTO tier_scheme (model, scope, labels, cuts) VALUES ('m', 'overall', '{a,b,c}', '{0.5,0.5}');
INSERT INTO tier_scheme (model, scope, labels, cuts) VALUES ('m', 'overall', '{a,b}', '{1.5}');
INSERT INTO tier_scheme (model, scope, labels, cuts) VALUES ('m', 'value', '{poor,rich}', '{0.5}');

-- fit refuses what it cannot use
CREATE TABLE cfg_src AS SELECT * FROM sample_customers(20);
SELECT fit('nope', 'cfg_src');
SELECT fit('m', 'cfg_src');
INSERT INTO tier_scheme (model, scope, labels, shares) VALUES ('m', 'overall', '{a,b}', '{0.5,0.5}');
INSERT INTO indicator (model, name, ordinal, dimension, source_column) VALUES ('m', 'spend', 2, 'value', 'arpu');
SELECT fit('m', 'cfg_src');
UPDATE indicator SET expert_weight = 1 WHERE model = 'm';
INSERT INTO indicator (model, name, ordinal, dimension, source_column, expert_weight) VALUES ('m', 'wealth', 3, 'value', 'net_worth', 1);
SELECT fit('m', 'cfg_src');
UPDATE indicator SET source_column = 'payment_channel' WHERE model = 'm' AND name = 'wealth';
SELECT fit('m', 'cfg_src');
UPDATE indicator SET kind = 'qualitative', levels = '{1,2,3}' WHERE model = 'm' AND name = 'wealth' ;
UPDATE indicator SET source_column = 'arrears_count_12m' WHERE model = 'm' AND name = 'wealth';
SELECT fit('m', 'cfg_src');
DELETE FROM indicator WHERE model = 'm' AND name = 'wealth';
SELECT fit('m', 'nonexistent_table');
CREATE TABLE cfg_nan AS SELECT * FROM cfg_src;
UPDATE cfg_nan SET arpu = 'NaN' WHERE customer_id = 3;
SELECT fit('m', 'cfg_nan');
SELECT count(*) AS versions FROM model_version WHERE model = 'm';

-- deleting a model deletes its indicators, schemes and versions
SELECT fit('m', 'cfg_src');
DELETE FROM model WHERE name = 'm';
SELECT (SELECT count(*) FROM indicator WHERE model = 'm') AS indicators,
       (SELECT count(*) FROM tier_scheme WHERE model = 'm') AS schemes,
       (SELECT count(*) FROM model_version WHERE model = 'm') AS versions;
DROP TABLE cfg_src, cfg_nan;
