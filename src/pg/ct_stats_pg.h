/*
 * ct_stats_pg.h
 *		The on-disk and in-memory layout of the indicator_stats type, shared
 *		by the fit-layer glue files.
 */
#ifndef CT_STATS_PG_H
#define CT_STATS_PG_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"

#include "ct_stats.h"

/*
 * A varlena: header, format version, column count, then the core's block of
 * ct_stats_ndoubles(k) doubles (see ct_stats.h).  The type has double
 * alignment, so the block is aligned once the datum is detoasted.
 */
typedef struct CtStatsData
{
	int32		vl_len_;
	int16		version;
	int16		k;
	double		data[FLEXIBLE_ARRAY_MEMBER];
} CtStatsData;

#define CT_STATS_SIZE(k) (offsetof(CtStatsData, data) + sizeof(double) * ct_stats_ndoubles(k))

/* An empty indicator_stats state of k columns, palloc'd. */
extern CtStatsData *ct_stats_new(int k);

/*
 * Detoast argument n and check its structure (version, k, size); with
 * validate, also check the values (ct_stats_validate).  Fills the view.
 */
extern CtStatsData *ct_stats_arg(FunctionCallInfo fcinfo, int n, bool validate,
								 ct_stats *view);

/*
 * The element count of one input row of a fit aggregate: a one-dimensional
 * array of min_len..limit elements (NULL elements allowed; the caller
 * decides what they mean).
 */
extern int	ct_fit_row_len(ArrayType *a, const char *argname, int min_len,
						   int limit);

/* NOTICE naming the indicators flagged in constant[] (1-based). */
extern void ct_stats_notice_constant(const unsigned char *constant, int k,
									 const char *what);

#endif							/* CT_STATS_PG_H */
