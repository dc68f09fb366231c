/*
 * ct_scalar_pg.c
 *		SQL wrappers of the scalar building blocks: normalize,
 *		normalize_target, quantify, weighted_sum and tier.
 */
#include "postgres.h"

#include "access/tupmacs.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"

#include "ct_pg.h"
#include "ct_scalar.h"

PG_FUNCTION_INFO_V1(ct_normalize_sql);
PG_FUNCTION_INFO_V1(ct_normalize_target_sql);
PG_FUNCTION_INFO_V1(ct_quantify_sql);
PG_FUNCTION_INFO_V1(ct_weighted_sum_sql);
PG_FUNCTION_INFO_V1(ct_tier_sql);

Datum
ct_normalize_sql(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);
	double		lo = PG_GETARG_FLOAT8(1);
	double		hi = PG_GETARG_FLOAT8(2);
	ct_direction dir = CT_BENEFIT;
	ct_error	err;
	double		out;

	ct_arg_finite(x, "x");
	ct_arg_finite(lo, "lo");
	ct_arg_finite(hi, "hi");
	if (PG_NARGS() > 3)
	{
		size_t		len;
		const char *w = ct_arg_word(PG_GETARG_TEXT_PP(3), &len);

		ct_check(ct_parse_direction(w, len, &dir, &err), &err);
	}
	ct_check(ct_normalize(x, lo, hi, dir, &out, &err), &err);
	PG_RETURN_FLOAT8(out);
}

Datum
ct_normalize_target_sql(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);
	double		lo = PG_GETARG_FLOAT8(1);
	double		hi = PG_GETARG_FLOAT8(2);
	double		best_lo = PG_GETARG_FLOAT8(3);
	double		best_hi = PG_GETARG_FLOAT8(4);
	ct_error	err;
	double		out;

	ct_arg_finite(x, "x");
	ct_arg_finite(lo, "lo");
	ct_arg_finite(hi, "hi");
	ct_arg_finite(best_lo, "best_lo");
	ct_arg_finite(best_hi, "best_hi");
	ct_check(ct_normalize_target(x, lo, hi, best_lo, best_hi, &out, &err), &err);
	PG_RETURN_FLOAT8(out);
}

/*
 * quantify() is called per row with the same levels array, so the parsed
 * levels are cached in fn_extra and reused while the raw array bytes are
 * unchanged (a memcmp, no allocation).
 */
typedef struct QuantifyCache
{
	Size		rawlen;
	char	   *raw;			/* copy of the levels array */
	int			n;
	char	  **levels;
	int		   *lens;
} QuantifyCache;

static QuantifyCache *
quantify_levels(FunctionCallInfo fcinfo, ArrayType *levels)
{
	QuantifyCache *c = (QuantifyCache *) fcinfo->flinfo->fn_extra;
	Size		rawlen = VARSIZE(levels);
	MemoryContext old;

	if (c != NULL && c->rawlen == rawlen && memcmp(c->raw, levels, rawlen) == 0)
		return c;

	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (c == NULL)
		c = palloc0(sizeof(QuantifyCache));
	else
	{
		/* a different array: drop the old copy before building the new one */
		pfree(c->raw);
		pfree(c->lens);
		for (int i = 0; i < c->n; i++)
			pfree(c->levels[i]);
		pfree(c->levels);
		c->raw = NULL;
		c->n = 0;
	}
	fcinfo->flinfo->fn_extra = c;
	c->levels = ct_arg_text_vector(levels, "levels", CT_MAX_VECTOR, &c->n, &c->lens);
	for (int i = 1; i < c->n; i++)
		for (int j = 0; j < i; j++)
			if (c->lens[i] == c->lens[j] && memcmp(c->levels[i], c->levels[j], c->lens[i]) == 0)
			{
				int			dup = i;

				c->n = 0;		/* leave the cache unusable */
				c->rawlen = 0;
				MemoryContextSwitchTo(old);
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("levels must be distinct"),
						 errdetail("Level \"%s\" appears at positions %d and %d.",
								   c->levels[dup], j + 1, dup + 1)));
			}
	c->raw = palloc(rawlen);
	memcpy(c->raw, levels, rawlen);
	c->rawlen = rawlen;
	MemoryContextSwitchTo(old);
	return c;
}

Datum
ct_quantify_sql(PG_FUNCTION_ARGS)
{
	text	   *level = PG_GETARG_TEXT_PP(0);
	ArrayType  *levels = PG_GETARG_ARRAYTYPE_P(1);
	QuantifyCache *c = quantify_levels(fcinfo, levels);
	size_t		len;
	const char *w = ct_arg_word(level, &len);
	int			idx = -1;

	for (int i = 0; i < c->n; i++)
		if ((size_t) c->lens[i] == len && memcmp(c->levels[i], w, len) == 0)
		{
			idx = i;
			break;
		}
	if (idx < 0)
	{
		StringInfoData known;

		initStringInfo(&known);
		for (int i = 0; i < c->n && known.len < 200; i++)
			appendStringInfo(&known, "%s\"%s\"", i > 0 ? ", " : "", c->levels[i]);
		if (known.len >= 200)
			appendStringInfoString(&known, ", ...");
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown level \"%s\"", text_to_cstring(level)),
				 errdetail("The levels are %s.", known.data),
				 errhint("Levels match exactly, including case.")));
	}

	if (PG_NARGS() > 2)
	{
		ArrayType  *scores_a = PG_GETARG_ARRAYTYPE_P(2);
		double	   *scores = ct_arg_vector_n(scores_a, "scores", c->n, "levels");

		PG_RETURN_FLOAT8(scores[idx]);
	}
	PG_RETURN_FLOAT8(ct_quantify_even(idx, c->n));
}

Datum
ct_weighted_sum_sql(PG_FUNCTION_ARGS)
{
	ArrayType  *va = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *wa = PG_GETARG_ARRAYTYPE_P(1);
	int			n;
	double	   *v = ct_arg_vector(va, "v", CT_MAX_VECTOR, &n);
	double	   *w = ct_arg_vector_n(wa, "w", n, "v");
	ct_error	err;

	ct_check(ct_check_weights(w, n, "weights", &err), &err);
	PG_RETURN_FLOAT8(ct_weighted_sum(v, w, n));
}

/* The i-th (0-based) element of a text[] without NULLs, without copying. */
static text *
text_array_element(ArrayType *a, int i)
{
	char	   *p = ARR_DATA_PTR(a);

	for (int k = 0; k < i; k++)
	{
		p = att_addlength_pointer(p, -1, p);
		p = (char *) att_align_nominal(p, TYPALIGN_INT);
	}
	return (text *) p;
}

Datum
ct_tier_sql(PG_FUNCTION_ARGS)
{
	double		score = PG_GETARG_FLOAT8(0);
	ArrayType  *cuts_a = PG_GETARG_ARRAYTYPE_P(1);
	ArrayType  *labels = PG_GETARG_ARRAYTYPE_P(2);
	int			ncuts;
	double	   *cuts;
	int			nlabels;
	int			band;
	ct_error	err;

	ct_arg_finite(score, "score");
	cuts = ct_arg_vector(cuts_a, "cuts", CT_MAX_GRADES, &ncuts);
	ct_check(ct_check_cuts(cuts, ncuts, &err), &err);
	if (ARR_NDIM(labels) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("labels must be a one-dimensional array")));
	if (array_contains_nulls(labels))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("labels must not contain NULL elements")));
	nlabels = ARR_DIMS(labels)[0];
	if (nlabels != ncuts + 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("labels must have one element more than cuts"),
				 errdetail("cuts has %d elements and labels has %d; %d cut points make %d bands.",
						   ncuts, nlabels, ncuts, ncuts + 1),
				 errhint("List the labels from the lowest band to the highest.")));
	band = ct_tier_index(score, cuts, ncuts);
	{
		text	   *label = text_array_element(labels, band);

		PG_RETURN_TEXT_P(cstring_to_text_with_len(VARDATA_ANY(label),
												  VARSIZE_ANY_EXHDR(label)));
	}
}
