/*
 * ct_remedy_recommend.c
 *		Recommending a remedy from the statistics (see ct_remedy.h): the
 *		Wilson score lower bound of acceptance, and the remedy with the best
 *		bound for a (segment, problem type).
 */
#include "ct_remedy_int.h"

double
ct_wilson_lower(int64_t k, int64_t n, double z)
{
	double		p,
				z2,
				dn,
				centre,
				half;

	if (n <= 0)
		return 0.0;
	dn = (double) n;
	p = (double) k / dn;
	z2 = z * z;
	centre = p + z2 / (2.0 * dn);
	half = z * sqrt(p * (1.0 - p) / dn + z2 / (4.0 * dn * dn));
	/* k = 0: the bound is exactly 0 (rounding could leave -1e-17) */
	if (k <= 0)
		return 0.0;
	return (centre - half) / (1.0 + z2 / dn);
}

int
ct_remedy_recommend(const ct_remedy_state *st, const char *seg, size_t sl,
					const char *prob, size_t pl, int64_t min_cases)
{
	const ct_remedy_entry *en = ct_remedy_entries(st);
	uint32_t	i = ct_remedy_lower_bound(st, seg, sl, prob, pl, "", 0);
	int			best = -1;
	double		best_lb = -1.0;

	if (min_cases < 1)
		min_cases = 1;
	for (; i < st->nentries && ct_remedy_cmp_key(st, &en[i], seg, sl, prob, pl, NULL, 0) == 0; i++)
	{
		const ct_remedy_entry *x = &en[i];
		double		lb;

		if (x->cases < min_cases)
			continue;
		lb = ct_wilson_lower(x->accepted, x->cases, CT_WILSON_Z95);
		if (best < 0 || lb > best_lb ||
			(lb == best_lb && x->cases > en[best].cases))
		{
			/* equal bound and cases: the earlier (smaller) remedy stays */
			best = (int) i;
			best_lb = lb;
		}
	}
	return best;
}
