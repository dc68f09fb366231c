/*
 * ct_rule_pg.h
 *		A model's strategy rules in force, compiled once per query, applied
 *		per evaluated customer without allocation.  Used by strategies_for()
 *		and meant for evaluate(): load the rule set into fn_extra on the
 *		first call, fill a slot array per row, call ct_rules_apply.
 *
 * Conditions read the model's variables (src/core/ct_vars.h): its outputs
 * and the evaluated row's columns by name.  ct_rules_load reads the rules;
 * ct_rules_compile compiles them against a bound variable table (once per
 * query and input row type); ct_rules_apply runs them per row.
 */
#ifndef CT_RULE_PG_H
#define CT_RULE_PG_H

#include "postgres.h"

#include "access/htup.h"
#include "access/tupdesc.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"

#include "ct_rule.h"
#include "ct_vars.h"

typedef struct ct_pg_rule
{
	char	   *id;
	int32		version;
	int32		priority;
	char	   *strategy;
	char	   *title;
	int32		routing_priority;	/* 0 when the rule asks for none */
	bool		has_refund_ceiling;
	float8		refund_ceiling;
	bool		approval_required;
	bool		suspension_type;	/* dropped for a vulnerable customer */
	bool		offer;				/* dropped after a porting request */
	char	   *condition;		/* normalised text, for reasons */
	char	   *source;			/* the condition as stored */
	ct_rule_program *prog;
	int			strategy_key;	/* index of the first rule with this strategy */
	bool		same_as_prev;	/* condition normalises as the previous rule's */
} ct_pg_rule;

typedef struct ct_pg_ruleset
{
	char	   *model;
	int			n;
	ct_pg_rule *rules;			/* in priority order (priority, id) */
	int			vulnerable_slot;	/* slots of the safeguard flags, -1 when */
	int			porting_slot;	/* the evaluated row has no such column */
} ct_pg_ruleset;

/*
 * Load and compile the rules of a model in force at instant at: enabled,
 * valid_from <= at < valid_to (NULL bounds open), demographic rules only
 * when demographic is true.  Everything is allocated in mcxt (fn_mcxt for a
 * per-query cache).  A model without rules gives an empty set.
 */
extern ct_pg_ruleset *ct_rules_load(const char *model, bool demographic,
									TimestampTz at, MemoryContext mcxt);

/*
 * The statement ct_rules_load runs, in parts, so that model_snapshot()
 * carries exactly the rules in force: the eleven columns (in the order of
 * the type complaint_tier.snapshot_rule) and the FROM ... WHERE clause
 * with $1 the model, $2 demographic_rules, $3 the instant.
 */
#define CT_RULES_IN_FORCE_COLUMNS \
	"r.id, r.version, r.priority, r.strategy, s.title, r.routing_priority," \
	" s.refund_ceiling, s.approval_required, s.suspension_type, s.offer, r.condition"
#define CT_RULES_IN_FORCE_FROM \
	" FROM complaint_tier.rules r JOIN complaint_tier.strategies s ON s.code = r.strategy" \
	" WHERE r.model = $1 AND r.enabled AND (NOT r.demographic OR $2)" \
	" AND (r.valid_from IS NULL OR r.valid_from <= $3)" \
	" AND (r.valid_to IS NULL OR $3 < r.valid_to)"

/*
 * A rule set from n tuples of those eleven columns in priority order (the
 * catalogue's, or a snapshot's rules: the caller checks that the columns
 * ct_rules_load never sees NULL are not NULL).
 */
extern ct_pg_ruleset *ct_rules_from_tuples(const char *model, HeapTuple *tuples,
										   uint64 n, TupleDesc desc,
										   MemoryContext mcxt);

/*
 * Compile every rule of the set against a variable table (inputs are added
 * to it as the conditions read them; the safeguard columns vulnerable and
 * porting_requested are bound when the row has them).  An unknown variable
 * or a type error is reported naming the rule and the model.
 */
extern void ct_rules_compile(ct_pg_ruleset *rs, ct_vars *vars);

/*
 * Apply a compiled rule set to one customer's slots (nslots = vars->n).
 * Writes the indexes of the rules that give a strategy, in priority order,
 * into fired (capacity rs->n) and returns their count.  A rule gives its
 * strategy when its condition IS TRUE, unless an earlier rule already gave
 * the same strategy, the strategy is suspension-type and vulnerable IS TRUE,
 * or it is an offer and porting_requested IS TRUE.  No allocation.
 */
extern int	ct_rules_apply(const ct_pg_ruleset *rs, const ct_rule_value *slots,
						   int nslots, int *fired);

/*
 * Variables from a jsonb object of facts: a resolver that gives each key
 * the type of its JSON value (a missing key or JSON null: an always-NULL
 * variable), and the slots filled from the same object.
 */
typedef struct ct_facts
{
	Jsonb	   *facts;
	int			n;
	char	   *name[CT_RULE_MAX_SLOTS];
	ct_rule_type type[CT_RULE_MAX_SLOTS];
} ct_facts;

extern void ct_facts_init(ct_facts *f, Jsonb *facts);
extern bool ct_facts_resolve(void *arg, const char *name, int *slot,
							 ct_rule_type *type);
extern void ct_facts_slots(const ct_facts *f, ct_rule_value *slots);

#endif							/* CT_RULE_PG_H */
