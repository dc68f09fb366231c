/*
 * ct_error.h
 *		Error reporting for the engine-free core.
 *
 * The core never longjmps and never includes a PostgreSQL header: a function
 * that can fail returns a ct_code and fills a ct_error, which the glue in
 * src/pg turns into ereport() with the matching SQLSTATE.
 */
#ifndef CT_ERROR_H
#define CT_ERROR_H

#include <stddef.h>

typedef enum ct_code
{
	CT_OK = 0,
	CT_EINVAL,					/* invalid parameter value: 22023 */
	CT_ESHAPE,					/* array shape or length mismatch: 2202E */
	CT_ERANGE,					/* numeric value out of range: 22003 */
	CT_ELIMIT,					/* a documented size limit exceeded: 54000 */
	CT_ENOMEM,					/* out of memory: 53200 */
	CT_EFORMAT,					/* malformed text or binary input: 22P02 */
	CT_ESYNTAX,					/* syntax error in a rule: 42601 */
	CT_ENOCONV,					/* an iteration did not converge: 22000 */
	CT_EUNDEFINED				/* unknown name: 42704 */
} ct_code;

#define CT_MSG_LEN 256
#define CT_DETAIL_LEN 512

typedef struct ct_error
{
	ct_code		code;
	int			position;		/* 1-based position in a text input, 0 if none */
	char		message[CT_MSG_LEN];
	char		detail[CT_DETAIL_LEN];
	char		hint[CT_MSG_LEN];
} ct_error;

/* Clear an error struct; cheap enough for every call. */
extern void ct_error_clear(ct_error *e);

/*
 * Record a failure and return its code, so callers can write
 *		return ct_fail(e, CT_EINVAL, "lo must not exceed hi");
 * The message is a lower-case fragment in PostgreSQL style.
 */
extern ct_code ct_fail(ct_error *e, ct_code code, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

/* Add a detail sentence or a hint sentence to a recorded failure. */
extern void ct_detail(ct_error *e, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));
extern void ct_hint(ct_error *e, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

/*
 * Long-running core loops call CT_CHECK_INTERRUPTS() now and then.  The glue
 * points the hook at a function that services query cancellation (which may
 * longjmp out: core loops hold no resources of their own, all scratch memory
 * belongs to the caller).  Unset, it does nothing (unit tests, other hosts).
 */
extern void (*ct_interrupt_hook) (void);

#define CT_CHECK_INTERRUPTS() \
	do { if (ct_interrupt_hook) ct_interrupt_hook(); } while (0)

/* Documented size limits shared by the SQL API. */
#define CT_MAX_VECTOR		4096	/* indicators in one vector or weight array */
#define CT_MAX_GRADES		64		/* fuzzy grades, tier labels */
#define CT_MAX_AHP			64		/* order of an AHP pairwise matrix */
#define CT_MAX_RANK_N		16777216	/* elements ranked by spearman/kendall/ws */

#endif							/* CT_ERROR_H */
