-- validate(): a model's score, tiers and classifications against an
-- observed outcome, on twelve customers computed by hand (doc/outcomes.md).
-- No published source: every number is derived in these comments from the
-- definitions (AUC as Mann-Whitney with ties one half; DeLong, DeLong and
-- Clarke-Pearson 1988; Wilson 1927 as Newcombe 1998, method 3), and
-- checked against scikit-learn 1.2.1's roc_auc_score and a pairwise numpy
-- DeLong (the same figures are in test/unit/test_validate.c).
SET search_path = public, complaint_tier;
\set SHOW_CONTEXT never
SET extra_float_digits = 0;

-- score = x exactly: dimension d (weight 1) reads x with the fixed range
-- [0,1], dimension e (weight 0) reads z; combine = the weighted sum itself.
-- Overall and dimension tiers: fixed cuts 0.35, 0.65 (low, mid, high).
CREATE TABLE twelve (id int PRIMARY KEY, x float8, z float8, grp text,
                     churned boolean, churned01 int, status text);
INSERT INTO twelve VALUES
 ( 1, .10, .10, 'a',  false, 0, 'stayed'),
 ( 2, .20, .50, 'a',  false, 0, 'stayed'),
 ( 3, .20, .90, 'a',  true,  1, 'left'),
 ( 4, .30, .20, 'b',  false, 0, 'stayed'),
 ( 5, .40, .60, 'b',  false, 0, 'stayed'),
 ( 6, .40, .30, 'b',  false, 0, 'stayed'),
 ( 7, .50, .80, 'a',  true,  1, 'left'),
 ( 8, .60, .40, 'b',  false, 0, 'stayed'),
 ( 9, .70, .15, 'a',  true,  1, 'left'),
 (10, .80, .25, 'b',  true,  1, 'left'),
 (11, .80, .55, NULL, false, 0, 'stayed'),
 (12, .90, .70, 'a',  true,  1, 'left'),
 (13, .50, .50, 'a',  NULL,  NULL, NULL);   -- outcome not known yet: left out

-- fitted on another table: the fixed ranges and cuts make the fit irrelevant
CREATE TABLE twelve_fit AS SELECT id, 1 - x AS x, z, grp FROM twelve;
SELECT define_model('twelve', $spec$
{
  "key": "id",
  "source": "twelve_fit",
  "outcome": "churned",
  "dimensions": [{"name": "d", "weight": 1}, {"name": "e", "weight": 0}],
  "indicators": [
    {"name": "x", "column": "x", "dimension": "d", "range_lo": 0, "range_hi": 1, "weight": 1},
    {"name": "z", "column": "z", "dimension": "e", "range_lo": 0, "range_hi": 1, "weight": 1}],
  "methods": ["weighted_sum"],
  "combine": "weighted_sum",
  "tiers": {
    "overall":   {"labels": ["low", "mid", "high"], "cuts": [0.35, 0.65]},
    "dimension": {"labels": ["low", "mid", "high"], "cuts": [0.35, 0.65]}},
  "classifications": [{"name": "region", "labels": [
    {"label": "alpha", "when": "grp = 'a'"}, {"label": "beta", "when": "grp = 'b'"}]}]
}
$spec$);
SELECT fit('twelve', 'twelve_fit');
-- the scores are x and the dimension scores x and z
SELECT count(*) FILTER (WHERE e.score = t.x AND e.dimension_scores = ARRAY[t.x, t.z]) AS exact
FROM twelve t CROSS JOIN LATERAL evaluate('twelve', t) e;

-- AUC of the score x (m = 5 churned, k = 7 stayed): churned customers at
-- 0.20, 0.50, 0.70, 0.80, 0.90 are above 1.5, 5, 6, 6.5, 7 stayers (ties
-- one half): 26/35 = 0.742857.  DeLong: placements V10 = (1.5, 5, 6, 6.5,
-- 7)/7, s2 = 19.3/49/4 = 0.0984694; V01 = (1, 0.9, 0.8, 0.8, 0.8, 0.6,
-- 0.3), s2 = 0.317143/6 = 0.0528571; se = sqrt(0.0984694/5 + 0.0528571/7)
-- = 0.165060; 0.742857 -+ 1.959964 * 0.165060 = [0.419345, 1.066] -> 1.
-- Dimension e's score z: churned at 0.90, 0.80, 0.70, 0.25, 0.15 are above
-- 7, 7, 7, 2, 1 stayers: 24/35 = 0.685714; se 0.202703 (V10 = 1, 1, 1,
-- 2/7, 1/7; V01 = 1, 0.6, 0.8, 0.6, 0.6, 0.6, 0.6): [0.288424, 1].
-- Base rate 5/12 = 0.416667, Wilson [0.193260, 0.680489].
-- Tiers (cuts 0.35, 0.65 on x): low 0.10 0.20 0.20 0.30 -> 1/4; mid 0.40
-- 0.40 0.50 0.60 -> 1/4; high 0.70 0.80 0.80 0.90 -> 3/4.  Lift 0.25 /
-- (5/12) = 0.6, 0.6, 1.8; monotone.  Wilson 1/4: p = 0.25, z^2 = 3.841459,
-- centre = 0.25 + z^2/8 = 0.730182, half = z sqrt(0.25*0.75/4 + z^2/64) =
-- 0.640815, / (1 + z^2/4 = 1.960365): [0.045587, 0.699358]; 3/4 by
-- symmetry [0.300642, 0.954413].
-- e tiers on z: low (< 0.35) 0.10 0.20 0.30 0.15* 0.25* -> 2/5; mid 0.50
-- 0.60 0.40 0.55 -> 0/4; high 0.90* 0.80* 0.70* -> 3/3: 0.4, 0, 1 goes
-- down and up: not monotone.  Wilson 2/5 [0.117621, 0.769276], 0/4
-- [0, 0.489891], 3/3 [0.438503, 1]; lifts 0.96, 0, 2.4.
-- region: alpha = ids 1 2 3 7 9 12 -> 4/6 (lift 1.6, Wilson [0.299993,
-- 0.903229]); beta = 4 5 6 8 10 -> 1/5 (0.48, [0.036224, 0.624465]);
-- no label (id 11, grp NULL) -> 0/1 ([0, 0.793451]).
SELECT output, label, position, customers, outcomes, round(outcome_rate::numeric, 6) AS rate,
       round(ci_low::numeric, 6) AS ci_low, round(ci_high::numeric, 6) AS ci_high,
       round(lift::numeric, 6) AS lift, round(auc::numeric, 6) AS auc,
       round(auc_ci_low::numeric, 6) AS auc_lo, round(auc_ci_high::numeric, 6) AS auc_hi, monotone
FROM validate('twelve', 'twelve', 'churned');

-- the AUC to the last digit, and roc_auc() on the same scores agrees
SELECT auc = 26::float8 / 35 AS exact,
       (SELECT auc FROM validate('twelve', 'twelve', 'churned') WHERE output = 'e_score') = 24::float8 / 35 AS exact_e,
       auc_ci_low = (SELECT auc_ci_low FROM roc_auc(
         (SELECT array_agg(x ORDER BY id) FROM twelve WHERE churned IS NOT NULL),
         (SELECT array_agg(churned ORDER BY id) FROM twelve WHERE churned IS NOT NULL))) AS same_ci
FROM validate('twelve', 'twelve', 'churned') WHERE output = 'score';
SELECT * FROM roc_auc(ARRAY[.10, .20, .20, .30, .40, .40, .50, .60, .70, .80, .80, .90],
                      ARRAY[false, false, true, false, false, false, true, false, true, true, false, true]);

-- a 0/1 integer outcome gives the same report; outcome NULL = the model's
SELECT count(*) AS rows,
       count(*) FILTER (WHERE (a.*)::text = (b.*)::text) AS identical
FROM validate('twelve', 'twelve', 'churned01') a
JOIN validate('twelve', 'twelve') b USING (output, position)
WHERE a.label IS NOT DISTINCT FROM b.label;
-- an explicit version, a view as source, a BI-style chart query
CREATE VIEW twelve_v AS SELECT * FROM twelve WHERE id <= 12;
SELECT label, customers, round(outcome_rate::numeric, 3) AS rate, monotone
FROM validate('twelve', 'twelve_v', 'churned', 1) WHERE output = 'e_tier' ORDER BY position;

-- an outcome that is always false: no AUC, a warning; rates and CIs still
CREATE TABLE twelve_none AS SELECT id, x, z, grp, false AS churned FROM twelve;
SELECT output, label, customers, outcomes, round(ci_high::numeric, 6) AS ci_high, lift, auc
FROM validate('twelve', 'twelve_none', 'churned') WHERE output IN ('score', 'tier');
-- an empty table: counts of zero, no statistics
CREATE TABLE twelve_empty AS SELECT * FROM twelve WHERE false;
SELECT output, label, customers, outcome_rate, auc, monotone
FROM validate('twelve', 'twelve_empty', 'churned') WHERE output IN ('score', 'tier');

-- errors
SELECT * FROM validate('nosuch', 'twelve', 'churned');                -- 42704
SELECT * FROM validate('twelve', 'twelve', 'nosuch');                 -- 42703
SELECT * FROM validate('twelve', 'twelve', 'status');                 -- 42804
SELECT * FROM validate('twelve', 'twelve', 'x');                      -- 22023 (0.1 is not 0 or 1)
SELECT * FROM validate('twelve', 'twelve', 'churned', 7);             -- 42704
SELECT * FROM validate('twelve', 'twelve', 'churned', 0);             -- 22023
SELECT * FROM validate(NULL, 'twelve', 'churned');                    -- 22004
SELECT * FROM validate('twelve', NULL, 'churned');                    -- 22004
CREATE TABLE twelve_nox AS SELECT id, z, grp, churned FROM twelve;
SELECT * FROM validate('twelve', 'twelve_nox', 'churned');            -- 42703 from evaluate
SELECT define_model('no_outcome', model_spec('twelve') - 'outcome');
SELECT fit('no_outcome', 'twelve_fit');
SELECT * FROM validate('no_outcome', 'twelve');                       -- 22023: no outcome named
SELECT define_model('unfitted', model_spec('twelve'));
SELECT * FROM validate('unfitted', 'twelve');                         -- 55000
SELECT * FROM roc_auc(ARRAY[1, 2]::float8[], ARRAY[true]);            -- 2202E
SELECT * FROM roc_auc(ARRAY[1, 'NaN']::float8[], ARRAY[true, false]); -- 22023
SELECT * FROM roc_auc(ARRAY[1, 2]::float8[], ARRAY[true, NULL]);      -- 22004
SELECT * FROM roc_auc('{}'::float8[], '{}'::boolean[]);               -- 2202E
SELECT * FROM roc_auc(ARRAY[1, 2]::float8[], ARRAY[true, true]);      -- one class: NULL auc

-- hostile arrays for roc_auc: every pair is a result or a clean error
CREATE TEMP TABLE auc_sweep (score text, outcome text, state text);
DO $$
DECLARE
	s text;
	o text;
	st text;
BEGIN
	FOREACH s IN ARRAY ARRAY['{}', '{NULL}', '{1}', '{1,2}', '{NaN,1}', '{1,Infinity}', '{{1,2},{3,4}}',
	                         '[0:1]={3,1}', '{1e308,-1e308}', '{0,0,0}'] LOOP
		FOREACH o IN ARRAY ARRAY['{}', '{NULL}', '{true}', '{true,false}', '{{true,false},{false,true}}',
		                         '[0:1]={false,true}', '{false,false,true}'] LOOP
			BEGIN
				PERFORM * FROM roc_auc(s::float8[], o::boolean[]);
				st := '00000';
			EXCEPTION WHEN OTHERS THEN
				GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
			END;
			INSERT INTO auc_sweep VALUES (s, o, st);
		END LOOP;
	END LOOP;
END
$$;
SELECT state, count(*) FROM auc_sweep GROUP BY state ORDER BY state;
SELECT score, outcome FROM auc_sweep WHERE state = 'XX000' OR state LIKE '58%';
SELECT * FROM roc_auc('[0:1]={3,1}'::float8[], '[0:1]={false,true}'::boolean[]);
SELECT * FROM roc_auc('{1e308,-1e308}'::float8[], '{true,false}'::boolean[]);
