/*
 * ct_dea_frontier.c
 *		The frontier set of BoD (see ct_dea.h): the points whose
 *		constraints w.y <= 1 are not implied by the others', found by
 *		dominance and one small LP per candidate; its canonical order and
 *		its versioned text form.
 *
 * The vertices of the upper-right hull are unique, so a pruned set does
 * not depend on the order the rows came in (up to CT_DEA_TOL: a vertex
 * that the others miss by less than that may go; the scores it could
 * change move by less than that relative amount).
 */
#include "ct_dea.h"
#include "ct_stats.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


bool
ct_frontier_dominated(const double *pts, int n, int m, const double *p)
{
	for (int i = 0; i < n; i++)
	{
		const double *y = pts + (size_t) i * m;
		int			j = 0;

		while (j < m && p[j] <= y[j])
			j++;
		if (j == m)
			return true;
	}
	return false;
}

size_t
ct_frontier_doubles(int n, int m)
{
	/* the LP work of ct_dea_redundant, one point, the sums for sorting */
	return ct_dea_bod_doubles(n, m) + (size_t) m + (size_t) n;
}

size_t
ct_frontier_ints(int n, int m)
{
	return ct_dea_bod_ints(n, m) + (size_t) n;
}

ct_code
ct_frontier_redundant(const double *pts, int n, int m, const double *p,
					  int skip, double *work, int *iwork, bool *redundant,
					  ct_error *e)
{
	return ct_dea_redundant(pts, n, m, p, skip, NULL, work, iwork, redundant, e);
}

static int	sort_m;				/* qsort has no context argument (backends
								 * are single-threaded) */

/* descending lexicographic order */
static int
cmp_desc(const void *a, const void *b)
{
	const double *x = a;
	const double *y = b;

	for (int j = 0; j < sort_m; j++)
	{
		if (x[j] > y[j])
			return -1;
		if (x[j] < y[j])
			return 1;
	}
	return 0;
}

/* Move point i to position k (k <= i). */
static void
keep(double *pts, int m, int i, int k)
{
	if (i != k)
		memmove(pts + (size_t) k * m, pts + (size_t) i * m, sizeof(double) * m);
}

ct_code
ct_frontier_prune(double *pts, int *n, int m, double *work, int *iwork,
				  ct_error *e)
{
	int			cnt = *n;
	int			k = 0;
	double	   *sums = work + ct_dea_bod_doubles(cnt, m) + m;
	int		   *order = iwork + ct_dea_bod_ints(cnt, m);

	/* canonical order, then drop zeros and duplicates */
	sort_m = m;
	qsort(pts, cnt, sizeof(double) * m, cmp_desc);
	for (int i = 0; i < cnt; i++)
	{
		const double *y = pts + (size_t) i * m;
		bool		zero = true;

		for (int j = 0; j < m && zero; j++)
			zero = y[j] == 0.0;
		if (zero || (k > 0 && memcmp(y, pts + (size_t) (k - 1) * m, sizeof(double) * m) == 0))
			continue;
		keep(pts, m, i, k++);
	}
	cnt = k;

	/*
	 * componentwise dominance: a dominating point sorts before the point it
	 * dominates (it is >= in every indicator and differs), so a pass that
	 * checks each point against the kept points before it finds them all
	 */
	k = 0;
	for (int i = 0; i < cnt; i++)
	{
		if (ct_frontier_dominated(pts, k, m, pts + (size_t) i * m))
			continue;
		keep(pts, m, i, k++);
		if ((i & 255) == 0)
			CT_CHECK_INTERRUPTS();
	}
	cnt = k;

	/*
	 * the LP test, sequentially (dropping a redundant point leaves the
	 * feasible weights unchanged, so the later tests stay valid), smallest
	 * sums first: they are the likeliest to go, which shrinks the later LPs
	 */
	if (cnt > 1)
	{
		double	   *p = work + ct_dea_bod_doubles(cnt, m);
		int			alive = cnt;

		for (int i = 0; i < cnt; i++)
		{
			double		s = 0.0;

			for (int j = 0; j < m; j++)
				s += pts[(size_t) i * m + j];
			sums[i] = s;
			order[i] = i;
		}
		/* insertion sort of the order by ascending sum (ties by index) */
		for (int i = 1; i < cnt; i++)
		{
			int			o = order[i];
			int			j = i - 1;

			while (j >= 0 && (sums[order[j]] > sums[o] ||
							  (sums[order[j]] == sums[o] && order[j] > o)))
			{
				order[j + 1] = order[j];
				j--;
			}
			order[j + 1] = o;
		}
		/* a removed point gets a negative sum; compacted at the end */
		for (int t = 0; t < cnt && alive > 1; t++)
		{
			int			i = order[t];
			bool		red;

			memcpy(p, pts + (size_t) i * m, sizeof(double) * m);
			if (ct_dea_redundant(pts, cnt, m, p, i, sums, work, iwork, &red, e) != CT_OK)
				return e->code;
			if (red)
			{
				sums[i] = -1.0;
				alive--;
			}
			CT_CHECK_INTERRUPTS();
		}
		k = 0;
		for (int i = 0; i < cnt; i++)
			if (sums[i] >= 0.0)
				keep(pts, m, i, k++);
		cnt = k;
	}
	*n = cnt;
	return CT_OK;
}

/* ---- text form ---- */

typedef struct out_buf
{
	char	   *buf;
	size_t		cap;
	size_t		len;
} out_buf;

static void
out_str(out_buf *o, const char *s)
{
	size_t		n = strlen(s);

	if (o->len < o->cap)
	{
		size_t		room = o->cap - o->len;

		memcpy(o->buf + o->len, s, n < room ? n : room);
	}
	o->len += n;
}

size_t
ct_frontier_format(int m, double rows, int n, const double *pts, char *buf,
				   size_t buflen)
{
	out_buf		o = {buf, buflen, 0};
	char		num[40];
	char		head[96];

	snprintf(head, sizeof(head), "v%d;m=%d;rows=", CT_FRONTIER_VERSION, m);
	out_str(&o, head);
	ct_format_double(rows, num, sizeof(num));
	out_str(&o, num);
	snprintf(head, sizeof(head), ";n=%d;p=", n);
	out_str(&o, head);
	for (size_t i = 0; i < (size_t) n * m; i++)
	{
		if (i > 0)
			out_str(&o, ",");
		ct_format_double(pts[i], num, sizeof(num));
		out_str(&o, num);
	}
	if (buflen > 0)
		buf[o.len < buflen ? o.len : buflen - 1] = '\0';
	return o.len;
}

static ct_code
parse_fail(ct_error *e, const char *text, const char *at, const char *what)
{
	ct_fail(e, CT_EFORMAT, "invalid input syntax for type dea_frontier");
	e->position = (int) (at - text) + 1;
	ct_detail(e, "%s at character %d.", what, e->position);
	ct_hint(e, "The format is v1;m=M;rows=R;n=N;p=x11,x12,... (N x M values, row by row) as written by dea_frontier output.");
	return CT_EFORMAT;
}

static bool
eat(const char **p, const char *lit)
{
	size_t		n = strlen(lit);

	if (strncmp(*p, lit, n) != 0)
		return false;
	*p += n;
	return true;
}

/* A number in the strict form written by ct_format_double. */
static bool
eat_number(const char **p, double *out)
{
	const char *q = *p;
	char	   *end;

	if (!((*q >= '0' && *q <= '9') || *q == '-' || *q == '+' || *q == '.'))
		return false;
	errno = 0;
	*out = strtod(q, &end);
	if (end == q || (errno == ERANGE && fabs(*out) > 1) || !isfinite(*out))
		return false;
	*p = end;
	return true;
}

static bool
eat_int(const char **p, long lo, long hi, long *out)
{
	char	   *end;
	long		v;

	if (**p < '0' || **p > '9')
		return false;
	errno = 0;
	v = strtol(*p, &end, 10);
	if (errno != 0 || end - *p > 9 || v < lo || v > hi)
		return false;
	*p = end;
	*out = v;
	return true;
}

/* Parse the header; *at receives the position after "p=". */
static ct_code
parse_header(const char *text, int *m, double *rows, int *n, const char **at,
			 ct_error *e)
{
	const char *p = text;
	long		v;

	if (!eat(&p, "v") || !eat_int(&p, 0, 1000000, &v))
		return parse_fail(e, text, p, "Expected the format version \"v1\"");
	if (v != CT_FRONTIER_VERSION)
	{
		ct_fail(e, CT_EFORMAT, "unsupported dea_frontier format version %ld", v);
		ct_detail(e, "This build reads version %d.", CT_FRONTIER_VERSION);
		return CT_EFORMAT;
	}
	if (!eat(&p, ";m="))
		return parse_fail(e, text, p, "Expected \";m=\"");
	if (!eat_int(&p, 0, 1000000000, &v))
		return parse_fail(e, text, p, "Expected the indicator count");
	if (v < 1 || v > CT_DEA_MAX_DIM)
	{
		ct_fail(e, v < 1 ? CT_EFORMAT : CT_ELIMIT,
				v < 1 ? "invalid dea_frontier value" : "too many indicators for a frontier");
		ct_detail(e, "The state has %ld indicators; a frontier has 1 to %d.", v, CT_DEA_MAX_DIM);
		return e->code;
	}
	*m = (int) v;
	if (!eat(&p, ";rows=") || !eat_number(&p, rows))
		return parse_fail(e, text, p, "Expected \";rows=\" and a number");
	if (!eat(&p, ";n="))
		return parse_fail(e, text, p, "Expected \";n=\"");
	if (!eat_int(&p, 0, 1000000000, &v))
		return parse_fail(e, text, p, "Expected the point count");
	if (v > CT_DEA_MAX_STATE)
	{
		ct_fail(e, CT_ELIMIT, "too many frontier points");
		ct_detail(e, "The state has %ld points; the limit is %d.", v, CT_DEA_MAX_STATE);
		return CT_ELIMIT;
	}
	*n = (int) v;
	if (!eat(&p, ";p="))
		return parse_fail(e, text, p, "Expected \";p=\"");
	*at = p;
	return CT_OK;
}

ct_code
ct_frontier_parse_header(const char *text, int *m, double *rows, int *n,
						 ct_error *e)
{
	const char *at;

	return parse_header(text, m, rows, n, &at, e);
}

ct_code
ct_frontier_parse(const char *text, double *pts, ct_error *e)
{
	int			m,
				n;
	double		rows;
	const char *p;
	size_t		total;

	if (parse_header(text, &m, &rows, &n, &p, e) != CT_OK)
		return e->code;
	total = (size_t) n * m;
	for (size_t i = 0; i < total; i++)
	{
		if (i > 0 && !eat(&p, ","))
			return parse_fail(e, text, p, "Expected \",\" and more values");
		if (!eat_number(&p, &pts[i]))
			return parse_fail(e, text, p, "Expected a finite number");
	}
	if (*p != '\0')
		return parse_fail(e, text, p, total == 0 ? "Expected no values for n=0" : "Too many values or text after the state");
	return ct_frontier_validate(m, rows, n, pts, e);
}

ct_code
ct_frontier_validate(int m, double rows, int n, const double *pts,
					 ct_error *e)
{
	if (!(rows >= 0.0 && rows <= 9007199254740992.0 && rows == floor(rows)))
	{
		ct_fail(e, CT_EFORMAT, "invalid dea_frontier value");
		ct_detail(e, "rows must be a whole number >= 0; got %g.", rows);
		return CT_EFORMAT;
	}
	if ((double) n > rows)
	{
		ct_fail(e, CT_EFORMAT, "invalid dea_frontier value");
		ct_detail(e, "The state has %d points but saw only %.0f rows.", n, rows);
		return CT_EFORMAT;
	}
	for (int i = 0; i < n; i++)
	{
		bool		zero = true;

		for (int j = 0; j < m; j++)
		{
			double		x = pts[(size_t) i * m + j];

			if (!(x >= 0.0 && x <= CT_DEA_MAX_VALUE))
			{
				ct_fail(e, CT_EFORMAT, "invalid dea_frontier value");
				ct_detail(e, "Point %d, indicator %d is %g; frontier values are in [0, %g].",
						  i + 1, j + 1, x, CT_DEA_MAX_VALUE);
				return CT_EFORMAT;
			}
			zero &= x == 0.0;
		}
		if (zero)
		{
			ct_fail(e, CT_EFORMAT, "invalid dea_frontier value");
			ct_detail(e, "Point %d is all zeros; a frontier never holds it.", i + 1);
			return CT_EFORMAT;
		}
	}
	return CT_OK;
}
