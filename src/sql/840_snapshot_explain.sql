-- The snapshot (by-value) forms of explain, explain_json,
-- explain_strategies and of evaluate(model, customer jsonb)
-- (doc/scale-out.md, doc/explain.md): the first argument is a
-- complaint_tier.model_snapshot instead of a model's name, and everything
-- else comes from that value, so they read no catalogue, setting or
-- strategy table and are IMMUTABLE.  Their output is the catalogue form's
-- for the snapshot's version, rules and remedy table.

CREATE FUNCTION evaluate(snapshot model_snapshot, customer jsonb, on_error text DEFAULT 'raise')
RETURNS evaluation
AS 'MODULE_PATHNAME', 'ct_evaluate_snapshot_jsonb_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION evaluate(model_snapshot, jsonb, text) IS
'evaluate one customer given as a JSON object keyed by the input column names with the version, rules and remedy table a snapshot carries (model_snapshot()), reading no catalogue: evaluate(model, customer jsonb) by value; on_error as for evaluate(model, customer)';

CREATE FUNCTION explain(snapshot model_snapshot, customer record)
RETURNS SETOF indicator_explanation
AS 'MODULE_PATHNAME', 'ct_explain_snapshot_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;

COMMENT ON FUNCTION explain(model_snapshot, record) IS
'explain(model, customer record) with the version a snapshot carries (model_snapshot()), reading no catalogue: per indicator its raw and normalised value, weights and contribution to the score (doc/explain.md)';

CREATE FUNCTION explain(snapshot model_snapshot, customer jsonb)
RETURNS SETOF indicator_explanation
AS 'MODULE_PATHNAME', 'ct_explain_snapshot_jsonb_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;

COMMENT ON FUNCTION explain(model_snapshot, jsonb) IS
'explain(snapshot, customer record) for a customer given as a JSON object keyed by the input column names (raw_value is the JSON value as text), reading no catalogue';

CREATE FUNCTION explain_json(snapshot model_snapshot, customer record)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'ct_explain_json_snapshot_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION explain_json(model_snapshot, record) IS
'explain_json(model, customer record) with the version, rules and remedy table a snapshot carries (model_snapshot()), reading no catalogue: the whole decision for one customer as one document (doc/explain.md)';

CREATE FUNCTION explain_json(snapshot model_snapshot, customer jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'ct_explain_json_snapshot_jsonb_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION explain_json(model_snapshot, jsonb) IS
'explain_json(snapshot, customer record) for a customer given as a JSON object keyed by the input column names, reading no catalogue';

-- the rows of explain_strategies(snapshot, ...): the columns of
-- explain_strategies(model, ...)'s TABLE, in its order
CREATE TYPE strategy_explanation AS (
	priority int,
	strategy text,
	title text,
	rule_id text,
	rule_version int,
	condition text,
	routing_priority int,
	refund_ceiling float8,
	approval_required boolean
);

COMMENT ON TYPE strategy_explanation IS
'one strategy rule that fired for an explained customer (explain_strategies(snapshot, customer)): the columns explain_strategies(model, customer) returns';
COMMENT ON COLUMN strategy_explanation.priority IS 'the rule''s priority (rules apply in priority order)';
COMMENT ON COLUMN strategy_explanation.strategy IS 'the strategy code the rule gives';
COMMENT ON COLUMN strategy_explanation.title IS 'the strategy''s title';
COMMENT ON COLUMN strategy_explanation.rule_id IS 'the rule''s id';
COMMENT ON COLUMN strategy_explanation.rule_version IS 'the rule''s version';
COMMENT ON COLUMN strategy_explanation.condition IS 'the rule''s condition, normalised';
COMMENT ON COLUMN strategy_explanation.routing_priority IS 'the queue priority the rule asks for (1 = highest), NULL if none';
COMMENT ON COLUMN strategy_explanation.refund_ceiling IS 'the strategy''s refund ceiling, NULL if none';
COMMENT ON COLUMN strategy_explanation.approval_required IS 'the strategy needs an approval';

CREATE FUNCTION explain_strategies(snapshot model_snapshot, customer record)
RETURNS SETOF strategy_explanation
AS 'MODULE_PATHNAME', 'ct_explain_strategies_snapshot_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;

COMMENT ON FUNCTION explain_strategies(model_snapshot, record) IS
'the strategy rules a snapshot carries that fired for one customer, in priority order, exactly as evaluate(snapshot, customer) applies them, reading no catalogue: explain_strategies(model, customer) by value';

CREATE FUNCTION explain_strategies(snapshot model_snapshot, customer jsonb)
RETURNS SETOF strategy_explanation
AS 'MODULE_PATHNAME', 'ct_explain_strategies_snapshot_jsonb_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;

COMMENT ON FUNCTION explain_strategies(model_snapshot, jsonb) IS
'explain_strategies(snapshot, customer record) for a customer given as a JSON object keyed by the input column names, as evaluate(snapshot, customer jsonb) applies them';

-- the evaluate custom scan (doc/evaluate_scan.md) takes over the by-value
-- overloads too; the support function loads the library while they are planned
ALTER FUNCTION evaluate(model_snapshot, record, text) SUPPORT _evaluate_support;
ALTER FUNCTION evaluate(model_snapshot, jsonb, text) SUPPORT _evaluate_support;
