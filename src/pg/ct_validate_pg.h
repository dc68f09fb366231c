/*
 * ct_validate_pg.h
 *		What validate() and suggest_rules() share: the outcome column (a
 *		boolean or 0/1 column named by the caller or by the model), its
 *		values, and a relation's name for generated SQL.
 */
#ifndef CT_VALIDATE_PG_H
#define CT_VALIDATE_PG_H

#include "postgres.h"

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
 * what names the argument in messages ("outcome").
 */
extern Oid	ct_outcome_type(Oid relid, const char *name);

/* A non-NULL outcome value as 0 or 1; 22023 for any other value. */
extern int	ct_outcome_value(Datum d, Oid basetype, const char *name);

/* The schema-qualified, quoted name of a relation (42P01 if it is gone). */
extern char *ct_relation_sql_name(Oid relid);

/* An argument that must not be NULL (22004). */
extern void ct_arg_not_null(FunctionCallInfo fcinfo, int argno,
							const char *argname);

#endif							/* CT_VALIDATE_PG_H */
