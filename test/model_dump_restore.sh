#!/usr/bin/env bash
# test/model_dump_restore.sh: a user-defined model survives pg_dump / pg_restore.
#
# Defines a user model over a table of the public schema with define_model()
# (three dimensions, four indicators, an overall tier scheme, a
# classification, a strategy and a rule) and fits it, fits the shipped
# telecom model too, dumps the database with pg_dump -Fc, restores it into a
# fresh database and checks that the user rows of every catalogue table
# (model, dimension, indicator, tier_scheme, classification, strategies,
# rules) are back exactly once, the shipped rows are not duplicated, the
# model's spec, the fitted versions and the active versions are the same and
# evaluate() gives the same results (md5 of every evaluation of both models);
# a user ticket mapping and an incremental profile view come back too.
#
# Edits of shipped rows survive too (doc/governance.md): a disabled shipped
# rule, a changed indicator weight, a changed model threshold and tier
# shares, a changed strategy, dimension description and classification
# condition are marked modified, dumped, and applied over the rows CREATE
# EXTENSION recreates; who fitted and activated each version (a candidate
# among them) comes back as well.  A negative control restores the same
# dump with the trigger that applies those rows disabled: pg_restore then
# meets the recreated rows with duplicate keys and loses the tables' data.
# Prints "dump/restore: ok" and exits 0 on success.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$CT_ROOT"

ct_lock
ct_install
ct_pg_start
bindir=$(ct_pg_bindir)
psql() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

psql -d postgres -c 'CREATE DATABASE ct_src' -c 'CREATE DATABASE ct_dst' -c 'CREATE DATABASE ct_raw'
psql -d ct_src >/dev/null <<'SQL'
CREATE EXTENSION complaint_tier;
-- the user's table lives in public, not in the extension's schema
CREATE TABLE public.customers AS SELECT * FROM complaint_tier.sample_customers(5000, 11);
SELECT complaint_tier.define_model('mine', $spec$
{
  "description": "a user model",
  "key": "customer_id",
  "source": "public.customers",
  "dimensions": [
    {"name": "value",     "weight": 3},
    {"name": "credit",    "weight": 1},
    {"name": "behaviour", "weight": 2}
  ],
  "indicators": [
    {"name": "arpu", "column": "arpu", "dimension": "value", "transform": "log"},
    {"name": "level", "column": "customer_level", "dimension": "value", "kind": "qualitative",
     "levels": ["ordinary", "silver", "gold", "platinum", "diamond"]},
    {"name": "channel", "column": "payment_channel", "dimension": "credit", "kind": "qualitative",
     "levels": ["cash", "prepaid_card", "online", "bank_autodebit"]},
    {"name": "complaints", "column": "complaints_90d", "dimension": "behaviour", "direction": "cost"}
  ],
  "weighting": "critic",
  "methods": ["weighted_sum", "topsis", "vikor"],
  "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.7, 0.3]}},
  "classifications": [
    {"name": "spend", "labels": [
      {"label": "big", "when": "arpu >= 200"},
      {"label": "small", "when": "arpu < 200"}]}
  ],
  "strategies": [
    {"code": "mine_callback", "title": "Call-back by the account team", "basis": "value"}
  ],
  "rules": [
    {"id": "mine.callback", "strategy": "mine_callback", "priority": 10,
     "when": "tier = 'high' AND spend = 'big'", "routing_priority": 2}
  ]
}
$spec$);
-- an administrator's edits of shipped rows, one per catalogue table
UPDATE complaint_tier.rules SET enabled = false WHERE id = 'telecom.value.green_channel';
UPDATE complaint_tier.indicator SET expert_weight = 0.5 WHERE model = 'telecom' AND name = 'arpu';
UPDATE complaint_tier.model SET concordance_threshold = 0.8 WHERE name = 'telecom';
UPDATE complaint_tier.tier_scheme SET shares = '{0.5,0.3,0.15,0.05}' WHERE model = 'telecom' AND scope = 'overall';
UPDATE complaint_tier.strategies SET refund_ceiling = 800 WHERE code = 'extended_authority';
UPDATE complaint_tier.dimension SET description = 'tenure only' WHERE model = 'telecom' AND name = 'background';
UPDATE complaint_tier.classification SET conditions[2] = 'tenure_months < 3'
WHERE model = 'telecom' AND name = 'lifecycle_stage';
SELECT complaint_tier.fit('mine', 'public.customers');
SELECT complaint_tier.fit('mine', 'public.customers');
SELECT complaint_tier.fit('telecom', 'public.customers');
SELECT complaint_tier.fit('telecom', 'public.customers', false);
SELECT complaint_tier.activate('mine', 1);
-- a ticket mapping and an incremental profile view (its states and watermark)
CREATE TABLE public.tickets AS SELECT * FROM complaint_tier.sample_tickets(500, 11);
SELECT complaint_tier.define_ticket_mapping('my_tickets', complaint_tier.ticket_mapping_spec('sample_tickets'));
SELECT complaint_tier.create_profile_view('my_tickets', 'public.tickets', 'public.ticket_profile', kind => 'incremental');
SELECT complaint_tier.refresh_profile('public.ticket_profile', '2025-01-01', rebuild => true);
SQL

snapshot() {
	psql -d "$1" -At <<'SQL'
SET search_path = complaint_tier, public;
SELECT 'models', string_agg(name || ':' || builtin, ',' ORDER BY name) FROM model;
SELECT 'dimensions', count(*), count(*) FILTER (WHERE builtin),
       string_agg(model || ':' || name || ':' || ordinal || ':' || coalesce(weight::text, '-'), ',' ORDER BY model, ordinal)
       FILTER (WHERE NOT builtin) FROM dimension;
SELECT 'indicators', count(*), count(*) FILTER (WHERE builtin),
       string_agg(model || ':' || name || ':' || dimension, ',' ORDER BY model, ordinal) FILTER (WHERE NOT builtin) FROM indicator;
SELECT 'schemes', count(*), count(*) FILTER (WHERE builtin),
       string_agg(model || ':' || scope || ':' || labels::text, ',' ORDER BY model, scope) FILTER (WHERE NOT builtin) FROM tier_scheme;
SELECT 'classifications', count(*), count(*) FILTER (WHERE builtin),
       string_agg(model || ':' || name || ':' || labels::text || ':' || conditions::text, ',' ORDER BY model, ordinal)
       FILTER (WHERE NOT builtin) FROM classification;
SELECT 'strategies', count(*), count(*) FILTER (WHERE builtin),
       string_agg(code, ',' ORDER BY code) FILTER (WHERE NOT builtin) FROM strategies;
SELECT 'rules', count(*), count(*) FILTER (WHERE builtin),
       string_agg(id || ':' || version || ':' || condition, ',' ORDER BY id) FILTER (WHERE NOT builtin) FROM rules;
SELECT 'spec', md5(model_spec('mine')::text), md5(model_spec('telecom')::text);
SELECT 'edits', (SELECT enabled || ':' || version || ':' || modified FROM rules WHERE id = 'telecom.value.green_channel'),
       (SELECT expert_weight FROM indicator WHERE model = 'telecom' AND name = 'arpu'),
       (SELECT concordance_threshold FROM model WHERE name = 'telecom'),
       (SELECT shares FROM tier_scheme WHERE model = 'telecom' AND scope = 'overall'),
       (SELECT refund_ceiling FROM strategies WHERE code = 'extended_authority'),
       (SELECT description FROM dimension WHERE model = 'telecom' AND name = 'background'),
       (SELECT conditions[2] FROM classification WHERE model = 'telecom' AND name = 'lifecycle_stage');
SELECT 'shipped', t, n, m, h FROM (
	SELECT 'model' AS t, count(*) AS n, count(*) FILTER (WHERE modified) AS m, md5(string_agg(x::text, '|' ORDER BY x.name)) AS h FROM model x WHERE builtin
	UNION ALL SELECT 'dimension', count(*), count(*) FILTER (WHERE modified), md5(string_agg(x::text, '|' ORDER BY x.model, x.name)) FROM dimension x WHERE builtin
	UNION ALL SELECT 'indicator', count(*), count(*) FILTER (WHERE modified), md5(string_agg(x::text, '|' ORDER BY x.model, x.name)) FROM indicator x WHERE builtin
	UNION ALL SELECT 'tier_scheme', count(*), count(*) FILTER (WHERE modified), md5(string_agg(x::text, '|' ORDER BY x.model, x.scope)) FROM tier_scheme x WHERE builtin
	UNION ALL SELECT 'classification', count(*), count(*) FILTER (WHERE modified), md5(string_agg(x::text, '|' ORDER BY x.model, x.name)) FROM classification x WHERE builtin
	UNION ALL SELECT 'strategies', count(*), count(*) FILTER (WHERE modified), md5(string_agg(x::text, '|' ORDER BY x.code)) FROM strategies x WHERE builtin
	UNION ALL SELECT 'rules', count(*), count(*) FILTER (WHERE modified), md5(string_agg(x::text, '|' ORDER BY x.id)) FROM rules x WHERE builtin) s
ORDER BY t;
SELECT 'provenance', string_agg(model || ':' || version || ':' || fitted_by || ':' || fitted_at, ',' ORDER BY model, version)
FROM model_version;
SELECT 'activations', string_agg(model || ':' || version || ':' || coalesce(previous_version::text, '-') || ':' || activated_by
       || ':' || activated_at, ',' ORDER BY model, activated_at, version) FROM activation_log;
SELECT 'versions', string_agg(model || ':' || version || ':' || state || ':' || row_count, ',' ORDER BY model, version)
FROM model_version;
SELECT 'fitted', md5(string_agg(v::text, '|' ORDER BY v.model, v.version))
FROM (SELECT * FROM model_version) v;
SELECT 'active', string_agg(model || ':' || version || ':' || activated_by || ':' || activated_at, ',' ORDER BY model) FROM active_version;
SELECT 'mine', count(*), count(*) FILTER (WHERE e.strategies <> '{}'),
       md5(string_agg(e::text, '|' ORDER BY c.customer_id))
FROM public.customers c CROSS JOIN LATERAL evaluate('mine', c) e;
SELECT 'telecom', count(*), md5(string_agg(e::text, '|' ORDER BY c.customer_id))
FROM public.customers c CROSS JOIN LATERAL evaluate('telecom', c) e;
SELECT 'mappings', string_agg(name || ':' || builtin || ':' || ticket_mapping_spec(name)::text, ',' ORDER BY name) FROM ticket_mapping;
SELECT 'profile views', string_agg(view_name || ':' || mapping || ':' || watermark, ',') FROM profile_view;
SELECT 'profiles', count(*), md5(string_agg(p::text, '|' ORDER BY p.customer_id)) FROM public.ticket_profile p;
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

# negative control: the same restore with the trigger that applies edited
# shipped rows disabled between the schema and the data
"$bindir/pg_restore" --section=pre-data -d ct_raw "$dump"
psql -d ct_raw -c 'ALTER TABLE complaint_tier.rules DISABLE TRIGGER guard'
if "$bindir/pg_restore" --section=data -d ct_raw "$dump" 2>"$CT_PG_DIR/raw.err"; then
	echo "dump/restore: FAILED (the negative control restored without error)"
	exit 1
fi
grep -m1 'duplicate key value violates unique constraint "rules_pkey"' "$CT_PG_DIR/raw.err"
raw_rules=$(psql -d ct_raw -At -c "SELECT count(*) FILTER (WHERE NOT builtin) || ' user rules, green_channel enabled: ' || bool_or(enabled) FILTER (WHERE id = 'telecom.value.green_channel') FROM complaint_tier.rules")
echo "without the trigger: $raw_rules"
[ "$raw_rules" = "0 user rules, green_channel enabled: true" ] || { echo "dump/restore: FAILED (negative control)"; exit 1; }
echo "dump/restore: ok"
