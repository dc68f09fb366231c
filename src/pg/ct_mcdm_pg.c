/*
 * ct_mcdm_pg.c
 *		SQL wrappers of the multi-criteria evaluations of one alternative:
 *		topsis, grey_relational_grade, vikor and vikor_q.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/array.h"

#include "ct_mcdm.h"
#include "ct_pg.h"

PG_FUNCTION_INFO_V1(ct_topsis_sql);
PG_FUNCTION_INFO_V1(ct_grey_relational_grade_sql);
PG_FUNCTION_INFO_V1(ct_vikor_sql);
PG_FUNCTION_INFO_V1(ct_vikor_q_sql);

Datum
ct_topsis_sql(PG_FUNCTION_ARGS)
{
	int			n;
	double	   *v = ct_arg_vector(PG_GETARG_ARRAYTYPE_P(0), "v", CT_MAX_VECTOR, &n);
	double	   *w = ct_arg_vector_n(PG_GETARG_ARRAYTYPE_P(1), "w", n, "v");
	double	   *ideal = ct_arg_vector_n(PG_GETARG_ARRAYTYPE_P(2), "ideal", n, "v");
	double	   *anti = ct_arg_vector_n(PG_GETARG_ARRAYTYPE_P(3), "anti_ideal", n, "v");
	double		c;
	ct_error	err;

	ct_check(ct_topsis(v, w, ideal, anti, n, &c, &err), &err);
	PG_RETURN_FLOAT8(c);
}

Datum
ct_grey_relational_grade_sql(PG_FUNCTION_ARGS)
{
	int			n;
	double	   *v = ct_arg_vector(PG_GETARG_ARRAYTYPE_P(0), "v", CT_MAX_VECTOR, &n);
	double	   *w = ct_arg_vector_n(PG_GETARG_ARRAYTYPE_P(1), "w", n, "v");
	double	   *ref = ct_arg_vector_n(PG_GETARG_ARRAYTYPE_P(2), "reference", n, "v");
	double		delta_min = PG_GETARG_FLOAT8(3);
	double		delta_max = PG_GETARG_FLOAT8(4);
	double		rho = PG_NARGS() > 5 ? PG_GETARG_FLOAT8(5) : 0.5;
	double		g;
	ct_error	err;

	ct_arg_finite(delta_min, "delta_min");
	ct_arg_finite(delta_max, "delta_max");
	ct_arg_finite(rho, "rho");
	ct_check(ct_grey_relational_grade(v, w, ref, n, delta_min, delta_max, rho,
									  &g, &err), &err);
	PG_RETURN_FLOAT8(g);
}

/*
 * vikor() returns record(s, r); the blessed tuple descriptor is built once
 * per query and kept in fn_extra.
 */
Datum
ct_vikor_sql(PG_FUNCTION_ARGS)
{
	int			n;
	double	   *v = ct_arg_vector(PG_GETARG_ARRAYTYPE_P(0), "v", CT_MAX_VECTOR, &n);
	double	   *w = ct_arg_vector_n(PG_GETARG_ARRAYTYPE_P(1), "w", n, "v");
	double	   *best = ct_arg_vector_n(PG_GETARG_ARRAYTYPE_P(2), "best", n, "v");
	double	   *worst = ct_arg_vector_n(PG_GETARG_ARRAYTYPE_P(3), "worst", n, "v");
	TupleDesc	tupdesc = (TupleDesc) fcinfo->flinfo->fn_extra;
	Datum		values[2];
	bool		nulls[2] = {false, false};
	double		s;
	double		r;
	ct_error	err;

	ct_check(ct_vikor_sr(v, w, best, worst, n, &s, &r, &err), &err);
	if (tupdesc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "vikor: return type must be a row type");
		tupdesc = BlessTupleDesc(tupdesc);
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = tupdesc;
	}
	values[0] = Float8GetDatum(s);
	values[1] = Float8GetDatum(r);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

Datum
ct_vikor_q_sql(PG_FUNCTION_ARGS)
{
	double		s = PG_GETARG_FLOAT8(0);
	double		r = PG_GETARG_FLOAT8(1);
	double		s_best = PG_GETARG_FLOAT8(2);
	double		s_worst = PG_GETARG_FLOAT8(3);
	double		r_best = PG_GETARG_FLOAT8(4);
	double		r_worst = PG_GETARG_FLOAT8(5);
	double		v = PG_NARGS() > 6 ? PG_GETARG_FLOAT8(6) : 0.5;
	double		q;
	ct_error	err;

	ct_arg_finite(s, "s");
	ct_arg_finite(r, "r");
	ct_arg_finite(s_best, "s_best");
	ct_arg_finite(s_worst, "s_worst");
	ct_arg_finite(r_best, "r_best");
	ct_arg_finite(r_worst, "r_worst");
	ct_arg_finite(v, "v");
	ct_check(ct_vikor_q(s, r, s_best, s_worst, r_best, r_worst, v, &q, &err), &err);
	PG_RETURN_FLOAT8(q);
}
