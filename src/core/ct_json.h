/*
 * ct_json.h
 *		The small JSON reader and writer behind the text forms of the state
 *		types whose text is JSON (remedy_stats, profile_state): a cursor over
 *		the input that reports errors as "malformed <type> text" with the
 *		character position, what was expected and the type's hint, and the
 *		writers of strings and shortest-exact numbers.
 *
 * Only what those forms need: objects with keys in a fixed order, arrays,
 * strings (all escapes, surrogate pairs, no \u0000), non-negative integers
 * and finite numbers.
 */
#ifndef CT_JSON_H
#define CT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"

typedef struct ct_json_reader
{
	const char *s;
	size_t		len;
	size_t		pos;
	ct_error   *e;
	const char *type;			/* "remedy_stats": named in messages */
	const char *hint;			/* the text form, the hint of syntax errors */
	const char *long_detail;	/* detail when a string exceeds its buffer */
} ct_json_reader;

extern void ct_json_init(ct_json_reader *r, const char *s, size_t len,
						 ct_error *e, const char *type, const char *hint,
						 const char *long_detail);

/* 1-based character (not byte) position of the cursor. */
extern int	ct_json_char_pos(const ct_json_reader *r);

/* "malformed <type> text", "Expected <expected> at character N." */
extern ct_code ct_json_fail(ct_json_reader *r, const char *expected);

extern void ct_json_skip_ws(ct_json_reader *r);

/* Skip white space; is the next character c?  (Not consumed.) */
extern bool ct_json_peek(ct_json_reader *r, char c);

/* Skip white space and consume c, or fail expecting what. */
extern ct_code ct_json_expect(ct_json_reader *r, char c, const char *what);

/*
 * A JSON string into buf (at most cap bytes, UTF-8, no NUL byte); a longer
 * string fails with CT_ELIMIT, "<type> key is too long" and long_detail.
 */
extern ct_code ct_json_string(ct_json_reader *r, char *buf, size_t cap,
							  size_t *blen);

/* A non-negative integer (what names it in the error). */
extern ct_code ct_json_int(ct_json_reader *r, int64_t *v, const char *what);

/* A finite number (what names it in the error). */
extern ct_code ct_json_double(ct_json_reader *r, double *v, const char *what);

/*
 * The opening bracket of an array (what names it in the error); *empty is
 * true, and the closing bracket consumed, when the array has no element.
 */
extern ct_code ct_json_array_open(ct_json_reader *r, const char *what,
								  bool *empty);

/* After an element: a comma (*more true) or the closing bracket. */
extern ct_code ct_json_array_next(ct_json_reader *r, bool *more);

/* "name" followed by a colon. */
extern ct_code ct_json_key(ct_json_reader *r, const char *name);

/* White space, then the end of the input. */
extern ct_code ct_json_end(ct_json_reader *r);

/* Bytes ct_json_put_string may write for len input bytes. */
#define CT_JSON_STRING_BOUND(len) (2 + 6 * (size_t) (len))
/* Bytes ct_json_put_double may write. */
#define CT_JSON_DOUBLE_BOUND 32

/* Write s as a JSON string (quotes included); returns the bytes written. */
extern size_t ct_json_put_string(char *out, const char *s, size_t len);

/* Write the shortest decimal text that reads back to exactly x. */
extern size_t ct_json_put_double(char *out, double x);

#endif							/* CT_JSON_H */
