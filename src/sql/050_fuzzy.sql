-- Layer 1: fuzzy comprehensive evaluation: triangular membership over grade
-- centres, the composition B = W o R, defuzzification.  See doc/ahp_fuzzy.md.

CREATE FUNCTION fuzzy_membership(x float8, breakpoints float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fuzzy_membership_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION fuzzy_membership(float8, float8[]) IS
'triangular fuzzy partition: memberships of x in k grades centred at strictly ascending breakpoints, summing to 1 (all in the first or last grade outside the centres)';

CREATE FUNCTION fuzzy_evaluate(w float8[], membership float8[][])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fuzzy_evaluate_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fuzzy_evaluate(w float8[], membership float8[][], operator text)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fuzzy_evaluate_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION fuzzy_evaluate(float8[], float8[]) IS
'fuzzy comprehensive evaluation B = W o R with the weighted-average operator M(*,+): w one weight per factor (rescaled to sum 1), membership the factors x grades matrix in [0,1]; B not normalised';
COMMENT ON FUNCTION fuzzy_evaluate(float8[], float8[], text) IS
'fuzzy comprehensive evaluation B = W o R: operator ''weighted_average'' M(*,+), ''min_max'' M(min,max), ''product_max'' M(*,max) or ''min_sum'' M(min,bounded +); w rescaled to sum 1; B not normalised';

CREATE FUNCTION fuzzy_score(grades float8[], grade_values float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_fuzzy_score_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION fuzzy_score(float8[], float8[]) IS
'defuzzified score of a grade vector: sum(b_i * g_i) / sum(b_i); grades non-negative, not all zero';
