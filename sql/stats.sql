-- Layer 2: the indicator_stats type, the indicator_stats(float8[]) and
-- merge(indicator_stats) aggregates, and the per-column accessors.
-- Reference values come from PostgreSQL's own min/max/avg/stddev/corr/
-- covar_samp over the same rows (a direct two-pass computation).
SET search_path = complaint_tier, public;
SET extra_float_digits = 0;

CREATE TEMP TABLE obs (id int, v float8[]);
INSERT INTO obs
SELECT i, ARRAY[i, (i * 37) % 11 + 0.5 * i, 100 + (i % 7) * 0.125, 3]::float8[]
FROM generate_series(1, 40) i;

-- happy path: the state and its text form
SELECT indicator_stats(v) FROM obs WHERE id <= 3;

-- accessors against the built-in aggregates
WITH s AS (SELECT indicator_stats(v) AS s FROM obs)
SELECT stats_count(s), stats_null_count(s), stats_min(s), stats_max(s) FROM s;
WITH s AS (SELECT indicator_stats(v) AS s FROM obs),
     b AS (SELECT ARRAY[avg(v[1]), avg(v[2]), avg(v[3]), avg(v[4])] AS mean,
                  ARRAY[stddev(v[1]), stddev(v[2]), stddev(v[3]), stddev(v[4])] AS sd
           FROM obs)
SELECT i,
       round(((stats_mean(s))[i])::numeric, 10) AS mean,
       abs((stats_mean(s))[i] - b.mean[i]) <= 1e-12 * abs(b.mean[i]) AS mean_ok,
       round(((stats_stddev(s))[i])::numeric, 10) AS stddev,
       abs((stats_stddev(s))[i] - b.sd[i]) <= 1e-12 * b.sd[i] AS stddev_ok
FROM s, b, generate_series(1, 4) i ORDER BY i;

-- correlation and covariance against corr() and covar_samp() per pair
WITH s AS (SELECT indicator_stats(v) AS s FROM obs),
     m AS (SELECT correlation_matrix(s) AS r, covariance_matrix(s) AS c FROM s)
SELECT i, j,
       round((r[i][j])::numeric, 10) AS r,
       abs(r[i][j] - (SELECT corr(v[i], v[j]) FROM obs)) < 1e-12 AS corr_ok,
       abs(c[i][j] - (SELECT covar_samp(v[i], v[j]) FROM obs))
         <= 1e-12 * greatest(1, abs(c[i][j])) AS covar_ok
FROM m, generate_series(1, 3) i, generate_series(1, 3) j
WHERE i <= j ORDER BY i, j;
-- a constant column: NULL correlations (like corr()), zero covariance
WITH s AS (SELECT indicator_stats(v) AS s FROM obs)
SELECT (correlation_matrix(s))[4:4][1:4] AS r_row4,
       (covariance_matrix(s))[4:4][1:4] AS cov_row4,
       (SELECT corr(v[1], v[4]) FROM obs) AS builtin_corr
FROM s;

-- NULL arrays are skipped; NULL elements count per column, and the
-- co-moments use complete rows only
SELECT indicator_stats(v)
FROM (VALUES (ARRAY[1, NULL, 3]::float8[]), (NULL), (ARRAY[2, 5, 6]),
             (ARRAY[4, 7, NULL]), (ARRAY[6, 1, 0])) x(v);
SELECT stats_count(s), stats_null_count(s), stats_mean(s), correlation_matrix(s)
FROM (SELECT indicator_stats(v) AS s
      FROM (VALUES (ARRAY[1, NULL]::float8[]), (ARRAY[2, 5]), (ARRAY[4, 7]), (ARRAY[6, 1])) x(v)) t;
-- a column that is NULL in every row
SELECT stats_min(s), stats_max(s), stats_mean(s), stats_stddev(s)
FROM (SELECT indicator_stats(v) AS s
      FROM (VALUES (ARRAY[1, NULL]::float8[]), (ARRAY[2, NULL])) x(v)) t;

-- empty input and all-NULL input: NULL
SELECT indicator_stats(v) IS NULL AS empty FROM obs WHERE false;
SELECT indicator_stats(NULL::float8[]) IS NULL AS all_null FROM obs;
-- one row: no spread, no correlation
SELECT stats_stddev(s), correlation_matrix(s), covariance_matrix(s)
FROM (SELECT indicator_stats(ARRAY[1, 2]::float8[]) AS s) t;

-- errors: mismatched lengths, empty, multi-dimensional, NaN, Infinity, limit
SELECT indicator_stats(v) FROM (VALUES (ARRAY[1, 2]::float8[]), (ARRAY[1, 2, 3])) x(v);
SELECT indicator_stats('{}'::float8[]);
SELECT indicator_stats(ARRAY[[1, 2], [3, 4]]::float8[]);
SELECT indicator_stats(ARRAY[1, 'NaN']::float8[]);
SELECT indicator_stats(ARRAY[1, '-Infinity']::float8[]);
SELECT indicator_stats(array_fill(1::float8, ARRAY[257]));
SELECT stats_count(indicator_stats(array_fill(1::float8, ARRAY[256])));
-- overflowing moments are reported, never returned as Infinity or NaN
SELECT stats_stddev(indicator_stats(v))
FROM (VALUES (ARRAY[-1e300]::float8[]), (ARRAY[1e300])) x(v);

-- text round trip: text -> state -> text is the identity, bit for bit
WITH s AS (SELECT indicator_stats(ARRAY[v[1] / 3, v[2] * 1e-7, v[3]]) AS s FROM obs)
SELECT s::text::indicator_stats::text = s::text AS text_round_trip,
       stats_mean(s::text::indicator_stats) = stats_mean(s) AS same_means
FROM s;
SELECT 'v1;k=1;rows=2;complete=2;count=2;nulls=0;min=1;max=3;mean=2;m2=2;cmean=2;cm=2'::indicator_stats;
-- hex floats are accepted on input
SELECT stats_mean('v1;k=1;rows=2;complete=2;count=2;nulls=0;min=0x1p0;max=0x1.8p1;mean=0x1p1;m2=2;cmean=2;cm=2'::indicator_stats);

-- malformed, truncated and inconsistent text
SELECT 'garbage'::indicator_stats;
SELECT 'v2;k=1'::indicator_stats;
SELECT 'v1;k=0'::indicator_stats;
SELECT 'v1;k=300'::indicator_stats;
SELECT 'v1;k=1;rows=2;complete=2;count=2;nulls=0;min=1;max=3'::indicator_stats;
SELECT 'v1;k=1;rows=2;complete=2;count=2;nulls=0;min=1;max=3;mean=2;m2=2;cmean=2;cm=NaN'::indicator_stats;
SELECT 'v1;k=1;rows=2;complete=2;count=2;nulls=0;min=1;max=3;mean=2;m2=2;cmean=2;cm=2,3'::indicator_stats;
SELECT 'v1;k=1;rows=2;complete=2;count=2;nulls=0;min=1;max=3;mean=2;m2=2;cmean=2;cm=2 '::indicator_stats;
SELECT 'v1;k=1;rows=2;complete=2;count=2;nulls=0;min=3;max=1;mean=2;m2=2;cmean=2;cm=2'::indicator_stats;
SELECT 'v1;k=1;rows=2;complete=2;count=2;nulls=0;min=1;max=3;mean=2;m2=-2;cmean=2;cm=2'::indicator_stats;
SELECT 'v1;k=1;rows=3;complete=2;count=2;nulls=0;min=1;max=3;mean=2;m2=2;cmean=2;cm=2'::indicator_stats;
SELECT 'v1;k=1;rows=2;complete=3;count=2;nulls=0;min=1;max=3;mean=2;m2=2;cmean=2;cm=2'::indicator_stats;
SELECT 'v1;k=1;rows=1;complete=1;count=1;nulls=0;min=1;max=1;mean=1;m2=5;cmean=1;cm=0'::indicator_stats;

-- merge: NULL states are skipped; different widths are refused
SELECT merge(s) IS NULL AS merge_of_nothing FROM (SELECT NULL::indicator_stats AS s) t;
SELECT merge(s)::text = (SELECT indicator_stats(v)::text FROM obs WHERE id <= 2) AS merge_one
FROM (SELECT indicator_stats(v) AS s FROM obs WHERE id <= 2 UNION ALL SELECT NULL) t;
SELECT merge(s) FROM (SELECT indicator_stats(ARRAY[1]::float8[]) AS s
                      UNION ALL SELECT indicator_stats(ARRAY[1, 2]::float8[])) t;
-- the transition and combine functions called directly do not modify their inputs
WITH a AS (SELECT indicator_stats(v) AS s FROM obs WHERE id <= 2)
SELECT indicator_stats_accum(s, ARRAY[9, 9, 9, 9]::float8[]) IS NOT NULL AS accum_ok,
       indicator_stats_combine(s, s)::text <> s::text AS combined,
       stats_count(s) AS unchanged
FROM a;
