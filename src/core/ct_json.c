/*
 * ct_json.c
 *		The JSON reader and writer of the state types' text forms (see
 *		ct_json.h).
 */
#include "ct_json.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
ct_json_init(ct_json_reader *r, const char *s, size_t len, ct_error *e,
			 const char *type, const char *hint, const char *long_detail)
{
	r->s = s;
	r->len = len;
	r->pos = 0;
	r->e = e;
	r->type = type;
	r->hint = hint;
	r->long_detail = long_detail;
}

int
ct_json_char_pos(const ct_json_reader *r)
{
	int			n = 1;
	size_t		i;

	for (i = 0; i < r->pos && i < r->len; i++)
		if (((unsigned char) r->s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

ct_code
ct_json_fail(ct_json_reader *r, const char *expected)
{
	ct_fail(r->e, CT_EFORMAT, "malformed %s text", r->type);
	if (r->pos >= r->len)
		ct_detail(r->e, "Expected %s at the end of the input.", expected);
	else
		ct_detail(r->e, "Expected %s at character %d.", expected, ct_json_char_pos(r));
	ct_hint(r->e, "%s", r->hint);
	r->e->position = ct_json_char_pos(r);
	return CT_EFORMAT;
}

void
ct_json_skip_ws(ct_json_reader *r)
{
	while (r->pos < r->len && (r->s[r->pos] == ' ' || r->s[r->pos] == '\t' ||
							   r->s[r->pos] == '\n' || r->s[r->pos] == '\r'))
		r->pos++;
}

bool
ct_json_peek(ct_json_reader *r, char c)
{
	ct_json_skip_ws(r);
	return r->pos < r->len && r->s[r->pos] == c;
}

ct_code
ct_json_expect(ct_json_reader *r, char c, const char *what)
{
	if (ct_json_peek(r, c))
	{
		r->pos++;
		return CT_OK;
	}
	return ct_json_fail(r, what);
}

ct_code
ct_json_array_open(ct_json_reader *r, const char *what, bool *empty)
{
	ct_code		rc = ct_json_expect(r, '[', what);

	*empty = rc == CT_OK && ct_json_peek(r, ']');
	if (*empty)
		r->pos++;
	return rc;
}

ct_code
ct_json_array_next(ct_json_reader *r, bool *more)
{
	*more = ct_json_peek(r, ',');
	if (*more)
	{
		r->pos++;
		return CT_OK;
	}
	return ct_json_expect(r, ']', "\",\" or \"]\"");
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
read_hex4(ct_json_reader *r, unsigned *v)
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

/* UTF-8 of code point cp into enc; returns its length. */
static size_t
utf8_encode(unsigned cp, char *enc)
{
	if (cp < 0x80)
	{
		enc[0] = (char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		enc[0] = (char) (0xC0 | (cp >> 6));
		enc[1] = (char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		enc[0] = (char) (0xE0 | (cp >> 12));
		enc[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
		enc[2] = (char) (0x80 | (cp & 0x3F));
		return 3;
	}
	enc[0] = (char) (0xF0 | (cp >> 18));
	enc[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
	enc[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
	enc[3] = (char) (0x80 | (cp & 0x3F));
	return 4;
}

/* The escape after a backslash (the cursor is on the backslash). */
static ct_code
read_escape(ct_json_reader *r, char *enc, size_t *el)
{
	unsigned char c;
	unsigned	cp;

	if (r->pos + 1 >= r->len)
		return ct_json_fail(r, "an escape sequence");
	c = (unsigned char) r->s[r->pos + 1];
	r->pos += 2;
	*el = 1;
	switch (c)
	{
		case '"':
		case '\\':
		case '/':
			enc[0] = (char) c;
			return CT_OK;
		case 'b':
			enc[0] = '\b';
			return CT_OK;
		case 'f':
			enc[0] = '\f';
			return CT_OK;
		case 'n':
			enc[0] = '\n';
			return CT_OK;
		case 'r':
			enc[0] = '\r';
			return CT_OK;
		case 't':
			enc[0] = '\t';
			return CT_OK;
		case 'u':
			break;
		default:
			r->pos--;
			return ct_json_fail(r, "a valid escape sequence");
	}
	if (!read_hex4(r, &cp))
		return ct_json_fail(r, "four hexadecimal digits after \\u");
	if (cp >= 0xD800 && cp <= 0xDBFF)
	{
		unsigned	lo;

		if (r->pos + 2 > r->len || r->s[r->pos] != '\\' || r->s[r->pos + 1] != 'u')
			return ct_json_fail(r, "a low surrogate after a high surrogate");
		r->pos += 2;
		if (!read_hex4(r, &lo) || lo < 0xDC00 || lo > 0xDFFF)
			return ct_json_fail(r, "a low surrogate after a high surrogate");
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	}
	else if (cp >= 0xDC00 && cp <= 0xDFFF)
		return ct_json_fail(r, "no lone low surrogate");
	if (cp == 0)
		return ct_json_fail(r, "no \\u0000 (text cannot hold a NUL byte)");
	*el = utf8_encode(cp, enc);
	return CT_OK;
}

ct_code
ct_json_string(ct_json_reader *r, char *buf, size_t cap, size_t *blen)
{
	size_t		o = 0;

	ct_json_skip_ws(r);
	if (r->pos >= r->len || r->s[r->pos] != '"')
		return ct_json_fail(r, "a quoted string");
	r->pos++;
	for (;;)
	{
		unsigned char c;
		char		enc[4];
		size_t		el = 0;

		if (r->pos >= r->len)
			return ct_json_fail(r, "a closing quote");
		c = (unsigned char) r->s[r->pos];
		if (c == '"')
		{
			r->pos++;
			break;
		}
		if (c < 0x20)
			return ct_json_fail(r, "no control character inside a string");
		if (c != '\\')
		{
			enc[0] = (char) c;
			el = 1;
			r->pos++;
		}
		else
		{
			ct_code		rc = read_escape(r, enc, &el);

			if (rc != CT_OK)
				return rc;
		}
		if (o + el > cap)
		{
			ct_fail(r->e, CT_ELIMIT, "%s key is too long", r->type);
			ct_detail(r->e, "%s", r->long_detail);
			return CT_ELIMIT;
		}
		memcpy(buf + o, enc, el);
		o += el;
	}
	*blen = o;
	return CT_OK;
}

/* A JSON number token: copies it into buf, checks the grammar. */
static ct_code
read_number_token(ct_json_reader *r, char *buf, size_t bufsize, bool *integral)
{
	size_t		start,
				p;

	ct_json_skip_ws(r);
	start = p = r->pos;
	*integral = true;
	if (p < r->len && r->s[p] == '-')
		p++;
	if (p >= r->len || r->s[p] < '0' || r->s[p] > '9')
		return ct_json_fail(r, "a number");
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
			return ct_json_fail(r, "digits after the decimal point");
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
			return ct_json_fail(r, "digits in the exponent");
		}
		while (p < r->len && r->s[p] >= '0' && r->s[p] <= '9')
			p++;
	}
	if (p - start >= bufsize)
		return ct_json_fail(r, "a shorter number");
	memcpy(buf, r->s + start, p - start);
	buf[p - start] = '\0';
	r->pos = p;
	return CT_OK;
}

ct_code
ct_json_int(ct_json_reader *r, int64_t *v, const char *what)
{
	char		buf[64];
	bool		integral;
	size_t		at;
	ct_code		rc;
	long long	x;

	ct_json_skip_ws(r);
	at = r->pos;
	if ((rc = read_number_token(r, buf, sizeof(buf), &integral)) != CT_OK)
		return rc;
	errno = 0;
	x = strtoll(buf, NULL, 10);
	if (!integral || errno == ERANGE || x < 0)
	{
		r->pos = at;
		return ct_json_fail(r, what);
	}
	*v = (int64_t) x;
	return CT_OK;
}

ct_code
ct_json_double(ct_json_reader *r, double *v, const char *what)
{
	char		buf[400];
	bool		integral;
	size_t		at;
	ct_code		rc;

	ct_json_skip_ws(r);
	at = r->pos;
	if ((rc = read_number_token(r, buf, sizeof(buf), &integral)) != CT_OK)
		return rc;
	*v = strtod(buf, NULL);
	if (!isfinite(*v))
	{
		r->pos = at;
		return ct_json_fail(r, what);
	}
	return CT_OK;
}

ct_code
ct_json_key(ct_json_reader *r, const char *name)
{
	char		buf[64];
	size_t		len;
	size_t		at;
	ct_code		rc;
	char		what[80];
	ct_json_reader probe;

	ct_json_skip_ws(r);
	at = r->pos;
	snprintf(what, sizeof(what), "\"%s\"", name);
	if (r->pos >= r->len || r->s[r->pos] != '"')
		return ct_json_fail(r, what);
	/* a key longer than any we know is simply not the one expected */
	probe = *r;
	probe.long_detail = "";
	if ((rc = ct_json_string(&probe, buf, sizeof(buf), &len)) != CT_OK)
	{
		if (rc != CT_ELIMIT)
		{
			*r = probe;
			return rc;
		}
		return ct_json_fail(r, what);
	}
	if (len != strlen(name) || memcmp(buf, name, len) != 0)
	{
		r->pos = at;
		return ct_json_fail(r, what);
	}
	r->pos = probe.pos;
	return ct_json_expect(r, ':', "\":\"");
}

ct_code
ct_json_end(ct_json_reader *r)
{
	ct_json_skip_ws(r);
	if (r->pos < r->len)
		return ct_json_fail(r, "the end of the input");
	return CT_OK;
}

/* ------------------------------------------------------------ writers */

size_t
ct_json_put_string(char *out, const char *s, size_t len)
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

size_t
ct_json_put_double(char *out, double x)
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
