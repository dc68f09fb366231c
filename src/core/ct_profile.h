/*
 * ct_profile.h
 *		The complaint-customer profile built from ticket history: a mergeable
 *		state of one customer's tickets (the engine-free core of the
 *		profile_state type and its aggregates; doc/profile.md).
 *
 * What a state holds, over the tickets aggregated into it:
 *	- lifetime counts: tickets, first and last ticket time, escalation,
 *	  unreasonable and acceptance flags (known, true), handling hours (n,
 *	  sum, max), satisfaction (n, sum);
 *	- the recent tickets, for counts in rolling windows: one entry per
 *	  distinct ticket time within CT_PROFILE_HORIZON_DAYS of the last ticket
 *	  (ticket count, escalation flags known and true).  An entry older than
 *	  that can never fall in a window ending at or after the last ticket,
 *	  so dropping it is exact for every as-of time the accessors accept;
 *	- per categorical field (problem type, channel, remedy) a Misra-Gries
 *	  summary of at most CT_PROFILE_TOP_K counters (Misra and Gries 1982;
 *	  merged as in Agarwal et al., "Mergeable summaries", ACM TODS 38(4),
 *	  2013) and its error: with at most K distinct values the counts are
 *	  exact (error 0); otherwise each counter undercounts its value by at
 *	  most the error, a value without a counter has at most the error
 *	  tickets, and the error is at most n/(K+1) for n tickets with a value.
 *
 * Times are microseconds since 2000-01-01 00:00:00 UTC (PostgreSQL's
 * TimestampTz), limited to the years 1 to 9999.  Windows are exact
 * durations: a window of d days at as_of holds the tickets with
 * as_of - d * 86,400 s < time <= as_of.
 *
 * The state is one contiguous block (header, time entries, top entries,
 * byte pool of values), so a host can store it as a variable-length value:
 * the first 4 bytes (host_header) are the host's length word, never read by
 * the core.  Text form: JSON (castable to jsonb), ct_profile_form.c.
 */
#ifndef CT_PROFILE_H
#define CT_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"

#define CT_PROFILE_FORMAT		1
#define CT_PROFILE_HORIZON_DAYS 365 /* longest window, and what is kept */
#define CT_PROFILE_TOP_K		16	/* Misra-Gries counters per field */
#define CT_PROFILE_NFIELDS		3
#define CT_PROFILE_MAX_KEY		1024	/* bytes of one categorical value */
#define CT_PROFILE_MAX_TIMES	1000000 /* distinct ticket times kept */
#define CT_PROFILE_MAX_BYTES	(256 * 1024 * 1024) /* whole state */

#define CT_USEC_PER_DAY			INT64_C(86400000000)
/* 0001-01-01 00:00:00 and 9999-12-31 23:59:59.999999 UTC */
#define CT_PROFILE_MIN_TIME		INT64_C(-63082281600000000)
#define CT_PROFILE_MAX_TIME		INT64_C(252455615999999999)

typedef enum ct_profile_field
{
	CT_PROFILE_PROBLEM = 0,
	CT_PROFILE_CHANNEL = 1,
	CT_PROFILE_REMEDY = 2
} ct_profile_field;

/* "problem_type", "channel", "remedy" */
extern const char *const ct_profile_field_names[CT_PROFILE_NFIELDS];

typedef struct ct_profile_time
{
	int64_t		ts;
	uint32_t	n;				/* tickets at ts */
	uint32_t	esc_known;		/* of which the escalation flag is known */
	uint32_t	esc_yes;		/* of which escalated */
	uint32_t	reserved;
} ct_profile_time;

typedef struct ct_profile_top
{
	int64_t		count;			/* Misra-Gries counter */
	uint32_t	off;			/* value bytes in the pool */
	uint16_t	len;
	uint8_t		field;
	uint8_t		reserved;
} ct_profile_top;

typedef struct ct_profile_state
{
	uint32_t	host_header;	/* reserved for the host; never read */
	uint32_t	format;
	uint32_t	ntimes;
	uint32_t	cap_times;
	uint32_t	ntop;
	uint32_t	cap_top;
	uint32_t	pool_used;		/* bytes used, removed values included */
	uint32_t	pool_cap;
	uint32_t	pool_live;		/* bytes of the values in use */
	uint32_t	reserved;
	int64_t		tickets;
	int64_t		first_ts;
	int64_t		last_ts;
	int64_t		esc_known;
	int64_t		esc_yes;
	int64_t		unr_known;
	int64_t		unr_yes;
	int64_t		acc_known;
	int64_t		acc_yes;
	int64_t		hand_n;
	double		hand_sum;
	double		hand_max;
	int64_t		sat_n;
	double		sat_sum;
	int64_t		top_err[CT_PROFILE_NFIELDS];
	/* ct_profile_time times[cap_times]; ct_profile_top top[cap_top]; pool */
} ct_profile_state;

static inline ct_profile_time *
ct_profile_times(const ct_profile_state *st)
{
	return (ct_profile_time *) ((char *) st + sizeof(ct_profile_state));
}

static inline ct_profile_top *
ct_profile_tops(const ct_profile_state *st)
{
	return (ct_profile_top *) ((char *) ct_profile_times(st) +
							   (size_t) st->cap_times * sizeof(ct_profile_time));
}

static inline char *
ct_profile_pool(const ct_profile_state *st)
{
	return (char *) ct_profile_tops(st) + (size_t) st->cap_top * sizeof(ct_profile_top);
}

/* One ticket as the aggregate sees it. */
typedef struct ct_ticket
{
	int64_t		ts;
	const char *value[CT_PROFILE_NFIELDS];	/* NULL: unknown */
	size_t		len[CT_PROFILE_NFIELDS];
	int			escalated;		/* 1, 0, or -1 unknown */
	int			unreasonable;
	int			accepted;
	bool		has_handling;
	double		handling_hours; /* finite, >= 0 */
	bool		has_satisfaction;
	double		satisfaction;	/* finite */
} ct_ticket;

/* Capacities of a block. */
typedef struct ct_profile_caps
{
	uint32_t	times;
	uint32_t	top;
	uint32_t	pool;
} ct_profile_caps;

/* Bytes of a block with the given capacities. */
extern size_t ct_profile_bytes(const ct_profile_caps *caps);

/* An empty state (no ticket) in a block of ct_profile_bytes(caps) bytes. */
extern void ct_profile_init(ct_profile_state *st, const ct_profile_caps *caps);

/* The capacities a compact copy of st needs. */
extern void ct_profile_used(const ct_profile_state *st, ct_profile_caps *used);

/*
 * Check a ticket before it is added: its time within the years 1-9999,
 * handling hours finite and non-negative, satisfaction finite, values at
 * most CT_PROFILE_MAX_KEY bytes.
 */
extern ct_code ct_profile_check_ticket(const ct_ticket *t, ct_error *e);

/*
 * Whether ct_profile_add of t cannot run out of room; otherwise the caller
 * copies the state into a block with the capacities *need (at least what
 * the copy and the ticket take) and adds there.
 */
extern bool ct_profile_room(const ct_profile_state *st, const ct_ticket *t,
							ct_profile_caps *need);

/* Add a checked ticket (the caller made sure of the room). */
extern ct_code ct_profile_add(ct_profile_state *st, const ct_ticket *t,
							  ct_error *e);

/*
 * A compact copy of src into dst, initialised with capacities of at least
 * ct_profile_used(src); top entries sorted by field and value bytes.
 */
extern void ct_profile_copy(ct_profile_state *dst, const ct_profile_state *src);

/*
 * Merge a and b into dst, initialised with capacities of at least the sum
 * of theirs as ct_profile_used reports them.  CT_ERANGE when a count
 * overflows, CT_ELIMIT beyond CT_PROFILE_MAX_TIMES.
 */
extern ct_code ct_profile_merge(ct_profile_state *dst, const ct_profile_state *a,
								const ct_profile_state *b, ct_error *e);

/*
 * Check a block from an untrusted source (binary input, disk) of the given
 * size: format, sizes, offsets, count invariants.
 */
extern ct_code ct_profile_check(const ct_profile_state *st, size_t bytes,
								ct_error *e);

/* ------------------------------------------------------------ reading */

/*
 * Check an as-of time against a state: within the years 1-9999 and not
 * before the state's last ticket (the windows and the recency are only
 * defined from there on).
 */
extern ct_code ct_profile_check_as_of(const ct_profile_state *st, int64_t as_of,
									  ct_error *e);

/*
 * Tickets and escalation flags in the window of `days` days (1 to
 * CT_PROFILE_HORIZON_DAYS) ending at as_of (checked first).
 */
extern ct_code ct_profile_window(const ct_profile_state *st, int64_t as_of,
								 int days, int64_t *tickets, int64_t *esc_known,
								 int64_t *esc_yes, ct_error *e);

/*
 * The index (into ct_profile_tops) of the most frequent value of a field:
 * the largest counter, ties to the smaller value in byte order; -1 when the
 * field has no value.
 */
extern int	ct_profile_top_index(const ct_profile_state *st, ct_profile_field f);

/* The counters of a field, sorted by count descending then value. */
extern int	ct_profile_top_sorted(const ct_profile_state *st, ct_profile_field f,
								  int *idx);

/* The customer-level row at as_of (doc/profile.md, "The profile row"). */
typedef struct ct_profile_row
{
	int64_t		tickets;
	int64_t		complaints_30d;
	int64_t		complaints_90d;
	int64_t		complaints_365d;
	bool		escalations_null;	/* no escalation flag known at all */
	int64_t		escalations;
	bool		escalations_12m_null;	/* none known in the last 365 days */
	int64_t		escalations_12m;
	int64_t		first_ts;
	int64_t		last_ts;
	double		days_since_last;
	double		complainant_days;
	bool		unreasonable_null;
	double		unreasonable_ratio;
	bool		handling_null;
	double		handling_hours;
	double		handling_hours_max;
	bool		accepted_null;
	double		accepted_ratio;
	bool		satisfaction_null;
	double		satisfaction;
	int			top[CT_PROFILE_NFIELDS];	/* ct_profile_top_index */
} ct_profile_row;

/* The row of a non-empty state at as_of (checked first). */
extern ct_code ct_profile_summary(const ct_profile_state *st, int64_t as_of,
								  ct_profile_row *row, ct_error *e);

/* ------------------------------------------------------------ text form */

/* "2024-03-01T08:00:00Z" or with ".ffffff" when there are microseconds. */
#define CT_PROFILE_TIME_TEXT	32
extern size_t ct_profile_format_time(int64_t ts, char *out);

/* Parse that form (the fraction 1 to 6 digits); false when malformed. */
extern bool ct_profile_parse_time(const char *s, size_t len, int64_t *ts);

/* Upper bound of the text length, without the terminating NUL. */
extern size_t ct_profile_text_bound(const ct_profile_state *st);

/* Write the text form (NUL-terminated); returns its length. */
extern size_t ct_profile_to_text(const ct_profile_state *st, char *out,
								 size_t outsize);

/*
 * Parse the text form.  With dst NULL, only validates and reports the
 * capacities needed in *caps; then call again with dst initialised with
 * them.
 */
extern ct_code ct_profile_parse(const char *text, size_t len,
								ct_profile_state *dst, ct_profile_caps *caps,
								ct_error *e);

#endif							/* CT_PROFILE_H */
