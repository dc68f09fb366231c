/*
 * test_sketch.c
 *		The quantile sketch (src/core/ct_sketch.c, ct_sketch_io.c): exact
 *		below CT_SKETCH_T values (percentile_cont), the tracked rank-error
 *		bound on random data against exact ranks (single sketch and merges),
 *		determinism, the text and binary round trips, the decoders on
 *		malformed and truncated input, and compaction by ct_sort_doubles
 *		against a reference compactor that sorts with qsort.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ct_sketch.h"
#include "stable_sort.h"

static void *
t_alloc(size_t n, void *ctx)
{
	(void) ctx;
	return malloc(n);
}

static void
t_free(void *p, void *ctx)
{
	(void) ctx;
	free(p);
}

static void
mk(ct_sketch *s, int k)
{
	ct_error	e;

	assert_int_equal(ct_sketch_init(s, k, t_alloc, t_free, NULL, &e), CT_OK);
}

/* xorshift64*: a fixed, platform-independent stream */
static uint64_t rng_state = 88172645463325252ULL;

static double
urand(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (double) ((rng_state * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static int
cmpd(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

/* percentile_cont over a sorted array */
static double
pcont(const double *v, size_t n, double f)
{
	double		pos = f * (double) (n - 1);
	double		a = floor(pos),
				b = ceil(pos);
	double		lo = v[(size_t) a];

	if (a == b)
		return lo;
	return lo + ((pos - a) * (v[(size_t) b] - lo));
}

/* values < x (or <= x with or_equal) in a sorted array */
static size_t
count_below(const double *v, size_t n, double x, int or_equal)
{
	size_t		lo = 0,
				hi = n;

	while (lo < hi)
	{
		size_t		m = (lo + hi) / 2;

		if (v[m] < x || (or_equal && v[m] == x))
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

#define count_less(v, n, x) count_below(v, n, x, 0)
#define count_le(v, n, x) count_below(v, n, x, 1)

static void
sorted_of(const ct_sketch *s, int c, ct_sketch_sorted *q)
{
	size_t		m = ct_sketch_nitems(s, c);

	ct_sketch_sort(s, c, malloc(sizeof(double) * (m + 1)),
				   malloc(sizeof(uint64_t) * (m + 1)), q);
}

static void
sorted_free(ct_sketch_sorted *q)
{
	free(q->vals);
	free(q->cum);
}

/* the documented bound n H / (T - 1), H = floor(log2(n / (T - 1))) + 1 */
static double
bound(uint64_t n)
{
	double		h;

	if (n < CT_SKETCH_T)
		return 0;
	h = floor(log2((double) n / (CT_SKETCH_T - 1))) + 1;
	return (double) n * h / (CT_SKETCH_T - 1);
}

/*
 * Check the guarantee on a column against the exact sorted values:
 * err <= the bound; every estimated rank within err; quantiles whose true
 * rank interval is within err of f (n - 1).  Returns the largest rank error
 * seen, as a fraction of n.
 */
static double
check_column(const ct_sketch *s, int c, const double *sorted, size_t n)
{
	ct_sketch_sorted q;
	double		worst = 0;

	sorted_of(s, c, &q);
	assert_int_equal(q.n, n);
	assert_true(q.min == sorted[0] && q.max == sorted[n - 1]);
	assert_true((double) s->cols[c].err <= bound(n));
	for (int i = 0; i <= 2000; i++)
	{
		double		x = sorted[(size_t) ((double) i / 2000 * (n - 1))] + (i % 3 == 0 ? 1e-9 : 0);
		uint64_t	less,
					le;
		double		d1,
					d2;

		ct_sketch_rank(&q, x, &less, &le);
		d1 = fabs((double) less - (double) count_less(sorted, n, x));
		d2 = fabs((double) le - (double) count_le(sorted, n, x));
		assert_true(d1 <= (double) s->cols[c].err);
		assert_true(d2 <= (double) s->cols[c].err);
		if (d1 / n > worst)
			worst = d1 / n;
	}
	for (int i = 0; i <= 1000; i++)
	{
		double		f = i / 1000.0;
		double		y = ct_sketch_quantile(&q, f);
		double		target = f * (double) (n - 1);

		/* y lies between two values of true ranks around the target */
		assert_true((double) count_less(sorted, n, y) <= target + s->cols[c].err + 1);
		assert_true((double) count_le(sorted, n, y) >= target - s->cols[c].err);
		if (s->cols[c].err == 0)
			assert_true(y == pcont(sorted, n, f));
	}
	sorted_free(&q);
	return worst;
}

static void
test_exact_small(void **state)
{
	ct_sketch	s;
	ct_error	e;
	double		v[CT_SKETCH_T - 1];
	size_t		n = CT_SKETCH_T - 1;

	(void) state;
	mk(&s, 1);
	for (size_t i = 0; i < n; i++)
	{
		v[i] = floor(urand() * 100) / 4;	/* many ties */
		assert_int_equal(ct_sketch_add(&s, 0, v[i], &e), CT_OK);
	}
	qsort(v, n, sizeof(double), cmpd);
	assert_int_equal(s.cols[0].err, 0);
	(void) check_column(&s, 0, v, n);
	ct_sketch_free(&s);
}

static double *
fill(size_t n, int kind)
{
	double	   *v = malloc(sizeof(double) * n);

	for (size_t i = 0; i < n; i++)
	{
		double		u = urand();

		switch (kind)
		{
			case 0:
				v[i] = u;
				break;
			case 1:				/* normal (Box-Muller) */
				v[i] = sqrt(-2 * log(u + 1e-300)) * cos(6.283185307179586 * urand());
				break;
			case 2:				/* heavy ties */
				v[i] = floor(u * 7);
				break;
			default:			/* sorted input, a compactor's worst order */
				v[i] = (double) i;
		}
	}
	return v;
}

static void
test_bound_random(void **state)
{
	(void) state;
	for (int kind = 0; kind < 4; kind++)
	{
		size_t		n = 300000;
		double	   *v = fill(n, kind);
		ct_sketch	s;
		ct_error	e;
		double		worst;

		mk(&s, 1);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(ct_sketch_add(&s, 0, v[i], &e), CT_OK);
		qsort(v, n, sizeof(double), cmpd);
		worst = check_column(&s, 0, v, n);
		print_message("kind %d: n %zu err bound %.5f tracked %.5f worst seen %.6f\n",
					  kind, n, bound(n) / n, (double) s.cols[0].err / n, worst);
		ct_sketch_free(&s);
		free(v);
	}
}

/* merges: pieces of uneven sizes merged left to right and as a tree */
static void
test_merge(void **state)
{
	size_t		n = 250000;
	double	   *v = fill(n, 1);
	size_t		cuts[] = {0, 10, 5000, 60000, 61000, 130000, 200001, 250000};
	ct_sketch	parts[7],
				all,
				tree;
	ct_error	e;
	char	   *t1,
			   *t2;
	size_t		l1,
				l2;

	(void) state;
	for (int p = 0; p < 7; p++)
	{
		mk(&parts[p], 2);
		for (size_t i = cuts[p]; i < cuts[p + 1]; i++)
		{
			double		row[2] = {v[i], -v[i]};
			uint8_t		nulls = (i % 5 == 0) ? 1 : 3;	/* column 2 NULL every 5th row */

			assert_int_equal(ct_sketch_add_row(&parts[p], row, &nulls, &e), CT_OK);
		}
	}
	mk(&all, 2);
	for (int p = 0; p < 7; p++)
		assert_int_equal(ct_sketch_merge(&all, &parts[p], &e), CT_OK);
	mk(&tree, 2);
	assert_int_equal(ct_sketch_merge(&parts[5], &parts[6], &e), CT_OK);
	assert_int_equal(ct_sketch_merge(&parts[3], &parts[4], &e), CT_OK);
	assert_int_equal(ct_sketch_merge(&parts[3], &parts[5], &e), CT_OK);
	assert_int_equal(ct_sketch_merge(&parts[0], &parts[1], &e), CT_OK);
	assert_int_equal(ct_sketch_merge(&parts[0], &parts[2], &e), CT_OK);
	assert_int_equal(ct_sketch_merge(&tree, &parts[3], &e), CT_OK);
	assert_int_equal(ct_sketch_merge(&tree, &parts[0], &e), CT_OK);
	{
		double	   *c1 = malloc(sizeof(double) * n);
		double	   *c2 = malloc(sizeof(double) * n);
		size_t		n2 = 0;

		for (size_t i = 0; i < n; i++)
		{
			c1[i] = v[i];
			if (i % 5 != 0)
				c2[n2++] = -v[i];
		}
		qsort(c1, n, sizeof(double), cmpd);
		qsort(c2, n2, sizeof(double), cmpd);
		print_message("merged: worst %.6f / %.6f, err %.5f; tree: worst %.6f, err %.5f\n",
					  check_column(&all, 0, c1, n), check_column(&all, 1, c2, n2),
					  (double) all.cols[0].err / n,
					  check_column(&tree, 0, c1, n), (double) tree.cols[0].err / n);
		(void) check_column(&tree, 1, c2, n2);
		free(c1);
		free(c2);
	}
	/* determinism: the same merges give the same text */
	l1 = ct_sketch_format(&all, NULL, 0);
	t1 = malloc(l1 + 1);
	ct_sketch_format(&all, t1, l1 + 1);
	{
		ct_sketch	again;

		mk(&again, 2);
		for (int p = 0; p < 7; p++)
		{
			ct_sketch	one;

			mk(&one, 2);
			for (size_t i = cuts[p]; i < cuts[p + 1]; i++)
			{
				double		row[2] = {v[i], -v[i]};
				uint8_t		nulls = (i % 5 == 0) ? 1 : 3;

				assert_int_equal(ct_sketch_add_row(&one, row, &nulls, &e), CT_OK);
			}
			assert_int_equal(ct_sketch_merge(&again, &one, &e), CT_OK);
			ct_sketch_free(&one);
		}
		l2 = ct_sketch_format(&again, NULL, 0);
		t2 = malloc(l2 + 1);
		ct_sketch_format(&again, t2, l2 + 1);
		assert_int_equal(l1, l2);
		assert_string_equal(t1, t2);
		free(t2);
		ct_sketch_free(&again);
	}
	free(t1);
	mk(&parts[1], 3);
	assert_int_equal(ct_sketch_merge(&all, &parts[1], &e), CT_ESHAPE);
	for (int p = 0; p < 7; p++)
		ct_sketch_free(&parts[p]);
	ct_sketch_free(&all);
	ct_sketch_free(&tree);
	free(v);
}

static void
roundtrip(const ct_sketch *s)
{
	ct_error	e;
	size_t		len = ct_sketch_format(s, NULL, 0);
	char	   *t = malloc(len + 1);
	char	   *t2;
	int			k;
	ct_sketch	r,
				b;
	size_t		bl = ct_sketch_send_size(s);
	uint8_t    *bin = malloc(bl);

	ct_sketch_format(s, t, len + 1);
	assert_int_equal(ct_sketch_parse_header(t, &k, &e), CT_OK);
	mk(&r, k);
	if (ct_sketch_parse(t, &r, &e) != CT_OK)
		fail_msg("%s: %s", e.message, e.detail);
	t2 = malloc(len + 1);
	assert_int_equal(ct_sketch_format(&r, t2, len + 1), len);
	assert_string_equal(t, t2);
	ct_sketch_send(s, bin);
	assert_int_equal(ct_sketch_recv_k(bin, bl, &k, &e), CT_OK);
	mk(&b, k);
	assert_int_equal(ct_sketch_recv(bin, bl, &b, &e), CT_OK);
	ct_sketch_format(&b, t2, len + 1);
	assert_string_equal(t, t2);
	/* every truncation and every single-byte change: an error or a valid
	 * sketch, never a crash (run under the sanitizers by make fuzz) */
	for (size_t cut = 0; cut < bl; cut += (bl > 4000 ? 97 : 1))
	{
		ct_sketch	x;

		if (ct_sketch_recv_k(bin, cut, &k, &e) == CT_OK)
		{
			mk(&x, k);
			assert_int_not_equal(ct_sketch_recv(bin, cut, &x, &e), CT_OK);
			ct_sketch_free(&x);
		}
	}
	for (size_t i = 0; i < bl; i += (bl > 4000 ? 13 : 1))
	{
		ct_sketch	x;
		uint8_t		old = bin[i];

		bin[i] ^= 0x5a;
		if (ct_sketch_recv_k(bin, bl, &k, &e) == CT_OK)
		{
			mk(&x, k);
			if (ct_sketch_recv(bin, bl, &x, &e) == CT_OK)
				assert_int_equal(ct_sketch_validate(&x, &e), CT_OK);
			ct_sketch_free(&x);
		}
		bin[i] = old;
	}
	for (size_t cut = 0; cut < len; cut += (len > 4000 ? 101 : 1))
	{
		char		c = t[cut];
		ct_sketch	x;

		t[cut] = '\0';
		if (ct_sketch_parse_header(t, &k, &e) == CT_OK)
		{
			mk(&x, k);
			assert_int_equal(ct_sketch_parse(t, &x, &e), CT_EFORMAT);
			ct_sketch_free(&x);
		}
		t[cut] = c;
	}
	ct_sketch_free(&r);
	ct_sketch_free(&b);
	free(t);
	free(t2);
	free(bin);
}

static void
test_io(void **state)
{
	ct_sketch	s;
	ct_error	e;

	(void) state;
	mk(&s, 3);
	roundtrip(&s);				/* empty columns */
	for (int i = 0; i < 20000; i++)
	{
		double		row[3] = {urand(), floor(urand() * 3), -0.0};
		uint8_t		nulls = i < 100 ? 7 : 3;

		assert_int_equal(ct_sketch_add_row(&s, row, &nulls, &e), CT_OK);
	}
	roundtrip(&s);
	ct_sketch_free(&s);
	mk(&s, 1);
	assert_int_equal(ct_sketch_add(&s, 0, 1.5, &e), CT_OK);
	roundtrip(&s);
	{
		size_t		len = ct_sketch_format(&s, NULL, 0);
		char		t[200];

		ct_sketch_format(&s, t, sizeof(t));
		assert_int_equal(len, strlen(t));
		assert_string_equal(t, "v1;k=1;n=1;min=1.5;max=1.5;err=0;levels=1;len=1;par=0;items=1.5");
	}
	assert_int_equal(ct_sketch_add(&s, 0, NAN, &e), CT_EINVAL);
	assert_int_equal(ct_sketch_add(&s, 0, -INFINITY, &e), CT_EINVAL);
	ct_sketch_free(&s);
}

static void
test_malformed(void **state)
{
	static const char *const bad[] = {
		"", "v", "v2;k=1", "v1", "v1;k=0", "v1;k=1", "v1;k=1;n=1",
		"v1;k=1;n=1;min=1.5;max=1.5;err=0;levels=1;len=1;par=0;items=2",	/* outside [min, max] */
		"v1;k=1;n=2;min=1.5;max=1.5;err=0;levels=1;len=1;par=0;items=1.5",	/* n */
		"v1;k=1;n=1;min=1.5;max=1.5;err=0;levels=1;len=1;par=2;items=1.5",	/* parity */
		"v1;k=1;n=1;min=1.5;max=1.5;err=0;levels=1;len=1;par=0;items=1.5,",
		"v1;k=1;n=1;min=1.5;max=1.5;err=0;levels=1;len=1;par=0;items=1.5 ",
		"v1;k=1;n=1;min=1.5;max=1.5;err=0;levels=1;len=1;par=0;items=nan",
		"v1;k=1;n=1;min=1.5;max=1.5;err=0;levels=1;len=5000;par=0;items=1.5",
		"v1;k=1;n=1;min=1.5;max=1.5;err=0;levels=99;len=1;par=0;items=1.5",
		"v1;k=1;n=1.5;min=1.5;max=1.5;err=0;levels=1;len=1;par=0;items=1.5",
		"v1;k=1;n=1;min=2;max=1;err=0;levels=1;len=1;par=0;items=1.5",
		"v1;k=1;n=1;min=1.5;max=1.5;err=1;levels=1;len=1;par=0;items=1.5",	/* err without compaction */
		"v1;k=1;n=0;min=0;max=0;err=0;levels=1;len=0;par=0;items=",	/* empty with a level */
		"v1;k=1;n=4095;min=0;max=1;err=0;levels=1;len=4095;par=0;items=1",	/* announces more values */
		"v1;k=2;n=1;min=1.5;max=1.5;err=0;levels=1;len=1;par=0;items=1.5",
	};
	ct_error	e;
	int			k;

	(void) state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		ct_code		rc = ct_sketch_parse_header(bad[i], &k, &e);

		if (rc == CT_OK)
		{
			ct_sketch	s;

			mk(&s, k);
			rc = ct_sketch_parse(bad[i], &s, &e);
			ct_sketch_free(&s);
		}
		if (rc != CT_EFORMAT)
			fail_msg("accepted or wrong code %d: %s", rc, bad[i]);
	}
	assert_int_equal(ct_sketch_parse_header("v1;k=65", &k, &e), CT_ELIMIT);
}

/*
 * Reference compaction, as src/core/ct_sketch.c did it before ct_sort.c,
 * but sorting each level with a stable sort (stable_sort.h): the order that
 * the stable merge sort of glibc's qsort gave, -0.0 and +0.0 included.
 */
static void
ref_compact(ct_sketch *s, int c, int h)
{
	ct_sketch_col *col = &s->cols[c];
	ct_error	e;

	for (; col->len[h] >= CT_SKETCH_T; h++)
	{
		uint32_t	m = col->len[h];
		uint32_t	up = (m & ~1u) / 2;
		double	   *v;

		stable_sort_doubles(col->items[h], m);
		assert_int_equal(ct_sketch_reserve(s, c, h + 1, col->len[h + 1] + up, &e), CT_OK);
		v = col->items[h];
		for (uint32_t i = 0; i < up; i++)
			col->items[h + 1][col->len[h + 1] + i] = v[2 * i + col->parity[h]];
		col->len[h + 1] += up;
		if (m & 1)
			v[0] = v[m - 1];
		col->len[h] = m & 1;
		col->parity[h] ^= 1;
		col->err += (uint64_t) 1 << h;
		if (h + 2 > col->nlevels)
			col->nlevels = h + 2;
	}
}

static void
ref_add(ct_sketch *s, int c, double x)
{
	ct_sketch_col *col = &s->cols[c];
	ct_error	e;

	if (x == 0)
		x = 0;
	assert_int_equal(ct_sketch_reserve(s, c, 0, col->len[0] + 1, &e), CT_OK);
	if (col->n == 0)
	{
		col->min = col->max = x;
		col->nlevels = 1;
	}
	if (x < col->min)
		col->min = x;
	if (x > col->max)
		col->max = x;
	col->items[0][col->len[0]++] = x;
	col->n++;
	ref_compact(s, c, 0);
}

static void
ref_merge(ct_sketch *a, const ct_sketch *b)
{
	ct_error	e;

	for (int c = 0; c < a->k; c++)
	{
		ct_sketch_col *x = &a->cols[c];
		const ct_sketch_col *y = &b->cols[c];

		if (y->n == 0)
			continue;
		if (x->n == 0 || y->min < x->min)
			x->min = y->min;
		if (x->n == 0 || y->max > x->max)
			x->max = y->max;
		x->n += y->n;
		x->err += y->err;
		for (int h = 0; h < y->nlevels; h++)
		{
			if (y->len[h] > 0)
			{
				assert_int_equal(ct_sketch_reserve(a, c, h, x->len[h] + y->len[h], &e), CT_OK);
				memcpy(x->items[h] + x->len[h], y->items[h], sizeof(double) * y->len[h]);
				x->len[h] += y->len[h];
				if (h + 1 > x->nlevels)
					x->nlevels = h + 1;
			}
			ref_compact(a, c, h);
		}
	}
}

/* the binary form (FNV-1a 64 of it into *hash); caller frees */
static uint8_t *
sent(const ct_sketch *s, size_t *len, uint64_t *hash)
{
	uint8_t    *b;

	*len = ct_sketch_send_size(s);
	b = malloc(*len);
	ct_sketch_send(s, b);
	*hash = 14695981039346656037ULL;
	for (size_t i = 0; i < *len; i++)
	{
		*hash ^= b[i];
		*hash *= 1099511628211ULL;
	}
	return b;
}

static void
assert_same_sketch(const ct_sketch *a, const ct_sketch *b, const char *what)
{
	size_t		la,
				lb;
	uint64_t	ha,
				hb;
	uint8_t    *x = sent(a, &la, &ha),
			   *y = sent(b, &lb, &hb);

	if (la != lb || memcmp(x, y, la) != 0)
		fail_msg("%s: the sketch differs from the reference compaction", what);
	for (int c = 0; c < a->k; c++)
	{
		assert_int_equal(a->cols[c].err, b->cols[c].err);
		for (int h = 0; h < CT_SKETCH_MAX_LEVELS; h++)
			assert_int_equal(a->cols[c].parity[h], b->cols[c].parity[h]);
	}
	free(x);
	free(y);
}

/* row i, column c of the identity test: five kinds of column */
static double
identity_value(size_t i, int c, size_t n)
{
	switch (c)
	{
		case 0:
			return urand() * 200 - 100;			/* random, mixed sign */
		case 1:
			return (double) (uint64_t) (urand() * 12);	/* duplicate-heavy */
		case 2:
			return (double) i * 0.5;			/* ascending */
		case 3:
			return (double) (n - i);			/* descending */
		default:
			{
				double		u = urand();		/* zeros of both signs */

				return u < 0.3 ? -0.0 : u < 0.6 ? 0.0 : (u - 0.8) * 1e6;
			}
	}
}

/*
 * 1,000,000 values (5 columns of 200,000, fixed seed) added with
 * ct_sketch_add_row, and merges of parts: the same bytes as the reference
 * compaction.  IDENTITY_FNV, the hash of the added sketch's send() bytes,
 * is what this same test prints when built against the core of commit
 * e8e96b5 (before ct_sort.c, compaction by glibc's qsort):
 *	git archive e8e96b5 src/core | tar -x -C /tmp/old
 *	cc -std=c99 -O2 -D_POSIX_C_SOURCE=200809L -I/tmp/old/src/core \
 *	   test/unit/test_sketch.c /tmp/old/src/core/ct_sketch*.c \
 *	   /tmp/old/src/core/ct_error.c /tmp/old/src/core/ct_statetext.c \
 *	   /tmp/old/src/core/ct_text.c -lcmocka -lm && ./a.out
 */
#define IDENTITY_ROWS	200000
#define IDENTITY_FNV	UINT64_C(0xea15443d2921528a)

static void
test_compaction_identity(void **state)
{
	ct_sketch	s,
				r,
				parts[3],
				rparts[3];
	ct_error	e;
	double		row[5];
	size_t		len;
	uint64_t	hash;
	uint8_t    *b;

	(void) state;
	rng_state = 88172645463325252ULL;
	mk(&s, 5);
	mk(&r, 5);
	for (int p = 0; p < 3; p++)
	{
		mk(&parts[p], 5);
		mk(&rparts[p], 5);
	}
	for (size_t i = 0; i < IDENTITY_ROWS; i++)
	{
		for (int c = 0; c < 5; c++)
			row[c] = identity_value(i, c, IDENTITY_ROWS);
		assert_int_equal(ct_sketch_add_row(&s, row, NULL, &e), CT_OK);
		for (int c = 0; c < 5; c++)
		{
			ref_add(&r, c, row[c]);
			assert_int_equal(ct_sketch_add(&parts[i % 3], c, row[c], &e), CT_OK);
			ref_add(&rparts[i % 3], c, row[c]);
		}
	}
	assert_same_sketch(&s, &r, "added");
	b = sent(&s, &len, &hash);
	print_message("1,000,000 values: %zu bytes, FNV-1a %016llx, err %llu of %llu (column 1)\n",
				  len, (unsigned long long) hash,
				  (unsigned long long) s.cols[0].err, (unsigned long long) s.cols[0].n);
	free(b);
	assert_true(hash == IDENTITY_FNV);

	/*
	 * Levels holding -0.0 among +0.0 (a decoded or merged state need not be
	 * canonical): parts 1 and 2 get 10,000 more rows each, then -0.0 goes
	 * back into every other zero of column 5, then the parts are merged:
	 * level 0 (unsorted: the radix sort) and level 3 (sorted runs: the run
	 * merge) compact where both zeros meet.
	 */
	for (int p = 1; p < 3; p++)
		for (size_t i = 0; i < 10000; i++)
			for (int c = 0; c < 5; c++)
			{
				double		x = identity_value(i, c, 10000);

				assert_int_equal(ct_sketch_add(&parts[p], c, x, &e), CT_OK);
				ref_add(&rparts[p], c, x);
			}
	for (int p = 0; p < 3; p++)
		for (int h = 0; h < parts[p].cols[4].nlevels; h++)
		{
			uint32_t	flip = 0;

			assert_int_equal(parts[p].cols[4].len[h], rparts[p].cols[4].len[h]);
			for (uint32_t i = 0; i < parts[p].cols[4].len[h]; i++)
				if (parts[p].cols[4].items[h][i] == 0 && (flip++ & 1))
				{
					parts[p].cols[4].items[h][i] = -0.0;
					rparts[p].cols[4].items[h][i] = -0.0;
				}
		}
	assert_true(parts[1].cols[4].len[0] + parts[2].cols[4].len[0] >= CT_SKETCH_T);
	assert_true(parts[0].cols[4].len[3] + parts[1].cols[4].len[3] >= CT_SKETCH_T);
	for (int p = 1; p < 3; p++)
	{
		assert_int_equal(ct_sketch_merge(&parts[0], &parts[p], &e), CT_OK);
		ref_merge(&rparts[0], &rparts[p]);
	}
	assert_same_sketch(&parts[0], &rparts[0], "merged");
	{
		size_t		negzero = 0;

		for (int h = 0; h < parts[0].cols[4].nlevels; h++)
			for (uint32_t i = 0; i < parts[0].cols[4].len[h]; i++)
				negzero += parts[0].cols[4].items[h][i] == 0 && 1 / parts[0].cols[4].items[h][i] < 0;
		print_message("merged: same bytes as the reference, %zu values -0.0 kept in column 5\n", negzero);
	}
	for (int p = 0; p < 3; p++)
	{
		ct_sketch_free(&parts[p]);
		ct_sketch_free(&rparts[p]);
	}
	ct_sketch_free(&s);
	ct_sketch_free(&r);
}

/*
 * ct_sketch_rank (branch-free lower bound, galloping upper bound) against a
 * linear count over sorted values with runs of duplicates, for x below,
 * between, at and above the values, at every size 0..40.
 */
static void
test_rank_search(void **state)
{
	double		vals[40];
	uint64_t	cum[40];
	uint64_t	w = 0;

	(void) state;
	for (int i = 0; i < 40; i++)
	{
		/* 0, 0, 0, 1, 2, 2, 3, ... with one run of 9 equal values */
		vals[i] = i < 3 ? 0 : i < 20 ? i / 2 : i < 29 ? 20 : 21 + (i - 29) / 2;
		w += (uint64_t) (i % 3 + 1);
		cum[i] = w;
	}
	for (size_t m = 0; m <= 40; m++)
	{
		ct_sketch_sorted q = {0};

		q.m = m;
		q.vals = vals;
		q.cum = cum;
		for (double x = -1; x <= 28; x += 0.5)
		{
			uint64_t	less,
						le,
						want_less = 0,
						want_le = 0;

			for (size_t i = 0; i < m; i++)
			{
				uint64_t	wi = cum[i] - (i ? cum[i - 1] : 0);

				if (vals[i] < x)
					want_less += wi;
				if (vals[i] <= x)
					want_le += wi;
			}
			ct_sketch_rank(&q, x, &less, &le);
			assert_int_equal(less, want_less);
			assert_int_equal(le, want_le);
		}
	}
}

/*
 * The bucket index (ct_sketch_set_index): the same ranks as the plain
 * search for sizes 0..3000 of sorted values with long runs, a run at each
 * end, values packed into few buckets and far outliers, for each value,
 * its neighbours, the midpoints, outside, -0, the infinities and NaN; no
 * index for a constant column.
 */
static void
test_rank_index(void **state)
{
	static double vals[3000];
	static uint64_t cum[3000];
	static uint32_t start[CT_SKETCH_BUCKETS + 2];
	uint64_t	w = 0;

	(void) state;
	for (int i = 0; i < 3000; i++)
	{
		/* a run of zeros, steps, a long run, a dense cluster, outliers */
		vals[i] = i < 200 ? 0 : i < 700 ? (i - 200) / 5 * 0.01 : i < 1200 ? 1.0 :
			i < 2900 ? 1.0 + (i - 1200) * 1e-9 : 1e6 * (i - 2899);
		w += (uint64_t) (i % 5 + 1);
		cum[i] = w;
	}
	for (size_t m = 0; m <= 3000; m += (m < 64 ? 1 : 37))
	{
		ct_sketch_sorted plain = {0},
					indexed;

		plain.m = m;
		plain.vals = vals;
		plain.cum = cum;
		indexed = plain;
		ct_sketch_set_index(&indexed, start);
		assert_true((indexed.bstart != NULL) == (m >= 2 && vals[m - 1] > vals[0]));
		for (size_t i = 0; i <= m + 1; i += (i < 300 ? 1 : 7))
		{
			double		base = i < m ? vals[i] : (m ? vals[m - 1] + 1 : 0);
			double		xs[] = {base, nextafter(base, -INFINITY), nextafter(base, INFINITY),
				base - 0.125, base + 0.125, base * 0.5, -0.0, -1e300, 1e300, -INFINITY, INFINITY, NAN};

			for (size_t t = 0; t < sizeof(xs) / sizeof(xs[0]); t++)
			{
				uint64_t	l1,
							e1,
							l2,
							e2;

				ct_sketch_rank(&plain, xs[t], &l1, &e1);
				ct_sketch_rank(&indexed, xs[t], &l2, &e2);
				assert_int_equal(l1, l2);
				assert_int_equal(e1, e2);
			}
		}
	}
	/* a constant column keeps no index */
	{
		ct_sketch_sorted q = {0};

		q.m = 50;
		q.vals = vals;			/* the run of zeros */
		q.cum = cum;
		ct_sketch_set_index(&q, start);
		assert_null(q.bstart);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_small),
		cmocka_unit_test(test_rank_search),
		cmocka_unit_test(test_rank_index),
		cmocka_unit_test(test_bound_random),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_io),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_compaction_identity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
