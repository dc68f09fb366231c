-- Tables loaded as they came: column names with capitals, spaces and
-- keywords, read by rules through quoted identifiers ("Total day minutes").
\set SHOW_CONTEXT never
\set VERBOSITY default
SET search_path = public;

-- the rule language: quoted names keep their case, "" is a quote
SELECT complaint_tier.rule_check('"Total day minutes">264 and "Int''l Plan" = ''yes'' and "and" or "arpu" > 1');
SELECT complaint_tier.rule_variables('"Total day minutes" > 264 AND "Int''l Plan" = ''yes'' AND churn AND "say ""hi"""');
SELECT complaint_tier.rule_matches('"Total day minutes" > 264', '{"Total day minutes": 270}');
-- unquoted names fold to lower case, so they do not read "Total day minutes"
SELECT complaint_tier.rule_matches('"total day minutes" > 264', '{"Total day minutes": 270}') IS NULL AS unknown;
-- errors with their SQLSTATE and the position
CREATE FUNCTION pg_temp.rule_error(c text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text;
BEGIN
	PERFORM complaint_tier.rule_check(c);
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
	RETURN st || ': ' || msg || ' / ' || det;
END $$;
SELECT pg_temp.rule_error('"Total day minutes > 264');
SELECT pg_temp.rule_error('calls > 1 OR "" > 1');
SELECT pg_temp.rule_error('"' || repeat('x', 64) || '" > 1');

CREATE TABLE churn_raw ("Customer" int PRIMARY KEY, "Total day minutes" float8,
	"Customer service calls" int, "International plan" text, "Churn" boolean);
INSERT INTO churn_raw
SELECT i, 100 + (i * 37 % 250), i % 7, CASE WHEN i % 5 = 0 THEN 'yes' ELSE 'no' END,
       (i % 7 >= 4) OR (i * 37 % 250) > 200
FROM generate_series(1, 400) i;

SELECT complaint_tier.define_model('raw', '{"key": "Customer", "source": "public.churn_raw",
 "dimensions": [{"name": "usage", "weight": 0.6}, {"name": "service", "weight": 0.4}],
 "weighting": "entropy",
 "indicators": [{"name": "day", "column": "Total day minutes", "dimension": "usage"},
                {"name": "calls", "column": "Customer service calls", "dimension": "service"},
                {"name": "intl", "column": "International plan", "dimension": "usage", "levels": ["no", "yes"]}],
 "classifications": [{"name": "risk", "labels": [
    {"label": "high", "when": "\"Customer service calls\" >= 4 OR \"Total day minutes\" > 264"},
    {"label": "normal", "when": "TRUE"}]}],
 "strategies": [{"code": "retention_call", "title": "Retention call", "basis": "service"}],
 "rules": [{"id": "raw.retention", "strategy": "retention_call", "priority": 10,
            "when": "risk = ''high'' AND \"International plan\" = ''yes''", "routing_priority": 1}],
 "tiers": {"overall": {"labels": ["low", "high"], "shares": [0.7, 0.3]}}}');
-- a misspelt quoted name is refused at definition, with its position
SELECT complaint_tier.define_model('raw2', complaint_tier.model_spec('raw')
	|| '{"rules": [{"id": "raw2.x", "strategy": "retention_call", "priority": 1, "when": "\"International Plan\" = ''yes''"}]}');
SELECT complaint_tier.model_spec('raw') -> 'classifications' -> 0 -> 'labels' -> 0 ->> 'when' AS stored;
SELECT complaint_tier.fit('raw', 'churn_raw');
SELECT e.class_labels[1] AS risk, e.strategies, count(*)
FROM churn_raw c CROSS JOIN LATERAL complaint_tier.evaluate('raw', c) e
GROUP BY 1, 2 ORDER BY 1, 2;
-- the same count straight from SQL
SELECT count(*) FILTER (WHERE "Customer service calls" >= 4 OR "Total day minutes" > 264) AS high,
       count(*) FILTER (WHERE ("Customer service calls" >= 4 OR "Total day minutes" > 264) AND "International plan" = 'yes') AS retention
FROM churn_raw;

-- a materialised tier view keyed by "Customer", with its comments
SELECT complaint_tier.create_tier_view('raw', 'churn_raw', 'raw_tiers', true);
SELECT "Customer", tier, risk FROM raw_tiers ORDER BY "Customer" LIMIT 3;
SELECT a.attname, col_description('raw_tiers'::regclass, a.attnum)
FROM pg_attribute a WHERE a.attrelid = 'raw_tiers'::regclass AND a.attnum BETWEEN 1 AND 2 ORDER BY a.attnum;

-- learned rules name such columns in quotes, and paste back as they are
CREATE TABLE learned AS
SELECT position, condition, support FROM complaint_tier.suggest_rules('raw', 'churn_raw', 'Churn', 4, 10);
SELECT * FROM learned ORDER BY position;
SELECT l.position, complaint_tier.rule_check(l.condition) = l.condition AS canonical,
       (SELECT count(*) FROM churn_raw c WHERE complaint_tier.rule_matches(l.condition, to_jsonb(c))) AS matches
FROM learned l ORDER BY l.position;

-- clean up for the tests that follow
DROP TABLE learned, churn_raw CASCADE;
DELETE FROM complaint_tier.rules WHERE model = 'raw';
DELETE FROM complaint_tier.model WHERE name = 'raw';
DELETE FROM complaint_tier.strategies WHERE code = 'retention_call';
