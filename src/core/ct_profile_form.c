/*
 * ct_profile_form.c
 *		The ticket profile to and from text (see ct_profile.h): ISO 8601 UTC
 *		times and the JSON form of a state, format 1:
 *
 *	{"format": 1, "tickets": 3,
 *	 "first": "2024-05-01T09:30:00Z", "last": "2024-12-30T17:00:00Z",
 *	 "escalated": [known, true], "unreasonable": [known, true],
 *	 "accepted": [known, true], "handling": [n, sum, max],
 *	 "satisfaction": [n, sum],
 *	 "recent": [[time, tickets, escalation_known, escalated], ...],
 *	 "problem_type": {"error": 0, "counts": [[value, count], ...]},
 *	 "channel": {...}, "remedy": {...}}
 *
 * with recent times ascending, counts in byte order of the value, "first"
 * and "last" null for a state without tickets, numbers in the shortest form
 * that reads back exactly.
 */
#include "ct_profile_int.h"

#include <stdio.h>

#include "ct_json.h"

/* ------------------------------------------------------------ times */

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t		era,
				yoe,
				doy,
				doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t		era,
				doe,
				yoe,
				doy,
				mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int) (doy - (153 * mp + 2) / 5 + 1);
	*m = (int) (mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch. */
#define PG_EPOCH_DAYS 10957

size_t
ct_profile_format_time(int64_t ts, char *out)
{
	int64_t		days = ts / CT_USEC_PER_DAY;
	int64_t		rest = ts % CT_USEC_PER_DAY;
	int64_t		y;
	int			m,
				d;
	int			n;

	if (rest < 0)
	{
		rest += CT_USEC_PER_DAY;
		days--;
	}
	civil_from_days(days + PG_EPOCH_DAYS, &y, &m, &d);
	n = snprintf(out, CT_PROFILE_TIME_TEXT, "%04lld-%02d-%02dT%02d:%02d:%02d",
				 (long long) y, m, d, (int) (rest / INT64_C(3600000000)),
				 (int) (rest / 60000000 % 60), (int) (rest / 1000000 % 60));
	if (rest % 1000000)
		n += snprintf(out + n, CT_PROFILE_TIME_TEXT - n, ".%06d", (int) (rest % 1000000));
	out[n++] = 'Z';
	out[n] = '\0';
	return (size_t) n;
}

/* n decimal digits at s into *v */
static bool
digits(const char *s, int n, int *v)
{
	int			i;

	*v = 0;
	for (i = 0; i < n; i++)
	{
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

bool
ct_profile_parse_time(const char *s, size_t len, int64_t *ts)
{
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			y,
				mo,
				d,
				h,
				mi,
				sec,
				frac = 0;
	size_t		p = 19;
	bool		leap;

	if (len < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
		!digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) ||
		!digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &sec))
		return false;
	if (s[p] == '.')
	{
		int			nd = 0;

		p++;
		while (p < len && s[p] >= '0' && s[p] <= '9' && nd < 6)
		{
			frac = frac * 10 + (s[p] - '0');
			p++;
			nd++;
		}
		if (nd == 0)
			return false;
		for (; nd < 6; nd++)
			frac *= 10;
	}
	if (p + 1 != len || s[p] != 'Z')
		return false;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap) ||
		h > 23 || mi > 59 || sec > 59)
		return false;
	*ts = (days_from_civil(y, mo, d) - PG_EPOCH_DAYS) * CT_USEC_PER_DAY +
		(int64_t) h * INT64_C(3600000000) + (int64_t) mi * 60000000 + (int64_t) sec * 1000000 + frac;
	return true;
}

/* ------------------------------------------------------------ writing */

size_t
ct_profile_text_bound(const ct_profile_state *st)
{
	return 1024 + (size_t) st->ntimes * (CT_PROFILE_TIME_TEXT + 48) +
		(size_t) st->ntop * 40 + CT_JSON_STRING_BOUND(st->pool_live);
}

static size_t
put_pair(char *out, const char *name, int64_t known, int64_t yes)
{
	return (size_t) sprintf(out, ", \"%s\": [%lld, %lld]", name, (long long) known, (long long) yes);
}

size_t
ct_profile_to_text(const ct_profile_state *st, char *out, size_t outsize)
{
	const ct_profile_time *tm = ct_profile_times(st);
	const ct_profile_top *t = ct_profile_tops(st);
	int			idx[2 * CT_PROFILE_NFIELDS * CT_PROFILE_TOP_K];
	char		ts[CT_PROFILE_TIME_TEXT];
	size_t		o;
	uint32_t	i;
	int			f;

	if (outsize < ct_profile_text_bound(st))
	{
		if (outsize)
			out[0] = '\0';
		return 0;
	}
	o = (size_t) sprintf(out, "{\"format\": %d, \"tickets\": %lld, ", CT_PROFILE_FORMAT,
						 (long long) st->tickets);
	if (st->tickets == 0)
		o += (size_t) sprintf(out + o, "\"first\": null, \"last\": null");
	else
	{
		ct_profile_format_time(st->first_ts, ts);
		o += (size_t) sprintf(out + o, "\"first\": \"%s\", ", ts);
		ct_profile_format_time(st->last_ts, ts);
		o += (size_t) sprintf(out + o, "\"last\": \"%s\"", ts);
	}
	o += put_pair(out + o, "escalated", st->esc_known, st->esc_yes);
	o += put_pair(out + o, "unreasonable", st->unr_known, st->unr_yes);
	o += put_pair(out + o, "accepted", st->acc_known, st->acc_yes);
	o += (size_t) sprintf(out + o, ", \"handling\": [%lld, ", (long long) st->hand_n);
	o += ct_json_put_double(out + o, st->hand_sum);
	o += (size_t) sprintf(out + o, ", ");
	o += ct_json_put_double(out + o, st->hand_max);
	o += (size_t) sprintf(out + o, "], \"satisfaction\": [%lld, ", (long long) st->sat_n);
	o += ct_json_put_double(out + o, st->sat_sum);
	o += (size_t) sprintf(out + o, "], \"recent\": [");
	for (i = 0; i < st->ntimes; i++)
	{
		ct_profile_format_time(tm[i].ts, ts);
		o += (size_t) sprintf(out + o, "%s[\"%s\", %u, %u, %u]", i ? ", " : "", ts,
							  tm[i].n, tm[i].esc_known, tm[i].esc_yes);
	}
	out[o++] = ']';
	ct_profile_top_order(st, idx);
	for (f = 0; f < CT_PROFILE_NFIELDS; f++)
	{
		bool		first = true;

		o += (size_t) sprintf(out + o, ", \"%s\": {\"error\": %lld, \"counts\": [",
							  ct_profile_field_names[f], (long long) st->top_err[f]);
		for (i = 0; i < st->ntop; i++)
		{
			const ct_profile_top *x = &t[idx[i]];

			if (x->field != f)
				continue;
			if (!first)
			{
				out[o++] = ',';
				out[o++] = ' ';
			}
			first = false;
			out[o++] = '[';
			o += ct_json_put_string(out + o, ct_profile_top_value(st, x), x->len);
			o += (size_t) sprintf(out + o, ", %lld]", (long long) x->count);
		}
		out[o++] = ']';
		out[o++] = '}';
	}
	out[o++] = '}';
	out[o] = '\0';
	return o;
}

/* ------------------------------------------------------------ reading */

#define PROFILE_HINT "The text form is a JSON object with format, tickets, first, last, escalated, unreasonable, accepted, handling, satisfaction, recent, problem_type, channel and remedy (doc/profile.md)."
#define PROFILE_LONG_DETAIL "A problem type, channel or remedy has at most 1024 bytes."

typedef struct parse_ctx
{
	ct_json_reader r;
	ct_profile_state *dst;		/* NULL on the sizing pass */
	ct_profile_caps caps;		/* counted on the sizing pass */
} parse_ctx;

static ct_code
read_time(ct_json_reader *r, int64_t *ts)
{
	char		buf[64];
	size_t		len;
	size_t		at;
	ct_code		rc;

	ct_json_skip_ws(r);
	at = r->pos;
	if ((rc = ct_json_string(r, buf, sizeof(buf), &len)) != CT_OK || !ct_profile_parse_time(buf, len, ts) ||
		*ts < CT_PROFILE_MIN_TIME || *ts > CT_PROFILE_MAX_TIME)
	{
		r->pos = at;
		return ct_json_fail(r, "a time as \"YYYY-MM-DDTHH:MM:SS[.ffffff]Z\" in the years 1 to 9999");
	}
	return CT_OK;
}

/* "first" and "last": a time, or null */
static ct_code
read_time_or_null(ct_json_reader *r, int64_t *ts)
{
	if (ct_json_peek(r, 'n'))
	{
		if (r->len - r->pos >= 4 && memcmp(r->s + r->pos, "null", 4) == 0)
		{
			r->pos += 4;
			*ts = 0;
			return CT_OK;
		}
	}
	return read_time(r, ts);
}

/* "[a, b]" with non-negative integers */
static ct_code
read_pair(ct_json_reader *r, int64_t *a, int64_t *b)
{
	ct_code		rc;

	if ((rc = ct_json_expect(r, '[', "\"[\"")) != CT_OK ||
		(rc = ct_json_int(r, a, "a non-negative integer count")) != CT_OK ||
		(rc = ct_json_expect(r, ',', "\",\"")) != CT_OK ||
		(rc = ct_json_int(r, b, "a non-negative integer count")) != CT_OK)
		return rc;
	return ct_json_expect(r, ']', "\"]\"");
}

static ct_code
read_u32(ct_json_reader *r, uint32_t *v)
{
	int64_t		x;
	size_t		at;
	ct_code		rc;

	ct_json_skip_ws(r);
	at = r->pos;
	if ((rc = ct_json_int(r, &x, "a count")) != CT_OK)
		return rc;
	if (x > UINT32_MAX)
	{
		r->pos = at;
		return ct_json_fail(r, "a count below 4294967296");
	}
	*v = (uint32_t) x;
	return CT_OK;
}

static ct_code
too_large(ct_error *e)
{
	ct_fail(e, CT_ELIMIT, "profile_state text is too large");
	ct_detail(e, "A state keeps at most %d recent ticket times and %d bytes.",
			  CT_PROFILE_MAX_TIMES, CT_PROFILE_MAX_BYTES);
	return CT_ELIMIT;
}

/*
 * One member key of an object whose members may come in any order (jsonb
 * sorts them): its index in names[], each at most once; then the colon.
 */
static ct_code
read_member(ct_json_reader *r, const char *const *names, int n, unsigned *seen,
			int *which)
{
	char		buf[64];
	char		what[400];
	size_t		len,
				at,
				o = 0;
	int			i;
	ct_json_reader probe;

	ct_json_skip_ws(r);
	at = r->pos;
	for (i = 0; i < n; i++)
		if (!(*seen & (1u << i)))
			o += (size_t) snprintf(what + o, sizeof(what) - o, "%s\"%s\"", o ? " or " : "one of the keys ", names[i]);
	probe = *r;
	if (ct_json_string(&probe, buf, sizeof(buf), &len) == CT_OK)
		for (i = 0; i < n; i++)
			if (!(*seen & (1u << i)) && strlen(names[i]) == len && memcmp(names[i], buf, len) == 0)
			{
				*seen |= 1u << i;
				*which = i;
				r->pos = probe.pos;
				return ct_json_expect(r, ':', "\":\"");
			}
	r->pos = at;
	return ct_json_fail(r, what);
}

/* After a member: "," (more: *more = true) or the closing brace. */
static ct_code
next_member(ct_json_reader *r, bool *more)
{
	*more = ct_json_peek(r, ',');
	if (*more)
	{
		r->pos++;
		return CT_OK;
	}
	return ct_json_expect(r, '}', "\",\" or \"}\"");
}

/* The members of names[] that were not seen: the first is reported. */
static ct_code
check_all_seen(ct_json_reader *r, const char *const *names, int n, unsigned seen)
{
	char		what[80];
	int			i;

	for (i = 0; i < n; i++)
		if (!(seen & (1u << i)))
		{
			r->pos--;			/* at the closing brace */
			snprintf(what, sizeof(what), "the key \"%s\"", names[i]);
			return ct_json_fail(r, what);
		}
	return CT_OK;
}

static ct_code
read_recent(parse_ctx *c)
{
	ct_json_reader *r = &c->r;
	bool		empty,
				more;
	ct_code		rc;

	if ((rc = ct_json_array_open(r, "\"[\"", &empty)) != CT_OK)
		return rc;
	for (more = !empty; more;)
	{
		ct_profile_time x = {0};

		if ((rc = ct_json_expect(r, '[', "\"[\" opening a recent ticket time")) != CT_OK ||
			(rc = read_time(r, &x.ts)) != CT_OK ||
			(rc = ct_json_expect(r, ',', "\",\"")) != CT_OK ||
			(rc = read_u32(r, &x.n)) != CT_OK ||
			(rc = ct_json_expect(r, ',', "\",\"")) != CT_OK ||
			(rc = read_u32(r, &x.esc_known)) != CT_OK ||
			(rc = ct_json_expect(r, ',', "\",\"")) != CT_OK ||
			(rc = read_u32(r, &x.esc_yes)) != CT_OK ||
			(rc = ct_json_expect(r, ']', "\"]\" closing a recent ticket time")) != CT_OK)
			return rc;
		if (c->dst == NULL)
		{
			if (++c->caps.times > CT_PROFILE_MAX_TIMES)
				return too_large(r->e);
		}
		else
			ct_profile_times(c->dst)[c->dst->ntimes++] = x;
		if ((rc = ct_json_array_next(r, &more)) != CT_OK)
			return rc;
	}
	return CT_OK;
}

/* The "counts" array of field f. */
static ct_code
read_counts(parse_ctx *c, int f)
{
	ct_json_reader *r = &c->r;
	ct_code		rc;
	bool		empty,
				more;
	int			n;

	if ((rc = ct_json_array_open(r, "\"[\"", &empty)) != CT_OK)
		return rc;
	for (n = 0, more = !empty; more; n++)
	{
		char		buf[CT_PROFILE_MAX_KEY];
		size_t		len;
		int64_t		count;

		if ((rc = ct_json_expect(r, '[', "\"[\" opening a value count")) != CT_OK ||
			(rc = ct_json_string(r, buf, sizeof(buf), &len)) != CT_OK ||
			(rc = ct_json_expect(r, ',', "\",\"")) != CT_OK ||
			(rc = ct_json_int(r, &count, "a non-negative integer count")) != CT_OK ||
			(rc = ct_json_expect(r, ']', "\"]\" closing a value count")) != CT_OK)
			return rc;
		if (n >= CT_PROFILE_TOP_K)
		{
			ct_fail(r->e, CT_EFORMAT, "invalid profile_state text");
			ct_detail(r->e, "The field %s has more than %d counted values.", ct_profile_field_names[f], CT_PROFILE_TOP_K);
			return CT_EFORMAT;
		}
		if (c->dst == NULL)
		{
			c->caps.pool += (uint32_t) len;
			c->caps.top++;
		}
		else
		{
			ct_profile_state *st = c->dst;
			ct_profile_top *x = &ct_profile_tops(st)[st->ntop];

			/* the order is checked here, every other invariant by ct_profile_check */
			x->count = count;
			x->off = st->pool_used;
			x->len = (uint16_t) len;
			x->field = (uint8_t) f;
			x->reserved = 0;
			if (len)
				memcpy(ct_profile_pool(st) + st->pool_used, buf, len);
			if (n > 0 && ct_profile_top_cmp(st, x - 1, st, x) >= 0)
			{
				ct_fail(r->e, CT_EFORMAT, "invalid profile_state text");
				ct_detail(r->e, "The counts of %s must be in ascending byte order of the value, without duplicates.",
						  ct_profile_field_names[f]);
				return CT_EFORMAT;
			}
			st->pool_used += (uint32_t) len;
			st->pool_live += (uint32_t) len;
			st->ntop++;
		}
		if ((rc = ct_json_array_next(r, &more)) != CT_OK)
			return rc;
	}
	return CT_OK;
}

/* {"error": e, "counts": [...]} of field f */
static ct_code
read_field(parse_ctx *c, int f)
{
	static const char *const names[] = {"error", "counts"};
	ct_json_reader *r = &c->r;
	unsigned	seen = 0;
	bool		more = true;
	int64_t		err = 0;
	ct_code		rc;

	if ((rc = ct_json_expect(r, '{', "\"{\"")) != CT_OK)
		return rc;
	while (more)
	{
		int			which;

		if ((rc = read_member(r, names, 2, &seen, &which)) != CT_OK)
			return rc;
		if (which == 0)
			rc = ct_json_int(r, &err, "a non-negative integer error");
		else
			rc = read_counts(c, f);
		if (rc != CT_OK || (rc = next_member(r, &more)) != CT_OK)
			return rc;
	}
	if (c->dst)
		c->dst->top_err[f] = err;
	return check_all_seen(r, names, 2, seen);
}

static ct_code
read_format(ct_json_reader *r)
{
	int64_t		format;
	size_t		at;
	ct_code		rc;

	ct_json_skip_ws(r);
	at = r->pos;
	if ((rc = ct_json_int(r, &format, "a format number")) != CT_OK)
		return rc;
	if (format != CT_PROFILE_FORMAT)
	{
		r->pos = at;
		ct_fail(r->e, CT_EFORMAT, "unsupported profile_state format %lld", (long long) format);
		ct_detail(r->e, "This version reads format %d.", CT_PROFILE_FORMAT);
		r->e->position = ct_json_char_pos(r);
		return CT_EFORMAT;
	}
	return CT_OK;
}

/* "[n, sum]" or "[n, sum, max]" */
static ct_code
read_measure(ct_json_reader *r, int64_t *n, double *sum, double *max, const char *what)
{
	char		sum_what[64],
				max_what[64];
	ct_code		rc;

	snprintf(sum_what, sizeof(sum_what), "a finite %s sum", what);
	snprintf(max_what, sizeof(max_what), "a finite %s maximum", what);
	if ((rc = ct_json_expect(r, '[', "\"[\"")) != CT_OK ||
		(rc = ct_json_int(r, n, "a non-negative integer count")) != CT_OK ||
		(rc = ct_json_expect(r, ',', "\",\"")) != CT_OK ||
		(rc = ct_json_double(r, sum, sum_what)) != CT_OK)
		return rc;
	if (max != NULL &&
		((rc = ct_json_expect(r, ',', "\",\"")) != CT_OK ||
		 (rc = ct_json_double(r, max, max_what)) != CT_OK))
		return rc;
	return ct_json_expect(r, ']', "\"]\"");
}

enum
{
	M_FORMAT, M_TICKETS, M_FIRST, M_LAST, M_ESCALATED, M_UNREASONABLE, M_ACCEPTED,
	M_HANDLING, M_SATISFACTION, M_RECENT, M_PROBLEM, M_CHANNEL, M_REMEDY, M_COUNT
};

static ct_code
parse_pass(parse_ctx *c)
{
	static const char *const names[M_COUNT] = {
		"format", "tickets", "first", "last", "escalated", "unreasonable", "accepted",
		"handling", "satisfaction", "recent", "problem_type", "channel", "remedy"
	};
	ct_json_reader *r = &c->r;
	ct_profile_state tmp;
	ct_profile_state *h = c->dst ? c->dst : &tmp;
	unsigned	seen = 0;
	bool		more = true;
	ct_code		rc;

	if ((rc = ct_json_expect(r, '{', "\"{\"")) != CT_OK)
		return rc;
	while (more)
	{
		int			which;

		if ((rc = read_member(r, names, M_COUNT, &seen, &which)) != CT_OK)
			return rc;
		switch (which)
		{
			case M_FORMAT:
				rc = read_format(r);
				break;
			case M_TICKETS:
				rc = ct_json_int(r, &h->tickets, "a non-negative ticket count");
				break;
			case M_FIRST:
				rc = read_time_or_null(r, &h->first_ts);
				break;
			case M_LAST:
				rc = read_time_or_null(r, &h->last_ts);
				break;
			case M_ESCALATED:
				rc = read_pair(r, &h->esc_known, &h->esc_yes);
				break;
			case M_UNREASONABLE:
				rc = read_pair(r, &h->unr_known, &h->unr_yes);
				break;
			case M_ACCEPTED:
				rc = read_pair(r, &h->acc_known, &h->acc_yes);
				break;
			case M_HANDLING:
				rc = read_measure(r, &h->hand_n, &h->hand_sum, &h->hand_max, "handling");
				break;
			case M_SATISFACTION:
				rc = read_measure(r, &h->sat_n, &h->sat_sum, NULL, "satisfaction");
				break;
			case M_RECENT:
				rc = read_recent(c);
				break;
			default:
				rc = read_field(c, which - M_PROBLEM);
				break;
		}
		if (rc != CT_OK || (rc = next_member(r, &more)) != CT_OK)
			return rc;
	}
	if ((rc = check_all_seen(r, names, M_COUNT, seen)) != CT_OK)
		return rc;
	return ct_json_end(r);
}

ct_code
ct_profile_parse(const char *text, size_t len, ct_profile_state *dst,
				 ct_profile_caps *caps, ct_error *e)
{
	parse_ctx	c;
	ct_code		rc;

	ct_error_clear(e);
	ct_json_init(&c.r, text, len, e, "profile_state", PROFILE_HINT, PROFILE_LONG_DETAIL);
	c.dst = dst;
	c.caps.times = c.caps.top = c.caps.pool = 0;
	if (dst != NULL)
	{
		ct_profile_caps have = {dst->cap_times, dst->cap_top, dst->pool_cap};

		ct_profile_init(dst, &have);
	}
	if ((rc = parse_pass(&c)) != CT_OK)
		return rc;
	if (dst == NULL)
	{
		if (ct_profile_bytes(&c.caps) > CT_PROFILE_MAX_BYTES)
			return too_large(e);
		*caps = c.caps;
		return CT_OK;
	}
	/* every invariant, as for a binary value */
	{
		ct_profile_caps used = {dst->cap_times, dst->cap_top, dst->pool_cap};

		if ((rc = ct_profile_check(dst, ct_profile_bytes(&used), e)) != CT_OK)
		{
			if (e->code == CT_EFORMAT)
				snprintf(e->message, sizeof(e->message), "invalid profile_state text");
			return rc;
		}
	}
	return CT_OK;
}
