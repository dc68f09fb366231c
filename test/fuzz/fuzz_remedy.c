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

#include "fuzz_remedy.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ct_error	e;
	uint32_t	n,
				pb,
				n2,
				pb2;
	ct_remedy_state *st;
	size_t		bytes;

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
	fuzz_remedy_properties(st);
	free(st);
	return 0;
}
