/*
 * ct_rule_pg.c
 *		SQL glue of the rule condition language: rule_check (validate and
 *		normalise against the pinned variables of doc/schema.md),
 *		rule_variables (the variables a condition reads) and rule_matches
 *		(evaluate a condition on a jsonb object of facts, with the compiled
 *		program cached in fn_extra while the condition text is unchanged).
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "ct_pg.h"
#include "ct_rule.h"

PG_FUNCTION_INFO_V1(ct_rule_check_sql);
PG_FUNCTION_INFO_V1(ct_rule_variables_sql);
PG_FUNCTION_INFO_V1(ct_rule_matches_sql);

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

static void
compile_or_report(text *cond, ct_rule_program *prog)
{
	ct_error	e;
	size_t		len;
	const char *src = ct_arg_word(cond, &len);

	if (ct_rule_compile(src, len, ct_rule_schema_resolve, NULL, prog, &e) != CT_OK)
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

	compile_or_report(cond, prog);
	out = palloc(2 * len + 1);
	if (ct_rule_normalize(src, len, out, 2 * len + 1, &outlen, &e) != CT_OK)
		report_rule_error(&e);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out, (int) outlen));
}

/*
 * rule_variables(condition text) -> text[]
 *		The pinned variables a valid condition reads, in doc/schema.md order.
 */
Datum
ct_rule_variables_sql(PG_FUNCTION_ARGS)
{
	text	   *cond = PG_GETARG_TEXT_PP(0);
	ct_rule_program *prog = palloc(sizeof(ct_rule_program));
	Datum	   *names;
	int			n = 0;
	int			i;

	compile_or_report(cond, prog);
	names = palloc(sizeof(Datum) * ct_rule_schema_nvars);
	for (i = 0; i < ct_rule_schema_nvars; i++)
		if (ct_rule_reads_slot(prog, i))
			names[n++] = CStringGetTextDatum(ct_rule_schema_vars[i].name);
	if (n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));
	PG_RETURN_ARRAYTYPE_P(construct_array(names, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* fn_extra cache of rule_matches: the condition text and its program. */
typedef struct rule_cache
{
	ct_rule_program prog;
	int			len;
	char		src[FLEXIBLE_ARRAY_MEMBER];
} rule_cache;

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

/*
 * rule_matches(condition text, facts jsonb) -> boolean
 *		TRUE, FALSE or NULL (unknown) under SQL three-valued logic; a rule
 *		fires exactly when the result IS TRUE.  Missing keys and JSON null are
 *		NULL facts; keys that are not pinned variables are ignored.
 */
Datum
ct_rule_matches_sql(PG_FUNCTION_ARGS)
{
	text	   *cond = PG_GETARG_TEXT_PP(0);
	Jsonb	   *facts = PG_GETARG_JSONB_P(1);
	size_t		len;
	const char *src = ct_arg_word(cond, &len);
	rule_cache *cache = (rule_cache *) fcinfo->flinfo->fn_extra;
	ct_rule_value slots[64];
	ct_rule_value stack[CT_RULE_STACK_MAX];
	ct_rule_result r;
	int			i;

	StaticAssertStmt(lengthof(slots) >= 34, "slot array smaller than the pinned variable set");
	if (cache == NULL || cache->len != (int) len || memcmp(cache->src, src, len) != 0)
	{
		rule_cache *fresh;
		ct_error	e;

		if (len > CT_RULE_MAX_LEN)
		{
			ct_rule_program dummy;

			/* the core reports the documented length limit */
			(void) ct_rule_compile(src, len, ct_rule_schema_resolve, NULL, &dummy, &e);
			report_rule_error(&e);
		}
		fresh = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, offsetof(rule_cache, src) + len);
		if (ct_rule_compile(src, len, ct_rule_schema_resolve, NULL, &fresh->prog, &e) != CT_OK)
		{
			pfree(fresh);
			report_rule_error(&e);
		}
		fresh->len = (int) len;
		memcpy(fresh->src, src, len);
		if (cache)
			pfree(cache);
		fcinfo->flinfo->fn_extra = fresh;
		cache = fresh;
	}

	if (!JB_ROOT_IS_OBJECT(facts) || JB_ROOT_IS_SCALAR(facts))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("facts must be a jsonb object"),
				 errhint("Pass the customer's facts as an object, for example '{\"complaints_90d\": 3}'.")));

	for (i = 0; i < ct_rule_schema_nvars; i++)
	{
		JsonbValue	key;
		JsonbValue *v;
		const ct_rule_var *var = &ct_rule_schema_vars[i];

		slots[i].isnull = true;
		slots[i].b = false;
		slots[i].num = 0;
		slots[i].str = NULL;
		slots[i].len = 0;
		if (!ct_rule_reads_slot(&cache->prog, i))
			continue;
		key.type = jbvString;
		key.val.string.val = (char *) var->name;
		key.val.string.len = strlen(var->name);
		v = findJsonbValueFromContainer(&facts->root, JB_FOBJECT, &key);
		if (v == NULL || v->type == jbvNull)
			continue;
		if (var->type == CT_RULE_NUMBER && v->type == jbvNumeric)
		{
			/* out-of-range values become +-Infinity, then a clear error */
			slots[i].num = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
															  NumericGetDatum(v->val.numeric)));
			if (isinf(slots[i].num))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("fact \"%s\" is out of range for double precision", var->name)));
			slots[i].isnull = false;
		}
		else if (var->type == CT_RULE_STRING && v->type == jbvString)
		{
			slots[i].str = v->val.string.val;
			slots[i].len = v->val.string.len;
			slots[i].isnull = false;
		}
		else if (var->type == CT_RULE_BOOL && v->type == jbvBool)
		{
			slots[i].b = v->val.boolean;
			slots[i].isnull = false;
		}
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("fact \"%s\" must be %s", var->name,
							var->type == CT_RULE_NUMBER ? "a number" :
							var->type == CT_RULE_STRING ? "a string" : "a boolean"),
					 errdetail("It is %s.", jsonb_type_name(v)),
					 errhint("Facts use the types of doc/schema.md; write null for a missing value.")));
	}
	r = ct_rule_eval(&cache->prog, slots, ct_rule_schema_nvars, stack, CT_RULE_STACK_MAX);
	if (r == CT_RULE_ERROR)
		elog(ERROR, "complaint_tier: rule evaluation failed on a compiled condition");
	if (r == CT_RULE_UNKNOWN)
		PG_RETURN_NULL();
	PG_RETURN_BOOL(r == CT_RULE_TRUE);
}
