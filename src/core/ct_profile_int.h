/*
 * ct_profile_int.h
 *		Private declarations shared by the files of the ticket profile: the
 *		Misra-Gries summaries (ct_profile_top.c) that the state operations
 *		(ct_profile_state.c), the checks and accessors (ct_profile_read.c)
 *		and the text form (ct_profile_form.c) use.  Not part of the API;
 *		callers include ct_profile.h.
 */
#ifndef CT_PROFILE_INT_H
#define CT_PROFILE_INT_H

#include <math.h>
#include <string.h>

#include "ct_profile.h"
#include "ct_text.h"

#define CT_PROFILE_HORIZON_USEC ((int64_t) CT_PROFILE_HORIZON_DAYS * CT_USEC_PER_DAY)

/* The value bytes of a top entry. */
static inline const char *
ct_profile_top_value(const ct_profile_state *st, const ct_profile_top *x)
{
	return ct_profile_pool(st) + x->off;
}

/* Byte order of two top entries (of possibly different states). */
static inline int
ct_profile_top_cmp(const ct_profile_state *sa, const ct_profile_top *a,
				   const ct_profile_state *sb, const ct_profile_top *b)
{
	if (a->field != b->field)
		return a->field < b->field ? -1 : 1;
	return ct_cmp_bytes(ct_profile_top_value(sa, a), a->len,
						ct_profile_top_value(sb, b), b->len);
}

/* Does the time lie within the horizon of a state whose last ticket is last? */
static inline bool
ct_profile_in_horizon(int64_t ts, int64_t last)
{
	return ts > last - CT_PROFILE_HORIZON_USEC;
}

/* Counters of field f in st. */
extern int	ct_profile_field_count(const ct_profile_state *st, int f);

/* Add one ticket with value (v, len) of field f to the summary. */
extern void ct_profile_top_add(ct_profile_state *st, int f, const char *v,
							   size_t len);

/*
 * Write the counters of a and b (b may be NULL) into dst's empty top array
 * and pool, merged per field (Agarwal et al. 2013), in (field, value) order,
 * and set dst's errors.  dst has room for both sides' entries and values.
 */
extern ct_code ct_profile_top_merge(ct_profile_state *dst,
									const ct_profile_state *a,
									const ct_profile_state *b, ct_error *e);

/* The entry indices of st in (field, value) order, into idx[ntop]. */
extern void ct_profile_top_order(const ct_profile_state *st, int *idx);

#endif							/* CT_PROFILE_INT_H */
