/*
 * ct_profile_read.c
 *		Reading a ticket profile (see ct_profile.h): the check of a block from
 *		an untrusted source, the as-of time, rolling windows and the
 *		customer-level row.
 */
#include "ct_profile_int.h"

#include <stdio.h>

static ct_code
corrupt(ct_error *e, const char *what)
{
	ct_fail(e, CT_EFORMAT, "invalid profile_state value");
	ct_detail(e, "%s", what);
	return CT_EFORMAT;
}

/* 0 <= yes <= known <= total */
static bool
flag_counts_valid(int64_t known, int64_t yes, int64_t total)
{
	return yes >= 0 && yes <= known && known <= total;
}

static ct_code
check_times(const ct_profile_state *st, ct_error *e)
{
	const ct_profile_time *tm = ct_profile_times(st);
	uint64_t	n = 0,
				known = 0,
				yes = 0;
	uint32_t	i;

	for (i = 0; i < st->ntimes; i++)
	{
		const ct_profile_time *x = &tm[i];

		if (i > 0 && tm[i - 1].ts >= x->ts)
			return corrupt(e, "The recent ticket times are not in ascending order.");
		if (x->ts < st->first_ts || x->ts > st->last_ts || !ct_profile_in_horizon(x->ts, st->last_ts))
			return corrupt(e, "A recent ticket time lies outside the first and last ticket times or more than 365 days before the last.");
		if (x->n < 1 || x->esc_yes > x->esc_known || x->esc_known > x->n)
			return corrupt(e, "A recent ticket time has invalid counts.");
		n += x->n;
		known += x->esc_known;
		yes += x->esc_yes;
	}
	if (st->tickets > 0 && (st->ntimes == 0 || tm[st->ntimes - 1].ts != st->last_ts))
		return corrupt(e, "The last ticket time is missing from the recent ticket times.");
	if (n > (uint64_t) st->tickets || known > (uint64_t) st->esc_known || yes > (uint64_t) st->esc_yes)
		return corrupt(e, "The recent ticket counts exceed the lifetime counts.");
	return CT_OK;
}

static ct_code
check_tops(const ct_profile_state *st, ct_error *e)
{
	const ct_profile_top *t = ct_profile_tops(st);
	uint64_t	live = 0;
	int			f;
	uint32_t	i,
				j;

	for (i = 0; i < st->ntop; i++)
	{
		if (t[i].field >= CT_PROFILE_NFIELDS || t[i].count < 1 || t[i].len > CT_PROFILE_MAX_KEY ||
			(uint64_t) t[i].off + t[i].len > st->pool_used)
			return corrupt(e, "A most-frequent-value counter is out of bounds.");
		live += t[i].len;
		for (j = 0; j < i; j++)
			if (ct_profile_top_cmp(st, &t[j], st, &t[i]) == 0)
				return corrupt(e, "A most-frequent value is counted twice.");
	}
	if (live != st->pool_live)
		return corrupt(e, "The value pool does not match its counters.");
	for (f = 0; f < CT_PROFILE_NFIELDS; f++)
	{
		uint64_t	sum = 0;

		if (ct_profile_field_count(st, f) > CT_PROFILE_TOP_K)
			return corrupt(e, "A field has more than 16 most-frequent-value counters.");
		for (i = 0; i < st->ntop; i++)
			if (t[i].field == f)
				sum += (uint64_t) t[i].count;
		if (st->top_err[f] < 0 || st->top_err[f] > st->tickets || sum > (uint64_t) st->tickets)
			return corrupt(e, "The most-frequent-value counts exceed the tickets.");
	}
	return CT_OK;
}

ct_code
ct_profile_check(const ct_profile_state *st, size_t bytes, ct_error *e)
{
	ct_profile_caps caps;
	ct_code		rc;

	ct_error_clear(e);
	if (bytes < sizeof(ct_profile_state))
		return corrupt(e, "The value is truncated.");
	if (st->format != CT_PROFILE_FORMAT)
	{
		ct_fail(e, CT_EFORMAT, "unsupported profile_state format %u", (unsigned) st->format);
		ct_detail(e, "This version reads format %d.", CT_PROFILE_FORMAT);
		return CT_EFORMAT;
	}
	caps.times = st->cap_times;
	caps.top = st->cap_top;
	caps.pool = st->pool_cap;
	if (st->cap_times > CT_PROFILE_MAX_TIMES || st->cap_top > 2 * CT_PROFILE_NFIELDS * CT_PROFILE_TOP_K ||
		st->pool_cap > CT_PROFILE_MAX_BYTES || ct_profile_bytes(&caps) != bytes ||
		st->ntimes > st->cap_times || st->ntop > st->cap_top ||
		st->pool_used > st->pool_cap || st->pool_live > st->pool_used)
		return corrupt(e, "Its sizes are inconsistent.");
	if (st->tickets < 0)
		return corrupt(e, "The ticket count is negative.");
	if (st->tickets == 0)
	{
		if (st->ntimes || st->ntop || st->first_ts || st->last_ts || st->esc_known || st->unr_known ||
			st->acc_known || st->esc_yes || st->unr_yes || st->acc_yes || st->hand_n || st->sat_n ||
			st->hand_sum != 0 || st->hand_max != 0 || st->sat_sum != 0 ||
			st->top_err[0] || st->top_err[1] || st->top_err[2])
			return corrupt(e, "A state without tickets has counts.");
		return CT_OK;
	}
	if (st->first_ts < CT_PROFILE_MIN_TIME || st->last_ts > CT_PROFILE_MAX_TIME || st->first_ts > st->last_ts)
		return corrupt(e, "The first and last ticket times are out of order or out of range.");
	if (!flag_counts_valid(st->esc_known, st->esc_yes, st->tickets) ||
		!flag_counts_valid(st->unr_known, st->unr_yes, st->tickets) ||
		!flag_counts_valid(st->acc_known, st->acc_yes, st->tickets))
		return corrupt(e, "A flag count is negative or exceeds its total.");
	if (st->hand_n < 0 || st->hand_n > st->tickets || st->sat_n < 0 || st->sat_n > st->tickets)
		return corrupt(e, "A measurement count is negative or exceeds the tickets.");
	if (!isfinite(st->hand_sum) || !isfinite(st->hand_max) || !isfinite(st->sat_sum) ||
		st->hand_sum < 0 || st->hand_max < 0 ||
		(st->hand_n == 0 && (st->hand_sum != 0 || st->hand_max != 0)) ||
		(st->sat_n == 0 && st->sat_sum != 0))
		return corrupt(e, "A handling or satisfaction sum is invalid.");
	if ((rc = check_times(st, e)) != CT_OK)
		return rc;
	return check_tops(st, e);
}

ct_code
ct_profile_check_as_of(const ct_profile_state *st, int64_t as_of, ct_error *e)
{
	char		a[CT_PROFILE_TIME_TEXT],
				l[CT_PROFILE_TIME_TEXT];

	if (as_of < CT_PROFILE_MIN_TIME || as_of > CT_PROFILE_MAX_TIME)
	{
		ct_fail(e, CT_EINVAL, "as_of out of range");
		ct_detail(e, "as_of must lie in the years 1 to 9999.");
		return CT_EINVAL;
	}
	if (st->tickets > 0 && as_of < st->last_ts)
	{
		ct_profile_format_time(as_of, a);
		ct_profile_format_time(st->last_ts, l);
		ct_fail(e, CT_EINVAL, "as_of is before the last ticket of the profile");
		ct_detail(e, "as_of is %s; the last ticket is at %s.", a, l);
		ct_hint(e, "Aggregate only the tickets up to as_of (WHERE ticket_time <= as_of).");
		return CT_EINVAL;
	}
	return CT_OK;
}

ct_code
ct_profile_window(const ct_profile_state *st, int64_t as_of, int days,
				  int64_t *tickets, int64_t *esc_known, int64_t *esc_yes,
				  ct_error *e)
{
	const ct_profile_time *tm = ct_profile_times(st);
	int64_t		from;
	uint32_t	i;
	ct_code		rc;

	if ((rc = ct_profile_check_as_of(st, as_of, e)) != CT_OK)
		return rc;
	if (days < 1 || days > CT_PROFILE_HORIZON_DAYS)
	{
		ct_fail(e, CT_EINVAL, "window must be 1 to %d days", CT_PROFILE_HORIZON_DAYS);
		ct_detail(e, "Got %d.", days);
		return CT_EINVAL;
	}
	from = as_of - (int64_t) days * CT_USEC_PER_DAY;
	*tickets = *esc_known = *esc_yes = 0;
	for (i = st->ntimes; i > 0 && tm[i - 1].ts > from; i--)
	{
		*tickets += tm[i - 1].n;
		*esc_known += tm[i - 1].esc_known;
		*esc_yes += tm[i - 1].esc_yes;
	}
	return CT_OK;
}

static double
ratio(int64_t yes, int64_t known, bool *isnull)
{
	*isnull = (known == 0);
	return known ? (double) yes / (double) known : 0.0;
}

ct_code
ct_profile_summary(const ct_profile_state *st, int64_t as_of,
				   ct_profile_row *row, ct_error *e)
{
	const ct_profile_time *tm = ct_profile_times(st);
	int64_t		d30 = as_of - 30 * CT_USEC_PER_DAY,
				d90 = as_of - 90 * CT_USEC_PER_DAY,
				d365 = as_of - 365 * CT_USEC_PER_DAY;
	int64_t		esc_known_365 = 0;
	uint32_t	i;
	int			f;
	ct_code		rc;

	if ((rc = ct_profile_check_as_of(st, as_of, e)) != CT_OK)
		return rc;
	memset(row, 0, sizeof(*row));
	row->tickets = st->tickets;
	for (i = st->ntimes; i > 0 && tm[i - 1].ts > d365; i--)
	{
		const ct_profile_time *x = &tm[i - 1];

		row->complaints_365d += x->n;
		row->escalations_12m += x->esc_yes;
		esc_known_365 += x->esc_known;
		if (x->ts > d90)
			row->complaints_90d += x->n;
		if (x->ts > d30)
			row->complaints_30d += x->n;
	}
	row->escalations_12m_null = (esc_known_365 == 0);
	row->escalations_null = (st->esc_known == 0);
	row->escalations = st->esc_yes;
	row->first_ts = st->first_ts;
	row->last_ts = st->last_ts;
	row->days_since_last = (double) (as_of - st->last_ts) / (double) CT_USEC_PER_DAY;
	row->complainant_days = (double) (as_of - st->first_ts) / (double) CT_USEC_PER_DAY;
	row->unreasonable_ratio = ratio(st->unr_yes, st->unr_known, &row->unreasonable_null);
	row->accepted_ratio = ratio(st->acc_yes, st->acc_known, &row->accepted_null);
	row->handling_null = (st->hand_n == 0);
	row->handling_hours = st->hand_n ? st->hand_sum / (double) st->hand_n : 0.0;
	row->handling_hours_max = st->hand_max;
	row->satisfaction_null = (st->sat_n == 0);
	row->satisfaction = st->sat_n ? st->sat_sum / (double) st->sat_n : 0.0;
	for (f = 0; f < CT_PROFILE_NFIELDS; f++)
		row->top[f] = ct_profile_top_index(st, (ct_profile_field) f);
	return CT_OK;
}
