-- Strategy rules: the condition language (rule_check, rule_variables,
-- rule_matches), the strategy catalogue and the shipped 'telecom' rule pack
-- (doc/rules.md, doc/strategies.md).  Truth values follow SQL three-valued
-- logic (ISO/IEC 9075-2, 6.35 <boolean value expression>).  Since 0.2.0 a
-- condition may read any column: rule_check checks the syntax only (every
-- identifier is a variable whose type is not known yet; a conflict between
-- literals is still an error), and rule_matches types each variable by its
-- JSON value (a missing key or null is NULL).
SET search_path = complaint_tier, public;

-- rule_check: normalised text of valid conditions
SELECT rule_check('value_tier in(''A'',''B'')and Complaints_90D>=3 and not PORTING_REQUESTED');
SELECT rule_check('arpu != -1.5E3 OR (emotional is not null)');
SELECT rule_check('problem_type = ''it''''s''');
SELECT rule_check('score BETWEEN 0.2 AND 0.8 AND tier NOT IN (''D'') AND vulnerable IS NOT TRUE');
SELECT rule_check('TRUE');
SELECT rule_check(NULL) IS NULL AS strict_null;
-- rule_variables: in order of first use, each once; identifiers fold to lower case
SELECT rule_variables('gender = ''M'' OR (age > 60 AND credit_grade = ''low'')');
SELECT rule_variables('Balance > 10000 AND segment IN (''a'', ''b'') OR BALANCE IS NULL');
SELECT rule_check('Balance > 10000 AND segment IN (''a'', ''b'') OR BALANCE IS NULL');
SELECT rule_variables('TRUE');

-- rule_check: errors carry SQLSTATE and the character position
\set VERBOSITY default
SELECT rule_check('');
SELECT rule_check('arpu >');
SELECT rule_check('arpu > > 3');
SELECT rule_check('arpu = 1 = 2');
SELECT rule_check('(arpu > 3');
SELECT rule_check('problem_type = ''abc');
SELECT rule_check('arpu # 3');
SELECT rule_check('arpu IN ()');
-- type conflicts between literals are still errors
SELECT rule_check('problem_type IN (''a'', 2)');
SELECT rule_check('1 = ''x''');
SELECT rule_check('segment BETWEEN 1 AND ''z''');
SELECT rule_check('NOT 1');
SELECT rule_check('TRUE AND 1');
SELECT rule_check('1');
SELECT rule_check('''x'' IS TRUE');
SELECT rule_check('arpu = 1e999');
SELECT rule_check('problem_type = ''é'' AND AND');
SELECT rule_check(repeat('(', 33) || 'TRUE' || repeat(')', 33));
SELECT rule_check('arpu IN (' || (SELECT string_agg(g::text, ',') FROM generate_series(1, 257) g) || ')');
SELECT rule_check('TRUE' || repeat(' ', 4093));
SELECT rule_check('TRUE' || repeat(' ', 4092)) AS at_the_length_limit;
-- syntax only: any identifier is a variable of a type not known yet, so
-- names outside the old canonical schema, and comparisons whose types only
-- the facts decide, are accepted (0.1.0 refused all of these)
SELECT c AS accepted, rule_check(c) = c AS normalised
FROM unnest(ARRAY['arpu > 1 AND foo = 2', 'strategies IS NULL', 'arpu = ''high''',
				  'emotional AND arpu', 'arpu', 'a = b',
				  'balance > 10000 AND segment IN (''a'', ''b'')']) c;
-- a variable used with two types passes the check too: the conflict shows
-- only at evaluation, when the facts give the variable a type
SELECT rule_check('arpu > 1 AND arpu = ''x''');

-- rule_matches: three-valued results; missing keys are NULL
SELECT rule_matches('value_tier IN (''A'',''B'') AND complaints_90d >= 3 AND NOT porting_requested',
					'{"value_tier": "B", "complaints_90d": 3, "porting_requested": false}') AS fires,
	   rule_matches('value_tier IN (''A'',''B'') AND complaints_90d >= 3 AND NOT porting_requested',
					'{"value_tier": "B", "complaints_90d": 2, "porting_requested": false}') AS too_few,
	   rule_matches('value_tier IN (''A'',''B'') AND complaints_90d >= 3 AND NOT porting_requested',
					'{"value_tier": "B", "complaints_90d": 3}') AS unknown_porting;
-- truth tables of AND / OR / NOT over TRUE, FALSE and unknown
SELECT a, b, rule_matches(a || ' AND ' || b, '{}') AS "and", rule_matches(a || ' OR ' || b, '{}') AS "or",
	   rule_matches('NOT ' || a, '{}') AS "not a"
FROM unnest(ARRAY['TRUE', 'FALSE', 'vulnerable']) a, unnest(ARRAY['TRUE', 'FALSE', 'vulnerable']) b
ORDER BY 1, 2;
-- precedence: AND over OR, NOT over AND, comparison over NOT
SELECT rule_matches('TRUE OR TRUE AND FALSE', '{}') AS and_first,
	   rule_matches('NOT FALSE AND FALSE', '{}') AS not_first,
	   rule_matches('NOT arpu = 6', '{"arpu": 5}') AS cmp_first;
-- IN with NULL, BETWEEN inclusive, IS predicates
SELECT rule_matches('complaints_90d IN (1, NULL)', '{"complaints_90d": 3}') AS in_null_miss,
	   rule_matches('complaints_90d IN (3, NULL)', '{"complaints_90d": 3}') AS in_null_hit,
	   rule_matches('complaints_90d NOT IN (1, 2)', '{"complaints_90d": 3}') AS not_in,
	   rule_matches('complaints_90d BETWEEN 1 AND 3', '{"complaints_90d": 3}') AS between_edge,
	   rule_matches('vulnerable IS NOT TRUE', '{"vulnerable": null}') AS is_not_true,
	   rule_matches('vulnerable IS NULL', '{}') AS is_null;
-- a different condition in the same query recompiles (fn_extra cache keyed on the text)
SELECT c, rule_matches(c, '{"arpu": 10}')
FROM (VALUES ('arpu > 5'), ('arpu > 5'), ('arpu > 50'), ('arpu > 5')) v(c);
-- NULL arguments
SELECT rule_matches(NULL, '{}') IS NULL AS null_condition, rule_matches('TRUE', NULL) IS NULL AS null_facts;
-- a condition over arbitrary columns: each variable takes the type of its
-- JSON value; a missing key or a JSON null is NULL (FALSE AND NULL is FALSE)
SELECT f AS facts, rule_matches('balance > 10000 AND segment IN (''a'',''b'')', f::jsonb) AS matches
FROM unnest(ARRAY['{"balance": 20000, "segment": "b"}', '{"balance": 20000, "segment": "c"}',
				  '{"balance": 20000}', '{"balance": 20000, "segment": null}',
				  '{"balance": 5000}', '{"segment": "a"}', '{}']) WITH ORDINALITY u(f, k)
ORDER BY k;
-- keys are case-sensitive, identifiers are not: "Balance" is not balance
SELECT rule_matches('Balance > 1', '{"balance": 2}') AS folded, rule_matches('balance > 1', '{"Balance": 2}') AS other_key;
-- two variables compared: equal types compare, a missing one is NULL
SELECT rule_matches('a = b', '{"a": 1, "b": 1}') AS same, rule_matches('a = b', '{"a": "x", "b": "y"}') AS differ,
	   rule_matches('a = b', '{"a": 1}') AS missing;
-- a variable with two types is NULL while missing, an error once typed
SELECT rule_matches('arpu > 1 AND arpu = ''x''', '{}') AS missing;
SELECT rule_matches('arpu > 1 AND arpu = ''x''', '{"arpu": 2}');
-- errors
SELECT rule_matches('arpu >', '{}');
SELECT rule_matches('arpu > 1', '[1, 2]');
SELECT rule_matches('arpu > 1', '3');
-- a fact whose JSON type conflicts with the condition, even in a branch
-- that short-circuits (types are checked before evaluation)
SELECT rule_matches('balance > 1', '{"balance": "x"}');
SELECT rule_matches('balance > 1', '{"balance": true}');
SELECT rule_matches('FALSE AND balance > 1', '{"balance": "x"}');
SELECT rule_matches('arpu > 1', '{"arpu": "120"}');
SELECT rule_matches('emotional', '{"emotional": "yes"}');
SELECT rule_matches('a = b', '{"a": 1, "b": "1"}');
SELECT rule_matches('problem_type = ''app''', '{"problem_type": {"a": 1}}');
SELECT rule_matches('problem_type IS NULL', '{"problem_type": [1]}');
SELECT rule_matches('arpu > 1', '{"arpu": 1e400}');

-- the catalogue: every shipped rule is valid and normalised, every strategy is used
SELECT count(*) AS strategies, count(*) FILTER (WHERE builtin) AS shipped FROM strategies;
SELECT s.code FROM strategies s WHERE NOT EXISTS (SELECT 1 FROM rules r WHERE r.strategy = s.code);
SELECT id, condition FROM rules WHERE condition <> rule_check(condition);
-- disabled, demographic and time-bounded rules are visible as such
SELECT id, strategy, status, demographic FROM rule_catalogue WHERE status <> 'active' OR demographic ORDER BY id;
-- only the two demographic rules read gender or age, and both are disabled
SELECT id, enabled FROM rules WHERE rule_variables(condition) && ARRAY['gender', 'age'] ORDER BY id;
-- suspension-type and offer strategies are all guarded in their conditions too
SELECT r.id FROM rules r JOIN strategies s ON s.code = r.strategy
WHERE (s.suspension_type AND NOT ('vulnerable' = ANY (rule_variables(r.condition))))
   OR (s.offer AND NOT ('porting_requested' = ANY (rule_variables(r.condition))));

-- each shipped rule fires on a crafted customer and not on a near miss
CREATE TEMP TABLE crafted (id text PRIMARY KEY, fires jsonb, near_miss jsonb);
INSERT INTO crafted VALUES
('telecom.safeguard.vulnerable', '{"vulnerable": true}', '{"vulnerable": false}'),
('telecom.safeguard.porting', '{"porting_requested": true}', '{"porting_requested": false}'),
('telecom.value.green_channel', '{"customer_level": "platinum"}', '{"customer_level": "gold"}'),
('telecom.value.priority_queue', '{"customer_level": "diamond"}', '{"customer_level": "gold"}'),
('telecom.value.extended_authority', '{"customer_level": "diamond"}', '{"customer_level": "silver"}'),
('telecom.value.single_owner', '{"customer_level": "platinum"}', '{"customer_level": "ordinary"}'),
('telecom.value.exclusive_standard', '{"customer_level": "diamond"}', '{"customer_level": "platinum"}'),
('telecom.behaviour.emotional', '{"emotional": true}', '{"emotional": false, "behaviour_class": "regular"}'),
('telecom.behaviour.first_time', '{"behaviour_class": "first_time_good_faith"}', '{"behaviour_class": "regular"}'),
('telecom.behaviour.unreasonable', '{"complaints_90d": 4, "unreasonable_ratio": 0.6}', '{"complaints_90d": 9, "unreasonable_ratio": 0.1, "behaviour_class": "frequent_unreasonable"}'),
('telecom.behaviour.new_service', '{"problem_type": "new_service"}', '{"problem_type": "billing"}'),
('telecom.credit.delayed_suspension', '{"credit_grade": "high", "vulnerable": false}', '{"credit_grade": "high", "vulnerable": true}'),
('telecom.credit.special_reopening', '{"credit_grade": "high"}', '{"credit_grade": "medium"}'),
('telecom.credit.spend_monitoring', '{"credit_grade": "low"}', '{"credit_grade": "low", "vulnerable": true}'),
('telecom.credit.strict_roaming', '{"credit_grade": "low", "vulnerable": false}', '{"credit_grade": "medium", "vulnerable": false}'),
('telecom.lifecycle.identification', '{"lifecycle_stage": "identification"}', '{"lifecycle_stage": "identification", "porting_requested": true}'),
('telecom.lifecycle.growth', '{"lifecycle_stage": "growth"}', '{"lifecycle_stage": "stable"}'),
('telecom.lifecycle.stable', '{"lifecycle_stage": "stable"}', '{"lifecycle_stage": "growth"}'),
('telecom.lifecycle.warning', '{"lifecycle_stage": "warning", "porting_requested": false}', '{"lifecycle_stage": "warning", "porting_requested": true}'),
('telecom.value.data_heavy', '{"data_share": 0.5}', '{"data_share": 0.49}'),
('telecom.value.voice_heavy', '{"data_share": 0.2}', '{"data_share": 0.5}'),
('telecom.handling.history', '{"accepted_ratio": 0.8}', '{"accepted_ratio": null, "satisfaction": null}'),
('telecom.background.gender_m', '{"gender": "M"}', '{"gender": "F"}'),
('telecom.background.gender_f', '{"gender": "F"}', '{"gender": "M"}');
SELECT r.id, rule_matches(r.condition, c.fires) AS fires, rule_matches(r.condition, c.near_miss) AS near_miss
FROM rules r LEFT JOIN crafted c USING (id)
WHERE r.builtin
ORDER BY r.priority, r.id;

-- strategies_for: a whole customer, with the safeguards
SELECT strategy, rule_id, rule_version, routing_priority, refund_ceiling, approval_required
FROM strategies_for('telecom', '{"customer_level": "diamond", "lifecycle_stage": "warning", "credit_grade": "high",
								 "emotional": true, "data_share": 0.7, "problem_type": "app", "gender": "M"}');
-- vulnerable and porting out: no suspension-type strategy, no offer
SELECT strategy, reason
FROM strategies_for('telecom', '{"lifecycle_stage": "warning", "credit_grade": "low", "vulnerable": true,
								 "porting_requested": true}');
-- demographic rules only on explicit request (and only if enabled)
SELECT count(*) FROM strategies_for('telecom', '{"gender": "F"}', true);
SELECT count(*) FROM strategies_for('unknown_model', '{"vulnerable": true}');
-- an enabled demographic rule still needs the explicit switch
BEGIN;
UPDATE rules SET enabled = true WHERE id = 'telecom.background.gender_f';
SELECT count(*) AS without_switch FROM strategies_for('telecom', '{"gender": "F"}');
SELECT strategy, reason FROM strategies_for('telecom', '{"gender": "F"}', demographic_rules => true);
ROLLBACK;

-- a role with complaint_tier_use can read the catalogue and apply the rules,
-- not change them
CREATE ROLE regress_ct_reader;
GRANT complaint_tier_use TO regress_ct_reader;
SET ROLE regress_ct_reader;
SELECT strategy FROM complaint_tier.strategies_for('telecom', '{"vulnerable": true}');
SELECT count(*) AS readable_rules FROM complaint_tier.rule_catalogue;
UPDATE complaint_tier.rules SET enabled = true WHERE id = 'telecom.background.gender_m';
RESET ROLE;
REVOKE complaint_tier_use FROM regress_ct_reader;
DROP ROLE regress_ct_reader;

-- user rules: valid ones are accepted, bad ones refused at insert; a rule
-- belongs to a model (the model row is enough, its parts can follow)
INSERT INTO rules (id, model, condition, strategy) VALUES ('nomodel.r', 'nomodel', 'TRUE', 'customer_care');
INSERT INTO model (name) VALUES ('acme');
INSERT INTO strategies (code, title, description, basis)
VALUES ('callback_2h', 'Call back within two hours', 'A supervisor calls back within two hours.', 'behaviour');
INSERT INTO rules (id, model, priority, condition, strategy, routing_priority)
VALUES ('acme.escalated', 'acme', 5, 'escalations_12m >= 2 AND credit_grade <> ''low''', 'callback_2h', 2);
INSERT INTO rules (id, model, condition, strategy) VALUES ('acme.bad_syntax', 'acme', 'escalations_12m >= ', 'callback_2h');
-- any identifier is a variable: a rule over a column of the user's own
-- table is accepted (0.1.0 refused escalation_count as unknown)
INSERT INTO rules (id, model, condition, strategy) VALUES ('acme.own_column', 'acme', 'escalation_count > 1', 'callback_2h');
SELECT rule_id FROM strategies_for('acme', '{"escalation_count": 2}');
SELECT count(*) FROM strategies_for('acme', '{"escalation_count": 1}');
DELETE FROM rules WHERE id = 'acme.own_column';
-- a conflict between literals is still refused at insert
INSERT INTO rules (id, model, condition, strategy) VALUES ('acme.bad_type', 'acme', 'escalations_12m IN (2, ''2'')', 'callback_2h');
-- facts of another type than a rule needs: an error naming the rule
SELECT rule_id FROM strategies_for('acme', '{"escalations_12m": "3"}');
-- a comparison whose type only the facts decide is accepted; facts of the
-- other type make every evaluation of the model fail, naming the rule
BEGIN;
INSERT INTO rules (id, model, condition, strategy) VALUES ('acme.bad_type', 'acme', 'escalations_12m > ''2''', 'callback_2h');
SELECT count(*) FROM strategies_for('acme', '{}');
SELECT rule_id FROM strategies_for('acme', '{"escalations_12m": 3, "credit_grade": "high"}');
ROLLBACK;
INSERT INTO rules (id, model, condition, strategy) VALUES ('acme.gender', 'acme', 'gender = ''F'' AND TRUE', 'callback_2h');
INSERT INTO rules (id, model, condition, strategy) VALUES ('acme.age', 'acme', 'age >= 70', 'callback_2h');
INSERT INTO rules (id, model, condition, strategy, demographic, enabled, notes)
VALUES ('acme.age', 'acme', 'age >= 70', 'callback_2h', true, false, 'needs legal review');
INSERT INTO rules (id, model, condition, strategy) VALUES ('acme.nostrategy', 'acme', 'TRUE', 'no_such_strategy');
INSERT INTO rules (id, model, condition, strategy, valid_from, valid_to)
VALUES ('acme.backwards', 'acme', 'TRUE', 'callback_2h', '2026-02-01', '2026-01-01');
INSERT INTO rules (id, model, condition, strategy, routing_priority) VALUES ('acme.prio', 'acme', 'TRUE', 'callback_2h', 0);
INSERT INTO rules (id, model, condition, strategy) VALUES ('Acme Bad Id', 'acme', 'TRUE', 'callback_2h');
-- a strategy's basis is any identifier (a user model's dimension, or any name)
INSERT INTO strategies (code, title, description, basis) VALUES ('x', 't', 'd', 'gender');
SELECT code, basis FROM strategies WHERE code = 'x';
DELETE FROM strategies WHERE code = 'x';
INSERT INTO strategies (code, title, description, basis) VALUES ('x', 't', 'd', 'Gender Basis');
-- time-bounded rules: scheduled, expired, active
INSERT INTO rules (id, model, condition, strategy, valid_from, valid_to) VALUES
('acme.future', 'acme', 'TRUE', 'callback_2h', now() + interval '1 day', NULL),
('acme.past', 'acme', 'TRUE', 'callback_2h', NULL, now() - interval '1 day'),
('acme.current', 'acme', 'TRUE', 'callback_2h', now() - interval '1 day', now() + interval '1 day');
SELECT id, status, version FROM rule_catalogue WHERE model = 'acme' ORDER BY id;
-- acme.current also matches but gives the same strategy: the higher-priority rule names it
SELECT rule_id FROM strategies_for('acme', '{"escalations_12m": 3, "credit_grade": "high"}');
SELECT rule_id FROM strategies_for('acme', '{}', false, now() + interval '2 days');
-- one query, many customers and two models: each rule set is compiled once and reused per row
SELECT c.name, string_agg(s.strategy, ', ' ORDER BY s.priority, s.rule_id) AS strategies
FROM (VALUES ('a', 'telecom', '{"vulnerable": true, "credit_grade": "low"}'::jsonb),
			 ('b', 'telecom', '{"lifecycle_stage": "stable", "credit_grade": "high"}'),
			 ('c', 'acme', '{"escalations_12m": 5, "credit_grade": "medium"}'),
			 ('d', 'telecom', '{}'),
			 ('e', 'telecom', '{"customer_level": "gold", "emotional": true, "problem_type": "new_service", "data_share": 0.1}')) c(name, model, facts)
LEFT JOIN LATERAL strategies_for(c.model, c.facts) s ON true
GROUP BY c.name ORDER BY c.name;
-- NULL model or facts: no rows; a fact of the wrong type: an error
SELECT count(*) FROM strategies_for(NULL, '{}');
SELECT count(*) FROM strategies_for('telecom', NULL);
SELECT * FROM strategies_for('telecom', '{"vulnerable": "yes"}');
SELECT * FROM strategies_for('telecom', '[]');
-- a change bumps the version; a no-op update does not
UPDATE rules SET condition = 'escalations_12m >= 3' WHERE id = 'acme.escalated';
UPDATE rules SET notes = 'reviewed' WHERE id = 'acme.escalated';
UPDATE rules SET enabled = false WHERE id = 'acme.escalated';
SELECT id, version, status FROM rule_catalogue WHERE id = 'acme.escalated';
UPDATE rules SET condition = 'escalations_12m >>= 3' WHERE id = 'acme.escalated';
-- user rows are dumped, shipped rows are not
SELECT c.relname, x.cond
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(oid, cond)
JOIN pg_class c ON c.oid = x.oid
WHERE e.extname = 'complaint_tier' AND c.relname IN ('rules', 'strategies') ORDER BY 1;
DELETE FROM rules WHERE model = 'acme';
DELETE FROM model WHERE name = 'acme';
DELETE FROM strategies WHERE code = 'callback_2h';
