/*
 * ct_model_pg.c
 *		The per-query model cache: reads one model_version row through SPI,
 *		compiles it into a ct_model, maps the input row type's attributes
 *		to the indicators, and reads one customer (record or jsonb) into the
 *		normalised vector without allocating.
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

#include "ct_model_pg.h"
#include "ct_pg.h"

const char *const ct_class_columns[CT_NCLASS] = {
	"tenure_months", "satisfaction", "porting_requested",
	"complaints_90d", "unreasonable_ratio", "emotional"
};

/* which value class each classification input needs: n number, b boolean */
static const char ct_class_kind[CT_NCLASS] = {'n', 'n', 'b', 'n', 'n', 'b'};

typedef struct CacheHolder
{
	MemoryContext cxt;
	ModelCache *cache;
	void	   *extra;			/* the caller's own per-query state */
} CacheHolder;

/* fn_extra of a model function: created on first use in fn_mcxt */
static CacheHolder *
cache_holder(FunctionCallInfo fcinfo)
{
	CacheHolder *h = (CacheHolder *) fcinfo->flinfo->fn_extra;

	if (h == NULL)
	{
		h = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CacheHolder));
		fcinfo->flinfo->fn_extra = h;
	}
	return h;
}

void	  **
ct_model_cache_extra(FunctionCallInfo fcinfo)
{
	return &cache_holder(fcinfo)->extra;
}

/* ---- reading the model_version row ------------------------------------- */

typedef struct VersionRow
{
	HeapTuple	tuple;
	TupleDesc	desc;
} VersionRow;

static Datum
vr_get(VersionRow *r, const char *name, bool *isnull)
{
	int			f = SPI_fnumber(r->desc, name);

	if (f <= 0)
		elog(ERROR, "complaint_tier.model_version has no column \"%s\"", name);
	return SPI_getbinval(r->tuple, r->desc, f, isnull);
}

static void
corrupt(const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("model version row has an invalid %s", name),
			 errhint("Fit the model again with complaint_tier.fit().")));
}

static double
vr_float8(VersionRow *r, const char *name, double if_null)
{
	bool		isnull;
	Datum		d = vr_get(r, name, &isnull);

	return isnull ? if_null : DatumGetFloat8(d);
}

static int
vr_int4(VersionRow *r, const char *name)
{
	bool		isnull;
	Datum		d = vr_get(r, name, &isnull);

	if (isnull)
		corrupt(name);
	return DatumGetInt32(d);
}

/* A float8[] column flattened; *n receives the element count.  NULL -> NULL. */
static double *
vr_float8_array(VersionRow *r, const char *name, int *n)
{
	bool		isnull;
	Datum		d = vr_get(r, name, &isnull);
	ArrayType  *a;
	int			count;
	double	   *out;

	*n = 0;
	if (isnull)
		return NULL;
	a = DatumGetArrayTypePCopy(d);
	if (ARR_ELEMTYPE(a) != FLOAT8OID || array_contains_nulls(a))
		corrupt(name);
	count = ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));
	out = palloc(sizeof(double) * (count > 0 ? count : 1));
	if (count > 0)
		memcpy(out, ARR_DATA_PTR(a), sizeof(double) * count);
	*n = count;
	return out;
}

static int *
vr_int4_array(VersionRow *r, const char *name, int *n)
{
	bool		isnull;
	Datum		d = vr_get(r, name, &isnull);
	ArrayType  *a;
	int			count;
	int		   *out;

	*n = 0;
	if (isnull)
		return NULL;
	a = DatumGetArrayTypePCopy(d);
	if (ARR_ELEMTYPE(a) != INT4OID || array_contains_nulls(a))
		corrupt(name);
	count = ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));
	out = palloc(sizeof(int) * (count > 0 ? count : 1));
	if (count > 0)
		memcpy(out, ARR_DATA_PTR(a), sizeof(int) * count);
	*n = count;
	return out;
}

static char **
vr_text_array(VersionRow *r, const char *name, int *n)
{
	bool		isnull;
	Datum		d = vr_get(r, name, &isnull);
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	char	  **out;

	*n = 0;
	if (isnull)
		return NULL;
	deconstruct_array(DatumGetArrayTypeP(d), TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &nulls, &count);
	out = palloc(sizeof(char *) * (count > 0 ? count : 1));
	for (int i = 0; i < count; i++)
	{
		if (nulls[i])
			corrupt(name);
		out[i] = TextDatumGetCString(elems[i]);
	}
	*n = count;
	return out;
}

static char *
vr_text(VersionRow *r, const char *name)
{
	bool		isnull;
	Datum		d = vr_get(r, name, &isnull);

	if (isnull)
		corrupt(name);
	return TextDatumGetCString(d);
}

static void
expect_len(int got, int want, const char *name)
{
	if (got != want)
		corrupt(name);
}

/*
 * A text datum for a label that evaluate() copies into every result row:
 * with a 1-byte header when it fits (what heap_form_tuple stores anyway),
 * so that forming the row copies it as is.  Readers use VARDATA_ANY.
 */
static Datum
label_datum(const char *s)
{
	size_t		len = strlen(s);
	char	   *p;

	if (len + VARHDRSZ_SHORT > VARATT_SHORT_MAX)
		return CStringGetTextDatum(s);
	p = palloc(len + VARHDRSZ_SHORT);
	SET_VARSIZE_SHORT(p, len + VARHDRSZ_SHORT);
	memcpy(p + VARHDRSZ_SHORT, s, len);
	return PointerGetDatum(p);
}

static Datum *
label_datums(char **labels, int n)
{
	Datum	   *out = palloc(sizeof(Datum) * (n > 0 ? n : 1));

	for (int i = 0; i < n; i++)
		out[i] = label_datum(labels[i]);
	return out;
}

/* Compile the version row into c (current context: the cache's). */
static void
compile_version(ModelCache *c, VersionRow *r)
{
	ct_model   *m = &c->m;
	int			n,
				k;
	double	   *lo,
			   *hi,
			   *blo,
			   *bhi,
			   *impute,
			   *w,
			   *gw,
			   *ideal,
			   *anti,
			   *dimw;
	int		   *dim,
			   *kind,
			   *dir,
			   *tr,
			   *lstart,
			   *lcount;
	char	  **levels;
	char	  **methods;
	char	   *s;
	ct_error	err;

	memset(m, 0, sizeof(*m));
	c->state = vr_text(r, "state");
	m->fitted = strcmp(c->state, "ready") == 0;

	c->ind_name = vr_text_array(r, "ind_name", &n);
	m->n_ind = n;
	if (n < 1)
		corrupt("ind_name");
	c->ind_column = vr_text_array(r, "ind_column", &k);
	expect_len(k, n, "ind_column");
	dim = vr_int4_array(r, "ind_dimension", &k);
	expect_len(k, n, "ind_dimension");
	kind = vr_int4_array(r, "ind_kind", &k);
	expect_len(k, n, "ind_kind");
	dir = vr_int4_array(r, "ind_direction", &k);
	expect_len(k, n, "ind_direction");
	tr = vr_int4_array(r, "ind_transform", &k);
	expect_len(k, n, "ind_transform");
	lo = vr_float8_array(r, "ind_lo", &k);
	expect_len(k, n, "ind_lo");
	hi = vr_float8_array(r, "ind_hi", &k);
	expect_len(k, n, "ind_hi");
	blo = vr_float8_array(r, "ind_best_lo", &k);
	expect_len(k, n, "ind_best_lo");
	bhi = vr_float8_array(r, "ind_best_hi", &k);
	expect_len(k, n, "ind_best_hi");
	lstart = vr_int4_array(r, "ind_level_start", &k);
	expect_len(k, n, "ind_level_start");
	lcount = vr_int4_array(r, "ind_level_count", &k);
	expect_len(k, n, "ind_level_count");
	impute = vr_float8_array(r, "ind_impute", &k);
	expect_len(k, n, "ind_impute");
	w = vr_float8_array(r, "ind_weight", &k);
	expect_len(k, n, "ind_weight");
	gw = vr_float8_array(r, "ind_global_weight", &k);
	expect_len(k, n, "ind_global_weight");
	ideal = vr_float8_array(r, "ind_ideal", &k);
	expect_len(k, n, "ind_ideal");
	anti = vr_float8_array(r, "ind_anti_ideal", &k);
	expect_len(k, n, "ind_anti_ideal");

	levels = vr_text_array(r, "levels", &m->n_levels);
	{
		double	   *scores = vr_float8_array(r, "level_scores", &k);
		size_t	   *lens = palloc(sizeof(size_t) * (m->n_levels > 0 ? m->n_levels : 1));

		expect_len(k, m->n_levels, "level_scores");
		for (int i = 0; i < m->n_levels; i++)
			lens[i] = strlen(levels[i]);
		m->level_str = (const char **) levels;
		m->level_len = lens;
		m->level_score = scores;
	}

	m->ind = palloc0(sizeof(ct_indicator) * n);
	for (int j = 0; j < n; j++)
	{
		ct_indicator *ind = &m->ind[j];

		ind->dimension = dim[j];
		ind->kind = kind[j];
		ind->direction = dir[j];
		ind->transform = tr[j];
		ind->lo = lo[j];
		ind->hi = hi[j];
		ind->best_lo = blo[j];
		ind->best_hi = bhi[j];
		ind->level_start = lstart[j];
		ind->level_count = lcount[j];
		ind->impute = impute[j];
		ind->weight = w[j];
		ind->global_weight = gw[j];
		ind->ideal = ideal[j];
		ind->anti_ideal = anti[j];
	}

	dimw = vr_float8_array(r, "dim_weights", &k);
	expect_len(k, CT_NDIM, "dim_weights");
	memcpy(m->dim_weight, dimw, sizeof(m->dim_weight));

	methods = vr_text_array(r, "methods", &m->n_methods);
	if (m->n_methods < 1 || m->n_methods > CT_NMETHODS)
		corrupt("methods");
	for (int i = 0; i < m->n_methods; i++)
	{
		int			found = -1;

		for (int q = 0; q < CT_NMETHODS; q++)
			if (strcmp(methods[i], ct_method_names[q]) == 0)
				found = q;
		if (found < 0)
			corrupt("methods");
		m->methods[i] = (ct_method) found;
	}
	s = vr_text(r, "combine");
	m->combine = -1;
	for (int i = 0; i < m->n_methods; i++)
		if (strcmp(s, methods[i]) == 0)
			m->combine = i;
	if (m->combine < 0 && strcmp(s, "mean_percentile") != 0)
		corrupt("combine");

	m->grey_rho = vr_float8(r, "grey_rho", 0.5);
	m->grey_delta_min = vr_float8(r, "grey_delta_min", 0.0);
	m->grey_delta_max = vr_float8(r, "grey_delta_max", 1.0);
	m->vikor_v = vr_float8(r, "vikor_v", 0.5);
	m->s_best = vr_float8(r, "vikor_s_best", 0.0);
	m->s_worst = vr_float8(r, "vikor_s_worst", 1.0);
	m->r_best = vr_float8(r, "vikor_r_best", 0.0);
	m->r_worst = vr_float8(r, "vikor_r_worst", 1.0);
	s = vr_text(r, "fuzzy_operator");
	if (ct_fuzzy_parse_operator(s, strlen(s), &m->fuzzy_op, &err) != CT_OK)
		corrupt("fuzzy_operator");
	m->fuzzy_grades = vr_int4(r, "fuzzy_grades");

	m->stage_growth_months = vr_float8(r, "stage_growth_months", 6);
	m->stage_stable_months = vr_float8(r, "stage_stable_months", 24);
	m->stage_warning_satisfaction = vr_float8(r, "stage_warning_satisfaction", 2);
	m->credit_high = vr_float8(r, "credit_high", 0.8);
	m->credit_low = vr_float8(r, "credit_low", 0.5);
	m->frequent_complaints = vr_int4(r, "frequent_complaints");
	m->unreasonable_threshold = vr_float8(r, "unreasonable_threshold", 0.5);
	m->good_faith_threshold = vr_float8(r, "good_faith_threshold", 0.2);

	m->quantiles = vr_float8_array(r, "quantiles", &k);
	m->has_quantiles = m->quantiles != NULL;
	if (m->has_quantiles)
		expect_len(k, m->n_methods * CT_NQUANTILES, "quantiles");
	if (m->fitted)
	{
		char	  **labels;
		char	  **dlabels;
		int		   *dcount;
		double	   *dcuts;
		int			nl,
					nc,
					pos = 0,
					cpos = 0;

		labels = vr_text_array(r, "tier_labels", &nl);
		m->tier_cuts = vr_float8_array(r, "tier_cuts", &nc);
		if (nl < 2 || nc != nl - 1)
			corrupt("tier scheme");
		m->n_tiers = nl;
		c->n_tiers = nl;
		c->tier_label = label_datums(labels, nl);
		dcount = vr_int4_array(r, "dim_tier_count", &k);
		expect_len(k, CT_NDIM, "dim_tier_count");
		dlabels = vr_text_array(r, "dim_tier_labels", &nl);
		dcuts = vr_float8_array(r, "dim_tier_cuts", &nc);
		for (int d = 0; d < CT_NDIM; d++)
		{
			m->dim_tiers[d] = dcount[d];
			if (dcount[d] == 0)
				continue;
			if (dcount[d] < 2 || pos + dcount[d] > nl || cpos + dcount[d] - 1 > nc)
				corrupt("dimension tier scheme");
			c->dim_tier_label[d] = label_datums(dlabels + pos, dcount[d]);
			m->dim_tier_cuts[d] = dcuts + cpos;
			pos += dcount[d];
			cpos += dcount[d] - 1;
		}
	}

	{
		double	   *scratch = palloc(sizeof(double) *
									 ct_model_scratch_doubles(n, m->fuzzy_grades));
		int		   *iscratch = palloc(sizeof(int) * n);

		if (ct_model_check(m, scratch, iscratch, &err) != CT_OK)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("model version row is inconsistent: %s", err.message),
					 err.detail[0] ? errdetail("%s", err.detail) : 0,
					 errhint("Fit the model again with complaint_tier.fit().")));
	}

	for (int i = 0; i < 4; i++)
	{
		c->stage_label[i] = label_datum(ct_stage_names[i]);
		c->class_label[i] = label_datum(ct_class_names[i]);
	}
	for (int i = 0; i < 3; i++)
		c->grade_label[i] = label_datum(ct_grade_names[i]);
	c->v = palloc(sizeof(double) * n);
	c->raw = palloc(sizeof(double) * n);
	c->imputed = palloc(sizeof(bool) * n);
	c->ind_attno = palloc(sizeof(int) * n);
	c->ind_type = palloc(sizeof(Oid) * n);
}

static void
load_version(ModelCache *c, text *model, int32 requested, bool allow_fitting,
			 MemoryContext cxt)
{
	Oid			argtypes[2] = {TEXTOID, INT4OID};
	Datum		args[2];
	int32		version = requested;
	VersionRow	vr;

	args[0] = PointerGetDatum(model);
	ct_spi_connect();
	ct_spi_select("SELECT 1 FROM complaint_tier.model WHERE name = $1",
				  1, argtypes, args, 1);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("model \"%s\" does not exist", c->model_name),
				 errhint("The models are listed in complaint_tier.model.")));
	if (version == 0)
	{
		bool		isnull;

		ct_spi_select("SELECT version FROM complaint_tier.active_version WHERE model = $1",
					  1, argtypes, args, 1);
		if (SPI_processed == 0)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("model \"%s\" has no fitted version", c->model_name),
					 errhint("Fit it first: SELECT complaint_tier.fit('%s', 'your_table');", c->model_name)));
		version = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	}
	args[1] = Int32GetDatum(version);
	ct_spi_select("SELECT * FROM complaint_tier.model_version WHERE model = $1 AND version = $2",
				  2, argtypes, args, 1);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("version %d of model \"%s\" does not exist", version, c->model_name),
				 errhint("The fitted versions are listed in complaint_tier.model_version.")));
	vr.tuple = SPI_tuptable->vals[0];
	vr.desc = SPI_tuptable->tupdesc;
	MemoryContextSwitchTo(cxt);
	compile_version(c, &vr);
	if (!allow_fitting && !c->m.fitted)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("version %d of model \"%s\" is not completely fitted", version, c->model_name)));
	c->version = version;
	SPI_finish();
}

ModelCache *
ct_model_cache(FunctionCallInfo fcinfo, text *model, int32 version,
			   bool allow_fitting)
{
	CacheHolder *h = cache_holder(fcinfo);
	size_t		len = VARSIZE_ANY_EXHDR(model);
	MemoryContext old;
	ModelCache *c;

	if (h->cache != NULL &&
		h->cache->requested == version &&
		h->cache->model_len == len &&
		memcmp(h->cache->model_name, VARDATA_ANY(model), len) == 0)
		return h->cache;

	if (h->cxt != NULL)
		MemoryContextDelete(h->cxt);
	h->cache = NULL;
	h->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt,
								   "complaint_tier model cache",
								   ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(h->cxt);
	c = palloc0(sizeof(ModelCache));
	c->model_name = text_to_cstring(model);
	c->model_len = strlen(c->model_name);
	c->requested = version;
	c->allow_fitting = allow_fitting;
	c->typid = InvalidOid;
	c->model_datum = label_datum(c->model_name);
	MemoryContextSwitchTo(old);
	load_version(c, model, version, allow_fitting, h->cxt);
	MemoryContextSwitchTo(old);
	h->cache = c;
	return c;
}

/* ---- the input row type ------------------------------------------------- */

static char
value_class(Oid t)
{
	switch (getBaseType(t))
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
		case FLOAT4OID:
		case FLOAT8OID:
		case NUMERICOID:
			return 'n';
		case BOOLOID:
			return 'b';
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
			return 's';
		default:
			return 0;
	}
}

static int
find_attr(TupleDesc desc, const char *name)
{
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(desc, i);

		if (!a->attisdropped && strcmp(NameStr(a->attname), name) == 0)
			return i;
	}
	return -1;
}

void
ct_model_bind_rowtype(ModelCache *c, Oid typid, int32 typmod)
{
	MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(c));
	TupleDesc	desc = lookup_rowtype_tupdesc(typid, typmod);
	TupleDesc	copy = CreateTupleDescCopy(desc);

	ReleaseTupleDesc(desc);
	for (int j = 0; j < c->m.n_ind; j++)
	{
		int			a = find_attr(copy, c->ind_column[j]);
		char		cls;
		bool		qual = c->m.ind[j].kind == CT_KIND_QUAL;

		if (a < 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("column \"%s\" is missing from the customer record", c->ind_column[j]),
					 errdetail("Indicator \"%s\" of model \"%s\" reads it.", c->ind_name[j], c->model_name),
					 errhint("The canonical input schema is in doc/schema.md.")));
		cls = value_class(TupleDescAttr(copy, a)->atttypid);
		if (qual ? cls != 's' : (cls != 'n' && cls != 'b'))
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column \"%s\" has type %s, but indicator \"%s\" needs %s",
							c->ind_column[j], format_type_be(TupleDescAttr(copy, a)->atttypid),
							c->ind_name[j], qual ? "text levels" : "a number"),
					 errhint("Cast the column in a view, for example %s.",
							 qual ? "col::text" : "col::float8")));
		c->ind_attno[j] = a;
		c->ind_type[j] = getBaseType(TupleDescAttr(copy, a)->atttypid);
	}
	for (int i = 0; i < CT_NCLASS; i++)
	{
		int			a = find_attr(copy, ct_class_columns[i]);

		c->class_attno[i] = a;
		c->class_type[i] = InvalidOid;
		if (a < 0)
			continue;
		c->class_type[i] = getBaseType(TupleDescAttr(copy, a)->atttypid);
		if (value_class(c->class_type[i]) != ct_class_kind[i] &&
			!(ct_class_kind[i] == 'n' && value_class(c->class_type[i]) == 'n'))
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column \"%s\" has type %s, but the classification rules need %s",
							ct_class_columns[i], format_type_be(TupleDescAttr(copy, a)->atttypid),
							ct_class_kind[i] == 'b' ? "a boolean" : "a number")));
	}
	if (c->values != NULL)
	{
		pfree(c->values);
		pfree(c->nulls);
	}
	c->tupdesc = copy;
	c->natts = copy->natts;
	c->values = palloc(sizeof(Datum) * (copy->natts > 0 ? copy->natts : 1));
	c->nulls = palloc(sizeof(bool) * (copy->natts > 0 ? copy->natts : 1));
	c->typid = typid;
	c->typmod = typmod;
	MemoryContextSwitchTo(old);
}

/* ---- reading one customer ----------------------------------------------- */

void
ct_model_report(ModelCache *c, int j, const ct_error *e)
{
	ereport(ERROR,
			(errcode(e->code == CT_EINVAL ? ERRCODE_INVALID_PARAMETER_VALUE : ERRCODE_DATA_EXCEPTION),
			 errmsg("indicator \"%s\" (column \"%s\"): %s", c->ind_name[j], c->ind_column[j], e->message),
			 e->detail[0] ? errdetail("%s", e->detail) : 0));
	pg_unreachable();
}

static void
unknown_level(ModelCache *c, int j, const char *s, size_t len)
{
	const ct_indicator *ind = &c->m.ind[j];
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < ind->level_count; i++)
		appendStringInfo(&buf, "%s%s", i ? ", " : "", c->m.level_str[ind->level_start + i]);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown level \"%.*s\" for indicator \"%s\" (column \"%s\")",
					(int) len, s, c->ind_name[j], c->ind_column[j]),
			 errdetail("The levels are: %s.", buf.data),
			 errhint("Map other values to a level in a view, or set the column to NULL to use the fitted default.")));
}

static double
numeric_value(Datum d, Oid t)
{
	switch (t)
	{
		case INT2OID:
			return DatumGetInt16(d);
		case INT4OID:
			return DatumGetInt32(d);
		case INT8OID:
			return (double) DatumGetInt64(d);
		case FLOAT4OID:
			return DatumGetFloat4(d);
		case FLOAT8OID:
			return DatumGetFloat8(d);
		case NUMERICOID:
			return DatumGetFloat8(DirectFunctionCall1(numeric_float8, d));
		case BOOLOID:
			return DatumGetBool(d) ? 1.0 : 0.0;
	}
	elog(ERROR, "unexpected type %u", t);
	return 0;
}

static void
not_finite(ModelCache *c, int j, double x)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("indicator \"%s\" (column \"%s\") must be a finite number",
					c->ind_name[j], c->ind_column[j]),
			 errdetail("Got %s.", isnan(x) ? "NaN" : (x > 0 ? "Infinity" : "-Infinity")),
			 errhint("Set the column to NULL to use the fitted default.")));
}

/* One indicator from a number. */
static inline void
set_number(ModelCache *c, int j, double x)
{
	ct_error	err;

	if (unlikely(isnan(x) || isinf(x)))
		not_finite(c, j, x);
	if (unlikely(c->m.ind[j].kind == CT_KIND_QUAL))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("indicator \"%s\" (column \"%s\") needs a text level, not a number",
						c->ind_name[j], c->ind_column[j])));
	c->raw[j] = x;
	if (!ct_model_normalize_quick(&c->m, j, x, &c->v[j]) &&
		unlikely(ct_model_normalize(&c->m, j, x, &c->v[j], &err) != CT_OK))
		ct_model_report(c, j, &err);
	c->imputed[j] = false;
}

static inline void
set_level(ModelCache *c, int j, const char *s, size_t len)
{
	ct_error	err;

	if (unlikely(c->m.ind[j].kind != CT_KIND_QUAL))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("indicator \"%s\" (column \"%s\") needs a number, not text",
						c->ind_name[j], c->ind_column[j])));
	if (unlikely(ct_model_level(&c->m, j, s, len, &c->v[j], &err) != CT_OK))
		unknown_level(c, j, s, len);
	c->raw[j] = NAN;
	c->imputed[j] = false;
}

static inline void
set_null(ModelCache *c, int j)
{
	c->v[j] = c->m.ind[j].impute;
	c->raw[j] = NAN;
	c->imputed[j] = true;
}

static void
class_defaults(ct_class_input *cls)
{
	cls->tenure_months = NAN;
	cls->satisfaction = NAN;
	cls->porting_requested = -1;
	cls->complaints_90d = -1;
	cls->unreasonable_ratio = NAN;
	cls->emotional = -1;
}

static void
class_set(ct_class_input *cls, int i, double x)
{
	switch (i)
	{
		case 0:
			cls->tenure_months = x;
			break;
		case 1:
			cls->satisfaction = x;
			break;
		case 2:
			cls->porting_requested = x != 0.0;
			break;
		case 3:
			cls->complaints_90d = isnan(x) ? -1 : (x > INT_MAX ? INT_MAX : (x < 0 ? 0 : (int) x));
			break;
		case 4:
			cls->unreasonable_ratio = x;
			break;
		case 5:
			cls->emotional = x != 0.0;
			break;
	}
}

void
ct_model_read_record(ModelCache *c, HeapTupleHeader rec, ct_class_input *cls)
{
	HeapTupleData tuple;
	Oid			typid = HeapTupleHeaderGetTypeId(rec);
	int32		typmod = HeapTupleHeaderGetTypMod(rec);

	if (unlikely(typid != c->typid || typmod != c->typmod))
		ct_model_bind_rowtype(c, typid, typmod);
	tuple.t_len = HeapTupleHeaderGetDatumLength(rec);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = rec;
	heap_deform_tuple(&tuple, c->tupdesc, c->values, c->nulls);

	for (int j = 0; j < c->m.n_ind; j++)
	{
		int			a = c->ind_attno[j];

		if (c->nulls[a])
			set_null(c, j);
		else if (c->m.ind[j].kind == CT_KIND_QUAL)
		{
			text	   *t = DatumGetTextPP(c->values[a]);
			const char *s = VARDATA_ANY(t);
			size_t		len = VARSIZE_ANY_EXHDR(t);

			if (c->ind_type[j] == BPCHAROID)
				while (len > 0 && s[len - 1] == ' ')
					len--;
			set_level(c, j, s, len);
		}
		else
			set_number(c, j, numeric_value(c->values[a], c->ind_type[j]));
	}
	class_defaults(cls);
	for (int i = 0; i < CT_NCLASS; i++)
	{
		int			a = c->class_attno[i];

		if (a >= 0 && !c->nulls[a])
			class_set(cls, i, numeric_value(c->values[a], c->class_type[i]));
	}
}

static const JsonbValue *
json_field(Jsonb *doc, const char *key, JsonbValue *buf)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = strlen(key);
	return getKeyJsonValueFromContainer(&doc->root, k.val.string.val,
										k.val.string.len, buf);
}

void
ct_model_read_jsonb(ModelCache *c, Jsonb *doc, ct_class_input *cls)
{
	JsonbValue	buf;

	if (!JB_ROOT_IS_OBJECT(doc))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("customer must be a JSON object"),
				 errhint("Pass one object with the input columns as keys, for example to_jsonb(c).")));
	for (int j = 0; j < c->m.n_ind; j++)
	{
		const JsonbValue *v = json_field(doc, c->ind_column[j], &buf);

		if (v == NULL || v->type == jbvNull)
			set_null(c, j);
		else if (v->type == jbvNumeric)
			set_number(c, j, DatumGetFloat8(DirectFunctionCall1(numeric_float8,
																NumericGetDatum(v->val.numeric))));
		else if (v->type == jbvBool)
			set_number(c, j, v->val.boolean ? 1.0 : 0.0);
		else if (v->type == jbvString)
			set_level(c, j, v->val.string.val, v->val.string.len);
		else
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("key \"%s\" of the customer must be a number, a boolean, a string or null",
							c->ind_column[j]),
					 errdetail("Indicator \"%s\" reads it.", c->ind_name[j])));
	}
	class_defaults(cls);
	for (int i = 0; i < CT_NCLASS; i++)
	{
		const JsonbValue *v = json_field(doc, ct_class_columns[i], &buf);

		if (v == NULL || v->type == jbvNull)
			continue;
		if (v->type == jbvNumeric && ct_class_kind[i] == 'n')
			class_set(cls, i, DatumGetFloat8(DirectFunctionCall1(numeric_float8,
																 NumericGetDatum(v->val.numeric))));
		else if (v->type == jbvBool && ct_class_kind[i] == 'b')
			class_set(cls, i, v->val.boolean ? 1.0 : 0.0);
		else
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("key \"%s\" of the customer must be %s or null", ct_class_columns[i],
							ct_class_kind[i] == 'b' ? "a boolean" : "a number")));
	}
}

/* ---- per-row result arrays ---------------------------------------------- */

/*
 * The bytes construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT)
 * would return (elements with 4-byte headers, int-aligned, zero padding),
 * built in buf and reused for every row: no allocation once the buffer is
 * large enough.  Elements stored out of line or compressed go through
 * construct_array itself.
 */
Datum
ct_text_array_reuse(CtArrayBuf *buf, MemoryContext cxt, const Datum *elems,
					int n)
{
	Size		nbytes = 0;
	Size		total;
	ArrayType  *a;
	char	   *p;

	for (int i = 0; i < n; i++)
	{
		struct varlena *t = (struct varlena *) DatumGetPointer(elems[i]);

		if (VARATT_IS_EXTENDED(t) && !VARATT_IS_SHORT(t))
			return PointerGetDatum(construct_array((Datum *) elems, n, TEXTOID, -1,
												   false, TYPALIGN_INT));
		nbytes = INTALIGN(nbytes + VARHDRSZ + VARSIZE_ANY_EXHDR(t));
	}
	total = n > 0 ? ARR_OVERHEAD_NONULLS(1) + nbytes : sizeof(ArrayType);
	if (!AllocSizeIsValid(total))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("array size exceeds the maximum allowed (%d)",
						(int) MaxAllocSize)));
	if (buf->size < total)
	{
		Size		size = Max(total, 256);

		if (buf->data != NULL)
			pfree(buf->data);
		buf->data = MemoryContextAlloc(cxt, size);
		buf->size = size;
	}
	a = (ArrayType *) buf->data;
	memset(a, 0, total);
	SET_VARSIZE(a, total);
	a->elemtype = TEXTOID;
	if (n == 0)
		return PointerGetDatum(a);	/* what construct_empty_array builds */
	a->ndim = 1;
	ARR_DIMS(a)[0] = n;
	ARR_LBOUND(a)[0] = 1;
	p = ARR_DATA_PTR(a);
	for (int i = 0; i < n; i++)
	{
		struct varlena *t = (struct varlena *) DatumGetPointer(elems[i]);
		Size		len = VARSIZE_ANY_EXHDR(t);

		SET_VARSIZE(p, VARHDRSZ + len);
		memcpy(p + VARHDRSZ, VARDATA_ANY(t), len);
		p += INTALIGN(VARHDRSZ + len);
	}
	return PointerGetDatum(a);
}
