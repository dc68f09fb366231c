/*
 * ct_scanjoin_pg.c
 *		The join form of the evaluate custom scan (doc/evaluate_scan.md, "The
 *		join form"): `FROM t c CROSS JOIN LATERAL evaluate(model, c) e` as one
 *		Custom Scan (ComplaintTierEvaluateJoin) over the table's own scan,
 *		evaluate() reading the row's columns from the scan's slot.  The
 *		overload table, the per-call scan and the shared call setup are in
 *		ct_scan_pg.c.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "executor/executor.h"
#include "executor/nodeCustom.h"
#include "funcapi.h"
#include "nodes/extensible.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/appendinfo.h"
#include "optimizer/cost.h"
#include "optimizer/optimizer.h"
#include "optimizer/pathnode.h"
#include "optimizer/paths.h"
#include "optimizer/restrictinfo.h"
#include "optimizer/tlist.h"
#include "parser/parsetree.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/typcache.h"

#include "ct_eval_pg.h"
#include "ct_scan_int.h"

/* ---- the join form: the outer table's scan and evaluate() in one node ---- */

/*
 * `FROM t c CROSS JOIN LATERAL evaluate(model, c) e` plans as a nested
 * loop whose outer side forms the whole-row record c for every row (the
 * nested loop's parameter), rescans the function's scan, and deforms the
 * record again inside evaluate().  The join form replaces that join by one
 * custom scan over the outer table's own scan: the child returns the
 * table's columns, and evaluate() reads them from the child's slot (no
 * record formed or deformed, no rescan); the node's scan tuple is the
 * table's columns, then the record (never computed: nothing above may read
 * it), then the evaluation's columns.  Taken only when that is exactly the
 * nested loop's meaning: an inner join, the function's only outer reference
 * the table's whole row, nothing above reading the whole row, no row marks.
 */

#define CT_JOIN_NAME "ComplaintTierEvaluateJoin"

static Plan *plan_join_path(PlannerInfo *root, RelOptInfo *rel,
							struct CustomPath *best_path, List *tlist,
							List *clauses, List *custom_plans);
static Node *create_join_state(CustomScan *cscan);

static const CustomPathMethods join_path_methods = {
	.CustomName = CT_JOIN_NAME,
	.PlanCustomPath = plan_join_path,
};

static const CustomScanMethods join_scan_methods = {
	.CustomName = CT_JOIN_NAME,
	.CreateCustomScanState = create_join_state,
};

static set_join_pathlist_hook_type prev_set_join_pathlist = NULL;

/*
 * Whether expr reads a column of relation rti numbered below lowest: 1 for
 * the whole row or a system column, 0 for a system column.
 */
static bool
reads_column_below(Node *expr, Index rti, int lowest)
{
	Bitmapset  *attrs = NULL;
	int			a = -1;

	pull_varattnos(expr, rti, &attrs);
	while ((a = bms_next_member(attrs, a)) >= 0)
		if (a + FirstLowInvalidHeapAttributeNumber < lowest)
			return true;
	return false;
}

/* Whether every expression of target is a Var of rti or of frti. */
static bool
only_vars_of(PathTarget *target, Index rti, Index frti)
{
	ListCell   *lc;

	foreach(lc, target->exprs)
	{
		Var		   *v = (Var *) lfirst(lc);

		if (!IsA(v, Var) || v->varlevelsup != 0 || (v->varno != rti && v->varno != frti))
			return false;
	}
	return true;
}

/*
 * Whether a path of the outer table reads the table itself, so that its
 * scan can return any column (not an index-only scan, not an Append of
 * partitions or a Gather, whose children return only the rel's target).
 */
static bool
reads_table(Path *p)
{
	switch (p->pathtype)
	{
		case T_SeqScan:
		case T_SampleScan:
		case T_IndexScan:
		case T_BitmapHeapScan:
		case T_TidScan:
		case T_TidRangeScan:
			return p->param_info == NULL;
		default:
			return false;
	}
}

/*
 * The target of the outer path under the join form: every attribute of the
 * table in order (a NULL for a dropped one), so that the child slot's
 * values are indexed like the table's row type.
 */
static PathTarget *
all_columns_target(PlannerInfo *root, RangeTblEntry *rte, Index rti)
{
	Relation	rel = table_open(rte->relid, NoLock);
	TupleDesc	desc = RelationGetDescr(rel);
	PathTarget *target = create_empty_pathtarget();

	for (int a = 0; a < desc->natts; a++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, a);

		if (att->attisdropped)
			add_column_to_pathtarget(target, (Expr *) makeNullConst(INT4OID, -1, InvalidOid), 0);
		else
			add_column_to_pathtarget(target, (Expr *) makeVar(rti, a + 1, att->atttypid,
															  att->atttypmod, att->attcollation, 0), 0);
	}
	table_close(rel, NoLock);
	return set_pathtarget_cost_width(root, target);
}

/*
 * The call the join form can take: an evaluate() call the per-call scan
 * takes (eval_call_of), or a call of one of fit's per-row helpers whose one
 * column is all that is read.
 */
static FuncExpr *
join_call_of(RelOptInfo *rel, RangeTblEntry *rte)
{
	RangeTblFunction *rtf;
	FuncExpr   *fe;
	int			k;
	ListCell   *lc;

	if (rte->rtekind != RTE_FUNCTION || rte->funcordinality || list_length(rte->functions) != 1)
		return NULL;
	rtf = linitial_node(RangeTblFunction, rte->functions);
	if (!IsA(rtf->funcexpr, FuncExpr))
		return NULL;
	fe = (FuncExpr *) rtf->funcexpr;
	k = ct_evaluate_overload(fe->funcid);
	if (k < 0 || fe->funcretset)
		return NULL;
	if (!ct_eval_scalar[k])
		return ct_eval_call_of(rel, rel->relid, rte);
	if (type_is_rowtype(fe->funcresulttype))
		return NULL;
	foreach(lc, rel->reltarget->exprs)
	{
		Var		   *v = (Var *) lfirst(lc);

		if (!IsA(v, Var) || v->varno != rel->relid || v->varattno != 1 || v->varlevelsup != 0)
			return NULL;
	}
	return fe;
}

/*
 * A path of the outer table that returns cols (every attribute of the
 * table in order), from one of its paths: a scan of the table itself, or
 * an Append of such scans of its partitions (or inheritance children),
 * each returning the parent's attributes in the parent's order; NULL when
 * p is neither.
 */
static Path *
outer_with_columns(PlannerInfo *root, RelOptInfo *outerrel, Path *p, PathTarget *cols)
{
	AppendPath *ap;
	AppendPath *copy;
	List	   *subpaths = NIL;
	ListCell   *lc;

	if (reads_table(p))
		return (Path *) create_projection_path(root, p->parent, p, cols);
	if (!IsA(p, AppendPath) || p->param_info != NULL)
		return NULL;
	ap = (AppendPath *) p;
	foreach(lc, ap->subpaths)
	{
		Path	   *sp = (Path *) lfirst(lc);
		PathTarget *childcols;

		if (!reads_table(sp) || sp->parent->reloptkind != RELOPT_OTHER_MEMBER_REL)
			return NULL;
		childcols = create_empty_pathtarget();
		childcols->exprs = (List *)
			adjust_appendrel_attrs_multilevel(root, (Node *) cols->exprs,
											  sp->parent->relids, outerrel->relids);
		set_pathtarget_cost_width(root, childcols);
		subpaths = lappend(subpaths, create_projection_path(root, sp->parent, sp, childcols));
	}
	copy = makeNode(AppendPath);
	memcpy(copy, ap, sizeof(AppendPath));
	copy->subpaths = subpaths;
	copy->path.pathtarget = cols;
	return (Path *) copy;
}

static CustomPath *
join_path(PlannerInfo *root, RelOptInfo *joinrel, Path *outer, Path *child,
		  Index trti, List *map, List *quals, Cost per_call, bool safe, bool partial)
{
	CustomPath *cp = makeNode(CustomPath);
	QualCost	qc;
	double		rows = partial ? outer->rows : joinrel->rows;

	cost_qual_eval(&qc, quals, root);
	if (partial && joinrel->rows > 0 && outer->parent->rows > 0)
		rows = clamp_row_est(outer->rows * joinrel->rows / outer->parent->rows);
	cp->path.pathtype = T_CustomScan;
	cp->path.parent = joinrel;
	cp->path.pathtarget = joinrel->reltarget;
	cp->path.param_info = NULL;
	cp->path.parallel_aware = false;
	cp->path.parallel_safe = child->parallel_safe && safe;
	cp->path.parallel_workers = partial ? outer->parallel_workers : 0;
	cp->path.rows = rows;
	cp->path.startup_cost = child->startup_cost + qc.startup;
	/*
	 * The outer rows, each with one call and the filters, and the output's
	 * expressions: the nested loop's cost without its own per-row charge
	 * (cpu_tuple_cost per joined row), which is the step this node saves.
	 */
	cp->path.total_cost = child->total_cost +
		child->rows * (per_call + qc.per_tuple) +
		joinrel->reltarget->cost.per_tuple * rows;
	/* the outer order is kept */
	cp->path.pathkeys = outer->pathkeys;
	cp->flags = CUSTOMPATH_SUPPORT_PROJECTION;
	cp->custom_paths = list_make1(child);
	cp->custom_private = list_make3(quals, makeInteger(trti), map);
	cp->methods = &join_path_methods;
	return cp;
}

static void
eval_set_join_pathlist(PlannerInfo *root, RelOptInfo *joinrel,
					   RelOptInfo *outerrel, RelOptInfo *innerrel,
					   JoinType jointype, JoinPathExtraData *extra)
{
	RangeTblEntry *frte;
	RangeTblEntry *trte;
	FuncExpr   *fe;
	Var		   *rec;
	int			k;
	List	   *quals;
	ListCell   *lc;
	PathTarget *cols;
	Cost		per_call;
	bool		safe;
	List	   *map = NIL;

	if (prev_set_join_pathlist)
		prev_set_join_pathlist(root, joinrel, outerrel, innerrel, jointype, extra);
	if (!ct_custom_scan_enabled || jointype != JOIN_INNER ||
		outerrel->reloptkind != RELOPT_BASEREL || innerrel->reloptkind != RELOPT_BASEREL ||
		root->rowMarks != NIL || root->parse->rowMarks != NIL ||
		!bms_is_empty(joinrel->lateral_relids) || !bms_is_empty(outerrel->lateral_relids) ||
		!bms_equal(innerrel->lateral_relids, outerrel->relids) ||
		innerrel->cheapest_total_path == NULL)
		return;
	frte = planner_rt_fetch(innerrel->relid, root);
	trte = planner_rt_fetch(outerrel->relid, root);
	if (trte->rtekind != RTE_RELATION || (fe = join_call_of(innerrel, frte)) == NULL)
		return;
	k = ct_eval_recarg[ct_evaluate_overload(fe->funcid)];
	if (k < 0)
		return;
	rec = (Var *) list_nth(fe->args, k);
	if (IsA(rec, RowExpr))
	{
		/*
		 * A view's row, after the planner pulled the view up: ROW() of the
		 * table's columns (a NULL for a dropped column of the view's type),
		 * in the view's order; evaluate() reads the fields by that order.
		 */
		RowExpr    *row = (RowExpr *) rec;
		TupleDesc	rdesc;
		int			n;

		if (row->row_typeid == RECORDOID)
			return;
		rdesc = lookup_rowtype_tupdesc(row->row_typeid, -1);
		n = rdesc->natts;
		ReleaseTupleDesc(rdesc);
		if (n == 0 || list_length(row->args) != n)
			return;
		foreach(lc, row->args)
		{
			Var		   *f = (Var *) lfirst(lc);

			if (IsA(f, Var) && f->varno == outerrel->relid && f->varattno > 0 &&
				f->varlevelsup == 0)
				map = lappend_int(map, f->varattno);
			else if (IsA(f, Const) && ((Const *) f)->constisnull)
				map = lappend_int(map, 0);
			else
				return;
		}
	}
	else if (!IsA(rec, Var) || rec->varno != outerrel->relid || rec->varattno != 0 ||
			 rec->varlevelsup != 0 || rec->vartype != get_rel_type_id(trte->relid))
		return;
	/* no other use of the whole row: not in another argument, not above */
	foreach(lc, fe->args)
		if (lfirst(lc) != (void *) rec && reads_column_below(lfirst(lc), outerrel->relid, 1))
			return;
	/*
	 * Above the join: plain columns of the table and of the result; the
	 * table's whole row too when the call's argument is that row (the node
	 * then forms it for the rows it returns), never a system column.
	 */
	if (!only_vars_of(outerrel->reltarget, outerrel->relid, 0) ||
		!only_vars_of(joinrel->reltarget, outerrel->relid, innerrel->relid) ||
		reads_column_below((Node *) joinrel->reltarget->exprs, outerrel->relid, 0) ||
		(!IsA(rec, Var) && reads_column_below((Node *) joinrel->reltarget->exprs, outerrel->relid, 1)))
		return;
	/* the join clauses and the function's own filters, applied by the node */
	quals = list_concat(list_copy(extra->restrictlist), innerrel->baserestrictinfo);
	foreach(lc, quals)
	{
		RestrictInfo *ri = lfirst_node(RestrictInfo, lc);

		if (reads_column_below((Node *) ri->clause, outerrel->relid, 1) ||
			reads_column_below((Node *) ri->clause, innerrel->relid, 1) ||
			contain_volatile_functions((Node *) ri->clause))
			return;
	}
	per_call = innerrel->cheapest_total_path->total_cost;
	safe = joinrel->consider_parallel && innerrel->consider_parallel;
	cols = all_columns_target(root, trte, outerrel->relid);
	/* a path over each of the outer's paths, then over its partial paths */
	for (int partial = 0; partial <= (safe ? 1 : 0); partial++)
		foreach(lc, partial ? outerrel->partial_pathlist : outerrel->pathlist)
		{
			Path	   *p = (Path *) lfirst(lc);
			Path	   *child = outer_with_columns(root, outerrel, p, cols);
			Path	   *jp;

			if (child == NULL)
				continue;
			jp = (Path *) join_path(root, joinrel, p, child, outerrel->relid,
									map, quals, per_call, safe, partial);
			if (partial)
				add_partial_path(joinrel, jp);
			else
				add_path(joinrel, jp);
		}
}

/*
 * The scan tuple: the table's attributes (a NULL for a dropped one), its
 * whole row (for EXPLAIN and the call's argument; never computed), then
 * the evaluation's columns as Vars of the function's relation.
 */
static Plan *
plan_join_path(PlannerInfo *root, RelOptInfo *rel, struct CustomPath *best_path,
			   List *tlist, List *clauses, List *custom_plans)
{
	Index		trti = intVal(lsecond(best_path->custom_private));
	Index		frti = -1;
	RangeTblEntry *trte = planner_rt_fetch(trti, root);
	RangeTblEntry *frte;
	RangeTblFunction *rtf;
	CustomScan *cs = makeNode(CustomScan);
	List	   *scan_tlist = NIL;
	TupleDesc	desc;
	Relation	trel;
	int			natts;

	frti = bms_singleton_member(bms_del_member(bms_copy(rel->relids), trti));
	frte = planner_rt_fetch(frti, root);
	rtf = linitial_node(RangeTblFunction, frte->functions);

	trel = table_open(trte->relid, NoLock);
	desc = RelationGetDescr(trel);
	natts = desc->natts;
	for (int a = 0; a < natts; a++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, a);
		Expr	   *e = att->attisdropped ? (Expr *) makeNullConst(INT4OID, -1, InvalidOid) :
			(Expr *) makeVar(trti, a + 1, att->atttypid, att->atttypmod, att->attcollation, 0);

		scan_tlist = lappend(scan_tlist, makeTargetEntry(e, a + 1, NULL, false));
	}
	/* the call's record argument: the table's whole row, or a view's ROW() */
	scan_tlist = lappend(scan_tlist,
						 makeTargetEntry((Expr *) copyObject(list_nth(((FuncExpr *) rtf->funcexpr)->args,
																	  ct_eval_recarg[ct_evaluate_overload(((FuncExpr *) rtf->funcexpr)->funcid)])),
										 natts + 1, NULL, false));
	table_close(trel, NoLock);
	if (!type_is_rowtype(exprType(rtf->funcexpr)))
		/* a scalar result: one column */
		scan_tlist = lappend(scan_tlist,
							 makeTargetEntry((Expr *) makeVar(frti, 1, exprType(rtf->funcexpr), -1,
															  exprCollation(rtf->funcexpr), 0),
											 natts + 2, NULL, false));
	else
	{
		desc = lookup_rowtype_tupdesc(exprType(rtf->funcexpr), -1);
		for (int a = 0; a < desc->natts; a++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, a);

			scan_tlist = lappend(scan_tlist,
								 makeTargetEntry((Expr *) makeVar(frti, a + 1, att->atttypid, att->atttypmod,
																  att->attcollation, 0),
												 natts + 2 + a, pstrdup(NameStr(att->attname)), false));
		}
		ReleaseTupleDesc(desc);
	}

	cs->scan.plan.targetlist = tlist;
	cs->scan.plan.qual = extract_actual_clauses(linitial(best_path->custom_private), false);
	cs->scan.scanrelid = 0;
	cs->flags = best_path->flags;
	cs->custom_plans = custom_plans;
	/* the call, and the number of the table's attributes */
	cs->custom_exprs = list_make1(copyObject(rtf->funcexpr));
	cs->custom_private = list_make2(makeInteger(natts), lthird(best_path->custom_private));
	cs->custom_scan_tlist = scan_tlist;
	cs->methods = &join_scan_methods;
	return &cs->scan.plan;
}

typedef struct JoinScanState
{
	CustomScanState css;
	ExprState **args;			/* the call's arguments (NULL: the record) */
	int			nargs;
	int			recarg;
	int			natts;			/* the table's attributes */
	FmgrInfo	flinfo;
	FunctionCallInfo fcinfo;
	CtEvalSlot req;
	bool	   *needed;			/* per evaluation column: read above */
	bool		scalar;			/* fit's helper: one column, the result */
	int		   *map;			/* a view's row: per field, the table's attribute (0: NULL) */
	int			nfields;
	Datum	   *fvalues;		/* the fields of this row */
	bool	   *fnulls;
	TupleDesc	rowdesc;		/* the record's row type, when it is read above */
} JoinScanState;

static void join_begin(CustomScanState *node, EState *estate, int eflags);
static TupleTableSlot *join_exec(CustomScanState *node);
static void join_end(CustomScanState *node);
static void join_rescan(CustomScanState *node);

static const CustomExecMethods join_exec_methods = {
	.CustomName = CT_JOIN_NAME,
	.BeginCustomScan = join_begin,
	.ExecCustomScan = join_exec,
	.EndCustomScan = join_end,
	.ReScanCustomScan = join_rescan,
	.ExplainCustomScan = ct_scan_explain,
};

static Node *
create_join_state(CustomScan *cscan)
{
	JoinScanState *s = (JoinScanState *) newNode(sizeof(JoinScanState), T_CustomScanState);

	s->css.methods = &join_exec_methods;
	return (Node *) s;
}

static void
join_begin(CustomScanState *node, EState *estate, int eflags)
{
	JoinScanState *s = (JoinScanState *) node;
	CustomScan *cs = (CustomScan *) node->ss.ps.plan;
	FuncExpr   *fe = linitial_node(FuncExpr, cs->custom_exprs);
	TupleDesc	desc = node->ss.ss_ScanTupleSlot->tts_tupleDescriptor;
	Bitmapset  *used = ct_scan_columns_read(cs);
	int			ov = ct_evaluate_overload(fe->funcid);
	Var		   *rec;

	node->custom_ps = list_make1(ExecInitNode(linitial(cs->custom_plans), estate, eflags));
	s->natts = intVal(linitial(cs->custom_private));
	s->recarg = ov >= 0 ? ct_eval_recarg[ov] : -1;
	s->scalar = ov >= 0 && ct_eval_scalar[ov];
	s->nargs = list_length(fe->args);
	if (s->recarg < 0 || s->recarg >= s->nargs ||
		desc->natts <= s->natts + 1)
		elog(ERROR, "evaluate join scan: unexpected call");
	rec = (Var *) list_nth(fe->args, s->recarg);
	if (!IsA(rec, Var) || rec->varno != INDEX_VAR || rec->varattno != s->natts + 1)
		elog(ERROR, "evaluate join scan: unexpected record argument");
	s->args = ct_scan_call_init(&node->ss.ps, fe, s->recarg, &s->flinfo, &s->fcinfo, &s->req);

	/* a view's row: the fields gathered from the table's columns per row */
	if (lsecond(cs->custom_private) != NIL)
	{
		List	   *map = (List *) lsecond(cs->custom_private);
		int			f = 0;
		ListCell   *lc;

		s->nfields = list_length(map);
		s->map = palloc(sizeof(int) * s->nfields);
		s->fvalues = palloc0(sizeof(Datum) * s->nfields);
		s->fnulls = palloc0(sizeof(bool) * s->nfields);
		foreach(lc, map)
		{
			s->map[f] = lfirst_int(lc);
			if (s->map[f] < 0 || s->map[f] > s->natts)
				elog(ERROR, "evaluate join scan: unexpected field");
			f++;
		}
	}
	/* the record itself, read above (a view's row in the target list) */
	if (bms_is_member(s->natts + 1 - FirstLowInvalidHeapAttributeNumber, used))
		s->rowdesc = BlessTupleDesc(lookup_rowtype_tupdesc_copy(rec->vartype, -1));
	s->needed = palloc0(sizeof(bool) * (desc->natts - s->natts - 1));
	for (int a = s->natts + 1; a < desc->natts; a++)
		s->needed[a - s->natts - 1] =
			bms_is_member(a + 1 - FirstLowInvalidHeapAttributeNumber, used);

	if (s->scalar)
	{
		/* the function returns its value; only its input is columns */
		s->req.in_typid = rec->vartype;
		s->req.in_values = s->map ? s->fvalues : node->ss.ss_ScanTupleSlot->tts_values;
		s->req.in_nulls = s->map ? s->fnulls : node->ss.ss_ScanTupleSlot->tts_isnull;
		return;
	}
	s->req.values = node->ss.ss_ScanTupleSlot->tts_values + s->natts + 1;
	s->req.isnull = node->ss.ss_ScanTupleSlot->tts_isnull + s->natts + 1;
	s->req.needed = s->needed;
	s->req.natts = desc->natts - s->natts - 1;
	s->req.in_typid = rec->vartype;
	s->req.in_values = s->map ? s->fvalues : node->ss.ss_ScanTupleSlot->tts_values;
	s->req.in_nulls = s->map ? s->fnulls : node->ss.ss_ScanTupleSlot->tts_isnull;
}

/*
 * One row: the child's next row with its evaluation.  The table's columns
 * are copied into the scan slot (pointers into the child's row, valid until
 * the child's next row), which is stored before the arguments are
 * evaluated (they may read those columns); evaluate() then writes its
 * columns into the same slot.
 */
static TupleTableSlot *
join_next(ScanState *ss)
{
	JoinScanState *s = (JoinScanState *) ss;
	TupleTableSlot *slot = ss->ss_ScanTupleSlot;
	ExprContext *econtext = ss->ps.ps_ExprContext;
	FunctionCallInfo fcinfo = s->fcinfo;
	TupleTableSlot *outer;
	int			nres = s->req.natts;
	MemoryContext old;
	bool		anynull = false;
	Datum		d;

	outer = ExecProcNode(linitial(s->css.custom_ps));
	ExecClearTuple(slot);
	if (TupIsNull(outer))
		return slot;
	slot_getsomeattrs(outer, s->natts);
	memcpy(slot->tts_values, outer->tts_values, s->natts * sizeof(Datum));
	memcpy(slot->tts_isnull, outer->tts_isnull, s->natts * sizeof(bool));
	slot->tts_values[s->natts] = (Datum) 0;
	slot->tts_isnull[s->natts] = true;
	memset(slot->tts_isnull + s->natts + 1, true, nres * sizeof(bool));
	for (int f = 0; f < s->nfields; f++)
	{
		int			a = s->map[f];

		s->fvalues[f] = a > 0 ? slot->tts_values[a - 1] : (Datum) 0;
		s->fnulls[f] = a > 0 ? slot->tts_isnull[a - 1] : true;
	}
	old = MemoryContextSwitchTo(econtext->ecxt_per_tuple_memory);
	if (s->rowdesc != NULL)
	{
		/* the record is read above: form it (only then) */
		HeapTuple	t = heap_form_tuple(s->rowdesc, s->map ? s->fvalues : slot->tts_values,
										s->map ? s->fnulls : slot->tts_isnull);

		slot->tts_values[s->natts] = HeapTupleGetDatum(t);
		slot->tts_isnull[s->natts] = false;
	}
	ExecStoreVirtualTuple(slot);
	econtext->ecxt_scantuple = slot;
	for (int i = 0; i < s->nargs; i++)
	{
		if (i == s->recarg)
		{
			/* a table's row, never NULL: evaluate() reads in_values */
			fcinfo->args[i].value = (Datum) 0;
			fcinfo->args[i].isnull = false;
			continue;
		}
		fcinfo->args[i].value = ExecEvalExpr(s->args[i], econtext, &fcinfo->args[i].isnull);
		anynull |= fcinfo->args[i].isnull;
	}
	if (s->scalar)
	{
		if (!(anynull && s->flinfo.fn_strict))
		{
			fcinfo->isnull = false;
			slot->tts_values[s->natts + 1] = FunctionCallInvoke(fcinfo);
			slot->tts_isnull[s->natts + 1] = fcinfo->isnull;
		}
	}
	else if (!(anynull && s->flinfo.fn_strict))
	{
		s->req.filled = false;
		fcinfo->isnull = false;
		d = FunctionCallInvoke(fcinfo);
		if (!s->req.filled)
			elog(ERROR, "evaluate join scan: the function did not fill the row");
		(void) d;
	}
	MemoryContextSwitchTo(old);
	return slot;
}

/* No row marks reach this node (the planner does not take it then). */
static bool
join_recheck(ScanState *ss, TupleTableSlot *slot)
{
	return true;
}

static TupleTableSlot *
join_exec(CustomScanState *node)
{
	return ExecScan(&node->ss, join_next, join_recheck);
}

static void
join_end(CustomScanState *node)
{
	ExecEndNode(linitial(node->custom_ps));
	ExecClearTuple(node->ss.ss_ScanTupleSlot);
	if (node->ss.ps.ps_ResultTupleSlot)
		ExecClearTuple(node->ss.ps.ps_ResultTupleSlot);
}

static void
join_rescan(CustomScanState *node)
{
	PlanState  *child = linitial(node->custom_ps);

	if (node->ss.ps.chgParam != NULL)
		UpdateChangedParamSet(child, node->ss.ps.chgParam);
	if (child->chgParam == NULL)
		ExecReScan(child);
	ExecScanReScan(&node->ss);
}

void
ct_scanjoin_init(void)
{
	RegisterCustomScanMethods(&join_scan_methods);
	prev_set_join_pathlist = set_join_pathlist_hook;
	set_join_pathlist_hook = eval_set_join_pathlist;
}
