/*
 * ct_mh.c
 *		Mantel-Haenszel common risk difference with Sato's variance (see
 *		ct_mh.h).
 */
#include "ct_mh.h"

#include <math.h>

ct_code
ct_mh_risk_difference(const int64_t *a, const int64_t *n1, const int64_t *c,
					  const int64_t *n0, int k, double z, ct_mh_result *r,
					  ct_error *e)
{
	double		num = 0.0,
				w = 0.0,
				p = 0.0,
				q = 0.0,
				var;

	r->strata = 0;
	r->n1 = r->a = r->n0 = r->c = 0;
	r->rd = r->se = r->lo = r->hi = NAN;
	if (!(z > 0.0) || !isfinite(z))
		return ct_fail(e, CT_EINVAL, "the normal quantile must be positive");
	for (int i = 0; i < k; i++)
	{
		double		da = (double) a[i],
					dc = (double) c[i],
					d1 = (double) n1[i],
					d0 = (double) n0[i],
					dn = d1 + d0;

		if (n1[i] < 0 || n0[i] < 0 || a[i] < 0 || c[i] < 0 || a[i] > n1[i] || c[i] > n0[i])
		{
			ct_fail(e, CT_EINVAL, "invalid counts in stratum %d", i + 1);
			ct_detail(e, "Events must lie between 0 and the cases of their group (a = %lld of n1 = %lld, c = %lld of n0 = %lld).",
					  (long long) a[i], (long long) n1[i], (long long) c[i], (long long) n0[i]);
			return CT_EINVAL;
		}
		if (n1[i] == 0 || n0[i] == 0)
			continue;
		r->strata++;
		r->n1 += n1[i];
		r->a += a[i];
		r->n0 += n0[i];
		r->c += c[i];
		num += (da * d0 - dc * d1) / dn;
		w += d1 * d0 / dn;
		p += (d1 * d1 * dc - d0 * d0 * da + d1 * d0 * (d0 - d1) / 2.0) / (dn * dn);
		q += (da * (d0 - dc) + dc * (d1 - da)) / (2.0 * dn);
	}
	if (r->strata == 0)
		return CT_OK;
	r->rd = num / w;
	var = (r->rd * p + q) / (w * w);
	r->se = sqrt(var > 0.0 ? var : 0.0);
	r->lo = r->rd - z * r->se;
	r->hi = r->rd + z * r->se;
	return CT_OK;
}
