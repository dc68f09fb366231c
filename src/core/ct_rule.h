/*
 * ct_rule.h
 *		The strategy-rule condition language: tokeniser, parser, compiler to a
 *		flat postfix program, and an allocation-free evaluator with SQL
 *		three-valued logic.
 *
 * A condition is a boolean expression such as
 *		value_tier IN ('A','B') AND complaints_90d >= 3 AND NOT porting_requested
 * Variables are resolved at compile time through a caller-supplied resolver
 * (name -> slot index and type); at evaluation time the caller passes an
 * array of slot values and a scratch stack of CT_RULE_STACK_MAX values.
 * Compile once per query, evaluate per row: evaluation never allocates.
 *
 * The program is a self-contained fixed-size struct (no interior pointers),
 * so it may be copied with memcpy or stored in a cache.  See doc/rules.md for
 * the grammar, semantics and limits.
 *
 * Syntax-only checking: a resolver may give CT_RULE_ANYTYPE for a variable
 * whose type is not known yet, to check a condition before the table it will
 * read is known.  The compiler accepts such a variable wherever a variable of
 * any type is accepted (for type checking it is like the bare NULL literal,
 * compatible with every type, but it stays a variable read from its slot),
 * so compiling still reports syntax errors, unknown names, limits, and type
 * errors among operands whose types are known.  A program that reads such a
 * variable is marked untyped (ct_rule_program.untyped, the variables in
 * any_used).  Such a variable's value is unknown: an untyped program is
 * evaluated only when every one of its ANYTYPE slots is NULL (a missing
 * fact), which every operation handles before looking at a type;
 * otherwise ct_rule_eval returns CT_RULE_ERROR.
 */
#ifndef CT_RULE_H
#define CT_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ct_error.h"

/* Documented limits (CT_ELIMIT above them). */
#define CT_RULE_MAX_LEN		4096	/* bytes of condition text */
#define CT_RULE_MAX_DEPTH	32		/* nesting of parentheses and NOT */
#define CT_RULE_MAX_IN		256		/* elements of one IN list */
#define CT_RULE_MAX_INSNS	512		/* instructions of a compiled program */
#define CT_RULE_MAX_CONSTS	512		/* literals of a compiled program */
#define CT_RULE_MAX_SLOTS	1024	/* slot indexes a resolver may return */
#define CT_RULE_STACK_MAX	128		/* evaluation stack the caller provides */

/* Static types of variables and literals. */
typedef enum ct_rule_type
{
	CT_RULE_NULLTYPE = 0,		/* the bare NULL literal: compatible with all */
	CT_RULE_NUMBER = 1,
	CT_RULE_STRING = 2,
	CT_RULE_BOOL = 3,
	CT_RULE_ANYTYPE = 4			/* variable of a type not known yet (see above) */
} ct_rule_type;

/*
 * One value: a slot the caller fills per row, or an evaluation stack entry.
 * Only the member matching the slot's static type is read; str need not be
 * NUL-terminated.
 */
typedef struct ct_rule_value
{
	bool		isnull;
	bool		b;
	double		num;
	const char *str;
	size_t		len;
} ct_rule_value;

/*
 * Resolve a variable name (folded to lower case, NUL-terminated) to a slot
 * index in [0, CT_RULE_MAX_SLOTS) and a type (CT_RULE_NUMBER, CT_RULE_STRING,
 * CT_RULE_BOOL, or CT_RULE_ANYTYPE for a syntax-only check).  Return true
 * when the name is known, false otherwise (the compiler then reports
 * CT_EUNDEFINED with the name's position).
 */
typedef bool (*ct_rule_resolver) (void *arg, const char *name, int *slot,
								  ct_rule_type *type);

typedef struct ct_rule_insn
{
	uint8_t		op;
	uint8_t		flag;
	uint8_t		type;
	uint8_t		pad;
	uint16_t	a;
	uint16_t	b;
} ct_rule_insn;

typedef struct ct_rule_const
{
	uint8_t		type;
	uint8_t		isnull;
	uint8_t		b;
	double		num;
	uint32_t	off;			/* string bytes in strings[off .. off+len) */
	uint32_t	len;
} ct_rule_const;

/*
 * A guard: what can be tested in place of running the program, found by
 * the compiler.  Conditions are mostly ANDs or ORs of simple atoms, and a
 * rule or label asks only whether its condition IS TRUE: an AND is TRUE
 * exactly when every operand is, an OR when one is.  Atoms: a boolean
 * variable (BOOL), a text variable = a literal (STR_EQ), a number variable
 * compared with a literal (NUM, cmp the comparison), a variable IN a list
 * of literals (IN, consts first .. first + n - 1), a variable IS [NOT]
 * NULL (ISNULL, cmp 1 for NOT), a boolean variable IS [NOT] TRUE / FALSE
 * (ISTRUTH, cmp 0 IS TRUE, 1 IS NOT TRUE, 2 IS FALSE, 3 IS NOT FALSE).
 *
 * Mode ALL: the atoms are operands of the condition's top-level ANDs (at
 * most CT_RULE_GUARD_ATOMS, in order), so the condition is not TRUE when
 * one of them is not; whole: they are all its operands (a TRUE literal
 * operand aside), so it is TRUE when they all are.  Mode ANY (whole set
 * too): the condition is the OR of the atoms.  Never set for untyped
 * programs.
 */
#define CT_RULE_GUARD_ATOMS 4

typedef enum ct_rule_guard_mode
{
	CT_RULE_GUARD_NONE = 0,
	CT_RULE_GUARD_ALL,
	CT_RULE_GUARD_ANY
} ct_rule_guard_mode;

typedef enum ct_rule_atom_kind
{
	CT_RULE_ATOM_BOOL = 1,
	CT_RULE_ATOM_STR_EQ,
	CT_RULE_ATOM_NUM,
	CT_RULE_ATOM_IN,
	CT_RULE_ATOM_ISNULL,
	CT_RULE_ATOM_ISTRUTH
} ct_rule_atom_kind;

typedef struct ct_rule_atom
{
	uint8_t		kind;			/* ct_rule_atom_kind */
	uint8_t		cmp;			/* NUM: 0 =, 1 <>, 2 <, 3 <=, 4 >, 5 >=; ISNULL, ISTRUTH: above */
	uint8_t		type;			/* IN: CT_RULE_NUMBER or CT_RULE_STRING */
	uint16_t	slot;
	uint16_t	first;			/* IN: first constant */
	uint16_t	n;				/* IN: constants */
	uint32_t	off;			/* STR_EQ: the literal, strings[off .. off+len) */
	uint32_t	len;
	double		num;			/* NUM: the literal */
} ct_rule_atom;

typedef struct ct_rule_guard
{
	uint8_t		mode;			/* ct_rule_guard_mode */
	uint8_t		whole;			/* ALL: the atoms are the whole condition */
	uint8_t		n;				/* atoms */
	ct_rule_atom atom[CT_RULE_GUARD_ATOMS];
} ct_rule_guard;

typedef struct ct_rule_program
{
	int			ninsns;
	ct_rule_guard guard;		/* mode CT_RULE_GUARD_NONE without one */
	int			nconsts;
	int			max_stack;		/* stack entries evaluation needs */
	int			max_slot;		/* highest slot read, -1 if none */
	bool		untyped;		/* reads a CT_RULE_ANYTYPE variable */
	uint32_t	nstrings;
	uint8_t		slot_used[CT_RULE_MAX_SLOTS / 8];	/* bitmap of slots read */
	uint8_t		any_used[CT_RULE_MAX_SLOTS / 8];	/* of ANYTYPE slots read */
	ct_rule_insn insns[CT_RULE_MAX_INSNS];
	ct_rule_const consts[CT_RULE_MAX_CONSTS];
	char		strings[CT_RULE_MAX_LEN];
} ct_rule_program;

/* Result of evaluating a condition under SQL three-valued logic. */
typedef enum ct_rule_result
{
	CT_RULE_ERROR = -1,			/* misuse: stack too small, slot missing or
								 * program untyped */
	CT_RULE_FALSE = 0,
	CT_RULE_TRUE = 1,
	CT_RULE_UNKNOWN = 2
} ct_rule_result;

/*
 * Compile a condition of len bytes (UTF-8, not necessarily NUL-terminated).
 * On failure returns the code and fills e, with e->position the 1-based
 * character position of the offending token (0 when the whole text is at
 * fault, as for the length limit).
 */
extern ct_code ct_rule_compile(const char *src, size_t len,
							   ct_rule_resolver resolve, void *arg,
							   ct_rule_program *prog, ct_error *e);

/*
 * Evaluate a compiled program.  slots has nslots entries (at least
 * prog->max_slot + 1); stack has stack_size entries (at least
 * prog->max_stack; CT_RULE_STACK_MAX always suffices).  A rule fires only
 * when the result is CT_RULE_TRUE.  An untyped program (prog->untyped) gives
 * CT_RULE_ERROR unless all its ANYTYPE slots are NULL.
 */
extern ct_rule_result ct_rule_eval(const ct_rule_program *prog,
								   const ct_rule_value *slots, int nslots,
								   ct_rule_value *stack, int stack_size);

/*
 * Comparisons shared by the evaluator (ct_rule_eval.c) and the guard.
 * PostgreSQL float8 ordering: NaN equals NaN and sorts above all.
 */
static inline int
ct_rule_cmp_num(double a, double b)
{
	if (a != a)
		return b != b ? 0 : 1;
	if (b != b)
		return -1;
	return (a > b) - (a < b);
}

/*
 * Whether comparison op (0 =, 1 <>, 2 <, 3 <=, 4 >, 5 >=: the compiler's
 * cmp_op) holds for a three-way result c.
 */
static inline bool
ct_rule_cmp_holds(int op, int c)
{
	switch (op)
	{
		case 0:
			return c == 0;
		case 1:
			return c != 0;
		case 2:
			return c < 0;
		case 3:
			return c <= 0;
		case 4:
			return c > 0;
		default:
			return c >= 0;
	}
}

/*
 * Equality of two non-null strings: lengths first, then the first byte (most
 * mismatches of category labels end there, without a memcmp call), then the
 * rest.
 */
static inline bool
ct_rule_str_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen &&
		(alen == 0 || (a[0] == b[0] && memcmp(a + 1, b + 1, alen - 1) == 0));
}

#if defined(__GNUC__)
#define CT_RULE_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define CT_RULE_ALWAYS_INLINE inline
#endif

/* Whether an atom of a program's guard is TRUE for the slots. */
static CT_RULE_ALWAYS_INLINE bool
ct_rule_atom_holds(const ct_rule_program *prog, const ct_rule_atom *a,
				   const ct_rule_value *slots)
{
	const ct_rule_value *x = &slots[a->slot];

	switch (a->kind)
	{
		case CT_RULE_ATOM_BOOL:
			return !x->isnull && x->b;
		case CT_RULE_ATOM_STR_EQ:
			return !x->isnull &&
				ct_rule_str_eq(x->str, x->len, prog->strings + a->off, a->len);
		case CT_RULE_ATOM_NUM:
			return !x->isnull &&
				ct_rule_cmp_holds(a->cmp, ct_rule_cmp_num(x->num, a->num));
		case CT_RULE_ATOM_ISNULL:
			return x->isnull != (a->cmp != 0);
		case CT_RULE_ATOM_ISTRUTH:
			{
				bool		t = !x->isnull && x->b,
							f = !x->isnull && !x->b;

				return a->cmp == 0 ? t : a->cmp == 1 ? !t : a->cmp == 2 ? f : !f;
			}
		default:
			if (x->isnull)
				return false;
			for (int k = 0; k < a->n; k++)
			{
				const ct_rule_const *c = &prog->consts[a->first + k];

				if (c->isnull)
					continue;
				if (a->type == CT_RULE_NUMBER ? ct_rule_cmp_num(x->num, c->num) == 0 :
					ct_rule_str_eq(x->str, x->len, prog->strings + c->off, c->len))
					return true;
			}
			return false;
	}
}

/*
 * Whether a condition IS TRUE, the only question a rule or a label asks:
 * CT_RULE_TRUE exactly when ct_rule_eval() gives CT_RULE_TRUE, CT_RULE_ERROR
 * when it gives CT_RULE_ERROR, and CT_RULE_FALSE otherwise (FALSE or
 * UNKNOWN: not told apart).  With a guard the evaluator runs only when the
 * guard's atoms hold and are not the whole condition.
 */
static inline ct_rule_result
ct_rule_is_true(const ct_rule_program *prog, const ct_rule_value *slots,
				int nslots, ct_rule_value *stack, int stack_size)
{
	const ct_rule_guard *g = &prog->guard;
	ct_rule_result r;

	if (g->mode != CT_RULE_GUARD_NONE && slots != NULL &&
		nslots > prog->max_slot && stack_size >= prog->max_stack)
	{
		if (g->mode == CT_RULE_GUARD_ANY)
		{
			for (int i = 0; i < g->n; i++)
				if (ct_rule_atom_holds(prog, &g->atom[i], slots))
					return CT_RULE_TRUE;
			return CT_RULE_FALSE;
		}
		for (int i = 0; i < g->n; i++)
			if (!ct_rule_atom_holds(prog, &g->atom[i], slots))
				return CT_RULE_FALSE;
		if (g->whole)
			return CT_RULE_TRUE;
	}
	r = ct_rule_eval(prog, slots, nslots, stack, stack_size);
	return r == CT_RULE_UNKNOWN ? CT_RULE_FALSE : r;
}

/* Whether a program reads a slot. */
static inline bool
ct_rule_reads_slot(const ct_rule_program *prog, int slot)
{
	return slot >= 0 && slot < CT_RULE_MAX_SLOTS &&
		(prog->slot_used[slot / 8] & (1u << (slot % 8))) != 0;
}

/*
 * Normalised text of a condition that compiles: keywords in upper case,
 * identifiers in lower case, != written <>, string literals re-quoted, one
 * space between tokens (none inside parentheses or before a comma).  out
 * must hold at least 2 * len + 1 bytes; the result is NUL-terminated and its
 * length stored in *outlen.
 */
extern ct_code ct_rule_normalize(const char *src, size_t len, char *out,
								 size_t outsize, size_t *outlen, ct_error *e);

/*
 * A variable name as a condition must spell it: unchanged when it is a
 * lower-case identifier and not a keyword, else in double quotes with each
 * " doubled ("Total day minutes", "and").  Writes at most outsize - 1 bytes
 * and a NUL; returns the full length (compare with outsize to detect
 * truncation).  ct_rule_plain_ident: whether no quotes are needed.
 */
extern size_t ct_rule_quote_ident(const char *name, size_t len, char *out,
								  size_t outsize);
extern bool ct_rule_plain_ident(const char *name, size_t len);

/* Name of a type, for messages: "number", "text", "boolean", "null", "any". */
extern const char *ct_rule_type_name(ct_rule_type t);

#endif							/* CT_RULE_H */
