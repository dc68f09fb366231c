/*
 * ct_eval_pg.c
 *		evaluate(model, customer) with its strategy columns from the model's
 *		rules, explain(model, customer), explain_strategies(model, customer),
 *		and the internal per-row helpers fit() calls so that fitting and
 *		evaluation share one implementation: _normalised, _fit_scores,
 *		_combine and _percentile.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/typcache.h"
#include "access/xact.h"
#include "executor/spi.h"

#include "ct_model_pg.h"
#include "ct_pg.h"
#include "ct_remedy.h"
#include "ct_rule.h"
#include "ct_rule_pg.h"

PG_FUNCTION_INFO_V1(ct_evaluate_sql);
PG_FUNCTION_INFO_V1(ct_evaluate_version_sql);
PG_FUNCTION_INFO_V1(ct_evaluate_jsonb_sql);
PG_FUNCTION_INFO_V1(ct_explain_sql);
PG_FUNCTION_INFO_V1(ct_explain_strategies_sql);
PG_FUNCTION_INFO_V1(ct_explain_strategies_jsonb_sql);
PG_FUNCTION_INFO_V1(ct_normalised_sql);
PG_FUNCTION_INFO_V1(ct_fit_scores_sql);
PG_FUNCTION_INFO_V1(ct_percentile_sql);
PG_FUNCTION_INFO_V1(ct_combine_sql);

/* columns of complaint_tier.evaluation (doc/schema.md) */
#define EV_NATTS 21
#define EV_MODEL 0
#define EV_VERSION 1
#define EV_SCORE 2
#define EV_TIER 3
#define EV_DIM_SCORE 4			/* 4..8 */
#define EV_DIM_TIER 9			/* 9..13 */
#define EV_STAGE 14
#define EV_GRADE 15
#define EV_CLASS 16
#define EV_STRATEGIES 17
#define EV_REASONS 18
#define EV_PRIORITY 19
#define EV_CEILING 20

static void
evaluate_one(ModelCache *c, ct_class_input *cls, ct_result *r)
{
	ct_error	err;

	if (ct_model_evaluate(&c->m, c->v, r, &err) != CT_OK)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("evaluation of model \"%s\" version %d failed: %s",
						c->model_name, c->version, err.message),
				 err.detail[0] ? errdetail("%s", err.detail) : 0));
}

/* ---- strategy rules ------------------------------------------------------ */

/*
 * The strategy columns come from the model's rules (doc/rules.md, "C API").
 * evaluate() and explain_strategies() keep an EvalRules in the caller slot
 * of the model cache's fn_extra (ct_model_cache_extra).  The rule
 * set is loaded once per query (again only when the model changes) into a
 * context under fn_mcxt; per row the slots are filled in place and the
 * result arrays are built from datums prepared at load time.
 */
#define EV_MAX_SLOTS 64

typedef struct EvalRules
{
	MemoryContext cxt;			/* rule set and datums; reset on reload */
	char	   *model;			/* model the rules were loaded for */
	ct_pg_ruleset *rs;
	int		   *fired;
	Datum	   *code;			/* per rule: strategy code (text) */
	Datum	   *reason;			/* per rule: "rule <id> v<n>: <condition>" */
	Datum	   *out;			/* scratch: rs->n datums */
	Datum		empty;			/* '{}'::text[] */
	/* remedy_model row of the model (NULL remedy: none) */
	ct_remedy_state *remedy;	/* detoasted, checked copy in cxt */
	int64		remedy_min;		/* min_cases */
	int			remedy_seg;		/* slot of the segment column */
	int			s_problem;		/* slot of problem_type */
	bool	   *is_remedy;		/* per rule: strategy history_informed_remedy */
	bool		reads[EV_MAX_SLOTS];	/* slot read by a rule or a safeguard */
	/* slots of the evaluation columns */
	int			s_score,
				s_tier,
				s_dim_score[CT_NDIM],
				s_dim_tier[CT_NDIM],
				s_stage,
				s_grade,
				s_class;
	bool		is_eval[EV_MAX_SLOTS];
	/* input map of the record overloads */
	Oid			typid;			/* InvalidOid: not bound */
	int32		typmod;
	int			attno[EV_MAX_SLOTS];	/* -1 when the column is absent */
	Oid			atttype[EV_MAX_SLOTS];
	ct_rule_value slots[EV_MAX_SLOTS];
} EvalRules;

static EvalRules *
eval_extra(FunctionCallInfo fcinfo)
{
	void	  **slot = ct_model_cache_extra(fcinfo);

	if (*slot == NULL)
		*slot = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(EvalRules));
	return (EvalRules *) *slot;
}

static ModelCache *
eval_model_cache(FunctionCallInfo fcinfo, EvalRules *e, text *model, int32 version)
{
	return ct_model_cache(fcinfo, model, version, false);
}

static int
schema_slot(const char *name)
{
	int			slot;
	ct_rule_type t;

	if (!ct_rule_schema_resolve(NULL, name, &slot, &t) || slot >= EV_MAX_SLOTS)
		elog(ERROR, "complaint_tier: variable \"%s\" missing from the pinned rule schema", name);
	return slot;
}

static bool
model_demographic_rules(const char *model)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	bool		on = false;

	args[0] = CStringGetTextDatum(model);
	ct_spi_connect();
	ct_spi_select("SELECT demographic_rules FROM complaint_tier.model WHERE name = $1",
				  1, argtypes, args, 1);
	if (SPI_processed == 1)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		on = !isnull && DatumGetBool(d);
	}
	SPI_finish();
	return on;
}

/*
 * The model's remedy_model row, if any: the stats copied and checked into
 * the current memory context, the segment column and min_cases.
 */
static ct_remedy_state *
model_remedy(const char *model, char **segment, int64 *min_cases)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	ct_remedy_state *st = NULL;
	MemoryContext outer = CurrentMemoryContext;

	args[0] = CStringGetTextDatum(model);
	ct_spi_connect();
	ct_spi_select("SELECT stats, segment, min_cases FROM complaint_tier.remedy_model WHERE model = $1",
				  1, argtypes, args, 1);
	if (SPI_processed == 1)
	{
		HeapTuple	tup = SPI_tuptable->vals[0];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		n1,
					n2,
					n3;
		Datum		d1 = SPI_getbinval(tup, desc, 1, &n1);
		Datum		d2 = SPI_getbinval(tup, desc, 2, &n2);
		Datum		d3 = SPI_getbinval(tup, desc, 3, &n3);
		MemoryContext old;
		ct_error	err;

		if (n1 || n2 || n3)
			elog(ERROR, "complaint_tier: NULL in complaint_tier.remedy_model");
		old = MemoryContextSwitchTo(outer);
		st = (ct_remedy_state *) PG_DETOAST_DATUM_COPY(d1);
		*segment = TextDatumGetCString(d2);
		MemoryContextSwitchTo(old);
		*min_cases = DatumGetInt32(d3);
		ct_check(ct_remedy_check(st, VARSIZE(st), &err), &err);
	}
	SPI_finish();
	return st;
}

/* Load the rules in force for the model of c unless they are loaded. */
static void
eval_rules(FunctionCallInfo fcinfo, EvalRules *e, ModelCache *c)
{
	MemoryContext old;
	ct_pg_ruleset *rs;
	bool		demographic;

	if (e->model != NULL && strcmp(e->model, c->model_name) == 0)
		return;
	if (ct_rule_schema_nvars > EV_MAX_SLOTS)
		elog(ERROR, "complaint_tier: %d rule variables, at most %d supported",
			 ct_rule_schema_nvars, EV_MAX_SLOTS);
	e->model = NULL;
	e->typid = InvalidOid;
	if (e->cxt == NULL)
		e->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt,
									   "complaint_tier evaluate rules",
									   ALLOCSET_SMALL_SIZES);
	else
		MemoryContextReset(e->cxt);
	demographic = model_demographic_rules(c->model_name);
	rs = ct_rules_load(c->model_name, demographic, GetCurrentTransactionStartTimestamp(), e->cxt);

	old = MemoryContextSwitchTo(e->cxt);
	e->rs = rs;
	e->fired = palloc(sizeof(int) * Max(rs->n, 1));
	e->code = palloc(sizeof(Datum) * Max(rs->n, 1));
	e->reason = palloc(sizeof(Datum) * Max(rs->n, 1));
	e->out = palloc(sizeof(Datum) * Max(rs->n, 1));
	e->empty = PointerGetDatum(construct_empty_array(TEXTOID));
	e->is_remedy = palloc0(sizeof(bool) * Max(rs->n, 1));
	memset(e->reads, 0, sizeof(e->reads));
	{
		char	   *segment = NULL;

		e->remedy = model_remedy(c->model_name, &segment, &e->remedy_min);
		if (e->remedy != NULL)
		{
			e->remedy_seg = schema_slot(segment);
			e->s_problem = schema_slot("problem_type");
			e->reads[e->s_problem] = true;
		}
	}
	for (int i = 0; i < rs->n; i++)
	{
		const ct_pg_rule *r = &rs->rules[i];

		e->is_remedy[i] = strcmp(r->strategy, "history_informed_remedy") == 0;

		e->code[i] = CStringGetTextDatum(r->strategy);
		e->reason[i] = CStringGetTextDatum(psprintf("rule %s v%d: %s", r->id, r->version, r->condition));
		for (int s = 0; s < ct_rule_schema_nvars; s++)
			if (ct_rule_reads_slot(r->prog, s))
				e->reads[s] = true;
	}
	if (rs->n > 0)
	{
		e->reads[rs->vulnerable_slot] = true;
		e->reads[rs->porting_slot] = true;
	}
	e->s_score = schema_slot("score");
	e->s_tier = schema_slot("tier");
	for (int d = 0; d < CT_NDIM; d++)
	{
		e->s_dim_score[d] = schema_slot(psprintf("%s_score", ct_dimension_names[d]));
		e->s_dim_tier[d] = schema_slot(psprintf("%s_tier", ct_dimension_names[d]));
	}
	e->s_stage = schema_slot("lifecycle_stage");
	e->s_grade = schema_slot("credit_grade");
	e->s_class = schema_slot("behaviour_class");
	memset(e->is_eval, 0, sizeof(e->is_eval));
	e->is_eval[e->s_score] = e->is_eval[e->s_tier] = true;
	for (int d = 0; d < CT_NDIM; d++)
		e->is_eval[e->s_dim_score[d]] = e->is_eval[e->s_dim_tier[d]] = true;
	e->is_eval[e->s_stage] = e->is_eval[e->s_grade] = e->is_eval[e->s_class] = true;
	e->model = pstrdup(c->model_name);
	MemoryContextSwitchTo(old);
}

static void
slot_null(ct_rule_value *s)
{
	s->isnull = true;
	s->b = false;
	s->num = 0;
	s->str = NULL;
	s->len = 0;
}

static const char *
rule_type_name(ct_rule_type t)
{
	return t == CT_RULE_NUMBER ? "a number" : t == CT_RULE_STRING ? "text" : "a boolean";
}

/* which rule type a column type can give: -1 none */
static int
column_rule_type(Oid t)
{
	switch (t)
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
		case FLOAT4OID:
		case FLOAT8OID:
		case NUMERICOID:
			return CT_RULE_NUMBER;
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
			return CT_RULE_STRING;
		case BOOLOID:
			return CT_RULE_BOOL;
		default:
			return -1;
	}
}

/* Map the canonical input columns the rules read onto a row type. */
static void
eval_bind_input(EvalRules *e, Oid typid, int32 typmod)
{
	TupleDesc	desc = lookup_rowtype_tupdesc(typid, typmod);

	for (int s = 0; s < ct_rule_schema_nvars; s++)
	{
		const ct_rule_var *var = &ct_rule_schema_vars[s];

		e->attno[s] = -1;
		e->atttype[s] = InvalidOid;
		if (e->is_eval[s] || !e->reads[s])
			continue;
		for (int a = 0; a < desc->natts; a++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, a);

			if (att->attisdropped || strcmp(NameStr(att->attname), var->name) != 0)
				continue;
			e->attno[s] = a;
			e->atttype[s] = getBaseType(att->atttypid);
			if (column_rule_type(e->atttype[s]) != (int) var->type)
			{
				char	   *tn = format_type_be(att->atttypid);

				ReleaseTupleDesc(desc);
				ereport(ERROR,
						(errcode(ERRCODE_DATATYPE_MISMATCH),
						 errmsg("column \"%s\" has type %s, but the strategy rules read it as %s",
								var->name, tn, rule_type_name(var->type)),
						 errdetail("A rule of model \"%s\" reads \"%s\".", e->model, var->name),
						 errhint("Cast the column in a view; the canonical input schema is in doc/schema.md.")));
			}
			break;
		}
	}
	ReleaseTupleDesc(desc);
	e->typid = typid;
	e->typmod = typmod;
}

/* Input slots from the row ct_model_read_record() just deformed into c. */
static void
eval_input_record(EvalRules *e, ModelCache *c, HeapTupleHeader rec)
{
	Oid			typid = HeapTupleHeaderGetTypeId(rec);
	int32		typmod = HeapTupleHeaderGetTypMod(rec);

	if (e->typid != typid || e->typmod != typmod)
		eval_bind_input(e, typid, typmod);
	for (int s = 0; s < ct_rule_schema_nvars; s++)
	{
		ct_rule_value *v = &e->slots[s];
		int			a = e->attno[s];
		Datum		d;

		if (e->is_eval[s])
			continue;
		slot_null(v);
		if (a < 0 || c->nulls[a])
			continue;
		d = c->values[a];
		v->isnull = false;
		switch (e->atttype[s])
		{
			case INT2OID:
				v->num = DatumGetInt16(d);
				break;
			case INT4OID:
				v->num = DatumGetInt32(d);
				break;
			case INT8OID:
				v->num = (double) DatumGetInt64(d);
				break;
			case FLOAT4OID:
				v->num = DatumGetFloat4(d);
				break;
			case FLOAT8OID:
				v->num = DatumGetFloat8(d);
				break;
			case NUMERICOID:
				v->num = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, d));
				break;
			case BOOLOID:
				v->b = DatumGetBool(d);
				break;
			default:
				{
					/* text, varchar, bpchar: no copy unless stored out of line */
					struct varlena *t = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(d));
					const char *p = VARDATA_ANY(t);
					size_t		len = VARSIZE_ANY_EXHDR(t);

					if (e->atttype[s] == BPCHAROID)
						while (len > 0 && p[len - 1] == ' ')
							len--;
					v->str = p;
					v->len = len;
				}
				break;
		}
	}
}

/* Input slots from a jsonb customer: the keys the rules read. */
static void
eval_input_jsonb(EvalRules *e, Jsonb *doc)
{
	for (int s = 0; s < ct_rule_schema_nvars; s++)
	{
		const ct_rule_var *var = &ct_rule_schema_vars[s];
		ct_rule_value *v = &e->slots[s];
		JsonbValue	buf;
		const JsonbValue *j;

		if (e->is_eval[s])
			continue;
		slot_null(v);
		if (!e->reads[s])
			continue;
		j = getKeyJsonValueFromContainer(&doc->root, var->name, strlen(var->name), &buf);
		if (j == NULL || j->type == jbvNull)
			continue;
		if (var->type == CT_RULE_NUMBER && j->type == jbvNumeric)
			v->num = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
														NumericGetDatum(j->val.numeric)));
		else if (var->type == CT_RULE_STRING && j->type == jbvString)
		{
			v->str = j->val.string.val;
			v->len = j->val.string.len;
		}
		else if (var->type == CT_RULE_BOOL && j->type == jbvBool)
			v->b = j->val.boolean;
		else
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("key \"%s\" of the customer must be %s or null", var->name,
							var->type == CT_RULE_NUMBER ? "a number" :
							var->type == CT_RULE_STRING ? "a string" : "a boolean"),
					 errdetail("A strategy rule of model \"%s\" reads it.", e->model)));
		v->isnull = false;
	}
}

static void
slot_text(ct_rule_value *v, Datum label)
{
	struct varlena *t = (struct varlena *) DatumGetPointer(label);

	slot_null(v);
	v->str = VARDATA_ANY(t);
	v->len = VARSIZE_ANY_EXHDR(t);
	v->isnull = false;
}

static void
slot_number(ct_rule_value *v, double x)
{
	slot_null(v);
	if (!isnan(x))
	{
		v->num = x;
		v->isnull = false;
	}
}

/*
 * Fill the evaluation slots from the computed columns and apply the rules;
 * returns the number of fired rules (their indexes in e->fired).
 */
static int
eval_apply(EvalRules *e, ModelCache *c, const ct_result *r, int stage, int grade, int cls)
{
	slot_number(&e->slots[e->s_score], r->score);
	slot_text(&e->slots[e->s_tier], c->tier_label[r->tier]);
	for (int d = 0; d < CT_NDIM; d++)
	{
		slot_number(&e->slots[e->s_dim_score[d]], r->dim_score[d]);
		if (r->dim_tier[d] < 0)
			slot_null(&e->slots[e->s_dim_tier[d]]);
		else
			slot_text(&e->slots[e->s_dim_tier[d]], c->dim_tier_label[d][r->dim_tier[d]]);
	}
	if (stage < 0)
		slot_null(&e->slots[e->s_stage]);
	else
		slot_text(&e->slots[e->s_stage], c->stage_label[stage]);
	if (grade < 0)
		slot_null(&e->slots[e->s_grade]);
	else
		slot_text(&e->slots[e->s_grade], c->grade_label[grade]);
	slot_text(&e->slots[e->s_class], c->class_label[cls]);
	if (e->rs->n == 0)
		return 0;
	return ct_rules_apply(e->rs, e->slots, ct_rule_schema_nvars, e->fired);
}

/*
 * The reason of a fired history_informed_remedy rule with the remedy the
 * model's remedy_model recommends for the customer's segment and problem
 * type appended (doc/strategies.md); the only allocation is the result.
 */
static Datum
remedy_reason(EvalRules *e, Datum base)
{
	const ct_rule_value *seg = &e->slots[e->remedy_seg];
	const ct_rule_value *prob = &e->slots[e->s_problem];
	struct varlena *b = (struct varlena *) DatumGetPointer(base);
	size_t		blen = VARSIZE_ANY_EXHDR(b);
	char		suffix[CT_REMEDY_MAX_KEY + 160];
	int			slen;
	int			best = -1;
	text	   *t;

	if (!seg->isnull && !prob->isnull)
		best = ct_remedy_recommend(e->remedy, seg->str, seg->len, prob->str, prob->len,
								   e->remedy_min);
	if (best >= 0)
	{
		const ct_remedy_entry *x = &ct_remedy_entries(e->remedy)[best];
		const char *k = ct_remedy_pool(e->remedy) + x->off;

		slen = snprintf(suffix, sizeof(suffix),
						"; recommended remedy '%.*s' (accepted " INT64_FORMAT "/" INT64_FORMAT ", Wilson lower bound %.3f)",
						(int) x->rem_len, k + x->seg_len + x->prob_len,
						x->accepted, x->cases,
						ct_wilson_lower(x->accepted, x->cases, CT_WILSON_Z95));
	}
	else
		slen = snprintf(suffix, sizeof(suffix), "; no remedy with at least " INT64_FORMAT " cases",
						e->remedy_min);
	if (slen < 0 || (size_t) slen >= sizeof(suffix))
		elog(ERROR, "complaint_tier: remedy reason does not fit");
	t = (text *) palloc(VARHDRSZ + blen + slen);
	SET_VARSIZE(t, VARHDRSZ + blen + slen);
	memcpy(VARDATA(t), VARDATA_ANY(b), blen);
	memcpy(VARDATA(t) + blen, suffix, slen);
	return PointerGetDatum(t);
}

static Datum
build_evaluation(FunctionCallInfo fcinfo, EvalRules *e, ModelCache *c,
				 ct_class_input *cls, ct_result *r)
{
	Datum		values[EV_NATTS];
	bool		nulls[EV_NATTS];
	HeapTuple	tuple;
	int			stage,
				grade,
				cls_idx,
				nf;

	if (c->result_desc == NULL)
	{
		TupleDesc	desc;
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "evaluate: return type must be a row type");
		if (desc->natts != EV_NATTS)
			elog(ERROR, "evaluate: complaint_tier.evaluation has %d columns, expected %d",
				 desc->natts, EV_NATTS);
		old = MemoryContextSwitchTo(GetMemoryChunkContext(c));
		c->result_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		MemoryContextSwitchTo(old);
	}

	memset(nulls, 0, sizeof(nulls));
	values[EV_MODEL] = c->model_datum;
	values[EV_VERSION] = Int32GetDatum(c->version);
	values[EV_SCORE] = Float8GetDatum(r->score);
	values[EV_TIER] = c->tier_label[r->tier];
	for (int d = 0; d < CT_NDIM; d++)
	{
		if (isnan(r->dim_score[d]))
		{
			nulls[EV_DIM_SCORE + d] = true;
			values[EV_DIM_SCORE + d] = (Datum) 0;
		}
		else
			values[EV_DIM_SCORE + d] = Float8GetDatum(r->dim_score[d]);
		if (r->dim_tier[d] < 0)
		{
			nulls[EV_DIM_TIER + d] = true;
			values[EV_DIM_TIER + d] = (Datum) 0;
		}
		else
			values[EV_DIM_TIER + d] = c->dim_tier_label[d][r->dim_tier[d]];
	}
	stage = ct_model_stage(&c->m, cls);
	if (stage < 0)
	{
		nulls[EV_STAGE] = true;
		values[EV_STAGE] = (Datum) 0;
	}
	else
		values[EV_STAGE] = c->stage_label[stage];
	grade = ct_model_credit_grade(&c->m, r->dim_score[2]);
	if (grade < 0)
	{
		nulls[EV_GRADE] = true;
		values[EV_GRADE] = (Datum) 0;
	}
	else
		values[EV_GRADE] = c->grade_label[grade];
	cls_idx = ct_model_behaviour(&c->m, cls);
	values[EV_CLASS] = c->class_label[cls_idx];

	/* the strategy rules: codes, reasons, routing priority, refund ceiling */
	nf = eval_apply(e, c, r, stage, grade, cls_idx);
	nulls[EV_PRIORITY] = nulls[EV_CEILING] = true;
	values[EV_PRIORITY] = values[EV_CEILING] = (Datum) 0;
	if (nf == 0)
	{
		values[EV_STRATEGIES] = e->empty;
		values[EV_REASONS] = e->empty;
	}
	else
	{
		int32		routing = 0;
		double		ceiling = 0;
		bool		has_ceiling = false;

		for (int i = 0; i < nf; i++)
		{
			const ct_pg_rule *rule = &e->rs->rules[e->fired[i]];

			e->out[i] = e->code[e->fired[i]];
			if (rule->routing_priority > 0 && (routing == 0 || rule->routing_priority < routing))
				routing = rule->routing_priority;
			if (rule->has_refund_ceiling && (!has_ceiling || rule->refund_ceiling > ceiling))
			{
				ceiling = rule->refund_ceiling;
				has_ceiling = true;
			}
		}
		values[EV_STRATEGIES] = PointerGetDatum(construct_array(e->out, nf, TEXTOID, -1, false, TYPALIGN_INT));
		for (int i = 0; i < nf; i++)
			e->out[i] = (e->remedy != NULL && e->is_remedy[e->fired[i]]) ?
				remedy_reason(e, e->reason[e->fired[i]]) : e->reason[e->fired[i]];
		values[EV_REASONS] = PointerGetDatum(construct_array(e->out, nf, TEXTOID, -1, false, TYPALIGN_INT));
		if (routing > 0)
		{
			nulls[EV_PRIORITY] = false;
			values[EV_PRIORITY] = Int32GetDatum(routing);
		}
		if (has_ceiling)
		{
			nulls[EV_CEILING] = false;
			values[EV_CEILING] = Float8GetDatum(ceiling);
		}
	}
	tuple = heap_form_tuple(c->result_desc, values, nulls);
	return HeapTupleGetDatum(tuple);
}

/* evaluate(model text, customer record) */
Datum
ct_evaluate_sql(PG_FUNCTION_ARGS)
{
	EvalRules  *e = eval_extra(fcinfo);
	ModelCache *c = eval_model_cache(fcinfo, e, PG_GETARG_TEXT_PP(0), 0);
	HeapTupleHeader rec = PG_GETARG_HEAPTUPLEHEADER(1);
	ct_class_input cls;
	ct_result	r;

	eval_rules(fcinfo, e, c);
	ct_model_read_record(c, rec, &cls);
	eval_input_record(e, c, rec);
	evaluate_one(c, &cls, &r);
	PG_RETURN_DATUM(build_evaluation(fcinfo, e, c, &cls, &r));
}

/* evaluate(model text, version int, customer record) */
Datum
ct_evaluate_version_sql(PG_FUNCTION_ARGS)
{
	int32		version = PG_GETARG_INT32(1);
	EvalRules  *e = eval_extra(fcinfo);
	HeapTupleHeader rec = PG_GETARG_HEAPTUPLEHEADER(2);
	ModelCache *c;
	ct_class_input cls;
	ct_result	r;

	if (version < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("version must be positive"),
				 errdetail("Got %d.", version)));
	c = eval_model_cache(fcinfo, e, PG_GETARG_TEXT_PP(0), version);
	eval_rules(fcinfo, e, c);
	ct_model_read_record(c, rec, &cls);
	eval_input_record(e, c, rec);
	evaluate_one(c, &cls, &r);
	PG_RETURN_DATUM(build_evaluation(fcinfo, e, c, &cls, &r));
}

/* evaluate(model text, customer jsonb) */
Datum
ct_evaluate_jsonb_sql(PG_FUNCTION_ARGS)
{
	EvalRules  *e = eval_extra(fcinfo);
	ModelCache *c = eval_model_cache(fcinfo, e, PG_GETARG_TEXT_PP(0), 0);
	Jsonb	   *doc = PG_GETARG_JSONB_P(1);
	ct_class_input cls;
	ct_result	r;

	eval_rules(fcinfo, e, c);
	ct_model_read_jsonb(c, doc, &cls);
	eval_input_jsonb(e, doc);
	evaluate_one(c, &cls, &r);
	PG_RETURN_DATUM(build_evaluation(fcinfo, e, c, &cls, &r));
}

/*
 * explain(model text, customer record): one row per indicator with its raw
 * value, normalised value, weights and contributions.
 */
Datum
ct_explain_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ModelCache *c = ct_model_cache(fcinfo, PG_GETARG_TEXT_PP(0), 0, false);
	HeapTupleHeader rec = PG_GETARG_HEAPTUPLEHEADER(1);
	ct_class_input cls;
	ct_result	r;

	InitMaterializedSRF(fcinfo, 0);
	ct_model_read_record(c, rec, &cls);
	evaluate_one(c, &cls, &r);
	for (int j = 0; j < c->m.n_ind; j++)
	{
		const ct_indicator *ind = &c->m.ind[j];
		Datum		values[12];
		bool		nulls[12] = {0};
		int			a = c->ind_attno[j];
		double		dimw = c->m.dim_weight[ind->dimension];

		values[0] = Int32GetDatum(j + 1);
		values[1] = CStringGetTextDatum(c->ind_name[j]);
		values[2] = CStringGetTextDatum(ct_dimension_names[ind->dimension]);
		values[3] = CStringGetTextDatum(c->ind_column[j]);
		if (c->nulls[a])
		{
			nulls[4] = true;
			values[4] = (Datum) 0;
		}
		else
		{
			Oid			out;
			bool		isvarlena;
			Oid			t = TupleDescAttr(c->tupdesc, a)->atttypid;

			getTypeOutputInfo(t, &out, &isvarlena);
			values[4] = CStringGetTextDatum(OidOutputFunctionCall(out, c->values[a]));
		}
		values[5] = Float8GetDatum(c->v[j]);
		values[6] = BoolGetDatum(c->imputed[j]);
		values[7] = Float8GetDatum(ind->weight);
		values[8] = Float8GetDatum(dimw);
		values[9] = Float8GetDatum(ind->global_weight);
		values[10] = Float8GetDatum(ind->weight * c->v[j]);
		values[11] = Float8GetDatum(ind->global_weight * c->v[j]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* The fired rules of one evaluated customer, one row each. */
static void
explain_strategies_rows(FunctionCallInfo fcinfo, EvalRules *e, ModelCache *c,
						ct_class_input *cls, ct_result *r)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			nf;

	evaluate_one(c, cls, r);
	nf = eval_apply(e, c, r, ct_model_stage(&c->m, cls),
					ct_model_credit_grade(&c->m, r->dim_score[2]),
					ct_model_behaviour(&c->m, cls));
	for (int i = 0; i < nf; i++)
	{
		const ct_pg_rule *rule = &e->rs->rules[e->fired[i]];
		Datum		values[9];
		bool		nulls[9] = {0};

		values[0] = Int32GetDatum(rule->priority);
		values[1] = CStringGetTextDatum(rule->strategy);
		values[2] = CStringGetTextDatum(rule->title);
		values[3] = CStringGetTextDatum(rule->id);
		values[4] = Int32GetDatum(rule->version);
		values[5] = CStringGetTextDatum(rule->condition);
		values[6] = Int32GetDatum(rule->routing_priority);
		nulls[6] = rule->routing_priority == 0;
		values[7] = Float8GetDatum(rule->refund_ceiling);
		nulls[7] = !rule->has_refund_ceiling;
		values[8] = BoolGetDatum(rule->approval_required);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/*
 * explain_strategies(model text, customer record): the rules that fired for
 * one customer, in priority order, exactly as evaluate() applies them.
 */
Datum
ct_explain_strategies_sql(PG_FUNCTION_ARGS)
{
	EvalRules  *e = eval_extra(fcinfo);
	ModelCache *c = eval_model_cache(fcinfo, e, PG_GETARG_TEXT_PP(0), 0);
	HeapTupleHeader rec = PG_GETARG_HEAPTUPLEHEADER(1);
	ct_class_input cls;
	ct_result	r;

	InitMaterializedSRF(fcinfo, 0);
	eval_rules(fcinfo, e, c);
	ct_model_read_record(c, rec, &cls);
	eval_input_record(e, c, rec);
	explain_strategies_rows(fcinfo, e, c, &cls, &r);
	return (Datum) 0;
}

/* explain_strategies(model text, customer jsonb) */
Datum
ct_explain_strategies_jsonb_sql(PG_FUNCTION_ARGS)
{
	EvalRules  *e = eval_extra(fcinfo);
	ModelCache *c = eval_model_cache(fcinfo, e, PG_GETARG_TEXT_PP(0), 0);
	Jsonb	   *doc = PG_GETARG_JSONB_P(1);
	ct_class_input cls;
	ct_result	r;

	InitMaterializedSRF(fcinfo, 0);
	eval_rules(fcinfo, e, c);
	ct_model_read_jsonb(c, doc, &cls);
	eval_input_jsonb(e, doc);
	explain_strategies_rows(fcinfo, e, c, &cls, &r);
	return (Datum) 0;
}

/*
 * _normalised(model, version, customer): the normalised indicator values of
 * one row for a version being fitted, NULL where the input is NULL.
 */
Datum
ct_normalised_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache(fcinfo, PG_GETARG_TEXT_PP(0), PG_GETARG_INT32(1), true);
	ct_class_input cls;
	int			n = c->m.n_ind;
	Datum	   *d = palloc(sizeof(Datum) * n);
	bool	   *isnull = palloc(sizeof(bool) * n);
	int			dims[1] = {n};
	int			lbs[1] = {1};

	ct_model_read_record(c, PG_GETARG_HEAPTUPLEHEADER(2), &cls);
	for (int j = 0; j < n; j++)
	{
		isnull[j] = c->imputed[j];
		d[j] = Float8GetDatum(c->v[j]);
	}
	PG_RETURN_ARRAYTYPE_P(construct_md_array(d, isnull, 1, dims, lbs, FLOAT8OID,
											 sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/*
 * _fit_scores(model, version, customer): the raw method scores of one row
 * for a version being fitted: {weighted_sum, topsis, grey_relational,
 * vikor S, vikor R, fuzzy, five dimension scores}, NULL where a method is
 * not configured or a dimension has no indicator.
 */
Datum
ct_fit_scores_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache(fcinfo, PG_GETARG_TEXT_PP(0), PG_GETARG_INT32(1), true);
	ct_class_input cls;
	ct_result	r;
	Datum		d[11];
	bool		isnull[11];
	int			dims[1] = {11};
	int			lbs[1] = {1};

	ct_model_read_record(c, PG_GETARG_HEAPTUPLEHEADER(2), &cls);
	if (c->m.fitted)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("version %d of model \"%s\" is already fitted", c->version, c->model_name)));
	evaluate_one(c, &cls, &r);
	for (int i = 0; i < 11; i++)
	{
		isnull[i] = true;
		d[i] = (Datum) 0;
	}
	for (int k = 0; k < c->m.n_methods; k++)
	{
		switch (c->m.methods[k])
		{
			case CT_M_WEIGHTED_SUM:
				d[0] = Float8GetDatum(r.method_score[k]);
				isnull[0] = false;
				break;
			case CT_M_TOPSIS:
				d[1] = Float8GetDatum(r.method_score[k]);
				isnull[1] = false;
				break;
			case CT_M_GREY:
				d[2] = Float8GetDatum(r.method_score[k]);
				isnull[2] = false;
				break;
			case CT_M_VIKOR:
				d[3] = Float8GetDatum(r.vikor_s);
				d[4] = Float8GetDatum(r.vikor_r);
				isnull[3] = isnull[4] = false;
				break;
			case CT_M_FUZZY:
				d[5] = Float8GetDatum(r.method_score[k]);
				isnull[5] = false;
				break;
		}
	}
	for (int dd = 0; dd < CT_NDIM; dd++)
		if (!isnan(r.dim_score[dd]))
		{
			d[6 + dd] = Float8GetDatum(r.dim_score[dd]);
			isnull[6 + dd] = false;
		}
	PG_RETURN_ARRAYTYPE_P(construct_md_array(d, isnull, 1, dims, lbs, FLOAT8OID,
											 sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/* _percentile(x, quantiles): position of x among sorted quantiles, in [0,1] */
Datum
ct_percentile_sql(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);
	int			n;
	double	   *q = ct_arg_vector(PG_GETARG_ARRAYTYPE_P(1), "quantiles", CT_MAX_RANK_N, &n);

	ct_arg_finite(x, "x");
	for (int i = 1; i < n; i++)
		if (q[i] < q[i - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("quantiles must be ascending"),
					 errdetail("Element %d (%g) follows %g.", i + 1, q[i], q[i - 1])));
	PG_RETURN_FLOAT8(ct_percentile(x, q, n));
}

/*
 * _combine(model, version, scores): the combined score of one row's method
 * scores (model order, VIKOR as 1 - Q) with the quantiles stored so far in
 * a version being fitted; fit() orders the population by it for the
 * overall tier cut points.
 */
Datum
ct_combine_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache(fcinfo, PG_GETARG_TEXT_PP(0), PG_GETARG_INT32(1), true);
	double	   *s = ct_arg_vector_n(PG_GETARG_ARRAYTYPE_P(2), "scores", c->m.n_methods, "methods");

	if (!c->m.has_quantiles)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("version %d of model \"%s\" has no quantiles yet", c->version, c->model_name)));
	PG_RETURN_FLOAT8(ct_model_combine(&c->m, s, NULL));
}
