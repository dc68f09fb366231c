/*
 * test_stats.c
 *		Unit tests of src/core/ct_stats.c: the one-pass update against a
 *		two-pass computation, NULL handling, the Chan et al. merge, validation
 *		and the text format.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ct_stats.h"

#define K 3
#define N 50

static double block_a[64],
			block_b[64],
			block_c[64];

/* deterministic data with different scales and a large offset */
static void
row(int i, double *x)
{
	x[0] = 1e6 + (i * 37 % 17) * 0.25;
	x[1] = (i * 13 % 11) - 5.0 + 0.5 * x[0] - 5e5;
	x[2] = ((i * 7) % 5) * 1e-3;
}

static void
test_welford_matches_two_pass(void **state)
{
	ct_stats	s;
	ct_error	e;
	double		x[K],
				mean[K] = {0},
				data[N][K];
	int			i,
				j,
				l;

	(void) state;
	ct_stats_init(block_a, K);
	ct_stats_view(&s, block_a, K);
	for (i = 0; i < N; i++)
	{
		row(i, x);
		memcpy(data[i], x, sizeof(x));
		assert_int_equal(ct_stats_add_row(&s, x, NULL, &e), CT_OK);
		for (j = 0; j < K; j++)
			mean[j] += x[j] / N;
	}
	assert_true(*s.rows == N && *s.complete == N);
	for (j = 0; j < K; j++)
	{
		assert_true(fabs(s.mean[j] - mean[j]) <= 1e-12 * fabs(mean[j]) + 1e-15);
		for (l = j; l < K; l++)
		{
			double		c = 0;

			for (i = 0; i < N; i++)
				c += (data[i][j] - mean[j]) * (data[i][l] - mean[l]);
			assert_true(fabs(s.cm[ct_stats_tri(K, j, l)] - c) <= 1e-9 * fabs(c) + 1e-12);
		}
		assert_true(fabs(s.m2[j] - s.cm[ct_stats_tri(K, j, j)]) <= 1e-9 * s.m2[j] + 1e-12);
	}
	assert_int_equal(ct_stats_validate(&s, &e), CT_OK);
}

static void
test_merge_equals_one_pass(void **state)
{
	ct_stats	a,
				b,
				c;
	ct_error	e;
	double		x[K];
	int			i;
	size_t		t;

	(void) state;
	ct_stats_init(block_a, K);
	ct_stats_init(block_b, K);
	ct_stats_init(block_c, K);
	ct_stats_view(&a, block_a, K);
	ct_stats_view(&b, block_b, K);
	ct_stats_view(&c, block_c, K);
	for (i = 0; i < N; i++)
	{
		row(i, x);
		ct_stats_add_row(i < 17 ? &a : &b, x, NULL, &e);
		ct_stats_add_row(&c, x, NULL, &e);
	}
	ct_stats_merge(&a, &b);
	for (t = 0; t < ct_stats_ndoubles(K); t++)
		assert_true(fabs(block_a[t] - block_c[t]) <= 1e-9 * fabs(block_c[t]) + 1e-9);
	/* merging an empty state changes nothing */
	ct_stats_init(block_b, K);
	memcpy(block_c, block_a, sizeof(double) * ct_stats_ndoubles(K));
	ct_stats_merge(&a, &b);
	assert_memory_equal(block_a, block_c, sizeof(double) * ct_stats_ndoubles(K));
	/* and an empty state takes the other */
	ct_stats_merge(&b, &a);
	assert_memory_equal(block_b, block_a, sizeof(double) * ct_stats_ndoubles(K));
}

static void
test_nulls_and_complete_rows(void **state)
{
	ct_stats	s;
	ct_error	e;
	/* rows: (1, NULL, 3), (2, 5, 6), (4, 7, NULL) */
	double		r1[] = {1, 3},
				r2[] = {2, 5, 6},
				r3[] = {4, 7};
	uint8_t		b1 = 0x5,
				b3 = 0x3;

	(void) state;
	ct_stats_init(block_a, K);
	ct_stats_view(&s, block_a, K);
	assert_int_equal(ct_stats_add_row(&s, r1, &b1, &e), CT_OK);
	assert_int_equal(ct_stats_add_row(&s, r2, NULL, &e), CT_OK);
	assert_int_equal(ct_stats_add_row(&s, r3, &b3, &e), CT_OK);
	assert_true(*s.rows == 3 && *s.complete == 1);
	assert_true(s.count[0] == 3 && s.count[1] == 2 && s.count[2] == 2);
	assert_true(s.nulls[1] == 1 && s.nulls[2] == 1);
	assert_true(s.min[0] == 1 && s.max[0] == 4 && fabs(s.mean[0] - 7.0 / 3) < 1e-15);
	assert_true(s.mean[1] == 6 && s.m2[1] == 2);
	assert_true(s.cmean[0] == 2 && s.cmean[2] == 6 && s.cm[0] == 0);
	assert_int_equal(ct_stats_validate(&s, &e), CT_OK);
}

static void
test_nonfinite_rejected_untouched(void **state)
{
	ct_stats	s;
	ct_error	e;
	double		x[K] = {1, NAN, 2};

	(void) state;
	ct_stats_init(block_a, K);
	ct_stats_view(&s, block_a, K);
	assert_int_equal(ct_stats_add_row(&s, x, NULL, &e), CT_EINVAL);
	assert_non_null(strstr(e.detail, "Element 2 is NaN"));
	assert_true(*s.rows == 0 && s.count[0] == 0);
	x[1] = -INFINITY;
	assert_int_equal(ct_stats_add_row(&s, x, NULL, &e), CT_EINVAL);
	assert_non_null(strstr(e.detail, "-Infinity"));
}

static void
test_text_round_trip(void **state)
{
	ct_stats	s,
				t;
	ct_error	e;
	double		x[K];
	char		buf[4096];
	size_t		len;
	int			k,
				i;

	(void) state;
	ct_stats_init(block_a, K);
	ct_stats_view(&s, block_a, K);
	for (i = 0; i < N; i++)
	{
		row(i, x);
		x[2] = x[2] / 3.0;		/* values needing 17 digits */
		ct_stats_add_row(&s, x, NULL, &e);
	}
	len = ct_stats_format(&s, buf, sizeof(buf));
	assert_true(len < sizeof(buf) && strlen(buf) == len);
	assert_int_equal(ct_stats_format(&s, NULL, 0), len);
	assert_int_equal(ct_stats_parse_header(buf, &k, &e), CT_OK);
	assert_int_equal(k, K);
	ct_stats_view(&t, block_b, K);
	assert_int_equal(ct_stats_parse(buf, &t, &e), CT_OK);
	assert_memory_equal(block_a, block_b, sizeof(double) * ct_stats_ndoubles(K));
	/* truncated */
	buf[len - 3] = '\0';
	assert_int_equal(ct_stats_parse(buf, &t, &e), CT_EFORMAT);
}

static void
test_text_rejects(void **state)
{
	ct_stats	t;
	ct_error	e;
	int			k;

	(void) state;
	ct_stats_view(&t, block_b, 1);
	assert_int_equal(ct_stats_parse_header("v2;k=1", &k, &e), CT_EFORMAT);
	assert_non_null(strstr(e.message, "version 2"));
	assert_int_equal(ct_stats_parse_header("v1;k=257", &k, &e), CT_ELIMIT);
	assert_int_equal(ct_stats_parse_header("v1;k=0", &k, &e), CT_EFORMAT);
	assert_int_equal(ct_stats_parse_header("x", &k, &e), CT_EFORMAT);
	assert_int_equal(e.position, 1);
	assert_int_equal(ct_stats_parse("v1;k=1;rows=1;complete=1;count=1;nulls=0;min=1;max=1;mean=1;m2=0;cmean=1;cm=nan", &t, &e), CT_EFORMAT);
	assert_int_equal(ct_stats_parse("v1;k=1;rows=1;complete=1;count=1;nulls=0;min=1;max=1;mean=1;m2=0;cmean=1;cm= 0", &t, &e), CT_EFORMAT);
	assert_int_equal(ct_stats_parse("v1;k=1;rows=1;complete=1;count=1;nulls=0;min=1;max=1;mean=1;m2=0;cmean=1;cm=0,0", &t, &e), CT_EFORMAT);
	assert_non_null(strstr(e.detail, "Too many values"));
	/* min > max */
	assert_int_equal(ct_stats_parse("v1;k=1;rows=2;complete=2;count=2;nulls=0;min=3;max=1;mean=2;m2=2;cmean=2;cm=2", &t, &e), CT_EFORMAT);
	/* negative M2 */
	assert_int_equal(ct_stats_parse("v1;k=1;rows=2;complete=2;count=2;nulls=0;min=1;max=3;mean=2;m2=-2;cmean=2;cm=2", &t, &e), CT_EFORMAT);
	/* fractional count */
	assert_int_equal(ct_stats_parse("v1;k=1;rows=1.5;complete=1;count=1;nulls=0.5;min=1;max=1;mean=1;m2=0;cmean=1;cm=0", &t, &e), CT_EFORMAT);
	/* a good one, hex floats accepted */
	assert_int_equal(ct_stats_parse("v1;k=1;rows=2;complete=2;count=2;nulls=0;min=1;max=3;mean=0x1p1;m2=2;cmean=2;cm=2", &t, &e), CT_OK);
}

static void
test_correlation_and_format_double(void **state)
{
	ct_stats	s;
	ct_error	e;
	double		r[4],
				cov[4];
	unsigned char def[4];
	double		x[2];
	char		buf[40];
	int			i;

	(void) state;
	ct_stats_init(block_a, 2);
	ct_stats_view(&s, block_a, 2);
	x[0] = 1;
	x[1] = 5;
	ct_stats_add_row(&s, x, NULL, &e);
	assert_int_equal(ct_stats_correlation(&s, r, def, &e), CT_EINVAL);
	for (i = 2; i <= 4; i++)
	{
		x[0] = i;
		x[1] = 5;
		ct_stats_add_row(&s, x, NULL, &e);
	}
	assert_int_equal(ct_stats_correlation(&s, r, def, &e), CT_OK);
	assert_true(def[0] && !def[1] && !def[3] && r[0] == 1);
	assert_int_equal(ct_stats_covariance(&s, cov, &e), CT_OK);
	assert_true(fabs(cov[0] - 5.0 / 3) < 1e-15 && cov[3] == 0);

	ct_format_double(0.1, buf, sizeof(buf));
	assert_string_equal(buf, "0.1");
	ct_format_double(1.0 / 3, buf, sizeof(buf));
	assert_true(strtod(buf, NULL) == 1.0 / 3);
	ct_format_double(-0.0, buf, sizeof(buf));
	assert_string_equal(buf, "-0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_welford_matches_two_pass),
		cmocka_unit_test(test_merge_equals_one_pass),
		cmocka_unit_test(test_nulls_and_complete_rows),
		cmocka_unit_test(test_nonfinite_rejected_untouched),
		cmocka_unit_test(test_text_round_trip),
		cmocka_unit_test(test_text_rejects),
		cmocka_unit_test(test_correlation_and_format_double),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
