/*
 * ct_fitpush_pg.c
 *		fit's per-row helpers in a form postgres_fdw ships to a shard
 *		(doc/scale-out.md, "fit"): the version being fitted as jsonb (the
 *		model_version row keyed by column name, like a snapshot's fitted
 *		version) and the row's indicator values as one float8 array built
 *		from the named columns in SQL (levels as 0-based indexes, booleans as
 *		0 or 1), instead of a model_version value and a whole-row reference.
 *		They read no catalogue table and no setting, so they are IMMUTABLE:
 *		postgres_fdw sends only immutable functions of an extension listed in
 *		the server's extensions option, and it deparses a whole-row reference
 *		as an anonymous ROW() without the column names the record forms bind
 *		by.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "common/hashfn.h"
#include "utils/array.h"
#include "utils/elog.h"
#include "utils/jsonb.h"

#include "ct_eval_pg.h"
#include "ct_model_pg.h"
#include "ct_pg.h"

PG_FUNCTION_INFO_V1(ct_fit_normalised_v_sql);
PG_FUNCTION_INFO_V1(ct_fit_scores_v_sql);
PG_FUNCTION_INFO_V1(ct_fit_combine_v_sql);
PG_FUNCTION_INFO_V1(ct_normalised_imputed_v_sql);

/*
 * The version of argument 0 (jsonb), compiled on the first call of the call
 * site: fit passes one version per query, a constant.
 */
static ModelCache *
version_cache(FunctionCallInfo fcinfo)
{
	ModelCache *c = ct_model_cache_current(fcinfo);
	Jsonb	   *doc;
	Oid			argtypes[1] = {JSONBOID};
	Datum		args[1];
	bool		isnull;
	Datum		row;
	MemoryContext cxt = CurrentMemoryContext;

	if (c != NULL && c->requested == -1)
		return c;
	doc = PG_GETARG_JSONB_P(0);
	if (JB_ROOT_IS_SCALAR(doc) || !JB_ROOT_IS_OBJECT(doc))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("version must be a JSON object, a model_version row keyed by column name")));
	args[0] = JsonbPGetDatum(doc);
	ct_spi_connect();
	ct_spi_select("SELECT pg_catalog.jsonb_populate_record(NULL::complaint_tier.model_version, $1)",
				  1, argtypes, args, 1);
	row = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("version is an empty JSON object")));
	row = SPI_datumTransfer(row, false, -1);
	SPI_finish();
	/* a row the compiler refuses is bad input here, not a corrupt catalogue */
	PG_TRY();
	{
		c = ct_model_cache_byvalue(fcinfo, DatumGetHeapTupleHeader(row));
	}
	PG_CATCH();
	{
		ErrorData  *ed;

		MemoryContextSwitchTo(cxt);
		ed = CopyErrorData();
		if (ed->sqlerrcode != ERRCODE_DATA_CORRUPTED)
			PG_RE_THROW();
		FlushErrorState();
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("version is not a valid model_version row: %s", ed->message)));
	}
	PG_END_TRY();
	return c;
}

/* _fit_normalised_v(version jsonb, x float8[]): _normalised of the values x */
Datum
ct_fit_normalised_v_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = version_cache(fcinfo);

	ct_model_read_values(c, PG_GETARG_ARRAYTYPE_P(1));
	return ct_fit_normalised_result(c);
}

/*
 * The last row _fit_scores_v evaluated in this backend.  postgres_fdw
 * ships the call once per reference (fit's aggregates read several of its
 * elements, and a LATERAL join would not be shipped), so every reference
 * after the first in the same row finds its result here: the key is the
 * version (a 64-bit hash of its jsonb, computed once per call site) and
 * the bytes of the values array.
 */
typedef struct ScoresMemo
{
	bool		valid;
	uint64		version_hash;
	Size		len;
	char		values[4096];	/* the array's bytes (larger arrays are not kept) */
	ct_result	r;
} ScoresMemo;

static ScoresMemo memo;

/* _fit_scores_v(version jsonb, x float8[]): _fit_scores of the values x */
Datum
ct_fit_scores_v_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = version_cache(fcinfo);
	void	  **slot = ct_model_cache_extra(fcinfo);
	ArrayType  *x = PG_GETARG_ARRAYTYPE_P(1);
	Size		len = VARSIZE(x);
	uint64		h;

	ct_fit_scores_check(c);
	if (*slot == NULL)
	{
		Jsonb	   *doc = PG_GETARG_JSONB_P(0);
		uint64	   *hp = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(uint64));

		*hp = hash_bytes_extended((const unsigned char *) doc, VARSIZE(doc), 0);
		*slot = hp;
	}
	h = *(uint64 *) *slot;
	if (memo.valid && memo.version_hash == h && memo.len == len && memcmp(memo.values, x, len) == 0)
		return ct_fit_scores_datum(c, &memo.r);
	ct_model_read_values(c, x);
	memo.valid = false;
	ct_model_eval_row(c, &memo.r);
	if (len <= sizeof(memo.values))
	{
		memo.version_hash = h;
		memo.len = len;
		memcpy(memo.values, x, len);
		memo.valid = true;
	}
	return ct_fit_scores_datum(c, &memo.r);
}

/* _combine_v(version jsonb, scores float8[]): _combine with a jsonb version */
Datum
ct_fit_combine_v_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = version_cache(fcinfo);

	return ct_fit_combine_result(c, PG_GETARG_ARRAYTYPE_P(1));
}

/*
 * _normalised_imputed_v(version jsonb, x float8[]): _normalised_imputed of
 * the values x (NULL inputs imputed, the indicators with a positive global
 * weight only): the points of the logistic regression, of method dea's
 * frontier and of the fuzzy segments over foreign partitions.
 */
Datum
ct_normalised_imputed_v_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = version_cache(fcinfo);
	double	   *out = palloc(sizeof(double) * Max(c->m.n_active, 1));

	ct_model_read_values(c, PG_GETARG_ARRAYTYPE_P(1));
	for (int a = 0; a < c->m.n_active; a++)
		out[a] = c->v[c->m.active[a]];
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(out, c->m.n_active));
}
