/*
 * ct_mcdm.c
 *		TOPSIS closeness, grey relational grade and VIKOR S, R and Q for one
 *		alternative against population reference points.
 *
 * Each result is a ratio that does not change when its inputs are scaled by
 * a common factor, so inputs near the ends of the double range are rescaled
 * by a power of two (exact: same bits as the unscaled formula) instead of
 * letting an intermediate overflow to Infinity or underflow to zero.  The
 * arithmetic itself is in ct_mcdm_kernel.h, shared with the per-row fast
 * paths of ct_model.c; this file checks the arguments and picks the scale.
 */
#include "ct_mcdm.h"

#include <float.h>
#include <math.h>

#include "ct_mcdm_kernel.h"
#include "ct_scalar.h"

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
	*closeness = ct_topsis_closeness(v, w, ideal, anti_ideal, n,
									 scale_exponent(vmax),
									 scale_exponent(wmax));
	return CT_OK;
}

ct_code
ct_grey_relational_grade(const double *v, const double *w,
						 const double *reference, int n,
						 double delta_min, double delta_max, double rho,
						 double *grade, ct_error *e)
{
	double		wsum = 0.0;
	double		acc;
	double		num;
	double		rd;
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

	ct_grey_constants(delta_min, delta_max, rho, &k, &num, &rd);
	acc = ct_grey_grade_sum(v, reference, w, NULL, wsum, n, k, num, rd);
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

ct_code
ct_vikor_sr(const double *v, const double *w, const double *best,
			const double *worst, int n, double *s, double *r, ct_error *e)
{
	double		sum;
	double		mx;

	ct_error_clear(e);
	*s = 0.0;
	*r = 0.0;
	if (check_length(n, e) != CT_OK ||
		ct_check_weights(w, n, "weights", e) != CT_OK)
		return e->code;
	ct_vikor_sr_sums(v, w, best, worst, n, &sum, &mx);
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
	double		out;

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

	out = ct_vikor_q_index(s, r, s_best, s_worst, r_best, r_worst, v);
	if (!isfinite(out))
	{
		ct_fail(e, CT_ERANGE, "VIKOR compromise index Q is out of range");
		ct_detail(e, "S or R lies too far outside the population range.");
		return CT_ERANGE;
	}
	*q = out;
	return CT_OK;
}
