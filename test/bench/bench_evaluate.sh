#!/usr/bin/env bash
# test/bench/bench_evaluate.sh: benchmark of evaluate() over sample customers.
#
#   bash test/bench/bench_evaluate.sh [ROWS]        (default: 1000000)
#
# Generates ROWS customers with sample_customers(), fits the shipped telecom
# model (timed) and a weighted-sum-only copy "bench_ws" (score = weighted
# sum, same weights and tiers), then times, each the best of CT_BENCH_RUNS
# runs (default 3):
#   scan          a scan reading the twelve indicator columns
#   ws_c          evaluate('bench_ws', c): score and tier only
#   ws_sql        hand-written SQL computing the same score and tier with the
#                 fitted constants of bench_ws inlined (generated from its
#                 model_version row)
#   ws_plpgsql    the same expression in a PL/pgSQL function
#   telecom       evaluate('telecom', c): four methods, mean percentile;
#                 score and tier only, then the full composite (every column
#                 read), serially and with 2 parallel workers
#   record        the scan building the whole-row record evaluate receives,
#                 and evaluate called in the select list instead of LATERAL
#                 (what PostgreSQL's executor costs around the C function)
#   end to end    evaluate('bench_ws', c) written into a new table, against
#                 COPY out + numpy + COPY back (bench_evaluate_numpy.py with
#                 the system python, /usr/bin/python3)
# and checks that the C, SQL, PL/pgSQL and numpy results agree.  Writes the times to
# doc/benchmarks_evaluate.md (CT_BENCH_OUT overrides) with the command line
# and the machine.  Not part of the test suite.
#
# The extension is loaded from a private copy of this worktree's build
# (complaint_tier_bench.so, install script run by hand), so the benchmark
# neither needs nor disturbs the system-wide installation.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/bench_lib.sh"
cd "$CT_ROOT"

n=${1:-1000000}
runs=${CT_BENCH_RUNS:-3}
out=${CT_BENCH_OUT:-doc/benchmarks_evaluate.md}

ct_ensure_packages $CT_BASE_PACKAGES python3-numpy python3-psycopg2
py=/usr/bin/python3
ct_bench_start "shared_buffers = '1GB'" "work_mem = '64MB'" "max_parallel_workers = 4" "max_parallel_workers_per_gather = 2"
work=$CT_BENCH_WORK

serial=$CT_BENCH_SERIAL
parallel=$CT_BENCH_PARALLEL

best_ms() { ct_best_ms "$@"; }
ratio() { ct_ratio "$@"; }
secs() { ct_secs "$@"; }

ct_log "generating $n sample customers"
tgen=$(best_ms "" "CREATE TABLE bench AS SELECT * FROM complaint_tier.sample_customers($n)" 1)
psql -X -q -v ON_ERROR_STOP=1 -c "VACUUM (FREEZE, ANALYZE) bench"
size=$(psql -X -At -c "SELECT pg_size_pretty(pg_table_size('bench'))")

ct_log "fitting telecom and bench_ws"
tfit=$(best_ms "" "SELECT complaint_tier.fit('telecom', 'bench')" 1)
# fit's scans of the source, counted by the statistics collector (flushed
# when a session ends), serially so that parallel workers do not count
seq_scans() { psql -X -At -c "SELECT seq_scan FROM pg_stat_user_tables WHERE relid = 'bench'::regclass"; }
scans0=$(seq_scans)
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
SET search_path = complaint_tier, public;
SET max_parallel_workers_per_gather = 0;
-- a copy of the shipped model (its rules keep their own model) scored by the weighted sum alone
SELECT define_model('bench_ws', model_spec('telecom') - 'rules' ||
       '{"description": "telecom scored by the weighted sum only", "methods": ["weighted_sum"], "combine": "weighted_sum"}');
SELECT fit('bench_ws', 'bench');
SQL
nscans=$(($(seq_scans) - scans0))
echo "fit('bench_ws', 'bench') scanned bench $nscans times"

# the fitted bench_ws version as one SQL expression per output
psql -X -q -At -v ON_ERROR_STOP=1 >"$work/exprs" <<'SQL'
SET search_path = complaint_tier, public;
WITH v AS (SELECT * FROM model_version WHERE model = 'bench_ws' AND version = 1),
ind AS (
	SELECT j, v.ind_global_weight[j] AS g, v.ind_impute[j] AS imp,
	       CASE WHEN v.ind_kind[j] = 1 THEN
	            '(CASE c.' || quote_ident(v.ind_column[j]) ||
	            (SELECT string_agg(format(' WHEN %L THEN %s', v.levels[v.ind_level_start[j] + i],
	                                      CASE v.ind_direction[j] WHEN 1 THEN 1 - v.level_scores[v.ind_level_start[j] + i]
	                                           ELSE v.level_scores[v.ind_level_start[j] + i] END), '')
	             FROM generate_series(1, v.ind_level_count[j]) i) || ' END)'
	       ELSE
	            format('greatest(0::float8, least(1::float8, (%s) / %s))',
	                   CASE v.ind_direction[j]
	                        WHEN 1 THEN format('%s - %s', v.ind_hi[j], x)
	                        ELSE format('%s - %s', x, v.ind_lo[j]) END,
	                   v.ind_hi[j] - v.ind_lo[j])
	       END AS e
	FROM v, generate_series(1, cardinality(v.ind_name)) j,
	     LATERAL (SELECT CASE v.ind_transform[j] WHEN 1 THEN format('ln(1 + c.%I)', v.ind_column[j])
	                     ELSE format('c.%I::float8', v.ind_column[j]) END AS x) xx
)
SELECT 'greatest(0::float8, least(1::float8, ' ||
       (SELECT string_agg(format('%s * coalesce(%s, %s)', g, e, imp), ' + ' ORDER BY j) FROM ind) || '))'
UNION ALL
SELECT 'CASE ' || (SELECT string_agg(format('WHEN s >= %s THEN %L', v.tier_cuts[k], v.tier_labels[k + 1]), ' ' ORDER BY k DESC)
                   FROM generate_series(1, cardinality(v.tier_cuts)) k) ||
       format(' ELSE %L END', v.tier_labels[1])
FROM v;
SQL
score_expr=$(sed -n 1p "$work/exprs")
tier_expr=$(sed -n 2p "$work/exprs")
psql -X -q -v ON_ERROR_STOP=1 <<SQL
CREATE FUNCTION bench_plpgsql(c bench, OUT score float8, OUT tier text)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS \$f\$
DECLARE
	s float8;
BEGIN
	s := $score_expr;
	score := s;
	tier := $tier_expr;
END
\$f\$;
SQL

q_scan="SELECT sum(c.tenure_months + c.arpu + c.data_share + c.arrears_count_12m + c.complaints_90d + c.unreasonable_ratio
 + c.escalations_12m + c.handling_hours + c.accepted_ratio + c.satisfaction), sum(length(c.customer_level) + length(c.payment_channel))
 FROM bench c"
q_ws_c="SELECT sum(e.score), count(*) FILTER (WHERE e.tier = 'key') FROM bench c CROSS JOIN LATERAL complaint_tier.evaluate('bench_ws', c) e"
q_ws_sql="SELECT sum(s), count(*) FILTER (WHERE t = 'key') FROM (SELECT s, $tier_expr AS t FROM (SELECT $score_expr AS s FROM bench c) a) b"
q_ws_pl="SELECT sum(f.score), count(*) FILTER (WHERE f.tier = 'key') FROM bench c CROSS JOIN LATERAL bench_plpgsql(c) f"
q_tel="SELECT sum(e.score), count(*) FILTER (WHERE e.tier = 'key') FROM bench c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e"
q_tel_full="SELECT count(e.model), count(e.version), count(e.score), count(e.tier), count(e.dimension_names),
 count(e.dimension_scores), count(e.dimension_tiers), count(e.class_names), count(e.class_labels), count(e.strategies),
 count(e.reasons), count(e.routing_priority), count(e.refund_ceiling)
 FROM bench c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e"

q_rec="SELECT count(c) FROM bench c"
q_tel_sel="SELECT sum((complaint_tier.evaluate('telecom', c)).score) FROM bench c"
q_ws_ctas="DROP TABLE IF EXISTS ev_result; CREATE TABLE ev_result AS SELECT c.customer_id, e.score, e.tier
 FROM bench c CROSS JOIN LATERAL complaint_tier.evaluate('bench_ws', c) e"
q_tel_ctas="DROP TABLE IF EXISTS ev_result; CREATE TABLE ev_result AS SELECT c.customer_id, e.*
 FROM bench c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e"

# COPY out + numpy + COPY back, best of k runs: "total copy_out compute copy_in" in ms
best_numpy() {
	local k=$1 best="" line i
	for ((i = 0; i < k; i++)); do
		psql -X -q -c "DROP TABLE IF EXISTS np_result"
		line=$("$py" test/bench/bench_evaluate_numpy.py bench_ws bench np_result)
		if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
			best=$line
		fi
	done
	echo "$best"
}

ct_log "checking that C, SQL and PL/pgSQL agree"
agree=$(psql -X -At -v ON_ERROR_STOP=1 -c "
SELECT count(*) FILTER (WHERE abs(e.score - x.s) > 1e-12) || ' score differences > 1e-12, ' ||
       count(*) FILTER (WHERE e.tier <> x.t) || ' tier differences (C vs SQL); ' ||
       count(*) FILTER (WHERE x.s <> p.score OR x.t <> p.tier) || ' differences (SQL vs PL/pgSQL)'
FROM bench c
CROSS JOIN LATERAL complaint_tier.evaluate('bench_ws', c) e
CROSS JOIN LATERAL (SELECT s, $tier_expr AS t FROM (SELECT $score_expr AS s) a) x
CROSS JOIN LATERAL bench_plpgsql(c) p")
echo "$agree"
np_line=$(best_numpy 1)
np_agree=$(psql -X -At -v ON_ERROR_STOP=1 -c "
SELECT count(*) FILTER (WHERE e.score <> r.score) || ' scores not bit-identical (largest difference ' ||
       coalesce(max(abs(e.score - r.score))::float4::text, '0') || '), ' ||
       count(*) FILTER (WHERE e.tier IS DISTINCT FROM r.tier) || ' tier differences, ' ||
       ($n - count(*)) || ' rows missing'
FROM bench c JOIN np_result r USING (customer_id)
CROSS JOIN LATERAL complaint_tier.evaluate('bench_ws', c) e")
echo "numpy vs C: $np_agree"

rows=""
add() { rows+="| $1 | $2 | $(secs "$3") | $(ratio "$3" "$t_scan") |"$'\n'; echo "$1 $2: $3 ms"; }
ct_log "timing ($runs runs each)"
t_scan=$(best_ms "$serial" "$q_scan" "$runs");             add "scan of the 12 indicator columns" serial "$t_scan"
t=$(best_ms "$serial" "$q_ws_c" "$runs");                  add "evaluate bench_ws (C), score + tier" serial "$t"; t_ws_c=$t
t=$(best_ms "$serial" "$q_ws_sql" "$runs");                add "hand-written SQL, constants inlined" serial "$t"; t_ws_sql=$t
t=$(best_ms "$serial" "$q_ws_pl" "$runs");                 add "PL/pgSQL function, constants inlined" serial "$t"; t_ws_pl=$t
t=$(best_ms "$serial" "$q_tel" "$runs");                   add "evaluate telecom (4 methods), score + tier only" serial "$t"; t_tel=$t
t=$(best_ms "$serial" "$q_tel_full" "$runs");              add "evaluate telecom (4 methods), full composite (all 13 columns)" serial "$t"; t_tel_full=$t
t=$(best_ms "$serial" "$q_rec" "$runs");                   add "scan building the whole-row record (count(c))" serial "$t"; t_rec=$t
t=$(best_ms "$serial" "$q_tel_sel" "$runs");               add "evaluate telecom in the select list, score only" serial "$t"; t_tel_sel=$t
t_scan_s=$t_scan
t_scan=$(best_ms "$parallel" "$q_scan" "$runs");           add "scan of the 12 indicator columns" "2 workers" "$t_scan"
t=$(best_ms "$parallel" "$q_tel" "$runs");                 add "evaluate telecom (4 methods), score + tier only" "2 workers" "$t"; t_tel_p=$t

ct_log "end to end into a table ($runs runs each)"
t_ws_ctas=$(best_ms "$serial" "$q_ws_ctas" "$runs")
t_tel_ctas=$(best_ms "$serial" "$q_tel_ctas" "$runs")
np_line=$(best_numpy "$runs")
read -r t_np t_np_out t_np_comp t_np_in _ <<<"$np_line"
e2e="| evaluate bench_ws into a new table (CREATE TABLE AS, customer_id, score, tier) | $(secs "$t_ws_ctas") | 1.00 |
| evaluate telecom into a new table (CREATE TABLE AS, customer_id and all 13 columns) | $(secs "$t_tel_ctas") | $(ratio "$t_tel_ctas" "$t_ws_ctas") |
| COPY out + numpy + COPY back (bench_ws's score and tier) | $(secs "$t_np") | $(ratio "$t_np" "$t_ws_ctas") |
| &nbsp;&nbsp;of which COPY out of the 12 columns | $(secs "$t_np_out") | |
| &nbsp;&nbsp;of which parsing + numpy | $(secs "$t_np_comp") | |
| &nbsp;&nbsp;of which COPY back + commit | $(secs "$t_np_in") | |"
echo "$e2e"

pgver=$(psql -X -At -c "SHOW server_version")
jit=$(psql -X -At -c "SELECT current_setting('jit') || ' (available: ' || pg_jit_available() || ')'")
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
met() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "**met**" : "**not met**" }'; }
r_full=$(ratio "$t_tel_full" "$t_scan_s")
r_st=$(ratio "$t_tel" "$t_scan_s")
r_ws=$(ratio "$t_ws_c" "$t_scan_s")
r_sql=$(ratio "$t_ws_sql" "$t_ws_c")
r_pl=$(ratio "$t_ws_pl" "$t_ws_c")
r_np=$(ratio "$t_np" "$t_ws_ctas")
r_rec=$(ratio "$t_rec" "$t_scan_s")
r_sel=$(ratio "$t_tel_sel" "$t_scan_s")
t_lat=$(awk -v a="$t_tel" -v b="$t_tel_sel" 'BEGIN { printf "%.3f", (a > b) ? a - b : 0 }')
t_floor=$(awk -v a="$t_rec" -v b="$t_lat" 'BEGIN { printf "%.3f", a + b }')
t_fn=$(awk -v a="$t_tel_sel" -v b="$t_rec" 'BEGIN { printf "%.3f", (a > b) ? a - b : 0 }')
r_floor=$(ratio "$t_floor" "$t_scan_s")
gen=$(mktemp)
cat >"$gen" <<EOF
Produced by \`bash test/bench/bench_evaluate.sh $n\` on $(date -u +%Y-%m-%d) (UTC):
PostgreSQL $pgver, $(nproc) CPU cores ($cpu), shared_buffers 1GB, jit $jit.
The table \`bench\` holds \`sample_customers($n)\` ($size, cached). Times in
seconds, best of $runs runs; the ratio is against the scan in the same mode.

- generating the $n customers (\`CREATE TABLE AS SELECT * FROM sample_customers($n)\`): $(secs "$tgen") s
- \`fit('telecom', 'bench')\` (four methods, 1,001 quantiles each, concordance): $(secs "$tfit") s;
  fitting bench_ws read the source in $nscans sequential scans (\`pg_stat_user_tables.seq_scan\`
  before and after, serial)

| query | mode | time (s) | / scan |
|---|---|---|---|
${rows}
End to end, into a table (serial; ratio against evaluate bench_ws):

| pipeline | time (s) | / evaluate |
|---|---|---|
${e2e}

- **scan**: sums the ten numeric indicator columns and the lengths of the two
  level columns (reads what evaluate reads).
- **bench_ws**: a copy of telecom scored by the weighted sum alone
  (\`methods = '{weighted_sum}', combine = 'weighted_sum'\`), so that its score
  and tier can be written by hand: the **hand-written SQL** and the
  **PL/pgSQL** function compute the same normalisation (CASE over the levels,
  ln(1 + x), clamped min-max), NULL defaults, weighted sum and tier CASE with
  the fitted constants inlined, generated from bench_ws's \`model_version\`
  row. Agreement on all $n rows: $agree.
- **telecom**: the shipped model, four methods (weighted sum, TOPSIS, grey
  relational, VIKOR), each mapped to its percentile among 1,001 stored
  quantiles, mean percentile, tier. **score + tier only** reads two columns
  of the result; **full composite** reads every one of the 13 columns of
  \`complaint_tier.evaluation\` (the function computes all of them either
  way; the difference is the executor reading them).
- **whole-row record**: \`count(c)\` forms the record that
  \`evaluate('telecom', c)\` receives (a whole-row Var: the tuple is copied
  and flattened for every row). **select list**:
  \`(evaluate('telecom', c)).score\`, the same C function without the LATERAL
  function scan, which stores each call's single result row in a tuplestore
  and looks up the result row type for every call (PostgreSQL's executor,
  ExecMakeTableFunctionResult).
- **COPY out + numpy + COPY back**: test/bench/bench_evaluate_numpy.py, timed
  end to end in one process: reads bench_ws's fitted constants, COPY (text)
  of customer_id and the 12 indicator columns to the client, np.loadtxt, the
  same normalisation, weighted sum, clamp and tier (np.searchsorted) in
  numpy, COPY of (customer_id, score, tier) into a new table, commit.
  Agreement with evaluate on all $n rows: $np_agree (numpy's log1p is not
  glibc's: the two differ in the last bit for some inputs).
- serial: \`max_parallel_workers_per_gather = 0\`; 2 workers: parallel costs
  set to 0, \`parallel_leader_participation = off\`.
- JIT is on (PostgreSQL's default), which the long generated SQL expression
  pays for at plan time; the C function and PL/pgSQL do not benefit from it.

## Against the targets

| target | measured | |
|---|---|---|
| full evaluate within 2x of the column scan | full composite ${r_full}x | $(met "$r_full" 2) |
| score + tier within 1.3x of the column scan | telecom ${r_st}x, bench_ws ${r_ws}x | $(met "$r_st" 1.3) |
| not slower than hand-written SQL | evaluate is ${r_sql}x faster | $(met 1 "$r_sql") |
| at least 30x faster than PL/pgSQL | evaluate is ${r_pl}x faster | $(met 30 "$r_pl") |
| at least 10x faster end to end than COPY out + numpy + COPY back | evaluate is ${r_np}x faster | $(met 10 "$r_np") |
| fit in at most 3 scans | $nscans scans | $(met "$nscans" 3) |

Why the ratios to the scan stay high (serial numbers above): a scan that
only forms the whole-row record evaluate receives (\`count(c)\`) already
takes ${r_rec}x the column scan, and calling the same function with LATERAL
instead of in the select list adds $(secs "$t_lat") s per $n rows: a
function in FROM that returns one composite row goes through a function
scan, which for every call creates a tuplestore, looks up the result row
type, stores the row and reads it back (PostgreSQL's executor,
ExecMakeTableFunctionResult). Together that is a floor of ${r_floor}x the
column scan for any C function called as \`CROSS JOIN LATERAL f(model, c)\`
with the whole row, above the 2x and 1.3x targets before evaluate computes
anything. What is left to the function, about $(secs "$t_fn") s per $n rows
(select-list call minus the record scan, which also holds the call and
field selection of the select list), is reading the record
(heap_deform_tuple of the whole row), the normalisation (log1p), the four
methods, four percentile lookups, the three classifications and forming
the 13-column result tuple (dimension scores, tiers and class labels in
arrays).
The same floor bounds the other two targets: the PL/pgSQL and numpy
baselines compute the weighted sum alone with constants inlined, so
evaluate can be at most about $(ratio "$t_ws_pl" "$t_floor")x faster than
PL/pgSQL (its time over the floor) and the end-to-end pipeline pays the
floor plus writing the table.

Where the time went before and after the tuning of this version (perf
record on one backend, 200,000 rows, LATERAL, score + tier): the C
function's own share fell from about 1.0 to 0.7 microseconds per row (the
previous run of this benchmark at 1,000,000 rows, same machine: 2.506 s for
telecom score + tier and 2.156 s for bench_ws, serial). The
per-row TOPSIS, grey relational and VIKOR calls re-validated the weights
and parameters every row (ct_check_weights, range checks) and went through
out-of-line calls: they now run as inline loops with the checks done once
per query, computing the same floating-point operations in the same order
(same bits, checked by test/unit/test_model_fast.c and by comparing every
output column on 200,000 rows); the four binary searches over 1,001
quantiles start from a 1,024-bucket index of each method's quantiles;
normalisation of the quantitative indicators is inlined; the dimension
sums are accumulated in registers; labels are stored with short varlena
headers so that forming the result copies them as they are. Already in
place before: one catalog read per query, the row deformed once with
heap_deform_tuple into preallocated arrays through the cached attribute
map, label datums built once per query; no palloc per row except the
result tuple. The remaining profile is dominated by the executor
(whole-row record, function scan) and by heap_deform_tuple, log1p and
heap_form_tuple.
EOF
# Only the generated part of $out is replaced (between its markers): the
# hand-written sections around it stay.
begin='<!-- generated by test/bench/bench_evaluate.sh: begin (the script replaces what lies between these markers) -->'
end='<!-- generated by test/bench/bench_evaluate.sh: end -->'
if [ -f "$out" ] && grep -qF -- "$begin" "$out" && grep -qF -- "$end" "$out"; then
	awk -v b="$begin" -v e="$end" -v gen="$gen" '
		$0 == b { print; while ((getline l < gen) > 0) print l; skip = 1; next }
		$0 == e { skip = 0 }
		!skip' "$out" >"$out.new" && mv "$out.new" "$out"
else
	{ echo '# Benchmarks: evaluate()'; echo; echo "$begin"; cat "$gen"; echo "$end"; } >"$out"
fi
rm -f "$gen"
ct_log "wrote $out"
cat "$out"
