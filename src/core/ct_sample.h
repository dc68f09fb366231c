/*
 * ct_sample.h
 *		Deterministic generator of synthetic complaint customers in the
 *		canonical input schema (doc/schema.md), for demos, tests and
 *		benchmarks.
 *
 * Row i of seed s depends only on (s, i): a splitmix64 stream is seeded
 * from both, so rows can be produced one at a time, in any order, and the
 * same seed gives the same rows on every platform.  The generator uses
 * integer arithmetic, + - * / on doubles, and exp()/log() only where a
 * skewed distribution needs it; every generated real is rounded to a few
 * decimals, so a last-bit difference between C libraries cannot show.
 */
#ifndef CT_SAMPLE_H
#define CT_SAMPLE_H

#include <stdbool.h>
#include <stdint.h>

/* Levels in the order of doc/schema.md (lowest first). */
extern const char *const ct_sample_levels[5];
extern const char *const ct_sample_channels[4];
extern const char *const ct_sample_problems[6];

typedef struct ct_customer
{
	int64_t		customer_id;
	int			gender;			/* 0 'F', 1 'M', -1 NULL */
	int			age;
	double		tenure_months;
	int			customer_level; /* index into ct_sample_levels */
	double		arpu;
	double		data_share;
	int			payment_channel;	/* index into ct_sample_channels */
	int			arrears_count_12m;
	int			complaints_90d;
	double		unreasonable_ratio;
	int			escalations_12m;
	bool		emotional;
	int			problem_type;	/* index into ct_sample_problems */
	double		handling_hours;
	double		accepted_ratio;
	double		satisfaction;
	bool		porting_requested;
	bool		vulnerable;
} ct_customer;

/* The splitmix64 step: advances *state and returns the next 64 bits. */
extern uint64_t ct_splitmix64(uint64_t *state);

/* A uniform double in [0,1) from the top 53 bits of the stream. */
extern double ct_uniform(uint64_t *state);

/* Fill *c with customer number id (1-based) of the sample for seed. */
extern void ct_sample_customer(int64_t seed, int64_t id, ct_customer *c);

#endif							/* CT_SAMPLE_H */
