/*
 * ct_text.c
 *		Small text helpers shared by the core's option parsers.
 */
#include "ct_text.h"

#include <ctype.h>
#include <string.h>

int
ct_word_equals(const char *s, size_t len, const char *word)
{
	size_t		wlen = strlen(word);
	size_t		i;

	while (len > 0 && isspace((unsigned char) *s))
	{
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char) s[len - 1]))
		len--;
	if (len != wlen)
		return 0;
	for (i = 0; i < len; i++)
		if (tolower((unsigned char) s[i]) != word[i])
			return 0;
	return 1;
}
