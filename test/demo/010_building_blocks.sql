-- The building blocks on five complaint customers
\set QUIET on
\pset footer off
CREATE EXTENSION IF NOT EXISTS complaint_tier;
-- public first: anything the demo creates is the user's own, never in the
-- extension's schema (the tables below are temporary anyway)
SET search_path = public, complaint_tier;

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

\echo
\echo 2. Indicator weights from an AHP pairwise comparison (Saaty 1-9 scale)
CREATE TEMP TABLE demo_ahp AS
SELECT ARRAY[
	--  level arpu tenure arrears reason
	ARRAY[1,    1/2., 2,     3,      1/2.],
	ARRAY[2,    1,    3,     4,      1   ],
	ARRAY[1/2., 1/3., 1,     2,      1/3.],
	ARRAY[1/3., 1/4., 1/2.,  1,      1/4.],
	ARRAY[2,    1,    3,     4,      1   ]
]::float8[] AS m;
SELECT round(w::numeric, 3) AS weight, name
FROM demo_ahp, unnest(ahp_weights(m), ARRAY['level','arpu','tenure','arrears','reasonableness']) AS u(w, name);
SELECT n, round(lambda_max::numeric, 4) AS lambda_max, round(ci::numeric, 4) AS ci,
	   ri, round(cr::numeric, 4) AS cr, consistent
FROM demo_ahp, ahp_consistency(m);

\echo
\echo 3. Four evaluation methods on the same customers
CREATE TEMP TABLE demo_ref AS
SELECT array_agg(hi ORDER BY j) AS best, array_agg(lo ORDER BY j) AS worst
FROM (SELECT j, max(x) AS hi, min(x) AS lo
	  FROM demo_norm, unnest(v) WITH ORDINALITY AS u(x, j) GROUP BY j) s;
CREATE TEMP TABLE demo_score AS
SELECT n.customer_id,
	   weighted_sum(n.v, w.w) AS saw,
	   topsis(n.v, w.w, r.best, r.worst) AS topsis,
	   grey_relational_grade(n.v, w.w, r.best, 0, 1) AS grey,
	   (vikor(n.v, w.w, r.best, r.worst)).*
FROM demo_norm n, demo_ref r, (SELECT ahp_weights(m) AS w FROM demo_ahp) w;
CREATE TEMP TABLE demo_q AS
SELECT customer_id, vikor_q(s, r, min(s) OVER (), max(s) OVER (), min(r) OVER (), max(r) OVER ()) AS q
FROM demo_score;
SELECT d.customer_id, round(saw::numeric, 3) AS weighted_sum, round(topsis::numeric, 3) AS topsis,
	   round(grey::numeric, 3) AS grey, round((1 - q)::numeric, 3) AS "vikor 1-Q"
FROM demo_score d JOIN demo_q USING (customer_id) ORDER BY d.customer_id;

\echo
\echo 4. Do the methods agree? (rank correlation against the weighted sum)
SELECT round(spearman(array_agg(saw ORDER BY customer_id), array_agg(topsis ORDER BY customer_id))::numeric, 3) AS spearman_topsis,
	   round(kendall_tau_b(array_agg(saw ORDER BY customer_id), array_agg(grey ORDER BY customer_id))::numeric, 3) AS kendall_grey,
	   round(spearman(array_agg(saw ORDER BY customer_id), array_agg(-q ORDER BY customer_id))::numeric, 3) AS spearman_vikor
FROM demo_score JOIN demo_q USING (customer_id);

\echo
\echo 5. Tiers from the TOPSIS score (cuts 0.3 / 0.5 / 0.7)
SELECT customer_id, round(topsis::numeric, 3) AS topsis,
	   tier(topsis, ARRAY[0.3, 0.5, 0.7], ARRAY['D','C','B','A']) AS tier
FROM demo_score ORDER BY topsis DESC;
