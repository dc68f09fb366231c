-- Method dea and fuzzy segments in a model (doc/dea_fcm.md, "In a model"):
-- fit's extra step, called once from _fit (130_model_fit.sql) after the
-- weights are known and before the method scores are computed.  Both work
-- on the weighted indicators (global weight > 0), normalised, with NULL
-- inputs imputed, exactly as evaluate() gives them to the per-row DEA
-- score and the segments (src/core/ct_model_dea.c): the points are
-- _normalised_imputed(version, row) (510_logit.sql).

CREATE FUNCTION _fit_dea_segments(v model_version, cfg model, source regclass)
RETURNS model_version
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, complaint_tier
AS $fds$
DECLARE
	has_dea boolean := 'dea' = ANY (v.methods);
	na int;
	pexpr text;
	fr complaint_tier.dea_frontier;
	fc record;
	push boolean;
BEGIN
	IF v IS NULL OR cfg IS NULL OR source IS NULL THEN
		RETURN v;
	END IF;
	v.dea_max_share := NULL;
	v.dea_frontier := NULL;
	v.segments := cfg.segments;
	v.fcm_m := CASE WHEN cfg.segments IS NOT NULL THEN cfg.fcm_m END;
	v.segment_centres := NULL;
	v.segment_sizes := NULL;
	v.segment_iterations := NULL;
	IF NOT has_dea AND cfg.segments IS NULL THEN
		RETURN v;
	END IF;
	SELECT count(*) INTO na FROM unnest(v.ind_global_weight) g WHERE g > 0;
	IF has_dea THEN
		v.dea_max_share := coalesce(cfg.dea_max_share, least(1, 2.0 / na));
		IF v.dea_max_share * na < 1 THEN
			RAISE EXCEPTION 'dea_max_share % of model "%" is below 1 / % weighted indicators', v.dea_max_share, v.model, na
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = 'The shares of a customer''s score sum to 1, so no weighting keeps every share at or below the bound.',
				      HINT = format('Set dea_max_share to at least %s, or leave it out for min(1, 2 / %s).', round(1.0 / na, 6), na);
		END IF;
	END IF;
	IF cfg.segments IS NOT NULL AND cfg.segments > v.row_count THEN
		RAISE EXCEPTION 'model "%" asks for % segments, but % has % rows', v.model, cfg.segments, source, v.row_count
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Ask for at most as many segments as there are distinct customers.';
	END IF;
	-- over foreign partitions, one aggregate per leaf partition shipped
	-- whole, the states merged (835_fit_pushdown_scans.sql)
	push := complaint_tier._fit_pushdown(source);
	pexpr := complaint_tier._fit_points(v, push);
	IF has_dea THEN
		IF v.row_count >= 100000 THEN
			RAISE NOTICE 'fit %: the dea frontier over % after % s', v.model, source,
				round(extract(epoch FROM clock_timestamp() - now())::numeric, 1);
		END IF;
		PERFORM set_config('complaint_tier.progress_phase', format('fit %s, dea frontier', v.model), true);
		EXECUTE complaint_tier._fit_scan_query(source, push, pexpr, 'complaint_tier.dea_frontier',
		                                       'complaint_tier.dea_frontier', 'complaint_tier.merge') INTO fr;
		IF fr IS NULL OR complaint_tier.frontier_size(fr) = 0 THEN
			RAISE EXCEPTION 'no customer of % has a positive weighted indicator: method dea has no frontier', source
				USING ERRCODE = 'invalid_parameter_value',
				      HINT = 'Fit on a more varied population.';
		END IF;
		v.dea_frontier := complaint_tier.frontier_points(fr);
	END IF;
	IF cfg.segments IS NOT NULL THEN
		IF v.row_count >= 100000 THEN
			RAISE NOTICE 'fit %: % fuzzy segments over % after % s', v.model, cfg.segments, source,
				round(extract(epoch FROM clock_timestamp() - now())::numeric, 1);
		END IF;
		-- fuzzy_cmeans's iterations with its defaults (tolerance 1e-4, at
		-- most 100 iterations, seed 1) over the points
		PERFORM set_config('complaint_tier.progress_phase', format('fit %s, fuzzy segments', v.model), true);
		BEGIN
			SELECT * INTO fc FROM complaint_tier._fcm_iterate(
				complaint_tier._fit_scan_query(source, push, pexpr || ', $1, $2', 'complaint_tier.fcm_seed',
				                               'complaint_tier._fcm_seed_state', 'complaint_tier._fcm_seed_merge'),
				complaint_tier._fit_scan_query(source, push, pexpr || ', $1, $2', 'complaint_tier.fcm_stats',
				                               'complaint_tier.fcm_stats', 'complaint_tier.merge'),
				source::text, 'p', cfg.segments, cfg.fcm_m, 1e-4, 100, 1);
		EXCEPTION WHEN invalid_parameter_value THEN
			RAISE EXCEPTION 'model "%" asks for % segments, but the customers of % have fewer distinct weighted indicator values', v.model, cfg.segments, source
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = replace(SQLERRM, ' in column "p"', ' (in the normalised weighted indicators)') || '.',
				      HINT = 'Ask for fewer segments.';
		END;
		v.segment_centres := fc.centres;
		PERFORM set_config('complaint_tier.progress_phase', '', true);
		v.segment_sizes := fc.sizes;
		v.segment_iterations := fc.iterations;
	END IF;
	RETURN v;
END
$fds$;

COMMENT ON FUNCTION _fit_dea_segments(model_version, model, regclass) IS
'internal (fit): method dea''s share bound and frontier (a dea_frontier scan of the weighted indicators) and the fuzzy c-means centres of the segments (fuzzy_cmeans over the same points, deterministic seeding), set in the version being fitted';
