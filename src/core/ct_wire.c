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

/* ---- states that are one block of doubles ---- */

/*
 * A state type whose binary form is a version byte, an int32 count and
 * ndoubles(count) float8s (indicator_stats, logit_stats).
 */
typedef struct wire_block
{
	const char *type;			/* for messages */
	int			version;
	int			min_count,
				max_count;
	const char *bad_count;		/* message for a count below min_count */
	const char *too_many;		/* message for a count above max_count */
	const char *noun;			/* what the count counts, plural */
	size_t		(*ndoubles) (int count);
} wire_block;

#define BLOCK_HEADER 5			/* version byte, int32 count */

static ct_code
block_count(const wire_block *t, const uint8_t *buf, size_t len, int *count,
			ct_error *e)
{
	int32_t		c;
	size_t		need;

	ct_error_clear(e);
	if (len < BLOCK_HEADER)
	{
		ct_fail(e, CT_EFORMAT, "invalid %s binary value", t->type);
		ct_detail(e, "The value has %zu bytes; its header needs %d.", len, BLOCK_HEADER);
		return CT_EFORMAT;
	}
	if (buf[0] != t->version)
	{
		ct_fail(e, CT_EFORMAT, "unsupported %s binary format version %d", t->type, buf[0]);
		ct_detail(e, "This build reads version %d.", t->version);
		return CT_EFORMAT;
	}
	c = (int32_t) get32(buf + 1);
	if (c < t->min_count || c > t->max_count)
	{
		ct_fail(e, c < t->min_count ? CT_EFORMAT : CT_ELIMIT, "%s",
				c < t->min_count ? t->bad_count : t->too_many);
		ct_detail(e, "The state has %d %s; the limit is %d.", (int) c, t->noun, t->max_count);
		return e->code;
	}
	need = t->ndoubles(c) * sizeof(double);
	if (len - BLOCK_HEADER != need)
	{
		ct_fail(e, CT_EFORMAT, "invalid %s binary value", t->type);
		ct_detail(e, "A state of %d %s needs %zu bytes of values; %zu remain.",
				  (int) c, t->noun, need, len - BLOCK_HEADER);
		return CT_EFORMAT;
	}
	*count = c;
	return CT_OK;
}

/* decode a value into block, sized for count (the caller validates it) */
static ct_code
block_recv(const wire_block *t, const uint8_t *buf, size_t len, int count,
		   double *block, ct_error *e)
{
	int			c;
	ct_code		rc;
	size_t		n;

	if ((rc = block_count(t, buf, len, &c, e)) != CT_OK)
		return rc;
	if (c != count)
		return ct_fail(e, CT_EINVAL, "%s state sized for %d %s, value has %d", t->type, count, t->noun, c);
	n = t->ndoubles(c);
	for (size_t i = 0; i < n; i++)
		block[i] = getf8(buf + BLOCK_HEADER + i * sizeof(double));
	return CT_OK;
}

static size_t
block_size(const wire_block *t, int count)
{
	return BLOCK_HEADER + t->ndoubles(count) * sizeof(double);
}

static void
block_put(const wire_block *t, int count, const double *block, uint8_t *out)
{
	size_t		n = t->ndoubles(count);

	out[0] = (uint8_t) t->version;
	out = put32(out + 1, (uint32_t) count);
	for (size_t i = 0; i < n; i++)
		out = putf8(out, block[i]);
}

/* ---- indicator_stats ---- */

static size_t
stats_ndoubles(int k)
{
	return ct_stats_ndoubles(k);
}

static const wire_block stats_wire = {
	"indicator_stats", CT_STATS_VERSION, 1, CT_STATS_MAX_COLS,
	"invalid indicator_stats column count", "too many indicator columns", "columns",
	stats_ndoubles
};

ct_code
ct_stats_recv_k(const uint8_t *buf, size_t len, int *k, ct_error *e)
{
	return block_count(&stats_wire, buf, len, k, e);
}

ct_code
ct_stats_recv(const uint8_t *buf, size_t len, ct_stats *s, ct_error *e)
{
	ct_code		rc = block_recv(&stats_wire, buf, len, s->k, s->rows, e);

	return rc != CT_OK ? rc : ct_stats_validate(s, e);
}

size_t
ct_stats_send_size(int k)
{
	return block_size(&stats_wire, k);
}

void
ct_stats_send(const ct_stats *s, uint8_t *out)
{
	block_put(&stats_wire, s->k, s->rows, out);
}

/* ---- logit_stats ---- */

static size_t
logit_ndoubles(int p)
{
	return ct_logit_ndoubles(p);
}

static const wire_block logit_wire = {
	"logit_stats", CT_LOGIT_VERSION, 2, CT_LOGIT_MAX_COEF,
	"invalid logit_stats coefficient count", "too many logit_stats coefficients", "coefficients",
	logit_ndoubles
};

ct_code
ct_logit_recv_p(const uint8_t *buf, size_t len, int *p, ct_error *e)
{
	return block_count(&logit_wire, buf, len, p, e);
}

ct_code
ct_logit_recv(const uint8_t *buf, size_t len, ct_logit *s, ct_error *e)
{
	ct_code		rc = block_recv(&logit_wire, buf, len, s->p, s->rows, e);

	return rc != CT_OK ? rc : ct_logit_validate(s, e);
}

size_t
ct_logit_send_size(int p)
{
	return block_size(&logit_wire, p);
}

void
ct_logit_send(const ct_logit *s, uint8_t *out)
{
	block_put(&logit_wire, s->p, s->rows, out);
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
