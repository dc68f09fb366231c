-- complaint_tier install script, assembled by the Makefile from src/sql/*.sql.
-- Everything lives in schema complaint_tier (see complaint_tier.control).

\echo Use "CREATE EXTENSION complaint_tier" to load this file. \quit

-- Analysts and BI roles call the functions and read the catalogue without
-- owning anything; writes to the catalogue stay with the owner.
GRANT USAGE ON SCHEMA complaint_tier TO PUBLIC;
