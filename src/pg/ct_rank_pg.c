/*
 * ct_rank_pg.c
 *		SQL wrappers of the rank agreement measures: spearman, kendall_tau_b
 *		and ws_similarity.  The sorts' scratch buffers are palloc'd here, in
 *		the call's memory context.
 */
#include "postgres.h"

#include "utils/array.h"

#include "ct_pg.h"
#include "ct_rank.h"

PG_FUNCTION_INFO_V1(ct_spearman_sql);
PG_FUNCTION_INFO_V1(ct_kendall_tau_b_sql);
PG_FUNCTION_INFO_V1(ct_ws_similarity_sql);

Datum
ct_spearman_sql(PG_FUNCTION_ARGS)
{
	int			n;
	double	   *a = ct_arg_vector(PG_GETARG_ARRAYTYPE_P(0), "a", CT_MAX_RANK_N, &n);
	double	   *b = ct_arg_vector_n(PG_GETARG_ARRAYTYPE_P(1), "b", n, "a");
	double	   *ranks_a = palloc(sizeof(double) * (Size) n);
	double	   *ranks_b = palloc(sizeof(double) * (Size) n);
	int		   *order = palloc(sizeof(int) * (Size) n);
	int		   *tmp = palloc(sizeof(int) * (Size) n);
	double		rho;
	int			defined;
	ct_error	err;

	ct_check(ct_spearman(a, b, n, ranks_a, ranks_b, order, tmp, &rho,
						 &defined, &err), &err);
	pfree(ranks_a);
	pfree(ranks_b);
	pfree(order);
	pfree(tmp);
	if (!defined)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(rho);
}

Datum
ct_kendall_tau_b_sql(PG_FUNCTION_ARGS)
{
	int			n;
	double	   *a = ct_arg_vector(PG_GETARG_ARRAYTYPE_P(0), "a", CT_MAX_RANK_N, &n);
	double	   *b = ct_arg_vector_n(PG_GETARG_ARRAYTYPE_P(1), "b", n, "a");
	int		   *order = palloc(sizeof(int) * (Size) n);
	int		   *tmp = palloc(sizeof(int) * (Size) n);
	double		tau;
	int			defined;
	ct_error	err;

	ct_check(ct_kendall_tau_b(a, b, n, order, tmp, &tau, &defined, &err), &err);
	pfree(order);
	pfree(tmp);
	if (!defined)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(tau);
}

Datum
ct_ws_similarity_sql(PG_FUNCTION_ARGS)
{
	int			n;
	double	   *a = ct_arg_vector(PG_GETARG_ARRAYTYPE_P(0), "a", CT_MAX_RANK_N, &n);
	double	   *b = ct_arg_vector_n(PG_GETARG_ARRAYTYPE_P(1), "b", n, "a");
	double		ws;
	ct_error	err;

	ct_check(ct_ws_similarity(a, b, n, &ws, &err), &err);
	PG_RETURN_FLOAT8(ws);
}
