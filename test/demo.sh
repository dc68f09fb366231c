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
# pg_cron schedules the refresh of the materialised view of evaluations
# (doc/scheduling.md): the server listens on its socket only, so pg_cron
# connects through the socket directory (cron.host).
ct_pg_start "shared_preload_libraries = 'pg_cron'" "cron.database_name = 'postgres'" \
	"cron.host = '@CT_PG_DIR@'"

for f in test/demo/[0-9]*.sql; do
	ct_log "$(sed -n '1s/^-- *//p' "$f")"
	psql -X -q -v ON_ERROR_STOP=1 -P pager=off -d postgres -f "$f"
done

# The scheduled refresh must really run: wait for pg_cron's first run of the
# job (its schedule is every minute; pg_cron 1.4 has no seconds schedule)
# and require that it succeeded.
ct_log "waiting for the first scheduled refresh (pg_cron runs the job at the next minute)"
status=""
for _ in $(seq 1 150); do
	status=$(psql -X -At -d postgres -c "SELECT d.status FROM cron.job_run_details d JOIN cron.job j USING (jobid)
		WHERE j.jobname = 'refresh-customer-tier' AND d.status IN ('succeeded', 'failed') ORDER BY d.runid LIMIT 1")
	[ -n "$status" ] && break
	sleep 1
done
psql -X -P pager=off -d postgres -c "SELECT j.jobname, d.status, d.return_message, d.end_time - d.start_time AS took
	FROM cron.job_run_details d JOIN cron.job j USING (jobid) ORDER BY d.runid LIMIT 1"
if [ "$status" != succeeded ]; then
	echo "the scheduled refresh did not succeed (status: ${status:-no run within 150 s})" >&2
	exit 1
fi

ct_log "demo finished; the temporary cluster is being stopped"
