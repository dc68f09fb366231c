-- The telecom model on 100,000 sample customers: fit, evaluate, schedule, report
\set QUIET on
\pset footer off
SET search_path = complaint_tier, public;
SET client_min_messages = notice;

\echo
\echo 1. 100,000 synthetic complaint customers in the canonical schema (sample_customers)
\timing on
CREATE TABLE customers AS SELECT * FROM sample_customers(100000);
ALTER TABLE customers ADD PRIMARY KEY (customer_id);
ANALYZE customers;
\timing off

\echo
\echo 2. Fit the shipped telecom model (statistics, weights, four methods, concordance, tier cuts)
\timing on
SELECT fit('telecom', 'customers') AS fitted_version;
\timing off
SELECT version, row_count, weighting, methods, combine,
	   round(kendall_w::numeric, 3) AS kendall_w, methods_agree,
	   (SELECT string_agg(round(c::numeric, 3)::text, ' / ') FROM unnest(tier_cuts) c) AS tier_cuts
FROM model_version WHERE model = 'telecom' ORDER BY version DESC LIMIT 1;

\echo
\echo 3. A materialised view of evaluations, refreshed concurrently, scheduled with pg_cron
\timing on
CREATE MATERIALIZED VIEW customer_tier AS
SELECT c.customer_id, e.*
FROM customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e;
CREATE UNIQUE INDEX ON customer_tier (customer_id);
REFRESH MATERIALIZED VIEW CONCURRENTLY customer_tier;
\timing off
CREATE EXTENSION IF NOT EXISTS pg_cron;
SELECT cron.schedule('refresh-customer-tier', '*/15 * * * *',
					 'REFRESH MATERIALIZED VIEW CONCURRENTLY public.customer_tier') AS cron_job_id;
SELECT jobname, schedule, command FROM cron.job;

\echo
\echo 4. Tier report: sizes and mean indicators per tier
SELECT t.tier, count(*) AS customers,
	   round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct,
	   round(avg(t.score)::numeric, 3) AS mean_score,
	   round(avg(c.arpu)::numeric, 1) AS arpu,
	   round(avg(c.tenure_months)::numeric, 1) AS tenure,
	   round(avg(c.arrears_count_12m)::numeric, 2) AS arrears,
	   round(avg(c.complaints_90d)::numeric, 2) AS complaints,
	   round(avg(c.unreasonable_ratio)::numeric, 2) AS unreasonable,
	   round(avg(c.satisfaction)::numeric, 2) AS satisfaction
FROM customer_tier t JOIN customers c USING (customer_id)
GROUP BY t.tier ORDER BY min(t.score) DESC;

\echo
\echo 5. Lifecycle stage, credit grade and behaviour class
SELECT lifecycle_stage, count(*) FROM customer_tier GROUP BY 1 ORDER BY 2 DESC;
SELECT credit_grade, count(*) FROM customer_tier GROUP BY 1 ORDER BY 2 DESC;
SELECT behaviour_class, count(*) FROM customer_tier GROUP BY 1 ORDER BY 2 DESC;
