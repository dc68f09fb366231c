/*
 * ct_logit.c
 *		The logistic-regression sufficient statistics (see ct_logit.h): the
 *		per-row update, the merge of two states gathered at the same
 *		coefficients, validation and the versioned text form.
 */
#include "ct_logit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_statetext.h"

/* Largest count kept exactly in a double. */
#define MAX_EXACT_COUNT 9007199254740992.0

void
ct_logit_view(ct_logit *s, double *block, int p)
{
	s->p = p;
	s->rows = block;
	s->positives = block + 1;
	s->loglik = block + 2;
	s->eta_min_pos = block + 3;
	s->eta_max_neg = block + 4;
	s->beta = block + 5;
	s->grad = s->beta + p;
	s->info = s->grad + p;
}

void
ct_logit_init(ct_logit *s, const double *beta)
{
	memset(s->rows, 0, sizeof(double) * ct_logit_ndoubles(s->p));
	memcpy(s->beta, beta, sizeof(double) * s->p);
}

double
ct_logistic(double eta)
{
	if (eta >= 0.0)
		return 1.0 / (1.0 + exp(-eta));
	else
	{
		double		z = exp(eta);

		return z / (1.0 + z);
	}
}

/* ln(1 + e^t) without overflow or cancellation */
static double
log1pexp(double t)
{
	return t > 0.0 ? t + log1p(exp(-t)) : log1p(exp(t));
}

ct_code
ct_logit_add_row(ct_logit *s, const double *x, bool y, ct_error *e)
{
	int			p = s->p;
	double		eta = s->beta[0];
	double		prob,
				w,
				r,
				ll;
	double	   *info = s->info;

	for (int j = 1; j < p; j++)
	{
		double		v = x[j - 1];

		if (!isfinite(v) || fabs(v) > CT_LOGIT_MAX_ABS_X)
		{
			ct_fail(e, CT_EINVAL, "x must hold finite numbers of at most %g in magnitude",
					CT_LOGIT_MAX_ABS_X);
			ct_detail(e, "Element %d is %g.", j, v);
			return CT_EINVAL;
		}
		eta += s->beta[j] * v;
	}
	if (!isfinite(eta))
	{
		ct_fail(e, CT_ERANGE, "the linear predictor of a row is not finite");
		ct_detail(e, "The coefficients times the row's values overflow a double.");
		return CT_ERANGE;
	}
	if (*s->rows >= MAX_EXACT_COUNT)
		return ct_fail(e, CT_ELIMIT, "a logit_stats state counts at most 2^53 rows");

	/* p(1-p) from e^-|eta|, accurate in both tails */
	{
		double		z = exp(-fabs(eta));

		w = z / ((1.0 + z) * (1.0 + z));
	}
	prob = ct_logistic(eta);
	ll = y ? -log1pexp(-eta) : -log1pexp(eta);
	r = (y ? 1.0 : 0.0) - prob;

	if (y)
	{
		if (*s->positives == 0 || eta < *s->eta_min_pos)
			*s->eta_min_pos = eta;
		*s->positives += 1;
	}
	else
	{
		if (*s->rows - *s->positives == 0 || eta > *s->eta_max_neg)
			*s->eta_max_neg = eta;
	}
	*s->rows += 1;
	*s->loglik += ll;

	/* gradient and the upper triangle of the information, with x~0 = 1 */
	s->grad[0] += r;
	info[0] += w;
	for (int b = 1; b < p; b++)
	{
		double		wb = w * x[b - 1];

		s->grad[b] += r * x[b - 1];
		info[b] += wb;
	}
	for (int a = 1; a < p; a++)
	{
		double		wa = w * x[a - 1];
		double	   *row = info + ct_logit_tri(p, a, a);

		for (int b = a; b < p; b++)
			row[b - a] += wa * x[b - 1];
	}
	return CT_OK;
}

ct_code
ct_logit_merge(ct_logit *a, const ct_logit *b, ct_error *e)
{
	int			p = a->p;
	size_t		nt = (size_t) p * (p + 1) / 2;
	double		neg_a = *a->rows - *a->positives;
	double		neg_b = *b->rows - *b->positives;

	if (b->p != p)
	{
		ct_fail(e, CT_ESHAPE, "cannot merge logit_stats states with different coefficient counts");
		ct_detail(e, "One state has %d coefficients, the other %d.", p, b->p);
		return CT_ESHAPE;
	}
	if (memcmp(a->beta, b->beta, sizeof(double) * p) != 0)
	{
		ct_fail(e, CT_EINVAL, "cannot merge logit_stats states gathered at different coefficients");
		ct_detail(e, "A state holds the sums at one beta; states of one Newton iteration share it.");
		return CT_EINVAL;
	}
	if (*a->rows + *b->rows > MAX_EXACT_COUNT)
		return ct_fail(e, CT_ELIMIT, "a logit_stats state counts at most 2^53 rows");
	if (*b->positives > 0 && (*a->positives == 0 || *b->eta_min_pos < *a->eta_min_pos))
		*a->eta_min_pos = *b->eta_min_pos;
	if (neg_b > 0 && (neg_a == 0 || *b->eta_max_neg > *a->eta_max_neg))
		*a->eta_max_neg = *b->eta_max_neg;
	*a->rows += *b->rows;
	*a->positives += *b->positives;
	*a->loglik += *b->loglik;
	for (int j = 0; j < p; j++)
		a->grad[j] += b->grad[j];
	for (size_t t = 0; t < nt; t++)
		a->info[t] += b->info[t];
	return CT_OK;
}

static ct_code
invalid(ct_error *e, const char *detail)
{
	ct_fail(e, CT_EFORMAT, "invalid logit_stats value");
	ct_detail(e, "%s", detail);
	return CT_EFORMAT;
}

ct_code
ct_logit_validate(const ct_logit *s, ct_error *e)
{
	int			p = s->p;
	size_t		n = ct_logit_ndoubles(p);
	const double *all = s->rows;
	double		rows = *s->rows,
				pos = *s->positives;

	for (size_t i = 0; i < n; i++)
		if (!isfinite(all[i]))
		{
			if (isinf(all[i]) && i >= 5 + (size_t) p)
			{
				ct_fail(e, CT_ERANGE, "logit_stats value out of range: a sum overflowed");
				return CT_ERANGE;
			}
			return invalid(e, "Every value must be a finite number.");
		}
	if (rows < 0 || rows != floor(rows) || rows > MAX_EXACT_COUNT ||
		pos < 0 || pos != floor(pos) || pos > rows)
		return invalid(e, "rows and positives must be whole numbers with 0 <= positives <= rows <= 2^53.");
	if (*s->loglik > 0)
		return invalid(e, "The log-likelihood cannot be positive.");
	if (pos == 0 && *s->eta_min_pos != 0)
		return invalid(e, "Without positive rows eta_min_pos must be 0.");
	if (rows - pos == 0 && *s->eta_max_neg != 0)
		return invalid(e, "Without negative rows eta_max_neg must be 0.");
	if (rows == 0)
	{
		if (*s->loglik != 0)
			return invalid(e, "Without rows the log-likelihood must be 0.");
		for (size_t i = 5 + (size_t) p; i < n; i++)
			if (all[i] != 0)
				return invalid(e, "Without rows the gradient and the information must be 0.");
	}
	for (int a = 0; a < p; a++)
		if (s->info[ct_logit_tri(p, a, a)] < 0)
			return invalid(e, "The diagonal of the information must not be negative.");
	ct_error_clear(e);
	return CT_OK;
}

/* ---- text form ---- */

#define LOGIT_HINT "The format is v1;p=N;rows=..;positives=..;loglik=..;eta=..,..;beta=..;gradient=..;information=.. as written by logit_stats output."

size_t
ct_logit_format(const ct_logit *s, char *buf, size_t buflen)
{
	ct_text_out o = {buf, buflen, 0};
	char		head[64];
	int			p = s->p;

	snprintf(head, sizeof(head), "v%d;p=%d", CT_LOGIT_VERSION, p);
	ct_text_out_str(&o, head);
	ct_text_out_list(&o, "rows", s->rows, 1);
	ct_text_out_list(&o, "positives", s->positives, 1);
	ct_text_out_list(&o, "loglik", s->loglik, 1);
	ct_text_out_list(&o, "eta", s->eta_min_pos, 2);
	ct_text_out_list(&o, "beta", s->beta, p);
	ct_text_out_list(&o, "gradient", s->grad, p);
	ct_text_out_list(&o, "information", s->info, (size_t) p * (p + 1) / 2);
	return ct_text_out_end(&o);
}

ct_code
ct_logit_parse_header(const char *text, int *p, ct_error *e)
{
	ct_text_in	in = {text, text, "logit_stats", LOGIT_HINT};
	long		v;

	if (!ct_text_eat(&in.p, "v"))
		return ct_text_in_fail(&in, in.p, "Expected the format version \"v1\"", e);
	if (!ct_text_eat_int(&in.p, 0, 1000000, &v))
		return ct_text_in_fail(&in, in.p, "Expected a version number", e);
	if (v != CT_LOGIT_VERSION)
	{
		ct_fail(e, CT_EFORMAT, "unsupported logit_stats format version %ld", v);
		ct_detail(e, "This build reads version %d.", CT_LOGIT_VERSION);
		return CT_EFORMAT;
	}
	if (!ct_text_eat(&in.p, ";p="))
		return ct_text_in_fail(&in, in.p, "Expected \";p=\"", e);
	if (!ct_text_eat_int(&in.p, 0, 1000000000, &v))
		return ct_text_in_fail(&in, in.p, "Expected the coefficient count", e);
	if (v < 2)
	{
		ct_fail(e, CT_EFORMAT, "invalid logit_stats value");
		ct_detail(e, "A state has an intercept and at least one coefficient; got p=%ld.", v);
		return CT_EFORMAT;
	}
	if (v > CT_LOGIT_MAX_COEF)
	{
		ct_fail(e, CT_ELIMIT, "too many logit_stats coefficients");
		ct_detail(e, "The state has %ld coefficients; the limit is %d.", v, CT_LOGIT_MAX_COEF);
		return CT_ELIMIT;
	}
	*p = (int) v;
	return CT_OK;
}

ct_code
ct_logit_parse(const char *text, ct_logit *s, ct_error *e)
{
	ct_text_in	in = {text, text, "logit_stats", LOGIT_HINT};
	int			p = s->p;
	int			hp;
	ct_code		rc;

	if ((rc = ct_logit_parse_header(text, &hp, e)) != CT_OK)
		return rc;
	if (hp != p)
		return ct_text_in_fail(&in, text, "Coefficient count does not match", e);
	in.p = strchr(text, ';');
	in.p = strchr(in.p + 1, ';');
	if (in.p == NULL)
		return ct_text_in_fail(&in, text + strlen(text), "Unexpected end of input", e);
	if ((rc = ct_text_in_list(&in, "rows", s->rows, 1, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "positives", s->positives, 1, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "loglik", s->loglik, 1, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "eta", s->eta_min_pos, 2, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "beta", s->beta, p, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "gradient", s->grad, p, e)) != CT_OK ||
		(rc = ct_text_in_list(&in, "information", s->info, (size_t) p * (p + 1) / 2, e)) != CT_OK)
		return rc;
	if (*in.p != '\0')
		return ct_text_in_fail(&in, in.p, "Unexpected text after the state", e);
	return ct_logit_validate(s, e);
}
