/*
 * test_explain.c
 *		Unit tests of src/core/ct_explain.c: each method's terms on the
 *		five-customer model of sql/model_example.sql (numbers derived by
 *		hand in the comments), the fall-back to the weights, and the
 *		construction's promise on 10,000 pseudo-random customers for every
 *		method, combination and fuzzy operator: the contributions sum to
 *		the score within 1e-12, each method's shares to 1, its parts to its
 *		raw score.  Also the classification trace (ct_model_class_label).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ct_explain.h"
#include "ct_model.h"

static const char *levels[3] = {"ordinary", "silver", "gold"};
static const size_t level_len[3] = {8, 6, 4};
static const double level_score[3] = {0.0, 0.5, 1.0};
static const char *const dim_names[5] = {"background", "value", "credit", "behaviour", "handling"};
static const char *const tier_labels[3] = {"low", "middle", "high"};
static const size_t tier_label_len[3] = {3, 6, 4};
static double tier_cuts[2] = {0.35, 0.8};
static double quantiles[CT_NMETHODS * CT_NQUANTILES];

typedef struct fixture
{
	ct_model	m;
	ct_indicator ind[8];
	double		scratch[256];
	int			iscratch[8];
	double		buf[512];
	ct_result	r;
	ct_explanation x;
} fixture;

/*
 * The model "five" of sql/model_example.sql with every method configured:
 * global weights arpu 0.375, level 0.125, complaints 0.5; ideal 1 and
 * anti-ideal 0 everywhere; grey rho 0.5 with delta in [0, 1]; VIKOR S, R in
 * [0, 1] and v = 0.5.  The quantiles of every method are i/1000, so a raw
 * score in [0, 1] is its own percentile.
 */
static void
five(fixture *f, int combine, ct_fuzzy_op op)
{
	ct_model   *m = &f->m;
	ct_indicator *ind = f->ind;
	ct_error	e;

	memset(f, 0, sizeof(*f));
	m->n_dim = 5;
	m->dim_name = dim_names;
	m->n_ind = 3;
	m->ind = ind;
	m->n_levels = 3;
	m->level_str = levels;
	m->level_len = level_len;
	m->level_score = level_score;
	ind[0] = (ct_indicator) {.name = "arpu", .column = "arpu", .dimension = 1, .kind = CT_KIND_QUANT,
	.lo = 20, .hi = 100, .weight = 0.75, .global_weight = 0.375, .impute = 0.5, .ideal = 1};
	ind[1] = (ct_indicator) {.name = "level", .column = "customer_level", .dimension = 1,
		.kind = CT_KIND_QUAL, .level_count = 3, .weight = 0.25, .global_weight = 0.125,
	.impute = 0.6, .ideal = 1};
	ind[2] = (ct_indicator) {.name = "complaints", .column = "complaints_90d", .dimension = 3,
		.kind = CT_KIND_QUANT, .direction = CT_DIR_COST, .lo = 1, .hi = 5, .weight = 1,
	.global_weight = 0.5, .impute = 0.65, .ideal = 1};
	m->dim_weight[1] = 0.5;
	m->dim_weight[3] = 0.5;
	m->n_methods = 5;
	m->methods[0] = CT_M_WEIGHTED_SUM;
	m->methods[1] = CT_M_TOPSIS;
	m->methods[2] = CT_M_GREY;
	m->methods[3] = CT_M_VIKOR;
	m->methods[4] = CT_M_FUZZY;
	m->combine = combine;
	m->fitted = true;
	m->grey_rho = 0.5;
	m->grey_delta_max = 1;
	m->vikor_v = 0.5;
	m->s_worst = 1;
	m->r_worst = 1;
	m->fuzzy_op = op;
	m->fuzzy_grades = 5;
	for (int k = 0; k < CT_NMETHODS; k++)
		for (int i = 0; i < CT_NQUANTILES; i++)
			quantiles[k * CT_NQUANTILES + i] = i / 1000.0;
	m->quantiles = quantiles;
	m->has_quantiles = true;
	m->n_tiers = 3;
	m->tier_cuts = tier_cuts;
	m->tier_label = tier_labels;
	m->tier_label_len = tier_label_len;
	assert_true(ct_model_scratch_doubles(3, 5) <= 256);
	assert_int_equal(ct_model_check(m, f->scratch, f->iscratch, &e), CT_OK);
}

static void
explain(fixture *f, const double *v)
{
	ct_error	e;

	assert_true(ct_explain_doubles(&f->m) <= 512);
	assert_int_equal(ct_model_evaluate(&f->m, v, &f->r, &e), CT_OK);
	assert_int_equal(ct_explain(&f->m, v, &f->r, f->buf, &f->x, &e), CT_OK);
}

static double
share(fixture *f, int k, int j)
{
	return f->x.share[k * f->m.n_ind + j];
}

static void
assert_near(double a, double b, double tol)
{
	if (!(fabs(a - b) <= tol))
		fail_msg("%.17g differs from %.17g by more than %g", a, b, tol);
}

/*
 * Customer 2 of the five (normalised 0.5, 0.5, 0.75), weighted sum only:
 * terms 0.375*0.5 = 0.1875, 0.125*0.5 = 0.0625, 0.5*0.75 = 0.375, sum
 * 0.625: shares 0.3, 0.1, 0.6.  As the only method (mean of one
 * percentile, 0.625 with these quantiles) the contributions are 0.1875,
 * 0.0625, 0.375; value dimension 0.25, behaviour 0.375.  Dimension parts:
 * 0.75*0.5 = 0.375, 0.25*0.5 = 0.125 (value score 0.5), 0.75.
 */
static void
test_weighted_sum(void **state)
{
	static fixture fx;
	const double v[3] = {0.5, 0.5, 0.75};

	(void) state;
	five(&fx, -1, CT_FUZZY_MIN_MAX);
	fx.m.n_methods = 1;
	explain(&fx, v);
	assert_near(fx.r.score, 0.625, 1e-15);
	assert_near(share(&fx, 0, 0), 0.3, 1e-15);
	assert_near(share(&fx, 0, 1), 0.1, 1e-15);
	assert_near(share(&fx, 0, 2), 0.6, 1e-15);
	assert_near(fx.x.contribution[0], 0.1875, 1e-15);
	assert_near(fx.x.contribution[1], 0.0625, 1e-15);
	assert_near(fx.x.contribution[2], 0.375, 1e-15);
	assert_near(fx.x.dim_contribution[1], 0.25, 1e-15);
	assert_near(fx.x.dim_contribution[3], 0.375, 1e-15);
	assert_true(fx.x.dim_contribution[0] == 0.0);
	assert_true(fx.x.dim_part[0] == 0.375 && fx.x.dim_part[1] == 0.125 && fx.x.dim_part[2] == 0.75);
	assert_false(fx.x.fallback[0]);
	assert_true(fx.x.score_part[0] == fx.r.score);
}

/*
 * The four other methods on customer 4 (0.25, 1, 1) and customer 2.
 * TOPSIS, customer 4: (w (v - 0))^2 = 0.09375^2 = 0.0087890625,
 * 0.125^2 = 0.015625, 0.5^2 = 0.25, sum 0.2744140625 = D-^2.
 * Grey, customer 4: delta = 0.75, 0, 0; xi = 0.5/1.25 = 0.4, 1, 1; terms
 * 0.375*0.4 = 0.15, 0.125, 0.5, sum 0.775 (the grade, weights summing to 1).
 * VIKOR with best 1, worst 0: d_j = w_j (1 - v_j), u_j = w_j v_j: the
 * weighted-sum shares, 0.09375/0.71875, 0.125/0.71875, 0.5/0.71875.
 * Fuzzy, min_max, customer 2: 0.5 is grade 2 (centre 0.5) and 0.75 grade 3
 * (centre 0.75) with membership 1; b_2 = max(min(.375, 1), min(.125, 1)) =
 * 0.375 from arpu, b_3 = min(0.5, 1) = 0.5 from complaints; score
 * (0.375*0.5 + 0.5*0.75)/0.875 = 0.642857...; terms 0.1875 (arpu), 0
 * (level), 0.375 (complaints): shares 1/3, 0, 2/3.
 */
static void
test_methods(void **state)
{
	static fixture fx;
	const double v4[3] = {0.25, 1, 1};
	const double v2[3] = {0.5, 0.5, 0.75};

	(void) state;
	five(&fx, -1, CT_FUZZY_MIN_MAX);
	explain(&fx, v4);
	assert_near(share(&fx, 1, 0), 0.0087890625 / 0.2744140625, 1e-15);
	assert_near(share(&fx, 1, 1), 0.015625 / 0.2744140625, 1e-15);
	assert_near(share(&fx, 1, 2), 0.25 / 0.2744140625, 1e-15);
	assert_near(fx.r.method_score[2], 0.775, 1e-15);
	assert_near(share(&fx, 2, 0), 0.15 / 0.775, 1e-15);
	assert_near(share(&fx, 2, 1), 0.125 / 0.775, 1e-15);
	assert_near(share(&fx, 2, 2), 0.5 / 0.775, 1e-15);
	assert_near(share(&fx, 3, 0), 0.09375 / 0.71875, 1e-15);
	assert_near(share(&fx, 3, 1), 0.125 / 0.71875, 1e-15);
	assert_near(share(&fx, 3, 2), 0.5 / 0.71875, 1e-15);
	/* every method's raw parts add up to its raw score */
	for (int k = 0; k < 5; k++)
	{
		double		s = 0;

		for (int j = 0; j < 3; j++)
			s += fx.x.method_part[k * 3 + j];
		assert_near(s, fx.r.method_score[k], 1e-15);
	}
	explain(&fx, v2);
	assert_near(fx.r.method_score[4], (0.375 * 0.5 + 0.5 * 0.75) / 0.875, 1e-15);
	assert_near(share(&fx, 4, 0), 1.0 / 3, 1e-15);
	assert_true(share(&fx, 4, 1) == 0.0);
	assert_near(share(&fx, 4, 2), 2.0 / 3, 1e-15);
	/* the score: the mean of the five percentiles, here the raw scores */
	{
		double		mean = 0,
					sum = 0;

		for (int k = 0; k < 5; k++)
		{
			mean += fx.r.method_score[k] / 5;
			assert_near(fx.x.score_part[k], fx.r.percentile[k] / 5, 0);
		}
		assert_near(fx.r.score, mean, 1e-15);
		for (int j = 0; j < 3; j++)
			sum += fx.x.contribution[j];
		assert_near(sum, fx.r.score, 1e-15);
	}
}

/*
 * Fuzzy, weighted_average: the triangular partition keeps the mean
 * (sum_g r_jg c_g = v_j), so the shares are the weighted sum's; min_sum:
 * b_g = sum_j min(w_j, r_jg), credited in proportion; product_max with a
 * tie: customer (1, 1, 0) has arpu and level both in grade 4, products
 * 0.375 and 0.125 (arpu wins); with level's weight raised to arpu's the
 * two tie and share grade 4 equally.
 */
static void
test_fuzzy_operators(void **state)
{
	static fixture fx;
	const double v[3] = {0.3, 0.9, 0.6};
	const double v3[3] = {1, 1, 0};

	(void) state;
	five(&fx, -1, CT_FUZZY_WEIGHTED_AVERAGE);
	explain(&fx, v);
	for (int j = 0; j < 3; j++)
		assert_near(share(&fx, 4, j), share(&fx, 0, j), 1e-15);

	/*
	 * min_sum, v = (0.3, 0.9, 0.6): memberships arpu 0.8 at c=0.25, 0.2 at
	 * 0.5; level 0.4 at 0.75, 0.6 at 1; complaints 0.6 at 0.5, 0.4 at 0.75.
	 * min with w = (.375, .125, .5): grade 1 (0.25): .375; grade 2 (0.5):
	 * .2 (arpu) + .5 (complaints) = .7; grade 3 (0.75): .125 (level) + .4
	 * (complaints) = .525; grade 4 (1): .125 (level).  Terms: arpu
	 * .375*.25 + .2*.5 = .19375; level .125*.75 + .125 = .21875;
	 * complaints .5*.5 + .4*.75 = .55; sum .9625.
	 */
	five(&fx, -1, CT_FUZZY_MIN_SUM);
	explain(&fx, v);
	assert_near(share(&fx, 4, 0), 0.19375 / 0.9625, 1e-15);
	assert_near(share(&fx, 4, 1), 0.21875 / 0.9625, 1e-15);
	assert_near(share(&fx, 4, 2), 0.55 / 0.9625, 1e-15);

	five(&fx, -1, CT_FUZZY_PRODUCT_MAX);
	explain(&fx, v3);
	/* grade 0 (complaints) has centre 0: no term; grade 4 goes to arpu */
	assert_true(share(&fx, 4, 0) == 1.0 && share(&fx, 4, 1) == 0.0 && share(&fx, 4, 2) == 0.0);
	fx.ind[1].global_weight = 0.375;
	fx.ind[2].global_weight = 0.25;
	{
		ct_error	e;

		assert_int_equal(ct_model_check(&fx.m, fx.scratch, fx.iscratch, &e), CT_OK);
	}
	explain(&fx, v3);
	assert_true(share(&fx, 4, 0) == 0.5 && share(&fx, 4, 1) == 0.5 && share(&fx, 4, 2) == 0.0);

	/*
	 * The tie beside another grade: (1, 1, 0.75) has grade 4 (centre 1) made
	 * by arpu and level (0.375 each, tied) and grade 3 (centre 0.75) by
	 * complaints (0.25): terms 0.375/2, 0.375/2, 0.25*0.75 = 0.1875 each,
	 * shares 1/3 each (without the split: 0.4, 0.4, 0.2).
	 */
	{
		const double v[3] = {1, 1, 0.75};

		explain(&fx, v);
		for (int j = 0; j < 3; j++)
			assert_near(share(&fx, 4, j), 1.0 / 3, 1e-15);
	}
}

/*
 * A method whose terms are all 0 (the weighted sum, TOPSIS and VIKOR of a
 * customer at 0 everywhere) is split by the global weights; a customer
 * below the population's worst gets no negative VIKOR utility.
 */
static void
test_fallback(void **state)
{
	static fixture fx;
	const double v0[3] = {0, 0, 0};

	(void) state;
	five(&fx, -1, CT_FUZZY_MIN_MAX);
	explain(&fx, v0);
	assert_true(fx.x.fallback[0] && fx.x.fallback[1] && fx.x.fallback[3]);
	assert_false(fx.x.fallback[2]);	/* grey: xi = 1/3 everywhere */
	assert_true(fx.x.fallback[4]);	/* fuzzy: all at grade 0, centre 0 */
	assert_true(share(&fx, 0, 0) == 0.375 && share(&fx, 0, 1) == 0.125 && share(&fx, 0, 2) == 0.5);
	assert_near(share(&fx, 2, 0), 0.375, 1e-15);

	/* anti-ideal of arpu 0.5: the customer at 0.2 is below it */
	five(&fx, -1, CT_FUZZY_MIN_MAX);
	fx.ind[0].anti_ideal = 0.5;
	{
		ct_error	e;
		const double v[3] = {0.2, 1, 1};

		assert_int_equal(ct_model_check(&fx.m, fx.scratch, fx.iscratch, &e), CT_OK);
		explain(&fx, v);
	}
	assert_true(share(&fx, 3, 0) == 0.0);
	assert_near(share(&fx, 3, 1), 0.2, 1e-15);
	assert_near(share(&fx, 3, 2), 0.8, 1e-15);
}

/*
 * combine = one method: its clamped raw score is the score, the other
 * methods carry nothing.  VIKOR of a customer better than the whole
 * population: 1 - Q > 1 is clamped to 1.
 */
static void
test_single_method(void **state)
{
	static fixture fx;
	const double v[3] = {0.3, 0.9, 0.6};

	(void) state;
	for (int c = 0; c < 5; c++)
	{
		double		sum = 0;

		five(&fx, c, CT_FUZZY_MIN_MAX);
		explain(&fx, v);
		for (int k = 0; k < 5; k++)
			assert_true(fx.x.score_part[k] == (k == c ? fx.r.score : 0.0));
		for (int j = 0; j < 3; j++)
		{
			assert_near(fx.x.contribution[j], fx.r.score * share(&fx, c, j), 0);
			sum += fx.x.contribution[j];
		}
		assert_near(sum, fx.r.score, 1e-15);
	}
	five(&fx, 3, CT_FUZZY_MIN_MAX);
	fx.m.s_best = 0.2;
	fx.m.r_best = 0.2;
	{
		ct_error	e;
		const double v1[3] = {1, 1, 1};
		double		sum = 0;

		assert_int_equal(ct_model_check(&fx.m, fx.scratch, fx.iscratch, &e), CT_OK);
		explain(&fx, v1);
		assert_true(fx.r.method_score[3] > 1.0);
		assert_true(fx.r.score == 1.0);
		for (int j = 0; j < 3; j++)
			sum += fx.x.contribution[j];
		assert_near(sum, 1.0, 1e-15);
	}
}

/* xorshift64*: a reproducible stream of doubles in [0, 1) */
static uint64_t rng = 88172645463325252ULL;

static double
uniform(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (double) ((rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/*
 * Seven indicators in three dimensions with uneven weights, one of weight
 * 0, a population whose ideal and anti-ideal are not 0 and 1, quantiles
 * that are not the identity (a run of ties at the bottom, a convex curve),
 * and 10,000 random customers: for every combination (mean percentile and
 * each method alone) and every fuzzy operator the contributions sum to the
 * score within 1e-12, are never negative, each method's shares sum to 1 and
 * its parts to its raw score, and the parts via each method sum to each
 * contribution.
 */
static void
test_random_customers(void **state)
{
	static fixture fx;
	static const double gw[7] = {0.21, 0.09, 0.0, 0.17, 0.13, 0.25, 0.15};
	static const int dim[7] = {0, 0, 1, 1, 2, 2, 2};
	static const ct_fuzzy_op ops[4] = {CT_FUZZY_WEIGHTED_AVERAGE, CT_FUZZY_MIN_MAX,
	CT_FUZZY_PRODUCT_MAX, CT_FUZZY_MIN_SUM};
	double		worst = 0;
	int			checked = 0;

	(void) state;
	for (int op = 0; op < 4; op++)
		for (int c = -1; c < 5; c++)
		{
			ct_error	e;

			five(&fx, c, ops[op]);
			fx.m.n_ind = 7;
			fx.m.n_dim = 3;
			fx.m.dim_weight[0] = 0.3;
			fx.m.dim_weight[1] = 0.17;
			fx.m.dim_weight[2] = 0.53;
			for (int j = 0; j < 7; j++)
				fx.ind[j] = (ct_indicator) {.name = "x", .column = "x", .dimension = dim[j],
					.kind = CT_KIND_QUANT, .lo = 0, .hi = 1, .weight = gw[j] * 2,
					.global_weight = gw[j], .impute = 0.5, .ideal = 0.9 - 0.05 * j,
				.anti_ideal = 0.02 * j};
			fx.m.grey_delta_max = 0.9;
			fx.m.s_best = 0.1;
			fx.m.s_worst = 0.8;
			fx.m.r_best = 0.05;
			fx.m.r_worst = 0.2;
			fx.m.vikor_v = 0.3;
			for (int k = 0; k < CT_NMETHODS; k++)
				for (int i = 0; i < CT_NQUANTILES; i++)
					quantiles[k * CT_NQUANTILES + i] = fmax(0.1, pow(i / 1000.0, 1.5 + k * 0.2));
			assert_int_equal(ct_model_check(&fx.m, fx.scratch, fx.iscratch, &e), CT_OK);
			for (int n = 0; n < 10000; n++)
			{
				double		v[7];
				double		sum = 0;

				for (int j = 0; j < 7; j++)
					v[j] = n % 97 == 0 ? 0.1 * (j % 3) : uniform();
				explain(&fx, v);
				for (int j = 0; j < 7; j++)
				{
					double		via = 0;

					assert_true(fx.x.contribution[j] >= 0.0);
					sum += fx.x.contribution[j];
					for (int k = 0; k < 5; k++)
						via += fx.x.via_method[k * 7 + j];
					assert_near(via, fx.x.contribution[j], 1e-15);
				}
				assert_true(fx.x.contribution[2] == 0.0);	/* weight 0 */
				worst = fmax(worst, fabs(sum - fx.r.score));
				for (int k = 0; k < 5; k++)
				{
					double		s = 0,
								p = 0;

					for (int j = 0; j < 7; j++)
					{
						s += share(&fx, k, j);
						p += fx.x.method_part[k * 7 + j];
					}
					assert_near(s, 1.0, 1e-14);
					assert_near(p, fx.r.method_score[k], 1e-14);
				}
				checked++;
			}
		}
	assert_int_equal(checked, 4 * 6 * 10000);
	print_message("max |sum of contributions - score| over %d explanations: %.3g\n", checked, worst);
	assert_true(worst <= 1e-12);
}

/* the trace of a classification: conditions tried, in order, and why */
static bool
columns(void *arg, const char *name, ct_rule_type *type)
{
	(void) arg;
	if (strcmp(name, "tenure_months") == 0 || strcmp(name, "arpu") == 0 ||
		strcmp(name, "complaints_90d") == 0)
		*type = CT_RULE_NUMBER;
	else if (strcmp(name, "porting_requested") == 0)
		*type = CT_RULE_BOOL;
	else if (strcmp(name, "customer_level") == 0)
		*type = CT_RULE_STRING;
	else
		return false;
	return true;
}

static void
test_class_trace(void **state)
{
	static fixture fx;
	static ct_rule_program progs[3];
	static int	reads[CT_MAX_VARS];
	static ct_vars vars;
	static ct_rule_value slots[CT_MAX_VARS];
	static const char *const labels[3] = {"warning", "growth", "stable"};
	static const size_t lens[3] = {7, 6, 6};
	static const char *const when[3] = {"porting_requested", "tenure_months < 24", "tenure_months >= 24"};
	const char *names[1] = {"stage"};
	ct_classification cl = {"stage", 3, labels, lens, when, progs, 0, reads};
	ct_rule_result trace[3];
	int			n;
	int			sp,
				st;
	ct_error	e;

	(void) state;
	five(&fx, -1, CT_FUZZY_MIN_MAX);
	fx.m.n_class = 1;
	fx.m.classes = &cl;
	assert_int_equal(ct_vars_init(&vars, 5, dim_names, 1, names, &e), CT_OK);
	vars.column_type = columns;
	assert_int_equal(ct_model_bind(&fx.m, &vars, &e), CT_OK);
	for (int s = 0; s < CT_MAX_VARS; s++)
		slots[s].isnull = true;
	sp = ct_vars_find(&vars, "porting_requested");
	st = ct_vars_find(&vars, "tenure_months");
	/* every input NULL: unknown, nothing evaluated */
	assert_int_equal(ct_model_class_label(&fx.m, 0, slots, vars.n, trace, &n), CT_CLASS_UNKNOWN);
	assert_int_equal(n, 0);
	/* porting unknown, 30 months: UNKNOWN, FALSE, TRUE -> stable */
	slots[st].isnull = false;
	slots[st].num = 30;
	assert_int_equal(ct_model_class_label(&fx.m, 0, slots, vars.n, trace, &n), 2);
	assert_int_equal(n, 3);
	assert_int_equal(trace[0], CT_RULE_UNKNOWN);
	assert_int_equal(trace[1], CT_RULE_FALSE);
	assert_int_equal(trace[2], CT_RULE_TRUE);
	/* porting: the first label, nothing more evaluated */
	slots[sp].isnull = false;
	slots[sp].b = true;
	assert_int_equal(ct_model_class_label(&fx.m, 0, slots, vars.n, trace, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(trace[0], CT_RULE_TRUE);
	/* the same label as ct_model_classify */
	ct_model_classify(&fx.m, &vars, &fx.r, slots);
	assert_int_equal(fx.r.class_label[0], 0);
}

static void
test_unfitted(void **state)
{
	static fixture fx;
	const double v[3] = {0.5, 0.5, 0.5};
	ct_error	e;

	(void) state;
	five(&fx, -1, CT_FUZZY_MIN_MAX);
	explain(&fx, v);
	fx.m.fitted = false;
	assert_int_equal(ct_explain(&fx.m, v, &fx.r, fx.buf, &fx.x, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "fitted"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weighted_sum),
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_fuzzy_operators),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_single_method),
		cmocka_unit_test(test_random_customers),
		cmocka_unit_test(test_class_trace),
		cmocka_unit_test(test_unfitted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
