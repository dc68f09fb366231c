/*
 * ct_catalog_pg.h
 *		Reads of the model catalogue through SPI, in one place: a model's
 *		version row, its switches, and its remedy_model row.  Callers
 *		connect SPI (ct_spi_connect) and finish it.
 */
#ifndef CT_CATALOG_PG_H
#define CT_CATALOG_PG_H

#include "postgres.h"

#include "access/htup.h"
#include "access/tupdesc.h"

#include "ct_remedy.h"

/*
 * The model_version row of a model (name for messages, model as text):
 * requested version, or the active one when requested is 0.  The tuple is
 * SPI's (valid until SPI_finish).  Returns the version.
 */
extern int32 ct_catalog_version(const char *name, text *model, int32 requested,
								HeapTuple *tuple, TupleDesc *desc);

/*
 * Version of model read as the catalogue's owner into SPI_tuptable (one
 * row): the whole model_version row, or (as_json) the row as one jsonb
 * keyed by column name; 42704 when it does not exist.
 */
extern void ct_catalog_version_row(const char *name, text *model, int32 version,
								   bool as_json);

/* Whether the model applies its demographic rules (false if no model). */
extern bool ct_catalog_demographic_rules(const char *model);

/*
 * The model's remedy_model row, if any: the stats copied into mcxt and
 * checked, the segment column, min_cases and whether the method is
 * shrinkage (else wilson).  NULL when none.
 */
extern ct_remedy_state *ct_catalog_remedy(const char *model, MemoryContext mcxt,
										  char **segment, int64 *min_cases,
										  bool *shrinkage);

#endif							/* CT_CATALOG_PG_H */
