/*
 * test_sample.c
 *		Unit tests of src/core/ct_sample.c: the splitmix64 reference
 *		sequence, determinism, value ranges and the shape of the
 *		synthetic population.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ct_sample.h"

/*
 * splitmix64 seeded with 1234567: the first outputs of Vigna's reference
 * implementation (prng.di.unimi.it/splitmix64.c), as used by the
 * test vectors of Java's SplittableRandom.
 */
static void
test_splitmix_reference(void **state)
{
	uint64_t	s = 1234567;

	(void) state;
	assert_true(ct_splitmix64(&s) == UINT64_C(6457827717110365317));
	assert_true(ct_splitmix64(&s) == UINT64_C(3203168211198807973));
	assert_true(ct_splitmix64(&s) == UINT64_C(9817491932198370423));
	assert_true(ct_splitmix64(&s) == UINT64_C(4593380528125082431));
	assert_true(ct_splitmix64(&s) == UINT64_C(16408922859458223821));
}

static void
test_uniform_range(void **state)
{
	uint64_t	s = 42;
	double		sum = 0;

	(void) state;
	for (int i = 0; i < 100000; i++)
	{
		double		u = ct_uniform(&s);

		assert_true(u >= 0.0 && u < 1.0);
		sum += u;
	}
	assert_true(fabs(sum / 100000 - 0.5) < 0.01);
}

static void
test_deterministic(void **state)
{
	ct_customer a,
				b;

	(void) state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	ct_sample_customer(7, 123, &a);
	ct_sample_customer(7, 123, &b);
	assert_memory_equal(&a, &b, sizeof(a));
	ct_sample_customer(8, 123, &b);
	assert_true(a.arpu != b.arpu || a.age != b.age || a.tenure_months != b.tenure_months);
	assert_true(a.customer_id == 123);
}

static void
test_ranges_and_shape(void **state)
{
	const int	n = 200000;
	int			zero_arrears = 0,
				zero_esc = 0,
				serialish = 0,
				porting = 0,
				vulnerable = 0,
				levels[5] = {0};
	double		sum_arpu = 0,
				sum_c = 0;
	double		sxy = 0,
				sx = 0,
				sy = 0,
				sxx = 0,
				syy = 0;

	(void) state;
	for (int i = 1; i <= n; i++)
	{
		ct_customer c;
		double		x,
					y;

		ct_sample_customer(1, i, &c);
		assert_true(c.gender >= -1 && c.gender <= 1);
		assert_true(c.age >= 18 && c.age <= 90);
		assert_true(c.tenure_months >= 1 && c.tenure_months <= 360);
		assert_true(c.customer_level >= 0 && c.customer_level < 5);
		assert_true(c.arpu > 0);
		assert_true(c.data_share >= 0 && c.data_share <= 1);
		assert_true(c.payment_channel >= 0 && c.payment_channel < 4);
		assert_true(c.arrears_count_12m >= 0 && c.arrears_count_12m <= 12);
		assert_true(c.complaints_90d >= 1);
		assert_true(c.unreasonable_ratio >= 0 && c.unreasonable_ratio <= 1);
		assert_true(c.escalations_12m >= 0 && c.escalations_12m <= 10);
		assert_true(c.problem_type >= 0 && c.problem_type < 6);
		assert_true(c.handling_hours > 0);
		assert_true(c.accepted_ratio >= 0 && c.accepted_ratio <= 1);
		assert_true(c.satisfaction >= 1 && c.satisfaction <= 5);
		zero_arrears += c.arrears_count_12m == 0;
		zero_esc += c.escalations_12m == 0;
		serialish += c.complaints_90d >= 5 && c.unreasonable_ratio >= 0.5;
		porting += c.porting_requested;
		vulnerable += c.vulnerable;
		levels[c.customer_level]++;
		sum_arpu += c.arpu;
		sum_c += c.complaints_90d;
		x = log(c.arpu);
		y = c.customer_level;
		sx += x;
		sy += y;
		sxx += x * x;
		syy += y * y;
		sxy += x * y;
	}
	/* zero-heavy arrears and escalations */
	assert_true(zero_arrears > 0.75 * n && zero_arrears < 0.9 * n);
	assert_true(zero_esc > 0.85 * n);
	/* a small share of serial unreasonable complainants (about 3 %) */
	assert_true(serialish > 0.015 * n && serialish < 0.04 * n);
	/* few porting requests and vulnerable customers */
	assert_true(porting > 0.005 * n && porting < 0.04 * n);
	assert_true(vulnerable > 0.01 * n && vulnerable < 0.06 * n);
	/* ordered levels, most customers ordinary */
	assert_true(levels[0] > levels[1] && levels[1] > levels[2] && levels[2] > levels[4]);
	/* skewed ARPU: mean above the log-normal median e^3.8 ~ 44.7 */
	assert_true(sum_arpu / n > 50 && sum_arpu / n < 65);
	/* complaint counts: 1 + Poisson, mean about 1.55 */
	assert_true(sum_c / n > 1.4 && sum_c / n < 1.7);
	/* value indicators correlate */
	{
		double		r = (n * sxy - sx * sy) / sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));

		assert_true(r > 0.3);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_splitmix_reference),
		cmocka_unit_test(test_uniform_range),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_ranges_and_shape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
