/*
 * ct_govern_pg.h
 *		Who may do what with a model (doc/governance.md): the three levels
 *		complaint_tier_use, complaint_tier_model and complaint_tier_govern,
 *		and the one narrow path by which the extension reads and writes the
 *		fitted versions on the caller's behalf, as the owner of the catalogue.
 */
#ifndef CT_GOVERN_PG_H
#define CT_GOVERN_PG_H

#include "postgres.h"

/*
 * Whether a role has the privileges of complaint_tier_<level> ("use",
 * "model" or "govern"); superusers have every level.
 */
extern bool ct_has_level(Oid role, const char *level);

/*
 * ERROR 42501 unless the current user has the level; action completes
 * "permission denied to ...".
 */
extern void ct_require_level(const char *level, const char *action);

/*
 * Run catalogue statements as the owner of complaint_tier.model_version,
 * with search_path pinned to pg_catalog, pg_temp and in a security-restricted
 * operation, then switch back.  Only fixed, schema-qualified statements run
 * in between, never anything the caller wrote.  An error restores the
 * caller's identity and settings through the transaction's abort.
 */
typedef struct CtOwnerScope
{
	Oid			saved_user;
	int			saved_sec;
	int			guc_level;
} CtOwnerScope;

extern void ct_owner_begin(CtOwnerScope *s);
extern void ct_owner_end(CtOwnerScope *s);

#endif							/* CT_GOVERN_PG_H */
