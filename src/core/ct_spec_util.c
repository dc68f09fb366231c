/*
 * ct_spec_util.c
 *		Small helpers of the model spec validator that every group of checks
 *		uses (see ct_spec_int.h): looking up a keyword, checking a name,
 *		showing a number or an object in a message, finding repeated names,
 *		and lists of names for a message.
 */
#include "ct_spec_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* index of s in the NULL-terminated list words, -1 if absent or NULL */
int
ct_spec_lookup(const char *s, const char *const *words)
{
	int			i;

	if (s == NULL)
		return -1;
	for (i = 0; words[i] != NULL; i++)
		if (strcmp(s, words[i]) == 0)
			return i;
	return -1;
}

/* ^[a-z_][a-z0-9_]*$, at most max bytes */
bool
ct_spec_valid_name(const char *s, size_t max)
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

/* A number for a message; NaN is how the glue passes SQL NULL. */
const char *
ct_spec_num(char *buf, size_t size, double x)
{
	if (isnan(x))
		snprintf(buf, size, "NULL");
	else
		snprintf(buf, size, "%.15g", x);
	return buf;
}

/* kind "name", or kind N (1-based) when the object has no name */
void
ct_spec_describe(char *buf, const char *kind, int index, const char *name)
{
	if (ct_spec_is_empty(name))
		snprintf(buf, CT_SPEC_WHAT_LEN, "%s %d", kind, index + 1);
	else
		snprintf(buf, CT_SPEC_WHAT_LEN, "%s \"%.*s\"", kind, CT_SPEC_SHOW, name);
}

/*
 * How many of names[0..i) equal names[i]: 1 means names[i] is the first
 * repetition, which is the one reported.  NULL and empty names are reported
 * as missing elsewhere and never count as repeated.
 */
int
ct_spec_earlier_copies(const char *const *names, size_t stride, int i)
{
	const char *s = *(const char *const *) ((const char *) names + stride * i);
	int			k = 0;
	int			j;

	if (ct_spec_is_empty(s))
		return 0;
	for (j = 0; j < i; j++)
		if (ct_spec_same(s, *(const char *const *) ((const char *) names + stride * j)))
			k++;
	return k;
}

void
ct_spec_name_list_init(ct_spec_name_list *l)
{
	l->buf[0] = '\0';
	l->len = 0;
	l->shown = 0;
	l->hidden = 0;
}

/* add "name", or kind N (1-based, unquoted) when the object has no name */
void
ct_spec_name_list_add_object(ct_spec_name_list *l, const char *kind, int index,
							 const char *name)
{
	char		item[CT_SPEC_WHAT_LEN + 4];
	int			k;

	if (ct_spec_is_empty(name))
		k = snprintf(item, sizeof(item), "%s%s %d", l->shown ? ", " : "",
					 kind, index + 1);
	else
		k = snprintf(item, sizeof(item), "%s\"%.*s\"", l->shown ? ", " : "",
					 CT_SPEC_SHOW, name);
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

void
ct_spec_name_list_add(ct_spec_name_list *l, const char *name)
{
	ct_spec_name_list_add_object(l, "", 0, name);
}

const char *
ct_spec_name_list_text(ct_spec_name_list *l)
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
const char *
ct_spec_dimension_hint(const ct_spec *s, char *buf, size_t size,
					   const char *prefix, const char *if_none)
{
	int			d;
	ct_spec_name_list names;

	ct_spec_name_list_init(&names);
	for (d = 0; d < s->n_dim && d < CT_SPEC_MAX_DIM; d++)
		if (!ct_spec_is_empty(s->dims[d].name))
			ct_spec_name_list_add(&names, s->dims[d].name);
	if (s->n_dim > CT_SPEC_MAX_DIM)
		names.hidden += s->n_dim - CT_SPEC_MAX_DIM;
	if (names.shown == 0)
		snprintf(buf, size, "%s", if_none);
	else
		snprintf(buf, size, "%s%s", prefix, ct_spec_name_list_text(&names));
	return buf;
}

int
ct_spec_find_dimension(const ct_spec *s, const char *name)
{
	int			d;

	for (d = 0; d < s->n_dim; d++)
		if (ct_spec_same(s->dims[d].name, name))
			return d;
	return -1;
}
