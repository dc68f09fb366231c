-- The shipped telecom model, defined as configuration rows (five
-- dimensions, three classifications), gives exactly the 0.1.0 results on
-- sample_customers(100000) when its classifications are 0.1.0's: score,
-- tier, dimension scores and tiers, lifecycle stage, credit grade and
-- behaviour class of every row, and the strategies, reasons, routing
-- priority and refund ceiling.  The checksums were computed with
-- complaint_tier 0.1.0 (commit 4a6c36e) by the same expressions over its
-- evaluation columns.
--
-- Since 0.2.0 the shipped warning stage also fires from complaint
-- intensity (complaints_90d >= 4, doc/telecom_model.md), so the proof runs
-- on telecom_010: a copy of telecom with 0.1.0's lifecycle_stage
-- conditions and the same rules under new ids (telecom_010.*).  The
-- reasons name the rule ids, so the strategies checksum reads them with
-- the copy's prefix mapped back to telecom.
--
-- Since fit takes its quantiles from a quantile_sketch (doc/sketch.md),
-- which is exact below 16,384 rows, the 100,000-row fit's percentiles and
-- cut points are within the sketch's rank-error bound of 0.1.0's exact
-- ones, so the full score checksum (8820484792774e64309a7aaa5cbd636c with
-- 0.1.0) no longer applies. What does not depend on quantiles must still be
-- 0.1.0's exactly: the dimension scores and the three classes of every row
-- (checksum 295ebe9fc163dcb6dc467f3ab6d964d1, computed with 0.1.0 at commit
-- 4a6c36e by the same expression over its columns background_score ..
-- behaviour_class), and the strategies. The overall tier cut points are
-- compared with 0.1.0's exact ones (0.409594270322791, 0.6818816173066385,
-- 0.8873310065274028); sql/sketch.sql bounds the tier shares. Two fits of
-- one table agree row for row when their scans read the rows in the same
-- order: the comparison below runs serially.
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE checksum_customers AS SELECT * FROM complaint_tier.sample_customers(100000);
SELECT complaint_tier.define_model('telecom_010',
         jsonb_set(complaint_tier.model_spec('telecom'), '{classifications,0,labels,0,when}',
                   '"porting_requested OR satisfaction <= 2"')
         || jsonb_build_object('rules',
              (SELECT jsonb_agg(r || jsonb_build_object('id', 'telecom_010.' || substr(r ->> 'id', 9)))
               FROM jsonb_array_elements(complaint_tier.model_spec('telecom') -> 'rules') r))) AS copy;
-- the copy differs from the shipped model only there
SELECT c.key, c.value AS telecom_010, t.value AS telecom
FROM jsonb_each(complaint_tier.model_spec('telecom_010') - 'rules') c
JOIN jsonb_each(complaint_tier.model_spec('telecom') - 'rules') t USING (key)
WHERE c.value <> t.value;
SELECT complaint_tier.fit('telecom_010', 'checksum_customers') > 0 AS fitted;
SELECT md5(string_agg(concat_ws('|', c.customer_id,
         coalesce(e.dimension_scores[1]::text, '-'), coalesce(e.dimension_scores[2]::text, '-'),
         coalesce(e.dimension_scores[3]::text, '-'), coalesce(e.dimension_scores[4]::text, '-'),
         coalesce(e.dimension_scores[5]::text, '-'),
         coalesce(e.class_labels[1], '-'), coalesce(e.class_labels[2], '-'), coalesce(e.class_labels[3], '-')),
         E'\n' ORDER BY c.customer_id)) = '295ebe9fc163dcb6dc467f3ab6d964d1' AS quantile_free_same_as_0_1_0,
       md5(string_agg(concat_ws('|', c.customer_id, e.strategies::text,
         replace(e.reasons::text, 'rule telecom_010.', 'rule telecom.'),
         coalesce(e.routing_priority::text, '-'), coalesce(e.refund_ceiling::text, '-')),
         E'\n' ORDER BY c.customer_id)) = 'cac77b2ee2d0f7656a28c1822c371d78' AS strategies_same_as_0_1_0
FROM checksum_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom_010', c) e;
-- the overall cut points against 0.1.0's exact ones, and the sketch's bound
SELECT round(max(abs(v.tier_cuts[i] - x.c[i]))::numeric, 4) AS max_cut_difference,
       max(abs(v.tier_cuts[i] - x.c[i])) < 0.002 AS within_0_002
FROM complaint_tier.model_version v,
     (SELECT ARRAY[0.409594270322791, 0.6818816173066385, 0.8873310065274028]::float8[] AS c) x,
     generate_series(1, 3) i
WHERE v.model = 'telecom_010';
SELECT e.dimension_names, e.class_names FROM checksum_customers c
CROSS JOIN LATERAL complaint_tier.evaluate('telecom_010', c) e WHERE c.customer_id = 1;

-- The shipped model fitted on the same rows: the same scores, tiers and
-- classes except the lifecycle stage of the customers the complaint
-- intensity now warns about, whose retention offer follows (rule
-- telecom.lifecycle.warning; not after a porting request)
SELECT complaint_tier.fit('telecom', 'checksum_customers') > 0 AS fitted;
CREATE TEMP TABLE cmp AS
SELECT c.customer_id, c.complaints_90d, c.porting_requested, c.satisfaction,
       o.score = n.score AND o.tier = n.tier AND o.dimension_scores = n.dimension_scores
         AND o.dimension_tiers = n.dimension_tiers AND o.class_labels[2:3] = n.class_labels[2:3] AS same_scores,
       o.class_labels[1] AS stage_010, n.class_labels[1] AS stage,
       'retention' = ANY (o.strategies) AS retention_010, 'retention' = ANY (n.strategies) AS retention
FROM checksum_customers c
CROSS JOIN LATERAL complaint_tier.evaluate('telecom_010', c) o
CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) n;
SELECT bool_and(same_scores) AS scores_tiers_other_classes_same,
       count(*) FILTER (WHERE stage IS DISTINCT FROM stage_010) AS stage_changed,
       count(*) FILTER (WHERE stage IS DISTINCT FROM stage_010
                          AND NOT (stage = 'warning' AND complaints_90d >= 4
                                   AND porting_requested IS NOT TRUE AND satisfaction > 2)) AS changed_otherwise,
       count(*) FILTER (WHERE stage = 'warning') AS warning,
       count(*) FILTER (WHERE stage_010 = 'warning') AS warning_0_1_0,
       count(*) FILTER (WHERE retention AND NOT retention_010) AS new_retention
FROM cmp;
SELECT stage_010 AS stage_before, count(*) AS now_warning FROM cmp
WHERE stage = 'warning' AND stage_010 <> 'warning' GROUP BY 1 ORDER BY 1;
SELECT complaints_90d, count(*) AS customers,
       count(*) FILTER (WHERE stage = 'warning') AS warning,
       count(*) FILTER (WHERE stage_010 = 'warning') AS warning_0_1_0
FROM cmp GROUP BY 1 HAVING complaints_90d BETWEEN 2 AND 5 ORDER BY 1;

DROP TABLE checksum_customers;
DELETE FROM complaint_tier.model WHERE name = 'telecom_010';
DELETE FROM complaint_tier.active_version WHERE model = 'telecom';
DELETE FROM complaint_tier.model_version WHERE model = 'telecom';
