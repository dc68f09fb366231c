/*
 * test_remedy.c
 *		Unit tests of src/core/ct_remedy_*.c: the Wilson lower bound against
 *		Newcombe (1998), adding and merging counts, the text form round trip
 *		and its malformed inputs, the block checks, the recommendation.
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

#include "ct_remedy.h"
#include "../common/remedy_fixture.h"

/*
 * Newcombe RG (1998). Two-sided confidence intervals for the single
 * proportion: comparison of seven methods. Statistics in Medicine 17:857-872,
 * Table II, method 3 (Wilson score, no continuity correction): 81/263 ->
 * 0.2553, 15/148 -> 0.0624, 0/20 -> 0.0000, 1/29 -> 0.0061.
 */
static void
test_wilson_newcombe(void **state)
{
	(void) state;
	assert_true(fabs(ct_wilson_lower(81, 263, CT_WILSON_Z95) - 0.2553) < 5e-5);
	assert_true(fabs(ct_wilson_lower(15, 148, CT_WILSON_Z95) - 0.0624) < 5e-5);
	assert_true(ct_wilson_lower(0, 20, CT_WILSON_Z95) == 0.0);
	assert_true(fabs(ct_wilson_lower(1, 29, CT_WILSON_Z95) - 0.0061) < 5e-5);
	assert_true(ct_wilson_lower(0, 0, CT_WILSON_Z95) == 0.0);
	/* all successes: below 1, rising with n */
	assert_true(ct_wilson_lower(10, 10, CT_WILSON_Z95) < ct_wilson_lower(100, 100, CT_WILSON_Z95));
	assert_true(ct_wilson_lower(100, 100, CT_WILSON_Z95) < 1.0);
}

static void
test_add_sorted(void **state)
{
	ct_remedy_state *st = new_state(8, 256);
	ct_remedy_entry *en;
	char	   *pool;

	(void) state;
	add(st, "b", "x", "r2", 1, 1, 0, 0);
	add(st, "a", "x", "r1", 1, 0, 1, 4.5);
	add(st, "b", "x", "r1", 2, 1, 0, 0);
	add(st, "b", "x", "r2", 3, 0, 2, 7);
	add(st, "", "", "", 1, 1, 0, 0);
	assert_int_equal(st->nentries, 4);
	en = ct_remedy_entries(st);
	pool = ct_remedy_pool(st);
	assert_int_equal(en[0].seg_len + en[0].prob_len + en[0].rem_len, 0);
	assert_memory_equal(pool + en[1].off, "axr1", 4);
	assert_memory_equal(pool + en[2].off, "bxr1", 4);
	assert_memory_equal(pool + en[3].off, "bxr2", 4);
	assert_int_equal(en[3].cases, 4);
	assert_int_equal(en[3].accepted, 1);
	assert_int_equal(en[3].sat_cases, 2);
	assert_true(en[3].sat_sum == 7.0);
	{
		ct_error	e;

		assert_int_equal(ct_remedy_check(st, ct_remedy_bytes(8, 256), &e), CT_OK);
		assert_int_equal(ct_remedy_check(st, ct_remedy_bytes(8, 255), &e), CT_EFORMAT);
		/* invalid counts are refused */
		assert_int_equal(ct_remedy_add(st, "a", 1, "b", 1, "c", 1, 1, 2, 0, 0, &e), CT_EINVAL);
		assert_int_equal(ct_remedy_add(st, "a", 1, "b", 1, "c", 1, 1, 0, 0, 1.0, &e), CT_EINVAL);
		assert_int_equal(ct_remedy_add(st, "a", 1, "b", 1, "c", 1, 1, 0, 1, NAN, &e), CT_EINVAL);
		/* full: no room for a new key */
		add(st, "c", "", "", 1, 0, 0, 0);
		add(st, "d", "", "", 1, 0, 0, 0);
		add(st, "e", "", "", 1, 0, 0, 0);
		add(st, "f", "", "", 1, 0, 0, 0);
		assert_false(ct_remedy_fits(st, 1));
		assert_int_equal(ct_remedy_add(st, "g", 1, "", 0, "", 0, 1, 0, 0, 0, &e), CT_ENOMEM);
		/* an existing key still updates */
		assert_int_equal(ct_remedy_add(st, "f", 1, "", 0, "", 0, 1, 1, 0, 0, &e), CT_OK);
	}
	free(st);
}

static void
test_key_limit(void **state)
{
	ct_remedy_state *st = new_state(2, 4096);
	char		big[CT_REMEDY_MAX_KEY + 1];
	ct_error	e;

	(void) state;
	memset(big, 'k', sizeof(big));
	assert_int_equal(ct_remedy_add(st, big, CT_REMEDY_MAX_KEY + 1, "", 0, "", 0, 1, 0, 0, 0, &e), CT_ELIMIT);
	assert_int_equal(ct_remedy_add(st, big, CT_REMEDY_MAX_KEY, "", 0, "", 0, 1, 0, 0, 0, &e), CT_OK);
	free(st);
}

static void
test_merge(void **state)
{
	ct_remedy_state *a = new_state(4, 64);
	ct_remedy_state *b = new_state(4, 64);
	ct_remedy_state *m;
	uint32_t	n,
				pb;
	ct_error	e;
	ct_remedy_entry *en;

	(void) state;
	add(a, "s", "p", "r1", 10, 7, 2, 9);
	add(a, "s", "p", "r3", 5, 1, 0, 0);
	add(b, "s", "p", "r2", 4, 4, 0, 0);
	add(b, "s", "p", "r3", 5, 4, 1, 5);
	ct_remedy_merged_size(a, b, &n, &pb);
	assert_int_equal(n, 3);
	assert_int_equal(pb, 12);
	m = new_state(n, pb);
	assert_int_equal(ct_remedy_merge(m, a, b, &e), CT_OK);
	assert_int_equal(m->nentries, 3);
	assert_int_equal(m->pool_used, 12);
	en = ct_remedy_entries(m);
	assert_int_equal(en[2].cases, 10);
	assert_int_equal(en[2].accepted, 5);
	assert_int_equal(en[2].sat_cases, 1);
	assert_int_equal(ct_remedy_check(m, ct_remedy_bytes(n, pb), &e), CT_OK);
	/* merge with an empty side and with NULL: a copy */
	{
		ct_remedy_state *empty = new_state(0, 0);
		ct_remedy_state *c = new_state(2, 8);

		assert_int_equal(ct_remedy_merge(c, a, empty, &e), CT_OK);
		assert_int_equal(c->nentries, 2);
		assert_int_equal(ct_remedy_merge(c, a, NULL, &e), CT_OK);
		assert_int_equal(c->nentries, 2);
		/* too small a target */
		assert_int_equal(ct_remedy_merge(c, a, b, &e), CT_ENOMEM);
		free(empty);
		free(c);
	}
	/* merge order does not matter */
	{
		ct_remedy_state *m2 = new_state(n, pb);
		char		t1[1024],
					t2[1024];

		assert_int_equal(ct_remedy_merge(m2, b, a, &e), CT_OK);
		ct_remedy_to_text(m, t1, sizeof(t1));
		ct_remedy_to_text(m2, t2, sizeof(t2));
		assert_string_equal(t1, t2);
		free(m2);
	}
	free(a);
	free(b);
	free(m);
}

static ct_remedy_state *
parse_new(const char *text, ct_error *e, ct_code *rc)
{
	uint32_t	n,
				pb;
	ct_remedy_state *st;

	*rc = ct_remedy_parse(text, strlen(text), NULL, &n, &pb, e);
	if (*rc != CT_OK)
		return NULL;
	st = new_state(n, pb);
	*rc = ct_remedy_parse(text, strlen(text), st, &n, &pb, e);
	assert_int_equal(*rc, CT_OK);
	return st;
}

static void
test_text_round_trip(void **state)
{
	ct_remedy_state *st = new_state(8, 256);
	ct_remedy_state *back;
	char	   *t1,
			   *t2;
	ct_error	e;
	ct_code		rc;

	(void) state;
	add(st, "Mortgage", "Loan \"servicing\"", "Closed with\\explanation", 120, 95, 3, 0.1 + 0.2);
	add(st, "Credit card", "Billing\tdispute", "café ✓", 7, 0, 0, 0);
	add(st, "Credit card", "\x01", "", 0, 0, 1, -2.5e-300);
	t1 = malloc(ct_remedy_text_bound(st));
	ct_remedy_to_text(st, t1, ct_remedy_text_bound(st));
	assert_string_equal(t1,
						"{\"format\": 1, \"entries\": [[\"Credit card\", \"\\u0001\", \"\", 0, 0, 1, -2.5e-300], "
						"[\"Credit card\", \"Billing\\u0009dispute\", \"café ✓\", 7, 0, 0, 0], "
						"[\"Mortgage\", \"Loan \\\"servicing\\\"\", \"Closed with\\\\explanation\", 120, 95, 3, 0.30000000000000004]]}");
	back = parse_new(t1, &e, &rc);
	assert_int_equal(rc, CT_OK);
	t2 = malloc(ct_remedy_text_bound(back));
	ct_remedy_to_text(back, t2, ct_remedy_text_bound(back));
	assert_string_equal(t1, t2);
	free(t1);
	free(t2);
	free(back);
	/* JSON escapes and whitespace as jsonb may print them */
	back = parse_new(" {\"format\":1 ,\n\"entries\" : [ [\"a\\u00e9\\ud83d\\ude00\\/\\n\", \"b\", \"c\", 2, 1, 0, 0.0e0] ] } ", &e, &rc);
	assert_int_equal(rc, CT_OK);
	assert_int_equal(back->nentries, 1);
	assert_int_equal(ct_remedy_entries(back)[0].seg_len, 1 + 2 + 4 + 2);
	free(back);
	back = parse_new("{\"format\": 1, \"entries\": []}", &e, &rc);
	assert_int_equal(rc, CT_OK);
	assert_int_equal(back->nentries, 0);
	free(back);
	free(st);
}

static void
expect_bad(const char *text, ct_code code, const char *part)
{
	ct_error	e;
	ct_code		rc;
	ct_remedy_state *st = parse_new(text, &e, &rc);

	if (rc != code)
		fail_msg("\"%s\": expected %d, got %d (%s)", text, (int) code, (int) rc, e.message);
	if (part && strstr(e.message, part) == NULL && strstr(e.detail, part) == NULL)
		fail_msg("\"%s\": \"%s\" / \"%s\" lacks \"%s\"", text, e.message, e.detail, part);
	free(st);
}

static void
test_text_malformed(void **state)
{
	(void) state;
	expect_bad("", CT_EFORMAT, "end of the input");
	expect_bad("[]", CT_EFORMAT, "\"{\"");
	expect_bad("{\"format\": 2, \"entries\": []}", CT_EFORMAT, "unsupported");
	expect_bad("{\"entries\": [], \"format\": 1}", CT_EFORMAT, "\"format\"");
	expect_bad("{\"format\": 1, \"entries\": []", CT_EFORMAT, "\"}\"");
	expect_bad("{\"format\": 1, \"entries\": []} x", CT_EFORMAT, "end of the input");
	expect_bad("{\"format\": 1, \"entries\": [[\"a\", \"b\", \"c\", 1, 1, 0]]}", CT_EFORMAT, "\",\"");
	expect_bad("{\"format\": 1, \"entries\": [[\"a\", \"b\", \"c\", 1, 2, 0, 0]]}", CT_EFORMAT, "invalid counts");
	expect_bad("{\"format\": 1, \"entries\": [[\"a\", \"b\", \"c\", -1, 0, 0, 0]]}", CT_EFORMAT, "non-negative integer");
	expect_bad("{\"format\": 1, \"entries\": [[\"a\", \"b\", \"c\", 1.5, 0, 0, 0]]}", CT_EFORMAT, "non-negative integer");
	expect_bad("{\"format\": 1, \"entries\": [[\"a\", \"b\", \"c\", 99999999999999999999, 0, 0, 0]]}", CT_EFORMAT, "non-negative integer");
	expect_bad("{\"format\": 1, \"entries\": [[\"a\", \"b\", \"c\", 1, 0, 1, 1e999]]}", CT_EFORMAT, "finite");
	expect_bad("{\"format\": 1, \"entries\": [[\"a\", \"b\", \"c\", 1, 0, 0, 2]]}", CT_EFORMAT, "invalid counts");
	expect_bad("{\"format\": 1, \"entries\": [[\"b\", \"b\", \"c\", 1, 0, 0, 0], [\"a\", \"b\", \"c\", 1, 0, 0, 0]]}", CT_EFORMAT, "out of order");
	expect_bad("{\"format\": 1, \"entries\": [[\"a\", \"b\", \"c\", 1, 0, 0, 0], [\"a\", \"b\", \"c\", 1, 0, 0, 0]]}", CT_EFORMAT, "out of order");
	expect_bad("{\"format\": 1, \"entries\": [[\"a\\u0000\", \"b\", \"c\", 1, 0, 0, 0]]}", CT_EFORMAT, "NUL");
	expect_bad("{\"format\": 1, \"entries\": [[\"a\\ud800\", \"b\", \"c\", 1, 0, 0, 0]]}", CT_EFORMAT, "surrogate");
	expect_bad("{\"format\": 1, \"entries\": [[\"a\\x\", \"b\", \"c\", 1, 0, 0, 0]]}", CT_EFORMAT, "escape");
	expect_bad("{\"format\": 1, \"entries\": [[\"a\n\", \"b\", \"c\", 1, 0, 0, 0]]}", CT_EFORMAT, "control");
	expect_bad("{\"format\": 1, \"entries\": [[\"a, \"b\", \"c\", 1, 0, 0, 0]]}", CT_EFORMAT, NULL);
	expect_bad("{\"format\": 1, \"entries\": [[\"a\", \"b\", \"c\", 1, 0, 0, 1.]]}", CT_EFORMAT, "decimal point");
	expect_bad("{\"format\": 1, \"entries\": [[\"a\", \"b\", \"c\", 01, 0, 0, 0]]}", CT_EFORMAT, NULL);
	{
		char	   *t = malloc(CT_REMEDY_MAX_KEY + 200);
		size_t		o = (size_t) sprintf(t, "{\"format\": 1, \"entries\": [[\"");

		memset(t + o, 'k', CT_REMEDY_MAX_KEY + 1);
		o += CT_REMEDY_MAX_KEY + 1;
		sprintf(t + o, "\", \"b\", \"c\", 1, 0, 0, 0]]}");
		expect_bad(t, CT_ELIMIT, "too long");
		free(t);
	}
}

static void
test_check_corrupt(void **state)
{
	ct_remedy_state *st = new_state(2, 16);
	size_t		bytes = ct_remedy_bytes(2, 16);
	ct_error	e;

	(void) state;
	add(st, "a", "b", "c", 3, 2, 0, 0);
	add(st, "a", "b", "d", 3, 2, 0, 0);
	assert_int_equal(ct_remedy_check(st, bytes, &e), CT_OK);
	assert_int_equal(ct_remedy_check(st, 4, &e), CT_EFORMAT);
	st->format = 9;
	assert_int_equal(ct_remedy_check(st, bytes, &e), CT_EFORMAT);
	st->format = CT_REMEDY_FORMAT;
	ct_remedy_entries(st)[1].accepted = 4;
	assert_int_equal(ct_remedy_check(st, bytes, &e), CT_EFORMAT);
	ct_remedy_entries(st)[1].accepted = 2;
	ct_remedy_entries(st)[1].off = 15;
	assert_int_equal(ct_remedy_check(st, bytes, &e), CT_EFORMAT);
	ct_remedy_entries(st)[1].off = 0;
	assert_int_equal(ct_remedy_check(st, bytes, &e), CT_EFORMAT);	/* same key twice */
	st->nentries = 3;
	assert_int_equal(ct_remedy_check(st, bytes, &e), CT_EFORMAT);
	free(st);
}

static void
test_recommend(void **state)
{
	ct_remedy_state *st = new_state(16, 512);
	int			i;

	(void) state;
	/* 81/263 (Wilson lower 0.2553) beats 15/40 (0.2422) despite a lower rate */
	add(st, "seg", "p", "explain", 263, 81, 0, 0);
	add(st, "seg", "p", "refund", 40, 15, 0, 0);
	add(st, "seg", "p", "credit", 10, 10, 0, 0);	/* too few cases at 30 */
	add(st, "seg", "q", "refund", 100, 99, 0, 0);
	add(st, "other", "p", "refund", 100, 99, 0, 0);
	i = ct_remedy_recommend(st, "seg", 3, "p", 1, 30);
	assert_true(i >= 0);
	assert_memory_equal(ct_remedy_pool(st) + ct_remedy_entries(st)[i].off + 4, "explain", 7);
	/* with min_cases 10 the 10/10 remedy (lower 0.7225) wins */
	i = ct_remedy_recommend(st, "seg", 3, "p", 1, 10);
	assert_memory_equal(ct_remedy_pool(st) + ct_remedy_entries(st)[i].off + 4, "credit", 6);
	assert_true(fabs(ct_wilson_lower(10, 10, CT_WILSON_Z95) - 0.7224672001371107) < 1e-12);
	/* nothing qualifies */
	assert_int_equal(ct_remedy_recommend(st, "seg", 3, "p", 1, 1000), -1);
	assert_int_equal(ct_remedy_recommend(st, "none", 4, "p", 1, 1), -1);
	assert_int_equal(ct_remedy_recommend(st, "se", 2, "p", 1, 1), -1);
	/* ties: equal bound and cases keep the smaller remedy name */
	add(st, "t", "p", "b", 50, 25, 0, 0);
	add(st, "t", "p", "a", 50, 25, 0, 0);
	add(st, "t", "p", "c", 60, 30, 0, 0);
	i = ct_remedy_recommend(st, "t", 1, "p", 1, 30);
	/* 30/60 has a higher lower bound than 25/50 */
	assert_memory_equal(ct_remedy_pool(st) + ct_remedy_entries(st)[i].off + 2, "c", 1);
	i = ct_remedy_recommend(st, "t", 1, "p", 1, 30);
	free(st);
	st = new_state(4, 64);
	add(st, "t", "p", "b", 50, 25, 0, 0);
	add(st, "t", "p", "a", 50, 25, 0, 0);
	i = ct_remedy_recommend(st, "t", 1, "p", 1, 30);
	assert_memory_equal(ct_remedy_pool(st) + ct_remedy_entries(st)[i].off + 2, "a", 1);
	free(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wilson_newcombe),
		cmocka_unit_test(test_add_sorted),
		cmocka_unit_test(test_key_limit),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_text_round_trip),
		cmocka_unit_test(test_text_malformed),
		cmocka_unit_test(test_check_corrupt),
		cmocka_unit_test(test_recommend),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
