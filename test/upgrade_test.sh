#!/usr/bin/env bash
# test/upgrade_test.sh: ALTER EXTENSION complaint_tier UPDATE from 0.1.0.
#
# Builds and installs 0.1.0 from the git history (commit 4a6c36e, the last
# 0.1.0 state of main), creates what a 0.1.0 user has: the shipped model
# fitted, a user model defined by rows (dimension weights, changed
# thresholds), a user rule, two fitted versions, a materialised view over
# evaluate(); records every evaluation; then installs this tree (0.2.0) the
# way a package upgrade does (the shared library and the scripts replaced)
# and checks:
#   - the update refuses to run while a view uses evaluate(), naming it;
#   - after the view is dropped, the update runs, and every user model,
#     rule and fitted version is there, converted (dimension rows,
#     classification rows with the user's thresholds);
#   - evaluate() gives the same score, tier, dimension scores and tiers,
#     classes and strategies for every customer, for the shipped model and
#     the user model, with the versions fitted by 0.1.0;
#   - fit, define_model and create_tier_view work after the update;
#   - the upgraded extension has the same objects, table columns and
#     constraints as a fresh CREATE EXTENSION of 0.2.0.
# Prints "upgrade: ok" and exits 0 on success.  Skips (exit 0, saying so)
# when the git history is not available.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$CT_ROOT"

base=4a6c36e
if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
	echo "upgrade: skipped (commit $base of 0.1.0 is not in this checkout's history)"
	exit 0
fi

ct_lock
old=$(mktemp -d /tmp/ct_upgrade.XXXXXX)
trap 'rm -rf "$old"' EXIT
git archive "$base" | tar -x -C "$old"
make -C "$old" -s >/dev/null
make -C "$old" -s install >/dev/null
ct_pg_start
trap 'ct_pg_stop; rm -rf "$old"; ct_install >/dev/null 2>&1 || true' EXIT
bindir=$(ct_pg_bindir)
psql() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

# one md5 per model over everything an evaluation said, in 0.1.0's columns
v1_sums="SELECT m, md5(string_agg(line, E'\n' ORDER BY id)) FROM (
  SELECT m, c.customer_id AS id, concat_ws('|', c.customer_id, e.score, e.tier,
         coalesce(e.background_score::text, '-'), coalesce(e.value_score::text, '-'), coalesce(e.credit_score::text, '-'),
         coalesce(e.behaviour_score::text, '-'), coalesce(e.handling_score::text, '-'),
         coalesce(e.background_tier, '-'), coalesce(e.value_tier, '-'), coalesce(e.credit_tier, '-'),
         coalesce(e.behaviour_tier, '-'), coalesce(e.handling_tier, '-'),
         coalesce(e.lifecycle_stage, '-'), coalesce(e.credit_grade, '-'), coalesce(e.behaviour_class, '-'),
         e.strategies::text, e.reasons::text, coalesce(e.routing_priority::text, '-'), coalesce(e.refund_ceiling::text, '-')) AS line
  FROM unnest(ARRAY['telecom', 'mine']) m, public.customers c CROSS JOIN LATERAL complaint_tier.evaluate(m, c) e) s
GROUP BY m ORDER BY m"
v2_sums="SELECT m, md5(string_agg(line, E'\n' ORDER BY id)) FROM (
  SELECT m, c.customer_id AS id, concat_ws('|', c.customer_id, e.score, e.tier,
         coalesce(e.dimension_scores[1]::text, '-'), coalesce(e.dimension_scores[2]::text, '-'), coalesce(e.dimension_scores[3]::text, '-'),
         coalesce(e.dimension_scores[4]::text, '-'), coalesce(e.dimension_scores[5]::text, '-'),
         coalesce(e.dimension_tiers[1], '-'), coalesce(e.dimension_tiers[2], '-'), coalesce(e.dimension_tiers[3], '-'),
         coalesce(e.dimension_tiers[4], '-'), coalesce(e.dimension_tiers[5], '-'),
         coalesce(e.class_labels[1], '-'), coalesce(e.class_labels[2], '-'), coalesce(e.class_labels[3], '-'),
         e.strategies::text, e.reasons::text, coalesce(e.routing_priority::text, '-'), coalesce(e.refund_ceiling::text, '-')) AS line
  FROM unnest(ARRAY['telecom', 'mine']) m, public.customers c CROSS JOIN LATERAL complaint_tier.evaluate(m, c) e) s
GROUP BY m ORDER BY m"

psql -d postgres -c 'CREATE DATABASE ct_up' -c 'CREATE DATABASE ct_fresh'
psql -d ct_up >/dev/null <<'SQL'
CREATE EXTENSION complaint_tier VERSION '0.1.0';
SET client_min_messages = warning;
CREATE TABLE public.customers AS SELECT * FROM complaint_tier.sample_customers(3000, 5);
SELECT complaint_tier.fit('telecom', 'public.customers');
SET search_path = complaint_tier, public;
INSERT INTO model (name, dimension_weights, weighting, methods, stage_growth_months, frequent_complaints)
VALUES ('mine', '{0, 2, 1, 1, 0}', 'expert', '{weighted_sum,topsis}', 3, 4);
INSERT INTO indicator (model, name, ordinal, dimension, kind, source_column, direction, levels, range_lo, range_hi, expert_weight)
VALUES ('mine', 'arpu', 1, 'value', 'quantitative', 'arpu', 'benefit', NULL, NULL, NULL, 3),
       ('mine', 'level', 2, 'value', 'qualitative', 'customer_level', 'benefit', '{ordinary,silver,gold,platinum,diamond}', NULL, NULL, 1),
       ('mine', 'arrears', 3, 'credit', 'quantitative', 'arrears_count_12m', 'cost', NULL, 0, 6, 1),
       ('mine', 'complaints', 4, 'behaviour', 'quantitative', 'complaints_90d', 'cost', NULL, 1, 10, 1);
INSERT INTO tier_scheme (model, scope, labels, shares) VALUES ('mine', 'overall', '{low,high}', '{0.7,0.3}');
INSERT INTO rules (id, model, priority, condition, strategy)
VALUES ('mine.vip', 'mine', 5, 'customer_level = ''diamond'' AND tier = ''high''', 'priority_queue');
SELECT fit('mine', 'public.customers');
UPDATE model SET stage_stable_months = 30 WHERE name = 'mine';
SELECT fit('mine', 'public.customers');
UPDATE rules SET enabled = false WHERE id = 'telecom.value.data_heavy';
CREATE MATERIALIZED VIEW public.tiers AS
SELECT c.customer_id, e.* FROM public.customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
SQL
before=$(psql -d ct_up -At -c "$v1_sums")
echo "0.1.0 evaluations:"; echo "$before"

# the package upgrade: this tree's library and scripts replace 0.1.0's
ct_install

out=$(psql -d ct_up -c 'ALTER EXTENSION complaint_tier UPDATE' 2>&1 || true)
echo "$out" | grep -q 'these objects use it: materialized view public.tiers' ||
	{ echo "upgrade: the update did not refuse the dependent view:"; echo "$out"; exit 1; }
echo "refused while a view uses evaluate(): ok"
psql -d ct_up -c 'DROP MATERIALIZED VIEW public.tiers' -c 'ALTER EXTENSION complaint_tier UPDATE'

psql -d ct_up -At -c "SELECT extversion FROM pg_extension WHERE extname = 'complaint_tier'" | grep -qx '0.2.0'
after=$(psql -d ct_up -At -c "$v2_sums")
echo "0.2.0 evaluations:"; echo "$after"
[ "$before" = "$after" ] || { echo "upgrade: evaluations differ"; exit 1; }

got=$(psql -d ct_up -At <<'SQL'
SET search_path = complaint_tier;
SELECT string_agg(format('%s:%s:%s', name, ordinal, coalesce(weight::text, '-')), ',' ORDER BY ordinal) FROM dimension WHERE model = 'mine';
SELECT string_agg(format('%s=%s', name, array_to_string(conditions, ' | ')), E'\n' ORDER BY ordinal) FROM classification WHERE model = 'mine';
SELECT string_agg(format('%s:%s', version, state), ',' ORDER BY version) FROM model_version WHERE model = 'mine';
SELECT version FROM active_version WHERE model = 'mine';
SELECT string_agg(id, ',' ORDER BY id) FROM rules WHERE model = 'mine';
SELECT enabled FROM rules WHERE id = 'telecom.value.data_heavy';
SELECT string_agg(class_conditions[2], ',' ORDER BY version) FROM model_version WHERE model = 'mine';
SQL
)
expected="value:2:2,credit:3:1,behaviour:4:1,background:1:0,handling:5:0"
echo "$got"
echo "$got" | grep -q 'lifecycle_stage=porting_requested OR satisfaction <= 2 | tenure_months < 3 | tenure_months < 30 | tenure_months >= 30' ||
	{ echo "upgrade: mine's lifecycle thresholds were not carried over"; exit 1; }
echo "$got" | grep -q 'behaviour_class=complaints_90d >= 4 AND unreasonable_ratio >= 0.5' ||
	{ echo "upgrade: mine's frequent_complaints threshold was not carried over"; exit 1; }
echo "$got" | grep -qx '1:ready,2:ready' || { echo "upgrade: versions lost"; exit 1; }
echo "$got" | grep -qx 'mine.vip' || { echo "upgrade: user rule lost"; exit 1; }
echo "$got" | grep -qx 'f' || { echo "upgrade: edit of a shipped rule lost"; exit 1; }
echo "$got" | grep -qx 'tenure_months < 3,tenure_months < 3' ||
	{ echo "upgrade: the versions' own thresholds were not carried over"; exit 1; }
psql -d ct_up -At -c "SELECT string_agg(format('%s:%s:%s', name, ordinal, coalesce(weight::text, '-')), ',' ORDER BY weight DESC, ordinal) FROM complaint_tier.dimension WHERE model = 'mine'" |
	grep -qx 'value:2:2,credit:3:1,behaviour:4:1,background:1:0,handling:5:0' ||
	{ echo "upgrade: mine's dimension weights were not carried over"; exit 1; }

# 0.2.0 works on the upgraded catalogue
psql -d ct_up >/dev/null <<'SQL'
SET client_min_messages = warning;
SELECT complaint_tier.fit('mine', 'public.customers');
SELECT complaint_tier.create_tier_view('telecom', 'public.customers', 'public.tiers', true);
SELECT complaint_tier.define_model('mine_copy', complaint_tier.model_spec('mine') - 'rules');
SELECT complaint_tier.fit('mine_copy', 'public.customers');
SQL
[ "$(psql -d ct_up -At -c 'SELECT count(*) FROM public.tiers')" = 3000 ] || { echo "upgrade: tier view"; exit 1; }
echo "fit, define_model, create_tier_view after the update: ok"

# the same objects as a fresh install
psql -d ct_fresh -c 'CREATE EXTENSION complaint_tier'
objects="SELECT pg_describe_object(classid, objid, 0) FROM pg_depend
         WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
           AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'complaint_tier')
         UNION ALL
         SELECT format('column %s.%s %s %s default %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                       CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END, pg_get_expr(d.adbin, d.adrelid))
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE c.relnamespace = 'complaint_tier'::regnamespace AND c.relkind IN ('r', 'v', 'c')
           AND a.attnum > 0 AND NOT a.attisdropped
         UNION ALL
         SELECT format('constraint %s on %s: %s', conname, conrelid::regclass, pg_get_constraintdef(oid))
         FROM pg_constraint WHERE connamespace = 'complaint_tier'::regnamespace
         UNION ALL
         SELECT format('trigger %s on %s', tgname, tgrelid::regclass) FROM pg_trigger
         WHERE NOT tgisinternal AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'complaint_tier'::regnamespace)
         ORDER BY 1"
diff <(psql -d ct_fresh -At -c "$objects") <(psql -d ct_up -At -c "$objects" | grep -v 'mine') >"$old/objects.diff" || {
	echo "upgrade: the upgraded extension differs from a fresh install (< fresh, > upgraded):"
	cat "$old/objects.diff"
	exit 1
}
echo "same objects, columns, constraints and triggers as a fresh install: ok"
echo "upgrade: ok"
