/*
 * fuzz_remedy_binary.c
 *		libFuzzer target for the remedy_stats binary input
 *		(src/core/ct_wire.c: ct_remedy_recv_size, ct_remedy_recv).
 *
 * A failure must carry a message; a value that is accepted must give a
 * state that passes the block check, sends back to the input bytes
 * exactly, and prints to a text form that parses to a state printing the
 * same text (the text form writes -0 as 0: compared as text, not bytes).
 * Build and run: make fuzz (doc/development.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ct_remedy.h"
#include "ct_wire.h"

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
			   *back;
	size_t		bytes;
	uint8_t    *again;
	char	   *text;
	size_t		tlen;

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
	text = malloc(ct_remedy_text_bound(st));
	tlen = ct_remedy_to_text(st, text, ct_remedy_text_bound(st));
	if (ct_remedy_parse(text, tlen, NULL, &n2, &pb2, &e) != CT_OK || n2 != n || pb2 != pb)
		abort();
	back = malloc(bytes);
	ct_remedy_init(back, n, pb);
	if (ct_remedy_parse(text, tlen, back, &n2, &pb2, &e) != CT_OK)
		abort();
	{
		char	   *text2 = malloc(ct_remedy_text_bound(back));
		size_t		tlen2 = ct_remedy_to_text(back, text2, ct_remedy_text_bound(back));

		if (tlen2 != tlen || memcmp(text, text2, tlen) != 0)
			abort();
		free(text2);
	}
	free(st);
	free(back);
	free(again);
	free(text);
	return 0;
}
