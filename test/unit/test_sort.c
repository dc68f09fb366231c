/*
 * test_sort.c
 *		ct_sort_doubles (src/core/ct_sort.c) against a stable reference sort
 *		(stable_sort.h: qsort of value-index pairs): random,
 *		duplicate-heavy, sorted, reverse-sorted, few-run, many-run and
 *		mixed-sign-with-zeros inputs of sizes 0 to 40,000, compared bit for
 *		bit, so that -0.0 and +0.0 must keep their input order.
 */
#include <float.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ct_sort.h"
#include "stable_sort.h"

/* xorshift64*: a fixed, platform-independent stream */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static double
urand(void)
{
	return (double) (rnd() >> 11) / 9007199254740992.0;
}

enum
{
	K_RANDOM, K_DUPLICATES, K_SORTED, K_REVERSE, K_FEW_RUNS, K_RUNS_16,
	K_RUNS_17, K_ZEROS, K_ZERO_RUNS, K_WIDE, NKINDS
};

static const char *const kind_name[NKINDS] = {
	"random", "duplicates", "sorted", "reverse", "3 runs", "16 runs",
	"17 runs", "mixed sign with zeros", "runs of zeros", "wide range"
};

/* a signed zero of random sign */
static double
zero(void)
{
	return (rnd() >> 63) ? -0.0 : 0.0;
}

static void
fill(double *v, size_t n, int kind)
{
	for (size_t i = 0; i < n; i++)
		switch (kind)
		{
			case K_RANDOM:
				v[i] = urand() * 1000 - 500;
				break;
			case K_DUPLICATES:
				v[i] = (double) (rnd() % 7);
				break;
			case K_SORTED:
				v[i] = (double) (i / 3) * 0.25;
				break;
			case K_REVERSE:
				v[i] = (double) n - (double) i * 1.5;
				break;
			case K_ZEROS:
				{
					uint64_t	r = rnd() % 4;

					v[i] = r == 0 ? zero() : r == 1 ? -(double) (rnd() % 3) - 0.5 :
						r == 2 ? (double) (rnd() % 3) : -1e-310;
				}
				break;
			case K_WIDE:
				{
					uint64_t	r = rnd() % 6;

					v[i] = r == 0 ? DBL_MAX : r == 1 ? -DBL_MAX : r == 2 ? 4.9e-324 :
						r == 3 ? -4.9e-324 : r == 4 ? zero() : (urand() - 0.5) * 1e300;
				}
				break;
			default:
				break;
		}
	if (kind >= K_FEW_RUNS && kind <= K_RUNS_17)
	{
		/* runs: ascending blocks (as the levels above 0 hold) */
		size_t		runs = kind == K_FEW_RUNS ? 3 : kind == K_RUNS_16 ? 16 : 17;

		for (size_t i = 0; i < n; i++)
			v[i] = (double) (rnd() % 1000) / 8;
		for (size_t r = 0; r < runs; r++)
		{
			size_t		lo = n * r / runs,
						hi = n * (r + 1) / runs;

			stable_sort_doubles(v + lo, hi - lo);
		}
	}
	if (kind == K_ZERO_RUNS)
	{
		/* sorted runs that interleave -0 and +0 (the merge path) */
		for (size_t i = 0; i < n; i++)
			v[i] = (rnd() % 3 == 0) ? (double) (rnd() % 5) - 2 : zero();
		for (size_t r = 0; r < 4; r++)
			stable_sort_doubles(v + n * r / 4, n * (r + 1) / 4 - n * r / 4);
	}
}

static void
test_against_stable_sort(void **state)
{
	static const size_t sizes[] = {0, 1, 2, 17, 31, 32, 33, 16384, 40000};
	size_t		max = 40000;
	double	   *v = malloc(sizeof(double) * max),
			   *ref = malloc(sizeof(double) * max),
			   *tmp = malloc(sizeof(double) * max);

	(void) state;
	for (int kind = 0; kind < NKINDS; kind++)
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
		{
			size_t		n = sizes[s];
			size_t		negzero = 0;

			fill(v, n, kind);
			memcpy(ref, v, sizeof(double) * n);
			stable_sort_doubles(ref, n);
			ct_sort_doubles(v, n, tmp);
			for (size_t i = 0; i < n; i++)
				negzero += v[i] == 0 && 1 / v[i] < 0;
			if (memcmp(v, ref, sizeof(double) * n) != 0)
				fail_msg("%s, n = %zu: differs from the stable sort", kind_name[kind], n);
			if (n == 40000)
				print_message("%-22s n = %zu: same bits as the stable sort (%zu of them -0)\n",
							  kind_name[kind], n, negzero);
		}
	free(v);
	free(ref);
	free(tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_against_stable_sort),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
