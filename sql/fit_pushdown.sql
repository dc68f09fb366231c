-- fit over a partitioned table of postgres_fdw foreign partitions
-- (doc/scale-out.md, "fit"): the shippable per-row helpers equal the record
-- ones on every row; over a loopback server every scan is one aggregate per
-- partition shipped whole, and the fit equals the plain table's.
SET search_path = complaint_tier, public;
\set SHOW_CONTEXT never

CREATE TABLE fp_src AS SELECT * FROM sample_customers(4000, 11);
CREATE TEMP TABLE fp_prev AS SELECT version FROM active_version WHERE model = 'telecom';
SET client_min_messages = warning;
SELECT fit('telecom', 'fp_src') AS v1 \gset
RESET client_min_messages;
-- the version as fit passes it to the scans: not yet fitted
CREATE TEMP TABLE fp_v AS
SELECT mv AS v FROM model_version mv WHERE mv.model = 'telecom' AND mv.version = :v1;
UPDATE fp_v SET v.state = 'fitting';
ALTER TABLE fp_v ADD j jsonb;
UPDATE fp_v SET j = to_jsonb(v);

-- the row as the named columns: levels by index, booleans as 0/1
SELECT _fit_values(v) FROM fp_v;
-- the by-array helpers equal the record ones on every row
SELECT format('SELECT count(*) AS rows, '
              'count(*) FILTER (WHERE _normalised(v, c) IS NOT DISTINCT FROM _fit_normalised_v(j, %1$s)) AS normalised_equal, '
              'count(*) FILTER (WHERE _fit_scores(v, c) IS NOT DISTINCT FROM _fit_scores_v(j, %1$s)) AS scores_equal '
              'FROM fp_src c, fp_v', _fit_values(v)) AS q FROM fp_v \gset
:q;
SELECT _combine(mv, ARRAY[0.2, 0.4, 0.6, 0.8]) = _combine_v(to_jsonb(mv), ARRAY[0.2, 0.4, 0.6, 0.8]) AS combine_equal
FROM model_version mv WHERE mv.model = 'telecom' AND mv.version = :v1;
-- fit's last scan in one call per row: _fit_final equals _combine and
-- _sketch_avg_ranks of the method scores (VIKOR as 1 - vikor_q), bit for
-- bit, on every row; in the join form as fit runs it and in the per-call
-- form
CREATE TEMP TABLE fp_ms AS
SELECT c.customer_id, ARRAY[f.r[1], f.r[2], f.r[3], 1 - vikor_q(f.r[4], f.r[5], (v).vikor_s_best, (v).vikor_s_worst,
       (v).vikor_r_best, (v).vikor_r_worst, (v).vikor_v)] AS ms
FROM fp_src c, fp_v CROSS JOIN LATERAL _fit_scores(v, c) f(r);
CREATE TEMP TABLE fp_sk AS SELECT quantile_sketch_dist(ms) AS s FROM fp_ms;
ANALYZE fp_ms;
SELECT v AS fp_vtext FROM fp_v \gset
SELECT s AS fp_stext FROM fp_sk \gset
PREPARE fp_final AS
SELECT count(*) AS rows, count(*) FILTER (WHERE x.r = ARRAY[_combine(:'fp_vtext', m.ms)] || _sketch_avg_ranks(:'fp_stext', m.ms)) AS same
FROM fp_src c CROSS JOIN LATERAL _fit_final(:'fp_vtext', c, :'fp_stext') x(r) JOIN fp_ms m USING (customer_id);
CREATE FUNCTION fp_plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE l text;
BEGIN
	FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
		RETURN NEXT left(l, 60);	-- the nodes, not the literals
	END LOOP;
END
$f$;
SELECT * FROM fp_plan('EXECUTE fp_final');
EXECUTE fp_final;
SET complaint_tier.custom_scan = off;
EXECUTE fp_final;
RESET complaint_tier.custom_scan;
DEALLOCATE fp_final;
-- the method sketch's values of a row in one call: _fit_method_scores
-- equals the method scores above and _fit_scores' dimension scores
SELECT count(*) AS rows,
       count(*) FILTER (WHERE x.r IS NOT DISTINCT FROM m.ms || f.r[7:6 + cardinality((v).dim_names)]) AS same
FROM fp_src c CROSS JOIN fp_v CROSS JOIN LATERAL _fit_method_scores(v, c) x(r)
CROSS JOIN LATERAL _fit_scores(v, c) f(r) JOIN fp_ms m USING (customer_id);
-- VIKOR's S and R alone: _fit_vikor_sr equals _fit_scores' elements 4, 5
SELECT count(*) AS rows, count(*) FILTER (WHERE x.r = f.r[4:5]) AS same
FROM fp_src c CROSS JOIN fp_v CROSS JOIN LATERAL _fit_vikor_sr(v, c) x(r) CROSS JOIN LATERAL _fit_scores(v, c) f(r);
-- a fitted version is refused
SELECT _fit_final(mv, c, s) FROM model_version mv, fp_src c, fp_sk
WHERE mv.model = 'telecom' AND mv.version = :v1 LIMIT 1;
DROP TABLE fp_ms, fp_sk;
DROP FUNCTION fp_plan(text);

-- bad input: clear errors
SELECT _fit_scores_v(to_jsonb(v), ARRAY[1, 2]) FROM fp_v;
SELECT _fit_scores_v(to_jsonb(v), array_fill(NULL::float8, ARRAY[cardinality((v).ind_name)]) || 1::float8) FROM fp_v;
SELECT _fit_normalised_v(to_jsonb(v), array_fill(7.5::float8, ARRAY[cardinality((v).ind_name)])) FROM fp_v;
SELECT _fit_normalised_v(to_jsonb(v), array_fill('NaN'::float8, ARRAY[cardinality((v).ind_name)])) FROM fp_v;
SELECT _fit_normalised_v('[1, 2]', '{1}');
SELECT _fit_normalised_v('{}', '{1}');
SELECT _fit_scores_v(to_jsonb(mv), array_fill(NULL::float8, ARRAY[cardinality(mv.ind_name)]))
FROM model_version mv WHERE mv.model = 'telecom' AND mv.version = :v1;
SELECT _fit_scores_v(to_jsonb(v), ARRAY[[1, 2], [3, 4]]) FROM fp_v;
-- every element NULL: every input imputed
SELECT (SELECT bool_and(x IS NULL) FROM unnest(_fit_normalised_v(to_jsonb(v), array_fill(NULL::float8, ARRAY[cardinality((v).ind_name)]))) x) AS all_imputed
FROM fp_v;
SELECT _fit_pushdown('fp_src'), _fit_pushdown(NULL);

-- a loopback postgres_fdw server: two foreign partitions over local tables
CREATE EXTENSION postgres_fdw;
DO $$
BEGIN
	EXECUTE format('CREATE SERVER fp_loop FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host %L, port %L, dbname %L, extensions %L)',
	               split_part(current_setting('unix_socket_directories'), ',', 1), current_setting('port'),
	               current_database(), 'complaint_tier');
END $$;
CREATE USER MAPPING FOR CURRENT_USER SERVER fp_loop;
CREATE TABLE public.fp_part1 AS SELECT * FROM fp_src WHERE customer_id <= 2000;
CREATE TABLE public.fp_part2 AS SELECT * FROM fp_src WHERE customer_id > 2000;
CREATE TABLE fp_parted (LIKE fp_src) PARTITION BY RANGE (customer_id);
CREATE FOREIGN TABLE fp_f1 PARTITION OF fp_parted FOR VALUES FROM (MINVALUE) TO (2001)
  SERVER fp_loop OPTIONS (schema_name 'public', table_name 'fp_part1');
CREATE FOREIGN TABLE fp_f2 PARTITION OF fp_parted FOR VALUES FROM (2001) TO (MAXVALUE)
  SERVER fp_loop OPTIONS (schema_name 'public', table_name 'fp_part2');
SELECT _fit_pushdown('fp_parted');

-- the state query of a partition is shipped whole: the aggregate and the
-- per-row helper are in the remote SQL
CREATE TEMP TABLE fp_plan (i serial, line text);
SELECT set_config('fp.q', format('EXPLAIN (VERBOSE, COSTS OFF) SELECT complaint_tier.indicator_stats(complaint_tier._fit_normalised_v(%L::jsonb, %s)) FROM fp_f1',
                                 to_jsonb(v), _fit_values(v)), false) IS NOT NULL AS built FROM fp_v;
DO $$ DECLARE l text; BEGIN
	FOR l IN EXECUTE current_setting('fp.q') LOOP INSERT INTO fp_plan (line) VALUES (l); END LOOP;
END $$;
SELECT regexp_replace(line, '''\{.*\}''::jsonb', '<version>') AS plan FROM fp_plan ORDER BY i;

-- fit over the foreign partitions equals the fit over the plain table
-- (4,000 rows: the sketches are exact, so every parameter)
SET client_min_messages = warning;
SELECT fit('telecom', 'fp_parted') AS v2 \gset
RESET client_min_messages;
SELECT a.row_count = b.row_count AS same_rows,
       a.hist_counts = b.hist_counts AS same_hist_counts,
       (SELECT max(abs(x - y) / greatest(abs(y), 1e-300))
        FROM unnest(a.ind_lo || a.ind_hi || a.ind_impute || a.ind_weight || a.ind_global_weight || a.ind_ideal
                    || a.ind_anti_ideal || a.dim_weights || a.quantiles || a.tier_cuts || a.hist_edges
                    || ARRAY[a.kendall_w, a.vikor_s_best, a.vikor_s_worst, a.vikor_r_best, a.vikor_r_worst],
                    b.ind_lo || b.ind_hi || b.ind_impute || b.ind_weight || b.ind_global_weight || b.ind_ideal
                    || b.ind_anti_ideal || b.dim_weights || b.quantiles || b.tier_cuts || b.hist_edges
                    || ARRAY[b.kendall_w, b.vikor_s_best, b.vikor_s_worst, b.vikor_r_best, b.vikor_r_worst]) u(x, y)) < 1e-12
       AS parameters_within_1e12,
       (SELECT max(abs(x - y)) FROM unnest(a.spearman, b.spearman) u(x, y)) < 1e-12 AS spearman_within_1e12,
       a.warnings = b.warnings AS same_warnings
FROM model_version a, model_version b
WHERE a.model = 'telecom' AND b.model = 'telecom' AND a.version = :v2 AND b.version = :v1;

-- restore telecom's previous version
DELETE FROM complaint_tier.active_version WHERE model = 'telecom';
INSERT INTO complaint_tier.active_version (model, version) SELECT 'telecom', version FROM fp_prev;
DELETE FROM complaint_tier.model_version WHERE model = 'telecom' AND version IN (:v1, :v2);
DROP TABLE fp_parted, fp_src, public.fp_part1, public.fp_part2, fp_v, fp_plan, fp_prev;
DROP USER MAPPING FOR CURRENT_USER SERVER fp_loop;
DROP SERVER fp_loop;
DROP EXTENSION postgres_fdw;
