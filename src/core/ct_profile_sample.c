/*
 * ct_profile_sample.c
 *		Synthetic complaint tickets behind the synthetic customers (see
 *		ct_profile_sample.h; distributions in doc/profile.md).
 *
 * Profiled at CT_SAMPLE_TICKETS_AS_OF, customer i's tickets give exactly
 * its complaints_90d, escalations_12m and problem_type (a strict majority
 * of its tickets), and approximately its unreasonable_ratio and
 * accepted_ratio (the nearest share over its tickets), handling_hours
 * (per-ticket hours around it, rounded to 0.1) and satisfaction (whole
 * scores rounded at random from it, 30 % of surveys unanswered).
 */
#include "ct_profile_sample.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct_sample.h"

const char *const ct_sample_ticket_channels[5] = {
	"hotline", "online", "app", "store", "social_media"
};
const char *const ct_sample_ticket_remedies[6] = {
	"explanation", "apology", "refund", "bill_credit", "repair", "replacement"
};

/* likely remedies per problem type (ct_sample_problems order), best first */
static const int remedy_by_problem[6][3] = {
	{2, 3, 0},					/* billing: refund, bill credit, explanation */
	{4, 3, 0},					/* network: repair, bill credit, explanation */
	{0, 2, 1},					/* new_service: explanation, refund, apology */
	{5, 4, 0},					/* terminal: replacement, repair, explanation */
	{0, 4, 1},					/* app: explanation, repair, apology */
	{0, 1, 3}					/* other: explanation, apology, bill credit */
};

#define SEC_PER_DAY INT64_C(86400)

static int64_t
uniform_int(uint64_t *s, int64_t n)
{
	return (int64_t) floor(ct_uniform(s) * (double) n);
}

/* Set flag[] for k of the npool indices in pool[], chosen at random. */
static void
mark_random(uint64_t *s, bool *flag, int *pool, int npool, int k)
{
	int			i;

	for (i = 0; i < k && i < npool; i++)
	{
		int			j = i + (int) uniform_int(s, npool - i);
		int			t = pool[i];

		pool[i] = pool[j];
		pool[j] = t;
		flag[pool[i]] = true;
	}
}

static int
cmp_offset_desc(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a;
	int64_t		y = *(const int64_t *) b;

	return (x < y) - (x > y);
}

int
ct_sample_tickets(int64_t seed, int64_t id, ct_sample_ticket *out)
{
	ct_customer c;
	uint64_t	st = (uint64_t) seed * UINT64_C(0x94D049BB133111EB);
	uint64_t   *s = &st;
	int64_t		off[CT_SAMPLE_TICKETS_MAX];	/* seconds before as_of */
	bool		flag[CT_SAMPLE_TICKETS_MAX];
	int			pool[CT_SAMPLE_TICKETS_MAX];
	double		w[CT_SAMPLE_TICKETS_MAX];
	int			n90,
				n_old,
				n365 = 0,
				n = 0,
				i,
				k;
	double		wsum = 0;

	ct_sample_customer(seed, id, &c);
	st ^= (uint64_t) id * UINT64_C(0xBF58476D1CE4E5B9) ^ UINT64_C(0x7E5A4C6B1D2F3A59);
	(void) ct_splitmix64(s);

	/* when: the last 90 days hold exactly complaints_90d tickets */
	n90 = c.complaints_90d;
	for (i = 0; i < n90; i++)
		off[n++] = uniform_int(s, 90 * SEC_PER_DAY);
	/* older tickets, 90 to 730 days back: more for frequent complainants */
	n_old = (int) uniform_int(s, 2 + 3 * (int64_t) (n90 - 1));
	for (i = 0; i < n_old && n < CT_SAMPLE_TICKETS_MAX; i++)
		off[n++] = 90 * SEC_PER_DAY + uniform_int(s, 640 * SEC_PER_DAY);
	for (i = 0; i < n; i++)
		n365 += off[i] < 365 * SEC_PER_DAY;
	/* enough tickets in the last 365 days to carry escalations_12m */
	for (; n365 < c.escalations_12m && n < CT_SAMPLE_TICKETS_MAX; n365++)
		off[n++] = 90 * SEC_PER_DAY + uniform_int(s, 275 * SEC_PER_DAY);
	qsort(off, (size_t) n, sizeof(int64_t), cmp_offset_desc);

	memset(out, 0, (size_t) n * sizeof(ct_sample_ticket));
	for (i = 0; i < n; i++)
	{
		ct_sample_ticket *t = &out[i];
		double		u = ct_uniform(s);
		double		z = (ct_uniform(s) + ct_uniform(s) + ct_uniform(s) + ct_uniform(s) - 2.0) * 1.7320508075688772;
		double		frac = c.satisfaction - floor(c.satisfaction);

		t->ticket_id = id * 1000 + i + 1;
		t->customer_id = id;
		t->opened_at = CT_SAMPLE_TICKETS_AS_OF - off[i] * INT64_C(1000000);
		/* channel: heavy data users complain online and in the app */
		u -= 0.1 * (c.data_share - 0.4);
		t->channel = u < 0.45 ? 0 : u < 0.70 ? 1 : u < 0.90 ? 2 : u < 0.97 ? 3 : 4;
		t->problem_type = (int) uniform_int(s, 6);
		w[i] = exp(0.5 * z);
		wsum += w[i];
		t->has_satisfaction = ct_uniform(s) >= 0.3;
		if (t->has_satisfaction)
			t->satisfaction = floor(c.satisfaction) + (ct_uniform(s) < frac ? 1.0 : 0.0);
	}
	/* handling hours around the customer's mean */
	for (i = 0; i < n; i++)
	{
		double		h = floor(c.handling_hours * w[i] * n / wsum * 10.0 + 0.5) / 10.0;

		out[i].handling_hours = h < 0.1 ? 0.1 : h;
	}
	/* the customer's problem type on a strict majority of the tickets */
	for (i = 0; i < n; i++)
	{
		pool[i] = i;
		flag[i] = false;
	}
	mark_random(s, flag, pool, n, n / 2 + 1);
	for (i = 0; i < n; i++)
	{
		if (flag[i])
			out[i].problem_type = c.problem_type;
		out[i].remedy = remedy_by_problem[out[i].problem_type][uniform_int(s, 3)];
	}
	/* escalations_12m escalated tickets among those of the last 365 days */
	k = 0;
	for (i = 0; i < n; i++)
	{
		flag[i] = false;
		if (off[i] < 365 * SEC_PER_DAY)
			pool[k++] = i;
	}
	mark_random(s, flag, pool, k, c.escalations_12m);
	for (i = 0; i < n; i++)
		out[i].escalated = flag[i];
	/* the nearest shares of unreasonable and accepted tickets */
	for (i = 0; i < n; i++)
	{
		pool[i] = i;
		flag[i] = false;
	}
	mark_random(s, flag, pool, n, (int) floor(c.unreasonable_ratio * n + 0.5));
	for (i = 0; i < n; i++)
	{
		out[i].unreasonable = flag[i];
		pool[i] = i;
		flag[i] = false;
	}
	mark_random(s, flag, pool, n, (int) floor(c.accepted_ratio * n + 0.5));
	for (i = 0; i < n; i++)
		out[i].accepted = flag[i];
	return n;
}
