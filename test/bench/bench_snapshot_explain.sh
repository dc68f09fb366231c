#!/usr/bin/env bash
# test/bench/bench_snapshot_explain.sh: the catalogue forms of explain,
# explain(jsonb), explain_strategies, evaluate(jsonb) and explain_json
# against their snapshot forms (doc/explain.md, "By value"), on one node.
#
#   bash test/bench/bench_snapshot_explain.sh [ROWS] [REPEAT]   (default: 20000 5)
#
# Fits telecom on ROWS sample customers, then runs each query REPEAT times
# over the customers (explain_json over the first 2,000) with the model's
# name and with the snapshot from a table through a scalar subquery, and
# prints the CPU seconds the backend spent (utime + stime from
# /proc/PID/stat, 10 ms ticks): less sensitive to a loaded machine than
# wall time.
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/lib.sh
ROWS=${1:-20000}
REPEAT=${2:-5}
ct_lock
ct_install
ct_pg_start
queries=(
	"explain|SELECT count(*) FROM b c CROSS JOIN LATERAL complaint_tier.explain(%s, c) x;"
	"explain(jsonb)|SELECT count(*) FROM b c CROSS JOIN LATERAL complaint_tier.explain(%s, to_jsonb(c)) x;"
	"explain_strategies|SELECT count(*) FROM b c CROSS JOIN LATERAL complaint_tier.explain_strategies(%s, c) x;"
	"evaluate(jsonb)|SELECT count(e.score) FROM b c CROSS JOIN LATERAL complaint_tier.evaluate(%s, to_jsonb(c)) e;"
	"explain_json(2000)|SELECT count(*) FROM (SELECT * FROM b ORDER BY customer_id LIMIT 2000) c CROSS JOIN LATERAL complaint_tier.explain_json(%s, c) x;"
)
{
	echo "CREATE EXTENSION complaint_tier; SET client_min_messages = warning; SET max_parallel_workers_per_gather = 0;"
	echo "CREATE TABLE b AS SELECT * FROM complaint_tier.sample_customers($ROWS, 5);"
	echo "SELECT complaint_tier.fit('telecom', 'b') AS version \\gset"
	echo "CREATE TABLE snaps AS SELECT complaint_tier.model_snapshot('telecom') AS s; VACUUM ANALYZE b;"
	echo "SELECT pg_backend_pid() AS pid \\gset"
	echo "\\setenv BPID :pid"
	echo "\\o /dev/null"
	for entry in "${queries[@]}"; do
		name=${entry%%|*}
		q=${entry#*|}
		for form in catalogue snapshot; do
			if [ "$form" = catalogue ]; then m="'telecom'"; else m="(SELECT s FROM snaps)"; fi
			echo "\\! awk '{printf \"%s %s %d \", \"$name\", \"$form\", \$14+\$15}' /proc/\$BPID/stat"
			for _ in $(seq "$REPEAT"); do printf "$q\n" "$m"; done
			echo "\\! awk '{printf \"%d\\n\", \$14+\$15}' /proc/\$BPID/stat"
		done
	done
} >"$CT_PG_DIR/bench.psql"
echo "$ROWS customers, each query $REPEAT times: CPU seconds of the backend"
psql -X -q -v ON_ERROR_STOP=1 -f "$CT_PG_DIR/bench.psql" |
	awk '{printf "%-20s %-10s %6.2f s\n", $1, $2, ($4 - $3) / 100}'
