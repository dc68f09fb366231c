/*
 * ct_validate.c
 *		A score and its tiers against an observed binary outcome: exact AUC
 *		with DeLong's interval, Wilson intervals, lift and monotonicity
 *		(see ct_validate.h).
 */
#include "ct_validate.h"

#include <math.h>

#include "ct_rank.h"

ct_code
ct_auc_delong(const double *score, const uint8_t *y, int n, double z,
			  double *dscratch, int *iscratch, ct_auc *out, ct_error *e)
{
	double	   *rank_all = dscratch;
	double	   *grouped = dscratch + n;
	double	   *rank_in = dscratch + 2 * (size_t) n;
	int		   *order = iscratch;
	int		   *tmp = iscratch + n;
	int64_t		m = 0,
				k = 0;
	int			ip,
				in;
	double		rsum = 0.0,
				auc,
				s10 = 0.0,
				s01 = 0.0;

	out->positives = out->negatives = 0;
	out->auc = out->se = out->ci_low = out->ci_high = NAN;
	if (n < 0 || n > CT_MAX_RANK_N)
		return ct_fail(e, CT_ELIMIT, "too many scores for the AUC");
	for (int i = 0; i < n; i++)
	{
		if (!isfinite(score[i]))
			return ct_fail(e, CT_EINVAL, "scores must be finite numbers");
		if (y[i])
			m++;
		else
			k++;
	}
	out->positives = m;
	out->negatives = k;
	if (m == 0 || k == 0)
		return CT_OK;

	ct_average_ranks(score, n, rank_all, order, tmp);
	/* positives first, then negatives, each in input order */
	ip = 0;
	in = (int) m;
	for (int i = 0; i < n; i++)
	{
		if (y[i])
		{
			grouped[ip++] = score[i];
			rsum += rank_all[i];
		}
		else
			grouped[in++] = score[i];
	}
	/*
	 * Ranks are multiples of 1/2 and their sum is below 2^53 for n up to
	 * CT_MAX_RANK_N, so the numerator is exact.
	 */
	auc = (rsum - (double) m * ((double) m + 1.0) / 2.0) / ((double) m * (double) k);
	out->auc = auc;
	if (m < 2 || k < 2)
		return CT_OK;

	/* placement values from the ranks within each group */
	ct_average_ranks(grouped, (int) m, rank_in, order, tmp);
	ct_average_ranks(grouped + m, (int) k, rank_in + m, order, tmp);
	ip = 0;
	in = (int) m;
	for (int i = 0; i < n; i++)
	{
		double		v;

		if (y[i])
		{
			v = (rank_all[i] - rank_in[ip++]) / (double) k - auc;
			s10 += v * v;
		}
		else
		{
			v = 1.0 - (rank_all[i] - rank_in[in++]) / (double) m - auc;
			s01 += v * v;
		}
	}
	s10 /= (double) (m - 1);
	s01 /= (double) (k - 1);
	out->se = sqrt(s10 / (double) m + s01 / (double) k);
	out->ci_low = fmax(0.0, auc - z * out->se);
	out->ci_high = fmin(1.0, auc + z * out->se);
	return CT_OK;
}

void
ct_wilson_interval(int64_t k, int64_t n, double z, double *lo, double *hi)
{
	double		dn,
				p,
				z2,
				centre,
				half,
				denom;

	if (n <= 0)
	{
		*lo = *hi = NAN;
		return;
	}
	dn = (double) n;
	p = (double) k / dn;
	z2 = z * z;
	centre = p + z2 / (2.0 * dn);
	half = z * sqrt(p * (1.0 - p) / dn + z2 / (4.0 * dn * dn));
	denom = 1.0 + z2 / dn;
	/* the bounds are exactly 0 and 1 at the ends (rounding could miss) */
	*lo = k <= 0 ? 0.0 : (centre - half) / denom;
	*hi = k >= n ? 1.0 : (centre + half) / denom;
}

void
ct_group_stats(ct_group_stat *g, int n_labels, int64_t total_n,
			   int64_t total_k, double z)
{
	double		base = total_n > 0 ? (double) total_k / (double) total_n : NAN;

	for (int i = 0; i < n_labels; i++)
	{
		if (g[i].n <= 0)
		{
			g[i].rate = g[i].ci_low = g[i].ci_high = g[i].lift = NAN;
			continue;
		}
		g[i].rate = (double) g[i].k / (double) g[i].n;
		ct_wilson_interval(g[i].k, g[i].n, z, &g[i].ci_low, &g[i].ci_high);
		g[i].lift = base > 0.0 ? g[i].rate / base : NAN;
	}
}

bool
ct_rates_monotone(const ct_group_stat *g, int n_labels)
{
	bool		up = false,
				down = false;
	int			prev = -1;

	for (int i = 0; i < n_labels; i++)
	{
		if (g[i].n <= 0)
			continue;
		if (prev >= 0)
		{
			/* compare k/n exactly: k_i n_prev against k_prev n_i */
			double		a = (double) g[i].k * (double) g[prev].n;
			double		b = (double) g[prev].k * (double) g[i].n;

			if (a > b)
				up = true;
			else if (a < b)
				down = true;
		}
		prev = i;
	}
	return !(up && down);
}
