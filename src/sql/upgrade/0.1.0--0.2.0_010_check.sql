-- complaint_tier 0.1.0 -> 0.2.0 (part 1 of the upgrade script, assembled by
-- the Makefile from src/sql/upgrade/0.1.0--0.2.0.parts).
--
-- 0.2.0 changes the row evaluate() returns (one type for every model, with
-- dimension and classification arrays) and the signatures of fit's helpers.
-- PostgreSQL cannot change the result type of a function a view uses, so the
-- update refuses to run while user views or functions depend on evaluate(),
-- explain() or the evaluation type, and names them: drop them, update, and
-- recreate them (complaint_tier.create_tier_view() gives named columns).
\echo Use "ALTER EXTENSION complaint_tier UPDATE TO '0.2.0'" to load this file. \quit

DO $upgrade_check$
DECLARE
	deps text;
BEGIN
	SELECT string_agg(DISTINCT CASE c.relkind WHEN 'm' THEN 'materialized view ' WHEN 'v' THEN 'view ' ELSE '' END
	                  || c.oid::regclass::text, ', ')
	INTO deps
	FROM pg_catalog.pg_depend d
	JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND r.oid = d.objid
	JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
	WHERE (d.refclassid = 'pg_catalog.pg_proc'::regclass
	       AND d.refobjid IN (SELECT p.oid FROM pg_catalog.pg_proc p
	                          WHERE p.pronamespace = 'complaint_tier'::regnamespace
	                            AND p.proname IN ('evaluate', 'explain', '_normalised', '_fit_scores', '_combine', 'fit', 'activate')))
	   OR (d.refclassid = 'pg_catalog.pg_class'::regclass
	       AND d.refobjid = (SELECT t.typrelid FROM pg_catalog.pg_type t
	                         WHERE t.typnamespace = 'complaint_tier'::regnamespace AND t.typname = 'evaluation'));
	IF deps IS NULL THEN
		SELECT string_agg(DISTINCT p.oid::regprocedure::text, ', ')
		INTO deps
		FROM pg_catalog.pg_depend d
		JOIN pg_catalog.pg_proc p ON d.classid = 'pg_catalog.pg_proc'::regclass AND p.oid = d.objid
		WHERE d.refclassid = 'pg_catalog.pg_type'::regclass
		  AND d.refobjid = 'complaint_tier.evaluation'::regtype
		  AND p.pronamespace <> 'complaint_tier'::regnamespace;
	END IF;
	IF deps IS NOT NULL THEN
		RAISE EXCEPTION 'complaint_tier 0.2.0 changes the row evaluate() returns; these objects use it: %', deps
			USING ERRCODE = 'dependent_objects_still_exist',
			      DETAIL = 'evaluate() now returns score, tier, dimension_names, dimension_scores, dimension_tiers, class_names, class_labels and the strategy columns for every model.',
			      HINT = 'Drop them, run ALTER EXTENSION complaint_tier UPDATE again, and recreate them; complaint_tier.create_tier_view(model, source, view_name, materialized) publishes named columns (value_score, lifecycle_stage, ...).';
	END IF;
END
$upgrade_check$;
