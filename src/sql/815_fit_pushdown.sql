-- fit over a partitioned table whose partitions are postgres_fdw foreign
-- tables (doc/scale-out.md, "fit"): every scan is one aggregate per leaf
-- partition whose whole query postgres_fdw ships to the shard (one state
-- row comes back), merged on the coordinator.  postgres_fdw ships only
-- immutable functions of an extension named in the server's extensions
-- option, of argument types it can send, and it deparses a whole-row
-- reference as an anonymous ROW() without column names; so on this path
-- the per-row helpers take the version being fitted as jsonb (the
-- model_version row keyed by column name) and the row's indicator values as
-- one float8 array built from the named columns (_fit_values).  Local
-- sources keep the record helpers (_normalised, _fit_scores, _combine).

CREATE FUNCTION _fit_normalised_v(version jsonb, x float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fit_normalised_v_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _fit_normalised_v(jsonb, float8[]) IS
'internal (fit over foreign partitions): _normalised of one row for a version being fitted, passed as jsonb (the model_version row keyed by column name, compiled once per call site), the row given as its indicator values in model order (numbers; booleans 0 or 1; levels as 0-based indexes; NULL for NULL)';

CREATE FUNCTION _fit_scores_v(version jsonb, x float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fit_scores_v_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _fit_scores_v(jsonb, float8[]) IS
'internal (fit over foreign partitions): _fit_scores of one row for a version being fitted, passed as jsonb, the row given as its indicator values in model order (as _fit_normalised_v)';

CREATE FUNCTION _combine_v(version jsonb, scores float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_fit_combine_v_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _combine_v(jsonb, float8[]) IS
'internal (fit over foreign partitions): _combine with the version being fitted passed as jsonb';

-- the state of entropy_weights, to merge
CREATE AGGREGATE _entropy_state(x float8[]) (
	SFUNC = entropy_weights_accum,
	STYPE = float8[],
	COMBINEFUNC = entropy_weights_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE _entropy_state(float8[]) IS
'internal (fit over foreign partitions): the state of entropy_weights over the rows, for _entropy_merge';

CREATE AGGREGATE _entropy_merge(state float8[]) (
	SFUNC = entropy_weights_combine,
	STYPE = float8[],
	FINALFUNC = entropy_weights_final,
	COMBINEFUNC = entropy_weights_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE _entropy_merge(float8[]) IS
'internal (fit over foreign partitions): entropy_weights of the rows of several _entropy_state states';

CREATE FUNCTION _fit_pushdown(source regclass)
RETURNS boolean
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog
AS $fp$
DECLARE
	dist boolean := false;
BEGIN
	IF (SELECT c.relkind FROM pg_class c WHERE c.oid = source) = 'p'
	   AND EXISTS (SELECT FROM pg_partition_tree(source) t JOIN pg_class c ON c.oid = t.relid
	               WHERE t.isleaf AND c.relkind = 'f') THEN
		RETURN true;
	END IF;
	-- a Citus distributed table (without a dependency on Citus): its
	-- workers run the shippable per-row helpers inside partial aggregates
	IF to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL THEN
		EXECUTE 'SELECT EXISTS (SELECT FROM pg_catalog.pg_dist_partition WHERE logicalrelid = $1)'
			INTO dist USING source;
	END IF;
	RETURN dist;
END
$fp$;

COMMENT ON FUNCTION _fit_pushdown(regclass) IS
'internal (fit): true when source is a partitioned table with a foreign leaf partition, or a Citus distributed table: fit then scans it with the shippable per-row helpers (_fit_values, _fit_scores_v), one aggregate per leaf partition, which postgres_fdw ships whole and Citus runs as partial aggregates on its workers';

CREATE FUNCTION _fit_values(v model_version)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog
RETURN 'ARRAY[' || coalesce((
	SELECT string_agg(CASE
		WHEN v.ind_kind[j] = 1 THEN
			format('CASE (%I)::text %s END::float8', v.ind_column[j],
			       (SELECT string_agg(format('WHEN %L THEN %s', v.levels[v.ind_level_start[j] + g], g - 1), ' ' ORDER BY g)
			        FROM generate_series(1, v.ind_level_count[j]) g))
		WHEN v.src_types[array_position(v.src_columns, v.ind_column[j])] = 'boolean' THEN format('(%I)::int::float8', v.ind_column[j])
		ELSE format('(%I)::float8', v.ind_column[j]) END, ', ' ORDER BY j)
	FROM generate_subscripts(v.ind_name, 1) j), '') || ']::float8[]';

COMMENT ON FUNCTION _fit_values(model_version) IS
'internal (fit over foreign partitions): the SQL expression of a row''s indicator values as _fit_scores_v reads them, from the named columns of the source (numbers as float8, booleans as 0 or 1, levels as 0-based indexes through a CASE)';

CREATE FUNCTION _fit_push_query(source regclass, inner_list text, outer_list text)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog
RETURN (SELECT format('SELECT %s FROM (%s) _ct_p', outer_list,
                      string_agg(format('SELECT %s FROM %s _ct_src', inner_list, t.relid::regclass), ' UNION ALL '
                                 ORDER BY t.relid::regclass::text))
        -- a table that is not partitioned (a Citus distributed table) has
        -- no partition tree: it is its own one part
        FROM (SELECT t.relid FROM pg_partition_tree(source) t WHERE t.isleaf
              UNION ALL
              SELECT source WHERE NOT EXISTS (SELECT FROM pg_partition_tree(source))) t);

COMMENT ON FUNCTION _fit_push_query(regclass, text, text) IS
'internal (fit over foreign partitions or a Citus distributed table): the query that computes the aggregates inner_list over each leaf partition of source (one query per partition, which postgres_fdw ships whole; a table that is not partitioned is its own one part, which Citus aggregates on its workers) and combines their results with outer_list';
