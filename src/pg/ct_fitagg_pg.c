/*
 * ct_fitagg_pg.c
 *		The fit layer's float8[]-state aggregates, entropy_weights(float8[])
 *		and kendall_w(float8[]), and screen_indicators() over an
 *		indicator_stats state.
 *
 * The two aggregates keep their state in a tagged float8[] (layout in
 * ct_objweights.h): a real SQL type, so parallel plans, Citus and roll-ups
 * work, and float8 text output round-trips exactly.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "ct_cluster.h"
#include "ct_objweights.h"
#include "ct_pg.h"
#include "ct_stats.h"
#include "ct_stats_pg.h"

PG_FUNCTION_INFO_V1(ct_entropy_accum);
PG_FUNCTION_INFO_V1(ct_entropy_combine);
PG_FUNCTION_INFO_V1(ct_entropy_final);
PG_FUNCTION_INFO_V1(ct_kendall_accum);
PG_FUNCTION_INFO_V1(ct_kendall_combine);
PG_FUNCTION_INFO_V1(ct_kendall_final);
PG_FUNCTION_INFO_V1(ct_screen_indicators_sql);

typedef enum
{
	STATE_ENTROPY,
	STATE_KENDALL
} state_kind;

/* A fresh float8[] state of len zeros (no NULLs). */
static ArrayType *
state_new(int len)
{
	Size		nbytes = ARR_OVERHEAD_NONULLS(1) + sizeof(float8) * (Size) len;
	ArrayType  *a = (ArrayType *) palloc0(nbytes);

	SET_VARSIZE(a, nbytes);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = FLOAT8OID;
	ARR_DIMS(a)[0] = len;
	ARR_LBOUND(a)[0] = 1;
	return a;
}

/* Check a state array's shape and contents; returns its data. */
static double *
state_check(ArrayType *a, state_kind kind, int *width)
{
	ct_error	err;
	int			len;
	double	   *d;

	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid %s state", kind == STATE_ENTROPY ? "entropy_weights" : "kendall_w"),
				 errdetail("A state is a one-dimensional float8[] without NULL elements.")));
	len = ARR_DIMS(a)[0];
	d = (double *) ARR_DATA_PTR(a);
	if (kind == STATE_ENTROPY)
		ct_check(ct_entropy_validate(d, len, width, &err), &err);
	else
		ct_check(ct_kendall_validate(d, len, width, &err), &err);
	return d;
}

/* The element count of a row array (one-dimensional, 1..limit elements). */
static int
row_len(ArrayType *a, const char *argname, int min_len, int limit)
{
	int			n;

	if (ARR_NDIM(a) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must not be empty", argname)));
	if (ARR_NDIM(a) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", argname),
				 errdetail("It has %d dimensions.", ARR_NDIM(a))));
	n = ARR_DIMS(a)[0];
	if (n > limit)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s has too many elements", argname),
				 errdetail("It has %d elements; the limit is %d.", n, limit)));
	if (n < min_len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs at least %d elements", argname, min_len),
				 errdetail("It has %d.", n)));
	return n;
}

/*
 * The shared shape of both transition functions: skip NULL rows, create the
 * state on the first row (the executor copies it into the aggregate
 * context), afterwards update it in place when called as an aggregate.
 */
static ArrayType *
state_for_row(FunctionCallInfo fcinfo, state_kind kind, int width)
{
	ArrayType  *st;
	int			have;

	if (PG_ARGISNULL(0))
	{
		if (kind == STATE_ENTROPY)
		{
			st = state_new(ct_entropy_len(width));
			ct_entropy_init((double *) ARR_DATA_PTR(st), width);
		}
		else
		{
			st = state_new(ct_kendall_len(width));
			ct_kendall_init((double *) ARR_DATA_PTR(st), width);
		}
		return st;
	}
	if (AggCheckCallContext(fcinfo, NULL))
	{
		st = PG_GETARG_ARRAYTYPE_P(0);
		have = (int) ((double *) ARR_DATA_PTR(st))[1];
	}
	else
	{
		st = PG_GETARG_ARRAYTYPE_P_COPY(0);
		(void) state_check(st, kind, &have);
	}
	if (have != width)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("all arrays in one %s aggregation must have the same length",
						kind == STATE_ENTROPY ? "entropy_weights" : "kendall_w"),
				 errdetail("Earlier arrays had %d elements; this one has %d.", have, width)));
	return st;
}

static Datum
state_combine(FunctionCallInfo fcinfo, state_kind kind)
{
	ArrayType  *a;
	ArrayType  *b;
	int			ka,
				kb;
	double	   *da,
			   *db;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = PG_GETARG_ARRAYTYPE_P(1);
	db = state_check(b, kind, &kb);
	if (PG_ARGISNULL(0))
		PG_RETURN_ARRAYTYPE_P(PG_GETARG_ARRAYTYPE_P_COPY(1));
	a = AggCheckCallContext(fcinfo, NULL) ? PG_GETARG_ARRAYTYPE_P(0) : PG_GETARG_ARRAYTYPE_P_COPY(0);
	da = state_check(a, kind, &ka);
	if (ka != kb)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("cannot merge %s states of different widths",
						kind == STATE_ENTROPY ? "entropy_weights" : "kendall_w"),
				 errdetail("One state has %d columns, the other %d.", ka, kb)));
	if (kind == STATE_ENTROPY)
		ct_entropy_merge(da, db);
	else
		ct_kendall_merge(da, db);
	PG_RETURN_ARRAYTYPE_P(a);
}

/* ---- entropy_weights ---- */

Datum
ct_entropy_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *x;
	ArrayType  *st;
	int			k;
	ct_error	err;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	x = PG_GETARG_ARRAYTYPE_P(1);
	k = row_len(x, "x", 1, CT_ENTROPY_MAX_COLS);
	st = state_for_row(fcinfo, STATE_ENTROPY, k);
	if (ct_entropy_add_row((double *) ARR_DATA_PTR(st), (const double *) ARR_DATA_PTR(x),
						   (const uint8_t *) ARR_NULLBITMAP(x), &err) != CT_OK)
		ct_report(&err);
	PG_RETURN_ARRAYTYPE_P(st);
}

Datum
ct_entropy_combine(PG_FUNCTION_ARGS)
{
	return state_combine(fcinfo, STATE_ENTROPY);
}

Datum
ct_entropy_final(PG_FUNCTION_ARGS)
{
	ArrayType  *st;
	double	   *d;
	int			k;
	int			ninfo;
	double	   *w;
	unsigned char *constant;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = PG_GETARG_ARRAYTYPE_P(0);
	d = state_check(st, STATE_ENTROPY, &k);
	w = palloc(sizeof(double) * k);
	constant = palloc(k);
	ct_entropy_weights(d, w, constant, &ninfo);
	if (ninfo == 0)
	{
		ereport(NOTICE,
				(errmsg("no indicator varies, so entropy weights are undefined"),
				 errdetail("Every column has fewer than two values or a single value repeated.")));
		PG_RETURN_NULL();
	}
	ct_stats_notice_constant(constant, k, "A column with fewer than two values or all values equal has entropy 1.");
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(w, k));
}

/* ---- kendall_w ---- */

Datum
ct_kendall_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *r;
	ArrayType  *st;
	int			m;
	ct_error	err;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	r = PG_GETARG_ARRAYTYPE_P(1);
	m = row_len(r, "ranks", 2, CT_KENDALL_MAX_M);
	if (ARR_HASNULL(r) && array_contains_nulls(r))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("ranks must not contain NULL elements"),
				 errhint("Every method must rank every row; skip a row by passing a NULL array.")));
	st = state_for_row(fcinfo, STATE_KENDALL, m);
	if (ct_kendall_add_row((double *) ARR_DATA_PTR(st), (const double *) ARR_DATA_PTR(r), &err) != CT_OK)
		ct_report(&err);
	PG_RETURN_ARRAYTYPE_P(st);
}

Datum
ct_kendall_combine(PG_FUNCTION_ARGS)
{
	return state_combine(fcinfo, STATE_KENDALL);
}

Datum
ct_kendall_final(PG_FUNCTION_ARGS)
{
	ArrayType  *st;
	double	   *d;
	int			m;
	int			defined;
	double		w;
	ct_error	err;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = PG_GETARG_ARRAYTYPE_P(0);
	d = state_check(st, STATE_KENDALL, &m);
	ct_check(ct_kendall_w(d, &w, &defined, &err), &err);
	if (!defined)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(w);
}

/* ---- screen_indicators ---- */

Datum
ct_screen_indicators_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ct_stats	s;
	CtStatsData *st = ct_stats_arg(fcinfo, 0, true, &s);
	int			k = st->k;
	double		threshold = PG_NARGS() > 2 ? PG_GETARG_FLOAT8(2) : 0.8;
	char	  **names;
	int		   *lens;
	int			nnames;
	double	   *r;
	unsigned char *def;
	int		   *cluster;
	unsigned char *rep;
	double	   *maxabs;
	unsigned char *hasmax;
	ct_error	err;

	names = ct_arg_text_vector(PG_GETARG_ARRAYTYPE_P(1), "names", CT_STATS_MAX_COLS, &nnames, &lens);
	if (nnames != k)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("names must have one element per indicator"),
				 errdetail("The state has %d indicators; names has %d elements.", k, nnames)));
	if (isnan(threshold) || !(threshold > 0 && threshold <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("threshold must be in (0, 1]"),
				 errdetail("Got %g.", threshold)));
	if (*s.complete < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("screening needs at least two complete rows"),
				 errdetail("The state has %.0f complete rows.", *s.complete)));

	InitMaterializedSRF(fcinfo, 0);

	r = palloc(sizeof(double) * k * k);
	def = palloc(k * k);
	cluster = palloc(sizeof(int) * 3 * k);
	rep = palloc(k);
	maxabs = palloc(sizeof(double) * k);
	hasmax = palloc(k);
	ct_check(ct_stats_correlation(&s, r, def, &err), &err);
	{
		double	   *scratch = palloc(sizeof(double) * k * k);

		ct_check(ct_cluster_screen(r, def, k, threshold, cluster, rep, maxabs, hasmax,
								   scratch, cluster + k, &err), &err);
	}
	for (int j = 0; j < k; j++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = PointerGetDatum(cstring_to_text_with_len(names[j], lens[j]));
		values[1] = Int32GetDatum(cluster[j]);
		values[2] = BoolGetDatum(rep[j] != 0);
		values[3] = Float8GetDatum(maxabs[j]);
		nulls[3] = !hasmax[j];
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	{
		unsigned char *constant = palloc(k);

		for (int j = 0; j < k; j++)
			constant[j] = !def[j * k + j];
		for (int j = 0; j < k; j++)
			if (constant[j])
			{
				StringInfoData list;
				int			n = 0;

				initStringInfo(&list);
				for (int l = 0; l < k; l++)
					if (constant[l])
						appendStringInfo(&list, "%s%s", n++ ? ", " : "", names[l]);
				ereport(NOTICE,
						(errmsg("indicators without variation are not representative: %s", list.data),
						 errdetail("Their correlations are undefined; each forms a cluster of its own.")));
				break;
			}
	}
	return (Datum) 0;
}
