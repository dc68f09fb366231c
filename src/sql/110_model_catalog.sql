-- Layer 3: the model catalogue.  User models live in these tables; they are
-- registered with pg_extension_config_dump so that pg_dump keeps every
-- user row (the WHERE clause leaves out the rows the extension ships, which
-- CREATE EXTENSION recreates).  Bad configuration is refused by the
-- validation triggers below at insert time, with a clear message.

CREATE TABLE model (
	name text PRIMARY KEY,
	description text NOT NULL DEFAULT '',
	key text,
	source text,
	dimension_pairwise float8[],
	ahp_method text NOT NULL DEFAULT 'eigenvector',
	weighting text NOT NULL DEFAULT 'expert',
	blend_objective text NOT NULL DEFAULT 'critic',
	blend_alpha float8 NOT NULL DEFAULT 0.5,
	outcome text,
	outcome_penalty float8 NOT NULL DEFAULT 1,
	methods text[] NOT NULL DEFAULT '{weighted_sum}',
	combine text NOT NULL DEFAULT 'mean_percentile',
	grey_rho float8 NOT NULL DEFAULT 0.5,
	vikor_v float8 NOT NULL DEFAULT 0.5,
	fuzzy_operator text NOT NULL DEFAULT 'min_max',
	fuzzy_grades int NOT NULL DEFAULT 5,
	concordance_threshold float8 NOT NULL DEFAULT 0.7,
	allow_demographic boolean NOT NULL DEFAULT false,
	demographic_rules boolean NOT NULL DEFAULT false,
	min_coverage float8 NOT NULL DEFAULT 0,
	builtin boolean NOT NULL DEFAULT false,
	dea_max_share float8,
	segments int,
	fcm_m float8 NOT NULL DEFAULT 2
);

COMMENT ON TABLE model IS
'evaluation models (doc/model.md): the source table they describe and its key column, dimension weights by AHP pairwise matrix (or per dimension in complaint_tier.dimension), indicator weighting method, evaluation methods and how they combine; allow_demographic lets indicators read gender or age, demographic_rules lets evaluate() apply the strategy rules flagged demographic (both off by default); define_model() and model_spec() write and read a whole model as one JSON document';
COMMENT ON COLUMN model.key IS
'the source column that identifies a customer: generated views use it for their unique index, errors name its value';
COMMENT ON COLUMN model.source IS
'the table or view the model describes (optional): conditions are checked against its columns when the model is defined';
COMMENT ON COLUMN model.dimension_pairwise IS
'n x n AHP pairwise comparison matrix of the dimensions in their ordinal order (instead of per-dimension weights)';
COMMENT ON COLUMN model.outcome IS
'a boolean or 0/1 column of the source that the model answers to: weighting ''outcome'' calibrates the indicator weights against it (doc/outcome_weighting.md), validate() reads it by default';
COMMENT ON COLUMN model.outcome_penalty IS
'weighting ''outcome'': the L2 penalty lambda of the logistic regression, on the sum of the squared coefficients / 2 (not the intercept), added to the sum of the log-losses; scikit-learn''s C = 1/lambda (default 1)';
COMMENT ON COLUMN model.dea_max_share IS
'method dea: the largest share w_j v_j / score that one indicator may take of a customer''s benefit-of-the-doubt score (pie-share bound, doc/dea_fcm.md), in (0, 1]; NULL: min(1, 2 / the weighted indicators); 1: no bound';
COMMENT ON COLUMN model.segments IS
'fuzzy segments: the number k of fuzzy c-means clusters (2 to 64) fitted over the normalised indicators, giving the outputs segment (1..k) and segment_membership; NULL: no segments';
COMMENT ON COLUMN model.fcm_m IS
'fuzzy segments: the fuzzifier m (> 1) of the fuzzy c-means fit and the memberships (default 2)';
COMMENT ON COLUMN model.min_coverage IS
'share of the global indicator weight, in [0,1], whose input must be present (not NULL) for evaluate() to give a score and a tier; below it both are NULL and the evaluation''s error says why (0: no minimum)';

CREATE TABLE dimension (
	model text NOT NULL REFERENCES model (name) ON UPDATE CASCADE ON DELETE CASCADE,
	name text NOT NULL,
	ordinal int NOT NULL,
	weight float8,
	description text NOT NULL DEFAULT '',
	builtin boolean NOT NULL DEFAULT false,
	PRIMARY KEY (model, name),
	UNIQUE (model, ordinal)
);

COMMENT ON TABLE dimension IS
'dimensions of a model (1 to 16), in ordinal order: name and weight (NULL when the model gives an AHP pairwise matrix)';

CREATE TABLE indicator (
	model text NOT NULL REFERENCES model (name) ON UPDATE CASCADE ON DELETE CASCADE,
	name text NOT NULL,
	ordinal int NOT NULL,
	dimension text NOT NULL,
	kind text NOT NULL DEFAULT 'quantitative',
	source_column text NOT NULL,
	direction text NOT NULL DEFAULT 'benefit',
	transform text NOT NULL DEFAULT 'none',
	levels text[],
	level_scores float8[],
	range_lo float8,
	range_hi float8,
	best_lo float8,
	best_hi float8,
	expert_weight float8,
	description text NOT NULL DEFAULT '',
	builtin boolean NOT NULL DEFAULT false,
	valid_lo float8,
	valid_hi float8,
	PRIMARY KEY (model, name),
	UNIQUE (model, ordinal),
	FOREIGN KEY (model, dimension) REFERENCES dimension (model, name)
		ON UPDATE CASCADE ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);

COMMENT ON TABLE indicator IS
'indicators of a model: dimension, kind (quantitative: a number or boolean column; qualitative: a text column with ordered levels and optional level scores), direction (benefit, cost, target with its best range), optional fixed range, expert weight within the dimension, and the source column it reads by its own name';
COMMENT ON COLUMN indicator.valid_lo IS
'quantitative: the smallest valid input value (a hard limit, apart from the normalisation range); a value below it is refused by fit() and evaluate() (SQLSTATE 22003); NULL: no limit';
COMMENT ON COLUMN indicator.valid_hi IS
'quantitative: the largest valid input value (a hard limit, apart from the normalisation range); a value above it is refused by fit() and evaluate() (SQLSTATE 22003); NULL: no limit';

CREATE TABLE tier_scheme (
	model text NOT NULL REFERENCES model (name) ON UPDATE CASCADE ON DELETE CASCADE,
	scope text NOT NULL,
	labels text[] NOT NULL,
	shares float8[],
	cuts float8[],
	builtin boolean NOT NULL DEFAULT false,
	PRIMARY KEY (model, scope)
);

COMMENT ON TABLE tier_scheme IS
'tier schemes of a model: scope ''overall'', a dimension name, or ''dimension'' (the default of every dimension); labels from the lowest band to the highest with either quantile shares (fitted cut points) or fixed cuts on the [0,1] score';

CREATE TABLE classification (
	model text NOT NULL REFERENCES model (name) ON UPDATE CASCADE ON DELETE CASCADE,
	name text NOT NULL,
	ordinal int NOT NULL,
	labels text[] NOT NULL,
	conditions text[] NOT NULL,
	description text NOT NULL DEFAULT '',
	builtin boolean NOT NULL DEFAULT false,
	PRIMARY KEY (model, name),
	UNIQUE (model, ordinal)
);

COMMENT ON TABLE classification IS
'classifications of a model, evaluated in ordinal order: labels with one condition each (rule language, doc/rules.md); the first label whose condition is true is the class; NULL when none holds or every input column the conditions read is NULL; a later classification and the strategy rules may read an earlier one by name';

CREATE TABLE model_version (
	model text NOT NULL REFERENCES model (name) ON UPDATE CASCADE ON DELETE CASCADE,
	version int NOT NULL,
	state text NOT NULL DEFAULT 'fitting' CHECK (state IN ('fitting', 'ready')),
	fitted_at timestamptz NOT NULL DEFAULT now(),
	fitted_by text NOT NULL DEFAULT current_user,
	source text NOT NULL,
	row_count bigint NOT NULL,
	key text,
	-- the source's columns and their rule-language types (jsonb evaluation)
	src_columns text[] NOT NULL,
	src_types text[] NOT NULL,
	-- dimensions, in ordinal order
	dim_names text[] NOT NULL,
	-- indicators, in position order: configuration snapshot and fitted values
	ind_name text[] NOT NULL,
	ind_column text[] NOT NULL,
	ind_dimension int[] NOT NULL,
	ind_kind int[] NOT NULL,
	ind_direction int[] NOT NULL,
	ind_transform int[] NOT NULL,
	ind_lo float8[] NOT NULL,
	ind_hi float8[] NOT NULL,
	ind_best_lo float8[] NOT NULL,
	ind_best_hi float8[] NOT NULL,
	ind_level_start int[] NOT NULL,
	ind_level_count int[] NOT NULL,
	levels text[] NOT NULL,
	level_scores float8[] NOT NULL,
	ind_impute float8[],
	ind_subjective float8[],
	ind_objective float8[],
	ind_weight float8[],
	ind_global_weight float8[],
	ind_ideal float8[],
	ind_anti_ideal float8[],
	dim_weights float8[],
	dimension_cr float8,
	weighting text NOT NULL,
	methods text[] NOT NULL,
	combine text NOT NULL,
	grey_rho float8 NOT NULL,
	grey_delta_min float8,
	grey_delta_max float8,
	vikor_v float8 NOT NULL,
	vikor_s_best float8,
	vikor_s_worst float8,
	vikor_r_best float8,
	vikor_r_worst float8,
	fuzzy_operator text NOT NULL,
	fuzzy_grades int NOT NULL,
	quantiles float8[],
	tier_labels text[],
	tier_cuts float8[],
	dim_tier_count int[],
	dim_tier_labels text[],
	dim_tier_cuts float8[],
	-- classifications, in ordinal order: labels and conditions flattened
	class_names text[] NOT NULL,
	class_count int[] NOT NULL,
	class_labels text[] NOT NULL,
	class_conditions text[] NOT NULL,
	kendall_w float8,
	spearman float8[],
	concordance_threshold float8 NOT NULL,
	methods_agree boolean,
	warnings text[] NOT NULL DEFAULT '{}',
	-- valid domains in indicator order (-/+Infinity: no limit) and the
	-- minimum coverage; NULL in rows written before they existed (none)
	ind_valid_lo float8[],
	ind_valid_hi float8[],
	min_coverage float8,
	-- weighting 'outcome' (doc/outcome_weighting.md): the logistic regression of the
	-- outcome on the normalised indicators, coefficients on the declared
	-- directions (intercept first, 0 for an indicator left out as constant)
	outcome text,
	outcome_penalty float8,
	logit_coef float8[],
	logit_se float8[],
	logit_iterations int,
	logit_converged boolean,
	logit_loglik float8,
	logit_rows bigint,
	-- method dea and fuzzy segments (doc/dea_fcm.md), over the weighted
	-- indicators (global weight > 0) in indicator order
	dea_max_share float8,
	dea_frontier float8[],
	segments int,
	fcm_m float8,
	segment_centres float8[],
	segment_sizes float8[],
	segment_iterations int,
	-- method priority (doc/mcdm.md, "Priority ordering")
	ind_quantiles float8[],
	PRIMARY KEY (model, version)
);

COMMENT ON COLUMN model_version.ind_quantiles IS
'method priority: 1,001 quantiles (percentile_cont at 0, 0.001, ..., 1) of each indicator''s normalised values among the fitting population''s customers with a value, indicators in order (n x 1,001): a customer''s percentile among them is its mid-rank on the indicator; NULL without method priority';

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
COMMENT ON COLUMN model_version.dea_max_share IS
'method dea: the pie-share upper bound of every weighted indicator in force (1: none); NULL without method dea';
COMMENT ON COLUMN model_version.dea_frontier IS
'method dea: the frontier of the fitting population, points x weighted indicators (normalised, NULL inputs imputed): the vertices of the upper-right hull that evaluate() scores every customer against';
COMMENT ON COLUMN model_version.segments IS
'fuzzy segments: the number of clusters k; NULL without segments';
COMMENT ON COLUMN model_version.fcm_m IS
'fuzzy segments: the fuzzifier m of the fit and of the memberships';
COMMENT ON COLUMN model_version.segment_centres IS
'fuzzy segments: the k fitted centres x weighted indicators (normalised); segment i is centre i';
COMMENT ON COLUMN model_version.segment_sizes IS
'fuzzy segments: the fuzzy size (sum of memberships) of each segment in the fitting population';
COMMENT ON COLUMN model_version.segment_iterations IS
'fuzzy segments: the fuzzy c-means iterations the fit took';
COMMENT ON TABLE model_version IS
'fitted model versions, immutable once ready: a snapshot of the configuration (dimensions, indicators, classifications) and every fitted parameter (ranges, weights, reference points, method quantiles, tier cut points), the source and its column types, row count, time and the concordance of the methods';

CREATE TABLE active_version (
	model text PRIMARY KEY REFERENCES model (name) ON UPDATE CASCADE ON DELETE CASCADE,
	version int NOT NULL,
	FOREIGN KEY (model, version) REFERENCES model_version (model, version)
);

COMMENT ON TABLE active_version IS
'the version of each model that evaluate() uses; fit() sets it when a fit succeeds';

-- 602_shipped_edits.sql adds a modified flag and keeps edited shipped rows
-- too (WHERE NOT builtin OR modified); 601_versions.sql adds who activated
-- a version, the activation log and the histograms compare() uses.
SELECT pg_catalog.pg_extension_config_dump('model', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('dimension', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('indicator', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('tier_scheme', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('classification', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('model_version', '');
SELECT pg_catalog.pg_extension_config_dump('active_version', '');

-- Validation -----------------------------------------------------------------

-- A model's configuration is validated as a whole by the C validator
-- (_validate_model, src/core/ct_spec.c), which reports every problem in one
-- error: define_model() runs it on what it writes, fit() before it scans,
-- and statement triggers (330_model_validate.sql) after direct edits.

CREATE FUNCTION _protect_version() RETURNS trigger
LANGUAGE plpgsql PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.state = 'ready' THEN
		RAISE EXCEPTION 'version % of model "%" is immutable', OLD.version, OLD.model
			USING ERRCODE = 'object_not_in_prerequisite_state',
			      HINT = 'Fit a new version with complaint_tier.fit() instead.';
	END IF;
	RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

COMMENT ON FUNCTION _protect_version() IS
'trigger: a ready model version is never updated (internal)';

CREATE TRIGGER protect_version BEFORE UPDATE ON model_version
FOR EACH ROW EXECUTE FUNCTION _protect_version();
