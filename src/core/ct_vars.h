/*
 * ct_vars.h
 *		The variables of a model: the one table of a model's inputs and
 *		outputs that every consumer reads (the rule and classification
 *		binder, the evaluator, explain, the generated tier views).
 *
 * A model's outputs come first, in a fixed order: score, tier, then for
 * each dimension <dimension>_score and <dimension>_tier, then each
 * classification by name.  Input variables (columns of the evaluated row)
 * follow, added by name as the indicators, classifications and rules that
 * read them are bound.  A variable's index is its slot: per row the glue
 * fills the input slots from the customer, the core fills the outputs.
 */
#ifndef CT_VARS_H
#define CT_VARS_H

#include <stdbool.h>

#include "ct_error.h"
#include "ct_rule.h"

#define CT_MAX_DIM 16			/* dimensions of a model */
#define CT_MAX_CLASS 32			/* classifications of a model */
#define CT_MAX_VARS 512			/* variables (slots) of a bound model */
#define CT_NAME_LEN 64			/* bytes of a name, NUL included */

typedef enum ct_var_role
{
	CT_VAR_SCORE = 0,
	CT_VAR_TIER,
	CT_VAR_DIM_SCORE,
	CT_VAR_DIM_TIER,
	CT_VAR_CLASS,
	CT_VAR_INPUT,
	CT_VAR_SEGMENT,				/* fuzzy segments: segment (1..k), */
	CT_VAR_SEGMENT_MEMBERSHIP	/* and its membership (ct_vars_add_segments) */
} ct_var_role;

typedef struct ct_var
{
	char		name[CT_NAME_LEN];
	ct_var_role role;
	ct_rule_type type;
	int			index;			/* dimension or classification index, -1 */
} ct_var;

/*
 * Type of an input column by name: false when the evaluated row has no
 * such column.  Supplied by the caller (the row type, the stored column
 * types of a fitted version, or CT_RULE_ANYTYPE for a syntax check).
 */
typedef bool (*ct_vars_column_type) (void *arg, const char *name,
									 ct_rule_type *type);

typedef struct ct_vars
{
	int			n;				/* variables, = slots */
	int			n_outputs;		/* the first n_outputs are outputs */
	int			n_dim;
	int			n_class;
	int			class_limit;	/* classifications visible to the resolver */
	int			seg_slot;		/* slot of segment (segment_membership next), -1 */
	ct_vars_column_type column_type;
	void	   *column_arg;
	ct_var		vars[CT_MAX_VARS];
} ct_vars;

#define CT_SLOT_SCORE 0
#define CT_SLOT_TIER 1
static inline int
ct_slot_dim_score(int d)
{
	return 2 + 2 * d;
}
static inline int
ct_slot_dim_tier(int d)
{
	return 3 + 2 * d;
}
static inline int
ct_slot_class(const ct_vars *v, int c)
{
	return 2 + 2 * v->n_dim + c;
}

/*
 * Set up the outputs of a model with these dimension and classification
 * names (checked: valid identifiers, no two outputs with one name).
 */
extern ct_code ct_vars_init(ct_vars *v, int n_dim, const char *const *dims,
							int n_class, const char *const *classes,
							ct_error *e);

/*
 * Add the outputs segment and segment_membership of a model with fuzzy
 * segments, after the classifications (which may read them): right after
 * ct_vars_init, before any input.
 */
extern ct_code ct_vars_add_segments(ct_vars *v, ct_error *e);

/* Slot of a variable by name (outputs first), -1 when unknown. */
extern int	ct_vars_find(const ct_vars *v, const char *name);

/*
 * Slot of the input column name, added when new with its type from the
 * column_type callback; -1 with e filled when the row has no such column
 * (CT_EUNDEFINED) or the table is full (CT_ELIMIT).
 */
extern int	ct_vars_input(ct_vars *v, const char *name, ct_error *e);

/*
 * Resolver for ct_rule_compile over a ct_vars (arg): the outputs (only the
 * first class_limit classifications), then input columns, added on first
 * use.
 */
extern bool ct_vars_resolve(void *arg, const char *name, int *slot,
							ct_rule_type *type);

/* Whether s is a valid model identifier: [a-z_][a-z0-9_]*, < CT_NAME_LEN. */
extern bool ct_vars_valid_name(const char *s);

#endif							/* CT_VARS_H */
