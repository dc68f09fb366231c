/*
 * ct_text.h
 *		Small text helpers shared by the core's option parsers.
 */
#ifndef CT_TEXT_H
#define CT_TEXT_H

#include <stddef.h>

/*
 * Does s[0..len) equal the lower-case keyword word, ignoring case and
 * surrounding white space?  Used for method, operator and direction names.
 */
extern int	ct_word_equals(const char *s, size_t len, const char *word);

#endif							/* CT_TEXT_H */
