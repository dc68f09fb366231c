-- Strategy rules: the condition language (doc/rules.md).

CREATE FUNCTION rule_check(condition text)
RETURNS text
AS 'MODULE_PATHNAME', 'ct_rule_check_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION rule_check(text) IS
'check the syntax of a rule condition (any identifier is a variable; literals must have compatible types) and return its normalised text; errors name the character position; a model''s conditions are checked against its variables when it is defined or first evaluated';

CREATE FUNCTION rule_variables(condition text)
RETURNS text[]
AS 'MODULE_PATHNAME', 'ct_rule_variables_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION rule_variables(text) IS
'the variables a valid rule condition reads, in order of first use';

CREATE FUNCTION rule_matches(condition text, facts jsonb)
RETURNS boolean
AS 'MODULE_PATHNAME', 'ct_rule_matches_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION rule_matches(text, jsonb) IS
'evaluate a rule condition on a jsonb object of facts under SQL three-valued logic: true, false or NULL (unknown); each key read is a variable of its JSON value''s type, missing keys and JSON null are NULL; a rule fires only when this IS TRUE';
