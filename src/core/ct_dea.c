/*
 * ct_dea.c
 *		Benefit-of-the-doubt scores against a frontier and the CCR model
 *		(see ct_dea.h; formulas in doc/dea_fcm.md), on the simplex of
 *		ct_dea_lp.c.
 */
#include "ct_dea.h"

#include <math.h>
#include <string.h>

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

/*
 * The BoD programme by constraint generation.  An LP over all f frontier
 * points costs O(f m) per pivot; only about m of them bind at the optimum.
 * So the simplex runs on a working set: for each indicator with v_j > 0
 * the frontier point largest in it (which bounds w_j), plus the share
 * rows; the optimum w over the working set is checked against every
 * frontier point (one pass of dot products), the most violated points (up
 * to m) join the set, and it is solved again.  The working set only
 * grows, so this ends; the optimum over a subset is an upper bound of the
 * true score, and a w feasible for every point a lower bound, so both
 * early exits of the redundancy test are exact.  The sequence of working
 * sets depends only on v and the frontier, never on other rows.
 */

static int
work_rows(int f, int m)
{
	return f + 2 * m;
}

size_t
ct_dea_bod_doubles(int f, int m)
{
	int			r = work_rows(f, m);

	/* LP, its duals, scale, scaled v, a row, w, the share rows, violations */
	return ct_lp_doubles(r, m) + (size_t) r + 5 * (size_t) m +
		2 * (size_t) m * m;
}

size_t
ct_dea_bod_ints(int f, int m)
{
	int			r = work_rows(f, m);

	/* LP, the working set, membership flags */
	return ct_lp_ints(r, m) + (size_t) r + (size_t) f;
}

typedef struct bod_problem
{
	const double *v;			/* m values */
	int			m;
	const double *frontier;		/* f x m */
	int			f;
	int			skip;			/* a point to leave out, -1 */
	const double *alive;		/* f flags: a point is used when >= 0, or NULL */
	const double *lower;
	const double *upper;
	const int  *colmax;			/* per indicator the point largest in it, or NULL */
} bod_problem;

void
ct_dea_column_max(const double *frontier, int f, int m, int *colmax)
{
	for (int j = 0; j < m; j++)
	{
		double		mx = 0.0;

		colmax[j] = -1;
		for (int i = 0; i < f; i++)
			if (frontier[(size_t) i * m + j] > mx)
			{
				mx = frontier[(size_t) i * m + j];
				colmax[j] = i;
			}
	}
}

/*
 * Solve, or with redundancy_test decide only whether the score is <= 1 +
 * CT_DEA_TOL.  Fills score (exact mode), weights and lambda (may be NULL).
 * Returns CT_EINVAL for an unbounded score.
 */
static ct_code
bod_solve(const bod_problem *pb, bool redundancy_test, double *work,
		  int *iwork, double *score, bool *redundant, double *weights,
		  double *lambda, ct_error *e)
{
	const int	m = pb->m,
				f = pb->f;
	const int	cap = work_rows(f, m);
	double	   *dual = work + ct_lp_doubles(cap, m);
	double	   *scale = dual + cap;
	double	   *vs = scale + m;
	double	   *row = vs + m;
	double	   *w = row + m;
	double	   *share = w + m;
	double	   *viol = share + 2 * (size_t) m * m;
	int		   *set = iwork + ct_lp_ints(cap, m);
	int		   *in_set = set + cap;
	int			n_set = 0,
				n_share = 0;
	bool		any = false;

	for (int j = 0; j < m; j++)
		any |= pb->v[j] > 0.0;
	if (weights)
		memset(weights, 0, sizeof(double) * m);
	if (lambda)
		memset(lambda, 0, sizeof(double) * f);
	if (!any)
	{
		/* every weighting gives 0 */
		*score = 0.0;
		*redundant = true;
		return CT_OK;
	}
	memset(in_set, 0, sizeof(int) * f);

	/*
	 * Each indicator is divided by its largest frontier value: the score,
	 * the shares and lambda do not change (w_j takes the factor), and the
	 * LP holds values in [0, 1].  The point holding that largest value
	 * starts the working set.
	 */
	for (int j = 0; j < m; j++)
	{
		double		mx = 0.0;
		int			at = -1;

		if (pb->colmax)
		{
			at = pb->colmax[j];
			mx = at >= 0 ? pb->frontier[(size_t) at * m + j] : 0.0;
		}
		else
			for (int i = 0; i < f; i++)
			{
				double		y = pb->frontier[(size_t) i * m + j];

				if (i == pb->skip || (pb->alive && pb->alive[i] < 0.0))
					continue;
				if (y > mx)
				{
					mx = y;
					at = i;
				}
			}
		if (pb->v[j] > 0.0 && at < 0)
		{
			if (redundancy_test)
			{
				/* p is positive where no other point is: never redundant */
				*redundant = false;
				return CT_OK;
			}
			ct_fail(e, CT_EINVAL, "the BoD score of v is unbounded");
			ct_detail(e, "Indicator %d of v is %g, but it is 0 at every frontier point.",
					  j + 1, pb->v[j]);
			ct_hint(e, "Compute the frontier from a population that includes this customer.");
			return CT_EINVAL;
		}
		scale[j] = mx > 0.0 ? 1.0 / mx : 1.0;
		vs[j] = pb->v[j] * scale[j];
		if (pb->v[j] > 0.0 && !in_set[at])
		{
			in_set[at] = 1;
			set[n_set++] = at;
		}
	}
	/* pie shares: L_j v.w - v_j w_j <= 0 and v_j w_j - U_j v.w <= 0 */
	for (int j = 0; j < m; j++)
	{
		if (pb->lower && pb->lower[j] > 0.0)
		{
			double	   *a = share + (size_t) n_share++ * m;

			for (int k = 0; k < m; k++)
				a[k] = pb->lower[j] * vs[k];
			a[j] -= vs[j];
		}
		if (pb->upper && pb->upper[j] < 1.0)
		{
			double	   *a = share + (size_t) n_share++ * m;

			for (int k = 0; k < m; k++)
				a[k] = -pb->upper[j] * vs[k];
			a[j] += vs[j];
		}
	}

	for (;;)
	{
		ct_lp		lp;
		ct_lp_status st;
		double		obj,
					worst = 1.0;
		int			n_viol = 0;

		ct_lp_init(&lp, n_set + n_share, m, work, iwork);
		for (int r = 0; r < n_set; r++)
		{
			const double *y = pb->frontier + (size_t) set[r] * m;

			for (int j = 0; j < m; j++)
				row[j] = y[j] * scale[j];
			ct_lp_set_row(&lp, r, row, 1.0);
		}
		for (int r = 0; r < n_share; r++)
			ct_lp_set_row(&lp, n_set + r, share + (size_t) r * m, 0.0);
		ct_lp_set_objective(&lp, vs);
		if (ct_lp_solve(&lp, INFINITY, &st, e) != CT_OK)
			return e->code;
		obj = ct_lp_objective(&lp);
		if (st != CT_LP_OPTIMAL || !isfinite(obj))
		{
			/* every indicator of v is bounded by a point: only rounding */
			ct_fail(e, CT_ERANGE, "the BoD programme is too ill-conditioned to solve");
			ct_detail(e, "The values of v and the frontier differ by too many orders of magnitude.");
			return CT_ERANGE;
		}
		if (redundancy_test && obj <= 1.0 + CT_DEA_TOL)
		{
			/* an upper bound of the score */
			*redundant = true;
			return CT_OK;
		}
		/* the weights in the original units, against every point */
		ct_lp_primal(&lp, w);
		for (int j = 0; j < m; j++)
			w[j] *= scale[j];
		for (int i = 0; i < f; i++)
		{
			const double *y = pb->frontier + (size_t) i * m;
			double		t = 0.0;

			if (i == pb->skip || (pb->alive && pb->alive[i] < 0.0))
				continue;
			for (int j = 0; j < m; j++)
				t += y[j] * w[j];
			if (t > worst)
				worst = t;
			if (!in_set[i] && t > 1.0 + 1e-12)
			{
				/*
				 * keep the m most violated, largest first (ties: the lower
				 * index, which came first)
				 */
				int			at = n_viol < m ? n_viol : m;

				if (at == m && !(t > viol[m - 1]))
					continue;
				while (at > 0 && t > viol[at - 1])
				{
					if (at < m)
					{
						viol[at] = viol[at - 1];
						set[n_set + at] = set[n_set + at - 1];
					}
					at--;
				}
				viol[at] = t;
				set[n_set + at] = i;
				if (n_viol < m)
					n_viol++;
			}
		}
		if (n_viol == 0 || n_set >= f)
		{
			double		sc = obj / worst;

			if (redundancy_test)
			{
				/* a feasible w (after scaling by worst) scores above 1 */
				*redundant = sc <= 1.0 + CT_DEA_TOL;
				return CT_OK;
			}
			*score = sc;
			if (weights)
				for (int j = 0; j < m; j++)
					weights[j] = w[j] / worst;
			if (lambda)
			{
				ct_lp_dual(&lp, dual);
				for (int r = 0; r < n_set; r++)
					lambda[set[r]] = dual[r];
			}
			return CT_OK;
		}
		if (redundancy_test && obj / worst > 1.0 + CT_DEA_TOL)
		{
			/* w / worst is feasible for every point and scores above 1 */
			*redundant = false;
			return CT_OK;
		}
		/* the (up to m) most violated points join */
		for (int a = 0; a < n_viol; a++)
			in_set[set[n_set + a]] = 1;
		n_set += n_viol;
		CT_CHECK_INTERRUPTS();
	}
}

ct_code
ct_dea_bod(const double *v, int m, const double *frontier, int f,
		   const int *colmax, const double *lower, const double *upper,
		   double *work, int *iwork, double *score, double *weights,
		   double *lambda, ct_error *e)
{
	bod_problem pb = {v, m, frontier, f, -1, NULL, lower, upper, colmax};
	bool		red;

	if (ct_dea_check_values(v, m, 0, "v", e) != CT_OK)
		return e->code;
	return bod_solve(&pb, false, work, iwork, score, &red, weights, lambda, e);
}

ct_code
ct_dea_redundant(const double *pts, int n, int m, const double *p, int skip,
				 const double *alive, double *work, int *iwork,
				 bool *redundant, ct_error *e)
{
	bod_problem pb = {p, m, pts, n, skip, alive, NULL, NULL, NULL};
	double		score;

	return bod_solve(&pb, true, work, iwork, &score, redundant, NULL, NULL, e);
}

/* ---- CCR ---- */

size_t
ct_dea_ccr_doubles(int n, int r, int s)
{
	return ct_lp_doubles(n + 1, r + s) + (size_t) n + 1 + 2 * (size_t) (r + s);
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
	double	   *a = c + r + s;
	double		theta;

	ct_lp_init(&lp, n + 1, r + s, work, iwork);
	for (int k = 0; k < n; k++)
	{
		for (int j = 0; j < s; j++)
			a[j] = ys[(size_t) k * s + j];
		for (int j = 0; j < r; j++)
			a[s + j] = -xs[(size_t) k * r + j];
		ct_lp_set_row(&lp, k, a, 0.0);
	}
	for (int j = 0; j < s; j++)
		a[j] = 0.0;
	for (int j = 0; j < r; j++)
		a[s + j] = xs[(size_t) o * r + j];
	ct_lp_set_row(&lp, n, a, 1.0);
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
