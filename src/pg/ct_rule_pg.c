/*
 * ct_rule_pg.c
 *		SQL glue of the rule condition language: rule_check (validate the
 *		syntax and normalise; variables are checked against a model's
 *		variables when the model is bound), rule_variables (the variables a
 *		condition reads, in order of first use) and rule_matches (evaluate a
 *		condition on a jsonb object of facts, each key typed by its JSON
 *		value), and the rule sets of ct_rule_pg.h behind evaluate and
 *		strategies_for.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include "ct_pg.h"
#include "ct_rule.h"
#include "ct_rule_pg.h"

PG_FUNCTION_INFO_V1(ct_rule_check_sql);
PG_FUNCTION_INFO_V1(ct_rule_variables_sql);
PG_FUNCTION_INFO_V1(ct_rule_matches_sql);
PG_FUNCTION_INFO_V1(ct_strategies_for_sql);

/* Report a compile failure with its character position in the detail. */
static void
report_rule_error(const ct_error *e)
{
	ct_error	copy = *e;

	if (e->position > 0)
	{
		if (e->detail[0])
			snprintf(copy.detail, sizeof(copy.detail), "%s The error is at character %d of the condition.",
					 e->detail, e->position);
		else
			snprintf(copy.detail, sizeof(copy.detail), "The error is at character %d of the condition.",
					 e->position);
	}
	ct_report(&copy);
}

/* Any name is a variable of a type not known yet: the syntax check. */
typedef struct any_vars
{
	int			n;
	char	   *name[CT_RULE_MAX_SLOTS];
} any_vars;

static bool
any_resolve(void *arg, const char *name, int *slot, ct_rule_type *type)
{
	any_vars   *a = (any_vars *) arg;
	int			i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->name[i], name) == 0)
			break;
	if (i == a->n)
	{
		if (a->n >= CT_RULE_MAX_SLOTS)
			return false;
		a->name[a->n++] = pstrdup(name);
	}
	*slot = i;
	*type = CT_RULE_ANYTYPE;
	return true;
}

static void
compile_or_report(text *cond, ct_rule_program *prog, any_vars *vars)
{
	ct_error	e;
	size_t		len;
	const char *src = ct_arg_word(cond, &len);

	vars->n = 0;
	if (ct_rule_compile(src, len, any_resolve, vars, prog, &e) != CT_OK)
		report_rule_error(&e);
}

/*
 * rule_check(condition text) -> text
 *		The normalised condition, or an error with the offending position.
 */
Datum
ct_rule_check_sql(PG_FUNCTION_ARGS)
{
	text	   *cond = PG_GETARG_TEXT_PP(0);
	ct_rule_program *prog = palloc(sizeof(ct_rule_program));
	ct_error	e;
	size_t		len;
	const char *src = ct_arg_word(cond, &len);
	char	   *out;
	size_t		outlen;
	any_vars	vars;

	compile_or_report(cond, prog, &vars);
	out = palloc(2 * len + 1);
	if (ct_rule_normalize(src, len, out, 2 * len + 1, &outlen, &e) != CT_OK)
		report_rule_error(&e);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out, (int) outlen));
}

/*
 * rule_variables(condition text) -> text[]
 *		The variables a valid condition reads, in order of first use.
 */
Datum
ct_rule_variables_sql(PG_FUNCTION_ARGS)
{
	text	   *cond = PG_GETARG_TEXT_PP(0);
	ct_rule_program *prog = palloc(sizeof(ct_rule_program));
	Datum	   *names;
	int			n = 0;
	any_vars	vars;

	compile_or_report(cond, prog, &vars);
	names = palloc(sizeof(Datum) * Max(vars.n, 1));
	for (int i = 0; i < vars.n; i++)
		names[n++] = CStringGetTextDatum(vars.name[i]);
	if (n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));
	PG_RETURN_ARRAYTYPE_P(construct_array(names, n, TEXTOID, -1, false, TYPALIGN_INT));
}

static const char *
jsonb_type_name(const JsonbValue *v)
{
	switch (v->type)
	{
		case jbvString:
			return "a string";
		case jbvNumeric:
			return "a number";
		case jbvBool:
			return "a boolean";
		case jbvBinary:
			return "an object or array";
		default:
			return "of another type";
	}
}

static JsonbValue *
facts_get(Jsonb *facts, const char *name)
{
	JsonbValue	key;

	key.type = jbvString;
	key.val.string.val = (char *) name;
	key.val.string.len = strlen(name);
	return findJsonbValueFromContainer(&facts->root, JB_FOBJECT, &key);
}

void
ct_facts_init(ct_facts *f, Jsonb *facts)
{
	if (!JB_ROOT_IS_OBJECT(facts) || JB_ROOT_IS_SCALAR(facts))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("facts must be a jsonb object"),
				 errhint("Pass the customer's facts as an object, for example '{\"complaints_90d\": 3}'.")));
	f->facts = facts;
	f->n = 0;
}

bool
ct_facts_resolve(void *arg, const char *name, int *slot, ct_rule_type *type)
{
	ct_facts   *f = (ct_facts *) arg;
	JsonbValue *v;
	int			i;
	ct_rule_type t;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
		{
			*slot = i;
			*type = f->type[i];
			return true;
		}
	if (f->n >= CT_RULE_MAX_SLOTS)
		return false;
	v = facts_get(f->facts, name);
	if (v == NULL || v->type == jbvNull)
		t = CT_RULE_ANYTYPE;	/* always NULL */
	else if (v->type == jbvNumeric)
		t = CT_RULE_NUMBER;
	else if (v->type == jbvString)
		t = CT_RULE_STRING;
	else if (v->type == jbvBool)
		t = CT_RULE_BOOL;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("fact \"%s\" must be a number, a string, a boolean or null", name),
				 errdetail("It is %s.", jsonb_type_name(v))));
	f->name[f->n] = pstrdup(name);
	f->type[f->n] = t;
	*slot = f->n++;
	*type = t;
	return true;
}

void
ct_facts_slots(const ct_facts *f, ct_rule_value *slots)
{
	for (int i = 0; i < f->n; i++)
	{
		JsonbValue *v = facts_get(f->facts, f->name[i]);

		slots[i].isnull = true;
		slots[i].b = false;
		slots[i].num = 0;
		slots[i].str = NULL;
		slots[i].len = 0;
		if (v == NULL || v->type == jbvNull || f->type[i] == CT_RULE_ANYTYPE)
			continue;
		slots[i].isnull = false;
		if (v->type == jbvNumeric)
		{
			/* out-of-range values become +-Infinity, then a clear error */
			slots[i].num = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
															  NumericGetDatum(v->val.numeric)));
			if (isinf(slots[i].num))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("fact \"%s\" is out of range for double precision", f->name[i])));
		}
		else if (v->type == jbvString)
		{
			slots[i].str = v->val.string.val;
			slots[i].len = v->val.string.len;
		}
		else
			slots[i].b = v->val.boolean;
	}
}

/*
 * rule_matches(condition text, facts jsonb) -> boolean
 *		TRUE, FALSE or NULL (unknown) under SQL three-valued logic; a rule
 *		fires exactly when the result IS TRUE.  Each key is a variable of
 *		its JSON value's type; missing keys and JSON null are NULL.
 */
Datum
ct_rule_matches_sql(PG_FUNCTION_ARGS)
{
	text	   *cond = PG_GETARG_TEXT_PP(0);
	size_t		len;
	const char *src = ct_arg_word(cond, &len);
	ct_facts   *f = palloc(sizeof(ct_facts));
	ct_rule_program *prog = palloc(sizeof(ct_rule_program));
	ct_rule_value *slots = palloc(sizeof(ct_rule_value) * CT_RULE_MAX_SLOTS);
	ct_rule_value stack[CT_RULE_STACK_MAX];
	ct_rule_result r;
	ct_error	e;

	ct_facts_init(f, PG_GETARG_JSONB_P(1));
	if (ct_rule_compile(src, len, ct_facts_resolve, f, prog, &e) != CT_OK)
		report_rule_error(&e);
	ct_facts_slots(f, slots);
	r = ct_rule_eval(prog, slots, Max(f->n, 1), stack, CT_RULE_STACK_MAX);
	if (r == CT_RULE_ERROR)
		elog(ERROR, "complaint_tier: rule evaluation failed on a compiled condition");
	if (r == CT_RULE_UNKNOWN)
		PG_RETURN_NULL();
	PG_RETURN_BOOL(r == CT_RULE_TRUE);
}

/* ------------------------------------------------------------ rule sets */


void
ct_rules_compile(ct_pg_ruleset *rs, ct_vars *vars)
{
	ct_error	e;

	for (int i = 0; i < rs->n; i++)
	{
		ct_pg_rule *r = &rs->rules[i];

		if (ct_rule_compile(r->source, strlen(r->source), ct_vars_resolve, vars,
							r->prog, &e) != CT_OK)
			ereport(ERROR,
					(errcode(e.code == CT_EUNDEFINED ? ERRCODE_UNDEFINED_COLUMN : ERRCODE_DATATYPE_MISMATCH),
					 errmsg("rule \"%s\" of model \"%s\": %s", r->id, rs->model, e.message),
					 e.position > 0 ? errdetail("The error is at character %d of the condition \"%s\".",
												e.position, r->source) : 0,
					 errhint("A rule reads the evaluated row's columns and the model's outputs (score, tier, <dimension>_score, <dimension>_tier, the classifications); correct or disable it in complaint_tier.rules.")));
	}
	rs->vulnerable_slot = rs->porting_slot = -1;
	if (rs->n > 0)
	{
		if (ct_vars_find(vars, "vulnerable") >= 0 || vars->column_type(vars->column_arg, "vulnerable", &(ct_rule_type) {0}))
			rs->vulnerable_slot = ct_vars_input(vars, "vulnerable", &e);
		if (ct_vars_find(vars, "porting_requested") >= 0 || vars->column_type(vars->column_arg, "porting_requested", &(ct_rule_type) {0}))
			rs->porting_slot = ct_vars_input(vars, "porting_requested", &e);
	}
}

int
ct_rules_apply(const ct_pg_ruleset *rs, const ct_rule_value *slots, int nslots, int *fired)
{
	ct_rule_value stack[CT_RULE_STACK_MAX];
	bool		vulnerable,
				porting;
	int			nf = 0;
	int			i,
				j;
	int			last = -1;		/* index of the rule evaluated last */
	ct_rule_result res = CT_RULE_UNKNOWN;	/* and its result */

	vulnerable = rs->vulnerable_slot >= 0 && !slots[rs->vulnerable_slot].isnull &&
		slots[rs->vulnerable_slot].b;
	porting = rs->porting_slot >= 0 && !slots[rs->porting_slot].isnull &&
		slots[rs->porting_slot].b;
	for (i = 0; i < rs->n; i++)
	{
		const ct_pg_rule *r = &rs->rules[i];
		bool		dup = false;

		if ((r->suspension_type && vulnerable) || (r->offer && porting))
			continue;
		/* a run of rules with one condition (the telecom value pack) */
		if (!(r->same_as_prev && last == i - 1))
		{
			res = ct_rule_is_true(r->prog, slots, nslots, stack, CT_RULE_STACK_MAX);
			if (res == CT_RULE_ERROR)
				elog(ERROR, "complaint_tier: evaluation of rule \"%s\" failed", r->id);
		}
		last = i;
		if (res != CT_RULE_TRUE)
			continue;
		for (j = 0; j < nf && !dup; j++)
			dup = rs->rules[fired[j]].strategy_key == r->strategy_key;
		if (!dup)
			fired[nf++] = i;
	}
	return nf;
}

/* fn_extra cache of strategies_for: the rule set and what it was built for. */
typedef struct strategies_cache
{
	ct_pg_ruleset *rs;
	bool		demographic;
	TimestampTz at;
	int		   *fired;
} strategies_cache;

/*
 * strategies_for(model text, facts jsonb, demographic_rules boolean,
 *				  at timestamptz) -> TABLE(priority, strategy, title, rule_id,
 *				  rule_version, routing_priority, refund_ceiling,
 *				  approval_required, reason)
 */
Datum
ct_strategies_for_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	strategies_cache *cache = (strategies_cache *) fcinfo->flinfo->fn_extra;
	MemoryContext oldcontext;
	TupleDesc	tupdesc;
	Tuplestorestate *tupstore;
	char	   *model;
	bool		demographic;
	TimestampTz at;
	ct_rule_value *slots;
	ct_facts   *f;
	int			nf,
				i;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	oldcontext = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "strategies_for: return type must be a row type");
	tupstore = tuplestore_begin_heap(rsinfo->allowedModes & SFRM_Materialize_Random, false, work_mem);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = tupstore;
	rsinfo->setDesc = tupdesc;
	MemoryContextSwitchTo(oldcontext);

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return (Datum) 0;
	model = text_to_cstring(PG_GETARG_TEXT_PP(0));
	demographic = PG_ARGISNULL(2) ? false : PG_GETARG_BOOL(2);
	at = PG_ARGISNULL(3) ? GetCurrentTransactionStartTimestamp() : PG_GETARG_TIMESTAMPTZ(3);

	if (cache == NULL || strcmp(cache->rs->model, model) != 0 ||
		cache->demographic != demographic || cache->at != at)
	{
		MemoryContext mcxt = fcinfo->flinfo->fn_mcxt;

		/* a fresh child context, so a replaced rule set is freed at once */
		if (cache == NULL)
			cache = MemoryContextAllocZero(mcxt, sizeof(strategies_cache));
		else
			MemoryContextDelete(GetMemoryChunkContext(cache->rs));
		mcxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "complaint_tier rule set",
									 ALLOCSET_SMALL_SIZES);
		cache->rs = ct_rules_load(model, demographic, at, mcxt);
		cache->demographic = demographic;
		cache->at = at;
		cache->fired = MemoryContextAlloc(mcxt, sizeof(int) * Max(cache->rs->n, 1));
		fcinfo->flinfo->fn_extra = cache;
	}

	/* the facts' keys are the variables: compiled for this object's shape */
	f = palloc(sizeof(ct_facts));
	slots = palloc(sizeof(ct_rule_value) * CT_RULE_MAX_SLOTS);
	ct_facts_init(f, PG_GETARG_JSONB_P(1));
	for (i = 0; i < cache->rs->n; i++)
	{
		ct_pg_rule *r = &cache->rs->rules[i];
		ct_error	e;

		if (ct_rule_compile(r->source, strlen(r->source), ct_facts_resolve, f, r->prog, &e) != CT_OK)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rule \"%s\" of model \"%s\": %s", r->id, model, e.message),
					 errdetail("The error is at character %d of the condition \"%s\"; each fact has the type of its JSON value.",
							   e.position, r->source)));
	}
	{
		int			s1,
					s2;
		ct_rule_type t;

		(void) ct_facts_resolve(f, "vulnerable", &s1, &t);
		(void) ct_facts_resolve(f, "porting_requested", &s2, &t);
		cache->rs->vulnerable_slot = f->type[s1] == CT_RULE_BOOL ? s1 : -1;
		cache->rs->porting_slot = f->type[s2] == CT_RULE_BOOL ? s2 : -1;
	}
	ct_facts_slots(f, slots);
	nf = ct_rules_apply(cache->rs, slots, f->n, cache->fired);
	for (i = 0; i < nf; i++)
	{
		const ct_pg_rule *r = &cache->rs->rules[cache->fired[i]];
		Datum		values[9];
		bool		nulls[9] = {0};

		values[0] = Int32GetDatum(r->priority);
		values[1] = CStringGetTextDatum(r->strategy);
		values[2] = CStringGetTextDatum(r->title);
		values[3] = CStringGetTextDatum(r->id);
		values[4] = Int32GetDatum(r->version);
		values[5] = Int32GetDatum(r->routing_priority);
		nulls[5] = (r->routing_priority == 0);
		values[6] = Float8GetDatum(r->refund_ceiling);
		nulls[6] = !r->has_refund_ceiling;
		values[7] = BoolGetDatum(r->approval_required);
		values[8] = PointerGetDatum(cstring_to_text(psprintf("rule %s v%d: %s", r->id, r->version, r->condition)));
		tuplestore_putvalues(tupstore, tupdesc, values, nulls);
	}
	return (Datum) 0;
}
