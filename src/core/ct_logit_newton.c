/*
 * ct_logit_newton.c
 *		The penalised Newton (IRLS) fit of a logistic regression from the
 *		sufficient statistics of ct_logit.c: the objective, the Newton step
 *		by a Cholesky factorisation, the standard errors, the iteration
 *		driver with step halving, and the orientation of the coefficients
 *		that fit() uses for indicator weights (see ct_logit.h).
 */
#include "ct_logit.h"

#include <math.h>
#include <string.h>

/* a pivot below this share of its original diagonal element is singular */
#define PIVOT_TOL 1e-13

double
ct_logit_objective(const ct_logit *s, double lambda)
{
	double		pen = 0.0;

	for (int j = 1; j < s->p; j++)
		pen += s->beta[j] * s->beta[j];
	return -*s->loglik + 0.5 * lambda * pen;
}

bool
ct_logit_separated(const ct_logit *s)
{
	return *s->positives > 0 && *s->rows - *s->positives > 0 &&
		*s->eta_min_pos > *s->eta_max_neg;
}

/*
 * The penalised information as a full p x p row-major matrix a, factored
 * in place into its lower Cholesky factor L (a = L L').
 */
static ct_code
factor(const ct_logit *s, double lambda, double *a, ct_error *e)
{
	int			p = s->p;

	if (*s->rows == 0)
		return ct_fail(e, CT_EINVAL, "a logistic regression needs at least one row");
	for (int i = 0; i < p; i++)
		for (int j = i; j < p; j++)
		{
			double		v = s->info[ct_logit_tri(p, i, j)];

			if (i == j && i > 0)
				v += lambda;
			if (!isfinite(v))
			{
				ct_fail(e, CT_ERANGE, "the information matrix of the logistic regression overflowed");
				return CT_ERANGE;
			}
			a[i * p + j] = a[j * p + i] = v;
		}
	for (int j = 0; j < p; j++)
	{
		double		d = a[j * p + j];
		double		orig = d;

		for (int k = 0; k < j; k++)
			d -= a[j * p + k] * a[j * p + k];
		if (!(d > PIVOT_TOL * orig) || !(orig > 0))
		{
			ct_fail(e, CT_EINVAL, "the information matrix of the logistic regression is singular");
			if (j == 0)
				ct_detail(e, "Every fitted probability is 0 or 1 (the intercept has no curvature).");
			else
				ct_detail(e, "Column %d of x is constant or a linear combination of the other columns.", j);
			ct_hint(e, "Drop that column or give a positive penalty.");
			return CT_EINVAL;
		}
		d = sqrt(d);
		a[j * p + j] = d;
		for (int i = j + 1; i < p; i++)
		{
			double		v = a[i * p + j];

			for (int k = 0; k < j; k++)
				v -= a[i * p + k] * a[j * p + k];
			a[i * p + j] = v / d;
		}
	}
	return CT_OK;
}

/* Solve L L' x = b in place (b becomes x), L the lower factor in a. */
static void
solve(const double *a, int p, double *b)
{
	for (int i = 0; i < p; i++)
	{
		double		v = b[i];

		for (int k = 0; k < i; k++)
			v -= a[i * p + k] * b[k];
		b[i] = v / a[i * p + i];
	}
	for (int i = p - 1; i >= 0; i--)
	{
		double		v = b[i];

		for (int k = i + 1; k < p; k++)
			v -= a[k * p + i] * b[k];
		b[i] = v / a[i * p + i];
	}
}

ct_code
ct_logit_step(const ct_logit *s, double lambda, double *delta, double *work,
			  ct_error *e)
{
	int			p = s->p;
	ct_code		rc;

	if (!(lambda >= 0.0) || !isfinite(lambda))
		return ct_fail(e, CT_EINVAL, "the penalty must be a non-negative finite number");
	if ((rc = factor(s, lambda, work, e)) != CT_OK)
		return rc;
	delta[0] = s->grad[0];
	for (int j = 1; j < p; j++)
		delta[j] = s->grad[j] - lambda * s->beta[j];
	solve(work, p, delta);
	for (int j = 0; j < p; j++)
		if (!isfinite(delta[j]))
		{
			ct_fail(e, CT_ERANGE, "the Newton step of the logistic regression is not finite");
			return CT_ERANGE;
		}
	return CT_OK;
}

ct_code
ct_logit_std_errors(const ct_logit *s, double lambda, double *se,
					double *work, ct_error *e)
{
	int			p = s->p;
	double	   *col = work + (size_t) p * p;
	ct_code		rc;

	if (!(lambda >= 0.0) || !isfinite(lambda))
		return ct_fail(e, CT_EINVAL, "the penalty must be a non-negative finite number");
	if ((rc = factor(s, lambda, work, e)) != CT_OK)
		return rc;
	/* diagonal of the inverse, one unit column at a time */
	for (int j = 0; j < p; j++)
	{
		for (int i = 0; i < p; i++)
			col[i] = i == j ? 1.0 : 0.0;
		solve(work, p, col);
		se[j] = sqrt(col[j] > 0 ? col[j] : 0.0);
	}
	return CT_OK;
}

/* ---- the driver ---- */

#define D_P 0
#define D_SCANS 1
#define D_HALVINGS 2
#define D_OBJECTIVE 3
#define D_SCALE 4
#define D_BETA 5

void
ct_logit_driver_init(double *d, int p)
{
	memset(d, 0, sizeof(double) * ct_logit_driver_ndoubles(p));
	d[D_P] = p;
	d[D_SCALE] = 1.0;
}

ct_code
ct_logit_driver_check(const double *d, size_t n, ct_error *e)
{
	int			p;

	if (n < 5 || !(d[D_P] >= 2 && d[D_P] <= CT_LOGIT_MAX_COEF) || d[D_P] != floor(d[D_P]))
		return ct_fail(e, CT_EINVAL, "invalid logistic regression driver state");
	p = (int) d[D_P];
	if (n != ct_logit_driver_ndoubles(p))
		return ct_fail(e, CT_EINVAL, "invalid logistic regression driver state");
	for (size_t i = 0; i < n; i++)
		if (!isfinite(d[i]))
			return ct_fail(e, CT_EINVAL, "invalid logistic regression driver state");
	if (d[D_SCANS] < 0 || d[D_SCANS] != floor(d[D_SCANS]) || d[D_SCANS] > CT_LOGIT_MAX_SCANS ||
		d[D_HALVINGS] < 0 || d[D_HALVINGS] > CT_LOGIT_MAX_HALVINGS ||
		!(d[D_SCALE] > 0 && d[D_SCALE] <= 1))
		return ct_fail(e, CT_EINVAL, "invalid logistic regression driver state");
	return CT_OK;
}

/* The point the driver asked for: accepted beta + scale * step. */
static void
proposal(const double *d, int p, double *out)
{
	const double *acc = d + D_BETA;
	const double *step = acc + p;

	for (int j = 0; j < p; j++)
		out[j] = acc[j] + d[D_SCALE] * step[j];
}

ct_code
ct_logit_next(double *d, const ct_logit *s, double lambda, double *next_beta,
			  bool *converged, double *work, ct_error *e)
{
	int			p = s->p;
	double	   *acc = d + D_BETA;
	double	   *step = acc + p;
	double		obj;
	bool		done = true;
	ct_code		rc;

	*converged = false;
	if ((int) d[D_P] != p)
		return ct_fail(e, CT_EINVAL, "the driver is for %d coefficients, the state has %d",
					   (int) d[D_P], p);
	if (!(lambda >= 0.0) || !isfinite(lambda))
		return ct_fail(e, CT_EINVAL, "the penalty must be a non-negative finite number");
	if (d[D_SCANS] > 0)
	{
		proposal(d, p, next_beta);
		if (memcmp(next_beta, s->beta, sizeof(double) * p) != 0)
			return ct_fail(e, CT_EINVAL, "the statistics were not gathered at the coefficients the driver proposed");
	}
	if (*s->rows == 0)
		return ct_fail(e, CT_EINVAL, "a logistic regression needs at least one row");
	if (*s->positives == 0 || *s->positives == *s->rows)
	{
		ct_fail(e, CT_EINVAL, "the outcome takes only one value");
		ct_detail(e, "All %.0f rows have the outcome %s.", *s->rows,
				  *s->positives == 0 ? "false" : "true");
		ct_hint(e, "A logistic regression needs rows of both outcomes.");
		return CT_EINVAL;
	}

	obj = ct_logit_objective(s, lambda);
	if (d[D_SCANS] > 0 && obj > d[D_OBJECTIVE] + 1e-12 * (1.0 + fabs(d[D_OBJECTIVE])))
	{
		/* the step overshot: halve it */
		if (d[D_HALVINGS] >= CT_LOGIT_MAX_HALVINGS)
		{
			ct_fail(e, CT_ENOCONV, "the logistic regression did not converge");
			ct_detail(e, "%d halvings of a Newton step did not lower the objective.",
					  CT_LOGIT_MAX_HALVINGS);
			return CT_ENOCONV;
		}
		d[D_HALVINGS] += 1;
		d[D_SCALE] *= 0.5;
	}
	else
	{
		/* accept this point and take a Newton step from it */
		if ((rc = ct_logit_step(s, lambda, step, work, e)) != CT_OK)
			return rc;
		if (lambda == 0.0 && ct_logit_separated(s))
		{
			ct_fail(e, CT_EINVAL, "the outcome is completely separated by the columns of x");
			ct_detail(e, "Every row with outcome true has a linear predictor of at least %g, every row with outcome false at most %g, so the likelihood has no maximum.",
					  *s->eta_min_pos, *s->eta_max_neg);
			ct_hint(e, "Give a positive penalty, or drop the column that decides the outcome.");
			return CT_EINVAL;
		}
		memcpy(acc, s->beta, sizeof(double) * p);
		d[D_OBJECTIVE] = obj;
		d[D_HALVINGS] = 0;
		d[D_SCALE] = 1.0;
		for (int j = 0; j < p; j++)
			if (!(fabs(step[j]) <= CT_LOGIT_TOL * (1.0 + fabs(acc[j]))))
				done = false;
		if (done)
		{
			proposal(d, p, next_beta);
			*converged = true;
			return CT_OK;
		}
	}
	if (d[D_SCANS] + 1 >= CT_LOGIT_MAX_SCANS)
	{
		ct_fail(e, CT_ENOCONV, "the logistic regression did not converge in %d scans",
				CT_LOGIT_MAX_SCANS);
		ct_hint(e, "The outcome may be (nearly) separated by the indicators: give a larger penalty.");
		return CT_ENOCONV;
	}
	d[D_SCANS] += 1;
	proposal(d, p, next_beta);
	return CT_OK;
}

void
ct_logit_orient(const double *coef, int p, double *intercept, double *scale)
{
	double		b0 = coef[0];
	double		sc = 0.0;

	for (int j = 1; j < p; j++)
	{
		if (coef[j] < 0)
			b0 += coef[j];
		sc += fabs(coef[j]);
	}
	*intercept = b0;
	*scale = sc;
}
