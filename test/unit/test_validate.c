/*
 * test_validate.c
 *		Unit tests of src/core/ct_validate.c: the exact AUC and DeLong's
 *		interval on a 12-row example computed by hand, against an O(m k)
 *		pairwise reference on random data with ties, Wilson intervals
 *		against Newcombe (1998), lift and monotonicity.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ct_validate.h"

#define MAXN 600

static double dscratch[3 * MAXN];
static int	iscratch[2 * MAXN];

static ct_auc
auc_of(const double *s, const uint8_t *y, int n)
{
	ct_error	e;
	ct_auc		a;

	assert_int_equal(ct_auc_delong(s, y, n, CT_VALIDATE_Z95, dscratch, iscratch, &a, &e), CT_OK);
	return a;
}

/*
 * Twelve customers (the table of sql/validate.sql): scores and outcomes
 *   0.10 0  0.20 0  0.20 1  0.30 0  0.40 0  0.40 0
 *   0.50 1  0.60 0  0.70 1  0.80 1  0.80 0  0.90 1
 * m = 5 positives, k = 7 negatives.  Negatives below each positive, ties
 * one half: 0.20 -> 1.5, 0.50 -> 5, 0.70 -> 6, 0.80 -> 6.5, 0.90 -> 7,
 * sum 26: AUC = 26/35 = 0.742857142857...
 * Placements V10 = (1.5, 5, 6, 6.5, 7)/7, deviations from 5.2/7 times 7:
 * -3.7, -0.2, 0.8, 1.3, 1.8, squares 19.3: s2(V10) = 19.3/49/4 = 0.0984694.
 * V01 (positives above each negative, ties one half, / 5) = 1, 0.9, 0.8,
 * 0.8, 0.8, 0.6, 0.3: squared deviations from 26/35 sum to 0.317143,
 * s2(V01) = 0.0528571.  var = 0.0984694/5 + 0.0528571/7 = 0.0272449,
 * se = 0.1650603; 95 %: 0.742857 -+ 1.959964 * 0.165060 = [0.419345,
 * 1.066369], clipped to 1.  scikit-learn's roc_auc_score gives the same AUC
 * and a pairwise numpy DeLong the same se (0.1650602858327335).
 */
static void
test_auc_twelve(void **state)
{
	const double s[] = {.10, .20, .20, .30, .40, .40, .50, .60, .70, .80, .80, .90};
	const uint8_t y[] = {0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1};
	ct_auc		a;

	(void) state;
	a = auc_of(s, y, 12);
	assert_int_equal(a.positives, 5);
	assert_int_equal(a.negatives, 7);
	assert_true(fabs(a.auc - 26.0 / 35.0) < 1e-15);
	assert_true(fabs(a.se - 0.1650602858327335) < 1e-12);
	assert_true(fabs(a.ci_low - 0.41934492734709833) < 1e-12);
	assert_true(a.ci_high == 1.0);
}

/* A perfectly separating score and its reverse; a constant score. */
static void
test_auc_extremes(void **state)
{
	const double s[] = {1, 2, 3, 4, 5, 6};
	const double c[] = {7, 7, 7, 7, 7, 7};
	const uint8_t y[] = {0, 0, 0, 1, 1, 1};
	const uint8_t r[] = {1, 1, 1, 0, 0, 0};
	ct_auc		a;

	(void) state;
	a = auc_of(s, y, 6);
	assert_true(a.auc == 1.0);
	assert_true(a.se == 0.0);
	assert_true(a.ci_low == 1.0 && a.ci_high == 1.0);
	a = auc_of(s, r, 6);
	assert_true(a.auc == 0.0);
	a = auc_of(c, y, 6);
	assert_true(a.auc == 0.5);
	assert_true(a.se == 0.0);
}

/* One class only: undefined; one of a class: an AUC without interval. */
static void
test_auc_undefined(void **state)
{
	const double s[] = {1, 2, 3};
	const uint8_t none[] = {0, 0, 0};
	const uint8_t one[] = {0, 1, 0};
	const double bad[] = {1, NAN, 3};
	ct_auc		a;
	ct_error	e;

	(void) state;
	a = auc_of(s, none, 3);
	assert_int_equal(a.positives, 0);
	assert_true(isnan(a.auc) && isnan(a.se) && isnan(a.ci_low));
	a = auc_of(s, one, 3);
	assert_true(a.auc == 0.5);
	assert_true(isnan(a.se));
	a = auc_of(s, none, 0);
	assert_true(isnan(a.auc));
	assert_int_equal(ct_auc_delong(bad, one, 3, CT_VALIDATE_Z95, dscratch, iscratch, &a, &e), CT_EINVAL);
}

/*
 * Random scores with many ties against the O(m k) definitions: AUC as the
 * mean of psi(X, Y) = 1, 1/2, 0 over all pairs, DeLong's placements as
 * row and column means of psi.
 */
static void
test_auc_random_pairwise(void **state)
{
	static double s[MAXN];
	static uint8_t y[MAXN];

	(void) state;
	srand(7);
	for (int trial = 0; trial < 20; trial++)
	{
		int			n = 20 + rand() % (MAXN - 20);
		int			m = 0,
					k = 0;
		double		sum = 0,
					v10[MAXN],
					v01[MAXN],
					s10 = 0,
					s01 = 0,
					auc,
					se;
		int			ip = 0,
					in = 0;
		ct_auc		a;

		for (int i = 0; i < n; i++)
		{
			s[i] = (double) (rand() % 25) / 4.0;
			y[i] = (uint8_t) (rand() % 3 == 0);
			m += y[i];
		}
		k = n - m;
		if (m < 2 || k < 2)
			continue;
		for (int i = 0; i < n; i++)
		{
			double		row = 0;

			if (!y[i])
				continue;
			for (int j = 0; j < n; j++)
				if (!y[j])
					row += s[i] > s[j] ? 1.0 : (s[i] == s[j] ? 0.5 : 0.0);
			v10[ip++] = row / k;
			sum += row;
		}
		for (int j = 0; j < n; j++)
		{
			double		col = 0;

			if (y[j])
				continue;
			for (int i = 0; i < n; i++)
				if (y[i])
					col += s[i] > s[j] ? 1.0 : (s[i] == s[j] ? 0.5 : 0.0);
			v01[in++] = col / m;
		}
		auc = sum / ((double) m * k);
		for (int i = 0; i < m; i++)
			s10 += (v10[i] - auc) * (v10[i] - auc);
		for (int j = 0; j < k; j++)
			s01 += (v01[j] - auc) * (v01[j] - auc);
		se = sqrt(s10 / (m - 1) / m + s01 / (k - 1) / k);
		a = auc_of(s, y, n);
		assert_true(fabs(a.auc - auc) < 1e-12);
		assert_true(fabs(a.se - se) < 1e-12);
	}
}

/*
 * 200 rows from a fixed linear congruential generator, scored against
 * scikit-learn 1.2.1 (roc_auc_score) and a pairwise numpy DeLong, run as
 *   x = 12345; for each row: x = (1103515245 x + 12345) mod 2^31 twice
 *   (a, b); y = ((b >> 8) % 7) < 3; score = ((a >> 8) % 50) / 10 +
 *   (y ? 0.8 * ((b >> 12) % 3) : 0)
 *   roc_auc_score(y, score) = 0.68202935276106 (77 positives, 123 negatives),
 *   se = sqrt(var(V10, ddof=1)/77 + var(V01, ddof=1)/123) = 0.038181692987764276.
 */
static void
test_auc_sklearn(void **state)
{
	static double s[200];
	static uint8_t y[200];
	uint64_t	x = 12345;
	ct_auc		a;

	(void) state;
	for (int i = 0; i < 200; i++)
	{
		uint64_t	ra,
					rb;

		x = (1103515245u * x + 12345u) % 2147483648u;
		ra = x;
		x = (1103515245u * x + 12345u) % 2147483648u;
		rb = x;
		y[i] = ((rb >> 8) % 7) < 3;
		s[i] = (double) ((ra >> 8) % 50) / 10.0 + (y[i] ? 0.8 * (double) ((rb >> 12) % 3) : 0.0);
	}
	a = auc_of(s, y, 200);
	assert_int_equal(a.positives, 77);
	assert_int_equal(a.negatives, 123);
	assert_true(fabs(a.auc - 0.68202935276106) < 1e-13);
	assert_true(fabs(a.se - 0.038181692987764276) < 1e-13);
}

/*
 * Newcombe RG (1998), Statistics in Medicine 17:857-872, Table II, method 3
 * (Wilson score interval): 81/263 [0.2553, 0.3662], 15/148 [0.0624, 0.1605],
 * 0/20 [0.0000, 0.1611], 1/29 [0.0061, 0.1718].
 */
static void
test_wilson_newcombe(void **state)
{
	const int64_t k[] = {81, 15, 0, 1};
	const int64_t n[] = {263, 148, 20, 29};
	const double lo[] = {0.2553, 0.0624, 0.0000, 0.0061};
	const double hi[] = {0.3662, 0.1605, 0.1611, 0.1718};

	(void) state;
	for (int i = 0; i < 4; i++)
	{
		double		l,
					h;

		ct_wilson_interval(k[i], n[i], CT_VALIDATE_Z95, &l, &h);
		assert_true(fabs(l - lo[i]) < 5e-5);
		assert_true(fabs(h - hi[i]) < 5e-5);
	}
	{
		double		l,
					h;

		ct_wilson_interval(3, 3, CT_VALIDATE_Z95, &l, &h);
		assert_true(h == 1.0);
		assert_true(fabs(l - 0.4385029682449545) < 1e-12);
		ct_wilson_interval(0, 0, CT_VALIDATE_Z95, &l, &h);
		assert_true(isnan(l) && isnan(h));
	}
}

/* labels with counts n[i], k[i] */
static void
set_counts(ct_group_stat *g, int n_labels, const int64_t *n, const int64_t *k)
{
	memset(g, 0, sizeof(ct_group_stat) * n_labels);
	for (int i = 0; i < n_labels; i++)
	{
		g[i].n = n[i];
		g[i].k = k[i];
	}
}

/*
 * The 12-row example's tiers (cuts 0.35, 0.65): low 1/4, mid 1/4, high 3/4,
 * base rate 5/12: lifts 0.6, 0.6, 1.8; Wilson 1/4 = [0.045587, 0.699358],
 * 3/4 = [0.300642, 0.954413].
 */
static void
test_group_stats(void **state)
{
	ct_group_stat g[4];

	(void) state;
	set_counts(g, 4, (const int64_t[]) {4, 4, 4, 0}, (const int64_t[]) {1, 1, 3, 0});
	ct_group_stats(g, 4, 12, 5, CT_VALIDATE_Z95);
	assert_true(fabs(g[0].rate - 0.25) < 1e-15);
	assert_true(fabs(g[0].lift - 0.6) < 1e-12);
	assert_true(fabs(g[2].lift - 1.8) < 1e-12);
	assert_true(fabs(g[0].ci_low - 0.045587260809700575) < 1e-12);
	assert_true(fabs(g[0].ci_high - 0.6993581574175981) < 1e-12);
	assert_true(fabs(g[2].ci_low - 0.3006418425824019) < 1e-12);
	assert_true(isnan(g[3].rate) && isnan(g[3].lift) && isnan(g[3].ci_low));
	assert_true(ct_rates_monotone(g, 4));
	/* base rate 0: no lift */
	ct_group_stats(g, 3, 12, 0, CT_VALIDATE_Z95);
	assert_true(isnan(g[0].lift));
}

static void
test_monotone(void **state)
{
	ct_group_stat g[4];

	(void) state;
	/* 2/5, 0/4, 3/3: down then up */
	set_counts(g, 3, (const int64_t[]) {5, 4, 3}, (const int64_t[]) {2, 0, 3});
	assert_false(ct_rates_monotone(g, 3));
	/* decreasing with an empty label in between and a tie */
	set_counts(g, 4, (const int64_t[]) {10, 0, 4, 8}, (const int64_t[]) {5, 0, 2, 1});
	assert_true(ct_rates_monotone(g, 4));
	/* one non-empty label */
	set_counts(g, 4, (const int64_t[]) {0, 0, 0, 8}, (const int64_t[]) {0, 0, 0, 1});
	assert_true(ct_rates_monotone(g, 4));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auc_twelve),
		cmocka_unit_test(test_auc_extremes),
		cmocka_unit_test(test_auc_undefined),
		cmocka_unit_test(test_auc_random_pairwise),
		cmocka_unit_test(test_auc_sklearn),
		cmocka_unit_test(test_wilson_newcombe),
		cmocka_unit_test(test_group_stats),
		cmocka_unit_test(test_monotone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
