/*
 * ct_rule_eval.c
 *		Evaluator of compiled rule programs: a postfix stack machine over
 *		the caller's slot values and scratch stack, with SQL three-valued
 *		logic and PostgreSQL float8 ordering.  It never allocates, so it
 *		runs once per row.
 */
#include "ct_rule_int.h"

#include <math.h>
#include <string.h>

static int
cmp_values(const ct_rule_value *a, const ct_rule_value *b, int type)
{
	switch (type)
	{
		case CT_RULE_NUMBER:
			return ct_rule_cmp_num(a->num, b->num);
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
	/* a variable of unknown type can only be an unknown (NULL) value */
	if (prog->untyped)
		for (i = 0; i <= prog->max_slot; i++)
			if ((prog->any_used[i / 8] & (1u << (i % 8))) && !slots[i].isnull)
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
						set_bool(l, false, ct_rule_str_eq(l->str, l->len, r->str, r->len) == (in->flag == CMP_EQ));
					else
						set_bool(l, false, ct_rule_cmp_holds(in->flag, cmp_values(l, r, in->type)));
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
									 ct_rule_str_eq(x->str, x->len, prog->strings + c->off, c->len) == (in->flag == CMP_EQ));
						else
						{
							ct_rule_value cv;

							load_const(prog, in->b, &cv);
							set_bool(out, false, ct_rule_cmp_holds(in->flag, cmp_values(x, &cv, in->type)));
						}
					}
					else if (in->type == CT_RULE_NUMBER)
						set_bool(out, false, ct_rule_cmp_holds(in->flag, ct_rule_cmp_num(x->num, c->num)));
					else
						set_bool(out, false, ct_rule_cmp_holds(in->flag, (int) x->b - (int) (c->b != 0)));
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
							found = ct_rule_str_eq(x->str, x->len, prog->strings + c->off, c->len);
						else if (in->type == CT_RULE_NUMBER)
							found = ct_rule_cmp_num(x->num, c->num) == 0;
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
