#!/usr/bin/env bash
# test/validate_churn.sh: tiers against what really happened, on real
# telecom churn data (doc/validation.md, "Churn"): the BigML/Orange churn
# files in ../shared/realdata, 80 % to fit and learn, 20 % held out.
#
#   bash test/validate_churn.sh            # prints the section and writes it
#                                          # into doc/validation.md
#   CT_REALDATA=/path/to/realdata bash test/validate_churn.sh
#
# Loads churn_bigml_80.csv and churn_bigml_20.csv as tables with their own
# column names (snake_case), defines a model over them with define_model,
# fits it on the 80 % file and runs validate() on the 20 % file; checks
# validate()'s AUC against scikit-learn's roc_auc_score on the same scores
# (to 1e-9: a difference fails the script); learns suggest_rules() on the
# 80 % file with the 20 % file held out and reports the held-out AUC of the
# rule-list score (each customer scored with the training outcome rate of
# its first matching rule) and the top rule's held-out lift, against the
# targets of the issue (AUC >= 0.88 with at most 16 rules, lift >= 3x).
# Targets that are missed are reported, not hidden.
#
# Skips cleanly (exit 0) when the data files are absent.  Starts its own
# temporary cluster; installs the extension under the shared lock.  Needs
# Debian's python3 with numpy and scikit-learn (installed when run as root).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$CT_ROOT"

dir=$(ct_realdata churn_bigml_80.csv churn_bigml_20.csv)
if [ -z "$dir" ]; then
	echo "validate_churn: skipped: ../shared/realdata/churn_bigml_80.csv and churn_bigml_20.csv not found (set CT_REALDATA to their directory)"
	exit 0
fi
PY=${CT_PYTHON:-/usr/bin/python3}
if ! "$PY" -c "import numpy, sklearn" 2>/dev/null; then
	ct_ensure_packages python3-numpy python3-sklearn || exit 1
fi

work=$(mktemp -d /tmp/validate_churn.XXXXXX)
chmod 755 "$work"
out="$work/section.md"
ct_lock
ct_install
ct_pg_start
trap 'ct_pg_stop; rm -rf "$work"' EXIT
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

psql -c "CREATE EXTENSION complaint_tier"
# the files' columns in order (\copy wants them on one line)
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
CREATE TABLE churn_test (LIKE churn_train);
ALTER TABLE churn_test ALTER customer_id ADD GENERATED ALWAYS AS IDENTITY (START 100001);
\copy churn_train ($cols) FROM '$dir/churn_bigml_80.csv' WITH (FORMAT csv, HEADER true)
\copy churn_test ($cols) FROM '$dir/churn_bigml_20.csv' WITH (FORMAT csv, HEADER true)
SQL

# The model: the churn example of doc/model.md ("Bring your own table"),
# with the outcome named.  Expert weights: usage is value, not risk.
psql <<'SQL'
SET client_min_messages = warning;
SELECT complaint_tier.define_model('churn', $spec$
{
  "description": "value tiers of the churn table, checked against churn",
  "key": "customer_id",
  "source": "public.churn_train",
  "outcome": "churn",
  "dimensions": [
    {"name": "usage",   "weight": 0.4},
    {"name": "service", "weight": 0.35},
    {"name": "plan",    "weight": 0.25}
  ],
  "indicators": [
    {"name": "day_charge", "column": "total_day_charge", "dimension": "usage", "weight": 2},
    {"name": "eve_charge", "column": "total_eve_charge", "dimension": "usage", "weight": 1},
    {"name": "intl_charge", "column": "total_intl_charge", "dimension": "usage", "weight": 1},
    {"name": "service_calls", "column": "customer_service_calls", "dimension": "service", "direction": "cost", "weight": 1},
    {"name": "intl_plan", "column": "international_plan", "dimension": "plan",
     "kind": "qualitative", "levels": ["No", "Yes"], "weight": 1},
    {"name": "vmail_plan", "column": "voice_mail_plan", "dimension": "plan",
     "kind": "qualitative", "levels": ["No", "Yes"], "weight": 1}
  ],
  "weighting": "expert",
  "methods": ["weighted_sum", "topsis"],
  "combine": "mean_percentile",
  "tiers": {
    "overall":   {"labels": ["low", "middle", "high"], "shares": [0.5, 0.3, 0.2]},
    "dimension": {"labels": ["low", "high"], "cuts": [0.5]}
  },
  "classifications": [
    {"name": "stage", "labels": [
      {"label": "warning", "when": "customer_service_calls >= 4"},
      {"label": "normal",  "when": "customer_service_calls < 4"}]}
  ]
}
$spec$);
SELECT complaint_tier.fit('churn', 'churn_train');
SQL

r4() { printf '%.4f' "$1"; }

{
	echo "## Churn: tiers and learned rules against what happened"
	echo
	echo "Command: \`bash test/validate_churn.sh\` (writes this section; needs"
	echo "\`../shared/realdata\`, otherwise it prints a message and exits 0)."
	echo
	psql -A -t <<'SQL'
SELECT format('Data: `churn_bigml_80.csv` (%s customers, %s churned, %s) to fit and learn, `churn_bigml_20.csv` (%s customers, %s churned, %s) held out; '
              'loaded with their own column names in snake_case (`customer_service_calls`, `international_plan`, `churn`, ...).',
       (SELECT count(*) FROM churn_train), (SELECT count(*) FILTER (WHERE churn) FROM churn_train),
       (SELECT round(avg(churn::int), 4) FROM churn_train),
       (SELECT count(*) FROM churn_test), (SELECT count(*) FILTER (WHERE churn) FROM churn_test),
       (SELECT round(avg(churn::int), 4) FROM churn_test));
SQL
	echo
	echo "### validate(): the model's tiers against churn, held out"
	echo
	echo "The model is the churn example of [model.md](model.md) (\"Bring your own"
	echo "table\": usage, service and plan dimensions, expert weights, value tiers"
	echo "50/30/20 %, a \`stage\` classification with \`warning\` at 4 or more"
	echo "service calls), fitted on the 80 % file;"
	echo "\`validate('churn', 'churn_test')\` on the 20 % file:"
	echo
	echo "| output | label | customers | churned | churn rate | 95 % Wilson | lift | AUC [95 % DeLong] | monotone |"
	echo "|---|---|---:|---:|---:|---|---:|---|---|"
	psql -A -t -F ' | ' <<'SQL'
SET client_min_messages = warning;
SELECT '| ' || output, coalesce(label, ''), customers, outcomes, round(outcome_rate::numeric, 4),
       format('%s .. %s', round(ci_low::numeric, 4), round(ci_high::numeric, 4)),
       round(lift::numeric, 2),
       CASE WHEN auc IS NOT NULL THEN format('%s [%s, %s]', round(auc::numeric, 4), round(auc_ci_low::numeric, 4),
                                             round(auc_ci_high::numeric, 4)) ELSE '' END,
       coalesce(monotone::text, '') || ' |'
FROM complaint_tier.validate('churn', 'churn_test');
SQL
} >"$out"

# validate()'s AUC against scikit-learn on the same scores (shortest exact text)
psql -A -t -F ',' -c "SET extra_float_digits = 3" \
	-c "SELECT c.customer_id, e.score, e.dimension_scores[1], e.dimension_scores[2], e.dimension_scores[3], c.churn::int
	    FROM churn_test c CROSS JOIN LATERAL complaint_tier.evaluate('churn', c) e ORDER BY c.customer_id" \
	| grep -v '^SET$' >"$work/scores.csv"
psql -A -t -F ',' -c "SET client_min_messages = warning" \
	-c "SELECT output, auc FROM complaint_tier.validate('churn', 'churn_test') WHERE auc IS NOT NULL" \
	| grep -v '^SET$' >"$work/validate_auc.csv"
"$PY" - "$work/scores.csv" "$work/validate_auc.csv" >"$work/sklearn.txt" <<'PY'
import sys
import numpy as np
from sklearn.metrics import roc_auc_score
d = np.loadtxt(sys.argv[1], delimiter=',')
ours = dict(line.strip().split(',') for line in open(sys.argv[2]) if line.strip())
cols = {'score': 1, 'usage_score': 2, 'service_score': 3, 'plan_score': 4}
worst = 0.0
rows = []
for name, c in cols.items():
    sk = roc_auc_score(d[:, 5], d[:, c])
    diff = abs(sk - float(ours[name]))
    worst = max(worst, diff)
    rows.append((name, float(ours[name]), sk, diff))
for r in rows:
    print('| %s | %.12f | %.12f | %.1e |' % r)
print('WORST %.3e' % worst)
PY
worst=$(sed -n 's/^WORST //p' "$work/sklearn.txt")
{
	echo
	echo "validate()'s AUC against scikit-learn's \`roc_auc_score\` on the same"
	echo "scores (exported with \`extra_float_digits = 3\`, the exact shortest text):"
	echo
	echo "| score | validate() | scikit-learn | difference |"
	echo "|---|---:|---:|---:|"
	grep '^|' "$work/sklearn.txt"
	echo
	echo "Largest difference: $worst (the check fails above 1e-9)."
} >>"$out"

# The outcome-weighted model (issue item 2, weighting = 'outcome'): its
# held-out AUC goes here once define_model accepts that weighting.
ow=$(psql -A -t 2>&1 <<'SQL' || true
SET client_min_messages = warning;
SELECT complaint_tier.define_model('churn_outcome',
       complaint_tier.model_spec('churn') || '{"weighting": "outcome", "outcome": "churn"}');
SELECT complaint_tier.fit('churn_outcome', 'churn_train');
SELECT 'AUC ' || round(auc::numeric, 4) || ' [' || round(auc_ci_low::numeric, 4) || ', ' || round(auc_ci_high::numeric, 4) || ']'
FROM complaint_tier.validate('churn_outcome', 'churn_test') WHERE output = 'score';
SQL
)
{
	echo
	echo "**Outcome-weighted model** (\`weighting: \"outcome\"\`, the same spec, target"
	echo "held-out AUC >= 0.82):"
	if printf '%s' "$ow" | grep -q '^AUC '; then
		echo "held-out $(printf '%s' "$ow" | grep '^AUC ')."
	else
		echo "pending: this build has no outcome weighting yet (issue item 2, developed"
		echo "separately); \`define_model\` answers: $(printf '%s' "$ow" | grep -m1 'DETAIL' | sed 's/^.*DETAIL: *//')"
		echo "The script fills this line in when the weighting exists."
	fi
} >>"$out"

# suggest_rules: learned on the 80 % file, held out on the 20 % file
learn() {	# max_rules
	local m=$1
	psql -v m="$m" <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS rules;
CREATE TABLE rules AS
SELECT * FROM complaint_tier.suggest_rules('churn', 'churn_train', 'churn', :m, 30, 'churn_test');
-- the rule-list score of each held-out customer: the training rate of its
-- first matching rule, found by rule_matches on the row as JSON (a second
-- implementation of the rule language's evaluation)
DROP TABLE IF EXISTS list_score;
CREATE TABLE list_score AS
SELECT t.customer_id, t.churn,
       (SELECT r.outcome_rate FROM rules r
        WHERE complaint_tier.rule_matches(r.condition, to_jsonb(t)) ORDER BY r.position LIMIT 1) AS score,
       (SELECT r.position FROM rules r
        WHERE complaint_tier.rule_matches(r.condition, to_jsonb(t)) ORDER BY r.position LIMIT 1) AS position
FROM churn_test t;
SQL
}
report_rules() {	# max_rules
	local m=$1 auc agree lift
	auc=$(psql -A -t -c "SELECT auc FROM complaint_tier.roc_auc(
	         (SELECT array_agg(score ORDER BY customer_id) FROM list_score),
	         (SELECT array_agg(churn ORDER BY customer_id) FROM list_score))")
	agree=$(psql -A -t -c "SELECT CASE WHEN bool_and(r.holdout_support = (SELECT count(*) FROM list_score l
	                                                                       WHERE l.position = r.position)) THEN 'yes' ELSE 'NO' END
	                       FROM rules r")
	psql -A -t -F ',' -c "SET extra_float_digits = 3" -c "SELECT score, churn::int FROM list_score ORDER BY customer_id" \
		| grep -v '^SET$' >"$work/list_$m.csv"
	skauc=$("$PY" -c "
import numpy as np, sys
from sklearn.metrics import roc_auc_score
d = np.loadtxt('$work/list_$m.csv', delimiter=',')
print('%.12f' % roc_auc_score(d[:, 1], d[:, 0]))")
	lift=$(psql -A -t -c "SELECT holdout_lift FROM rules WHERE position = 1")
	n=$(psql -A -t -c "SELECT count(*) FROM rules")
	echo
	echo "#### max_rules = $m ($n rules; min_support 30)"
	echo
	echo "| # | condition | support | churn rate | lift | held-out support | held-out rate | held-out lift |"
	echo "|---:|---|---:|---:|---:|---:|---:|---:|"
	psql -A -t -F ' | ' -c "SELECT '| ' || position, '\`' || condition || '\`', support, round(outcome_rate::numeric, 3),
	       round(lift::numeric, 2), holdout_support, round(holdout_rate::numeric, 3), round(holdout_lift::numeric, 2) || ' |'
	       FROM rules ORDER BY position"
	echo
	echo "Held-out AUC of the rule-list score: $(r4 "$auc") (roc_auc() in the database;"
	echo "scikit-learn on the same scores: $(r4 "$skauc")); top rule's held-out lift"
	echo "$(printf '%.2f' "$lift")x. Held-out supports equal the first matches that"
	echo "\`rule_matches\` finds on the rows as JSON: $agree."
	AUC_OF[$m]=$auc
	LIFT_OF[$m]=$lift
	N_OF[$m]=$n
}
declare -A AUC_OF LIFT_OF N_OF
best_ms() {	# the fastest of 5 calls, in ms
	local args=(-c '\timing on' -c "SET client_min_messages = warning") i
	for i in 1 2 3 4 5; do
		args+=(-c "SELECT count(*) FROM complaint_tier.suggest_rules('churn', 'churn_train', 'churn', 16, 30, 'churn_test')")
	done
	psql "${args[@]}" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sort -n | head -1 | cut -d. -f1
}
{
	echo
	echo "### suggest_rules(): warning rules learned from churn"
	echo
	echo "\`suggest_rules('churn', 'churn_train', 'churn', max_rules, 30, 'churn_test')\`:"
	echo "learned on the 80 % file from every number, boolean and text column"
	echo "(the key left out), reported on both files. The score of a held-out"
	echo "customer is the training churn rate of the first rule it matches."
} >>"$out"
learn 16
report_rules 16 >>"$out"
learn 8
report_rules 8 >>"$out"
{
	echo
	echo "Targets (issue \"Tiers that answer to outcomes\"): held-out AUC >= 0.88 with at"
	echo "most 16 rules: $(r4 "${AUC_OF[16]}") with ${N_OF[16]} rules, $("$PY" -c "print('met' if ${AUC_OF[16]} >= 0.88 else 'NOT met')");"
	echo "top rule's held-out lift >= 3x: $(printf '%.2f' "${LIFT_OF[16]}")x, $("$PY" -c "print('met' if ${LIFT_OF[16]} >= 3 else 'NOT met')")."
	echo "The default max_rules = 8 gives $(r4 "${AUC_OF[8]}"). One call of suggest_rules with"
	echo "16 rules and the holdout takes $(best_ms) ms (the best of 5 on the project"
	echo "machine, a shared 2-core virtual machine)."
} >>"$out"

cat "$out"
# the section goes between its markers in doc/validation.md (added at the end
# the first time); the rest of the file is kept as it is
"$PY" - "$CT_ROOT/doc/validation.md" "$out" <<'PY'
import sys
doc, sec = sys.argv[1], open(sys.argv[2]).read().rstrip('\n')
begin, end = '<!-- churn: written by test/validate_churn.sh -->', '<!-- churn: end -->'
text = open(doc).read()
block = begin + '\n' + sec + '\n' + end
if begin in text and end in text:
    text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
else:
    text = text.rstrip('\n') + '\n\n' + block + '\n'
open(doc, 'w').write(text)
PY
python_ok=$("$PY" -c "print(1 if $worst <= 1e-9 else 0)")
if [ "$python_ok" != 1 ]; then
	echo "validate_churn: validate()'s AUC differs from scikit-learn's by $worst" >&2
	exit 1
fi
