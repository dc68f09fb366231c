/*
 * ct_fuzzy_pg.c
 *		SQL wrappers of fuzzy comprehensive evaluation: fuzzy_membership,
 *		fuzzy_evaluate and fuzzy_score.
 */
#include "postgres.h"

#include "utils/array.h"

#include "ct_fuzzy.h"
#include "ct_pg.h"

PG_FUNCTION_INFO_V1(ct_fuzzy_membership_sql);
PG_FUNCTION_INFO_V1(ct_fuzzy_evaluate_sql);
PG_FUNCTION_INFO_V1(ct_fuzzy_score_sql);

Datum
ct_fuzzy_membership_sql(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);
	ArrayType  *ba = PG_GETARG_ARRAYTYPE_P(1);
	int			k;
	double	   *centres;
	double		out[CT_MAX_GRADES];
	ct_error	err;

	ct_arg_finite(x, "x");
	centres = ct_arg_vector(ba, "breakpoints", CT_MAX_GRADES, &k);
	ct_check(ct_fuzzy_membership(x, centres, k, out, &err), &err);
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(out, k));
}

/*
 * The membership argument: an m x k float8[][] (one row per factor, one
 * column per grade) without NULL, NaN or Infinity, with one row per weight
 * and at most CT_MAX_GRADES grades.  Values in [0, 1] are checked by the core.
 */
static double *
membership_arg(ArrayType *a, int m, int *k)
{
	int			rows;
	double	   *r = ct_arg_matrix(a, "membership", CT_MAX_VECTOR, &rows, k);

	if (*k > CT_MAX_GRADES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("membership has too many grades"),
				 errdetail("It has %d columns; the limit is %d grades.", *k, CT_MAX_GRADES)));
	if (rows != m)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("membership must have one row per weight"),
				 errdetail("w has %d elements and membership has %d rows.", m, rows),
				 errhint("Row i of membership holds factor i's degrees in each grade.")));
	return r;
}

Datum
ct_fuzzy_evaluate_sql(PG_FUNCTION_ARGS)
{
	ArrayType  *wa = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *ra = PG_GETARG_ARRAYTYPE_P(1);
	ct_fuzzy_op op = CT_FUZZY_WEIGHTED_AVERAGE;
	int			m,
				k;
	double	   *w = ct_arg_vector(wa, "w", CT_MAX_VECTOR, &m);
	double	   *r = membership_arg(ra, m, &k);
	double		b[CT_MAX_GRADES];
	ct_error	err;

	if (PG_NARGS() > 2)
	{
		size_t		len;
		const char *s = ct_arg_word(PG_GETARG_TEXT_PP(2), &len);

		ct_check(ct_fuzzy_parse_operator(s, len, &op, &err), &err);
	}
	ct_check(ct_fuzzy_evaluate(w, m, r, k, op, b, &err), &err);
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(b, k));
}

Datum
ct_fuzzy_score_sql(PG_FUNCTION_ARGS)
{
	ArrayType  *ba = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *ga = PG_GETARG_ARRAYTYPE_P(1);
	int			k;
	double	   *b = ct_arg_vector(ba, "grades", CT_MAX_GRADES, &k);
	double	   *g = ct_arg_vector_n(ga, "grade_values", k, "grades");
	double		score;
	ct_error	err;

	ct_check(ct_fuzzy_score(b, g, k, &score, &err), &err);
	PG_RETURN_FLOAT8(score);
}
