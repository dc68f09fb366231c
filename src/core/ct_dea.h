/*
 * ct_dea.h
 *		Data envelopment analysis in the engine-free core: a small dense
 *		simplex, benefit-of-the-doubt (BoD) scores against a frontier, the
 *		one-pass frontier set (the non-dominated points of the upper-right
 *		hull) and the general CCR model.  Formulas: doc/dea_fcm.md.
 *
 * BoD (Cherchye et al. 2007): customer v (m normalised indicators >= 0)
 * scores max_w w.v subject to w.y_f <= 1 for every frontier point y_f and
 * w >= 0, optionally with pie-share bounds L_j <= w_j v_j / w.v <= U_j
 * (Wong and Beasley 1990).  Only the vertices of the hull
 * conv({0} U {y_k}) - R^m_+ constrain that optimum, so a population is
 * reduced in one pass to those vertices (ct_frontier_*) and every customer
 * is scored with an LP over them alone.
 *
 * All functions take their scratch memory from the caller (sizes from the
 * *_doubles / *_ints helpers) and allocate nothing.
 */
#ifndef CT_DEA_H
#define CT_DEA_H

#include <stdbool.h>
#include <stddef.h>

#include "ct_error.h"

#define CT_DEA_MAX_DIM		64		/* indicators (BoD) or inputs + outputs (CCR) */
#define CT_DEA_MAX_FRONTIER	4096	/* points of a pruned frontier */
#define CT_DEA_MAX_STATE	(2 * CT_DEA_MAX_FRONTIER + 64)	/* unpruned points in a state */
#define CT_DEA_MAX_UNITS	4096	/* decision-making units of dea_ccr */
#define CT_DEA_TOL			1e-9	/* a point scoring <= 1 + tol is redundant */
#define CT_DEA_MAX_VALUE	1e100	/* largest indicator, input or output value */

/*
 * Check values for DEA: finite, in [0, CT_DEA_MAX_VALUE] (so that no
 * product in the simplex overflows).  what names the argument; cols > 0
 * reports matrix elements as [row][col].
 */
extern ct_code ct_dea_check_values(const double *x, size_t n, int cols,
								   const char *what, ct_error *e);

/* ---- the simplex ---- */

/*
 * maximise c.x subject to A x <= b, x >= 0, with b >= 0 (so the slack basis
 * is feasible and no phase 1 is needed).  Condensed (Tucker) tableau of
 * (rows + 1) x (cols + 1) doubles stored by column (column j is contiguous:
 * rows of A, then the objective row): row i < rows holds A_i and b_i in
 * column cols; row rows holds -c and the objective value.  Variables
 * 0..cols-1 are structural, cols + i is the slack of row i.  Entering
 * variable by Dantzig's rule (Bland's after a degenerate pivot), leaving
 * by Harris's ratio test with the largest pivot; after 10 (rows + cols) +
 * 100 pivots Bland's rule on both sides (which cannot cycle).
 */
typedef struct ct_lp
{
	int			rows;
	int			cols;
	double	   *t;
	int		   *row_var;		/* rows: the variable basic in each row */
	int		   *col_var;		/* cols: the variable nonbasic in each column */
	int			iterations;
} ct_lp;

typedef enum ct_lp_status
{
	CT_LP_OPTIMAL = 0,
	CT_LP_UNBOUNDED,
	CT_LP_STOPPED				/* the objective passed stop_above */
} ct_lp_status;

static inline size_t
ct_lp_doubles(int rows, int cols)
{
	return ((size_t) rows + 1) * ((size_t) cols + 1);
}

static inline size_t
ct_lp_ints(int rows, int cols)
{
	return (size_t) rows + (size_t) cols;
}

/* Point an LP at its scratch and zero the tableau. */
extern void ct_lp_init(ct_lp *lp, int rows, int cols, double *t, int *ivars);

/* Set row i: coefficients a (cols values) and right-hand side b >= 0. */
extern void ct_lp_set_row(ct_lp *lp, int i, const double *a, double b);

/* Set the objective coefficients c (stored negated). */
extern void ct_lp_set_objective(ct_lp *lp, const double *c);

/*
 * Solve.  Stops early (CT_LP_STOPPED) once the objective exceeds
 * stop_above (pass INFINITY to solve to optimality).  CT_ENOCONV when the
 * iteration cap (50 (rows + cols) + 1000 pivots) is reached.
 */
extern ct_code ct_lp_solve(ct_lp *lp, double stop_above, ct_lp_status *status,
						   ct_error *e);

extern double ct_lp_objective(const ct_lp *lp);

/* Primal x (cols values) and dual y (rows values) of an optimal tableau. */
extern void ct_lp_primal(const ct_lp *lp, double *x);
extern void ct_lp_dual(const ct_lp *lp, double *y);

/* ---- benefit of the doubt ---- */

/* Scratch of ct_dea_bod for f frontier points and m indicators. */
extern size_t ct_dea_bod_doubles(int f, int m);
extern size_t ct_dea_bod_ints(int f, int m);

/*
 * Check pie-share bounds (either may be NULL): each in [0, 1], lower <=
 * upper, sum lower <= 1 <= sum upper.
 */
extern ct_code ct_dea_check_bounds(const double *lower, const double *upper,
								   int m, ct_error *e);


/*
 * Per indicator the frontier point with its largest value (the first of
 * equals), -1 when the indicator is 0 everywhere: colmax (m ints) for
 * ct_dea_bod, computed once per frontier.
 */
extern void ct_dea_column_max(const double *frontier, int f, int m,
							  int *colmax);

/*
 * The BoD score of v (m values >= 0) against f frontier points (row-major
 * f x m), with optional pie-share bounds (already checked); colmax from
 * ct_dea_column_max, or NULL to compute it here.  weights (m)
 * and lambda (f: the dual value of each frontier point's constraint, > 0
 * where it binds) may be NULL.  A v of zeros scores 0; a v with a positive
 * value where every frontier point is 0 is CT_EINVAL (its score would be
 * unbounded).  A customer outside the frontier's population may score
 * above 1.
 */
extern ct_code ct_dea_bod(const double *v, int m, const double *frontier,
						  int f, const int *colmax, const double *lower,
						  const double *upper, double *work, int *iwork,
						  double *score, double *weights, double *lambda,
						  ct_error *e);

/*
 * Whether p (m values >= 0) is redundant with respect to the n points: its
 * BoD score against them is <= 1 + CT_DEA_TOL.  Point skip (-1: none) and
 * the points with alive[i] < 0 (alive may be NULL) are left out.  Scratch
 * as ct_dea_bod for n points.
 */
extern ct_code ct_dea_redundant(const double *pts, int n, int m,
								const double *p, int skip,
								const double *alive, double *work,
								int *iwork, bool *redundant, ct_error *e);

/* ---- the frontier set ---- */

/*
 * Whether p (m values) is below or equal to one of the n points in every
 * indicator (then its constraint is implied by that point's).
 */
extern bool ct_frontier_dominated(const double *pts, int n, int m,
								  const double *p);

/* Scratch of ct_frontier_prune and ct_frontier_redundant for n points. */
extern size_t ct_frontier_doubles(int n, int m);
extern size_t ct_frontier_ints(int n, int m);

/*
 * Whether p is redundant with respect to the n points (its BoD score
 * against them is <= 1 + CT_DEA_TOL), skipping point `skip` (-1: none).
 */
extern ct_code ct_frontier_redundant(const double *pts, int n, int m,
									 const double *p, int skip, double *work,
									 int *iwork, bool *redundant, ct_error *e);

/*
 * Reduce n points in place to the vertices of their upper-right hull, in
 * descending lexicographic order (a canonical order: the same set gives
 * the same array whatever order the points came in).  All-zero points,
 * duplicates, points dominated componentwise and points whose constraint
 * the others imply (score <= 1 + CT_DEA_TOL against the rest) go.
 */
extern ct_code ct_frontier_prune(double *pts, int *n, int m, double *work,
								 int *iwork, ct_error *e);

/*
 * Text form of a frontier state, version 1:
 *		v1;m=<m>;rows=<rows seen>;n=<points>;p=<n*m values, row-major>
 * shortest exact floats.  Same conventions as ct_stats_format.
 */
#define CT_FRONTIER_VERSION 1
extern size_t ct_frontier_format(int m, double rows, int n, const double *pts,
								 char *buf, size_t buflen);

/* Read m and n of a text state. */
extern ct_code ct_frontier_parse_header(const char *text, int *m, double *rows,
										int *n, ct_error *e);

/* Parse the points of a text state (pts sized for the header's n x m). */
extern ct_code ct_frontier_parse(const char *text, double *pts, ct_error *e);

/* Check the values of a state: rows a whole number, points >= 0, not all 0. */
extern ct_code ct_frontier_validate(int m, double rows, int n,
									const double *pts, ct_error *e);

/* ---- CCR ---- */

/* Scratch of ct_dea_ccr for n units, r inputs and s outputs. */
extern size_t ct_dea_ccr_doubles(int n, int r, int s);
extern size_t ct_dea_ccr_ints(int n, int r, int s);

/*
 * Check and scale the data: x (n x r inputs) and y (n x s outputs),
 * row-major, all >= 0 and finite, every unit with a positive input.  Each
 * column is divided by its largest value (CCR scores and lambdas do not
 * depend on units of measurement) into xs and ys.
 */
extern ct_code ct_dea_ccr_prepare(const double *x, const double *y, int n,
								  int r, int s, double *xs, double *ys,
								  ct_error *e);

/*
 * CCR efficiency of unit o on the prepared data: input orientation gives
 * theta in [0, 1] (min theta: sum lambda x <= theta x_o, sum lambda y >=
 * y_o); output orientation gives phi = 1/theta >= 1 (max phi: sum lambda x
 * <= x_o, sum lambda y >= phi y_o) and lambda / theta.  *defined is false
 * when the output orientation is unbounded (a unit without outputs).
 * lambda has n values.
 */
extern ct_code ct_dea_ccr(const double *xs, const double *ys, int n, int r,
						  int s, int o, bool output, double *work, int *iwork,
						  double *efficiency, double *lambda, bool *defined,
						  ct_error *e);

#endif							/* CT_DEA_H */
