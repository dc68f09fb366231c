/*
 * ct_validate.h
 *		Checking a score and its tiers against an observed binary outcome
 *		(churned, disputed, ...): the exact area under the ROC curve with
 *		DeLong's confidence interval, Wilson score intervals of outcome
 *		rates, lift against the base rate, and whether the rates of an
 *		ordered tier scheme are monotone.
 *
 * Nothing here allocates: the caller provides scratch buffers of the sizes
 * each prototype states.  Used by validate() (src/pg/ct_validate_pg.c) and
 * roc_auc(); the formulas and their sources are in doc/outcomes.md.
 */
#ifndef CT_VALIDATE_H
#define CT_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>

#include "ct_error.h"

/* standard normal 0.975 quantile: two-sided 95 % intervals */
#define CT_VALIDATE_Z95		1.959963984540054

/*
 * Area under the ROC curve of a score for a binary outcome, with DeLong's
 * variance.  auc is NaN when there is no positive or no negative; se,
 * ci_low and ci_high are NaN unless there are at least two of each.
 */
typedef struct ct_auc
{
	int64_t		positives;
	int64_t		negatives;
	double		auc;
	double		se;
	double		ci_low;
	double		ci_high;
} ct_auc;

/*
 * The exact AUC of score for y (y[i] != 0 is a positive) over n rows: the
 * Mann-Whitney statistic with average ranks for tied scores,
 *   AUC = (R+ - m(m+1)/2) / (m k),
 * R+ the rank sum of the m positives among all n = m + k rows, that is the
 * probability that a random positive scores above a random negative, ties
 * counting one half.  The 95 % interval (normal quantile z) is Wald's on
 * DeLong, DeLong and Clarke-Pearson's (1988) variance, computed from the
 * placement values as Sun and Xu (2014) do:
 *   V10_i = (rank of positive i among all - its rank among positives) / k
 *   V01_j = 1 - (rank of negative j among all - its rank among negatives) / m
 *   var = s2(V10) / m + s2(V01) / k     (s2: sample variance, n - 1)
 * and clipped to [0, 1].  Scores must be finite (the glue checks).
 * Scratch: dscratch double[3n], iscratch int[2n].  0 <= n <= CT_MAX_RANK_N.
 */
extern ct_code ct_auc_delong(const double *score, const uint8_t *y, int n,
							 double z, double *dscratch, int *iscratch,
							 ct_auc *out, ct_error *e);

/*
 * Wilson's score interval for k successes in n trials at normal quantile z
 * (Wilson 1927; Newcombe 1998, method 3, without continuity correction).
 * NaN bounds when n = 0; exactly 0 / 1 at k = 0 / k = n.
 */
extern void ct_wilson_interval(int64_t k, int64_t n, double z,
							   double *lo, double *hi);

/* One label of a grouping (a tier, a classification label). */
typedef struct ct_group_stat
{
	int64_t		n;				/* customers with the label and a known outcome */
	int64_t		k;				/* of them with the outcome */
	double		rate;			/* k / n, NaN when n = 0 */
	double		ci_low;			/* Wilson 95 % interval, NaN when n = 0 */
	double		ci_high;
	double		lift;			/* rate / base rate, NaN when n = 0 or base = 0 */
} ct_group_stat;

/*
 * Fill rate, interval and lift of each of n_labels labels whose n and k are
 * set, against the base rate total_k / total_n.
 */
extern void ct_group_stats(ct_group_stat *g, int n_labels, int64_t total_n,
						   int64_t total_k, double z);

/*
 * Whether the outcome rates of labels in their scheme's order (lowest tier
 * first) never go up or never go down, skipping empty labels: equal
 * neighbours are allowed; fewer than two non-empty labels are monotone.
 */
extern bool ct_rates_monotone(const ct_group_stat *g, int n_labels);

#endif							/* CT_VALIDATE_H */
