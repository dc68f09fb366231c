/*
 * ct_fuzzy.h
 *		Fuzzy comprehensive evaluation: triangular membership over grade
 *		centres, the composition B = W o R with four operators, and
 *		defuzzification.  Allocation-free: safe to call per row.
 */
#ifndef CT_FUZZY_H
#define CT_FUZZY_H

#include <stddef.h>

#include "ct_error.h"

typedef enum ct_fuzzy_op
{
	CT_FUZZY_WEIGHTED_AVERAGE = 0,	/* M(., +) 'weighted_average' */
	CT_FUZZY_MIN_MAX,			/* M(min, max) 'min_max' */
	CT_FUZZY_PRODUCT_MAX,		/* M(., max) 'product_max' */
	CT_FUZZY_MIN_SUM			/* M(min, +) 'min_sum' */
} ct_fuzzy_op;

extern ct_code ct_fuzzy_parse_operator(const char *s, size_t len,
									   ct_fuzzy_op *op, ct_error *e);

/*
 * Triangular partition over k strictly ascending grade centres: k
 * memberships summing to 1 (all weight on the first / last centre outside
 * the centres' span).
 */
extern ct_code ct_fuzzy_membership(double x, const double *centres, int k,
								   double *out, ct_error *e);

/*
 * B = W o R: w has m weights, r is the m x k membership matrix (row-major),
 * b receives k grades.
 */
extern ct_code ct_fuzzy_evaluate(const double *w, int m, const double *r,
								 int k, ct_fuzzy_op op, double *b,
								 ct_error *e);

/*
 * The factor ct_fuzzy_evaluate multiplies the weights by before the
 * composition: 1 when they sum to 1 within 1e-9 (textbook weights are used
 * as given), else 1 / sum.  wsum is their sum (positive and finite).
 */
extern double ct_fuzzy_weight_scale(double wsum);

/* Defuzzify: sum b_i g_i / sum b_i. */
extern ct_code ct_fuzzy_score(const double *b, const double *grade_values,
							  int k, double *score, ct_error *e);

#endif							/* CT_FUZZY_H */
