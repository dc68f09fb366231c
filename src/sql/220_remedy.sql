-- Remedy learning from handling history (domain.md section 3.5;
-- doc/validation.md): the remedy_stats state type, its aggregate, roll-up
-- and the Wilson-bound recommendation.

CREATE TYPE remedy_stats;

CREATE FUNCTION remedy_stats_in(cstring)
RETURNS remedy_stats
AS 'MODULE_PATHNAME', 'ct_remedy_stats_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION remedy_stats_out(remedy_stats)
RETURNS cstring
AS 'MODULE_PATHNAME', 'ct_remedy_stats_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION remedy_stats_recv(internal)
RETURNS remedy_stats
AS 'MODULE_PATHNAME', 'ct_remedy_stats_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION remedy_stats_send(remedy_stats)
RETURNS bytea
AS 'MODULE_PATHNAME', 'ct_remedy_stats_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE remedy_stats (
	INPUT = remedy_stats_in,
	OUTPUT = remedy_stats_out,
	RECEIVE = remedy_stats_recv,
	SEND = remedy_stats_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE remedy_stats IS
'handling-history counts per (segment, problem type, remedy): cases with a known outcome, accepted, satisfaction cases and sum; text form is JSON (castable to jsonb) with a format number';
COMMENT ON FUNCTION remedy_stats_in(cstring) IS 'text input of remedy_stats (JSON form, format 1)';
COMMENT ON FUNCTION remedy_stats_out(remedy_stats) IS 'text output of remedy_stats (JSON form, format 1, entries in key order)';
COMMENT ON FUNCTION remedy_stats_recv(internal) IS 'binary input of remedy_stats';
COMMENT ON FUNCTION remedy_stats_send(remedy_stats) IS 'binary output of remedy_stats';

CREATE FUNCTION remedy_stats_accum(remedy_stats, text, text, text, boolean, float8)
RETURNS remedy_stats
AS 'MODULE_PATHNAME', 'ct_remedy_stats_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION remedy_stats_combine(remedy_stats, remedy_stats)
RETURNS remedy_stats
AS 'MODULE_PATHNAME', 'ct_remedy_stats_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION remedy_stats_final(remedy_stats)
RETURNS remedy_stats
AS 'MODULE_PATHNAME', 'ct_remedy_stats_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION remedy_stats_accum(remedy_stats, text, text, text, boolean, float8) IS
'transition function of the remedy_stats aggregate';
COMMENT ON FUNCTION remedy_stats_combine(remedy_stats, remedy_stats) IS
'sum of two remedy_stats states (combine function; NULL is the empty state)';
COMMENT ON FUNCTION remedy_stats_final(remedy_stats) IS
'final function of the remedy_stats aggregate: a compact copy of the state';

CREATE AGGREGATE remedy_stats(segment text, problem_type text, remedy text, accepted boolean, satisfaction float8) (
	SFUNC = remedy_stats_accum,
	STYPE = remedy_stats,
	COMBINEFUNC = remedy_stats_combine,
	FINALFUNC = remedy_stats_final,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE remedy_stats(text, text, text, boolean, float8) IS
'handling history per (segment, problem type, remedy): accepted NULL is an unknown outcome (not counted in cases), satisfaction NULL is not scored; rows with a NULL key are skipped';

CREATE AGGREGATE merge(remedy_stats) (
	SFUNC = remedy_stats_combine,
	STYPE = remedy_stats,
	COMBINEFUNC = remedy_stats_combine,
	FINALFUNC = remedy_stats_final,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE merge(remedy_stats) IS
'roll-up of stored remedy_stats states (partitions, periods, shards)';

CREATE FUNCTION remedy_table(stats remedy_stats,
	OUT segment text, OUT problem_type text, OUT remedy text, OUT cases bigint,
	OUT accepted bigint, OUT acceptance float8, OUT wilson_lower float8,
	OUT satisfaction_cases bigint, OUT mean_satisfaction float8)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'ct_remedy_table_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;

COMMENT ON FUNCTION remedy_table(remedy_stats) IS
'one row per (segment, problem type, remedy) of a remedy_stats state: counts, acceptance = accepted/cases, 95% Wilson lower bound of acceptance, mean satisfaction';

CREATE FUNCTION recommend_remedy(stats remedy_stats, segment text, problem_type text,
	OUT remedy text, OUT cases bigint, OUT acceptance float8, OUT wilson_lower float8,
	OUT mean_satisfaction float8)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'ct_recommend_remedy_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1;

CREATE FUNCTION recommend_remedy(stats remedy_stats, segment text, problem_type text, min_cases int,
	OUT remedy text, OUT cases bigint, OUT acceptance float8, OUT wilson_lower float8,
	OUT mean_satisfaction float8)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'ct_recommend_remedy_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1;

COMMENT ON FUNCTION recommend_remedy(remedy_stats, text, text) IS
'the remedy with the best 95% Wilson lower bound of acceptance for (segment, problem type) among remedies with at least 30 known outcomes; no row when none qualifies';
COMMENT ON FUNCTION recommend_remedy(remedy_stats, text, text, int) IS
'the remedy with the best 95% Wilson lower bound of acceptance for (segment, problem type) among remedies with at least min_cases known outcomes (ties: more cases, then remedy name); no row when none qualifies';
