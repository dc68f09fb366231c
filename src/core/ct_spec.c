/*
 * ct_spec.c
 *		Validation of a whole model spec, reporting every problem (see
 *		ct_spec.h): the entry points, and the checks of model parameters,
 *		dimensions, tier schemes, classifications and strategy rules.  The
 *		indicator checks are in ct_spec_indicator.c, the helpers they share
 *		in ct_spec_util.c.  The rules are those of the former catalogue
 *		triggers _check_model, _check_indicator and _check_tier_scheme and of
 *		the preconditions of fit(), generalised to user-named dimensions,
 *		model-defined classifications and strategy rules.
 */
#include "ct_spec_int.h"
#include "ct_ahp.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Tolerances of the former triggers. */
#define DIAGONAL_TOL 1e-9
#define RECIPROCAL_TOL 1e-6
#define SHARE_SUM_TOL 1e-9

const char *const ct_spec_weightings[] =
{"expert", "entropy", "critic", "stddev", "pca", "blend", "outcome", NULL};
static const char *const objectives[] =
{"entropy", "critic", "stddev", "pca", NULL};
static const char *const methods[] =
{"weighted_sum", "topsis", "grey_relational", "vikor", "fuzzy", "dea", "priority",
"possibility_satisfaction", NULL};
static const char *const fuzzy_operators[] =
{"weighted_average", "min_max", "product_max", "min_sum", NULL};
static const char *const ahp_methods[] =
{"eigenvector", "geometric", "arithmetic", NULL};

/* the number of entries of methods above */
#define N_METHODS 8

void
ct_problems_init(ct_problems *p)
{
	p->n = 0;
	p->dropped = 0;
	p->first_code = CT_OK;
}

void
ct_problem(ct_problems *p, ct_code code, const char *fmt,...)
{
	va_list		ap;

	if (p->n == 0 && p->dropped == 0)
		p->first_code = code;
	if (p->n >= CT_SPEC_MAX_PROBLEMS)
	{
		p->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(p->msg[p->n], CT_SPEC_PROBLEM_LEN, fmt, ap);
	va_end(ap);
	p->n++;
}

/* ---- small helpers ---- */

/* ^[a-z][a-z0-9_.]{0,62}$ */
static bool
valid_rule_id(const char *s)
{
	size_t		i;

	if (s == NULL || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (i = 1; s[i] != '\0'; i++)
	{
		char		c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'))
			return false;
	}
	return i <= CT_SPEC_NAME_MAX;
}

/*
 * Labels of a tier scheme or classification: min..CT_SPEC_MAX_LEVELS
 * labels, none empty, all distinct.  Returns false when the count is out
 * of bounds (the caller then skips checks that depend on it).
 */
static bool
check_labels(ct_problems *p, const char *what, int n, const char *const *labels,
			 int min)
{
	int			i;

	if (n < min || (labels == NULL && n > 0))
	{
		if (min == 1)
			ct_problem(p, CT_EINVAL, "%s: needs at least one label", what);
		else
			ct_problem(p, CT_EINVAL, "%s: needs at least %d labels", what, min);
		return false;
	}
	if (n > CT_SPEC_MAX_LEVELS)
	{
		ct_problem(p, CT_ELIMIT, "%s: has %d labels; the limit is %d",
				   what, n, CT_SPEC_MAX_LEVELS);
		return false;
	}
	for (i = 0; i < n; i++)
	{
		if (ct_spec_is_empty(labels[i]))
			ct_problem(p, CT_EINVAL, "%s: label %d is empty", what, i + 1);
		else if (ct_spec_earlier_copies(labels, sizeof(labels[0]), i) == 1)
			ct_problem(p, CT_EINVAL, "%s: label \"%.*s\" is listed more than once",
					   what, CT_SPEC_SHOW, labels[i]);
	}
	return true;
}

/* ---- model parameters ---- */

static int
check_parameters(const ct_spec *s, ct_problems *p)
{
	int			weighting;
	int			count[N_METHODS] = {0};
	char		b[32];
	int			i;

	if (ct_spec_is_empty(s->name))
		ct_problem(p, CT_EINVAL, "the model has no name");
	else if (!ct_spec_valid_name(s->name, CT_SPEC_NAME_MAX))
		ct_problem(p, CT_EINVAL, "invalid model name \"%.*s\" (%s, at most %d bytes)",
				   CT_SPEC_SHOW, s->name, CT_SPEC_NAME_HINT, CT_SPEC_NAME_MAX);

	weighting = ct_spec_lookup(s->weighting, ct_spec_weightings);
	if (weighting < 0)
		ct_problem(p, CT_EINVAL, "unknown weighting \"%.*s\" (use expert, entropy, critic, stddev, pca, blend or outcome)",
				   CT_SPEC_SHOW, ct_spec_str(s->weighting));
	else if (weighting == CT_SPEC_W_OUTCOME && ct_spec_is_empty(s->outcome))
		ct_problem(p, CT_EINVAL, "weighting outcome needs the model's outcome column (\"outcome\": \"<column>\", a boolean or 0/1 column of the source)");
	if (!(s->outcome_penalty >= 0.0 && isfinite(s->outcome_penalty)))
		ct_problem(p, CT_EINVAL, "outcome_penalty must be a non-negative finite number (got %s)",
				   ct_spec_num(b, sizeof(b), s->outcome_penalty));
	if (ct_spec_lookup(s->blend_objective, objectives) < 0)
		ct_problem(p, CT_EINVAL, "unknown blend_objective \"%.*s\" (use entropy, critic, stddev or pca)",
				   CT_SPEC_SHOW, ct_spec_str(s->blend_objective));
	if (!(s->blend_alpha >= 0.0 && s->blend_alpha <= 1.0))
		ct_problem(p, CT_EINVAL, "blend_alpha must be between 0 and 1 (got %s)",
				   ct_spec_num(b, sizeof(b), s->blend_alpha));

	if (s->n_methods < 1 || s->methods == NULL)
		ct_problem(p, CT_EINVAL, "methods must name at least one evaluation method (use any of weighted_sum, topsis, grey_relational, vikor, fuzzy, dea, priority, possibility_satisfaction)");
	else
	{
		for (i = 0; i < s->n_methods; i++)
		{
			int			m = ct_spec_lookup(s->methods[i], methods);

			if (s->methods[i] == NULL)
				ct_problem(p, CT_EINVAL, "methods must not contain NULL (element %d)", i + 1);
			else if (m < 0)
				ct_problem(p, CT_EINVAL, "unknown evaluation method \"%.*s\" (use any of weighted_sum, topsis, grey_relational, vikor, fuzzy, dea, priority, possibility_satisfaction)",
						   CT_SPEC_SHOW, s->methods[i]);
			else if (++count[m] == 2)
				ct_problem(p, CT_EINVAL, "evaluation method \"%s\" is listed more than once",
						   methods[m]);
		}
	}
	if (ct_spec_same(s->combine, "probability"))
	{
		bool		ws = false;

		for (i = 0; i < s->n_methods && s->methods != NULL; i++)
			if (ct_spec_same(s->methods[i], "weighted_sum"))
				ws = true;
		if (weighting != CT_SPEC_W_OUTCOME || !ws)
			ct_problem(p, CT_EINVAL, "combine probability needs weighting outcome and the method weighted_sum (the probability is the logistic function of the outcome-weighted sum)");
	}
	else if (!ct_spec_same(s->combine, "mean_percentile"))
	{
		bool		found = false;

		for (i = 0; i < s->n_methods && s->methods != NULL; i++)
			if (ct_spec_same(s->combine, s->methods[i]))
				found = true;
		if (!found)
			ct_problem(p, CT_EINVAL, "combine must be mean_percentile, probability or one of the model's methods (got \"%.*s\")",
					   CT_SPEC_SHOW, ct_spec_str(s->combine));
	}
	if (!(s->grey_rho > 0.0 && s->grey_rho <= 1.0))
		ct_problem(p, CT_EINVAL, "grey_rho must be in (0, 1] (got %s)",
				   ct_spec_num(b, sizeof(b), s->grey_rho));
	if (!(s->vikor_v >= 0.0 && s->vikor_v <= 1.0))
		ct_problem(p, CT_EINVAL, "vikor_v must be between 0 and 1 (got %s)",
				   ct_spec_num(b, sizeof(b), s->vikor_v));
	if (ct_spec_lookup(s->fuzzy_operator, fuzzy_operators) < 0)
		ct_problem(p, CT_EINVAL, "unknown fuzzy_operator \"%.*s\" (use weighted_average, min_max, product_max or min_sum)",
				   CT_SPEC_SHOW, ct_spec_str(s->fuzzy_operator));
	if (!(s->fuzzy_grades >= 2 && s->fuzzy_grades <= CT_MAX_GRADES))
		ct_problem(p, CT_EINVAL, "fuzzy_grades must be between 2 and %d (got %d)",
				   CT_MAX_GRADES, s->fuzzy_grades);
	if (!(s->concordance_threshold >= 0.0 && s->concordance_threshold <= 1.0))
		ct_problem(p, CT_EINVAL, "concordance_threshold must be between 0 and 1 (got %s)",
				   ct_spec_num(b, sizeof(b), s->concordance_threshold));
	if (!(s->min_coverage >= 0.0 && s->min_coverage <= 1.0))
		ct_problem(p, CT_EINVAL, "min_coverage must be between 0 and 1 (got %s)",
				   ct_spec_num(b, sizeof(b), s->min_coverage));
	if (s->has_dea_max_share &&
		!(s->dea_max_share > 0.0 && s->dea_max_share <= 1.0 &&
		  (s->n_ind < 1 || s->dea_max_share * s->n_ind >= 1.0)))
		ct_problem(p, CT_EINVAL, "dea_max_share must be in (0, 1] and at least 1 / the number of indicators (got %s)",
				   ct_spec_num(b, sizeof(b), s->dea_max_share));
	if (s->has_segments && !(s->segments >= 2 && s->segments <= 64))
		ct_problem(p, CT_EINVAL, "segments must be between 2 and 64 (got %d)", s->segments);
	for (int c = 0; s->has_segments && c < s->n_class && s->classes != NULL; c++)
		if (ct_spec_same(s->classes[c].name, "segment") ||
			ct_spec_same(s->classes[c].name, "segment_membership"))
			ct_problem(p, CT_EINVAL, "classification \"%s\" has the name of an output of the segments (segment, segment_membership)",
					   s->classes[c].name);
	if (!(s->fcm_m > 1.0 && isfinite(s->fcm_m)))
		ct_problem(p, CT_EINVAL, "fcm_m must be a finite number above 1 (got %s)",
				   ct_spec_num(b, sizeof(b), s->fcm_m));
	return weighting;
}

/* ---- dimensions ---- */

static void
check_pairwise(const ct_spec *s, ct_problems *p)
{
	int			n = s->n_dim;
	const double *a = s->pairwise;
	int			bad = 0,
				bad_i = 0,
				bad_j = 0;
	int			nulls = 0,
				null_i = 0,
				null_j = 0;
	int			diag = 0,
				diag_i = 0;
	int			recip = 0,
				recip_i = 0,
				recip_j = 0;
	char		b1[32],
				b2[32];
	int			i,
				j;

	if (s->pairwise_n != n || s->pairwise_cols != n || a == NULL)
	{
		ct_problem(p, CT_ESHAPE, "dimension_pairwise must be a %d x %d matrix in dimension order (got %d x %d)",
				   n, n, s->pairwise_n, s->pairwise_cols);
		return;
	}
	if (n < 1 || n > CT_SPEC_MAX_DIM)
		return;					/* the number of dimensions is reported */

#define PW_OK(x) (isfinite(x) && (x) > 0.0)
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
		{
			double		x = a[i * n + j];

			if (isnan(x))
			{
				if (nulls++ == 0)
				{
					null_i = i;
					null_j = j;
				}
			}
			else if (!PW_OK(x))
			{
				if (bad++ == 0)
				{
					bad_i = i;
					bad_j = j;
				}
			}
		}
	for (i = 0; i < n; i++)
	{
		double		d = a[i * n + i];

		if (PW_OK(d) && fabs(d - 1.0) > DIAGONAL_TOL)
			if (diag++ == 0)
				diag_i = i;
		for (j = i + 1; j < n; j++)
		{
			double		x = a[i * n + j];
			double		y = a[j * n + i];

			if (PW_OK(x) && PW_OK(y) && !(fabs(x * y - 1.0) <= RECIPROCAL_TOL))
				if (recip++ == 0)
				{
					recip_i = i;
					recip_j = j;
				}
		}
	}
#undef PW_OK

	if (nulls > 0)
		ct_problem(p, CT_EINVAL, "dimension_pairwise must not contain NULL (element [%d][%d]%s)",
				   null_i + 1, null_j + 1, nulls > 1 ? ", and others" : "");
	if (bad > 0)
		ct_problem(p, CT_EINVAL, "dimension_pairwise must hold positive finite numbers (element [%d][%d] is %s%s)",
				   bad_i + 1, bad_j + 1, ct_spec_num(b1, sizeof(b1), a[bad_i * n + bad_j]),
				   bad > 1 ? ", and others" : "");
	if (diag > 0)
		ct_problem(p, CT_EINVAL, "dimension_pairwise must have 1 on its diagonal (element [%d][%d] is %s%s)",
				   diag_i + 1, diag_i + 1, ct_spec_num(b1, sizeof(b1), a[diag_i * n + diag_i]),
				   diag > 1 ? ", and others" : "");
	if (recip > 0)
		ct_problem(p, CT_EINVAL, "dimension_pairwise must be reciprocal: element [%d][%d] is %s but [%d][%d] is %s%s (a[j][i] must be 1/a[i][j])",
				   recip_i + 1, recip_j + 1, ct_spec_num(b1, sizeof(b1), a[recip_i * n + recip_j]),
				   recip_j + 1, recip_i + 1, ct_spec_num(b2, sizeof(b2), a[recip_j * n + recip_i]),
				   recip > 1 ? ", and other pairs" : "");
	if (nulls + bad + diag + recip > 0)
		return;

	if (n > CT_AHP_MAX_RI_ORDER)
		ct_problem(p, CT_ELIMIT, "dimension_pairwise cannot be checked for consistency with %d dimensions (Saaty's random index is published for at most %d; give dimension weights instead)",
				   n, CT_AHP_MAX_RI_ORDER);
	else
	{
		double		work[CT_AHP_WORK(CT_SPEC_MAX_DIM)];
		ct_ahp_consistency_result cr;
		ct_error	e;
		ct_code		rc;

		ct_error_clear(&e);
		rc = ct_ahp_consistency(a, n, &cr, work, &e);
		if (rc != CT_OK)
			ct_problem(p, rc, "dimension_pairwise: %s", e.message);
		else if (cr.cr > CT_AHP_CR_THRESHOLD)
			ct_problem(p, CT_EINVAL, "dimension_pairwise is inconsistent: CR = %.4f > %g (lambda_max = %.4f, CI = %.4f, RI = %.2f)",
					   cr.cr, CT_AHP_CR_THRESHOLD, cr.lambda_max, cr.ci, cr.ri);
	}
}

static void
check_dimensions(const ct_spec *s, ct_problems *p)
{
	char		what[CT_SPEC_WHAT_LEN];
	char		b[32];
	int			n = s->n_dim;
	int			given = 0;
	bool		weights_ok = true;
	double		sum = 0.0;
	int			d;

	if (n < 1 || s->dims == NULL)
	{
		ct_problem(p, CT_EINVAL, "the model has no dimensions (give 1 to %d)",
				   CT_SPEC_MAX_DIM);
		return;
	}
	if (n > CT_SPEC_MAX_DIM)
		ct_problem(p, CT_ELIMIT, "the model has %d dimensions; the limit is %d",
				   n, CT_SPEC_MAX_DIM);

	for (d = 0; d < n; d++)
	{
		const ct_spec_dimension *dim = &s->dims[d];

		ct_spec_describe(what, "dimension", d, dim->name);
		if (ct_spec_is_empty(dim->name))
			ct_problem(p, CT_EINVAL, "%s: has no name", what);
		else if (!ct_spec_valid_name(dim->name, CT_SPEC_DIM_NAME_MAX))
			ct_problem(p, CT_EINVAL, "%s: invalid name (%s, at most %d bytes so that \"<dimension>_score\" fits in %d)",
					   what, CT_SPEC_NAME_HINT, CT_SPEC_DIM_NAME_MAX, CT_SPEC_NAME_MAX);
		else if (ct_spec_same(dim->name, "overall") || ct_spec_same(dim->name, "dimension"))
			ct_problem(p, CT_EINVAL, "%s: the name is reserved (it is a tier scheme scope)", what);
		else if (n <= CT_SPEC_MAX_DIM &&
				 ct_spec_earlier_copies(&s->dims[0].name, sizeof(s->dims[0]), d) == 1)
			ct_problem(p, CT_EINVAL, "%s is listed more than once", what);

		if (!isnan(dim->weight))
		{
			given++;
			if (!(isfinite(dim->weight) && dim->weight >= 0.0))
			{
				ct_problem(p, CT_EINVAL, "%s: weight must be a non-negative finite number (got %s)",
						   what, ct_spec_num(b, sizeof(b), dim->weight));
				weights_ok = false;
			}
			else
				sum += dim->weight;
		}
	}

	if (s->pairwise_n != 0)
	{
		if (given > 0)
		{
			ct_spec_name_list l;

			ct_spec_name_list_init(&l);
			for (d = 0; d < n; d++)
				if (!isnan(s->dims[d].weight))
					ct_spec_name_list_add_object(&l, "dimension", d, s->dims[d].name);
			ct_problem(p, CT_EINVAL, "dimension weights and dimension_pairwise are both given (weights of %s; give one or the other)",
					   ct_spec_name_list_text(&l));
		}
		check_pairwise(s, p);
	}
	else if (given == 0)
	{
		/* weighting outcome derives them from the coefficients */
		if (!ct_spec_same(s->weighting, "outcome"))
			ct_problem(p, CT_EINVAL, "the dimensions need a weight each or a dimension_pairwise (an n x n AHP matrix in dimension order)");
	}
	else if (given < n)
	{
		ct_spec_name_list l;

		ct_spec_name_list_init(&l);
		for (d = 0; d < n; d++)
			if (isnan(s->dims[d].weight))
				ct_spec_name_list_add_object(&l, "dimension", d, s->dims[d].name);
		ct_problem(p, CT_EINVAL, "dimensions without a weight: %s (give every dimension a weight, or none and a dimension_pairwise)",
				   ct_spec_name_list_text(&l));
	}
	else if (weights_ok && !(sum > 0.0))
		ct_problem(p, CT_EINVAL, "dimension weights must have a positive sum");

	if (s->ahp_method != NULL || s->pairwise_n != 0)
		if (ct_spec_lookup(s->ahp_method, ahp_methods) < 0)
			ct_problem(p, CT_EINVAL, "unknown ahp_method \"%.*s\" (use eigenvector, geometric or arithmetic)",
					   CT_SPEC_SHOW, ct_spec_str(s->ahp_method));
}

/* ---- the outcome ---- */

/* An indicator reading the outcome column would predict it from itself. */
static void
check_outcome(const ct_spec *s, ct_problems *p)
{
	if (ct_spec_is_empty(s->outcome) || s->n_ind > CT_SPEC_MAX_IND || s->ind == NULL)
		return;
	for (int j = 0; j < s->n_ind; j++)
		if (ct_spec_same(s->ind[j].column, s->outcome))
		{
			char		what[CT_SPEC_WHAT_LEN];

			ct_spec_describe(what, "indicator", j, s->ind[j].name);
			ct_problem(p, CT_EINVAL, "%s reads the outcome column \"%.*s\" (an indicator cannot predict the outcome from itself)",
					   what, CT_SPEC_SHOW, s->outcome);
		}
}

/* ---- tier schemes ---- */

static void
check_tier(const ct_spec *s, int t, ct_problems *p)
{
	const ct_spec_tier *ts = &s->tiers[t];
	char		what[CT_SPEC_WHAT_LEN];
	char		b[32];
	int			n = ts->n_labels;
	int			i;

	ct_spec_describe(what, "tier scheme", t, ts->scope);
	if (ct_spec_is_empty(ts->scope))
		ct_problem(p, CT_EINVAL, "%s: has no scope (use overall, dimension or a dimension name)",
				   what);
	else if (!ct_spec_same(ts->scope, "overall") && !ct_spec_same(ts->scope, "dimension") &&
			 ct_spec_find_dimension(s, ts->scope) < 0)
	{
		char		buf[CT_SPEC_HINT_LEN];

		ct_problem(p, CT_EUNDEFINED, "%s: unknown scope (use %s)", what,
				   ct_spec_dimension_hint(s, buf, sizeof(buf),
										  "overall, dimension or a dimension name: ",
										  "overall or dimension"));
	}
	else if (ct_spec_earlier_copies(&s->tiers[0].scope, sizeof(s->tiers[0]), t) == 1)
		ct_problem(p, CT_EINVAL, "%s is listed more than once", what);

	check_labels(p, what, n, ts->labels, 2);
	/* shapes are compared with the labels only when there is a usable count */
	if ((ts->n_shares >= 0) == (ts->n_cuts >= 0))
		ct_problem(p, CT_EINVAL, "%s: needs exactly one of shares and cuts (shares, one per label summing to 1, give cut points fitted on the population; cuts, one fewer than labels, are fixed)",
				   what);
	else if (ts->n_shares >= 0)
	{
		if (n >= 1 && n <= CT_SPEC_MAX_LEVELS && ts->n_shares != n)
			ct_problem(p, CT_ESHAPE, "%s: needs one share per label (%d labels, %d shares)",
					   what, n, ts->n_shares);
		else if (ts->n_shares <= CT_SPEC_MAX_LEVELS && ts->shares != NULL)
		{
			double		sum = 0.0;
			bool		ok = true;

			for (i = 0; i < ts->n_shares && ok; i++)
			{
				double		x = ts->shares[i];

				if (!(x > 0.0 && x < 1.0))
				{
					ct_problem(p, CT_EINVAL, "%s: shares must lie in (0, 1) and sum to 1 (share %d is %s)",
							   what, i + 1, ct_spec_num(b, sizeof(b), x));
					ok = false;
				}
				sum += x;
			}
			if (ok && fabs(sum - 1.0) > SHARE_SUM_TOL)
				ct_problem(p, CT_EINVAL, "%s: shares must sum to 1 (they sum to %s)",
						   what, ct_spec_num(b, sizeof(b), sum));
		}
	}
	else
	{
		if (n >= 1 && n <= CT_SPEC_MAX_LEVELS && ts->n_cuts != n - 1)
			ct_problem(p, CT_ESHAPE, "%s: needs one cut fewer than labels (%d labels, %d cuts)",
					   what, n, ts->n_cuts);
		else if (ts->n_cuts <= CT_SPEC_MAX_LEVELS && ts->cuts != NULL)
		{
			for (i = 0; i < ts->n_cuts; i++)
			{
				double		x = ts->cuts[i];

				if (!(x > 0.0 && x < 1.0) || (i > 0 && !(x > ts->cuts[i - 1])))
				{
					ct_problem(p, CT_EINVAL, "%s: cuts must be strictly ascending inside (0, 1) (cut %d is %s)",
							   what, i + 1, ct_spec_num(b, sizeof(b), x));
					break;
				}
			}
		}
	}
}

static void
check_tiers(const ct_spec *s, ct_problems *p)
{
	bool		overall = false;
	int			t;

	if (s->n_tiers > CT_SPEC_MAX_TIERS)
	{
		ct_problem(p, CT_ELIMIT, "the model has %d tier schemes; the limit is %d (overall, dimension and one per dimension)",
				   s->n_tiers, CT_SPEC_MAX_TIERS);
		return;
	}
	for (t = 0; t < s->n_tiers && s->tiers != NULL; t++)
		if (ct_spec_same(s->tiers[t].scope, "overall"))
			overall = true;
	if (!overall)
		ct_problem(p, CT_EINVAL, "the model has no overall tier scheme (add one with scope overall)");
	for (t = 0; t < s->n_tiers && s->tiers != NULL; t++)
		check_tier(s, t, p);
}

/* ---- classifications ---- */

static void
check_condition(ct_spec_condition_check check, void *arg, int class_index,
				int index, const char *what, const char *condition,
				ct_problems *p)
{
	ct_error	e;
	ct_code		rc;

	if (ct_spec_is_empty(condition))
	{
		ct_problem(p, CT_EINVAL, "%s: has no condition", what);
		return;
	}
	if (check == NULL)
		return;
	ct_error_clear(&e);
	rc = check(arg, class_index, index, condition, &e);
	if (rc == CT_OK)
		return;
	if (e.position > 0)
		ct_problem(p, rc, "%s: %s at position %d", what, e.message, e.position);
	else
		ct_problem(p, rc, "%s: %s", what, e.message);
}

/* Is name one of the model's own outputs: score, tier, <dim>_score, <dim>_tier? */
static const char *
output_owner(const ct_spec *s, const char *name, char *buf)
{
	int			d;

	if (ct_spec_same(name, "score"))
		return "it is the model's overall score";
	if (ct_spec_same(name, "tier"))
		return "it is the model's overall tier";
	for (d = 0; d < s->n_dim && d < CT_SPEC_MAX_DIM; d++)
	{
		const char *dn = s->dims[d].name;
		size_t		len;

		if (ct_spec_is_empty(dn))
			continue;
		len = strlen(dn);
		if (strncmp(name, dn, len) == 0 &&
			(strcmp(name + len, "_score") == 0 || strcmp(name + len, "_tier") == 0))
		{
			snprintf(buf, CT_SPEC_WHAT_LEN + 32, "it is the %s of dimension \"%.*s\"",
					 strcmp(name + len, "_score") == 0 ? "score" : "tier",
					 CT_SPEC_SHOW, dn);
			return buf;
		}
	}
	return NULL;
}

static void
check_classification(const ct_spec *s, int c, ct_spec_condition_check check,
					 void *arg, ct_problems *p)
{
	const ct_spec_classification *cl = &s->classes[c];
	char		what[CT_SPEC_WHAT_LEN];
	char		owner[CT_SPEC_WHAT_LEN + 32];
	const char *taken;
	int			n;
	int			j;

	ct_spec_describe(what, "classification", c, cl->name);
	if (ct_spec_is_empty(cl->name))
		ct_problem(p, CT_EINVAL, "%s: has no name", what);
	else if (!ct_spec_valid_name(cl->name, CT_SPEC_NAME_MAX))
		ct_problem(p, CT_EINVAL, "%s: invalid name (%s, at most %d bytes)",
				   what, CT_SPEC_NAME_HINT, CT_SPEC_NAME_MAX);
	else if ((taken = output_owner(s, cl->name, owner)) != NULL)
		ct_problem(p, CT_EINVAL, "%s: the name is taken (%s)", what, taken);
	else if (ct_spec_earlier_copies(&s->classes[0].name, sizeof(s->classes[0]), c) == 1)
		ct_problem(p, CT_EINVAL, "%s is listed more than once", what);

	if (!check_labels(p, what, cl->n, cl->labels, 1))
		return;
	if (cl->n_conditions != cl->n || (cl->n > 0 && cl->conditions == NULL))
		ct_problem(p, CT_ESHAPE, "%s: needs one condition per label (%d labels, %d conditions)",
				   what, cl->n, cl->n_conditions);
	n = cl->n_conditions < cl->n ? cl->n_conditions : cl->n;
	for (j = 0; j < n && cl->conditions != NULL; j++)
	{
		char		label_what[CT_SPEC_WHAT_LEN + 80];

		if (ct_spec_is_empty(cl->labels[j]))
			snprintf(label_what, sizeof(label_what), "%s label %d", what, j + 1);
		else
			snprintf(label_what, sizeof(label_what), "%s label \"%.*s\"",
					 what, CT_SPEC_SHOW, cl->labels[j]);
		check_condition(check, arg, c, j, label_what, cl->conditions[j], p);
	}
}

static void
check_classifications(const ct_spec *s, ct_spec_condition_check check,
					  void *arg, ct_problems *p)
{
	int			c;

	if (s->n_class > CT_SPEC_MAX_CLASS)
	{
		ct_problem(p, CT_ELIMIT, "the model has %d classifications; the limit is %d",
				   s->n_class, CT_SPEC_MAX_CLASS);
		return;
	}
	for (c = 0; c < s->n_class && s->classes != NULL; c++)
		check_classification(s, c, check, arg, p);
}

/* ---- rules ---- */

static void
check_rules(const ct_spec *s, ct_spec_condition_check check, void *arg,
			ct_problems *p)
{
	int			r;

	if (s->n_rules > CT_SPEC_MAX_RULES)
	{
		ct_problem(p, CT_ELIMIT, "the model has %d rules; the limit is %d",
				   s->n_rules, CT_SPEC_MAX_RULES);
		return;
	}
	for (r = 0; r < s->n_rules && s->rules != NULL; r++)
	{
		const ct_spec_rule *rule = &s->rules[r];
		char		what[CT_SPEC_WHAT_LEN];

		CT_CHECK_INTERRUPTS();
		ct_spec_describe(what, "rule", r, rule->id);
		if (ct_spec_is_empty(rule->id))
			ct_problem(p, CT_EINVAL, "%s: has no id", what);
		else if (!valid_rule_id(rule->id))
			ct_problem(p, CT_EINVAL, "%s: invalid id (use a lower-case letter, then lower-case letters, digits, underscores or dots, at most %d bytes)",
					   what, CT_SPEC_NAME_MAX);
		else if (ct_spec_earlier_copies(&s->rules[0].id, sizeof(s->rules[0]), r) == 1)
			ct_problem(p, CT_EINVAL, "%s is listed more than once", what);
		if (ct_spec_is_empty(rule->strategy))
			ct_problem(p, CT_EINVAL, "%s: needs a strategy", what);
		if (!(rule->routing_priority >= 0 && rule->routing_priority <= 9))
			ct_problem(p, CT_EINVAL, "%s: routing_priority must be between 1 and 9, or 0 for none (got %d)",
					   what, rule->routing_priority);
		check_condition(check, arg, -1, r, what, rule->condition, p);
	}
}

ct_code
ct_spec_validate(const ct_spec *s, ct_spec_condition_check check, void *arg,
				 ct_problems *p)
{
	int			weighting;

	ct_problems_init(p);
	weighting = check_parameters(s, p);
	check_dimensions(s, p);
	ct_spec_check_indicators(s, weighting, p);
	check_outcome(s, p);
	check_tiers(s, p);
	check_classifications(s, check, arg, p);
	check_rules(s, check, arg, p);
	return p->n == 0 && p->dropped == 0 ? CT_OK : p->first_code;
}
