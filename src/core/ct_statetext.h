/*
 * ct_statetext.h
 *		The versioned text form shared by the aggregate state types
 *		(indicator_stats, logit_stats): "v<version>;<header>;key=x,y,..;..."
 *		with every number written in the shortest form that reads back to the
 *		same bits, and a reader that reports the character position of the
 *		first problem.
 */
#ifndef CT_STATETEXT_H
#define CT_STATETEXT_H

#include <stddef.h>

#include "ct_error.h"

/* Write one double in the shortest exact form; returns its length. */
extern int	ct_format_double(double x, char *buf, size_t buflen);

/*
 * A writer into buf[0..cap) that counts the length the whole text needs
 * (as snprintf), so that a caller can size the buffer with a first pass.
 */
typedef struct ct_text_out
{
	char	   *buf;
	size_t		cap;
	size_t		len;
} ct_text_out;

extern void ct_text_out_str(ct_text_out *o, const char *s);

/* ";key=v0,v1,..." */
extern void ct_text_out_list(ct_text_out *o, const char *key, const double *v,
							 size_t n);

/* NUL-terminate (within cap) and return the full length. */
extern size_t ct_text_out_end(ct_text_out *o);

/*
 * A reader of the text form of a state of type `type`; a failure is
 * CT_EFORMAT "invalid input syntax for type <type>" with the 1-based
 * position in e->position, the detail "<what> at character N." and the
 * hint.
 */
typedef struct ct_text_in
{
	const char *text;
	const char *p;
	const char *type;
	const char *hint;
} ct_text_in;

extern ct_code ct_text_in_fail(const ct_text_in *in, const char *at,
							   const char *what, ct_error *e);

/* Consume a literal at *p; 0 (nothing consumed) when it is not there. */
extern int	ct_text_eat(const char **p, const char *lit);

/* Consume a decimal integer in [lo, hi] (at most 9 digits). */
extern int	ct_text_eat_int(const char **p, long lo, long hi, long *out);

/*
 * Read ";key=" and exactly n finite numbers separated by commas (no white
 * space, no nan or inf) into v.
 */
extern ct_code ct_text_in_list(ct_text_in *in, const char *key, double *v,
							   size_t n, ct_error *e);

#endif							/* CT_STATETEXT_H */
