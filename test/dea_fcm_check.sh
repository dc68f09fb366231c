#!/usr/bin/env bash
# test/dea_fcm_check.sh: the DEA and fuzzy c-means building blocks against
# independent computations (scipy.optimize.linprog; a numpy fuzzy c-means),
# on a private temporary cluster.  Results are recorded in doc/dea_fcm.md.
#
#   bash test/dea_fcm_check.sh [TRIALS]
#
# Needs python3-numpy, python3-scipy and python3-psycopg2 besides the
# packages of test/run_tests.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$CT_ROOT"
ct_ensure_packages $CT_BASE_PACKAGES python3-numpy python3-scipy python3-psycopg2
ct_lock
ct_install
ct_pg_start
psql -X -q -c "CREATE EXTENSION complaint_tier" >/dev/null
rc=0
/usr/bin/python3 test/dea_check.py "${1:-200}" || rc=1
/usr/bin/python3 test/fcm_check.py || rc=1
exit $rc
