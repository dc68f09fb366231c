-- The building blocks on five complaint customers
\set QUIET on
\pset footer off
CREATE EXTENSION IF NOT EXISTS complaint_tier;
SET search_path = complaint_tier, public;

-- Five complaint customers (a small slice of doc/schema.md's input schema).
CREATE TEMP TABLE demo_customer (
	customer_id bigint PRIMARY KEY,
	customer_level text,
	arpu float8,
	tenure_months float8,
	arrears_count_12m int,
	complaints_90d int,
	unreasonable_ratio float8
);
INSERT INTO demo_customer VALUES
	(1, 'diamond',  320, 96, 0, 1, 0.00),
	(2, 'gold',     150, 40, 1, 2, 0.10),
	(3, 'silver',    80, 14, 0, 1, 0.00),
	(4, 'ordinary',  45,  3, 3, 6, 0.70),
	(5, 'ordinary',  30, 30, 5, 9, 0.90);

\echo
\echo 1. Indicators normalised to [0,1] (benefit: larger is better; cost: smaller is better)
CREATE TEMP TABLE demo_norm AS
SELECT customer_id,
	   ARRAY[
		   quantify(customer_level, ARRAY['ordinary','silver','gold','platinum','diamond']),
		   complaint_tier.normalize(arpu, 20, 400),
		   complaint_tier.normalize(tenure_months, 0, 120),
		   complaint_tier.normalize(arrears_count_12m, 0, 6, 'cost'),
		   complaint_tier.normalize(unreasonable_ratio, 0, 1, 'cost')
	   ] AS v
FROM demo_customer;
SELECT customer_id, v[1] AS level, round(v[2]::numeric, 3) AS arpu,
	   round(v[3]::numeric, 3) AS tenure, round(v[4]::numeric, 3) AS arrears,
	   round(v[5]::numeric, 3) AS reasonableness
FROM demo_norm ORDER BY customer_id;
