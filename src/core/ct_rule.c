/*
 * ct_rule.c
 *		Strategy-rule conditions: tokeniser, recursive-descent parser that
 *		type-checks and emits a flat postfix program, the evaluator (SQL
 *		three-valued logic, no allocation), the normaliser, and the pinned
 *		variable set of doc/schema.md.
 *
 * Grammar (keywords case-insensitive; see doc/rules.md):
 *		expr	:= and { OR and }
 *		and		:= not { AND not }
 *		not		:= NOT not | pred
 *		pred	:= is [ cmpop is
 *					   | [NOT] IN '(' literal { ',' literal } ')'
 *					   | [NOT] BETWEEN is AND is ]
 *		is		:= primary { IS [NOT] ( NULL | TRUE | FALSE | UNKNOWN ) }
 *		primary := identifier | literal | '(' expr ')'
 *		literal := ['-'] number | 'string' | TRUE | FALSE | NULL
 * IS binds tighter than comparison, comparison tighter than NOT, NOT
 * tighter than AND, AND tighter than OR, as in PostgreSQL.
 */
#include "ct_rule.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- tokens */

typedef enum tok_kind
{
	T_END,
	T_IDENT,
	T_NUMBER,
	T_STRING,
	T_LPAREN,
	T_RPAREN,
	T_COMMA,
	T_MINUS,
	T_CMP,
	/* keywords */
	T_AND,
	T_OR,
	T_NOT,
	T_IN,
	T_BETWEEN,
	T_IS,
	T_NULL,
	T_TRUE,
	T_FALSE,
	T_UNKNOWN
} tok_kind;

typedef enum cmp_op
{
	CMP_EQ,
	CMP_NE,
	CMP_LT,
	CMP_LE,
	CMP_GT,
	CMP_GE
} cmp_op;

static const char *const cmp_text[] = {"=", "<>", "<", "<=", ">", ">="};

typedef struct token
{
	tok_kind	kind;
	int			cmp;			/* for T_CMP */
	size_t		start;			/* byte offset in the source */
	size_t		len;			/* bytes */
} token;

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

#define MAX_IDENT_LEN	63
#define MAX_NUMBER_LEN	64

/* Evaluation opcodes. */
enum
{
	OP_SLOT,
	OP_CONST,
	OP_CMP,						/* flag = cmp_op, type = operand type */
	OP_IN,						/* a = first const, b = count, flag = negate */
	OP_BETWEEN,					/* flag = negate */
	OP_AND,
	OP_OR,
	OP_NOT,
	OP_ISNULL,					/* flag = negate */
	OP_ISTRUTH,					/* flag: 0 IS TRUE, 1 IS NOT TRUE, 2 IS FALSE,
								 * 3 IS NOT FALSE */
	OP_CMP_SC					/* fused SLOT a, CONST b, CMP: flag = cmp_op,
								 * type = operand type (see fuse_program) */
};

static int
char_position(const char *src, size_t off)
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

static int
lower_ascii(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

typedef struct lexer
{
	const char *src;
	size_t		len;
	size_t		pos;
	ct_error   *e;
} lexer;

static ct_code
lex_fail(lexer *lx, ct_code code, size_t off, const char *msg)
{
	ct_fail(lx->e, code, "%s", msg);
	lx->e->position = char_position(lx->src, off);
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

static ct_code
lex_next(lexer *lx, token *t)
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
			lx->e->position = char_position(s, p);
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
			lx->e->position = char_position(s, p);
			return CT_ESYNTAX;
		}
		t->kind = T_NUMBER;
		t->len = q - p;
		if (t->len > MAX_NUMBER_LEN)
		{
			ct_fail(lx->e, CT_ELIMIT, "numeric literal in rule condition is too long");
			ct_detail(lx->e, "It has %zu characters; the limit is %d.", t->len, MAX_NUMBER_LEN);
			lx->e->position = char_position(s, p);
			return CT_ELIMIT;
		}
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
				lx->e->position = char_position(s, p);
				return CT_ESYNTAX;
			}
	}
	lx->pos = p + t->len;
	return CT_OK;
}

/* ---------------------------------------------------------------- parser */

typedef struct parser
{
	lexer		lx;
	token		cur;
	ct_rule_program *prog;
	ct_rule_resolver resolve;
	void	   *arg;
	int			depth;
	int			sp;
	ct_error   *e;
} parser;

static ct_code parse_or(parser *ps, ct_rule_type *t);

static ct_code
advance(parser *ps)
{
	return lex_next(&ps->lx, &ps->cur);
}

/* Peek at the token after the current one without consuming anything. */
static ct_code
peek(parser *ps, token *t)
{
	lexer		copy = ps->lx;

	return lex_next(&copy, t);
}

static ct_code
syntax_error(parser *ps, const char *detail)
{
	const token *t = &ps->cur;

	if (t->kind == T_END)
	{
		ct_fail(ps->e, CT_ESYNTAX, "syntax error at end of input");
		ps->e->position = char_position(ps->lx.src, ps->lx.len);
	}
	else
	{
		size_t		l = t->len > 40 ? 40 : t->len;
		char		buf[48];

		memcpy(buf, ps->lx.src + t->start, l);
		buf[l] = '\0';
		ct_fail(ps->e, CT_ESYNTAX, "syntax error at or near \"%s\"", buf);
		ps->e->position = char_position(ps->lx.src, t->start);
	}
	if (detail)
		ct_detail(ps->e, "%s", detail);
	return CT_ESYNTAX;
}

static ct_code
fail_at(parser *ps, ct_code code, size_t off, const char *msg)
{
	ct_fail(ps->e, code, "%s", msg);
	ps->e->position = char_position(ps->lx.src, off);
	return code;
}

static ct_code
emit(parser *ps, int op, int flag, int type, int a, int b, int delta, size_t off)
{
	ct_rule_program *p = ps->prog;
	ct_rule_insn *in;

	if (p->ninsns >= CT_RULE_MAX_INSNS)
	{
		fail_at(ps, CT_ELIMIT, off, "rule condition is too complex");
		ct_detail(ps->e, "It needs more than %d instructions.", CT_RULE_MAX_INSNS);
		ct_hint(ps->e, "Split it into several rules.");
		return CT_ELIMIT;
	}
	in = &p->insns[p->ninsns++];
	in->op = (uint8_t) op;
	in->flag = (uint8_t) flag;
	in->type = (uint8_t) type;
	in->pad = 0;
	in->a = (uint16_t) a;
	in->b = (uint16_t) b;
	ps->sp += delta;
	if (ps->sp > p->max_stack)
		p->max_stack = ps->sp;
	if (p->max_stack > CT_RULE_STACK_MAX)
	{
		fail_at(ps, CT_ELIMIT, off, "rule condition is too deeply nested");
		ct_detail(ps->e, "Evaluation needs more than %d stack entries.", CT_RULE_STACK_MAX);
		return CT_ELIMIT;
	}
	return CT_OK;
}

static ct_code
new_const(parser *ps, size_t off, int *idx)
{
	ct_rule_program *p = ps->prog;

	if (p->nconsts >= CT_RULE_MAX_CONSTS)
	{
		fail_at(ps, CT_ELIMIT, off, "rule condition has too many literals");
		ct_detail(ps->e, "The limit is %d.", CT_RULE_MAX_CONSTS);
		return CT_ELIMIT;
	}
	*idx = p->nconsts++;
	memset(&p->consts[*idx], 0, sizeof(ct_rule_const));
	return CT_OK;
}

/*
 * Parse a literal at the current token into a new constant; *type is its
 * type.  Consumes the literal.
 */
static ct_code
parse_literal(parser *ps, int *idx, ct_rule_type *type)
{
	ct_rule_program *p = ps->prog;
	token		t = ps->cur;
	ct_code		rc;
	ct_rule_const *c;

	switch (t.kind)
	{
		case T_MINUS:
		case T_NUMBER:
			{
				bool		neg = false;
				char		buf[MAX_NUMBER_LEN + 1];
				double		v;

				if (t.kind == T_MINUS)
				{
					neg = true;
					if ((rc = advance(ps)) != CT_OK)
						return rc;
					if (ps->cur.kind != T_NUMBER)
						return syntax_error(ps, "A number was expected after the minus sign.");
				}
				memcpy(buf, ps->lx.src + ps->cur.start, ps->cur.len);
				buf[ps->cur.len] = '\0';
				v = strtod(buf, NULL);
				if (!isfinite(v))
					return fail_at(ps, CT_ERANGE, t.start, "numeric literal in rule condition is out of range");
				if ((rc = new_const(ps, t.start, idx)) != CT_OK)
					return rc;
				c = &p->consts[*idx];
				c->type = CT_RULE_NUMBER;
				c->num = neg ? -v : v;
				*type = CT_RULE_NUMBER;
				break;
			}
		case T_STRING:
			{
				size_t		i;
				const char *s = ps->lx.src + t.start;

				if ((rc = new_const(ps, t.start, idx)) != CT_OK)
					return rc;
				c = &p->consts[*idx];
				c->type = CT_RULE_STRING;
				c->off = p->nstrings;
				/* unescape '' between the quotes */
				for (i = 1; i + 1 < t.len; i++)
				{
					p->strings[p->nstrings++] = s[i];
					if (s[i] == '\'')
						i++;
				}
				c->len = p->nstrings - c->off;
				*type = CT_RULE_STRING;
				break;
			}
		case T_TRUE:
		case T_FALSE:
			if ((rc = new_const(ps, t.start, idx)) != CT_OK)
				return rc;
			c = &p->consts[*idx];
			c->type = CT_RULE_BOOL;
			c->b = (t.kind == T_TRUE);
			*type = CT_RULE_BOOL;
			break;
		case T_NULL:
			if ((rc = new_const(ps, t.start, idx)) != CT_OK)
				return rc;
			c = &p->consts[*idx];
			c->type = CT_RULE_NULLTYPE;
			c->isnull = 1;
			*type = CT_RULE_NULLTYPE;
			break;
		default:
			return syntax_error(ps, "A literal (number, quoted string, TRUE, FALSE or NULL) was expected.");
	}
	return advance(ps);
}

static ct_code
enter(parser *ps, size_t off)
{
	if (++ps->depth > CT_RULE_MAX_DEPTH)
	{
		fail_at(ps, CT_ELIMIT, off, "rule condition is too deeply nested");
		ct_detail(ps->e, "The limit is %d levels of parentheses and NOT.", CT_RULE_MAX_DEPTH);
		return CT_ELIMIT;
	}
	return CT_OK;
}

static ct_code
parse_primary(parser *ps, ct_rule_type *t)
{
	token		tk = ps->cur;
	ct_code		rc;

	switch (tk.kind)
	{
		case T_LPAREN:
			if ((rc = enter(ps, tk.start)) != CT_OK)
				return rc;
			if ((rc = advance(ps)) != CT_OK)
				return rc;
			if ((rc = parse_or(ps, t)) != CT_OK)
				return rc;
			if (ps->cur.kind != T_RPAREN)
				return syntax_error(ps, "A closing parenthesis was expected.");
			ps->depth--;
			return advance(ps);
		case T_IDENT:
			{
				char		name[MAX_IDENT_LEN + 1];
				size_t		i;
				int			slot = -1;
				ct_rule_type ty = CT_RULE_NULLTYPE;

				for (i = 0; i < tk.len; i++)
					name[i] = (char) lower_ascii((unsigned char) ps->lx.src[tk.start + i]);
				name[tk.len] = '\0';
				if (ps->resolve == NULL || !ps->resolve(ps->arg, name, &slot, &ty))
				{
					ct_fail(ps->e, CT_EUNDEFINED, "unknown variable \"%s\" in rule condition", name);
					ct_hint(ps->e, "A condition reads the evaluation columns and the input columns of doc/schema.md.");
					ps->e->position = char_position(ps->lx.src, tk.start);
					return CT_EUNDEFINED;
				}
				if (slot < 0 || slot >= CT_RULE_MAX_SLOTS ||
					(ty != CT_RULE_NUMBER && ty != CT_RULE_STRING && ty != CT_RULE_BOOL))
				{
					ct_fail(ps->e, CT_EINVAL, "variable \"%s\" has an invalid slot or type", name);
					ps->e->position = char_position(ps->lx.src, tk.start);
					return CT_EINVAL;
				}
				ps->prog->slot_used[slot / 8] |= (uint8_t) (1u << (slot % 8));
				if (slot > ps->prog->max_slot)
					ps->prog->max_slot = slot;
				*t = ty;
				if ((rc = emit(ps, OP_SLOT, 0, ty, slot, 0, 1, tk.start)) != CT_OK)
					return rc;
				return advance(ps);
			}
		case T_MINUS:
		case T_NUMBER:
		case T_STRING:
		case T_TRUE:
		case T_FALSE:
		case T_NULL:
			{
				int			idx;

				if ((rc = parse_literal(ps, &idx, t)) != CT_OK)
					return rc;
				return emit(ps, OP_CONST, 0, *t, idx, 0, 1, tk.start);
			}
		default:
			return syntax_error(ps, NULL);
	}
}

static bool
compatible(ct_rule_type a, ct_rule_type b)
{
	return a == b || a == CT_RULE_NULLTYPE || b == CT_RULE_NULLTYPE;
}

static ct_rule_type
unify(ct_rule_type a, ct_rule_type b)
{
	return a == CT_RULE_NULLTYPE ? b : a;
}

static ct_code
type_error(parser *ps, size_t off, const char *what, ct_rule_type a, ct_rule_type b)
{
	ct_fail(ps->e, CT_EINVAL, "cannot compare %s with %s in rule condition",
			ct_rule_type_name(a), ct_rule_type_name(b));
	ct_detail(ps->e, "The %s compares values of different types.", what);
	ct_hint(ps->e, "Compare a variable with a literal of its own type, for example a text column with a quoted string.");
	ps->e->position = char_position(ps->lx.src, off);
	return CT_EINVAL;
}

static ct_code
need_bool(parser *ps, size_t off, ct_rule_type t, const char *what)
{
	if (t == CT_RULE_BOOL || t == CT_RULE_NULLTYPE)
		return CT_OK;
	ct_fail(ps->e, CT_EINVAL, "argument of %s must be boolean, not %s",
			what, ct_rule_type_name(t));
	ct_hint(ps->e, "Compare the value with something, for example complaints_90d >= 3.");
	ps->e->position = char_position(ps->lx.src, off);
	return CT_EINVAL;
}

static ct_code
parse_is(parser *ps, ct_rule_type *t)
{
	ct_code		rc;
	size_t		start = ps->cur.start;

	if ((rc = parse_primary(ps, t)) != CT_OK)
		return rc;
	while (ps->cur.kind == T_IS)
	{
		size_t		off = ps->cur.start;
		int			neg = 0;

		if ((rc = advance(ps)) != CT_OK)
			return rc;
		if (ps->cur.kind == T_NOT)
		{
			neg = 1;
			if ((rc = advance(ps)) != CT_OK)
				return rc;
		}
		switch (ps->cur.kind)
		{
			case T_NULL:
				rc = emit(ps, OP_ISNULL, neg, 0, 0, 0, 0, off);
				break;
			case T_UNKNOWN:
				if ((rc = need_bool(ps, start, *t, "IS UNKNOWN")) != CT_OK)
					return rc;
				rc = emit(ps, OP_ISNULL, neg, 0, 0, 0, 0, off);
				break;
			case T_TRUE:
				if ((rc = need_bool(ps, start, *t, "IS TRUE")) != CT_OK)
					return rc;
				rc = emit(ps, OP_ISTRUTH, neg ? 1 : 0, 0, 0, 0, 0, off);
				break;
			case T_FALSE:
				if ((rc = need_bool(ps, start, *t, "IS FALSE")) != CT_OK)
					return rc;
				rc = emit(ps, OP_ISTRUTH, neg ? 3 : 2, 0, 0, 0, 0, off);
				break;
			default:
				return syntax_error(ps, "NULL, TRUE, FALSE or UNKNOWN was expected after IS.");
		}
		if (rc != CT_OK)
			return rc;
		*t = CT_RULE_BOOL;
		if ((rc = advance(ps)) != CT_OK)
			return rc;
	}
	return CT_OK;
}

static ct_code
parse_in_list(parser *ps, ct_rule_type lt, int negate, size_t off)
{
	ct_code		rc;
	int			first = -1;
	int			count = 0;
	ct_rule_type ty = lt;

	if (ps->cur.kind != T_LPAREN)
		return syntax_error(ps, "IN must be followed by a parenthesised list of literals.");
	if ((rc = advance(ps)) != CT_OK)
		return rc;
	for (;;)
	{
		int			idx;
		ct_rule_type et;
		size_t		eoff = ps->cur.start;

		if (count >= CT_RULE_MAX_IN)
		{
			fail_at(ps, CT_ELIMIT, eoff, "IN list in rule condition is too long");
			ct_detail(ps->e, "The limit is %d elements.", CT_RULE_MAX_IN);
			return CT_ELIMIT;
		}
		if ((rc = parse_literal(ps, &idx, &et)) != CT_OK)
			return rc;
		if (!compatible(ty, et))
			return type_error(ps, eoff, "IN list", ty, et);
		ty = unify(ty, et);
		if (first < 0)
			first = idx;
		count++;
		if (ps->cur.kind == T_COMMA)
		{
			if ((rc = advance(ps)) != CT_OK)
				return rc;
			continue;
		}
		if (ps->cur.kind == T_RPAREN)
			break;
		return syntax_error(ps, "A comma or a closing parenthesis was expected in the IN list.");
	}
	if ((rc = emit(ps, OP_IN, negate, ty, first, count, 0, off)) != CT_OK)
		return rc;
	return advance(ps);
}

static ct_code
parse_pred(parser *ps, ct_rule_type *t)
{
	ct_code		rc;
	ct_rule_type lt;
	int			negate = 0;
	size_t		off;

	if ((rc = parse_is(ps, &lt)) != CT_OK)
		return rc;
	*t = lt;
	off = ps->cur.start;
	if (ps->cur.kind == T_CMP)
	{
		int			op = ps->cur.cmp;
		ct_rule_type rt;

		if ((rc = advance(ps)) != CT_OK)
			return rc;
		if ((rc = parse_is(ps, &rt)) != CT_OK)
			return rc;
		if (!compatible(lt, rt))
			return type_error(ps, off, "comparison", lt, rt);
		*t = CT_RULE_BOOL;
		return emit(ps, OP_CMP, op, unify(lt, rt), 0, 0, -1, off);
	}
	if (ps->cur.kind == T_NOT)
	{
		token		nx;

		if ((rc = peek(ps, &nx)) != CT_OK)
			return rc;
		if (nx.kind != T_IN && nx.kind != T_BETWEEN)
			return CT_OK;		/* leave NOT for the caller to reject */
		negate = 1;
		if ((rc = advance(ps)) != CT_OK)
			return rc;
	}
	if (ps->cur.kind == T_IN)
	{
		if ((rc = advance(ps)) != CT_OK)
			return rc;
		*t = CT_RULE_BOOL;
		return parse_in_list(ps, lt, negate, off);
	}
	if (ps->cur.kind == T_BETWEEN)
	{
		ct_rule_type lo,
					hi,
					ty;

		if ((rc = advance(ps)) != CT_OK)
			return rc;
		if ((rc = parse_is(ps, &lo)) != CT_OK)
			return rc;
		if (!compatible(lt, lo))
			return type_error(ps, off, "BETWEEN", lt, lo);
		if (ps->cur.kind != T_AND)
			return syntax_error(ps, "BETWEEN needs AND between its bounds.");
		if ((rc = advance(ps)) != CT_OK)
			return rc;
		if ((rc = parse_is(ps, &hi)) != CT_OK)
			return rc;
		ty = unify(lt, lo);
		if (!compatible(ty, hi))
			return type_error(ps, off, "BETWEEN", ty, hi);
		*t = CT_RULE_BOOL;
		return emit(ps, OP_BETWEEN, negate, unify(ty, hi), 0, 0, -2, off);
	}
	return CT_OK;
}

static ct_code
parse_not(parser *ps, ct_rule_type *t)
{
	ct_code		rc;

	if (ps->cur.kind == T_NOT)
	{
		size_t		off = ps->cur.start;
		size_t		aoff;

		if ((rc = enter(ps, off)) != CT_OK)
			return rc;
		if ((rc = advance(ps)) != CT_OK)
			return rc;
		aoff = ps->cur.start;
		if ((rc = parse_not(ps, t)) != CT_OK)
			return rc;
		if ((rc = need_bool(ps, aoff, *t, "NOT")) != CT_OK)
			return rc;
		ps->depth--;
		*t = CT_RULE_BOOL;
		return emit(ps, OP_NOT, 0, 0, 0, 0, 0, off);
	}
	return parse_pred(ps, t);
}

static ct_code
parse_and(parser *ps, ct_rule_type *t)
{
	ct_code		rc;
	size_t		loff = ps->cur.start;

	if ((rc = parse_not(ps, t)) != CT_OK)
		return rc;
	while (ps->cur.kind == T_AND)
	{
		size_t		off = ps->cur.start;
		size_t		roff;
		ct_rule_type rt;

		if ((rc = need_bool(ps, loff, *t, "AND")) != CT_OK)
			return rc;
		if ((rc = advance(ps)) != CT_OK)
			return rc;
		roff = ps->cur.start;
		if ((rc = parse_not(ps, &rt)) != CT_OK)
			return rc;
		if ((rc = need_bool(ps, roff, rt, "AND")) != CT_OK)
			return rc;
		*t = CT_RULE_BOOL;
		if ((rc = emit(ps, OP_AND, 0, 0, 0, 0, -1, off)) != CT_OK)
			return rc;
	}
	return CT_OK;
}

static ct_code
parse_or(parser *ps, ct_rule_type *t)
{
	ct_code		rc;
	size_t		loff = ps->cur.start;

	if ((rc = parse_and(ps, t)) != CT_OK)
		return rc;
	while (ps->cur.kind == T_OR)
	{
		size_t		off = ps->cur.start;
		size_t		roff;
		ct_rule_type rt;

		if ((rc = need_bool(ps, loff, *t, "OR")) != CT_OK)
			return rc;
		if ((rc = advance(ps)) != CT_OK)
			return rc;
		roff = ps->cur.start;
		if ((rc = parse_and(ps, &rt)) != CT_OK)
			return rc;
		if ((rc = need_bool(ps, roff, rt, "OR")) != CT_OK)
			return rc;
		*t = CT_RULE_BOOL;
		if ((rc = emit(ps, OP_OR, 0, 0, 0, 0, -1, off)) != CT_OK)
			return rc;
	}
	return CT_OK;
}

/*
 * Fuse each run SLOT a, CONST b, CMP into one OP_CMP_SC a b, the most common
 * shape of a condition (lifecycle_stage = 'warning', data_share >= 0.5).  The
 * program has no jumps, so the instructions after a fused run just move up.
 * max_stack stays the bound computed while parsing (never too small).
 */
static void
fuse_program(ct_rule_program *p)
{
	int			i,
				o = 0;

	for (i = 0; i < p->ninsns; i++)
	{
		if (i + 2 < p->ninsns && p->insns[i].op == OP_SLOT &&
			p->insns[i + 1].op == OP_CONST && p->insns[i + 2].op == OP_CMP)
		{
			ct_rule_insn f = p->insns[i + 2];

			f.op = OP_CMP_SC;
			f.a = p->insns[i].a;
			f.b = p->insns[i + 1].a;
			p->insns[o++] = f;
			i += 2;
		}
		else
			p->insns[o++] = p->insns[i];
	}
	p->ninsns = o;
}

ct_code
ct_rule_compile(const char *src, size_t len, ct_rule_resolver resolve,
				void *arg, ct_rule_program *prog, ct_error *e)
{
	parser		ps;
	ct_rule_type t = CT_RULE_NULLTYPE;
	ct_code		rc;

	ct_error_clear(e);
	prog->ninsns = 0;
	prog->nconsts = 0;
	prog->max_stack = 0;
	prog->max_slot = -1;
	prog->nstrings = 0;
	memset(prog->slot_used, 0, sizeof(prog->slot_used));
	if (src == NULL)
		len = 0;
	if (len > CT_RULE_MAX_LEN)
	{
		ct_fail(e, CT_ELIMIT, "rule condition is too long");
		ct_detail(e, "It has %zu bytes; the limit is %d.", len, CT_RULE_MAX_LEN);
		return CT_ELIMIT;
	}
	memset(&ps, 0, sizeof(ps));
	ps.lx.src = src ? src : "";
	ps.lx.len = len;
	ps.lx.e = e;
	ps.prog = prog;
	ps.resolve = resolve;
	ps.arg = arg;
	ps.e = e;
	if ((rc = advance(&ps)) != CT_OK)
		return rc;
	if (ps.cur.kind == T_END)
	{
		ct_fail(e, CT_ESYNTAX, "rule condition is empty");
		ct_hint(e, "Write a boolean condition such as complaints_90d >= 3, or TRUE for a rule that always applies.");
		e->position = 1;
		return CT_ESYNTAX;
	}
	if ((rc = parse_or(&ps, &t)) != CT_OK)
		return rc;
	if (ps.cur.kind != T_END)
		return syntax_error(&ps, NULL);
	if (t != CT_RULE_BOOL && t != CT_RULE_NULLTYPE)
	{
		ct_fail(e, CT_EINVAL, "rule condition must be boolean, not %s", ct_rule_type_name(t));
		ct_hint(e, "Compare the value with something, for example complaints_90d >= 3.");
		e->position = 1;
		return CT_EINVAL;
	}
	fuse_program(prog);
	return CT_OK;
}

/* ------------------------------------------------------------- evaluator */

static int
cmp_num(double a, double b)
{
	/* PostgreSQL float8 ordering: NaN equals NaN and sorts above all */
	if (isnan(a))
		return isnan(b) ? 0 : 1;
	if (isnan(b))
		return -1;
	return (a > b) - (a < b);
}

static int
cmp_values(const ct_rule_value *a, const ct_rule_value *b, int type)
{
	switch (type)
	{
		case CT_RULE_NUMBER:
			return cmp_num(a->num, b->num);
		case CT_RULE_STRING:
			{
				size_t		m = a->len < b->len ? a->len : b->len;
				int			c = m ? memcmp(a->str, b->str, m) : 0;

				if (c != 0)
					return c < 0 ? -1 : 1;
				return (a->len > b->len) - (a->len < b->len);
			}
		case CT_RULE_BOOL:
			return (int) a->b - (int) b->b;
		default:
			return 0;
	}
}

/*
 * Equality of two non-null strings: lengths first, then the first byte (most
 * mismatches of category labels end there, without a memcmp call), then the
 * rest.
 */
static inline bool
str_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen &&
		(alen == 0 || (a[0] == b[0] && memcmp(a + 1, b + 1, alen - 1) == 0));
}

static bool
cmp_holds(int op, int c)
{
	switch (op)
	{
		case CMP_EQ:
			return c == 0;
		case CMP_NE:
			return c != 0;
		case CMP_LT:
			return c < 0;
		case CMP_LE:
			return c <= 0;
		case CMP_GT:
			return c > 0;
		default:
			return c >= 0;
	}
}

static inline void
load_const(const ct_rule_program *p, int idx, ct_rule_value *v)
{
	const ct_rule_const *c = &p->consts[idx];

	v->isnull = c->isnull != 0;
	v->b = c->b != 0;
	v->num = c->num;
	v->str = p->strings + c->off;
	v->len = c->len;
}

static inline void
set_bool(ct_rule_value *v, bool isnull, bool b)
{
	v->isnull = isnull;
	v->b = isnull ? false : b;
}

ct_rule_result
ct_rule_eval(const ct_rule_program *prog, const ct_rule_value *slots,
			 int nslots, ct_rule_value *stack, int stack_size)
{
	int			sp = 0;
	int			i;

	if (prog->ninsns == 0 || stack_size < prog->max_stack ||
		nslots <= prog->max_slot || (prog->max_slot >= 0 && slots == NULL))
		return CT_RULE_ERROR;
	for (i = 0; i < prog->ninsns; i++)
	{
		const ct_rule_insn *in = &prog->insns[i];

		switch (in->op)
		{
			case OP_SLOT:
				stack[sp++] = slots[in->a];
				break;
			case OP_CONST:
				load_const(prog, in->a, &stack[sp++]);
				break;
			case OP_CMP:
				{
					ct_rule_value *l = &stack[sp - 2];
					const ct_rule_value *r = &stack[sp - 1];

					if (l->isnull || r->isnull)
						set_bool(l, true, false);
					else if (in->type == CT_RULE_STRING && in->flag <= CMP_NE)
						set_bool(l, false, str_eq(l->str, l->len, r->str, r->len) == (in->flag == CMP_EQ));
					else
						set_bool(l, false, cmp_holds(in->flag, cmp_values(l, r, in->type)));
					sp--;
					break;
				}
			case OP_CMP_SC:
				{
					const ct_rule_value *x = &slots[in->a];
					const ct_rule_const *c = &prog->consts[in->b];
					ct_rule_value *out = &stack[sp++];

					if (x->isnull || c->isnull)
						set_bool(out, true, false);
					else if (in->type == CT_RULE_STRING)
					{
						if (in->flag <= CMP_NE)
							set_bool(out, false,
									 str_eq(x->str, x->len, prog->strings + c->off, c->len) == (in->flag == CMP_EQ));
						else
						{
							ct_rule_value cv;

							load_const(prog, in->b, &cv);
							set_bool(out, false, cmp_holds(in->flag, cmp_values(x, &cv, in->type)));
						}
					}
					else if (in->type == CT_RULE_NUMBER)
						set_bool(out, false, cmp_holds(in->flag, cmp_num(x->num, c->num)));
					else
						set_bool(out, false, cmp_holds(in->flag, (int) x->b - (int) (c->b != 0)));
					break;
				}
			case OP_IN:
				{
					ct_rule_value *x = &stack[sp - 1];
					bool		found = false;
					bool		sawnull = false;
					int			k;

					if (x->isnull)
					{
						set_bool(x, true, false);
						break;
					}
					for (k = 0; k < in->b && !found; k++)
					{
						const ct_rule_const *c = &prog->consts[in->a + k];

						if (c->isnull)
							sawnull = true;
						else if (in->type == CT_RULE_STRING)
							found = str_eq(x->str, x->len, prog->strings + c->off, c->len);
						else if (in->type == CT_RULE_NUMBER)
							found = cmp_num(x->num, c->num) == 0;
						else
						{
							ct_rule_value cv;

							load_const(prog, in->a + k, &cv);
							found = cmp_values(x, &cv, in->type) == 0;
						}
					}
					if (found)
						set_bool(x, false, !in->flag);
					else if (sawnull)
						set_bool(x, true, false);
					else
						set_bool(x, false, in->flag);
					break;
				}
			case OP_BETWEEN:
				{
					ct_rule_value *x = &stack[sp - 3];
					const ct_rule_value *lo = &stack[sp - 2];
					const ct_rule_value *hi = &stack[sp - 1];
					int			ge,
								le;		/* 0 false, 1 true, 2 unknown */

					if (x->isnull)
						ge = le = 2;
					else
					{
						ge = lo->isnull ? 2 : cmp_values(x, lo, in->type) >= 0;
						le = hi->isnull ? 2 : cmp_values(x, hi, in->type) <= 0;
					}
					/* ge AND le, then NOT for NOT BETWEEN */
					if (ge == 0 || le == 0)
						set_bool(x, false, in->flag);
					else if (ge == 2 || le == 2)
						set_bool(x, true, false);
					else
						set_bool(x, false, !in->flag);
					sp -= 2;
					break;
				}
			case OP_AND:
				{
					ct_rule_value *l = &stack[sp - 2];
					const ct_rule_value *r = &stack[sp - 1];

					if ((!l->isnull && !l->b) || (!r->isnull && !r->b))
						set_bool(l, false, false);
					else if (l->isnull || r->isnull)
						set_bool(l, true, false);
					else
						set_bool(l, false, true);
					sp--;
					break;
				}
			case OP_OR:
				{
					ct_rule_value *l = &stack[sp - 2];
					const ct_rule_value *r = &stack[sp - 1];

					if ((!l->isnull && l->b) || (!r->isnull && r->b))
						set_bool(l, false, true);
					else if (l->isnull || r->isnull)
						set_bool(l, true, false);
					else
						set_bool(l, false, false);
					sp--;
					break;
				}
			case OP_NOT:
				{
					ct_rule_value *x = &stack[sp - 1];

					set_bool(x, x->isnull, !x->b);
					break;
				}
			case OP_ISNULL:
				{
					ct_rule_value *x = &stack[sp - 1];

					set_bool(x, false, x->isnull != (in->flag != 0));
					break;
				}
			case OP_ISTRUTH:
				{
					ct_rule_value *x = &stack[sp - 1];
					bool		r;

					switch (in->flag)
					{
						case 0:
							r = !x->isnull && x->b;
							break;
						case 1:
							r = !(!x->isnull && x->b);
							break;
						case 2:
							r = !x->isnull && !x->b;
							break;
						default:
							r = !(!x->isnull && !x->b);
							break;
					}
					set_bool(x, false, r);
					break;
				}
			default:
				return CT_RULE_ERROR;
		}
	}
	if (sp != 1)
		return CT_RULE_ERROR;
	if (stack[0].isnull)
		return CT_RULE_UNKNOWN;
	return stack[0].b ? CT_RULE_TRUE : CT_RULE_FALSE;
}

/* ------------------------------------------------------------ normaliser */

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

		if ((rc = lex_next(&lx, &t)) != CT_OK)
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
				for (i = 0; i < t.len; i++)
					out[o++] = (char) lower_ascii((unsigned char) lx.src[t.start + i]);
				break;
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

/* ------------------------------------------------------ pinned variables */

/* doc/schema.md: evaluation columns rules may read, then the input columns. */
const ct_rule_var ct_rule_schema_vars[] = {
	{"score", CT_RULE_NUMBER},
	{"tier", CT_RULE_STRING},
	{"background_score", CT_RULE_NUMBER},
	{"value_score", CT_RULE_NUMBER},
	{"credit_score", CT_RULE_NUMBER},
	{"behaviour_score", CT_RULE_NUMBER},
	{"handling_score", CT_RULE_NUMBER},
	{"background_tier", CT_RULE_STRING},
	{"value_tier", CT_RULE_STRING},
	{"credit_tier", CT_RULE_STRING},
	{"behaviour_tier", CT_RULE_STRING},
	{"handling_tier", CT_RULE_STRING},
	{"lifecycle_stage", CT_RULE_STRING},
	{"credit_grade", CT_RULE_STRING},
	{"behaviour_class", CT_RULE_STRING},
	{"customer_id", CT_RULE_NUMBER},
	{"gender", CT_RULE_STRING},
	{"age", CT_RULE_NUMBER},
	{"tenure_months", CT_RULE_NUMBER},
	{"customer_level", CT_RULE_STRING},
	{"arpu", CT_RULE_NUMBER},
	{"data_share", CT_RULE_NUMBER},
	{"payment_channel", CT_RULE_STRING},
	{"arrears_count_12m", CT_RULE_NUMBER},
	{"complaints_90d", CT_RULE_NUMBER},
	{"unreasonable_ratio", CT_RULE_NUMBER},
	{"escalations_12m", CT_RULE_NUMBER},
	{"emotional", CT_RULE_BOOL},
	{"problem_type", CT_RULE_STRING},
	{"handling_hours", CT_RULE_NUMBER},
	{"accepted_ratio", CT_RULE_NUMBER},
	{"satisfaction", CT_RULE_NUMBER},
	{"porting_requested", CT_RULE_BOOL},
	{"vulnerable", CT_RULE_BOOL},
};

const int	ct_rule_schema_nvars = (int) (sizeof(ct_rule_schema_vars) / sizeof(ct_rule_schema_vars[0]));

bool
ct_rule_schema_resolve(void *arg, const char *name, int *slot, ct_rule_type *type)
{
	int			i;

	(void) arg;
	for (i = 0; i < ct_rule_schema_nvars; i++)
		if (strcmp(ct_rule_schema_vars[i].name, name) == 0)
		{
			*slot = i;
			*type = ct_rule_schema_vars[i].type;
			return true;
		}
	return false;
}

const char *
ct_rule_type_name(ct_rule_type t)
{
	switch (t)
	{
		case CT_RULE_NUMBER:
			return "number";
		case CT_RULE_STRING:
			return "text";
		case CT_RULE_BOOL:
			return "boolean";
		default:
			return "null";
	}
}
