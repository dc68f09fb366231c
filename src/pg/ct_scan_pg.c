/*
 * ct_scan_pg.c
 *		The evaluate scan: a planner hook that replaces the Function Scan of
 *		`CROSS JOIN LATERAL complaint_tier.evaluate(model, c) e` by a custom
 *		scan that calls the function once per (re)scan and deforms its one
 *		composite result into a virtual slot (doc/evaluate_scan.md).
 *
 * A Function Scan materialises every call's result in a tuplestore: per
 * outer row it creates the store, looks up the result row type, copies the
 * row in and reads it back.  For a function that returns exactly one row
 * that is pure overhead.  The custom scan evaluates the same FuncExpr (the
 * arguments, the strict NULL check and the call are the executor's own
 * expression machinery) in the per-tuple memory of its expression context
 * and returns a row of all NULLs for a NULL result, as the Function Scan
 * does.
 *
 * What is recognised: a base relation of a single function in FROM without
 * WITH ORDINALITY, whose call is one of the evaluate() functions of the
 * extension (the catalogue and the by-value snapshot forms; by OID, looked
 * up once and forgotten on any pg_proc change),
 * and whose output is plain columns of the result (no whole-row reference,
 * which rules out row locks and UPDATE ... FROM, whose row marks need one).
 * Anything else keeps the Function Scan, as does complaint_tier.custom_scan
 * = off.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/objectaccess.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "catalog/pg_type.h"
#include "commands/explain.h"
#include "executor/executor.h"
#include "executor/nodeCustom.h"
#include "funcapi.h"
#include "nodes/extensible.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "optimizer/appendinfo.h"
#include "optimizer/cost.h"
#include "optimizer/optimizer.h"
#include "optimizer/pathnode.h"
#include "optimizer/paths.h"
#include "optimizer/restrictinfo.h"
#include "optimizer/tlist.h"
#include "parser/parse_func.h"
#include "parser/parsetree.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "ct_eval_pg.h"
#include "ct_scan_pg.h"
#include "ct_scan_int.h"

PG_FUNCTION_INFO_V1(ct_evaluate_support);

#define CT_SCAN_NAME "ComplaintTierEvaluate"

bool		ct_custom_scan_enabled = true;
static set_rel_pathlist_hook_type prev_set_rel_pathlist = NULL;

/* ---- which functions: the evaluate() overloads, by OID ------------------- */

static Oid	eval_oids[N_EVAL_FUNCS];
static bool eval_oids_valid = false;

/* the customer record's argument of each overload, -1 for jsonb */
const int	ct_eval_recarg[N_EVAL_FUNCS] = {1, 2, -1, 1, -1, 1, 1, 1, 1, 1};

/*
 * fit's per-row helpers _fit_scores, _normalised, _fit_final,
 * _fit_method_scores and _fit_vikor_sr (a float8[] each): only
 * the join form takes them (fit's scans join each row to them LATERAL).
 */
const bool	ct_eval_scalar[N_EVAL_FUNCS] = {false, false, false, false, false, true, true, true, true, true};

/* Any change to pg_proc (CREATE/DROP EXTENSION among them) forgets them. */
static void
eval_oids_inval(Datum arg, int cacheid, uint32 hashvalue)
{
	eval_oids_valid = false;
}

static void
eval_oids_lookup(void)
{
	Oid			nsp = get_namespace_oid("complaint_tier", true);
	Oid			snap = OidIsValid(nsp) ?
		GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("model_snapshot"),
						ObjectIdGetDatum(nsp)) : InvalidOid;
	Oid			mv = OidIsValid(nsp) ?
		GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("model_version"),
						ObjectIdGetDatum(nsp)) : InvalidOid;
	Oid			qs = OidIsValid(nsp) ?
		GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("quantile_sketch"),
						ObjectIdGetDatum(nsp)) : InvalidOid;
	List	   *fitnames[5];

	/*
	 * evaluate(text, record, text), (text, int, record, text), (text, jsonb,
	 * text), and the by-value (model_snapshot, record | jsonb, text)
	 */
	const Oid	sig[N_EVAL_FUNCS][4] = {
		{TEXTOID, RECORDOID, TEXTOID},
		{TEXTOID, INT4OID, RECORDOID, TEXTOID},
		{TEXTOID, JSONBOID, TEXTOID},
		{snap, RECORDOID, TEXTOID},
		{snap, JSONBOID, TEXTOID},
		{mv, RECORDOID},
		{mv, RECORDOID},
		{mv, RECORDOID, qs},
		{mv, RECORDOID},
		{mv, RECORDOID},
	};
	static const int nargs[N_EVAL_FUNCS] = {3, 4, 3, 3, 3, 2, 2, 3, 2, 2};
	List	   *name = list_make2(makeString("complaint_tier"), makeString("evaluate"));

	fitnames[0] = list_make2(makeString("complaint_tier"), makeString("_fit_scores"));
	fitnames[1] = list_make2(makeString("complaint_tier"), makeString("_normalised"));
	fitnames[2] = list_make2(makeString("complaint_tier"), makeString("_fit_final"));
	fitnames[3] = list_make2(makeString("complaint_tier"), makeString("_fit_method_scores"));
	fitnames[4] = list_make2(makeString("complaint_tier"), makeString("_fit_vikor_sr"));
	for (int i = 0; i < N_EVAL_FUNCS; i++)
		eval_oids[i] = OidIsValid(sig[i][0]) ?
			LookupFuncName(i < 5 ? name : fitnames[i - 5], nargs[i], sig[i], true) : InvalidOid;
	eval_oids_valid = true;
}

/* Which overload funcid is (an index into eval_oids), -1 for none. */
int
ct_evaluate_overload(Oid funcid)
{
	if (!eval_oids_valid)
		eval_oids_lookup();
	for (int i = 0; i < N_EVAL_FUNCS; i++)
		if (OidIsValid(eval_oids[i]) && eval_oids[i] == funcid)
			return i;
	return -1;
}

static bool
is_evaluate(Oid funcid)
{
	int			k = ct_evaluate_overload(funcid);

	return k >= 0 && !ct_eval_scalar[k];
}

/* ---- planning ------------------------------------------------------------ */

static Plan *plan_eval_path(PlannerInfo *root, RelOptInfo *rel,
							struct CustomPath *best_path, List *tlist,
							List *clauses, List *custom_plans);
static Node *create_eval_state(CustomScan *cscan);

static const CustomPathMethods eval_path_methods = {
	.CustomName = CT_SCAN_NAME,
	.PlanCustomPath = plan_eval_path,
};

static const CustomScanMethods eval_scan_methods = {
	.CustomName = CT_SCAN_NAME,
	.CreateCustomScanState = create_eval_state,
};

/*
 * The evaluate() call of a relation the scan can take over, or NULL: one
 * function, no ordinality, not a set, a row type without dropped columns,
 * and only plain columns of it wanted.
 */
FuncExpr *
ct_eval_call_of(RelOptInfo *rel, Index rti, RangeTblEntry *rte)
{
	RangeTblFunction *rtf;
	FuncExpr   *fe;
	TupleDesc	desc;
	bool		dropped = false;
	ListCell   *lc;

	if (rel->reloptkind != RELOPT_BASEREL || rte->rtekind != RTE_FUNCTION ||
		rte->funcordinality || list_length(rte->functions) != 1)
		return NULL;
	rtf = linitial_node(RangeTblFunction, rte->functions);
	if (!IsA(rtf->funcexpr, FuncExpr))
		return NULL;
	fe = (FuncExpr *) rtf->funcexpr;
	if (fe->funcretset || !is_evaluate(fe->funcid) || !type_is_rowtype(fe->funcresulttype) ||
		fe->funcresulttype == RECORDOID)
		return NULL;
	foreach(lc, rel->reltarget->exprs)
	{
		Var		   *v = (Var *) lfirst(lc);

		if (!IsA(v, Var) || v->varno != rti || v->varattno <= 0 || v->varlevelsup != 0)
			return NULL;
	}
	desc = lookup_rowtype_tupdesc(fe->funcresulttype, -1);
	for (int a = 0; a < desc->natts; a++)
		dropped |= TupleDescAttr(desc, a)->attisdropped;
	ReleaseTupleDesc(desc);
	return dropped ? NULL : fe;
}

static void
eval_set_rel_pathlist(PlannerInfo *root, RelOptInfo *rel, Index rti,
					  RangeTblEntry *rte)
{
	List	   *paths = NIL;
	ListCell   *lc;

	if (prev_set_rel_pathlist)
		prev_set_rel_pathlist(root, rel, rti, rte);
	if (!ct_custom_scan_enabled || ct_eval_call_of(rel, rti, rte) == NULL)
		return;

	/* replace each Function Scan path with the same path as a custom scan */
	foreach(lc, rel->pathlist)
	{
		Path	   *p = (Path *) lfirst(lc);
		CustomPath *cp;

		if (p->pathtype != T_FunctionScan)
		{
			paths = lappend(paths, p);
			continue;
		}
		cp = makeNode(CustomPath);
		cp->path.pathtype = T_CustomScan;
		cp->path.parent = rel;
		cp->path.pathtarget = p->pathtarget;
		cp->path.param_info = p->param_info;
		cp->path.parallel_aware = false;
		cp->path.parallel_safe = p->parallel_safe;
		cp->path.parallel_workers = 0;
		cp->path.rows = p->rows;
		/* the function's cost stays; the tuplestore per call is gone */
		cp->path.startup_cost = p->startup_cost;
		cp->path.total_cost = p->total_cost - cpu_tuple_cost * p->rows;
		if (cp->path.total_cost < cp->path.startup_cost)
			cp->path.total_cost = cp->path.startup_cost;
		cp->path.pathkeys = NIL;
		cp->flags = CUSTOMPATH_SUPPORT_PROJECTION;
		cp->methods = &eval_path_methods;
		paths = lappend(paths, cp);
	}
	rel->pathlist = paths;
}

static Plan *
plan_eval_path(PlannerInfo *root, RelOptInfo *rel, struct CustomPath *best_path,
			   List *tlist, List *clauses, List *custom_plans)
{
	RangeTblEntry *rte = planner_rt_fetch(rel->relid, root);
	RangeTblFunction *rtf = linitial_node(RangeTblFunction, rte->functions);
	CustomScan *cs = makeNode(CustomScan);
	TupleDesc	desc = lookup_rowtype_tupdesc(exprType(rtf->funcexpr), -1);
	List	   *scan_tlist = NIL;

	/* the scan tuple: every column of the result row, as Vars of the rel */
	for (int a = 0; a < desc->natts; a++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, a);

		scan_tlist = lappend(scan_tlist,
							 makeTargetEntry((Expr *) makeVar(rel->relid, a + 1, att->atttypid,
															  att->atttypmod, att->attcollation, 0),
											 a + 1, pstrdup(NameStr(att->attname)), false));
	}
	ReleaseTupleDesc(desc);

	cs->scan.plan.targetlist = tlist;
	cs->scan.plan.qual = extract_actual_clauses(clauses, false);
	cs->scan.scanrelid = 0;
	cs->flags = best_path->flags;
	cs->custom_plans = NIL;
	cs->custom_exprs = list_make1(copyObject(rtf->funcexpr));
	cs->custom_private = NIL;
	cs->custom_scan_tlist = scan_tlist;
	cs->methods = &eval_scan_methods;
	return &cs->scan.plan;
}

/* ---- execution ----------------------------------------------------------- */

typedef struct EvalScanState
{
	CustomScanState css;
	ExprState **args;			/* the call's arguments */
	int			nargs;
	FmgrInfo	flinfo;			/* evaluate(), its cache in fn_extra */
	FunctionCallInfo fcinfo;
	CtEvalSlot req;				/* write the result into the scan slot */
	bool	   *needed;			/* per scan column: read by the plan */
	bool		done;			/* the one row of this (re)scan was returned */
} EvalScanState;

static void eval_begin(CustomScanState *node, EState *estate, int eflags);
static TupleTableSlot *eval_exec(CustomScanState *node);
static void eval_end(CustomScanState *node);
static void eval_rescan(CustomScanState *node);

static const CustomExecMethods eval_exec_methods = {
	.CustomName = CT_SCAN_NAME,
	.BeginCustomScan = eval_begin,
	.ExecCustomScan = eval_exec,
	.EndCustomScan = eval_end,
	.ReScanCustomScan = eval_rescan,
	.ExplainCustomScan = ct_scan_explain,
};

static Node *
create_eval_state(CustomScan *cscan)
{
	EvalScanState *s = (EvalScanState *) newNode(sizeof(EvalScanState), T_CustomScanState);

	s->css.methods = &eval_exec_methods;
	return (Node *) s;
}

/*
 * The call of a custom scan of either form: the executor's own checks
 * (ExecInitFunc: EXECUTE permission, the function-execute hook), the
 * argument expressions (all but argument skip, -1: none), and the call info
 * with req as its context; and the columns of the scan tuple that the
 * target list and the filter read.
 */
ExprState **
ct_scan_call_init(PlanState *ps, FuncExpr *fe, int skip, FmgrInfo *flinfo,
		  FunctionCallInfo *fcinfo, CtEvalSlot *req)
{
	int			nargs = list_length(fe->args);
	ExprState **args = palloc0(sizeof(ExprState *) * Max(nargs, 1));
	AclResult	aclresult;
	ListCell   *lc;
	int			i = 0;

	aclresult = pg_proc_aclcheck(fe->funcid, GetUserId(), ACL_EXECUTE);
	if (aclresult != ACLCHECK_OK)
		aclcheck_error(aclresult, OBJECT_FUNCTION, get_func_name(fe->funcid));
	InvokeFunctionExecuteHook(fe->funcid);
	foreach(lc, fe->args)
	{
		if (i != skip)
			args[i] = ExecInitExpr(lfirst(lc), ps);
		i++;
	}
	fmgr_info(fe->funcid, flinfo);
	fmgr_info_set_expr((Node *) fe, flinfo);
	*fcinfo = palloc0(SizeForFunctionCallInfo(nargs));
	InitFunctionCallInfoData(**fcinfo, flinfo, nargs, fe->inputcollid, (Node *) req, NULL);
	req->hdr.type = T_ExtensibleNode;
	req->hdr.extnodename = ct_eval_slot_tag;
	return args;
}

Bitmapset *
ct_scan_columns_read(CustomScan *cs)
{
	Bitmapset  *used = NULL;

	pull_varattnos((Node *) cs->scan.plan.targetlist, INDEX_VAR, &used);
	pull_varattnos((Node *) cs->scan.plan.qual, INDEX_VAR, &used);
	return used;
}

/*
 * The call is made here rather than through the expression machinery so
 * that evaluate() can write its columns into the scan slot (ct_eval_pg.h)
 * and skip the ones the plan does not read; the checks are the executor's
 * own (ExecInitFunc): EXECUTE permission, the function-execute hook.
 */
static void
eval_begin(CustomScanState *node, EState *estate, int eflags)
{
	EvalScanState *s = (EvalScanState *) node;
	CustomScan *cs = (CustomScan *) node->ss.ps.plan;
	FuncExpr   *fe = linitial_node(FuncExpr, cs->custom_exprs);
	TupleDesc	desc = node->ss.ss_ScanTupleSlot->tts_tupleDescriptor;
	Bitmapset  *used = ct_scan_columns_read(cs);

	s->nargs = list_length(fe->args);
	s->args = ct_scan_call_init(&node->ss.ps, fe, -1, &s->flinfo, &s->fcinfo, &s->req);
	s->needed = palloc0(sizeof(bool) * Max(desc->natts, 1));
	for (int a = 0; a < desc->natts; a++)
		s->needed[a] = bms_is_member(a + 1 - FirstLowInvalidHeapAttributeNumber, used);
	s->req.values = node->ss.ss_ScanTupleSlot->tts_values;
	s->req.isnull = node->ss.ss_ScanTupleSlot->tts_isnull;
	s->req.needed = s->needed;
	s->req.natts = desc->natts;
	s->done = false;
}

/*
 * The one row of a (re)scan: evaluate() writes it into the virtual scan
 * slot; all NULLs for a NULL argument of the strict function, as the
 * Function Scan returns.  Evaluated in the per-tuple memory, which ExecScan
 * resets before the next call.
 */
static TupleTableSlot *
eval_next(ScanState *ss)
{
	EvalScanState *s = (EvalScanState *) ss;
	TupleTableSlot *slot = ss->ss_ScanTupleSlot;
	ExprContext *econtext = ss->ps.ps_ExprContext;
	TupleDesc	desc = slot->tts_tupleDescriptor;
	FunctionCallInfo fcinfo = s->fcinfo;
	MemoryContext old;
	bool		anynull = false;
	Datum		d;

	ExecClearTuple(slot);
	if (s->done)
		return slot;
	s->done = true;
	old = MemoryContextSwitchTo(econtext->ecxt_per_tuple_memory);
	for (int i = 0; i < s->nargs; i++)
	{
		fcinfo->args[i].value = ExecEvalExpr(s->args[i], econtext, &fcinfo->args[i].isnull);
		anynull |= fcinfo->args[i].isnull;
	}
	if (anynull && s->flinfo.fn_strict)
	{
		memset(slot->tts_isnull, true, desc->natts * sizeof(bool));
		MemoryContextSwitchTo(old);
		return ExecStoreVirtualTuple(slot);
	}
	/* evaluate() writes only the columns the query reads (ct_eval_pg.h) */
	memset(slot->tts_isnull, true, desc->natts * sizeof(bool));
	s->req.filled = false;
	fcinfo->isnull = false;
	d = FunctionCallInvoke(fcinfo);
	if (!s->req.filled)
	{
		/* a composite result after all (or NULL): deform it */
		if (fcinfo->isnull)
			memset(slot->tts_isnull, true, desc->natts * sizeof(bool));
		else
		{
			HeapTupleHeader td = DatumGetHeapTupleHeader(d);
			HeapTupleData tup;

			tup.t_len = HeapTupleHeaderGetDatumLength(td);
			ItemPointerSetInvalid(&tup.t_self);
			tup.t_tableOid = InvalidOid;
			tup.t_data = td;
			if (HeapTupleHeaderGetNatts(td) > desc->natts)
				ereport(ERROR,
						(errcode(ERRCODE_DATATYPE_MISMATCH),
						 errmsg("function result has %d columns, expected %d",
								HeapTupleHeaderGetNatts(td), desc->natts)));
			heap_deform_tuple(&tup, desc, slot->tts_values, slot->tts_isnull);
		}
	}
	MemoryContextSwitchTo(old);
	return ExecStoreVirtualTuple(slot);
}

/* Under EvalPlanQual the row is computed again (its inputs are the same). */
static bool
eval_recheck(ScanState *ss, TupleTableSlot *slot)
{
	EvalScanState *s = (EvalScanState *) ss;

	s->done = false;
	return !TupIsNull(eval_next(ss));
}

static TupleTableSlot *
eval_exec(CustomScanState *node)
{
	return ExecScan(&node->ss, eval_next, eval_recheck);
}

static void
eval_end(CustomScanState *node)
{
	ExecClearTuple(node->ss.ss_ScanTupleSlot);
	if (node->ss.ps.ps_ResultTupleSlot)
		ExecClearTuple(node->ss.ps.ps_ResultTupleSlot);
}

static void
eval_rescan(CustomScanState *node)
{
	((EvalScanState *) node)->done = false;
	ExecScanReScan(&node->ss);
}

void
ct_scan_explain(CustomScanState *node, List *ancestors, ExplainState *es)
{
	CustomScan *cs = (CustomScan *) node->ss.ps.plan;
	List	   *ctx = set_deparse_context_plan(es->deparse_cxt, &cs->scan.plan, ancestors);

	ExplainPropertyText("Function Call",
						deparse_expression(linitial(cs->custom_exprs), ctx, es->verbose, false),
						es);
}

/* ---- support function and initialisation -------------------------------- */

/*
 * The support function of evaluate(): it answers no request, but the
 * planner calls it while it plans a query with evaluate(), which loads this
 * library (and installs the hooks) before the first such plan of a session.
 */
Datum
ct_evaluate_support(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(NULL);
}

void
ct_scan_init(void)
{
	DefineCustomBoolVariable("complaint_tier.custom_scan",
							 "Evaluate calls in FROM with a custom scan instead of a Function Scan.",
							 "The custom scan calls evaluate() once per outer row without the Function Scan's tuplestore (doc/evaluate_scan.md); off plans the Function Scan.",
							 &ct_custom_scan_enabled,
							 true,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);
	RegisterCustomScanMethods(&eval_scan_methods);
	CacheRegisterSyscacheCallback(PROCOID, eval_oids_inval, (Datum) 0);
	prev_set_rel_pathlist = set_rel_pathlist_hook;
	set_rel_pathlist_hook = eval_set_rel_pathlist;
	ct_scanjoin_init();
}
