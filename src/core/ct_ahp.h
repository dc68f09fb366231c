/*
 * ct_ahp.h
 *		Analytic Hierarchy Process: priorities of a pairwise comparison
 *		matrix (principal eigenvector, row geometric means, column-normalised
 *		row means) and Saaty's consistency ratio.
 *
 * Matrices are n x n, row-major, a[i*n + j] = how strongly criterion i
 * dominates criterion j.  The upper triangle holds the judgements; the
 * lower triangle must be their reciprocals within CT_AHP_RECIPROCAL_TOL and
 * is replaced by the exact reciprocals before any computation, so that
 * entries typed as 0.33 for 1/3 do not bias the result.
 *
 * Allocation-free: the caller passes scratch memory of CT_AHP_WORK(n)
 * doubles.
 */
#ifndef CT_AHP_H
#define CT_AHP_H

#include <stddef.h>

#include "ct_error.h"

typedef enum ct_ahp_method
{
	CT_AHP_EIGENVECTOR = 0,		/* principal right eigenvector (Saaty) */
	CT_AHP_GEOMETRIC,			/* normalised row geometric means */
	CT_AHP_ARITHMETIC			/* row means of the column-normalised matrix */
} ct_ahp_method;

/*
 * Relative tolerance of the reciprocity check: |a_ij * a_ji - 1| may not
 * exceed it.  0.05 accepts every reciprocal of Saaty's 1..9 scale typed
 * with two decimals (the worst cases are 0.12 or 0.13 for 1/8, product
 * 0.96 or 1.04) and rejects one-decimal guesses such as 0.3 for 1/3.
 */
#define CT_AHP_RECIPROCAL_TOL	0.05

/* The diagonal must be 1 within this relative tolerance. */
#define CT_AHP_DIAGONAL_TOL		1e-9

/* Power iteration stops when no weight changes by more than this ... */
#define CT_AHP_EIGEN_TOL		1e-12
/* ... and fails (CT_ENOCONV) after this many iterations. */
#define CT_AHP_EIGEN_MAX_ITER	100000

/* Largest order with a published random index (Saaty 1980). */
#define CT_AHP_MAX_RI_ORDER		15

/* Consistency ratio at or below which a matrix is acceptably consistent. */
#define CT_AHP_CR_THRESHOLD		0.1

/* Scratch doubles the functions below need for an n x n matrix. */
#define CT_AHP_WORK(n)			((size_t) (n) * (size_t) (n) + 2 * (size_t) (n))

typedef struct ct_ahp_consistency_result
{
	int			n;
	double		lambda_max;
	double		ci;
	double		ri;
	double		cr;
	int			consistent;		/* 1 when cr <= CT_AHP_CR_THRESHOLD */
} ct_ahp_consistency_result;

/* 'eigenvector', 'geometric', 'arithmetic' (case-insensitive, trimmed). */
extern ct_code ct_ahp_parse_method(const char *s, size_t len,
								   ct_ahp_method *method, ct_error *e);

/*
 * Entries positive, diagonal 1, a_ij * a_ji = 1 within
 * CT_AHP_RECIPROCAL_TOL.  Entries must be finite (the glue checks that).
 */
extern ct_code ct_ahp_check_matrix(const double *a, int n, ct_error *e);

/* out = the upper triangle of a, 1 on the diagonal, exact reciprocals below. */
extern void ct_ahp_reciprocal(const double *a, int n, double *out);

/*
 * Principal eigenvector of a positive n x n matrix by power iteration from
 * the uniform vector: w normalised to sum 1, *lambda = sum_i (A w)_i.  Stops
 * when max_i |w_i - w_i'| < tol; CT_ENOCONV after max_iter iterations.
 * work: n doubles.  *iterations (may be NULL) receives the count used.
 */
extern ct_code ct_ahp_eigen(const double *a, int n, double tol, int max_iter,
							double *w, double *lambda, int *iterations,
							double *work, ct_error *e);

/*
 * Priorities of a pairwise matrix (checked here), summing to 1.
 * work: CT_AHP_WORK(n) doubles.
 */
extern ct_code ct_ahp_weights(const double *a, int n, ct_ahp_method method,
							  double *w, double *work, ct_error *e);

/* Saaty's random index for order n (1..CT_AHP_MAX_RI_ORDER), else -1. */
extern double ct_ahp_random_index(int n);

/*
 * Consistency of a pairwise matrix (checked here): lambda_max of the
 * principal eigenvector, CI = (lambda_max - n)/(n - 1), RI, CR = CI/RI.
 * Orders 1 and 2 are always consistent (CI = CR = 0).  Above
 * CT_AHP_MAX_RI_ORDER there is no published RI: CT_ELIMIT.
 * work: CT_AHP_WORK(n) doubles.
 */
extern ct_code ct_ahp_consistency(const double *a, int n,
								  ct_ahp_consistency_result *out,
								  double *work, ct_error *e);

#endif							/* CT_AHP_H */
