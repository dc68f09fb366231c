/*
 * ct_profile_sample_pg.c
 *		sample_tickets(n_customers, seed): the deterministic synthetic
 *		tickets of ct_profile_sample.c for the customers 1..n of
 *		sample_customers(n, seed), as a set-returning function.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "ct_pg.h"
#include "ct_profile_sample.h"
#include "ct_sample.h"

PG_FUNCTION_INFO_V1(ct_sample_tickets_sql);

#define TICKET_NATTS 11

typedef struct TicketState
{
	int64		seed;
	int64		n_customers;
	int64		customer;		/* the customer whose tickets are in batch */
	int			nbatch;
	int			next;
	Datum		channels[5];
	Datum		problems[6];
	Datum		remedies[6];
	ct_sample_ticket batch[CT_SAMPLE_TICKETS_MAX];
} TicketState;

Datum
ct_sample_tickets_sql(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	TicketState *st;

	if (SRF_IS_FIRSTCALL())
	{
		int32		n = PG_GETARG_INT32(0);
		MemoryContext old;
		int			i;

		if (n < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("n_customers must not be negative"),
					 errdetail("Got %d.", n)));
		funcctx = ct_srf_first_call(fcinfo, TICKET_NATTS, "sample_tickets", &old);
		st = palloc(sizeof(TicketState));
		st->seed = PG_NARGS() > 1 ? PG_GETARG_INT32(1) : 1;
		st->n_customers = n;
		st->customer = 0;
		st->nbatch = 0;
		st->next = 0;
		for (i = 0; i < 5; i++)
			st->channels[i] = CStringGetTextDatum(ct_sample_ticket_channels[i]);
		for (i = 0; i < 6; i++)
			st->problems[i] = CStringGetTextDatum(ct_sample_problems[i]);
		for (i = 0; i < 6; i++)
			st->remedies[i] = CStringGetTextDatum(ct_sample_ticket_remedies[i]);
		funcctx->user_fctx = st;
		MemoryContextSwitchTo(old);
	}

	funcctx = SRF_PERCALL_SETUP();
	st = (TicketState *) funcctx->user_fctx;
	if (st->next >= st->nbatch && st->customer < st->n_customers)
	{
		st->customer++;
		st->nbatch = ct_sample_tickets(st->seed, st->customer, st->batch);
		st->next = 0;
	}
	if (st->next < st->nbatch)
	{
		const ct_sample_ticket *t = &st->batch[st->next++];
		Datum		values[TICKET_NATTS];
		bool		nulls[TICKET_NATTS] = {0};

		values[0] = Int64GetDatum(t->ticket_id);
		values[1] = Int64GetDatum(t->customer_id);
		values[2] = TimestampTzGetDatum((TimestampTz) t->opened_at);
		values[3] = st->channels[t->channel];
		values[4] = st->problems[t->problem_type];
		values[5] = BoolGetDatum(t->escalated);
		values[6] = BoolGetDatum(t->unreasonable);
		values[7] = Float8GetDatum(t->handling_hours);
		values[8] = st->remedies[t->remedy];
		values[9] = BoolGetDatum(t->accepted);
		values[10] = Float8GetDatum(t->satisfaction);
		nulls[10] = !t->has_satisfaction;
		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(funcctx);
}
