-- Layer 1: Analytic Hierarchy Process (Saaty): priorities of a pairwise
-- comparison matrix and its consistency ratio.  See doc/ahp_fuzzy.md.

CREATE FUNCTION ahp_weights(pairwise float8[][])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_ahp_weights_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION ahp_weights(pairwise float8[][], method text)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_ahp_weights_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION ahp_weights(float8[]) IS
'AHP priorities of a square positive reciprocal pairwise matrix: the principal eigenvector (power iteration), summing to 1';
COMMENT ON FUNCTION ahp_weights(float8[], text) IS
'AHP priorities of a square positive reciprocal pairwise matrix, summing to 1; method ''eigenvector'' (principal eigenvector), ''geometric'' (row geometric means) or ''arithmetic'' (row means of the column-normalised matrix)';

CREATE FUNCTION ahp_consistency(pairwise float8[][],
	OUT n int, OUT lambda_max float8, OUT ci float8, OUT ri float8,
	OUT cr float8, OUT consistent bool)
RETURNS record
AS 'MODULE_PATHNAME', 'ct_ahp_consistency_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION ahp_consistency(float8[]) IS
'Saaty''s consistency of a pairwise matrix: order n, principal eigenvalue lambda_max, CI = (lambda_max-n)/(n-1), random index RI (Saaty 1980, n <= 15), CR = CI/RI, consistent = CR <= 0.1';
