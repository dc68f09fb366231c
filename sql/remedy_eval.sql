-- evaluate() with a fitted remedy table (remedy_model): when the strategy
-- history_informed_remedy fires, its reason names the remedy with the best
-- 95% Wilson lower bound of acceptance for the customer's segment and
-- problem type (doc/strategies.md, "Remedy from handling history in
-- evaluate()").  Wilson score interval: Wilson EB (1927), J Am Stat Assoc
-- 22:209-212; Newcombe RG (1998), Stat Med 17:857-872, method 3 (Table II
-- examples are reproduced in sql/remedy.sql).  The history below is
-- crafted; its bounds are computed by hand with z = 1.959964, z^2 = 3.841459:
--   lower = (p + z^2/2n - z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)
--   stable/billing  credit_note 27/30: p = 0.9, (0.9 + 0.064024
--                   - 1.959964 * sqrt(0.003 + 0.001067)) / 1.128049 = 0.744
--                   refund      32/40: p = 0.8, (0.8 + 0.048018
--                   - 1.959964 * sqrt(0.004 + 0.000600)) / 1.096036 = 0.652
--                   apology     14/14: k = n, lower = n / (n + z^2)
--                   = 14 / 17.841459 = 0.785 (only 14 cases)
--   stable/network  refund       8/12 (only 12 cases)
SET search_path = complaint_tier, public;

CREATE TABLE re_src AS SELECT * FROM sample_customers(2000);
SELECT fit('telecom', 're_src') AS version;

CREATE TABLE re_history (segment text, problem_type text, remedy text, accepted boolean, satisfaction float8);
INSERT INTO re_history
SELECT 'stable', 'billing', 'credit_note', i <= 27, NULL::float8 FROM generate_series(1, 30) i
UNION ALL SELECT 'stable', 'billing', 'refund', i <= 32, NULL FROM generate_series(1, 40) i
UNION ALL SELECT 'stable', 'billing', 'apology', true, NULL FROM generate_series(1, 14) i
UNION ALL SELECT 'stable', 'network', 'refund', i <= 8, NULL FROM generate_series(1, 12) i
UNION ALL SELECT 'identification', 'billing', 'refund', i <= 5, NULL FROM generate_series(1, 40) i;
-- the same numbers through recommend_remedy / remedy_table
SELECT segment, problem_type, remedy, cases, accepted, round(wilson_lower::numeric, 3) AS wilson_lower
FROM remedy_table((SELECT remedy_stats(segment, problem_type, remedy, accepted, satisfaction) FROM re_history));

CREATE TABLE re_crafted (n int, label text, facts jsonb);
INSERT INTO re_crafted VALUES
 (1, 'stable, billing, history',  '{"tenure_months": 40, "problem_type": "billing", "accepted_ratio": 0.5}'),
 (2, 'stable, network, history',  '{"tenure_months": 40, "problem_type": "network", "accepted_ratio": 0.5}'),
 (3, 'stable, billing, no history','{"tenure_months": 40, "problem_type": "billing"}'),
 (4, 'stable, no problem type',   '{"tenure_months": 40, "accepted_ratio": 0.5}'),
 (5, 'new, billing, history',     '{"tenure_months": 2, "problem_type": "billing", "accepted_ratio": 0.5}');

-- before: plain reasons
CREATE TABLE re_before AS
SELECT c.n, e.class_labels[1] AS lifecycle_stage, e.strategies, e.reasons
FROM re_crafted c CROSS JOIN LATERAL evaluate('telecom', c.facts) e;
SELECT n, lifecycle_stage, strategies FROM re_before ORDER BY n;
SELECT n, u.strategy, u.reason
FROM re_before CROSS JOIN LATERAL unnest(strategies, reasons) u(strategy, reason)
WHERE u.strategy = 'history_informed_remedy' ORDER BY n;

-- the remedy table, segment = lifecycle_stage
INSERT INTO remedy_model (model, stats, segment)
SELECT 'telecom', remedy_stats(segment, problem_type, remedy, accepted, satisfaction), 'lifecycle_stage'
FROM re_history;
SELECT model, segment, min_cases, fitted_at IS NOT NULL AS fitted FROM remedy_model;

-- 1: credit_note (0.744 beats refund 0.652; apology has 14 < 30 cases);
-- 2: network has only 12 cases; 3: the rule does not fire, no change;
-- 4: no problem type, no remedy; 5: identification/billing: refund 5/40,
-- lower = 0.055 (p = 0.125: (0.125 + 0.048018 - 1.959964 * sqrt(0.002734
-- + 0.000600)) / 1.096036)
SELECT c.n, u.strategy, u.reason
FROM re_crafted c CROSS JOIN LATERAL evaluate('telecom', c.facts) e
CROSS JOIN LATERAL unnest(e.strategies, e.reasons) u(strategy, reason)
WHERE u.strategy = 'history_informed_remedy' ORDER BY c.n;
-- the strategy lists are unchanged; only the history_informed_remedy reason
-- changed (none for customer 3)
SELECT c.n, e.strategies = b.strategies AS same_strategies,
       (SELECT count(*) FROM unnest(e.reasons, b.reasons) u(r1, r2) WHERE r1 <> r2) AS changed_reasons
FROM re_crafted c CROSS JOIN LATERAL evaluate('telecom', c.facts) e JOIN re_before b USING (n)
ORDER BY c.n;

-- min_cases 10: apology (14/14, 0.785) now qualifies and wins
UPDATE remedy_model SET min_cases = 10;
SELECT u.reason FROM evaluate('telecom', (SELECT facts FROM re_crafted WHERE n = 1)) e,
       unnest(e.strategies, e.reasons) u(strategy, reason)
WHERE u.strategy = 'history_informed_remedy';
-- min_cases 50: nothing qualifies
UPDATE remedy_model SET min_cases = 50;
SELECT u.reason FROM evaluate('telecom', (SELECT facts FROM re_crafted WHERE n = 1)) e,
       unnest(e.strategies, e.reasons) u(strategy, reason)
WHERE u.strategy = 'history_informed_remedy';

-- the record overload reads problem_type from the row
UPDATE remedy_model SET min_cases = 30;
CREATE TABLE re_rows AS SELECT * FROM re_src LIMIT 0;
INSERT INTO re_rows SELECT * FROM jsonb_populate_record(NULL::re_rows, (SELECT facts FROM re_crafted WHERE n = 1));
SELECT u.reason FROM re_rows r, evaluate('telecom', r) e,
       unnest(e.strategies, e.reasons) u(strategy, reason)
WHERE u.strategy = 'history_informed_remedy';

-- default segment tier: the history keyed by the customer's tier; a whole
-- customer (sample customer 1 with the facts of customer 1), since below
-- telecom's min_coverage the sparse facts alone get no tier
CREATE TABLE re_whole AS
SELECT to_jsonb(s) || (SELECT facts FROM re_crafted WHERE n = 1) AS facts FROM re_src s WHERE s.customer_id = 1;
SELECT tier IS NULL AS sparse_no_tier FROM evaluate('telecom', (SELECT facts FROM re_crafted WHERE n = 1));
UPDATE remedy_model SET segment = DEFAULT,
  stats = (SELECT remedy_stats(e.tier, h.problem_type, h.remedy, h.accepted, h.satisfaction)
           FROM re_history h, evaluate('telecom', (SELECT facts FROM re_whole)) e
           WHERE h.segment = 'stable');
SELECT segment FROM remedy_model;
SELECT u.reason FROM evaluate('telecom', (SELECT facts FROM re_whole)) e,
       unnest(e.strategies, e.reasons) u(strategy, reason)
WHERE u.strategy = 'history_informed_remedy';

-- since 0.2.0 the segment is any variable of the evaluated row: here the
-- input column customer_level, with the stable/billing history relabelled
-- 'gold': a gold customer gets credit_note (0.744), a silver one nothing
UPDATE remedy_model SET segment = 'customer_level',
  stats = (SELECT remedy_stats('gold', h.problem_type, h.remedy, h.accepted, h.satisfaction)
           FROM re_history h WHERE h.segment = 'stable');
SELECT l.level, u.reason
FROM unnest(ARRAY['gold', 'silver']) l(level),
     evaluate('telecom', (SELECT facts FROM re_crafted WHERE n = 1) || jsonb_build_object('customer_level', l.level)) e,
     unnest(e.strategies, e.reasons) u(strategy, reason)
WHERE u.strategy = 'history_informed_remedy' ORDER BY l.level;
-- a segment the row does not have as text: an error at evaluation
UPDATE remedy_model SET segment = 'no_such_column';
SELECT strategies FROM evaluate('telecom', (SELECT facts FROM re_crafted WHERE n = 1));
UPDATE remedy_model SET segment = 'arpu';
SELECT strategies FROM evaluate('telecom', (SELECT facts FROM re_crafted WHERE n = 1) || '{"arpu": 50}');
UPDATE remedy_model SET segment = 'tier';

-- constraints (terse: the failing-row details would show fitted_at)
\set VERBOSITY terse
INSERT INTO remedy_model (model, stats) SELECT 'telecom', stats FROM remedy_model;
INSERT INTO remedy_model (model, stats) SELECT 'no_such_model', stats FROM remedy_model;
UPDATE remedy_model SET segment = 'Customer Level';
UPDATE remedy_model SET min_cases = 0;
UPDATE remedy_model SET stats = NULL;
\set VERBOSITY default

-- removing the row restores the plain reasons
DELETE FROM remedy_model WHERE model = 'telecom';
SELECT c.n, e.reasons = b.reasons AS plain
FROM re_crafted c CROSS JOIN LATERAL evaluate('telecom', c.facts) e JOIN re_before b USING (n)
ORDER BY c.n;

-- catalogue: readable by complaint_tier_use, kept by pg_dump
SELECT has_table_privilege('complaint_tier_use', 'remedy_model', 'SELECT') AS use_select;
SELECT c.relname FROM pg_extension x, unnest(x.extconfig) o(oid) JOIN pg_class c ON c.oid = o.oid
WHERE x.extname = 'complaint_tier' AND c.relname = 'remedy_model';

DROP TABLE re_src, re_history, re_crafted, re_before, re_rows;
DELETE FROM active_version WHERE model = 'telecom';
DELETE FROM model_version WHERE model = 'telecom';
