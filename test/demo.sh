#!/usr/bin/env bash
# test/demo.sh: the complaint_tier demo on a private temporary cluster.
#
# Installs what it needs when run as root, builds and installs the extension,
# starts a temporary PostgreSQL cluster, runs the SQL tour in test/demo/*.sql
# in name order (the building blocks; the shipped telecom model on 100,000
# sample customers with its tier view and report; strategies, explanations
# and fairness; a second model defined over a table of its own with
# define_model; tickets -> profile -> fit -> evaluate), prints the report, and always stops the cluster again.  The
# demo's tables and views live in schema public.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$CT_ROOT"

ct_ensure_packages $CT_BASE_PACKAGES $CT_DEMO_PACKAGES

ct_log "building and installing complaint_tier"
ct_lock
ct_install

ct_log "starting a temporary PostgreSQL cluster"
# pg_cron schedules the refresh of the materialised view of evaluations.
ct_pg_start "shared_preload_libraries = 'pg_cron'" "cron.database_name = 'postgres'"

for f in test/demo/[0-9]*.sql; do
	ct_log "$(sed -n '1s/^-- *//p' "$f")"
	psql -X -q -v ON_ERROR_STOP=1 -P pager=off -d postgres -f "$f"
done

ct_log "demo finished; the temporary cluster is being stopped"
