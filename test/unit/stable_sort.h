/*
 * stable_sort.h
 *		The reference order of test_sort.c and test_sketch.c: a stable sort
 *		of doubles by "<" (qsort of value-index pairs, by value then index),
 *		so equal values (-0.0 and +0.0) keep their input order whatever the C
 *		library's qsort does with ties.
 */
#ifndef TEST_STABLE_SORT_H
#define TEST_STABLE_SORT_H

#include <stddef.h>
#include <stdlib.h>

typedef struct stable_pair
{
	double		v;
	size_t		i;
} stable_pair;

static int
cmp_stable_pair(const void *a, const void *b)
{
	const stable_pair *x = a,
			   *y = b;

	if (x->v < y->v)
		return -1;
	if (y->v < x->v)
		return 1;
	return (x->i > y->i) - (x->i < y->i);
}

static void
stable_sort_doubles(double *v, size_t n)
{
	stable_pair *p = malloc(sizeof(stable_pair) * (n + 1));

	for (size_t i = 0; i < n; i++)
	{
		p[i].v = v[i];
		p[i].i = i;
	}
	qsort(p, n, sizeof(stable_pair), cmp_stable_pair);
	for (size_t i = 0; i < n; i++)
		v[i] = p[i].v;
	free(p);
}

#endif							/* TEST_STABLE_SORT_H */
