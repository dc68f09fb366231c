-- The quantile_sketch type: a mergeable quantile summary of k columns with a
-- deterministic, tracked rank-error bound (doc/sketch.md); fit() takes the
-- quantiles, tier cut points and concordance ranks from it.

CREATE TYPE quantile_sketch;

CREATE FUNCTION quantile_sketch_in(cstring)
RETURNS quantile_sketch
AS 'MODULE_PATHNAME', 'ct_qsketch_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION quantile_sketch_out(quantile_sketch)
RETURNS cstring
AS 'MODULE_PATHNAME', 'ct_qsketch_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION quantile_sketch_recv(internal)
RETURNS quantile_sketch
AS 'MODULE_PATHNAME', 'ct_qsketch_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION quantile_sketch_send(quantile_sketch)
RETURNS bytea
AS 'MODULE_PATHNAME', 'ct_qsketch_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE quantile_sketch (
	INPUT = quantile_sketch_in,
	OUTPUT = quantile_sketch_out,
	RECEIVE = quantile_sketch_recv,
	SEND = quantile_sketch_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);

COMMENT ON TYPE quantile_sketch IS
'mergeable quantile summary of k columns (k <= 64): exact count, min and max, and compactor levels whose rank error is at most err (tracked; <= n H / 16383, 0.037 % of n at one million values); exact below 16,384 values; versioned text form v1;k=..;...';
COMMENT ON FUNCTION quantile_sketch_in(cstring) IS
'text input of quantile_sketch: the versioned v1;k=.. form, checked for syntax and consistency (22P02)';
COMMENT ON FUNCTION quantile_sketch_out(quantile_sketch) IS
'text output of quantile_sketch: the versioned v1;k=.. form, levels sorted, shortest exact floats (round-trips bit for bit)';
COMMENT ON FUNCTION quantile_sketch_recv(internal) IS
'binary input of quantile_sketch: version byte, int4 k, per column n, min, max, err, levels; checked like text input (22P03)';
COMMENT ON FUNCTION quantile_sketch_send(quantile_sketch) IS
'binary output of quantile_sketch (the stored form)';

CREATE FUNCTION quantile_sketch_accum(internal, float8[])
RETURNS internal
AS 'MODULE_PATHNAME', 'ct_qsketch_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION quantile_sketch_accum(internal, float8[]) IS
'transition function of quantile_sketch(float8[]): adds one row, one element per column (NULL arrays and elements skipped); a NOTICE every 10 s of a long scan';

CREATE FUNCTION quantile_sketch_accum(internal, float8)
RETURNS internal
AS 'MODULE_PATHNAME', 'ct_qsketch_accum1'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION quantile_sketch_accum(internal, float8) IS
'transition function of quantile_sketch(float8): adds one value (NULL skipped)';

CREATE FUNCTION quantile_sketch_merge_accum(internal, quantile_sketch)
RETURNS internal
AS 'MODULE_PATHNAME', 'ct_qsketch_merge_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION quantile_sketch_merge_accum(internal, quantile_sketch) IS
'transition function of merge(quantile_sketch): merges one stored state (NULL skipped)';

CREATE FUNCTION quantile_sketch_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'ct_qsketch_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION quantile_sketch_combine(internal, internal) IS
'combine function of the quantile_sketch aggregates: merges two partial sketches (rank-error bounds add)';

CREATE FUNCTION quantile_sketch_serial(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'ct_qsketch_serial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION quantile_sketch_serial(internal) IS
'serialisation function of the quantile_sketch aggregates (the binary form)';

CREATE FUNCTION quantile_sketch_deserial(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'ct_qsketch_deserial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION quantile_sketch_deserial(bytea, internal) IS
'deserialisation function of the quantile_sketch aggregates';

CREATE FUNCTION quantile_sketch_final(internal)
RETURNS quantile_sketch
AS 'MODULE_PATHNAME', 'ct_qsketch_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION quantile_sketch_final(internal) IS
'final function of the quantile_sketch aggregates: the state as a quantile_sketch value (NULL without rows)';

CREATE AGGREGATE quantile_sketch(v float8[]) (
	SFUNC = quantile_sketch_accum,
	STYPE = internal,
	FINALFUNC = quantile_sketch_final,
	COMBINEFUNC = quantile_sketch_combine,
	SERIALFUNC = quantile_sketch_serial,
	DESERIALFUNC = quantile_sketch_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE quantile_sketch(float8[]) IS
'quantile sketch of k columns, one array element per column (same length in every row; NULL arrays and elements skipped; NaN and Infinity refused)';

CREATE AGGREGATE quantile_sketch(x float8) (
	SFUNC = quantile_sketch_accum,
	STYPE = internal,
	FINALFUNC = quantile_sketch_final,
	COMBINEFUNC = quantile_sketch_combine,
	SERIALFUNC = quantile_sketch_serial,
	DESERIALFUNC = quantile_sketch_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE quantile_sketch(float8) IS
'quantile sketch of one column (NULL skipped; NaN and Infinity refused)';

CREATE AGGREGATE merge(quantile_sketch) (
	SFUNC = quantile_sketch_merge_accum,
	STYPE = internal,
	FINALFUNC = quantile_sketch_final,
	COMBINEFUNC = quantile_sketch_combine,
	SERIALFUNC = quantile_sketch_serial,
	DESERIALFUNC = quantile_sketch_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE merge(quantile_sketch) IS
'roll-up of stored quantile_sketch states (same column count; NULL skipped): a sketch of the union of their rows, with the sum of their rank-error bounds';

CREATE FUNCTION sketch_count(s quantile_sketch)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'ct_sketch_count_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sketch_count(quantile_sketch) IS
'values per column of a quantile_sketch (exact)';

CREATE FUNCTION sketch_min(s quantile_sketch)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_sketch_min_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sketch_min(quantile_sketch) IS
'smallest value per column of a quantile_sketch (exact; NULL element for a column without values)';

CREATE FUNCTION sketch_max(s quantile_sketch)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_sketch_max_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sketch_max(quantile_sketch) IS
'largest value per column of a quantile_sketch (exact; NULL element for a column without values)';

CREATE FUNCTION sketch_rank_error(s quantile_sketch)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_sketch_rank_error_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sketch_rank_error(quantile_sketch) IS
'guaranteed rank-error bound per column as a fraction of its values: every estimated count of values below (or at most) x is within this share of n; 0 while the column is exact';

CREATE FUNCTION sketch_quantiles(s quantile_sketch, col int, fractions float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_sketch_quantiles_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sketch_quantiles(quantile_sketch, int, float8[]) IS
'quantiles of column col at fractions in [0, 1], interpolated as percentile_cont (equal to it while the column is exact); 0 and 1 give the exact min and max; NULL for a column without values';

CREATE FUNCTION sketch_histogram(s quantile_sketch, col int, edges float8[])
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'ct_sketch_histogram_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sketch_histogram(quantile_sketch, int, float8[]) IS
'values of column col in (-inf, e1), [e1, e2), .., [ek, +inf) for strictly ascending edges (a value equal to an edge in the upper bin, as width_bucket and tier); exact while the column is exact, else each cumulative count within the rank-error bound';

CREATE FUNCTION _sketch_avg_ranks(s quantile_sketch, x float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_sketch_avg_ranks_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION _sketch_avg_ranks(quantile_sketch, float8[]) IS
'internal (fit): per element j the average rank of x[j] among column j''s values ((#below + 1 + #at-or-below) / 2, as rank() and count() over the ordered column), estimated from the sketch';

CREATE FUNCTION _sketch_quantiles_disc(s quantile_sketch, col int, fractions float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_sketch_quantiles_disc_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION _sketch_quantiles_disc(quantile_sketch, int, float8[]) IS
'internal (fit): quantiles of column col at fractions as percentile_disc (the value at row ceil(f n)), estimated from the sketch; NULL for a column without values';

