-- evaluate() fills the strategy columns from the model's rules: strategies
-- (codes in priority order), reasons (rule id, version, normalised
-- condition), routing_priority (minimum over the fired rules) and
-- refund_ceiling (maximum).  No published example: the expected strategies
-- follow from the shipped rule pack (doc/strategies.md) and the
-- classification thresholds of doc/model.md on crafted customers.  Since
-- 0.2.0 the classifications are the model's classification rows, read as
-- e.class_labels in e.class_names order (lifecycle_stage, credit_grade,
-- behaviour_class for telecom), and rules may read any column of the
-- evaluated row.
SET search_path = complaint_tier, public;

CREATE TABLE se_src AS SELECT * FROM sample_customers(2000, 11);
SELECT fit('telecom', 'se_src') AS version;

-- an empty customer: no stage (tenure unknown), no usage mix, no history:
-- no rule fires; empty arrays, not NULL.  behaviour_class is NULL, not
-- 'regular' as in 0.1.0: a classification whose input columns
-- (complaints_90d, unreasonable_ratio, emotional) are all NULL is unknown;
-- credit_grade reads credit_score, a model output that is computed for
-- missing inputs too (medium, as in 0.1.0)
SELECT class_names, class_labels[1] AS lifecycle_stage, class_labels[2] AS credit_grade,
       class_labels[3] AS behaviour_class, strategies, reasons, routing_priority, refund_ceiling
FROM evaluate('telecom', '{}'::jsonb);

-- every shipped rule on a crafted customer (jsonb overload); 13 and 14
-- complain 5 and 9 times in 90 days: the warning stage (complaints_90d >= 4
-- since 0.2.0) gives them the retention strategy
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
SELECT c.n, c.label, e.class_labels[1] AS stage, e.class_labels[2] AS grade, e.class_labels[3] AS class,
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
SELECT class_labels[1] AS lifecycle_stage, strategies FROM evaluate('telecom', '{"porting_requested": true, "tenure_months": 2}'::jsonb);
SELECT class_labels[1] AS lifecycle_stage, strategies FROM evaluate('telecom', '{"porting_requested": true, "tenure_months": 40, "satisfaction": 1}'::jsonb);
SELECT class_labels[1] AS lifecycle_stage, strategies FROM evaluate('telecom', '{"porting_requested": false, "tenure_months": 40, "satisfaction": 1}'::jsonb);
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
-- se_two is built by plain INSERTs in catalogue order: model, dimensions,
-- indicators, overall tier scheme
INSERT INTO model (name, weighting, methods) VALUES ('se_two', 'expert', '{weighted_sum}');
INSERT INTO dimension (model, name, ordinal, weight)
VALUES ('se_two', 'value', 1, 0.5), ('se_two', 'behaviour', 2, 0.5);
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column, direction, range_lo, range_hi, expert_weight)
VALUES ('se_two', 'arpu', 1, 'value', 'quantitative', 'arpu', 'benefit', NULL, NULL, 1),
       ('se_two', 'complaints', 2, 'behaviour', 'quantitative', 'complaints_90d', 'cost', 1, 10, 1);
INSERT INTO tier_scheme (model, scope, labels, shares) VALUES ('se_two', 'overall', '{low,high}', '{0.5,0.5}');
INSERT INTO tier_scheme (model, scope, labels, cuts) VALUES ('se_two', 'dimension', '{low,high}', '{0.5}');
SELECT fit('se_two', 'se_src') AS version;
-- a model without rules or classifications: empty arrays, NULL routing and ceiling
SELECT dimension_names, class_names, class_labels, strategies, reasons, routing_priority, refund_ceiling
FROM evaluate('se_two', '{"customer_level": "diamond"}'::jsonb);
INSERT INTO rules (id, model, priority, condition, strategy, routing_priority)
VALUES ('se_two.callback', 'se_two', 1, 'complaints_90d >= 1', 'priority_queue', 3);
SELECT v.k, v.m, e.strategies, e.routing_priority, e.refund_ceiling
FROM (VALUES (1, 'telecom'), (2, 'se_two'), (3, 'telecom'), (4, 'se_two')) v(k, m)
CROSS JOIN LATERAL evaluate(v.m, '{"customer_level": "diamond", "complaints_90d": 2, "unreasonable_ratio": 0}'::jsonb) e
ORDER BY v.k;
SELECT v.m, count(*) AS customers, count(DISTINCT e.model) AS models, min(cardinality(e.strategies)) AS min_strategies
FROM (VALUES ('telecom'), ('se_two')) v(m) CROSS JOIN se_src s
CROSS JOIN LATERAL evaluate(v.m, s) e GROUP BY v.m ORDER BY v.m;

-- a user model over its own table: the rule reads a column outside the
-- old canonical schema (returns_12m, channel) and a classification by name
-- (returner), defined in the model itself
CREATE TABLE se_shop (order_ref int PRIMARY KEY, basket_value float8, loyalty_years int,
                      returns_12m int, channel text);
INSERT INTO se_shop
SELECT g, 10 * g, g % 7, g % 5, CASE WHEN g % 2 = 0 THEN 'online' ELSE 'store' END
FROM generate_series(1, 40) g;
SELECT define_model('se_shop', '{"key": "order_ref", "source": "se_shop",
  "dimensions": [{"name": "spend", "weight": 0.6}, {"name": "loyalty", "weight": 0.4}],
  "indicators": [{"name": "basket", "column": "basket_value", "dimension": "spend", "weight": 1},
                 {"name": "years", "column": "loyalty_years", "dimension": "loyalty", "weight": 1}],
  "tiers": {"overall": {"labels": ["regular", "valued"], "shares": [0.5, 0.5]}},
  "classifications": [{"name": "returner", "labels": [
      {"label": "serial", "when": "returns_12m >= 3"},
      {"label": "occasional", "when": "returns_12m >= 1"},
      {"label": "never", "when": "returns_12m = 0"}]}],
  "strategies": [{"code": "se_return_review", "title": "Review of the return history", "basis": "returns"}],
  "rules": [{"id": "se_shop.review", "strategy": "se_return_review", "priority": 10, "routing_priority": 3,
             "when": "returner = ''serial'' AND channel = ''online''"}]}');
SELECT fit('se_shop', 'se_shop') AS version;
-- returns_12m = g % 5 >= 3 for g % 5 in (3, 4) and online for even g:
-- g in {4, 8, 14, 18, 24, 28, 34, 38}, 8 orders
SELECT e.class_labels[1] AS returner, count(*) AS orders,
       count(*) FILTER (WHERE e.strategies = '{se_return_review}') AS reviewed,
       min(e.routing_priority) AS routing
FROM se_shop s CROSS JOIN LATERAL evaluate('se_shop', s) e GROUP BY 1 ORDER BY 1;
SELECT array_agg(s.order_ref ORDER BY s.order_ref) AS reviewed,
       array_agg(s.order_ref ORDER BY s.order_ref) FILTER (WHERE s.returns_12m >= 3 AND s.channel = 'online') AS by_hand
FROM se_shop s CROSS JOIN LATERAL evaluate('se_shop', s) e WHERE 'se_return_review' = ANY (e.strategies);
SELECT e.class_names, e.class_labels, e.strategies, e.reasons, e.routing_priority
FROM evaluate('se_shop', '{"basket_value": 50, "loyalty_years": 2, "returns_12m": 4, "channel": "online"}'::jsonb) e;
-- the jsonb form: a missing channel is NULL, so the rule does not fire
SELECT e.class_labels, e.strategies
FROM evaluate('se_shop', '{"basket_value": 50, "loyalty_years": 2, "returns_12m": 4}'::jsonb) e;
SELECT rule_id, condition FROM explain_strategies('se_shop', (SELECT s FROM se_shop s WHERE order_ref = 4));

-- errors: a column the rules read has the wrong type (record), or a key of
-- the wrong JSON type
CREATE TABLE se_bad AS SELECT * FROM se_src LIMIT 1;
ALTER TABLE se_bad ALTER problem_type TYPE int USING 1;
SELECT e.strategies FROM se_bad b CROSS JOIN LATERAL evaluate('telecom', b) e;
SELECT strategies FROM evaluate('telecom', '{"problem_type": 3}'::jsonb);
SELECT strategies FROM evaluate('telecom', '{"porting_requested": "yes"}'::jsonb);
-- a column the rules do not read may have any type
ALTER TABLE se_bad ALTER problem_type TYPE text USING 'app';
ALTER TABLE se_bad ADD COLUMN notes point;
SELECT e.strategies FROM se_bad b CROSS JOIN LATERAL evaluate('telecom', b) e;
-- a key missing from jsonb facts is NULL, but a column missing from the
-- row is an unknown variable (0.1.0 read it as NULL): an error naming the
-- rule, SQLSTATE 42703
SELECT strategies FROM evaluate('telecom', (SELECT to_jsonb(b) - 'vulnerable' FROM se_bad b));
ALTER TABLE se_bad DROP COLUMN vulnerable;
SELECT e.strategies FROM se_bad b CROSS JOIN LATERAL evaluate('telecom', b) e;
DO $$
BEGIN
	PERFORM e.strategies FROM complaint_tier.evaluate('telecom', (SELECT b FROM se_bad b)) e;
EXCEPTION WHEN others THEN
	RAISE NOTICE 'SQLSTATE %', SQLSTATE;
END
$$;
SELECT * FROM explain_strategies('nope', (SELECT b FROM se_bad b));
SELECT count(*) FROM explain_strategies('telecom', NULL::se_bad);

DROP TABLE se_bad, se_crafted, se_src;
DROP TABLE se_shop;
DELETE FROM rules WHERE model IN ('se_two', 'se_shop');
DELETE FROM model WHERE name IN ('se_two', 'se_shop');
DELETE FROM strategies WHERE code = 'se_return_review';
DELETE FROM active_version WHERE model = 'telecom';
DELETE FROM model_version WHERE model = 'telecom';
