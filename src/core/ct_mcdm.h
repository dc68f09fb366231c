/*
 * ct_mcdm.h
 *		Multi-criteria evaluation of one alternative (one customer) against
 *		population reference points: TOPSIS, grey relational grade, VIKOR.
 *
 * Formulas are pinned by design.md (layer 1).  Inputs are finite (the glue
 * checks NaN and Infinity); lengths are n >= 1.  Weights must be >= 0 with a
 * positive sum (ct_check_weights in ct_scalar.h).  Allocation-free: safe to
 * call per row.
 */
#ifndef CT_MCDM_H
#define CT_MCDM_H

#include "ct_error.h"

/*
 * TOPSIS closeness C = D- / (D+ + D-), with
 * D+ = sqrt(sum (w_j (v_j - ideal_j))^2), D- likewise against anti_ideal.
 * v, ideal and anti_ideal are normalised, unweighted values.
 */
extern ct_code ct_topsis(const double *v, const double *w,
						 const double *ideal, const double *anti_ideal,
						 int n, double *closeness, ct_error *e);

/*
 * Grey relational grade: delta_j = |reference_j - v_j|,
 * xi_j = (delta_min + rho delta_max) / (delta_j + rho delta_max),
 * grade = sum w_j xi_j / sum w_j.  delta_min/delta_max are the population's;
 * 0 < rho <= 1, 0 <= delta_min <= delta_max, delta_max > 0.
 */
extern ct_code ct_grey_relational_grade(const double *v, const double *w,
										const double *reference, int n,
										double delta_min, double delta_max,
										double rho, double *grade,
										ct_error *e);

/*
 * VIKOR group utility S and individual regret R:
 * d_j = w_j (best_j - v_j) / (best_j - worst_j); S = sum d_j; R = max d_j.
 */
extern ct_code ct_vikor_sr(const double *v, const double *w,
						   const double *best, const double *worst, int n,
						   double *s, double *r, ct_error *e);

/*
 * VIKOR compromise index
 * Q = v (S - S*) / (S- - S*) + (1 - v) (R - R*) / (R- - R*), 0 <= v <= 1.
 */
extern ct_code ct_vikor_q(double s, double r, double s_best, double s_worst,
						  double r_best, double r_worst, double v, double *q,
						  ct_error *e);

#endif							/* CT_MCDM_H */
