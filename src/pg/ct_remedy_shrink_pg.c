/*
 * ct_remedy_shrink_pg.c
 *		Remedies that hold up (doc/validation.md): rank_remedies (the
 *		shrunken acceptance ranking with back-off and its evidence),
 *		mantel_haenszel_rd (the within-stratum risk difference with Sato's
 *		variance, which validate_remedy reports), the censoring warning of
 *		the remedy_stats aggregate, and the reason evaluate() gives for a
 *		shrunken recommendation.  The arithmetic is src/core/ct_remedy_shrink.c
 *		and src/core/ct_mh.c.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "ct_mh.h"
#include "ct_pg.h"
#include "ct_remedy_pg.h"

PG_FUNCTION_INFO_V1(ct_rank_remedies_sql);
PG_FUNCTION_INFO_V1(ct_mantel_haenszel_rd_sql);

void
ct_remedy_warn_one_outcome(const ct_remedy_state *st)
{
	int64_t		known,
				accepted;

	if (ct_remedy_one_outcome(st, &known, &accepted))
		ereport(WARNING,
				(errmsg("every known outcome in the remedy history is %s",
						accepted == 0 ? "a failure (not accepted)" : "a success (accepted)"),
				 errdetail("All " INT64_FORMAT " cases with a known outcome have the same outcome, so acceptance cannot rank the remedies.",
						   (int64) known),
				 errhint("If the outcome is recorded only when a case closes, recent cases may be censored: pass NULL (unknown) for them rather than %s, or learn on a period where both outcomes were recorded.",
						 accepted == 0 ? "false" : "true")));
}

int
ct_remedy_shrunk_reason(const ct_remedy_state *st, const char *seg, size_t sl,
						const char *prob, size_t pl, int64 min_cases,
						ct_remedy_ranked *scratch, char *buf, size_t size)
{
	ct_remedy_level level;
	int64_t		level_cases;
	int			n = ct_remedy_rank(st, seg, sl, prob, pl, min_cases, scratch,
								   &level, &level_cases);
	int			len;

	if (n == 0)
		len = snprintf(buf, size, "; no remedy with a known outcome");
	else
		len = snprintf(buf, size,
					   "; recommended remedy '%.*s' (shrunken acceptance %.3f from " INT64_FORMAT "/" INT64_FORMAT ", level %s)",
					   (int) scratch[0].remedy_len, scratch[0].remedy, scratch[0].shrunk,
					   (int64) scratch[0].accepted, (int64) scratch[0].cases,
					   ct_remedy_level_names[level]);
	return len < 0 || (size_t) len >= size ? -1 : len;
}

/*
 * rank_remedies(stats, segment, problem_type [, min_cases 30]) ->
 *		TABLE(rank, remedy, level, level_cases, cases, accepted, acceptance,
 *			  prior_mean, prior_strength, prior_cells, shrunken_acceptance)
 */
Datum
ct_rank_remedies_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ct_remedy_state *st;
	int64		min_cases = PG_NARGS() > 3 ? PG_GETARG_INT32(3) : 30;
	size_t		sl,
				pl;
	const char *s,
			   *p;
	ct_remedy_ranked *out;
	ct_remedy_level level;
	int64_t		level_cases;
	int			n;

	if (min_cases < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_cases must be at least 1"),
				 errdetail("Got %lld.", (long long) min_cases)));
	InitMaterializedSRF(fcinfo, 0);
	st = ct_remedy_arg(fcinfo, 0);
	s = ct_arg_word(PG_GETARG_TEXT_PP(1), &sl);
	p = ct_arg_word(PG_GETARG_TEXT_PP(2), &pl);
	out = palloc(sizeof(ct_remedy_ranked) * Max(st->nentries, 1));
	n = ct_remedy_rank(st, s, sl, p, pl, min_cases, out, &level, &level_cases);
	for (int i = 0; i < n; i++)
	{
		Datum		values[11];
		bool		nulls[11] = {0};

		values[0] = Int32GetDatum(i + 1);
		values[1] = PointerGetDatum(cstring_to_text_with_len(out[i].remedy, out[i].remedy_len));
		values[2] = CStringGetTextDatum(ct_remedy_level_names[level]);
		values[3] = Int64GetDatum(level_cases);
		values[4] = Int64GetDatum(out[i].cases);
		values[5] = Int64GetDatum(out[i].accepted);
		values[6] = Float8GetDatum((double) out[i].accepted / (double) out[i].cases);
		values[7] = Float8GetDatum(out[i].prior.mean);
		values[8] = Float8GetDatum(out[i].prior.strength);
		values[9] = Int32GetDatum(out[i].prior.cells);
		values[10] = Float8GetDatum(out[i].shrunk);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* A bigint[] argument of n elements (n = -1: any length), no NULLs. */
static int64 *
counts_arg(FunctionCallInfo fcinfo, int argno, const char *name, int *n)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(argno);
	int			len;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", name)));
	if (array_contains_nulls(a))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not contain NULL elements", name)));
	len = ARR_NDIM(a) == 0 ? 0 : ARR_DIMS(a)[0];
	if (*n >= 0 && len != *n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("events1, cases1, events0 and cases0 must have the same length"),
				 errdetail("%s has %d element%s, events1 has %d.", name, len, len == 1 ? "" : "s", *n)));
	*n = len;
	return len == 0 ? NULL : (int64 *) ARR_DATA_PTR(a);
}

/*
 * mantel_haenszel_rd(events1 bigint[], cases1 bigint[], events0 bigint[],
 *					  cases0 bigint[]) -> (risk_difference, std_error, ci_low,
 *					  ci_high, strata, cases1, events1, cases0, events0)
 */
Datum
ct_mantel_haenszel_rd_sql(PG_FUNCTION_ARGS)
{
	int			k = -1;
	int64	   *a = counts_arg(fcinfo, 0, "events1", &k);
	int64	   *n1 = counts_arg(fcinfo, 1, "cases1", &k);
	int64	   *c = counts_arg(fcinfo, 2, "events0", &k);
	int64	   *n0 = counts_arg(fcinfo, 3, "cases0", &k);
	ct_mh_result r;
	ct_error	e;
	TupleDesc	desc;
	Datum		values[9];
	bool		nulls[9] = {0};

	ct_check(ct_mh_risk_difference((const int64_t *) a, (const int64_t *) n1,
								   (const int64_t *) c, (const int64_t *) n0,
								   k, CT_WILSON_Z95, &r, &e), &e);
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "mantel_haenszel_rd: return type must be a row type");
	values[0] = Float8GetDatum(r.rd);
	values[1] = Float8GetDatum(r.se);
	values[2] = Float8GetDatum(r.lo);
	values[3] = Float8GetDatum(r.hi);
	for (int i = 0; i < 4; i++)
		nulls[i] = r.strata == 0;
	values[4] = Int32GetDatum(r.strata);
	values[5] = Int64GetDatum(r.n1);
	values[6] = Int64GetDatum(r.a);
	values[7] = Int64GetDatum(r.n0);
	values[8] = Int64GetDatum(r.c);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}
