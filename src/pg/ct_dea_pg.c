/*
 * ct_dea_pg.c
 *		The DEA building blocks in SQL: the dea_frontier type (text and
 *		binary I/O), its one-pass aggregates dea_frontier(float8[]) and
 *		merge(dea_frontier), frontier accessors, dea_bod, dea_bod_explain
 *		and dea_ccr.  The arithmetic is src/core/ct_dea*.c.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "ct_dea.h"
#include "ct_pg.h"

PG_FUNCTION_INFO_V1(ct_dea_frontier_in);
PG_FUNCTION_INFO_V1(ct_dea_frontier_out);
PG_FUNCTION_INFO_V1(ct_dea_frontier_recv);
PG_FUNCTION_INFO_V1(ct_dea_frontier_send);
PG_FUNCTION_INFO_V1(ct_dea_frontier_accum);
PG_FUNCTION_INFO_V1(ct_dea_frontier_combine);
PG_FUNCTION_INFO_V1(ct_dea_frontier_final);
PG_FUNCTION_INFO_V1(ct_frontier_points_sql);
PG_FUNCTION_INFO_V1(ct_frontier_size_sql);
PG_FUNCTION_INFO_V1(ct_frontier_rows_sql);
PG_FUNCTION_INFO_V1(ct_dea_bod_sql);
PG_FUNCTION_INFO_V1(ct_dea_bod_explain_sql);
PG_FUNCTION_INFO_V1(ct_dea_ccr_sql);

/*
 * A dea_frontier datum: header, then room for cap points of m doubles, n
 * of them used.  The room is part of the datum (VARSIZE covers it), so the
 * executor's copies of a transition value keep it and points are appended
 * in place; the final functions and the I/O functions give compact values
 * (cap = n).  n_pruned is the size after the last pruning: the state is
 * pruned again when it has grown to 2 n_pruned + 64 points, so pruning
 * costs amortised time per point.
 */
typedef struct CtFrontierData
{
	int32		vl_len_;
	int16		version;
	int16		m;
	int32		n;
	int32		cap;
	int32		n_pruned;
	int32		pad;
	double		rows;
	double		pts[FLEXIBLE_ARRAY_MEMBER];
} CtFrontierData;

#define FRONTIER_SIZE(m, cap) \
	(offsetof(CtFrontierData, pts) + sizeof(double) * (Size) (m) * (Size) (cap))

static CtFrontierData *
frontier_alloc(int m, int cap)
{
	Size		sz = FRONTIER_SIZE(m, cap);
	CtFrontierData *f = (CtFrontierData *) palloc0(sz);

	SET_VARSIZE(f, sz);
	f->version = CT_FRONTIER_VERSION;
	f->m = m;
	f->cap = cap;
	return f;
}

/* A copy with room for cap points (cap >= f->n). */
static CtFrontierData *
frontier_copy(const CtFrontierData *f, int cap)
{
	CtFrontierData *c = frontier_alloc(f->m, cap);

	c->n = f->n;
	c->n_pruned = f->n_pruned;
	c->rows = f->rows;
	memcpy(c->pts, f->pts, sizeof(double) * (Size) f->m * f->n);
	return c;
}

static void
frontier_check_struct(const CtFrontierData *f)
{
	if (f->version != CT_FRONTIER_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("unsupported dea_frontier version %d", f->version),
				 errdetail("This build reads version %d.", CT_FRONTIER_VERSION)));
	if (f->m < 1 || f->m > CT_DEA_MAX_DIM || f->n < 0 || f->cap < f->n ||
		f->cap > 2 * CT_DEA_MAX_STATE || VARSIZE(f) != FRONTIER_SIZE(f->m, f->cap))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted dea_frontier value"),
				 errdetail("%d points of %d indicators do not match the value's size %u.",
						   f->n, f->m, (unsigned) VARSIZE(f))));
}

static CtFrontierData *
frontier_arg(FunctionCallInfo fcinfo, int i)
{
	CtFrontierData *f = (CtFrontierData *) PG_DETOAST_DATUM(PG_GETARG_DATUM(i));

	frontier_check_struct(f);
	return f;
}

/*
 * Scratch for the LPs of a state of up to n points, kept in fn_extra (one
 * allocation per query, not per row).
 */
typedef struct frontier_scratch
{
	int			n;
	int			m;
	double	   *work;
	int		   *iwork;
	CtProgressTick tick;		/* rows added, for fit's progress NOTICEs */
} frontier_scratch;

static frontier_scratch *
scratch_struct(FunctionCallInfo fcinfo)
{
	frontier_scratch *s = (frontier_scratch *) fcinfo->flinfo->fn_extra;

	if (s == NULL)
	{
		s = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(frontier_scratch));
		fcinfo->flinfo->fn_extra = s;
	}
	return s;
}

static frontier_scratch *
scratch_for(FunctionCallInfo fcinfo, int n, int m)
{
	frontier_scratch *s = scratch_struct(fcinfo);

	if (s->n < n || s->m != m)
	{
		int			nn = Max(n, 2 * s->n);

		if (s->work)
		{
			pfree(s->work);
			pfree(s->iwork);
		}
		s->work = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt,
									 sizeof(double) * ct_frontier_doubles(nn, m));
		s->iwork = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt,
									  sizeof(int) * ct_frontier_ints(nn, m));
		s->n = nn;
		s->m = m;
	}
	return s;
}

static void
frontier_prune(FunctionCallInfo fcinfo, CtFrontierData *f)
{
	frontier_scratch *s = scratch_for(fcinfo, Max(f->n, 1), f->m);
	ct_error	err;
	int			n = f->n;

	ct_check(ct_frontier_prune(f->pts, &n, f->m, s->work, s->iwork, &err), &err);
	f->n = n;
	f->n_pruned = n;
	if (n > CT_DEA_MAX_FRONTIER)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the DEA frontier has more than %d points", CT_DEA_MAX_FRONTIER),
				 errdetail("%d points of %d indicators are vertices of the upper-right hull.", n, f->m),
				 errhint("Use fewer indicators, or round the normalised values (for example to 2 decimals) so that customers share frontier points.")));
}

/* ---- I/O ---- */

Datum
ct_dea_frontier_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	ct_error	err;
	int			m,
				n;
	double		rows;
	CtFrontierData *f;

	ct_check(ct_frontier_parse_header(text, &m, &rows, &n, &err), &err);
	f = frontier_alloc(m, n);
	ct_check(ct_frontier_parse(text, f->pts, &err), &err);
	f->n = n;
	f->n_pruned = n;
	f->rows = rows;
	PG_RETURN_POINTER(f);
}

Datum
ct_dea_frontier_out(PG_FUNCTION_ARGS)
{
	CtFrontierData *f = frontier_arg(fcinfo, 0);
	size_t		len = ct_frontier_format(f->m, f->rows, f->n, f->pts, NULL, 0);
	char	   *buf = palloc(len + 1);

	ct_frontier_format(f->m, f->rows, f->n, f->pts, buf, len + 1);
	PG_RETURN_CSTRING(buf);
}

Datum
ct_dea_frontier_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	int			m,
				n;
	double		rows;
	CtFrontierData *f;
	ct_error	err;

	if (version != CT_FRONTIER_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported dea_frontier binary format version %d", version),
				 errdetail("This build reads version %d.", CT_FRONTIER_VERSION)));
	m = pq_getmsgint(buf, 4);
	rows = pq_getmsgfloat8(buf);
	n = pq_getmsgint(buf, 4);
	if (m < 1 || m > CT_DEA_MAX_DIM || n < 0 || n > CT_DEA_MAX_STATE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid dea_frontier binary value"),
				 errdetail("%d points of %d indicators; a state has 1 to %d indicators and at most %d points.",
						   n, m, CT_DEA_MAX_DIM, CT_DEA_MAX_STATE)));
	if ((Size) (buf->len - buf->cursor) != sizeof(float8) * (Size) n * m)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid dea_frontier binary value"),
				 errdetail("%d points of %d indicators need %zu bytes; %d remain.",
						   n, m, sizeof(float8) * (Size) n * m, buf->len - buf->cursor)));
	f = frontier_alloc(m, n);
	for (Size i = 0; i < (Size) n * m; i++)
		f->pts[i] = pq_getmsgfloat8(buf);
	pq_getmsgend(buf);
	if (ct_frontier_validate(m, rows, n, f->pts, &err) != CT_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("%s", err.message),
				 err.detail[0] ? errdetail("%s", err.detail) : 0));
	f->n = n;
	f->n_pruned = n;
	f->rows = rows;
	PG_RETURN_POINTER(f);
}

Datum
ct_dea_frontier_send(PG_FUNCTION_ARGS)
{
	CtFrontierData *f = frontier_arg(fcinfo, 0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, CT_FRONTIER_VERSION);
	pq_sendint32(&buf, f->m);
	pq_sendfloat8(&buf, f->rows);
	pq_sendint32(&buf, f->n);
	for (Size i = 0; i < (Size) f->n * f->m; i++)
		pq_sendfloat8(&buf, f->pts[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---- aggregates ---- */

/*
 * One input row: a one-dimensional float8[] of 1..CT_DEA_MAX_DIM values,
 * no NULL element, finite, >= 0.
 */
static double *
frontier_row(ArrayType *a, int *m)
{
	double	   *v = ct_arg_vector(a, "v", CT_DEA_MAX_DIM, m);
	ct_error	err;

	ct_check(ct_dea_check_values(v, *m, 0, "v", &err), &err);
	return v;
}

/*
 * Transition function of dea_frontier(float8[]).  Not STRICT: the state
 * is created on the first non-NULL row (m is known only then); NULL rows
 * are skipped.  A row is kept only when no kept point dominates it and
 * its score against the kept points exceeds 1 (an LP that stops as soon
 * as it does).
 */
Datum
ct_dea_frontier_accum(PG_FUNCTION_ARGS)
{
	CtFrontierData *f;
	ArrayType  *a;
	double	   *v;
	int			m;
	bool		zero = true;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	a = PG_GETARG_ARRAYTYPE_P(1);
	v = frontier_row(a, &m);
	if (PG_ARGISNULL(0))
		f = frontier_alloc(m, 64);
	else
	{
		f = (CtFrontierData *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
		if (!AggCheckCallContext(fcinfo, NULL))
		{
			frontier_check_struct(f);
			f = frontier_copy(f, Max(f->cap, 1));
		}
		if (f->m != m)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("all arrays in one dea_frontier aggregation must have the same length"),
					 errdetail("Earlier arrays had %d elements; this one has %d.", f->m, m)));
	}
	f->rows += 1;
	ct_progress_row(&scratch_struct(fcinfo)->tick);
	for (int j = 0; j < m && zero; j++)
		zero = v[j] == 0.0;
	if (zero || ct_frontier_dominated(f->pts, f->n, m, v))
		PG_RETURN_POINTER(f);
	if (f->n > 0)
	{
		frontier_scratch *s = scratch_for(fcinfo, f->n, m);
		bool		redundant;
		ct_error	err;

		ct_check(ct_dea_redundant(f->pts, f->n, m, v, -1, NULL, s->work, s->iwork,
								  &redundant, &err), &err);
		if (redundant)
			PG_RETURN_POINTER(f);
	}
	if (f->n == f->cap)
	{
		/* the executor copies the new value into the aggregate context */
		f = frontier_copy(f, Max(f->n + 1, Min(Max(2 * f->cap, 64), CT_DEA_MAX_STATE)));
	}
	memcpy(f->pts + (Size) f->n * m, v, sizeof(double) * m);
	f->n++;
	if (f->n >= 2 * f->n_pruned + 64 || f->n == f->cap)
		frontier_prune(fcinfo, f);
	PG_RETURN_POINTER(f);
}

/*
 * Combine function of dea_frontier and transition function of
 * merge(dea_frontier): the union of the two sets, pruned.  A NULL side is
 * the empty state; states over different indicator counts are refused.
 */
Datum
ct_dea_frontier_combine(PG_FUNCTION_ARGS)
{
	CtFrontierData *a;
	CtFrontierData *b;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = frontier_arg(fcinfo, 1);
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(frontier_copy(b, Max(b->n, 1)));
	a = (CtFrontierData *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	frontier_check_struct(a);
	if (a->m != b->m)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("cannot merge dea_frontier states over different indicator counts"),
				 errdetail("One state has %d indicators, the other %d.", a->m, b->m)));
	if (!AggCheckCallContext(fcinfo, NULL) || a->n + b->n > a->cap)
		a = frontier_copy(a, Max(a->n + b->n, a->cap));
	memcpy(a->pts + (Size) a->n * a->m, b->pts, sizeof(double) * (Size) b->n * b->m);
	a->n += b->n;
	a->rows += b->rows;
	frontier_prune(fcinfo, a);
	PG_RETURN_POINTER(a);
}

/* Final function: the pruned set in canonical order, compact. */
Datum
ct_dea_frontier_final(PG_FUNCTION_ARGS)
{
	CtFrontierData *f;
	CtFrontierData *c;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	f = frontier_arg(fcinfo, 0);
	c = frontier_copy(f, f->n);
	frontier_prune(fcinfo, c);
	if (c->n < c->cap)
	{
		CtFrontierData *d = frontier_copy(c, c->n);

		pfree(c);
		c = d;
	}
	PG_RETURN_POINTER(c);
}

/* ---- accessors ---- */

Datum
ct_frontier_points_sql(PG_FUNCTION_ARGS)
{
	CtFrontierData *f = frontier_arg(fcinfo, 0);

	if (f->n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(FLOAT8OID));
	PG_RETURN_ARRAYTYPE_P(ct_float8_matrix(f->pts, f->n, f->m));
}

Datum
ct_frontier_size_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(frontier_arg(fcinfo, 0)->n);
}

Datum
ct_frontier_rows_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64((int64) frontier_arg(fcinfo, 0)->rows);
}

/* ---- dea_bod ---- */

/*
 * The frontier argument of dea_bod is usually the same in every row (a
 * subquery, a parameter, a column of a one-row table).  Its checked copy,
 * column maxima and LP scratch are kept in fn_extra, keyed by the raw
 * bytes of the argument: for a value stored out of line those are the
 * TOAST pointer (so it is not detoasted again), otherwise the value
 * itself (one memcmp).  An expanded array (a PL/pgSQL variable) has no
 * stable bytes and is read every time.
 */
typedef struct bod_cache
{
	char	   *raw;			/* copy of the raw argument, or NULL */
	Size		rawlen;
	int			f;
	int			m;
	double	   *frontier;
	int		   *colmax;
	double	   *work;
	int		   *iwork;
} bod_cache;

typedef struct bod_args
{
	double	   *v;
	int			m;
	bod_cache  *c;
	double	   *lower;
	double	   *upper;
} bod_args;

static bod_cache *
bod_frontier(FunctionCallInfo fcinfo)
{
	MemoryContext mcxt = fcinfo->flinfo->fn_mcxt;
	bod_cache  *c = (bod_cache *) fcinfo->flinfo->fn_extra;
	struct varlena *raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(1));
	bool		keyed = !VARATT_IS_EXTERNAL_EXPANDED(raw);
	Size		rawlen = VARSIZE_ANY(raw);
	ArrayType  *a;
	double	   *fr;
	int			f,
				m;
	ct_error	err;

	if (c == NULL)
	{
		c = MemoryContextAllocZero(mcxt, sizeof(bod_cache));
		fcinfo->flinfo->fn_extra = c;
	}
	else if (keyed && c->raw != NULL && c->rawlen == rawlen &&
			 memcmp(c->raw, raw, rawlen) == 0)
		return c;

	a = PG_GETARG_ARRAYTYPE_P(1);
	fr = ct_arg_matrix(a, "frontier", CT_DEA_MAX_FRONTIER, &f, &m);
	if (m > CT_DEA_MAX_DIM)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("frontier has too many columns"),
				 errdetail("It has %d; the limit is %d.", m, CT_DEA_MAX_DIM)));
	ct_check(ct_dea_check_values(fr, (size_t) f * m, m, "frontier", &err), &err);

	if (c->raw)
		pfree(c->raw);
	c->raw = NULL;
	if (c->frontier == NULL || c->f != f || c->m != m)
	{
		if (c->frontier)
		{
			pfree(c->frontier);
			pfree(c->colmax);
			pfree(c->work);
			pfree(c->iwork);
		}
		c->frontier = MemoryContextAlloc(mcxt, sizeof(double) * (Size) f * m);
		c->colmax = MemoryContextAlloc(mcxt, sizeof(int) * m);
		c->work = MemoryContextAlloc(mcxt, sizeof(double) * ct_dea_bod_doubles(f, m));
		c->iwork = MemoryContextAlloc(mcxt, sizeof(int) * ct_dea_bod_ints(f, m));
		c->f = f;
		c->m = m;
	}
	memcpy(c->frontier, fr, sizeof(double) * (Size) f * m);
	ct_dea_column_max(c->frontier, f, m, c->colmax);
	if (keyed)
	{
		c->raw = MemoryContextAlloc(mcxt, rawlen);
		memcpy(c->raw, raw, rawlen);
		c->rawlen = rawlen;
	}
	return c;
}

/* Check the arguments of dea_bod and dea_bod_explain (v and frontier non-NULL). */
static void
bod_read_args(FunctionCallInfo fcinfo, bod_args *a)
{
	ct_error	err;

	a->v = ct_arg_vector(PG_GETARG_ARRAYTYPE_P(0), "v", CT_DEA_MAX_DIM, &a->m);
	a->c = bod_frontier(fcinfo);
	if (a->c->m != a->m)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("frontier must have one column per element of v"),
				 errdetail("v has %d elements, the frontier %d columns.", a->m, a->c->m)));
	a->lower = NULL;
	a->upper = NULL;
	if (PG_NARGS() > 2 && !PG_ARGISNULL(2))
		a->lower = ct_arg_vector_n(PG_GETARG_ARRAYTYPE_P(2), "lower", a->m, "v");
	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
		a->upper = ct_arg_vector_n(PG_GETARG_ARRAYTYPE_P(3), "upper", a->m, "v");
	ct_check(ct_dea_check_bounds(a->lower, a->upper, a->m, &err), &err);
}

static double
bod_solve(const bod_args *a, double *weights, double *lambda)
{
	double		score;
	ct_error	err;

	ct_check(ct_dea_bod(a->v, a->m, a->c->frontier, a->c->f, a->c->colmax,
						a->lower, a->upper, a->c->work, a->c->iwork, &score,
						weights, lambda, &err), &err);
	return score;
}

/*
 * dea_bod(v, frontier, lower DEFAULT NULL, upper DEFAULT NULL): not
 * STRICT, since a NULL bound means "no bound"; NULL v or frontier give
 * NULL.
 */
Datum
ct_dea_bod_sql(PG_FUNCTION_ARGS)
{
	bod_args	a;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	bod_read_args(fcinfo, &a);
	PG_RETURN_FLOAT8(bod_solve(&a, NULL, NULL));
}

Datum
ct_dea_bod_explain_sql(PG_FUNCTION_ARGS)
{
	bod_args	a;
	TupleDesc	desc;
	double	   *w;
	double	   *share;
	double	   *lambda;
	double		score;
	Datum	   *peers;
	double	   *pw;
	int			np = 0;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "complaint_tier: dea_bod_explain must return a row type");
	bod_read_args(fcinfo, &a);
	w = palloc(sizeof(double) * a.m);
	share = palloc(sizeof(double) * a.m);
	lambda = palloc(sizeof(double) * a.c->f);
	score = bod_solve(&a, w, lambda);
	for (int j = 0; j < a.m; j++)
		share[j] = score > 0.0 ? w[j] * a.v[j] / score : 0.0;
	peers = palloc(sizeof(Datum) * a.c->f);
	pw = palloc(sizeof(double) * a.c->f);
	for (int i = 0; i < a.c->f; i++)
		if (lambda[i] > 1e-12)
		{
			peers[np] = Int32GetDatum(i + 1);
			pw[np++] = lambda[i];
		}
	values[0] = Float8GetDatum(score);
	values[1] = PointerGetDatum(ct_float8_array(w, a.m));
	values[2] = PointerGetDatum(ct_float8_array(share, a.m));
	values[3] = PointerGetDatum(np > 0 ? construct_array(peers, np, INT4OID, 4, true, TYPALIGN_INT)
								: construct_empty_array(INT4OID));
	values[4] = PointerGetDatum(ct_float8_array(pw, np));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}

/* ---- dea_ccr ---- */

Datum
ct_dea_ccr_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			n,
				nx,
				r,
				s;
	double	   *x;
	double	   *y;
	double	   *xs;
	double	   *ys;
	double	   *work;
	int		   *iwork;
	double	   *lambda;
	bool		output;
	size_t		olen;
	const char *orient;
	ct_error	err;

	x = ct_arg_matrix(PG_GETARG_ARRAYTYPE_P(0), "inputs", CT_DEA_MAX_UNITS, &n, &r);
	y = ct_arg_matrix(PG_GETARG_ARRAYTYPE_P(1), "outputs", CT_DEA_MAX_UNITS, &nx, &s);
	if (nx != n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("inputs and outputs must have one row per unit"),
				 errdetail("inputs has %d rows, outputs %d.", n, nx)));
	if (r + s > CT_DEA_MAX_DIM)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many inputs and outputs"),
				 errdetail("%d inputs and %d outputs; the limit is %d together.", r, s, CT_DEA_MAX_DIM)));
	orient = ct_arg_word(PG_GETARG_TEXT_PP(2), &olen);
	if (olen == 5 && memcmp(orient, "input", 5) == 0)
		output = false;
	else if (olen == 6 && memcmp(orient, "output", 6) == 0)
		output = true;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown orientation \"%.*s\"", (int) Min(olen, 64), orient),
				 errhint("Use 'input' or 'output'.")));
	xs = palloc(sizeof(double) * (Size) n * r);
	ys = palloc(sizeof(double) * (Size) n * s);
	ct_check(ct_dea_ccr_prepare(x, y, n, r, s, xs, ys, &err), &err);
	work = palloc(sizeof(double) * ct_dea_ccr_doubles(n, r, s));
	iwork = palloc(sizeof(int) * ct_dea_ccr_ints(n, r, s));
	lambda = palloc(sizeof(double) * n);

	InitMaterializedSRF(fcinfo, 0);
	for (int o = 0; o < n; o++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};
		double		eff;
		bool		defined;

		ct_check(ct_dea_ccr(xs, ys, n, r, s, o, output, work, iwork, &eff,
							lambda, &defined, &err), &err);
		values[0] = Int32GetDatum(o + 1);
		if (defined)
		{
			values[1] = Float8GetDatum(eff);
			values[2] = PointerGetDatum(ct_float8_array(lambda, n));
		}
		else
		{
			nulls[1] = true;
			nulls[2] = true;
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
