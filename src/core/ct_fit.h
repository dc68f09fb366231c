/*
 * ct_fit.h
 *		The arithmetic of fit(model, source) between its scans: indicator
 *		weights within each dimension (expert, objective or a blend), the
 *		final dimension weights, the global weights and the grey relational
 *		delta_max; and the tie fix of the tier cut points.
 *
 * These reproduce the PL/pgSQL of src/sql/130_model_fit.sql bit for bit
 * (the same float8 operations in the same order; see ct_fit.c), for 1 to
 * CT_FIT_MAX_DIM dimensions instead of the fixed five.  The caller reports
 * the warnings (dim_no_info, dim_no_indicator, moved cuts) and stores the
 * results.
 */
#ifndef CT_FIT_H
#define CT_FIT_H

#include <stdbool.h>

#include "ct_error.h"

#define CT_FIT_MAX_DIM 16

typedef enum ct_fit_weighting
{
	CT_FIT_EXPERT = 0,
	CT_FIT_OBJECTIVE,
	CT_FIT_BLEND
} ct_fit_weighting;

typedef struct ct_fit_weight_in
{
	int			n_ind;			/* 1..CT_MAX_VECTOR */
	int			n_dim;			/* 1..CT_FIT_MAX_DIM */
	const int  *dim;			/* per indicator: dimension index 0..n_dim-1 */
	const double *expert;		/* per indicator expert weight; NaN = none
								 * (counts as 0) */
	const double *objective;	/* per indicator raw objective weight
								 * (entropy/critic/stddev/pca); NaN = none
								 * (0); may be NULL for CT_FIT_EXPERT */
	const bool *constant;		/* per indicator: constant or all-NULL in the
								 * population (gets weight 0) */
	const double *ideal;		/* per indicator: population max of the
								 * normalised value */
	const double *anti;			/* per indicator: population min */
	const double *dim_weight;	/* n_dim dimension weights (given or AHP),
								 * >= 0 */
	ct_fit_weighting weighting;
	double		blend_alpha;	/* CT_FIT_BLEND: weight of the expert part */
} ct_fit_weight_in;

typedef struct ct_fit_weight_out
{
	double	   *subjective;		/* n_ind: expert weight / sum of expert
								 * weights in its dimension (0 when that sum
								 * is 0) */
	double	   *weight;			/* n_ind: weight within its dimension (sums
								 * to 1 per dimension with indicators) */
	double	   *global;			/* n_ind: final dimension weight x weight */
	double	   *objective;		/* n_ind: objective weights normalised over
								 * ALL indicators (what fit reports); all 0
								 * when !has_objective */
	bool		has_objective;	/* false when all objective weights are 0
								 * (fit stores NULL) */
	double	   *dim_weight;		/* n_dim: final dimension weights, summing
								 * to 1 */
	bool	   *dim_present;	/* n_dim: the dimension has at least one
								 * indicator */
	bool	   *dim_no_info;	/* n_dim: had weight > 0, has indicators but
								 * all their weights are 0 (warning "carries
								 * no information"); its indicators get equal
								 * weights and its weight becomes 0 */
	bool	   *dim_no_indicator;	/* n_dim: had weight > 0 but no indicator
									 * (warning) */
	double		grey_delta_max; /* max over indicators with global > 0 of
								 * ideal - anti (0 if none) */
} ct_fit_weight_out;

/*
 * Caller allocates every out array.  CT_EINVAL "no indicator separates the
 * customers" when the final dimension weights sum to 0 (detail: every
 * weighted indicator is constant or has weight 0).  The inputs are checked
 * first: n_ind 1..CT_MAX_VECTOR, n_dim 1..CT_FIT_MAX_DIM (CT_ELIMIT above
 * the limits), dimension indexes in range, blend_alpha in [0, 1] (checked
 * for CT_FIT_BLEND only), expert and objective weights non-negative and
 * finite or NaN, dimension weights non-negative and finite, ideal and anti
 * finite with anti <= ideal (CT_EINVAL).  CT_ERANGE "value out of range:
 * overflow" / "underflow" where the PL/pgSQL's float8 arithmetic raises it.
 */
extern ct_code ct_fit_weights(const ct_fit_weight_in *in,
							  ct_fit_weight_out *out, ct_error *e);

/*
 * Tier cut points from the population: make cuts strictly ascending by
 * moving a cut that is <= its predecessor to predecessor + 1e-9 (exactly as
 * the PL/pgSQL does, in place, in order; comparisons order NaN above every
 * number, as float8 does).  Returns the number of cuts moved.
 */
extern int	ct_fit_fix_cuts(double *cuts, int n_cuts);

/*
 * The same, and moved[i] (n_cuts flags; may be NULL) tells whether cut i
 * (0-based) moved, so the caller can warn, in order, about the tier the
 * PL/pgSQL names for it: tier_labels[i + 1] in SQL's 1-based subscripts.
 */
extern int	ct_fit_fix_cuts_marked(double *cuts, int n_cuts, bool *moved);

#endif							/* CT_FIT_H */
