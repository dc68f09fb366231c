-- doc/reference.md states the volatility, strictness and parallel safety of
-- every function and aggregate: it must agree with the catalog, row for row
-- (regenerate the table with test/reference_rows.sql when a function changes).
\set ECHO none
\i test/reference_rows.sql
\set ECHO all
CREATE TEMP TABLE reference_doc (line text);
\copy reference_doc FROM 'doc/reference.md' (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02')
-- rows of the catalog missing from the document, and rows of the document
-- that the catalog does not have (both empty)
SELECT 'not in doc/reference.md' AS problem, line FROM reference_rows
EXCEPT SELECT 'not in doc/reference.md', line FROM reference_doc
UNION ALL
(SELECT 'not in the catalog', line FROM reference_doc WHERE line LIKE '| `%'
 EXCEPT SELECT 'not in the catalog', line FROM reference_rows)
ORDER BY 1, 2;
-- what the table says, in numbers
SELECT split_part(line, ' | ', 3) AS volatility, split_part(line, ' | ', 2) AS kind, count(*)
FROM reference_rows GROUP BY 1, 2 ORDER BY 1, 2;
-- every column of the extension's composite types has a comment
SELECT t.typname, a.attname
FROM pg_type t
JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
JOIN pg_attribute a ON a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
WHERE t.typnamespace = 'complaint_tier'::regnamespace AND col_description(t.typrelid, a.attnum) IS NULL;
SELECT t.typname, count(*) AS commented_columns
FROM pg_type t
JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
JOIN pg_attribute a ON a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
WHERE t.typnamespace = 'complaint_tier'::regnamespace AND col_description(t.typrelid, a.attnum) IS NOT NULL
GROUP BY 1 ORDER BY 1;
