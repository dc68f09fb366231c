/*
 * ct_objweights.c
 *		Objective weights from one-pass states (see ct_objweights.h):
 *		CRITIC, standard deviation, PCA, entropy and Kendall's W.
 */
#include "ct_objweights.h"

#include <math.h>
#include <string.h>

#include "ct_eigen.h"

/* An indicator that does not vary carries no information. */
static int
is_constant(const ct_stats *s, int j)
{
	return s->count[j] < 2 || s->max[j] <= s->min[j];
}

/* Informative in the complete rows as well (needed for a correlation). */
static int
mark_constant(const ct_stats *s, const unsigned char *defined,
			  unsigned char *constant)
{
	int			j,
				n = 0;

	for (j = 0; j < s->k; j++)
	{
		constant[j] = is_constant(s, j) || (defined != NULL && !defined[j * s->k + j]);
		if (!constant[j])
			n++;
	}
	return n;
}

ct_code
ct_critic_weights(const ct_stats *s, double *w, unsigned char *constant,
				  int *ninfo, double *scratch, unsigned char *bscratch,
				  ct_error *e)
{
	const int	k = s->k;
	double	   *r = scratch;
	double		total = 0;
	int			j,
				l;
	ct_code		rc;

	if ((rc = ct_stats_correlation(s, r, bscratch, e)) != CT_OK)
		return rc;
	*ninfo = mark_constant(s, bscratch, constant);
	for (j = 0; j < k; j++)
	{
		double		conflict = 0;

		w[j] = 0;
		if (constant[j])
			continue;
		for (l = 0; l < k; l++)
			if (!constant[l])
				conflict += 1 - r[j * k + l];
		w[j] = ct_stats_stddev(s, j) / (s->max[j] - s->min[j]) * conflict;
		total += w[j];
	}
	if (*ninfo == 0)
		return CT_OK;
	for (j = 0; j < k; j++)
	{
		if (constant[j])
			w[j] = 0;
		else if (total > 0)
			w[j] /= total;
		else
			w[j] = 1.0 / *ninfo;
	}
	return CT_OK;
}

void
ct_stddev_weights(const ct_stats *s, int range_scaled, double *w,
				  unsigned char *constant, int *ninfo)
{
	const int	k = s->k;
	double		total = 0;
	int			j;

	*ninfo = mark_constant(s, NULL, constant);
	for (j = 0; j < k; j++)
	{
		w[j] = 0;
		if (constant[j])
			continue;
		w[j] = ct_stats_stddev(s, j);
		if (range_scaled)
			w[j] /= s->max[j] - s->min[j];
		total += w[j];
	}
	for (j = 0; j < k; j++)
		w[j] = (total > 0) ? w[j] / total : 0;
	if (!(total > 0))
		*ninfo = 0;
}

ct_code
ct_pca_weights(const ct_stats *s, double variance_share, double *w,
			   unsigned char *constant, int *ninfo, int *ncomp,
			   double *scratch, unsigned char *bscratch, ct_error *e)
{
	const int	k = s->k;
	double	   *r = scratch;
	double	   *a = r + (size_t) k * k;
	double	   *vecs = a + (size_t) k * k;
	double	   *evals = vecs + (size_t) k * k;
	double	   *tmp = evals + k;
	int			idx[CT_STATS_MAX_COLS];
	int			n = 0,
				i,
				j,
				p;
	double		trace = 0,
				cum = 0,
				kept = 0;
	ct_code		rc;

	*ncomp = 0;
	if (!(variance_share > 0 && variance_share <= 1))
	{
		ct_fail(e, CT_EINVAL, "variance_share must be in (0, 1]");
		ct_detail(e, "Got %g.", variance_share);
		return CT_EINVAL;
	}
	if ((rc = ct_stats_correlation(s, r, bscratch, e)) != CT_OK)
		return rc;
	*ninfo = mark_constant(s, bscratch, constant);
	for (j = 0; j < k; j++)
	{
		w[j] = 0;
		if (!constant[j])
			idx[n++] = j;
	}
	if (n == 0)
		return CT_OK;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			a[i * n + j] = r[idx[i] * k + idx[j]];
	if ((rc = ct_eigen_symmetric(a, n, evals, vecs, tmp, e)) != CT_OK)
		return rc;
	for (i = 0; i < n; i++)
	{
		if (evals[i] < 0)
			evals[i] = 0;			/* rounding below a zero eigenvalue */
		trace += evals[i];
	}
	for (p = 0; p < n;)
	{
		cum += evals[p];
		p++;
		if (cum >= variance_share * trace * (1 - 1e-12))
			break;
	}
	/* a tie at the cut: take the whole eigenspace, so the result is unique */
	while (p < n && evals[p] >= evals[p - 1] * (1 - 1e-9))
		p++;
	*ncomp = p;
	for (i = 0; i < p; i++)
		kept += evals[i];
	for (j = 0; j < n; j++)
	{
		double		v = 0;

		for (i = 0; i < p; i++)
			v += evals[i] * vecs[j * n + i] * vecs[j * n + i];
		w[idx[j]] = kept > 0 ? v / kept : 1.0 / n;
	}
	return CT_OK;
}

/* ---- entropy ---- */

void
ct_entropy_init(double *st, int k)
{
	memset(st, 0, sizeof(double) * ct_entropy_len(k));
	st[0] = CT_ENTROPY_TAG;
	st[1] = k;
}

ct_code
ct_entropy_add_row(double *st, const double *x, const uint8_t *present,
				   ct_error *e)
{
	int			k = (int) st[1];
	int			i,
				p;

	for (i = 0, p = 0; i < k; i++)
	{
		double		v;

		if (present != NULL && !(present[i >> 3] & (1 << (i & 7))))
			continue;
		v = x[p++];
		if (!isfinite(v) || v < 0)
		{
			ct_fail(e, CT_EINVAL, "entropy weights need finite non-negative values");
			ct_detail(e, "Element %d is %s.", i + 1,
					  isnan(v) ? "NaN" : isinf(v) ? (v > 0 ? "Infinity" : "-Infinity") : "negative");
			ct_hint(e, "Normalise the indicators to [0,1] first, for example with normalize().");
			return CT_EINVAL;
		}
	}
	for (i = 0, p = 0; i < k; i++)
	{
		double	   *c = st + 2 + 5 * i;
		double		v;

		if (present != NULL && !(present[i >> 3] & (1 << (i & 7))))
			continue;
		v = x[p++];
		c[0] += 1;
		c[1] += v;
		if (v > 0)
			c[2] += v * log(v);
		if (c[0] == 1)
			c[3] = c[4] = v;
		else if (v < c[3])
			c[3] = v;
		else if (v > c[4])
			c[4] = v;
	}
	return CT_OK;
}

void
ct_entropy_merge(double *a, const double *b)
{
	int			k = (int) a[1];
	int			i;

	for (i = 0; i < k; i++)
	{
		double	   *ca = a + 2 + 5 * i;
		const double *cb = b + 2 + 5 * i;

		if (cb[0] == 0)
			continue;
		if (ca[0] == 0)
		{
			memcpy(ca, cb, sizeof(double) * 5);
			continue;
		}
		ca[0] += cb[0];
		ca[1] += cb[1];
		ca[2] += cb[2];
		if (cb[3] < ca[3])
			ca[3] = cb[3];
		if (cb[4] > ca[4])
			ca[4] = cb[4];
	}
}

static ct_code
bad_state(ct_error *e, const char *type, const char *detail)
{
	ct_fail(e, CT_EFORMAT, "invalid %s state", type);
	ct_detail(e, "%s", detail);
	ct_hint(e, "Pass only states produced by the %s aggregate's own transition function.", type);
	return CT_EFORMAT;
}

ct_code
ct_entropy_validate(const double *st, int len, int *k, ct_error *e)
{
	int			i;

	if (len < 2 || st[0] != CT_ENTROPY_TAG)
		return bad_state(e, "entropy_weights", "The state does not start with the entropy_weights tag.");
	if (!(st[1] >= 1 && st[1] <= CT_ENTROPY_MAX_COLS && st[1] == floor(st[1])) ||
		len != ct_entropy_len((int) st[1]))
		return bad_state(e, "entropy_weights", "The column count does not match the state's length.");
	*k = (int) st[1];
	for (i = 0; i < *k; i++)
	{
		const double *c = st + 2 + 5 * i;

		if (!isfinite(c[1]) || !isfinite(c[2]))
		{
			ct_fail(e, CT_ERANGE, "entropy statistics overflowed");
			ct_detail(e, "The sums of column %d are not finite.", i + 1);
			return CT_ERANGE;
		}
		if (!(c[0] >= 0 && c[0] == floor(c[0]) && c[1] >= 0 && c[3] >= 0 && c[3] <= c[4] &&
			  isfinite(c[4])) ||
			(c[0] == 0 && (c[1] != 0 || c[2] != 0 || c[3] != 0 || c[4] != 0)))
			return bad_state(e, "entropy_weights", "A column's count, sum, minimum or maximum is inconsistent.");
	}
	return CT_OK;
}

void
ct_entropy_weights(const double *st, double *w, unsigned char *constant,
				   int *ninfo)
{
	int			k = (int) st[1];
	int			i;
	double		total = 0;

	*ninfo = 0;
	for (i = 0; i < k; i++)
	{
		const double *c = st + 2 + 5 * i;
		double		d = 0;

		constant[i] = 1;
		if (c[0] >= 2 && c[4] > c[3])
		{
			double		x = c[1];
			double		E = -(c[2] / x - log(x)) / log(c[0]);

			if (E > 1)
				E = 1;
			if (E < 0)
				E = 0;
			d = 1 - E;
			if (d > 0)
			{
				constant[i] = 0;
				(*ninfo)++;
			}
		}
		w[i] = d;
		total += d;
	}
	for (i = 0; i < k; i++)
		w[i] = total > 0 ? w[i] / total : 0;
}

/* ---- Kendall's W ---- */

void
ct_kendall_init(double *st, int m)
{
	memset(st, 0, sizeof(double) * ct_kendall_len(m));
	st[0] = CT_KENDALL_TAG;
	st[1] = m;
}

ct_code
ct_kendall_add_row(double *st, const double *r, ct_error *e)
{
	int			m = (int) st[1];
	int			j;
	double		R = 0,
				n,
				delta;

	for (j = 0; j < m; j++)
	{
		if (!isfinite(r[j]) || r[j] < 1)
		{
			ct_fail(e, CT_EINVAL, "ranks must be finite numbers >= 1");
			ct_detail(e, "Element %d is %s.", j + 1,
					  isnan(r[j]) ? "NaN" : isinf(r[j]) ? (r[j] > 0 ? "Infinity" : "-Infinity") : "below 1");
			return CT_EINVAL;
		}
		R += r[j];
	}
	n = st[2] + 1;
	st[2] = n;
	delta = R - st[3];
	st[3] += delta / n;
	st[4] += delta * (R - st[3]);
	for (j = 0; j < m; j++)
	{
		st[5 + 2 * j] += r[j];
		st[6 + 2 * j] += r[j] * r[j];
	}
	return CT_OK;
}

void
ct_kendall_merge(double *a, const double *b)
{
	int			m = (int) a[1];
	int			j;
	double		na = a[2],
				nb = b[2],
				n,
				delta;

	if (nb == 0)
		return;
	if (na == 0)
	{
		memcpy(a, b, sizeof(double) * ct_kendall_len(m));
		return;
	}
	n = na + nb;
	delta = b[3] - a[3];
	a[3] += delta * (nb / n);
	a[4] += b[4] + delta * delta * (na * nb / n);
	a[2] = n;
	for (j = 0; j < 2 * m; j++)
		a[5 + j] += b[5 + j];
}

ct_code
ct_kendall_validate(const double *st, int len, int *m, ct_error *e)
{
	int			j;

	if (len < 2 || st[0] != CT_KENDALL_TAG)
		return bad_state(e, "kendall_w", "The state does not start with the kendall_w tag.");
	if (!(st[1] >= 2 && st[1] <= CT_KENDALL_MAX_M && st[1] == floor(st[1])) ||
		len != ct_kendall_len((int) st[1]))
		return bad_state(e, "kendall_w", "The ranking count does not match the state's length.");
	*m = (int) st[1];
	for (j = 2; j < len; j++)
		if (!isfinite(st[j]))
		{
			ct_fail(e, CT_ERANGE, "kendall_w statistics overflowed");
			return CT_ERANGE;
		}
	if (!(st[2] >= 0 && st[2] == floor(st[2]) && st[4] >= 0) ||
		(st[2] == 0 && (st[3] != 0 || st[4] != 0)))
		return bad_state(e, "kendall_w", "The row count or the moments are inconsistent.");
	for (j = 0; j < *m; j++)
		if (st[5 + 2 * j] < 0 || st[6 + 2 * j] < 0)
			return bad_state(e, "kendall_w", "A rank sum is negative.");
	return CT_OK;
}

void
ct_kendall_from_stats(const ct_stats *s, double *st)
{
	int			k = s->k;
	double		n = s->complete[0];
	double		mean_r = 0,
				m2_r = 0;

	ct_kendall_init(st, k);
	for (int j = 0; j < k; j++)
	{
		double		cjj = s->cm[ct_stats_tri(k, j, j)];

		mean_r += s->cmean[j];
		m2_r += cjj;
		for (int l = j + 1; l < k; l++)
			m2_r += 2 * s->cm[ct_stats_tri(k, j, l)];
		st[5 + 2 * j] = n * s->cmean[j];
		st[6 + 2 * j] = cjj + n * s->cmean[j] * s->cmean[j];
	}
	st[2] = n;
	st[3] = n > 0 ? mean_r : 0;
	st[4] = n > 0 && m2_r > 0 ? m2_r : 0;
}

ct_code
ct_kendall_w(const double *st, double *w, int *defined, ct_error *e)
{
	return ct_kendall_w_ranks(st, 1, w, defined, e);
}

ct_code
ct_kendall_w_ranks(const double *st, int exact, double *w, int *defined,
				   ct_error *e)
{
	int			m = (int) st[1];
	double		n = st[2];
	double		ties = 0,
				denom;
	int			j;

	*defined = 0;
	*w = 0;
	if (n < 2)
		return CT_OK;
	for (j = 0; j < m; j++)
	{
		double		sum = st[5 + 2 * j];
		double		want = n * (n + 1) / 2;
		double		t;

		if (exact && fabs(sum - want) > 1e-9 * want)
		{
			ct_fail(e, CT_EINVAL, "ranking %d does not rank the rows 1..n", j + 1);
			ct_detail(e, "Its ranks sum to %.17g; %.0f rows ranked 1..n sum to %.17g.", sum, n, want);
			ct_hint(e, "Rank each method over all rows, with average ranks for ties: rank() OVER w + (count(*) OVER (PARTITION BY value) - 1) / 2.0.");
			return CT_EINVAL;
		}
		t = 12 * (n * (n + 1) * (2 * n + 1) / 6 - st[6 + 2 * j]);
		if (t > 0)
			ties += t;
	}
	denom = (double) m * m * (n * n * n - n) - m * ties;
	if (!(denom > 0))
		return CT_OK;
	*w = 12 * st[4] / denom;
	if (*w > 1)
		*w = 1;
	*defined = 1;
	return CT_OK;
}
