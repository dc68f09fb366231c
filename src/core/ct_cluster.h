/*
 * ct_cluster.h
 *		Indicator screening: agglomerative clustering of indicators on the
 *		distance 1 - |r| and one representative per cluster (the seeds'
 *		"clustering + correlation coefficient" selection).
 *
 * Linkage and cut: complete linkage, cut at height 1 - threshold.  Clusters
 * are merged while some pair of clusters has every cross pair with
 * |r| >= threshold (the closest pair first; ties to the lowest indices), so
 * every two indicators of one cluster correlate with |r| >= threshold.
 * Representative: the member with the largest mean r^2 with the other
 * members of its cluster (ties: the earlier indicator); a singleton
 * represents itself.  Constant indicators (no defined correlation) form
 * clusters of their own and represent nothing.
 */
#ifndef CT_CLUSTER_H
#define CT_CLUSTER_H

#include "ct_error.h"

/*
 * r, defined: k x k correlations (ct_stats_correlation); 0 < threshold <= 1.
 * Out: cluster[k] numbered 1.. in order of each cluster's first indicator;
 * representative[k] 0/1; max_abs[k] the largest |r| with any other
 * indicator (has_max[k] = 0 when none is defined).  scratch: k^2 doubles +
 * 2 k ints.
 */
extern ct_code ct_cluster_screen(const double *r, const unsigned char *defined,
								 int k, double threshold, int *cluster,
								 unsigned char *representative,
								 double *max_abs, unsigned char *has_max,
								 double *scratch, int *iscratch,
								 ct_error *e);

#endif							/* CT_CLUSTER_H */
