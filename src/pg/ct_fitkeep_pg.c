/*
 * ct_fitkeep_pg.c
 *		fit's last pass without a last scan: the method sketch scan keeps
 *		each row's method scores in memory (the aggregate _fit_keep, up to a
 *		budget fit sets to maintenance_work_mem), and _fit_final_kept
 *		computes from them what the scan of _fit_final would: the sketch of
 *		the combined score and the indicator_stats of the methods' average
 *		ranks (doc/sketch.md, "How fit scans").
 *
 * The kept scores are the first nm elements of each _fit_method_scores
 * row, the very doubles _fit_final computes per row, in the order the
 * aggregate saw them; in a serial plan that is the order a scan of the same
 * table gives, so the sketch and the rank statistics are byte for byte
 * those of the scan (sql/fit_keep.sql compares them).  A parallel plan
 * concatenates the workers' rows in the order their states are combined.
 *
 * Above the budget the state drops what it kept and the final value is
 * NULL: fit then scans the source once more, as before.
 *
 * The same aggregate keeps scan 2's normalised indicators (NULL, an
 * imputed input, kept as NaN) when they fit too: then VIKOR's S and R
 * (_fit_vikor_sr_kept) and the method sketch (_fit_method_scores_kept,
 * which keeps the method scores in turn) come from memory as well, and fit
 * reads the source twice.  Each row is evaluated from its normalised values
 * with the version's imputation, the computation _fit_vikor_sr and
 * _fit_method_scores do after reading the row.
 *
 * The scores do not travel as a value: the final function hands the
 * state's memory context over to the transaction (MemoryContextSetParent)
 * and returns a number naming it, which _fit_final_kept takes, uses and
 * frees.  One such block is kept per backend (a newer one frees the older);
 * whatever is not taken goes with the transaction.  (A value of tens of
 * megabytes would be copied into the query's result and into fit's
 * variable, each copy touching fresh memory.)
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "ct_eval_pg.h"
#include "ct_model_pg.h"
#include "ct_pg.h"
#include "ct_sketch_pg.h"
#include "ct_stats_pg.h"

PG_FUNCTION_INFO_V1(ct_fit_keep_accum);
PG_FUNCTION_INFO_V1(ct_fit_keep_combine);
PG_FUNCTION_INFO_V1(ct_fit_keep_serial);
PG_FUNCTION_INFO_V1(ct_fit_keep_deserial);
PG_FUNCTION_INFO_V1(ct_fit_keep_final);
PG_FUNCTION_INFO_V1(ct_fit_final_kept_sql);

/* the most a state keeps: 1 GB (a serialised partial state is a bytea) */
#define KEEP_MAX_BYTES	((int64) MaxAllocSize - 1024)
/* the most values a row keeps (the normalised indicators of a model) */
#define KEEP_MAX_WIDTH	4096
/* rows per chunk: memory is taken a chunk at a time as rows arrive */
#define KEEP_CHUNK_ROWS	8192

/*
 * The state: the kept rows' nm doubles each, in chunks of KEEP_CHUNK_ROWS
 * rows (row i in chunk i / KEEP_CHUNK_ROWS), allocated as they fill, so
 * that neither a reservation of the whole budget (which strict overcommit
 * would count in every parallel worker) nor a growing copy is needed.
 */
typedef struct KeepState
{
	int32		nm;				/* values per row (the width) */
	bool		over;			/* the budget was exceeded: nothing kept */
	int64		budget;			/* bytes of scores at most */
	int64		n;				/* rows kept */
	int			nchunks;
	int			maxchunks;		/* room in chunks[] */
	char	  **chunks;
	MemoryContext cxt;			/* the chunks', a child of the aggregate context */
	int64		handed;			/* the number the final function returned */
} KeepState;

/* The block handed over to the transaction by the final function. */
typedef struct KeptBlock
{
	int64		id;
	int32		nm;
	int64		n;
	char	  **chunks;			/* as in KeepState; doubles unaligned */
	MemoryContext cxt;			/* holds the chunks and this struct */
	MemoryContextCallback cb;
	struct KeptBlock *next;
} KeptBlock;

/* the blocks handed over and not yet taken, in this transaction */
static KeptBlock *kept_blocks = NULL;
static int64 kept_counter = 0;

/* the block's context is deleted (taken, or the transaction ended) */
static void
kept_forget(void *arg)
{
	for (KeptBlock **p = &kept_blocks; *p != NULL; p = &(*p)->next)
		if (*p == (KeptBlock *) arg)
		{
			*p = (*p)->next;
			break;
		}
}

/* The block numbered id of this transaction, or 55000. */
static KeptBlock *
kept_find(int64 id)
{
	for (KeptBlock *b = kept_blocks; b != NULL; b = b->next)
		if (b->id == id)
			return b;
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("no kept scores numbered " INT64_FORMAT " in this transaction", id),
			 errhint("_fit_keep's result is taken once, in the transaction that computed it.")));
	return NULL;				/* not reached */
}

static MemoryContext
keep_context(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in a non-aggregate context", fn)));
	return aggcxt;
}

static KeepState *
keep_new(MemoryContext cxt, int32 nm, int64 budget)
{
	KeepState  *st = MemoryContextAllocZero(cxt, sizeof(KeepState));

	st->nm = nm;
	st->budget = Min(budget, KEEP_MAX_BYTES);
	return st;
}

static void
keep_drop(KeepState *st)
{
	st->over = true;
	st->n = 0;
	st->nchunks = st->maxchunks = 0;
	if (st->cxt != NULL)
		MemoryContextDelete(st->cxt);
	st->cxt = NULL;
	st->chunks = NULL;
}

/* The address of row i's scores in chunks. */
static inline char *
keep_row(char **chunks, int32 nm, int64 i)
{
	return chunks[i / KEEP_CHUNK_ROWS] + (i % KEEP_CHUNK_ROWS) * nm * sizeof(double);
}

/*
 * Append rows rows of nm doubles from src (contiguous), or drop the state
 * when they would exceed the budget.  cxt: the aggregate context.
 */
static void
keep_append(KeepState *st, MemoryContext cxt, const char *src, int64 rows)
{
	Size		rowbytes = (Size) st->nm * sizeof(double);

	if (st->over)
		return;
	if ((st->n + rows) * (int64) rowbytes > st->budget)
	{
		keep_drop(st);
		return;
	}
	if (st->cxt == NULL)
		st->cxt = AllocSetContextCreate(cxt, "complaint_tier fit kept scores",
										ALLOCSET_DEFAULT_SIZES);
	while (rows > 0)
	{
		int64		off = st->n % KEEP_CHUNK_ROWS;
		int64		take = Min(rows, KEEP_CHUNK_ROWS - off);

		if (off == 0)
		{
			if (st->nchunks == st->maxchunks)
			{
				st->maxchunks = Max(16, st->maxchunks * 2);
				st->chunks = st->chunks == NULL
					? MemoryContextAlloc(st->cxt, sizeof(char *) * st->maxchunks)
					: repalloc(st->chunks, sizeof(char *) * st->maxchunks);
			}
			st->chunks[st->nchunks++] = MemoryContextAlloc(st->cxt, KEEP_CHUNK_ROWS * rowbytes);
		}
		memcpy(st->chunks[st->nchunks - 1] + off * rowbytes, src, take * rowbytes);
		src += take * rowbytes;
		st->n += take;
		rows -= take;
	}
}

/*
 * Append the first nm elements of a one-dimensional float8 array, NULL as
 * NaN (the elements of an array with NULLs are stored without them).
 */
static void
keep_append_array(KeepState *st, MemoryContext cxt, ArrayType *a)
{
	const bits8 *bitmap = ARR_NULLBITMAP(a);
	const double *x = (const double *) ARR_DATA_PTR(a);
	double		row[KEEP_MAX_WIDTH];

	if (bitmap == NULL)
	{
		keep_append(st, cxt, (const char *) x, 1);
		return;
	}
	for (int i = 0; i < st->nm; i++)
		row[i] = (bitmap[i / 8] & (1 << (i % 8))) ? *x++ : NAN;
	keep_append(st, cxt, (const char *) row, 1);
}

/*
 * _fit_keep(scores float8[], nm int, budget bigint): transition function.
 * Keeps scores[1:nm] of every row (a NULL as NaN) while they fit in budget
 * bytes.
 */
Datum
ct_fit_keep_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = keep_context(fcinfo, "_fit_keep_accum");
	KeepState  *st = PG_ARGISNULL(0) ? NULL : (KeepState *) PG_GETARG_POINTER(0);
	ArrayType  *a;
	int32		nm;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("_fit_keep needs the scores, their count and the budget")));
	nm = PG_GETARG_INT32(2);
	if (st == NULL)
	{
		if (nm < 1 || nm > KEEP_MAX_WIDTH)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("nm must lie between 1 and %d", KEEP_MAX_WIDTH)));
		st = keep_new(aggcxt, nm, PG_GETARG_INT64(3));
	}
	if (st->over)
		PG_RETURN_POINTER(st);
	a = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_NDIM(a) != 1 || ARR_ELEMTYPE(a) != FLOAT8OID || ARR_DIMS(a)[0] < st->nm)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("scores must be a one-dimensional float8 array of at least %d elements", st->nm)));
	keep_append_array(st, aggcxt, a);
	PG_RETURN_POINTER(st);
}

/* Combine: the second state's rows after the first's. */
Datum
ct_fit_keep_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = keep_context(fcinfo, "_fit_keep_combine");
	KeepState  *a = PG_ARGISNULL(0) ? NULL : (KeepState *) PG_GETARG_POINTER(0);
	KeepState  *b = PG_ARGISNULL(1) ? NULL : (KeepState *) PG_GETARG_POINTER(1);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		PG_RETURN_POINTER(b);	/* in the aggregate context (deserialised) */
	if (a->nm != b->nm)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("kept scores of %d and %d methods cannot be combined", a->nm, b->nm)));
	if (b->over)
		keep_drop(a);
	else
		for (int c = 0; c < b->nchunks && !a->over; c++)
			keep_append(a, aggcxt, b->chunks[c],
						Min(KEEP_CHUNK_ROWS, b->n - (int64) c * KEEP_CHUNK_ROWS));
	PG_RETURN_POINTER(a);
}

/* The serial form: nm, over, budget, n, then the rows' doubles. */
Datum
ct_fit_keep_serial(PG_FUNCTION_ARGS)
{
	KeepState  *st = (KeepState *) PG_GETARG_POINTER(0);
	Size		data = st->over ? 0 : (Size) st->n * st->nm * sizeof(double);
	Size		hdr = sizeof(int32) * 2 + sizeof(int64) * 2;
	bytea	   *out = (bytea *) palloc(VARHDRSZ + hdr + data);
	char	   *p = VARDATA(out);
	int32		over = st->over ? 1 : 0;

	SET_VARSIZE(out, VARHDRSZ + hdr + data);
	memcpy(p, &st->nm, sizeof(int32));
	memcpy(p + 4, &over, sizeof(int32));
	memcpy(p + 8, &st->budget, sizeof(int64));
	memcpy(p + 16, &st->n, sizeof(int64));
	for (int c = 0; c < st->nchunks && data > 0; c++)
	{
		Size		bytes = (Size) Min(KEEP_CHUNK_ROWS, st->n - (int64) c * KEEP_CHUNK_ROWS) *
			st->nm * sizeof(double);

		memcpy(p + hdr, st->chunks[c], bytes);
		p += bytes;
	}
	PG_RETURN_BYTEA_P(out);
}

Datum
ct_fit_keep_deserial(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = keep_context(fcinfo, "_fit_keep_deserial");
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	const char *p = VARDATA_ANY(in);
	Size		len = VARSIZE_ANY_EXHDR(in);
	Size		hdr = sizeof(int32) * 2 + sizeof(int64) * 2;
	int32		nm,
				over;
	int64		budget,
				n;
	KeepState  *st;

	if (len < hdr)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted _fit_keep state")));
	memcpy(&nm, p, sizeof(int32));
	memcpy(&over, p + 4, sizeof(int32));
	memcpy(&budget, p + 8, sizeof(int64));
	memcpy(&n, p + 16, sizeof(int64));
	if (nm < 1 || nm > KEEP_MAX_WIDTH || n < 0 ||
		len != hdr + (over ? 0 : (Size) n * nm * sizeof(double)))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted _fit_keep state")));
	st = keep_new(aggcxt, nm, budget);
	if (over)
		st->over = true;
	else if (n > 0)
		keep_append(st, aggcxt, p + hdr, n);
	PG_RETURN_POINTER(st);
}

/* A sketch as a quantile_sketch value (its binary form). */
static Datum
sketch_value(const ct_sketch *sk)
{
	Size		sz = ct_sketch_send_size(sk);
	bytea	   *out = (bytea *) palloc(VARHDRSZ + sz);

	SET_VARSIZE(out, VARHDRSZ + sz);
	ct_sketch_send(sk, (uint8 *) VARDATA(out));
	return PointerGetDatum(out);
}

/*
 * Hand the state's rows over to the transaction as a block and return its
 * number (the state keeps nothing).
 */
static int64
keep_handoff(KeepState *st)
{
	KeptBlock  *b = MemoryContextAllocZero(st->cxt, sizeof(KeptBlock));

	b->id = ++kept_counter;
	b->nm = st->nm;
	b->n = st->n;
	b->chunks = st->chunks;
	b->cxt = st->cxt;
	b->cb.func = kept_forget;
	b->cb.arg = b;
	MemoryContextRegisterResetCallback(b->cxt, &b->cb);
	MemoryContextSetParent(b->cxt, TopTransactionContext);
	b->next = kept_blocks;
	kept_blocks = b;
	st->cxt = NULL;
	st->chunks = NULL;
	st->nchunks = st->maxchunks = 0;
	return b->id;
}

/*
 * Final: the number of the block the kept rows are handed over in, or
 * NULL when nothing was kept or the budget was exceeded (FINALFUNC_MODIFY
 * = READ_WRITE: the state gives its memory away).
 */
Datum
ct_fit_keep_final(PG_FUNCTION_ARGS)
{
	KeepState  *st = PG_ARGISNULL(0) ? NULL : (KeepState *) PG_GETARG_POINTER(0);

	if (st == NULL || st->over || st->n == 0)
		PG_RETURN_NULL();
	if (st->handed == 0)
		st->handed = keep_handoff(st);
	PG_RETURN_INT64(st->handed);
}

/*
 * _fit_kept_release(kept bigint): frees a block this transaction kept (fit
 * gives up the normalised indicators when a later step changed the
 * normalisation); nothing when there is none of that number.
 */
PG_FUNCTION_INFO_V1(ct_fit_kept_release_sql);

Datum
ct_fit_kept_release_sql(PG_FUNCTION_ARGS)
{
	int64		id = PG_GETARG_INT64(0);

	for (KeptBlock *b = kept_blocks; b != NULL; b = b->next)
		if (b->id == id)
		{
			MemoryContextDelete(b->cxt);	/* kept_forget unlinks it */
			break;
		}
	PG_RETURN_VOID();
}

/*
 * A row's normalised indicators from a block into the cache: a NaN (a NULL
 * input) takes the version's imputed value, as ct_model_inputs does.
 */
static void
kept_inputs(ModelCache *c, const char *row)
{
	const ct_model *m = &c->m;
	int			missing = 0;

	memcpy(c->v, row, sizeof(double) * m->n_ind);
	for (int j = 0; j < m->n_ind; j++)
	{
		c->imputed[j] = isnan(c->v[j]);
		if (c->imputed[j])
		{
			c->v[j] = m->ind[j].impute;
			missing++;
		}
	}
	c->n_missing = missing;
}

/* The version argument, not yet fitted, and the normalised block id. */
static KeptBlock *
kept_normalised_arg(FunctionCallInfo fcinfo, ModelCache *c)
{
	KeptBlock  *b;

	ct_fit_scores_check(c);
	b = kept_find(PG_GETARG_INT64(1));
	if (b->nm != c->m.n_ind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the kept rows have %d values; version %d of model \"%s\" has %d indicators",
						b->nm, c->version, c->model_name, c->m.n_ind)));
	return b;
}

/*
 * _fit_vikor_sr_kept(version model_version, kept bigint) -> indicator_stats:
 * indicator_stats of VIKOR's {S, R} of every row of the block of normalised
 * indicators, in the kept order (what the scan of _fit_vikor_sr
 * aggregates).  The block stays.
 */
PG_FUNCTION_INFO_V1(ct_fit_vikor_sr_kept_sql);

Datum
ct_fit_vikor_sr_kept_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache_byvalue(fcinfo, PG_GETARG_HEAPTUPLEHEADER(0));
	KeptBlock  *b = kept_normalised_arg(fcinfo, c);
	CtStatsData *rs = ct_stats_new(2);
	ct_stats	view;
	CtProgressTick tick = {0};

	ct_stats_view(&view, rs->data, 2);
	for (int64 i = 0; i < b->n; i++)
	{
		double		sr[2];
		ct_error	err;

		kept_inputs(c, keep_row(b->chunks, b->nm, i));
		if (unlikely(ct_model_vikor_sr(&c->m, c->v, &sr[0], &sr[1], &err) != CT_OK))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("evaluation of model \"%s\" version %d failed: %s",
							c->model_name, c->version, err.message),
					 err.detail[0] ? errdetail("%s", err.detail) : 0));
		if (ct_stats_add_row(&view, sr, NULL, &err) != CT_OK)
			ct_report(&err);
		ct_progress_row(&tick);
		CHECK_FOR_INTERRUPTS();
	}
	PG_RETURN_POINTER(rs);
}

/*
 * _fit_method_scores_kept(version model_version, kept bigint, budget bigint,
 * OUT methods quantile_sketch, OUT scores bigint): from the block of
 * normalised indicators, what the method sketch scan computes: the
 * quantile_sketch of every row's {method scores, dimension scores} (as
 * _fit_method_scores gives them) and, within budget bytes, the method
 * scores kept for _fit_final_kept (NULL above it).  The block of normalised
 * indicators is freed.
 */
PG_FUNCTION_INFO_V1(ct_fit_method_scores_kept_sql);

Datum
ct_fit_method_scores_kept_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache_byvalue(fcinfo, PG_GETARG_HEAPTUPLEHEADER(0));
	KeptBlock  *b = kept_normalised_arg(fcinfo, c);
	const ct_model *m = &c->m;
	int			nm = m->n_methods;
	int			k = nm + m->n_dim;
	int64		budget = PG_GETARG_INT64(2);
	QState		st;
	KeepState  *ks = keep_new(CurrentMemoryContext, nm, budget);
	TupleDesc	desc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("_fit_method_scores_kept must be called where a record is expected")));
	memset(&st, 0, sizeof(st));
	ct_qsketch_init(&st.s, k, CurrentMemoryContext);
	st.last = GetCurrentTimestamp();	/* progress as the scan's sketch */
	if (budget <= 0)
		ks->over = true;
	for (int64 i = 0; i < b->n; i++)
	{
		ct_result	r;
		double		s[CT_NMETHODS];
		double		row[CT_NMETHODS + CT_MAX_DIM];
		uint8		bitmap[(CT_NMETHODS + CT_MAX_DIM + 7) / 8];
		int			j = 0;

		kept_inputs(c, keep_row(b->chunks, b->nm, i));
		ct_model_eval_row(c, &r);
		ct_fit_method_scores_of(c, &r, s);
		/* the sketch row as the array of _fit_method_scores: NULL dimensions left out */
		memset(bitmap, 0, sizeof(bitmap));
		for (int x = 0; x < k; x++)
		{
			double		val = x < nm ? s[x] : r.dim_score[x - nm];

			if (isnan(val))
				continue;
			bitmap[x / 8] |= 1 << (x % 8);
			row[j++] = val;
		}
		ct_qsketch_add(&st, row, bitmap);
		keep_append(ks, CurrentMemoryContext, (const char *) s, 1);
		CHECK_FOR_INTERRUPTS();
	}
	MemoryContextDelete(b->cxt);	/* the normalised block is taken (kept_forget) */
	values[0] = sketch_value(&st.s);
	nulls[1] = ks->over || ks->n == 0;
	values[1] = nulls[1] ? (Datum) 0 : Int64GetDatum(keep_handoff(ks));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}

/*
 * _fit_final_kept(version model_version, kept bigint, methods
 * quantile_sketch, OUT combined quantile_sketch, OUT ranks
 * indicator_stats): over the method scores of the block kept (the number
 * _fit_keep returned in this transaction), the combined score's sketch
 * (quantile_sketch_dist of _fit_final's first element) and, with two
 * methods or more, the indicator_stats of the methods' average ranks in
 * the methods sketch (its other elements), row by row in the kept order.
 * The block is freed.
 */
Datum
ct_fit_final_kept_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache_byvalue(fcinfo, PG_GETARG_HEAPTUPLEHEADER(0));
	const ct_model *m = &c->m;
	int64		id = PG_GETARG_INT64(1);
	bytea	   *methods = PG_GETARG_BYTEA_PP(2);
	int			nm = m->n_methods;
	KeptBlock  *b;
	int64		n;
	void	   *ranker = NULL;
	QState		st;
	CtStatsData *rs = NULL;
	ct_stats	view;
	TupleDesc	desc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	ct_fit_scores_check(c);
	if (!m->has_quantiles)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("version %d of model \"%s\" has no quantiles yet", c->version, c->model_name)));
	b = kept_find(id);
	if (b->nm != nm)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the kept scores have %d methods; version %d of model \"%s\" has %d",
						b->nm, c->version, c->model_name, nm)));
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("_fit_final_kept must be called where a record is expected")));
	n = b->n;

	memset(&st, 0, sizeof(st));
	ct_qsketch_init(&st.s, 1, CurrentMemoryContext);
	st.last = GetCurrentTimestamp();	/* progress as the scan's sketch */
	if (nm > 1)
	{
		ranker = ct_qsketch_ranker(methods, nm);
		rs = ct_stats_new(nm);
		ct_stats_view(&view, rs->data, nm);
	}
	for (int64 i = 0; i < n; i++)
	{
		double		s[CT_NMETHODS];
		double		combined;

		memcpy(s, keep_row(b->chunks, nm, i), nm * sizeof(double));
		combined = ct_model_combine(m, s, NULL);
		/* the progress NOTICEs of the sketch's rows, under fit's phase */
		ct_qsketch_add(&st, &combined, NULL);
		if (nm > 1)
		{
			double		ranks[CT_NMETHODS];
			ct_error	err;

			ct_qsketch_ranker_ranks(ranker, s, nm, ranks);
			if (ct_stats_add_row(&view, ranks, NULL, &err) != CT_OK)
				ct_report(&err);
		}
		CHECK_FOR_INTERRUPTS();
	}
	MemoryContextDelete(b->cxt);	/* the block is taken (kept_forget) */
	values[0] = sketch_value(&st.s);
	values[1] = PointerGetDatum(rs);
	nulls[1] = rs == NULL;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}
