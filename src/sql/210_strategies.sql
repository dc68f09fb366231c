-- Strategy catalogue and strategy rules: extension configuration tables
-- (pg_dump keeps user rows; shipped rows have builtin = true and come back
-- with CREATE EXTENSION).  The shipped rule pack for model 'telecom'
-- implements every strategy of domain.md section 3 (doc/strategies.md).

CREATE TABLE strategies (
	code text PRIMARY KEY
		CONSTRAINT strategies_code_format CHECK (code ~ '^[a-z][a-z0-9_]{0,62}$'),
	title text NOT NULL,
	description text NOT NULL,
	basis text NOT NULL DEFAULT 'other'
		CONSTRAINT strategies_basis CHECK (basis ~ '^[a-z_][a-z0-9_]{0,62}$'),
	refund_ceiling float8
		CONSTRAINT strategies_refund_ceiling CHECK (refund_ceiling >= 0 AND refund_ceiling < 'Infinity'),
	approval_required boolean NOT NULL DEFAULT false,
	suspension_type boolean NOT NULL DEFAULT false,
	offer boolean NOT NULL DEFAULT false,
	builtin boolean NOT NULL DEFAULT false
);

COMMENT ON TABLE strategies IS
'handling strategies: what a tier or class changes (speed, channel, authority), never whether a complaint is accepted';
COMMENT ON COLUMN strategies.basis IS
'what the strategy is based on: for the shipped pack the domain.md section 3 basis (background, value, credit, behaviour, handling) or safeguard; for a user model a dimension name or any identifier';
COMMENT ON COLUMN strategies.refund_ceiling IS
'refund authority ceiling the strategy gives the front line (currency units of the operator), NULL if none';
COMMENT ON COLUMN strategies.approval_required IS
'the action needs a supervisor''s approval before it is carried out';
COMMENT ON COLUMN strategies.suspension_type IS
'the strategy suspends, restricts or conditions service; never applied to a vulnerable customer (vulnerability_protection instead)';
COMMENT ON COLUMN strategies.offer IS
'a sales or retention offer; never made after the customer asked to port the number out';
COMMENT ON COLUMN strategies.builtin IS
'shipped with the extension (not dumped by pg_dump)';

CREATE TABLE rules (
	id text PRIMARY KEY
		CONSTRAINT rules_id_format CHECK (id ~ '^[a-z][a-z0-9_.]{0,62}$'),
	model text NOT NULL REFERENCES model (name) ON UPDATE CASCADE ON DELETE CASCADE,
	priority int NOT NULL DEFAULT 100,
	condition text NOT NULL
		CONSTRAINT rules_condition_valid CHECK (rule_check(condition) IS NOT NULL),
	strategy text NOT NULL REFERENCES strategies (code) ON UPDATE CASCADE,
	enabled boolean NOT NULL DEFAULT true,
	demographic boolean NOT NULL DEFAULT false,
	valid_from timestamptz,
	valid_to timestamptz,
	version int NOT NULL DEFAULT 1
		CONSTRAINT rules_version_positive CHECK (version >= 1),
	routing_priority int
		CONSTRAINT rules_routing_priority CHECK (routing_priority BETWEEN 1 AND 9),
	notes text,
	builtin boolean NOT NULL DEFAULT false,
	CONSTRAINT rules_validity CHECK (valid_from < valid_to),
	CONSTRAINT rules_demographic_flagged
		CHECK (demographic OR NOT (rule_variables(condition) && ARRAY['gender', 'age']))
);

CREATE INDEX rules_model_priority ON rules (model, priority, id);

COMMENT ON TABLE rules IS
'strategy rules: when condition (rule language, doc/rules.md) IS TRUE for an evaluated customer, the strategy applies';
COMMENT ON COLUMN rules.priority IS
'order of the strategies in an evaluation (ascending; ties by id)';
COMMENT ON COLUMN rules.demographic IS
'the condition reads gender or age; such a rule applies only when its model explicitly enables demographic rules';
COMMENT ON COLUMN rules.valid_from IS
'first instant the rule is in force (NULL: always was)';
COMMENT ON COLUMN rules.valid_to IS
'first instant the rule is no longer in force (NULL: open-ended)';
COMMENT ON COLUMN rules.version IS
'incremented by a trigger whenever the condition, strategy, priority, state or validity changes; quoted in evaluation reasons';
COMMENT ON COLUMN rules.routing_priority IS
'queue priority the rule asks for (1 = highest), NULL if none';
COMMENT ON COLUMN rules.builtin IS
'shipped with the extension (not dumped by pg_dump)';

SELECT pg_catalog.pg_extension_config_dump('strategies', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('rules', 'WHERE NOT builtin');

CREATE FUNCTION rules_bump_version()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $$
BEGIN
	IF NEW.version = OLD.version AND
	   (NEW.condition, NEW.strategy, NEW.priority, NEW.enabled, NEW.demographic,
		NEW.valid_from, NEW.valid_to, NEW.routing_priority, NEW.model)
	   IS DISTINCT FROM
	   (OLD.condition, OLD.strategy, OLD.priority, OLD.enabled, OLD.demographic,
		OLD.valid_from, OLD.valid_to, OLD.routing_priority, OLD.model)
	THEN
		NEW.version := OLD.version + 1;
	END IF;
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION rules_bump_version() IS
'trigger function: a changed rule gets the next version number, so evaluation reasons name the exact rule text used';

CREATE TRIGGER rules_version BEFORE UPDATE ON rules
FOR EACH ROW EXECUTE FUNCTION rules_bump_version();

CREATE VIEW rule_catalogue AS
SELECT r.model, r.priority, r.id, r.version, r.strategy, s.title, s.basis,
	   rule_check(r.condition) AS condition,
	   CASE
		   WHEN NOT r.enabled THEN 'disabled'
		   WHEN r.valid_from > pg_catalog.now() THEN 'scheduled'
		   WHEN r.valid_to <= pg_catalog.now() THEN 'expired'
		   ELSE 'active'
	   END AS status,
	   r.demographic, r.valid_from, r.valid_to, r.routing_priority,
	   s.refund_ceiling, s.approval_required, s.suspension_type, s.offer,
	   r.builtin, r.notes
FROM rules r
JOIN strategies s ON s.code = r.strategy;

-- strategies_for and evaluate read the catalogue with the caller's rights:
-- complaint_tier_use reads it, complaint_tier_govern changes it
-- (609_grants.sql).

COMMENT ON VIEW rule_catalogue IS
'every rule with its strategy and its status now: active, disabled, scheduled (valid_from in the future) or expired (valid_to passed)';

-- ---------------------------------------------------------------- catalogue

INSERT INTO strategies (code, title, description, basis, refund_ceiling, approval_required, suspension_type, offer, builtin) VALUES
('style_listen_apologise', 'Listening and apology style',
 'More listening, soothing and apology (the seed''s style for male customers). Shipped disabled: see the rule''s notes.',
 'background', NULL, false, false, false, true),
('style_sincere_compensation', 'Sincerity and compensation style',
 'Sincerity plus economic compensation (the seed''s style for female customers). Shipped disabled: see the rule''s notes.',
 'background', NULL, false, false, false, true),
('opportunity_marketing', 'Personalised opportunity marketing',
 'Identification stage: use the complaint as an occasion for a personalised offer that fits the customer''s needs.',
 'background', NULL, false, false, true, true),
('customer_experience', 'Customer experience',
 'Growth stage: make the resolution a good experience of the service (explain, follow up, confirm satisfaction).',
 'background', NULL, false, false, false, true),
('customer_care', 'Customer care',
 'Stable stage: care for a loyal customer (personal contact, recognition of tenure).',
 'background', NULL, false, false, false, true),
('retention', 'Retention',
 'Warning stage (churn risk): a retention conversation and offer to lengthen the customer''s life on the network.',
 'background', NULL, false, false, true, true),
('vip_green_channel', 'VIP complaint green channel',
 'High-value customer: the complaint goes through the green channel, with priority handling and resolution.',
 'value', NULL, false, false, false, true),
('priority_queue', 'Call-centre queue priority',
 'High-value customer: priority in the call-centre queue.',
 'value', NULL, false, false, false, true),
('extended_authority', 'Extended refund, gift and temporary-service authority',
 'High-value customer: staff at every level have larger authority to refund, give gifts or open temporary services.',
 'value', 500, false, false, false, true),
('single_owner', 'Fewer hand-offs',
 'High-value customer: one owner handles the complaint from acceptance to closure; no transfers between teams.',
 'value', NULL, false, false, false, true),
('exclusive_service_standard', 'Exclusive service standard',
 'Premium segment: exclusive service standards (dedicated account manager, committed response times).',
 'value', NULL, false, false, false, true),
('new_service_trial', 'Compensation by new-service trial',
 'High data / new-service share of spend: compensate with a free trial of other new services (stickiness).',
 'value', NULL, false, false, false, true),
('vas_compensation', 'Compensation by value-added service',
 'High voice share of spend: compensate with a practical value-added service (upgrade consumption).',
 'value', NULL, false, false, false, true),
('delayed_suspension', 'Delayed suspension',
 'High credit: when in arrears, suspension is delayed.',
 'credit', NULL, false, true, false, true),
('special_reopening', 'Special temporary reopening',
 'High credit: after a suspension, service may be reopened temporarily; needs a supervisor''s approval.',
 'credit', NULL, true, true, false, true),
('high_spend_monitoring', 'High-spend monitoring',
 'Low credit: monitor unusually high spending.',
 'credit', NULL, false, true, false, true),
('strict_roaming_conditions', 'Stricter international roaming conditions',
 'Low credit: stricter conditions for opening international roaming (prevent bill evasion).',
 'credit', NULL, false, true, false, true),
('frontline_direct_refund', 'Front-line direct refund',
 'First-time, good-faith complainant: front-line staff may refund directly, without verification, up to the ceiling.',
 'behaviour', 50, false, false, false, true),
('strict_verification', 'Strict verification and standard handling',
 'Frequent and mostly unreasonable claims: verify strictly and handle by the standard procedure. The complaint is still accepted and investigated in the normal time.',
 'behaviour', NULL, false, false, false, true),
('soothe_fast_response', 'Soothe and respond fast',
 'Emotional or urgent case: soothe and listen first, then respond and solve fast.',
 'behaviour', NULL, false, false, false, true),
('new_service_specialist', 'New-service specialist team',
 'Usage difficulty with a new service, terminal or app: the specialised complaint team, with scripts and step-by-step guidance.',
 'behaviour', NULL, false, false, false, true),
('history_informed_remedy', 'Remedy from handling history',
 'Choose the remedy this customer and similar customers accepted best before (recommend_remedy over remedy_stats), within the agent''s authority.',
 'handling', NULL, false, false, false, true),
('vulnerability_protection', 'Vulnerability protection',
 'Vulnerable customer (elderly, disabled, hardship): no suspension or restriction of service without a specialist''s review; hardship options offered.',
 'safeguard', NULL, false, false, false, true),
('port_out_respected', 'Port-out request respected',
 'The customer asked to port the number out: process the request promptly; no retention or sales offer.',
 'safeguard', NULL, false, false, false, true);

INSERT INTO rules (id, model, priority, condition, strategy, enabled, demographic, routing_priority, notes, builtin) VALUES
('telecom.safeguard.vulnerable', 'telecom', 10, 'vulnerable',
 'vulnerability_protection', true, false, 1,
 'Safeguard: overrides suspension-type strategies, whose rules all require vulnerable IS NOT TRUE.', true),
('telecom.safeguard.porting', 'telecom', 11, 'porting_requested',
 'port_out_respected', true, false, NULL,
 'Safeguard: offer-type rules (retention, opportunity marketing) require porting_requested IS NOT TRUE.', true),
('telecom.value.green_channel', 'telecom', 20, 'customer_level IN (''platinum'', ''diamond'')',
 'vip_green_channel', true, false, 1, NULL, true),
('telecom.value.priority_queue', 'telecom', 21, 'customer_level IN (''platinum'', ''diamond'')',
 'priority_queue', true, false, 1, NULL, true),
('telecom.value.extended_authority', 'telecom', 22, 'customer_level IN (''platinum'', ''diamond'')',
 'extended_authority', true, false, NULL, NULL, true),
('telecom.value.single_owner', 'telecom', 23, 'customer_level IN (''platinum'', ''diamond'')',
 'single_owner', true, false, NULL, NULL, true),
('telecom.value.exclusive_standard', 'telecom', 24, 'customer_level = ''diamond''',
 'exclusive_service_standard', true, false, NULL, '3G document: exclusive service standards for the premium segment.', true),
('telecom.behaviour.emotional', 'telecom', 30, 'emotional OR behaviour_class = ''emotional_urgent''',
 'soothe_fast_response', true, false, 2, NULL, true),
('telecom.behaviour.first_time', 'telecom', 31, 'behaviour_class = ''first_time_good_faith''',
 'frontline_direct_refund', true, false, NULL, NULL, true),
('telecom.behaviour.unreasonable', 'telecom', 32,
 'unreasonable_ratio >= 0.5 AND (complaints_90d >= 3 OR behaviour_class = ''frequent_unreasonable'')',
 'strict_verification', true, false, NULL,
 'Reasonableness is tested separately from frequency: many reasonable complaints never trigger it. It changes verification, never acceptance or response time.', true),
('telecom.behaviour.new_service', 'telecom', 33, 'problem_type IN (''new_service'', ''terminal'', ''app'')',
 'new_service_specialist', true, false, NULL, NULL, true),
('telecom.credit.delayed_suspension', 'telecom', 40, 'credit_grade = ''high'' AND vulnerable IS NOT TRUE',
 'delayed_suspension', true, false, NULL, NULL, true),
('telecom.credit.special_reopening', 'telecom', 41, 'credit_grade = ''high'' AND vulnerable IS NOT TRUE',
 'special_reopening', true, false, NULL, NULL, true),
('telecom.credit.spend_monitoring', 'telecom', 42, 'credit_grade = ''low'' AND vulnerable IS NOT TRUE',
 'high_spend_monitoring', true, false, NULL, NULL, true),
('telecom.credit.strict_roaming', 'telecom', 43, 'credit_grade = ''low'' AND vulnerable IS NOT TRUE',
 'strict_roaming_conditions', true, false, NULL, NULL, true),
('telecom.lifecycle.identification', 'telecom', 50, 'lifecycle_stage = ''identification'' AND porting_requested IS NOT TRUE',
 'opportunity_marketing', true, false, NULL, NULL, true),
('telecom.lifecycle.growth', 'telecom', 51, 'lifecycle_stage = ''growth''',
 'customer_experience', true, false, NULL, NULL, true),
('telecom.lifecycle.stable', 'telecom', 52, 'lifecycle_stage = ''stable''',
 'customer_care', true, false, NULL, NULL, true),
('telecom.lifecycle.warning', 'telecom', 53, 'lifecycle_stage = ''warning'' AND porting_requested IS NOT TRUE',
 'retention', true, false, NULL, NULL, true),
('telecom.value.data_heavy', 'telecom', 60, 'data_share >= 0.5',
 'new_service_trial', true, false, NULL, NULL, true),
('telecom.value.voice_heavy', 'telecom', 61, 'data_share < 0.5',
 'vas_compensation', true, false, NULL, NULL, true),
('telecom.handling.history', 'telecom', 70, 'accepted_ratio IS NOT NULL OR satisfaction IS NOT NULL',
 'history_informed_remedy', true, false, NULL, NULL, true),
('telecom.background.gender_m', 'telecom', 90, 'gender = ''M''',
 'style_listen_apologise', false, true, NULL,
 'Disabled: treating customers differently by gender is discriminatory and unlawful in many jurisdictions (for example the EU Gender Goods and Services Directive 2004/113/EC). Kept only to document the seed; enable it only with legal review, in a model that explicitly enables demographic rules.', true),
('telecom.background.gender_f', 'telecom', 91, 'gender = ''F''',
 'style_sincere_compensation', false, true, NULL,
 'Disabled: treating customers differently by gender is discriminatory and unlawful in many jurisdictions (for example the EU Gender Goods and Services Directive 2004/113/EC). Kept only to document the seed; enable it only with legal review, in a model that explicitly enables demographic rules.', true);

-- ------------------------------------------------------- applying the rules

CREATE FUNCTION strategies_for(model text, facts jsonb,
							   demographic_rules boolean DEFAULT false,
							   at timestamptz DEFAULT NULL)
RETURNS TABLE (priority int, strategy text, title text, rule_id text, rule_version int,
			   routing_priority int, refund_ceiling float8, approval_required boolean,
			   reason text)
AS 'MODULE_PATHNAME', 'ct_strategies_for_sql'
LANGUAGE C STABLE PARALLEL SAFE ROWS 10;

COMMENT ON FUNCTION strategies_for(text, jsonb, boolean, timestamptz) IS
'the strategies a model''s rules in force at instant at (NULL: the transaction start) give a customer described by jsonb facts (evaluation columns and input columns), in priority order, one rule per strategy, with the reason for each; demographic rules only when demographic_rules is true; safeguards: no suspension-type strategy for a vulnerable customer, no offer after a porting request; no rows for NULL model or facts';
