-- test/reference_rows.sql: the function table of doc/reference.md, from the
-- catalog (a temporary view reference_rows, one Markdown row per function
-- and aggregate of the extension).  Used by sql/reference_doc.sql, which
-- fails when the document and the catalog disagree, and to regenerate the
-- table:  psql -X -At -c '\i test/reference_rows.sql' -c 'SELECT line FROM reference_rows'
CREATE TEMP VIEW reference_rows AS
SELECT format('| `%s(%s)` | %s | %s | %s | %s |',
			  p.proname, pg_get_function_identity_arguments(p.oid),
			  CASE p.prokind WHEN 'a' THEN 'aggregate' WHEN 'p' THEN 'procedure' ELSE 'function' END,
			  CASE p.provolatile WHEN 'i' THEN 'IMMUTABLE' WHEN 's' THEN 'STABLE' ELSE 'VOLATILE' END,
			  CASE WHEN p.prokind = 'a' THEN '—' WHEN p.proisstrict THEN 'STRICT' ELSE 'CALLED ON NULL INPUT' END,
			  CASE p.proparallel WHEN 's' THEN 'SAFE' WHEN 'r' THEN 'RESTRICTED' ELSE 'UNSAFE' END) AS line
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'complaint_tier'
ORDER BY p.proname COLLATE "C", pg_get_function_identity_arguments(p.oid) COLLATE "C";
