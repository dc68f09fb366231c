-- Governance, part 2: who fitted and who activated a version, and the
-- fitted versions as everyone may read them (doc/governance.md).
--
-- complaint_tier.model_version holds statistics of the tables the versions
-- were fitted on (ranges, means, quantiles, tier cut points, histograms, the
-- source's name and columns).  No level reads or writes it directly:
-- fit() stores a version through _store_version, activate() switches
-- versions, and evaluate() reads the version it compiles, each in C as the
-- catalogue's owner around fixed statements (src/pg/ct_govern_pg.c).
-- Everyone reads version_catalogue, where those statistics show only for
-- versions whose source the reader may SELECT.

-- The shipped rows inserted above leave deferred foreign-key checks
-- pending, and a table with pending events cannot be altered: check them now.
SET CONSTRAINTS ALL IMMEDIATE;

-- the fitted population's distributions, for compare()'s PSI: per item
-- (the combined score, then each indicator in order) the number of bins,
-- their inner edges (bins - 1 per item) and the population's count in each
-- bin followed by its count of NULLs (bins + 1 per item)
ALTER TABLE model_version
	ADD COLUMN hist_bins int[],
	ADD COLUMN hist_edges float8[],
	ADD COLUMN hist_counts bigint[];

COMMENT ON COLUMN model_version.fitted_by IS
'the role that ran fit() (current_user), recorded by _store_version';
COMMENT ON COLUMN model_version.fitted_at IS
'when fit() ran (start of its transaction)';
COMMENT ON COLUMN model_version.hist_bins IS
'for compare(): bins per item (the combined score, then each indicator): a quantitative item''s bins are cut at the distinct deciles of the fitted population above its minimum, a qualitative one has one bin per level';
COMMENT ON COLUMN model_version.hist_edges IS
'for compare(): the inner bin edges of every item, flattened (hist_bins - 1 per item); a value equal to an edge is in the upper bin';
COMMENT ON COLUMN model_version.hist_counts IS
'for compare(): the fitted population''s count in every bin of every item, then its count of NULLs, flattened (hist_bins + 1 per item)';

ALTER TABLE active_version
	ADD COLUMN activated_at timestamptz,
	ADD COLUMN activated_by text;
ALTER TABLE active_version
	ALTER COLUMN activated_at SET DEFAULT now(),
	ALTER COLUMN activated_by SET DEFAULT current_user;

COMMENT ON TABLE active_version IS
'the version of each model that evaluate() uses, who made it active and when; written by fit() (the first version of a model, or when the caller has complaint_tier_govern) and activate()';
COMMENT ON COLUMN active_version.activated_at IS
'when the version was made active (NULL for versions activated before 0.2.0)';
COMMENT ON COLUMN active_version.activated_by IS
'the role that made it active (NULL for versions activated before 0.2.0)';

CREATE TABLE activation_log (
	model text NOT NULL REFERENCES model (name) ON UPDATE CASCADE ON DELETE CASCADE,
	version int NOT NULL,
	previous_version int,
	activated_at timestamptz NOT NULL,
	activated_by text NOT NULL
);

CREATE INDEX activation_log_model ON activation_log (model, activated_at);

COMMENT ON TABLE activation_log IS
'every activation of a model version, by fit() or activate(): the version, the one it replaced (NULL for the first), when and by whom; written only through those functions';

SELECT pg_catalog.pg_extension_config_dump('activation_log', '');

CREATE FUNCTION _source_readable(source text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN source ~ '^("([^"]|"")+"|[a-z_][a-z0-9_$]*)\.("([^"]|"")+"|[a-z_][a-z0-9_$]*)$'
       AND coalesce(has_table_privilege(to_regclass(source), 'SELECT'), false);

COMMENT ON FUNCTION _source_readable(text) IS
'internal (version_catalogue): whether the current user may SELECT the table or view a version names as its source (schema-qualified, as fit() stores it); false when it no longer exists';

CREATE VIEW version_catalogue WITH (security_barrier) AS
SELECT mv.model,
       mv.version,
       mv.state,
       mv.fitted_at,
       mv.fitted_by,
       av.version IS NOT NULL AS active,
       av.activated_at,
       av.activated_by,
       r.readable AS statistics_visible,
       CASE WHEN r.readable THEN mv.source END AS source,
       CASE WHEN r.readable THEN mv.row_count END AS row_count,
       mv.key,
       CASE WHEN r.readable THEN mv.src_columns END AS src_columns,
       CASE WHEN r.readable THEN mv.src_types END AS src_types,
       mv.dim_names,
       mv.ind_name,
       mv.ind_column,
       mv.ind_dimension,
       mv.ind_kind,
       mv.ind_direction,
       mv.ind_transform,
       CASE WHEN r.readable THEN mv.ind_lo END AS ind_lo,
       CASE WHEN r.readable THEN mv.ind_hi END AS ind_hi,
       mv.ind_best_lo,
       mv.ind_best_hi,
       mv.ind_level_start,
       mv.ind_level_count,
       mv.levels,
       mv.level_scores,
       CASE WHEN r.readable THEN mv.ind_impute END AS ind_impute,
       mv.ind_subjective,
       mv.ind_objective,
       mv.ind_weight,
       mv.ind_global_weight,
       CASE WHEN r.readable THEN mv.ind_ideal END AS ind_ideal,
       CASE WHEN r.readable THEN mv.ind_anti_ideal END AS ind_anti_ideal,
       mv.dim_weights,
       mv.dimension_cr,
       mv.weighting,
       mv.methods,
       mv.combine,
       mv.grey_rho,
       CASE WHEN r.readable THEN mv.grey_delta_min END AS grey_delta_min,
       CASE WHEN r.readable THEN mv.grey_delta_max END AS grey_delta_max,
       mv.vikor_v,
       CASE WHEN r.readable THEN mv.vikor_s_best END AS vikor_s_best,
       CASE WHEN r.readable THEN mv.vikor_s_worst END AS vikor_s_worst,
       CASE WHEN r.readable THEN mv.vikor_r_best END AS vikor_r_best,
       CASE WHEN r.readable THEN mv.vikor_r_worst END AS vikor_r_worst,
       mv.fuzzy_operator,
       mv.fuzzy_grades,
       CASE WHEN r.readable THEN mv.quantiles END AS quantiles,
       mv.tier_labels,
       CASE WHEN r.readable THEN mv.tier_cuts END AS tier_cuts,
       mv.dim_tier_count,
       mv.dim_tier_labels,
       CASE WHEN r.readable THEN mv.dim_tier_cuts END AS dim_tier_cuts,
       mv.class_names,
       mv.class_count,
       mv.class_labels,
       mv.class_conditions,
       CASE WHEN r.readable THEN mv.kendall_w END AS kendall_w,
       CASE WHEN r.readable THEN mv.spearman END AS spearman,
       mv.concordance_threshold,
       CASE WHEN r.readable THEN mv.methods_agree END AS methods_agree,
       CASE WHEN r.readable THEN mv.warnings END AS warnings,
       CASE WHEN r.readable THEN mv.hist_bins END AS hist_bins,
       CASE WHEN r.readable THEN mv.hist_edges END AS hist_edges,
       CASE WHEN r.readable THEN mv.hist_counts END AS hist_counts
FROM model_version mv
LEFT JOIN active_version av ON av.model = mv.model AND av.version = mv.version
CROSS JOIN LATERAL (SELECT _source_readable(mv.source) AS readable) r;

COMMENT ON VIEW version_catalogue IS
'every fitted model version: who fitted it and when, whether it is active and who activated it, its configuration snapshot and weights; its statistics (source, row_count, source columns, ranges, means, reference points, method bounds, quantiles, tier cut points, concordance, warnings, histograms) only when you may SELECT its source (statistics_visible), NULL otherwise';
COMMENT ON COLUMN version_catalogue.active IS
'the version evaluate() uses for the model';
COMMENT ON COLUMN version_catalogue.statistics_visible IS
'you may SELECT the version''s source, so its statistics are shown';

CREATE FUNCTION _require_level(level text, action text)
RETURNS void
AS 'MODULE_PATHNAME', 'ct_require_level_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _require_level(text, text) IS
'internal (fit, define_model): ERROR 42501 "permission denied to <action>" unless the current user has the privileges of complaint_tier_<level> (use, model or govern)';

CREATE FUNCTION _store_version(v model_version, activate boolean)
RETURNS int
AS 'MODULE_PATHNAME', 'ct_store_version_sql'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION _store_version(model_version, boolean) IS
'internal (fit): store a fitted version under the next number with the caller as fitted_by, as the catalogue''s owner; needs complaint_tier_model and SELECT on the version''s source; activates it when activate is true (complaint_tier_govern), or when NULL and the caller has complaint_tier_govern or the model has no active version; returns the version number';
