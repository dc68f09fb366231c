/*
 * ct_rank.h
 *		Agreement of two rankings: Spearman's rho (average ranks for ties),
 *		Kendall's tau-b in O(n log n) (Knight 1966) and the WS coefficient of
 *		Salabun & Urbaniak (2020).
 *
 * Inputs are finite (the glue checks NaN and Infinity) and 2 <= n <=
 * CT_MAX_RANK_N.  Nothing here allocates: the sorts work in scratch buffers
 * the caller provides, sized as each prototype states.
 */
#ifndef CT_RANK_H
#define CT_RANK_H

#include <stdint.h>

#include "ct_error.h"

/*
 * Average ranks of x: the smallest value gets rank 1, and tied values share
 * the mean of the positions they occupy (1, 2.5, 2.5, 4, ...).  ranks gets n
 * values; order and tmp are int[n] scratch.  The sort is a stable merge
 * sort, so the result is deterministic.  n >= 0.
 */
extern void ct_average_ranks(const double *x, int n, double *ranks,
							 int *order, int *tmp);

/*
 * Spearman's rank correlation: Pearson's correlation of the average ranks
 * of a and b.  Scratch: ranks_a and ranks_b double[n], order and tmp int[n].
 * When either input is constant the coefficient is undefined: *defined is
 * set to 0 and *rho to 0.  Otherwise *defined is 1 and -1 <= *rho <= 1.
 */
extern ct_code ct_spearman(const double *a, const double *b, int n,
						   double *ranks_a, double *ranks_b,
						   int *order, int *tmp,
						   double *rho, int *defined, ct_error *e);

/*
 * Kendall's tau-b with Knight's (1966) O(n log n) algorithm: sort by (a, b),
 * count the exchanges a merge sort by b makes (the discordant pairs), and
 * correct for ties in a, in b and in both:
 *   tau_b = (n0 - n1 - n2 + n3 - 2 swaps) / sqrt((n0 - n1) (n0 - n2)),
 * n0 = n(n-1)/2, n1 / n2 = pairs tied in a / b, n3 = pairs tied in both.
 * Scratch: order and tmp int[n].  Undefined (*defined = 0, *tau = 0) when
 * either input is constant.
 */
extern ct_code ct_kendall_tau_b(const double *a, const double *b, int n,
								int *order, int *tmp,
								double *tau, int *defined, ct_error *e);

/*
 * The counts behind tau-b, exposed for tests: pairs tied in a (n1), tied in
 * b (n2), tied in both (n3) and discordant (swaps).  Same scratch as above.
 */
typedef struct ct_kendall_counts
{
	int64_t		n0;				/* n(n-1)/2 */
	int64_t		ties_a;			/* n1 */
	int64_t		ties_b;			/* n2 */
	int64_t		ties_ab;		/* n3 */
	int64_t		discordant;		/* swaps of the merge sort by b */
} ct_kendall_counts;

extern void ct_kendall_count(const double *a, const double *b, int n,
							 int *order, int *tmp, ct_kendall_counts *c);

/*
 * WS similarity coefficient of Salabun & Urbaniak (2020):
 *   WS = 1 - sum_i 2^(-x_i) |x_i - y_i| / max(|x_i - 1|, |x_i - n|),
 * where x is the reference ranking and y the compared one, both given as
 * ranks (1 = best), each between 1 and n (fractional ranks of ties are
 * allowed).  Not symmetric: the weight 2^(-x_i) follows the reference.
 */
extern ct_code ct_ws_similarity(const double *x, const double *y, int n,
								double *ws, ct_error *e);

#endif							/* CT_RANK_H */
