-- The telecom model on 100,000 sample customers: fit, evaluate, schedule, report
\set QUIET on
\pset footer off
-- The customers and the tier view are the user's own objects: they live in
-- public, never in the extension's schema, and the extension's functions
-- and tables are called schema-qualified.
SET search_path = public;
SET client_min_messages = notice;

\echo
\echo 1. 100,000 synthetic complaint customers in the canonical schema (complaint_tier.sample_customers)
\timing on
CREATE TABLE public.customers AS SELECT * FROM complaint_tier.sample_customers(100000);
ALTER TABLE public.customers ADD PRIMARY KEY (customer_id);
ANALYZE public.customers;
\timing off

\echo
\echo 2. Fit the shipped telecom model (statistics, weights, four methods, concordance, tier cuts)
\timing on
SELECT complaint_tier.fit('telecom', 'public.customers') AS fitted_version;
\timing off
SELECT version, row_count, weighting, methods, combine,
	   round(kendall_w::numeric, 3) AS kendall_w, methods_agree,
	   (SELECT string_agg(round(c::numeric, 3)::text, ' / ') FROM unnest(tier_cuts) c) AS tier_cuts
FROM complaint_tier.model_version WHERE model = 'telecom' ORDER BY version DESC LIMIT 1;
\echo The fitted weights: five dimensions (AHP on the pairwise matrix) and the global weight of each indicator
SELECT v.dim_names[k] AS dimension, round(v.dim_weights[k]::numeric, 3) AS weight,
	   string_agg(format('%s %s', v.ind_name[j], to_char(v.ind_global_weight[j], 'FM0.000')), ', ' ORDER BY j) AS indicators
FROM complaint_tier.model_version v
JOIN complaint_tier.active_version a USING (model, version)
CROSS JOIN LATERAL generate_subscripts(v.dim_names, 1) k
CROSS JOIN LATERAL generate_subscripts(v.ind_name, 1) j
WHERE v.model = 'telecom' AND v.ind_dimension[j] = k - 1	-- ind_dimension counts from 0
GROUP BY k, v.dim_names, v.dim_weights ORDER BY k;

\echo
\echo 3. One evaluation: the same composite for every model (arrays in the order of the dimensions and classifications of the model)
SELECT round(e.score::numeric, 3) AS score, e.tier, e.dimension_names, e.dimension_scores::numeric(4,3)[] AS dimension_scores,
	   e.dimension_tiers, e.class_names, e.class_labels
FROM public.customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) e
WHERE c.customer_id = 42 \gx

\echo
\echo 4. A materialised view of evaluations with named columns (create_tier_view), refreshed concurrently, scheduled with pg_cron
\timing on
SELECT complaint_tier.create_tier_view('telecom', 'public.customers', 'public.customer_tier', true) AS tier_view;
REFRESH MATERIALIZED VIEW CONCURRENTLY public.customer_tier;
\timing off
SELECT string_agg(a.attname, ', ' ORDER BY a.attnum) AS customer_tier_columns
FROM pg_attribute a WHERE a.attrelid = 'public.customer_tier'::regclass AND a.attnum > 0;
-- the recipe of doc/scheduling.md; every minute here so that the demo sees a
-- run (test/demo.sh waits for it), every 15 minutes ('*/15 * * * *') in production
CREATE EXTENSION IF NOT EXISTS pg_cron;
SELECT cron.schedule('refresh-customer-tier', '* * * * *',
					 'REFRESH MATERIALIZED VIEW CONCURRENTLY public.customer_tier') AS cron_job_id;
SELECT jobname, schedule, command FROM cron.job;

\echo
\echo 5. Tier report: sizes and mean indicators per tier
SELECT t.tier, count(*) AS customers,
	   round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct,
	   round(avg(t.score)::numeric, 3) AS mean_score,
	   round(avg(c.arpu)::numeric, 1) AS arpu,
	   round(avg(c.tenure_months)::numeric, 1) AS tenure,
	   round(avg(c.arrears_count_12m)::numeric, 2) AS arrears,
	   round(avg(c.complaints_90d)::numeric, 2) AS complaints,
	   round(avg(c.unreasonable_ratio)::numeric, 2) AS unreasonable,
	   round(avg(c.satisfaction)::numeric, 2) AS satisfaction
FROM public.customer_tier t JOIN public.customers c USING (customer_id)
GROUP BY t.tier ORDER BY min(t.score) DESC;
\echo Dimension tiers: customers per tier of each dimension
SELECT count(*) FILTER (WHERE value_tier = 'high') AS value_high,
	   count(*) FILTER (WHERE credit_tier = 'high') AS credit_high,
	   count(*) FILTER (WHERE behaviour_tier = 'high') AS behaviour_high,
	   count(*) FILTER (WHERE handling_tier = 'high') AS handling_high,
	   count(*) FILTER (WHERE value_tier = 'low') AS value_low,
	   count(*) FILTER (WHERE credit_tier = 'low') AS credit_low,
	   count(*) FILTER (WHERE behaviour_tier = 'low') AS behaviour_low,
	   count(*) FILTER (WHERE handling_tier = 'low') AS handling_low
FROM public.customer_tier;

\echo
\echo 6. Lifecycle stage, credit grade and behaviour class (classifications of the telecom model)
SELECT name, labels, conditions FROM complaint_tier.classification WHERE model = 'telecom' ORDER BY ordinal;
SELECT lifecycle_stage, count(*) FROM public.customer_tier GROUP BY 1 ORDER BY 2 DESC;
SELECT credit_grade, count(*) FROM public.customer_tier GROUP BY 1 ORDER BY 2 DESC;
SELECT behaviour_class, count(*) FROM public.customer_tier GROUP BY 1 ORDER BY 2 DESC;
