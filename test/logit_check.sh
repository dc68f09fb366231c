#!/usr/bin/env bash
# test/logit_check.sh: fit()'s weighting 'outcome' against scikit-learn
# (doc/outcome_weighting.md).  Fits outcome-weighted models in a temporary cluster,
# exports the spec, the fitted coefficients and the scores, and runs
# test/logit_check.py, which normalises the raw columns itself, fits
# sklearn's LogisticRegression(C = 1/lambda) and compares coefficients
# (1e-4) and probabilities (1e-6).
#
#   bash test/logit_check.sh
#
# Data: test/data/churn_200.csv (in the repository) at three penalties;
# and, when ../shared/realdata has them, churn_bigml_80.csv (fit) and
# churn_bigml_20.csv (held-out AUC).  Skips cleanly (exit 0) when
# /usr/bin/python3 has no scikit-learn.  Starts its own temporary cluster;
# installs the extension under the shared lock.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$CT_ROOT"

py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3 || true)
if [ -z "$py" ] || ! "$py" -c 'import sklearn, numpy' 2>/dev/null; then
	echo "logit_check: skipped: python3 with scikit-learn and numpy not found (Debian: apt-get install python3-sklearn)"
	exit 0
fi
shared=$(ct_realdata churn_bigml_80.csv churn_bigml_20.csv)

ct_lock
ct_install
ct_pg_start
work=$(mktemp -d /tmp/complaint_tier_logit.XXXXXX)
chmod 777 "$work"
trap 'ct_pg_stop; rm -rf "$work"' EXIT
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

columns="account_length int, area_code int, international_plan text, voice_mail_plan text,
	number_vmail_messages int, total_day_minutes float8, total_day_calls int, total_day_charge float8,
	total_eve_minutes float8, total_eve_calls int, total_eve_charge float8, total_night_minutes float8,
	total_night_calls int, total_night_charge float8, total_intl_minutes float8, total_intl_calls int,
	total_intl_charge float8, customer_service_calls int, churn boolean"
psql <<SQL
CREATE EXTENSION complaint_tier;
CREATE TABLE churn (customer_id int PRIMARY KEY, state text, $columns);
\copy churn FROM 'test/data/churn_200.csv' CSV HEADER
SQL

# the model: every usage column, the plans, service calls (minutes, not the
# charges, which are the minutes times a rate)
spec() {
	cat <<JSON
{"key": "customer_id", "source": "$1",
 "dimensions": [{"name": "usage"}, {"name": "service"}, {"name": "plan"}],
 "indicators": [
  {"name": "account_length", "dimension": "usage"},
  {"name": "vmail_messages", "column": "number_vmail_messages", "dimension": "usage"},
  {"name": "day_minutes", "column": "total_day_minutes", "dimension": "usage"},
  {"name": "day_calls", "column": "total_day_calls", "dimension": "usage"},
  {"name": "eve_minutes", "column": "total_eve_minutes", "dimension": "usage"},
  {"name": "eve_calls", "column": "total_eve_calls", "dimension": "usage"},
  {"name": "night_minutes", "column": "total_night_minutes", "dimension": "usage"},
  {"name": "night_calls", "column": "total_night_calls", "dimension": "usage"},
  {"name": "intl_minutes", "column": "total_intl_minutes", "dimension": "usage"},
  {"name": "intl_calls", "column": "total_intl_calls", "dimension": "usage", "transform": "log"},
  {"name": "service_calls", "column": "customer_service_calls", "dimension": "service", "direction": "cost"},
  {"name": "intl_plan", "column": "international_plan", "dimension": "plan", "levels": ["No", "Yes"]},
  {"name": "vmail_plan", "column": "voice_mail_plan", "dimension": "plan", "levels": ["No", "Yes"]}],
 "weighting": "outcome", "outcome": "churn", "outcome_penalty": $2,
 "methods": ["weighted_sum"], "combine": "probability",
 "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.8, 0.2]}}}
JSON
}

# check NAME SOURCE PENALTY [HOLDOUT]: NAME and the tables are plain identifiers
check() {
	local name=$1 src=$2 lambda=$3 holdout=${4:-} st=0
	echo "### $name: fit on $src, outcome_penalty $lambda"
	psql -v spec="$(spec "$src" "$lambda")" -v name="$name" -v src="$src" >/dev/null <<'SQL'
SET client_min_messages = error;
SELECT complaint_tier.define_model(:'name', :'spec'::jsonb);
SELECT complaint_tier.fit(:'name', :'src'::regclass);
SQL
	psql -A -t -c "SELECT complaint_tier.model_spec('$name')" >"$work/spec.json"
	psql -A -t -c "SELECT json_build_object('logit_coef', logit_coef, 'outcome_penalty', outcome_penalty, 'outcome', outcome)
	               FROM complaint_tier.model_version WHERE model = '$name' ORDER BY version DESC LIMIT 1" >"$work/version.json"
	psql -c "\\copy (SELECT c.*, e.score FROM $src c CROSS JOIN LATERAL complaint_tier.evaluate('$name', c) e) TO '$work/train.csv' CSV HEADER"
	if [ -n "$holdout" ]; then
		psql -c "\\copy (SELECT c.*, e.score FROM $holdout c CROSS JOIN LATERAL complaint_tier.evaluate('$name', c) e) TO '$work/holdout.csv' CSV HEADER"
		"$py" test/logit_check.py "$work/spec.json" "$work/version.json" "$work/train.csv" "$work/holdout.csv" || st=1
	else
		"$py" test/logit_check.py "$work/spec.json" "$work/version.json" "$work/train.csv" || st=1
	fi
	echo "  Newton scans: $(psql -A -t -c "SELECT logit_iterations FROM complaint_tier.model_version WHERE model = '$name' ORDER BY version DESC LIMIT 1")"
	echo
	return $st
}

rc=0
check churn_l1 churn 1 || rc=1
check churn_l001 churn 0.01 || rc=1
check churn_l25 churn 25 || rc=1
if [ -n "$shared" ]; then
	psql <<SQL
CREATE TABLE churn80 (state text, $columns);
\copy churn80 FROM '$shared/churn_bigml_80.csv' CSV HEADER
ALTER TABLE churn80 ADD COLUMN customer_id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
CREATE TABLE churn20 (state text, $columns);
\copy churn20 FROM '$shared/churn_bigml_20.csv' CSV HEADER
SQL
	check churn80_l1 churn80 1 churn20 || rc=1
else
	echo "(../shared/realdata/churn_bigml_80.csv not found: the held-out check is skipped)"
fi
[ $rc -eq 0 ] && echo "logit_check: ok" || echo "logit_check: FAILED"
exit $rc
