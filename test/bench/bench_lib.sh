# test/bench/bench_lib.sh: shared helpers of the benchmark scripts (sourced
# after test/lib.sh).
#
#   ct_bench_start CONF...   build, copy the module to a private directory
#                            ($CT_BENCH_WORK) as complaint_tier_bench.so, start
#                            a temporary cluster with the given settings and
#                            run the install script there by hand: the
#                            benchmark neither needs nor disturbs the
#                            system-wide installation (no install lock)
#   ct_bench_build NAME DIR WORK   build the tree in DIR and put its module as
#                            WORK/ct_NAME.so and its install script (run by
#                            hand, module path substituted) as WORK/NAME.sql
#   ct_best_ms SETTING QUERY N   best wall time in ms of N runs of QUERY
#                            after the SET commands in SETTING
#   ct_ratio A B, ct_secs MS     A/B to 2 decimals; milliseconds as seconds
#   CT_BENCH_SERIAL, CT_BENCH_PARALLEL   settings for serial and 2-worker plans

CT_BENCH_SERIAL="SET max_parallel_workers_per_gather = 0;"
CT_BENCH_PARALLEL="SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;"

ct_bench_start() {
	local version
	make -s >/dev/null
	# the install script of the version being built (older ones may lie beside it)
	version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$CT_ROOT/complaint_tier.control")
	CT_BENCH_WORK=$(mktemp -d /tmp/ct_bench.XXXXXX)
	chmod 755 "$CT_BENCH_WORK"
	cp "$CT_ROOT/complaint_tier.so" "$CT_BENCH_WORK/complaint_tier_bench.so"
	chmod 644 "$CT_BENCH_WORK/complaint_tier_bench.so"
	{
		echo "CREATE SCHEMA complaint_tier;"
		echo "SET search_path = complaint_tier, public;"
		# as CREATE EXTENSION does: SQL function bodies may name tables created later
		echo "SET check_function_bodies = off;"
		sed -e "s|MODULE_PATHNAME|$CT_BENCH_WORK/complaint_tier_bench|g" -e '/^\\echo/d' \
			-e '/pg_extension_config_dump/d' "$CT_ROOT/complaint_tier--$version.sql"
	} >"$CT_BENCH_WORK/install.sql"
	ct_pg_start "$@" || return 1
	trap 'ct_pg_stop; rm -rf "$CT_BENCH_WORK"' EXIT
	psql -X -q -v ON_ERROR_STOP=1 -f "$CT_BENCH_WORK/install.sql" >/dev/null
}

ct_bench_build() {
	local name=$1 dir=$2 work=$3 version
	make -s -C "$dir" >/dev/null
	version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$dir/complaint_tier.control")
	cp "$dir/complaint_tier.so" "$work/ct_$name.so"
	chmod 644 "$work/ct_$name.so"
	{
		echo "CREATE SCHEMA complaint_tier;"
		echo "SET search_path = complaint_tier, public;"
		echo "SET check_function_bodies = off;	-- as CREATE EXTENSION does"
		sed -e "s|MODULE_PATHNAME|$work/ct_$name|g" -e '/^\\echo/d' -e '/pg_extension_config_dump/d' \
			"$dir/complaint_tier--$version.sql"
	} >"$work/$name.sql"
}

ct_best_ms() {
	local setting=$1 query=$2 k=$3 best="" t i
	for ((i = 0; i < k; i++)); do
		t=$(psql -X -q -At -c "$setting" -c '\timing on' -c "$query" |
			sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
	done
	echo "$best"
}

ct_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ct_secs() { awk -v a="$1" 'BEGIN { printf "%.3f", a / 1000 }'; }
