/*
 * ct_sample.c
 *		Synthetic complaint customers (see ct_sample.h and doc/model.md for
 *		the distributions and why they look the way they do).
 */
#include "ct_sample.h"

#include <math.h>

const char *const ct_sample_levels[5] = {
	"ordinary", "silver", "gold", "platinum", "diamond"
};
const char *const ct_sample_channels[4] = {
	"cash", "prepaid_card", "online", "bank_autodebit"
};
const char *const ct_sample_problems[6] = {
	"billing", "network", "new_service", "terminal", "app", "other"
};

uint64_t
ct_splitmix64(uint64_t *state)
{
	uint64_t	z = (*state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

double
ct_uniform(uint64_t *state)
{
	return (double) (ct_splitmix64(state) >> 11) * (1.0 / 9007199254740992.0);
}

/*
 * Approximately standard normal: the Irwin-Hall sum of four uniforms,
 * rescaled to unit variance.  Pure arithmetic (no libm), bounded by
 * +-2*sqrt(3), which keeps generated values in plausible ranges.
 */
static double
std_normal(uint64_t *s)
{
	double		sum = ct_uniform(s) + ct_uniform(s) + ct_uniform(s) + ct_uniform(s);

	return (sum - 2.0) * 1.7320508075688772;
}

static double
round_to(double x, double scale)
{
	return floor(x * scale + 0.5) / scale;
}

static double
clamp(double x, double lo, double hi)
{
	return x < lo ? lo : (x > hi ? hi : x);
}

/* Poisson by Knuth's product of uniforms; exp_minus_lambda = e^-lambda. */
static int
poisson(uint64_t *s, double exp_minus_lambda)
{
	int			k = 0;
	double		p = ct_uniform(s);

	while (p > exp_minus_lambda && k < 200)
	{
		k++;
		p *= ct_uniform(s);
	}
	return k;
}

/* Geometric count >= 1 with continuation probability q, capped. */
static int
geometric1(uint64_t *s, double q, int cap)
{
	int			k = 1;

	while (k < cap && ct_uniform(s) < q)
		k++;
	return k;
}

void
ct_sample_customer(int64_t seed, int64_t id, ct_customer *c)
{
	uint64_t	st = (uint64_t) seed * UINT64_C(0xD1B54A32D192ED03);
	uint64_t   *s = &st;
	double		zv,
				z,
				u;
	bool		serial;

	/* decorrelate neighbouring ids and seeds */
	st ^= (uint64_t) id * UINT64_C(0x9E3779B97F4A7C15);
	(void) ct_splitmix64(s);

	c->customer_id = id;
	serial = ct_uniform(s) < 0.03;	/* serial unreasonable complainants */
	zv = std_normal(s);			/* latent customer value */

	u = ct_uniform(s);
	c->gender = u < 0.02 ? -1 : (u < 0.51 ? 0 : 1);
	c->age = (int) clamp(round_to(41.0 + 13.0 * std_normal(s), 1.0), 18.0, 90.0);

	/* tenure: log-normal, median about 16 months, longer for valuable customers */
	z = 0.4 * zv + 0.9165 * std_normal(s);
	c->tenure_months = clamp(round_to(exp(2.8 + 0.9 * z), 1.0), 1.0, 360.0);

	/* ARPU: log-normal (skewed), median about 45, driven by value */
	z = 0.8 * zv + 0.6 * std_normal(s);
	c->arpu = round_to(exp(3.8 + 0.7 * z), 100.0);

	/* level: ordered cuts on a value-correlated latent (50/30/13/5/2 %) */
	z = 0.75 * zv + 0.6614 * std_normal(s);
	c->customer_level = z < 0.0 ? 0 : z < 0.84 ? 1 : z < 1.48 ? 2 : z < 2.05 ? 3 : 4;

	/* data share: younger and more valuable customers use more data */
	c->data_share = round_to(clamp(0.4 + 0.15 * std_normal(s) + 0.05 * zv
								   - 0.005 * (c->age - 41), 0.0, 1.0), 1000.0);

	/* payment channel: more reliable channels for valuable customers */
	u = ct_uniform(s) + 0.08 * zv;
	c->payment_channel = u < 0.15 ? 0 : u < 0.35 ? 1 : u < 0.68 ? 2 : 3;

	/* arrears: zero-heavy, more frequent for cash and prepaid payers */
	u = ct_uniform(s);
	if (u < (c->payment_channel <= 1 ? 0.30 : 0.12))
		c->arrears_count_12m = geometric1(s, 0.45, 12);
	else
		c->arrears_count_12m = 0;

	/* complaints in 90 days, this one included: 1 + Poisson */
	c->complaints_90d = 1 + (serial ? poisson(s, 0.0024787521766663585)	/* e^-6 */
							 : poisson(s, 0.6703200460356393));	/* e^-0.4 */

	/* share of past complaints judged unreasonable: zero-heavy */
	if (serial)
		c->unreasonable_ratio = round_to(0.5 + 0.5 * ct_uniform(s), 100.0);
	else if (ct_uniform(s) < 0.25)
		c->unreasonable_ratio = round_to(0.5 * ct_uniform(s), 100.0);
	else
		c->unreasonable_ratio = 0.0;

	/* escalations: rare, common among serial complainants */
	u = ct_uniform(s);
	c->escalations_12m = (u < (serial ? 0.5 : 0.07)) ? geometric1(s, 0.35, 10) : 0;

	c->emotional = ct_uniform(s) < (serial ? 0.4 : 0.15);

	/* problem type, shifted towards new services for heavy data users */
	u = ct_uniform(s);
	if (u < 0.30 - 0.2 * (c->data_share - 0.4))
		c->problem_type = 0;
	else if (u < 0.55 - 0.2 * (c->data_share - 0.4))
		c->problem_type = 1;
	else if (u < 0.72)
		c->problem_type = 2;
	else if (u < 0.82)
		c->problem_type = 3;
	else if (u < 0.93)
		c->problem_type = 4;
	else
		c->problem_type = 5;

	/* handling history */
	z = std_normal(s);
	c->handling_hours = round_to(exp(3.2 + 0.8 * z + (serial ? 0.5 : 0.0)), 10.0);
	c->accepted_ratio = round_to(clamp((serial ? 0.35 : 0.78) + 0.18 * std_normal(s),
									   0.0, 1.0), 100.0);
	c->satisfaction = round_to(clamp(3.7 + 0.7 * std_normal(s)
									 + 1.2 * (c->accepted_ratio - 0.75)
									 - 0.15 * z, 1.0, 5.0), 10.0);

	/* safeguards */
	c->porting_requested = ct_uniform(s) < (c->satisfaction < 2.5 ? 0.08 : 0.015);
	c->vulnerable = ct_uniform(s) < (c->age >= 70 ? 0.2 : 0.03);
}
