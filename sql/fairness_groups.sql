-- fairness() over many groups: 5,000 groups and a NULL group (the report
-- was quadratic in the number of groups until 0.2.0: 5,000 groups took
-- about 40 s; now a fraction of a second, doc/fairness.md).  Every ratio is
-- checked against a direct count over evaluate().
SET search_path = complaint_tier, public;

-- group j (j = 1..5000) has 1 + j % 4 customers, of whom (7 j) % (2 + j % 4)
-- are routed at priority 1 by the model's rule; the NULL group has 3, all routed
-- (so the best routing share is 1, and 4,333 groups are under 4/5 of it:
-- counted from these formulas in Python, independently of the extension)
CREATE TABLE fg_src (customer_id bigint, grp_key text, arpu float8, escalations_12m int);
INSERT INTO fg_src
SELECT j * 10 + i, 'g' || lpad(j::text, 4, '0'), 10 + ((j * 31 + i * 17) % 97),
       CASE WHEN i <= (7 * j) % (2 + j % 4) THEN 1 ELSE 0 END
FROM generate_series(1, 5000) j, generate_series(1, 1 + j % 4) i;
INSERT INTO fg_src VALUES (1, NULL, 50, 1), (2, NULL, 60, 1), (3, NULL, 70, 1);
SELECT define_model('fg', '{"key": "customer_id", "source": "fg_src",
  "dimensions": [{"name": "value", "weight": 1}],
  "indicators": [{"name": "arpu", "column": "arpu", "dimension": "value", "direction": "benefit", "weight": 1}],
  "weighting": "expert", "methods": ["weighted_sum"],
  "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.5, 0.5]},
            "dimension": {"labels": ["low", "high"], "cuts": [0.5]}},
  "rules": [{"id": "fg.selected", "strategy": "priority_queue", "priority": 1, "routing_priority": 1,
             "when": "escalations_12m >= 1"}]}');
SELECT fit('fg', 'fg_src') AS version;

CREATE TEMP TABLE fg_report AS SELECT * FROM fairness('fg', 'fg_src', 'grp_key');
-- 5,001 groups x (2 tiers + routing + refund ceiling + 1 strategy)
SELECT count(*) AS report_rows, count(DISTINCT coalesce(grp, '<null>')) AS groups,
       sum(customers) FILTER (WHERE measure = 'refund_ceiling') AS customers
FROM fg_report;
SELECT measure, category, count(*) AS rows, count(*) FILTER (WHERE flagged) AS flagged,
       round(min(impact_ratio)::numeric, 4) AS min_ratio, round(max(impact_ratio)::numeric, 4) AS max_ratio
FROM fg_report GROUP BY measure, category ORDER BY measure, category;

-- the same shares and ratios counted directly: per group the share routed at
-- priority 1 and the share in the top tier, each divided by the highest share
WITH d AS (
	SELECT s.grp_key AS grp, count(*) AS n,
	       count(*) FILTER (WHERE e.routing_priority = 1)::float8 / count(*) AS routed,
	       count(*) FILTER (WHERE e.tier = 'high')::float8 / count(*) AS high
	FROM fg_src s CROSS JOIN LATERAL evaluate('fg', s) e GROUP BY s.grp_key
), x AS (
	SELECT d.grp, d.n, 'routing_priority_1' AS measure, d.routed AS share, d.routed / max(d.routed) OVER () AS ratio FROM d
	UNION ALL
	SELECT d.grp, d.n, 'tier', d.high, d.high / max(d.high) OVER () FROM d
)
SELECT x.measure, count(*) AS groups_compared,
       count(*) FILTER (WHERE f.customers <> x.n OR abs(f.value - x.share) > 1e-12
                          OR abs(f.impact_ratio - x.ratio) > 1e-12
                          OR f.flagged <> (x.ratio < 0.8)) AS mismatches,
       count(*) FILTER (WHERE x.ratio < 0.8) AS flagged_directly
FROM x JOIN fg_report f
  ON coalesce(f.grp, '<null>') = coalesce(x.grp, '<null>') AND f.measure = x.measure
 AND (f.measure <> 'tier' OR f.category = 'high')
GROUP BY x.measure ORDER BY x.measure;

-- a few groups in full, and the NULL group last
SELECT grp, customers, measure, category, round(value::numeric, 4) AS value,
       round(impact_ratio::numeric, 4) AS impact_ratio, flagged
FROM fg_report WHERE grp IN ('g0001', 'g0002', 'g0003') OR grp IS NULL
ORDER BY measure, category, grp COLLATE "C" NULLS LAST;

DROP TABLE fg_src;
DELETE FROM rules WHERE model = 'fg';
DELETE FROM model WHERE name = 'fg';
