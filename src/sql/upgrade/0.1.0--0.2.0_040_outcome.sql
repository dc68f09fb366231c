-- complaint_tier 0.1.0 -> 0.2.0, part: outcome-calibrated weighting
-- (doc/outcome_weighting.md), remedies that hold up (doc/validation.md)
-- and the shipped telecom model's warning stage, which also fires from
-- complaint intensity (doc/outcome_weighting.md, "The telecom warning
-- stage").  The new functions come with 510_logit.sql, 511_fit_outcome.sql
-- and 512_remedy_outcome.sql.

ALTER TABLE model ADD COLUMN outcome_penalty float8 NOT NULL DEFAULT 1;
COMMENT ON COLUMN model.outcome IS
'a boolean or 0/1 column of the source that the model answers to: weighting ''outcome'' calibrates the indicator weights against it (doc/outcome_weighting.md), validate() reads it by default';
COMMENT ON COLUMN model.outcome_penalty IS
'weighting ''outcome'': the L2 penalty lambda of the logistic regression, on the sum of the squared coefficients / 2 (not the intercept), added to the sum of the log-losses; scikit-learn''s C = 1/lambda (default 1)';

ALTER TABLE model_version ADD COLUMN outcome text, ADD COLUMN outcome_penalty float8,
	ADD COLUMN logit_coef float8[], ADD COLUMN logit_se float8[], ADD COLUMN logit_iterations int,
	ADD COLUMN logit_converged boolean, ADD COLUMN logit_loglik float8, ADD COLUMN logit_rows bigint;
COMMENT ON COLUMN model_version.logit_coef IS
'weighting outcome: the L2 logistic regression coefficients (intercept, then one per indicator in order) on the normalised indicators with their declared directions; an indicator with a negative coefficient is stored reversed (ind_direction) with weight |coefficient| / sum |coefficients|';
COMMENT ON COLUMN model_version.logit_se IS
'weighting outcome: standard errors of logit_coef, the square roots of the diagonal of the inverse penalised information at the solution (NULL for an indicator left out as constant)';
COMMENT ON COLUMN model_version.logit_iterations IS
'weighting outcome: scans of the source the Newton iteration took (steps and step halvings)';
COMMENT ON COLUMN model_version.logit_converged IS
'weighting outcome: the Newton iteration converged (every step component within 1e-8 (1 + |coefficient|)); a fit that does not converge fails';
COMMENT ON COLUMN model_version.logit_loglik IS
'weighting outcome: the log-likelihood of the outcome at the solution (over logit_rows rows)';
COMMENT ON COLUMN model_version.logit_rows IS
'weighting outcome: rows of the source with a known outcome that the regression used';

ALTER TABLE remedy_model ADD COLUMN method text NOT NULL DEFAULT 'wilson'
	CONSTRAINT remedy_model_method CHECK (method IN ('wilson', 'shrinkage'));
COMMENT ON COLUMN remedy_model.method IS
'how the remedy is chosen: wilson (the best 95% Wilson lower bound among remedies with min_cases known outcomes, as recommend_remedy) or shrinkage (the best shrunken acceptance with back-off from the pair to the segment to all cases below min_cases, as rank_remedies)';

-- the shipped telecom model's warning stage, where it still has 0.1.0's
-- default condition (a model whose threshold was changed keeps its own)
UPDATE classification
SET conditions[1] = 'porting_requested OR satisfaction <= 2 OR complaints_90d >= 4',
    description = 'lifecycle stage: warning (churn risk: a porting request, satisfaction at most 2, or 4 or more complaints in 90 days), else by months on the network'
WHERE model = 'telecom' AND name = 'lifecycle_stage' AND builtin
  AND conditions[1] = 'porting_requested OR satisfaction <= 2';
