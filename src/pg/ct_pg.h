/*
 * ct_pg.h
 *		Shared helpers of the PostgreSQL glue: argument checkers, the mapping
 *		of core errors to ereport(), and result builders.
 *
 * Every user-facing function checks each argument once through one of these
 * checkers, so that NULL elements, NaN, Infinity, empty or mismatched arrays
 * and oversized inputs get the same message and SQLSTATE everywhere.
 */
#ifndef CT_PG_H
#define CT_PG_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"

#include "ct_error.h"

/* Raise the ereport() matching a core failure; never returns. */
extern void ct_report(const ct_error *e) pg_attribute_noreturn();

/*
 * Raise the error of a core decoder of a type's binary input: 22P03
 * invalid_binary_representation (54000 for a size limit); never returns.
 */
extern void ct_report_binary(const ct_error *e) pg_attribute_noreturn();

/* ereport unless rc is CT_OK. */
static inline void
ct_check(ct_code rc, const ct_error *e)
{
	if (rc != CT_OK)
		ct_report(e);
}

/* A finite float8 argument (not NaN, not +-Infinity). */
extern void ct_arg_finite(double x, const char *argname);

/*
 * A one-dimensional float8[] with no NULL element, no NaN or Infinity and
 * between 1 and max_n elements.  Returns a pointer into the array's data
 * (no copy) and its length in *n.
 */
extern double *ct_arg_vector(ArrayType *a, const char *argname, int max_n,
							 int *n);

/* As ct_arg_vector, but the length must equal n_expected. */
extern double *ct_arg_vector_n(ArrayType *a, const char *argname,
							   int n_expected, const char *other_argname);

/*
 * A two-dimensional float8[][] (rows x cols) with no NULL, NaN or Infinity,
 * each dimension at most max_dim.  Returns a row-major pointer into the
 * array's data.
 */
extern double *ct_arg_matrix(ArrayType *a, const char *argname, int max_dim,
							 int *rows, int *cols);

/*
 * A one-dimensional text[] with no NULL element and between 1 and max_n
 * elements, deconstructed into C strings (palloc'd, NUL-terminated) with
 * their byte lengths.
 */
extern char **ct_arg_text_vector(ArrayType *a, const char *argname, int max_n,
								 int *n, int **lens);

/* The text of a text argument as a pointer and length (no copy). */
extern const char *ct_arg_word(text *t, size_t *len);

/*
 * Catalogue reads through SPI: connect (failure is a can't-happen state),
 * and run a read-only SELECT with parameters, checking its result code.
 * Callers read SPI_tuptable / SPI_processed and call SPI_finish().
 */
extern void ct_spi_connect(void);
extern void ct_spi_select(const char *sql, int nargs, Oid *argtypes,
						  Datum *args, long limit);

/*
 * The rule-language type of a column type (its base type for a domain):
 * number for the integer, real and numeric types, string for text, varchar
 * and char, boolean; CT_RULE_NULLTYPE for any other type.
 */
extern int	ct_rule_type_of(Oid type);

/*
 * The first call of a set-returning function whose result is a row of natts
 * columns: the call context with its blessed tuple descriptor, and the
 * multi-call memory context made current (the previous one in *old).
 */
struct FuncCallContext;
extern struct FuncCallContext *ct_srf_first_call(FunctionCallInfo fcinfo, int natts,
												 const char *fname,
												 MemoryContext *old);

/*
 * Progress of a long aggregate scan (doc/sketch.md, "Progress"): called
 * with the rows this process has added, it raises at most one NOTICE per
 * 10 seconds naming the phase in complaint_tier.progress_phase, or
 * fallback (NULL: report only while a phase is set).  *last holds the
 * time of the start or of the last report; 0 starts the clock.
 */
#define CT_PROGRESS_EVERY	65536	/* rows between looks at the clock */
extern void ct_progress(int64 *last, int64 rows, const char *fallback);

/*
 * Rows counted by a transition function that reports only while fit names
 * a phase: ct_progress_row(ct_progress_fn(fcinfo)) keeps the count in
 * fn_extra (for a function that uses fn_extra for nothing else).
 */
typedef struct CtProgressTick
{
	int64		rows;
	int64		last;
} CtProgressTick;

extern CtProgressTick *ct_progress_fn(FunctionCallInfo fcinfo);

static inline void
ct_progress_row(CtProgressTick *t)
{
	if (++t->rows == 1 || t->rows % CT_PROGRESS_EVERY == 0)
		ct_progress(&t->last, t->rows, NULL);
}

/* Build float8[] and float8[][] results. */
extern ArrayType *ct_float8_array(const double *v, int n);
extern ArrayType *ct_float8_matrix(const double *v, int rows, int cols);

#endif							/* CT_PG_H */
