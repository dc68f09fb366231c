/*
 * test_fcm.c
 *		Unit tests of src/core/ct_fcm.c: memberships, one iteration's
 *		statistics and the next centres, merging, the text form, and the
 *		seeding keys.
 *
 * The examples are small enough to compute by hand (in the comments); the
 * whole algorithm is checked against an independent numpy version on
 * larger data by test/fcm_check.py.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ct_fcm.h"

static void
assert_near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("got %.17g, want %.17g", got, want);
}

/*
 * Centres 0 and 1 on a line, x = 0.25: squared distances 1/16 and 9/16;
 * m = 2: u = 1/(1 + 1/9) = 0.9 and 0.1; m = 3 (exponent 1/2):
 * u = 1/(1 + 1/3) = 0.75 and 0.25.
 */
static void
test_membership_by_hand(void **state)
{
	double		c[2] = {0, 1};
	double		x = 0.25;
	double		u[2],
				d[2];

	(void) state;
	ct_fcm_membership(&x, 1, c, 2, 2.0, u, d);
	assert_near(u[0], 0.9, 1e-15);
	assert_near(u[1], 0.1, 1e-15);
	assert_near(d[1], 0.5625, 0);
	ct_fcm_membership(&x, 1, c, 2, 3.0, u, NULL);
	assert_near(u[0], 0.75, 1e-15);
	assert_near(u[1], 0.25, 1e-15);
	/* on a centre */
	x = 1;
	ct_fcm_membership(&x, 1, c, 2, 2.0, u, NULL);
	assert_true(u[0] == 0 && u[1] == 1);
	/* the nearest centre whatever m; ties to the first */
	x = 0.5;
	assert_int_equal(ct_fcm_nearest(&x, 1, c, 2), 0);
	x = 0.6;
	assert_int_equal(ct_fcm_nearest(&x, 1, c, 2), 1);
	/* far away points do not overflow: ratios are taken to the nearest */
	x = 1e150;
	ct_fcm_membership(&x, 1, c, 2, 2.0, u, NULL);
	assert_near(u[0] + u[1], 1, 1e-15);
	assert_near(u[1], 0.5, 1e-15);
}

/*
 * Points 0, 0.25, 1 with centres 0 and 1, m = 2: memberships (1, 0),
 * (0.9, 0.1), (0, 1); w = (1 + 0.81, 0.01 + 1) = (1.81, 1.01);
 * next centres (0.81 * 0.25) / 1.81 = 0.11188 and (0.01 * 0.25 + 1)/1.01
 * = 0.99257; objective 0.81/16 + 0.01 * 9/16 = 0.05625.
 */
static void
test_iteration_by_hand(void **state)
{
	double		block[64];
	double		c[2] = {0, 1};
	double		x[3] = {0, 0.25, 1};
	double		scratch[4];
	double		next[2];
	ct_fcm		s;
	ct_error	e;
	int			empty;

	(void) state;
	ct_fcm_view(&s, block, 2, 1);
	ct_fcm_init(&s, c, 2.0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(ct_fcm_add(&s, &x[i], scratch, &e), CT_OK);
	assert_near(*s.rows, 3, 0);
	assert_near(s.w[0], 1.81, 1e-15);
	assert_near(s.w[1], 1.01, 1e-15);
	assert_near(s.size[0], 1.9, 1e-15);
	assert_near(*s.objective, 0.81 / 16 + 0.01 * 9 / 16, 1e-15);
	assert_near(ct_fcm_next_centres(&s, next, &empty), 0.11187845303867403, 1e-15);
	assert_near(next[0], 0.81 * 0.25 / 1.81, 1e-15);
	assert_near(next[1], (0.01 * 0.25 + 1) / 1.01, 1e-15);
	assert_int_equal(empty, 0);
	assert_int_equal(ct_fcm_validate(&s, &e), CT_OK);
	/* a bad point */
	x[0] = NAN;
	assert_int_equal(ct_fcm_add(&s, &x[0], scratch, &e), CT_EINVAL);
	x[0] = 1e200;
	assert_int_equal(ct_fcm_add(&s, &x[0], scratch, &e), CT_EINVAL);
}

/* A cluster no point belongs to keeps its centre. */
static void
test_empty_cluster(void **state)
{
	double		block[64];
	double		c[4] = {0, 0, 5, 5};
	double		p[2] = {0, 0};
	double		scratch[4];
	double		next[4];
	ct_fcm		s;
	ct_error	e;
	int			empty;

	(void) state;
	ct_fcm_view(&s, block, 2, 2);
	ct_fcm_init(&s, c, 2.0);
	assert_int_equal(ct_fcm_add(&s, p, scratch, &e), CT_OK);
	assert_int_equal(ct_fcm_add(&s, p, scratch, &e), CT_OK);
	assert_near(ct_fcm_next_centres(&s, next, &empty), 0, 0);
	assert_int_equal(empty, 1);
	assert_memory_equal(next, c, sizeof(c));
}

static void
test_merge(void **state)
{
	double		ba[64],
				bb[64],
				ball[64];
	double		c[4] = {0, 0, 1, 1};
	double		pts[10] = {0.1, 0.2, 0.9, 0.7, 0.5, 0.5, 0.3, 0.9, 0.8, 0.1};
	double		scratch[4];
	ct_fcm		a,
				b,
				all;
	ct_error	e;

	(void) state;
	ct_fcm_view(&a, ba, 2, 2);
	ct_fcm_view(&b, bb, 2, 2);
	ct_fcm_view(&all, ball, 2, 2);
	ct_fcm_init(&a, c, 2.0);
	ct_fcm_init(&b, c, 2.0);
	ct_fcm_init(&all, c, 2.0);
	for (int i = 0; i < 5; i++)
	{
		assert_int_equal(ct_fcm_add(i < 2 ? &a : &b, pts + 2 * i, scratch, &e), CT_OK);
		assert_int_equal(ct_fcm_add(&all, pts + 2 * i, scratch, &e), CT_OK);
	}
	assert_int_equal(ct_fcm_merge(&a, &b, &e), CT_OK);
	for (size_t i = 0; i < ct_fcm_ndoubles(2, 2); i++)
		assert_near(ba[i], ball[i], 1e-15);
	/* other centres, other m */
	ct_fcm_init(&b, (double[]) {0, 0, 1, 2}, 2.0);
	assert_int_equal(ct_fcm_merge(&a, &b, &e), CT_EINVAL);
	ct_fcm_init(&b, c, 3.0);
	assert_int_equal(ct_fcm_merge(&a, &b, &e), CT_EINVAL);
}

static void
test_checks(void **state)
{
	ct_error	e;

	(void) state;
	assert_int_equal(ct_fcm_check_m(2, &e), CT_OK);
	assert_int_equal(ct_fcm_check_m(1, &e), CT_EINVAL);
	assert_int_equal(ct_fcm_check_m(NAN, &e), CT_EINVAL);
	assert_int_equal(ct_fcm_check_m(INFINITY, &e), CT_EINVAL);
	assert_int_equal(ct_fcm_check_centres((double[]) {0, 1, 0, 1}, 2, 2, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "identical"));
	assert_int_equal(ct_fcm_check_centres((double[]) {0, NAN}, 1, 2, &e), CT_EINVAL);
}

static void
test_text(void **state)
{
	double		block[64],
				back[64];
	double		c[2] = {0, 1};
	double		x[3] = {0, 0.25, 1};
	double		scratch[4];
	char		buf[512];
	ct_fcm		s,
				t;
	ct_error	e;
	int			k,
				d;

	(void) state;
	ct_fcm_view(&s, block, 2, 1);
	ct_fcm_init(&s, c, 2.0);
	for (int i = 0; i < 3; i++)
		ct_fcm_add(&s, &x[i], scratch, &e);
	ct_fcm_format(&s, buf, sizeof(buf));
	/* 0.9^2 is 0.81 less half an ulp: the shortest exact form shows it */
	assert_string_equal(buf, "v1;k=2;d=1;m=2;rows=3;objective=0.05624999999999999;size=1.9,1.1;"
						"w=1.8099999999999998,1.01;s=0.20249999999999996,1.0025;centres=0,1");
	assert_int_equal(ct_fcm_parse_header(buf, &k, &d, &e), CT_OK);
	assert_int_equal(k, 2);
	assert_int_equal(d, 1);
	ct_fcm_view(&t, back, 2, 1);
	assert_int_equal(ct_fcm_parse(buf, &t, &e), CT_OK);
	assert_memory_equal(back, block, sizeof(double) * ct_fcm_ndoubles(2, 1));
	/* inconsistent or malformed */
	assert_int_equal(ct_fcm_parse("v1;k=2;d=1;m=2;rows=3;objective=0.05625;size=1.9,1.2;w=1.81,1.01;s=0.2025,1.0025;centres=0,1", &t, &e), CT_EFORMAT);
	assert_non_null(strstr(e.detail, "sum to"));
	assert_int_equal(ct_fcm_parse("v1;k=2;d=1;m=1;rows=3;objective=0.05625;size=1.9,1.1;w=1.81,1.01;s=0.2025,1.0025;centres=0,1", &t, &e), CT_EFORMAT);
	assert_int_equal(ct_fcm_parse("v1;k=2;d=1;m=2;rows=3;objective=0.05625;size=1.9,1.1;w=1.81,1.01;s=0.2025,1.0025;centres=0,0", &t, &e), CT_EFORMAT);
	assert_int_equal(ct_fcm_parse("v1;k=2;d=1;m=2;rows=3;objective=0.05625;size=1.9,1.1;w=1.81;s=0.2025,1.0025;centres=0,1", &t, &e), CT_EFORMAT);
	assert_int_equal(ct_fcm_parse_header("v1;k=65;d=1", &k, &d, &e), CT_ELIMIT);
	assert_int_equal(ct_fcm_parse_header("v9;k=2;d=1", &k, &d, &e), CT_EFORMAT);
}

static void
test_seed_keys(void **state)
{
	double		a[2] = {0.5, 0.25};
	double		b[2] = {0.5, 0.25};
	double		negz[2] = {-0.0, 0.25};
	double		z[2] = {0.0, 0.25};
	double		c[2] = {0.5, 0.25};
	double		k1,
				k2;

	(void) state;
	/* equal points, equal keys; -0 hashes as 0 */
	assert_true(ct_fcm_seed_key(a, 2, NULL, 0, 1, &k1));
	assert_true(ct_fcm_seed_key(b, 2, NULL, 0, 1, &k2));
	assert_true(k1 == k2 && k1 < 0);
	assert_true(ct_fcm_seed_key(negz, 2, NULL, 0, 1, &k1));
	assert_true(ct_fcm_seed_key(z, 2, NULL, 0, 1, &k2));
	assert_true(k1 == k2);
	/* another seed, another draw */
	assert_true(ct_fcm_seed_key(a, 2, NULL, 0, 2, &k2));
	assert_true(ct_fcm_seed_key(a, 2, NULL, 0, 1, &k1));
	assert_true(k1 != k2);
	/* a point on a chosen centre cannot be picked again */
	assert_false(ct_fcm_seed_key(a, 2, c, 1, 1, &k1));
	/* the larger key wins; ties go to the larger point */
	assert_true(ct_fcm_seed_better(-1, a, -2, z, 2));
	assert_true(ct_fcm_seed_better(-1, a, -1, z, 2));
	assert_false(ct_fcm_seed_better(-1, z, -1, a, 2));
	assert_false(ct_fcm_seed_better(-1, a, -1, b, 2));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_membership_by_hand),
		cmocka_unit_test(test_iteration_by_hand),
		cmocka_unit_test(test_empty_cluster),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_seed_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
