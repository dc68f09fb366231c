# test/lib.sh: shared shell helpers for the test, demo and benchmark scripts.
#
#   ct_ensure_packages PKG...   install missing Debian packages when root,
#                               otherwise name them and fail
#   ct_pg_start [CONF...]       start a private temporary PostgreSQL cluster
#                               (as the postgres OS user when run as root), on
#                               its own socket directory; exports PGHOST,
#                               PGPORT, PGUSER, PGDATABASE; stopped by ct_pg_stop
#                               and by the EXIT trap that ct_pg_start installs
#   ct_install                  build and install the extension under a lock, so
#                               concurrent runs on one machine do not interleave
#   ct_realdata FILE...         print the directory of the real data files
#                               ($CT_REALDATA, else ../shared/realdata beside
#                               the tree or one level up) that holds every FILE;
#                               nothing when none does
#
# CT_PG_BINDIR names the server's bin directory when it is not Debian's (a
# server built from source: test/sanitize.sh); in a CONF setting given to
# ct_pg_start, @CT_PG_DIR@ stands for the cluster's socket directory.

CT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CT_PG_MAJOR=${CT_PG_MAJOR:-15}
CT_BASE_PACKAGES="build-essential postgresql-$CT_PG_MAJOR postgresql-server-dev-$CT_PG_MAJOR libcmocka-dev"
CT_DEMO_PACKAGES="postgresql-$CT_PG_MAJOR-cron"

ct_log() { printf '\n==> %s\n' "$*" >&2; }

ct_ensure_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -eq 0 ]; then
		ct_log "installing Debian packages: ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >/dev/null || { echo "apt-get update failed" >&2; return 1; }
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
			{ echo "apt-get install ${missing[*]} failed" >&2; return 1; }
	else
		echo "missing Debian packages: ${missing[*]}" >&2
		echo "install them with: sudo apt-get install ${missing[*]}" >&2
		return 1
	fi
}

ct_pg_bindir() {
	if [ -n "${CT_PG_BINDIR:-}" ]; then echo "$CT_PG_BINDIR"; return; fi   # a server built from source
	# PG_CONFIG names the installation (a source build, or a relocated copy)
	if [ -n "${PG_CONFIG:-}" ]; then "$PG_CONFIG" --bindir; return; fi
	local d="/usr/lib/postgresql/$CT_PG_MAJOR/bin"
	[ -x "$d/initdb" ] || d=$("${PG_CONFIG:-pg_config}" --bindir)
	echo "$d"
}

# Run a command as the cluster's OS user.
ct_as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

CT_PG_DIR=""

ct_pg_stop() {
	[ -n "$CT_PG_DIR" ] || return 0
	if [ -f "$CT_PG_DIR/data/postmaster.pid" ]; then
		ct_as_pg "$(ct_pg_bindir)/pg_ctl" -D "$CT_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$CT_PG_DIR"
	CT_PG_DIR=""
}

ct_pg_start() {
	local port
	CT_PG_DIR=$(mktemp -d /tmp/complaint_tier_pg.XXXXXX)
	trap ct_pg_stop EXIT
	trap 'ct_pg_stop; exit 130' INT TERM
	# A private socket directory and no TCP listener: the port number only
	# names the socket, so any number is free.
	port=${CT_PGPORT:-54329}
	ct_pg_cluster_start "$CT_PG_DIR" "$port" "$@" || return 1
	export PGHOST="$CT_PG_DIR" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres
}

# initdb and start a cluster in DIR (its data directory DIR/data, its
# socket DIR, its log DIR/server.log) on PORT with the settings CONF...;
# ct_pg_start and the scale-out tests' nodes (test/scale/lib_scale.sh).
ct_pg_cluster_start() {
	local dir=$1 port=$2 bindir conf
	shift 2
	bindir=$(ct_pg_bindir)
	chmod 755 "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
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
		echo "max_parallel_workers = 8"
		# @CT_PG_DIR@ in a setting stands for the socket directory (cron.host)
		for conf in "$@"; do echo "${conf//@CT_PG_DIR@/$dir}"; done
	} >>"$dir/data/postgresql.conf"
	ct_as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
		{ cat "$dir/server.log" >&2; return 1; }
}

# Build and install the extension; callers hold the lock while they test.
ct_install() {
	make -C "$CT_ROOT" -s >/dev/null || make -C "$CT_ROOT"
	if ! make -C "$CT_ROOT" -s install >/dev/null; then
		echo "make install failed: installing into $("${PG_CONFIG:-pg_config}" --pkglibdir) needs write access (run as root or with sudo)" >&2
		return 1
	fi
}

ct_realdata() {
	local d f ok
	for d in "${CT_REALDATA:-}" "$CT_ROOT/../shared/realdata" "$CT_ROOT/../../shared/realdata"; do
		[ -n "$d" ] || continue
		ok=1
		for f in "$@"; do
			[ -f "$d/$f" ] || ok=0
		done
		if [ "$ok" = 1 ]; then
			(cd "$d" && pwd)
			return 0
		fi
	done
	return 0
}

# On the running cluster: the extension, a role ct_analyst with only
# complaint_tier_model and SELECT, and the real churn files of directory $1
# (ct_realdata) as table churn (churn_bigml_80.csv, 2,666 customers,
# partitioned by state, with a serial key "Customer") and churn20
# (churn_bigml_20.csv, the held-out 667).
ct_churn_load() {
	command psql -X -q -v ON_ERROR_STOP=1 <<SQL
CREATE EXTENSION complaint_tier;
DROP ROLE IF EXISTS ct_analyst;
CREATE ROLE ct_analyst LOGIN; GRANT complaint_tier_model TO ct_analyst;
CREATE TABLE churn (state text, "Account length" int, "Area code" int, "International_plan" text, "Voicemailplan" text, "Number vmail messages" int, "Total day minutes" float8, "Total day calls" int, "Total day charge" float8, "Total eve minutes" float8, "Total eve calls" int, "Total eve charge" float8, "Total night minutes" float8, "Total night calls" int, "Total night charge" float8, "Total intl minutes" float8, "Total intl calls" int, "Total intl charge" float8, "Customer service calls" int, "Churn" boolean) PARTITION BY LIST (state);
CREATE TABLE churn_a PARTITION OF churn FOR VALUES IN ('KS','OH','NJ','OK','AL','MA','MO','LA','WV','IN','RI','IA','MT','NY','ID','VT','VA','TX');
CREATE TABLE churn_b PARTITION OF churn DEFAULT;
\copy churn FROM '$1/churn_bigml_80.csv' CSV HEADER
ALTER TABLE churn ADD COLUMN "Customer" serial;
CREATE TABLE churn20 (LIKE churn INCLUDING DEFAULTS);
\copy churn20 (state, "Account length", "Area code", "International_plan", "Voicemailplan", "Number vmail messages", "Total day minutes", "Total day calls", "Total day charge", "Total eve minutes", "Total eve calls", "Total eve charge", "Total night minutes", "Total night calls", "Total night charge", "Total intl minutes", "Total intl calls", "Total intl charge", "Customer service calls", "Churn") FROM '$1/churn_bigml_20.csv' CSV HEADER
GRANT SELECT ON churn, churn20 TO ct_analyst;
SQL
}

# The real-data scripts' start: the churn files found (else exit 1), the
# extension installed, a temporary cluster started (stopped on exit) and
# the churn tables loaded for the role ct_analyst (ct_churn_load).
ct_churn_start() {
	local dir
	dir=$(ct_realdata churn_bigml_80.csv churn_bigml_20.csv)
	if [ -z "$dir" ]; then
		echo "churn_bigml_80.csv not found (set CT_REALDATA)" >&2
		exit 1
	fi
	ct_lock
	ct_install
	ct_pg_start
	trap 'ct_pg_stop' EXIT
	ct_churn_load "$dir"
}

# Serialise install + server tests between concurrent runs on one machine.
# One lock per installation: runs against different PostgreSQL installations
# (PG_CONFIG=...) do not wait for each other.
ct_lock() {
	local key
	key=$("${PG_CONFIG:-pg_config}" --pkglibdir | md5sum | cut -c1-8)
	exec 9>"/tmp/complaint_tier.install.$key.lock"
	flock 9
}

