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

	-- Linear in rows and groups: the counts per (group, category) come from
	-- groupings over the rows, the zero rows from one more grouping of those
	-- counts with a zero row per (group, category), and the best-treated
	-- group from a window; no join on the group, whose NULL value would need
	-- IS NOT DISTINCT FROM and so a nested loop (quadratic in the number of
	-- groups).
	RETURN QUERY EXECUTE format($q$
		WITH ev AS MATERIALIZED (
			SELECT (s.%1$I)::text AS grp, e.tier, e.strategies, e.routing_priority, e.refund_ceiling
			FROM %2$s AS s CROSS JOIN LATERAL complaint_tier.evaluate($1, s) AS e
		),
		g AS (
			SELECT ev.grp, count(*)::bigint AS n,
			       count(*) FILTER (WHERE ev.routing_priority = 1)::float8 AS r1,
			       sum(coalesce(ev.refund_ceiling, 0))::float8 AS ceiling
			FROM ev GROUP BY ev.grp
		),
		tiers AS (SELECT t.label, t.k FROM unnest($2::text[]) WITH ORDINALITY AS t(label, k)),
		tc AS (SELECT ev.grp, ev.tier, count(*)::float8 AS c FROM ev GROUP BY ev.grp, ev.tier),
		sc AS (SELECT ev.grp, u.code, count(*)::float8 AS c
		       FROM ev CROSS JOIN LATERAL unnest(ev.strategies) AS u(code) GROUP BY ev.grp, u.code),
		codes AS (SELECT DISTINCT sc.code FROM sc),
		m AS (
			SELECT x.grp, max(x.n) AS n, 1 AS mo, 'tier'::text AS measure, x.category,
			       -max(x.k) AS co, sum(x.c) AS c, max(x.k) = cardinality($2) AS favourable
			FROM (SELECT tc.grp, tc.tier AS category, NULL::bigint AS n, NULL::bigint AS k, tc.c FROM tc
			      UNION ALL
			      SELECT g.grp, t.label, g.n, t.k, 0 FROM g CROSS JOIN tiers t) AS x
			GROUP BY x.grp, x.category
			HAVING max(x.k) IS NOT NULL
			UNION ALL
			SELECT g.grp, g.n, 2, 'routing_priority_1', NULL, 0, g.r1, true FROM g
			UNION ALL
			SELECT g.grp, g.n, 3, 'refund_ceiling', NULL, 0, g.ceiling, true FROM g
			UNION ALL
			SELECT x.grp, max(x.n), 4, 'strategy', x.category, 0, sum(x.c), false
			FROM (SELECT sc.grp, sc.code AS category, NULL::bigint AS n, sc.c FROM sc
			      UNION ALL
			      SELECT g.grp, k.code, g.n, 0 FROM g CROSS JOIN codes k) AS x
			GROUP BY x.grp, x.category
		),
		r AS (
			SELECT m.*, first_value(m.c) OVER w AS cb, first_value(m.n) OVER w AS nb
			FROM m
			WINDOW w AS (PARTITION BY m.mo, m.category ORDER BY m.c / m.n DESC, m.n DESC)
		)
		SELECT r.grp, r.n, r.measure, r.category, r.c / r.n, r.favourable,
		       CASE WHEN r.cb > 0 THEN (r.c * r.nb) / (r.n * r.cb) END,
		       r.favourable AND r.cb > 0 AND (r.c * r.nb) / (r.n * r.cb) < 0.8
		FROM r
		ORDER BY r.mo, r.co, r.category COLLATE "C", r.grp COLLATE "C" NULLS LAST
	$q$, attribute, src) USING model, labels;
END
$fn$;

COMMENT ON FUNCTION fairness(text, regclass, text) IS
'fairness report of a model over a source, grouped by one column: per group the share in each tier, the share routed at priority 1, the mean refund ceiling (none = 0) and the share receiving each strategy, with the disparate-impact ratio to the best-treated group; favourable treatments (top tier, routing priority 1, refund ceiling) are flagged when the ratio is under 0.8 (four-fifths rule; doc/fairness.md)';
