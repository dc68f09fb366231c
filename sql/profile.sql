-- The ticket profile state: the profile_state aggregate, its accessors,
-- text and binary I/O, merge, parallel aggregation and errors
-- (doc/profile.md).  Worked example: customer 42's tickets below, computed
-- by hand in the comments.
SET search_path = complaint_tier, public;
SET timezone = 'UTC';

CREATE TEMP TABLE tickets (id int, customer int, opened timestamptz, problem text, channel text, remedy text,
						   escalated boolean, unreasonable boolean, hours float8, accepted boolean, csat float8);
INSERT INTO tickets VALUES
	-- customer 42, as of 2025-01-01 00:00 UTC:
	-- 413 days back: outside every window; escalated, accepted, 30 h, csat 4
	(1, 42, '2023-11-15 00:00', 'billing', 'hotline', 'refund', true, false, 30, true, 4),
	-- 121.58 days back: in the 365-day window only; unreasonable, rejected, 50 h, csat 2
	(2, 42, '2024-09-01 10:00', 'billing', 'online', 'explanation', false, true, 50, false, 2),
	-- 42 days back: in 90 and 365; escalation, outcome, handling and survey unknown
	(3, 42, '2024-11-20 00:00', 'network', 'hotline', NULL, NULL, false, NULL, NULL, NULL),
	-- 12 days back: in every window; escalated, judgement unknown, 10 h, accepted, csat 5
	(4, 42, '2024-12-20 00:00', 'billing', 'hotline', 'refund', true, NULL, 10, true, 5),
	-- a ticket without a time: skipped
	(5, 42, NULL, 'billing', 'hotline', 'refund', true, true, 99, false, 1),
	-- customer 7: one ticket, nothing known but the time
	(6, 7, '2024-12-31 23:59:59', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
-- By hand, customer 42 as of 2025-01-01:
--   complaints_total 4 (ticket 5 has no time); 30 days: ticket 4 -> 1;
--   90 days: 3, 4 -> 2; 365 days: 2, 3, 4 -> 3
--   escalations: 1 and 4 of the 3 known (1, 2, 4) -> 2; in 365 days: 4 of
--   the 2 known (2, 4) -> 1
--   first 2023-11-15, last 2024-12-20: 12 days since the last, 413 since the first
--   unreasonable: 2 of 3 judged (1, 2, 3) -> 0.3333
--   handling: (30 + 50 + 10) / 3 = 30 h, longest 50 h
--   accepted: 1 and 4 of 3 known (1, 2, 4) -> 0.6667
--   satisfaction: (4 + 2 + 5) / 3 = 3.6667
--   problem type: billing 3, network 1 -> billing; channel: hotline 3,
--   online 1 -> hotline; remedy: refund 2, explanation 1 -> refund
CREATE TEMP TABLE states AS
SELECT customer, profile_state(opened, problem, channel, remedy, escalated, unreasonable, hours, accepted, csat) AS s
FROM tickets GROUP BY customer;
SELECT customer, (profile(s, '2025-01-01 00:00+00')).* FROM states ORDER BY customer;
-- the state itself, as JSON
SELECT customer, jsonb_pretty(s::text::jsonb) FROM states WHERE customer = 42;
SELECT customer, s FROM states WHERE customer = 7;

-- windows of any length up to 365 days; escalations NULL when no flag in the window is known
SELECT d, profile_complaints(s, '2025-01-01 00:00+00', d) AS complaints,
	   profile_escalations(s, '2025-01-01 00:00+00', d) AS escalations
FROM states, unnest(ARRAY[1, 12, 13, 42, 43, 121, 122, 365]) d WHERE customer = 42 ORDER BY d;
-- a later as-of time: everything slides out of the windows
SELECT complaints_30d, complaints_90d, complaints_365d, escalations_12m, days_since_last
FROM states, profile(s, '2026-01-01 00:00+00') WHERE customer = 42;
-- the counted values of a field, most frequent first (exact: count = max_count)
SELECT f, t.* FROM states, unnest(ARRAY['problem_type', 'channel', 'remedy']) f, profile_top(s, f) t
WHERE customer = 42 ORDER BY f, t.count DESC, t.value;

-- text form: JSON, castable to jsonb, exact round trip
SELECT s::text::profile_state::text = s::text AS text_round_trip FROM states ORDER BY customer;
SELECT (s::text::jsonb)::text::profile_state::text = s::text AS via_jsonb FROM states ORDER BY customer;
SELECT '{"format": 1, "tickets": 0, "first": null, "last": null, "escalated": [0, 0], "unreasonable": [0, 0], "accepted": [0, 0], "handling": [0, 0, 0], "satisfaction": [0, 0], "recent": [], "problem_type": {"error": 0, "counts": []}, "channel": {"error": 0, "counts": []}, "remedy": {"error": 0, "counts": []}}'::profile_state IS NOT NULL AS empty_state;
SELECT (profile('{"format": 1, "tickets": 0, "first": null, "last": null, "escalated": [0, 0], "unreasonable": [0, 0], "accepted": [0, 0], "handling": [0, 0, 0], "satisfaction": [0, 0], "recent": [], "problem_type": {"error": 0, "counts": []}, "channel": {"error": 0, "counts": []}, "remedy": {"error": 0, "counts": []}}', '2025-01-01')).*;
-- malformed text input
SELECT ''::profile_state;
SELECT '{"format": 2}'::profile_state;
SELECT '{"format": 1, "tickets": 1, "first": "2024-02-30T00:00:00Z"}'::profile_state;
-- a ticket but no recent time
SELECT '{"format": 1, "tickets": 1, "first": "2024-01-01T00:00:00Z", "last": "2024-01-01T00:00:00Z", "escalated": [0, 0], "unreasonable": [0, 0], "accepted": [0, 0], "handling": [0, 0, 0], "satisfaction": [0, 0], "recent": [], "problem_type": {"error": 0, "counts": []}, "channel": {"error": 0, "counts": []}, "remedy": {"error": 0, "counts": []}}'::profile_state;
-- more accepted than known
SELECT '{"format": 1, "tickets": 1, "first": "2024-01-01T00:00:00Z", "last": "2024-01-01T00:00:00Z", "escalated": [0, 0], "unreasonable": [0, 0], "accepted": [0, 1], "handling": [0, 0, 0], "satisfaction": [0, 0], "recent": [["2024-01-01T00:00:00Z", 1, 0, 0]], "problem_type": {"error": 0, "counts": []}, "channel": {"error": 0, "counts": []}, "remedy": {"error": 0, "counts": []}}'::profile_state;
-- values out of order
SELECT '{"format": 1, "tickets": 2, "first": "2024-01-01T00:00:00Z", "last": "2024-01-01T00:00:00Z", "escalated": [0, 0], "unreasonable": [0, 0], "accepted": [0, 0], "handling": [0, 0, 0], "satisfaction": [0, 0], "recent": [["2024-01-01T00:00:00Z", 2, 0, 0]], "problem_type": {"error": 0, "counts": [["b", 1], ["a", 1]]}, "channel": {"error": 0, "counts": []}, "remedy": {"error": 0, "counts": []}}'::profile_state;
-- trailing text
SELECT (s::text || ' x')::profile_state FROM states WHERE customer = 7;

-- binary round trip through COPY (FORMAT binary)
CREATE TEMP TABLE bin (customer int, s profile_state);
INSERT INTO bin SELECT * FROM states;
-- scratch files named after the server port (concurrent clusters do not collide)
\set tmp_profile_regress '/tmp/complaint_tier_profile_regress_' :PORT '.bin'
COPY bin TO :'tmp_profile_regress' (FORMAT binary);
CREATE TEMP TABLE bin2 (customer int, s profile_state);
COPY bin2 FROM :'tmp_profile_regress' (FORMAT binary);
SELECT b.customer, b.s::text = s.s::text AS binary_round_trip FROM bin2 b JOIN states s USING (customer) ORDER BY 1;
-- malformed binary values: a valid one (customer 42) truncated, with
-- another format byte, with more accepted than known outcomes (bytes 58-73
-- hold the accepted known and true counts)
CREATE TEMP TABLE rawbin (what text, b bytea);
INSERT INTO rawbin SELECT 'truncated', substr(profile_state_send(s), 1, 100) FROM states WHERE customer = 42;
INSERT INTO rawbin SELECT 'format', overlay(profile_state_send(s) PLACING '\x02'::bytea FROM 1) FROM states WHERE customer = 42;
INSERT INTO rawbin SELECT 'counts', overlay(profile_state_send(s) PLACING '\x00000000000000010000000000000009'::bytea FROM 58) FROM states WHERE customer = 42;
CREATE TEMP TABLE binone (s profile_state);
COPY (SELECT b FROM rawbin WHERE what = 'truncated') TO :'tmp_profile_regress' (FORMAT binary);
COPY binone FROM :'tmp_profile_regress' (FORMAT binary);
COPY (SELECT b FROM rawbin WHERE what = 'format') TO :'tmp_profile_regress' (FORMAT binary);
COPY binone FROM :'tmp_profile_regress' (FORMAT binary);
COPY (SELECT b FROM rawbin WHERE what = 'counts') TO :'tmp_profile_regress' (FORMAT binary);
COPY binone FROM :'tmp_profile_regress' (FORMAT binary);
-- the unchanged value reads back
COPY (SELECT profile_state_send(s) FROM states WHERE customer = 42) TO :'tmp_profile_regress' (FORMAT binary);
COPY binone FROM :'tmp_profile_regress' (FORMAT binary);
SELECT b.s::text = s.s::text AS sent_bytes_read_back FROM binone b, states s WHERE s.customer = 42;

-- empty input, tickets without a time: NULL
SELECT profile_state(opened, problem, channel, remedy, escalated, unreasonable, hours, accepted, csat) IS NULL AS empty
FROM tickets WHERE false;
SELECT profile_state(NULL::timestamptz, 'p', 'c', 'r', true, true, 1, true, 1) IS NULL AS undated FROM generate_series(1, 3);
-- errors
SELECT profile_state(opened, problem, channel, remedy, escalated, unreasonable, 'NaN', accepted, csat) FROM tickets;
SELECT profile_state(opened, problem, channel, remedy, escalated, unreasonable, -1, accepted, csat) FROM tickets;
SELECT profile_state(opened, problem, channel, remedy, escalated, unreasonable, hours, accepted, 'Infinity') FROM tickets;
SELECT profile_state('infinity', 'p', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT profile_state('0044-01-01 BC', 'p', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT profile_state(now(), repeat('p', 1025), NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT profile_state_accum(NULL, now(), 'p', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT profile(s, '2024-12-19 00:00+00') FROM states WHERE customer = 42;
SELECT profile(s, 'infinity') FROM states WHERE customer = 42;
SELECT profile_complaints(s, '2025-01-01', 0) FROM states WHERE customer = 42;
SELECT profile_complaints(s, '2025-01-01', 366) FROM states WHERE customer = 42;
SELECT * FROM profile_top((SELECT s FROM states WHERE customer = 42), 'colour');

-- merge: states of parts rolled up equal the whole (per customer)
CREATE TEMP TABLE parts AS
SELECT customer, id % 3 AS part,
	   profile_state(opened, problem, channel, remedy, escalated, unreasonable, hours, accepted, csat) AS s
FROM tickets GROUP BY customer, id % 3;
SELECT p.customer, merge(p.s)::text = (SELECT s::text FROM states s WHERE s.customer = p.customer) AS merged_equals_whole
FROM parts p GROUP BY p.customer ORDER BY 1;
SELECT merge(s) IS NULL AS merge_empty FROM parts WHERE false;
SELECT profile_state_combine(NULL, NULL) IS NULL AS combine_nulls;
SELECT profile_state_combine(s, NULL)::text = s::text AS combine_one_side FROM states ORDER BY customer;

-- more than 16 distinct values: a Misra-Gries summary with its error bound.
-- 20 values, value k (1..20) on k tickets, 210 tickets: error <= 210/17 = 12.35
CREATE TEMP TABLE many AS
SELECT profile_state('2024-06-01'::timestamptz + g * interval '1 hour', 'v' || lpad(k::text, 2, '0'),
					 NULL, NULL, NULL, NULL, NULL, NULL, NULL) AS s
FROM generate_series(1, 20) k, generate_series(1, k) g;
SELECT value, count, max_count FROM many, profile_top(s, 'problem_type') ORDER BY count DESC, value;
-- every true count (k) lies within [count, max_count]; an uncounted value has at most the error
SELECT bool_and(coalesce(t.count, 0) <= k AND k <= coalesce(t.max_count, (s::text::jsonb #>> '{problem_type,error}')::int))
	   AS bounds_hold,
	   (SELECT (s::text::jsonb #>> '{problem_type,error}')::int FROM many) AS error
FROM many CROSS JOIN generate_series(1, 20) k
LEFT JOIN LATERAL profile_top(s, 'problem_type') t ON t.value = 'v' || lpad(k::text, 2, '0');
SELECT (profile(s, '2025-01-01')).problem_type FROM many;

-- parallel aggregation: partial states are combined; same result as serial
CREATE TABLE profile_big AS
SELECT g AS id, g % 500 AS customer,
	   '2024-01-01'::timestamptz + (g * 7919 % 525600) * interval '1 minute' AS opened,
	   'p' || (g % 5) AS problem, 'c' || (g % 3) AS channel, 'r' || (g % 4) AS remedy,
	   CASE WHEN g % 11 = 0 THEN NULL ELSE g % 7 = 0 END AS escalated,
	   CASE WHEN g % 13 = 0 THEN NULL ELSE g % 5 = 0 END AS unreasonable,
	   (g % 97)::float8 AS hours,
	   CASE WHEN g % 9 = 0 THEN NULL ELSE g % 3 <> 0 END AS accepted,
	   CASE WHEN g % 4 = 0 THEN NULL ELSE (g % 5 + 1)::float8 END AS csat
FROM generate_series(1, 50000) g;
ANALYZE profile_big;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_states AS
SELECT customer, profile_state(opened, problem, channel, remedy, escalated, unreasonable, hours, accepted, csat)::text AS s
FROM profile_big GROUP BY customer;
RESET max_parallel_workers_per_gather;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF)
SELECT customer, profile_state(opened, problem, channel, remedy, escalated, unreasonable, hours, accepted, csat)
FROM profile_big GROUP BY customer;
-- integral hours and scores: sums are exact in any order, and at most 16
-- distinct values per field: the states are identical
SELECT count(*) AS customers, count(*) FILTER (WHERE p.s::text = s.s) AS identical
FROM (SELECT customer, profile_state(opened, problem, channel, remedy, escalated, unreasonable, hours, accepted, csat) AS s
	  FROM profile_big GROUP BY customer) p JOIN serial_states s USING (customer);
RESET enable_hashagg;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
-- windows against the same counts in plain SQL (exact durations: 30, 90, 365 days of 24 hours)
SELECT count(*) AS customers,
	   count(*) FILTER (WHERE (p).complaints_30d = b.c30 AND (p).complaints_90d = b.c90 AND (p).complaints_365d = b.c365
	                    AND (p).escalations_12m IS NOT DISTINCT FROM b.e365) AS windows_agree
FROM (SELECT customer, profile(s::profile_state, '2025-01-01') AS p FROM serial_states) x
JOIN (SELECT customer,
			 count(*) FILTER (WHERE opened > '2025-01-01'::timestamptz - interval '720 hours') AS c30,
			 count(*) FILTER (WHERE opened > '2025-01-01'::timestamptz - interval '2160 hours') AS c90,
			 count(*) FILTER (WHERE opened > '2025-01-01'::timestamptz - interval '8760 hours') AS c365,
			 CASE WHEN count(escalated) FILTER (WHERE opened > '2025-01-01'::timestamptz - interval '8760 hours') > 0
			      THEN count(*) FILTER (WHERE escalated AND opened > '2025-01-01'::timestamptz - interval '8760 hours') END AS e365
	  FROM profile_big GROUP BY customer) b USING (customer);
DROP TABLE profile_big;
