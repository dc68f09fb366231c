# Several private PostgreSQL clusters on this machine for the scale-out
# tests (test/scale/fdw.sh, test/scale/citus.sh): test/lib.sh's
# ct_pg_cluster_start per node (a data and socket directory each, no TCP
# listener), all stopped by one EXIT trap.  Source test/lib.sh first.
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
	local name=$1 port=$2 dir
	shift 2
	dir=$(mktemp -d "/tmp/complaint_tier_sc_$name.XXXXXX")
	printf -v "SC_DIR_$name" '%s' "$dir"
	printf -v "SC_PORT_$name" '%s' "$port"
	SC_NODES+=("$name")
	trap sc_stop_all EXIT
	trap 'sc_stop_all; exit 130' INT TERM
	ct_pg_cluster_start "$dir" "$port" "$@"
}

sc_psql() {
	local name=$1 d p
	shift
	d="SC_DIR_$name"
	p="SC_PORT_$name"
	"$(ct_pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h "${!d}" -p "${!p}" -U postgres -d postgres "$@"
}
