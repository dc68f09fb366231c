-- Layer 3: the shipped default model "telecom", encoding the indicator
-- system of domain.md over the canonical input schema (doc/schema.md).
-- Why each indicator and weight is there: doc/telecom_model.md.
-- Gender and age are in the schema but are not indicators: they never
-- change a score or a tier (design.md principles).

INSERT INTO model (name, description, key, dimension_pairwise, ahp_method, weighting, blend_objective, blend_alpha,
                   methods, combine, concordance_threshold, min_coverage, builtin)
VALUES ('telecom',
        'complaint customer tiering for a telecom operator: five dimensions (background, value, credit, behaviour, handling), AHP dimension weights, expert x CRITIC indicator weights, combined evaluation of four methods',
        'customer_id',
        -- rows and columns: background, value, credit, behaviour, handling
        '{{1,   0.2, 0.5, 0.3333333333333333, 0.5},
          {5,   1,   3,   2,   4},
          {2,   0.3333333333333333, 1, 0.5, 1},
          {3,   0.5, 2,   1,   2},
          {2,   0.25, 1,  0.5, 1}}',
        'eigenvector', 'blend', 'critic', 0.5,
        '{weighted_sum,topsis,grey_relational,vikor}', 'mean_percentile', 0.7, 0.5, true);

INSERT INTO dimension (model, name, ordinal, description, builtin)
VALUES ('telecom', 'background', 1, 'gender, age, tenure, occupation, value orientation (only tenure is scored)', true),
       ('telecom', 'value', 2, 'customer level, ARPU, share of spend on data and new services', true),
       ('telecom', 'credit', 3, 'payment channel and arrears records', true),
       ('telecom', 'behaviour', 4, 'complaint frequency, reasonableness, escalations', true),
       ('telecom', 'handling', 5, 'handling time, acceptance of remedies, satisfaction', true);

-- valid_lo, valid_hi: the hard limits of each input (doc/telecom_model.md):
-- counts, months, hours and ARPU are >= 0, ratios and shares in [0,1],
-- satisfaction on its 1..5 scale; a value outside is an error, not clamped.
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column, direction, transform,
                       levels, level_scores, range_lo, range_hi, best_lo, best_hi, expert_weight, description, builtin,
                       valid_lo, valid_hi)
VALUES
 ('telecom', 'tenure', 1, 'background', 'quantitative', 'tenure_months', 'benefit', 'log',
  NULL, NULL, NULL, NULL, NULL, NULL, 1,
  'months on the network; log scale (the first years matter most); drives the lifecycle stage', true, 0, NULL),
 ('telecom', 'customer_level', 2, 'value', 'qualitative', 'customer_level', 'benefit', 'none',
  '{ordinary,silver,gold,platinum,diamond}', NULL, NULL, NULL, NULL, NULL, 0.35,
  'the operator''s customer level, evenly spaced from ordinary (0) to diamond (1)', true, NULL, NULL),
 ('telecom', 'arpu', 3, 'value', 'quantitative', 'arpu', 'benefit', 'log',
  NULL, NULL, NULL, NULL, NULL, NULL, 0.45,
  'average revenue per user per month; log scale because ARPU is strongly skewed', true, 0, NULL),
 ('telecom', 'data_share', 4, 'value', 'quantitative', 'data_share', 'benefit', 'none',
  NULL, NULL, 0, 1, NULL, NULL, 0.20,
  'share of spend on data and new services: the growth segment the seeds single out', true, 0, 1),
 ('telecom', 'payment_channel', 5, 'credit', 'qualitative', 'payment_channel', 'benefit', 'none',
  '{cash,prepaid_card,online,bank_autodebit}', '{0,0.3,0.7,1}', NULL, NULL, NULL, NULL, 0.4,
  'payment channel ordered by reliability; automatic debit is the most reliable', true, NULL, NULL),
 ('telecom', 'arrears', 6, 'credit', 'quantitative', 'arrears_count_12m', 'cost', 'none',
  NULL, NULL, 0, 6, NULL, NULL, 0.6,
  'arrears records in 12 months; six or more count as the worst', true, 0, NULL),
 ('telecom', 'complaint_frequency', 7, 'behaviour', 'quantitative', 'complaints_90d', 'cost', 'none',
  NULL, NULL, 1, 10, NULL, NULL, 0.3,
  'complaints in 90 days (this one included); ten or more count as the worst', true, 0, NULL),
 ('telecom', 'unreasonable_ratio', 8, 'behaviour', 'quantitative', 'unreasonable_ratio', 'cost', 'none',
  NULL, NULL, 0, 1, NULL, NULL, 0.5,
  'share of past complaints judged unreasonable: reasonableness, kept apart from frequency', true, 0, 1),
 ('telecom', 'escalations', 9, 'behaviour', 'quantitative', 'escalations_12m', 'cost', 'none',
  NULL, NULL, 0, 5, NULL, NULL, 0.2,
  'escalations to regulator, media or management in 12 months', true, 0, NULL),
 ('telecom', 'handling_time', 10, 'handling', 'quantitative', 'handling_hours', 'cost', 'log',
  NULL, NULL, NULL, NULL, NULL, NULL, 0.3,
  'mean hours to resolve past complaints; log scale', true, 0, NULL),
 ('telecom', 'acceptance', 11, 'handling', 'quantitative', 'accepted_ratio', 'benefit', 'none',
  NULL, NULL, 0, 1, NULL, NULL, 0.3,
  'share of past remedies the customer accepted', true, 0, 1),
 ('telecom', 'satisfaction', 12, 'handling', 'quantitative', 'satisfaction', 'benefit', 'none',
  NULL, NULL, 1, 5, NULL, NULL, 0.4,
  'mean satisfaction with past handling, 1 to 5', true, 1, 5);

INSERT INTO tier_scheme (model, scope, labels, shares, builtin)
VALUES ('telecom', 'overall', '{basic,standard,important,key}', '{0.4,0.3,0.2,0.1}', true),
       ('telecom', 'dimension', '{low,medium,high}', '{0.3,0.4,0.3}', true);

-- The seeds' three classes of a complaint customer (domain.md section 3),
-- as classifications over the input columns and the credit dimension score.
-- The warning stage also fires from complaint intensity: in the public
-- BigML telecom churn data (3,333 customers, ../shared/realdata), the churn
-- rate is 10-13 % for 0 to 3 customer-service calls and 46 % at 4 (52 % at
-- 4 or more, 4.6 times the rest); complaints_90d >= 4 is the same
-- threshold on the complaint count (doc/outcome_weighting.md, "The telecom warning stage").
INSERT INTO classification (model, name, ordinal, labels, conditions, description, builtin)
VALUES ('telecom', 'lifecycle_stage', 1,
        '{warning,identification,growth,stable}',
        ARRAY['porting_requested OR satisfaction <= 2 OR complaints_90d >= 4',
              'tenure_months < 6',
              'tenure_months < 24',
              'tenure_months >= 24'],
        'lifecycle stage: warning (churn risk: a porting request, satisfaction at most 2, or 4 or more complaints in 90 days), else by months on the network', true),
       ('telecom', 'credit_grade', 2,
        '{high,medium,low}',
        ARRAY['credit_score >= 0.8', 'credit_score >= 0.5', 'credit_score < 0.5'],
        'credit grade on the credit dimension score', true),
       ('telecom', 'behaviour_class', 3,
        '{frequent_unreasonable,emotional_urgent,first_time_good_faith,regular}',
        ARRAY['complaints_90d >= 3 AND unreasonable_ratio >= 0.5',
              'emotional',
              'complaints_90d = 1 AND unreasonable_ratio <= 0.2',
              'TRUE'],
        'complaint behaviour: frequency and reasonableness tested separately, emotional urgency, first-time good faith', true);
