/*
 * ct_eigen.h
 *		Eigen-decomposition of a small real symmetric matrix by the cyclic
 *		Jacobi method (used by pca_weights on a correlation matrix).
 *
 * Jacobi is slow for large n (O(n^3) per sweep) but simple, deterministic and
 * accurate to working precision, which suits the k <= 256 indicators of an
 * indicator_stats state.
 */
#ifndef CT_EIGEN_H
#define CT_EIGEN_H

#include "ct_error.h"

#define CT_EIGEN_MAX_SWEEPS 100

/*
 * a: n x n symmetric, row-major; overwritten.  On success evals[0..n-1] hold
 * the eigenvalues in descending order (ties keep the lower original index
 * first) and column i of vecs (row-major n x n, vecs[r*n + i]) is a unit
 * eigenvector of evals[i], its sign chosen so that its largest-magnitude
 * component is positive.  scratch needs n doubles.
 * CT_ENOCONV if the off-diagonal mass is still above tolerance after
 * CT_EIGEN_MAX_SWEEPS sweeps.
 */
extern ct_code ct_eigen_symmetric(double *a, int n, double *evals,
								  double *vecs, double *scratch,
								  ct_error *e);

#endif							/* CT_EIGEN_H */
