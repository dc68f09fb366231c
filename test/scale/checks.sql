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
