/*
 * ct_remedy_shrink.h
 *		Ranking the remedies of a (segment, problem type) by a shrunken
 *		acceptance rate: beta-binomial empirical Bayes with a prior fitted by
 *		the method of moments on the parent level, and back-off from the pair
 *		to the segment to all cases when the pair has too few known outcomes
 *		(doc/validation.md, "Remedies that hold up").
 *
 * Levels and their parents, for a remedy r:
 *		pair     cell (segment, problem, r); prior from the cells
 *		         (segment, p, r) over the segment's problem types p
 *		segment  cell (segment, *, r); prior from the cells (s, *, r) over
 *		         all segments s
 *		all      cell (*, *, r); prior from the cells (*, *, r') over all
 *		         remedies r'
 * The level is the pair when its known outcomes (over all remedies) reach
 * min_cases, else the segment when its do, else all.  The candidates are
 * the remedies with at least one known outcome in the cell of that level.
 *
 * The prior Beta(alpha, beta) of a parent with m cells of n_i known
 * outcomes and k_i acceptances (Kleinman 1973, method of moments with
 * weights n_i): mu = sum k / N (N = sum n), S = sum n_i (k_i/n_i - mu)^2,
 *		rho = (S / (mu (1 - mu)) - (m - 1)) / (N - sum n_i^2 / N - (m - 1)),
 * the intra-cell correlation; the prior strength M = alpha + beta =
 * (1 - rho) / rho, capped at N (rho <= 0, no spread beyond binomial
 * noise: M = N) and 0 for rho >= 1; alpha = mu M, beta = (1 - mu) M.  With
 * fewer than two cells, mu 0 or 1, or a non-positive denominator the
 * spread cannot be estimated and M = 0 (the raw rate).  The shrunken rate
 * is the posterior mean (k + alpha) / (n + alpha + beta).
 *
 * Kleinman JC (1973). Proportions with extraneous variance: single and
 * independent samples. JASA 68(341):46-54.
 */
#ifndef CT_REMEDY_SHRINK_H
#define CT_REMEDY_SHRINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ct_remedy.h"

typedef enum ct_remedy_level
{
	CT_REMEDY_PAIR = 0,
	CT_REMEDY_SEGMENT,
	CT_REMEDY_ALL
} ct_remedy_level;

extern const char *const ct_remedy_level_names[3];

typedef struct ct_remedy_prior
{
	double		mean;			/* mu */
	double		strength;		/* M = alpha + beta */
	double		alpha,
				beta;
	int			cells;			/* m */
	int64_t		cases;			/* N */
} ct_remedy_prior;

/* Method-of-moments sums of a parent's cells. */
typedef struct ct_remedy_mom
{
	int			cells;
	double		n,
				k,
				n2,				/* sum n_i^2 */
				k2n;			/* sum k_i^2 / n_i */
} ct_remedy_mom;

/* Add a cell of n known outcomes (n >= 1) and k acceptances. */
extern void ct_remedy_mom_add(ct_remedy_mom *s, int64_t n, int64_t k);

/* The prior of the cells added (see above). */
extern void ct_remedy_mom_prior(const ct_remedy_mom *s, ct_remedy_prior *p);

typedef struct ct_remedy_ranked
{
	const char *remedy;			/* into the state's key pool */
	size_t		remedy_len;
	int64_t		cases;			/* in the cell of the level */
	int64_t		accepted;
	ct_remedy_prior prior;
	double		shrunk;			/* (accepted + alpha) / (cases + alpha + beta) */
} ct_remedy_ranked;

/*
 * Rank the remedies of (seg, prob): out (capacity st->nentries, which no
 * level can exceed) receives the candidates of the level used, by shrunk
 * acceptance descending, then more cases, then remedy bytes.  Returns
 * their number (0 when the state has no known outcome); *level and
 * *level_cases (the known outcomes of the cell of that level, over every
 * remedy) tell which evidence was used.  min_cases < 1 counts as 1.
 */
extern int	ct_remedy_rank(const ct_remedy_state *st,
						   const char *seg, size_t sl,
						   const char *prob, size_t pl,
						   int64_t min_cases, ct_remedy_ranked *out,
						   ct_remedy_level *level, int64_t *level_cases);

/*
 * The censoring check of a state: *known (cases with an outcome) and
 * *accepted over every entry; true when there are at least two known
 * outcomes and all of them are the same (all accepted or none).
 */
extern bool ct_remedy_one_outcome(const ct_remedy_state *st, int64_t *known,
								  int64_t *accepted);

#endif							/* CT_REMEDY_SHRINK_H */
