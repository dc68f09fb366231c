-- fit's scans of weighting 'outcome' (the logistic regression), of method
-- dea (the frontier) and of fuzzy segments (seeding and c-means iterations)
-- over a partitioned table of postgres_fdw foreign partitions
-- (doc/scale-out.md, "fit"): one aggregate per partition shipped whole,
-- the states merged on the coordinator; the fit equals the plain table's.
-- The reference is the fit of the same rows in a plain table: equal within
-- 1e-12 relative to the largest element of each array (the partitions'
-- sums are added in another order; a coefficient 1,000 times smaller than
-- the others carries the same absolute rounding).
SET search_path = complaint_tier, public;
\set SHOW_CONTEXT never

CREATE TABLE fq_src AS SELECT *, porting_requested::int AS ported FROM sample_customers(4000, 13);
-- NULL inputs: imputed in the points of every scan
UPDATE fq_src SET arpu = NULL WHERE customer_id % 97 = 0;
UPDATE fq_src SET customer_level = NULL WHERE customer_id % 89 = 0;
-- the rows in customer order, whatever the updates moved (a fixed order of summation)
ALTER TABLE fq_src ADD PRIMARY KEY (customer_id);
CLUSTER fq_src USING fq_src_pkey;
SELECT count(*) AS customers, count(*) FILTER (WHERE porting_requested) AS porting,
       count(*) - count(arpu) AS arpu_null, count(*) - count(customer_level) AS level_null
FROM fq_src;
-- a model weighted by a logistic regression of a 0/1 outcome (indicators:
-- numbers, levels, a boolean) and a model with methods dea, priority and
-- possibility_satisfaction
-- and four fuzzy segments
SELECT define_model('fq_out', '{
  "key": "customer_id", "source": "fq_src",
  "dimensions": [{"name": "value"}, {"name": "behaviour"}],
  "indicators": [
    {"name": "tenure", "column": "tenure_months", "dimension": "value"},
    {"name": "arpu", "column": "arpu", "dimension": "value"},
    {"name": "level", "column": "customer_level", "dimension": "value", "kind": "qualitative",
     "levels": ["ordinary", "silver", "gold", "platinum", "diamond"]},
    {"name": "complaints", "column": "complaints_90d", "dimension": "behaviour", "direction": "cost"},
    {"name": "handling", "column": "handling_hours", "dimension": "behaviour", "direction": "cost"},
    {"name": "vulnerable", "column": "vulnerable", "dimension": "behaviour"}],
  "weighting": "outcome", "outcome": "ported",
  "methods": ["weighted_sum", "topsis"], "combine": "probability",
  "tiers": {"overall": {"labels": ["low", "middle", "high"], "shares": [0.5, 0.3, 0.2]}}}');
SELECT define_model('fq_ds', '{
  "key": "customer_id", "source": "fq_src",
  "dimensions": [{"name": "value", "weight": 0.6}, {"name": "service", "weight": 0.4}],
  "indicators": [
    {"name": "arpu", "column": "arpu", "dimension": "value", "weight": 0.5},
    {"name": "data_share", "column": "data_share", "dimension": "value", "weight": 0.2},
    {"name": "level", "column": "customer_level", "dimension": "value", "kind": "qualitative",
     "levels": ["ordinary", "silver", "gold", "platinum", "diamond"], "weight": 0.3},
    {"name": "satisfaction", "column": "satisfaction", "dimension": "service", "weight": 0.6},
    {"name": "unreasonable", "column": "unreasonable_ratio", "dimension": "service", "direction": "cost", "weight": 0.4}],
  "methods": ["weighted_sum", "dea", "priority", "possibility_satisfaction"], "segments": 4,
  "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.7, 0.3]}}}');
SET client_min_messages = error;
SELECT fit('fq_out', 'fq_src') AS o1 \gset
SELECT fit('fq_ds', 'fq_src') AS d1 \gset
RESET client_min_messages;

-- the by-value points equal the record ones on every row
CREATE TEMP TABLE fq_v AS
SELECT mv AS v FROM model_version mv WHERE mv.model = 'fq_ds' AND mv.version = :d1;
UPDATE fq_v SET v.state = 'fitting';
SELECT format('SELECT count(*) AS rows, count(*) FILTER (WHERE _normalised_imputed(v, c) = %s) AS points_equal, '
              'min(cardinality(_normalised_imputed(v, c))) AS dims FROM fq_src c, fq_v',
              _fit_points(v, true)) AS q FROM fq_v \gset
:q;
SELECT _fit_points(v, false) = format('complaint_tier._normalised_imputed(%L::complaint_tier.model_version, _ct_src)', v) AS local_points
FROM fq_v;
-- bad input: clear errors
SELECT _normalised_imputed_v(to_jsonb(v), ARRAY[1, 2]) FROM fq_v;
SELECT _normalised_imputed_v(to_jsonb(v), ARRAY[1, 0.5, 9, 3, 1]) FROM fq_v;
SELECT _normalised_imputed_v('"v"', '{1}');
SELECT _normalised_imputed_v(to_jsonb(v), NULL) IS NULL AS strict FROM fq_v;
-- states of different seeding passes do not merge
SELECT _fcm_seed_merge(s) FROM (SELECT _fcm_seed_state('{0.1,0.2}', NULL, 1)
                                UNION ALL SELECT _fcm_seed_state('{0.3,0.4}', '{{0.1,0.2}}', 1)) x(s);
-- one pass over two parts merged = one pass over all the rows
SELECT _fcm_seed_merge(s) = (SELECT fcm_seed(v, '{{0.1,0.2}}', 7) FROM (VALUES ('{0.3,0.4}'::float8[]), ('{0.9,0.1}'), ('{0.5,0.5}')) x(v)) AS merged_equal
FROM (SELECT _fcm_seed_state(v, '{{0.1,0.2}}', 7) FROM (VALUES ('{0.3,0.4}'::float8[])) x(v)
      UNION ALL SELECT _fcm_seed_state(v, '{{0.1,0.2}}', 7) FROM (VALUES ('{0.9,0.1}'::float8[]), ('{0.5,0.5}')) x(v)) y(s);
SELECT _fcm_seed_merge(s) IS NULL AS no_candidate FROM (SELECT _fcm_seed_state(v, '{{1,1}}', 1) s FROM (VALUES ('{1,1}'::float8[])) x(v)) y;
SELECT _fit_scan_query(NULL, true, 'x', 'a', 'b', 'c') IS NULL AS strict;

-- a loopback postgres_fdw server: two foreign partitions over local tables
CREATE EXTENSION postgres_fdw;
DO $$
BEGIN
	EXECUTE format('CREATE SERVER fq_loop FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host %L, port %L, dbname %L, extensions %L)',
	               split_part(current_setting('unix_socket_directories'), ',', 1), current_setting('port'),
	               current_database(), 'complaint_tier');
END $$;
CREATE USER MAPPING FOR CURRENT_USER SERVER fq_loop;
CREATE TABLE public.fq_part1 AS SELECT * FROM fq_src WHERE customer_id <= 1500;
CREATE TABLE public.fq_part2 AS SELECT * FROM fq_src WHERE customer_id > 1500;
-- an empty partition: its states are NULL, which the merges skip
CREATE TABLE public.fq_part3 (LIKE fq_src);
CREATE TABLE fq_parted (LIKE fq_src) PARTITION BY RANGE (customer_id);
CREATE FOREIGN TABLE fq_f1 PARTITION OF fq_parted FOR VALUES FROM (MINVALUE) TO (1501)
  SERVER fq_loop OPTIONS (schema_name 'public', table_name 'fq_part1');
CREATE FOREIGN TABLE fq_f2 PARTITION OF fq_parted FOR VALUES FROM (1501) TO (100001)
  SERVER fq_loop OPTIONS (schema_name 'public', table_name 'fq_part2');
CREATE FOREIGN TABLE fq_f3 PARTITION OF fq_parted FOR VALUES FROM (100001) TO (MAXVALUE)
  SERVER fq_loop OPTIONS (schema_name 'public', table_name 'fq_part3');

-- the queries of the scans: each partition's aggregate is shipped whole
-- (Foreign Scan ... Aggregate on), only its state comes back
CREATE TEMP TABLE fq_plan (scan text, i serial, line text);
CREATE FUNCTION pg_temp.fq_explain(scan text, q text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE l text;
BEGIN
	FOR l IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
		INSERT INTO fq_plan (scan, line) VALUES (scan, l);
	END LOOP;
END $$;
SELECT pg_temp.fq_explain('logit_step', _fit_scan_query('fq_parted', true, _fit_points(v, true) || ', ported = 1, ''{0,0,0,0,0,0}''::float8[]',
                                                       'complaint_tier.logit_step', 'complaint_tier.logit_step', 'complaint_tier.merge')),
       pg_temp.fq_explain('dea_frontier', _fit_scan_query('fq_parted', true, _fit_points(v, true), 'complaint_tier.dea_frontier',
                                                           'complaint_tier.dea_frontier', 'complaint_tier.merge')),
       pg_temp.fq_explain('fcm_seed', _fit_scan_query('fq_parted', true, _fit_points(v, true) || ', NULL::float8[], 1',
                                                       'complaint_tier.fcm_seed', 'complaint_tier._fcm_seed_state', 'complaint_tier._fcm_seed_merge')),
       pg_temp.fq_explain('fcm_stats', _fit_scan_query('fq_parted', true, _fit_points(v, true) || ', ''{{0.5,0.5,0.5,0.5,0.5}}''::float8[], 2::float8',
                                                        'complaint_tier.fcm_stats', 'complaint_tier.fcm_stats', 'complaint_tier.merge'))
FROM fq_v;
SELECT scan, regexp_replace(regexp_replace(line, '''\{.*\}''::jsonb', '<version>'), 'ARRAY\[[^]]*\]', '<values>') AS plan
FROM fq_plan WHERE line ~ 'Foreign Scan|Relations|Remote SQL|^ *->|^[A-Z]' ORDER BY i;
-- the same aggregate over the plain table, unchanged
SELECT _fit_scan_query('fq_src', false, 'p', 'complaint_tier.dea_frontier', 'x', 'y') AS local_query;

-- fit over the foreign partitions
SET client_min_messages = error;
SELECT fit('fq_out', 'fq_parted') AS o2 \gset
SELECT fit('fq_ds', 'fq_parted') AS d2 \gset
RESET client_min_messages;
-- the largest difference relative to the largest element of each array
CREATE FUNCTION pg_temp.fq_rel(a float8[], b float8[]) RETURNS float8 LANGUAGE sql AS $$
SELECT max(abs(x - y)) / (SELECT max(abs(y)) FROM unnest(b) y) FROM unnest(a, b) u(x, y)
$$;
-- the logistic regression: the same iterations, coefficients, standard
-- errors and log-likelihood; so the same weights, directions and warnings
SELECT a.logit_iterations = b.logit_iterations AS same_iterations, a.logit_converged AND b.logit_converged AS converged,
       a.logit_rows = b.logit_rows AS same_rows,
       pg_temp.fq_rel(a.logit_coef, b.logit_coef) < 1e-12 AS coef_within_1e12,
       pg_temp.fq_rel(a.logit_se, b.logit_se) < 1e-12 AS se_within_1e12,
       abs(a.logit_loglik - b.logit_loglik) / abs(b.logit_loglik) < 1e-12 AS loglik_within_1e12,
       a.ind_direction = b.ind_direction AS same_directions,
       pg_temp.fq_rel(a.ind_global_weight, b.ind_global_weight) < 1e-12 AS weights_within_1e12,
       pg_temp.fq_rel(a.quantiles, b.quantiles) < 1e-12 AS quantiles_within_1e12,
       pg_temp.fq_rel(a.tier_cuts, b.tier_cuts) < 1e-12 AS cuts_within_1e12,
       a.warnings = b.warnings AS same_warnings
FROM model_version a, model_version b
WHERE a.model = 'fq_out' AND b.model = 'fq_out' AND a.version = :o2 AND b.version = :o1;
SELECT (SELECT array_agg(round(x::numeric, 4)) FROM unnest(logit_coef) x) AS coef, logit_iterations, ind_direction
FROM model_version WHERE model = 'fq_out' AND version = :o2;
-- dea and segments: the same frontier points, centres, sizes and iterations
SELECT array_dims(a.dea_frontier) = array_dims(b.dea_frontier) AS same_frontier_shape,
       pg_temp.fq_rel(a.dea_frontier, b.dea_frontier) < 1e-12 AS frontier_within_1e12,
       a.dea_max_share = b.dea_max_share AS same_share,
       a.segment_iterations = b.segment_iterations AS same_iterations,
       pg_temp.fq_rel(a.segment_centres, b.segment_centres) < 1e-12 AS centres_within_1e12,
       pg_temp.fq_rel(a.segment_sizes, b.segment_sizes) < 1e-12 AS sizes_within_1e12,
       pg_temp.fq_rel(a.quantiles, b.quantiles) < 1e-12 AS quantiles_within_1e12,
       pg_temp.fq_rel(a.tier_cuts, b.tier_cuts) < 1e-12 AS cuts_within_1e12,
       cardinality(a.ind_quantiles) = 5 * 1001 AND a.ind_quantiles = b.ind_quantiles AS same_indicator_quantiles
FROM model_version a, model_version b
WHERE a.model = 'fq_ds' AND b.model = 'fq_ds' AND a.version = :d2 AND b.version = :d1;
SELECT array_dims(dea_frontier) AS frontier, array_dims(segment_centres) AS centres, segment_iterations,
       (SELECT array_agg(round(x::numeric, 2)) FROM unnest(segment_sizes) x) AS sizes
FROM model_version WHERE model = 'fq_ds' AND version = :d2;
-- every customer evaluated with both versions: the same tiers and
-- segments, the raw method and dimension scores (_fit_scores: weighted
-- sum, dea, per dimension) and the memberships within 1e-12.  (Not the
-- combined score: it averages percentiles, and the customers on the
-- frontier score 1 or 1 - 1e-11 in dea, ties among the top quantiles
-- where a difference of 1e-16 moves a percentile by a step.)
CREATE TEMP TABLE fq_vv AS SELECT mv.version, mv AS v FROM model_version mv WHERE mv.model = 'fq_ds';
UPDATE fq_vv SET v.state = 'fitting';
SELECT count(*) AS customers,
       count(*) FILTER (WHERE ea.tier = eb.tier AND ea.segment = eb.segment) AS same_tier_and_segment,
       max(pg_temp.fq_rel(_fit_scores(a.v, c), _fit_scores(b.v, c))) < 1e-12 AS raw_scores_within_1e12,
       max(abs(ea.segment_membership - eb.segment_membership)) < 1e-12 AS memberships_within_1e12
FROM fq_src c
CROSS JOIN LATERAL evaluate('fq_ds', :d1, c) ea
CROSS JOIN LATERAL evaluate('fq_ds', :d2, c) eb,
fq_vv a, fq_vv b
WHERE a.version = :d1 AND b.version = :d2;
SELECT count(*) AS customers, count(*) FILTER (WHERE ea.tier = eb.tier) AS same_tier,
       max(abs(ea.score - eb.score)) < 1e-12 AS scores_within_1e12
FROM fq_src c
CROSS JOIN LATERAL evaluate('fq_out', :o1, c) ea
CROSS JOIN LATERAL evaluate('fq_out', :o2, c) eb;

-- the outcome's checks over the partitions: the same error as the plain table's
UPDATE model SET outcome = 'arrears_count_12m' WHERE name = 'fq_out';
SELECT fit('fq_out', 'fq_src');
SELECT fit('fq_out', 'fq_parted');

DROP TABLE fq_parted, fq_src, public.fq_part1, public.fq_part2, public.fq_part3, fq_v, fq_vv, fq_plan;
DELETE FROM model WHERE name IN ('fq_out', 'fq_ds');
DROP USER MAPPING FOR CURRENT_USER SERVER fq_loop;
DROP SERVER fq_loop;
DROP EXTENSION postgres_fdw;
