/*
 * ct_validate_pg.h
 *		What validate() and suggest_rules() share: the outcome column (a
 *		boolean or 0/1 column named by the caller or by the model), its
 *		values, and a relation's name for generated SQL.
 */
#ifndef CT_VALIDATE_PG_H
#define CT_VALIDATE_PG_H

#include "postgres.h"

#include "access/htup.h"
#include "access/tupdesc.h"
#include "fmgr.h"

/*
 * The outcome column: the argument, or the model's "outcome" when the
 * argument is NULL (22023 when the model names none).  Call connected to
 * SPI; the model must exist.
 */
extern char *ct_outcome_name(FunctionCallInfo fcinfo, int argno,
							 const char *model);

/*
 * The base type of column name of relation relid, which must be a boolean
 * or a number: 42703 when there is no such column, 42804 for another type.
 */
extern Oid	ct_outcome_type(Oid relid, const char *name);

/* A non-NULL outcome value as 0 or 1; 22023 for any other value. */
extern int	ct_outcome_value(Datum d, Oid basetype, const char *name);

/* The schema-qualified, quoted name of a relation (42P01 if it is gone). */
extern char *ct_relation_sql_name(Oid relid);

/*
 * Run a read-only query through an SPI cursor and call fn for each row whose
 * outcome (column outcome_col, 1-based, of relation relid's column outcome)
 * is known, with the outcome as 0 or 1, in batches whose memory is reset
 * after each (fn allocates what it keeps elsewhere).  Rows with a NULL
 * outcome are counted, named in a NOTICE from who (none when who is NULL),
 * and returned.
 */
typedef void (*ct_outcome_row_fn) (void *arg, HeapTuple t, TupleDesc d, int y);

extern int64 ct_scan_outcomes(const char *who, Oid relid, const char *sql,
							  int nargs, Oid *argtypes, Datum *args,
							  int outcome_col, const char *outcome,
							  ct_outcome_row_fn fn, void *arg);

/* An argument that must not be NULL (22004). */
extern void ct_arg_not_null(FunctionCallInfo fcinfo, int argno,
							const char *argname);

#endif							/* CT_VALIDATE_PG_H */
