-- The README's quick start, statement for statement, so the documentation
-- stays true to the code (user tables in public, not in the extension's
-- schema).
SET search_path = public, complaint_tier;
SET client_min_messages = warning;
CREATE TABLE customers AS SELECT * FROM sample_customers(10000);
SELECT fit('telecom', 'customers');
SELECT c.customer_id, e.score, e.tier, e.dimension_tiers, e.class_labels
FROM customers c CROSS JOIN LATERAL evaluate('telecom', c) e
ORDER BY c.customer_id LIMIT 3;
SELECT e.tier, e.strategies, e.reasons, e.routing_priority, e.refund_ceiling
FROM customers c CROSS JOIN LATERAL evaluate('telecom', c) e
WHERE c.customer_id = 42;
SELECT indicator, dimension, raw_value, round(normalised::numeric, 3) AS normalised
FROM explain('telecom', (SELECT c FROM customers c WHERE customer_id = 42));
SELECT * FROM fairness('telecom', 'customers', 'gender') WHERE flagged;
SELECT create_tier_view('telecom', 'customers', 'customer_tier', true);
SELECT tier, count(*) FROM customer_tier GROUP BY tier ORDER BY min(score);
REFRESH MATERIALIZED VIEW CONCURRENTLY customer_tier;
-- nothing of the quick start landed in the extension's schema
SELECT count(*) AS user_objects_in_extension_schema FROM pg_class
WHERE relnamespace = 'complaint_tier'::regnamespace AND relname IN ('customers', 'customer_tier', 'customer_tier_strategies');

CREATE TABLE accounts (id int PRIMARY KEY, balance numeric, complaints int);
INSERT INTO accounts SELECT g, (g * 7919) % 50000, g % 5 FROM generate_series(1, 100) g;
SELECT define_model('accounts', '{
  "key": "id", "source": "accounts",
  "dimensions": [{"name": "value", "weight": 0.6}, {"name": "service", "weight": 0.4}],
  "indicators": [
    {"name": "balance", "column": "balance", "dimension": "value", "transform": "log", "weight": 1},
    {"name": "complaints", "column": "complaints", "dimension": "service", "direction": "cost", "weight": 1}],
  "tiers": {"overall": {"labels": ["standard", "priority"], "shares": [0.8, 0.2]}},
  "classifications": [{"name": "wealth", "labels": [
    {"label": "affluent", "when": "balance > 10000"}, {"label": "mass", "when": "TRUE"}]}]}');
SELECT fit('accounts', 'accounts');
SELECT e.tier, e.class_labels[1] AS wealth, count(*)
FROM accounts a CROSS JOIN LATERAL evaluate('accounts', a) e GROUP BY 1, 2 ORDER BY 1, 2;
SELECT jsonb_pretty(model_spec('accounts'));

SELECT complaint_tier.normalize(150, 20, 300);
SELECT complaint_tier.normalize(2, 0, 6, 'cost');
SELECT quantify('gold', ARRAY['ordinary','silver','gold','diamond']);
SELECT ahp_weights('{{1,2,4},{0.5,1,2},{0.25,0.5,1}}');
SELECT * FROM ahp_consistency('{{1,3,5},{0.333,1,2},{0.2,0.5,1}}');
SELECT topsis(ARRAY[0.8, 0.3, 1.0], ARRAY[0.5, 0.3, 0.2],
              ARRAY[1, 1, 1], ARRAY[0, 0, 0]);
SELECT tier(0.62, ARRAY[0.3, 0.5, 0.7], ARRAY['D','C','B','A']);

DROP TABLE customers CASCADE;
DROP TABLE accounts;
DELETE FROM complaint_tier.model WHERE name = 'accounts';
DELETE FROM complaint_tier.active_version WHERE model = 'telecom';
DELETE FROM complaint_tier.model_version WHERE model = 'telecom';
