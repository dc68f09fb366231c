/*
 * ct_explain.h
 *		The decomposition of one evaluated customer's score into indicator
 *		contributions that add up to the score the customer got
 *		(doc/explain.md).
 *
 * The score is built in two steps, and the attribution follows them:
 *
 *	1. each configured method k turns the normalised values into a raw
 *	   score x_k, and the method's own formula gives every indicator j a
 *	   non-negative term t_kj (weighted sum: g_j v_j; TOPSIS: the squared
 *	   weighted distance from the anti-ideal; grey relational: the weighted
 *	   relational coefficient; VIKOR: the utility w_j - d_j; fuzzy: the
 *	   defuzzified grade terms credited to the indicators that made each
 *	   grade).  The indicator's share of the method is
 *	   s_kj = t_kj / sum_j t_kj, so the shares of a method sum to 1; when a
 *	   method's terms are all 0 its shares are the global weights g_j / sum g.
 *	2. the score is sum_k c_k: with combine = mean_percentile
 *	   c_k = p_k / m (the method's percentile in the fitting population over
 *	   the number of methods); with combine = one method, c_k is the score
 *	   (its clamped raw score) for that method and 0 for the others.
 *
 * The contribution of indicator j to the score is sum_k c_k s_kj: the
 * contributions sum to the score by construction, up to the rounding of a
 * few additions (far below 1e-12).  They say how the score is composed, not
 * how it would change if one indicator changed: the percentile map is
 * monotone but not linear, VIKOR's regret term R is a maximum (its part is
 * split like the group utility), and the grey relational coefficient is a
 * hyperbola of the distance (an indicator at the anti-ideal still earns
 * rho / (1 + rho) of its weight).
 *
 * Allocation-free: the caller passes a buffer of ct_explain_doubles()
 * doubles; the model is read only.
 */
#ifndef CT_EXPLAIN_H
#define CT_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "ct_error.h"
#include "ct_model.h"

typedef struct ct_explanation
{
	int			n_ind;
	int			n_methods;
	double		score;			/* the evaluated score */
	/* per configured method, in the model's order */
	double		score_part[CT_NMETHODS];	/* c_k: its part of the score */
	bool		fallback[CT_NMETHODS];	/* terms all 0: shares are the weights */
	/* n_methods x n_ind, method-major */
	double	   *share;			/* s_kj, summing to 1 over j */
	double	   *method_part;	/* x_k s_kj: summing to the raw score x_k */
	double	   *via_method;		/* c_k s_kj: summing over k to contribution */
	/* n_ind */
	double	   *contribution;	/* to the score: sum_k c_k s_kj */
	double	   *dim_part;		/* to its dimension's score: w_j v_j / sum w */
	/* per dimension: the sum of its indicators' contributions */
	double		dim_contribution[CT_MAX_DIM];
	double	   *scratch;		/* fuzzy memberships: n_ind x fuzzy_grades */
} ct_explanation;

/* Doubles of the buffer ct_explain needs for a checked model. */
extern size_t ct_explain_doubles(const ct_model *m);

/*
 * Decompose the evaluation r of the normalised values v (as passed to
 * ct_model_evaluate, which produced r) into x, whose arrays are laid out in
 * buf (ct_explain_doubles(m) doubles).  The model must be fitted.
 */
extern ct_code ct_explain(const ct_model *m, const double *v,
						  const ct_result *r, double *buf,
						  ct_explanation *x, ct_error *e);

/* How a method's shares are made, one sentence, for the explanation. */
extern const char *ct_explain_attribution(const ct_model *m, int k);

#endif							/* CT_EXPLAIN_H */
