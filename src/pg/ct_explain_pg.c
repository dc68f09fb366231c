/*
 * ct_explain_pg.c
 *		explain(model, customer): one row per indicator with its
 *		contribution to the score the customer got, and explain_json(model,
 *		customer): the whole decision as one jsonb document (score, tier and
 *		band, each method's raw value and percentile and how they combine,
 *		indicators, dimensions, the classification conditions that fired
 *		and the values they read, the rules that fired).  The arithmetic is
 *		the core's (src/core/ct_explain.c); the document's shape is in
 *		doc/explain.md.  Each has a snapshot form (first argument a
 *		complaint_tier.model_snapshot, doc/scale-out.md) that differs only in
 *		where the compiled model comes from (ct_model_cache_arg).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"

#include "ct_eval_pg.h"
#include "ct_explain.h"
#include "ct_model_pg.h"
#include "ct_pg.h"
#include "ct_rule_pg.h"
#include "ct_scale_pg.h"

PG_FUNCTION_INFO_V1(ct_explain_sql);
PG_FUNCTION_INFO_V1(ct_explain_jsonb_sql);
PG_FUNCTION_INFO_V1(ct_explain_json_sql);
PG_FUNCTION_INFO_V1(ct_explain_json_jsonb_sql);
PG_FUNCTION_INFO_V1(ct_explain_snapshot_sql);
PG_FUNCTION_INFO_V1(ct_explain_snapshot_jsonb_sql);
PG_FUNCTION_INFO_V1(ct_explain_json_snapshot_sql);
PG_FUNCTION_INFO_V1(ct_explain_json_snapshot_jsonb_sql);

/* Evaluate the customer just read and decompose its score. */
static void
explain_row(ModelCache *c, ct_result *r, ct_explanation *x)
{
	ct_error	err;
	double	   *buf = palloc(sizeof(double) * ct_explain_doubles(&c->m));

	ct_model_eval_row(c, r);
	if (ct_explain(&c->m, c->v, r, buf, x, &err) != CT_OK)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("customer%s: explanation of model \"%s\" version %d failed: %s",
						ct_model_key_text(c), c->model_name, c->version, err.message)));
}

static Datum
float8_array(const double *d, int n)
{
	Datum	   *e = palloc(sizeof(Datum) * Max(n, 1));

	for (int i = 0; i < n; i++)
		e[i] = Float8GetDatum(d[i]);
	return PointerGetDatum(construct_array(e, n, FLOAT8OID, sizeof(float8),
										   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

static Datum
method_names(const ct_model *m)
{
	Datum		e[CT_NMETHODS];

	for (int k = 0; k < m->n_methods; k++)
		e[k] = CStringGetTextDatum(ct_method_names[m->methods[k]]);
	return PointerGetDatum(construct_array(e, m->n_methods, TEXTOID, -1, false,
										   TYPALIGN_INT));
}

/* The text of an indicator's input as given: the column's output or the JSON value. */
static Datum
raw_text(ModelCache *c, int j, bool *isnull)
{
	const ct_indicator *ind = &c->m.ind[j];

	*isnull = c->slots[ind->slot].isnull;
	if (*isnull)
		return (Datum) 0;
	if (c->typid == JSONBOID)
	{
		JsonbValue	buf;
		const JsonbValue *v = getKeyJsonValueFromContainer(&c->key_doc->root, ind->column,
														   strlen(ind->column), &buf);

		if (v->type == jbvString)
			return PointerGetDatum(cstring_to_text_with_len(v->val.string.val, v->val.string.len));
		if (v->type == jbvNumeric)
			return CStringGetTextDatum(DatumGetCString(DirectFunctionCall1(numeric_out,
																		   NumericGetDatum(v->val.numeric))));
		return CStringGetTextDatum(v->val.boolean ? "true" : "false");
	}
	{
		int			a = c->attno[ind->slot];
		Oid			out;
		bool		isvarlena;

		getTypeOutputInfo(TupleDescAttr(c->tupdesc, a)->atttypid, &out, &isvarlena);
		return CStringGetTextDatum(OidOutputFunctionCall(out, c->values[a]));
	}
}

/* One row per indicator of the customer just read. */
static void
explain_rows(FunctionCallInfo fcinfo, ModelCache *c)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const ct_model *m = &c->m;
	ct_result	r;
	ct_explanation x;
	Datum		methods;

	explain_row(c, &r, &x);
	methods = method_names(m);
	for (int j = 0; j < m->n_ind; j++)
	{
		const ct_indicator *ind = &m->ind[j];
		Datum		values[15];
		bool		nulls[15] = {0};
		double		part[CT_NMETHODS];
		double		via[CT_NMETHODS];

		for (int k = 0; k < m->n_methods; k++)
		{
			part[k] = x.method_part[(size_t) k * m->n_ind + j];
			via[k] = x.via_method[(size_t) k * m->n_ind + j];
		}
		values[0] = Int32GetDatum(j + 1);
		values[1] = CStringGetTextDatum(c->ind_name[j]);
		values[2] = CStringGetTextDatum(c->dim_name[ind->dimension]);
		values[3] = CStringGetTextDatum(c->ind_column[j]);
		values[4] = raw_text(c, j, &nulls[4]);
		values[5] = Float8GetDatum(c->v[j]);
		values[6] = BoolGetDatum(c->imputed[j]);
		values[7] = Float8GetDatum(ind->weight);
		values[8] = Float8GetDatum(m->dim_weight[ind->dimension]);
		values[9] = Float8GetDatum(ind->global_weight);
		values[10] = Float8GetDatum(x.dim_part[j]);
		values[11] = Float8GetDatum(x.contribution[j]);
		values[12] = methods;
		values[13] = float8_array(part, m->n_methods);
		values[14] = float8_array(via, m->n_methods);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/* Read the customer (argument 1: a record, or a jsonb object). */
static void
read_customer(FunctionCallInfo fcinfo, ModelCache *c, bool json)
{
	if (json)
		ct_model_read_jsonb(c, PG_GETARG_JSONB_P(1));
	else
		ct_model_read_record(c, PG_GETARG_HEAPTUPLEHEADER(1));
}

static Datum
explain_srf(FunctionCallInfo fcinfo, bool snapshot, bool json)
{
	ModelCache *c = ct_model_cache_arg(fcinfo, snapshot, false);

	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	/*
	 * Called once per customer: the executor's expected row type, when it
	 * gives one, instead of building the result type from the catalogue on
	 * every call.
	 */
	InitMaterializedSRF(fcinfo, rsinfo != NULL && IsA(rsinfo, ReturnSetInfo) &&
						rsinfo->expectedDesc != NULL ? MAT_SRF_USE_EXPECTED_DESC : 0);
	read_customer(fcinfo, c, json);
	explain_rows(fcinfo, c);
	return (Datum) 0;
}

/* explain(model text, customer record) */
Datum
ct_explain_sql(PG_FUNCTION_ARGS)
{
	return explain_srf(fcinfo, false, false);
}

/* explain(model text, customer jsonb) */
Datum
ct_explain_jsonb_sql(PG_FUNCTION_ARGS)
{
	return explain_srf(fcinfo, false, true);
}

/* explain(snapshot model_snapshot, customer record) */
Datum
ct_explain_snapshot_sql(PG_FUNCTION_ARGS)
{
	return explain_srf(fcinfo, true, false);
}

/* explain(snapshot model_snapshot, customer jsonb) */
Datum
ct_explain_snapshot_jsonb_sql(PG_FUNCTION_ARGS)
{
	return explain_srf(fcinfo, true, true);
}

/* ---- the document --------------------------------------------------------- */

/*
 * A JSON text writer: keys and values separated as they are written; the
 * text is parsed into jsonb at the end.
 */
typedef struct JW
{
	StringInfoData s;
	bool		comma;			/* the next key or value needs a comma */
} JW;

static void
jw_sep(JW *w)
{
	if (w->comma)
		appendStringInfoChar(&w->s, ',');
	w->comma = false;
}

static void
jw_key(JW *w, const char *key)
{
	jw_sep(w);
	escape_json(&w->s, key);
	appendStringInfoChar(&w->s, ':');
}

/* before a value: its key in an object, the separator in an array (NULL) */
static void
jw_at(JW *w, const char *key)
{
	if (key != NULL)
		jw_key(w, key);
	else
		jw_sep(w);
}

static void
jw_open(JW *w, const char *key, char bracket)
{
	jw_at(w, key);
	appendStringInfoChar(&w->s, bracket);
}

static void
jw_close(JW *w, char bracket)
{
	appendStringInfoChar(&w->s, bracket);
	w->comma = true;
}

static void
jw_null(JW *w, const char *key)
{
	jw_at(w, key);
	appendStringInfoString(&w->s, "null");
	w->comma = true;
}

/* a number, shortest exact; NaN and Infinity (not JSON numbers) as strings */
static void
jw_num(JW *w, const char *key, double d)
{
	char		buf[DOUBLE_SHORTEST_DECIMAL_LEN];

	jw_at(w, key);
	double_to_shortest_decimal_buf(d, buf);
	if (isnan(d) || isinf(d))
		escape_json(&w->s, buf);
	else
		appendStringInfoString(&w->s, buf);
	w->comma = true;
}

/* a number, or null when NaN (a dimension without indicators) */
static void
jw_num_or_null(JW *w, const char *key, double d)
{
	if (isnan(d))
		jw_null(w, key);
	else
		jw_num(w, key, d);
}

static void
jw_int(JW *w, const char *key, int64 i)
{
	jw_at(w, key);
	appendStringInfo(&w->s, INT64_FORMAT, i);
	w->comma = true;
}

static void
jw_bool(JW *w, const char *key, bool b)
{
	jw_at(w, key);
	appendStringInfoString(&w->s, b ? "true" : "false");
	w->comma = true;
}

static void
jw_strn(JW *w, const char *key, const char *str, size_t len)
{
	jw_at(w, key);
	escape_json(&w->s, pnstrdup(str, len));
	w->comma = true;
}

static void
jw_str(JW *w, const char *key, const char *str)
{
	jw_strn(w, key, str, strlen(str));
}

/* a variable's value for this customer, typed as the rule language reads it */
static void
jw_slot(JW *w, const char *key, const ct_var *var, const ct_rule_value *v)
{
	if (v->isnull)
		jw_null(w, key);
	else if (var->type == CT_RULE_NUMBER)
		jw_num(w, key, v->num);
	else if (var->type == CT_RULE_BOOL)
		jw_bool(w, key, v->b);
	else
		jw_strn(w, key, v->str, v->len);
}

/* {"<variable>": value, ...} of every slot one of the programs reads */
static void
jw_reads(JW *w, ModelCache *c, const ct_rule_program *const *progs, int n)
{
	jw_open(w, "reads", '{');
	for (int s = 0; s < c->vars.n; s++)
		for (int i = 0; i < n; i++)
			if (ct_rule_reads_slot(progs[i], s))
			{
				jw_slot(w, c->vars.vars[s].name, &c->vars.vars[s], &c->slots[s]);
				break;
			}
	jw_close(w, '}');
}

/*
 * "band": the band [lower, upper) of tier t among n labels and their n - 1
 * cut points (NULL bounds at the ends)
 */
static void
jw_band(JW *w, const double *cuts, const char *const *labels, int n, int t)
{
	jw_open(w, "band", '{');
	if (t > 0)
		jw_num(w, "lower", cuts[t - 1]);
	else
		jw_null(w, "lower");
	if (t < n - 1)
		jw_num(w, "upper", cuts[t]);
	else
		jw_null(w, "upper");
	jw_open(w, "cuts", '[');
	for (int i = 0; i < n - 1; i++)
		jw_num(w, NULL, cuts[i]);
	jw_close(w, ']');
	jw_open(w, "tiers", '[');
	for (int i = 0; i < n; i++)
		jw_str(w, NULL, labels[i]);
	jw_close(w, ']');
	jw_close(w, '}');
}

/* "customer": {"<key>": value} (the model's key column), null without a key */
static void
jw_customer(JW *w, ModelCache *c)
{
	if (c->key == NULL)
	{
		jw_null(w, "customer");
		return;
	}
	jw_open(w, "customer", '{');
	if (c->typid == JSONBOID)
	{
		JsonbValue	buf;
		const JsonbValue *j = getKeyJsonValueFromContainer(&c->key_doc->root, c->key,
														   strlen(c->key), &buf);

		if (j == NULL || j->type == jbvNull)
			jw_null(w, c->key);
		else if (j->type == jbvNumeric)
		{
			jw_key(w, c->key);
			appendStringInfoString(&w->s, DatumGetCString(DirectFunctionCall1(numeric_out,
																			  NumericGetDatum(j->val.numeric))));
			w->comma = true;
		}
		else if (j->type == jbvString)
			jw_strn(w, c->key, j->val.string.val, j->val.string.len);
		else if (j->type == jbvBool)
			jw_bool(w, c->key, j->val.boolean);
		else
			jw_null(w, c->key);
	}
	else if (c->key_attno < 0 || c->key_isnull)
		jw_null(w, c->key);
	else
	{
		Oid			t = getBaseType(TupleDescAttr(c->tupdesc, c->key_attno)->atttypid);
		Oid			out;
		bool		isvarlena;
		char	   *s;

		getTypeOutputInfo(TupleDescAttr(c->tupdesc, c->key_attno)->atttypid, &out, &isvarlena);
		s = OidOutputFunctionCall(out, c->key_value);
		/* integers as JSON numbers, anything else as its text */
		if (t == INT2OID || t == INT4OID || t == INT8OID)
		{
			jw_key(w, c->key);
			appendStringInfoString(&w->s, s);
			w->comma = true;
		}
		else
			jw_str(w, c->key, s);
	}
	jw_close(w, '}');
}

static const char *
result_word(ct_rule_result res)
{
	return res == CT_RULE_TRUE ? "true" : res == CT_RULE_FALSE ? "false" : "unknown";
}

/*
 * Method dea: the customer's own optimal weights and pie shares per
 * weighted indicator, and the frontier points whose constraints bind (dual
 * value lambda > 0): sum lambda_k y_k dominates the customer's values.
 */
static void
jw_dea(JW *w, ModelCache *c)
{
	ct_model   *m = &c->m;
	double	   *wt = palloc(sizeof(double) * m->n_active);
	double	   *lambda = palloc(sizeof(double) * Max(m->dea_f, 1));
	double		score;
	ct_error	err;

	if (ct_model_dea_score(m, &score, wt, lambda, &err) != CT_OK || isnan(score))
		return;
	jw_num(w, "max_share", m->dea_max_share);
	jw_open(w, "weights", '[');
	for (int a = 0; a < m->n_active; a++)
	{
		jw_open(w, NULL, '{');
		jw_str(w, "indicator", c->ind_name[m->active[a]]);
		jw_num(w, "weight", wt[a]);
		jw_num(w, "share", score > 0.0 ? wt[a] * m->v_active[a] / score : 0.0);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_open(w, "peers", '[');
	for (int k = 0; k < m->dea_f; k++)
		if (lambda[k] > 0.0)
		{
			jw_open(w, NULL, '{');
			jw_int(w, "frontier_point", k + 1);
			jw_num(w, "lambda", lambda[k]);
			jw_open(w, "values", '[');
			for (int a = 0; a < m->n_active; a++)
				jw_num(w, NULL, m->dea_frontier[(size_t) k * m->n_active + a]);
			jw_close(w, ']');
			jw_close(w, '}');
		}
	jw_close(w, ']');
}

static void
jw_methods(JW *w, ModelCache *c, const ct_result *r, const ct_explanation *x)
{
	const ct_model *m = &c->m;

	jw_open(w, "methods", '[');
	for (int k = 0; k < m->n_methods; k++)
	{
		jw_open(w, NULL, '{');
		jw_str(w, "method", ct_method_names[m->methods[k]]);
		jw_num(w, "raw", r->method_score[k]);
		jw_num(w, "percentile", r->percentile[k]);
		jw_num(w, "weight", m->combine < 0 ? 1.0 / m->n_methods : (k == m->combine ? 1.0 : 0.0));
		jw_num(w, "score_part", x->score_part[k]);
		if (m->methods[k] == CT_M_VIKOR)
		{
			jw_num(w, "s", r->vikor_s);
			jw_num(w, "r", r->vikor_r);
			jw_num(w, "q", 1.0 - r->method_score[k]);
		}
		if (m->methods[k] == CT_M_DEA)
			jw_dea(w, c);
		if (m->methods[k] == CT_M_PRIORITY)
		{
			double	   *p = palloc(sizeof(double) * m->n_ind);

			(void) ct_model_priority(m, c->v, p);
			jw_open(w, "percentiles", '[');
			for (int j = 0; j < m->n_ind; j++)
			{
				jw_open(w, NULL, '{');
				jw_str(w, "indicator", c->ind_name[j]);
				jw_num(w, "percentile", p[j]);
				jw_num(w, "weight", m->ind[j].global_weight);
				jw_close(w, '}');
			}
			jw_close(w, ']');
		}
		if (m->methods[k] == CT_M_POSSIBILITY)
		{
			/* the degrees (the normalised values) and the vetoes among them */
			jw_open(w, "degrees", '[');
			for (int j = 0; j < m->n_ind; j++)
			{
				jw_open(w, NULL, '{');
				jw_str(w, "indicator", c->ind_name[j]);
				jw_num(w, "degree", c->v[j]);
				jw_num(w, "weight", m->ind[j].global_weight);
				jw_bool(w, "veto", m->ind[j].global_weight > 0.0 && c->v[j] <= 0.0);
				jw_close(w, '}');
			}
			jw_close(w, ']');
		}
		jw_str(w, "attribution", ct_explain_attribution(m, k));
		jw_bool(w, "attribution_by_weights", x->fallback[k]);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void
jw_combination(JW *w, ModelCache *c, const ct_result *r)
{
	const ct_model *m = &c->m;
	StringInfoData s;

	initStringInfo(&s);
	if (m->combine < 0)
	{
		appendStringInfo(&s, "score = mean of the %d method percentile%s = (", m->n_methods,
						 m->n_methods == 1 ? "" : "s");
		for (int k = 0; k < m->n_methods; k++)
			appendStringInfo(&s, "%s%.4f", k ? " + " : "", r->percentile[k]);
		appendStringInfo(&s, ") / %d = %.4f", m->n_methods, r->score);
	}
	else
		appendStringInfo(&s, "score = raw %s score %.4f clamped to [0, 1] = %.4f",
						 ct_method_names[m->methods[m->combine]],
						 r->method_score[m->combine], r->score);
	jw_str(w, "combination", s.data);
}

static void
jw_indicators(JW *w, ModelCache *c, const ct_explanation *x)
{
	const ct_model *m = &c->m;

	jw_open(w, "indicators", '[');
	for (int j = 0; j < m->n_ind; j++)
	{
		const ct_indicator *ind = &m->ind[j];

		jw_open(w, NULL, '{');
		jw_int(w, "ordinal", j + 1);
		jw_str(w, "indicator", c->ind_name[j]);
		jw_str(w, "dimension", c->dim_name[ind->dimension]);
		jw_str(w, "column", c->ind_column[j]);
		jw_slot(w, "raw", &c->vars.vars[ind->slot], &c->slots[ind->slot]);
		jw_num(w, "normalised", c->v[j]);
		jw_bool(w, "imputed", c->imputed[j]);
		jw_num(w, "weight", ind->weight);
		jw_num(w, "global_weight", ind->global_weight);
		jw_num(w, "contribution_to_dimension", x->dim_part[j]);
		jw_num(w, "contribution", x->contribution[j]);
		jw_open(w, "methods", '[');
		for (int k = 0; k < m->n_methods; k++)
		{
			size_t		i = (size_t) k * m->n_ind + j;

			jw_open(w, NULL, '{');
			jw_str(w, "method", ct_method_names[m->methods[k]]);
			jw_num(w, "share", x->share[i]);
			jw_num(w, "raw_part", x->method_part[i]);
			jw_num(w, "score_part", x->via_method[i]);
			jw_close(w, '}');
		}
		jw_close(w, ']');
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void
jw_dimensions(JW *w, ModelCache *c, const ct_result *r, const ct_explanation *x)
{
	const ct_model *m = &c->m;

	jw_open(w, "dimensions", '[');
	for (int d = 0; d < m->n_dim; d++)
	{
		jw_open(w, NULL, '{');
		jw_str(w, "dimension", c->dim_name[d]);
		jw_num(w, "weight", m->dim_weight[d]);
		jw_num_or_null(w, "score", r->dim_score[d]);
		if (r->dim_tier[d] >= 0)
		{
			jw_str(w, "tier", m->dim_tier_label[d][r->dim_tier[d]]);
			jw_band(w, m->dim_tier_cuts[d], m->dim_tier_label[d], m->dim_tiers[d], r->dim_tier[d]);
		}
		else
			jw_null(w, "tier");
		if (m->dim_present[d])
			jw_num(w, "contribution", x->dim_contribution[d]);
		else
			jw_null(w, "contribution");
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void
jw_classifications(JW *w, ModelCache *c)
{
	const ct_model *m = &c->m;

	jw_open(w, "classifications", '[');
	for (int ci = 0; ci < m->n_class; ci++)
	{
		const ct_classification *cl = &m->classes[ci];
		ct_rule_result trace[CT_MAX_GRADES];
		const ct_rule_program *progs[CT_MAX_GRADES];
		int			n_eval;
		int			label = ct_model_class_label(m, ci, c->slots, c->vars.n, trace, &n_eval);

		jw_open(w, NULL, '{');
		jw_str(w, "classification", cl->name);
		if (label >= 0)
		{
			jw_str(w, "label", cl->labels[label]);
			jw_str(w, "condition", cl->conditions[label]);
			jw_str(w, "why", "the first condition that holds");
		}
		else
		{
			jw_null(w, "label");
			jw_null(w, "condition");
			jw_str(w, "why", label == CT_CLASS_UNKNOWN ?
				   "every input its conditions read is NULL" : "no condition holds");
		}
		jw_open(w, "tried", '[');
		for (int l = 0; l < n_eval; l++)
		{
			jw_open(w, NULL, '{');
			jw_str(w, "label", cl->labels[l]);
			jw_str(w, "condition", cl->conditions[l]);
			jw_str(w, "result", result_word(trace[l]));
			jw_close(w, '}');
		}
		jw_close(w, ']');
		/* the values the conditions evaluated read (all of them when none was) */
		for (int l = 0; l < cl->n_labels; l++)
			progs[l] = &cl->progs[l];
		jw_reads(w, c, progs, n_eval > 0 ? n_eval : cl->n_labels);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

/* The fired rules, the ones whose condition holds but gave nothing, the limits. */
static void
jw_rules(JW *w, ModelCache *c, EvalRules *e)
{
	const ct_pg_ruleset *rs = c->rs;
	const int  *fired;
	int			nf = ct_eval_rules_apply(e, c, &fired);
	bool	   *given = palloc0(sizeof(bool) * Max(rs->n, 1));
	bool		vulnerable = rs->vulnerable_slot >= 0 && !c->slots[rs->vulnerable_slot].isnull &&
		c->slots[rs->vulnerable_slot].b;
	bool		porting = rs->porting_slot >= 0 && !c->slots[rs->porting_slot].isnull &&
		c->slots[rs->porting_slot].b;
	ct_rule_value stack[CT_RULE_STACK_MAX];
	int32		routing;
	double		ceiling;
	bool		has_ceiling;

	jw_open(w, "strategies", '[');
	for (int i = 0; i < nf; i++)
		jw_str(w, NULL, rs->rules[fired[i]].strategy);
	jw_close(w, ']');
	ct_eval_rules_limits(c, fired, nf, &routing, &ceiling, &has_ceiling);
	if (routing > 0)
		jw_int(w, "routing_priority", routing);
	else
		jw_null(w, "routing_priority");
	if (has_ceiling)
		jw_num(w, "refund_ceiling", ceiling);
	else
		jw_null(w, "refund_ceiling");

	jw_open(w, "rules", '[');
	for (int i = 0; i < nf; i++)
	{
		const ct_pg_rule *rule = &rs->rules[fired[i]];
		const ct_rule_program *prog = rule->prog;

		given[fired[i]] = true;
		jw_open(w, NULL, '{');
		jw_str(w, "rule", rule->id);
		jw_int(w, "version", rule->version);
		jw_int(w, "priority", rule->priority);
		jw_str(w, "strategy", rule->strategy);
		jw_str(w, "title", rule->title);
		jw_str(w, "condition", rule->condition);
		jw_reads(w, c, &prog, 1);
		jw_str(w, "reason", TextDatumGetCString(ct_eval_rules_reason(e, c, fired[i])));
		if (rule->routing_priority > 0)
			jw_int(w, "routing_priority", rule->routing_priority);
		else
			jw_null(w, "routing_priority");
		if (rule->has_refund_ceiling)
			jw_num(w, "refund_ceiling", rule->refund_ceiling);
		else
			jw_null(w, "refund_ceiling");
		jw_bool(w, "approval_required", rule->approval_required);
		jw_close(w, '}');
	}
	jw_close(w, ']');

	/* conditions that hold without giving their strategy, and why */
	jw_open(w, "withheld", '[');
	for (int i = 0; i < rs->n; i++)
	{
		const ct_pg_rule *rule = &rs->rules[i];
		const ct_rule_program *prog = rule->prog;
		ct_rule_result res;

		if (given[i])
			continue;
		res = ct_rule_eval(prog, c->slots, c->vars.n, stack, CT_RULE_STACK_MAX);
		if (res == CT_RULE_ERROR)
			elog(ERROR, "complaint_tier: evaluation of rule \"%s\" failed", rule->id);
		if (res != CT_RULE_TRUE)
			continue;
		jw_open(w, NULL, '{');
		jw_str(w, "rule", rule->id);
		jw_int(w, "version", rule->version);
		jw_str(w, "strategy", rule->strategy);
		jw_str(w, "condition", rule->condition);
		jw_reads(w, c, &prog, 1);
		if (rule->suspension_type && vulnerable)
			jw_str(w, "why", "a suspension-type strategy is not given to a vulnerable customer");
		else if (rule->offer && porting)
			jw_str(w, "why", "an offer is not given after a porting request");
		else
		{
			const char *by = "";

			for (int f = 0; f < nf; f++)
				if (rs->rules[fired[f]].strategy_key == rule->strategy_key)
					by = rs->rules[fired[f]].id;
			jw_str(w, "why", psprintf("strategy %s is already given by rule %s", rule->strategy, by));
		}
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static Datum
explain_document(ModelCache *c, EvalRules *e)
{
	const ct_model *m = &c->m;
	ct_result	r;
	ct_explanation x;
	JW			w;

	explain_row(c, &r, &x);
	initStringInfo(&w.s);
	w.comma = false;
	jw_open(&w, NULL, '{');
	jw_str(&w, "model", c->model_name);
	jw_int(&w, "version", c->version);
	jw_customer(&w, c);
	/* the answer first: score, tier and its band */
	jw_num(&w, "score", r.score);
	jw_str(&w, "tier", m->tier_label[r.tier]);
	jw_band(&w, m->tier_cuts, m->tier_label, m->n_tiers, r.tier);
	/* how the score was made: methods, percentiles, combination */
	jw_str(&w, "combine", m->combine < 0 ? "mean_percentile" : ct_method_names[m->methods[m->combine]]);
	jw_combination(&w, c, &r);
	jw_methods(&w, c, &r, &x);
	if (r.segment >= 0)
	{
		jw_int(&w, "segment", r.segment + 1);
		jw_num(&w, "segment_membership", r.segment_membership);
		jw_open(&w, "segment_memberships", '[');
		for (int g = 0; g < m->seg_k; g++)
			jw_num(&w, NULL, m->seg_u[g]);
		jw_close(&w, ']');
	}
	/* what made it: indicators, dimensions */
	jw_indicators(&w, c, &x);
	jw_dimensions(&w, c, &r, &x);
	/* and what follows: classifications, rules, strategies */
	jw_classifications(&w, c);
	jw_rules(&w, c, e);
	jw_close(&w, '}');
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(w.s.data));
}

static Datum
explain_json(FunctionCallInfo fcinfo, bool snapshot, bool json)
{
	ModelCache *c = ct_model_cache_arg(fcinfo, snapshot, true);
	EvalRules  *e = ct_eval_rules_prepare(fcinfo, c);

	read_customer(fcinfo, c, json);
	ct_eval_rules_bound(e, c);
	return explain_document(c, e);
}

/* explain_json(model text, customer record) */
Datum
ct_explain_json_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(explain_json(fcinfo, false, false));
}

/* explain_json(model text, customer jsonb) */
Datum
ct_explain_json_jsonb_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(explain_json(fcinfo, false, true));
}

/* explain_json(snapshot model_snapshot, customer record) */
Datum
ct_explain_json_snapshot_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(explain_json(fcinfo, true, false));
}

/* explain_json(snapshot model_snapshot, customer jsonb) */
Datum
ct_explain_json_snapshot_jsonb_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(explain_json(fcinfo, true, true));
}
