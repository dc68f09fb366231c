#!/usr/bin/env bash
# test/clients/python_example.sh: runs the Python client example of
# doc/clients.md (test/clients/python_example.py, psycopg2 from the Debian
# package python3-psycopg2, so the system python) against a private
# temporary cluster.  Exits 0 when every check of the example passes.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$CT_ROOT"

ct_lock
ct_install
ct_pg_start
"$(ct_pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -d postgres -c 'CREATE DATABASE ct_python'
PGDATABASE=ct_python /usr/bin/python3 test/clients/python_example.py
