/*
 * ct_model_pg.c
 *		The per-query model cache: compiles one model_version row (read
 *		through ct_catalog_pg.c, or passed by value by fit) into a ct_model
 *		with its labels as datums.  Binding to the input row and reading a
 *		customer are in ct_bind_pg.c.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/jsonb.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/typcache.h"

#include "ct_dea.h"
#include "ct_fcm.h"
#include "ct_logit.h"
#include "ct_model_pg.h"
#include "ct_pg.h"
#include "ct_catalog_pg.h"
#include "access/xact.h"

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

/*
 * A float8[] matrix column (rows x cols; a 1-D array is one row), NULL ->
 * NULL with 0 rows.
 */
static double *
vr_float8_matrix(VersionRow *r, const char *name, int *rows, int *cols)
{
	bool		isnull;
	Datum		d = vr_get(r, name, &isnull);
	ArrayType  *a;
	int			k;

	*rows = *cols = 0;
	if (isnull)
		return NULL;
	a = DatumGetArrayTypeP(d);
	if (ARR_NDIM(a) < 1 || ARR_NDIM(a) > 2)
		corrupt(name);
	*rows = ARR_NDIM(a) == 2 ? ARR_DIMS(a)[0] : 1;
	*cols = ARR_DIMS(a)[ARR_NDIM(a) - 1];
	return vr_float8_array(r, name, &k);
}

/*
 * Method dea and fuzzy segments (ct_model_dea.c): the frontier, the share
 * bound, the centres (NULL while fitting) and their scratch.
 */
static void
compile_dea(ct_model *m, VersionRow *r)
{
	bool		isnull;
	Datum		d;
	int			k;

	m->dea_max_share = vr_float8(r, "dea_max_share", 1.0);
	m->dea_frontier = vr_float8_matrix(r, "dea_frontier", &m->dea_f, &m->dea_d);
	d = vr_get(r, "segments", &isnull);
	m->seg_k = isnull ? 0 : DatumGetInt32(d);
	m->fcm_m = vr_float8(r, "fcm_m", 2.0);
	m->seg_centres = vr_float8_matrix(r, "segment_centres", &k, &m->seg_d);
	if (m->seg_k < 0 || m->seg_k > CT_FCM_MAX_K || (m->seg_centres != NULL && k != m->seg_k))
		corrupt("segment_centres");
	if (m->dea_f > CT_DEA_MAX_FRONTIER)
		corrupt("dea_frontier");
	ct_model_dea_scratch(m, palloc(sizeof(double) * ct_model_dea_doubles(m->n_ind, m->dea_f, m->seg_k)),
						 palloc(sizeof(int) * ct_model_dea_ints(m->n_ind, m->dea_f)));
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

static CtLabelElem **
label_elems(char **labels, int n)
{
	CtLabelElem **out = palloc(sizeof(CtLabelElem *) * (n > 0 ? n : 1));

	for (int i = 0; i < n; i++)
		out[i] = ct_label_elem(labels[i], strlen(labels[i]));
	return out;
}

static size_t *
label_lens(char **labels, int n)
{
	size_t	   *out = palloc(sizeof(size_t) * (n > 0 ? n : 1));

	for (int i = 0; i < n; i++)
		out[i] = strlen(labels[i]);
	return out;
}

static Datum
names_datum(char **names, int n)
{
	Datum	   *d = label_datums(names, n);

	if (n == 0)
		return PointerGetDatum(construct_empty_array(TEXTOID));
	return PointerGetDatum(construct_array(d, n, TEXTOID, -1, false, TYPALIGN_INT));
}

static ct_rule_type
stored_type(const char *s)
{
	if (strcmp(s, "number") == 0)
		return CT_RULE_NUMBER;
	if (strcmp(s, "text") == 0)
		return CT_RULE_STRING;
	if (strcmp(s, "boolean") == 0)
		return CT_RULE_BOOL;
	return CT_RULE_NULLTYPE;	/* a column of another type: unusable */
}

/*
 * combine = 'probability' (weighting outcome, doc/outcome_weighting.md): the
 * intercept and scale of the oriented logistic coefficients, and the
 * weighted sum's position among the methods.  While the version is being
 * fitted the coefficients may not exist yet: the score is then not needed
 * and the mean percentile stands in.
 */
static void
ct_model_compile_probability(ct_model *m, const double *coef, int n_coef,
							 char **methods)
{
	m->logit_ws = -1;
	for (int i = 0; i < m->n_methods; i++)
		if (strcmp(methods[i], "weighted_sum") == 0)
			m->logit_ws = i;
	if (coef == NULL && !m->fitted)
		return;
	if (coef == NULL || n_coef != m->n_ind + 1 || m->logit_ws < 0)
		corrupt("logit_coef");
	ct_logit_orient(coef, n_coef, &m->logit_intercept, &m->logit_scale);
	m->combine = CT_COMBINE_PROBABILITY;
}

void
ct_model_compile(ModelCache *c, HeapTuple tuple, TupleDesc desc)
{
	VersionRow	vr = {tuple, desc};
	VersionRow *r = &vr;
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
			   *vlo,
			   *vhi,
			   *dimw;
	int		   *dim,
			   *kind,
			   *dir,
			   *tr,
			   *lstart,
			   *lcount;
	char	  **levels;
	char	  **methods;
	char	  **types;
	char	   *s;
	bool		isnull;
	Datum		d;
	ct_error	err;

	memset(m, 0, sizeof(*m));
	s = vr_text(r, "state");
	m->fitted = strcmp(s, "ready") == 0;
	d = vr_get(r, "key", &isnull);
	c->key = isnull ? NULL : TextDatumGetCString(d);

	c->dim_name = vr_text_array(r, "dim_names", &m->n_dim);
	if (m->n_dim < 1 || m->n_dim > CT_MAX_DIM)
		corrupt("dim_names");
	m->dim_name = (const char *const *) c->dim_name;
	c->dim_names_datum = names_datum(c->dim_name, m->n_dim);

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
	/* valid domains: -/+Infinity = no limit; NULL (older rows) = none */
	vlo = vr_float8_array(r, "ind_valid_lo", &k);
	if (vlo != NULL)
		expect_len(k, n, "ind_valid_lo");
	vhi = vr_float8_array(r, "ind_valid_hi", &k);
	if (vhi != NULL)
		expect_len(k, n, "ind_valid_hi");
	m->min_coverage = vr_float8(r, "min_coverage", 0.0);

	levels = vr_text_array(r, "levels", &m->n_levels);
	{
		double	   *scores = vr_float8_array(r, "level_scores", &k);

		expect_len(k, m->n_levels, "level_scores");
		m->level_str = (const char **) levels;
		m->level_len = label_lens(levels, m->n_levels);
		m->level_score = scores;
	}

	m->ind = palloc0(sizeof(ct_indicator) * n);
	for (int j = 0; j < n; j++)
	{
		ct_indicator *ind = &m->ind[j];

		ind->name = c->ind_name[j];
		ind->column = c->ind_column[j];
		ind->slot = -1;
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
		if (vlo != NULL && !(isinf(vlo[j]) && vlo[j] < 0))
		{
			ind->has_valid_lo = true;
			ind->valid_lo = vlo[j];
		}
		if (vhi != NULL && !(isinf(vhi[j]) && vhi[j] > 0))
		{
			ind->has_valid_hi = true;
			ind->valid_hi = vhi[j];
		}
	}

	dimw = vr_float8_array(r, "dim_weights", &k);
	expect_len(k, m->n_dim, "dim_weights");
	memcpy(m->dim_weight, dimw, sizeof(double) * m->n_dim);

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
	m->combine = CT_COMBINE_MEAN_PERCENTILE;
	for (int i = 0; i < m->n_methods; i++)
		if (strcmp(s, methods[i]) == 0)
			m->combine = i;
	if (strcmp(s, "probability") == 0)
	{
		double	   *coef = vr_float8_array(r, "logit_coef", &k);

		ct_model_compile_probability(m, coef, k, methods);
	}
	else if (m->combine < 0 && strcmp(s, "mean_percentile") != 0)
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

	m->quantiles = vr_float8_array(r, "quantiles", &k);
	m->has_quantiles = m->quantiles != NULL;
	if (m->has_quantiles)
		expect_len(k, m->n_methods * CT_NQUANTILES, "quantiles");
	m->ind_quantiles = NULL;
	for (int i = 0; i < m->n_methods; i++)
		if (m->methods[i] == CT_M_PRIORITY)
		{
			m->ind_quantiles = vr_float8_array(r, "ind_quantiles", &k);
			if (m->ind_quantiles != NULL)
			{
				expect_len(k, m->n_ind * CT_NQUANTILES, "ind_quantiles");
				/* the runs of equal quantiles, filled by ct_model_check */
				m->prio_u = palloc(sizeof(double) * m->n_ind * CT_NQUANTILES);
				m->prio_start = palloc(sizeof(int) * m->n_ind * (CT_NQUANTILES + 1));
				m->prio_m = palloc(sizeof(int) * m->n_ind);
			}
		}
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
		m->tier_label = (const char *const *) labels;
		m->tier_label_len = label_lens(labels, nl);
		c->tier_label = label_datums(labels, nl);
		dcount = vr_int4_array(r, "dim_tier_count", &k);
		expect_len(k, m->n_dim, "dim_tier_count");
		dlabels = vr_text_array(r, "dim_tier_labels", &nl);
		dcuts = vr_float8_array(r, "dim_tier_cuts", &nc);
		for (int dd = 0; dd < m->n_dim; dd++)
		{
			m->dim_tiers[dd] = dcount[dd];
			if (dcount[dd] == 0)
				continue;
			if (dcount[dd] < 2 || pos + dcount[dd] > nl || cpos + dcount[dd] - 1 > nc)
				corrupt("dimension tier scheme");
			c->dim_tier_label[dd] = label_datums(dlabels + pos, dcount[dd]);
			c->dim_tier_elem[dd] = label_elems(dlabels + pos, dcount[dd]);
			m->dim_tier_label[dd] = (const char *const *) (dlabels + pos);
			m->dim_tier_label_len[dd] = label_lens(dlabels + pos, dcount[dd]);
			m->dim_tier_cuts[dd] = dcuts + cpos;
			pos += dcount[dd];
			cpos += dcount[dd] - 1;
		}
	}

	/* classifications */
	{
		int		   *count;
		char	  **labels;
		char	  **conds;
		int			nl,
					nc,
					pos = 0;

		c->class_name = vr_text_array(r, "class_names", &m->n_class);
		if (m->n_class > CT_MAX_CLASS)
			corrupt("class_names");
		c->class_names_datum = names_datum(c->class_name, m->n_class);
		count = vr_int4_array(r, "class_count", &k);
		expect_len(k, m->n_class, "class_count");
		labels = vr_text_array(r, "class_labels", &nl);
		conds = vr_text_array(r, "class_conditions", &nc);
		expect_len(nc, nl, "class_conditions");
		m->classes = palloc0(sizeof(ct_classification) * (m->n_class > 0 ? m->n_class : 1));
		for (int i = 0; i < m->n_class; i++)
		{
			ct_classification *cl = &m->classes[i];

			if (count[i] < 1 || pos + count[i] > nl)
				corrupt("class_count");
			cl->name = c->class_name[i];
			cl->n_labels = count[i];
			cl->labels = (const char *const *) (labels + pos);
			cl->label_len = label_lens(labels + pos, count[i]);
			cl->conditions = (const char *const *) (conds + pos);
			cl->progs = palloc(sizeof(ct_rule_program) * count[i]);
			cl->reads = palloc(sizeof(int) * CT_MAX_VARS);
			c->class_label[i] = label_datums(labels + pos, count[i]);
			c->class_elem[i] = label_elems(labels + pos, count[i]);
			pos += count[i];
		}
	}

	c->src_column = vr_text_array(r, "src_columns", &c->n_src);
	types = vr_text_array(r, "src_types", &k);
	expect_len(k, c->n_src, "src_types");
	c->src_type = palloc(sizeof(ct_rule_type) * (c->n_src > 0 ? c->n_src : 1));
	for (int i = 0; i < c->n_src; i++)
		c->src_type[i] = stored_type(types[i]);

	compile_dea(m, r);
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

	c->v = palloc(sizeof(double) * n);
	c->imputed = palloc(sizeof(bool) * n);
	c->slots = palloc0(sizeof(ct_rule_value) * CT_MAX_VARS);
	c->attno = palloc(sizeof(int) * CT_MAX_VARS);
	c->atttype = palloc(sizeof(Oid) * CT_MAX_VARS);
	c->bound = false;
	c->typid = InvalidOid;
}

static void
load_version(ModelCache *c, text *model, int32 requested, MemoryContext cxt)
{
	HeapTuple	tuple;
	TupleDesc	desc;
	int32		version;

	ct_spi_connect();
	version = ct_catalog_version(c->model_name, model, requested, &tuple, &desc);
	MemoryContextSwitchTo(cxt);
	ct_model_compile(c, tuple, desc);
	if (!c->m.fitted)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("version %d of model \"%s\" is not completely fitted", version, c->model_name)));
	c->version = version;
	if (c->with_rules)
		c->rs = ct_rules_load(c->model_name, ct_catalog_demographic_rules(c->model_name),
							  GetCurrentTransactionStartTimestamp(), cxt);
	SPI_finish();
}

static ModelCache *
new_cache(CacheHolder *h, FunctionCallInfo fcinfo)
{
	static uint64 generation = 0;
	ModelCache *c;

	if (h->cxt != NULL)
		MemoryContextDelete(h->cxt);
	h->cache = NULL;
	h->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt,
								   "complaint_tier model cache",
								   ALLOCSET_DEFAULT_SIZES);
	c = MemoryContextAllocZero(h->cxt, sizeof(ModelCache));
	c->generation = ++generation;
	return c;
}

ModelCache *
ct_model_cache(FunctionCallInfo fcinfo, text *model, int32 version,
			   bool with_rules)
{
	CacheHolder *h = cache_holder(fcinfo);
	size_t		len = VARSIZE_ANY_EXHDR(model);
	MemoryContext old;
	ModelCache *c;

	if (h->cache != NULL &&
		h->cache->requested == version &&
		h->cache->with_rules == with_rules &&
		h->cache->model_len == len &&
		memcmp(h->cache->model_name, VARDATA_ANY(model), len) == 0)
		return h->cache;

	c = new_cache(h, fcinfo);
	old = MemoryContextSwitchTo(h->cxt);
	c->model_name = text_to_cstring(model);
	c->model_len = strlen(c->model_name);
	c->requested = version;
	c->with_rules = with_rules;
	c->model_datum = label_datum(c->model_name);
	MemoryContextSwitchTo(old);
	load_version(c, model, version, h->cxt);
	MemoryContextSwitchTo(old);
	h->cache = c;
	return c;
}

ModelCache *
ct_model_cache_byvalue(FunctionCallInfo fcinfo, HeapTupleHeader version)
{
	CacheHolder *h = cache_holder(fcinfo);
	MemoryContext old;
	ModelCache *c;

	/* fit passes one version per query: compiled on the first call */
	if (h->cache != NULL && h->cache->requested == -1)
		return h->cache;
	c = new_cache(h, fcinfo);
	old = MemoryContextSwitchTo(h->cxt);
	ct_model_compile_datum(c, version);
	c->requested = -1;
	MemoryContextSwitchTo(old);
	h->cache = c;
	return c;
}

void
ct_model_compile_datum(ModelCache *c, HeapTupleHeader version)
{
	HeapTupleData tuple;
	TupleDesc	desc;
	HeapTuple	copy;
	VersionRow	vr;

	desc = lookup_rowtype_tupdesc_copy(HeapTupleHeaderGetTypeId(version),
									   HeapTupleHeaderGetTypMod(version));
	tuple.t_len = HeapTupleHeaderGetDatumLength(version);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = version;
	copy = heap_copytuple(&tuple);
	vr.tuple = copy;
	vr.desc = desc;
	ct_model_compile(c, copy, desc);
	c->model_name = vr_text(&vr, "model");
	c->model_len = strlen(c->model_name);
	c->version = vr_int4(&vr, "version");
	c->model_datum = label_datum(c->model_name);
}

ModelCache *
ct_model_cache_current(FunctionCallInfo fcinfo)
{
	return cache_holder(fcinfo)->cache;
}

ModelCache *
ct_model_cache_fresh(FunctionCallInfo fcinfo, MemoryContext *cxt)
{
	CacheHolder *h = cache_holder(fcinfo);
	ModelCache *c = new_cache(h, fcinfo);

	*cxt = h->cxt;
	return c;
}

void
ct_model_cache_install(FunctionCallInfo fcinfo, ModelCache *c)
{
	cache_holder(fcinfo)->cache = c;
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
