/*
 * ct_sort.h
 *		A fast sort of doubles for the quantile sketch's levels (ct_sketch.c).
 *
 * The result is exactly that of a stable sort by "<": ascending, and values
 * that compare equal keep their input order.  For finite doubles only -0.0
 * and +0.0 are equal with different bits, so this fixes where each zero
 * lands.  NaN is not supported (the sketch refuses it).
 */
#ifndef CT_SORT_H
#define CT_SORT_H

#include <stddef.h>

/*
 * Sort v[0..n) in place; tmp is scratch of n doubles (its contents are
 * overwritten).  Already sorted input costs one pass; input made of a few
 * ascending runs is merged in O(n log runs); anything else is an LSD radix
 * sort on the order-preserving 64-bit key of each value.
 */
extern void ct_sort_doubles(double *v, size_t n, double *tmp);

#endif							/* CT_SORT_H */
