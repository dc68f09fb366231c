#!/bin/bash
# test/scale/citus.sh CITUS_SOURCE_DIR [ROWS]: scale out on Citus, scripted
# but not in CI (Citus is not packaged for Debian; doc/scale-out.md holds
# this script's output).
#
# Builds Citus from CITUS_SOURCE_DIR (13.2.2, the last release for
# PostgreSQL 15) against the installation PG_CONFIG names, once: when that
# installation has no citus.so yet.  PostgreSQL 15.20 declares
# have_createdb_privilege() in commands/dbcommands.h; Citus 13.2.2 has a
# static copy of its own, so the build renames Citus's copy (two lines,
# sed) when the headers declare it.  Building takes about 10 minutes on 2
# cores.  Install into a private copy of PostgreSQL (PG_CONFIG=...), not
# the system's.
#
# Then starts a coordinator and two workers on this machine (unix sockets,
# ports 54536-54538), ROWS sample customers (default 20,000) in a
# distributed table, and checks (failing the script when one does not hold):
#   1. indicator_stats and remedy_stats over the distributed tables equal
#      the single-node ones (counts exact, the rest within 1e-12);
#   2. fit over the distributed table ships no raw rows (every query it
#      sends to a shard, logged by citus.log_remote_commands and run again
#      on that shard's worker, returns exactly one row: an aggregate state)
#      and equals the fit on a coordinator-local copy (weights and ranges
#      within 1e-12, quantiles and cut points within 5 % relative, the
#      sketches' rank error; tiers on all but 0.5 % of the rows); a failing
#      check is reported, the other checks still run, and the script fails
#      at the end;
#   2b. the same for a model weighted by a logistic regression and a model
#      with method dea and fuzzy segments (test/scale/checks.sql,
#      define_scan_models): their outcome, dea and segment scans run as
#      partial aggregates on the workers;
#   3. evaluate(snapshot, customer) runs on the workers (EXPLAIN: one task
#      per shard, the snapshot in the worker query) and equals the
#      coordinator's evaluation; INSERT ... SELECT into a co-located
#      distributed table is pushed down (no repartition, no pull to the
#      coordinator); the catalogue-reading evaluate() is refused there;
#   4. version skew: after a second fit on the coordinator, the rows carry
#      the version of the snapshot the query carries (the new one on every
#      row);
#   5. a materialised view over the evaluations, refreshed after a publish.
set -euo pipefail
SRC=${1:?usage: test/scale/citus.sh CITUS_SOURCE_DIR [ROWS]}
SRC=$(cd "$SRC" && pwd)
ROWS=${2:-20000}
cd "$(dirname "$0")/../.."
. test/lib.sh
. test/scale/lib_scale.sh
: "${PG_CONFIG:?set PG_CONFIG to the (private) PostgreSQL installation to build Citus against}"

ct_lock
if [ ! -f "$("$PG_CONFIG" --pkglibdir)/citus.so" ]; then
	ct_log "building Citus from $SRC against $("$PG_CONFIG" --version)"
	if grep -q 'have_createdb_privilege' "$("$PG_CONFIG" --includedir-server)/commands/dbcommands.h" &&
		grep -q '^have_createdb_privilege(void)$' "$SRC/src/include/pg_version_compat.h"; then
		ct_log "PostgreSQL declares have_createdb_privilege: renaming Citus's static copy"
		sed -i 's/^have_createdb_privilege(void)$/citus_have_createdb_privilege(void)/' "$SRC/src/include/pg_version_compat.h"
		sed -i 's/!have_createdb_privilege()/!citus_have_createdb_privilege()/' "$SRC/src/backend/distributed/commands/serialize_distributed_ddls.c"
	fi
	(cd "$SRC" && ./configure PG_CONFIG="$PG_CONFIG" >configure.log 2>&1 && make -j2 >build.log 2>&1 && make install >install.log 2>&1) ||
		{ echo "Citus build failed: see $SRC/configure.log, build.log, install.log" >&2; exit 1; }
fi
ct_install

preload="shared_preload_libraries = 'citus'"
sc_node_start coord 54536 "$preload" "max_connections = 200"
sc_node_start w1 54537 "$preload" "max_connections = 200"
sc_node_start w2 54538 "$preload" "max_connections = 200"

ct_log "cluster: citus and complaint_tier on every node, the workers added"
for n in w1 w2 coord; do
	sc_psql "$n" -c "CREATE EXTENSION citus" -c "CREATE EXTENSION complaint_tier"
done
sc_psql coord >/dev/null <<SQL
SELECT citus_set_coordinator_host('$SC_DIR_coord', $SC_PORT_coord);
SELECT 1 FROM citus_add_node('$SC_DIR_w1', $SC_PORT_w1);
SELECT 1 FROM citus_add_node('$SC_DIR_w2', $SC_PORT_w2);
SQL
sc_psql coord -At -c "SELECT 'citus ' || citus_version()"
sc_psql coord -At -c "SELECT 'nodes: ' || string_agg(nodeport::text || CASE WHEN groupid = 0 THEN ' (coordinator)' ELSE '' END, ', ' ORDER BY nodeport) FROM pg_dist_node"

ct_log "data: $ROWS customers in a distributed table, a co-located table for the evaluations"
sc_psql coord >/dev/null <<SQL
CREATE TABLE customers_local AS SELECT * FROM complaint_tier.sample_customers($ROWS, 5);
ALTER TABLE customers_local ADD PRIMARY KEY (customer_id);
CREATE TABLE customers (LIKE customers_local INCLUDING ALL);
SELECT create_distributed_table('customers', 'customer_id');
INSERT INTO customers SELECT * FROM customers_local;
CREATE TABLE history_local AS
SELECT customer_id, customer_level AS segment, problem_type,
       (ARRAY['refund', 'credit_note', 'apology'])[1 + customer_id % 3] AS remedy,
       (customer_id % 5 <> 0) AS accepted, satisfaction::float8 AS satisfaction
FROM customers_local;
CREATE TABLE history (LIKE history_local);
SELECT create_distributed_table('history', 'customer_id', colocate_with => 'customers');
INSERT INTO history SELECT * FROM history_local;
CREATE TABLE customer_tiers AS
SELECT customer_id, (NULL::complaint_tier.evaluation).* FROM customers_local WITH NO DATA;
ALTER TABLE customer_tiers ADD PRIMARY KEY (customer_id);
SELECT create_distributed_table('customer_tiers', 'customer_id', colocate_with => 'customers');
-- the snapshot every node reads, a reference table (a copy on every node)
CREATE TABLE ct_snapshot (model text PRIMARY KEY, snapshot complaint_tier.model_snapshot);
SELECT create_reference_table('ct_snapshot');
SQL

sc_psql coord -f test/scale/checks.sql

ct_log "1. aggregates over the distributed tables equal the single-node ones"
sc_psql coord -At <<'SQL'
\timing on
CREATE TEMP TABLE dist AS SELECT complaint_tier.indicator_stats(ARRAY[arpu, tenure_months::float8, data_share, handling_hours, satisfaction::float8]) AS s FROM customers;
\timing off
CREATE TEMP TABLE single AS SELECT complaint_tier.indicator_stats(ARRAY[arpu, tenure_months::float8, data_share, handling_hours, satisfaction::float8]) AS s FROM customers_local;
SELECT stats_equal(d.s, l.s, 'over the distributed table') FROM dist d, single l;
SELECT remedy_equal(
  (SELECT complaint_tier.remedy_stats(segment, problem_type, remedy, accepted, satisfaction) FROM history),
  (SELECT complaint_tier.remedy_stats(segment, problem_type, remedy, accepted, satisfaction) FROM history_local),
  'over the distributed history');
SQL
sc_psql coord -At -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT complaint_tier.indicator_stats(ARRAY[arpu, data_share]) FROM customers" |
	grep -E "worker_partial_agg|coord_combine_agg|Task Count" | head -3

ct_log "2. fit over the distributed table"
failures=()
if out=$(sc_psql coord -At -c "SET client_min_messages = warning" -c "\\timing on" \
	-c "SELECT 'fit over the distributed table: version ' || complaint_tier.fit('telecom', 'customers')" 2>&1); then
	echo "$out"
	dist_fit=1
else
	echo "FAILED: fit over the distributed table: $(echo "$out" | head -3)"
	failures+=("fit over the distributed table")
	dist_fit=0
fi
# what fit sends to the workers (citus.log_remote_commands: each query
# with the worker it went to): every query over a shard, run again on that
# worker, must return exactly one row, the state of an aggregate computed
# there (worker_partial_agg or a pushed count/min/max); a query that
# returns more shipped the shard's rows to the coordinator
if [ "$dist_fit" = 1 ]; then
	sc_psql coord -At -c "SET client_min_messages = notice" -c "SET citus.log_remote_commands = on" \
		-c "SELECT complaint_tier.fit('telecom', 'customers') > 0" >/dev/null 2>"$SC_DIR_coord/fit_remote.txt"
	# "port<TAB>query" per shard query: the NOTICE, then its DETAIL naming the worker
	awk '/NOTICE:  issuing SELECT .* FROM public\.customers_[0-9]+ / { q = $0; sub(/^.*NOTICE:  issuing /, "", q); next }
	     q != "" && match($0, /DETAIL:  on server .*:[0-9]+ connectionId/) {
	         match($0, /:[0-9]+ connectionId/); print substr($0, RSTART + 1, RLENGTH - 14) "\t" q; q = "" }' \
		"$SC_DIR_coord/fit_remote.txt" >"$SC_DIR_coord/fit_remote.tsv"
	n_remote=$(grep -c . "$SC_DIR_coord/fit_remote.tsv" || true)
	counts=""
	for w in w1 w2; do
		p="SC_PORT_$w"
		awk -F '\t' -v port="${!p}" '$1 == port { sub(/;[[:space:]]*$/, "", $2); print "SELECT count(*) FROM (" $2 ") _q;" }' \
			"$SC_DIR_coord/fit_remote.tsv" >"$SC_DIR_coord/fit_rerun_$w.sql"
		counts+=$(sc_psql "$w" -At -f "$SC_DIR_coord/fit_rerun_$w.sql")$'\n'
	done
	n_rerun=$(grep -c . <<<"$counts" || true)
	raw=$(grep -cvx 1 <<<"$(grep . <<<"$counts")" || true)
	echo "fit's queries over the shards: $n_remote, run again on their workers: $n_rerun, of which $raw return more than one row"
	cut -f2 "$SC_DIR_coord/fit_remote.tsv" | sed -E 's/customers_[0-9]+/customers_N/; s/'"'"'\{[^'"'"']*\}'"'"'::jsonb/<version>::jsonb/g; s/'"'"'v1;k=[^'"'"']*'"'"'/<sketch>/g' |
		cut -c1-200 | sort | uniq -c | sort -rn | head -12
	if [ "$n_remote" -lt 5 ] || [ "$n_rerun" -ne "$n_remote" ] || [ "$raw" -ne 0 ]; then
		echo "FAILED: fit over the distributed table ships rows (or its shard queries were not all found and run again)"
		failures+=("fit over the distributed table ships rows")
	else
		echo "ok: each of fit's $n_remote shard queries, run again on its worker, returns one state row: no raw rows shipped"
	fi
fi
sc_psql coord -At <<'SQL'
SET client_min_messages = warning;
\timing on
SELECT 'fit on a coordinator-local copy: version ' || complaint_tier.fit('telecom', 'customers_local');
SQL
if [ "$dist_fit" = 1 ]; then
	sc_psql coord -At <<'SQL'
-- version 1: the first fit over the distributed table; the latest: the
-- fit on the coordinator-local copy
SELECT max(version) AS single FROM complaint_tier.model_version WHERE model = 'telecom' \gset
SELECT fits_equal('telecom', 1, :single, 'fit over the distributed table = single-node fit', 0.05);
SELECT verify(d <= 0.005, format('the two versions give %s of the rows another tier', d)) FROM tier_agreement('telecom', 1, :single, 'customers_local') d;
SQL
fi

ct_log "2b. the logistic regression, the dea frontier and the fuzzy segments over the distributed table"
# their scans (logit_step per Newton iteration, dea_frontier, the seeding
# passes and fcm_stats iterations of the segments) keep varlena states
# (logit_stats, dea_frontier, float8[], fcm_stats): partial aggregates on
# the workers; the sketch scans of these fits are those of section 2
sc_psql coord -At -c "SELECT define_scan_models()"
for m in fdw_outcome fdw_segments; do
	sc_psql coord -At -c "SET client_min_messages = error" -c "\\timing on" \
		-c "SELECT 'single-node fit of $m: version ' || complaint_tier.fit('$m', 'customers_local')" \
		-c "SELECT 'fit of $m over the distributed table: version ' || complaint_tier.fit('$m', 'customers')"
	remote=$(sc_psql coord -At -c "SET client_min_messages = notice" -c "SET citus.log_remote_commands = on" \
		-c "SELECT complaint_tier.fit('$m', 'customers') > 0" 2>&1 |
		grep -E "issuing SELECT .* FROM public\.customers_[0-9]+ " || true)
	scans=$(printf '%s\n' "$remote" | grep -c "_normalised_imputed_v" || true)
	raw=$(printf '%s\n' "$remote" | grep "_normalised_imputed_v" | grep -vc "worker_partial_agg" || true)
	printf '%s\n' "$remote" | grep "_normalised_imputed_v" | sed -E 's/customers_[0-9]+/customers_N/; s/'"'"'\{[^'"'"']*\}'"'"'::jsonb/<version>::jsonb/g' |
		cut -c1-160 | sort | uniq -c | sort -rn
	if [ "$scans" -eq 0 ] || [ "$raw" -ne 0 ]; then
		echo "FAILED: the outcome, dea or segment scans of $m ship rows: $raw of $scans shard queries"
		failures+=("fit of $m ships rows in its outcome, dea or segment scans")
	else
		echo "ok: the $scans shard queries of the outcome, dea and segment scans of $m are partial aggregates"
	fi
	sc_psql coord -At -c "SELECT scans_equal('$m', 2, 1, 'fit of $m over the distributed table = single-node fit')" \
		-c "SELECT verify(d <= 0.005, format('the two versions of $m give %s of the rows another tier', d)) FROM tier_agreement('$m', 1, 2, 'customers_local') d" ||
		failures+=("fit of $m over the distributed table differs from the single-node fit")
done

ct_log "3. evaluation on the workers, with the snapshot in the query"
active=$(sc_psql coord -At -c "SELECT version FROM complaint_tier.active_version WHERE model = 'telecom'")
sc_psql coord -At -c "SELECT complaint_tier.model_snapshot('telecom')" >/tmp/complaint_tier_citus_snap.$$
explain=$(sc_psql coord -At -v snap="$(cat /tmp/complaint_tier_citus_snap.$$)" <<'SQL'
EXPLAIN (VERBOSE, COSTS OFF)
SELECT c.customer_id, e.tier FROM customers c CROSS JOIN LATERAL complaint_tier.evaluate(:'snap'::complaint_tier.model_snapshot, c) e;
SQL
)
echo "$explain" | grep -E "Custom Scan|Task Count|Node:|Function Scan" | head -6
# the worker plan: evaluate as a Function Scan, or inside the join form
# (Custom Scan ComplaintTierEvaluateJoin, doc/evaluate_scan.md)
grep -q "Task Count: 32" <<<"$explain" && grep -qE "Function Scan on complaint_tier.evaluate e|Custom Scan \(ComplaintTierEvaluateJoin\)" <<<"$explain" ||
	{ echo "FAILED: evaluate(snapshot, customer) is not run on the workers" >&2; exit 1; }
sc_psql coord -At -v snap="$(cat /tmp/complaint_tier_citus_snap.$$)" -v active="$active" <<'SQL'
\timing on
-- evaluated on the workers, written into the co-located table by the workers
INSERT INTO customer_tiers
SELECT c.customer_id, e.* FROM customers c CROSS JOIN LATERAL complaint_tier.evaluate(:'snap'::complaint_tier.model_snapshot, c) e;
CREATE TEMP TABLE on_coordinator AS
SELECT c.customer_id, e.* FROM customers_local c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
-- evaluated and summarised on the workers
SELECT e.tier, count(*) FROM customers c CROSS JOIN LATERAL complaint_tier.evaluate(:'snap'::complaint_tier.model_snapshot, c) e GROUP BY 1 ORDER BY 1;
-- the same on the coordinator alone
SELECT e.tier, count(*) FROM customers_local c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e GROUP BY 1 ORDER BY 1;
\timing off
CREATE TEMP TABLE tiers_here AS SELECT * FROM customer_tiers;
SELECT verify((SELECT count(*) FROM tiers_here) = (SELECT count(*) FROM customers_local)
              AND NOT EXISTS (SELECT 1 FROM tiers_here t FULL JOIN on_coordinator c USING (customer_id)
                              WHERE t::text IS DISTINCT FROM c::text),
              format('the workers'' evaluations of the %s rows equal the coordinator''s (version %s)',
                     (SELECT count(*) FROM tiers_here), :active));
SQL
insert_plan=$(sc_psql coord -At -v snap="$(cat /tmp/complaint_tier_citus_snap.$$)" <<'SQL'
EXPLAIN (COSTS OFF)
INSERT INTO customer_tiers
SELECT c.customer_id, e.* FROM customers c CROSS JOIN LATERAL complaint_tier.evaluate(:'snap'::complaint_tier.model_snapshot, c) e
ON CONFLICT (customer_id) DO NOTHING;
SQL
)
echo "$insert_plan" | grep -E "Custom Scan|INSERT/SELECT method|Task Count" | head -4
if grep -q "INSERT/SELECT method" <<<"$insert_plan" || ! grep -q "Task Count: 32" <<<"$insert_plan"; then
	echo "FAILED: INSERT ... SELECT of evaluate(snapshot, customer) is not pushed down" >&2
	exit 1
fi
echo "ok: INSERT ... SELECT of evaluate(snapshot, customer) into the co-located table is pushed down (one task per shard)"
# the catalogue-reading evaluate: STABLE, so INSERT ... SELECT cannot push it; on the workers it finds no version
if out=$(sc_psql coord -At -c "INSERT INTO customer_tiers SELECT c.customer_id, e.* FROM customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e ON CONFLICT DO NOTHING" 2>&1); then
	echo "note: the catalogue-reading evaluate in INSERT ... SELECT ran: $out"
else
	echo "ok: the catalogue-reading evaluate in INSERT ... SELECT is refused: $(echo "$out" | head -1)"
fi
if out=$(sc_psql coord -At -c "SELECT count(*) FROM customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e" 2>&1); then
	echo "FAILED: the catalogue-reading evaluate ran on the workers: $out" >&2
	exit 1
fi
echo "ok: the catalogue-reading evaluate on the workers fails: $(echo "$out" | head -1)"

ct_log "4. version skew: a second fit on the coordinator"
sc_psql coord -At <<'SQL'
SET client_min_messages = warning;
SELECT 'second fit, active on the coordinator: version ' || complaint_tier.fit('telecom', 'customers_local');
SQL
active=$(sc_psql coord -At -c "SELECT version FROM complaint_tier.active_version WHERE model = 'telecom'")
sc_psql coord -At -c "SELECT complaint_tier.model_snapshot('telecom')" >/tmp/complaint_tier_citus_snap.$$
sc_psql coord -At -v snap="$(cat /tmp/complaint_tier_citus_snap.$$)" -v active="$active" <<'SQL'
\timing on
INSERT INTO customer_tiers
SELECT c.customer_id, e.* FROM customers c CROSS JOIN LATERAL complaint_tier.evaluate(:'snap'::complaint_tier.model_snapshot, c) e
ON CONFLICT (customer_id) DO UPDATE SET version = excluded.version, score = excluded.score, tier = excluded.tier,
  dimension_scores = excluded.dimension_scores, dimension_tiers = excluded.dimension_tiers, class_labels = excluded.class_labels,
  strategies = excluded.strategies, reasons = excluded.reasons, routing_priority = excluded.routing_priority,
  refund_ceiling = excluded.refund_ceiling, error = excluded.error;
\timing off
CREATE TEMP TABLE versions AS SELECT version, count(*) AS n FROM customer_tiers GROUP BY version;
SELECT verify(sum(n) = (SELECT count(*) FROM customers_local) AND bool_and(version = :active),
              format('after the second fit every one of the %s rows evaluated on the workers carries version %s', sum(n), :active))
FROM versions;
SQL
rm -f /tmp/complaint_tier_citus_snap.$$

ct_log "5. a materialised view over the evaluations, with the snapshot from a reference table"
sc_psql coord -At <<'SQL'
SELECT 'published version ' || complaint_tier.publish_snapshot('telecom', 'ct_snapshot');
EXPLAIN (COSTS OFF)
SELECT e.version, e.tier, count(*) AS customers, avg(e.score) AS mean_score
FROM customers c CROSS JOIN LATERAL complaint_tier.evaluate((SELECT snapshot FROM ct_snapshot WHERE model = 'telecom'), c) e
GROUP BY 1, 2;
\timing on
CREATE MATERIALIZED VIEW tier_summary AS
SELECT e.version, e.tier, count(*) AS customers, avg(e.score) AS mean_score
FROM customers c CROSS JOIN LATERAL complaint_tier.evaluate((SELECT snapshot FROM ct_snapshot WHERE model = 'telecom'), c) e
GROUP BY 1, 2;
\timing off
SELECT version, tier, customers FROM tier_summary ORDER BY tier;
SET client_min_messages = warning;
SELECT 'third fit, active on the coordinator: version ' || complaint_tier.fit('telecom', 'customers_local');
RESET client_min_messages;
SELECT 'published version ' || complaint_tier.publish_snapshot('telecom', 'ct_snapshot');
\timing on
REFRESH MATERIALIZED VIEW tier_summary;
\timing off
SELECT verify(bool_and(version = (SELECT version FROM complaint_tier.active_version WHERE model = 'telecom'))
              AND sum(customers) = (SELECT count(*) FROM customers_local),
              format('the refreshed view counts %s customers, all with the active version %s', sum(customers), min(version)))
FROM tier_summary;
SQL
if [ ${#failures[@]} -gt 0 ]; then
	ct_log "Citus scale-out: failed: ${failures[*]}"
	exit 1
fi
ct_log "Citus scale-out checks passed"
