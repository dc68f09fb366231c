/*
 * ct_sketch_io.c
 *		The text and binary forms of quantile_sketch (doc/sketch.md).  Both
 *		decoders check every count against the bytes that remain before
 *		allocating, then validate the decoded sketch as a whole, so that
 *		untrusted input is refused with CT_EFORMAT and never crashes
 *		(test/unit/test_sketch.c, test/fuzz/fuzz_sketch.c).
 *
 * Text, version 1 (lists in column order; len and par per column-level,
 * items per column-level in ascending order):
 *		v1;k=K;n=..;min=..;max=..;err=..;levels=..;len=..;par=..;items=..
 * Binary, version 1: uint8 version, int32 k, then per column uint64 n,
 * float8 min, float8 max, uint64 err, int32 nlevels, per level int32 len and
 * uint8 parity, then the len float8 values of each level (big-endian).
 */
#include "ct_sketch.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_statetext.h"

#define MAX_LV (CT_SKETCH_MAX_COLS * CT_SKETCH_MAX_LEVELS)

static const char *const sketch_hint =
"The text form is v1;k=K;n=..;min=..;max=..;err=..;levels=..;len=..;par=..;items=.. (doc/sketch.md).";

/* levels sorted in place: the order within a level carries no meaning */
static void
sort_levels(const ct_sketch *s)
{
	for (int c = 0; c < s->k; c++)
		for (int h = 0; h < s->cols[c].nlevels; h++)
			ct_sketch_sort_level(s, s->cols[c].items[h], s->cols[c].len[h]);
}

size_t
ct_sketch_format(const ct_sketch *s, char *buf, size_t cap)
{
	ct_text_out o = {buf, cap, 0};
	double		v[CT_SKETCH_MAX_COLS];
	char		hdr[32];

	sort_levels(s);
	snprintf(hdr, sizeof(hdr), "v%d;k=%d", CT_SKETCH_VERSION, s->k);
	ct_text_out_str(&o, hdr);
	for (int c = 0; c < s->k; c++)
		v[c] = (double) s->cols[c].n;
	ct_text_out_list(&o, "n", v, s->k);
	for (int c = 0; c < s->k; c++)
		v[c] = s->cols[c].min;
	ct_text_out_list(&o, "min", v, s->k);
	for (int c = 0; c < s->k; c++)
		v[c] = s->cols[c].max;
	ct_text_out_list(&o, "max", v, s->k);
	for (int c = 0; c < s->k; c++)
		v[c] = (double) s->cols[c].err;
	ct_text_out_list(&o, "err", v, s->k);
	for (int c = 0; c < s->k; c++)
		v[c] = s->cols[c].nlevels;
	ct_text_out_list(&o, "levels", v, s->k);
	{
		static const char *const keys[2] = {"len", "par"};

		for (int which = 0; which < 2; which++)
		{
			int			first = 1;

			ct_text_out_str(&o, ";");
			ct_text_out_str(&o, keys[which]);
			ct_text_out_str(&o, "=");
			for (int c = 0; c < s->k; c++)
				for (int h = 0; h < s->cols[c].nlevels; h++)
				{
					snprintf(hdr, sizeof(hdr), "%s%u", first ? "" : ",",
							 which == 0 ? s->cols[c].len[h] : (unsigned) s->cols[c].parity[h]);
					ct_text_out_str(&o, hdr);
					first = 0;
				}
		}
	}
	ct_text_out_str(&o, ";items=");
	{
		int			first = 1;
		char		num[40];

		for (int c = 0; c < s->k; c++)
			for (int h = 0; h < s->cols[c].nlevels; h++)
				for (uint32_t i = 0; i < s->cols[c].len[h]; i++)
				{
					if (!first)
						ct_text_out_str(&o, ",");
					ct_format_double(s->cols[c].items[h][i], num, sizeof(num));
					ct_text_out_str(&o, num);
					first = 0;
				}
	}
	return ct_text_out_end(&o);
}

ct_code
ct_sketch_parse_header(const char *text, int *k, ct_error *e)
{
	ct_text_in	in = {text, text, "quantile_sketch", sketch_hint};
	long		v;

	if (!ct_text_eat(&in.p, "v") || !ct_text_eat_int(&in.p, 0, 999999, &v))
		return ct_text_in_fail(&in, in.p, "Expected \"v<version>\"", e);
	if (v != CT_SKETCH_VERSION)
	{
		ct_fail(e, CT_EFORMAT, "unsupported quantile_sketch format version %ld", v);
		ct_detail(e, "This build reads version %d.", CT_SKETCH_VERSION);
		return e->code;
	}
	if (!ct_text_eat(&in.p, ";k=") || !ct_text_eat_int(&in.p, 1, 999999, &v))
		return ct_text_in_fail(&in, in.p, "Expected \";k=\" and a column count of at least 1", e);
	if (v > CT_SKETCH_MAX_COLS)
	{
		ct_fail(e, CT_ELIMIT, "a quantile_sketch has at most %d columns", CT_SKETCH_MAX_COLS);
		ct_detail(e, "The value has %ld.", v);
		return e->code;
	}
	*k = (int) v;
	return CT_OK;
}

/* whole numbers in [lo, hi] */
static ct_code
check_whole(ct_text_in *in, const double *v, size_t n, double lo, double hi,
			const char *key, ct_error *e)
{
	char		what[80];

	for (size_t i = 0; i < n; i++)
		if (v[i] != floor(v[i]) || v[i] < lo || v[i] > hi)
		{
			snprintf(what, sizeof(what), "Element %zu of %s is not a whole number in [%g, %g]",
					 i + 1, key, lo, hi);
			return ct_text_in_fail(in, in->p, what, e);
		}
	return CT_OK;
}

ct_code
ct_sketch_parse(const char *text, ct_sketch *s, ct_error *e)
{
	ct_text_in	in = {text, text, "quantile_sketch", sketch_hint};
	int			k;
	double		n[CT_SKETCH_MAX_COLS],
				mn[CT_SKETCH_MAX_COLS],
				mx[CT_SKETCH_MAX_COLS],
				er[CT_SKETCH_MAX_COLS],
				lv[CT_SKETCH_MAX_COLS];
	double		len[MAX_LV],
				par[MAX_LV];
	long		hv;
	size_t		nl = 0,
				total = 0,
				avail;
	ct_code		rc;

	rc = ct_sketch_parse_header(text, &k, e);
	if (rc != CT_OK)
		return rc;
	if (k != s->k)
		return ct_fail(e, CT_EFORMAT, "quantile_sketch column count mismatch");
	/* past the header that ct_sketch_parse_header checked */
	(void) ct_text_eat(&in.p, "v");
	(void) ct_text_eat_int(&in.p, 0, 999999, &hv);
	(void) ct_text_eat(&in.p, ";k=");
	(void) ct_text_eat_int(&in.p, 1, 999999, &hv);
	if ((rc = ct_text_in_list(&in, "n", n, k, e)) != CT_OK ||
		(rc = check_whole(&in, n, k, 0, 9007199254740992.0, "n", e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "min", mn, k, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "max", mx, k, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "err", er, k, e)) != CT_OK ||
		(rc = check_whole(&in, er, k, 0, 9007199254740992.0, "err", e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "levels", lv, k, e)) != CT_OK ||
		(rc = check_whole(&in, lv, k, 0, CT_SKETCH_MAX_LEVELS - 1, "levels", e)) != CT_OK)
		return rc;
	for (int c = 0; c < k; c++)
		nl += (size_t) lv[c];
	if ((rc = ct_text_in_list(&in, "len", len, nl, e)) != CT_OK ||
		(rc = check_whole(&in, len, nl, 0, CT_SKETCH_T - 1, "len", e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "par", par, nl, e)) != CT_OK ||
		(rc = check_whole(&in, par, nl, 0, 1, "par", e)) != CT_OK)
		return rc;
	for (size_t i = 0; i < nl; i++)
		total += (size_t) len[i];
	/* every value takes at least two characters: refuse before allocating */
	avail = strlen(in.p);
	if (total > avail / 2 + 1)
		return ct_text_in_fail(&in, in.p, "Fewer values than len announces", e);
	if (!ct_text_eat(&in.p, ";items="))
		return ct_text_in_fail(&in, in.p, "Expected \";items=\"", e);
	nl = 0;
	for (int c = 0; c < k; c++)
	{
		ct_sketch_col *col = &s->cols[c];

		col->n = (uint64_t) n[c];
		col->min = mn[c];
		col->max = mx[c];
		col->err = (uint64_t) er[c];
		col->nlevels = (int) lv[c];
		for (int h = 0; h < col->nlevels; h++, nl++)
		{
			col->len[h] = 0;
			col->parity[h] = (uint8_t) par[nl];
			if (len[nl] == 0)
				continue;
			rc = ct_sketch_reserve(s, c, h, (uint32_t) len[nl], e);
			if (rc != CT_OK)
				return rc;
			for (uint32_t i = 0; i < (uint32_t) len[nl]; i++)
			{
				char	   *end;
				const char *q = in.p;

				if (!((*q >= '0' && *q <= '9') || *q == '-' || *q == '+' || *q == '.'))
					return ct_text_in_fail(&in, q, "Expected a number in items", e);
				col->items[h][i] = strtod(q, &end);
				if (end == q || !isfinite(col->items[h][i]))
					return ct_text_in_fail(&in, q, "Invalid or out-of-range number in items", e);
				in.p = end;
				if (--total > 0 && !ct_text_eat(&in.p, ","))
					return ct_text_in_fail(&in, in.p, "Expected \",\" in items", e);
			}
			col->len[h] = (uint32_t) len[nl];
		}
	}
	if (*in.p != '\0')
		return ct_text_in_fail(&in, in.p, "Unexpected trailing text", e);
	return ct_sketch_validate(s, e);
}

/* ---- binary ---- */

static void
put_u64(uint8_t **p, uint64_t v)
{
	for (int i = 7; i >= 0; i--)
		*(*p)++ = (uint8_t) (v >> (8 * i));
}

static uint64_t
get_u64(const uint8_t **p)
{
	uint64_t	v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | *(*p)++;
	return v;
}

static void
put_u32(uint8_t **p, uint32_t v)
{
	for (int i = 3; i >= 0; i--)
		*(*p)++ = (uint8_t) (v >> (8 * i));
}

static uint32_t
get_u32(const uint8_t **p)
{
	uint32_t	v = 0;

	for (int i = 0; i < 4; i++)
		v = (v << 8) | *(*p)++;
	return v;
}

static void
put_f8(uint8_t **p, double x)
{
	uint64_t	v;

	memcpy(&v, &x, 8);
	put_u64(p, v);
}

static double
get_f8(const uint8_t **p)
{
	uint64_t	v = get_u64(p);
	double		x;

	memcpy(&x, &v, 8);
	return x;
}

size_t
ct_sketch_send_size(const ct_sketch *s)
{
	size_t		n = 1 + 4;

	for (int c = 0; c < s->k; c++)
	{
		n += 8 + 8 + 8 + 8 + 4;
		for (int h = 0; h < s->cols[c].nlevels; h++)
			n += 4 + 1 + 8 * (size_t) s->cols[c].len[h];
	}
	return n;
}

void
ct_sketch_send(const ct_sketch *s, uint8_t *out)
{
	uint8_t    *p = out;

	sort_levels(s);
	*p++ = CT_SKETCH_VERSION;
	put_u32(&p, (uint32_t) s->k);
	for (int c = 0; c < s->k; c++)
	{
		const ct_sketch_col *col = &s->cols[c];

		put_u64(&p, col->n);
		put_f8(&p, col->min);
		put_f8(&p, col->max);
		put_u64(&p, col->err);
		put_u32(&p, (uint32_t) col->nlevels);
		for (int h = 0; h < col->nlevels; h++)
		{
			put_u32(&p, col->len[h]);
			*p++ = col->parity[h];
			for (uint32_t i = 0; i < col->len[h]; i++)
				put_f8(&p, col->items[h][i]);
		}
	}
}

static ct_code
bin_fail(ct_error *e, const char *what)
{
	ct_fail(e, CT_EFORMAT, "invalid binary quantile_sketch value");
	ct_detail(e, "%s.", what);
	return e->code;
}

ct_code
ct_sketch_recv_k(const uint8_t *buf, size_t len, int *k, ct_error *e)
{
	const uint8_t *p = buf;
	uint32_t	v;

	if (len < 5)
		return bin_fail(e, "The value is shorter than its header");
	if (buf[0] != CT_SKETCH_VERSION)
	{
		ct_fail(e, CT_EFORMAT, "unsupported quantile_sketch format version %d", buf[0]);
		ct_detail(e, "This build reads version %d.", CT_SKETCH_VERSION);
		return e->code;
	}
	p++;
	v = get_u32(&p);
	if (v < 1)
		return bin_fail(e, "The column count must be at least 1");
	if (v > CT_SKETCH_MAX_COLS)
	{
		ct_fail(e, CT_ELIMIT, "a quantile_sketch has at most %d columns", CT_SKETCH_MAX_COLS);
		ct_detail(e, "The value has %u.", v);
		return e->code;
	}
	*k = (int) v;
	return CT_OK;
}

ct_code
ct_sketch_recv(const uint8_t *buf, size_t len, ct_sketch *s, ct_error *e)
{
	const uint8_t *p = buf + 5;
	const uint8_t *end = buf + len;
	ct_code		rc;

	for (int c = 0; c < s->k; c++)
	{
		ct_sketch_col *col = &s->cols[c];
		uint32_t	nlev;

		if (end - p < 36)
			return bin_fail(e, "The value ends inside a column header");
		col->n = get_u64(&p);
		col->min = get_f8(&p);
		col->max = get_f8(&p);
		col->err = get_u64(&p);
		nlev = get_u32(&p);
		if (nlev > CT_SKETCH_MAX_LEVELS - 1)
			return bin_fail(e, "A column has too many levels");
		col->nlevels = (int) nlev;
		for (int h = 0; h < col->nlevels; h++)
		{
			uint32_t	m;

			if (end - p < 5)
				return bin_fail(e, "The value ends inside a level header");
			m = get_u32(&p);
			col->parity[h] = *p++;
			if (m >= CT_SKETCH_T)
				return bin_fail(e, "A level holds too many values");
			if ((size_t) (end - p) < 8 * (size_t) m)
				return bin_fail(e, "The value ends inside a level's values");
			col->len[h] = 0;
			if (m > 0)
			{
				rc = ct_sketch_reserve(s, c, h, m, e);
				if (rc != CT_OK)
					return rc;
			}
			for (uint32_t i = 0; i < m; i++)
			{
				col->items[h][i] = get_f8(&p);
				if (!isfinite(col->items[h][i]))
					return bin_fail(e, "A value is not a finite number");
			}
			col->len[h] = m;
		}
	}
	if (p != end)
		return bin_fail(e, "The value has trailing bytes");
	return ct_sketch_validate(s, e);
}
