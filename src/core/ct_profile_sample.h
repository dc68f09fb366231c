/*
 * ct_profile_sample.h
 *		Deterministic synthetic complaint tickets consistent with the
 *		synthetic customers of ct_sample.h: the tickets of customer i of seed
 *		s reproduce, profiled at CT_SAMPLE_TICKETS_AS_OF, that customer's
 *		complaint history (doc/profile.md, "Sample tickets").
 *
 * Customer i's tickets depend only on (s, i), through a splitmix64 stream
 * of their own (the customer's own stream is left as it is), so
 * sample_customers is unchanged and any prefix of customers has the same
 * tickets.  Times are whole seconds; handling hours are rounded to 0.1 and
 * satisfaction scores are whole numbers.
 */
#ifndef CT_PROFILE_SAMPLE_H
#define CT_PROFILE_SAMPLE_H

#include <stdbool.h>
#include <stdint.h>

/* 2025-01-01 00:00:00 UTC in microseconds since 2000-01-01 */
#define CT_SAMPLE_TICKETS_AS_OF INT64_C(789004800000000)
/* tickets of one customer never exceed this (ticket ids are id*1000 + j) */
#define CT_SAMPLE_TICKETS_MAX	999

extern const char *const ct_sample_ticket_channels[5];
extern const char *const ct_sample_ticket_remedies[6];

typedef struct ct_sample_ticket
{
	int64_t		ticket_id;		/* customer_id * 1000 + j, j = 1.. in time order */
	int64_t		customer_id;
	int64_t		opened_at;		/* microseconds since 2000-01-01 UTC */
	int			channel;		/* index into ct_sample_ticket_channels */
	int			problem_type;	/* index into ct_sample_problems */
	bool		escalated;
	double		handling_hours;
	int			remedy;			/* index into ct_sample_ticket_remedies */
	bool		accepted;
	bool		has_satisfaction;	/* the survey was answered */
	double		satisfaction;
	bool		unreasonable;
} ct_sample_ticket;

/*
 * The tickets of customer id (1-based) of the sample for seed, in time
 * order, into out[CT_SAMPLE_TICKETS_MAX]; returns how many (at least one).
 */
extern int	ct_sample_tickets(int64_t seed, int64_t id, ct_sample_ticket *out);

#endif							/* CT_PROFILE_SAMPLE_H */
