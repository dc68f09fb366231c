/*
 * test_profile.c
 *		Unit tests of src/core/ct_profile_*.c: ISO times against known
 *		values, a customer's profile worked by hand, rolling windows and the
 *		365-day horizon against a brute-force count over random tickets,
 *		merge in any order against one pass, the Misra-Gries error bound,
 *		the text form round trip and its malformed inputs, the block checks,
 *		and the sample tickets against the sample customers.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ct_profile.h"
#include "ct_profile_sample.h"
#include "ct_sample.h"

#define DAY CT_USEC_PER_DAY
#define HOUR (CT_USEC_PER_DAY / 24)

/* 2025-01-01 00:00:00 UTC */
#define T0 CT_SAMPLE_TICKETS_AS_OF

static ct_profile_state *
new_state(uint32_t times, uint32_t top, uint32_t pool)
{
	ct_profile_caps caps = {times, top, pool};
	ct_profile_state *st = malloc(ct_profile_bytes(&caps));

	assert_non_null(st);
	ct_profile_init(st, &caps);
	return st;
}

/* What the glue does: add in place, or grow into a compact copy first. */
static ct_profile_state *
add(ct_profile_state *st, const ct_ticket *t)
{
	ct_profile_caps need;
	ct_error	e;

	assert_int_equal(ct_profile_check_ticket(t, &e), CT_OK);
	if (st == NULL)
		st = new_state(1, 3, 8);
	if (!ct_profile_room(st, t, &need))
	{
		ct_profile_state *g = new_state(need.times, need.top, need.pool);

		ct_profile_copy(g, st);
		free(st);
		st = g;
	}
	assert_int_equal(ct_profile_add(st, t, &e), CT_OK);
	return st;
}

static ct_ticket
ticket(int64_t ts, const char *problem, const char *channel, int escalated,
	   int unreasonable, double hours, int accepted, double sat)
{
	ct_ticket	t;

	memset(&t, 0, sizeof(t));
	t.ts = ts;
	t.value[CT_PROFILE_PROBLEM] = problem;
	t.len[CT_PROFILE_PROBLEM] = problem ? strlen(problem) : 0;
	t.value[CT_PROFILE_CHANNEL] = channel;
	t.len[CT_PROFILE_CHANNEL] = channel ? strlen(channel) : 0;
	t.escalated = escalated;
	t.unreasonable = unreasonable;
	t.accepted = accepted;
	t.has_handling = hours >= 0;
	t.handling_hours = hours;
	t.has_satisfaction = sat > 0;
	t.satisfaction = sat;
	return t;
}

static ct_profile_state *
merged(const ct_profile_state *a, const ct_profile_state *b)
{
	ct_profile_caps ua,
				ub;
	ct_profile_state *m;
	ct_error	e;

	ct_profile_used(a, &ua);
	ct_profile_used(b, &ub);
	m = new_state(ua.times + ub.times, ua.top + ub.top, ua.pool + ub.pool);
	assert_int_equal(ct_profile_merge(m, a, b, &e), CT_OK);
	return m;
}

static char *
to_text(const ct_profile_state *st)
{
	size_t		bound = ct_profile_text_bound(st) + 1;
	char	   *out = malloc(bound);

	assert_non_null(out);
	assert_true(ct_profile_to_text(st, out, bound) > 0);
	return out;
}

static ct_profile_state *
from_text(const char *text)
{
	ct_profile_caps caps;
	ct_profile_state *st;
	ct_error	e;

	assert_int_equal(ct_profile_parse(text, strlen(text), NULL, &caps, &e), CT_OK);
	st = new_state(caps.times, caps.top, caps.pool);
	assert_int_equal(ct_profile_parse(text, strlen(text), st, &caps, &e), CT_OK);
	return st;
}

static void
assert_valid(const ct_profile_state *st)
{
	ct_profile_caps caps = {st->cap_times, st->cap_top, st->pool_cap};
	ct_error	e;

	if (ct_profile_check(st, ct_profile_bytes(&caps), &e) != CT_OK)
		fail_msg("%s: %s", e.message, e.detail);
}

/* Known instants: PostgreSQL's epoch, the sample's as-of time, the range ends. */
static void
test_times(void **state)
{
	char		buf[CT_PROFILE_TIME_TEXT];
	int64_t		ts;
	int			i;
	static const char *const bad[] = {
		"2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z",
		"2024-01-01 00:00:00Z", "2024-01-01T00:00:00", "2024-01-01T00:00:00.Z",
		"2024-01-01T00:00:00.1234567Z", "0000-12-31T23:59:59Z", "2024-1-01T00:00:00Z"
	};

	(void) state;
	ct_profile_format_time(0, buf);
	assert_string_equal(buf, "2000-01-01T00:00:00Z");
	ct_profile_format_time(T0, buf);
	assert_string_equal(buf, "2025-01-01T00:00:00Z");
	ct_profile_format_time(CT_PROFILE_MIN_TIME, buf);
	assert_string_equal(buf, "0001-01-01T00:00:00Z");
	ct_profile_format_time(CT_PROFILE_MAX_TIME, buf);
	assert_string_equal(buf, "9999-12-31T23:59:59.999999Z");
	ct_profile_format_time(-1, buf);
	assert_string_equal(buf, "1999-12-31T23:59:59.999999Z");
	/* 2024-02-29 12:34:56.5 = 8825 days after 2000-01-01 (2000..2023: 24 years, 6 leap days) + 59 */
	assert_true(ct_profile_parse_time("2024-02-29T12:34:56.5Z", 22, &ts));
	assert_true(ts == (INT64_C(8766) + 59) * DAY + 12 * HOUR + INT64_C(34) * 60000000 + INT64_C(56500000));
	ct_profile_format_time(ts, buf);
	assert_string_equal(buf, "2024-02-29T12:34:56.500000Z");
	for (i = 0; i < (int) (sizeof(bad) / sizeof(bad[0])); i++)
		assert_false(ct_profile_parse_time(bad[i], strlen(bad[i]), &ts));
	/* round trip over the range */
	for (i = 0; i < 20000; i++)
	{
		int64_t		x = CT_PROFILE_MIN_TIME + (int64_t) ((double) rand() / RAND_MAX *
														 (double) (CT_PROFILE_MAX_TIME - CT_PROFILE_MIN_TIME));
		size_t		n = ct_profile_format_time(x, buf);

		assert_true(ct_profile_parse_time(buf, n, &ts));
		assert_true(ts == x);
	}
}

/*
 * A customer worked by hand, as-of 2025-01-01 00:00 UTC:
 *	t1 2023-11-15 (413 days back: outside every window), billing, hotline,
 *	   escalated, reasonable, 30 h, accepted, satisfaction 4
 *	t2 2024-09-01 10:00 (121.58 days: in 365), billing, online, not
 *	   escalated, unreasonable, 50 h, not accepted, satisfaction 2
 *	t3 2024-11-20 (42 days: in 90 and 365), network, hotline, escalation
 *	   unknown, reasonable, handling unknown, outcome unknown, no survey
 *	t4 2024-12-20 (12 days: in all), billing, hotline, escalated, judgement
 *	   unknown, 10 h, accepted, satisfaction 5
 * complaints 30/90/365 = 1/2/3; escalations 2 of 3 known, 12 months 1 of 2
 * known; unreasonable 1/3; handling mean 30 h, max 50; accepted 2/3;
 * satisfaction 11/3; most frequent problem billing (3), channel hotline (3).
 */
static void
test_hand_example(void **state)
{
	ct_profile_state *st = NULL;
	ct_profile_row row;
	ct_ticket	t;
	ct_error	e;
	int64_t		n,
				k,
				y;

	(void) state;
	t = ticket(T0 - 413 * DAY, "billing", "hotline", 1, 0, 30, 1, 4);	/* 2023-11-15 */
	st = add(st, &t);
	t = ticket(T0 - 122 * DAY + 10 * HOUR, "billing", "online", 0, 1, 50, 0, 2);	/* 2024-09-01 10:00 */
	st = add(st, &t);
	t = ticket(T0 - 42 * DAY, "network", "hotline", -1, 0, -1, -1, 0);	/* 2024-11-20 */
	st = add(st, &t);
	t = ticket(T0 - 12 * DAY, "billing", "hotline", 1, -1, 10, 1, 5);	/* 2024-12-20 */
	st = add(st, &t);
	assert_valid(st);
	assert_int_equal(ct_profile_summary(st, T0, &row, &e), CT_OK);
	assert_int_equal(row.tickets, 4);
	assert_int_equal(row.complaints_30d, 1);
	assert_int_equal(row.complaints_90d, 2);
	assert_int_equal(row.complaints_365d, 3);
	assert_false(row.escalations_null);
	assert_int_equal(row.escalations, 2);
	assert_false(row.escalations_12m_null);
	assert_int_equal(row.escalations_12m, 1);
	assert_true(row.first_ts == T0 - 413 * DAY);
	assert_true(row.last_ts == T0 - 12 * DAY);
	assert_true(row.days_since_last == 12.0);
	assert_true(row.complainant_days == 413.0);
	assert_true(fabs(row.unreasonable_ratio - 1.0 / 3.0) < 1e-15);
	assert_true(row.handling_hours == 30.0);
	assert_true(row.handling_hours_max == 50.0);
	assert_true(fabs(row.accepted_ratio - 2.0 / 3.0) < 1e-15);
	assert_true(fabs(row.satisfaction - 11.0 / 3.0) < 1e-15);
	assert_memory_equal(ct_profile_pool(st) + ct_profile_tops(st)[row.top[CT_PROFILE_PROBLEM]].off, "billing", 7);
	assert_int_equal(ct_profile_tops(st)[row.top[CT_PROFILE_PROBLEM]].count, 3);
	assert_memory_equal(ct_profile_pool(st) + ct_profile_tops(st)[row.top[CT_PROFILE_CHANNEL]].off, "hotline", 7);
	assert_int_equal(row.top[CT_PROFILE_REMEDY], -1);
	/* the ticket older than 365 days is gone from the recent times */
	assert_int_equal(st->ntimes, 3);
	/* a window of 122 days holds the 2024-09-01 10:00 ticket, one of 121 does not */
	assert_int_equal(ct_profile_window(st, T0, 122, &n, &k, &y, &e), CT_OK);
	assert_int_equal(n, 3);
	assert_int_equal(ct_profile_window(st, T0, 121, &n, &k, &y, &e), CT_OK);
	assert_int_equal(n, 2);
	assert_int_equal(k, 1);
	assert_int_equal(y, 1);
	/* as_of before the last ticket, windows out of range */
	assert_int_equal(ct_profile_summary(st, T0 - 13 * DAY, &row, &e), CT_EINVAL);
	assert_string_equal(e.message, "as_of is before the last ticket of the profile");
	assert_string_equal(e.detail, "as_of is 2024-12-19T00:00:00Z; the last ticket is at 2024-12-20T00:00:00Z.");
	assert_int_equal(ct_profile_window(st, T0, 0, &n, &k, &y, &e), CT_EINVAL);
	assert_int_equal(ct_profile_window(st, T0, 366, &n, &k, &y, &e), CT_EINVAL);
	assert_int_equal(ct_profile_summary(st, CT_PROFILE_MAX_TIME + 1, &row, &e), CT_EINVAL);
	free(st);
}

typedef struct raw_ticket
{
	int64_t		ts;
	int			problem;
	int			esc;
} raw_ticket;

/* Random tickets over two years, in random order, against a brute-force count. */
static void
test_windows_random(void **state)
{
	raw_ticket	r[400];
	char		names[40][8];
	int			round;

	(void) state;
	for (round = 0; round < 40; round++)
		snprintf(names[round], sizeof(names[round]), "p%02d", round);
	srand(7);
	for (round = 0; round < 200; round++)
	{
		ct_profile_state *st = NULL;
		int			n = 1 + rand() % 400;
		int			i;
		int64_t		last = INT64_MIN;
		int			days[] = {1, 7, 30, 90, 180, 365};

		for (i = 0; i < n; i++)
		{
			ct_ticket	t;

			/* whole seconds, many on the same second so that times repeat */
			r[i].ts = T0 - (int64_t) (rand() % (730 * 24)) * HOUR + (rand() % 3) * 1000000;
			r[i].problem = rand() % 3;
			r[i].esc = rand() % 3 - 1;
			t = ticket(r[i].ts, names[r[i].problem], NULL, r[i].esc, -1, -1, -1, 0);
			st = add(st, &t);
			if (r[i].ts > last)
				last = r[i].ts;
		}
		assert_valid(st);
		for (i = 0; i < 6; i++)
		{
			int64_t		as_of = last + (int64_t) (rand() % 100) * DAY * (rand() % 2);
			int64_t		bn = 0,
						bk = 0,
						by = 0,
						nn,
						kk,
						yy;
			ct_error	e;
			int			j;

			for (j = 0; j < n; j++)
				if (r[j].ts > as_of - days[i] * DAY && r[j].ts <= as_of)
				{
					bn++;
					bk += r[j].esc >= 0;
					by += r[j].esc > 0;
				}
			assert_int_equal(ct_profile_window(st, as_of, days[i], &nn, &kk, &yy, &e), CT_OK);
			assert_int_equal(nn, bn);
			assert_int_equal(kk, bk);
			assert_int_equal(yy, by);
		}
		free(st);
	}
}

/* Split random tickets into parts, merge in two orders: equal to one pass. */
static void
test_merge_equals_one_pass(void **state)
{
	static const char *const problems[] = {"billing", "network", "app", "terminal"};
	static const char *const channels[] = {"hotline", "online"};
	int			round;

	(void) state;
	srand(11);
	for (round = 0; round < 100; round++)
	{
		ct_profile_state *whole = NULL;
		ct_profile_state *part[3] = {NULL, NULL, NULL};
		ct_profile_state *m1,
				   *m2,
				   *tmp;
		char	   *a,
				   *b,
				   *c;
		int			n = 1 + rand() % 300;
		int			i;

		for (i = 0; i < n; i++)
		{
			/* integral hours and scores: sums are exact in any order */
			ct_ticket	t = ticket(T0 - (int64_t) (rand() % 900) * DAY / 2, problems[rand() % 4],
								   rand() % 5 ? channels[rand() % 2] : NULL,
								   rand() % 3 - 1, rand() % 3 - 1, rand() % 4 ? rand() % 100 : -1,
								   rand() % 3 - 1, rand() % 6);
			int			p = rand() % 3;

			whole = add(whole, &t);
			part[p] = add(part[p], &t);
		}
		for (i = 0; i < 3; i++)
			if (part[i] == NULL)
				part[i] = new_state(0, 0, 0);
		tmp = merged(part[0], part[1]);
		m1 = merged(tmp, part[2]);
		free(tmp);
		tmp = merged(part[2], part[0]);
		m2 = merged(part[1], tmp);
		free(tmp);
		assert_valid(m1);
		assert_valid(m2);
		a = to_text(whole);
		b = to_text(m1);
		c = to_text(m2);
		assert_string_equal(a, b);
		assert_string_equal(a, c);
		free(a);
		free(b);
		free(c);
		free(m1);
		free(m2);
		free(whole);
		for (i = 0; i < 3; i++)
			free(part[i]);
	}
}

/*
 * More than K distinct values (a skewed stream): every counter undercounts
 * its value by at most the error, a value without a counter has at most
 * `error` tickets, the error is at most n/(K+1), in one pass and merged.
 */
static void
test_misra_gries_bound(void **state)
{
	int			round;

	(void) state;
	srand(13);
	for (round = 0; round < 50; round++)
	{
		int			truth[100] = {0};
		char		name[100][8];
		ct_profile_state *one = NULL;
		ct_profile_state *half[2] = {NULL, NULL};
		ct_profile_state *m;
		ct_profile_state *check[2];
		int			n = 200 + rand() % 2000;
		int			i,
					v,
					c;

		for (v = 0; v < 100; v++)
			snprintf(name[v], sizeof(name[v]), "v%02d", v);
		for (i = 0; i < n; i++)
		{
			ct_ticket	t;

			/* value 0 a third of the time, else 1..99 with a heavy head */
			v = rand() % 3 == 0 ? 0 : 1 + (int) (99.0 * pow((double) rand() / RAND_MAX, 3));
			if (v > 99)
				v = 99;
			truth[v]++;
			t = ticket(T0 - (int64_t) (rand() % 100) * DAY, name[v], NULL, -1, -1, -1, -1, 0);
			one = add(one, &t);
			half[i % 2] = add(half[i % 2], &t);
		}
		m = merged(half[0], half[1]);
		check[0] = one;
		check[1] = m;
		for (c = 0; c < 2; c++)
		{
			ct_profile_state *st = check[c];
			int64_t		err = st->top_err[CT_PROFILE_PROBLEM];
			int			idx[48];
			int			k = ct_profile_top_sorted(st, CT_PROFILE_PROBLEM, idx);

			assert_valid(st);
			assert_true(k <= CT_PROFILE_TOP_K);
			assert_true(err * (CT_PROFILE_TOP_K + 1) <= n);
			for (v = 0; v < 100; v++)
			{
				int64_t		est = 0;
				int			j;

				for (j = 0; j < k; j++)
				{
					const ct_profile_top *x = &ct_profile_tops(st)[idx[j]];

					if (x->len == strlen(name[v]) && memcmp(ct_profile_pool(st) + x->off, name[v], x->len) == 0)
						est = x->count;
				}
				assert_true(est <= truth[v]);
				assert_true(truth[v] - est <= err);
			}
			/* value 0 holds a third of the tickets: far above n/(K+1), always reported first */
			assert_memory_equal(ct_profile_pool(st) + ct_profile_tops(st)[idx[0]].off, "v00", 3);
		}
		free(one);
		free(half[0]);
		free(half[1]);
		free(m);
	}
}

static void
test_text_round_trip(void **state)
{
	ct_profile_state *st = NULL;
	ct_profile_state *back;
	char	   *a,
			   *b;
	ct_ticket	t;
	int			i;

	(void) state;
	t = ticket(T0 - 400 * DAY, "bill\"ing", "hot\\line", 1, 0, 0.1, 1, 4.5);
	st = add(st, &t);
	t = ticket(T0 - 3 * DAY + 123456, "caf\xc3\xa9", "online", -1, -1, 1e-7, -1, 0);
	st = add(st, &t);
	t = ticket(T0 - 3 * DAY + 123456, "", "\n", 0, 1, 2.0 / 3.0, 0, 1);
	t.value[2] = "refund";
	t.len[2] = 6;
	st = add(st, &t);
	a = to_text(st);
	assert_string_equal(a,
						"{\"format\": 1, \"tickets\": 3, \"first\": \"2023-11-28T00:00:00Z\", \"last\": \"2024-12-29T00:00:00.123456Z\", "
						"\"escalated\": [2, 1], \"unreasonable\": [2, 1], \"accepted\": [2, 1], "
						"\"handling\": [3, 0.7666667666666667, 0.6666666666666666], \"satisfaction\": [2, 5.5], "
						"\"recent\": [[\"2024-12-29T00:00:00.123456Z\", 2, 1, 0]], "
						"\"problem_type\": {\"error\": 0, \"counts\": [[\"\", 1], [\"bill\\\"ing\", 1], [\"caf\xc3\xa9\", 1]]}, "
						"\"channel\": {\"error\": 0, \"counts\": [[\"\\u000a\", 1], [\"hot\\\\line\", 1], [\"online\", 1]]}, "
						"\"remedy\": {\"error\": 0, \"counts\": [[\"refund\", 1]]}}");
	back = from_text(a);
	b = to_text(back);
	assert_string_equal(a, b);
	free(a);
	free(b);
	free(back);
	free(st);
	/* an empty state */
	st = new_state(0, 0, 0);
	a = to_text(st);
	assert_string_equal(a, "{\"format\": 1, \"tickets\": 0, \"first\": null, \"last\": null, \"escalated\": [0, 0], "
						"\"unreasonable\": [0, 0], \"accepted\": [0, 0], \"handling\": [0, 0, 0], \"satisfaction\": [0, 0], "
						"\"recent\": [], \"problem_type\": {\"error\": 0, \"counts\": []}, \"channel\": {\"error\": 0, "
						"\"counts\": []}, \"remedy\": {\"error\": 0, \"counts\": []}}");
	back = from_text(a);
	assert_int_equal(back->tickets, 0);
	free(back);
	free(a);
	free(st);
	/* random states round-trip */
	srand(17);
	for (i = 0; i < 200; i++)
	{
		int			n = 1 + rand() % 50,
					j;

		st = NULL;
		for (j = 0; j < n; j++)
		{
			char		p[8];

			snprintf(p, sizeof(p), "p%d", rand() % 30);
			t = ticket(T0 - (int64_t) rand() * 1000, p, NULL, rand() % 3 - 1, rand() % 3 - 1,
					   (double) rand() / RAND_MAX * 100, rand() % 3 - 1, (double) rand() / RAND_MAX * 5);
			st = add(st, &t);
		}
		a = to_text(st);
		back = from_text(a);
		b = to_text(back);
		assert_string_equal(a, b);
		assert_true(back->hand_sum == st->hand_sum && back->sat_sum == st->sat_sum);
		free(a);
		free(b);
		free(back);
		free(st);
	}
}

static void
test_text_malformed(void **state)
{
	static const char *const good_tail = ", \"escalated\": [0, 0], \"unreasonable\": [0, 0], \"accepted\": [0, 0], \"handling\": [0, 0, 0], \"satisfaction\": [0, 0], \"recent\": [], \"problem_type\": {\"error\": 0, \"counts\": []}, \"channel\": {\"error\": 0, \"counts\": []}, \"remedy\": {\"error\": 0, \"counts\": []}}";
	static const struct
	{
		const char *text;
		ct_code		code;
		const char *message;
	}			cases[] = {
		{"", CT_EFORMAT, "malformed profile_state text"},
		{"{\"format\": 2}", CT_EFORMAT, "unsupported profile_state format 2"},
		{"{\"format\": 1, \"tickets\": -1}", CT_EFORMAT, "malformed profile_state text"},
		{"{\"format\": 1, \"tickets\": 1, \"first\": \"2024-02-30T00:00:00Z\"}", CT_EFORMAT, "malformed profile_state text"},
		/* a ticket but no recent time */
		{"{\"format\": 1, \"tickets\": 1, \"first\": \"2024-01-01T00:00:00Z\", \"last\": \"2024-01-01T00:00:00Z\", \"escalated\": [0, 0], \"unreasonable\": [0, 0], \"accepted\": [0, 0], \"handling\": [0, 0, 0], \"satisfaction\": [0, 0], \"recent\": [], \"problem_type\": {\"error\": 0, \"counts\": []}, \"channel\": {\"error\": 0, \"counts\": []}, \"remedy\": {\"error\": 0, \"counts\": []}}", CT_EFORMAT, "invalid profile_state text"},
		/* more accepted than known */
		{"{\"format\": 1, \"tickets\": 1, \"first\": \"2024-01-01T00:00:00Z\", \"last\": \"2024-01-01T00:00:00Z\", \"escalated\": [0, 0], \"unreasonable\": [0, 0], \"accepted\": [0, 1], \"handling\": [0, 0, 0], \"satisfaction\": [0, 0], \"recent\": [[\"2024-01-01T00:00:00Z\", 1, 0, 0]], \"problem_type\": {\"error\": 0, \"counts\": []}, \"channel\": {\"error\": 0, \"counts\": []}, \"remedy\": {\"error\": 0, \"counts\": []}}", CT_EFORMAT, "invalid profile_state text"},
		/* counts out of order */
		{"{\"format\": 1, \"tickets\": 2, \"first\": \"2024-01-01T00:00:00Z\", \"last\": \"2024-01-01T00:00:00Z\", \"escalated\": [0, 0], \"unreasonable\": [0, 0], \"accepted\": [0, 0], \"handling\": [0, 0, 0], \"satisfaction\": [0, 0], \"recent\": [[\"2024-01-01T00:00:00Z\", 2, 0, 0]], \"problem_type\": {\"error\": 0, \"counts\": [[\"b\", 1], [\"a\", 1]]}, \"channel\": {\"error\": 0, \"counts\": []}, \"remedy\": {\"error\": 0, \"counts\": []}}", CT_EFORMAT, "invalid profile_state text"},
		/* a recent time more than 365 days before the last */
		{"{\"format\": 1, \"tickets\": 2, \"first\": \"2023-01-01T00:00:00Z\", \"last\": \"2024-01-02T00:00:00Z\", \"escalated\": [0, 0], \"unreasonable\": [0, 0], \"accepted\": [0, 0], \"handling\": [0, 0, 0], \"satisfaction\": [0, 0], \"recent\": [[\"2023-01-01T00:00:00Z\", 1, 0, 0], [\"2024-01-02T00:00:00Z\", 1, 0, 0]], \"problem_type\": {\"error\": 0, \"counts\": []}, \"channel\": {\"error\": 0, \"counts\": []}, \"remedy\": {\"error\": 0, \"counts\": []}}", CT_EFORMAT, "invalid profile_state text"},
		/* a non-finite sum */
		{"{\"format\": 1, \"tickets\": 1, \"first\": \"2024-01-01T00:00:00Z\", \"last\": \"2024-01-01T00:00:00Z\", \"escalated\": [0, 0], \"unreasonable\": [0, 0], \"accepted\": [0, 0], \"handling\": [1, 1e999, 0], \"satisfaction\": [0, 0]}", CT_EFORMAT, "malformed profile_state text"},
	};
	char		buf[2048];
	int			i;

	(void) state;
	for (i = 0; i < (int) (sizeof(cases) / sizeof(cases[0])); i++)
	{
		ct_profile_caps caps;
		ct_profile_state *st;
		ct_error	e;
		ct_code		rc = ct_profile_parse(cases[i].text, strlen(cases[i].text), NULL, &caps, &e);

		if (rc == CT_OK)
		{
			/* syntax is fine: the invariants fail on the filling pass */
			st = new_state(caps.times, caps.top, caps.pool);
			rc = ct_profile_parse(cases[i].text, strlen(cases[i].text), st, &caps, &e);
			free(st);
		}
		if (rc != cases[i].code || strcmp(e.message, cases[i].message) != 0)
			fail_msg("case %d: got %d \"%s\" (%s)", i, rc, e.message, e.detail);
	}
	/* the empty state with trailing text */
	snprintf(buf, sizeof(buf), "{\"format\": 1, \"tickets\": 0, \"first\": null, \"last\": null%s x", good_tail);
	{
		ct_profile_caps caps;
		ct_error	e;

		assert_int_equal(ct_profile_parse(buf, strlen(buf), NULL, &caps, &e), CT_EFORMAT);
		assert_string_equal(e.detail, "Expected the end of the input at character 305.");
	}
}

/* Corrupt blocks: sizes, counts, duplicate values. */
static void
test_check_corrupt(void **state)
{
	ct_profile_state *st = NULL;
	ct_profile_caps caps;
	ct_ticket	t;
	ct_error	e;
	size_t		bytes;
	uint32_t	i;

	(void) state;
	t = ticket(T0, "billing", "hotline", 1, 0, 5, 1, 3);
	st = add(st, &t);
	t = ticket(T0 - DAY, "network", "hotline", 1, 0, 5, 1, 3);
	st = add(st, &t);
	caps.times = st->cap_times;
	caps.top = st->cap_top;
	caps.pool = st->pool_cap;
	bytes = ct_profile_bytes(&caps);
	assert_int_equal(ct_profile_check(st, bytes, &e), CT_OK);
	assert_int_equal(ct_profile_check(st, bytes - 1, &e), CT_EFORMAT);
	st->format = 9;
	assert_int_equal(ct_profile_check(st, bytes, &e), CT_EFORMAT);
	assert_string_equal(e.message, "unsupported profile_state format 9");
	st->format = CT_PROFILE_FORMAT;
	st->acc_yes = 3;
	assert_int_equal(ct_profile_check(st, bytes, &e), CT_EFORMAT);
	st->acc_yes = 2;
	st->hand_max = NAN;
	assert_int_equal(ct_profile_check(st, bytes, &e), CT_EFORMAT);
	st->hand_max = 5;
	ct_profile_times(st)[0].ts = T0 + 1;
	assert_int_equal(ct_profile_check(st, bytes, &e), CT_EFORMAT);
	ct_profile_times(st)[0].ts = T0 - DAY;
	/* the second problem value made equal to the first: counted twice */
	for (i = 0; i < st->ntop; i++)
		if (memcmp(ct_profile_pool(st) + ct_profile_tops(st)[i].off, "network", 7) == 0)
			memcpy(ct_profile_pool(st) + ct_profile_tops(st)[i].off, "billing", 7);
	assert_int_equal(ct_profile_check(st, bytes, &e), CT_EFORMAT);
	assert_string_equal(e.detail, "A most-frequent value is counted twice.");
	free(st);
}

/* Bad tickets: time out of range, NaN hours, negative hours, long values. */
static void
test_bad_tickets(void **state)
{
	char		longv[CT_PROFILE_MAX_KEY + 2];
	ct_ticket	t;
	ct_error	e;

	(void) state;
	t = ticket(CT_PROFILE_MIN_TIME - 1, "a", NULL, -1, -1, -1, -1, 0);
	assert_int_equal(ct_profile_check_ticket(&t, &e), CT_EINVAL);
	t = ticket(T0, "a", NULL, -1, -1, -1, -1, 0);
	t.has_handling = true;
	t.handling_hours = NAN;
	assert_int_equal(ct_profile_check_ticket(&t, &e), CT_EINVAL);
	t.handling_hours = -0.5;
	assert_int_equal(ct_profile_check_ticket(&t, &e), CT_EINVAL);
	t.handling_hours = 1;
	t.has_satisfaction = true;
	t.satisfaction = INFINITY;
	assert_int_equal(ct_profile_check_ticket(&t, &e), CT_EINVAL);
	memset(longv, 'x', sizeof(longv));
	longv[CT_PROFILE_MAX_KEY + 1] = '\0';
	t = ticket(T0, longv, NULL, -1, -1, -1, -1, 0);
	assert_int_equal(ct_profile_check_ticket(&t, &e), CT_ELIMIT);
	assert_string_equal(e.message, "problem_type value is too long");
}

/*
 * The sample tickets profiled at their as-of time give the sample
 * customers' complaints_90d, escalations_12m and problem_type exactly, and
 * their shares within half a ticket.
 */
static void
test_sample_tickets(void **state)
{
	ct_sample_ticket tk[CT_SAMPLE_TICKETS_MAX];
	int64_t		id;
	int64_t		total = 0;

	(void) state;
	for (id = 1; id <= 3000; id++)
	{
		ct_customer c;
		ct_profile_state *st = NULL;
		ct_profile_row row;
		ct_error	e;
		int			n = ct_sample_tickets(1, id, tk);
		int			i;

		ct_sample_customer(1, id, &c);
		assert_true(n >= 1 && n < CT_SAMPLE_TICKETS_MAX);
		for (i = 0; i < n; i++)
		{
			ct_ticket	t;

			assert_true(tk[i].customer_id == id);
			assert_true(tk[i].ticket_id == id * 1000 + i + 1);
			assert_true(i == 0 || tk[i - 1].opened_at <= tk[i].opened_at);
			assert_true(tk[i].opened_at <= T0);
			memset(&t, 0, sizeof(t));
			t.ts = tk[i].opened_at;
			t.value[0] = ct_sample_problems[tk[i].problem_type];
			t.len[0] = strlen(t.value[0]);
			t.escalated = tk[i].escalated;
			t.unreasonable = tk[i].unreasonable;
			t.accepted = tk[i].accepted;
			t.has_handling = true;
			t.handling_hours = tk[i].handling_hours;
			t.has_satisfaction = tk[i].has_satisfaction;
			t.satisfaction = tk[i].satisfaction;
			st = add(st, &t);
		}
		total += n;
		assert_int_equal(ct_profile_summary(st, T0, &row, &e), CT_OK);
		assert_int_equal(row.complaints_90d, c.complaints_90d);
		assert_int_equal(row.escalations_12m, c.escalations_12m);
		assert_int_equal(ct_profile_tops(st)[row.top[0]].len, strlen(ct_sample_problems[c.problem_type]));
		assert_memory_equal(ct_profile_pool(st) + ct_profile_tops(st)[row.top[0]].off,
							ct_sample_problems[c.problem_type], strlen(ct_sample_problems[c.problem_type]));
		assert_true(fabs(row.unreasonable_ratio - c.unreasonable_ratio) <= 0.5 / n + 1e-12);
		assert_true(fabs(row.accepted_ratio - c.accepted_ratio) <= 0.5 / n + 1e-12);
		assert_true(fabs(row.handling_hours - c.handling_hours) <= 0.05 + 1e-9);
		/* the same tickets again: deterministic */
		assert_int_equal(ct_sample_tickets(1, id, tk), n);
		free(st);
	}
	/* about 3 tickets per customer */
	assert_true(total > 3000 * 2 && total < 3000 * 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_hand_example),
		cmocka_unit_test(test_windows_random),
		cmocka_unit_test(test_merge_equals_one_pass),
		cmocka_unit_test(test_misra_gries_bound),
		cmocka_unit_test(test_text_round_trip),
		cmocka_unit_test(test_text_malformed),
		cmocka_unit_test(test_check_corrupt),
		cmocka_unit_test(test_bad_tickets),
		cmocka_unit_test(test_sample_tickets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
