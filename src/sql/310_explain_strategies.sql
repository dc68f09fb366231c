-- explain_strategies(): the strategy rules that fired for one customer, as
-- evaluate() applies them (doc/model.md, "Strategies in the evaluation").

CREATE FUNCTION explain_strategies(model text, customer record)
RETURNS TABLE (
	priority int,
	strategy text,
	title text,
	rule_id text,
	rule_version int,
	condition text,
	routing_priority int,
	refund_ceiling float8,
	approval_required boolean
)
AS 'MODULE_PATHNAME', 'ct_explain_strategies_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 8;

COMMENT ON FUNCTION explain_strategies(text, record) IS
'the strategy rules that fired for one customer under the active model version, in priority order, exactly as evaluate() fills strategies, reasons, routing_priority and refund_ceiling: rule id and version, normalised condition, routing priority, refund ceiling and approval flag of each';

CREATE FUNCTION explain_strategies(model text, customer jsonb)
RETURNS TABLE (
	priority int,
	strategy text,
	title text,
	rule_id text,
	rule_version int,
	condition text,
	routing_priority int,
	refund_ceiling float8,
	approval_required boolean
)
AS 'MODULE_PATHNAME', 'ct_explain_strategies_jsonb_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 8;

COMMENT ON FUNCTION explain_strategies(text, jsonb) IS
'the strategy rules that fired for one customer given as a JSON object keyed by the input column names, as evaluate(model, jsonb) applies them';
