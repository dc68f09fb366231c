/*
 * fuzz_rule.c
 *		libFuzzer target for the rule condition language (src/core/ct_rule_*.c).
 *
 * Compiles arbitrary bytes against the pinned schema variables; when a
 * condition compiles, evaluates it on slot values derived from the input,
 * and checks that its normalised text compiles to a program with the same
 * result (normalisation preserves meaning).  Build and run: doc/rules.md.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ct_rule.h"
#include "../common/telecom_vars.h"

static ct_rule_program prog,
			prog2;

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ct_error	e;
	ct_rule_value slots[64];
	ct_rule_value stack[CT_RULE_STACK_MAX];
	static char norm[2 * CT_RULE_MAX_LEN + 1];
	size_t		nlen;
	ct_rule_result r1,
				r2;
	int			i;
	ct_code		rc;

	rc = ct_rule_compile((const char *) data, size, ct_rule_schema_resolve, NULL, &prog, &e);
	if (rc != CT_OK)
	{
		/* every failure carries a message and a position inside the text + 1 */
		if (e.message[0] == '\0' || e.position < 0 || (size_t) e.position > size + 1)
			abort();
		return 0;
	}
	if (prog.max_stack > CT_RULE_STACK_MAX || prog.max_slot >= 64)
		abort();
	/* slot values from the input bytes: some NULL, numbers, short strings */
	for (i = 0; i < 64; i++)
	{
		uint8_t		b = size ? data[(size_t) i % size] : 0;

		slots[i].isnull = (b & 3) == 0;
		slots[i].b = (b & 4) != 0;
		slots[i].num = (double) (b % 16) - 4.0;
		slots[i].str = (const char *) data + (size ? (size_t) i % size : 0);
		slots[i].len = size ? (b % 4) % (size - (size_t) i % size + 1) : 0;
	}
	r1 = ct_rule_eval(&prog, slots, 64, stack, CT_RULE_STACK_MAX);
	if (r1 == CT_RULE_ERROR)
		abort();
	/* the guard's short cut answers "IS TRUE" exactly as the evaluator */
	if (ct_rule_is_true(&prog, slots, 64, stack, CT_RULE_STACK_MAX) !=
		(r1 == CT_RULE_TRUE ? CT_RULE_TRUE : CT_RULE_FALSE))
		abort();
	if (ct_rule_normalize((const char *) data, size, norm, sizeof(norm), &nlen, &e) != CT_OK)
		abort();
	if (nlen > CT_RULE_MAX_LEN)
		return 0;				/* normalised text may exceed the length limit */
	if (ct_rule_compile(norm, nlen, ct_rule_schema_resolve, NULL, &prog2, &e) != CT_OK)
		abort();
	r2 = ct_rule_eval(&prog2, slots, 64, stack, CT_RULE_STACK_MAX);
	if (r1 != r2)
		abort();
	return 0;
}
