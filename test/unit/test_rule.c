/*
 * test_rule.c
 *		Unit tests of src/core/ct_rule_*.c: the rule condition language
 *		(valid and invalid conditions, error positions and codes, SQL
 *		three-valued logic, precedence, normalisation, limits, syntax-only
 *		checking with variables of unknown type).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ct_rule.h"
#include "../common/telecom_vars.h"

static ct_rule_program prog;
static ct_rule_value slots[64];
static ct_rule_value stack[CT_RULE_STACK_MAX];

static int
slot_of(const char *name)
{
	int			s = -1;
	ct_rule_type t;

	assert_true(ct_rule_schema_resolve(NULL, name, &s, &t));
	return s;
}

static void
clear_slots(void)
{
	int			i;

	for (i = 0; i < 64; i++)
	{
		memset(&slots[i], 0, sizeof(slots[i]));
		slots[i].isnull = true;
	}
}

static void
set_num(const char *name, double v)
{
	ct_rule_value *x = &slots[slot_of(name)];

	x->isnull = false;
	x->num = v;
}

static void
set_str(const char *name, const char *v)
{
	ct_rule_value *x = &slots[slot_of(name)];

	x->isnull = false;
	x->str = v;
	x->len = strlen(v);
}

static void
set_bool_slot(const char *name, bool v)
{
	ct_rule_value *x = &slots[slot_of(name)];

	x->isnull = false;
	x->b = v;
}

/*
 * Evaluate the compiled program against the current slots, checking that
 * ct_rule_is_true() (the guard's short cut) answers every condition of
 * this file as ct_rule_eval() does.
 */
static ct_rule_result
eval_checked(const char *cond)
{
	ct_rule_result r = ct_rule_eval(&prog, slots, 64, stack, CT_RULE_STACK_MAX);
	ct_rule_result t = ct_rule_is_true(&prog, slots, 64, stack, CT_RULE_STACK_MAX);

	if (t != (r == CT_RULE_UNKNOWN ? CT_RULE_FALSE : r))
		fail_msg("\"%s\": ct_rule_eval %d, ct_rule_is_true %d (guard mode %d)",
				 cond, r, t, prog.guard.mode);
	return r;
}

/* Compile and evaluate against the current slots. */
static ct_rule_result
run(const char *cond)
{
	ct_error	e;
	ct_code		rc = ct_rule_compile(cond, strlen(cond), ct_rule_schema_resolve, NULL, &prog, &e);

	if (rc != CT_OK)
		fail_msg("\"%s\" did not compile: %s (position %d)", cond, e.message, e.position);
	return eval_checked(cond);
}

/* Compile expecting a failure; returns the position, checks the code. */
static int
bad(const char *cond, ct_code expect, const char *msg_part)
{
	ct_error	e;
	ct_code		rc = ct_rule_compile(cond, strlen(cond), ct_rule_schema_resolve, NULL, &prog, &e);

	if (rc != expect)
		fail_msg("\"%s\": expected code %d, got %d (%s)", cond, (int) expect, (int) rc, e.message);
	if (msg_part && strstr(e.message, msg_part) == NULL)
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", cond, e.message, msg_part);
	return e.position;
}

static void
test_brief_example(void **state)
{
	const char *c = "value_tier IN ('A','B') AND complaints_90d >= 3 AND NOT porting_requested";

	(void) state;
	clear_slots();
	set_str("value_tier", "B");
	set_num("complaints_90d", 3);
	set_bool_slot("porting_requested", false);
	assert_int_equal(run(c), CT_RULE_TRUE);
	set_num("complaints_90d", 2);
	assert_int_equal(run(c), CT_RULE_FALSE);
	set_num("complaints_90d", 4);
	set_str("value_tier", "C");
	assert_int_equal(run(c), CT_RULE_FALSE);
	set_str("value_tier", "A");
	set_bool_slot("porting_requested", true);
	assert_int_equal(run(c), CT_RULE_FALSE);
	/* unknown porting flag: NOT NULL is unknown, the rule does not fire */
	slots[slot_of("porting_requested")].isnull = true;
	assert_int_equal(run(c), CT_RULE_UNKNOWN);
	assert_true(ct_rule_reads_slot(&prog, slot_of("value_tier")));
	assert_false(ct_rule_reads_slot(&prog, slot_of("gender")));
}

static void
test_comparisons(void **state)
{
	(void) state;
	clear_slots();
	set_num("arpu", 120.5);
	set_str("problem_type", "billing");
	set_bool_slot("emotional", true);
	assert_int_equal(run("arpu = 120.5"), CT_RULE_TRUE);
	assert_int_equal(run("arpu <> 120.5"), CT_RULE_FALSE);
	assert_int_equal(run("arpu != 120"), CT_RULE_TRUE);
	assert_int_equal(run("arpu < 121"), CT_RULE_TRUE);
	assert_int_equal(run("arpu <= 120.5"), CT_RULE_TRUE);
	assert_int_equal(run("arpu > 120.5"), CT_RULE_FALSE);
	assert_int_equal(run("arpu >= 1.205e2"), CT_RULE_TRUE);
	assert_int_equal(run("arpu > -5"), CT_RULE_TRUE);
	assert_int_equal(run("-5 < arpu"), CT_RULE_TRUE);
	assert_int_equal(run("arpu >= .5"), CT_RULE_TRUE);
	/* strings compare bytewise (C collation) */
	assert_int_equal(run("problem_type = 'billing'"), CT_RULE_TRUE);
	assert_int_equal(run("problem_type < 'billinga'"), CT_RULE_TRUE);
	assert_int_equal(run("problem_type > 'bill'"), CT_RULE_TRUE);
	assert_int_equal(run("problem_type = 'Billing'"), CT_RULE_FALSE);
	/* booleans: bare, compared, ordered false < true */
	assert_int_equal(run("emotional"), CT_RULE_TRUE);
	assert_int_equal(run("emotional = TRUE"), CT_RULE_TRUE);
	assert_int_equal(run("emotional > FALSE"), CT_RULE_TRUE);
	assert_int_equal(run("TRUE"), CT_RULE_TRUE);
	assert_int_equal(run("false"), CT_RULE_FALSE);
	/* keywords and identifiers are case-insensitive */
	assert_int_equal(run("Problem_Type In ('network', 'billing') aNd ArPu bEtWeEn 100 AnD 200"), CT_RULE_TRUE);
}

static void
test_strings_escapes(void **state)
{
	(void) state;
	clear_slots();
	set_str("problem_type", "it's");
	assert_int_equal(run("problem_type = 'it''s'"), CT_RULE_TRUE);
	set_str("problem_type", "");
	assert_int_equal(run("problem_type = ''"), CT_RULE_TRUE);
	assert_int_equal(run("problem_type IN ('''', '')"), CT_RULE_TRUE);
	set_str("problem_type", "café");
	assert_int_equal(run("problem_type = 'café'"), CT_RULE_TRUE);
}

static void
test_in_between(void **state)
{
	(void) state;
	clear_slots();
	set_num("complaints_90d", 3);
	assert_int_equal(run("complaints_90d IN (1, 2, 3)"), CT_RULE_TRUE);
	assert_int_equal(run("complaints_90d NOT IN (1, 2, 3)"), CT_RULE_FALSE);
	assert_int_equal(run("complaints_90d IN (1, 2)"), CT_RULE_FALSE);
	assert_int_equal(run("complaints_90d NOT IN (1, 2)"), CT_RULE_TRUE);
	assert_int_equal(run("complaints_90d IN (3)"), CT_RULE_TRUE);
	/* SQL: a NULL in the list makes a miss unknown, never a hit */
	assert_int_equal(run("complaints_90d IN (1, NULL)"), CT_RULE_UNKNOWN);
	assert_int_equal(run("complaints_90d NOT IN (1, NULL)"), CT_RULE_UNKNOWN);
	assert_int_equal(run("complaints_90d IN (3, NULL)"), CT_RULE_TRUE);
	assert_int_equal(run("complaints_90d NOT IN (3, NULL)"), CT_RULE_FALSE);
	/* BETWEEN is inclusive */
	assert_int_equal(run("complaints_90d BETWEEN 3 AND 5"), CT_RULE_TRUE);
	assert_int_equal(run("complaints_90d BETWEEN 1 AND 3"), CT_RULE_TRUE);
	assert_int_equal(run("complaints_90d BETWEEN 4 AND 5"), CT_RULE_FALSE);
	assert_int_equal(run("complaints_90d NOT BETWEEN 4 AND 5"), CT_RULE_TRUE);
	assert_int_equal(run("complaints_90d BETWEEN 5 AND 1"), CT_RULE_FALSE);
	/* a NULL bound: unknown unless the other bound already decides */
	assert_int_equal(run("complaints_90d BETWEEN NULL AND 5"), CT_RULE_UNKNOWN);
	assert_int_equal(run("complaints_90d BETWEEN NULL AND 2"), CT_RULE_FALSE);
	assert_int_equal(run("complaints_90d NOT BETWEEN NULL AND 2"), CT_RULE_TRUE);
	/* BETWEEN's AND binds to BETWEEN, the next AND is a conjunction */
	assert_int_equal(run("complaints_90d BETWEEN 1 AND 5 AND complaints_90d = 3"), CT_RULE_TRUE);
	/* variables as bounds */
	set_num("escalations_12m", 1);
	set_num("arrears_count_12m", 4);
	assert_int_equal(run("complaints_90d BETWEEN escalations_12m AND arrears_count_12m"), CT_RULE_TRUE);
	slots[slot_of("complaints_90d")].isnull = true;
	assert_int_equal(run("complaints_90d IN (1, 2, 3)"), CT_RULE_UNKNOWN);
	assert_int_equal(run("complaints_90d NOT IN (1, 2, 3)"), CT_RULE_UNKNOWN);
	assert_int_equal(run("complaints_90d BETWEEN 1 AND 5"), CT_RULE_UNKNOWN);
	set_str("value_tier", "B");
	assert_int_equal(run("value_tier BETWEEN 'A' AND 'C'"), CT_RULE_TRUE);
}

/* Truth tables of SQL three-valued logic (ISO/IEC 9075-2, 8.7 / 6.35). */
static void
test_three_valued_logic(void **state)
{
	static const char *const v[3] = {"FALSE", "TRUE", "NULL"};
	/* expected results indexed [a][b], 0 false, 1 true, 2 unknown */
	static const int and_tt[3][3] = {{0, 0, 0}, {0, 1, 2}, {0, 2, 2}};
	static const int or_tt[3][3] = {{0, 1, 2}, {1, 1, 1}, {2, 1, 2}};
	static const int not_tt[3] = {1, 0, 2};
	char		buf[128];
	int			a,
				b;

	(void) state;
	clear_slots();
	for (a = 0; a < 3; a++)
	{
		for (b = 0; b < 3; b++)
		{
			snprintf(buf, sizeof(buf), "%s AND %s", v[a], v[b]);
			assert_int_equal(run(buf), and_tt[a][b]);
			snprintf(buf, sizeof(buf), "%s OR %s", v[a], v[b]);
			assert_int_equal(run(buf), or_tt[a][b]);
		}
		snprintf(buf, sizeof(buf), "NOT %s", v[a]);
		assert_int_equal(run(buf), not_tt[a]);
	}
	/* comparisons with NULL are unknown, also NULL = NULL */
	set_num("arpu", 10);
	assert_int_equal(run("arpu = NULL"), CT_RULE_UNKNOWN);
	assert_int_equal(run("NULL = NULL"), CT_RULE_UNKNOWN);
	assert_int_equal(run("vulnerable"), CT_RULE_UNKNOWN);
	assert_int_equal(run("NOT vulnerable"), CT_RULE_UNKNOWN);
	assert_int_equal(run("age > 30"), CT_RULE_UNKNOWN);
	assert_int_equal(run("age > 30 OR arpu > 5"), CT_RULE_TRUE);
	assert_int_equal(run("age > 30 AND arpu > 50"), CT_RULE_FALSE);
}

static void
test_is_predicates(void **state)
{
	(void) state;
	clear_slots();
	set_bool_slot("emotional", false);
	assert_int_equal(run("vulnerable IS NULL"), CT_RULE_TRUE);
	assert_int_equal(run("vulnerable IS NOT NULL"), CT_RULE_FALSE);
	assert_int_equal(run("vulnerable IS UNKNOWN"), CT_RULE_TRUE);
	assert_int_equal(run("vulnerable IS NOT UNKNOWN"), CT_RULE_FALSE);
	assert_int_equal(run("vulnerable IS TRUE"), CT_RULE_FALSE);
	assert_int_equal(run("vulnerable IS NOT TRUE"), CT_RULE_TRUE);
	assert_int_equal(run("vulnerable IS FALSE"), CT_RULE_FALSE);
	assert_int_equal(run("vulnerable IS NOT FALSE"), CT_RULE_TRUE);
	assert_int_equal(run("emotional IS FALSE"), CT_RULE_TRUE);
	assert_int_equal(run("emotional IS NOT FALSE"), CT_RULE_FALSE);
	assert_int_equal(run("emotional IS TRUE"), CT_RULE_FALSE);
	assert_int_equal(run("emotional IS NOT TRUE"), CT_RULE_TRUE);
	assert_int_equal(run("emotional IS NOT NULL"), CT_RULE_TRUE);
	assert_int_equal(run("problem_type IS NULL"), CT_RULE_TRUE);
	assert_int_equal(run("(age > 3) IS UNKNOWN"), CT_RULE_TRUE);
	/* IS binds tighter than a comparison: (vulnerable IS NULL) = TRUE */
	assert_int_equal(run("vulnerable IS NULL = TRUE"), CT_RULE_TRUE);
	assert_int_equal(run("vulnerable IS NULL IS NOT NULL"), CT_RULE_TRUE);
}

static void
test_precedence(void **state)
{
	(void) state;
	clear_slots();
	/* AND binds tighter than OR */
	assert_int_equal(run("TRUE OR TRUE AND FALSE"), CT_RULE_TRUE);
	assert_int_equal(run("(TRUE OR TRUE) AND FALSE"), CT_RULE_FALSE);
	assert_int_equal(run("FALSE AND FALSE OR TRUE"), CT_RULE_TRUE);
	assert_int_equal(run("FALSE AND (FALSE OR TRUE)"), CT_RULE_FALSE);
	/* NOT binds tighter than AND, looser than comparison */
	assert_int_equal(run("NOT FALSE AND FALSE"), CT_RULE_FALSE);
	assert_int_equal(run("NOT (FALSE AND FALSE)"), CT_RULE_TRUE);
	set_num("arpu", 5);
	assert_int_equal(run("NOT arpu = 6"), CT_RULE_TRUE);
	assert_int_equal(run("NOT NOT arpu = 5"), CT_RULE_TRUE);
	assert_int_equal(run("((((arpu = 5))))"), CT_RULE_TRUE);
	assert_int_equal(run("NOT arpu IN (5) OR arpu BETWEEN 1 AND 4"), CT_RULE_FALSE);
}

static void
test_syntax_errors(void **state)
{
	(void) state;
	/* positions are 1-based characters */
	assert_int_equal(bad("", CT_ESYNTAX, "empty"), 1);
	assert_int_equal(bad("   ", CT_ESYNTAX, "empty"), 1);
	assert_int_equal(bad("arpu >", CT_ESYNTAX, "end of input"), 7);
	assert_int_equal(bad("arpu > > 3", CT_ESYNTAX, "at or near \">\""), 8);
	assert_int_equal(bad("arpu = 1 = 2", CT_ESYNTAX, "at or near \"=\""), 10);
	assert_int_equal(bad("(arpu > 3", CT_ESYNTAX, "end of input"), 10);
	assert_int_equal(bad("arpu > 3)", CT_ESYNTAX, "at or near \")\""), 9);
	assert_int_equal(bad("arpu > 3 emotional", CT_ESYNTAX, "at or near \"emotional\""), 10);
	assert_int_equal(bad("problem_type = 'abc", CT_ESYNTAX, "unterminated"), 16);
	assert_int_equal(bad("arpu # 3", CT_ESYNTAX, "at or near \"#\""), 6);
	assert_int_equal(bad("arpu ! 3", CT_ESYNTAX, "at or near \"!\""), 6);
	assert_int_equal(bad("arpu = 3abc", CT_ESYNTAX, "trailing junk"), 8);
	assert_int_equal(bad("arpu = 1.2.3", CT_ESYNTAX, "trailing junk"), 8);
	assert_int_equal(bad("arpu IN ()", CT_ESYNTAX, "at or near \")\""), 10);
	assert_int_equal(bad("arpu IN (1,)", CT_ESYNTAX, "at or near \")\""), 12);
	assert_int_equal(bad("arpu IN 1", CT_ESYNTAX, "at or near \"1\""), 9);
	assert_int_equal(bad("arpu IN (1 2)", CT_ESYNTAX, "at or near \"2\""), 12);
	assert_int_equal(bad("arpu IN (age)", CT_ESYNTAX, "at or near \"age\""), 10);
	assert_int_equal(bad("arpu BETWEEN 1 OR 2", CT_ESYNTAX, "at or near \"OR\""), 16);
	assert_int_equal(bad("arpu NOT 3", CT_ESYNTAX, "at or near \"NOT\""), 6);
	assert_int_equal(bad("arpu IS 3", CT_ESYNTAX, "at or near \"3\""), 9);
	assert_int_equal(bad("AND arpu > 1", CT_ESYNTAX, "at or near \"AND\""), 1);
	assert_int_equal(bad("arpu > - 'a'", CT_ESYNTAX, "at or near \"'a'\""), 10);
	assert_int_equal(bad("\"arpu > 1", CT_ESYNTAX, "unterminated quoted identifier"), 1);
	assert_int_equal(bad("arpu > 1 OR \"\" = 1", CT_ESYNTAX, "zero-length quoted identifier"), 13);
	/* characters, not bytes: é is two bytes */
	assert_int_equal(bad("problem_type = 'é' AND AND", CT_ESYNTAX, "at or near \"AND\""), 24);
	assert_int_equal(bad("problem_type = 'é' é", CT_ESYNTAX, "at or near \"é\""), 20);
	assert_int_equal(bad("arpu = 1e999", CT_ERANGE, "out of range"), 8);
	{
		ct_error	e;

		assert_int_equal(ct_rule_compile("arpu\0 > 1", 9, ct_rule_schema_resolve, NULL, &prog, &e), CT_ESYNTAX);
		assert_int_equal(e.position, 5);
		assert_int_equal(ct_rule_compile(NULL, 0, ct_rule_schema_resolve, NULL, &prog, &e), CT_ESYNTAX);
	}
}

static void
test_name_and_type_errors(void **state)
{
	ct_error	e;

	(void) state;
	assert_int_equal(bad("arpu > 1 AND foo = 2", CT_EUNDEFINED, "unknown variable \"foo\""), 14);
	assert_int_equal(bad("ARPU > 1 AND Foo = 2", CT_EUNDEFINED, "\"foo\""), 14);
	assert_int_equal(bad("strategies IS NULL", CT_EUNDEFINED, "strategies"), 1);
	assert_int_equal(ct_rule_compile("x = 1", 5, NULL, NULL, &prog, &e), CT_EUNDEFINED);
	/* type errors point at the operator */
	assert_int_equal(bad("arpu = 'high'", CT_EINVAL, "cannot compare number with text"), 6);
	assert_int_equal(bad("problem_type > 3", CT_EINVAL, "cannot compare text with number"), 14);
	assert_int_equal(bad("emotional = 1", CT_EINVAL, "boolean with number"), 11);
	assert_int_equal(bad("problem_type IN ('a', 2)", CT_EINVAL, "text with number"), 23);
	assert_int_equal(bad("arpu BETWEEN 1 AND 'x'", CT_EINVAL, "number with text"), 6);
	assert_int_equal(bad("arpu BETWEEN 'x' AND 2", CT_EINVAL, "number with text"), 6);
	assert_int_equal(bad("arpu", CT_EINVAL, "must be boolean, not number"), 1);
	assert_int_equal(bad("'x'", CT_EINVAL, "must be boolean, not text"), 1);
	assert_int_equal(bad("arpu AND emotional", CT_EINVAL, "argument of AND must be boolean"), 1);
	assert_int_equal(bad("emotional AND arpu", CT_EINVAL, "argument of AND must be boolean"), 15);
	assert_int_equal(bad("emotional OR problem_type", CT_EINVAL, "argument of OR"), 14);
	assert_int_equal(bad("NOT arpu", CT_EINVAL, "argument of NOT"), 5);
	assert_int_equal(bad("arpu IS TRUE", CT_EINVAL, "IS TRUE"), 1);
	assert_int_equal(bad("arpu IS NOT FALSE", CT_EINVAL, "IS FALSE"), 1);
	assert_int_equal(bad("arpu IS UNKNOWN", CT_EINVAL, "IS UNKNOWN"), 1);
}

static void
test_limits(void **state)
{
	char	   *buf;
	size_t		i,
				o;
	ct_error	e;

	(void) state;
	buf = malloc(CT_RULE_MAX_LEN * 4);
	assert_non_null(buf);
	/* length */
	memset(buf, ' ', CT_RULE_MAX_LEN + 1);
	memcpy(buf, "TRUE", 4);
	assert_int_equal(ct_rule_compile(buf, CT_RULE_MAX_LEN + 1, ct_rule_schema_resolve, NULL, &prog, &e), CT_ELIMIT);
	assert_int_equal(ct_rule_compile(buf, CT_RULE_MAX_LEN, ct_rule_schema_resolve, NULL, &prog, &e), CT_OK);
	/* nesting: 32 parentheses pass, 33 fail at the 33rd */
	o = 0;
	for (i = 0; i < CT_RULE_MAX_DEPTH; i++)
		buf[o++] = '(';
	memcpy(buf + o, "TRUE", 4);
	o += 4;
	for (i = 0; i < CT_RULE_MAX_DEPTH; i++)
		buf[o++] = ')';
	assert_int_equal(ct_rule_compile(buf, o, ct_rule_schema_resolve, NULL, &prog, &e), CT_OK);
	o = 0;
	for (i = 0; i <= CT_RULE_MAX_DEPTH; i++)
		buf[o++] = '(';
	memcpy(buf + o, "TRUE", 4);
	o += 4;
	for (i = 0; i <= CT_RULE_MAX_DEPTH; i++)
		buf[o++] = ')';
	assert_int_equal(ct_rule_compile(buf, o, ct_rule_schema_resolve, NULL, &prog, &e), CT_ELIMIT);
	assert_int_equal(e.position, CT_RULE_MAX_DEPTH + 1);
	/* a long NOT chain */
	o = 0;
	for (i = 0; i < 100; i++)
	{
		memcpy(buf + o, "NOT ", 4);
		o += 4;
	}
	memcpy(buf + o, "TRUE", 4);
	o += 4;
	assert_int_equal(ct_rule_compile(buf, o, ct_rule_schema_resolve, NULL, &prog, &e), CT_ELIMIT);
	/* IN list: 256 elements pass, 257 fail */
	o = (size_t) sprintf(buf, "arpu IN (0");
	for (i = 1; i < CT_RULE_MAX_IN; i++)
		o += (size_t) sprintf(buf + o, ",%zu", i % 10);
	o += (size_t) sprintf(buf + o, ")");
	assert_int_equal(ct_rule_compile(buf, o, ct_rule_schema_resolve, NULL, &prog, &e), CT_OK);
	o = (size_t) sprintf(buf, "arpu IN (0");
	for (i = 1; i <= CT_RULE_MAX_IN; i++)
		o += (size_t) sprintf(buf + o, ",%zu", i % 10);
	o += (size_t) sprintf(buf + o, ")");
	assert_int_equal(ct_rule_compile(buf, o, ct_rule_schema_resolve, NULL, &prog, &e), CT_ELIMIT);
	assert_non_null(strstr(e.message, "IN list"));
	/* too many instructions: a long flat OR chain */
	o = 0;
	for (i = 0; i < 400 && o < CT_RULE_MAX_LEN - 20; i++)
		o += (size_t) sprintf(buf + o, "%sTRUE", i ? " OR " : "");
	assert_int_equal(ct_rule_compile(buf, o, ct_rule_schema_resolve, NULL, &prog, &e), CT_ELIMIT);
	assert_non_null(strstr(e.message, "too"));
	free(buf);
}

/*
 * The compiler fuses "variable op literal" into one instruction and the
 * evaluator compares string lengths before bytes: both must agree with the
 * generic path ("literal flipped-op variable" is not fused) on every value,
 * including NULL, empty strings, shared prefixes, NaN and booleans.
 */
static void
test_fused_matches_generic(void **state)
{
	static const char *const ops[] = {"=", "<>", "<", "<=", ">", ">="};
	static const char *const flip[] = {"=", "<>", ">", ">=", "<", "<="};
	static const char *const strs[] = {NULL, "", "a", "gold", "golden", "gol", "diamond", "platinum", "Gold"};
	static const char *const lits[] = {"''", "'gold'", "'gol'", "'golden'", "'diamond'", "NULL"};
	static const double nums[] = {-1.0, 0.0, 0.5, 3.0, NAN};
	static const char *const nlits[] = {"0", "0.5", "-1", "3", "NULL"};
	static const char *const blits[] = {"TRUE", "FALSE", "NULL"};
	char		a[128],
				b[128];
	size_t		i,
				j,
				k;

	(void) state;
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		for (j = 0; j < sizeof(lits) / sizeof(lits[0]); j++)
			for (k = 0; k < 6; k++)
			{
				ct_rule_result ra;

				clear_slots();
				if (strs[i])
					set_str("customer_level", strs[i]);
				snprintf(a, sizeof(a), "customer_level %s %s", ops[k], lits[j]);
				snprintf(b, sizeof(b), "%s %s customer_level", lits[j], flip[k]);
				ra = run(a);
				assert_int_equal(ra, run(b));
				assert_int_equal(prog.max_stack, 2);
			}
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		for (j = 0; j < sizeof(nlits) / sizeof(nlits[0]); j++)
			for (k = 0; k < 6; k++)
			{
				ct_rule_result ra;

				clear_slots();
				set_num("arpu", nums[i]);
				snprintf(a, sizeof(a), "arpu %s %s", ops[k], nlits[j]);
				snprintf(b, sizeof(b), "%s %s arpu", nlits[j], flip[k]);
				ra = run(a);
				assert_int_equal(ra, run(b));
			}
	for (i = 0; i < 3; i++)
		for (j = 0; j < 3; j++)
			for (k = 0; k < 6; k++)
			{
				ct_rule_result ra;

				clear_slots();
				if (i < 2)
					set_bool_slot("emotional", i == 0);
				snprintf(a, sizeof(a), "emotional %s %s", ops[k], blits[j]);
				snprintf(b, sizeof(b), "%s %s emotional", blits[j], flip[k]);
				ra = run(a);
				assert_int_equal(ra, run(b));
			}
	/* IN over strings of several lengths against the OR of equalities */
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
	{
		clear_slots();
		if (strs[i])
			set_str("customer_level", strs[i]);
		assert_int_equal(run("customer_level IN ('platinum', 'gol', '', 'golden')"),
						 run("'platinum' = customer_level OR 'gol' = customer_level OR '' = customer_level OR 'golden' = customer_level"));
		assert_int_equal(run("customer_level NOT IN ('gold', NULL, 'diamond')"),
						 run("NOT ('gold' = customer_level OR NULL = customer_level OR 'diamond' = customer_level)"));
	}
	/* fused runs inside larger programs keep their operands in order */
	clear_slots();
	set_str("lifecycle_stage", "warning");
	set_bool_slot("porting_requested", false);
	set_num("complaints_90d", 3);
	assert_int_equal(run("lifecycle_stage = 'warning' AND porting_requested IS NOT TRUE"), CT_RULE_TRUE);
	assert_int_equal(run("complaints_90d >= 3 AND lifecycle_stage <> 'warnin' AND complaints_90d < 4"), CT_RULE_TRUE);
	assert_int_equal(run("complaints_90d BETWEEN 1 AND 2 OR lifecycle_stage = 'warnings'"), CT_RULE_FALSE);
}

/* The guard the compiler picks, and that it is only ever a short cut. */
static void
compile_ok(const char *cond)
{
	ct_error	e;

	if (ct_rule_compile(cond, strlen(cond), ct_rule_schema_resolve, NULL, &prog, &e) != CT_OK)
		fail_msg("\"%s\" did not compile: %s", cond, e.message);
}

static void
test_guard(void **state)
{
	static const struct
	{
		const char *cond;
		int			mode;
		int			n;
		bool		whole;
	}			cases[] = {
		{"vulnerable", CT_RULE_GUARD_ALL, 1, true},
		{"credit_tier = 'high'", CT_RULE_GUARD_ALL, 1, true},
		{"'high' = credit_tier", CT_RULE_GUARD_ALL, 1, true},
		{"credit_tier <> 'high'", CT_RULE_GUARD_NONE, 0, false},
		{"credit_tier = NULL", CT_RULE_GUARD_NONE, 0, false},
		{"complaints_90d >= 3", CT_RULE_GUARD_ALL, 1, true},
		{"3 > complaints_90d", CT_RULE_GUARD_ALL, 1, true},
		{"customer_level IN ('platinum', 'diamond')", CT_RULE_GUARD_ALL, 1, true},
		{"customer_level NOT IN ('platinum', 'diamond')", CT_RULE_GUARD_NONE, 0, false},
		{"credit_tier = 'high' AND vulnerable IS NOT TRUE", CT_RULE_GUARD_ALL, 2, true},
		{"vulnerable IS NOT TRUE AND credit_tier = 'high'", CT_RULE_GUARD_ALL, 2, true},
		{"(arpu > 1 OR emotional) AND (complaints_90d < 2 AND tier = 'key')", CT_RULE_GUARD_ALL, 2, false},
		{"arpu > 1 OR emotional", CT_RULE_GUARD_ANY, 2, true},
		{"arpu IS NOT NULL OR credit_tier IS NULL OR emotional IS FALSE", CT_RULE_GUARD_ANY, 3, true},
		{"arpu > 1 OR NOT emotional", CT_RULE_GUARD_NONE, 0, false},
		{"arpu > 1 OR emotional OR vulnerable OR tier = 'a' OR tier = 'b'", CT_RULE_GUARD_NONE, 0, false},
		{"NOT emotional", CT_RULE_GUARD_NONE, 0, false},
		{"emotional IS TRUE", CT_RULE_GUARD_ALL, 1, true},
		{"(arpu > 1) IS TRUE", CT_RULE_GUARD_NONE, 0, false},
		{"TRUE", CT_RULE_GUARD_ALL, 0, true},
		{"TRUE AND emotional", CT_RULE_GUARD_ALL, 1, true},
		{"FALSE AND emotional", CT_RULE_GUARD_ALL, 1, false},
		{"arpu > 1 AND emotional AND vulnerable AND tier = 'a' AND tier = 'b'", CT_RULE_GUARD_ALL, 4, false},
	};
	/* conditions over every kind of guard, inside and outside ANDs and ORs */
	static const char *const conds[] = {
		"vulnerable", "emotional AND vulnerable", "NOT vulnerable AND emotional",
		"credit_tier = 'high'", "credit_tier = ''", "credit_tier = 'high' AND vulnerable IS NOT TRUE",
		"complaints_90d >= 3", "complaints_90d = 0", "complaints_90d <> 0 AND arpu < 3",
		"complaints_90d < 3 AND (arpu > 10 OR emotional)", "arpu <= -1",
		"customer_level IN ('platinum', 'diamond')", "customer_level IN ('', NULL, 'gold')",
		"arpu IN (0, 3, NULL)", "arpu IN (10) AND customer_level IN ('gold') AND emotional",
		"(credit_tier = 'low' AND emotional) AND (complaints_90d > 1 AND vulnerable IS NOT TRUE)",
		"emotional OR credit_tier = 'high'", "arpu IS NOT NULL OR credit_tier IS NULL",
		"emotional IS FALSE OR vulnerable IS NOT FALSE OR arpu > 3",
		"emotional IS TRUE AND customer_level IS NOT NULL", "TRUE", "TRUE AND vulnerable",
		"arpu > 1 AND emotional AND vulnerable AND complaints_90d < 10 AND credit_tier = 'low'",
	};
	static const char *const strs[] = {NULL, "", "high", "hig", "low", "gold", "platinum", "diamond"};
	static const double nums[] = {-1.0, 0.0, 3.0, 10.0, NAN, INFINITY};
	int			checked = 0;

	(void) state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		compile_ok(cases[i].cond);
		if (prog.guard.mode != cases[i].mode || prog.guard.n != cases[i].n ||
			prog.guard.whole != cases[i].whole)
			fail_msg("\"%s\": guard mode %d, %d atoms, whole %d; expected %d, %d, %d",
					 cases[i].cond, prog.guard.mode, prog.guard.n, prog.guard.whole,
					 cases[i].mode, cases[i].n, cases[i].whole);
	}
	/* every combination of values, NULL, NaN and Infinity included */
	for (size_t c = 0; c < sizeof(conds) / sizeof(conds[0]); c++)
	{
		compile_ok(conds[c]);
		assert_int_not_equal(prog.guard.mode, CT_RULE_GUARD_NONE);
		for (int v = 0; v < 8 * 8 * 6 * 6 * 3 * 3; v++)
		{
			int			x = v;

			clear_slots();
			if (strs[x % 8])
				set_str("credit_tier", strs[x % 8]);
			x /= 8;
			if (strs[x % 8])
				set_str("customer_level", strs[x % 8]);
			x /= 8;
			set_num("complaints_90d", nums[x % 6]);
			x /= 6;
			if (x % 6 != 5)
				set_num("arpu", nums[x % 6]);
			x /= 6;
			if (x % 3 < 2)
				set_bool_slot("emotional", x % 3 == 0);
			x /= 3;
			if (x % 3 < 2)
				set_bool_slot("vulnerable", x % 3 == 0);
			(void) eval_checked(conds[c]);
			checked++;
		}
	}
	assert_int_equal(checked, 23 * 8 * 8 * 6 * 6 * 3 * 3);
	/* misuse still reports CT_RULE_ERROR, not a short-cut answer */
	compile_ok("credit_tier = 'high'");
	clear_slots();
	assert_int_equal(ct_rule_is_true(&prog, slots, 1, stack, CT_RULE_STACK_MAX), CT_RULE_ERROR);
	assert_int_equal(ct_rule_is_true(&prog, NULL, 64, stack, CT_RULE_STACK_MAX), CT_RULE_ERROR);
	assert_int_equal(ct_rule_is_true(&prog, slots, 64, stack, 1), CT_RULE_ERROR);
}

static void
test_eval_misuse(void **state)
{
	ct_error	e;

	(void) state;
	clear_slots();
	assert_int_equal(ct_rule_compile("arpu > 1", 8, ct_rule_schema_resolve, NULL, &prog, &e), CT_OK);
	assert_int_equal(ct_rule_eval(&prog, slots, 1, stack, CT_RULE_STACK_MAX), CT_RULE_ERROR);
	assert_int_equal(ct_rule_eval(&prog, slots, 64, stack, 1), CT_RULE_ERROR);
	assert_int_equal(ct_rule_eval(&prog, NULL, 64, stack, CT_RULE_STACK_MAX), CT_RULE_ERROR);
	assert_int_equal(prog.max_stack, 2);
	/* constant conditions need no slots */
	assert_int_equal(ct_rule_compile("TRUE", 4, ct_rule_schema_resolve, NULL, &prog, &e), CT_OK);
	assert_int_equal(ct_rule_eval(&prog, NULL, 0, stack, 1), CT_RULE_TRUE);
}

static void
test_nan_ordering(void **state)
{
	(void) state;
	clear_slots();
	set_num("arpu", NAN);
	/* as PostgreSQL float8: NaN = NaN and NaN above every number */
	assert_int_equal(run("arpu > 1e300"), CT_RULE_TRUE);
	assert_int_equal(run("arpu = 1"), CT_RULE_FALSE);
}

static void
check_norm(const char *in, const char *want)
{
	char		out[512];
	size_t		len;
	ct_error	e;

	assert_int_equal(ct_rule_normalize(in, strlen(in), out, sizeof(out), &len, &e), CT_OK);
	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
	/* idempotent */
	{
		char		again[512];

		assert_int_equal(ct_rule_normalize(out, len, again, sizeof(again), &len, &e), CT_OK);
		assert_string_equal(again, want);
	}
}

static void
test_normalize(void **state)
{
	char		small[4];
	size_t		len;
	ct_error	e;

	(void) state;
	check_norm("value_tier in('A','B')and Complaints_90D>=3 and not PORTING_REQUESTED",
			   "value_tier IN ('A', 'B') AND complaints_90d >= 3 AND NOT porting_requested");
	check_norm("  arpu!=-1.5E3  ", "arpu <> -1.5e3");
	check_norm("(emotional or(vulnerable is not null))", "(emotional OR (vulnerable IS NOT NULL))");
	check_norm("problem_type = 'It''s'", "problem_type = 'It''s'");
	check_norm("arpu not between - 1 and 2", "arpu NOT BETWEEN -1 AND 2");
	check_norm("", "");
	assert_int_equal(ct_rule_normalize("arpu", 4, small, sizeof(small), &len, &e), CT_EINVAL);
	assert_int_equal(ct_rule_normalize("'abc", 4, small, 9, &len, &e), CT_ESYNTAX);
}

static void
test_schema_vars(void **state)
{
	int			s;
	ct_rule_type t;
	int			i,
				j;

	(void) state;
	assert_true(ct_rule_schema_resolve(NULL, "vulnerable", &s, &t));
	assert_int_equal(t, CT_RULE_BOOL);
	assert_true(ct_rule_schema_resolve(NULL, "credit_grade", &s, &t));
	assert_int_equal(t, CT_RULE_STRING);
	assert_true(ct_rule_schema_resolve(NULL, "complaints_90d", &s, &t));
	assert_int_equal(t, CT_RULE_NUMBER);
	assert_false(ct_rule_schema_resolve(NULL, "strategies", &s, &t));
	assert_false(ct_rule_schema_resolve(NULL, "routing_priority", &s, &t));
	assert_int_equal(ct_rule_schema_nvars, 34);
	for (i = 0; i < ct_rule_schema_nvars; i++)
		for (j = i + 1; j < ct_rule_schema_nvars; j++)
			assert_true(strcmp(ct_rule_schema_vars[i].name, ct_rule_schema_vars[j].name) != 0);
	assert_string_equal(ct_rule_type_name(CT_RULE_NULLTYPE), "null");
}

/*
 * Resolver of a syntax-only check: balance, segment and flag are columns of
 * a table not known yet (CT_RULE_ANYTYPE, slots 40 to 42); the pinned
 * variables keep their types.
 */
static bool
any_resolve(void *arg, const char *name, int *slot, ct_rule_type *type)
{
	static const char *const names[] = {"balance", "segment", "flag"};
	int			i;

	for (i = 0; i < 3; i++)
		if (strcmp(names[i], name) == 0)
		{
			*slot = 40 + i;
			*type = CT_RULE_ANYTYPE;
			return true;
		}
	return ct_rule_schema_resolve(arg, name, slot, type);
}

/* Compile with any_resolve; e holds the error. */
static ct_code
compile_any(const char *cond, ct_error *e)
{
	return ct_rule_compile(cond, strlen(cond), any_resolve, NULL, &prog, e);
}

static void
test_anytype_syntax_only(void **state)
{
	ct_error	e;
	int			i;
	static const char *const ok[] = {
		"balance BETWEEN 1 AND 2",
		"segment NOT IN ('x')",
		"balance IN (NULL, 1)",
		"segment = NULL",
		"balance = segment",
		"flag IS TRUE",
		"flag IS NOT UNKNOWN",
		"flag OR balance IS NULL",
		"(flag)",
		"balance",
		"arpu > balance AND emotional",
		"NOT NOT flag",
	};

	(void) state;
	assert_int_equal(compile_any("balance > 10000 AND segment IN ('a','b') AND NOT flag", &e), CT_OK);
	assert_true(prog.untyped);
	assert_true(ct_rule_reads_slot(&prog, 40));
	assert_true(ct_rule_reads_slot(&prog, 41));
	assert_true(ct_rule_reads_slot(&prog, 42));
	assert_int_equal(prog.max_slot, 42);
	/* an untyped program: its ANYTYPE variables are unknown (NULL) ... */
	clear_slots();
	assert_int_equal(ct_rule_eval(&prog, slots, 64, stack, CT_RULE_STACK_MAX), CT_RULE_UNKNOWN);
	assert_int_equal(ct_rule_eval(&prog, NULL, 0, stack, CT_RULE_STACK_MAX), CT_RULE_ERROR);
	/* ... and never read as a value: a filled one is refused */
	slots[40].isnull = false;
	slots[40].num = 20000;
	assert_int_equal(ct_rule_eval(&prog, slots, 64, stack, CT_RULE_STACK_MAX), CT_RULE_ERROR);
	clear_slots();
	for (i = 0; i < (int) (sizeof(ok) / sizeof(ok[0])); i++)
	{
		if (compile_any(ok[i], &e) != CT_OK)
			fail_msg("\"%s\" did not compile: %s", ok[i], e.message);
		assert_true(prog.untyped);
	}
	/* a variable, not a constant: no fusing into SLOT-CONST-CMP, a slot read */
	assert_int_equal(compile_any("balance > 10000", &e), CT_OK);
	assert_int_equal(prog.ninsns, 3);
	assert_int_equal(ct_rule_compile("arpu > 10000", 12, any_resolve, NULL, &prog, &e), CT_OK);
	assert_int_equal(prog.ninsns, 1);
	assert_false(prog.untyped);
	assert_string_equal(ct_rule_type_name(CT_RULE_ANYTYPE), "any");
}

static void
test_anytype_errors(void **state)
{
	ct_error	e;

	(void) state;
	/* syntax errors and unknown names keep their positions */
	assert_int_equal(compile_any("balance > > 3", &e), CT_ESYNTAX);
	assert_int_equal(e.position, 11);
	assert_non_null(strstr(e.message, "at or near \">\""));
	assert_int_equal(compile_any("segment IN ('a' 'b')", &e), CT_ESYNTAX);
	assert_int_equal(e.position, 17);
	assert_int_equal(compile_any("balance >", &e), CT_ESYNTAX);
	assert_int_equal(e.position, 10);
	assert_non_null(strstr(e.message, "end of input"));
	assert_int_equal(compile_any("flag AND", &e), CT_ESYNTAX);
	assert_int_equal(compile_any("balance > 1 AND foo", &e), CT_EUNDEFINED);
	assert_int_equal(e.position, 17);
	/* the known types of the other operands still have to agree */
	assert_int_equal(compile_any("balance IN (1, 'a')", &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "number with text"));
	assert_int_equal(e.position, 16);
	assert_int_equal(compile_any("balance BETWEEN 1 AND 'x'", &e), CT_EINVAL);
	assert_int_equal(compile_any("arpu = 'x' AND flag", &e), CT_EINVAL);
	assert_int_equal(compile_any("emotional AND arpu", &e), CT_EINVAL);
}

static void
test_typed_program_not_untyped(void **state)
{
	ct_error	e;

	(void) state;
	/* the flag is reset by every compilation into the same program */
	assert_int_equal(compile_any("flag", &e), CT_OK);
	assert_true(prog.untyped);
	clear_slots();
	set_num("arpu", 5);
	assert_int_equal(run("arpu > 1"), CT_RULE_TRUE);
	assert_false(prog.untyped);
	assert_int_equal(compile_any("arpu > 1 AND NOT emotional", &e), CT_OK);
	assert_false(prog.untyped);
}

/* names of a table loaded as it came: mixed case, spaces, a keyword, a quote */
static const char *const quoted_names[] = {"Total day minutes", "and", "a\"b", "Churn"};

static bool
quoted_resolve(void *arg, const char *name, int *slot, ct_rule_type *type)
{
	(void) arg;
	for (int i = 0; i < 4; i++)
		if (strcmp(name, quoted_names[i]) == 0)
		{
			*slot = i;
			*type = i == 3 ? CT_RULE_BOOL : CT_RULE_NUMBER;
			return true;
		}
	return false;
}

static void
test_quoted_identifiers(void **state)
{
	ct_error	e;
	char		out[64];
	char		buf[80];

	(void) state;
	clear_slots();
	slots[0].isnull = false;
	slots[0].num = 270;
	slots[1].isnull = false;
	slots[1].num = 1;
	slots[2].isnull = false;
	slots[2].num = 2;
	slots[3].isnull = false;
	slots[3].b = true;
	{
		const char *c = "\"Total day minutes\" > 264 AND \"and\" = 1 AND \"a\"\"b\" = 2 AND \"Churn\"";

		assert_int_equal(ct_rule_compile(c, strlen(c), quoted_resolve, NULL, &prog, &e), CT_OK);
	}
	assert_int_equal(ct_rule_eval(&prog, slots, 64, stack, CT_RULE_STACK_MAX), CT_RULE_TRUE);
	/* quoted names keep their case; unquoted ones fold to lower case */
	assert_int_equal(ct_rule_compile("churn", 5, quoted_resolve, NULL, &prog, &e), CT_EUNDEFINED);
	assert_string_equal(e.message, "unknown variable \"churn\" in rule condition");
	assert_int_equal(bad("\"ARPU\" > 1", CT_EUNDEFINED, "unknown variable \"ARPU\""), 1);
	set_num("arpu", 5);
	assert_int_equal(run("\"arpu\" > 1"), CT_RULE_TRUE);
	/* 63 bytes is the limit, as for PostgreSQL's names */
	memset(buf, 'x', sizeof(buf));
	buf[0] = '"';
	buf[65] = '"';
	buf[66] = '\0';
	assert_int_equal(bad(buf, CT_ELIMIT, "too long"), 1);
	assert_int_equal(ct_rule_compile("\"ar\0pu\" > 1", 11, ct_rule_schema_resolve, NULL, &prog, &e), CT_ESYNTAX);
	assert_int_equal(e.position, 4);
	/* canonical text: quotes only where needed */
	check_norm("\"arpu\">1", "arpu > 1");
	check_norm("\"Total day minutes\">264 and \"and\"=1", "\"Total day minutes\" > 264 AND \"and\" = 1");
	check_norm("\"a\"\"b\" = 2", "\"a\"\"b\" = 2");
	assert_int_equal(ct_rule_quote_ident("arpu", 4, out, sizeof(out)), 4);
	assert_string_equal(out, "arpu");
	assert_int_equal(ct_rule_quote_ident("in", 2, out, sizeof(out)), 4);
	assert_string_equal(out, "\"in\"");
	assert_int_equal(ct_rule_quote_ident("a\"b", 3, out, sizeof(out)), 6);
	assert_string_equal(out, "\"a\"\"b\"");
	assert_int_equal(ct_rule_quote_ident("9lives", 6, out, sizeof(out)), 8);
	/* truncation: the full length comes back, the output stays terminated */
	assert_int_equal(ct_rule_quote_ident("Total day minutes", 17, out, 5), 19);
	assert_string_equal(out, "\"Tot");
	assert_false(ct_rule_plain_ident("", 0));
	assert_true(ct_rule_plain_ident("_x1", 3));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_brief_example),
		cmocka_unit_test(test_comparisons),
		cmocka_unit_test(test_strings_escapes),
		cmocka_unit_test(test_in_between),
		cmocka_unit_test(test_three_valued_logic),
		cmocka_unit_test(test_is_predicates),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_name_and_type_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_eval_misuse),
		cmocka_unit_test(test_fused_matches_generic),
		cmocka_unit_test(test_guard),
		cmocka_unit_test(test_nan_ordering),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_schema_vars),
		cmocka_unit_test(test_anytype_syntax_only),
		cmocka_unit_test(test_anytype_errors),
		cmocka_unit_test(test_typed_program_not_untyped),
		cmocka_unit_test(test_quoted_identifiers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
