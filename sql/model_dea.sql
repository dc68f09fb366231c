-- Method dea and fuzzy segments in a model (doc/dea_fcm.md, "In a model"):
-- a frontier solved by hand, scores checked against dea_bod and against
-- scipy's linprog over all rows (test/dea_model_check.py), share bounds,
-- explain's peers and weights, segments on three known clusters read by a
-- classification and a rule, the spec round trip, and every error.
SET client_min_messages = warning;
\set SHOW_CONTEXT never
SET extra_float_digits = 0;

CREATE TABLE dea_t (id int PRIMARY KEY, a float8, b float8);
-- normalised (range 0..10): A (.8,.2), B (.2,.8), C (.6,.6) span the hull;
-- D (.4,.4) lies on the ray to C: 0.4/0.6; E (.5,.1) meets the facet
-- x = 0.8 below A: 0.5/0.8; F is all zero; G (.3,.5) meets the facet
-- B-C, w = (5/18, 25/18): 0.3 w1 + 0.5 w2 = 13/18
INSERT INTO dea_t VALUES (1, 8, 2), (2, 2, 8), (3, 6, 6), (4, 4, 4), (5, 5, 1), (6, 0, 0), (7, 3, 5);
SELECT complaint_tier.define_model('dea_m', $spec$
{"key": "id", "source": "dea_t",
 "dimensions": [{"name": "value", "weight": 1}],
 "indicators": [
   {"name": "a", "column": "a", "dimension": "value", "range_lo": 0, "range_hi": 10, "weight": 1},
   {"name": "b", "column": "b", "dimension": "value", "range_lo": 0, "range_hi": 10, "weight": 1}],
 "methods": ["dea", "weighted_sum"],
 "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.5, 0.5]}}}
$spec$);
SELECT complaint_tier.fit('dea_m', 'dea_t');
-- two indicators: the default bound min(1, 2/2) = 1 is no bound
SELECT dea_max_share, dea_frontier, segments, segment_centres FROM complaint_tier.model_version WHERE model = 'dea_m';
SELECT quantiles[1] AS dea_q0, quantiles[1001] AS dea_q1000 FROM complaint_tier.model_version WHERE model = 'dea_m';
-- the raw dea score per row (explain_json), by hand, and dea_bod against the stored frontier
WITH x AS (
	SELECT c.id, (complaint_tier.explain_json('dea_m', c) -> 'methods' -> 0 ->> 'raw')::float8 AS dea,
	       complaint_tier.dea_bod(ARRAY[a / 10, b / 10], (SELECT dea_frontier FROM complaint_tier.model_version WHERE model = 'dea_m')) AS bod,
	       e.score, e.tier, e.segment, e.segment_membership
	FROM dea_t c CROSS JOIN LATERAL complaint_tier.evaluate('dea_m', c) e)
SELECT id, round(dea::numeric, 12) AS dea, dea = bod AS same_as_dea_bod,
       round((ARRAY[1, 1, 1, 2/3.0, 0.625, 0, 13/18.0])[id]::numeric, 12) AS by_hand,
       round(score::numeric, 6) AS score, tier, segment, segment_membership
FROM x ORDER BY id;
-- explain: E's best weighting puts everything on a, against point A (0.8, 0.2)
SELECT jsonb_pretty((complaint_tier.explain_json('dea_m', c) -> 'methods' -> 0) - 'percentile' - 'score_part')
FROM dea_t c WHERE id = 5;
-- G binds B and C: lambda sums to the score
SELECT (SELECT round(sum((p ->> 'lambda')::numeric), 12) FROM jsonb_array_elements(j -> 'peers') p) AS lambda_sum,
       jsonb_path_query_array(j, '$.peers[*].frontier_point') AS peers,
       round((j ->> 'raw')::numeric, 12) AS raw
FROM dea_t c, LATERAL (SELECT complaint_tier.explain_json('dea_m', c) -> 'methods' -> 0 AS j) x WHERE id = 7;
-- explain(): the dea contributions are w_j v_j, summing to the raw score
SELECT indicator, methods[1], round(method_contributions[1]::numeric, 12) FROM complaint_tier.explain('dea_m', (SELECT c FROM dea_t c WHERE id = 7));
-- a customer outside the population scores above 1; JSON input
SELECT round(score::numeric, 6), (complaint_tier.explain_json('dea_m', '{"id": 9, "a": 10, "b": 10}'::jsonb) -> 'methods' -> 0 ->> 'raw') AS dea
FROM complaint_tier.evaluate('dea_m', '{"id": 9, "a": 10, "b": 10}'::jsonb);

-- share bounds: every share <= 0.6 (figures of test/dea_model_check.py:
-- linprog over all 7 rows with the share rows)
UPDATE complaint_tier.model SET dea_max_share = 0.6 WHERE name = 'dea_m';
SELECT complaint_tier.fit('dea_m', 'dea_t');
SELECT c.id, round((complaint_tier.explain_json('dea_m', c) -> 'methods' -> 0 ->> 'raw')::numeric, 12) AS dea,
       round((ARRAY[0.571428571429, 0.571428571429, 1.0, 0.666666666667, 0.290697674419, 0, 0.657894736842])[c.id]::numeric, 12) AS linprog
FROM dea_t c ORDER BY c.id;
SELECT max(abs((j ->> 'share')::float8)) <= 0.6 + 1e-12 AS shares_bounded
FROM dea_t c, LATERAL jsonb_array_elements(complaint_tier.explain_json('dea_m', c) -> 'methods' -> 0 -> 'weights') j;
SELECT (complaint_tier.model_spec('dea_m') -> 'dea_max_share') AS spec_share;

-- three indicators: the default bound is 2/3; a customer good at one thing only scores 0
CREATE TABLE dea3 (id int PRIMARY KEY, a float8, b float8, c float8);
INSERT INTO dea3 VALUES (1, 10, 0, 0), (2, 0, 10, 0), (3, 0, 0, 10), (4, 5, 5, 5), (5, 8, 8, 0), (6, 2, 6, 4);
SELECT complaint_tier.define_model('dea3', $spec$
{"key": "id", "source": "dea3",
 "dimensions": [{"name": "value", "weight": 1}],
 "indicators": [
   {"name": "a", "column": "a", "dimension": "value", "range_lo": 0, "range_hi": 10, "weight": 1},
   {"name": "b", "column": "b", "dimension": "value", "range_lo": 0, "range_hi": 10, "weight": 1},
   {"name": "c", "column": "c", "dimension": "value", "range_lo": 0, "range_hi": 10, "weight": 1}],
 "methods": ["dea"], "combine": "dea",
 "tiers": {"overall": {"labels": ["low", "high"], "cuts": [0.5]}}}
$spec$);
SELECT complaint_tier.fit('dea3', 'dea3');
SELECT round(dea_max_share::numeric, 12), dea_frontier FROM complaint_tier.model_version WHERE model = 'dea3';
SELECT t.id, round(e.score::numeric, 12) AS score, e.tier FROM dea3 t CROSS JOIN LATERAL complaint_tier.evaluate('dea3', t) e ORDER BY t.id;

-- fuzzy segments: three clusters of ten customers around (1,1), (8,8), (1,8)
CREATE TABLE seg_t (id int PRIMARY KEY, x float8, y float8);
INSERT INTO seg_t SELECT g, cx + (g % 5) * 0.1, cy + (g % 3) * 0.1
FROM generate_series(1, 30) g, LATERAL (SELECT CASE g % 3 WHEN 0 THEN 1 WHEN 1 THEN 8 ELSE 1 END AS cx,
                                              CASE g % 3 WHEN 0 THEN 1 WHEN 1 THEN 8 ELSE 8 END AS cy) c;
SELECT complaint_tier.define_model('seg_m', $spec$
{"key": "id", "source": "seg_t",
 "dimensions": [{"name": "value", "weight": 1}],
 "indicators": [
   {"name": "x", "column": "x", "dimension": "value", "range_lo": 0, "range_hi": 10, "weight": 1},
   {"name": "y", "column": "y", "dimension": "value", "range_lo": 0, "range_hi": 10, "weight": 1}],
 "methods": ["weighted_sum", "dea"], "segments": 3,
 "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.5, 0.5]}},
 "classifications": [{"name": "seg_kind", "labels": [
    {"label": "first", "when": "segment = 1"},
    {"label": "sure", "when": "segment_membership >= 0.99"},
    {"label": "other", "when": "TRUE"}]}],
 "strategies": [{"code": "seg_two", "title": "segment two", "basis": "value"}],
 "rules": [{"id": "s2", "strategy": "seg_two", "priority": 10, "when": "segment = 2"}]}
$spec$);
SELECT complaint_tier.fit('seg_m', 'seg_t');
SELECT segments, fcm_m, segment_iterations, round(segment_sizes[1]) AS size1, cardinality(segment_centres) AS centre_values
FROM complaint_tier.model_version WHERE model = 'seg_m';
-- each true cluster is one segment, with a membership near 1; the
-- classification and the rule read the segment
SELECT c.id % 3 AS cluster, e.segment, count(*), min(e.segment_membership) > 0.99 AS sure,
       array_agg(DISTINCT e.class_labels[1]) AS seg_kind, array_agg(DISTINCT array_to_string(e.strategies, ',')) AS strategies
FROM seg_t c CROSS JOIN LATERAL complaint_tier.evaluate('seg_m', c) e GROUP BY 1, 2 ORDER BY 1, 2;
-- the segment is the nearest centre; memberships sum to 1
SELECT bool_and(e.segment = complaint_tier.fcm_segment(ARRAY[x / 10, y / 10], v.segment_centres)) AS nearest,
       bool_and(abs((SELECT sum(u) FROM unnest(complaint_tier.fcm_membership(ARRAY[x / 10, y / 10], v.segment_centres)) u) - 1) < 1e-12) AS sum_one,
       bool_and(e.segment_membership = (SELECT max(u) FROM unnest(complaint_tier.fcm_membership(ARRAY[x / 10, y / 10], v.segment_centres)) u)) AS top
FROM seg_t c CROSS JOIN LATERAL complaint_tier.evaluate('seg_m', c) e, complaint_tier.model_version v WHERE v.model = 'seg_m';
-- the centres equal fuzzy_cmeans over the same points
CREATE TABLE seg_pts AS SELECT ARRAY[x / 10, y / 10] AS p FROM seg_t;
SELECT (SELECT centres FROM complaint_tier.fuzzy_cmeans('seg_pts', 'p', 3)) = segment_centres AS same_centres
FROM complaint_tier.model_version WHERE model = 'seg_m';
SELECT * FROM complaint_tier.model_outputs('seg_m');
SELECT j ->> 'segment' AS segment, round((j ->> 'segment_membership')::numeric, 6) AS membership,
       jsonb_array_length(j -> 'segment_memberships') AS memberships
FROM seg_t c, LATERAL (SELECT complaint_tier.explain_json('seg_m', c) AS j) x WHERE id = 1;
SELECT complaint_tier.create_tier_view('seg_m', 'seg_t', 'seg_v');
SELECT id, seg_kind, segment, round(segment_membership::numeric, 4) AS membership FROM seg_v ORDER BY id LIMIT 3;
-- a model without segments gives NULL
SELECT segment IS NULL AND segment_membership IS NULL AS null_without FROM complaint_tier.evaluate('dea_m', '{"id": 1, "a": 1, "b": 1}'::jsonb);

-- the spec round trip keeps dea_max_share, segments and fcm_m
UPDATE complaint_tier.model SET fcm_m = 1.5, dea_max_share = 0.75 WHERE name = 'seg_m';
SELECT complaint_tier.model_spec('seg_m') -> 'segments' AS segments, complaint_tier.model_spec('seg_m') -> 'fcm_m' AS fcm_m,
       complaint_tier.model_spec('seg_m') -> 'dea_max_share' AS dea_max_share;
CREATE TEMP TABLE spec_before AS SELECT complaint_tier.model_spec('seg_m') AS s;
SELECT complaint_tier.define_model('seg_m', (SELECT s FROM spec_before));
SELECT complaint_tier.model_spec('seg_m') = (SELECT s FROM spec_before) AS round_trip;
SELECT complaint_tier.fit('seg_m', 'seg_t');
SELECT fcm_m, dea_max_share FROM complaint_tier.model_version WHERE model = 'seg_m' ORDER BY version DESC LIMIT 1;

-- errors
CREATE FUNCTION spec_with(k text, v jsonb) RETURNS jsonb LANGUAGE sql
RETURN jsonb_set(complaint_tier.model_spec('dea_m'), ARRAY[k], v);
SELECT complaint_tier.define_model('bad', spec_with('dea_max_share', '0'));
SELECT complaint_tier.define_model('bad', spec_with('dea_max_share', '1.5'));
SELECT complaint_tier.define_model('bad', spec_with('dea_max_share', '0.4'));
SELECT complaint_tier.define_model('bad', spec_with('dea_max_share', '"half"'));
SELECT complaint_tier.define_model('bad', spec_with('segments', '1'));
SELECT complaint_tier.define_model('bad', spec_with('segments', '65'));
SELECT complaint_tier.define_model('bad', spec_with('segments', '-2'));
SELECT complaint_tier.define_model('bad', spec_with('fcm_m', '1'));
SELECT complaint_tier.define_model('bad', spec_with('methods', '["dea", "dea"]'));
SELECT complaint_tier.define_model('bad', spec_with('methods', '["bod"]'));
SELECT complaint_tier.define_model('bad', jsonb_set(spec_with('segments', '2'), '{classifications}',
	'[{"name": "segment", "labels": [{"label": "x", "when": "TRUE"}]}]'));
UPDATE complaint_tier.model SET dea_max_share = 'NaN' WHERE name = 'dea_m';
UPDATE complaint_tier.model SET dea_max_share = 'Infinity' WHERE name = 'dea_m';
UPDATE complaint_tier.model SET fcm_m = 'NaN' WHERE name = 'seg_m';
UPDATE complaint_tier.model SET segments = 0 WHERE name = 'seg_m';
-- more segments than rows; more than distinct points
SELECT complaint_tier.define_model('seg_many', jsonb_set(complaint_tier.model_spec('seg_m') - 'rules' - 'strategies', '{segments}', '31'));
SELECT complaint_tier.fit('seg_many', 'seg_t');
CREATE TABLE seg_dup AS SELECT id, round(x) AS x, round(y) AS y FROM seg_t;
UPDATE complaint_tier.model SET segments = 4 WHERE name = 'seg_many';
SELECT complaint_tier.fit('seg_many', 'seg_dup');
-- a bound below 1 / the weighted indicators at fit (one indicator is constant)
CREATE TABLE dea_const AS SELECT id, a, 5::float8 AS b FROM dea_t;
SELECT complaint_tier.define_model('dea_c', jsonb_set(complaint_tier.model_spec('dea_m'), '{dea_max_share}', '0.5'));
SELECT complaint_tier.fit('dea_c', 'dea_const');
-- NaN and a negative value in the data of a dea model
SELECT complaint_tier.evaluate('dea_m', '{"id": 1, "a": "NaN", "b": 1}'::jsonb);
SELECT e.score, e.tier, e.error ->> 'sqlstate' AS sqlstate, e.error ->> 'column' AS col
FROM (SELECT 8 AS id, 'NaN'::float8 AS a, 1::float8 AS b) c CROSS JOIN LATERAL complaint_tier.evaluate('dea_m', c, 'null') e;
INSERT INTO dea_const VALUES (8, 'NaN', 5);
UPDATE complaint_tier.model SET dea_max_share = NULL WHERE name = 'dea_c';
SELECT complaint_tier.fit('dea_c', 'dea_const');
-- a corrupt stored frontier is refused, never used
ALTER TABLE complaint_tier.model_version DISABLE TRIGGER protect_version;
UPDATE complaint_tier.model_version SET dea_frontier = '{{0.5,-1}}' WHERE model = 'dea_m';
SELECT score FROM complaint_tier.evaluate('dea_m', '{"id": 1, "a": 1, "b": 1}'::jsonb);
UPDATE complaint_tier.model_version SET dea_frontier = '{{0.5,0.5,0.5}}' WHERE model = 'dea_m';
SELECT score FROM complaint_tier.evaluate('dea_m', '{"id": 1, "a": 1, "b": 1}'::jsonb);
UPDATE complaint_tier.model_version SET dea_frontier = NULL WHERE model = 'dea_m';
SELECT score FROM complaint_tier.evaluate('dea_m', '{"id": 1, "a": 1, "b": 1}'::jsonb);
UPDATE complaint_tier.model_version SET segment_centres = '{{0.5,0.5},{0.5,0.5},{0.1,0.1}}' WHERE model = 'seg_m';
SELECT score FROM complaint_tier.evaluate('seg_m', '{"id": 1, "x": 1, "y": 1}'::jsonb);
ALTER TABLE complaint_tier.model_version ENABLE TRIGGER protect_version;

DROP VIEW seg_v, seg_v_strategies;
DROP TABLE dea_t, dea3, seg_t, seg_pts, seg_dup, dea_const;
DROP FUNCTION spec_with(text, jsonb);
DELETE FROM complaint_tier.rules WHERE model IN ('dea_m', 'dea3', 'seg_m', 'seg_many', 'dea_c');
DELETE FROM complaint_tier.model WHERE name IN ('dea_m', 'dea3', 'seg_m', 'seg_many', 'dea_c');
DELETE FROM complaint_tier.strategies WHERE code = 'seg_two';
