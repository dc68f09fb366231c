-- explain() for a customer given as JSON, and explain_json(): the whole
-- decision for one customer as one document (doc/explain.md).

CREATE FUNCTION explain(model text, customer jsonb)
RETURNS SETOF indicator_explanation
AS 'MODULE_PATHNAME', 'ct_explain_jsonb_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 20;

COMMENT ON FUNCTION explain(text, jsonb) IS
'explain(model, customer record) for a customer given as a JSON object keyed by the input column names (raw_value is the JSON value as text)';

CREATE FUNCTION explain_json(model text, customer record)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'ct_explain_json_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION explain_json(text, record) IS
'the whole decision for one customer under the active model version, as one document (doc/explain.md): score, tier and its band, each method''s raw score and percentile and how they combine, per indicator its values, weights and contribution to the score (summing to it), dimension scores, tiers and contributions, each classification''s label with the conditions tried and the values they read, the strategy rules that fired (with their reasons, as evaluate() gives them) and those whose condition holds but whose strategy was withheld';

CREATE FUNCTION explain_json(model text, customer jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'ct_explain_json_jsonb_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION explain_json(text, jsonb) IS
'explain_json(model, customer record) for a customer given as a JSON object keyed by the input column names';

CREATE FUNCTION explain_report(explanation jsonb)
RETURNS TABLE (step int, part text, item text, value float8, detail text)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $fn$
#variable_conflict use_column
BEGIN
IF jsonb_typeof(explanation) <> 'object' OR NOT explanation ?& ARRAY['score', 'tier', 'band', 'combine',
		'combination', 'methods', 'indicators', 'dimensions', 'classifications', 'rules', 'withheld', 'strategies'] THEN
	RAISE EXCEPTION 'explanation is not a document of explain_json()'
		USING ERRCODE = 'invalid_parameter_value',
			  DETAIL = 'It needs the keys score, tier, band, combine, combination, methods, indicators, dimensions, classifications, rules, withheld and strategies.',
			  HINT = 'Pass explain_json(model, customer) itself: SELECT * FROM explain_report(explain_json(''telecom'', c)).';
END IF;
RETURN QUERY
WITH d AS (SELECT explanation AS j, (explanation ->> 'score')::float8 AS score),
-- "name = value, ..." of a reads object
reads AS (
	SELECT r.obj, coalesce(string_agg(format('%s = %s', k, v), ', ' ORDER BY k), 'nothing') AS txt
	FROM (SELECT x -> 'reads' AS obj FROM d, jsonb_array_elements(j -> 'classifications') x
		  UNION SELECT x -> 'reads' FROM d, jsonb_array_elements(j -> 'rules') x
		  UNION SELECT x -> 'reads' FROM d, jsonb_array_elements(j -> 'withheld') x) r
	LEFT JOIN LATERAL jsonb_each(r.obj) e(k, v) ON true
	GROUP BY r.obj
),
lines AS (
	-- the answer: the score, the tier and its band
	SELECT 1 AS section, 0::bigint AS pos, 'score' AS part, j ->> 'tier' AS item, score AS value,
		   format('tier %s: %s (tiers %s, cut points %s)', j ->> 'tier',
				  CASE WHEN j -> 'band' -> 'lower' = 'null' AND j -> 'band' -> 'upper' = 'null' THEN 'every score'
					   WHEN j -> 'band' -> 'lower' = 'null' THEN format('score < %s', round((j -> 'band' ->> 'upper')::numeric, 4))
					   WHEN j -> 'band' -> 'upper' = 'null' THEN format('score >= %s', round((j -> 'band' ->> 'lower')::numeric, 4))
					   ELSE format('%s <= score < %s', round((j -> 'band' ->> 'lower')::numeric, 4),
								   round((j -> 'band' ->> 'upper')::numeric, 4)) END,
				  (SELECT string_agg(t, ' < ') FROM jsonb_array_elements_text(j -> 'band' -> 'tiers') t),
				  (SELECT string_agg(round(c::numeric, 4)::text, ', ') FROM jsonb_array_elements_text(j -> 'band' -> 'cuts') c)) AS detail
	FROM d
	UNION ALL
	-- how: each method's raw score and percentile, and the combination
	SELECT 2, m.ord, 'method', m.v ->> 'method', (m.v ->> 'raw')::float8,
		   format('raw %s, percentile %s among the fitted population, weight %s in the score: %s',
				  round((m.v ->> 'raw')::numeric, 4), round((m.v ->> 'percentile')::numeric, 4),
				  round((m.v ->> 'weight')::numeric, 4), round((m.v ->> 'score_part')::numeric, 4))
	FROM d, jsonb_array_elements(j -> 'methods') WITH ORDINALITY m(v, ord)
	UNION ALL
	SELECT 3, 0, 'combination', j ->> 'combine', score, j ->> 'combination'
	FROM d
	UNION ALL
	-- why: the indicators, largest contribution first
	SELECT 4, row_number() OVER (ORDER BY (i.v ->> 'contribution')::float8 DESC, i.ord), 'indicator', i.v ->> 'indicator',
		   (i.v ->> 'contribution')::float8,
		   format('%s of the score%s; dimension %s; raw %s (column %s)%s, normalised %s, global weight %s',
				  round((i.v ->> 'contribution')::numeric, 4),
				  CASE WHEN score > 0 THEN format(' (%s %%)', round(100 * (i.v ->> 'contribution')::numeric / score::numeric, 1)) ELSE '' END,
				  i.v ->> 'dimension', coalesce(i.v ->> 'raw', 'NULL'), i.v ->> 'column',
				  CASE WHEN (i.v ->> 'imputed')::boolean THEN ' imputed' ELSE '' END,
				  round((i.v ->> 'normalised')::numeric, 4), round((i.v ->> 'global_weight')::numeric, 4))
	FROM d, jsonb_array_elements(j -> 'indicators') WITH ORDINALITY i(v, ord)
	UNION ALL
	SELECT 5, x.ord, 'dimension', x.v ->> 'dimension', (x.v ->> 'contribution')::float8,
		   format('score %s, tier %s; %s of the score', coalesce(round((x.v ->> 'score')::numeric, 4)::text, 'NULL'),
				  coalesce(x.v ->> 'tier', 'none'), coalesce(round((x.v ->> 'contribution')::numeric, 4)::text, 'nothing'))
	FROM d, jsonb_array_elements(j -> 'dimensions') WITH ORDINALITY x(v, ord)
	UNION ALL
	-- what follows: the classifications, the rules and the strategies
	SELECT 6, x.ord, 'classification', x.v ->> 'classification', NULL::float8,
		   format('%s: %s, reading %s; tried %s', coalesce(x.v ->> 'label', 'NULL'),
				  coalesce(x.v ->> 'condition', x.v ->> 'why'), r.txt,
				  coalesce((SELECT string_agg(format('%s %s', t ->> 'label', t ->> 'result'), ', ')
							FROM jsonb_array_elements(x.v -> 'tried') t), 'nothing'))
	FROM d, jsonb_array_elements(j -> 'classifications') WITH ORDINALITY x(v, ord)
	JOIN reads r ON r.obj = x.v -> 'reads'
	UNION ALL
	SELECT 7, x.ord, 'rule', x.v ->> 'rule', NULL::float8,
		   format('strategy %s (%s): %s, reading %s', x.v ->> 'strategy', x.v ->> 'title', x.v ->> 'condition', r.txt)
	FROM d, jsonb_array_elements(j -> 'rules') WITH ORDINALITY x(v, ord)
	JOIN reads r ON r.obj = x.v -> 'reads'
	UNION ALL
	SELECT 8, x.ord, 'withheld', x.v ->> 'rule', NULL::float8,
		   format('%s holds, reading %s, but %s', x.v ->> 'condition', r.txt, x.v ->> 'why')
	FROM d, jsonb_array_elements(j -> 'withheld') WITH ORDINALITY x(v, ord)
	JOIN reads r ON r.obj = x.v -> 'reads'
	UNION ALL
	SELECT 9, 0, 'strategies', format('%s strateg%s', jsonb_array_length(j -> 'strategies'),
										CASE WHEN jsonb_array_length(j -> 'strategies') = 1 THEN 'y' ELSE 'ies' END),
		   NULL::float8,
		   format('%s; routing priority %s, refund ceiling %s',
				  coalesce((SELECT string_agg(s, ', ') FROM jsonb_array_elements_text(j -> 'strategies') s), 'none'),
				  coalesce(j ->> 'routing_priority', 'none'), coalesce(j ->> 'refund_ceiling', 'none'))
	FROM d
)
SELECT (row_number() OVER (ORDER BY l.section, l.pos))::int, l.part, l.item, l.value, l.detail
FROM lines l ORDER BY 1;
END
$fn$;

COMMENT ON FUNCTION explain_report(jsonb) IS
'an explain_json() document as lines in the order a person asks: the score and tier with its band, each method''s raw score and percentile, the combination, the indicators (largest contribution first), the dimensions, the classifications with the conditions tried and the values read, the rules that fired and those withheld, the strategies; SELECT * FROM explain_report(explain_json(model, customer))';
