/*
 * ct_sketch_pg.c
 *		The quantile_sketch type (text and binary I/O), its aggregates
 *		quantile_sketch(float8[]), quantile_sketch(float8) and
 *		merge(quantile_sketch) with serial / deserial / combine functions,
 *		and the queries of a state (doc/sketch.md).  The sketch itself is
 *		src/core/ct_sketch.c.
 *
 * A stored value is a varlena whose payload is the binary (send) form.  The
 * aggregates keep the decoded sketch as an internal state in the aggregate
 * context.  Progress: the transition function looks at the clock every
 * 65,536 rows and, when complaint_tier.progress_interval seconds (default
 * 10) have passed since the scan (or the last report) began, raises a
 * NOTICE with the rows this process has added and the phase named by the
 * setting complaint_tier.progress_phase (fit sets it): ct_progress
 * (ct_pg.c).  A parallel worker reports its own rows (its NOTICE reaches
 * the client through the leader).
 */
#include "postgres.h"

#include <math.h>

#include "access/parallel.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "ct_pg.h"
#include "ct_objweights.h"
#include "ct_sketch.h"
#include "ct_sketch_pg.h"

PG_FUNCTION_INFO_V1(ct_qsketch_in);
PG_FUNCTION_INFO_V1(ct_qsketch_out);
PG_FUNCTION_INFO_V1(ct_qsketch_recv);
PG_FUNCTION_INFO_V1(ct_qsketch_send);
PG_FUNCTION_INFO_V1(ct_qsketch_accum);
PG_FUNCTION_INFO_V1(ct_qsketch_accum1);
PG_FUNCTION_INFO_V1(ct_qsketch_merge_accum);
PG_FUNCTION_INFO_V1(ct_qsketch_combine);
PG_FUNCTION_INFO_V1(ct_qsketch_serial);
PG_FUNCTION_INFO_V1(ct_qsketch_deserial);
PG_FUNCTION_INFO_V1(ct_qsketch_final);
PG_FUNCTION_INFO_V1(ct_sketch_count_sql);
PG_FUNCTION_INFO_V1(ct_sketch_min_sql);
PG_FUNCTION_INFO_V1(ct_sketch_max_sql);
PG_FUNCTION_INFO_V1(ct_sketch_rank_error_sql);
PG_FUNCTION_INFO_V1(ct_sketch_quantiles_sql);
PG_FUNCTION_INFO_V1(ct_sketch_histogram_sql);
PG_FUNCTION_INFO_V1(ct_sketch_quantiles_disc_sql);
PG_FUNCTION_INFO_V1(ct_sketch_avg_ranks_sql);


static void *
pg_alloc(size_t n, void *ctx)
{
	return MemoryContextAlloc((MemoryContext) ctx, n);
}

static void
pg_release(void *p, void *ctx)
{
	pfree(p);
}

void
ct_qsketch_init(ct_sketch *s, int k, MemoryContext mcxt)
{
	ct_error	err;

	ct_check(ct_sketch_init(s, k, pg_alloc, pg_release, mcxt, &err), &err);
}

/* decode a binary form (payload of a stored value or of bytea) */
void
ct_qsketch_decode(const uint8 *bytes, size_t len, ct_sketch *s, MemoryContext mcxt,
			  bool binary_input)
{
	ct_error	err;
	int			k;

	if (ct_sketch_recv_k(bytes, len, &k, &err) != CT_OK)
	{
		if (binary_input)
			ct_report_binary(&err);
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted quantile_sketch value"),
				 errdetail("%s %s", err.message, err.detail)));
	}
	ct_qsketch_init(s, k, mcxt);
	if (ct_sketch_recv(bytes, len, s, &err) != CT_OK)
	{
		if (binary_input)
			ct_report_binary(&err);
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted quantile_sketch value"),
				 errdetail("%s %s", err.message, err.detail)));
	}
}

static bytea *
sketch_encode(const ct_sketch *s)
{
	size_t		n = ct_sketch_send_size(s);
	bytea	   *out = (bytea *) palloc(VARHDRSZ + n);

	SET_VARSIZE(out, VARHDRSZ + n);
	ct_sketch_send(s, (uint8 *) VARDATA(out));
	return out;
}

static void
sketch_arg(FunctionCallInfo fcinfo, int n, ct_sketch *s)
{
	bytea	   *v = PG_GETARG_BYTEA_PP(n);

	ct_qsketch_decode((const uint8 *) VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), s,
				  CurrentMemoryContext, false);
}

/* ---- I/O ---- */

/*
 * The last large value this backend converted, each way.  A query that
 * carries one sketch to many shards converts the same value again and again
 * (fit's concordance scan on Citus: the coordinator deparses the constant
 * once per shard query and call site, a worker parses it once per call site;
 * 1.7 MB of text for the telecom model at 20,000 rows), and the conversion
 * costs a few hundred milliseconds at that size.  Only values of
 * IO_CACHE_MIN to IO_CACHE_MAX bytes (binary form; their text is about 2.5
 * times as long) are kept and looked up, so a backend holds at most about
 * 2 x 14 MB.  Input and output keep separate entries: an input text need
 * not be the canonical form the output writes.
 */
#define IO_CACHE_MIN	65536
#define IO_CACHE_MAX	(4 * 1024 * 1024)

typedef struct IoCache
{
	Size		binlen;
	char	   *bin;			/* the binary form (payload of a stored value) */
	Size		textlen;
	char	   *text;			/* the text form, NUL-terminated */
} IoCache;

static IoCache in_cache;
static IoCache out_cache;

static void
io_cache_set(IoCache *c, const char *bin, Size binlen, const char *text, Size textlen)
{
	char	   *b = MemoryContextAlloc(TopMemoryContext, binlen);
	char	   *t = MemoryContextAlloc(TopMemoryContext, textlen + 1);

	memcpy(b, bin, binlen);
	memcpy(t, text, textlen);
	t[textlen] = '\0';
	if (c->bin != NULL)
	{
		pfree(c->bin);
		pfree(c->text);
	}
	c->bin = b;
	c->binlen = binlen;
	c->text = t;
	c->textlen = textlen;
}

Datum
ct_qsketch_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	Size		textlen = strlen(text);
	ct_error	err;
	int			k;
	ct_sketch	s;
	bytea	   *out;

	if (in_cache.bin != NULL && in_cache.textlen == textlen &&
		memcmp(in_cache.text, text, textlen) == 0)
	{
		out = (bytea *) palloc(VARHDRSZ + in_cache.binlen);
		SET_VARSIZE(out, VARHDRSZ + in_cache.binlen);
		memcpy(VARDATA(out), in_cache.bin, in_cache.binlen);
		PG_RETURN_BYTEA_P(out);
	}
	ct_check(ct_sketch_parse_header(text, &k, &err), &err);
	ct_qsketch_init(&s, k, CurrentMemoryContext);
	ct_check(ct_sketch_parse(text, &s, &err), &err);
	out = sketch_encode(&s);
	if (VARSIZE(out) - VARHDRSZ >= IO_CACHE_MIN && VARSIZE(out) - VARHDRSZ <= IO_CACHE_MAX)
		io_cache_set(&in_cache, VARDATA(out), VARSIZE(out) - VARHDRSZ, text, textlen);
	PG_RETURN_BYTEA_P(out);
}

Datum
ct_qsketch_out(PG_FUNCTION_ARGS)
{
	bytea	   *v = PG_GETARG_BYTEA_PP(0);
	Size		binlen = VARSIZE_ANY_EXHDR(v);
	ct_sketch	s;
	size_t		len;
	size_t		cap;
	char	   *buf;

	if (binlen >= IO_CACHE_MIN && out_cache.binlen == binlen &&
		memcmp(out_cache.bin, VARDATA_ANY(v), binlen) == 0)
		PG_RETURN_CSTRING(pnstrdup(out_cache.text, out_cache.textlen));
	ct_qsketch_decode((const uint8 *) VARDATA_ANY(v), binlen, &s,
					  CurrentMemoryContext, false);
	/*
	 * One pass with room for the longest form (25 bytes a value, 14 a level,
	 * 128 a column's header lists); a second only if that falls short.
	 */
	cap = 64;
	for (int c = 0; c < s.k; c++)
		cap += 128 + 14 * (size_t) s.cols[c].nlevels + 25 * ct_sketch_nitems(&s, c);
	buf = palloc(cap);
	len = ct_sketch_format(&s, buf, cap);
	if (len >= cap)
	{
		pfree(buf);
		buf = palloc(len + 1);
		ct_sketch_format(&s, buf, len + 1);
	}
	if (binlen >= IO_CACHE_MIN && binlen <= IO_CACHE_MAX)
		io_cache_set(&out_cache, VARDATA_ANY(v), binlen, buf, len);
	PG_RETURN_CSTRING(buf);
}

Datum
ct_qsketch_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	ct_sketch	s;

	ct_qsketch_decode((const uint8 *) buf->data + buf->cursor, buf->len - buf->cursor,
				  &s, CurrentMemoryContext, true);
	buf->cursor = buf->len;
	PG_RETURN_BYTEA_P(sketch_encode(&s));
}

Datum
ct_qsketch_send(PG_FUNCTION_ARGS)
{
	bytea	   *v = PG_GETARG_BYTEA_P_COPY(0);

	/* the stored payload is the binary form */
	PG_RETURN_BYTEA_P(v);
}

/* ---- aggregates ---- */

MemoryContext
ct_qsketch_agg_context(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context", fn)));
	return aggcxt;
}

static QState *
qstate_new(int k, MemoryContext aggcxt)
{
	QState	   *st = MemoryContextAllocZero(aggcxt, sizeof(QState));

	ct_qsketch_init(&st->s, k, aggcxt);
	st->last = GetCurrentTimestamp();
	return st;
}

void
ct_qsketch_add(QState *st, const double *v, const uint8 *nulls)
{
	ct_error	err;

	if (ct_sketch_add_row(&st->s, v, nulls, &err) != CT_OK)
		ct_report(&err);
	st->rows++;
	if (st->rows % CT_PROGRESS_EVERY == 0)
		ct_progress(&st->last, st->rows, "quantile_sketch");
}

/*
 * The column count of one row of quantile_sketch(float8[]): a
 * one-dimensional array of at most CT_SKETCH_MAX_COLS elements.
 */
int
ct_qsketch_row_k(ArrayType *a)
{
	int			k;

	if (ARR_NDIM(a) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("v must be a non-empty one-dimensional array"),
				 errhint("Pass one element per column, or NULL to skip the row.")));
	k = ARR_DIMS(a)[0];
	if (k > CT_SKETCH_MAX_COLS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("v has too many elements"),
				 errdetail("The array has %d elements; a quantile_sketch has at most %d columns.",
						   k, CT_SKETCH_MAX_COLS)));
	return k;
}

/* Add one row (checked by ct_qsketch_row_k) to a state of the same width. */
void
ct_qsketch_add_array(QState *st, ArrayType *a)
{
	int			k = ARR_DIMS(a)[0];

	if (st->s.k != k)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("all arrays in one quantile_sketch aggregation must have the same length"),
				 errdetail("Earlier arrays had %d elements; this one has %d.", st->s.k, k)));
	ct_qsketch_add(st, (const double *) ARR_DATA_PTR(a), (const uint8 *) ARR_NULLBITMAP(a));
}

/*
 * Transition function of quantile_sketch(float8[]): one column per element
 * (the same length in every row), NULL arrays and NULL elements skipped.
 */
Datum
ct_qsketch_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = ct_qsketch_agg_context(fcinfo, "quantile_sketch_accum");
	QState	   *st = PG_ARGISNULL(0) ? NULL : (QState *) PG_GETARG_POINTER(0);
	ArrayType  *a;
	int			k;

	if (PG_ARGISNULL(1))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	a = PG_GETARG_ARRAYTYPE_P(1);
	k = ct_qsketch_row_k(a);
	if (st == NULL)
		st = qstate_new(k, aggcxt);
	ct_qsketch_add_array(st, a);
	PG_RETURN_POINTER(st);
}

/* Transition function of quantile_sketch(float8): one column. */
Datum
ct_qsketch_accum1(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = ct_qsketch_agg_context(fcinfo, "quantile_sketch_accum");
	QState	   *st = PG_ARGISNULL(0) ? NULL : (QState *) PG_GETARG_POINTER(0);
	double		x;

	if (PG_ARGISNULL(1))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	x = PG_GETARG_FLOAT8(1);
	if (st == NULL)
		st = qstate_new(1, aggcxt);
	ct_qsketch_add(st, &x, NULL);
	PG_RETURN_POINTER(st);
}

static QState *
merge_into(QState *st, const ct_sketch *b, MemoryContext aggcxt)
{
	ct_error	err;

	if (st == NULL)
		st = qstate_new(b->k, aggcxt);
	if (ct_sketch_merge(&st->s, b, &err) != CT_OK)
		ct_report(&err);
	return st;
}

/* Transition function of merge(quantile_sketch); NULL states are skipped. */
Datum
ct_qsketch_merge_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = ct_qsketch_agg_context(fcinfo, "quantile_sketch_merge_accum");
	QState	   *st = PG_ARGISNULL(0) ? NULL : (QState *) PG_GETARG_POINTER(0);
	ct_sketch	b;
	MemoryContext old;

	if (PG_ARGISNULL(1))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	sketch_arg(fcinfo, 1, &b);
	old = MemoryContextSwitchTo(aggcxt);
	st = merge_into(st, &b, aggcxt);
	MemoryContextSwitchTo(old);
	ct_sketch_free(&b);
	PG_RETURN_POINTER(st);
}

Datum
ct_qsketch_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = ct_qsketch_agg_context(fcinfo, "quantile_sketch_combine");
	QState	   *a = PG_ARGISNULL(0) ? NULL : (QState *) PG_GETARG_POINTER(0);
	QState	   *b = PG_ARGISNULL(1) ? NULL : (QState *) PG_GETARG_POINTER(1);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	a = merge_into(a, &b->s, aggcxt);
	a->rows += b->rows;
	PG_RETURN_POINTER(a);
}

Datum
ct_qsketch_serial(PG_FUNCTION_ARGS)
{
	QState	   *st = (QState *) PG_GETARG_POINTER(0);

	PG_RETURN_BYTEA_P(sketch_encode(&st->s));
}

Datum
ct_qsketch_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *v = PG_GETARG_BYTEA_PP(0);
	MemoryContext aggcxt = ct_qsketch_agg_context(fcinfo, "quantile_sketch_deserial");
	QState	   *st = MemoryContextAllocZero(aggcxt, sizeof(QState));

	ct_qsketch_decode((const uint8 *) VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st->s,
				  aggcxt, false);
	st->last = GetCurrentTimestamp();
	PG_RETURN_POINTER(st);
}

Datum
ct_qsketch_final(PG_FUNCTION_ARGS)
{
	QState	   *st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (QState *) PG_GETARG_POINTER(0);
	PG_RETURN_BYTEA_P(sketch_encode(&st->s));
}

/* ---- queries ---- */

/*
 * The decoded sketch and its sorted columns, each sorted when first asked
 * for (sorted_col): a query of one column does not sort the others.  Only
 * _sketch_avg_ranks (called once per row by fit with the sketch as a
 * parameter of its query) keeps them across calls in fn_extra, keyed on the
 * argument's address and size while the argument is a constant or a
 * parameter; the public queries decode on every call (a parameter of a
 * PL/pgSQL expression changes between its evaluations).
 */
typedef struct SortedCache
{
	const void *key;
	Size		keylen;
	MemoryContext mcxt;
	ct_sketch	s;
	ct_sketch_sorted *q;
	bool	   *ready;
} SortedCache;

/* The sketch v decoded in mcxt, its columns to be sorted on demand. */
static SortedCache *
sorted_new(bytea *v, Pointer key, MemoryContext mcxt)
{
	SortedCache *c = MemoryContextAllocZero(mcxt, sizeof(SortedCache));

	c->key = key;
	c->keylen = VARSIZE_ANY(key);
	c->mcxt = mcxt;
	ct_qsketch_decode((const uint8 *) VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &c->s,
					  mcxt, false);
	c->q = MemoryContextAllocZero(mcxt, sizeof(ct_sketch_sorted) * c->s.k);
	c->ready = MemoryContextAllocZero(mcxt, sizeof(bool) * c->s.k);
	return c;
}

static SortedCache *
sorted_arg_in(FunctionCallInfo fcinfo, int n, bool cache, void **slot)
{
	SortedCache *c = (SortedCache *) *slot;
	Pointer		raw = DatumGetPointer(PG_GETARG_DATUM(n));
	bool		stable;
	MemoryContext mcxt;
	bytea	   *v;

	/*
	 * only a stable argument is ever kept in *slot, so a kept one is the
	 * per-row hit, decided before the (per-call) look at the expression
	 */
	if (cache && c != NULL && c->key == raw && c->keylen == VARSIZE_ANY(raw))
		return c;
	stable = cache && get_fn_expr_arg_stable(fcinfo->flinfo, n);
	mcxt = stable ? fcinfo->flinfo->fn_mcxt : CurrentMemoryContext;
	v = PG_GETARG_BYTEA_PP(n);
	c = sorted_new(v, raw, mcxt);
	if (stable)
		*slot = c;
	return c;
}

/* sorted_arg_in with the call site's fn_extra as the cache slot */
static SortedCache *
sorted_arg(FunctionCallInfo fcinfo, int n, bool cache)
{
	return sorted_arg_in(fcinfo, n, cache, &fcinfo->flinfo->fn_extra);
}

/* Column j of a decoded sketch, sorted (once). */
static const ct_sketch_sorted *
sorted_col(SortedCache *c, int j)
{
	if (!c->ready[j])
	{
		size_t		m = ct_sketch_nitems(&c->s, j);

		ct_sketch_sort(&c->s, j,
					   MemoryContextAlloc(c->mcxt, sizeof(double) * (m + 1)),
					   MemoryContextAlloc(c->mcxt, sizeof(uint64_t) * (m + 1)),
					   &c->q[j]);
		/* ranks then search one bucket (same results) */
		ct_sketch_set_index(&c->q[j], MemoryContextAlloc(c->mcxt, sizeof(uint32_t) *
														 (CT_SKETCH_BUCKETS + 2)));
		c->ready[j] = true;
	}
	return &c->q[j];
}

static int
column_arg(FunctionCallInfo fcinfo, int n, const ct_sketch *s)
{
	int32		c = PG_GETARG_INT32(n);

	if (c < 1 || c > s->k)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("column %d is outside the sketch's columns 1 .. %d", c, s->k)));
	return c - 1;
}

static ArrayType *
per_column(const ct_sketch *s, int which)
{
	Datum	   *d = palloc(sizeof(Datum) * s->k);
	bool	   *nulls = palloc0(sizeof(bool) * s->k);
	int			dims[1] = {s->k};
	int			lbs[1] = {1};

	for (int j = 0; j < s->k; j++)
	{
		const ct_sketch_col *col = &s->cols[j];

		switch (which)
		{
			case 0:
				d[j] = Int64GetDatum((int64) col->n);
				break;
			case 1:
			case 2:
				nulls[j] = col->n == 0;
				d[j] = Float8GetDatum(which == 1 ? col->min : col->max);
				break;
			default:
				nulls[j] = col->n == 0;
				d[j] = Float8GetDatum(col->n == 0 ? 0 : (double) col->err / (double) col->n);
		}
	}
	return construct_md_array(d, nulls, 1, dims, lbs,
							  which == 0 ? INT8OID : FLOAT8OID, 8, FLOAT8PASSBYVAL, 'd');
}

/* sketch_count, sketch_min, sketch_max, sketch_rank_error */
#define PER_COLUMN_SQL(fn, which) \
Datum \
fn(PG_FUNCTION_ARGS) \
{ \
	ct_sketch	s; \
\
	sketch_arg(fcinfo, 0, &s); \
	PG_RETURN_ARRAYTYPE_P(per_column(&s, which)); \
}

PER_COLUMN_SQL(ct_sketch_count_sql, 0)
PER_COLUMN_SQL(ct_sketch_min_sql, 1)
PER_COLUMN_SQL(ct_sketch_max_sql, 2)
PER_COLUMN_SQL(ct_sketch_rank_error_sql, 3)

/*
 * sketch_quantiles(s, col, fractions) (percentile_cont) and
 * _sketch_quantiles_disc (percentile_disc): NULL for a column without values
 */
static Datum
quantiles(FunctionCallInfo fcinfo, bool disc)
{
	SortedCache *c = sorted_arg(fcinfo, 0, false);
	int			j = column_arg(fcinfo, 1, &c->s);
	int			n;
	double	   *f = ct_arg_vector(PG_GETARG_ARRAYTYPE_P(2), "fractions", 1000000, &n);
	double	   *out;
	const ct_sketch_sorted *q;

	for (int i = 0; i < n; i++)
		if (f[i] < 0 || f[i] > 1)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("fractions must lie between 0 and 1"),
					 errdetail("Element %d is %g.", i + 1, f[i])));
	q = sorted_col(c, j);
	if (q->n == 0)
		PG_RETURN_NULL();
	out = palloc(sizeof(double) * n);
	for (int i = 0; i < n; i++)
		out[i] = disc ? ct_sketch_quantile_disc(q, f[i]) : ct_sketch_quantile(q, f[i]);
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(out, n));
}

Datum
ct_sketch_quantiles_sql(PG_FUNCTION_ARGS)
{
	return quantiles(fcinfo, false);
}

Datum
ct_sketch_quantiles_disc_sql(PG_FUNCTION_ARGS)
{
	return quantiles(fcinfo, true);
}

/*
 * sketch_histogram(s, col, edges): the (estimated) number of values in
 * (-inf, e1), [e1, e2), ..., [ek, +inf), as width_bucket and tier() place
 * them; edges strictly ascending.
 */
Datum
ct_sketch_histogram_sql(PG_FUNCTION_ARGS)
{
	SortedCache *c = sorted_arg(fcinfo, 0, false);
	int			j = column_arg(fcinfo, 1, &c->s);
	ArrayType  *ea = PG_GETARG_ARRAYTYPE_P(2);
	int			n = 0;
	double	   *e = NULL;
	Datum	   *d;
	uint64_t	prev = 0;
	const ct_sketch_sorted *q;

	if (ARR_NDIM(ea) > 0)
		e = ct_arg_vector(ea, "edges", 1000000, &n);
	for (int i = 1; i < n; i++)
		if (!(e[i] > e[i - 1]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("edges must be strictly ascending"),
					 errdetail("Element %d (%g) does not exceed element %d (%g).", i + 1, e[i], i, e[i - 1])));
	q = sorted_col(c, j);
	d = palloc(sizeof(Datum) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		uint64_t	less,
					le;

		ct_sketch_rank(q, e[i], &less, &le);
		d[i] = Int64GetDatum((int64) (less - prev));
		prev = less;
	}
	d[n] = Int64GetDatum((int64) (q->n - prev));
	PG_RETURN_ARRAYTYPE_P(construct_array(d, n + 1, INT8OID, 8, FLOAT8PASSBYVAL, 'd'));
}

/* fit's methods sketch: a column per method, else 2202E */
static void
check_method_columns(const SortedCache *c, int n)
{
	if (n > c->s.k)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("the sketch must have a column per method"),
				 errdetail("The sketch has %d columns; there are %d methods.", c->s.k, n)));
}

/* the average rank of x[j] in column j, for j < n (n <= the columns) */
static void
avg_ranks(SortedCache *c, const double *x, int n, double *out)
{
	for (int j = 0; j < n; j++)
	{
		const ct_sketch_sorted *q = sorted_col(c, j);
		uint64_t	less,
					le;

		ct_sketch_rank(q, x[j], &less, &le);
		out[j] = ((double) less + 1 + (double) le) / 2;
		/* a value below every kept value of a compacted column */
		if (out[j] < 1)
			out[j] = 1;
		if (out[j] > (double) q->n)
			out[j] = (double) q->n;
	}
}

void
ct_qsketch_avg_ranks(FunctionCallInfo fcinfo, int argno, void **slot,
					 const double *x, int n, double *out)
{
	SortedCache *c = sorted_arg_in(fcinfo, argno, true, slot);

	check_method_columns(c, n);
	avg_ranks(c, x, n, out);
}

/*
 * A ranker: the sketch v decoded in the current memory context, its first
 * n columns sorted when first asked for, for ranking many rows in one call
 * (fit's pass over the kept method scores, ct_fitkeep_pg.c).
 */
void *
ct_qsketch_ranker(bytea *v, int n)
{
	SortedCache *c = sorted_new(v, (Pointer) v, CurrentMemoryContext);

	check_method_columns(c, n);
	return c;
}

/* The average ranks (as _sketch_avg_ranks) of x[0..n-1] in a ranker. */
void
ct_qsketch_ranker_ranks(void *ranker, const double *x, int n, double *out)
{
	avg_ranks((SortedCache *) ranker, x, n, out);
}

/*
 * _sketch_avg_ranks(s, x): per element j (x has at most k), the average rank (1-based, ties
 * sharing the mean of their ranks: (#less + 1 + #less-or-equal) / 2) of
 * x[j] among column j's values, estimated from the sketch (exact when the
 * column is exact); NULL elements give NULL.
 */
Datum
ct_sketch_avg_ranks_sql(PG_FUNCTION_ARGS)
{
	SortedCache *c = sorted_arg(fcinfo, 0, true);
	ArrayType  *xa = PG_GETARG_ARRAYTYPE_P(1);
	int			n;
	double	   *x = ct_arg_vector(xa, "x", CT_SKETCH_MAX_COLS, &n);
	double	   *out = palloc(sizeof(double) * n);

	if (n > c->s.k)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("x must have at most one element per sketch column"),
				 errdetail("The sketch has %d columns; x has %d elements.", c->s.k, n)));
	avg_ranks(c, x, n, out);
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(out, n));
}
