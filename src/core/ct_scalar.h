/*
 * ct_scalar.h
 *		Scalar building blocks: normalisation, quantification of qualitative
 *		levels, simple additive weighting and tier lookup.
 *
 * Every function here is allocation-free and safe to call per row.
 * Callers guarantee finite inputs (the glue checks NaN and Infinity once);
 * the functions check the relations between their parameters.
 */
#ifndef CT_SCALAR_H
#define CT_SCALAR_H

#include <stddef.h>

#include "ct_error.h"

typedef enum ct_direction
{
	CT_BENEFIT = 0,				/* larger is better */
	CT_COST = 1					/* smaller is better */
} ct_direction;

/* Parse 'benefit' / 'cost' (case-insensitive, surrounding blanks ignored). */
extern ct_code ct_parse_direction(const char *s, size_t len, ct_direction *out,
								  ct_error *e);

/*
 * Min-max normalisation to [0,1], clamped outside [lo,hi].
 * lo must not exceed hi.  When lo == hi the range is degenerate: a value at
 * the range scores 1 (the indicator cannot tell customers apart, so it gives
 * everyone the same full credit); values beyond it clamp as usual.
 */
extern ct_code ct_normalize(double x, double lo, double hi, ct_direction dir,
							double *out, ct_error *e);

/* Check that lo <= best_lo <= best_hi <= hi. */
extern ct_code ct_check_target(double lo, double hi, double best_lo,
							   double best_hi, ct_error *e);

/*
 * Interval (target-type) indicator: 1 inside [best_lo,best_hi], falling
 * linearly to 0 at lo and at hi, 0 outside [lo,hi].  Parameters must pass
 * ct_check_target (this function checks them too).
 */
extern ct_code ct_normalize_target(double x, double lo, double hi,
								   double best_lo, double best_hi,
								   double *out, ct_error *e);

/* Score of level i of n when no explicit scores are given: i/(n-1), 1 if n=1. */
extern double ct_quantify_even(int i, int n);

/* Simple additive weighting: sum of v[j]*w[j]. */
extern double ct_weighted_sum(const double *v, const double *w, int n);

/* Weights must be >= 0 with a positive sum. */
extern ct_code ct_check_weights(const double *w, int n, const char *what,
								ct_error *e);

/* Tier cut points must be strictly ascending. */
extern ct_code ct_check_cuts(const double *cuts, int n, ct_error *e);

/*
 * Band of a score among ascending cuts: 0 below cuts[0], i when
 * cuts[i-1] <= score < cuts[i], n at or above cuts[n-1].  Binary search.
 */
extern int	ct_tier_index(double score, const double *cuts, int n);

#endif							/* CT_SCALAR_H */
