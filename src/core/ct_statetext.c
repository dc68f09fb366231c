/*
 * ct_statetext.c
 *		The versioned text form of the aggregate states (see
 *		ct_statetext.h): shortest exact numbers, a counting writer and a
 *		positional reader.
 */
#include "ct_statetext.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
ct_format_double(double x, char *buf, size_t buflen)
{
	char		tmp[40];
	int			prec;
	int			len = 0;

	for (prec = 15; prec <= 17; prec++)
	{
		len = snprintf(tmp, sizeof(tmp), "%.*g", prec, x);
		if (strtod(tmp, NULL) == x && (x != 0 || signbit(strtod(tmp, NULL)) == signbit(x)))
			break;
	}
	if (buflen > 0)
		snprintf(buf, buflen, "%s", tmp);
	return len;
}

void
ct_text_out_str(ct_text_out *o, const char *s)
{
	size_t		n = strlen(s);

	if (o->len < o->cap)
	{
		size_t		room = o->cap - o->len;
		size_t		c = n < room ? n : room;

		memcpy(o->buf + o->len, s, c);
	}
	o->len += n;
}

void
ct_text_out_list(ct_text_out *o, const char *key, const double *v, size_t n)
{
	char		num[40];
	size_t		i;

	ct_text_out_str(o, ";");
	ct_text_out_str(o, key);
	ct_text_out_str(o, "=");
	for (i = 0; i < n; i++)
	{
		if (i > 0)
			ct_text_out_str(o, ",");
		ct_format_double(v[i], num, sizeof(num));
		ct_text_out_str(o, num);
	}
}

size_t
ct_text_out_end(ct_text_out *o)
{
	if (o->cap > 0)
		o->buf[o->len < o->cap ? o->len : o->cap - 1] = '\0';
	return o->len;
}

ct_code
ct_text_in_fail(const ct_text_in *in, const char *at, const char *what,
				ct_error *e)
{
	ct_fail(e, CT_EFORMAT, "invalid input syntax for type %s", in->type);
	e->position = (int) (at - in->text) + 1;
	ct_detail(e, "%s at character %d.", what, e->position);
	ct_hint(e, "%s", in->hint);
	return CT_EFORMAT;
}

int
ct_text_eat(const char **p, const char *lit)
{
	size_t		n = strlen(lit);

	if (strncmp(*p, lit, n) != 0)
		return 0;
	*p += n;
	return 1;
}

int
ct_text_eat_int(const char **p, long lo, long hi, long *out)
{
	char	   *end;
	long		v;

	if (**p < '0' || **p > '9')
		return 0;
	errno = 0;
	v = strtol(*p, &end, 10);
	if (errno != 0 || end - *p > 9 || v < lo || v > hi)
		return 0;
	*p = end;
	*out = v;
	return 1;
}

ct_code
ct_text_in_list(ct_text_in *in, const char *key, double *v, size_t n,
				ct_error *e)
{
	const char **p = &in->p;
	size_t		i;
	char		what[80];

	if (!ct_text_eat(p, ";") || !ct_text_eat(p, key) || !ct_text_eat(p, "="))
	{
		snprintf(what, sizeof(what), "Expected \";%s=\"", key);
		return ct_text_in_fail(in, *p, what, e);
	}
	for (i = 0; i < n; i++)
	{
		char	   *end;
		const char *q;

		if (i > 0 && !ct_text_eat(p, ","))
		{
			snprintf(what, sizeof(what), "Expected \",\" or %zu more value%s in %s",
					 n - i, n - i == 1 ? "" : "s", key);
			return ct_text_in_fail(in, *p, what, e);
		}
		q = *p;
		/* strtod would skip white space and accept nan/inf: refuse both */
		if (!((*q >= '0' && *q <= '9') || *q == '-' || *q == '+' || *q == '.'))
		{
			snprintf(what, sizeof(what), "Expected a number in %s", key);
			return ct_text_in_fail(in, q, what, e);
		}
		errno = 0;
		v[i] = strtod(q, &end);
		if (end == q || (errno == ERANGE && fabs(v[i]) > 1) || !isfinite(v[i]))
		{
			snprintf(what, sizeof(what), "Invalid or out-of-range number in %s", key);
			return ct_text_in_fail(in, q, what, e);
		}
		*p = end;
	}
	if (**p == ',')
	{
		snprintf(what, sizeof(what), "Too many values in %s (expected %zu)", key, n);
		return ct_text_in_fail(in, *p, what, e);
	}
	return CT_OK;
}
