/*
 * ct_rule_parse.c
 *		Recursive-descent parser of rule conditions that resolves variables,
 *		type-checks, and emits the flat postfix program ct_rule_eval runs;
 *		then fuses the common SLOT, CONST, CMP runs into one instruction.
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
#include "ct_rule_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
	return ct_rule_lex_next(&ps->lx, &ps->cur);
}

/* Peek at the token after the current one without consuming anything. */
static ct_code
peek(parser *ps, token *t)
{
	lexer		copy = ps->lx;

	return ct_rule_lex_next(&copy, t);
}

static ct_code
syntax_error(parser *ps, const char *detail)
{
	const token *t = &ps->cur;

	if (t->kind == T_END)
	{
		ct_fail(ps->e, CT_ESYNTAX, "syntax error at end of input");
		ps->e->position = ct_rule_char_position(ps->lx.src, ps->lx.len);
	}
	else
	{
		size_t		l = t->len > 40 ? 40 : t->len;
		char		buf[48];

		memcpy(buf, ps->lx.src + t->start, l);
		buf[l] = '\0';
		ct_fail(ps->e, CT_ESYNTAX, "syntax error at or near \"%s\"", buf);
		ps->e->position = ct_rule_char_position(ps->lx.src, t->start);
	}
	if (detail)
		ct_detail(ps->e, "%s", detail);
	return CT_ESYNTAX;
}

static ct_code
fail_at(parser *ps, ct_code code, size_t off, const char *msg)
{
	ct_fail(ps->e, code, "%s", msg);
	ps->e->position = ct_rule_char_position(ps->lx.src, off);
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
				int			slot = -1;
				ct_rule_type ty = CT_RULE_NULLTYPE;

				ct_rule_ident_name(ps->lx.src, &tk, name);
				if (ps->resolve == NULL || !ps->resolve(ps->arg, name, &slot, &ty))
				{
					ct_fail(ps->e, CT_EUNDEFINED, "unknown variable \"%s\" in rule condition", name);
					ct_hint(ps->e, "A condition reads the evaluation columns and the input columns of doc/schema.md.");
					ps->e->position = ct_rule_char_position(ps->lx.src, tk.start);
					return CT_EUNDEFINED;
				}
				if (slot < 0 || slot >= CT_RULE_MAX_SLOTS ||
					(ty != CT_RULE_NUMBER && ty != CT_RULE_STRING &&
					 ty != CT_RULE_BOOL && ty != CT_RULE_ANYTYPE))
				{
					ct_fail(ps->e, CT_EINVAL, "variable \"%s\" has an invalid slot or type", name);
					ps->e->position = ct_rule_char_position(ps->lx.src, tk.start);
					return CT_EINVAL;
				}
				if (ty == CT_RULE_ANYTYPE)
				{
					ps->prog->untyped = true;
					ps->prog->any_used[slot / 8] |= (uint8_t) (1u << (slot % 8));
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

/*
 * Whether a type is compatible with every type: the bare NULL literal, or a
 * variable whose type is not known yet (syntax-only checking).
 */
static bool
matches_any(ct_rule_type t)
{
	return t == CT_RULE_NULLTYPE || t == CT_RULE_ANYTYPE;
}

static bool
compatible(ct_rule_type a, ct_rule_type b)
{
	return a == b || matches_any(a) || matches_any(b);
}

/*
 * The type of two compatible operands: the known one, so that the next
 * operand of an IN list or BETWEEN is checked against it.
 */
static ct_rule_type
unify(ct_rule_type a, ct_rule_type b)
{
	if (a == CT_RULE_NULLTYPE || (a == CT_RULE_ANYTYPE && b != CT_RULE_NULLTYPE))
		return b;
	return a;
}

static ct_code
type_error(parser *ps, size_t off, const char *what, ct_rule_type a, ct_rule_type b)
{
	ct_fail(ps->e, CT_EINVAL, "cannot compare %s with %s in rule condition",
			ct_rule_type_name(a), ct_rule_type_name(b));
	ct_detail(ps->e, "The %s compares values of different types.", what);
	ct_hint(ps->e, "Compare a variable with a literal of its own type, for example a text column with a quoted string.");
	ps->e->position = ct_rule_char_position(ps->lx.src, off);
	return CT_EINVAL;
}

static ct_code
need_bool(parser *ps, size_t off, ct_rule_type t, const char *what)
{
	if (t == CT_RULE_BOOL || matches_any(t))
		return CT_OK;
	ct_fail(ps->e, CT_EINVAL, "argument of %s must be boolean, not %s",
			what, ct_rule_type_name(t));
	ct_hint(ps->e, "Compare the value with something, for example complaints_90d >= 3.");
	ps->e->position = ct_rule_char_position(ps->lx.src, off);
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
 * max_stack stays the bound computed while parsing (never too small).  A
 * variable of unknown type is never fused: OP_CMP_SC reads the slot as the
 * comparison's type, which such a variable need not have.
 */
static void
fuse_program(ct_rule_program *p)
{
	int			i,
				o = 0;

	for (i = 0; i < p->ninsns; i++)
	{
		if (i + 2 < p->ninsns && p->insns[i].op == OP_SLOT &&
			p->insns[i].type != CT_RULE_ANYTYPE &&
			p->insns[i + 1].op == OP_CONST && p->insns[i + 2].op == OP_CMP)
		{
			ct_rule_insn f = p->insns[i + 2];

			f.op = OP_CMP_SC;
			f.a = p->insns[i].a;
			f.b = p->insns[i + 1].a;
			p->insns[o++] = f;
			i += 2;
		}
		else if (i + 2 < p->ninsns && p->insns[i].op == OP_CONST &&
				 p->insns[i + 1].op == OP_SLOT &&
				 p->insns[i + 1].type != CT_RULE_ANYTYPE &&
				 p->insns[i + 2].op == OP_CMP)
		{
			/* literal op variable: variable flipped-op literal */
			static const uint8_t flipped[] = {CMP_EQ, CMP_NE, CMP_GT, CMP_GE, CMP_LT, CMP_LE};
			ct_rule_insn f = p->insns[i + 2];

			f.op = OP_CMP_SC;
			f.flag = flipped[f.flag];
			f.a = p->insns[i + 1].a;
			f.b = p->insns[i].a;
			p->insns[o++] = f;
			i += 2;
		}
		else
			p->insns[o++] = p->insns[i];
	}
	p->ninsns = o;
}

/* Operands an instruction pops (ct_rule_eval.c). */
static int
insn_arity(int op)
{
	switch (op)
	{
		case OP_SLOT:
		case OP_CONST:
		case OP_CMP_SC:
			return 0;
		case OP_IN:
		case OP_NOT:
		case OP_ISNULL:
		case OP_ISTRUTH:
			return 1;
		case OP_BETWEEN:
			return 3;
		default:
			return 2;
	}
}

/*
 * The atom (ct_rule.h) that instructions insns[from .. to] compute, if they
 * are one: true and *a filled, else false.
 */
static bool
atom_of(const ct_rule_program *p, int from, int to, ct_rule_atom *a)
{
	const ct_rule_insn *in = &p->insns[from];
	const ct_rule_insn *last = &p->insns[to];

	memset(a, 0, sizeof(*a));
	a->slot = in->a;
	if (from == to && in->op == OP_CMP_SC && !p->consts[in->b].isnull)
	{
		const ct_rule_const *c = &p->consts[in->b];

		if (in->type == CT_RULE_STRING && in->flag == CMP_EQ)
		{
			a->kind = CT_RULE_ATOM_STR_EQ;
			a->off = c->off;
			a->len = c->len;
		}
		else if (in->type == CT_RULE_NUMBER)
		{
			a->kind = CT_RULE_ATOM_NUM;
			a->cmp = in->flag;
			a->num = c->num;
		}
	}
	else if (from == to && in->op == OP_SLOT && in->type == CT_RULE_BOOL)
		a->kind = CT_RULE_ATOM_BOOL;
	else if (to == from + 1 && in->op == OP_SLOT && in->type != CT_RULE_ANYTYPE)
	{
		if (last->op == OP_IN && last->flag == 0 && in->type == last->type &&
			(in->type == CT_RULE_NUMBER || in->type == CT_RULE_STRING))
		{
			a->kind = CT_RULE_ATOM_IN;
			a->type = in->type;
			a->first = last->a;
			a->n = last->b;
		}
		else if (last->op == OP_ISNULL)
		{
			a->kind = CT_RULE_ATOM_ISNULL;
			a->cmp = last->flag != 0;
		}
		else if (last->op == OP_ISTRUTH && in->type == CT_RULE_BOOL)
		{
			a->kind = CT_RULE_ATOM_ISTRUTH;
			a->cmp = last->flag;
		}
	}
	return a->kind != 0;
}

/* Whether insns[from .. to] is the literal TRUE. */
static bool
is_true_literal(const ct_rule_program *p, int from, int to)
{
	const ct_rule_const *c;

	if (from != to || p->insns[from].op != OP_CONST)
		return false;
	c = &p->consts[p->insns[from].a];
	return c->type == CT_RULE_BOOL && !c->isnull && c->b;
}

/*
 * Take apart the operands of the top-level op (OP_AND or OP_OR) of the
 * subtree ending at insns[end], left to right: each operand that is an
 * atom goes into the guard while there is room; *covered stays true while
 * every operand so far went in (or, for AND, is the literal TRUE).  start[]
 * gives every instruction's subtree start.
 */
static void
collect(ct_rule_program *p, const int *start, int end, int op, bool *covered)
{
	ct_rule_guard *g = &p->guard;
	int			from = start[end];

	if (p->insns[end].op == op)
	{
		int			right = start[end - 1];

		collect(p, start, right - 1, op, covered);
		collect(p, start, end - 1, op, covered);
		return;
	}
	if (op == OP_AND && is_true_literal(p, from, end))
		return;
	if (g->n < CT_RULE_GUARD_ATOMS && atom_of(p, from, end, &g->atom[g->n]))
		g->n++;
	else
		*covered = false;
}

/*
 * The program's guard (ct_rule.h), found once at compile time: the atoms
 * among the operands of a top-level AND (mode ALL; whole when they are all
 * of them), or of a top-level OR when every operand is an atom (mode ANY).
 */
static void
set_guard(ct_rule_program *p)
{
	int			start[CT_RULE_MAX_INSNS];
	bool		covered = true;
	ct_rule_guard *g = &p->guard;

	memset(g, 0, sizeof(*g));
	if (p->untyped || p->ninsns == 0)
		return;
	for (int i = 0; i < p->ninsns; i++)
	{
		int			s = i;

		for (int k = insn_arity(p->insns[i].op); k > 0; k--)
			s = start[s - 1];
		start[i] = s;
	}
	if (p->insns[p->ninsns - 1].op == OP_OR)
	{
		collect(p, start, p->ninsns - 1, OP_OR, &covered);
		if (covered)
		{
			g->mode = CT_RULE_GUARD_ANY;
			g->whole = true;
		}
	}
	else
	{
		collect(p, start, p->ninsns - 1, OP_AND, &covered);
		if (g->n > 0 || covered)
		{
			g->mode = CT_RULE_GUARD_ALL;
			g->whole = covered;
		}
	}
	if (g->mode == CT_RULE_GUARD_NONE)
		memset(g, 0, sizeof(*g));
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
	memset(&prog->guard, 0, sizeof(prog->guard));
	prog->nconsts = 0;
	prog->max_stack = 0;
	prog->max_slot = -1;
	prog->untyped = false;
	prog->nstrings = 0;
	memset(prog->slot_used, 0, sizeof(prog->slot_used));
	memset(prog->any_used, 0, sizeof(prog->any_used));
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
	if (t != CT_RULE_BOOL && !matches_any(t))
	{
		ct_fail(e, CT_EINVAL, "rule condition must be boolean, not %s", ct_rule_type_name(t));
		ct_hint(e, "Compare the value with something, for example complaints_90d >= 3.");
		e->position = 1;
		return CT_EINVAL;
	}
	fuse_program(prog);
	set_guard(prog);
	return CT_OK;
}
