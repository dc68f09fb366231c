/*
 * ct_model.h
 *		A compiled, fitted model version and the per-customer evaluation:
 *		normalisation of each indicator, dimension scores, every configured
 *		evaluation method, the combined score (mean percentile of the
 *		methods in the fitting population), tiers, and the lifecycle stage,
 *		credit grade and behaviour class.
 *
 * The glue fills a ct_model from a model_version row once per query
 * (arrays it allocates), checks it with ct_model_check, and then calls
 * ct_model_evaluate per row: no allocation, scratch memory is the model's.
 */
#ifndef CT_MODEL_H
#define CT_MODEL_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"
#include "ct_fuzzy.h"

#define CT_NDIM 5				/* background, value, credit, behaviour, handling */
#define CT_NMETHODS 5			/* weighted_sum, topsis, grey_relational, vikor, fuzzy */
#define CT_NQUANTILES 1001		/* stored quantiles of each method's score */
#define CT_PCT_BUCKETS 1024		/* buckets of the percentile lookup index */

typedef enum ct_method
{
	CT_M_WEIGHTED_SUM = 0,
	CT_M_TOPSIS,
	CT_M_GREY,
	CT_M_VIKOR,
	CT_M_FUZZY
} ct_method;

extern const char *const ct_dimension_names[CT_NDIM];
extern const char *const ct_method_names[CT_NMETHODS];

/* indicator kinds and directions as stored in model_version */
#define CT_KIND_QUANT 0
#define CT_KIND_QUAL 1
#define CT_DIR_BENEFIT 0
#define CT_DIR_COST 1
#define CT_DIR_TARGET 2
#define CT_TRANSFORM_NONE 0
#define CT_TRANSFORM_LOG 1

typedef struct ct_indicator
{
	int			dimension;		/* 0..CT_NDIM-1 */
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
} ct_indicator;

typedef struct ct_model
{
	int			n_ind;
	ct_indicator *ind;
	int			n_levels;
	const char **level_str;		/* n_levels level strings */
	const size_t *level_len;
	const double *level_score;	/* n_levels scores in [0,1] */

	double		dim_weight[CT_NDIM];
	bool		dim_present[CT_NDIM];	/* the dimension has indicators */

	int			n_methods;
	ct_method	methods[CT_NMETHODS];
	int			combine;		/* -1: mean percentile; else index into methods */
	bool		fitted;			/* quantiles and tier cuts are set */
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

	/* n_methods x CT_NQUANTILES, ascending per method */
	const double *quantiles;

	/* overall tier: n_tiers labels, n_tiers-1 cuts */
	int			n_tiers;
	const double *tier_cuts;
	/* per dimension: count of labels (0 = no tiers), cuts */
	int			dim_tiers[CT_NDIM];
	const double *dim_tier_cuts[CT_NDIM];

	/* classification thresholds */
	double		stage_growth_months,
				stage_stable_months,
				stage_warning_satisfaction;
	double		credit_high,
				credit_low;
	int			frequent_complaints;
	double		unreasonable_threshold,
				good_faith_threshold;

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
	 * Set by ct_model_check: constants of the per-row fast paths, which
	 * compute the same floating-point operations in the same order as the
	 * general functions of ct_mcdm.c and ct_percentile (same bits) without
	 * re-validating the model's parameters for every row.  A row the fast
	 * path cannot take (a rescaling or an error) goes to the general one.
	 */
	double		dim_wsum[CT_NDIM];	/* sum of the indicator weights per dimension */
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

	if (ind->direction == CT_DIR_TARGET)
		return false;
	if (ind->transform == CT_TRANSFORM_LOG)
	{
		if (!(raw > -1.0))
			return false;
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
	double		dim_score[CT_NDIM];	/* NaN when the dimension has no indicator */
	int			dim_tier[CT_NDIM];	/* -1 when none */
	double		method_score[CT_NMETHODS];	/* per configured method, larger is better */
	double		vikor_s,
				vikor_r;
	double		percentile[CT_NMETHODS];
} ct_result;

/*
 * Evaluate normalised values v[0..n_ind-1] (NULL inputs already replaced
 * by the indicators' impute values).  When the model is not fitted yet
 * (quantiles missing), only dimension and method scores are set.
 */
extern ct_code ct_model_evaluate(ct_model *m, const double *v, ct_result *r,
								 ct_error *e);

/*
 * The combined score of raw method scores (one per configured method, in
 * the model's order): the mean of their percentiles in the fitting
 * population, or the combine method's raw score clamped to [0,1].  Needs
 * the quantiles; percentile (may be NULL) receives each method's.
 */
extern double ct_model_combine(const ct_model *m, const double *method_score,
							   double *percentile);

/*
 * Position of x in a sorted sample of quantiles q[0..nq-1] as a number in
 * [0,1]: linear interpolation between neighbouring quantiles, the middle of
 * a run of equal quantiles when x equals them, 0 below and 1 above.
 */
extern double ct_percentile(double x, const double *q, int nq);

/* Classification inputs: NaN (or -1 for counts) when unknown. */
typedef struct ct_class_input
{
	double		tenure_months;
	double		satisfaction;
	int			porting_requested;	/* 1, 0, or -1 unknown */
	int			complaints_90d;		/* -1 unknown */
	double		unreasonable_ratio;
	int			emotional;		/* 1, 0, or -1 unknown */
} ct_class_input;

typedef enum ct_stage
{
	CT_STAGE_UNKNOWN = -1,
	CT_STAGE_IDENTIFICATION = 0,
	CT_STAGE_GROWTH,
	CT_STAGE_STABLE,
	CT_STAGE_WARNING
} ct_stage;

typedef enum ct_behaviour
{
	CT_CLASS_FIRST_TIME_GOOD_FAITH = 0,
	CT_CLASS_FREQUENT_UNREASONABLE,
	CT_CLASS_EMOTIONAL_URGENT,
	CT_CLASS_REGULAR
} ct_behaviour;

extern const char *const ct_stage_names[4];
extern const char *const ct_grade_names[3];
extern const char *const ct_class_names[4];

extern ct_stage ct_model_stage(const ct_model *m, const ct_class_input *in);

/* 0 high, 1 medium, 2 low; -1 when the credit dimension has no score. */
extern int	ct_model_credit_grade(const ct_model *m, double credit_score);
extern ct_behaviour ct_model_behaviour(const ct_model *m,
									   const ct_class_input *in);

#endif							/* CT_MODEL_H */
