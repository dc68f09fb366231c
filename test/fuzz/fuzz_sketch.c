/*
 * fuzz_sketch.c
 *		libFuzzer target for the quantile_sketch decoders (src/core/
 *		ct_sketch_io.c): the input is tried as the binary form
 *		(ct_sketch_recv_k, ct_sketch_recv) and, NUL-terminated, as the text
 *		form (ct_sketch_parse_header, ct_sketch_parse).
 *
 * A failure must carry a message.  An accepted sketch must validate, answer
 * quantile, rank and merge queries with values inside [min, max], and its
 * canonical binary form must decode and encode to the same bytes again.
 * Build and run: make fuzz (doc/development.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ct_sketch.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void *
f_alloc(size_t n, void *ctx)
{
	(void) ctx;
	return malloc(n);
}

static void
f_free(void *p, void *ctx)
{
	(void) ctx;
	free(p);
}

static void
check(ct_sketch *s)
{
	ct_error	e;
	size_t		n = ct_sketch_send_size(s);
	uint8_t    *a = malloc(n);
	uint8_t    *b = malloc(n);
	ct_sketch	r,
				m;
	int			k;

	if (ct_sketch_validate(s, &e) != CT_OK)
		abort();
	for (int c = 0; c < s->k; c++)
	{
		size_t		items = ct_sketch_nitems(s, c);
		double	   *vals = malloc(sizeof(double) * (items + 1));
		uint64_t   *cum = malloc(sizeof(uint64_t) * (items + 1));
		ct_sketch_sorted q;

		ct_sketch_sort(s, c, vals, cum, &q);
		if (q.n > 0)
		{
			for (int i = 0; i <= 10; i++)
			{
				double		v = ct_sketch_quantile(&q, i / 10.0);
				double		d = ct_sketch_quantile_disc(&q, i / 10.0);
				uint64_t	less,
							le;

				if (!(v >= q.min && v <= q.max && d >= q.min && d <= q.max))
					abort();
				ct_sketch_rank(&q, v, &less, &le);
				if (less > le || le > q.n)
					abort();
			}
		}
		free(vals);
		free(cum);
	}
	ct_sketch_send(s, a);
	if (ct_sketch_recv_k(a, n, &k, &e) != CT_OK || k != s->k)
		abort();
	if (ct_sketch_init(&r, k, f_alloc, f_free, NULL, &e) != CT_OK)
		abort();
	if (ct_sketch_recv(a, n, &r, &e) != CT_OK)
		abort();
	ct_sketch_send(&r, b);
	if (memcmp(a, b, n) != 0)
		abort();
	/* a merge with a copy of itself is consistent */
	if (ct_sketch_init(&m, k, f_alloc, f_free, NULL, &e) != CT_OK ||
		ct_sketch_merge(&m, s, &e) != CT_OK || ct_sketch_merge(&m, &r, &e) != CT_OK ||
		ct_sketch_validate(&m, &e) != CT_OK)
		abort();
	ct_sketch_free(&m);
	ct_sketch_free(&r);
	free(a);
	free(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ct_error	e;
	ct_sketch	s;
	int			k;
	char	   *text;

	if (ct_sketch_recv_k(data, size, &k, &e) == CT_OK)
	{
		if (ct_sketch_init(&s, k, f_alloc, f_free, NULL, &e) != CT_OK)
			abort();
		if (ct_sketch_recv(data, size, &s, &e) == CT_OK)
			check(&s);
		else if (e.message[0] == '\0')
			abort();
		ct_sketch_free(&s);
	}
	else if (e.message[0] == '\0')
		abort();
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if (ct_sketch_parse_header(text, &k, &e) == CT_OK)
	{
		if (ct_sketch_init(&s, k, f_alloc, f_free, NULL, &e) != CT_OK)
			abort();
		if (ct_sketch_parse(text, &s, &e) == CT_OK)
			check(&s);
		else if (e.message[0] == '\0')
			abort();
		ct_sketch_free(&s);
	}
	else if (e.message[0] == '\0')
		abort();
	free(text);
	return 0;
}
