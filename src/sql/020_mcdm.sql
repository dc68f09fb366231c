-- Layer 1: multi-criteria evaluation of one alternative (one customer)
-- against population reference points: TOPSIS, grey relational grade, VIKOR.
-- Reference: doc/mcdm.md.

CREATE FUNCTION topsis(v float8[], w float8[], ideal float8[], anti_ideal float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_topsis_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION topsis(float8[], float8[], float8[], float8[]) IS
'TOPSIS relative closeness D-/(D+ + D-), D± = sqrt(sum (w_j (v_j - a_j))^2) against the ideal and anti-ideal points; v, ideal, anti_ideal normalised and unweighted; 1 when D+ = 0';

CREATE FUNCTION grey_relational_grade(v float8[], w float8[], reference float8[],
									  delta_min float8, delta_max float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_grey_relational_grade_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION grey_relational_grade(v float8[], w float8[], reference float8[],
									  delta_min float8, delta_max float8, rho float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_grey_relational_grade_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION grey_relational_grade(float8[], float8[], float8[], float8, float8) IS
'grey relational grade with rho = 0.5: sum w_j xi_j / sum w_j, xi_j = (delta_min + rho delta_max)/(|reference_j - v_j| + rho delta_max); delta_min, delta_max over the population';
COMMENT ON FUNCTION grey_relational_grade(float8[], float8[], float8[], float8, float8, float8) IS
'grey relational grade: sum w_j xi_j / sum w_j, xi_j = (delta_min + rho delta_max)/(|reference_j - v_j| + rho delta_max); delta_min, delta_max over the population; 0 < rho <= 1';

CREATE FUNCTION vikor(v float8[], w float8[], best float8[], worst float8[],
					  OUT s float8, OUT r float8)
RETURNS record
AS 'MODULE_PATHNAME', 'ct_vikor_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vikor(float8[], float8[], float8[], float8[]) IS
'VIKOR group utility s = sum d_j and individual regret r = max d_j, d_j = w_j (best_j - v_j)/(best_j - worst_j); a criterion with best_j = worst_j gives d_j = 0';

CREATE FUNCTION vikor_q(s float8, r float8, s_best float8, s_worst float8,
						r_best float8, r_worst float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_vikor_q_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION vikor_q(s float8, r float8, s_best float8, s_worst float8,
						r_best float8, r_worst float8, v float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_vikor_q_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vikor_q(float8, float8, float8, float8, float8, float8) IS
'VIKOR compromise index with v = 0.5: Q = v (s - s_best)/(s_worst - s_best) + (1 - v)(r - r_best)/(r_worst - r_best); a term with an empty population range is 0; smaller is better';
COMMENT ON FUNCTION vikor_q(float8, float8, float8, float8, float8, float8, float8) IS
'VIKOR compromise index: Q = v (s - s_best)/(s_worst - s_best) + (1 - v)(r - r_best)/(r_worst - r_best), 0 <= v <= 1; a term with an empty population range is 0; smaller is better';
