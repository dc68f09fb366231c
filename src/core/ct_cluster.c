/*
 * ct_cluster.c
 *		Complete-linkage clustering of indicators on 1 - |r| and the choice
 *		of one representative per cluster (see ct_cluster.h).
 */
#include "ct_cluster.h"

#include <math.h>

ct_code
ct_cluster_screen(const double *r, const unsigned char *defined, int k,
				  double threshold, int *cluster,
				  unsigned char *representative, double *max_abs,
				  unsigned char *has_max, double *scratch, int *iscratch,
				  ct_error *e)
{
	/* sim[a*k+b]: complete-linkage similarity (min |r|) of clusters a, b */
	double	   *sim = scratch;
	int		   *owner = iscratch;	/* cluster root of each indicator */
	int		   *alive = iscratch + k;
	int			a,
				b,
				i,
				j,
				next;

	if (!(threshold > 0 && threshold <= 1))
	{
		ct_fail(e, CT_EINVAL, "threshold must be in (0, 1]");
		ct_detail(e, "Got %g.", threshold);
		return CT_EINVAL;
	}
	for (i = 0; i < k; i++)
	{
		owner[i] = i;
		alive[i] = 1;
		max_abs[i] = 0;
		has_max[i] = 0;
		for (j = 0; j < k; j++)
		{
			int			ok = defined[i * k + j] && i != j;

			sim[i * k + j] = ok ? fabs(r[i * k + j]) : -1;
			if (ok && (!has_max[i] || fabs(r[i * k + j]) > max_abs[i]))
			{
				max_abs[i] = fabs(r[i * k + j]);
				has_max[i] = 1;
			}
		}
	}

	for (;;)
	{
		double		best = -1;
		int			ba = -1,
					bb = -1;

		for (a = 0; a < k; a++)
		{
			if (!alive[a])
				continue;
			for (b = a + 1; b < k; b++)
				if (alive[b] && sim[a * k + b] > best)
				{
					best = sim[a * k + b];
					ba = a;
					bb = b;
				}
		}
		if (ba < 0 || best < threshold)
			break;
		/* Lance-Williams for complete linkage: the weaker link survives */
		for (i = 0; i < k; i++)
		{
			if (!alive[i] || i == ba || i == bb)
				continue;
			{
				double		s1 = sim[ba * k + i];
				double		s2 = sim[bb * k + i];
				double		s = s1 < s2 ? s1 : s2;

				sim[ba * k + i] = sim[i * k + ba] = s;
			}
		}
		alive[bb] = 0;
		for (i = 0; i < k; i++)
			if (owner[i] == bb)
				owner[i] = ba;
	}

	/* number clusters by their first indicator */
	for (i = 0; i < k; i++)
		cluster[i] = 0;
	next = 1;
	for (i = 0; i < k; i++)
	{
		if (cluster[i] != 0)
			continue;
		for (j = i; j < k; j++)
			if (owner[j] == owner[i])
				cluster[j] = next;
		next++;
	}

	/* representative: largest mean r^2 with the cluster's other members */
	for (i = 0; i < k; i++)
		representative[i] = 0;
	for (a = 1; a < next; a++)
	{
		int			bestj = -1;
		double		bestv = -1;

		for (i = 0; i < k; i++)
		{
			double		sum = 0;
			int			n = 0;

			if (cluster[i] != a || !defined[i * k + i])
				continue;
			for (j = 0; j < k; j++)
				if (j != i && cluster[j] == a && defined[i * k + j])
				{
					sum += r[i * k + j] * r[i * k + j];
					n++;
				}
			if (n == 0)
				sum = 1, n = 1;		/* a singleton represents itself */
			if (sum / n > bestv)
			{
				bestv = sum / n;
				bestj = i;
			}
		}
		if (bestj >= 0)
			representative[bestj] = 1;
	}
	return CT_OK;
}
