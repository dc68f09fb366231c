/*
 * ct_remedy.h
 *		Remedy learning from handling history: a mergeable state of counts per
 *		(segment, problem type, remedy) -- cases with a known outcome, cases
 *		accepted, satisfaction sum -- and the recommendation of the remedy
 *		with the best 95% Wilson lower bound of acceptance.
 *
 * The state is one contiguous block (header, sorted entry array, byte pool
 * of keys), so a host can store it as a variable-length value: the first 4
 * bytes (host_header) are reserved for the host's length word and never read
 * by the core, and the entries are 8-byte aligned when the block is.
 * Text form (JSON, castable to jsonb; doc/validation.md):
 *		{"format": 1, "entries": [["segment", "problem", "remedy",
 *			cases, accepted, satisfaction_cases, satisfaction_sum], ...]}
 * with entries in ascending byte order of (segment, problem, remedy).
 */
#ifndef CT_REMEDY_H
#define CT_REMEDY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"

#define CT_REMEDY_FORMAT		1
#define CT_REMEDY_FORMAT_BUILD	0x52424c44u	/* working state of the aggregate, never stored */
#define CT_REMEDY_MAX_KEY		1024	/* bytes of one segment, problem or remedy */
#define CT_REMEDY_MAX_ENTRIES	1000000 /* distinct (segment, problem, remedy) */
#define CT_REMEDY_MAX_BYTES		(256 * 1024 * 1024)	/* whole state */
#define CT_WILSON_Z95			1.959963984540054	/* standard normal 0.975 quantile */

typedef struct ct_remedy_entry
{
	uint32_t	off;			/* pool offset: segment, problem, remedy bytes */
	uint32_t	seg_len;
	uint32_t	prob_len;
	uint32_t	rem_len;
	int64_t		cases;			/* cases with a known outcome */
	int64_t		accepted;		/* of which the remedy was accepted */
	int64_t		sat_cases;		/* cases with a satisfaction score */
	double		sat_sum;		/* sum of those scores */
} ct_remedy_entry;

typedef struct ct_remedy_state
{
	uint32_t	host_header;	/* reserved for the host; never read */
	uint32_t	format;
	uint32_t	nentries;
	uint32_t	cap_entries;
	uint32_t	pool_used;
	uint32_t	pool_cap;
	uint32_t	reserved[2];
	/* ct_remedy_entry entries[cap_entries]; char pool[pool_cap]; */
} ct_remedy_state;

static inline ct_remedy_entry *
ct_remedy_entries(const ct_remedy_state *st)
{
	return (ct_remedy_entry *) ((char *) st + sizeof(ct_remedy_state));
}

static inline char *
ct_remedy_pool(const ct_remedy_state *st)
{
	return (char *) st + sizeof(ct_remedy_state) +
		(size_t) st->cap_entries * sizeof(ct_remedy_entry);
}

/* Bytes of a state block with the given capacities. */
extern size_t ct_remedy_bytes(uint32_t cap_entries, uint32_t pool_cap);

/* Initialise an empty state in a block of ct_remedy_bytes(cap...) bytes. */
extern void ct_remedy_init(ct_remedy_state *st, uint32_t cap_entries,
						   uint32_t pool_cap);

/*
 * Check a state block of the given size from an untrusted source (binary
 * input, disk): format, sizes, offsets, count invariants and key order.
 */
extern ct_code ct_remedy_check(const ct_remedy_state *st, size_t bytes,
							   ct_error *e);

/* Whether adding a key of key_bytes bytes cannot overflow the capacities. */
extern bool ct_remedy_fits(const ct_remedy_state *st, size_t key_bytes);

/*
 * Add counts to the entry of a key, creating it in sorted position when new
 * (the caller made sure ct_remedy_fits).  Keys longer than
 * CT_REMEDY_MAX_KEY or totals beyond the limits give CT_ELIMIT.
 */
extern ct_code ct_remedy_add(ct_remedy_state *st,
							 const char *seg, size_t seg_len,
							 const char *prob, size_t prob_len,
							 const char *rem, size_t rem_len,
							 int64_t cases, int64_t accepted,
							 int64_t sat_cases, double sat_sum, ct_error *e);

/*
 * Merge a and b (b may be NULL) into dst, initialised with
 * cap_entries >= a->nentries + b->nentries and
 * pool_cap >= a->pool_used + b->pool_used.  dst ends up compact only in its
 * used counts; size it exactly with ct_remedy_merged_size first to store it.
 */
extern ct_code ct_remedy_merge(ct_remedy_state *dst, const ct_remedy_state *a,
							   const ct_remedy_state *b, ct_error *e);

/* Entries and pool bytes of merging a and b (b may be NULL). */
extern void ct_remedy_merged_size(const ct_remedy_state *a,
								  const ct_remedy_state *b,
								  uint32_t *nentries, uint32_t *pool_bytes);

/*
 * The working state of the remedy_stats aggregate (ct_remedy_build.c):
 * entries in arrival order with a hash index after the pool, format
 * CT_REMEDY_FORMAT_BUILD; ct_remedy_check refuses it.  Adding a row costs
 * the same whatever the number of keys; ct_remedy_build_finish sorts it
 * into a stored state (format 1) of capacities nentries and pool_used.
 */
extern size_t ct_remedy_build_bytes(uint32_t cap_entries, uint32_t pool_cap);
extern void ct_remedy_build_init(ct_remedy_state *st, uint32_t cap_entries,
								 uint32_t pool_cap);
extern bool ct_remedy_is_build(const ct_remedy_state *st);
/* Sizes, offsets and counts of a working state of the given size. */
extern ct_code ct_remedy_build_check(const ct_remedy_state *st, size_t bytes,
									 ct_error *e);
/* Whether a key of key_bytes bytes fits without growing the state. */
extern bool ct_remedy_build_fits(const ct_remedy_state *st, size_t key_bytes);
/* Add counts under a key (as ct_remedy_add); CT_ENOMEM when it must grow. */
extern ct_code ct_remedy_build_add(ct_remedy_state *st,
								   const char *seg, size_t seg_len,
								   const char *prob, size_t prob_len,
								   const char *rem, size_t rem_len,
								   int64_t cases, int64_t accepted,
								   int64_t sat_cases, double sat_sum,
								   ct_error *e);
/* Add every entry of src (either format) to the working state dst. */
extern ct_code ct_remedy_build_add_state(ct_remedy_state *dst,
										 const ct_remedy_state *src,
										 ct_error *e);
/*
 * Sort a working state into dst (a stored state initialised with
 * cap_entries >= src->nentries, pool_cap >= src->pool_used); idx and tmp
 * are scratch arrays of src->nentries.
 */
extern ct_code ct_remedy_build_finish(ct_remedy_state *dst,
									  const ct_remedy_state *src,
									  uint32_t *idx, uint32_t *tmp,
									  ct_error *e);

/* Upper bound of the text length, without the terminating NUL. */
extern size_t ct_remedy_text_bound(const ct_remedy_state *st);

/* Write the text form (NUL-terminated); returns its length. */
extern size_t ct_remedy_to_text(const ct_remedy_state *st, char *out,
								size_t outsize);

/*
 * Parse the text form.  With dst NULL, only validates and reports the
 * capacities needed in *nentries and *pool_bytes; then call again with a
 * dst initialised with those capacities.
 */
extern ct_code ct_remedy_parse(const char *text, size_t len,
							   ct_remedy_state *dst, uint32_t *nentries,
							   uint32_t *pool_bytes, ct_error *e);

/*
 * Wilson score interval lower bound for k successes in n trials at normal
 * quantile z (Wilson 1927; Newcombe 1998 method 3); 0 when n = 0.
 */
extern double ct_wilson_lower(int64_t k, int64_t n, double z);

/*
 * The entry index of the remedy recommended for (segment, problem): among
 * remedies with at least min_cases known outcomes, the best Wilson lower
 * bound (95%), ties broken by more cases, then by remedy bytes.  -1 when
 * none qualifies.
 */
extern int	ct_remedy_recommend(const ct_remedy_state *st,
								const char *seg, size_t seg_len,
								const char *prob, size_t prob_len,
								int64_t min_cases);

#endif							/* CT_REMEDY_H */
