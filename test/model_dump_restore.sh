#!/usr/bin/env bash
# test/model_dump_restore.sh: a user-defined model survives pg_dump / pg_restore.
#
# Creates a user model and fits it (and the shipped telecom model), dumps the
# database with pg_dump -Fc, restores it into a fresh database and checks that
# the user rows are back exactly once, the shipped rows are not duplicated,
# the active versions are the same and evaluate() gives the same results.
# Prints "dump/restore: ok" and exits 0 on success.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$CT_ROOT"

ct_lock
ct_install
ct_pg_start
bindir=$(ct_pg_bindir)
psql() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

psql -d postgres -c 'CREATE DATABASE ct_src' -c 'CREATE DATABASE ct_dst'
psql -d ct_src >/dev/null <<'SQL'
CREATE EXTENSION complaint_tier;
SET search_path = complaint_tier, public;
CREATE TABLE customers AS SELECT * FROM sample_customers(5000, 11);
INSERT INTO model (name, description, dimension_weights, weighting, methods)
VALUES ('mine', 'a user model', '{0,3,1,2,0}', 'critic', '{weighted_sum,topsis,vikor}');
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column, direction, levels, transform)
VALUES ('mine', 'arpu', 1, 'value', 'quantitative', 'arpu', 'benefit', NULL, 'log'),
       ('mine', 'level', 2, 'value', 'qualitative', 'customer_level', 'benefit', '{ordinary,silver,gold,platinum,diamond}', 'none'),
       ('mine', 'channel', 3, 'credit', 'qualitative', 'payment_channel', 'benefit', '{cash,prepaid_card,online,bank_autodebit}', 'none'),
       ('mine', 'complaints', 4, 'behaviour', 'quantitative', 'complaints_90d', 'cost', NULL, 'none');
INSERT INTO tier_scheme (model, scope, labels, shares) VALUES ('mine', 'overall', '{low,high}', '{0.7,0.3}');
SELECT fit('mine', 'customers');
SELECT fit('mine', 'customers');
SELECT fit('telecom', 'customers');
SELECT activate('mine', 1);
SQL

snapshot() {
	psql -d "$1" -At <<'SQL'
SET search_path = complaint_tier, public;
SELECT 'models', string_agg(name || ':' || builtin, ',' ORDER BY name) FROM model;
SELECT 'indicators', count(*), count(*) FILTER (WHERE builtin) FROM indicator;
SELECT 'schemes', count(*), count(*) FILTER (WHERE builtin) FROM tier_scheme;
SELECT 'versions', string_agg(model || ':' || version || ':' || state, ',' ORDER BY model, version) FROM model_version;
SELECT 'active', string_agg(model || ':' || version, ',' ORDER BY model) FROM active_version;
SELECT 'mine', md5(string_agg(e::text, '|' ORDER BY c.customer_id))
FROM customers c CROSS JOIN LATERAL evaluate('mine', c) e;
SELECT 'telecom', md5(string_agg(e::text, '|' ORDER BY c.customer_id))
FROM customers c CROSS JOIN LATERAL evaluate('telecom', c) e;
SQL
}

before=$(snapshot ct_src)
dump="$CT_PG_DIR/ct_src.dump"
"$bindir/pg_dump" -Fc -d ct_src -f "$dump"
"$bindir/pg_restore" --exit-on-error -d ct_dst "$dump"
after=$(snapshot ct_dst)

echo "$before"
if [ "$before" != "$after" ]; then
	echo "dump/restore: FAILED"
	diff <(echo "$before") <(echo "$after") || true
	exit 1
fi
echo "dump/restore: ok"
