/*
 * ct_vars.c
 *		The variable table of a model (see ct_vars.h).
 */
#include "ct_vars.h"

#include <stdio.h>
#include <string.h>

bool
ct_vars_valid_name(const char *s)
{
	size_t		len = strlen(s);

	if (len == 0 || len >= CT_NAME_LEN)
		return false;
	if (!((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		return false;
	for (size_t i = 1; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

static ct_code
add_output(ct_vars *v, const char *name, ct_var_role role, ct_rule_type type,
		   int index, ct_error *e)
{
	ct_var	   *x;

	if (ct_vars_find(v, name) >= 0)
	{
		ct_fail(e, CT_EINVAL, "two outputs of the model are named \"%s\"", name);
		ct_detail(e, "The outputs are score, tier, <dimension>_score, <dimension>_tier and each classification's name.");
		ct_hint(e, "Rename the dimension or the classification.");
		return CT_EINVAL;
	}
	x = &v->vars[v->n++];
	snprintf(x->name, sizeof(x->name), "%s", name);
	x->role = role;
	x->type = type;
	x->index = index;
	return CT_OK;
}

ct_code
ct_vars_init(ct_vars *v, int n_dim, const char *const *dims, int n_class,
			 const char *const *classes, ct_error *e)
{
	char		buf[CT_NAME_LEN + 8];

	ct_error_clear(e);
	memset(v, 0, offsetof(ct_vars, vars));
	if (n_dim < 1 || n_dim > CT_MAX_DIM)
		return ct_fail(e, CT_ELIMIT, "a model has between 1 and %d dimensions, not %d",
					   CT_MAX_DIM, n_dim);
	if (n_class < 0 || n_class > CT_MAX_CLASS)
		return ct_fail(e, CT_ELIMIT, "a model has at most %d classifications, not %d",
					   CT_MAX_CLASS, n_class);
	v->n_dim = n_dim;
	v->n_class = n_class;
	v->class_limit = n_class;
	v->seg_slot = -1;
	if (add_output(v, "score", CT_VAR_SCORE, CT_RULE_NUMBER, -1, e) != CT_OK ||
		add_output(v, "tier", CT_VAR_TIER, CT_RULE_STRING, -1, e) != CT_OK)
		return e->code;
	for (int d = 0; d < n_dim; d++)
	{
		if (!ct_vars_valid_name(dims[d]) || strlen(dims[d]) + 6 >= CT_NAME_LEN)
			return ct_fail(e, CT_EINVAL, "invalid dimension name \"%.64s\"", dims[d]);
		snprintf(buf, sizeof(buf), "%s_score", dims[d]);
		if (add_output(v, buf, CT_VAR_DIM_SCORE, CT_RULE_NUMBER, d, e) != CT_OK)
			return e->code;
		snprintf(buf, sizeof(buf), "%s_tier", dims[d]);
		if (add_output(v, buf, CT_VAR_DIM_TIER, CT_RULE_STRING, d, e) != CT_OK)
			return e->code;
	}
	for (int c = 0; c < n_class; c++)
	{
		if (!ct_vars_valid_name(classes[c]))
			return ct_fail(e, CT_EINVAL, "invalid classification name \"%.64s\"", classes[c]);
		if (add_output(v, classes[c], CT_VAR_CLASS, CT_RULE_STRING, c, e) != CT_OK)
			return e->code;
	}
	v->n_outputs = v->n;
	return CT_OK;
}

ct_code
ct_vars_add_segments(ct_vars *v, ct_error *e)
{
	ct_error_clear(e);
	if (v->seg_slot >= 0 || v->n != v->n_outputs)
		return ct_fail(e, CT_EINVAL, "segments are added once, before the inputs");
	v->seg_slot = v->n;
	if (add_output(v, "segment", CT_VAR_SEGMENT, CT_RULE_NUMBER, -1, e) != CT_OK ||
		add_output(v, "segment_membership", CT_VAR_SEGMENT_MEMBERSHIP, CT_RULE_NUMBER, -1, e) != CT_OK)
		return e->code;
	v->n_outputs = v->n;
	return CT_OK;
}

int
ct_vars_find(const ct_vars *v, const char *name)
{
	for (int i = 0; i < v->n; i++)
		if (strcmp(v->vars[i].name, name) == 0)
			return i;
	return -1;
}

int
ct_vars_input(ct_vars *v, const char *name, ct_error *e)
{
	ct_rule_type type;
	ct_var	   *x;

	for (int i = v->n_outputs; i < v->n; i++)
		if (strcmp(v->vars[i].name, name) == 0)
			return i;
	if (strlen(name) >= CT_NAME_LEN)
	{
		ct_fail(e, CT_EUNDEFINED, "column \"%.64s...\" is missing from the customer record", name);
		return -1;
	}
	if (v->column_type == NULL || !v->column_type(v->column_arg, name, &type))
	{
		ct_fail(e, CT_EUNDEFINED, "column \"%s\" is missing from the customer record", name);
		return -1;
	}
	if (v->n >= CT_MAX_VARS || v->n >= CT_RULE_MAX_SLOTS)
	{
		ct_fail(e, CT_ELIMIT, "a model reads at most %d columns", CT_MAX_VARS - v->n_outputs);
		return -1;
	}
	x = &v->vars[v->n];
	snprintf(x->name, sizeof(x->name), "%s", name);
	x->role = CT_VAR_INPUT;
	x->type = type;
	x->index = -1;
	return v->n++;
}

bool
ct_vars_resolve(void *arg, const char *name, int *slot, ct_rule_type *type)
{
	ct_vars    *v = (ct_vars *) arg;
	ct_error	e;
	int			i;

	for (i = 0; i < v->n_outputs; i++)
		if (strcmp(v->vars[i].name, name) == 0)
		{
			if (v->vars[i].role == CT_VAR_CLASS && v->vars[i].index >= v->class_limit)
				return false;
			*slot = i;
			*type = v->vars[i].type;
			return true;
		}
	i = ct_vars_input(v, name, &e);
	if (i < 0)
		return false;
	*slot = i;
	*type = v->vars[i].type;
	return true;
}
