-- compare(model, a, b, source): what activating version b instead of a
-- changes, on a model small enough to check by hand (doc/governance.md).
--
-- Model cmp: one dimension, x (quantitative, weight 1) and g (levels a, b,
-- weight 0: it does not move the score), weighted sum, score = the
-- normalised x, fixed tier cuts 0.4 and 0.7 (low < 0.4 <= mid < 0.7 <= high),
-- rule: tier high gives priority_queue.
--   p1 (version 1): x = 1..10, g = a for x <= 5      -> score (x - 1) / 9
--   p2 (version 2): x = 2, 4, ..., 20, g = a for 7 rows -> score (x - 2) / 18
-- On p2, version 1 gives x = 2, 4 low, 6 mid, 8..20 high; version 2 gives
-- x < 9.2 low (2, 4, 6, 8), 9.2 <= x < 14.6 mid (10, 12, 14), 16..20 high:
--   low -> low 2, mid -> low 1, high -> low 1, high -> mid 3, high -> high 3;
--   priority_queue: 7 under version 1, 3 under version 2, 4 lost.
-- PSI, bins of version 1 (p1): the score's and x's distinct deciles above
-- the minimum are the values of x = 2..9, so 9 bins with p1 shares
-- 0.1 x 8 and 0.2 (x = 9, 10); p2 falls in bins 1, 3, 5, 7 (0.1 each) and
-- 8 (0.6, x >= 10 clamps to 1 under version 1).  Bins 0, 2, 4, 6 are empty in
-- p2 and count as 0.0001:
--   4 (0.0001 - 0.1) ln(0.0001 / 0.1) + (0.6 - 0.2) ln(0.6 / 0.2)
--   = 4 x 0.690085 + 0.439445 = 3.199785   (significant shift)
-- g: p1 a 0.5, b 0.5; p2 a 0.7, b 0.3:
--   0.2 ln(1.4) - 0.2 ln(0.6) = 0.067294 + 0.102165 = 0.169460 (moderate shift)
-- test/psi_check.py computes every PSI below independently (numpy).
\set SHOW_CONTEXT never
SET search_path = complaint_tier, public;
CREATE TABLE cmp_p1 AS SELECT g AS id, g::float8 AS x, CASE WHEN g <= 5 THEN 'a' ELSE 'b' END AS g FROM generate_series(1, 10) g;
CREATE TABLE cmp_p2 AS SELECT g AS id, 2 * g::float8 AS x, CASE WHEN g <= 7 THEN 'a' ELSE 'b' END AS g FROM generate_series(1, 10) g;
SELECT define_model('cmp', '{
  "key": "id",
  "dimensions": [{"name": "d", "weight": 1}],
  "indicators": [{"name": "x", "column": "x", "dimension": "d", "weight": 1},
                 {"name": "g", "column": "g", "dimension": "d", "levels": ["a", "b"], "weight": 0}],
  "methods": ["weighted_sum"], "combine": "weighted_sum",
  "tiers": {"overall": {"labels": ["low", "mid", "high"], "cuts": [0.4, 0.7]}},
  "rules": [{"id": "cmp.high", "strategy": "priority_queue", "when": "tier = ''high''"}]}');
SELECT fit('cmp', 'cmp_p1');
SELECT fit('cmp', 'cmp_p2', false);
SELECT version, active, ind_lo, ind_hi, ind_weight FROM version_catalogue WHERE model = 'cmp' ORDER BY version;
-- version 1's histograms: score, x, g (bins; inner edges; counts then NULLs)
SELECT hist_bins, hist_edges::numeric(6,4)[], hist_counts FROM version_catalogue WHERE model = 'cmp' AND version = 1;
SELECT c.x, e1.tier AS tier_1, e2.tier AS tier_2
FROM cmp_p2 c CROSS JOIN LATERAL evaluate('cmp', 1, c) e1 CROSS JOIN LATERAL evaluate('cmp', 2, c) e2 ORDER BY c.id;
SELECT section, item, to_tier, customers, customers_b, gained, lost, round(psi::numeric, 6) AS psi, flag
FROM compare('cmp', 1, 2, 'cmp_p2');
-- the other way round: version 2's bins, p1 as the source
SELECT section, item, to_tier, customers, customers_b, gained, lost, round(psi::numeric, 6) AS psi, flag
FROM compare('cmp', 2, 1, 'cmp_p1') WHERE section <> 'tier' OR customers > 0;
-- a version compared with itself on its own population: nothing moves
SELECT count(*) FILTER (WHERE section = 'tier' AND item <> to_tier AND customers > 0) AS moved,
       count(*) FILTER (WHERE section = 'strategy') AS strategies_changed,
       max(psi) AS max_psi
FROM compare('cmp', 1, 1, 'cmp_p1');
-- NULLs in the source: a bin of their own
INSERT INTO cmp_p2 VALUES (11, NULL, NULL);
SELECT item, round(psi::numeric, 6) AS psi, flag FROM compare('cmp', 1, 2, 'cmp_p2') WHERE section = 'psi';
DELETE FROM cmp_p2 WHERE id = 11;

-- errors
SELECT * FROM compare('nope', 1, 2, 'cmp_p2');
SELECT * FROM compare('cmp', 3, 2, 'cmp_p2');
SELECT * FROM compare('cmp', 1, 3, 'cmp_p2');
CREATE TABLE cmp_empty (LIKE cmp_p2);
SELECT * FROM compare('cmp', 1, 2, 'cmp_empty');
CREATE TABLE cmp_wrong (id int, x text, g text);
INSERT INTO cmp_wrong VALUES (1, 'one', 'a');
\set VERBOSITY terse
SELECT * FROM compare('cmp', 1, 2, 'cmp_wrong');
\set VERBOSITY default
SELECT count(*) FROM compare(NULL, 1, 2, 'cmp_p2');
SELECT count(*) FROM compare('cmp', 1, NULL, 'cmp_p2');

-- fit with NULLs (STRICT), and the checks of _store_version, fit's last
-- step, which anyone may call directly
SELECT fit(NULL, 'cmp_p1') AS null_model, fit('cmp', NULL) AS null_source, fit('cmp', 'cmp_p1', NULL) AS null_activate;
SELECT _store_version(NULL, NULL);
CREATE TEMP TABLE cmp_v AS SELECT mv FROM model_version mv WHERE model = 'cmp' AND version = 1;
SELECT _store_version(jsonb_populate_record(mv, '{"state": "fitting"}'), false) FROM cmp_v;
SELECT _store_version(jsonb_populate_record(mv, '{"state": null}'), false) FROM cmp_v;
SELECT _store_version(jsonb_populate_record(mv, '{"source": "public.nope"}'), false) FROM cmp_v;
SELECT _store_version(jsonb_populate_record(mv, '{"source": null}'), false) FROM cmp_v;
SELECT _store_version(jsonb_populate_record(mv, '{"source": "a.b.c.d"}'), false) FROM cmp_v;
SELECT _store_version(jsonb_populate_record(mv, '{"model": "nope"}'), false) FROM cmp_v;
SELECT _store_version(jsonb_populate_record(mv, '{"model": null}'), false) FROM cmp_v;
-- a stored copy is numbered next and records who stored it, not what it said
SELECT _store_version(jsonb_populate_record(mv, '{"version": 99, "fitted_by": "someone_else"}'), false) FROM cmp_v;
SELECT version, fitted_by = current_user AS fitted_by_caller, active FROM version_catalogue WHERE model = 'cmp' ORDER BY version;
SELECT _require_level('root', 'do anything');

DROP TABLE cmp_p1, cmp_p2, cmp_empty, cmp_wrong;
DELETE FROM rules WHERE model = 'cmp';
DELETE FROM model WHERE name = 'cmp';

-- _level_position (fit's first scan and compare()'s histograms): byte for
-- byte, NULL for no level; a constant array and one that changes per row
SELECT _level_position('gold', '{bronze,silver,gold}') AS gold, _level_position('Gold', '{bronze,silver,gold}') AS "Gold",
       _level_position('', '{"",a}') AS empty, _level_position('a', '{NULL,a}') AS after_null, _level_position('a', '{}') AS none;
SELECT x, l, _level_position(x, l) FROM (VALUES ('a', '{a,b}'::text[]), ('a', '{b,a}'), ('b', '{b,a}'), ('c', '{a,b}')) v(x, l);
