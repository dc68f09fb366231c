#!/usr/bin/env bash
# test/bench/bench_evaluate_instr.sh: instructions per customer of evaluate(),
# counted by callgrind, for this worktree and optionally a git revision.
#
#   bash test/bench/bench_evaluate_instr.sh [REV]
#
# On a shared machine wall-clock times of one query vary by several per cent
# from run to run; the number of instructions the backend executes does not.
# Builds this worktree (and REV, exported with git archive) into private
# copies of the module, loads each into its own database of one private
# cluster with sample_customers(20000) as t20, its first 10,000 rows as t10
# and telecom fitted on t20, then runs
#   SELECT count(*) FROM t CROSS JOIN LATERAL complaint_tier.evaluate('telecom', t) e
# over t10 and t20 in a single-user backend under valgrind --tool=callgrind:
# (Ir(t20) - Ir(t10)) / 10,000 is the count per customer, without start-up,
# catalogue reads and the first call's compilation.  Not part of the tests.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/bench_lib.sh"
cd "$CT_ROOT"

rev=${1:-}
ct_ensure_packages $CT_BASE_PACKAGES valgrind
work=$(mktemp -d /tmp/ct_bench_instr.XXXXXX)
chmod 755 "$work"
cleanup() {
	ct_pg_stop
	rm -rf "$work"
}
trap cleanup EXIT

build() { ct_bench_build "$1" "$2" "$work"; }
names=(worktree)
build worktree "$CT_ROOT"
if [ -n "$rev" ]; then
	mkdir "$work/rev"
	git archive "$rev" | tar -x -C "$work/rev"
	build rev "$work/rev"
	names+=(rev)
fi

ct_pg_start
for name in "${names[@]}"; do
	createdb "b_$name"
	psql -X -q -v ON_ERROR_STOP=1 -d "b_$name" -f "$work/$name.sql" >/dev/null 2>&1
	psql -X -q -v ON_ERROR_STOP=1 -d "b_$name" >/dev/null 2>&1 <<'SQL'
CREATE TABLE t20 AS SELECT * FROM complaint_tier.sample_customers(20000);
CREATE TABLE t10 AS SELECT * FROM t20 WHERE customer_id <= 10000;
SELECT complaint_tier.fit('telecom', 't20');
SQL
	psql -X -q -d "b_$name" -c "VACUUM (FREEZE, ANALYZE) t10" -c "VACUUM (FREEZE, ANALYZE) t20"
done
# single-user backends need the cluster to themselves
ct_as_pg "$(ct_pg_bindir)/pg_ctl" -D "$CT_PG_DIR/data" -w stop >/dev/null

# instructions of one single-user backend running the query over table $2 of database $1
instructions() {
	local out="$CT_PG_DIR/cg.$1.$2"
	echo "SELECT count(*) FROM $2 t CROSS JOIN LATERAL complaint_tier.evaluate('telecom', t) e;" |
		ct_as_pg valgrind --tool=callgrind --callgrind-out-file="$out" "$(ct_pg_bindir)/postgres" --single -j \
			-D "$CT_PG_DIR/data" -c jit=off -c max_parallel_workers_per_gather=0 "$1" 2>"$out.log" >/dev/null
	sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out.log"
}
printf '%-9s %14s %14s %12s\n' build 'Ir(t10)' 'Ir(t20)' 'per customer'
for name in "${names[@]}"; do
	a=$(instructions "b_$name" t10)
	b=$(instructions "b_$name" t20)
	printf '%-9s %14d %14d %12.1f\n' "$name" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { print (b - a) / 10000 }')"
done
