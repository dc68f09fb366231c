/*
 * ct_profile_pg.c
 *		SQL glue of the ticket profile: the profile_state type (text and
 *		binary I/O), the profile_state aggregate (in-place transition,
 *		combine, compacting final), the merge roll-up, and the accessors
 *		profile(), profile_complaints(), profile_escalations(), profile_top().
 *
 * The varlena value is the core's ct_profile_state block: its host_header
 * word is PostgreSQL's 4-byte length word.
 */
#include "postgres.h"

#include <math.h>

#include "funcapi.h"
#include "libpq/pqformat.h"
#include "port/pg_bitutils.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "ct_pg.h"
#include "ct_profile.h"
#include "ct_text.h"

PG_FUNCTION_INFO_V1(ct_profile_state_in);
PG_FUNCTION_INFO_V1(ct_profile_state_out);
PG_FUNCTION_INFO_V1(ct_profile_state_recv);
PG_FUNCTION_INFO_V1(ct_profile_state_send);
PG_FUNCTION_INFO_V1(ct_profile_state_accum);
PG_FUNCTION_INFO_V1(ct_profile_state_combine);
PG_FUNCTION_INFO_V1(ct_profile_state_final);
PG_FUNCTION_INFO_V1(ct_profile_sql);
PG_FUNCTION_INFO_V1(ct_profile_complaints_sql);
PG_FUNCTION_INFO_V1(ct_profile_escalations_sql);
PG_FUNCTION_INFO_V1(ct_profile_top_sql);

StaticAssertDecl(sizeof(ct_profile_state) % 8 == 0 && sizeof(ct_profile_time) % 8 == 0 &&
				 sizeof(ct_profile_top) % 8 == 0,
				 "profile arrays must stay 8-byte aligned");
StaticAssertDecl(offsetof(ct_profile_state, host_header) == 0 && VARHDRSZ == 4,
				 "host_header must be the varlena length word");
StaticAssertDecl(sizeof(TimestampTz) == sizeof(int64_t),
				 "ticket times are TimestampTz microseconds");

#define PROFILE_NATTS 18

/* A fresh empty state with the given capacities, in the current context. */
static ct_profile_state *
new_state(const ct_profile_caps *caps)
{
	size_t		bytes = ct_profile_bytes(caps);
	ct_profile_state *st;

	if (bytes > CT_PROFILE_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("profile_state value is too large"),
				 errdetail("It would need %zu bytes; the limit is %d.", bytes, CT_PROFILE_MAX_BYTES)));
	st = palloc(bytes);
	SET_VARSIZE(st, bytes);
	ct_profile_init(st, caps);
	return st;
}

/* An exact-size compact copy. */
static ct_profile_state *
compact(const ct_profile_state *src)
{
	ct_profile_caps used;
	ct_profile_state *dst;

	ct_profile_used(src, &used);
	dst = new_state(&used);
	ct_profile_copy(dst, src);
	return dst;
}

/* A profile_state argument, detoasted and checked. */
static ct_profile_state *
state_arg(FunctionCallInfo fcinfo, int argno)
{
	ct_profile_state *st = (ct_profile_state *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));
	ct_error	e;

	ct_check(ct_profile_check(st, VARSIZE(st), &e), &e);
	return st;
}

Datum
ct_profile_state_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	size_t		len = strlen(str);
	ct_profile_caps caps;
	ct_profile_state *st;
	ct_error	e;

	ct_check(ct_profile_parse(str, len, NULL, &caps, &e), &e);
	st = new_state(&caps);
	ct_check(ct_profile_parse(str, len, st, &caps, &e), &e);
	PG_RETURN_POINTER(st);
}

Datum
ct_profile_state_out(PG_FUNCTION_ARGS)
{
	ct_profile_state *st = state_arg(fcinfo, 0);
	size_t		bound = ct_profile_text_bound(st) + 1;
	char	   *out = palloc(bound);

	ct_profile_to_text(st, out, bound);
	PG_RETURN_CSTRING(out);
}

/*
 * Binary form: format byte; int64 tickets, first, last, escalation known and
 * true, unreasonable known and true, accepted known and true, handling n;
 * float8 handling sum and max; int64 satisfaction n; float8 satisfaction
 * sum; int32 count of recent times, each int64 time and three int32
 * counts; per field int64 error, int32 count, each int32 length, the value
 * bytes and int64 count (values in byte order).
 */
Datum
ct_profile_state_send(PG_FUNCTION_ARGS)
{
	ct_profile_state *st = compact(state_arg(fcinfo, 0));
	const ct_profile_time *tm = ct_profile_times(st);
	const ct_profile_top *t = ct_profile_tops(st);
	StringInfoData buf;
	uint32		i;
	int			f;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, CT_PROFILE_FORMAT);
	pq_sendint64(&buf, st->tickets);
	pq_sendint64(&buf, st->first_ts);
	pq_sendint64(&buf, st->last_ts);
	pq_sendint64(&buf, st->esc_known);
	pq_sendint64(&buf, st->esc_yes);
	pq_sendint64(&buf, st->unr_known);
	pq_sendint64(&buf, st->unr_yes);
	pq_sendint64(&buf, st->acc_known);
	pq_sendint64(&buf, st->acc_yes);
	pq_sendint64(&buf, st->hand_n);
	pq_sendfloat8(&buf, st->hand_sum);
	pq_sendfloat8(&buf, st->hand_max);
	pq_sendint64(&buf, st->sat_n);
	pq_sendfloat8(&buf, st->sat_sum);
	pq_sendint32(&buf, st->ntimes);
	for (i = 0; i < st->ntimes; i++)
	{
		pq_sendint64(&buf, tm[i].ts);
		pq_sendint32(&buf, tm[i].n);
		pq_sendint32(&buf, tm[i].esc_known);
		pq_sendint32(&buf, tm[i].esc_yes);
	}
	/* a compact copy holds its values in (field, value) order */
	for (f = 0; f < CT_PROFILE_NFIELDS; f++)
	{
		int32		n = 0;

		for (i = 0; i < st->ntop; i++)
			n += (t[i].field == f);
		pq_sendint64(&buf, st->top_err[f]);
		pq_sendint32(&buf, n);
		for (i = 0; i < st->ntop; i++)
		{
			if (t[i].field != f)
				continue;
			pq_sendint32(&buf, t[i].len);
			pq_sendbytes(&buf, ct_profile_pool(st) + t[i].off, t[i].len);
			pq_sendint64(&buf, t[i].count);
		}
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static void
recv_fail(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid external profile_state value"),
			 errdetail("%s", what)));
}

Datum
ct_profile_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			format = pq_getmsgbyte(buf);
	ct_profile_caps caps;
	ct_profile_state *st;
	ct_profile_time *tm;
	ct_profile_top *t;
	ct_profile_state head;
	int32		n;
	int			f;
	ct_error	e;

	if (format != CT_PROFILE_FORMAT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported external profile_state format %d", format),
				 errdetail("This version reads format %d.", CT_PROFILE_FORMAT)));
	head.tickets = pq_getmsgint64(buf);
	head.first_ts = pq_getmsgint64(buf);
	head.last_ts = pq_getmsgint64(buf);
	head.esc_known = pq_getmsgint64(buf);
	head.esc_yes = pq_getmsgint64(buf);
	head.unr_known = pq_getmsgint64(buf);
	head.unr_yes = pq_getmsgint64(buf);
	head.acc_known = pq_getmsgint64(buf);
	head.acc_yes = pq_getmsgint64(buf);
	head.hand_n = pq_getmsgint64(buf);
	head.hand_sum = pq_getmsgfloat8(buf);
	head.hand_max = pq_getmsgfloat8(buf);
	head.sat_n = pq_getmsgint64(buf);
	head.sat_sum = pq_getmsgfloat8(buf);
	n = pq_getmsgint(buf, 4);
	if (n < 0 || n > CT_PROFILE_MAX_TIMES || (int64) n * 20 > buf->len - buf->cursor)
		recv_fail("The count of recent ticket times is out of range.");
	/* the values take no more than what is left of the message */
	caps.times = (uint32) n;
	caps.top = CT_PROFILE_NFIELDS * CT_PROFILE_TOP_K;
	caps.pool = (uint32) (buf->len - buf->cursor);
	st = new_state(&caps);
	memcpy((char *) st + offsetof(ct_profile_state, tickets), (char *) &head + offsetof(ct_profile_state, tickets),
		   offsetof(ct_profile_state, top_err) - offsetof(ct_profile_state, tickets));
	tm = ct_profile_times(st);
	for (st->ntimes = 0; st->ntimes < (uint32) n; st->ntimes++)
	{
		tm[st->ntimes].ts = pq_getmsgint64(buf);
		tm[st->ntimes].n = (uint32) pq_getmsgint(buf, 4);
		tm[st->ntimes].esc_known = (uint32) pq_getmsgint(buf, 4);
		tm[st->ntimes].esc_yes = (uint32) pq_getmsgint(buf, 4);
		tm[st->ntimes].reserved = 0;
	}
	t = ct_profile_tops(st);
	for (f = 0; f < CT_PROFILE_NFIELDS; f++)
	{
		int32		k;
		int32		i;

		st->top_err[f] = pq_getmsgint64(buf);
		k = pq_getmsgint(buf, 4);
		if (k < 0 || k > CT_PROFILE_TOP_K)
			recv_fail("A field has a count of values out of range.");
		for (i = 0; i < k; i++)
		{
			ct_profile_top *x = &t[st->ntop];
			int32		len = pq_getmsgint(buf, 4);

			if (len < 0 || len > CT_PROFILE_MAX_KEY || len > buf->len - buf->cursor)
				recv_fail("A value has a length out of range.");
			x->off = st->pool_used;
			x->len = (uint16) len;
			x->field = (uint8) f;
			x->reserved = 0;
			memcpy(ct_profile_pool(st) + st->pool_used, pq_getmsgbytes(buf, len), len);
			x->count = pq_getmsgint64(buf);
			if (st->ntop > 0 && t[st->ntop - 1].field == f &&
				ct_cmp_bytes(ct_profile_pool(st) + t[st->ntop - 1].off, t[st->ntop - 1].len,
								ct_profile_pool(st) + x->off, x->len) >= 0)
				recv_fail("The values of a field are not in ascending byte order.");
			st->pool_used += (uint32) len;
			st->pool_live += (uint32) len;
			st->ntop++;
		}
	}
	pq_getmsgend(buf);
	if (ct_profile_check(st, VARSIZE(st), &e) != CT_OK)
		recv_fail(e.detail[0] ? e.detail : e.message);
	PG_RETURN_POINTER(compact(st));
}

/* A text argument as a value of a field; NULL stays NULL. */
static void
field_arg(FunctionCallInfo fcinfo, int argno, ct_ticket *t, int f)
{
	if (PG_ARGISNULL(argno))
	{
		t->value[f] = NULL;
		t->len[f] = 0;
		return;
	}
	t->value[f] = ct_arg_word(PG_GETARG_TEXT_PP(argno), &t->len[f]);
}

static int
flag_arg(FunctionCallInfo fcinfo, int argno)
{
	return PG_ARGISNULL(argno) ? -1 : (PG_GETARG_BOOL(argno) ? 1 : 0);
}

/*
 * profile_state_accum(state, time, problem_type, channel, remedy,
 *		escalated, unreasonable, handling_hours, accepted, satisfaction):
 * a row without a time is skipped; any other NULL is an unknown.  The state
 * is updated in place in the aggregate context; when it runs out of room it
 * is replaced by a compact copy with more room (the executor copies a
 * replaced state into the aggregate context).
 */
Datum
ct_profile_state_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	ct_profile_state *st = PG_ARGISNULL(0) ? NULL : (ct_profile_state *) PG_GETARG_POINTER(0);
	ct_profile_caps need;
	ct_ticket	t;
	ct_error	e;

	if (!AggCheckCallContext(fcinfo, &aggctx))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("profile_state_accum can only be called as the transition function of profile_state")));
	if (PG_ARGISNULL(1))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	t.ts = PG_GETARG_TIMESTAMPTZ(1);
	field_arg(fcinfo, 2, &t, CT_PROFILE_PROBLEM);
	field_arg(fcinfo, 3, &t, CT_PROFILE_CHANNEL);
	field_arg(fcinfo, 4, &t, CT_PROFILE_REMEDY);
	t.escalated = flag_arg(fcinfo, 5);
	t.unreasonable = flag_arg(fcinfo, 6);
	t.has_handling = !PG_ARGISNULL(7);
	t.handling_hours = t.has_handling ? PG_GETARG_FLOAT8(7) : 0;
	t.accepted = flag_arg(fcinfo, 8);
	t.has_satisfaction = !PG_ARGISNULL(9);
	t.satisfaction = t.has_satisfaction ? PG_GETARG_FLOAT8(9) : 0;
	ct_check(ct_profile_check_ticket(&t, &e), &e);

	if (st == NULL)
	{
		/*
		 * Room for the tickets of most customers (a handful, with a few
		 * values per field): the executor copies every new state into the
		 * aggregate context, so growing costs a copy.
		 */
		ct_profile_caps first = {4, 9, 0};

		/* the pool takes the rest of a 512-byte allocator chunk */
		StaticAssertStmt(sizeof(ct_profile_state) + 4 * sizeof(ct_profile_time) +
						 9 * sizeof(ct_profile_top) + 64 <= 512, "the first state fits 512 bytes");
		first.pool = (uint32) (512 - ct_profile_bytes(&first));
		st = new_state(&first);
	}
	if (!ct_profile_room(st, &t, &need))
	{
		ct_profile_state *grown;
		size_t		bytes = ct_profile_bytes(&need);

		/* the allocator rounds small chunks up to a power of 2: use it */
		if (bytes < 8192)
			need.pool += (uint32) (pg_nextpower2_32((uint32) bytes) - bytes);
		grown = new_state(&need);

		ct_profile_copy(grown, st);
		st = grown;
	}
	ct_check(ct_profile_add(st, &t, &e), &e);
	PG_RETURN_POINTER(st);
}

/* An exact-size merge of a and b. */
static ct_profile_state *
merged(const ct_profile_state *a, const ct_profile_state *b)
{
	ct_profile_caps ua,
				ub,
				sum;
	ct_profile_state *dst;
	ct_error	e;

	ct_profile_used(a, &ua);
	ct_profile_used(b, &ub);
	sum.times = ua.times + ub.times;
	sum.top = ua.top + ub.top;
	sum.pool = ua.pool + ub.pool;
	dst = new_state(&sum);
	ct_check(ct_profile_merge(dst, a, b, &e), &e);
	return compact(dst);
}

/* Combine (and the merge roll-up's transition): either side may be NULL. */
Datum
ct_profile_state_combine(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(compact(state_arg(fcinfo, 0)));
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(compact(state_arg(fcinfo, 1)));
	PG_RETURN_POINTER(merged(state_arg(fcinfo, 0), state_arg(fcinfo, 1)));
}

/* Final: an exact-size copy without the growth slack (state untouched). */
Datum
ct_profile_state_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(compact(state_arg(fcinfo, 0)));
}

static int32
window_count(int64 n)
{
	if (n > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("window count out of range for integer")));
	return (int32) n;
}

static Datum
top_text(const ct_profile_state *st, int idx, bool *isnull)
{
	const ct_profile_top *x;

	*isnull = idx < 0;
	if (idx < 0)
		return (Datum) 0;
	x = &ct_profile_tops(st)[idx];
	return PointerGetDatum(cstring_to_text_with_len(ct_profile_pool(st) + x->off, x->len));
}

/*
 * profile(state, as_of) -> ticket_profile: the customer-level row.  The
 * blessed tuple descriptor is kept in fn_extra for the query.
 */
Datum
ct_profile_sql(PG_FUNCTION_ARGS)
{
	ct_profile_state *st = state_arg(fcinfo, 0);
	TimestampTz as_of = PG_GETARG_TIMESTAMPTZ(1);
	TupleDesc	tupdesc = (TupleDesc) fcinfo->flinfo->fn_extra;
	Datum		v[PROFILE_NATTS];
	bool		nulls[PROFILE_NATTS] = {0};
	ct_profile_row row;
	ct_error	e;
	int			f;

	ct_check(ct_profile_summary(st, as_of, &row, &e), &e);
	if (tupdesc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "profile: return type must be a row type");
		if (tupdesc->natts != PROFILE_NATTS)
			elog(ERROR, "profile: the ticket_profile type has %d columns, expected %d",
				 tupdesc->natts, PROFILE_NATTS);
		tupdesc = BlessTupleDesc(tupdesc);
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = tupdesc;
	}
	v[0] = Int64GetDatum(row.tickets);
	v[1] = Int32GetDatum(window_count(row.complaints_30d));
	v[2] = Int32GetDatum(window_count(row.complaints_90d));
	v[3] = Int32GetDatum(window_count(row.complaints_365d));
	v[4] = Int64GetDatum(row.escalations);
	nulls[4] = row.escalations_null;
	v[5] = Int32GetDatum(window_count(row.escalations_12m));
	nulls[5] = row.escalations_12m_null;
	v[6] = TimestampTzGetDatum(row.first_ts);
	v[7] = TimestampTzGetDatum(row.last_ts);
	v[8] = Float8GetDatum(row.days_since_last);
	v[9] = Float8GetDatum(row.complainant_days);
	nulls[6] = nulls[7] = nulls[8] = nulls[9] = (row.tickets == 0);
	v[10] = Float8GetDatum(row.unreasonable_ratio);
	nulls[10] = row.unreasonable_null;
	v[11] = Float8GetDatum(row.handling_hours);
	v[12] = Float8GetDatum(row.handling_hours_max);
	nulls[11] = nulls[12] = row.handling_null;
	v[13] = Float8GetDatum(row.accepted_ratio);
	nulls[13] = row.accepted_null;
	v[14] = Float8GetDatum(row.satisfaction);
	nulls[14] = row.satisfaction_null;
	for (f = 0; f < CT_PROFILE_NFIELDS; f++)
		v[15 + f] = top_text(st, row.top[f], &nulls[15 + f]);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, v, nulls)));
}

/* profile_complaints(state, as_of, days) and profile_escalations(...) */
static void
window_arg(FunctionCallInfo fcinfo, int64 *n, int64 *known, int64 *yes)
{
	ct_profile_state *st = state_arg(fcinfo, 0);
	ct_error	e;

	ct_check(ct_profile_window(st, PG_GETARG_TIMESTAMPTZ(1), PG_GETARG_INT32(2),
							   n, known, yes, &e), &e);
}

Datum
ct_profile_complaints_sql(PG_FUNCTION_ARGS)
{
	int64		n,
				known,
				yes;

	window_arg(fcinfo, &n, &known, &yes);
	PG_RETURN_INT32(window_count(n));
}

Datum
ct_profile_escalations_sql(PG_FUNCTION_ARGS)
{
	int64		n,
				known,
				yes;

	window_arg(fcinfo, &n, &known, &yes);
	if (known == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(window_count(yes));
}

/*
 * profile_top(state, field) -> TABLE(value, count, max_count): the
 * counters of a field, most frequent first.
 */
Datum
ct_profile_top_sql(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	typedef struct TopCtx
	{
		ct_profile_state *st;
		int			idx[CT_PROFILE_NFIELDS * CT_PROFILE_TOP_K + CT_PROFILE_NFIELDS];
		int64		err;
	} TopCtx;
	TopCtx	   *c;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		size_t		len;
		const char *name = ct_arg_word(PG_GETARG_TEXT_PP(1), &len);
		int			f;

		funcctx = ct_srf_first_call(fcinfo, 3, "profile_top", &old);
		for (f = 0; f < CT_PROFILE_NFIELDS; f++)
			if (strlen(ct_profile_field_names[f]) == len &&
				memcmp(ct_profile_field_names[f], name, len) == 0)
				break;
		if (f == CT_PROFILE_NFIELDS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown profile field \"%.*s\"", (int) Min(len, 64), name),
					 errhint("The fields are problem_type, channel and remedy.")));
		c = palloc(sizeof(TopCtx));
		c->st = compact(state_arg(fcinfo, 0));
		c->err = c->st->top_err[f];
		funcctx->max_calls = ct_profile_top_sorted(c->st, (ct_profile_field) f, c->idx);
		funcctx->user_fctx = c;
		MemoryContextSwitchTo(old);
	}
	funcctx = SRF_PERCALL_SETUP();
	c = (TopCtx *) funcctx->user_fctx;
	if (funcctx->call_cntr < funcctx->max_calls)
	{
		const ct_profile_top *x = &ct_profile_tops(c->st)[c->idx[funcctx->call_cntr]];
		Datum		values[3];
		bool		nulls[3] = {0};

		values[0] = PointerGetDatum(cstring_to_text_with_len(ct_profile_pool(c->st) + x->off, x->len));
		values[1] = Int64GetDatum(x->count);
		values[2] = Int64GetDatum(x->count > PG_INT64_MAX - c->err ? PG_INT64_MAX : x->count + c->err);
		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(funcctx);
}
