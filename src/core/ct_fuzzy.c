/*
 * ct_fuzzy.c
 *		Fuzzy comprehensive evaluation: triangular membership, the
 *		composition B = W o R and defuzzification.  See ct_fuzzy.h.
 *
 * Conventions (documented in doc/ahp_fuzzy.md):
 *	- W is rescaled to sum 1 before the composition (the method assumes
 *	  sum w_i = 1); weights must be non-negative with a positive sum.
 *	- B is returned as composed, not normalised: for 'weighted_average' with
 *	  rows of R summing to 1 it already sums to 1; for the max-based
 *	  operators the user normalises if wanted (fuzzy_score() is scale-free).
 *	- The "+" of 'weighted_average' and 'min_sum' is the bounded sum
 *	  min(1, sum); with W summing to 1 and R in [0,1] the bound never binds.
 */
#include "ct_fuzzy.h"
#include "ct_text.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

/* weights summing to 1 within this are not rescaled */
#define CT_FUZZY_WSUM_TOL 1e-9

ct_code
ct_fuzzy_parse_operator(const char *s, size_t len, ct_fuzzy_op *op,
						ct_error *e)
{
	if (ct_word_equals(s, len, "weighted_average"))
		*op = CT_FUZZY_WEIGHTED_AVERAGE;
	else if (ct_word_equals(s, len, "min_max"))
		*op = CT_FUZZY_MIN_MAX;
	else if (ct_word_equals(s, len, "product_max"))
		*op = CT_FUZZY_PRODUCT_MAX;
	else if (ct_word_equals(s, len, "min_sum"))
		*op = CT_FUZZY_MIN_SUM;
	else
	{
		ct_fail(e, CT_EINVAL, "unknown fuzzy operator \"%.*s\"",
				(int) (len > 64 ? 64 : len), s);
		ct_hint(e, "Use 'weighted_average' M(*,+), 'min_max' M(min,max), 'product_max' M(*,max) or 'min_sum' M(min,+).");
		return CT_EINVAL;
	}
	return CT_OK;
}

ct_code
ct_fuzzy_membership(double x, const double *centres, int k, double *out,
					ct_error *e)
{
	int			i,
				lo,
				hi;
	double		t,
				span;

	if (k < 1)
		return ct_fail(e, CT_ESHAPE, "breakpoints must not be empty");
	for (i = 1; i < k; i++)
		if (!(centres[i - 1] < centres[i]))
		{
			ct_fail(e, CT_EINVAL, "breakpoints must be strictly ascending");
			ct_detail(e, "Element %d (%g) is not below element %d (%g).",
					  i, centres[i - 1], i + 1, centres[i]);
			ct_hint(e, "List the grade centres from the lowest grade to the highest.");
			return CT_EINVAL;
		}
	for (i = 0; i < k; i++)
		out[i] = 0.0;
	if (x <= centres[0])
	{
		out[0] = 1.0;
		return CT_OK;
	}
	if (x >= centres[k - 1])
	{
		out[k - 1] = 1.0;
		return CT_OK;
	}
	/* centres[lo] <= x < centres[lo + 1] */
	lo = 0;
	hi = k - 1;
	while (hi - lo > 1)
	{
		int			mid = lo + (hi - lo) / 2;

		if (centres[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	span = centres[hi] - centres[lo];
	if (isfinite(span))
		t = (x - centres[lo]) / span;
	else						/* halve first: a huge span overflows */
		t = (x * 0.5 - centres[lo] * 0.5) / (centres[hi] * 0.5 - centres[lo] * 0.5);
	if (t < 0.0)
		t = 0.0;
	if (t > 1.0)
		t = 1.0;
	out[lo] = 1.0 - t;
	out[hi] = t;
	return CT_OK;
}

double
ct_fuzzy_weight_scale(double wsum)
{
	return fabs(wsum - 1.0) <= CT_FUZZY_WSUM_TOL ? 1.0 : 1.0 / wsum;
}

ct_code
ct_fuzzy_evaluate(const double *w, int m, const double *r, int k,
				  ct_fuzzy_op op, double *b, ct_error *e)
{
	double		wsum = 0.0;
	double		scale;
	int			i,
				j;

	if (m < 1 || k < 1)
		return ct_fail(e, CT_ESHAPE, "membership must not be empty");
	for (i = 0; i < m; i++)
	{
		if (!(w[i] >= 0.0))
		{
			ct_fail(e, CT_EINVAL, "weights must not be negative");
			ct_detail(e, "Element %d is %g.", i + 1, w[i]);
			return CT_EINVAL;
		}
		wsum += w[i];
	}
	if (!(wsum > 0.0) || !isfinite(wsum))
	{
		ct_fail(e, CT_EINVAL, "weights must have a positive finite sum");
		ct_detail(e, "The %d weights sum to %g.", m, wsum);
		ct_hint(e, "Give at least one factor a positive weight.");
		return CT_EINVAL;
	}
	for (i = 0; i < m; i++)
		for (j = 0; j < k; j++)
		{
			double		v = r[(size_t) i * k + j];

			if (!(v >= 0.0 && v <= 1.0))
			{
				ct_fail(e, CT_EINVAL, "membership degrees must lie in [0, 1]");
				ct_detail(e, "Element [%d][%d] is %g.", i + 1, j + 1, v);
				ct_hint(e, "Row i holds the degrees to which factor i belongs to each grade, for example the share of experts choosing that grade.");
				return CT_EINVAL;
			}
		}

	/*
	 * Weights that already sum to 1 up to rounding (0.1 + 0.2 + 0.3 + 0.4)
	 * are used as given, so that textbook results come out exactly.
	 */
	scale = ct_fuzzy_weight_scale(wsum);
	for (j = 0; j < k; j++)
	{
		double		acc = 0.0;

		for (i = 0; i < m; i++)
		{
			double		wi = w[i] * scale;
			double		v = r[(size_t) i * k + j];

			switch (op)
			{
				case CT_FUZZY_WEIGHTED_AVERAGE:
					acc += wi * v;
					break;
				case CT_FUZZY_MIN_MAX:
					v = wi < v ? wi : v;
					if (v > acc)
						acc = v;
					break;
				case CT_FUZZY_PRODUCT_MAX:
					v = wi * v;
					if (v > acc)
						acc = v;
					break;
				case CT_FUZZY_MIN_SUM:
					acc += wi < v ? wi : v;
					break;
			}
		}
		/* bounded sum; only rounding can push it past 1 */
		b[j] = acc > 1.0 ? 1.0 : acc;
	}
	return CT_OK;
}

ct_code
ct_fuzzy_score(const double *b, const double *grade_values, int k,
			   double *score, ct_error *e)
{
	double		num = 0.0;
	double		den = 0.0;
	int			i;

	if (k < 1)
		return ct_fail(e, CT_ESHAPE, "grades must not be empty");
	for (i = 0; i < k; i++)
	{
		if (!(b[i] >= 0.0))
		{
			ct_fail(e, CT_EINVAL, "grade memberships must not be negative");
			ct_detail(e, "Element %d is %g.", i + 1, b[i]);
			return CT_EINVAL;
		}
		den += b[i];
	}
	if (!(den > 0.0))
	{
		ct_fail(e, CT_EINVAL, "grade memberships must not all be zero");
		ct_detail(e, "A defuzzified score is sum(b_i g_i) / sum(b_i), undefined when sum(b_i) = 0.");
		ct_hint(e, "Check that the evaluation gave the object some membership in at least one grade.");
		return CT_EINVAL;
	}
	if (!isfinite(den))
	{
		ct_fail(e, CT_ERANGE, "grade memberships are too large");
		ct_detail(e, "Their sum overflows float8.");
		return CT_ERANGE;
	}
	/* divide before summing so that huge grade values cannot overflow early */
	for (i = 0; i < k; i++)
		num += (b[i] / den) * grade_values[i];
	if (!isfinite(num))
	{
		ct_fail(e, CT_ERANGE, "defuzzified score is out of range");
		ct_detail(e, "The weighted sum of the grade values overflows float8.");
		return CT_ERANGE;
	}
	*score = num;
	return CT_OK;
}
