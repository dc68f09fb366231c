/*
 * ct_explain.c
 *		Indicator contributions that add up to the score a customer got:
 *		each method's terms, its shares, and the combination (see
 *		ct_explain.h for the construction and doc/explain.md for its
 *		limits).
 *
 * The terms reuse the arithmetic of the evaluation (ct_mcdm_kernel.h, the
 * fuzzy weight scale and composition of ct_fuzzy.c) so that they describe
 * exactly the numbers evaluate() computed.
 */
#include "ct_explain.h"

#include <math.h>
#include <string.h>

#include "ct_fuzzy.h"
#include "ct_mcdm_kernel.h"

size_t
ct_explain_doubles(const ct_model *m)
{
	return (size_t) m->n_methods * m->n_ind * 3 + (size_t) m->n_ind * 2 +
		(size_t) m->n_ind * m->fuzzy_grades;
}

/* weighted sum: t_j = g_j v_j over every indicator */
static void
terms_weighted_sum(const ct_model *m, const double *v, double *t)
{
	for (int j = 0; j < m->n_ind; j++)
		t[j] = m->ind[j].global_weight * v[j];
}

/*
 * priority ordering: t_j = g_j p_j, p_j the indicator's percentile (p is
 * n_ind scratch); 0 without the indicators' quantiles
 */
static void
terms_priority(const ct_model *m, const double *v, double *p, double *t)
{
	(void) ct_model_priority(m, v, p);
	for (int j = 0; j < m->n_ind; j++)
		t[j] = isnan(p[j]) ? 0.0 : m->ind[j].global_weight * p[j];
}

/*
 * possibility-satisfaction: the product prod_j v_j^(g_j/G) is at most the
 * weighted mean sum_j g_j v_j / G of the same degrees (equal when they are
 * equal), so it is split like that mean: t_j = g_j v_j.  A degree of 0
 * makes the score 0, so every part of it is 0 too.
 */
static void
terms_possibility(const ct_model *m, const double *v, double *t)
{
	for (int j = 0; j < m->n_ind; j++)
		t[j] = m->ind[j].global_weight > 0.0 ? m->ind[j].global_weight * v[j] : 0.0;
}

/*
 * TOPSIS: C = D- / (D+ + D-) = sum_j (w_j (v_j - anti_j))^2 / (D- (D+ + D-)),
 * so C is split like the squared distance from the anti-ideal.
 */
static void
terms_topsis(const ct_model *m, const double *v, double *t)
{
	for (int a = 0; a < m->n_active; a++)
	{
		int			j = m->active[a];
		double		d = m->w_active[a] * (v[j] - m->anti_active[a]);

		t[j] = d * d;
	}
}

/* grey relational grade = sum_j (w_j / W) xi_j: additive already */
static void
terms_grey(const ct_model *m, const double *v, double *t)
{
	int			k;
	double		num,
				rd;

	ct_grey_constants(m->grey_delta_min, m->grey_delta_max, m->grey_rho,
					  &k, &num, &rd);
	for (int a = 0; a < m->n_active; a++)
	{
		int			j = m->active[a];
		double		delta = fabs(m->ideal_active[a] - v[j]);
		double		xi;

		if (k != 0)
			delta = ldexp(delta, k);
		xi = isinf(delta) ? 0.0 : num / (delta + rd);
		t[j] = m->w_active[a] * xi;
	}
}

/*
 * VIKOR: 1 - Q = v (S- - S) / (S- - S*) + (1 - v) (R- - R) / (R- - R*), and
 * S = sum_j d_j, so the group-utility part grows with the utilities
 * u_j = w_j - d_j (the weight the customer did not lose on indicator j);
 * R = max_j d_j has no additive split and is credited the same way.  A
 * value below the population's worst (u_j < 0) counts as 0.
 */
static void
terms_vikor(const ct_model *m, const double *v, double *t)
{
	for (int a = 0; a < m->n_active; a++)
	{
		int			j = m->active[a];
		double		w = m->w_active[a];
		double		best = m->ideal_active[a];
		double		worst = m->anti_active[a];
		double		d = 0.0;
		double		u;

		/* as ct_vikor_sr_sums */
		if (best != worst)
			d = w * ratio_of_differences(best, v[j], best, worst);
		u = w - d;
		t[j] = u > 0.0 ? u : 0.0;
	}
}

/* indicator a's part op(w_a, r_ag) of grade g, as ct_fuzzy_evaluate forms it */
static inline double
fuzzy_part(const ct_model *m, const double *mem, double scale, int a, int g)
{
	double		wi = m->w_active[a] * scale;
	double		r = mem[(size_t) a * m->fuzzy_grades + g];

	if (m->fuzzy_op == CT_FUZZY_MIN_MAX || m->fuzzy_op == CT_FUZZY_MIN_SUM)
		return wi < r ? wi : r;
	return wi * r;
}

/*
 * Fuzzy: score = sum_g b_g c_g / sum_g b_g, with b = W o R.  The term
 * b_g c_g of grade g goes to the indicators that made b_g: in proportion to
 * their parts op(w_j, r_jg) for the additive operators (weighted_average,
 * min_sum), to the indicator(s) attaining the maximum for the max-based
 * ones (min_max, product_max; ties split equally).
 */
static ct_code
terms_fuzzy(const ct_model *m, const double *v, double *mem, double *t,
			ct_error *e)
{
	int			ng = m->fuzzy_grades;
	int			na = m->n_active;
	double		b[CT_MAX_GRADES];
	double		wsum = 0.0;
	double		scale;
	bool		is_max = m->fuzzy_op == CT_FUZZY_MIN_MAX ||
		m->fuzzy_op == CT_FUZZY_PRODUCT_MAX;

	for (int a = 0; a < na; a++)
	{
		if (ct_fuzzy_membership(v[m->active[a]], m->centres, ng,
								mem + (size_t) a * ng, e) != CT_OK)
			return e->code;
		wsum += m->w_active[a];
	}
	if (ct_fuzzy_evaluate(m->w_active, na, mem, ng, m->fuzzy_op, b, e) != CT_OK)
		return e->code;
	scale = ct_fuzzy_weight_scale(wsum);

	for (int g = 0; g < ng; g++)
	{
		double		total = 0.0;
		double		top = 0.0;
		int			n_top = 0;
		double		grade_term = b[g] * m->centres[g];

		if (!(grade_term > 0.0))
			continue;
		for (int a = 0; a < na; a++)
		{
			double		p = fuzzy_part(m, mem, scale, a, g);

			total += p;
			if (p > top)
			{
				top = p;
				n_top = 1;
			}
			else if (p == top && p > 0.0)
				n_top++;
		}
		for (int a = 0; a < na; a++)
		{
			double		p = fuzzy_part(m, mem, scale, a, g);

			if (is_max)
			{
				if (n_top > 0 && p == top)
					t[m->active[a]] += grade_term / n_top;
			}
			else if (total > 0.0)
				t[m->active[a]] += grade_term * (p / total);
		}
	}
	return CT_OK;
}

/*
 * DEA (benefit of the doubt): score = sum_j w_j v_j with the customer's own
 * optimal weights w, so indicator j's term is w_j v_j (its pie share).  The
 * LP runs in the model's scratch (as in ct_model_evaluate); the weights go
 * to w (n_active doubles).
 */
static ct_code
terms_dea(const ct_model *m, const double *v, double *w, double *t, ct_error *e)
{
	ct_model   *mm = (ct_model *) m;	/* its scratch only */
	double		score;

	for (int a = 0; a < m->n_active; a++)
		mm->v_active[a] = v[m->active[a]];
	if (ct_model_dea_score(mm, &score, w, NULL, e) != CT_OK)
		return e->code;
	if (isnan(score))
		return CT_OK;
	for (int a = 0; a < m->n_active; a++)
		t[m->active[a]] = w[a] * v[m->active[a]];
	return CT_OK;
}

/* shares = terms / their sum; the global weights when the sum is 0 */
static bool
to_shares(const ct_model *m, double *t)
{
	double		sum = 0.0;

	for (int j = 0; j < m->n_ind; j++)
		sum += t[j];
	if (sum > 0.0 && isfinite(sum))
	{
		for (int j = 0; j < m->n_ind; j++)
			t[j] = t[j] / sum;
		return false;
	}
	sum = 0.0;
	for (int j = 0; j < m->n_ind; j++)
		sum += m->ind[j].global_weight;
	for (int j = 0; j < m->n_ind; j++)
		t[j] = m->ind[j].global_weight / sum;
	return true;
}

ct_code
ct_explain(const ct_model *m, const double *v, const ct_result *r,
		   double *buf, ct_explanation *x, ct_error *e)
{
	size_t		nk = (size_t) m->n_methods * m->n_ind;

	ct_error_clear(e);
	if (!m->fitted)
		return ct_fail(e, CT_EINVAL, "a model must be fitted to explain a score");
	memset(x, 0, sizeof(*x));
	x->n_ind = m->n_ind;
	x->n_methods = m->n_methods;
	x->score = r->score;
	x->share = buf;
	x->method_part = buf + nk;
	x->via_method = buf + 2 * nk;
	x->contribution = buf + 3 * nk;
	x->dim_part = x->contribution + m->n_ind;
	x->scratch = x->dim_part + m->n_ind;
	memset(buf, 0, sizeof(double) * ct_explain_doubles(m));

	for (int k = 0; k < m->n_methods; k++)
	{
		double	   *t = x->share + (size_t) k * m->n_ind;

		switch (m->methods[k])
		{
			case CT_M_WEIGHTED_SUM:
				terms_weighted_sum(m, v, t);
				break;
			case CT_M_TOPSIS:
				terms_topsis(m, v, t);
				break;
			case CT_M_GREY:
				terms_grey(m, v, t);
				break;
			case CT_M_VIKOR:
				terms_vikor(m, v, t);
				break;
			case CT_M_FUZZY:
				if (terms_fuzzy(m, v, x->scratch, t, e) != CT_OK)
					return e->code;
				break;
			case CT_M_DEA:
				if (terms_dea(m, v, x->scratch, t, e) != CT_OK)
					return e->code;
				break;
			case CT_M_PRIORITY:
				terms_priority(m, v, x->scratch, t);
				break;
			case CT_M_POSSIBILITY:
				terms_possibility(m, v, t);
				break;
		}
		x->fallback[k] = to_shares(m, t);
		if (m->combine < 0)
			x->score_part[k] = r->percentile[k] / m->n_methods;
		else
			x->score_part[k] = k == m->combine ? r->score : 0.0;
	}

	for (int k = 0; k < m->n_methods; k++)
		for (int j = 0; j < m->n_ind; j++)
		{
			size_t		i = (size_t) k * m->n_ind + j;

			x->method_part[i] = r->method_score[k] * x->share[i];
			x->via_method[i] = x->score_part[k] * x->share[i];
			x->contribution[j] += x->via_method[i];
		}

	for (int j = 0; j < m->n_ind; j++)
	{
		const ct_indicator *ind = &m->ind[j];
		double		dw = m->dim_wsum[ind->dimension];

		/* as the dimension score of ct_model_evaluate */
		x->dim_part[j] = dw > 0.0 ? ind->weight * v[j] / dw : 0.0;
		x->dim_contribution[ind->dimension] += x->contribution[j];
	}
	return CT_OK;
}

const char *
ct_explain_attribution(const ct_model *m, int k)
{
	switch (m->methods[k])
	{
		case CT_M_WEIGHTED_SUM:
			return "share of g_j v_j in the weighted sum";
		case CT_M_TOPSIS:
			return "share of (w_j (v_j - anti_ideal_j))^2 in the squared distance from the anti-ideal";
		case CT_M_GREY:
			return "share of w_j xi_j in the grey relational grade";
		case CT_M_VIKOR:
			return "share of the utility w_j - d_j (negative counts as 0); the regret term R = max d_j is split the same way";
		case CT_M_FUZZY:
			return (m->fuzzy_op == CT_FUZZY_MIN_MAX || m->fuzzy_op == CT_FUZZY_PRODUCT_MAX) ?
				"each grade's term b_g c_g to the indicator attaining the maximum of the composition (ties split equally)" :
				"each grade's term b_g c_g in proportion to the indicators' parts of b_g";
		case CT_M_DEA:
			return "share of w_j v_j in the benefit-of-the-doubt score, with the customer's own optimal weights w (its pie shares)";
		case CT_M_PRIORITY:
			return "share of g_j p_j in the priority score, p_j the indicator's mid-rank percentile in the fitting population";
		case CT_M_POSSIBILITY:
			return "share of g_j v_j, v_j the indicator's possibility or satisfaction degree: the product of the degrees (weights g_j) is split like their weighted mean, which bounds it";
	}
	return "";
}
