/*
 * ct_fit_rows_pg.c
 *		The internal per-row helpers fit() calls with the version being
 *		fitted passed by value, so that fitting and evaluation share one
 *		implementation (the model cache and evaluator of ct_model_pg.c and
 *		ct_eval_pg.c): _normalised, _fit_scores, _combine and _percentile,
 *		with the progress NOTICEs of long scans; _level_position for the
 *		first scan.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "access/parallel.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "ct_eval_pg.h"
#include "ct_mcdm.h"
#include "ct_model_pg.h"
#include "ct_pg.h"
#include "ct_sketch_pg.h"

PG_FUNCTION_INFO_V1(ct_normalised_sql);
PG_FUNCTION_INFO_V1(ct_fit_scores_sql);
PG_FUNCTION_INFO_V1(ct_fit_final_sql);
PG_FUNCTION_INFO_V1(ct_fit_method_scores_sql);
PG_FUNCTION_INFO_V1(ct_fit_vikor_sr_sql);
PG_FUNCTION_INFO_V1(ct_percentile_sql);
PG_FUNCTION_INFO_V1(ct_combine_sql);
PG_FUNCTION_INFO_V1(ct_level_position_sql);

/*
 * Progress of fit's long scans: the per-row helpers count their rows and,
 * at most every 10 seconds (the clock is read every 16,384 rows), report
 * the phase and the rows read so far by this process (in a parallel scan
 * every worker reports its own share).
 */
typedef struct FitProgress
{
	int64		rows;
	TimestampTz last;
	void	   *sorted;			/* _fit_final: the method sketch, sorted */
} FitProgress;

static FitProgress *
fit_progress(FunctionCallInfo fcinfo, ModelCache *c, const char *phase)
{
	void	  **slot = ct_model_cache_extra(fcinfo);
	FitProgress *p = (FitProgress *) *slot;

	if (p == NULL)
	{
		p = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(FitProgress));
		p->last = GetCurrentTimestamp();
		*slot = p;
	}
	if ((++p->rows & 16383) == 0)
	{
		TimestampTz now = GetCurrentTimestamp();

		if (TimestampDifferenceExceeds(p->last, now, 10000))
		{
			ereport(NOTICE,
					(errmsg("fit %s: %s, " INT64_FORMAT " rows read so far%s",
							c->model_name, phase, p->rows,
							IsParallelWorker() ? " by this parallel worker" : "")));
			p->last = now;
		}
	}
	return p;
}

/*
 * _normalised(version model_version, customer record): the normalised
 * indicator values of one row for the version being fitted (passed by
 * value), NULL where the input is NULL.
 */
Datum
ct_normalised_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache_byvalue(fcinfo, PG_GETARG_HEAPTUPLEHEADER(0));

	fit_progress(fcinfo, c, "scan 2 of 3 (statistics of the normalised indicators)");
	ct_model_read_customer(fcinfo, c, 1);
	return ct_fit_normalised_result(c);
}

/* The normalised values of the row just read into c (NULL where imputed). */
Datum
ct_fit_normalised_result(ModelCache *c)
{
	int			n = c->m.n_ind;
	Datum	   *d = palloc(sizeof(Datum) * n);
	bool	   *isnull = palloc(sizeof(bool) * n);

	for (int j = 0; j < n; j++)
	{
		isnull[j] = c->imputed[j];
		d[j] = Float8GetDatum(c->v[j]);
	}
	PG_RETURN_DATUM(ct_array_with_nulls(d, isnull, n, FLOAT8OID));
}

/*
 * _fit_scores(version model_version, customer record): the raw method
 * scores of one row for the version being fitted: {weighted_sum, topsis,
 * grey_relational, vikor S, vikor R, fuzzy, one score per dimension, dea,
 * priority, possibility_satisfaction},
 * NULL where a method is not configured or a dimension has no indicator.
 */
Datum
ct_fit_scores_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache_byvalue(fcinfo, PG_GETARG_HEAPTUPLEHEADER(0));

	ct_fit_scores_check(c);
	fit_progress(fcinfo, c, "scan 3 of 3 (method scores)");
	ct_model_read_customer(fcinfo, c, 1);
	return ct_fit_scores_result(c);
}

/*
 * The method scores s (model order) of the row evaluated into r: VIKOR's as
 * 1 - vikor_q of its S and R with the version's S and R ranges, exactly as
 * fit's SQL wrote it (1 - complaint_tier.vikor_q(...)); each finite.
 */
void
ct_fit_method_scores_of(ModelCache *c, const ct_result *r, double *s)
{
	const ct_model *m = &c->m;

	for (int k = 0; k < m->n_methods; k++)
	{
		s[k] = r->method_score[k];
		if (m->methods[k] == CT_M_VIKOR)
		{
			double		q;
			ct_error	err;

			ct_check(ct_vikor_q(r->vikor_s, r->vikor_r, m->s_best, m->s_worst, m->r_best,
								m->r_worst, m->vikor_v, &q, &err), &err);
			s[k] = 1 - q;
		}
		if (!isfinite(s[k]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("method %s gave a score that is not finite", ct_method_names[m->methods[k]]),
					 errdetail("Version %d of model \"%s\", score %g.", c->version, c->model_name, s[k])));
	}
}

/*
 * _fit_method_scores(version model_version, customer record): the values
 * of one row that fit's method sketch takes, {each method's score in model
 * order (VIKOR as 1 - Q), each dimension's score (NULL without
 * indicators)}: what the SQL ARRAY[r[1], ..., 1 - vikor_q(r[4], r[5],
 * ...)] || r[7:6 + n_dim] over _fit_scores gave, in one call.
 */
Datum
ct_fit_method_scores_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache_byvalue(fcinfo, PG_GETARG_HEAPTUPLEHEADER(0));
	const ct_model *m = &c->m;
	ct_result	r;
	Datum		d[CT_NMETHODS + CT_MAX_DIM];
	bool		isnull[CT_NMETHODS + CT_MAX_DIM];
	double		s[CT_NMETHODS];

	ct_fit_scores_check(c);
	(void) fit_progress(fcinfo, c, "method score sketch");
	ct_model_read_customer(fcinfo, c, 1);
	ct_model_eval_row(c, &r);
	ct_fit_method_scores_of(c, &r, s);
	for (int k = 0; k < m->n_methods; k++)
	{
		d[k] = Float8GetDatum(s[k]);
		isnull[k] = false;
	}
	for (int dd = 0; dd < m->n_dim; dd++)
	{
		isnull[m->n_methods + dd] = isnan(r.dim_score[dd]);
		d[m->n_methods + dd] = Float8GetDatum(isnan(r.dim_score[dd]) ? 0.0 : r.dim_score[dd]);
	}
	PG_RETURN_DATUM(ct_array_with_nulls(d, isnull, m->n_methods + m->n_dim, FLOAT8OID));
}

/*
 * _fit_vikor_sr(version model_version, customer record): {S, R} of VIKOR
 * for one row, as _fit_scores gives them (its elements 4 and 5) but
 * without computing the other methods: fit's scan of the S and R ranges.
 */
Datum
ct_fit_vikor_sr_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache_byvalue(fcinfo, PG_GETARG_HEAPTUPLEHEADER(0));
	double		sr[2];
	ct_error	err;

	ct_fit_scores_check(c);
	(void) fit_progress(fcinfo, c, "VIKOR S and R ranges");
	ct_model_read_customer(fcinfo, c, 1);
	if (unlikely(ct_model_vikor_sr(&c->m, c->v, &sr[0], &sr[1], &err) != CT_OK))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("customer%s: evaluation of model \"%s\" version %d failed: %s",
						ct_model_key_text(c), c->model_name, c->version, err.message),
				 err.detail[0] ? errdetail("%s", err.detail) : 0));
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(sr, 2));
}

/*
 * _fit_final(version model_version, customer record, methods
 * quantile_sketch): fit's last scan in one call per row, {combined score,
 * the average rank of each method's score among the sketch's}: the same
 * numbers as _combine(version, scores) and _sketch_avg_ranks(methods,
 * scores) of the method scores of _fit_scores, VIKOR's as 1 - vikor_q of
 * its S and R with the version's ranges, without building those arrays.
 */
Datum
ct_fit_final_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache_byvalue(fcinfo, PG_GETARG_HEAPTUPLEHEADER(0));
	const ct_model *m = &c->m;
	FitProgress *p;
	ct_result	r;
	double		s[CT_NMETHODS];
	double		out[1 + CT_NMETHODS];

	ct_fit_scores_check(c);
	if (!m->has_quantiles)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("version %d of model \"%s\" has no quantiles yet", c->version, c->model_name)));
	p = fit_progress(fcinfo, c, "combined score and concordance");
	ct_model_read_customer(fcinfo, c, 1);
	ct_model_eval_row(c, &r);
	ct_fit_method_scores_of(c, &r, s);
	out[0] = ct_model_combine(m, s, NULL);
	ct_qsketch_avg_ranks(fcinfo, 2, &p->sorted, s, m->n_methods, out + 1);
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(out, 1 + m->n_methods));
}

/* The per-row score helpers score a version being fitted only. */
void
ct_fit_scores_check(ModelCache *c)
{
	if (c->m.fitted)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("version %d of model \"%s\" is already fitted", c->version, c->model_name)));
}

/* The raw method scores of the row just read into c (_fit_scores). */
Datum
ct_fit_scores_result(ModelCache *c)
{
	ct_result	r;

	ct_model_eval_row(c, &r);
	return ct_fit_scores_datum(c, &r);
}

/* The raw method scores array of an evaluated row r of c's version. */
Datum
ct_fit_scores_datum(ModelCache *c, const ct_result *rp)
{
	ct_result	r = *rp;
	int			n = 9 + c->m.n_dim;
	Datum		d[9 + CT_MAX_DIM];
	bool		isnull[9 + CT_MAX_DIM];

	for (int i = 0; i < n; i++)
	{
		isnull[i] = true;
		d[i] = (Datum) 0;
	}
	for (int k = 0; k < c->m.n_methods; k++)
	{
		int			at = -1;

		switch (c->m.methods[k])
		{
			case CT_M_WEIGHTED_SUM:
				at = 0;
				break;
			case CT_M_TOPSIS:
				at = 1;
				break;
			case CT_M_GREY:
				at = 2;
				break;
			case CT_M_VIKOR:
				d[3] = Float8GetDatum(r.vikor_s);
				d[4] = Float8GetDatum(r.vikor_r);
				isnull[3] = isnull[4] = false;
				break;
			case CT_M_FUZZY:
				at = 5;
				break;
			case CT_M_DEA:
				at = 6 + c->m.n_dim;
				break;
			case CT_M_PRIORITY:
				at = 7 + c->m.n_dim;
				break;
			case CT_M_POSSIBILITY:
				at = 8 + c->m.n_dim;
				break;
		}
		if (at >= 0)
		{
			d[at] = Float8GetDatum(r.method_score[k]);
			isnull[at] = false;
		}
	}
	for (int dd = 0; dd < c->m.n_dim; dd++)
		if (!isnan(r.dim_score[dd]))
		{
			d[6 + dd] = Float8GetDatum(r.dim_score[dd]);
			isnull[6 + dd] = false;
		}
	PG_RETURN_DATUM(ct_array_with_nulls(d, isnull, n, FLOAT8OID));
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
 * _combine(version model_version, scores float8[]): the combined score of
 * one row's method scores (model order, VIKOR as 1 - Q) with the quantiles
 * of the version being fitted; fit() orders the population by it for the
 * overall tier cut points.
 */
Datum
ct_combine_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache_byvalue(fcinfo, PG_GETARG_HEAPTUPLEHEADER(0));

	return ct_fit_combine_result(c, PG_GETARG_ARRAYTYPE_P(1));
}

/* The combined score of the method scores s with the quantiles of c. */
Datum
ct_fit_combine_result(ModelCache *c, ArrayType *scores)
{
	double	   *s = ct_arg_vector_n(scores, "scores", c->m.n_methods, "methods");

	if (!c->m.has_quantiles)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("version %d of model \"%s\" has no quantiles yet", c->version, c->model_name)));
	PG_RETURN_FLOAT8(ct_model_combine(&c->m, s, NULL));
}

/*
 * _level_position(value text, levels text[]) -> float8: the 0-based
 * position of value among levels, byte for byte as evaluate() matches a
 * level (ct_model_level), NULL when it is none of them.  fit's first scan
 * calls it per row and indicator; the levels, a constant there, are
 * deconstructed once per call site (a non-constant array is compared with
 * the kept one on every call).
 */
typedef struct LevelCache
{
	bool		stable;			/* levels is a constant of the call site */
	struct varlena *key;		/* a copy of the levels array */
	int			n;
	char	  **str;
	int		   *len;
} LevelCache;

Datum
ct_level_position_sql(PG_FUNCTION_ARGS)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	struct varlena *raw = PG_GETARG_RAW_VARLENA_P(1);
	LevelCache *lc = (LevelCache *) fcinfo->flinfo->fn_extra;
	const char *v = VARDATA_ANY(value);
	int			vlen = VARSIZE_ANY_EXHDR(value);

	/* a constant array (fit's call) is compared once, not per row */
	if (lc == NULL || (!lc->stable && (VARSIZE_ANY(lc->key) != VARSIZE_ANY(raw) ||
									   memcmp(lc->key, raw, VARSIZE_ANY(raw)) != 0)))
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		ArrayType  *a;
		Datum	   *elems;
		bool	   *nulls;
		int			n;

		/* the strings point into the kept copy (or its detoasted form) */
		lc = palloc0(sizeof(LevelCache));
		lc->stable = get_fn_expr_arg_stable(fcinfo->flinfo, 1);
		lc->key = palloc(VARSIZE_ANY(raw));
		memcpy(lc->key, raw, VARSIZE_ANY(raw));
		a = DatumGetArrayTypeP(PointerGetDatum(lc->key));
		deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
		lc->n = n;
		lc->str = palloc(sizeof(char *) * Max(n, 1));
		lc->len = palloc(sizeof(int) * Max(n, 1));
		for (int i = 0; i < n; i++)
		{
			text	   *t = nulls[i] ? NULL : DatumGetTextPP(elems[i]);

			lc->str[i] = t ? VARDATA_ANY(t) : NULL;
			lc->len[i] = t ? VARSIZE_ANY_EXHDR(t) : -1;
		}
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = lc;
	}
	for (int i = 0; i < lc->n; i++)
		if (lc->len[i] == vlen && memcmp(lc->str[i], v, vlen) == 0)
			PG_RETURN_FLOAT8((double) i);
	PG_RETURN_NULL();
}

