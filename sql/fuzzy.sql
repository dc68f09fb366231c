-- Layer 1 fuzzy comprehensive evaluation: fuzzy_membership, fuzzy_evaluate
-- (four operators) and fuzzy_score.  Published results are named with their
-- source; the other operators' values on the same data were computed
-- independently with numpy 1.24 and are given in the comments.
SET search_path = complaint_tier, public;

-- fuzzy_membership: triangular partition over grade centres 0,25,50,75,100.
-- x = 60 lies between 50 and 75: (75-60)/25 = 0.6 in grade 3, 0.4 in grade 4.
SELECT fuzzy_membership(60, '{0,25,50,75,100}');
-- on a centre, below the first and above the last centre
SELECT fuzzy_membership(25, '{0,25,50,75,100}') AS on_centre,
       fuzzy_membership(-3, '{0,25,50,75,100}') AS below,
       fuzzy_membership(1e6, '{0,25,50,75,100}') AS above;
-- one grade: everything belongs to it
SELECT fuzzy_membership(7, '{3}');
-- the memberships always sum to 1 and at most two are positive
SELECT bool_and(abs((SELECT sum(m) FROM unnest(fuzzy_membership(x, '{0,10,40,45,100}')) m) - 1) < 1e-15) AS sums_to_1,
       bool_and((SELECT count(*) FROM unnest(fuzzy_membership(x, '{0,10,40,45,100}')) m WHERE m > 0) BETWEEN 1 AND 2) AS at_most_two
FROM generate_series(-20, 120) x;

-- The clothing example (factors: pattern, style, durability, price; grades:
-- very welcome, welcome, not very welcome, unwelcome), R as below, customer
-- classes A1 = (.1,.2,.3,.4) and A2 = (.4,.35,.15,.1).  Published M(min,max)
-- results B1 = (.2,.3,.4,.1) and B2 = (.35,.4,.2,.1), from the textbook
-- MATLAB listing "Example8_4" of fuzzy comprehensive evaluation, as
-- reproduced at https://e-com-net.com/article/1276296104417181696.htm (the
-- textbook itself could not be consulted).  numpy, same data:
--   weighted_average A1 (.24,.33,.39,.04),  A2 (.345,.36,.24,.055)
--   product_max      A1 (.14,.12,.2,.03),   A2 (.245,.2,.08,.04)
--   min_sum          A1 (.5,.9,.9,.2),      A2 (.65,.85,.55,.2)
CREATE TEMP TABLE clothing AS SELECT
  '{{0.2,0.5,0.2,0.1},{0.7,0.2,0.1,0},{0,0.4,0.5,0.1},{0.2,0.3,0.5,0}}'::float8[] AS r,
  '{0.1,0.2,0.3,0.4}'::float8[] AS a1,
  '{0.4,0.35,0.15,0.1}'::float8[] AS a2;
SELECT fuzzy_evaluate(a1, r, 'min_max') AS b1, fuzzy_evaluate(a2, r, 'min_max') AS b2 FROM clothing;
SELECT op, (SELECT array_agg(round(x::numeric, 10)) FROM unnest(fuzzy_evaluate(a1, r, op)) x) AS b1,
           (SELECT array_agg(round(x::numeric, 10)) FROM unnest(fuzzy_evaluate(a2, r, op)) x) AS b2
FROM clothing, unnest(ARRAY['weighted_average', 'min_max', 'product_max', 'min_sum']) op;
-- the default operator is weighted_average
SELECT fuzzy_evaluate(a1, r) = fuzzy_evaluate(a1, r, 'weighted_average') AS same FROM clothing;
-- maximum-membership principle: B1 peaks at grade 3 (not very welcome),
-- B2 at grade 2 (welcome), as the source concludes
SELECT (SELECT i FROM unnest(fuzzy_evaluate(a1, r, 'min_max')) WITH ORDINALITY t(b, i) ORDER BY b DESC LIMIT 1) AS class1,
       (SELECT i FROM unnest(fuzzy_evaluate(a2, r, 'min_max')) WITH ORDINALITY t(b, i) ORDER BY b DESC LIMIT 1) AS class2
FROM clothing;
-- weights are rescaled to sum 1: (1,2,3,4) acts as (.1,.2,.3,.4)
SELECT op, (SELECT array_agg(round(x::numeric, 10)) FROM unnest(fuzzy_evaluate('{1,2,3,4}', r, op)) x)
         = (SELECT array_agg(round(x::numeric, 10)) FROM unnest(fuzzy_evaluate(a1, r, op)) x) AS same
FROM clothing, unnest(ARRAY['weighted_average', 'min_max', 'product_max', 'min_sum']) op;

-- Lecture notes "第七讲 模糊综合评价法" (Lecture 7: fuzzy comprehensive
-- evaluation), example 1, how welcome a garment is to a class of male
-- customers: W = (.1,.1,.15,.3,.35), factors pattern, style, price,
-- durability, comfort; published M(min,max) B = (.35,.30,.30,.15), sum 1.1,
-- normalised (.32,.27,.27,.14); copy at https://m.wenku365.com/p-43535473.html.
-- numpy: weighted_average (.205,.32,.39,.085), product_max
-- (.175,.12,.15,.045), min_sum (.55,.9,.85,.35).
CREATE TEMP TABLE garment AS SELECT
  '{{0.2,0.5,0.3,0},{0.1,0.3,0.5,0.1},{0,0.1,0.6,0.3},{0,0.4,0.5,0.1},{0.5,0.3,0.2,0}}'::float8[] AS r,
  '{0.1,0.1,0.15,0.3,0.35}'::float8[] AS w;
SELECT fuzzy_evaluate(w, r, 'min_max') AS b,
       (SELECT array_agg(round((x / s)::numeric, 2))
        FROM unnest(fuzzy_evaluate(w, r, 'min_max')) x,
             (SELECT sum(y) s FROM unnest(fuzzy_evaluate(w, r, 'min_max')) y) t) AS normalised
FROM garment;
SELECT op, (SELECT array_agg(round(x::numeric, 10)) FROM unnest(fuzzy_evaluate(w, r, op)) x) AS b
FROM garment, unnest(ARRAY['weighted_average', 'product_max', 'min_sum']) op;

-- Training notes "关于模糊综合评价的矩阵算法" (matrix computation of fuzzy
-- comprehensive evaluation), copy at https://www.wenku365.com/d-44813560.html:
-- A = (.2,.2,.2,.4), five grades; published M(min,max) B = (.1,.2,.4,.3,.2),
-- normalised (.083,.167,.333,.250,.167).  numpy: weighted_average
-- (.02,.14,.36,.34,.14), product_max (.02,.08,.2,.12,.08), min_sum
-- (.1,.5,1,.9,.5): the bounded sum reaches 1 in grade 3 and stops there.
CREATE TEMP TABLE training AS SELECT
  '{{0,0.1,0.2,0.3,0.4},{0.1,0.1,0.4,0.2,0.2},{0,0.1,0.2,0.6,0.1},{0,0.2,0.5,0.3,0}}'::float8[] AS r,
  '{0.2,0.2,0.2,0.4}'::float8[] AS a;
SELECT op, (SELECT array_agg(round(x::numeric, 10)) FROM unnest(fuzzy_evaluate(a, r, op)) x) AS b
FROM training, unnest(ARRAY['weighted_average', 'min_max', 'product_max', 'min_sum']) op;
SELECT (SELECT array_agg(round((x / s)::numeric, 3))
        FROM unnest(fuzzy_evaluate(a, r, 'min_max')) x,
             (SELECT sum(y) s FROM unnest(fuzzy_evaluate(a, r, 'min_max')) y) t) AS normalised
FROM training;

-- fuzzy_score: B = (.24,.33,.39,.04) (clothing, A1, weighted average) with
-- grade values 100, 75, 50, 25: 24 + 24.75 + 19.5 + 1 = 69.25
SELECT round(fuzzy_score('{0.24,0.33,0.39,0.04}', '{100,75,50,25}')::numeric, 10) AS score;
-- scale-free: an unnormalised B (min_max, sum 1.1) scores as its normalisation
SELECT round(fuzzy_score('{0.35,0.30,0.30,0.15}', '{4,3,2,1}')::numeric, 10) AS raw,
       round(fuzzy_score(ARRAY[0.35/1.1,0.30/1.1,0.30/1.1,0.15/1.1], '{4,3,2,1}')::numeric, 10) AS normalised;
-- single grade and ties
SELECT fuzzy_score('{0.7}', '{42}') AS single, fuzzy_score('{0.5,0.5}', '{10,20}') AS tie;
-- full pipeline: membership rows from raw values, then evaluation and score
SELECT round(fuzzy_score(fuzzy_evaluate('{0.6,0.4}',
         ARRAY[fuzzy_membership(60, '{0,50,100}'), fuzzy_membership(90, '{0,50,100}')]),
         '{0,50,100}')::numeric, 10) AS score;

-- NULL arguments: STRICT
SELECT fuzzy_membership(NULL, '{1,2}') IS NULL AS a, fuzzy_membership(1, NULL) IS NULL AS b,
       fuzzy_evaluate(NULL, '{{1}}') IS NULL AS c, fuzzy_evaluate('{1}', '{{1}}', NULL) IS NULL AS d,
       fuzzy_score(NULL, '{1}') IS NULL AS e;

-- Errors
\set VERBOSITY default
SELECT fuzzy_membership(1, '{}');
SELECT fuzzy_membership(1, '{0,5,5}');
SELECT fuzzy_membership(1, '{0,5,4}');
SELECT fuzzy_membership(1, '{0,NULL}');
SELECT fuzzy_membership('NaN', '{0,1}');
SELECT fuzzy_membership(1, '{0,Infinity}');
SELECT fuzzy_membership(1, (SELECT array_agg(g::float8) FROM generate_series(1, 65) g));
SELECT fuzzy_evaluate('{}', '{{1}}');
SELECT fuzzy_evaluate('{1}', '{}');
SELECT fuzzy_evaluate('{0.5,0.5}', '{0.5,0.5}');
SELECT fuzzy_evaluate('{0.5,0.5}', '{{0.5,0.5},{0.5,0.5},{1,0}}');
SELECT fuzzy_evaluate('{0.5,0.5}', '{{0.5,0.5},{1.2,0}}');
SELECT fuzzy_evaluate('{0.5,0.5}', '{{0.5,0.5},{-0.1,0}}');
SELECT fuzzy_evaluate('{0.5,-0.5}', '{{0.5,0.5},{1,0}}');
SELECT fuzzy_evaluate('{0,0}', '{{0.5,0.5},{1,0}}');
SELECT fuzzy_evaluate('{0.5,0.5}', '{{0.5,NULL},{1,0}}');
SELECT fuzzy_evaluate('{0.5,NaN}', '{{0.5,0.5},{1,0}}');
SELECT fuzzy_evaluate('{0.5,0.5}', '{{0.5,0.5},{1,0}}', 'max_min');
SELECT fuzzy_evaluate('{1}', array_fill(0.5::float8, ARRAY[1,65]));
SELECT fuzzy_score('{}', '{}');
SELECT fuzzy_score('{0.5,0.5}', '{1,2,3}');
SELECT fuzzy_score('{0,0,0}', '{1,2,3}');
SELECT fuzzy_score('{0.5,-0.1}', '{1,2}');
SELECT fuzzy_score('{0.5,0.5}', '{1,NULL}');
SELECT fuzzy_score('{1e308,1e308}', '{1,2}');
