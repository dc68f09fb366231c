/*
 * ct_sample_pg.c
 *		sample_customers(n, seed): the deterministic synthetic customer
 *		generator of ct_sample.c as a set-returning function of the
 *		composite type complaint_tier.customer.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "ct_pg.h"
#include "ct_sample.h"

PG_FUNCTION_INFO_V1(ct_sample_customers_sql);

#define SAMPLE_NATTS 19

typedef struct SampleState
{
	int64		seed;
	Datum		levels[5];
	Datum		channels[4];
	Datum		problems[6];
	Datum		gender[2];
} SampleState;

Datum
ct_sample_customers_sql(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	SampleState *st;

	if (SRF_IS_FIRSTCALL())
	{
		int32		n = PG_GETARG_INT32(0);
		int64		seed = PG_NARGS() > 1 ? PG_GETARG_INT32(1) : 1;
		MemoryContext old;
		int			i;

		if (n < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("n must not be negative"),
					 errdetail("Got %d.", n)));
		funcctx = ct_srf_first_call(fcinfo, SAMPLE_NATTS, "sample_customers", &old);
		funcctx->max_calls = (uint64) n;
		st = palloc(sizeof(SampleState));
		st->seed = seed;
		for (i = 0; i < 5; i++)
			st->levels[i] = CStringGetTextDatum(ct_sample_levels[i]);
		for (i = 0; i < 4; i++)
			st->channels[i] = CStringGetTextDatum(ct_sample_channels[i]);
		for (i = 0; i < 6; i++)
			st->problems[i] = CStringGetTextDatum(ct_sample_problems[i]);
		st->gender[0] = CStringGetTextDatum("F");
		st->gender[1] = CStringGetTextDatum("M");
		funcctx->user_fctx = st;
		MemoryContextSwitchTo(old);
	}

	funcctx = SRF_PERCALL_SETUP();
	st = (SampleState *) funcctx->user_fctx;
	if (funcctx->call_cntr < funcctx->max_calls)
	{
		ct_customer c;
		Datum		values[SAMPLE_NATTS];
		bool		nulls[SAMPLE_NATTS] = {0};
		HeapTuple	tuple;

		ct_sample_customer(st->seed, (int64) funcctx->call_cntr + 1, &c);
		values[0] = Int64GetDatum(c.customer_id);
		if (c.gender < 0)
		{
			nulls[1] = true;
			values[1] = (Datum) 0;
		}
		else
			values[1] = st->gender[c.gender];
		values[2] = Int32GetDatum(c.age);
		values[3] = Float8GetDatum(c.tenure_months);
		values[4] = st->levels[c.customer_level];
		values[5] = Float8GetDatum(c.arpu);
		values[6] = Float8GetDatum(c.data_share);
		values[7] = st->channels[c.payment_channel];
		values[8] = Int32GetDatum(c.arrears_count_12m);
		values[9] = Int32GetDatum(c.complaints_90d);
		values[10] = Float8GetDatum(c.unreasonable_ratio);
		values[11] = Int32GetDatum(c.escalations_12m);
		values[12] = BoolGetDatum(c.emotional);
		values[13] = st->problems[c.problem_type];
		values[14] = Float8GetDatum(c.handling_hours);
		values[15] = Float8GetDatum(c.accepted_ratio);
		values[16] = Float8GetDatum(c.satisfaction);
		values[17] = BoolGetDatum(c.porting_requested);
		values[18] = BoolGetDatum(c.vulnerable);
		tuple = heap_form_tuple(funcctx->tuple_desc, values, nulls);
		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(tuple));
	}
	SRF_RETURN_DONE(funcctx);
}
