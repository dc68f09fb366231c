-- Layer 2: logistic regression from mergeable sufficient statistics
-- (doc/outcome_weighting.md).  The logit_stats state holds, for the coefficients it
-- was gathered at, the log-likelihood, X~'(y - p) and X~'WX~ of the rows
-- seen; logit_step(x, y, beta) gathers it in one parallel scan, so one
-- Newton iteration is one scan; logit_newton and logit_std_errors solve
-- from it (src/core/ct_logit*.c).

CREATE TYPE logit_stats;

CREATE FUNCTION logit_stats_in(cstring)
RETURNS logit_stats
AS 'MODULE_PATHNAME', 'ct_logit_stats_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION logit_stats_out(logit_stats)
RETURNS cstring
AS 'MODULE_PATHNAME', 'ct_logit_stats_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION logit_stats_recv(internal)
RETURNS logit_stats
AS 'MODULE_PATHNAME', 'ct_logit_stats_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION logit_stats_send(logit_stats)
RETURNS bytea
AS 'MODULE_PATHNAME', 'ct_logit_stats_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE logit_stats (
	INPUT = logit_stats_in,
	OUTPUT = logit_stats_out,
	RECEIVE = logit_stats_recv,
	SEND = logit_stats_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE logit_stats IS
'mergeable sufficient statistics of a logistic regression at given coefficients beta (intercept first, p <= 257): rows, positives, log-likelihood, gradient X''(y - p), information X''WX (upper triangle), the eta bounds of each class; versioned text form v1;p=..;...';
COMMENT ON FUNCTION logit_stats_in(cstring) IS
'text input of logit_stats: the versioned v1;p=.. form, checked for syntax and consistency';
COMMENT ON FUNCTION logit_stats_out(logit_stats) IS
'text output of logit_stats: the versioned v1;p=.. form with shortest exact floats (round-trips bit for bit)';
COMMENT ON FUNCTION logit_stats_recv(internal) IS
'binary input of logit_stats: version byte, int4 p, float8 values; checked like text input';
COMMENT ON FUNCTION logit_stats_send(logit_stats) IS
'binary output of logit_stats: version byte, int4 p, float8 values';

CREATE FUNCTION logit_step_accum(logit_stats, float8[], boolean, float8[])
RETURNS logit_stats
AS 'MODULE_PATHNAME', 'ct_logit_step_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION logit_step_accum(logit_stats, float8[], boolean, float8[]) IS
'transition function of logit_step(x, y, beta): adds one row (rows with a NULL x or y skipped; updates the state in place inside an aggregate)';

CREATE FUNCTION logit_stats_combine(logit_stats, logit_stats)
RETURNS logit_stats
AS 'MODULE_PATHNAME', 'ct_logit_stats_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION logit_stats_combine(logit_stats, logit_stats) IS
'merges two logit_stats states gathered at the same coefficients (sums; min/max of the eta bounds); NULL is the empty state';

CREATE AGGREGATE logit_step(x float8[], y boolean, beta float8[]) (
	SFUNC = logit_step_accum,
	STYPE = logit_stats,
	COMBINEFUNC = logit_stats_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE logit_step(float8[], boolean, float8[]) IS
'one Newton iteration''s sufficient statistics of the logistic regression of y on x at coefficients beta (the intercept, then one per element of x; the same in every row): log-likelihood, gradient, information; rows with a NULL x or y are skipped';

CREATE AGGREGATE merge(logit_stats) (
	SFUNC = logit_stats_combine,
	STYPE = logit_stats,
	COMBINEFUNC = logit_stats_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE merge(logit_stats) IS
'roll-up of logit_stats states gathered at the same coefficients (partitions, shards)';

CREATE FUNCTION logit_newton(stats logit_stats, penalty float8)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_logit_newton_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION logit_newton(stats logit_stats)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_logit_newton_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION logit_newton(logit_stats, float8) IS
'the coefficients after one Newton step from the state''s beta for the objective -loglik + penalty/2 * sum of the squared coefficients (not the intercept): beta + (information + penalty D)^-1 (gradient - penalty D beta), by Cholesky';
COMMENT ON FUNCTION logit_newton(logit_stats) IS
'logit_newton(stats, 0): one unpenalised Newton step (maximum likelihood)';

CREATE FUNCTION logit_std_errors(stats logit_stats, penalty float8)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_logit_std_errors_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION logit_std_errors(stats logit_stats)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_logit_std_errors_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION logit_std_errors(logit_stats, float8) IS
'standard errors at the state''s beta: square roots of the diagonal of the inverse penalised information (information + penalty D)^-1';
COMMENT ON FUNCTION logit_std_errors(logit_stats) IS
'logit_std_errors(stats, 0): the usual maximum-likelihood standard errors at the state''s beta';

CREATE FUNCTION logit_summary(stats logit_stats, OUT rows bigint, OUT positives bigint, OUT loglik float8,
                              OUT beta float8[], OUT gradient float8[], OUT separated boolean)
AS 'MODULE_PATHNAME', 'ct_logit_summary_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION logit_summary(logit_stats) IS
'a logit_stats state in words: rows, positives, log-likelihood and gradient at its beta, and whether beta separates the outcome completely (every positive row''s linear predictor above every negative row''s)';

CREATE FUNCTION _logit_next(stats logit_stats, penalty float8, driver float8[],
                            OUT driver float8[], OUT beta float8[], OUT converged boolean, OUT scans int)
AS 'MODULE_PATHNAME', 'ct_logit_next_sql'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION _logit_next(logit_stats, float8, float8[]) IS
'internal (fit): one step of the penalised Newton iteration with step halving (src/core/ct_logit_newton.c); driver NULL starts it; returns the driver state, the coefficients to gather the next state at (or the solution when converged) and the scans so far';

CREATE FUNCTION _normalised_imputed(version model_version, customer record)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ct_normalised_imputed_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _normalised_imputed(model_version, record) IS
'internal (fit): the normalised values of one row for a version being fitted, passed by value, NULL inputs replaced by the fitted defaults (as evaluate scores them), of the indicators with a positive global weight, in order';
