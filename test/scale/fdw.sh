#!/bin/bash
# test/scale/fdw.sh [ROWS]: scale out through postgres_fdw on this machine
# (doc/scale-out.md).  A coordinator and two shard clusters (unix sockets,
# ports 54533-54535, or CT_FDW_PORT and the next two), ROWS sample customers (default 20,000) split by
# customer_id between the shards.  Checks, each failing the script when it
# does not hold:
#   1. indicator_stats and remedy_stats are computed on the shards (the
#      remote SQL names them) and their merged states equal the single-node
#      ones (counts exact, means, deviations and correlations within 1e-12);
#   2. fit over a partitioned table whose partitions are foreign tables on
#      the shards equals the single-node fit (ranges and weights within
#      1e-12 relative, quantiles and cut points within the sketches' rank
#      error); every query fit sends to a shard is an
#      aggregate computed there that returns one state row (each is run
#      again on the shard and must return exactly one row): fit ships no
#      raw rows; the same for a model weighted by a logistic regression
#      (weighting "outcome") and a model with method dea and fuzzy
#      segments, whose logistic regression, frontier and fuzzy c-means
#      (coefficients, frontier points, centres, sizes) equal the
#      single-node ones within 1e-12 relative to each array's largest element;
#   3. evaluation on the shards: each shard's view evaluates its own rows
#      with the snapshot the coordinator published (by value); the
#      coordinator's expect_version() check is shipped in the remote SQL;
#      the rows equal the coordinator's own evaluation;
#   4. version skew: a new fit activated on the coordinator and not yet
#      published makes the shard query fail naming both versions; after
#      publish_snapshot every row carries the new version; a shard's own
#      catalogue-reading evaluate() fails (the shards hold no version);
#   5. the snapshot forms of explain, explain_json, explain_strategies and
#      evaluate(jsonb) on a shard equal the coordinator's catalogue forms.
# Prints the timings of the fits and evaluations.
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/lib.sh
. test/scale/lib_scale.sh
ROWS=${1:-20000}
HALF=$((ROWS / 2))
# the coordinator's port, the shards' the next two (CT_FDW_PORT overrides)
PORT=${CT_FDW_PORT:-54533}

ct_lock
ct_install
sc_node_start coord "$PORT"
# the shards log every statement: which of fit's queries ship rows
sc_node_start shard1 $((PORT + 1)) "log_statement = 'all'"
sc_node_start shard2 $((PORT + 2)) "log_statement = 'all'"

ct_log "shards: complaint_tier, $HALF customers each, a snapshot table and the evaluation view"
for s in 1 2; do
	if [ "$s" = 1 ]; then lo=1; hi=$HALF; else lo=$((HALF + 1)); hi=$ROWS; fi
	sc_psql "shard$s" <<SQL
CREATE EXTENSION complaint_tier;
CREATE TABLE customers AS
SELECT * FROM complaint_tier.sample_customers($ROWS, 5) WHERE customer_id BETWEEN $lo AND $hi;
ALTER TABLE customers ADD PRIMARY KEY (customer_id);
-- a handling history beside the customers, for remedy_stats
CREATE TABLE history AS
SELECT customer_level AS segment, problem_type,
       (ARRAY['refund', 'credit_note', 'apology'])[1 + customer_id % 3] AS remedy,
       (customer_id % 5 <> 0) AS accepted, satisfaction::float8 AS satisfaction
FROM customers;
-- the snapshot the coordinator publishes, and the view that evaluates the
-- shard's own rows with it (the scalar subquery is computed once per query)
CREATE TABLE ct_snapshot (model text PRIMARY KEY, snapshot complaint_tier.model_snapshot);
CREATE VIEW customers_evaluated AS
SELECT c.customer_id, e.*
FROM customers c
CROSS JOIN LATERAL complaint_tier.evaluate(
    (SELECT s.snapshot FROM ct_snapshot s WHERE s.model = 'telecom'), c) e;
ANALYZE customers;
SQL
done

ct_log "coordinator: postgres_fdw servers with extensions 'complaint_tier', foreign partitions"
sc_psql coord <<SQL
CREATE EXTENSION complaint_tier;
CREATE EXTENSION postgres_fdw;
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '$SC_DIR_shard1', port '$SC_PORT_shard1', dbname 'postgres', extensions 'complaint_tier', fetch_size '10000', async_capable 'true');
CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '$SC_DIR_shard2', port '$SC_PORT_shard2', dbname 'postgres', extensions 'complaint_tier', fetch_size '10000', async_capable 'true');
CREATE USER MAPPING FOR postgres SERVER shard1 OPTIONS (user 'postgres');
CREATE USER MAPPING FOR postgres SERVER shard2 OPTIONS (user 'postgres');
-- the single-node reference: every row on the coordinator
CREATE TABLE customers_local AS SELECT * FROM complaint_tier.sample_customers($ROWS, 5);
ALTER TABLE customers_local ADD PRIMARY KEY (customer_id);
CREATE TABLE history_local AS
SELECT customer_level AS segment, problem_type,
       (ARRAY['refund', 'credit_note', 'apology'])[1 + customer_id % 3] AS remedy,
       (customer_id % 5 <> 0) AS accepted, satisfaction::float8 AS satisfaction
FROM customers_local;
-- the same rows as a partitioned table of foreign partitions
CREATE TABLE customers (LIKE customers_local) PARTITION BY RANGE (customer_id);
CREATE FOREIGN TABLE customers_s1 PARTITION OF customers FOR VALUES FROM (1) TO ($HALF + 1)
  SERVER shard1 OPTIONS (table_name 'customers');
CREATE FOREIGN TABLE customers_s2 PARTITION OF customers FOR VALUES FROM ($HALF + 1) TO (MAXVALUE)
  SERVER shard2 OPTIONS (table_name 'customers');
CREATE SCHEMA s1;
CREATE SCHEMA s2;
IMPORT FOREIGN SCHEMA public LIMIT TO (history, ct_snapshot, customers_evaluated) FROM SERVER shard1 INTO s1;
IMPORT FOREIGN SCHEMA public LIMIT TO (history, ct_snapshot, customers_evaluated) FROM SERVER shard2 INTO s2;
SQL
sc_psql coord -f test/scale/checks.sql

ct_log "1. aggregates computed on the shards, states merged on the coordinator"
# the per-shard state query postgres_fdw sends: the aggregate is in the remote SQL
explain_agg=$(sc_psql coord -At -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT complaint_tier.indicator_stats(ARRAY[arpu, tenure_months::float8, data_share, handling_hours, satisfaction::float8]) FROM customers_s1")
echo "$explain_agg"
grep -q "Remote SQL: SELECT complaint_tier.indicator_stats(" <<<"$explain_agg" ||
	{ echo "FAILED: indicator_stats is not computed on the shard" >&2; exit 1; }
explain_rem=$(sc_psql coord -At -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT complaint_tier.remedy_stats(segment, problem_type, remedy, accepted, satisfaction) FROM s2.history")
echo "$explain_rem"
grep -q "Remote SQL: SELECT complaint_tier.remedy_stats(" <<<"$explain_rem" ||
	{ echo "FAILED: remedy_stats is not computed on the shard" >&2; exit 1; }
sc_psql coord -At <<'SQL'
CREATE TEMP TABLE merged AS
SELECT complaint_tier.merge(s) AS s FROM (
  SELECT complaint_tier.indicator_stats(ARRAY[arpu, tenure_months::float8, data_share, handling_hours, satisfaction::float8]) s FROM customers_s1
  UNION ALL
  SELECT complaint_tier.indicator_stats(ARRAY[arpu, tenure_months::float8, data_share, handling_hours, satisfaction::float8]) FROM customers_s2) x;
CREATE TEMP TABLE single AS
SELECT complaint_tier.indicator_stats(ARRAY[arpu, tenure_months::float8, data_share, handling_hours, satisfaction::float8]) AS s
FROM customers_local;
SELECT stats_equal(m.s, l.s, 'merged from the shards') FROM merged m, single l;
SELECT remedy_equal(
  (SELECT complaint_tier.merge(s) FROM (
     SELECT complaint_tier.remedy_stats(segment, problem_type, remedy, accepted, satisfaction) s FROM s1.history
     UNION ALL
     SELECT complaint_tier.remedy_stats(segment, problem_type, remedy, accepted, satisfaction) FROM s2.history) x),
  (SELECT complaint_tier.remedy_stats(segment, problem_type, remedy, accepted, satisfaction) FROM history_local),
  'merged from the shards');
SQL

ct_log "2. fit over the foreign partitions equals the single-node fit"
# the cursors postgres_fdw opened on shard1 since byte $1 of its log, one
# line each: the SELECT it sent
remote_queries() {
	tail -c +"$(($1 + 1))" "$SC_DIR_shard1/server.log" | grep -A1 'DECLARE c[0-9]* CURSOR FOR' |
		grep -v 'DECLARE\|^--$' || true
}
# each query fit sent to shard1 since byte $1 of its log, run again there:
# one that returns exactly one row is an aggregate computed on the shard
# (its state comes back); any other shipped the shard's rows.  Fails unless
# there are at least $3 queries and none ships rows; $2 names the fit.
fit_ships_states() {
	local q got out total rows
	out=$(while IFS= read -r q; do
		[ -n "$q" ] || continue
		got=$(sc_psql shard1 -At <<<"SELECT count(*) FROM ($q) _q")
		if [ "$got" != 1 ]; then
			echo "returns $got rows: $(cut -c1-160 <<<"$q")"
		else
			# the version literal cut
			echo "one state row: $(sed 's/^\s*//; s/'"'"'{[^'"'"']*}'"'"'::jsonb/<version>/g' <<<"$q" | cut -c1-140)"
		fi
	done <<<"$(remote_queries "$1")")
	total=$(grep -c . <<<"$out" || true)
	rows=$(grep -c '^returns' <<<"$out" || true)
	# the repeated scans (Newton and c-means iterations, seeding passes) counted
	uniq -c <<<"$out"
	[ "$total" -ge "$3" ] && [ "$rows" = 0 ] ||
		{ echo "FAILED: $2 sent $total queries to shard1, $rows of them ship row data" >&2; exit 1; }
	echo "ok: $2 sent $total queries to shard1, each an aggregate computed there (one state row back), none ships rows"
}
# fit model $1 on one node (customers_local), then over the foreign
# partitions (customers): at least $2 queries on shard1, all states
fit_local_and_pushed() {
	local logpos
	sc_psql coord -At -c "SET client_min_messages = error" -c "\\timing on" \
		-c "SELECT 'single-node fit of $1: version ' || complaint_tier.fit('$1', 'customers_local')"
	logpos=$(wc -c <"$SC_DIR_shard1/server.log")
	sc_psql coord -At -c "SET client_min_messages = error" -c "\\timing on" \
		-c "SELECT 'fit of $1 over the foreign partitions: version ' || complaint_tier.fit('$1', 'customers')"
	fit_ships_states "$logpos" "fit of $1" "$2"
}
fit_local_and_pushed telecom 5
# quantiles and cut points come from quantile sketches merged in another
# order than on one node: equal within the sketches' rank error, so the
# tiers agree on all but a few rows
sc_psql coord -At -c "SELECT fits_equal('telecom', 1, 2, 'fit over the foreign partitions = single-node fit', 0.05)" \
	-c "SELECT verify(d <= 0.005, format('the two versions give %s of the rows another tier', d)) FROM tier_agreement('telecom', 1, 2, 'customers_local') d"

ct_log "2b. the logistic regression, the dea frontier and the fuzzy segments over the foreign partitions"
# a model weighted by a logistic regression of porting_requested, and one
# with method dea and three fuzzy segments: their scans (one logit_step per
# Newton iteration, the frontier, one seeding pass per segment, one
# fcm_stats per c-means iteration) are aggregates per partition too
sc_psql coord -At -c "SELECT define_scan_models()"
for m in fdw_outcome fdw_segments; do
	fit_local_and_pushed "$m" 8
	sc_psql coord -At -c "SELECT scans_equal('$m', 2, 1, 'fit of $m over the foreign partitions = single-node fit')" \
		-c "SELECT verify(d <= 0.005, format('the two versions of $m give %s of the rows another tier', d)) FROM tier_agreement('$m', 1, 2, 'customers_local') d"
done

ct_log "3. evaluation on the shards with the published snapshot"
sc_psql coord -At <<'SQL'
SELECT 'published version ' || complaint_tier.publish_snapshot('telecom', 's1.ct_snapshot')
       || ' to shard1, version ' || complaint_tier.publish_snapshot('telecom', 's2.ct_snapshot') || ' to shard2';
SQL
# the coordinator's check is in the remote SQL: each shard checks its rows' version
explain_eval=$(sc_psql coord -At -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM s1.customers_evaluated e WHERE complaint_tier.expect_version(e.model, e.version, 'telecom', 2)")
echo "$explain_eval"
grep -q "Remote SQL: .*complaint_tier.expect_version(model, version, 'telecom'::text, 2)" <<<"$explain_eval" ||
	{ echo "FAILED: expect_version is not shipped to the shard" >&2; exit 1; }
sc_psql coord -At <<'SQL'
\timing on
CREATE TEMP TABLE on_shards AS
SELECT * FROM s1.customers_evaluated e WHERE complaint_tier.expect_version(e.model, e.version, 'telecom', 2)
UNION ALL
SELECT * FROM s2.customers_evaluated e WHERE complaint_tier.expect_version(e.model, e.version, 'telecom', 2);
CREATE TEMP TABLE on_coordinator AS
SELECT c.customer_id, e.* FROM customers_local c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
-- evaluated and summarised on the shards: one row back from each
SELECT tier, sum(n) FROM (
  SELECT tier, count(*) AS n FROM s1.customers_evaluated e WHERE complaint_tier.expect_version(e.model, e.version, 'telecom', 2) GROUP BY tier
  UNION ALL
  SELECT tier, count(*) FROM s2.customers_evaluated e WHERE complaint_tier.expect_version(e.model, e.version, 'telecom', 2) GROUP BY tier) x
GROUP BY tier ORDER BY tier;
-- the same on the coordinator alone
SELECT e.tier, count(*) FROM customers_local c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e GROUP BY 1 ORDER BY 1;
\timing off
SELECT verify((SELECT count(*) FROM on_shards) = (SELECT count(*) FROM customers_local)
             AND NOT EXISTS (SELECT 1 FROM on_shards s FULL JOIN on_coordinator c USING (customer_id)
                             WHERE s::text IS DISTINCT FROM c::text),
             format('the shards'' evaluations of their %s rows equal the coordinator''s (version 2, score, tiers, classes, strategies, reasons)',
                    (SELECT count(*) FROM on_shards)));
SQL
# the summary by tier is computed on the shards too (an aggregate over the view)
sc_psql coord -At -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT tier, count(*) FROM s1.customers_evaluated e WHERE complaint_tier.expect_version(e.model, e.version, 'telecom', 2) GROUP BY tier" | grep "Remote SQL"
# the by-value evaluate is shippable too; a whole-row argument is not (postgres_fdw
# sends it as an anonymous ROW(), without the column names evaluate binds by):
# print what a direct call does
sc_psql coord -At -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT c.customer_id, e.tier FROM customers_s1 c CROSS JOIN LATERAL complaint_tier.evaluate((SELECT snapshot FROM s1.ct_snapshot), c) e" | grep -E "Remote SQL|Function Scan|Foreign Scan" || true

ct_log "4. version skew: a new fit on the coordinator, not yet published"
sc_psql coord -At <<'SQL'
SET client_min_messages = warning;
SELECT 'new fit, active on the coordinator: version ' || complaint_tier.fit('telecom', 'customers_local');
RESET client_min_messages;
DO $$
BEGIN
  PERFORM count(*) FROM s1.customers_evaluated e WHERE complaint_tier.expect_version(e.model, e.version, 'telecom', 3);
  RAISE EXCEPTION 'check failed: a shard with version 2 answered a query that expects version 3';
EXCEPTION WHEN object_not_in_prerequisite_state THEN
  RAISE NOTICE 'ok: the stale shard fails loudly: %', SQLERRM;
END $$;
SELECT 'published version ' || complaint_tier.publish_snapshot('telecom', 's1.ct_snapshot')
       || ' to shard1, version ' || complaint_tier.publish_snapshot('telecom', 's2.ct_snapshot') || ' to shard2';
SELECT verify(count(*) = (SELECT count(*) FROM customers_local) AND bool_and(version = 3),
             format('after publishing, every one of the %s rows evaluated on the shards carries version 3', count(*)))
FROM (SELECT version FROM s1.customers_evaluated e WHERE complaint_tier.expect_version(e.model, e.version, 'telecom', 3)
      UNION ALL
      SELECT version FROM s2.customers_evaluated e WHERE complaint_tier.expect_version(e.model, e.version, 'telecom', 3)) x;
SQL
# a shard's own catalogue has no version: the catalogue-reading evaluate fails there
if out=$(sc_psql shard1 -At -c "SELECT e.version FROM customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e LIMIT 1" 2>&1); then
	echo "FAILED: a shard evaluated with its own catalogue: $out" >&2
	exit 1
fi
echo "ok: the catalogue-reading evaluate on a shard fails: $out"

ct_log "5. explanation on a shard, by value"
# explain, explain_json, explain_strategies and evaluate(jsonb) with the
# snapshot the shard holds (its own catalogue has no version) equal the
# coordinator's catalogue forms for the same customers
explained() {	# TABLE MODEL-EXPRESSION
	printf "SELECT count(*) || ' ' || md5(string_agg(concat_ws('|', x.doc, x.rows, x.strategies, x.ev), ',' ORDER BY c.customer_id))
FROM %s c, LATERAL (SELECT complaint_tier.explain_json(%s, c)::text AS doc,
  (SELECT string_agg(r::text, ';' ORDER BY r.ordinal) FROM complaint_tier.explain(%s, to_jsonb(c)) r) AS rows,
  (SELECT string_agg(r::text, ';' ORDER BY r.priority, r.rule_id) FROM complaint_tier.explain_strategies(%s, c) r) AS strategies,
  complaint_tier.evaluate(%s, to_jsonb(c))::text AS ev) x WHERE c.customer_id <= 200" "$1" "$2" "$2" "$2" "$2"
}
on_shard=$(sc_psql shard1 -At -c "$(explained customers "(SELECT snapshot FROM ct_snapshot WHERE model = 'telecom')")")
on_coord=$(sc_psql coord -At -c "$(explained customers_local "'telecom'")")
if [ "$on_shard" != "$on_coord" ] || [ "${on_shard%% *}" != 200 ]; then
	echo "FAILED: the shard's explanations by value ($on_shard) differ from the coordinator's ($on_coord)" >&2
	exit 1
fi
echo "ok: 200 customers explained on shard1 by value (explain, explain_json, explain_strategies, evaluate jsonb) equal the coordinator's: $on_shard"
ct_log "postgres_fdw scale-out checks passed"
