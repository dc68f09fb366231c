-- quantile_sketch_dist: the quantile_sketch aggregates with a
-- quantile_sketch transition state (a read-write expanded object, kept in
-- place from row to row) instead of internal.  Citus ships a partial
-- aggregate state through its type's text form and gathers the rows of an
-- aggregate whose state is internal; with this state it runs the aggregate
-- on its workers (worker_partial_agg) and merges the states on the
-- coordinator (coord_combine_agg).  fit uses it (doc/scale-out.md, "fit").

CREATE FUNCTION quantile_sketch_dist_accum(quantile_sketch, float8[])
RETURNS quantile_sketch
AS 'MODULE_PATHNAME', 'ct_qsketch_ex_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION quantile_sketch_dist_accum(quantile_sketch, float8[]) IS
'transition function of quantile_sketch_dist(float8[]): adds one row to the state, in place when the state is the aggregate''s own (NULL arrays and elements skipped); only in an aggregate';

CREATE FUNCTION quantile_sketch_dist_accum(quantile_sketch, float8)
RETURNS quantile_sketch
AS 'MODULE_PATHNAME', 'ct_qsketch_ex_accum1'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION quantile_sketch_dist_accum(quantile_sketch, float8) IS
'transition function of quantile_sketch_dist(float8): adds one value to the state (NULL skipped); only in an aggregate';

CREATE FUNCTION quantile_sketch_dist_combine(quantile_sketch, quantile_sketch)
RETURNS quantile_sketch
AS 'MODULE_PATHNAME', 'ct_qsketch_ex_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION quantile_sketch_dist_combine(quantile_sketch, quantile_sketch) IS
'combine function of the quantile_sketch_dist aggregates: merges the second state into the first (rank-error bounds add; NULL skipped; column counts must match); only in an aggregate';

CREATE FUNCTION quantile_sketch_dist_final(quantile_sketch)
RETURNS quantile_sketch
AS 'MODULE_PATHNAME', 'ct_qsketch_ex_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION quantile_sketch_dist_final(quantile_sketch) IS
'final function of the quantile_sketch_dist aggregates: the state in its stored form';

CREATE AGGREGATE quantile_sketch_dist(v float8[]) (
	SFUNC = quantile_sketch_dist_accum,
	STYPE = quantile_sketch,
	FINALFUNC = quantile_sketch_dist_final,
	COMBINEFUNC = quantile_sketch_dist_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE quantile_sketch_dist(float8[]) IS
'quantile_sketch(float8[]) with a quantile_sketch state instead of internal: the same sketch, and Citus computes it on its workers (the state travels as text) instead of gathering the rows';

CREATE AGGREGATE quantile_sketch_dist(x float8) (
	SFUNC = quantile_sketch_dist_accum,
	STYPE = quantile_sketch,
	FINALFUNC = quantile_sketch_dist_final,
	COMBINEFUNC = quantile_sketch_dist_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE quantile_sketch_dist(float8) IS
'quantile_sketch(float8) with a quantile_sketch state instead of internal: the same sketch, and Citus computes it on its workers (the state travels as text) instead of gathering the rows';

CREATE FUNCTION _sketch_columns(s quantile_sketch, n int)
RETURNS quantile_sketch
AS 'MODULE_PATHNAME', 'ct_sketch_columns_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION _sketch_columns(quantile_sketch, int) IS
'internal (fit): the sketch of the first n columns of s (1 <= n <= its column count), exactly as a sketch of those columns alone; fit ships only the method columns to the shards for the average ranks';
