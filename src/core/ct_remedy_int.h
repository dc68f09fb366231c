/*
 * ct_remedy_int.h
 *		Private declarations shared by the files of remedy statistics: the
 *		key order of the entry array (ct_remedy_state.c) and the count
 *		invariants, which the block check and the text reader
 *		(ct_remedy_form.c) and the recommendation (ct_remedy_recommend.c)
 *		rely on.  Not part of the API; callers include ct_remedy.h.
 */
#ifndef CT_REMEDY_INT_H
#define CT_REMEDY_INT_H

#include <math.h>
#include <string.h>

#include "ct_remedy.h"
#include "ct_text.h"

/* Byte order of two byte strings: -1, 0 or 1. */
static inline int
ct_remedy_cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
	return ct_cmp_bytes(a, al, b, bl);
}

/* The invariants of one entry's counts, wherever they come from. */
static inline bool
ct_remedy_counts_valid(int64_t cases, int64_t accepted, int64_t sat_cases,
					   double sat_sum)
{
	return cases >= 0 && accepted >= 0 && accepted <= cases && sat_cases >= 0 &&
		isfinite(sat_sum) && (sat_cases > 0 || sat_sum == 0.0);
}

/*
 * Compare an entry's key with (seg, prob, rem); rem NULL compares only two
 * parts.
 */
extern int	ct_remedy_cmp_key(const ct_remedy_state *st, const ct_remedy_entry *x,
							  const char *seg, size_t sl,
							  const char *prob, size_t pl,
							  const char *rem, size_t rl);

/* Compare the keys of entries of two (possibly different) states. */
extern int	ct_remedy_cmp_entries(const ct_remedy_state *sa,
								  const ct_remedy_entry *a,
								  const ct_remedy_state *sb,
								  const ct_remedy_entry *b);

/* Add counts to an entry, refusing totals out of range. */
extern ct_code ct_remedy_add_counts(ct_remedy_entry *x, int64_t cases,
									int64_t accepted, int64_t sat_cases,
									double sat_sum, ct_error *e);

/* The key lengths and counts of one added row: CT_ELIMIT, CT_EINVAL. */
extern ct_code ct_remedy_check_add(size_t sl, size_t pl, size_t rl,
								   int64_t cases, int64_t accepted,
								   int64_t sat_cases, double sat_sum,
								   ct_error *e);

/* Room for one more key: CT_ELIMIT past the limit, CT_ENOMEM when full. */
extern ct_code ct_remedy_check_room(const ct_remedy_state *st,
									size_t key_bytes, ct_error *e);

/* Write a new entry x (a free slot of st) and its key; counts it. */
extern void ct_remedy_fill_entry(ct_remedy_state *st, ct_remedy_entry *x,
								 const char *seg, size_t sl,
								 const char *prob, size_t pl,
								 const char *rem, size_t rl, int64_t cases,
								 int64_t accepted, int64_t sat_cases,
								 double sat_sum);

/* Offsets and counts of one entry of a block (stored or working). */
extern ct_code ct_remedy_check_entry(const ct_remedy_state *st,
									 const ct_remedy_entry *x, ct_error *e);

/* First index whose key is >= the given key (binary search). */
extern uint32_t ct_remedy_lower_bound(const ct_remedy_state *st,
									  const char *seg, size_t sl,
									  const char *prob, size_t pl,
									  const char *rem, size_t rl);

#endif							/* CT_REMEDY_INT_H */
