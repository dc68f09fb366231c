/*
 * ct_rules_learn.h
 *		Readable warning rules learned from an observed binary outcome: a
 *		shallow classification tree grown best first (Gini impurity) over a
 *		table's number, boolean and text columns, written as an ordered
 *		decision list of conditions in the rule language (doc/rules.md).
 *
 * Each leaf of the tree becomes one rule whose condition is the conjunction
 * of the tests on its path (tests on one column merged into one bound or
 * list).  Leaves are disjoint, so the first matching rule is the leaf; the
 * largest leaf becomes the last rule, written TRUE (the rest), and the
 * others come in descending order of their outcome rate.  A row with NULL
 * in a column a rule tests matches none of the conditions that test it
 * (SQL three-valued logic), so the learner leaves such rows out of both
 * children of a split: they end in the last rule, as evaluation puts them.
 *
 * Splits: a number column x splits at a threshold between two neighbouring
 * distinct finite values, written as the shortest decimal that separates
 * them ("x > 264.4" / "x <= 264.4", or "x >= 4" / "x < 4"); a boolean
 * column as "b" / "NOT b"; a text column one level against the others as
 * "t = 'v'" / "t <> 'v'" ("t = 'w'" when the column holds just v and w).  The split with the largest decrease of Gini
 * impurity, 2 nL nR (pL - pR)^2 / (nL + nR), wins; ties go to the earlier
 * column, the lower threshold, the smaller level.  Both children must hold
 * at least min_support rows.  The leaf whose best split gains most is split
 * next, until max_rules leaves or no split remains; a path holds at most
 * CT_LEARN_MAX_DEPTH tests.  The result depends on the rows' values only,
 * not on their order.  Nothing here allocates: the caller provides scratch.
 */
#ifndef CT_RULES_LEARN_H
#define CT_RULES_LEARN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"

#define CT_LEARN_MAX_RULES	64		/* rules of one list (max_rules) */
#define CT_LEARN_MAX_DEPTH	8		/* tests on one path */
#define CT_LEARN_MAX_COLUMNS 64		/* candidate columns */
#define CT_LEARN_MAX_LEVELS	10000	/* distinct values of a text column */
#define CT_LEARN_MAX_LEVEL_LEN 128	/* bytes of a text value used in a test */
#define CT_LEARN_MAX_CELLS	16777216	/* rows x candidate columns */
#define CT_LEARN_NUM_LEN	32		/* bytes of a threshold's text */

typedef enum ct_learn_kind
{
	CT_LEARN_NUMBER = 0,
	CT_LEARN_BOOL,
	CT_LEARN_TEXT
} ct_learn_kind;

/*
 * A candidate column: n values (number: the value, NaN sorting above every
 * number as in the rule language; boolean: 0 or 1; text: the level code,
 * codes numbered in byte order of the levels) and NULL flags.
 */
typedef struct ct_learn_column
{
	const char *name;			/* a rule-language variable */
	ct_learn_kind kind;
	const double *value;
	const uint8_t *isnull;
	int			n_levels;		/* text */
	const char *const *level;	/* text: level strings (not NUL-terminated) */
	const int  *level_len;
	const int  *order;			/* number: non-NULL rows sorted by value */
	int			n_order;		/* number: rows in order (ct_learn_sort) */
} ct_learn_column;

typedef enum ct_learn_op
{
	CT_LEARN_GT = 0,			/* x > t */
	CT_LEARN_LE,				/* x <= t */
	CT_LEARN_GE,				/* x >= t */
	CT_LEARN_LT,				/* x < t */
	CT_LEARN_TRUE,				/* b */
	CT_LEARN_FALSE,				/* NOT b */
	CT_LEARN_EQ,				/* t = 'v' */
	CT_LEARN_NE					/* t <> 'v' */
} ct_learn_op;

typedef struct ct_learn_test
{
	int			column;
	ct_learn_op op;
	int			level;			/* text */
	char		num[CT_LEARN_NUM_LEN];	/* number: the threshold as written */
} ct_learn_test;

typedef struct ct_learn_rule
{
	int			n_tests;		/* 0 for the last rule (TRUE) */
	ct_learn_test tests[CT_LEARN_MAX_DEPTH];
	int64_t		n;				/* training rows of the leaf (the last rule: */
	int64_t		k;				/* with the rows left out of a split) */
} ct_learn_rule;

typedef struct ct_learn_result
{
	int			n_rules;
	ct_learn_rule rules[CT_LEARN_MAX_RULES];
} ct_learn_result;

/*
 * Scratch for n rows: int[3n] and, for text columns, int64_t[2 L] with L the
 * largest n_levels (at least 1).
 */
typedef struct ct_learn_scratch
{
	int		   *ints;
	int64_t    *counts;
} ct_learn_scratch;

/*
 * The order a number column needs: rows sorted by value, NULLs left out
 * (so it holds the non-NULL rows), NaN last; ties by row number.  order is
 * int[n]; returns the number of rows written.
 */
extern int	ct_learn_sort(const double *value, const uint8_t *isnull, int n,
						  int *order);

/*
 * Learn a decision list over n rows (outcome y[i] != 0) and p columns.
 * 1 <= max_rules <= CT_LEARN_MAX_RULES, min_support >= 1.
 */
extern ct_code ct_rules_learn(const ct_learn_column *cols, int p,
							  const uint8_t *y, int n, int max_rules,
							  int64_t min_support, ct_learn_scratch *scratch,
							  ct_learn_result *out, ct_error *e);

/*
 * The condition of a rule in the rule language ("TRUE" for the last), NUL
 * terminated, into buf of size bytes (CT_RULE_MAX_LEN + 1 always suffices
 * for rules ct_rules_learn made).
 */
extern ct_code ct_learn_condition(const ct_learn_rule *r,
								  const ct_learn_column *cols, char *buf,
								  size_t size, ct_error *e);

/*
 * The shortest decimal text t (at most CT_LEARN_NUM_LEN bytes with its NUL)
 * that splits lo < hi: *ge false: lo <= t < hi, written "x > t"; *ge true:
 * lo < t <= hi, written "x >= t".  Fewest significant digits win; at equal
 * length ">= hi" when t is hi itself ("calls >= 4"), otherwise "> t".
 * Exposed for tests.
 */
extern void ct_learn_threshold(double lo, double hi, char *buf, bool *ge);

#endif							/* CT_RULES_LEARN_H */
