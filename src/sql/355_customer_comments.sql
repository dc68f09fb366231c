-- Column comments of the composite type customer (the canonical telecom
-- input schema that sample_customers returns, doc/schema.md), so that \d+
-- documents every column of every result type of the extension (evaluation
-- is commented where it is defined, 120_model_evaluate.sql).

COMMENT ON COLUMN customer.customer_id IS 'customer identifier (the telecom model''s key)';
COMMENT ON COLUMN customer.gender IS '''F'', ''M'' or NULL; never scored and read by no rule unless the model enables demographic indicators or rules';
COMMENT ON COLUMN customer.age IS 'age in years; demographic, as gender';
COMMENT ON COLUMN customer.tenure_months IS 'months on the network (background dimension)';
COMMENT ON COLUMN customer.customer_level IS 'membership level, ordered: ordinary, silver, gold, platinum, diamond (value dimension)';
COMMENT ON COLUMN customer.arpu IS 'average revenue per user, per month (value dimension)';
COMMENT ON COLUMN customer.data_share IS 'share (0..1) of spend on data and new services rather than voice (value dimension)';
COMMENT ON COLUMN customer.payment_channel IS 'payment channel, ordered by reliability: cash, prepaid_card, online, bank_autodebit (credit dimension)';
COMMENT ON COLUMN customer.arrears_count_12m IS 'arrears records in the last 12 months (credit dimension)';
COMMENT ON COLUMN customer.complaints_90d IS 'complaints in the last 90 days, the current one included (behaviour dimension)';
COMMENT ON COLUMN customer.unreasonable_ratio IS 'share (0..1) of the customer''s past complaints judged unreasonable (behaviour dimension)';
COMMENT ON COLUMN customer.escalations_12m IS 'escalations to a regulator, the media or management in 12 months (behaviour dimension)';
COMMENT ON COLUMN customer.emotional IS 'the current complaint is emotional or urgent (behaviour dimension)';
COMMENT ON COLUMN customer.problem_type IS 'billing, network, new_service, terminal, app or other';
COMMENT ON COLUMN customer.handling_hours IS 'mean hours to resolve the customer''s past complaints (handling dimension)';
COMMENT ON COLUMN customer.accepted_ratio IS 'share (0..1) of past remedies the customer accepted (handling dimension)';
COMMENT ON COLUMN customer.satisfaction IS 'mean satisfaction with past handling, 1..5 (handling dimension)';
COMMENT ON COLUMN customer.porting_requested IS 'the customer asked to port the number out (safeguard rules)';
COMMENT ON COLUMN customer.vulnerable IS 'vulnerability flag: elderly, disabled, hardship (safeguard rules)';
