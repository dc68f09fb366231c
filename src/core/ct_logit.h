/*
 * ct_logit.h
 *		L2-regularised logistic regression from mergeable per-iteration
 *		sufficient statistics: the engine-free core of the logit_stats type,
 *		the logit_step aggregate and the Newton (IRLS) fit that fit()'s
 *		"outcome" weighting runs (doc/outcome_weighting.md).
 *
 * A state holds, for the coefficients beta it was gathered at (intercept
 * first, then one per column of x), over the rows added so far:
 *		rows, positives (rows with y true),
 *		loglik = sum y eta - ln(1 + e^eta)        (eta = beta0 + sum beta_j x_j)
 *		gradient = X~'(y - p)                      (X~ = [1, x], p = 1/(1+e^-eta))
 *		information = X~' W X~, W = diag p(1-p)    (upper triangle)
 *		eta_min_pos, eta_max_neg: the smallest eta of a positive row and the
 *		largest eta of a negative row (complete separation along beta when
 *		eta_min_pos > eta_max_neg).
 * Two states gathered at the same beta merge by adding (min/max for the
 * eta bounds), so one Newton iteration is one parallel scan; states
 * gathered at different coefficients never merge.
 *
 * The fit minimises  f(beta) = -loglik + lambda/2 sum_{j>=1} beta_j^2,
 * the objective of scikit-learn's LogisticRegression(C = 1/lambda) (which
 * penalises the coefficients, not the intercept).  Each Newton step solves
 * (information + lambda D) delta = gradient - lambda D beta with a
 * Cholesky factorisation (D = diag(0, 1, ..., 1)); a step that raises f
 * is halved.  The standard errors are the square roots of the diagonal of
 * the inverse penalised information at the solution.
 */
#ifndef CT_LOGIT_H
#define CT_LOGIT_H

#include <stdbool.h>
#include <stddef.h>

#include "ct_error.h"

#define CT_LOGIT_VERSION 1		/* text and binary format version */
#define CT_LOGIT_MAX_X 256		/* columns of x (54000 above) */
#define CT_LOGIT_MAX_COEF (CT_LOGIT_MAX_X + 1)
#define CT_LOGIT_MAX_ABS_X 1e150	/* |x| above this is refused (x^2 must stay finite) */

/* The driver of the fit (ct_logit_next). */
#define CT_LOGIT_MAX_SCANS 100	/* scans of the data, halvings included */
#define CT_LOGIT_MAX_HALVINGS 30	/* halvings of one Newton step */
#define CT_LOGIT_TOL 1e-8		/* converged when every |delta_j| <= tol (1 + |beta_j|) */

/*
 * Layout of a state block of p coefficients (all doubles):
 *	[0] rows  [1] positives  [2] loglik  [3] eta_min_pos  [4] eta_max_neg
 *	then beta[p], gradient[p], information[p(p+1)/2] (upper triangle, row
 *	major: (a, b), a <= b, at a*p - a*(a-1)/2 + (b - a)).
 * eta_min_pos is 0 without positive rows, eta_max_neg 0 without negative
 * rows.
 */
typedef struct ct_logit
{
	int			p;
	double	   *rows;
	double	   *positives;
	double	   *loglik;
	double	   *eta_min_pos;
	double	   *eta_max_neg;
	double	   *beta;
	double	   *grad;
	double	   *info;
} ct_logit;

static inline size_t
ct_logit_ndoubles(int p)
{
	return 5 + 2 * (size_t) p + (size_t) p * (p + 1) / 2;
}

static inline size_t
ct_logit_tri(int p, int a, int b)
{
	return (size_t) a * p - (size_t) a * (a - 1) / 2 + (size_t) (b - a);
}

extern void ct_logit_view(ct_logit *s, double *block, int p);

/* An empty state at beta (p finite coefficients). */
extern void ct_logit_init(ct_logit *s, const double *beta);

/*
 * Add one row: x holds p - 1 finite values with |x| <= CT_LOGIT_MAX_ABS_X
 * (CT_EINVAL otherwise, element number in the detail, nothing changed).
 */
extern ct_code ct_logit_add_row(ct_logit *s, const double *x, bool y,
								ct_error *e);

/* Add b to a: CT_ESHAPE for another p, CT_EINVAL for another beta. */
extern ct_code ct_logit_merge(ct_logit *a, const ct_logit *b, ct_error *e);

/*
 * A consistent state: finite values, integral counts with
 * 0 <= positives <= rows <= 2^53, loglik <= 0, zeros without rows,
 * non-negative information diagonal.  CT_EFORMAT otherwise.
 */
extern ct_code ct_logit_validate(const ct_logit *s, ct_error *e);

/*
 * Text form, version 1:
 *	v1;p=3;rows=..;positives=..;loglik=..;eta=min_pos,max_neg;beta=..;
 *	gradient=..;information=..
 * (shortest exact numbers, ct_statetext.h).  ct_logit_format returns the
 * full length as snprintf does.
 */
extern size_t ct_logit_format(const ct_logit *s, char *buf, size_t buflen);
extern ct_code ct_logit_parse_header(const char *text, int *p, ct_error *e);
extern ct_code ct_logit_parse(const char *text, ct_logit *s, ct_error *e);

/* ---- the fit (ct_logit_newton.c) ---- */

/* -loglik + lambda/2 sum_{j>=1} beta_j^2 at the state's beta. */
extern double ct_logit_objective(const ct_logit *s, double lambda);

/* Completely separated along the state's beta (both classes present). */
extern bool ct_logit_separated(const ct_logit *s);

/*
 * The penalised Newton step delta at the state's beta (p values); work
 * holds p * p doubles.  lambda >= 0 and finite.  CT_EINVAL without rows
 * or when the penalised information is not positive definite (a constant
 * column or collinear columns without a penalty).
 */
extern ct_code ct_logit_step(const ct_logit *s, double lambda, double *delta,
							 double *work, ct_error *e);

/*
 * Standard errors: sqrt of the diagonal of the inverse penalised
 * information (p values); work holds p * p + p doubles.  Errors as
 * ct_logit_step.
 */
extern ct_code ct_logit_std_errors(const ct_logit *s, double lambda,
								   double *se, double *work, ct_error *e);

/*
 * The iteration of the fit, one call per scan.  A driver block of
 * ct_logit_driver_ndoubles(p) doubles carries it between calls:
 *	[0] p  [1] scans  [2] halvings  [3] objective at the accepted point
 *	[4] step scale  then accepted beta[p], Newton step[p].
 * Start with ct_logit_driver_init, gather a state at any beta (the start),
 * then call ct_logit_next with it: it accepts the state's beta or halves
 * the last step when the objective rose, and writes the coefficients to
 * gather the next state at into next_beta.  *converged is set when every
 * component of the Newton step is within CT_LOGIT_TOL (1 + |beta_j|);
 * next_beta then holds the solution (the accepted beta plus that step).
 * Errors: CT_EINVAL for a state not gathered at the proposed beta, without
 * both outcomes, separated without a penalty (lambda = 0), or with a
 * singular information; CT_ENOCONV after CT_LOGIT_MAX_SCANS scans or
 * CT_LOGIT_MAX_HALVINGS halvings.  work: p * p doubles.
 */
static inline size_t
ct_logit_driver_ndoubles(int p)
{
	return 5 + 2 * (size_t) p;
}

extern void ct_logit_driver_init(double *driver, int p);
extern ct_code ct_logit_driver_check(const double *driver, size_t n,
									 ct_error *e);
extern ct_code ct_logit_next(double *driver, const ct_logit *s, double lambda,
							 double *next_beta, bool *converged,
							 double *work, ct_error *e);

/*
 * A model's linear predictor with every indicator oriented along its
 * coefficient (an indicator with beta_j < 0 is read as 1 - v_j):
 *	eta = beta0 + sum beta_j v_j = intercept + scale * sum_j (|beta_j| / scale) v'_j
 * with intercept = beta0 + sum_{beta_j < 0} beta_j and scale = sum |beta_j|
 * (coef holds p values, intercept first).
 */
extern void ct_logit_orient(const double *coef, int p, double *intercept,
							double *scale);

/* 1 / (1 + e^-eta) without overflow. */
extern double ct_logistic(double eta);

#endif							/* CT_LOGIT_H */
