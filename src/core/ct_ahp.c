/*
 * ct_ahp.c
 *		AHP priorities (eigenvector, geometric, arithmetic) and Saaty's
 *		consistency ratio.  See ct_ahp.h for the conventions.
 */
#include "ct_ahp.h"
#include "ct_text.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

/*
 * Saaty's random indices, orders 1..15: the mean consistency index of
 * random reciprocal matrices on the 1/9..9 scale, as tabulated in
 * T. L. Saaty, The Analytic Hierarchy Process, McGraw-Hill, 1980.  The
 * dip at n = 12 is in the published table and kept as published.
 */
static const double ct_ahp_ri[CT_AHP_MAX_RI_ORDER] = {
	0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49,
	1.51, 1.48, 1.56, 1.57, 1.59
};

ct_code
ct_ahp_parse_method(const char *s, size_t len, ct_ahp_method *method,
					ct_error *e)
{
	if (ct_word_equals(s, len, "eigenvector"))
		*method = CT_AHP_EIGENVECTOR;
	else if (ct_word_equals(s, len, "geometric"))
		*method = CT_AHP_GEOMETRIC;
	else if (ct_word_equals(s, len, "arithmetic"))
		*method = CT_AHP_ARITHMETIC;
	else
	{
		ct_fail(e, CT_EINVAL, "unknown AHP method \"%.*s\"",
				(int) (len > 64 ? 64 : len), s);
		ct_hint(e, "Use 'eigenvector' (Saaty's principal eigenvector), 'geometric' (row geometric means) or 'arithmetic' (column-normalised row means).");
		return CT_EINVAL;
	}
	return CT_OK;
}

ct_code
ct_ahp_check_matrix(const double *a, int n, ct_error *e)
{
	int			i,
				j;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
		{
			double		x = a[(size_t) i * n + j];

			if (!(x > 0.0))
			{
				ct_fail(e, CT_EINVAL, "pairwise comparisons must be positive");
				ct_detail(e, "Element [%d][%d] is %g.", i + 1, j + 1, x);
				ct_hint(e, "Saaty's scale runs from 1/9 to 9; write \"i is weaker than j\" as a fraction such as 1.0/3.");
				return CT_EINVAL;
			}
		}
	for (i = 0; i < n; i++)
	{
		double		d = a[(size_t) i * n + i];

		if (fabs(d - 1.0) > CT_AHP_DIAGONAL_TOL)
		{
			ct_fail(e, CT_EINVAL, "the diagonal of a pairwise matrix must be 1");
			ct_detail(e, "Element [%d][%d] is %g.", i + 1, i + 1, d);
			ct_hint(e, "A criterion compared with itself is equally important: put 1 on the diagonal.");
			return CT_EINVAL;
		}
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
		{
			double		x = a[(size_t) i * n + j];
			double		y = a[(size_t) j * n + i];
			double		p = x * y;

			if (!(fabs(p - 1.0) <= CT_AHP_RECIPROCAL_TOL))
			{
				ct_fail(e, CT_EINVAL, "pairwise matrix is not reciprocal");
				ct_detail(e, "Element [%d][%d] is %g and element [%d][%d] is %g; their product %g differs from 1 by more than %g.",
						  i + 1, j + 1, x, j + 1, i + 1, y, p,
						  CT_AHP_RECIPROCAL_TOL);
				ct_hint(e, "Set a[j][i] = 1/a[i][j]; reciprocals typed with two decimals (0.33 for 1/3) are accepted and replaced by the exact reciprocal of the upper triangle.");
				return CT_EINVAL;
			}
		}
	return CT_OK;
}

void
ct_ahp_reciprocal(const double *a, int n, double *out)
{
	int			i,
				j;

	for (i = 0; i < n; i++)
	{
		out[(size_t) i * n + i] = 1.0;
		for (j = i + 1; j < n; j++)
		{
			double		x = a[(size_t) i * n + j];

			out[(size_t) i * n + j] = x;
			out[(size_t) j * n + i] = 1.0 / x;
		}
	}
}

/* The weights must come out finite; extreme entries can overflow a sum. */
static ct_code
check_finite_result(const double *w, int n, ct_error *e)
{
	int			i;

	for (i = 0; i < n; i++)
		if (!isfinite(w[i]))
		{
			ct_fail(e, CT_ERANGE, "pairwise comparisons are too extreme to compute priorities");
			ct_detail(e, "An intermediate sum overflowed the range of float8.");
			ct_hint(e, "Use ratios within Saaty's 1/9..9 scale, or rescale the judgements.");
			return CT_ERANGE;
		}
	return CT_OK;
}

ct_code
ct_ahp_eigen(const double *a, int n, double tol, int max_iter, double *w,
			 double *lambda, int *iterations, double *work, ct_error *e)
{
	double	   *y = work;
	int			it,
				i,
				j;

	for (i = 0; i < n; i++)
		w[i] = 1.0 / n;
	for (it = 1; it <= max_iter; it++)
	{
		double		s = 0.0;
		double		delta = 0.0;

		for (i = 0; i < n; i++)
		{
			const double *row = a + (size_t) i * n;
			double		acc = 0.0;

			for (j = 0; j < n; j++)
				acc += row[j] * w[j];
			y[i] = acc;
			s += acc;
		}
		if (!isfinite(s) || !(s > 0.0))
		{
			ct_fail(e, CT_ERANGE, "pairwise comparisons are too extreme to compute priorities");
			ct_detail(e, "An intermediate sum overflowed the range of float8.");
			ct_hint(e, "Use ratios within Saaty's 1/9..9 scale, or rescale the judgements.");
			return CT_ERANGE;
		}
		for (i = 0; i < n; i++)
		{
			double		v = y[i] / s;
			double		d = fabs(v - w[i]);

			if (d > delta)
				delta = d;
			w[i] = v;
		}
		if (delta < tol)
		{
			double		l = 0.0;

			for (i = 0; i < n; i++)
			{
				const double *row = a + (size_t) i * n;

				for (j = 0; j < n; j++)
					l += row[j] * w[j];
			}
			*lambda = l;
			if (iterations)
				*iterations = it;
			return check_finite_result(w, n, e);
		}
	}
	ct_fail(e, CT_ENOCONV, "power iteration for the principal eigenvector did not converge");
	ct_detail(e, "The weights still changed by more than %g after %d iterations.",
			  tol, max_iter);
	ct_hint(e, "Use method 'geometric', or check the matrix for extreme or contradictory judgements.");
	return CT_ENOCONV;
}

static void
geometric_weights(const double *a, int n, double *w)
{
	double		logs_max = -INFINITY;
	double		s = 0.0;
	int			i,
				j;

	/* row means of logs; exp after subtracting the largest keeps it finite */
	for (i = 0; i < n; i++)
	{
		double		acc = 0.0;

		for (j = 0; j < n; j++)
			acc += log(a[(size_t) i * n + j]);
		w[i] = acc / n;
		if (w[i] > logs_max)
			logs_max = w[i];
	}
	for (i = 0; i < n; i++)
	{
		w[i] = exp(w[i] - logs_max);
		s += w[i];
	}
	for (i = 0; i < n; i++)
		w[i] /= s;
}

static ct_code
arithmetic_weights(const double *a, int n, double *w, double *colsum,
				   ct_error *e)
{
	int			i,
				j;

	for (j = 0; j < n; j++)
	{
		colsum[j] = 0.0;
		for (i = 0; i < n; i++)
			colsum[j] += a[(size_t) i * n + j];
		if (!isfinite(colsum[j]))
		{
			ct_fail(e, CT_ERANGE, "pairwise comparisons are too extreme to compute priorities");
			ct_detail(e, "The sum of column %d overflows float8.", j + 1);
			ct_hint(e, "Use ratios within Saaty's 1/9..9 scale, or method 'geometric'.");
			return CT_ERANGE;
		}
	}
	for (i = 0; i < n; i++)
	{
		double		acc = 0.0;

		for (j = 0; j < n; j++)
			acc += a[(size_t) i * n + j] / colsum[j];
		w[i] = acc / n;
	}
	return CT_OK;
}

ct_code
ct_ahp_weights(const double *a, int n, ct_ahp_method method, double *w,
			   double *work, ct_error *e)
{
	double	   *r = work;
	double	   *scratch = work + (size_t) n * n;
	ct_code		rc;
	double		lambda;

	rc = ct_ahp_check_matrix(a, n, e);
	if (rc != CT_OK)
		return rc;
	ct_ahp_reciprocal(a, n, r);
	switch (method)
	{
		case CT_AHP_EIGENVECTOR:
			return ct_ahp_eigen(r, n, CT_AHP_EIGEN_TOL, CT_AHP_EIGEN_MAX_ITER,
								w, &lambda, NULL, scratch, e);
		case CT_AHP_GEOMETRIC:
			geometric_weights(r, n, w);
			break;
		case CT_AHP_ARITHMETIC:
			rc = arithmetic_weights(r, n, w, scratch, e);
			if (rc != CT_OK)
				return rc;
			break;
	}
	return check_finite_result(w, n, e);
}

double
ct_ahp_random_index(int n)
{
	if (n < 1 || n > CT_AHP_MAX_RI_ORDER)
		return -1.0;
	return ct_ahp_ri[n - 1];
}

ct_code
ct_ahp_consistency(const double *a, int n, ct_ahp_consistency_result *out,
				   double *work, ct_error *e)
{
	double	   *r = work;
	double	   *w = work + (size_t) n * n;
	double	   *scratch = w + n;
	double		lambda;
	ct_code		rc;

	if (n > CT_AHP_MAX_RI_ORDER)
	{
		ct_fail(e, CT_ELIMIT, "consistency ratio is not available for order %d", n);
		ct_detail(e, "Saaty's random index is published for orders 1 to %d only.",
				  CT_AHP_MAX_RI_ORDER);
		ct_hint(e, "Group the criteria into a hierarchy of at most 9 per level, as Saaty recommends; ahp_weights() accepts orders up to %d.",
				CT_MAX_AHP);
		return CT_ELIMIT;
	}
	rc = ct_ahp_check_matrix(a, n, e);
	if (rc != CT_OK)
		return rc;
	ct_ahp_reciprocal(a, n, r);
	rc = ct_ahp_eigen(r, n, CT_AHP_EIGEN_TOL, CT_AHP_EIGEN_MAX_ITER, w,
					  &lambda, NULL, scratch, e);
	if (rc != CT_OK)
		return rc;

	/*
	 * For a positive reciprocal matrix lambda_max >= n (Saaty 1977), with
	 * equality exactly when it is consistent; rounding can leave it a few
	 * ulps below n, so clamp to keep CI non-negative.  Orders 1 and 2 are
	 * always consistent.
	 */
	if (lambda < n || n <= 2)
		lambda = n;
	out->n = n;
	out->lambda_max = lambda;
	out->ri = ct_ahp_random_index(n);
	if (n <= 2)
	{
		out->ci = 0.0;
		out->cr = 0.0;
	}
	else
	{
		out->ci = (lambda - n) / (n - 1);
		out->cr = out->ci / out->ri;
	}
	out->consistent = out->cr <= CT_AHP_CR_THRESHOLD;
	return CT_OK;
}
