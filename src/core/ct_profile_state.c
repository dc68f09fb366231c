/*
 * ct_profile_state.c
 *		The ticket profile block (see ct_profile.h): its layout, adding one
 *		ticket, compact copies and the merge of two states.
 */
#include "ct_profile_int.h"

#include <stdio.h>

size_t
ct_profile_bytes(const ct_profile_caps *caps)
{
	return sizeof(ct_profile_state) + (size_t) caps->times * sizeof(ct_profile_time) +
		(size_t) caps->top * sizeof(ct_profile_top) + caps->pool;
}

void
ct_profile_init(ct_profile_state *st, const ct_profile_caps *caps)
{
	uint32_t	host = st->host_header;

	memset(st, 0, sizeof(ct_profile_state));
	st->host_header = host;
	st->format = CT_PROFILE_FORMAT;
	st->cap_times = caps->times;
	st->cap_top = caps->top;
	st->pool_cap = caps->pool;
}

void
ct_profile_used(const ct_profile_state *st, ct_profile_caps *used)
{
	used->times = st->ntimes;
	used->top = st->ntop;
	used->pool = st->pool_live;
}

/* A number as PostgreSQL prints it: NaN, Infinity, -Infinity or %g. */
static const char *
number_text(double x, char *buf, size_t size)
{
	if (isnan(x))
		return "NaN";
	if (isinf(x))
		return x > 0 ? "Infinity" : "-Infinity";
	snprintf(buf, size, "%g", x);
	return buf;
}

ct_code
ct_profile_check_ticket(const ct_ticket *t, ct_error *e)
{
	char		buf[32];
	int			f;

	if (t->ts < CT_PROFILE_MIN_TIME || t->ts > CT_PROFILE_MAX_TIME)
	{
		ct_fail(e, CT_EINVAL, "ticket time out of range");
		ct_detail(e, "Ticket times must lie in the years 1 to 9999.");
		return CT_EINVAL;
	}
	if (t->has_handling && !(isfinite(t->handling_hours) && t->handling_hours >= 0))
	{
		ct_fail(e, CT_EINVAL, "handling hours must be a finite number of at least 0");
		ct_detail(e, "Got %s.", number_text(t->handling_hours, buf, sizeof(buf)));
		return CT_EINVAL;
	}
	if (t->has_satisfaction && !isfinite(t->satisfaction))
	{
		ct_fail(e, CT_EINVAL, "satisfaction must be a finite number");
		ct_detail(e, "Got %s.", number_text(t->satisfaction, buf, sizeof(buf)));
		return CT_EINVAL;
	}
	for (f = 0; f < CT_PROFILE_NFIELDS; f++)
		if (t->value[f] != NULL && t->len[f] > CT_PROFILE_MAX_KEY)
		{
			ct_fail(e, CT_ELIMIT, "%s value is too long", ct_profile_field_names[f]);
			ct_detail(e, "A value has %zu bytes; the limit is %d.", t->len[f], CT_PROFILE_MAX_KEY);
			ct_hint(e, "Map a category column, or shorten the text in a view (left(column, 100)).");
			return CT_ELIMIT;
		}
	return CT_OK;
}

static uint32_t
grow(uint32_t cap, uint64_t need, uint32_t least)
{
	uint64_t	c = (uint64_t) cap * 2;

	if (c < need)
		c = need;
	if (c < least)
		c = least;
	return c > UINT32_MAX ? UINT32_MAX : (uint32_t) c;
}

bool
ct_profile_room(const ct_profile_state *st, const ct_ticket *t,
				ct_profile_caps *need)
{
	uint64_t	bytes = 0;
	uint32_t	nvals = 0;
	int			f;
	bool		ok;

	for (f = 0; f < CT_PROFILE_NFIELDS; f++)
		if (t->value[f] != NULL)
		{
			bytes += t->len[f];
			nvals++;
		}
	ok = st->ntimes < st->cap_times && st->ntop + nvals <= st->cap_top &&
		st->pool_live + bytes <= st->pool_cap;
	if (!ok)
	{
		need->times = st->ntimes < st->cap_times ? st->cap_times :
			grow(st->cap_times, (uint64_t) st->ntimes + 1, 4);
		need->top = st->ntop + nvals <= st->cap_top ? st->cap_top :
			grow(st->cap_top, (uint64_t) st->ntop + nvals, 4);
		if (need->top > CT_PROFILE_NFIELDS * CT_PROFILE_TOP_K + CT_PROFILE_NFIELDS)
			need->top = CT_PROFILE_NFIELDS * CT_PROFILE_TOP_K + CT_PROFILE_NFIELDS;
		need->pool = st->pool_live + bytes <= st->pool_cap ? st->pool_cap :
			grow(st->pool_live, st->pool_live + bytes, 32);
	}
	return ok;
}

/* First index whose time is >= ts. */
static uint32_t
time_lower_bound(const ct_profile_state *st, int64_t ts)
{
	const ct_profile_time *tm = ct_profile_times(st);
	uint32_t	lo = 0,
				hi = st->ntimes;

	/* tickets mostly come in time order: try the end first */
	if (hi > 0 && tm[hi - 1].ts < ts)
		return hi;
	while (lo < hi)
	{
		uint32_t	mid = lo + (hi - lo) / 2;

		if (tm[mid].ts < ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Drop the time entries that left the horizon of the last ticket. */
static void
prune_times(ct_profile_state *st)
{
	ct_profile_time *tm = ct_profile_times(st);
	uint32_t	k;

	if (st->ntimes == 0 || ct_profile_in_horizon(tm[0].ts, st->last_ts))
		return;
	k = time_lower_bound(st, st->last_ts - CT_PROFILE_HORIZON_USEC + 1);
	memmove(tm, tm + k, (size_t) (st->ntimes - k) * sizeof(ct_profile_time));
	st->ntimes -= k;
}

static ct_code
count_overflow(ct_error *e)
{
	return ct_fail(e, CT_ERANGE, "profile_state count out of range");
}

/* Count a flag: 1, 0 or -1 (unknown). */
static void
add_flag(int flag, int64_t *known, int64_t *yes)
{
	if (flag < 0)
		return;
	(*known)++;
	*yes += (flag > 0);
}

ct_code
ct_profile_add(ct_profile_state *st, const ct_ticket *t, ct_error *e)
{
	ct_profile_time *tm = ct_profile_times(st);
	double		hand_sum = st->hand_sum + (t->has_handling ? t->handling_hours : 0);
	double		sat_sum = st->sat_sum + (t->has_satisfaction ? t->satisfaction : 0);
	uint32_t	pos = 0;
	bool		found = false;
	bool		keep;
	int			f;

	if (!isfinite(hand_sum) || !isfinite(sat_sum))
		return ct_fail(e, CT_ERANGE, "profile_state sum out of range");
	if (st->tickets == INT64_MAX)
		return count_overflow(e);
	keep = st->tickets == 0 || ct_profile_in_horizon(t->ts, st->last_ts > t->ts ? st->last_ts : t->ts);
	if (keep)
	{
		pos = time_lower_bound(st, t->ts);
		found = pos < st->ntimes && tm[pos].ts == t->ts;
		if (found && tm[pos].n == UINT32_MAX)
			return count_overflow(e);
		if (!found && st->ntimes >= CT_PROFILE_MAX_TIMES)
		{
			ct_fail(e, CT_ELIMIT, "profile_state holds too many recent tickets");
			ct_detail(e, "A customer may have at most %d distinct ticket times within %d days.",
					  CT_PROFILE_MAX_TIMES, CT_PROFILE_HORIZON_DAYS);
			return CT_ELIMIT;
		}
		if (!found && st->ntimes >= st->cap_times)
			return ct_fail(e, CT_ENOMEM, "profile_state has no room for a ticket time");
	}

	if (st->tickets == 0)
		st->first_ts = st->last_ts = t->ts;
	else
	{
		if (t->ts < st->first_ts)
			st->first_ts = t->ts;
		if (t->ts > st->last_ts)
			st->last_ts = t->ts;
	}
	st->tickets++;
	add_flag(t->escalated, &st->esc_known, &st->esc_yes);
	add_flag(t->unreasonable, &st->unr_known, &st->unr_yes);
	add_flag(t->accepted, &st->acc_known, &st->acc_yes);
	if (t->has_handling)
	{
		st->hand_n++;
		st->hand_sum = hand_sum;
		if (t->handling_hours > st->hand_max)
			st->hand_max = t->handling_hours;
	}
	if (t->has_satisfaction)
	{
		st->sat_n++;
		st->sat_sum = sat_sum;
	}
	if (keep)
	{
		if (!found)
		{
			memmove(&tm[pos + 1], &tm[pos], (size_t) (st->ntimes - pos) * sizeof(ct_profile_time));
			tm[pos].ts = t->ts;
			tm[pos].n = 0;
			tm[pos].esc_known = 0;
			tm[pos].esc_yes = 0;
			tm[pos].reserved = 0;
			st->ntimes++;
		}
		tm[pos].n++;
		tm[pos].esc_known += (t->escalated >= 0);
		tm[pos].esc_yes += (t->escalated > 0);
		prune_times(st);
	}
	for (f = 0; f < CT_PROFILE_NFIELDS; f++)
		if (t->value[f] != NULL)
			ct_profile_top_add(st, f, t->value[f], t->len[f]);
	return CT_OK;
}

void
ct_profile_copy(ct_profile_state *dst, const ct_profile_state *src)
{
	int			idx[CT_PROFILE_NFIELDS * CT_PROFILE_TOP_K + CT_PROFILE_NFIELDS];
	uint32_t	cap_times = dst->cap_times,
				cap_top = dst->cap_top,
				pool_cap = dst->pool_cap,
				host = dst->host_header;
	ct_profile_top *out;
	char	   *pool;
	uint32_t	i;

	/* src's header with dst's own capacities */
	memcpy(dst, src, sizeof(ct_profile_state));
	dst->host_header = host;
	dst->cap_times = cap_times;
	dst->cap_top = cap_top;
	dst->pool_cap = pool_cap;
	out = ct_profile_tops(dst);
	pool = ct_profile_pool(dst);
	if (src->ntimes)
		memcpy(ct_profile_times(dst), ct_profile_times(src), (size_t) src->ntimes * sizeof(ct_profile_time));
	ct_profile_top_order(src, idx);
	dst->pool_used = 0;
	for (i = 0; i < src->ntop; i++)
	{
		const ct_profile_top *x = &ct_profile_tops(src)[idx[i]];

		out[i] = *x;
		out[i].off = dst->pool_used;
		if (x->len)
			memcpy(pool + dst->pool_used, ct_profile_top_value(src, x), x->len);
		dst->pool_used += x->len;
	}
	dst->pool_live = dst->pool_used;
}

static bool
add_counts(int64_t *x, int64_t y)
{
	if (*x > INT64_MAX - y)
		return false;
	*x += y;
	return true;
}

/* The time entries of a and b merged, within the horizon of last. */
static ct_code
merge_times(ct_profile_state *dst, const ct_profile_state *a,
			const ct_profile_state *b, ct_error *e)
{
	const ct_profile_time *ta = ct_profile_times(a);
	const ct_profile_time *tb = ct_profile_times(b);
	ct_profile_time *out = ct_profile_times(dst);
	uint32_t	i = 0,
				j = 0,
				n = 0;

	while (i < a->ntimes || j < b->ntimes)
	{
		ct_profile_time x;

		if (j >= b->ntimes || (i < a->ntimes && ta[i].ts < tb[j].ts))
			x = ta[i++];
		else if (i >= a->ntimes || tb[j].ts < ta[i].ts)
			x = tb[j++];
		else
		{
			x = ta[i++];
			if (x.n > UINT32_MAX - tb[j].n)
				return count_overflow(e);
			x.n += tb[j].n;
			x.esc_known += tb[j].esc_known;
			x.esc_yes += tb[j].esc_yes;
			j++;
		}
		if (!ct_profile_in_horizon(x.ts, dst->last_ts))
			continue;
		if (n >= CT_PROFILE_MAX_TIMES)
		{
			ct_fail(e, CT_ELIMIT, "profile_state holds too many recent tickets");
			ct_detail(e, "A customer may have at most %d distinct ticket times within %d days.",
					  CT_PROFILE_MAX_TIMES, CT_PROFILE_HORIZON_DAYS);
			return CT_ELIMIT;
		}
		if (n >= dst->cap_times)
			return ct_fail(e, CT_ENOMEM, "profile_state merge target is too small");
		out[n++] = x;
	}
	dst->ntimes = n;
	return CT_OK;
}

ct_code
ct_profile_merge(ct_profile_state *dst, const ct_profile_state *a,
				 const ct_profile_state *b, ct_error *e)
{
	ct_code		rc;

	if (dst->cap_top < a->ntop + b->ntop || dst->pool_cap < a->pool_live + b->pool_live)
		return ct_fail(e, CT_ENOMEM, "profile_state merge target is too small");
	if (b->tickets == 0 || a->tickets == 0)
	{
		ct_profile_copy(dst, b->tickets == 0 ? a : b);
		return CT_OK;
	}
	dst->format = CT_PROFILE_FORMAT;
	dst->tickets = a->tickets;
	dst->esc_known = a->esc_known;
	dst->esc_yes = a->esc_yes;
	dst->unr_known = a->unr_known;
	dst->unr_yes = a->unr_yes;
	dst->acc_known = a->acc_known;
	dst->acc_yes = a->acc_yes;
	dst->hand_n = a->hand_n;
	dst->sat_n = a->sat_n;
	if (!add_counts(&dst->tickets, b->tickets) ||
		!add_counts(&dst->esc_known, b->esc_known) || !add_counts(&dst->esc_yes, b->esc_yes) ||
		!add_counts(&dst->unr_known, b->unr_known) || !add_counts(&dst->unr_yes, b->unr_yes) ||
		!add_counts(&dst->acc_known, b->acc_known) || !add_counts(&dst->acc_yes, b->acc_yes) ||
		!add_counts(&dst->hand_n, b->hand_n) || !add_counts(&dst->sat_n, b->sat_n))
		return count_overflow(e);
	dst->hand_sum = a->hand_sum + b->hand_sum;
	dst->sat_sum = a->sat_sum + b->sat_sum;
	if (!isfinite(dst->hand_sum) || !isfinite(dst->sat_sum))
		return ct_fail(e, CT_ERANGE, "profile_state sum out of range");
	dst->hand_max = a->hand_max > b->hand_max ? a->hand_max : b->hand_max;
	dst->first_ts = a->first_ts < b->first_ts ? a->first_ts : b->first_ts;
	dst->last_ts = a->last_ts > b->last_ts ? a->last_ts : b->last_ts;
	if ((rc = merge_times(dst, a, b, e)) != CT_OK)
		return rc;
	return ct_profile_top_merge(dst, a, b, e);
}
