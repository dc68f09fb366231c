/*
 * ct_text.h
 *		Small text helpers shared by the core's option parsers and the
 *		state types' value order.
 */
#ifndef CT_TEXT_H
#define CT_TEXT_H

#include <stddef.h>
#include <string.h>

/*
 * Does s[0..len) equal the lower-case keyword word, ignoring case and
 * surrounding white space?  Used for method, operator and direction names.
 */
extern int	ct_word_equals(const char *s, size_t len, const char *word);

/* Byte order of two byte strings: -1, 0 or 1 (a prefix sorts first). */
static inline int
ct_cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
	size_t		m = al < bl ? al : bl;
	int			c = m ? memcmp(a, b, m) : 0;

	if (c != 0)
		return c < 0 ? -1 : 1;
	return (al > bl) - (al < bl);
}

#endif							/* CT_TEXT_H */
