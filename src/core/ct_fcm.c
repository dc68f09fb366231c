/*
 * ct_fcm.c
 *		Fuzzy c-means: memberships, the per-iteration sufficient statistics
 *		and their merge, the next centres, order-independent k-means++
 *		seeding keys, and the versioned text form of a state (see ct_fcm.h).
 */
#include "ct_fcm.h"
#include "ct_statetext.h"
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

/* ---- text form (the shared state text helpers, ct_statetext.h) ---- */

size_t
ct_fcm_format(const ct_fcm *s, char *buf, size_t buflen)
{
	ct_text_out o = {buf, buflen, 0};
	char		head[64];
	size_t		kd = (size_t) s->k * s->d;

	snprintf(head, sizeof(head), "v%d;k=%d;d=%d", CT_FCM_VERSION, s->k, s->d);
	ct_text_out_str(&o, head);
	ct_text_out_list(&o, "m", s->m, 1);
	ct_text_out_list(&o, "rows", s->rows, 1);
	ct_text_out_list(&o, "objective", s->objective, 1);
	ct_text_out_list(&o, "size", s->size, s->k);
	ct_text_out_list(&o, "w", s->w, s->k);
	ct_text_out_list(&o, "s", s->s, kd);
	ct_text_out_list(&o, "centres", s->centres, kd);
	return ct_text_out_end(&o);
}

static void
fcm_text_in(ct_text_in *in, const char *text)
{
	in->text = text;
	in->p = text;
	in->type = "fcm_stats";
	in->hint = "The format is v1;k=K;d=D;m=..;rows=..;objective=..;size=..;w=..;s=..;centres=.. as written by fcm_stats output.";
}

static ct_code
parse_dims(ct_text_in *in, int *k, int *d, ct_error *e)
{
	const char **p = &in->p;
	long		v;

	if (!ct_text_eat(p, "v") || !ct_text_eat_int(p, 0, 1000000, &v))
		return ct_text_in_fail(in, *p, "Expected the format version \"v1\"", e);
	if (v != CT_FCM_VERSION)
	{
		ct_fail(e, CT_EFORMAT, "unsupported fcm_stats format version %ld", v);
		ct_detail(e, "This build reads version %d.", CT_FCM_VERSION);
		return CT_EFORMAT;
	}
	if (!ct_text_eat(p, ";k=") || !ct_text_eat_int(p, 0, 1000000000, &v))
		return ct_text_in_fail(in, *p, "Expected \";k=\" and the cluster count", e);
	if (v < 1 || v > CT_FCM_MAX_K)
	{
		ct_fail(e, v < 1 ? CT_EFORMAT : CT_ELIMIT, v < 1 ? "invalid fcm_stats value" : "too many clusters");
		ct_detail(e, "The state has %ld clusters; the limit is %d.", v, CT_FCM_MAX_K);
		return e->code;
	}
	*k = (int) v;
	if (!ct_text_eat(p, ";d=") || !ct_text_eat_int(p, 0, 1000000000, &v))
		return ct_text_in_fail(in, *p, "Expected \";d=\" and the coordinate count", e);
	if (v < 1 || v > CT_FCM_MAX_DIM)
	{
		ct_fail(e, v < 1 ? CT_EFORMAT : CT_ELIMIT, v < 1 ? "invalid fcm_stats value" : "too many coordinates");
		ct_detail(e, "The state has %ld coordinates; the limit is %d.", v, CT_FCM_MAX_DIM);
		return e->code;
	}
	*d = (int) v;
	return CT_OK;
}

ct_code
ct_fcm_parse_header(const char *text, int *k, int *d, ct_error *e)
{
	ct_text_in	in;

	fcm_text_in(&in, text);
	return parse_dims(&in, k, d, e);
}

ct_code
ct_fcm_parse(const char *text, ct_fcm *s, ct_error *e)
{
	ct_text_in	in;
	int			k,
				d;
	size_t		kd;

	fcm_text_in(&in, text);
	if (parse_dims(&in, &k, &d, e) != CT_OK)
		return e->code;
	if (k != s->k || d != s->d)
		return ct_text_in_fail(&in, text, "The shape does not match", e);
	kd = (size_t) k * d;
	if (ct_text_in_list(&in, "m", s->m, 1, e) != CT_OK ||
		ct_text_in_list(&in, "rows", s->rows, 1, e) != CT_OK ||
		ct_text_in_list(&in, "objective", s->objective, 1, e) != CT_OK ||
		ct_text_in_list(&in, "size", s->size, k, e) != CT_OK ||
		ct_text_in_list(&in, "w", s->w, k, e) != CT_OK ||
		ct_text_in_list(&in, "s", s->s, kd, e) != CT_OK ||
		ct_text_in_list(&in, "centres", s->centres, kd, e) != CT_OK)
		return e->code;
	if (*in.p != '\0')
		return ct_text_in_fail(&in, in.p, "Unexpected text after the state", e);
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
