-- suggest_rules(): a decision list learned from an outcome whose rule is
-- known in advance, churned = x > 5 AND flag (doc/outcomes.md).
SET search_path = public, complaint_tier;
\set SHOW_CONTEXT never
SET extra_float_digits = 0;

-- 550 rows: x = 0..10 in turn, flag on every other block of 11, a noise
-- text column, a column the rule language cannot name, one of a type it
-- cannot read, one named like a model output, and the key.
CREATE TABLE known AS
SELECT g AS id, g % 11 AS x, (g / 11) % 2 = 1 AS flag,
       CASE WHEN (g * 7) % 3 = 0 THEN 'north' ELSE 'south' END AS region,
       g % 5 AS "Mixed", date '2024-01-01' + g AS joined, (g % 4)::float8 AS score,
       g % 11 > 5 AND (g / 11) % 2 = 1 AS churned
FROM generate_series(0, 549) g;
-- 125 churned: blocks with flag (25) times x in 6..10 (5)
SELECT count(*) FILTER (WHERE churned) AS churned, count(*) AS rows FROM known;
-- held out: the same rule on other rows, some with x unknown, one with
-- an unknown outcome
CREATE TABLE known_holdout AS
SELECT g AS id, CASE WHEN g % 17 = 0 THEN NULL ELSE (g * 3) % 11 END AS x, g % 2 = 0 AS flag,
       'north' AS region, (g * 3) % 11 > 5 AND g % 2 = 0 AS churned
FROM generate_series(1, 220) g;
UPDATE known_holdout SET churned = NULL WHERE id = 220;

SELECT define_model('known', $spec$
{
  "key": "id", "source": "known", "outcome": "churned",
  "dimensions": [{"name": "usage", "weight": 1}],
  "indicators": [{"name": "x", "column": "x", "dimension": "usage", "weight": 1}],
  "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.5, 0.5]}}
}
$spec$);

-- x splits first (Gini decrease 2 (125*300)^2 / (250*300*550) = 68.2
-- against 56.8 for flag), then flag; the pure leaves and the noise column
-- give no further split.  The largest leaf (x < 6, 300 rows) is the rest.
-- Held out: rows with x NULL match no condition that reads x (the rest).
SELECT position, condition, support, outcome_rate, round(lift::numeric, 4) AS lift,
       holdout_support, round(holdout_rate::numeric, 4) AS holdout_rate,
       round(holdout_lift::numeric, 4) AS holdout_lift
FROM suggest_rules('known', 'known', 'churned', 8, 20, 'known_holdout');
-- the holdout counts by hand: the first condition, then the second, then the rest
SELECT count(*) FILTER (WHERE x >= 6 AND flag) AS first,
       count(*) FILTER (WHERE x >= 6 AND NOT flag) AS second,
       count(*) FILTER (WHERE x IS NULL OR x < 6) AS rest,
       count(*) FILTER (WHERE x >= 6 AND flag AND churned) AS first_churned
FROM known_holdout WHERE churned IS NOT NULL;

-- every condition is the normalised rule language, and rule_matches on each
-- held-out row as JSON picks the same first matches
WITH r AS (SELECT * FROM suggest_rules('known', 'known', 'churned', 8, 20, 'known_holdout')),
m AS (SELECT h.id, (SELECT min(r.position) FROM r WHERE rule_matches(r.condition, to_jsonb(h))) AS position
      FROM known_holdout h WHERE h.churned IS NOT NULL)
SELECT r.position, rule_check(r.condition) = r.condition AS normalised,
       (SELECT count(*) FROM m WHERE m.position = r.position) = r.holdout_support AS same_support
FROM r ORDER BY r.position;

-- an analyst pastes the conditions into a classification: validate() then
-- counts the same customers per label
SELECT define_model('known_rules', model_spec('known') || jsonb_build_object('classifications',
       jsonb_build_array(jsonb_build_object('name', 'risk', 'labels',
         (SELECT jsonb_agg(jsonb_build_object('label', 'rule' || position, 'when', condition) ORDER BY position)
          FROM suggest_rules('known', 'known', 'churned', 8, 20))))));
SELECT c.labels, c.conditions FROM classification c WHERE c.model = 'known_rules';
SELECT fit('known_rules', 'known');
SELECT label, customers, outcomes, outcome_rate FROM validate('known_rules', 'known') WHERE output = 'risk';

-- one rule: everything is the rest; min_support too large for any split
SELECT * FROM suggest_rules('known', 'known', 'churned', 1);
SELECT * FROM suggest_rules('known', 'known', 'churned', 8, 276);
-- the default outcome (the model's), max_rules 8 and min_support 30
SELECT position, condition, support FROM suggest_rules('known', 'known');

-- a 0/1 outcome with NULLs, and a text split: churn is region = 'north' on x
CREATE TABLE regions AS
SELECT g AS id, CASE g % 4 WHEN 0 THEN 'north' WHEN 1 THEN 'south' WHEN 2 THEN 'east' ELSE 'it''s west' END AS region,
       g % 3 AS x, CASE WHEN g % 50 = 0 THEN NULL WHEN g % 4 IN (0, 3) THEN 1 ELSE 0 END AS left_us
FROM generate_series(1, 400) g;
SELECT position, condition, support, outcome_rate FROM suggest_rules('known', 'regions', 'left_us', 4, 30);

-- errors
SELECT * FROM suggest_rules('nosuch', 'known', 'churned');             -- 42704
SELECT * FROM suggest_rules('known', 'known', 'nosuch');               -- 42703
SELECT * FROM suggest_rules('known', 'known', 'region');               -- 42804
SELECT * FROM suggest_rules('known', 'known', 'x');                    -- 22023: x holds 2
SELECT * FROM suggest_rules('known', 'known', 'churned', 0);           -- 22023
SELECT * FROM suggest_rules('known', 'known', 'churned', 65);          -- 22023
SELECT * FROM suggest_rules('known', 'known', 'churned', 8, 0);        -- 22023
SELECT * FROM suggest_rules(NULL, 'known', 'churned');                 -- 22004
SELECT * FROM suggest_rules('known', 'known', 'churned', NULL);        -- 22004
CREATE TABLE holdout_noflag AS SELECT id, x, churned FROM known_holdout;
SELECT * FROM suggest_rules('known', 'known', 'churned', 8, 20, 'holdout_noflag');   -- 42703
CREATE TABLE holdout_textflag AS SELECT id, x, flag::text AS flag, churned FROM known_holdout;
SELECT * FROM suggest_rules('known', 'known', 'churned', 8, 20, 'holdout_textflag'); -- 42804
CREATE TABLE holdout_nooutcome AS SELECT id, x, flag FROM known_holdout;
SELECT * FROM suggest_rules('known', 'known', 'churned', 8, 20, 'holdout_nooutcome'); -- 42703
