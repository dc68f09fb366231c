#!/usr/bin/env bash
# test/bench/bench_govern.sh: what the histograms cost fit(), and what
# compare() costs (doc/governance.md, "Cost").
#
#   bash test/bench/bench_govern.sh [ROWS]      (default 200000)
#
# Installs the extension (under the install lock), starts a private cluster,
# and on ROWS sample_customers times, interleaved: fit('telecom') with the
# histograms and with _fit_histograms replaced by a no-op (4 runs each; the
# no-op leaves out only the deciles and counts taken from the sketches, which
# fit's first scan builds either way),
# then one evaluate() pass and one compare() pass (3 runs each).  Prints
# min / mean / max in ms.  Not part of the test suite.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$CT_ROOT"
rows=${1:-200000}

ct_lock
ct_install
ct_pg_start
psql() { "$(ct_pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -v rows="$rows" <<'SQL'
CREATE EXTENSION complaint_tier;
SET client_min_messages = warning;
CREATE TABLE public.b AS SELECT * FROM complaint_tier.sample_customers(:rows);
ANALYZE public.b;
SELECT pg_get_functiondef('complaint_tier._fit_histograms'::regproc) AS real_def \gset
CREATE TEMP TABLE t (kind text, ms float8);
CREATE FUNCTION pg_temp.timed(kind text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
	IF kind = 'compare' THEN
		PERFORM count(*) FROM complaint_tier.compare('telecom', 1, 2, 'public.b');
	ELSIF kind = 'evaluate' THEN
		PERFORM count(*) FROM public.b CROSS JOIN LATERAL complaint_tier.evaluate('telecom', b) e;
	ELSE
		PERFORM complaint_tier.fit('telecom', 'public.b');
	END IF;
	INSERT INTO pg_temp.t VALUES (kind, extract(epoch FROM clock_timestamp() - t0) * 1000);
END $$;
SELECT pg_temp.timed('warm-up fit');
\set noop 'CREATE OR REPLACE FUNCTION complaint_tier._fit_histograms(v complaint_tier.model_version, sketches complaint_tier.quantile_sketch[]) RETURNS complaint_tier.model_version LANGUAGE sql AS ''SELECT v'''
SELECT pg_temp.timed('fit with histograms');
:noop ;
SELECT pg_temp.timed('fit without histograms');
:real_def ;
SELECT pg_temp.timed('fit with histograms');
:noop ;
SELECT pg_temp.timed('fit without histograms');
:real_def ;
SELECT pg_temp.timed('fit with histograms');
:noop ;
SELECT pg_temp.timed('fit without histograms');
:real_def ;
SELECT pg_temp.timed('fit with histograms');
:noop ;
SELECT pg_temp.timed('fit without histograms');
:real_def ;
SELECT pg_temp.timed('evaluate');
SELECT pg_temp.timed('compare');
SELECT pg_temp.timed('evaluate');
SELECT pg_temp.timed('compare');
SELECT pg_temp.timed('evaluate');
SELECT pg_temp.timed('compare');
\pset format aligned
SELECT kind, count(*) AS runs, round(min(ms)) AS min_ms, round(avg(ms)) AS mean_ms, round(max(ms)) AS max_ms
FROM t GROUP BY 1 ORDER BY 1;
SQL
uptime
