# test/bench/bench_lib.sh: helpers shared by the benchmark scripts (sourced
# after test/lib.sh).
#
#   ct_bench_prepare PREFIX   build; copy this worktree's module into a new
#                             private directory (set in $work) and write
#                             $work/install.sql, the install script of the
#                             version being built pointing at that copy, so a
#                             benchmark neither needs nor disturbs the
#                             system-wide installation
#   best_ms SETTING QUERY N   best wall time in ms of N runs of QUERY after SETTING
#   ratio A B, secs MS        A / B to two decimals; milliseconds as seconds

ct_bench_prepare() {
	local version
	make -s >/dev/null
	# the install script of the version being built (older ones may lie beside it)
	version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" complaint_tier.control)
	work=$(mktemp -d "/tmp/$1.XXXXXX")
	chmod 755 "$work"
	cp complaint_tier.so "$work/complaint_tier_bench.so"
	chmod 644 "$work/complaint_tier_bench.so"
	{
		echo "CREATE SCHEMA complaint_tier;"
		echo "SET search_path = complaint_tier, public;"
		# as CREATE EXTENSION does: SQL function bodies may name tables created later
		echo "SET check_function_bodies = off;"
		sed -e "s|MODULE_PATHNAME|$work/complaint_tier_bench|g" -e '/^\\echo/d' -e '/pg_extension_config_dump/d' \
			"complaint_tier--$version.sql"
	} >"$work/install.sql"
}

best_ms() {
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

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
secs() { awk -v a="$1" 'BEGIN { printf "%.3f", a / 1000 }'; }
