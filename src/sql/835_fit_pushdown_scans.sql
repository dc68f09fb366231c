-- The scans of weighting 'outcome' (_fit_outcome, 511_fit_outcome.sql), of
-- method dea and of fuzzy segments (_fit_dea_segments, 710_model_dea.sql)
-- over foreign partitions and Citus distributed tables (doc/scale-out.md,
-- "fit"): on the same _fit_pushdown(source) condition as fit's other scans
-- (815_fit_pushdown.sql), each is one aggregate per leaf partition whose
-- whole query postgres_fdw ships (a plain aggregate that Citus splits), the
-- points computed from the named columns by the by-value helper
-- _normalised_imputed_v, and the states (logit_stats, dea_frontier,
-- fcm_stats, the float8[] of fcm_seed: all varlena, never internal) merged
-- on the coordinator.

CREATE FUNCTION _normalised_imputed_v(version jsonb, x float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_normalised_imputed_v_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _normalised_imputed_v(jsonb, float8[]) IS
'internal (fit over foreign partitions): _normalised_imputed of one row for a version being fitted, passed as jsonb (the model_version row keyed by column name, compiled once per call site), the row given as its indicator values in model order (as _fit_normalised_v)';

-- the state of fcm_seed, to merge
CREATE AGGREGATE _fcm_seed_state(v float8[], centres float8[], seed int) (
	SFUNC = fcm_seed_accum,
	STYPE = float8[],
	COMBINEFUNC = fcm_seed_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE _fcm_seed_state(float8[], float8[], int) IS
'internal (fit over foreign partitions): the state of fcm_seed over the rows (the best candidate so far), for _fcm_seed_merge';

CREATE AGGREGATE _fcm_seed_merge(state float8[]) (
	SFUNC = fcm_seed_combine,
	STYPE = float8[],
	FINALFUNC = fcm_seed_final,
	COMBINEFUNC = fcm_seed_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE _fcm_seed_merge(float8[]) IS
'internal (fit over foreign partitions): fcm_seed of the rows of several _fcm_seed_state states of one pass';

CREATE FUNCTION _fit_points(v model_version, push boolean)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog
RETURN CASE WHEN push
	THEN format('complaint_tier._normalised_imputed_v(%L::jsonb, %s)', to_jsonb(v), complaint_tier._fit_values(v))
	ELSE format('complaint_tier._normalised_imputed(%L::complaint_tier.model_version, _ct_src)', v) END;

COMMENT ON FUNCTION _fit_points(model_version, boolean) IS
'internal (fit): the SQL expression of a row _ct_src''s points for the logistic regression, method dea and the segments (normalised, imputed, weighted indicators) for the version being fitted: _normalised_imputed of the row, or when push _normalised_imputed_v of its named columns (shippable)';

CREATE FUNCTION _fit_scan_query(source regclass, push boolean, args text, agg text,
                                state_agg text, merge_agg text)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog
RETURN CASE WHEN push
	THEN complaint_tier._fit_push_query(source, format('%s(%s) AS _ct_s', state_agg, args), format('%s(_ct_s)', merge_agg))
	ELSE format('SELECT %s(%s) FROM %s _ct_src', agg, args, source) END;

COMMENT ON FUNCTION _fit_scan_query(regclass, boolean, text, text, text, text) IS
'internal (fit): the query of the aggregate agg(args) over the rows _ct_src of source, or when push (_fit_pushdown) state_agg(args) per leaf partition (shipped whole to a foreign partition; a Citus distributed table is its own one part) merged by merge_agg';
