/*
 * ct_spec_indicator.c
 *		The indicator checks of the model spec validator (see ct_spec.h):
 *		name, dimension, kind, direction, transform, source column and
 *		expert weight of each indicator, the levels of a qualitative one and
 *		the ranges of a quantitative one, and the expert weights a weighting
 *		needs.  The rules are those of the former catalogue trigger
 *		_check_indicator.
 */
#include "ct_spec_int.h"

#include <stdio.h>
#include <string.h>

#include <math.h>

static const char *const kinds[] = {"quantitative", "qualitative", NULL};
static const char *const directions[] = {"benefit", "cost", "target", NULL};
static const char *const transforms[] = {"none", "log", NULL};

/* positions in the lists above that a check depends on */
#define KIND_QUANTITATIVE 0
#define KIND_QUALITATIVE 1
#define DIR_TARGET 2
#define TRANSFORM_LOG 1

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
			else if (ct_spec_earlier_copies(ind->levels, sizeof(ind->levels[0]), i) == 1)
				ct_problem(p, CT_EINVAL, "%s: level \"%.*s\" is listed more than once",
						   what, CT_SPEC_SHOW, ind->levels[i]);
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
							   what, i + 1, ct_spec_num(b, sizeof(b), x));
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
	if (!isnan(ind->valid_lo) || !isnan(ind->valid_hi))
		ct_problem(p, CT_EINVAL, "%s: a qualitative indicator takes no valid_lo or valid_hi (its levels are its valid values)",
				   what);
}

/* the valid domain for a message: [lo, hi], an open side shown as (-inf or +inf) */
static const char *
domain_text(char *buf, size_t size, const ct_spec_indicator *ind)
{
	char		lo[32],
				hi[32];

	snprintf(buf, size, "%s%s, %s%s", isnan(ind->valid_lo) ? "(" : "[",
			 isnan(ind->valid_lo) ? "-inf" : ct_spec_num(lo, sizeof(lo), ind->valid_lo),
			 isnan(ind->valid_hi) ? "+inf" : ct_spec_num(hi, sizeof(hi), ind->valid_hi),
			 isnan(ind->valid_hi) ? ")" : "]");
	return buf;
}

/* [lo, hi] lies inside the valid domain (a missing limit is open) */
static bool
inside_domain(const ct_spec_indicator *ind, double lo, double hi)
{
	return (isnan(ind->valid_lo) || ind->valid_lo <= lo) &&
		(isnan(ind->valid_hi) || hi <= ind->valid_hi);
}

/*
 * The valid domain of a quantitative indicator: hard limits on the raw
 * input, apart from the normalisation range, which must lie inside it
 * (as must the best range of a target indicator).
 */
static void
check_domain(const ct_spec_indicator *ind, int direction, int transform,
			 const char *what, ct_problems *p)
{
	bool		has_lo = !isnan(ind->valid_lo);
	bool		has_hi = !isnan(ind->valid_hi);
	char		b1[32],
				b2[32],
				dom[80];

	if (!has_lo && !has_hi)
		return;
	if ((has_lo && !isfinite(ind->valid_lo)) || (has_hi && !isfinite(ind->valid_hi)))
	{
		ct_problem(p, CT_EINVAL, "%s: valid_lo and valid_hi must be finite numbers (got [%s, %s]; leave one out for no limit)",
				   what, ct_spec_num(b1, sizeof(b1), ind->valid_lo),
				   ct_spec_num(b2, sizeof(b2), ind->valid_hi));
		return;
	}
	if (has_lo && has_hi && ind->valid_lo > ind->valid_hi)
	{
		ct_problem(p, CT_EINVAL, "%s: valid domain must satisfy valid_lo <= valid_hi (got [%s, %s])",
				   what, ct_spec_num(b1, sizeof(b1), ind->valid_lo),
				   ct_spec_num(b2, sizeof(b2), ind->valid_hi));
		return;
	}
	if (transform == TRANSFORM_LOG && has_lo && ind->valid_lo <= -1.0)
		ct_problem(p, CT_EINVAL, "%s: the log transform needs valid_lo > -1 (ln(1 + x) is defined for x > -1)",
				   what);
	if (isfinite(ind->range_lo) && isfinite(ind->range_hi) &&
		!inside_domain(ind, ind->range_lo, ind->range_hi))
		ct_problem(p, CT_EINVAL, "%s: range [%s, %s] must lie inside its valid domain %s",
				   what, ct_spec_num(b1, sizeof(b1), ind->range_lo),
				   ct_spec_num(b2, sizeof(b2), ind->range_hi),
				   domain_text(dom, sizeof(dom), ind));
	if (direction == DIR_TARGET && isfinite(ind->best_lo) && isfinite(ind->best_hi) &&
		!inside_domain(ind, ind->best_lo, ind->best_hi))
		ct_problem(p, CT_EINVAL, "%s: best range [%s, %s] must lie inside its valid domain %s",
				   what, ct_spec_num(b1, sizeof(b1), ind->best_lo),
				   ct_spec_num(b2, sizeof(b2), ind->best_hi),
				   domain_text(dom, sizeof(dom), ind));
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
					   what, ct_spec_num(b1, sizeof(b1), ind->range_lo),
					   ct_spec_num(b2, sizeof(b2), ind->range_hi));
	}
	if (direction == DIR_TARGET)
	{
		if (!(isfinite(ind->best_lo) && isfinite(ind->best_hi) &&
			  ind->best_lo <= ind->best_hi))
			ct_problem(p, CT_EINVAL, "%s: a target indicator needs best_lo <= best_hi, both finite (got [%s, %s])",
					   what, ct_spec_num(b1, sizeof(b1), ind->best_lo),
					   ct_spec_num(b2, sizeof(b2), ind->best_hi));
		else if (range_ok &&
				 !(ind->range_lo <= ind->best_lo && ind->best_hi <= ind->range_hi))
			ct_problem(p, CT_EINVAL, "%s: best range [%s, %s] must lie inside its range [%s, %s]",
					   what, ct_spec_num(b1, sizeof(b1), ind->best_lo),
					   ct_spec_num(b2, sizeof(b2), ind->best_hi),
					   ct_spec_num(b3, sizeof(b3), ind->range_lo),
					   ct_spec_num(b4, sizeof(b4), ind->range_hi));
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
	char		what[CT_SPEC_WHAT_LEN];
	char		b[32];
	int			kind,
				direction,
				transform;

	ct_spec_describe(what, "indicator", i, ind->name);
	if (ct_spec_is_empty(ind->name))
		ct_problem(p, CT_EINVAL, "%s: has no name", what);
	else if (!ct_spec_valid_name(ind->name, CT_SPEC_NAME_MAX))
		ct_problem(p, CT_EINVAL, "%s: invalid name (%s, at most %d bytes)",
				   what, CT_SPEC_NAME_HINT, CT_SPEC_NAME_MAX);
	else if (ct_spec_earlier_copies(&s->ind[0].name, sizeof(s->ind[0]), i) == 1)
		ct_problem(p, CT_EINVAL, "%s is listed more than once", what);

	if (ct_spec_find_dimension(s, ind->dimension) < 0)
	{
		char		buf[CT_SPEC_HINT_LEN];
		const char *hint = ct_spec_dimension_hint(s, buf, sizeof(buf),
												  "the dimensions are ",
												  "the model has no dimensions");

		if (ct_spec_is_empty(ind->dimension))
			ct_problem(p, CT_EUNDEFINED, "%s: has no dimension (%s)", what, hint);
		else
			ct_problem(p, CT_EUNDEFINED, "%s: unknown dimension \"%.*s\" (%s)",
					   what, CT_SPEC_SHOW, ind->dimension, hint);
	}

	kind = ct_spec_lookup(ind->kind, kinds);
	direction = ct_spec_lookup(ind->direction, directions);
	transform = ct_spec_lookup(ind->transform, transforms);
	if (kind < 0)
		ct_problem(p, CT_EINVAL, "%s: unknown kind \"%.*s\" (use quantitative or qualitative)",
				   what, CT_SPEC_SHOW, ct_spec_str(ind->kind));
	if (direction < 0)
		ct_problem(p, CT_EINVAL, "%s: unknown direction \"%.*s\" (use benefit, cost or target)",
				   what, CT_SPEC_SHOW, ct_spec_str(ind->direction));
	if (transform < 0)
		ct_problem(p, CT_EINVAL, "%s: unknown transform \"%.*s\" (use none, or log for ln(1 + x) on a skewed non-negative quantity)",
				   what, CT_SPEC_SHOW, ct_spec_str(ind->transform));
	if (transform == TRANSFORM_LOG && kind == KIND_QUALITATIVE)
		ct_problem(p, CT_EINVAL, "%s: a qualitative indicator takes no transform", what);
	if (transform == TRANSFORM_LOG && (ind->range_lo <= -1.0 || ind->best_lo <= -1.0))
		ct_problem(p, CT_EINVAL, "%s: the log transform needs a range above -1 (ln(1 + x) is defined for x > -1)",
				   what);
	if (ct_spec_is_empty(ind->column))
		ct_problem(p, CT_EINVAL, "%s: needs a source column", what);
	else if (!s->allow_demographic && demographic_column(ind->column))
		ct_problem(p, CT_EINVAL, "%s: reads the demographic column \"%.*s\" (gender and age never change a score or a tier unless the model sets allow_demographic)",
				   what, CT_SPEC_SHOW, ind->column);
	if (!isnan(ind->expert_weight) &&
		!(isfinite(ind->expert_weight) && ind->expert_weight >= 0.0))
		ct_problem(p, CT_EINVAL, "%s: expert_weight must be a non-negative finite number (got %s)",
				   what, ct_spec_num(b, sizeof(b), ind->expert_weight));

	if (kind == KIND_QUALITATIVE)
		check_qualitative(ind, direction, what, p);
	else if (kind == KIND_QUANTITATIVE)
	{
		check_quantitative(ind, direction, what, p);
		check_domain(ind, direction, transform, what, p);
	}
}

void
ct_spec_check_indicators(const ct_spec *s, int weighting, ct_problems *p)
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

	if (weighting == CT_SPEC_W_EXPERT || weighting == CT_SPEC_W_BLEND)
	{
		ct_spec_name_list l;
		int			missing = 0;

		ct_spec_name_list_init(&l);
		for (i = 0; i < s->n_ind; i++)
			if (isnan(s->ind[i].expert_weight))
			{
				missing++;
				ct_spec_name_list_add_object(&l, "indicator", i, s->ind[i].name);
			}
		if (missing > 0)
			ct_problem(p, CT_EINVAL, "weighting %s needs an expert_weight for every indicator; missing: %s (set them, or choose an objective weighting: entropy, critic, stddev, pca)",
					   ct_spec_weightings[weighting], ct_spec_name_list_text(&l));
	}
}
