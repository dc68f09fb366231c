-- Tiers that answer to outcomes (doc/outcomes.md): validate() checks a
-- fitted model's score, tiers, dimension tiers and classifications against
-- an observed binary outcome (churned, disputed) of any table with the
-- model's columns; roc_auc() is the AUC of any score.

CREATE FUNCTION roc_auc(score float8[], outcome boolean[],
                        OUT positives bigint, OUT negatives bigint,
                        OUT auc float8, OUT auc_ci_low float8, OUT auc_ci_high float8)
RETURNS record
AS 'MODULE_PATHNAME', 'ct_roc_auc_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION roc_auc(float8[], boolean[]) IS
'area under the ROC curve of a score for a boolean outcome, element by element: the exact Mann-Whitney statistic with average ranks for ties (the probability that a random positive scores above a random negative, ties one half), with a 95 % interval by DeLong''s variance (Wald, clipped to [0,1]); auc is NULL without a positive or a negative, the interval NULL with fewer than two of either';

CREATE FUNCTION validate(model text, source regclass, outcome text DEFAULT NULL, version int DEFAULT NULL)
RETURNS TABLE (
	output text,
	label text,
	"position" int,
	customers bigint,
	outcomes bigint,
	outcome_rate float8,
	ci_low float8,
	ci_high float8,
	lift float8,
	auc float8,
	auc_ci_low float8,
	auc_ci_high float8,
	monotone boolean
)
AS 'MODULE_PATHNAME', 'ct_validate_sql'
LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 20;

COMMENT ON FUNCTION validate(text, regclass, text, int) IS
'a fitted model (version NULL: the active one) against an observed outcome, a boolean or 0/1 column of any table with the model''s columns (outcome NULL: the model''s "outcome"); rows with a NULL outcome are left out (a NOTICE counts them). One row per score (output score or <dimension>_score: the AUC of the score for the outcome, exact with average ranks for ties, 95 % interval by DeLong) and one per label of the tier, each dimension tier and each classification, in the scheme''s order (position; label NULL: customers without one): customers, outcomes, outcome rate with its Wilson 95 % interval, lift against the base rate, and for tier schemes whether the rates are monotone (doc/outcomes.md)';
