-- Layer 2: the fit aggregates in parallel plans.  A forced split over
-- 100000 generated rows must show Partial Aggregate and give the serial
-- result within 1e-9 relative (the combine functions are Chan et al.
-- pairwise updates, so only rounding differs).
SET search_path = complaint_tier, public;

CREATE TABLE par_obs AS
SELECT i AS id,
       ARRAY[(i * 7919) % 1000 / 10.0,
             (i * 104729) % 997 + 0.001 * i,
             sin(i) * 50 + 100,
             CASE WHEN i % 50 = 0 THEN NULL ELSE (i % 13) * 1.5 END,
             1e6 + (i % 17)]::float8[] AS v,
       ARRAY[(i * 7919) % 1000 / 1000.0, (i % 13) / 13.0, (i % 7) / 7.0]::float8[] AS x
FROM generate_series(1, 100000::bigint) i;
ANALYZE par_obs;

-- serial results
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS
SELECT indicator_stats(v) AS s, entropy_weights(x) AS ew FROM par_obs;

-- force a parallel split
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;

EXPLAIN (COSTS OFF) SELECT indicator_stats(v) FROM par_obs;
EXPLAIN (COSTS OFF) SELECT entropy_weights(x) FROM par_obs;

CREATE TEMP TABLE parallel AS
SELECT indicator_stats(v) AS s, entropy_weights(x) AS ew FROM par_obs;

-- counts exact, every moment within 1e-9 relative
SELECT stats_count(p.s) = stats_count(q.s) AS counts_equal,
       stats_null_count(p.s) AS nulls,
       stats_min(p.s) = stats_min(q.s) AND stats_max(p.s) = stats_max(q.s) AS minmax_equal
FROM parallel p, serial q;
SELECT bool_and(abs(a - b) <= 1e-9 * greatest(abs(a), abs(b), 1e-300)) AS means_ok
FROM parallel p, serial q, unnest(stats_mean(p.s), stats_mean(q.s)) u(a, b);
SELECT bool_and(abs(a - b) <= 1e-9 * greatest(abs(a), abs(b), 1e-300)) AS stddevs_ok
FROM parallel p, serial q, unnest(stats_stddev(p.s), stats_stddev(q.s)) u(a, b);
SELECT bool_and(abs(a - b) <= 1e-9) AS correlations_ok
FROM parallel p, serial q,
     unnest(correlation_matrix(p.s), correlation_matrix(q.s)) u(a, b);
-- covariances relative to their scale sqrt(c_ii c_jj)
SELECT bool_and(abs(p.c[i][j] - q.c[i][j]) <= 1e-9 * sqrt(q.c[i][i] * q.c[j][j])) AS covariances_ok
FROM (SELECT covariance_matrix(s) AS c FROM parallel) p,
     (SELECT covariance_matrix(s) AS c FROM serial) q,
     generate_series(1, 5) i, generate_series(1, 5) j;
SELECT bool_and(abs(a - b) <= 1e-9 * greatest(abs(a), abs(b), 1e-300)) AS entropy_ok
FROM parallel p, serial q, unnest(p.ew, q.ew) u(a, b);
SELECT bool_and(abs(a - b) <= 1e-9) AS critic_ok
FROM parallel p, serial q, unnest(critic_weights(p.s), critic_weights(q.s)) u(a, b);

-- the one-pass correlation against corr() over the complete rows
SELECT abs((correlation_matrix(s))[1][3] - (SELECT corr(v[1], v[3]) FROM par_obs WHERE v[4] IS NOT NULL)) < 1e-9 AS corr13_ok,
       abs((correlation_matrix(s))[2][4] - (SELECT corr(v[2], v[4]) FROM par_obs)) < 1e-9 AS corr24_ok
FROM parallel;

-- kendall_w in parallel: ranks of three noisy scorings of the same rows
CREATE TABLE par_ranks AS
SELECT ARRAY[rank() OVER (ORDER BY a, id), rank() OVER (ORDER BY b, id), rank() OVER (ORDER BY c, id)]::float8[] AS r
FROM (SELECT id, id + (id * 7919) % 5000 AS a, id + (id * 104729) % 20000 AS b, id + (id * 31) % 3000 AS c
      FROM generate_series(1, 100000::bigint) id) t;
ANALYZE par_ranks;
EXPLAIN (COSTS OFF) SELECT kendall_w(r) FROM par_ranks;
SELECT round(kendall_w(r)::numeric, 6) AS w_parallel FROM par_ranks;
SET max_parallel_workers_per_gather = 0;
SELECT round(kendall_w(r)::numeric, 6) AS w_serial FROM par_ranks;
-- the same W from an indicator_stats state of the ranks (fit's concordance
-- scan), without ties and with them (average ranks of coarse scores)
SELECT abs(_kendall_w_of_stats(indicator_stats(r)) - kendall_w(r)) < 1e-12 AS w_of_stats_equal FROM par_ranks;
CREATE TABLE par_ties AS
SELECT ARRAY[rank() OVER (ORDER BY id % 7) + (count(*) OVER (PARTITION BY id % 7) - 1) / 2.0,
             rank() OVER (ORDER BY id % 11) + (count(*) OVER (PARTITION BY id % 11) - 1) / 2.0,
             rank() OVER (ORDER BY (id * 13) % 5) + (count(*) OVER (PARTITION BY (id * 13) % 5) - 1) / 2.0]::float8[] AS r
FROM generate_series(1, 1000) id;
SELECT round(kendall_w(r)::numeric, 10) AS w, round(_kendall_w_of_stats(indicator_stats(r))::numeric, 10) AS w_of_stats,
       abs(_kendall_w_of_stats(indicator_stats(r)) - kendall_w(r)) < 1e-12 AS equal
FROM par_ties;
SELECT _kendall_w_of_stats(indicator_stats(ARRAY[r[1]])) FROM par_ties;
SELECT _kendall_w_of_stats(NULL) IS NULL AS strict;

DROP TABLE par_obs, par_ranks, par_ties;
