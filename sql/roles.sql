-- Governance (doc/governance.md): the README's quick start run by roles that
-- are not superusers, each with one documented grant: regress_ct_modeller
-- (complaint_tier_model) loads the customers, fits and defines models;
-- regress_ct_analyst (complaint_tier_use only) evaluates, explains, checks
-- fairness and keeps a tier view; regress_ct_lead (complaint_tier_govern)
-- compares a candidate and activates it.  What each level cannot do, and
-- the statistics of a table a role cannot read staying private.
\set SHOW_CONTEXT never
CREATE ROLE regress_ct_analyst;
CREATE ROLE regress_ct_modeller;
CREATE ROLE regress_ct_lead;
CREATE ROLE regress_ct_nobody;
GRANT complaint_tier_use TO regress_ct_analyst;
GRANT complaint_tier_model TO regress_ct_modeller;
GRANT complaint_tier_govern TO regress_ct_lead;
-- their own schema for their tables (PostgreSQL 15 gives PUBLIC no CREATE on public)
CREATE SCHEMA regress_ct_work;
GRANT USAGE, CREATE ON SCHEMA regress_ct_work TO regress_ct_analyst, regress_ct_modeller, regress_ct_lead, regress_ct_nobody;

-- the levels: NOLOGIN roles, each including the one below
SELECT r.rolname, r.rolcanlogin,
       pg_has_role(r.rolname, 'complaint_tier_use', 'USAGE') AS use,
       pg_has_role(r.rolname, 'complaint_tier_model', 'USAGE') AS model,
       pg_has_role(r.rolname, 'complaint_tier_govern', 'USAGE') AS govern
FROM pg_roles r WHERE r.rolname LIKE 'complaint\_tier\_%' OR r.rolname LIKE 'regress\_ct\_%' ORDER BY 1;
-- the fitted statistics are readable by no level (version_catalogue instead)
SELECT l AS level, has_table_privilege(l, 'complaint_tier.model_version', 'SELECT') AS model_version,
       has_table_privilege(l, 'complaint_tier.version_catalogue', 'SELECT') AS version_catalogue,
       has_table_privilege(l, 'complaint_tier.rules', 'UPDATE') AS change_rules,
       has_table_privilege(l, 'complaint_tier.indicator', 'UPDATE') AS change_indicators,
       has_table_privilege(l, 'complaint_tier.active_version', 'UPDATE') AS write_active_version
FROM unnest(ARRAY['complaint_tier_use', 'complaint_tier_model', 'complaint_tier_govern']) l;

-- 1. the modeller loads the customers and fits the shipped model: the first
-- version of a model becomes active (no one could evaluate it before)
SET ROLE regress_ct_modeller;
SET search_path = regress_ct_work, complaint_tier;
CREATE TABLE customers AS SELECT * FROM sample_customers(10000);
GRANT SELECT ON customers TO regress_ct_analyst, regress_ct_lead;
SELECT fit('telecom', 'customers');

-- 2. the quick start as the analyst, who has only complaint_tier_use
SET ROLE regress_ct_analyst;
SELECT c.customer_id, e.score, e.tier, e.dimension_tiers, e.class_labels
FROM customers c CROSS JOIN LATERAL evaluate('telecom', c) e
ORDER BY c.customer_id LIMIT 3;
SELECT e.tier, e.strategies, e.reasons, e.routing_priority, e.refund_ceiling
FROM customers c CROSS JOIN LATERAL evaluate('telecom', c) e
WHERE c.customer_id = 42;
SELECT indicator, dimension, raw_value, round(normalised::numeric, 3) AS normalised
FROM explain('telecom', (SELECT c FROM customers c WHERE customer_id = 42));
SELECT strategy, rule_id FROM explain_strategies('telecom', (SELECT c FROM customers c WHERE customer_id = 42));
SELECT * FROM fairness('telecom', 'customers', 'gender') WHERE flagged;
SELECT create_tier_view('telecom', 'customers', 'customer_tier', true);
SELECT tier, count(*) FROM customer_tier GROUP BY tier ORDER BY min(score);
REFRESH MATERIALIZED VIEW CONCURRENTLY customer_tier;
SELECT model, version, fitted_by, active, activated_by, statistics_visible, source, row_count
FROM version_catalogue ORDER BY model, version;
-- what complaint_tier_use cannot do
SELECT fit('telecom', 'customers');
SELECT activate('telecom', 1);
SELECT define_model('mine', '{}');
SELECT count(*) FROM model_version;
UPDATE rules SET enabled = false WHERE id = 'telecom.value.green_channel';
INSERT INTO model (name) VALUES ('mine');
SELECT _store_version(NULL, NULL);

-- a role without any level: the building blocks, not the models
SET ROLE regress_ct_nobody;
SELECT complaint_tier.normalize(150, 20, 300) AS building_block;
SELECT e.tier FROM complaint_tier.evaluate('telecom', '{"customer_id": 1}'::jsonb) e;

-- 3. the modeller: bring your own table
SET ROLE regress_ct_modeller;
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
SELECT model_spec('accounts') ->> 'key' AS key, jsonb_array_length(model_spec('accounts') -> 'indicators') AS indicators;
-- a fit of the shipped model on this year's customers is a candidate: the
-- active version stays
CREATE TABLE customers_new AS SELECT * FROM sample_customers(10000, 5);
GRANT SELECT ON customers_new TO regress_ct_lead;
SELECT fit('telecom', 'customers_new');
SELECT version, fitted_by, active FROM version_catalogue WHERE model = 'telecom' ORDER BY version;
-- what complaint_tier_model cannot do
SELECT activate('telecom', 2);
SELECT fit('telecom', 'customers', true);
UPDATE indicator SET expert_weight = 0.5 WHERE model = 'telecom' AND name = 'arpu';
DELETE FROM indicator WHERE model = 'telecom' AND name = 'arpu';
UPDATE rules SET enabled = false WHERE id = 'telecom.value.green_channel';
UPDATE model SET demographic_rules = true WHERE name = 'accounts';
SELECT define_model('accounts_rules', '{"dimensions": [{"name": "d", "weight": 1}],
  "indicators": [{"name": "balance", "dimension": "d", "weight": 1}],
  "tiers": {"overall": {"labels": ["a", "b"], "cuts": [0.5]}},
  "rules": [{"id": "accounts_rules.r", "strategy": "priority_queue", "when": "tier = ''b''"}]}');
DELETE FROM model WHERE name = 'accounts';
SELECT count(*) FROM model_version;
-- fit reads the source with the caller's rights, and checks them before it scans
RESET ROLE;
CREATE TABLE regress_ct_work.lead_only AS SELECT * FROM regress_ct_work.customers WHERE customer_id <= 100;
SET ROLE regress_ct_modeller;
SELECT fit('telecom', 'lead_only');
-- the modeller may still change his own model (not in force until fitted)
UPDATE indicator SET expert_weight = 2 WHERE model = 'accounts' AND name = 'balance';

-- 4. the analyst still gets version 1; the candidate can be evaluated beside it
SET ROLE regress_ct_analyst;
SELECT e.version, count(*) FROM customers c CROSS JOIN LATERAL evaluate('telecom', c) e GROUP BY 1;
SELECT e.version, count(*) FROM customers c CROSS JOIN LATERAL evaluate('telecom', 2, c) e GROUP BY 1;

-- 5. the lead compares the candidate and activates it
SET ROLE regress_ct_lead;
SELECT sum(customers) FILTER (WHERE section = 'tier' AND item = to_tier) AS same_tier,
       sum(customers) FILTER (WHERE section = 'tier' AND item <> to_tier) AS moved,
       count(*) FILTER (WHERE section = 'strategy') AS strategies_changing,
       max(psi) < 0.1 AS population_stable
FROM compare('telecom', 1, 2, 'customers_new');
SELECT activate('telecom', 2);
SELECT model, version, activated_by FROM active_version ORDER BY model;
SELECT model, version, previous_version, activated_by FROM activation_log
WHERE activated_by LIKE 'regress\_ct\_%' ORDER BY model, version;
-- a governor changes a shipped rule: allowed, and marked for pg_dump
BEGIN;
UPDATE rules SET enabled = false WHERE id = 'telecom.value.green_channel';
SELECT id, enabled, version, modified FROM rules WHERE id = 'telecom.value.green_channel';
ROLLBACK;
-- the analyst's next statement uses the activated version
SET ROLE regress_ct_analyst;
REFRESH MATERIALIZED VIEW CONCURRENTLY customer_tier;
SELECT version, count(*) FROM customer_tier GROUP BY 1;

-- 6. private statistics: the modeller fits a model on a table the analyst
-- cannot read; the analyst may evaluate it on his own rows, and sees who
-- fitted it, not its source, row count, ranges, quantiles or cut points
SET ROLE regress_ct_modeller;
CREATE TABLE secret AS SELECT * FROM customers WHERE customer_id <= 2000;
SELECT define_model('secret_m', model_spec('telecom') - 'rules' - 'strategies');
SELECT fit('secret_m', 'secret');
SELECT statistics_visible, source, row_count, cardinality(quantiles) AS quantiles
FROM version_catalogue WHERE model = 'secret_m';
SET ROLE regress_ct_analyst;
SELECT count(*) FROM secret;
SELECT version, fitted_by, active, statistics_visible, source, row_count, src_columns, ind_lo, ind_hi,
       ind_impute, quantiles, tier_cuts, dim_tier_cuts, kendall_w, warnings, hist_counts
FROM version_catalogue WHERE model = 'secret_m';
SELECT source FROM model_version WHERE model = 'secret_m';
CREATE TABLE mine AS SELECT * FROM sample_customers(100, 7);
SELECT e.version, count(*) FROM mine m CROSS JOIN LATERAL evaluate('secret_m', m) e GROUP BY 1;
SELECT * FROM compare('secret_m', 1, 1, 'mine');

-- clean up
RESET ROLE;
SET search_path = complaint_tier;
DROP SCHEMA regress_ct_work CASCADE;
DELETE FROM model WHERE name IN ('accounts', 'secret_m');
DELETE FROM activation_log WHERE model = 'telecom';
DELETE FROM active_version WHERE model = 'telecom';
DELETE FROM model_version WHERE model = 'telecom';
SELECT count(*) AS modified_rows FROM rules WHERE modified;
REVOKE complaint_tier_use FROM regress_ct_analyst;
REVOKE complaint_tier_model FROM regress_ct_modeller;
REVOKE complaint_tier_govern FROM regress_ct_lead;
DROP ROLE regress_ct_analyst, regress_ct_modeller, regress_ct_lead, regress_ct_nobody;
