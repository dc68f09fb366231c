/*
 * ct_profile_top.c
 *		The most frequent values of a ticket field (problem type, channel,
 *		remedy) in bounded space: a Misra-Gries summary of at most
 *		CT_PROFILE_TOP_K counters per field (Misra and Gries, "Finding
 *		repeated elements", Science of Computer Programming 2(2), 1982),
 *		merged as in Agarwal, Cormode, Huang, Phillips, Wei and Yi,
 *		"Mergeable summaries", ACM TODS 38(4), 2013, section 3.
 *
 * Update: a value with a counter gets +1; a new value gets a counter while
 * fewer than K are in use; otherwise every counter of the field drops by 1
 * (those reaching 0 are removed) and the field's error grows by 1.  Merge:
 * add the counters of both sides value by value; when more than K remain,
 * subtract the (K+1)-th largest count c from all, keep the positive ones
 * and add c to the error.  In both, a counter undercounts its value by at
 * most the error, and a value without a counter has at most `error`
 * tickets; with at most K distinct values nothing is ever subtracted, so
 * the counts are exact and do not depend on the order of the tickets or of
 * the merges.
 */
#include "ct_profile_int.h"

#include <stdlib.h>

const char *const ct_profile_field_names[CT_PROFILE_NFIELDS] = {
	"problem_type", "channel", "remedy"
};

int
ct_profile_field_count(const ct_profile_state *st, int f)
{
	const ct_profile_top *t = ct_profile_tops(st);
	int			n = 0;
	uint32_t	i;

	for (i = 0; i < st->ntop; i++)
		n += (t[i].field == f);
	return n;
}

/* Slide the values in use to the front of the pool (removed ones leave gaps). */
static void
compact_pool(ct_profile_state *st)
{
	ct_profile_top *t = ct_profile_tops(st);
	char	   *pool = ct_profile_pool(st);
	int			order[CT_PROFILE_NFIELDS * CT_PROFILE_TOP_K];
	int			n = (int) st->ntop;
	int			i,
				j;
	uint32_t	w = 0;

	for (i = 0; i < n; i++)
	{
		int			x = i;

		for (j = i; j > 0 && t[order[j - 1]].off > t[x].off; j--)
			order[j] = order[j - 1];
		order[j] = x;
	}
	for (i = 0; i < n; i++)
	{
		ct_profile_top *x = &t[order[i]];

		if (x->len)
			memmove(pool + w, pool + x->off, x->len);
		x->off = w;
		w += x->len;
	}
	st->pool_used = w;
}

void
ct_profile_top_add(ct_profile_state *st, int f, const char *v, size_t len)
{
	ct_profile_top *t = ct_profile_tops(st);
	int			nf = 0;
	uint32_t	i;

	for (i = 0; i < st->ntop; i++)
	{
		if (t[i].field != f)
			continue;
		nf++;
		if (t[i].len == len && (len == 0 || memcmp(ct_profile_pool(st) + t[i].off, v, len) == 0))
		{
			t[i].count++;
			return;
		}
	}
	if (nf < CT_PROFILE_TOP_K)
	{
		ct_profile_top *x;

		if ((size_t) st->pool_used + len > st->pool_cap)
			compact_pool(st);
		x = &t[st->ntop++];
		x->count = 1;
		x->off = st->pool_used;
		x->len = (uint16_t) len;
		x->field = (uint8_t) f;
		x->reserved = 0;
		if (len)
			memcpy(ct_profile_pool(st) + st->pool_used, v, len);
		st->pool_used += (uint32_t) len;
		st->pool_live += (uint32_t) len;
		return;
	}
	/* K counters in use and a new value: every counter of the field drops */
	i = 0;
	while (i < st->ntop)
	{
		if (t[i].field == f && --t[i].count == 0)
		{
			st->pool_live -= t[i].len;
			t[i] = t[--st->ntop];
			continue;
		}
		i++;
	}
	st->top_err[f]++;
}

/* Insertion sort of entry indices by a comparison of two entries. */
static void
sort_indices(const ct_profile_state *st, int *idx, int n,
			 int (*cmp) (const ct_profile_state *, const ct_profile_top *,
						 const ct_profile_top *))
{
	const ct_profile_top *t = ct_profile_tops(st);
	int			i,
				j;

	for (i = 1; i < n; i++)
	{
		int			x = idx[i];

		for (j = i; j > 0 && cmp(st, &t[idx[j - 1]], &t[x]) > 0; j--)
			idx[j] = idx[j - 1];
		idx[j] = x;
	}
}

static int
cmp_value(const ct_profile_state *st, const ct_profile_top *a, const ct_profile_top *b)
{
	return ct_profile_top_cmp(st, a, st, b);
}

/* Larger count first, then the value in byte order. */
static int
cmp_frequent(const ct_profile_state *st, const ct_profile_top *a, const ct_profile_top *b)
{
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return ct_profile_top_cmp(st, a, st, b);
}

void
ct_profile_top_order(const ct_profile_state *st, int *idx)
{
	int			i;

	for (i = 0; i < (int) st->ntop; i++)
		idx[i] = i;
	sort_indices(st, idx, (int) st->ntop, cmp_value);
}

int
ct_profile_top_sorted(const ct_profile_state *st, ct_profile_field f, int *idx)
{
	const ct_profile_top *t = ct_profile_tops(st);
	int			n = 0;
	uint32_t	i;

	for (i = 0; i < st->ntop; i++)
		if (t[i].field == (uint8_t) f)
			idx[n++] = (int) i;
	sort_indices(st, idx, n, cmp_frequent);
	return n;
}

int
ct_profile_top_index(const ct_profile_state *st, ct_profile_field f)
{
	const ct_profile_top *t = ct_profile_tops(st);
	int			best = -1;
	uint32_t	i;

	for (i = 0; i < st->ntop; i++)
		if (t[i].field == (uint8_t) f &&
			(best < 0 || cmp_frequent(st, &t[i], &t[best]) < 0))
			best = (int) i;
	return best;
}

/* A counter of the merge: the value's state and entry, the summed count. */
typedef struct candidate
{
	const ct_profile_state *st;
	const ct_profile_top *x;
	int64_t		count;
} candidate;

static int
cmp_candidate_value(const void *pa, const void *pb)
{
	const candidate *a = pa;
	const candidate *b = pb;

	return ct_profile_top_cmp(a->st, a->x, b->st, b->x);
}

static int
cmp_int64_desc(const void *pa, const void *pb)
{
	int64_t		a = *(const int64_t *) pa;
	int64_t		b = *(const int64_t *) pb;

	return (a < b) - (a > b);
}

/* Gather the counters of field f of one side into c[], summing equal values. */
static ct_code
gather(const ct_profile_state *st, int f, candidate *c, int *n, ct_error *e)
{
	const ct_profile_top *t = ct_profile_tops(st);
	uint32_t	i;
	int			j;

	for (i = 0; i < st->ntop; i++)
	{
		if (t[i].field != f)
			continue;
		for (j = 0; j < *n; j++)
			if (ct_profile_top_cmp(c[j].st, c[j].x, st, &t[i]) == 0)
				break;
		if (j < *n)
		{
			if (c[j].count > INT64_MAX - t[i].count)
				return ct_fail(e, CT_ERANGE, "profile_state count out of range");
			c[j].count += t[i].count;
		}
		else
		{
			c[*n].st = st;
			c[*n].x = &t[i];
			c[*n].count = t[i].count;
			(*n)++;
		}
	}
	return CT_OK;
}

ct_code
ct_profile_top_merge(ct_profile_state *dst, const ct_profile_state *a,
					 const ct_profile_state *b, ct_error *e)
{
	ct_profile_top *out = ct_profile_tops(dst);
	char	   *pool = ct_profile_pool(dst);
	int			f;

	dst->ntop = 0;
	dst->pool_used = 0;
	dst->pool_live = 0;
	for (f = 0; f < CT_PROFILE_NFIELDS; f++)
	{
		/* each side may hold up to K counters per field (more if corrupt: checked) */
		candidate	c[2 * CT_PROFILE_TOP_K];
		int64_t		counts[2 * CT_PROFILE_TOP_K];
		int			n = 0;
		int			i;
		int64_t		err = a->top_err[f];
		ct_code		rc;

		if (b != NULL && err > INT64_MAX - b->top_err[f])
			return ct_fail(e, CT_ERANGE, "profile_state count out of range");
		if (b != NULL)
			err += b->top_err[f];
		if ((rc = gather(a, f, c, &n, e)) != CT_OK ||
			(b != NULL && (rc = gather(b, f, c, &n, e)) != CT_OK))
			return rc;
		if (n > CT_PROFILE_TOP_K)
		{
			int64_t		cut;
			int			kept = 0;

			for (i = 0; i < n; i++)
				counts[i] = c[i].count;
			qsort(counts, (size_t) n, sizeof(int64_t), cmp_int64_desc);
			cut = counts[CT_PROFILE_TOP_K];
			for (i = 0; i < n; i++)
				if (c[i].count > cut)
				{
					c[kept] = c[i];
					c[kept].count -= cut;
					kept++;
				}
			n = kept;
			if (err > INT64_MAX - cut)
				return ct_fail(e, CT_ERANGE, "profile_state count out of range");
			err += cut;
		}
		qsort(c, (size_t) n, sizeof(candidate), cmp_candidate_value);
		for (i = 0; i < n; i++)
		{
			ct_profile_top *y = &out[dst->ntop++];

			*y = *c[i].x;
			y->count = c[i].count;
			y->off = dst->pool_used;
			if (y->len)
				memcpy(pool + dst->pool_used, ct_profile_top_value(c[i].st, c[i].x), y->len);
			dst->pool_used += y->len;
		}
		dst->top_err[f] = err;
	}
	dst->pool_live = dst->pool_used;
	return CT_OK;
}
