-- The complaint-customer profile built from ticket history (doc/profile.md):
-- the profile_state type, its aggregate over one customer's tickets, the
-- merge roll-up, and the customer-level row read from a state at an as-of
-- time.

CREATE TYPE profile_state;

CREATE FUNCTION profile_state_in(cstring)
RETURNS profile_state
AS 'MODULE_PATHNAME', 'ct_profile_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION profile_state_out(profile_state)
RETURNS cstring
AS 'MODULE_PATHNAME', 'ct_profile_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION profile_state_recv(internal)
RETURNS profile_state
AS 'MODULE_PATHNAME', 'ct_profile_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION profile_state_send(profile_state)
RETURNS bytea
AS 'MODULE_PATHNAME', 'ct_profile_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE profile_state (
	INPUT = profile_state_in,
	OUTPUT = profile_state_out,
	RECEIVE = profile_state_recv,
	SEND = profile_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE profile_state IS
'mergeable ticket history of one customer: lifetime counts (tickets, first and last time, escalation, unreasonable and acceptance flags known and true, handling hours n/sum/max, satisfaction n/sum), the ticket times of the last 365 days for rolling windows, and Misra-Gries summaries (16 counters) of problem type, channel and remedy; text form is JSON (castable to jsonb) with a format number';
COMMENT ON FUNCTION profile_state_in(cstring) IS 'text input of profile_state (JSON form, format 1), checked for syntax and consistency';
COMMENT ON FUNCTION profile_state_out(profile_state) IS 'text output of profile_state (JSON form, format 1; values in byte order, shortest exact numbers)';
COMMENT ON FUNCTION profile_state_recv(internal) IS 'binary input of profile_state, checked like text input';
COMMENT ON FUNCTION profile_state_send(profile_state) IS 'binary output of profile_state (format byte, then every count, time and value)';

CREATE FUNCTION profile_state_accum(profile_state, timestamptz, text, text, text, boolean, boolean, float8, boolean, float8)
RETURNS profile_state
AS 'MODULE_PATHNAME', 'ct_profile_state_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION profile_state_combine(profile_state, profile_state)
RETURNS profile_state
AS 'MODULE_PATHNAME', 'ct_profile_state_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION profile_state_final(profile_state)
RETURNS profile_state
AS 'MODULE_PATHNAME', 'ct_profile_state_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION profile_state_accum(profile_state, timestamptz, text, text, text, boolean, boolean, float8, boolean, float8) IS
'transition function of the profile_state aggregate (updates the state in place inside an aggregate)';
COMMENT ON FUNCTION profile_state_combine(profile_state, profile_state) IS
'merge of two profile_state states (combine function, roll-up of stored states; NULL is the empty state): counts add, windows merge, summaries merge as in Agarwal et al. 2013';
COMMENT ON FUNCTION profile_state_final(profile_state) IS
'final function of the profile_state aggregates: a compact copy of the state';

CREATE AGGREGATE profile_state(ticket_time timestamptz, problem_type text, channel text, remedy text,
	escalated boolean, unreasonable boolean, handling_hours float8, accepted boolean, satisfaction float8) (
	SFUNC = profile_state_accum,
	STYPE = profile_state,
	SSPACE = 600,
	COMBINEFUNC = profile_state_combine,
	FINALFUNC = profile_state_final,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE profile_state(timestamptz, text, text, text, boolean, boolean, float8, boolean, float8) IS
'ticket history of one customer (GROUP BY the customer): a ticket without a time is skipped, every other NULL is an unknown (not counted in its share or mean); handling hours must be finite and >= 0, satisfaction finite';

CREATE AGGREGATE merge(profile_state) (
	SFUNC = profile_state_combine,
	STYPE = profile_state,
	COMBINEFUNC = profile_state_combine,
	FINALFUNC = profile_state_final,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE merge(profile_state) IS
'roll-up of stored profile_state states of one customer (days, partitions, shards): equal to one profile_state over all their tickets';

CREATE TYPE ticket_profile AS (
	complaints_total bigint,
	complaints_30d int,
	complaints_90d int,
	complaints_365d int,
	escalations_total bigint,
	escalations_12m int,
	first_complaint timestamptz,
	last_complaint timestamptz,
	days_since_last float8,
	complainant_days float8,
	unreasonable_ratio float8,
	handling_hours float8,
	handling_hours_max float8,
	accepted_ratio float8,
	satisfaction float8,
	problem_type text,
	channel text,
	remedy text
);

COMMENT ON TYPE ticket_profile IS
'the customer-level row of a ticket history at an as-of time, with the column names of the telecom schema where they apply (doc/profile.md)';

CREATE FUNCTION profile(state profile_state, as_of timestamptz)
RETURNS ticket_profile
AS 'MODULE_PATHNAME', 'ct_profile_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION profile(profile_state, timestamptz) IS
'the customer-level row at as_of (not before the last ticket): tickets in the 30/90/365 days up to as_of (exact durations), escalations, first and last complaint, days since the last and since the first, unreasonable share, mean and maximum handling hours, acceptance share, mean satisfaction, the most frequent problem type, channel and remedy; NULL where nothing is known';

CREATE FUNCTION profile_complaints(state profile_state, as_of timestamptz, days int)
RETURNS int
AS 'MODULE_PATHNAME', 'ct_profile_complaints_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION profile_complaints(profile_state, timestamptz, int) IS
'tickets with as_of - days * 24 h < time <= as_of (days 1 to 365)';

CREATE FUNCTION profile_escalations(state profile_state, as_of timestamptz, days int)
RETURNS int
AS 'MODULE_PATHNAME', 'ct_profile_escalations_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION profile_escalations(profile_state, timestamptz, int) IS
'escalated tickets with as_of - days * 24 h < time <= as_of (days 1 to 365); NULL when no ticket of the window has a known escalation flag';

CREATE FUNCTION profile_top(state profile_state, field text,
	OUT value text, OUT count bigint, OUT max_count bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'ct_profile_top_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 16;

COMMENT ON FUNCTION profile_top(profile_state, text) IS
'the counted values of a field (problem_type, channel or remedy), most frequent first: count is a lower bound and max_count an upper bound of the value''s tickets (equal when the field has had at most 16 distinct values)';
