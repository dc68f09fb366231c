/*
 * fuzz_stats_binary.c
 *		libFuzzer target for the indicator_stats binary input
 *		(src/core/ct_wire.c: ct_stats_recv_k, ct_stats_recv), the bytes the
 *		type's receive function gets from COPY BINARY or a client.
 *
 * A failure must carry a message; a state that is accepted must pass the
 * checks of fuzz_stats.h, and sending it again must give back the input
 * bytes exactly.  Build and run: make fuzz (doc/development.md).
 */
#include "fuzz_stats.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	double	   *block;
	uint8_t    *again;
	ct_stats	s;
	ct_error	e;
	int			k;

	if (ct_stats_recv_k(data, size, &k, &e) != CT_OK)
	{
		if (e.message[0] == '\0')
			abort();
		return 0;
	}
	if (k < 1 || k > CT_STATS_MAX_COLS || ct_stats_send_size(k) != size)
		abort();
	block = malloc(ct_stats_ndoubles(k) * sizeof(double));
	ct_stats_init(block, k);
	ct_stats_view(&s, block, k);
	if (ct_stats_recv(data, size, &s, &e) != CT_OK)
	{
		if (e.message[0] == '\0')
			abort();
		free(block);
		return 0;
	}
	again = malloc(size);
	ct_stats_send(&s, again);
	if (memcmp(again, data, size) != 0)
		abort();
	fuzz_stats_properties(&s);
	free(again);
	free(block);
	return 0;
}
