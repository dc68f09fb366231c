/*
 * test_model.c
 *		Unit tests of src/core/ct_model.c: percentile lookup, normalisation
 *		and level lookup, the evaluation of the five-customer example of
 *		sql/model_example.sql (numbers derived by hand there), and binding
 *		and classification (src/core/ct_model_bind.c) with the telecom
 *		model's lifecycle stage, credit grade and behaviour class, and the
 *		valid domains and coverage of the inputs.
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

static const char *const dim_names[5] = {"background", "value", "credit", "behaviour", "handling"};
static const char *const tier_labels[3] = {"low", "middle", "high"};
static const size_t tier_label_len[3] = {3, 6, 4};
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
	m->n_dim = 5;
	m->dim_name = dim_names;
	m->n_ind = 3;
	m->ind = ind;
	m->n_levels = 3;
	m->level_str = levels;
	m->level_len = level_len;
	m->level_score = level_score;

	ind[0].name = "arpu";
	ind[0].column = "arpu";
	ind[1].name = "level";
	ind[1].column = "customer_level";
	ind[2].name = "complaints";
	ind[2].column = "complaints_90d";
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
	m->tier_label = tier_labels;
	m->tier_label_len = tier_label_len;
	m->dim_tiers[1] = 2;
	m->dim_tier_cuts[1] = dim_cuts;
	m->dim_tiers[3] = 2;
	m->dim_tier_cuts[3] = dim_cuts;
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

/* the input columns of the classification test and their types */
static bool
columns(void *arg, const char *name, ct_rule_type *type)
{
	static const char *const num[] = {"arpu", "complaints_90d", "tenure_months", "satisfaction",
	"unreasonable_ratio"};
	static const char *const boo[] = {"porting_requested", "emotional"};

	(void) arg;
	for (size_t i = 0; i < sizeof(num) / sizeof(num[0]); i++)
		if (strcmp(name, num[i]) == 0)
		{
			*type = CT_RULE_NUMBER;
			return true;
		}
	for (size_t i = 0; i < sizeof(boo) / sizeof(boo[0]); i++)
		if (strcmp(name, boo[i]) == 0)
		{
			*type = CT_RULE_BOOL;
			return true;
		}
	if (strcmp(name, "customer_level") == 0)
	{
		*type = CT_RULE_STRING;
		return true;
	}
	return false;
}

static const char *const stage_labels[4] = {"warning", "identification", "growth", "stable"};
static const size_t stage_len[4] = {7, 14, 6, 6};
static const char *const stage_when[4] = {
	"porting_requested OR satisfaction <= 2", "tenure_months < 6", "tenure_months < 24",
"tenure_months >= 24"};
static const char *const grade_labels[3] = {"high", "medium", "low"};
static const size_t grade_len[3] = {4, 6, 3};
static const char *const grade_when[3] = {"credit_score >= 0.8", "credit_score >= 0.5",
"credit_score < 0.5"};
static const char *const class_labels[4] = {"frequent_unreasonable", "emotional_urgent",
"first_time_good_faith", "regular"};
static const size_t class_len[4] = {21, 16, 21, 7};
static const char *const class_when[4] = {
	"complaints_90d >= 3 AND unreasonable_ratio >= 0.5", "emotional",
"complaints_90d = 1 AND unreasonable_ratio <= 0.2", "TRUE"};

typedef struct classify_fixture
{
	ct_model	m;
	ct_indicator ind[3];
	double		scratch[64];
	int			iscratch[3];
	ct_classification cl[3];
	ct_rule_program progs[11];
	int			reads[3][CT_MAX_VARS];
	ct_vars		vars;
	ct_rule_value slots[CT_MAX_VARS];
	ct_result	r;
} classify_fixture;

static void
set_num(classify_fixture *f, const char *name, double x)
{
	int			s = ct_vars_find(&f->vars, name);

	assert_true(s >= 0);
	f->slots[s].isnull = isnan(x);
	f->slots[s].num = x;
}

static void
set_bool(classify_fixture *f, const char *name, int b)
{
	int			s = ct_vars_find(&f->vars, name);

	assert_true(s >= 0);
	f->slots[s].isnull = b < 0;
	f->slots[s].b = b > 0;
}

static const char *
label(classify_fixture *f, int c)
{
	ct_model_classify(&f->m, &f->vars, &f->r, f->slots);
	return f->r.class_label[c] < 0 ? "NULL" : f->cl[c].labels[f->r.class_label[c]];
}

static void
test_classification(void **state)
{
	static classify_fixture fx;
	classify_fixture *f = &fx;
	const char *names[3] = {"lifecycle_stage", "credit_grade", "behaviour_class"};
	ct_error	e;

	(void) state;
	memset(f, 0, sizeof(*f));
	five_model(&f->m, f->ind, f->scratch, f->iscratch);
	f->cl[0] = (ct_classification) {names[0], 4, stage_labels, stage_len, stage_when, f->progs, 0, f->reads[0]};
	f->cl[1] = (ct_classification) {names[1], 3, grade_labels, grade_len, grade_when, f->progs + 4, 0, f->reads[1]};
	f->cl[2] = (ct_classification) {names[2], 4, class_labels, class_len, class_when, f->progs + 7, 0, f->reads[2]};
	f->m.n_class = 3;
	f->m.classes = f->cl;
	assert_int_equal(ct_vars_init(&f->vars, 5, dim_names, 3, names, &e), CT_OK);
	f->vars.column_type = columns;
	assert_int_equal(ct_model_bind(&f->m, &f->vars, &e), CT_OK);
	/* outputs first, then the indicator columns, then what conditions read */
	assert_int_equal(f->vars.n_outputs, 2 + 2 * 5 + 3);
	assert_int_equal(ct_vars_find(&f->vars, "credit_score"), ct_slot_dim_score(2));
	assert_int_equal(ct_vars_find(&f->vars, "behaviour_class"), ct_slot_class(&f->vars, 2));
	assert_int_equal(f->ind[0].slot, f->vars.n_outputs);
	assert_int_equal(f->cl[0].n_reads, 3);
	assert_int_equal(f->cl[1].n_reads, 0);	/* reads an output only */
	for (int s = 0; s < CT_MAX_VARS; s++)
		f->slots[s].isnull = true;

	f->r.score = 0.5;
	f->r.tier = 1;
	for (int d = 0; d < 5; d++)
	{
		f->r.dim_score[d] = NAN;
		f->r.dim_tier[d] = -1;
	}
	/* every input NULL: NULL, not a default label */
	assert_string_equal(label(f, 0), "NULL");
	assert_string_equal(label(f, 2), "NULL");
	assert_string_equal(label(f, 1), "NULL");	/* credit score NaN */

	set_num(f, "tenure_months", 12);
	set_num(f, "satisfaction", 4);
	set_bool(f, "porting_requested", 0);
	assert_string_equal(label(f, 0), "growth");
	set_num(f, "tenure_months", 5.9);
	assert_string_equal(label(f, 0), "identification");
	set_num(f, "tenure_months", 24);
	assert_string_equal(label(f, 0), "stable");
	set_bool(f, "porting_requested", 1);
	assert_string_equal(label(f, 0), "warning");
	set_bool(f, "porting_requested", -1);
	set_num(f, "satisfaction", 2);
	assert_string_equal(label(f, 0), "warning");
	set_num(f, "satisfaction", NAN);
	set_num(f, "tenure_months", NAN);
	assert_string_equal(label(f, 0), "NULL");

	f->r.dim_score[2] = 0.8;
	assert_string_equal(label(f, 1), "high");
	f->r.dim_score[2] = 0.5;
	assert_string_equal(label(f, 1), "medium");
	f->r.dim_score[2] = 0.49;
	assert_string_equal(label(f, 1), "low");

	set_num(f, "complaints_90d", 1);
	set_num(f, "unreasonable_ratio", 0.2);
	set_bool(f, "emotional", 0);
	assert_string_equal(label(f, 2), "first_time_good_faith");
	set_bool(f, "emotional", 1);
	assert_string_equal(label(f, 2), "emotional_urgent");
	set_num(f, "complaints_90d", 3);
	set_num(f, "unreasonable_ratio", 0.5);
	assert_string_equal(label(f, 2), "frequent_unreasonable");
	/* frequent but reasonable: not unreasonable */
	set_bool(f, "emotional", 0);
	set_num(f, "unreasonable_ratio", 0.3);
	assert_string_equal(label(f, 2), "regular");
	/* unreasonable but not frequent: not "frequent unreasonable" */
	set_num(f, "complaints_90d", 1);
	set_num(f, "unreasonable_ratio", 0.9);
	assert_string_equal(label(f, 2), "regular");
	/* one input known: the fall-back label */
	set_num(f, "complaints_90d", NAN);
	set_num(f, "unreasonable_ratio", NAN);
	assert_string_equal(label(f, 2), "regular");
	/* the class's slot holds the label for later classifications and rules */
	assert_false(f->slots[ct_slot_class(&f->vars, 2)].isnull);
	assert_int_equal(f->slots[ct_slot_class(&f->vars, 2)].len, 7);
}

static void
test_bind_errors(void **state)
{
	static classify_fixture fx;
	classify_fixture *f = &fx;
	const char *names[1] = {"stage"};
	const char *const bad_when[1] = {"lifecycle_stage = 'x'"};
	const char *const later_when[1] = {"balance > 1"};
	ct_error	e;

	(void) state;
	memset(f, 0, sizeof(*f));
	five_model(&f->m, f->ind, f->scratch, f->iscratch);
	/* every missing column in one error */
	f->ind[0].column = "nope";
	f->ind[2].column = "nope2";
	assert_int_equal(ct_vars_init(&f->vars, 5, dim_names, 0, names, &e), CT_OK);
	f->vars.column_type = columns;
	assert_int_equal(ct_model_bind(&f->m, &f->vars, &e), CT_EUNDEFINED);
	assert_non_null(strstr(e.message, "2 columns"));
	assert_non_null(strstr(e.detail, "\"nope\" (indicator \"arpu\")"));
	assert_non_null(strstr(e.detail, "\"nope2\" (indicator \"complaints\")"));
	/* a mistyped column */
	five_model(&f->m, f->ind, f->scratch, f->iscratch);
	f->ind[0].column = "customer_level";
	assert_int_equal(ct_vars_init(&f->vars, 5, dim_names, 0, names, &e), CT_OK);
	f->vars.column_type = columns;
	assert_int_equal(ct_model_bind(&f->m, &f->vars, &e), CT_EINVAL);
	assert_non_null(strstr(e.detail, "needs a number"));
	/* a condition reading an unknown variable names its classification */
	five_model(&f->m, f->ind, f->scratch, f->iscratch);
	f->cl[0] = (ct_classification) {names[0], 1, grade_labels, grade_len, later_when, f->progs, 0, f->reads[0]};
	f->m.n_class = 1;
	f->m.classes = f->cl;
	assert_int_equal(ct_vars_init(&f->vars, 5, dim_names, 1, names, &e), CT_OK);
	f->vars.column_type = columns;
	assert_int_equal(ct_model_bind(&f->m, &f->vars, &e), CT_EUNDEFINED);
	assert_non_null(strstr(e.message, "classification \"stage\", label \"high\""));
	assert_int_equal(e.position, 1);
	/* a classification cannot read itself (only earlier ones) */
	f->cl[0].conditions = bad_when;
	f->cl[0].name = "lifecycle_stage";
	names[0] = "lifecycle_stage";
	assert_int_equal(ct_vars_init(&f->vars, 5, dim_names, 1, names, &e), CT_OK);
	f->vars.column_type = columns;
	assert_int_equal(ct_model_bind(&f->m, &f->vars, &e), CT_EUNDEFINED);
	/* two outputs with one name */
	names[0] = "value_score";
	assert_int_equal(ct_vars_init(&f->vars, 5, dim_names, 1, names, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "value_score"));
}

/*
 * ct_model_inputs with valid domains (one test per value: NaN, +-Infinity
 * and values outside the domain) and ct_model_coverage on the five-customer
 * model (global weights 0.375 arpu, 0.125 level, 0.5 complaints).
 */
static void
test_inputs_domain_coverage(void **state)
{
	static classify_fixture fx;
	classify_fixture *f = &fx;
	const char *names[1] = {"stage"};
	int			s_arpu,
				s_level,
				s_compl,
				nm,
				bad;
	double		v[3];
	bool		imputed[3];
	ct_error	e;

	(void) state;
	memset(f, 0, sizeof(*f));
	five_model(&f->m, f->ind, f->scratch, f->iscratch);
	assert_int_equal(ct_vars_init(&f->vars, 5, dim_names, 0, names, &e), CT_OK);
	f->vars.column_type = columns;
	assert_int_equal(ct_model_bind(&f->m, &f->vars, &e), CT_OK);
	s_arpu = f->ind[0].slot;
	s_level = f->ind[1].slot;
	s_compl = f->ind[2].slot;
	f->slots[s_arpu].num = 50;
	f->slots[s_level].str = "gold";
	f->slots[s_level].len = 4;
	f->slots[s_compl].num = 3;

	/* no domain: every finite value, NaN and Infinity refused as before */
	assert_int_equal(ct_model_inputs(&f->m, f->slots, v, imputed, &nm, &bad, &e), CT_OK);
	assert_true(v[0] == 0.375 && v[1] == 1.0 && v[2] == 0.5);
	f->slots[s_arpu].num = -1e308;
	assert_int_equal(ct_model_inputs(&f->m, f->slots, v, imputed, &nm, &bad, &e), CT_OK);
	assert_true(v[0] == 0.0);
	f->slots[s_arpu].num = NAN;
	assert_int_equal(ct_model_inputs(&f->m, f->slots, v, imputed, &nm, &bad, &e), CT_EINVAL);
	assert_int_equal(bad, 0);
	assert_string_equal(e.message, "value must be a finite number");
	assert_string_equal(e.detail, "Got NaN.");
	f->slots[s_arpu].num = -INFINITY;
	assert_int_equal(ct_model_inputs(&f->m, f->slots, v, imputed, &nm, &bad, &e), CT_EINVAL);
	assert_string_equal(e.detail, "Got -Infinity.");

	/* arpu in [0, 1000], complaints >= 1 */
	f->ind[0].has_valid_lo = f->ind[0].has_valid_hi = true;
	f->ind[0].valid_lo = 0;
	f->ind[0].valid_hi = 1000;
	f->ind[2].has_valid_lo = true;
	f->ind[2].valid_lo = 1;
	assert_int_equal(ct_model_check(&f->m, f->scratch, f->iscratch, &e), CT_OK);
	f->slots[s_arpu].num = 1000;
	assert_int_equal(ct_model_inputs(&f->m, f->slots, v, imputed, &nm, &bad, &e), CT_OK);
	assert_true(v[0] == 1.0);
	f->slots[s_arpu].num = -5;
	assert_int_equal(ct_model_inputs(&f->m, f->slots, v, imputed, &nm, &bad, &e), CT_ERANGE);
	assert_int_equal(bad, 0);
	assert_string_equal(e.message, "value -5 is outside the valid domain [0, 1000]");
	f->slots[s_arpu].num = 1e300;
	assert_int_equal(ct_model_inputs(&f->m, f->slots, v, imputed, &nm, &bad, &e), CT_ERANGE);
	assert_string_equal(e.message, "value 1e+300 is outside the valid domain [0, 1000]");
	f->slots[s_arpu].num = INFINITY;
	assert_int_equal(ct_model_inputs(&f->m, f->slots, v, imputed, &nm, &bad, &e), CT_EINVAL);
	assert_string_equal(e.detail, "Got Infinity.");
	f->slots[s_arpu].num = 0.5;
	f->slots[s_compl].num = 0.99;
	assert_int_equal(ct_model_inputs(&f->m, f->slots, v, imputed, &nm, &bad, &e), CT_ERANGE);
	assert_int_equal(bad, 2);
	assert_string_equal(e.message, "value 0.99 is outside the valid domain [1, +inf)");
	/* a NULL input is not checked: it is imputed */
	f->slots[s_compl].isnull = true;
	assert_int_equal(ct_model_inputs(&f->m, f->slots, v, imputed, &nm, &bad, &e), CT_OK);
	assert_true(imputed[2] && v[2] == 0.65);
	assert_int_equal(nm, 1);

	/* coverage: the share of the global weight present; exactly 1 when complete */
	f->slots[s_compl].isnull = false;
	f->slots[s_compl].num = 2;
	assert_int_equal(ct_model_inputs(&f->m, f->slots, v, imputed, &nm, &bad, &e), CT_OK);
	assert_int_equal(nm, 0);
	assert_true(ct_model_coverage(&f->m, imputed) == 1.0);
	f->slots[s_arpu].isnull = true;
	assert_int_equal(ct_model_inputs(&f->m, f->slots, v, imputed, &nm, &bad, &e), CT_OK);
	assert_true(fabs(ct_model_coverage(&f->m, imputed) - 0.625) < 1e-15);
	f->slots[s_level].isnull = f->slots[s_compl].isnull = true;
	assert_int_equal(ct_model_inputs(&f->m, f->slots, v, imputed, &nm, &bad, &e), CT_OK);
	assert_int_equal(nm, 3);
	assert_true(ct_model_coverage(&f->m, imputed) == 0.0);

	/* refused: a domain on a qualitative indicator, lo > hi, not finite, min_coverage */
	f->ind[1].has_valid_lo = true;
	assert_int_equal(ct_model_check(&f->m, f->scratch, f->iscratch, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "qualitative"));
	f->ind[1].has_valid_lo = false;
	f->ind[0].valid_lo = 2000;
	assert_int_equal(ct_model_check(&f->m, f->scratch, f->iscratch, &e), CT_EINVAL);
	f->ind[0].valid_lo = -INFINITY;
	assert_int_equal(ct_model_check(&f->m, f->scratch, f->iscratch, &e), CT_EINVAL);
	f->ind[0].valid_lo = 0;
	f->m.min_coverage = 1.5;
	assert_int_equal(ct_model_check(&f->m, f->scratch, f->iscratch, &e), CT_EINVAL);
	f->m.min_coverage = NAN;
	assert_int_equal(ct_model_check(&f->m, f->scratch, f->iscratch, &e), CT_EINVAL);
	f->m.min_coverage = 0.5;
	assert_int_equal(ct_model_check(&f->m, f->scratch, f->iscratch, &e), CT_OK);
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
		cmocka_unit_test(test_bind_errors),
		cmocka_unit_test(test_inputs_domain_coverage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
