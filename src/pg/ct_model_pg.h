/*
 * ct_model_pg.h
 *		The per-query model cache shared by evaluate(), explain() and the
 *		internal helpers of fit(): a compiled model version read from
 *		complaint_tier.model_version once, the attribute map of the input row
 *		type, and buffers reused for every row.
 */
#ifndef CT_MODEL_PG_H
#define CT_MODEL_PG_H

#include "postgres.h"

#include "access/tupdesc.h"
#include "fmgr.h"
#include "utils/jsonb.h"

#include "ct_model.h"

/* the inputs the classification rules read, by canonical column name */
#define CT_NCLASS 6
extern const char *const ct_class_columns[CT_NCLASS];

typedef struct ModelCache
{
	/* what the cache was built for */
	char	   *model_name;
	size_t		model_len;		/* strlen(model_name) */
	int32		version;		/* resolved version */
	int32		requested;		/* 0 = the active version */
	bool		allow_fitting;	/* internal helpers read a version being fitted */
	Oid			typid;			/* input row type, InvalidOid for jsonb */
	int32		typmod;

	ct_model	m;
	char	  **ind_name;
	char	  **ind_column;
	char	   *state;			/* 'fitting' or 'ready' */

	/* labels as text datums, built once */
	int			n_tiers;
	Datum	   *tier_label;
	Datum	   *dim_tier_label[CT_NDIM];
	Datum		stage_label[4];
	Datum		grade_label[3];
	Datum		class_label[4];
	Datum		model_datum;

	/* row type map */
	TupleDesc	tupdesc;
	int			natts;
	Datum	   *values;
	bool	   *nulls;
	int		   *ind_attno;		/* 0-based attribute index per indicator */
	Oid		   *ind_type;		/* base type of that attribute */
	int			class_attno[CT_NCLASS];	/* -1 when absent */
	Oid			class_type[CT_NCLASS];

	/* per-row buffers */
	double	   *v;				/* normalised values */
	bool	   *imputed;
	double	   *raw;			/* raw numeric values (quantitative) */

	/* result row type */
	TupleDesc	result_desc;
} ModelCache;

/*
 * The cache for this call site (fn_extra), built on first use in fn_mcxt:
 * version 0 means the active version.  A row type different from the one
 * the cache was built for rebuilds the attribute map only.
 */
/*
 * A slot in the same per-query fn_extra for the caller's own state (the
 * strategy rules of evaluate()); it survives a model reload.
 */
extern void **ct_model_cache_extra(FunctionCallInfo fcinfo);

extern ModelCache *ct_model_cache(FunctionCallInfo fcinfo, text *model,
								  int32 version, bool allow_fitting);

/* Attribute map for a row type (typid/typmod of the composite argument). */
extern void ct_model_bind_rowtype(ModelCache *c, Oid typid, int32 typmod);

/*
 * Fill c->v and c->imputed from a composite row (record overload) or a
 * jsonb object, and the classification inputs; errors name the indicator.
 */
extern void ct_model_read_record(ModelCache *c, HeapTupleHeader rec,
								 ct_class_input *cls);
extern void ct_model_read_jsonb(ModelCache *c, Jsonb *doc, ct_class_input *cls);

/*
 * A reusable buffer for a per-row array datum that heap_form_tuple copies
 * into the result row (zero-initialised; allocated in the context passed).
 */
typedef struct CtArrayBuf
{
	char	   *data;
	Size		size;
} CtArrayBuf;

/*
 * The text[] of elems[0..n-1] (no NULLs), byte for byte what
 * construct_array() builds, in buf: valid until the next call with the same
 * buffer, so use one buffer per array of a row.  cxt must live as long as
 * buf (fn_mcxt).
 */
extern Datum ct_text_array_reuse(CtArrayBuf *buf, MemoryContext cxt,
								 const Datum *elems, int n);

/* Raise the ereport for a core failure, naming the indicator. */
extern void ct_model_report(ModelCache *c, int j, const ct_error *e) pg_attribute_noreturn();

#endif							/* CT_MODEL_PG_H */
