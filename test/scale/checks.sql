-- test/scale/checks.sql: the checks test/scale/fdw.sh and citus.sh run on
-- their coordinator, as functions in schema public.

-- 'ok: <what>', or an error that fails the script
CREATE FUNCTION public.verify(ok boolean, what text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  IF ok IS NOT TRUE THEN RAISE EXCEPTION 'check failed: %', what; END IF;
  RETURN 'ok: ' || what;
END $$;

-- two indicator_stats states: counts equal, and the largest relative
-- difference of means, deviations, minima and maxima and the largest
-- difference of the correlations
CREATE FUNCTION public.stats_equal(a complaint_tier.indicator_stats, b complaint_tier.indicator_stats, what text)
RETURNS SETOF text LANGUAGE sql AS $$
SELECT public.verify(complaint_tier.stats_count(a) = complaint_tier.stats_count(b),
                     what || ': indicator_stats counts equal: ' || complaint_tier.stats_count(a)::text)
UNION ALL
SELECT public.verify(max(abs(x - y) / greatest(abs(y), 1e-300)) < 1e-12,
                     format('%s: means, deviations, minima, maxima within 1e-12 relative (largest %s)',
                            what, max(abs(x - y) / greatest(abs(y), 1e-300))))
FROM unnest(complaint_tier.stats_mean(a) || complaint_tier.stats_stddev(a) || complaint_tier.stats_min(a) || complaint_tier.stats_max(a),
            complaint_tier.stats_mean(b) || complaint_tier.stats_stddev(b) || complaint_tier.stats_min(b) || complaint_tier.stats_max(b)) u(x, y)
UNION ALL
SELECT public.verify(max(abs(x - y)) < 1e-12, format('%s: correlations within 1e-12 (largest difference %s)', what, max(abs(x - y))))
FROM unnest(complaint_tier.correlation_matrix(a), complaint_tier.correlation_matrix(b)) u(x, y)
$$;

-- two remedy_stats states: the same rows, counts exact, acceptance, Wilson
-- bounds and mean satisfaction within 1e-12
CREATE FUNCTION public.remedy_equal(a complaint_tier.remedy_stats, b complaint_tier.remedy_stats, what text)
RETURNS text LANGUAGE sql AS $$
SELECT public.verify(count(*) = (SELECT count(*) FROM complaint_tier.remedy_table(a))
                     AND count(*) = (SELECT count(*) FROM complaint_tier.remedy_table(b))
                     AND bool_and(m.cases = l.cases AND m.accepted = l.accepted AND m.satisfaction_cases = l.satisfaction_cases)
                     AND max(greatest(abs(m.acceptance - l.acceptance), abs(m.wilson_lower - l.wilson_lower),
                                      abs(m.mean_satisfaction - l.mean_satisfaction) / l.mean_satisfaction)) < 1e-12,
                     format('%s: remedy_stats tables equal, %s rows, counts exact, largest difference %s', what,
                            count(*), max(greatest(abs(m.acceptance - l.acceptance), abs(m.wilson_lower - l.wilson_lower),
                                                   abs(m.mean_satisfaction - l.mean_satisfaction) / l.mean_satisfaction))))
FROM complaint_tier.remedy_table(a) m JOIN complaint_tier.remedy_table(b) l USING (segment, problem_type, remedy)
$$;

-- two fitted versions of a model: row count, ranges, imputed defaults,
-- weights and reference points (scans 1 and 2) within 1e-12 relative;
-- the distribution (method quantiles, tier cut points, concordance, VIKOR
-- bounds) within dist_tol relative: 1e-12 when both fits computed it
-- exactly, the sketches' rank error otherwise (merged in another order)
CREATE FUNCTION public.fits_equal(model text, a int, b int, what text, dist_tol float8 DEFAULT 1e-12)
RETURNS text LANGUAGE sql AS $$
WITH p AS (
  SELECT version, row_count,
         ind_lo || ind_hi || ind_impute || ind_weight || ind_global_weight || ind_ideal || ind_anti_ideal
         || dim_weights AS v,
         quantiles || tier_cuts || ARRAY[kendall_w, vikor_s_best, vikor_s_worst, vikor_r_best, vikor_r_worst] AS d
  FROM complaint_tier.model_version mv WHERE mv.model = fits_equal.model AND mv.version IN (a, b))
SELECT public.verify(x.row_count = y.row_count AND cardinality(x.v) = cardinality(y.v)
                     AND cardinality(x.d) = cardinality(y.d)
                     AND coalesce(dv.largest, 0) < 1e-12 AND coalesce(dd.largest, 0) <= dist_tol,
                     format('%s: versions %s and %s, %s rows: %s weights and ranges equal (largest relative difference %s), %s distribution parameters (largest relative difference %s, tolerance %s)',
                            what, a, b, x.row_count, cardinality(x.v), coalesce(dv.largest, 0),
                            cardinality(x.d), coalesce(dd.largest, 0), dist_tol))
FROM p x, p y,
LATERAL (SELECT max(abs(s - t) / greatest(abs(t), 1e-300)) AS largest FROM unnest(x.v, y.v) u(s, t)
         WHERE s IS DISTINCT FROM t) dv,
LATERAL (SELECT max(abs(s - t) / greatest(abs(t), 1e-300)) AS largest FROM unnest(x.d, y.d) u(s, t)
         WHERE s IS DISTINCT FROM t) dd
WHERE x.version = a AND y.version = b
$$;

-- the tiers two versions give the same rows: the share of rows whose tier
-- differs
CREATE FUNCTION public.tier_agreement(model text, a int, b int, source regclass)
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE r float8;
BEGIN
  EXECUTE format('SELECT avg((ea.tier IS DISTINCT FROM eb.tier)::int) FROM %s c
                  CROSS JOIN LATERAL complaint_tier.evaluate($1, $2, c) ea
                  CROSS JOIN LATERAL complaint_tier.evaluate($1, $3, c) eb', source)
  INTO r USING model, a, b;
  RETURN r;
END $$;

-- the largest difference of two arrays relative to the largest magnitude
-- of b (the norm-wise relative error: the partitions' sums are added in
-- another order, so an element much smaller than the others carries the
-- same absolute rounding as they do); 0 when equal, NULL for mismatched
-- shapes
CREATE FUNCTION public.array_rel(a float8[], b float8[]) RETURNS float8 LANGUAGE sql AS $$
SELECT CASE WHEN a IS NOT DISTINCT FROM b THEN 0
            WHEN array_dims(a) IS DISTINCT FROM array_dims(b) THEN NULL
            ELSE (SELECT max(abs(x - y)) FROM unnest(a, b) u(x, y))
                 / nullif((SELECT max(abs(y)) FROM unnest(b) y), 0) END
$$;

-- two fitted versions of a model with weighting outcome, method dea or
-- segments: the logistic regression (iterations, coefficients,
-- log-likelihood), the directions and weights, the dea frontier and the
-- segments (iterations, centres, sizes) within 1e-12 relative to each
-- array's largest element; the standard errors (the diagonal of the
-- inverse information, ill-conditioned: a parallel and a serial fit on one
-- node differ by 1e-12 at 200,000 rows) within 1e-10; the distribution
-- within dist_tol relative
CREATE FUNCTION public.scans_equal(model text, a int, b int, what text, dist_tol float8 DEFAULT 0.05)
RETURNS text LANGUAGE sql AS $$
SELECT public.verify(x.row_count = y.row_count
                     AND x.logit_iterations IS NOT DISTINCT FROM y.logit_iterations
                     AND x.segment_iterations IS NOT DISTINCT FROM y.segment_iterations
                     AND x.ind_direction = y.ind_direction
                     AND x.warnings = y.warnings
                     AND x.dea_max_share IS NOT DISTINCT FROM y.dea_max_share
                     AND r.largest < 1e-12 AND coalesce(public.array_rel(x.logit_se, y.logit_se), 1) < 1e-10
                     AND coalesce(dist.largest, 0) <= dist_tol,
                     format('%s: versions %s and %s, %s rows: %s logistic regression iterations, coefficients %s, '
                            'a frontier of %s points, %s c-means iterations, centres %s; largest relative difference %s '
                            '(coefficients, log-likelihood, ranges, weights, frontier, centres, sizes), standard errors %s; '
                            'distribution within %s (tolerance %s)',
                            what, a, b, x.row_count, coalesce(x.logit_iterations, 0),
                            coalesce((SELECT array_agg(round(c::numeric, 4))::text FROM unnest(x.logit_coef) c), 'none'),
                            coalesce(array_length(x.dea_frontier, 1), 0), coalesce(x.segment_iterations, 0),
                            coalesce(array_dims(x.segment_centres), 'none'), r.largest,
                            public.array_rel(x.logit_se, y.logit_se), coalesce(dist.largest, 0), dist_tol))
FROM complaint_tier.model_version x, complaint_tier.model_version y,
LATERAL (SELECT max(coalesce(d, 1)) AS largest FROM unnest(ARRAY[
           public.array_rel(x.logit_coef, y.logit_coef), public.array_rel(ARRAY[x.logit_loglik], ARRAY[y.logit_loglik]),
           public.array_rel(x.ind_lo || x.ind_hi || x.ind_impute || x.ind_ideal || x.ind_anti_ideal,
                            y.ind_lo || y.ind_hi || y.ind_impute || y.ind_ideal || y.ind_anti_ideal),
           public.array_rel(x.ind_global_weight, y.ind_global_weight), public.array_rel(x.dim_weights, y.dim_weights),
           public.array_rel(x.dea_frontier, y.dea_frontier),
           public.array_rel(x.segment_centres, y.segment_centres), public.array_rel(x.segment_sizes, y.segment_sizes)]) d) r,
LATERAL (SELECT max(abs(s - t) / greatest(abs(t), 1e-300)) AS largest
         FROM unnest(x.quantiles || x.tier_cuts, y.quantiles || y.tier_cuts) u(s, t) WHERE s IS DISTINCT FROM t) dist
WHERE x.model = scans_equal.model AND y.model = scans_equal.model AND x.version = a AND y.version = b
$$;

-- the models whose extra scans run per shard too (test/scale/fdw.sh,
-- citus.sh): one weighted by a logistic regression of porting_requested,
-- one with method dea and three fuzzy segments, both over "customers"
CREATE FUNCTION public.define_scan_models() RETURNS SETOF text LANGUAGE sql AS $$
SELECT complaint_tier.define_model('fdw_outcome', '{
  "key": "customer_id", "source": "customers",
  "dimensions": [{"name": "value"}, {"name": "behaviour"}],
  "indicators": [
    {"name": "tenure", "column": "tenure_months", "dimension": "value"},
    {"name": "arpu", "column": "arpu", "dimension": "value"},
    {"name": "level", "column": "customer_level", "dimension": "value", "kind": "qualitative",
     "levels": ["ordinary", "silver", "gold", "platinum", "diamond"]},
    {"name": "complaints", "column": "complaints_90d", "dimension": "behaviour", "direction": "cost"},
    {"name": "escalations", "column": "escalations_12m", "dimension": "behaviour", "direction": "cost"},
    {"name": "emotional", "column": "emotional", "dimension": "behaviour"}],
  "weighting": "outcome", "outcome": "porting_requested",
  "methods": ["weighted_sum", "topsis"], "combine": "probability",
  "tiers": {"overall": {"labels": ["low", "middle", "high"], "shares": [0.5, 0.3, 0.2]}}}')
UNION ALL
SELECT complaint_tier.define_model('fdw_segments', '{
  "key": "customer_id", "source": "customers",
  "dimensions": [{"name": "value", "weight": 0.6}, {"name": "service", "weight": 0.4}],
  "indicators": [
    {"name": "arpu", "column": "arpu", "dimension": "value", "weight": 0.5},
    {"name": "data_share", "column": "data_share", "dimension": "value", "weight": 0.2},
    {"name": "level", "column": "customer_level", "dimension": "value", "kind": "qualitative",
     "levels": ["ordinary", "silver", "gold", "platinum", "diamond"], "weight": 0.3},
    {"name": "satisfaction", "column": "satisfaction", "dimension": "service", "weight": 0.5},
    {"name": "handling", "column": "handling_hours", "dimension": "service", "direction": "cost", "weight": 0.5}],
  "methods": ["weighted_sum", "dea"], "segments": 3,
  "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.7, 0.3]}}}');
$$;
