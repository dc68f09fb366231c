#!/usr/bin/env bash
# test/bench/bench_baselines.sh: fair baselines for evaluate() (issue 12,
# item 4): hand-written SQL and PL/pgSQL computing the SAME full output as
# evaluate('telecom', c) for the shipped model, checked row by row, and timed
# beside evaluate and a scan of the columns.
#
#   bash test/bench/bench_baselines.sh [ROWS]        (default: 1000000)
#
# On a private temporary cluster (test/lib.sh ct_pg_start through
# bench_lib.sh's ct_bench_start; set PG_CONFIG to your own PostgreSQL copy
# and CT_PGPORT to your port): generates ROWS customers with
# sample_customers(), fits the shipped telecom model on them, then
#
#   1. generates from the fitted version (complaint_tier.model_version, the
#      rules in force, the table's columns) with bench_baselines_gen.py
#      a view bl_hand (hand-written SQL: one fenced layer per step) and a
#      PL/pgSQL function bl_plpgsql(bench) RETURNS complaint_tier.evaluation
#      computing every column evaluate() returns (normalisation, weighted
#      sum, TOPSIS, grey relational, VIKOR, each method's percentile among
#      its 1,001 stored quantiles, mean percentile, tier, dimension scores
#      and tiers, the three classifications, the rules with their
#      safeguards, strategies, reasons, routing priority, refund ceiling);
#   2. checks the first CT_BL_CHECK_ROWS customers (default 20,000; every
#      row of a 20,000-row run): score and dimension scores within 1e-9 of
#      evaluate's, every other column equal; prints per baseline the rows
#      that agree on everything and the rows differing in each part;
#   3. times (best of CT_BENCH_RUNS runs, default 2; wall time and the CPU
#      time of the backend from /proc/<pid>/stat), serially and with 2
#      workers: the column scan, evaluate (score + tier; full: every
#      column read), the hand SQL (JIT on, PostgreSQL's default, and off)
#      and the PL/pgSQL function, each reading every output column;
#   4. unless CT_BL_NUMPY=0: COPY out + numpy + COPY back computing the same
#      full output into a table (bench_baselines_numpy.py, /usr/bin/python3),
#      checked against evaluate like the others and timed against
#      evaluate written into a table with CREATE TABLE AS (best of
#      CT_BL_NUMPY_RUNS runs, default 1: the pipeline is slow);
#   5. the rest of issue 12's targets in the same run and cluster: the
#      score alone from LATERAL against the select-list form
#      (evaluate(m, c)).score; unless CT_BL_FIT=0, fit('telecom', 'bench')
#      against indicator_stats of the 10 numeric columns, serially and
#      with 2 workers; the backend's peak private memory (RssAnon, sampled
#      every 20 ms, and VmHWM) over the full evaluation of every row, with
#      JIT off and on;
#   6. a table of the targets, each marked met or not met.
#
# Prints a markdown table (also written to $CT_BL_OUT, default
# /tmp/bench_baselines.md) with the load average before and after.
# Not part of the test suite.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/bench_lib.sh"
cd "$CT_ROOT"

n=${1:-1000000}
runs=${CT_BENCH_RUNS:-2}
out=${CT_BL_OUT:-/tmp/bench_baselines.md}
py=/usr/bin/python3
load0=$(cut -d' ' -f1-3 /proc/loadavg)

ct_bench_start "shared_buffers = '1GB'" "work_mem = '64MB'" "max_parallel_workers = 4" "max_parallel_workers_per_gather = 2"
work=$CT_BENCH_WORK

ct_log "generating $n sample customers and fitting telecom"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE TABLE bench AS SELECT * FROM complaint_tier.sample_customers($n)"
psql -X -q -v ON_ERROR_STOP=1 -c "VACUUM (FREEZE, ANALYZE) bench"
psql -X -q -At -c "SELECT count(*) FROM bench" >/dev/null	# measured on a cached table
psql -X -q -v ON_ERROR_STOP=1 -c "SELECT complaint_tier.fit('telecom', 'bench')" >/dev/null 2>&1

ct_log "generating the hand-written SQL and the PL/pgSQL function from the fitted version"
"$py" test/bench/bench_baselines_gen.py telecom bench "$work"
psql -X -q -v ON_ERROR_STOP=1 -f "$work/hand.sql" -f "$work/plpgsql.sql"
echo "hand.sql: $(wc -c <"$work/hand.sql") bytes, plpgsql.sql: $(wc -c <"$work/plpgsql.sql") bytes (the 4 x 1,001 quantiles are most of it)"

# every column of complaint_tier.evaluation, as one composite from bl_hand
hand_row="ROW(h.model, h.version, h.score, h.tier, h.dimension_names, h.dimension_scores, h.dimension_tiers,
 h.class_names, h.class_labels, h.strategies, h.reasons, h.routing_priority, h.refund_ceiling, h.error,
 h.segment, h.segment_membership)::complaint_tier.evaluation"
# the agreement of baseline composites b with evaluate's e, from FROM_CLAUSE
agreement() {
	local label=$1 from=$2
	psql -X -q -At -F ' | ' -v ON_ERROR_STOP=1 <<SQL
SET max_parallel_workers_per_gather = 0;
WITH f AS (
  SELECT ((e).score IS NULL AND (b).score IS NULL) OR abs((e).score - (b).score) <= 1e-9 AS score_ok,
         (e).score = (b).score AS score_same,
         abs((e).score - (b).score) AS dscore,
         (e).tier IS NOT DISTINCT FROM (b).tier AS tier_ok,
         (e).dimension_names = (b).dimension_names
           AND cardinality((e).dimension_scores) = cardinality((b).dimension_scores)
           AND (SELECT coalesce(bool_and(x IS NOT DISTINCT FROM y OR abs(x - y) <= 1e-9), true)
                FROM unnest((e).dimension_scores, (b).dimension_scores) u(x, y)) AS dscore_ok,
         (e).dimension_tiers IS NOT DISTINCT FROM (b).dimension_tiers AS dtier_ok,
         (e).class_names = (b).class_names AND (e).class_labels IS NOT DISTINCT FROM (b).class_labels AS class_ok,
         (e).strategies IS NOT DISTINCT FROM (b).strategies AND (e).reasons IS NOT DISTINCT FROM (b).reasons AS strat_ok,
         (e).routing_priority IS NOT DISTINCT FROM (b).routing_priority
           AND (e).refund_ceiling IS NOT DISTINCT FROM (b).refund_ceiling AS route_ok,
         (e).model = (b).model AND (e).version = (b).version AND (e).error IS NOT DISTINCT FROM (b).error
           AND (e).segment IS NOT DISTINCT FROM (b).segment
           AND (e).segment_membership IS NOT DISTINCT FROM (b).segment_membership AS rest_ok
  FROM $from
  WHERE c.customer_id <= $check)
SELECT '$label', count(*),
       count(*) FILTER (WHERE score_ok AND tier_ok AND dscore_ok AND dtier_ok AND class_ok AND strat_ok AND route_ok AND rest_ok),
       count(*) FILTER (WHERE score_same), coalesce(max(dscore), 0)::float4,
       count(*) FILTER (WHERE NOT score_ok), count(*) FILTER (WHERE NOT tier_ok),
       count(*) FILTER (WHERE NOT dscore_ok), count(*) FILTER (WHERE NOT dtier_ok),
       count(*) FILTER (WHERE NOT class_ok), count(*) FILTER (WHERE NOT strat_ok),
       count(*) FILTER (WHERE NOT route_ok), count(*) FILTER (WHERE NOT rest_ok)
FROM f;
SQL
}
check=${CT_BL_CHECK_ROWS:-20000}
ct_log "checking rows 1..$check against evaluate('telecom', c)"
agree_md="| baseline | rows | agree on everything | scores bit-identical | largest score difference | score > 1e-9 | tier | dimension scores | dimension tiers | classes | strategies, reasons | routing, ceiling | model, version, error, segment |
|---|---|---|---|---|---|---|---|---|---|---|---|---|"
line=$(agreement "hand-written SQL" "bench c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e
  JOIN bl_hand h USING (customer_id) CROSS JOIN LATERAL (SELECT $hand_row AS b) x")
agree_md+=$'\n'"| $line |"
line=$(agreement "PL/pgSQL" "bench c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e
  CROSS JOIN LATERAL bl_plpgsql(c) b")
agree_md+=$'\n'"| $line |"
# a control that must fail: each customer against the hand SQL's next customer
line=$(agreement "control: hand-written SQL of the next customer" "bench c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e
  JOIN bl_hand h ON h.customer_id = c.customer_id + 1 CROSS JOIN LATERAL (SELECT $hand_row AS b) x")
agree_md+=$'\n'"| $line |"

# best of k runs by wall time: "wall_ms backend_cpu_ms" (CPU of the backend
# only: parallel workers are not counted)
tick=$(getconf CLK_TCK)
cpu_sql="(SELECT (f[12]::bigint + f[13]::bigint) FROM (SELECT string_to_array(substring(pg_read_file('/proc/self/stat') FROM '\) (.*)\$'), ' ') f) s)"
timed() {
	local setting=$1 query=$2 k=$3 best="" i res wall cpu
	for ((i = 0; i < k; i++)); do
		# a new backend: reading every row first maps the table's shared
		# buffers into it (page faults), which no query should pay for
		res=$(psql -X -q -At -v ON_ERROR_STOP=1 <<SQL
$setting
SELECT count(b.*) FROM bench b \gset
SELECT $cpu_sql AS c0 \gset
\timing on
$query;
\timing off
SELECT $cpu_sql - :c0;
SQL
		)
		wall=$(echo "$res" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
		cpu=$(($(echo "$res" | tail -1) * 1000 / tick))
		if [ -z "$best" ] || awk -v a="$wall" -v b="${best% *}" 'BEGIN { exit !(a < b) }'; then
			best="$wall $cpu"
		fi
	done
	echo "$best"
}
full_of() {
	echo "SELECT count(e.model), count(e.version), count(e.score), count(e.tier), count(e.dimension_names),
 count(e.dimension_scores), count(e.dimension_tiers), count(e.class_names), count(e.class_labels), count(e.strategies),
 count(e.reasons), count(e.routing_priority), count(e.refund_ceiling), count(e.error), count(e.segment),
 count(e.segment_membership) FROM $1"
}
q_scan="SELECT sum(c.tenure_months + c.arpu + c.data_share + c.arrears_count_12m + c.complaints_90d + c.unreasonable_ratio
 + c.escalations_12m + c.handling_hours + c.accepted_ratio + c.satisfaction), sum(length(c.customer_level) + length(c.payment_channel))
 FROM bench c"
q_st="SELECT sum(e.score), count(*) FILTER (WHERE e.tier = 'key') FROM bench c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e"
q_full=$(full_of "bench c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e")
q_hand=$(full_of "bl_hand e")
q_pl=$(full_of "bench c CROSS JOIN LATERAL bl_plpgsql(c) e")
q_lat="SELECT sum(e.score) FROM bench c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e"
q_sel="SELECT sum((complaint_tier.evaluate('telecom', c)).score) FROM bench c"
q_stats="SELECT complaint_tier.indicator_stats(ARRAY[tenure_months, arpu, data_share, arrears_count_12m, complaints_90d,
 unreasonable_ratio, escalations_12m, handling_hours, accepted_ratio, satisfaction]::float8[]) FROM bench"
q_fit="SELECT complaint_tier.fit('telecom', 'bench')"

rows=""
declare -A T
measure() {
	local key=$1 label=$2 mode=$3 setting=$4 query=$5 r
	r=$(timed "$setting" "$query" "$runs")
	T[$key]=${r% *}
	T[$key.cpu]=${r#* }
	echo "$label ($mode): ${r% *} ms wall, ${r#* } ms backend CPU" >&2
}
ct_log "timing ($runs runs each)"
nojit="SET jit = off;"
for mode in serial parallel; do
	if [ $mode = serial ]; then s=$CT_BENCH_SERIAL; else s=$CT_BENCH_PARALLEL; fi
	measure "scan.$mode" "column scan" $mode "$s" "$q_scan"
	measure "st.$mode" "evaluate, score + tier" $mode "$s" "$q_st"
	measure "full.$mode" "evaluate, full output" $mode "$s" "$q_full"
	measure "hand.$mode" "hand SQL, full output, JIT on" $mode "$s" "$q_hand"
	measure "handnj.$mode" "hand SQL, full output, JIT off" $mode "$s $nojit" "$q_hand"
	measure "pl.$mode" "PL/pgSQL, full output" $mode "$s" "$q_pl"
	measure "lat.$mode" "evaluate, score alone, LATERAL" $mode "$s" "$q_lat"
	measure "sel.$mode" "evaluate, score alone, select list" $mode "$s" "$q_sel"
done
r2() { ct_ratio "$@"; }
row() {
	local key=$1 label=$2 s p
	s=${T[$key.serial]}
	p=${T[$key.parallel]}
	rows+="| $label | $(ct_secs "$s") | $(ct_secs "${T[$key.serial.cpu]}") | $(r2 "$s" "${T[scan.serial]}") | $(r2 "$s" "${T[full.serial]}") | $(ct_secs "$p") | $(r2 "$p" "${T[scan.parallel]}") | $(r2 "$p" "${T[full.parallel]}") |"$'\n'
}
row scan "scan of the 12 indicator columns"
row st "evaluate('telecom', c): score + tier"
row full "evaluate('telecom', c): full output (16 columns read)"
row hand "hand-written SQL, full output (JIT on, the default)"
row handnj "hand-written SQL, full output (JIT off)"
row pl "PL/pgSQL function, full output"
row lat "evaluate('telecom', c): score alone, LATERAL"
row sel "(evaluate('telecom', c)).score in the select list"

e2e=""
if [ "${CT_BL_NUMPY:-1}" != 0 ]; then
	ct_ensure_packages python3-numpy python3-psycopg2
	ct_log "COPY out + numpy + COPY back"
	q_ctas="DROP TABLE IF EXISTS ev_result; CREATE TABLE ev_result AS SELECT c.customer_id, e.* FROM bench c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e"
	r=$(timed "$CT_BENCH_SERIAL" "$q_ctas" "$runs")
	t_ctas=${r% *}
	best=""
	for ((i = 0; i < ${CT_BL_NUMPY_RUNS:-1}; i++)); do
		psql -X -q -c "DROP TABLE IF EXISTS np_result"
		l=$("$py" test/bench/bench_baselines_numpy.py telecom bench np_result)
		if [ -z "$best" ] || awk -v a="${l%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then best=$l; fi
	done
	read -r t_np t_np_out t_np_comp t_np_in _ t_np_num t_np_fmt <<<"$best"
	echo "evaluate into a table: $t_ctas ms; numpy pipeline: $best" >&2
	line=$(agreement "COPY out + numpy + COPY back" "bench c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e
  JOIN np_result h USING (customer_id) CROSS JOIN LATERAL (SELECT $hand_row AS b) x")
	agree_md+=$'\n'"| $line |"
	e2e="
End to end into a new table (serial; full output with the key):

| pipeline | time (s) | / evaluate |
|---|---|---|
| evaluate('telecom', c) into a new table (CREATE TABLE AS, customer_id and every column) | $(ct_secs "$t_ctas") | 1.00 |
| COPY out + numpy + COPY back (the same columns) | $(ct_secs "$t_np") | $(r2 "$t_np" "$t_ctas") |
| &nbsp;&nbsp;of which reading the fitted version (psql) + COPY out | $(ct_secs "$t_np_out") | |
| &nbsp;&nbsp;of which parsing + numpy | $(ct_secs "$t_np_comp") | |
| &nbsp;&nbsp;&nbsp;&nbsp;of which parsing the CSV and computing up to the fired rules | $(ct_secs "$t_np_num") | |
| &nbsp;&nbsp;&nbsp;&nbsp;of which forming the text arrays and the CSV for COPY | $(ct_secs "$t_np_fmt") | |
| &nbsp;&nbsp;of which COPY back + commit | $(ct_secs "$t_np_in") | |"
fi

# the backend's peak private memory over the full evaluation of every row:
# RssAnon sampled every 20 ms by a shell the session starts, and VmHWM
# (which also counts the shared buffers the backend touched); with JIT off
# and on (above jit_optimize_above_cost LLVM's optimiser and inliner take
# memory of their own, once per query)
ct_log "peak memory of the full evaluation"
# prints "first_kB peak_kB samples vmhwm_kB"
mem_peak() {
	local hwm
	rm -f "$work/rss" "$work/rss.stop"
	hwm=$(psql -X -q -At -v ON_ERROR_STOP=1 <<SQL
$CT_BENCH_SERIAL $1
SELECT pg_backend_pid() AS pid \gset
\setenv CT_PID :pid
\! (while [ ! -e "$work/rss.stop" ]; do sed -n 's/^RssAnon:[[:space:]]*\([0-9]*\).*/\1/p' /proc/\$CT_PID/status; sleep 0.02; done > "$work/rss") &
SELECT pg_sleep(0.1);
$q_full;
\! sleep 0.1; touch "$work/rss.stop"; sleep 0.1
\! sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\).*/\1/p' /proc/\$CT_PID/status
SQL
	)
	echo "$(head -1 "$work/rss") $(sort -n "$work/rss" | tail -1) $(wc -l <"$work/rss") $(echo "$hwm" | tail -1)"
}
read -r rss_first rss_peak rss_n hwm <<<"$(mem_peak "SET jit = off;")"
read -r _ rss_peak_jit _ hwm_jit <<<"$(mem_peak "SET jit = on;")"
echo "RssAnon: first $rss_first kB, peak $rss_peak kB with JIT off, $rss_peak_jit kB with JIT on ($rss_n samples); VmHWM $hwm / $hwm_jit kB" >&2

fitmd=""
if [ "${CT_BL_FIT:-1}" != 0 ]; then
	ct_log "fit against indicator_stats"
	for mode in serial parallel; do
		if [ $mode = serial ]; then s=$CT_BENCH_SERIAL; else s=$CT_BENCH_PARALLEL; fi
		measure "stats.$mode" "indicator_stats" $mode "$s" "$q_stats"
		measure "fit.$mode" "fit" $mode "$s SET client_min_messages = warning;" "$q_fit"
	done
	fitmd="
| fit ($n rows) | serial (s) | / indicator_stats | 2 workers (s) | / indicator_stats | serial / 2 workers |
|---|---|---|---|---|---|
| indicator_stats of the 10 numeric columns | $(ct_secs "${T[stats.serial]}") | 1.00 | $(ct_secs "${T[stats.parallel]}") | 1.00 | $(r2 "${T[stats.serial]}" "${T[stats.parallel]}") |
| fit('telecom', 'bench') | $(ct_secs "${T[fit.serial]}") | $(r2 "${T[fit.serial]}" "${T[stats.serial]}") | $(ct_secs "${T[fit.parallel]}") | $(r2 "${T[fit.parallel]}" "${T[stats.parallel]}") | $(r2 "${T[fit.serial]}" "${T[fit.parallel]}") |"
fi

# the targets: "label|measured|limit|le or ge" (measured <= or >= limit)
met() { awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN { ok = (op == "le") ? a <= b : a >= b; print ok ? "met" : "**not met**" }'; }
best_hand() { awk -v a="${T[hand.$1]}" -v b="${T[handnj.$1]}" 'BEGIN { print (a < b) ? a : b }'; }
targets=()
for mode in serial parallel; do
	targets+=("full evaluate / column scan ($mode)|$(r2 "${T[full.$mode]}" "${T[scan.$mode]}")|4|le")
	targets+=("score + tier / column scan ($mode)|$(r2 "${T[st.$mode]}" "${T[scan.$mode]}")|2.5|le")
	targets+=("LATERAL / select list, score alone ($mode)|$(r2 "${T[lat.$mode]}" "${T[sel.$mode]}")|1|le")
	targets+=("PL/pgSQL / full evaluate ($mode)|$(r2 "${T[pl.$mode]}" "${T[full.$mode]}")|20|ge")
	targets+=("hand SQL (better JIT setting) / full evaluate ($mode)|$(r2 "$(best_hand $mode)" "${T[full.$mode]}")|5|ge")
done
[ -n "$e2e" ] && targets+=("COPY out + numpy + COPY back / evaluate into a table (serial)|$(r2 "$t_np" "$t_ctas")|5|ge")
if [ -n "$fitmd" ]; then
	targets+=("fit / indicator_stats (serial)|$(r2 "${T[fit.serial]}" "${T[stats.serial]}")|6|le")
	targets+=("fit / indicator_stats (2 workers)|$(r2 "${T[fit.parallel]}" "${T[stats.parallel]}")|6|le")
	targets+=("fit serial / fit with 2 workers|$(r2 "${T[fit.serial]}" "${T[fit.parallel]}")|1.6|ge")
fi
targetmd="| target | measured | limit | |
|---|---|---|---|"
for t in "${targets[@]}"; do
	IFS='|' read -r label val lim op <<<"$t"
	targetmd+=$'\n'"| $label | $val | $([ "$op" = le ] && echo "≤" || echo "≥") $lim | $(met "$val" "$lim" "$op") |"
done
targetmd+=$'\n'"| peak private memory (RssAnon) of the backend evaluating all $n rows | $rss_peak kB with JIT off, $rss_peak_jit kB with JIT on (at the start of the query $rss_first kB; $rss_n samples; VmHWM $hwm / $hwm_jit kB with the shared buffers) | constant in the number of rows | compare runs of different sizes |"

load1=$(cut -d' ' -f1-3 /proc/loadavg)
pgver=$(psql -X -At -c "SHOW server_version")
cat >"$out" <<EOF
\`bash test/bench/bench_baselines.sh $n\` on $(date -u +%Y-%m-%d) (UTC), PostgreSQL $pgver, $(nproc) cores,
load average before $load0, after $load1; best of $runs runs; times in seconds,
CPU = CPU time of the backend (/proc/<pid>/stat; serial runs only: workers are not counted).

Agreement with evaluate('telecom', c) on the rows with customer_id <= $check of the $n-row table
(every row when $n <= $check):

$agree_md

| query ($n rows) | serial (s) | serial CPU (s) | / scan | / full evaluate | 2 workers (s) | / scan | / full evaluate |
|---|---|---|---|---|---|---|---|
${rows}${e2e}
${fitmd}

Issue 12's targets in this run:

$targetmd

evaluate (full) is $(r2 "${T[pl.serial]}" "${T[full.serial]}")x faster than PL/pgSQL and
$(r2 "$(awk -v a="${T[hand.serial]}" -v b="${T[handnj.serial]}" 'BEGIN { print (a < b) ? a : b }')" "${T[full.serial]}")x faster than the
hand-written SQL (its better JIT setting) serially; with 2 workers $(r2 "${T[pl.parallel]}" "${T[full.parallel]}")x and
$(r2 "$(awk -v a="${T[hand.parallel]}" -v b="${T[handnj.parallel]}" 'BEGIN { print (a < b) ? a : b }')" "${T[full.parallel]}")x.
EOF
ct_log "wrote $out"
cat "$out"
