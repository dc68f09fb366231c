-- Layer 2: objective weights and screening from one-pass states:
-- critic_weights, stddev_weights, pca_weights, entropy_weights, kendall_w,
-- screen_indicators.  Each numeric check names its published example.
SET search_path = complaint_tier, public;

-- Tus, A. and Aytac Adali, E. (2019). The new combination with CRITIC and
-- WASPAS methods for the time and attendance software selection problem.
-- OPSEARCH 56(2), 528-538: CRITIC weights 0.157, 0.249, 0.168, 0.121,
-- 0.154, 0.151 (the second is 0.24950 before rounding to three decimals).
CREATE TEMP TABLE tus (v float8[]);
INSERT INTO tus VALUES
 (ARRAY[5000, 3, 3, 4, 3, 2]), (ARRAY[680, 5, 3, 2, 2, 1]), (ARRAY[2000, 3, 2, 3, 4, 3]),
 (ARRAY[600, 4, 3, 1, 2, 2]), (ARRAY[800, 2, 4, 3, 3, 4]);
SELECT i, round(w[i]::numeric, 4) AS critic
FROM (SELECT critic_weights(indicator_stats(v)) AS w FROM tus) t, generate_series(1, 6) i;
SELECT round(sum(x)::numeric, 12) AS critic_sum
FROM (SELECT unnest(critic_weights(indicator_stats(v))) AS x FROM tus) t;

-- Salabun, W., Watrobski, J. and Shekhovtsov, A. (2020). Are MCDA methods
-- benchmarkable? Symmetry 12(9), 1549: standard-deviation weights 0.217,
-- 0.294, 0.488 from the raw standard deviations (range_scaled false).
CREATE TEMP TABLE salabun (v float8[]);
INSERT INTO salabun VALUES
 (ARRAY[0.619, 0.449, 0.447]), (ARRAY[0.862, 0.466, 0.006]), (ARRAY[0.458, 0.698, 0.771]),
 (ARRAY[0.777, 0.631, 0.491]), (ARRAY[0.567, 0.992, 0.968]);
SELECT (SELECT array_agg(round(x::numeric, 3)) FROM unnest(stddev_weights(s, false)) x) AS raw_sd,
       (SELECT array_agg(round(x::numeric, 4)) FROM unnest(stddev_weights(s)) x) AS range_scaled
FROM (SELECT indicator_stats(v) AS s FROM salabun) t;
-- range-scaled by hand: sd_j / (max_j - min_j) normalised to sum 1
SELECT array_agg(round((c / total)::numeric, 4) ORDER BY j) AS by_hand
FROM (SELECT j, c, sum(c) OVER () AS total
      FROM (SELECT j, stddev(v[j]) / (max(v[j]) - min(v[j])) AS c
            FROM salabun, generate_series(1, 3) j GROUP BY j) u) t;

-- PCA weights: squared loadings of the leading components.  With x2 = 2 x1
-- + 1 the correlation matrix has eigenvalues 2 + r-terms, one of them 0;
-- weights sum to 1 and the two collinear indicators weigh the same.
CREATE TEMP TABLE pc AS
SELECT ARRAY[i, 2 * i + 1, (i * 7919) % 13, (i * 31) % 17]::float8[] AS v
FROM generate_series(1, 60) i;
SELECT (SELECT array_agg(round(x::numeric, 6)) FROM unnest(w) x) AS w,
       round((SELECT sum(x) FROM unnest(w) x)::numeric, 12) AS total,
       w[1] = w[2] AS collinear_equal
FROM (SELECT pca_weights(indicator_stats(v), 0.5) AS w FROM pc) t;
-- all the variance: every indicator's communality is 1, equal weights
SELECT (SELECT array_agg(round(x::numeric, 10)) FROM unnest(pca_weights(indicator_stats(v), 1)) x) AS w
FROM pc;
-- the default share is 0.85
SELECT pca_weights(s) = pca_weights(s, 0.85) AS default_share
FROM (SELECT indicator_stats(v) AS s FROM pc) t;
SELECT pca_weights(indicator_stats(v), 0) FROM pc;
SELECT pca_weights(indicator_stats(v), 1.5) FROM pc;
SELECT pca_weights(indicator_stats(v), 'NaN') FROM pc;

-- a constant indicator: weight 0 and a NOTICE, the others as without it
CREATE TEMP TABLE withconst AS
SELECT ARRAY[v[1], 7, v[2], v[3]]::float8[] AS v FROM tus;
SELECT (SELECT array_agg(round(x::numeric, 6)) FROM unnest(critic_weights(s)) x) AS critic,
       (SELECT array_agg(round(x::numeric, 6)) FROM unnest(stddev_weights(s)) x) AS sd,
       (SELECT array_agg(round(x::numeric, 6)) FROM unnest(pca_weights(s)) x) AS pca
FROM (SELECT indicator_stats(v) AS s FROM withconst) t;
SELECT (SELECT array_agg(round(x::numeric, 6)) FROM unnest(critic_weights(indicator_stats(ARRAY[v[1], v[2], v[3]]))) x) AS critic_without
FROM tus;
-- every indicator constant: NULL with a NOTICE
SELECT critic_weights(s), stddev_weights(s), pca_weights(s)
FROM (SELECT indicator_stats(ARRAY[1, 2]::float8[]) AS s FROM generate_series(1, 3)) t;
-- one row: fewer than two complete rows, no correlation: NULL
SELECT critic_weights(s) IS NULL AS critic_null, pca_weights(s) IS NULL AS pca_null,
       stddev_weights(s) IS NULL AS sd_null
FROM (SELECT indicator_stats(ARRAY[1, 2]::float8[]) AS s) t;
-- NULL state: NULL (strict)
SELECT critic_weights(NULL), stddev_weights(NULL), pca_weights(NULL);

-- Xu, X. (2004). A note on the subjective and objective integrated approach
-- to determine attribute weights. European Journal of Operational Research
-- 156(2), 530-532: entropy weights 0.4630, 0.3992, 0.1378, 0.0000.
SELECT (SELECT array_agg(round(x::numeric, 4)) FROM unnest(entropy_weights(v)) x) AS xu_2004
FROM (VALUES (ARRAY[30, 30, 38, 29]::float8[]), (ARRAY[19, 54, 86, 29]),
             (ARRAY[19, 15, 85, 28.9]), (ARRAY[68, 70, 60, 29])) t(v);
-- Zavadskas, E. K. and Podvezko, V. (2016). Integrated determination of
-- objective criteria weights in MCDM. International Journal of Information
-- Technology & Decision Making 15(2), 267-283: 0.1146, 0.1981, 0.4185, 0.2689.
SELECT (SELECT array_agg(round(x::numeric, 4)) FROM unnest(entropy_weights(v)) x) AS zavadskas_2016
FROM (VALUES (ARRAY[3.0, 100, 10, 7]::float8[]), (ARRAY[2.5, 80, 8, 5]),
             (ARRAY[1.8, 50, 20, 11]), (ARRAY[2.2, 70, 12, 9])) t(v);
-- zeros (0 ln 0 = 0), NULL elements skipped per column, NULL rows skipped
SELECT (SELECT array_agg(round(x::numeric, 6)) FROM unnest(entropy_weights(v)) x) AS w
FROM (VALUES (ARRAY[0, 1, 2]::float8[]), (ARRAY[1, NULL, 4]), (NULL), (ARRAY[3, 1, 0])) t(v);
-- a constant column (weight 0, NOTICE); all constant (NULL, NOTICE); empty; one row
SELECT entropy_weights(v) FROM (VALUES (ARRAY[5, 1]::float8[]), (ARRAY[5, 2])) t(v);
SELECT entropy_weights(v) FROM (VALUES (ARRAY[5, 0]::float8[]), (ARRAY[5, 0])) t(v);
SELECT entropy_weights(v) IS NULL AS empty FROM (SELECT NULL::float8[] AS v WHERE false) t;
SELECT entropy_weights(ARRAY[1, 2]::float8[]);
-- errors
SELECT entropy_weights(v) FROM (VALUES (ARRAY[1, 2]::float8[]), (ARRAY[1, -2])) t(v);
SELECT entropy_weights(v) FROM (VALUES (ARRAY[1, 2]::float8[]), (ARRAY[1, 2, 3])) t(v);
SELECT entropy_weights(ARRAY[1, 'Infinity']::float8[]);
SELECT entropy_weights('{}'::float8[]);
SELECT entropy_weights_final(ARRAY[1, 2, 3]::float8[]);
SELECT entropy_weights_combine(ARRAY[20241, 1, 1, 1, 0, 1, 1]::float8[], ARRAY[20241, 1, 1, 1, 0, 1]::float8[]);

-- Kendall's W, no ties: ten projects ranked by four judges, S = 1048,
-- W = 12 * 1048 / (4^2 (10^3 - 10)) = 0.793939... ("The Kendall's
-- coefficient of concordance W", Example 1, scribd.com/document/659863121).
CREATE TEMP TABLE judges (project int, ranks float8[]);
INSERT INTO judges VALUES
 (1, ARRAY[1, 2, 3, 4]), (2, ARRAY[3, 1, 2, 2]), (3, ARRAY[4, 4, 1, 3]), (4, ARRAY[5, 5, 5, 1]),
 (5, ARRAY[2, 6, 7, 6]), (6, ARRAY[8, 3, 4, 7]), (7, ARRAY[6, 8, 6, 5]), (8, ARRAY[7, 7, 8, 9]),
 (9, ARRAY[10, 10, 9, 8]), (10, ARRAY[9, 9, 10, 10]);
SELECT round(kendall_w(ranks)::numeric, 10) AS w, round(12 * 1048 / (16 * 990.0), 10) AS by_hand
FROM judges;
-- ties with average ranks, corrected (Kendall and Babington Smith 1939):
-- ranks (1, 2.5, 2.5, 4) and (1, 2, 3, 4): R = (2, 4.5, 5.5, 8), S = 18.5,
-- T = 2^3 - 2 = 6, W = 12 * 18.5 / (2^2 (4^3 - 4) - 2 * 6) = 222/228
SELECT round(kendall_w(r)::numeric, 12) AS w, round(222 / 228.0, 12) AS by_hand
FROM (VALUES (ARRAY[1, 1]::float8[]), (ARRAY[2.5, 2]), (ARRAY[2.5, 3]), (ARRAY[4, 4])) t(r);
-- average ranks computed in SQL from scores, as a fit would do
WITH scores(id, a, b, c) AS (VALUES (1, 0.9, 0.8, 0.7), (2, 0.5, 0.6, 0.5), (3, 0.5, 0.2, 0.4), (4, 0.1, 0.1, 0.2)),
     ranked AS (
       SELECT id, ARRAY[rank() OVER (ORDER BY a) + (count(*) OVER (PARTITION BY a) - 1) / 2.0,
                        rank() OVER (ORDER BY b) + (count(*) OVER (PARTITION BY b) - 1) / 2.0,
                        rank() OVER (ORDER BY c) + (count(*) OVER (PARTITION BY c) - 1) / 2.0]::float8[] AS r
       FROM scores)
SELECT round(kendall_w(r)::numeric, 10) AS w FROM ranked;
-- perfect agreement and complete disagreement
SELECT kendall_w(ARRAY[i, i, i]::float8[]) AS agree FROM generate_series(1, 5) i;
SELECT kendall_w(ARRAY[i, 6 - i]::float8[]) AS disagree FROM generate_series(1, 5) i;
-- one row, empty, every ranking all ties: NULL
SELECT kendall_w(ARRAY[1, 1]::float8[]) AS one_row;
SELECT kendall_w(r) IS NULL AS empty FROM (SELECT NULL::float8[] AS r WHERE false) t;
SELECT kendall_w(ARRAY[1.5, 1.5]::float8[]) AS all_tied FROM generate_series(1, 2);
-- errors: min ranks from rank() alone, NULL element, mismatched, one method
SELECT kendall_w(r) FROM (VALUES (ARRAY[1, 1]::float8[]), (ARRAY[1, 2]), (ARRAY[3, 3])) t(r);
SELECT kendall_w(ARRAY[1, NULL]::float8[]);
SELECT kendall_w(r) FROM (VALUES (ARRAY[1, 1]::float8[]), (ARRAY[2, 2, 2])) t(r);
SELECT kendall_w(ARRAY[1]::float8[]);
SELECT kendall_w(ARRAY[0, 1]::float8[]);
SELECT kendall_w_final(ARRAY[20242, 2, 1]::float8[]);

-- screen_indicators: the seeds' "clustering + correlation coefficient"
-- selection.  a and b = 2a + noise and e = -a correlate above 0.8; c and d
-- are unrelated; f is constant.
CREATE TEMP TABLE scr AS
SELECT ARRAY[i, 2 * i + (i % 3), (i * 7919) % 13, (i * 31) % 17, -i, 4]::float8[] AS v
FROM generate_series(1, 30) i;
SELECT indicator, cluster, representative, round(max_abs_corr::numeric, 6) AS max_abs_corr
FROM screen_indicators((SELECT indicator_stats(v) FROM scr), ARRAY['a', 'b', 'c', 'd', 'e', 'f']);
-- threshold 1: only perfectly correlated indicators share a cluster
SELECT indicator, cluster, representative
FROM screen_indicators((SELECT indicator_stats(v) FROM scr), ARRAY['a', 'b', 'c', 'd', 'e', 'f'], 1);
-- errors
SELECT * FROM screen_indicators((SELECT indicator_stats(v) FROM scr), ARRAY['a', 'b']);
SELECT * FROM screen_indicators((SELECT indicator_stats(v) FROM scr), ARRAY['a', 'b', 'c', 'd', 'e', NULL]);
SELECT * FROM screen_indicators((SELECT indicator_stats(v) FROM scr), ARRAY['a', 'b', 'c', 'd', 'e', 'f'], 0);
SELECT * FROM screen_indicators((SELECT indicator_stats(ARRAY[1, 2]::float8[])), ARRAY['a', 'b']);
SELECT count(*) FROM screen_indicators(NULL, ARRAY['a']);
