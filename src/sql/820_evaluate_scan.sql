-- The evaluate custom scan (doc/evaluate_scan.md): a support function on
-- evaluate() so that planning a query with it loads the library, whose
-- planner hook then replaces the Function Scan of evaluate() in FROM by a
-- custom scan without the per-call tuplestore (GUC complaint_tier.custom_scan).

CREATE FUNCTION _evaluate_support(internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'ct_evaluate_support'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _evaluate_support(internal) IS
'internal: planner support function of evaluate(); answers no request, but loads the library while a query with evaluate() is planned, so that its custom scan (complaint_tier.custom_scan) applies from the first query of a session';

ALTER FUNCTION evaluate(text, record, text) SUPPORT _evaluate_support;
ALTER FUNCTION evaluate(text, int, record, text) SUPPORT _evaluate_support;
ALTER FUNCTION evaluate(text, jsonb, text) SUPPORT _evaluate_support;
