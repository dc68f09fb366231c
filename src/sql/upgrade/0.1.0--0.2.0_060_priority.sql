-- complaint_tier 0.1.0 -> 0.2.0, part: method priority (priority ordering,
-- doc/mcdm.md): the indicators' quantiles in the fitted version.  fit's
-- scan 2 that computes them comes with 130_model_fit.sql.

ALTER TABLE model_version ADD COLUMN ind_quantiles float8[];
COMMENT ON COLUMN model_version.ind_quantiles IS
'method priority: 1,001 quantiles (percentile_cont at 0, 0.001, ..., 1) of each indicator''s normalised values among the fitting population''s customers with a value, indicators in order (n x 1,001): a customer''s percentile among them is its mid-rank on the indicator; NULL without method priority';
