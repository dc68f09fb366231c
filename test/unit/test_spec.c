/*
 * test_spec.c
 *		Unit tests of src/core/ct_spec.c: a valid model passes, and every
 *		problem of a model is reported at once (model parameters,
 *		dimensions with weights or an AHP matrix, indicators, tier schemes,
 *		classifications, rules), with its code, in order, up to the limit.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ct_spec.h"

/* ---- a valid three-dimension model, copied and broken by each test ---- */

static const char *const plan_levels[] = {"No", "Yes"};
static const double plan_scores[] = {0.0, 1.0};
static const char *const overall_labels[] = {"low", "middle", "high"};
static const double overall_shares[] = {0.5, 0.3, 0.2};
static const char *const dim_labels[] = {"low", "high"};
static const double dim_cuts[] = {0.5};
static const char *const stage_labels[] = {"warning", "normal"};
static const char *const stage_conditions[] = {
	"customer_service_calls >= 4", "customer_service_calls < 4"
};
static const char *const all_methods[] = {"weighted_sum", "topsis"};

typedef struct model
{
	ct_spec_dimension dims[CT_SPEC_MAX_DIM + 1];
	ct_spec_indicator ind[4];
	ct_spec_tier tiers[2];
	ct_spec_classification classes[1];
	ct_spec_rule rules[2];
	ct_spec		s;
} model;

static ct_spec_indicator
quantitative(const char *name, const char *dim, const char *column,
			 const char *direction)
{
	ct_spec_indicator ind;

	memset(&ind, 0, sizeof(ind));
	ind.name = name;
	ind.dimension = dim;
	ind.kind = "quantitative";
	ind.column = column;
	ind.direction = direction;
	ind.transform = "none";
	ind.n_levels = -1;
	ind.n_level_scores = -1;
	ind.range_lo = ind.range_hi = ind.best_lo = ind.best_hi = NAN;
	ind.valid_lo = ind.valid_hi = NAN;
	ind.expert_weight = 1.0;
	return ind;
}

static void
make_model(model *m)
{
	ct_spec    *s = &m->s;

	memset(m, 0, sizeof(*m));
	m->dims[0] = (ct_spec_dimension) {"usage", 0.4};
	m->dims[1] = (ct_spec_dimension) {"service", 0.35};
	m->dims[2] = (ct_spec_dimension) {"plan", 0.25};

	m->ind[0] = quantitative("day_charge", "usage", "total_day_charge", "benefit");
	m->ind[0].transform = "log";
	m->ind[1] = quantitative("service_calls", "service", "customer_service_calls", "cost");
	m->ind[1].range_lo = 0;
	m->ind[1].range_hi = 20;
	m->ind[2] = quantitative("intl_plan", "plan", "international_plan", "benefit");
	m->ind[2].kind = "qualitative";
	m->ind[2].n_levels = 2;
	m->ind[2].levels = plan_levels;
	m->ind[2].n_level_scores = 2;
	m->ind[2].level_scores = plan_scores;
	m->ind[3] = quantitative("tenure", "service", "account_length", "target");
	m->ind[3].range_lo = 0;
	m->ind[3].range_hi = 240;
	m->ind[3].best_lo = 24;
	m->ind[3].best_hi = 120;

	m->tiers[0] = (ct_spec_tier) {"overall", 3, overall_labels, 3, overall_shares, -1, NULL};
	m->tiers[1] = (ct_spec_tier) {"dimension", 2, dim_labels, -1, NULL, 1, dim_cuts};
	m->classes[0] = (ct_spec_classification) {"stage", 2, stage_labels, 2, stage_conditions};
	m->rules[0] = (ct_spec_rule) {"churn.retention", "retention_call",
	"stage = 'warning' AND international_plan = 'Yes'", 1};
	m->rules[1] = (ct_spec_rule) {"churn.watch", "watch", "stage = 'normal'", 0};

	s->name = "churn";
	s->n_dim = 3;
	s->dims = m->dims;
	s->pairwise_n = 0;
	s->pairwise_cols = 0;
	s->pairwise = NULL;
	s->ahp_method = "eigenvector";
	s->weighting = "expert";
	s->blend_objective = "critic";
	s->blend_alpha = 0.5;
	s->n_methods = 2;
	s->methods = all_methods;
	s->combine = "mean_percentile";
	s->grey_rho = 0.5;
	s->vikor_v = 0.5;
	s->fuzzy_operator = "min_max";
	s->fuzzy_grades = 5;
	s->fcm_m = 2;
	s->concordance_threshold = 0.7;
	s->allow_demographic = false;
	s->n_ind = 4;
	s->ind = m->ind;
	s->n_tiers = 2;
	s->tiers = m->tiers;
	s->n_class = 1;
	s->classes = m->classes;
	s->n_rules = 2;
	s->rules = m->rules;
}

/* ---- a condition checker that records its calls ---- */

typedef struct calls
{
	int			n;
	int			class_index[16];
	int			label_index[16];
	const char *condition[16];
} calls;

/* "foo" is the one unknown variable */
static ct_code
check_condition(void *arg, int class_index, int label_index,
				const char *condition, ct_error *e)
{
	calls	   *c = (calls *) arg;
	const char *foo = strstr(condition, "foo");

	if (c != NULL && c->n < 16)
	{
		c->class_index[c->n] = class_index;
		c->label_index[c->n] = label_index;
		c->condition[c->n] = condition;
		c->n++;
	}
	if (foo == NULL)
		return CT_OK;
	ct_fail(e, CT_EUNDEFINED, "unknown variable \"foo\"");
	e->position = (int) (foo - condition) + 1;
	return CT_EUNDEFINED;
}

static void
print_problems(const ct_problems *p)
{
	int			i;

	for (i = 0; i < p->n; i++)
		print_message("  problem %d: %s\n", i + 1, p->msg[i]);
	if (p->dropped)
		print_message("  (%d dropped)\n", p->dropped);
}

/* the validator's problems must be exactly want[0..n) in this order */
static void
assert_problems(const ct_problems *p, const char *const *want, int n)
{
	int			i;

	if (p->n != n)
	{
		print_problems(p);
		fail_msg("%d problems, want %d", p->n, n);
	}
	for (i = 0; i < n; i++)
		if (strcmp(p->msg[i], want[i]) != 0)
		{
			print_problems(p);
			fail_msg("problem %d:\n  got  %s\n  want %s", i + 1, p->msg[i], want[i]);
		}
}

static ct_code
validate(const model *m, ct_problems *p)
{
	return ct_spec_validate(&m->s, check_condition, NULL, p);
}

/* ---- tests ---- */

static void
test_valid(void **state)
{
	model		m;
	ct_problems p;
	calls		c = {0};

	(void) state;
	make_model(&m);
	assert_int_equal(ct_spec_validate(&m.s, check_condition, &c, &p), CT_OK);
	assert_problems(&p, NULL, 0);
	assert_int_equal(p.dropped, 0);
	assert_int_equal(p.first_code, CT_OK);
	/* every condition once: the classification's labels, then the rules */
	assert_int_equal(c.n, 4);
	assert_int_equal(c.class_index[0], 0);
	assert_int_equal(c.label_index[0], 0);
	assert_string_equal(c.condition[0], "customer_service_calls >= 4");
	assert_int_equal(c.class_index[1], 0);
	assert_int_equal(c.label_index[1], 1);
	assert_string_equal(c.condition[1], "customer_service_calls < 4");
	assert_int_equal(c.class_index[2], -1);
	assert_int_equal(c.label_index[2], 0);
	assert_int_equal(c.class_index[3], -1);
	assert_int_equal(c.label_index[3], 1);
	assert_string_equal(c.condition[3], "stage = 'normal'");

	/* no classifications, no rules, no callback, objective weighting */
	m.s.n_class = 0;
	m.s.n_rules = 0;
	m.s.weighting = "entropy";
	m.ind[0].expert_weight = NAN;
	assert_int_equal(ct_spec_validate(&m.s, NULL, NULL, &p), CT_OK);
	assert_int_equal(p.n, 0);
}

/* independent mistakes in every section are all reported, in section order */
static void
test_many_mistakes(void **state)
{
	static const char *const want[] = {
		"invalid model name \"Churn-Model\" (use lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 bytes)",
		"blend_alpha must be between 0 and 1 (got 2)",
		"dimension \"plan\": weight must be a non-negative finite number (got -1)",
		"indicator \"service_calls\": unknown direction \"up\" (use benefit, cost or target)",
		"indicator \"intl_plan\": unknown dimension \"plans\" (the dimensions are \"usage\", \"service\", \"plan\")",
		"tier scheme \"overall\": shares must sum to 1 (they sum to 0.9)",
		"classification \"score\": the name is taken (it is the model's overall score)",
		"classification \"score\" label \"normal\": unknown variable \"foo\" at position 1",
		"rule \"churn.watch\": routing_priority must be between 1 and 9, or 0 for none (got 12)",
	};
	static const double bad_shares[] = {0.5, 0.2, 0.2};
	static const char *const conds[] = {"calls >= 4", "foo < 4"};
	model		m;
	ct_problems p;

	(void) state;
	make_model(&m);
	m.s.name = "Churn-Model";
	m.s.blend_alpha = 2;
	m.dims[2].weight = -1;
	m.ind[1].direction = "up";
	m.ind[2].dimension = "plans";
	m.tiers[0].shares = bad_shares;
	m.classes[0].name = "score";
	m.classes[0].conditions = conds;
	m.rules[1].routing_priority = 12;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_problems(&p, want, 9);
	assert_int_equal(p.first_code, CT_EINVAL);
	assert_int_equal(p.dropped, 0);
}

static void
test_model_parameters(void **state)
{
	static const char *const want[] = {
		"the model has no name",
		"unknown weighting \"ahp\" (use expert, entropy, critic, stddev, pca, blend or outcome)",
		"unknown blend_objective \"\" (use entropy, critic, stddev or pca)",
		"blend_alpha must be between 0 and 1 (got NULL)",
		"unknown evaluation method \"electre\" (use any of weighted_sum, topsis, grey_relational, vikor, fuzzy, dea, priority, possibility_satisfaction)",
		"evaluation method \"topsis\" is listed more than once",
		"methods must not contain NULL (element 5)",
		"combine must be mean_percentile, probability or one of the model's methods (got \"vikor\")",
		"grey_rho must be in (0, 1] (got 0)",
		"vikor_v must be between 0 and 1 (got -0.5)",
		"unknown fuzzy_operator \"max_min\" (use weighted_average, min_max, product_max or min_sum)",
		"fuzzy_grades must be between 2 and 64 (got 65)",
		"concordance_threshold must be between 0 and 1 (got inf)",
	};
	static const char *const bad_methods[] = {"topsis", "electre", "topsis", "topsis", NULL};
	model		m;
	ct_problems p;

	(void) state;
	make_model(&m);
	m.s.name = "";
	m.s.weighting = "ahp";
	m.s.blend_objective = NULL;
	m.s.blend_alpha = NAN;
	m.s.n_methods = 5;
	m.s.methods = bad_methods;
	m.s.combine = "vikor";
	m.s.grey_rho = 0;
	m.s.vikor_v = -0.5;
	m.s.fuzzy_operator = "max_min";
	m.s.fuzzy_grades = 65;
	m.s.concordance_threshold = INFINITY;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_problems(&p, want, 13);

	/* no methods; combine names one of them; edge values accepted */
	make_model(&m);
	m.s.n_methods = 0;
	m.s.combine = "topsis";
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.msg[0], "methods must name at least one evaluation method (use any of weighted_sum, topsis, grey_relational, vikor, fuzzy, dea, priority, possibility_satisfaction)");
	make_model(&m);
	m.s.combine = "topsis";
	m.s.blend_alpha = 1;
	m.s.grey_rho = 1;
	m.s.vikor_v = 0;
	m.s.fuzzy_grades = 2;
	m.s.concordance_threshold = 0;
	m.s.name = "_x9";
	assert_int_equal(validate(&m, &p), CT_OK);
}

/* weighting outcome: the outcome column, its penalty, combine probability */
static void
test_outcome(void **state)
{
	static const char *const want[] = {
		"weighting outcome needs the model's outcome column (\"outcome\": \"<column>\", a boolean or 0/1 column of the source)",
		"outcome_penalty must be a non-negative finite number (got -1)",
		"combine probability needs weighting outcome and the method weighted_sum (the probability is the logistic function of the outcome-weighted sum)",
	};
	static const char *const want2[] = {
		"indicator \"service_calls\" reads the outcome column \"customer_service_calls\" (an indicator cannot predict the outcome from itself)",
	};
	static const char *const topsis_only[] = {"topsis"};
	model		m;
	ct_problems p;

	(void) state;
	/* valid: no dimension weights needed, combine probability */
	make_model(&m);
	m.s.weighting = "outcome";
	m.s.outcome = "churn";
	m.s.outcome_penalty = 1.0;
	m.s.combine = "probability";
	for (int d = 0; d < 3; d++)
		m.dims[d].weight = NAN;
	assert_int_equal(validate(&m, &p), CT_OK);

	make_model(&m);
	m.s.weighting = "outcome";
	m.s.outcome_penalty = -1;
	m.s.combine = "probability";
	m.s.n_methods = 1;
	m.s.methods = topsis_only;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_problems(&p, want, 3);

	/* probability needs weighting outcome; the penalty is checked always */
	make_model(&m);
	m.s.combine = "probability";
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_problems(&p, want + 2, 1);
	m.s.combine = "mean_percentile";
	m.s.outcome_penalty = INFINITY;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);

	make_model(&m);
	m.s.outcome = "customer_service_calls";
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_problems(&p, want2, 1);
}

static void
test_dimension_names(void **state)
{
	static const char *const want[] = {
		"dimension \"Usage\": invalid name (use lower-case letters, digits and underscores, starting with a letter or underscore, at most 57 bytes so that \"<dimension>_score\" fits in 63)",
		"dimension 2: has no name",
		"dimension \"overall\": the name is reserved (it is a tier scheme scope)",
		"dimension \"plan\" is listed more than once",
		"dimension \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": invalid name (use lower-case letters, digits and underscores, starting with a letter or underscore, at most 57 bytes so that \"<dimension>_score\" fits in 63)",
	};
	char		long58[59];
	char		long57[58];
	model		m;
	ct_problems p;

	(void) state;
	memset(long58, 'a', 58);
	long58[58] = '\0';
	memset(long57, 'a', 57);
	long57[57] = '\0';
	make_model(&m);
	m.s.n_dim = 6;
	m.dims[0].name = "Usage";
	m.dims[1].name = NULL;
	m.dims[3] = (ct_spec_dimension) {"overall", 1};
	m.dims[4] = (ct_spec_dimension) {"plan", 1};
	m.dims[5] = (ct_spec_dimension) {long58, 1};
	m.ind[0].dimension = "plan";
	m.ind[1].dimension = "plan";
	m.ind[3].dimension = "plan";
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_problems(&p, want, 5);

	/* 57 bytes is the longest dimension name */
	make_model(&m);
	m.dims[0].name = long57;
	m.ind[0].dimension = long57;
	assert_int_equal(validate(&m, &p), CT_OK);
}

static void
test_dimension_weights(void **state)
{
	static const double pw[9] = {1, 2, 4, 0.5, 1, 2, 0.25, 0.5, 1};
	model		m;
	ct_problems p;

	(void) state;

	/* some with and some without a weight: the missing ones are named */
	make_model(&m);
	m.dims[1].weight = NAN;
	m.dims[2].weight = NAN;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "dimensions without a weight: \"service\", \"plan\" (give every dimension a weight, or none and a dimension_pairwise)");

	/* neither */
	make_model(&m);
	m.dims[0].weight = m.dims[1].weight = m.dims[2].weight = NAN;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "the dimensions need a weight each or a dimension_pairwise (an n x n AHP matrix in dimension order)");

	/* both (the matrix itself is fine) */
	make_model(&m);
	m.dims[1].weight = NAN;
	m.s.pairwise_n = m.s.pairwise_cols = 3;
	m.s.pairwise = pw;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "dimension weights and dimension_pairwise are both given (weights of \"usage\", \"plan\"; give one or the other)");

	/* a zero sum, and each bad weight */
	make_model(&m);
	m.dims[0].weight = m.dims[1].weight = m.dims[2].weight = 0;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "dimension weights must have a positive sum");
	m.dims[0].weight = INFINITY;
	m.dims[2].weight = -0.5;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.msg[0], "dimension \"usage\": weight must be a non-negative finite number (got inf)");
	assert_string_equal(p.msg[1], "dimension \"plan\": weight must be a non-negative finite number (got -0.5)");

	/* a zero weight among positive ones is fine */
	make_model(&m);
	m.dims[2].weight = 0;
	assert_int_equal(validate(&m, &p), CT_OK);
}

static void
test_pairwise_2x2(void **state)
{
	static const double pw[4] = {1, 3, 1.0 / 3, 1};
	model		m;
	ct_problems p;

	(void) state;
	make_model(&m);
	m.s.n_dim = 2;
	m.dims[0].weight = m.dims[1].weight = NAN;
	m.ind[2].dimension = "service";
	m.s.pairwise_n = m.s.pairwise_cols = 2;
	m.s.pairwise = pw;
	m.s.ahp_method = "geometric";
	assert_int_equal(validate(&m, &p), CT_OK);
	assert_int_equal(p.n, 0);

	/* the ahp_method is checked when there is a matrix */
	m.s.ahp_method = NULL;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "unknown ahp_method \"\" (use eigenvector, geometric or arithmetic)");
}

static void
test_pairwise_3x3(void **state)
{
	/* consistent: 1 : 2 : 4 */
	static const double ok[9] = {1, 2, 4, 0.5, 1, 2, 0.25, 0.5, 1};

	/*
	 * Each dimension 9 times as important as the next, cyclically: a
	 * circulant matrix, lambda_max = 1 + 9 + 1/9 = 10.1111, CI = (lambda_max
	 * - 3) / 2 = 3.5556, CR = CI / 0.58 = 6.1303.
	 */
	static const double cyclic[9] = {1, 9, 1.0 / 9, 1.0 / 9, 1, 9, 9, 1.0 / 9, 1};
	model		m;
	ct_problems p;

	(void) state;
	make_model(&m);
	m.dims[0].weight = m.dims[1].weight = m.dims[2].weight = NAN;
	m.s.pairwise_n = m.s.pairwise_cols = 3;
	m.s.pairwise = ok;
	assert_int_equal(validate(&m, &p), CT_OK);

	m.s.pairwise = cyclic;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "dimension_pairwise is inconsistent: CR = 6.1303 > 0.1 (lambda_max = 10.1111, CI = 3.5556, RI = 0.58)");
}

static void
test_pairwise_errors(void **state)
{
	static const double shape[6] = {1, 2, 0.5, 1, 1, 1};
	static const double bad[9] = {
		1, NAN, 4,
		0.5, 2, -2,
		0.33, 0.5, 1
	};
	static const double recip[9] = {1, 2, 4, 0.5, 1, 2, 0.25, 0.4, 1};
	ct_spec_dimension dims[16];
	double		ones[256];
	model		m;
	ct_problems p;
	int			i;

	(void) state;
	make_model(&m);
	m.dims[0].weight = m.dims[1].weight = m.dims[2].weight = NAN;
	m.s.pairwise_n = 3;
	m.s.pairwise_cols = 2;
	m.s.pairwise = shape;
	assert_int_equal(validate(&m, &p), CT_ESHAPE);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "dimension_pairwise must be a 3 x 3 matrix in dimension order (got 3 x 2)");

	/* a NULL, a negative, a bad diagonal and a bad pair: all reported */
	m.s.pairwise_cols = 3;
	m.s.pairwise = bad;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 4);
	assert_string_equal(p.msg[0], "dimension_pairwise must not contain NULL (element [1][2])");
	assert_string_equal(p.msg[1], "dimension_pairwise must hold positive finite numbers (element [2][3] is -2)");
	assert_string_equal(p.msg[2], "dimension_pairwise must have 1 on its diagonal (element [2][2] is 2)");
	/* 0.33 for 1/3 is not reciprocal within 1e-6 (the former trigger's rule) */
	assert_string_equal(p.msg[3], "dimension_pairwise must be reciprocal: element [1][3] is 4 but [3][1] is 0.33 (a[j][i] must be 1/a[i][j])");

	m.s.pairwise = recip;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "dimension_pairwise must be reciprocal: element [2][3] is 2 but [3][2] is 0.4 (a[j][i] must be 1/a[i][j])");

	/* 16 dimensions: no published random index, so no consistency check */
	for (i = 0; i < 16; i++)
	{
		static char names[16][16];

		snprintf(names[i], sizeof(names[i]), "d%d", i + 1);
		dims[i].name = names[i];
		dims[i].weight = NAN;
	}
	for (i = 0; i < 256; i++)
		ones[i] = 1.0;
	dims[0].name = "usage";
	dims[1].name = "service";
	dims[2].name = "plan";
	m.s.dims = dims;
	m.s.n_dim = 16;
	m.s.pairwise_n = m.s.pairwise_cols = 16;
	m.s.pairwise = ones;
	assert_int_equal(validate(&m, &p), CT_ELIMIT);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "dimension_pairwise cannot be checked for consistency with 16 dimensions (Saaty's random index is published for at most 15; give dimension weights instead)");
	/* weights are fine with 16 */
	for (i = 0; i < 16; i++)
		dims[i].weight = 1;
	m.s.pairwise_n = m.s.pairwise_cols = 0;
	m.s.pairwise = NULL;
	assert_int_equal(validate(&m, &p), CT_OK);
}

static void
test_dimension_counts(void **state)
{
	model		m;
	ct_problems p;
	int			i;

	(void) state;
	make_model(&m);
	m.s.n_dim = 17;
	for (i = 3; i < 17; i++)
	{
		static char names[17][16];

		snprintf(names[i], sizeof(names[i]), "d%d", i + 1);
		m.dims[i] = (ct_spec_dimension) {names[i], 1};
	}
	assert_int_equal(validate(&m, &p), CT_ELIMIT);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "the model has 17 dimensions; the limit is 16");

	make_model(&m);
	m.s.n_dim = 0;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	/* with no dimensions, every indicator's dimension is unknown too */
	assert_int_equal(p.n, 5);
	assert_string_equal(p.msg[0], "the model has no dimensions (give 1 to 16)");
	assert_string_equal(p.msg[1], "indicator \"day_charge\": unknown dimension \"usage\" (the model has no dimensions)");
}

static void
test_unknown_dimension(void **state)
{
	model		m;
	ct_problems p;

	(void) state;
	make_model(&m);
	m.ind[0].dimension = "usag";
	m.ind[3].dimension = NULL;
	assert_int_equal(validate(&m, &p), CT_EUNDEFINED);
	assert_int_equal(p.first_code, CT_EUNDEFINED);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.msg[0], "indicator \"day_charge\": unknown dimension \"usag\" (the dimensions are \"usage\", \"service\", \"plan\")");
	assert_string_equal(p.msg[1], "indicator \"tenure\": has no dimension (the dimensions are \"usage\", \"service\", \"plan\")");

	/* a dimension without indicators is allowed (fit warns) */
	make_model(&m);
	m.ind[2].dimension = "usage";
	assert_int_equal(validate(&m, &p), CT_OK);
}

static void
test_expert_weights(void **state)
{
	model		m;
	ct_problems p;

	(void) state;
	make_model(&m);
	m.ind[1].expert_weight = NAN;
	m.ind[3].expert_weight = NAN;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "weighting expert needs an expert_weight for every indicator; missing: \"service_calls\", \"tenure\" (set them, or choose an objective weighting: entropy, critic, stddev, pca)");

	m.s.weighting = "blend";
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
	assert_non_null(strstr(p.msg[0], "weighting blend needs an expert_weight"));

	/* an indicator without a name is named by its position */
	m.ind[1].name = NULL;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.msg[0], "indicator 2: has no name");
	assert_non_null(strstr(p.msg[1], "missing: indicator 2, \"tenure\" (set them"));
	m.ind[1].name = "service_calls";

	m.s.weighting = "critic";
	assert_int_equal(validate(&m, &p), CT_OK);

	/* an unknown weighting asks for nothing more */
	m.s.weighting = "guess";
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
}

static void
test_indicator_fields(void **state)
{
	static const char *const want[] = {
		"indicator \"Day\": invalid name (use lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 bytes)",
		"indicator \"Day\": unknown kind \"number\" (use quantitative or qualitative)",
		"indicator \"Day\": unknown transform \"sqrt\" (use none, or log for ln(1 + x) on a skewed non-negative quantity)",
		"indicator \"Day\": needs a source column",
		"indicator \"Day\": expert_weight must be a non-negative finite number (got -1)",
		"indicator 2: has no name",
		"indicator 2: the log transform needs a range above -1 (ln(1 + x) is defined for x > -1)",
		"indicator 2: reads the demographic column \"Gender\" (gender and age never change a score or a tier unless the model sets allow_demographic)",
		"indicator \"tenure\" is listed more than once",
		"indicator \"tenure\": reads the demographic column \"AGE\" (gender and age never change a score or a tier unless the model sets allow_demographic)",
		"indicator \"tenure\": expert_weight must be a non-negative finite number (got inf)",
	};
	model		m;
	ct_problems p;

	(void) state;
	make_model(&m);
	m.ind[0].name = "Day";
	m.ind[0].kind = "number";
	m.ind[0].transform = "sqrt";
	m.ind[0].column = "";
	m.ind[0].expert_weight = -1;
	m.ind[1].name = NULL;
	m.ind[1].column = "Gender";
	m.ind[1].transform = "log";
	m.ind[1].range_lo = -1;
	m.ind[2].transform = "none";
	m.ind[2].name = "tenure";	/* ind[3] is "tenure" too */
	m.ind[3].column = "AGE";
	m.ind[3].expert_weight = INFINITY;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_problems(&p, want, 11);

	/* allow_demographic lets gender and age in */
	make_model(&m);
	m.ind[1].column = "gender";
	m.ind[3].column = "Age";
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 2);
	m.s.allow_demographic = true;
	assert_int_equal(validate(&m, &p), CT_OK);
	/* a column that merely contains age is not demographic */
	m.s.allow_demographic = false;
	m.ind[1].column = "usage";
	m.ind[3].column = "ages";
	assert_int_equal(validate(&m, &p), CT_OK);
}

static void
test_qualitative(void **state)
{
	static const char *const want[] = {
		"indicator \"intl_plan\": level 2 is NULL",
		"indicator \"intl_plan\": level \"No\" is listed more than once",
		"indicator \"intl_plan\": level_scores needs one score per level (4 levels, 2 scores)",
		"indicator \"intl_plan\": a qualitative indicator cannot have direction target (give the best level the highest level score instead)",
		"indicator \"intl_plan\": a qualitative indicator takes no range",
		"indicator \"intl_plan\": a qualitative indicator takes no transform",
	};
	static const char *const levels[] = {"No", NULL, "No", "Yes"};
	static const double scores[] = {0, 1.5};
	static const double scores_null[] = {0, NAN};
	static const char *many[65];
	model		m;
	ct_problems p;
	int			i;

	(void) state;
	make_model(&m);
	m.ind[2].n_levels = 4;
	m.ind[2].levels = levels;
	m.ind[2].direction = "target";
	m.ind[2].best_lo = 0;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_problems(&p, want, 5);
	m.ind[2].transform = "log";
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 6);
	assert_string_equal(p.msg[0], want[5]);

	/* scores outside [0,1] or NULL */
	make_model(&m);
	m.ind[2].level_scores = scores;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "indicator \"intl_plan\": level_scores must be numbers between 0 and 1 (score 2 is 1.5)");
	m.ind[2].level_scores = scores_null;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_string_equal(p.msg[0], "indicator \"intl_plan\": level_scores must be numbers between 0 and 1 (score 2 is NULL)");

	/* no levels, and too many */
	make_model(&m);
	m.ind[2].n_levels = -1;
	m.ind[2].n_level_scores = -1;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "indicator \"intl_plan\": a qualitative indicator needs its ordered levels (list them from the worst to the best)");
	for (i = 0; i < 65; i++)
		many[i] = "x";
	m.ind[2].n_levels = 65;
	m.ind[2].levels = many;
	assert_int_equal(validate(&m, &p), CT_ELIMIT);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "indicator \"intl_plan\": has 65 levels; the limit is 64");

	/* level scores are optional */
	make_model(&m);
	m.ind[2].n_level_scores = -1;
	m.ind[2].level_scores = NULL;
	assert_int_equal(validate(&m, &p), CT_OK);
}

static void
test_quantitative(void **state)
{
	static const char *const levels[] = {"a"};
	model		m;
	ct_problems p;

	(void) state;
	make_model(&m);
	m.ind[0].n_levels = 1;
	m.ind[0].levels = levels;
	m.ind[0].range_lo = 0;		/* no range_hi */
	m.ind[0].best_hi = 3;		/* not a target */
	m.ind[1].range_lo = 5;
	m.ind[1].range_hi = 5;
	m.ind[3].best_lo = 100;
	m.ind[3].best_hi = 300;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	{
		static const char *const want[] = {
			"indicator \"day_charge\": a quantitative indicator takes no levels (set kind qualitative for an indicator with levels)",
			"indicator \"day_charge\": needs both range_lo and range_hi, or neither (without a range fit uses the population minimum and maximum)",
			"indicator \"day_charge\": only a target indicator takes best_lo and best_hi",
			"indicator \"service_calls\": range must satisfy range_lo < range_hi, both finite (got [5, 5])",
			"indicator \"tenure\": best range [100, 300] must lie inside its range [0, 240]",
		};

		assert_problems(&p, want, 5);
	}

	/* a target needs finite best_lo <= best_hi; without a range any will do */
	make_model(&m);
	m.ind[3].best_lo = 130;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_string_equal(p.msg[0], "indicator \"tenure\": a target indicator needs best_lo <= best_hi, both finite (got [130, 120])");
	m.ind[3].best_lo = NAN;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_string_equal(p.msg[0], "indicator \"tenure\": a target indicator needs best_lo <= best_hi, both finite (got [NULL, 120])");
	m.ind[3].best_lo = -INFINITY;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	m.ind[3].best_lo = 500;
	m.ind[3].best_hi = 600;
	m.ind[3].range_lo = m.ind[3].range_hi = NAN;
	assert_int_equal(validate(&m, &p), CT_OK);
	m.ind[3].best_lo = m.ind[3].best_hi = 7;
	assert_int_equal(validate(&m, &p), CT_OK);
	/* an infinite range */
	m.ind[3].range_lo = 0;
	m.ind[3].range_hi = INFINITY;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "indicator \"tenure\": range must satisfy range_lo < range_hi, both finite (got [0, inf])");
}

/* valid domains: hard limits that hold the range (and a target's best range) */
static void
test_valid_domains(void **state)
{
	model		m;
	ct_problems p;

	(void) state;
	make_model(&m);
	m.ind[0].valid_lo = 0;		/* log: valid_lo > -1 is fine; no valid_hi: open */
	m.ind[1].valid_lo = 0;		/* range [0, 20] inside [0, 20] */
	m.ind[1].valid_hi = 20;
	m.ind[3].valid_lo = 0;		/* target: range [0, 240], best [24, 120] */
	m.s.min_coverage = 0.5;
	assert_int_equal(validate(&m, &p), CT_OK);

	m.ind[0].valid_lo = -1;
	m.ind[1].valid_lo = 1;
	m.ind[2].valid_hi = 1;
	m.ind[3].valid_hi = 100;
	m.s.min_coverage = 1.5;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	{
		static const char *const want[] = {
			"min_coverage must be between 0 and 1 (got 1.5)",
			"indicator \"day_charge\": the log transform needs valid_lo > -1 (ln(1 + x) is defined for x > -1)",
			"indicator \"service_calls\": range [0, 20] must lie inside its valid domain [1, 20]",
			"indicator \"intl_plan\": a qualitative indicator takes no valid_lo or valid_hi (its levels are its valid values)",
			"indicator \"tenure\": range [0, 240] must lie inside its valid domain [0, 100]",
			"indicator \"tenure\": best range [24, 120] must lie inside its valid domain [0, 100]",
		};

		assert_problems(&p, want, 6);
	}

	make_model(&m);
	m.ind[1].valid_lo = 5;
	m.ind[1].valid_hi = 4;
	m.ind[3].valid_hi = INFINITY;
	m.s.min_coverage = NAN;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	{
		static const char *const want[] = {
			"min_coverage must be between 0 and 1 (got NULL)",
			"indicator \"service_calls\": valid domain must satisfy valid_lo <= valid_hi (got [5, 4])",
			"indicator \"tenure\": valid_lo and valid_hi must be finite numbers (got [NULL, inf]; leave one out for no limit)",
		};

		assert_problems(&p, want, 3);
	}
	/* a point domain, without a range */
	make_model(&m);
	m.ind[0].valid_lo = m.ind[0].valid_hi = 3;
	m.s.min_coverage = 1;
	assert_int_equal(validate(&m, &p), CT_OK);
}

static void
test_indicator_counts(void **state)
{
	static ct_spec_indicator many[CT_SPEC_MAX_IND + 1];
	model		m;
	ct_problems p;
	int			i;

	(void) state;
	make_model(&m);
	m.s.n_ind = 0;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "the model has no indicators");

	for (i = 0; i <= CT_SPEC_MAX_IND; i++)
	{
		static char names[CT_SPEC_MAX_IND + 1][16];

		snprintf(names[i], sizeof(names[i]), "i%d", i);
		many[i] = quantitative(names[i], "usage", "c", "benefit");
	}
	m.s.ind = many;
	m.s.n_ind = CT_SPEC_MAX_IND;
	assert_int_equal(validate(&m, &p), CT_OK);
	m.s.n_ind = CT_SPEC_MAX_IND + 1;
	assert_int_equal(validate(&m, &p), CT_ELIMIT);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "the model has 257 indicators; the limit is 256");
}

static void
test_tier_schemes(void **state)
{
	static const char *const want[] = {
		"the model has no overall tier scheme (add one with scope overall)",
		"tier scheme \"overal\": unknown scope (use overall, dimension or a dimension name: \"usage\", \"service\", \"plan\")",
		"tier scheme \"overal\": needs at least 2 labels",
		"tier scheme \"overal\": needs exactly one of shares and cuts (shares, one per label summing to 1, give cut points fitted on the population; cuts, one fewer than labels, are fixed)",
		"tier scheme \"usage\": label 2 is empty",
		"tier scheme \"usage\": label \"low\" is listed more than once",
		"tier scheme \"usage\": needs one share per label (4 labels, 3 shares)",
		"tier scheme \"usage\" is listed more than once",
		"tier scheme \"usage\": cuts must be strictly ascending inside (0, 1) (cut 2 is 0.4)",
		"tier scheme 4: has no scope (use overall, dimension or a dimension name)",
		"tier scheme 4: needs one cut fewer than labels (2 labels, 2 cuts)",
	};
	static const char *const one[] = {"only"};
	static const char *const four[] = {"low", "", "low", "high"};
	static const double shares3[] = {0.2, 0.3, 0.5};
	static const double cuts_desc[] = {0.6, 0.4};
	ct_spec_tier tiers[4];
	model		m;
	ct_problems p;

	(void) state;
	make_model(&m);
	tiers[0] = (ct_spec_tier) {"overal", 1, one, -1, NULL, -1, NULL};
	tiers[1] = (ct_spec_tier) {"usage", 4, four, 3, shares3, -1, NULL};
	tiers[2] = (ct_spec_tier) {"usage", 3, overall_labels, -1, NULL, 2, cuts_desc};
	tiers[3] = (ct_spec_tier) {NULL, 2, dim_labels, -1, NULL, 2, cuts_desc};
	m.s.tiers = tiers;
	m.s.n_tiers = 4;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_problems(&p, want, 11);

	/* a dimension scope, cut bounds, share bounds, both shares and cuts */
	{
		static const double cuts_edge[] = {0.0, 0.5};
		static const double shares_bad[] = {0.0, 0.5, 0.5};

		make_model(&m);
		tiers[0] = m.tiers[0];
		tiers[1] = (ct_spec_tier) {"plan", 3, overall_labels, -1, NULL, 2, cuts_edge};
		tiers[2] = (ct_spec_tier) {"service", 3, overall_labels, 3, shares_bad, -1, NULL};
		tiers[3] = (ct_spec_tier) {"dimension", 2, dim_labels, 2, overall_shares, 1, dim_cuts};
		m.s.tiers = tiers;
		m.s.n_tiers = 4;
		assert_int_equal(validate(&m, &p), CT_EINVAL);
		{
			static const char *const want2[] = {
				"tier scheme \"plan\": cuts must be strictly ascending inside (0, 1) (cut 1 is 0)",
				"tier scheme \"service\": shares must lie in (0, 1) and sum to 1 (share 1 is 0)",
				"tier scheme \"dimension\": needs exactly one of shares and cuts (shares, one per label summing to 1, give cut points fitted on the population; cuts, one fewer than labels, are fixed)",
			};

			assert_problems(&p, want2, 3);
		}
		tiers[1].cuts = dim_cuts;
		tiers[1].n_labels = 2;
		tiers[1].labels = dim_labels;
		tiers[1].n_cuts = 1;
		tiers[2].shares = overall_shares;
		tiers[3].n_shares = -1;
		assert_int_equal(validate(&m, &p), CT_OK);
	}

	/* no tier schemes at all */
	make_model(&m);
	m.s.n_tiers = 0;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], want[0]);
}

static void
test_classifications(void **state)
{
	static const char *const want[] = {
		"classification \"score\": the name is taken (it is the model's overall score)",
		"classification \"tier\": the name is taken (it is the model's overall tier)",
		"classification \"usage_score\": the name is taken (it is the score of dimension \"usage\")",
		"classification \"plan_tier\": the name is taken (it is the tier of dimension \"plan\")",
		"classification \"stage\": label 2 is empty",
		"classification \"stage\": label \"a\" is listed more than once",
		"classification \"stage\": needs one condition per label (3 labels, 2 conditions)",
		"classification \"stage\" label 2: unknown variable \"foo\" at position 5",
		"classification \"stage\" is listed more than once",
		"classification \"stage\": needs at least one label",
		"classification \"Stage\": invalid name (use lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 bytes)",
		"classification \"Stage\" label \"x\": has no condition",
	};
	static const char *const labels3[] = {"a", "", "a"};
	static const char *const conds2[] = {"x > 1", "x < foo"};
	static const char *const labels1[] = {"x"};
	static const char *const conds1[] = {""};
	ct_spec_classification cl[8];
	model		m;
	ct_problems p;

	(void) state;
	make_model(&m);
	cl[0] = (ct_spec_classification) {"score", 2, stage_labels, 2, stage_conditions};
	cl[1] = (ct_spec_classification) {"tier", 2, stage_labels, 2, stage_conditions};
	cl[2] = (ct_spec_classification) {"usage_score", 2, stage_labels, 2, stage_conditions};
	cl[3] = (ct_spec_classification) {"plan_tier", 2, stage_labels, 2, stage_conditions};
	cl[4] = (ct_spec_classification) {"stage", 3, labels3, 2, conds2};
	cl[5] = (ct_spec_classification) {"stage", 0, NULL, 0, NULL};
	cl[6] = (ct_spec_classification) {"Stage", 1, labels1, 1, conds1};
	/* names that merely resemble outputs are fine */
	cl[7] = (ct_spec_classification) {"usage_tiers", 2, stage_labels, 2, stage_conditions};
	m.s.classes = cl;
	m.s.n_class = 8;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_problems(&p, want, 12);

	/* a later classification may carry a dimension's bare name */
	make_model(&m);
	m.classes[0].name = "usage";
	assert_int_equal(validate(&m, &p), CT_OK);

	/* more than the limit */
	{
		static ct_spec_classification many[CT_SPEC_MAX_CLASS + 1];
		int			i;

		for (i = 0; i <= CT_SPEC_MAX_CLASS; i++)
			many[i] = m.classes[0];
		m.s.classes = many;
		m.s.n_class = CT_SPEC_MAX_CLASS + 1;
		assert_int_equal(validate(&m, &p), CT_ELIMIT);
		assert_int_equal(p.n, 1);
		assert_string_equal(p.msg[0], "the model has 33 classifications; the limit is 32");
	}
}

/* the callback sees every condition with its indices; its error keeps its code and position */
static void
test_condition_callback(void **state)
{
	static const char *const conds[] = {"a = 1", "b = foo"};
	model		m;
	ct_problems p;
	calls		c = {0};

	(void) state;
	make_model(&m);
	m.classes[0].conditions = conds;
	m.rules[0].condition = "foo IS NULL";
	m.rules[1].condition = NULL;
	assert_int_equal(ct_spec_validate(&m.s, check_condition, &c, &p), CT_EUNDEFINED);
	assert_int_equal(p.first_code, CT_EUNDEFINED);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.msg[0], "classification \"stage\" label \"normal\": unknown variable \"foo\" at position 5");
	assert_string_equal(p.msg[1], "rule \"churn.retention\": unknown variable \"foo\" at position 1");
	assert_string_equal(p.msg[2], "rule \"churn.watch\": has no condition");
	/* the missing condition is not passed on */
	assert_int_equal(c.n, 3);
	assert_int_equal(c.class_index[0], 0);
	assert_int_equal(c.label_index[0], 0);
	assert_string_equal(c.condition[0], "a = 1");
	assert_int_equal(c.class_index[1], 0);
	assert_int_equal(c.label_index[1], 1);
	assert_string_equal(c.condition[1], "b = foo");
	assert_int_equal(c.class_index[2], -1);
	assert_int_equal(c.label_index[2], 0);
	assert_string_equal(c.condition[2], "foo IS NULL");

	/* without a callback only the missing condition is reported */
	assert_int_equal(ct_spec_validate(&m.s, NULL, NULL, &p), CT_EINVAL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.msg[0], "rule \"churn.watch\": has no condition");
}

static void
test_rules(void **state)
{
	static const char *const want[] = {
		"rule \"Churn\": invalid id (use a lower-case letter, then lower-case letters, digits, underscores or dots, at most 63 bytes)",
		"rule \".x\": invalid id (use a lower-case letter, then lower-case letters, digits, underscores or dots, at most 63 bytes)",
		"rule 3: has no id",
		"rule 3: needs a strategy",
		"rule \"a.b_1\" is listed more than once",
		"rule \"a.b_1\": routing_priority must be between 1 and 9, or 0 for none (got -1)",
	};
	ct_spec_rule rules[6];
	model		m;
	ct_problems p;

	(void) state;
	make_model(&m);
	rules[0] = (ct_spec_rule) {"Churn", "s", "x = 1", 0};
	rules[1] = (ct_spec_rule) {".x", "s", "x = 1", 9};
	rules[2] = (ct_spec_rule) {NULL, "", "x = 1", 1};
	rules[3] = (ct_spec_rule) {"a.b_1", "s", "x = 1", 0};
	rules[4] = (ct_spec_rule) {"a.b_1", "s", "x = 1", -1};
	rules[5] = (ct_spec_rule) {"a.b_1", "s", "x = 1", 0};	/* third copy: reported once */
	m.s.rules = rules;
	m.s.n_rules = 6;
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_problems(&p, want, 6);

	{
		static ct_spec_rule many[CT_SPEC_MAX_RULES + 1];
		int			i;

		for (i = 0; i <= CT_SPEC_MAX_RULES; i++)
		{
			static char ids[CT_SPEC_MAX_RULES + 1][16];

			snprintf(ids[i], sizeof(ids[i]), "r.%d", i);
			many[i] = (ct_spec_rule) {ids[i], "s", "x = 1", 0};
		}
		m.s.rules = many;
		m.s.n_rules = CT_SPEC_MAX_RULES;
		assert_int_equal(validate(&m, &p), CT_OK);
		m.s.n_rules = CT_SPEC_MAX_RULES + 1;
		assert_int_equal(validate(&m, &p), CT_ELIMIT);
		assert_int_equal(p.n, 1);
		assert_string_equal(p.msg[0], "the model has 1001 rules; the limit is 1000");
	}
}

/* beyond CT_SPEC_MAX_PROBLEMS problems are only counted; the first code stays */
static void
test_problem_limit(void **state)
{
	static ct_spec_rule rules[70];
	model		m;
	ct_problems p;
	int			i;

	(void) state;
	make_model(&m);
	m.ind[0].dimension = "nowhere";	/* first problem: CT_EUNDEFINED */
	for (i = 0; i < 70; i++)
	{
		static char ids[70][16];

		snprintf(ids[i], sizeof(ids[i]), "r%d", i);
		rules[i] = (ct_spec_rule) {ids[i], "s", "x = 1", 10};
	}
	m.s.rules = rules;
	m.s.n_rules = 70;
	assert_int_equal(validate(&m, &p), CT_EUNDEFINED);
	assert_int_equal(p.n, CT_SPEC_MAX_PROBLEMS);
	assert_int_equal(p.dropped, 71 - CT_SPEC_MAX_PROBLEMS);
	assert_int_equal(p.first_code, CT_EUNDEFINED);
	assert_string_equal(p.msg[63], "rule \"r62\": routing_priority must be between 1 and 9, or 0 for none (got 10)");

	/* a long message is cut at CT_SPEC_PROBLEM_LEN - 1 bytes */
	{
		char		big[1000];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		ct_problems_init(&p);
		ct_problem(&p, CT_ESHAPE, "%s", big);
		assert_int_equal(p.n, 1);
		assert_int_equal(p.first_code, CT_ESHAPE);
		assert_int_equal(strlen(p.msg[0]), CT_SPEC_PROBLEM_LEN - 1);
	}
}

/* long user strings are cut in messages, and lists of names end with "and N more" */
static void
test_long_names(void **state)
{
	char		longname[200];
	ct_spec_dimension dims[16];
	static char names[16][60];
	model		m;
	ct_problems p;
	int			i;

	(void) state;
	memset(longname, 'z', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	for (i = 0; i < 16; i++)
	{
		memset(names[i], 'a' + i, 50);
		names[i][50] = '\0';
		dims[i].name = names[i];
		dims[i].weight = i < 2 ? 1 : NAN;
	}
	make_model(&m);
	m.s.dims = dims;
	m.s.n_dim = 16;
	m.ind[0].name = longname;
	m.ind[0].dimension = longname;
	m.ind[1].dimension = names[0];
	m.ind[2].dimension = names[0];
	m.ind[3].dimension = names[1];
	m.tiers[1].scope = names[2];
	assert_int_equal(validate(&m, &p), CT_EINVAL);
	assert_int_equal(p.n, 3);
	assert_non_null(strstr(p.msg[0], "dimensions without a weight: \"cccc"));
	assert_non_null(strstr(p.msg[0], " more (give every dimension a weight"));
	assert_true(strlen(p.msg[0]) < CT_SPEC_PROBLEM_LEN - 1);
	assert_non_null(strstr(p.msg[1], "invalid name"));
	/*
	 * The unknown dimension is shown with its first 64 bytes, the indicator's
	 * name too, and the list of dimensions is cut so that the message keeps
	 * its end.
	 */
	assert_non_null(strstr(p.msg[2], "indicator \"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\": unknown dimension \"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\" (the dimensions are \"aaaa"));
	assert_true(strlen(p.msg[2]) < CT_SPEC_PROBLEM_LEN - 1);
	assert_non_null(strstr(p.msg[2], " more)"));
	assert_int_equal(p.msg[2][strlen(p.msg[2]) - 1], ')');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_many_mistakes),
		cmocka_unit_test(test_model_parameters),
		cmocka_unit_test(test_outcome),
		cmocka_unit_test(test_dimension_names),
		cmocka_unit_test(test_dimension_weights),
		cmocka_unit_test(test_pairwise_2x2),
		cmocka_unit_test(test_pairwise_3x3),
		cmocka_unit_test(test_pairwise_errors),
		cmocka_unit_test(test_dimension_counts),
		cmocka_unit_test(test_unknown_dimension),
		cmocka_unit_test(test_expert_weights),
		cmocka_unit_test(test_indicator_fields),
		cmocka_unit_test(test_qualitative),
		cmocka_unit_test(test_quantitative),
		cmocka_unit_test(test_valid_domains),
		cmocka_unit_test(test_indicator_counts),
		cmocka_unit_test(test_tier_schemes),
		cmocka_unit_test(test_classifications),
		cmocka_unit_test(test_condition_callback),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_problem_limit),
		cmocka_unit_test(test_long_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
