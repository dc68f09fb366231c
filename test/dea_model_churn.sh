#!/usr/bin/env bash
# test/dea_model_churn.sh: method dea and fuzzy segments in a model on the
# real churn table and on the telecom sample (doc/dea_fcm.md, "In a model").
#
#   bash test/dea_model_churn.sh            # prints the figures
#   CT_REALDATA=/path/to/realdata bash test/dea_model_churn.sh
#
# Loads churn_bigml_80.csv (as test/validate_churn.sh does), defines the
# churn model of doc/model.md with methods weighted_sum, topsis and dea and
# four fuzzy segments, and fits it with dea_max_share 1 (no bound), the
# default min(1, 2/m) and 0.5; for each, prints the frontier size, the share
# of customers with a DEA score >= 0.99 and = 0, the median, the Spearman
# correlation of DEA with the weighted sum and Kendall's W of the methods,
# and per segment its size and churn rate.  Then the same for the shipped
# telecom model (12 indicators) on 20,000 sample customers.  Skips the churn
# part when the data file is absent.  Not part of the test suite.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$CT_ROOT"

dir=$(ct_realdata churn_bigml_80.csv)
ct_lock
ct_install
ct_pg_start
trap 'ct_pg_stop' EXIT
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -c "CREATE EXTENSION complaint_tier"

# one fit of model $1 on table $2 with dea_max_share $3 (NULL: default); the figures
report() {
	psql -c "SET client_min_messages = warning" -c "UPDATE complaint_tier.model SET dea_max_share = $3 WHERE name = '$1'" \
		-c "SELECT complaint_tier.fit('$1', '$2')" >/dev/null
	psql -A -t -F ' | ' <<SQL
SET client_min_messages = warning;
WITH v AS (SELECT * FROM complaint_tier.model_version WHERE model = '$1' ORDER BY version DESC LIMIT 1),
s AS (SELECT (complaint_tier.explain_json('$1', c) -> 'methods' -> 2 ->> 'raw')::float8 AS dea FROM $2 c)
SELECT format('%s, dea_max_share %s: frontier %s points; DEA >= 0.99: %s %%, = 0: %s %%, median %s; Spearman(DEA, weighted sum) %s; Kendall W %s',
              '$2', round(v.dea_max_share::numeric, 4), cardinality(v.dea_frontier) / cardinality(v.dea_frontier[1:1][1:]),
              round(100.0 * avg((s.dea >= 0.99)::int), 1), round(100.0 * avg((s.dea = 0)::int), 1),
              round((percentile_cont(0.5) WITHIN GROUP (ORDER BY s.dea))::numeric, 4),
              round(v.spearman[1][3]::numeric, 4), round(v.kendall_w::numeric, 4))
FROM v, s GROUP BY v.dea_max_share, v.dea_frontier, v.spearman, v.kendall_w;
SQL
}

if [ -n "$dir" ]; then
	cols="state, account_length, area_code, international_plan, voice_mail_plan, number_vmail_messages"
	cols="$cols, total_day_minutes, total_day_calls, total_day_charge, total_eve_minutes, total_eve_calls"
	cols="$cols, total_eve_charge, total_night_minutes, total_night_calls, total_night_charge"
	cols="$cols, total_intl_minutes, total_intl_calls, total_intl_charge, customer_service_calls, churn"
	psql <<SQL
SET client_min_messages = warning;
CREATE TABLE churn_train (
	customer_id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	state text, account_length int, area_code int,
	international_plan text, voice_mail_plan text, number_vmail_messages int,
	total_day_minutes float8, total_day_calls int, total_day_charge float8,
	total_eve_minutes float8, total_eve_calls int, total_eve_charge float8,
	total_night_minutes float8, total_night_calls int, total_night_charge float8,
	total_intl_minutes float8, total_intl_calls int, total_intl_charge float8,
	customer_service_calls int, churn boolean);
\copy churn_train ($cols) FROM '$dir/churn_bigml_80.csv' WITH (FORMAT csv, HEADER true)
SELECT complaint_tier.define_model('churn_dea', \$spec\$
{
  "key": "customer_id", "source": "public.churn_train",
  "dimensions": [{"name": "usage", "weight": 0.4}, {"name": "service", "weight": 0.35}, {"name": "plan", "weight": 0.25}],
  "indicators": [
    {"name": "day_charge", "column": "total_day_charge", "dimension": "usage", "weight": 2},
    {"name": "eve_charge", "column": "total_eve_charge", "dimension": "usage", "weight": 1},
    {"name": "intl_charge", "column": "total_intl_charge", "dimension": "usage", "weight": 1},
    {"name": "service_calls", "column": "customer_service_calls", "dimension": "service", "direction": "cost", "weight": 1},
    {"name": "intl_plan", "column": "international_plan", "dimension": "plan", "kind": "qualitative", "levels": ["No", "Yes"], "weight": 1},
    {"name": "vmail_plan", "column": "voice_mail_plan", "dimension": "plan", "kind": "qualitative", "levels": ["No", "Yes"], "weight": 1}
  ],
  "methods": ["weighted_sum", "topsis", "dea"], "segments": 4,
  "tiers": {"overall": {"labels": ["low", "middle", "high"], "shares": [0.5, 0.3, 0.2]}}
}
\$spec\$);
SQL
	echo "churn_bigml_80.csv: $(psql -At -c "SELECT count(*) || ' customers, ' || count(*) FILTER (WHERE churn) || ' churned' FROM churn_train")"
	report churn_dea churn_train 1
	report churn_dea churn_train 0.5
	report churn_dea churn_train NULL
	psql -A -t -F ' | ' <<'SQL'
SET client_min_messages = warning;
SELECT format('segment %s: %s customers, churn rate %s, mean membership %s', e.segment, count(*),
              round(avg(c.churn::int), 4), round(avg(e.segment_membership)::numeric, 4))
FROM churn_train c CROSS JOIN LATERAL complaint_tier.evaluate('churn_dea', c) e GROUP BY e.segment ORDER BY e.segment;
SELECT format('segments: %s fuzzy c-means iterations; overall churn rate %s', segment_iterations,
              (SELECT round(avg(churn::int), 4) FROM churn_train))
FROM complaint_tier.model_version WHERE model = 'churn_dea' ORDER BY version DESC LIMIT 1;
SELECT format('centres (day, eve, intl charge, service calls, intl plan, vmail plan): %s',
              (SELECT string_agg(format('(%s)', (SELECT string_agg(round(x::numeric, 2)::text, ', ') FROM unnest(segment_centres[g:g][1:]) x)), ' '
                      ORDER BY g) FROM generate_series(1, segments) g))
FROM complaint_tier.model_version WHERE model = 'churn_dea' ORDER BY version DESC LIMIT 1;
SQL
else
	echo "churn: skipped (../shared/realdata/churn_bigml_80.csv not found)"
fi

psql <<'SQL'
SET client_min_messages = warning;
CREATE TABLE sample20k AS SELECT * FROM complaint_tier.sample_customers(20000);
SELECT complaint_tier.define_model('telecom_dea',
	jsonb_set(complaint_tier.model_spec('telecom') - 'rules' - 'strategies', '{methods}', '["weighted_sum", "topsis", "dea"]'));
SQL
report telecom_dea sample20k 1
report telecom_dea sample20k 0.25
report telecom_dea sample20k NULL
