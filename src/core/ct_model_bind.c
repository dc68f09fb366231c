/*
 * ct_model_bind.c
 *		A model against the evaluated row: binding indicators and
 *		classification conditions to the variable table (ct_vars.h), reading
 *		the input slots into normalised values, and the per-row outputs and
 *		classifications (ct_model.h).
 */
#include "ct_model.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *
type_word(ct_rule_type t)
{
	return t == CT_RULE_NUMBER ? "a number" : t == CT_RULE_STRING ? "text" :
		t == CT_RULE_BOOL ? "a boolean" : "an unsupported type";
}

/* append ", what" to the detail list of e (truncated with "..." when full) */
static void
list_add(char *buf, size_t size, int *n, const char *what)
{
	size_t		used = strlen(buf);

	if (used + strlen(what) + 8 >= size)
	{
		if (used + 5 < size && (used < 4 || strcmp(buf + used - 3, "...") != 0))
			strcat(buf, ", ...");
		(*n)++;
		return;
	}
	if (*n > 0)
		strcat(buf, "; ");
	strcat(buf, what);
	(*n)++;
}

ct_code
ct_model_bind(ct_model *m, ct_vars *v, ct_error *e)
{
	char		missing[CT_DETAIL_LEN] = "";
	char		mistyped[CT_DETAIL_LEN] = "";
	char		item[CT_MSG_LEN];
	int			n_missing = 0,
				n_mistyped = 0;
	ct_error	err;

	ct_error_clear(e);
	if (v->n_dim != m->n_dim || v->n_class != m->n_class)
		return ct_fail(e, CT_EINVAL, "the variable table does not match the model");
	for (int j = 0; j < m->n_ind; j++)
	{
		ct_indicator *ind = &m->ind[j];
		int			slot = ct_vars_input(v, ind->column, &err);
		ct_rule_type t;
		bool		ok;

		if (slot < 0)
		{
			if (err.code != CT_EUNDEFINED)
			{
				*e = err;
				return e->code;
			}
			snprintf(item, sizeof(item), "\"%s\" (indicator \"%s\")", ind->column, ind->name);
			list_add(missing, sizeof(missing), &n_missing, item);
			continue;
		}
		t = v->vars[slot].type;
		ok = ind->kind == CT_KIND_QUAL ? t == CT_RULE_STRING :
			(t == CT_RULE_NUMBER || t == CT_RULE_BOOL);
		if (!ok && t != CT_RULE_ANYTYPE)
		{
			snprintf(item, sizeof(item), "\"%s\" is %s but indicator \"%s\" needs %s",
					 ind->column, type_word(t), ind->name,
					 ind->kind == CT_KIND_QUAL ? "text levels" : "a number or a boolean");
			list_add(mistyped, sizeof(mistyped), &n_mistyped, item);
			continue;
		}
		ind->slot = slot;
		ind->slot_type = t;
	}
	if (n_missing > 0)
	{
		ct_fail(e, CT_EUNDEFINED, "%d column%s the model reads %s missing from the customer record",
				n_missing, n_missing == 1 ? "" : "s", n_missing == 1 ? "is" : "are");
		if (n_mistyped > 0)
			ct_detail(e, "Missing: %s. Mistyped: %s.", missing, mistyped);
		else
			ct_detail(e, "Missing: %s.", missing);
		ct_hint(e, "Every indicator reads a column of the source by its own name; rename or cast in a view.");
		return e->code;
	}
	if (n_mistyped > 0)
	{
		ct_fail(e, CT_EINVAL, "%d column%s the model reads %s the wrong type",
				n_mistyped, n_mistyped == 1 ? "" : "s", n_mistyped == 1 ? "has" : "have");
		ct_detail(e, "%s.", mistyped);
		ct_hint(e, "Cast the column in a view, for example col::float8 or col::text.");
		return e->code;
	}

	for (int c = 0; c < m->n_class; c++)
	{
		ct_classification *cl = &m->classes[c];

		v->class_limit = c;
		cl->n_reads = 0;
		for (int l = 0; l < cl->n_labels; l++)
		{
			const char *src = cl->conditions[l];

			if (ct_rule_compile(src, strlen(src), ct_vars_resolve, v, &cl->progs[l], &err) != CT_OK)
			{
				v->class_limit = v->n_class;
				*e = err;
				snprintf(e->message, sizeof(e->message),
						 "classification \"%.63s\", label \"%.40s\": %.120s", cl->name, cl->labels[l],
						 err.message);
				if (err.code == CT_EUNDEFINED)
					ct_hint(e, "A condition reads the evaluated row's columns, score, tier, <dimension>_score, <dimension>_tier and the classifications defined before it.");
				return e->code;
			}
		}
		/* the input slots read by any of its conditions */
		for (int s = v->n_outputs; s < v->n; s++)
			for (int l = 0; l < cl->n_labels; l++)
				if (ct_rule_reads_slot(&cl->progs[l], s))
				{
					cl->reads[cl->n_reads++] = s;
					break;
				}
	}
	v->class_limit = v->n_class;
	return CT_OK;
}

/* one limit of a valid domain for a message: the number or an infinity */
static void
limit_text(char *buf, size_t size, bool has, double x, const char *inf)
{
	if (has)
		snprintf(buf, size, "%.15g", x);
	else
		snprintf(buf, size, "%s", inf);
}

/* the error of a raw value outside [dom_lo, dom_hi] (ct_model_inputs) */
static ct_code
bad_number(const ct_indicator *ind, double raw, ct_error *e)
{
	char		lo[32],
				hi[32];

	if (isnan(raw) || isinf(raw))
	{
		ct_fail(e, CT_EINVAL, "value must be a finite number");
		ct_detail(e, "Got %s.", isnan(raw) ? "NaN" : (raw > 0 ? "Infinity" : "-Infinity"));
		ct_hint(e, "Set the column to NULL to use the fitted default.");
		return CT_EINVAL;
	}
	limit_text(lo, sizeof(lo), ind->has_valid_lo, ind->valid_lo, "-inf");
	limit_text(hi, sizeof(hi), ind->has_valid_hi, ind->valid_hi, "+inf");
	ct_fail(e, CT_ERANGE, "value %.15g is outside the valid domain %s%s, %s%s",
			raw, ind->has_valid_lo ? "[" : "(", lo, hi, ind->has_valid_hi ? "]" : ")");
	ct_detail(e, "The valid domain is a hard limit on the input, apart from the normalisation range: a value outside it is refused, not clamped.");
	ct_hint(e, "Correct the value, or set it to NULL to use the fitted default.");
	return CT_ERANGE;
}

double
ct_model_coverage(const ct_model *m, const bool *imputed)
{
	double		present = 0.0;

	if (!(m->gw_total > 0.0))
		return 1.0;
	for (int j = 0; j < m->n_ind; j++)
		if (!imputed[j])
			present += m->ind[j].global_weight;
	/* the same additions in the same order as gw_total: 1 when complete */
	return present >= m->gw_total ? 1.0 : present / m->gw_total;
}

ct_code
ct_model_inputs(const ct_model *m, const ct_rule_value *slots, double *v,
				bool *imputed, int *n_missing, int *bad, ct_error *e)
{
	*n_missing = 0;
	for (int j = 0; j < m->n_ind; j++)
	{
		const ct_indicator *ind = &m->ind[j];
		const ct_rule_value *x = &slots[ind->slot];

		if (x->isnull)
		{
			v[j] = ind->impute;
			imputed[j] = true;
			(*n_missing)++;
			continue;
		}
		imputed[j] = false;
		if (ind->kind == CT_KIND_QUAL)
		{
			if (ct_model_level(m, j, x->str, x->len, &v[j], e) != CT_OK)
			{
				*bad = j;
				return e->code;
			}
		}
		else
		{
			double		raw = ind->slot_type == CT_RULE_BOOL ? (x->b ? 1.0 : 0.0) : x->num;

			/* one test refuses NaN, +-Infinity and values outside the domain */
			if (!(raw >= ind->dom_lo && raw <= ind->dom_hi))
			{
				*bad = j;
				return bad_number(ind, raw, e);
			}
			if (!ct_model_normalize_quick(m, j, raw, &v[j]) &&
				ct_model_normalize(m, j, raw, &v[j], e) != CT_OK)
			{
				*bad = j;
				return e->code;
			}
		}
	}
	return CT_OK;
}

static void
set_null(ct_rule_value *s)
{
	s->isnull = true;
	s->b = false;
	s->num = 0.0;
	s->str = NULL;
	s->len = 0;
}

static void
set_number(ct_rule_value *s, double x)
{
	set_null(s);
	if (!isnan(x))
	{
		s->isnull = false;
		s->num = x;
	}
}

static void
set_label(ct_rule_value *s, const char *const *labels, const size_t *lens, int i)
{
	set_null(s);
	if (i >= 0)
	{
		s->isnull = false;
		s->str = labels[i];
		s->len = lens[i];
	}
}

int
ct_model_class_label(const ct_model *m, int c, const ct_rule_value *slots,
					 int nslots, ct_rule_result *trace, int *n_evaluated)
{
	const ct_classification *cl = &m->classes[c];
	ct_rule_value stack[CT_RULE_STACK_MAX];
	bool		known = cl->n_reads == 0;

	if (n_evaluated != NULL)
		*n_evaluated = 0;
	for (int i = 0; i < cl->n_reads && !known; i++)
		known = !slots[cl->reads[i]].isnull;
	if (!known)
		return CT_CLASS_UNKNOWN;
	for (int l = 0; l < cl->n_labels; l++)
	{
		ct_rule_result res = trace == NULL ?
			ct_rule_is_true(&cl->progs[l], slots, nslots, stack, CT_RULE_STACK_MAX) :
			ct_rule_eval(&cl->progs[l], slots, nslots, stack, CT_RULE_STACK_MAX);

		if (trace != NULL)
			trace[l] = res;
		if (n_evaluated != NULL)
			*n_evaluated = l + 1;
		if (res == CT_RULE_TRUE)
			return l;
	}
	return -1;
}

void
ct_model_classify(const ct_model *m, const ct_vars *vars, ct_result *r,
				  ct_rule_value *slots)
{
	set_number(&slots[CT_SLOT_SCORE], r->score);
	set_label(&slots[CT_SLOT_TIER], m->tier_label, m->tier_label_len, r->tier);
	for (int d = 0; d < m->n_dim; d++)
	{
		set_number(&slots[ct_slot_dim_score(d)], r->dim_score[d]);
		if (m->dim_tiers[d] > 0)
			set_label(&slots[ct_slot_dim_tier(d)], m->dim_tier_label[d],
					  m->dim_tier_label_len[d], r->dim_tier[d]);
		else
			set_null(&slots[ct_slot_dim_tier(d)]);
	}
	if (vars->seg_slot >= 0)
	{
		set_number(&slots[vars->seg_slot], r->segment >= 0 ? r->segment + 1.0 : NAN);
		set_number(&slots[vars->seg_slot + 1], r->segment_membership);
	}
	for (int c = 0; c < m->n_class; c++)
	{
		const ct_classification *cl = &m->classes[c];
		int			label = ct_model_class_label(m, c, slots, vars->n, NULL, NULL);

		if (label < 0)
			label = -1;
		r->class_label[c] = label;
		set_label(&slots[ct_slot_class(vars, c)], cl->labels, cl->label_len, label);
	}
}
