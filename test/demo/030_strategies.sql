-- Strategies with reasons: what the tiers change for 100,000 customers, five example customers, and a fairness check
\set QUIET on
\pset footer off
SET search_path = public;

\echo
\echo 7. Strategies over the population (from customer_tier_strategies, the companion view create_tier_view made:
\echo    one row per customer and strategy)
SELECT s.strategy, st.title, count(*) AS customers,
	   round(100.0 * count(*) / (SELECT count(*) FROM public.customer_tier), 1) AS pct
FROM public.customer_tier_strategies s
JOIN complaint_tier.strategies st ON st.code = s.strategy
GROUP BY 1, 2 ORDER BY 3 DESC, 1;

\echo
\echo 8. Routing priority (1 = front of the queue) and refund authority of the front line
SELECT coalesce(routing_priority::text, 'none') AS routing_priority, count(*) AS customers,
	   round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct
FROM public.customer_tier GROUP BY routing_priority ORDER BY routing_priority NULLS LAST;
SELECT coalesce(refund_ceiling::text, 'none') AS refund_ceiling, count(*) AS customers,
	   round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct
FROM public.customer_tier GROUP BY refund_ceiling ORDER BY refund_ceiling DESC NULLS LAST;

-- five example customers, picked deterministically (lowest id of each kind)
CREATE TEMP TABLE demo_example AS
SELECT 1 AS k, 'top-tier VIP' AS example,
	   (SELECT min(t.customer_id) FROM public.customer_tier t JOIN public.customers c USING (customer_id)
		WHERE t.tier = 'key' AND c.customer_level = 'diamond' AND t.credit_grade = 'high' AND c.vulnerable IS NOT TRUE
		  AND c.porting_requested IS NOT TRUE) AS customer_id
UNION ALL
SELECT 2, 'first-time, good faith',
	   (SELECT min(t.customer_id) FROM public.customer_tier t JOIN public.customers c USING (customer_id)
		WHERE t.behaviour_class = 'first_time_good_faith' AND c.vulnerable IS NOT TRUE
		  AND c.porting_requested IS NOT TRUE AND c.customer_level NOT IN ('platinum', 'diamond'))
UNION ALL
SELECT 3, 'frequent, unreasonable',
	   (SELECT min(t.customer_id) FROM public.customer_tier t WHERE t.behaviour_class = 'frequent_unreasonable')
UNION ALL
SELECT 4, 'vulnerable, in arrears',
	   (SELECT min(c.customer_id) FROM public.customers c WHERE c.vulnerable AND c.arrears_count_12m >= 2)
UNION ALL
SELECT 5, 'asked to port out',
	   (SELECT min(c.customer_id) FROM public.customers c WHERE c.porting_requested AND c.vulnerable IS NOT TRUE);

\echo
\echo 9. Five example customers: tier, stage, grade, class, routing and refund authority
SELECT x.example, x.customer_id, c.customer_level AS level, t.tier, round(t.score::numeric, 3) AS score,
	   t.lifecycle_stage AS stage, t.credit_grade AS grade, t.behaviour_class AS class,
	   t.routing_priority AS routing, t.refund_ceiling AS ceiling
FROM demo_example x JOIN public.customer_tier t USING (customer_id) JOIN public.customers c USING (customer_id)
ORDER BY x.k;

\echo
\echo 10. Their strategies in priority order, each with its reason (rule id, version, condition)
SELECT x.example, s.strategy, s.reason
FROM demo_example x JOIN public.customer_tier_strategies s USING (customer_id)
ORDER BY x.k, s.position;
\echo Safeguards at work: the vulnerable customer (low credit grade, in arrears) gets vulnerability_protection
\echo and none of the suspension-type strategies (high-spend monitoring, roaming conditions, suspension);
\echo the customer who asked to port out (lifecycle stage warning) gets no retention offer.

\echo
\echo 11. Why those scores: explain() contributions to the score each customer got (largest first); they add up to it
SELECT x.example, t.tier, to_char(t.score, 'FM0.000') AS score,
	   to_char(sum(e.contribution_to_score), 'FM0.000') AS total,
	   string_agg(format('%s %s', e.indicator, to_char(e.contribution_to_score, 'FM0.000')), ', '
				  ORDER BY e.contribution_to_score DESC, e.ordinal) AS contributions
FROM demo_example x JOIN public.customers c USING (customer_id) JOIN public.customer_tier t USING (customer_id)
CROSS JOIN LATERAL complaint_tier.explain('telecom', c) e
GROUP BY x.k, x.example, t.tier, t.score ORDER BY x.k;
\echo The whole decision for the top-tier VIP, in the order a person asks (explain_report over explain_json):
\echo score and tier, the percentile of each method, the combination, indicators, dimensions, classes, rules
SELECT r.step, r.part, r.item, r.detail
FROM demo_example x JOIN public.customers c USING (customer_id)
CROSS JOIN LATERAL complaint_tier.explain_report(complaint_tier.explain_json('telecom', c)) r
WHERE x.k = 1 ORDER BY r.step;

\echo
\echo 12. Fairness by gender (not scored; no enabled rule reads it): favourable treatment per group
\timing on
CREATE TEMP TABLE demo_fairness AS SELECT * FROM complaint_tier.fairness('telecom', 'public.customers', 'gender');
\timing off
SELECT coalesce(grp, '(null)') AS gender, customers,
	   CASE measure WHEN 'tier' THEN 'top tier (' || category || ')' ELSE measure END AS treatment,
	   round(value::numeric, 4) AS value, round(impact_ratio::numeric, 3) AS impact_ratio, flagged
FROM demo_fairness WHERE favourable ORDER BY measure DESC, grp NULLS LAST;
SELECT count(*) FILTER (WHERE flagged) AS flagged_under_four_fifths FROM demo_fairness;
