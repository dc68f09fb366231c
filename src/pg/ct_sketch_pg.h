/*
 * ct_sketch_pg.h
 *		The working state of the quantile_sketch aggregates and the helpers
 *		shared by its two forms: the internal state of quantile_sketch()
 *		(ct_sketch_pg.c) and the expanded-object state of
 *		quantile_sketch_dist() (ct_sketch_ex_pg.c).
 */
#ifndef CT_SKETCH_PG_H
#define CT_SKETCH_PG_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"
#include "utils/timestamp.h"

#include "ct_sketch.h"

typedef struct QState
{
	ct_sketch	s;
	int64		rows;
	TimestampTz last;			/* start of the scan or the last report */
} QState;

/* An empty sketch of k columns whose memory is in mcxt. */
extern void ct_qsketch_init(ct_sketch *s, int k, MemoryContext mcxt);

/*
 * Decode a binary form (the payload of a stored value) into s, allocated in
 * mcxt; a corrupted form raises 22P03 when binary_input, else XX001.
 */
extern void ct_qsketch_decode(const uint8 *bytes, size_t len, ct_sketch *s,
							  MemoryContext mcxt, bool binary_input);

/* The aggregate context, or 0A000 when called outside an aggregate. */
extern MemoryContext ct_qsketch_agg_context(FunctionCallInfo fcinfo,
											const char *fn);

/* Add one row of st->s.k values (nulls: a null bitmap or NULL); progress. */
extern void ct_qsketch_add(QState *st, const double *v, const uint8 *nulls);

/* The column count of a row of quantile_sketch(float8[]), checked. */
extern int	ct_qsketch_row_k(ArrayType *a);

/* Add a row checked by ct_qsketch_row_k (its length must equal st->s.k). */
extern void ct_qsketch_add_array(QState *st, ArrayType *a);

/*
 * The average ranks (as _sketch_avg_ranks) of x[0..n-1] in the first n
 * columns of the quantile_sketch argument argno, decoded and sorted once
 * per call site when the argument is stable, kept in *slot.
 */
extern void ct_qsketch_avg_ranks(FunctionCallInfo fcinfo, int argno, void **slot,
								 const double *x, int n, double *out);

/*
 * A ranker of the quantile_sketch v (n <= its columns, else 2202E): decoded
 * once in the current memory context, each of its first n columns sorted
 * when first ranked; ct_qsketch_ranker_ranks gives the average ranks of
 * x[0..n-1] as ct_qsketch_avg_ranks does.
 */
extern void *ct_qsketch_ranker(bytea *v, int n);
extern void ct_qsketch_ranker_ranks(void *ranker, const double *x, int n, double *out);

#endif							/* CT_SKETCH_PG_H */
