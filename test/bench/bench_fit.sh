#!/bin/bash
# test/bench/bench_fit.sh [ROWS]: fit('telecom') against indicator_stats over
# the same rows (sample_customers(ROWS), default 1,000,000), serially and
# with 2 workers, best of CT_BENCH_RUNS (default 2) runs; prints a markdown
# table (doc/benchmarks_fit.md).  It also counts fit's scans of the source
# (pg_stat_user_tables.seq_scan, serial).  Runs on a private temporary
# cluster with a private copy of this tree's build (bench_lib.sh), so it
# also measures an older tree when copied into it.  CT_BENCH_CONF adds one
# server setting (for example "huge_pages = on").  Not part of the tests.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/bench_lib.sh"
cd "$CT_ROOT"

n=${1:-1000000}
runs=${CT_BENCH_RUNS:-2}
ct_bench_start "shared_buffers = '1GB'" "work_mem = '64MB'" "max_parallel_workers = 4" "max_parallel_workers_per_gather = 2" ${CT_BENCH_CONF:+"$CT_BENCH_CONF"}

psql -X -q -v ON_ERROR_STOP=1 -c "CREATE TABLE bench AS SELECT * FROM complaint_tier.sample_customers($n)" \
	-c "VACUUM (FREEZE, ANALYZE) bench"
# every query measured on a cached table: a first scan reads it into shared
# buffers (a cold first indicator_stats took 1.04 s, a warm one 0.22 s)
psql -X -q -At -c "SELECT count(*) FROM bench" >/dev/null
q_stats="SELECT complaint_tier.indicator_stats(ARRAY[tenure_months, arpu, data_share, arrears_count_12m, complaints_90d,
 unreasonable_ratio, escalations_12m, handling_hours, accepted_ratio, satisfaction]::float8[]) FROM bench"
q_fit="SELECT complaint_tier.fit('telecom', 'bench')"
seq_scans() { psql -X -At -c "SELECT seq_scan FROM pg_stat_user_tables WHERE relid = 'bench'::regclass"; }

echo "PostgreSQL $(psql -X -At -c 'SHOW server_version'), $(nproc) cores, $n rows ($(git log -1 --format=%h 2>/dev/null || echo 'no git'))"
echo
echo "| query | mode | time (s) | / indicator_stats |"
echo "|---|---|---|---|"
for mode in serial parallel; do
	if [ $mode = serial ]; then set_=$CT_BENCH_SERIAL; label=serial; else set_=$CT_BENCH_PARALLEL; label="2 workers"; fi
	# each run is a new backend: a scan reading every row first maps the
	# table's shared buffers into it (page faults that cost a cold
	# indicator_stats 0.4 s at 1,000,000 rows), so that neither query pays
	# for that (parallel workers still do: each is a new process)
	warm="SELECT count(b.*) FROM bench b;"
	ts=$(ct_best_ms "$set_ $warm" "$q_stats" "$runs")
	tf=$(ct_best_ms "$set_ $warm SET client_min_messages = warning;" "$q_fit" "$runs")
	echo "| indicator_stats of 10 columns | $label | $(ct_secs "$ts") | 1.00 |"
	echo "| fit('telecom', 'bench') | $label | $(ct_secs "$tf") | $(ct_ratio "$tf" "$ts") |"
	eval "t_fit_$mode=$tf"
done
echo
echo "fit, 2 workers against serial: $(ct_ratio "$t_fit_serial" "$t_fit_parallel")x faster"
s0=$(seq_scans)
psql -X -q -c "$CT_BENCH_SERIAL SET client_min_messages = warning;" -c "$q_fit" >/dev/null
sleep 1
echo "fit scanned bench $(($(seq_scans) - s0)) times (serial)"
