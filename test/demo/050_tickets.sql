-- From complaint tickets to complaint customers: tickets -> profile -> fit -> evaluate (doc/profile.md)
\set QUIET on
\pset footer off
SET search_path = public;
SET client_min_messages = warning;
SET timezone = 'UTC';

\echo
\echo 16. A warehouse holds tickets, not customers: the tickets behind the 100,000 sample customers (complaint_tier.sample_tickets)
\timing on
CREATE TABLE public.tickets AS SELECT * FROM complaint_tier.sample_tickets(100000);
CREATE INDEX ON public.tickets (opened_at);
ANALYZE public.tickets;
\timing off
SELECT count(*) AS tickets, count(DISTINCT customer_id) AS customers, min(opened_at)::date AS first,
	   max(opened_at)::date AS last, count(*) FILTER (WHERE satisfaction IS NULL) AS unanswered_surveys
FROM public.tickets;
\echo The tickets of customer 12
SELECT ticket_id, opened_at, channel, problem_type, escalated, unreasonable, handling_hours, remedy, accepted, satisfaction
FROM public.tickets WHERE customer_id = 12 ORDER BY opened_at;

\echo
\echo 17. The ticket mapping (declared once: which column means what), and customer 12 profiled from its tickets
\echo     with the aggregate behind every profile: profile(profile_state(tickets), as_of)
SELECT complaint_tier.ticket_mapping_spec('sample_tickets') AS mapping;
SELECT p.complaints_total, p.complaints_90d, p.escalations_12m, round(p.unreasonable_ratio::numeric, 2) AS unreasonable_ratio,
	   round(p.handling_hours::numeric, 1) AS handling_hours, round(p.accepted_ratio::numeric, 2) AS accepted_ratio,
	   round(p.satisfaction::numeric, 2) AS satisfaction, p.problem_type, p.channel, p.remedy
FROM (SELECT complaint_tier.profile_state(opened_at, problem_type, channel, remedy, escalated, unreasonable,
										  handling_hours, accepted, satisfaction) AS s
	  FROM public.tickets WHERE customer_id = 12) t
CROSS JOIN LATERAL complaint_tier.profile(t.s, '2025-01-01 00:00+00') p;
\echo ... against the columns the sample gave customer 12 directly
SELECT complaints_90d, escalations_12m, unreasonable_ratio, handling_hours, accepted_ratio, satisfaction, problem_type
FROM public.customers WHERE customer_id = 12;

\echo
\echo 18. The complaint-customer view: ticket profiles joined to the other CRM columns, kept as per-customer
\echo     states that refresh_profile() brings up to date from the new tickets only (kind incremental)
CREATE VIEW public.crm AS
SELECT customer_id, gender, age, tenure_months, customer_level, arpu, data_share, payment_channel,
	   arrears_count_12m, emotional, porting_requested, vulnerable
FROM public.customers;
SELECT complaint_tier.create_profile_view('sample_tickets', 'public.tickets', 'public.customer_360',
										  attributes => 'public.crm', kind => 'incremental') AS profile_view;
\timing on
SELECT complaint_tier.refresh_profile('public.customer_360', '2024-12-31 00:00+00', rebuild => true) AS customers_built_to_dec_31;
SELECT complaint_tier.refresh_profile('public.customer_360', '2025-01-01 00:00+00') AS customers_with_tickets_on_dec_31;
\timing off
SELECT watermark, refreshed_at IS NOT NULL AS refreshed FROM complaint_tier.profile_view WHERE view_name = 'public.customer_360';
SELECT customer_id, customer_level, arpu, complaints_90d, escalations_12m, round(accepted_ratio::numeric, 2) AS accepted_ratio,
	   round(days_since_last::numeric, 1) AS days_since_last, problem_type, channel
FROM public.customer_360 ORDER BY customer_id LIMIT 5;

\echo
\echo 19. Fit the telecom model on the complaint-customer view and evaluate: the same tiers as the fit on the columns of the sample itself?
SELECT version AS sample_version FROM complaint_tier.active_version WHERE model = 'telecom' \gset
\timing on
SELECT complaint_tier.fit('telecom', 'public.customer_360') AS fitted_version;
\timing off
SELECT count(*) AS customers,
	   count(*) FILTER (WHERE e.tier = d.tier) AS same_tier,
	   round(100.0 * count(*) FILTER (WHERE e.tier = d.tier) / count(*), 1) AS same_tier_percent
FROM public.customer_360 v
CROSS JOIN LATERAL complaint_tier.evaluate('telecom', v) e
JOIN public.customers c USING (customer_id)
CROSS JOIN LATERAL complaint_tier.evaluate('telecom', :sample_version, c) d;
SELECT e.tier, count(*) AS customers, round(avg(v.arpu)::numeric, 1) AS arpu,
	   round(avg(v.complaints_90d), 2) AS complaints_90d, round(avg(v.satisfaction)::numeric, 2) AS satisfaction
FROM public.customer_360 v CROSS JOIN LATERAL complaint_tier.evaluate('telecom', v) e
GROUP BY 1 ORDER BY min(e.score) DESC;
\echo Customer 12 from its tickets: tier, classes and strategies
SELECT e.tier, e.class_labels, e.strategies, e.routing_priority, e.refund_ceiling
FROM public.customer_360 v CROSS JOIN LATERAL complaint_tier.evaluate('telecom', v) e
WHERE v.customer_id = 12 \gx
-- the customer_tier view of step 4 reads the active version: put the fit on the sample's own columns back
SELECT complaint_tier.activate('telecom', :sample_version) AS active_version;
