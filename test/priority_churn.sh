#!/usr/bin/env bash
# test/priority_churn.sh: method priority (priority ordering, doc/mcdm.md)
# on the real churn table, by a role with only complaint_tier_model and
# SELECT, on a table partitioned by state.
#
#   bash test/priority_churn.sh            # prints the figures
#   CT_REALDATA=/path/to/realdata bash test/priority_churn.sh
#
# Loads churn_bigml_80.csv (2,666 customers) and churn_bigml_20.csv, defines
# two models over the same four indicators (weighted_sum alone, priority
# alone), fits both on the 80 % file, prints churn by tier and the AUC of
# each score on the held-out 20 %, and compares every customer's priority
# score with the definition computed in SQL with window functions (rank()
# and the size of each run of ties).  Needs the data files; not part of the
# test suite.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$CT_ROOT"

ct_churn_start
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -U ct_analyst <<'SQL'
\set SHOW_CONTEXT never
SET client_min_messages = warning;
-- churn risk: more day minutes, more service calls, the international plan
SELECT complaint_tier.define_model(m, format('{"key": "Customer", "source": "public.churn",
 "dimensions": [{"name": "usage", "weight": 0.5}, {"name": "service", "weight": 0.5}],
 "indicators": [{"name": "day", "column": "Total day minutes", "dimension": "usage", "weight": 0.6},
                {"name": "intl", "column": "Total intl minutes", "dimension": "usage", "weight": 0.1},
                {"name": "plan", "column": "International_plan", "dimension": "usage", "levels": ["No", "Yes"], "weight": 0.3},
                {"name": "calls", "column": "Customer service calls", "dimension": "service", "weight": 1}],
 "outcome": "Churn", "methods": ["%s"], "combine": "%s",
 "tiers": {"overall": {"labels": ["low", "mid", "high"], "shares": [0.6, 0.3, 0.1]}}}', meth, meth)::jsonb) IS NOT NULL AS defined
FROM (VALUES ('churn_ws', 'weighted_sum'), ('churn_prio', 'priority')) x(m, meth);
\timing on
SELECT complaint_tier.fit('churn_prio', 'churn') AS prio_version;
\timing off
SELECT complaint_tier.fit('churn_ws', 'churn') AS ws_version;
-- held-out 20 %: churn by tier and the AUC of each score
SELECT m, e.tier, count(*), round(avg(c."Churn"::int), 3) AS churn_rate
FROM (VALUES ('churn_ws'), ('churn_prio')) x(m), churn20 c CROSS JOIN LATERAL complaint_tier.evaluate(x.m, c) e
GROUP BY 1, 2 ORDER BY 1, 2;
SELECT m, round((complaint_tier.roc_auc(array_agg(e.score), array_agg(c."Churn"))).auc::numeric, 3) AS held_out_auc
FROM (VALUES ('churn_ws'), ('churn_prio')) x(m), churn20 c CROSS JOIN LATERAL complaint_tier.evaluate(x.m, c) e GROUP BY 1 ORDER BY 1;
SQL
psql <<SQL
-- the priority score against the definition: mid-rank percentiles by window functions
WITH e AS (SELECT c.*, (complaint_tier.explain_json('churn_prio', c) -> 'methods' -> 0 ->> 'raw')::float8 AS raw FROM churn c),
r AS (SELECT "Customer", raw,
        (rank() OVER (ORDER BY "Total day minutes") - 1 + (count(*) OVER (PARTITION BY "Total day minutes") - 1) / 2.0) / (count(*) OVER () - 1) AS p_day,
        (rank() OVER (ORDER BY "Total intl minutes") - 1 + (count(*) OVER (PARTITION BY "Total intl minutes") - 1) / 2.0) / (count(*) OVER () - 1) AS p_intl,
        (rank() OVER (ORDER BY "International_plan") - 1 + (count(*) OVER (PARTITION BY "International_plan") - 1) / 2.0) / (count(*) OVER () - 1) AS p_plan,
        (rank() OVER (ORDER BY "Customer service calls") - 1 + (count(*) OVER (PARTITION BY "Customer service calls") - 1) / 2.0) / (count(*) OVER () - 1) AS p_calls
      FROM e),
w AS (SELECT ind_global_weight g FROM complaint_tier.model_version JOIN complaint_tier.active_version USING (model, version) WHERE model = 'churn_prio')
SELECT count(*) AS customers, round(max(abs(raw - (g[1] * p_day + g[2] * p_intl + g[3] * p_plan + g[4] * p_calls)))::numeric, 6) AS max_diff_from_definition,
       round(corr(raw, g[1] * p_day + g[2] * p_intl + g[3] * p_plan + g[4] * p_calls)::numeric, 6) AS corr
FROM r, w;
SQL
