-- Layer 3: the model catalogue.  User models live in these tables; they are
-- registered with pg_extension_config_dump so that pg_dump keeps every
-- user row (the WHERE clause leaves out the rows the extension ships, which
-- CREATE EXTENSION recreates).  Bad configuration is refused by the
-- validation triggers below at insert time, with a clear message.

CREATE TABLE model (
	name text PRIMARY KEY,
	description text NOT NULL DEFAULT '',
	dimension_weights float8[],
	dimension_pairwise float8[],
	ahp_method text NOT NULL DEFAULT 'eigenvector',
	weighting text NOT NULL DEFAULT 'expert',
	blend_objective text NOT NULL DEFAULT 'critic',
	blend_alpha float8 NOT NULL DEFAULT 0.5,
	methods text[] NOT NULL DEFAULT '{weighted_sum}',
	combine text NOT NULL DEFAULT 'mean_percentile',
	grey_rho float8 NOT NULL DEFAULT 0.5,
	vikor_v float8 NOT NULL DEFAULT 0.5,
	fuzzy_operator text NOT NULL DEFAULT 'min_max',
	fuzzy_grades int NOT NULL DEFAULT 5,
	concordance_threshold float8 NOT NULL DEFAULT 0.7,
	stage_growth_months float8 NOT NULL DEFAULT 6,
	stage_stable_months float8 NOT NULL DEFAULT 24,
	stage_warning_satisfaction float8 NOT NULL DEFAULT 2,
	credit_high float8 NOT NULL DEFAULT 0.8,
	credit_low float8 NOT NULL DEFAULT 0.5,
	frequent_complaints int NOT NULL DEFAULT 3,
	unreasonable_threshold float8 NOT NULL DEFAULT 0.5,
	good_faith_threshold float8 NOT NULL DEFAULT 0.2,
	allow_demographic boolean NOT NULL DEFAULT false,
	demographic_rules boolean NOT NULL DEFAULT false,
	builtin boolean NOT NULL DEFAULT false
);

COMMENT ON TABLE model IS
'evaluation models: dimension weights (given or AHP pairwise), indicator weighting method, evaluation methods and how they combine, thresholds of the lifecycle stage, credit grade and behaviour class; allow_demographic lets indicators read gender or age, demographic_rules lets evaluate() apply the strategy rules flagged demographic (both off by default; doc/model.md)';

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
	PRIMARY KEY (model, name),
	UNIQUE (model, ordinal)
);

COMMENT ON TABLE indicator IS
'indicators of a model: dimension, kind (quantitative, or qualitative with ordered levels and optional level scores), direction (benefit, cost, target with its best range), optional fixed range, expert weight within the dimension, and the source column it reads';

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

CREATE TABLE model_version (
	model text NOT NULL REFERENCES model (name) ON UPDATE CASCADE ON DELETE CASCADE,
	version int NOT NULL,
	state text NOT NULL DEFAULT 'fitting' CHECK (state IN ('fitting', 'ready')),
	fitted_at timestamptz NOT NULL DEFAULT now(),
	fitted_by text NOT NULL DEFAULT current_user,
	source text NOT NULL,
	row_count bigint NOT NULL,
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
	stage_growth_months float8 NOT NULL,
	stage_stable_months float8 NOT NULL,
	stage_warning_satisfaction float8 NOT NULL,
	credit_high float8 NOT NULL,
	credit_low float8 NOT NULL,
	frequent_complaints int NOT NULL,
	unreasonable_threshold float8 NOT NULL,
	good_faith_threshold float8 NOT NULL,
	kendall_w float8,
	spearman float8[],
	concordance_threshold float8 NOT NULL,
	methods_agree boolean,
	warnings text[] NOT NULL DEFAULT '{}',
	PRIMARY KEY (model, version)
);

COMMENT ON TABLE model_version IS
'fitted model versions, immutable once ready: a snapshot of the configuration and every fitted parameter (ranges, weights, reference points, method quantiles, tier cut points), the source, row count, time and the concordance of the methods';

CREATE TABLE active_version (
	model text PRIMARY KEY REFERENCES model (name) ON UPDATE CASCADE ON DELETE CASCADE,
	version int NOT NULL,
	FOREIGN KEY (model, version) REFERENCES model_version (model, version)
);

COMMENT ON TABLE active_version IS
'the version of each model that evaluate() uses; fit() sets it when a fit succeeds';

SELECT pg_catalog.pg_extension_config_dump('model', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('indicator', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('tier_scheme', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('model_version', '');
SELECT pg_catalog.pg_extension_config_dump('active_version', '');

-- Validation -----------------------------------------------------------------

CREATE FUNCTION _check_model() RETURNS trigger
LANGUAGE plpgsql PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $$
DECLARE
	m text;
	n int;
	cr record;
BEGIN
	IF NEW.name IS NULL OR NEW.name !~ '^[a-z_][a-z0-9_]*$' OR length(NEW.name) > 63 THEN
		RAISE EXCEPTION 'invalid model name "%"', NEW.name
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Use lower-case letters, digits and underscores, starting with a letter or underscore.';
	END IF;
	IF (NEW.dimension_weights IS NULL) = (NEW.dimension_pairwise IS NULL) THEN
		RAISE EXCEPTION 'model "%" needs exactly one of dimension_weights and dimension_pairwise', NEW.name
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = 'Give five weights (background, value, credit, behaviour, handling) or a 5 x 5 AHP pairwise comparison matrix in that order.';
	END IF;
	IF NEW.dimension_weights IS NOT NULL THEN
		IF array_ndims(NEW.dimension_weights) IS DISTINCT FROM 1 OR cardinality(NEW.dimension_weights) <> 5 THEN
			RAISE EXCEPTION 'dimension_weights of model "%" must have 5 elements', NEW.name
				USING ERRCODE = 'array_subscript_error',
				      DETAIL = 'The order is background, value, credit, behaviour, handling.';
		END IF;
		IF array_position(NEW.dimension_weights, NULL) IS NOT NULL
		   OR EXISTS (SELECT 1 FROM unnest(NEW.dimension_weights) w WHERE w < 0 OR w = 'NaN' OR w = 'Infinity')
		   OR (SELECT sum(w) FROM unnest(NEW.dimension_weights) w) <= 0 THEN
			RAISE EXCEPTION 'dimension_weights of model "%" must be non-negative finite numbers with a positive sum', NEW.name
				USING ERRCODE = 'invalid_parameter_value';
		END IF;
	ELSE
		IF array_ndims(NEW.dimension_pairwise) IS DISTINCT FROM 2
		   OR array_length(NEW.dimension_pairwise, 1) <> 5 OR array_length(NEW.dimension_pairwise, 2) <> 5 THEN
			RAISE EXCEPTION 'dimension_pairwise of model "%" must be a 5 x 5 matrix', NEW.name
				USING ERRCODE = 'array_subscript_error',
				      DETAIL = 'Rows and columns are background, value, credit, behaviour, handling.';
		END IF;
		IF EXISTS (SELECT 1 FROM unnest(NEW.dimension_pairwise) a WHERE a IS NULL)
		   OR EXISTS (SELECT 1 FROM unnest(NEW.dimension_pairwise) a WHERE a <= 0 OR a = 'Infinity' OR a = 'NaN') THEN
			RAISE EXCEPTION 'dimension_pairwise of model "%" must hold positive finite numbers', NEW.name
				USING ERRCODE = 'invalid_parameter_value';
		END IF;
		FOR i IN 1..5 LOOP
			IF abs(NEW.dimension_pairwise[i][i] - 1) > 1e-9 THEN
				RAISE EXCEPTION 'dimension_pairwise of model "%" must have 1 on its diagonal', NEW.name
					USING ERRCODE = 'invalid_parameter_value',
					      DETAIL = format('Element [%s][%s] is %s.', i, i, NEW.dimension_pairwise[i][i]);
			END IF;
			FOR j IN i + 1..5 LOOP
				IF abs(NEW.dimension_pairwise[i][j] * NEW.dimension_pairwise[j][i] - 1) > 1e-6 THEN
					RAISE EXCEPTION 'dimension_pairwise of model "%" must be reciprocal', NEW.name
						USING ERRCODE = 'invalid_parameter_value',
						      DETAIL = format('Element [%s][%s] is %s but [%s][%s] is %s.', i, j,
						                      NEW.dimension_pairwise[i][j], j, i, NEW.dimension_pairwise[j][i]),
						      HINT = 'a[j][i] must be 1/a[i][j].';
				END IF;
			END LOOP;
		END LOOP;
		IF NEW.ahp_method NOT IN ('eigenvector', 'geometric', 'arithmetic') THEN
			RAISE EXCEPTION 'unknown ahp_method "%"', NEW.ahp_method
				USING ERRCODE = 'invalid_parameter_value',
				      HINT = 'Use eigenvector, geometric or arithmetic.';
		END IF;
		cr := ahp_consistency(NEW.dimension_pairwise);
		IF cr.cr > 0.1 THEN
			RAISE EXCEPTION 'dimension_pairwise of model "%" is inconsistent: CR = %', NEW.name, round(cr.cr::numeric, 4)
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = format('Saaty''s consistency ratio must not exceed 0.1 (lambda_max = %s, CI = %s, RI = %s).',
				                      round(cr.lambda_max::numeric, 4), round(cr.ci::numeric, 4), cr.ri),
				      HINT = 'Revise the comparisons that contradict each other.';
		END IF;
	END IF;
	IF NEW.weighting NOT IN ('expert', 'entropy', 'critic', 'stddev', 'pca', 'blend') THEN
		RAISE EXCEPTION 'unknown weighting method "%"', NEW.weighting
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Use expert, entropy, critic, stddev, pca or blend.';
	END IF;
	IF NEW.blend_objective NOT IN ('entropy', 'critic', 'stddev', 'pca') THEN
		RAISE EXCEPTION 'unknown blend_objective "%"', NEW.blend_objective
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Use entropy, critic, stddev or pca.';
	END IF;
	IF NOT (NEW.blend_alpha BETWEEN 0 AND 1) THEN
		RAISE EXCEPTION 'blend_alpha must be between 0 and 1'
			USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s.', NEW.blend_alpha);
	END IF;
	n := cardinality(NEW.methods);
	IF n = 0 OR array_ndims(NEW.methods) <> 1 OR array_position(NEW.methods, NULL) IS NOT NULL THEN
		RAISE EXCEPTION 'methods of model "%" must name at least one evaluation method', NEW.name
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Use any of weighted_sum, topsis, grey_relational, vikor, fuzzy.';
	END IF;
	FOREACH m IN ARRAY NEW.methods LOOP
		IF m NOT IN ('weighted_sum', 'topsis', 'grey_relational', 'vikor', 'fuzzy') THEN
			RAISE EXCEPTION 'unknown evaluation method "%"', m
				USING ERRCODE = 'invalid_parameter_value',
				      HINT = 'Use any of weighted_sum, topsis, grey_relational, vikor, fuzzy.';
		END IF;
	END LOOP;
	IF (SELECT count(DISTINCT x) FROM unnest(NEW.methods) x) <> n THEN
		RAISE EXCEPTION 'methods of model "%" must be distinct', NEW.name
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF NEW.combine <> 'mean_percentile' AND NOT (NEW.combine = ANY (NEW.methods)) THEN
		RAISE EXCEPTION 'combine must be mean_percentile or one of the model''s methods'
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = format('Got "%s"; the methods are %s.', NEW.combine, NEW.methods);
	END IF;
	IF NOT (NEW.grey_rho > 0 AND NEW.grey_rho <= 1) THEN
		RAISE EXCEPTION 'grey_rho must be in (0, 1]'
			USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s.', NEW.grey_rho);
	END IF;
	IF NOT (NEW.vikor_v BETWEEN 0 AND 1) THEN
		RAISE EXCEPTION 'vikor_v must be between 0 and 1'
			USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s.', NEW.vikor_v);
	END IF;
	IF NEW.fuzzy_operator NOT IN ('weighted_average', 'min_max', 'product_max', 'min_sum') THEN
		RAISE EXCEPTION 'unknown fuzzy_operator "%"', NEW.fuzzy_operator
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Use weighted_average, min_max, product_max or min_sum.';
	END IF;
	IF NOT (NEW.fuzzy_grades BETWEEN 2 AND 64) THEN
		RAISE EXCEPTION 'fuzzy_grades must be between 2 and 64'
			USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s.', NEW.fuzzy_grades);
	END IF;
	IF NOT (NEW.concordance_threshold BETWEEN 0 AND 1) THEN
		RAISE EXCEPTION 'concordance_threshold must be between 0 and 1'
			USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s.', NEW.concordance_threshold);
	END IF;
	IF NOT (NEW.stage_growth_months >= 0 AND NEW.stage_growth_months <= NEW.stage_stable_months
	        AND NEW.stage_stable_months < 'Infinity') THEN
		RAISE EXCEPTION 'lifecycle thresholds must satisfy 0 <= stage_growth_months <= stage_stable_months'
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = format('Got %s and %s.', NEW.stage_growth_months, NEW.stage_stable_months);
	END IF;
	IF NOT (NEW.stage_warning_satisfaction BETWEEN 1 AND 5) THEN
		RAISE EXCEPTION 'stage_warning_satisfaction must be between 1 and 5'
			USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s.', NEW.stage_warning_satisfaction);
	END IF;
	IF NOT (NEW.credit_low >= 0 AND NEW.credit_low <= NEW.credit_high AND NEW.credit_high <= 1) THEN
		RAISE EXCEPTION 'credit thresholds must satisfy 0 <= credit_low <= credit_high <= 1'
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = format('Got %s and %s.', NEW.credit_low, NEW.credit_high);
	END IF;
	IF NEW.frequent_complaints < 2 THEN
		RAISE EXCEPTION 'frequent_complaints must be at least 2'
			USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s.', NEW.frequent_complaints);
	END IF;
	IF NOT (NEW.good_faith_threshold >= 0 AND NEW.good_faith_threshold <= NEW.unreasonable_threshold
	        AND NEW.unreasonable_threshold <= 1) THEN
		RAISE EXCEPTION 'reasonableness thresholds must satisfy 0 <= good_faith_threshold <= unreasonable_threshold <= 1'
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = format('Got %s and %s.', NEW.good_faith_threshold, NEW.unreasonable_threshold);
	END IF;
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION _check_model() IS
'trigger: refuses an invalid model row with a clear error (internal)';

CREATE TRIGGER check_model BEFORE INSERT OR UPDATE ON model
FOR EACH ROW EXECUTE FUNCTION _check_model();

CREATE FUNCTION _check_indicator() RETURNS trigger
LANGUAGE plpgsql PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $$
DECLARE
	nl int;
BEGIN
	IF NEW.name IS NULL OR NEW.name !~ '^[a-z_][a-z0-9_]*$' OR length(NEW.name) > 63 THEN
		RAISE EXCEPTION 'invalid indicator name "%"', NEW.name
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Use lower-case letters, digits and underscores, starting with a letter or underscore.';
	END IF;
	IF NEW.dimension NOT IN ('background', 'value', 'credit', 'behaviour', 'handling') THEN
		RAISE EXCEPTION 'unknown dimension "%" for indicator "%"', NEW.dimension, NEW.name
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Use background, value, credit, behaviour or handling.';
	END IF;
	IF NEW.kind NOT IN ('quantitative', 'qualitative') THEN
		RAISE EXCEPTION 'unknown kind "%" for indicator "%"', NEW.kind, NEW.name
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Use quantitative or qualitative.';
	END IF;
	IF NEW.direction NOT IN ('benefit', 'cost', 'target') THEN
		RAISE EXCEPTION 'unknown direction "%" for indicator "%"', NEW.direction, NEW.name
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Use benefit, cost or target.';
	END IF;
	IF NEW.transform NOT IN ('none', 'log') THEN
		RAISE EXCEPTION 'unknown transform "%" for indicator "%"', NEW.transform, NEW.name
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Use none, or log for ln(1 + x) on a skewed non-negative quantity.';
	END IF;
	IF NEW.transform = 'log' AND NEW.kind = 'qualitative' THEN
		RAISE EXCEPTION 'qualitative indicator "%" takes no transform', NEW.name
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF NEW.transform = 'log' AND (NEW.range_lo <= -1 OR NEW.best_lo <= -1) THEN
		RAISE EXCEPTION 'the log transform of indicator "%" needs a range above -1', NEW.name
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = 'ln(1 + x) is defined for x > -1.';
	END IF;
	IF NEW.source_column IS NULL OR NEW.source_column = '' THEN
		RAISE EXCEPTION 'indicator "%" needs a source_column', NEW.name
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF lower(NEW.source_column) IN ('gender', 'age')
	   AND NOT (SELECT allow_demographic FROM model WHERE name = NEW.model) THEN
		RAISE EXCEPTION 'indicator "%" reads the demographic column "%"', NEW.name, NEW.source_column
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = 'Gender and age never change a score or a tier unless the model enables them.',
			      HINT = 'Set allow_demographic = true on the model if this is lawful and intended.';
	END IF;
	IF NEW.expert_weight IS NOT NULL AND NOT (NEW.expert_weight >= 0 AND NEW.expert_weight < 'Infinity') THEN
		RAISE EXCEPTION 'expert_weight of indicator "%" must be a non-negative finite number', NEW.name
			USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s.', NEW.expert_weight);
	END IF;
	IF NEW.kind = 'qualitative' THEN
		nl := cardinality(NEW.levels);
		IF NEW.levels IS NULL OR nl = 0 OR array_ndims(NEW.levels) <> 1 OR array_position(NEW.levels, NULL) IS NOT NULL THEN
			RAISE EXCEPTION 'qualitative indicator "%" needs its ordered levels', NEW.name
				USING ERRCODE = 'invalid_parameter_value',
				      HINT = 'List the levels from the worst to the best, for example ''{cash,online,bank_autodebit}''.';
		END IF;
		IF nl > 64 THEN
			RAISE EXCEPTION 'qualitative indicator "%" has too many levels', NEW.name
				USING ERRCODE = 'program_limit_exceeded', DETAIL = format('It has %s levels; the limit is 64.', nl);
		END IF;
		IF (SELECT count(DISTINCT l) FROM unnest(NEW.levels) l) <> nl THEN
			RAISE EXCEPTION 'levels of indicator "%" must be distinct', NEW.name
				USING ERRCODE = 'invalid_parameter_value';
		END IF;
		IF NEW.level_scores IS NOT NULL THEN
			IF array_ndims(NEW.level_scores) <> 1 OR cardinality(NEW.level_scores) <> nl THEN
				RAISE EXCEPTION 'level_scores of indicator "%" must have one score per level', NEW.name
					USING ERRCODE = 'array_subscript_error',
					      DETAIL = format('There are %s levels and %s scores.', nl, cardinality(NEW.level_scores));
			END IF;
			IF array_position(NEW.level_scores, NULL) IS NOT NULL
			   OR EXISTS (SELECT 1 FROM unnest(NEW.level_scores) s WHERE NOT (s BETWEEN 0 AND 1)) THEN
				RAISE EXCEPTION 'level_scores of indicator "%" must be numbers between 0 and 1', NEW.name
					USING ERRCODE = 'invalid_parameter_value';
			END IF;
		END IF;
		IF NEW.direction = 'target' THEN
			RAISE EXCEPTION 'qualitative indicator "%" cannot have direction target', NEW.name
				USING ERRCODE = 'invalid_parameter_value',
				      HINT = 'Give the best level the highest level score instead.';
		END IF;
		IF NEW.range_lo IS NOT NULL OR NEW.range_hi IS NOT NULL OR NEW.best_lo IS NOT NULL OR NEW.best_hi IS NOT NULL THEN
			RAISE EXCEPTION 'qualitative indicator "%" takes no range', NEW.name
				USING ERRCODE = 'invalid_parameter_value';
		END IF;
	ELSE
		IF NEW.levels IS NOT NULL OR NEW.level_scores IS NOT NULL THEN
			RAISE EXCEPTION 'quantitative indicator "%" takes no levels', NEW.name
				USING ERRCODE = 'invalid_parameter_value',
				      HINT = 'Set kind = ''qualitative'' for an indicator with levels.';
		END IF;
		IF (NEW.range_lo IS NULL) <> (NEW.range_hi IS NULL) THEN
			RAISE EXCEPTION 'indicator "%" needs both range_lo and range_hi, or neither', NEW.name
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = 'Without a fixed range, fit() uses the population minimum and maximum.';
		END IF;
		IF NEW.range_lo IS NOT NULL AND NOT (NEW.range_lo < NEW.range_hi AND NEW.range_lo > '-Infinity' AND NEW.range_hi < 'Infinity') THEN
			RAISE EXCEPTION 'range of indicator "%" must satisfy range_lo < range_hi (finite)', NEW.name
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = format('Got [%s, %s].', NEW.range_lo, NEW.range_hi);
		END IF;
		IF NEW.direction = 'target' THEN
			IF NEW.best_lo IS NULL OR NEW.best_hi IS NULL OR NOT (NEW.best_lo <= NEW.best_hi)
			   OR NEW.best_lo = '-Infinity' OR NEW.best_hi = 'Infinity' THEN
				RAISE EXCEPTION 'target indicator "%" needs best_lo <= best_hi', NEW.name
					USING ERRCODE = 'invalid_parameter_value',
					      DETAIL = format('Got [%s, %s].', coalesce(NEW.best_lo::text, 'NULL'), coalesce(NEW.best_hi::text, 'NULL'));
			END IF;
			IF NEW.range_lo IS NOT NULL AND NOT (NEW.range_lo <= NEW.best_lo AND NEW.best_hi <= NEW.range_hi) THEN
				RAISE EXCEPTION 'best range of indicator "%" must lie inside its range', NEW.name
					USING ERRCODE = 'invalid_parameter_value',
					      DETAIL = format('[%s, %s] is not inside [%s, %s].', NEW.best_lo, NEW.best_hi, NEW.range_lo, NEW.range_hi);
			END IF;
		ELSIF NEW.best_lo IS NOT NULL OR NEW.best_hi IS NOT NULL THEN
			RAISE EXCEPTION 'only a target indicator takes best_lo and best_hi (indicator "%")', NEW.name
				USING ERRCODE = 'invalid_parameter_value';
		END IF;
	END IF;
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION _check_indicator() IS
'trigger: refuses an invalid indicator row with a clear error (internal)';

CREATE TRIGGER check_indicator BEFORE INSERT OR UPDATE ON indicator
FOR EACH ROW EXECUTE FUNCTION _check_indicator();

CREATE FUNCTION _check_tier_scheme() RETURNS trigger
LANGUAGE plpgsql PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $$
DECLARE
	nl int;
BEGIN
	IF NEW.scope NOT IN ('overall', 'dimension', 'background', 'value', 'credit', 'behaviour', 'handling') THEN
		RAISE EXCEPTION 'unknown tier scheme scope "%"', NEW.scope
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Use overall, dimension (the default of every dimension) or a dimension name.';
	END IF;
	nl := cardinality(NEW.labels);
	IF nl < 2 OR array_ndims(NEW.labels) <> 1 OR array_position(NEW.labels, NULL) IS NOT NULL THEN
		RAISE EXCEPTION 'tier scheme "%" needs at least two labels', NEW.scope
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF nl > 64 THEN
		RAISE EXCEPTION 'tier scheme "%" has too many labels', NEW.scope
			USING ERRCODE = 'program_limit_exceeded', DETAIL = format('It has %s labels; the limit is 64.', nl);
	END IF;
	IF (SELECT count(DISTINCT l) FROM unnest(NEW.labels) l) <> nl THEN
		RAISE EXCEPTION 'labels of tier scheme "%" must be distinct', NEW.scope
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF (NEW.shares IS NULL) = (NEW.cuts IS NULL) THEN
		RAISE EXCEPTION 'tier scheme "%" needs exactly one of shares and cuts', NEW.scope
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = 'Shares (one per label, summing to 1) give quantile cut points fitted on the population; cuts (one fewer than labels) are fixed.';
	END IF;
	IF NEW.shares IS NOT NULL THEN
		IF array_ndims(NEW.shares) <> 1 OR cardinality(NEW.shares) <> nl THEN
			RAISE EXCEPTION 'tier scheme "%" needs one share per label', NEW.scope
				USING ERRCODE = 'array_subscript_error',
				      DETAIL = format('There are %s labels and %s shares.', nl, cardinality(NEW.shares));
		END IF;
		IF array_position(NEW.shares, NULL) IS NOT NULL
		   OR EXISTS (SELECT 1 FROM unnest(NEW.shares) s WHERE NOT (s > 0 AND s < 1))
		   OR abs((SELECT sum(s) FROM unnest(NEW.shares) s) - 1) > 1e-9 THEN
			RAISE EXCEPTION 'shares of tier scheme "%" must be positive and sum to 1', NEW.scope
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = format('Got %s.', NEW.shares);
		END IF;
	ELSE
		IF array_ndims(NEW.cuts) <> 1 OR cardinality(NEW.cuts) <> nl - 1 THEN
			RAISE EXCEPTION 'tier scheme "%" needs one cut fewer than labels', NEW.scope
				USING ERRCODE = 'array_subscript_error',
				      DETAIL = format('There are %s labels and %s cuts.', nl, cardinality(NEW.cuts));
		END IF;
		IF array_position(NEW.cuts, NULL) IS NOT NULL
		   OR EXISTS (SELECT 1 FROM unnest(NEW.cuts) WITH ORDINALITY c(v, i)
		              WHERE NOT (v > 0 AND v < 1) OR (i > 1 AND v <= NEW.cuts[i - 1])) THEN
			RAISE EXCEPTION 'cuts of tier scheme "%" must be strictly ascending inside (0, 1)', NEW.scope
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = format('Got %s.', NEW.cuts);
		END IF;
	END IF;
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION _check_tier_scheme() IS
'trigger: refuses an invalid tier scheme with a clear error (internal)';

CREATE TRIGGER check_tier_scheme BEFORE INSERT OR UPDATE ON tier_scheme
FOR EACH ROW EXECUTE FUNCTION _check_tier_scheme();

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
