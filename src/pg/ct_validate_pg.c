/*
 * ct_validate_pg.c
 *		validate(model, source, outcome, version): a fitted model's score,
 *		tiers, dimension tiers and classifications against an observed
 *		binary outcome of any table with the model's columns, as rows a BI
 *		tool can chart; roc_auc(score[], outcome[]) as a building block.
 *		The statistics are the core's (src/core/ct_validate.c); this file
 *		scans the evaluations once through an SPI cursor and counts.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/typcache.h"

#include "ct_catalog_pg.h"
#include "ct_model_pg.h"
#include "ct_pg.h"
#include "ct_validate.h"
#include "ct_validate_pg.h"

PG_FUNCTION_INFO_V1(ct_validate_sql);
PG_FUNCTION_INFO_V1(ct_roc_auc_sql);

#define FETCH_ROWS 10000

/* ---- shared with suggest_rules -------------------------------------------- */

void
ct_arg_not_null(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", argname)));
}

char *
ct_outcome_name(FunctionCallInfo fcinfo, int argno, const char *model)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	bool		isnull;
	Datum		v;

	if (!PG_ARGISNULL(argno))
		return text_to_cstring(PG_GETARG_TEXT_PP(argno));
	args[0] = CStringGetTextDatum(model);
	ct_spi_select("SELECT outcome FROM complaint_tier.model WHERE name = $1", 1, argtypes, args, 1);
	isnull = true;
	v = (Datum) 0;
	if (SPI_processed == 1)
		v = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("model \"%s\" names no outcome column, and none was given", model),
				 errhint("Pass the outcome column, or set \"outcome\" in the model spec (define_model).")));
	return TextDatumGetCString(v);
}

Oid
ct_outcome_type(Oid relid, const char *name)
{
	AttrNumber	att = get_attnum(relid, name);
	Oid			t;

	if (att == InvalidAttrNumber || att < 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" does not exist in %s", name, ct_relation_sql_name(relid)),
				 errdetail("The outcome must be the name of one column of the table (not an expression)."),
				 errhint("To use an expression, put it in a view and pass the view.")));
	t = getBaseType(get_atttype(relid, att));
	switch (t)
	{
		case BOOLOID:
		case INT2OID:
		case INT4OID:
		case INT8OID:
		case NUMERICOID:
		case FLOAT4OID:
		case FLOAT8OID:
			return t;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("outcome column \"%s\" has type %s", name, format_type_be(get_atttype(relid, att))),
					 errdetail("An outcome is a boolean or a number that is 0 or 1."),
					 errhint("Map it in a view, for example (status = 'churned') AS churned.")));
	}
	return InvalidOid;
}

int
ct_outcome_value(Datum d, Oid basetype, const char *name)
{
	ct_rule_value v;

	if (basetype == BOOLOID)
		return DatumGetBool(d) ? 1 : 0;
	ct_slot_from_datum(&v, basetype, d);
	if (v.num == 0.0 || v.num == 1.0)
		return v.num == 1.0;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("outcome column \"%s\" holds %g, not 0 or 1", name, v.num),
			 errdetail("An outcome is a boolean or a number that is 0 or 1 (NULL: unknown, left out)."),
			 errhint("Map other values in a view, for example (x > 0) AS outcome.")));
	return 0;
}

char *
ct_relation_sql_name(Oid relid)
{
	char	   *rel = get_rel_name(relid);

	if (rel == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation with OID %u does not exist", relid)));
	return quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)), rel);
}

int64
ct_scan_outcomes(const char *who, Oid relid, const char *sql, int nargs,
				 Oid *argtypes, Datum *args, int outcome_col,
				 const char *outcome, ct_outcome_row_fn fn, void *arg)
{
	Oid			otype = ct_outcome_type(relid, outcome);
	int64		excluded = 0;
	Portal		portal = SPI_cursor_open_with_args(NULL, sql, nargs, argtypes, args, NULL, true, 0);
	MemoryContext batch = AllocSetContextCreate(CurrentMemoryContext, "complaint_tier outcome scan",
												ALLOCSET_DEFAULT_SIZES);

	for (;;)
	{
		MemoryContext old;

		SPI_cursor_fetch(portal, true, FETCH_ROWS);
		if (SPI_processed == 0)
			break;
		old = MemoryContextSwitchTo(batch);
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	t = SPI_tuptable->vals[r];
			TupleDesc	d = SPI_tuptable->tupdesc;
			bool		isnull;
			Datum		o = SPI_getbinval(t, d, outcome_col, &isnull);

			if (isnull)
				excluded++;
			else
				fn(arg, t, d, ct_outcome_value(o, otype, outcome));
		}
		MemoryContextSwitchTo(old);
		MemoryContextReset(batch);
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	MemoryContextDelete(batch);
	if (excluded > 0 && who != NULL)
		ereport(NOTICE,
				(errmsg("%s: %lld row%s of %s with a NULL %s left out", who,
						(long long) excluded, excluded == 1 ? "" : "s",
						ct_relation_sql_name(relid), outcome)));
	return excluded;
}

/* ---- roc_auc -------------------------------------------------------------- */

/*
 * roc_auc(score float8[], outcome boolean[])
 *		-> (positives, negatives, auc, auc_ci_low, auc_ci_high)
 */
Datum
ct_roc_auc_sql(PG_FUNCTION_ARGS)
{
	int			n;
	double	   *score = ct_arg_vector(PG_GETARG_ARRAYTYPE_P(0), "score", CT_MAX_RANK_N, &n);
	ArrayType  *oa = PG_GETARG_ARRAYTYPE_P(1);
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	uint8	   *y;
	ct_auc		a;
	ct_error	e;
	TupleDesc	desc;
	Datum		values[5];
	bool		rnulls[5] = {0};

	if (ARR_NDIM(oa) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("outcome must be a one-dimensional array")));
	deconstruct_array(oa, BOOLOID, 1, true, TYPALIGN_CHAR, &elems, &nulls, &count);
	if (count != n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("score and outcome must have the same length"),
				 errdetail("score has %d elements, outcome has %d.", n, count)));
	y = palloc(Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("outcome must not contain NULL elements"),
					 errhint("Leave out the rows with an unknown outcome, for example with FILTER (WHERE outcome IS NOT NULL).")));
		y[i] = DatumGetBool(elems[i]) ? 1 : 0;
	}
	ct_check(ct_auc_delong(score, y, n, CT_VALIDATE_Z95,
						   MemoryContextAllocHuge(CurrentMemoryContext, sizeof(double) * 3 * (Size) n),
						   MemoryContextAllocHuge(CurrentMemoryContext, sizeof(int) * 2 * (Size) n),
						   &a, &e), &e);
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "roc_auc: return type must be a row type");
	values[0] = Int64GetDatum(a.positives);
	values[1] = Int64GetDatum(a.negatives);
	values[2] = Float8GetDatum(a.auc);
	rnulls[2] = isnan(a.auc);
	values[3] = Float8GetDatum(a.ci_low);
	rnulls[3] = isnan(a.ci_low);
	values[4] = Float8GetDatum(a.ci_high);
	rnulls[4] = isnan(a.ci_high);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, rnulls)));
}

/* ---- validate ------------------------------------------------------------- */

/* A grouping: a tier scheme or a classification, its labels and counts. */
typedef struct Grouping
{
	char	   *name;			/* the model output: tier, <dim>_tier, a class */
	int			n_labels;
	char	  **labels;
	int		   *label_len;
	bool		ordered;		/* a tier scheme: monotonicity is checked */
	int			elem;			/* element of the evaluation's array, -1: tier */
	bool		dim;			/* a dimension tier (else a classification) */
	ct_group_stat *g;			/* n_labels + 1: the last for NULL labels */
} Grouping;

/* A score: the overall one or a dimension's, one value per counted row. */
typedef struct ScoreCol
{
	char	   *name;
	double	   *v;				/* NaN when NULL */
} ScoreCol;

/* text[] and int[] columns of the version row */
static char **
version_texts(HeapTuple t, TupleDesc d, const char *col, int *n)
{
	bool		isnull;
	Datum		v = SPI_getbinval(t, d, SPI_fnumber(d, col), &isnull);
	Datum	   *elems;
	bool	   *nulls;
	char	  **out;

	*n = 0;
	if (isnull)
		return NULL;
	deconstruct_array(DatumGetArrayTypeP(v), TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, n);
	out = palloc0(sizeof(char *) * Max(*n, 1));
	for (int i = 0; i < *n; i++)
		out[i] = nulls[i] ? NULL : TextDatumGetCString(elems[i]);
	return out;
}

static int *
version_ints(HeapTuple t, TupleDesc d, const char *col, int *n)
{
	bool		isnull;
	Datum		v = SPI_getbinval(t, d, SPI_fnumber(d, col), &isnull);
	Datum	   *elems;
	bool	   *nulls;
	int		   *out;

	*n = 0;
	if (isnull)
		return NULL;
	deconstruct_array(DatumGetArrayTypeP(v), INT4OID, 4, true, TYPALIGN_INT, &elems, &nulls, n);
	out = palloc0(sizeof(int) * Max(*n, 1));
	for (int i = 0; i < *n; i++)
		out[i] = nulls[i] ? 0 : DatumGetInt32(elems[i]);
	return out;
}

static void
add_grouping(Grouping *gr, const char *name, char **labels, int n, bool ordered,
			 int elem, bool dim)
{
	gr->name = pstrdup(name);
	gr->n_labels = n;
	gr->labels = labels;
	gr->label_len = palloc(sizeof(int) * Max(n, 1));
	for (int i = 0; i < n; i++)
		gr->label_len[i] = labels[i] ? (int) strlen(labels[i]) : -1;
	gr->ordered = ordered;
	gr->elem = elem;
	gr->dim = dim;
	gr->g = palloc0(sizeof(ct_group_stat) * (n + 1));
}

/* Count one row's label (a text datum, or NULL) in a grouping. */
static void
count_label(Grouping *gr, bool isnull, Datum d, int y)
{
	int			i = gr->n_labels;

	if (!isnull)
	{
		text	   *t = DatumGetTextPP(d);
		const char *p = VARDATA_ANY(t);
		int			len = VARSIZE_ANY_EXHDR(t);

		for (i = 0; i < gr->n_labels; i++)
			if (gr->label_len[i] == len && memcmp(gr->labels[i], p, len) == 0)
				break;
		if (i == gr->n_labels)
			elog(ERROR, "complaint_tier: label \"%.*s\" of %s is not in the fitted version",
				 len, p, gr->name);
	}
	gr->g[i].n++;
	gr->g[i].k += y;
}

/* The row values of an evaluation array (NULL array: all NULL). */
static void
array_elems(HeapTuple t, TupleDesc d, int col, Oid elemtype, int expect,
			Datum **elems, bool **nulls)
{
	bool		isnull;
	Datum		v = SPI_getbinval(t, d, col, &isnull);
	int			n;

	if (isnull)
	{
		*elems = NULL;
		return;
	}
	if (elemtype == FLOAT8OID)
		deconstruct_array(DatumGetArrayTypeP(v), FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
						  TYPALIGN_DOUBLE, elems, nulls, &n);
	else
		deconstruct_array(DatumGetArrayTypeP(v), TEXTOID, -1, false, TYPALIGN_INT, elems, nulls, &n);
	if (n != expect)
		elog(ERROR, "complaint_tier: an evaluation array has %d elements, not %d", n, expect);
}

typedef struct Report
{
	Tuplestorestate *ts;
	TupleDesc	desc;
} Report;

static inline Datum
f8(double x, bool *isnull)
{
	*isnull = isnan(x);
	return Float8GetDatum(x);
}

/* one result row: a label's statistics, or (auc non-NULL) a score's */
static void
emit(Report *r, const char *grouping, const char *label, int position,
	 const ct_group_stat *g, const ct_auc *auc, int monotone)
{
	Datum		v[13];
	bool		n[13] = {0};

	v[0] = CStringGetTextDatum(grouping);
	n[1] = label == NULL;
	v[1] = label ? CStringGetTextDatum(label) : (Datum) 0;
	n[2] = position <= 0;
	v[2] = Int32GetDatum(position);
	v[3] = Int64GetDatum(g->n);
	v[4] = Int64GetDatum(g->k);
	v[5] = f8(g->rate, &n[5]);
	v[6] = f8(g->ci_low, &n[6]);
	v[7] = f8(g->ci_high, &n[7]);
	v[8] = f8(g->lift, &n[8]);
	v[9] = f8(auc ? auc->auc : NAN, &n[9]);
	v[10] = f8(auc ? auc->ci_low : NAN, &n[10]);
	v[11] = f8(auc ? auc->ci_high : NAN, &n[11]);
	n[12] = monotone < 0;
	v[12] = BoolGetDatum(monotone > 0);
	tuplestore_putvalues(r->ts, r->desc, v, n);
}

/* the AUC of one score over the counted rows with a value */
static void
score_row(Report *r, const ScoreCol *s, const uint8 *y, int64 rows,
		  int64 total_n, int64 total_k, double *vals, uint8 *ys,
		  double *dscratch, int *iscratch)
{
	ct_group_stat g;
	ct_auc		a;
	ct_error	e;
	int			m = 0;

	for (int64 i = 0; i < rows; i++)
		if (!isnan(s->v[i]))
		{
			vals[m] = s->v[i];
			ys[m] = y[i];
			m++;
		}
	ct_check(ct_auc_delong(vals, ys, m, CT_VALIDATE_Z95, dscratch, iscratch, &a, &e), &e);
	memset(&g, 0, sizeof(g));
	g.n = a.positives + a.negatives;
	g.k = a.positives;
	ct_group_stats(&g, 1, total_n, total_k, CT_VALIDATE_Z95);
	emit(r, s->name, NULL, 0, &g, &a, -1);
}

static void
grouping_rows(Report *r, Grouping *gr, int64 total_n, int64 total_k)
{
	int			monotone = -1;

	ct_group_stats(gr->g, gr->n_labels + 1, total_n, total_k, CT_VALIDATE_Z95);
	if (gr->ordered)
		monotone = ct_rates_monotone(gr->g, gr->n_labels) ? 1 : 0;
	for (int i = 0; i < gr->n_labels; i++)
		emit(r, gr->name, gr->labels[i], i + 1, &gr->g[i], NULL, monotone);
	if (gr->g[gr->n_labels].n > 0)
		emit(r, gr->name, NULL, 0, &gr->g[gr->n_labels], NULL, monotone);
}

/* what validate() gathers per row with a known outcome */
typedef struct ValidateScan
{
	int			n_dim;
	int			n_class;
	int			n_groups;
	Grouping   *groups;
	ScoreCol   *scores;
	uint8	   *y;
	int64		rows;
	int64		cap;
	int64		total_k;
} ValidateScan;

static void
gather_row(void *arg, HeapTuple t, TupleDesc d, int y)
{
	ValidateScan	   *ga = (ValidateScan *) arg;
	bool		isnull;
	Datum		v;
	Datum	   *ds = NULL,
			   *dt = NULL,
			   *cl = NULL;
	bool	   *dsn = NULL,
			   *dtn = NULL,
			   *cln = NULL;
	int64		r = ga->rows;

	if (r == ga->cap)
	{
		if (ga->cap >= CT_MAX_RANK_N)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("validate reads at most %d rows with a known outcome", CT_MAX_RANK_N),
					 errhint("Validate on a sample: a view with TABLESAMPLE BERNOULLI (p) REPEATABLE (seed).")));
		ga->cap = Min(ga->cap * 2, CT_MAX_RANK_N);
		for (int s = 0; s <= ga->n_dim; s++)
			ga->scores[s].v = repalloc_huge(ga->scores[s].v, sizeof(double) * ga->cap);
		ga->y = repalloc_huge(ga->y, ga->cap);
	}
	ga->y[r] = (uint8) y;
	ga->total_k += y;
	v = SPI_getbinval(t, d, 1, &isnull);
	ga->scores[0].v[r] = isnull ? NAN : DatumGetFloat8(v);
	v = SPI_getbinval(t, d, 2, &isnull);
	count_label(&ga->groups[0], isnull, v, y);
	array_elems(t, d, 3, FLOAT8OID, ga->n_dim, &ds, &dsn);
	array_elems(t, d, 4, TEXTOID, ga->n_dim, &dt, &dtn);
	array_elems(t, d, 5, TEXTOID, ga->n_class, &cl, &cln);
	for (int s = 0; s < ga->n_dim; s++)
		ga->scores[1 + s].v[r] = ds == NULL || dsn[s] ? NAN : DatumGetFloat8(ds[s]);
	for (int g = 1; g < ga->n_groups; g++)
	{
		Grouping   *gr = &ga->groups[g];

		if (gr->dim)
			count_label(gr, dt == NULL || dtn[gr->elem], dt ? dt[gr->elem] : 0, y);
		else
			count_label(gr, cl == NULL || cln[gr->elem], cl ? cl[gr->elem] : 0, y);
	}
	ga->rows++;
}

/*
 * validate(model text, source regclass, outcome text DEFAULT NULL,
 *			version int DEFAULT NULL)
 */
Datum
ct_validate_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *name;
	text	   *model;
	Oid			source;
	char	   *outcome;
	int32		version;
	HeapTuple	vt;
	TupleDesc	vd;
	int			n,
				off;
	char	  **dim_names,
			  **class_names,
			  **labels;
	int		   *counts;
	ValidateScan		ga;
	StringInfoData sql;
	Oid			argtypes[2] = {TEXTOID, INT4OID};
	Datum		args[2];
	Report		rep;

	ct_arg_not_null(fcinfo, 0, "model");
	ct_arg_not_null(fcinfo, 1, "source");
	model = PG_GETARG_TEXT_PP(0);
	name = text_to_cstring(model);
	source = PG_GETARG_OID(1);
	version = PG_ARGISNULL(3) ? 0 : PG_GETARG_INT32(3);
	if (!PG_ARGISNULL(3) && version <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("version must be positive, not %d", version),
				 errhint("Pass NULL for the active version.")));

	InitMaterializedSRF(fcinfo, 0);
	rep.ts = rsinfo->setResult;
	rep.desc = rsinfo->setDesc;

	ct_spi_connect();
	version = ct_catalog_version(name, model, version, &vt, &vd);
	outcome = ct_outcome_name(fcinfo, 2, name);
	(void) ct_outcome_type(source, outcome);

	/* the groupings, in the order of the model's outputs */
	memset(&ga, 0, sizeof(ga));
	dim_names = version_texts(vt, vd, "dim_names", &ga.n_dim);
	class_names = version_texts(vt, vd, "class_names", &ga.n_class);
	ga.groups = palloc0(sizeof(Grouping) * (2 + ga.n_dim + ga.n_class));
	ga.scores = palloc0(sizeof(ScoreCol) * (1 + ga.n_dim));
	labels = version_texts(vt, vd, "tier_labels", &n);
	add_grouping(&ga.groups[ga.n_groups++], "tier", labels, n, true, -1, false);
	ga.scores[0].name = "score";
	counts = version_ints(vt, vd, "dim_tier_count", &n);
	labels = version_texts(vt, vd, "dim_tier_labels", &n);
	off = 0;
	for (int d = 0; d < ga.n_dim; d++)
	{
		int			c = counts ? counts[d] : 0;

		ga.scores[1 + d].name = psprintf("%s_score", dim_names[d]);
		if (c > 0)
			add_grouping(&ga.groups[ga.n_groups++], psprintf("%s_tier", dim_names[d]), labels + off, c, true, d, true);
		off += c;
	}
	counts = version_ints(vt, vd, "class_count", &n);
	labels = version_texts(vt, vd, "class_labels", &n);
	off = 0;
	for (int c = 0; c < ga.n_class; c++)
	{
		add_grouping(&ga.groups[ga.n_groups++], class_names[c], labels + off, counts[c], false, c, false);
		off += counts[c];
	}
	ga.cap = 1024;
	for (int s = 0; s <= ga.n_dim; s++)
		ga.scores[s].v = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(double) * ga.cap);
	ga.y = MemoryContextAllocHuge(CurrentMemoryContext, ga.cap);

	initStringInfo(&sql);
	appendStringInfo(&sql,
					 "SELECT e.score, e.tier, e.dimension_scores, e.dimension_tiers, e.class_labels, s.%s"
					 " FROM %s AS s CROSS JOIN LATERAL complaint_tier.evaluate($1, $2, s) AS e",
					 quote_identifier(outcome), ct_relation_sql_name(source));
	args[0] = PointerGetDatum(model);
	args[1] = Int32GetDatum(version);
	(void) ct_scan_outcomes("validate", source, sql.data, 2, argtypes, args, 6, outcome, gather_row, &ga);
	if (ga.rows > 0 && (ga.total_k == 0 || ga.total_k == ga.rows))
		ereport(WARNING,
				(errmsg("outcome \"%s\" is %s for every one of the %lld rows: the AUC is undefined",
						outcome, ga.total_k == 0 ? "false" : "true", (long long) ga.rows),
				 errhint("Check the outcome column, and that the outcome is already known for the period (censoring).")));

	/* the rows: score, tier, then per dimension its score and tier, classes */
	{
		int64		rows = ga.rows;
		double	   *vals = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(double) * Max(rows, 1));
		uint8	   *ys = MemoryContextAllocHuge(CurrentMemoryContext, Max(rows, 1));
		double	   *dscr = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(double) * 3 * Max(rows, 1));
		int		   *iscr = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(int) * 2 * Max(rows, 1));
		int			g = 1;

		score_row(&rep, &ga.scores[0], ga.y, rows, rows, ga.total_k, vals, ys, dscr, iscr);
		grouping_rows(&rep, &ga.groups[0], rows, ga.total_k);
		for (int d = 0; d < ga.n_dim; d++)
		{
			score_row(&rep, &ga.scores[1 + d], ga.y, rows, rows, ga.total_k, vals, ys, dscr, iscr);
			if (g < ga.n_groups && ga.groups[g].dim && ga.groups[g].elem == d)
				grouping_rows(&rep, &ga.groups[g++], rows, ga.total_k);
		}
		for (; g < ga.n_groups; g++)
			grouping_rows(&rep, &ga.groups[g], rows, ga.total_k);
	}
	SPI_finish();
	return (Datum) 0;
}
