/*
 * ct_rules_learn.c
 *		A shallow classification tree grown best first on Gini impurity,
 *		read out as an ordered decision list of rule-language conditions
 *		(see ct_rules_learn.h).
 */
#include "ct_rules_learn.h"
#include "ct_rule.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NODES (2 * CT_LEARN_MAX_RULES)

typedef struct split
{
	bool		found;
	double		gain;
	int			column;
	int			level;			/* text */
	char		num[CT_LEARN_NUM_LEN];	/* number: threshold text */
	bool		ge;				/* number: "x >= t" (else "x > t") */
} split;

typedef struct node
{
	int			depth;
	bool		leaf;
	int64_t		n;
	int64_t		k;
	ct_learn_test tests[CT_LEARN_MAX_DEPTH];
	split		best;
} node;

/* ---- number columns: order and thresholds ------------------------------- */

static const double *sort_values;

/* NaN last; ties by row number, so the order is total */
static int
cmp_rows(const void *a, const void *b)
{
	int			i = *(const int *) a;
	int			j = *(const int *) b;
	double		x = sort_values[i];
	double		y = sort_values[j];
	bool		xn = isnan(x);
	bool		yn = isnan(y);

	if (xn != yn)
		return xn ? 1 : -1;
	if (!xn && x < y)
		return -1;
	if (!xn && x > y)
		return 1;
	return (i > j) - (i < j);
}

int
ct_learn_sort(const double *value, const uint8_t *isnull, int n, int *order)
{
	int			m = 0;

	for (int i = 0; i < n; i++)
		if (!isnull[i])
			order[m++] = i;
	sort_values = value;
	qsort(order, (size_t) m, sizeof(int), cmp_rows);
	sort_values = NULL;
	return m;
}

/* x with p significant digits, in fixed notation where that is short */
static void
format_sig(double x, int p, char *buf, size_t size)
{
	double		ax = fabs(x);
	int			e10;
	int			dec;
	char	   *dot;

	if (x == 0.0)
	{
		snprintf(buf, size, "0");
		return;
	}
	if (ax >= 1e15 || ax < 1e-6)
	{
		snprintf(buf, size, "%.*e", p - 1, x);
		return;
	}
	e10 = (int) floor(log10(ax));
	dec = p - 1 - e10;
	if (dec < 0)
	{
		double		unit = pow(10.0, (double) -dec);

		snprintf(buf, size, "%.0f", round(x / unit) * unit);
		return;
	}
	snprintf(buf, size, "%.*f", dec, x);
	dot = strchr(buf, '.');
	if (dot != NULL)
	{
		char	   *end = buf + strlen(buf) - 1;

		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*end = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, size, "0");
}

void
ct_learn_threshold(double lo, double hi, char *buf, bool *ge)
{
	double		mid = lo + (hi - lo) / 2.0;

	for (int p = 1; p <= 17; p++)
	{
		/* the smallest value of the upper side first ("x >= hi"), then a */
		/* separator between the sides: the midpoint, lo itself, hi's digits */
		const double cand[3] = {mid, lo, hi};
		char		text[CT_LEARN_NUM_LEN];

		format_sig(hi, p, buf, CT_LEARN_NUM_LEN);
		if (strtod(buf, NULL) == hi)
		{
			*ge = true;
			return;
		}
		for (int c = 0; c < 3; c++)
		{
			double		v;

			format_sig(cand[c], p, text, CT_LEARN_NUM_LEN);
			v = strtod(text, NULL);
			if (lo <= v && v < hi)
			{
				memcpy(buf, text, CT_LEARN_NUM_LEN);
				*ge = false;
				return;
			}
		}
	}
	/* not reached for finite lo < hi: lo itself at 17 digits qualifies */
	snprintf(buf, CT_LEARN_NUM_LEN, "%.17g", lo);
	*ge = false;
}

/* ---- growing the tree ----------------------------------------------------- */

/* Gini decrease of a split: 2 nL nR (pL - pR)^2 / (nL + nR), exact numerator */
static inline double
gini_gain(int64_t nl, int64_t kl, int64_t nr, int64_t kr)
{
	double		d = (double) (kl * nr - kr * nl);

	return 2.0 * d * d / ((double) nl * (double) nr * (double) (nl + nr));
}

static void
consider(split *best, double gain, int column, int level)
{
	if (gain > 0.0 && (!best->found || gain > best->gain))
	{
		best->found = true;
		best->gain = gain;
		best->column = column;
		best->level = level;
		best->num[0] = '\0';
	}
}

static void
best_number_split(const ct_learn_column *c, int ci, const uint8_t *y,
				  const int *leaf, int id, int64_t ms, int *idx, split *best)
{
	int			m = 0;
	int64_t		kk = 0,
				kl = 0;
	double		lo = 0,
				hi = 0;
	bool		improved = false;

	for (int i = 0; i < c->n_order; i++)
	{
		int			r = c->order[i];

		if (leaf[r] == id)
		{
			idx[m++] = r;
			kk += y[r] != 0;
		}
	}
	if (m < 2 * ms)
		return;
	for (int i = 0; i + 1 < m; i++)
	{
		double		a = c->value[idx[i]];
		double		b = c->value[idx[i + 1]];
		int64_t		nl = i + 1;
		int64_t		nr = m - nl;

		kl += y[idx[i]] != 0;
		if (nl < ms || nr < ms || !(a < b) || !isfinite(a) || !isfinite(b))
			continue;
		{
			double		g = gini_gain(nl, kl, nr, kk - kl);

			if (g > 0.0 && (!best->found || g > best->gain))
			{
				consider(best, g, ci, -1);
				lo = a;
				hi = b;
				improved = true;
			}
		}
	}
	if (improved)
		ct_learn_threshold(lo, hi, best->num, &best->ge);
}

static void
best_bool_split(const ct_learn_column *c, int ci, const uint8_t *y,
				const int *leaf, int id, int n, int64_t ms, split *best)
{
	int64_t		nt = 0,
				kt = 0,
				nf = 0,
				kf = 0;

	for (int r = 0; r < n; r++)
	{
		if (leaf[r] != id || c->isnull[r])
			continue;
		if (c->value[r] != 0.0)
		{
			nt++;
			kt += y[r] != 0;
		}
		else
		{
			nf++;
			kf += y[r] != 0;
		}
	}
	if (nt >= ms && nf >= ms)
		consider(best, gini_gain(nt, kt, nf, kf), ci, -1);
}

static void
best_text_split(const ct_learn_column *c, int ci, const uint8_t *y,
				const int *leaf, int id, int n, int64_t ms, int64_t *counts,
				split *best)
{
	int64_t    *ln = counts;
	int64_t    *lk = counts + c->n_levels;
	int64_t		m = 0,
				kk = 0;

	memset(counts, 0, sizeof(int64_t) * 2 * (size_t) c->n_levels);
	for (int r = 0; r < n; r++)
	{
		int			v;

		if (leaf[r] != id || c->isnull[r])
			continue;
		v = (int) c->value[r];
		ln[v]++;
		lk[v] += y[r] != 0;
		m++;
		kk += y[r] != 0;
	}
	for (int v = 0; v < c->n_levels; v++)
	{
		if (ln[v] < ms || m - ln[v] < ms || c->level_len[v] > CT_LEARN_MAX_LEVEL_LEN)
			continue;
		consider(best, gini_gain(ln[v], lk[v], m - ln[v], kk - lk[v]), ci, v);
	}
}

static void
find_split(const ct_learn_column *cols, int p, const uint8_t *y,
		   const int *leaf, int id, int n, int64_t ms, node *t,
		   ct_learn_scratch *s)
{
	memset(&t->best, 0, sizeof(t->best));
	if (t->depth >= CT_LEARN_MAX_DEPTH || t->n < 2 * ms)
		return;
	for (int c = 0; c < p; c++)
	{
		CT_CHECK_INTERRUPTS();
		switch (cols[c].kind)
		{
			case CT_LEARN_NUMBER:
				best_number_split(&cols[c], c, y, leaf, id, ms, s->ints + n, &t->best);
				break;
			case CT_LEARN_BOOL:
				best_bool_split(&cols[c], c, y, leaf, id, n, ms, &t->best);
				break;
			case CT_LEARN_TEXT:
				best_text_split(&cols[c], c, y, leaf, id, n, ms, s->counts, &t->best);
				break;
		}
	}
}

/* whether row r takes the first branch of split sp (the caller checked NULL) */
static bool
first_branch(const ct_learn_column *c, const split *sp, double t, int r)
{
	double		v = c->value[r];

	switch (c->kind)
	{
		case CT_LEARN_NUMBER:
			/* NaN sorts above every number, as in the rule language */
			return isnan(v) || (sp->ge ? v >= t : v > t);
		case CT_LEARN_BOOL:
			return v != 0.0;
		case CT_LEARN_TEXT:
			return (int) v == sp->level;
	}
	return false;
}

static void
branch_tests(const ct_learn_column *c, const split *sp, ct_learn_test *first,
			 ct_learn_test *second)
{
	memset(first, 0, sizeof(*first));
	memset(second, 0, sizeof(*second));
	first->column = second->column = sp->column;
	first->level = second->level = sp->level;
	memcpy(first->num, sp->num, CT_LEARN_NUM_LEN);
	memcpy(second->num, sp->num, CT_LEARN_NUM_LEN);
	switch (c->kind)
	{
		case CT_LEARN_NUMBER:
			first->op = sp->ge ? CT_LEARN_GE : CT_LEARN_GT;
			second->op = sp->ge ? CT_LEARN_LT : CT_LEARN_LE;
			break;
		case CT_LEARN_BOOL:
			first->op = CT_LEARN_TRUE;
			second->op = CT_LEARN_FALSE;
			break;
		case CT_LEARN_TEXT:
			first->op = CT_LEARN_EQ;
			second->op = CT_LEARN_NE;
			/* two values in the data: "plan = 'Yes'" reads better than <> 'No' */
			if (c->n_levels == 2)
			{
				second->op = CT_LEARN_EQ;
				second->level = 1 - sp->level;
			}
			break;
	}
}

/* rule order: the rate k/n descending, then more rows, then the older node */
static const node *order_nodes;

static int
cmp_leaves(const void *a, const void *b)
{
	const node *x = &order_nodes[*(const int *) a];
	const node *y = &order_nodes[*(const int *) b];
	double		l = (double) x->k * (double) y->n;
	double		r = (double) y->k * (double) x->n;

	if (l != r)
		return l > r ? -1 : 1;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return (*(const int *) a > *(const int *) b) - (*(const int *) a < *(const int *) b);
}

ct_code
ct_rules_learn(const ct_learn_column *cols, int p, const uint8_t *y, int n,
			   int max_rules, int64_t min_support, ct_learn_scratch *s,
			   ct_learn_result *out, ct_error *e)
{
	node		nodes[MAX_NODES];
	int			n_nodes = 1,
				n_leaves = 1;
	int		   *leaf = s->ints;
	int			ids[MAX_NODES];
	int			n_ids = 0,
				last = -1;
	int64_t		drop_n = 0,
				drop_k = 0;

	memset(out, 0, sizeof(*out));
	if (max_rules < 1 || max_rules > CT_LEARN_MAX_RULES)
		return ct_fail(e, CT_EINVAL, "max_rules must be between 1 and %d", CT_LEARN_MAX_RULES);
	if (min_support < 1)
		return ct_fail(e, CT_EINVAL, "min_support must be at least 1");
	if (p < 0 || p > CT_LEARN_MAX_COLUMNS)
		return ct_fail(e, CT_ELIMIT, "too many candidate columns");
	if (n < 0)
		return ct_fail(e, CT_EINVAL, "negative row count");

	memset(&nodes[0], 0, sizeof(node));
	for (int r = 0; r < n; r++)
	{
		leaf[r] = 0;
		nodes[0].n++;
		nodes[0].k += y[r] != 0;
	}
	nodes[0].leaf = true;
	find_split(cols, p, y, leaf, 0, n, min_support, &nodes[0], s);

	while (n_leaves < max_rules && n_nodes + 2 <= MAX_NODES)
	{
		int			t = -1;
		const ct_learn_column *c;
		node	   *a,
				   *b;
		split		sp;
		double		thr = 0.0;

		for (int i = 0; i < n_nodes; i++)
			if (nodes[i].leaf && nodes[i].best.found &&
				(t < 0 || nodes[i].best.gain > nodes[t].best.gain))
				t = i;
		if (t < 0)
			break;
		sp = nodes[t].best;
		c = &cols[sp.column];
		if (c->kind == CT_LEARN_NUMBER)
			thr = strtod(sp.num, NULL);
		a = &nodes[n_nodes];
		b = &nodes[n_nodes + 1];
		memset(a, 0, sizeof(node));
		memset(b, 0, sizeof(node));
		a->depth = b->depth = nodes[t].depth + 1;
		memcpy(a->tests, nodes[t].tests, sizeof(a->tests));
		memcpy(b->tests, nodes[t].tests, sizeof(b->tests));
		branch_tests(c, &sp, &a->tests[nodes[t].depth], &b->tests[nodes[t].depth]);
		a->leaf = b->leaf = true;
		for (int r = 0; r < n; r++)
		{
			node	   *to;

			if (leaf[r] != t)
				continue;
			if (c->isnull[r])
			{
				leaf[r] = -1;	/* matches neither branch: the last rule */
				drop_n++;
				drop_k += y[r] != 0;
				continue;
			}
			to = first_branch(c, &sp, thr, r) ? a : b;
			leaf[r] = (int) (to - nodes);
			to->n++;
			to->k += y[r] != 0;
		}
		nodes[t].leaf = false;
		n_nodes += 2;
		n_leaves++;
		find_split(cols, p, y, leaf, n_nodes - 2, n, min_support, a, s);
		find_split(cols, p, y, leaf, n_nodes - 1, n, min_support, b, s);
	}

	/* the largest leaf is the rest (TRUE); the others by rate */
	for (int i = 0; i < n_nodes; i++)
		if (nodes[i].leaf)
		{
			if (last < 0 || nodes[i].n > nodes[last].n)
				last = i;
		}
	for (int i = 0; i < n_nodes; i++)
		if (nodes[i].leaf && i != last)
			ids[n_ids++] = i;
	order_nodes = nodes;
	qsort(ids, (size_t) n_ids, sizeof(int), cmp_leaves);
	order_nodes = NULL;
	for (int i = 0; i < n_ids; i++)
	{
		ct_learn_rule *r = &out->rules[i];

		r->n_tests = nodes[ids[i]].depth;
		memcpy(r->tests, nodes[ids[i]].tests, sizeof(r->tests));
		r->n = nodes[ids[i]].n;
		r->k = nodes[ids[i]].k;
	}
	out->rules[n_ids].n_tests = 0;
	out->rules[n_ids].n = nodes[last].n + drop_n;
	out->rules[n_ids].k = nodes[last].k + drop_k;
	out->n_rules = n_ids + 1;
	return CT_OK;
}

/* ---- writing a condition ------------------------------------------------ */

typedef struct writer
{
	char	   *buf;
	size_t		size;
	size_t		len;
	bool		overflow;
} writer;

static void
put(writer *w, const char *s, size_t len)
{
	if (w->len + len + 1 > w->size)
	{
		w->overflow = true;
		return;
	}
	memcpy(w->buf + w->len, s, len);
	w->len += len;
	w->buf[w->len] = '\0';
}

static void
puts_(writer *w, const char *s)
{
	put(w, s, strlen(s));
}

/* a column's name as the rule language spells it */
static void
put_name(writer *w, const char *s)
{
	char		buf[2 * 64 + 3];	/* a name of up to 64 bytes, quoted */
	size_t		n = ct_rule_quote_ident(s, strlen(s), buf, sizeof(buf));

	if (n >= sizeof(buf))
		w->overflow = true;
	else
		put(w, buf, n);
}

static void
put_quoted(writer *w, const char *s, int len)
{
	put(w, "'", 1);
	for (int i = 0; i < len; i++)
	{
		if (s[i] == '\'')
			put(w, "''", 2);
		else
			put(w, &s[i], 1);
	}
	put(w, "'", 1);
}

ct_code
ct_learn_condition(const ct_learn_rule *r, const ct_learn_column *cols,
				   char *buf, size_t size, ct_error *e)
{
	writer		w = {buf, size, 0, false};
	bool		done[CT_LEARN_MAX_DEPTH] = {false};
	bool		first = true;

	if (size == 0)
		return ct_fail(e, CT_ELIMIT, "no room for a condition");
	buf[0] = '\0';
	if (r->n_tests == 0)
	{
		puts_(&w, "TRUE");
		return w.overflow ? ct_fail(e, CT_ELIMIT, "no room for a condition") : CT_OK;
	}
	/* each column once, where the path first tests it */
	for (int i = 0; i < r->n_tests; i++)
	{
		const ct_learn_column *c = &cols[r->tests[i].column];
		int			lower = -1,
					upper = -1,
					eq = -1,
					n_ne = 0,
					last = -1;

		if (done[i])
			continue;
		for (int j = i; j < r->n_tests; j++)
		{
			const ct_learn_test *t = &r->tests[j];

			if (t->column != r->tests[i].column)
				continue;
			done[j] = true;
			last = j;
			/* nested splits: a later bound on one side is the tighter one */
			if (t->op == CT_LEARN_GT || t->op == CT_LEARN_GE)
				lower = j;
			else if (t->op == CT_LEARN_LE || t->op == CT_LEARN_LT)
				upper = j;
			else if (t->op == CT_LEARN_EQ)
				eq = j;
			else if (t->op == CT_LEARN_NE)
				n_ne++;
		}
		if (!first)
			puts_(&w, " AND ");
		first = false;
		switch (c->kind)
		{
			case CT_LEARN_NUMBER:
				if (lower >= 0)
				{
					put_name(&w, c->name);
					puts_(&w, r->tests[lower].op == CT_LEARN_GE ? " >= " : " > ");
					puts_(&w, r->tests[lower].num);
				}
				if (upper >= 0)
				{
					if (lower >= 0)
						puts_(&w, " AND ");
					put_name(&w, c->name);
					puts_(&w, r->tests[upper].op == CT_LEARN_LT ? " < " : " <= ");
					puts_(&w, r->tests[upper].num);
				}
				break;
			case CT_LEARN_BOOL:
				if (r->tests[last].op == CT_LEARN_FALSE)
					puts_(&w, "NOT ");
				put_name(&w, c->name);
				break;
			case CT_LEARN_TEXT:
				put_name(&w, c->name);
				if (eq >= 0)
				{
					puts_(&w, " = ");
					put_quoted(&w, c->level[r->tests[eq].level], c->level_len[r->tests[eq].level]);
				}
				else if (n_ne == 1)
				{
					puts_(&w, " <> ");
					put_quoted(&w, c->level[r->tests[last].level], c->level_len[r->tests[last].level]);
				}
				else
				{
					bool		comma = false;

					puts_(&w, " NOT IN (");
					for (int j = i; j < r->n_tests; j++)
					{
						const ct_learn_test *t = &r->tests[j];

						if (t->column != r->tests[i].column || t->op != CT_LEARN_NE)
							continue;
						if (comma)
							puts_(&w, ", ");
						comma = true;
						put_quoted(&w, c->level[t->level], c->level_len[t->level]);
					}
					puts_(&w, ")");
				}
				break;
		}
	}
	if (w.overflow)
		return ct_fail(e, CT_ELIMIT, "a learned condition is too long");
	return CT_OK;
}
