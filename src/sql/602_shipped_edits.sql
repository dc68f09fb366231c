-- Governance, part 3: edits of shipped rows (doc/governance.md).
--
-- The catalogue tables hold rows the extension ships (builtin) beside the
-- users' rows.  pg_dump used to leave every shipped row out, so an edit of
-- one (a disabled rule, a changed weight or threshold) came back undone
-- after a restore.  Now the first edit of a shipped row marks it modified,
-- pg_dump keeps the modified ones (WHERE NOT builtin OR modified), and when
-- pg_restore loads such a row over the one CREATE EXTENSION has just
-- recreated, the trigger below writes the edited values into the recreated
-- row instead of inserting a duplicate.  Shipped rows are never deleted (a
-- deleted one would come back with the next restore): a rule is disabled,
-- a shipped model is copied under another name and changed there.  Only
-- complaint_tier_govern edits shipped rows, switches a model's demographic
-- rules, or deletes a model that is in use (has an active version or
-- rules).
--
-- A future upgrade script that changes shipped rows sets
-- complaint_tier.shipping = on for its statements, so that its own edits do
-- not mark the rows modified (and leaves the modified ones alone).

ALTER TABLE model ADD COLUMN modified boolean NOT NULL DEFAULT false;
ALTER TABLE dimension ADD COLUMN modified boolean NOT NULL DEFAULT false;
ALTER TABLE indicator ADD COLUMN modified boolean NOT NULL DEFAULT false;
ALTER TABLE tier_scheme ADD COLUMN modified boolean NOT NULL DEFAULT false;
ALTER TABLE classification ADD COLUMN modified boolean NOT NULL DEFAULT false;
ALTER TABLE strategies ADD COLUMN modified boolean NOT NULL DEFAULT false;
ALTER TABLE rules ADD COLUMN modified boolean NOT NULL DEFAULT false;

COMMENT ON COLUMN model.modified IS
'a shipped (builtin) row that has been edited since CREATE EXTENSION: pg_dump keeps it and a restore applies it over the shipped row';
COMMENT ON COLUMN dimension.modified IS
'a shipped (builtin) row that has been edited: pg_dump keeps it';
COMMENT ON COLUMN indicator.modified IS
'a shipped (builtin) row that has been edited: pg_dump keeps it';
COMMENT ON COLUMN tier_scheme.modified IS
'a shipped (builtin) row that has been edited: pg_dump keeps it';
COMMENT ON COLUMN classification.modified IS
'a shipped (builtin) row that has been edited: pg_dump keeps it';
COMMENT ON COLUMN strategies.modified IS
'a shipped (builtin) row that has been edited: pg_dump keeps it';
COMMENT ON COLUMN rules.modified IS
'a shipped (builtin) row that has been edited (enabled, condition, priority...): pg_dump keeps it';
COMMENT ON COLUMN strategies.builtin IS
'shipped with the extension (pg_dump keeps it only once edited: modified)';
COMMENT ON COLUMN rules.builtin IS
'shipped with the extension (pg_dump keeps it only once edited: modified)';

SELECT pg_catalog.pg_extension_config_dump('model', 'WHERE NOT builtin OR modified');
SELECT pg_catalog.pg_extension_config_dump('dimension', 'WHERE NOT builtin OR modified');
SELECT pg_catalog.pg_extension_config_dump('indicator', 'WHERE NOT builtin OR modified');
SELECT pg_catalog.pg_extension_config_dump('tier_scheme', 'WHERE NOT builtin OR modified');
SELECT pg_catalog.pg_extension_config_dump('classification', 'WHERE NOT builtin OR modified');
SELECT pg_catalog.pg_extension_config_dump('strategies', 'WHERE NOT builtin OR modified');
SELECT pg_catalog.pg_extension_config_dump('rules', 'WHERE NOT builtin OR modified');

CREATE FUNCTION _guard_catalogue()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, complaint_tier
AS $$
DECLARE
	keys text[] := TG_ARGV;
	govern boolean := pg_has_role(current_user, 'complaint_tier_govern', 'USAGE');
	shipping boolean := coalesce(current_setting('complaint_tier.shipping', true) = 'on', false);
	what text := CASE TG_TABLE_NAME WHEN 'model' THEN 'model' WHEN 'dimension' THEN 'dimension'
	                                WHEN 'indicator' THEN 'indicator' WHEN 'tier_scheme' THEN 'tier scheme'
	                                WHEN 'classification' THEN 'classification' WHEN 'strategies' THEN 'strategy'
	                                ELSE 'rule' END;
	r jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
	label text;
	cols text;
	n bigint;
BEGIN
	label := array_to_string(ARRAY(SELECT r ->> k FROM unnest(keys) k), '.');
	IF TG_OP = 'DELETE' THEN
		IF OLD.builtin AND NOT govern THEN
			RAISE EXCEPTION 'permission denied to delete shipped % "%"', what, label
				USING ERRCODE = 'insufficient_privilege',
				      DETAIL = 'Only roles with the privileges of complaint_tier_govern change shipped rows.';
		ELSIF OLD.builtin AND NOT shipping THEN
			RAISE EXCEPTION 'shipped % "%" cannot be deleted', what, label
				USING ERRCODE = 'object_not_in_prerequisite_state',
				      DETAIL = 'CREATE EXTENSION, and with it every restore of a dump, would bring it back.',
				      HINT = CASE TG_TABLE_NAME
				               WHEN 'rules' THEN format('Disable it instead: UPDATE complaint_tier.rules SET enabled = false WHERE id = %L;', r ->> 'id')
				               WHEN 'strategies' THEN 'Disable the rules that give it instead (complaint_tier.rules.enabled).'
				               ELSE format('Change it in place, or copy the model under another name and change the copy: SELECT complaint_tier.define_model(''my_%s'', complaint_tier.model_spec(%L) - ''rules'' - ''strategies'');',
				                           r ->> CASE TG_TABLE_NAME WHEN 'model' THEN 'name' ELSE 'model' END,
				                           r ->> CASE TG_TABLE_NAME WHEN 'model' THEN 'name' ELSE 'model' END) END;
		END IF;
		IF TG_TABLE_NAME = 'model' AND NOT govern
		   AND (EXISTS (SELECT 1 FROM complaint_tier.active_version av WHERE av.model = r ->> 'name')
		        OR EXISTS (SELECT 1 FROM complaint_tier.rules ru WHERE ru.model = r ->> 'name')) THEN
			RAISE EXCEPTION 'permission denied to delete model "%", which is in use', label
				USING ERRCODE = 'insufficient_privilege',
				      DETAIL = 'It has an active version or strategy rules; only roles with the privileges of complaint_tier_govern delete such a model.';
		END IF;
		RETURN OLD;
	END IF;

	IF TG_TABLE_NAME = 'model' AND NOT govern
	   AND (r -> 'demographic_rules') IS DISTINCT FROM coalesce(to_jsonb(OLD) -> 'demographic_rules', 'false') THEN
		RAISE EXCEPTION 'permission denied to switch the demographic rules of model "%"', label
			USING ERRCODE = 'insufficient_privilege',
			      DETAIL = 'demographic_rules changes what every evaluation of the model gives at once; only roles with the privileges of complaint_tier_govern switch it.';
	END IF;

	IF TG_OP = 'INSERT' THEN
		IF (NEW.builtin OR NEW.modified) AND NOT govern THEN
			RAISE EXCEPTION 'permission denied to insert a shipped % row', what
				USING ERRCODE = 'insufficient_privilege',
				      DETAIL = 'builtin and modified mark the rows the extension ships; only roles with the privileges of complaint_tier_govern (pg_restore) write them.';
		END IF;
		IF NEW.builtin THEN
			-- an edited shipped row from a dump meets the row CREATE EXTENSION
			-- has recreated: the edit replaces it
			SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum) INTO cols
			FROM pg_attribute a
			WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
			EXECUTE format('UPDATE %I.%I t SET (%s) = ROW(%s) WHERE (%s) = (%s) AND t.builtin',
			               TG_TABLE_SCHEMA, TG_TABLE_NAME, cols,
			               (SELECT string_agg(format('($1).%I', a.attname), ', ' ORDER BY a.attnum)
			                FROM pg_attribute a
			                WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''),
			               (SELECT string_agg(format('t.%I', k), ', ') FROM unnest(keys) k),
			               (SELECT string_agg(format('($1).%I', k), ', ') FROM unnest(keys) k))
				USING NEW;
			GET DIAGNOSTICS n = ROW_COUNT;
			IF n > 0 THEN
				RETURN NULL;
			END IF;
		END IF;
		RETURN NEW;
	END IF;

	-- UPDATE
	IF OLD.builtin OR NEW.builtin THEN
		IF NOT govern THEN
			RAISE EXCEPTION 'permission denied to change shipped % "%"', what, label
				USING ERRCODE = 'insufficient_privilege',
				      DETAIL = 'Only roles with the privileges of complaint_tier_govern change shipped rows.',
				      HINT = CASE WHEN TG_TABLE_NAME IN ('rules', 'strategies') THEN NULL
				                  ELSE format('Copy the model under another name and change the copy: SELECT complaint_tier.define_model(''my_%s'', complaint_tier.model_spec(%L) - ''rules'' - ''strategies'');',
				                              r ->> CASE TG_TABLE_NAME WHEN 'model' THEN 'name' ELSE 'model' END,
				                              r ->> CASE TG_TABLE_NAME WHEN 'model' THEN 'name' ELSE 'model' END) END;
		END IF;
		IF NEW.builtin IS DISTINCT FROM OLD.builtin THEN
			RAISE EXCEPTION 'the builtin flag of % "%" cannot change', what, label
				USING ERRCODE = 'object_not_in_prerequisite_state',
				      DETAIL = 'It tells the rows CREATE EXTENSION makes from the users'' rows.';
		END IF;
		IF EXISTS (SELECT 1 FROM unnest(keys) k WHERE (to_jsonb(OLD) -> k) IS DISTINCT FROM (r -> k)) THEN
			RAISE EXCEPTION 'shipped % "%" cannot be renamed', what,
				array_to_string(ARRAY(SELECT to_jsonb(OLD) ->> k FROM unnest(keys) k), '.')
				USING ERRCODE = 'object_not_in_prerequisite_state',
				      DETAIL = 'CREATE EXTENSION, and with it every restore of a dump, would bring it back under its shipped name.';
		END IF;
		IF NOT shipping AND (r - 'modified') IS DISTINCT FROM (to_jsonb(OLD) - 'modified') THEN
			NEW.modified := true;
		END IF;
	END IF;
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION _guard_catalogue() IS
'trigger (internal): shipped rows are changed only by complaint_tier_govern, never deleted or renamed, and marked modified when edited; a dumped edited shipped row replaces the shipped row on restore; only complaint_tier_govern switches demographic_rules or deletes a model in use';

CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON model
FOR EACH ROW EXECUTE FUNCTION _guard_catalogue('name');
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON dimension
FOR EACH ROW EXECUTE FUNCTION _guard_catalogue('model', 'name');
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON indicator
FOR EACH ROW EXECUTE FUNCTION _guard_catalogue('model', 'name');
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON tier_scheme
FOR EACH ROW EXECUTE FUNCTION _guard_catalogue('model', 'scope');
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON classification
FOR EACH ROW EXECUTE FUNCTION _guard_catalogue('model', 'name');
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON strategies
FOR EACH ROW EXECUTE FUNCTION _guard_catalogue('code');
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON rules
FOR EACH ROW EXECUTE FUNCTION _guard_catalogue('id');
