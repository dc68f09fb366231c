/*
 * ct_stats_pg.c
 *		The indicator_stats type (text and binary I/O), its aggregates
 *		indicator_stats(float8[]) and merge(indicator_stats), and the
 *		accessors and derived results computed from a state.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "ct_objweights.h"
#include "ct_pg.h"
#include "ct_stats.h"
#include "ct_stats_pg.h"
#include "ct_wire.h"

PG_FUNCTION_INFO_V1(ct_indicator_stats_in);
PG_FUNCTION_INFO_V1(ct_indicator_stats_out);
PG_FUNCTION_INFO_V1(ct_indicator_stats_recv);
PG_FUNCTION_INFO_V1(ct_indicator_stats_send);
PG_FUNCTION_INFO_V1(ct_indicator_stats_accum);
PG_FUNCTION_INFO_V1(ct_indicator_stats_combine);
PG_FUNCTION_INFO_V1(ct_stats_count_sql);
PG_FUNCTION_INFO_V1(ct_stats_null_count_sql);
PG_FUNCTION_INFO_V1(ct_stats_min_sql);
PG_FUNCTION_INFO_V1(ct_stats_max_sql);
PG_FUNCTION_INFO_V1(ct_stats_mean_sql);
PG_FUNCTION_INFO_V1(ct_stats_stddev_sql);
PG_FUNCTION_INFO_V1(ct_correlation_matrix_sql);
PG_FUNCTION_INFO_V1(ct_covariance_matrix_sql);
PG_FUNCTION_INFO_V1(ct_critic_weights_sql);
PG_FUNCTION_INFO_V1(ct_stddev_weights_sql);
PG_FUNCTION_INFO_V1(ct_pca_weights_sql);
PG_FUNCTION_INFO_V1(ct_kendall_w_of_stats_sql);

CtStatsData *
ct_stats_new(int k)
{
	Size		sz = CT_STATS_SIZE(k);
	CtStatsData *st = (CtStatsData *) palloc(sz);

	SET_VARSIZE(st, sz);
	st->version = CT_STATS_VERSION;
	st->k = k;
	ct_stats_init(st->data, k);
	return st;
}

static CtStatsData *
stats_copy(const CtStatsData *src)
{
	CtStatsData *st = (CtStatsData *) palloc(VARSIZE(src));

	memcpy(st, src, VARSIZE(src));
	return st;
}

static void
stats_check_struct(const CtStatsData *st)
{
	if (st->version != CT_STATS_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("unsupported indicator_stats version %d", st->version),
				 errdetail("This build reads version %d.", CT_STATS_VERSION)));
	if (st->k < 1 || st->k > CT_STATS_MAX_COLS || VARSIZE(st) != CT_STATS_SIZE(st->k))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted indicator_stats value"),
				 errdetail("Column count %d does not match the value's size %u.",
						   st->k, (unsigned) VARSIZE(st))));
}

CtStatsData *
ct_stats_arg(FunctionCallInfo fcinfo, int n, bool validate, ct_stats *view)
{
	CtStatsData *st = (CtStatsData *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n));

	stats_check_struct(st);
	ct_stats_view(view, st->data, st->k);
	if (validate)
	{
		ct_error	err;

		ct_check(ct_stats_validate(view, &err), &err);
	}
	return st;
}

void
ct_stats_notice_constant(const unsigned char *constant, int k,
						 const char *what)
{
	StringInfoData list;
	int			n = 0;

	initStringInfo(&list);
	for (int j = 0; j < k; j++)
		if (constant[j])
		{
			appendStringInfo(&list, "%s%d", n > 0 ? ", " : "", j + 1);
			n++;
		}
	if (n > 0)
		ereport(NOTICE,
				(errmsg("indicator%s %s do%s not vary and get%s weight 0",
						n == 1 ? "" : "s", list.data, n == 1 ? "es" : "",
						n == 1 ? "s" : ""),
				 errdetail("%s", what)));
	pfree(list.data);
}

/* ---- I/O ---- */

Datum
ct_indicator_stats_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	ct_error	err;
	int			k;
	CtStatsData *st;
	ct_stats	s;

	ct_check(ct_stats_parse_header(text, &k, &err), &err);
	st = ct_stats_new(k);
	ct_stats_view(&s, st->data, k);
	ct_check(ct_stats_parse(text, &s, &err), &err);
	PG_RETURN_POINTER(st);
}

Datum
ct_indicator_stats_out(PG_FUNCTION_ARGS)
{
	ct_stats	s;
	size_t		len;
	char	   *buf;

	(void) ct_stats_arg(fcinfo, 0, false, &s);
	len = ct_stats_format(&s, NULL, 0);
	buf = palloc(len + 1);
	ct_stats_format(&s, buf, len + 1);
	PG_RETURN_CSTRING(buf);
}

Datum
ct_indicator_stats_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const uint8 *bytes = (const uint8 *) buf->data + buf->cursor;
	size_t		len = buf->len - buf->cursor;
	int			k;
	CtStatsData *st;
	ct_stats	s;
	ct_error	err;

	/* the checks of untrusted bytes are the core's (ct_wire.c) */
	if (ct_stats_recv_k(bytes, len, &k, &err) != CT_OK)
		ct_report_binary(&err);
	st = ct_stats_new(k);
	ct_stats_view(&s, st->data, k);
	if (ct_stats_recv(bytes, len, &s, &err) != CT_OK)
		ct_report_binary(&err);
	buf->cursor = buf->len;
	PG_RETURN_POINTER(st);
}

Datum
ct_indicator_stats_send(PG_FUNCTION_ARGS)
{
	ct_stats	s;
	CtStatsData *st = ct_stats_arg(fcinfo, 0, false, &s);
	size_t		n = ct_stats_send_size(st->k);
	bytea	   *out = (bytea *) palloc(VARHDRSZ + n);

	SET_VARSIZE(out, VARHDRSZ + n);
	ct_stats_send(&s, (uint8 *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

/* ---- aggregates ---- */

int
ct_fit_row_len(ArrayType *a, const char *argname, int min_len, int limit)
{
	int			n;

	if (ARR_NDIM(a) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must not be empty", argname),
				 errhint("Pass one element per indicator, or NULL to skip the row.")));
	if (ARR_NDIM(a) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", argname),
				 errdetail("It has %d dimensions.", ARR_NDIM(a))));
	n = ARR_DIMS(a)[0];
	if (n > limit)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s has too many elements", argname),
				 errdetail("The array has %d elements; the limit is %d.", n, limit)));
	if (n < min_len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs at least %d elements", argname, min_len),
				 errdetail("It has %d.", n)));
	return n;
}

/*
 * Transition function of indicator_stats(float8[]).  Not STRICT: it creates
 * the state on the first non-NULL array (no INITCOND, since k is only known
 * then) and skips NULL arrays.  Inside an aggregate the state lives in the
 * aggregate context and is updated in place, as float8_accum does; called
 * directly, it works on a copy.
 */
Datum
ct_indicator_stats_accum(PG_FUNCTION_ARGS)
{
	CtStatsData *st;
	ArrayType  *a;
	int			k;
	ct_stats	s;
	ct_error	err;
	ct_code		rc;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	a = PG_GETARG_ARRAYTYPE_P(1);
	k = ct_fit_row_len(a, "v", 1, CT_STATS_MAX_COLS);

	if (PG_ARGISNULL(0))
	{
		/* the executor copies a new state into the aggregate context */
		st = ct_stats_new(k);
	}
	else
	{
		st = (CtStatsData *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
		if (!AggCheckCallContext(fcinfo, NULL))
		{
			stats_check_struct(st);
			st = stats_copy(st);
		}
		if (st->k != k)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("all arrays in one indicator_stats aggregation must have the same length"),
					 errdetail("Earlier arrays had %d elements; this one has %d.", st->k, k)));
	}
	ct_stats_view(&s, st->data, k);
	rc = ct_stats_add_row(&s, (const double *) ARR_DATA_PTR(a),
						  (const uint8_t *) ARR_NULLBITMAP(a), &err);
	if (rc != CT_OK)
		ct_report(&err);
	/* progress while fit names a phase: the clock starts at the first row */
	ct_progress_row(ct_progress_fn(fcinfo));
#ifdef USE_ASSERT_CHECKING
	Assert(ct_stats_validate(&s, &err) != CT_EFORMAT);
#endif
	PG_RETURN_POINTER(st);
}

/*
 * Combine function of indicator_stats, and transition function of
 * merge(indicator_stats).  A NULL side is the empty state; states of
 * different column counts are refused.
 */
Datum
ct_indicator_stats_combine(PG_FUNCTION_ARGS)
{
	CtStatsData *a;
	CtStatsData *b;
	ct_stats	sa,
				sb;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = ct_stats_arg(fcinfo, 1, false, &sb);
	if (PG_ARGISNULL(0))
	{
		/* the executor copies the result into the aggregate context */
		PG_RETURN_POINTER(b == (CtStatsData *) DatumGetPointer(PG_GETARG_DATUM(1)) ?
						  stats_copy(b) : b);
	}
	a = (CtStatsData *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	if (!AggCheckCallContext(fcinfo, NULL))
	{
		stats_check_struct(a);
		a = stats_copy(a);
	}
	if (a->k != b->k)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("cannot merge indicator_stats states with different column counts"),
				 errdetail("One state has %d columns, the other %d.", a->k, b->k)));
	ct_stats_view(&sa, a->data, a->k);
	ct_stats_merge(&sa, &sb);
#ifdef USE_ASSERT_CHECKING
	{
		/* a merge of consistent states is consistent (or overflowed) */
		ct_error	err;

		Assert(ct_stats_validate(&sa, &err) != CT_EFORMAT);
	}
#endif
	PG_RETURN_POINTER(a);
}

/* ---- accessors ---- */

static ArrayType *
float8_array_nulls(const double *v, const bool *nulls, int ndim, int *dims)
{
	int			n = 1;
	int			lbs[2] = {1, 1};
	Datum	   *d;

	for (int i = 0; i < ndim; i++)
		n *= dims[i];
	d = palloc(sizeof(Datum) * n);
	for (int i = 0; i < n; i++)
		d[i] = Float8GetDatum(nulls != NULL && nulls[i] ? 0 : v[i]);
	return construct_md_array(d, (bool *) nulls, ndim, dims, lbs, FLOAT8OID,
							  sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

/* A bigint[] of per-column counts (non-NULL values, or NULL elements). */
static Datum
per_column_count(FunctionCallInfo fcinfo, bool nulls)
{
	ct_stats	s;
	CtStatsData *st = ct_stats_arg(fcinfo, 0, true, &s);
	Datum	   *d = palloc(sizeof(Datum) * st->k);

	for (int j = 0; j < st->k; j++)
		d[j] = Int64GetDatum((int64) (nulls ? s.nulls[j] : s.count[j]));
	PG_RETURN_ARRAYTYPE_P(construct_array(d, st->k, INT8OID, sizeof(int64),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

Datum
ct_stats_count_sql(PG_FUNCTION_ARGS)
{
	return per_column_count(fcinfo, false);
}

Datum
ct_stats_null_count_sql(PG_FUNCTION_ARGS)
{
	return per_column_count(fcinfo, true);
}

/* One value per column, NULL where the column has fewer than min_count values. */
static Datum
per_column(FunctionCallInfo fcinfo, int which)
{
	ct_stats	s;
	CtStatsData *st = ct_stats_arg(fcinfo, 0, true, &s);
	int			k = st->k;
	double	   *v = palloc(sizeof(double) * k);
	bool	   *nulls = palloc(sizeof(bool) * k);
	bool		any_null = false;

	for (int j = 0; j < k; j++)
	{
		double		need = (which == 3) ? 2 : 1;

		nulls[j] = s.count[j] < need;
		any_null |= nulls[j];
		switch (which)
		{
			case 0:
				v[j] = s.min[j];
				break;
			case 1:
				v[j] = s.max[j];
				break;
			case 2:
				v[j] = s.mean[j];
				break;
			default:
				v[j] = ct_stats_stddev(&s, j);
				break;
		}
	}
	PG_RETURN_ARRAYTYPE_P(float8_array_nulls(v, any_null ? nulls : NULL, 1, &k));
}

Datum
ct_stats_min_sql(PG_FUNCTION_ARGS)
{
	return per_column(fcinfo, 0);
}

Datum
ct_stats_max_sql(PG_FUNCTION_ARGS)
{
	return per_column(fcinfo, 1);
}

Datum
ct_stats_mean_sql(PG_FUNCTION_ARGS)
{
	return per_column(fcinfo, 2);
}

Datum
ct_stats_stddev_sql(PG_FUNCTION_ARGS)
{
	return per_column(fcinfo, 3);
}

Datum
ct_correlation_matrix_sql(PG_FUNCTION_ARGS)
{
	ct_stats	s;
	CtStatsData *st = ct_stats_arg(fcinfo, 0, true, &s);
	int			k = st->k;
	int			dims[2] = {k, k};
	double	   *r;
	unsigned char *def;
	bool	   *nulls;
	bool		any_null = false;
	ct_error	err;

	if (*s.complete < 2)
		PG_RETURN_NULL();
	r = palloc(sizeof(double) * k * k);
	def = palloc(k * k);
	nulls = palloc(sizeof(bool) * k * k);
	ct_check(ct_stats_correlation(&s, r, def, &err), &err);
	for (int i = 0; i < k * k; i++)
	{
		nulls[i] = !def[i];
		any_null |= nulls[i];
	}
	PG_RETURN_ARRAYTYPE_P(float8_array_nulls(r, any_null ? nulls : NULL, 2, dims));
}

Datum
ct_covariance_matrix_sql(PG_FUNCTION_ARGS)
{
	ct_stats	s;
	CtStatsData *st = ct_stats_arg(fcinfo, 0, true, &s);
	int			k = st->k;
	double	   *c;
	ct_error	err;

	if (*s.complete < 2)
		PG_RETURN_NULL();
	c = palloc(sizeof(double) * k * k);
	ct_check(ct_stats_covariance(&s, c, &err), &err);
	PG_RETURN_ARRAYTYPE_P(ct_float8_matrix(c, k, k));
}

Datum
ct_critic_weights_sql(PG_FUNCTION_ARGS)
{
	ct_stats	s;
	CtStatsData *st = ct_stats_arg(fcinfo, 0, true, &s);
	int			k = st->k;
	double	   *w = palloc(sizeof(double) * k);
	unsigned char *constant = palloc(k);
	double	   *scratch = palloc(sizeof(double) * k * k);
	unsigned char *bscratch = palloc(k * k);
	int			ninfo;
	ct_error	err;

	if (*s.complete < 2)
		PG_RETURN_NULL();
	ct_check(ct_critic_weights(&s, w, constant, &ninfo, scratch, bscratch, &err), &err);
	if (ninfo == 0)
	{
		ereport(NOTICE,
				(errmsg("no indicator varies, so CRITIC weights are undefined"),
				 errdetail("Every column is constant over the complete rows.")));
		PG_RETURN_NULL();
	}
	ct_stats_notice_constant(constant, k, "CRITIC leaves indicators without variation out of the correlation sums.");
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(w, k));
}

Datum
ct_stddev_weights_sql(PG_FUNCTION_ARGS)
{
	ct_stats	s;
	CtStatsData *st = ct_stats_arg(fcinfo, 0, true, &s);
	int			k = st->k;
	bool		range_scaled = PG_NARGS() > 1 ? PG_GETARG_BOOL(1) : true;
	double	   *w = palloc(sizeof(double) * k);
	unsigned char *constant = palloc(k);
	int			ninfo;

	ct_stddev_weights(&s, range_scaled, w, constant, &ninfo);
	if (ninfo == 0)
	{
		ereport(NOTICE,
				(errmsg("no indicator varies, so standard-deviation weights are undefined")));
		PG_RETURN_NULL();
	}
	ct_stats_notice_constant(constant, k, "A column with fewer than two values or max = min has no spread.");
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(w, k));
}

Datum
ct_pca_weights_sql(PG_FUNCTION_ARGS)
{
	ct_stats	s;
	CtStatsData *st = ct_stats_arg(fcinfo, 0, true, &s);
	int			k = st->k;
	double		share = PG_NARGS() > 1 ? PG_GETARG_FLOAT8(1) : 0.85;
	double	   *w = palloc(sizeof(double) * k);
	unsigned char *constant = palloc(k);
	double	   *scratch = palloc(sizeof(double) * (3 * k * k + 2 * k));
	unsigned char *bscratch = palloc(k * k);
	int			ninfo,
				ncomp;
	ct_error	err;

	if (isnan(share))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("variance_share must be in (0, 1]"),
				 errdetail("Got NaN.")));
	if (!(share > 0 && share <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("variance_share must be in (0, 1]"),
				 errdetail("Got %g.", share)));
	if (*s.complete < 2)
		PG_RETURN_NULL();
	ct_check(ct_pca_weights(&s, share, w, constant, &ninfo, &ncomp, scratch, bscratch, &err), &err);
	if (ninfo == 0)
	{
		ereport(NOTICE,
				(errmsg("no indicator varies, so PCA weights are undefined")));
		PG_RETURN_NULL();
	}
	ct_stats_notice_constant(constant, k, "PCA uses the correlation matrix of the indicators that vary.");
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(w, k));
}

/*
 * _kendall_w_of_stats(s): Kendall's W (tie-corrected, without the check
 * that ranks sum to n (n + 1) / 2, which ranks estimated from a sketch need
 * not meet) of the complete
 * rows of an indicator_stats state of rankings: fit's concordance scan
 * takes W and the Spearman matrix from one state of the ranks.
 */
Datum
ct_kendall_w_of_stats_sql(PG_FUNCTION_ARGS)
{
	ct_stats	s;
	double	   *st;
	double		w;
	int			defined;
	ct_error	err;

	ct_stats_arg(fcinfo, 0, true, &s);
	if (s.k < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("Kendall's W needs at least 2 rankings"),
				 errdetail("The indicator_stats state has %d column.", s.k)));
	st = palloc(sizeof(double) * ct_kendall_len(s.k));
	ct_kendall_from_stats(&s, st);
	ct_check(ct_kendall_w_ranks(st, 0, &w, &defined, &err), &err);
	pfree(st);
	if (!defined)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(w);
}

