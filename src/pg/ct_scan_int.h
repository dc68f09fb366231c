/*
 * ct_scan_int.h
 *		What the two forms of the evaluate custom scan share: the evaluate()
 *		overloads (and fit's per-row helpers) recognised by OID, the setting,
 *		the per-call recogniser and the call setup (ct_scan_pg.c); the join
 *		form (ct_scanjoin_pg.c) installs its hook from ct_scan_init.
 */
#ifndef CT_SCAN_INT_H
#define CT_SCAN_INT_H

#include "postgres.h"

#include "commands/explain.h"
#include "nodes/execnodes.h"
#include "nodes/pathnodes.h"
#include "nodes/primnodes.h"

#include "ct_eval_pg.h"

/*
 * evaluate(text, record, text), (text, int, record, text), (text, jsonb,
 * text), (model_snapshot, record | jsonb, text), then _fit_scores and
 * _normalised (model_version, record), _fit_final (model_version,
 * record, quantile_sketch), _fit_method_scores and _fit_vikor_sr
 * (model_version, record)
 */
#define N_EVAL_FUNCS 10

extern bool ct_custom_scan_enabled;

/* per overload: its customer record's argument (-1: jsonb), and whether it
 * returns a scalar (fit's helpers, taken by the join form only) */
extern const int ct_eval_recarg[N_EVAL_FUNCS];
extern const bool ct_eval_scalar[N_EVAL_FUNCS];

/* Which overload funcid is (an index into the tables above), -1 for none. */
extern int	ct_evaluate_overload(Oid funcid);

/* The evaluate() call of a function relation the per-call scan takes, or NULL. */
extern FuncExpr *ct_eval_call_of(RelOptInfo *rel, Index rti, RangeTblEntry *rte);

/* The call of either form: checks, arguments but skip (-1: none), call info. */
extern ExprState **ct_scan_call_init(PlanState *ps, FuncExpr *fe, int skip,
									 FmgrInfo *flinfo, FunctionCallInfo *fcinfo,
									 CtEvalSlot *req);

/* The scan-tuple columns the target list and the filter read. */
extern Bitmapset *ct_scan_columns_read(CustomScan *cs);

/* EXPLAIN: the call, deparsed. */
extern void ct_scan_explain(CustomScanState *node, List *ancestors, ExplainState *es);

extern void ct_scanjoin_init(void);

#endif							/* CT_SCAN_INT_H */
