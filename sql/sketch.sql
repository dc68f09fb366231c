-- The quantile_sketch type (doc/sketch.md): exact below 16,384 values
-- (equal to percentile_cont), a tracked rank-error bound above, text and
-- binary round trips, merge() of stored states, parallel aggregation, clear
-- errors; and fit() on top of it: tier shares within the bound of the
-- configured ones, and a partitioned source fitted per leaf partition equal
-- to the plain table.
SET search_path = complaint_tier, public;
\set SHOW_CONTEXT never

-- a small state, its text form and its quantiles
SELECT quantile_sketch(x) FROM (VALUES (3.0), (1), (2), (NULL), (2)) t(x);
SELECT sketch_quantiles(quantile_sketch(x), 1, '{0, 0.25, 0.5, 0.9, 1}') AS sketched,
       percentile_cont('{0, 0.25, 0.5, 0.9, 1}'::float8[]) WITHIN GROUP (ORDER BY x) AS exact
FROM (VALUES (3.0), (1), (2), (NULL), (7)) t(x);
SELECT quantile_sketch(ARRAY[x, -x, NULL]) FROM (VALUES (1.5), (-0.0)) t(x);

-- exact below 16,384 values: every percentile equals percentile_cont
CREATE TABLE sk_small AS
SELECT (i * 7919) % 1000 / 10.0 AS a, CASE WHEN i % 7 = 0 THEN NULL ELSE sin(i) END AS b
FROM generate_series(1, 16000) i;
SELECT s.q = e.q AS a_exact, s.r = e.r AS b_exact, s.err
FROM (SELECT sketch_quantiles(st, 1, f) AS q, sketch_quantiles(st, 2, f) AS r, sketch_rank_error(st) AS err
      FROM (SELECT quantile_sketch(ARRAY[a, b]) AS st FROM sk_small) t,
           (SELECT ARRAY(SELECT g / 1000.0 FROM generate_series(0, 1000) g)::float8[] AS f) ff) s,
     (SELECT percentile_cont(f) WITHIN GROUP (ORDER BY a) AS q, percentile_cont(f) WITHIN GROUP (ORDER BY b) AS r
      FROM sk_small, (SELECT ARRAY(SELECT g / 1000.0 FROM generate_series(0, 1000) g)::float8[] AS f) ff GROUP BY f) e;

-- 100,000 values in parallel and serially: count, min, max exact; the
-- rank-error bound (documented n H / 16383); the true rank of every
-- sketched percentile within the bound of its fraction
CREATE TABLE sk_big AS
SELECT (i::bigint * 7919 % 300007)::float8 / 300007 + (i % 3) AS x FROM generate_series(1, 100000) i;
ANALYZE sk_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
CREATE TABLE sk_states AS SELECT 'parallel' AS how, quantile_sketch(x) AS s FROM sk_big;
SET max_parallel_workers_per_gather = 0;
INSERT INTO sk_states SELECT 'serial', quantile_sketch(x) FROM sk_big;
RESET max_parallel_workers_per_gather;
SELECT how, sketch_count(s), sketch_min(s) = ARRAY[(SELECT min(x) FROM sk_big)] AS min_exact,
       sketch_max(s) = ARRAY[(SELECT max(x) FROM sk_big)] AS max_exact,
       (sketch_rank_error(s))[1] <= (floor(log(2, 100000 / 16383.0)) + 1) / 16383 AS within_documented,
       (sketch_rank_error(s))[1] < 0.0005 AS below_0_05_percent
FROM sk_states ORDER BY how;
SELECT how, max(abs(r.below - g / 100.0 * 99999)) <= max((sketch_rank_error(s))[1]) * 100000 + 1 AS ranks_within_bound,
       max(abs(r.below - g / 100.0 * 99999)) > 0 AS not_exact
FROM sk_states,
     LATERAL unnest(sketch_quantiles(s, 1, ARRAY(SELECT g / 100.0 FROM generate_series(1, 99) g)::float8[])) WITH ORDINALITY q(v, g),
     LATERAL (SELECT count(*) FILTER (WHERE x < q.v) AS below FROM sk_big) r
GROUP BY how ORDER BY how;

-- stored states: merge() of per-group states, the text and binary forms
CREATE TABLE sk_groups AS SELECT (x * 1000)::int % 5 AS g, quantile_sketch(x) AS s FROM sk_big GROUP BY 1;
SELECT sketch_count(merge(s)) AS merged_count, (SELECT sketch_count(s) FROM sk_states WHERE how = 'serial') AS direct
FROM sk_groups;
SELECT count(*) FILTER (WHERE s::text::quantile_sketch::text = s::text) AS text_round_trips FROM sk_groups;
-- scratch files named after the server port (concurrent clusters do not collide)
\set tmp_sketch '/tmp/complaint_tier_sketch_' :PORT '.bin'
COPY sk_groups TO :'tmp_sketch' (FORMAT binary);
CREATE TABLE sk_groups_copy (LIKE sk_groups);
COPY sk_groups_copy FROM :'tmp_sketch' (FORMAT binary);
SELECT count(*) FILTER (WHERE a.s::text = b.s::text) AS binary_round_trips
FROM sk_groups a JOIN sk_groups_copy b USING (g);
SELECT sketch_count(merge(s)) FROM sk_groups WHERE false;

-- errors
SELECT ''::quantile_sketch;
SELECT 'v2;k=1'::quantile_sketch;
SELECT 'v1;k=65'::quantile_sketch;
SELECT 'v1;k=1;n=1;min=1.5;max=1.5;err=0;levels=1;len=1;par=0;items=2'::quantile_sketch;
SELECT 'v1;k=1;n=2;min=1.5;max=1.5;err=0;levels=1;len=1;par=0;items=1.5'::quantile_sketch;
SELECT 'v1;k=1;n=1;min=1.5;max=1.5;err=0;levels=1;len=1;par=0;items=1.5 '::quantile_sketch;
SELECT quantile_sketch(x) FROM (VALUES (1.0), ('NaN')) t(x);
SELECT quantile_sketch(x) FROM (VALUES (ARRAY[1.0, 2]), (ARRAY[1.0])) t(x);
SELECT quantile_sketch(x) FROM (VALUES ('{}'::float8[])) t(x);
SELECT sketch_quantiles(quantile_sketch(x), 2, '{0.5}') FROM (VALUES (1.0)) t(x);
SELECT sketch_quantiles(quantile_sketch(x), 1, '{1.5}') FROM (VALUES (1.0)) t(x);
SELECT sketch_quantiles(quantile_sketch(x), 1, '{NULL}') FROM (VALUES (1.0)) t(x);
SELECT sketch_histogram(quantile_sketch(x), 1, '{2, 1}') FROM (VALUES (1.0)) t(x);
SELECT merge(s) FROM (SELECT quantile_sketch(1.0) UNION ALL SELECT quantile_sketch(ARRAY[1.0, 2])) t(s);

-- fit on 20,000 customers (compacted sketches): the tier shares of the
-- fitted population under evaluate() are those of the tier scheme within the
-- bound (0.4, 0.3, 0.2, 0.1; each band's share within twice the rank error)
SET client_min_messages = warning;
SELECT define_model('sk_telecom', model_spec('telecom') - 'rules' - 'strategies') AS copy;
CREATE TABLE sk_cust AS SELECT * FROM sample_customers(20000);
SELECT fit('sk_telecom', 'sk_cust') > 0 AS fitted;
SELECT e.tier, abs(count(*) / 20000.0 - s.share) <= 0.001 AS share_within_0_1_point
FROM sk_cust c CROSS JOIN LATERAL evaluate('sk_telecom', c) e
JOIN (VALUES ('basic', 0.4), ('standard', 0.3), ('important', 0.2), ('key', 0.1)) s(tier, share) USING (tier)
GROUP BY e.tier, s.share ORDER BY s.share DESC;
-- compare()'s histograms of the indicators come from the sketches of fit's
-- first scan: at 20,000 rows (one compaction level, rank error <= 1) every
-- bin's count is within 2 of the exact count over the stored edges
CREATE FUNCTION sk_exact_hist(v model_version, j int) RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
	lo int := 1 + (SELECT coalesce(sum(b - 1), 0) FROM unnest(v.hist_bins[1:j]) b)::int;
	e float8[] := coalesce(v.hist_edges[lo : lo + v.hist_bins[j + 1] - 2], '{}');
	x text := CASE WHEN v.ind_kind[j] = 1
	               THEN format('(array_position(%L::text[], %I::text) - 1)::float8',
	                           v.levels[v.ind_level_start[j] + 1 : v.ind_level_start[j] + v.ind_level_count[j]], v.ind_column[j])
	               ELSE format('%I::float8', v.ind_column[j]) END;
	r bigint[];
BEGIN
	EXECUTE format('SELECT array_agg(coalesce(c, 0) ORDER BY b) FROM generate_series(0, %s) b LEFT JOIN '
	               '(SELECT width_bucket(%s, %L::float8[]) AS w, count(*) AS c FROM %s GROUP BY 1) t ON t.w = b',
	               cardinality(e), x, e, v.source) INTO r;
	RETURN r || (v.row_count - (SELECT sum(z) FROM unnest(r) z))::bigint;
END $$;
SELECT indicator, bins, max_difference, max_difference <= 2 AS counts_within_bound
FROM (SELECT v.ind_name[j] AS indicator, v.hist_bins[j + 1] AS bins,
             (SELECT max(abs(a - b)) FROM unnest(sk_exact_hist(v, j),
                     v.hist_counts[(SELECT sum(b + 1) FROM unnest(v.hist_bins[1:j]) b) + 1
                                   : (SELECT sum(b + 1) FROM unnest(v.hist_bins[1:j + 1]) b)]) u(a, b)) AS max_difference
      FROM model_version v, generate_series(1, cardinality(v.ind_name)) j
      WHERE v.model = 'sk_telecom' AND v.version = 1 ORDER BY j) t;

-- a partitioned source is fitted per leaf partition (one state query per
-- leaf, merged): the same version as the plain table (3,000 rows: exact
-- sketches, so equal within 1e-12 relative; the quantiles and cut points,
-- scores in [0, 1], within 1e-12 absolute: the parallel costs are still 0
-- from above, so the fits' states merge in an order that varies and round
-- differently, and a lowest score of 0 in one fit can be 5e-16 in the other)
CREATE TABLE sk_plain AS SELECT * FROM sample_customers(3000);
CREATE TABLE sk_parts (LIKE sk_plain) PARTITION BY RANGE (customer_id);
CREATE TABLE sk_parts_1 PARTITION OF sk_parts FOR VALUES FROM (MINVALUE) TO (1000);
CREATE TABLE sk_parts_2 PARTITION OF sk_parts FOR VALUES FROM (1000) TO (2200);
CREATE TABLE sk_parts_3 PARTITION OF sk_parts FOR VALUES FROM (2200) TO (MAXVALUE);
INSERT INTO sk_parts SELECT * FROM sk_plain;
SELECT left(complaint_tier._fit_state_query('sk_parts', 'CROSS JOIN LATERAL abs(customer_id) AS f(x)', 'quantile_sketch(x)'), 250) AS through_the_parent;
SELECT fit('sk_telecom', 'sk_plain') AS plain_version, fit('sk_telecom', 'sk_parts') AS partitioned_version;
CREATE FUNCTION sk_rel(a float8[], b float8[]) RETURNS float8 LANGUAGE sql IMMUTABLE
RETURN (SELECT max(abs(x - y) / greatest(abs(x), abs(y), 1e-300)) FROM unnest(a, b) u(x, y));
CREATE FUNCTION sk_abs(a float8[], b float8[]) RETURNS float8 LANGUAGE sql IMMUTABLE
RETURN (SELECT max(abs(x - y)) FROM unnest(a, b) u(x, y));
SELECT sk_abs(p.quantiles, q.quantiles) <= 1e-12 AS quantiles_equal,
       sk_abs(p.tier_cuts, q.tier_cuts) <= 1e-12 AS tier_cuts_equal,
       sk_abs(p.dim_tier_cuts, q.dim_tier_cuts) <= 1e-12 AS dim_tier_cuts_equal,
       sk_rel(p.ind_weight, q.ind_weight) <= 1e-12 AS weights_equal,
       sk_rel(ARRAY[p.kendall_w, p.vikor_s_best, p.vikor_s_worst, p.vikor_r_best, p.vikor_r_worst],
              ARRAY[q.kendall_w, q.vikor_s_best, q.vikor_s_worst, q.vikor_r_best, q.vikor_r_worst]) <= 1e-12 AS concordance_vikor_equal,
       p.hist_counts = q.hist_counts AS histograms_equal,
       p.row_count = q.row_count AS rows_equal
FROM model_version p, model_version q
WHERE p.model = 'sk_telecom' AND q.model = 'sk_telecom'
  AND p.version = (SELECT max(version) - 1 FROM model_version WHERE model = 'sk_telecom')
  AND q.version = (SELECT max(version) FROM model_version WHERE model = 'sk_telecom');

-- more than 64 indicators: fit sketches them 64 columns at a time, and each
-- indicator's histogram comes from its own column of its own sketch (3,000
-- rows: exact sketches, so compare() against the fitted population itself
-- finds every bin equal, PSI 0, for the 70 shifted columns and the levels)
DO $$
BEGIN
	EXECUTE format('CREATE TABLE sk_wide AS SELECT g AS id, %s, (ARRAY[''a'', ''b'', ''c''])[1 + g %% 3] AS lvl FROM generate_series(1, 3000) g',
	               (SELECT string_agg(format('((g::bigint * %s) %% 1000) / 10.0 + %s AS c%s', i * 7919 + 13, i, i), ', ' ORDER BY i)
	                FROM generate_series(1, 70) i));
END $$;
UPDATE sk_wide SET c70 = NULL WHERE id % 10 = 0;
SELECT define_model('sk_wide', jsonb_build_object(
	'key', 'id',
	'dimensions', '[{"name": "d1", "weight": 0.5}, {"name": "d2", "weight": 0.5}]'::jsonb,
	'weighting', 'critic',
	'indicators', (SELECT jsonb_agg(jsonb_build_object('name', 'i' || i, 'column', 'c' || i, 'dimension', 'd' || (1 + i % 2)) ORDER BY i)
	               FROM generate_series(1, 70) i)
	              || '[{"name": "lv", "column": "lvl", "dimension": "d1", "levels": ["a", "b", "c"]}]'::jsonb,
	'tiers', '{"overall": {"labels": ["low", "mid", "high"], "shares": [0.6, 0.3, 0.1]}}'::jsonb)) AS wide;
SELECT fit('sk_wide', 'sk_wide') AS version;
SELECT cardinality(hist_bins) AS items, (SELECT sum(c) FROM unnest(hist_counts) c) AS counted,
       hist_bins[66:72] AS bins_i65_to_lv, hist_counts[cardinality(hist_counts) - 3:] AS lv_counts_then_nulls
FROM version_catalogue WHERE model = 'sk_wide';
SELECT count(*) AS items, count(*) FILTER (WHERE psi = 0) AS psi_zero
FROM compare('sk_wide', 1, 1, 'sk_wide') WHERE section = 'psi';
DELETE FROM model WHERE name = 'sk_wide';
DROP TABLE sk_wide;
