-- evaluate() fills the strategy columns from the model's rules: strategies
-- (codes in priority order), reasons (rule id, version, normalised
-- condition), routing_priority (minimum over the fired rules) and
-- refund_ceiling (maximum).  No published example: the expected strategies
-- follow from the shipped rule pack (doc/strategies.md) and the
-- classification thresholds of doc/model.md on crafted customers.
SET search_path = complaint_tier, public;

CREATE TABLE se_src AS SELECT * FROM sample_customers(2000, 11);
SELECT fit('telecom', 'se_src') AS version;

-- an empty customer: no stage (tenure unknown), no usage mix, no history:
-- no rule fires; empty arrays, not NULL
SELECT lifecycle_stage, credit_grade, behaviour_class, strategies, reasons,
       routing_priority, refund_ceiling
FROM evaluate('telecom', '{}'::jsonb);

-- every shipped rule on a crafted customer (jsonb overload)
CREATE TABLE se_crafted (n int, label text, facts jsonb);
INSERT INTO se_crafted VALUES
 (1,  'platinum',           '{"customer_level": "platinum"}'),
 (2,  'diamond',            '{"customer_level": "diamond"}'),
 (3,  'gold (not VIP)',     '{"customer_level": "gold"}'),
 (4,  'data heavy',         '{"data_share": 0.8}'),
 (5,  'voice heavy',        '{"data_share": 0.2}'),
 (6,  'new (2 months)',     '{"tenure_months": 2}'),
 (7,  'growth (12 months)', '{"tenure_months": 12}'),
 (8,  'stable (40 months)', '{"tenure_months": 40}'),
 (9,  'warning (unhappy)',  '{"tenure_months": 40, "satisfaction": 1.5}'),
 (10, 'high credit',        '{"payment_channel": "bank_autodebit", "arrears_count_12m": 0}'),
 (11, 'low credit',         '{"payment_channel": "cash", "arrears_count_12m": 6}'),
 (12, 'first time',         '{"complaints_90d": 1, "unreasonable_ratio": 0}'),
 (13, 'unreasonable',       '{"complaints_90d": 5, "unreasonable_ratio": 0.8}'),
 (14, 'frequent, justified','{"complaints_90d": 9, "unreasonable_ratio": 0.1}'),
 (15, 'emotional',          '{"emotional": true}'),
 (16, 'app problem',        '{"problem_type": "app"}'),
 (17, 'billing problem',    '{"problem_type": "billing"}'),
 (18, 'has history',        '{"accepted_ratio": 0.5}'),
 (19, 'vulnerable',         '{"vulnerable": true}'),
 (20, 'porting',            '{"porting_requested": true}');
SELECT c.n, c.label, e.lifecycle_stage AS stage, e.credit_grade AS grade, e.behaviour_class AS class,
       e.strategies, e.routing_priority AS routing, e.refund_ceiling AS ceiling
FROM se_crafted c CROSS JOIN LATERAL evaluate('telecom', c.facts) e ORDER BY c.n;
-- the reasons, one per strategy, in the same order
SELECT c.n, u.strategy, u.reason
FROM se_crafted c CROSS JOIN LATERAL evaluate('telecom', c.facts) e
CROSS JOIN LATERAL unnest(e.strategies, e.reasons) WITH ORDINALITY AS u(strategy, reason, k)
ORDER BY c.n, u.k;
-- every enabled telecom rule fired on some crafted customer
SELECT r.id AS never_fired FROM rules r WHERE r.model = 'telecom' AND r.enabled
EXCEPT
SELECT substring(u.reason FROM '^rule (\S+) v') FROM se_crafted c
CROSS JOIN LATERAL evaluate('telecom', c.facts) e CROSS JOIN LATERAL unnest(e.reasons) u(reason);
-- each reason names the rule's current version and normalised condition
SELECT count(*) AS reasons, bool_and(u.reason = format('rule %s v%s: %s', r.id, r.version, rule_check(r.condition))) AS all_match
FROM se_crafted c CROSS JOIN LATERAL evaluate('telecom', c.facts) e
CROSS JOIN LATERAL unnest(e.reasons) u(reason)
JOIN rules r ON r.id = substring(u.reason FROM '^rule (\S+) v');

-- priorities and ordering: a diamond, emotional, first-time customer with
-- high credit on a data plan: safeguards (10) would come first, then value
-- (20..24), behaviour (30..33), credit (40, 41), lifecycle (50..53), usage
-- (60, 61), history (70).  Routing: min(1 green channel/queue, 2 emotional)
-- = 1; ceiling: max(500 extended authority, 50 direct refund) = 500.
SELECT strategies, routing_priority, refund_ceiling
FROM evaluate('telecom', '{"customer_level": "diamond", "emotional": true, "complaints_90d": 1,
  "unreasonable_ratio": 0, "payment_channel": "bank_autodebit", "arrears_count_12m": 0,
  "tenure_months": 40, "satisfaction": 4.5, "data_share": 0.7, "accepted_ratio": 0.9}'::jsonb);
-- emotional only: routing 2; first time only: ceiling 50, no routing
SELECT routing_priority, refund_ceiling FROM evaluate('telecom', '{"emotional": true}'::jsonb);
SELECT routing_priority, refund_ceiling FROM evaluate('telecom', '{"complaints_90d": 1, "unreasonable_ratio": 0.1}'::jsonb);

-- safeguards: vulnerable drops suspension-type strategies (high and low credit)
SELECT strategies FROM evaluate('telecom', '{"vulnerable": true, "payment_channel": "bank_autodebit", "arrears_count_12m": 0}'::jsonb);
SELECT strategies FROM evaluate('telecom', '{"vulnerable": true, "payment_channel": "cash", "arrears_count_12m": 6}'::jsonb);
-- vulnerable NULL is not vulnerable: the suspension-type strategies stay
SELECT strategies FROM evaluate('telecom', '{"vulnerable": null, "payment_channel": "cash", "arrears_count_12m": 6}'::jsonb);
-- porting requested: no retention, no opportunity marketing, port_out_respected
SELECT lifecycle_stage, strategies FROM evaluate('telecom', '{"porting_requested": true, "tenure_months": 2}'::jsonb);
SELECT lifecycle_stage, strategies FROM evaluate('telecom', '{"porting_requested": true, "tenure_months": 40, "satisfaction": 1}'::jsonb);
SELECT lifecycle_stage, strategies FROM evaluate('telecom', '{"porting_requested": false, "tenure_months": 40, "satisfaction": 1}'::jsonb);
-- a user rule that forgets the vulnerability guard is still overridden
INSERT INTO rules (id, model, priority, condition, strategy, notes)
VALUES ('test.unguarded', 'telecom', 44, 'arrears_count_12m >= 1', 'high_spend_monitoring', 'no vulnerable guard');
SELECT strategies FROM evaluate('telecom', '{"vulnerable": true, "arrears_count_12m": 2}'::jsonb);
SELECT strategies FROM evaluate('telecom', '{"vulnerable": false, "arrears_count_12m": 2}'::jsonb);
DELETE FROM rules WHERE id = 'test.unguarded';

-- a disabled rule and an expired rule do not fire; an active one does
INSERT INTO rules (id, model, priority, condition, strategy, enabled, valid_from, valid_to) VALUES
 ('test.disabled', 'telecom', 1, 'escalations_12m >= 1', 'single_owner', false, NULL, NULL),
 ('test.expired', 'telecom', 2, 'escalations_12m >= 1', 'priority_queue', true, '2020-01-01', '2021-01-01'),
 ('test.scheduled', 'telecom', 3, 'escalations_12m >= 1', 'vip_green_channel', true, now() + interval '1 day', NULL),
 ('test.active', 'telecom', 4, 'escalations_12m >= 1', 'customer_care', true, now() - interval '1 day', now() + interval '1 day');
SELECT strategies, reasons FROM evaluate('telecom', '{"escalations_12m": 2}'::jsonb);
UPDATE rules SET enabled = true WHERE id = 'test.disabled';
SELECT strategies, reasons FROM evaluate('telecom', '{"escalations_12m": 2}'::jsonb);
DELETE FROM rules WHERE id LIKE 'test.%';

-- demographic rules: off by default, on only with the model's switch
INSERT INTO rules (id, model, priority, condition, strategy, demographic)
VALUES ('test.gender', 'telecom', 95, 'gender = ''F''', 'style_sincere_compensation', true);
SELECT demographic_rules FROM model WHERE name = 'telecom';
SELECT strategies FROM evaluate('telecom', '{"gender": "F"}'::jsonb);
UPDATE model SET demographic_rules = true WHERE name = 'telecom';
SELECT strategies, reasons FROM evaluate('telecom', '{"gender": "F"}'::jsonb);
-- the shipped gender-style rules (telecom.background.gender_m/_f) stay
-- disabled even then: nothing for "M"
SELECT strategies FROM evaluate('telecom', '{"gender": "M"}'::jsonb);
UPDATE model SET demographic_rules = false WHERE name = 'telecom';
SELECT strategies FROM evaluate('telecom', '{"gender": "F"}'::jsonb);
DELETE FROM rules WHERE id = 'test.gender';

-- the record overloads give the same strategy columns as jsonb, and
-- explain_strategies lists exactly the fired rules
SELECT count(*) AS customers,
       bool_and(e1.strategies = e2.strategies AND e1.reasons = e2.reasons
                AND e1.routing_priority IS NOT DISTINCT FROM e2.routing_priority
                AND e1.refund_ceiling IS NOT DISTINCT FROM e2.refund_ceiling) AS record_eq_jsonb,
       bool_and(e1.strategies = e3.strategies AND e1.reasons = e3.reasons) AS record_eq_version
FROM se_src s
CROSS JOIN LATERAL evaluate('telecom', s) e1
CROSS JOIN LATERAL evaluate('telecom', to_jsonb(s)) e2
CROSS JOIN LATERAL evaluate('telecom', 1, s) e3;
SELECT count(*) AS mismatches
FROM se_src s CROSS JOIN LATERAL evaluate('telecom', s) e
WHERE e.strategies IS DISTINCT FROM
      (SELECT coalesce(array_agg(x.strategy ORDER BY x.priority, x.rule_id COLLATE "C"), '{}')
       FROM explain_strategies('telecom', s) x)
   OR e.routing_priority IS DISTINCT FROM (SELECT min(x.routing_priority) FROM explain_strategies('telecom', s) x)
   OR e.refund_ceiling IS DISTINCT FROM (SELECT max(x.refund_ceiling) FROM explain_strategies('telecom', s) x);
SELECT * FROM explain_strategies('telecom', (SELECT s FROM se_src s WHERE customer_id = 1));
-- the jsonb overload: the crafted customers give the same rules as evaluate()
SELECT count(*) AS mismatches
FROM se_crafted c CROSS JOIN LATERAL evaluate('telecom', c.facts) e
WHERE e.reasons IS DISTINCT FROM
      (SELECT coalesce(array_agg(format('rule %s v%s: %s', x.rule_id, x.rule_version, x.condition)
                                 ORDER BY x.priority, x.rule_id COLLATE "C"), '{}')
       FROM explain_strategies('telecom', c.facts) x);
SELECT priority, strategy, rule_id, routing_priority, refund_ceiling, approval_required
FROM explain_strategies('telecom', '{"customer_level": "platinum", "payment_channel": "bank_autodebit",
  "arrears_count_12m": 0, "vulnerable": false}'::jsonb);
SELECT count(*) FROM explain_strategies('telecom', '{}'::jsonb);
-- the population: a strategy per lifecycle stage, never an empty list here
SELECT count(*) FILTER (WHERE cardinality(e.strategies) = 0) AS no_strategy,
       count(*) FILTER (WHERE cardinality(e.strategies) <> cardinality(e.reasons)) AS length_mismatch,
       count(*) FILTER (WHERE 'strict_verification' = ANY (e.strategies) AND s.unreasonable_ratio < 0.5) AS strict_but_reasonable,
       count(*) FILTER (WHERE e.strategies && '{delayed_suspension,special_reopening,high_spend_monitoring,strict_roaming_conditions}' AND s.vulnerable) AS suspension_vulnerable,
       count(*) FILTER (WHERE e.strategies && '{retention,opportunity_marketing}' AND s.porting_requested) AS offer_after_porting
FROM se_src s CROSS JOIN LATERAL evaluate('telecom', s) e;

-- the cache: two models at one call site in one query (the rule set is
-- reloaded when the model changes)
INSERT INTO model (name, dimension_weights, weighting, methods)
VALUES ('se_two', '{0, 0.5, 0, 0.5, 0}', 'expert', '{weighted_sum}');
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column, direction, range_lo, range_hi, expert_weight)
VALUES ('se_two', 'arpu', 1, 'value', 'quantitative', 'arpu', 'benefit', NULL, NULL, 1),
       ('se_two', 'complaints', 2, 'behaviour', 'quantitative', 'complaints_90d', 'cost', 1, 10, 1);
INSERT INTO tier_scheme (model, scope, labels, shares) VALUES ('se_two', 'overall', '{low,high}', '{0.5,0.5}');
INSERT INTO tier_scheme (model, scope, labels, cuts) VALUES ('se_two', 'dimension', '{low,high}', '{0.5}');
SELECT fit('se_two', 'se_src') AS version;
-- a model without rules: empty arrays, NULL routing and ceiling
SELECT strategies, reasons, routing_priority, refund_ceiling FROM evaluate('se_two', '{"customer_level": "diamond"}'::jsonb);
INSERT INTO rules (id, model, priority, condition, strategy, routing_priority)
VALUES ('se_two.callback', 'se_two', 1, 'complaints_90d >= 1', 'priority_queue', 3);
SELECT v.k, v.m, e.strategies, e.routing_priority, e.refund_ceiling
FROM (VALUES (1, 'telecom'), (2, 'se_two'), (3, 'telecom'), (4, 'se_two')) v(k, m)
CROSS JOIN LATERAL evaluate(v.m, '{"customer_level": "diamond", "complaints_90d": 2, "unreasonable_ratio": 0}'::jsonb) e
ORDER BY v.k;
SELECT v.m, count(*) AS customers, count(DISTINCT e.model) AS models, min(cardinality(e.strategies)) AS min_strategies
FROM (VALUES ('telecom'), ('se_two')) v(m) CROSS JOIN se_src s
CROSS JOIN LATERAL evaluate(v.m, s) e GROUP BY v.m ORDER BY v.m;

-- errors: a column the rules read has the wrong type (record), or a key of
-- the wrong JSON type
CREATE TABLE se_bad AS SELECT * FROM se_src LIMIT 1;
ALTER TABLE se_bad ALTER problem_type TYPE int USING 1;
SELECT e.strategies FROM se_bad b CROSS JOIN LATERAL evaluate('telecom', b) e;
SELECT strategies FROM evaluate('telecom', '{"problem_type": 3}'::jsonb);
SELECT strategies FROM evaluate('telecom', '{"porting_requested": "yes"}'::jsonb);
-- a column the rules do not read may have any type; a missing one is NULL
ALTER TABLE se_bad ALTER problem_type TYPE text USING 'app';
ALTER TABLE se_bad DROP COLUMN vulnerable;
ALTER TABLE se_bad ADD COLUMN notes point;
SELECT e.strategies FROM se_bad b CROSS JOIN LATERAL evaluate('telecom', b) e;
SELECT * FROM explain_strategies('nope', (SELECT b FROM se_bad b));
SELECT count(*) FROM explain_strategies('telecom', NULL::se_bad);

DROP TABLE se_bad, se_crafted, se_src;
DELETE FROM rules WHERE model = 'se_two';
DELETE FROM model WHERE name = 'se_two';
DELETE FROM active_version WHERE model = 'telecom';
DELETE FROM model_version WHERE model = 'telecom';
