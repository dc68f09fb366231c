-- evaluate(..., on_error): a bad row fails the statement by default
-- ('raise', naming the customer's key and the column) or, with 'null',
-- gets a NULL score and tier and the reason in the error column while the
-- other rows are evaluated; valid domains (hard limits of an indicator's
-- input, apart from its normalisation range) and a model's minimum
-- coverage (share of the indicator weight present).  No published
-- example: the expected values are the model's own results on sample
-- customers (the good rows are compared with the strict evaluation) and the
-- telecom domains of doc/telecom_model.md.
SET search_path = complaint_tier, public;
\set SHOW_CONTEXT never

-- telecom is fitted here and its version removed at the end, so that the
-- version numbers later tests print do not depend on this one
CREATE TABLE oe_src AS SELECT * FROM sample_customers(2000, 5);
CREATE TEMP TABLE oe_prev AS SELECT version FROM active_version WHERE model = 'telecom';
SELECT fit('telecom', 'oe_src') AS oe_version \gset

-- telecom's domains and minimum coverage
SELECT name, source_column, valid_lo, valid_hi FROM indicator WHERE model = 'telecom' ORDER BY ordinal;
SELECT min_coverage FROM model WHERE name = 'telecom';
SELECT model_spec('telecom') -> 'indicators' -> 7 AS unreasonable_ratio, model_spec('telecom') -> 'min_coverage' AS min_coverage;

-- six customers, one of them (3) with a level the model does not know
CREATE TABLE oe_cust AS SELECT * FROM oe_src WHERE customer_id <= 6;
UPDATE oe_cust SET customer_level = 'Gold' WHERE customer_id = 3;

-- strict (the default): the statement fails, naming the key and the column
SELECT count(*) FROM oe_cust c CROSS JOIN LATERAL evaluate('telecom', c) e;
CREATE MATERIALIZED VIEW oe_strict AS
SELECT c.customer_id, e.tier FROM oe_cust c CROSS JOIN LATERAL evaluate('telecom', c) e;

-- on_error => 'null': the view is created and refreshes; the bad row is listed
CREATE MATERIALIZED VIEW oe_tiers AS
SELECT c.customer_id, e.score, e.tier, e.class_labels, e.strategies, e.error
FROM oe_cust c CROSS JOIN LATERAL evaluate('telecom', c, on_error => 'null') e;
CREATE UNIQUE INDEX ON oe_tiers (customer_id);
SELECT customer_id, tier, error FROM oe_tiers ORDER BY customer_id;
-- the bad row: nothing computed from it, the reason in error
SELECT customer_id, score, tier, class_labels, strategies,
       error ->> 'sqlstate' AS sqlstate, error ->> 'column' AS "column", error ->> 'value' AS value
FROM oe_tiers WHERE error IS NOT NULL;
SELECT jsonb_pretty(error) FROM oe_tiers WHERE customer_id = 3;
-- the other rows are exactly the strict evaluation
SELECT count(*) AS good_rows,
       bool_and(t.score = e.score AND t.tier = e.tier AND t.class_labels = e.class_labels
                AND t.strategies = e.strategies AND e.error IS NULL) AS same_as_strict
FROM oe_tiers t JOIN oe_cust c USING (customer_id) CROSS JOIN LATERAL evaluate('telecom', c) e
WHERE t.error IS NULL;

-- a second bad row (NaN) and the first fixed: both refreshes succeed
UPDATE oe_cust SET customer_level = 'gold' WHERE customer_id = 3;
UPDATE oe_cust SET arpu = 'NaN' WHERE customer_id = 5;
REFRESH MATERIALIZED VIEW oe_tiers;
SELECT customer_id, tier IS NOT NULL AS tiered, error ->> 'column' AS "column", error ->> 'value' AS value,
       error ->> 'message' AS message
FROM oe_tiers ORDER BY customer_id;
REFRESH MATERIALIZED VIEW CONCURRENTLY oe_tiers;
SELECT count(*) FILTER (WHERE error IS NOT NULL) AS flagged, count(*) AS rows FROM oe_tiers;
SELECT count(*) FROM oe_cust c CROSS JOIN LATERAL evaluate('telecom', c) e;
-- on_error may vary from row to row
SELECT c.customer_id, e.tier IS NOT NULL AS tiered, e.error ->> 'value' AS value
FROM oe_cust c CROSS JOIN LATERAL evaluate('telecom', c, CASE WHEN c.customer_id = 5 THEN 'null' ELSE 'raise' END) e
ORDER BY 1;
SELECT count(*) FROM oe_cust c CROSS JOIN LATERAL evaluate('telecom', c, CASE WHEN c.customer_id = 5 THEN 'raise' ELSE 'null' END) e;

-- in parallel workers (a forced split) the same rows are flagged
CREATE TABLE oe_par AS SELECT * FROM oe_src;
UPDATE oe_par SET satisfaction = 9 WHERE customer_id % 100 = 0;
BEGIN;
SELECT string_agg(s.name || ' = ' || x, ', ') AS forced_split
FROM (VALUES ('parallel_setup_cost', '0'), ('parallel_tuple_cost', '0'), ('min_parallel_table_scan_size', '0'),
             ('max_parallel_workers_per_gather', '2'), ('parallel_leader_participation', 'off')) s(name, value),
     LATERAL set_config(s.name, s.value, true) x;
EXPLAIN (COSTS OFF)
SELECT count(*) FILTER (WHERE e.error IS NOT NULL) AS flagged, count(e.tier) AS tiered
FROM oe_par c CROSS JOIN LATERAL evaluate('telecom', c, on_error => 'null') e;
SELECT count(*) FILTER (WHERE e.error IS NOT NULL) AS flagged, count(e.tier) AS tiered
FROM oe_par c CROSS JOIN LATERAL evaluate('telecom', c, on_error => 'null') e;
COMMIT;
SELECT count(*) FILTER (WHERE e.error IS NOT NULL) AS flagged, count(e.tier) AS tiered
FROM oe_par c CROSS JOIN LATERAL evaluate('telecom', c, on_error => 'null') e;

-- out-of-domain values: refused with SQLSTATE 22003 (strict), flagged (null)
CREATE TABLE oe_domain AS SELECT * FROM oe_src WHERE customer_id <= 4;
UPDATE oe_domain SET unreasonable_ratio = -5 WHERE customer_id = 1;
UPDATE oe_domain SET accepted_ratio = 7 WHERE customer_id = 2;
UPDATE oe_domain SET data_share = 1e300 WHERE customer_id = 3;
UPDATE oe_domain SET satisfaction = -1e308 WHERE customer_id = 4;
SELECT e.* FROM oe_domain c CROSS JOIN LATERAL evaluate('telecom', c) e WHERE c.customer_id = 1;
DO $$
DECLARE
	i int;
BEGIN
	FOR i IN 1..4 LOOP
		BEGIN
			PERFORM complaint_tier.evaluate('telecom', c) FROM oe_domain c WHERE c.customer_id = i;
			RAISE NOTICE 'customer %: accepted', i;
		EXCEPTION WHEN numeric_value_out_of_range THEN
			RAISE NOTICE 'refused (22003): %', SQLERRM;
		END;
	END LOOP;
END
$$;
SELECT c.customer_id, e.score, e.tier, e.error ->> 'sqlstate' AS sqlstate, e.error ->> 'indicator' AS indicator,
       e.error ->> 'value' AS value, e.error ->> 'message' AS message
FROM oe_domain c CROSS JOIN LATERAL evaluate('telecom', c, on_error => 'null') e ORDER BY 1;
-- the same through jsonb and an explicit version
SELECT c.customer_id, e.tier, e.error ->> 'sqlstate' AS sqlstate, e.error ->> 'value' AS value
FROM oe_domain c CROSS JOIN LATERAL evaluate('telecom', to_jsonb(c), on_error => 'null') e ORDER BY 1;
SELECT c.customer_id, e.tier, e.error ->> 'sqlstate' AS sqlstate, e.error ->> 'value' AS value
FROM oe_domain c CROSS JOIN LATERAL evaluate('telecom', (SELECT version FROM active_version WHERE model = 'telecom'), c, on_error => 'null') e
ORDER BY 1;
SELECT tier FROM evaluate('telecom', (SELECT to_jsonb(c) FROM oe_domain c WHERE customer_id = 3));
-- the limits themselves are valid
UPDATE oe_domain SET unreasonable_ratio = 0, accepted_ratio = 1, data_share = 1, satisfaction = 1;
SELECT count(*) FILTER (WHERE e.tier IS NOT NULL) AS tiered FROM oe_domain c CROSS JOIN LATERAL evaluate('telecom', c) e;
-- explain() is strict
UPDATE oe_domain SET satisfaction = 5.5 WHERE customer_id = 4;
SELECT count(*) FROM explain('telecom', (SELECT c FROM oe_domain c WHERE customer_id = 4));

-- minimum coverage: an empty record gets no tier (nor score), with the
-- reason; the rules that read the row's own columns still apply
SELECT score, tier, class_labels, strategies, jsonb_pretty(error) AS error
FROM evaluate('telecom', '{}'::jsonb, on_error => 'null');
SELECT score, tier, error ->> 'message' AS message FROM evaluate('telecom', '{"customer_id": 9}'::jsonb);
SELECT tier, strategies, error ->> 'coverage' AS coverage
FROM evaluate('telecom', '{"vulnerable": true, "arrears_count_12m": 3, "payment_channel": "cash"}'::jsonb);
-- an all-NULL row of the table
CREATE TABLE oe_empty AS SELECT * FROM oe_src LIMIT 0;
INSERT INTO oe_empty (customer_id) VALUES (11);
SELECT c.customer_id, e.score, e.tier, e.error ->> 'message' AS message
FROM oe_empty c CROSS JOIN LATERAL evaluate('telecom', c) e;
-- above the minimum (the value and handling dimensions known): scored
SELECT tier IS NOT NULL AS tiered, error
FROM evaluate('telecom', '{"customer_level": "gold", "arpu": 60, "data_share": 0.5, "handling_hours": 20,
                           "accepted_ratio": 0.8, "satisfaction": 4}'::jsonb);
-- coverage of each sample customer is 1: telecom's results on the sample are unchanged
SELECT count(*) FILTER (WHERE e.error IS NOT NULL OR e.tier IS NULL) AS affected FROM oe_src c CROSS JOIN LATERAL evaluate('telecom', c) e;

-- the jsonb overload: a JSON value of the wrong kind, a customer that is not an object
SELECT tier, error FROM evaluate('telecom', '{"customer_id": 7, "arpu": "high"}'::jsonb, on_error => 'null');
SELECT tier FROM evaluate('telecom', '{"customer_id": 7, "arpu": "high"}'::jsonb);
SELECT tier, error FROM evaluate('telecom', '{"customer_id": 7, "porting_requested": "yes"}'::jsonb, on_error => 'null');
SELECT tier, error FROM evaluate('telecom', '[1, 2]'::jsonb, on_error => 'null');
SELECT tier FROM evaluate('telecom', '[1, 2]'::jsonb);
-- a long bad value is clipped to 256 bytes in the error
SELECT length(error ->> 'value') AS value_length, right(error ->> 'value', 5) AS tail
FROM evaluate('telecom', jsonb_build_object('customer_level', repeat('x', 1000)), on_error => 'null');

-- on_error itself
SELECT tier FROM evaluate('telecom', '{}'::jsonb, on_error => 'skip');
SELECT evaluate('telecom', '{}'::jsonb, on_error => NULL) IS NULL AS strict_null;
SELECT tier IS NULL AS no_tier FROM evaluate('telecom', '{}'::jsonb, 'raise');
-- errors that are not about the row's values still raise
SELECT tier FROM evaluate('no_such_model', '{}'::jsonb, on_error => 'null');
DO $$
BEGIN
	PERFORM e.tier FROM (SELECT customer_id, customer_level FROM oe_src LIMIT 1) c
	CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c, on_error => 'null') e;
EXCEPTION WHEN undefined_column THEN
	RAISE NOTICE 'raised (42703): %', regexp_replace(SQLERRM, 'version \d+', 'version N');
END
$$;
SELECT tier FROM evaluate('telecom', 0, (SELECT c FROM oe_src c LIMIT 1), on_error => 'null');

-- every column of the result type has a comment
SELECT a.attname AS uncommented FROM pg_attribute a
WHERE a.attrelid = 'complaint_tier.evaluation'::regclass AND a.attnum > 0
  AND col_description(a.attrelid, a.attnum) IS NULL;
SELECT pg_get_function_identity_arguments(p.oid) AS evaluate_signature
FROM pg_proc p WHERE p.proname = 'evaluate' AND p.pronamespace = 'complaint_tier'::regnamespace ORDER BY 1;

-- a user model: domains and coverage through define_model, model_spec
-- round trip, fit refusing a source outside a domain
CREATE TABLE public.oe_shop (id int PRIMARY KEY, basket float8, returns int, channel text);
INSERT INTO public.oe_shop SELECT g, 20 + (g * 37) % 180, (g * 7) % 5, CASE g % 3 WHEN 0 THEN 'store' WHEN 1 THEN 'online' ELSE 'phone' END
FROM generate_series(1, 60) g;
SELECT define_model('oe_shop', '{
  "key": "id", "source": "public.oe_shop", "min_coverage": 0.6,
  "dimensions": [{"name": "value", "weight": 0.6}, {"name": "service", "weight": 0.4}],
  "indicators": [
    {"name": "basket", "dimension": "value", "weight": 1, "valid_lo": 0, "valid_hi": 10000},
    {"name": "returns", "dimension": "service", "direction": "cost", "weight": 1,
     "range_lo": 0, "range_hi": 4, "valid_lo": 0},
    {"name": "channel", "dimension": "service", "levels": ["phone", "online", "store"], "weight": 1}],
  "tiers": {"overall": {"labels": ["low", "high"], "cuts": [0.5]}}
}');
SELECT model_spec('oe_shop') -> 'indicators' AS indicators, model_spec('oe_shop') -> 'min_coverage' AS min_coverage;
CREATE TEMP TABLE oe_spec AS SELECT model_spec('oe_shop') AS spec;
SELECT define_model('oe_shop', (SELECT spec FROM oe_spec)) AS redefined;
SELECT model_spec('oe_shop') = (SELECT spec FROM oe_spec) AS round_trip;
SELECT fit('oe_shop', 'oe_shop') IS NOT NULL AS fitted;
-- coverage: basket 0.6, returns 0.2, channel 0.2 of the weight
SELECT x.doc, e.tier IS NOT NULL AS tiered, e.error ->> 'coverage' AS coverage, e.error -> 'missing' AS missing
FROM (VALUES ('{"basket": 50}'::jsonb), ('{"returns": 1, "channel": "store"}'), ('{"basket": 50, "returns": 1}'), ('{}')) x(doc),
     LATERAL evaluate('oe_shop', x.doc) e;
SELECT e.error ->> 'message' AS message FROM evaluate('oe_shop', '{"id": 4, "returns": 1}'::jsonb) e;
SELECT tier FROM evaluate('oe_shop', '{"id": 4, "basket": 50, "returns": -1}'::jsonb);
SELECT tier FROM evaluate('oe_shop', '{"id": 5, "basket": 20000}'::jsonb);
-- fit refuses a population outside a domain
UPDATE oe_shop SET basket = -3 WHERE id = 10;
SELECT fit('oe_shop', 'oe_shop');
UPDATE oe_shop SET basket = 20 WHERE id = 10;
-- define_model: every domain problem in one error
SELECT define_model('oe_bad', '{
  "min_coverage": 2,
  "dimensions": [{"name": "d", "weight": 1}],
  "indicators": [
    {"name": "a", "dimension": "d", "weight": 1, "valid_lo": 5, "valid_hi": 1},
    {"name": "b", "dimension": "d", "weight": 1, "range_lo": 0, "range_hi": 10, "valid_hi": 5},
    {"name": "c", "dimension": "d", "weight": 1, "levels": ["x", "y"], "valid_lo": 0},
    {"name": "e", "dimension": "d", "weight": 1, "transform": "log", "valid_lo": -2},
    {"name": "f", "dimension": "d", "weight": 1, "valid_lo": "zero"}],
  "tiers": {"overall": {"labels": ["low", "high"], "cuts": [0.5]}}
}');
-- a direct edit of the catalogue is checked by the same validator
UPDATE indicator SET valid_hi = 3 WHERE model = 'oe_shop' AND name = 'returns';
UPDATE model SET min_coverage = -0.1 WHERE name = 'oe_shop';
UPDATE indicator SET valid_hi = 4 WHERE model = 'oe_shop' AND name = 'returns';
SELECT valid_lo, valid_hi FROM indicator WHERE model = 'oe_shop' AND name = 'returns';
SELECT fit('oe_shop', 'oe_shop') IS NOT NULL AS refitted;
SELECT tier FROM evaluate('oe_shop', '{"id": 6, "basket": 50, "returns": 4.5}'::jsonb);

-- restore telecom's previous version
DELETE FROM active_version WHERE model = 'telecom';
INSERT INTO active_version SELECT 'telecom', version FROM oe_prev;
DELETE FROM model_version WHERE model = 'telecom' AND version = :oe_version;
SELECT count(*) AS oe_versions_left FROM model_version WHERE model = 'telecom' AND version >= :oe_version;
-- leave no model of this test behind
DROP TABLE public.oe_shop;
DELETE FROM rules WHERE model = 'oe_shop';
DELETE FROM active_version WHERE model = 'oe_shop';
DELETE FROM model_version WHERE model = 'oe_shop';
DELETE FROM model WHERE name = 'oe_shop';
