/*
 * test_fuzzy.c
 *		Unit tests of src/core/ct_fuzzy.c: triangular membership (a
 *		partition of unity), the four composition operators B = W o R,
 *		weight rescaling and defuzzification.
 *
 * Published example: the clothing example of fuzzy comprehensive
 * evaluation (factors pattern, style, durability, price; grades very
 * welcome, welcome, not very welcome, unwelcome), R = [[.2,.5,.2,.1],
 * [.7,.2,.1,0],[0,.4,.5,.1],[.2,.3,.5,0]], customer classes
 * A1 = (.1,.2,.3,.4) and A2 = (.4,.35,.15,.1): published M(min,max) results
 * B1 = (.2,.3,.4,.1) and B2 = (.35,.4,.2,.1), as in the textbook listing
 * "Example8_4" reproduced at https://e-com-net.com/article/1276296104417181696.htm
 * (the textbook itself was not available to check).  The other operators'
 * values were computed independently with numpy 1.24.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ct_fuzzy.h"

static const double clothing_r[16] = {
	0.2, 0.5, 0.2, 0.1,
	0.7, 0.2, 0.1, 0.0,
	0.0, 0.4, 0.5, 0.1,
	0.2, 0.3, 0.5, 0.0
};

static void
assert_vec_near(const double *got, const double *want, int n, double tol)
{
	int			i;

	for (i = 0; i < n; i++)
		if (fabs(got[i] - want[i]) > tol)
			fail_msg("element %d: got %.17g, want %.17g", i, got[i], want[i]);
}

static void
test_membership_partition(void **state)
{
	static const double c[5] = {0, 25, 50, 75, 100};
	double		out[5];
	ct_error	e;
	double		x;

	(void) state;
	for (x = -10; x <= 110; x += 0.5)
	{
		double		s = 0.0;
		int			nonzero = 0;

		assert_int_equal(ct_fuzzy_membership(x, c, 5, out, &e), CT_OK);
		for (int i = 0; i < 5; i++)
		{
			assert_true(out[i] >= 0.0 && out[i] <= 1.0);
			s += out[i];
			nonzero += out[i] > 0.0;
		}
		assert_true(fabs(s - 1.0) < 1e-15);
		assert_true(nonzero >= 1 && nonzero <= 2);
	}
	ct_fuzzy_membership(60, c, 5, out, &e);
	{
		static const double want[5] = {0, 0, 0.6, 0.4, 0};

		assert_vec_near(out, want, 5, 1e-15);
	}
	/* on a centre: all in that grade; outside: all in the end grade */
	ct_fuzzy_membership(25, c, 5, out, &e);
	assert_true(out[1] == 1.0 && out[0] == 0.0 && out[2] == 0.0);
	ct_fuzzy_membership(-5, c, 5, out, &e);
	assert_true(out[0] == 1.0);
	ct_fuzzy_membership(500, c, 5, out, &e);
	assert_true(out[4] == 1.0 && out[3] == 0.0);
	/* one grade: always 1 */
	ct_fuzzy_membership(3, c, 1, out, &e);
	assert_true(out[0] == 1.0);
}

static void
test_membership_extremes(void **state)
{
	static const double c[2] = {-1e308, 1e308};
	double		out[2];
	ct_error	e;

	(void) state;
	assert_int_equal(ct_fuzzy_membership(0, c, 2, out, &e), CT_OK);
	assert_true(out[0] == 0.5 && out[1] == 0.5);
}

static void
test_membership_errors(void **state)
{
	static const double c[3] = {0, 5, 5};
	static const double d[3] = {0, 5, 4};
	double		out[3];
	ct_error	e;

	(void) state;
	assert_int_equal(ct_fuzzy_membership(1, c, 3, out, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "strictly ascending"));
	assert_non_null(strstr(e.detail, "Element 2 (5) is not below element 3 (5)"));
	assert_int_equal(ct_fuzzy_membership(1, d, 3, out, &e), CT_EINVAL);
	assert_int_equal(ct_fuzzy_membership(1, d, 0, out, &e), CT_ESHAPE);
}

static void
test_parse_operator(void **state)
{
	ct_fuzzy_op op;
	ct_error	e;

	(void) state;
	assert_int_equal(ct_fuzzy_parse_operator("weighted_average", 16, &op, &e), CT_OK);
	assert_int_equal(op, CT_FUZZY_WEIGHTED_AVERAGE);
	assert_int_equal(ct_fuzzy_parse_operator(" MIN_MAX", 8, &op, &e), CT_OK);
	assert_int_equal(op, CT_FUZZY_MIN_MAX);
	assert_int_equal(ct_fuzzy_parse_operator("product_max", 11, &op, &e), CT_OK);
	assert_int_equal(op, CT_FUZZY_PRODUCT_MAX);
	assert_int_equal(ct_fuzzy_parse_operator("min_sum", 7, &op, &e), CT_OK);
	assert_int_equal(op, CT_FUZZY_MIN_SUM);
	assert_int_equal(ct_fuzzy_parse_operator("max_min", 7, &op, &e), CT_EINVAL);
	assert_non_null(strstr(e.hint, "'product_max'"));
}

static void
test_clothing_each_operator(void **state)
{
	static const double a1[4] = {0.1, 0.2, 0.3, 0.4};
	static const double a2[4] = {0.4, 0.35, 0.15, 0.1};
	/* published M(min,max) */
	static const double mm1[4] = {0.2, 0.3, 0.4, 0.1};
	static const double mm2[4] = {0.35, 0.4, 0.2, 0.1};
	/* numpy */
	static const double wa1[4] = {0.24, 0.33, 0.39, 0.04};
	static const double wa2[4] = {0.345, 0.36, 0.24, 0.055};
	static const double pm1[4] = {0.14, 0.12, 0.2, 0.03};
	static const double pm2[4] = {0.245, 0.2, 0.08, 0.04};
	static const double ms1[4] = {0.5, 0.9, 0.9, 0.2};
	static const double ms2[4] = {0.65, 0.85, 0.55, 0.2};
	double		b[4];
	ct_error	e;

	(void) state;
	assert_int_equal(ct_fuzzy_evaluate(a1, 4, clothing_r, 4, CT_FUZZY_MIN_MAX, b, &e), CT_OK);
	assert_vec_near(b, mm1, 4, 0.0);
	ct_fuzzy_evaluate(a2, 4, clothing_r, 4, CT_FUZZY_MIN_MAX, b, &e);
	assert_vec_near(b, mm2, 4, 0.0);
	ct_fuzzy_evaluate(a1, 4, clothing_r, 4, CT_FUZZY_WEIGHTED_AVERAGE, b, &e);
	assert_vec_near(b, wa1, 4, 1e-15);
	ct_fuzzy_evaluate(a2, 4, clothing_r, 4, CT_FUZZY_WEIGHTED_AVERAGE, b, &e);
	assert_vec_near(b, wa2, 4, 1e-15);
	ct_fuzzy_evaluate(a1, 4, clothing_r, 4, CT_FUZZY_PRODUCT_MAX, b, &e);
	assert_vec_near(b, pm1, 4, 1e-15);
	ct_fuzzy_evaluate(a2, 4, clothing_r, 4, CT_FUZZY_PRODUCT_MAX, b, &e);
	assert_vec_near(b, pm2, 4, 1e-15);
	ct_fuzzy_evaluate(a1, 4, clothing_r, 4, CT_FUZZY_MIN_SUM, b, &e);
	assert_vec_near(b, ms1, 4, 1e-15);
	ct_fuzzy_evaluate(a2, 4, clothing_r, 4, CT_FUZZY_MIN_SUM, b, &e);
	assert_vec_near(b, ms2, 4, 1e-15);
}

/* Weights not summing to 1 are rescaled: (1,2,3,4) acts as (.1,.2,.3,.4). */
static void
test_weight_rescaling(void **state)
{
	static const double raw[4] = {1, 2, 3, 4};
	static const double a1[4] = {0.1, 0.2, 0.3, 0.4};
	double		b[4],
				want[4];
	ct_error	e;
	int			op;

	(void) state;
	for (op = CT_FUZZY_WEIGHTED_AVERAGE; op <= CT_FUZZY_MIN_SUM; op++)
	{
		ct_fuzzy_evaluate(a1, 4, clothing_r, 4, (ct_fuzzy_op) op, want, &e);
		assert_int_equal(ct_fuzzy_evaluate(raw, 4, clothing_r, 4, (ct_fuzzy_op) op, b, &e), CT_OK);
		assert_vec_near(b, want, 4, 1e-15);
	}
}

/* The bounded sum of min_sum reaches 1 but never passes it. */
static void
test_min_sum_bound(void **state)
{
	static const double w[4] = {0.2, 0.2, 0.2, 0.4};
	static const double r[20] = {
		0, 0.1, 0.2, 0.3, 0.4,
		0.1, 0.1, 0.4, 0.2, 0.2,
		0, 0.1, 0.2, 0.6, 0.1,
		0, 0.2, 0.5, 0.3, 0
	};
	static const double want[5] = {0.1, 0.5, 1.0, 0.9, 0.5};
	double		b[5];
	ct_error	e;

	(void) state;
	assert_int_equal(ct_fuzzy_evaluate(w, 4, r, 5, CT_FUZZY_MIN_SUM, b, &e), CT_OK);
	assert_vec_near(b, want, 5, 1e-15);
	assert_true(b[2] <= 1.0);
}

static void
test_evaluate_errors(void **state)
{
	static const double neg[2] = {0.5, -0.5};
	static const double zero[2] = {0, 0};
	static const double w[2] = {0.5, 0.5};
	static const double r_ok[4] = {0.5, 0.5, 1, 0};
	static const double r_big[4] = {0.5, 0.5, 1.2, 0};
	static const double r_neg[4] = {0.5, 0.5, -0.1, 1.1};
	double		b[2];
	ct_error	e;

	(void) state;
	assert_int_equal(ct_fuzzy_evaluate(neg, 2, r_ok, 2, CT_FUZZY_MIN_MAX, b, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "negative"));
	assert_non_null(strstr(e.detail, "Element 2 is -0.5"));
	assert_int_equal(ct_fuzzy_evaluate(zero, 2, r_ok, 2, CT_FUZZY_MIN_MAX, b, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "positive finite sum"));
	assert_int_equal(ct_fuzzy_evaluate(w, 2, r_big, 2, CT_FUZZY_MIN_MAX, b, &e), CT_EINVAL);
	assert_non_null(strstr(e.detail, "[2][1] is 1.2"));
	assert_int_equal(ct_fuzzy_evaluate(w, 2, r_neg, 2, CT_FUZZY_WEIGHTED_AVERAGE, b, &e), CT_EINVAL);
	assert_int_equal(ct_fuzzy_evaluate(w, 0, r_ok, 2, CT_FUZZY_WEIGHTED_AVERAGE, b, &e), CT_ESHAPE);
}

static void
test_score(void **state)
{
	static const double b[4] = {0.24, 0.33, 0.39, 0.04};
	static const double g[4] = {100, 75, 50, 25};
	static const double zeros[3] = {0, 0, 0};
	static const double neg[3] = {0.5, -0.1, 0.6};
	static const double huge[2] = {1e308, 1e308};
	double		s;
	ct_error	e;

	(void) state;
	/* (24 + 24.75 + 19.5 + 1)/1 = 69.25 */
	assert_int_equal(ct_fuzzy_score(b, g, 4, &s, &e), CT_OK);
	assert_true(fabs(s - 69.25) < 1e-12);
	/* scale-free: B and 2B give the same score */
	{
		double		b2[4];
		double		s2;

		for (int i = 0; i < 4; i++)
			b2[i] = 2 * b[i];
		ct_fuzzy_score(b2, g, 4, &s2, &e);
		assert_true(fabs(s2 - s) < 1e-12);
	}
	assert_int_equal(ct_fuzzy_score(zeros, g, 3, &s, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "all be zero"));
	assert_int_equal(ct_fuzzy_score(neg, g, 3, &s, &e), CT_EINVAL);
	assert_int_equal(ct_fuzzy_score(huge, g, 2, &s, &e), CT_ERANGE);
	/* grade values may be huge without overflowing early */
	{
		static const double half[2] = {0.5, 0.5};
		static const double big[2] = {1.5e308, 1.5e308};

		assert_int_equal(ct_fuzzy_score(half, big, 2, &s, &e), CT_OK);
		assert_true(s == 1.5e308);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_membership_partition),
		cmocka_unit_test(test_membership_extremes),
		cmocka_unit_test(test_membership_errors),
		cmocka_unit_test(test_parse_operator),
		cmocka_unit_test(test_clothing_each_operator),
		cmocka_unit_test(test_weight_rescaling),
		cmocka_unit_test(test_min_sum_bound),
		cmocka_unit_test(test_evaluate_errors),
		cmocka_unit_test(test_score),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
