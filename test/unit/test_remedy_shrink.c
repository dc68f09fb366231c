/*
 * test_remedy_shrink.c
 *		Unit tests of src/core/ct_remedy_shrink.c (the beta-binomial
 *		method-of-moments prior, the shrunken ranking with back-off, the
 *		censoring check) and src/core/ct_mh.c (Mantel-Haenszel risk
 *		difference with Sato's variance).
 *
 * Reference values: an independent Python implementation of the formulas
 * as written in ct_remedy_shrink.h (Kleinman 1973) and ct_mh.h (Sato
 * 1989; the same formula as the R package tern documents for SAS PROC
 * FREQ COMMONRISKDIFF(CL=MH)); with one stratum Sato's variance is the
 * usual p1(1-p1)/n1 + p0(1-p0)/n0, checked directly.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ct_mh.h"
#include "ct_remedy_shrink.h"

#define NEAR(x, y, tol) assert_true(fabs((x) - (y)) <= (tol))

static void
test_prior(void **state)
{
	ct_remedy_mom m = {0};
	ct_remedy_prior p;

	(void) state;
	/* (10, 2), (20, 10), (30, 21): mu 0.55, rho 0.16958, M 4.896907 */
	ct_remedy_mom_add(&m, 10, 2);
	ct_remedy_mom_add(&m, 20, 10);
	ct_remedy_mom_add(&m, 30, 21);
	ct_remedy_mom_prior(&m, &p);
	NEAR(p.mean, 0.55, 1e-15);
	NEAR(p.strength, 4.896907216494847, 1e-12);
	NEAR(p.alpha, 2.693298969072166, 1e-12);
	NEAR(p.beta, 2.2036082474226806, 1e-12);
	assert_int_equal(p.cells, 3);
	assert_int_equal(p.cases, 60);

	/* equal rates: no spread beyond binomial noise, strength capped at N */
	memset(&m, 0, sizeof(m));
	ct_remedy_mom_add(&m, 10, 5);
	ct_remedy_mom_add(&m, 20, 10);
	ct_remedy_mom_add(&m, 30, 15);
	ct_remedy_mom_prior(&m, &p);
	NEAR(p.strength, 60.0, 0);

	/* one cell, or every outcome the same: no estimate, the raw rate */
	memset(&m, 0, sizeof(m));
	ct_remedy_mom_add(&m, 10, 7);
	ct_remedy_mom_prior(&m, &p);
	NEAR(p.strength, 0.0, 0);
	NEAR(p.mean, 0.7, 1e-15);
	ct_remedy_mom_add(&m, 5, 5);
	ct_remedy_mom_prior(&m, &p);
	assert_true(p.strength > 0);
	memset(&m, 0, sizeof(m));
	ct_remedy_mom_add(&m, 10, 10);
	ct_remedy_mom_add(&m, 5, 5);
	ct_remedy_mom_prior(&m, &p);
	NEAR(p.strength, 0.0, 0);
}

/* the history of the ranking tests */
static ct_remedy_state *
history(void)
{
	static const struct
	{
		const char *s,
				   *p,
				   *r;
		int			n,
					k;
	}			rows[] = {
		{"A", "p1", "r1", 10, 5}, {"A", "p1", "r2", 10, 8},
		{"A", "p2", "r1", 50, 40}, {"A", "p2", "r2", 20, 5},
		{"A", "p3", "r1", 4, 3},
		{"B", "p1", "r1", 10, 2}, {"B", "p1", "r3", 10, 9},
	};
	size_t		bytes = ct_remedy_bytes(16, 256);
	ct_remedy_state *st = calloc(1, bytes);
	ct_error	e;

	ct_remedy_init(st, 16, 256);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(ct_remedy_add(st, rows[i].s, 1, rows[i].p, 2, rows[i].r, 2,
									   rows[i].n, rows[i].k, 0, 0.0, &e), CT_OK);
	/* an entry with satisfaction only: no known outcome, never a candidate */
	assert_int_equal(ct_remedy_add(st, "A", 1, "p1", 2, "r9", 2, 0, 0, 3, 12.0, &e), CT_OK);
	return st;
}

static void
test_rank_levels(void **state)
{
	ct_remedy_state *st = history();
	ct_remedy_ranked out[16];
	ct_remedy_level level;
	int64_t		cases;
	int			n;

	(void) state;
	/*
	 * the pair A/p1 (20 known outcomes): r2's 8/10 shrinks towards its
	 * segment rate 13/30, r1's 5/10 towards 48/64; r2 stays first
	 */
	n = ct_remedy_rank(st, "A", 1, "p1", 2, 20, out, &level, &cases);
	assert_int_equal(level, CT_REMEDY_PAIR);
	assert_int_equal(cases, 20);
	assert_int_equal(n, 2);
	assert_memory_equal(out[0].remedy, "r2", 2);
	NEAR(out[0].shrunk, 0.7756939698655994, 1e-12);
	NEAR(out[0].prior.strength, 0.709953994144709, 1e-12);
	assert_int_equal(out[0].prior.cells, 2);
	assert_memory_equal(out[1].remedy, "r1", 2);
	NEAR(out[1].shrunk, 0.6222044728434504, 1e-12);
	assert_int_equal(out[1].cases, 10);
	assert_int_equal(out[1].accepted, 5);

	/* A/p3 has 4 cases: back off to the segment A */
	n = ct_remedy_rank(st, "A", 1, "p3", 2, 20, out, &level, &cases);
	assert_int_equal(level, CT_REMEDY_SEGMENT);
	assert_int_equal(cases, 94);
	assert_int_equal(n, 2);
	assert_memory_equal(out[0].remedy, "r1", 2);
	NEAR(out[0].shrunk, 0.7494354156481539, 1e-12);
	assert_int_equal(out[0].cases, 64);
	NEAR(out[1].shrunk, 13.0 / 30.0, 1e-15);	/* one segment: no estimate */

	/* an unknown segment: every case */
	n = ct_remedy_rank(st, "C", 1, "p1", 2, 20, out, &level, &cases);
	assert_int_equal(level, CT_REMEDY_ALL);
	assert_int_equal(cases, 114);
	assert_int_equal(n, 3);
	assert_memory_equal(out[0].remedy, "r3", 2);
	NEAR(out[0].shrunk, 0.7881996957761701, 1e-12);
	assert_memory_equal(out[1].remedy, "r1", 2);
	NEAR(out[1].shrunk, 0.6717961891095808, 1e-12);
	NEAR(out[2].shrunk, 0.4714377634384374, 1e-12);

	/* min_cases 1: the pair even with 4 cases */
	n = ct_remedy_rank(st, "A", 1, "p3", 2, 0, out, &level, &cases);
	assert_int_equal(level, CT_REMEDY_PAIR);
	assert_int_equal(n, 1);
	free(st);
}

static void
test_one_outcome(void **state)
{
	ct_remedy_state *st = history();
	size_t		bytes = ct_remedy_bytes(4, 64);
	ct_remedy_state *all = calloc(1, bytes);
	int64_t		known,
				accepted;
	ct_error	e;

	(void) state;
	assert_false(ct_remedy_one_outcome(st, &known, &accepted));
	assert_int_equal(known, 114);
	assert_int_equal(accepted, 72);
	ct_remedy_init(all, 4, 64);
	assert_false(ct_remedy_one_outcome(all, &known, &accepted));	/* empty */
	assert_int_equal(ct_remedy_add(all, "A", 1, "p", 1, "r", 1, 1, 0, 0, 0.0, &e), CT_OK);
	assert_false(ct_remedy_one_outcome(all, &known, &accepted));	/* one case */
	assert_int_equal(ct_remedy_add(all, "A", 1, "p", 1, "r", 1, 6, 0, 0, 0.0, &e), CT_OK);
	assert_int_equal(ct_remedy_add(all, "B", 1, "p", 1, "r", 1, 3, 0, 0, 0.0, &e), CT_OK);
	assert_true(ct_remedy_one_outcome(all, &known, &accepted));
	assert_int_equal(known, 10);
	assert_int_equal(accepted, 0);
	free(st);
	free(all);
}

static void
test_mantel_haenszel(void **state)
{
	int64_t		a[4] = {30, 3, 0, 5},
				n1[4] = {50, 4, 2, 5},
				c[4] = {20, 10, 1, 0},
				n0[4] = {60, 30, 1, 0};
	ct_mh_result r;
	ct_error	e;
	double		p1 = 30.0 / 50,
				p0 = 20.0 / 60;

	(void) state;
	/* one stratum: p1 - p0 with the Wald variance */
	assert_int_equal(ct_mh_risk_difference(a, n1, c, n0, 1, 1.959963984540054, &r, &e), CT_OK);
	NEAR(r.rd, p1 - p0, 1e-15);
	NEAR(r.se, sqrt(p1 * (1 - p1) / 50 + p0 * (1 - p0) / 60), 1e-15);
	NEAR(r.lo, 0.08592755191515006, 1e-14);
	NEAR(r.hi, 0.44740578141818327, 1e-14);

	/* four strata, the last without unexposed cases (weight 0) */
	assert_int_equal(ct_mh_risk_difference(a, n1, c, n0, 4, 1.959963984540054, &r, &e), CT_OK);
	assert_int_equal(r.strata, 3);
	assert_true(r.n1 == 56 && r.a == 33 && r.n0 == 91 && r.c == 31);
	NEAR(r.rd, 0.256655715418602, 1e-14);
	NEAR(r.se, 0.08755472459204741, 1e-14);
	NEAR(r.lo, 0.08505160854186569, 1e-14);
	NEAR(r.hi, 0.4282598222953383, 1e-14);

	/* no stratum with both groups: NaN; bad counts refused */
	assert_int_equal(ct_mh_risk_difference(a + 3, n1 + 3, c + 3, n0 + 3, 1, 1.96, &r, &e), CT_OK);
	assert_int_equal(r.strata, 0);
	assert_true(isnan(r.rd));
	{
		int64_t		bad = 70;

		assert_int_equal(ct_mh_risk_difference(&bad, n1, c, n0, 1, 1.96, &r, &e), CT_EINVAL);
		assert_non_null(strstr(e.message, "stratum 1"));
	}
	assert_int_equal(ct_mh_risk_difference(a, n1, c, n0, 1, 0, &r, &e), CT_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prior),
		cmocka_unit_test(test_rank_levels),
		cmocka_unit_test(test_one_outcome),
		cmocka_unit_test(test_mantel_haenszel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
