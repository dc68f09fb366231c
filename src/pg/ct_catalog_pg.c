/*
 * ct_catalog_pg.c
 *		SPI reads of the model catalogue (see ct_catalog_pg.h), and the
 *		loading of a model's strategy rules in force (ct_rule_pg.h).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "ct_catalog_pg.h"
#include "ct_govern_pg.h"
#include "ct_pg.h"
#include "ct_rule_pg.h"

int32
ct_catalog_version(const char *name, text *model, int32 requested,
				   HeapTuple *tuple, TupleDesc *desc)
{
	Oid			argtypes[2] = {TEXTOID, INT4OID};
	Datum		args[2];
	int32		version = requested;
	CtOwnerScope scope;

	args[0] = PointerGetDatum(model);
	ct_spi_select("SELECT 1 FROM complaint_tier.model WHERE name = $1",
				  1, argtypes, args, 1);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("model \"%s\" does not exist", name),
				 errhint("The models are listed in complaint_tier.model.")));
	if (version == 0)
	{
		bool		isnull;

		ct_spi_select("SELECT version FROM complaint_tier.active_version WHERE model = $1",
					  1, argtypes, args, 1);
		if (SPI_processed == 0)
		{
			int32		latest = 0;

			ct_owner_begin(&scope);
			ct_spi_select("SELECT pg_catalog.max(version) FROM complaint_tier.model_version"
						  " WHERE model OPERATOR(pg_catalog.=) $1",
						  1, argtypes, args, 1);
			ct_owner_end(&scope);
			if (SPI_processed == 1)
			{
				Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

				latest = isnull ? 0 : DatumGetInt32(d);
			}
			if (latest > 0)
				ereport(ERROR,
						(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						 errmsg("model \"%s\" has no active version", name),
						 errdetail("Its fitted versions are candidates; the latest is %d.", latest),
						 errhint("A role with complaint_tier_govern activates one: SELECT complaint_tier.activate('%s', %d);", name, latest)));
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("model \"%s\" has no fitted version", name),
					 errhint("Fit it first: SELECT complaint_tier.fit('%s', 'your_table');", name)));
		}
		version = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	}
	ct_catalog_version_row(name, model, version, false);
	*tuple = SPI_tuptable->vals[0];
	*desc = SPI_tuptable->tupdesc;
	return version;
}

void
ct_catalog_version_row(const char *name, text *model, int32 version, bool as_json)
{
	Oid			argtypes[2] = {TEXTOID, INT4OID};
	Datum		args[2];
	CtOwnerScope scope;

	args[0] = PointerGetDatum(model);
	args[1] = Int32GetDatum(version);

	/*
	 * The version row holds statistics of its source, which the caller may
	 * not be allowed to read: it is read as the catalogue's owner, by these
	 * fixed statements only, after the caller's own read of the model
	 * succeeded (complaint_tier_use); the whole row is only compiled, never
	 * returned, and the JSON form only returned by model_snapshot() to a
	 * reader of the version's source.
	 */
	ct_owner_begin(&scope);
	if (as_json)
	{
		/*
		 * to_jsonb writes each float8 with float8out: shortest-exact only
		 * while extra_float_digits > 0, so that the snapshot evaluates
		 * exactly as the version does whatever the caller's setting
		 * (ct_owner_end restores it)
		 */
		(void) set_config_option("extra_float_digits", "3", PGC_USERSET, PGC_S_SESSION,
								 GUC_ACTION_SAVE, true, 0, false);
	}
	ct_spi_select(as_json ?
				  "SELECT pg_catalog.to_jsonb(mv) FROM complaint_tier.model_version mv"
				  " WHERE mv.model OPERATOR(pg_catalog.=) $1 AND mv.version OPERATOR(pg_catalog.=) $2" :
				  "SELECT * FROM complaint_tier.model_version"
				  " WHERE model OPERATOR(pg_catalog.=) $1 AND version OPERATOR(pg_catalog.=) $2",
				  2, argtypes, args, 1);
	ct_owner_end(&scope);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("version %d of model \"%s\" does not exist", version, name),
				 errhint("The fitted versions are listed in complaint_tier.version_catalogue.")));
}

bool
ct_catalog_demographic_rules(const char *model)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	bool		on = false;

	args[0] = CStringGetTextDatum(model);
	ct_spi_select("SELECT demographic_rules FROM complaint_tier.model WHERE name = $1",
				  1, argtypes, args, 1);
	if (SPI_processed == 1)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		on = !isnull && DatumGetBool(d);
	}
	return on;
}

ct_remedy_state *
ct_catalog_remedy(const char *model, MemoryContext mcxt, char **segment,
				  int64 *min_cases, bool *shrinkage)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	ct_remedy_state *st = NULL;

	args[0] = CStringGetTextDatum(model);
	ct_spi_select("SELECT stats, segment, min_cases, method = 'shrinkage' FROM complaint_tier.remedy_model WHERE model = $1",
				  1, argtypes, args, 1);
	if (SPI_processed == 1)
	{
		HeapTuple	tup = SPI_tuptable->vals[0];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		n1,
					n2,
					n3;
		Datum		d1 = SPI_getbinval(tup, desc, 1, &n1);
		Datum		d2 = SPI_getbinval(tup, desc, 2, &n2);
		Datum		d3 = SPI_getbinval(tup, desc, 3, &n3);
		MemoryContext old;
		ct_error	err;

		if (n1 || n2 || n3)
			elog(ERROR, "complaint_tier: NULL in complaint_tier.remedy_model");
		old = MemoryContextSwitchTo(mcxt);
		st = (ct_remedy_state *) PG_DETOAST_DATUM_COPY(d1);
		*segment = TextDatumGetCString(d2);
		MemoryContextSwitchTo(old);
		*min_cases = DatumGetInt32(d3);
		*shrinkage = DatumGetBool(SPI_getbinval(tup, desc, 4, &n1));
		ct_check(ct_remedy_check(st, VARSIZE(st), &err), &err);
	}
	return st;
}

/* ---- the rules in force (declared in ct_rule_pg.h) --------------------- */

static char *
spi_text(HeapTuple tup, TupleDesc desc, int col, MemoryContext mcxt)
{
	char	   *v = SPI_getvalue(tup, desc, col);

	return v ? MemoryContextStrdup(mcxt, v) : NULL;
}

ct_pg_ruleset *
ct_rules_load(const char *model, bool demographic, TimestampTz at, MemoryContext mcxt)
{
	static const char *query =
		"SELECT " CT_RULES_IN_FORCE_COLUMNS CT_RULES_IN_FORCE_FROM
		" ORDER BY r.priority, r.id COLLATE \"C\"";
	Oid			argtypes[3] = {TEXTOID, BOOLOID, TIMESTAMPTZOID};
	Datum		values[3];
	ct_pg_ruleset *rs;

	values[0] = CStringGetTextDatum(model);
	values[1] = BoolGetDatum(demographic);
	values[2] = TimestampTzGetDatum(at);
	ct_spi_connect();
	ct_spi_select(query, 3, argtypes, values, 0);
	rs = ct_rules_from_tuples(model, SPI_tuptable->vals, SPI_processed,
							  SPI_tuptable->tupdesc, mcxt);
	SPI_finish();
	return rs;
}

ct_pg_ruleset *
ct_rules_from_tuples(const char *model, HeapTuple *tuples, uint64 n,
					 TupleDesc desc, MemoryContext mcxt)
{
	ct_pg_ruleset *rs;
	uint64		i;

	rs = MemoryContextAllocZero(mcxt, sizeof(ct_pg_ruleset));
	rs->model = MemoryContextStrdup(mcxt, model);
	rs->vulnerable_slot = -1;
	rs->porting_slot = -1;
	rs->n = (int) n;
	rs->rules = MemoryContextAllocZero(mcxt, sizeof(ct_pg_rule) * Max(rs->n, 1));
	for (i = 0; i < n; i++)
	{
		HeapTuple	tup = tuples[i];
		ct_pg_rule *r = &rs->rules[i];
		bool		isnull;
		Datum		d;
		char	   *cond;
		size_t		len;
		char	   *norm;
		size_t		normlen;
		ct_error	e;

		r->id = spi_text(tup, desc, 1, mcxt);
		r->version = DatumGetInt32(SPI_getbinval(tup, desc, 2, &isnull));
		r->priority = DatumGetInt32(SPI_getbinval(tup, desc, 3, &isnull));
		r->strategy = spi_text(tup, desc, 4, mcxt);
		r->title = spi_text(tup, desc, 5, mcxt);
		d = SPI_getbinval(tup, desc, 6, &isnull);
		r->routing_priority = isnull ? 0 : DatumGetInt32(d);
		d = SPI_getbinval(tup, desc, 7, &isnull);
		r->has_refund_ceiling = !isnull;
		r->refund_ceiling = isnull ? 0 : DatumGetFloat8(d);
		r->approval_required = DatumGetBool(SPI_getbinval(tup, desc, 8, &isnull));
		r->suspension_type = DatumGetBool(SPI_getbinval(tup, desc, 9, &isnull));
		r->offer = DatumGetBool(SPI_getbinval(tup, desc, 10, &isnull));
		cond = SPI_getvalue(tup, desc, 11);
		len = strlen(cond);
		r->prog = MemoryContextAlloc(mcxt, sizeof(ct_rule_program));
		r->source = MemoryContextStrdup(mcxt, cond);
		norm = MemoryContextAlloc(mcxt, 2 * len + 1);
		/* the rules table's CHECK validated the syntax; a failure here is stale */
		if (ct_rule_normalize(cond, len, norm, 2 * len + 1, &normlen, &e) != CT_OK)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("rule \"%s\" of model \"%s\" has an invalid condition: %s",
							r->id, model, e.message),
					 errhint("Correct or disable the rule in complaint_tier.rules.")));
		r->condition = norm;
		/*
		 * Equal normalised texts are the same token stream, hence the same
		 * program: ct_rules_apply reuses the previous rule's result.
		 */
		r->same_as_prev = i > 0 && strcmp(norm, rs->rules[i - 1].condition) == 0;
		r->strategy_key = (int) i;
		for (uint64 k = 0; k < i; k++)
			if (strcmp(rs->rules[k].strategy, r->strategy) == 0)
			{
				r->strategy_key = (int) k;
				break;
			}
	}
	return rs;
}
