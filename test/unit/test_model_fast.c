/*
 * test_model_fast.c
 *		Unit tests of the per-row fast paths of src/core/ct_model.c: the
 *		fast paths are taken, and the TOPSIS, grey relational, VIKOR and
 *		percentile results of ct_model_evaluate are bit for bit those of the
 *		general functions (ct_topsis, ct_grey_relational_grade, ct_vikor_sr,
 *		ct_vikor_q, ct_percentile), for random customers, for scores equal to
 *		stored quantiles (runs of ties), outside the quantiles, and for
 *		models whose inputs need the general functions' rescaling.
 *
 * The MCDM arithmetic is written once, in src/core/ct_mcdm_kernel.h, and
 * called by both sides; what this test pins is what stays apart: the
 * constants ct_model_check precomputes, the conditions under which a row
 * may skip the general function, and the percentile index.
 */
#include <math.h>
#include <stdbool.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ct_mcdm.h"
#include "ct_model.h"

#define N_IND 7
#define N_METHODS 4

static uint64_t rng_state = 12345;

/* deterministic uniform in [0, 1) */
static double
uniform(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double) (rng_state >> 11) / 9007199254740992.0;
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

typedef struct fixture
{
	ct_model	m;
	ct_indicator ind[N_IND];
	double		quantiles[N_METHODS * CT_NQUANTILES];
	double		tier_cuts[3];
	double		dim_cuts[1];
	double		scratch[N_IND * 5 + N_IND * 5 + 5];
	int			iscratch[N_IND];
} fixture;

static fixture fx;

/*
 * Seven indicators over four dimensions (one of weight 0, not active), the
 * four methods; quantiles of method 0 have long runs of ties, method 1 is
 * smooth, method 2 has far outliers at both ends, method 3 is constant (no
 * index: the general lookup).  wscale multiplies the global weights.
 */
static const int dims_runs[N_IND] = {0, 0, 1, 2, 2, 3, 4};
static const int dims_mixed[N_IND] = {0, 1, 0, 2, 3, 2, 4};
static const int *dims = dims_runs;

static void
build(double wscale)
{
	static const double w[N_IND] = {0.6, 0.4, 1.0, 0.5, 0.5, 1.0, 1.0};
	static const double gw[N_IND] = {0.12, 0.08, 0.3, 0.1, 0.1, 0.3, 0.0};
	ct_model   *m = &fx.m;
	ct_error	e;

	memset(&fx, 0, sizeof(fx));
	m->n_ind = N_IND;
	m->ind = fx.ind;
	for (int j = 0; j < N_IND; j++)
	{
		fx.ind[j].dimension = dims[j];
		fx.ind[j].kind = CT_KIND_QUANT;
		fx.ind[j].direction = j % 2 ? CT_DIR_COST : CT_DIR_BENEFIT;
		fx.ind[j].lo = 0;
		fx.ind[j].hi = 1;
		fx.ind[j].weight = w[j];
		fx.ind[j].global_weight = gw[j] * wscale;
		fx.ind[j].impute = 0.5;
		fx.ind[j].ideal = 0.9 + 0.01 * j;
		fx.ind[j].anti_ideal = 0.05 * j;
	}
	m->ind[3].anti_ideal = m->ind[3].ideal;	/* best = worst: no regret */
	m->n_dim = 5;
	m->dim_weight[0] = 0.2;
	m->dim_weight[1] = 0.3;
	m->dim_weight[2] = 0.2;
	m->dim_weight[3] = 0.2;
	m->dim_weight[4] = 0.1;
	m->n_methods = N_METHODS;
	m->methods[0] = CT_M_WEIGHTED_SUM;
	m->methods[1] = CT_M_TOPSIS;
	m->methods[2] = CT_M_GREY;
	m->methods[3] = CT_M_VIKOR;
	m->combine = -1;
	m->fitted = true;
	m->grey_rho = 0.5;
	m->grey_delta_min = 0.0;
	m->grey_delta_max = 0.95;
	m->vikor_v = 0.5;
	m->s_best = 0.01;
	m->s_worst = 0.7;
	m->r_best = 0.005;
	m->r_worst = 0.3;
	m->fuzzy_op = CT_FUZZY_WEIGHTED_AVERAGE;
	m->fuzzy_grades = 5;
	for (int i = 0; i < CT_NQUANTILES; i++)
	{
		double	   *q = fx.quantiles;

		q[i] = floor(uniform() * 20) / 20;	/* ties */
		q[CT_NQUANTILES + i] = uniform();
		q[2 * CT_NQUANTILES + i] = uniform() * 0.5 + 0.25;
		q[3 * CT_NQUANTILES + i] = 0.4;
	}
	fx.quantiles[2 * CT_NQUANTILES] = -1000;
	fx.quantiles[2 * CT_NQUANTILES + 1] = 1000;
	for (int k = 0; k < 3; k++)
		qsort(fx.quantiles + k * CT_NQUANTILES, CT_NQUANTILES, sizeof(double), cmp_double);
	m->quantiles = fx.quantiles;
	m->has_quantiles = true;
	m->n_tiers = 4;
	fx.tier_cuts[0] = 0.3;
	fx.tier_cuts[1] = 0.6;
	fx.tier_cuts[2] = 0.9;
	m->tier_cuts = fx.tier_cuts;
	assert_true(ct_model_scratch_doubles(N_IND, 5) <= sizeof(fx.scratch) / sizeof(double));
	assert_int_equal(ct_model_check(m, fx.scratch, fx.iscratch, &e), CT_OK);
}

static void
same_bits(double a, double b)
{
	assert_memory_equal(&a, &b, sizeof(double));
}

/* ct_model_evaluate against the general functions for one customer */
static void
check_customer(const double *v)
{
	ct_model   *m = &fx.m;
	ct_result	r;
	ct_error	e;
	double		va[N_IND],
				wa[N_IND],
				ia[N_IND],
				aa[N_IND];
	double		s,
				rr,
				q,
				sum = 0.0;
	int			n = 0;

	assert_int_equal(ct_model_evaluate(m, v, &r, &e), CT_OK);
	for (int j = 0; j < N_IND; j++)
		if (m->ind[j].global_weight > 0.0)
		{
			va[n] = v[j];
			wa[n] = m->ind[j].global_weight;
			ia[n] = m->ind[j].ideal;
			aa[n] = m->ind[j].anti_ideal;
			n++;
		}
	assert_int_equal(ct_topsis(va, wa, ia, aa, n, &s, &e), CT_OK);
	same_bits(r.method_score[1], s);
	assert_int_equal(ct_grey_relational_grade(va, wa, ia, n, m->grey_delta_min,
											  m->grey_delta_max, m->grey_rho, &s, &e), CT_OK);
	same_bits(r.method_score[2], s);
	assert_int_equal(ct_vikor_sr(va, wa, ia, aa, n, &s, &rr, &e), CT_OK);
	same_bits(r.vikor_s, s);
	same_bits(r.vikor_r, rr);
	/* fit's S and R alone (ct_model_vikor_sr) are the same bits */
	{
		double		s2,
					r2;

		assert_int_equal(ct_model_vikor_sr(m, v, &s2, &r2, &e), CT_OK);
		same_bits(s2, s);
		same_bits(r2, rr);
	}
	assert_int_equal(ct_vikor_q(s, rr, m->s_best, m->s_worst, m->r_best,
								m->r_worst, m->vikor_v, &q, &e), CT_OK);
	same_bits(r.method_score[3], 1.0 - q);
	for (int k = 0; k < N_METHODS; k++)
	{
		double		p = ct_percentile(r.method_score[k],
									  fx.quantiles + k * CT_NQUANTILES, CT_NQUANTILES);

		same_bits(r.percentile[k], p);
		sum += p;
	}
	same_bits(r.score, sum / N_METHODS);
	/* dimension scores: the additions in indicator order per dimension */
	{
		double		acc[CT_MAX_DIM] = {0};

		for (int j = 0; j < N_IND; j++)
			acc[m->ind[j].dimension] += m->ind[j].weight * v[j];
		for (int d = 0; d < m->n_dim; d++)
		{
			double		ds = m->dim_wsum[d] > 0.0 ? acc[d] / m->dim_wsum[d] : 0.0;

			same_bits(r.dim_score[d], ds < 0.0 ? 0.0 : (ds > 1.0 ? 1.0 : ds));
		}
	}
}

static void
test_random_customers(void **state)
{
	double		v[N_IND];

	(void) state;
	build(1.0);
	/* the fast paths are taken */
	assert_true(fx.m.fast_weights && fx.m.fast_grey && fx.m.topsis_kw0 && fx.m.fast_vikor_q);
	assert_true(fx.m.pct_index[0] && fx.m.pct_index[1] && fx.m.pct_index[2]);
	assert_false(fx.m.pct_index[3]);	/* constant quantiles */
	for (int i = 0; i < 20000; i++)
	{
		for (int j = 0; j < N_IND; j++)
			v[j] = i % 7 == 0 ? floor(uniform() * 4) / 4 : uniform();
		check_customer(v);
	}
	/* on the ideal point, on the anti-ideal point */
	for (int j = 0; j < N_IND; j++)
		v[j] = fx.ind[j].ideal;
	check_customer(v);
	for (int j = 0; j < N_IND; j++)
		v[j] = fx.ind[j].anti_ideal;
	check_customer(v);
}

/* scores equal to every stored quantile, between, and outside them */
static void
test_percentile_index(void **state)
{
	double		s[N_METHODS],
				p[N_METHODS];

	(void) state;
	build(1.0);
	for (int k = 0; k < N_METHODS; k++)
	{
		const double *q = fx.quantiles + k * CT_NQUANTILES;

		for (int i = 0; i < CT_NQUANTILES; i++)
		{
			double		xs[4];

			xs[0] = q[i];
			xs[1] = nextafter(q[i], -INFINITY);
			xs[2] = nextafter(q[i], INFINITY);
			xs[3] = i + 1 < CT_NQUANTILES ? (q[i] + q[i + 1]) / 2 : q[i] + 1;
			for (int t = 0; t < 4; t++)
			{
				for (int kk = 0; kk < N_METHODS; kk++)
					s[kk] = 0.5;
				s[k] = xs[t];
				(void) ct_model_combine(&fx.m, s, p);
				same_bits(p[k], ct_percentile(xs[t], q, CT_NQUANTILES));
			}
		}
		s[k] = NAN;
		(void) ct_model_combine(&fx.m, s, p);
		same_bits(p[k], 0.5);
		s[k] = -INFINITY;
		(void) ct_model_combine(&fx.m, s, p);
		same_bits(p[k], 0.0);
		s[k] = INFINITY;
		(void) ct_model_combine(&fx.m, s, p);
		same_bits(p[k], 1.0);
	}
}

/*
 * dimensions whose indicators are not consecutive: the general loop, same
 * sums as the running one
 */
static void
test_mixed_dimensions(void **state)
{
	double		v[N_IND];

	(void) state;
	dims = dims_mixed;
	build(1.0);
	dims = dims_runs;
	assert_false(fx.m.dim_runs);
	for (int i = 0; i < 2000; i++)
	{
		for (int j = 0; j < N_IND; j++)
			v[j] = uniform();
		check_customer(v);
	}
	build(1.0);
	assert_true(fx.m.dim_runs);
}

/*
 * the log transform: whole numbers below CT_LOG1P_INTS from the table,
 * others from log1p; every value normalised as ct_model_normalize does
 */
static void
test_log_inputs(void **state)
{
	ct_error	e;

	(void) state;
	build(1.0);
	for (int j = 0; j < 2; j++)
	{
		fx.ind[j].transform = CT_TRANSFORM_LOG;
		fx.ind[j].lo = 0.5;
		fx.ind[j].hi = log1p(900.0);
	}
	for (int k = -3; k < CT_LOG1P_INTS + 40; k++)
	{
		double		xs[3] = {k, k + 0.25, nextafter(k, INFINITY)};

		for (int t = 0; t < 3; t++)
			for (int j = 0; j < 2; j++)
			{
				double		quick = -1.0,
							general = -2.0;
				bool		took = ct_model_normalize_quick(&fx.m, j, xs[t], &quick);

				assert_int_equal(took, xs[t] > -1.0);
				if (!took)
					continue;
				assert_int_equal(ct_model_normalize(&fx.m, j, xs[t], &general, &e), CT_OK);
				same_bits(quick, general);
			}
	}
	for (int k = 0; k < CT_LOG1P_INTS; k++)
		same_bits(ct_log1p_int[k], log1p((double) k));
}

/*
 * Method priority (priority ordering): a population of 5 customers, so that
 * the 1,001 percentile_cont quantiles put every value on the grid; each
 * customer's score must then be the weighted priority number of the
 * definition, sum_j g_j (#worse + #tied others / 2) / (n - 1), counted
 * here pair by pair.  Indicator 2 has ties; indicator 6 has weight 0.
 */
#define PRIO_N 5
static double prio_q[N_IND * CT_NQUANTILES];

static void
test_priority(void **state)
{
	static const double pop[PRIO_N][N_IND] = {
		{0.10, 0.90, 0.5, 0.00, 0.30, 0.7, 0.2},
		{0.40, 0.20, 0.5, 0.25, 0.10, 0.1, 0.9},
		{0.95, 0.50, 0.2, 0.75, 0.80, 0.3, 0.5},
		{0.70, 0.60, 0.5, 1.00, 0.60, 0.9, 0.1},
		{0.20, 0.10, 0.9, 0.50, 0.95, 0.5, 0.4},
	};
	ct_model   *m = &fx.m;
	ct_result	r;
	ct_error	e;

	(void) state;
	build(1.0);
	for (int j = 0; j < N_IND; j++)
	{
		double		col[PRIO_N];

		for (int i = 0; i < PRIO_N; i++)
			col[i] = pop[i][j];
		qsort(col, PRIO_N, sizeof(double), cmp_double);
		/* percentile_cont at g / 1000 */
		for (int g = 0; g < CT_NQUANTILES; g++)
		{
			double		pos = g * (PRIO_N - 1) / 1000.0;
			int			lo = (int) floor(pos);
			double		f = pos - lo;

			prio_q[j * CT_NQUANTILES + g] = lo + 1 < PRIO_N ?
				col[lo] + f * (col[lo + 1] - col[lo]) : col[lo];
		}
	}
	m->methods[0] = CT_M_PRIORITY;
	/* without the indicators' quantiles a fitted model is refused */
	m->ind_quantiles = NULL;
	assert_int_equal(ct_model_check(m, fx.scratch, fx.iscratch, &e), CT_EINVAL);
	m->ind_quantiles = prio_q;
	assert_int_equal(ct_model_check(m, fx.scratch, fx.iscratch, &e), CT_OK);
	for (int i = 0; i < PRIO_N; i++)
	{
		double		expect = 0.0;
		double		p[N_IND];

		for (int j = 0; j < N_IND; j++)
		{
			double		num = 0.0;

			for (int k = 0; k < PRIO_N; k++)
				if (k != i)
					num += pop[k][j] < pop[i][j] ? 1.0 : (pop[k][j] == pop[i][j] ? 0.5 : 0.0);
			expect += m->ind[j].global_weight * num / (PRIO_N - 1);
		}
		assert_int_equal(ct_model_evaluate(m, pop[i], &r, &e), CT_OK);
		assert_true(fabs(r.method_score[0] - expect) <= 1e-12);
		same_bits(ct_model_priority(m, pop[i], p), r.method_score[0]);
		/* indicator 2: 0.5 three times, 0.2 and 0.9 once */
		assert_true(fabs(p[2] - (pop[i][2] == 0.5 ? 0.5 : pop[i][2] < 0.5 ? 0.0 : 1.0)) <= 1e-12);
	}
	/* outside the population: 0 below every value, 1 above */
	{
		double		lo[N_IND],
					hi[N_IND],
					p[N_IND];

		for (int j = 0; j < N_IND; j++)
		{
			lo[j] = -0.5;
			hi[j] = 1.5;
		}
		(void) ct_model_priority(m, lo, p);
		for (int j = 0; j < N_IND; j++)
			assert_true(p[j] == 0.0);
		(void) ct_model_priority(m, hi, p);
		for (int j = 0; j < N_IND; j++)
			assert_true(p[j] == 1.0);
	}
	/*
	 * the lookup through the runs of equal quantiles (prio_ready) against
	 * ct_percentile, bit for bit: every quantile, its neighbours, the
	 * midpoints, outside, NaN; for the 5-customer quantiles above (runs
	 * everywhere) and for quantiles with long runs, single values and
	 * far outliers
	 */
	{
		static double pu[N_IND * CT_NQUANTILES];
		static int	pst[N_IND * (CT_NQUANTILES + 1)];
		static int	pm[N_IND];
		double		v[N_IND],
					p[N_IND];

		m->prio_u = pu;
		m->prio_start = pst;
		m->prio_m = pm;
		for (int round = 0; round < 2; round++)
		{
			if (round == 1)
				for (int j = 0; j < N_IND; j++)
				{
					for (int g = 0; g < CT_NQUANTILES; g++)
						prio_q[j * CT_NQUANTILES + g] = j == 0 ? floor(uniform() * 7) / 7 :
							j == 1 ? uniform() : j == 2 ? 0.25 : floor(uniform() * 200) / 200;
					qsort(prio_q + j * CT_NQUANTILES, CT_NQUANTILES, sizeof(double), cmp_double);
					if (j == 3)
					{
						prio_q[j * CT_NQUANTILES] = -50;
						prio_q[j * CT_NQUANTILES + CT_NQUANTILES - 1] = 50;
					}
				}
			assert_int_equal(ct_model_check(m, fx.scratch, fx.iscratch, &e), CT_OK);
			assert_true(m->prio_ready);
			for (int g = 0; g < CT_NQUANTILES; g++)
				for (int t = 0; t < 5; t++)
				{
					for (int j = 0; j < N_IND; j++)
					{
						const double *q = prio_q + j * CT_NQUANTILES;

						v[j] = t == 0 ? q[g] : t == 1 ? nextafter(q[g], -INFINITY) :
							t == 2 ? nextafter(q[g], INFINITY) :
							t == 3 ? (g + 1 < CT_NQUANTILES ? (q[g] + q[g + 1]) / 2 : q[g] + 1) :
							(g % 3 == 0 ? NAN : g % 3 == 1 ? -INFINITY : INFINITY);
					}
					(void) ct_model_priority(m, v, p);
					for (int j = 0; j < N_IND; j++)
						same_bits(p[j], ct_percentile(v[j], prio_q + j * CT_NQUANTILES, CT_NQUANTILES));
				}
		}
		m->prio_u = NULL;
		m->prio_start = NULL;
		m->prio_m = NULL;
	}
	/* unsorted indicator quantiles are refused */
	prio_q[3 * CT_NQUANTILES + 10] = 2.0;
	assert_int_equal(ct_model_check(m, fx.scratch, fx.iscratch, &e), CT_EINVAL);
	m->ind_quantiles = NULL;
}

/* weights far below 2^-400: TOPSIS rescales, through the general function */
static void
test_rescaled_weights(void **state)
{
	double		v[N_IND];

	(void) state;
	build(0x1p-450);
	assert_false(fx.m.topsis_kw0);
	for (int i = 0; i < 2000; i++)
	{
		for (int j = 0; j < N_IND; j++)
			v[j] = uniform();
		check_customer(v);
	}
}

/*
 * Method possibility_satisfaction: the weighted product of the degrees,
 * prod_j v_j^(g_j / G), against a hand-computed example (the value below
 * is 0.5^0.12 0.8^0.08 0.9^0.3 0.25^0.1 1^0.1 0.64^0.3, computed with
 * Python's math.prod), the veto of a zero degree, the indicator of weight
 * 0 that does not count, weights that do not sum to 1, equal degrees and
 * the arithmetic-geometric mean bound on random customers.
 */
static void
test_possibility(void **state)
{
	double		v[N_IND] = {0.5, 0.8, 0.9, 0.25, 1.0, 0.64, 0.0};
	ct_model   *m = &fx.m;
	ct_result	r;
	ct_error	e;

	(void) state;
	build(1.0);
	m->methods[0] = CT_M_POSSIBILITY;
	assert_int_equal(ct_model_check(m, fx.scratch, fx.iscratch, &e), CT_OK);
	/* indicator 6 (weight 0) has degree 0 and does not veto */
	assert_true(fabs(ct_model_possibility(m, v) - 0.666874859660123) <= 1e-14);
	assert_int_equal(ct_model_evaluate(m, v, &r, &e), CT_OK);
	same_bits(r.method_score[0], ct_model_possibility(m, v));
	/* a zero degree with a weight: 0, whatever the others */
	v[3] = 0.0;
	assert_true(ct_model_possibility(m, v) == 0.0);
	v[3] = 0.25;
	/* weights summing to 2: the same product */
	build(2.0);
	m->methods[0] = CT_M_POSSIBILITY;
	assert_int_equal(ct_model_check(m, fx.scratch, fx.iscratch, &e), CT_OK);
	assert_true(fabs(ct_model_possibility(m, v) - 0.666874859660123) <= 1e-14);
	/* equal degrees c give c; the product never exceeds the weighted mean */
	for (int j = 0; j < N_IND; j++)
		v[j] = 0.3;
	assert_true(fabs(ct_model_possibility(m, v) - 0.3) <= 1e-15);
	for (int i = 0; i < 1000; i++)
	{
		double		am = 0.0,
					gsum = 0.0,
					w;

		for (int j = 0; j < N_IND; j++)
		{
			v[j] = uniform();
			am += m->ind[j].global_weight * v[j];
			gsum += m->ind[j].global_weight;
		}
		w = ct_model_possibility(m, v);
		assert_true(w >= 0.0 && w <= am / gsum + 1e-15);
	}
	/* no indicator with a weight: no score */
	for (int j = 0; j < N_IND; j++)
		m->ind[j].global_weight = 0.0;
	assert_true(isnan(ct_model_possibility(m, v)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_customers),
		cmocka_unit_test(test_percentile_index),
		cmocka_unit_test(test_rescaled_weights),
		cmocka_unit_test(test_mixed_dimensions),
		cmocka_unit_test(test_log_inputs),
		cmocka_unit_test(test_priority),
		cmocka_unit_test(test_possibility),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
