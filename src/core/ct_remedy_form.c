/*
 * ct_remedy_form.c
 *		Remedy statistics from and to the outside (see ct_remedy.h): the
 *		check of a state block from an untrusted source (binary input,
 *		disk), and the JSON text form, written and parsed.
 */
#include "ct_remedy_int.h"

#include <stdio.h>

#include "ct_json.h"

ct_code
ct_remedy_check(const ct_remedy_state *st, size_t bytes, ct_error *e)
{
	const ct_remedy_entry *en;
	uint32_t	i;

	if (bytes < sizeof(ct_remedy_state))
		return ct_fail(e, CT_EFORMAT, "remedy_stats value is truncated");
	if (st->format != CT_REMEDY_FORMAT)
	{
		ct_fail(e, CT_EFORMAT, "unsupported remedy_stats format %u", (unsigned) st->format);
		ct_detail(e, "This version reads format %d.", CT_REMEDY_FORMAT);
		return CT_EFORMAT;
	}
	if (st->cap_entries > CT_REMEDY_MAX_ENTRIES || st->nentries > st->cap_entries ||
		st->pool_used > st->pool_cap ||
		ct_remedy_bytes(st->cap_entries, st->pool_cap) != bytes)
		return ct_fail(e, CT_EFORMAT, "corrupt remedy_stats value: inconsistent sizes");
	en = ct_remedy_entries(st);
	for (i = 0; i < st->nentries; i++)
	{
		const ct_remedy_entry *x = &en[i];
		ct_code		rc = ct_remedy_check_entry(st, x, e);

		if (rc != CT_OK)
			return rc;
		if (i > 0 && ct_remedy_cmp_entries(st, &en[i - 1], st, x) >= 0)
			return ct_fail(e, CT_EFORMAT, "corrupt remedy_stats value: keys out of order");
	}
	return CT_OK;
}

ct_code
ct_remedy_check_entry(const ct_remedy_state *st, const ct_remedy_entry *x, ct_error *e)
{
	if (x->seg_len > CT_REMEDY_MAX_KEY || x->prob_len > CT_REMEDY_MAX_KEY ||
		x->rem_len > CT_REMEDY_MAX_KEY ||
		(size_t) x->off + x->seg_len + x->prob_len + x->rem_len > st->pool_used)
		return ct_fail(e, CT_EFORMAT, "corrupt remedy_stats value: key out of bounds");
	if (!ct_remedy_counts_valid(x->cases, x->accepted, x->sat_cases, x->sat_sum))
		return ct_fail(e, CT_EFORMAT, "corrupt remedy_stats value: invalid counts");
	return CT_OK;
}

/* ------------------------------------------------------------ text form */

size_t
ct_remedy_text_bound(const ct_remedy_state *st)
{
	/* a key byte becomes at most 6 (\u00XX); numbers at most 25 each */
	return 64 + (size_t) st->nentries * (3 * 2 + 4 * 26 + 16) + (size_t) st->pool_used * 6;
}

size_t
ct_remedy_to_text(const ct_remedy_state *st, char *out, size_t outsize)
{
	const ct_remedy_entry *en = ct_remedy_entries(st);
	const char *pool = ct_remedy_pool(st);
	size_t		o;
	uint32_t	i;

	if (outsize < ct_remedy_text_bound(st))
	{
		if (outsize)
			out[0] = '\0';
		return 0;
	}
	o = (size_t) sprintf(out, "{\"format\": %d, \"entries\": [", CT_REMEDY_FORMAT);
	for (i = 0; i < st->nentries; i++)
	{
		const ct_remedy_entry *x = &en[i];
		const char *k = pool + x->off;

		if (i > 0)
		{
			out[o++] = ',';
			out[o++] = ' ';
		}
		out[o++] = '[';
		o += ct_json_put_string(out + o, k, x->seg_len);
		out[o++] = ',';
		out[o++] = ' ';
		o += ct_json_put_string(out + o, k + x->seg_len, x->prob_len);
		out[o++] = ',';
		out[o++] = ' ';
		o += ct_json_put_string(out + o, k + x->seg_len + x->prob_len, x->rem_len);
		o += (size_t) sprintf(out + o, ", %lld, %lld, %lld, ", (long long) x->cases,
							  (long long) x->accepted, (long long) x->sat_cases);
		o += ct_json_put_double(out + o, x->sat_sum);
		out[o++] = ']';
	}
	out[o++] = ']';
	out[o++] = '}';
	out[o] = '\0';
	return o;
}

#define REMEDY_STR_(x) #x
#define REMEDY_STR(x) REMEDY_STR_(x)
#define REMEDY_LONG_DETAIL "Segment, problem type and remedy are limited to " REMEDY_STR(CT_REMEDY_MAX_KEY) " bytes each."
#define REMEDY_HINT "The text form is {\"format\": 1, \"entries\": [[segment, problem_type, remedy, cases, accepted, satisfaction_cases, satisfaction_sum], ...]}."

static ct_code
read_int(ct_json_reader *r, int64_t *v)
{
	return ct_json_int(r, v, "a non-negative integer count");
}

ct_code
ct_remedy_parse(const char *text, size_t len, ct_remedy_state *dst,
				uint32_t *nentries, uint32_t *pool_bytes, ct_error *e)
{
	ct_json_reader r;
	ct_code		rc;
	int64_t		format;
	char		keys[2][3][CT_REMEDY_MAX_KEY];	/* current and previous key */
	size_t		klen[2][3];
	int			cur = 0;
	uint64_t	n = 0,
				bytes = 0;

	ct_error_clear(e);
	ct_json_init(&r, text, len, e, "remedy_stats", REMEDY_HINT, REMEDY_LONG_DETAIL);
	if ((rc = ct_json_expect(&r, '{', "\"{\"")) != CT_OK ||
		(rc = ct_json_key(&r, "format")) != CT_OK)
		return rc;
	{
		size_t		at;

		ct_json_skip_ws(&r);
		at = r.pos;
		if ((rc = read_int(&r, &format)) != CT_OK)
			return rc;
		if (format != CT_REMEDY_FORMAT)
		{
			r.pos = at;
			ct_fail(e, CT_EFORMAT, "unsupported remedy_stats format %lld", (long long) format);
			ct_detail(e, "This version reads format %d.", CT_REMEDY_FORMAT);
			e->position = ct_json_char_pos(&r);
			return CT_EFORMAT;
		}
	}
	if ((rc = ct_json_expect(&r, ',', "\",\"")) != CT_OK ||
		(rc = ct_json_key(&r, "entries")) != CT_OK ||
		(rc = ct_json_expect(&r, '[', "\"[\"")) != CT_OK)
		return rc;
	ct_json_skip_ws(&r);
	if (r.pos < r.len && r.s[r.pos] == ']')
		r.pos++;
	else
	{
		for (;;)
		{
			int64_t		cases,
						accepted,
						sat_cases;
			double		sat_sum;
			int			k;
			size_t		at;

			if ((rc = ct_json_expect(&r, '[', "\"[\" opening an entry")) != CT_OK)
				return rc;
			ct_json_skip_ws(&r);
			at = r.pos;
			for (k = 0; k < 3; k++)
			{
				if (k > 0 && (rc = ct_json_expect(&r, ',', "\",\"")) != CT_OK)
					return rc;
				if ((rc = ct_json_string(&r, keys[cur][k], CT_REMEDY_MAX_KEY, &klen[cur][k])) != CT_OK)
					return rc;
			}
			if ((rc = ct_json_expect(&r, ',', "\",\"")) != CT_OK ||
				(rc = read_int(&r, &cases)) != CT_OK ||
				(rc = ct_json_expect(&r, ',', "\",\"")) != CT_OK ||
				(rc = read_int(&r, &accepted)) != CT_OK ||
				(rc = ct_json_expect(&r, ',', "\",\"")) != CT_OK ||
				(rc = read_int(&r, &sat_cases)) != CT_OK ||
				(rc = ct_json_expect(&r, ',', "\",\"")) != CT_OK ||
				(rc = ct_json_double(&r, &sat_sum, "a finite satisfaction sum")) != CT_OK ||
				(rc = ct_json_expect(&r, ']', "\"]\" closing an entry")) != CT_OK)
				return rc;
			if (!ct_remedy_counts_valid(cases, accepted, sat_cases, sat_sum))
			{
				r.pos = at;
				ct_fail(e, CT_EFORMAT, "invalid counts in remedy_stats text");
				ct_detail(e, "An entry needs 0 <= accepted <= cases, satisfaction_cases >= 0 and a zero sum without satisfaction cases (entry at character %d).", ct_json_char_pos(&r));
				e->position = ct_json_char_pos(&r);
				return CT_EFORMAT;
			}
			if (n > 0)
			{
				int			c = 0;
				int			prev = 1 - cur;

				for (k = 0; k < 3 && c == 0; k++)
					c = ct_remedy_cmp_bytes(keys[prev][k], klen[prev][k], keys[cur][k], klen[cur][k]);
				if (c >= 0)
				{
					r.pos = at;
					ct_fail(e, CT_EFORMAT, "remedy_stats entries out of order");
					ct_detail(e, "Entries must be in ascending byte order of (segment, problem type, remedy) without duplicates (entry at character %d).", ct_json_char_pos(&r));
					e->position = ct_json_char_pos(&r);
					return CT_EFORMAT;
				}
			}
			n++;
			bytes += klen[cur][0] + klen[cur][1] + klen[cur][2];
			if (n > CT_REMEDY_MAX_ENTRIES || ct_remedy_bytes(0, 0) + n * sizeof(ct_remedy_entry) + bytes > CT_REMEDY_MAX_BYTES)
			{
				ct_fail(e, CT_ELIMIT, "remedy_stats text is too large");
				ct_detail(e, "The limits are %d entries and %d bytes.", CT_REMEDY_MAX_ENTRIES, CT_REMEDY_MAX_BYTES);
				return CT_ELIMIT;
			}
			if (dst != NULL)
			{
				if ((rc = ct_remedy_add(dst, keys[cur][0], klen[cur][0], keys[cur][1], klen[cur][1],
										keys[cur][2], klen[cur][2], cases, accepted,
										sat_cases, sat_sum, e)) != CT_OK)
					return rc;
			}
			cur = 1 - cur;
			ct_json_skip_ws(&r);
			if (r.pos < r.len && r.s[r.pos] == ',')
			{
				r.pos++;
				continue;
			}
			if ((rc = ct_json_expect(&r, ']', "\",\" or \"]\"")) != CT_OK)
				return rc;
			break;
		}
	}
	if ((rc = ct_json_expect(&r, '}', "\"}\"")) != CT_OK)
		return rc;
	if ((rc = ct_json_end(&r)) != CT_OK)
		return rc;
	*nentries = (uint32_t) n;
	*pool_bytes = (uint32_t) bytes;
	return CT_OK;
}
