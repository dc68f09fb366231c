-- Layer 2 (the fit layer): entropy weights and Kendall's W as mergeable
-- aggregates with float8[] states, and indicator screening from an
-- indicator_stats state.  See doc/fit.md.

CREATE FUNCTION entropy_weights_accum(float8[], float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_entropy_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION entropy_weights_accum(float8[], float8[]) IS
'transition function of entropy_weights: per column count, sum x, sum x ln x, min, max (NULL arrays and NULL elements skipped)';

CREATE FUNCTION entropy_weights_combine(float8[], float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_entropy_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION entropy_weights_combine(float8[], float8[]) IS
'combine function of entropy_weights: adds two states of the same width';

CREATE FUNCTION entropy_weights_final(float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_entropy_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION entropy_weights_final(float8[]) IS
'final function of entropy_weights: w = (1 - E)/sum(1 - E)';

CREATE AGGREGATE entropy_weights(x float8[]) (
	SFUNC = entropy_weights_accum,
	STYPE = float8[],
	FINALFUNC = entropy_weights_final,
	COMBINEFUNC = entropy_weights_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE entropy_weights(float8[]) IS
'entropy weights over non-negative values: p_ij = x_ij/sum_i x_ij, E_j = -sum p ln p / ln m, w = (1-E)/sum(1-E); constant columns get 0 (NOTICE)';

CREATE FUNCTION kendall_w_accum(float8[], float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_kendall_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION kendall_w_accum(float8[], float8[]) IS
'transition function of kendall_w: Welford moments of the row rank sums and per-method rank sums and squares';

CREATE FUNCTION kendall_w_combine(float8[], float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_kendall_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION kendall_w_combine(float8[], float8[]) IS
'combine function of kendall_w (Chan et al. pairwise update)';

CREATE FUNCTION kendall_w_final(float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_kendall_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION kendall_w_final(float8[]) IS
'final function of kendall_w: W = 12 S / (m^2 (n^3 - n) - m sum T)';

CREATE AGGREGATE kendall_w(ranks float8[]) (
	SFUNC = kendall_w_accum,
	STYPE = float8[],
	FINALFUNC = kendall_w_final,
	COMBINEFUNC = kendall_w_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE kendall_w(float8[]) IS
'Kendall''s coefficient of concordance of m methods: each row holds one object''s ranks (1..n over all rows, average ranks for ties), tie-corrected';

CREATE FUNCTION screen_indicators(s indicator_stats, names text[])
RETURNS TABLE(indicator text, cluster int, representative boolean, max_abs_corr float8)
AS 'MODULE_PATHNAME', 'ct_screen_indicators_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION screen_indicators(s indicator_stats, names text[], threshold float8)
RETURNS TABLE(indicator text, cluster int, representative boolean, max_abs_corr float8)
AS 'MODULE_PATHNAME', 'ct_screen_indicators_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION screen_indicators(indicator_stats, text[]) IS
'indicator screening with threshold 0.8: complete-linkage clusters on 1 - |r| cut at 1 - threshold, one representative (largest mean r^2 within its cluster) per cluster';
COMMENT ON FUNCTION screen_indicators(indicator_stats, text[], float8) IS
'indicator screening: complete-linkage clusters on 1 - |r| cut at 1 - threshold (every pair in a cluster has |r| >= threshold), one representative (largest mean r^2 within its cluster) per cluster';
