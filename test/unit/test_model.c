/*
 * test_model.c
 *		Unit tests of src/core/ct_model.c: percentile lookup, normalisation
 *		and level lookup, the evaluation of the five-customer example of
 *		sql/model_example.sql (numbers derived by hand there), and the
 *		lifecycle stage, credit grade and behaviour class rules.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ct_model.h"

static const char *levels[3] = {"ordinary", "silver", "gold"};
static const size_t level_len[3] = {8, 6, 4};
static const double level_score[3] = {0.0, 0.5, 1.0};

static double quantiles[2 * CT_NQUANTILES];
static double tier_cuts[2] = {0.35, 0.8};
static double dim_cuts[1] = {0.5};

/* percentile_cont over sorted x[0..n-1] at fraction f (PostgreSQL's rule) */
static double
percentile_cont(const double *x, int n, double f)
{
	double		pos = f * (n - 1);
	int			lo = (int) floor(pos);
	int			hi = (int) ceil(pos);

	return x[lo] + (pos - lo) * (x[hi] - x[lo]);
}

/* the model "five" of sql/model_example.sql, version 1 */
static void
five_model(ct_model *m, ct_indicator *ind, double *scratch, int *iscratch)
{
	static const double ws_sorted[5] = {0.5, 0.5, 0.59375, 0.625, 0.71875};
	ct_error	e;

	memset(m, 0, sizeof(*m));
	memset(ind, 0, 3 * sizeof(ct_indicator));
	m->n_ind = 3;
	m->ind = ind;
	m->n_levels = 3;
	m->level_str = levels;
	m->level_len = level_len;
	m->level_score = level_score;

	ind[0].dimension = 1;
	ind[0].kind = CT_KIND_QUANT;
	ind[0].direction = CT_DIR_BENEFIT;
	ind[0].lo = 20;
	ind[0].hi = 100;
	ind[0].weight = 0.75;
	ind[0].global_weight = 0.375;
	ind[0].impute = 0.5;
	ind[0].ideal = 1;

	ind[1].dimension = 1;
	ind[1].kind = CT_KIND_QUAL;
	ind[1].direction = CT_DIR_BENEFIT;
	ind[1].level_start = 0;
	ind[1].level_count = 3;
	ind[1].weight = 0.25;
	ind[1].global_weight = 0.125;
	ind[1].impute = 0.6;
	ind[1].ideal = 1;

	ind[2].dimension = 3;
	ind[2].kind = CT_KIND_QUANT;
	ind[2].direction = CT_DIR_COST;
	ind[2].lo = 1;
	ind[2].hi = 5;
	ind[2].weight = 1;
	ind[2].global_weight = 0.5;
	ind[2].impute = 0.65;
	ind[2].ideal = 1;

	m->dim_weight[1] = 0.5;
	m->dim_weight[3] = 0.5;
	m->n_methods = 1;
	m->methods[0] = CT_M_WEIGHTED_SUM;
	m->combine = -1;
	m->fitted = true;
	m->grey_rho = 0.5;
	m->grey_delta_max = 1;
	m->vikor_v = 0.5;
	m->fuzzy_op = CT_FUZZY_WEIGHTED_AVERAGE;
	m->fuzzy_grades = 5;
	for (int k = 0; k < CT_NQUANTILES; k++)
		quantiles[k] = percentile_cont(ws_sorted, 5, k / 1000.0);
	m->quantiles = quantiles;
	m->has_quantiles = true;
	m->n_tiers = 3;
	m->tier_cuts = tier_cuts;
	m->dim_tiers[1] = 2;
	m->dim_tier_cuts[1] = dim_cuts;
	m->dim_tiers[3] = 2;
	m->dim_tier_cuts[3] = dim_cuts;
	m->stage_growth_months = 6;
	m->stage_stable_months = 24;
	m->stage_warning_satisfaction = 2;
	m->credit_high = 0.8;
	m->credit_low = 0.5;
	m->frequent_complaints = 3;
	m->unreasonable_threshold = 0.5;
	m->good_faith_threshold = 0.2;
	assert_int_equal(ct_model_check(m, scratch, iscratch, &e), CT_OK);
}

static void
test_percentile(void **state)
{
	double		q[5] = {0, 1, 1, 1, 2};

	(void) state;
	assert_true(ct_percentile(-1, q, 5) == 0.0);
	assert_true(ct_percentile(3, q, 5) == 1.0);
	assert_true(ct_percentile(0, q, 5) == 0.0);
	assert_true(ct_percentile(2, q, 5) == 1.0);
	/* a run of ties: the middle of positions 1..3 of 0..4 */
	assert_true(ct_percentile(1, q, 5) == 0.5);
	/* linear between neighbours */
	assert_true(fabs(ct_percentile(0.5, q, 5) - 0.125) < 1e-15);
	assert_true(fabs(ct_percentile(1.5, q, 5) - 0.875) < 1e-15);
}

static void
test_normalize_and_levels(void **state)
{
	ct_model	m;
	ct_indicator ind[3];
	double		scratch[64];
	int			iscratch[3];
	double		v;
	ct_error	e;

	(void) state;
	five_model(&m, ind, scratch, iscratch);
	assert_int_equal(ct_model_normalize(&m, 0, 60, &v, &e), CT_OK);
	assert_true(v == 0.5);
	assert_int_equal(ct_model_normalize(&m, 0, 500, &v, &e), CT_OK);
	assert_true(v == 1.0);
	assert_int_equal(ct_model_normalize(&m, 2, 2, &v, &e), CT_OK);
	assert_true(v == 0.75);
	assert_int_equal(ct_model_level(&m, 1, "silver", 6, &v, &e), CT_OK);
	assert_true(v == 0.5);
	assert_int_equal(ct_model_level(&m, 1, "silv", 4, &v, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "unknown level"));
	/* the log transform */
	ind[0].transform = CT_TRANSFORM_LOG;
	ind[0].lo = 0;
	ind[0].hi = log1p(99.0);
	assert_int_equal(ct_model_normalize(&m, 0, 9, &v, &e), CT_OK);
	assert_true(fabs(v - log(10.0) / log(100.0)) < 1e-15);
	assert_int_equal(ct_model_normalize(&m, 0, -1, &v, &e), CT_EINVAL);
}

static void
test_five_customers(void **state)
{
	/* normalised values and expected results, sql/model_example.sql */
	static const double v[5][3] = {
		{0, 0, 1}, {0.5, 0.5, 0.75}, {1, 1, 0}, {0.25, 1, 1}, {0.75, 0.5, 0.5}
	};
	static const double score[5] = {0.125, 0.75, 0.125, 1, 0.5};
	static const int tier[5] = {0, 1, 0, 2, 1};
	static const double value[5] = {0, 0.5, 1, 0.4375, 0.6875};
	static const double behaviour[5] = {1, 0.75, 0, 1, 0.5};
	ct_model	m;
	ct_indicator ind[3];
	double		scratch[64];
	int			iscratch[3];
	ct_result	r;
	ct_error	e;

	(void) state;
	five_model(&m, ind, scratch, iscratch);
	for (int i = 0; i < 5; i++)
	{
		assert_int_equal(ct_model_evaluate(&m, v[i], &r, &e), CT_OK);
		assert_true(fabs(r.score - score[i]) < 1e-12);
		assert_int_equal(r.tier, tier[i]);
		assert_true(r.dim_score[1] == value[i]);
		assert_true(r.dim_score[3] == behaviour[i]);
		assert_true(isnan(r.dim_score[0]) && isnan(r.dim_score[2]) && isnan(r.dim_score[4]));
		assert_int_equal(r.dim_tier[1], value[i] >= 0.5);
		assert_int_equal(r.dim_tier[0], -1);
	}
}

static void
test_combine(void **state)
{
	ct_model	m;
	ct_indicator ind[3];
	double		scratch[64];
	int			iscratch[3];
	double		ws[1] = {0.59375};
	double		p[1];

	(void) state;
	five_model(&m, ind, scratch, iscratch);
	/* weighted sum 0.59375 is quantile 500 of the population: 0.5 */
	assert_true(ct_model_combine(&m, ws, p) == 0.5);
	assert_true(p[0] == 0.5);
	/* combine = the method itself: its raw score, clamped */
	m.combine = 0;
	assert_true(ct_model_combine(&m, ws, NULL) == 0.59375);
	ws[0] = 1.5;
	assert_true(ct_model_combine(&m, ws, NULL) == 1.0);
	/* a fitted model without quantiles is refused */
	m.has_quantiles = false;
	{
		ct_error	e;

		assert_int_equal(ct_model_check(&m, scratch, iscratch, &e), CT_EINVAL);
	}
}

static void
test_methods(void **state)
{
	/* TOPSIS of customers 1 and 4 (sql/model_example.sql, version 2) */
	ct_model	m;
	ct_indicator ind[3];
	double		scratch[64];
	int			iscratch[3];
	ct_result	r;
	ct_error	e;
	const double v1[3] = {0, 0, 1};
	const double v4[3] = {0.25, 1, 1};

	(void) state;
	five_model(&m, ind, scratch, iscratch);
	m.fitted = false;
	m.has_quantiles = false;
	m.n_methods = 5;
	m.methods[1] = CT_M_TOPSIS;
	m.methods[2] = CT_M_GREY;
	m.methods[3] = CT_M_VIKOR;
	m.methods[4] = CT_M_FUZZY;
	assert_int_equal(ct_model_check(&m, scratch, iscratch, &e), CT_OK);
	assert_int_equal(ct_model_evaluate(&m, v1, &r, &e), CT_OK);
	assert_true(isnan(r.score));
	assert_true(r.method_score[0] == 0.5);
	assert_true(fabs(r.method_score[1] - 0.5 / (0.5 + sqrt(0.15625))) < 1e-12);
	/* grey: xi = 0.5/(delta+0.5): (1/3)*0.375 + (1/3)*0.125 + 1*0.5 = 0.6666... */
	assert_true(fabs(r.method_score[2] - (0.375 / 3 + 0.125 / 3 + 0.5)) < 1e-12);
	/* VIKOR S = 0.375 + 0.125 = 0.5, R = 0.375; Q is unknown before fitting */
	assert_true(fabs(r.vikor_s - 0.5) < 1e-15 && fabs(r.vikor_r - 0.375) < 1e-15);
	assert_true(isnan(r.method_score[3]));
	/* fuzzy, weighted average over a triangular partition: the weighted sum */
	assert_true(fabs(r.method_score[4] - 0.5) < 1e-12);
	assert_int_equal(ct_model_evaluate(&m, v4, &r, &e), CT_OK);
	assert_true(fabs(r.method_score[1] - sqrt(0.2744140625) / (0.28125 + sqrt(0.2744140625))) < 1e-12);
}

static void
test_check_refuses(void **state)
{
	ct_model	m;
	ct_indicator ind[3];
	double		scratch[64];
	int			iscratch[3];
	ct_error	e;

	(void) state;
	five_model(&m, ind, scratch, iscratch);
	tier_cuts[1] = 0.2;
	assert_int_equal(ct_model_check(&m, scratch, iscratch, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "tier cuts"));
	tier_cuts[1] = 0.8;
	ind[0].global_weight = ind[1].global_weight = ind[2].global_weight = 0;
	assert_int_equal(ct_model_check(&m, scratch, iscratch, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "weight 0"));
	five_model(&m, ind, scratch, iscratch);
	ind[1].level_count = 9;
	assert_int_equal(ct_model_check(&m, scratch, iscratch, &e), CT_EINVAL);
	five_model(&m, ind, scratch, iscratch);
	ind[0].lo = 200;
	assert_int_equal(ct_model_check(&m, scratch, iscratch, &e), CT_EINVAL);
	five_model(&m, ind, scratch, iscratch);
	m.dim_weight[0] = -1;
	assert_int_equal(ct_model_check(&m, scratch, iscratch, &e), CT_EINVAL);
}

static void
test_classification(void **state)
{
	ct_model	m;
	ct_indicator ind[3];
	double		scratch[64];
	int			iscratch[3];
	ct_class_input in = {12, 4, 0, 1, 0, 0};

	(void) state;
	five_model(&m, ind, scratch, iscratch);
	assert_int_equal(ct_model_stage(&m, &in), CT_STAGE_GROWTH);
	in.tenure_months = 5.9;
	assert_int_equal(ct_model_stage(&m, &in), CT_STAGE_IDENTIFICATION);
	in.tenure_months = 24;
	assert_int_equal(ct_model_stage(&m, &in), CT_STAGE_STABLE);
	in.porting_requested = 1;
	assert_int_equal(ct_model_stage(&m, &in), CT_STAGE_WARNING);
	in.porting_requested = -1;
	in.satisfaction = 2;
	assert_int_equal(ct_model_stage(&m, &in), CT_STAGE_WARNING);
	in.satisfaction = NAN;
	in.tenure_months = NAN;
	assert_int_equal(ct_model_stage(&m, &in), CT_STAGE_UNKNOWN);

	assert_int_equal(ct_model_credit_grade(&m, 0.8), 0);
	assert_int_equal(ct_model_credit_grade(&m, 0.5), 1);
	assert_int_equal(ct_model_credit_grade(&m, 0.49), 2);
	assert_int_equal(ct_model_credit_grade(&m, NAN), -1);

	in.complaints_90d = 1;
	in.unreasonable_ratio = 0.2;
	in.emotional = 0;
	assert_int_equal(ct_model_behaviour(&m, &in), CT_CLASS_FIRST_TIME_GOOD_FAITH);
	in.emotional = 1;
	assert_int_equal(ct_model_behaviour(&m, &in), CT_CLASS_EMOTIONAL_URGENT);
	in.complaints_90d = 3;
	in.unreasonable_ratio = 0.5;
	assert_int_equal(ct_model_behaviour(&m, &in), CT_CLASS_FREQUENT_UNREASONABLE);
	/* frequent but reasonable: not unreasonable */
	in.emotional = 0;
	in.unreasonable_ratio = 0.3;
	assert_int_equal(ct_model_behaviour(&m, &in), CT_CLASS_REGULAR);
	/* unreasonable but not frequent: not "frequent unreasonable" */
	in.complaints_90d = 1;
	in.unreasonable_ratio = 0.9;
	assert_int_equal(ct_model_behaviour(&m, &in), CT_CLASS_REGULAR);
	/* unknown inputs */
	in.complaints_90d = -1;
	in.unreasonable_ratio = NAN;
	in.emotional = -1;
	assert_int_equal(ct_model_behaviour(&m, &in), CT_CLASS_REGULAR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percentile),
		cmocka_unit_test(test_normalize_and_levels),
		cmocka_unit_test(test_five_customers),
		cmocka_unit_test(test_combine),
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_check_refuses),
		cmocka_unit_test(test_classification),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
