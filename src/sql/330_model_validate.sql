-- Direct edits of a model's configuration are validated at the end of each
-- statement, by the same C validator define_model() uses (every problem in
-- one error).  A model is checked once it is complete (it has a dimension,
-- an indicator and an overall tier scheme): while pg_restore loads the
-- catalogue one table at a time, or define_model() writes a model row by
-- row, the model is not complete or the check is deferred to the end.

CREATE FUNCTION _check_models()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $$
DECLARE
	m text;
	col text := CASE WHEN TG_TABLE_NAME = 'model' THEN 'name' ELSE 'model' END;
	q text;
BEGIN
	IF current_setting('complaint_tier.defining', true) = 'on' THEN
		RETURN NULL;
	END IF;
	q := CASE TG_OP
	       WHEN 'INSERT' THEN format('SELECT DISTINCT %I FROM new_rows', col)
	       WHEN 'DELETE' THEN format('SELECT DISTINCT %I FROM old_rows', col)
	       ELSE format('SELECT %1$I FROM new_rows UNION SELECT %1$I FROM old_rows', col) END;
	FOR m IN EXECUTE q LOOP
		IF EXISTS (SELECT 1 FROM complaint_tier.dimension d WHERE d.model = m)
		   AND EXISTS (SELECT 1 FROM complaint_tier.indicator i WHERE i.model = m)
		   AND EXISTS (SELECT 1 FROM complaint_tier.tier_scheme t WHERE t.model = m AND t.scope = 'overall') THEN
			PERFORM complaint_tier._validate_model(m, NULL, NULL);
		END IF;
	END LOOP;
	RETURN NULL;
END
$$;

COMMENT ON FUNCTION _check_models() IS
'trigger: validates every complete model a statement touched, with the C validator (internal)';

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['model', 'dimension', 'indicator', 'tier_scheme', 'classification', 'rules'] LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON complaint_tier.%I REFERENCING NEW TABLE AS new_rows
		                FOR EACH STATEMENT EXECUTE FUNCTION complaint_tier._check_models()', 'check_insert', t);
		EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON complaint_tier.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
		                FOR EACH STATEMENT EXECUTE FUNCTION complaint_tier._check_models()', 'check_update', t);
		EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON complaint_tier.%I REFERENCING OLD TABLE AS old_rows
		                FOR EACH STATEMENT EXECUTE FUNCTION complaint_tier._check_models()', 'check_delete', t);
	END LOOP;
END
$$;
