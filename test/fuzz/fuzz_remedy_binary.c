/*
 * fuzz_remedy_binary.c
 *		libFuzzer target for the remedy_stats binary input
 *		(src/core/ct_wire.c: ct_remedy_recv_size, ct_remedy_recv).
 *
 * A failure must carry a message; a value that is accepted must give a
 * state that passes the block check, sends back to the input bytes
 * exactly, and passes the checks of fuzz_remedy.h (the text form writes -0
 * as 0, so its round trip is compared as text, not bytes).
 * Build and run: make fuzz (doc/development.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ct_wire.h"
#include "fuzz_remedy.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ct_error	e;
	uint32_t	n,
				pb;
	ct_remedy_state *st;
	size_t		bytes;
	uint8_t    *again;

	if (ct_remedy_recv_size(data, size, &n, &pb, &e) != CT_OK)
	{
		if (e.message[0] == '\0')
			abort();
		return 0;
	}
	bytes = ct_remedy_bytes(n, pb);
	st = malloc(bytes);
	ct_remedy_init(st, n, pb);
	if (ct_remedy_recv(data, size, st, &e) != CT_OK || st->nentries != n ||
		st->pool_used != pb || ct_remedy_check(st, bytes, &e) != CT_OK)
		abort();
	if (ct_remedy_send_size(st) != size)
		abort();
	again = malloc(size);
	ct_remedy_send(st, again);
	if (memcmp(again, data, size) != 0)
		abort();
	fuzz_remedy_properties(st);
	free(st);
	free(again);
	return 0;
}
