/*
 * ct_error.c
 *		Filling the core's error struct (see ct_error.h).
 */
#include "ct_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void		(*ct_interrupt_hook) (void) = NULL;

void
ct_error_clear(ct_error *e)
{
	if (e == NULL)
		return;
	e->code = CT_OK;
	e->position = 0;
	e->message[0] = '\0';
	e->detail[0] = '\0';
	e->hint[0] = '\0';
}

ct_code
ct_fail(ct_error *e, ct_code code, const char *fmt,...)
{
	va_list		ap;

	if (e == NULL)
		return code;
	e->code = code;
	e->position = 0;
	e->detail[0] = '\0';
	e->hint[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return code;
}

void
ct_detail(ct_error *e, const char *fmt,...)
{
	va_list		ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
	va_end(ap);
}

void
ct_hint(ct_error *e, const char *fmt,...)
{
	va_list		ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(e->hint, sizeof(e->hint), fmt, ap);
	va_end(ap);
}
