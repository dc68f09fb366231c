-- The snapshot (by-value) forms of explain, explain_json,
-- explain_strategies and evaluate(..., customer jsonb) (doc/scale-out.md,
-- doc/explain.md): the same output as the catalogue-reading forms for the
-- snapshot's version, compared column by column and document by document
-- for every row; the same errors; no catalogue table read (counted in
-- pg_stat_xact_user_tables); IMMUTABLE, so an old snapshot keeps
-- explaining its own version after a new fit.
\set SHOW_CONTEXT never
SET search_path = public, complaint_tier;
SET max_parallel_workers_per_gather = 0;

-- 1. A copy of telecom (its rules under new ids, so that its versions and
-- rules are its own), 300 customers; a snapshot of the fitted version.
SELECT define_model('se_telecom', model_spec('telecom') || jsonb_build_object('rules',
         (SELECT jsonb_agg(r || jsonb_build_object('id', 'se_telecom.' || substr(r ->> 'id', 9)))
          FROM jsonb_array_elements(model_spec('telecom') -> 'rules') r)));
CREATE TABLE se_src AS SELECT * FROM sample_customers(300, 31);
SELECT fit('se_telecom', 'se_src') AS v1 \gset
CREATE TABLE se_snap AS SELECT model_snapshot('se_telecom') AS s;

-- every row: explain's rows (all columns, in order), explain_json's
-- document, explain_strategies' rows and evaluate's row, for the record and
-- for the jsonb customer; what was compared is printed so that an empty
-- comparison cannot pass
CREATE FUNCTION se_compare(model text, snap model_snapshot, src regclass)
RETURNS TABLE (customers bigint, explain_rows bigint, strategy_rows bigint, tiers bigint, with_rules bigint,
               with_withheld bigint, explain_differ bigint, explain_jsonb_differ bigint, json_differ bigint,
               json_jsonb_differ bigint, strategies_differ bigint, strategies_jsonb_differ bigint,
               evaluate_jsonb_differ bigint, evaluate_jsonb_null_differ bigint)
LANGUAGE plpgsql AS $$
BEGIN
RETURN QUERY EXECUTE format($q$
SELECT count(*),
       sum(cardinality(x1.a)), sum(cardinality(s1.a)),
       count(DISTINCT (j1 ->> 'tier')), count(*) FILTER (WHERE jsonb_array_length(j1 -> 'rules') > 0),
       count(*) FILTER (WHERE jsonb_array_length(j1 -> 'withheld') > 0),
       count(*) FILTER (WHERE x1.a IS DISTINCT FROM x2.a),
       count(*) FILTER (WHERE x3.a IS DISTINCT FROM x4.a),
       count(*) FILTER (WHERE j1 IS DISTINCT FROM j2),
       count(*) FILTER (WHERE j3 IS DISTINCT FROM j4),
       count(*) FILTER (WHERE s1.a IS DISTINCT FROM s2.a),
       count(*) FILTER (WHERE s3.a IS DISTINCT FROM s4.a),
       count(*) FILTER (WHERE e1::text IS DISTINCT FROM e2::text),
       count(*) FILTER (WHERE e3::text IS DISTINCT FROM e4::text)
FROM %s c
CROSS JOIN LATERAL (SELECT to_jsonb(c) AS doc) d
CROSS JOIN LATERAL (SELECT array_agg(x::text ORDER BY x.ordinal) AS a FROM explain($1, c) x) x1
CROSS JOIN LATERAL (SELECT array_agg(x::text ORDER BY x.ordinal) AS a FROM explain($2, c) x) x2
CROSS JOIN LATERAL (SELECT array_agg(x::text ORDER BY x.ordinal) AS a FROM explain($1, d.doc) x) x3
CROSS JOIN LATERAL (SELECT array_agg(x::text ORDER BY x.ordinal) AS a FROM explain($2, d.doc) x) x4
CROSS JOIN LATERAL explain_json($1, c) j1
CROSS JOIN LATERAL explain_json($2, c) j2
CROSS JOIN LATERAL explain_json($1, d.doc) j3
CROSS JOIN LATERAL explain_json($2, d.doc) j4
CROSS JOIN LATERAL (SELECT array_agg(x::text ORDER BY x.priority, x.rule_id) AS a FROM explain_strategies($1, c) x) s1
CROSS JOIN LATERAL (SELECT array_agg(x::text ORDER BY x.priority, x.rule_id) AS a FROM explain_strategies($2, c) x) s2
CROSS JOIN LATERAL (SELECT array_agg(x::text ORDER BY x.priority, x.rule_id) AS a FROM explain_strategies($1, d.doc) x) s3
CROSS JOIN LATERAL (SELECT array_agg(x::text ORDER BY x.priority, x.rule_id) AS a FROM explain_strategies($2, d.doc) x) s4
CROSS JOIN LATERAL evaluate($1, d.doc) e1
CROSS JOIN LATERAL evaluate($2, d.doc) e2
CROSS JOIN LATERAL evaluate($1, d.doc, on_error => 'null') e3
CROSS JOIN LATERAL evaluate($2, d.doc, on_error => 'null') e4
$q$, src) USING model, snap;
END
$$;
SELECT * FROM se_compare('se_telecom', (SELECT s FROM se_snap), 'se_src');

-- with the model's remedy table (carried by the snapshot): the reasons of
-- history_informed_remedy name the recommended remedy
INSERT INTO remedy_model (model, stats, segment, min_cases)
SELECT 'se_telecom', remedy_stats(s.seg, p.problem, r.remedy, (s.i + p.i + r.i + g) % 7 <> 0, NULL), 'lifecycle_stage', 30
FROM unnest(ARRAY['identification', 'growth', 'stable', 'warning']) WITH ORDINALITY s(seg, i),
     unnest(ARRAY['billing', 'network', 'app']) WITH ORDINALITY p(problem, i),
     unnest(ARRAY['refund', 'credit_note', 'apology']) WITH ORDINALITY r(remedy, i), generate_series(1, 40) g;
CREATE TABLE se_snap_remedy AS SELECT model_snapshot('se_telecom') AS s;
SELECT count(*) FILTER (WHERE j1 IS DISTINCT FROM j2) AS json_differ,
       count(*) FILTER (WHERE j3 IS DISTINCT FROM j4) AS json_jsonb_differ,
       count(*) FILTER (WHERE e1::text IS DISTINCT FROM e2::text) AS evaluate_jsonb_differ,
       count(*) FILTER (WHERE jsonb_path_exists(j2, '$.rules[*].reason ? (@ like_regex "recommended remedy")'))
         AS with_remedy
FROM se_src c, se_snap_remedy t
CROSS JOIN LATERAL explain_json('se_telecom', c) j1
CROSS JOIN LATERAL explain_json(t.s, c) j2
CROSS JOIN LATERAL explain_json('se_telecom', to_jsonb(c)) j3
CROSS JOIN LATERAL explain_json(t.s, to_jsonb(c)) j4
CROSS JOIN LATERAL evaluate('se_telecom', to_jsonb(c)) e1
CROSS JOIN LATERAL evaluate(t.s, to_jsonb(c)) e2;
DELETE FROM remedy_model WHERE model = 'se_telecom';

-- 2. A small model with a qualitative indicator, method dea, fuzzy
-- segments, a classification and rules (one withheld as a duplicate).
CREATE TABLE se_dea (id int PRIMARY KEY, a float8, b float8, plan text);
INSERT INTO se_dea SELECT g, (g * 7) % 11, (g * 5) % 13, (ARRAY['basic', 'plus', 'max'])[1 + g % 3]
FROM generate_series(1, 40) g;
SELECT define_model('se_dea_m', $spec$
{"key": "id", "source": "se_dea",
 "dimensions": [{"name": "value", "weight": 0.7}, {"name": "plan", "weight": 0.3}],
 "indicators": [
   {"name": "a", "column": "a", "dimension": "value", "range_lo": 0, "range_hi": 12, "weight": 1},
   {"name": "b", "column": "b", "dimension": "value", "range_lo": 0, "range_hi": 12, "weight": 2},
   {"name": "plan", "column": "plan", "dimension": "plan", "kind": "qualitative", "levels": ["basic", "plus", "max"], "weight": 1}],
 "methods": ["weighted_sum", "dea", "topsis"], "segments": 2,
 "tiers": {"overall": {"labels": ["low", "mid", "high"], "shares": [0.4, 0.4, 0.2]},
           "dimension": {"labels": ["low", "high"], "cuts": [0.5]}},
 "classifications": [{"name": "kind", "labels": [
    {"label": "star", "when": "score >= 0.7 AND plan = 'max'"},
    {"label": "seg1", "when": "segment = 1"},
    {"label": "other", "when": "TRUE"}]}],
 "strategies": [{"code": "se_call", "title": "Call back"}, {"code": "se_mail", "title": "Mail"}],
 "rules": [{"id": "se.star", "strategy": "se_call", "priority": 10, "when": "kind = 'star'", "routing_priority": 1},
           {"id": "se.high", "strategy": "se_call", "priority": 20, "when": "tier = 'high'"},
           {"id": "se.low", "strategy": "se_mail", "priority": 30, "when": "value_tier = 'low'"}]}
$spec$);
SELECT fit('se_dea_m', 'se_dea') > 0 AS fitted;
CREATE TABLE se_dea_snap AS SELECT model_snapshot('se_dea_m') AS s;
SELECT * FROM se_compare('se_dea_m', (SELECT s FROM se_dea_snap), 'se_dea');
-- what the documents hold, from the snapshot (customers 1 to 8)
SELECT c.id, round((d ->> 'score')::numeric, 6) AS score, d ->> 'tier' AS tier, d -> 'segment' AS segment,
       jsonb_path_query_array(d, '$.methods[*].raw') AS raws,
       d -> 'classifications' -> 0 -> 'label' AS kind,
       jsonb_path_query_array(d, '$.rules[*].rule') AS rules,
       jsonb_path_query_array(d, '$.withheld[*].why') AS withheld
FROM se_dea c CROSS JOIN LATERAL explain_json((SELECT s FROM se_dea_snap), c) d WHERE c.id <= 8 ORDER BY c.id;

-- 3. They read no catalogue table: within one transaction, the scans of
-- complaint_tier's tables (pg_stat_xact_user_tables) do not move while the
-- seven snapshot forms run over every customer, and do for the catalogue
-- forms (the control that shows the count can move).
BEGIN;
CREATE TEMP TABLE se_scans AS
SELECT sum(seq_scan + coalesce(idx_scan, 0)) AS n FROM pg_stat_xact_user_tables WHERE schemaname = 'complaint_tier';
SELECT count(*) AS calls FROM se_src c, se_snap t,
  LATERAL (SELECT count(*) FROM explain(t.s, c)) x1, LATERAL (SELECT count(*) FROM explain(t.s, to_jsonb(c))) x2,
  LATERAL explain_json(t.s, c) j1, LATERAL explain_json(t.s, to_jsonb(c)) j2,
  LATERAL (SELECT count(*) FROM explain_strategies(t.s, c)) s1,
  LATERAL (SELECT count(*) FROM explain_strategies(t.s, to_jsonb(c))) s2,
  LATERAL evaluate(t.s, to_jsonb(c)) e1, LATERAL evaluate(t.s, c) e2;
SELECT sum(seq_scan + coalesce(idx_scan, 0)) - (SELECT n FROM se_scans) AS catalogue_scans_snapshot
FROM pg_stat_xact_user_tables WHERE schemaname = 'complaint_tier';
SELECT count(*) AS calls FROM se_src c,
  LATERAL (SELECT count(*) FROM explain('se_telecom', c)) x1, LATERAL explain_json('se_telecom', c) j1,
  LATERAL (SELECT count(*) FROM explain_strategies('se_telecom', c)) s1, LATERAL evaluate('se_telecom', to_jsonb(c)) e1;
SELECT sum(seq_scan + coalesce(idx_scan, 0)) > (SELECT n FROM se_scans) AS catalogue_scans_catalogue
FROM pg_stat_xact_user_tables WHERE schemaname = 'complaint_tier';
ROLLBACK;

-- 4. An old snapshot explains its own version: after a second fit (now
-- active) and a disabled rule, the catalogue forms explain version 2
-- without the rule, the snapshot still version 1 with it.
CREATE TABLE se_src2 AS SELECT * FROM sample_customers(300, 32);
SELECT fit('se_telecom', 'se_src2') - :v1 AS v2_minus_v1;
UPDATE rules SET enabled = false WHERE id = (SELECT (s).rules[1].id FROM se_snap);
SELECT (explain_json((SELECT s FROM se_snap), c) ->> 'version')::int - :v1 AS snapshot_version,
       (explain_json('se_telecom', c) ->> 'version')::int - :v1 AS catalogue_version,
       count(*) AS customers,
       count(*) FILTER (WHERE explain_json((SELECT s FROM se_snap), c) -> 'rules' @> jsonb_build_array(jsonb_build_object('rule', (SELECT (s).rules[1].id FROM se_snap))))
         AS snapshot_fires_disabled_rule,
       count(*) FILTER (WHERE explain_json('se_telecom', c) -> 'rules' @> jsonb_build_array(jsonb_build_object('rule', (SELECT (s).rules[1].id FROM se_snap))))
         AS catalogue_fires_disabled_rule
FROM se_src c GROUP BY 1, 2;
SELECT count(*) FILTER (WHERE x.a IS DISTINCT FROM y.a) AS explain_differs_from_version_1
FROM se_src c
CROSS JOIN LATERAL (SELECT array_agg(x::text ORDER BY x.ordinal) AS a FROM explain((SELECT s FROM se_snap), c) x) x
CROSS JOIN LATERAL (SELECT array_agg(x::text ORDER BY x.ordinal) AS a FROM explain((SELECT model_snapshot('se_telecom', :v1)), c) x) y;
UPDATE rules SET enabled = true WHERE id = (SELECT (s).rules[1].id FROM se_snap);

-- 5. Volatility, strictness, parallel safety, the custom scan's support
-- function.
SELECT p.oid::regprocedure, p.provolatile, p.proisstrict, p.proparallel, p.prosupport <> 0 AS support
FROM pg_proc p WHERE p.pronamespace = 'complaint_tier'::regnamespace
AND p.proname IN ('evaluate', 'explain', 'explain_json', 'explain_strategies')
ORDER BY p.oid::regprocedure::text;

-- the evaluate custom scan takes over both by-value overloads, with every
-- column of every row the same as the Function Scan's
EXPLAIN (COSTS OFF) SELECT e.score FROM se_src c, se_snap t, LATERAL evaluate(t.s, to_jsonb(c)) e;
EXPLAIN (COSTS OFF) SELECT e.score FROM se_src c, se_snap t, LATERAL evaluate(t.s, c, 'null') e;
CREATE TEMP TABLE se_scan_on AS
SELECT md5(string_agg(e1::text || e2::text, ',' ORDER BY c.customer_id)) AS h
FROM se_src c, se_snap t, LATERAL evaluate(t.s, to_jsonb(c)) e1, LATERAL evaluate(t.s, c) e2;
SET complaint_tier.custom_scan = off;
SELECT h = (SELECT md5(string_agg(e1::text || e2::text, ',' ORDER BY c.customer_id))
            FROM se_src c, se_snap t, LATERAL evaluate(t.s, to_jsonb(c)) e1, LATERAL evaluate(t.s, c) e2) AS same_without_scan
FROM se_scan_on;
RESET complaint_tier.custom_scan;

-- PARALLEL SAFE: in parallel workers (a literal snapshot, compiled in each
-- worker; a partial aggregate over the documents' hashes) the documents
-- are the serial ones
SELECT sum(hashtext(explain_json(t.s, c)::text)::bigint) AS h_serial FROM se_src c, se_snap t \gset
SELECT s::text AS snap FROM se_snap \gset
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT sum(hashtext(explain_json(:'snap'::model_snapshot, c)::text)::bigint) FROM se_src c;
SELECT sum(hashtext(explain_json(:'snap'::model_snapshot, c)::text)::bigint) = :h_serial AS same_in_workers
FROM se_src c;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET parallel_leader_participation; SET max_parallel_workers_per_gather = 0;

-- 6. Errors: the catalogue form's and the snapshot form's, side by side
-- (SQLSTATE and message), for bad customers of se_dea_m.
CREATE FUNCTION se_err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	detail text;
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' (' || nullif(detail, '') || ')', '');
END
$$;
CREATE TABLE se_bad (name text, customer text);
INSERT INTO se_bad VALUES
  ('missing columns', '(SELECT x FROM (SELECT 1 AS id, 2.0::float8 AS a) x)'),
  ('mistyped column', '(SELECT x FROM (SELECT 1 AS id, 2.0::float8 AS a, 1::float8 AS b, 1 AS plan) x)'),
  ('unknown level', '(SELECT x FROM (SELECT 1 AS id, 2.0::float8 AS a, 1::float8 AS b, ''gold''::text AS plan) x)'),
  ('NaN', '(SELECT x FROM (SELECT 1 AS id, ''NaN''::float8 AS a, 1::float8 AS b, ''max''::text AS plan) x)'),
  ('jsonb not an object', '''[1, 2]''::jsonb'),
  ('jsonb scalar', '''3''::jsonb'),
  ('jsonb mistyped value', '''{"id": 1, "a": "x", "b": 1, "plan": "max"}''::jsonb'),
  ('jsonb unknown level', '''{"id": 1, "a": 1, "b": 1, "plan": "gold"}''::jsonb'),
  ('jsonb out of range', '''{"id": 1, "a": 1e400, "b": 1, "plan": "max"}''::jsonb');
CREATE TABLE se_forms (form text, q text);
INSERT INTO se_forms VALUES
  ('explain', 'SELECT * FROM explain(%s, %s)'),
  ('explain_json', 'SELECT explain_json(%s, %s)'),
  ('explain_strategies', 'SELECT * FROM explain_strategies(%s, %s)'),
  ('evaluate', 'SELECT * FROM evaluate(%s, %s)');
SELECT b.name, f.form, cat.err = snap.err AS same, snap.err AS snapshot_error
FROM se_bad b CROSS JOIN se_forms f
CROSS JOIN LATERAL (SELECT se_err(format(f.q, '''se_dea_m''', b.customer)) AS err) cat
CROSS JOIN LATERAL (SELECT se_err(format(f.q, '(SELECT s FROM se_dea_snap)', b.customer)) AS err) snap
ORDER BY b.name, f.form;
-- on_error: a bad value gives the error column, as evaluate(model, jsonb) does
SELECT (evaluate('se_dea_m', j, on_error => 'null'))::text = (evaluate((SELECT s FROM se_dea_snap), j, on_error => 'null'))::text AS same,
       (evaluate((SELECT s FROM se_dea_snap), j, on_error => 'null')).error
FROM (VALUES ('[1, 2]'::jsonb), ('{"id": 1, "a": 1, "b": 1, "plan": "gold"}'), ('{"id": 1, "a": "x"}')) v(j);
SELECT se_err($$SELECT evaluate('se_dea_m', '{}'::jsonb, on_error => 'bogus')$$) =
       se_err($$SELECT evaluate((SELECT s FROM se_dea_snap), '{}'::jsonb, on_error => 'bogus')$$) AS same,
       se_err($$SELECT evaluate((SELECT s FROM se_dea_snap), '{}'::jsonb, on_error => 'bogus')$$) AS snapshot_error;
-- NULL arguments: NULL, or no rows (STRICT)
SELECT evaluate(NULL::model_snapshot, '{}'::jsonb) IS NULL AS null_snapshot,
       evaluate((SELECT s FROM se_dea_snap), NULL::jsonb) IS NULL AS null_customer,
       explain_json(NULL::model_snapshot, '{}'::jsonb) IS NULL AS json_null_snapshot,
       explain_json((SELECT s FROM se_dea_snap), NULL::se_dea) IS NULL AS json_null_customer,
       (SELECT count(*) FROM explain(NULL::model_snapshot, '{}'::jsonb)) AS explain_rows,
       (SELECT count(*) FROM explain((SELECT s FROM se_dea_snap), NULL::se_dea)) AS explain_null_customer_rows,
       (SELECT count(*) FROM explain_strategies(NULL::model_snapshot, '{}'::jsonb)) AS strategies_rows;

-- malformed snapshots: every form refuses them as evaluate(snapshot, record)
-- does (22023)
CREATE TABLE se_tampered (name text, snap model_snapshot);
INSERT INTO se_tampered
SELECT 'format 2', ROW(2, (s).model, (s).version, (s).rules_at, (s).demographic_rules, (s).fitted, (s).rules, NULL, NULL, NULL, NULL)::model_snapshot FROM se_dea_snap
UNION ALL
SELECT 'another model', ROW(1, 'churn', (s).version, (s).rules_at, (s).demographic_rules, (s).fitted, (s).rules, NULL, NULL, NULL, NULL)::model_snapshot FROM se_dea_snap
UNION ALL
SELECT 'NULL fitted', ROW(1, (s).model, (s).version, (s).rules_at, (s).demographic_rules, NULL, (s).rules, NULL, NULL, NULL, NULL)::model_snapshot FROM se_dea_snap
UNION ALL
SELECT 'fitted an array', ROW(1, (s).model, (s).version, (s).rules_at, (s).demographic_rules, '[1, 2]', (s).rules, NULL, NULL, NULL, NULL)::model_snapshot FROM se_dea_snap
UNION ALL
SELECT 'NULL rule', ROW(1, (s).model, (s).version, (s).rules_at, (s).demographic_rules, (s).fitted, ARRAY[NULL]::snapshot_rule[], NULL, NULL, NULL, NULL)::model_snapshot FROM se_dea_snap
UNION ALL
SELECT 'partial remedy', ROW(1, (s).model, (s).version, (s).rules_at, (s).demographic_rules, (s).fitted, (s).rules, NULL, 'tier', NULL, NULL)::model_snapshot FROM se_dea_snap;
SELECT t.name, f.form,
       se_err(format(f.q, quote_literal(t.snap::text) || '::model_snapshot', '(SELECT c FROM se_dea c WHERE id = 1)')) =
       se_err(format('SELECT evaluate(%s, c) FROM se_dea c WHERE id = 1', quote_literal(t.snap::text) || '::model_snapshot')) AS same_as_evaluate,
       se_err(format(f.q, quote_literal(t.snap::text) || '::model_snapshot', '''{"id": 1}''::jsonb')) AS jsonb_error
FROM se_tampered t CROSS JOIN se_forms f ORDER BY t.name, f.form;

-- a rule reading a column the record lacks: explain, like explain(model,
-- customer), does not compile the rules and explains the row; the forms
-- that apply rules refuse it as evaluate(snapshot, customer) does
CREATE TABLE se_rule_snap AS
SELECT ROW(1, (s).model, (s).version, (s).rules_at, (s).demographic_rules, (s).fitted,
           ARRAY[ROW('x', 1, 1, 'se_call', 't', NULL, NULL, false, false, false, 'no_such_column > 1')]::snapshot_rule[],
           NULL, NULL, NULL, NULL)::model_snapshot AS s FROM se_dea_snap;
SELECT count(*) AS explain_rows FROM se_rule_snap t, explain(t.s, (SELECT c FROM se_dea c WHERE id = 1));
SELECT f.form, se_err(format(f.q, '(SELECT s FROM se_rule_snap)', '(SELECT c FROM se_dea c WHERE id = 1)')) AS error
FROM se_forms f WHERE f.form <> 'explain' ORDER BY f.form;

-- clean up
DELETE FROM model WHERE name IN ('se_telecom', 'se_dea_m');
DELETE FROM strategies WHERE code IN ('se_call', 'se_mail');
DROP FUNCTION se_compare(text, model_snapshot, regclass);
DROP FUNCTION se_err(text);
DROP TABLE se_src, se_src2, se_snap, se_snap_remedy, se_dea, se_dea_snap, se_bad, se_forms, se_tampered, se_rule_snap;
