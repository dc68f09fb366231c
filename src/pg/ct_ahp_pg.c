/*
 * ct_ahp_pg.c
 *		SQL wrappers of the AHP building blocks: ahp_weights and
 *		ahp_consistency.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"

#include "ct_ahp.h"
#include "ct_pg.h"

PG_FUNCTION_INFO_V1(ct_ahp_weights_sql);
PG_FUNCTION_INFO_V1(ct_ahp_consistency_sql);

/*
 * The pairwise argument: a square two-dimensional float8[][] without NULL,
 * NaN or Infinity, of order at most CT_MAX_AHP.  Its values (positivity,
 * diagonal, reciprocity) are checked by the core.
 */
static double *
pairwise_arg(ArrayType *a, int *n)
{
	int			rows,
				cols;
	double	   *v = ct_arg_matrix(a, "pairwise", CT_MAX_AHP, &rows, &cols);

	if (rows != cols)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("pairwise matrix must be square"),
				 errdetail("It is %d x %d.", rows, cols),
				 errhint("Compare every criterion with every other one: n criteria make an n x n matrix.")));
	*n = rows;
	return v;
}

Datum
ct_ahp_weights_sql(PG_FUNCTION_ARGS)
{
	ArrayType  *pa = PG_GETARG_ARRAYTYPE_P(0);
	ct_ahp_method method = CT_AHP_EIGENVECTOR;
	ct_error	err;
	int			n;
	double	   *a = pairwise_arg(pa, &n);
	double	   *w;
	double	   *work;

	if (PG_NARGS() > 1)
	{
		size_t		len;
		const char *s = ct_arg_word(PG_GETARG_TEXT_PP(1), &len);

		ct_check(ct_ahp_parse_method(s, len, &method, &err), &err);
	}
	w = palloc(sizeof(double) * n);
	work = palloc(sizeof(double) * CT_AHP_WORK(n));
	ct_check(ct_ahp_weights(a, n, method, w, work, &err), &err);
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(w, n));
}

Datum
ct_ahp_consistency_sql(PG_FUNCTION_ARGS)
{
	ArrayType  *pa = PG_GETARG_ARRAYTYPE_P(0);
	ct_ahp_consistency_result res;
	ct_error	err;
	TupleDesc	tupdesc;
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};
	int			n;
	double	   *a = pairwise_arg(pa, &n);
	double	   *work;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "ahp_consistency: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);

	work = palloc(sizeof(double) * CT_AHP_WORK(n));
	ct_check(ct_ahp_consistency(a, n, &res, work, &err), &err);

	values[0] = Int32GetDatum(res.n);
	values[1] = Float8GetDatum(res.lambda_max);
	values[2] = Float8GetDatum(res.ci);
	values[3] = Float8GetDatum(res.ri);
	values[4] = Float8GetDatum(res.cr);
	values[5] = BoolGetDatum(res.consistent != 0);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
