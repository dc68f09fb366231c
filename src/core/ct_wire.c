/*
 * ct_wire.c
 *		The binary forms of the indicator_stats and remedy_stats states
 *		(layouts in ct_wire.h): every length, count and offset of untrusted
 *		bytes is checked here before anything is read or allocated.
 */
#include "ct_wire.h"

#include <string.h>

#include "ct_remedy_int.h"

/* ---- big-endian fields ---- */

static uint32_t
get32(const uint8_t *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) |
		((uint32_t) p[2] << 8) | (uint32_t) p[3];
}

static uint64_t
get64(const uint8_t *p)
{
	return ((uint64_t) get32(p) << 32) | get32(p + 4);
}

static double
getf8(const uint8_t *p)
{
	uint64_t	u = get64(p);
	double		x;

	memcpy(&x, &u, sizeof(x));
	return x;
}

static uint8_t *
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t) (v >> 24);
	p[1] = (uint8_t) (v >> 16);
	p[2] = (uint8_t) (v >> 8);
	p[3] = (uint8_t) v;
	return p + 4;
}

static uint8_t *
put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t) (v >> 32));
	return put32(p + 4, (uint32_t) v);
}

static uint8_t *
putf8(uint8_t *p, double x)
{
	uint64_t	u;

	memcpy(&u, &x, sizeof(u));
	return put64(p, u);
}

/* ---- indicator_stats ---- */

#define STATS_HEADER 5			/* version byte, int32 k */

ct_code
ct_stats_recv_k(const uint8_t *buf, size_t len, int *k, ct_error *e)
{
	int32_t		kk;
	size_t		need;

	ct_error_clear(e);
	if (len < STATS_HEADER)
	{
		ct_fail(e, CT_EFORMAT, "invalid indicator_stats binary value");
		ct_detail(e, "The value has %zu bytes; its header needs %d.", len, STATS_HEADER);
		return CT_EFORMAT;
	}
	if (buf[0] != CT_STATS_VERSION)
	{
		ct_fail(e, CT_EFORMAT, "unsupported indicator_stats binary format version %d", buf[0]);
		ct_detail(e, "This build reads version %d.", CT_STATS_VERSION);
		return CT_EFORMAT;
	}
	kk = (int32_t) get32(buf + 1);
	if (kk < 1 || kk > CT_STATS_MAX_COLS)
	{
		ct_fail(e, kk < 1 ? CT_EFORMAT : CT_ELIMIT,
				kk < 1 ? "invalid indicator_stats column count" : "too many indicator columns");
		ct_detail(e, "The state has %d columns; the limit is %d.", (int) kk, CT_STATS_MAX_COLS);
		return e->code;
	}
	need = ct_stats_ndoubles(kk) * sizeof(double);
	if (len - STATS_HEADER != need)
	{
		ct_fail(e, CT_EFORMAT, "invalid indicator_stats binary value");
		ct_detail(e, "A state of %d columns needs %zu bytes of values; %zu remain.",
				  (int) kk, need, len - STATS_HEADER);
		return CT_EFORMAT;
	}
	*k = kk;
	return CT_OK;
}

ct_code
ct_stats_recv(const uint8_t *buf, size_t len, ct_stats *s, ct_error *e)
{
	int			k;
	ct_code		rc;
	size_t		n;

	if ((rc = ct_stats_recv_k(buf, len, &k, e)) != CT_OK)
		return rc;
	if (k != s->k)
		return ct_fail(e, CT_EINVAL, "indicator_stats state sized for %d columns, value has %d", s->k, k);
	n = ct_stats_ndoubles(k);
	for (size_t i = 0; i < n; i++)
		s->rows[i] = getf8(buf + STATS_HEADER + i * sizeof(double));
	return ct_stats_validate(s, e);
}

size_t
ct_stats_send_size(int k)
{
	return STATS_HEADER + ct_stats_ndoubles(k) * sizeof(double);
}

void
ct_stats_send(const ct_stats *s, uint8_t *out)
{
	size_t		n = ct_stats_ndoubles(s->k);

	out[0] = CT_STATS_VERSION;
	out = put32(out + 1, (uint32_t) s->k);
	for (size_t i = 0; i < n; i++)
		out = putf8(out, s->rows[i]);
}

/* ---- remedy_stats ---- */

#define REMEDY_HEADER 5			/* format byte, int32 entry count */
#define REMEDY_COUNTS 32		/* three int64 and a float8 */

/* One entry's fields, pointing into the buffer. */
typedef struct wire_entry
{
	const char *key[3];
	uint32_t	len[3];
	int64_t		cases;
	int64_t		accepted;
	int64_t		sat_cases;
	double		sat_sum;
} wire_entry;

static ct_code
bad_value(ct_error *e, uint32_t i, const char *what)
{
	ct_fail(e, CT_EFORMAT, "invalid external remedy_stats value");
	ct_detail(e, "Entry %u %s.", (unsigned) i + 1, what);
	return CT_EFORMAT;
}

/* Read entry i at *pos, advancing it. */
static ct_code
read_entry(const uint8_t *buf, size_t len, size_t *pos, uint32_t i,
		   wire_entry *x, ct_error *e)
{
	size_t		p = *pos;

	for (int k = 0; k < 3; k++)
	{
		int32_t		l;

		if (len - p < 4)
			return bad_value(e, i, "is truncated");
		l = (int32_t) get32(buf + p);
		p += 4;
		if (l < 0 || l > CT_REMEDY_MAX_KEY)
		{
			ct_fail(e, CT_EFORMAT, "invalid key length in external remedy_stats value");
			ct_detail(e, "A key has %d bytes; keys have 0 to %d bytes.", (int) l, CT_REMEDY_MAX_KEY);
			return CT_EFORMAT;
		}
		if (len - p < (size_t) l)
			return bad_value(e, i, "is truncated");
		/* as the text form: text cannot hold a NUL byte */
		if (l > 0 && memchr(buf + p, 0, (size_t) l) != NULL)
		{
			ct_fail(e, CT_EFORMAT, "invalid key in external remedy_stats value");
			ct_detail(e, "A key of entry %u contains a NUL byte.", (unsigned) i + 1);
			return CT_EFORMAT;
		}
		x->key[k] = (const char *) buf + p;
		x->len[k] = (uint32_t) l;
		p += (size_t) l;
	}
	if (len - p < REMEDY_COUNTS)
		return bad_value(e, i, "is truncated");
	x->cases = (int64_t) get64(buf + p);
	x->accepted = (int64_t) get64(buf + p + 8);
	x->sat_cases = (int64_t) get64(buf + p + 16);
	x->sat_sum = getf8(buf + p + 24);
	*pos = p + REMEDY_COUNTS;
	if (!ct_remedy_counts_valid(x->cases, x->accepted, x->sat_cases, x->sat_sum))
	{
		ct_fail(e, CT_EFORMAT, "invalid entry in external remedy_stats value");
		ct_detail(e, "Entry %u needs 0 <= accepted <= cases, satisfaction_cases >= 0 and a zero sum without satisfaction cases.",
				  (unsigned) i + 1);
		return CT_EFORMAT;
	}
	return CT_OK;
}

static int
cmp_wire(const wire_entry *a, const wire_entry *b)
{
	int			c = 0;

	for (int k = 0; k < 3 && c == 0; k++)
		c = ct_remedy_cmp_bytes(a->key[k], a->len[k], b->key[k], b->len[k]);
	return c;
}

ct_code
ct_remedy_recv_size(const uint8_t *buf, size_t len, uint32_t *nentries,
					uint32_t *pool_bytes, ct_error *e)
{
	int32_t		n;
	size_t		pos = REMEDY_HEADER;
	uint64_t	pool = 0;
	wire_entry	x[2];
	ct_code		rc;

	ct_error_clear(e);
	if (len < REMEDY_HEADER)
	{
		ct_fail(e, CT_EFORMAT, "invalid external remedy_stats value");
		ct_detail(e, "The value has %zu bytes; its header needs %d.", len, REMEDY_HEADER);
		return CT_EFORMAT;
	}
	if (buf[0] != CT_REMEDY_FORMAT)
	{
		ct_fail(e, CT_EFORMAT, "unsupported external remedy_stats format %d", buf[0]);
		ct_detail(e, "This version reads format %d.", CT_REMEDY_FORMAT);
		return CT_EFORMAT;
	}
	n = (int32_t) get32(buf + 1);
	if (n < 0 || n > CT_REMEDY_MAX_ENTRIES)
		return ct_fail(e, CT_EFORMAT, "invalid entry count %d in external remedy_stats value", (int) n);
	/* every entry takes at least 44 bytes: refuse a count the bytes cannot hold */
	if ((uint64_t) n * (12 + REMEDY_COUNTS) > len - REMEDY_HEADER)
	{
		ct_fail(e, CT_EFORMAT, "invalid external remedy_stats value");
		ct_detail(e, "%d entries do not fit in %zu bytes.", (int) n, len);
		return CT_EFORMAT;
	}
	for (int32_t i = 0; i < n; i++)
	{
		wire_entry *cur = &x[i & 1];

		if ((rc = read_entry(buf, len, &pos, (uint32_t) i, cur, e)) != CT_OK)
			return rc;
		if (i > 0 && cmp_wire(&x[(i - 1) & 1], cur) >= 0)
		{
			ct_fail(e, CT_EFORMAT, "external remedy_stats entries out of order");
			ct_detail(e, "Entries must be in ascending byte order of (segment, problem type, remedy) without duplicates (entry %d).",
					  (int) i + 1);
			return CT_EFORMAT;
		}
		pool += (uint64_t) cur->len[0] + cur->len[1] + cur->len[2];
		if (ct_remedy_bytes(0, 0) + (uint64_t) (i + 1) * sizeof(ct_remedy_entry) + pool > CT_REMEDY_MAX_BYTES)
		{
			ct_fail(e, CT_ELIMIT, "external remedy_stats value is too large");
			ct_detail(e, "The limits are %d entries and %d bytes.", CT_REMEDY_MAX_ENTRIES, CT_REMEDY_MAX_BYTES);
			return CT_ELIMIT;
		}
	}
	if (pos != len)
	{
		ct_fail(e, CT_EFORMAT, "invalid external remedy_stats value");
		ct_detail(e, "%zu bytes follow the last entry.", len - pos);
		return CT_EFORMAT;
	}
	*nentries = (uint32_t) n;
	*pool_bytes = (uint32_t) pool;
	return CT_OK;
}

ct_code
ct_remedy_recv(const uint8_t *buf, size_t len, ct_remedy_state *dst,
			   ct_error *e)
{
	uint32_t	n,
				pool;
	size_t		pos = REMEDY_HEADER;
	ct_code		rc;

	if ((rc = ct_remedy_recv_size(buf, len, &n, &pool, e)) != CT_OK)
		return rc;
	if (dst->nentries != 0 || dst->cap_entries < n || dst->pool_cap < pool)
		return ct_fail(e, CT_EINVAL, "remedy_stats state too small for the value");
	for (uint32_t i = 0; i < n; i++)
	{
		wire_entry	x;

		/* checked by ct_remedy_recv_size; in order, so each key appends */
		(void) read_entry(buf, len, &pos, i, &x, e);
		if ((rc = ct_remedy_add(dst, x.key[0], x.len[0], x.key[1], x.len[1], x.key[2], x.len[2],
								x.cases, x.accepted, x.sat_cases, x.sat_sum, e)) != CT_OK)
			return rc;
	}
	return CT_OK;
}

size_t
ct_remedy_send_size(const ct_remedy_state *st)
{
	const ct_remedy_entry *en = ct_remedy_entries(st);
	size_t		n = REMEDY_HEADER + (size_t) st->nentries * (12 + REMEDY_COUNTS);

	for (uint32_t i = 0; i < st->nentries; i++)
		n += (size_t) en[i].seg_len + en[i].prob_len + en[i].rem_len;
	return n;
}

void
ct_remedy_send(const ct_remedy_state *st, uint8_t *out)
{
	const ct_remedy_entry *en = ct_remedy_entries(st);
	const char *pool = ct_remedy_pool(st);

	out[0] = CT_REMEDY_FORMAT;
	out = put32(out + 1, st->nentries);
	for (uint32_t i = 0; i < st->nentries; i++)
	{
		const ct_remedy_entry *x = &en[i];
		const uint32_t len[3] = {x->seg_len, x->prob_len, x->rem_len};
		const char *k = pool + x->off;

		for (int j = 0; j < 3; j++)
		{
			out = put32(out, len[j]);
			if (len[j])
				memcpy(out, k, len[j]);
			out += len[j];
			k += len[j];
		}
		out = put64(out, (uint64_t) x->cases);
		out = put64(out, (uint64_t) x->accepted);
		out = put64(out, (uint64_t) x->sat_cases);
		out = putf8(out, x->sat_sum);
	}
}
