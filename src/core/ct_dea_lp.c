/*
 * ct_dea_lp.c
 *		A dense primal simplex on a condensed tableau, for the small linear
 *		programmes of DEA (see ct_dea.h): maximise c.x subject to A x <= b,
 *		x >= 0 with b >= 0.
 *
 * The data of DEA are scaled to [0, 1] before they get here (normalised
 * indicators; dea_ccr divides each column by its maximum), so absolute
 * tolerances suffice.
 */
#include "ct_dea.h"

#include <math.h>
#include <string.h>

#define LP_EPS_COST		1e-11	/* a reduced cost below -eps improves */
#define LP_EPS_PIVOT	1e-11	/* smallest pivot element */
#define LP_EPS_RATIO	1e-13	/* ratios within this are ties */

void
ct_lp_init(ct_lp *lp, int rows, int cols, double *t, int *ivars)
{
	lp->rows = rows;
	lp->cols = cols;
	lp->t = t;
	lp->row_var = ivars;
	lp->col_var = ivars + rows;
	lp->iterations = 0;
	memset(t, 0, sizeof(double) * ct_lp_doubles(rows, cols));
	for (int j = 0; j < cols; j++)
		lp->col_var[j] = j;
	for (int i = 0; i < rows; i++)
		lp->row_var[i] = cols + i;
}

void
ct_lp_set_objective(ct_lp *lp, const double *c)
{
	double	   *z = ct_lp_at(lp, lp->rows, 0);

	for (int j = 0; j < lp->cols; j++)
		z[j] = -c[j];
}

/* Exchange the basic variable of row p with the nonbasic one of column q. */
static void
pivot(ct_lp *lp, int p, int q)
{
	const int	w = lp->cols + 1;
	double	   *rp = lp->t + (size_t) p * w;
	double		inv = 1.0 / rp[q];
	int			tmp;

	for (int j = 0; j < w; j++)
		rp[j] *= inv;
	rp[q] = inv;
	for (int i = 0; i <= lp->rows; i++)
	{
		double	   *ri;
		double		f;

		if (i == p)
			continue;
		ri = lp->t + (size_t) i * w;
		f = ri[q];
		if (f == 0.0)
			continue;
		for (int j = 0; j < w; j++)
			ri[j] -= f * rp[j];
		ri[q] = -f * inv;
	}
	tmp = lp->row_var[p];
	lp->row_var[p] = lp->col_var[q];
	lp->col_var[q] = tmp;
}

ct_code
ct_lp_solve(ct_lp *lp, double stop_above, ct_lp_status *status, ct_error *e)
{
	const int	w = lp->cols + 1;
	const long	cap = 50L * (lp->rows + lp->cols) + 1000;
	bool		bland = false;

	for (;;)
	{
		const double *z = lp->t + (size_t) lp->rows * w;
		int			q = -1;
		int			p = -1;
		double		best = INFINITY;

		if (z[lp->cols] > stop_above)
		{
			*status = CT_LP_STOPPED;
			return CT_OK;
		}
		/* entering column */
		for (int j = 0; j < lp->cols; j++)
		{
			if (!(z[j] < -LP_EPS_COST))
				continue;
			if (q < 0 ||
				(bland ? lp->col_var[j] < lp->col_var[q] : z[j] < z[q]))
				q = j;
		}
		if (q < 0)
		{
			*status = CT_LP_OPTIMAL;
			return CT_OK;
		}
		/* leaving row: minimum ratio, ties to the smallest variable */
		for (int i = 0; i < lp->rows; i++)
		{
			const double *ri = lp->t + (size_t) i * w;
			double		a = ri[q];
			double		r;

			if (!(a > LP_EPS_PIVOT))
				continue;
			r = fmax(ri[lp->cols], 0.0) / a;
			if (p < 0 || r < best - LP_EPS_RATIO ||
				(r <= best + LP_EPS_RATIO && lp->row_var[i] < lp->row_var[p]))
			{
				if (p < 0 || r < best)
					best = r;
				p = i;
			}
		}
		if (p < 0)
		{
			*status = CT_LP_UNBOUNDED;
			return CT_OK;
		}
		if (++lp->iterations > cap)
		{
			ct_fail(e, CT_ENOCONV, "the simplex did not converge");
			ct_detail(e, "%d pivots on a programme of %d constraints and %d variables.",
					  lp->iterations - 1, lp->rows, lp->cols);
			return CT_ENOCONV;
		}
		/* Bland's rule while pivots are degenerate: no cycling */
		bland = best <= LP_EPS_RATIO;
		pivot(lp, p, q);
		if ((lp->iterations & 63) == 0)
			CT_CHECK_INTERRUPTS();
	}
}

double
ct_lp_objective(const ct_lp *lp)
{
	return lp->t[(size_t) lp->rows * (lp->cols + 1) + lp->cols];
}

void
ct_lp_primal(const ct_lp *lp, double *x)
{
	const int	w = lp->cols + 1;

	for (int j = 0; j < lp->cols; j++)
		x[j] = 0.0;
	for (int i = 0; i < lp->rows; i++)
		if (lp->row_var[i] < lp->cols)
			x[lp->row_var[i]] = fmax(lp->t[(size_t) i * w + lp->cols], 0.0);
}

void
ct_lp_dual(const ct_lp *lp, double *y)
{
	const double *z = lp->t + (size_t) lp->rows * (lp->cols + 1);

	for (int i = 0; i < lp->rows; i++)
		y[i] = 0.0;
	/* the dual of row i is the reduced cost of its slack when nonbasic */
	for (int j = 0; j < lp->cols; j++)
		if (lp->col_var[j] >= lp->cols)
			y[lp->col_var[j] - lp->cols] = fmax(z[j], 0.0);
}
