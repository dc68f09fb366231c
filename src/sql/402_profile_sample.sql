-- Sample tickets consistent with sample_customers (doc/profile.md), and the
-- shipped ticket mapping that reads them.

CREATE TYPE ticket AS (
	ticket_id bigint,
	customer_id bigint,
	opened_at timestamptz,
	channel text,
	problem_type text,
	escalated boolean,
	unreasonable boolean,
	handling_hours float8,
	remedy text,
	accepted boolean,
	satisfaction float8
);

COMMENT ON TYPE ticket IS
'a complaint ticket as sample_tickets() returns it and the shipped ticket mapping sample_tickets reads it (doc/profile.md)';

CREATE FUNCTION sample_tickets(n_customers int)
RETURNS SETOF ticket
AS 'MODULE_PATHNAME', 'ct_sample_tickets_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 3000;

CREATE FUNCTION sample_tickets(n_customers int, seed int)
RETURNS SETOF ticket
AS 'MODULE_PATHNAME', 'ct_sample_tickets_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 3000;

COMMENT ON FUNCTION sample_tickets(int) IS
'the deterministic synthetic tickets (seed 1) of customers 1..n_customers of sample_customers: profiled as of 2025-01-01 00:00 UTC they give each customer''s complaints_90d, escalations_12m and problem_type exactly and its shares and means approximately; ticket_id = customer_id * 1000 + j';
COMMENT ON FUNCTION sample_tickets(int, int) IS
'the deterministic synthetic tickets of customers 1..n_customers of sample_customers(n, seed), as of 2025-01-01 00:00 UTC; the tickets of customer i depend only on (seed, i)';

INSERT INTO ticket_mapping (name, description, builtin) VALUES
	('sample_tickets', 'the columns of complaint_tier.sample_tickets()', true);
INSERT INTO ticket_mapping_role (mapping, role, column_name, builtin) VALUES
	('sample_tickets', 'customer', 'customer_id', true),
	('sample_tickets', 'time', 'opened_at', true),
	('sample_tickets', 'problem_type', 'problem_type', true),
	('sample_tickets', 'channel', 'channel', true),
	('sample_tickets', 'remedy', 'remedy', true),
	('sample_tickets', 'escalated', 'escalated', true),
	('sample_tickets', 'unreasonable', 'unreasonable', true),
	('sample_tickets', 'handling_hours', 'handling_hours', true),
	('sample_tickets', 'accepted', 'accepted', true),
	('sample_tickets', 'satisfaction', 'satisfaction', true);
