-- Layer 2 (the fit layer): the indicator_stats state type, its one-pass
-- aggregates and the results derived from a state.  See doc/fit.md.

CREATE TYPE indicator_stats;

CREATE FUNCTION indicator_stats_in(cstring)
RETURNS indicator_stats
AS 'MODULE_PATHNAME', 'ct_indicator_stats_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION indicator_stats_out(indicator_stats)
RETURNS cstring
AS 'MODULE_PATHNAME', 'ct_indicator_stats_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION indicator_stats_recv(internal)
RETURNS indicator_stats
AS 'MODULE_PATHNAME', 'ct_indicator_stats_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION indicator_stats_send(indicator_stats)
RETURNS bytea
AS 'MODULE_PATHNAME', 'ct_indicator_stats_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE indicator_stats (
	INPUT = indicator_stats_in,
	OUTPUT = indicator_stats_out,
	RECEIVE = indicator_stats_recv,
	SEND = indicator_stats_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE indicator_stats IS
'mergeable one-pass statistics of k indicator columns (k <= 256): per column count, NULL count, min, max, mean, M2; complete-row means and co-moments; versioned text form v1;k=..;...';
COMMENT ON FUNCTION indicator_stats_in(cstring) IS
'text input of indicator_stats: the versioned v1;k=.. form, checked for syntax and consistency';
COMMENT ON FUNCTION indicator_stats_out(indicator_stats) IS
'text output of indicator_stats: the versioned v1;k=.. form with shortest exact floats (round-trips bit for bit)';
COMMENT ON FUNCTION indicator_stats_recv(internal) IS
'binary input of indicator_stats: version byte, int4 k, float8 values; checked like text input';
COMMENT ON FUNCTION indicator_stats_send(indicator_stats) IS
'binary output of indicator_stats: version byte, int4 k, float8 values';

CREATE FUNCTION indicator_stats_accum(indicator_stats, float8[])
RETURNS indicator_stats
AS 'MODULE_PATHNAME', 'ct_indicator_stats_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION indicator_stats_accum(indicator_stats, float8[]) IS
'transition function of indicator_stats(float8[]): adds one row (NULL arrays skipped; updates the state in place inside an aggregate)';

CREATE FUNCTION indicator_stats_combine(indicator_stats, indicator_stats)
RETURNS indicator_stats
AS 'MODULE_PATHNAME', 'ct_indicator_stats_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION indicator_stats_combine(indicator_stats, indicator_stats) IS
'merges two indicator_stats states (Chan, Golub and LeVeque pairwise update); NULL is the empty state';

CREATE AGGREGATE indicator_stats(v float8[]) (
	SFUNC = indicator_stats_accum,
	STYPE = indicator_stats,
	COMBINEFUNC = indicator_stats_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE indicator_stats(float8[]) IS
'one-pass statistics of the indicator arrays v (one element per indicator, same length in every row; NULL arrays skipped, NULL elements counted per column)';

CREATE AGGREGATE merge(indicator_stats) (
	SFUNC = indicator_stats_combine,
	STYPE = indicator_stats,
	COMBINEFUNC = indicator_stats_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE merge(indicator_stats) IS
'roll-up of stored indicator_stats states (daily partitions, shards): equal to one indicator_stats over all their rows';

CREATE FUNCTION stats_count(s indicator_stats)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'ct_stats_count_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stats_count(indicator_stats) IS
'non-NULL values per column';

CREATE FUNCTION stats_null_count(s indicator_stats)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'ct_stats_null_count_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stats_null_count(indicator_stats) IS
'NULL elements per column';

CREATE FUNCTION stats_min(s indicator_stats)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_stats_min_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stats_min(indicator_stats) IS
'minimum per column (NULL for a column without values)';

CREATE FUNCTION stats_max(s indicator_stats)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_stats_max_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stats_max(indicator_stats) IS
'maximum per column (NULL for a column without values)';

CREATE FUNCTION stats_mean(s indicator_stats)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_stats_mean_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stats_mean(indicator_stats) IS
'mean per column over its non-NULL values (NULL for a column without values)';

CREATE FUNCTION stats_stddev(s indicator_stats)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_stats_stddev_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stats_stddev(indicator_stats) IS
'sample standard deviation per column, as stddev() (NULL for a column with fewer than two values)';

CREATE FUNCTION correlation_matrix(s indicator_stats)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_correlation_matrix_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION correlation_matrix(indicator_stats) IS
'k x k Pearson correlation over complete rows, as corr(); NULL elements for a column without variation; NULL with fewer than two complete rows';

CREATE FUNCTION covariance_matrix(s indicator_stats)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_covariance_matrix_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION covariance_matrix(indicator_stats) IS
'k x k sample covariance over complete rows, as covar_samp(); NULL with fewer than two complete rows';

CREATE FUNCTION critic_weights(s indicator_stats)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_critic_weights_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION critic_weights(indicator_stats) IS
'CRITIC weights (Diakoulaki et al. 1995): C_j = sigma_j sum_k (1 - r_jk), sigma_j = stddev/(max - min), w = C/sum C; constant indicators get 0 (NOTICE)';

CREATE FUNCTION stddev_weights(s indicator_stats)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_stddev_weights_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION stddev_weights(s indicator_stats, range_scaled boolean)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_stddev_weights_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stddev_weights(indicator_stats) IS
'standard-deviation weights w_j = sigma_j / sum sigma with sigma_j = stddev/(max - min); constant indicators get 0 (NOTICE)';
COMMENT ON FUNCTION stddev_weights(indicator_stats, boolean) IS
'standard-deviation weights; range_scaled false uses the raw stddev (for values already on one scale)';

CREATE FUNCTION pca_weights(s indicator_stats)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_pca_weights_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pca_weights(s indicator_stats, variance_share float8)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_pca_weights_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pca_weights(indicator_stats) IS
'PCA weights with variance_share 0.85: squared loadings of the leading components of the correlation matrix, weighted by their eigenvalues';
COMMENT ON FUNCTION pca_weights(indicator_stats, float8) IS
'PCA weights: w_j = sum_i lambda_i u_ij^2 / sum_i lambda_i over the leading components covering variance_share of the variance (Jacobi eigen-decomposition)';
