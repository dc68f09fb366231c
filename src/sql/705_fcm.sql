-- Fuzzy c-means building blocks (doc/dea_fcm.md): the fcm_stats state type
-- of one iteration, the seeding aggregate, memberships, and the driver
-- fuzzy_cmeans() that iterates the scans.

CREATE TYPE fcm_stats;

CREATE FUNCTION fcm_stats_in(cstring)
RETURNS fcm_stats
AS 'MODULE_PATHNAME', 'ct_fcm_stats_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fcm_stats_out(fcm_stats)
RETURNS cstring
AS 'MODULE_PATHNAME', 'ct_fcm_stats_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fcm_stats_recv(internal)
RETURNS fcm_stats
AS 'MODULE_PATHNAME', 'ct_fcm_stats_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fcm_stats_send(fcm_stats)
RETURNS bytea
AS 'MODULE_PATHNAME', 'ct_fcm_stats_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE fcm_stats (
	INPUT = fcm_stats_in,
	OUTPUT = fcm_stats_out,
	RECEIVE = fcm_stats_recv,
	SEND = fcm_stats_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE fcm_stats IS
'sufficient statistics of one fuzzy c-means iteration (k <= 64 clusters, d <= 256 coordinates): the centres and m it ran with, rows, objective, per cluster sum u, sum u^m and sum u^m x; versioned text form v1;k=..;d=..;...';
COMMENT ON FUNCTION fcm_stats_in(cstring) IS
'text input of fcm_stats: the versioned v1;k=..;d=.. form, checked for syntax and consistency';
COMMENT ON FUNCTION fcm_stats_out(fcm_stats) IS
'text output of fcm_stats with shortest exact floats (round-trips bit for bit)';
COMMENT ON FUNCTION fcm_stats_recv(internal) IS
'binary input of fcm_stats: version byte, int4 k, int4 d, float8 values; checked like text input';
COMMENT ON FUNCTION fcm_stats_send(fcm_stats) IS
'binary output of fcm_stats: version byte, int4 k, int4 d, float8 values';

CREATE FUNCTION fcm_stats_accum(fcm_stats, float8[], float8[], float8)
RETURNS fcm_stats
AS 'MODULE_PATHNAME', 'ct_fcm_stats_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION fcm_stats_accum(fcm_stats, float8[], float8[], float8) IS
'transition function of fcm_stats(v, centres, m): adds one point''s memberships (NULL arrays skipped; updates the state in place inside an aggregate)';

CREATE FUNCTION fcm_stats_combine(fcm_stats, fcm_stats)
RETURNS fcm_stats
AS 'MODULE_PATHNAME', 'ct_fcm_stats_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION fcm_stats_combine(fcm_stats, fcm_stats) IS
'merges two fcm_stats states of one iteration (sums); states of different centres or m are refused; NULL is the empty state';

CREATE AGGREGATE fcm_stats(v float8[], centres float8[], m float8) (
	SFUNC = fcm_stats_accum,
	STYPE = fcm_stats,
	COMBINEFUNC = fcm_stats_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fcm_stats(float8[], float8[], float8) IS
'one fuzzy c-means iteration over the points v against the k x d centres with fuzzifier m (the same centres and m in every row): the sums that give the next centres (fcm_centres)';

CREATE AGGREGATE merge(fcm_stats) (
	SFUNC = fcm_stats_combine,
	STYPE = fcm_stats,
	COMBINEFUNC = fcm_stats_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE merge(fcm_stats) IS
'roll-up of fcm_stats states of one iteration (partitions, shards): equal to one fcm_stats over all their rows';

CREATE FUNCTION fcm_centres(s fcm_stats)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fcm_centres_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fcm_centres(fcm_stats) IS
'the next centres, k x d: sum u^m x / sum u^m per cluster; a cluster without weight keeps its centre (NOTICE)';

CREATE FUNCTION fcm_shift(s fcm_stats)
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_fcm_shift_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fcm_shift(fcm_stats) IS
'the largest change of a centre coordinate from the state''s centres to fcm_centres (the convergence measure of fuzzy_cmeans)';

CREATE FUNCTION fcm_objective(s fcm_stats)
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_fcm_objective_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fcm_objective(fcm_stats) IS
'the objective J_m = sum_i sum_c u_ic^m |x_i - v_c|^2 at the state''s centres';

CREATE FUNCTION fcm_sizes(s fcm_stats)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fcm_sizes_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fcm_sizes(fcm_stats) IS
'fuzzy cluster sizes sum_i u_ic (they sum to the row count)';

CREATE FUNCTION fcm_rows(s fcm_stats)
RETURNS bigint
AS 'MODULE_PATHNAME', 'ct_fcm_rows_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fcm_rows(fcm_stats) IS
'number of points in the state';

CREATE FUNCTION fcm_membership(v float8[], centres float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fcm_membership_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION fcm_membership(v float8[], centres float8[], m float8)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fcm_membership_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fcm_membership(float8[], float8[]) IS
'fuzzy c-means memberships of v in each centre with m = 2 (they sum to 1)';
COMMENT ON FUNCTION fcm_membership(float8[], float8[], float8) IS
'fuzzy c-means memberships u_c = 1 / sum_j (|v - c|^2 / |v - c_j|^2)^(1/(m-1)); a point on centres shares equally among them';

CREATE FUNCTION fcm_segment(v float8[], centres float8[])
RETURNS int
AS 'MODULE_PATHNAME', 'ct_fcm_segment_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fcm_segment(float8[], float8[]) IS
'the most likely segment of v (1-based): the nearest centre, which has the largest membership whatever m; ties to the first';

CREATE FUNCTION fcm_seed_accum(float8[], float8[], float8[], int)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fcm_seed_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION fcm_seed_accum(float8[], float8[], float8[], int) IS
'transition function of fcm_seed: keeps the candidate with the largest key ln(u)/w (NULL arrays skipped)';

CREATE FUNCTION fcm_seed_combine(float8[], float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fcm_seed_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION fcm_seed_combine(float8[], float8[]) IS
'combine function of fcm_seed: the better of two candidates (larger key, ties to the larger point)';

CREATE FUNCTION fcm_seed_final(float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_fcm_seed_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION fcm_seed_final(float8[]) IS
'final function of fcm_seed: the chosen point, NULL when every point lies on a chosen centre';

CREATE AGGREGATE fcm_seed(v float8[], centres float8[], seed int) (
	SFUNC = fcm_seed_accum,
	STYPE = float8[],
	FINALFUNC = fcm_seed_final,
	COMBINEFUNC = fcm_seed_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fcm_seed(float8[], float8[], int) IS
'one k-means++ seeding pass, order-independent: the point with the largest key ln(u)/w, w = squared distance to the nearest of centres (NULL or empty: 1), u a hash of the point, the seed and the pass in (0,1); each distinct point is one candidate';

-- the iterations of fuzzy_cmeans over any source of points: seed_query and
-- stats_query are the seeding and iteration queries (fcm_seed and fcm_stats, or
-- per-partition states merged, 835_fit_pushdown_scans.sql) with the centres
-- as $1 and the seed or m as $2; source_name and column_name name the
-- points in errors
CREATE FUNCTION _fcm_iterate(seed_query text, stats_query text, source_name text, column_name text,
                             k int, m float8, tolerance float8, max_iterations int, seed int,
                             OUT centres float8[], OUT iterations int, OUT objective float8,
                             OUT converged boolean, OUT sizes float8[])
RETURNS record
LANGUAGE plpgsql STABLE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, complaint_tier
AS $fci$
DECLARE
	c float8[];
	p float8[];
	st complaint_tier.fcm_stats;
	shift float8;
BEGIN
	-- k-means++ seeding: one order-independent pass per centre
	FOR t IN 1..k LOOP
		EXECUTE seed_query
			INTO p USING c, seed;
		IF p IS NULL THEN
			IF t = 1 THEN
				RAISE EXCEPTION '% has no points in column "%"', source_name, column_name
					USING ERRCODE = 'invalid_parameter_value', HINT = 'Every row is NULL, or the source is empty.';
			END IF;
			RAISE EXCEPTION '% has only % distinct points in column "%", fewer than k = %', source_name, t - 1, column_name, k
				USING ERRCODE = 'invalid_parameter_value',
				      HINT = 'Ask for at most as many clusters as there are distinct points.';
		END IF;
		c := CASE WHEN c IS NULL THEN ARRAY[p] ELSE c || ARRAY[p] END;
	END LOOP;

	iterations := 0;
	converged := false;
	LOOP
		EXECUTE stats_query
			INTO st USING c, m;
		iterations := iterations + 1;
		shift := complaint_tier.fcm_shift(st);
		c := complaint_tier.fcm_centres(st);
		objective := complaint_tier.fcm_objective(st);
		sizes := complaint_tier.fcm_sizes(st);
		IF shift <= tolerance THEN
			converged := true;
			EXIT;
		END IF;
		EXIT WHEN iterations >= max_iterations;
	END LOOP;
	IF NOT converged THEN
		RAISE WARNING 'fuzzy_cmeans did not converge in % iterations: the centres still move by %', max_iterations, shift
			USING HINT = 'Raise max_iterations or the tolerance.';
	END IF;
	centres := c;
END
$fci$;
COMMENT ON FUNCTION _fcm_iterate(text, text, text, text, int, float8, float8, int, int) IS
'internal (fuzzy_cmeans, fit): k-means++ seeding by the query seed_query (one pass per centre, centres $1, seed $2), then the fcm_stats query stats_query (centres $1, m $2) until no centre coordinate moves more than tolerance, at most max_iterations times; source_name and column_name name the points in errors';

CREATE FUNCTION fuzzy_cmeans(source regclass, points text, k int, m float8 DEFAULT 2,
                             tolerance float8 DEFAULT 1e-4, max_iterations int DEFAULT 100,
                             seed int DEFAULT 1,
                             OUT centres float8[], OUT iterations int, OUT objective float8,
                             OUT converged boolean, OUT sizes float8[])
RETURNS record
LANGUAGE plpgsql STABLE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, complaint_tier
AS $fcm$
DECLARE
	src ALIAS FOR $1;
	col ALIAS FOR $2;
	kk ALIAS FOR $3;
	fz ALIAS FOR $4;
	tol ALIAS FOR $5;
	cap ALIAS FOR $6;
	sd ALIAS FOR $7;
	typ text;
BEGIN
	IF kk < 1 OR kk > 64 THEN
		RAISE EXCEPTION 'k must be between 1 and 64'
			USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s.', kk);
	END IF;
	IF NOT (fz > 1) OR fz IN ('Infinity', 'NaN') THEN
		RAISE EXCEPTION 'the fuzzifier m must be a finite number above 1'
			USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s.', fz);
	END IF;
	IF NOT (tol >= 0) OR tol IN ('Infinity', 'NaN') THEN
		RAISE EXCEPTION 'tolerance must be a finite number >= 0'
			USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s.', tol);
	END IF;
	IF cap < 1 THEN
		RAISE EXCEPTION 'max_iterations must be at least 1'
			USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s.', cap);
	END IF;
	SELECT format_type(a.atttypid, NULL) INTO typ FROM pg_attribute a
	WHERE a.attrelid = src AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'column "%" of % does not exist', col, src
			USING ERRCODE = 'undefined_column';
	END IF;
	IF typ NOT IN ('double precision[]', 'real[]', 'numeric[]', 'integer[]', 'bigint[]', 'smallint[]') THEN
		RAISE EXCEPTION 'column "%" of % has type %, not a numeric array', col, src, typ
			USING ERRCODE = 'datatype_mismatch', HINT = 'Points are float8[] of the same length in every row.';
	END IF;

	SELECT * INTO centres, iterations, objective, converged, sizes
	FROM complaint_tier._fcm_iterate(format('SELECT complaint_tier.fcm_seed(%I::float8[], $1, $2) FROM %s', col, src),
	                                 format('SELECT complaint_tier.fcm_stats(%I::float8[], $1, $2) FROM %s', col, src),
	                                 src::text, col, kk, fz, tol, cap, sd);
END
$fcm$;
COMMENT ON FUNCTION fuzzy_cmeans(regclass, text, int, float8, float8, int, int) IS
'fuzzy c-means of the float8[] column points of source into k clusters: order-independent k-means++ seeding (one scan per centre), then one parallel fcm_stats scan per iteration until no centre coordinate moves more than tolerance or max_iterations; returns the centres (k x d), iterations, the objective of the last iteration, whether it converged, and the fuzzy cluster sizes';
