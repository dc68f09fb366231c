/*
 * fuzz_stats.h
 *		What the indicator_stats fuzz targets check of every state that
 *		their input produced (fuzz_stats_text.c, fuzz_stats_binary.c): the
 *		text form and the binary form both read back to the same bits, and
 *		merging the state with itself gives a state that input accepts again
 *		(or a range error when a moment overflows).  Aborts otherwise.
 */
#ifndef FUZZ_STATS_H
#define FUZZ_STATS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ct_stats.h"
#include "ct_wire.h"

static void
fuzz_stats_properties(const ct_stats *s)
{
	int			k = s->k;
	size_t		nd = ct_stats_ndoubles(k);
	size_t		bytes = nd * sizeof(double);
	double	   *back = malloc(bytes);
	double	   *twice = malloc(bytes);
	size_t		tlen = ct_stats_format(s, NULL, 0);
	char	   *text = malloc(tlen + 1);
	size_t		blen = ct_stats_send_size(k);
	uint8_t    *bin = malloc(blen);
	ct_stats	b,
				t;
	ct_error	e;
	int			k2;
	ct_code		rc;

	if (ct_stats_validate(s, &e) != CT_OK)
		abort();
	/* text: the same bits back */
	if (ct_stats_format(s, text, tlen + 1) != tlen || strlen(text) != tlen)
		abort();
	if (ct_stats_parse_header(text, &k2, &e) != CT_OK || k2 != k)
		abort();
	ct_stats_init(back, k);
	ct_stats_view(&b, back, k);
	if (ct_stats_parse(text, &b, &e) != CT_OK || memcmp(back, s->rows, bytes) != 0)
		abort();
	/* binary: the same bits back */
	ct_stats_send(s, bin);
	ct_stats_init(back, k);
	if (ct_stats_recv_k(bin, blen, &k2, &e) != CT_OK || k2 != k ||
		ct_stats_recv(bin, blen, &b, &e) != CT_OK || memcmp(back, s->rows, bytes) != 0)
		abort();
	/* a roll-up of the state with itself reads back too */
	memcpy(twice, s->rows, bytes);
	ct_stats_view(&t, twice, k);
	ct_stats_merge(&t, s);
	rc = ct_stats_validate(&t, &e);
	if (rc != CT_OK && rc != CT_ERANGE)
		abort();
	if (rc == CT_OK && (*t.rows != 2 * *s->rows || *t.complete != 2 * *s->complete))
		abort();
	free(back);
	free(twice);
	free(text);
	free(bin);
}

#endif							/* FUZZ_STATS_H */
