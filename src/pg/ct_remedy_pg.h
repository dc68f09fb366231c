/*
 * ct_remedy_pg.h
 *		Shared by the remedy glue files: the checked remedy_stats argument,
 *		the censoring warning of the aggregate, and the shrunken
 *		recommendation that evaluate() names in a reason.
 */
#ifndef CT_REMEDY_PG_H
#define CT_REMEDY_PG_H

#include "postgres.h"

#include "fmgr.h"

#include "ct_remedy.h"
#include "ct_remedy_shrink.h"

/* A remedy_stats argument, detoasted and checked (ct_remedy_pg.c). */
extern ct_remedy_state *ct_remedy_arg(FunctionCallInfo fcinfo, int argno);

/*
 * WARNING when every known outcome of a state is the same: acceptance
 * cannot rank remedies, and an outcome recorded only at closing may be
 * censored (ct_remedy_shrink_pg.c).
 */
extern void ct_remedy_warn_one_outcome(const ct_remedy_state *st);

/*
 * The reason suffix of evaluate() for the shrunken recommendation of
 * (seg, prob): "; recommended remedy '<r>' (shrunken acceptance 0.xxx
 * from k/n, level <pair|segment|all>)" or "; no remedy with a known
 * outcome".  scratch holds st->nentries entries.  Returns the length
 * written into buf (NUL-terminated), or -1 when it does not fit.
 */
extern int	ct_remedy_shrunk_reason(const ct_remedy_state *st,
									const char *seg, size_t sl,
									const char *prob, size_t pl,
									int64 min_cases, ct_remedy_ranked *scratch,
									char *buf, size_t size);

#endif							/* CT_REMEDY_PG_H */
