/*
 * ct_mcdm.c
 *		TOPSIS closeness, grey relational grade and VIKOR S, R and Q for one
 *		alternative against population reference points.
 *
 * Each result is a ratio that does not change when its inputs are scaled by
 * a common factor, so inputs near the ends of the double range are rescaled
 * by a power of two (exact: same bits as the unscaled formula) instead of
 * letting an intermediate overflow to Infinity or underflow to zero.
 */
#include "ct_mcdm.h"

#include <float.h>
#include <math.h>

#include "ct_scalar.h"

/* Magnitudes inside [2^-400, 2^400] are used unscaled. */
#define SAFE_MIN 0x1p-400
#define SAFE_MAX 0x1p400

/*
 * The power of two that brings a positive magnitude m into [1/2, 1), or 0
 * when m needs no scaling (or is 0).
 */
static int
scale_exponent(double m)
{
	int			k;

	if (m == 0.0 || (m >= SAFE_MIN && m <= SAFE_MAX))
		return 0;
	(void) frexp(m, &k);
	return -k;
}

static ct_code
check_length(int n, ct_error *e)
{
	if (n < 1)
		return ct_fail(e, CT_ESHAPE, "criteria vectors must not be empty");
	if (n > CT_MAX_VECTOR)
	{
		ct_fail(e, CT_ELIMIT, "too many criteria");
		ct_detail(e, "There are %d criteria; the limit is %d.", n, CT_MAX_VECTOR);
		return CT_ELIMIT;
	}
	return CT_OK;
}

ct_code
ct_topsis(const double *v, const double *w, const double *ideal,
		  const double *anti_ideal, int n, double *closeness, ct_error *e)
{
	double		vmax = 0.0;
	double		wmax = 0.0;
	double		sum_pos = 0.0;
	double		sum_neg = 0.0;
	double		d_pos;
	double		d_neg;
	int			kv;
	int			kw;
	int			j;

	ct_error_clear(e);
	*closeness = 0.0;
	if (check_length(n, e) != CT_OK ||
		ct_check_weights(w, n, "weights", e) != CT_OK)
		return e->code;

	/* criteria with zero weight take no part, whatever their values */
	for (j = 0; j < n; j++)
	{
		if (w[j] == 0.0)
			continue;
		vmax = fmax(vmax, fmax(fabs(v[j]), fmax(fabs(ideal[j]), fabs(anti_ideal[j]))));
		wmax = fmax(wmax, w[j]);
	}
	kv = scale_exponent(vmax);
	kw = scale_exponent(wmax);
	for (j = 0; j < n; j++)
	{
		double		wj = w[j];
		double		x = v[j];
		double		p = ideal[j];
		double		q = anti_ideal[j];
		double		tp;
		double		tn;

		if (wj == 0.0)
			continue;
		if (kv != 0)
		{
			x = ldexp(x, kv);
			p = ldexp(p, kv);
			q = ldexp(q, kv);
		}
		if (kw != 0)
			wj = ldexp(wj, kw);
		tp = wj * (x - p);
		tn = wj * (x - q);
		sum_pos += tp * tp;
		sum_neg += tn * tn;
	}
	d_pos = sqrt(sum_pos);
	d_neg = sqrt(sum_neg);

	/*
	 * D+ = 0 means the alternative sits on the ideal point: closeness 1, also
	 * when the ideal and the anti-ideal coincide there (D+ = D- = 0, where
	 * the formula is 0/0).
	 */
	if (d_pos == 0.0)
		*closeness = 1.0;
	else
		*closeness = d_neg / (d_pos + d_neg);
	return CT_OK;
}

ct_code
ct_grey_relational_grade(const double *v, const double *w,
						 const double *reference, int n,
						 double delta_min, double delta_max, double rho,
						 double *grade, ct_error *e)
{
	double		wsum = 0.0;
	double		acc = 0.0;
	double		dmin;
	double		dmax;
	double		num;
	int			k;
	int			j;

	ct_error_clear(e);
	*grade = 0.0;
	if (check_length(n, e) != CT_OK ||
		ct_check_weights(w, n, "weights", e) != CT_OK)
		return e->code;
	if (!(rho > 0.0 && rho <= 1.0))
	{
		ct_fail(e, CT_EINVAL, "distinguishing coefficient rho must be in (0, 1]");
		ct_detail(e, "rho is %g.", rho);
		ct_hint(e, "Deng's usual choice is rho = 0.5.");
		return CT_EINVAL;
	}
	if (!(delta_min >= 0.0 && delta_min <= delta_max && delta_max > 0.0))
	{
		ct_fail(e, CT_EINVAL, "delta_min and delta_max must satisfy 0 <= delta_min <= delta_max and delta_max > 0");
		ct_detail(e, "delta_min is %g and delta_max is %g.", delta_min, delta_max);
		ct_hint(e, "Pass the smallest and largest |reference - value| over the whole population and every criterion.");
		return CT_EINVAL;
	}
	for (j = 0; j < n; j++)
		wsum += w[j];

	k = scale_exponent(delta_max);
	dmin = ldexp(delta_min, k);
	dmax = ldexp(delta_max, k);
	num = dmin + rho * dmax;
	for (j = 0; j < n; j++)
	{
		double		delta;
		double		xi;

		if (w[j] == 0.0)
			continue;
		delta = fabs(reference[j] - v[j]);
		if (k != 0)
			delta = ldexp(delta, k);
		/* an overflowing |reference - value| is infinitely far: xi = 0 */
		xi = isinf(delta) ? 0.0 : num / (delta + rho * dmax);
		acc += (w[j] / wsum) * xi;
	}
	if (!isfinite(acc))
	{
		ct_fail(e, CT_ERANGE, "grey relational grade is out of range");
		ct_detail(e, "rho %g is too small for delta_max %g.", rho, delta_max);
		ct_hint(e, "Use a distinguishing coefficient rho nearer 0.5.");
		return CT_ERANGE;
	}
	*grade = acc;
	return CT_OK;
}

/*
 * (a - b) / (c - d), halving the operands first when a difference would
 * overflow (halving a finite double is exact except deep in the subnormals).
 */
static double
ratio_of_differences(double a, double b, double c, double d)
{
	double		num = a - b;
	double		den = c - d;

	if (isinf(num) || isinf(den))
	{
		num = a * 0.5 - b * 0.5;
		den = c * 0.5 - d * 0.5;
	}
	return num / den;
}

ct_code
ct_vikor_sr(const double *v, const double *w, const double *best,
			const double *worst, int n, double *s, double *r, ct_error *e)
{
	double		sum = 0.0;
	double		mx = -HUGE_VAL;
	int			j;

	ct_error_clear(e);
	*s = 0.0;
	*r = 0.0;
	if (check_length(n, e) != CT_OK ||
		ct_check_weights(w, n, "weights", e) != CT_OK)
		return e->code;
	for (j = 0; j < n; j++)
	{
		double		d = 0.0;

		/* a criterion on which best and worst coincide cannot be regretted */
		if (w[j] != 0.0 && best[j] != worst[j])
			d = w[j] * ratio_of_differences(best[j], v[j], best[j], worst[j]);
		sum += d;
		if (d > mx)
			mx = d;
	}
	if (!isfinite(sum) || !isfinite(mx))
	{
		ct_fail(e, CT_ERANGE, "VIKOR group utility is out of range");
		ct_detail(e, "The values lie too far outside the range between best and worst.");
		ct_hint(e, "Take best and worst from the population the values come from.");
		return CT_ERANGE;
	}
	*s = sum;
	*r = mx;
	return CT_OK;
}

ct_code
ct_vikor_q(double s, double r, double s_best, double s_worst,
		   double r_best, double r_worst, double v, double *q, ct_error *e)
{
	double		ts = 0.0;
	double		tr = 0.0;
	double		out = 0.0;

	ct_error_clear(e);
	*q = 0.0;
	if (!(v >= 0.0 && v <= 1.0))
	{
		ct_fail(e, CT_EINVAL, "VIKOR strategy weight v must be between 0 and 1");
		ct_detail(e, "v is %g.", v);
		ct_hint(e, "v = 0.5 balances group utility and individual regret.");
		return CT_EINVAL;
	}
	if (s_best > s_worst)
	{
		ct_fail(e, CT_EINVAL, "s_best must not exceed s_worst");
		ct_detail(e, "s_best is %g and s_worst is %g.", s_best, s_worst);
		ct_hint(e, "s_best is the smallest S of the population (S*), s_worst the largest (S-).");
		return CT_EINVAL;
	}
	if (r_best > r_worst)
	{
		ct_fail(e, CT_EINVAL, "r_best must not exceed r_worst");
		ct_detail(e, "r_best is %g and r_worst is %g.", r_best, r_worst);
		ct_hint(e, "r_best is the smallest R of the population (R*), r_worst the largest (R-).");
		return CT_EINVAL;
	}

	/* a term whose population range is empty cannot separate anybody: 0 */
	if (s_worst != s_best)
		ts = ratio_of_differences(s, s_best, s_worst, s_best);
	if (r_worst != r_best)
		tr = ratio_of_differences(r, r_best, r_worst, r_best);
	if (v != 0.0)
		out += v * ts;
	if (v != 1.0)
		out += (1.0 - v) * tr;
	if (!isfinite(out))
	{
		ct_fail(e, CT_ERANGE, "VIKOR compromise index Q is out of range");
		ct_detail(e, "S or R lies too far outside the population range.");
		return CT_ERANGE;
	}
	*q = out;
	return CT_OK;
}
