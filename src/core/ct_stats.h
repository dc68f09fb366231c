/*
 * ct_stats.h
 *		One-pass, mergeable descriptive statistics of k indicator columns:
 *		the engine-free core of the indicator_stats type and aggregates.
 *
 * A state is a flat block of doubles (layout below) for k columns.  Per
 * column it keeps count, NULL count, min, max, mean and M2 (Welford) over the
 * column's non-NULL values; over "complete rows" (rows with no NULL element)
 * it keeps the means and the upper triangle of the co-moment matrix
 * C_jl = sum (x_j - mean_j)(x_l - mean_l), diagonal included.  Two states
 * merge with the pairwise update of Chan, Golub and LeVeque (1979).
 *
 * The per-row update allocates nothing and reads no catalog: it is called
 * once per input row.
 */
#ifndef CT_STATS_H
#define CT_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"
#include "ct_statetext.h"

#define CT_STATS_VERSION	1		/* text and binary format version */
#define CT_STATS_MAX_COLS	256		/* documented column limit (54000 above) */

/*
 * Layout of the block (all doubles):
 *	[0] rows       rows seen (non-NULL arrays)
 *	[1] complete   rows with no NULL element
 *	then k each: count, nulls, min, max, mean, m2, cmean
 *	then k(k+1)/2: co-moments over complete rows, upper triangle row-major
 *	(j <= l: index j*k - j*(j-1)/2 + (l - j)).
 * A column with count 0 has min = max = mean = m2 = 0; with complete 0 the
 * complete-row means and co-moments are 0.
 */
typedef struct ct_stats
{
	int			k;
	double	   *rows;
	double	   *complete;
	double	   *count;
	double	   *nulls;
	double	   *min;
	double	   *max;
	double	   *mean;
	double	   *m2;
	double	   *cmean;
	double	   *cm;
} ct_stats;

/* Number of doubles in the block of a k-column state. */
static inline size_t
ct_stats_ndoubles(int k)
{
	return 2 + 7 * (size_t) k + (size_t) k * (k + 1) / 2;
}

/* Index of co-moment (j, l), j <= l, in the cm triangle. */
static inline size_t
ct_stats_tri(int k, int j, int l)
{
	return (size_t) j * k - (size_t) j * (j - 1) / 2 + (size_t) (l - j);
}

/* Point a view at a block of ct_stats_ndoubles(k) doubles. */
extern void ct_stats_view(ct_stats *s, double *block, int k);

/* Zero a block (an empty state of k columns). */
extern void ct_stats_init(double *block, int k);

/*
 * Add one row of k values.  present is a NULL-bitmap in PostgreSQL's array
 * layout (bit i, LSB first in byte i/8, set when element i is not NULL) or
 * NULL when every element is present; x holds only the present values, in
 * order.  Non-finite values fail with CT_EINVAL (element number in the
 * detail) before anything is changed.
 */
extern ct_code ct_stats_add_row(ct_stats *s, const double *x,
								const uint8_t *present, ct_error *e);

/* Merge b into a (same k; the caller checks). */
extern void ct_stats_merge(ct_stats *a, const ct_stats *b);

/*
 * Check that a block is a consistent state: finite values, integral counts,
 * count + nulls = rows, complete <= count, min <= max, M2 >= 0, zeros where
 * there is no data.  CT_ERANGE when a moment overflowed to Infinity,
 * CT_EFORMAT for any other inconsistency.
 */
extern ct_code ct_stats_validate(const ct_stats *s, ct_error *e);

/*
 * Text format, version 1:
 *	v1;k=2;rows=5;complete=4;count=5,4;nulls=0,1;min=..;max=..;mean=..;
 *	m2=..;cmean=..;cm=..
 * with every float written in the shortest of %.15g/%.16g/%.17g that reads
 * back to the same bits.  ct_stats_format writes at most buflen bytes
 * (NUL included) and returns the length the full text needs, as snprintf.
 */
extern size_t ct_stats_format(const ct_stats *s, char *buf, size_t buflen);

/* Read the version and k of a text state (the header "v1;k=N;"). */
extern ct_code ct_stats_parse_header(const char *text, int *k, ct_error *e);

/*
 * Parse a complete text state into a block sized for the k that
 * ct_stats_parse_header returned, then validate it.  Errors carry the
 * 1-based character position.
 */
extern ct_code ct_stats_parse(const char *text, ct_stats *s, ct_error *e);

/*
 * Derived results.  Columns with zero variance (or fewer than two values)
 * are "constant": their correlations are undefined.
 */

/* Sample standard deviation of column j (sqrt(M2/(count-1))); 0 below 2. */
extern double ct_stats_stddev(const ct_stats *s, int j);

/*
 * k x k Pearson correlation over complete rows, row-major, into r; defined[]
 * (k x k) is 0 where either column has zero complete-row variance.  The
 * diagonal is 1 for defined columns.  Values are clamped to [-1, 1].
 * Needs complete >= 2 (returns CT_EINVAL otherwise).
 */
extern ct_code ct_stats_correlation(const ct_stats *s, double *r,
									unsigned char *defined, ct_error *e);

/* k x k sample covariance over complete rows, C/(complete-1); needs 2 rows. */
extern ct_code ct_stats_covariance(const ct_stats *s, double *cov,
								   ct_error *e);

#endif							/* CT_STATS_H */
