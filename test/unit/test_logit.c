/*
 * test_logit.c
 *		Unit tests of src/core/ct_logit.c and ct_logit_newton.c: the
 *		sufficient statistics, their merge and text form, and the penalised
 *		Newton fit driven scan by scan, against a published example and
 *		scikit-learn.
 *
 * Published example: the "hours studied vs passing an exam" data of the
 * Wikipedia article "Logistic regression" (section "Example"): 20
 * students, maximum-likelihood estimates intercept -4.0777 (SE 1.7610),
 * hours 1.5046 (SE 0.6287).  The same data with L2 penalty lambda = 1:
 * scikit-learn 1.2.1 LogisticRegression(C=1, solver='newton-cg',
 * tol=1e-12) gives intercept -3.13952489, hours 1.14860389.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ct_logit.h"
#include "ct_wire.h"

#define N_EXAM 20

static const double hours[N_EXAM] = {
	0.50, 0.75, 1.00, 1.25, 1.50, 1.75, 1.75, 2.00, 2.25, 2.50,
	2.75, 3.00, 3.25, 3.50, 4.00, 4.25, 4.50, 4.75, 5.00, 5.50
};
static const bool passed[N_EXAM] = {
	0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1
};

#define MAXP 4
static double block[1024],
			block2[1024];
static double work[MAXP * MAXP + MAXP];

/*
 * Fit by driving ct_logit_next, one "scan" of the rows per call; the rows
 * are (x[i*k .. i*k+k), y[i]).  Returns the code of the first failure.
 */
static ct_code
fit(const double *x, const bool *y, int n, int k, double lambda,
	double *beta, int *scans, ct_logit *last, ct_error *e)
{
	int			p = k + 1;
	double		driver[5 + 2 * MAXP];
	double		cur[MAXP] = {0};
	bool		converged = false;
	ct_code		rc;

	ct_logit_driver_init(driver, p);
	*scans = 0;
	while (!converged)
	{
		ct_logit_view(last, block, p);
		ct_logit_init(last, cur);
		for (int i = 0; i < n; i++)
			if ((rc = ct_logit_add_row(last, x + (size_t) i * k, y[i], e)) != CT_OK)
				return rc;
		(*scans)++;
		if ((rc = ct_logit_next(driver, last, lambda, cur, &converged, work, e)) != CT_OK)
			return rc;
	}
	memcpy(beta, cur, sizeof(double) * p);
	return CT_OK;
}

static void
test_exam_mle(void **state)
{
	ct_logit	s;
	ct_error	e;
	double		beta[2],
				se[2];
	int			scans;

	(void) state;
	assert_int_equal(fit(hours, passed, N_EXAM, 1, 0.0, beta, &scans, &s, &e), CT_OK);
	assert_true(fabs(beta[0] - (-4.07771343)) < 1e-7);
	assert_true(fabs(beta[1] - 1.50464543) < 1e-7);
	assert_true(scans >= 3 && scans <= 10);
	assert_int_equal(ct_logit_std_errors(&s, 0.0, se, work, &e), CT_OK);
	assert_true(fabs(se[0] - 1.76099431) < 1e-6);
	assert_true(fabs(se[1] - 0.62872085) < 1e-6);
	assert_true(fabs(*s.loglik - (-8.029878464)) < 1e-8);
	assert_false(ct_logit_separated(&s));
}

static void
test_exam_penalised_matches_sklearn(void **state)
{
	ct_logit	s;
	ct_error	e;
	double		beta[2];
	int			scans;

	(void) state;
	assert_int_equal(fit(hours, passed, N_EXAM, 1, 1.0, beta, &scans, &s, &e), CT_OK);
	assert_true(fabs(beta[0] - (-3.13952489)) < 1e-6);
	assert_true(fabs(beta[1] - 1.14860389) < 1e-6);
}

static void
build(ct_logit *s, double *blk, const double *beta, int from, int to)
{
	ct_error	e;

	ct_logit_view(s, blk, 2);
	ct_logit_init(s, beta);
	for (int i = from; i < to; i++)
		assert_int_equal(ct_logit_add_row(s, &hours[i], passed[i], &e), CT_OK);
}

static void
test_merge(void **state)
{
	double		beta[2] = {-1.5, 0.75};
	double		other[2] = {-1.5, 0.7500000001};
	static double whole[1024];
	ct_logit	a,
				b,
				w;
	ct_error	e;
	size_t		n = ct_logit_ndoubles(2);

	(void) state;
	build(&w, whole, beta, 0, N_EXAM);
	build(&a, block, beta, 0, 7);
	build(&b, block2, beta, 7, N_EXAM);
	assert_int_equal(ct_logit_merge(&a, &b, &e), CT_OK);
	for (size_t i = 0; i < n; i++)
		assert_true(fabs(block[i] - whole[i]) <= 1e-12 * (1 + fabs(whole[i])));
	assert_true(*a.eta_min_pos == *w.eta_min_pos && *a.eta_max_neg == *w.eta_max_neg);

	/* an empty side changes nothing */
	build(&b, block2, beta, 0, 0);
	assert_int_equal(ct_logit_merge(&a, &b, &e), CT_OK);
	assert_true(*a.rows == N_EXAM);
	assert_int_equal(ct_logit_validate(&a, &e), CT_OK);

	/* other coefficients or another shape never merge */
	build(&b, block2, other, 0, 3);
	assert_int_equal(ct_logit_merge(&a, &b, &e), CT_EINVAL);
	ct_logit_view(&b, block2, 3);
	assert_int_equal(ct_logit_merge(&a, &b, &e), CT_ESHAPE);
}

static void
test_text_round_trip(void **state)
{
	double		beta[2] = {-0.1, 1.0 / 3.0};
	ct_logit	a,
				b;
	ct_error	e;
	char		buf[2048];
	size_t		len;
	int			p;

	(void) state;
	build(&a, block, beta, 0, N_EXAM);
	len = ct_logit_format(&a, buf, sizeof(buf));
	assert_true(len < sizeof(buf));
	assert_true(strncmp(buf, "v1;p=2;rows=20;positives=10;loglik=", 35) == 0);
	assert_int_equal(ct_logit_parse_header(buf, &p, &e), CT_OK);
	assert_int_equal(p, 2);
	ct_logit_view(&b, block2, 2);
	assert_int_equal(ct_logit_parse(buf, &b, &e), CT_OK);
	assert_memory_equal(block, block2, sizeof(double) * ct_logit_ndoubles(2));
	/* the counting writer with a short buffer */
	assert_int_equal(ct_logit_format(&a, buf, 10), len);
	assert_int_equal(strlen(buf), 9);
}

/* the binary form (ct_wire.c): round trip and the checks of untrusted bytes */
static void
test_binary(void **state)
{
	double		beta[2] = {-0.25, 1.5};
	ct_logit	a,
				b;
	ct_error	e;
	uint8_t		buf[512];
	size_t		n = ct_logit_send_size(2);
	int			p;

	(void) state;
	build(&a, block, beta, 0, N_EXAM);
	assert_true(n == 5 + sizeof(double) * ct_logit_ndoubles(2) && n <= sizeof(buf));
	ct_logit_send(&a, buf);
	assert_int_equal(ct_logit_recv_p(buf, n, &p, &e), CT_OK);
	assert_int_equal(p, 2);
	ct_logit_view(&b, block2, 2);
	assert_int_equal(ct_logit_recv(buf, n, &b, &e), CT_OK);
	assert_memory_equal(block, block2, sizeof(double) * ct_logit_ndoubles(2));
	/* short, too long, another version, p out of range, an invalid state */
	assert_int_equal(ct_logit_recv_p(buf, 4, &p, &e), CT_EFORMAT);
	assert_int_equal(ct_logit_recv_p(buf, n - 1, &p, &e), CT_EFORMAT);
	buf[0] = 2;
	assert_int_equal(ct_logit_recv_p(buf, n, &p, &e), CT_EFORMAT);
	buf[0] = CT_LOGIT_VERSION;
	buf[4] = 1;
	assert_int_equal(ct_logit_recv_p(buf, n, &p, &e), CT_EFORMAT);
	buf[3] = 1;					/* p = 257 */
	assert_int_equal(ct_logit_recv_p(buf, n, &p, &e), CT_EFORMAT);	/* wrong length */
	buf[4] = 2;					/* p = 258 */
	assert_int_equal(ct_logit_recv_p(buf, n, &p, &e), CT_ELIMIT);
	buf[3] = 0;
	buf[5] = 0xC0;				/* rows = -2 */
	assert_int_equal(ct_logit_recv(buf, n, &b, &e), CT_EFORMAT);
}

static void
test_text_malformed(void **state)
{
	static const char *const bad[] = {
		"", "v2;p=2", "v1;k=2", "v1;p=1", "v1;p=2;rows=1",
		"v1;p=2;rows=1;positives=2;loglik=-1;eta=0,0;beta=0,0;gradient=0,0;information=1,0,1",
		"v1;p=2;rows=1;positives=1;loglik=0.5;eta=0,0;beta=0,0;gradient=0,0;information=1,0,1",
		"v1;p=2;rows=0;positives=0;loglik=0;eta=0,0;beta=0,0;gradient=1,0;information=0,0,0",
		"v1;p=2;rows=1;positives=1;loglik=-1;eta=0,0;beta=0,0;gradient=0,0;information=-1,0,1",
		"v1;p=2;rows=1;positives=1;loglik=-1;eta=0,0;beta=nan,0;gradient=0,0;information=1,0,1",
		"v1;p=2;rows=1;positives=1;loglik=-1;eta=0,0;beta=0,0;gradient=0,0;information=1,0,1;x=1",
		"v1;p=2;rows=1;positives=1;loglik=-1;eta=0,1;beta=0,0;gradient=0,0;information=1,0,1",
	};
	ct_logit	b;
	ct_error	e;
	int			p;

	(void) state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		ct_code		rc = ct_logit_parse_header(bad[i], &p, &e);

		if (rc == CT_OK)
		{
			ct_logit_view(&b, block2, p);
			rc = ct_logit_parse(bad[i], &b, &e);
		}
		assert_int_equal(rc, CT_EFORMAT);
	}
	assert_int_equal(ct_logit_parse_header("v1;p=258", &p, &e), CT_ELIMIT);
}

static void
test_degenerate(void **state)
{
	/* separated: x < 2 fails, x > 2 passes */
	static const double sx[6] = {0, 1, 1.5, 2.5, 3, 4};
	static const bool sy[6] = {0, 0, 0, 1, 1, 1};
	static const bool one[6] = {1, 1, 1, 1, 1, 1};
	/* a constant second column */
	static const double cx[12] = {0, 1, 1, 1, 2, 1, 3, 1, 4, 1, 5, 1};
	static const bool cy[6] = {0, 1, 0, 1, 1, 1};
	ct_logit	s;
	ct_error	e;
	double		beta[3];
	int			scans;

	(void) state;
	assert_int_equal(fit(sx, sy, 6, 1, 0.0, beta, &scans, &s, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "completely separated"));
	/* a penalty bounds the coefficients; the separation is still visible */
	assert_int_equal(fit(sx, sy, 6, 1, 1.0, beta, &scans, &s, &e), CT_OK);
	assert_true(ct_logit_separated(&s));
	assert_true(beta[1] > 0);

	assert_int_equal(fit(sx, one, 6, 1, 1.0, beta, &scans, &s, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "only one value"));

	assert_int_equal(fit(cx, cy, 6, 2, 0.0, beta, &scans, &s, &e), CT_EINVAL);
	assert_non_null(strstr(e.message, "singular"));
	assert_non_null(strstr(e.detail, "Column 2"));
	/* with a penalty the intercept absorbs the constant: coefficient 0 */
	assert_int_equal(fit(cx, cy, 6, 2, 1.0, beta, &scans, &s, &e), CT_OK);
	assert_true(fabs(beta[2]) < 1e-9);

	/* a value out of range, and no rows */
	{
		double		z[2] = {0, 0};
		double		big = 1e200;

		ct_logit_view(&s, block, 2);
		ct_logit_init(&s, z);
		assert_int_equal(ct_logit_add_row(&s, &big, true, &e), CT_EINVAL);
		assert_true(*s.rows == 0);
		assert_int_equal(ct_logit_step(&s, 1.0, beta, work, &e), CT_EINVAL);
	}
}

static void
test_driver_checks(void **state)
{
	double		driver[5 + 2 * 2];
	double		beta[2] = {0, 0},
				next[2];
	bool		converged;
	ct_logit	s;
	ct_error	e;

	(void) state;
	ct_logit_driver_init(driver, 2);
	assert_int_equal(ct_logit_driver_check(driver, 9, &e), CT_OK);
	assert_int_equal(ct_logit_driver_check(driver, 8, &e), CT_EINVAL);
	build(&s, block, beta, 0, N_EXAM);
	assert_int_equal(ct_logit_next(driver, &s, 0.0, next, &converged, work, &e), CT_OK);
	assert_false(converged);
	/* a state at other coefficients than the proposal is refused */
	assert_int_equal(ct_logit_next(driver, &s, 0.0, next, &converged, work, &e), CT_EINVAL);
	assert_int_equal(ct_logit_next(driver, &s, -1.0, next, &converged, work, &e), CT_EINVAL);
	/* an overshoot that raises the objective is halved */
	driver[7] *= 50.0;
	driver[8] *= 50.0;
	next[0] = driver[5] + driver[7];
	next[1] = driver[6] + driver[8];
	build(&s, block, next, 0, N_EXAM);
	{
		double		half[2];

		assert_int_equal(ct_logit_next(driver, &s, 0.0, half, &converged, work, &e), CT_OK);
		assert_false(converged);
		assert_true(driver[2] == 1 && driver[4] == 0.5);
		assert_true(half[0] == driver[5] + 0.5 * driver[7]);
		assert_true(half[1] == driver[6] + 0.5 * driver[8]);
	}
}

static void
test_orient(void **state)
{
	double		coef[4] = {0.5, 2.0, -1.0, 0.0};
	double		b0,
				sc;
	double		v[3] = {0.3, 0.8, 0.1};
	double		eta = coef[0],
				eta2;

	(void) state;
	ct_logit_orient(coef, 4, &b0, &sc);
	assert_true(b0 == -0.5 && sc == 3.0);
	/* the oriented predictor equals the original one */
	for (int j = 0; j < 3; j++)
		eta += coef[j + 1] * v[j];
	eta2 = b0 + 2.0 * v[0] + 1.0 * (1.0 - v[1]) + 0.0 * v[2];
	assert_true(fabs(eta - eta2) < 1e-15);
	assert_true(fabs(ct_logistic(0.0) - 0.5) < 1e-16);
	assert_true(ct_logistic(-800) == 0.0 && ct_logistic(800) == 1.0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exam_mle),
		cmocka_unit_test(test_exam_penalised_matches_sklearn),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_text_round_trip),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_text_malformed),
		cmocka_unit_test(test_degenerate),
		cmocka_unit_test(test_driver_checks),
		cmocka_unit_test(test_orient),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
