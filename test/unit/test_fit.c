/*
 * test_fit.c
 *		Unit tests of src/core/ct_fit.c: the indicator and dimension weights
 *		of fit() on a hand-computed example, values pinned from the PL/pgSQL
 *		of src/sql/130_model_fit.sql, the degenerate cases (constant
 *		indicators and dimensions, a weighted dimension without indicators),
 *		the tie fix of the tier cut points and the argument checks.
 *
 * Results are compared bit for bit (same_bits) where the point is that the
 * core reproduces the PL/pgSQL exactly.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ct_fit.h"

#define N_MAX (CT_MAX_VECTOR + 1)

/* every output array, large enough for any test */
static double o_subj[N_MAX];
static double o_w[N_MAX];
static double o_global[N_MAX];
static double o_obj[N_MAX];
static double o_dimw[CT_FIT_MAX_DIM];
static bool o_present[CT_FIT_MAX_DIM];
static bool o_no_info[CT_FIT_MAX_DIM];
static bool o_no_ind[CT_FIT_MAX_DIM];

/* inputs of the large cases */
static int big_dim[N_MAX];
static double big_expert[N_MAX];
static bool big_const[N_MAX];
static double big_ideal[N_MAX];
static double big_anti[N_MAX];

static ct_fit_weight_out
outputs(void)
{
	ct_fit_weight_out out;

	memset(&out, 0, sizeof(out));
	out.subjective = o_subj;
	out.weight = o_w;
	out.global = o_global;
	out.objective = o_obj;
	out.dim_weight = o_dimw;
	out.dim_present = o_present;
	out.dim_no_info = o_no_info;
	out.dim_no_indicator = o_no_ind;
	return out;
}

static void
assert_bits(double got, double want, const char *what, int i)
{
	if (memcmp(&got, &want, sizeof(double)) != 0)
		fail_msg("%s[%d]: got %.17g, want %.17g", what, i, got, want);
}

static void
assert_vec_bits(const double *got, const double *want, int n, const char *what)
{
	int			i;

	for (i = 0; i < n; i++)
		assert_bits(got[i], want[i], what, i);
}

/*
 * (a) Two dimensions, four indicators, blend with alpha 0.5.  Dyadic inputs,
 * so every step below is exact and the comparison is bit for bit.
 *
 *	indicator	dim	expert	objective	ideal	anti
 *	1			0	3		0.5			0.75	0.25
 *	2			0	1		0.5			0.875	0.125
 *	3			1	1		0.25		0.625	0.5
 *	4			1	3		0.75		0.5		0
 *	dimension weights 3, 1
 *
 * dimension 0: expert sum 4 -> subjective 0.75, 0.25; objective sum 1 ->
 *	shares 0.5, 0.5; w = 0.5 * 0.75 + 0.5 * 0.5 = 0.625 and
 *	0.5 * 0.25 + 0.5 * 0.5 = 0.375 (sum 1, unchanged by renormalising).
 * dimension 1: expert sum 4 -> 0.25, 0.75; objective sum 1 -> 0.25, 0.75;
 *	w = 0.25, 0.75.
 * dimension weights 3 / 4 = 0.75, 1 / 4 = 0.25.
 * global: 0.75 * 0.625 = 0.46875, 0.75 * 0.375 = 0.28125,
 *	0.25 * 0.25 = 0.0625, 0.25 * 0.75 = 0.1875 (sum 1).
 * objective over all: sum 2 -> 0.25, 0.25, 0.125, 0.375.
 * delta_max: every global > 0; ideal - anti = 0.5, 0.75, 0.125, 0.5 -> 0.75.
 */
static void
test_hand_computed_blend(void **state)
{
	static const int dim[] = {0, 0, 1, 1};
	static const double expert[] = {3, 1, 1, 3};
	static const double objective[] = {0.5, 0.5, 0.25, 0.75};
	static const bool constant[] = {false, false, false, false};
	static const double ideal[] = {0.75, 0.875, 0.625, 0.5};
	static const double anti[] = {0.25, 0.125, 0.5, 0};
	static const double dimw[] = {3, 1};
	static const double want_subj[] = {0.75, 0.25, 0.25, 0.75};
	static const double want_w[] = {0.625, 0.375, 0.25, 0.75};
	static const double want_global[] = {0.46875, 0.28125, 0.0625, 0.1875};
	static const double want_obj[] = {0.25, 0.25, 0.125, 0.375};
	static const double want_dimw[] = {0.75, 0.25};
	ct_fit_weight_in in = {4, 2, dim, expert, objective, constant, ideal, anti,
	dimw, CT_FIT_BLEND, 0.5};
	ct_fit_weight_out out = outputs();
	ct_error	e;

	(void) state;
	assert_int_equal(ct_fit_weights(&in, &out, &e), CT_OK);
	assert_vec_bits(out.subjective, want_subj, 4, "subjective");
	assert_vec_bits(out.weight, want_w, 4, "weight");
	assert_vec_bits(out.global, want_global, 4, "global");
	assert_true(out.has_objective);
	assert_vec_bits(out.objective, want_obj, 4, "objective");
	assert_vec_bits(out.dim_weight, want_dimw, 2, "dim_weight");
	assert_true(out.dim_present[0] && out.dim_present[1]);
	assert_false(out.dim_no_info[0] || out.dim_no_info[1]);
	assert_false(out.dim_no_indicator[0] || out.dim_no_indicator[1]);
	assert_bits(out.grey_delta_max, 0.75, "grey_delta_max", 0);

	/* expert weighting: the objective weights are ignored (may be NULL) */
	in.weighting = CT_FIT_EXPERT;
	in.objective = NULL;
	assert_int_equal(ct_fit_weights(&in, &out, &e), CT_OK);
	assert_vec_bits(out.weight, want_subj, 4, "weight (expert)");
	assert_false(out.has_objective);

	/* objective weighting: the within-dimension shares */
	in.weighting = CT_FIT_OBJECTIVE;
	in.objective = objective;
	assert_int_equal(ct_fit_weights(&in, &out, &e), CT_OK);
	assert_bits(out.weight[0], 0.5, "weight (objective)", 0);
	assert_bits(out.weight[3], 0.75, "weight (objective)", 3);
	assert_vec_bits(out.objective, want_obj, 4, "objective (objective)");
}

/*
 * Five dimensions with non-dyadic weights, where the order of the float8
 * operations shows in the last bits.  The expected values are what the
 * PL/pgSQL block of fit() (130_model_fit.sql, as of this commit) returned
 * for the same inputs on PostgreSQL 15, printed in shortest exact form.  The
 * same comparison, against that block run on a scratch server, found no
 * difference in 40,000 random cases (1 to 16 dimensions, up to 4,096
 * indicators, ties, constants, NULLs) nor for every equal-weight count
 * 1..4,095 and the float8 range errors.  Indicator 4 is constant.
 */
static void
test_matches_plpgsql(void **state)
{
	static const int dim[] = {0, 0, 1, 1, 1, 2, 3, 4, 4};
	static const double expert[] = {0.1, 0.2, 0.7, 0.3, 0.3, 1, 2, 0.6, 0.3};
	static const double objective[] = {0.13, 0.07, 0.21, 0.09, 0.15, 0.11, 0.05, 0.19, 0.03};
	static const bool constant[] = {false, false, false, true, false, false, false, false, false};
	static const double ideal[] = {0.9, 0.8, 1, 0.5, 0.7, 0.95, 0.6, 0.85, 0.4};
	static const double anti[] = {0.1, 0.3, 0, 0.5, 0.2, 0.05, 0.1, 0.1, 0.2};
	static const double dimw[] = {0.4, 0.3, 0.2, 0.2, 0.1};
	static const double want_subj[] = {0.3333333333333333, 0.6666666666666666,
		0.5384615384615384, 0.23076923076923075, 0.23076923076923075, 1, 1,
	0.6666666666666667, 0.33333333333333337};
	static const double want_w[] = {0.555, 0.445, 0.612258953168044, 0,
		0.3877410468319559, 1, 1, 0.8045454545454546, 0.19545454545454546};
	static const double want_global[] = {0.18500000000000003, 0.14833333333333334,
		0.153064738292011, 0, 0.09693526170798898, 0.16666666666666669,
	0.16666666666666669, 0.06704545454545456, 0.016287878787878792};
	static const double want_obj[] = {0.1382978723404255, 0.07446808510638298,
		0.2234042553191489, 0, 0.15957446808510634, 0.11702127659574466,
	0.05319148936170212, 0.20212765957446804, 0.03191489361702127};
	static const double want_dimw[] = {0.33333333333333337, 0.25,
	0.16666666666666669, 0.16666666666666669, 0.08333333333333334};
	ct_fit_weight_in in = {9, 5, dim, expert, objective, constant, ideal, anti,
	dimw, CT_FIT_BLEND, 0.3};
	ct_fit_weight_out out = outputs();
	ct_error	e;

	(void) state;
	assert_int_equal(ct_fit_weights(&in, &out, &e), CT_OK);
	assert_vec_bits(out.subjective, want_subj, 9, "subjective");
	assert_vec_bits(out.weight, want_w, 9, "weight");
	assert_vec_bits(out.global, want_global, 9, "global");
	assert_true(out.has_objective);
	assert_vec_bits(out.objective, want_obj, 9, "objective");
	assert_vec_bits(out.dim_weight, want_dimw, 5, "dim_weight");
	assert_bits(out.grey_delta_max, 1, "grey_delta_max", 0);
}

/*
 * (b) A constant indicator (weight 0, its objective weight 0, still counted
 * in the expert sum), an indicator of expert weight 0 (left out of
 * delta_max), a dimension whose indicators are all constant (equal weights
 * shown, dimension weight 0, dim_no_info), a dimension of weight 0 that is
 * all constant (equal weights, no warning), a dimension with weight but no
 * indicator (dim_no_indicator), and NaN as "no weight".
 *
 *	indicator	dim	expert	objective	constant	ideal	anti
 *	1			0	1		0.5			yes			0.5		0.5
 *	2			0	3		0.25		no			0.75	0.25
 *	3			0	0		0.25		no			1		0
 *	4			1	1		0.5			yes			0.25	0.25
 *	5			1	1		0.5			yes			0.75	0.75
 *	6			2	NaN		NaN			yes			0		0
 *	dimension weights 2, 1, 0, 2 (dimension 3 has no indicator)
 *
 * blend 0.5: dimension 0: expert sum 4 -> subjective 0.25, 0.75, 0;
 * objective (constant 1 -> 0) sum 0.5 -> shares 0, 0.5, 0.5; w = 0 (constant),
 * 0.5 * 0.75 + 0.5 * 0.5 = 0.625, 0 + 0.25 = 0.25; sum 0.875 -> 0, 5/7, 2/7.
 * dimension 1: all constant -> w = 0.5, 0.5, weight 0, warned.  dimension 2:
 * w = 1, weight already 0, no warning.  dimension 3: weight 2, no indicator
 * -> 0, warned.  Dimension weights 2, 0, 0, 0 -> 1, 0, 0, 0.  global: 0,
 * 5/7, 2/7, 0, 0, 0; delta_max = max(0.5, 1) = 1.  objective over all: 0,
 * 0.5, 0.5, 0, 0, 0.
 */
static void
test_degenerate(void **state)
{
	static const int dim[] = {0, 0, 0, 1, 1, 2};
	double		expert[] = {1, 3, 0, 1, 1, NAN};
	static const double objective[] = {0.5, 0.25, 0.25, 0.5, 0.5, NAN};
	static const bool constant[] = {true, false, false, true, true, true};
	static const double ideal[] = {0.5, 0.75, 1, 0.25, 0.75, 0};
	static const double anti[] = {0.5, 0.25, 0, 0.25, 0.75, 0};
	static const double dimw[] = {2, 1, 0, 2};
	ct_fit_weight_in in = {6, 4, dim, expert, objective, constant, ideal, anti,
	dimw, CT_FIT_BLEND, 0.5};
	ct_fit_weight_out out = outputs();
	ct_error	e;

	(void) state;
	assert_int_equal(ct_fit_weights(&in, &out, &e), CT_OK);
	assert_bits(out.subjective[0], 0.25, "subjective", 0);
	assert_bits(out.subjective[1], 0.75, "subjective", 1);
	assert_bits(out.subjective[2], 0, "subjective", 2);
	assert_bits(out.subjective[5], 0, "subjective", 5);
	assert_bits(out.weight[0], 0, "weight", 0);
	assert_bits(out.weight[1], 0.625 / 0.875, "weight", 1);
	assert_bits(out.weight[2], 0.25 / 0.875, "weight", 2);
	assert_bits(out.weight[3], 0.5, "weight", 3);
	assert_bits(out.weight[4], 0.5, "weight", 4);
	assert_bits(out.weight[5], 1, "weight", 5);
	assert_bits(out.dim_weight[0], 1, "dim_weight", 0);
	assert_bits(out.dim_weight[1], 0, "dim_weight", 1);
	assert_bits(out.dim_weight[2], 0, "dim_weight", 2);
	assert_bits(out.dim_weight[3], 0, "dim_weight", 3);
	assert_true(out.dim_present[0] && out.dim_present[1] && out.dim_present[2]);
	assert_false(out.dim_present[3]);
	assert_true(out.dim_no_info[1]);
	assert_false(out.dim_no_info[0] || out.dim_no_info[2] || out.dim_no_info[3]);
	assert_true(out.dim_no_indicator[3]);
	assert_false(out.dim_no_indicator[0] || out.dim_no_indicator[1] || out.dim_no_indicator[2]);
	assert_bits(out.global[0], 0, "global", 0);
	assert_bits(out.global[3], 0, "global", 3);
	assert_bits(out.global[4], 0, "global", 4);
	assert_bits(out.grey_delta_max, 1, "grey_delta_max", 0);
	assert_true(out.has_objective);
	assert_bits(out.objective[0], 0, "objective", 0);
	assert_bits(out.objective[1], 0.5, "objective", 1);
	assert_bits(out.objective[2], 0.5, "objective", 2);
	assert_bits(out.objective[5], 0, "objective", 5);

	/* expert weighting: indicator 3 (expert 0) has global 0: not in delta_max */
	in.weighting = CT_FIT_EXPERT;
	assert_int_equal(ct_fit_weights(&in, &out, &e), CT_OK);
	assert_bits(out.weight[1], 1, "weight (expert)", 1);
	assert_bits(out.global[2], 0, "global (expert)", 2);
	assert_bits(out.grey_delta_max, 0.5, "grey_delta_max (expert)", 0);
	assert_false(out.has_objective);

	/* the only informative indicator loses its expert weight: no dimension */
	expert[1] = 0;
	assert_int_equal(ct_fit_weights(&in, &out, &e), CT_EINVAL);
	assert_string_equal(e.message, "no indicator separates the customers");
	assert_string_equal(e.detail, "Every weighted indicator is constant or has weight 0.");
}

/* (b) Every indicator constant: no weight anywhere. */
static void
test_all_constant(void **state)
{
	static const int dim[] = {0, 1, 1};
	static const double expert[] = {1, 1, 2};
	static const double objective[] = {0.2, 0.3, 0.5};
	static const bool constant[] = {true, true, true};
	static const double ideal[] = {0.5, 0.5, 0.5};
	static const double dimw[] = {0.5, 0.5};
	ct_fit_weight_in in = {3, 2, dim, expert, objective, constant, ideal, ideal,
	dimw, CT_FIT_OBJECTIVE, 0};
	ct_fit_weight_out out = outputs();
	ct_error	e;

	(void) state;
	assert_int_equal(ct_fit_weights(&in, &out, &e), CT_EINVAL);
	assert_string_equal(e.message, "no indicator separates the customers");
	assert_string_equal(e.detail, "Every weighted indicator is constant or has weight 0.");
}

/*
 * Equal weights are PL/pgSQL's "w[j] := 1.0 / k": a numeric division
 * rounded to 20 decimals, then converted to float8.  For k = 210 that is
 * 0.00476190476190476190 -> 0.0047619047619047615, one unit in the last
 * place below the double nearest 1/210 (0.004761904761904762).
 */
static void
test_equal_weights_numeric(void **state)
{
	static const double dimw[] = {1, 1};
	ct_fit_weight_in in;
	ct_fit_weight_out out = outputs();
	ct_error	e;
	int			k,
				j;

	(void) state;
	for (k = 1; k <= 300; k++)
	{
		for (j = 0; j <= k; j++)
		{
			big_dim[j] = j < k ? 0 : 1;
			big_expert[j] = 1;
			big_const[j] = j < k;
			big_ideal[j] = 1;
			big_anti[j] = j < k ? 1 : 0;
		}
		in = (ct_fit_weight_in) {k + 1, 2, big_dim, big_expert, NULL,
		big_const, big_ideal, big_anti, dimw, CT_FIT_EXPERT, 0};
		assert_int_equal(ct_fit_weights(&in, &out, &e), CT_OK);
		assert_true(out.dim_no_info[0]);
		if (k == 3)
			assert_bits(out.weight[0], 1.0 / 3, "1.0 / 3", 0);
		if (k == 209)
			assert_bits(out.weight[0], 1.0 / 209, "1.0 / 209", 0);
		if (k == 210)
		{
			assert_bits(out.weight[0], 0.0047619047619047615, "1.0 / 210", 0);
			assert_true(out.weight[0] != 1.0 / 210);
		}
		if (k == 300)
			assert_bits(out.weight[k - 1], 0.003333333333333333, "1.0 / 300", k - 1);
	}
}

/* (c) The tie fix of the tier cut points. */
static void
test_fix_cuts(void **state)
{
	double		ties[] = {0.3, 0.3, 0.3};
	double		asc[] = {0.1, 0.2, 0.7};
	double		desc[] = {0.5, 0.2, 0.4};
	double		nan_first[] = {NAN, 0.1};
	double		one[] = {0.4};

	(void) state;
	assert_int_equal(ct_fit_fix_cuts(ties, 3), 2);
	assert_bits(ties[0], 0.3, "ties", 0);
	assert_bits(ties[1], 0.3 + 1e-9, "ties", 1);
	assert_bits(ties[2], (0.3 + 1e-9) + 1e-9, "ties", 2);
	/* as PostgreSQL prints them */
	assert_bits(ties[1], 0.300000001, "ties", 1);
	assert_bits(ties[2], 0.30000000200000004, "ties", 2);

	assert_int_equal(ct_fit_fix_cuts(asc, 3), 0);
	assert_bits(asc[0], 0.1, "asc", 0);
	assert_bits(asc[1], 0.2, "asc", 1);
	assert_bits(asc[2], 0.7, "asc", 2);

	/* each cut is compared with its (already moved) predecessor */
	assert_int_equal(ct_fit_fix_cuts(desc, 3), 2);
	assert_bits(desc[1], 0.5 + 1e-9, "desc", 1);
	assert_bits(desc[2], (0.5 + 1e-9) + 1e-9, "desc", 2);

	/* float8 order: NaN is above every number, so what follows it moves */
	assert_int_equal(ct_fit_fix_cuts(nan_first, 2), 1);
	assert_true(isnan(nan_first[1]));

	assert_int_equal(ct_fit_fix_cuts(one, 1), 0);
	assert_int_equal(ct_fit_fix_cuts(NULL, 0), 0);

	/* which cuts moved: the tiers the caller warns about */
	{
		double		c[] = {0.2, 0.2, 0.6, 0.6, 0.9};
		bool		moved[5];

		assert_int_equal(ct_fit_fix_cuts_marked(c, 5, moved), 2);
		assert_true(!moved[0] && moved[1] && !moved[2] && moved[3] && !moved[4]);
		assert_bits(c[1], 0.2 + 1e-9, "marked", 1);
		assert_bits(c[3], 0.6 + 1e-9, "marked", 3);
		assert_bits(c[4], 0.9, "marked", 4);
	}
}

/* (d) Argument checks: each bad input alone, with its message. */
static void
expect_error(const ct_fit_weight_in *in, ct_code code, const char *msg)
{
	ct_fit_weight_out out = outputs();
	ct_error	e;

	assert_int_equal(ct_fit_weights(in, &out, &e), code);
	assert_string_equal(e.message, msg);
}

static void
test_argument_errors(void **state)
{
	static const int dim[] = {0, 1};
	static const int dim_bad[] = {0, 2};
	static const int dim_neg[] = {-1, 0};
	static const double expert[] = {1, 1};
	static const double objective[] = {0.5, 0.5};
	static const bool constant[] = {false, false};
	static const double ideal[] = {1, 1};
	static const double anti[] = {0, 0};
	static const double dimw[] = {0.5, 0.5};
	static const double neg[] = {1, -0.5};
	static const double inf[] = {INFINITY, 1};
	static const double nan2[] = {0.5, NAN};
	static const double anti_high[] = {0, 2};
	const ct_fit_weight_in good = {2, 2, dim, expert, objective, constant,
	ideal, anti, dimw, CT_FIT_BLEND, 0.5};
	ct_fit_weight_in in;
	ct_fit_weight_out out = outputs();
	ct_error	e;

	(void) state;
	assert_int_equal(ct_fit_weights(&good, &out, &e), CT_OK);

	in = good;
	in.n_ind = 0;
	expect_error(&in, CT_EINVAL, "fit weights need at least one indicator");
	in = good;
	in.n_ind = CT_MAX_VECTOR + 1;
	expect_error(&in, CT_ELIMIT, "fit weights take at most 4096 indicators, got 4097");
	in = good;
	in.n_dim = 0;
	expect_error(&in, CT_EINVAL, "fit weights need at least one dimension");
	in = good;
	in.n_dim = CT_FIT_MAX_DIM + 1;
	expect_error(&in, CT_ELIMIT, "fit weights take at most 16 dimensions, got 17");
	in = good;
	in.weighting = (ct_fit_weighting) 7;
	expect_error(&in, CT_EINVAL, "unknown fit weighting 7");
	in = good;
	in.dim = dim_bad;
	expect_error(&in, CT_EINVAL, "indicator 2 has dimension index 2, outside 0..1");
	in = good;
	in.dim = dim_neg;
	expect_error(&in, CT_EINVAL, "indicator 1 has dimension index -1, outside 0..1");
	in = good;
	in.blend_alpha = 1.5;
	expect_error(&in, CT_EINVAL, "blend_alpha must be between 0 and 1");
	in.blend_alpha = NAN;
	expect_error(&in, CT_EINVAL, "blend_alpha must be between 0 and 1");
	in.weighting = CT_FIT_OBJECTIVE;	/* alpha unused: not checked */
	assert_int_equal(ct_fit_weights(&in, &out, &e), CT_OK);
	in = good;
	in.expert = neg;
	expect_error(&in, CT_EINVAL, "expert weight of indicator 2 must be a non-negative finite number");
	in = good;
	in.expert = inf;
	expect_error(&in, CT_EINVAL, "expert weight of indicator 1 must be a non-negative finite number");
	in = good;
	in.objective = neg;
	expect_error(&in, CT_EINVAL, "objective weight of indicator 2 must be a non-negative finite number");
	in = good;
	in.objective = inf;
	expect_error(&in, CT_EINVAL, "objective weight of indicator 1 must be a non-negative finite number");
	in.weighting = CT_FIT_EXPERT;	/* objective unused: not checked */
	assert_int_equal(ct_fit_weights(&in, &out, &e), CT_OK);
	in = good;
	in.objective = NULL;
	expect_error(&in, CT_EINVAL, "fit weights miss an input array");
	in = good;
	in.dim_weight = neg;
	expect_error(&in, CT_EINVAL, "dimension weight 2 must be a non-negative finite number");
	in.dim_weight = nan2;
	expect_error(&in, CT_EINVAL, "dimension weight 2 must be a non-negative finite number");
	in.dim_weight = inf;
	expect_error(&in, CT_EINVAL, "dimension weight 1 must be a non-negative finite number");
	in = good;
	in.anti = anti_high;
	expect_error(&in, CT_EINVAL, "ideal and anti-ideal of indicator 2 must be finite with anti-ideal <= ideal");
	in = good;
	in.ideal = inf;
	expect_error(&in, CT_EINVAL, "ideal and anti-ideal of indicator 1 must be finite with anti-ideal <= ideal");
	out.global = NULL;
	assert_int_equal(ct_fit_weights(&good, &out, &e), CT_EINVAL);
	assert_string_equal(e.message, "fit weights miss an output array");
	assert_int_equal(ct_fit_weights(NULL, &out, &e), CT_EINVAL);
}

/* float8 range errors, as float8pl and float8div raise them */
static void
test_range_errors(void **state)
{
	static const int dim[] = {0, 0};
	static const double huge[] = {1e308, 1e308};
	static const double small_big[] = {5e-324, 1e10};
	static const double objective[] = {0.5, 0.5};
	static const bool constant[] = {false, false};
	static const double ideal[] = {1, 1};
	static const double anti[] = {0, 0};
	static const double dimw[] = {1};
	ct_fit_weight_in in = {2, 1, dim, huge, objective, constant, ideal, anti,
	dimw, CT_FIT_EXPERT, 0};
	ct_fit_weight_out out = outputs();
	ct_error	e;

	(void) state;
	assert_int_equal(ct_fit_weights(&in, &out, &e), CT_ERANGE);
	assert_string_equal(e.message, "value out of range: overflow");
	assert_string_equal(e.detail, "In the weights of dimension 1.");
	in.expert = small_big;
	assert_int_equal(ct_fit_weights(&in, &out, &e), CT_ERANGE);
	assert_string_equal(e.message, "value out of range: underflow");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_computed_blend),
		cmocka_unit_test(test_matches_plpgsql),
		cmocka_unit_test(test_degenerate),
		cmocka_unit_test(test_all_constant),
		cmocka_unit_test(test_equal_weights_numeric),
		cmocka_unit_test(test_fix_cuts),
		cmocka_unit_test(test_argument_errors),
		cmocka_unit_test(test_range_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
