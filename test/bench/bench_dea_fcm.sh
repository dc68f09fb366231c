#!/usr/bin/env bash
# test/bench/bench_dea_fcm.sh: the DEA and fuzzy c-means building blocks at
# scale, per row.
#
#   bash test/bench/bench_dea_fcm.sh [ROWS]        (default: 1000000)
#
# Generates ROWS customers with sample_customers(), fits the shipped telecom
# model, and stores every customer's 12 normalised indicators (the C
# function _normalised, what evaluate() scores) in a table nv(customer_id,
# v float8[]).  Then times (best of CT_BENCH_RUNS runs, default 1; serial
# unless marked):
#   scan            SELECT sum(cardinality(v)) FROM nv (the baseline)
#   dea_frontier    the frontier aggregate over all rows, serial and with 2
#                   workers (its size is reported)
#   dea_bod         every customer's BoD score against that frontier,
#                   without bounds and with every share at most 0.25
#   fcm_stats       one fuzzy c-means iteration (k = 4, m = 2)
#   fcm_membership  every customer's memberships in the fitted centres
#   fuzzy_cmeans    the whole fit (k = 4): seeding + iterations to 1e-4
# Writes the results to doc/benchmarks_dea_fcm.md (CT_BENCH_OUT overrides)
# with the command line and the machine.  Not part of the test suite.
#
# The extension is loaded from a private copy of this worktree's build
# (ct_bench_start in test/bench/bench_lib.sh), so the system-wide
# installation is not touched.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/bench_lib.sh"
cd "$CT_ROOT"

n=${1:-1000000}
runs=${CT_BENCH_RUNS:-1}
out=${CT_BENCH_OUT:-doc/benchmarks_dea_fcm.md}

ct_ensure_packages $CT_BASE_PACKAGES
ct_bench_start "shared_buffers = '1GB'" "work_mem = '64MB'" "max_parallel_workers = 4" \
	"max_parallel_workers_per_gather = 2"

serial="SET search_path = public, complaint_tier; $CT_BENCH_SERIAL"
parallel="SET search_path = public, complaint_tier; $CT_BENCH_PARALLEL"

# ct_best_ms, failing the benchmark when a query fails (it then prints no time)
best_ms() {
	local t
	t=$(ct_best_ms "$@")
	[ -n "$t" ] || { echo "failed: $2" >&2; exit 1; }
	echo "$t"
}
per_row() { awk -v a="$1" -v n="$n" 'BEGIN { printf "%.2f", a * 1000 / n }'; }
q() { psql -X -q -At -v ON_ERROR_STOP=1 -c "SET search_path = public, complaint_tier" -c "$1"; }

ct_log "generating $n customers, fitting telecom, normalising"
q "CREATE TABLE bench AS SELECT * FROM sample_customers($n)" >/dev/null
q "SELECT fit('telecom', 'bench')" >/dev/null
q "CREATE TABLE nv AS SELECT c.customer_id, _normalised(s.mv, c) AS v
   FROM bench c, (SELECT mv FROM model_version mv WHERE model = 'telecom' AND version = 1) s" >/dev/null
q "ANALYZE nv" >/dev/null

ct_log "timing"
t_scan=$(best_ms "$serial" "SELECT sum(cardinality(v)) FROM nv" 3)
t_front=$(best_ms "$serial" "SELECT frontier_size(dea_frontier(v)) FROM nv" "$runs")
t_front_par=$(best_ms "$parallel" "SELECT frontier_size(dea_frontier(v)) FROM nv" "$runs")
q "CREATE TABLE fr AS SELECT dea_frontier(v) AS f FROM nv" >/dev/null
psql -X -q -At -c "$parallel" -c "CREATE TABLE fr_par AS SELECT dea_frontier(v) AS f FROM nv" >/dev/null
fsize=$(q "SELECT frontier_size(f) FROM fr")
same=$(q "SELECT (SELECT f::text FROM fr) = (SELECT f::text FROM fr_par)")
t_bod=$(best_ms "$serial" "SELECT sum(dea_bod(v, (SELECT frontier_points(f) FROM fr))) FROM nv" "$runs")
t_bod_ub=$(best_ms "$serial" "SELECT sum(dea_bod(v, (SELECT frontier_points(f) FROM fr), NULL, array_fill(0.25::float8, ARRAY[12]))) FROM nv" "$runs")
t_bod_par=$(best_ms "$parallel" "SELECT sum(dea_bod(v, (SELECT frontier_points(f) FROM fr))) FROM nv" "$runs")
dist=$(q "SELECT format('%s %% of the customers score >= 0.99 without bounds, %s %% with shares <= 0.25',
                        round(100.0 * avg((dea_bod(v, f) >= 0.99)::int), 1),
                        round(100.0 * avg((dea_bod(v, f, NULL, array_fill(0.25::float8, ARRAY[12])) >= 0.99)::int), 1))
          FROM nv, (SELECT frontier_points(f) f FROM fr) s")
q "CREATE TABLE c4 AS SELECT centres FROM fuzzy_cmeans('nv', 'v', 4)" >/dev/null
t_stats=$(best_ms "$serial" "SELECT fcm_objective(fcm_stats(v, (SELECT centres FROM c4), 2)) FROM nv" 3)
t_stats_par=$(best_ms "$parallel" "SELECT fcm_objective(fcm_stats(v, (SELECT centres FROM c4), 2)) FROM nv" 3)
t_memb=$(best_ms "$serial" "SELECT sum((fcm_membership(v, (SELECT centres FROM c4)))[1]) FROM nv" 3)
t_seg=$(best_ms "$serial" "SELECT sum(fcm_segment(v, (SELECT centres FROM c4))) FROM nv" 3)
t_fcm=$(best_ms "SET search_path = public, complaint_tier;" "SELECT iterations FROM fuzzy_cmeans('nv', 'v', 4)" "$runs")
fcm_its=$(q "SELECT iterations || ' iterations, converged ' || converged FROM fuzzy_cmeans('nv', 'v', 4)")
sizes=$(q "SELECT (SELECT array_agg(round(x::numeric)) FROM unnest(sizes) x) FROM fuzzy_cmeans('nv', 'v', 4)")

pg=$(psql -X -At -c "SELECT version()" | sed 's/ on .*//; s/, compiled.*//')
cpu=$(nproc)
model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
{
	echo "# Benchmarks: DEA and fuzzy c-means building blocks"
	echo
	echo "Produced by \`bash test/bench/bench_dea_fcm.sh $n\` on $(date -u +%Y-%m-%d) (UTC):"
	echo "$pg, $cpu CPU cores ($model), shared_buffers 1GB."
	echo "The table \`nv\` holds the 12 normalised indicators of the telecom model"
	echo "(\`_normalised\`, what \`evaluate\` scores) for \`sample_customers($n)\`."
	echo "Times in seconds, best of $runs run(s) (3 for the short ones); per row = time / $n."
	echo
	echo "| query | mode | time (s) | per row (µs) |"
	echo "|---|---|---|---|"
	echo "| scan: \`sum(cardinality(v))\` | serial | $(ct_secs "$t_scan") | $(per_row "$t_scan") |"
	echo "| \`dea_frontier(v)\` (the frontier: $fsize points) | serial | $(ct_secs "$t_front") | $(per_row "$t_front") |"
	echo "| \`dea_frontier(v)\` | 2 workers | $(ct_secs "$t_front_par") | $(per_row "$t_front_par") |"
	echo "| \`dea_bod(v, frontier)\` | serial | $(ct_secs "$t_bod") | $(per_row "$t_bod") |"
	echo "| \`dea_bod(v, frontier)\` | 2 workers | $(ct_secs "$t_bod_par") | $(per_row "$t_bod_par") |"
	echo "| \`dea_bod(v, frontier, NULL, upper 0.25 each)\` | serial | $(ct_secs "$t_bod_ub") | $(per_row "$t_bod_ub") |"
	echo "| \`fcm_stats(v, centres, 2)\`, one iteration, k = 4 | serial | $(ct_secs "$t_stats") | $(per_row "$t_stats") |"
	echo "| \`fcm_stats(v, centres, 2)\` | 2 workers | $(ct_secs "$t_stats_par") | $(per_row "$t_stats_par") |"
	echo "| \`fcm_membership(v, centres)\`, k = 4 | serial | $(ct_secs "$t_memb") | $(per_row "$t_memb") |"
	echo "| \`fcm_segment(v, centres)\`, k = 4 | serial | $(ct_secs "$t_seg") | $(per_row "$t_seg") |"
	echo "| \`fuzzy_cmeans('nv', 'v', 4)\` ($fcm_its) | default (parallel allowed) | $(ct_secs "$t_fcm") | |"
	echo
	echo "- The frontier of the parallel plan equals the serial one: $same."
	echo "- BoD without weight bounds: $dist (with 12 indicators nearly every"
	echo "  customer is best at something; bounds are what make BoD discriminate)."
	echo "- fuzzy_cmeans: $fcm_its; fuzzy cluster sizes $sizes."
	echo "- serial: \`max_parallel_workers_per_gather = 0\`; 2 workers: parallel costs"
	echo "  set to 0, \`parallel_leader_participation = off\`."
} >"$out"
cat "$out"
