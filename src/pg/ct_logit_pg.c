/*
 * ct_logit_pg.c
 *		The logit_stats type (text and binary I/O), its aggregates
 *		logit_step(x, y, beta) and merge(logit_stats), the Newton step,
 *		standard errors and summary of a state, the iteration driver fit()
 *		calls once per scan (_logit_next), and the imputed normalised
 *		indicators of a row for a version being fitted
 *		(_normalised_imputed).  The arithmetic is src/core/ct_logit*.c.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "ct_logit.h"
#include "ct_model_pg.h"
#include "ct_pg.h"
#include "ct_wire.h"

PG_FUNCTION_INFO_V1(ct_logit_stats_in);
PG_FUNCTION_INFO_V1(ct_logit_stats_out);
PG_FUNCTION_INFO_V1(ct_logit_stats_recv);
PG_FUNCTION_INFO_V1(ct_logit_stats_send);
PG_FUNCTION_INFO_V1(ct_logit_step_accum);
PG_FUNCTION_INFO_V1(ct_logit_stats_combine);
PG_FUNCTION_INFO_V1(ct_logit_newton_sql);
PG_FUNCTION_INFO_V1(ct_logit_std_errors_sql);
PG_FUNCTION_INFO_V1(ct_logit_summary_sql);
PG_FUNCTION_INFO_V1(ct_logit_next_sql);
PG_FUNCTION_INFO_V1(ct_normalised_imputed_sql);

/*
 * A varlena: header, format version, coefficient count p, then the core's
 * block of ct_logit_ndoubles(p) doubles (double alignment).
 */
typedef struct CtLogitData
{
	int32		vl_len_;
	int16		version;
	int16		p;
	double		data[FLEXIBLE_ARRAY_MEMBER];
} CtLogitData;

#define CT_LOGIT_SIZE(p) (offsetof(CtLogitData, data) + sizeof(double) * ct_logit_ndoubles(p))

static CtLogitData *
logit_alloc(int p)
{
	Size		sz = CT_LOGIT_SIZE(p);
	CtLogitData *st = (CtLogitData *) palloc0(sz);

	SET_VARSIZE(st, sz);
	st->version = CT_LOGIT_VERSION;
	st->p = p;
	return st;
}

static CtLogitData *
logit_copy(const CtLogitData *src)
{
	CtLogitData *st = (CtLogitData *) palloc(VARSIZE(src));

	memcpy(st, src, VARSIZE(src));
	return st;
}

static void
logit_check_struct(const CtLogitData *st)
{
	if (st->version != CT_LOGIT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("unsupported logit_stats version %d", st->version),
				 errdetail("This build reads version %d.", CT_LOGIT_VERSION)));
	if (st->p < 2 || st->p > CT_LOGIT_MAX_COEF || VARSIZE(st) != CT_LOGIT_SIZE(st->p))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted logit_stats value"),
				 errdetail("Coefficient count %d does not match the value's size %u.",
						   st->p, (unsigned) VARSIZE(st))));
}

/* Argument n as a checked state and its view; validate checks the values. */
static CtLogitData *
logit_arg(FunctionCallInfo fcinfo, int n, bool validate, ct_logit *view)
{
	CtLogitData *st = (CtLogitData *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n));

	logit_check_struct(st);
	ct_logit_view(view, st->data, st->p);
	if (validate)
	{
		ct_error	err;

		ct_check(ct_logit_validate(view, &err), &err);
	}
	return st;
}

/* ---- I/O ---- */

Datum
ct_logit_stats_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	ct_error	err;
	int			p;
	CtLogitData *st;
	ct_logit	s;

	ct_check(ct_logit_parse_header(text, &p, &err), &err);
	st = logit_alloc(p);
	ct_logit_view(&s, st->data, p);
	ct_check(ct_logit_parse(text, &s, &err), &err);
	PG_RETURN_POINTER(st);
}

Datum
ct_logit_stats_out(PG_FUNCTION_ARGS)
{
	ct_logit	s;
	size_t		len;
	char	   *buf;

	(void) logit_arg(fcinfo, 0, false, &s);
	len = ct_logit_format(&s, NULL, 0);
	buf = palloc(len + 1);
	ct_logit_format(&s, buf, len + 1);
	PG_RETURN_CSTRING(buf);
}

Datum
ct_logit_stats_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const uint8 *bytes = (const uint8 *) buf->data + buf->cursor;
	size_t		len = buf->len - buf->cursor;
	int			p;
	CtLogitData *st;
	ct_logit	s;
	ct_error	err;

	/* the checks of untrusted bytes are the core's (ct_wire.c) */
	if (ct_logit_recv_p(bytes, len, &p, &err) != CT_OK)
		ct_report_binary(&err);
	st = logit_alloc(p);
	ct_logit_view(&s, st->data, p);
	if (ct_logit_recv(bytes, len, &s, &err) != CT_OK)
		ct_report_binary(&err);
	buf->cursor = buf->len;
	PG_RETURN_POINTER(st);
}

Datum
ct_logit_stats_send(PG_FUNCTION_ARGS)
{
	ct_logit	s;
	CtLogitData *st = logit_arg(fcinfo, 0, false, &s);
	size_t		n = ct_logit_send_size(st->p);
	bytea	   *out = (bytea *) palloc(VARHDRSZ + n);

	SET_VARSIZE(out, VARHDRSZ + n);
	ct_logit_send(&s, (uint8 *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

/* ---- aggregates ---- */

/* A one-dimensional float8[] of 1..limit elements without NULL, NaN, Infinity. */
static double *
vector_arg(FunctionCallInfo fcinfo, int argno, const char *name, int limit, int *n)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(argno);

	if (array_contains_nulls(a))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not contain NULL elements", name),
				 errhint("Impute missing values first (fit uses each indicator's mean).")));
	return ct_arg_vector(a, name, limit, n);
}

/*
 * Transition function of logit_step(x float8[], y boolean, beta float8[]).
 * Not STRICT: the state is created at the first row with x and y (p is
 * only known then); rows with a NULL x or y are skipped; a NULL beta is an
 * error.  Inside an aggregate the state is updated in place.
 */
Datum
ct_logit_step_accum(PG_FUNCTION_ARGS)
{
	CtLogitData *st;
	double	   *x;
	double	   *beta;
	int			k,
				nb;
	ct_logit	s;
	ct_error	err;

	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("beta must not be NULL"),
				 errhint("Pass the coefficients to gather the statistics at: the intercept, then one per element of x.")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	x = vector_arg(fcinfo, 1, "x", CT_LOGIT_MAX_X, &k);
	beta = vector_arg(fcinfo, 3, "beta", CT_LOGIT_MAX_COEF, &nb);
	if (nb != k + 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("beta must have one element more than x (the intercept first)"),
				 errdetail("x has %d element%s, beta has %d.", k, k == 1 ? "" : "s", nb)));
	if (PG_ARGISNULL(0))
	{
		st = logit_alloc(k + 1);
		ct_logit_view(&s, st->data, k + 1);
		ct_logit_init(&s, beta);
	}
	else
	{
		st = (CtLogitData *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
		if (!AggCheckCallContext(fcinfo, NULL))
		{
			logit_check_struct(st);
			st = logit_copy(st);
		}
		if (st->p != k + 1)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("all arrays x in one logit_step aggregation must have the same length"),
					 errdetail("Earlier arrays had %d element%s; this one has %d.",
							   st->p - 1, st->p == 2 ? "" : "s", k)));
		ct_logit_view(&s, st->data, st->p);
		if (memcmp(s.beta, beta, sizeof(double) * st->p) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("beta must be the same in every row of one logit_step aggregation"),
					 errhint("One aggregation gathers the statistics of one Newton iteration at one beta.")));
	}
	ct_check(ct_logit_add_row(&s, x, PG_GETARG_BOOL(2), &err), &err);
	ct_progress_row(ct_progress_fn(fcinfo));
	PG_RETURN_POINTER(st);
}

/*
 * Combine function of logit_step, and transition function of
 * merge(logit_stats).  A NULL side is the empty state; states of another
 * coefficient count or gathered at other coefficients are refused.
 */
Datum
ct_logit_stats_combine(PG_FUNCTION_ARGS)
{
	CtLogitData *a;
	CtLogitData *b;
	ct_logit	sa,
				sb;
	ct_error	err;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = logit_arg(fcinfo, 1, false, &sb);
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(b == (CtLogitData *) DatumGetPointer(PG_GETARG_DATUM(1)) ?
						  logit_copy(b) : b);
	a = (CtLogitData *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	if (!AggCheckCallContext(fcinfo, NULL))
	{
		logit_check_struct(a);
		a = logit_copy(a);
	}
	ct_logit_view(&sa, a->data, a->p);
	ct_check(ct_logit_merge(&sa, &sb, &err), &err);
	PG_RETURN_POINTER(a);
}

/* ---- results ---- */

static double
penalty_arg(FunctionCallInfo fcinfo, int argno)
{
	double		lambda = PG_NARGS() > argno ? PG_GETARG_FLOAT8(argno) : 0.0;

	ct_arg_finite(lambda, "penalty");
	if (lambda < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("penalty must not be negative"),
				 errdetail("Got %g.", lambda)));
	return lambda;
}

/* logit_newton(stats, penalty DEFAULT 0): beta + the penalised Newton step */
Datum
ct_logit_newton_sql(PG_FUNCTION_ARGS)
{
	ct_logit	s;
	CtLogitData *st = logit_arg(fcinfo, 0, true, &s);
	double		lambda = penalty_arg(fcinfo, 1);
	double	   *delta = palloc(sizeof(double) * st->p);
	double	   *work = palloc(sizeof(double) * st->p * st->p);
	ct_error	err;

	ct_check(ct_logit_step(&s, lambda, delta, work, &err), &err);
	for (int j = 0; j < st->p; j++)
		delta[j] += s.beta[j];
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(delta, st->p));
}

/* logit_std_errors(stats, penalty DEFAULT 0) */
Datum
ct_logit_std_errors_sql(PG_FUNCTION_ARGS)
{
	ct_logit	s;
	CtLogitData *st = logit_arg(fcinfo, 0, true, &s);
	double		lambda = penalty_arg(fcinfo, 1);
	double	   *se = palloc(sizeof(double) * st->p);
	double	   *work = palloc(sizeof(double) * (st->p * st->p + st->p));
	ct_error	err;

	ct_check(ct_logit_std_errors(&s, lambda, se, work, &err), &err);
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(se, st->p));
}

/* logit_summary(stats) -> (rows, positives, loglik, beta, gradient, separated) */
Datum
ct_logit_summary_sql(PG_FUNCTION_ARGS)
{
	ct_logit	s;
	CtLogitData *st = logit_arg(fcinfo, 0, true, &s);
	TupleDesc	desc;
	Datum		values[6];
	bool		nulls[6] = {0};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "logit_summary: return type must be a row type");
	values[0] = Int64GetDatum((int64) *s.rows);
	values[1] = Int64GetDatum((int64) *s.positives);
	values[2] = Float8GetDatum(*s.loglik);
	values[3] = PointerGetDatum(ct_float8_array(s.beta, st->p));
	values[4] = PointerGetDatum(ct_float8_array(s.grad, st->p));
	values[5] = BoolGetDatum(ct_logit_separated(&s));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}

/*
 * _logit_next(stats logit_stats, penalty float8, driver float8[])
 *		-> (driver float8[], beta float8[], converged boolean, scans int)
 * One step of the fit's iteration (ct_logit_next): driver NULL starts it.
 * beta is where to gather the next state, or the solution when converged;
 * scans counts the states gathered so far.
 */
Datum
ct_logit_next_sql(PG_FUNCTION_ARGS)
{
	ct_logit	s;
	CtLogitData *st;
	double		lambda;
	double	   *driver;
	size_t		nd;
	double	   *next;
	double	   *work;
	bool		converged;
	int32		gathered;
	ct_error	err;
	TupleDesc	desc;
	Datum		values[4];
	bool		nulls[4] = {0};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the statistics and the penalty of _logit_next must not be NULL"),
				 errhint("A NULL state means the scan saw no row with both the indicators and the outcome.")));
	st = logit_arg(fcinfo, 0, true, &s);
	lambda = penalty_arg(fcinfo, 1);
	nd = ct_logit_driver_ndoubles(st->p);
	driver = palloc(sizeof(double) * nd);
	if (PG_ARGISNULL(2))
		ct_logit_driver_init(driver, st->p);
	else
	{
		int			n;
		double	   *d = ct_arg_vector(PG_GETARG_ARRAYTYPE_P(2), "driver", CT_LOGIT_MAX_COEF * 2 + 5, &n);

		ct_check(ct_logit_driver_check(d, n, &err), &err);
		memcpy(driver, d, sizeof(double) * n);
	}
	gathered = (int32) driver[1] + 1;
	next = palloc(sizeof(double) * st->p);
	work = palloc(sizeof(double) * st->p * st->p);
	ct_check(ct_logit_next(driver, &s, lambda, next, &converged, work, &err), &err);

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "_logit_next: return type must be a row type");
	values[0] = PointerGetDatum(ct_float8_array(driver, (int) nd));
	values[1] = PointerGetDatum(ct_float8_array(next, st->p));
	values[2] = BoolGetDatum(converged);
	values[3] = Int32GetDatum(gathered);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}

/*
 * _normalised_imputed(version model_version, customer record): the
 * normalised values of one row for the version being fitted, NULL inputs
 * replaced by the version's impute values (what evaluate() scores), of the
 * indicators with a positive global weight only: fit() zeroes the weight of
 * the constant ones and reads the rest into its logistic regression.
 */
Datum
ct_normalised_imputed_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache_byvalue(fcinfo, PG_GETARG_HEAPTUPLEHEADER(0));
	double	   *out = palloc(sizeof(double) * c->m.n_active);

	ct_model_read_record(c, PG_GETARG_HEAPTUPLEHEADER(1));
	for (int a = 0; a < c->m.n_active; a++)
		out[a] = c->v[c->m.active[a]];
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(out, c->m.n_active));
}
