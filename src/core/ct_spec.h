/*
 * ct_spec.h
 *		Validation of a whole model spec (what define_model accepts): model
 *		parameters, user-named dimensions with weights or an AHP pairwise
 *		matrix, indicators, tier schemes, classifications and strategy rules.
 *
 * Unlike the rest of the core, which stops at the first error, the
 * validator checks the whole model and records every problem it finds in a
 * ct_problems list, so that a user fixes a spec in one round.  Each problem
 * is one lower-case fragment naming the object, for example
 *		indicator "arpu": unknown direction "up" (use benefit, cost or target)
 * The glue reports them together; the first problem's code decides the
 * SQLSTATE.
 *
 * The spec is read-only input in plain C types, filled by the glue from the
 * JSON document or the catalogue.  NaN stands for a NULL number, a negative
 * count for an array that was not given.  The validator never allocates.
 *
 * Conditions in the rule language are checked through a callback, because
 * only the caller knows the variables (the source's columns and the model's
 * outputs).
 */
#ifndef CT_SPEC_H
#define CT_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "ct_error.h"

/* Documented limits (CT_ELIMIT above them). */
#define CT_SPEC_MAX_DIM 16
#define CT_SPEC_MAX_LEVELS 64		/* levels of a qualitative indicator, labels of a tier scheme or classification */
#define CT_SPEC_MAX_IND 256			/* indicators of a model */
#define CT_SPEC_MAX_TIERS (CT_SPEC_MAX_DIM + 2)	/* tier schemes: overall, dimension, one per dimension */
#define CT_SPEC_MAX_CLASS 32		/* classifications of a model */
#define CT_SPEC_MAX_RULES 1000		/* strategy rules of a model */
#define CT_SPEC_MAX_PROBLEMS 64
#define CT_SPEC_PROBLEM_LEN 320

/* Bytes of a name (model, dimension, indicator, classification, rule id). */
#define CT_SPEC_NAME_MAX 63

/*
 * A dimension name is shorter, so that its outputs "<dimension>_score" and
 * "<dimension>_tier" still fit in CT_SPEC_NAME_MAX bytes (a longer column
 * name would be truncated by PostgreSQL and both outputs could collide).
 */
#define CT_SPEC_DIM_NAME_MAX (CT_SPEC_NAME_MAX - 6)

typedef struct ct_spec_dimension
{
	const char *name;
	double		weight;			/* NaN = not given */
} ct_spec_dimension;

typedef struct ct_spec_indicator
{
	const char *name;
	const char *dimension;		/* must name a dimension of the model */
	const char *kind;			/* "quantitative" | "qualitative" */
	const char *column;			/* source column it reads (non-empty) */
	const char *direction;		/* "benefit" | "cost" | "target" */
	const char *transform;		/* "none" | "log" */
	int			n_levels;		/* -1 = levels not given (NULL) */
	const char *const *levels;	/* may contain NULL elements (an error) */
	int			n_level_scores; /* -1 = not given */
	const double *level_scores; /* NaN element = NULL element (an error) */
	double		range_lo,
				range_hi,
				best_lo,
				best_hi;		/* NaN = NULL */
	double		expert_weight;	/* NaN = NULL */
	double		valid_lo,
				valid_hi;		/* valid domain (hard limits); NaN = NULL */
} ct_spec_indicator;

typedef struct ct_spec_tier
{
	const char *scope;			/* "overall", "dimension" (default of every
								 * dimension) or a dimension name */
	int			n_labels;
	const char *const *labels;
	int			n_shares;		/* -1 = not given */
	const double *shares;
	int			n_cuts;			/* -1 = not given */
	const double *cuts;
} ct_spec_tier;

typedef struct ct_spec_classification
{
	const char *name;
	int			n;				/* labels and conditions */
	const char *const *labels;
	int			n_conditions;	/* must equal n */
	const char *const *conditions;
} ct_spec_classification;

typedef struct ct_spec_rule
{
	const char *id;
	const char *strategy;
	const char *condition;
	int			routing_priority;	/* 0 = none, else 1..9 */
} ct_spec_rule;

typedef struct ct_spec
{
	const char *name;
	int			n_dim;
	const ct_spec_dimension *dims;
	int			pairwise_n;		/* 0 = no pairwise matrix; else rows (must
								 * be n_dim, square) */
	int			pairwise_cols;
	const double *pairwise;		/* row-major; NaN element = NULL element */
	const char *ahp_method;		/* eigenvector | geometric | arithmetic */
	const char *weighting;		/* expert | entropy | critic | stddev | pca |
								 * blend | outcome */
	const char *blend_objective;	/* entropy | critic | stddev | pca */
	double		blend_alpha;	/* [0,1] */
	int			n_methods;
	const char *const *methods; /* weighted_sum | topsis | grey_relational |
								 * vikor | fuzzy | dea, distinct, >= 1 */
	const char *combine;		/* mean_percentile, one of the methods, or
								 * probability (weighting outcome with
								 * weighted_sum) */
	double		grey_rho;		/* (0,1] */
	double		vikor_v;		/* [0,1] */
	const char *fuzzy_operator; /* weighted_average | min_max | product_max |
								 * min_sum */
	int			fuzzy_grades;	/* 2..64 */
	double		concordance_threshold;	/* [0,1] */
	bool		allow_demographic;	/* indicators may read columns named
									 * gender or age */
	double		min_coverage;	/* [0,1]: share of indicator weight present */
	const char *outcome;		/* the outcome column (NULL = none); needed by
								 * weighting outcome, never an indicator's
								 * column */
	double		outcome_penalty;	/* >= 0, finite (the L2 penalty of
									 * weighting outcome) */
	bool		has_dea_max_share;	/* false: the default min(1, 2 / m) */
	double		dea_max_share;	/* (0, 1], >= 1 / indicators: method dea's
								 * largest share of an indicator */
	bool		has_segments;	/* false: no fuzzy segments */
	int			segments;		/* 2..64 */
	double		fcm_m;			/* > 1, finite: the segments' fuzzifier */
	int			n_ind;
	const ct_spec_indicator *ind;
	int			n_tiers;
	const ct_spec_tier *tiers;
	int			n_class;
	const ct_spec_classification *classes;
	int			n_rules;
	const ct_spec_rule *rules;
} ct_spec;

/* Every problem found; the first one's code decides the SQLSTATE the glue reports. */
typedef struct ct_problems
{
	int			n;				/* problems recorded (at most
								 * CT_SPEC_MAX_PROBLEMS) */
	int			dropped;		/* problems found beyond the limit */
	ct_code		first_code;
	char		msg[CT_SPEC_MAX_PROBLEMS][CT_SPEC_PROBLEM_LEN];
} ct_problems;

extern void ct_problems_init(ct_problems *p);

/*
 * Record one problem (a lower-case fragment, truncated to
 * CT_SPEC_PROBLEM_LEN - 1 bytes); beyond CT_SPEC_MAX_PROBLEMS it is only
 * counted in p->dropped.  The glue may add problems of its own after
 * ct_spec_validate (for example strategy codes it looked up).
 */
extern void ct_problem(ct_problems *p, ct_code code, const char *fmt,...) __attribute__((format(printf, 3, 4)));

/*
 * Check a condition of the model in the rule language: called by the validator for every
 * classification label's condition (class_index = the classification's index, label_index its label)
 * and for every rule's condition (class_index = -1, label_index = the rule's index).  Returns CT_OK or
 * the failure in e (with e->position). The caller supplies it (it knows the variables); may be NULL (no
 * condition check).  A NULL or empty condition is reported by the validator itself and never passed.
 */
typedef ct_code (*ct_spec_condition_check) (void *arg, int class_index, int label_index,
											const char *condition, ct_error *e);

/*
 * Validate a whole model; returns CT_OK when p->n == 0, else p->first_code.
 * Initialises p itself.  Problems come in the order model parameters,
 * dimensions, indicators, tier schemes, classifications, rules.  A list
 * longer than its limit (indicators, tier schemes, classifications, rules)
 * is reported as such and its elements are not checked one by one.
 */
extern ct_code ct_spec_validate(const ct_spec *s, ct_spec_condition_check check, void *arg,
								ct_problems *p);

#endif							/* CT_SPEC_H */
