/*
 * ct_model_pg.h
 *		The per-query model cache shared by evaluate(), explain() and the
 *		internal helpers of fit(): a compiled model version (read from
 *		complaint_tier.model_version once, or passed by value by fit), the
 *		model's variable table bound to the input row type, the strategy
 *		rules compiled against it, and buffers reused for every row.
 */
#ifndef CT_MODEL_PG_H
#define CT_MODEL_PG_H

#include "postgres.h"

#include "access/htup.h"
#include "access/tupdesc.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/jsonb.h"

#include "ct_model.h"
#include "ct_remedy.h"
#include "ct_rule_pg.h"
#include "ct_vars.h"

/*
 * A bad value of the row being read, recorded instead of raised when the
 * caller asked for it (evaluate's on_error => 'null'); palloc'd in the
 * current (per-row) memory context.
 */
typedef struct CtRowError
{
	int			sqlerrcode;
	const char *indicator;		/* NULL when not about an indicator */
	const char *column;			/* the column or JSON key, NULL if none */
	char	   *value;			/* the value as text (clipped), NULL if none */
	char	   *message;		/* the error message without "customer (key): " */
	const char *detail;			/* NULL if none */
} CtRowError;

/*
 * A label as an element of a text[] is stored: a 4-byte header, the
 * bytes and zero padding to int alignment, size bytes in all; prepared
 * once per label so that building an array of labels is copying
 * (ct_label_array, ct_array_pg.c).
 */
typedef struct CtLabelElem
{
	uint32		size;
	char		bytes[FLEXIBLE_ARRAY_MEMBER];
} CtLabelElem;

/*
 * A label's array element, in CurrentMemoryContext, and the text[] of n of
 * them (a NULL entry is a NULL element), byte for byte what
 * ct_array_with_nulls (ct_eval_pg.h) builds from the labels' text datums.
 */
extern CtLabelElem *ct_label_elem(const char *s, size_t len);
extern Datum ct_label_array(CtLabelElem *const *elems, int n);

typedef struct ModelCache
{
	/* what the cache was built for */
	char	   *model_name;
	size_t		model_len;		/* strlen(model_name) */
	int32		version;		/* resolved version */
	int32		requested;		/* 0 = the active version, -1 = by value */
	bool		with_rules;		/* strategy rules loaded (evaluate) */
	char	   *key;			/* the model's key column, NULL if none */

	ct_model	m;
	char	  **ind_name;
	char	  **ind_column;
	char	  **dim_name;
	char	  **class_name;
	int			n_src;			/* stored source columns and their types */
	char	  **src_column;
	ct_rule_type *src_type;

	/* labels and names as datums, built once */
	Datum	   *tier_label;
	Datum	   *dim_tier_label[CT_MAX_DIM];
	Datum	   *class_label[CT_MAX_CLASS];
	CtLabelElem **dim_tier_elem[CT_MAX_DIM];	/* the same as array elements */
	CtLabelElem **class_elem[CT_MAX_CLASS];
	Datum		model_datum;
	Datum		dim_names_datum;	/* text[] of the dimension names */
	Datum		class_names_datum;	/* text[] of the classification names */

	/* strategy rules in force (with_rules), compiled at bind */
	ct_pg_ruleset *rs;
	/* further variables the caller reads per row (remedy segment), bound too */
	int			n_extra;
	const char *extra[2];

	/* the variable table, bound to one input shape */
	ct_vars		vars;
	bool		bound;
	Oid			typid;			/* input row type; JSONBOID for jsonb */
	int32		typmod;
	TupleDesc	tupdesc;		/* record: the row type */
	int		   *attno;			/* per slot: attribute index, -1 */
	Oid		   *atttype;		/* per slot: base type of that attribute */
	int			key_attno;		/* attribute of the key column, -1 */
	Datum	   *values;			/* deformed row */
	bool	   *nulls;
	const Datum *cur_values;	/* the row being read: values, or the */
	const bool *cur_nulls;		/* caller's columns (read_columns) */
	int		   *ind_slot;		/* the distinct slots the indicators read */
	int			n_ind_slot;
	bool		inputs_only;	/* read only those (no rules, no classes) */
	ct_rule_value *slots;		/* vars.n slots (CT_MAX_VARS allocated) */

	/* per-row buffers */
	double	   *v;				/* normalised values */
	bool	   *imputed;
	int			n_missing;		/* inputs that are NULL (imputed) */
	bool		soft;			/* record a bad value in row_error, not raise */
	CtRowError	row_error;		/* the bad value (when soft and read failed) */
	bool		short_coverage; /* the row is below the model's min_coverage */
	double		coverage;		/* its coverage (when short_coverage) */
	Datum		key_value;		/* this row's key (record), or 0 */
	bool		key_isnull;
	Jsonb	   *key_doc;		/* jsonb: the document */

	/* result row type */
	TupleDesc	result_desc;

	/* distinct for every cache built in this backend (a reused address is not) */
	uint64		generation;

	/* a snapshot evaluated by value (ct_scale_pg.c): what else it carries */
	bool		by_snapshot;
	struct varlena *snap_bytes; /* the snapshot the cache was built from */
	Oid			snap_toast_rel; /* and its stored value when read from a table */
	Oid			snap_toast_value;	/* (a toast pointer; InvalidOid: none) */
	ct_remedy_state *snap_remedy;	/* its remedy table, NULL: none */
	char	   *snap_remedy_segment;
	int64		snap_remedy_min;
	bool		snap_remedy_shrink;
} ModelCache;

/*
 * A slot in the same per-query fn_extra for the caller's own state (the
 * strategy datums of evaluate()); it survives a model reload.
 */
extern void **ct_model_cache_extra(FunctionCallInfo fcinfo);

/*
 * The cache for this call site (fn_extra), built on first use in fn_mcxt:
 * version 0 means the active version.  with_rules loads the model's
 * strategy rules in force.
 */
extern ModelCache *ct_model_cache(FunctionCallInfo fcinfo, text *model,
								  int32 version, bool with_rules);

/*
 * The cache of a version passed by value (fit's helpers): the composite
 * model_version datum, compiled on the first call of the query.
 */
extern ModelCache *ct_model_cache_byvalue(FunctionCallInfo fcinfo,
										  HeapTupleHeader version);

/* Compile a model_version tuple into c (current context: the cache's). */
extern void ct_model_compile(ModelCache *c, HeapTuple tuple, TupleDesc desc);

/*
 * Compile a composite model_version datum into c (current context: the
 * cache's), with its model name and version.
 */
extern void ct_model_compile_datum(ModelCache *c, HeapTupleHeader version);

/*
 * The call site's cache (NULL when none), and a new empty one in a context
 * of its own that replaces it: the caller builds it in *cxt, then installs
 * it with ct_model_cache_install (a build that fails leaves none).
 */
extern ModelCache *ct_model_cache_current(FunctionCallInfo fcinfo);
extern ModelCache *ct_model_cache_fresh(FunctionCallInfo fcinfo, MemoryContext *cxt);
extern void ct_model_cache_install(FunctionCallInfo fcinfo, ModelCache *c);

/*
 * Read one customer into the input slots and the normalised values
 * (c->slots, c->v, c->imputed), binding the variable table to the record's
 * row type (or, for jsonb, to the version's stored column types) on first
 * use.  Errors name the customer's key, the indicator and the column.  A
 * bad value of the row (unknown level, not finite, outside the valid or
 * the log domain, a JSON value of the wrong kind, a JSON customer that is
 * not an object) is raised, or with c->soft set recorded in c->row_error
 * and false returned; errors that are not about the row's values (the
 * model, the row type's columns) are always raised.
 */
extern bool ct_model_read_record(ModelCache *c, HeapTupleHeader rec);
extern bool ct_model_read_columns(ModelCache *c, Oid typid, const Datum *values,
								  const bool *nulls);
extern bool ct_model_read_jsonb(ModelCache *c, Jsonb *doc);
/* the indicators' raw values in model order (levels as 0-based indexes) */
extern bool ct_model_read_values(ModelCache *c, ArrayType *values);

/* The index of a column of a row type by name (not dropped), -1 if none. */
extern int	ct_find_column(TupleDesc desc, const char *name);

/*
 * One non-NULL column value into a slot, by the column's base type (a
 * number, boolean or text type; text is not copied unless toasted).
 */
extern void ct_slot_from_datum(ct_rule_value *v, Oid basetype, Datum d);

/*
 * Evaluate the read customer: scores, tiers and classifications.  Below
 * the model's min_coverage (fitted versions) the score is NaN and the tier
 * -1, c->short_coverage is set with c->coverage, and the classifications
 * and rules see a NULL score and tier.
 */
extern void ct_model_eval_row(ModelCache *c, ct_result *r);
/* The same; without classify the classifications are left unset (all -1). */
extern void ct_model_eval_row_ex(ModelCache *c, ct_result *r, bool classify);

/* The key of the customer being read, for messages ("" when none). */
extern char *ct_model_key_text(ModelCache *c);

/*
 * A reusable buffer for a per-row array datum that heap_form_tuple copies
 * into the result row (zero-initialised; allocated in the context passed).
 */
typedef struct CtArrayBuf
{
	char	   *data;
	Size		size;
} CtArrayBuf;

extern Datum ct_text_array_reuse(CtArrayBuf *buf, MemoryContext cxt,
								 const Datum *elems, int n);

#endif							/* CT_MODEL_PG_H */
