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
#define LP_EPS_PIVOT	1e-9	/* smallest pivot element */
#define LP_EPS_FEAS		1e-12	/* primal feasibility tolerance (Harris) */
#define LP_EPS_RATIO	1e-13	/* a step this small is degenerate */

/* max(x, 0) without a libm call (x is never NaN here) */
static inline double
pos(double x)
{
	return x > 0.0 ? x : 0.0;
}

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
ct_lp_set_row(ct_lp *lp, int i, const double *a, double b)
{
	const int	h = lp->rows + 1;

	for (int j = 0; j < lp->cols; j++)
		lp->t[(size_t) j * h + i] = a[j];
	lp->t[(size_t) lp->cols * h + i] = b;
}

void
ct_lp_set_objective(ct_lp *lp, const double *c)
{
	const int	h = lp->rows + 1;

	for (int j = 0; j < lp->cols; j++)
		lp->t[(size_t) j * h + lp->rows] = -c[j];
}

/*
 * Exchange the basic variable of row p with the nonbasic one of column q.
 * The tableau is stored by column, so every update runs down a contiguous
 * column (the long dimension: one row per frontier point).
 */
static void
pivot(ct_lp *lp, int p, int q)
{
	const int	h = lp->rows + 1;
	double	   *restrict cq = lp->t + (size_t) q * h;
	double		inv = 1.0 / cq[p];
	int			tmp;

	for (int j = 0; j <= lp->cols; j++)
	{
		double	   *restrict cj;
		double		rpj;

		if (j == q)
			continue;
		cj = lp->t + (size_t) j * h;
		rpj = cj[p] * inv;
		if (rpj != 0.0)
			for (int i = 0; i < h; i++)
				cj[i] -= cq[i] * rpj;
		cj[p] = rpj;
	}
	for (int i = 0; i < h; i++)
		cq[i] *= -inv;
	cq[p] = inv;
	tmp = lp->row_var[p];
	lp->row_var[p] = lp->col_var[q];
	lp->col_var[q] = tmp;
}

ct_code
ct_lp_solve(ct_lp *lp, double stop_above, ct_lp_status *status, ct_error *e)
{
	const int	h = lp->rows + 1;
	const double *rhs = lp->t + (size_t) lp->cols * h;
	const long	cap = 50L * (lp->rows + lp->cols) + 1000;
	const long	strict = 10L * (lp->rows + lp->cols) + 100;
	bool		bland = false;

	for (;;)
	{
		int			q = -1;
		int			p = -1;
		double		best = INFINITY;

		if (rhs[lp->rows] > stop_above)
		{
			*status = CT_LP_STOPPED;
			return CT_OK;
		}
		/* entering column */
		for (int j = 0; j < lp->cols; j++)
		{
			double		zj = lp->t[(size_t) j * h + lp->rows];

			if (!(zj < -LP_EPS_COST))
				continue;
			if (q < 0 ||
				((bland || lp->iterations > strict) ?
				 lp->col_var[j] < lp->col_var[q] : zj < lp->t[(size_t) q * h + lp->rows]))
				q = j;
		}
		if (q < 0)
		{
			*status = CT_LP_OPTIMAL;
			return CT_OK;
		}
		/*
		 * leaving row, Harris's two-pass ratio test: the largest step that
		 * keeps every basic variable above -LP_EPS_FEAS, then among the rows
		 * that block within it the largest pivot element (small pivots
		 * amplify rounding), ties to the smallest variable
		 */
		{
			const double *cq = lp->t + (size_t) q * h;

			for (int i = 0; i < lp->rows; i++)
				if (cq[i] > LP_EPS_PIVOT)
					{
						double		r = (pos(rhs[i]) + LP_EPS_FEAS) / cq[i];

						if (r < best)
							best = r;
					}
		}
		{
			const double *cq = lp->t + (size_t) q * h;
			double		amax = 0.0;
			double		step = INFINITY;

			for (int i = 0; i < lp->rows; i++)
			{
				double		a = cq[i];
				double		r;

				if (!(a > LP_EPS_PIVOT))
					continue;
				r = pos(rhs[i]) / a;
				if (r > best)
					continue;
				if (lp->iterations > strict)
				{
					/*
					 * a long run of pivots: Bland's rule on both sides, which
					 * cannot cycle
					 */
					if (p < 0 || r < step - LP_EPS_RATIO ||
						(r <= step + LP_EPS_RATIO && lp->row_var[i] < lp->row_var[p]))
					{
						p = i;
						if (r < step)
							step = r;
					}
					continue;
				}
				if (p < 0 || a > amax || (a == amax && lp->row_var[i] < lp->row_var[p]))
				{
					p = i;
					amax = a;
					step = r;
				}
			}
			best = step;
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
	return lp->t[(size_t) lp->cols * (lp->rows + 1) + lp->rows];
}

void
ct_lp_primal(const ct_lp *lp, double *x)
{
	const double *rhs = lp->t + (size_t) lp->cols * (lp->rows + 1);

	for (int j = 0; j < lp->cols; j++)
		x[j] = 0.0;
	for (int i = 0; i < lp->rows; i++)
		if (lp->row_var[i] < lp->cols)
			x[lp->row_var[i]] = fmax(rhs[i], 0.0);
}

void
ct_lp_dual(const ct_lp *lp, double *y)
{
	const int	h = lp->rows + 1;

	for (int i = 0; i < lp->rows; i++)
		y[i] = 0.0;
	/* the dual of row i is the reduced cost of its slack when nonbasic */
	for (int j = 0; j < lp->cols; j++)
		if (lp->col_var[j] >= lp->cols)
			y[lp->col_var[j] - lp->cols] = fmax(lp->t[(size_t) j * h + lp->rows], 0.0);
}
