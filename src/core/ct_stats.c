/*
 * ct_stats.c
 *		One-pass mergeable indicator statistics (see ct_stats.h): the per-row
 *		Welford update, the Chan et al. merge, validation, and the versioned
 *		text format.
 */
#include "ct_stats.h"

#include <errno.h>
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
		/* every row so far was complete: the common, branch-free case */
		double	   *restrict mn = s->min;
		double	   *restrict mx = s->max;

		for (i = 0; i < k; i++)
		{
			s->count[i] = n;
			mn[i] = x[i] < mn[i] ? x[i] : mn[i];
			mx[i] = x[i] > mx[i] ? x[i] : mx[i];
			s->mean[i] = cmean[i];
			s->m2[i] = *cm;
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

int
ct_format_double(double x, char *buf, size_t buflen)
{
	char		tmp[40];
	int			prec;
	int			len = 0;

	for (prec = 15; prec <= 17; prec++)
	{
		len = snprintf(tmp, sizeof(tmp), "%.*g", prec, x);
		if (strtod(tmp, NULL) == x && (x != 0 || signbit(strtod(tmp, NULL)) == signbit(x)))
			break;
	}
	if (buflen > 0)
		snprintf(buf, buflen, "%s", tmp);
	return len;
}

typedef struct out_buf
{
	char	   *buf;
	size_t		cap;
	size_t		len;			/* length the full output needs */
} out_buf;

static void
out_str(out_buf *o, const char *s)
{
	size_t		n = strlen(s);

	if (o->len < o->cap)
	{
		size_t		room = o->cap - o->len;
		size_t		c = n < room ? n : room;

		memcpy(o->buf + o->len, s, c);
	}
	o->len += n;
}

static void
out_list(out_buf *o, const char *key, const double *v, size_t n)
{
	char		num[40];
	size_t		i;

	out_str(o, ";");
	out_str(o, key);
	out_str(o, "=");
	for (i = 0; i < n; i++)
	{
		if (i > 0)
			out_str(o, ",");
		ct_format_double(v[i], num, sizeof(num));
		out_str(o, num);
	}
}

size_t
ct_stats_format(const ct_stats *s, char *buf, size_t buflen)
{
	out_buf		o = {buf, buflen, 0};
	char		head[64];
	int			k = s->k;

	snprintf(head, sizeof(head), "v%d;k=%d", CT_STATS_VERSION, k);
	out_str(&o, head);
	out_list(&o, "rows", s->rows, 1);
	out_list(&o, "complete", s->complete, 1);
	out_list(&o, "count", s->count, k);
	out_list(&o, "nulls", s->nulls, k);
	out_list(&o, "min", s->min, k);
	out_list(&o, "max", s->max, k);
	out_list(&o, "mean", s->mean, k);
	out_list(&o, "m2", s->m2, k);
	out_list(&o, "cmean", s->cmean, k);
	out_list(&o, "cm", s->cm, (size_t) k * (k + 1) / 2);
	if (buflen > 0)
		buf[o.len < buflen ? o.len : buflen - 1] = '\0';
	return o.len;
}

static ct_code
parse_fail(ct_error *e, const char *text, const char *at, const char *what)
{
	ct_fail(e, CT_EFORMAT, "invalid input syntax for type indicator_stats");
	e->position = (int) (at - text) + 1;
	ct_detail(e, "%s at character %d.", what, e->position);
	ct_hint(e, "The format is v1;k=N;rows=..;complete=..;count=..;nulls=..;min=..;max=..;mean=..;m2=..;cmean=..;cm=.. as written by indicator_stats output.");
	return CT_EFORMAT;
}

/* Expect a literal at *p. */
static int
eat(const char **p, const char *lit)
{
	size_t		n = strlen(lit);

	if (strncmp(*p, lit, n) != 0)
		return 0;
	*p += n;
	return 1;
}

/* A decimal integer in [lo, hi]. */
static int
eat_int(const char **p, long lo, long hi, long *out)
{
	char	   *end;
	long		v;

	if (**p < '0' || **p > '9')
		return 0;
	errno = 0;
	v = strtol(*p, &end, 10);
	if (errno != 0 || end - *p > 9 || v < lo || v > hi)
		return 0;
	*p = end;
	*out = v;
	return 1;
}

ct_code
ct_stats_parse_header(const char *text, int *k, ct_error *e)
{
	const char *p = text;
	long		v;

	if (!eat(&p, "v"))
		return parse_fail(e, text, p, "Expected the format version \"v1\"");
	if (!eat_int(&p, 0, 1000000, &v))
		return parse_fail(e, text, p, "Expected a version number");
	if (v != CT_STATS_VERSION)
	{
		ct_fail(e, CT_EFORMAT, "unsupported indicator_stats format version %ld", v);
		ct_detail(e, "This build reads version %d.", CT_STATS_VERSION);
		return CT_EFORMAT;
	}
	if (!eat(&p, ";k="))
		return parse_fail(e, text, p, "Expected \";k=\"");
	if (!eat_int(&p, 0, 1000000000, &v))
		return parse_fail(e, text, p, "Expected the column count");
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

static ct_code
parse_list(const char *text, const char **p, const char *key, double *v,
		   size_t n, ct_error *e)
{
	size_t		i;
	char		what[80];

	if (!eat(p, ";") || !eat(p, key) || !eat(p, "="))
	{
		snprintf(what, sizeof(what), "Expected \";%s=\"", key);
		return parse_fail(e, text, *p, what);
	}
	for (i = 0; i < n; i++)
	{
		char	   *end;
		const char *q = *p;

		if (i > 0 && !eat(p, ","))
		{
			snprintf(what, sizeof(what), "Expected \",\" or %zu more value%s in %s",
					 n - i, n - i == 1 ? "" : "s", key);
			return parse_fail(e, text, *p, what);
		}
		q = *p;
		/* strtod would skip white space and accept nan/inf: refuse both */
		if (!((*q >= '0' && *q <= '9') || *q == '-' || *q == '+' || *q == '.'))
		{
			snprintf(what, sizeof(what), "Expected a number in %s", key);
			return parse_fail(e, text, q, what);
		}
		errno = 0;
		v[i] = strtod(q, &end);
		if (end == q || (errno == ERANGE && fabs(v[i]) > 1) || !isfinite(v[i]))
		{
			snprintf(what, sizeof(what), "Invalid or out-of-range number in %s", key);
			return parse_fail(e, text, q, what);
		}
		*p = end;
	}
	if (**p == ',')
	{
		snprintf(what, sizeof(what), "Too many values in %s (expected %zu)", key, n);
		return parse_fail(e, text, *p, what);
	}
	return CT_OK;
}

ct_code
ct_stats_parse(const char *text, ct_stats *s, ct_error *e)
{
	const char *p = text;
	int			k = s->k;
	int			hk;
	ct_code		rc;

	if ((rc = ct_stats_parse_header(text, &hk, e)) != CT_OK)
		return rc;
	if (hk != k)
		return parse_fail(e, text, p, "Column count does not match");
	/* skip the header again: it was checked above */
	p = strchr(text, ';');
	p = strchr(p + 1, ';');
	if (p == NULL)
		return parse_fail(e, text, text + strlen(text), "Unexpected end of input");
	/* parse_list expects to be at the ';' */
	if ((rc = parse_list(text, &p, "rows", s->rows, 1, e)) != CT_OK ||
		(rc = parse_list(text, &p, "complete", s->complete, 1, e)) != CT_OK ||
		(rc = parse_list(text, &p, "count", s->count, k, e)) != CT_OK ||
		(rc = parse_list(text, &p, "nulls", s->nulls, k, e)) != CT_OK ||
		(rc = parse_list(text, &p, "min", s->min, k, e)) != CT_OK ||
		(rc = parse_list(text, &p, "max", s->max, k, e)) != CT_OK ||
		(rc = parse_list(text, &p, "mean", s->mean, k, e)) != CT_OK ||
		(rc = parse_list(text, &p, "m2", s->m2, k, e)) != CT_OK ||
		(rc = parse_list(text, &p, "cmean", s->cmean, k, e)) != CT_OK ||
		(rc = parse_list(text, &p, "cm", s->cm, (size_t) k * (k + 1) / 2, e)) != CT_OK)
		return rc;
	if (*p != '\0')
		return parse_fail(e, text, p, "Unexpected text after the state");
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
