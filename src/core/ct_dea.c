/*
 * ct_dea.c
 *		Benefit-of-the-doubt scores against a frontier and the CCR model
 *		(see ct_dea.h; formulas in doc/dea_fcm.md), on the simplex of
 *		ct_dea_lp.c.
 */
#include "ct_dea.h"

#include <math.h>
#include <string.h>

/* rows of the BoD programme: frontier points, then share bounds */
static int
bod_rows(int f, int m)
{
	return f + 2 * m;
}

size_t
ct_dea_bod_doubles(int f, int m)
{
	return ct_lp_doubles(bod_rows(f, m), m) + (size_t) bod_rows(f, m) + 2 * (size_t) m;
}

size_t
ct_dea_bod_ints(int f, int m)
{
	return ct_lp_ints(bod_rows(f, m), m);
}

ct_code
ct_dea_check_bounds(const double *lower, const double *upper, int m,
					ct_error *e)
{
	double		slo = 0.0,
				sup = 0.0;

	for (int j = 0; j < m; j++)
	{
		double		lo = lower ? lower[j] : 0.0;
		double		up = upper ? upper[j] : 1.0;

		if (!(lo >= 0.0 && lo <= 1.0) || !(up >= 0.0 && up <= 1.0))
		{
			ct_fail(e, CT_EINVAL, "share bounds must be between 0 and 1");
			ct_detail(e, "Indicator %d has bounds [%g, %g].", j + 1, lo, up);
			return CT_EINVAL;
		}
		if (lo > up)
		{
			ct_fail(e, CT_EINVAL, "a lower share bound exceeds its upper bound");
			ct_detail(e, "Indicator %d has lower %g > upper %g.", j + 1, lo, up);
			return CT_EINVAL;
		}
		slo += lo;
		sup += up;
	}
	if (slo > 1.0 + 1e-12 || sup < 1.0 - 1e-12)
	{
		ct_fail(e, CT_EINVAL, "share bounds admit no weighting");
		ct_detail(e, "The lower bounds sum to %g and the upper bounds to %g; shares sum to 1.",
				  slo, sup);
		ct_hint(e, "Choose lower bounds summing to at most 1 and upper bounds summing to at least 1.");
		return CT_EINVAL;
	}
	return CT_OK;
}

ct_code
ct_dea_check_values(const double *x, size_t n, int cols, const char *what,
					ct_error *e)
{
	for (size_t i = 0; i < n; i++)
	{
		if (x[i] >= 0.0 && x[i] <= CT_DEA_MAX_VALUE)
			continue;
		if (!(x[i] >= 0.0))
			ct_fail(e, CT_EINVAL, "%s must not contain negative values", what);
		else
			ct_fail(e, CT_EINVAL, "%s must not exceed %g", what, CT_DEA_MAX_VALUE);
		if (cols > 0)
			ct_detail(e, "Element [%zu][%zu] is %g.", i / cols + 1, i % cols + 1, x[i]);
		else
			ct_detail(e, "Element %zu is %g.", i + 1, x[i]);
		ct_hint(e, "DEA works on non-negative values (normalised indicators, inputs, outputs).");
		return CT_EINVAL;
	}
	return CT_OK;
}

ct_code
ct_dea_bod(const double *v, int m, const double *frontier, int f,
		   const double *lower, const double *upper, double *work,
		   int *iwork, double *score, double *weights, double *lambda,
		   ct_error *e)
{
	ct_lp		lp;
	ct_lp_status st;
	double	   *dual;
	double	   *scale;
	double	   *vs;
	int			rows = f;
	bool		any = false;

	if (ct_dea_check_values(v, m, 0, "v", e) != CT_OK)
		return e->code;
	for (int j = 0; j < m; j++)
		any |= v[j] > 0.0;
	if (weights)
		memset(weights, 0, sizeof(double) * m);
	if (lambda)
		memset(lambda, 0, sizeof(double) * f);
	if (!any)
	{
		/* every weighting gives 0 */
		*score = 0.0;
		return CT_OK;
	}
	for (int j = 0; j < m; j++)
	{
		if (lower && lower[j] > 0.0)
			rows++;
		if (upper && upper[j] < 1.0)
			rows++;
	}
	ct_lp_init(&lp, rows, m, work, iwork);
	dual = work + ct_lp_doubles(bod_rows(f, m), m);
	scale = dual + f + 2 * m;
	vs = scale + m;

	/*
	 * Each indicator is divided by its largest frontier value: the score,
	 * the shares and lambda do not change (w_j takes the factor), and the
	 * tableau holds values in [0, 1].
	 */
	for (int j = 0; j < m; j++)
	{
		double		mx = 0.0;

		for (int i = 0; i < f; i++)
			mx = fmax(mx, frontier[(size_t) i * m + j]);
		if (v[j] > 0.0 && !(mx > 0.0))
		{
			ct_fail(e, CT_EINVAL, "the BoD score of v is unbounded");
			ct_detail(e, "Indicator %d of v is %g, but it is 0 at every frontier point.",
					  j + 1, v[j]);
			ct_hint(e, "Compute the frontier from a population that includes this customer.");
			return CT_EINVAL;
		}
		scale[j] = mx > 0.0 ? 1.0 / mx : 1.0;
		vs[j] = v[j] * scale[j];
	}
	for (int i = 0; i < f; i++)
	{
		const double *y = frontier + (size_t) i * m;
		double	   *a = ct_lp_at(&lp, i, 0);

		for (int j = 0; j < m; j++)
			a[j] = y[j] * scale[j];
		a[m] = 1.0;
	}
	/* pie shares: L_j v.w - v_j w_j <= 0 and v_j w_j - U_j v.w <= 0 */
	rows = f;
	for (int j = 0; j < m; j++)
	{
		if (lower && lower[j] > 0.0)
		{
			double	   *a = ct_lp_at(&lp, rows++, 0);

			for (int k = 0; k < m; k++)
				a[k] = lower[j] * vs[k];
			a[j] -= vs[j];
		}
		if (upper && upper[j] < 1.0)
		{
			double	   *a = ct_lp_at(&lp, rows++, 0);

			for (int k = 0; k < m; k++)
				a[k] = -upper[j] * vs[k];
			a[j] += vs[j];
		}
	}
	ct_lp_set_objective(&lp, vs);
	if (ct_lp_solve(&lp, INFINITY, &st, e) != CT_OK)
		return e->code;
	*score = ct_lp_objective(&lp);
	if (st != CT_LP_OPTIMAL || !isfinite(*score))
	{
		/* every column is covered, so only rounding can get here */
		ct_fail(e, CT_ERANGE, "the BoD programme is too ill-conditioned to solve");
		ct_detail(e, "The values of v and the frontier differ by too many orders of magnitude.");
		return CT_ERANGE;
	}
	if (weights)
	{
		ct_lp_primal(&lp, weights);
		for (int j = 0; j < m; j++)
			weights[j] *= scale[j];
	}
	if (lambda)
	{
		ct_lp_dual(&lp, dual);
		memcpy(lambda, dual, sizeof(double) * f);
	}
	return CT_OK;
}

/* ---- CCR ---- */

size_t
ct_dea_ccr_doubles(int n, int r, int s)
{
	return ct_lp_doubles(n + 1, r + s) + (size_t) n + 1 + (size_t) (r + s);
}

size_t
ct_dea_ccr_ints(int n, int r, int s)
{
	return ct_lp_ints(n + 1, r + s);
}

static void
scale_columns(const double *in, double *out, int n, int k)
{
	for (int j = 0; j < k; j++)
	{
		double		mx = 0.0;

		for (int i = 0; i < n; i++)
		{
			double		x = in[(size_t) i * k + j];

			mx = fmax(mx, x);
		}
		for (int i = 0; i < n; i++)
			out[(size_t) i * k + j] = mx > 0.0 ? in[(size_t) i * k + j] / mx : 0.0;
	}
}

ct_code
ct_dea_ccr_prepare(const double *x, const double *y, int n, int r, int s,
				   double *xs, double *ys, ct_error *e)
{
	if (ct_dea_check_values(x, (size_t) n * r, r, "inputs", e) != CT_OK ||
		ct_dea_check_values(y, (size_t) n * s, s, "outputs", e) != CT_OK)
		return e->code;
	scale_columns(x, xs, n, r);
	scale_columns(y, ys, n, s);
	for (int i = 0; i < n; i++)
	{
		bool		pos = false;

		for (int j = 0; j < r; j++)
			pos |= xs[(size_t) i * r + j] > 0.0;
		if (!pos)
		{
			ct_fail(e, CT_EINVAL, "unit %d has no positive input", i + 1);
			ct_detail(e, "A unit that uses nothing has no CCR efficiency (its ratio of outputs to inputs is undefined).");
			ct_hint(e, "Leave such units out, or give them a positive input.");
			return CT_EINVAL;
		}
	}
	return CT_OK;
}

/*
 * Multiplier form of unit o: variables u (s outputs) then v (r inputs),
 * maximise u.y_o subject to u.y_k - v.x_k <= 0 for every unit k and
 * v.x_o <= 1.  Its duals are the envelopment form's lambda (rows 0..n-1)
 * and theta (row n).
 */
ct_code
ct_dea_ccr(const double *xs, const double *ys, int n, int r, int s, int o,
		   bool output, double *work, int *iwork, double *efficiency,
		   double *lambda, bool *defined, ct_error *e)
{
	ct_lp		lp;
	ct_lp_status st;
	double	   *dual = work + ct_lp_doubles(n + 1, r + s);
	double	   *c = dual + n + 1;
	double		theta;

	ct_lp_init(&lp, n + 1, r + s, work, iwork);
	for (int k = 0; k < n; k++)
	{
		double	   *a = ct_lp_at(&lp, k, 0);

		for (int j = 0; j < s; j++)
			a[j] = ys[(size_t) k * s + j];
		for (int j = 0; j < r; j++)
			a[s + j] = -xs[(size_t) k * r + j];
		a[r + s] = 0.0;
	}
	{
		double	   *a = ct_lp_at(&lp, n, 0);

		for (int j = 0; j < r; j++)
			a[s + j] = xs[(size_t) o * r + j];
		a[r + s] = 1.0;
	}
	for (int j = 0; j < s; j++)
		c[j] = ys[(size_t) o * s + j];
	for (int j = 0; j < r; j++)
		c[s + j] = 0.0;
	ct_lp_set_objective(&lp, c);
	if (ct_lp_solve(&lp, INFINITY, &st, e) != CT_OK)
		return e->code;
	if (st != CT_LP_OPTIMAL)
	{
		/* bounded by u.y_o <= v.x_o <= 1: only rounding can get here */
		ct_fail(e, CT_ENOCONV, "the CCR programme of unit %d is unbounded", o + 1);
		ct_detail(e, "The data are too ill-conditioned for the simplex.");
		return CT_ENOCONV;
	}
	theta = fmin(fmax(ct_lp_objective(&lp), 0.0), 1.0);
	ct_lp_dual(&lp, dual);
	*defined = true;
	if (!output)
	{
		*efficiency = theta;
		memcpy(lambda, dual, sizeof(double) * n);
		return CT_OK;
	}
	if (!(theta > 0.0))
	{
		/* no output to expand: phi is unbounded */
		*defined = false;
		*efficiency = INFINITY;
		memset(lambda, 0, sizeof(double) * n);
		return CT_OK;
	}
	*efficiency = 1.0 / theta;
	for (int k = 0; k < n; k++)
		lambda[k] = dual[k] / theta;
	return CT_OK;
}
