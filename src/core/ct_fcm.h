/*
 * ct_fcm.h
 *		Fuzzy c-means (Bezdek 1981) in the engine-free core: memberships of
 *		a point given the centres, the per-iteration sufficient statistics
 *		(sums per cluster, so one iteration is a mergeable aggregate), and
 *		deterministic, order-independent k-means++ seeding.  Formulas:
 *		doc/dea_fcm.md.
 *
 * With squared distances d_c = |x - v_c|^2 and fuzzifier m > 1:
 *		u_c = 1 / sum_j (d_c / d_j)^(1/(m-1))
 * (a point on one or more centres belongs to them in equal shares), and an
 * iteration's new centres are v_c = sum_i u_ic^m x_i / sum_i u_ic^m.
 */
#ifndef CT_FCM_H
#define CT_FCM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"

#define CT_FCM_VERSION	1		/* text and binary format of fcm_stats */
#define CT_FCM_MAX_K	64		/* clusters */
#define CT_FCM_MAX_DIM	256		/* coordinates of a point */
#define CT_FCM_MAX_ABS	1e150	/* largest coordinate (squared distances stay finite) */

/*
 * The state of one iteration, a flat block of doubles:
 *	[0] m, [1] rows, [2] objective sum_i sum_c u^m d,
 *	size[k] sum_i u_ic, w[k] sum_i u_ic^m, s[k*d] sum_i u_ic^m x_i,
 *	centres[k*d] the centres the memberships were computed against.
 */
typedef struct ct_fcm
{
	int			k;
	int			d;
	double	   *m;
	double	   *rows;
	double	   *objective;
	double	   *size;
	double	   *w;
	double	   *s;
	double	   *centres;
} ct_fcm;

static inline size_t
ct_fcm_ndoubles(int k, int d)
{
	return 3 + 2 * (size_t) k + 2 * (size_t) k * d;
}

/* Point a view at a block. */
extern void ct_fcm_view(ct_fcm *s, double *block, int k, int d);

/* Check a fuzzifier: finite and > 1. */
extern ct_code ct_fcm_check_m(double m, ct_error *e);

/* Check a point: d finite values within +-CT_FCM_MAX_ABS. */
extern ct_code ct_fcm_check_point(const double *x, int d, const char *what,
								  ct_error *e);

/* Check centres: k x d values as ct_fcm_check_point, no two identical. */
extern ct_code ct_fcm_check_centres(const double *centres, int k, int d,
									ct_error *e);

/* An empty state for these centres and m (both checked). */
extern void ct_fcm_init(ct_fcm *s, const double *centres, double m);

/*
 * Memberships u (k values summing to 1) of x against the centres, and the
 * squared distances (dist, k values, may be NULL).
 */
extern void ct_fcm_membership(const double *x, int d, const double *centres,
							  int k, double m, double *u, double *dist);

/* The nearest centre (the largest membership, whatever m); ties: the first. */
extern int	ct_fcm_nearest(const double *x, int d, const double *centres,
						   int k);

/* Add one point (d finite values; checked here).  u is k doubles of scratch. */
extern ct_code ct_fcm_add(ct_fcm *s, const double *x, double *scratch,
						  ct_error *e);

/* Merge b into a: same k, d, m and the very same centres, else CT_EINVAL. */
extern ct_code ct_fcm_merge(ct_fcm *a, const ct_fcm *b, ct_error *e);

/*
 * The next centres (k x d): sum u^m x / sum u^m; a cluster without weight
 * keeps its centre (*empty counts them, may be NULL).  Returns the largest
 * change of a coordinate.
 */
extern double ct_fcm_next_centres(const ct_fcm *s, double *out, int *empty);

/* Consistency of a block (after parsing or receiving one). */
extern ct_code ct_fcm_validate(const ct_fcm *s, ct_error *e);

/*
 * Text form, version 1:
 *	v1;k=3;d=2;m=2;rows=..;objective=..;size=..;w=..;s=..;centres=..
 * shortest exact floats; as ct_stats_format.
 */
extern size_t ct_fcm_format(const ct_fcm *s, char *buf, size_t buflen);
extern ct_code ct_fcm_parse_header(const char *text, int *k, int *d,
								   ct_error *e);
extern ct_code ct_fcm_parse(const char *text, ct_fcm *s, ct_error *e);

/* ---- seeding ---- */

/*
 * k-means++ (Arthur and Vassilvitskii 2007) made order-independent: pass t
 * picks, among the points at positive distance from the t centres chosen
 * so far, the one with the largest key ln(u)/w (Efraimidis and Spirakis
 * 2006 weighted sampling), w = squared distance to the nearest chosen
 * centre (1 in pass 0) and u in (0, 1) a hash of the point's coordinates,
 * the seed and t.  Equal points hash alike, so each distinct point is one
 * candidate.  Returns false when the point cannot be picked (w = 0).
 */
extern bool ct_fcm_seed_key(const double *x, int d, const double *centres,
							int t, int64_t seed, double *key);

/*
 * Whether candidate (key_a, a) wins over (key_b, b): the larger key, ties
 * to the lexicographically larger point.
 */
extern bool ct_fcm_seed_better(double key_a, const double *a, double key_b,
							   const double *b, int d);

#endif							/* CT_FCM_H */
