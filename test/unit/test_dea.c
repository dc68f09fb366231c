/*
 * test_dea.c
 *		Unit tests of src/core/ct_dea*.c: the simplex, benefit-of-the-doubt
 *		scores, the frontier set and its text form, and the CCR model.
 *
 * Published examples:
 * - the Wyndor Glass LP of Hillier and Lieberman, Introduction to
 *   Operations Research (max 3x + 5y, x <= 4, 2y <= 12, 3x + 2y <= 18):
 *   Z = 36 at (2, 6), shadow prices 0, 3/2, 1;
 * - Beale's (1955) cycling example, on which Dantzig's rule without an
 *   anti-cycling rule cycles forever: optimum 1/20 at x4 = 1/25, x6 = 1;
 * - the 12 hospitals of Cooper, Seiford and Tone (2007), Data Envelopment
 *   Analysis, 2nd ed.: CCR scores as printed (3 decimals), re-computed
 *   independently with scipy.optimize.linprog (test/dea_check.py).
 * The BoD and frontier examples are small enough to solve by hand (in the
 * comments).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ct_dea.h"

static double work[1 << 16];
static int	iwork[1 << 12];

static void
assert_near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("got %.17g, want %.17g", got, want);
}

static void
test_lp_wyndor(void **state)
{
	ct_lp		lp;
	ct_lp_status st;
	ct_error	e;
	double		c[2] = {3, 5};
	double		x[2],
				y[3];
	static const double a[3][3] = {{1, 0, 4}, {0, 2, 12}, {3, 2, 18}};

	(void) state;
	ct_lp_init(&lp, 3, 2, work, iwork);
	for (int i = 0; i < 3; i++)
		ct_lp_set_row(&lp, i, a[i], a[i][2]);
	ct_lp_set_objective(&lp, c);
	assert_int_equal(ct_lp_solve(&lp, INFINITY, &st, &e), CT_OK);
	assert_int_equal(st, CT_LP_OPTIMAL);
	assert_near(ct_lp_objective(&lp), 36, 1e-12);
	ct_lp_primal(&lp, x);
	assert_near(x[0], 2, 1e-12);
	assert_near(x[1], 6, 1e-12);
	ct_lp_dual(&lp, y);
	assert_near(y[0], 0, 1e-12);
	assert_near(y[1], 1.5, 1e-12);
	assert_near(y[2], 1, 1e-12);

	/* stopping early once the objective passes 10 */
	ct_lp_init(&lp, 3, 2, work, iwork);
	for (int i = 0; i < 3; i++)
		ct_lp_set_row(&lp, i, a[i], a[i][2]);
	ct_lp_set_objective(&lp, c);
	assert_int_equal(ct_lp_solve(&lp, 10, &st, &e), CT_OK);
	assert_int_equal(st, CT_LP_STOPPED);
	assert_true(ct_lp_objective(&lp) > 10);
}

static void
test_lp_unbounded(void **state)
{
	ct_lp		lp;
	ct_lp_status st;
	ct_error	e;
	double		c[2] = {1, 1};

	(void) state;
	/* x - y <= 1: y grows without bound */
	ct_lp_init(&lp, 1, 2, work, iwork);
	ct_lp_set_row(&lp, 0, (double[]) {1, -1}, 1);
	ct_lp_set_objective(&lp, c);
	assert_int_equal(ct_lp_solve(&lp, INFINITY, &st, &e), CT_OK);
	assert_int_equal(st, CT_LP_UNBOUNDED);
}

static void
test_lp_beale_cycling(void **state)
{
	ct_lp		lp;
	ct_lp_status st;
	ct_error	e;
	double		c[4] = {0.75, -150, 0.02, -6};
	double		x[4];
	static const double a[3][5] = {
		{0.25, -60, -0.04, 9, 0},
		{0.5, -90, -0.02, 3, 0},
		{0, 0, 1, 0, 1}
	};

	(void) state;
	ct_lp_init(&lp, 3, 4, work, iwork);
	for (int i = 0; i < 3; i++)
		ct_lp_set_row(&lp, i, a[i], a[i][4]);
	ct_lp_set_objective(&lp, c);
	assert_int_equal(ct_lp_solve(&lp, INFINITY, &st, &e), CT_OK);
	assert_int_equal(st, CT_LP_OPTIMAL);
	assert_near(ct_lp_objective(&lp), 0.05, 1e-12);
	ct_lp_primal(&lp, x);
	assert_near(x[0], 0.04, 1e-12);
	assert_near(x[2], 1, 1e-12);
	assert_true(lp.iterations < 20);
}

/*
 * Frontier (1, 0.5) and (0.5, 1); v = (0.5, 0.5): both constraints bind at
 * w = (2/3, 2/3), score 2/3, lambda = (1/3, 1/3) (1.5 lambda = 0.5 in each
 * indicator).
 */
static const double two_pts[4] = {1, 0.5, 0.5, 1};

static void
test_bod_by_hand(void **state)
{
	double		v[2] = {0.5, 0.5};
	double		w[2],
				lam[2],
				s;
	ct_error	e;

	(void) state;
	assert_int_equal(ct_dea_bod(v, 2, two_pts, 2, NULL, NULL, NULL, work, iwork, &s, w, lam, &e), CT_OK);
	assert_near(s, 2.0 / 3, 1e-15);
	assert_near(w[0], 2.0 / 3, 1e-15);
	assert_near(w[1], 2.0 / 3, 1e-15);
	assert_near(lam[0], 1.0 / 3, 1e-15);
	assert_near(lam[1], 1.0 / 3, 1e-15);

	/* a frontier point scores 1 on its own */
	assert_int_equal(ct_dea_bod(two_pts, 2, two_pts, 2, NULL, NULL, NULL, work, iwork, &s, NULL, NULL, &e), CT_OK);
	assert_near(s, 1, 1e-15);

	/*
	 * v = (1, 0.1) with no bounds takes w = (1, 0): score 1.  With each
	 * share at most 0.8: w1 = a S and 0.1 w2 = (1 - a) S with a <= 0.8; the
	 * second point gives 0.5 a S + 10 (1 - a) S <= 1, S <= 1/(10 - 9.5 a),
	 * largest at a = 0.8: S = 1/2.4 (the first point, (5 - 4a) S = 1.8 S
	 * <= 1, holds).
	 */
	{
		double		v2[2] = {1, 0.1};
		double		up[2] = {0.8, 0.8};

		assert_int_equal(ct_dea_bod(v2, 2, two_pts, 2, NULL, NULL, NULL, work, iwork, &s, NULL, NULL, &e), CT_OK);
		assert_near(s, 1, 1e-15);
		assert_int_equal(ct_dea_bod(v2, 2, two_pts, 2, NULL, NULL, up, work, iwork, &s, w, NULL, &e), CT_OK);
		assert_near(s, 1 / 2.4, 1e-14);
		assert_near(w[0] * v2[0] / s, 0.8, 1e-12);
	}
	/* scaling an indicator in v and the frontier changes nothing */
	{
		double		vs[2] = {50, 0.5};
		double		fs[4] = {100, 0.5, 50, 1};

		assert_int_equal(ct_dea_bod(vs, 2, fs, 2, NULL, NULL, NULL, work, iwork, &s, w, lam, &e), CT_OK);
		assert_near(s, 2.0 / 3, 1e-15);
		assert_near(w[0], 2.0 / 300, 1e-17);
		assert_near(lam[0], 1.0 / 3, 1e-15);
	}
}

static void
test_bod_degenerate(void **state)
{
	double		zero[2] = {0, 0};
	double		v[2] = {0.5, 0.5};
	double		only_first[2] = {1, 0};
	double		s;
	ct_error	e;

	(void) state;
	/* all-zero customer: 0, whatever the frontier */
	assert_int_equal(ct_dea_bod(zero, 2, two_pts, 2, NULL, NULL, NULL, work, iwork, &s, NULL, NULL, &e), CT_OK);
	assert_true(s == 0);
	/* a frontier that is 0 in an indicator where v is positive */
	assert_int_equal(ct_dea_bod(v, 2, only_first, 1, NULL, NULL, NULL, work, iwork, &s, NULL, NULL, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "unbounded"));
	/* negative and huge values */
	v[1] = -0.5;
	assert_int_equal(ct_dea_bod(v, 2, two_pts, 2, NULL, NULL, NULL, work, iwork, &s, NULL, NULL, &e), CT_EINVAL);
	v[1] = 1e200;
	assert_int_equal(ct_dea_bod(v, 2, two_pts, 2, NULL, NULL, NULL, work, iwork, &s, NULL, NULL, &e), CT_EINVAL);
	/* one frontier point, one indicator */
	{
		double		one = 0.25,
					f1 = 0.5;

		assert_int_equal(ct_dea_bod(&one, 1, &f1, 1, NULL, NULL, NULL, work, iwork, &s, NULL, NULL, &e), CT_OK);
		assert_near(s, 0.5, 1e-15);
	}
}

static void
test_bounds_check(void **state)
{
	double		lo[2] = {0.6, 0.6};
	double		up[2] = {0.4, 0.4};
	double		bad[2] = {-0.1, 1.2};
	double		ok_lo[2] = {0.2, 0.3};
	ct_error	e;

	(void) state;
	assert_int_equal(ct_dea_check_bounds(NULL, NULL, 2, &e), CT_OK);
	assert_int_equal(ct_dea_check_bounds(ok_lo, NULL, 2, &e), CT_OK);
	assert_int_equal(ct_dea_check_bounds(lo, NULL, 2, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "admit no weighting"));
	assert_int_equal(ct_dea_check_bounds(NULL, up, 2, &e), CT_EINVAL);
	assert_int_equal(ct_dea_check_bounds(bad, NULL, 2, &e), CT_EINVAL);
	assert_int_equal(ct_dea_check_bounds(lo, up, 2, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "exceeds"));
}

/*
 * Points (1, 0.5), (0.5, 1), (0.7, 0.7) (scores 0.933 against the first
 * two: redundant), (0.8, 0.8) (1.067: a vertex), (0.4, 0.4) (dominated),
 * a duplicate and a zero: the vertices are (1, 0.5), (0.8, 0.8), (0.5, 1).
 */
static void
test_prune_by_hand(void **state)
{
	double		pts[14] = {0.7, 0.7, 0.5, 1, 0, 0, 1, 0.5, 0.4, 0.4, 0.8, 0.8, 0.5, 1};
	static const double want[6] = {1, 0.5, 0.8, 0.8, 0.5, 1};
	int			n = 7;
	ct_error	e;
	bool		red;
	double		p[2] = {0.7, 0.7};

	(void) state;
	assert_int_equal(ct_frontier_prune(pts, &n, 2, work, iwork, &e), CT_OK);
	assert_int_equal(n, 3);
	for (int i = 0; i < 6; i++)
		assert_true(pts[i] == want[i]);
	assert_int_equal(ct_frontier_redundant(two_pts, 2, 2, p, -1, work, iwork, &red, &e), CT_OK);
	assert_true(red);
	p[0] = p[1] = 0.8;
	assert_int_equal(ct_frontier_redundant(two_pts, 2, 2, p, -1, work, iwork, &red, &e), CT_OK);
	assert_false(red);
	assert_true(ct_frontier_dominated(two_pts, 2, 2, (double[]) {0.5, 0.9}));
	assert_false(ct_frontier_dominated(two_pts, 2, 2, (double[]) {0.6, 0.9}));
}

/* xorshift, for reproducible random sets */
static uint64_t rs = 88172645463325252ULL;
static double
rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (double) (rs >> 11) / 9007199254740992.0;
}

/*
 * The pruned set does not depend on the order of the points, and every
 * point of the population scores the same against it as against all.
 */
static void
test_prune_order_and_scores(void **state)
{
	enum
	{
		N = 300, M = 4
	};
	static double pop[N * M],
				a[N * M],
				b[N * M];
	int			na = N,
				nb = N;
	ct_error	e;

	(void) state;
	for (int i = 0; i < N * M; i++)
		pop[i] = round(rnd() * 20) / 20;
	memcpy(a, pop, sizeof(pop));
	/* b: the population reversed */
	for (int i = 0; i < N; i++)
		memcpy(b + (size_t) i * M, pop + (size_t) (N - 1 - i) * M, sizeof(double) * M);
	assert_int_equal(ct_frontier_prune(a, &na, M, work, iwork, &e), CT_OK);
	assert_int_equal(ct_frontier_prune(b, &nb, M, work, iwork, &e), CT_OK);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, sizeof(double) * na * M);
	assert_true(na < N);
	for (int i = 0; i < N; i++)
	{
		double		s1,
					s2;

		assert_int_equal(ct_dea_bod(pop + (size_t) i * M, M, a, na, NULL, NULL, NULL, work, iwork, &s1, NULL, NULL, &e), CT_OK);
		assert_int_equal(ct_dea_bod(pop + (size_t) i * M, M, pop, N, NULL, NULL, NULL, work, iwork, &s2, NULL, NULL, &e), CT_OK);
		assert_near(s1, s2, 1e-12);
		assert_true(s1 <= 1 + 1e-12);
	}
}

static void
test_frontier_text(void **state)
{
	static const double pts[4] = {1, 0.1, 0.30000000000000004, 1};
	char		buf[256];
	double		back[4];
	int			m,
				n;
	double		rows;
	ct_error	e;
	size_t		len = ct_frontier_format(2, 10, 2, pts, buf, sizeof(buf));

	(void) state;
	assert_string_equal(buf, "v1;m=2;rows=10;n=2;p=1,0.1,0.30000000000000004,1");
	assert_int_equal(len, strlen(buf));
	assert_int_equal(ct_frontier_parse_header(buf, &m, &rows, &n, &e), CT_OK);
	assert_int_equal(m, 2);
	assert_int_equal(n, 2);
	assert_int_equal(ct_frontier_parse(buf, back, &e), CT_OK);
	assert_memory_equal(back, pts, sizeof(pts));
	/* empty */
	ct_frontier_format(3, 0, 0, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "v1;m=3;rows=0;n=0;p=");
	assert_int_equal(ct_frontier_parse(buf, back, &e), CT_OK);
	/* errors */
	assert_int_equal(ct_frontier_parse_header("v2;m=2;rows=1;n=0;p=", &m, &rows, &n, &e), CT_EFORMAT);
	assert_int_equal(ct_frontier_parse_header("v1;m=99;rows=1;n=0;p=", &m, &rows, &n, &e), CT_ELIMIT);
	assert_int_equal(ct_frontier_parse("v1;m=2;rows=1;n=1;p=1", back, &e), CT_EFORMAT);
	assert_int_equal(e.position, 22);
	assert_int_equal(ct_frontier_parse("v1;m=2;rows=1;n=1;p=1,-1", back, &e), CT_EFORMAT);
	assert_int_equal(ct_frontier_parse("v1;m=2;rows=1;n=1;p=0,0", back, &e), CT_EFORMAT);
	assert_int_equal(ct_frontier_parse("v1;m=2;rows=0;n=1;p=1,1", back, &e), CT_EFORMAT);
	assert_int_equal(ct_frontier_parse("v1;m=2;rows=1.5;n=1;p=1,1", back, &e), CT_EFORMAT);
	assert_int_equal(ct_frontier_parse("v1;m=2;rows=1;n=1;p=1,nan", back, &e), CT_EFORMAT);
	assert_int_equal(ct_frontier_parse("v1;m=2;rows=1;n=1;p=1,1,", back, &e), CT_EFORMAT);
}

static const double hx[24] = {20, 151, 19, 131, 25, 160, 27, 168, 22, 158, 55, 255,
	33, 235, 31, 206, 30, 244, 50, 268, 53, 306, 38, 284};
static const double hy[24] = {100, 90, 150, 50, 160, 55, 180, 72, 94, 66, 230, 90,
	220, 88, 152, 80, 190, 100, 250, 100, 260, 147, 250, 120};
static const double hosp_published[12] = {1, 1, 0.883, 1, 0.763, 0.835, 0.902,
	0.796, 0.960, 0.871, 0.955, 0.958};

static void
test_ccr_hospitals(void **state)
{
	double		xs[24],
				ys[24],
				lam[12],
				eff;
	bool		def;
	ct_error	e;

	(void) state;
	assert_int_equal(ct_dea_ccr_prepare(hx, hy, 12, 2, 2, xs, ys, &e), CT_OK);
	for (int o = 0; o < 12; o++)
	{
		double		phi;
		double		lam_out[12];

		assert_int_equal(ct_dea_ccr(xs, ys, 12, 2, 2, o, false, work, iwork, &eff, lam, &def, &e), CT_OK);
		assert_true(def);
		assert_near(round(eff * 1000) / 1000, hosp_published[o], 1e-12);
		/* the envelopment form holds with these lambdas */
		for (int i = 0; i < 2; i++)
		{
			double		sx = 0,
						sy = 0;

			for (int k = 0; k < 12; k++)
			{
				sx += lam[k] * hx[k * 2 + i];
				sy += lam[k] * hy[k * 2 + i];
			}
			assert_true(sx <= eff * hx[o * 2 + i] + 1e-9);
			assert_true(sy >= hy[o * 2 + i] - 1e-9);
		}
		/* output orientation: phi = 1/theta, lambda / theta */
		assert_int_equal(ct_dea_ccr(xs, ys, 12, 2, 2, o, true, work, iwork, &phi, lam_out, &def, &e), CT_OK);
		assert_near(phi, 1 / eff, 1e-12);
		for (int k = 0; k < 12; k++)
			assert_near(lam_out[k], lam[k] / eff, 1e-9);
	}
	/* hospital C: 0.8827083 with lambda_B = 0.9, lambda_D = 0.1389 (linprog) */
	assert_int_equal(ct_dea_ccr(xs, ys, 12, 2, 2, 2, false, work, iwork, &eff, lam, &def, &e), CT_OK);
	assert_near(eff, 0.8827083333, 1e-9);
	assert_near(lam[1], 0.9, 1e-9);
	assert_near(lam[3], 0.1388888889, 1e-9);
}

static void
test_ccr_degenerate(void **state)
{
	/* unit 2 has no outputs, unit 3 duplicates unit 1; one unit alone */
	static const double x[3] = {1, 2, 1};
	static const double y[3] = {1, 0, 1};
	static const double x0[2] = {0, 1};
	double		xs[3],
				ys[3],
				lam[3],
				eff;
	bool		def;
	ct_error	e;

	(void) state;
	assert_int_equal(ct_dea_ccr_prepare(x, y, 3, 1, 1, xs, ys, &e), CT_OK);
	assert_int_equal(ct_dea_ccr(xs, ys, 3, 1, 1, 1, false, work, iwork, &eff, lam, &def, &e), CT_OK);
	assert_true(def && eff == 0);
	assert_int_equal(ct_dea_ccr(xs, ys, 3, 1, 1, 1, true, work, iwork, &eff, lam, &def, &e), CT_OK);
	assert_false(def);
	assert_int_equal(ct_dea_ccr(xs, ys, 3, 1, 1, 2, false, work, iwork, &eff, lam, &def, &e), CT_OK);
	assert_near(eff, 1, 1e-15);
	assert_int_equal(ct_dea_ccr_prepare(x, y, 1, 1, 1, xs, ys, &e), CT_OK);
	assert_int_equal(ct_dea_ccr(xs, ys, 1, 1, 1, 0, false, work, iwork, &eff, lam, &def, &e), CT_OK);
	assert_near(eff, 1, 1e-15);
	assert_near(lam[0], 1, 1e-15);
	/* a unit without inputs, a negative value */
	assert_int_equal(ct_dea_ccr_prepare(x0, y, 2, 1, 1, xs, ys, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "no positive input"));
	assert_int_equal(ct_dea_ccr_prepare(x, (double[]) {1, -1, 1}, 3, 1, 1, xs, ys, &e), CT_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lp_wyndor),
		cmocka_unit_test(test_lp_unbounded),
		cmocka_unit_test(test_lp_beale_cycling),
		cmocka_unit_test(test_bod_by_hand),
		cmocka_unit_test(test_bod_degenerate),
		cmocka_unit_test(test_bounds_check),
		cmocka_unit_test(test_prune_by_hand),
		cmocka_unit_test(test_prune_order_and_scores),
		cmocka_unit_test(test_frontier_text),
		cmocka_unit_test(test_ccr_hospitals),
		cmocka_unit_test(test_ccr_degenerate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
