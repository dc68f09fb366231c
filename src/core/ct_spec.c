/*
 * ct_spec.c
 *		Validation of a whole model spec, reporting every problem (see
 *		ct_spec.h).  The rules are those of the former catalogue triggers
 *		_check_model, _check_indicator and _check_tier_scheme and of the
 *		preconditions of fit(), generalised to user-named dimensions,
 *		model-defined classifications and strategy rules.
 */
#include "ct_spec.h"
#include "ct_ahp.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Bytes of a user-supplied string quoted in a message. */
#define SHOW 64

/* Length of the name of an object in a message, e.g. indicator "arpu". */
#define WHAT_LEN 96

/* Length of a hint that lists the dimensions: a prefix and a name_list. */
#define HINT_LEN 192

/* Tolerances of the former triggers. */
#define DIAGONAL_TOL 1e-9
#define RECIPROCAL_TOL 1e-6
#define SHARE_SUM_TOL 1e-9

#define NAME_HINT "use lower-case letters, digits and underscores, starting with a letter or underscore"

static const char *const weightings[] =
{"expert", "entropy", "critic", "stddev", "pca", "blend", NULL};
static const char *const objectives[] =
{"entropy", "critic", "stddev", "pca", NULL};
static const char *const methods[] =
{"weighted_sum", "topsis", "grey_relational", "vikor", "fuzzy", NULL};
static const char *const fuzzy_operators[] =
{"weighted_average", "min_max", "product_max", "min_sum", NULL};
static const char *const ahp_methods[] =
{"eigenvector", "geometric", "arithmetic", NULL};
static const char *const kinds[] = {"quantitative", "qualitative", NULL};
static const char *const directions[] = {"benefit", "cost", "target", NULL};
static const char *const transforms[] = {"none", "log", NULL};

/* positions in the lists above that a check depends on */
#define W_EXPERT 0
#define W_BLEND 5
#define N_METHODS 5
#define KIND_QUANTITATIVE 0
#define KIND_QUALITATIVE 1
#define DIR_TARGET 2
#define TRANSFORM_LOG 1

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

static bool
is_empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* s for a message: NULL shows as an empty string (callers say "missing") */
static const char *
str(const char *s)
{
	return s ? s : "";
}

/* index of s in the NULL-terminated list words, -1 if absent or NULL */
static int
lookup(const char *s, const char *const *words)
{
	int			i;

	if (s == NULL)
		return -1;
	for (i = 0; words[i] != NULL; i++)
		if (strcmp(s, words[i]) == 0)
			return i;
	return -1;
}

static bool
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* ^[a-z_][a-z0-9_]*$, at most max bytes */
static bool
valid_name(const char *s, size_t max)
{
	size_t		i;

	if (s == NULL || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		return false;
	for (i = 1; s[i] != '\0'; i++)
	{
		char		c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return i <= max;
}

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

/* A number for a message; NaN is how the glue passes SQL NULL. */
static const char *
num(char *buf, size_t size, double x)
{
	if (isnan(x))
		snprintf(buf, size, "NULL");
	else
		snprintf(buf, size, "%.15g", x);
	return buf;
}

/* kind "name", or kind N (1-based) when the object has no name */
static void
describe(char *buf, const char *kind, int index, const char *name)
{
	if (is_empty(name))
		snprintf(buf, WHAT_LEN, "%s %d", kind, index + 1);
	else
		snprintf(buf, WHAT_LEN, "%s \"%.*s\"", kind, SHOW, name);
}

/*
 * How many of names[0..i) equal names[i]: 1 means names[i] is the first
 * repetition, which is the one reported.  NULL and empty names are reported
 * as missing elsewhere and never count as repeated.
 */
static int
earlier_copies(const char *const *names, size_t stride, int i)
{
	const char *s = *(const char *const *) ((const char *) names + stride * i);
	int			k = 0;
	int			j;

	if (is_empty(s))
		return 0;
	for (j = 0; j < i; j++)
		if (same(s, *(const char *const *) ((const char *) names + stride * j)))
			k++;
	return k;
}

/*
 * A list of quoted names for a message, cut short with "and N more" when it
 * would not fit.  The size keeps every message that holds a list, with its
 * other quoted strings at their longest, within CT_SPEC_PROBLEM_LEN; one
 * name always fits.
 */
typedef struct name_list
{
	char		buf[136];
	size_t		len;
	int			shown;
	int			hidden;
} name_list;

static void
name_list_init(name_list *l)
{
	l->buf[0] = '\0';
	l->len = 0;
	l->shown = 0;
	l->hidden = 0;
}

/* add "name", or kind N (1-based, unquoted) when the object has no name */
static void
name_list_add_object(name_list *l, const char *kind, int index, const char *name)
{
	char		item[WHAT_LEN + 4];
	int			k;

	if (is_empty(name))
		k = snprintf(item, sizeof(item), "%s%s %d", l->shown ? ", " : "",
					 kind, index + 1);
	else
		k = snprintf(item, sizeof(item), "%s\"%.*s\"", l->shown ? ", " : "",
					 SHOW, name);
	/* keep room for " and 2147483647 more" */
	if (l->hidden == 0 && k > 0 && l->len + (size_t) k + 24 < sizeof(l->buf))
	{
		memcpy(l->buf + l->len, item, (size_t) k + 1);
		l->len += (size_t) k;
		l->shown++;
	}
	else
		l->hidden++;
}

static void
name_list_add(name_list *l, const char *name)
{
	name_list_add_object(l, "", 0, name);
}

static const char *
name_list_text(name_list *l)
{
	if (l->hidden > 0)
	{
		snprintf(l->buf + l->len, sizeof(l->buf) - l->len, " and %d more",
				 l->hidden);
		l->hidden = 0;
		l->len = strlen(l->buf);
	}
	return l->buf;
}

/*
 * The model's dimensions for a hint: prefix followed by the quoted names,
 * or if_none when the model has none.
 */
static const char *
dimension_hint(const ct_spec *s, char *buf, size_t size, const char *prefix,
			   const char *if_none)
{
	int			d;
	name_list	names;

	name_list_init(&names);
	for (d = 0; d < s->n_dim && d < CT_SPEC_MAX_DIM; d++)
		if (!is_empty(s->dims[d].name))
			name_list_add(&names, s->dims[d].name);
	if (s->n_dim > CT_SPEC_MAX_DIM)
		names.hidden += s->n_dim - CT_SPEC_MAX_DIM;
	if (names.shown == 0)
		snprintf(buf, size, "%s", if_none);
	else
		snprintf(buf, size, "%s%s", prefix, name_list_text(&names));
	return buf;
}

static int
find_dimension(const ct_spec *s, const char *name)
{
	int			d;

	for (d = 0; d < s->n_dim; d++)
		if (same(s->dims[d].name, name))
			return d;
	return -1;
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
		if (is_empty(labels[i]))
			ct_problem(p, CT_EINVAL, "%s: label %d is empty", what, i + 1);
		else if (earlier_copies(labels, sizeof(labels[0]), i) == 1)
			ct_problem(p, CT_EINVAL, "%s: label \"%.*s\" is listed more than once",
					   what, SHOW, labels[i]);
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

	if (is_empty(s->name))
		ct_problem(p, CT_EINVAL, "the model has no name");
	else if (!valid_name(s->name, CT_SPEC_NAME_MAX))
		ct_problem(p, CT_EINVAL, "invalid model name \"%.*s\" (%s, at most %d bytes)",
				   SHOW, s->name, NAME_HINT, CT_SPEC_NAME_MAX);

	weighting = lookup(s->weighting, weightings);
	if (weighting < 0)
		ct_problem(p, CT_EINVAL, "unknown weighting \"%.*s\" (use expert, entropy, critic, stddev, pca or blend)",
				   SHOW, str(s->weighting));
	if (lookup(s->blend_objective, objectives) < 0)
		ct_problem(p, CT_EINVAL, "unknown blend_objective \"%.*s\" (use entropy, critic, stddev or pca)",
				   SHOW, str(s->blend_objective));
	if (!(s->blend_alpha >= 0.0 && s->blend_alpha <= 1.0))
		ct_problem(p, CT_EINVAL, "blend_alpha must be between 0 and 1 (got %s)",
				   num(b, sizeof(b), s->blend_alpha));

	if (s->n_methods < 1 || s->methods == NULL)
		ct_problem(p, CT_EINVAL, "methods must name at least one evaluation method (use any of weighted_sum, topsis, grey_relational, vikor, fuzzy)");
	else
	{
		for (i = 0; i < s->n_methods; i++)
		{
			int			m = lookup(s->methods[i], methods);

			if (s->methods[i] == NULL)
				ct_problem(p, CT_EINVAL, "methods must not contain NULL (element %d)", i + 1);
			else if (m < 0)
				ct_problem(p, CT_EINVAL, "unknown evaluation method \"%.*s\" (use any of weighted_sum, topsis, grey_relational, vikor, fuzzy)",
						   SHOW, s->methods[i]);
			else if (++count[m] == 2)
				ct_problem(p, CT_EINVAL, "evaluation method \"%s\" is listed more than once",
						   methods[m]);
		}
	}
	if (!same(s->combine, "mean_percentile"))
	{
		bool		found = false;

		for (i = 0; i < s->n_methods && s->methods != NULL; i++)
			if (same(s->combine, s->methods[i]))
				found = true;
		if (!found)
			ct_problem(p, CT_EINVAL, "combine must be mean_percentile or one of the model's methods (got \"%.*s\")",
					   SHOW, str(s->combine));
	}
	if (!(s->grey_rho > 0.0 && s->grey_rho <= 1.0))
		ct_problem(p, CT_EINVAL, "grey_rho must be in (0, 1] (got %s)",
				   num(b, sizeof(b), s->grey_rho));
	if (!(s->vikor_v >= 0.0 && s->vikor_v <= 1.0))
		ct_problem(p, CT_EINVAL, "vikor_v must be between 0 and 1 (got %s)",
				   num(b, sizeof(b), s->vikor_v));
	if (lookup(s->fuzzy_operator, fuzzy_operators) < 0)
		ct_problem(p, CT_EINVAL, "unknown fuzzy_operator \"%.*s\" (use weighted_average, min_max, product_max or min_sum)",
				   SHOW, str(s->fuzzy_operator));
	if (!(s->fuzzy_grades >= 2 && s->fuzzy_grades <= CT_MAX_GRADES))
		ct_problem(p, CT_EINVAL, "fuzzy_grades must be between 2 and %d (got %d)",
				   CT_MAX_GRADES, s->fuzzy_grades);
	if (!(s->concordance_threshold >= 0.0 && s->concordance_threshold <= 1.0))
		ct_problem(p, CT_EINVAL, "concordance_threshold must be between 0 and 1 (got %s)",
				   num(b, sizeof(b), s->concordance_threshold));
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
				   bad_i + 1, bad_j + 1, num(b1, sizeof(b1), a[bad_i * n + bad_j]),
				   bad > 1 ? ", and others" : "");
	if (diag > 0)
		ct_problem(p, CT_EINVAL, "dimension_pairwise must have 1 on its diagonal (element [%d][%d] is %s%s)",
				   diag_i + 1, diag_i + 1, num(b1, sizeof(b1), a[diag_i * n + diag_i]),
				   diag > 1 ? ", and others" : "");
	if (recip > 0)
		ct_problem(p, CT_EINVAL, "dimension_pairwise must be reciprocal: element [%d][%d] is %s but [%d][%d] is %s%s (a[j][i] must be 1/a[i][j])",
				   recip_i + 1, recip_j + 1, num(b1, sizeof(b1), a[recip_i * n + recip_j]),
				   recip_j + 1, recip_i + 1, num(b2, sizeof(b2), a[recip_j * n + recip_i]),
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
	char		what[WHAT_LEN];
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

		describe(what, "dimension", d, dim->name);
		if (is_empty(dim->name))
			ct_problem(p, CT_EINVAL, "%s: has no name", what);
		else if (!valid_name(dim->name, CT_SPEC_DIM_NAME_MAX))
			ct_problem(p, CT_EINVAL, "%s: invalid name (%s, at most %d bytes so that \"<dimension>_score\" fits in %d)",
					   what, NAME_HINT, CT_SPEC_DIM_NAME_MAX, CT_SPEC_NAME_MAX);
		else if (same(dim->name, "overall") || same(dim->name, "dimension"))
			ct_problem(p, CT_EINVAL, "%s: the name is reserved (it is a tier scheme scope)", what);
		else if (n <= CT_SPEC_MAX_DIM &&
				 earlier_copies(&s->dims[0].name, sizeof(s->dims[0]), d) == 1)
			ct_problem(p, CT_EINVAL, "%s is listed more than once", what);

		if (!isnan(dim->weight))
		{
			given++;
			if (!(isfinite(dim->weight) && dim->weight >= 0.0))
			{
				ct_problem(p, CT_EINVAL, "%s: weight must be a non-negative finite number (got %s)",
						   what, num(b, sizeof(b), dim->weight));
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
			name_list	l;

			name_list_init(&l);
			for (d = 0; d < n; d++)
				if (!isnan(s->dims[d].weight))
					name_list_add_object(&l, "dimension", d, s->dims[d].name);
			ct_problem(p, CT_EINVAL, "dimension weights and dimension_pairwise are both given (weights of %s; give one or the other)",
					   name_list_text(&l));
		}
		check_pairwise(s, p);
	}
	else if (given == 0)
		ct_problem(p, CT_EINVAL, "the dimensions need a weight each or a dimension_pairwise (an n x n AHP matrix in dimension order)");
	else if (given < n)
	{
		name_list	l;

		name_list_init(&l);
		for (d = 0; d < n; d++)
			if (isnan(s->dims[d].weight))
				name_list_add_object(&l, "dimension", d, s->dims[d].name);
		ct_problem(p, CT_EINVAL, "dimensions without a weight: %s (give every dimension a weight, or none and a dimension_pairwise)",
				   name_list_text(&l));
	}
	else if (weights_ok && !(sum > 0.0))
		ct_problem(p, CT_EINVAL, "dimension weights must have a positive sum");

	if (s->ahp_method != NULL || s->pairwise_n != 0)
		if (lookup(s->ahp_method, ahp_methods) < 0)
			ct_problem(p, CT_EINVAL, "unknown ahp_method \"%.*s\" (use eigenvector, geometric or arithmetic)",
					   SHOW, str(s->ahp_method));
}

/* ---- indicators ---- */

static void
check_qualitative(const ct_spec_indicator *ind, int direction, const char *what,
				  ct_problems *p)
{
	int			n = ind->n_levels;
	bool		levels_ok = true;
	int			i;

	if (n <= 0 || ind->levels == NULL)
	{
		ct_problem(p, CT_EINVAL, "%s: a qualitative indicator needs its ordered levels (list them from the worst to the best)",
				   what);
		levels_ok = false;
	}
	else if (n > CT_SPEC_MAX_LEVELS)
	{
		ct_problem(p, CT_ELIMIT, "%s: has %d levels; the limit is %d",
				   what, n, CT_SPEC_MAX_LEVELS);
		levels_ok = false;
	}
	else
	{
		for (i = 0; i < n; i++)
		{
			if (ind->levels[i] == NULL)
				ct_problem(p, CT_EINVAL, "%s: level %d is NULL", what, i + 1);
			else if (earlier_copies(ind->levels, sizeof(ind->levels[0]), i) == 1)
				ct_problem(p, CT_EINVAL, "%s: level \"%.*s\" is listed more than once",
						   what, SHOW, ind->levels[i]);
		}
	}

	if (ind->n_level_scores >= 0)
	{
		if (levels_ok && ind->n_level_scores != n)
			ct_problem(p, CT_ESHAPE, "%s: level_scores needs one score per level (%d levels, %d scores)",
					   what, n, ind->n_level_scores);
		else if (ind->n_level_scores <= CT_SPEC_MAX_LEVELS && ind->level_scores != NULL)
		{
			for (i = 0; i < ind->n_level_scores; i++)
			{
				double		x = ind->level_scores[i];

				if (!(x >= 0.0 && x <= 1.0))
				{
					char		b[32];

					ct_problem(p, CT_EINVAL, "%s: level_scores must be numbers between 0 and 1 (score %d is %s)",
							   what, i + 1, num(b, sizeof(b), x));
					break;
				}
			}
		}
	}
	if (direction == DIR_TARGET)
		ct_problem(p, CT_EINVAL, "%s: a qualitative indicator cannot have direction target (give the best level the highest level score instead)",
				   what);
	if (!isnan(ind->range_lo) || !isnan(ind->range_hi) ||
		!isnan(ind->best_lo) || !isnan(ind->best_hi))
		ct_problem(p, CT_EINVAL, "%s: a qualitative indicator takes no range", what);
}

static void
check_quantitative(const ct_spec_indicator *ind, int direction, const char *what,
				   ct_problems *p)
{
	bool		has_lo = !isnan(ind->range_lo);
	bool		has_hi = !isnan(ind->range_hi);
	bool		range_ok = false;
	char		b1[32],
				b2[32],
				b3[32],
				b4[32];

	if (ind->n_levels >= 0 || ind->n_level_scores >= 0)
		ct_problem(p, CT_EINVAL, "%s: a quantitative indicator takes no levels (set kind qualitative for an indicator with levels)",
				   what);
	if (has_lo != has_hi)
		ct_problem(p, CT_EINVAL, "%s: needs both range_lo and range_hi, or neither (without a range fit uses the population minimum and maximum)",
				   what);
	else if (has_lo)
	{
		range_ok = isfinite(ind->range_lo) && isfinite(ind->range_hi) &&
			ind->range_lo < ind->range_hi;
		if (!range_ok)
			ct_problem(p, CT_EINVAL, "%s: range must satisfy range_lo < range_hi, both finite (got [%s, %s])",
					   what, num(b1, sizeof(b1), ind->range_lo),
					   num(b2, sizeof(b2), ind->range_hi));
	}
	if (direction == DIR_TARGET)
	{
		if (!(isfinite(ind->best_lo) && isfinite(ind->best_hi) &&
			  ind->best_lo <= ind->best_hi))
			ct_problem(p, CT_EINVAL, "%s: a target indicator needs best_lo <= best_hi, both finite (got [%s, %s])",
					   what, num(b1, sizeof(b1), ind->best_lo),
					   num(b2, sizeof(b2), ind->best_hi));
		else if (range_ok &&
				 !(ind->range_lo <= ind->best_lo && ind->best_hi <= ind->range_hi))
			ct_problem(p, CT_EINVAL, "%s: best range [%s, %s] must lie inside its range [%s, %s]",
					   what, num(b1, sizeof(b1), ind->best_lo),
					   num(b2, sizeof(b2), ind->best_hi),
					   num(b3, sizeof(b3), ind->range_lo),
					   num(b4, sizeof(b4), ind->range_hi));
	}
	else if (direction >= 0 && (!isnan(ind->best_lo) || !isnan(ind->best_hi)))
		ct_problem(p, CT_EINVAL, "%s: only a target indicator takes best_lo and best_hi",
				   what);
}

/* gender or age, ignoring case (the former trigger compared lower(column)) */
static bool
demographic_column(const char *c)
{
	static const char *const cols[] = {"gender", "age"};
	int			k;

	for (k = 0; k < 2; k++)
	{
		const char *w = cols[k];
		size_t		i;

		for (i = 0; c[i] != '\0' && w[i] != '\0'; i++)
		{
			char		ch = c[i];

			if (ch >= 'A' && ch <= 'Z')
				ch = (char) (ch - 'A' + 'a');
			if (ch != w[i])
				break;
		}
		if (c[i] == '\0' && w[i] == '\0')
			return true;
	}
	return false;
}

static void
check_indicator(const ct_spec *s, int i, ct_problems *p)
{
	const ct_spec_indicator *ind = &s->ind[i];
	char		what[WHAT_LEN];
	char		b[32];
	int			kind,
				direction,
				transform;

	describe(what, "indicator", i, ind->name);
	if (is_empty(ind->name))
		ct_problem(p, CT_EINVAL, "%s: has no name", what);
	else if (!valid_name(ind->name, CT_SPEC_NAME_MAX))
		ct_problem(p, CT_EINVAL, "%s: invalid name (%s, at most %d bytes)",
				   what, NAME_HINT, CT_SPEC_NAME_MAX);
	else if (earlier_copies(&s->ind[0].name, sizeof(s->ind[0]), i) == 1)
		ct_problem(p, CT_EINVAL, "%s is listed more than once", what);

	if (find_dimension(s, ind->dimension) < 0)
	{
		char		buf[HINT_LEN];
		const char *hint = dimension_hint(s, buf, sizeof(buf),
										  "the dimensions are ",
										  "the model has no dimensions");

		if (is_empty(ind->dimension))
			ct_problem(p, CT_EUNDEFINED, "%s: has no dimension (%s)", what, hint);
		else
			ct_problem(p, CT_EUNDEFINED, "%s: unknown dimension \"%.*s\" (%s)",
					   what, SHOW, ind->dimension, hint);
	}

	kind = lookup(ind->kind, kinds);
	direction = lookup(ind->direction, directions);
	transform = lookup(ind->transform, transforms);
	if (kind < 0)
		ct_problem(p, CT_EINVAL, "%s: unknown kind \"%.*s\" (use quantitative or qualitative)",
				   what, SHOW, str(ind->kind));
	if (direction < 0)
		ct_problem(p, CT_EINVAL, "%s: unknown direction \"%.*s\" (use benefit, cost or target)",
				   what, SHOW, str(ind->direction));
	if (transform < 0)
		ct_problem(p, CT_EINVAL, "%s: unknown transform \"%.*s\" (use none, or log for ln(1 + x) on a skewed non-negative quantity)",
				   what, SHOW, str(ind->transform));
	if (transform == TRANSFORM_LOG && kind == KIND_QUALITATIVE)
		ct_problem(p, CT_EINVAL, "%s: a qualitative indicator takes no transform", what);
	if (transform == TRANSFORM_LOG && (ind->range_lo <= -1.0 || ind->best_lo <= -1.0))
		ct_problem(p, CT_EINVAL, "%s: the log transform needs a range above -1 (ln(1 + x) is defined for x > -1)",
				   what);
	if (is_empty(ind->column))
		ct_problem(p, CT_EINVAL, "%s: needs a source column", what);
	else if (!s->allow_demographic && demographic_column(ind->column))
		ct_problem(p, CT_EINVAL, "%s: reads the demographic column \"%.*s\" (gender and age never change a score or a tier unless the model sets allow_demographic)",
				   what, SHOW, ind->column);
	if (!isnan(ind->expert_weight) &&
		!(isfinite(ind->expert_weight) && ind->expert_weight >= 0.0))
		ct_problem(p, CT_EINVAL, "%s: expert_weight must be a non-negative finite number (got %s)",
				   what, num(b, sizeof(b), ind->expert_weight));

	if (kind == KIND_QUALITATIVE)
		check_qualitative(ind, direction, what, p);
	else if (kind == KIND_QUANTITATIVE)
		check_quantitative(ind, direction, what, p);
}

static void
check_indicators(const ct_spec *s, int weighting, ct_problems *p)
{
	int			i;

	if (s->n_ind < 1 || s->ind == NULL)
	{
		ct_problem(p, CT_EINVAL, "the model has no indicators");
		return;
	}
	if (s->n_ind > CT_SPEC_MAX_IND)
	{
		ct_problem(p, CT_ELIMIT, "the model has %d indicators; the limit is %d",
				   s->n_ind, CT_SPEC_MAX_IND);
		return;
	}
	for (i = 0; i < s->n_ind; i++)
		check_indicator(s, i, p);

	if (weighting == W_EXPERT || weighting == W_BLEND)
	{
		name_list	l;
		int			missing = 0;

		name_list_init(&l);
		for (i = 0; i < s->n_ind; i++)
			if (isnan(s->ind[i].expert_weight))
			{
				missing++;
				name_list_add_object(&l, "indicator", i, s->ind[i].name);
			}
		if (missing > 0)
			ct_problem(p, CT_EINVAL, "weighting %s needs an expert_weight for every indicator; missing: %s (set them, or choose an objective weighting: entropy, critic, stddev, pca)",
					   weightings[weighting], name_list_text(&l));
	}
}

/* ---- tier schemes ---- */

static void
check_tier(const ct_spec *s, int t, ct_problems *p)
{
	const ct_spec_tier *ts = &s->tiers[t];
	char		what[WHAT_LEN];
	char		b[32];
	int			n = ts->n_labels;
	int			i;

	describe(what, "tier scheme", t, ts->scope);
	if (is_empty(ts->scope))
		ct_problem(p, CT_EINVAL, "%s: has no scope (use overall, dimension or a dimension name)",
				   what);
	else if (!same(ts->scope, "overall") && !same(ts->scope, "dimension") &&
			 find_dimension(s, ts->scope) < 0)
	{
		char		buf[HINT_LEN];

		ct_problem(p, CT_EUNDEFINED, "%s: unknown scope (use %s)", what,
				   dimension_hint(s, buf, sizeof(buf),
								  "overall, dimension or a dimension name: ",
								  "overall or dimension"));
	}
	else if (earlier_copies(&s->tiers[0].scope, sizeof(s->tiers[0]), t) == 1)
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
							   what, i + 1, num(b, sizeof(b), x));
					ok = false;
				}
				sum += x;
			}
			if (ok && fabs(sum - 1.0) > SHARE_SUM_TOL)
				ct_problem(p, CT_EINVAL, "%s: shares must sum to 1 (they sum to %s)",
						   what, num(b, sizeof(b), sum));
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
							   what, i + 1, num(b, sizeof(b), x));
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
		if (same(s->tiers[t].scope, "overall"))
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

	if (is_empty(condition))
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

	if (same(name, "score"))
		return "it is the model's overall score";
	if (same(name, "tier"))
		return "it is the model's overall tier";
	for (d = 0; d < s->n_dim && d < CT_SPEC_MAX_DIM; d++)
	{
		const char *dn = s->dims[d].name;
		size_t		len;

		if (is_empty(dn))
			continue;
		len = strlen(dn);
		if (strncmp(name, dn, len) == 0 &&
			(strcmp(name + len, "_score") == 0 || strcmp(name + len, "_tier") == 0))
		{
			snprintf(buf, WHAT_LEN + 32, "it is the %s of dimension \"%.*s\"",
					 strcmp(name + len, "_score") == 0 ? "score" : "tier",
					 SHOW, dn);
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
	char		what[WHAT_LEN];
	char		owner[WHAT_LEN + 32];
	const char *taken;
	int			n;
	int			j;

	describe(what, "classification", c, cl->name);
	if (is_empty(cl->name))
		ct_problem(p, CT_EINVAL, "%s: has no name", what);
	else if (!valid_name(cl->name, CT_SPEC_NAME_MAX))
		ct_problem(p, CT_EINVAL, "%s: invalid name (%s, at most %d bytes)",
				   what, NAME_HINT, CT_SPEC_NAME_MAX);
	else if ((taken = output_owner(s, cl->name, owner)) != NULL)
		ct_problem(p, CT_EINVAL, "%s: the name is taken (%s)", what, taken);
	else if (earlier_copies(&s->classes[0].name, sizeof(s->classes[0]), c) == 1)
		ct_problem(p, CT_EINVAL, "%s is listed more than once", what);

	if (!check_labels(p, what, cl->n, cl->labels, 1))
		return;
	if (cl->n_conditions != cl->n || (cl->n > 0 && cl->conditions == NULL))
		ct_problem(p, CT_ESHAPE, "%s: needs one condition per label (%d labels, %d conditions)",
				   what, cl->n, cl->n_conditions);
	n = cl->n_conditions < cl->n ? cl->n_conditions : cl->n;
	for (j = 0; j < n && cl->conditions != NULL; j++)
	{
		char		label_what[WHAT_LEN + 80];

		if (is_empty(cl->labels[j]))
			snprintf(label_what, sizeof(label_what), "%s label %d", what, j + 1);
		else
			snprintf(label_what, sizeof(label_what), "%s label \"%.*s\"",
					 what, SHOW, cl->labels[j]);
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
		char		what[WHAT_LEN];

		CT_CHECK_INTERRUPTS();
		describe(what, "rule", r, rule->id);
		if (is_empty(rule->id))
			ct_problem(p, CT_EINVAL, "%s: has no id", what);
		else if (!valid_rule_id(rule->id))
			ct_problem(p, CT_EINVAL, "%s: invalid id (use a lower-case letter, then lower-case letters, digits, underscores or dots, at most %d bytes)",
					   what, CT_SPEC_NAME_MAX);
		else if (earlier_copies(&s->rules[0].id, sizeof(s->rules[0]), r) == 1)
			ct_problem(p, CT_EINVAL, "%s is listed more than once", what);
		if (is_empty(rule->strategy))
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
	check_indicators(s, weighting, p);
	check_tiers(s, p);
	check_classifications(s, check, arg, p);
	check_rules(s, check, arg, p);
	return p->n == 0 && p->dropped == 0 ? CT_OK : p->first_code;
}
