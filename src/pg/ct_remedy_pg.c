/*
 * ct_remedy_pg.c
 *		SQL glue of remedy learning: the remedy_stats type (text and binary
 *		I/O), the remedy_stats aggregate (in-place transition, combine,
 *		compacting final), the merge roll-up, remedy_table and
 *		recommend_remedy.
 *
 * The varlena value is the core's ct_remedy_state block: its host_header
 * word is PostgreSQL's 4-byte length word.
 */
#include "postgres.h"

#include <math.h>

#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "ct_pg.h"
#include "ct_remedy_pg.h"
#include "ct_remedy.h"
#include "ct_wire.h"

PG_FUNCTION_INFO_V1(ct_remedy_stats_in);
PG_FUNCTION_INFO_V1(ct_remedy_stats_out);
PG_FUNCTION_INFO_V1(ct_remedy_stats_recv);
PG_FUNCTION_INFO_V1(ct_remedy_stats_send);
PG_FUNCTION_INFO_V1(ct_remedy_stats_accum);
PG_FUNCTION_INFO_V1(ct_remedy_stats_combine);
PG_FUNCTION_INFO_V1(ct_remedy_stats_final);
PG_FUNCTION_INFO_V1(ct_remedy_table_sql);
PG_FUNCTION_INFO_V1(ct_recommend_remedy_sql);

StaticAssertDecl(sizeof(ct_remedy_state) % 8 == 0,
				 "remedy entries must stay 8-byte aligned");
StaticAssertDecl(offsetof(ct_remedy_state, host_header) == 0 && VARHDRSZ == 4,
				 "host_header must be the varlena length word");

/* A block of the given size for a state, in the current context. */
static ct_remedy_state *
alloc_state(size_t bytes)
{
	ct_remedy_state *st;

	if (bytes > CT_REMEDY_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("remedy_stats value is too large"),
				 errdetail("It would need %zu bytes; the limit is %d.", bytes, CT_REMEDY_MAX_BYTES)));
	st = palloc0(bytes);
	SET_VARSIZE(st, bytes);
	return st;
}

/* A fresh empty state with the given capacities, in the current context. */
static ct_remedy_state *
new_state(uint32 cap_entries, uint32 pool_cap)
{
	ct_remedy_state *st = alloc_state(ct_remedy_bytes(cap_entries, pool_cap));

	ct_remedy_init(st, cap_entries, pool_cap);
	return st;
}

/* An exact-size copy of a merge of a and b (b may be NULL). */
static ct_remedy_state *
merged(const ct_remedy_state *a, const ct_remedy_state *b)
{
	uint32		n,
				pb;
	ct_remedy_state *dst;
	ct_error	e;

	ct_remedy_merged_size(a, b, &n, &pb);
	if (n > CT_REMEDY_MAX_ENTRIES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("remedy_stats has too many entries"),
				 errdetail("The limit is %d distinct (segment, problem type, remedy) keys.", CT_REMEDY_MAX_ENTRIES)));
	dst = new_state(n, pb);
	ct_check(ct_remedy_merge(dst, a, b, &e), &e);
	return dst;
}

/* A fresh empty working state of the aggregate (ct_remedy_build.c). */
static ct_remedy_state *
new_build_state(uint32 cap_entries, uint32 pool_cap)
{
	ct_remedy_state *st = alloc_state(ct_remedy_build_bytes(cap_entries, pool_cap));

	ct_remedy_build_init(st, cap_entries, pool_cap);
	return st;
}

/* The stored form (key order, exact size) of a working state. */
static ct_remedy_state *
finished(const ct_remedy_state *w)
{
	ct_remedy_state *dst = new_state(w->nentries, w->pool_used);
	uint32	   *idx = palloc(sizeof(uint32) * Max(w->nentries, 1));
	uint32	   *tmp = palloc(sizeof(uint32) * Max(w->nentries, 1));
	ct_error	e;

	ct_check(ct_remedy_build_finish(dst, w, idx, tmp, &e), &e);
	pfree(idx);
	pfree(tmp);
	return dst;
}

/*
 * A state argument of the aggregate's combine and final functions: the
 * working state of a transition (checked, then sorted into the stored
 * form) or a stored one.
 */
static ct_remedy_state *
agg_state_arg(FunctionCallInfo fcinfo, int argno, bool *fresh)
{
	ct_remedy_state *st = (ct_remedy_state *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));
	ct_error	e;

	*fresh = false;
	if (VARSIZE(st) >= sizeof(ct_remedy_state) && ct_remedy_is_build(st))
	{
		ct_check(ct_remedy_build_check(st, VARSIZE(st), &e), &e);
		*fresh = true;
		return finished(st);
	}
	ct_check(ct_remedy_check(st, VARSIZE(st), &e), &e);
	return st;
}

/*
 * A remedy_stats argument, detoasted and checked.  A working state of the
 * aggregate can reach any function when a transition value leaves the
 * aggregate (Citus's worker_partial_agg prints it, a user calls
 * remedy_stats_accum): it is read as its stored form.
 */
ct_remedy_state *
ct_remedy_arg(FunctionCallInfo fcinfo, int argno)
{
	bool		fresh;

	return agg_state_arg(fcinfo, argno, &fresh);
}

Datum
ct_remedy_stats_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	size_t		len = strlen(str);
	uint32		n,
				pb;
	ct_remedy_state *st;
	ct_error	e;

	ct_check(ct_remedy_parse(str, len, NULL, &n, &pb, &e), &e);
	st = new_state(n, pb);
	ct_check(ct_remedy_parse(str, len, st, &n, &pb, &e), &e);
	PG_RETURN_POINTER(st);
}

Datum
ct_remedy_stats_out(PG_FUNCTION_ARGS)
{
	ct_remedy_state *st = ct_remedy_arg(fcinfo, 0);
	size_t		bound = ct_remedy_text_bound(st);
	char	   *out = palloc(bound);

	ct_remedy_to_text(st, out, bound);
	PG_RETURN_CSTRING(out);
}

/* Binary form (ct_wire.h); the checks of untrusted bytes are the core's. */
Datum
ct_remedy_stats_send(PG_FUNCTION_ARGS)
{
	ct_remedy_state *st = ct_remedy_arg(fcinfo, 0);
	size_t		n = ct_remedy_send_size(st);
	bytea	   *out = (bytea *) palloc(VARHDRSZ + n);

	SET_VARSIZE(out, VARHDRSZ + n);
	ct_remedy_send(st, (uint8 *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

Datum
ct_remedy_stats_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const uint8 *bytes = (const uint8 *) buf->data + buf->cursor;
	size_t		len = buf->len - buf->cursor;
	uint32		n,
				pb;
	ct_remedy_state *st;
	ct_error	e;

	if (ct_remedy_recv_size(bytes, len, &n, &pb, &e) != CT_OK)
		ct_report_binary(&e);
	st = new_state(n, pb);
	if (ct_remedy_recv(bytes, len, st, &e) != CT_OK)
		ct_report_binary(&e);
	/* keys are text: valid in the database encoding, as the aggregate's are */
	{
		const ct_remedy_entry *en = ct_remedy_entries(st);
		const char *pool = ct_remedy_pool(st);

		for (uint32 i = 0; i < st->nentries; i++)
			(void) pg_verify_mbstr(GetDatabaseEncoding(), pool + en[i].off,
								   (int) (en[i].seg_len + en[i].prob_len + en[i].rem_len), false);
	}
	buf->cursor = buf->len;
	PG_RETURN_POINTER(st);
}

/*
 * remedy_stats_accum(state, segment, problem_type, remedy, accepted,
 *					  satisfaction): rows with a NULL key, or with neither an
 * outcome nor a satisfaction score, carry no information and are skipped.
 * The state is updated in place in the aggregate context; it is only
 * replaced when it must grow (capacities double).
 */
Datum
ct_remedy_stats_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	ct_remedy_state *st = PG_ARGISNULL(0) ? NULL : (ct_remedy_state *) PG_GETARG_POINTER(0);
	text	   *seg,
			   *prob,
			   *rem;
	size_t		sl,
				pl,
				rl;
	const char *s,
			   *p,
			   *r;
	int64		cases = 0,
				accepted = 0,
				sat_cases = 0;
	double		sat_sum = 0;
	ct_error	e;

	if (!AggCheckCallContext(fcinfo, &aggctx))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("remedy_stats_accum can only be called as the transition function of remedy_stats")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		(PG_ARGISNULL(4) && PG_ARGISNULL(5)))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	if (!PG_ARGISNULL(4))
	{
		cases = 1;
		accepted = PG_GETARG_BOOL(4) ? 1 : 0;
	}
	if (!PG_ARGISNULL(5))
	{
		sat_sum = PG_GETARG_FLOAT8(5);
		ct_arg_finite(sat_sum, "satisfaction");
		sat_cases = 1;
	}
	seg = PG_GETARG_TEXT_PP(1);
	prob = PG_GETARG_TEXT_PP(2);
	rem = PG_GETARG_TEXT_PP(3);
	s = ct_arg_word(seg, &sl);
	p = ct_arg_word(prob, &pl);
	r = ct_arg_word(rem, &rl);

	/* a stored state as the initial value (INITCOND): continue from it */
	if (st != NULL && !ct_remedy_is_build(st))
	{
		ct_remedy_state *stored = st;

		ct_check(ct_remedy_check(stored, VARSIZE(stored), &e), &e);
		st = new_build_state(Max(stored->nentries * 2, 16), Max(stored->pool_used * 2, 1024));
		ct_check(ct_remedy_build_add_state(st, stored, &e), &e);
	}
	if (st == NULL || !ct_remedy_build_fits(st, sl + pl + rl))
	{
		uint32		cap = st ? Max(st->cap_entries * 2, 16) : 16;
		uint64		pool = st ? Max((uint64) st->pool_cap * 2, (uint64) st->pool_used + sl + pl + rl) : Max(1024, sl + pl + rl);
		ct_remedy_state *grown;

		if (sl > CT_REMEDY_MAX_KEY || pl > CT_REMEDY_MAX_KEY || rl > CT_REMEDY_MAX_KEY)
		{
			ct_fail(&e, CT_ELIMIT, "remedy_stats key is too long");
			ct_detail(&e, "Segment, problem type and remedy are limited to %d bytes each.", CT_REMEDY_MAX_KEY);
			ct_report(&e);
		}
		cap = Min(cap, CT_REMEDY_MAX_ENTRIES);
		pool = Min(pool, (uint64) CT_REMEDY_MAX_BYTES);
		/* the executor copies a replaced state into the aggregate context */
		grown = new_build_state(cap, (uint32) pool);
		if (st)
		{
			ct_check(ct_remedy_build_add_state(grown, st, &e), &e);
			if (!ct_remedy_build_fits(grown, sl + pl + rl))
			{
				ct_fail(&e, CT_ELIMIT, "remedy_stats has too many entries");
				ct_detail(&e, "The limits are %d distinct keys and %d bytes.", CT_REMEDY_MAX_ENTRIES, CT_REMEDY_MAX_BYTES);
				ct_report(&e);
			}
		}
		st = grown;
	}
	ct_check(ct_remedy_build_add(st, s, sl, p, pl, r, rl, cases, accepted, sat_cases, sat_sum, &e), &e);
	PG_RETURN_POINTER(st);
}

/* A checked state of either format (a working state stays one). */
static ct_remedy_state *
any_state_arg(FunctionCallInfo fcinfo, int argno)
{
	ct_remedy_state *st = (ct_remedy_state *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));
	ct_error	e;

	if (VARSIZE(st) >= sizeof(ct_remedy_state) && ct_remedy_is_build(st))
		ct_check(ct_remedy_build_check(st, VARSIZE(st), &e), &e);
	else
		ct_check(ct_remedy_check(st, VARSIZE(st), &e), &e);
	return st;
}

/*
 * Inside an aggregate: add every entry of in to the working state st (NULL
 * or a stored state start a working state), growing it by doubling, so
 * that rolling up m states costs their total size, not m times it.
 */
static ct_remedy_state *
build_merge(ct_remedy_state *st, const ct_remedy_state *in)
{
	uint64		need_n = (uint64) in->nentries + (st ? st->nentries : 0);
	uint64		need_p = (uint64) in->pool_used + (st ? st->pool_used : 0);
	ct_error	e;
	ct_code		rc;

	if (st == NULL || !ct_remedy_is_build(st) ||
		st->cap_entries < need_n || st->pool_cap < need_p)
	{
		uint64		cap = Max(need_n, (st && ct_remedy_is_build(st)) ? (uint64) st->cap_entries * 2 : 16);
		uint64		pool = Max(need_p, (st && ct_remedy_is_build(st)) ? (uint64) st->pool_cap * 2 : 1024);
		ct_remedy_state *grown = new_build_state((uint32) Min(cap, (uint64) CT_REMEDY_MAX_ENTRIES),
												 (uint32) Min(pool, (uint64) CT_REMEDY_MAX_BYTES));

		if (st != NULL)
			ct_check(ct_remedy_build_add_state(grown, st, &e), &e);
		st = grown;
	}
	rc = ct_remedy_build_add_state(st, in, &e);
	if (rc == CT_ENOMEM)
	{
		ct_fail(&e, CT_ELIMIT, "remedy_stats has too many entries");
		ct_detail(&e, "The limits are %d distinct keys and %d bytes.", CT_REMEDY_MAX_ENTRIES, CT_REMEDY_MAX_BYTES);
		ct_report(&e);
	}
	ct_check(rc, &e);
	return st;
}

/*
 * Combine (and the merge roll-up's transition): either side may be NULL;
 * either may be the aggregate's working state (a partial aggregate).  In an
 * aggregate the result is a working state that later calls extend in place;
 * called directly, the inputs are left untouched and the result is stored.
 */
Datum
ct_remedy_stats_combine(PG_FUNCTION_ARGS)
{
	bool		fa,
				fb;

	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (AggCheckCallContext(fcinfo, NULL))
	{
		if (PG_ARGISNULL(1))
			PG_RETURN_POINTER(any_state_arg(fcinfo, 0));
		PG_RETURN_POINTER(build_merge(PG_ARGISNULL(0) ? NULL : any_state_arg(fcinfo, 0),
									  any_state_arg(fcinfo, 1)));
	}
	if (PG_ARGISNULL(1) || PG_ARGISNULL(0))
	{
		ct_remedy_state *one = agg_state_arg(fcinfo, PG_ARGISNULL(1) ? 0 : 1, &fa);

		PG_RETURN_POINTER(fa ? one : merged(one, NULL));
	}
	PG_RETURN_POINTER(merged(agg_state_arg(fcinfo, 0, &fa), agg_state_arg(fcinfo, 1, &fb)));
}

/*
 * Final: the stored form, exact size, in key order (the state is left
 * untouched); warns when every known outcome is the same (censoring).
 */
Datum
ct_remedy_stats_final(PG_FUNCTION_ARGS)
{
	bool		fresh;
	ct_remedy_state *st = agg_state_arg(fcinfo, 0, &fresh);

	ct_remedy_warn_one_outcome(st);
	PG_RETURN_POINTER(fresh ? st : merged(st, NULL));
}

static double
mean_or_nan(double sum, int64 n, bool *isnull)
{
	*isnull = (n == 0);
	return n ? sum / (double) n : 0.0;
}

/*
 * remedy_table(stats) -> TABLE(segment, problem_type, remedy, cases,
 *		accepted, acceptance, wilson_lower, satisfaction_cases,
 *		mean_satisfaction)
 */
Datum
ct_remedy_table_sql(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	ct_remedy_state *st;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		TupleDesc	tupdesc;

		funcctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "remedy_table: return type must be a row type");
		funcctx->tuple_desc = BlessTupleDesc(tupdesc);
		st = ct_remedy_arg(fcinfo, 0);
		if ((Pointer) st == DatumGetPointer(PG_GETARG_DATUM(0)))
		{
			ct_remedy_state *copy = palloc(VARSIZE(st));

			memcpy(copy, st, VARSIZE(st));
			st = copy;
		}
		funcctx->user_fctx = st;
		funcctx->max_calls = st->nentries;
		MemoryContextSwitchTo(old);
	}
	funcctx = SRF_PERCALL_SETUP();
	st = (ct_remedy_state *) funcctx->user_fctx;
	if (funcctx->call_cntr < funcctx->max_calls)
	{
		const ct_remedy_entry *x = &ct_remedy_entries(st)[funcctx->call_cntr];
		const char *k = ct_remedy_pool(st) + x->off;
		Datum		values[9];
		bool		nulls[9] = {0};
		HeapTuple	tuple;

		values[0] = PointerGetDatum(cstring_to_text_with_len(k, x->seg_len));
		values[1] = PointerGetDatum(cstring_to_text_with_len(k + x->seg_len, x->prob_len));
		values[2] = PointerGetDatum(cstring_to_text_with_len(k + x->seg_len + x->prob_len, x->rem_len));
		values[3] = Int64GetDatum(x->cases);
		values[4] = Int64GetDatum(x->accepted);
		values[5] = Float8GetDatum(mean_or_nan((double) x->accepted, x->cases, &nulls[5]));
		values[6] = Float8GetDatum(ct_wilson_lower(x->accepted, x->cases, CT_WILSON_Z95));
		nulls[6] = (x->cases == 0);
		values[7] = Int64GetDatum(x->sat_cases);
		values[8] = Float8GetDatum(mean_or_nan(x->sat_sum, x->sat_cases, &nulls[8]));
		tuple = heap_form_tuple(funcctx->tuple_desc, values, nulls);
		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(tuple));
	}
	SRF_RETURN_DONE(funcctx);
}

/*
 * recommend_remedy(stats, segment, problem_type [, min_cases]) ->
 *		TABLE(remedy, cases, acceptance, wilson_lower, mean_satisfaction):
 * one row, or none when no remedy has min_cases known outcomes.
 */
Datum
ct_recommend_remedy_sql(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		TupleDesc	tupdesc;
		ct_remedy_state *st;
		size_t		sl,
					pl;
		const char *s,
				   *p;
		int64		min_cases = PG_NARGS() > 3 ? PG_GETARG_INT32(3) : 30;
		int			best;

		funcctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "recommend_remedy: return type must be a row type");
		funcctx->tuple_desc = BlessTupleDesc(tupdesc);
		if (min_cases < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("min_cases must be at least 1"),
					 errdetail("Got %lld.", (long long) min_cases)));
		st = ct_remedy_arg(fcinfo, 0);
		s = ct_arg_word(PG_GETARG_TEXT_PP(1), &sl);
		p = ct_arg_word(PG_GETARG_TEXT_PP(2), &pl);
		best = ct_remedy_recommend(st, s, sl, p, pl, min_cases);
		funcctx->max_calls = best >= 0 ? 1 : 0;
		if (best >= 0)
		{
			const ct_remedy_entry *x = &ct_remedy_entries(st)[best];
			const char *k = ct_remedy_pool(st) + x->off;
			Datum		values[5];
			bool		nulls[5] = {0};

			values[0] = PointerGetDatum(cstring_to_text_with_len(k + x->seg_len + x->prob_len, x->rem_len));
			values[1] = Int64GetDatum(x->cases);
			values[2] = Float8GetDatum((double) x->accepted / (double) x->cases);
			values[3] = Float8GetDatum(ct_wilson_lower(x->accepted, x->cases, CT_WILSON_Z95));
			values[4] = Float8GetDatum(mean_or_nan(x->sat_sum, x->sat_cases, &nulls[4]));
			funcctx->user_fctx = heap_form_tuple(funcctx->tuple_desc, values, nulls);
		}
		MemoryContextSwitchTo(old);
	}
	funcctx = SRF_PERCALL_SETUP();
	if (funcctx->call_cntr < funcctx->max_calls)
		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum((HeapTuple) funcctx->user_fctx));
	SRF_RETURN_DONE(funcctx);
}
