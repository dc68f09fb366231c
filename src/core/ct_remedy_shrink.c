/*
 * ct_remedy_shrink.c
 *		The shrunken acceptance ranking of remedies with back-off (see
 *		ct_remedy_shrink.h): the method-of-moments beta prior of a parent
 *		level, the cells of each level read from the sorted entry array, and
 *		the censoring check of a state.
 */
#include "ct_remedy_int.h"
#include "ct_remedy_shrink.h"

#include <stdlib.h>

const char *const ct_remedy_level_names[3] = {"pair", "segment", "all"};

void
ct_remedy_mom_add(ct_remedy_mom *s, int64_t n, int64_t k)
{
	double		dn = (double) n,
				dk = (double) k;

	s->cells++;
	s->n += dn;
	s->k += dk;
	s->n2 += dn * dn;
	s->k2n += dk * dk / dn;
}

void
ct_remedy_mom_prior(const ct_remedy_mom *s, ct_remedy_prior *p)
{
	double		mu,
				sdev,
				denom,
				rho,
				strength = 0.0;

	p->cells = s->cells;
	p->cases = (int64_t) s->n;
	p->mean = mu = s->n > 0 ? s->k / s->n : 0.0;
	if (s->cells >= 2 && mu > 0.0 && mu < 1.0)
	{
		/* S = sum n_i (p_i - mu)^2 = sum k_i^2 / n_i - N mu^2 */
		sdev = s->k2n - s->n * mu * mu;
		if (sdev < 0.0)
			sdev = 0.0;
		denom = s->n - s->n2 / s->n - (s->cells - 1);
		if (denom > 0.0)
		{
			rho = (sdev / (mu * (1.0 - mu)) - (s->cells - 1)) / denom;
			if (rho <= 0.0)
				strength = s->n;
			else if (rho < 1.0)
			{
				strength = (1.0 - rho) / rho;
				if (strength > s->n)
					strength = s->n;
			}
		}
	}
	p->strength = strength;
	p->alpha = mu * strength;
	p->beta = (1.0 - mu) * strength;
}

/* The parts of an entry's key. */
static inline const char *
key_seg(const ct_remedy_state *st, const ct_remedy_entry *x)
{
	return ct_remedy_pool(st) + x->off;
}

static inline const char *
key_rem(const ct_remedy_state *st, const ct_remedy_entry *x)
{
	return ct_remedy_pool(st) + x->off + x->seg_len + x->prob_len;
}

static inline bool
same_rem(const ct_remedy_state *st, const ct_remedy_entry *x, const char *r, size_t rl)
{
	return x->rem_len == rl && memcmp(key_rem(st, x), r, rl) == 0;
}

static inline bool
same_seg(const ct_remedy_state *st, const ct_remedy_entry *x, const char *s, size_t sl)
{
	return x->seg_len == sl && memcmp(key_seg(st, x), s, sl) == 0;
}

/* [*from, *to) = the entries whose key starts with seg (and prob, if given) */
static void
key_range(const ct_remedy_state *st, const char *seg, size_t sl,
		  const char *prob, size_t pl, bool with_prob, uint32_t *from, uint32_t *to)
{
	const ct_remedy_entry *en = ct_remedy_entries(st);
	uint32_t	i = ct_remedy_lower_bound(st, seg, sl, with_prob ? prob : "", with_prob ? pl : 0, "", 0);

	*from = i;
	while (i < st->nentries && same_seg(st, &en[i], seg, sl) &&
		   (!with_prob || ct_remedy_cmp_key(st, &en[i], seg, sl, prob, pl, NULL, 0) == 0))
		i++;
	*to = i;
}

/* The candidate of remedy r in out[0..n), or -1. */
static int
find(const ct_remedy_ranked *out, int n, const char *r, size_t rl)
{
	for (int i = 0; i < n; i++)
		if (out[i].remedy_len == rl && memcmp(out[i].remedy, r, rl) == 0)
			return i;
	return -1;
}

/* Add the known outcomes of entries [from, to) to their remedy's candidate. */
static int
collect(const ct_remedy_state *st, uint32_t from, uint32_t to,
		ct_remedy_ranked *out, int n)
{
	const ct_remedy_entry *en = ct_remedy_entries(st);

	for (uint32_t i = from; i < to; i++)
	{
		const ct_remedy_entry *x = &en[i];
		int			c;

		if (x->cases == 0)
			continue;
		c = find(out, n, key_rem(st, x), x->rem_len);
		if (c < 0)
		{
			c = n++;
			memset(&out[c], 0, sizeof(out[c]));
			out[c].remedy = key_rem(st, x);
			out[c].remedy_len = x->rem_len;
		}
		out[c].cases += x->cases;
		out[c].accepted += x->accepted;
	}
	return n;
}

static int
cmp_ranked(const void *a, const void *b)
{
	const ct_remedy_ranked *x = (const ct_remedy_ranked *) a;
	const ct_remedy_ranked *y = (const ct_remedy_ranked *) b;

	if (x->shrunk != y->shrunk)
		return x->shrunk > y->shrunk ? -1 : 1;
	if (x->cases != y->cases)
		return x->cases > y->cases ? -1 : 1;
	return ct_remedy_cmp_bytes(x->remedy, x->remedy_len, y->remedy, y->remedy_len);
}

static int64_t
known_in(const ct_remedy_state *st, uint32_t from, uint32_t to)
{
	const ct_remedy_entry *en = ct_remedy_entries(st);
	int64_t		n = 0;

	for (uint32_t i = from; i < to; i++)
		n += en[i].cases;
	return n;
}

int
ct_remedy_rank(const ct_remedy_state *st, const char *seg, size_t sl,
			   const char *prob, size_t pl, int64_t min_cases,
			   ct_remedy_ranked *out, ct_remedy_level *level,
			   int64_t *level_cases)
{
	const ct_remedy_entry *en = ct_remedy_entries(st);
	uint32_t	s0,
				s1,
				p0,
				p1;
	int			n = 0;

	if (min_cases < 1)
		min_cases = 1;
	key_range(st, seg, sl, NULL, 0, false, &s0, &s1);
	key_range(st, seg, sl, prob, pl, true, &p0, &p1);

	if ((*level_cases = known_in(st, p0, p1)) >= min_cases)
	{
		/* the pair; each remedy's prior from its cells over the segment */
		*level = CT_REMEDY_PAIR;
		n = collect(st, p0, p1, out, 0);
		for (int c = 0; c < n; c++)
		{
			ct_remedy_mom m = {0};

			for (uint32_t i = s0; i < s1; i++)
				if (en[i].cases > 0 && same_rem(st, &en[i], out[c].remedy, out[c].remedy_len))
					ct_remedy_mom_add(&m, en[i].cases, en[i].accepted);
			ct_remedy_mom_prior(&m, &out[c].prior);
		}
	}
	else if ((*level_cases = known_in(st, s0, s1)) >= min_cases)
	{
		/* the segment; each remedy's prior from its cells over the segments */
		*level = CT_REMEDY_SEGMENT;
		n = collect(st, s0, s1, out, 0);
		for (int c = 0; c < n; c++)
		{
			ct_remedy_mom m = {0};
			uint32_t	i = 0;

			while (i < st->nentries)
			{
				uint32_t	j = i;
				int64_t		cn = 0,
							ck = 0;

				/* one segment's run: its cell of this remedy */
				while (j < st->nentries && same_seg(st, &en[j], key_seg(st, &en[i]), en[i].seg_len))
				{
					if (same_rem(st, &en[j], out[c].remedy, out[c].remedy_len))
					{
						cn += en[j].cases;
						ck += en[j].accepted;
					}
					j++;
				}
				if (cn > 0)
					ct_remedy_mom_add(&m, cn, ck);
				i = j;
			}
			ct_remedy_mom_prior(&m, &out[c].prior);
		}
	}
	else
	{
		/* every case; the prior from the remedies' overall cells */
		ct_remedy_mom m = {0};

		*level = CT_REMEDY_ALL;
		*level_cases = known_in(st, 0, st->nentries);
		n = collect(st, 0, st->nentries, out, 0);
		for (int c = 0; c < n; c++)
			ct_remedy_mom_add(&m, out[c].cases, out[c].accepted);
		for (int c = 0; c < n; c++)
			ct_remedy_mom_prior(&m, &out[c].prior);
	}

	for (int c = 0; c < n; c++)
		out[c].shrunk = ((double) out[c].accepted + out[c].prior.alpha) /
			((double) out[c].cases + out[c].prior.strength);
	qsort(out, n, sizeof(out[0]), cmp_ranked);
	return n;
}

bool
ct_remedy_one_outcome(const ct_remedy_state *st, int64_t *known,
					  int64_t *accepted)
{
	const ct_remedy_entry *en = ct_remedy_entries(st);

	*known = 0;
	*accepted = 0;
	for (uint32_t i = 0; i < st->nentries; i++)
	{
		*known += en[i].cases;
		*accepted += en[i].accepted;
	}
	return *known >= 2 && (*accepted == 0 || *accepted == *known);
}
