#!/usr/bin/env bash
# test/bench/bench_snapshot.sh: evaluate() with the catalogue against
# evaluate(snapshot, customer) (doc/scale-out.md), on one node.
#
#   bash test/bench/bench_snapshot.sh [ROWS]        (default: 200000)
#
# Fits telecom on ROWS sample customers, then times three runs each of
# count(*) over the evaluations: the catalogue-reading evaluate('telecom',
# c), the snapshot as a literal (what Citus ships to the workers), and the
# snapshot from a table through a scalar subquery (a shard's view).
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/lib.sh
ROWS=${1:-200000}
ct_lock
ct_install
ct_pg_start
psql -X -q -v ON_ERROR_STOP=1 -v rows="$ROWS" <<'SQL'
CREATE EXTENSION complaint_tier;
SET client_min_messages = warning;
CREATE TABLE b AS SELECT * FROM complaint_tier.sample_customers(:rows, 3);
SELECT complaint_tier.fit('telecom', 'b') AS version \gset
CREATE TABLE snaps (model text PRIMARY KEY, snapshot complaint_tier.model_snapshot);
SELECT complaint_tier.publish_snapshot('telecom', 'snaps') AS published \gset
SELECT complaint_tier.model_snapshot('telecom') AS snap \gset
\timing on
\echo catalogue: evaluate('telecom', c)
SELECT count(*) FROM b CROSS JOIN LATERAL complaint_tier.evaluate('telecom', b) e;
SELECT count(*) FROM b CROSS JOIN LATERAL complaint_tier.evaluate('telecom', b) e;
SELECT count(*) FROM b CROSS JOIN LATERAL complaint_tier.evaluate('telecom', b) e;
\echo literal: evaluate('<snapshot>'::model_snapshot, c)
SELECT count(*) FROM b CROSS JOIN LATERAL complaint_tier.evaluate(:'snap'::complaint_tier.model_snapshot, b) e;
SELECT count(*) FROM b CROSS JOIN LATERAL complaint_tier.evaluate(:'snap'::complaint_tier.model_snapshot, b) e;
SELECT count(*) FROM b CROSS JOIN LATERAL complaint_tier.evaluate(:'snap'::complaint_tier.model_snapshot, b) e;
\echo table: evaluate((SELECT snapshot FROM snaps ...), c)
SELECT count(*) FROM b CROSS JOIN LATERAL complaint_tier.evaluate((SELECT snapshot FROM snaps WHERE model = 'telecom'), b) e;
SELECT count(*) FROM b CROSS JOIN LATERAL complaint_tier.evaluate((SELECT snapshot FROM snaps WHERE model = 'telecom'), b) e;
SELECT count(*) FROM b CROSS JOIN LATERAL complaint_tier.evaluate((SELECT snapshot FROM snaps WHERE model = 'telecom'), b) e;
SQL
