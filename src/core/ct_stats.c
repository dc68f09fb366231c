/*
 * ct_stats.c
 *		One-pass mergeable indicator statistics (see ct_stats.h): the per-row
 *		Welford update, the Chan et al. merge, validation, and the versioned
 *		text format.
 */
#include "ct_stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Largest count kept exactly in a double. */
#define CT_MAX_EXACT_COUNT 9007199254740992.0

void
ct_stats_view(ct_stats *s, double *block, int k)
{
	s->k = k;
	s->rows = block;
	s->complete = block + 1;
	s->count = block + 2;
	s->nulls = s->count + k;
	s->min = s->nulls + k;
	s->max = s->min + k;
	s->mean = s->max + k;
	s->m2 = s->mean + k;
	s->cmean = s->m2 + k;
	s->cm = s->cmean + k;
}

void
ct_stats_init(double *block, int k)
{
	memset(block, 0, sizeof(double) * ct_stats_ndoubles(k));
}

/*
 * Two-lane vectors for the co-moment update, the per-row hot spot: GCC and
 * clang map them to SSE2 / NEON; other compilers use the scalar loop.
 */
#if defined(__GNUC__) || defined(__clang__)
#define CT_HAVE_V2 1
typedef double ct_v2 __attribute__((vector_size(16)));
#endif

static inline int
bit_present(const uint8_t *present, int i)
{
	return present == NULL || (present[i >> 3] & (1 << (i & 7))) != 0;
}

static ct_code
nonfinite(ct_error *e, int i, double v)
{
	ct_fail(e, CT_EINVAL, "v must contain only finite numbers");
	ct_detail(e, "Element %d is %s.", i + 1,
			  isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity"));
	ct_hint(e, "Replace NaN and Infinity with NULL or a finite value.");
	return CT_EINVAL;
}

/* Welford update of column i's own statistics with value v. */
static inline void
column_update(ct_stats *s, int i, double v)
{
	double		c = s->count[i] + 1;
	double		delta;

	s->count[i] = c;
	if (c == 1)
	{
		s->min[i] = v;
		s->max[i] = v;
		s->mean[i] = v;
		return;
	}
	if (v < s->min[i])
		s->min[i] = v;
	if (v > s->max[i])
		s->max[i] = v;
	delta = v - s->mean[i];
	s->mean[i] += delta / c;
	s->m2[i] += delta * (v - s->mean[i]);
}

/*
 * A complete row: multivariate Welford on the complete-row means and
 * co-moments, with d = x - old mean and e = x - new mean, C_jl += d_j e_l
 * (upper triangle only).  A column whose values all came from complete rows
 * (count == complete) has exactly the complete-row mean and M2, so those are
 * copied instead of being computed twice: the common case of data without
 * NULLs costs one division per row.
 */
static void
complete_update(ct_stats *s, const double *restrict x)
{
	const int	k = s->k;
	double		d[CT_STATS_MAX_COLS];
	double		ee[CT_STATS_MAX_COLS];
	double	   *restrict cmean = s->cmean;
	double	   *restrict cm = s->cm;
	double		n = *s->complete + 1;
	double		inv = 1.0 / n;
	int			i,
				l;

	*s->complete = n;
	for (i = 0; i < k; i++)
	{
		d[i] = x[i] - cmean[i];
		cmean[i] += d[i] * inv;
		ee[i] = x[i] - cmean[i];
	}
	for (i = 0; i < k; i++)
	{
		const double di = d[i];
		double	   *restrict row = cm - i;	/* row[l] is C_il for l >= i */

		l = i;
#ifdef CT_HAVE_V2
		{
			const ct_v2 dv = {di, di};

			for (; l + 1 < k; l += 2)
			{
				ct_v2		r,
							ev;

				memcpy(&r, row + l, sizeof(r));
				memcpy(&ev, ee + l, sizeof(ev));
				r += dv * ev;
				memcpy(row + l, &r, sizeof(r));
			}
		}
#endif
		for (; l < k; l++)
			row[l] += di * ee[l];
		cm += k - i;
	}
	cm = s->cm;
	if (*s->rows == n && n > 1)
	{
		/*
		 * Every row so far was complete: the common case, branch-free.  The
		 * pointers are loaded once, since with -fno-strict-aliasing every
		 * store would otherwise force them to be reloaded from *s.
		 */
		double	   *restrict count = s->count;
		double	   *restrict mn = s->min;
		double	   *restrict mx = s->max;
		double	   *restrict mean = s->mean;
		double	   *restrict m2 = s->m2;

		for (i = 0; i < k; i++)
		{
			count[i] = n;
			mn[i] = x[i] < mn[i] ? x[i] : mn[i];
			mx[i] = x[i] > mx[i] ? x[i] : mx[i];
			mean[i] = cmean[i];
			m2[i] = *cm;
			cm += k - i;
		}
		return;
	}
	for (i = 0; i < k; i++)
	{
		if (s->count[i] + 1 == n)
		{
			s->count[i] = n;
			if (n == 1 || x[i] < s->min[i])
				s->min[i] = x[i];
			if (n == 1 || x[i] > s->max[i])
				s->max[i] = x[i];
			s->mean[i] = cmean[i];
			s->m2[i] = *cm;
		}
		else
			column_update(s, i, x[i]);
		cm += k - i;
	}
}

ct_code
ct_stats_add_row(ct_stats *s, const double *x, const uint8_t *present,
				 ct_error *e)
{
	const int	k = s->k;
	int			i,
				p;
	int			complete = 1;

	/* check first, so that a failing row leaves the state untouched */
	if (present == NULL)
	{
		for (i = 0; i < k; i++)
			if (!isfinite(x[i]))
				return nonfinite(e, i, x[i]);
		*s->rows += 1;
		complete_update(s, x);
		return CT_OK;
	}
	for (i = 0, p = 0; i < k; i++)
	{
		if (!bit_present(present, i))
		{
			complete = 0;
			continue;
		}
		if (!isfinite(x[p]))
			return nonfinite(e, i, x[p]);
		p++;
	}
	*s->rows += 1;
	if (complete)
	{
		complete_update(s, x);
		return CT_OK;
	}
	for (i = 0, p = 0; i < k; i++)
	{
		if (!bit_present(present, i))
			s->nulls[i] += 1;
		else
			column_update(s, i, x[p++]);
	}
	return CT_OK;
}

void
ct_stats_merge(ct_stats *a, const ct_stats *b)
{
	const int	k = a->k;
	int			j,
				l;
	double		na,
				nb,
				n;

	*a->rows += *b->rows;
	for (j = 0; j < k; j++)
	{
		na = a->count[j];
		nb = b->count[j];
		a->nulls[j] += b->nulls[j];
		if (nb == 0)
			continue;
		if (na == 0)
		{
			a->count[j] = nb;
			a->min[j] = b->min[j];
			a->max[j] = b->max[j];
			a->mean[j] = b->mean[j];
			a->m2[j] = b->m2[j];
			continue;
		}
		n = na + nb;
		{
			double		delta = b->mean[j] - a->mean[j];

			a->mean[j] += delta * (nb / n);
			a->m2[j] += b->m2[j] + delta * delta * (na * nb / n);
		}
		a->count[j] = n;
		if (b->min[j] < a->min[j])
			a->min[j] = b->min[j];
		if (b->max[j] > a->max[j])
			a->max[j] = b->max[j];
	}

	na = *a->complete;
	nb = *b->complete;
	if (nb == 0)
		return;
	if (na == 0)
	{
		*a->complete = nb;
		memcpy(a->cmean, b->cmean, sizeof(double) * k);
		memcpy(a->cm, b->cm, sizeof(double) * (size_t) k * (k + 1) / 2);
		return;
	}
	n = na + nb;
	{
		double		f = na * nb / n;
		double		g = nb / n;
		double		delta[CT_STATS_MAX_COLS];
		double	   *cm = a->cm;
		const double *cmb = b->cm;

		for (j = 0; j < k; j++)
			delta[j] = b->cmean[j] - a->cmean[j];
		for (j = 0; j < k; j++)
			for (l = j; l < k; l++)
				*cm++ += *cmb++ + delta[j] * delta[l] * f;
		for (j = 0; j < k; j++)
			a->cmean[j] += delta[j] * g;
	}
	*a->complete = n;
}

static int
is_count(double c)
{
	return c >= 0 && c <= CT_MAX_EXACT_COUNT && c == floor(c);
}

ct_code
ct_stats_validate(const ct_stats *s, ct_error *e)
{
	const int	k = s->k;
	size_t		ntri = (size_t) k * (k + 1) / 2;
	size_t		i;
	int			j,
				l;
	double		rows = *s->rows;
	double		complete = *s->complete;

	if (k < 1 || k > CT_STATS_MAX_COLS)
	{
		ct_fail(e, CT_EFORMAT, "invalid indicator_stats value");
		ct_detail(e, "The column count %d is outside 1..%d.", k, CT_STATS_MAX_COLS);
		return CT_EFORMAT;
	}
	/* an overflowed moment is a range problem, not a format problem */
	for (j = 0; j < k; j++)
		if (!isfinite(s->mean[j]) || !isfinite(s->m2[j]) || !isfinite(s->cmean[j]))
		{
			ct_fail(e, CT_ERANGE, "indicator statistics overflowed");
			ct_detail(e, "The moments of column %d are not finite.", j + 1);
			ct_hint(e, "Rescale the indicator so that its squared deviations fit in float8.");
			return CT_ERANGE;
		}
	for (i = 0; i < ntri; i++)
		if (!isfinite(s->cm[i]))
		{
			ct_fail(e, CT_ERANGE, "indicator statistics overflowed");
			ct_detail(e, "A co-moment is not finite.");
			ct_hint(e, "Rescale the indicators so that their products fit in float8.");
			return CT_ERANGE;
		}

	ct_fail(e, CT_EFORMAT, "invalid indicator_stats value");
	if (!is_count(rows) || !is_count(complete) || complete > rows)
	{
		ct_detail(e, "rows (%.17g) and complete (%.17g) must be whole numbers with complete <= rows.",
				  rows, complete);
		return CT_EFORMAT;
	}
	for (j = 0; j < k; j++)
	{
		double		c = s->count[j];

		if (!is_count(c) || !is_count(s->nulls[j]) || c + s->nulls[j] != rows)
		{
			ct_detail(e, "Column %d: count and nulls must be whole numbers adding up to rows.", j + 1);
			return CT_EFORMAT;
		}
		if (complete > c)
		{
			ct_detail(e, "Column %d: complete rows exceed the column's count.", j + 1);
			return CT_EFORMAT;
		}
		if (!isfinite(s->min[j]) || !isfinite(s->max[j]) || s->min[j] > s->max[j])
		{
			ct_detail(e, "Column %d: min and max must be finite with min <= max.", j + 1);
			return CT_EFORMAT;
		}
		if (s->m2[j] < 0)
		{
			ct_detail(e, "Column %d: M2 must not be negative.", j + 1);
			return CT_EFORMAT;
		}
		if (c == 0 && (s->min[j] != 0 || s->max[j] != 0 || s->mean[j] != 0 || s->m2[j] != 0))
		{
			ct_detail(e, "Column %d has no values, so min, max, mean and M2 must be 0.", j + 1);
			return CT_EFORMAT;
		}
		if (c == 1 && s->m2[j] != 0)
		{
			ct_detail(e, "Column %d has one value, so M2 must be 0.", j + 1);
			return CT_EFORMAT;
		}
		if (c >= 1 && s->min[j] == s->max[j] && (s->mean[j] != s->min[j] || s->m2[j] != 0))
		{
			ct_detail(e, "Column %d is constant (min = max), so mean must equal it and M2 must be 0.", j + 1);
			return CT_EFORMAT;
		}
	}
	for (j = 0; j < k; j++)
	{
		if (s->cm[ct_stats_tri(k, j, j)] < 0)
		{
			ct_detail(e, "Complete-row co-moment (%d,%d) must not be negative.", j + 1, j + 1);
			return CT_EFORMAT;
		}
		if (complete == 0 && s->cmean[j] != 0)
		{
			ct_detail(e, "There are no complete rows, so the complete-row means must be 0.");
			return CT_EFORMAT;
		}
		for (l = j; l < k; l++)
			if (complete <= 1 && s->cm[ct_stats_tri(k, j, l)] != 0)
			{
				ct_detail(e, "With fewer than two complete rows every co-moment must be 0.");
				return CT_EFORMAT;
			}
	}
	ct_error_clear(e);
	return CT_OK;
}

/* ---- text format ---- */

#define STATS_HINT "The format is v1;k=N;rows=..;complete=..;count=..;nulls=..;min=..;max=..;mean=..;m2=..;cmean=..;cm=.. as written by indicator_stats output."

size_t
ct_stats_format(const ct_stats *s, char *buf, size_t buflen)
{
	ct_text_out o = {buf, buflen, 0};
	char		head[64];
	int			k = s->k;

	snprintf(head, sizeof(head), "v%d;k=%d", CT_STATS_VERSION, k);
	ct_text_out_str(&o, head);
	ct_text_out_list(&o, "rows", s->rows, 1);
	ct_text_out_list(&o, "complete", s->complete, 1);
	ct_text_out_list(&o, "count", s->count, k);
	ct_text_out_list(&o, "nulls", s->nulls, k);
	ct_text_out_list(&o, "min", s->min, k);
	ct_text_out_list(&o, "max", s->max, k);
	ct_text_out_list(&o, "mean", s->mean, k);
	ct_text_out_list(&o, "m2", s->m2, k);
	ct_text_out_list(&o, "cmean", s->cmean, k);
	ct_text_out_list(&o, "cm", s->cm, (size_t) k * (k + 1) / 2);
	return ct_text_out_end(&o);
}

ct_code
ct_stats_parse_header(const char *text, int *k, ct_error *e)
{
	ct_text_in	in = {text, text, "indicator_stats", STATS_HINT};
	long		v;

	if (!ct_text_eat(&in.p, "v"))
		return ct_text_in_fail(&in, in.p, "Expected the format version \"v1\"", e);
	if (!ct_text_eat_int(&in.p, 0, 1000000, &v))
		return ct_text_in_fail(&in, in.p, "Expected a version number", e);
	if (v != CT_STATS_VERSION)
	{
		ct_fail(e, CT_EFORMAT, "unsupported indicator_stats format version %ld", v);
		ct_detail(e, "This build reads version %d.", CT_STATS_VERSION);
		return CT_EFORMAT;
	}
	if (!ct_text_eat(&in.p, ";k="))
		return ct_text_in_fail(&in, in.p, "Expected \";k=\"", e);
	if (!ct_text_eat_int(&in.p, 0, 1000000000, &v))
		return ct_text_in_fail(&in, in.p, "Expected the column count", e);
	if (v < 1 || v > CT_STATS_MAX_COLS)
	{
		if (v < 1)
		{
			ct_fail(e, CT_EFORMAT, "invalid indicator_stats value");
			ct_detail(e, "A state has at least one column; got k=%ld.", v);
			return CT_EFORMAT;
		}
		ct_fail(e, CT_ELIMIT, "too many indicator columns");
		ct_detail(e, "The state has %ld columns; the limit is %d.", v, CT_STATS_MAX_COLS);
		return CT_ELIMIT;
	}
	*k = (int) v;
	return CT_OK;
}

ct_code
ct_stats_parse(const char *text, ct_stats *s, ct_error *e)
{
	ct_text_in	in = {text, text, "indicator_stats", STATS_HINT};
	int			k = s->k;
	int			hk;
	ct_code		rc;

	if ((rc = ct_stats_parse_header(text, &hk, e)) != CT_OK)
		return rc;
	if (hk != k)
		return ct_text_in_fail(&in, text, "Column count does not match", e);
	/* skip the header again: it was checked above */
	in.p = strchr(text, ';');
	in.p = strchr(in.p + 1, ';');
	if (in.p == NULL)
		return ct_text_in_fail(&in, text + strlen(text), "Unexpected end of input", e);
	/* ct_text_in_list expects to be at the ';' */
	if ((rc = ct_text_in_list(&in, "rows", s->rows, 1, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "complete", s->complete, 1, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "count", s->count, k, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "nulls", s->nulls, k, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "min", s->min, k, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "max", s->max, k, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "mean", s->mean, k, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "m2", s->m2, k, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "cmean", s->cmean, k, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "cm", s->cm, (size_t) k * (k + 1) / 2, e)) != CT_OK)
		return rc;
	if (*in.p != '\0')
		return ct_text_in_fail(&in, in.p, "Unexpected text after the state", e);
	return ct_stats_validate(s, e);
}

/* ---- derived results ---- */

double
ct_stats_stddev(const ct_stats *s, int j)
{
	double		c = s->count[j];

	if (c < 2)
		return 0;
	return sqrt(s->m2[j] / (c - 1));
}

ct_code
ct_stats_correlation(const ct_stats *s, double *r, unsigned char *defined,
					 ct_error *e)
{
	const int	k = s->k;
	int			j,
				l;

	if (*s->complete < 2)
		return ct_fail(e, CT_EINVAL, "correlation needs at least two complete rows");
	for (j = 0; j < k; j++)
	{
		double		cjj = s->cm[ct_stats_tri(k, j, j)];

		for (l = j; l < k; l++)
		{
			double		cll = s->cm[ct_stats_tri(k, l, l)];
			double		cjl = s->cm[ct_stats_tri(k, j, l)];
			double		v = 0;
			unsigned char ok = cjj > 0 && cll > 0;

			if (ok)
			{
				v = (j == l) ? 1.0 : cjl / (sqrt(cjj) * sqrt(cll));
				if (v > 1)
					v = 1;
				else if (v < -1)
					v = -1;
			}
			r[j * k + l] = r[l * k + j] = v;
			defined[j * k + l] = defined[l * k + j] = ok;
		}
	}
	return CT_OK;
}

ct_code
ct_stats_covariance(const ct_stats *s, double *cov, ct_error *e)
{
	const int	k = s->k;
	int			j,
				l;
	double		dn;

	if (*s->complete < 2)
		return ct_fail(e, CT_EINVAL, "covariance needs at least two complete rows");
	dn = *s->complete - 1;
	for (j = 0; j < k; j++)
		for (l = j; l < k; l++)
			cov[j * k + l] = cov[l * k + j] = s->cm[ct_stats_tri(k, j, l)] / dn;
	return CT_OK;
}
