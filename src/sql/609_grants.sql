-- Governance, last part: what each level may do, in table privileges
-- (doc/governance.md).  The functions keep PostgreSQL's default EXECUTE for
-- PUBLIC: the building blocks need nothing else, and every model function
-- reads the catalogue with the caller's rights, so a role without
-- complaint_tier_use gets "permission denied for table model".  The checks
-- that privileges cannot express are in C (_store_version, activate:
-- src/pg/ct_govern_pg.c) and in the trigger _guard_catalogue.
--
-- complaint_tier.model_version (the fitted statistics) is readable by no
-- level: everyone reads version_catalogue instead.

GRANT USAGE ON SCHEMA complaint_tier TO complaint_tier_use;

-- use: read the catalogue and apply it (evaluate, explain,
-- explain_strategies, strategies_for, fairness, compare, create_tier_view)
GRANT SELECT ON model, dimension, indicator, tier_scheme, classification,
                strategies, rules, rule_catalogue, remedy_model,
                active_version, activation_log, version_catalogue
TO complaint_tier_use;

-- model: define models (define_model or direct edits of the user rows)
-- and fit them (fit stores a candidate through _store_version)
GRANT INSERT, UPDATE, DELETE ON model, dimension, indicator, tier_scheme, classification
TO complaint_tier_model;

-- govern: strategy rules, the strategy catalogue and remedy tables (all in
-- force at once for every evaluation); activation is activate()'s, and
-- shipped rows are guarded by _guard_catalogue.  Old versions may be
-- deleted (the active one is protected by its foreign key).
GRANT INSERT, UPDATE, DELETE ON strategies, rules, remedy_model TO complaint_tier_govern;
GRANT SELECT (model, version, state), DELETE ON model_version TO complaint_tier_govern;
