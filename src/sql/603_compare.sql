-- Governance, part 4: what changes if a version is activated
-- (doc/governance.md, "compare").
--
-- fit() stores, beside the fitted parameters, the fitted population's
-- distribution of the combined score and of every indicator (hist_bins,
-- hist_edges, hist_counts: _fit_histograms).  compare(model, a, b, source)
-- evaluates the source under both versions: the tier migration matrix, the
-- strategies whose recipients change, and the population stability index of
-- the score (under version a) and of each indicator between version a's
-- fitted population and the source, normally the table version b was
-- fitted on.

CREATE FUNCTION _hist_counters(item int, bins int)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT string_agg(format('count(*) FILTER (WHERE b%s = %s)', item, b), ', ' ORDER BY b)
        FROM generate_series(0, bins - 1) b) || format(', count(*) FILTER (WHERE b%s IS NULL)', item);

COMMENT ON FUNCTION _hist_counters(int, int) IS
'internal (_fit_histograms): the aggregates that count the rows in bins 0 .. bins - 1 of column b<item>, then its NULLs';

CREATE FUNCTION compare(model text, version_a int, version_b int, source regclass)
RETURNS TABLE (
	section text,
	item text,
	to_tier text,
	customers bigint,
	customers_b bigint,
	gained bigint,
	lost bigint,
	psi float8,
	flag text
)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $fn$
#variable_conflict use_column
DECLARE
	va complaint_tier.version_catalogue;
	vb complaint_tier.version_catalogue;
	src text := source::text;
	n int;
	bsel text[] := '{}';
	off int;
	col text;
	ty text;
	lv text[];
	total bigint;
	mig jsonb;
	strat jsonb;
	csel text[] := '{}';
	acnt bigint[];
	x jsonb;
	e float8;
	a float8;
	p float8;
	ne int;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM complaint_tier.model m WHERE m.name = compare.model) THEN
		RAISE EXCEPTION 'model "%" does not exist', compare.model
			USING ERRCODE = 'undefined_object', HINT = 'The models are listed in complaint_tier.model.';
	END IF;
	SELECT * INTO va FROM complaint_tier.version_catalogue vc
	WHERE vc.model = compare.model AND vc.version = version_a AND vc.state = 'ready';
	SELECT * INTO vb FROM complaint_tier.version_catalogue vc
	WHERE vc.model = compare.model AND vc.version = version_b AND vc.state = 'ready';
	IF va.version IS NULL OR vb.version IS NULL THEN
		RAISE EXCEPTION 'version % of model "%" does not exist', CASE WHEN va.version IS NULL THEN version_a ELSE version_b END, compare.model
			USING ERRCODE = 'undefined_object', HINT = 'The fitted versions are listed in complaint_tier.version_catalogue.';
	END IF;
	IF NOT has_table_privilege(source, 'SELECT') THEN
		RAISE EXCEPTION 'permission denied for table %', src
			USING ERRCODE = 'insufficient_privilege',
			      DETAIL = format('compare reads the source with the privileges of %s.', current_user);
	END IF;
	IF NOT va.statistics_visible THEN
		RAISE EXCEPTION 'permission denied to compare with version % of model "%"', version_a, compare.model
			USING ERRCODE = 'insufficient_privilege',
			      DETAIL = 'The population stability index compares the source with the population version ' || version_a
			               || ' was fitted on, whose statistics only roles that may read that table see.';
	END IF;
	IF va.hist_bins IS NULL THEN
		RAISE EXCEPTION 'version % of model "%" has no stored distributions', version_a, compare.model
			USING ERRCODE = 'object_not_in_prerequisite_state',
			      DETAIL = 'It was fitted before complaint_tier 0.2.0.',
			      HINT = 'Fit the model again and compare with the new version.';
	END IF;

	-- per source row, the bin of every item in version a's histograms: the
	-- score under version a, then each indicator's own column
	n := cardinality(va.ind_name);
	bsel := bsel || format('width_bucket(ea.score, %L::float8[]) AS b1', coalesce(va.hist_edges[1 : va.hist_bins[1] - 1], '{}'));
	csel := csel || complaint_tier._hist_counters(1, va.hist_bins[1]);
	off := va.hist_bins[1] - 1;
	FOR j IN 1..n LOOP
		col := va.ind_column[j];
		IF va.ind_kind[j] = 1 THEN
			lv := va.levels[va.ind_level_start[j] + 1 : va.ind_level_start[j] + va.ind_level_count[j]];
			ty := format('complaint_tier._level_position((s.%I)::text, %L::text[])', col, lv);
		ELSE
			SELECT CASE WHEN coalesce(nullif(t.typbasetype, 0), t.oid) = 'boolean'::regtype THEN '(s.%I)::int::float8' ELSE '(s.%I)::float8' END
			INTO ty FROM pg_attribute at JOIN pg_type t ON t.oid = at.atttypid
			WHERE at.attrelid = source AND at.attname = col AND at.attnum > 0 AND NOT at.attisdropped;
			ty := format(coalesce(ty, '(s.%I)::float8'), col);
		END IF;
		ne := va.hist_bins[j + 1] - 1;
		bsel := bsel || format('width_bucket(%s, %L::float8[]) AS b%s', ty,
		                       coalesce(va.hist_edges[off + 1 : off + ne], '{}'), j + 1);
		csel := csel || complaint_tier._hist_counters(j + 1, va.hist_bins[j + 1]);
		off := off + ne;
	END LOOP;

	EXECUTE format($q$
		WITH ev AS MATERIALIZED (
			SELECT ea.tier AS ta, eb.tier AS tb, ea.strategies AS sa, eb.strategies AS sb, %s
			FROM %s AS s CROSS JOIN LATERAL complaint_tier.evaluate($1, $2, s) AS ea
			             CROSS JOIN LATERAL complaint_tier.evaluate($1, $3, s) AS eb
		)
		SELECT (SELECT count(*) FROM ev),
		       (SELECT jsonb_object_agg(coalesce(m.ta, '') || E'\n' || coalesce(m.tb, ''), m.c)
		        FROM (SELECT ev.ta, ev.tb, count(*) AS c FROM ev GROUP BY 1, 2) m),
		       (SELECT jsonb_agg(jsonb_build_array(k.code, k.ca, k.cb, k.g, k.l) ORDER BY k.code COLLATE "C")
		        FROM (SELECT c.code,
		                     count(*) FILTER (WHERE c.a) AS ca,
		                     count(*) FILTER (WHERE c.b) AS cb,
		                     count(*) FILTER (WHERE c.b AND NOT c.a) AS g,
		                     count(*) FILTER (WHERE c.a AND NOT c.b) AS l
		              FROM ev CROSS JOIN LATERAL (SELECT DISTINCT u.code, u.code = ANY (ev.sa) AS a, u.code = ANY (ev.sb) AS b
		                                          FROM unnest(ev.sa || ev.sb) u(code)) c
		              GROUP BY c.code) k
		        WHERE k.g > 0 OR k.l > 0),
		       (SELECT ARRAY[%s]::bigint[] FROM ev)
	$q$, array_to_string(bsel, ', '), src, array_to_string(csel, ', '))
		INTO total, mig, strat, acnt USING compare.model, version_a, version_b;
	IF total = 0 THEN
		RAISE EXCEPTION 'source % has no rows', src
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Compare on a population of customers, normally the table version ' || version_b || ' was fitted on.';
	END IF;

	-- the tier migration matrix, every cell in tier order
	FOR i IN 1..cardinality(va.tier_labels) LOOP
		FOR j IN 1..cardinality(vb.tier_labels) LOOP
			RETURN QUERY SELECT 'tier'::text, va.tier_labels[i], vb.tier_labels[j],
			                    coalesce((mig ->> (va.tier_labels[i] || E'\n' || vb.tier_labels[j]))::bigint, 0),
			                    NULL::bigint, NULL::bigint, NULL::bigint, NULL::float8, NULL::text;
		END LOOP;
	END LOOP;

	-- the strategies whose recipients change
	FOR x IN SELECT jsonb_array_elements(coalesce(strat, '[]')) LOOP
		RETURN QUERY SELECT 'strategy'::text, x ->> 0, NULL::text, (x ->> 1)::bigint, (x ->> 2)::bigint,
		                    (x ->> 3)::bigint, (x ->> 4)::bigint, NULL::float8, NULL::text;
	END LOOP;

	-- PSI = sum over the bins (the NULL bin included) of (A - E) ln(A / E),
	-- E the share in version a's fitted population, A the share in the
	-- source; a bin empty on both sides is left out, a share of 0 on one side
	-- counts as 0.0001
	off := 0;
	FOR i IN 1..n + 1 LOOP
		p := 0;
		FOR b IN 0..va.hist_bins[i] LOOP
			e := va.hist_counts[off + b + 1]::float8 / va.row_count;
			a := acnt[off + b + 1]::float8 / total;
			IF e > 0 OR a > 0 THEN
				e := greatest(e, 0.0001);
				a := greatest(a, 0.0001);
				p := p + (a - e) * ln(a / e);
			END IF;
		END LOOP;
		off := off + va.hist_bins[i] + 1;
		RETURN QUERY SELECT 'psi'::text, CASE WHEN i = 1 THEN 'score' ELSE va.ind_name[i - 1] END, NULL::text,
		                    NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, p,
		                    CASE WHEN p < 0.1 THEN 'stable' WHEN p < 0.25 THEN 'moderate shift' ELSE 'significant shift' END;
	END LOOP;
END
$fn$;

COMMENT ON FUNCTION compare(text, int, int, regclass) IS
'what activating version_b instead of version_a changes, over a source (normally the table version_b was fitted on): section tier, the migration matrix (customers = customers in tier item under version_a and to_tier under version_b); section strategy, each strategy whose recipients change (customers and customers_b = customers given it under version_a and version_b, gained, lost); section psi, the population stability index of the score under version_a and of each indicator between version_a''s fitted population and the source, in version_a''s bins (flag: stable < 0.1 <= moderate shift < 0.25 <= significant shift); needs SELECT on the source and on version_a''s source';
