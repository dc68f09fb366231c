/*
 * ct_pg.c
 *		Argument checkers, core-error mapping and result builders shared by
 *		every SQL-callable function.
 */
#include "postgres.h"

#include <math.h>

#include "access/parallel.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

#include "ct_pg.h"
#include "ct_rule.h"
#include "ct_scan_pg.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

static void
ct_pg_check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

/* seconds between progress NOTICEs of a long aggregate scan (ct_progress) */
static int	ct_progress_interval = 10;

/* Let long core loops (sorting millions of ranks) honour query cancel. */
void
_PG_init(void)
{
	ct_interrupt_hook = ct_pg_check_interrupts;
	DefineCustomIntVariable("complaint_tier.progress_interval",
							"Seconds between the progress NOTICEs of a long fit scan or quantile_sketch aggregate.",
							"-1 turns them off; 0 reports every 65,536 rows (doc/sketch.md, \"Progress\").",
							&ct_progress_interval,
							10, -1, 86400,
							PGC_USERSET,
							GUC_UNIT_S,
							NULL, NULL, NULL);
	ct_scan_init();
}

static int
sqlstate_of(ct_code code)
{
	switch (code)
	{
		case CT_EINVAL:
			return ERRCODE_INVALID_PARAMETER_VALUE;
		case CT_ESHAPE:
			return ERRCODE_ARRAY_SUBSCRIPT_ERROR;
		case CT_ERANGE:
			return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
		case CT_ELIMIT:
			return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
		case CT_ENOMEM:
			return ERRCODE_OUT_OF_MEMORY;
		case CT_EFORMAT:
			return ERRCODE_INVALID_TEXT_REPRESENTATION;
		case CT_ESYNTAX:
			return ERRCODE_SYNTAX_ERROR;
		case CT_ENOCONV:
			return ERRCODE_DATA_EXCEPTION;
		case CT_EUNDEFINED:
			return ERRCODE_UNDEFINED_OBJECT;
		case CT_OK:
			break;
	}
	return ERRCODE_DATA_EXCEPTION;
}

void
ct_report(const ct_error *e)
{
	if (e->code == CT_OK)
		elog(ERROR, "complaint_tier: error reported without an error code");
	ereport(ERROR,
			(errcode(sqlstate_of(e->code)),
			 errmsg("%s", e->message),
			 e->detail[0] ? errdetail("%s", e->detail) : 0,
			 e->hint[0] ? errhint("%s", e->hint) : 0));
	pg_unreachable();
}

void
ct_report_binary(const ct_error *e)
{
	ereport(ERROR,
			(errcode(e->code == CT_ELIMIT ? ERRCODE_PROGRAM_LIMIT_EXCEEDED : ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("%s", e->message),
			 e->detail[0] ? errdetail("%s", e->detail) : 0));
	pg_unreachable();
}

void
ct_arg_finite(double x, const char *argname)
{
	if (isnan(x) || isinf(x))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number", argname),
				 errdetail("Got %s.", isnan(x) ? "NaN" : (x > 0 ? "Infinity" : "-Infinity"))));
}

/*
 * NaN and +-Infinity are refused element by element; cols > 0 reports the
 * offending cell of a matrix as [row][col].
 */
static void
check_finite_elements(const double *v, int n, int cols, const char *argname)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		if (unlikely(isnan(v[i]) || isinf(v[i])))
		{
			const char *what = isnan(v[i]) ? "NaN" : (v[i] > 0 ? "Infinity" : "-Infinity");

			if (cols > 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s must contain only finite numbers", argname),
						 errdetail("Element [%d][%d] is %s.", i / cols + 1, i % cols + 1, what)));
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must contain only finite numbers", argname),
					 errdetail("Element %d is %s.", i + 1, what)));
		}
	}
}

static void
check_no_nulls(ArrayType *a, const char *argname)
{
	if (array_contains_nulls(a))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not contain NULL elements", argname),
				 errhint("Replace missing values first, for example with coalesce().")));
}

/*
 * Shape checks shared by the array checkers: not empty, the expected number
 * of dimensions, no NULL element, and at most max_n elements along each
 * dimension.
 */
static void
check_shape(ArrayType *a, const char *argname, int ndim, int max_n)
{
	int			d;

	if (ARR_NDIM(a) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must not be empty", argname)));
	if (ARR_NDIM(a) != ndim)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a %s array", argname,
						ndim == 1 ? "one-dimensional" : "two-dimensional"),
				 errdetail("It has %d dimension%s.", ARR_NDIM(a),
						   ARR_NDIM(a) == 1 ? "" : "s"),
				 ndim == 2 ? errhint("Write a matrix as ARRAY[[1,2],[3,4]].") : 0));
	check_no_nulls(a, argname);
	for (d = 0; d < ndim; d++)
	{
		if (ARR_DIMS(a)[d] > max_n)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 ndim == 1 ? errmsg("%s has too many elements", argname) :
					 errmsg("%s is too large", argname),
					 ndim == 1 ?
					 errdetail("It has %d elements; the limit is %d.", ARR_DIMS(a)[0], max_n) :
					 errdetail("It is %d x %d; the limit is %d in each dimension.",
							   ARR_DIMS(a)[0], ARR_DIMS(a)[1], max_n)));
	}
}

double *
ct_arg_vector(ArrayType *a, const char *argname, int max_n, int *n)
{
	int			len;
	double	   *v;

	Assert(ARR_ELEMTYPE(a) == FLOAT8OID);
	check_shape(a, argname, 1, max_n);
	len = ARR_DIMS(a)[0];
	v = (double *) ARR_DATA_PTR(a);
	check_finite_elements(v, len, 0, argname);
	*n = len;
	return v;
}

double *
ct_arg_vector_n(ArrayType *a, const char *argname, int n_expected,
				const char *other_argname)
{
	int			n;
	double	   *v = ct_arg_vector(a, argname, n_expected > CT_MAX_RANK_N ? n_expected : CT_MAX_RANK_N, &n);

	if (n != n_expected)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s and %s must have the same length", other_argname, argname),
				 errdetail("%s has %d elements, %s has %d.",
						   other_argname, n_expected, argname, n)));
	return v;
}

double *
ct_arg_matrix(ArrayType *a, const char *argname, int max_dim,
			  int *rows, int *cols)
{
	double	   *v;

	Assert(ARR_ELEMTYPE(a) == FLOAT8OID);
	check_shape(a, argname, 2, max_dim);
	*rows = ARR_DIMS(a)[0];
	*cols = ARR_DIMS(a)[1];
	v = (double *) ARR_DATA_PTR(a);
	check_finite_elements(v, *rows * *cols, *cols, argname);
	return v;
}

char **
ct_arg_text_vector(ArrayType *a, const char *argname, int max_n, int *n,
				   int **lens)
{
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	char	  **out;
	int		   *outlens;
	int			i;

	Assert(ARR_ELEMTYPE(a) == TEXTOID);
	check_shape(a, argname, 1, max_n);
	deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &count);
	out = palloc(sizeof(char *) * count);
	outlens = palloc(sizeof(int) * count);
	for (i = 0; i < count; i++)
	{
		text	   *t = DatumGetTextPP(elems[i]);

		outlens[i] = VARSIZE_ANY_EXHDR(t);
		out[i] = text_to_cstring(t);
	}
	*n = count;
	*lens = outlens;
	return out;
}

const char *
ct_arg_word(text *t, size_t *len)
{
	*len = VARSIZE_ANY_EXHDR(t);
	return VARDATA_ANY(t);
}

void
ct_spi_connect(void)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "complaint_tier: SPI_connect failed");
}

void
ct_spi_select(const char *sql, int nargs, Oid *argtypes, Datum *args,
			  long limit)
{
	int			rc = SPI_execute_with_args(sql, nargs, argtypes, args, NULL,
										   true, limit);

	if (rc != SPI_OK_SELECT)
		elog(ERROR, "complaint_tier: catalogue query failed (%s): %s",
			 SPI_result_code_string(rc), sql);
}

ArrayType *
ct_float8_array(const double *v, int n)
{
	ArrayType  *a;
	int			dims[1];
	int			lbs[1] = {1};
	Size		nbytes = ARR_OVERHEAD_NONULLS(1) + sizeof(float8) * (Size) n;

	if (n == 0)
		return construct_empty_array(FLOAT8OID);
	dims[0] = n;
	a = (ArrayType *) palloc0(nbytes);
	SET_VARSIZE(a, nbytes);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = FLOAT8OID;
	memcpy(ARR_DIMS(a), dims, sizeof(dims));
	memcpy(ARR_LBOUND(a), lbs, sizeof(lbs));
	memcpy(ARR_DATA_PTR(a), v, sizeof(float8) * (Size) n);
	return a;
}

ArrayType *
ct_float8_matrix(const double *v, int rows, int cols)
{
	ArrayType  *a;
	int			dims[2];
	int			lbs[2] = {1, 1};
	Size		nbytes = ARR_OVERHEAD_NONULLS(2) + sizeof(float8) * (Size) rows * cols;

	dims[0] = rows;
	dims[1] = cols;
	a = (ArrayType *) palloc0(nbytes);
	SET_VARSIZE(a, nbytes);
	a->ndim = 2;
	a->dataoffset = 0;
	a->elemtype = FLOAT8OID;
	memcpy(ARR_DIMS(a), dims, sizeof(dims));
	memcpy(ARR_LBOUND(a), lbs, sizeof(lbs));
	memcpy(ARR_DATA_PTR(a), v, sizeof(float8) * (Size) rows * cols);
	return a;
}

int
ct_rule_type_of(Oid type)
{
	switch (getBaseType(type))
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
			return CT_RULE_NULLTYPE;
	}
}

FuncCallContext *
ct_srf_first_call(FunctionCallInfo fcinfo, int natts, const char *fname,
				  MemoryContext *old)
{
	FuncCallContext *funcctx = SRF_FIRSTCALL_INIT();
	TupleDesc	tupdesc;

	*old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "%s: return type must be a row type", fname);
	if (tupdesc->natts != natts)
		elog(ERROR, "%s: the result type has %d columns, expected %d",
			 fname, tupdesc->natts, natts);
	funcctx->tuple_desc = BlessTupleDesc(tupdesc);
	return funcctx;
}

void
ct_progress(int64 *last, int64 rows, const char *fallback)
{
	const char *phase;
	TimestampTz now;

	if (ct_progress_interval < 0)
		return;
	phase = GetConfigOption("complaint_tier.progress_phase", true, false);
	if (phase == NULL || phase[0] == '\0')
	{
		if (fallback == NULL)
			return;
		phase = fallback;
	}
	now = GetCurrentTimestamp();
	if (*last == 0)
		*last = now;
	else if (now - *last >= (int64) ct_progress_interval * 1000000)
	{
		*last = now;
		ereport(NOTICE,
				(errmsg("%s: %lld rows%s so far", phase, (long long) rows,
						IsParallelWorker() ? " in a parallel worker" : "")));
	}
}

CtProgressTick *
ct_progress_fn(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
														  sizeof(CtProgressTick));
	return (CtProgressTick *) fcinfo->flinfo->fn_extra;
}

