/*
 * ct_sketch.h
 *		A mergeable quantile sketch with a deterministic, tracked rank-error
 *		bound (the quantile_sketch type; doc/sketch.md).
 *
 * Each of k columns keeps a stack of compactors (Manku, Rajagopalan and
 * Lindsay 1998; Agarwal et al. 2012, "Mergeable summaries"): level h holds
 * values of weight 2^h.  When a level holds CT_SKETCH_T values or more it
 * is sorted and its values (all but the largest when their count is odd)
 * are halved: every other one, starting alternately at the first and the
 * second, moves to level h + 1 with twice the weight.  One such compaction
 * changes the estimated rank of any value by at most 2^h, so the sketch
 * keeps err, the sum of 2^h over its compactions (merges add them): for
 * every x, the estimated number of values < x (and <= x) is within err of
 * the true one.  A compaction at level h consumes at least CT_SKETCH_T - 1
 * values of weight 2^h, so err <= n H / (CT_SKETCH_T - 1) with H the number
 * of levels that compacted, H <= floor(log2(n / (CT_SKETCH_T - 1))) + 1:
 * 0.037 % of n at one million values, 0.061 % at ten million.  Below
 * CT_SKETCH_T values a column is exact (err = 0) and its quantiles equal
 * percentile_cont.  The same values added in the same order, and the same
 * merges, give the same sketch (no randomness); count, min and max are
 * always exact.
 *
 * Memory is obtained through the allocator given to ct_sketch_init (the
 * aggregate context in PostgreSQL, malloc in the unit tests).
 */
#ifndef CT_SKETCH_H
#define CT_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"

#define CT_SKETCH_T				16384	/* values a level holds before it compacts */
#define CT_SKETCH_MAX_LEVELS	48
#define CT_SKETCH_MAX_COLS		64
#define CT_SKETCH_VERSION		1

typedef void *(*ct_sketch_alloc_fn) (size_t size, void *ctx);
typedef void (*ct_sketch_free_fn) (void *p, void *ctx);

typedef struct ct_sketch_col
{
	uint64_t	n;				/* values added */
	double		min;
	double		max;
	uint64_t	err;			/* rank-error bound: sum of 2^h over compactions */
	int			nlevels;
	uint32_t	len[CT_SKETCH_MAX_LEVELS];
	uint32_t	cap[CT_SKETCH_MAX_LEVELS];
	uint8_t		parity[CT_SKETCH_MAX_LEVELS];
	double	   *items[CT_SKETCH_MAX_LEVELS];
} ct_sketch_col;

typedef struct ct_sketch
{
	int			k;
	ct_sketch_col *cols;
	ct_sketch_alloc_fn alloc;	/* NULL result: out of memory */
	ct_sketch_free_fn release;	/* may be NULL (memory contexts) */
	void	   *ctx;
	double	   *scratch;		/* sort scratch (ct_sort_doubles), grown once */
	size_t		scratch_cap;
} ct_sketch;

/* An empty sketch of k columns (1..CT_SKETCH_MAX_COLS). */
extern ct_code ct_sketch_init(ct_sketch *s, int k, ct_sketch_alloc_fn alloc,
							  ct_sketch_free_fn release, void *ctx,
							  ct_error *e);
extern void ct_sketch_free(ct_sketch *s);

/* Add one value to column c; NaN and +-Infinity are refused (CT_EINVAL). */
extern ct_code ct_sketch_add(ct_sketch *s, int c, double x, ct_error *e);

/*
 * Add a row of k values; nulls is a PostgreSQL-style null bitmap (bit set =
 * not NULL) or NULL for none; NULL elements are skipped.
 */
extern ct_code ct_sketch_add_row(ct_sketch *s, const double *v,
								 const uint8_t *nulls, ct_error *e);

/* dst := dst merged with src (same k, else CT_ESHAPE). */
extern ct_code ct_sketch_merge(ct_sketch *dst, const ct_sketch *src,
							   ct_error *e);

/* ---- queries ---- */

/*
 * The values of a column with their weights, sorted ascending: vals and
 * cum (cum[i] = total weight of vals[0..i]) hold ct_sketch_nitems values.
 */
typedef struct ct_sketch_sorted
{
	uint64_t	n;
	double		min;
	double		max;
	size_t		m;
	double	   *vals;
	uint64_t   *cum;
	/*
	 * optional (ct_sketch_set_index): for each of CT_SKETCH_BUCKETS equal
	 * buckets of [vals[0], vals[m-1]], the first value in it or above
	 * (bstart, CT_SKETCH_BUCKETS + 2 entries), so that a rank searches one
	 * bucket's values instead of all of them
	 */
	const uint32_t *bstart;
	double		blo;
	double		bscale;
} ct_sketch_sorted;

#define CT_SKETCH_BUCKETS 4096

extern size_t ct_sketch_nitems(const ct_sketch *s, int c);

/* Fill vals / cum (caller-allocated, ct_sketch_nitems each) of column c. */
extern void ct_sketch_sort(const ct_sketch *s, int c, double *vals,
						   uint64_t *cum, ct_sketch_sorted *out);

/*
 * The f-quantile (0 <= f <= 1) with percentile_cont's interpolation over
 * the values repeated by their weights, clamped to [min, max]; 0 and 1 give
 * min and max.  n must be > 0.
 */
extern double ct_sketch_quantile(const ct_sketch_sorted *q, double f);

/* The f-quantile as percentile_disc: the value at row ceil(f n). */
extern double ct_sketch_quantile_disc(const ct_sketch_sorted *q, double f);

/* Estimated number of values < x and <= x. */
extern void ct_sketch_rank(const ct_sketch_sorted *q, double x,
						   uint64_t *less, uint64_t *le);

/*
 * Attach a bucket index to a sorted column: start (CT_SKETCH_BUCKETS + 2
 * entries, the caller's, living as long as q) is filled, unless the column
 * has fewer than 2 distinct values, a range that does not scale, or more
 * than UINT32_MAX values (then q keeps no index).  ct_sketch_rank gives the
 * same results with it and without it.
 */
extern void ct_sketch_set_index(ct_sketch_sorted *q, uint32_t *start);

/* ---- text and binary forms ---- */

/* The text form "v1;k=..;n=..;..."; returns the length (as snprintf). */
extern size_t ct_sketch_format(const ct_sketch *s, char *buf, size_t cap);

/* The k of a text form (its header), then parse it into an empty sketch. */
extern ct_code ct_sketch_parse_header(const char *text, int *k, ct_error *e);
extern ct_code ct_sketch_parse(const char *text, ct_sketch *s, ct_error *e);

extern size_t ct_sketch_send_size(const ct_sketch *s);
extern void ct_sketch_send(const ct_sketch *s, uint8_t *out);
extern ct_code ct_sketch_recv_k(const uint8_t *buf, size_t len, int *k,
								ct_error *e);
extern ct_code ct_sketch_recv(const uint8_t *buf, size_t len, ct_sketch *s,
							  ct_error *e);

/* Room for need values at level h of column c (for the decoders). */
extern ct_code ct_sketch_reserve(ct_sketch *s, int c, int h, uint32_t need,
								 ct_error *e);

/*
 * Sort n values of a level of s in place: ascending, equal values (-0.0 and
 * +0.0) in their input order, as a stable sort by "<" (ct_sort.h).  The
 * sketch's scratch buffer is allocated on first use and kept.  Readers of a
 * const sketch (ct_sketch_sort, the encoders) sort its levels in place too:
 * the order within a level carries no meaning.  Should the scratch not be
 * allocated (only a malloc that fails can return NULL), qsort sorts instead.
 */
extern void ct_sketch_sort_level(const ct_sketch *s, double *v, uint32_t n);

/* qsort comparator of doubles (ascending) */
extern int	ct_sketch_cmp_double(const void *a, const void *b);

/* Consistency of a decoded sketch (CT_EFORMAT with a detail). */
extern ct_code ct_sketch_validate(const ct_sketch *s, ct_error *e);

#endif							/* CT_SKETCH_H */
