#!/usr/bin/env bash
# test/possibility_churn.sh: method possibility_satisfaction
# (possibility-satisfaction, doc/mcdm.md) on the real churn table, by a role
# with only complaint_tier_model and SELECT, on a table partitioned by state.
#
#   bash test/possibility_churn.sh            # prints the figures
#   CT_REALDATA=/path/to/realdata bash test/possibility_churn.sh
#
# Loads churn_bigml_80.csv (2,666 customers) and churn_bigml_20.csv, defines
# two models over the same four indicators with the same expert limits
# (range_lo, range_hi) and level scores: weighted_sum alone (the additive
# combination of the degrees) and possibility_satisfaction alone (the
# multiplicative one); fits both on the 80 % file, prints churn by tier and
# the AUC of each score on the held-out 20 %, and compares every customer's
# score with the definition computed in SQL from the raw columns and the
# limits.  Needs the data files; not part of the test suite.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$CT_ROOT"

ct_churn_start
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -U ct_analyst <<'SQL'
\set SHOW_CONTEXT never
SET client_min_messages = warning;
-- churn risk: more day minutes, more service calls, the international
-- plan; each degree 0 at its lower limit and 1 at its upper (the limits are
-- an analyst's, not the population's, so that 0 means "no risk at all")
SELECT complaint_tier.define_model(m, format('{"key": "Customer", "source": "public.churn",
 "dimensions": [{"name": "usage", "weight": 0.5}, {"name": "service", "weight": 0.5}],
 "indicators": [{"name": "day", "column": "Total day minutes", "dimension": "usage", "weight": 0.6,
                 "range_lo": 0, "range_hi": 350},
                {"name": "intl", "column": "Total intl minutes", "dimension": "usage", "weight": 0.1,
                 "range_lo": 0, "range_hi": 20},
                {"name": "plan", "column": "International_plan", "dimension": "usage", "levels": ["No", "Yes"],
                 "level_scores": [0.5, 1], "weight": 0.3},
                {"name": "calls", "column": "Customer service calls", "dimension": "service", "weight": 1,
                 "range_lo": -1, "range_hi": 6}],
 "outcome": "Churn", "methods": ["%s"], "combine": "%s",
 "tiers": {"overall": {"labels": ["low", "mid", "high"], "shares": [0.6, 0.3, 0.1]}}}', meth, meth)::jsonb) IS NOT NULL AS defined
FROM (VALUES ('churn_ws', 'weighted_sum'), ('churn_ps', 'possibility_satisfaction')) x(m, meth);
\timing on
SELECT complaint_tier.fit('churn_ps', 'churn') AS ps_version;
\timing off
SELECT complaint_tier.fit('churn_ws', 'churn') AS ws_version;
-- held-out 20 %: churn by tier and the AUC of each score
SELECT m, e.tier, count(*), round(avg(c."Churn"::int), 3) AS churn_rate
FROM (VALUES ('churn_ws'), ('churn_ps')) x(m), churn20 c CROSS JOIN LATERAL complaint_tier.evaluate(x.m, c) e
GROUP BY 1, 2 ORDER BY 1, 2;
SELECT m, round((complaint_tier.roc_auc(array_agg(e.score), array_agg(c."Churn"))).auc::numeric, 3) AS held_out_auc
FROM (VALUES ('churn_ws'), ('churn_ps')) x(m), churn20 c CROSS JOIN LATERAL complaint_tier.evaluate(x.m, c) e GROUP BY 1 ORDER BY 1;
-- the score against the definition, from the raw columns and the limits
-- (the weights g_j as explain_json shows them: the analyst may not read
-- the catalogue's version rows)
WITH w AS (SELECT array_agg((x ->> 'weight')::float8 ORDER BY o) AS g
           FROM (SELECT complaint_tier.explain_json('churn_ps', c) AS j FROM churn c LIMIT 1) s,
                jsonb_array_elements(s.j -> 'methods' -> 0 -> 'degrees') WITH ORDINALITY t(x, o)),
d AS (SELECT c."Customer", e.score,
             least(greatest(c."Total day minutes" / 350, 0), 1) AS d_day,
             least(greatest(c."Total intl minutes" / 20, 0), 1) AS d_intl,
             CASE c."International_plan" WHEN 'Yes' THEN 1.0 ELSE 0.5 END AS d_plan,
             least(greatest((c."Customer service calls" + 1) / 7.0, 0), 1) AS d_calls
      FROM churn c CROSS JOIN LATERAL complaint_tier.evaluate('churn_ps', c) e)
SELECT count(*) AS customers, count(*) FILTER (WHERE score = 0) AS vetoed,
       max(abs(score - CASE WHEN least(d_day, d_intl, d_plan, d_calls) = 0 THEN 0
           ELSE exp((g[1] * ln(d_day) + g[2] * ln(d_intl) + g[3] * ln(d_plan) + g[4] * ln(d_calls)) / (g[1] + g[2] + g[3] + g[4])) END))
         AS max_diff_from_definition
FROM d, w;
SQL
