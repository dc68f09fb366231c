-- The evaluate custom scan (doc/evaluate_scan.md): evaluate() in FROM runs
-- as a Custom Scan (ComplaintTierEvaluate) instead of a Function Scan, with
-- the same rows as the Function Scan (complaint_tier.custom_scan = off),
-- serial and in parallel plans, in matviews, CREATE TABLE AS, prepared
-- statements, scroll cursors and rescans; anything it does not take over
-- keeps the Function Scan.
\set SHOW_CONTEXT never
SET client_min_messages = warning;
CREATE TABLE scan_customers AS SELECT * FROM complaint_tier.sample_customers(20000);
ANALYZE scan_customers;
CREATE TABLE scan_prev AS SELECT version FROM complaint_tier.active_version WHERE model = 'telecom';
SELECT complaint_tier.fit('telecom', 'scan_customers') AS v \gset
SELECT :v > 0 AS fitted;
RESET client_min_messages;

-- a new session: planning the first query loads the library through the
-- support function of evaluate(), so the custom scan applies at once
\c
SET search_path = public;
EXPLAIN (COSTS OFF)
SELECT c.customer_id, e.score, e.tier
FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
EXPLAIN (COSTS OFF, VERBOSE)
SELECT e.tier, count(*)
FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c, on_error => 'null') e
WHERE e.score > 0.5 GROUP BY e.tier;
SHOW complaint_tier.custom_scan;

-- every column of every row, with the custom scan and with the Function Scan
CREATE FUNCTION scan_checksum(setting text) RETURNS TABLE (plan_node text, rows bigint, checksum text)
LANGUAGE plpgsql AS $$
DECLARE
	q text := $q$SELECT count(*), md5(string_agg(concat_ws('|', c.customer_id, e.model, e.version, e.score, e.tier,
	              e.dimension_names, e.dimension_scores, e.dimension_tiers, e.class_names, e.class_labels,
	              e.strategies, e.reasons, e.routing_priority, e.refund_ceiling, e.error), E'\n' ORDER BY c.customer_id))
	       FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e$q$;
	p text;
BEGIN
	PERFORM set_config('complaint_tier.custom_scan', setting, true);
	FOR p IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
		IF p ~ '(Custom|Function) Scan' THEN plan_node := trim(p); END IF;
	END LOOP;
	EXECUTE q INTO rows, checksum;
	RETURN NEXT;
END $$;
SELECT * FROM scan_checksum('on');
SELECT * FROM scan_checksum('off');
SELECT (SELECT checksum FROM scan_checksum('on')) = (SELECT checksum FROM scan_checksum('off')) AS same_rows;

-- the other overloads: an explicit version, a JSON customer; the same scores
EXPLAIN (COSTS OFF)
SELECT e.score FROM scan_customers c
CROSS JOIN LATERAL complaint_tier.evaluate('telecom', :v, c) e;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE e1.score = e2.score AND e1.tier = e2.tier AND e1.score = e3.score) AS same
FROM (SELECT * FROM scan_customers ORDER BY customer_id LIMIT 500) c
CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e1
CROSS JOIN LATERAL complaint_tier.evaluate('telecom', :v, c) e2
CROSS JOIN LATERAL complaint_tier.evaluate('telecom', to_jsonb(c)) e3;

-- what it does not take over keeps the Function Scan: a whole-row
-- reference to the result, WITH ORDINALITY, ROWS FROM with two functions,
-- another function returning a row
EXPLAIN (COSTS OFF)
SELECT e FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
EXPLAIN (COSTS OFF)
SELECT e.score, e.ordinality FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) WITH ORDINALITY e;
EXPLAIN (COSTS OFF)
SELECT e.score FROM scan_customers c
CROSS JOIN LATERAL ROWS FROM (complaint_tier.evaluate('telecom', c), generate_series(1, 2)) e;
EXPLAIN (COSTS OFF)
SELECT p.x FROM scan_customers c CROSS JOIN LATERAL pg_catalog.pg_sequence_parameters(1::oid) p(x);
-- (a row lock needs the whole row of every relation of the query)
EXPLAIN (COSTS OFF)
SELECT e.tier FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e
WHERE c.customer_id = 1 FOR UPDATE OF c;
SELECT e.tier FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e
WHERE c.customer_id = 1 FOR UPDATE OF c;

-- errors are the function's own
SELECT e.score FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('no_such_model', c) e;
SELECT e.score FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c, on_error => 'maybe') e;

-- a NULL customer (outer join) gives a row of NULLs, as the Function Scan does
\set null_customer 'SELECT g, e.model, e.score, e.tier, e.strategies FROM generate_series(1, 2) g LEFT JOIN scan_customers c ON c.customer_id = g * 1000000 CROSS JOIN LATERAL complaint_tier.evaluate(''telecom'', c) e'
:null_customer;
SET complaint_tier.custom_scan = off;
:null_customer;
RESET complaint_tier.custom_scan;

-- rescans: the inner side of a nested loop evaluated again per outer row
\set rescans 'SELECT g, round(x.score::numeric, 12) AS score, x.tier FROM generate_series(1, 3) g CROSS JOIN LATERAL (SELECT e.score, e.tier FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate(''telecom'', c) e WHERE c.customer_id = g) x ORDER BY g'
EXPLAIN (COSTS OFF) :rescans;
:rescans;
SET complaint_tier.custom_scan = off;
:rescans;
RESET complaint_tier.custom_scan;

-- a parallel plan: the outer side stays parallel, the custom scan runs in
-- the workers; the same checksum as the serial run
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT count(*), sum(e.score) FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
CREATE TEMP TABLE par AS
SELECT count(*) AS n, sum(e.score) AS s, count(*) FILTER (WHERE e.tier = 'key') AS a,
       sum(cardinality(e.strategies)) AS strategies
FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
SET max_parallel_workers_per_gather = 0;
SELECT p.n, p.a, p.strategies, abs(p.s - s.s) < 1e-9 * s.s AS same_sum, p.n = s.n AND p.a = s.a AND p.strategies = s.strategies AS same_counts
FROM par p,
     (SELECT count(*) AS n, sum(e.score) AS s, count(*) FILTER (WHERE e.tier = 'key') AS a,
             sum(cardinality(e.strategies)) AS strategies
      FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e) s;
RESET max_parallel_workers_per_gather;

-- a materialized view and CREATE TABLE AS, against the Function Scan
CREATE MATERIALIZED VIEW scan_tiers AS
SELECT c.customer_id, e.score, e.tier, e.class_labels
FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
REFRESH MATERIALIZED VIEW scan_tiers;
CREATE TABLE scan_ctas AS
SELECT c.customer_id, e.score, e.tier, e.class_labels
FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
SET complaint_tier.custom_scan = off;
CREATE TABLE scan_ref AS
SELECT c.customer_id, e.score, e.tier, e.class_labels
FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
RESET complaint_tier.custom_scan;
SELECT (SELECT count(*) FROM scan_tiers) AS matview_rows,
       (SELECT count(*) FROM (SELECT * FROM scan_tiers EXCEPT SELECT * FROM scan_ref) d) AS matview_differences,
       (SELECT count(*) FROM (SELECT * FROM scan_ctas EXCEPT SELECT * FROM scan_ref) d) AS ctas_differences;

-- a prepared statement with the model as a parameter (generic plan)
SET plan_cache_mode = force_generic_plan;
PREPARE tiers(text, int) AS
SELECT e.tier, count(*) FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate($1, c) e
WHERE c.customer_id <= $2 GROUP BY e.tier ORDER BY e.tier;
EXPLAIN (COSTS OFF) EXECUTE tiers('telecom', 1000);
EXECUTE tiers('telecom', 1000);
EXECUTE tiers('telecom', 2000);
EXECUTE tiers('no_such_model', 10);
DEALLOCATE tiers;
RESET plan_cache_mode;

-- a scroll cursor: the custom scan does not run backward, so the plan
-- materialises its result (Materialize on top), and FETCH BACKWARD works
BEGIN;
EXPLAIN (COSTS OFF)
DECLARE cur SCROLL CURSOR FOR
SELECT c.customer_id, e.tier FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e
WHERE c.customer_id <= 3;
DECLARE cur SCROLL CURSOR FOR
SELECT c.customer_id, e.tier FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e
WHERE c.customer_id <= 3;
FETCH FORWARD 3 FROM cur;
FETCH BACKWARD 2 FROM cur;
FETCH ABSOLUTE 1 FROM cur;
COMMIT;

-- the setting turns it off
SET complaint_tier.custom_scan = off;
EXPLAIN (COSTS OFF)
SELECT e.score FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
RESET complaint_tier.custom_scan;

-- the join form: the table's scan and evaluate() in one node, the
-- columns read from the table's scan without forming the whole-row record;
-- every query against the same query with the setting off
CREATE FUNCTION scan_same(q text) RETURNS TABLE (plan_node text, rows bigint, same boolean)
LANGUAGE plpgsql AS $$
DECLARE
	p text;
	a text;
	b text;
BEGIN
	PERFORM set_config('complaint_tier.custom_scan', 'on', true);
	FOR p IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
		IF p ~ '(Custom|Function) Scan|Nested Loop' AND plan_node IS NULL THEN plan_node := trim(p); END IF;
	END LOOP;
	EXECUTE format('SELECT count(*), md5(string_agg(x::text, E''\n'' ORDER BY x::text)) FROM (%s) x', q) INTO rows, a;
	PERFORM set_config('complaint_tier.custom_scan', 'off', true);
	EXECUTE format('SELECT md5(string_agg(x::text, E''\n'' ORDER BY x::text)) FROM (%s) x', q) INTO b;
	PERFORM set_config('complaint_tier.custom_scan', 'on', true);
	same := a IS NOT DISTINCT FROM b;
	RETURN NEXT;
END $$;
EXPLAIN (COSTS OFF, VERBOSE)
SELECT c.customer_id, e.tier FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
-- filters on the table, on the evaluation and on both; the outer order kept
SELECT * FROM scan_same($q$SELECT c.customer_id, e.score, e.strategies FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e WHERE c.customer_id % 7 = 0 AND e.tier = 'key' AND e.score > c.arpu / 1000$q$);
EXPLAIN (COSTS OFF)
SELECT c.customer_id, e.tier FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e
WHERE c.customer_id % 7 = 0 AND e.tier = 'key' AND e.score > c.arpu / 1000;
CREATE INDEX scan_customers_id ON scan_customers (customer_id);
EXPLAIN (COSTS OFF)
SELECT c.customer_id, e.tier FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e
WHERE c.customer_id < 100 ORDER BY c.customer_id;
SELECT * FROM scan_same($q$SELECT c.customer_id, e.tier FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e WHERE c.customer_id < 100 ORDER BY c.customer_id LIMIT 5$q$);
-- an argument read from the row; a NULL argument of the strict function
SELECT * FROM scan_same($q$SELECT c.customer_id, e.tier, e.error FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate(CASE WHEN c.customer_id % 2 = 0 THEN 'telecom' END, c, on_error => 'null') e$q$);
-- a table with a dropped column, the soft errors of a bad level
CREATE TABLE scan_dropped AS SELECT 1 AS junk, * FROM scan_customers WHERE customer_id <= 2000;
ALTER TABLE scan_dropped DROP COLUMN junk;
UPDATE scan_dropped SET customer_level = 'platinum' WHERE customer_id % 100 = 0;
SELECT * FROM scan_same($q$SELECT c.customer_id, e.score, e.tier, e.class_labels, e.reasons, e.error FROM scan_dropped c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c, on_error => 'null') e$q$);
-- a partitioned table
CREATE TABLE scan_parted (LIKE scan_customers) PARTITION BY RANGE (customer_id);
CREATE TABLE scan_parted_1 PARTITION OF scan_parted FOR VALUES FROM (MINVALUE) TO (1000);
CREATE TABLE scan_parted_2 (extra int, LIKE scan_customers);
ALTER TABLE scan_parted_2 DROP COLUMN extra;
ALTER TABLE scan_parted ATTACH PARTITION scan_parted_2 FOR VALUES FROM (1000) TO (MAXVALUE);
INSERT INTO scan_parted SELECT * FROM scan_customers WHERE customer_id <= 3000;
SELECT * FROM scan_same($q$SELECT c.customer_id, e.score, e.tier, e.strategies FROM scan_parted c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e$q$);
EXPLAIN (COSTS OFF)
SELECT c.customer_id, e.tier FROM scan_parted c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
-- each partition's scan returns the parent's columns in the parent's
-- order (scan_parted_2 stores them shifted by a dropped column)
EXPLAIN (COSTS OFF, VERBOSE)
SELECT e.tier FROM scan_parted c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e WHERE c.customer_id >= 2990;
SELECT * FROM scan_same($q$SELECT c.customer_id, e.score FROM scan_parted c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e WHERE c.customer_id >= 2990$q$);
-- two levels of partitions, and an inheritance child with a column more
CREATE TABLE scan_levels (LIKE scan_customers) PARTITION BY RANGE (customer_id);
CREATE TABLE scan_levels_a PARTITION OF scan_levels FOR VALUES FROM (MINVALUE) TO (1500) PARTITION BY HASH (customer_id);
CREATE TABLE scan_levels_a0 PARTITION OF scan_levels_a FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE scan_levels_a1 PARTITION OF scan_levels_a FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE scan_levels_b PARTITION OF scan_levels FOR VALUES FROM (1500) TO (MAXVALUE);
INSERT INTO scan_levels SELECT * FROM scan_customers WHERE customer_id <= 3000;
SELECT * FROM scan_same($q$SELECT c.customer_id, e.score, e.tier, e.strategies FROM scan_levels c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e$q$);
CREATE TABLE scan_inh (LIKE scan_customers);
CREATE TABLE scan_inh_child (note text) INHERITS (scan_inh);
INSERT INTO scan_inh SELECT * FROM scan_customers WHERE customer_id <= 1000;
INSERT INTO scan_inh_child SELECT *, 'child' FROM scan_customers WHERE customer_id > 1000 AND customer_id <= 2000;
SELECT * FROM scan_same($q$SELECT c.customer_id, e.score, e.tier FROM scan_inh c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e$q$);
-- in parallel: a Parallel Append of the partitions' parallel scans
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT count(*), sum(e.score) FROM scan_levels c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
SELECT * FROM scan_same($q$SELECT count(*), round(sum(e.score)::numeric, 9), count(*) FILTER (WHERE e.tier = 'key') FROM scan_levels c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e$q$);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE scan_levels, scan_inh_child, scan_inh;
-- a view (pulled up: its row becomes ROW() of the table's columns in the
-- view's order); a view reading its own row above; a view with a computed
-- column keeps the per-call form
CREATE VIEW scan_view AS
SELECT vulnerable, porting_requested, satisfaction, accepted_ratio, handling_hours, problem_type, emotional,
       escalations_12m, unreasonable_ratio, complaints_90d, arrears_count_12m, payment_channel, data_share, arpu,
       customer_level, tenure_months, age, gender, customer_id
FROM scan_customers WHERE customer_id <= 3000;
EXPLAIN (COSTS OFF, VERBOSE)
SELECT c.customer_id, e.tier FROM scan_view c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e WHERE c.customer_id <= 2;
SELECT * FROM scan_same($q$SELECT c.customer_id, e.score, e.tier, e.strategies, e.reasons FROM scan_view c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e$q$);
SELECT * FROM scan_same($q$SELECT c, e.tier FROM scan_view c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e WHERE c.customer_id <= 50$q$);
CREATE VIEW scan_view_computed AS SELECT *, arpu * 12 AS annual FROM scan_customers WHERE customer_id <= 500;
SELECT * FROM scan_same($q$SELECT c.customer_id, e.score FROM scan_view_computed c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e$q$);
DROP VIEW scan_view, scan_view_computed;
-- a snapshot by value
SELECT * FROM scan_same($q$SELECT c.customer_id, e.score, e.tier, e.strategies FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate(complaint_tier.model_snapshot('telecom'), c) e WHERE c.customer_id <= 3000$q$);
-- the arrays evaluate() builds itself equal, element by element and in
-- their binary form, the same arrays built by PostgreSQL, and concatenate
-- as they do (array_cat appends data areas as they are: each element's
-- padding must be there); with NULL
-- elements: _normalised's values where an input is NULL
SELECT count(*) AS rows,
       count(*) FILTER (WHERE array_send(e.dimension_scores) = array_send(ARRAY(SELECT unnest(e.dimension_scores)))
                          AND array_send(e.dimension_tiers) = array_send(ARRAY(SELECT unnest(e.dimension_tiers)))
                          AND array_send(e.class_labels) = array_send(ARRAY(SELECT unnest(e.class_labels)))
                          AND array_send(e.strategies) = array_send(ARRAY(SELECT unnest(e.strategies)))
                          AND array_send(e.reasons) = array_send(ARRAY(SELECT unnest(e.reasons)))
                          AND e.strategies || e.reasons = ARRAY(SELECT unnest(e.strategies)) || ARRAY(SELECT unnest(e.reasons))
                          AND e.reasons[cardinality(e.reasons)] = (SELECT r FROM unnest(e.reasons) WITH ORDINALITY u(r, i) ORDER BY i DESC LIMIT 1)
                          -- byte for byte, padding included (record_image_eq, the *= that
                          -- REFRESH MATERIALIZED VIEW CONCURRENTLY compares rows with)
                          AND record_image_eq(ROW(e.dimension_scores, e.dimension_tiers, e.class_labels, e.strategies, e.reasons),
                                              ROW(ARRAY(SELECT unnest(e.dimension_scores)), ARRAY(SELECT unnest(e.dimension_tiers)),
                                                  ARRAY(SELECT unnest(e.class_labels)), ARRAY(SELECT unnest(e.strategies)),
                                                  ARRAY(SELECT unnest(e.reasons))))) AS same
FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e
WHERE c.customer_id <= 3000;
CREATE TEMP TABLE scan_holes AS SELECT * FROM scan_customers WHERE customer_id <= 3000;
UPDATE scan_holes SET arpu = NULL, satisfaction = NULL WHERE customer_id % 3 = 0;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE array_position(n.r, NULL) IS NOT NULL) AS with_null_elements,
       count(*) FILTER (WHERE array_send(n.r) = array_send(ARRAY(SELECT unnest(n.r)))
                          AND n.r[cardinality(n.r)] IS NOT DISTINCT FROM (SELECT x FROM unnest(n.r) WITH ORDINALITY u(x, i) ORDER BY i DESC LIMIT 1)
                          AND record_image_eq(ROW(n.r, 0), ROW(ARRAY(SELECT unnest(n.r)), 0))) AS same
FROM scan_holes c
CROSS JOIN LATERAL complaint_tier._normalised((SELECT v FROM complaint_tier.model_version v WHERE v.model = 'telecom' ORDER BY v.version DESC LIMIT 1), c) AS n(r);
-- NULL labels inside the text arrays (classifications whose inputs are all
-- NULL), byte for byte as PostgreSQL builds them
UPDATE scan_holes SET porting_requested = NULL, tenure_months = NULL, complaints_90d = NULL,
       unreasonable_ratio = NULL, emotional = NULL WHERE customer_id % 5 = 0;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE array_position(e.class_labels, NULL) IS NOT NULL) AS with_null_labels,
       count(*) FILTER (WHERE record_image_eq(ROW(e.class_labels, e.dimension_tiers, e.strategies, e.reasons),
                                              ROW(ARRAY(SELECT unnest(e.class_labels)), ARRAY(SELECT unnest(e.dimension_tiers)),
                                                  ARRAY(SELECT unnest(e.strategies)), ARRAY(SELECT unnest(e.reasons))))) AS same
FROM scan_holes c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
DROP TABLE scan_holes;

-- fit's per-row helpers joined LATERAL, as fit's scans join them: the join
-- form too (the normalised values of the fitted version, the same with the
-- setting off)
EXPLAIN (COSTS OFF)
SELECT sum(n.r[1]) FROM scan_customers c
CROSS JOIN LATERAL complaint_tier._normalised((SELECT v FROM complaint_tier.model_version v WHERE v.model = 'telecom' ORDER BY v.version DESC LIMIT 1), c) AS n(r);
SELECT * FROM scan_same($q$SELECT c.customer_id, n.r FROM scan_customers c CROSS JOIN LATERAL complaint_tier._normalised((SELECT v FROM complaint_tier.model_version v WHERE v.model = 'telecom' ORDER BY v.version DESC LIMIT 1), c) AS n(r)$q$);
-- the table's whole row read above: the join form forms it for the rows it
-- returns (also for a second evaluation joined above, as compare() does)
SELECT * FROM scan_same($q$SELECT c, e.tier FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e WHERE c.customer_id <= 50$q$);
SELECT * FROM scan_same($q$SELECT c, e.tier FROM scan_dropped c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c, on_error => 'null') e WHERE c.customer_id <= 300$q$);
SELECT * FROM scan_same($q$SELECT c.customer_id, e1.tier, e2.strategies FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e1 CROSS JOIN LATERAL complaint_tier.evaluate('telecom', $q$ || :v || $q$, c) e2 WHERE c.customer_id <= 300$q$);
EXPLAIN (COSTS OFF)
SELECT c.customer_id, e1.tier, e2.strategies FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e1 CROSS JOIN LATERAL complaint_tier.evaluate('telecom', :v, c) e2 WHERE c.customer_id <= 300;
-- what keeps the per-call form: a system column read above, an outer
-- join, a row lock, UPDATE ... FROM (whose row marks need the whole row)
SELECT * FROM scan_same($q$SELECT c.ctid::text, e.tier FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e WHERE c.customer_id <= 50$q$);
SELECT * FROM scan_same($q$SELECT c.customer_id, e.tier FROM scan_customers c LEFT JOIN LATERAL complaint_tier.evaluate('telecom', c) e ON e.tier = 'key' WHERE c.customer_id <= 50$q$);
CREATE TABLE scan_target AS SELECT customer_id, NULL::text AS tier FROM scan_customers WHERE customer_id <= 100;
EXPLAIN (COSTS OFF)
UPDATE scan_target t SET tier = e.tier FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e
WHERE t.customer_id = c.customer_id;
UPDATE scan_target t SET tier = e.tier FROM scan_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e
WHERE t.customer_id = c.customer_id;
SELECT count(*) AS updated, count(*) FILTER (WHERE t.tier = e.tier) AS same
FROM scan_target t JOIN scan_customers c USING (customer_id) CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
DROP TABLE scan_dropped, scan_parted, scan_target;
DROP INDEX scan_customers_id;
DROP FUNCTION scan_same(text);

DROP MATERIALIZED VIEW scan_tiers;
DROP TABLE scan_ctas, scan_ref;
DROP FUNCTION scan_checksum(text);

-- restore telecom's previous version
DELETE FROM complaint_tier.active_version WHERE model = 'telecom';
INSERT INTO complaint_tier.active_version (model, version) SELECT 'telecom', version FROM scan_prev;
DELETE FROM complaint_tier.model_version WHERE model = 'telecom' AND version = :v;
DROP TABLE scan_prev, scan_customers;
