-- Data envelopment analysis building blocks (doc/dea_fcm.md): the
-- dea_frontier state type and its one-pass aggregates, benefit-of-the-doubt
-- scores against a frontier, and the general CCR model.

CREATE TYPE dea_frontier;

CREATE FUNCTION dea_frontier_in(cstring)
RETURNS dea_frontier
AS 'MODULE_PATHNAME', 'ct_dea_frontier_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION dea_frontier_out(dea_frontier)
RETURNS cstring
AS 'MODULE_PATHNAME', 'ct_dea_frontier_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION dea_frontier_recv(internal)
RETURNS dea_frontier
AS 'MODULE_PATHNAME', 'ct_dea_frontier_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION dea_frontier_send(dea_frontier)
RETURNS bytea
AS 'MODULE_PATHNAME', 'ct_dea_frontier_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE dea_frontier (
	INPUT = dea_frontier_in,
	OUTPUT = dea_frontier_out,
	RECEIVE = dea_frontier_recv,
	SEND = dea_frontier_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE dea_frontier IS
'mergeable one-pass DEA frontier of m normalised indicators (m <= 64): the vertices of the upper-right hull of the rows seen (at most 4,096 points), and the row count; versioned text form v1;m=..;rows=..;n=..;p=..';
COMMENT ON FUNCTION dea_frontier_in(cstring) IS
'text input of dea_frontier: the versioned v1;m=..;rows=..;n=..;p=.. form, checked for syntax and consistency';
COMMENT ON FUNCTION dea_frontier_out(dea_frontier) IS
'text output of dea_frontier: v1;m=..;rows=..;n=..;p=.. with the points row by row as shortest exact floats (round-trips bit for bit)';
COMMENT ON FUNCTION dea_frontier_recv(internal) IS
'binary input of dea_frontier: version byte, int4 m, float8 rows, int4 n, n x m float8; checked like text input';
COMMENT ON FUNCTION dea_frontier_send(dea_frontier) IS
'binary output of dea_frontier: version byte, int4 m, float8 rows, int4 n, n x m float8';

CREATE FUNCTION dea_frontier_accum(dea_frontier, float8[])
RETURNS dea_frontier
AS 'MODULE_PATHNAME', 'ct_dea_frontier_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dea_frontier_accum(dea_frontier, float8[]) IS
'transition function of dea_frontier(float8[]): keeps a row only if no kept point dominates it and it scores above 1 against them; prunes when the state has doubled (NULL arrays skipped; updates the state in place inside an aggregate)';

CREATE FUNCTION dea_frontier_combine(dea_frontier, dea_frontier)
RETURNS dea_frontier
AS 'MODULE_PATHNAME', 'ct_dea_frontier_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dea_frontier_combine(dea_frontier, dea_frontier) IS
'merges two dea_frontier states: the union of their points, pruned to the hull vertices; NULL is the empty state';

CREATE FUNCTION dea_frontier_final(dea_frontier)
RETURNS dea_frontier
AS 'MODULE_PATHNAME', 'ct_dea_frontier_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dea_frontier_final(dea_frontier) IS
'final function of dea_frontier and merge(dea_frontier): the pruned frontier in canonical (descending lexicographic) order, compact';

CREATE AGGREGATE dea_frontier(v float8[]) (
	SFUNC = dea_frontier_accum,
	STYPE = dea_frontier,
	FINALFUNC = dea_frontier_final,
	COMBINEFUNC = dea_frontier_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE dea_frontier(float8[]) IS
'one-pass DEA frontier of normalised indicator arrays (values >= 0, the same length in every row; NULL arrays skipped): the points of the upper-right hull that constrain benefit-of-the-doubt scores, in canonical order';

CREATE AGGREGATE merge(dea_frontier) (
	SFUNC = dea_frontier_combine,
	STYPE = dea_frontier,
	FINALFUNC = dea_frontier_final,
	COMBINEFUNC = dea_frontier_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE merge(dea_frontier) IS
'roll-up of stored dea_frontier states (daily partitions, shards): the frontier of all their rows';

CREATE FUNCTION frontier_points(f dea_frontier)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_frontier_points_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontier_points(dea_frontier) IS
'the frontier points as an n x m float8[][] (the frontier argument of dea_bod); empty when no row has a positive value';

CREATE FUNCTION frontier_size(f dea_frontier)
RETURNS int
AS 'MODULE_PATHNAME', 'ct_frontier_size_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontier_size(dea_frontier) IS
'number of frontier points';

CREATE FUNCTION frontier_rows(f dea_frontier)
RETURNS bigint
AS 'MODULE_PATHNAME', 'ct_frontier_rows_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontier_rows(dea_frontier) IS
'number of (non-NULL) rows the frontier was computed from';

CREATE FUNCTION dea_bod(v float8[], frontier float8[], lower float8[] DEFAULT NULL, upper float8[] DEFAULT NULL)
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_dea_bod_sql'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION dea_bod(float8[], float8[], float8[], float8[]) IS
'benefit-of-the-doubt DEA score: max_w w.v subject to w.y <= 1 for every frontier point y and w >= 0, optionally with pie-share bounds lower_j <= w_j v_j / w.v <= upper_j (NULL: no bound); NULL v or frontier give NULL';

CREATE FUNCTION dea_bod_explain(v float8[], frontier float8[], lower float8[] DEFAULT NULL, upper float8[] DEFAULT NULL,
                                OUT score float8, OUT weights float8[], OUT shares float8[],
                                OUT peers int[], OUT peer_weights float8[])
RETURNS record
AS 'MODULE_PATHNAME', 'ct_dea_bod_explain_sql'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION dea_bod_explain(float8[], float8[], float8[], float8[]) IS
'the BoD score with the weights chosen, each indicator''s share of the score (w_j v_j / score), and the frontier points that bind (1-based rows of frontier) with their dual weights lambda';

CREATE FUNCTION dea_ccr(inputs float8[], outputs float8[], orientation text DEFAULT 'input')
RETURNS TABLE(dmu int, efficiency float8, lambdas float8[])
AS 'MODULE_PATHNAME', 'ct_dea_ccr_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dea_ccr(float8[], float8[], text) IS
'CCR data envelopment analysis (Charnes, Cooper and Rhodes 1978) of n units (rows of inputs and outputs, at most 4,096 units and 64 columns together): per unit the input-oriented theta in [0, 1] or the output-oriented phi >= 1 (NULL for a unit without outputs) and one optimal lambda of the envelopment form';
