/*
 * fuzz_stats_text.c
 *		libFuzzer target for the indicator_stats text input
 *		(src/core/ct_stats.c: ct_stats_parse_header, ct_stats_parse).
 *
 * Parses arbitrary bytes as the type's input function does (a C string);
 * a failure must carry a message; a state that parses must pass the
 * checks of fuzz_stats.h.  Build and run: make fuzz (doc/development.md).
 */
#include "fuzz_stats.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = malloc(size + 1);
	double	   *block;
	ct_stats	s;
	ct_error	e;
	int			k;

	memcpy(text, data, size);
	text[size] = '\0';
	if (ct_stats_parse_header(text, &k, &e) != CT_OK)
	{
		if (e.message[0] == '\0')
			abort();
		free(text);
		return 0;
	}
	if (k < 1 || k > CT_STATS_MAX_COLS)
		abort();
	block = malloc(ct_stats_ndoubles(k) * sizeof(double));
	ct_stats_init(block, k);
	ct_stats_view(&s, block, k);
	if (ct_stats_parse(text, &s, &e) != CT_OK)
	{
		if (e.message[0] == '\0')
			abort();
	}
	else
		fuzz_stats_properties(&s);
	free(block);
	free(text);
	return 0;
}
