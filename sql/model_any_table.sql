-- Models over any customer table (doc/model.md, "Bring your own table"):
-- a real telecom churn excerpt with its own column names (200 rows of
-- ../shared/realdata/churn_bigml_80.csv, test/data/churn_200.csv), a model
-- defined as one JSON document, fitted, evaluated, published as a view;
-- the counts are checked against plain SQL over the same table.
SET client_min_messages = warning;
\set SHOW_CONTEXT never
SET extra_float_digits = 0;
CREATE SCHEMA churn_data;
CREATE TABLE churn_data.churn (
	customer_id int PRIMARY KEY,
	state text, account_length int, area_code int,
	international_plan text, voice_mail_plan text, number_vmail_messages int,
	total_day_minutes float8, total_day_calls int, total_day_charge float8,
	total_eve_minutes float8, total_eve_calls int, total_eve_charge float8,
	total_night_minutes float8, total_night_calls int, total_night_charge float8,
	total_intl_minutes float8, total_intl_calls int, total_intl_charge float8,
	customer_service_calls int, churn boolean
);
\copy churn_data.churn FROM 'test/data/churn_200.csv' CSV HEADER
SELECT count(*), count(*) FILTER (WHERE churn) AS churned FROM churn_data.churn;

SELECT complaint_tier.define_model('churn', $spec$
{
  "description": "churn-risk tiers for the retail base",
  "key": "customer_id",
  "source": "churn_data.churn",
  "dimensions": [
    {"name": "usage",   "weight": 0.4},
    {"name": "service", "weight": 0.35},
    {"name": "plan",    "weight": 0.25}
  ],
  "indicators": [
    {"name": "day_charge", "column": "total_day_charge", "dimension": "usage", "direction": "benefit", "weight": 2},
    {"name": "eve_charge", "column": "total_eve_charge", "dimension": "usage", "direction": "benefit", "weight": 1},
    {"name": "intl_charge", "column": "total_intl_charge", "dimension": "usage", "direction": "benefit", "weight": 1},
    {"name": "service_calls", "column": "customer_service_calls", "dimension": "service", "direction": "cost", "weight": 1},
    {"name": "intl_plan", "column": "international_plan", "dimension": "plan",
     "kind": "qualitative", "levels": ["No", "Yes"], "weight": 1},
    {"name": "vmail_plan", "column": "voice_mail_plan", "dimension": "plan",
     "kind": "qualitative", "levels": ["No", "Yes"], "weight": 1}
  ],
  "weighting": "expert",
  "methods": ["weighted_sum", "topsis"],
  "combine": "mean_percentile",
  "tiers": {
    "overall":   {"labels": ["low", "middle", "high"], "shares": [0.5, 0.3, 0.2]},
    "dimension": {"labels": ["low", "high"], "cuts": [0.5]}
  },
  "classifications": [
    {"name": "stage", "labels": [
      {"label": "warning", "when": "customer_service_calls >= 4"},
      {"label": "normal",  "when": "customer_service_calls < 4"}]},
    {"name": "plan_mix", "labels": [
      {"label": "both", "when": "international_plan = 'Yes' AND voice_mail_plan = 'Yes'"},
      {"label": "one", "when": "international_plan = 'Yes' OR voice_mail_plan = 'Yes'"},
      {"label": "none", "when": "TRUE"}]}
  ],
  "strategies": [
    {"code": "retention_call", "title": "Retention call within 24 hours", "basis": "service"}
  ],
  "rules": [
    {"id": "churn.retention", "strategy": "retention_call", "priority": 10,
     "when": "stage = 'warning' AND international_plan = 'Yes'", "routing_priority": 1}
  ]
}
$spec$);

-- the model's outputs, from the core's variable table
SELECT * FROM complaint_tier.model_outputs('churn');

SELECT complaint_tier.fit('churn', 'churn_data.churn');
SELECT version, row_count, dim_names, ind_name, ind_global_weight::numeric(6,4)[] AS gw, class_names, warnings
FROM complaint_tier.model_version WHERE model = 'churn';

-- the classification against plain SQL: 19 customers with >= 4 service calls
SELECT e.class_labels[1] AS stage, count(*),
       count(*) FILTER (WHERE c.customer_service_calls >= 4) AS by_hand
FROM churn_data.churn c CROSS JOIN LATERAL complaint_tier.evaluate('churn', c) e
GROUP BY 1 ORDER BY 1;
SELECT e.class_labels[2] AS plan_mix, count(*) FROM churn_data.churn c
CROSS JOIN LATERAL complaint_tier.evaluate('churn', c) e GROUP BY 1 ORDER BY 1;
SELECT count(*) FILTER (WHERE international_plan = 'Yes' AND voice_mail_plan = 'Yes') AS both_by_hand,
       count(*) FILTER (WHERE (international_plan = 'Yes') <> (voice_mail_plan = 'Yes')) AS one_by_hand
FROM churn_data.churn;
-- the strategy rule reads the table's own column: warning and an international plan
SELECT count(*) FILTER (WHERE 'retention_call' = ANY (e.strategies)) AS retention,
       count(*) FILTER (WHERE c.customer_service_calls >= 4 AND c.international_plan = 'Yes') AS by_hand,
       min(e.routing_priority) AS routing
FROM churn_data.churn c CROSS JOIN LATERAL complaint_tier.evaluate('churn', c) e;
-- tier shares follow the scheme (0.5, 0.3, 0.2 of 200)
SELECT e.tier, count(*) FROM churn_data.churn c CROSS JOIN LATERAL complaint_tier.evaluate('churn', c) e
GROUP BY 1 ORDER BY 2 DESC;
SELECT e.dimension_names, e.dimension_tiers, e.class_names, e.class_labels, e.strategies, e.reasons
FROM churn_data.churn c CROSS JOIN LATERAL complaint_tier.evaluate('churn', c) e
WHERE c.customer_id IN (1, 11) ORDER BY c.customer_id;
-- dimension scores and tiers: the fixed cut 0.5
SELECT count(*) FILTER (WHERE (e.dimension_tiers[2] = 'high') = (e.dimension_scores[2] >= 0.5)) = 200 AS dim_tier_ok
FROM churn_data.churn c CROSS JOIN LATERAL complaint_tier.evaluate('churn', c) e;
-- the jsonb form gives the same evaluation
SELECT count(*) FILTER (WHERE e1 IS NOT DISTINCT FROM e2) AS same
FROM churn_data.churn c,
     LATERAL complaint_tier.evaluate('churn', c) e1,
     LATERAL complaint_tier.evaluate('churn', to_jsonb(c)) e2;

-- a classification whose inputs are all NULL is NULL, not a default label
SELECT (complaint_tier.evaluate('churn', '{"customer_id": 0}'::jsonb)).class_labels;

-- the tier view: one named, commented column per output
SELECT complaint_tier.create_tier_view('churn', 'churn_data.churn', 'churn_data.churn_tiers', true);
SELECT a.attname, col_description(a.attrelid, a.attnum)
FROM pg_attribute a WHERE a.attrelid = 'churn_data.churn_tiers'::regclass AND a.attnum > 0 ORDER BY a.attnum;
SELECT stage, count(*) FROM churn_data.churn_tiers GROUP BY 1 ORDER BY 1;
SELECT * FROM churn_data.churn_tiers_strategies ORDER BY customer_id LIMIT 3;
SELECT count(*) FROM churn_data.churn_tiers_strategies;
REFRESH MATERIALIZED VIEW CONCURRENTLY churn_data.churn_tiers;
SELECT indexdef FROM pg_indexes WHERE tablename = 'churn_tiers';

-- model_spec round-trips through define_model
CREATE TEMP TABLE spec AS SELECT complaint_tier.model_spec('churn') AS s;
SELECT complaint_tier.define_model('churn', (SELECT s FROM spec));
SELECT complaint_tier.model_spec('churn') = (SELECT s FROM spec) AS round_trip;
SELECT jsonb_pretty(complaint_tier.model_spec('churn') -> 'classifications' -> 0);

-- a copy of the shipped model under another name (the rules keep their own ids)
SELECT complaint_tier.define_model('telecom_copy', complaint_tier.model_spec('telecom') - 'rules');
SELECT (complaint_tier.model_spec('telecom_copy') - 'rules') = (complaint_tier.model_spec('telecom') - 'rules' - 'strategies') AS copy_same;

-- errors a newcomer can act on
-- every problem of a spec in one error
SELECT complaint_tier.define_model('broken', $spec$
{
  "dimensions": [{"name": "a", "weight": 1}, {"name": "b"}],
  "indicators": [
    {"name": "x", "column": "total_day_charge", "dimension": "nowhere"},
    {"name": "y", "column": "international_plan", "kind": "qualitative", "dimension": "a", "direction": "up"}
  ],
  "methods": ["weighted_sum", "electre"],
  "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.5, 0.6]}},
  "classifications": [{"name": "c", "labels": [{"label": "x", "when": "balance > 10000"}]}],
  "colour": "blue"
}
$spec$);
-- unknown variables are refused at definition when the source is known, with the position
SELECT complaint_tier.define_model('broken', '{"source": "churn_data.churn", "dimensions": [{"name": "a", "weight": 1}],
  "indicators": [{"name": "x", "column": "total_day_charge", "dimension": "a", "weight": 1}],
  "tiers": {"overall": {"labels": ["low", "high"], "cuts": [0.5]}},
  "classifications": [{"name": "c", "labels": [{"label": "x", "when": "churn AND balance > 10000"}]}]}');
-- (SQLSTATE 42704, as an unknown name)
DO $$
BEGIN
	PERFORM complaint_tier.define_model('broken', '{"source": "churn_data.churn", "dimensions": [{"name": "a", "weight": 1}],
	  "indicators": [{"name": "x", "column": "total_day_charge", "dimension": "a", "weight": 1}],
	  "tiers": {"overall": {"labels": ["low", "high"], "cuts": [0.5]}},
	  "rules": [{"id": "broken.r", "strategy": "retention_call", "when": "balance > 1"}]}');
EXCEPTION WHEN others THEN
	RAISE WARNING 'SQLSTATE %: %', SQLSTATE, SQLERRM;
END
$$;
-- without a source, an unknown variable is found at the first evaluation, naming the rule
SELECT complaint_tier.define_model('late', '{"key": "customer_id", "dimensions": [{"name": "a", "weight": 1}],
  "indicators": [{"name": "x", "column": "total_day_charge", "dimension": "a", "weight": 1}],
  "tiers": {"overall": {"labels": ["low", "high"], "cuts": [0.5]}},
  "rules": [{"id": "late.r", "strategy": "retention_call", "when": "balance > 1"}]}');
SELECT complaint_tier.fit('late', 'churn_data.churn');
SELECT e.tier FROM churn_data.churn c CROSS JOIN LATERAL complaint_tier.evaluate('late', c) e LIMIT 1;
-- fit lists every missing or mistyped column at once
CREATE TABLE churn_data.thin AS SELECT customer_id, total_day_charge::text AS total_day_charge, total_eve_charge
FROM churn_data.churn;
SELECT complaint_tier.fit('churn', 'churn_data.thin');
-- an all-NULL column is called all-NULL
CREATE TABLE churn_data.nulls AS SELECT * FROM churn_data.churn;
UPDATE churn_data.nulls SET total_intl_charge = NULL;
SET client_min_messages = warning;
SELECT complaint_tier.fit('churn', 'churn_data.nulls');
SELECT warnings FROM complaint_tier.model_version WHERE model = 'churn' ORDER BY version DESC LIMIT 1;
-- a bad value names the customer's key and the column
SELECT e.tier FROM (SELECT customer_id, state, account_length, area_code, 'Maybe'::text AS international_plan,
       voice_mail_plan, number_vmail_messages, total_day_minutes, total_day_calls, total_day_charge,
       total_eve_minutes, total_eve_calls, total_eve_charge, total_night_minutes, total_night_calls,
       total_night_charge, total_intl_minutes, total_intl_calls, total_intl_charge, customer_service_calls, churn
       FROM churn_data.churn WHERE customer_id = 7) c CROSS JOIN LATERAL complaint_tier.evaluate('churn', c) e;

-- a bank: two dimensions weighted by a 2 x 2 AHP matrix; rules read its own columns
CREATE TABLE churn_data.bank (id int PRIMARY KEY, balance numeric, products int, complaints int, resolved_days float8);
INSERT INTO churn_data.bank SELECT g, (g * 7919) % 50000, 1 + g % 4, g % 5, (g * 13) % 30 FROM generate_series(1, 60) g;
SELECT complaint_tier.define_model('bank', '{"key": "id", "source": "churn_data.bank",
  "dimensions": [{"name": "value"}, {"name": "service"}],
  "dimension_pairwise": [[1, 3], [0.3333333333333333, 1]],
  "indicators": [
    {"name": "balance", "column": "balance", "dimension": "value", "transform": "log", "weight": 2},
    {"name": "products", "column": "products", "dimension": "value", "weight": 1},
    {"name": "complaints", "column": "complaints", "dimension": "service", "direction": "cost", "weight": 1},
    {"name": "resolved_days", "column": "resolved_days", "dimension": "service", "direction": "cost", "weight": 1}],
  "tiers": {"overall": {"labels": ["standard", "priority"], "shares": [0.75, 0.25]}},
  "classifications": [{"name": "wealth", "labels": [
      {"label": "affluent", "when": "balance > 10000"}, {"label": "mass", "when": "balance <= 10000"}]}],
  "strategies": [{"code": "relationship_manager", "title": "Relationship manager call-back", "basis": "value"}],
  "rules": [{"id": "bank.rm", "strategy": "relationship_manager", "when": "wealth = ''affluent'' AND tier = ''priority''"}]}');
SELECT complaint_tier.fit('bank', 'churn_data.bank');
SELECT dim_names, dim_weights::numeric(6,4)[] FROM complaint_tier.model_version WHERE model = 'bank';
SELECT e.tier, e.class_labels[1] AS wealth, count(*), count(*) FILTER (WHERE e.strategies <> '{}') AS rm
FROM churn_data.bank b CROSS JOIN LATERAL complaint_tier.evaluate('bank', b) e GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) FILTER (WHERE balance > 10000) AS affluent_by_hand FROM churn_data.bank;
-- a 3 x 3 inconsistent matrix is refused with its CR
SELECT complaint_tier.define_model('bank3', '{"dimensions": [{"name": "a"}, {"name": "b"}, {"name": "c"}],
  "dimension_pairwise": [[1, 9, 0.1111111111111111], [0.1111111111111111, 1, 9], [9, 0.1111111111111111, 1]],
  "indicators": [{"name": "x", "column": "balance", "dimension": "a"}],
  "tiers": {"overall": {"labels": ["low", "high"], "cuts": [0.5]}}}');
-- a ragged matrix is one more problem in the list, not a cast error
SELECT complaint_tier.define_model('ragged', '{"dimensions": [{"name": "a"}, {"name": "b"}],
  "dimension_pairwise": [[1, 2], [0.5]],
  "indicators": [{"name": "x", "column": "balance", "dimension": "a", "weight": 1}],
  "tiers": {"overall": {"labels": ["low", "high"], "cuts": [0.5]}}}');
-- 17 dimensions are too many
SELECT complaint_tier.define_model('wide', jsonb_build_object('dimensions',
  (SELECT jsonb_agg(jsonb_build_object('name', 'd' || g, 'weight', 1)) FROM generate_series(1, 17) g),
  'indicators', '[{"name": "x", "column": "balance", "dimension": "d1"}]'::jsonb,
  'tiers', '{"overall": {"labels": ["low", "high"], "cuts": [0.5]}}'::jsonb));
-- the shipped model cannot be replaced, only copied
SELECT complaint_tier.define_model('telecom', '{}');

DROP SCHEMA churn_data CASCADE;
DELETE FROM complaint_tier.rules WHERE model IN ('churn', 'bank', 'telecom_copy', 'late');
DELETE FROM complaint_tier.model WHERE name IN ('churn', 'bank', 'telecom_copy', 'late');
DELETE FROM complaint_tier.strategies WHERE code IN ('retention_call', 'relationship_manager');
