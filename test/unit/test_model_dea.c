/*
 * test_model_dea.c
 *		Unit tests of src/core/ct_model_dea.c and the segment variables of
 *		ct_vars.c: method dea in ct_model_evaluate against the frontier of
 *		sql/model_dea.sql (scores solved by hand there and checked with
 *		scipy's linprog in test/dea_model_check.py), the share bound, fuzzy
 *		segments against ct_fcm_membership, the checks of ct_model_check,
 *		and the output slots of segment and segment_membership.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ct_fcm.h"
#include "ct_model.h"

static const char *const dim_names[1] = {"value"};
/* the frontier of dea_t in sql/model_dea.sql */
static const double frontier[6] = {0.8, 0.2, 0.6, 0.6, 0.2, 0.8};
static const double centres[4] = {0.1, 0.1, 0.8, 0.8};

typedef struct fixture
{
	ct_model	m;
	ct_indicator ind[2];
	double		scratch[64];
	int			iscratch[2];
	double	   *dwork;
	int		   *iwork;
} fixture;

/* two benefit indicators on [0, 1], method dea, unfitted (raw scores only) */
static void
make(fixture *f, double max_share, int seg_k)
{
	ct_model   *m = &f->m;

	memset(f, 0, sizeof(*f));
	m->n_dim = 1;
	m->dim_name = dim_names;
	m->dim_weight[0] = 1;
	m->n_ind = 2;
	m->ind = f->ind;
	for (int j = 0; j < 2; j++)
	{
		f->ind[j].name = j ? "b" : "a";
		f->ind[j].column = f->ind[j].name;
		f->ind[j].kind = CT_KIND_QUANT;
		f->ind[j].direction = CT_DIR_BENEFIT;
		f->ind[j].lo = 0;
		f->ind[j].hi = 1;
		f->ind[j].weight = 0.5;
		f->ind[j].global_weight = 0.5;
		f->ind[j].impute = 0.5;
		f->ind[j].ideal = 1;
	}
	m->n_methods = 1;
	m->methods[0] = CT_M_DEA;
	m->combine = CT_COMBINE_MEAN_PERCENTILE;
	m->fuzzy_grades = 5;
	m->grey_rho = 0.5;
	m->grey_delta_max = 1;
	m->vikor_v = 0.5;
	m->dea_f = 3;
	m->dea_d = 2;
	m->dea_frontier = frontier;
	m->dea_max_share = max_share;
	m->seg_k = seg_k;
	m->seg_d = 2;
	m->fcm_m = 2;
	m->seg_centres = seg_k ? centres : NULL;
	f->dwork = malloc(sizeof(double) * ct_model_dea_doubles(2, 3, seg_k));
	f->iwork = malloc(sizeof(int) * ct_model_dea_ints(2, 3));
	ct_model_dea_scratch(m, f->dwork, f->iwork);
}

static void
unmake(fixture *f)
{
	free(f->dwork);
	free(f->iwork);
}

static double
dea_of(fixture *f, double a, double b)
{
	double		v[2] = {a, b};
	ct_result	r;
	ct_error	e;

	assert_int_equal(ct_model_evaluate(&f->m, v, &r, &e), CT_OK);
	return r.method_score[0];
}

static void
test_scores_by_hand(void **state)
{
	fixture		f;
	ct_error	e;

	(void) state;
	make(&f, 1.0, 0);
	assert_int_equal(ct_model_check(&f.m, f.scratch, f.iscratch, &e), CT_OK);
	assert_true(fabs(dea_of(&f, 0.8, 0.2) - 1) < 1e-12);
	assert_true(fabs(dea_of(&f, 0.6, 0.6) - 1) < 1e-12);
	assert_true(fabs(dea_of(&f, 0.4, 0.4) - 2.0 / 3) < 1e-12);
	assert_true(fabs(dea_of(&f, 0.5, 0.1) - 0.625) < 1e-12);
	assert_true(fabs(dea_of(&f, 0.3, 0.5) - 13.0 / 18) < 1e-12);
	assert_true(dea_of(&f, 0, 0) == 0);
	/* outside the population: above 1 */
	assert_true(fabs(dea_of(&f, 1, 1) - 5.0 / 3) < 1e-12);
	unmake(&f);
}

/* every share <= 0.6: linprog over all rows (test/dea_model_check.py) */
static void
test_share_bound(void **state)
{
	fixture		f;
	ct_error	e;
	double		w[2],
				s;

	(void) state;
	make(&f, 0.6, 0);
	assert_int_equal(ct_model_check(&f.m, f.scratch, f.iscratch, &e), CT_OK);
	assert_true(fabs(dea_of(&f, 0.8, 0.2) - 0.571428571429) < 1e-12);
	assert_true(fabs(dea_of(&f, 0.5, 0.1) - 0.290697674419) < 1e-12);
	assert_true(fabs(dea_of(&f, 0.3, 0.5) - 0.657894736842) < 1e-12);
	/* the weights keep each share within the bound */
	f.m.v_active[0] = 0.5;
	f.m.v_active[1] = 0.1;
	assert_int_equal(ct_model_dea_score(&f.m, &s, w, NULL, &e), CT_OK);
	assert_true(w[0] * 0.5 / s <= 0.6 + 1e-12 && w[1] * 0.1 / s <= 0.6 + 1e-12);
	unmake(&f);
}

static void
test_segments(void **state)
{
	fixture		f;
	ct_error	e;
	ct_result	r;
	double		v[2] = {0.7, 0.6};
	double		u[2];

	(void) state;
	make(&f, 1.0, 2);
	assert_int_equal(ct_model_check(&f.m, f.scratch, f.iscratch, &e), CT_OK);
	assert_int_equal(ct_model_evaluate(&f.m, v, &r, &e), CT_OK);
	ct_fcm_membership(v, 2, centres, 2, 2.0, u, NULL);
	assert_int_equal(r.segment, 1);
	assert_true(r.segment_membership == u[1]);
	/* m = 2: u_c proportional to 1 / d_c: d = (0.61, 0.05) */
	assert_true(fabs(r.segment_membership - (1 / 0.05) / (1 / 0.05 + 1 / 0.61)) < 1e-12);
	unmake(&f);
	/* without segments: -1 and NaN */
	make(&f, 1.0, 0);
	assert_int_equal(ct_model_check(&f.m, f.scratch, f.iscratch, &e), CT_OK);
	assert_int_equal(ct_model_evaluate(&f.m, v, &r, &e), CT_OK);
	assert_int_equal(r.segment, -1);
	assert_true(isnan(r.segment_membership));
	unmake(&f);
}

static void
test_check_errors(void **state)
{
	fixture		f;
	ct_error	e;
	static const double negative[6] = {0.8, -0.2, 0.6, 0.6, 0.2, 0.8};
	static const double same[4] = {0.5, 0.5, 0.5, 0.5};

	(void) state;
	make(&f, 0.4, 0);			/* 2 x 0.4 < 1 */
	assert_int_equal(ct_model_check(&f.m, f.scratch, f.iscratch, &e), CT_EINVAL);
	unmake(&f);
	make(&f, NAN, 0);
	assert_int_equal(ct_model_check(&f.m, f.scratch, f.iscratch, &e), CT_EINVAL);
	unmake(&f);
	make(&f, 1, 0);
	f.m.dea_frontier = negative;
	assert_int_equal(ct_model_check(&f.m, f.scratch, f.iscratch, &e), CT_EINVAL);
	unmake(&f);
	make(&f, 1, 0);
	f.m.dea_d = 3;
	f.m.dea_f = 2;
	assert_int_equal(ct_model_check(&f.m, f.scratch, f.iscratch, &e), CT_EINVAL);
	unmake(&f);
	make(&f, 1, 0);
	f.m.dea_f = 0;				/* while fitting: no frontier, NaN */
	assert_int_equal(ct_model_check(&f.m, f.scratch, f.iscratch, &e), CT_OK);
	assert_true(isnan(dea_of(&f, 0.5, 0.5)));
	f.m.fitted = true;			/* fitted without one: refused (quantiles checked first) */
	f.m.has_quantiles = false;
	assert_int_equal(ct_model_check(&f.m, f.scratch, f.iscratch, &e), CT_EINVAL);
	unmake(&f);
	make(&f, 1, 2);
	f.m.seg_centres = same;
	assert_int_equal(ct_model_check(&f.m, f.scratch, f.iscratch, &e), CT_EINVAL);
	unmake(&f);
	make(&f, 1, 2);
	f.m.fcm_m = 1;
	assert_int_equal(ct_model_check(&f.m, f.scratch, f.iscratch, &e), CT_EINVAL);
	unmake(&f);
	make(&f, 1, 1);
	assert_int_equal(ct_model_check(&f.m, f.scratch, f.iscratch, &e), CT_EINVAL);
	unmake(&f);
}

static bool
any_number(void *arg, const char *name, ct_rule_type *type)
{
	(void) arg;
	(void) name;
	*type = CT_RULE_NUMBER;
	return true;
}

static void
test_segment_variables(void **state)
{
	ct_vars    *v = malloc(sizeof(ct_vars));
	static const char *const classes[1] = {"kind"};
	ct_error	e;

	(void) state;
	assert_int_equal(ct_vars_init(v, 1, dim_names, 1, classes, &e), CT_OK);
	assert_int_equal(v->seg_slot, -1);
	assert_int_equal(ct_vars_add_segments(v, &e), CT_OK);
	/* after score, tier, value_score, value_tier, kind */
	assert_int_equal(v->seg_slot, 5);
	assert_int_equal(ct_vars_find(v, "segment"), 5);
	assert_int_equal(ct_vars_find(v, "segment_membership"), 6);
	assert_int_equal(v->n_outputs, 7);
	assert_int_equal(v->vars[5].role, CT_VAR_SEGMENT);
	assert_int_equal(v->vars[6].type, CT_RULE_NUMBER);
	assert_int_equal(ct_slot_class(v, 0), 4);
	/* once only, and before the inputs */
	assert_int_equal(ct_vars_add_segments(v, &e), CT_EINVAL);
	assert_int_equal(ct_vars_init(v, 1, dim_names, 1, classes, &e), CT_OK);
	v->column_type = any_number;
	assert_int_equal(ct_vars_input(v, "x", &e), 5);
	assert_int_equal(ct_vars_add_segments(v, &e), CT_EINVAL);
	/* a classification named segment collides */
	{
		static const char *const bad[1] = {"segment"};

		assert_int_equal(ct_vars_init(v, 1, dim_names, 1, bad, &e), CT_OK);
		assert_int_equal(ct_vars_add_segments(v, &e), CT_EINVAL);
	}
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scores_by_hand),
		cmocka_unit_test(test_share_bound),
		cmocka_unit_test(test_segments),
		cmocka_unit_test(test_check_errors),
		cmocka_unit_test(test_segment_variables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
