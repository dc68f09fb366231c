/*
 * ct_mh.h
 *		The Mantel-Haenszel common risk difference over K 2x2 strata, with
 *		the variance of Sato (1989), consistent both when the strata are
 *		many and sparse and when they are few and large (validate_remedy:
 *		the outcome of cases that got the recommended remedy against cases
 *		that did not, within (segment, problem type) strata).
 *
 * Stratum k: a_k events among n1_k exposed, c_k events among n0_k
 * unexposed, N_k = n1_k + n0_k, weight W_k = n1_k n0_k / N_k:
 *		RD = sum (a_k n0_k - c_k n1_k) / N_k  /  sum W_k
 *		P_k = (n1_k^2 c_k - n0_k^2 a_k + n1_k n0_k (n0_k - n1_k) / 2) / N_k^2
 *		Q_k = (a_k (n0_k - c_k) + c_k (n1_k - a_k)) / (2 N_k)
 *		Var = (RD sum P_k + sum Q_k) / (sum W_k)^2
 * and the interval RD -/+ z sqrt(Var).  A stratum without exposed or
 * without unexposed cases has weight 0 and adds nothing.  With one stratum
 * Var is the usual p1 (1 - p1) / n1 + p0 (1 - p0) / n0.
 *
 * Sato T (1989). On the variance estimator for the Mantel-Haenszel risk
 * difference (letter). Biometrics 45:1323-1324; Greenland S, Robins JM
 * (1985). Estimation of a common effect parameter from sparse follow-up
 * data. Biometrics 41:55-68.
 */
#ifndef CT_MH_H
#define CT_MH_H

#include <stdint.h>

#include "ct_error.h"

typedef struct ct_mh_result
{
	int			strata;			/* strata with both groups */
	int64_t		n1,
				a,				/* exposed: cases, events (in those strata) */
				n0,
				c;				/* unexposed */
	double		rd;				/* NaN without a usable stratum */
	double		se;
	double		lo,
				hi;
} ct_mh_result;

/*
 * k strata (k >= 0); counts must satisfy 0 <= a <= n1, 0 <= c <= n0
 * (CT_EINVAL naming the stratum); z > 0 is the normal quantile of the
 * interval (1.959963984540054 for 95 %).
 */
extern ct_code ct_mh_risk_difference(const int64_t *a, const int64_t *n1,
									 const int64_t *c, const int64_t *n0,
									 int k, double z, ct_mh_result *r,
									 ct_error *e);

#endif							/* CT_MH_H */
