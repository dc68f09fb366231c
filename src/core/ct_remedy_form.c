/*
 * ct_remedy_form.c
 *		Remedy statistics from and to the outside (see ct_remedy.h): the
 *		check of a state block from an untrusted source (binary input,
 *		disk), and the JSON text form, written and parsed.
 */
#include "ct_remedy_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

ct_code
ct_remedy_check(const ct_remedy_state *st, size_t bytes, ct_error *e)
{
	const ct_remedy_entry *en;
	uint32_t	i;

	if (bytes < sizeof(ct_remedy_state))
		return ct_fail(e, CT_EFORMAT, "remedy_stats value is truncated");
	if (st->format != CT_REMEDY_FORMAT)
	{
		ct_fail(e, CT_EFORMAT, "unsupported remedy_stats format %u", (unsigned) st->format);
		ct_detail(e, "This version reads format %d.", CT_REMEDY_FORMAT);
		return CT_EFORMAT;
	}
	if (st->cap_entries > CT_REMEDY_MAX_ENTRIES || st->nentries > st->cap_entries ||
		st->pool_used > st->pool_cap ||
		ct_remedy_bytes(st->cap_entries, st->pool_cap) != bytes)
		return ct_fail(e, CT_EFORMAT, "corrupt remedy_stats value: inconsistent sizes");
	en = ct_remedy_entries(st);
	for (i = 0; i < st->nentries; i++)
	{
		const ct_remedy_entry *x = &en[i];

		if (x->seg_len > CT_REMEDY_MAX_KEY || x->prob_len > CT_REMEDY_MAX_KEY ||
			x->rem_len > CT_REMEDY_MAX_KEY ||
			(size_t) x->off + x->seg_len + x->prob_len + x->rem_len > st->pool_used)
			return ct_fail(e, CT_EFORMAT, "corrupt remedy_stats value: key out of bounds");
		if (!ct_remedy_counts_valid(x->cases, x->accepted, x->sat_cases, x->sat_sum))
			return ct_fail(e, CT_EFORMAT, "corrupt remedy_stats value: invalid counts");
		if (i > 0 && ct_remedy_cmp_entries(st, &en[i - 1], st, x) >= 0)
			return ct_fail(e, CT_EFORMAT, "corrupt remedy_stats value: keys out of order");
	}
	return CT_OK;
}

/* ------------------------------------------------------------ text form */

size_t
ct_remedy_text_bound(const ct_remedy_state *st)
{
	/* a key byte becomes at most 6 (\u00XX); numbers at most 25 each */
	return 64 + (size_t) st->nentries * (3 * 2 + 4 * 26 + 16) + (size_t) st->pool_used * 6;
}

static size_t
put_string(char *out, const char *s, size_t len)
{
	size_t		o = 0;
	size_t		i;

	out[o++] = '"';
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '"' || c == '\\')
		{
			out[o++] = '\\';
			out[o++] = (char) c;
		}
		else if (c < 0x20)
			o += (size_t) sprintf(out + o, "\\u%04x", c);
		else
			out[o++] = (char) c;
	}
	out[o++] = '"';
	return o;
}

/* Shortest decimal text that reads back to exactly x. */
static size_t
put_double(char *out, double x)
{
	int			prec;
	int			n = 0;

	if (x == 0.0)
		return (size_t) sprintf(out, "0");
	/* whole numbers (sums of integer scores) print without an exponent */
	if (fabs(x) < 1e15 && x == floor(x))
		return (size_t) sprintf(out, "%.0f", x);
	for (prec = 1; prec <= 17; prec++)
	{
		n = sprintf(out, "%.*g", prec, x);
		if (strtod(out, NULL) == x)
			break;
	}
	return (size_t) n;
}

size_t
ct_remedy_to_text(const ct_remedy_state *st, char *out, size_t outsize)
{
	const ct_remedy_entry *en = ct_remedy_entries(st);
	const char *pool = ct_remedy_pool(st);
	size_t		o;
	uint32_t	i;

	if (outsize < ct_remedy_text_bound(st))
	{
		if (outsize)
			out[0] = '\0';
		return 0;
	}
	o = (size_t) sprintf(out, "{\"format\": %d, \"entries\": [", CT_REMEDY_FORMAT);
	for (i = 0; i < st->nentries; i++)
	{
		const ct_remedy_entry *x = &en[i];
		const char *k = pool + x->off;

		if (i > 0)
		{
			out[o++] = ',';
			out[o++] = ' ';
		}
		out[o++] = '[';
		o += put_string(out + o, k, x->seg_len);
		out[o++] = ',';
		out[o++] = ' ';
		o += put_string(out + o, k + x->seg_len, x->prob_len);
		out[o++] = ',';
		out[o++] = ' ';
		o += put_string(out + o, k + x->seg_len + x->prob_len, x->rem_len);
		o += (size_t) sprintf(out + o, ", %lld, %lld, %lld, ", (long long) x->cases,
							  (long long) x->accepted, (long long) x->sat_cases);
		o += put_double(out + o, x->sat_sum);
		out[o++] = ']';
	}
	out[o++] = ']';
	out[o++] = '}';
	out[o] = '\0';
	return o;
}

typedef struct reader
{
	const char *s;
	size_t		len;
	size_t		pos;
	ct_error   *e;
} reader;

static int
char_pos(const reader *r)
{
	int			n = 1;
	size_t		i;

	for (i = 0; i < r->pos && i < r->len; i++)
		if (((unsigned char) r->s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static ct_code
rd_fail(reader *r, const char *expected)
{
	ct_fail(r->e, CT_EFORMAT, "malformed remedy_stats text");
	if (r->pos >= r->len)
		ct_detail(r->e, "Expected %s at the end of the input.", expected);
	else
		ct_detail(r->e, "Expected %s at character %d.", expected, char_pos(r));
	ct_hint(r->e, "The text form is {\"format\": 1, \"entries\": [[segment, problem_type, remedy, cases, accepted, satisfaction_cases, satisfaction_sum], ...]}.");
	r->e->position = char_pos(r);
	return CT_EFORMAT;
}

static void
skip_ws(reader *r)
{
	while (r->pos < r->len && (r->s[r->pos] == ' ' || r->s[r->pos] == '\t' ||
							   r->s[r->pos] == '\n' || r->s[r->pos] == '\r'))
		r->pos++;
}

static ct_code
expect(reader *r, char c, const char *what)
{
	skip_ws(r);
	if (r->pos < r->len && r->s[r->pos] == c)
	{
		r->pos++;
		return CT_OK;
	}
	return rd_fail(r, what);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
read_hex4(reader *r, unsigned *v)
{
	int			k;

	*v = 0;
	if (r->pos + 4 > r->len)
		return false;
	for (k = 0; k < 4; k++)
	{
		int			h = hexval((unsigned char) r->s[r->pos + k]);

		if (h < 0)
			return false;
		*v = *v * 16 + (unsigned) h;
	}
	r->pos += 4;
	return true;
}

/* A JSON string into buf (at most CT_REMEDY_MAX_KEY bytes). */
static ct_code
read_string(reader *r, char *buf, size_t *blen)
{
	size_t		o = 0;

	skip_ws(r);
	if (r->pos >= r->len || r->s[r->pos] != '"')
		return rd_fail(r, "a quoted string");
	r->pos++;
	for (;;)
	{
		unsigned char c;
		char		enc[4];
		size_t		el = 0;

		if (r->pos >= r->len)
			return rd_fail(r, "a closing quote");
		c = (unsigned char) r->s[r->pos];
		if (c == '"')
		{
			r->pos++;
			break;
		}
		if (c < 0x20)
			return rd_fail(r, "no control character inside a string");
		if (c != '\\')
		{
			enc[0] = (char) c;
			el = 1;
			r->pos++;
		}
		else
		{
			unsigned	cp;

			if (r->pos + 1 >= r->len)
				return rd_fail(r, "an escape sequence");
			c = (unsigned char) r->s[r->pos + 1];
			r->pos += 2;
			switch (c)
			{
				case '"':
				case '\\':
				case '/':
					enc[0] = (char) c;
					el = 1;
					break;
				case 'b':
					enc[0] = '\b';
					el = 1;
					break;
				case 'f':
					enc[0] = '\f';
					el = 1;
					break;
				case 'n':
					enc[0] = '\n';
					el = 1;
					break;
				case 'r':
					enc[0] = '\r';
					el = 1;
					break;
				case 't':
					enc[0] = '\t';
					el = 1;
					break;
				case 'u':
					if (!read_hex4(r, &cp))
						return rd_fail(r, "four hexadecimal digits after \\u");
					if (cp >= 0xD800 && cp <= 0xDBFF)
					{
						unsigned	lo;

						if (r->pos + 2 > r->len || r->s[r->pos] != '\\' || r->s[r->pos + 1] != 'u')
							return rd_fail(r, "a low surrogate after a high surrogate");
						r->pos += 2;
						if (!read_hex4(r, &lo) || lo < 0xDC00 || lo > 0xDFFF)
							return rd_fail(r, "a low surrogate after a high surrogate");
						cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					}
					else if (cp >= 0xDC00 && cp <= 0xDFFF)
						return rd_fail(r, "no lone low surrogate");
					if (cp == 0)
						return rd_fail(r, "no \\u0000 (text cannot hold a NUL byte)");
					if (cp < 0x80)
					{
						enc[0] = (char) cp;
						el = 1;
					}
					else if (cp < 0x800)
					{
						enc[0] = (char) (0xC0 | (cp >> 6));
						enc[1] = (char) (0x80 | (cp & 0x3F));
						el = 2;
					}
					else if (cp < 0x10000)
					{
						enc[0] = (char) (0xE0 | (cp >> 12));
						enc[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
						enc[2] = (char) (0x80 | (cp & 0x3F));
						el = 3;
					}
					else
					{
						enc[0] = (char) (0xF0 | (cp >> 18));
						enc[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
						enc[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
						enc[3] = (char) (0x80 | (cp & 0x3F));
						el = 4;
					}
					break;
				default:
					r->pos--;
					return rd_fail(r, "a valid escape sequence");
			}
		}
		if (o + el > CT_REMEDY_MAX_KEY)
		{
			ct_fail(r->e, CT_ELIMIT, "remedy_stats key is too long");
			ct_detail(r->e, "Segment, problem type and remedy are limited to %d bytes each.", CT_REMEDY_MAX_KEY);
			return CT_ELIMIT;
		}
		memcpy(buf + o, enc, el);
		o += el;
	}
	*blen = o;
	return CT_OK;
}

/* A JSON number token: returns its extent, checks the grammar. */
static ct_code
read_number_token(reader *r, char *buf, size_t bufsize, bool *integral)
{
	size_t		start,
				p;

	skip_ws(r);
	start = p = r->pos;
	*integral = true;
	if (p < r->len && r->s[p] == '-')
		p++;
	if (p >= r->len || r->s[p] < '0' || r->s[p] > '9')
		return rd_fail(r, "a number");
	if (r->s[p] == '0')
		p++;
	else
		while (p < r->len && r->s[p] >= '0' && r->s[p] <= '9')
			p++;
	if (p < r->len && r->s[p] == '.')
	{
		*integral = false;
		p++;
		if (p >= r->len || r->s[p] < '0' || r->s[p] > '9')
		{
			r->pos = p;
			return rd_fail(r, "digits after the decimal point");
		}
		while (p < r->len && r->s[p] >= '0' && r->s[p] <= '9')
			p++;
	}
	if (p < r->len && (r->s[p] == 'e' || r->s[p] == 'E'))
	{
		*integral = false;
		p++;
		if (p < r->len && (r->s[p] == '+' || r->s[p] == '-'))
			p++;
		if (p >= r->len || r->s[p] < '0' || r->s[p] > '9')
		{
			r->pos = p;
			return rd_fail(r, "digits in the exponent");
		}
		while (p < r->len && r->s[p] >= '0' && r->s[p] <= '9')
			p++;
	}
	if (p - start >= bufsize)
		return rd_fail(r, "a shorter number");
	memcpy(buf, r->s + start, p - start);
	buf[p - start] = '\0';
	r->pos = p;
	return CT_OK;
}

static ct_code
read_int(reader *r, int64_t *v)
{
	char		buf[64];
	bool		integral;
	size_t		at;
	ct_code		rc;
	long long	x;

	skip_ws(r);
	at = r->pos;
	if ((rc = read_number_token(r, buf, sizeof(buf), &integral)) != CT_OK)
		return rc;
	errno = 0;
	x = strtoll(buf, NULL, 10);
	if (!integral || errno == ERANGE || x < 0)
	{
		r->pos = at;
		return rd_fail(r, "a non-negative integer count");
	}
	*v = (int64_t) x;
	return CT_OK;
}

static ct_code
read_double(reader *r, double *v)
{
	char		buf[400];
	bool		integral;
	size_t		at;
	ct_code		rc;

	skip_ws(r);
	at = r->pos;
	if ((rc = read_number_token(r, buf, sizeof(buf), &integral)) != CT_OK)
		return rc;
	*v = strtod(buf, NULL);
	if (!isfinite(*v))
	{
		r->pos = at;
		return rd_fail(r, "a finite satisfaction sum");
	}
	return CT_OK;
}

static ct_code
read_key(reader *r, const char *name)
{
	char		buf[CT_REMEDY_MAX_KEY];
	size_t		len;
	size_t		at;
	ct_code		rc;
	char		what[32];

	skip_ws(r);
	at = r->pos;
	snprintf(what, sizeof(what), "\"%s\"", name);
	if (r->pos >= r->len || r->s[r->pos] != '"')
		return rd_fail(r, what);
	if ((rc = read_string(r, buf, &len)) != CT_OK)
		return rc;
	if (len != strlen(name) || memcmp(buf, name, len) != 0)
	{
		r->pos = at;
		return rd_fail(r, what);
	}
	return expect(r, ':', "\":\"");
}

ct_code
ct_remedy_parse(const char *text, size_t len, ct_remedy_state *dst,
				uint32_t *nentries, uint32_t *pool_bytes, ct_error *e)
{
	reader		r;
	ct_code		rc;
	int64_t		format;
	char		keys[2][3][CT_REMEDY_MAX_KEY];	/* current and previous key */
	size_t		klen[2][3];
	int			cur = 0;
	uint64_t	n = 0,
				bytes = 0;

	ct_error_clear(e);
	r.s = text;
	r.len = len;
	r.pos = 0;
	r.e = e;
	if ((rc = expect(&r, '{', "\"{\"")) != CT_OK ||
		(rc = read_key(&r, "format")) != CT_OK)
		return rc;
	{
		size_t		at;

		skip_ws(&r);
		at = r.pos;
		if ((rc = read_int(&r, &format)) != CT_OK)
			return rc;
		if (format != CT_REMEDY_FORMAT)
		{
			r.pos = at;
			ct_fail(e, CT_EFORMAT, "unsupported remedy_stats format %lld", (long long) format);
			ct_detail(e, "This version reads format %d.", CT_REMEDY_FORMAT);
			e->position = char_pos(&r);
			return CT_EFORMAT;
		}
	}
	if ((rc = expect(&r, ',', "\",\"")) != CT_OK ||
		(rc = read_key(&r, "entries")) != CT_OK ||
		(rc = expect(&r, '[', "\"[\"")) != CT_OK)
		return rc;
	skip_ws(&r);
	if (r.pos < r.len && r.s[r.pos] == ']')
		r.pos++;
	else
	{
		for (;;)
		{
			int64_t		cases,
						accepted,
						sat_cases;
			double		sat_sum;
			int			k;
			size_t		at;

			if ((rc = expect(&r, '[', "\"[\" opening an entry")) != CT_OK)
				return rc;
			skip_ws(&r);
			at = r.pos;
			for (k = 0; k < 3; k++)
			{
				if (k > 0 && (rc = expect(&r, ',', "\",\"")) != CT_OK)
					return rc;
				if ((rc = read_string(&r, keys[cur][k], &klen[cur][k])) != CT_OK)
					return rc;
			}
			if ((rc = expect(&r, ',', "\",\"")) != CT_OK ||
				(rc = read_int(&r, &cases)) != CT_OK ||
				(rc = expect(&r, ',', "\",\"")) != CT_OK ||
				(rc = read_int(&r, &accepted)) != CT_OK ||
				(rc = expect(&r, ',', "\",\"")) != CT_OK ||
				(rc = read_int(&r, &sat_cases)) != CT_OK ||
				(rc = expect(&r, ',', "\",\"")) != CT_OK ||
				(rc = read_double(&r, &sat_sum)) != CT_OK ||
				(rc = expect(&r, ']', "\"]\" closing an entry")) != CT_OK)
				return rc;
			if (!ct_remedy_counts_valid(cases, accepted, sat_cases, sat_sum))
			{
				r.pos = at;
				ct_fail(e, CT_EFORMAT, "invalid counts in remedy_stats text");
				ct_detail(e, "An entry needs 0 <= accepted <= cases, satisfaction_cases >= 0 and a zero sum without satisfaction cases (entry at character %d).", char_pos(&r));
				e->position = char_pos(&r);
				return CT_EFORMAT;
			}
			if (n > 0)
			{
				int			c = 0;
				int			prev = 1 - cur;

				for (k = 0; k < 3 && c == 0; k++)
					c = ct_remedy_cmp_bytes(keys[prev][k], klen[prev][k], keys[cur][k], klen[cur][k]);
				if (c >= 0)
				{
					r.pos = at;
					ct_fail(e, CT_EFORMAT, "remedy_stats entries out of order");
					ct_detail(e, "Entries must be in ascending byte order of (segment, problem type, remedy) without duplicates (entry at character %d).", char_pos(&r));
					e->position = char_pos(&r);
					return CT_EFORMAT;
				}
			}
			n++;
			bytes += klen[cur][0] + klen[cur][1] + klen[cur][2];
			if (n > CT_REMEDY_MAX_ENTRIES || ct_remedy_bytes(0, 0) + n * sizeof(ct_remedy_entry) + bytes > CT_REMEDY_MAX_BYTES)
			{
				ct_fail(e, CT_ELIMIT, "remedy_stats text is too large");
				ct_detail(e, "The limits are %d entries and %d bytes.", CT_REMEDY_MAX_ENTRIES, CT_REMEDY_MAX_BYTES);
				return CT_ELIMIT;
			}
			if (dst != NULL)
			{
				if ((rc = ct_remedy_add(dst, keys[cur][0], klen[cur][0], keys[cur][1], klen[cur][1],
										keys[cur][2], klen[cur][2], cases, accepted,
										sat_cases, sat_sum, e)) != CT_OK)
					return rc;
			}
			cur = 1 - cur;
			skip_ws(&r);
			if (r.pos < r.len && r.s[r.pos] == ',')
			{
				r.pos++;
				continue;
			}
			if ((rc = expect(&r, ']', "\",\" or \"]\"")) != CT_OK)
				return rc;
			break;
		}
	}
	if ((rc = expect(&r, '}', "\"}\"")) != CT_OK)
		return rc;
	skip_ws(&r);
	if (r.pos < r.len)
		return rd_fail(&r, "the end of the input");
	*nentries = (uint32_t) n;
	*pool_bytes = (uint32_t) bytes;
	return CT_OK;
}
