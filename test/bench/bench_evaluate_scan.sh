#!/usr/bin/env bash
# test/bench/bench_evaluate_scan.sh: the evaluate custom scan against the
# Function Scan it replaces (doc/evaluate_scan.md).
#
#   bash test/bench/bench_evaluate_scan.sh [ROWS] [instr|wall|mem|all]   (default: 1000000 all)
#
# instr: instructions per customer of each query, counted by callgrind in a
#   single-user backend (load-independent; the method of
#   bench_evaluate_instr.sh: (Ir over 20,000 rows - Ir over 10,000) / 10,000).
# wall:  best of CT_BENCH_RUNS (default 3) wall times over sample_customers(ROWS),
#   serial and with 2 workers, and the peak resident memory (VmHWM) of the
#   backend over one query evaluating ROWS and 10 x ROWS customers (each row
#   of bench evaluated 10 times through a LATERAL generate_series, so that
#   nothing is materialised), with the custom scan on and off; it includes
#   the shared buffers the backend touched (the table, about 150 MB at
#   1,000,000 rows).
# mem: the memory part alone.
# The queries: the column scan, the whole-row record (count(c)), telecom
# score + tier and the full composite with LATERAL (custom scan on and off),
# and the select-list forms (evaluate(...)).score and (evaluate(...)).*.
# Not part of the tests.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/bench_lib.sh"
cd "$CT_ROOT"

n=${1:-1000000}
what=${2:-all}
runs=${CT_BENCH_RUNS:-3}

q_scan="SELECT sum(c.tenure_months + c.arpu + c.data_share + c.arrears_count_12m + c.complaints_90d + c.unreasonable_ratio
 + c.escalations_12m + c.handling_hours + c.accepted_ratio + c.satisfaction), sum(length(c.customer_level) + length(c.payment_channel))
 FROM TBL c"
q_rec="SELECT count(c) FROM TBL c"
q_tel="SELECT sum(e.score), count(*) FILTER (WHERE e.tier = 'key') FROM TBL c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e"
q_full="SELECT count(e.model), count(e.version), count(e.score), count(e.tier), count(e.dimension_names),
 count(e.dimension_scores), count(e.dimension_tiers), count(e.class_names), count(e.class_labels), count(e.strategies),
 count(e.reasons), count(e.routing_priority), count(e.refund_ceiling), count(e.error)
 FROM TBL c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e"
q_sel="SELECT sum((complaint_tier.evaluate('telecom', c)).score) FROM TBL c"
q_selall="SELECT count(x.*) FROM (SELECT (complaint_tier.evaluate('telecom', c)).* FROM TBL c) x"
OFF="SET complaint_tier.custom_scan = off;"
for v in q_scan q_full; do printf -v "$v" '%s' "${!v//$'\n'/ }"; done

# name|setting|query
queries=(
	"column scan||$q_scan"
	"whole-row record, count(c)||$q_rec"
	"telecom score + tier, LATERAL, custom scan||$q_tel"
	"telecom score + tier, LATERAL, Function Scan|$OFF|$q_tel"
	"telecom full composite, LATERAL, custom scan||$q_full"
	"telecom full composite, LATERAL, Function Scan|$OFF|$q_full"
	"telecom score, select list (evaluate(m, c)).score||$q_sel"
	"telecom every column, select list (evaluate(m, c)).*||$q_selall"
)

ct_bench_start "shared_buffers = '1GB'" "work_mem = '64MB'" "max_parallel_workers = 4" "max_parallel_workers_per_gather = 2"
ct_log "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

if [ "$what" = instr ] || [ "$what" = all ]; then
	ct_ensure_packages valgrind
	psql -X -q -v ON_ERROR_STOP=1 >/dev/null 2>&1 <<'SQL'
CREATE TABLE t20 AS SELECT * FROM complaint_tier.sample_customers(20000);
CREATE TABLE t10 AS SELECT * FROM t20 WHERE customer_id <= 10000;
SELECT complaint_tier.fit('telecom', 't20');
VACUUM (FREEZE, ANALYZE) t10;
VACUUM (FREEZE, ANALYZE) t20;
SQL
	ct_as_pg "$(ct_pg_bindir)/pg_ctl" -D "$CT_PG_DIR/data" -w stop >/dev/null
	instructions() {   # setting query table
		local out="$CT_PG_DIR/cg.$$"
		printf '%s\n\n%s;\n' "$1" "${2//TBL/$3}" |
			ct_as_pg valgrind --tool=callgrind --callgrind-out-file="$out" "$(ct_pg_bindir)/postgres" --single -j \
				-D "$CT_PG_DIR/data" -c jit=off -c max_parallel_workers_per_gather=0 "$PGDATABASE" 2>"$out.log" >/dev/null
		sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out.log"
		rm -f "$out" "$out.log"
	}
	echo "| query | instructions per customer |"
	echo "|---|---|"
	for q in "${queries[@]}"; do
		IFS='|' read -r name setting query <<<"$q"
		a=$(instructions "$setting" "$query" t10)
		b=$(instructions "$setting" "$query" t20)
		echo "| $name | $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.0f", (b - a) / 10000 }') |"
	done
	ct_as_pg "$(ct_pg_bindir)/pg_ctl" -D "$CT_PG_DIR/data" -l "$CT_PG_DIR/log" -w start >/dev/null
fi

if [ "$what" = wall ] || [ "$what" = mem ] || [ "$what" = all ]; then
	psql -X -q -v ON_ERROR_STOP=1 -c "CREATE TABLE bench AS SELECT * FROM complaint_tier.sample_customers($n)" \
		-c "VACUUM (FREEZE, ANALYZE) bench" >/dev/null
	psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "SELECT complaint_tier.fit('telecom', 'bench')" >/dev/null
fi
if [ "$what" = wall ] || [ "$what" = all ]; then
	echo
	echo "| query | mode | time (s) | / column scan |"
	echo "|---|---|---|---|"
	for mode in serial parallel; do
		if [ $mode = serial ]; then set0=$CT_BENCH_SERIAL; label=serial; else set0=$CT_BENCH_PARALLEL; label="2 workers"; fi
		base=""
		for q in "${queries[@]}"; do
			IFS='|' read -r name setting query <<<"$q"
			# each run is a new backend: reading every row first maps the
			# table's shared buffers into it, which would otherwise add
			# about 0.4 s at 1,000,000 rows to whichever query runs first
			# (the column scan most of all); workers still map their part
			t=$(ct_best_ms "$set0 $setting SELECT count(b.*) FROM bench b;" "${query//TBL/bench}" "$runs")
			[ -z "$base" ] && base=$t
			echo "| $name | $label | $(ct_secs "$t") | $(ct_ratio "$t" "$base") |"
		done
	done
fi
if [ "$what" = mem ] || [ "$what" = all ]; then
	echo
	echo "| peak resident memory of one backend (VmHWM) | evaluations | VmHWM |"
	echo "|---|---|---|"
	for mult in 1 10; do
	for setting in "" "$OFF"; do
		hwm=$(psql -X -q -At <<SQL
$CT_BENCH_SERIAL $setting
SELECT pg_backend_pid() AS pid \\gset
\\setenv CT_PID :pid
SELECT sum(e.score) IS NOT NULL AS ok FROM bench c CROSS JOIN LATERAL generate_series(1, $mult + 0 * c.customer_id) g
CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
\\! sed -n 's/^VmHWM:[[:space:]]*//p' /proc/\$CT_PID/status
SQL
)
		echo "| ${setting:-custom scan on (default)} | $((mult * n)) | $(echo "$hwm" | tail -1) |"
	done
	done
fi
ct_log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
