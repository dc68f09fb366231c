/*
 * test_wire.c
 *		Unit tests of src/core/ct_wire.c, the binary forms of the
 *		indicator_stats and remedy_stats states: byte layouts written out by
 *		hand (network byte order, as PostgreSQL's pq_send* lays them out),
 *		exact round trips, and every refusal of malformed bytes.
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

#include "ct_wire.h"
#include "../common/remedy_fixture.h"

/* ---- indicator_stats ---- */

static double *
stats_block(int k, ct_stats *s)
{
	double	   *b = malloc(ct_stats_ndoubles(k) * sizeof(double));

	assert_non_null(b);
	ct_stats_init(b, k);
	ct_stats_view(s, b, k);
	return b;
}

static void
test_stats_layout_and_round_trip(void **state)
{
	ct_stats	s,
				t;
	double	   *a = stats_block(2, &s);
	double	   *b = stats_block(2, &t);
	const double rows[3][2] = {{1.5, 2}, {3, -4}, {0.1, 1e100}};
	size_t		n = ct_stats_send_size(2);
	uint8_t    *out = malloc(n);
	ct_error	e;
	int			k;
	/* rows = 3.0 is 0x4008000000000000 */
	const uint8_t head[13] = {1, 0, 0, 0, 2, 0x40, 0x08, 0, 0, 0, 0, 0, 0};

	(void) state;
	for (int i = 0; i < 3; i++)
		assert_int_equal(ct_stats_add_row(&s, rows[i], NULL, &e), CT_OK);
	assert_int_equal(n, 5 + ct_stats_ndoubles(2) * 8);
	ct_stats_send(&s, out);
	assert_memory_equal(out, head, sizeof(head));
	assert_int_equal(ct_stats_recv_k(out, n, &k, &e), CT_OK);
	assert_int_equal(k, 2);
	assert_int_equal(ct_stats_recv(out, n, &t, &e), CT_OK);
	assert_memory_equal(a, b, ct_stats_ndoubles(2) * sizeof(double));
	free(a);
	free(b);
	free(out);
}

static void
test_stats_refusals(void **state)
{
	ct_stats	s;
	double	   *a = stats_block(1, &s);
	size_t		n = ct_stats_send_size(1);
	uint8_t    *out = malloc(n + 1);
	uint8_t    *bad = malloc(n + 1);
	ct_error	e;
	int			k;
	const double one = 2.0;

	(void) state;
	assert_int_equal(ct_stats_add_row(&s, &one, NULL, &e), CT_OK);
	ct_stats_send(&s, out);
	/* shorter than the header */
	assert_int_equal(ct_stats_recv_k(out, 4, &k, &e), CT_EFORMAT);
	assert_string_equal(e.detail, "The value has 4 bytes; its header needs 5.");
	/* another version */
	memcpy(bad, out, n);
	bad[0] = 2;
	assert_int_equal(ct_stats_recv_k(bad, n, &k, &e), CT_EFORMAT);
	assert_string_equal(e.message, "unsupported indicator_stats binary format version 2");
	/* k = 0, k = -1, k = 257 */
	memcpy(bad, out, n);
	bad[4] = 0;
	assert_int_equal(ct_stats_recv_k(bad, n, &k, &e), CT_EFORMAT);
	assert_string_equal(e.message, "invalid indicator_stats column count");
	memset(bad + 1, 0xff, 4);
	assert_int_equal(ct_stats_recv_k(bad, n, &k, &e), CT_EFORMAT);
	bad[1] = 0;
	bad[2] = 0;
	bad[3] = 1;
	bad[4] = 1;
	assert_int_equal(ct_stats_recv_k(bad, n, &k, &e), CT_ELIMIT);
	assert_string_equal(e.detail, "The state has 257 columns; the limit is 256.");
	/* one byte missing, one byte too many */
	assert_int_equal(ct_stats_recv_k(out, n - 1, &k, &e), CT_EFORMAT);
	assert_string_equal(e.detail, "A state of 1 columns needs 80 bytes of values; 79 remain.");
	memcpy(bad, out, n);
	bad[n] = 0;
	assert_int_equal(ct_stats_recv_k(bad, n + 1, &k, &e), CT_EFORMAT);
	/* rows = 1.5 is not a whole count: the text input's validation */
	memcpy(bad, out, n);
	bad[5] = 0x3f;
	bad[6] = 0xf8;
	assert_int_equal(ct_stats_recv(bad, n, &s, &e), CT_EFORMAT);
	assert_string_equal(e.message, "invalid indicator_stats value");
	/* a NaN mean */
	memcpy(bad, out, n);
	memset(bad + 5 + 6 * 8, 0xff, 8);
	assert_int_not_equal(ct_stats_recv(bad, n, &s, &e), CT_OK);
	free(a);
	free(out);
	free(bad);
}

/* ---- remedy_stats ---- */

/* format 1, one entry ("a", "", "xy", 3, 2, 1, 4.0), written out by hand */
static const uint8_t one_entry[] = {
	1, 0, 0, 0, 1,
	0, 0, 0, 1, 'a',
	0, 0, 0, 0,
	0, 0, 0, 2, 'x', 'y',
	0, 0, 0, 0, 0, 0, 0, 3,
	0, 0, 0, 0, 0, 0, 0, 2,
	0, 0, 0, 0, 0, 0, 0, 1,
	0x40, 0x10, 0, 0, 0, 0, 0, 0
};

static void
test_remedy_layout_and_round_trip(void **state)
{
	ct_remedy_state *st = new_state(4, 64);
	ct_remedy_state *back;
	uint32_t	n,
				pb;
	size_t		len;
	uint8_t    *out;
	char		t1[512],
				t2[512];
	ct_error	e;

	(void) state;
	add(st, "a", "", "xy", 3, 2, 1, 4.0);
	len = ct_remedy_send_size(st);
	assert_int_equal(len, sizeof(one_entry));
	out = malloc(len);
	ct_remedy_send(st, out);
	assert_memory_equal(out, one_entry, len);
	free(out);

	add(st, "seg\"2", "p", "r", 10, 0, 0, 0);
	add(st, "a", "", "x", 0, 0, 5, 17.5);
	add(st, "", "", "", 1, 1, 0, 0);
	len = ct_remedy_send_size(st);
	out = malloc(len);
	ct_remedy_send(st, out);
	assert_int_equal(ct_remedy_recv_size(out, len, &n, &pb, &e), CT_OK);
	assert_int_equal(n, 4);
	assert_int_equal(pb, st->pool_used);
	back = new_state(n, pb);
	assert_int_equal(ct_remedy_recv(out, len, back, &e), CT_OK);
	assert_int_equal(ct_remedy_check(back, ct_remedy_bytes(n, pb), &e), CT_OK);
	ct_remedy_to_text(st, t1, sizeof(t1));
	ct_remedy_to_text(back, t2, sizeof(t2));
	assert_string_equal(t1, t2);
	free(out);
	free(st);
	free(back);
}

static ct_code
recv_bytes(const uint8_t *b, size_t len, ct_error *e)
{
	uint32_t	n,
				pb;

	return ct_remedy_recv_size(b, len, &n, &pb, e);
}

static void
test_remedy_refusals(void **state)
{
	uint8_t		b[2 * sizeof(one_entry)];
	const size_t n1 = sizeof(one_entry);
	const size_t body = n1 - 5;
	ct_error	e;

	(void) state;
	assert_int_equal(recv_bytes(one_entry, n1, &e), CT_OK);
	/* header too short, other format */
	assert_int_equal(recv_bytes(one_entry, 3, &e), CT_EFORMAT);
	memcpy(b, one_entry, n1);
	b[0] = 2;
	assert_int_equal(recv_bytes(b, n1, &e), CT_EFORMAT);
	assert_string_equal(e.message, "unsupported external remedy_stats format 2");
	/* negative count; a count the bytes cannot hold */
	memcpy(b, one_entry, n1);
	b[1] = 0x80;
	assert_int_equal(recv_bytes(b, n1, &e), CT_EFORMAT);
	assert_string_equal(e.message, "invalid entry count -2147483647 in external remedy_stats value");
	b[1] = 0;
	b[4] = 2;
	assert_int_equal(recv_bytes(b, n1, &e), CT_EFORMAT);
	assert_string_equal(e.detail, "2 entries do not fit in 52 bytes.");
	/* every truncation of the entry */
	for (size_t cut = 5; cut < n1; cut++)
	{
		assert_int_equal(recv_bytes(one_entry, cut, &e), CT_EFORMAT);
		assert_string_equal(e.message, "invalid external remedy_stats value");
	}
	/* a trailing byte */
	memcpy(b, one_entry, n1);
	b[n1] = 0;
	assert_int_equal(recv_bytes(b, n1 + 1, &e), CT_EFORMAT);
	assert_string_equal(e.detail, "1 bytes follow the last entry.");
	/* key lengths: negative, above the limit */
	memcpy(b, one_entry, n1);
	b[5] = 0xff;
	assert_int_equal(recv_bytes(b, n1, &e), CT_EFORMAT);
	assert_string_equal(e.message, "invalid key length in external remedy_stats value");
	b[5] = 0;
	b[7] = 0x04;
	b[8] = 0x01;
	assert_int_equal(recv_bytes(b, n1, &e), CT_EFORMAT);
	assert_string_equal(e.detail, "A key has 1025 bytes; keys have 0 to 1024 bytes.");
	/* a NUL byte in a key, which the text form cannot hold */
	memcpy(b, one_entry, n1);
	b[9] = 0;
	assert_int_equal(recv_bytes(b, n1, &e), CT_EFORMAT);
	assert_string_equal(e.detail, "A key of entry 1 contains a NUL byte.");
	/* accepted > cases */
	memcpy(b, one_entry, n1);
	b[20 + 15] = 9;
	assert_int_equal(recv_bytes(b, n1, &e), CT_EFORMAT);
	assert_string_equal(e.message, "invalid entry in external remedy_stats value");
	/* the same entry twice: a duplicate; then out of order ("b" before "a") */
	memcpy(b, one_entry, n1);
	b[4] = 2;
	memcpy(b + n1, one_entry + 5, body);
	assert_int_equal(recv_bytes(b, n1 + body, &e), CT_EFORMAT);
	assert_string_equal(e.message, "external remedy_stats entries out of order");
	b[9] = 'b';
	assert_int_equal(recv_bytes(b, n1 + body, &e), CT_EFORMAT);
	b[9] = 'a';
	b[n1 + 4] = 'b';
	assert_int_equal(recv_bytes(b, n1 + body, &e), CT_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats_layout_and_round_trip),
		cmocka_unit_test(test_stats_refusals),
		cmocka_unit_test(test_remedy_layout_and_round_trip),
		cmocka_unit_test(test_remedy_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
