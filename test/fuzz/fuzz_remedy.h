/*
 * fuzz_remedy.h
 *		What both remedy_stats fuzz targets (fuzz_remedy.c, text input;
 *		fuzz_remedy_binary.c, binary input) check of a state their input
 *		produced: its text form parses back to a state of the same size that
 *		prints the same text, and merging it with itself doubles every count
 *		(or reports an overflow).  Aborts otherwise.
 */
#ifndef FUZZ_REMEDY_H
#define FUZZ_REMEDY_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ct_remedy.h"

static void
fuzz_remedy_properties(const ct_remedy_state *st)
{
	uint32_t	n = st->nentries,
				pb = st->pool_used,
				n2,
				pb2;
	size_t		bytes = ct_remedy_bytes(n, pb);
	ct_remedy_state *back = malloc(bytes);
	ct_remedy_state *twice = malloc(bytes);
	char	   *t1 = malloc(ct_remedy_text_bound(st));
	size_t		l1 = ct_remedy_to_text(st, t1, ct_remedy_text_bound(st));
	char	   *t2;
	size_t		l2;
	ct_error	e;

	if (ct_remedy_parse(t1, l1, NULL, &n2, &pb2, &e) != CT_OK || n2 != n || pb2 != pb)
		abort();
	ct_remedy_init(back, n, pb);
	if (ct_remedy_parse(t1, l1, back, &n2, &pb2, &e) != CT_OK)
		abort();
	t2 = malloc(ct_remedy_text_bound(back));
	l2 = ct_remedy_to_text(back, t2, ct_remedy_text_bound(back));
	if (l1 != l2 || memcmp(t1, t2, l1) != 0)
		abort();
	ct_remedy_merged_size(st, st, &n2, &pb2);
	if (n2 != n || pb2 != pb)
		abort();
	ct_remedy_init(twice, n, pb);
	if (ct_remedy_merge(twice, st, st, &e) == CT_OK)
	{
		for (uint32_t i = 0; i < n; i++)
			if (ct_remedy_entries(twice)[i].cases != 2 * ct_remedy_entries(st)[i].cases ||
				ct_remedy_entries(twice)[i].accepted != 2 * ct_remedy_entries(st)[i].accepted)
				abort();
	}
	else if (e.code != CT_ERANGE)
		abort();
	free(back);
	free(twice);
	free(t1);
	free(t2);
}

#endif							/* FUZZ_REMEDY_H */
