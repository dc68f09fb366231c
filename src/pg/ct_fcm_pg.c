/*
 * ct_fcm_pg.c
 *		Fuzzy c-means in SQL: the fcm_stats type (text and binary I/O), the
 *		one-iteration aggregate fcm_stats(v, centres, m) and
 *		merge(fcm_stats), the accessors that turn a state into the next
 *		centres, the seeding aggregate fcm_seed(v, centres, seed), and the
 *		per-row fcm_membership and fcm_segment.  The arithmetic is
 *		src/core/ct_fcm.c; the driver fuzzy_cmeans() is PL/pgSQL
 *		(src/sql/705_fcm.sql) that only orchestrates the scans.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "ct_fcm.h"
#include "ct_pg.h"

PG_FUNCTION_INFO_V1(ct_fcm_stats_in);
PG_FUNCTION_INFO_V1(ct_fcm_stats_out);
PG_FUNCTION_INFO_V1(ct_fcm_stats_recv);
PG_FUNCTION_INFO_V1(ct_fcm_stats_send);
PG_FUNCTION_INFO_V1(ct_fcm_stats_accum);
PG_FUNCTION_INFO_V1(ct_fcm_stats_combine);
PG_FUNCTION_INFO_V1(ct_fcm_centres_sql);
PG_FUNCTION_INFO_V1(ct_fcm_shift_sql);
PG_FUNCTION_INFO_V1(ct_fcm_objective_sql);
PG_FUNCTION_INFO_V1(ct_fcm_sizes_sql);
PG_FUNCTION_INFO_V1(ct_fcm_rows_sql);
PG_FUNCTION_INFO_V1(ct_fcm_membership_sql);
PG_FUNCTION_INFO_V1(ct_fcm_segment_sql);
PG_FUNCTION_INFO_V1(ct_fcm_seed_accum);
PG_FUNCTION_INFO_V1(ct_fcm_seed_combine);
PG_FUNCTION_INFO_V1(ct_fcm_seed_final);

/* An fcm_stats datum: header, then the core's block (ct_fcm.h). */
typedef struct CtFcmData
{
	int32		vl_len_;
	int16		version;
	int16		k;
	int32		d;
	double		data[FLEXIBLE_ARRAY_MEMBER];
} CtFcmData;

#define FCM_SIZE(k, d) (offsetof(CtFcmData, data) + sizeof(double) * ct_fcm_ndoubles(k, d))

static CtFcmData *
fcm_alloc(int k, int d)
{
	Size		sz = FCM_SIZE(k, d);
	CtFcmData  *st = (CtFcmData *) palloc0(sz);

	SET_VARSIZE(st, sz);
	st->version = CT_FCM_VERSION;
	st->k = k;
	st->d = d;
	return st;
}

static CtFcmData *
fcm_copy(const CtFcmData *src)
{
	CtFcmData  *st = (CtFcmData *) palloc(VARSIZE(src));

	memcpy(st, src, VARSIZE(src));
	return st;
}

static void
fcm_check_struct(const CtFcmData *st)
{
	if (st->version != CT_FCM_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("unsupported fcm_stats version %d", st->version),
				 errdetail("This build reads version %d.", CT_FCM_VERSION)));
	if (st->k < 1 || st->k > CT_FCM_MAX_K || st->d < 1 || st->d > CT_FCM_MAX_DIM ||
		VARSIZE(st) != FCM_SIZE(st->k, st->d))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted fcm_stats value"),
				 errdetail("%d clusters of %d coordinates do not match the value's size %u.",
						   st->k, st->d, (unsigned) VARSIZE(st))));
}

static CtFcmData *
fcm_arg(FunctionCallInfo fcinfo, int i, ct_fcm *view)
{
	CtFcmData  *st = (CtFcmData *) PG_DETOAST_DATUM(PG_GETARG_DATUM(i));

	fcm_check_struct(st);
	ct_fcm_view(view, st->data, st->k, st->d);
	return st;
}

/* ---- I/O ---- */

Datum
ct_fcm_stats_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	int			k,
				d;
	CtFcmData  *st;
	ct_fcm		s;
	ct_error	err;

	ct_check(ct_fcm_parse_header(text, &k, &d, &err), &err);
	st = fcm_alloc(k, d);
	ct_fcm_view(&s, st->data, k, d);
	ct_check(ct_fcm_parse(text, &s, &err), &err);
	PG_RETURN_POINTER(st);
}

Datum
ct_fcm_stats_out(PG_FUNCTION_ARGS)
{
	ct_fcm		s;
	size_t		len;
	char	   *buf;

	(void) fcm_arg(fcinfo, 0, &s);
	len = ct_fcm_format(&s, NULL, 0);
	buf = palloc(len + 1);
	ct_fcm_format(&s, buf, len + 1);
	PG_RETURN_CSTRING(buf);
}

Datum
ct_fcm_stats_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	int			k,
				d;
	size_t		n;
	CtFcmData  *st;
	ct_fcm		s;
	ct_error	err;

	if (version != CT_FCM_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported fcm_stats binary format version %d", version),
				 errdetail("This build reads version %d.", CT_FCM_VERSION)));
	k = pq_getmsgint(buf, 4);
	d = pq_getmsgint(buf, 4);
	if (k < 1 || k > CT_FCM_MAX_K || d < 1 || d > CT_FCM_MAX_DIM)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid fcm_stats binary value"),
				 errdetail("%d clusters of %d coordinates; a state has 1 to %d clusters of 1 to %d coordinates.",
						   k, d, CT_FCM_MAX_K, CT_FCM_MAX_DIM)));
	n = ct_fcm_ndoubles(k, d);
	if ((size_t) (buf->len - buf->cursor) != n * sizeof(float8))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid fcm_stats binary value"),
				 errdetail("A state of %d clusters of %d coordinates needs %zu bytes of values; %d remain.",
						   k, d, n * sizeof(float8), buf->len - buf->cursor)));
	st = fcm_alloc(k, d);
	for (size_t i = 0; i < n; i++)
		st->data[i] = pq_getmsgfloat8(buf);
	pq_getmsgend(buf);
	ct_fcm_view(&s, st->data, k, d);
	if (ct_fcm_validate(&s, &err) != CT_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("%s", err.message),
				 err.detail[0] ? errdetail("%s", err.detail) : 0));
	PG_RETURN_POINTER(st);
}

Datum
ct_fcm_stats_send(PG_FUNCTION_ARGS)
{
	ct_fcm		s;
	CtFcmData  *st = fcm_arg(fcinfo, 0, &s);
	StringInfoData buf;
	size_t		n = ct_fcm_ndoubles(st->k, st->d);

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, CT_FCM_VERSION);
	pq_sendint32(&buf, st->k);
	pq_sendint32(&buf, st->d);
	for (size_t i = 0; i < n; i++)
		pq_sendfloat8(&buf, st->data[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---- arguments ---- */

/* centres: k x d finite, distinct, k and d within the limits. */
static double *
centres_arg(ArrayType *a, int *k, int *d)
{
	double	   *c;
	ct_error	err;

	c = ct_arg_matrix(a, "centres", CT_FCM_MAX_DIM, k, d);
	if (*k > CT_FCM_MAX_K)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many centres"),
				 errdetail("There are %d; the limit is %d.", *k, CT_FCM_MAX_K)));
	ct_check(ct_fcm_check_centres(c, *k, *d, &err), &err);
	return c;
}

static double *
point_arg(ArrayType *a, int d)
{
	int			n;
	double	   *v = ct_arg_vector(a, "v", CT_FCM_MAX_DIM, &n);
	ct_error	err;

	ct_check(ct_fcm_check_point(v, n, "v", &err), &err);
	if (n != d)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("v must have one element per column of centres"),
				 errdetail("v has %d elements, the centres %d columns.", n, d)));
	return v;
}

static double
m_arg(FunctionCallInfo fcinfo, int i)
{
	double		m = PG_NARGS() > i ? PG_GETARG_FLOAT8(i) : 2.0;
	ct_error	err;

	ct_check(ct_fcm_check_m(m, &err), &err);
	return m;
}

/* ---- the iteration aggregate ---- */

/*
 * Transition function of fcm_stats(v, centres, m).  Not STRICT: NULL rows
 * are skipped; NULL centres or m are errors.  The first row fixes the
 * centres and m of the state (checked once); later rows must pass the
 * same ones (one memcmp).
 */
Datum
ct_fcm_stats_accum(PG_FUNCTION_ARGS)
{
	CtFcmData  *st;
	ct_fcm		s;
	ArrayType  *ca;
	double	   *v;
	double		u[2 * CT_FCM_MAX_K];
	double		m;
	ct_error	err;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(2) || PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("fcm_stats needs centres and a fuzzifier m"),
				 errhint("Seed the centres with fcm_seed, or call fuzzy_cmeans().")));
	ca = PG_GETARG_ARRAYTYPE_P(2);
	m = PG_GETARG_FLOAT8(3);
	if (PG_ARGISNULL(0))
	{
		int			k,
					d;
		double	   *c = centres_arg(ca, &k, &d);

		(void) m_arg(fcinfo, 3);
		st = fcm_alloc(k, d);
		ct_fcm_view(&s, st->data, k, d);
		ct_fcm_init(&s, c, m);
	}
	else
	{
		st = (CtFcmData *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
		if (!AggCheckCallContext(fcinfo, NULL))
		{
			fcm_check_struct(st);
			st = fcm_copy(st);
		}
		ct_fcm_view(&s, st->data, st->k, st->d);
		if (ARR_NDIM(ca) != 2 || ARR_DIMS(ca)[0] != st->k || ARR_DIMS(ca)[1] != st->d ||
			ARR_HASNULL(ca) ||
			memcmp(ARR_DATA_PTR(ca), s.centres, sizeof(double) * (Size) st->k * st->d) != 0 ||
			m != *s.m)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("centres and m must be the same in every row of one fcm_stats aggregation"),
					 errhint("Pass the centres of the iteration as a constant or a parameter.")));
	}
	v = point_arg(PG_GETARG_ARRAYTYPE_P(1), st->d);
	ct_check(ct_fcm_add(&s, v, u, &err), &err);
	ct_progress_row(ct_progress_fn(fcinfo));
	PG_RETURN_POINTER(st);
}

/*
 * Combine function of fcm_stats and transition function of
 * merge(fcm_stats): sums; states of different iterations are refused.
 */
Datum
ct_fcm_stats_combine(PG_FUNCTION_ARGS)
{
	CtFcmData  *a;
	CtFcmData  *b;
	ct_fcm		sa,
				sb;
	ct_error	err;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = fcm_arg(fcinfo, 1, &sb);
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(fcm_copy(b));
	a = (CtFcmData *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	fcm_check_struct(a);
	if (!AggCheckCallContext(fcinfo, NULL))
		a = fcm_copy(a);
	ct_fcm_view(&sa, a->data, a->k, a->d);
	ct_check(ct_fcm_merge(&sa, &sb, &err), &err);
	PG_RETURN_POINTER(a);
}

/* ---- accessors ---- */

Datum
ct_fcm_centres_sql(PG_FUNCTION_ARGS)
{
	ct_fcm		s;
	CtFcmData  *st = fcm_arg(fcinfo, 0, &s);
	double	   *out = palloc(sizeof(double) * (Size) st->k * st->d);
	int			empty;

	(void) ct_fcm_next_centres(&s, out, &empty);
	if (empty > 0)
		ereport(NOTICE,
				(errmsg("%d of %d clusters have no weight and keep their centres", empty, st->k),
				 errdetail("Every point lies on another centre.")));
	PG_RETURN_ARRAYTYPE_P(ct_float8_matrix(out, st->k, st->d));
}

Datum
ct_fcm_shift_sql(PG_FUNCTION_ARGS)
{
	ct_fcm		s;
	CtFcmData  *st = fcm_arg(fcinfo, 0, &s);
	double	   *out = palloc(sizeof(double) * (Size) st->k * st->d);

	PG_RETURN_FLOAT8(ct_fcm_next_centres(&s, out, NULL));
}

Datum
ct_fcm_objective_sql(PG_FUNCTION_ARGS)
{
	ct_fcm		s;

	(void) fcm_arg(fcinfo, 0, &s);
	PG_RETURN_FLOAT8(*s.objective);
}

Datum
ct_fcm_sizes_sql(PG_FUNCTION_ARGS)
{
	ct_fcm		s;
	CtFcmData  *st = fcm_arg(fcinfo, 0, &s);

	PG_RETURN_ARRAYTYPE_P(ct_float8_array(s.size, st->k));
}

Datum
ct_fcm_rows_sql(PG_FUNCTION_ARGS)
{
	ct_fcm		s;

	(void) fcm_arg(fcinfo, 0, &s);
	PG_RETURN_INT64((int64) *s.rows);
}

/* ---- per row ---- */

Datum
ct_fcm_membership_sql(PG_FUNCTION_ARGS)
{
	int			k,
				d;
	double	   *c = centres_arg(PG_GETARG_ARRAYTYPE_P(1), &k, &d);
	double	   *v = point_arg(PG_GETARG_ARRAYTYPE_P(0), d);
	double		m = m_arg(fcinfo, 2);
	double		u[CT_FCM_MAX_K];

	ct_fcm_membership(v, d, c, k, m, u, NULL);
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(u, k));
}

Datum
ct_fcm_segment_sql(PG_FUNCTION_ARGS)
{
	int			k,
				d;
	double	   *c = centres_arg(PG_GETARG_ARRAYTYPE_P(1), &k, &d);
	double	   *v = point_arg(PG_GETARG_ARRAYTYPE_P(0), d);

	PG_RETURN_INT32(ct_fcm_nearest(v, d, c, k) + 1);
}

/* ---- seeding ---- */

/*
 * fcm_seed(v, centres, seed) state, a float8[]:
 *	[0] format version 1, [1] d, [2] t (centres chosen so far), [3] seed,
 *	[4] 1 when a candidate is held, [5] its key, [6..6+d) the candidate.
 */
#define SEED_HEAD 6

static ArrayType *
seed_state_new(int d, int t, int64 seed)
{
	double	   *v = palloc0(sizeof(double) * (SEED_HEAD + d));

	v[0] = 1;
	v[1] = d;
	v[2] = t;
	v[3] = (double) seed;
	return ct_float8_array(v, SEED_HEAD + d);
}

static double *
seed_state_check(ArrayType *a, int *d)
{
	double	   *v;
	int			n;

	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_DIMS(a)[0] < SEED_HEAD + 1)
		goto bad;
	v = (double *) ARR_DATA_PTR(a);
	n = ARR_DIMS(a)[0];
	if (v[0] != 1 || v[1] != floor(v[1]) || v[1] < 1 || v[1] > CT_FCM_MAX_DIM ||
		n != SEED_HEAD + (int) v[1] || !(v[2] >= 0 && v[2] <= CT_FCM_MAX_K) ||
		(v[4] != 0 && v[4] != 1))
		goto bad;
	for (int i = 0; i < n; i++)
		if (!isfinite(v[i]))
			goto bad;
	*d = (int) v[1];
	return v;
bad:
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid fcm_seed state"),
			 errdetail("A state is the float8[] [1, d, t, seed, held, key, point...] that fcm_seed builds.")));
	pg_unreachable();
}

/*
 * Transition function of fcm_seed(v, centres, seed): keeps the point with
 * the largest key (ct_fcm_seed_key).  centres NULL or empty in the first
 * pass.  Not STRICT: NULL rows are skipped.
 */
Datum
ct_fcm_seed_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *state;
	double	   *sv;
	double	   *c = NULL;
	double	   *v;
	int			t = 0,
				d,
				cd = 0;
	int64		seed;
	double		key;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("fcm_seed needs a seed")));
	seed = PG_GETARG_INT32(3);
	if (!PG_ARGISNULL(2) && ARR_NDIM(PG_GETARG_ARRAYTYPE_P(2)) > 0)
	{
		c = centres_arg(PG_GETARG_ARRAYTYPE_P(2), &t, &cd);
		if (t >= CT_FCM_MAX_K)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many centres"),
					 errdetail("%d centres are chosen; the limit is %d.", t, CT_FCM_MAX_K)));
	}
	{
		ArrayType  *va = PG_GETARG_ARRAYTYPE_P(1);

		v = ct_arg_vector(va, "v", CT_FCM_MAX_DIM, &d);
		(void) point_arg(va, c != NULL ? cd : d);
	}
	if (PG_ARGISNULL(0))
		state = seed_state_new(d, t, seed);
	else
	{
		int			sd;

		state = PG_GETARG_ARRAYTYPE_P(0);
		if (!AggCheckCallContext(fcinfo, NULL))
			state = (ArrayType *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
		sv = seed_state_check(state, &sd);
		if (sd != d || sv[2] != t || sv[3] != (double) seed)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("v, centres and seed must be alike in every row of one fcm_seed aggregation"),
					 errdetail("The state is for %d coordinates after %d centres with seed %.0f.",
							   sd, (int) sv[2], sv[3])));
	}
	sv = (double *) ARR_DATA_PTR(state);
	if (ct_fcm_seed_key(v, d, c, t, seed, &key) &&
		(sv[4] == 0 || ct_fcm_seed_better(key, v, sv[5], sv + SEED_HEAD, d)))
	{
		sv[4] = 1;
		sv[5] = key;
		memcpy(sv + SEED_HEAD, v, sizeof(double) * d);
	}
	ct_progress_row(ct_progress_fn(fcinfo));
	PG_RETURN_ARRAYTYPE_P(state);
}

Datum
ct_fcm_seed_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *a;
	ArrayType  *b;
	double	   *av;
	double	   *bv;
	int			ad,
				bd;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = PG_GETARG_ARRAYTYPE_P(1);
	bv = seed_state_check(b, &bd);
	if (PG_ARGISNULL(0))
		PG_RETURN_ARRAYTYPE_P(PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(1)));
	a = AggCheckCallContext(fcinfo, NULL) ? PG_GETARG_ARRAYTYPE_P(0) :
		(ArrayType *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
	av = seed_state_check(a, &ad);
	if (ad != bd || av[2] != bv[2] || av[3] != bv[3])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge fcm_seed states of different passes")));
	if (bv[4] == 1 &&
		(av[4] == 0 || ct_fcm_seed_better(bv[5], bv + SEED_HEAD, av[5], av + SEED_HEAD, ad)))
		memcpy(av + 4, bv + 4, sizeof(double) * (2 + ad));
	PG_RETURN_ARRAYTYPE_P(a);
}

/* The chosen point, or NULL when no point is away from the centres. */
Datum
ct_fcm_seed_final(PG_FUNCTION_ARGS)
{
	double	   *sv;
	int			d;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	sv = seed_state_check(PG_GETARG_ARRAYTYPE_P(0), &d);
	if (sv[4] == 0)
		PG_RETURN_NULL();
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(sv + SEED_HEAD, d));
}
