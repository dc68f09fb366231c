-- sample_customers: the deterministic synthetic complaint customer generator.
-- No published example: the checks are determinism, shape and ranges.
SET search_path = complaint_tier, public;

-- the first rows of seed 1 (pinned: any change to the generator shows here)
SELECT * FROM sample_customers(3);
-- the one-argument form is seed 1
SELECT count(*) AS same FROM (SELECT * FROM sample_customers(200) EXCEPT SELECT * FROM sample_customers(200, 1)) d;
-- row i depends only on (seed, i): a prefix of a longer sample is the shorter sample
SELECT count(*) AS differ FROM (SELECT * FROM sample_customers(50) EXCEPT (SELECT * FROM sample_customers(100) ORDER BY customer_id LIMIT 50)) d;
-- another seed gives other rows
SELECT count(*) > 90 AS mostly_different FROM (SELECT * FROM sample_customers(100, 2) EXCEPT SELECT * FROM sample_customers(100, 1)) d;
-- columns in the doc/schema.md order with their types
SELECT attnum, attname, format_type(atttypid, atttypmod)
FROM pg_attribute WHERE attrelid = 'complaint_tier.customer'::regclass AND attnum > 0 ORDER BY attnum;
-- shape over 20,000 rows: zero-heavy arrears and escalations, 1 + Poisson
-- complaint counts, a few serial unreasonable complainants, porting requests
-- and vulnerable customers, skewed ARPU (mean above median)
SELECT count(*) AS n,
       count(DISTINCT customer_id) AS ids,
       round(avg((arrears_count_12m = 0)::int), 2) AS share_no_arrears,
       round(avg((escalations_12m = 0)::int), 2) AS share_no_escalation,
       round(avg(complaints_90d), 2) AS mean_complaints,
       min(complaints_90d) AS min_complaints,
       round(avg((complaints_90d >= 5 AND unreasonable_ratio >= 0.5)::int), 3) AS share_serial,
       round(avg(porting_requested::int), 3) AS share_porting,
       round(avg(vulnerable::int), 3) AS share_vulnerable,
       avg(arpu) > percentile_cont(0.5) WITHIN GROUP (ORDER BY arpu) AS arpu_right_skewed,
       corr(ln(arpu), CASE customer_level WHEN 'ordinary' THEN 0 WHEN 'silver' THEN 1 WHEN 'gold' THEN 2 WHEN 'platinum' THEN 3 ELSE 4 END) > 0.3 AS value_correlated
FROM sample_customers(20000);
-- ranges
SELECT min(age) >= 18 AND max(age) <= 90 AS age_ok,
       min(data_share) >= 0 AND max(data_share) <= 1 AS share_ok,
       min(satisfaction) >= 1 AND max(satisfaction) <= 5 AS satisfaction_ok,
       min(accepted_ratio) >= 0 AND max(accepted_ratio) <= 1 AS accepted_ok,
       bool_and(customer_level IN ('ordinary','silver','gold','platinum','diamond')) AS levels_ok,
       bool_and(payment_channel IN ('cash','prepaid_card','online','bank_autodebit')) AS channels_ok,
       bool_and(problem_type IN ('billing','network','new_service','terminal','app','other')) AS problems_ok
FROM sample_customers(20000, 3);
-- edge cases
SELECT count(*) FROM sample_customers(0);
SELECT customer_id FROM sample_customers(1);
SELECT count(*) FROM sample_customers(NULL);
SELECT count(*) FROM sample_customers(-1);
