-- Robustness sweep over every function and aggregate of the extension:
-- each is called many times with hostile arguments (NULL, NaN, +-Infinity,
-- empty, 2-D, mismatched and oversized arrays, unknown names, non-1 lower
-- bounds). Any error is fine as long as it carries a proper SQLSTATE: the
-- sweep fails on XX000 (internal error), and a crash fails the whole run.
-- Functions with argument types outside the pool (regclass, record,
-- the extension's own types) are covered by their own test files.
SET search_path = complaint_tier, public;
SET client_min_messages = warning;

CREATE TEMP TABLE robustness_pool (typ regtype, val text);
INSERT INTO robustness_pool VALUES
	('float8', '0'), ('float8', '0.5'), ('float8', '1'), ('float8', '-1'),
	('float8', '1e308'), ('float8', '-1e-320'), ('float8', 'NaN'),
	('float8', 'Infinity'), ('float8', '-Infinity'), ('float8', NULL),
	('float8[]', '{}'), ('float8[]', '{NULL}'), ('float8[]', '{1}'),
	('float8[]', '{0.2,0.5,0.3}'), ('float8[]', '{1,2}'), ('float8[]', '{0,0,0}'),
	('float8[]', '{-1,2,3}'), ('float8[]', '{NaN,1}'), ('float8[]', '{1,Infinity}'),
	('float8[]', '{{1,2},{3,4}}'), ('float8[]', '{{1,3,5},{0.333,1,2},{0.2,0.5,1}}'),
	('float8[]', '{{1,0},{0,1}}'), ('float8[]', '{{{1}}}'), ('float8[]', '[0:2]={3,1,2}'),
	('float8[]', '{1e308,-1e308,1e308}'), ('float8[]', '{1,1,1,1}'), ('float8[]', NULL),
	('text', 'benefit'), ('text', 'cost'), ('text', ''), ('text', 'bogus'),
	('text', 'eigenvector'), ('text', 'min_max'), ('text', NULL),
	('text[]', '{}'), ('text[]', '{NULL}'), ('text[]', '{a,b}'), ('text[]', '{a,a}'),
	('text[]', '{a,b,c}'), ('text[]', '{{a,b},{c,d}}'), ('text[]', NULL),
	('integer', '0'), ('integer', '-1'), ('integer', '3'), ('integer', NULL),
	('boolean', 'true'), ('boolean', NULL),
	('jsonb', '{}'), ('jsonb', '[]'), ('jsonb', 'null'), ('jsonb', '{"a": 1}'), ('jsonb', NULL);

CREATE TEMP TABLE robustness_result (fn text, call text, state text);

DO $$
DECLARE
	f record;
	i int;
	args text[];
	call text;
	st text;
	t regtype;
	v text;
BEGIN
	PERFORM setseed(0.42);
	FOR f IN
		SELECT p.oid, p.proname, p.prokind, p.proargtypes::regtype[] AS types
		FROM pg_proc p
		JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
		JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'complaint_tier'
		WHERE p.prokind IN ('f', 'a')
		  AND p.pronargs > 0
		  AND NOT EXISTS (SELECT 1 FROM unnest(p.proargtypes::regtype[]) a(t)
						  WHERE a.t NOT IN (SELECT DISTINCT typ FROM robustness_pool))
		  AND (p.prokind = 'f' OR p.pronargs = 1)
		ORDER BY p.oid
	LOOP
		FOR i IN 1..250 LOOP
			args := '{}';
			FOREACH t IN ARRAY f.types LOOP
				SELECT val INTO v FROM robustness_pool WHERE typ = t ORDER BY random() LIMIT 1;
				args := args || (CASE WHEN v IS NULL THEN 'NULL' ELSE quote_literal(v) END || '::' || t::text);
			END LOOP;
			IF f.prokind = 'a' THEN
				call := format('SELECT complaint_tier.%I(x) FROM (VALUES (%s), (%s)) s(x)',
							   f.proname, args[1], args[1]);
			ELSE
				call := format('SELECT complaint_tier.%I(%s)', f.proname, array_to_string(args, ', '));
			END IF;
			BEGIN
				EXECUTE call;
				st := '00000';
			EXCEPTION WHEN OTHERS THEN
				GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
			END;
			INSERT INTO robustness_result VALUES (f.proname, call, st);
		END LOOP;
	END LOOP;
END
$$;

-- enough of the API was swept
SELECT count(DISTINCT fn) >= 5 AS swept_functions FROM robustness_result;
-- some calls succeed, some fail cleanly
SELECT count(*) FILTER (WHERE state = '00000') > 0 AS some_succeed,
	   count(*) FILTER (WHERE state <> '00000') > 0 AS some_fail
FROM robustness_result;
-- no internal errors: this must list nothing
SELECT fn, call FROM robustness_result WHERE state = 'XX000' OR state LIKE '58%' ORDER BY 1, 2 LIMIT 20;
