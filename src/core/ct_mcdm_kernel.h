/*
 * ct_mcdm_kernel.h
 *		The arithmetic of TOPSIS closeness, grey relational grade and VIKOR
 *		S, R and Q, written once for the general functions of ct_mcdm.c and
 *		the per-row fast paths of ct_model.c.
 *
 * Both callers must produce the same bits, so the floating-point operations
 * and their order live only here.  The kernels take arrays that their
 * caller has already validated (length n >= 1, finite values, weights
 * passing ct_check_weights, parameters in range) and report nothing: the
 * callers decide what an out-of-range result means (an error for the
 * general functions, a fall back to the general function for the fast
 * paths).  Include only from src/core.
 */
#ifndef CT_MCDM_KERNEL_H
#define CT_MCDM_KERNEL_H

#include <math.h>
#include <stddef.h>

/* Magnitudes inside [2^-400, 2^400] are used unscaled. */
#define CT_SAFE_MIN 0x1p-400
#define CT_SAFE_MAX 0x1p400

/*
 * The power of two that brings a positive magnitude m into [1/2, 1), or 0
 * when m needs no scaling (or is 0).
 */
static inline int
scale_exponent(double m)
{
	int			k;

	if (m == 0.0 || (m >= CT_SAFE_MIN && m <= CT_SAFE_MAX))
		return 0;
	(void) frexp(m, &k);
	return -k;
}

/*
 * (a - b) / (c - d), halving the operands first when a difference would
 * overflow (halving a finite double is exact except deep in the subnormals).
 */
static inline double
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

/*
 * TOPSIS closeness with values (v, ideal, anti_ideal) scaled by 2^kv and
 * weights by 2^kw; kv = kw = 0 is the unscaled formula.  Criteria of weight
 * 0 take no part, whatever their values.
 */
static inline double
ct_topsis_closeness(const double *v, const double *w, const double *ideal,
					const double *anti_ideal, int n, int kv, int kw)
{
	double		sum_pos = 0.0;
	double		sum_neg = 0.0;
	double		d_pos;
	double		d_neg;

	for (int j = 0; j < n; j++)
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
		return 1.0;
	return d_neg / (d_pos + d_neg);
}

/*
 * The constants of the grey relational coefficient for a population's
 * delta_min and delta_max: the scale exponent k of delta_max, the scaled
 * numerator dmin + rho dmax and the scaled rho dmax.
 */
static inline void
ct_grey_constants(double delta_min, double delta_max, double rho,
				  int *k, double *num, double *rd)
{
	double		dmin;
	double		dmax;

	*k = scale_exponent(delta_max);
	dmin = ldexp(delta_min, *k);
	dmax = ldexp(delta_max, *k);
	*rd = rho * dmax;
	*num = dmin + *rd;
}

/*
 * Grey relational grade sum (w_j / wsum) xi_j over the criteria of nonzero
 * weight, with k, num and rd from ct_grey_constants.  wn, when not NULL,
 * holds w_j / wsum already divided out (the fast path's constants; same
 * bits).  The sum is not checked: a rho too small for delta_max makes it
 * Infinity.
 */
static inline double
ct_grey_grade_sum(const double *v, const double *reference, const double *w,
				  const double *wn, double wsum, int n,
				  int k, double num, double rd)
{
	double		acc = 0.0;

	for (int j = 0; j < n; j++)
	{
		double		delta;
		double		xi;

		if (w[j] == 0.0)
			continue;
		delta = fabs(reference[j] - v[j]);
		if (k != 0)
			delta = ldexp(delta, k);
		/* an overflowing |reference - value| is infinitely far: xi = 0 */
		xi = isinf(delta) ? 0.0 : num / (delta + rd);
		acc += (wn != NULL ? wn[j] : w[j] / wsum) * xi;
	}
	return acc;
}

/*
 * VIKOR group utility S (*s) and individual regret R (*r), unchecked: a
 * value far outside [worst, best] can make them infinite.
 */
static inline void
ct_vikor_sr_sums(const double *v, const double *w, const double *best,
				 const double *worst, int n, double *s, double *r)
{
	double		sum = 0.0;
	double		mx = -HUGE_VAL;

	for (int j = 0; j < n; j++)
	{
		double		d = 0.0;

		/* a criterion on which best and worst coincide cannot be regretted */
		if (w[j] != 0.0 && best[j] != worst[j])
			d = w[j] * ratio_of_differences(best[j], v[j], best[j], worst[j]);
		sum += d;
		if (d > mx)
			mx = d;
	}
	*s = sum;
	*r = mx;
}

/*
 * VIKOR compromise index Q for 0 <= v <= 1, s_best <= s_worst and
 * r_best <= r_worst; unchecked (S or R far outside the population range can
 * make it infinite).
 */
static inline double
ct_vikor_q_index(double s, double r, double s_best, double s_worst,
				 double r_best, double r_worst, double v)
{
	double		ts = 0.0;
	double		tr = 0.0;
	double		out = 0.0;

	/* a term whose population range is empty cannot separate anybody: 0 */
	if (s_worst != s_best)
		ts = ratio_of_differences(s, s_best, s_worst, s_best);
	if (r_worst != r_best)
		tr = ratio_of_differences(r, r_best, r_worst, r_best);
	if (v != 0.0)
		out += v * ts;
	if (v != 1.0)
		out += (1.0 - v) * tr;
	return out;
}

#endif							/* CT_MCDM_KERNEL_H */
