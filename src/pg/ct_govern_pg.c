/*
 * ct_govern_pg.c
 *		The levels of doc/governance.md and the narrow path to the fitted
 *		versions: _store_version (what fit() ends with), activate(), and the
 *		owner scope that ct_catalog_pg.c uses for evaluate()'s read.
 *
 * The fitted versions (complaint_tier.model_version) hold statistics of the
 * tables they were fitted on; no level may read or write that table
 * directly.  Everyone reads complaint_tier.version_catalogue, which shows the
 * statistics of a version only to roles that may SELECT its source.  These
 * functions are not SECURITY DEFINER: they run as the caller, check the
 * caller's level and rights themselves (GetUserId() is the caller), and
 * switch to the catalogue's owner only around fixed, schema-qualified
 * statements with search_path pinned.  So the version's fitted_by, and the
 * activation's activated_by, are always the role that really did it.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "ct_govern_pg.h"
#include "ct_pg.h"

PG_FUNCTION_INFO_V1(ct_require_level_sql);
PG_FUNCTION_INFO_V1(ct_store_version_sql);
PG_FUNCTION_INFO_V1(ct_activate_sql);

/* ---- levels --------------------------------------------------------------- */

bool
ct_has_level(Oid role, const char *level)
{
	char		name[NAMEDATALEN];
	Oid			level_role;

	snprintf(name, sizeof(name), "complaint_tier_%s", level);
	level_role = get_role_oid(name, true);
	if (!OidIsValid(level_role))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("role \"%s\" does not exist", name),
				 errdetail("CREATE EXTENSION complaint_tier creates the roles complaint_tier_use, complaint_tier_model and complaint_tier_govern."),
				 errhint("A role with CREATEROLE recreates it: CREATE ROLE %s NOLOGIN; (see doc/governance.md for its grants).", name)));
	return has_privs_of_role(role, level_role);
}

void
ct_require_level(const char *level, const char *action)
{
	Oid			caller = GetUserId();

	if (!ct_has_level(caller, level))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to %s", action),
				 errdetail("Only roles with the privileges of complaint_tier_%s may do that.", level),
				 errhint("An administrator grants it: GRANT complaint_tier_%s TO %s;",
						 level, quote_identifier(GetUserNameFromId(caller, false)))));
}

/*
 * _require_level(level text, action text): ct_require_level for the
 * PL/pgSQL functions (fit, define_model), so that every level check says
 * the same thing.
 */
Datum
ct_require_level_sql(PG_FUNCTION_ARGS)
{
	char	   *level = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *action = text_to_cstring(PG_GETARG_TEXT_PP(1));

	if (strcmp(level, "use") != 0 && strcmp(level, "model") != 0 && strcmp(level, "govern") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown level \"%s\"", level),
				 errhint("The levels are use, model and govern.")));
	ct_require_level(level, action);
	PG_RETURN_VOID();
}

/* ---- the owner scope ------------------------------------------------------ */

static Oid
catalogue_owner(void)
{
	Oid			nsp = get_namespace_oid("complaint_tier", false);
	Oid			rel = get_relname_relid("model_version", nsp);
	HeapTuple	tp;
	Oid			owner;

	if (!OidIsValid(rel))
		elog(ERROR, "complaint_tier: table complaint_tier.model_version is missing");
	tp = SearchSysCache1(RELOID, ObjectIdGetDatum(rel));
	if (!HeapTupleIsValid(tp))
		elog(ERROR, "complaint_tier: cache lookup failed for relation %u", rel);
	owner = ((Form_pg_class) GETSTRUCT(tp))->relowner;
	ReleaseSysCache(tp);
	return owner;
}

void
ct_owner_begin(CtOwnerScope *s)
{
	Oid			owner = catalogue_owner();

	GetUserIdAndSecContext(&s->saved_user, &s->saved_sec);
	s->guc_level = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);
	SetUserIdAndSecContext(owner, s->saved_sec | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
}

void
ct_owner_end(CtOwnerScope *s)
{
	AtEOXact_GUC(true, s->guc_level);
	SetUserIdAndSecContext(s->saved_user, s->saved_sec);
}

/* ---- statements as the owner ------------------------------------------- */

static void
run(const char *sql, int nargs, Oid *types, Datum *args, const char *nulls,
	int expected)
{
	int			rc = SPI_execute_with_args(sql, nargs, types, args, nulls, false, 0);

	if (rc != expected)
		elog(ERROR, "complaint_tier: catalogue statement failed (%s): %s",
			 SPI_result_code_string(rc), sql);
}

static bool
first_int4(int32 *out)
{
	bool		isnull;
	Datum		d;

	if (SPI_processed == 0)
		return false;
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		return false;
	*out = DatumGetInt32(d);
	return true;
}

/*
 * Make version the active one of model (owner scope, SPI connected, the
 * model's row locked by the caller): active_version and one row of
 * activation_log, both naming the caller.
 */
static void
activate_locked(Datum model, int32 version, const char *by)
{
	Oid			types[4] = {TEXTOID, INT4OID, TEXTOID, INT4OID};
	Datum		args[4];
	char		nulls[4] = {' ', ' ', ' ', ' '};
	int32		previous = 0;

	args[0] = model;
	run("SELECT version FROM complaint_tier.active_version"
		" WHERE model OPERATOR(pg_catalog.=) $1 FOR UPDATE",
		1, types, args, NULL, SPI_OK_SELECT);
	if (!first_int4(&previous))
		nulls[3] = 'n';
	args[1] = Int32GetDatum(version);
	args[2] = CStringGetTextDatum(by);
	args[3] = Int32GetDatum(previous);
	run("INSERT INTO complaint_tier.active_version AS av (model, version, activated_at, activated_by)"
		" VALUES ($1, $2, pg_catalog.now(), $3)"
		" ON CONFLICT (model) DO UPDATE SET version = EXCLUDED.version,"
		" activated_at = EXCLUDED.activated_at, activated_by = EXCLUDED.activated_by",
		3, types, args, NULL, SPI_OK_INSERT);
	run("INSERT INTO complaint_tier.activation_log (model, version, previous_version, activated_at, activated_by)"
		" VALUES ($1, $2, $4, pg_catalog.now(), $3)",
		4, types, args, nulls, SPI_OK_INSERT);
}

/* Lock the model's row (owner scope); ERROR if there is no such model. */
static void
lock_model(Datum model, const char *name)
{
	Oid			types[1] = {TEXTOID};
	Datum		args[1];

	args[0] = model;
	run("SELECT 1 FROM complaint_tier.model WHERE name OPERATOR(pg_catalog.=) $1 FOR UPDATE",
		1, types, args, NULL, SPI_OK_SELECT);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("model \"%s\" does not exist", name),
				 errhint("The models are listed in complaint_tier.model.")));
}

/* ---- _store_version(v model_version, activate boolean) ------------------ */

static int
attnum_of(TupleDesc desc, const char *name)
{
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(desc, i);

		if (!a->attisdropped && strcmp(NameStr(a->attname), name) == 0)
			return i + 1;
	}
	elog(ERROR, "complaint_tier.model_version has no column \"%s\"", name);
	return 0;					/* keep the compiler quiet */
}

/*
 * The relation a version's source names (fit stores it schema-qualified);
 * ERROR unless the caller may SELECT it.
 */
static void
check_source(const char *source, Oid caller)
{
	RangeVar   *rv = makeRangeVarFromNameList(stringToQualifiedNameList(source));
	Oid			relid = RangeVarGetRelid(rv, NoLock, true);

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"%s\" does not exist", source),
				 errdetail("A version names the table or view it was fitted on.")));
	if (pg_class_aclcheck(relid, caller, ACL_SELECT) != ACLCHECK_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied for table %s", source),
				 errdetail("A version may only be stored by a role that may read its source.")));
}

/*
 * The last step of fit(): store a fitted version (state 'ready') under the
 * next version number, recording the caller and the time, and activate it
 * when activate is true (complaint_tier_govern only), or, when activate is
 * NULL, when the caller has complaint_tier_govern or the model has no active
 * version yet (no one's results change then).  Otherwise the version is a
 * candidate and the active version stays.  Returns the version number.
 */
Datum
ct_store_version_sql(PG_FUNCTION_ARGS)
{
	Oid			caller = GetUserId();
	char	   *caller_name = GetUserNameFromId(caller, false);
	bool		govern;
	bool		activate_given = !PG_ARGISNULL(1);
	bool		activate = activate_given && PG_GETARG_BOOL(1);
	HeapTupleHeader vh;
	Oid			rowtype;
	TupleDesc	desc;
	HeapTupleData tuple;
	HeapTuple	stored;
	int			att_model,
				att_state,
				att_source,
				cols[3];
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	bool		isnull;
	Datum		model;
	char	   *name;
	char	   *state;
	int32		version = 0;
	int32		active = 0;
	bool		has_active;
	bool		do_activate;
	CtOwnerScope scope;
	Oid			types[2];
	Datum		args[2];

	ct_require_level("model", "store a fitted model version");
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the version to store must not be NULL")));
	govern = ct_has_level(caller, "govern");

	vh = PG_GETARG_HEAPTUPLEHEADER(0);
	rowtype = get_rel_type_id(get_relname_relid("model_version",
												get_namespace_oid("complaint_tier", false)));
	if (HeapTupleHeaderGetTypeId(vh) != rowtype)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("the version to store must be of type complaint_tier.model_version")));
	desc = lookup_rowtype_tupdesc(rowtype, -1);
	tuple.t_len = HeapTupleHeaderGetDatumLength(vh);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = vh;
	att_model = attnum_of(desc, "model");
	att_state = attnum_of(desc, "state");
	att_source = attnum_of(desc, "source");
	model = heap_getattr(&tuple, att_model, desc, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the version to store names no model")));
	name = TextDatumGetCString(model);
	if (activate_given && activate && !govern)
		ct_require_level("govern", psprintf("activate a version of model \"%s\"", name));
	{
		Datum		d = heap_getattr(&tuple, att_state, desc, &isnull);

		state = isnull ? "NULL" : TextDatumGetCString(d);
	}
	if (strcmp(state, "ready") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("only a completely fitted version can be stored, not one in state %s", state),
				 errhint("Fit the model with complaint_tier.fit().")));
	{
		Datum		d = heap_getattr(&tuple, att_source, desc, &isnull);

		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("the version to store names no source")));
		check_source(TextDatumGetCString(d), caller);
	}

	ct_spi_connect();
	ct_owner_begin(&scope);
	lock_model(model, name);
	types[0] = TEXTOID;
	args[0] = model;
	run("SELECT pg_catalog.max(version) FROM complaint_tier.model_version"
		" WHERE model OPERATOR(pg_catalog.=) $1",
		1, types, args, NULL, SPI_OK_SELECT);
	if (first_int4(&version))
		version++;
	else
		version = 1;
	run("SELECT version FROM complaint_tier.active_version WHERE model OPERATOR(pg_catalog.=) $1",
		1, types, args, NULL, SPI_OK_SELECT);
	has_active = first_int4(&active);

	cols[0] = attnum_of(desc, "version");
	values[0] = Int32GetDatum(version);
	cols[1] = attnum_of(desc, "fitted_by");
	values[1] = CStringGetTextDatum(caller_name);
	cols[2] = attnum_of(desc, "fitted_at");
	values[2] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
	stored = heap_modify_tuple_by_cols(&tuple, desc, 3, cols, values, nulls);
	types[0] = rowtype;
	args[0] = heap_copy_tuple_as_datum(stored, desc);
	run("INSERT INTO complaint_tier.model_version SELECT ($1).*",
		1, types, args, NULL, SPI_OK_INSERT);

	do_activate = activate_given ? activate : (govern || !has_active);
	if (do_activate)
		activate_locked(model, version, caller_name);
	ct_owner_end(&scope);
	SPI_finish();
	ReleaseTupleDesc(desc);

	if (!do_activate && has_active)
		ereport(NOTICE,
				(errmsg("version %d of model \"%s\" is a candidate: the active version is still %d",
						version, name, active),
				 errhint("Compare them with SELECT * FROM complaint_tier.compare('%s', %d, %d, 'your_table'); a role with complaint_tier_govern activates it with SELECT complaint_tier.activate('%s', %d);",
						 name, active, version, name, version)));
	else if (!do_activate)
		ereport(NOTICE,
				(errmsg("version %d of model \"%s\" is a candidate: the model has no active version",
						version, name),
				 errhint("A role with complaint_tier_govern activates it with SELECT complaint_tier.activate('%s', %d);",
						 name, version)));
	PG_RETURN_INT32(version);
}

/* ---- activate(model text, version int) ----------------------------------- */

Datum
ct_activate_sql(PG_FUNCTION_ARGS)
{
	text	   *model = PG_GETARG_TEXT_PP(0);
	int32		version = PG_GETARG_INT32(1);
	char	   *name = text_to_cstring(model);
	char	   *caller_name = GetUserNameFromId(GetUserId(), false);
	CtOwnerScope scope;
	Oid			types[2] = {TEXTOID, INT4OID};
	Datum		args[2];
	bool		ready = false;

	ct_require_level("govern", psprintf("activate a version of model \"%s\"", name));
	ct_spi_connect();
	ct_owner_begin(&scope);
	args[0] = PointerGetDatum(model);
	args[1] = Int32GetDatum(version);
	run("SELECT state OPERATOR(pg_catalog.=) 'ready' FROM complaint_tier.model_version"
		" WHERE model OPERATOR(pg_catalog.=) $1 AND version OPERATOR(pg_catalog.=) $2",
		2, types, args, NULL, SPI_OK_SELECT);
	if (SPI_processed == 1)
	{
		bool		isnull;

		ready = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	}
	if (!ready)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("version %d of model \"%s\" does not exist", version, name),
				 errhint("The fitted versions are listed in complaint_tier.version_catalogue.")));
	lock_model(args[0], name);
	activate_locked(args[0], version, caller_name);
	ct_owner_end(&scope);
	SPI_finish();
	PG_RETURN_INT32(version);
}
