/*
 * remedy_fixture.h
 *		Helpers of the remedy_stats unit tests (test_remedy.c, test_wire.c):
 *		a fresh state with given capacities and adding one entry's counts,
 *		each asserted with cmocka (include cmocka.h first).
 */
#ifndef REMEDY_FIXTURE_H
#define REMEDY_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "ct_remedy.h"

static ct_remedy_state *
new_state(uint32_t cap, uint32_t pool)
{
	ct_remedy_state *st = malloc(ct_remedy_bytes(cap, pool));

	assert_non_null(st);
	ct_remedy_init(st, cap, pool);
	return st;
}

static void
add(ct_remedy_state *st, const char *s, const char *p, const char *r,
	int64_t n, int64_t a, int64_t sn, double ss)
{
	ct_error	e;

	assert_int_equal(ct_remedy_add(st, s, strlen(s), p, strlen(p), r, strlen(r), n, a, sn, ss, &e), CT_OK);
}

#endif							/* REMEDY_FIXTURE_H */
