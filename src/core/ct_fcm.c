/*
 * ct_fcm.c
 *		Fuzzy c-means: memberships, the per-iteration sufficient statistics
 *		and their merge, the next centres, order-independent k-means++
 *		seeding keys, and the versioned text form of a state (see ct_fcm.h).
 */
#include "ct_fcm.h"
#include "ct_stats.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void
ct_fcm_view(ct_fcm *s, double *block, int k, int d)
{
	s->k = k;
	s->d = d;
	s->m = block;
	s->rows = block + 1;
	s->objective = block + 2;
	s->size = block + 3;
	s->w = s->size + k;
	s->s = s->w + k;
	s->centres = s->s + (size_t) k * d;
}

ct_code
ct_fcm_check_m(double m, ct_error *e)
{
	if (!(m > 1.0) || !isfinite(m))
	{
		ct_fail(e, CT_EINVAL, "the fuzzifier m must be a finite number above 1");
		ct_detail(e, "Got %g.", m);
		ct_hint(e, "m = 2 is the usual choice; values near 1 give nearly hard clusters.");
		return CT_EINVAL;
	}
	return CT_OK;
}

ct_code
ct_fcm_check_point(const double *x, int d, const char *what, ct_error *e)
{
	for (int j = 0; j < d; j++)
		if (!(fabs(x[j]) <= CT_FCM_MAX_ABS))
		{
			if (isfinite(x[j]))
				ct_fail(e, CT_EINVAL, "%s must lie within +-%g", what, CT_FCM_MAX_ABS);
			else
				ct_fail(e, CT_EINVAL, "%s must contain only finite numbers", what);
			ct_detail(e, "Element %d is %g.", j + 1, x[j]);
			return CT_EINVAL;
		}
	return CT_OK;
}

ct_code
ct_fcm_check_centres(const double *centres, int k, int d, ct_error *e)
{
	for (size_t i = 0; i < (size_t) k * d; i++)
		if (!(fabs(centres[i]) <= CT_FCM_MAX_ABS))
		{
			ct_fail(e, CT_EINVAL, "centres must contain only finite numbers within +-%g", CT_FCM_MAX_ABS);
			ct_detail(e, "Element [%zu][%zu] is %g.", i / d + 1, i % d + 1, centres[i]);
			return CT_EINVAL;
		}
	for (int a = 0; a < k; a++)
		for (int b = a + 1; b < k; b++)
			if (memcmp(centres + (size_t) a * d, centres + (size_t) b * d,
					   sizeof(double) * d) == 0)
			{
				ct_fail(e, CT_EINVAL, "centres %d and %d are identical", a + 1, b + 1);
				ct_detail(e, "Two equal centres share every point equally and can never separate.");
				return CT_EINVAL;
			}
	return CT_OK;
}

void
ct_fcm_init(ct_fcm *s, const double *centres, double m)
{
	size_t		kd = (size_t) s->k * s->d;

	*s->m = m;
	*s->rows = 0.0;
	*s->objective = 0.0;
	memset(s->size, 0, sizeof(double) * (2 * (size_t) s->k + kd));
	memcpy(s->centres, centres, sizeof(double) * kd);
}

static inline double
sqdist(const double *x, const double *c, int d)
{
	double		acc = 0.0;

	for (int j = 0; j < d; j++)
	{
		double		t = x[j] - c[j];

		acc += t * t;
	}
	return acc;
}

void
ct_fcm_membership(const double *x, int d, const double *centres, int k,
				  double m, double *u, double *dist)
{
	double		dmin = INFINITY;
	double		p = 1.0 / (m - 1.0);
	double		sum = 0.0;
	int			zeros = 0;

	for (int c = 0; c < k; c++)
	{
		double		t = sqdist(x, centres + (size_t) c * d, d);

		u[c] = t;
		if (dist)
			dist[c] = t;
		if (t < dmin)
			dmin = t;
		zeros += t == 0.0;
	}
	if (zeros > 0)
	{
		/* on one or more centres: equal shares among them */
		for (int c = 0; c < k; c++)
			u[c] = u[c] == 0.0 ? 1.0 / zeros : 0.0;
		return;
	}
	/*
	 * u_c = (dmin/d_c)^p / sum_j (dmin/d_j)^p: every ratio is in (0, 1], so
	 * nothing overflows (a ratio that underflows to 0 is a membership too
	 * small for a double)
	 */
	for (int c = 0; c < k; c++)
	{
		double		r = dmin / u[c];

		u[c] = (p == 1.0) ? r : pow(r, p);
		sum += u[c];
	}
	for (int c = 0; c < k; c++)
		u[c] /= sum;
}

int
ct_fcm_nearest(const double *x, int d, const double *centres, int k)
{
	int			best = 0;
	double		bd = INFINITY;

	for (int c = 0; c < k; c++)
	{
		double		t = sqdist(x, centres + (size_t) c * d, d);

		if (t < bd)
		{
			bd = t;
			best = c;
		}
	}
	return best;
}

ct_code
ct_fcm_add(ct_fcm *s, const double *x, double *scratch, ct_error *e)
{
	const int	k = s->k,
				d = s->d;
	double		m = *s->m;
	double	   *u = scratch;
	double	   *dist = scratch + k;

	if (ct_fcm_check_point(x, d, "v", e) != CT_OK)
		return e->code;
	ct_fcm_membership(x, d, s->centres, k, m, u, dist);
	for (int c = 0; c < k; c++)
	{
		double		um = (m == 2.0) ? u[c] * u[c] : pow(u[c], m);
		double	   *sc = s->s + (size_t) c * d;

		s->size[c] += u[c];
		if (um == 0.0)
			continue;
		s->w[c] += um;
		*s->objective += um * dist[c];
		for (int j = 0; j < d; j++)
			sc[j] += um * x[j];
	}
	*s->rows += 1.0;
	return CT_OK;
}

ct_code
ct_fcm_merge(ct_fcm *a, const ct_fcm *b, ct_error *e)
{
	size_t		kd = (size_t) a->k * a->d;

	if (a->k != b->k || a->d != b->d)
	{
		ct_fail(e, CT_ESHAPE, "cannot merge fcm_stats states of different shapes");
		ct_detail(e, "One has %d clusters of %d coordinates, the other %d of %d.",
				  a->k, a->d, b->k, b->d);
		return CT_ESHAPE;
	}
	if (*a->m != *b->m || memcmp(a->centres, b->centres, sizeof(double) * kd) != 0)
	{
		ct_fail(e, CT_EINVAL, "cannot merge fcm_stats states of different iterations");
		ct_detail(e, "The states were computed with different centres or fuzzifiers.");
		ct_hint(e, "Merge only the states of one iteration (the same centres and m).");
		return CT_EINVAL;
	}
	*a->rows += *b->rows;
	*a->objective += *b->objective;
	for (int c = 0; c < a->k; c++)
	{
		a->size[c] += b->size[c];
		a->w[c] += b->w[c];
	}
	for (size_t i = 0; i < kd; i++)
		a->s[i] += b->s[i];
	return CT_OK;
}

double
ct_fcm_next_centres(const ct_fcm *s, double *out, int *empty)
{
	double		shift = 0.0;
	int			n_empty = 0;

	for (int c = 0; c < s->k; c++)
	{
		const double *old = s->centres + (size_t) c * s->d;
		double	   *nc = out + (size_t) c * s->d;

		if (!(s->w[c] > 0.0))
		{
			/* no weight: nothing to move it, it stays */
			memcpy(nc, old, sizeof(double) * s->d);
			n_empty++;
			continue;
		}
		for (int j = 0; j < s->d; j++)
		{
			nc[j] = s->s[(size_t) c * s->d + j] / s->w[c];
			shift = fmax(shift, fabs(nc[j] - old[j]));
		}
	}
	if (empty)
		*empty = n_empty;
	return shift;
}

ct_code
ct_fcm_validate(const ct_fcm *s, ct_error *e)
{
	size_t		kd = (size_t) s->k * s->d;
	double		rows = *s->rows;
	double		wsum = 0.0;

	if (ct_fcm_check_m(*s->m, e) != CT_OK)
		return CT_EFORMAT;
	if (ct_fcm_check_centres(s->centres, s->k, s->d, e) != CT_OK)
	{
		e->code = CT_EFORMAT;
		return CT_EFORMAT;
	}
	ct_fail(e, CT_EFORMAT, "invalid fcm_stats value");
	if (!(rows >= 0.0 && rows <= 9007199254740992.0 && rows == floor(rows)))
	{
		ct_detail(e, "rows must be a whole number >= 0; got %g.", rows);
		return CT_EFORMAT;
	}
	if (!(*s->objective >= 0.0) || !isfinite(*s->objective))
	{
		ct_detail(e, "The objective must be finite and >= 0.");
		return CT_EFORMAT;
	}
	for (int c = 0; c < s->k; c++)
	{
		if (!(s->size[c] >= 0.0) || !isfinite(s->size[c]) ||
			!(s->w[c] >= 0.0) || !isfinite(s->w[c]) || s->w[c] > s->size[c] * (1 + 1e-9))
		{
			ct_detail(e, "Cluster %d: size and weight must be finite, >= 0, weight <= size.", c + 1);
			return CT_EFORMAT;
		}
		wsum += s->size[c];
	}
	/* the memberships of each row sum to 1 */
	if (fabs(wsum - rows) > 1e-6 * (rows + 1.0))
	{
		ct_detail(e, "The cluster sizes sum to %.17g, not to the %.17g rows.", wsum, rows);
		return CT_EFORMAT;
	}
	for (size_t i = 0; i < kd; i++)
		if (!isfinite(s->s[i]) || (s->w[i / s->d] == 0.0 && s->s[i] != 0.0))
		{
			ct_detail(e, "The weighted sums must be finite, and 0 for a cluster without weight.");
			return CT_EFORMAT;
		}
	ct_error_clear(e);
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

static void
out_list(out_buf *o, const char *key, const double *v, size_t n)
{
	char		num[40];

	out_str(o, ";");
	out_str(o, key);
	out_str(o, "=");
	for (size_t i = 0; i < n; i++)
	{
		if (i > 0)
			out_str(o, ",");
		ct_format_double(v[i], num, sizeof(num));
		out_str(o, num);
	}
}

size_t
ct_fcm_format(const ct_fcm *s, char *buf, size_t buflen)
{
	out_buf		o = {buf, buflen, 0};
	char		head[64];
	size_t		kd = (size_t) s->k * s->d;

	snprintf(head, sizeof(head), "v%d;k=%d;d=%d", CT_FCM_VERSION, s->k, s->d);
	out_str(&o, head);
	out_list(&o, "m", s->m, 1);
	out_list(&o, "rows", s->rows, 1);
	out_list(&o, "objective", s->objective, 1);
	out_list(&o, "size", s->size, s->k);
	out_list(&o, "w", s->w, s->k);
	out_list(&o, "s", s->s, kd);
	out_list(&o, "centres", s->centres, kd);
	if (buflen > 0)
		buf[o.len < buflen ? o.len : buflen - 1] = '\0';
	return o.len;
}

static ct_code
parse_fail(ct_error *e, const char *text, const char *at, const char *what)
{
	ct_fail(e, CT_EFORMAT, "invalid input syntax for type fcm_stats");
	e->position = (int) (at - text) + 1;
	ct_detail(e, "%s at character %d.", what, e->position);
	ct_hint(e, "The format is v1;k=K;d=D;m=..;rows=..;objective=..;size=..;w=..;s=..;centres=.. as written by fcm_stats output.");
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

static ct_code
parse_dims(const char *text, const char **pp, int *k, int *d, ct_error *e)
{
	const char *p = text;
	long		v;

	if (!eat(&p, "v") || !eat_int(&p, 0, 1000000, &v))
		return parse_fail(e, text, p, "Expected the format version \"v1\"");
	if (v != CT_FCM_VERSION)
	{
		ct_fail(e, CT_EFORMAT, "unsupported fcm_stats format version %ld", v);
		ct_detail(e, "This build reads version %d.", CT_FCM_VERSION);
		return CT_EFORMAT;
	}
	if (!eat(&p, ";k=") || !eat_int(&p, 0, 1000000000, &v))
		return parse_fail(e, text, p, "Expected \";k=\" and the cluster count");
	if (v < 1 || v > CT_FCM_MAX_K)
	{
		ct_fail(e, v < 1 ? CT_EFORMAT : CT_ELIMIT, v < 1 ? "invalid fcm_stats value" : "too many clusters");
		ct_detail(e, "The state has %ld clusters; the limit is %d.", v, CT_FCM_MAX_K);
		return e->code;
	}
	*k = (int) v;
	if (!eat(&p, ";d=") || !eat_int(&p, 0, 1000000000, &v))
		return parse_fail(e, text, p, "Expected \";d=\" and the coordinate count");
	if (v < 1 || v > CT_FCM_MAX_DIM)
	{
		ct_fail(e, v < 1 ? CT_EFORMAT : CT_ELIMIT, v < 1 ? "invalid fcm_stats value" : "too many coordinates");
		ct_detail(e, "The state has %ld coordinates; the limit is %d.", v, CT_FCM_MAX_DIM);
		return e->code;
	}
	*d = (int) v;
	*pp = p;
	return CT_OK;
}

ct_code
ct_fcm_parse_header(const char *text, int *k, int *d, ct_error *e)
{
	const char *p;

	return parse_dims(text, &p, k, d, e);
}

static ct_code
parse_list(const char *text, const char **p, const char *key, double *v,
		   size_t n, ct_error *e)
{
	char		what[80];

	if (!eat(p, ";") || !eat(p, key) || !eat(p, "="))
	{
		snprintf(what, sizeof(what), "Expected \";%s=\"", key);
		return parse_fail(e, text, *p, what);
	}
	for (size_t i = 0; i < n; i++)
	{
		char	   *end;
		const char *q;

		if (i > 0 && !eat(p, ","))
		{
			snprintf(what, sizeof(what), "Expected \",\" and more values in %s", key);
			return parse_fail(e, text, *p, what);
		}
		q = *p;
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
		snprintf(what, sizeof(what), "Too many values in %s", key);
		return parse_fail(e, text, *p, what);
	}
	return CT_OK;
}

ct_code
ct_fcm_parse(const char *text, ct_fcm *s, ct_error *e)
{
	const char *p;
	int			k,
				d;
	size_t		kd;

	if (parse_dims(text, &p, &k, &d, e) != CT_OK)
		return e->code;
	if (k != s->k || d != s->d)
		return parse_fail(e, text, text, "The shape does not match");
	kd = (size_t) k * d;
	if (parse_list(text, &p, "m", s->m, 1, e) != CT_OK ||
		parse_list(text, &p, "rows", s->rows, 1, e) != CT_OK ||
		parse_list(text, &p, "objective", s->objective, 1, e) != CT_OK ||
		parse_list(text, &p, "size", s->size, k, e) != CT_OK ||
		parse_list(text, &p, "w", s->w, k, e) != CT_OK ||
		parse_list(text, &p, "s", s->s, kd, e) != CT_OK ||
		parse_list(text, &p, "centres", s->centres, kd, e) != CT_OK)
		return e->code;
	if (*p != '\0')
		return parse_fail(e, text, p, "Unexpected text after the state");
	return ct_fcm_validate(s, e);
}

/* ---- seeding ---- */

/* splitmix64 finaliser (Steele, Lea and Flood 2014) */
static inline uint64_t
mix64(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

bool
ct_fcm_seed_key(const double *x, int d, const double *centres, int t,
				int64_t seed, double *key)
{
	double		w = 1.0;
	uint64_t	h = mix64((uint64_t) seed ^ mix64((uint64_t) t + 0x51ed2701ULL));
	double		u;

	for (int c = 0; c < t; c++)
	{
		double		dc = sqdist(x, centres + (size_t) c * d, d);

		if (c == 0 || dc < w)
			w = dc;
	}
	if (!(w > 0.0))
		return false;
	for (int j = 0; j < d; j++)
	{
		double		v = x[j] == 0.0 ? 0.0 : x[j];	/* -0 hashes as 0 */
		uint64_t	bits;

		memcpy(&bits, &v, sizeof(bits));
		h = mix64(h ^ bits);
	}
	/* u in (0, 1): 53 bits and a half step */
	u = ((double) (h >> 11) + 0.5) * (1.0 / 9007199254740992.0);
	*key = log(u) / w;
	return true;
}

bool
ct_fcm_seed_better(double key_a, const double *a, double key_b,
				   const double *b, int d)
{
	if (key_a != key_b)
		return key_a > key_b;
	for (int j = 0; j < d; j++)
		if (a[j] != b[j])
			return a[j] > b[j];
	return false;
}
