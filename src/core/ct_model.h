/*
 * ct_model.h
 *		A compiled, fitted model version and the per-customer evaluation:
 *		normalisation of each indicator, dimension scores, every configured
 *		evaluation method, the combined score (mean percentile of the
 *		methods in the fitting population), tiers, and the model's own
 *		classifications (ordered label conditions in the rule language).
 *
 * The glue fills a ct_model from a model_version row once per query
 * (arrays it allocates), checks it with ct_model_check, binds it to the
 * evaluated row's columns with ct_model_bind (the variable table of
 * ct_vars.h), and then per row fills the input slots and calls
 * ct_model_inputs, ct_model_evaluate and ct_model_classify: no allocation,
 * scratch memory is the model's.
 */
#ifndef CT_MODEL_H
#define CT_MODEL_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"
#include "ct_fuzzy.h"
#include "ct_rule.h"
#include "ct_vars.h"

#define CT_NMETHODS 8			/* weighted_sum, topsis, grey_relational, vikor, fuzzy, dea, priority,
								 * possibility_satisfaction */
#define CT_NQUANTILES 1001		/* stored quantiles of each method's score */
#define CT_PCT_BUCKETS 1024		/* buckets of the percentile lookup index */

typedef enum ct_method
{
	CT_M_WEIGHTED_SUM = 0,
	CT_M_TOPSIS,
	CT_M_GREY,
	CT_M_VIKOR,
	CT_M_FUZZY,
	CT_M_DEA,					/* benefit of the doubt (ct_model_dea.c) */
	CT_M_PRIORITY,				/* priority ordering: weighted mid-rank percentiles */
	CT_M_POSSIBILITY			/* possibility-satisfaction: weighted product of the degrees */
} ct_method;

extern const char *const ct_method_names[CT_NMETHODS];

/* indicator kinds and directions as stored in model_version */
#define CT_KIND_QUANT 0
#define CT_KIND_QUAL 1
#define CT_DIR_BENEFIT 0
#define CT_DIR_COST 1
#define CT_DIR_TARGET 2
#define CT_DIR_TARGET_REVERSED 3	/* 1 - target: fit's outcome weighting reverses a target indicator */
#define CT_COMBINE_MEAN_PERCENTILE (-1)
#define CT_COMBINE_PROBABILITY (-2)	/* the outcome probability (ct_logit.h) */
#define CT_TRANSFORM_NONE 0
#define CT_TRANSFORM_LOG 1

typedef struct ct_indicator
{
	const char *name;			/* for messages */
	const char *column;			/* the input column it reads */
	int			slot;			/* its input slot (ct_model_bind) */
	ct_rule_type slot_type;		/* number, boolean or string */
	int			dimension;		/* 0..n_dim-1 */
	int			kind;			/* CT_KIND_* */
	int			direction;		/* CT_DIR_* */
	int			transform;		/* CT_TRANSFORM_* (quantitative only) */
	double		lo,
				hi,				/* normalisation range (after the transform) */
				best_lo,
				best_hi;		/* target range (after the transform) */
	int			level_start,
				level_count;	/* qualitative: slice of the model's levels */
	double		impute;			/* normalised value used when the input is NULL */
	double		weight;			/* within its dimension, sums to 1 there */
	double		global_weight;	/* dimension weight x weight */
	double		ideal,
				anti_ideal;		/* population max / min of the normalised value */
	/*
	 * Valid domain of a quantitative input (raw, before the transform):
	 * hard limits, distinct from the normalisation range; a value outside
	 * is an error.  has_valid_* false (zero-initialised) = no limit.
	 * ct_model_check sets dom_lo, dom_hi: the limits, or -/+DBL_MAX, so
	 * that one test per value also refuses NaN and +-Infinity.
	 */
	bool		has_valid_lo,
				has_valid_hi;
	double		valid_lo,
				valid_hi;
	double		dom_lo,
				dom_hi;
} ct_indicator;

/*
 * A classification: the first label whose condition IS TRUE; NULL when
 * none holds or when every input variable its conditions read is NULL.
 */
typedef struct ct_classification
{
	const char *name;
	int			n_labels;
	const char *const *labels;
	const size_t *label_len;
	const char *const *conditions;
	ct_rule_program *progs;		/* n_labels, compiled by ct_model_bind */
	int			n_reads;		/* input slots its conditions read */
	int		   *reads;			/* capacity CT_MAX_VARS */
} ct_classification;

typedef struct ct_model
{
	int			n_ind;
	ct_indicator *ind;
	int			n_levels;
	const char **level_str;		/* n_levels level strings */
	const size_t *level_len;
	const double *level_score;	/* n_levels scores in [0,1] */

	int			n_dim;			/* 1..CT_MAX_DIM */
	const char *const *dim_name;
	double		dim_weight[CT_MAX_DIM];
	bool		dim_present[CT_MAX_DIM];	/* the dimension has indicators */

	int			n_methods;
	ct_method	methods[CT_NMETHODS];
	int			combine;		/* CT_COMBINE_*, or an index into methods */
	bool		fitted;			/* quantiles and tier cuts are set */
	bool		skip_dim_tiers; /* set around a ct_model_evaluate call whose
								 * caller reads no dimension tier: they stay -1 */
	bool		has_quantiles;	/* quantiles are set (also while fitting) */

	/* method parameters */
	double		grey_rho,
				grey_delta_min,
				grey_delta_max;
	double		vikor_v,
				s_best,
				s_worst,
				r_best,
				r_worst;
	ct_fuzzy_op fuzzy_op;
	int			fuzzy_grades;

	/*
	 * CT_COMBINE_PROBABILITY: score = 1 / (1 + exp(-(logit_intercept +
	 * logit_scale * weighted sum))), the weighted sum being method
	 * logit_ws's score (ct_logit_orient: with weights |beta_j| / scale this
	 * is the fitted logistic regression's probability of the outcome)
	 */
	double		logit_intercept,
				logit_scale;
	int			logit_ws;

	/*
	 * Method dea and fuzzy segments (src/core/ct_model_dea.c, doc/dea_fcm.md):
	 * the frontier (dea_f x n_active, row-major, over the active
	 * indicators), the pie-share upper bound of every active indicator
	 * (dea_max_share >= 1: none), and seg_k fuzzy c-means centres (seg_k x
	 * n_active) with fuzzifier fcm_m (seg_k = 0: no segments).  The glue
	 * sets the scratch (ct_model_dea_doubles / _ints) before ct_model_check.
	 */
	int			dea_f;
	int			dea_d;			/* columns of the stored frontier */
	const double *dea_frontier;
	double		dea_max_share;
	int			seg_k;
	int			seg_d;			/* columns of the stored centres */
	double		fcm_m;
	const double *seg_centres;
	double	   *dea_work;
	int		   *dea_iwork;
	double	   *dea_upper;		/* n_active */
	int		   *dea_colmax;		/* n_active */
	double	   *seg_u;			/* seg_k */

	/* n_methods x CT_NQUANTILES, ascending per method */
	const double *quantiles;

	/*
	 * Method priority (priority ordering, doc/mcdm.md): n_ind x
	 * CT_NQUANTILES, ascending per indicator, the quantiles of each
	 * indicator's normalised values among the fitting population's
	 * customers with a value (fit's scan 2); NULL until fit has them,
	 * when the method's score is NaN.
	 */
	const double *ind_quantiles;
	/*
	 * and, when the glue sets them before ct_model_check (n_ind x
	 * CT_NQUANTILES doubles, n_ind x (CT_NQUANTILES + 1) ints, n_ind ints),
	 * each indicator's distinct quantile values, the index where each
	 * one's run of equal quantiles starts (then CT_NQUANTILES) and their
	 * count: the percentile lookup of ct_model_priority, same bits as
	 * ct_percentile (prio_ready)
	 */
	double	   *prio_u;
	int		   *prio_start;
	int		   *prio_m;
	bool		prio_ready;

	/* overall tier: n_tiers labels, n_tiers-1 cuts */
	int			n_tiers;
	const double *tier_cuts;
	const char *const *tier_label;
	const size_t *tier_label_len;
	/* per dimension: count of labels (0 = no tiers), cuts, labels */
	int			dim_tiers[CT_MAX_DIM];
	const double *dim_tier_cuts[CT_MAX_DIM];
	const char *const *dim_tier_label[CT_MAX_DIM];
	const size_t *dim_tier_label_len[CT_MAX_DIM];

	/* classifications, evaluated in order */
	int			n_class;
	ct_classification *classes;

	/* scratch, n_ind each, owned by the caller of ct_model_check */
	double	   *w_active;		/* compacted global weights of active indicators */
	double	   *v_active;
	double	   *ideal_active;
	double	   *anti_active;
	double	   *membership;		/* n_ind x fuzzy_grades */
	double	   *centres;		/* fuzzy_grades */
	double	   *grey_wn;		/* n_ind: active weight / sum (fast_grey) */
	int			n_active;
	int		   *active;			/* indices of indicators with global weight > 0 */

	/*
	 * Minimum coverage in [0,1]: the share of the global indicator weight
	 * whose input must be present (not NULL) for a score and a tier; 0 =
	 * no minimum.  gw_total (set by ct_model_check) is the sum of the
	 * global weights, in indicator order.
	 */
	double		min_coverage;
	double		gw_total;

	/*
	 * Set by ct_model_check: constants of the per-row fast paths, which
	 * compute the same floating-point operations in the same order as the
	 * general functions of ct_mcdm.c and ct_percentile (same bits) without
	 * re-validating the model's parameters for every row.  A row the fast
	 * path cannot take (a rescaling or an error) goes to the general one.
	 */
	double		dim_wsum[CT_MAX_DIM];	/* sum of the indicator weights per dimension */
	bool		dim_runs;		/* each dimension's indicators are consecutive */
	bool		fast_weights;	/* active weights pass ct_check_weights */
	bool		fast_grey;		/* and rho, delta_min, delta_max are valid */
	int			grey_k;			/* scale exponent of delta_max */
	double		grey_wsum,
				grey_num,		/* dmin + rho dmax (scaled) */
				grey_rd;		/* rho dmax (scaled) */
	bool		topsis_kw0;		/* the largest weight needs no rescaling */
	double		topsis_refmax;	/* max |ideal|, |anti-ideal| over the active */
	bool		fast_vikor_q;	/* vikor_v and the S, R ranges are valid */
	/*
	 * Percentile index per method (when pct_index[k]): bucket
	 * b = (x - q[0]) * pct_scale[k] (clamped) holds the lower bound of x
	 * between pct_start[k][b] and pct_start[k][b + 1].
	 */
	bool		pct_index[CT_NMETHODS];
	double		pct_scale[CT_NMETHODS];
	uint16_t	pct_start[CT_NMETHODS][CT_PCT_BUCKETS + 1];	/* < CT_NQUANTILES */
} ct_model;

/*
 * log1p(k) for the integers 0 <= k < CT_LOG1P_INTS, computed by log1p
 * itself (same bits) when the first model is checked: a whole-number
 * input (months, counts) under the log transform needs no log1p call.
 * Until then ct_log1p_int_end is 0 and every input calls log1p, so a
 * caller that never checked a model still gets the right value.
 */
#define CT_LOG1P_INTS 1024
extern double ct_log1p_int[CT_LOG1P_INTS];
extern double ct_log1p_int_end;	/* CT_LOG1P_INTS once filled, 0 before */

/* Scratch sizes the caller allocates before ct_model_check. */
extern size_t ct_model_scratch_doubles(int n_ind, int fuzzy_grades);

/*
 * Check a filled model for consistency (ranges, weights, quantiles
 * ascending, cuts ascending) and set up its scratch arrays from one block
 * of ct_model_scratch_doubles() doubles and n_ind ints.
 */
extern ct_code ct_model_check(ct_model *m, double *scratch, int *iscratch,
							  ct_error *e);

/* Normalised value of a raw quantitative input (finite) for indicator j. */
extern ct_code ct_model_normalize(const ct_model *m, int j, double raw,
								  double *out, ct_error *e);

/*
 * The common case of ct_model_normalize inline, for the per-row path: a
 * benefit or cost indicator and, with the log transform, raw > -1.  Same
 * arithmetic as ct_normalize (src/core/ct_scalar.c; lo <= hi is checked by
 * ct_model_check).  Returns false, leaving *out alone, when the caller must
 * call ct_model_normalize instead (target direction or a log domain error).
 */
static inline bool
ct_model_normalize_quick(const ct_model *m, int j, double raw, double *out)
{
	const ct_indicator *ind = &m->ind[j];
	double		x = raw;
	double		lo = ind->lo,
				hi = ind->hi,
				t;

	if (ind->direction >= CT_DIR_TARGET)
		return false;
	if (ind->transform == CT_TRANSFORM_LOG)
	{
		if (!(raw > -1.0))
			return false;
		if (raw >= 0.0 && raw < ct_log1p_int_end && (double) (int) raw == raw)
			x = ct_log1p_int[(int) raw];
		else
			x = log1p(raw);
	}
	if (x <= lo && x < hi)
		t = 0.0;
	else if (x >= hi)
		t = 1.0;
	else
	{
		t = (x * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5);
		if (t < 0.0)
			t = 0.0;
		if (t > 1.0)
			t = 1.0;
	}
	if (ind->direction == CT_DIR_COST)
	{
		if (lo == hi && x == lo)
			t = 1.0;
		else
			t = 1.0 - t;
	}
	*out = t;
	return true;
}

/* Normalised value of a qualitative level; CT_EINVAL for an unknown level. */
extern ct_code ct_model_level(const ct_model *m, int j, const char *s,
							  size_t len, double *out, ct_error *e);

/* Everything computed for one customer. */
typedef struct ct_result
{
	double		score;
	int			tier;			/* index into the overall labels, -1 if unfitted */
	double		dim_score[CT_MAX_DIM];	/* NaN when the dimension has no indicator */
	int			dim_tier[CT_MAX_DIM];	/* -1 when none */
	int			class_label[CT_MAX_CLASS];	/* -1 when NULL */
	double		method_score[CT_NMETHODS];	/* per configured method, larger is better */
	double		vikor_s,
				vikor_r;
	double		percentile[CT_NMETHODS];
	int			segment;		/* 0..seg_k-1, -1 without segments */
	double		segment_membership; /* its membership, NaN without */
} ct_result;

/*
 * Evaluate normalised values v[0..n_ind-1] (NULL inputs already replaced
 * by the indicators' impute values).  When the model is not fitted yet
 * (quantiles missing), only dimension and method scores are set.
 */
/*
 * Method priority (priority ordering) for normalised values v: sum_j g_j p_j,
 * p_j the percentile of v[j] among indicator j's quantiles (ct_percentile:
 * the middle of a run of equal values, so a mid-rank); p (n_ind, may be
 * NULL) receives the p_j.  NaN (and p NaN) without the quantiles.
 */
extern double ct_model_priority(const ct_model *m, const double *v, double *p);

/*
 * Method possibility_satisfaction (possibility-satisfaction, doc/mcdm.md)
 * for normalised values v: the multiplicative combination of the degrees,
 * prod_j v_j^(g_j / G), G the sum of the global weights g_j, computed as
 * exp(sum_j g_j ln v_j / G).  v_j is the linear possibility degree of a
 * cost indicator (1 at the lower limit, 0 at the upper) or satisfaction
 * degree of a benefit one (0 at the lower limit, 1 at the upper) over the
 * indicator's range.  A degree of 0 with a positive weight gives 0 (neither
 * possible nor satisfying); indicators of weight 0 do not count.  NaN when
 * no indicator has a positive weight.
 */
extern double ct_model_possibility(const ct_model *m, const double *v);

/*
 * VIKOR's S and R alone for normalised values v: the same numbers
 * ct_model_evaluate gives in r->vikor_s and r->vikor_r, without the other
 * methods (fit's scan of the S and R ranges).
 */
extern ct_code ct_model_vikor_sr(ct_model *m, const double *v, double *s,
								 double *r, ct_error *e);

extern ct_code ct_model_evaluate(ct_model *m, const double *v, ct_result *r,
								 ct_error *e);

/*
 * The combined score of raw method scores (one per configured method, in
 * the model's order): the mean of their percentiles in the fitting
 * population, or the combine method's raw score clamped to [0,1].  Needs
 * the quantiles; percentile (may be NULL) receives each method's.  With
 * CT_COMBINE_PROBABILITY, the logistic function of the weighted sum.
 */
extern double ct_model_combine(const ct_model *m, const double *method_score,
							   double *percentile);

/*
 * Position of x in a sorted sample of quantiles q[0..nq-1] as a number in
 * [0,1]: linear interpolation between neighbouring quantiles, the middle of
 * a run of equal quantiles when x equals them, 0 below and 1 above.
 */
extern double ct_percentile(double x, const double *q, int nq);

/*
 * Bind a checked model to the evaluated row: give every indicator its input
 * slot (its column's type from v->column_type must suit its kind: a number
 * or boolean for a quantitative indicator, text for a qualitative one) and
 * compile every classification condition (classification c may read the
 * outputs, the classifications before it and any input column).  v must
 * come from ct_vars_init with the model's dimension and classification
 * names.  Every missing or mistyped column is listed in one error (detail);
 * a condition error names the classification and label.
 */
extern ct_code ct_model_bind(ct_model *m, ct_vars *v, ct_error *e);

/*
 * Normalised values v[0..n_ind-1] from the input slots (NULL: the
 * indicator's impute value, imputed[j] set, counted in *n_missing).  On a
 * bad value (not finite:
 * CT_EINVAL; outside the indicator's valid domain: CT_ERANGE; unknown
 * level, outside the log domain: CT_EINVAL) returns the error with *bad
 * the indicator's index.
 */
extern ct_code ct_model_inputs(const ct_model *m, const ct_rule_value *slots,
							   double *v, bool *imputed, int *n_missing,
							   int *bad, ct_error *e);

/* ct_model_class_label: every input of the conditions is NULL */
#define CT_CLASS_UNKNOWN (-2)

/*
 * The label of classification c over filled slots (nslots of them; the
 * outputs and the classifications before c already set): the index of the
 * first label whose condition IS TRUE, -1 when none holds, CT_CLASS_UNKNOWN
 * when every input column its conditions read is NULL (then no condition
 * is evaluated).  trace, when not NULL, receives the result of each
 * condition evaluated, in label order, and *n_evaluated their count (the
 * explanation of a classification, ct_explain.h).
 */
extern int	ct_model_class_label(const ct_model *m, int c,
								 const ct_rule_value *slots, int nslots,
								 ct_rule_result *trace, int *n_evaluated);

/*
 * The share of the global indicator weight whose input is present
 * (imputed[j] false), in [0,1]; exactly 1 when every input is present.
 */
extern double ct_model_coverage(const ct_model *m, const bool *imputed);

/*
 * Fill the output slots of an evaluated customer (score, tier, dimension
 * scores and tiers) and evaluate the classifications in order, each
 * written to its slot and to r->class_label.  Needs a fitted model.
 */
extern void ct_model_classify(const ct_model *m, const ct_vars *vars,
							  ct_result *r, ct_rule_value *slots);

/*
 * Method dea and segments (ct_model_dea.c).  Scratch the glue allocates
 * for a frontier of f points and k centres over d columns (d >= the
 * active indicators).
 */
extern size_t ct_model_dea_doubles(int f, int d, int k);
extern size_t ct_model_dea_ints(int f, int d);
extern void ct_model_dea_scratch(ct_model *m, double *work, int *iwork);

/* Checks of ct_model_check: frontier and centres fit the active indicators. */
extern ct_code ct_model_dea_check(ct_model *m, ct_error *e);

/*
 * The BoD score of m->v_active against the frontier with the share
 * bounds; weights (n_active) and lambda (dea_f) may be NULL.  NaN when
 * the version has no frontier yet (while fitting).
 */
extern ct_code ct_model_dea_score(ct_model *m, double *score, double *weights,
								  double *lambda, ct_error *e);

/* segment and segment_membership of m->v_active (r->segment -1 without). */
extern void ct_model_segment(ct_model *m, ct_result *r);

#endif							/* CT_MODEL_H */
