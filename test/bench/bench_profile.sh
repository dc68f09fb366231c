#!/usr/bin/env bash
# test/bench/bench_profile.sh: benchmark of the ticket profile.
#
#   bash test/bench/bench_profile.sh [TICKETS ...]     (default: 1000000 10000000)
#
# For each size, generates about TICKETS tickets with sample_tickets() (2.97
# tickets per customer), indexes the ticket time, and times, each the best of
# CT_BENCH_RUNS runs (default 3; one run above 2,000,000 tickets), writing
# every result into an unlogged table (what a materialised view refresh
# does), as of 2025-01-01 00:00 UTC:
#   profile       the view of create_profile_view(): profile_state() per
#                 customer and profile() at the as-of time, serially and
#                 with 2 parallel workers
#   hand-written  one GROUP BY with FILTER clauses computing the same columns
#                 (counts in three windows, escalations, first and last,
#                 recency, shares, means, maximum, and mode() WITHIN GROUP
#                 for the three most frequent values), and the same without
#                 the three mode() aggregates
#   incremental   an incremental profile view (kind => 'incremental') built up
#                 to the day before, then refresh_profile() with the last
#                 day's tickets, and the read of every profile from the
#                 refreshed states; against recomputing the states from every
#                 ticket (refresh_profile(..., rebuild => true)) and against
#                 rolling up stored daily states with merge()
# and checks that the profile and the hand-written columns agree.  Replaces
# the section "Ticket profile" of doc/benchmarks.md (CT_BENCH_OUT
# overrides) with the command line and the machine.  Not part of the test
# suite.  Runs on a private copy of this worktree's build (bench_lib.sh).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/bench_lib.sh"
cd "$CT_ROOT"

sizes=${*:-1000000 10000000}
runs=${CT_BENCH_RUNS:-3}
out=${CT_BENCH_OUT:-doc/benchmarks.md}
as_of="'2025-01-01 00:00+00'::timestamptz"
day_before="'2024-12-31 00:00+00'::timestamptz"

ct_ensure_packages $CT_BASE_PACKAGES
export PGOPTIONS="-c client_min_messages=warning"
ct_bench_start "shared_buffers = '4GB'" "work_mem = '2GB'" "max_parallel_workers = 4" \
	"max_parallel_workers_per_gather = 2" "max_wal_size = '8GB'"
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -c "SET search_path = complaint_tier; SELECT 1" >/dev/null

# one hand-written GROUP BY with the columns of complaint_tier.ticket_profile
hand_cols="count(*) AS complaints_total,
	count(*) FILTER (WHERE opened_at > $as_of - interval '720 hours')::int AS complaints_30d,
	count(*) FILTER (WHERE opened_at > $as_of - interval '2160 hours')::int AS complaints_90d,
	count(*) FILTER (WHERE opened_at > $as_of - interval '8760 hours')::int AS complaints_365d,
	CASE WHEN count(escalated) > 0 THEN count(*) FILTER (WHERE escalated) END AS escalations_total,
	CASE WHEN count(escalated) FILTER (WHERE opened_at > $as_of - interval '8760 hours') > 0
	     THEN count(*) FILTER (WHERE escalated AND opened_at > $as_of - interval '8760 hours') END::int AS escalations_12m,
	min(opened_at) AS first_complaint, max(opened_at) AS last_complaint,
	extract(epoch FROM $as_of - max(opened_at))::float8 / 86400 AS days_since_last,
	extract(epoch FROM $as_of - min(opened_at))::float8 / 86400 AS complainant_days,
	avg(unreasonable::int)::float8 AS unreasonable_ratio,
	avg(handling_hours) AS handling_hours, max(handling_hours) AS handling_hours_max,
	avg(accepted::int)::float8 AS accepted_ratio, avg(satisfaction) AS satisfaction"
hand_modes="mode() WITHIN GROUP (ORDER BY problem_type) AS problem_type,
	mode() WITHIN GROUP (ORDER BY channel) AS channel,
	mode() WITHIN GROUP (ORDER BY remedy) AS remedy"
q_hand="CREATE UNLOGGED TABLE r_hand AS SELECT customer_id, $hand_cols, $hand_modes
	FROM tickets WHERE opened_at <= $as_of GROUP BY customer_id"
q_hand_nomode="CREATE UNLOGGED TABLE r_nomode AS SELECT customer_id, $hand_cols
	FROM tickets WHERE opened_at <= $as_of GROUP BY customer_id"
q_prof="CREATE UNLOGGED TABLE r_prof AS SELECT * FROM profile_now"
q_read="CREATE UNLOGGED TABLE r_read AS SELECT * FROM profile_live"
q_rollup="CREATE UNLOGGED TABLE r_rollup AS SELECT d.customer_id, p.*
	FROM (SELECT customer_id, complaint_tier.merge(state) AS s FROM daily GROUP BY customer_id) d
	CROSS JOIN LATERAL complaint_tier.profile(d.s, $day_before) p"

# Wall and backend CPU time in ms of one run of QUERY after SETTING, as
# "wall cpu": the CPU time (user + system of the backend, from /proc) is
# what the query costs whatever else runs on a shared machine; with
# parallel workers it is the leader's only.
run_ms() {
	local setting=$1 query=$2 out c0 c1
	out=$(psql -At <<-SQL
		$setting
		SELECT pg_backend_pid() AS pid \gset
		\setenv PID :pid
		\! awk '{ print \$14 + \$15 }' /proc/\$PID/stat >$CT_BENCH_WORK/cpu0
		\timing on
		$query;
		\timing off
		\! awk '{ print \$14 + \$15 }' /proc/\$PID/stat >$CT_BENCH_WORK/cpu1
	SQL
	)
	c0=$(cat "$CT_BENCH_WORK/cpu0")
	c1=$(cat "$CT_BENCH_WORK/cpu1")
	echo "$(echo "$out" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1) $(((c1 - c0) * 1000 / $(getconf CLK_TCK)))"
}
# best of k runs (by wall time) of a CREATE TABLE AS query, its table dropped first
ctas_ms() {
	local setting=$1 query=$2 k=$3 table best="" r i
	table=$(echo "$query" | sed -n 's/^CREATE UNLOGGED TABLE \([a-z_]*\) .*/\1/p')
	for ((i = 0; i < k; i++)); do
		r=$(run_ms "${table:+DROP TABLE IF EXISTS $table; }$setting" "$query")
		if [ -z "$best" ] || awk -v a="${r% *}" -v b="${best% *}" 'BEGIN { exit !(a < b) }'; then
			best=$r
		fi
	done
	echo "$best"
}
# "wall (cpu)" in seconds
fmt() { echo "$(ct_secs "${1% *}") ($(ct_secs "${1#* }"))"; }
wall() { echo "${1% *}"; }
plan_of() {
	psql -At -c "$1" -c "EXPLAIN (COSTS OFF) $2" | grep -m1 -E 'Aggregate' | sed 's/^[ ->]*//'
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rows_md=""
inc_md=""
check_md=""
for t in $sizes; do
	n=$(awk -v t="$t" 'BEGIN { printf "%d", t / 2.97 }')
	ct_log "generating the tickets of $n customers"
	psql <<-SQL
		DROP TABLE IF EXISTS tickets, daily CASCADE;
		CREATE TABLE tickets AS SELECT * FROM complaint_tier.sample_tickets($n);
		CREATE INDEX ON tickets (opened_at);
		VACUUM (FREEZE, ANALYZE) tickets;
		SELECT complaint_tier.create_profile_view('sample_tickets', 'tickets', 'profile_now', $as_of);
	SQL
	tickets=$(psql -At -c "SELECT count(*) FROM tickets")
	size=$(psql -At -c "SELECT pg_size_pretty(pg_table_size('tickets'))")
	k=$runs
	[ "$t" -gt 2000000 ] && k=1
	ct_log "$tickets tickets: profile and hand-written"
	tp_s=$(ctas_ms "$CT_BENCH_SERIAL" "$q_prof" "$k")
	tp_g=$(ctas_ms "$CT_BENCH_SERIAL SET enable_hashagg = off;" "$q_prof" "$k")
	tp_p=$(ctas_ms "$CT_BENCH_PARALLEL" "$q_prof" "$k")
	th=$(ctas_ms "$CT_BENCH_SERIAL" "$q_hand" "$k")
	tn_s=$(ctas_ms "$CT_BENCH_SERIAL" "$q_hand_nomode" "$k")
	tn_p=$(ctas_ms "$CT_BENCH_PARALLEL" "$q_hand_nomode" "$k")
	pp_s=$(plan_of "$CT_BENCH_SERIAL" "SELECT * FROM profile_now")
	pp_p=$(plan_of "$CT_BENCH_PARALLEL" "SELECT * FROM profile_now")
	ph=$(plan_of "$CT_BENCH_SERIAL" "${q_hand#CREATE UNLOGGED TABLE r_hand AS }")
	pn_s=$(plan_of "$CT_BENCH_SERIAL" "${q_hand_nomode#CREATE UNLOGGED TABLE r_nomode AS }")
	pn_p=$(plan_of "$CT_BENCH_PARALLEL" "${q_hand_nomode#CREATE UNLOGGED TABLE r_nomode AS }")
	agree=$(psql -At <<-'SQL'
		SELECT format('%s customers; %s with every column equal (floats within 1e-12 relative)', count(*),
		       count(*) FILTER (WHERE row(p.complaints_total, p.complaints_30d, p.complaints_90d, p.complaints_365d,
		                                  p.escalations_total, p.escalations_12m, p.first_complaint, p.last_complaint,
		                                  p.problem_type, p.channel, p.remedy, p.handling_hours_max)
		                              IS NOT DISTINCT FROM
		                              row(h.complaints_total, h.complaints_30d, h.complaints_90d, h.complaints_365d,
		                                  h.escalations_total, h.escalations_12m, h.first_complaint, h.last_complaint,
		                                  h.problem_type, h.channel, h.remedy, h.handling_hours_max)
		                          AND abs(p.days_since_last - h.days_since_last) <= 1e-9
		                          AND abs(p.complainant_days - h.complainant_days) <= 1e-9
		                          AND abs(p.unreasonable_ratio - h.unreasonable_ratio) <= 1e-12
		                          AND abs(p.accepted_ratio - h.accepted_ratio) <= 1e-12
		                          AND abs(p.handling_hours - h.handling_hours) <= 1e-12 * h.handling_hours
		                          AND (p.satisfaction IS NULL AND h.satisfaction IS NULL
		                               OR abs(p.satisfaction - h.satisfaction) <= 1e-12 * h.satisfaction)))
		FROM r_prof p FULL JOIN r_hand h USING (customer_id);
	SQL
	)
	ct_log "$agree"
	rows_md+="| $tickets ($size, $n customers) | $(fmt "$tp_s") | $(fmt "$tp_g") | $(ct_secs "$(wall "$tp_p")") | $(fmt "$th") | $(fmt "$tn_s") | $(ct_secs "$(wall "$tn_p")") | $(ct_ratio "${th#* }" "${tp_s#* }") / $(ct_ratio "${th#* }" "${tp_g#* }") |"$'\n'
	check_md+="- $tickets tickets: $agree. Plans: profile \`$pp_s\`, with enable_hashagg off \`GroupAggregate\`, with 2 workers \`$pp_p\`; hand-written \`$ph\`; without modes \`$pn_s\`, with 2 workers \`$pn_p\`."$'\n'

	ct_log "$tickets tickets: incremental"
	psql <<-SQL
		DROP VIEW IF EXISTS profile_live;
		DROP TABLE IF EXISTS profile_live_state;
		DELETE FROM complaint_tier.profile_view;
		SELECT complaint_tier.create_profile_view('sample_tickets', 'tickets', 'profile_live', kind => 'incremental');
	SQL
	# recompute every state from the tickets up to the day before (a rebuild)
	t_rebuild=$(ctas_ms "$CT_BENCH_SERIAL" "SELECT complaint_tier.refresh_profile('profile_live', $day_before, rebuild => true)" "$k")
	day_tickets=$(psql -At -c "SELECT count(*) FROM tickets WHERE opened_at > $day_before AND opened_at <= $as_of")
	# the last day: refresh, then put the states back for the next run
	best=""
	for ((i = 0; i < k; i++)); do
		psql -c "SELECT complaint_tier.refresh_profile('profile_live', $day_before, rebuild => true)" >/dev/null
		psql -c "VACUUM ANALYZE profile_live_state" >/dev/null
		r=$(run_ms "$CT_BENCH_SERIAL" "SELECT complaint_tier.refresh_profile('profile_live', $as_of)")
		if [ -z "$best" ] || awk -v a="${r% *}" -v b="${best% *}" 'BEGIN { exit !(a < b) }'; then best=$r; fi
	done
	t_refresh=$best
	customers_refreshed=$(psql -At -c "SELECT count(DISTINCT customer_id) FROM tickets WHERE opened_at > $day_before AND opened_at <= $as_of")
	t_read=$(ctas_ms "$CT_BENCH_SERIAL" "$q_read" "$k")
	inc_agree=$(psql -At -c "SELECT format('%s of %s customers equal to the profile recomputed from the tickets', count(*) FILTER (WHERE row(r.complaints_total, r.complaints_90d, r.escalations_12m, r.last_complaint, r.problem_type, r.accepted_ratio) IS NOT DISTINCT FROM row(p.complaints_total, p.complaints_90d, p.escalations_12m, p.last_complaint, p.problem_type, p.accepted_ratio) AND abs(r.handling_hours - p.handling_hours) <= 1e-12 * p.handling_hours), count(*)) FROM r_read r FULL JOIN r_prof p USING (customer_id)")
	ct_log "$inc_agree"
	# daily states of every day up to the day before, rolled up with merge()
	psql -c "CREATE UNLOGGED TABLE daily AS SELECT customer_id, date_trunc('day', opened_at, 'UTC') AS day,
		complaint_tier.profile_state(opened_at, problem_type, channel, remedy, escalated, unreasonable,
		                             handling_hours, accepted, satisfaction) AS state
		FROM tickets WHERE opened_at <= $day_before GROUP BY 1, 2" -c "VACUUM ANALYZE daily" >/dev/null
	daily_rows=$(psql -At -c "SELECT count(*) FROM daily")
	t_rollup=$(ctas_ms "$CT_BENCH_SERIAL" "$q_rollup" "$k")
	inc_md+="| $tickets | $day_tickets tickets, $customers_refreshed customers | $(fmt "$t_refresh") | $(fmt "$tp_s") | $(ct_ratio "${tp_s#* }" "${t_refresh#* }") | $(fmt "$t_rebuild") | $(fmt "$t_read") | $(ct_ratio "${tp_s#* }" "$((${t_refresh#* } + ${t_read#* }))") | $(fmt "$t_rollup") ($daily_rows daily states) |"$'\n'
	check_md+="- $tickets tickets, incremental: $inc_agree."$'\n'
	psql -c "DROP VIEW profile_live, profile_now; DROP TABLE profile_live_state, daily, tickets, r_prof, r_hand, r_nomode, r_read, r_rollup; DELETE FROM complaint_tier.profile_view" >/dev/null
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
pgver=$(psql -At -c "SHOW server_version")
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
section=$(cat <<EOF
## Ticket profile

Produced by \`bash test/bench/bench_profile.sh $sizes\` on $(date -u +%Y-%m-%d) (UTC):
PostgreSQL $pgver, $(nproc) CPU cores ($cpu), shared_buffers 4GB, work_mem 2GB;
load average (1, 5, 15 min) $load_before at the start and $load_after at the
end: the machine is shared with other work, so every cell gives the wall
time and, in parentheses, the CPU time of the backend (user + system, from
\`/proc\`: what the query itself costs; with parallel workers only the wall
time means anything). Tickets from \`sample_tickets(n)\` (2.97 per customer,
2023-01-01 to 2024-12-31), an index on the ticket time, the table cached.
Every query writes its result into an unlogged table (what a materialised
view refresh does). Seconds, best of $runs runs by wall time (one run above
2,000,000 tickets), as of 2025-01-01 00:00 UTC.

- **profile**: \`SELECT * FROM profile_now\`, the view \`create_profile_view('sample_tickets', 'tickets', 'profile_now', as_of)\`
  builds: \`profile_state(...)\` per customer, then \`profile(state, as_of)\`;
  the plan PostgreSQL chooses (hash aggregation), the same with
  \`enable_hashagg = off\` (sorted), and with 2 workers.
- **hand-written**: one \`GROUP BY customer_id\` with \`FILTER\` clauses for the
  windows, \`min\`/\`max\`/\`avg\` for times, shares and means, and
  \`mode() WITHIN GROUP (ORDER BY ...)\` for the most frequent problem type,
  channel and remedy: the same 19 columns. **no modes**: the same without the
  three \`mode()\` (16 columns). \`mode()\` is an ordered-set aggregate: it
  needs a sorted plan and never runs in parallel.
- serial: \`max_parallel_workers_per_gather = 0\`; 2 workers:
  \`parallel_leader_participation = off\`, parallel costs 0.

| tickets (table size, customers) | profile | profile, sorted | profile, 2 workers | hand-written | no modes | no modes, 2 workers | hand-written / profile (CPU: hashed / sorted) |
|---|---|---|---|---|---|---|---|
${rows_md}
Incremental refresh: an incremental profile view (\`create_profile_view(..., kind => 'incremental')\`)
holds one \`profile_state\` per customer, built up to 2024-12-31. **refresh**
is \`refresh_profile(view, '2025-01-01')\`: it aggregates the last day's
tickets into states and merges them into the stored ones
(\`INSERT ... ON CONFLICT DO UPDATE SET state = profile_state_combine(...)\`).
It is compared with recomputing the **profile from the tickets** (the first
table's "profile"). **rebuild** is \`refresh_profile(view, '2024-12-31', rebuild => true)\`:
every stored state again from every ticket (written to a logged table with
its primary key). **read** writes every profile from the refreshed states
(\`profile(state, watermark)\` per customer, no aggregation). **roll-up**
recomputes the profiles from stored daily states (one per customer and day)
with \`merge(profile_state)\`.

| tickets | the last day | refresh | profile from tickets | from tickets / refresh (CPU) | rebuild | read | from tickets / (refresh + read) (CPU) | roll-up of daily states |
|---|---|---|---|---|---|---|---|---|
${inc_md}
Checks:
${check_md}
EOF
)
# replace this section of the file (or append it), leaving the others as they are
if [ -f "$out" ] && grep -q '^## Ticket profile' "$out"; then
	awk -v s="$section" '
		/^## Ticket profile/ { print s; skip = 1; next }
		skip && /^## / { skip = 0 }
		!skip { print }' "$out" >"$out.new"
	mv "$out.new" "$out"
else
	printf '\n%s\n' "$section" >>"$out"
fi
ct_log "wrote $out"
echo "$section"
