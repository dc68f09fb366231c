/*
 * test_remedy_build.c
 *		Unit tests of src/core/ct_remedy_build.c, the hash-indexed working
 *		state of the remedy_stats aggregate: against the sorted insertion
 *		of ct_remedy_add (the stored form both must give, entry for entry),
 *		growth by re-adding into a larger state, full states, long keys,
 *		and the checks that keep a working state apart from stored ones.
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

static ct_remedy_state *
new_build(uint32_t cap, uint32_t pool, size_t *bytes)
{
	size_t		b = ct_remedy_build_bytes(cap, pool);
	ct_remedy_state *st = malloc(b);

	assert_non_null(st);
	ct_remedy_build_init(st, cap, pool);
	if (bytes)
		*bytes = b;
	return st;
}

static ct_remedy_state *
finish(const ct_remedy_state *w)
{
	ct_remedy_state *dst = new_state(w->nentries, w->pool_used);
	uint32_t   *idx = malloc(sizeof(uint32_t) * (w->nentries + 1));
	uint32_t   *tmp = malloc(sizeof(uint32_t) * (w->nentries + 1));
	ct_error	e;

	assert_int_equal(ct_remedy_build_finish(dst, w, idx, tmp, &e), CT_OK);
	free(idx);
	free(tmp);
	return dst;
}

static void
assert_same_states(const ct_remedy_state *a, const ct_remedy_state *b)
{
	const ct_remedy_entry *ea = ct_remedy_entries(a),
			   *eb = ct_remedy_entries(b);

	assert_int_equal(a->nentries, b->nentries);
	assert_int_equal(a->pool_used, b->pool_used);
	for (uint32_t i = 0; i < a->nentries; i++)
	{
		size_t		ka = ea[i].seg_len + ea[i].prob_len + ea[i].rem_len;

		assert_int_equal(ea[i].seg_len, eb[i].seg_len);
		assert_int_equal(ea[i].prob_len, eb[i].prob_len);
		assert_int_equal(ea[i].rem_len, eb[i].rem_len);
		assert_memory_equal(ct_remedy_pool(a) + ea[i].off, ct_remedy_pool(b) + eb[i].off, ka);
		assert_true(ea[i].cases == eb[i].cases && ea[i].accepted == eb[i].accepted);
		assert_true(ea[i].sat_cases == eb[i].sat_cases && ea[i].sat_sum == eb[i].sat_sum);
	}
}

/*
 * 60,000 rows over 4,000 keys in a scrambled order, through a working state
 * that starts at 16 entries and doubles (re-adding, as the aggregate does),
 * and through ct_remedy_add: the same stored state, entry for entry.
 */
static void
test_build_equals_sorted_insert(void **state)
{
	ct_remedy_state *ref = new_state(4096, 4096 * 24);
	ct_remedy_state *w = new_build(16, 256, NULL);
	ct_remedy_state *out;
	ct_error	e;

	(void) state;
	for (uint64_t i = 1; i <= 60000; i++)
	{
		char		seg[32],
					prob[16],
					rem[16];
		uint64_t	k = (i * 7919) % 4000;
		int64_t		n = (i % 5 != 0),
					a = n && (i % 3 == 0),
					sn = (i % 4 == 0);
		double		ss = sn ? (double) (i % 7) : 0.0;

		snprintf(seg, sizeof(seg), "seg%llu", (unsigned long long) (k % 997));
		snprintf(prob, sizeof(prob), "p%llu", (unsigned long long) (k / 997));
		snprintf(rem, sizeof(rem), "r%llu", (unsigned long long) (k % 3));
		add(ref, seg, prob, rem, n, a, sn, ss);
		if (!ct_remedy_build_fits(w, strlen(seg) + strlen(prob) + strlen(rem)))
		{
			ct_remedy_state *g = new_build(w->cap_entries * 2, w->pool_cap * 2, NULL);

			assert_int_equal(ct_remedy_build_add_state(g, w, &e), CT_OK);
			free(w);
			w = g;
		}
		assert_int_equal(ct_remedy_build_add(w, seg, strlen(seg), prob, strlen(prob), rem, strlen(rem),
											 n, a, sn, ss, &e), CT_OK);
	}
	assert_int_equal(w->nentries, ref->nentries);
	out = finish(w);
	assert_int_equal(ct_remedy_check(out, ct_remedy_bytes(out->cap_entries, out->pool_cap), &e), CT_OK);
	assert_same_states(out, ref);
	free(out);
	free(w);
	free(ref);
}

/* A stored state read into a working state and back is unchanged. */
static void
test_build_from_stored(void **state)
{
	ct_remedy_state *st = new_state(8, 256);
	ct_remedy_state *w = new_build(8, 256, NULL);
	ct_remedy_state *out;
	ct_error	e;

	(void) state;
	add(st, "b", "x", "r2", 1, 1, 0, 0);
	add(st, "a", "x", "r1", 1, 0, 1, 4.5);
	add(st, "", "", "", 1, 1, 0, 0);
	assert_int_equal(ct_remedy_build_add_state(w, st, &e), CT_OK);
	/* the same key again adds up; an empty key is a key */
	assert_int_equal(ct_remedy_build_add(w, "", 0, "", 0, "", 0, 2, 1, 0, 0, &e), CT_OK);
	assert_int_equal(w->nentries, 3);
	out = finish(w);
	assert_int_equal(out->nentries, 3);
	assert_int_equal(ct_remedy_entries(out)[0].cases, 3);
	assert_int_equal(ct_remedy_entries(out)[0].accepted, 2);
	free(out);
	free(w);
	free(st);
}

/* Full states, long keys, invalid counts: errors, nothing added. */
static void
test_build_limits(void **state)
{
	ct_remedy_state *w = new_build(2, 8, NULL);
	char		longkey[CT_REMEDY_MAX_KEY + 2];
	ct_error	e;

	(void) state;
	assert_int_equal(ct_remedy_build_add(w, "a", 1, "b", 1, "c", 1, 1, 1, 0, 0, &e), CT_OK);
	assert_int_equal(ct_remedy_build_add(w, "d", 1, "e", 1, "f", 1, 1, 0, 0, 0, &e), CT_OK);
	assert_int_equal(ct_remedy_build_add(w, "g", 1, "h", 1, "i", 1, 1, 0, 0, 0, &e), CT_ENOMEM);
	assert_false(ct_remedy_build_fits(w, 3));
	/* an existing key still adds when full */
	assert_int_equal(ct_remedy_build_add(w, "a", 1, "b", 1, "c", 1, 1, 0, 0, 0, &e), CT_OK);
	memset(longkey, 'x', sizeof(longkey));
	assert_int_equal(ct_remedy_build_add(w, longkey, CT_REMEDY_MAX_KEY + 1, "", 0, "", 0, 1, 0, 0, 0, &e), CT_ELIMIT);
	assert_int_equal(ct_remedy_build_add(w, "a", 1, "b", 1, "c", 1, 1, 2, 0, 0, &e), CT_EINVAL);
	assert_int_equal(ct_remedy_build_add(w, "a", 1, "b", 1, "c", 1, 0, 0, 1, NAN, &e), CT_EINVAL);
	assert_int_equal(w->nentries, 2);
	assert_int_equal(ct_remedy_entries(w)[0].cases, 2);
	free(w);
}

/* A working state is never a stored one, and its own check finds damage. */
static void
test_build_checks(void **state)
{
	size_t		bytes;
	ct_remedy_state *w = new_build(4, 64, &bytes);
	ct_remedy_state *st = new_state(4, 64);
	ct_error	e;

	(void) state;
	assert_int_equal(ct_remedy_build_add(w, "a", 1, "b", 1, "c", 1, 1, 1, 0, 0, &e), CT_OK);
	assert_true(ct_remedy_is_build(w));
	assert_false(ct_remedy_is_build(st));
	assert_int_equal(ct_remedy_build_check(w, bytes, &e), CT_OK);
	assert_int_equal(ct_remedy_check(w, bytes, &e), CT_EFORMAT);
	assert_int_equal(ct_remedy_build_check(st, ct_remedy_bytes(4, 64), &e), CT_EFORMAT);
	assert_int_equal(ct_remedy_build_check(w, bytes - 4, &e), CT_EFORMAT);
	ct_remedy_entries(w)[0].off = 60;
	assert_int_equal(ct_remedy_build_check(w, bytes, &e), CT_EFORMAT);
	ct_remedy_entries(w)[0].off = 0;
	ct_remedy_entries(w)[0].accepted = 5;
	assert_int_equal(ct_remedy_build_check(w, bytes, &e), CT_EFORMAT);
	free(w);
	free(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_equals_sorted_insert),
		cmocka_unit_test(test_build_from_stored),
		cmocka_unit_test(test_build_limits),
		cmocka_unit_test(test_build_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
