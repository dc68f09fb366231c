/*
 * ct_sketch.c
 *		The mergeable quantile sketch (ct_sketch.h, doc/sketch.md): adding,
 *		compacting, merging and querying.
 */
#include "ct_sketch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct_sort.h"

ct_code
ct_sketch_init(ct_sketch *s, int k, ct_sketch_alloc_fn alloc,
			   ct_sketch_free_fn release, void *ctx, ct_error *e)
{
	if (k < 1 || k > CT_SKETCH_MAX_COLS)
	{
		ct_fail(e, k < 1 ? CT_ESHAPE : CT_ELIMIT,
				"a quantile_sketch has 1 to %d columns", CT_SKETCH_MAX_COLS);
		ct_detail(e, "It would have %d.", k);
		return e->code;
	}
	s->k = k;
	s->alloc = alloc;
	s->release = release;
	s->ctx = ctx;
	s->scratch = NULL;
	s->scratch_cap = 0;
	s->cols = alloc(sizeof(ct_sketch_col) * (size_t) k, ctx);
	if (s->cols == NULL)
		return ct_fail(e, CT_ENOMEM, "out of memory");
	memset(s->cols, 0, sizeof(ct_sketch_col) * (size_t) k);
	return CT_OK;
}

void
ct_sketch_free(ct_sketch *s)
{
	if (s->release == NULL || s->cols == NULL)
		return;
	for (int c = 0; c < s->k; c++)
		for (int h = 0; h < CT_SKETCH_MAX_LEVELS; h++)
			if (s->cols[c].items[h] != NULL)
				s->release(s->cols[c].items[h], s->ctx);
	s->release(s->cols, s->ctx);
	s->cols = NULL;
	if (s->scratch != NULL)
		s->release(s->scratch, s->ctx);
	s->scratch = NULL;
	s->scratch_cap = 0;
}

/* room for need values at level h */
static ct_code
level_reserve(ct_sketch *s, ct_sketch_col *col, int h, uint32_t need,
			  ct_error *e)
{
	uint32_t	cap;
	double	   *p;

	if (col->cap[h] >= need)
		return CT_OK;
	cap = col->cap[h] == 0 ? 64 : col->cap[h];
	while (cap < need)
		cap *= 2;
	p = s->alloc(sizeof(double) * cap, s->ctx);
	if (p == NULL)
		return ct_fail(e, CT_ENOMEM, "out of memory");
	if (col->len[h] > 0)
		memcpy(p, col->items[h], sizeof(double) * col->len[h]);
	if (col->items[h] != NULL && s->release != NULL)
		s->release(col->items[h], s->ctx);
	col->items[h] = p;
	col->cap[h] = cap;
	return CT_OK;
}

ct_code
ct_sketch_reserve(ct_sketch *s, int c, int h, uint32_t need, ct_error *e)
{
	return level_reserve(s, &s->cols[c], h, need, e);
}

int
ct_sketch_cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

/*
 * Scratch of at least n doubles (a power of two from 64: as large as the
 * largest level sorted, so that the many small sketches of a GROUP BY stay
 * small); false when out of memory.  The scratch is a cache, not part of the
 * value, so readers of a const sketch may grow it (every sketch is a
 * modifiable object: ct_sketch_init fills it).
 */
static int
scratch_reserve(const ct_sketch *cs, size_t n)
{
	ct_sketch  *s = (ct_sketch *) cs;
	size_t		cap;
	double	   *p;

	if (s->scratch_cap >= n)
		return 1;
	cap = s->scratch_cap == 0 ? 64 : s->scratch_cap;
	while (cap < n)
		cap *= 2;
	p = s->alloc(sizeof(double) * cap, s->ctx);
	if (p == NULL)
		return 0;
	if (s->scratch != NULL && s->release != NULL)
		s->release(s->scratch, s->ctx);
	s->scratch = p;
	s->scratch_cap = cap;
	return 1;
}

void
ct_sketch_sort_level(const ct_sketch *s, double *v, uint32_t n)
{
	if (n < 2)
		return;
	if (scratch_reserve(s, n))
		ct_sort_doubles(v, n, s->scratch);
	else
		qsort(v, n, sizeof(double), ct_sketch_cmp_double);
}

/*
 * Compact every level from h up that holds CT_SKETCH_T values or more:
 * sort, keep the largest back when the count is odd, move every other value
 * of the rest (from the first or the second, alternately) one level up.
 */
static ct_code
compact_from(ct_sketch *s, ct_sketch_col *col, int h, ct_error *e)
{
	for (; h < CT_SKETCH_MAX_LEVELS && col->len[h] >= CT_SKETCH_T; h++)
	{
		uint32_t	m = col->len[h];
		uint32_t	even = m & ~1u;
		uint32_t	up = even / 2;
		double	   *v = col->items[h];
		ct_code		rc;

		if (h + 1 >= CT_SKETCH_MAX_LEVELS)
			return ct_fail(e, CT_ELIMIT, "quantile_sketch has too many levels");
		if (!scratch_reserve(s, m))
			return ct_fail(e, CT_ENOMEM, "out of memory");
		ct_sort_doubles(v, m, s->scratch);
		rc = level_reserve(s, col, h + 1, col->len[h + 1] + up, e);
		if (rc != CT_OK)
			return rc;
		v = col->items[h];
		for (uint32_t i = 0; i < up; i++)
			col->items[h + 1][col->len[h + 1] + i] = v[2 * i + col->parity[h]];
		col->len[h + 1] += up;
		if (m & 1)
			v[0] = v[m - 1];
		col->len[h] = m & 1;
		col->parity[h] ^= 1;
		col->err += (uint64_t) 1 << h;
		if (h + 2 > col->nlevels)
			col->nlevels = h + 2;
		CT_CHECK_INTERRUPTS();
	}
	return CT_OK;
}

/*
 * Append a finite x to column col (the per-value path of ct_sketch_add and
 * ct_sketch_add_row, inlined into both); compacts when level 0 is full.
 */
static inline ct_code
add_finite(ct_sketch *s, ct_sketch_col *col, double x, ct_error *e)
{
	if (x == 0)
		x = 0;					/* -0 and 0 are one value */
	if (col->len[0] >= col->cap[0])
	{
		ct_code		rc = level_reserve(s, col, 0, col->len[0] + 1, e);

		if (rc != CT_OK)
			return rc;
	}
	if (col->n == 0)
	{
		col->min = col->max = x;
		col->nlevels = 1;
	}
	else
	{
		if (x < col->min)
			col->min = x;
		if (x > col->max)
			col->max = x;
	}
	col->items[0][col->len[0]++] = x;
	col->n++;
	if (col->len[0] >= CT_SKETCH_T)
		return compact_from(s, col, 0, e);
	return CT_OK;
}

ct_code
ct_sketch_add(ct_sketch *s, int c, double x, ct_error *e)
{
	if (!isfinite(x))
	{
		ct_fail(e, CT_EINVAL, "quantile_sketch values must be finite numbers");
		ct_detail(e, "Element %d is %s.", c + 1, isnan(x) ? "NaN" : (x > 0 ? "Infinity" : "-Infinity"));
		ct_hint(e, "Replace NaN and Infinity by NULL (skipped).");
		return e->code;
	}
	return add_finite(s, &s->cols[c], x, e);
}

ct_code
ct_sketch_add_row(ct_sketch *s, const double *v, const uint8_t *nulls,
				  ct_error *e)
{
	int			j = 0;

	for (int c = 0; c < s->k; c++)
	{
		double		x;
		ct_code		rc;

		if (nulls != NULL && !(nulls[c / 8] & (1 << (c % 8))))
			continue;
		x = v[j++];
		if (!isfinite(x))
		{
			ct_sketch_add(s, c, x, e);
			e->detail[0] = '\0';
			ct_detail(e, "Element %d is %s.", c + 1, isnan(x) ? "NaN" : "infinite");
			return e->code;
		}
		rc = add_finite(s, &s->cols[c], x, e);
		if (rc != CT_OK)
			return rc;
	}
	return CT_OK;
}

ct_code
ct_sketch_merge(ct_sketch *dst, const ct_sketch *src, ct_error *e)
{
	if (dst->k != src->k)
	{
		ct_fail(e, CT_ESHAPE, "cannot merge quantile_sketch states with different column counts");
		ct_detail(e, "One state has %d columns, the other %d.", dst->k, src->k);
		return e->code;
	}
	for (int c = 0; c < dst->k; c++)
	{
		ct_sketch_col *a = &dst->cols[c];
		const ct_sketch_col *b = &src->cols[c];

		if (b->n == 0)
			continue;
		if (a->n == 0 || b->min < a->min)
			a->min = b->min;
		if (a->n == 0 || b->max > a->max)
			a->max = b->max;
		a->n += b->n;
		a->err += b->err;
		/* bottom up: append b's level h, then compact from h */
		for (int h = 0; h < b->nlevels; h++)
		{
			ct_code		rc;

			if (b->len[h] > 0)
			{
				rc = level_reserve(dst, a, h, a->len[h] + b->len[h], e);
				if (rc != CT_OK)
					return rc;
				memcpy(a->items[h] + a->len[h], b->items[h], sizeof(double) * b->len[h]);
				a->len[h] += b->len[h];
				if (h + 1 > a->nlevels)
					a->nlevels = h + 1;
			}
			rc = compact_from(dst, a, h, e);
			if (rc != CT_OK)
				return rc;
		}
	}
	return CT_OK;
}

/* ---- queries ---- */

size_t
ct_sketch_nitems(const ct_sketch *s, int c)
{
	size_t		m = 0;

	for (int h = 0; h < s->cols[c].nlevels; h++)
		m += s->cols[c].len[h];
	return m;
}

void
ct_sketch_sort(const ct_sketch *s, int c, double *vals, uint64_t *cum,
			   ct_sketch_sorted *out)
{
	const ct_sketch_col *col = &s->cols[c];
	size_t		m = ct_sketch_nitems(s, c);
	size_t		i = 0;
	uint64_t	run = 0;

	out->n = col->n;
	out->min = col->min;
	out->max = col->max;
	out->m = m;
	out->vals = vals;
	out->cum = cum;
	out->bstart = NULL;
	out->blo = 0;
	out->bscale = 0;
	if (m == 0)
		return;
	/*
	 * sort the values of each weight, then merge level by level: a k-way
	 * merge keeps it allocation-free (levels are few)
	 */
	{
		size_t		pos[CT_SKETCH_MAX_LEVELS];
		double	   *lv[CT_SKETCH_MAX_LEVELS];

		for (int h = 0; h < col->nlevels; h++)
		{
			pos[h] = 0;
			lv[h] = col->items[h];
			/* levels are sorted in place: the order of a level's values is
			 * not part of the state's meaning, only of its next compaction,
			 * which sorts first anyway */
			ct_sketch_sort_level(s, lv[h], col->len[h]);
		}
		for (i = 0; i < m; i++)
		{
			int			best = -1;

			for (int h = 0; h < col->nlevels; h++)
				if (pos[h] < col->len[h] &&
					(best < 0 || lv[h][pos[h]] < lv[best][pos[best]]))
					best = h;
			vals[i] = lv[best][pos[best]++];
			run += (uint64_t) 1 << best;
			cum[i] = run;
		}
	}
}

/* the value at position p (0-based) of the values repeated by weight */
static double
value_at(const ct_sketch_sorted *q, uint64_t p)
{
	size_t		lo = 0,
				hi = q->m - 1;

	/* first i with cum[i] > p */
	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (q->cum[mid] > p)
			hi = mid;
		else
			lo = mid + 1;
	}
	return q->vals[lo];
}

double
ct_sketch_quantile(const ct_sketch_sorted *q, double f)
{
	double		pos,
				first,
				second,
				lo,
				hi,
				r;

	if (f <= 0)
		return q->min;
	if (f >= 1)
		return q->max;
	/* as percentile_cont (PostgreSQL's percentile_cont_final_common) */
	pos = f * (double) (q->n - 1);
	first = floor(pos);
	second = ceil(pos);
	lo = value_at(q, (uint64_t) first);
	if (second == first)
		r = lo;
	else
	{
		hi = value_at(q, (uint64_t) second);
		r = lo + ((pos - first) * (hi - lo));
	}
	if (r < q->min)
		r = q->min;
	if (r > q->max)
		r = q->max;
	return r;
}

double
ct_sketch_quantile_disc(const ct_sketch_sorted *q, double f)
{
	/* as percentile_disc: the value at row ceil(f n) (1-based), the first
	 * for f = 0 */
	double		r = ceil(f * (double) q->n);

	if (r < 1)
		r = 1;
	if (r > (double) q->n)
		r = (double) q->n;
	if (r == 1)
		return q->min;
	if (r == (double) q->n)
		return q->max;
	return value_at(q, (uint64_t) r - 1);
}

/*
 * The bucket of x in a column's index: monotone in x (a subtraction and a
 * multiplication by a positive number round monotonically), clamped to
 * [0, CT_SKETCH_BUCKETS]
 */
static inline int
sketch_bucket(const ct_sketch_sorted *q, double x)
{
	double		t = (x - q->blo) * q->bscale;

	if (!(t >= 0))
		return 0;
	if (t >= CT_SKETCH_BUCKETS)
		return CT_SKETCH_BUCKETS;
	return (int) t;
}

void
ct_sketch_set_index(ct_sketch_sorted *q, uint32_t *start)
{
	size_t		i = 0;

	q->bstart = NULL;
	if (q->m < 2 || q->m > UINT32_MAX || !(q->vals[q->m - 1] > q->vals[0]))
		return;
	q->blo = q->vals[0];
	q->bscale = CT_SKETCH_BUCKETS / (q->vals[q->m - 1] - q->vals[0]);
	if (!isfinite(q->blo) || !isfinite(q->bscale) || !(q->bscale > 0))
		return;
	for (int k = 0; k <= CT_SKETCH_BUCKETS + 1; k++)
	{
		while (i < q->m && sketch_bucket(q, q->vals[i]) < k)
			i++;
		start[k] = (uint32_t) i;
	}
	q->bstart = start;
}

void
ct_sketch_rank(const ct_sketch_sorted *q, double x, uint64_t *less,
			   uint64_t *le)
{
	const double *base = q->vals;
	size_t		n = q->m;
	size_t		lo,
				hi,
				step;

	if (n == 0)
	{
		*less = *le = 0;
		return;
	}
	if (q->bstart != NULL && !isnan(x))
	{
		/*
		 * the values before bstart[k] are in lower buckets, so below x, and
		 * those from bstart[k + 1] on in higher ones, so above x: the first
		 * value >= x is in [bstart[k], bstart[k + 1]]
		 */
		int			k = sketch_bucket(q, x);

		base = q->vals + q->bstart[k];
		n = q->bstart[k + 1] - q->bstart[k];
		if (n == 0)
		{
			lo = q->bstart[k];
			goto found;
		}
	}
	/*
	 * first i with vals[i] >= x: a binary search without branches on the
	 * data (the answer stays in [base, base + n]; conditional moves instead
	 * of mispredicted jumps, once per row and method in fit)
	 */
	while (n > 1)
	{
		size_t		half = n / 2;

		base = base[half - 1] < x ? base + half : base;
		n -= half;
	}
	lo = (size_t) (base - q->vals) + (*base < x);
found:
	*less = lo == 0 ? 0 : q->cum[lo - 1];
	/*
	 * first i with vals[i] > x, galloping up from lo: a value is rarely
	 * kept more than a few times
	 */
	hi = lo;
	step = 1;
	while (hi < q->m && q->vals[hi] <= x)
	{
		lo = hi + 1;
		hi += step;
		step *= 2;
	}
	if (hi > q->m)
		hi = q->m;
	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (q->vals[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	*le = lo == 0 ? 0 : q->cum[lo - 1];
}

/* ---- consistency ---- */

ct_code
ct_sketch_validate(const ct_sketch *s, ct_error *e)
{
	for (int c = 0; c < s->k; c++)
	{
		const ct_sketch_col *col = &s->cols[c];
		uint64_t	total = 0;
		const char *bad = NULL;

		if (col->nlevels < 0 || col->nlevels > CT_SKETCH_MAX_LEVELS - 1)
			bad = "too many levels";
		else if (col->n == 0 && (col->nlevels != 0 || col->err != 0 || col->min != 0 || col->max != 0))
			bad = "an empty column must have no levels, err 0 and min = max = 0";
		else if (col->n > 0 && (col->nlevels < 1 || col->len[col->nlevels - 1] == 0))
			bad = "the top level of a column must hold values";
		else if (!isfinite(col->min) || !isfinite(col->max) || col->min > col->max)
			bad = "min and max must be finite with min <= max";
		for (int h = 0; bad == NULL && h < col->nlevels; h++)
		{
			if (col->len[h] >= CT_SKETCH_T)
				bad = "a level holds too many values";
			else if (col->parity[h] > 1)
				bad = "a level's parity must be 0 or 1";
			else
			{
				total += (uint64_t) col->len[h] << h;
				for (uint32_t i = 0; i < col->len[h]; i++)
					if (!(col->items[h][i] >= col->min && col->items[h][i] <= col->max))
					{
						bad = "a value lies outside [min, max]";
						break;
					}
			}
		}
		if (bad == NULL && total != col->n)
			bad = "n is not the total weight of the values";
		if (bad == NULL && col->n > 0 && col->nlevels > 1 && col->err == 0)
			bad = "a compacted column must have err > 0";
		if (bad == NULL && col->err > col->n)
			bad = "err exceeds n";
		if (bad == NULL && col->n > 0 && col->nlevels == 1 && col->err != 0)
			bad = "an uncompacted column must have err 0";
		if (bad != NULL)
		{
			ct_fail(e, CT_EFORMAT, "invalid quantile_sketch value");
			ct_detail(e, "Column %d: %s.", c + 1, bad);
			return e->code;
		}
	}
	return CT_OK;
}
