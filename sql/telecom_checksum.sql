-- The shipped telecom model, now defined as configuration rows (five
-- dimensions, three classifications), gives exactly the 0.1.0 results on
-- sample_customers(100000): score, tier, dimension scores and tiers,
-- lifecycle stage, credit grade and behaviour class of every row, and the
-- strategies, reasons, routing priority and refund ceiling.  The checksums
-- were computed with complaint_tier 0.1.0 (commit 4a6c36e) by the same
-- expressions over its evaluation columns.
SET client_min_messages = warning;
CREATE TABLE checksum_customers AS SELECT * FROM complaint_tier.sample_customers(100000);
SELECT complaint_tier.fit('telecom', 'checksum_customers') > 0 AS fitted;
SELECT md5(string_agg(concat_ws('|', c.customer_id, e.score, e.tier,
         coalesce(e.dimension_scores[1]::text, '-'), coalesce(e.dimension_scores[2]::text, '-'),
         coalesce(e.dimension_scores[3]::text, '-'), coalesce(e.dimension_scores[4]::text, '-'),
         coalesce(e.dimension_scores[5]::text, '-'),
         coalesce(e.dimension_tiers[1], '-'), coalesce(e.dimension_tiers[2], '-'), coalesce(e.dimension_tiers[3], '-'),
         coalesce(e.dimension_tiers[4], '-'), coalesce(e.dimension_tiers[5], '-'),
         coalesce(e.class_labels[1], '-'), coalesce(e.class_labels[2], '-'), coalesce(e.class_labels[3], '-')),
         E'\n' ORDER BY c.customer_id)) = '8820484792774e64309a7aaa5cbd636c' AS same_as_0_1_0,
       md5(string_agg(concat_ws('|', c.customer_id, e.strategies::text, e.reasons::text,
         coalesce(e.routing_priority::text, '-'), coalesce(e.refund_ceiling::text, '-')),
         E'\n' ORDER BY c.customer_id)) = 'cac77b2ee2d0f7656a28c1822c371d78' AS strategies_same_as_0_1_0
FROM checksum_customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
SELECT e.dimension_names, e.class_names FROM checksum_customers c
CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e WHERE c.customer_id = 1;
DROP TABLE checksum_customers;
DELETE FROM complaint_tier.active_version WHERE model = 'telecom';
DELETE FROM complaint_tier.model_version WHERE model = 'telecom';
