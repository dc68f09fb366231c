/*
 * test_scalar.c
 *		Unit tests of src/core/ct_scalar.c: normalisation, target
 *		indicators, quantification, weighted sum, tier lookup.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ct_scalar.h"

static void
test_normalize_benefit_cost(void **state)
{
	ct_error	e;
	double		out;

	(void) state;
	assert_int_equal(ct_normalize(5, 0, 10, CT_BENEFIT, &out, &e), CT_OK);
	assert_true(out == 0.5);
	assert_int_equal(ct_normalize(2, 0, 10, CT_COST, &out, &e), CT_OK);
	assert_true(fabs(out - 0.8) < 1e-15);
	/* clamps */
	ct_normalize(-3, 0, 10, CT_BENEFIT, &out, &e);
	assert_true(out == 0.0);
	ct_normalize(13, 0, 10, CT_BENEFIT, &out, &e);
	assert_true(out == 1.0);
	ct_normalize(13, 0, 10, CT_COST, &out, &e);
	assert_true(out == 0.0);
	/* huge range does not overflow */
	ct_normalize(0, -1e308, 1e308, CT_BENEFIT, &out, &e);
	assert_true(out == 0.5);
}

static void
test_normalize_degenerate(void **state)
{
	ct_error	e;
	double		out;

	(void) state;
	ct_normalize(4, 4, 4, CT_BENEFIT, &out, &e);
	assert_true(out == 1.0);
	ct_normalize(4, 4, 4, CT_COST, &out, &e);
	assert_true(out == 1.0);
	ct_normalize(3, 4, 4, CT_BENEFIT, &out, &e);
	assert_true(out == 0.0);
	ct_normalize(5, 4, 4, CT_COST, &out, &e);
	assert_true(out == 0.0);
	assert_int_equal(ct_normalize(1, 2, 1, CT_BENEFIT, &out, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "exceeds"));
}

static void
test_parse_direction(void **state)
{
	ct_error	e;
	ct_direction d;

	(void) state;
	assert_int_equal(ct_parse_direction(" Cost ", 6, &d, &e), CT_OK);
	assert_int_equal(d, CT_COST);
	assert_int_equal(ct_parse_direction("benefit", 7, &d, &e), CT_OK);
	assert_int_equal(d, CT_BENEFIT);
	assert_int_equal(ct_parse_direction("target", 6, &d, &e), CT_EINVAL);
}

static void
test_normalize_target(void **state)
{
	ct_error	e;
	double		out;

	(void) state;
	ct_normalize_target(25, 0, 100, 40, 60, &out, &e);
	assert_true(fabs(out - 0.625) < 1e-15);
	ct_normalize_target(50, 0, 100, 40, 60, &out, &e);
	assert_true(out == 1.0);
	ct_normalize_target(80, 0, 100, 40, 60, &out, &e);
	assert_true(fabs(out - 0.5) < 1e-15);
	ct_normalize_target(120, 0, 100, 40, 60, &out, &e);
	assert_true(out == 0.0);
	/* best interval touching the range */
	ct_normalize_target(0, 0, 100, 0, 60, &out, &e);
	assert_true(out == 1.0);
	assert_int_equal(ct_normalize_target(1, 0, 10, 5, 4, &out, &e), CT_EINVAL);
	assert_int_equal(ct_normalize_target(1, 0, 10, 5, 11, &out, &e), CT_EINVAL);
}

static void
test_quantify_even(void **state)
{
	(void) state;
	assert_true(ct_quantify_even(0, 5) == 0.0);
	assert_true(ct_quantify_even(2, 5) == 0.5);
	assert_true(ct_quantify_even(4, 5) == 1.0);
	assert_true(ct_quantify_even(0, 1) == 1.0);
}

static void
test_weighted_sum_and_weights(void **state)
{
	double		v[] = {0.2, 0.5, 1.0};
	double		w[] = {0.5, 0.3, 0.2};
	double		neg[] = {0.5, -0.1, 0.6};
	double		zero[] = {0, 0, 0};
	ct_error	e;

	(void) state;
	assert_true(fabs(ct_weighted_sum(v, w, 3) - 0.45) < 1e-15);
	assert_int_equal(ct_check_weights(w, 3, "w", &e), CT_OK);
	assert_int_equal(ct_check_weights(neg, 3, "w", &e), CT_EINVAL);
	assert_int_equal(ct_check_weights(zero, 3, "w", &e), CT_EINVAL);
}

static void
test_tier_index(void **state)
{
	double		cuts[] = {0.2, 0.5, 0.8};
	double		bad[] = {0.2, 0.2};
	ct_error	e;

	(void) state;
	assert_int_equal(ct_tier_index(0.1, cuts, 3), 0);
	assert_int_equal(ct_tier_index(0.2, cuts, 3), 1);	/* equal goes up */
	assert_int_equal(ct_tier_index(0.49, cuts, 3), 1);
	assert_int_equal(ct_tier_index(0.5, cuts, 3), 2);
	assert_int_equal(ct_tier_index(0.8, cuts, 3), 3);
	assert_int_equal(ct_tier_index(5, cuts, 3), 3);
	assert_int_equal(ct_tier_index(5, cuts, 0), 0);
	assert_int_equal(ct_check_cuts(cuts, 3, &e), CT_OK);
	assert_int_equal(ct_check_cuts(bad, 2, &e), CT_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize_benefit_cost),
		cmocka_unit_test(test_normalize_degenerate),
		cmocka_unit_test(test_parse_direction),
		cmocka_unit_test(test_normalize_target),
		cmocka_unit_test(test_quantify_even),
		cmocka_unit_test(test_weighted_sum_and_weights),
		cmocka_unit_test(test_tier_index),
	};

	return cmocka_run_group_tests_name("scalar", tests, NULL, NULL);
}
