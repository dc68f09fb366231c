/*
 * ct_rule_pg.h
 *		A model's strategy rules in force, compiled once per query, applied
 *		per evaluated customer without allocation.  Used by strategies_for()
 *		and meant for evaluate(): load the rule set into fn_extra on the
 *		first call, fill a slot array per row, call ct_rules_apply.
 *
 * Slots follow ct_rule_schema_vars (src/core/ct_rule.h): slot i holds the
 * value of the pinned variable ct_rule_schema_vars[i] (evaluation columns
 * and canonical input columns of doc/schema.md), NULL when unknown.
 */
#ifndef CT_RULE_PG_H
#define CT_RULE_PG_H

#include "postgres.h"

#include "utils/jsonb.h"
#include "utils/timestamp.h"

#include "ct_rule.h"

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
	ct_rule_program *prog;
	int			strategy_key;	/* index of the first rule with this strategy */
	bool		same_as_prev;	/* condition normalises as the previous rule's */
} ct_pg_rule;

typedef struct ct_pg_ruleset
{
	char	   *model;
	int			n;
	ct_pg_rule *rules;			/* in priority order (priority, id) */
	int			vulnerable_slot;	/* slots of the safeguard flags */
	int			porting_slot;
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
 * Apply a rule set to one customer's slots (nslots >= ct_rule_schema_nvars).
 * Writes the indexes of the rules that give a strategy, in priority order,
 * into fired (capacity rs->n) and returns their count.  A rule gives its
 * strategy when its condition IS TRUE, unless an earlier rule already gave
 * the same strategy, the strategy is suspension-type and vulnerable IS TRUE,
 * or it is an offer and porting_requested IS TRUE.  No allocation.
 */
extern int	ct_rules_apply(const ct_pg_ruleset *rs, const ct_rule_value *slots,
						   int nslots, int *fired);

/*
 * Fill slots (ct_rule_schema_nvars entries) from a jsonb object of facts:
 * missing keys and JSON null are NULL; other keys are ignored; a pinned key
 * of the wrong JSON type is an error.  When only is not NULL, only the slots
 * that program reads are looked up.  Strings point into facts.
 */
extern void ct_rule_facts_to_slots(Jsonb *facts, const ct_rule_program *only,
								   ct_rule_value *slots);

#endif							/* CT_RULE_PG_H */
