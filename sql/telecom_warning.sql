-- The telecom model's warning lifecycle stage (doc/outcome_weighting.md, "The
-- telecom warning stage"): since 0.2.0 it fires from complaint intensity
-- (complaints_90d >= 4) as well as from a porting request or satisfaction
-- at most 2, and a user can redefine it from learned rules (the conditions
-- suggest_rules returns) in a copy of the model, by define_model or by
-- UPDATE complaint_tier.classification.
SET search_path = complaint_tier, public;
\set SHOW_CONTEXT never

CREATE TABLE tw_src AS SELECT * FROM sample_customers(2000, 5);
SELECT fit('telecom', 'tw_src') AS version;

-- the stage and the retention offer on crafted customers: 4 complaints in
-- 90 days warn, 3 do not; a porting request still gets no offer
SELECT f.label, e.class_labels[1] AS stage, 'retention' = ANY (e.strategies) AS retention
FROM (VALUES (1, '3 complaints',            '{"tenure_months": 40, "complaints_90d": 3, "satisfaction": 4}'::jsonb),
             (2, '4 complaints',            '{"tenure_months": 40, "complaints_90d": 4, "satisfaction": 4}'),
             (3, '4 complaints, new',       '{"tenure_months": 2, "complaints_90d": 4}'),
             (4, '4 complaints, porting',   '{"tenure_months": 40, "complaints_90d": 4, "porting_requested": true}'),
             (5, 'unhappy, 1 complaint',    '{"tenure_months": 40, "complaints_90d": 1, "satisfaction": 2}'),
             (6, 'complaints unknown',      '{"tenure_months": 40}')) f(n, label, facts)
CROSS JOIN LATERAL evaluate('telecom', f.facts) e ORDER BY f.n;

-- on the sample: every customer with 4 or more complaints is in warning
SELECT c.complaints_90d >= 4 AS intense, e.class_labels[1] = 'warning' AS warning, count(*)
FROM tw_src c CROSS JOIN LATERAL evaluate('telecom', c) e GROUP BY 1, 2 ORDER BY 1, 2;

-- Redefining the stage from learned rules.  suggest_rules(model, source,
-- outcome) returns an ordered list of conditions in the rule language with
-- their support and lift; an analyst keeps the ones that matter and pastes
-- them into a copy of the model (the shipped rows are recreated by CREATE
-- EXTENSION and left out of pg_dump, so edit a copy).  Here two such
-- conditions stand for its output:
CREATE TEMP TABLE learned (position int, condition text, lift float8);
INSERT INTO learned VALUES (1, 'complaints_90d >= 3 AND satisfaction <= 3.2', 3.4),
                           (2, 'escalations_12m >= 2', 2.1),
                           (3, 'true', 0.8);
-- (a) by define_model: the copy's warning condition is the learned rules
-- with lift >= 2, joined by OR
SELECT define_model('my_telecom',
         jsonb_set((model_spec('telecom') - 'rules') || '{"source": "tw_src"}', '{classifications,0,labels,0,when}',
                   to_jsonb((SELECT string_agg(format('(%s)', condition), ' OR ' ORDER BY position)
                             FROM learned WHERE lift >= 2 AND condition <> 'true')))) AS copy;
SELECT conditions[1] AS warning_when FROM classification WHERE model = 'my_telecom' AND name = 'lifecycle_stage';
SELECT fit('my_telecom', 'tw_src') AS version;
SELECT e.class_labels[1] AS stage, count(*)
FROM tw_src c CROSS JOIN LATERAL evaluate('my_telecom', c) e GROUP BY 1 ORDER BY 1;
-- (b) by UPDATE: the same validator checks the edit (against the copy's
-- source): a condition on an unknown column or with a syntax error is
-- refused, a valid one is used by the next fit
UPDATE classification SET conditions[1] = 'complaints_90d >= 3 AND mood = ''bad'''
WHERE model = 'my_telecom' AND name = 'lifecycle_stage';
UPDATE classification SET conditions[1] = 'complaints_90d >='
WHERE model = 'my_telecom' AND name = 'lifecycle_stage';
UPDATE classification SET conditions[1] = 'porting_requested OR complaints_90d >= 5'
WHERE model = 'my_telecom' AND name = 'lifecycle_stage';
SELECT fit('my_telecom', 'tw_src') AS version;
SELECT e.class_labels[1] AS stage, count(*)
FROM tw_src c CROSS JOIN LATERAL evaluate('my_telecom', c) e GROUP BY 1 ORDER BY 1;

DELETE FROM model WHERE name = 'my_telecom';
DELETE FROM active_version WHERE model = 'telecom';
DELETE FROM model_version WHERE model = 'telecom';
DROP TABLE tw_src;
