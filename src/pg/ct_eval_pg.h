/*
 * ct_eval_pg.h
 *		The strategy columns of evaluate() for other callers (explain_json):
 *		the model's rules with the datums evaluate() prepares once per rule
 *		set, the rules that fire for the customer just read, the reason of
 *		each exactly as evaluate() writes it (with the remedy the model's
 *		remedy_model recommends), and the routing priority and refund
 *		ceiling they give.
 *
 * Per call: ct_eval_rules_prepare (before reading the customer: it may add
 * variables to bind), read the customer, ct_eval_rules_bound, evaluate the
 * row, then ct_eval_rules_apply and ct_eval_rules_reason.
 */
#ifndef CT_EVAL_PG_H
#define CT_EVAL_PG_H

#include "postgres.h"

#include "fmgr.h"
#include "nodes/extensible.h"

#include "ct_model_pg.h"

typedef struct EvalRules EvalRules;

/* The rule datums of the cache's rule set, in the call site's fn_extra. */
extern EvalRules *ct_eval_rules_prepare(FunctionCallInfo fcinfo, ModelCache *c);

/* After the customer is read: the slots of the remedy segment. */
extern void ct_eval_rules_bound(EvalRules *e, ModelCache *c);

/* The rules that give a strategy, in priority order (indexes into c->rs). */
extern int	ct_eval_rules_apply(EvalRules *e, ModelCache *c, const int **fired);

/* The reason text datum of a fired rule, as evaluate() gives it. */
extern Datum ct_eval_rules_reason(EvalRules *e, ModelCache *c, int rule);

/*
 * The routing priority (minimum over the fired rules, 0 when none asks for
 * one) and the refund ceiling (maximum, when any gives one).
 */
extern void ct_eval_rules_limits(ModelCache *c, const int *fired, int nf,
								 int32 *routing, double *ceiling,
								 bool *has_ceiling);

/*
 * fit's per-row helpers (_normalised, _fit_scores and their by-array
 * variants, ct_fitpush_pg.c): the results for the row just read into c.
 */
extern Datum ct_fit_normalised_result(ModelCache *c);
extern void ct_fit_scores_check(ModelCache *c);

/*
 * The method scores of an evaluated row r of a version being fitted, as
 * fit's method sketch takes them (VIKOR as 1 - Q with the version's S and
 * R ranges); 22023 for a score that is not finite.
 */
extern void ct_fit_method_scores_of(ModelCache *c, const ct_result *r, double *s);
extern Datum ct_fit_scores_result(ModelCache *c);
extern Datum ct_fit_scores_datum(ModelCache *c, const ct_result *r);
extern Datum ct_fit_combine_result(ModelCache *c, ArrayType *scores);

/*
 * The evaluate custom scan (ct_scan_pg.c) calls evaluate() with this as
 * fcinfo->context: the function then writes the result columns into
 * values/isnull (complaint_tier.evaluation's column order), computes only
 * the columns whose needed[] is set, sets filled and returns (Datum) 0
 * instead of forming a composite.  The caller sets every isnull[] true
 * before each call: the function writes only the columns needed[] names.
 */
#define CT_EVAL_SLOT_NAME "complaint_tier evaluate slot"

/* extnodename of every CtEvalSlot: recognised by this address */
extern const char ct_eval_slot_tag[];

typedef struct CtEvalSlot
{
	ExtensibleNode hdr;			/* extnodename ct_eval_slot_tag; never copied */
	Datum	   *values;
	bool	   *isnull;
	const bool *needed;
	int			natts;
	bool		filled;
	/*
	 * The customer given as columns instead of the record argument (whose
	 * value is then not read): the fields of ROW(c.a, c.b, ...) of row type
	 * in_typid, by attribute.  in_values NULL: read the record argument.
	 */
	Oid			in_typid;
	const Datum *in_values;
	const bool *in_nulls;
} CtEvalSlot;

/*
 * evaluate() of one record with a cache the caller built (the by-value
 * snapshot of ct_scale_pg.c): soft is on_error => 'null', parsed by
 * ct_evaluate_on_error_null from argument argno (once per query when it
 * is a constant).
 */
extern bool ct_evaluate_on_error_null(FunctionCallInfo fcinfo, int argno);
extern Datum ct_evaluate_cached(FunctionCallInfo fcinfo, ModelCache *c,
								HeapTupleHeader rec, bool soft);

/*
 * The record argument argno of an evaluate() call, or NULL when the custom
 * scan passes the customer as columns (CtEvalSlot.in_values).
 */
extern HeapTupleHeader ct_evaluate_record_arg(FunctionCallInfo fcinfo, int argno);

/*
 * Read the customer of record argument argno into c (ct_model_read_record),
 * or the columns the join form passes instead (fit's per-row helpers).
 */
extern bool ct_model_read_customer(FunctionCallInfo fcinfo, ModelCache *c, int argno);

/*
 * A one-dimensional float8[] or text[] of n datums with NULLs (isnull;
 * NULL: none), built directly (no per-element detoasting).
 */
extern Datum ct_array_with_nulls(Datum *d, bool *isnull, int n, Oid elemtype);

#endif							/* CT_EVAL_PG_H */
