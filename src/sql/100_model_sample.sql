-- Layer 3: the canonical customer record (doc/schema.md) and the
-- deterministic synthetic customer generator.

CREATE TYPE customer AS (
	customer_id bigint,
	gender text,
	age int,
	tenure_months float8,
	customer_level text,
	arpu float8,
	data_share float8,
	payment_channel text,
	arrears_count_12m int,
	complaints_90d int,
	unreasonable_ratio float8,
	escalations_12m int,
	emotional boolean,
	problem_type text,
	handling_hours float8,
	accepted_ratio float8,
	satisfaction float8,
	porting_requested boolean,
	vulnerable boolean
);

COMMENT ON TYPE customer IS
'the canonical complaint customer record read by the shipped telecom model (doc/schema.md)';

CREATE FUNCTION sample_customers(n int)
RETURNS SETOF customer
AS 'MODULE_PATHNAME', 'ct_sample_customers_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;

CREATE FUNCTION sample_customers(n int, seed int)
RETURNS SETOF customer
AS 'MODULE_PATHNAME', 'ct_sample_customers_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;

COMMENT ON FUNCTION sample_customers(int) IS
'n deterministic synthetic complaint customers (seed 1) in the canonical schema; the same n and seed give the same rows everywhere';
COMMENT ON FUNCTION sample_customers(int, int) IS
'n deterministic synthetic complaint customers for the given seed in the canonical schema; row i depends only on (seed, i)';
