/*
 * ct_fit.c
 *		The weights and the tier cut tie fix of fit(model, source) (see
 *		ct_fit.h), moved out of the PL/pgSQL of src/sql/130_model_fit.sql.
 *
 * The results must be bit-identical to that PL/pgSQL, so this file performs
 * its float8 operations one by one, in its order, each rounded to double:
 *
 *	1. obj[j] = the raw objective weight, or 0 for weighting expert, for a
 *	   constant indicator and for a missing (NaN) weight.
 *	2. For each dimension d = 0 .. n_dim - 1, indicators always visited in
 *	   their order:
 *	   a. x = 0 + e[1] + e[2] + ... (expert weights of the dimension, NaN as
 *		  0, constant indicators included); y = 0 + obj[1] + obj[2] + ...
 *	   b. subj[j] = x > 0 ? e[j] / x : 0; q = y > 0 ? obj[j] / y : 0;
 *		  w[j] = subj[j] (expert), q (objective) or
 *		  (alpha * subj[j]) + ((1 - alpha) * q) (blend, both products rounded
 *		  before the sum); w[j] = 0 for a constant indicator.
 *	   c. x = 0 + w[1] + w[2] + ...; if x > 0, w[j] = w[j] / x; else, when
 *		  the dimension has indicators, w[j] = 1.0 / k (k indicators; a
 *		  numeric division, see numeric_reciprocal) and dimw[d] = 0; a
 *		  dimension without indicators gets dimw[d] = 0.
 *	3. x = 0 + dimw[0] + dimw[1] + ...; error unless x > 0;
 *	   dimw[d] = dimw[d] / x.
 *	4. In indicator order: global[j] = dimw[dim[j]] * w[j]; if global[j] > 0,
 *	   delta_max = greatest(delta_max, ideal[j] - anti[j]), from 0.
 *	5. If any obj[j] is not 0: x = 0 + obj[1] + obj[2] + ...;
 *	   obj[j] = obj[j] / x.
 *
 * The arithmetic goes through fit_pl, fit_mi, fit_mul and fit_div, which
 * flag what PostgreSQL's float8pl, float8mi, float8mul and float8div raise
 * (overflow, underflow), so the caller gets the same error the PL/pgSQL
 * gave.  fit_mul stores its product through a volatile double so that no
 * compiler fuses a product of the blend and the following sum into a fused
 * multiply-add, which would round once instead of twice.
 */
#include "ct_fit.h"

#include <math.h>
#include <stdlib.h>

/* a sticky record of the first float8 range error, as PostgreSQL raises it */
typedef enum fit_range
{
	FIT_RANGE_OK = 0,
	FIT_RANGE_OVERFLOW,
	FIT_RANGE_UNDERFLOW
} fit_range;

typedef struct fit_arith
{
	fit_range	status;
	const char *step;			/* where the first error occurred */
	int			index;			/* 1-based indicator or dimension, 0 if none */
} fit_arith;

static void
fit_flag(fit_arith *a, fit_range r)
{
	if (a->status == FIT_RANGE_OK)
		a->status = r;
}

/* float8_pl */
static inline double
fit_pl(fit_arith *a, double v1, double v2)
{
	double		r = v1 + v2;

	if (isinf(r) && !isinf(v1) && !isinf(v2))
		fit_flag(a, FIT_RANGE_OVERFLOW);
	return r;
}

/* float8_mi */
static inline double
fit_mi(fit_arith *a, double v1, double v2)
{
	double		r = v1 - v2;

	if (isinf(r) && !isinf(v1) && !isinf(v2))
		fit_flag(a, FIT_RANGE_OVERFLOW);
	return r;
}

/* float8_mul; the volatile store rounds the product to double */
static inline double
fit_mul(fit_arith *a, double v1, double v2)
{
	volatile double r = v1 * v2;

	if (isinf(r) && !isinf(v1) && !isinf(v2))
		fit_flag(a, FIT_RANGE_OVERFLOW);
	if (r == 0.0 && v1 != 0.0 && v2 != 0.0)
		fit_flag(a, FIT_RANGE_UNDERFLOW);
	return r;
}

/* float8_div; every divisor here has been tested > 0 */
static inline double
fit_div(fit_arith *a, double v1, double v2)
{
	double		r = v1 / v2;

	if (isinf(r) && !isinf(v1))
		fit_flag(a, FIT_RANGE_OVERFLOW);
	if (r == 0.0 && v1 != 0.0 && !isinf(v2))
		fit_flag(a, FIT_RANGE_UNDERFLOW);
	return r;
}

/* Record where the first range error happened, if it is new. */
static void
fit_where(fit_arith *a, fit_range before, const char *step, int index)
{
	if (before == FIT_RANGE_OK && a->status != FIT_RANGE_OK)
	{
		a->step = step;
		a->index = index;
	}
}

static ct_code
fit_range_error(const fit_arith *a, ct_error *e)
{
	ct_fail(e, CT_ERANGE, "value out of range: %s",
			a->status == FIT_RANGE_OVERFLOW ? "overflow" : "underflow");
	if (a->index > 0)
		ct_detail(e, "In the %s %d.", a->step, a->index);
	else
		ct_detail(e, "In the %s.", a->step);
	return CT_ERANGE;
}

/*
 * (float8) (1.0 / k) as PL/pgSQL computes "w[j] := 1.0 / k": a numeric
 * division rounded half away from zero at the scale select_div_scale picks
 * (20 decimals for k < 10^4, 4 more per further base-10000 digit of k),
 * then converted to float8 through its decimal text (numeric_float8 ->
 * float8in -> strtod, under the C locale of the backend).  This is not
 * always the double nearest 1/k (k = 210 is the first that differs).
 */
static double
numeric_reciprocal(int k)
{
	char		buf[64];
	int			rscale = 20;
	int			p = 0,
				i;
	long long	r = 1;

	if (k <= 1)
		return 1.0;
	if (k >= 10000)
		rscale += 4;
	if (k >= 100000000)
		rscale += 4;
	buf[p++] = '0';
	buf[p++] = '.';
	for (i = 0; i < rscale; i++)
	{
		r *= 10;
		buf[p++] = (char) ('0' + r / k);
		r %= k;
	}
	buf[p] = '\0';
	/* the rest is r / k of the last place: round half up */
	if (2 * r >= k)
	{
		for (i = p - 1; i >= 0; i--)
		{
			if (buf[i] == '.')
				continue;
			if (buf[i] == '9')
				buf[i] = '0';
			else
			{
				buf[i]++;
				break;
			}
		}
	}
	return strtod(buf, NULL);
}

/* a weight is a non-negative finite number, or NaN for none */
static bool
weight_ok(double w)
{
	return isnan(w) || (w >= 0 && isfinite(w));
}

/* Check every argument once. */
static ct_code
check_weight_in(const ct_fit_weight_in *in, const ct_fit_weight_out *out,
				ct_error *e)
{
	int			j,
				d;

	if (in == NULL || out == NULL)
		return ct_fail(e, CT_EINVAL, "fit weights need an input and an output");
	if (in->n_ind < 1)
		return ct_fail(e, CT_EINVAL, "fit weights need at least one indicator");
	if (in->n_ind > CT_MAX_VECTOR)
		return ct_fail(e, CT_ELIMIT, "fit weights take at most %d indicators, got %d",
					   CT_MAX_VECTOR, in->n_ind);
	if (in->n_dim < 1)
		return ct_fail(e, CT_EINVAL, "fit weights need at least one dimension");
	if (in->n_dim > CT_FIT_MAX_DIM)
		return ct_fail(e, CT_ELIMIT, "fit weights take at most %d dimensions, got %d",
					   CT_FIT_MAX_DIM, in->n_dim);
	if (in->weighting != CT_FIT_EXPERT && in->weighting != CT_FIT_OBJECTIVE &&
		in->weighting != CT_FIT_BLEND)
		return ct_fail(e, CT_EINVAL, "unknown fit weighting %d", (int) in->weighting);
	if (in->dim == NULL || in->expert == NULL || in->constant == NULL ||
		in->ideal == NULL || in->anti == NULL || in->dim_weight == NULL ||
		(in->objective == NULL && in->weighting != CT_FIT_EXPERT))
		return ct_fail(e, CT_EINVAL, "fit weights miss an input array");
	if (out->subjective == NULL || out->weight == NULL || out->global == NULL ||
		out->objective == NULL || out->dim_weight == NULL ||
		out->dim_present == NULL || out->dim_no_info == NULL ||
		out->dim_no_indicator == NULL)
		return ct_fail(e, CT_EINVAL, "fit weights miss an output array");
	if (in->weighting == CT_FIT_BLEND &&
		!(in->blend_alpha >= 0 && in->blend_alpha <= 1))
	{
		ct_fail(e, CT_EINVAL, "blend_alpha must be between 0 and 1");
		ct_detail(e, "Got %g.", in->blend_alpha);
		return CT_EINVAL;
	}
	for (d = 0; d < in->n_dim; d++)
	{
		double		w = in->dim_weight[d];

		if (!(w >= 0 && isfinite(w)))
		{
			ct_fail(e, CT_EINVAL, "dimension weight %d must be a non-negative finite number", d + 1);
			ct_detail(e, "Got %g.", w);
			return CT_EINVAL;
		}
	}
	for (j = 0; j < in->n_ind; j++)
	{
		if (in->dim[j] < 0 || in->dim[j] >= in->n_dim)
		{
			ct_fail(e, CT_EINVAL, "indicator %d has dimension index %d, outside 0..%d",
					j + 1, in->dim[j], in->n_dim - 1);
			return CT_EINVAL;
		}
		if (!weight_ok(in->expert[j]))
		{
			ct_fail(e, CT_EINVAL, "expert weight of indicator %d must be a non-negative finite number", j + 1);
			ct_detail(e, "Got %g.", in->expert[j]);
			return CT_EINVAL;
		}
		if (in->weighting != CT_FIT_EXPERT && !weight_ok(in->objective[j]))
		{
			ct_fail(e, CT_EINVAL, "objective weight of indicator %d must be a non-negative finite number", j + 1);
			ct_detail(e, "Got %g.", in->objective[j]);
			return CT_EINVAL;
		}
		if (!isfinite(in->ideal[j]) || !isfinite(in->anti[j]) ||
			in->anti[j] > in->ideal[j])
		{
			ct_fail(e, CT_EINVAL, "ideal and anti-ideal of indicator %d must be finite with anti-ideal <= ideal", j + 1);
			ct_detail(e, "Got ideal %g and anti-ideal %g.", in->ideal[j], in->anti[j]);
			return CT_EINVAL;
		}
	}
	return CT_OK;
}

/* the expert weight as coalesce(expert_weight, 0) */
static inline double
expert0(const ct_fit_weight_in *in, int j)
{
	return isnan(in->expert[j]) ? 0.0 : in->expert[j];
}

ct_code
ct_fit_weights(const ct_fit_weight_in *in, ct_fit_weight_out *out,
			   ct_error *e)
{
	fit_arith	a = {FIT_RANGE_OK, NULL, 0};
	double	   *obj;
	double	   *w;
	double	   *dimw;
	double		x,
				y;
	bool		any_obj;
	int			n,
				j,
				d;
	ct_code		rc;

	if ((rc = check_weight_in(in, out, e)) != CT_OK)
		return rc;
	n = in->n_ind;
	obj = out->objective;
	w = out->weight;
	dimw = out->dim_weight;

	/* 1. objective weights; constant indicators get 0 */
	for (j = 0; j < n; j++)
	{
		if (in->weighting == CT_FIT_EXPERT || in->constant[j] ||
			isnan(in->objective[j]))
			obj[j] = 0;
		else
			obj[j] = in->objective[j];
	}
	for (d = 0; d < in->n_dim; d++)
	{
		dimw[d] = in->dim_weight[d];
		out->dim_present[d] = false;
		out->dim_no_info[d] = false;
		out->dim_no_indicator[d] = false;
	}

	/* 2. within-dimension weights */
	for (d = 0; d < in->n_dim; d++)
	{
		fit_range	before = a.status;
		int			k;

		x = 0;					/* sum of expert weights */
		y = 0;					/* sum of objective weights */
		for (j = 0; j < n; j++)
		{
			if (in->dim[j] != d)
				continue;
			out->dim_present[d] = true;
			x = fit_pl(&a, x, expert0(in, j));
			y = fit_pl(&a, y, obj[j]);
		}
		for (j = 0; j < n; j++)
		{
			if (in->dim[j] != d)
				continue;
			out->subjective[j] = x > 0 ? fit_div(&a, expert0(in, j), x) : 0;
			switch (in->weighting)
			{
				case CT_FIT_EXPERT:
					w[j] = out->subjective[j];
					break;
				case CT_FIT_BLEND:
					{
						/* evaluated left to right, as PostgreSQL does */
						double		ab = fit_mul(&a, in->blend_alpha, out->subjective[j]);
						double		om = fit_mi(&a, 1, in->blend_alpha);
						double		q = y > 0 ? fit_div(&a, obj[j], y) : 0;
						double		cd = fit_mul(&a, om, q);

						w[j] = fit_pl(&a, ab, cd);
					}
					break;
				case CT_FIT_OBJECTIVE:
					w[j] = y > 0 ? fit_div(&a, obj[j], y) : 0;
					break;
			}
			if (in->constant[j])
				w[j] = 0;
		}
		/* renormalise within the dimension */
		x = 0;
		for (j = 0; j < n; j++)
			if (in->dim[j] == d)
				x = fit_pl(&a, x, w[j]);
		if (out->dim_present[d])
		{
			if (x > 0)
			{
				for (j = 0; j < n; j++)
					if (in->dim[j] == d)
						w[j] = fit_div(&a, w[j], x);
			}
			else
			{
				/* the dimension score is still shown: equal weights */
				double		eq;

				out->dim_no_info[d] = dimw[d] > 0;
				dimw[d] = 0;
				k = 0;
				for (j = 0; j < n; j++)
					if (in->dim[j] == d)
						k++;
				eq = numeric_reciprocal(k);
				for (j = 0; j < n; j++)
					if (in->dim[j] == d)
						w[j] = eq;
			}
		}
		else if (dimw[d] > 0)
		{
			out->dim_no_indicator[d] = true;
			dimw[d] = 0;
		}
		fit_where(&a, before, "weights of dimension", d + 1);
	}

	/* 3. final dimension weights */
	{
		fit_range	before = a.status;

		x = 0;
		for (d = 0; d < in->n_dim; d++)
			x = fit_pl(&a, x, dimw[d]);
		fit_where(&a, before, "sum of the dimension weights", 0);
	}
	if (a.status != FIT_RANGE_OK)
		return fit_range_error(&a, e);
	if (!(x > 0))
	{
		ct_fail(e, CT_EINVAL, "no indicator separates the customers");
		ct_detail(e, "Every weighted indicator is constant or has weight 0.");
		ct_hint(e, "Fit on a more varied population or revise the weights.");
		return CT_EINVAL;
	}
	for (d = 0; d < in->n_dim; d++)
	{
		fit_range	before = a.status;

		dimw[d] = fit_div(&a, dimw[d], x);
		fit_where(&a, before, "weight of dimension", d + 1);
	}

	/* 4. global weights and the grey relational delta_max */
	out->grey_delta_max = 0;
	for (j = 0; j < n; j++)
	{
		fit_range	before = a.status;

		out->global[j] = fit_mul(&a, dimw[in->dim[j]], w[j]);
		if (out->global[j] > 0)
		{
			double		delta = fit_mi(&a, in->ideal[j], in->anti[j]);

			if (delta > out->grey_delta_max)
				out->grey_delta_max = delta;
		}
		fit_where(&a, before, "global weight of indicator", j + 1);
	}

	/* 5. the objective weights normalised over all indicators */
	any_obj = false;
	for (j = 0; j < n; j++)
		if (obj[j] != 0)
			any_obj = true;
	out->has_objective = any_obj;
	if (any_obj)
	{
		fit_range	before = a.status;

		x = 0;
		for (j = 0; j < n; j++)
			x = fit_pl(&a, x, obj[j]);
		for (j = 0; j < n; j++)
			obj[j] = fit_div(&a, obj[j], x);
		fit_where(&a, before, "normalised objective weights", 0);
	}
	if (a.status != FIT_RANGE_OK)
		return fit_range_error(&a, e);
	return CT_OK;
}

/* float8_le: NaN sorts above every number and equals NaN */
static inline bool
float8_le(double v1, double v2)
{
	return isnan(v2) || (!isnan(v1) && v1 <= v2);
}

int
ct_fit_fix_cuts_marked(double *cuts, int n_cuts, bool *moved)
{
	int			n_moved = 0,
				i;

	if (moved != NULL && n_cuts > 0)
		moved[0] = false;
	for (i = 1; i < n_cuts; i++)
	{
		bool		move = float8_le(cuts[i], cuts[i - 1]);

		/* 1e-9 is a numeric literal in the PL/pgSQL, cast to this float8 */
		if (move)
		{
			cuts[i] = cuts[i - 1] + 1e-9;
			n_moved++;
		}
		if (moved != NULL)
			moved[i] = move;
	}
	return n_moved;
}

int
ct_fit_fix_cuts(double *cuts, int n_cuts)
{
	return ct_fit_fix_cuts_marked(cuts, n_cuts, NULL);
}
