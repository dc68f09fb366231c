/*
 * ct_remedy_build.c
 *		The remedy statistics block while the remedy_stats aggregate builds
 *		it (see ct_remedy.h): entries in arrival order, found through an
 *		open-addressing hash index stored after the key pool, so that adding
 *		a row costs the same with 100 or 100,000 distinct keys; sorted into
 *		the stored form (format 1, entries in key order) once, at the end.
 *
 * Inserting into the sorted array directly moved half the array per new
 * key (quadratic in the number of keys).  The building block is private to
 * the aggregate (transition, combine, final); its format number differs
 * from every stored one, so no text or binary input can produce one and
 * ct_remedy_check refuses it.
 */
#include "ct_remedy_int.h"

#include <stdint.h>
#include <stdlib.h>

#define EMPTY_SLOT 0u			/* slot values are entry index + 1 */

static uint32_t
hash_cap_for(uint32_t cap_entries)
{
	uint32_t	h = 32;

	while (h < 2 * (uint64_t) cap_entries && h < (1u << 31))
		h <<= 1;
	return h;
}

static inline uint32_t *
build_slots(const ct_remedy_state *st)
{
	return (uint32_t *) (ct_remedy_pool(st) + st->pool_cap + ((8 - st->pool_cap % 8) % 8));
}

size_t
ct_remedy_build_bytes(uint32_t cap_entries, uint32_t pool_cap)
{
	return ct_remedy_bytes(cap_entries, pool_cap) + (8 - pool_cap % 8) % 8 +
		(size_t) hash_cap_for(cap_entries) * sizeof(uint32_t);
}

void
ct_remedy_build_init(ct_remedy_state *st, uint32_t cap_entries, uint32_t pool_cap)
{
	ct_remedy_init(st, cap_entries, pool_cap);
	st->format = CT_REMEDY_FORMAT_BUILD;
	st->reserved[0] = hash_cap_for(cap_entries);
	memset(build_slots(st), 0, (size_t) st->reserved[0] * sizeof(uint32_t));
}

bool
ct_remedy_is_build(const ct_remedy_state *st)
{
	return st->format == CT_REMEDY_FORMAT_BUILD;
}

/* FNV-1a over the three parts, each followed by its length. */
static uint32_t
key_hash(const char *seg, size_t sl, const char *prob, size_t pl,
		 const char *rem, size_t rl)
{
	uint64_t	h = UINT64_C(14695981039346656037);
	const char *part[3] = {seg, prob, rem};
	size_t		len[3] = {sl, pl, rl};

	for (int p = 0; p < 3; p++)
	{
		for (size_t i = 0; i < len[p]; i++)
			h = (h ^ (unsigned char) part[p][i]) * UINT64_C(1099511628211);
		h = (h ^ (uint64_t) len[p]) * UINT64_C(1099511628211);
	}
	return (uint32_t) (h ^ (h >> 32));
}

static bool
key_equal(const ct_remedy_state *st, const ct_remedy_entry *x,
		  const char *seg, size_t sl, const char *prob, size_t pl,
		  const char *rem, size_t rl)
{
	const char *k = ct_remedy_pool(st) + x->off;

	return x->seg_len == sl && x->prob_len == pl && x->rem_len == rl &&
		memcmp(k, seg, sl) == 0 && memcmp(k + sl, prob, pl) == 0 &&
		memcmp(k + sl + pl, rem, rl) == 0;
}

bool
ct_remedy_build_fits(const ct_remedy_state *st, size_t key_bytes)
{
	return ct_remedy_fits(st, key_bytes);
}

ct_code
ct_remedy_build_add(ct_remedy_state *st, const char *seg, size_t sl,
					const char *prob, size_t pl, const char *rem, size_t rl,
					int64_t cases, int64_t accepted, int64_t sat_cases,
					double sat_sum, ct_error *e)
{
	ct_remedy_entry *en = ct_remedy_entries(st);
	uint32_t   *slots = build_slots(st);
	uint32_t	mask = st->reserved[0] - 1;
	uint32_t	h;
	ct_code		rc;

	if ((rc = ct_remedy_check_add(sl, pl, rl, cases, accepted, sat_cases, sat_sum, e)) != CT_OK)
		return rc;
	for (h = key_hash(seg, sl, prob, pl, rem, rl) & mask; slots[h] != EMPTY_SLOT; h = (h + 1) & mask)
	{
		ct_remedy_entry *x = &en[slots[h] - 1];

		if (key_equal(st, x, seg, sl, prob, pl, rem, rl))
			return ct_remedy_add_counts(x, cases, accepted, sat_cases, sat_sum, e);
	}
	if ((rc = ct_remedy_check_room(st, sl + pl + rl, e)) != CT_OK)
		return rc;
	ct_remedy_fill_entry(st, &en[st->nentries], seg, sl, prob, pl, rem, rl,
						 cases, accepted, sat_cases, sat_sum);
	slots[h] = st->nentries;
	return CT_OK;
}

ct_code
ct_remedy_build_add_state(ct_remedy_state *dst, const ct_remedy_state *src, ct_error *e)
{
	const ct_remedy_entry *en = ct_remedy_entries(src);
	const char *pool = ct_remedy_pool(src);

	for (uint32_t i = 0; i < src->nentries; i++)
	{
		const ct_remedy_entry *x = &en[i];
		const char *k = pool + x->off;
		ct_code		rc = ct_remedy_build_add(dst, k, x->seg_len, k + x->seg_len, x->prob_len,
											 k + x->seg_len + x->prob_len, x->rem_len,
											 x->cases, x->accepted, x->sat_cases, x->sat_sum, e);

		if (rc != CT_OK)
			return rc;
	}
	return CT_OK;
}

ct_code
ct_remedy_build_check(const ct_remedy_state *st, size_t bytes, ct_error *e)
{
	const ct_remedy_entry *en;

	if (bytes < sizeof(ct_remedy_state) || st->format != CT_REMEDY_FORMAT_BUILD)
		return ct_fail(e, CT_EFORMAT, "corrupt remedy_stats working state");
	if (st->cap_entries > CT_REMEDY_MAX_ENTRIES || st->nentries > st->cap_entries ||
		st->pool_used > st->pool_cap || st->reserved[0] != hash_cap_for(st->cap_entries) ||
		ct_remedy_build_bytes(st->cap_entries, st->pool_cap) != bytes)
		return ct_fail(e, CT_EFORMAT, "corrupt remedy_stats working state: inconsistent sizes");
	en = ct_remedy_entries(st);
	for (uint32_t i = 0; i < st->nentries; i++)
	{
		ct_code		rc = ct_remedy_check_entry(st, &en[i], e);

		if (rc != CT_OK)
			return rc;
	}
	return CT_OK;
}

/* Bottom-up merge sort of entry indexes by key (stable, n log n). */
static void
sort_indexes(const ct_remedy_state *st, uint32_t *idx, uint32_t *tmp, uint32_t n)
{
	const ct_remedy_entry *en = ct_remedy_entries(st);
	uint32_t   *a = idx,
			   *b = tmp;

	for (uint32_t i = 0; i < n; i++)
		idx[i] = i;
	for (uint64_t w = 1; w < n; w *= 2)
	{
		for (uint64_t lo = 0; lo < n; lo += 2 * w)
		{
			uint64_t	mid = lo + w < n ? lo + w : n,
						hi = lo + 2 * w < n ? lo + 2 * w : n,
						i = lo,
						j = mid,
						k = lo;

			while (i < mid && j < hi)
				b[k++] = ct_remedy_cmp_entries(st, &en[a[j]], st, &en[a[i]]) < 0 ? a[j++] : a[i++];
			while (i < mid)
				b[k++] = a[i++];
			while (j < hi)
				b[k++] = a[j++];
		}
		{
			uint32_t   *t = a;

			a = b;
			b = t;
		}
	}
	if (a != idx)
		memcpy(idx, a, (size_t) n * sizeof(uint32_t));
}

ct_code
ct_remedy_build_finish(ct_remedy_state *dst, const ct_remedy_state *src,
					   uint32_t *idx, uint32_t *tmp, ct_error *e)
{
	const ct_remedy_entry *en = ct_remedy_entries(src);
	const char *pool = ct_remedy_pool(src);

	if (dst->cap_entries < src->nentries || dst->pool_cap < src->pool_used)
		return ct_fail(e, CT_ENOMEM, "remedy_stats sort target is too small");
	sort_indexes(src, idx, tmp, src->nentries);
	dst->nentries = 0;
	dst->pool_used = 0;
	for (uint32_t i = 0; i < src->nentries; i++)
	{
		const ct_remedy_entry *x = &en[idx[i]];
		ct_remedy_entry *y;
		size_t		kb = (size_t) x->seg_len + x->prob_len + x->rem_len;

		/* keys are distinct through the hash index; equal ones add up */
		if (dst->nentries > 0 &&
			ct_remedy_cmp_entries(dst, &ct_remedy_entries(dst)[dst->nentries - 1], src, x) == 0)
		{
			ct_code		rc = ct_remedy_add_counts(&ct_remedy_entries(dst)[dst->nentries - 1],
												  x->cases, x->accepted, x->sat_cases, x->sat_sum, e);

			if (rc != CT_OK)
				return rc;
			continue;
		}
		y = &ct_remedy_entries(dst)[dst->nentries++];
		*y = *x;
		y->off = dst->pool_used;
		if (kb)
			memcpy(ct_remedy_pool(dst) + dst->pool_used, pool + x->off, kb);
		dst->pool_used += (uint32_t) kb;
	}
	return CT_OK;
}
