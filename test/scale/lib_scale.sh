# Several private PostgreSQL clusters on this machine for the scale-out
# tests (test/scale/fdw.sh, test/scale/citus.sh): the ct_pg_start pattern of
# test/lib.sh, one data directory and socket directory per node, no TCP
# listener, all stopped by one EXIT trap.  Source test/lib.sh first.
#
#   sc_node_start NAME PORT [CONF...]   start node NAME; sets SC_DIR_<NAME>
#   sc_psql NAME [psql args]            psql -X on node NAME (database postgres)
#   sc_stop_all                         stop every node started (the trap)

SC_NODES=()

sc_stop_all() {
	local n d
	for n in "${SC_NODES[@]}"; do
		d="SC_DIR_$n"
		d=${!d}
		[ -n "$d" ] || continue
		if [ -f "$d/data/postmaster.pid" ]; then
			ct_as_pg "$(ct_pg_bindir)/pg_ctl" -D "$d/data" -m immediate -w stop >/dev/null 2>&1 || true
		fi
		rm -rf "$d"
	done
	SC_NODES=()
}

sc_node_start() {
	local name=$1 port=$2 bindir dir conf
	shift 2
	bindir=$(ct_pg_bindir)
	dir=$(mktemp -d "/tmp/complaint_tier_sc_$name.XXXXXX")
	chmod 755 "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
	printf -v "SC_DIR_$name" '%s' "$dir"
	printf -v "SC_PORT_$name" '%s' "$port"
	SC_NODES+=("$name")
	trap sc_stop_all EXIT
	trap 'sc_stop_all; exit 130' INT TERM
	ct_as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust \
		--no-sync -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; return 1; }
	{
		echo "listen_addresses = ''"
		echo "unix_socket_directories = '$dir'"
		echo "port = $port"
		echo "fsync = off"
		echo "synchronous_commit = off"
		echo "full_page_writes = off"
		echo "max_worker_processes = 16"
		echo "max_parallel_workers_per_gather = 0"
		for conf in "$@"; do echo "$conf"; done
	} >>"$dir/data/postgresql.conf"
	ct_as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
		{ cat "$dir/server.log" >&2; return 1; }
}

sc_psql() {
	local name=$1 d p
	shift
	d="SC_DIR_$name"
	p="SC_PORT_$name"
	"$(ct_pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h "${!d}" -p "${!p}" -U postgres -d postgres "$@"
}
