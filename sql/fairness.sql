-- fairness(model, source, attribute): disparate impact of tiers and
-- strategies across the groups of one column, with the four-fifths rule.
SET search_path = complaint_tier, public;

-- 1. The published example of the four-fifths rule: Questions and Answers
-- to Clarify and Provide a Common Interpretation of the Uniform Guidelines
-- on Employee Selection Procedures, EEOC et al., 44 Fed. Reg. 11996 (1979),
-- Q&A 12: selection rates 60% (whites), 45% (American Indians), 48%
-- (Hispanics), 51% (Blacks) give impact ratios 45/60 = 0.75, 48/60 = 0.80
-- and 51/60 = 0.85: adverse impact is indicated for American Indians only
-- (exactly 80% is not "less than four-fifths", 29 CFR 1607.4(D)).
-- Here "selected" = routed at priority 1 by a rule of a one-indicator model
-- (one dimension, value, weight 1; the rule reads the table's own column).
CREATE TABLE fx_src (customer_id bigint, applicant_group text, arpu float8, escalations_12m int);
INSERT INTO fx_src
SELECT g * 1000 + i, grp, 10 + i, CASE WHEN i <= sel THEN 1 ELSE 0 END
FROM (VALUES (1, 'white', 60), (2, 'american_indian', 45), (3, 'hispanic', 48), (4, 'black', 51)) v(g, grp, sel),
     generate_series(1, 100) i;
SELECT define_model('fx', '{"key": "customer_id", "source": "fx_src",
  "dimensions": [{"name": "value", "weight": 1}],
  "indicators": [{"name": "arpu", "column": "arpu", "dimension": "value", "direction": "benefit", "weight": 1}],
  "weighting": "expert", "methods": ["weighted_sum"],
  "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.5, 0.5]},
            "dimension": {"labels": ["low", "high"], "cuts": [0.5]}},
  "rules": [{"id": "fx.selected", "strategy": "priority_queue", "priority": 1, "routing_priority": 1,
             "when": "escalations_12m >= 1"}]}');
SELECT fit('fx', 'fx_src') AS version;
-- arpu is the same within every group (10 + i, i = 1..100), so tiers are
-- identical across groups: every tier ratio is 1, nothing flagged there
SELECT grp, customers, measure, category, round(value::numeric, 4) AS value, favourable,
       round(impact_ratio::numeric, 4) AS impact_ratio, flagged
FROM fairness('fx', 'fx_src', 'applicant_group');
-- the ratios are exact: 48/60 is 0.8 to the last bit and is not flagged
SELECT grp, impact_ratio = 0.8 AS exactly_four_fifths, flagged
FROM fairness('fx', 'fx_src', 'applicant_group') WHERE measure = 'routing_priority_1' AND grp = 'hispanic';

-- 2. The shipped telecom model on sample customers grouped by gender:
-- gender is not an indicator and no enabled rule reads it, so no favourable
-- treatment is flagged (the tier shares are equal up to sampling noise).
CREATE TABLE fair_src AS SELECT * FROM sample_customers(4000, 3);
SELECT fit('telecom', 'fair_src') AS version;
SELECT grp, customers, category, round(value::numeric, 3) AS share, round(impact_ratio::numeric, 3) AS ratio, flagged
FROM fairness('telecom', 'fair_src', 'gender') WHERE measure = 'tier' ORDER BY category, grp;
SELECT count(*) FILTER (WHERE flagged) AS flagged, count(*) FILTER (WHERE favourable) AS favourable_rows,
       min(impact_ratio) FILTER (WHERE favourable) >= 0.8 AS all_favourable_at_least_four_fifths
FROM fairness('telecom', 'fair_src', 'gender');
-- shares agree with a direct count over evaluate()
SELECT f.grp, f.category, f.value = d.share AS same
FROM fairness('telecom', 'fair_src', 'gender') f
JOIN (SELECT s.gender AS grp, e.tier, count(*)::float8 / sum(count(*)) OVER (PARTITION BY s.gender) AS share
      FROM fair_src s CROSS JOIN LATERAL evaluate('telecom', s) e GROUP BY 1, 2) d
  ON d.grp IS NOT DISTINCT FROM f.grp AND d.tier = f.category
WHERE f.measure = 'tier' AND f.category = 'key' ORDER BY 1;

-- 3. A crafted biased user rule on gender, enabled through the model's
-- demographic switch: men get the priority queue (routing 1) and extended
-- refund authority.  The report flags women on both.
INSERT INTO rules (id, model, priority, condition, strategy, demographic, routing_priority, notes)
VALUES ('test.biased', 'telecom', 1, 'gender = ''M''', 'extended_authority', true, 1, 'deliberately biased, for the fairness test');
-- off by default: the rule does not apply, nothing is flagged
SELECT count(*) FILTER (WHERE flagged) AS flagged FROM fairness('telecom', 'fair_src', 'gender');
UPDATE model SET demographic_rules = true WHERE name = 'telecom';
SELECT grp, measure, category, round(impact_ratio::numeric, 3) AS ratio, flagged
FROM fairness('telecom', 'fair_src', 'gender') WHERE flagged ORDER BY measure, grp;
-- the tier itself is still not flagged: rules change treatment, not scores
SELECT count(*) FILTER (WHERE flagged) AS tier_flagged FROM fairness('telecom', 'fair_src', 'gender') WHERE measure = 'tier';
UPDATE model SET demographic_rules = false WHERE name = 'telecom';
DELETE FROM rules WHERE id = 'test.biased';

-- 4. NULL groups form their own group; a view groups by an expression
CREATE VIEW fair_age AS SELECT *, CASE WHEN age < 40 THEN 'under 40' WHEN age >= 40 THEN '40+' END AS age_band FROM fair_src;
SELECT grp, customers FROM fairness('telecom', 'fair_age', 'age_band') WHERE measure = 'routing_priority_1';
SELECT count(*) FROM fairness('telecom', 'fair_src', NULL);

-- errors
SELECT * FROM fairness('telecom', 'fair_src', 'age / 10');
SELECT * FROM fairness('telecom', 'fair_src', 'no_such_column');
SELECT * FROM fairness('nope', 'fair_src', 'gender');
SELECT define_model('fx_unfitted', model_spec('fx') - 'rules');
SELECT * FROM fairness('fx_unfitted', 'fair_src', 'gender');
SELECT * FROM fairness('telecom', 'no_such_table', 'gender');

DROP VIEW fair_age;
DROP TABLE fair_src, fx_src;
DELETE FROM rules WHERE model = 'fx';
DELETE FROM model WHERE name IN ('fx', 'fx_unfitted');
DELETE FROM active_version WHERE model = 'telecom';
DELETE FROM model_version WHERE model = 'telecom';
