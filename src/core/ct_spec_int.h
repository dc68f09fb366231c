/*
 * ct_spec_int.h
 *		Private declarations shared by the files of the model spec validator:
 *		the entry points and the checks of model parameters, dimensions, tier
 *		schemes, classifications and rules (ct_spec.c), the indicator checks
 *		(ct_spec_indicator.c) and the small helpers that word the problems
 *		(ct_spec_util.c).  Not part of the API; callers include ct_spec.h.
 */
#ifndef CT_SPEC_INT_H
#define CT_SPEC_INT_H

#include <stddef.h>
#include <string.h>

#include "ct_spec.h"

/* Bytes of a user-supplied string quoted in a message. */
#define CT_SPEC_SHOW 64

/* Length of the name of an object in a message, e.g. indicator "arpu". */
#define CT_SPEC_WHAT_LEN 96

/* Length of a hint that lists the dimensions: a prefix and a name list. */
#define CT_SPEC_HINT_LEN 192

#define CT_SPEC_NAME_HINT "use lower-case letters, digits and underscores, starting with a letter or underscore"

/*
 * The weightings a model may name (NULL-terminated, defined in ct_spec.c),
 * and the positions in it that the indicator checks depend on.
 */
extern const char *const ct_spec_weightings[];

#define CT_SPEC_W_EXPERT 0
#define CT_SPEC_W_BLEND 5
#define CT_SPEC_W_OUTCOME 6

static inline bool
ct_spec_is_empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* s for a message: NULL shows as an empty string (callers say "missing") */
static inline const char *
ct_spec_str(const char *s)
{
	return s ? s : "";
}

static inline bool
ct_spec_same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* index of s in the NULL-terminated list words, -1 if absent or NULL */
extern int	ct_spec_lookup(const char *s, const char *const *words);

/* ^[a-z_][a-z0-9_]*$, at most max bytes */
extern bool ct_spec_valid_name(const char *s, size_t max);

/* A number for a message; NaN is how the glue passes SQL NULL. */
extern const char *ct_spec_num(char *buf, size_t size, double x);

/*
 * kind "name", or kind N (1-based) when the object has no name; buf holds
 * CT_SPEC_WHAT_LEN bytes.
 */
extern void ct_spec_describe(char *buf, const char *kind, int index,
							 const char *name);

/*
 * How many of names[0..i) equal names[i], reading the names stride bytes
 * apart (a field of an array of structs).
 */
extern int	ct_spec_earlier_copies(const char *const *names, size_t stride, int i);

/*
 * A list of quoted names for a message, cut short with "and N more" when it
 * would not fit.  The size keeps every message that holds a list, with its
 * other quoted strings at their longest, within CT_SPEC_PROBLEM_LEN; one
 * name always fits.
 */
typedef struct ct_spec_name_list
{
	char		buf[136];
	size_t		len;
	int			shown;
	int			hidden;
} ct_spec_name_list;

extern void ct_spec_name_list_init(ct_spec_name_list *l);
extern void ct_spec_name_list_add_object(ct_spec_name_list *l, const char *kind,
										 int index, const char *name);
extern void ct_spec_name_list_add(ct_spec_name_list *l, const char *name);
extern const char *ct_spec_name_list_text(ct_spec_name_list *l);

/*
 * The model's dimensions for a hint: prefix followed by the quoted names,
 * or if_none when the model has none.
 */
extern const char *ct_spec_dimension_hint(const ct_spec *s, char *buf, size_t size,
										  const char *prefix, const char *if_none);

/* index of the dimension called name, -1 if none */
extern int	ct_spec_find_dimension(const ct_spec *s, const char *name);

/*
 * The indicators of a model (ct_spec_indicator.c); weighting is the
 * position of the model's weighting in ct_spec_weightings, -1 if unknown.
 */
extern void ct_spec_check_indicators(const ct_spec *s, int weighting,
									 ct_problems *p);

#endif							/* CT_SPEC_INT_H */
