/*
 * ct_rule_lex.c
 *		Tokeniser of the rule condition language: identifiers and keywords
 *		(case-insensitive), quoted identifiers ("Total day minutes", exact
 *		case, "" for a double quote), numbers, quoted strings with '' escapes,
 *		comparison operators and punctuation.  Errors carry the 1-based
 *		character position of the offending text.
 */
#include "ct_rule_int.h"

#include <string.h>

static const struct
{
	const char *word;
	tok_kind	kind;
}			keywords[] =
{
	{"and", T_AND},
	{"or", T_OR},
	{"not", T_NOT},
	{"in", T_IN},
	{"between", T_BETWEEN},
	{"is", T_IS},
	{"null", T_NULL},
	{"true", T_TRUE},
	{"false", T_FALSE},
	{"unknown", T_UNKNOWN},
};

int
ct_rule_char_position(const char *src, size_t off)
{
	int			n = 1;
	size_t		i;

	for (i = 0; i < off; i++)
		if (((unsigned char) src[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static bool
is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool
is_ident_char(int c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static ct_code
lex_fail(lexer *lx, ct_code code, size_t off, const char *msg)
{
	ct_fail(lx->e, code, "%s", msg);
	lx->e->position = ct_rule_char_position(lx->src, off);
	return code;
}

/*
 * Length in bytes of the token-ish text starting at off, for messages: a
 * UTF-8 character, or a run of identifier characters.
 */
static size_t
shown_len(const char *src, size_t len, size_t off)
{
	size_t		n = 1;

	if (off >= len)
		return 0;
	if (is_ident_char((unsigned char) src[off]))
	{
		while (off + n < len && is_ident_char((unsigned char) src[off + n]) && n < 40)
			n++;
		return n;
	}
	while (off + n < len && ((unsigned char) src[off + n] & 0xC0) == 0x80 && n < 4)
		n++;
	return n;
}

ct_code
ct_rule_lex_next(lexer *lx, token *t)
{
	const char *s = lx->src;
	size_t		n = lx->len;
	size_t		p = lx->pos;
	int			c;

	while (p < n && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' ||
					 s[p] == '\r' || s[p] == '\f' || s[p] == '\v'))
		p++;
	t->start = p;
	t->cmp = 0;
	t->quoted = false;
	if (p >= n)
	{
		t->kind = T_END;
		t->len = 0;
		lx->pos = p;
		return CT_OK;
	}
	c = (unsigned char) s[p];
	if (is_ident_start(c))
	{
		size_t		q = p;
		size_t		k;

		while (q < n && is_ident_char((unsigned char) s[q]))
			q++;
		t->len = q - p;
		t->kind = T_IDENT;
		for (k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
		{
			size_t		wl = strlen(keywords[k].word);
			size_t		i;

			if (wl != t->len)
				continue;
			for (i = 0; i < wl; i++)
				if (lower_ascii((unsigned char) s[p + i]) != keywords[k].word[i])
					break;
			if (i == wl)
			{
				t->kind = keywords[k].kind;
				break;
			}
		}
		if (t->kind == T_IDENT && t->len > MAX_IDENT_LEN)
		{
			ct_fail(lx->e, CT_ELIMIT, "identifier in rule condition is too long");
			ct_detail(lx->e, "It has %zu characters; the limit is %d.", t->len, MAX_IDENT_LEN);
			lx->e->position = ct_rule_char_position(s, p);
			return CT_ELIMIT;
		}
		lx->pos = q;
		return CT_OK;
	}
	if (is_digit(c) || (c == '.' && p + 1 < n && is_digit((unsigned char) s[p + 1])))
	{
		size_t		q = p;

		while (q < n && is_digit((unsigned char) s[q]))
			q++;
		if (q < n && s[q] == '.')
		{
			q++;
			while (q < n && is_digit((unsigned char) s[q]))
				q++;
		}
		if (q < n && (s[q] == 'e' || s[q] == 'E'))
		{
			size_t		r = q + 1;

			if (r < n && (s[r] == '+' || s[r] == '-'))
				r++;
			if (r < n && is_digit((unsigned char) s[r]))
			{
				while (r < n && is_digit((unsigned char) s[r]))
					r++;
				q = r;
			}
		}
		if (q < n && (is_ident_char((unsigned char) s[q]) || s[q] == '.'))
		{
			ct_fail(lx->e, CT_ESYNTAX, "trailing junk after numeric literal in rule condition");
			lx->e->position = ct_rule_char_position(s, p);
			return CT_ESYNTAX;
		}
		t->kind = T_NUMBER;
		t->len = q - p;
		if (t->len > MAX_NUMBER_LEN)
		{
			ct_fail(lx->e, CT_ELIMIT, "numeric literal in rule condition is too long");
			ct_detail(lx->e, "It has %zu characters; the limit is %d.", t->len, MAX_NUMBER_LEN);
			lx->e->position = ct_rule_char_position(s, p);
			return CT_ELIMIT;
		}
		lx->pos = q;
		return CT_OK;
	}
	if (c == '"')
	{
		size_t		q = p + 1;
		size_t		chars = 0;

		for (;;)
		{
			if (q >= n)
				return lex_fail(lx, CT_ESYNTAX, p, "unterminated quoted identifier in rule condition");
			if (s[q] == '"')
			{
				if (q + 1 < n && s[q + 1] == '"')
				{
					q += 2;
					chars++;
					continue;
				}
				q++;
				break;
			}
			if (s[q] == '\0')
				return lex_fail(lx, CT_ESYNTAX, q, "syntax error: unexpected NUL byte in rule condition");
			q++;
			chars++;
		}
		if (chars == 0)
			return lex_fail(lx, CT_ESYNTAX, p, "zero-length quoted identifier in rule condition");
		if (chars > MAX_IDENT_LEN)
		{
			ct_fail(lx->e, CT_ELIMIT, "identifier in rule condition is too long");
			ct_detail(lx->e, "It has %zu bytes; the limit is %d.", chars, MAX_IDENT_LEN);
			lx->e->position = ct_rule_char_position(s, p);
			return CT_ELIMIT;
		}
		t->kind = T_IDENT;
		t->quoted = true;
		t->len = q - p;
		lx->pos = q;
		return CT_OK;
	}
	if (c == '\'')
	{
		size_t		q = p + 1;

		for (;;)
		{
			if (q >= n)
				return lex_fail(lx, CT_ESYNTAX, p, "unterminated quoted string in rule condition");
			if (s[q] == '\'')
			{
				if (q + 1 < n && s[q + 1] == '\'')
				{
					q += 2;
					continue;
				}
				q++;
				break;
			}
			q++;
		}
		t->kind = T_STRING;
		t->len = q - p;
		lx->pos = q;
		return CT_OK;
	}
	t->len = 1;
	switch (c)
	{
		case '(':
			t->kind = T_LPAREN;
			break;
		case ')':
			t->kind = T_RPAREN;
			break;
		case ',':
			t->kind = T_COMMA;
			break;
		case '-':
			t->kind = T_MINUS;
			break;
		case '=':
			t->kind = T_CMP;
			t->cmp = CMP_EQ;
			break;
		case '<':
			t->kind = T_CMP;
			t->cmp = CMP_LT;
			if (p + 1 < n && s[p + 1] == '=')
			{
				t->cmp = CMP_LE;
				t->len = 2;
			}
			else if (p + 1 < n && s[p + 1] == '>')
			{
				t->cmp = CMP_NE;
				t->len = 2;
			}
			break;
		case '>':
			t->kind = T_CMP;
			t->cmp = CMP_GT;
			if (p + 1 < n && s[p + 1] == '=')
			{
				t->cmp = CMP_GE;
				t->len = 2;
			}
			break;
		case '!':
			if (p + 1 < n && s[p + 1] == '=')
			{
				t->kind = T_CMP;
				t->cmp = CMP_NE;
				t->len = 2;
				break;
			}
			/* FALLTHROUGH */
		default:
			{
				size_t		sl = shown_len(s, n, p);
				char		buf[48];

				memcpy(buf, s + p, sl);
				buf[sl] = '\0';
				/* a NUL byte cannot be shown inside quotes */
				if (sl == 1 && buf[0] == '\0')
					ct_fail(lx->e, CT_ESYNTAX, "syntax error: unexpected NUL byte in rule condition");
				else
					ct_fail(lx->e, CT_ESYNTAX, "syntax error at or near \"%s\"", buf);
				lx->e->position = ct_rule_char_position(s, p);
				return CT_ESYNTAX;
			}
	}
	lx->pos = p + t->len;
	return CT_OK;
}

/*
 * The variable name of identifier token t into name (room for
 * MAX_IDENT_LEN + 1 bytes): an unquoted identifier folded to lower case, a
 * quoted one exactly as written with "" read as ".  Returns its length.
 */
size_t
ct_rule_ident_name(const char *src, const token *t, char *name)
{
	size_t		o = 0;

	if (!t->quoted)
	{
		for (size_t i = 0; i < t->len; i++)
			name[o++] = (char) lower_ascii((unsigned char) src[t->start + i]);
	}
	else
	{
		for (size_t i = t->start + 1; i + 1 < t->start + t->len; i++)
		{
			name[o++] = src[i];
			if (src[i] == '"')
				i++;			/* the second quote of a "" pair */
		}
	}
	name[o] = '\0';
	return o;
}

/*
 * Whether name (len bytes) reads back as itself without quotes: a lower-case
 * identifier that is not a keyword.
 */
bool
ct_rule_plain_ident(const char *name, size_t len)
{
	if (len == 0 || len > MAX_IDENT_LEN || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
		return false;
	for (size_t i = 1; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || is_digit((unsigned char) name[i]) || name[i] == '_'))
			return false;
	for (size_t k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
		if (strlen(keywords[k].word) == len && memcmp(keywords[k].word, name, len) == 0)
			return false;
	return true;
}

size_t
ct_rule_quote_ident(const char *name, size_t len, char *out, size_t outsize)
{
	size_t		o = 0;

#define PUT(ch) do { if (o + 1 < outsize) out[o] = (ch); o++; } while (0)
	if (ct_rule_plain_ident(name, len))
	{
		for (size_t i = 0; i < len; i++)
			PUT(name[i]);
	}
	else
	{
		PUT('"');
		for (size_t i = 0; i < len; i++)
		{
			if (name[i] == '"')
				PUT('"');
			PUT(name[i]);
		}
		PUT('"');
	}
#undef PUT
	if (outsize > 0)
		out[o < outsize ? o : outsize - 1] = '\0';
	return o;
}
