/*
 * ct_scale_pg.h
 *		The model cache of a function's first argument for the functions
 *		that have a catalogue form and a by-value snapshot form
 *		(doc/scale-out.md): evaluate, explain, explain_json and
 *		explain_strategies.  Both forms then share one code path.
 */
#ifndef CT_SCALE_PG_H
#define CT_SCALE_PG_H

#include "postgres.h"

#include "fmgr.h"

#include "ct_model_pg.h"

/*
 * The cache for argument 0: a model name (the active version, read from
 * the catalogue once per query), or with snapshot a complaint_tier.
 * model_snapshot value (compiled from the value alone, reading no
 * catalogue; checked as evaluate(snapshot, customer) checks it).
 * with_rules compiles the strategy rules (the snapshot's, or those in
 * force) against the row.
 */
extern ModelCache *ct_model_cache_arg(FunctionCallInfo fcinfo, bool snapshot,
									  bool with_rules);

#endif							/* CT_SCALE_PG_H */
