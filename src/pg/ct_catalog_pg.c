/*
 * ct_catalog_pg.c
 *		SPI reads of the model catalogue (see ct_catalog_pg.h).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"

#include "ct_catalog_pg.h"
#include "ct_pg.h"

int32
ct_catalog_version(const char *name, text *model, int32 requested,
				   HeapTuple *tuple, TupleDesc *desc)
{
	Oid			argtypes[2] = {TEXTOID, INT4OID};
	Datum		args[2];
	int32		version = requested;

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
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("model \"%s\" has no fitted version", name),
					 errhint("Fit it first: SELECT complaint_tier.fit('%s', 'your_table');", name)));
		version = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	}
	args[1] = Int32GetDatum(version);
	ct_spi_select("SELECT * FROM complaint_tier.model_version WHERE model = $1 AND version = $2",
				  2, argtypes, args, 1);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("version %d of model \"%s\" does not exist", version, name),
				 errhint("The fitted versions are listed in complaint_tier.model_version.")));
	*tuple = SPI_tuptable->vals[0];
	*desc = SPI_tuptable->tupdesc;
	return version;
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
