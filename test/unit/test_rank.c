/*
 * test_rank.c
 *		Unit tests of src/core/ct_rank.c: average ranks, Spearman's rho,
 *		Kendall's tau-b (against an O(n^2) reference on random data with
 *		ties) and the WS similarity coefficient.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ct_rank.h"

#define MAXN 512

static double ra[MAXN], rb[MAXN];
static int	order[MAXN], tmp[MAXN];

static double
spearman_of(const double *a, const double *b, int n, int *defined)
{
	ct_error	e;
	double		rho;

	assert_int_equal(ct_spearman(a, b, n, ra, rb, order, tmp, &rho, defined, &e), CT_OK);
	return rho;
}

static double
kendall_of(const double *a, const double *b, int n, int *defined)
{
	ct_error	e;
	double		tau;

	assert_int_equal(ct_kendall_tau_b(a, b, n, order, tmp, &tau, defined, &e), CT_OK);
	return tau;
}

static void
test_average_ranks(void **state)
{
	double		x[] = {40, 10, 30, 10, 30, 30, -5};
	double		want[] = {7, 2.5, 5, 2.5, 5, 5, 1};
	double		r[7];

	(void) state;
	ct_average_ranks(x, 7, r, order, tmp);
	for (int i = 0; i < 7; i++)
		assert_true(r[i] == want[i]);
}

/*
 * Wikipedia, "Spearman's rank correlation coefficient", worked example:
 * IQ against hours of TV per week for 10 people, rho = -29/165
 * (sum d^2 = 194; 1 - 6*194/(10*99) = -29/165 = -0.175757...).
 */
static void
test_spearman_iq_tv(void **state)
{
	double		iq[] = {106, 100, 86, 101, 99, 103, 97, 113, 112, 110};
	double		tv[] = {7, 27, 2, 50, 28, 29, 20, 12, 6, 17};
	int			def;

	(void) state;
	assert_true(fabs(spearman_of(iq, tv, 10, &def) - (-29.0 / 165.0)) < 1e-15);
	assert_int_equal(def, 1);
	/* symmetric */
	assert_true(fabs(spearman_of(tv, iq, 10, &def) - (-29.0 / 165.0)) < 1e-15);
}

/*
 * Ties, checked against the tie-corrected formula (Siegel & Castellan 1988,
 * Nonparametric Statistics for the Behavioral Sciences, 2nd ed., eq. 9.7):
 * rho = (Sx + Sy - sum d^2) / (2 sqrt(Sx Sy)), Sx = (n^3-n)/12 - sum (t^3-t)/12.
 * a = 1,2,2,3,4,4,4,5: ranks 1,2.5,2.5,4,6,6,6,8, Sx = 42 - 0.5 - 2 = 39.5
 * b = 2,1,3,3,5,4,6,6: ranks 2,1,3.5,3.5,6,5,7.5,7.5, Sy = 42 - 0.5 - 0.5 = 41
 * d^2 = 1+2.25+1+0.25+0+1+2.25+0.25 = 8; rho = 72.5 / (2 sqrt(1619.5)).
 */
static void
test_spearman_ties(void **state)
{
	double		a[] = {1, 2, 2, 3, 4, 4, 4, 5};
	double		b[] = {2, 1, 3, 3, 5, 4, 6, 6};
	int			def;

	(void) state;
	assert_true(fabs(spearman_of(a, b, 8, &def) - 72.5 / (2.0 * sqrt(1619.5))) < 1e-15);
	/* Salabun & Urbaniak (2020), ICCS, LNCS 12138, p. 632: rs = 0.9 */
	{
		double		x[] = {1, 2, 3, 4, 5};
		double		y[] = {2, 1, 3, 4, 5};

		assert_true(fabs(spearman_of(x, y, 5, &def) - 0.9) < 1e-15);
	}
}

static void
test_spearman_undefined_and_errors(void **state)
{
	double		c[] = {3, 3, 3, 3};
	double		b[] = {1, 2, 3, 4};
	double		rho;
	int			def = 1;
	ct_error	e;

	(void) state;
	rho = spearman_of(c, b, 4, &def);
	assert_int_equal(def, 0);
	assert_true(rho == 0.0);
	spearman_of(b, c, 4, &def);
	assert_int_equal(def, 0);
	/* two elements: +-1 */
	assert_true(spearman_of(b, b, 2, &def) == 1.0);
	assert_int_equal(ct_spearman(b, b, 1, ra, rb, order, tmp, &rho, &def, &e), CT_ESHAPE);
	assert_non_null(strstr(e.message, "at least 2"));
	/* the size limit is checked before any buffer is touched */
	assert_int_equal(ct_spearman(NULL, NULL, CT_MAX_RANK_N + 1, NULL, NULL, NULL, NULL,
								 &rho, &def, &e), CT_ELIMIT);
	assert_int_equal(ct_kendall_tau_b(NULL, NULL, CT_MAX_RANK_N + 1, NULL, NULL,
									  &rho, &def, &e), CT_ELIMIT);
	assert_int_equal(ct_ws_similarity(NULL, NULL, CT_MAX_RANK_N + 1, &rho, &e), CT_ELIMIT);
}

/* O(n^2) tau-b straight from the definition. */
static double
kendall_naive(const double *a, const double *b, int n, int *defined)
{
	int64_t		c = 0, d = 0, ta = 0, tb = 0;

	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
		{
			double		s = (a[i] - a[j]) * (b[i] - b[j]);

			if (s > 0)
				c++;
			else if (s < 0)
				d++;
			else
			{
				if (a[i] == a[j] && b[i] != b[j])
					ta++;
				if (b[i] == b[j] && a[i] != a[j])
					tb++;
			}
		}
	if (c + d + ta == 0 || c + d + tb == 0)
	{
		*defined = 0;
		return 0.0;
	}
	*defined = 1;
	return (double) (c - d) / sqrt((double) (c + d + ta) * (double) (c + d + tb));
}

/*
 * scipy.stats.kendalltau documentation example (SciPy reference guide):
 * x = 12,2,1,12,2, y = 1,4,7,1,0 gives tau-b = -0.47140452079103173
 * (= -1/sqrt(4.5): C - D = -4, n0 - n1 = 8, n0 - n2 = 9).
 */
static void
test_kendall_published(void **state)
{
	double		x[] = {12, 2, 1, 12, 2};
	double		y[] = {1, 4, 7, 1, 0};
	double		a[] = {1, 2, 2, 3, 4, 4, 4, 5};
	double		b[] = {2, 1, 3, 3, 5, 4, 6, 6};
	ct_kendall_counts c;
	int			def;

	(void) state;
	assert_true(fabs(kendall_of(x, y, 5, &def) - (-0.47140452079103173)) < 1e-15);
	assert_int_equal(def, 1);
	ct_kendall_count(x, y, 5, order, tmp, &c);
	assert_int_equal(c.n0, 10);
	assert_int_equal(c.ties_a, 2);
	assert_int_equal(c.ties_b, 1);
	assert_int_equal(c.ties_ab, 1);
	/* ties example above: C - D = 20, n0 - n1 = 24, n0 - n2 = 26 */
	assert_true(fabs(kendall_of(a, b, 8, &def) - 20.0 / sqrt(24.0 * 26.0)) < 1e-15);
	ct_kendall_count(a, b, 8, order, tmp, &c);
	assert_int_equal(c.ties_a, 4);
	assert_int_equal(c.ties_b, 2);
	assert_int_equal(c.ties_ab, 0);
}

static uint64_t rng = 88172645463325252ULL;

static uint64_t
xorshift(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Knight's algorithm against the O(n^2) definition on random data with ties. */
static void
test_kendall_random(void **state)
{
	static double a[MAXN], b[MAXN];
	int			trials = 0;

	(void) state;
	for (int t = 0; t < 400; t++)
	{
		int			n = 2 + (int) (xorshift() % (MAXN - 1));
		int			ka = 1 + (int) (xorshift() % 12);	/* few levels: many ties */
		int			kb = 1 + (int) (xorshift() % 40);
		int			d1, d2;
		double		fast, slow;

		if (t % 4 == 0)
			n = 2 + t % 7;		/* tiny inputs too */
		for (int i = 0; i < n; i++)
		{
			a[i] = (double) (xorshift() % ka) - 3.0;
			b[i] = (t % 3 == 0) ? a[i] * 0.5 + (double) (xorshift() % 3)
				: (double) (xorshift() % kb) * 0.25;
		}
		fast = kendall_of(a, b, n, &d1);
		slow = kendall_naive(a, b, n, &d2);
		assert_int_equal(d1, d2);
		if (d1)
		{
			assert_true(fabs(fast - slow) < 1e-12);
			trials++;
		}
		else
			assert_true(fast == 0.0);
	}
	assert_true(trials > 100);
}

static void
test_kendall_extremes(void **state)
{
	static double a[MAXN], b[MAXN];
	double		c[] = {2, 2, 2};
	int			def;

	(void) state;
	for (int i = 0; i < MAXN; i++)
	{
		a[i] = i;
		b[i] = -2.0 * i;
	}
	assert_true(kendall_of(a, b, MAXN, &def) == -1.0);
	assert_true(kendall_of(a, a, MAXN, &def) == 1.0);
	assert_true(spearman_of(a, b, MAXN, &def) == -1.0);
	kendall_of(c, a, 3, &def);
	assert_int_equal(def, 0);
	kendall_of(a, c, 3, &def);
	assert_int_equal(def, 0);
	/* -0 and +0 are the same value: a tie */
	{
		double		z[] = {0.0, -0.0, 1.0};
		double		y[] = {1.0, 2.0, 3.0};

		assert_true(fabs(kendall_of(z, y, 3, &def) - 2.0 / sqrt(2.0 * 3.0)) < 1e-15);
	}
}

/*
 * WS coefficient, Salabun & Urbaniak (2020), "A New Coefficient of Rankings
 * Similarity in Decision-Making Problems", ICCS 2020, LNCS 12138, 632-645.
 * The paper's point, by hand from its formula with reference 1,2,3,4,5:
 * swapping the top two gives 1 - (1/2*1/4 + 1/4*1/3) = 19/24 = 0.791666...,
 * swapping the bottom two gives 1 - (1/16*1/3 + 1/32*1/4) = 373/384, and the
 * reversed ranking 1 - (1/2 + 1/4*2/3 + 1/16*2/3 + 1/32) = 25/96.
 * Paradowski, Baczkiewicz & Watrobski (2021), Procedia Computer Science
 * 192:1347-1358, report WS = 0.90 (two decimals) for the 12-element pair
 * below; the exact value is 0.9017676767676768.
 */
static void
test_ws(void **state)
{
	double		x[] = {1, 2, 3, 4, 5};
	double		top[] = {2, 1, 3, 4, 5};
	double		bottom[] = {1, 2, 3, 5, 4};
	double		rev[] = {5, 4, 3, 2, 1};
	double		p[] = {7, 11, 2, 1, 4, 9, 6, 3, 5, 10, 8, 12};
	double		q[] = {7, 11, 3, 2, 4, 9, 6, 1, 5, 10, 8, 12};
	double		ws;
	ct_error	e;

	(void) state;
	assert_int_equal(ct_ws_similarity(x, top, 5, &ws, &e), CT_OK);
	assert_true(fabs(ws - 19.0 / 24.0) < 1e-15);
	ct_ws_similarity(x, bottom, 5, &ws, &e);
	assert_true(fabs(ws - 373.0 / 384.0) < 1e-15);
	ct_ws_similarity(x, rev, 5, &ws, &e);
	assert_true(fabs(ws - 25.0 / 96.0) < 1e-15);
	ct_ws_similarity(x, x, 5, &ws, &e);
	assert_true(ws == 1.0);
	ct_ws_similarity(p, q, 12, &ws, &e);
	assert_true(fabs(ws - 0.9017676767676768) < 1e-15);
	/* not symmetric: the weights follow the reference */
	ct_ws_similarity(top, x, 5, &ws, &e);
	assert_true(fabs(ws - (1.0 - (0.25 * 1.0 / 3.0 + 0.5 * 1.0 / 4.0))) < 1e-15);
	/* tied (fractional) ranks are accepted */
	{
		double		t[] = {1.5, 1.5, 3};

		assert_int_equal(ct_ws_similarity(t, t, 3, &ws, &e), CT_OK);
		assert_true(ws == 1.0);
	}
	/* scores instead of ranks are refused */
	{
		double		s[] = {0.2, 0.9, 0.5};
		double		r[] = {3, 1, 2};

		assert_int_equal(ct_ws_similarity(s, r, 3, &ws, &e), CT_EINVAL);
		assert_non_null(strstr(e.message, "ranks between 1 and 3"));
		assert_int_equal(ct_ws_similarity(r, s, 3, &ws, &e), CT_EINVAL);
		assert_non_null(strstr(e.message, "compared ranking b"));
	}
	assert_int_equal(ct_ws_similarity(x, x, 1, &ws, &e), CT_ESHAPE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_average_ranks),
		cmocka_unit_test(test_spearman_iq_tv),
		cmocka_unit_test(test_spearman_ties),
		cmocka_unit_test(test_spearman_undefined_and_errors),
		cmocka_unit_test(test_kendall_published),
		cmocka_unit_test(test_kendall_random),
		cmocka_unit_test(test_kendall_extremes),
		cmocka_unit_test(test_ws),
	};

	return cmocka_run_group_tests_name("rank", tests, NULL, NULL);
}
