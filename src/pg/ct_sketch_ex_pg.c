/*
 * ct_sketch_ex_pg.c
 *		quantile_sketch_dist(float8[]) and quantile_sketch_dist(float8): the
 *		quantile_sketch aggregates with the type quantile_sketch itself as
 *		their transition state instead of internal, so that an engine that
 *		ships partial states through the state type's text form (Citus:
 *		worker_partial_agg / coord_combine_agg, which refuse internal) runs
 *		them per shard (doc/scale-out.md, "fit").
 *
 * The transition value is a read-write expanded object (utils/expandeddatum.h)
 * wrapping the same working sketch as the internal state (QState,
 * ct_sketch_pg.h), its memory a child context of the aggregate context.
 * PostgreSQL's nodeAgg and Citus's HandleTransition keep such a value in
 * place from row to row, so a row costs what it costs in quantile_sketch():
 * nothing is copied or encoded per row.  The value is flattened to the
 * stored form (the binary form, as quantile_sketch_send) only where one is
 * needed: the final function, a partial state crossing a Gather or going to
 * Citus's coordinator as text.  A transition value that is not this
 * aggregate's own read-write object (an INITCOND, a partial state coming
 * back, a read-only pointer) is decoded into a new one first.
 */
#include "postgres.h"

#include "utils/expandeddatum.h"
#include "utils/memutils.h"

#include "ct_pg.h"
#include "ct_sketch.h"
#include "ct_sketch_pg.h"

PG_FUNCTION_INFO_V1(ct_qsketch_ex_accum);
PG_FUNCTION_INFO_V1(ct_qsketch_ex_accum1);
PG_FUNCTION_INFO_V1(ct_qsketch_ex_combine);
PG_FUNCTION_INFO_V1(ct_qsketch_ex_final);

typedef struct QSketchEx
{
	ExpandedObjectHeader hdr;
	QState		st;
} QSketchEx;

static Size qsx_get_flat_size(ExpandedObjectHeader *eohptr);
static void qsx_flatten_into(ExpandedObjectHeader *eohptr, void *result,
							 Size allocated_size);

static const ExpandedObjectMethods qsx_methods = {
	qsx_get_flat_size,
	qsx_flatten_into
};

static Size
qsx_get_flat_size(ExpandedObjectHeader *eohptr)
{
	QSketchEx  *x = (QSketchEx *) eohptr;

	return VARHDRSZ + ct_sketch_send_size(&x->st.s);
}

static void
qsx_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	QSketchEx  *x = (QSketchEx *) eohptr;
	Size		n = ct_sketch_send_size(&x->st.s);

	if (allocated_size != VARHDRSZ + n)
		elog(ERROR, "quantile_sketch flatten: %zu bytes allocated, %zu needed",
			 (size_t) allocated_size, (size_t) (VARHDRSZ + n));
	SET_VARSIZE(result, VARHDRSZ + n);
	ct_sketch_send(&x->st.s, (uint8 *) VARDATA(result));
}

/* A new object without a sketch, its own context a child of parent. */
static QSketchEx *
qsx_alloc(MemoryContext parent)
{
	MemoryContext objcxt = AllocSetContextCreate(parent, "quantile_sketch state",
												 ALLOCSET_START_SMALL_SIZES);
	QSketchEx  *x = MemoryContextAllocZero(objcxt, sizeof(QSketchEx));

	EOH_init_header(&x->hdr, &qsx_methods, objcxt);
	x->st.last = GetCurrentTimestamp();
	return x;
}

/* The object behind d when d points to one of ours, else NULL. */
static QSketchEx *
qsx_of(Datum d)
{
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(d);

		if (eoh->eoh_methods == &qsx_methods)
			return (QSketchEx *) eoh;
	}
	return NULL;
}

/* A new object in parent holding a copy of the sketch d. */
static QSketchEx *
qsx_copy(Datum d, MemoryContext parent)
{
	QSketchEx  *src = qsx_of(d);
	bytea	   *v = (bytea *) PG_DETOAST_DATUM_PACKED(d);	/* flattens ours */
	QSketchEx  *x = qsx_alloc(parent);

	ct_qsketch_decode((const uint8 *) VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v),
					  &x->st.s, x->hdr.eoh_context, false);
	if (src != NULL)
		x->st.rows = src->st.rows;
	if ((Pointer) v != DatumGetPointer(d))
		pfree(v);
	return x;
}

/*
 * The transition value (argument 0) as an object this call may change: the
 * aggregate's own read-write object, a child of the aggregate context, in
 * place; a new one of k columns for NULL; a decoded copy of anything else.
 */
static QSketchEx *
qsx_state(FunctionCallInfo fcinfo, MemoryContext aggcxt, int k)
{
	Datum		d;
	QSketchEx  *x;

	if (PG_ARGISNULL(0))
	{
		x = qsx_alloc(aggcxt);
		ct_qsketch_init(&x->st.s, k, x->hdr.eoh_context);
		return x;
	}
	d = PG_GETARG_DATUM(0);
	x = qsx_of(d);
	if (x != NULL && VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(d)) &&
		MemoryContextGetParent(x->hdr.eoh_context) == aggcxt)
		return x;
	return qsx_copy(d, aggcxt);
}

/* Transition function of quantile_sketch_dist(float8[]). */
Datum
ct_qsketch_ex_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = ct_qsketch_agg_context(fcinfo, "quantile_sketch_dist_accum");
	ArrayType  *a;
	QSketchEx  *x;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	a = PG_GETARG_ARRAYTYPE_P(1);
	x = qsx_state(fcinfo, aggcxt, ct_qsketch_row_k(a));
	ct_qsketch_add_array(&x->st, a);
	PG_RETURN_DATUM(EOHPGetRWDatum(&x->hdr));
}

/* Transition function of quantile_sketch_dist(float8). */
Datum
ct_qsketch_ex_accum1(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = ct_qsketch_agg_context(fcinfo, "quantile_sketch_dist_accum");
	double		v;
	QSketchEx  *x;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	v = PG_GETARG_FLOAT8(1);
	x = qsx_state(fcinfo, aggcxt, 1);
	/* an initial state (INITCOND) of another width */
	if (x->st.s.k != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("a quantile_sketch of one column cannot continue a state of %d columns",
						x->st.s.k)));
	ct_qsketch_add(&x->st, &v, NULL);
	PG_RETURN_DATUM(EOHPGetRWDatum(&x->hdr));
}

/*
 * Combine function of the quantile_sketch_dist aggregates (and the
 * transition function of nothing else): merges the second state into the
 * first; NULL states are skipped.
 */
Datum
ct_qsketch_ex_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = ct_qsketch_agg_context(fcinfo, "quantile_sketch_dist_combine");
	QSketchEx  *b;
	QSketchEx  *x;
	ct_sketch	tmp;
	const ct_sketch *src;
	ct_error	err;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	/*
	 * A NULL first state becomes an empty sketch that the second is merged
	 * into, as quantile_sketch's combine does (a merge into an empty sketch
	 * keeps its own compaction parities, so a copy would continue
	 * differently).
	 */
	b = qsx_of(PG_GETARG_DATUM(1));
	if (b != NULL && (PG_ARGISNULL(0) || b != qsx_of(PG_GETARG_DATUM(0))))
		src = &b->st.s;
	else
	{
		bytea	   *v = PG_GETARG_BYTEA_PP(1);

		ct_qsketch_decode((const uint8 *) VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v),
						  &tmp, CurrentMemoryContext, false);
		src = &tmp;
	}
	x = qsx_state(fcinfo, aggcxt, src->k);
	if (ct_sketch_merge(&x->st.s, src, &err) != CT_OK)
		ct_report(&err);
	if (src == &tmp)
		ct_sketch_free(&tmp);
	else
		x->st.rows += b->st.rows;
	PG_RETURN_DATUM(EOHPGetRWDatum(&x->hdr));
}

/* Final function: the state in its stored (flat) form. */
Datum
ct_qsketch_ex_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(PG_GETARG_BYTEA_P(0));
}

PG_FUNCTION_INFO_V1(ct_sketch_columns_sql);

/*
 * _sketch_columns(s, n): the sketch of s's first n columns (columns are
 * independent, so this is exactly what a sketch of those columns alone
 * would hold).  fit passes its method columns to the workers this way
 * instead of the whole sketch with the dimension columns, which would
 * travel in every shard's query.
 */
Datum
ct_sketch_columns_sql(PG_FUNCTION_ARGS)
{
	bytea	   *v = PG_GETARG_BYTEA_PP(0);
	int32		n = PG_GETARG_INT32(1);
	ct_sketch	s;
	Size		len;
	bytea	   *out;

	ct_qsketch_decode((const uint8 *) VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &s,
					  CurrentMemoryContext, false);
	if (n < 1 || n > s.k)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n must lie between 1 and the sketch's %d columns", s.k),
				 errdetail("n is %d.", n)));
	s.k = n;
	len = ct_sketch_send_size(&s);
	out = (bytea *) palloc(VARHDRSZ + len);
	SET_VARSIZE(out, VARHDRSZ + len);
	ct_sketch_send(&s, (uint8 *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}
