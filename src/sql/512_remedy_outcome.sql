-- Remedies that hold up (doc/validation.md, "Remedies that hold up"): the
-- remedies of a (segment, problem type) ranked by a shrunken acceptance
-- rate (beta-binomial empirical Bayes, prior from the parent level by the
-- method of moments, back-off pair -> segment -> all), the Mantel-Haenszel
-- risk difference with Sato's variance, and validate_remedy, which reports
-- on a held-out table whether cases that got the recommended remedy had a
-- better outcome than cases that did not, within (segment, problem type)
-- strata.  The arithmetic is src/core/ct_remedy_shrink.c and ct_mh.c.
-- validate_remedy is PARALLEL RESTRICTED: it reads the held-out table,
-- which may be a temporary table of the session.

CREATE FUNCTION rank_remedies(stats remedy_stats, segment text, problem_type text, min_cases int,
	OUT rank int, OUT remedy text, OUT level text, OUT level_cases bigint, OUT cases bigint,
	OUT accepted bigint, OUT acceptance float8, OUT prior_mean float8, OUT prior_strength float8,
	OUT prior_cells int, OUT shrunken_acceptance float8)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'ct_rank_remedies_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;

CREATE FUNCTION rank_remedies(stats remedy_stats, segment text, problem_type text,
	OUT rank int, OUT remedy text, OUT level text, OUT level_cases bigint, OUT cases bigint,
	OUT accepted bigint, OUT acceptance float8, OUT prior_mean float8, OUT prior_strength float8,
	OUT prior_cells int, OUT shrunken_acceptance float8)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'ct_rank_remedies_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;

COMMENT ON FUNCTION rank_remedies(remedy_stats, text, text, int) IS
'the remedies of (segment, problem type) by shrunken acceptance (k + alpha) / (n + alpha + beta), the beta prior fitted by the method of moments on the parent level (the remedy over the segment''s problem types; over the segments; over all remedies), with back-off from the pair to the segment to all cases when the pair (then the segment) has fewer than min_cases known outcomes; every row names the evidence: level, its cases, the remedy''s counts and the prior';
COMMENT ON FUNCTION rank_remedies(remedy_stats, text, text) IS
'rank_remedies(stats, segment, problem_type, 30)';

CREATE FUNCTION mantel_haenszel_rd(events1 bigint[], cases1 bigint[], events0 bigint[], cases0 bigint[],
	OUT risk_difference float8, OUT std_error float8, OUT ci_low float8, OUT ci_high float8,
	OUT strata int, OUT cases1 bigint, OUT events1 bigint, OUT cases0 bigint, OUT events0 bigint)
AS 'MODULE_PATHNAME', 'ct_mantel_haenszel_rd_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION mantel_haenszel_rd(bigint[], bigint[], bigint[], bigint[]) IS
'Mantel-Haenszel common risk difference of group 1 minus group 0 over strata given as arrays (events and cases per stratum), with the variance of Sato (1989) and its 95% interval; strata without both groups add nothing; NULL estimates when no stratum has both';

CREATE FUNCTION validate_remedy(stats remedy_stats, source regclass, segment text, problem_type text,
                                remedy text, accepted text, min_cases int DEFAULT 30,
                                method text DEFAULT 'shrinkage')
RETURNS TABLE (test_cases bigint, strata bigint, strata_recommended bigint,
               strata_compared int, followed bigint, followed_accepted bigint, followed_rate float8,
               other bigint, other_accepted bigint, other_rate float8, not_compared bigint,
               pair_strata bigint, segment_strata bigint, all_strata bigint,
               risk_difference float8, std_error float8, ci_low float8, ci_high float8)
LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED
SET search_path = pg_catalog, complaint_tier
AS $vr$
#variable_conflict use_variable
DECLARE
	cols text[] := ARRAY[segment, problem_type, remedy, accepted];
	missing text[] := '{}';
	col text;
	t text;
	r record;
	mh record;
BEGIN
	IF method NOT IN ('shrinkage', 'wilson') THEN
		RAISE EXCEPTION 'unknown method "%"', method
			USING ERRCODE = 'invalid_parameter_value', HINT = 'Use shrinkage (rank_remedies) or wilson (recommend_remedy).';
	END IF;
	IF min_cases < 1 THEN
		RAISE EXCEPTION 'min_cases must be at least 1'
			USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s.', min_cases);
	END IF;
	FOREACH col IN ARRAY cols LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = source AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped) THEN
			missing := missing || format('"%s"', col);
		END IF;
	END LOOP;
	IF cardinality(missing) > 0 THEN
		RAISE EXCEPTION '% has no column %', source, array_to_string(missing, ', ')
			USING ERRCODE = 'undefined_column',
			      HINT = 'Name the held-out table''s segment, problem type, remedy and outcome columns.';
	END IF;
	SELECT format_type(a.atttypid, NULL) INTO t FROM pg_attribute a WHERE a.attrelid = source AND a.attname = accepted;
	IF t <> 'boolean' THEN
		RAISE EXCEPTION 'column "%" of % has type %, but the outcome must be boolean', accepted, source, t
			USING ERRCODE = 'datatype_mismatch', HINT = 'Map the outcome to a boolean in a view; NULL is an unknown outcome.';
	END IF;

	-- one scan of the held-out rows; one recommendation per stratum
	EXECUTE format($q$
		WITH t AS MATERIALIZED (
			SELECT %1$I::text AS s, %2$I::text AS p, %3$I::text AS r, %4$I AS y FROM %5$s
			WHERE %1$I IS NOT NULL AND %2$I IS NOT NULL AND %3$I IS NOT NULL AND %4$I IS NOT NULL),
		k AS (SELECT DISTINCT s, p FROM t),
		rec AS (
			SELECT k.s, k.p, x.remedy AS rec, x.level
			FROM k LEFT JOIN LATERAL (
				SELECT rr.remedy, rr.level FROM complaint_tier.rank_remedies($1, k.s, k.p, $2) rr
				WHERE $3 = 'shrinkage' AND rr.rank = 1
				UNION ALL
				SELECT w.remedy, NULL FROM complaint_tier.recommend_remedy($1, k.s, k.p, $2) w
				WHERE $3 = 'wilson') x ON true),
		tab AS (
			SELECT rec.rec, rec.level, count(*) AS n,
			       count(*) FILTER (WHERE t.r = rec.rec) AS n1, count(*) FILTER (WHERE t.r = rec.rec AND t.y) AS a,
			       count(*) FILTER (WHERE t.r <> rec.rec) AS n0, count(*) FILTER (WHERE t.r <> rec.rec AND t.y) AS c
			FROM t JOIN rec ON rec.s = t.s AND rec.p = t.p
			GROUP BY rec.s, rec.p, rec.rec, rec.level)
		SELECT (SELECT count(*) FROM t) AS test_cases,
		       (SELECT count(DISTINCT y) FROM t) AS outcomes,
		       count(*) AS strata,
		       count(*) FILTER (WHERE rec IS NOT NULL) AS recommended,
		       coalesce(array_agg(a) FILTER (WHERE rec IS NOT NULL), '{}') AS a,
		       coalesce(array_agg(n1) FILTER (WHERE rec IS NOT NULL), '{}') AS n1,
		       coalesce(array_agg(c) FILTER (WHERE rec IS NOT NULL), '{}') AS c,
		       coalesce(array_agg(n0) FILTER (WHERE rec IS NOT NULL), '{}') AS n0,
		       coalesce(sum(n) FILTER (WHERE rec IS NULL OR n1 = 0 OR n0 = 0), 0)::bigint AS not_compared,
		       count(*) FILTER (WHERE level = 'pair' AND n1 > 0 AND n0 > 0) AS pair,
		       count(*) FILTER (WHERE level = 'segment' AND n1 > 0 AND n0 > 0) AS segment,
		       count(*) FILTER (WHERE level = 'all' AND n1 > 0 AND n0 > 0) AS "all"
		FROM tab$q$, segment, problem_type, remedy, accepted, source)
		INTO r USING stats, min_cases, method;
	mh := complaint_tier.mantel_haenszel_rd(r.a, r.n1, r.c, r.n0);
	IF r.outcomes = 1 THEN
		RAISE WARNING 'the outcome "%" takes only one value in the % held-out cases of %', accepted, r.test_cases, source
			USING DETAIL = 'A risk difference of a constant outcome is 0 by construction; no interval is reported.',
			      HINT = 'If the outcome is recorded only when a case closes, recent cases may be censored: validate on a period where both outcomes were recorded.';
	END IF;
	RETURN QUERY SELECT r.test_cases, r.strata, r.recommended, mh.strata,
		mh.cases1, mh.events1, mh.events1::float8 / nullif(mh.cases1, 0),
		mh.cases0, mh.events0, mh.events0::float8 / nullif(mh.cases0, 0),
		r.not_compared,
		CASE WHEN method = 'shrinkage' THEN r.pair END, CASE WHEN method = 'shrinkage' THEN r.segment END,
		CASE WHEN method = 'shrinkage' THEN r."all" END,
		mh.risk_difference,
		CASE WHEN r.outcomes = 2 THEN mh.std_error END,
		CASE WHEN r.outcomes = 2 THEN mh.ci_low END,
		CASE WHEN r.outcomes = 2 THEN mh.ci_high END;
END
$vr$;

COMMENT ON FUNCTION validate_remedy(remedy_stats, regclass, text, text, text, text, int, text) IS
'on a held-out table (columns named by segment, problem_type, remedy and the boolean outcome accepted): the recommended remedy of each (segment, problem type) stratum by method shrinkage (rank_remedies) or wilson (recommend_remedy) with min_cases, and the Mantel-Haenszel difference in the acceptance rate between cases that got it and cases that did not, within the strata, with Sato''s 95% interval; warns when the outcome takes one value (censoring)';
