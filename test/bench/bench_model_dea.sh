#!/usr/bin/env bash
# test/bench/bench_model_dea.sh: evaluate() per row with method dea (and
# with fuzzy segments) against the weighted sum, at ROWS customers.
#
#   bash test/bench/bench_model_dea.sh [ROWS]        (default: 1000000)
#
# Generates ROWS customers with sample_customers() and defines three copies
# of the shipped telecom model (its 12 indicators, no rules): ws (methods
# weighted_sum), dea (methods dea, combine dea, the default share bound
# 2/12) and ws_seg (weighted_sum with 4 fuzzy segments).  Fits each (the
# fit time is printed) and times, serial, best of CT_BENCH_RUNS runs
# (default 1):
#   SELECT count(e.score) FROM bench b CROSS JOIN LATERAL evaluate(model, b) e
# Prints the times and the per-row cost; the figures are pasted into
# doc/benchmarks_evaluate.md.  Not part of the test suite.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/bench_lib.sh"
cd "$CT_ROOT"

n=${1:-1000000}
runs=${CT_BENCH_RUNS:-1}
ct_bench_start "shared_buffers = '1GB'" "work_mem = '64MB'"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -c "SET search_path = public, complaint_tier" -c "SET client_min_messages = warning" -c "$1"; }
secs() { ct_secs "$1"; }

q "CREATE TABLE bench AS SELECT * FROM sample_customers($n)" >/dev/null
q "ANALYZE bench" >/dev/null
base="model_spec('telecom') - 'rules' - 'strategies' - 'classifications'"
q "SELECT define_model('ws', jsonb_set($base, '{methods}', '[\"weighted_sum\"]'))" >/dev/null
q "SELECT define_model('dea', jsonb_set(jsonb_set($base, '{methods}', '[\"dea\"]'), '{combine}', '\"dea\"'))" >/dev/null
q "SELECT define_model('ws_seg', jsonb_set(jsonb_set($base, '{methods}', '[\"weighted_sum\"]'), '{segments}', '4'))" >/dev/null
for m in ws dea ws_seg; do
	t=$(ct_best_ms "SET client_min_messages = warning;" "SELECT complaint_tier.fit('$m', 'bench')" 1)
	echo "fit $m: $(secs "$t") s"
done
echo "dea frontier: $(q "SELECT cardinality(dea_frontier) / 12 || ' points, share bound ' || round(dea_max_share::numeric, 4) FROM model_version WHERE model = 'dea'")"
echo "segments: $(q "SELECT segment_iterations || ' iterations, sizes ' || (SELECT array_agg(round(x::numeric)) FROM unnest(segment_sizes) x)::text FROM model_version WHERE model = 'ws_seg'")"
t_scan=$(ct_best_ms "$CT_BENCH_SERIAL" "SELECT count(b) FROM bench b" 3)
echo "scan building the whole-row record: $(secs "$t_scan") s"
for m in ws dea ws_seg; do
	t=$(ct_best_ms "$CT_BENCH_SERIAL SET search_path = public, complaint_tier;" \
		"SELECT count(e.score) FROM bench b CROSS JOIN LATERAL evaluate('$m', b) e" "$runs")
	echo "evaluate $m: $(secs "$t") s, $(awk -v a="$t" -v n="$n" 'BEGIN { printf "%.2f", a * 1000 / n }') us per row"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
