/*
 * test_mcdm.c
 *		Unit tests of src/core/ct_mcdm.c: TOPSIS, grey relational grade and
 *		VIKOR against published worked examples, plus edge cases.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ct_mcdm.h"

/*
 * Hwang & Yoon (1981), Multiple Attribute Decision Making: Methods and
 * Applications, Springer LNEMS 186: the fighter-aircraft example of the
 * TOPSIS section (also in Yoon & Hwang 1995, Sage).  4 aircraft x 6
 * attributes (max speed, ferry range, max payload, acquisition cost,
 * reliability, maneuverability); cost is the only cost attribute;
 * w = (0.2, 0.1, 0.1, 0.1, 0.2, 0.3); vector normalisation.  Published
 * closeness: 0.643, 0.268, 0.613, 0.312 (recomputed independently in
 * python3: 0.6432770005532702, 0.2683835677194119, 0.6135422900072308,
 * 0.3122910655817544).
 */
static void
test_topsis_hwang_yoon(void **state)
{
	double		x[4][6] = {
		{2.0, 1500, 20000, 5.5, 5, 9},
		{2.5, 2700, 18000, 6.5, 3, 5},
		{1.8, 2000, 21000, 4.5, 7, 7},
		{2.2, 1800, 20000, 5.0, 5, 5},
	};
	double		w[6] = {0.2, 0.1, 0.1, 0.1, 0.2, 0.3};
	int			cost[6] = {0, 0, 0, 1, 0, 0};
	double		want[4] = {0.6432770005532702, 0.2683835677194119,
	0.6135422900072308, 0.3122910655817544};
	double		r[4][6], ideal[6], anti[6];
	ct_error	e;

	(void) state;
	for (int j = 0; j < 6; j++)
	{
		double		ss = 0;

		for (int i = 0; i < 4; i++)
			ss += x[i][j] * x[i][j];
		for (int i = 0; i < 4; i++)
			r[i][j] = x[i][j] / sqrt(ss);
		ideal[j] = anti[j] = r[0][j];
		for (int i = 1; i < 4; i++)
		{
			if ((r[i][j] > ideal[j]) != cost[j] && r[i][j] != ideal[j])
				ideal[j] = r[i][j];
			if ((r[i][j] < anti[j]) != cost[j] && r[i][j] != anti[j])
				anti[j] = r[i][j];
		}
	}
	for (int i = 0; i < 4; i++)
	{
		double		c;

		assert_int_equal(ct_topsis(r[i], w, ideal, anti, 6, &c, &e), CT_OK);
		assert_true(fabs(c - want[i]) < 1e-12);
	}
}

/*
 * Opricovic & Tzeng (2004), "Compromise solution by MCDM methods: A
 * comparative analysis of VIKOR and TOPSIS", EJOR 156(2):445-455,
 * numerical example: A1..A3 on risk (cost) and altitude (benefit),
 * f = (1, 3000), (2, 3750), (5, 4500), w = (0.5, 0.5).
 * Table 3, VIKOR: S = 0.5, 0.375, 0.5; R = 0.5, 0.25, 0.5; Q = 1, 0, 1.
 * Table 3, TOPSIS (vector normalisation): C = 0.762, 0.722, 0.238.
 */
static const double ot_f[3][2] = {{1, 3000}, {2, 3750}, {5, 4500}};

static void
test_vikor_opricovic_tzeng(void **state)
{
	double		w[2] = {0.5, 0.5};
	double		best[2] = {1, 4500};
	double		worst[2] = {5, 3000};
	double		ws[3] = {0.5, 0.375, 0.5};
	double		wr[3] = {0.5, 0.25, 0.5};
	double		wq[3] = {1, 0, 1};
	double		s[3], r[3];
	ct_error	e;

	(void) state;
	for (int i = 0; i < 3; i++)
	{
		assert_int_equal(ct_vikor_sr(ot_f[i], w, best, worst, 2, &s[i], &r[i], &e), CT_OK);
		assert_true(s[i] == ws[i]);
		assert_true(r[i] == wr[i]);
	}
	for (int i = 0; i < 3; i++)
	{
		double		q;

		assert_int_equal(ct_vikor_q(s[i], r[i], 0.375, 0.5, 0.25, 0.5, 0.5, &q, &e), CT_OK);
		assert_true(q == wq[i]);
	}
	/* the paper's problem phi (other units) gives the same S and R */
	{
		double		phi[3][2] = {{6, 2.0}, {7, 2.75}, {10, 3.5}};
		double		pb[2] = {6, 3.5};
		double		pw[2] = {10, 2.0};

		for (int i = 0; i < 3; i++)
		{
			double		s2, r2;

			ct_vikor_sr(phi[i], w, pb, pw, 2, &s2, &r2, &e);
			assert_true(fabs(s2 - ws[i]) < 1e-15 && fabs(r2 - wr[i]) < 1e-15);
		}
	}
}

static void
test_topsis_opricovic_tzeng(void **state)
{
	double		w[2] = {0.5, 0.5};
	double		want[3] = {0.7621405801238009, 0.7221778332293296, 0.23785941987619905};
	double		n0 = sqrt(1.0 + 4.0 + 25.0);
	double		n1 = sqrt(3000.0 * 3000.0 + 3750.0 * 3750.0 + 4500.0 * 4500.0);
	double		ideal[2] = {1 / n0, 4500 / n1};
	double		anti[2] = {5 / n0, 3000 / n1};
	ct_error	e;

	(void) state;
	for (int i = 0; i < 3; i++)
	{
		double		v[2] = {ot_f[i][0] / n0, ot_f[i][1] / n1};
		double		c;

		assert_int_equal(ct_topsis(v, w, ideal, anti, 2, &c, &e), CT_OK);
		assert_true(fabs(c - want[i]) < 1e-12);
		assert_true(fabs(c - (double[]) {0.762, 0.722, 0.238}[i]) < 0.0005);
	}
}

static void
test_topsis_edges(void **state)
{
	double		v[3] = {0.5, 0.5, 0.2};
	double		w[3] = {1, 1, 0};
	double		same[3] = {0.5, 0.5, 0.9};
	double		hi[3] = {1, 1, 1};
	double		lo[3] = {0, 0, 0};
	double		c;
	ct_error	e;

	(void) state;
	/* ideal = anti-ideal = v on the weighted criteria: 0/0 defined as 1 */
	assert_int_equal(ct_topsis(v, w, same, same, 3, &c, &e), CT_OK);
	assert_true(c == 1.0);
	/* the zero-weight criterion is ignored: midpoint gives 0.5 */
	ct_topsis(v, w, hi, lo, 3, &c, &e);
	assert_true(c == 0.5);
	ct_topsis(hi, w, hi, lo, 3, &c, &e);
	assert_true(c == 1.0);
	ct_topsis(lo, w, hi, lo, 3, &c, &e);
	assert_true(c == 0.0);
	/* scaling every value (or every weight) by a huge factor changes nothing */
	{
		double		v2[3] = {0.3e300, -0.7e300, 0.1e300};
		double		p2[3] = {1e300, 1e300, 1e300};
		double		a2[3] = {-1e300, -1e300, -1e300};
		double		v1[3] = {0.3, -0.7, 0.1};
		double		p1[3] = {1, 1, 1};
		double		a1[3] = {-1, -1, -1};
		double		w1[3] = {0.2, 0.5, 0.3};
		double		wbig[3] = {0.2e300, 0.5e300, 0.3e300};
		double		wtiny[3] = {0.2e-300, 0.5e-300, 0.3e-300};
		double		c1, c2, c3, c4;

		ct_topsis(v1, w1, p1, a1, 3, &c1, &e);
		assert_int_equal(ct_topsis(v2, w1, p2, a2, 3, &c2, &e), CT_OK);
		ct_topsis(v1, wbig, p1, a1, 3, &c3, &e);
		ct_topsis(v1, wtiny, p1, a1, 3, &c4, &e);
		assert_true(isfinite(c2) && fabs(c1 - c2) < 1e-15);
		assert_true(fabs(c1 - c3) < 1e-15 && fabs(c1 - c4) < 1e-15);
	}
	/* weights */
	{
		double		neg[3] = {1, -1, 1};
		double		zero[3] = {0, 0, 0};

		assert_int_equal(ct_topsis(v, neg, hi, lo, 3, &c, &e), CT_EINVAL);
		assert_non_null(strstr(e.message, "negative"));
		assert_int_equal(ct_topsis(v, zero, hi, lo, 3, &c, &e), CT_EINVAL);
		assert_non_null(strstr(e.message, "positive"));
		assert_int_equal(ct_topsis(v, w, hi, lo, 0, &c, &e), CT_ESHAPE);
	}
}

/*
 * Grey relational analysis, textbook example: Si Shoukui & Sun Xijing,
 * Mathematical Modeling Algorithms and Applications (National Defense
 * Industry Press, 2011), chapter 14, example 14.5: 6 alternatives, 9
 * indicators (indicators 2-4 cost, the rest benefit), min-max normalised,
 * reference = column maxima (all 1), delta_min = 0, delta_max = 1, rho = 0.5,
 * equal weights.  The grades were computed independently with python3 from
 * the published data (we could not check them against the book's printout).
 */
static const double gra_data[9][6] = {
	{0.83, 0.90, 0.99, 0.92, 0.87, 0.95},
	{326, 295, 340, 287, 310, 303},
	{21, 38, 25, 19, 27, 10},
	{3.2, 2.4, 2.2, 2.0, 0.9, 1.7},
	{0.20, 0.25, 0.12, 0.33, 0.20, 0.09},
	{0.15, 0.20, 0.14, 0.09, 0.15, 0.17},
	{250, 180, 300, 200, 150, 175},
	{0.23, 0.15, 0.27, 0.30, 0.18, 0.26},
	{0.87, 0.95, 0.99, 0.89, 0.82, 0.94},
};

static void
test_grey_textbook(void **state)
{
	double		want[6] = {0.4629924298666394, 0.5559942769728997, 0.6490736285124805,
	0.6527227019980644, 0.49356200151899077, 0.6130150408567573};
	double		want3[6] = {0.3446006462, 0.4551728947, 0.5718483463,
	0.5726528383, 0.390383894, 0.5067356991};
	double		w[9], ref[9];
	ct_error	e;

	(void) state;
	for (int j = 0; j < 9; j++)
	{
		w[j] = 1.0;
		ref[j] = 1.0;
	}
	for (int k = 0; k < 6; k++)
	{
		double		v[9];
		double		g;

		for (int j = 0; j < 9; j++)
		{
			double		lo = gra_data[j][0], hi = gra_data[j][0];

			for (int i = 1; i < 6; i++)
			{
				lo = fmin(lo, gra_data[j][i]);
				hi = fmax(hi, gra_data[j][i]);
			}
			v[j] = (j >= 1 && j <= 3) ? (hi - gra_data[j][k]) / (hi - lo)
				: (gra_data[j][k] - lo) / (hi - lo);
		}
		assert_int_equal(ct_grey_relational_grade(v, w, ref, 9, 0, 1, 0.5, &g, &e), CT_OK);
		assert_true(fabs(g - want[k]) < 1e-12);
		ct_grey_relational_grade(v, w, ref, 9, 0, 1, 0.3, &g, &e);
		assert_true(fabs(g - want3[k]) < 1e-10);
	}
}

static void
test_grey_edges(void **state)
{
	double		v[2] = {0.2, 0.8};
	double		w[2] = {1, 3};
	double		ref[2] = {1, 1};
	double		g;
	ct_error	e;

	(void) state;
	/* xi = (0 + 0.5)/(0.8 + 0.5), (0 + 0.5)/(0.2 + 0.5); weighted mean */
	ct_grey_relational_grade(v, w, ref, 2, 0, 0.8, 0.625, &g, &e);
	assert_true(fabs(g - (0.25 * 0.5 / 1.3 + 0.75 * 0.5 / 0.7)) < 1e-15);
	/* the alternative equal to the reference: every xi is 1 when delta_min = 0 */
	ct_grey_relational_grade(ref, w, ref, 2, 0, 0.8, 0.5, &g, &e);
	assert_true(g == 1.0);
	/* scale invariance with huge and tiny deltas */
	{
		double		vb[2] = {0.2e300, 0.8e300};
		double		rb[2] = {1e300, 1e300};
		double		vs[2] = {0.2e-300, 0.8e-300};
		double		rs[2] = {1e-300, 1e-300};
		double		g1, g2, g3;

		ct_grey_relational_grade(v, w, ref, 2, 0.1, 0.8, 0.5, &g1, &e);
		assert_int_equal(ct_grey_relational_grade(vb, w, rb, 2, 0.1e300, 0.8e300, 0.5, &g2, &e), CT_OK);
		assert_int_equal(ct_grey_relational_grade(vs, w, rs, 2, 0.1e-300, 0.8e-300, 0.5, &g3, &e), CT_OK);
		assert_true(fabs(g1 - g2) < 1e-15 && fabs(g1 - g3) < 1e-15);
	}
	/* an overflowing difference counts as infinitely far */
	{
		double		vx[1] = {-DBL_MAX};
		double		rx[1] = {DBL_MAX};
		double		w1[1] = {1};

		assert_int_equal(ct_grey_relational_grade(vx, w1, rx, 1, 0, DBL_MAX, 1, &g, &e), CT_OK);
		assert_true(g == 0.0 || (isfinite(g) && g < 1));
	}
	/* parameters */
	assert_int_equal(ct_grey_relational_grade(v, w, ref, 2, 0, 1, 0, &g, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "rho"));
	assert_int_equal(ct_grey_relational_grade(v, w, ref, 2, 0, 1, 1.5, &g, &e), CT_EINVAL);
	assert_int_equal(ct_grey_relational_grade(v, w, ref, 2, 0, 1, 1, &g, &e), CT_OK);
	assert_int_equal(ct_grey_relational_grade(v, w, ref, 2, -0.1, 1, 0.5, &g, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "delta_min"));
	assert_int_equal(ct_grey_relational_grade(v, w, ref, 2, 0.5, 0.4, 0.5, &g, &e), CT_EINVAL);
	assert_int_equal(ct_grey_relational_grade(v, w, ref, 2, 0, 0, 0.5, &g, &e), CT_EINVAL);
	/* a subnormal rho cannot separate anything: out of range, not NaN */
	assert_int_equal(ct_grey_relational_grade(ref, w, ref, 2, 0.5, 1, 5e-324, &g, &e), CT_ERANGE);
	{
		double		neg[2] = {1, -1};

		assert_int_equal(ct_grey_relational_grade(v, neg, ref, 2, 0, 1, 0.5, &g, &e), CT_EINVAL);
	}
}

static void
test_vikor_edges(void **state)
{
	double		v[3] = {0.4, 7, 0.1};
	double		w[3] = {0.5, 0.3, 0.2};
	double		best[3] = {1, 7, 0};
	double		worst[3] = {0, 7, 1};
	double		s, r, q;
	ct_error	e;

	(void) state;
	/* criterion 2 has best = worst: it contributes 0 */
	assert_int_equal(ct_vikor_sr(v, w, best, worst, 3, &s, &r, &e), CT_OK);
	assert_true(fabs(s - (0.5 * 0.6 + 0.2 * 0.1)) < 1e-15);
	assert_true(fabs(r - 0.3) < 1e-15);
	/* all criteria degenerate: S = R = 0 */
	ct_vikor_sr(best, w, best, best, 3, &s, &r, &e);
	assert_true(s == 0.0 && r == 0.0);
	/* Q: an empty range leaves only the other term */
	ct_vikor_q(0.3, 0.2, 0.3, 0.3, 0.1, 0.5, 0.5, &q, &e);
	assert_true(fabs(q - 0.5 * 0.25) < 1e-15);
	ct_vikor_q(0.4, 0.2, 0.3, 0.5, 0.2, 0.2, 0.5, &q, &e);
	assert_true(fabs(q - 0.5 * 0.5) < 1e-15);
	ct_vikor_q(0.4, 0.2, 0.4, 0.4, 0.2, 0.2, 0.5, &q, &e);
	assert_true(q == 0.0);
	/* v = 0 and v = 1 keep one strategy only */
	ct_vikor_q(0.4, 0.3, 0.3, 0.5, 0.2, 0.6, 1, &q, &e);
	assert_true(fabs(q - 0.5) < 1e-15);
	ct_vikor_q(0.4, 0.3, 0.3, 0.5, 0.2, 0.6, 0, &q, &e);
	assert_true(fabs(q - 0.25) < 1e-15);
	/* huge operands: no overflow in the differences */
	{
		double		vb[1] = {0};
		double		bb[1] = {DBL_MAX};
		double		wb[1] = {-DBL_MAX};
		double		w1[1] = {1};

		assert_int_equal(ct_vikor_sr(vb, w1, bb, wb, 1, &s, &r, &e), CT_OK);
		assert_true(s == 0.5 && r == 0.5);
		assert_int_equal(ct_vikor_q(0, 0, -DBL_MAX, DBL_MAX, 0, 1, 0.5, &q, &e), CT_OK);
		assert_true(q == 0.25);
	}
	/* a value absurdly far outside [worst, best]: out of range, not Infinity */
	{
		double		vb[1] = {-DBL_MAX};
		double		bb[1] = {1e-300};
		double		wb[1] = {0};
		double		w1[1] = {1};

		assert_int_equal(ct_vikor_sr(vb, w1, bb, wb, 1, &s, &r, &e), CT_ERANGE);
		assert_int_equal(ct_vikor_q(DBL_MAX, 0, 0, 1e-300, 0, 1, 0.5, &q, &e), CT_ERANGE);
	}
	/* parameters */
	assert_int_equal(ct_vikor_q(0.4, 0.2, 0.3, 0.5, 0.1, 0.5, 1.5, &q, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "between 0 and 1"));
	assert_int_equal(ct_vikor_q(0.4, 0.2, 0.5, 0.3, 0.1, 0.5, 0.5, &q, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "s_best"));
	assert_int_equal(ct_vikor_q(0.4, 0.2, 0.3, 0.5, 0.5, 0.1, 0.5, &q, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "r_best"));
	{
		double		zero[3] = {0, 0, 0};

		assert_int_equal(ct_vikor_sr(v, zero, best, worst, 3, &s, &r, &e), CT_EINVAL);
		assert_int_equal(ct_vikor_sr(v, w, best, worst, CT_MAX_VECTOR + 1, &s, &r, &e), CT_ELIMIT);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_topsis_hwang_yoon),
		cmocka_unit_test(test_topsis_opricovic_tzeng),
		cmocka_unit_test(test_topsis_edges),
		cmocka_unit_test(test_vikor_opricovic_tzeng),
		cmocka_unit_test(test_vikor_edges),
		cmocka_unit_test(test_grey_textbook),
		cmocka_unit_test(test_grey_edges),
	};

	return cmocka_run_group_tests_name("mcdm", tests, NULL, NULL);
}
