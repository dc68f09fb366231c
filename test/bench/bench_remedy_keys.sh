#!/usr/bin/env bash
# test/bench/bench_remedy_keys.sh: the remedy_stats aggregate with few and
# many distinct keys, for this worktree and optionally a git revision.
#
#   bash test/bench/bench_remedy_keys.sh [REV] [ROWS]    (ROWS default 1000000)
#
# Builds this worktree (and REV, exported with git archive) into private
# copies of the module, each installed by hand in its own database of one
# private cluster, then times (best of CT_BENCH_RUNS, default 3, serial)
#   SELECT remedy_stats('seg' || ((i * 7919) % K), 'p', 'r', i % 3 = 0, NULL) IS NOT NULL
#   FROM generate_series(1, ROWS) i
# for K = 100, 1,000, 10,000, 100,000 distinct keys, and the same scan
# computing the key alone (count('seg' || ...)); the time per row of the
# aggregate is (aggregate - key scan) / ROWS.  With CT_BENCH_INSTR=1 it
# also counts the instructions per row of the aggregate (callgrind, in a
# single-user backend: (Ir over 200,000 rows - Ir over 100,000) / 100,000,
# load-independent) for each build and K.  Not part of the tests.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/bench_lib.sh"
cd "$CT_ROOT"

rev=${1:-}
n=${2:-1000000}
runs=${CT_BENCH_RUNS:-3}
work=$(mktemp -d /tmp/ct_bench_remedy.XXXXXX)
chmod 755 "$work"
trap 'ct_pg_stop; rm -rf "$work"' EXIT

build() { ct_bench_build "$1" "$2" "$work"; }
names=(worktree)
build worktree "$CT_ROOT"
if [ -n "$rev" ]; then
	mkdir "$work/rev"
	git archive "$rev" | tar -x -C "$work/rev"
	build rev "$work/rev"
	names+=(rev)
fi
ct_pg_start >/dev/null
ct_log "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo "| build | distinct keys | aggregate (s) | key scan alone (s) | aggregate per row (µs) |"
echo "|---|---|---|---|---|"
for name in "${names[@]}"; do
	createdb "b_$name"
	psql -X -q -v ON_ERROR_STOP=1 -d "b_$name" -f "$work/$name.sql" >/dev/null 2>&1
	for k in 100 1000 10000 100000; do
		key="'seg' || ((i * 7919) % $k)"
		ta=$(PGDATABASE="b_$name" ct_best_ms "$CT_BENCH_SERIAL" \
			"SELECT complaint_tier.remedy_stats($key, 'p', 'r', i % 3 = 0, NULL) IS NOT NULL FROM generate_series(1, ${n}::bigint) i" "$runs")
		tk=$(PGDATABASE="b_$name" ct_best_ms "$CT_BENCH_SERIAL" \
			"SELECT count($key) FROM generate_series(1, ${n}::bigint) i" "$runs")
		echo "| $name${rev:+ }$( [ "$name" = rev ] && echo "($rev)") | $k | $(ct_secs "$ta") | $(ct_secs "$tk") | $(awk -v a="$ta" -v b="$tk" -v n="$n" 'BEGIN { printf "%.3f", (a - b) * 1000 / n }') |"
	done
done
if [ "${CT_BENCH_INSTR:-0}" = 1 ]; then
	ct_ensure_packages valgrind
	ct_as_pg "$(ct_pg_bindir)/pg_ctl" -D "$CT_PG_DIR/data" -w stop >/dev/null
	instructions() {   # database K rows
		local out="$CT_PG_DIR/cg.$$"
		echo "SELECT complaint_tier.remedy_stats('seg' || ((i * 7919) % $2), 'p', 'r', i % 3 = 0, NULL) IS NOT NULL FROM generate_series(1, ${3}::bigint) i;" |
			ct_as_pg valgrind --tool=callgrind --callgrind-out-file="$out" "$(ct_pg_bindir)/postgres" --single -j \
				-D "$CT_PG_DIR/data" -c jit=off -c max_parallel_workers_per_gather=0 "$1" 2>"$out.log" >/dev/null
		sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out.log"
		rm -f "$out" "$out.log"
	}
	echo
	echo "| build | distinct keys | instructions per row |"
	echo "|---|---|---|"
	for name in "${names[@]}"; do
		for k in 100 100000; do
			a=$(instructions "b_$name" "$k" 100000)
			b=$(instructions "b_$name" "$k" 200000)
			echo "| $name | $k | $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.0f", (b - a) / 100000 }') |"
		done
	done
	ct_as_pg "$(ct_pg_bindir)/pg_ctl" -D "$CT_PG_DIR/data" -l "$CT_PG_DIR/log" -w start >/dev/null
fi
ct_log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
