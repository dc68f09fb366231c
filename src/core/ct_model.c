/*
 * ct_model.c
 *		Evaluation of one customer against a compiled, fitted model version
 *		(see ct_model.h; the formulas are in doc/model.md).
 */
#include "ct_model.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "ct_logit.h"
#include "ct_mcdm.h"
#include "ct_mcdm_kernel.h"
#include "ct_scalar.h"

const char *const ct_method_names[CT_NMETHODS] = {
	"weighted_sum", "topsis", "grey_relational", "vikor", "fuzzy", "dea", "priority",
	"possibility_satisfaction"
};

size_t
ct_model_scratch_doubles(int n_ind, int fuzzy_grades)
{
	return (size_t) n_ind * 5 + (size_t) n_ind * fuzzy_grades + fuzzy_grades;
}

static bool
is_finite(double x)
{
	return !isnan(x) && !isinf(x);
}

/* The bucket of the percentile index of x in [q[0], q[nq-1]]. */
static inline int
pct_bucket(double x, double q0, double scale)
{
	double		f = (x - q0) * scale;

	if (!(f >= 0.0))
		return 0;
	if (f >= (double) (CT_PCT_BUCKETS - 1))
		return CT_PCT_BUCKETS - 1;
	return (int) f;
}

/*
 * Constants of the fast paths (see ct_model.h).  The bucket function is
 * monotone in x, so the lower bound of any x in bucket b lies between the
 * first quantile of bucket >= b and the first quantile of bucket >= b + 1.
 */
double		ct_log1p_int[CT_LOG1P_INTS];
double		ct_log1p_int_end = 0.0;

static void
prepare_fast_paths(ct_model *m)
{
	ct_error	scratch_err;
	double		wmax = 0.0;
	double		refmax = 0.0;

	if (ct_log1p_int_end == 0.0)
	{
		for (int k = 0; k < CT_LOG1P_INTS; k++)
			ct_log1p_int[k] = log1p((double) k);
		ct_log1p_int_end = (double) CT_LOG1P_INTS;
	}
	{
		unsigned	seen = 0;	/* dimensions met so far (CT_MAX_DIM <= 32) */

		/* method priority: the runs of equal quantiles of every indicator */
	m->prio_ready = false;
	if (m->ind_quantiles != NULL && m->prio_u != NULL && m->prio_start != NULL &&
		m->prio_m != NULL)
	{
		for (int j = 0; j < m->n_ind; j++)
		{
			const double *q = m->ind_quantiles + (size_t) j * CT_NQUANTILES;
			double	   *u = m->prio_u + (size_t) j * CT_NQUANTILES;
			int		   *st = m->prio_start + (size_t) j * (CT_NQUANTILES + 1);
			int			k = 0;

			for (int i = 0; i < CT_NQUANTILES; i++)
				if (i == 0 || q[i] != q[i - 1])
				{
					u[k] = q[i];
					st[k++] = i;
				}
			st[k] = CT_NQUANTILES;
			m->prio_m[j] = k;
		}
		m->prio_ready = true;
	}
	m->dim_runs = true;
		for (int j = 0; j < m->n_ind; j++)
		{
			int			d = m->ind[j].dimension;

			if (j > 0 && d != m->ind[j - 1].dimension && (seen & (1u << d)))
				m->dim_runs = false;
			seen |= 1u << d;
		}
	}

	m->fast_weights = ct_check_weights(m->w_active, m->n_active, "weights",
									   &scratch_err) == CT_OK;
	m->fast_grey = m->fast_weights &&
		m->grey_rho > 0.0 && m->grey_rho <= 1.0 &&
		m->grey_delta_min >= 0.0 && m->grey_delta_min <= m->grey_delta_max &&
		m->grey_delta_max > 0.0;
	if (m->fast_grey)
	{
		double		dmin,
					dmax;

		m->grey_wsum = 0.0;
		for (int a = 0; a < m->n_active; a++)
			m->grey_wsum += m->w_active[a];
		m->grey_k = scale_exponent(m->grey_delta_max);
		dmin = ldexp(m->grey_delta_min, m->grey_k);
		dmax = ldexp(m->grey_delta_max, m->grey_k);
		m->grey_num = dmin + m->grey_rho * dmax;
		m->grey_rd = m->grey_rho * dmax;
		for (int a = 0; a < m->n_active; a++)
			m->grey_wn[a] = m->w_active[a] / m->grey_wsum;
	}
	/* the dimension weight sums of ct_model_evaluate, in its order */
	for (int d = 0; d < m->n_dim; d++)
		m->dim_wsum[d] = 0.0;
	for (int j = 0; j < m->n_ind; j++)
		m->dim_wsum[m->ind[j].dimension] += m->ind[j].weight;
	for (int a = 0; a < m->n_active; a++)
	{
		wmax = fmax(wmax, m->w_active[a]);
		refmax = fmax(refmax, fmax(fabs(m->ideal_active[a]), fabs(m->anti_active[a])));
	}
	m->topsis_kw0 = scale_exponent(wmax) == 0;
	m->topsis_refmax = refmax;
	m->fast_vikor_q = m->vikor_v >= 0.0 && m->vikor_v <= 1.0 &&
		!(m->s_best > m->s_worst) && !(m->r_best > m->r_worst);

	for (int k = 0; k < CT_NMETHODS; k++)
	{
		const double *q;
		double		range;

		m->pct_index[k] = false;
		if (!m->has_quantiles || k >= m->n_methods)
			continue;
		q = m->quantiles + (size_t) k * CT_NQUANTILES;
		range = q[CT_NQUANTILES - 1] - q[0];
		if (!(range > 0.0) || !is_finite(range))
			continue;
		m->pct_scale[k] = (double) CT_PCT_BUCKETS / range;
		if (!is_finite(m->pct_scale[k]))
			continue;
		{
			int			i = 0;

			for (int b = 0; b <= CT_PCT_BUCKETS; b++)
			{
				while (i < CT_NQUANTILES && pct_bucket(q[i], q[0], m->pct_scale[k]) < b)
					i++;
				m->pct_start[k][b] = (uint16_t) i;
			}
		}
		m->pct_index[k] = true;
	}
}

static ct_code
check_sorted(const double *q, int n, bool strict, const char *what, ct_error *e)
{
	for (int i = 0; i < n; i++)
	{
		if (!is_finite(q[i]))
			return ct_fail(e, CT_EINVAL, "%s must be finite", what);
		if (i > 0 && (strict ? q[i] <= q[i - 1] : q[i] < q[i - 1]))
		{
			ct_fail(e, CT_EINVAL, "%s must be ascending", what);
			ct_detail(e, "Element %d (%g) follows %g.", i + 1, q[i], q[i - 1]);
			return CT_EINVAL;
		}
	}
	return CT_OK;
}

/*
 * The valid domain of indicator j (ct_model.h): finite limits, lo <= hi,
 * only on a quantitative indicator; sets dom_lo and dom_hi.
 */
static ct_code
check_domain(ct_indicator *ind, int j, ct_error *e)
{
	ind->dom_lo = -DBL_MAX;
	ind->dom_hi = DBL_MAX;
	if (!ind->has_valid_lo && !ind->has_valid_hi)
		return CT_OK;
	if (ind->kind != CT_KIND_QUANT)
		return ct_fail(e, CT_EINVAL, "indicator %d is qualitative and takes no valid domain", j + 1);
	if ((ind->has_valid_lo && !is_finite(ind->valid_lo)) ||
		(ind->has_valid_hi && !is_finite(ind->valid_hi)) ||
		(ind->has_valid_lo && ind->has_valid_hi && ind->valid_lo > ind->valid_hi))
		return ct_fail(e, CT_EINVAL, "indicator %d has an invalid valid domain", j + 1);
	if (ind->has_valid_lo)
		ind->dom_lo = ind->valid_lo;
	if (ind->has_valid_hi)
		ind->dom_hi = ind->valid_hi;
	return CT_OK;
}

ct_code
ct_model_check(ct_model *m, double *scratch, int *iscratch, ct_error *e)
{
	double		dsum = 0.0;

	ct_error_clear(e);
	m->prio_ready = false;		/* until prepare_fast_paths */
	if (m->n_ind < 1 || m->n_ind > CT_MAX_VECTOR)
		return ct_fail(e, CT_ELIMIT, "a model needs between 1 and %d indicators", CT_MAX_VECTOR);
	if (m->n_methods < 1 || m->n_methods > CT_NMETHODS)
		return ct_fail(e, CT_EINVAL, "a model needs between 1 and %d methods", CT_NMETHODS);
	if (m->combine < CT_COMBINE_PROBABILITY || m->combine >= m->n_methods)
		return ct_fail(e, CT_EINVAL, "combine names no configured method");
	if (m->combine == CT_COMBINE_PROBABILITY &&
		(m->logit_ws < 0 || m->logit_ws >= m->n_methods ||
		 m->methods[m->logit_ws] != CT_M_WEIGHTED_SUM ||
		 !is_finite(m->logit_intercept) || !is_finite(m->logit_scale) || m->logit_scale < 0.0))
		return ct_fail(e, CT_EINVAL, "combine probability needs the weighted sum and the fitted logistic coefficients");
	if (m->fuzzy_grades < 2 || m->fuzzy_grades > CT_MAX_GRADES)
		return ct_fail(e, CT_EINVAL, "fuzzy_grades must be between 2 and %d", CT_MAX_GRADES);

	if (m->n_dim < 1 || m->n_dim > CT_MAX_DIM)
		return ct_fail(e, CT_ELIMIT, "a model needs between 1 and %d dimensions", CT_MAX_DIM);
	if (m->n_class < 0 || m->n_class > CT_MAX_CLASS)
		return ct_fail(e, CT_ELIMIT, "a model has at most %d classifications", CT_MAX_CLASS);
	for (int d = 0; d < m->n_dim; d++)
	{
		m->dim_present[d] = false;
		if (!(m->dim_weight[d] >= 0.0) || !is_finite(m->dim_weight[d]))
			return ct_fail(e, CT_EINVAL, "dimension weights must be non-negative");
		dsum += m->dim_weight[d];
	}
	if (!(dsum > 0.0))
		return ct_fail(e, CT_EINVAL, "dimension weights must have a positive sum");

	for (int j = 0; j < m->n_ind; j++)
	{
		ct_indicator *ind = &m->ind[j];

		if (ind->dimension < 0 || ind->dimension >= m->n_dim)
			return ct_fail(e, CT_EINVAL, "indicator %d has no valid dimension", j + 1);
		m->dim_present[ind->dimension] = true;
		if (!is_finite(ind->weight) || ind->weight < 0.0 ||
			!is_finite(ind->global_weight) || ind->global_weight < 0.0 ||
			!is_finite(ind->impute) || !is_finite(ind->ideal) || !is_finite(ind->anti_ideal))
			return ct_fail(e, CT_EINVAL, "indicator %d has invalid fitted parameters", j + 1);
		if (ind->kind == CT_KIND_QUAL)
		{
			if (ind->level_start < 0 || ind->level_count < 1 ||
				ind->level_start + ind->level_count > m->n_levels)
				return ct_fail(e, CT_EINVAL, "indicator %d has an invalid level slice", j + 1);
		}
		else if (ind->kind == CT_KIND_QUANT)
		{
			if (!is_finite(ind->lo) || !is_finite(ind->hi) || ind->lo > ind->hi)
				return ct_fail(e, CT_EINVAL, "indicator %d has an invalid range", j + 1);
			if (ind->direction >= CT_DIR_TARGET &&
				ct_check_target(ind->lo, ind->hi, ind->best_lo, ind->best_hi, e) != CT_OK)
				return e->code;
		}
		else
			return ct_fail(e, CT_EINVAL, "indicator %d has an unknown kind", j + 1);
		if (ind->direction < CT_DIR_BENEFIT || ind->direction > CT_DIR_TARGET_REVERSED)
			return ct_fail(e, CT_EINVAL, "indicator %d has an unknown direction", j + 1);
		if (check_domain(ind, j, e) != CT_OK)
			return e->code;
	}
	if (!(m->min_coverage >= 0.0 && m->min_coverage <= 1.0))
		return ct_fail(e, CT_EINVAL, "min_coverage must be between 0 and 1");
	m->gw_total = 0.0;
	for (int j = 0; j < m->n_ind; j++)
		m->gw_total += m->ind[j].global_weight;

	if (m->fitted && !m->has_quantiles)
		return ct_fail(e, CT_EINVAL, "a fitted model needs its quantiles");
	if (m->has_quantiles)
		for (int k = 0; k < m->n_methods; k++)
			if (check_sorted(m->quantiles + (size_t) k * CT_NQUANTILES, CT_NQUANTILES,
							 false, "method quantiles", e) != CT_OK)
				return e->code;
	if (m->ind_quantiles != NULL)
		for (int j = 0; j < m->n_ind; j++)
			if (check_sorted(m->ind_quantiles + (size_t) j * CT_NQUANTILES, CT_NQUANTILES,
							 false, "indicator quantiles", e) != CT_OK)
				return e->code;
	for (int k = 0; k < m->n_methods; k++)
		if (m->methods[k] == CT_M_PRIORITY && m->has_quantiles && m->ind_quantiles == NULL)
			return ct_fail(e, CT_EINVAL, "method priority needs the quantiles of the indicators");
	if (m->fitted)
	{
		if (m->n_tiers < 2 || m->n_tiers > CT_MAX_GRADES)
			return ct_fail(e, CT_EINVAL, "the overall tier scheme needs between 2 and %d labels", CT_MAX_GRADES);
		if (check_sorted(m->tier_cuts, m->n_tiers - 1, true, "tier cuts", e) != CT_OK)
			return e->code;
		for (int d = 0; d < m->n_dim; d++)
			if (m->dim_tiers[d] > 0 &&
				check_sorted(m->dim_tier_cuts[d], m->dim_tiers[d] - 1, true,
							 "dimension tier cuts", e) != CT_OK)
				return e->code;
	}

	/* compact the active indicators for the multi-criteria methods */
	m->w_active = scratch;
	m->v_active = scratch + m->n_ind;
	m->ideal_active = scratch + 2 * (size_t) m->n_ind;
	m->anti_active = scratch + 3 * (size_t) m->n_ind;
	m->membership = scratch + 4 * (size_t) m->n_ind;
	m->centres = m->membership + (size_t) m->n_ind * m->fuzzy_grades;
	m->grey_wn = m->centres + m->fuzzy_grades;
	m->active = iscratch;
	m->n_active = 0;
	for (int j = 0; j < m->n_ind; j++)
	{
		if (m->ind[j].global_weight > 0.0)
		{
			int			a = m->n_active++;

			m->active[a] = j;
			m->w_active[a] = m->ind[j].global_weight;
			m->ideal_active[a] = m->ind[j].ideal;
			m->anti_active[a] = m->ind[j].anti_ideal;
		}
	}
	if (m->n_active == 0)
	{
		ct_fail(e, CT_EINVAL, "every indicator of the model has weight 0");
		ct_hint(e, "Check the weights and whether every indicator is constant in the fitting population.");
		return CT_EINVAL;
	}
	for (int g = 0; g < m->fuzzy_grades; g++)
		m->centres[g] = (double) g / (m->fuzzy_grades - 1);
	if (ct_model_dea_check(m, e) != CT_OK)
		return e->code;
	prepare_fast_paths(m);
	return CT_OK;
}

ct_code
ct_model_normalize(const ct_model *m, int j, double raw, double *out,
				   ct_error *e)
{
	const ct_indicator *ind = &m->ind[j];
	double		x = raw;

	if (ind->transform == CT_TRANSFORM_LOG)
	{
		if (!(raw > -1.0))
		{
			ct_fail(e, CT_EINVAL, "value %g is outside the domain of the log transform", raw);
			ct_detail(e, "The log transform ln(1 + x) needs x > -1.");
			return CT_EINVAL;
		}
		x = log1p(raw);
	}
	if (ind->direction == CT_DIR_TARGET_REVERSED)
	{
		if (ct_normalize_target(x, ind->lo, ind->hi, ind->best_lo, ind->best_hi, out, e) != CT_OK)
			return e->code;
		*out = 1.0 - *out;
		return CT_OK;
	}
	if (ind->direction == CT_DIR_TARGET)
		return ct_normalize_target(x, ind->lo, ind->hi, ind->best_lo, ind->best_hi, out, e);
	return ct_normalize(x, ind->lo, ind->hi,
						ind->direction == CT_DIR_COST ? CT_COST : CT_BENEFIT, out, e);
}

ct_code
ct_model_level(const ct_model *m, int j, const char *s, size_t len,
			   double *out, ct_error *e)
{
	const ct_indicator *ind = &m->ind[j];

	for (int i = 0; i < ind->level_count; i++)
	{
		int			k = ind->level_start + i;

		/* the first byte before memcmp: most mismatches end there */
		if (m->level_len[k] == len &&
			(len == 0 || (m->level_str[k][0] == s[0] &&
						  memcmp(m->level_str[k] + 1, s + 1, len - 1) == 0)))
		{
			double		sc = m->level_score[k];

			*out = ind->direction == CT_DIR_COST ? 1.0 - sc : sc;
			return CT_OK;
		}
	}
	ct_fail(e, CT_EINVAL, "unknown level \"%.*s\"", (int) (len > 64 ? 64 : len), s);
	return CT_EINVAL;
}

/*
 * The percentile of x in [q[0], q[nq-1]] given a, the first index with
 * q[a] >= x.
 */
static inline double
percentile_at(double x, const double *q, int nq, int a)
{
	int			lo,
				hi,
				b;

	if (q[a] > x)				/* q[a-1] < x < q[a] (a >= 1 as x >= q[0]) */
		return ((double) (a - 1) + (x - q[a - 1]) / (q[a] - q[a - 1])) / (nq - 1);
	/* x equals q[a]: b = first index with q[b] > x */
	lo = a;
	hi = nq;
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (q[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	b = lo;
	/* x equals q[a..b-1]: the middle of the run */
	return ((double) (a + b - 1) / 2.0) / (nq - 1);
}

double
ct_percentile(double x, const double *q, int nq)
{
	int			a;

	if (nq < 2 || isnan(x))
		return 0.5;
	if (x < q[0])
		return 0.0;
	if (x > q[nq - 1])
		return 1.0;
	/*
	 * a = first index with q[a] >= x, by a branch-free lower bound (the
	 * comparison compiles to a conditional move: this runs per row and per
	 * method)
	 */
	{
		const double *base = q;
		int			n = nq;

		while (n > 1)
		{
			int			half = n / 2;

			base = (base[half] < x) ? base + half : base;
			n -= half;
		}
		a = (int) (base - q) + (*base < x);
	}
	return percentile_at(x, q, nq, a);
}

/*
 * ct_percentile of method k's score through the model's percentile index:
 * the lower bound is searched in x's bucket only (same a, same result).
 */
static double
method_percentile(const ct_model *m, int k, double x)
{
	const double *q = m->quantiles + (size_t) k * CT_NQUANTILES;
	const uint16_t *start = m->pct_start[k];
	int			b,
				lo,
				hi;

	if (!m->pct_index[k] || isnan(x))
		return ct_percentile(x, q, CT_NQUANTILES);
	if (x < q[0])
		return 0.0;
	if (x > q[CT_NQUANTILES - 1])
		return 1.0;
	b = pct_bucket(x, q[0], m->pct_scale[k]);
	lo = start[b];
	hi = start[b + 1];
	if (hi > CT_NQUANTILES - 1)
		hi = CT_NQUANTILES - 1;
	/*
	 * the first index in [lo, hi] with q >= x, which lies there (see
	 * prepare_fast_paths): the branch-free lower bound of ct_percentile on
	 * q[lo..hi]
	 */
	{
		const double *base = q + lo;
		int			n = hi - lo + 1;

		while (n > 1)
		{
			int			half = n / 2;

			base = (base[half] < x) ? base + half : base;
			n -= half;
		}
		lo = (int) (base - q) + (*base < x);
	}
	return percentile_at(x, q, CT_NQUANTILES, lo);
}

static ct_code
fuzzy_method(ct_model *m, double *score, ct_error *e)
{
	double		b[CT_MAX_GRADES];
	int			k = m->fuzzy_grades;

	for (int a = 0; a < m->n_active; a++)
		if (ct_fuzzy_membership(m->v_active[a], m->centres, k,
								m->membership + (size_t) a * k, e) != CT_OK)
			return e->code;
	if (ct_fuzzy_evaluate(m->w_active, m->n_active, m->membership, k,
						  m->fuzzy_op, b, e) != CT_OK)
		return e->code;
	return ct_fuzzy_score(b, m->centres, k, score, e);
}

/*
 * Fast paths of ct_topsis, ct_grey_relational_grade, ct_vikor_sr and
 * ct_vikor_q over the active indicators (m->v_active): the same kernels
 * (ct_mcdm_kernel.h), with the parameter checks done once by
 * ct_model_check.  They return false when the general function must run
 * (a rescaled input, or a result out of range: the general function then
 * reports the error).
 */
static bool
topsis_fast(const ct_model *m, double *closeness)
{
	const double *v = m->v_active;
	double		vmax = m->topsis_refmax;

	if (!m->fast_weights || !m->topsis_kw0)
		return false;
	for (int a = 0; a < m->n_active; a++)
	{
		double		av = fabs(v[a]);

		if (av > vmax)
			vmax = av;
	}
	if (scale_exponent(vmax) != 0)
		return false;
	*closeness = ct_topsis_closeness(v, m->w_active, m->ideal_active,
									 m->anti_active, m->n_active, 0, 0);
	return true;
}

static bool
grey_fast(const ct_model *m, double *grade)
{
	double		acc;

	if (!m->fast_grey)
		return false;
	acc = ct_grey_grade_sum(m->v_active, m->ideal_active, m->w_active,
							m->grey_wn, m->grey_wsum, m->n_active,
							m->grey_k, m->grey_num, m->grey_rd);
	if (!is_finite(acc))
		return false;
	*grade = acc;
	return true;
}

static bool
vikor_sr_fast(const ct_model *m, double *s, double *r)
{
	double		sum,
				mx;

	if (!m->fast_weights)
		return false;
	ct_vikor_sr_sums(m->v_active, m->w_active, m->ideal_active,
					 m->anti_active, m->n_active, &sum, &mx);
	if (!is_finite(sum) || !is_finite(mx))
		return false;
	*s = sum;
	*r = mx;
	return true;
}

static bool
vikor_q_fast(const ct_model *m, double s, double r, double *q)
{
	double		out;

	if (!m->fast_vikor_q)
		return false;
	out = ct_vikor_q_index(s, r, m->s_best, m->s_worst, m->r_best,
						   m->r_worst, m->vikor_v);
	if (!is_finite(out))
		return false;
	*q = out;
	return true;
}

/*
 * ct_percentile of x among indicator j's quantiles from its runs of equal
 * values (prepare_fast_paths): a lower bound among the distinct values,
 * then the same arithmetic as percentile_at, with the run's end read
 * instead of searched
 */
static double
prio_percentile(const ct_model *m, int j, double x)
{
	const double *q = m->ind_quantiles + (size_t) j * CT_NQUANTILES;
	const double *u = m->prio_u + (size_t) j * CT_NQUANTILES;
	const int  *st = m->prio_start + (size_t) j * (CT_NQUANTILES + 1);
	int			n = m->prio_m[j];
	const double *base = u;
	int			i,
				a;

	if (isnan(x))
		return 0.5;
	if (x < u[0])
		return 0.0;
	if (x > u[n - 1])
		return 1.0;
	while (n > 1)
	{
		int			half = n / 2;

		base = (base[half] < x) ? base + half : base;
		n -= half;
	}
	i = (int) (base - u) + (*base < x);
	a = st[i];
	if (q[a] > x)				/* q[a-1] < x < q[a] (a >= 1 as x >= q[0]) */
		return ((double) (a - 1) + (x - q[a - 1]) / (q[a] - q[a - 1])) / (CT_NQUANTILES - 1);
	return ((double) (a + st[i + 1] - 1) / 2.0) / (CT_NQUANTILES - 1);
}

double
ct_model_priority(const ct_model *m, const double *v, double *p)
{
	double		s = 0.0;

	if (m->ind_quantiles == NULL)
	{
		if (p != NULL)
			for (int j = 0; j < m->n_ind; j++)
				p[j] = NAN;
		return NAN;
	}
	for (int j = 0; j < m->n_ind; j++)
	{
		const double *q = m->ind_quantiles + (size_t) j * CT_NQUANTILES;
		double		pj = m->prio_ready ? prio_percentile(m, j, v[j]) :
			ct_percentile(v[j], q, CT_NQUANTILES);

		if (p != NULL)
			p[j] = pj;
		s += m->ind[j].global_weight * pj;
	}
	return s;
}

double
ct_model_possibility(const ct_model *m, const double *v)
{
	double		acc = 0.0,
				gsum = 0.0;

	for (int j = 0; j < m->n_ind; j++)
	{
		double		g = m->ind[j].global_weight;

		if (!(g > 0.0))
			continue;
		if (v[j] <= 0.0)
			return 0.0;			/* a veto, whatever the other degrees */
		acc += g * log(v[j]);
		gsum += g;
	}
	if (!(gsum > 0.0))
		return NAN;
	return exp(acc / gsum);
}

ct_code
ct_model_vikor_sr(ct_model *m, const double *v, double *s, double *r, ct_error *e)
{
	ct_error_clear(e);
	for (int a = 0; a < m->n_active; a++)
		m->v_active[a] = v[m->active[a]];
	*s = NAN;
	*r = NAN;
	/* as ct_model_evaluate's VIKOR branch */
	if (!vikor_sr_fast(m, s, r) &&
		ct_vikor_sr(m->v_active, m->w_active, m->ideal_active,
					m->anti_active, m->n_active, s, r, e) != CT_OK)
		return e->code;
	return CT_OK;
}

ct_code
ct_model_evaluate(ct_model *m, const double *v, ct_result *r, ct_error *e)
{
	double		dim_acc[CT_MAX_DIM];
	const double *dim_w = m->dim_wsum;
	double		ws = 0.0;

	ct_error_clear(e);

	/* the same additions in the same order per dimension, whatever n_dim */
	for (int d = 0; d < m->n_dim; d++)
		dim_acc[d] = 0.0;
	if (m->dim_runs)
	{
		/* a dimension's sum in a register while its indicators run */
		int			cur = m->ind[0].dimension;
		double		acc = 0.0;

		for (int j = 0; j < m->n_ind; j++)
		{
			const ct_indicator *ind = &m->ind[j];

			if (ind->dimension != cur)
			{
				dim_acc[cur] = acc;
				cur = ind->dimension;
				acc = 0.0;
			}
			acc += ind->weight * v[j];
			ws += ind->global_weight * v[j];
		}
		dim_acc[cur] = acc;
	}
	else
		for (int j = 0; j < m->n_ind; j++)
		{
			const ct_indicator *ind = &m->ind[j];

			dim_acc[ind->dimension] += ind->weight * v[j];
			ws += ind->global_weight * v[j];
		}
	for (int d = 0; d < m->n_dim; d++)
	{
		r->dim_tier[d] = -1;
		if (!m->dim_present[d])
			r->dim_score[d] = NAN;
		else
		{
			double		s = dim_w[d] > 0.0 ? dim_acc[d] / dim_w[d] : 0.0;

			r->dim_score[d] = s < 0.0 ? 0.0 : (s > 1.0 ? 1.0 : s);
			if (m->fitted && m->dim_tiers[d] > 0 && !m->skip_dim_tiers)
				r->dim_tier[d] = ct_tier_index(r->dim_score[d], m->dim_tier_cuts[d],
											   m->dim_tiers[d] - 1);
		}
	}

	for (int a = 0; a < m->n_active; a++)
		m->v_active[a] = v[m->active[a]];

	r->vikor_s = NAN;
	r->vikor_r = NAN;
	for (int k = 0; k < m->n_methods; k++)
	{
		double		s = 0.0;

		switch (m->methods[k])
		{
			case CT_M_WEIGHTED_SUM:
				s = ws;
				break;
			case CT_M_TOPSIS:
				if (!topsis_fast(m, &s) &&
					ct_topsis(m->v_active, m->w_active, m->ideal_active,
							  m->anti_active, m->n_active, &s, e) != CT_OK)
					return e->code;
				break;
			case CT_M_GREY:
				if (!grey_fast(m, &s) &&
					ct_grey_relational_grade(m->v_active, m->w_active,
											 m->ideal_active, m->n_active,
											 m->grey_delta_min, m->grey_delta_max,
											 m->grey_rho, &s, e) != CT_OK)
					return e->code;
				break;
			case CT_M_VIKOR:
				if (!vikor_sr_fast(m, &r->vikor_s, &r->vikor_r) &&
					ct_vikor_sr(m->v_active, m->w_active, m->ideal_active,
								m->anti_active, m->n_active,
								&r->vikor_s, &r->vikor_r, e) != CT_OK)
					return e->code;
				if (m->fitted)
				{
					double		q;

					if (!vikor_q_fast(m, r->vikor_s, r->vikor_r, &q) &&
						ct_vikor_q(r->vikor_s, r->vikor_r, m->s_best, m->s_worst,
								   m->r_best, m->r_worst, m->vikor_v, &q, e) != CT_OK)
						return e->code;
					/* Q is smaller for better customers */
					s = 1.0 - q;
				}
				else
					s = NAN;
				break;
			case CT_M_FUZZY:
				if (fuzzy_method(m, &s, e) != CT_OK)
					return e->code;
				break;
			case CT_M_DEA:
				if (ct_model_dea_score(m, &s, NULL, NULL, e) != CT_OK)
					return e->code;
				break;
			case CT_M_PRIORITY:
				s = ct_model_priority(m, v, NULL);
				break;
			case CT_M_POSSIBILITY:
				s = ct_model_possibility(m, v);
				break;
		}
		r->method_score[k] = s;
	}
	ct_model_segment(m, r);

	if (!m->fitted)
	{
		r->score = NAN;
		r->tier = -1;
		return CT_OK;
	}
	r->score = ct_model_combine(m, r->method_score, r->percentile);
	r->tier = ct_tier_index(r->score, m->tier_cuts, m->n_tiers - 1);
	return CT_OK;
}

double
ct_model_combine(const ct_model *m, const double *method_score,
				 double *percentile)
{
	double		sum = 0.0;

	for (int k = 0; k < m->n_methods; k++)
	{
		double		p = method_percentile(m, k, method_score[k]);

		if (percentile != NULL)
			percentile[k] = p;
		sum += p;
	}
	if (m->combine == CT_COMBINE_PROBABILITY)
		return ct_logistic(m->logit_intercept +
						   m->logit_scale * method_score[m->logit_ws]);
	if (m->combine < 0)
		return sum / m->n_methods;
	else
	{
		double		s = method_score[m->combine];

		return s < 0.0 ? 0.0 : (s > 1.0 ? 1.0 : s);
	}
}

