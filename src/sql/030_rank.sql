-- Layer 1: agreement of two rankings (Spearman, Kendall tau-b, WS).
-- Reference: doc/mcdm.md.

CREATE FUNCTION spearman(a float8[], b float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_spearman_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION spearman(float8[], float8[]) IS
'Spearman rank correlation of two score or rank vectors: Pearson correlation of average ranks (ties share their mean rank); NULL when either input is constant';

CREATE FUNCTION kendall_tau_b(a float8[], b float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_kendall_tau_b_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION kendall_tau_b(float8[], float8[]) IS
'Kendall tau-b of two score or rank vectors, corrected for ties, O(n log n) (Knight 1966); NULL when either input is constant';

CREATE FUNCTION ws_similarity(a float8[], b float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_ws_similarity_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION ws_similarity(float8[], float8[]) IS
'WS rank similarity coefficient (Salabun & Urbaniak 2020) of ranking b against reference ranking a; inputs are rankings (ranks 1..n, 1 = best), not scores; top positions weigh most; not symmetric';
