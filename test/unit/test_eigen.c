/*
 * test_eigen.c
 *		Unit tests of src/core/ct_eigen.c: A v = lambda v, orthonormal
 *		vectors, descending order, known spectra.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ct_eigen.h"

static void
check_decomposition(const double *a0, int n, const double *ev, const double *v)
{
	int			i,
				j,
				r;

	for (i = 0; i < n; i++)
	{
		if (i > 0)
			assert_true(ev[i] <= ev[i - 1]);
		for (r = 0; r < n; r++)
		{
			double		av = 0;

			for (j = 0; j < n; j++)
				av += a0[r * n + j] * v[j * n + i];
			assert_true(fabs(av - ev[i] * v[r * n + i]) < 1e-12);
		}
		for (j = 0; j < n; j++)
		{
			double		dot = 0;

			for (r = 0; r < n; r++)
				dot += v[r * n + i] * v[r * n + j];
			assert_true(fabs(dot - (i == j ? 1.0 : 0.0)) < 1e-12);
		}
	}
}

static void
test_known_2x2(void **state)
{
	/* [[2,1],[1,2]]: eigenvalues 3 and 1, vectors (1,1)/sqrt2 and (1,-1)/sqrt2 */
	double		a0[4] = {2, 1, 1, 2},
				a[4],
				ev[2],
				v[4],
				tmp[2];
	ct_error	e;

	(void) state;
	memcpy(a, a0, sizeof(a));
	assert_int_equal(ct_eigen_symmetric(a, 2, ev, v, tmp, &e), CT_OK);
	assert_true(fabs(ev[0] - 3) < 1e-14 && fabs(ev[1] - 1) < 1e-14);
	assert_true(fabs(v[0] - sqrt(0.5)) < 1e-14 && fabs(v[2] - sqrt(0.5)) < 1e-14);
	check_decomposition(a0, 2, ev, v);
}

static void
test_correlation_like_5x5(void **state)
{
	double		a0[25],
				a[25],
				ev[5],
				v[25],
				tmp[5],
				trace = 0;
	ct_error	e;
	int			i,
				j;

	(void) state;
	for (i = 0; i < 5; i++)
		for (j = 0; j < 5; j++)
			a0[i * 5 + j] = (i == j) ? 1.0 : 0.9 / (1 + abs(i - j)) - 0.1 * ((i + j) % 2);
	memcpy(a, a0, sizeof(a));
	assert_int_equal(ct_eigen_symmetric(a, 5, ev, v, tmp, &e), CT_OK);
	check_decomposition(a0, 5, ev, v);
	for (i = 0; i < 5; i++)
		trace += ev[i];
	assert_true(fabs(trace - 5) < 1e-12);
}

static void
test_identity_and_ties(void **state)
{
	double		a[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1},
				ev[3],
				v[9],
				tmp[3];
	ct_error	e;

	(void) state;
	assert_int_equal(ct_eigen_symmetric(a, 3, ev, v, tmp, &e), CT_OK);
	assert_true(ev[0] == 1 && ev[1] == 1 && ev[2] == 1);
	/* no rotation: the unit vectors, in index order */
	assert_true(v[0] == 1 && v[4] == 1 && v[8] == 1);
}

static void
test_one_by_one(void **state)
{
	double		a[1] = {4},
				ev[1],
				v[1],
				tmp[1];
	ct_error	e;

	(void) state;
	assert_int_equal(ct_eigen_symmetric(a, 1, ev, v, tmp, &e), CT_OK);
	assert_true(ev[0] == 4 && v[0] == 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_2x2),
		cmocka_unit_test(test_correlation_like_5x5),
		cmocka_unit_test(test_identity_and_ties),
		cmocka_unit_test(test_one_by_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
