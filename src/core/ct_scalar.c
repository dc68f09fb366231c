/*
 * ct_scalar.c
 *		Normalisation, quantification, additive weighting and tier lookup.
 */
#include "ct_scalar.h"
#include "ct_text.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

ct_code
ct_parse_direction(const char *s, size_t len, ct_direction *out, ct_error *e)
{
	if (ct_word_equals(s, len, "benefit"))
		*out = CT_BENEFIT;
	else if (ct_word_equals(s, len, "cost"))
		*out = CT_COST;
	else
	{
		ct_fail(e, CT_EINVAL, "unknown direction \"%.*s\"",
				(int) (len > 64 ? 64 : len), s);
		ct_hint(e, "Use 'benefit' (larger is better) or 'cost' (smaller is better); for an interval indicator use normalize_target().");
		return CT_EINVAL;
	}
	return CT_OK;
}

ct_code
ct_normalize(double x, double lo, double hi, ct_direction dir, double *out,
			 ct_error *e)
{
	double		t;

	if (lo > hi)
	{
		ct_fail(e, CT_EINVAL, "lower bound %g exceeds upper bound %g", lo, hi);
		ct_hint(e, "Pass the range as (lo, hi) with lo <= hi.");
		return CT_EINVAL;
	}
	if (x <= lo && x < hi)
		t = 0.0;
	else if (x >= hi)
		t = 1.0;
	else
	{
		/* lo < x < hi here; halve first so that huge ranges cannot overflow */
		t = (x * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5);
		if (t < 0.0)
			t = 0.0;
		if (t > 1.0)
			t = 1.0;
	}
	if (dir == CT_COST)
	{
		/* degenerate range: a value at the range keeps full credit */
		if (lo == hi && x == lo)
			t = 1.0;
		else
			t = 1.0 - t;
	}
	*out = t;
	return CT_OK;
}

ct_code
ct_check_target(double lo, double hi, double best_lo, double best_hi,
				ct_error *e)
{
	if (!(lo <= best_lo && best_lo <= best_hi && best_hi <= hi))
	{
		ct_fail(e, CT_EINVAL, "target interval is not nested in the range");
		ct_detail(e, "Need lo <= best_lo <= best_hi <= hi, got lo = %g, best_lo = %g, best_hi = %g, hi = %g.",
				  lo, best_lo, best_hi, hi);
		return CT_EINVAL;
	}
	return CT_OK;
}

ct_code
ct_normalize_target(double x, double lo, double hi, double best_lo,
					double best_hi, double *out, ct_error *e)
{
	ct_code		rc = ct_check_target(lo, hi, best_lo, best_hi, e);

	if (rc != CT_OK)
		return rc;
	if (x >= best_lo && x <= best_hi)
		*out = 1.0;
	else if (x < lo || x > hi)
		*out = 0.0;
	else if (x < best_lo)
		*out = (x - lo) / (best_lo - lo);	/* best_lo > x >= lo */
	else
		*out = (hi - x) / (hi - best_hi);	/* best_hi < x <= hi */
	return CT_OK;
}

double
ct_quantify_even(int i, int n)
{
	if (n <= 1)
		return 1.0;
	return (double) i / (double) (n - 1);
}

double
ct_weighted_sum(const double *v, const double *w, int n)
{
	double		s = 0.0;
	int			j;

	for (j = 0; j < n; j++)
		s += v[j] * w[j];
	return s;
}

ct_code
ct_check_weights(const double *w, int n, const char *what, ct_error *e)
{
	double		sum = 0.0;
	int			j;

	for (j = 0; j < n; j++)
	{
		if (w[j] < 0.0)
		{
			ct_fail(e, CT_EINVAL, "%s must not be negative", what);
			ct_detail(e, "Element %d is %g.", j + 1, w[j]);
			return CT_EINVAL;
		}
		sum += w[j];
	}
	if (!(sum > 0.0) || !isfinite(sum))
	{
		ct_fail(e, CT_EINVAL, "%s must have a positive finite sum", what);
		ct_detail(e, "The %d elements sum to %g.", n, sum);
		return CT_EINVAL;
	}
	return CT_OK;
}

ct_code
ct_check_cuts(const double *cuts, int n, ct_error *e)
{
	int			i;

	for (i = 1; i < n; i++)
	{
		if (!(cuts[i - 1] < cuts[i]))
		{
			ct_fail(e, CT_EINVAL, "tier cuts must be strictly ascending");
			ct_detail(e, "Cut %d (%g) is not below cut %d (%g).",
					  i, cuts[i - 1], i + 1, cuts[i]);
			return CT_EINVAL;
		}
	}
	return CT_OK;
}

int
ct_tier_index(double score, const double *cuts, int n)
{
	int			lo = 0,
				hi = n;

	/* first index whose cut is > score; a score equal to a cut goes up */
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (cuts[mid] <= score)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
