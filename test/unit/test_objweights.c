/*
 * test_objweights.c
 *		Unit tests of src/core/ct_objweights.c and ct_cluster.c against
 *		published worked examples: CRITIC (Tus and Aytac Adali 2019), entropy
 *		(Xu 2004; Zavadskas and Podvezko 2016), standard deviation (Salabun,
 *		Watrobski and Shekhovtsov 2020), Kendall's W; plus PCA properties and
 *		the clustering rules.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ct_cluster.h"
#include "ct_objweights.h"
#include "ct_stats.h"

static double block[4096];
static double scratch[4096];
static unsigned char bscratch[1024];

static void
load(ct_stats *s, const double *m, int rows, int k)
{
	ct_error	e;
	int			i;

	ct_stats_init(block, k);
	ct_stats_view(s, block, k);
	for (i = 0; i < rows; i++)
		assert_int_equal(ct_stats_add_row(s, m + i * k, NULL, &e), CT_OK);
}

/*
 * Tus, A. and Aytac Adali, E. (2019). The new combination with CRITIC and
 * WASPAS methods for the time and attendance software selection problem.
 * OPSEARCH 56(2), 528-538: weights 0.157, 0.249, 0.168, 0.121, 0.154, 0.151
 * (three decimals; the second is 0.24950 before rounding).
 */
static void
test_critic_tus_2019(void **state)
{
	static const double m[] = {
		5000, 3, 3, 4, 3, 2,
		680, 5, 3, 2, 2, 1,
		2000, 3, 2, 3, 4, 3,
		600, 4, 3, 1, 2, 2,
		800, 2, 4, 3, 3, 4};
	static const double want[] = {0.157, 0.2495, 0.168, 0.121, 0.154, 0.151};
	ct_stats	s;
	ct_error	e;
	double		w[6],
				sum = 0;
	unsigned char c[6];
	int			ninfo,
				j;

	(void) state;
	load(&s, m, 5, 6);
	assert_int_equal(ct_critic_weights(&s, w, c, &ninfo, scratch, bscratch, &e), CT_OK);
	assert_int_equal(ninfo, 6);
	for (j = 0; j < 6; j++)
	{
		assert_true(fabs(w[j] - want[j]) < 0.0006);
		sum += w[j];
	}
	assert_true(fabs(sum - 1) < 1e-14);
}

static void
test_critic_constant_and_single(void **state)
{
	/* column 2 constant: weight 0, left out of the others' sums */
	static const double m[] = {1, 7, 2, 2, 7, 1, 3, 7, 5};
	ct_stats	s;
	ct_error	e;
	double		w[3];
	unsigned char c[3];
	int			ninfo;

	(void) state;
	load(&s, m, 3, 3);
	assert_int_equal(ct_critic_weights(&s, w, c, &ninfo, scratch, bscratch, &e), CT_OK);
	assert_int_equal(ninfo, 2);
	assert_true(c[1] == 1 && w[1] == 0);
	assert_true(fabs(w[0] + w[2] - 1) < 1e-15);
	/* one row: no correlation */
	load(&s, m, 1, 3);
	assert_int_equal(ct_critic_weights(&s, w, c, &ninfo, scratch, bscratch, &e), CT_EINVAL);
}

/*
 * Xu, X. (2004). A note on the subjective and objective integrated approach
 * to determine attribute weights. European Journal of Operational Research
 * 156(2), 530-532: entropy weights 0.4630, 0.3992, 0.1378, 0.0000.
 */
static void
test_entropy_xu_2004(void **state)
{
	static const double m[] = {30, 30, 38, 29, 19, 54, 86, 29, 19, 15, 85, 28.9, 68, 70, 60, 29};
	static const double want[] = {0.4630, 0.3992, 0.1378, 0.0000};
	double		st[2 + 5 * 4],
				half[2 + 5 * 4],
				w[4];
	unsigned char c[4];
	ct_error	e;
	int			ninfo,
				i,
				k;

	(void) state;
	ct_entropy_init(st, 4);
	ct_entropy_init(half, 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(ct_entropy_add_row(i < 2 ? st : half, m + 4 * i, NULL, &e), CT_OK);
	ct_entropy_merge(st, half);
	assert_int_equal(ct_entropy_validate(st, 22, &k, &e), CT_OK);
	assert_int_equal(k, 4);
	ct_entropy_weights(st, w, c, &ninfo);
	assert_int_equal(ninfo, 4);
	for (i = 0; i < 4; i++)
		assert_true(fabs(w[i] - want[i]) < 0.00005);
}

/*
 * Zavadskas, E. K. and Podvezko, V. (2016). Integrated determination of
 * objective criteria weights in MCDM. International Journal of Information
 * Technology & Decision Making 15(2), 267-283: entropy weights of the raw
 * matrix 0.1146, 0.1981, 0.4185, 0.2689.
 */
static void
test_entropy_zavadskas_2016(void **state)
{
	static const double m[] = {3.0, 100, 10, 7, 2.5, 80, 8, 5, 1.8, 50, 20, 11, 2.2, 70, 12, 9};
	static const double want[] = {0.1146, 0.1981, 0.4185, 0.2689};
	double		st[2 + 5 * 4],
				w[4];
	unsigned char c[4];
	ct_error	e;
	int			ninfo,
				i;
	double		bad[4] = {1, -1, 0, 0};

	(void) state;
	ct_entropy_init(st, 4);
	for (i = 0; i < 4; i++)
		ct_entropy_add_row(st, m + 4 * i, NULL, &e);
	ct_entropy_weights(st, w, c, &ninfo);
	for (i = 0; i < 4; i++)
		assert_true(fabs(w[i] - want[i]) < 0.00005);
	assert_int_equal(ct_entropy_add_row(st, bad, NULL, &e), CT_EINVAL);
	assert_non_null(strstr(e.detail, "Element 2 is negative"));
	/* a corrupted state */
	st[0] = 1;
	assert_int_equal(ct_entropy_validate(st, 22, &i, &e), CT_EFORMAT);
}

/*
 * Salabun, W., Watrobski, J. and Shekhovtsov, A. (2020). Are MCDA methods
 * benchmarkable? Symmetry 12(9), 1549: standard-deviation weights
 * 0.217, 0.294, 0.488 (raw standard deviations).
 */
static void
test_stddev_salabun_2020(void **state)
{
	static const double m[] = {
		0.619, 0.449, 0.447,
		0.862, 0.466, 0.006,
		0.458, 0.698, 0.771,
		0.777, 0.631, 0.491,
		0.567, 0.992, 0.968};
	static const double want[] = {0.217, 0.294, 0.488};
	ct_stats	s;
	double		w[3];
	unsigned char c[3];
	int			ninfo,
				j;

	(void) state;
	load(&s, m, 5, 3);
	ct_stddev_weights(&s, 0, w, c, &ninfo);
	for (j = 0; j < 3; j++)
		assert_true(fabs(w[j] - want[j]) < 0.0005);
	ct_stddev_weights(&s, 1, w, c, &ninfo);
	assert_true(fabs(w[0] + w[1] + w[2] - 1) < 1e-15);
}

static void
test_pca_properties(void **state)
{
	/* x2 = 2 x1 exactly, x3 independent-ish: one strong component */
	double		m[40 * 3];
	ct_stats	s;
	ct_error	e;
	double		w[3];
	unsigned char c[3];
	int			ninfo,
				ncomp,
				i;

	(void) state;
	for (i = 0; i < 40; i++)
	{
		m[3 * i] = i;
		m[3 * i + 1] = 2 * i + 1;
		m[3 * i + 2] = (i * 7919) % 13;
	}
	load(&s, m, 40, 3);
	assert_int_equal(ct_pca_weights(&s, 0.5, w, c, &ninfo, &ncomp, scratch, bscratch, &e), CT_OK);
	assert_int_equal(ncomp, 1);
	assert_true(fabs(w[0] + w[1] + w[2] - 1) < 1e-12);
	assert_true(fabs(w[0] - w[1]) < 1e-12 && w[0] > w[2]);
	assert_int_equal(ct_pca_weights(&s, 1.0, w, c, &ninfo, &ncomp, scratch, bscratch, &e), CT_OK);
	/* the third eigenvalue is 0 (x2 = 2 x1 + 1): two components cover all */
	assert_int_equal(ncomp, 2);
	/* full variance: every indicator's communality is 1, weights equal */
	for (i = 0; i < 3; i++)
		assert_true(fabs(w[i] - 1.0 / 3) < 1e-12);
	assert_int_equal(ct_pca_weights(&s, 0, w, c, &ninfo, &ncomp, scratch, bscratch, &e), CT_EINVAL);
}

/*
 * Kendall's W without ties: ten projects ranked by four judges,
 * S = 1048, W = 12 * 1048 / (16 * 990) = 0.79394 ("The Kendall's coefficient
 * of concordance W", Example 1, scribd.com/document/659863121).  With ties
 * (average ranks), the tie-corrected W of Kendall and Babington Smith (1939)
 * is checked against a hand computation.
 */
static void
test_kendall_w(void **state)
{
	static const double r[] = {
		1, 2, 3, 4, 3, 1, 2, 2, 4, 4, 1, 3, 5, 5, 5, 1, 2, 6, 7, 6,
		8, 3, 4, 7, 6, 8, 6, 5, 7, 7, 8, 9, 10, 10, 9, 8, 9, 9, 10, 10};
	double		st[5 + 2 * 4],
				st2[5 + 2 * 4],
				w;
	ct_error	e;
	int			i,
				def,
				m;

	(void) state;
	ct_kendall_init(st, 4);
	ct_kendall_init(st2, 4);
	for (i = 0; i < 10; i++)
		assert_int_equal(ct_kendall_add_row(i % 3 ? st : st2, r + 4 * i, &e), CT_OK);
	ct_kendall_merge(st, st2);
	assert_int_equal(ct_kendall_validate(st, 13, &m, &e), CT_OK);
	assert_int_equal(ct_kendall_w(st, &w, &def, &e), CT_OK);
	assert_true(def && fabs(w - 12.0 * 1048 / (16 * 990)) < 1e-12);

	/*
	 * Ties: 2 methods, 4 objects; method 1 ranks (1, 2.5, 2.5, 4), method 2
	 * (1, 2, 3, 4).  R = (2, 4.5, 5.5, 8), mean 5, S = 9 + 0.25 + 0.25 + 9 =
	 * 18.5; T_1 = 2^3 - 2 = 6, T_2 = 0; W = 12 * 18.5 / (4 * 60 - 2 * 6) =
	 * 222 / 228.
	 */
	{
		double		t[] = {1, 1, 2.5, 2, 2.5, 3, 4, 4};

		ct_kendall_init(st2, 2);
		for (i = 0; i < 4; i++)
			ct_kendall_add_row(st2, t + 2 * i, &e);
		assert_int_equal(ct_kendall_w(st2, &w, &def, &e), CT_OK);
		assert_true(def && fabs(w - 222.0 / 228) < 1e-14);
	}
	/* min ranks (rank()) are refused */
	{
		double		t[] = {1, 1, 2, 2, 2, 3, 4, 4};

		ct_kendall_init(st2, 2);
		for (i = 0; i < 4; i++)
			ct_kendall_add_row(st2, t + 2 * i, &e);
		assert_int_equal(ct_kendall_w(st2, &w, &def, &e), CT_EINVAL);
	}
}

static void
test_cluster_rules(void **state)
{
	/* a, b, c mutually |r| >= 0.8; d with a only 0.85 but c 0.1; e alone */
	static const double r[25] = {
		1, 0.9, -0.85, 0.85, 0.1,
		0.9, 1, 0.95, 0.5, 0.1,
		-0.85, 0.95, 1, 0.1, 0.1,
		0.85, 0.5, 0.1, 1, 0.1,
		0.1, 0.1, 0.1, 0.1, 1};
	unsigned char def[25];
	int			cl[5],
				iscr[10];
	unsigned char rep[5],
				has[5];
	double		mx[5];
	ct_error	e;

	(void) state;
	memset(def, 1, sizeof(def));
	assert_int_equal(ct_cluster_screen(r, def, 5, 0.8, cl, rep, mx, has, scratch, iscr, &e), CT_OK);
	/* complete linkage: b-c (0.95) then a joins (min 0.85); d cannot join */
	assert_true(cl[0] == 1 && cl[1] == 1 && cl[2] == 1 && cl[3] == 2 && cl[4] == 3);
	/* mean r^2: a (0.81+0.7225)/2, b (0.81+0.9025)/2, c (0.7225+0.9025)/2 */
	assert_true(rep[1] && !rep[0] && !rep[2] && rep[3] && rep[4]);
	assert_true(mx[0] == 0.9 && mx[2] == 0.95 && has[4]);
	/* threshold 1: singletons */
	assert_int_equal(ct_cluster_screen(r, def, 5, 1.0, cl, rep, mx, has, scratch, iscr, &e), CT_OK);
	assert_true(cl[4] == 5 && rep[0] && rep[4]);
	assert_int_equal(ct_cluster_screen(r, def, 5, 0, cl, rep, mx, has, scratch, iscr, &e), CT_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_critic_tus_2019),
		cmocka_unit_test(test_critic_constant_and_single),
		cmocka_unit_test(test_entropy_xu_2004),
		cmocka_unit_test(test_entropy_zavadskas_2016),
		cmocka_unit_test(test_stddev_salabun_2020),
		cmocka_unit_test(test_pca_properties),
		cmocka_unit_test(test_kendall_w),
		cmocka_unit_test(test_cluster_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
