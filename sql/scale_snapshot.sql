-- One model version everywhere (doc/scale-out.md): model_snapshot() carries
-- a fitted version, the rules in force and the remedy table by value;
-- evaluate(snapshot, customer) reads no catalogue.  Checked here on one
-- node against evaluate(model, version, customer), the catalogue-reading
-- function it must equal (test/scale/fdw.sh checks it across clusters).
\set SHOW_CONTEXT never
SET search_path = complaint_tier, public;

-- on a copy of telecom (its rules under new ids), so that its versions are
-- its own
SELECT define_model('sn_telecom', model_spec('telecom') || jsonb_build_object('rules',
         (SELECT jsonb_agg(r || jsonb_build_object('id', 'sn_telecom.' || substr(r ->> 'id', 9)))
          FROM jsonb_array_elements(model_spec('telecom') -> 'rules') r)));
CREATE TABLE sn_src AS SELECT * FROM sample_customers(3000, 11);
SELECT fit('sn_telecom', 'sn_src') AS v1 \gset
SELECT (s).format, (s).model, (s).version = :v1 AS is_v1, cardinality((s).rules) AS rules,
       (s).rules[1].id AS first_rule, (s).demographic_rules, (s).remedy_stats IS NULL AS no_remedy,
       (s).rules_at = transaction_timestamp() AS rules_now
FROM (SELECT model_snapshot('sn_telecom') s) x;

-- the snapshot's evaluation is evaluate(model, version, ...)'s, row by row
CREATE TABLE sn_snap AS SELECT model_snapshot('sn_telecom') AS s;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE e::text IS DISTINCT FROM r::text) AS different,
       count(DISTINCT e.tier) AS tiers, count(*) FILTER (WHERE cardinality(e.strategies) > 0) AS with_strategies
FROM sn_src c
CROSS JOIN LATERAL evaluate((SELECT s FROM sn_snap), c) e
CROSS JOIN LATERAL evaluate('sn_telecom', :v1, c) r;
-- the same through a text literal (what Citus and postgres_fdw ship), a
-- join with a snapshot table, and on_error => 'null'
SELECT s::text AS snap FROM sn_snap \gset
SELECT count(*) FILTER (WHERE e::text IS DISTINCT FROM r::text) AS different_literal
FROM sn_src c CROSS JOIN LATERAL evaluate(:'snap'::model_snapshot, c) e
CROSS JOIN LATERAL evaluate('sn_telecom', :v1, c) r;
SELECT count(*) FILTER (WHERE e::text IS DISTINCT FROM r::text) AS different_join
FROM sn_src c CROSS JOIN sn_snap t CROSS JOIN LATERAL evaluate(t.s, c, on_error => 'null') e
CROSS JOIN LATERAL evaluate('sn_telecom', :v1, c) r;

-- version skew on one node: a second fit, activated; the old snapshot still
-- evaluates with version 1, a new one with version 2
CREATE TABLE sn_src2 AS SELECT * FROM sample_customers(3000, 12);
SELECT fit('sn_telecom', 'sn_src2') - :v1 AS v2_minus_v1;
SELECT e.version - :v1 AS version_minus_v1, count(*)
FROM sn_src c CROSS JOIN LATERAL evaluate((SELECT s FROM sn_snap), c) e GROUP BY 1;
SELECT e.version - :v1 AS version_minus_v1, count(*)
FROM sn_src c CROSS JOIN LATERAL evaluate((SELECT model_snapshot('sn_telecom')), c) e GROUP BY 1;
SELECT (model_snapshot('sn_telecom', :v1)).version = :v1 AS explicit_version;

-- rules are carried by value: disabling a rule changes the catalogue's
-- evaluation, not the snapshot's
UPDATE rules SET enabled = false WHERE id = (SELECT (s).rules[1].id FROM sn_snap);
SELECT count(*) FILTER (WHERE e::text IS DISTINCT FROM r::text) AS snapshot_vs_catalogue_now,
       count(*) FILTER (WHERE (SELECT s FROM sn_snap).rules[1].strategy = ANY (e.strategies)) AS snapshot_rule_fired
FROM sn_src c CROSS JOIN LATERAL evaluate((SELECT s FROM sn_snap), c) e
CROSS JOIN LATERAL evaluate('sn_telecom', :v1, c) r;
UPDATE rules SET enabled = true WHERE id = (SELECT (s).rules[1].id FROM sn_snap);

-- the remedy table is carried too: reasons equal the catalogue's
CREATE TABLE sn_history AS
SELECT (ARRAY['identification','growth','stable','warning'])[1 + i % 4] AS segment,
       (ARRAY['billing','network','app'])[1 + i % 3] AS problem_type,
       (ARRAY['refund','credit_note','apology'])[1 + i % 5 % 3] AS remedy,
       i % 7 <> 0 AS accepted, NULL::float8 AS satisfaction
FROM generate_series(1, 3000) i;
INSERT INTO remedy_model (model, stats, segment, min_cases)
SELECT 'sn_telecom', remedy_stats(segment, problem_type, remedy, accepted, satisfaction), 'lifecycle_stage', 30
FROM sn_history;
SELECT (s).remedy_segment, (s).remedy_min_cases, (s).remedy_method
FROM (SELECT model_snapshot('sn_telecom') s) x;
SELECT count(*) FILTER (WHERE e::text IS DISTINCT FROM r::text) AS different,
       count(*) FILTER (WHERE array_to_string(e.reasons, ' ') LIKE '%recommended remedy%') AS with_remedy
FROM sn_src c CROSS JOIN LATERAL evaluate((SELECT model_snapshot('sn_telecom')), c) e
CROSS JOIN LATERAL evaluate('sn_telecom', c) r;
UPDATE remedy_model SET method = 'shrinkage';
SELECT count(*) FILTER (WHERE e::text IS DISTINCT FROM r::text) AS different_shrinkage
FROM sn_src c CROSS JOIN LATERAL evaluate((SELECT model_snapshot('sn_telecom')), c) e
CROSS JOIN LATERAL evaluate('sn_telecom', c) r;
DELETE FROM remedy_model;

-- publish_snapshot into a snapshot table (a shard's, through postgres_fdw)
CREATE TABLE sn_published (model text PRIMARY KEY, snapshot model_snapshot);
SELECT publish_snapshot('sn_telecom', 'sn_published') - :v1 AS published_minus_v1;
SELECT publish_snapshot('sn_telecom', 'sn_published') - :v1 AS published_again;
SELECT model, (snapshot).version - :v1 AS version_minus_v1 FROM sn_published;

-- expect_version: true, or an error naming both versions
SELECT expect_version('sn_telecom', 2, 'sn_telecom', 2);
SELECT expect_version('sn_telecom', 1, 'sn_telecom', 2);
SELECT expect_version('telecom', 2, 'sn_telecom', 2);
SELECT expect_version(NULL, 2, 'sn_telecom', 2) IS NULL AS strict;

-- volatility: the by-value evaluation is IMMUTABLE (what Citus pushes into
-- INSERT ... SELECT and postgres_fdw ships)
SELECT p.oid::regprocedure, p.provolatile, p.proisstrict, p.proparallel
FROM pg_proc p WHERE p.pronamespace = 'complaint_tier'::regnamespace
AND p.proname IN ('model_snapshot', 'evaluate', 'expect_version', 'publish_snapshot')
ORDER BY p.oid::regprocedure::text;

-- errors
SELECT model_snapshot(NULL);
SELECT model_snapshot('sn_telecom', 0);
SELECT model_snapshot('no_such_model');
SELECT model_snapshot('sn_telecom', 99999);
SELECT evaluate(NULL::model_snapshot, c) IS NULL AS strict FROM sn_src c LIMIT 1;
SELECT evaluate(s, c, on_error => 'bogus') FROM sn_snap, sn_src c LIMIT 1;
-- tampered snapshots
SELECT evaluate(ROW(2, (s).model, (s).version, (s).rules_at, (s).demographic_rules, (s).fitted, (s).rules,
                    NULL, NULL, NULL, NULL)::model_snapshot, c) FROM sn_snap, sn_src c LIMIT 1;
SELECT evaluate(ROW(1, 'churn', (s).version, (s).rules_at, (s).demographic_rules, (s).fitted, (s).rules,
                    NULL, NULL, NULL, NULL)::model_snapshot, c) FROM sn_snap, sn_src c LIMIT 1;
SELECT evaluate(ROW(1, (s).model, (s).version, (s).rules_at, (s).demographic_rules, NULL, (s).rules,
                    NULL, NULL, NULL, NULL)::model_snapshot, c) FROM sn_snap, sn_src c LIMIT 1;
SELECT evaluate(ROW(1, (s).model, (s).version, (s).rules_at, (s).demographic_rules, '[1, 2]', (s).rules,
                    NULL, NULL, NULL, NULL)::model_snapshot, c) FROM sn_snap, sn_src c LIMIT 1;
SELECT evaluate(ROW(1, (s).model, (s).version, (s).rules_at, (s).demographic_rules, (s).fitted || '{"ind_lo": "x"}', (s).rules,
                    NULL, NULL, NULL, NULL)::model_snapshot, c) FROM sn_snap, sn_src c LIMIT 1;
-- the fitted version is read by column name (a node whose model_version has
-- its columns in another order reads it right); a key the node does not
-- know is ignored
SELECT count(*) FILTER (WHERE e::text IS DISTINCT FROM r::text) AS different_extra_key
FROM sn_snap t, LATERAL (SELECT (t.s).fitted || '{"from_a_newer_node": 1}' AS f) j, sn_src c
CROSS JOIN LATERAL evaluate(ROW(1, (t.s).model, (t.s).version, (t.s).rules_at, (t.s).demographic_rules, j.f, (t.s).rules,
                                NULL, NULL, NULL, NULL)::model_snapshot, c) e
CROSS JOIN LATERAL evaluate(t.s, c) r;
SELECT evaluate(ROW(1, (s).model, (s).version, (s).rules_at, (s).demographic_rules, (s).fitted,
                    ARRAY[NULL]::snapshot_rule[], NULL, NULL, NULL, NULL)::model_snapshot, c) FROM sn_snap, sn_src c LIMIT 1;
SELECT evaluate(ROW(1, (s).model, (s).version, (s).rules_at, (s).demographic_rules, (s).fitted,
                    ARRAY[ROW('x', 1, 1, NULL, 't', NULL, NULL, false, false, false, 'TRUE')]::snapshot_rule[],
                    NULL, NULL, NULL, NULL)::model_snapshot, c) FROM sn_snap, sn_src c LIMIT 1;
SELECT evaluate(ROW(1, (s).model, (s).version, (s).rules_at, (s).demographic_rules, (s).fitted, (s).rules,
                    NULL, 'tier', NULL, NULL)::model_snapshot, c) FROM sn_snap, sn_src c LIMIT 1;
SELECT evaluate(ROW(1, (s).model, (s).version, (s).rules_at, (s).demographic_rules, (s).fitted,
                    ARRAY[ROW('x', 1, 1, 'escalate', 't', NULL, NULL, false, false, false, 'no_such_column > 1')]::snapshot_rule[],
                    NULL, NULL, NULL, NULL)::model_snapshot, c) FROM sn_snap, sn_src c LIMIT 1;
-- the row still needs the model's columns
SELECT evaluate(s, ROW(1, 2)) FROM sn_snap;

-- a role that may evaluate but not read the source gets no snapshot (it
-- carries the version's statistics), yet may evaluate with one given to it
CREATE ROLE sn_analyst;
GRANT complaint_tier_use TO sn_analyst;
GRANT SELECT ON sn_snap TO sn_analyst;
CREATE TABLE sn_mine AS SELECT * FROM sn_src LIMIT 5;
GRANT SELECT ON sn_mine TO sn_analyst;
SET ROLE sn_analyst;
SELECT model_snapshot('sn_telecom');
SELECT count(*) AS evaluated FROM sn_mine c CROSS JOIN LATERAL evaluate((SELECT s FROM sn_snap), c) e;
RESET ROLE;
DROP TABLE sn_mine;
REVOKE ALL ON sn_snap FROM sn_analyst;
REVOKE complaint_tier_use FROM sn_analyst;
DROP ROLE sn_analyst;
DROP TABLE sn_src, sn_src2, sn_snap, sn_history, sn_published;
DELETE FROM model WHERE name = 'sn_telecom';
