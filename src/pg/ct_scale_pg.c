/*
 * ct_scale_pg.c
 *		One model version everywhere (doc/scale-out.md).  model_snapshot()
 *		puts a fitted version, the strategy rules in force and the model's
 *		remedy table into one value of type complaint_tier.model_snapshot;
 *		evaluate(snapshot, customer) evaluates with that value alone and
 *		never reads a catalogue, so it is IMMUTABLE and a Citus worker or a
 *		postgres_fdw shard evaluates with exactly the version the
 *		coordinator put into the query.  expect_version() is the check a
 *		coordinator pushes to shards that evaluate with a snapshot they
 *		keep: it fails, naming both versions, instead of letting an older
 *		version through.
 */
#include "postgres.h"

#include "access/detoast.h"
#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/typcache.h"
#include "access/xact.h"

#include "ct_catalog_pg.h"
#include "ct_eval_pg.h"
#include "ct_govern_pg.h"
#include "ct_model_pg.h"
#include "ct_pg.h"
#include "ct_remedy.h"
#include "ct_rule_pg.h"
#include "ct_scale_pg.h"

PG_FUNCTION_INFO_V1(ct_model_snapshot_sql);
PG_FUNCTION_INFO_V1(ct_evaluate_snapshot_sql);
PG_FUNCTION_INFO_V1(ct_expect_version_sql);

/* The format of complaint_tier.model_snapshot this code writes and reads. */
#define CT_SNAPSHOT_FORMAT 1

/* The attributes of complaint_tier.model_snapshot, in order. */
enum
{
	SN_FORMAT, SN_MODEL, SN_VERSION, SN_RULES_AT, SN_DEMOGRAPHIC, SN_FITTED,
	SN_RULES, SN_REMEDY_STATS, SN_REMEDY_SEGMENT, SN_REMEDY_MIN, SN_REMEDY_METHOD,
	SN_NATTS
};

/* The number of columns of complaint_tier.snapshot_rule (CT_RULES_IN_FORCE_COLUMNS). */
#define SNAPSHOT_RULE_NATTS 11

static void
snapshot_desc_check(TupleDesc desc)
{
	if (desc->natts != SN_NATTS)
		elog(ERROR, "complaint_tier.model_snapshot has %d attributes, expected %d",
			 desc->natts, SN_NATTS);
}

/* ---- model_snapshot(model, version) ------------------------------------- */

static Datum
spi_value(int col, bool *isnull)
{
	return SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, col, isnull);
}

/*
 * model_snapshot(model text, version int DEFAULT NULL): the version (the
 * active one when NULL) with the rules in force now and the remedy table,
 * as one value.  It carries the version's statistics, so it is given only
 * to a reader of the version's source, as version_catalogue shows them.
 */
Datum
ct_model_snapshot_sql(PG_FUNCTION_ARGS)
{
	TupleDesc	rdesc;
	text	   *model;
	char	   *name;
	int32		requested = 0;
	int32		version;
	HeapTuple	vtuple;
	TupleDesc	vdesc;
	Oid			argtypes[3] = {TEXTOID, INT4OID, TIMESTAMPTZOID};
	Datum		args[3];
	Datum		values[SN_NATTS];
	bool		nulls[SN_NATTS];
	char	   *state;
	char	   *source;
	bool		isnull;
	bool		demographic;
	TimestampTz at = GetCurrentTransactionStartTimestamp();

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("model must not be NULL")));
	if (!PG_ARGISNULL(1))
	{
		requested = PG_GETARG_INT32(1);
		if (requested < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("version must be positive"),
					 errdetail("Got %d.", requested),
					 errhint("Pass NULL (the default) for the active version.")));
	}
	if (get_call_result_type(fcinfo, NULL, &rdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "model_snapshot: return type must be a row type");
	snapshot_desc_check(rdesc);
	model = PG_GETARG_TEXT_PP(0);
	name = text_to_cstring(model);
	memset(nulls, 0, sizeof(nulls));

	ct_spi_connect();
	version = ct_catalog_version(name, model, requested, &vtuple, &vdesc);
	state = SPI_getvalue(vtuple, vdesc, SPI_fnumber(vdesc, "state"));
	source = SPI_getvalue(vtuple, vdesc, SPI_fnumber(vdesc, "source"));
	if (state == NULL || strcmp(state, "ready") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("version %d of model \"%s\" is not completely fitted", version, name)));
	args[0] = CStringGetTextDatum(source ? source : "");
	ct_spi_select("SELECT complaint_tier._source_readable($1)", 1, argtypes, args, 1);
	if (SPI_processed != 1 || !DatumGetBool(spi_value(1, &isnull)) || isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to take a snapshot of version %d of model \"%s\"", version, name),
				 errdetail("A snapshot carries the version's statistics (ranges, means, quantiles, cut points), which are shown only to readers of its source %s.",
						   source ? source : "(none)"),
				 errhint("Take the snapshot as a role that may SELECT the source, as version_catalogue shows the statistics.")));

	/* the version row as JSON keyed by column name */
	ct_catalog_version_row(name, model, version, true);
	values[SN_FITTED] = SPI_datumTransfer(spi_value(1, &isnull), false, -1);

	/* the rules in force now, exactly as evaluate() would load them */
	args[0] = PointerGetDatum(model);
	demographic = ct_catalog_demographic_rules(name);
	args[1] = BoolGetDatum(demographic);
	args[2] = TimestampTzGetDatum(at);
	argtypes[1] = BOOLOID;
	ct_spi_select("SELECT pg_catalog.array_agg(ROW(" CT_RULES_IN_FORCE_COLUMNS ")::complaint_tier.snapshot_rule"
				  " ORDER BY r.priority, r.id COLLATE \"C\")" CT_RULES_IN_FORCE_FROM,
				  3, argtypes, args, 1);
	values[SN_RULES] = spi_value(1, &isnull);
	if (isnull)
		values[SN_RULES] =
			PointerGetDatum(construct_empty_array(get_element_type(TupleDescAttr(rdesc, SN_RULES)->atttypid)));
	values[SN_RULES] = SPI_datumTransfer(values[SN_RULES], false, -1);

	/* the remedy table, as ct_catalog_remedy reads it */
	ct_spi_select("SELECT stats, segment, min_cases, method FROM complaint_tier.remedy_model WHERE model = $1",
				  1, argtypes, args, 1);
	if (SPI_processed == 1)
	{
		for (int k = 0; k < 4; k++)
		{
			Datum		d = spi_value(k + 1, &isnull);

			nulls[SN_REMEDY_STATS + k] = isnull;
			if (!isnull)
				values[SN_REMEDY_STATS + k] =
					k == 2 ? d : SPI_datumTransfer(d, false, -1);
		}
	}
	else
		nulls[SN_REMEDY_STATS] = nulls[SN_REMEDY_SEGMENT] = nulls[SN_REMEDY_MIN] =
			nulls[SN_REMEDY_METHOD] = true;
	SPI_finish();

	values[SN_FORMAT] = Int32GetDatum(CT_SNAPSHOT_FORMAT);
	values[SN_MODEL] = CStringGetTextDatum(name);
	values[SN_VERSION] = Int32GetDatum(version);
	values[SN_RULES_AT] = TimestampTzGetDatum(at);
	values[SN_DEMOGRAPHIC] = BoolGetDatum(demographic);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(rdesc), values, nulls)));
}

/* ---- evaluate(snapshot, customer) --------------------------------------- */

static void
bad_snapshot(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid model snapshot"),
			 errdetail("%s", detail),
			 errhint("Take snapshots with complaint_tier.model_snapshot(model, version) and pass them unchanged.")));
}

/* The snapshot's rules: a rule set built from the array, checked first. */
static ct_pg_ruleset *
snapshot_rules(const char *model, Datum arr, MemoryContext cxt)
{
	ArrayType  *a = DatumGetArrayTypeP(arr);
	Oid			elemtype = ARR_ELEMTYPE(a);
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *elems;
	bool	   *enulls;
	int			n;
	TupleDesc	desc;
	HeapTuple  *tuples;

	if (ARR_NDIM(a) > 1)
		bad_snapshot("Its rules are not a one-dimensional array.");
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(a, elemtype, typlen, typbyval, typalign, &elems, &enulls, &n);
	desc = lookup_rowtype_tupdesc_copy(elemtype, -1);
	if (desc->natts != SNAPSHOT_RULE_NATTS)
		elog(ERROR, "complaint_tier.snapshot_rule has %d attributes, expected %d",
			 desc->natts, SNAPSHOT_RULE_NATTS);
	tuples = palloc(sizeof(HeapTuple) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		HeapTupleHeader h;

		if (enulls[i])
			bad_snapshot("One of its rules is NULL.");
		h = DatumGetHeapTupleHeader(elems[i]);
		tuples[i] = palloc0(sizeof(HeapTupleData));
		tuples[i]->t_len = HeapTupleHeaderGetDatumLength(h);
		ItemPointerSetInvalid(&tuples[i]->t_self);
		tuples[i]->t_data = h;
		/* what the catalogue's constraints guarantee ct_rules_from_tuples */
		for (int col = 1; col <= SNAPSHOT_RULE_NATTS; col++)
		{
			bool		isnull;

			if (col == 6 || col == 7)	/* routing_priority, refund_ceiling */
				continue;
			(void) heap_getattr(tuples[i], col, desc, &isnull);
			if (isnull)
				bad_snapshot(psprintf("Column %s of rule %d is NULL.",
									  NameStr(TupleDescAttr(desc, col - 1)->attname), i + 1));
		}
	}
	return ct_rules_from_tuples(model, tuples, n, desc, cxt);
}

/* The remedy table a snapshot carries, checked as ct_catalog_remedy does. */
static void
snapshot_remedy(ModelCache *c, HeapTupleHeader snap, TupleDesc desc)
{
	HeapTupleData t;
	bool		n[4];
	Datum		d[4];
	ct_error	err;
	char	   *method;

	t.t_len = HeapTupleHeaderGetDatumLength(snap);
	t.t_data = snap;
	for (int k = 0; k < 4; k++)
		d[k] = heap_getattr(&t, SN_REMEDY_STATS + k + 1, desc, &n[k]);
	if (n[0] && n[1] && n[2] && n[3])
		return;
	if (n[0] || n[1] || n[2] || n[3])
		bad_snapshot("Its remedy table is only partly given (remedy_stats, remedy_segment, remedy_min_cases and remedy_method go together).");
	c->snap_remedy = (ct_remedy_state *) PG_DETOAST_DATUM_COPY(d[0]);
	ct_check(ct_remedy_check(c->snap_remedy, VARSIZE(c->snap_remedy), &err), &err);
	c->snap_remedy_segment = TextDatumGetCString(d[1]);
	c->snap_remedy_min = DatumGetInt32(d[2]);
	method = TextDatumGetCString(d[3]);
	if (c->snap_remedy_min < 1)
		bad_snapshot("Its remedy_min_cases is below 1.");
	if (strcmp(method, "wilson") != 0 && strcmp(method, "shrinkage") != 0)
		bad_snapshot(psprintf("Its remedy_method \"%s\" is neither wilson nor shrinkage.", method));
	c->snap_remedy_shrink = strcmp(method, "shrinkage") == 0;
}

/*
 * The fitted version a snapshot carries, as a model_version row of this
 * node: the JSON object is read by column name, so the order of the
 * table's columns on the node that took the snapshot does not matter.
 */
static HeapTupleHeader
fitted_row(Datum doc)
{
	Oid			argtypes[1] = {JSONBOID};
	Datum		args[1];
	bool		isnull;
	Datum		row;

	args[0] = doc;
	if (JB_ROOT_IS_SCALAR(DatumGetJsonbP(doc)) || !JB_ROOT_IS_OBJECT(DatumGetJsonbP(doc)))
		bad_snapshot("Its fitted version is not a JSON object.");
	ct_spi_connect();
	ct_spi_select("SELECT pg_catalog.jsonb_populate_record(NULL::complaint_tier.model_version, $1)",
				  1, argtypes, args, 1);
	row = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		bad_snapshot("Its fitted version is empty.");
	row = SPI_datumTransfer(row, false, -1);
	SPI_finish();
	return DatumGetHeapTupleHeader(row);
}

/*
 * Compile a snapshot into a fresh cache of this call site.  The whole
 * snapshot is checked whatever the caller reads; the rule set is attached
 * only with_rules (explain(snapshot, ...) binds the row without the rules,
 * as explain(model, ...) does).
 */
static ModelCache *
snapshot_build(FunctionCallInfo fcinfo, HeapTupleHeader snap, Size len, bool with_rules)
{
	MemoryContext cxt;
	MemoryContext old;
	ModelCache *c = ct_model_cache_fresh(fcinfo, &cxt);
	TupleDesc	desc;
	HeapTupleData t;
	Datum		d[SN_NATTS];
	bool		n[SN_NATTS];
	char	   *model;
	ct_pg_ruleset *rs;

	old = MemoryContextSwitchTo(cxt);
	desc = lookup_rowtype_tupdesc_copy(HeapTupleHeaderGetTypeId(snap),
									   HeapTupleHeaderGetTypMod(snap));
	snapshot_desc_check(desc);
	t.t_len = HeapTupleHeaderGetDatumLength(snap);
	t.t_data = snap;
	heap_deform_tuple(&t, desc, d, n);
	if (n[SN_FORMAT] || n[SN_MODEL] || n[SN_VERSION] || n[SN_FITTED] || n[SN_RULES] ||
		n[SN_DEMOGRAPHIC])
		bad_snapshot("Its format, model, version, demographic_rules, fitted version or rules are NULL.");
	if (DatumGetInt32(d[SN_FORMAT]) != CT_SNAPSHOT_FORMAT)
		bad_snapshot(psprintf("Its format is %d; this installation reads format %d.",
							  DatumGetInt32(d[SN_FORMAT]), CT_SNAPSHOT_FORMAT));
	ct_model_compile_datum(c, fitted_row(d[SN_FITTED]));
	model = TextDatumGetCString(d[SN_MODEL]);
	if (strcmp(model, c->model_name) != 0 || DatumGetInt32(d[SN_VERSION]) != c->version)
		bad_snapshot(psprintf("It names version %d of model \"%s\" but carries version %d of model \"%s\".",
							  DatumGetInt32(d[SN_VERSION]), model, c->version, c->model_name));
	if (!c->m.fitted)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("version %d of model \"%s\" is not completely fitted", c->version, c->model_name)));
	c->requested = -2;
	c->with_rules = with_rules;
	c->by_snapshot = true;
	rs = snapshot_rules(c->model_name, d[SN_RULES], cxt);
	c->rs = with_rules ? rs : NULL;
	snapshot_remedy(c, snap, desc);
	c->snap_bytes = palloc(len);
	memcpy(c->snap_bytes, snap, len);
	MemoryContextSwitchTo(old);
	ct_model_cache_install(fcinfo, c);
	return c;
}

/*
 * The cache of the snapshot argument: compiled on its first call.  A
 * snapshot that is a constant of the query (or a bound parameter) is not
 * looked at again; one read from a table (a shard's snapshot table) is
 * recognised by its toast pointer, without detoasting it per row (a stored
 * value never changes under a pointer the query can see); any other is
 * compared byte for byte with the one compiled.  A different snapshot on a
 * later row is compiled anew.
 */
static ModelCache *
snapshot_cache(FunctionCallInfo fcinfo, Datum raw, bool with_rules)
{
	ModelCache *c = ct_model_cache_current(fcinfo);
	struct varlena *v = (struct varlena *) DatumGetPointer(raw);
	struct varatt_external toast = {0};
	bool		stored = VARATT_IS_EXTERNAL_ONDISK(v);
	HeapTupleHeader snap;
	Size		len;

	if (stored)
		VARATT_EXTERNAL_GET_POINTER(toast, v);
	if (c != NULL && c->by_snapshot && c->with_rules == with_rules)
	{
		if (get_fn_expr_arg_stable(fcinfo->flinfo, 0))
			return c;
		if (stored && c->snap_toast_rel == toast.va_toastrelid &&
			c->snap_toast_value == toast.va_valueid)
			return c;
	}
	snap = DatumGetHeapTupleHeader(raw);
	len = HeapTupleHeaderGetDatumLength(snap);
	if (c == NULL || !c->by_snapshot || c->with_rules != with_rules ||
		VARSIZE(c->snap_bytes) != len || memcmp(c->snap_bytes, snap, len) != 0)
		c = snapshot_build(fcinfo, snap, len, with_rules);
	c->snap_toast_rel = stored ? toast.va_toastrelid : InvalidOid;
	c->snap_toast_value = stored ? toast.va_valueid : InvalidOid;
	return c;
}

ModelCache *
ct_model_cache_arg(FunctionCallInfo fcinfo, bool snapshot, bool with_rules)
{
	if (snapshot)
		return snapshot_cache(fcinfo, PG_GETARG_DATUM(0), with_rules);
	return ct_model_cache(fcinfo, PG_GETARG_TEXT_PP(0), 0, with_rules);
}

/* evaluate(snapshot model_snapshot, customer record, on_error text) */
Datum
ct_evaluate_snapshot_sql(PG_FUNCTION_ARGS)
{
	bool		soft = ct_evaluate_on_error_null(fcinfo, 2);
	ModelCache *c = ct_model_cache_arg(fcinfo, true, true);

	PG_RETURN_DATUM(ct_evaluate_cached(fcinfo, c, ct_evaluate_record_arg(fcinfo, 1), soft));
}

/* ---- expect_version(...) ------------------------------------------------ */

/*
 * expect_version(got_model text, got_version int, model text, version int):
 * true when an evaluation (model, version) is of the expected model and
 * version, else an error naming both: pushed to shards in a WHERE clause,
 * it stops a shard that evaluates with a stale snapshot.
 */
Datum
ct_expect_version_sql(PG_FUNCTION_ARGS)
{
	text	   *got_model = PG_GETARG_TEXT_PP(0);
	int32		got = PG_GETARG_INT32(1);
	text	   *model = PG_GETARG_TEXT_PP(2);
	int32		want = PG_GETARG_INT32(3);

	if (got != want ||
		VARSIZE_ANY_EXHDR(got_model) != VARSIZE_ANY_EXHDR(model) ||
		memcmp(VARDATA_ANY(got_model), VARDATA_ANY(model), VARSIZE_ANY_EXHDR(model)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("evaluated with version %d of model \"%s\", expected version %d of model \"%s\"",
						got, text_to_cstring(got_model), want, text_to_cstring(model)),
				 errdetail("The evaluating node holds another snapshot than the one the query expects."),
				 errhint("Publish the expected version to every shard: SELECT complaint_tier.publish_snapshot('%s', '<shard''s snapshot table>');",
						 text_to_cstring(model))));
	PG_RETURN_BOOL(true);
}
