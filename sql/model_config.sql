-- The model catalogue: the shipped telecom model, and every configuration
-- error of a model.  One C validator (src/core/ct_spec.c) checks a whole
-- model and reports every problem in one error, "model "m" has N
-- problem(s)" with one line of DETAIL per problem: define_model() runs it
-- on the spec it writes, statement triggers after each direct INSERT,
-- UPDATE or DELETE on the catalogue tables (once the model is complete:
-- a dimension, an indicator and an overall tier scheme), and fit() before
-- it reads the source.  The AHP consistency ratio is Saaty's (Saaty 1980,
-- The Analytic Hierarchy Process, RI table p. 21).
SET search_path = complaint_tier, public;
-- errors show their message, detail and hint (not the PL/pgSQL line numbers)
\set SHOW_CONTEXT never
-- cfg_patch(s, path, patch) merges patch into the object at path of s;
-- cfg_sqlstate(q) runs q and gives its SQLSTATE, or 'ok'
CREATE FUNCTION pg_temp.cfg_patch(s jsonb, path text[], patch jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE RETURN jsonb_set(s, path, (s #> path) || patch);
CREATE FUNCTION pg_temp.cfg_sqlstate(q text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN others THEN
	RETURN SQLSTATE;
END
$$;

-- the shipped model
SELECT name, key, source, weighting, blend_objective, blend_alpha, methods, combine, builtin FROM model ORDER BY name;
SELECT ordinal, name, weight, builtin FROM dimension WHERE model = 'telecom' ORDER BY ordinal;
SELECT ordinal, name, dimension, kind, source_column, direction, transform, levels, level_scores,
       range_lo, range_hi, expert_weight
FROM indicator WHERE model = 'telecom' ORDER BY ordinal;
SELECT scope, labels, shares, cuts FROM tier_scheme WHERE model = 'telecom' ORDER BY scope;
SELECT ordinal, name, labels, conditions FROM classification WHERE model = 'telecom' ORDER BY ordinal;
-- its dimension matrix is consistent (CR well under 0.1)
SELECT round(cr::numeric, 4) AS cr, consistent FROM ahp_consistency((SELECT dimension_pairwise FROM model WHERE name = 'telecom'));
-- gender and age are never indicators of the shipped model
SELECT count(*) AS demographic_indicators FROM indicator WHERE source_column IN ('gender', 'age');
-- user rows are dumped, shipped rows are not
SELECT c.relname, x.cond
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(oid, cond) JOIN pg_class c ON c.oid = x.oid
WHERE e.extname = 'complaint_tier'
  AND c.relname IN ('model', 'dimension', 'indicator', 'tier_scheme', 'classification', 'model_version', 'active_version')
ORDER BY 1;
-- the shipped model passes its own validator
SELECT pg_temp.cfg_sqlstate('SELECT complaint_tier._validate_model(''telecom'', NULL)') AS telecom_valid;
-- a direct edit that makes telecom invalid is refused with the validator's
-- message, and telecom is unchanged
CREATE TEMP TABLE cfg_telecom AS SELECT model_spec('telecom') AS spec;
UPDATE model SET methods = '{}' WHERE name = 'telecom';
UPDATE model SET dimension_pairwise = '{{1,2},{0.5,1}}' WHERE name = 'telecom';
UPDATE dimension SET weight = 1 WHERE model = 'telecom' AND name = 'value';
UPDATE indicator SET level_scores = '{0,0.3,0.7}' WHERE model = 'telecom' AND name = 'payment_channel';
UPDATE tier_scheme SET shares = '{0.4,0.3,0.2,0.2}' WHERE model = 'telecom' AND scope = 'overall';
UPDATE classification SET conditions[2] = 'tenure_months <' WHERE model = 'telecom' AND name = 'lifecycle_stage';
DELETE FROM dimension WHERE model = 'telecom' AND name = 'handling';
SELECT model_spec('telecom') = spec AS telecom_unchanged FROM cfg_telecom;
-- define_model cannot replace it (copy it under another name instead)
SELECT define_model('telecom', spec) FROM cfg_telecom;

-- A valid spec (two dimensions, three indicators, an overall tier scheme),
-- varied below one mistake at a time.
CREATE TEMP TABLE cfg_base AS SELECT '{
  "dimensions": [{"name": "value", "weight": 1}, {"name": "behaviour", "weight": 1}],
  "indicators": [
    {"name": "spend", "column": "arpu", "dimension": "value", "weight": 1},
    {"name": "level", "column": "customer_level", "dimension": "value", "levels": ["ordinary", "silver", "gold"], "weight": 1},
    {"name": "complaints", "column": "complaints_90d", "dimension": "behaviour", "direction": "cost", "weight": 1}],
  "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.5, 0.5]}}
}'::jsonb AS s;
-- the base spec is valid, and define_model fills in the defaults
SELECT define_model('m', s) FROM cfg_base;
SELECT jsonb_pretty(model_spec('m') - 'indicators');
DELETE FROM model WHERE name = 'm';

-- ---- the model name --------------------------------------------------------
SELECT define_model('Bad Name', s) FROM cfg_base;
SELECT define_model(repeat('m', 64), s) FROM cfg_base;

-- ---- dimensions ------------------------------------------------------------
-- none: 0 dimensions (and the indicators' dimensions are then unknown)
SELECT define_model('m', s || '{"dimensions": []}') FROM cfg_base;
-- 17 dimensions are one too many
SELECT define_model('m', s || jsonb_build_object('dimensions',
  (SELECT jsonb_agg(jsonb_build_object('name', CASE g WHEN 1 THEN 'value' WHEN 2 THEN 'behaviour' ELSE 'd' || g END, 'weight', 1))
   FROM generate_series(1, 17) g))) FROM cfg_base;
-- 16 are fine (the fourteen without indicators keep weight 0 at fit)
SELECT define_model('m', s || jsonb_build_object('dimensions',
  (SELECT jsonb_agg(jsonb_build_object('name', CASE g WHEN 1 THEN 'value' WHEN 2 THEN 'behaviour' ELSE 'd' || g END,
                                       'weight', CASE WHEN g <= 2 THEN 1 ELSE 0 END))
   FROM generate_series(1, 16) g))) FROM cfg_base;
SELECT count(*) AS dimensions FROM dimension WHERE model = 'm';
DELETE FROM model WHERE name = 'm';
-- names: invalid, reserved (a tier scheme scope), too long, twice
SELECT define_model('m', s || '{"dimensions": [{"name": "Value", "weight": 1}, {"name": "overall", "weight": 1},
  {"name": "dimension", "weight": 1}, {"name": "value", "weight": 1}, {"name": "behaviour", "weight": 1},
  {"name": "value", "weight": 2}]}') FROM cfg_base;
SELECT define_model('m', s || jsonb_build_object('dimensions', jsonb_build_array(
  jsonb_build_object('name', 'value', 'weight', 1), jsonb_build_object('name', 'behaviour', 'weight', 1),
  jsonb_build_object('name', repeat('d', 58), 'weight', 1)))) FROM cfg_base;
-- weights: some given and some missing, none at all, negative, zero sum
SELECT define_model('m', s || '{"dimensions": [{"name": "value", "weight": 1}, {"name": "behaviour"}]}') FROM cfg_base;
SELECT define_model('m', s || '{"dimensions": [{"name": "value"}, {"name": "behaviour"}]}') FROM cfg_base;
SELECT define_model('m', s || '{"dimensions": [{"name": "value", "weight": -1}, {"name": "behaviour", "weight": 1}]}') FROM cfg_base;
SELECT define_model('m', s || '{"dimensions": [{"name": "value", "weight": 0}, {"name": "behaviour", "weight": 0}]}') FROM cfg_base;
SELECT define_model('m', s || '{"dimensions": [{"name": "value", "weight": "heavy"}, {"name": "behaviour", "weight": 1}]}') FROM cfg_base;

-- ---- the AHP pairwise matrix of the dimensions -------------------------------
-- weights and a matrix: one or the other
SELECT define_model('m', s || '{"dimension_pairwise": [[1, 2], [0.5, 1]]}') FROM cfg_base;
-- the matrix must be n x n for n dimensions
SELECT define_model('m', s || '{"dimensions": [{"name": "value"}, {"name": "behaviour"}], "dimension_pairwise": [[1, 2, 1], [0.5, 1, 1], [1, 1, 1]]}') FROM cfg_base;
SELECT define_model('m', s || '{"dimensions": [{"name": "value"}, {"name": "behaviour"}], "dimension_pairwise": [[1, 2, 1], [0.5, 1, 1]]}') FROM cfg_base;
SELECT define_model('m', s || '{"dimensions": [{"name": "value"}, {"name": "behaviour"}], "dimension_pairwise": [1, 2]}') FROM cfg_base;
-- positive, unit diagonal, reciprocal
SELECT define_model('m', s || '{"dimensions": [{"name": "value"}, {"name": "behaviour"}], "dimension_pairwise": [[1, -2], [-0.5, 1]]}') FROM cfg_base;
SELECT define_model('m', s || '{"dimensions": [{"name": "value"}, {"name": "behaviour"}], "dimension_pairwise": [[2, 2], [0.5, 1]]}') FROM cfg_base;
SELECT define_model('m', s || '{"dimensions": [{"name": "value"}, {"name": "behaviour"}], "dimension_pairwise": [[1, 2], [2, 1]]}') FROM cfg_base;
-- an inconsistent 3 x 3 matrix: a > b (9), b > c (9) but c > a (9); refused with its CR
SELECT define_model('m', s || '{"dimensions": [{"name": "value"}, {"name": "behaviour"}, {"name": "credit"}],
  "dimension_pairwise": [[1, 9, 0.1111111111111111], [0.1111111111111111, 1, 9], [9, 0.1111111111111111, 1]]}') FROM cfg_base;
-- an unknown AHP method
SELECT define_model('m', s || '{"dimensions": [{"name": "value"}, {"name": "behaviour"}], "dimension_pairwise": [[1, 3], [0.3333333333333333, 1]],
  "ahp_method": "median"}') FROM cfg_base;
-- a 2 x 2 matrix is always consistent: accepted, weights 3/4 and 1/4
SELECT define_model('m', s || '{"dimensions": [{"name": "value"}, {"name": "behaviour"}], "dimension_pairwise": [[1, 3], [0.3333333333333333, 1]]}') FROM cfg_base;
SELECT name, weight FROM dimension WHERE model = 'm' ORDER BY ordinal;
SELECT ahp_weights((SELECT dimension_pairwise FROM model WHERE name = 'm'), 'eigenvector')::numeric(6,4)[] AS weights;
DELETE FROM model WHERE name = 'm';

-- ---- model parameters ------------------------------------------------------
SELECT define_model('m', s || '{"weighting": "magic"}') FROM cfg_base;
SELECT define_model('m', s || '{"weighting": "blend", "blend_objective": "expert"}') FROM cfg_base;
SELECT define_model('m', s || '{"weighting": "blend", "blend_alpha": 1.5}') FROM cfg_base;
SELECT define_model('m', s || '{"methods": []}') FROM cfg_base;
SELECT define_model('m', s || '{"methods": ["topsis", "electre"]}') FROM cfg_base;
SELECT define_model('m', s || '{"methods": ["topsis", "topsis"]}') FROM cfg_base;
SELECT define_model('m', s || '{"methods": ["topsis"], "combine": "vikor"}') FROM cfg_base;
SELECT define_model('m', s || '{"grey_rho": 0}') FROM cfg_base;
SELECT define_model('m', s || '{"vikor_v": -0.1}') FROM cfg_base;
SELECT define_model('m', s || '{"fuzzy_operator": "max_max"}') FROM cfg_base;
SELECT define_model('m', s || '{"fuzzy_grades": 1}') FROM cfg_base;
SELECT define_model('m', s || '{"fuzzy_grades": 65}') FROM cfg_base;
SELECT define_model('m', s || '{"concordance_threshold": 2}') FROM cfg_base;
-- the edges are accepted: grey_rho 1, vikor_v and blend_alpha 0 and 1, 2 and 64 fuzzy grades
SELECT define_model('m', s || '{"grey_rho": 1, "vikor_v": 0, "blend_alpha": 1, "fuzzy_grades": 64, "concordance_threshold": 0}') FROM cfg_base;
SELECT define_model('m', s || '{"vikor_v": 1, "blend_alpha": 0, "fuzzy_grades": 2, "concordance_threshold": 1}') FROM cfg_base;
DELETE FROM model WHERE name = 'm';

-- ---- indicators ----------------------------------------------------------------
SELECT define_model('m', s || '{"indicators": []}') FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"name": "Spend"}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"name": "level"}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"dimension": "wealth"}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"kind": "ordinal"}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"direction": "up"}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"transform": "sqrt"}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"column": ""}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"weight": -1}')) FROM cfg_base;
-- expert weighting needs every expert weight (an objective weighting does not)
SELECT define_model('m', s #- '{indicators,0,weight}' #- '{indicators,2,weight}') FROM cfg_base;
SELECT define_model('m', s #- '{indicators,0,weight}' #- '{indicators,2,weight}' || '{"weighting": "critic"}') FROM cfg_base;
DELETE FROM model WHERE name = 'm';
-- gender and age are refused unless the model sets allow_demographic (any case)
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"column": "gender"}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"column": "Age"}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"column": "age", "direction": "target", "best_lo": 30, "best_hi": 50}')
                         || '{"allow_demographic": true}') FROM cfg_base;
SELECT name, source_column, direction, best_lo, best_hi FROM indicator WHERE model = 'm' AND name = 'spend';
DELETE FROM model WHERE name = 'm';
-- qualitative: levels missing, duplicated, too many (64 is the limit)
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,1}', '{"levels": []}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,1}', '{"kind": "qualitative"}') #- '{indicators,1,levels}') FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,1}', '{"levels": ["a", "b", "a"]}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,1}', jsonb_build_object('levels', (SELECT jsonb_agg('l' || g) FROM generate_series(1, 65) g)))) FROM cfg_base;
-- level scores: one per level, each in [0, 1]
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,1}', '{"level_scores": [0, 0.5]}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,1}', '{"level_scores": [0, 0.5, 2]}')) FROM cfg_base;
-- qualitative: no target direction, no range, no log transform
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,1}', '{"direction": "target"}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,1}', '{"range_lo": 0, "range_hi": 1}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,1}', '{"transform": "log"}')) FROM cfg_base;
-- quantitative: no levels; both ends of a range, in order, finite
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"kind": "quantitative", "levels": ["a", "b"]}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"range_lo": 0}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"range_lo": 5, "range_hi": 5}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"range_lo": 5, "range_hi": 1}')) FROM cfg_base;
-- the log transform needs a range above -1
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"transform": "log", "range_lo": -2, "range_hi": 5}')) FROM cfg_base;
-- target: a best range, in order, inside the range; only a target takes one
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"direction": "target"}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"direction": "target", "best_lo": 0.6, "best_hi": 0.4}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"direction": "target", "best_lo": 0.4, "best_hi": 0.6, "range_lo": 0.5, "range_hi": 1}')) FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"best_lo": 0.4, "best_hi": 0.6}')) FROM cfg_base;

-- ---- tier schemes --------------------------------------------------------------
SELECT define_model('m', s || '{"tiers": {}}') FROM cfg_base;
SELECT define_model('m', s || '{"tiers": {"dimension": {"labels": ["low", "high"], "cuts": [0.5]}}}') FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{tiers}', '{"everything": {"labels": ["a", "b"], "cuts": [0.5]}}')) FROM cfg_base;
SELECT define_model('m', s || '{"tiers": {"overall": {"labels": ["a"], "shares": [1]}}}') FROM cfg_base;
SELECT define_model('m', s || '{"tiers": {"overall": {"labels": ["a", "a"], "shares": [0.5, 0.5]}}}') FROM cfg_base;
SELECT define_model('m', s || '{"tiers": {"overall": {"labels": ["a", "b"]}}}') FROM cfg_base;
SELECT define_model('m', s || '{"tiers": {"overall": {"labels": ["a", "b"], "shares": [0.5, 0.5], "cuts": [0.5]}}}') FROM cfg_base;
SELECT define_model('m', s || '{"tiers": {"overall": {"labels": ["a", "b"], "shares": [1]}}}') FROM cfg_base;
SELECT define_model('m', s || '{"tiers": {"overall": {"labels": ["a", "b"], "shares": [0.5, 0.6]}}}') FROM cfg_base;
SELECT define_model('m', s || '{"tiers": {"overall": {"labels": ["a", "b"], "shares": [0, 1]}}}') FROM cfg_base;
SELECT define_model('m', s || '{"tiers": {"overall": {"labels": ["a", "b", "c"], "cuts": [0.5]}}}') FROM cfg_base;
SELECT define_model('m', s || '{"tiers": {"overall": {"labels": ["a", "b", "c"], "cuts": [0.5, 0.5]}}}') FROM cfg_base;
SELECT define_model('m', s || '{"tiers": {"overall": {"labels": ["a", "b", "c"], "cuts": [0.6, 0.4]}}}') FROM cfg_base;
SELECT define_model('m', s || '{"tiers": {"overall": {"labels": ["a", "b"], "cuts": [1.5]}}}') FROM cfg_base;
-- a scheme per dimension name, and the default of every dimension
SELECT define_model('m', pg_temp.cfg_patch(s, '{tiers}', '{"value": {"labels": ["poor", "rich"], "cuts": [0.5]},
  "dimension": {"labels": ["low", "mid", "high"], "shares": [0.3, 0.4, 0.3]}}')) FROM cfg_base;
SELECT scope, labels, shares, cuts FROM tier_scheme WHERE model = 'm' ORDER BY scope;
DELETE FROM model WHERE name = 'm';

-- ---- classifications -------------------------------------------------------
-- Labels are tried in order, the first whose condition holds wins.  A
-- classification's name is an output the later conditions and the rules
-- read: it must not be one of the model's own outputs (score, tier,
-- <dimension>_score, <dimension>_tier).
SELECT define_model('m', s || '{"classifications": [{"name": "value_score", "labels": [{"label": "a", "when": "TRUE"}]},
  {"name": "tier", "labels": [{"label": "a", "when": "TRUE"}]}, {"name": "Grade", "labels": [{"label": "a", "when": "TRUE"}]}]}') FROM cfg_base;
SELECT define_model('m', s || '{"classifications": [{"name": "c", "labels": []}]}') FROM cfg_base;
SELECT define_model('m', s || '{"classifications": [{"name": "c", "labels": [{"label": "a", "when": "TRUE"}, {"label": "a", "when": "FALSE"}]}]}') FROM cfg_base;
-- conditions: syntax errors (with their position), type errors, none given
SELECT define_model('m', s || '{"classifications": [{"name": "c", "labels": [{"label": "a", "when": "arpu > AND 3"},
  {"label": "b", "when": "arpu >"}, {"label": "c", "when": "value_score > ''x''"}, {"label": "d", "when": ""}]}]}') FROM cfg_base;
-- a condition reads the classifications defined before it, not after
SELECT define_model('m', s || '{"classifications": [{"name": "c1", "labels": [{"label": "a", "when": "c2 = ''x''"}]},
  {"name": "c2", "labels": [{"label": "x", "when": "c1 IS NULL"}]}]}') FROM cfg_base;
-- when the model names its source, an unknown column is found at once
CREATE TABLE cfg_src AS SELECT * FROM sample_customers(20);
SELECT define_model('m', s || '{"source": "cfg_src", "classifications": [{"name": "c", "labels": [{"label": "x", "when": "balance > 3"}]}]}') FROM cfg_base;
SELECT define_model('m', s || '{"source": "no_such_table"}') FROM cfg_base;
SELECT pg_temp.cfg_sqlstate(format('SELECT define_model(%L, %L::jsonb)', 'm',
  (SELECT s || '{"source": "cfg_src", "classifications": [{"name": "c", "labels": [{"label": "x", "when": "balance > 3"}]}]}' FROM cfg_base))) AS sqlstate;

-- ---- strategy rules ----------------------------------------------------------
SELECT define_model('m', s || '{"rules": [{"id": "m.r1", "strategy": "nope", "when": "TRUE"},
  {"id": "Bad", "strategy": "retention", "when": "TRUE"},
  {"id": "m.r2", "strategy": "retention", "when": "TRUE", "routing_priority": 12},
  {"id": "m.r3", "strategy": "retention", "when": "tier >"}]}') FROM cfg_base;
-- a rule id belongs to one model
SELECT define_model('m', s || '{"rules": [{"id": "telecom.behaviour.emotional", "strategy": "retention", "when": "TRUE"}]}') FROM cfg_base;

-- ---- the shape of a spec (define_model's own checks, listed first) ----------
SELECT define_model('m', '[]');
SELECT define_model('m', s || '{"colour": "blue", "methods": "topsis", "grey_rho": "half"}') FROM cfg_base;
SELECT define_model('m', pg_temp.cfg_patch(s, '{indicators,0}', '{"unit": "EUR"}') || '{"dimensions": [{"weight": 1}, {"name": "value", "weight": 1}, {"name": "behaviour", "weight": 1}]}') FROM cfg_base;
SELECT define_model('m', s || '{"tiers": {"overall": {"labels": ["low", "high"], "share": [0.5, 0.5]}}}') FROM cfg_base;

-- ---- many mistakes: one error lists every problem ------------------------------
SELECT define_model('m', $spec$
{
  "dimensions": [{"name": "value", "weight": 1}, {"name": "behaviour"}, {"name": "overall", "weight": 1}],
  "indicators": [
    {"name": "spend", "column": "arpu", "dimension": "wealth", "weight": 1},
    {"name": "level", "column": "customer_level", "dimension": "value", "kind": "qualitative", "direction": "up", "weight": 1},
    {"name": "sex", "column": "gender", "dimension": "behaviour", "kind": "qualitative", "levels": ["F", "M", "F"]},
    {"name": "mix", "column": "data_share", "dimension": "value", "direction": "target", "best_lo": 0.6, "best_hi": 0.4, "weight": 1}
  ],
  "methods": ["weighted_sum", "electre"],
  "combine": "topsis",
  "grey_rho": 2,
  "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.5, 0.6]}, "value": {"labels": ["x"], "cuts": []}},
  "classifications": [{"name": "value_tier", "labels": [{"label": "a", "when": "TRUE"}]},
                      {"name": "c", "labels": [{"label": "x", "when": "arpu >"}]}],
  "rules": [{"id": "m.r", "strategy": "nope", "when": "TRUE"}]
}
$spec$);
-- nothing of it was written
SELECT count(*) AS models FROM model WHERE name = 'm';

-- ---- the SQLSTATE is that of the first problem ---------------------------------
SELECT t.what, pg_temp.cfg_sqlstate(format('SELECT define_model(%L, %L::jsonb)', 'm', t.spec)) AS sqlstate
FROM cfg_base, LATERAL (VALUES
  ('valid', s),
  ('unknown dimension', pg_temp.cfg_patch(s, '{indicators,0}', '{"dimension": "wealth"}')),
  ('shares of the wrong length', s || '{"tiers": {"overall": {"labels": ["a", "b"], "shares": [1]}}}'),
  ('17 dimensions', s || jsonb_build_object('dimensions', (SELECT jsonb_agg(jsonb_build_object('name', 'd' || g, 'weight', 1)) FROM generate_series(1, 17) g))),
  ('syntax error', s || '{"classifications": [{"name": "c", "labels": [{"label": "a", "when": "arpu >"}]}]}'),
  ('bad value', s || '{"grey_rho": 0}'),
  ('shape problem first', s || '{"colour": "blue", "tiers": {"overall": {"labels": ["a", "b"], "shares": [1]}}}')) t(what, spec);
DELETE FROM model WHERE name = 'm';

-- ---- direct edits of the catalogue -----------------------------------------------
-- A model built by plain INSERTs is checked from the statement that makes it
-- complete (a dimension, an indicator and an overall tier scheme): until
-- then a bad value waits; the overall tier scheme brings every problem out.
INSERT INTO model (name, methods, grey_rho) VALUES ('m', '{}', 0);
INSERT INTO dimension (model, name, ordinal, weight) VALUES ('m', 'value', 1, 1), ('m', 'behaviour', 2, -1);
INSERT INTO indicator (model, name, ordinal, dimension, source_column, expert_weight) VALUES ('m', 'spend', 1, 'value', 'arpu', 1);
INSERT INTO tier_scheme (model, scope, labels, shares) VALUES ('m', 'overall', '{low,high}', '{0.5,0.5}');
-- the whole statement was refused: fix the model row, then the dimension
UPDATE model SET methods = '{weighted_sum}', grey_rho = 0.5 WHERE name = 'm';
UPDATE dimension SET weight = 1 WHERE model = 'm';
INSERT INTO tier_scheme (model, scope, labels, shares) VALUES ('m', 'overall', '{low,high}', '{0.5,0.5}');
-- from now on every statement is checked
INSERT INTO indicator (model, name, ordinal, dimension, source_column, expert_weight) VALUES ('m', 'x', 2, 'wealth', 'arpu', 1);
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column, levels, level_scores, expert_weight)
VALUES ('m', 'x', 2, 'value', 'qualitative', 'customer_level', '{a,b}', '{0,0.5,1}', 1);
INSERT INTO indicator (model, name, ordinal, dimension, source_column) VALUES ('m', 'x', 2, 'value', 'gender');
-- several rows, several problems: one error
INSERT INTO indicator (model, name, ordinal, dimension, source_column, direction, transform, expert_weight)
VALUES ('m', 'x', 2, 'value', 'arpu', 'up', 'none', 1),
       ('m', 'y', 3, 'behaviour', 'complaints_90d', 'cost', 'sqrt', 1);
UPDATE model SET weighting = 'magic', vikor_v = 2, fuzzy_grades = 1 WHERE name = 'm';
UPDATE tier_scheme SET shares = '{0.5,0.6}' WHERE model = 'm';
INSERT INTO tier_scheme (model, scope, labels, cuts) VALUES ('m', 'everything', '{a,b}', '{0.5}');
INSERT INTO dimension (model, name, ordinal) VALUES ('m', 'credit', 3);
INSERT INTO model (name) VALUES ('Bad Name');
INSERT INTO dimension (model, name, ordinal, weight) VALUES ('Bad Name', 'value', 1, 1);
INSERT INTO indicator (model, name, ordinal, dimension, source_column, expert_weight) VALUES ('Bad Name', 'spend', 1, 'value', 'arpu', 1);
INSERT INTO tier_scheme (model, scope, labels, cuts) VALUES ('Bad Name', 'overall', '{low,high}', '{0.5}');
DELETE FROM model WHERE name = 'Bad Name';
-- classifications: one condition per label; names and conditions as above
INSERT INTO classification (model, name, ordinal, labels, conditions) VALUES ('m', 'c', 1, '{a,b}', '{TRUE}');
INSERT INTO classification (model, name, ordinal, labels, conditions) VALUES ('m', 'value_score', 1, '{a}', '{TRUE}');
INSERT INTO classification (model, name, ordinal, labels, conditions) VALUES ('m', 'c', 1, '{a,b}', '{"arpu > 10 AND","TRUE"}');
INSERT INTO classification (model, name, ordinal, labels, conditions) VALUES ('m', 'c', 1, '{a,b}', '{"arpu > 10","TRUE"}');
-- deleting is checked too: a dimension a tier scheme names
INSERT INTO tier_scheme (model, scope, labels, cuts) VALUES ('m', 'behaviour', '{low,high}', '{0.5}');
DELETE FROM dimension WHERE model = 'm' AND name = 'behaviour';
DELETE FROM tier_scheme WHERE model = 'm' AND scope = 'behaviour';
-- without a source, a condition may read any column of the customer row;
-- with the model's source named, the columns are checked (and a deleted
-- dimension's score is no longer a variable)
UPDATE classification SET conditions = '{"balance > 10","TRUE"}' WHERE model = 'm' AND name = 'c';
UPDATE model SET source = 'cfg_src' WHERE name = 'm';
UPDATE classification SET conditions = '{"behaviour_score > 0.5","TRUE"}' WHERE model = 'm' AND name = 'c';
UPDATE model SET source = 'cfg_src' WHERE name = 'm';
DELETE FROM dimension WHERE model = 'm' AND name = 'behaviour';
UPDATE model SET source = NULL WHERE name = 'm';
-- a dimension without an indicator may go (with the dimension read by
-- nothing); deleting a dimension deletes its indicators (ON DELETE CASCADE),
-- and a model left without indicators is incomplete: not checked until it
-- is complete again, and refused by fit
UPDATE classification SET conditions = '{"arpu > 10","TRUE"}' WHERE model = 'm' AND name = 'c';
DELETE FROM dimension WHERE model = 'm' AND name = 'behaviour';
BEGIN;
DELETE FROM dimension WHERE model = 'm' AND name = 'value';
SELECT (SELECT count(*) FROM dimension WHERE model = 'm') AS dimensions, (SELECT count(*) FROM indicator WHERE model = 'm') AS indicators;
UPDATE model SET methods = '{}' WHERE name = 'm';
SELECT fit('m', 'cfg_src');
ROLLBACK;
SELECT name, weight FROM dimension WHERE model = 'm' ORDER BY ordinal;

-- ---- fit refuses what it cannot use -------------------------------------------
SELECT fit('nope', 'cfg_src');
SELECT fit('m', 'nonexistent_table');
-- an incomplete model is checked by fit: here, no overall tier scheme
INSERT INTO model (name) VALUES ('m2');
INSERT INTO dimension (model, name, ordinal, weight) VALUES ('m2', 'value', 1, 1);
INSERT INTO indicator (model, name, ordinal, dimension, source_column) VALUES ('m2', 'spend', 1, 'value', 'arpu');
SELECT fit('m2', 'cfg_src');
DELETE FROM model WHERE name = 'm2';
-- every missing or mistyped column of the source in one error
INSERT INTO indicator (model, name, ordinal, dimension, source_column, expert_weight)
VALUES ('m', 'wealth', 2, 'value', 'net_worth', 1), ('m', 'channel', 3, 'value', 'payment_channel', 1);
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column, levels, expert_weight)
VALUES ('m', 'arrears', 4, 'value', 'qualitative', 'arrears_count_12m', '{0,1,2}', 1);
SELECT fit('m', 'cfg_src');
SELECT pg_temp.cfg_sqlstate('SELECT complaint_tier.fit(''m'', ''cfg_src'')') AS sqlstate;
DELETE FROM indicator WHERE model = 'm' AND name IN ('wealth', 'channel');
SELECT pg_temp.cfg_sqlstate('SELECT complaint_tier.fit(''m'', ''cfg_src'')') AS sqlstate;
SELECT fit('m', 'cfg_src');
DELETE FROM indicator WHERE model = 'm' AND name = 'arrears';
-- NaN and infinities are refused; so is an empty source
CREATE TABLE cfg_nan AS SELECT * FROM cfg_src;
UPDATE cfg_nan SET arpu = 'NaN' WHERE customer_id = 3;
SELECT fit('m', 'cfg_nan');
UPDATE cfg_nan SET arpu = '-Infinity' WHERE customer_id = 3;
SELECT fit('m', 'cfg_nan');
CREATE TABLE cfg_empty (LIKE cfg_src);
SELECT fit('m', 'cfg_empty');
SELECT count(*) AS versions FROM model_version WHERE model = 'm';

-- ---- versions ------------------------------------------------------------------------
SELECT fit('m', 'cfg_src');
SELECT version, state, source, row_count, dim_names, ind_name, class_names, warnings FROM model_version WHERE model = 'm';
-- a ready version is immutable
UPDATE model_version SET tier_cuts = '{0.1}' WHERE model = 'm' AND version = 1;
UPDATE model_version SET state = 'fitting' WHERE model = 'm';
-- activate refuses an unknown model or version
SELECT activate('nope', 1);
SELECT activate('m', 2);
SELECT activate('m', 0);
SELECT activate('m', 1);
-- a version is a snapshot: editing the model does not change it
UPDATE dimension SET weight = 3 WHERE model = 'm' AND name = 'value';
SELECT version, dim_weights FROM model_version WHERE model = 'm';

-- a rule added directly is checked against the model's outputs
INSERT INTO rules (id, model, condition, strategy) VALUES ('m.r', 'm', 'tier > 3', 'retention');
INSERT INTO rules (id, model, condition, strategy) VALUES ('m.r', 'm', 'tier = ''high'' AND c = ''a''', 'retention');
SELECT id, model, condition, strategy FROM rules WHERE model = 'm';

-- deleting a model deletes its dimensions, indicators, tier schemes,
-- classifications and versions (its rules, which name the model without a
-- foreign key, stay)
DELETE FROM model WHERE name = 'm';
SELECT (SELECT count(*) FROM dimension WHERE model = 'm') AS dimensions,
       (SELECT count(*) FROM indicator WHERE model = 'm') AS indicators,
       (SELECT count(*) FROM tier_scheme WHERE model = 'm') AS schemes,
       (SELECT count(*) FROM classification WHERE model = 'm') AS classifications,
       (SELECT count(*) FROM model_version WHERE model = 'm') AS versions,
       (SELECT count(*) FROM active_version WHERE model = 'm') AS active,
       (SELECT count(*) FROM rules WHERE model = 'm') AS rules;
DELETE FROM rules WHERE model = 'm';
DROP TABLE cfg_src, cfg_nan, cfg_empty;
