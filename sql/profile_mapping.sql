-- Ticket mappings and customer profiles from a ticket table: define_ticket_mapping,
-- customer_profile, create_profile_view (view, materialised, incremental),
-- refresh_profile, sample_tickets against sample_customers, and the telecom
-- model fitted on a profile view (doc/profile.md).
SET search_path = public, complaint_tier;
SET timezone = 'UTC';
SET client_min_messages = warning;
\set SHOW_CONTEXT never

-- A messy export: text times in day/month/year, Y/N flags with blanks,
-- handling in minutes, padded and blank text.  Customer C-042 holds the
-- four tickets of sql/profile.sql (worked by hand there: as of 2025-01-01,
-- complaints 30/90/365 = 1/2/3, escalations 2 (1 in 12 months),
-- unreasonable 1/3, handling 30 h (max 50), accepted 2/3, satisfaction
-- 11/3, billing, hotline, refund); C-007 has one ticket with nothing known
-- but its time; a blank customer and a blank time are skipped.
CREATE TABLE public.crm_tickets (ticket text, cust text, opened text, closed timestamptz, problem text, via text,
								 remedy text, escalated text, unreasonable text, minutes numeric, disputed text,
								 csat text);
INSERT INTO public.crm_tickets VALUES
	('T1', 'C-042', '15/11/2023 00:00', '2023-11-16 06:00+00', 'billing', 'hotline', 'refund', 'Y', 'N', 1800, 'No', '4'),
	('T2', ' C-042 ', '01/09/2024 10:00', '2024-09-03 12:00+00', 'billing ', 'online', 'explanation', 'N', 'Y', 3000, 'Yes', '2'),
	('T3', 'C-042', '20/11/2024 00:00', NULL, 'network', 'hotline', '', '', 'N', NULL, '', ''),
	('T4', 'C-042', '20/12/2024 00:00', '2024-12-20 10:00+00', 'billing', ' hotline', 'refund', 'y', '', 600, 'no', '5'),
	('T5', 'C-042', '   ', NULL, 'billing', 'hotline', 'refund', 'Y', 'Y', 5940, 'Yes', '1'),
	('T6', 'C-007', '31/12/2024 23:59', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
	('T7', '', '01/12/2024 00:00', NULL, 'billing', 'hotline', 'refund', 'Y', 'N', 60, 'No', '3');

SELECT define_ticket_mapping('crm', '{
  "description": "the CRM export",
  "source": "public.crm_tickets",
  "customer": "cust",
  "time": {"column": "opened", "format": "DD/MM/YYYY HH24:MI"},
  "problem_type": "problem",
  "channel": "via",
  "remedy": "remedy",
  "escalated": {"column": "escalated", "true": ["Y"], "false": ["N"]},
  "unreasonable": {"column": "unreasonable", "true": ["Y"], "false": ["N"]},
  "handling_hours": {"column": "minutes", "unit": "minutes"},
  "accepted": {"column": "disputed", "true": ["No"], "false": ["Yes"]},
  "satisfaction": "csat"
}');
SELECT jsonb_pretty(ticket_mapping_spec('crm'));
SELECT define_ticket_mapping('crm', ticket_mapping_spec('crm')) AS round_trip,
	   ticket_mapping_spec('crm') = ticket_mapping_spec('crm') AS same;
SELECT * FROM customer_profile('crm', 'public.crm_tickets', '2025-01-01 00:00+00') ORDER BY customer_key;
-- handling measured from the ticket time to the close time instead (T1 30 h, T2 50 h, T4 10 h: the same)
SELECT define_ticket_mapping('crm_closed', ticket_mapping_spec('crm') - 'handling_hours'
							 || '{"handling_hours": {"end": "closed"}}');
SELECT customer_key, handling_hours, handling_hours_max
FROM customer_profile('crm_closed', 'public.crm_tickets', '2025-01-01 00:00+00') ORDER BY 1;
-- the generated expressions
SELECT key_column, key_expr, a FROM _profile_exprs('crm_closed', 'public.crm_tickets'), unnest(args) a;

-- mapping errors: every problem of a spec in one error
SELECT define_ticket_mapping('bad', '{"customer": 1, "time": {"format": "YYYY"}, "colour": "red",
  "escalated": {"column": "e", "yes": ["Y"]}, "handling_hours": {"column": "m", "unit": "weeks", "end": "x"},
  "source": "public.no_such_table"}');
SELECT define_ticket_mapping('bad', '[]');
SELECT define_ticket_mapping('bad', '{"time": "opened"}');
SELECT define_ticket_mapping('sample_tickets', '{"customer": "c", "time": "t"}');
-- columns and types checked against the source: every problem in one error
SELECT define_ticket_mapping('bad', '{"source": "public.crm_tickets", "customer": "customer", "time": "closed",
  "problem_type": "problem", "escalated": "closed", "handling_hours": "via", "satisfaction": "closed",
  "accepted": {"column": "disputed", "true": ["No"]}}');
SELECT count(*) AS no_bad_mapping FROM ticket_mapping WHERE name = 'bad';
SELECT * FROM customer_profile('no_such_mapping', 'public.crm_tickets', '2025-01-01');
SELECT * FROM customer_profile('sample_tickets', 'public.crm_tickets', '2025-01-01');
-- a text time that does not match its format
INSERT INTO public.crm_tickets (ticket, cust, opened) VALUES ('T8', 'C-001', '2024-12-01');
SELECT count(*) FROM customer_profile('crm', 'public.crm_tickets', '2025-01-01');
DELETE FROM public.crm_tickets WHERE ticket = 'T8';

-- The sample tickets against the sample customers: complaints_90d,
-- escalations_12m and problem_type exact; shares within half a ticket;
-- handling within 0.05 h; satisfaction noisier (whole scores, unanswered surveys)
CREATE TABLE public.tickets AS SELECT * FROM sample_tickets(5000);
SELECT count(*) AS tickets, count(DISTINCT customer_id) AS customers, min(opened_at), max(opened_at),
	   count(*) FILTER (WHERE satisfaction IS NULL) AS unanswered FROM public.tickets;
SELECT * FROM public.tickets ORDER BY ticket_id LIMIT 5;
SELECT count(*) AS customers,
	   count(*) FILTER (WHERE p.complaints_90d = c.complaints_90d) AS complaints_90d_equal,
	   count(*) FILTER (WHERE p.escalations_12m = c.escalations_12m) AS escalations_12m_equal,
	   count(*) FILTER (WHERE p.problem_type = c.problem_type) AS problem_type_equal,
	   count(*) FILTER (WHERE abs(p.unreasonable_ratio - c.unreasonable_ratio) <= 0.5 / p.complaints_total + 1e-9) AS unreasonable_close,
	   count(*) FILTER (WHERE abs(p.accepted_ratio - c.accepted_ratio) <= 0.5 / p.complaints_total + 1e-9) AS accepted_close,
	   count(*) FILTER (WHERE abs(p.handling_hours - c.handling_hours) <= 0.05 + 1e-9) AS handling_close,
	   round(corr(p.satisfaction, c.satisfaction)::numeric, 3) AS satisfaction_corr
FROM customer_profile('sample_tickets', 'public.tickets', '2025-01-01 00:00+00') p
JOIN sample_customers(5000) c ON c.customer_id = p.customer_key::bigint;
-- deterministic, and a prefix of customers has the same tickets
SELECT (SELECT md5(string_agg(t::text, ',' ORDER BY ticket_id)) FROM sample_tickets(300) t) =
	   (SELECT md5(string_agg(t::text, ',' ORDER BY ticket_id)) FROM public.tickets t WHERE customer_id <= 300) AS prefix_equal;
SELECT count(*) FROM sample_tickets(0);
SELECT count(*) FROM sample_tickets(3, 7);
SELECT * FROM sample_tickets(-1);

-- tickets -> profile view joined to the customers' other attributes -> fit -> evaluate
CREATE TABLE public.crm AS
SELECT customer_id, gender, age, tenure_months, customer_level, arpu, data_share, payment_channel,
	   arrears_count_12m, emotional, porting_requested, vulnerable
FROM sample_customers(5000);
ALTER TABLE public.crm ADD PRIMARY KEY (customer_id);
SELECT create_profile_view('sample_tickets', 'public.tickets', 'public.customer_360',
						   '2025-01-01 00:00+00', 'public.crm') AS view_name;
SELECT column_name, data_type, col_description('public.customer_360'::regclass, ordinal_position::int) AS comment
FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'customer_360' ORDER BY ordinal_position;
SELECT fit('telecom', 'public.customer_360') AS version;
SELECT e.tier, count(*) AS customers, round(avg(v.complaints_90d), 2) AS complaints_90d,
	   round(avg(v.arpu)::numeric, 1) AS arpu
FROM public.customer_360 v CROSS JOIN LATERAL evaluate('telecom', v) e GROUP BY 1 ORDER BY min(e.score);
-- the same customers fitted on the sample's own columns: how often the tiers agree
CREATE TABLE public.customers_direct AS SELECT * FROM sample_customers(5000);
SELECT fit('telecom', 'public.customers_direct') AS version;
CREATE TEMP TABLE direct_tiers AS
SELECT c.customer_id, e.tier FROM public.customers_direct c CROSS JOIN LATERAL evaluate('telecom', c) e;
SELECT fit('telecom', 'public.customer_360') AS version;
SELECT count(*) AS customers, count(*) FILTER (WHERE d.tier = e.tier) AS same_tier
FROM public.customer_360 v CROSS JOIN LATERAL evaluate('telecom', v) e JOIN direct_tiers d USING (customer_id);

-- a materialised view, and view errors
SELECT create_profile_view('crm', 'public.crm_tickets', 'crm_profile', '2025-01-01 00:00+00', NULL, 'materialized');
SELECT * FROM public.crm_profile ORDER BY cust;
SELECT indexdef FROM pg_indexes WHERE tablename = 'crm_profile';
SELECT create_profile_view('sample_tickets', 'public.tickets', 'public.bad_view', NULL, 'public.customers_direct');
SELECT create_profile_view('sample_tickets', 'public.tickets', 'public.bad_view', NULL, 'public.crm_tickets');
SELECT create_profile_view('sample_tickets', 'public.tickets', 'public.bad_view', NULL, NULL, 'snapshot');
SELECT create_profile_view('sample_tickets', 'public.tickets', 'public.bad_view', '2025-01-01', NULL, 'incremental');
SELECT create_profile_view('sample_tickets', 'public.tickets', 'a.b.c');
SELECT create_profile_view(NULL, 'public.tickets', 'public.bad_view');

-- Incremental: per-customer states refreshed from the new tickets only.
-- The tickets arrive in two batches; after each refresh the view equals
-- the profile recomputed from all tickets as of the refresh time.
CREATE TABLE public.ticket_feed AS SELECT * FROM public.tickets WHERE opened_at <= '2024-12-01';
SELECT create_profile_view('sample_tickets', 'public.ticket_feed', 'public.profile_live', kind => 'incremental') IS NOT NULL AS created;
SELECT refresh_profile('public.profile_live', '2024-12-01 00:00+00', rebuild => true) AS customers_refreshed;
SELECT view_name, mapping, tickets, state_table, key_column, watermark FROM profile_view;
INSERT INTO public.ticket_feed SELECT * FROM public.tickets WHERE opened_at > '2024-12-01';
SELECT refresh_profile('public.profile_live', '2025-01-01 00:00+00') AS customers_refreshed;
-- (sums of non-integral hours may differ in the last bit between merge
-- orders, as PostgreSQL's own sum(float8) does between plans)
CREATE FUNCTION pg_temp.close(a float8, b float8) RETURNS boolean LANGUAGE sql IMMUTABLE
AS 'SELECT a IS NOT DISTINCT FROM b OR abs(a - b) <= 1e-12 * greatest(1, abs(a))';
SELECT count(*) AS customers,
	   count(*) FILTER (WHERE row(l.complaints_total, l.complaints_30d, l.complaints_90d, l.complaints_365d,
								  l.escalations_total, l.escalations_12m, l.first_complaint, l.last_complaint,
								  l.days_since_last, l.complainant_days, l.unreasonable_ratio, l.accepted_ratio,
								  l.satisfaction, l.handling_hours_max, l.problem_type, l.channel, l.remedy)
							  IS NOT DISTINCT FROM
							  row(p.complaints_total, p.complaints_30d, p.complaints_90d, p.complaints_365d,
								  p.escalations_total, p.escalations_12m, p.first_complaint, p.last_complaint,
								  p.days_since_last, p.complainant_days, p.unreasonable_ratio, p.accepted_ratio,
								  p.satisfaction, p.handling_hours_max, p.problem_type, p.channel, p.remedy)
							AND pg_temp.close(l.handling_hours, p.handling_hours)) AS equal_to_recomputed
FROM public.profile_live l
FULL JOIN customer_profile('sample_tickets', 'public.ticket_feed', '2025-01-01 00:00+00') p
	ON p.customer_key = l.customer_id::text;
-- a ticket that arrives late (its time is before the watermark) is only seen by a rebuild
INSERT INTO public.ticket_feed (ticket_id, customer_id, opened_at, problem_type)
VALUES (1999001, 1, '2024-12-30 12:00+00', 'billing');
SELECT refresh_profile('public.profile_live', '2025-01-01 00:00+00') AS customers_refreshed;
SELECT complaints_total FROM public.profile_live WHERE customer_id = 1;
SELECT refresh_profile('public.profile_live', '2025-01-01 00:00+00', true) AS customers_rebuilt;
SELECT complaints_total FROM public.profile_live WHERE customer_id = 1;
SELECT refresh_profile('public.profile_live', '2024-06-01');
SELECT refresh_profile('public.customer_360');
SELECT refresh_profile(NULL);

-- read as a role that is not a superuser: the shipped mapping, a plain view
CREATE ROLE regress_ct_analyst;
GRANT USAGE ON SCHEMA complaint_tier TO regress_ct_analyst;
GRANT SELECT ON public.tickets TO regress_ct_analyst;
GRANT CREATE ON SCHEMA public TO regress_ct_analyst;
SET ROLE regress_ct_analyst;
SELECT count(*), sum(complaints_90d) FROM complaint_tier.customer_profile('sample_tickets', 'public.tickets', '2025-01-01');
SELECT complaint_tier.create_profile_view('sample_tickets', 'public.tickets', 'public.analyst_profile', '2025-01-01');
SELECT count(*) FROM public.analyst_profile;
DROP VIEW public.analyst_profile;
RESET ROLE;
REVOKE CREATE ON SCHEMA public FROM regress_ct_analyst;
REVOKE ALL ON public.tickets FROM regress_ct_analyst;
REVOKE USAGE ON SCHEMA complaint_tier FROM regress_ct_analyst;
DROP ROLE regress_ct_analyst;

DROP VIEW public.profile_live;
DROP TABLE public.profile_live_state;
DELETE FROM profile_view;
DROP MATERIALIZED VIEW public.crm_profile;
DROP VIEW public.customer_360;
DROP TABLE public.ticket_feed, public.tickets, public.crm, public.customers_direct, public.crm_tickets;
DELETE FROM ticket_mapping WHERE NOT builtin;
DELETE FROM active_version WHERE model = 'telecom';
DELETE FROM model_version WHERE model = 'telecom';
