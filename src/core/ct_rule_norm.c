/*
 * ct_rule_norm.c
 *		Normalised text of a rule condition (ct_rule_normalize): the token
 *		stream re-written with keywords in upper case, identifiers in lower
 *		case (quoted identifiers in quotes only where needed), != as <> and
 *		single spaces (see ct_rule.h).
 */
#include "ct_rule_int.h"

#include <string.h>

/* indexed by cmp_op */
static const char *const cmp_text[] = {"=", "<>", "<", "<=", ">", ">="};

ct_code
ct_rule_normalize(const char *src, size_t len, char *out, size_t outsize,
				  size_t *outlen, ct_error *e)
{
	lexer		lx;
	token		t;
	size_t		o = 0;
	tok_kind	prev = T_END;
	bool		first = true;
	ct_code		rc;

	ct_error_clear(e);
	if (outsize < 2 * len + 1)
		return ct_fail(e, CT_EINVAL, "output buffer too small for a normalised rule condition");
	lx.src = src ? src : "";
	lx.len = src ? len : 0;
	lx.pos = 0;
	lx.e = e;
	for (;;)
	{
		size_t		i;

		if ((rc = ct_rule_lex_next(&lx, &t)) != CT_OK)
			return rc;
		if (t.kind == T_END)
			break;
		if (!first && prev != T_LPAREN && prev != T_MINUS &&
			t.kind != T_RPAREN && t.kind != T_COMMA)
			out[o++] = ' ';
		first = false;
		switch (t.kind)
		{
			case T_IDENT:
				{
					/* canonical spelling: quotes only where needed */
					char		name[MAX_IDENT_LEN + 1];
					size_t		nl = ct_rule_ident_name(lx.src, &t, name);

					o += ct_rule_quote_ident(name, nl, out + o, outsize - o);
					break;
				}
			case T_CMP:
				{
					const char *ct = cmp_text[t.cmp];

					memcpy(out + o, ct, strlen(ct));
					o += strlen(ct);
					break;
				}
			case T_NUMBER:
				for (i = 0; i < t.len; i++)
					out[o++] = (char) lower_ascii((unsigned char) lx.src[t.start + i]);
				break;
			case T_STRING:
			case T_LPAREN:
			case T_RPAREN:
			case T_COMMA:
			case T_MINUS:
				memcpy(out + o, lx.src + t.start, t.len);
				o += t.len;
				break;
			default:
				/* keywords */
				for (i = 0; i < t.len; i++)
				{
					int			c = (unsigned char) lx.src[t.start + i];

					out[o++] = (char) ((c >= 'a' && c <= 'z') ? c - ('a' - 'A') : c);
				}
				break;
		}
		prev = t.kind;
	}
	out[o] = '\0';
	*outlen = o;
	return CT_OK;
}
