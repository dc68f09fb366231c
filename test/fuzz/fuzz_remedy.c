/*
 * fuzz_remedy.c
 *		libFuzzer target for the remedy_stats text form (src/core/ct_remedy_*.c).
 *
 * Parses arbitrary bytes; when they parse, the state must pass the block
 * check, print, and read back to the same text (exact round trip), and
 * merging it with itself must double every count.  Build and run:
 * doc/validation.md.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ct_remedy.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ct_error	e;
	uint32_t	n,
				pb,
				n2,
				pb2;
	ct_remedy_state *st,
			   *back,
			   *twice;
	char	   *t1,
			   *t2;
	size_t		l1,
				l2,
				bytes;
	uint32_t	i;

	if (ct_remedy_parse((const char *) data, size, NULL, &n, &pb, &e) != CT_OK)
	{
		if (e.message[0] == '\0')
			abort();
		return 0;
	}
	bytes = ct_remedy_bytes(n, pb);
	st = malloc(bytes);
	ct_remedy_init(st, n, pb);
	if (ct_remedy_parse((const char *) data, size, st, &n2, &pb2, &e) != CT_OK ||
		n2 != n || pb2 != pb || st->nentries != n ||
		ct_remedy_check(st, bytes, &e) != CT_OK)
		abort();
	t1 = malloc(ct_remedy_text_bound(st));
	l1 = ct_remedy_to_text(st, t1, ct_remedy_text_bound(st));
	if (ct_remedy_parse(t1, l1, NULL, &n2, &pb2, &e) != CT_OK || n2 != n || pb2 != pb)
		abort();
	back = malloc(bytes);
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
	twice = malloc(bytes);
	ct_remedy_init(twice, n, pb);
	if (ct_remedy_merge(twice, st, st, &e) == CT_OK)
	{
		for (i = 0; i < n; i++)
			if (ct_remedy_entries(twice)[i].cases != 2 * ct_remedy_entries(st)[i].cases ||
				ct_remedy_entries(twice)[i].accepted != 2 * ct_remedy_entries(st)[i].accepted)
				abort();
	}
	else if (e.code != CT_ERANGE)
		abort();
	free(st);
	free(back);
	free(twice);
	free(t1);
	free(t2);
	return 0;
}
