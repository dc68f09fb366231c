-- Method priority (priority ordering, 优序法; doc/mcdm.md, "Priority
-- ordering"): each customer's score is the weighted sum of its mid-rank
-- percentiles among the fitting population, one per indicator.  Checked
-- pair by pair against the definition (the weighted priority number
-- sum_j g_j (#worse + #tied others / 2) / (n - 1)): exactly when n - 1
-- divides 1,000 (the 1,001 stored quantiles then fall on the values),
-- within 0.001 otherwise; NULL inputs out of the ranking; explain,
-- explain_json, the snapshot, the combination with other methods, errors.
SET client_min_messages = warning;
\set SHOW_CONTEXT never
SET extra_float_digits = 0;

-- 11 customers: a benefit, b cost (ties), lvl qualitative (ties), tgt target
CREATE TABLE prio_t (id int PRIMARY KEY, a float8, b int, lvl text, tgt float8);
INSERT INTO prio_t VALUES
  (1, 10, 3, 'gold', 5), (2, 25, 1, 'silver', 2), (3, 7, 3, 'bronze', 9),
  (4, 31, 0, 'gold', 4.5), (5, 18, 2, 'silver', 7), (6, 12, 5, 'bronze', 1),
  (7, 40, 1, 'gold', 5.5), (8, 3, 4, 'silver', 3), (9, 22, 2, 'bronze', 8),
  (10, 15, 0, 'gold', 6), (11, 28, 6, 'silver', 0);
SELECT complaint_tier.define_model('prio_m', $spec$
{"key": "id", "source": "prio_t",
 "dimensions": [{"name": "value", "weight": 0.6}, {"name": "risk", "weight": 0.4}],
 "indicators": [
   {"name": "a", "column": "a", "dimension": "value", "weight": 2},
   {"name": "lvl", "column": "lvl", "dimension": "value", "levels": ["bronze", "silver", "gold"], "weight": 1},
   {"name": "b", "column": "b", "dimension": "risk", "direction": "cost", "weight": 1},
   {"name": "tgt", "column": "tgt", "dimension": "risk", "direction": "target", "range_lo": 0, "range_hi": 10,
    "best_lo": 4, "best_hi": 6, "weight": 1}],
 "methods": ["priority"], "combine": "priority",
 "tiers": {"overall": {"labels": ["low", "mid", "high"], "shares": [0.3, 0.4, 0.3]}}}
$spec$);
SELECT complaint_tier.fit('prio_m', 'prio_t');
SELECT cardinality(ind_quantiles) AS ind_quantiles, ind_quantiles[1] AS a_min, ind_quantiles[1001] AS a_max,
       ind_quantiles[1002] AS lvl_min, ind_quantiles[4004] AS tgt_max
FROM complaint_tier.model_version WHERE model = 'prio_m';

-- the definition, pair by pair, over the normalised values evaluate used
CREATE FUNCTION prio_check(m text, t regclass, k int DEFAULT 0) RETURNS TABLE(id int, raw float8, by_definition float8)
LANGUAGE plpgsql AS $f$
BEGIN
	RETURN QUERY EXECUTE format($q$
	WITH v AS (
		SELECT c.id, (complaint_tier.explain_json(%1$L, c) -> 'methods' -> %3$s ->> 'raw')::float8 AS raw,
		       x.ord, (x.j ->> 'normalised')::float8 AS nv, (c) IS NOT NULL AS complete
		FROM %2$s c, LATERAL jsonb_array_elements(complaint_tier.explain_json(%1$L, c) -> 'indicators') WITH ORDINALITY x(j, ord)),
	known AS (	-- the customers with a value on each indicator rank it
		SELECT v.id, v.ord, v.nv FROM v JOIN %2$s c USING (id)
		WHERE (to_jsonb(c) -> (SELECT mv.ind_column[v.ord] FROM complaint_tier.model_version mv
		                       JOIN complaint_tier.active_version a USING (model, version) WHERE mv.model = %1$L)) <> 'null'),
	pn AS (
		SELECT v.id, v.ord,
		       (count(*) FILTER (WHERE k.nv < v.nv) + 0.5 * count(*) FILTER (WHERE k.nv = v.nv AND k.id <> v.id))
		       / (count(*) FILTER (WHERE k.id <> v.id)) AS p
		FROM v JOIN known k ON k.ord = v.ord
		GROUP BY v.id, v.ord, v.nv)
	SELECT v.id, min(v.raw), sum(mv.ind_global_weight[pn.ord] * pn.p)
	FROM v JOIN pn USING (id, ord) CROSS JOIN complaint_tier.model_version mv
	WHERE (mv.model, mv.version) IN (SELECT a.model, a.version FROM complaint_tier.active_version a WHERE a.model = %1$L)
	GROUP BY v.id ORDER BY v.id$q$, m, t, k);
END
$f$;
SELECT id, round(raw::numeric, 12) AS raw, round(by_definition::numeric, 12) AS by_definition,
       abs(raw - by_definition) <= 1e-12 AS exact
FROM prio_check('prio_m', 'prio_t');
-- combine priority: the score is the raw priority score; tiers from its quantiles
SELECT e.tier, count(*), round(min(e.score)::numeric, 6) AS lo, round(max(e.score)::numeric, 6) AS hi
FROM prio_t c CROSS JOIN LATERAL complaint_tier.evaluate('prio_m', c) e GROUP BY e.tier ORDER BY lo;

-- explain_json: each indicator's percentile and weight; they give the raw score
SELECT jsonb_pretty((complaint_tier.explain_json('prio_m', c) -> 'methods' -> 0) - 'score_part' - 'percentile')
FROM prio_t c WHERE id = 4;
-- explain(): the priority contributions g_j p_j add up to the raw score
SELECT round(sum(method_contributions[1])::numeric, 12) AS contributions,
       round(((complaint_tier.explain_json('prio_m', (SELECT c FROM prio_t c WHERE id = 9)) -> 'methods' -> 0 ->> 'raw'))::numeric, 12) AS raw
FROM complaint_tier.explain('prio_m', (SELECT c FROM prio_t c WHERE id = 9));
-- new customers: percentile 1 above every value, 0 below every value, the
-- middle of a run of ties (gold: 4 of 11; tgt inside [4, 6]: 4 of 11)
SELECT x.id, p.j ->> 'indicator' AS indicator, round((p.j ->> 'percentile')::numeric, 6) AS percentile
FROM (VALUES (90, '{"id": 90, "a": 1000, "b": 0, "lvl": "gold", "tgt": 5}'::jsonb),
             (91, '{"id": 91, "a": 0, "b": 99, "lvl": "bronze", "tgt": 0}'::jsonb)) x(id, j),
     LATERAL jsonb_array_elements(complaint_tier.explain_json('prio_m', x.j) -> 'methods' -> 0 -> 'percentiles') p(j)
ORDER BY x.id, indicator;

-- the snapshot evaluates the same
SELECT count(*) AS rows, count(*) FILTER (WHERE e.score = s.score AND e.tier = s.tier) AS same_as_snapshot
FROM prio_t c CROSS JOIN LATERAL complaint_tier.evaluate('prio_m', c) e
CROSS JOIN LATERAL complaint_tier.evaluate(complaint_tier.model_snapshot('prio_m', NULL), c) s;

-- 13 customers (12 does not divide 1,000) and a NULL: within 0.001 of the
-- definition; the NULL customer is left out of a's ranking and scored at
-- the percentile of the fitted default
INSERT INTO prio_t VALUES (12, NULL, 2, 'gold', 5), (13, 33, 1, 'bronze', 6.5);
SELECT complaint_tier.fit('prio_m', 'prio_t');
SELECT count(*) AS rows, max(abs(raw - by_definition)) <= 0.001 AS within_0_001,
       max(abs(raw - by_definition)) > 0 AS not_exact
FROM prio_check('prio_m', 'prio_t') WHERE id <> 12;
SELECT (j -> 'percentiles' -> 0 ->> 'percentile')::float8 BETWEEN 0 AND 1 AS null_a_ranked_at_default,
       (SELECT ind_impute[1] FROM complaint_tier.model_version JOIN complaint_tier.active_version USING (model, version) WHERE model = 'prio_m') IS NOT NULL AS has_default
FROM prio_t c, LATERAL (SELECT complaint_tier.explain_json('prio_m', c) -> 'methods' -> 0 AS j) x WHERE id = 12;

-- with other methods: mean of the percentiles, the priority score among them
UPDATE complaint_tier.model SET methods = '{weighted_sum,priority,topsis}', combine = 'mean_percentile' WHERE name = 'prio_m';
SELECT complaint_tier.fit('prio_m', 'prio_t');
SELECT cardinality(quantiles) / 1001 AS methods_with_quantiles, cardinality(ind_quantiles) / 1001 AS indicators
FROM complaint_tier.model_version JOIN complaint_tier.active_version USING (model, version) WHERE model = 'prio_m';
SELECT count(*) AS rows, count(e.tier) AS tiered FROM prio_t c CROSS JOIN LATERAL complaint_tier.evaluate('prio_m', c) e;
SELECT count(*) AS rows, max(abs(raw - by_definition)) <= 0.001 AS within_0_001
FROM prio_check('prio_m', 'prio_t', 1) WHERE id <> 12;
-- a model without method priority stores no indicator quantiles
SELECT count(*) FILTER (WHERE ind_quantiles IS NULL) = count(*) AS none
FROM complaint_tier.model_version WHERE model <> 'prio_m';

-- errors: listed twice; the version without its quantiles is refused
SELECT complaint_tier.define_model('prio_bad', '{"indicators": [{"name": "a", "dimension": "d"}], "dimensions": [{"name": "d"}], "methods": ["priority", "priority"]}');
-- a snapshot whose version lacks the indicators' quantiles, or has them
-- out of order, is refused (the catalogue's versions are immutable)
CREATE TABLE prio_snap AS SELECT complaint_tier.model_snapshot('prio_m', NULL) AS s;
UPDATE prio_snap SET s.fitted = (s).fitted - 'ind_quantiles';
\set VERBOSITY sqlstate
SELECT e.score FROM prio_t c, prio_snap p, LATERAL complaint_tier.evaluate(p.s, c) e LIMIT 1;
\set VERBOSITY default
SELECT e.score FROM prio_t c, prio_snap p, LATERAL complaint_tier.evaluate(p.s, c) e LIMIT 1;
UPDATE prio_snap SET s = complaint_tier.model_snapshot('prio_m', NULL);
UPDATE prio_snap SET s.fitted = jsonb_set((s).fitted, '{ind_quantiles,4003}', '-1');
SELECT e.score FROM prio_t c, prio_snap p, LATERAL complaint_tier.evaluate(p.s, c) e LIMIT 1;
UPDATE prio_snap SET s.fitted = jsonb_set((s).fitted, '{ind_quantiles}', '[0.5]');
SELECT e.score FROM prio_t c, prio_snap p, LATERAL complaint_tier.evaluate(p.s, c) e LIMIT 1;

DROP TABLE prio_t, prio_snap;
DROP FUNCTION prio_check(text, regclass, int);
DELETE FROM complaint_tier.model WHERE name = 'prio_m';
