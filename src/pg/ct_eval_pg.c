/*
 * ct_eval_pg.c
 *		evaluate(model, customer) with its strategy columns from the model's
 *		rules (shared with explain_json through ct_eval_pg.h),
 *		explain_strategies(model, customer), and the snapshot forms of the
 *		jsonb evaluate and of explain_strategies (a model_snapshot value
 *		instead of the model's name: ct_model_cache_arg).  fit()'s per-row
 *		helpers, which share the evaluator, are in ct_fit_rows_pg.c.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "access/parallel.h"
#include "executor/spi.h"

#include "ct_catalog_pg.h"
#include "ct_eval_pg.h"
#include "ct_model_pg.h"
#include "ct_pg.h"
#include "ct_remedy.h"
#include "ct_remedy_pg.h"
#include "ct_rule.h"
#include "ct_rule_pg.h"
#include "ct_scale_pg.h"

PG_FUNCTION_INFO_V1(ct_evaluate_sql);
PG_FUNCTION_INFO_V1(ct_evaluate_version_sql);
PG_FUNCTION_INFO_V1(ct_evaluate_jsonb_sql);
PG_FUNCTION_INFO_V1(ct_evaluate_snapshot_jsonb_sql);
PG_FUNCTION_INFO_V1(ct_explain_strategies_sql);
PG_FUNCTION_INFO_V1(ct_explain_strategies_jsonb_sql);
PG_FUNCTION_INFO_V1(ct_explain_strategies_snapshot_sql);
PG_FUNCTION_INFO_V1(ct_explain_strategies_snapshot_jsonb_sql);

/*
 * The columns of complaint_tier.evaluation, by name: the result row is
 * built by looking them up once per query (doc/model.md, "Outputs").
 */
typedef enum EvCol
{
	EV_MODEL, EV_VERSION, EV_SCORE, EV_TIER, EV_DIM_NAMES, EV_DIM_SCORES,
	EV_DIM_TIERS, EV_CLASS_NAMES, EV_CLASSES, EV_STRATEGIES, EV_REASONS,
	EV_PRIORITY, EV_CEILING, EV_ERROR, EV_SEGMENT, EV_SEGMENT_MEMBERSHIP, EV_NCOLS
} EvCol;

static const char *const ev_names[EV_NCOLS] = {
	"model", "version", "score", "tier", "dimension_names", "dimension_scores",
	"dimension_tiers", "class_names", "class_labels", "strategies", "reasons",
	"routing_priority", "refund_ceiling", "error", "segment", "segment_membership"
};

/* ---- strategy datums ------------------------------------------------------ */

/*
 * The strategy columns come from the model's rules (loaded with the model
 * cache and compiled against its variables when it binds the row type).
 * EvalRules, in the caller slot of the model cache's fn_extra, keeps the
 * datums prepared once per rule set: code and reason per rule, the remedy
 * recommendation state.
 */
struct EvalRules
{
	MemoryContext cxt;			/* datums; reset on reload */
	const ct_pg_ruleset *rs;	/* the rule set the datums are for */
	uint64		generation;		/* and the cache that holds it */
	int		   *fired;
	Datum	   *code;			/* per rule: strategy code (text) */
	Datum	   *reason;			/* per rule: "rule <id> v<n>: <condition>" */
	CtLabelElem **code_elem;	/* code and reason as text[] elements */
	CtLabelElem **reason_elem;
	CtLabelElem **out_elem;		/* scratch: rs->n elements */
	Datum		empty;			/* '{}'::text[] */
	ct_remedy_state *remedy;	/* remedy_model of the model, NULL: none */
	int64		remedy_min;
	bool		remedy_shrink;	/* remedy_model.method = 'shrinkage' */
	ct_remedy_ranked *ranked;	/* its scratch: one per entry */
	char	   *remedy_segment;
	int			remedy_seg;		/* slots of the segment and problem_type */
	int			s_problem;
	bool	   *is_remedy;		/* per rule: strategy history_informed_remedy */
	int			attno[EV_NCOLS];	/* result columns */
	const CtEvalSlot *want_for; /* the custom scan request of want_k: */
	int			n_want;
	uint8		want_k[EV_NCOLS];	/* the columns it reads */
	bool		on_error_known; /* on_error is a constant of the query: */
	bool		on_error_soft;	/* its value, parsed once */
};

static EvalRules *
eval_extra(FunctionCallInfo fcinfo)
{
	void	  **slot = ct_model_cache_extra(fcinfo);

	if (*slot == NULL)
		*slot = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(EvalRules));
	return (EvalRules *) *slot;
}

/* The datums of the model's rule set, prepared when the set changes. */
static void
eval_rules(FunctionCallInfo fcinfo, EvalRules *e, ModelCache *c)
{
	MemoryContext old;
	const ct_pg_ruleset *rs = c->rs;
	int			n = Max(rs->n, 1);

	/* a rebuilt cache may reuse the old one's addresses: the generation tells */
	if (e->rs == rs && e->generation == c->generation)
		return;
	if (e->cxt == NULL)
		e->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt,
									   "complaint_tier evaluate rules",
									   ALLOCSET_SMALL_SIZES);
	else
		MemoryContextReset(e->cxt);
	old = MemoryContextSwitchTo(e->cxt);
	e->fired = palloc(sizeof(int) * n);
	e->code = palloc(sizeof(Datum) * n);
	e->reason = palloc(sizeof(Datum) * n);
	e->code_elem = palloc(sizeof(CtLabelElem *) * n);
	e->reason_elem = palloc(sizeof(CtLabelElem *) * n);
	e->out_elem = palloc(sizeof(CtLabelElem *) * n);
	e->is_remedy = palloc0(sizeof(bool) * n);
	e->empty = PointerGetDatum(construct_empty_array(TEXTOID));
	for (int i = 0; i < rs->n; i++)
	{
		const ct_pg_rule *r = &rs->rules[i];

		e->is_remedy[i] = strcmp(r->strategy, "history_informed_remedy") == 0;
		e->code[i] = CStringGetTextDatum(r->strategy);
		e->reason[i] = CStringGetTextDatum(psprintf("rule %s v%d: %s", r->id, r->version, r->condition));
		e->code_elem[i] = ct_label_elem(VARDATA(e->code[i]), VARSIZE(e->code[i]) - VARHDRSZ);
		e->reason_elem[i] = ct_label_elem(VARDATA(e->reason[i]), VARSIZE(e->reason[i]) - VARHDRSZ);
	}
	if (c->by_snapshot)
	{
		/* a snapshot carries its remedy table: no catalogue read */
		e->remedy = c->snap_remedy;
		e->remedy_segment = c->snap_remedy_segment;
		e->remedy_min = c->snap_remedy_min;
		e->remedy_shrink = c->snap_remedy_shrink;
	}
	else
	{
		ct_spi_connect();
		e->remedy = ct_catalog_remedy(c->model_name, e->cxt, &e->remedy_segment, &e->remedy_min,
									  &e->remedy_shrink);
		SPI_finish();
	}
	if (e->remedy != NULL && e->remedy_shrink)
		e->ranked = palloc(sizeof(ct_remedy_ranked) * Max(e->remedy->nentries, 1));
	e->remedy_seg = e->s_problem = -1;
	/* the segment and problem type are bound with the row type */
	c->n_extra = 0;
	if (e->remedy != NULL)
	{
		c->extra[c->n_extra++] = e->remedy_segment;
		c->extra[c->n_extra++] = "problem_type";
		c->bound = false;
	}
	MemoryContextSwitchTo(old);
	e->rs = rs;
	e->generation = c->generation;
}

/* The slots of the remedy segment and problem type, once the row is bound. */
static void
eval_remedy_slots(EvalRules *e, ModelCache *c)
{
	if (e->remedy == NULL || e->remedy_seg >= 0)
		return;
	e->remedy_seg = ct_vars_find(&c->vars, e->remedy_segment);
	e->s_problem = ct_vars_find(&c->vars, "problem_type");
	for (int i = 0; i < 2; i++)
	{
		int			s = i == 0 ? e->remedy_seg : e->s_problem;
		const char *name = i == 0 ? e->remedy_segment : "problem_type";

		if (s < 0 || c->vars.vars[s].type != CT_RULE_STRING)
			ereport(ERROR,
					(errcode(s < 0 ? ERRCODE_UNDEFINED_COLUMN : ERRCODE_DATATYPE_MISMATCH),
					 errmsg("remedy_model of model \"%s\" reads \"%s\", which %s", c->model_name, name,
							s < 0 ? "is neither an output of the model nor a column of the customer" :
							"is not text"),
					 errhint("The segment is a text output of the model (such as tier or a classification) or a text column; the problem type is the column problem_type.")));
	}
}

/*
 * The reason of a fired history_informed_remedy rule with the remedy the
 * model's remedy_model recommends for the customer's segment and problem
 * type appended (doc/strategies.md); the only allocation is the result.
 */
static Datum
remedy_reason(EvalRules *e, ModelCache *c, Datum base)
{
	const ct_rule_value *seg = &c->slots[e->remedy_seg];
	const ct_rule_value *prob = &c->slots[e->s_problem];
	struct varlena *b = (struct varlena *) DatumGetPointer(base);
	size_t		blen = VARSIZE_ANY_EXHDR(b);
	char		suffix[CT_REMEDY_MAX_KEY + 160];
	int			slen = -1;
	int			best = -1;
	text	   *t;

	if (e->remedy_shrink)
	{
		if (seg->isnull || prob->isnull)
			slen = snprintf(suffix, sizeof(suffix), "; no segment or problem type for a remedy");
		else
			slen = ct_remedy_shrunk_reason(e->remedy, seg->str, seg->len, prob->str, prob->len,
										   e->remedy_min, e->ranked, suffix, sizeof(suffix));
	}
	else if (!seg->isnull && !prob->isnull)
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
	else if (!e->remedy_shrink)
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

static int
apply_rules(EvalRules *e, ModelCache *c)
{
	if (c->rs->n == 0)
		return 0;
	return ct_rules_apply(c->rs, c->slots, c->vars.n, e->fired);
}

/* ---- the same strategy columns for explain_json (ct_eval_pg.h) ---------- */

EvalRules *
ct_eval_rules_prepare(FunctionCallInfo fcinfo, ModelCache *c)
{
	EvalRules  *e = eval_extra(fcinfo);

	eval_rules(fcinfo, e, c);
	return e;
}

void
ct_eval_rules_bound(EvalRules *e, ModelCache *c)
{
	eval_remedy_slots(e, c);
}

int
ct_eval_rules_apply(EvalRules *e, ModelCache *c, const int **fired)
{
	int			nf = apply_rules(e, c);

	*fired = e->fired;
	return nf;
}

Datum
ct_eval_rules_reason(EvalRules *e, ModelCache *c, int rule)
{
	return (e->remedy != NULL && e->is_remedy[rule]) ?
		remedy_reason(e, c, e->reason[rule]) : e->reason[rule];
}

/* ct_eval_rules_reason as an array element: the remedy's made per row */
static CtLabelElem *
reason_elem(EvalRules *e, ModelCache *c, int rule)
{
	Datum		d;

	if (!(e->remedy != NULL && e->is_remedy[rule]))
		return e->reason_elem[rule];
	d = ct_eval_rules_reason(e, c, rule);
	return ct_label_elem(VARDATA_ANY(DatumGetPointer(d)),
						 VARSIZE_ANY_EXHDR(DatumGetPointer(d)));
}

void
ct_eval_rules_limits(ModelCache *c, const int *fired, int nf, int32 *routing,
					 double *ceiling, bool *has_ceiling)
{
	*routing = 0;
	*ceiling = 0;
	*has_ceiling = false;
	for (int i = 0; i < nf; i++)
	{
		const ct_pg_rule *rule = &c->rs->rules[fired[i]];

		if (rule->routing_priority > 0 && (*routing == 0 || rule->routing_priority < *routing))
			*routing = rule->routing_priority;
		if (rule->has_refund_ceiling && (!*has_ceiling || rule->refund_ceiling > *ceiling))
		{
			*ceiling = rule->refund_ceiling;
			*has_ceiling = true;
		}
	}
}

/* ---- on_error ------------------------------------------------------------ */

static bool on_error_null(FunctionCallInfo fcinfo, EvalRules *e, int argno);

/*
 * The on_error argument (argno): false for 'raise' (a bad row fails the
 * statement), true for 'null' (it gets a result with a NULL score and tier
 * and the error column).  Parsed once per query when it is a constant.
 */
bool
ct_evaluate_on_error_null(FunctionCallInfo fcinfo, int argno)
{
	return on_error_null(fcinfo, eval_extra(fcinfo), argno);
}

static bool
on_error_null(FunctionCallInfo fcinfo, EvalRules *e, int argno)
{
	text	   *t;
	const char *p;
	int			len;
	bool		soft;

	if (likely(e->on_error_known))
		return e->on_error_soft;
	if (PG_NARGS() <= argno)
		return false;
	t = PG_GETARG_TEXT_PP(argno);
	p = VARDATA_ANY(t);
	len = VARSIZE_ANY_EXHDR(t);
	if ((soft = (len == 4 && memcmp(p, "null", 4) == 0)) ||
		(len == 5 && memcmp(p, "raise", 5) == 0))
	{
		if (get_fn_expr_arg_stable(fcinfo->flinfo, argno))
		{
			e->on_error_soft = soft;
			e->on_error_known = true;
		}
		return soft;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid on_error \"%s\"", text_to_cstring(t)),
			 errhint("Use 'raise' (the default: a bad row fails the statement) or 'null' (a bad row gets a NULL score and tier and the reason in the error column).")));
	return false;				/* not reached */
}

static void
json_member(StringInfo buf, const char *key, const char *value)
{
	if (value == NULL)
		return;
	if (buf->len > 1)
		appendStringInfoString(buf, ", ");
	escape_json(buf, key);
	appendStringInfoString(buf, ": ");
	escape_json(buf, value);
}

static Datum
json_datum(StringInfo buf)
{
	appendStringInfoChar(buf, '}');
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf->data));
}

/* The error column of a row whose value was recorded (c->row_error). */
static Datum
row_error_jsonb(ModelCache *c)
{
	const CtRowError *re = &c->row_error;
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	json_member(&buf, "sqlstate", unpack_sql_state(re->sqlerrcode));
	json_member(&buf, "indicator", re->indicator);
	json_member(&buf, "column", re->column);
	json_member(&buf, "value", re->value);
	json_member(&buf, "message", re->message);
	json_member(&buf, "detail", re->detail);
	return json_datum(&buf);
}

/*
 * The error column of a row below the model's min_coverage: the coverage,
 * the minimum, and the columns of the indicators whose input is NULL.
 */
static Datum
coverage_error_jsonb(ModelCache *c)
{
	StringInfoData buf;
	int			present = 0;
	bool		first = true;

	for (int j = 0; j < c->m.n_ind; j++)
		present += !c->imputed[j];
	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	json_member(&buf, "sqlstate", "22004");
	json_member(&buf, "message",
				psprintf("%d of %d indicators present, %.3f of the indicator weight; model \"%s\" needs at least %g for a score and a tier",
						 present, c->m.n_ind, c->coverage, c->model_name, c->m.min_coverage));
	appendStringInfo(&buf, ", \"coverage\": %s, \"min_coverage\": %s, \"missing\": [",
					 float8out_internal(c->coverage), float8out_internal(c->m.min_coverage));
	for (int j = 0; j < c->m.n_ind; j++)
		if (c->imputed[j])
		{
			if (!first)
				appendStringInfoString(&buf, ", ");
			escape_json(&buf, c->ind_column[j]);
			first = false;
		}
	appendStringInfoChar(&buf, ']');
	return json_datum(&buf);
}

/* The result row type and the position of each column, once per query. */
static void
result_desc_init(FunctionCallInfo fcinfo, EvalRules *e, ModelCache *c)
{
	if (c->result_desc == NULL)
	{
		TupleDesc	desc;
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "evaluate: return type must be a row type");
		e->want_for = NULL;
		for (int k = 0; k < EV_NCOLS; k++)
		{
			e->attno[k] = -1;
			for (int a = 0; a < desc->natts; a++)
				if (strcmp(NameStr(TupleDescAttr(desc, a)->attname), ev_names[k]) == 0)
					e->attno[k] = a;
			if (e->attno[k] < 0)
				elog(ERROR, "evaluate: complaint_tier.evaluation has no column \"%s\"", ev_names[k]);
		}
		if (desc->natts != EV_NCOLS)
			elog(ERROR, "evaluate: complaint_tier.evaluation has %d columns, expected %d",
				 desc->natts, EV_NCOLS);
		old = MemoryContextSwitchTo(GetMemoryChunkContext(c));
		c->result_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		MemoryContextSwitchTo(old);
	}
}

const char ct_eval_slot_tag[] = CT_EVAL_SLOT_NAME;

/* The custom scan's request (ct_eval_pg.h), or NULL for a plain call. */
static inline CtEvalSlot *
slot_request(FunctionCallInfo fcinfo)
{
	Node	   *ctx = fcinfo->context;

	if (ctx != NULL && IsA(ctx, ExtensibleNode) &&
		((ExtensibleNode *) ctx)->extnodename == ct_eval_slot_tag)
		return (CtEvalSlot *) ctx;
	return NULL;
}

/* Whether column k is wanted: always for a plain call. */
#define EV_WANT(req, e, k) ((req) == NULL || (req)->needed[(e)->attno[(k)]])

/*
 * Whether the classifications are needed: for their column, or for the
 * strategy rules, which may read them.
 */
static inline bool
wants_classes(CtEvalSlot *req, EvalRules *e)
{
	return EV_WANT(req, e, EV_CLASSES) || EV_WANT(req, e, EV_STRATEGIES) ||
		EV_WANT(req, e, EV_REASONS) || EV_WANT(req, e, EV_PRIORITY) ||
		EV_WANT(req, e, EV_CEILING);
}

static pg_attribute_always_inline Datum
form_evaluation(EvalRules *e, ModelCache *c, Datum *values, bool *nulls, CtEvalSlot *req)
{
	Datum		rv[EV_NCOLS];
	bool		rn[EV_NCOLS];

	if (req != NULL)
	{
		/* the scan's columns are all NULL on entry: only the read ones set */
		if (unlikely(e->want_for != req))
		{
			if (req->natts != EV_NCOLS)
				elog(ERROR, "evaluate: the scan has %d columns, expected %d", req->natts, EV_NCOLS);
			e->n_want = 0;
			for (int k = 0; k < EV_NCOLS; k++)
				if (req->needed[e->attno[k]])
					e->want_k[e->n_want++] = k;
			e->want_for = req;
		}
		for (int i = 0; i < e->n_want; i++)
		{
			int			k = e->want_k[i];

			req->values[e->attno[k]] = values[k];
			req->isnull[e->attno[k]] = nulls[k];
		}
		req->filled = true;
		return (Datum) 0;
	}
	for (int k = 0; k < EV_NCOLS; k++)
	{
		rv[e->attno[k]] = values[k];
		rn[e->attno[k]] = nulls[k];
	}
	return HeapTupleGetDatum(heap_form_tuple(c->result_desc, rv, rn));
}

/*
 * The result of a row whose value was recorded under on_error => 'null':
 * the model, version and names, the error, and NULL for everything
 * computed from the row.
 */
static Datum
build_error_row(FunctionCallInfo fcinfo, EvalRules *e, ModelCache *c)
{
	Datum		values[EV_NCOLS];
	bool		nulls[EV_NCOLS];

	result_desc_init(fcinfo, e, c);
	for (int k = 0; k < EV_NCOLS; k++)
	{
		values[k] = (Datum) 0;
		nulls[k] = true;
	}
	values[EV_MODEL] = c->model_datum;
	values[EV_VERSION] = Int32GetDatum(c->version);
	values[EV_DIM_NAMES] = c->dim_names_datum;
	values[EV_CLASS_NAMES] = c->class_names_datum;
	values[EV_ERROR] = row_error_jsonb(c);
	nulls[EV_MODEL] = nulls[EV_VERSION] = nulls[EV_DIM_NAMES] = nulls[EV_CLASS_NAMES] =
		nulls[EV_ERROR] = false;
	return form_evaluation(e, c, values, nulls, slot_request(fcinfo));
}

static Datum
build_evaluation(FunctionCallInfo fcinfo, EvalRules *e, ModelCache *c, ct_result *r)
{
	Datum		values[EV_NCOLS];
	bool		nulls[EV_NCOLS];
	Datum		d[CT_MAX_CLASS > CT_MAX_DIM ? CT_MAX_CLASS : CT_MAX_DIM];
	bool		dn[CT_MAX_CLASS > CT_MAX_DIM ? CT_MAX_CLASS : CT_MAX_DIM];
	CtLabelElem *le[CT_MAX_CLASS > CT_MAX_DIM ? CT_MAX_CLASS : CT_MAX_DIM];
	int			nf;
	CtEvalSlot *req = slot_request(fcinfo);

	result_desc_init(fcinfo, e, c);
	memset(nulls, 0, sizeof(nulls));
	values[EV_MODEL] = c->model_datum;
	values[EV_VERSION] = Int32GetDatum(c->version);
	values[EV_SCORE] = Float8GetDatum(r->score);
	values[EV_TIER] = (Datum) 0;
	if (likely(r->tier >= 0))
		values[EV_TIER] = c->tier_label[r->tier];
	else
		nulls[EV_TIER] = true;
	nulls[EV_SCORE] = isnan(r->score);
	values[EV_ERROR] = (Datum) 0;
	nulls[EV_ERROR] = true;
	if (unlikely(c->short_coverage))
	{
		values[EV_ERROR] = coverage_error_jsonb(c);
		nulls[EV_ERROR] = false;
	}
	values[EV_DIM_NAMES] = c->dim_names_datum;
	values[EV_DIM_SCORES] = values[EV_DIM_TIERS] = values[EV_CLASSES] = (Datum) 0;
	if (EV_WANT(req, e, EV_DIM_SCORES))
	{
		for (int k = 0; k < c->m.n_dim; k++)
		{
			dn[k] = isnan(r->dim_score[k]);
			d[k] = dn[k] ? (Datum) 0 : Float8GetDatum(r->dim_score[k]);
		}
		values[EV_DIM_SCORES] = ct_array_with_nulls(d, dn, c->m.n_dim, FLOAT8OID);
	}
	if (EV_WANT(req, e, EV_DIM_TIERS))
	{
		for (int k = 0; k < c->m.n_dim; k++)
			le[k] = r->dim_tier[k] < 0 ? NULL : c->dim_tier_elem[k][r->dim_tier[k]];
		values[EV_DIM_TIERS] = ct_label_array(le, c->m.n_dim);
	}
	values[EV_CLASS_NAMES] = c->class_names_datum;
	if (EV_WANT(req, e, EV_CLASSES))
	{
		for (int k = 0; k < c->m.n_class; k++)
			le[k] = r->class_label[k] < 0 ? NULL : c->class_elem[k][r->class_label[k]];
		values[EV_CLASSES] = ct_label_array(le, c->m.n_class);
	}
	nulls[EV_SEGMENT] = nulls[EV_SEGMENT_MEMBERSHIP] = r->segment < 0;
	values[EV_SEGMENT] = Int32GetDatum(r->segment + 1);
	values[EV_SEGMENT_MEMBERSHIP] = Float8GetDatum(r->segment_membership);

	/* the strategy rules: codes, reasons, routing priority, refund ceiling */
	nulls[EV_PRIORITY] = nulls[EV_CEILING] = true;
	values[EV_PRIORITY] = values[EV_CEILING] = (Datum) 0;
	values[EV_STRATEGIES] = values[EV_REASONS] = (Datum) 0;
	if (!EV_WANT(req, e, EV_STRATEGIES) && !EV_WANT(req, e, EV_REASONS) &&
		!EV_WANT(req, e, EV_PRIORITY) && !EV_WANT(req, e, EV_CEILING))
		return form_evaluation(e, c, values, nulls, req);
	nf = apply_rules(e, c);
	if (nf == 0)
	{
		values[EV_STRATEGIES] = e->empty;
		values[EV_REASONS] = e->empty;
	}
	else
	{
		int32		routing;
		double		ceiling;
		bool		has_ceiling;

		ct_eval_rules_limits(c, e->fired, nf, &routing, &ceiling, &has_ceiling);
		for (int i = 0; i < nf; i++)
			e->out_elem[i] = e->code_elem[e->fired[i]];
		values[EV_STRATEGIES] = ct_label_array(e->out_elem, nf);
		if (EV_WANT(req, e, EV_REASONS))
		{
			for (int i = 0; i < nf; i++)
				e->out_elem[i] = reason_elem(e, c, e->fired[i]);
			values[EV_REASONS] = ct_label_array(e->out_elem, nf);
		}
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
	return form_evaluation(e, c, values, nulls, req);
}

static Datum
evaluate_record(FunctionCallInfo fcinfo, int32 version, HeapTupleHeader rec, int on_error_arg)
{
	EvalRules  *e = eval_extra(fcinfo);
	bool		soft = on_error_null(fcinfo, e, on_error_arg);

	return ct_evaluate_cached(fcinfo, ct_model_cache(fcinfo, PG_GETARG_TEXT_PP(0), version, true),
							  rec, soft);
}

/*
 * Evaluate one customer: the record rec, or the JSON object doc, or (both
 * NULL) the columns the custom scan passes (CtEvalSlot.in_values).
 */
static Datum
evaluate_customer(FunctionCallInfo fcinfo, ModelCache *c, HeapTupleHeader rec, Jsonb *doc,
				  bool soft)
{
	EvalRules  *e = eval_extra(fcinfo);
	ct_result	r;

	CtEvalSlot *req = slot_request(fcinfo);
	bool		classify;
	bool		ok;

	eval_rules(fcinfo, e, c);
	result_desc_init(fcinfo, e, c);
	classify = wants_classes(req, e);
	c->soft = soft;
	/* without classes and rules, only the indicators' inputs are read */
	c->inputs_only = !classify;
	if (rec != NULL)
		ok = ct_model_read_record(c, rec);
	else if (doc != NULL)
		ok = ct_model_read_jsonb(c, doc);
	else
		ok = ct_model_read_columns(c, req->in_typid, req->in_values, req->in_nulls);
	c->inputs_only = false;
	if (unlikely(!ok))
		return build_error_row(fcinfo, e, c);
	eval_remedy_slots(e, c);
	/* classifications and rules may read the dimension tiers */
	c->m.skip_dim_tiers = !classify && !EV_WANT(req, e, EV_DIM_TIERS);
	ct_model_eval_row_ex(c, &r, classify);
	c->m.skip_dim_tiers = false;
	return build_evaluation(fcinfo, e, c, &r);
}

Datum
ct_evaluate_cached(FunctionCallInfo fcinfo, ModelCache *c, HeapTupleHeader rec, bool soft)
{
	return evaluate_customer(fcinfo, c, rec, NULL, soft);
}

bool
ct_model_read_customer(FunctionCallInfo fcinfo, ModelCache *c, int argno)
{
	CtEvalSlot *req = slot_request(fcinfo);

	if (req != NULL && req->in_values != NULL)
		return ct_model_read_columns(c, req->in_typid, req->in_values, req->in_nulls);
	return ct_model_read_record(c, PG_GETARG_HEAPTUPLEHEADER(argno));
}

HeapTupleHeader
ct_evaluate_record_arg(FunctionCallInfo fcinfo, int argno)
{
	CtEvalSlot *req = slot_request(fcinfo);

	if (req != NULL && req->in_values != NULL)
		return NULL;
	return PG_GETARG_HEAPTUPLEHEADER(argno);
}

/* evaluate(model text, customer record, on_error text) */
Datum
ct_evaluate_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(evaluate_record(fcinfo, 0, ct_evaluate_record_arg(fcinfo, 1), 2));
}

/* evaluate(model text, version int, customer record, on_error text) */
Datum
ct_evaluate_version_sql(PG_FUNCTION_ARGS)
{
	int32		version = PG_GETARG_INT32(1);

	if (version < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("version must be positive"),
				 errdetail("Got %d.", version)));
	PG_RETURN_DATUM(evaluate_record(fcinfo, version, ct_evaluate_record_arg(fcinfo, 2), 3));
}

static Datum
evaluate_jsonb(FunctionCallInfo fcinfo, bool snapshot)
{
	bool		soft = on_error_null(fcinfo, eval_extra(fcinfo), 2);

	return evaluate_customer(fcinfo, ct_model_cache_arg(fcinfo, snapshot, true), NULL,
							 PG_GETARG_JSONB_P(1), soft);
}

/* evaluate(model text, customer jsonb, on_error text) */
Datum
ct_evaluate_jsonb_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(evaluate_jsonb(fcinfo, false));
}

/* evaluate(snapshot model_snapshot, customer jsonb, on_error text) */
Datum
ct_evaluate_snapshot_jsonb_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(evaluate_jsonb(fcinfo, true));
}

/* The fired rules of one evaluated customer, one row each. */
static void
explain_strategies_rows(FunctionCallInfo fcinfo, EvalRules *e, ModelCache *c)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ct_result	r;
	int			nf;

	ct_model_eval_row(c, &r);
	nf = apply_rules(e, c);
	for (int i = 0; i < nf; i++)
	{
		const ct_pg_rule *rule = &c->rs->rules[e->fired[i]];
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
 * explain_strategies(model text | snapshot model_snapshot, customer record |
 * jsonb): the rules that fired for one customer, in priority order, exactly
 * as evaluate() applies them.
 */
static Datum
explain_strategies(FunctionCallInfo fcinfo, bool snapshot, bool json)
{
	EvalRules  *e = eval_extra(fcinfo);
	ModelCache *c = ct_model_cache_arg(fcinfo, snapshot, true);

	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	/*
	 * Called once per customer: the executor's expected row type, when it
	 * gives one, instead of building the result type from the catalogue on
	 * every call.
	 */
	InitMaterializedSRF(fcinfo, rsinfo != NULL && IsA(rsinfo, ReturnSetInfo) &&
						rsinfo->expectedDesc != NULL ? MAT_SRF_USE_EXPECTED_DESC : 0);
	eval_rules(fcinfo, e, c);
	if (json)
		ct_model_read_jsonb(c, PG_GETARG_JSONB_P(1));
	else
		ct_model_read_record(c, PG_GETARG_HEAPTUPLEHEADER(1));
	explain_strategies_rows(fcinfo, e, c);
	return (Datum) 0;
}

Datum
ct_explain_strategies_sql(PG_FUNCTION_ARGS)
{
	return explain_strategies(fcinfo, false, false);
}

Datum
ct_explain_strategies_jsonb_sql(PG_FUNCTION_ARGS)
{
	return explain_strategies(fcinfo, false, true);
}

Datum
ct_explain_strategies_snapshot_sql(PG_FUNCTION_ARGS)
{
	return explain_strategies(fcinfo, true, false);
}

Datum
ct_explain_strategies_snapshot_jsonb_sql(PG_FUNCTION_ARGS)
{
	return explain_strategies(fcinfo, true, true);
}
