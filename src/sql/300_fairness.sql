-- fairness(model, source, attribute): per group of one column of the
-- source, the tier shares, strategy shares, share routed at priority 1 and
-- mean refund ceiling under the active model version, with the
-- disparate-impact ratio against the best-treated group and the four-fifths
-- flag (doc/fairness.md).  Dynamic SQL is built with format('%I') / %L and
-- the regclass's own quoted name only.

CREATE FUNCTION fairness(model text, source regclass, attribute text)
RETURNS TABLE (
	grp text,
	customers bigint,
	measure text,
	category text,
	value float8,
	favourable boolean,
	impact_ratio float8,
	flagged boolean
)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $fn$
DECLARE
	labels text[];
	src text := source::text;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM complaint_tier.model m WHERE m.name = fairness.model) THEN
		RAISE EXCEPTION 'model "%" does not exist', fairness.model
			USING ERRCODE = 'undefined_object',
			      HINT = 'The models are listed in complaint_tier.model.';
	END IF;
	SELECT vc.tier_labels INTO labels
	FROM complaint_tier.version_catalogue vc
	WHERE vc.model = fairness.model
	  AND vc.active;
	IF labels IS NULL THEN
		RAISE EXCEPTION 'model "%" has no fitted version', fairness.model
			USING ERRCODE = 'object_not_in_prerequisite_state',
			      HINT = format('Fit it first: SELECT complaint_tier.fit(%L, %L);', fairness.model, src);
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_attribute a
	               WHERE a.attrelid = source AND a.attname = attribute
	                 AND a.attnum > 0 AND NOT a.attisdropped) THEN
		RAISE EXCEPTION 'column "%" does not exist in %', attribute, src
			USING ERRCODE = 'undefined_column',
			      DETAIL = 'The attribute must be the name of one column of the source (not an expression).',
			      HINT = 'To group by an expression (an age band, for example), put it in a view and pass the view.';
	END IF;

	RETURN QUERY EXECUTE format($q$
		WITH ev AS MATERIALIZED (
			SELECT (s.%1$I)::text AS grp, e.tier, e.strategies, e.routing_priority, e.refund_ceiling
			FROM %2$s AS s CROSS JOIN LATERAL complaint_tier.evaluate($1, s) AS e
		),
		g AS (SELECT ev.grp, count(*)::bigint AS n FROM ev GROUP BY ev.grp),
		tiers AS (SELECT t.label, t.k FROM unnest($2::text[]) WITH ORDINALITY AS t(label, k)),
		tc AS (SELECT ev.grp, ev.tier, count(*)::float8 AS c FROM ev GROUP BY ev.grp, ev.tier),
		sc AS (SELECT ev.grp, u.code, count(*)::float8 AS c
		       FROM ev CROSS JOIN LATERAL unnest(ev.strategies) AS u(code) GROUP BY ev.grp, u.code),
		codes AS (SELECT DISTINCT sc.code FROM sc),
		oc AS (SELECT ev.grp, count(*) FILTER (WHERE ev.routing_priority = 1)::float8 AS r1,
		              sum(coalesce(ev.refund_ceiling, 0))::float8 AS ceiling
		       FROM ev GROUP BY ev.grp),
		m AS (
			SELECT g.grp, g.n, 1 AS mo, 'tier'::text AS measure, t.label AS category,
			       -t.k AS co, coalesce(tc.c, 0) AS c, t.k = cardinality($2) AS favourable
			FROM g CROSS JOIN tiers t
			LEFT JOIN tc ON tc.grp IS NOT DISTINCT FROM g.grp AND tc.tier = t.label
			UNION ALL
			SELECT g.grp, g.n, 2, 'routing_priority_1', NULL, 0, oc.r1, true
			FROM g JOIN oc ON oc.grp IS NOT DISTINCT FROM g.grp
			UNION ALL
			SELECT g.grp, g.n, 3, 'refund_ceiling', NULL, 0, oc.ceiling, true
			FROM g JOIN oc ON oc.grp IS NOT DISTINCT FROM g.grp
			UNION ALL
			SELECT g.grp, g.n, 4, 'strategy', k.code, 0, coalesce(sc.c, 0), false
			FROM g CROSS JOIN codes k
			LEFT JOIN sc ON sc.grp IS NOT DISTINCT FROM g.grp AND sc.code = k.code
		),
		b AS (
			SELECT DISTINCT ON (m.mo, m.category) m.mo, m.category, m.c AS cb, m.n AS nb
			FROM m ORDER BY m.mo, m.category, m.c / m.n DESC, m.n DESC
		)
		SELECT m.grp, m.n, m.measure, m.category, m.c / m.n, m.favourable,
		       CASE WHEN b.cb > 0 THEN (m.c * b.nb) / (m.n * b.cb) END,
		       m.favourable AND b.cb > 0 AND (m.c * b.nb) / (m.n * b.cb) < 0.8
		FROM m JOIN b ON b.mo = m.mo AND b.category IS NOT DISTINCT FROM m.category
		ORDER BY m.mo, m.co, m.category COLLATE "C", m.grp COLLATE "C" NULLS LAST
	$q$, attribute, src) USING model, labels;
END
$fn$;

COMMENT ON FUNCTION fairness(text, regclass, text) IS
'fairness report of a model over a source, grouped by one column: per group the share in each tier, the share routed at priority 1, the mean refund ceiling (none = 0) and the share receiving each strategy, with the disparate-impact ratio to the best-treated group; favourable treatments (top tier, routing priority 1, refund ceiling) are flagged when the ratio is under 0.8 (four-fifths rule; doc/fairness.md)';
