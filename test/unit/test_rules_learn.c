/*
 * test_rules_learn.c
 *		Unit tests of src/core/ct_rules_learn.c: thresholds written as the
 *		shortest separating decimal, conditions (merged bounds, NOT IN,
 *		quoting), a rule known in advance found exactly, independence of the
 *		row order, NULLs falling to the last rule, min_support and
 *		max_rules, argument errors.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ct_rules_learn.h"

#define N 600

static int	ints[3 * N];
static int64_t counts[2 * 16];
static ct_learn_scratch scratch = {ints, counts};

static void
check_threshold(double lo, double hi, const char *want, bool want_ge)
{
	char		buf[CT_LEARN_NUM_LEN];
	bool		ge;
	double		v;

	ct_learn_threshold(lo, hi, buf, &ge);
	v = strtod(buf, NULL);
	if (!(ge ? (lo < v && v <= hi) : (lo <= v && v < hi)))
		print_message("lo %.17g hi %.17g -> %s %d\n", lo, hi, buf, ge);
	if (ge)
		assert_true(lo < v && v <= hi);
	else
		assert_true(lo <= v && v < hi);
	if (want != NULL)
	{
		assert_string_equal(buf, want);
		assert_int_equal(ge, want_ge);
	}
}

static void
test_threshold(void **state)
{
	(void) state;
	check_threshold(3, 4, "4", true);		/* calls >= 4 */
	check_threshold(263.9, 264.37, "264", false);	/* minutes > 264 */
	check_threshold(264.3, 264.5, "264.5", true);
	check_threshold(-2.5, -1, "-1", true);
	check_threshold(0.25, 0.3, "0.3", true);
	check_threshold(0.21, 0.29, "0.29", true);
	check_threshold(0.21, 0.39, "0.3", false);
	check_threshold(99, 1000.5, "500", false);
	check_threshold(-0.5, 0.5, "0.5", true);
	check_threshold(-0.51, 0.47, "-0.02", false);
	check_threshold(1e20, 3e20, "3e+20", true);
	check_threshold(1e20, 3.5e20, "2e+20", false);
	check_threshold(12345.678, 12345.679, NULL, false);
	srand(3);
	for (int i = 0; i < 2000; i++)
	{
		double		a = (rand() - RAND_MAX / 2) / (double) (rand() % 1000 + 1);
		double		b = a + (rand() % 1000 + 1) * pow(10.0, -(rand() % 12));

		if (b > a)
			check_threshold(a, b, NULL, false);
		check_threshold(a, nextafter(a, INFINITY), NULL, false);
	}
}

static const char *const levels[] = {"a", "b", "it's"};
static const int level_len[] = {1, 1, 4};

static void
test_condition(void **state)
{
	double		dummy[1] = {0};
	uint8_t		nul[1] = {0};
	ct_learn_column cols[3] = {
		{"x", CT_LEARN_NUMBER, dummy, nul, 0, NULL, NULL, NULL, 0},
		{"t", CT_LEARN_TEXT, dummy, nul, 3, levels, level_len, NULL, 0},
		{"flag", CT_LEARN_BOOL, dummy, nul, 0, NULL, NULL, NULL, 0},
	};
	ct_learn_rule r;
	char		buf[512];
	ct_error	e;

	(void) state;
	memset(&r, 0, sizeof(r));
	r.n_tests = 6;
	r.tests[0] = (ct_learn_test) {0, CT_LEARN_GT, -1, "5"};
	r.tests[1] = (ct_learn_test) {1, CT_LEARN_NE, 0, ""};
	r.tests[2] = (ct_learn_test) {0, CT_LEARN_GE, -1, "7"};
	r.tests[3] = (ct_learn_test) {1, CT_LEARN_NE, 2, ""};
	r.tests[4] = (ct_learn_test) {2, CT_LEARN_FALSE, -1, ""};
	r.tests[5] = (ct_learn_test) {0, CT_LEARN_LE, -1, "9.5"};
	assert_int_equal(ct_learn_condition(&r, cols, buf, sizeof(buf), &e), CT_OK);
	assert_string_equal(buf, "x >= 7 AND x <= 9.5 AND t NOT IN ('a', 'it''s') AND NOT flag");

	r.n_tests = 3;
	r.tests[0] = (ct_learn_test) {2, CT_LEARN_TRUE, -1, ""};
	r.tests[1] = (ct_learn_test) {1, CT_LEARN_EQ, 1, ""};
	r.tests[2] = (ct_learn_test) {1, CT_LEARN_NE, 0, ""};
	assert_int_equal(ct_learn_condition(&r, cols, buf, sizeof(buf), &e), CT_OK);
	assert_string_equal(buf, "flag AND t = 'b'");

	r.n_tests = 1;
	r.tests[0] = (ct_learn_test) {1, CT_LEARN_NE, 2, ""};
	assert_int_equal(ct_learn_condition(&r, cols, buf, sizeof(buf), &e), CT_OK);
	assert_string_equal(buf, "t <> 'it''s'");

	r.n_tests = 0;
	assert_int_equal(ct_learn_condition(&r, cols, buf, sizeof(buf), &e), CT_OK);
	assert_string_equal(buf, "TRUE");
	r.n_tests = 1;
	assert_int_equal(ct_learn_condition(&r, cols, buf, 5, &e), CT_ELIMIT);
}

/* rows of the known-rule table: outcome = x > 5 AND flag */
typedef struct table
{
	double		x[N],
				flag[N],
				t[N];
	uint8_t		xnull[N],
				fnull[N],
				tnull[N],
				y[N];
	int			xorder[N];
	ct_learn_column cols[3];
} table;

static const char *const tlevels[] = {"north", "south"};
static const int tlevel_len[] = {5, 5};

static void
make_table(table *tb, int n, unsigned seed, int nulls)
{
	memset(tb, 0, sizeof(*tb));
	for (int i = 0; i < n; i++)
	{
		unsigned	h = (unsigned) i * 2654435761u + seed;

		tb->x[i] = (double) (i % 11);	/* 0..10 */
		tb->flag[i] = (double) ((i / 11) % 2);
		tb->t[i] = (double) ((h >> 7) % 2);	/* noise */
		tb->y[i] = tb->x[i] > 5 && tb->flag[i] != 0;
		if (i < nulls)
			tb->xnull[i] = 1;
	}
	tb->cols[0] = (ct_learn_column) {"x", CT_LEARN_NUMBER, tb->x, tb->xnull, 0, NULL, NULL, tb->xorder, 0};
	tb->cols[1] = (ct_learn_column) {"flag", CT_LEARN_BOOL, tb->flag, tb->fnull, 0, NULL, NULL, NULL, 0};
	tb->cols[2] = (ct_learn_column) {"region", CT_LEARN_TEXT, tb->t, tb->tnull, 2, tlevels, tlevel_len, NULL, 0};
	tb->cols[0].n_order = ct_learn_sort(tb->x, tb->xnull, n, tb->xorder);
}

static void
conditions(const ct_learn_result *res, const ct_learn_column *cols, char out[][512])
{
	ct_error	e;

	for (int i = 0; i < res->n_rules; i++)
		assert_int_equal(ct_learn_condition(&res->rules[i], cols, out[i], 512, &e), CT_OK);
}

/* the known-rule table, its list and conditions, shared by the tests below */
static table tb;
static ct_learn_result res;
static char cond[CT_LEARN_MAX_RULES][512];

/* learn on tb's 550 rows; the rows of all rules add up to 550 */
static void
learn_tb(int max_rules, int64_t min_support)
{
	ct_error	e;
	int64_t		total = 0;

	assert_int_equal(ct_rules_learn(tb.cols, 3, tb.y, 550, max_rules, min_support, &scratch, &res, &e), CT_OK);
	conditions(&res, tb.cols, cond);
	for (int i = 0; i < res.n_rules; i++)
		total += res.rules[i].n;
	assert_int_equal(total, 550);
}

static void
test_known_rule(void **state)
{
	(void) state;
	make_table(&tb, 550, 1, 0);
	learn_tb(8, 20);
	/*
	 * x splits first (Gini decrease 2 (125*300)^2 / (250*300*550) = 68.2
	 * against 56.8 for flag), then flag; pure leaves and the noise column
	 * give no further split.  The largest leaf, x < 6 (300 rows), is the rest.
	 */
	assert_int_equal(res.n_rules, 3);
	assert_string_equal(cond[0], "x >= 6 AND flag");
	assert_int_equal(res.rules[0].n, 125);
	assert_int_equal(res.rules[0].k, 125);
	assert_string_equal(cond[1], "x >= 6 AND NOT flag");
	assert_int_equal(res.rules[1].n, 125);
	assert_int_equal(res.rules[1].k, 0);
	assert_string_equal(cond[2], "TRUE");
	assert_int_equal(res.rules[2].k, 0);
}

/* the same rows in another order give the same list */
static void
test_row_order(void **state)
{
	static table a,
				b;
	static ct_learn_result ra,
				rb;
	static char ca[CT_LEARN_MAX_RULES][512],
				cb[CT_LEARN_MAX_RULES][512];
	int			perm[N];
	ct_error	e;

	(void) state;
	make_table(&a, 500, 5, 0);
	/* a noisier outcome so that more splits happen */
	for (int i = 0; i < 500; i++)
		a.y[i] = (a.x[i] > 5 && a.flag[i] != 0) ? (i % 7 != 0) : (i % 5 == 0 && a.t[i] != 0);
	for (int i = 0; i < 500; i++)
		perm[i] = i;
	for (int i = 499; i > 0; i--)
	{
		int			j = (int) (((unsigned) i * 40503u + 17u) % (unsigned) (i + 1));
		int			t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	make_table(&b, 500, 5, 0);
	for (int i = 0; i < 500; i++)
	{
		b.x[i] = a.x[perm[i]];
		b.flag[i] = a.flag[perm[i]];
		b.t[i] = a.t[perm[i]];
		b.y[i] = a.y[perm[i]];
	}
	b.cols[0].n_order = ct_learn_sort(b.x, b.xnull, 500, b.xorder);
	assert_int_equal(ct_rules_learn(a.cols, 3, a.y, 500, 6, 10, &scratch, &ra, &e), CT_OK);
	assert_int_equal(ct_rules_learn(b.cols, 3, b.y, 500, 6, 10, &scratch, &rb, &e), CT_OK);
	conditions(&ra, a.cols, ca);
	conditions(&rb, b.cols, cb);
	assert_int_equal(ra.n_rules, rb.n_rules);
	assert_true(ra.n_rules > 3);
	for (int i = 0; i < ra.n_rules; i++)
	{
		assert_string_equal(ca[i], cb[i]);
		assert_int_equal(ra.rules[i].n, rb.rules[i].n);
		assert_int_equal(ra.rules[i].k, rb.rules[i].k);
		/* every leaf but the rest holds min_support rows */
		if (i + 1 < ra.n_rules)
			assert_true(ra.rules[i].n >= 10);
	}
	/* rates descend down the list (the rest excepted) */
	for (int i = 0; i + 2 < ra.n_rules; i++)
		assert_true((double) ra.rules[i].k * ra.rules[i + 1].n >=
					(double) ra.rules[i + 1].k * ra.rules[i].n);
}

/* rows with NULL in a tested column end in the last rule */
static void
test_nulls(void **state)
{
	(void) state;
	make_table(&tb, 550, 1, 22);
	learn_tb(8, 20);
	assert_string_equal(cond[0], "x >= 6 AND flag");
	/* rows 0..21 have x NULL: rows 11..21 have flag, of them x > 5 at 17..21 */
	assert_int_equal(res.rules[0].n, 120);
	assert_int_equal(res.rules[res.n_rules - 1].k, 5);	/* the 5 dropped positives */
}

/* a text column with two values: the complement is written as the other value */
static void
test_two_levels(void **state)
{
	(void) state;
	make_table(&tb, 550, 1, 0);
	for (int i = 0; i < 550; i++)
		tb.y[i] = tb.x[i] > 5 && tb.t[i] == 0;	/* region = 'north' */
	learn_tb(8, 20);
	assert_int_equal(res.n_rules, 3);
	assert_string_equal(cond[0], "x >= 6 AND region = 'north'");
	assert_int_equal(res.rules[0].k, res.rules[0].n);
	assert_string_equal(cond[1], "x >= 6 AND region = 'south'");
	assert_int_equal(res.rules[1].k, 0);
	assert_string_equal(cond[2], "TRUE");
}

static void
test_limits(void **state)
{
	ct_error	e;

	(void) state;
	make_table(&tb, 550, 1, 0);
	/* one rule: everything is the rest */
	assert_int_equal(ct_rules_learn(tb.cols, 3, tb.y, 550, 1, 20, &scratch, &res, &e), CT_OK);
	assert_int_equal(res.n_rules, 1);
	assert_int_equal(res.rules[0].n_tests, 0);
	assert_int_equal(res.rules[0].n, 550);
	assert_int_equal(res.rules[0].k, 125);
	/* min_support larger than half the rows: no split */
	assert_int_equal(ct_rules_learn(tb.cols, 3, tb.y, 550, 8, 276, &scratch, &res, &e), CT_OK);
	assert_int_equal(res.n_rules, 1);
	/* no rows */
	assert_int_equal(ct_rules_learn(tb.cols, 3, tb.y, 0, 8, 1, &scratch, &res, &e), CT_OK);
	assert_int_equal(res.n_rules, 1);
	assert_int_equal(res.rules[0].n, 0);
	assert_int_equal(ct_rules_learn(tb.cols, 3, tb.y, 550, 0, 20, &scratch, &res, &e), CT_EINVAL);
	assert_int_equal(ct_rules_learn(tb.cols, 3, tb.y, 550, CT_LEARN_MAX_RULES + 1, 20, &scratch, &res, &e), CT_EINVAL);
	assert_int_equal(ct_rules_learn(tb.cols, 3, tb.y, 550, 8, 0, &scratch, &res, &e), CT_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_condition),
		cmocka_unit_test(test_known_rule),
		cmocka_unit_test(test_row_order),
		cmocka_unit_test(test_nulls),
		cmocka_unit_test(test_two_levels),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
