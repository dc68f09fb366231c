-- Layer 3: evaluate() and explain(), and the C helpers fit() uses so that
-- fitting and evaluation share one implementation.

CREATE TYPE evaluation AS (
	model text,
	version int,
	score float8,
	tier text,
	background_score float8,
	value_score float8,
	credit_score float8,
	behaviour_score float8,
	handling_score float8,
	background_tier text,
	value_tier text,
	credit_tier text,
	behaviour_tier text,
	handling_tier text,
	lifecycle_stage text,
	credit_grade text,
	behaviour_class text,
	strategies text[],
	reasons text[],
	routing_priority int,
	refund_ceiling float8
);

COMMENT ON TYPE evaluation IS
'the evaluation of one customer (doc/schema.md): model and version, comprehensive score in [0,1] and tier, dimension scores and tiers, lifecycle stage, credit grade, behaviour class; strategies, reasons, routing_priority and refund_ceiling are filled by the strategy rules';

CREATE FUNCTION evaluate(model text, customer record)
RETURNS evaluation
AS 'MODULE_PATHNAME', 'ct_evaluate_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION evaluate(text, record) IS
'evaluate one customer row with the active version of a model; call it with CROSS JOIN LATERAL';

CREATE FUNCTION evaluate(model text, version int, customer record)
RETURNS evaluation
AS 'MODULE_PATHNAME', 'ct_evaluate_version_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION evaluate(text, int, record) IS
'evaluate one customer row with an explicit fitted version of a model (shadow evaluation of a candidate beside the active version)';

CREATE FUNCTION evaluate(model text, customer jsonb)
RETURNS evaluation
AS 'MODULE_PATHNAME', 'ct_evaluate_jsonb_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION evaluate(text, jsonb) IS
'evaluate one customer given as a JSON object keyed by the input column names, with the active version of a model';

CREATE FUNCTION explain(model text, customer record)
RETURNS TABLE (
	ordinal int,
	indicator text,
	dimension text,
	source_column text,
	raw_value text,
	normalised float8,
	imputed boolean,
	weight float8,
	dimension_weight float8,
	global_weight float8,
	contribution_to_dimension float8,
	contribution_to_score float8
)
AS 'MODULE_PATHNAME', 'ct_explain_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 20;

COMMENT ON FUNCTION explain(text, record) IS
'per indicator of the active model version: raw value, normalised value (imputed when the input is NULL), weight in its dimension, dimension weight, overall weight, contribution to the dimension score and to the weighted-sum score';

CREATE FUNCTION _normalised(model text, version int, customer record)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_normalised_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _normalised(text, int, record) IS
'internal, used by fit(): normalised indicator values of one row for a version being fitted (NULL where the input is NULL)';

CREATE FUNCTION _fit_scores(model text, version int, customer record)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fit_scores_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _fit_scores(text, int, record) IS
'internal, used by fit(): raw method scores of one row for a version being fitted: weighted_sum, topsis, grey_relational, vikor S, vikor R, fuzzy, then the five dimension scores';

CREATE FUNCTION _combine(model text, version int, scores float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_combine_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _combine(text, int, float8[]) IS
'internal, used by fit(): the combined score of one row''s method scores with the quantiles stored so far in a version being fitted';

CREATE FUNCTION _percentile(x float8, quantiles float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_percentile_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _percentile(float8, float8[]) IS
'internal, used by fit(): position of x in [0,1] among ascending quantiles (linear between neighbours, middle of a run of ties)';
