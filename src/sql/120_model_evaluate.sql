-- Layer 3: evaluate() and explain(), and the C helpers fit() uses so that
-- fitting and evaluation share one implementation.

CREATE TYPE evaluation AS (
	model text,
	version int,
	score float8,
	tier text,
	dimension_names text[],
	dimension_scores float8[],
	dimension_tiers text[],
	class_names text[],
	class_labels text[],
	strategies text[],
	reasons text[],
	routing_priority int,
	refund_ceiling float8,
	error jsonb,
	segment int,
	segment_membership float8
);

COMMENT ON TYPE evaluation IS
'the evaluation of one customer by any model (doc/model.md): model and version, comprehensive score in [0,1] and tier, the model''s dimension names with their scores and tiers, its classification names with their labels (NULL when unknown), the strategies, reasons, routing_priority and refund_ceiling the strategy rules give, and the error of a row that could not be scored; create_tier_view() publishes the arrays as named columns';
COMMENT ON COLUMN evaluation.model IS 'the model''s name';
COMMENT ON COLUMN evaluation.version IS 'the fitted version that produced the evaluation';
COMMENT ON COLUMN evaluation.score IS 'comprehensive score in [0,1], larger is more valuable';
COMMENT ON COLUMN evaluation.tier IS 'overall tier label';
COMMENT ON COLUMN evaluation.dimension_names IS 'the model''s dimensions, in order (the same for every row of a model)';
COMMENT ON COLUMN evaluation.dimension_scores IS 'score per dimension in [0,1], in dimension_names order; NULL for a dimension without indicators';
COMMENT ON COLUMN evaluation.dimension_tiers IS 'tier label per dimension, in dimension_names order; NULL without a tier scheme';
COMMENT ON COLUMN evaluation.class_names IS 'the model''s classifications, in order (the same for every row of a model)';
COMMENT ON COLUMN evaluation.class_labels IS 'label per classification, in class_names order; NULL when no condition holds or its inputs are all NULL';
COMMENT ON COLUMN evaluation.strategies IS 'strategy codes of the rules that fired, in priority order';
COMMENT ON COLUMN evaluation.reasons IS 'one reason per strategy: the rule, its version and its condition';
COMMENT ON COLUMN evaluation.routing_priority IS 'queue priority the fired rules ask for (1 = highest), NULL if none';
COMMENT ON COLUMN evaluation.refund_ceiling IS 'the largest refund authority the fired strategies give, NULL if none';
COMMENT ON COLUMN evaluation.error IS 'NULL for a scored row; else why score and tier are NULL, as a JSON object: sqlstate, message, and for a bad value (on_error => ''null'') indicator, column, value and detail, or for a row below the model''s min_coverage coverage, min_coverage and the missing columns';

COMMENT ON COLUMN evaluation.segment IS 'fuzzy segment (1..k): the nearest of the model''s fitted fuzzy c-means centres, the one with the largest membership; NULL when the model has no segments';
COMMENT ON COLUMN evaluation.segment_membership IS 'the customer''s membership in its segment, in (0,1] (the memberships of the k segments sum to 1); NULL when the model has no segments';

CREATE FUNCTION evaluate(model text, customer record, on_error text DEFAULT 'raise')
RETURNS evaluation
AS 'MODULE_PATHNAME', 'ct_evaluate_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION evaluate(text, record, text) IS
'evaluate one customer row with the active version of a model; call it with CROSS JOIN LATERAL; on_error ''raise'' (default): a bad value (unknown level, NaN, outside the valid domain) fails the statement, naming the customer''s key and the column; ''null'': that row gets NULL score and tier and the reason in error, the others are evaluated';

CREATE FUNCTION evaluate(model text, version int, customer record, on_error text DEFAULT 'raise')
RETURNS evaluation
AS 'MODULE_PATHNAME', 'ct_evaluate_version_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION evaluate(text, int, record, text) IS
'evaluate one customer row with an explicit fitted version of a model (shadow evaluation of a candidate beside the active version); on_error as for evaluate(model, customer)';

CREATE FUNCTION evaluate(model text, customer jsonb, on_error text DEFAULT 'raise')
RETURNS evaluation
AS 'MODULE_PATHNAME', 'ct_evaluate_jsonb_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION evaluate(text, jsonb, text) IS
'evaluate one customer given as a JSON object keyed by the input column names, with the active version of a model; on_error as for evaluate(model, customer), a JSON value of the wrong kind or a customer that is not an object being bad values too';

CREATE TYPE indicator_explanation AS (
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
	contribution_to_score float8,
	methods text[],
	method_contributions float8[],
	score_via_methods float8[]
);

COMMENT ON TYPE indicator_explanation IS
'one indicator of an explained customer (explain(), doc/explain.md): the indicator, its input, normalised value and weights, its contribution to its dimension score and to the score the customer got, and per configured method its part of the raw score and of the score through that method';

CREATE FUNCTION explain(model text, customer record)
RETURNS SETOF indicator_explanation
AS 'MODULE_PATHNAME', 'ct_explain_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 20;

COMMENT ON FUNCTION explain(text, record) IS
'per indicator of the active model version (doc/explain.md): raw value, normalised value (imputed when the input is NULL), weight in its dimension, dimension weight, overall weight, contribution to its dimension score, contribution to the score the customer got (the contributions sum to evaluate().score), and per configured method (methods) the indicator''s part of the method''s raw score and of the score through that method; explain_json() gives the whole decision';

CREATE FUNCTION _normalised(version model_version, customer record)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_normalised_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _normalised(model_version, record) IS
'internal (fit): the normalised indicator values of one row for a version being fitted, passed by value; NULL where the input is NULL';

CREATE FUNCTION _fit_scores(version model_version, customer record)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fit_scores_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _fit_scores(model_version, record) IS
'internal (fit): the raw method scores of one row for a version being fitted, passed by value: weighted sum, TOPSIS, grey relational, VIKOR S and R, fuzzy, one score per dimension, then DEA (benefit of the doubt), priority ordering and possibility-satisfaction';

CREATE FUNCTION _combine(version model_version, scores float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_combine_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _combine(model_version, float8[]) IS
'internal (fit): the combined score of one row''s method scores with the quantiles of a version being fitted, passed by value';

CREATE FUNCTION _level_position(value text, levels text[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_level_position_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _level_position(text, text[]) IS
'internal (fit''s first scan): the 0-based position of value among levels, matched byte for byte as evaluate() matches a level; NULL when it is none of them';

CREATE FUNCTION _percentile(x float8, quantiles float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_percentile_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _percentile(float8, float8[]) IS
'internal, used by fit(): position of x in [0,1] among ascending quantiles (linear between neighbours, middle of a run of ties)';
