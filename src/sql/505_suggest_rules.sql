-- suggest_rules(): readable warning rules learned from an observed outcome
-- (doc/outcomes.md): an ordered decision list in the rule language that an
-- analyst pastes into a classification or a strategy rule.  Nothing is
-- enabled automatically.

CREATE FUNCTION suggest_rules(model text, source regclass, outcome text DEFAULT NULL,
                              max_rules int DEFAULT 8, min_support int DEFAULT 30,
                              holdout regclass DEFAULT NULL)
RETURNS TABLE (
	"position" int,
	condition text,
	support bigint,
	outcome_rate float8,
	lift float8,
	holdout_support bigint,
	holdout_rate float8,
	holdout_lift float8
)
AS 'MODULE_PATHNAME', 'ct_suggest_rules_sql'
LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 8;

COMMENT ON FUNCTION suggest_rules(text, regclass, text, int, int, regclass) IS
'learn an ordered decision list for an outcome (a boolean or 0/1 column; NULL: the model''s "outcome") from the number, boolean and text columns of source: a best-first Gini tree with at most max_rules leaves of at least min_support rows, each leaf a condition in the rule language over the source''s columns (checked against the model''s variables), ordered by outcome rate, the largest leaf last as TRUE; per rule the rows it decides first (support), their outcome rate and lift, and the same on a held-out table; nothing is enabled (doc/outcomes.md)';
