/*
 * ct_remedy_state.c
 *		The remedy statistics block (see ct_remedy.h): its layout, the key
 *		order of the sorted entry array, adding counts under a key, and
 *		merging two states.
 */
#include "ct_remedy_int.h"

#include <stdint.h>

size_t
ct_remedy_bytes(uint32_t cap_entries, uint32_t pool_cap)
{
	return sizeof(ct_remedy_state) + (size_t) cap_entries * sizeof(ct_remedy_entry) + pool_cap;
}

void
ct_remedy_init(ct_remedy_state *st, uint32_t cap_entries, uint32_t pool_cap)
{
	st->format = CT_REMEDY_FORMAT;
	st->nentries = 0;
	st->cap_entries = cap_entries;
	st->pool_used = 0;
	st->pool_cap = pool_cap;
	st->reserved[0] = 0;
	st->reserved[1] = 0;
}

int
ct_remedy_cmp_key(const ct_remedy_state *st, const ct_remedy_entry *x,
				  const char *seg, size_t sl, const char *prob, size_t pl,
				  const char *rem, size_t rl)
{
	const char *k = ct_remedy_pool(st) + x->off;
	int			c;

	if ((c = ct_remedy_cmp_bytes(k, x->seg_len, seg, sl)) != 0)
		return c;
	k += x->seg_len;
	if ((c = ct_remedy_cmp_bytes(k, x->prob_len, prob, pl)) != 0)
		return c;
	if (rem == NULL)
		return 0;
	k += x->prob_len;
	return ct_remedy_cmp_bytes(k, x->rem_len, rem, rl);
}

int
ct_remedy_cmp_entries(const ct_remedy_state *sa, const ct_remedy_entry *a,
					  const ct_remedy_state *sb, const ct_remedy_entry *b)
{
	const char *k = ct_remedy_pool(sb) + b->off;

	return ct_remedy_cmp_key(sa, a, k, b->seg_len, k + b->seg_len, b->prob_len,
							 k + b->seg_len + b->prob_len, b->rem_len);
}

uint32_t
ct_remedy_lower_bound(const ct_remedy_state *st, const char *seg, size_t sl,
					  const char *prob, size_t pl, const char *rem, size_t rl)
{
	const ct_remedy_entry *en = ct_remedy_entries(st);
	uint32_t	lo = 0,
				hi = st->nentries;

	while (lo < hi)
	{
		uint32_t	mid = lo + (hi - lo) / 2;

		if (ct_remedy_cmp_key(st, &en[mid], seg, sl, prob, pl, rem, rl) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
ct_remedy_fits(const ct_remedy_state *st, size_t key_bytes)
{
	return st->nentries < st->cap_entries &&
		(size_t) st->pool_used + key_bytes <= st->pool_cap;
}

ct_code
ct_remedy_add_counts(ct_remedy_entry *x, int64_t cases, int64_t accepted,
		   int64_t sat_cases, double sat_sum, ct_error *e)
{
	if (x->cases > INT64_MAX - cases || x->sat_cases > INT64_MAX - sat_cases)
		return ct_fail(e, CT_ERANGE, "remedy_stats count out of range");
	x->cases += cases;
	x->accepted += accepted;
	x->sat_cases += sat_cases;
	x->sat_sum += sat_sum;
	if (!isfinite(x->sat_sum))
		return ct_fail(e, CT_ERANGE, "remedy_stats satisfaction sum out of range");
	return CT_OK;
}

ct_code
ct_remedy_check_add(size_t sl, size_t pl, size_t rl, int64_t cases,
					int64_t accepted, int64_t sat_cases, double sat_sum,
					ct_error *e)
{
	if (sl > CT_REMEDY_MAX_KEY || pl > CT_REMEDY_MAX_KEY || rl > CT_REMEDY_MAX_KEY)
	{
		ct_fail(e, CT_ELIMIT, "remedy_stats key is too long");
		ct_detail(e, "Segment, problem type and remedy are limited to %d bytes each.", CT_REMEDY_MAX_KEY);
		return CT_ELIMIT;
	}
	if (!ct_remedy_counts_valid(cases, accepted, sat_cases, sat_sum))
		return ct_fail(e, CT_EINVAL, "invalid remedy_stats counts");
	return CT_OK;
}

ct_code
ct_remedy_check_room(const ct_remedy_state *st, size_t key_bytes, ct_error *e)
{
	if (st->nentries >= CT_REMEDY_MAX_ENTRIES)
	{
		ct_fail(e, CT_ELIMIT, "remedy_stats has too many entries");
		ct_detail(e, "The limit is %d distinct (segment, problem type, remedy) keys.", CT_REMEDY_MAX_ENTRIES);
		return CT_ELIMIT;
	}
	if (!ct_remedy_fits(st, key_bytes))
		return ct_fail(e, CT_ENOMEM, "remedy_stats state has no room for a new key");
	return CT_OK;
}

void
ct_remedy_fill_entry(ct_remedy_state *st, ct_remedy_entry *x,
					 const char *seg, size_t sl, const char *prob, size_t pl,
					 const char *rem, size_t rl, int64_t cases,
					 int64_t accepted, int64_t sat_cases, double sat_sum)
{
	char	   *pool = ct_remedy_pool(st);

	x->off = st->pool_used;
	x->seg_len = (uint32_t) sl;
	x->prob_len = (uint32_t) pl;
	x->rem_len = (uint32_t) rl;
	if (sl)
		memcpy(pool + st->pool_used, seg, sl);
	if (pl)
		memcpy(pool + st->pool_used + sl, prob, pl);
	if (rl)
		memcpy(pool + st->pool_used + sl + pl, rem, rl);
	st->pool_used += (uint32_t) (sl + pl + rl);
	x->cases = cases;
	x->accepted = accepted;
	x->sat_cases = sat_cases;
	x->sat_sum = sat_sum;
	st->nentries++;
}

ct_code
ct_remedy_add(ct_remedy_state *st, const char *seg, size_t sl,
			  const char *prob, size_t pl, const char *rem, size_t rl,
			  int64_t cases, int64_t accepted, int64_t sat_cases,
			  double sat_sum, ct_error *e)
{
	ct_remedy_entry *en = ct_remedy_entries(st);
	uint32_t	pos;
	ct_code		rc;

	if ((rc = ct_remedy_check_add(sl, pl, rl, cases, accepted, sat_cases, sat_sum, e)) != CT_OK)
		return rc;
	pos = ct_remedy_lower_bound(st, seg, sl, prob, pl, rem, rl);
	if (pos < st->nentries && ct_remedy_cmp_key(st, &en[pos], seg, sl, prob, pl, rem, rl) == 0)
		return ct_remedy_add_counts(&en[pos], cases, accepted, sat_cases, sat_sum, e);
	if ((rc = ct_remedy_check_room(st, sl + pl + rl, e)) != CT_OK)
		return rc;
	memmove(&en[pos + 1], &en[pos], (size_t) (st->nentries - pos) * sizeof(ct_remedy_entry));
	ct_remedy_fill_entry(st, &en[pos], seg, sl, prob, pl, rem, rl, cases, accepted, sat_cases, sat_sum);
	return CT_OK;
}

static size_t
key_bytes(const ct_remedy_entry *x)
{
	return (size_t) x->seg_len + x->prob_len + x->rem_len;
}

void
ct_remedy_merged_size(const ct_remedy_state *a, const ct_remedy_state *b,
					  uint32_t *nentries, uint32_t *pool_bytes)
{
	const ct_remedy_entry *ea = ct_remedy_entries(a);
	const ct_remedy_entry *eb = b ? ct_remedy_entries(b) : NULL;
	uint32_t	i = 0,
				j = 0,
				nb = b ? b->nentries : 0;
	uint64_t	n = 0,
				bytes = 0;

	while (i < a->nentries || j < nb)
	{
		int			c;

		if (i >= a->nentries)
			c = 1;
		else if (j >= nb)
			c = -1;
		else
			c = ct_remedy_cmp_entries(a, &ea[i], b, &eb[j]);
		if (c <= 0)
		{
			bytes += key_bytes(&ea[i]);
			i++;
			if (c == 0)
				j++;
		}
		else
		{
			bytes += key_bytes(&eb[j]);
			j++;
		}
		n++;
	}
	*nentries = (uint32_t) (n > UINT32_MAX ? UINT32_MAX : n);
	*pool_bytes = (uint32_t) (bytes > UINT32_MAX ? UINT32_MAX : bytes);
}

static void
append_entry(ct_remedy_state *dst, const ct_remedy_state *src, const ct_remedy_entry *x)
{
	ct_remedy_entry *y = &ct_remedy_entries(dst)[dst->nentries++];
	size_t		kb = key_bytes(x);

	*y = *x;
	y->off = dst->pool_used;
	if (kb)
		memcpy(ct_remedy_pool(dst) + dst->pool_used, ct_remedy_pool(src) + x->off, kb);
	dst->pool_used += (uint32_t) kb;
}

ct_code
ct_remedy_merge(ct_remedy_state *dst, const ct_remedy_state *a,
				const ct_remedy_state *b, ct_error *e)
{
	const ct_remedy_entry *ea = ct_remedy_entries(a);
	const ct_remedy_entry *eb = b ? ct_remedy_entries(b) : NULL;
	uint32_t	i = 0,
				j = 0,
				nb = b ? b->nentries : 0;
	uint32_t	need_n,
				need_pool;
	ct_code		rc;

	ct_remedy_merged_size(a, b, &need_n, &need_pool);
	if (need_n > CT_REMEDY_MAX_ENTRIES)
	{
		ct_fail(e, CT_ELIMIT, "remedy_stats has too many entries");
		ct_detail(e, "The limit is %d distinct (segment, problem type, remedy) keys.", CT_REMEDY_MAX_ENTRIES);
		return CT_ELIMIT;
	}
	if (dst->cap_entries < need_n || dst->pool_cap < need_pool)
		return ct_fail(e, CT_ENOMEM, "remedy_stats merge target is too small");
	dst->nentries = 0;
	dst->pool_used = 0;
	while (i < a->nentries || j < nb)
	{
		int			c;

		if (i >= a->nentries)
			c = 1;
		else if (j >= nb)
			c = -1;
		else
			c = ct_remedy_cmp_entries(a, &ea[i], b, &eb[j]);
		if (c <= 0)
		{
			append_entry(dst, a, &ea[i]);
			if (c == 0)
			{
				rc = ct_remedy_add_counts(&ct_remedy_entries(dst)[dst->nentries - 1],
								eb[j].cases, eb[j].accepted, eb[j].sat_cases, eb[j].sat_sum, e);
				if (rc != CT_OK)
					return rc;
				j++;
			}
			i++;
		}
		else
		{
			append_entry(dst, b, &eb[j]);
			j++;
		}
	}
	return CT_OK;
}
