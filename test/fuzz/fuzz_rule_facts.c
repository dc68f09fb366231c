/*
 * fuzz_rule_facts.c
 *		libFuzzer target for rule_matches(condition, facts): the rule
 *		compiler and evaluator (src/core/ct_rule_*.c) over arbitrary
 *		conditions and facts of every type, missing facts included.
 *
 * rule_matches types each variable by its fact's JSON value: a number, a
 * string, a boolean, or -- for a missing key or JSON null -- a variable of
 * unknown type (CT_RULE_ANYTYPE) whose value is NULL.  Here the first 16
 * bytes of the input choose each variable's type (from a hash of its name)
 * and value (finite numbers of any bit pattern, arbitrary string bytes),
 * and the rest is the condition.  Checked: a failure carries a message and
 * a position inside the text; a condition that compiles evaluates to TRUE,
 * FALSE or UNKNOWN, never to an error, with every unknown-type fact NULL;
 * NOT (condition) gives the three-valued negation; the normalised text
 * compiles to a program with the same result.
 * Build and run: make fuzz (doc/development.md).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ct_rule.h"

#define SEED 16

typedef struct facts
{
	const uint8_t *seed;		/* SEED bytes */
	int			n;
	char		name[CT_RULE_MAX_SLOTS][64];
	ct_rule_type type[CT_RULE_MAX_SLOTS];
} facts;

static uint32_t
hash(const char *s, const uint8_t *seed)
{
	uint32_t	h = 2166136261u ^ seed[0];

	for (; *s; s++)
		h = (h ^ (uint8_t) *s) * 16777619u;
	return h;
}

static bool
resolve(void *arg, const char *name, int *slot, ct_rule_type *type)
{
	static const ct_rule_type types[4] = {CT_RULE_NUMBER, CT_RULE_STRING, CT_RULE_BOOL, CT_RULE_ANYTYPE};
	facts	   *f = (facts *) arg;
	int			i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			break;
	if (i == f->n)
	{
		if (f->n >= CT_RULE_MAX_SLOTS || strlen(name) >= sizeof(f->name[0]))
			return false;
		strcpy(f->name[i], name);
		f->type[i] = types[hash(name, f->seed) % 4];
		f->n++;
	}
	*slot = i;
	*type = f->type[i];
	return true;
}

static void
fill(const facts *f, ct_rule_value *slots)
{
	for (int i = 0; i < f->n; i++)
	{
		uint32_t	h = hash(f->name[i], f->seed + 1);
		const uint8_t *b = f->seed + (h % (SEED - 8));
		ct_rule_value *x = &slots[i];

		memset(x, 0, sizeof(*x));
		x->isnull = f->type[i] == CT_RULE_ANYTYPE;
		if (f->type[i] == CT_RULE_NUMBER)
		{
			uint64_t	u = 0;

			for (int k = 0; k < 8; k++)
				u = (u << 8) | b[k];
			memcpy(&x->num, &u, sizeof(x->num));
			if (!isfinite(x->num))	/* JSON numbers are finite */
				x->num = (double) (int8_t) b[0];
			if (h & 0x100)
				x->num = (double) (int) (b[0] % 8);
		}
		else if (f->type[i] == CT_RULE_STRING)
		{
			x->str = (const char *) b;
			x->len = b[0] % 4;
		}
		else if (f->type[i] == CT_RULE_BOOL)
			x->b = (b[0] & 1) != 0;
	}
}

static ct_rule_result
compile_eval(const char *src, size_t len, facts *f, ct_rule_program *prog,
			 ct_rule_value *slots, ct_code *rc, ct_error *e)
{
	ct_rule_value stack[CT_RULE_STACK_MAX];

	f->n = 0;
	*rc = ct_rule_compile(src, len, resolve, f, prog, e);
	if (*rc != CT_OK)
		return CT_RULE_ERROR;
	if (prog->max_stack > CT_RULE_STACK_MAX || prog->max_slot >= f->n)
		abort();
	fill(f, slots);
	return ct_rule_eval(prog, slots, f->n > 0 ? f->n : 1, stack, CT_RULE_STACK_MAX);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static facts f;
	static ct_rule_program prog;
	static ct_rule_value slots[CT_RULE_MAX_SLOTS];
	static char buf[2 * CT_RULE_MAX_LEN + 16];
	uint8_t		seed[SEED] = {0};
	const char *src;
	size_t		len;
	ct_error	e;
	ct_code		rc;
	ct_rule_result r1,
				r2;
	size_t		nlen;

	memcpy(seed, data, size < SEED ? size : SEED);
	f.seed = seed;
	src = (const char *) data + (size < SEED ? size : SEED);
	len = size < SEED ? 0 : size - SEED;

	r1 = compile_eval(src, len, &f, &prog, slots, &rc, &e);
	if (rc != CT_OK)
	{
		if (e.message[0] == '\0' || e.position < 0 || (size_t) e.position > len + 1)
			abort();
		return 0;
	}
	if (r1 != CT_RULE_TRUE && r1 != CT_RULE_FALSE && r1 != CT_RULE_UNKNOWN)
		abort();

	/* NOT (condition): the three-valued negation */
	if (len + 7 <= CT_RULE_MAX_LEN)
	{
		memcpy(buf, "NOT (", 5);
		memcpy(buf + 5, src, len);
		buf[5 + len] = '\n';	/* whitespace: the condition may end in a number */
		buf[6 + len] = ')';
		r2 = compile_eval(buf, len + 7, &f, &prog, slots, &rc, &e);
		if (rc == CT_OK &&
			r2 != (r1 == CT_RULE_UNKNOWN ? CT_RULE_UNKNOWN : r1 == CT_RULE_TRUE ? CT_RULE_FALSE : CT_RULE_TRUE))
			abort();
		if (rc != CT_OK && rc != CT_ELIMIT)
			abort();			/* only the nesting or size limits may refuse it */
	}

	/* the normalised text means the same */
	if (ct_rule_normalize(src, len, buf, sizeof(buf), &nlen, &e) != CT_OK)
		abort();
	if (nlen > CT_RULE_MAX_LEN)
		return 0;
	r2 = compile_eval(buf, nlen, &f, &prog, slots, &rc, &e);
	if (rc != CT_OK || r2 != r1)
		abort();
	return 0;
}
