/*
 * ct_model_dea.c
 *		Method dea (benefit of the doubt against the fitted frontier) and
 *		fuzzy segments (the nearest of the fitted fuzzy c-means centres) in
 *		a model's per-row evaluation (see ct_model.h; formulas in
 *		doc/dea_fcm.md).  Both work on the active indicators (global weight
 *		> 0) as normalised, with NULL inputs imputed: m->v_active.
 *
 * No allocation: the scratch comes from the glue once per version
 * (ct_model_dea_doubles / ct_model_dea_ints).
 */
#include "ct_model.h"

#include <math.h>

#include "ct_dea.h"
#include "ct_fcm.h"

size_t
ct_model_dea_doubles(int n_ind, int f, int k)
{
	return (size_t) n_ind + (size_t) k + ct_dea_bod_doubles(f, n_ind);
}

size_t
ct_model_dea_ints(int n_ind, int f)
{
	return (size_t) n_ind + ct_dea_bod_ints(f, n_ind);
}

void
ct_model_dea_scratch(ct_model *m, double *work, int *iwork)
{
	m->dea_upper = work;
	m->seg_u = work + m->n_ind;
	m->dea_work = work + m->n_ind + m->seg_k;
	m->dea_colmax = iwork;
	m->dea_iwork = iwork + m->n_ind;
}

static bool
has_dea(const ct_model *m)
{
	for (int k = 0; k < m->n_methods; k++)
		if (m->methods[k] == CT_M_DEA)
			return true;
	return false;
}

/* share bounds in force: every active indicator's share <= dea_max_share */
static bool
bounded(const ct_model *m)
{
	return m->dea_max_share < 1.0;
}

ct_code
ct_model_dea_check(ct_model *m, ct_error *e)
{
	int			d = m->n_active;

	if (has_dea(m))
	{
		if (!(m->dea_max_share > 0.0) || isinf(m->dea_max_share))
			return ct_fail(e, CT_EINVAL, "dea_max_share must be a number above 0");
		if (m->dea_f == 0 && m->fitted)
			return ct_fail(e, CT_EINVAL, "a fitted model with method dea needs its frontier");
		if (m->dea_f > 0)
		{
			if (m->dea_f > CT_DEA_MAX_FRONTIER || m->dea_d != d || d > CT_DEA_MAX_DIM ||
				m->dea_frontier == NULL || m->dea_work == NULL)
				return ct_fail(e, CT_EINVAL, "the dea frontier does not fit the model's %d weighted indicators", d);
			if (ct_dea_check_values(m->dea_frontier, (size_t) m->dea_f * d, d,
									"dea frontier", e) != CT_OK)
				return e->code;
			ct_dea_column_max(m->dea_frontier, m->dea_f, d, m->dea_colmax);
			for (int a = 0; a < d; a++)
				if (m->dea_colmax[a] < 0)
					return ct_fail(e, CT_EINVAL, "the dea frontier is 0 in weighted indicator %d", a + 1);
		}
		if (bounded(m))
		{
			if (m->dea_upper == NULL)
				return ct_fail(e, CT_EINVAL, "the dea share bounds have no scratch");
			for (int a = 0; a < d; a++)
				m->dea_upper[a] = m->dea_max_share;
			if (ct_dea_check_bounds(NULL, m->dea_upper, d, e) != CT_OK)
				return e->code;
		}
	}
	if (m->seg_k != 0)
	{
		if (m->seg_k < 2 || m->seg_k > CT_FCM_MAX_K)
			return ct_fail(e, CT_EINVAL, "a model has between 2 and %d segments, not %d",
						   CT_FCM_MAX_K, m->seg_k);
		if (ct_fcm_check_m(m->fcm_m, e) != CT_OK)
			return e->code;
		if (m->seg_centres == NULL && m->fitted)
			return ct_fail(e, CT_EINVAL, "a fitted model with segments needs its centres");
		if (m->seg_centres != NULL)
		{
			if (m->seg_d != d || m->seg_u == NULL)
				return ct_fail(e, CT_EINVAL, "the segment centres do not fit the model's %d weighted indicators", d);
			if (ct_fcm_check_centres(m->seg_centres, m->seg_k, d, e) != CT_OK)
				return e->code;
		}
	}
	return CT_OK;
}

ct_code
ct_model_dea_score(ct_model *m, double *score, double *weights, double *lambda,
				   ct_error *e)
{
	if (m->dea_f == 0)
	{
		*score = NAN;
		return CT_OK;
	}
	return ct_dea_bod(m->v_active, m->n_active, m->dea_frontier, m->dea_f,
					  m->dea_colmax, NULL, bounded(m) ? m->dea_upper : NULL,
					  m->dea_work, m->dea_iwork, score, weights, lambda, e);
}

void
ct_model_segment(ct_model *m, ct_result *r)
{
	int			best = 0;

	r->segment = -1;
	r->segment_membership = NAN;
	if (m->seg_k == 0 || m->seg_centres == NULL)
		return;
	ct_fcm_membership(m->v_active, m->n_active, m->seg_centres, m->seg_k,
					  m->fcm_m, m->seg_u, NULL);
	for (int c = 1; c < m->seg_k; c++)
		if (m->seg_u[c] > m->seg_u[best])
			best = c;
	r->segment = best;
	r->segment_membership = m->seg_u[best];
}
