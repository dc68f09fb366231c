-- Remedy model per tiering model (doc/strategies.md, "Remedy from handling
-- history in evaluate()"): a fitted remedy_stats state that evaluate()
-- consults, when the strategy history_informed_remedy fires, for the
-- customer's segment and problem type.  Extension configuration table
-- (pg_dump keeps its rows).

CREATE TABLE remedy_model (
	model text PRIMARY KEY REFERENCES model (name) ON DELETE CASCADE,
	stats remedy_stats NOT NULL,
	segment text NOT NULL DEFAULT 'tier'
		CONSTRAINT remedy_model_segment CHECK (segment ~ '^[a-z_][a-z0-9_]{0,62}$'),
	min_cases int NOT NULL DEFAULT 30
		CONSTRAINT remedy_model_min_cases CHECK (min_cases >= 1),
	method text NOT NULL DEFAULT 'wilson'
		CONSTRAINT remedy_model_method CHECK (method IN ('wilson', 'shrinkage')),
	fitted_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE remedy_model IS
'fitted handling-history remedy table of a model: when history_informed_remedy fires, evaluate() appends the recommended remedy for the customer''s segment and problem type to its reason';
COMMENT ON COLUMN remedy_model.stats IS
'remedy_stats(segment, problem_type, remedy, accepted, satisfaction) over the handling history, segment values as the evaluation column named by segment';
COMMENT ON COLUMN remedy_model.segment IS
'evaluation column whose value is the segment key: tier, value_tier, behaviour_class, lifecycle_stage or credit_grade';
COMMENT ON COLUMN remedy_model.min_cases IS
'known outcomes a remedy needs to be recommended (as recommend_remedy''s min_cases)';
COMMENT ON COLUMN remedy_model.method IS
'how the remedy is chosen: wilson (the best 95% Wilson lower bound among remedies with min_cases known outcomes, as recommend_remedy) or shrinkage (the best shrunken acceptance with back-off from the pair to the segment to all cases below min_cases, as rank_remedies)';
COMMENT ON COLUMN remedy_model.fitted_at IS
'when the stats were stored';

SELECT pg_catalog.pg_extension_config_dump('remedy_model', '');

-- evaluate reads it with the caller's rights: complaint_tier_use reads it,
-- complaint_tier_govern changes it (609_grants.sql).
