#!/usr/bin/env bash
# test/bench/bench_fairness.sh: fairness() over many groups.
#
#   bash test/bench/bench_fairness.sh [ROWS [GROUPS ...]]   (default: 1000000 2000 20000 100000)
#
# Generates ROWS customers with sample_customers(), fits the shipped telecom
# model, and times, for each GROUPS, fairness('telecom', v, 'grp') over a view
# v of the customers with grp = customer_id % GROUPS (ROWS / GROUPS customers
# per group), against the one evaluate() pass over the same rows that the
# report makes.  With CT_FAIRNESS_BASELINE=<git revision>, also installs that
# revision's fairness() (src/sql/300_fairness.sql) as fairness_baseline and,
# for each of CT_FAIRNESS_BASELINE_GROUPS (default 500 1000 2000), times it
# and checks that both give the same rows in the same order.  Prints Markdown
# tables for doc/fairness.md ("Performance") with the command line and the
# machine.  Not part of the test suite; the extension is loaded from a
# private copy of this worktree's build.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/bench_lib.sh"
cd "$CT_ROOT"

n=${1:-1000000}
shift || true
groups=${*:-2000 20000 100000}

ct_ensure_packages $CT_BASE_PACKAGES
ct_bench_start "shared_buffers = '1GB'" "work_mem = '64MB'"

ct_log "generating $n sample customers and fitting telecom"
psql -X -q -v ON_ERROR_STOP=1 <<-SQL
	CREATE TABLE bench AS SELECT * FROM complaint_tier.sample_customers($n);
	VACUUM (FREEZE, ANALYZE) bench;
	SELECT complaint_tier.fit('telecom', 'bench');
SQL
serial="SET max_parallel_workers_per_gather = 0;"
tev=$(ct_best_ms "$serial" "SELECT count(e.tier) FROM bench c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e" 1)
rows_md=""
for g in $groups; do
	psql -X -q -c "CREATE OR REPLACE VIEW bench_g AS SELECT *, (customer_id % $g)::text AS grp FROM bench"
	ct_log "fairness over $g groups"
	tf=$(ct_best_ms "$serial" "SELECT count(*) FROM complaint_tier.fairness('telecom', 'bench_g', 'grp')" 1)
	out_rows=$(psql -X -At -c "SELECT count(*) FROM complaint_tier.fairness('telecom', 'bench_g', 'grp')")
	rows_md+="| $n | $g | $out_rows | $(ct_secs "$tf") | $(ct_ratio "$tf" "$tev") |"$'\n'
	echo "$g groups: $tf ms, $out_rows rows"
done

base_md=""
if [ -n "${CT_FAIRNESS_BASELINE:-}" ]; then
	git show "$CT_FAIRNESS_BASELINE:src/sql/300_fairness.sql" |
		sed -e 's/CREATE FUNCTION fairness(/CREATE FUNCTION complaint_tier.fairness_baseline(/' \
			-e 's/fairness\.model/fairness_baseline.model/g' -e '/^COMMENT ON/,$d' |
		psql -X -q -v ON_ERROR_STOP=1 >/dev/null
	for g in ${CT_FAIRNESS_BASELINE_GROUPS:-500 1000 2000}; do
		psql -X -q -c "CREATE OR REPLACE VIEW bench_g AS SELECT *, (customer_id % $g)::text AS grp FROM bench"
		ct_log "baseline ($CT_FAIRNESS_BASELINE) over $g groups"
		tb=$(ct_best_ms "$serial" "SELECT count(*) FROM complaint_tier.fairness_baseline('telecom', 'bench_g', 'grp')" 1)
		tf=$(ct_best_ms "$serial" "SELECT count(*) FROM complaint_tier.fairness('telecom', 'bench_g', 'grp')" 1)
		diff=$(psql -X -At -c "SELECT count(*) FROM (
			(SELECT row_number() OVER () AS i, * FROM complaint_tier.fairness('telecom', 'bench_g', 'grp')
			 EXCEPT ALL SELECT row_number() OVER (), * FROM complaint_tier.fairness_baseline('telecom', 'bench_g', 'grp'))
			UNION ALL
			(SELECT row_number() OVER (), * FROM complaint_tier.fairness_baseline('telecom', 'bench_g', 'grp')
			 EXCEPT ALL SELECT row_number() OVER () AS i, * FROM complaint_tier.fairness('telecom', 'bench_g', 'grp'))) d")
		base_md+="| $n | $g | $(ct_secs "$tb") | $(ct_secs "$tf") | $(ct_ratio "$tb" "$tf") | $diff |"$'\n'
		echo "$g groups: baseline $tb ms, now $tf ms, $diff rows differ"
	done
fi

pgver=$(psql -X -At -c "SHOW server_version")
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
cat <<EOF

Produced by \`${CT_FAIRNESS_BASELINE:+CT_FAIRNESS_BASELINE=$CT_FAIRNESS_BASELINE }bash test/bench/bench_fairness.sh $n $groups\` on $(date -u +%Y-%m-%d) (UTC):
PostgreSQL $pgver, $(nproc) CPU cores ($cpu), serial plans, one run each;
load average (1, 5, 15 min) at the end $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared).
The evaluate() pass alone over the $n customers
(\`SELECT count(e.tier) FROM bench c CROSS JOIN LATERAL evaluate('telecom', c) e\`): $(ct_secs "$tev") s.

| rows | groups | report rows | fairness() (s) | / evaluate pass |
|---|---|---|---|---|
${rows_md}
EOF
[ -n "$base_md" ] && cat <<EOF
Against fairness() of \`$CT_FAIRNESS_BASELINE\`, on the same table:

| rows | groups | baseline (s) | now (s) | baseline / now | rows that differ |
|---|---|---|---|---|---|
${base_md}
EOF
true
