-- Progress of long scans (doc/sketch.md, "Progress"): indicator_stats and
-- quantile_sketch raise a NOTICE when complaint_tier.progress_interval
-- seconds have passed since the scan (or the last report) began, looking at
-- the clock every 65,536 rows; 0 makes it every 65,536 rows, which makes
-- the messages deterministic here.  fit names each scan's phase.
\set SHOW_CONTEXT never
SET search_path = complaint_tier, public;
SET max_parallel_workers_per_gather = 0;
SET complaint_tier.progress_interval = 0;
-- indicator_stats reports only while a phase is set; quantile_sketch
-- always, under its own name without one
SELECT indicator_stats(ARRAY[g::float8]) IS NOT NULL AS no_phase_no_notice FROM generate_series(1, 140000) g;
SELECT quantile_sketch(g::float8) IS NOT NULL AS sketch_reports FROM generate_series(1, 140000) g;
SET complaint_tier.progress_phase = 'a phase';
SELECT indicator_stats(ARRAY[g::float8]) IS NOT NULL AS reported FROM generate_series(1, 140000) g;
RESET complaint_tier.progress_phase;
-- -1 turns them off
SET complaint_tier.progress_interval = -1;
SELECT quantile_sketch(g::float8) IS NOT NULL AS silent FROM generate_series(1, 140000) g;
SET complaint_tier.progress_interval = 0;
-- fit over 70,000 customers: one report per scan, each naming its phase
SET client_min_messages = notice;
SELECT define_model('progress_telecom', model_spec('telecom') - 'rules' - 'strategies') AS copy;
CREATE TABLE progress_cust AS SELECT * FROM sample_customers(70000);
SELECT fit('progress_telecom', 'progress_cust') > 0 AS fitted;
SELECT current_setting('complaint_tier.progress_phase') = '' AS phase_cleared;
-- the optional scans report too: outcome weighting's Newton scans and
-- method dea's frontier (fuzzy segments report once per iteration alike)
SELECT define_model('progress_opt', model_spec('telecom') - 'rules' - 'strategies'
       || '{"weighting": "outcome", "outcome": "porting_requested", "methods": ["weighted_sum", "dea"]}') AS copy;
SELECT fit('progress_opt', 'progress_cust') > 0 AS fitted;
SELECT current_setting('complaint_tier.progress_phase') = '' AS phase_cleared;
SET complaint_tier.progress_interval = -2;
RESET complaint_tier.progress_interval;
SHOW complaint_tier.progress_interval;
DROP TABLE progress_cust;
DELETE FROM model WHERE name IN ('progress_telecom', 'progress_opt');
