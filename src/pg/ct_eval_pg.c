/*
 * ct_eval_pg.c
 *		evaluate(model, customer) and explain(model, customer), and the
 *		internal per-row helpers fit() calls so that fitting and evaluation
 *		share one implementation: _normalised, _fit_scores, _combine and
 *		_percentile.
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

#include "ct_model_pg.h"
#include "ct_pg.h"

PG_FUNCTION_INFO_V1(ct_evaluate_sql);
PG_FUNCTION_INFO_V1(ct_evaluate_version_sql);
PG_FUNCTION_INFO_V1(ct_evaluate_jsonb_sql);
PG_FUNCTION_INFO_V1(ct_explain_sql);
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

static Datum
build_evaluation(FunctionCallInfo fcinfo, ModelCache *c, ct_class_input *cls,
				 ct_result *r)
{
	Datum		values[EV_NATTS];
	bool		nulls[EV_NATTS];
	HeapTuple	tuple;
	int			stage,
				grade;

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
	values[EV_CLASS] = c->class_label[ct_model_behaviour(&c->m, cls)];
	/* filled by the strategy rules (doc/model.md) */
	for (int i = EV_STRATEGIES; i <= EV_CEILING; i++)
	{
		nulls[i] = true;
		values[i] = (Datum) 0;
	}
	tuple = heap_form_tuple(c->result_desc, values, nulls);
	return HeapTupleGetDatum(tuple);
}

/* evaluate(model text, customer record) */
Datum
ct_evaluate_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache(fcinfo, PG_GETARG_TEXT_PP(0), 0, false);
	ct_class_input cls;
	ct_result	r;

	ct_model_read_record(c, PG_GETARG_HEAPTUPLEHEADER(1), &cls);
	evaluate_one(c, &cls, &r);
	PG_RETURN_DATUM(build_evaluation(fcinfo, c, &cls, &r));
}

/* evaluate(model text, version int, customer record) */
Datum
ct_evaluate_version_sql(PG_FUNCTION_ARGS)
{
	int32		version = PG_GETARG_INT32(1);
	ModelCache *c;
	ct_class_input cls;
	ct_result	r;

	if (version < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("version must be positive"),
				 errdetail("Got %d.", version)));
	c = ct_model_cache(fcinfo, PG_GETARG_TEXT_PP(0), version, false);
	ct_model_read_record(c, PG_GETARG_HEAPTUPLEHEADER(2), &cls);
	evaluate_one(c, &cls, &r);
	PG_RETURN_DATUM(build_evaluation(fcinfo, c, &cls, &r));
}

/* evaluate(model text, customer jsonb) */
Datum
ct_evaluate_jsonb_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache(fcinfo, PG_GETARG_TEXT_PP(0), 0, false);
	ct_class_input cls;
	ct_result	r;

	ct_model_read_jsonb(c, PG_GETARG_JSONB_P(1), &cls);
	evaluate_one(c, &cls, &r);
	PG_RETURN_DATUM(build_evaluation(fcinfo, c, &cls, &r));
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
