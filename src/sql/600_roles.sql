-- Governance (doc/governance.md), part 1: the three levels, as NOLOGIN
-- roles that each include the level below.  Roles belong to the cluster,
-- not to a database: a second CREATE EXTENSION (another database) finds
-- them and keeps them, and DROP EXTENSION leaves them.  Creating them needs
-- CREATEROLE (CREATE EXTENSION complaint_tier needs a superuser anyway).
-- A role of one of these names that can log in or is a superuser is
-- refused rather than adopted: its members would get the level silently.
--
--   GRANT complaint_tier_use    TO analyst;   -- evaluate, explain, fairness, compare, tier views
--   GRANT complaint_tier_model  TO modeller;  -- + define models and fit candidate versions
--   GRANT complaint_tier_govern TO lead;      -- + activate versions, change rules, edit shipped rows

DO $roles$
DECLARE
	lv text[] := ARRAY['complaint_tier_use', 'complaint_tier_model', 'complaint_tier_govern'];
	r record;
BEGIN
	FOR i IN 1..3 LOOP
		SELECT rolcanlogin, rolsuper INTO r FROM pg_catalog.pg_roles WHERE rolname = lv[i];
		IF NOT FOUND THEN
			EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', lv[i]);
		ELSIF r.rolcanlogin OR r.rolsuper THEN
			RAISE EXCEPTION 'role "%" exists and can log in or is a superuser', lv[i]
				USING ERRCODE = 'object_not_in_prerequisite_state',
				      DETAIL = 'complaint_tier grants its levels to NOLOGIN roles of these names.',
				      HINT = pg_catalog.format('Rename or alter that role (ALTER ROLE %I NOLOGIN NOSUPERUSER) before CREATE EXTENSION.', lv[i]);
		END IF;
		IF i > 1 AND NOT pg_catalog.pg_has_role(lv[i], lv[i - 1], 'MEMBER') THEN
			EXECUTE pg_catalog.format('GRANT %I TO %I', lv[i - 1], lv[i]);
		END IF;
	END LOOP;
END
$roles$;
