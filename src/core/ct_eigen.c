/*
 * ct_eigen.c
 *		Cyclic Jacobi eigen-decomposition of a symmetric matrix (see
 *		ct_eigen.h).  Rotations follow Rutishauser's stable formulation
 *		(Golub and Van Loan, Matrix Computations, 4th ed., section 8.5).
 */
#include "ct_eigen.h"

#include <math.h>
#include <string.h>

ct_code
ct_eigen_symmetric(double *a, int n, double *evals, double *vecs,
				   double *scratch, ct_error *e)
{
	int			sweep,
				p,
				q,
				r,
				i;
	double		norm = 0;

	for (r = 0; r < n; r++)
		for (i = 0; i < n; i++)
		{
			vecs[r * n + i] = (r == i) ? 1.0 : 0.0;
			norm += a[r * n + i] * a[r * n + i];
		}

	for (sweep = 0;; sweep++)
	{
		double		off = 0;

		for (p = 0; p < n; p++)
			for (q = p + 1; q < n; q++)
				off += 2 * a[p * n + q] * a[p * n + q];
		if (off <= norm * 1e-30 || off == 0)
			break;
		if (sweep >= CT_EIGEN_MAX_SWEEPS)
			return ct_fail(e, CT_ENOCONV, "eigen-decomposition did not converge");

		for (p = 0; p < n - 1; p++)
			for (q = p + 1; q < n; q++)
			{
				double		apq = a[p * n + q];
				double		theta,
							t,
							c,
							s;

				if (apq == 0)
					continue;
				theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
				t = (theta >= 0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1));
				c = 1 / sqrt(t * t + 1);
				s = t * c;
				/* A' = J^T A J on rows/columns p and q */
				for (r = 0; r < n; r++)
				{
					double		arp = a[r * n + p];
					double		arq = a[r * n + q];

					a[r * n + p] = c * arp - s * arq;
					a[r * n + q] = s * arp + c * arq;
				}
				for (r = 0; r < n; r++)
				{
					double		apr = a[p * n + r];
					double		aqr = a[q * n + r];

					a[p * n + r] = c * apr - s * aqr;
					a[q * n + r] = s * apr + c * aqr;
				}
				a[p * n + q] = a[q * n + p] = 0;
				for (r = 0; r < n; r++)
				{
					double		vrp = vecs[r * n + p];
					double		vrq = vecs[r * n + q];

					vecs[r * n + p] = c * vrp - s * vrq;
					vecs[r * n + q] = s * vrp + c * vrq;
				}
			}
	}

	for (i = 0; i < n; i++)
		evals[i] = a[i * n + i];

	/* selection sort, descending, stable for ties (n is small) */
	for (i = 0; i < n; i++)
	{
		int			best = i;

		for (p = i + 1; p < n; p++)
			if (evals[p] > evals[best])
				best = p;
		if (best != i)
		{
			/* rotate i..best right by one to keep ties in index order */
			double		ev = evals[best];

			for (r = 0; r < n; r++)
				scratch[r] = vecs[r * n + best];
			for (p = best; p > i; p--)
			{
				evals[p] = evals[p - 1];
				for (r = 0; r < n; r++)
					vecs[r * n + p] = vecs[r * n + p - 1];
			}
			evals[i] = ev;
			for (r = 0; r < n; r++)
				vecs[r * n + i] = scratch[r];
		}
	}

	/* sign convention: the largest-magnitude component is positive */
	for (i = 0; i < n; i++)
	{
		int			big = 0;

		for (r = 1; r < n; r++)
			if (fabs(vecs[r * n + i]) > fabs(vecs[big * n + i]))
				big = r;
		if (vecs[big * n + i] < 0)
			for (r = 0; r < n; r++)
				vecs[r * n + i] = -vecs[r * n + i];
	}
	return CT_OK;
}
