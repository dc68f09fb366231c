-- Scale out (doc/scale-out.md): one model version everywhere.  A snapshot
-- carries a fitted version, the strategy rules in force and the remedy table
-- by value; evaluate(snapshot, customer) reads no catalogue, so it is
-- IMMUTABLE: Citus pushes it to the workers (also inside INSERT ... SELECT
-- into a co-located table), postgres_fdw may ship it to shards, and a node
-- evaluates with exactly the version the query carries, whatever its own
-- catalogue holds.

CREATE TYPE snapshot_rule AS (
	id text,
	version int,
	priority int,
	strategy text,
	title text,
	routing_priority int,
	refund_ceiling float8,
	approval_required boolean,
	suspension_type boolean,
	offer boolean,
	condition text
);

COMMENT ON TYPE snapshot_rule IS
'one strategy rule in force as a model snapshot carries it (complaint_tier.rules joined with its strategy in complaint_tier.strategies)';
COMMENT ON COLUMN snapshot_rule.id IS 'the rule''s id';
COMMENT ON COLUMN snapshot_rule.version IS 'the rule''s version (shown in reasons)';
COMMENT ON COLUMN snapshot_rule.priority IS 'the rule''s priority (rules apply in (priority, id) order)';
COMMENT ON COLUMN snapshot_rule.strategy IS 'the strategy code the rule gives';
COMMENT ON COLUMN snapshot_rule.title IS 'the strategy''s title';
COMMENT ON COLUMN snapshot_rule.routing_priority IS 'the queue priority the rule asks for (1 = highest), NULL if none';
COMMENT ON COLUMN snapshot_rule.refund_ceiling IS 'the strategy''s refund ceiling, NULL if none';
COMMENT ON COLUMN snapshot_rule.approval_required IS 'the strategy needs an approval';
COMMENT ON COLUMN snapshot_rule.suspension_type IS 'the strategy suspends a service (dropped for a vulnerable customer)';
COMMENT ON COLUMN snapshot_rule.offer IS 'the strategy is an offer (dropped after a porting request)';
COMMENT ON COLUMN snapshot_rule.condition IS 'the rule''s condition as stored';

CREATE TYPE model_snapshot AS (
	format int,
	model text,
	version int,
	rules_at timestamptz,
	demographic_rules boolean,
	fitted jsonb,
	rules snapshot_rule[],
	remedy_stats remedy_stats,
	remedy_segment text,
	remedy_min_cases int,
	remedy_method text
);

COMMENT ON TYPE model_snapshot IS
'a fitted model version with the strategy rules in force and the remedy table, by value (model_snapshot()): what evaluate(snapshot, customer) evaluates with on any node, without reading a catalogue (doc/scale-out.md); it carries the version''s statistics';
COMMENT ON COLUMN model_snapshot.format IS 'the snapshot format (1)';
COMMENT ON COLUMN model_snapshot.model IS 'the model''s name';
COMMENT ON COLUMN model_snapshot.version IS 'the fitted version the snapshot carries';
COMMENT ON COLUMN model_snapshot.rules_at IS 'the instant whose rules in force the snapshot carries (the start of the transaction that took it)';
COMMENT ON COLUMN model_snapshot.demographic_rules IS 'the model''s demographic_rules when the snapshot was taken (demographic rules are carried only when true)';
COMMENT ON COLUMN model_snapshot.fitted IS 'the fitted version: the row of complaint_tier.model_version as a JSON object keyed by column name (so that a node whose table has its columns in another order, as after an upgrade, reads it right)';
COMMENT ON COLUMN model_snapshot.rules IS 'the strategy rules in force at rules_at, in (priority, id) order';
COMMENT ON COLUMN model_snapshot.remedy_stats IS 'the model''s remedy table (complaint_tier.remedy_model.stats), NULL when it has none';
COMMENT ON COLUMN model_snapshot.remedy_segment IS 'the evaluation column the remedy table''s segments are, NULL without a remedy table';
COMMENT ON COLUMN model_snapshot.remedy_min_cases IS 'the fewest cases a recommended remedy needs, NULL without a remedy table';
COMMENT ON COLUMN model_snapshot.remedy_method IS 'wilson or shrinkage, NULL without a remedy table';

CREATE FUNCTION model_snapshot(model text, version int DEFAULT NULL)
RETURNS model_snapshot
AS 'MODULE_PATHNAME', 'ct_model_snapshot_sql'
LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION model_snapshot(text, int) IS
'a fitted version of a model (the active one when version is NULL) with the strategy rules in force now and the model''s remedy table, as one value for evaluate(snapshot, customer) on workers and shards (doc/scale-out.md); only for readers of the version''s source, since it carries the version''s statistics';

CREATE FUNCTION evaluate(snapshot model_snapshot, customer record, on_error text DEFAULT 'raise')
RETURNS evaluation
AS 'MODULE_PATHNAME', 'ct_evaluate_snapshot_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION evaluate(model_snapshot, record, text) IS
'evaluate one customer row with the version, rules and remedy table a snapshot carries (model_snapshot()), reading no catalogue: the same result as evaluate(model, version, customer) had when the snapshot was taken, on any node with the same extension version; on_error as for evaluate(model, customer)';

CREATE FUNCTION expect_version(got_model text, got_version int, model text, version int)
RETURNS boolean
AS 'MODULE_PATHNAME', 'ct_expect_version_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION expect_version(text, int, text, int) IS
'true when an evaluation''s model and version are the expected ones, else an error naming both (55000): pushed to shards in a WHERE clause, it stops a shard that evaluates with a stale snapshot instead of returning its rows (doc/scale-out.md)';

CREATE FUNCTION publish_snapshot(model text, target regclass)
RETURNS int
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, complaint_tier
AS $$
DECLARE
	s complaint_tier.model_snapshot := complaint_tier.model_snapshot(model);
BEGIN
	EXECUTE format('DELETE FROM %s WHERE model = $1', target) USING model;
	EXECUTE format('INSERT INTO %s (model, snapshot) VALUES ($1, $2)', target) USING model, s;
	RETURN s.version;
END
$$;

COMMENT ON FUNCTION publish_snapshot(text, regclass) IS
'write the snapshot of a model''s active version into a table (model text, snapshot complaint_tier.model_snapshot), replacing the model''s row: a shard''s snapshot table through a postgres_fdw foreign table, in the caller''s transaction; returns the version published (doc/scale-out.md)';
