/*
 * ct_objweights.h
 *		Objective indicator weights: CRITIC, standard deviation and PCA
 *		weights from an indicator_stats state, the mergeable state of the
 *		entropy_weights aggregate, and the mergeable state of Kendall's W.
 *
 * Conventions shared by the weights computed from a state: an indicator
 * whose values do not vary (max = min, or fewer than two values) carries no
 * information, gets weight 0 and is left out of every other indicator's
 * computation; the caller reports it (a NOTICE).  When no indicator carries
 * information the weights are undefined (*ninfo = 0, w all 0).
 */
#ifndef CT_OBJWEIGHTS_H
#define CT_OBJWEIGHTS_H

#include <stdint.h>

#include "ct_error.h"
#include "ct_stats.h"

/*
 * CRITIC (Diakoulaki, Mavrotas and Papayannakis 1995): sigma_j is the sample
 * standard deviation of the min-max normalised values (sigma_raw / (max -
 * min)), r the complete-row Pearson correlation, C_j = sigma_j sum_l (1 -
 * r_jl) over informative l, w = C / sum C.  If every informative C_j is 0
 * (all informative indicators perfectly correlated, or only one) the
 * informative indicators share the weight equally.
 * constant[k] receives 1 for the indicators left out; *ninfo the number
 * kept.  scratch: 2 k^2 doubles + k^2 bytes (see ct_objweights.c).
 * CT_EINVAL if there are fewer than two complete rows.
 */
extern ct_code ct_critic_weights(const ct_stats *s, double *w,
								 unsigned char *constant, int *ninfo,
								 double *scratch, unsigned char *bscratch,
								 ct_error *e);

/*
 * Standard-deviation weights w_j = sigma_j / sum sigma: with range_scaled,
 * sigma_j = sigma_raw / (max - min) (the CRITIC contrast term); without,
 * sigma_j = sigma_raw (for values already on a common scale).
 */
extern void ct_stddev_weights(const ct_stats *s, int range_scaled, double *w,
							  unsigned char *constant, int *ninfo);

/*
 * PCA weights: eigen-decompose the correlation matrix R of the informative
 * indicators; keep the first p components (eigenvalues descending) whose
 * cumulative share of trace(R) first reaches variance_share, extended over
 * any eigenvalue tied with the p-th; w_j = sum_{i<p} lambda_i u_ij^2 /
 * sum_{i<p} lambda_i (squared loadings weighted by explained variance; sums
 * to 1).  *ncomp receives p.  scratch: 3 k^2 + 2 k doubles + k^2 bytes.
 */
extern ct_code ct_pca_weights(const ct_stats *s, double variance_share,
							  double *w, unsigned char *constant, int *ninfo,
							  int *ncomp, double *scratch,
							  unsigned char *bscratch, ct_error *e);

/*
 * entropy_weights state (a float8[] in SQL):
 *	[0] CT_ENTROPY_TAG, [1] k, then per column j: n_j, X_j = sum x,
 *	S_j = sum x ln x (0 ln 0 = 0), min_j, max_j.
 */
#define CT_ENTROPY_TAG 20241.0
#define CT_ENTROPY_MAX_COLS CT_STATS_MAX_COLS

static inline int
ct_entropy_len(int k)
{
	return 2 + 5 * k;
}

extern void ct_entropy_init(double *st, int k);
/* present and x as in ct_stats_add_row; negative or non-finite: CT_EINVAL */
extern ct_code ct_entropy_add_row(double *st, const double *x,
								  const uint8_t *present, ct_error *e);
extern void ct_entropy_merge(double *a, const double *b);
/* Check a state of len doubles; *k receives its column count. */
extern ct_code ct_entropy_validate(const double *st, int len, int *k,
								   ct_error *e);

/*
 * E_j = -(S_j/X_j - ln X_j) / ln n_j (= -sum p ln p / ln n with p = x/X),
 * clamped to [0, 1]; w = (1 - E) / sum (1 - E).  A column with fewer than
 * two values or max = min (all values equal, all zeros included) has E = 1,
 * weight 0 and is flagged in constant[].  *ninfo = columns with 1 - E > 0.
 */
extern void ct_entropy_weights(const double *st, double *w,
							   unsigned char *constant, int *ninfo);

/*
 * kendall_w state (a float8[] in SQL), m rankings of n objects (one object
 * per row):
 *	[0] CT_KENDALL_TAG, [1] m, [2] n, [3] mean of R_i, [4] M2 of R_i
 *	(R_i = sum of row i's ranks), then per ranking j: sum r_ij, sum r_ij^2.
 */
#define CT_KENDALL_TAG 20242.0
#define CT_KENDALL_MAX_M CT_STATS_MAX_COLS

static inline int
ct_kendall_len(int m)
{
	return 5 + 2 * m;
}

extern void ct_kendall_init(double *st, int m);
/* r: m finite ranks >= 1 (CT_EINVAL otherwise) */
extern ct_code ct_kendall_add_row(double *st, const double *r, ct_error *e);
extern void ct_kendall_merge(double *a, const double *b);
extern ct_code ct_kendall_validate(const double *st, int len, int *m,
								   ct_error *e);

/*
 * The kendall_w state of the complete rows of an indicator_stats state s of
 * k = m rankings (2..CT_KENDALL_MAX_M): n = complete rows, sum r_j = n
 * cmean_j, sum r_j^2 = C_jj + n cmean_j^2, and the M2 of R_i = sum_jl C_jl
 * (the co-moments), so that fit's concordance scan needs the ranks once
 * (for indicator_stats, which also gives the Spearman matrix).  Equal to
 * accumulating the same rows with ct_kendall_add_row up to rounding.
 */
extern void ct_kendall_from_stats(const ct_stats *s, double *st);

/*
 * W = 12 S / (m^2 (n^3 - n) - m sum_j T_j) with S = sum (R_i - mean R)^2
 * and the tie term T_j = sum over tie groups (t^3 - t), recovered from the
 * sum of squared average ranks: T_j = 12 (n(n+1)(2n+1)/6 - sum r_ij^2).
 * Each ranking's ranks must sum to n(n+1)/2 (ranks 1..n with average ranks
 * for ties): CT_EINVAL otherwise.  *defined = 0 when n < 2 or every ranking
 * is all ties (denominator 0).
 */
/*
 * ct_kendall_w without the check that each method's ranks sum to
 * n (n + 1) / 2 (exact = false): for ranks estimated from a quantile sketch
 * (fit, doc/sketch.md).
 */
extern ct_code ct_kendall_w_ranks(const double *st, int exact, double *w,
								  int *defined, ct_error *e);
extern ct_code ct_kendall_w(const double *st, double *w, int *defined,
							ct_error *e);

#endif							/* CT_OBJWEIGHTS_H */
