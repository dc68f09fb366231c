-- complaint_tier 0.1.0 -> 0.2.0, part 2: the catalogue.  The five fixed
-- dimensions become rows of the new table dimension; the lifecycle stage,
-- credit grade and behaviour class thresholds become rows of the new table
-- classification (a classification whose inputs the model's latest fitted
-- source lacks is left out: in 0.1.0 it was always unknown there); fitted
-- versions gain the dimension names, the classifications and the source's
-- column types; the per-row PL/pgSQL validation triggers give way to the
-- C validator (part 3 includes 330_model_validate.sql).

DROP TRIGGER check_model ON model;
DROP TRIGGER check_indicator ON indicator;
DROP TRIGGER check_tier_scheme ON tier_scheme;
DROP FUNCTION _check_model();
DROP FUNCTION _check_indicator();
DROP FUNCTION _check_tier_scheme();

ALTER TABLE model ADD COLUMN key text, ADD COLUMN source text, ADD COLUMN outcome text;
COMMENT ON TABLE model IS
'evaluation models (doc/model.md): the source table they describe and its key column, dimension weights by AHP pairwise matrix (or per dimension in complaint_tier.dimension), indicator weighting method, evaluation methods and how they combine; allow_demographic lets indicators read gender or age, demographic_rules lets evaluate() apply the strategy rules flagged demographic (both off by default); define_model() and model_spec() write and read a whole model as one JSON document';
COMMENT ON COLUMN model.key IS
'the source column that identifies a customer: generated views use it for their unique index, errors name its value';
COMMENT ON COLUMN model.source IS
'the table or view the model describes (optional): conditions are checked against its columns when the model is defined';
COMMENT ON COLUMN model.dimension_pairwise IS
'n x n AHP pairwise comparison matrix of the dimensions in their ordinal order (instead of per-dimension weights)';
COMMENT ON COLUMN model.outcome IS
'a boolean or 0/1 column of the source that the model is meant to answer to (reserved for outcome validation)';

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

SELECT pg_catalog.pg_extension_config_dump('dimension', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('classification', 'WHERE NOT builtin');

-- the five dimensions of every 0.1.0 model
INSERT INTO dimension (model, name, ordinal, weight, description, builtin)
SELECT m.name, d.name, d.ord::int,
       CASE WHEN m.dimension_pairwise IS NULL THEN m.dimension_weights[d.ord] END,
       CASE WHEN m.name = 'telecom' AND m.builtin THEN d.descr ELSE '' END,
       m.builtin
FROM model m
CROSS JOIN unnest(ARRAY['background', 'value', 'credit', 'behaviour', 'handling'],
                  ARRAY['gender, age, tenure, occupation, value orientation (only tenure is scored)',
                        'customer level, ARPU, share of spend on data and new services',
                        'payment channel and arrears records',
                        'complaint frequency, reasonableness, escalations',
                        'handling time, acceptance of remedies, satisfaction'])
	WITH ORDINALITY d(name, descr, ord);
ALTER TABLE indicator ADD FOREIGN KEY (model, dimension) REFERENCES dimension (model, name)
	ON UPDATE CASCADE ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
COMMENT ON TABLE indicator IS
'indicators of a model: dimension, kind (quantitative: a number or boolean column; qualitative: a text column with ordered levels and optional level scores), direction (benefit, cost, target with its best range), optional fixed range, expert weight within the dimension, and the source column it reads by its own name';

-- the 0.1.0 classification rules as conditions, with each model's thresholds
CREATE FUNCTION _upgrade_class_rows(stage_growth float8, stage_stable float8, stage_warning float8,
                                      credit_high float8, credit_low float8, frequent int,
                                      unreasonable float8, good_faith float8)
RETURNS TABLE (name text, ordinal int, labels text[], conditions text[], description text, reads text[])
LANGUAGE sql IMMUTABLE PARALLEL UNSAFE
AS $$
	SELECT 'lifecycle_stage', 1, '{warning,identification,growth,stable}'::text[],
	       ARRAY[format('porting_requested OR satisfaction <= %s', stage_warning),
	             format('tenure_months < %s', stage_growth),
	             format('tenure_months < %s', stage_stable),
	             format('tenure_months >= %s', stage_stable)],
	       'lifecycle stage: warning (churn risk: a porting request or satisfaction at most 2), else by months on the network',
	       '{porting_requested,satisfaction,tenure_months}'::text[]
	UNION ALL
	SELECT 'credit_grade', 2, '{high,medium,low}',
	       ARRAY[format('credit_score >= %s', credit_high), format('credit_score >= %s', credit_low),
	             format('credit_score < %s', credit_low)],
	       'credit grade on the credit dimension score', '{}'
	UNION ALL
	SELECT 'behaviour_class', 3, '{frequent_unreasonable,emotional_urgent,first_time_good_faith,regular}',
	       ARRAY[format('complaints_90d >= %s AND unreasonable_ratio >= %s', frequent, unreasonable),
	             'emotional',
	             format('complaints_90d = 1 AND unreasonable_ratio <= %s', good_faith),
	             'TRUE'],
	       'complaint behaviour: frequency and reasonableness tested separately, emotional urgency, first-time good faith',
	       '{complaints_90d,unreasonable_ratio,emotional}'
$$;

INSERT INTO classification (model, name, ordinal, labels, conditions, description, builtin)
SELECT m.name, c.name, c.ordinal, c.labels, c.conditions,
       CASE WHEN m.builtin THEN c.description ELSE '' END, m.builtin
FROM model m
CROSS JOIN LATERAL _upgrade_class_rows(m.stage_growth_months, m.stage_stable_months, m.stage_warning_satisfaction,
                                          m.credit_high, m.credit_low, m.frequent_complaints,
                                          m.unreasonable_threshold, m.good_faith_threshold) c
LEFT JOIN LATERAL (SELECT to_regclass(mv.source) AS src FROM model_version mv
                   WHERE mv.model = m.name ORDER BY mv.version DESC LIMIT 1) last ON true
WHERE last.src IS NULL
   OR NOT EXISTS (SELECT 1 FROM unnest(c.reads) col
                  WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = last.src
                                    AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped));
-- ordinals stay dense when one was left out
UPDATE classification c SET ordinal = r.rn
FROM (SELECT model, name, row_number() OVER (PARTITION BY model ORDER BY ordinal) AS rn FROM classification) r
WHERE r.model = c.model AND r.name = c.name AND c.ordinal <> r.rn;

UPDATE model SET key = 'customer_id' WHERE name = 'telecom' AND builtin;

-- fitted versions: dimension names, classifications, the source's columns
ALTER TABLE model_version DISABLE TRIGGER protect_version;
ALTER TABLE model_version
	ADD COLUMN key text,
	ADD COLUMN src_columns text[],
	ADD COLUMN src_types text[],
	ADD COLUMN dim_names text[],
	ADD COLUMN class_names text[],
	ADD COLUMN class_count int[],
	ADD COLUMN class_labels text[],
	ADD COLUMN class_conditions text[];
CREATE FUNCTION _upgrade_version_classes(v model_version, OUT names text[], OUT counts int[],
                                         OUT labels text[], OUT conds text[])
LANGUAGE sql STABLE PARALLEL UNSAFE
AS $$
	WITH r AS (
		SELECT * FROM _upgrade_class_rows(v.stage_growth_months, v.stage_stable_months,
		                                    v.stage_warning_satisfaction, v.credit_high, v.credit_low,
		                                    v.frequent_complaints, v.unreasonable_threshold, v.good_faith_threshold)
		WHERE name IN (SELECT cl.name FROM classification cl WHERE cl.model = v.model))
	SELECT coalesce((SELECT array_agg(r.name ORDER BY r.ordinal) FROM r), '{}'),
	       coalesce((SELECT array_agg(cardinality(r.labels) ORDER BY r.ordinal) FROM r), '{}'),
	       coalesce((SELECT array_agg(l ORDER BY r.ordinal, o) FROM r, unnest(r.labels) WITH ORDINALITY u(l, o)), '{}'),
	       coalesce((SELECT array_agg(w ORDER BY r.ordinal, o) FROM r, unnest(r.conditions) WITH ORDINALITY u(w, o)), '{}')
$$;

CREATE FUNCTION _upgrade_source_columns(source text, OUT cols text[], OUT types text[])
LANGUAGE sql STABLE PARALLEL UNSAFE
AS $$
	SELECT coalesce(array_agg(a.attname::text ORDER BY a.attnum), '{}'),
	       coalesce(array_agg(CASE WHEN format_type(bt, NULL) IN ('smallint', 'integer', 'bigint', 'real', 'double precision', 'numeric') THEN 'number'
	                      WHEN format_type(bt, NULL) = 'boolean' THEN 'boolean'
	                      WHEN format_type(bt, NULL) IN ('text', 'character varying', 'character') THEN 'text'
	                      ELSE format_type(a.atttypid, a.atttypmod) END ORDER BY a.attnum), '{}')
	FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid,
	     LATERAL (SELECT CASE WHEN ty.typtype = 'd' THEN ty.typbasetype ELSE ty.oid END AS bt) b
	WHERE a.attrelid = to_regclass(source) AND a.attnum > 0 AND NOT a.attisdropped
$$;

UPDATE model_version mv SET
	key = CASE WHEN mv.model = 'telecom' THEN 'customer_id' END,
	dim_names = '{background,value,credit,behaviour,handling}',
	src_columns = (_upgrade_source_columns(mv.source)).cols,
	src_types = (_upgrade_source_columns(mv.source)).types,
	class_names = (_upgrade_version_classes(mv)).names,
	class_count = (_upgrade_version_classes(mv)).counts,
	class_labels = (_upgrade_version_classes(mv)).labels,
	class_conditions = (_upgrade_version_classes(mv)).conds;
ALTER TABLE model_version
	ALTER COLUMN src_columns SET NOT NULL,
	ALTER COLUMN src_types SET NOT NULL,
	ALTER COLUMN dim_names SET NOT NULL,
	ALTER COLUMN class_names SET NOT NULL,
	ALTER COLUMN class_count SET NOT NULL,
	ALTER COLUMN class_labels SET NOT NULL,
	ALTER COLUMN class_conditions SET NOT NULL,
	DROP COLUMN stage_growth_months,
	DROP COLUMN stage_stable_months,
	DROP COLUMN stage_warning_satisfaction,
	DROP COLUMN credit_high,
	DROP COLUMN credit_low,
	DROP COLUMN frequent_complaints,
	DROP COLUMN unreasonable_threshold,
	DROP COLUMN good_faith_threshold;
ALTER TABLE model_version ENABLE TRIGGER protect_version;
DROP FUNCTION _upgrade_version_classes(model_version);
DROP FUNCTION _upgrade_source_columns(text);
DROP FUNCTION _upgrade_class_rows(float8, float8, float8, float8, float8, int, float8, float8);
COMMENT ON TABLE model_version IS
'fitted model versions, immutable once ready: a snapshot of the configuration (dimensions, indicators, classifications) and every fitted parameter (ranges, weights, reference points, method quantiles, tier cut points), the source and its column types, row count, time and the concordance of the methods';

ALTER TABLE model
	DROP COLUMN dimension_weights,
	DROP COLUMN stage_growth_months,
	DROP COLUMN stage_stable_months,
	DROP COLUMN stage_warning_satisfaction,
	DROP COLUMN credit_high,
	DROP COLUMN credit_low,
	DROP COLUMN frequent_complaints,
	DROP COLUMN unreasonable_threshold,
	DROP COLUMN good_faith_threshold;

-- strategies and rules: a basis or remedy segment may be any identifier; a
-- rule belongs to a model (existing rules of a missing model are kept: NOT VALID)
ALTER TABLE strategies DROP CONSTRAINT strategies_basis,
	ADD CONSTRAINT strategies_basis CHECK (basis ~ '^[a-z_][a-z0-9_]{0,62}$'),
	ALTER COLUMN basis SET DEFAULT 'other';
COMMENT ON COLUMN strategies.basis IS
'what the strategy is based on: for the shipped pack the domain.md section 3 basis (background, value, credit, behaviour, handling) or safeguard; for a user model a dimension name or any identifier';
ALTER TABLE remedy_model DROP CONSTRAINT remedy_model_segment,
	ADD CONSTRAINT remedy_model_segment CHECK (segment ~ '^[a-z_][a-z0-9_]{0,62}$');
ALTER TABLE rules ADD FOREIGN KEY (model) REFERENCES model (name) ON UPDATE CASCADE ON DELETE CASCADE NOT VALID;
DO $upgrade_rules$
DECLARE
	orphans text;
BEGIN
	SELECT string_agg(DISTINCT r.model, ', ') INTO orphans
	FROM complaint_tier.rules r WHERE NOT EXISTS (SELECT 1 FROM complaint_tier.model m WHERE m.name = r.model);
	IF orphans IS NULL THEN
		ALTER TABLE complaint_tier.rules VALIDATE CONSTRAINT rules_model_fkey;
	ELSE
		RAISE WARNING 'complaint_tier.rules has rules of models that do not exist: %', orphans
			USING HINT = 'Delete them or create the models, then: ALTER TABLE complaint_tier.rules VALIDATE CONSTRAINT rules_model_fkey;';
	END IF;
END
$upgrade_rules$;

COMMENT ON FUNCTION rule_check(text) IS
'check the syntax of a rule condition (any identifier is a variable; literals must have compatible types) and return its normalised text; errors name the character position; a model''s conditions are checked against its variables when it is defined or first evaluated';
COMMENT ON FUNCTION rule_variables(text) IS
'the variables a valid rule condition reads, in order of first use';
COMMENT ON FUNCTION rule_matches(text, jsonb) IS
'evaluate a rule condition on a jsonb object of facts under SQL three-valued logic: true, false or NULL (unknown); each key read is a variable of its JSON value''s type, missing keys and JSON null are NULL; a rule fires only when this IS TRUE';

-- 0.1.0 let everyone read the strategy catalogue; 0.2.0 grants it to the
-- complaint_tier_use role (609_grants.sql, doc/governance.md)
REVOKE SELECT ON strategies, rules, rule_catalogue FROM PUBLIC;
REVOKE SELECT ON remedy_model FROM PUBLIC;

-- the functions whose signatures or result types change are created again
-- by the install-script parts that follow
DROP FUNCTION evaluate(text, record);
DROP FUNCTION evaluate(text, int, record);
DROP FUNCTION evaluate(text, jsonb);
DROP FUNCTION explain(text, record);
DROP FUNCTION _normalised(text, int, record);
DROP FUNCTION _fit_scores(text, int, record);
DROP FUNCTION _combine(text, int, float8[]);
DROP FUNCTION _percentile(float8, float8[]);
DROP TYPE evaluation;
DROP FUNCTION fit(text, regclass);
DROP FUNCTION activate(text, int);
