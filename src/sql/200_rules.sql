-- Strategy rules: the condition language (doc/rules.md).

CREATE FUNCTION rule_check(condition text)
RETURNS text
AS 'MODULE_PATHNAME', 'ct_rule_check_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION rule_check(text) IS
'validate a strategy-rule condition against the pinned variables of doc/schema.md and return its normalised text; errors name the character position';

CREATE FUNCTION rule_variables(condition text)
RETURNS text[]
AS 'MODULE_PATHNAME', 'ct_rule_variables_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION rule_variables(text) IS
'the variables a valid strategy-rule condition reads, in the order of doc/schema.md';

CREATE FUNCTION rule_matches(condition text, facts jsonb)
RETURNS boolean
AS 'MODULE_PATHNAME', 'ct_rule_matches_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION rule_matches(text, jsonb) IS
'evaluate a strategy-rule condition on a jsonb object of facts under SQL three-valued logic: true, false or NULL (unknown); missing keys are NULL; a rule fires only when this IS TRUE';
