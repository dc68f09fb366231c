-- Layer 1 AHP: ahp_weights (eigenvector, geometric, arithmetic) and
-- ahp_consistency.  Reference values with 15 digits were computed
-- independently with numpy 1.24 (numpy.linalg.eig, principal eigenvector
-- normalised to sum 1); published values are named with their source.
SET search_path = complaint_tier, public;

-- Saaty, T. L. (1990). How to make a decision: The analytic hierarchy
-- process. European Journal of Operational Research 48(1), 9-26, the house
-- example's 8 criteria (size, transportation, neighbourhood, age, yard,
-- modern facilities, condition, financing).  Published priorities
-- .173 .054 .188 .018 .031 .036 .167 .333; lambda_max = 9.669,
-- C.I. = 0.238, C.R. = 0.169 (not consistent).  The published figures are
-- quoted from the paper as remembered, not re-read in this work; numpy
-- agrees with every quoted digit, which supports the transcription.
-- numpy: 0.173017474648348 0.053975722999039 0.188110298857441
-- 0.017507911308196 0.031043736403902 0.036322202154656 0.166833673626348
-- 0.333188980002070; lambda_max 9.668887317118150, CI 0.238412473874021,
-- CR 0.169086860903561.
CREATE TEMP TABLE house AS SELECT ARRAY[
  [1,   5,   3,   7,   6,   6,   1/3.0, 1/4.0],
  [1/5.0, 1, 1/3.0, 5,   3,   3,   1/5.0, 1/7.0],
  [1/3.0, 3,   1,   6,   3,   4,   6,   1/5.0],
  [1/7.0, 1/5.0, 1/6.0, 1, 1/3.0, 1/4.0, 1/7.0, 1/8.0],
  [1/6.0, 1/3.0, 1/3.0, 3, 1,   1/2.0, 1/5.0, 1/6.0],
  [1/6.0, 1/3.0, 1/4.0, 4, 2,   1,   1/5.0, 1/6.0],
  [3,   5,   1/6.0, 7,   5,   5,   1,   1/2.0],
  [4,   7,   5,   8,   6,   6,   2,   1]]::float8[] AS m;
SELECT i, round(w::numeric, 3) AS published, round(w::numeric, 10) AS w
FROM house, unnest(ahp_weights(m)) WITH ORDINALITY AS t(w, i);
SELECT n, round(lambda_max::numeric, 3) AS lambda_max, round(ci::numeric, 3) AS ci,
       ri, round(cr::numeric, 3) AS cr, consistent
FROM house, ahp_consistency(m);
SELECT round(lambda_max::numeric, 10) AS lambda_max, round(ci::numeric, 10) AS ci,
       round(cr::numeric, 10) AS cr
FROM house, ahp_consistency(m);
-- the default method is the eigenvector
SELECT ahp_weights(m) = ahp_weights(m, 'eigenvector') AS same FROM house;

-- Saaty, T. L. (2008). Decision making with the analytic hierarchy process.
-- International Journal of Services Sciences 1(1), 83-98, "Which drink is
-- consumed more in the U.S.?" (coffee, wine, tea, beer, sodas, milk,
-- water).  Published derived scale .177 .019 .042 .116 .190 .129 .327
-- (quoted as remembered, not re-read in this work; numpy agrees with every
-- quoted digit).
-- numpy eigenvector 0.177456747445717 0.019149476024354 0.041831181662098
-- 0.116417031734859 0.189572375326176 0.128780548538723 0.326792639268074;
-- geometric 0.178723384591028 0.018460616160310 0.042234387319881
-- 0.116498397754403 0.191135509192356 0.128624659320438 0.324323045661585;
-- arithmetic 0.177559599922813 0.019542292082133 0.042139494954532
-- 0.117298408098704 0.188837795411534 0.129590131671498 0.325032277858785;
-- lambda_max 7.176629039330350, CR 0.022301646380095 (RI 1.32).
CREATE TEMP TABLE drinks AS SELECT ARRAY[
  [1,     9, 5,     2,     1,     1,     1/2.0],
  [1/9.0, 1, 1/3.0, 1/9.0, 1/9.0, 1/9.0, 1/9.0],
  [1/5.0, 3, 1,     1/3.0, 1/4.0, 1/3.0, 1/9.0],
  [1/2.0, 9, 3,     1,     1/2.0, 1,     1/3.0],
  [1,     9, 4,     2,     1,     2,     1/2.0],
  [1,     9, 3,     1,     1/2.0, 1,     1/3.0],
  [2,     9, 9,     3,     2,     3,     1]]::float8[] AS m;
SELECT i, round(e::numeric, 3) AS published, round(e::numeric, 10) AS eigenvector,
       round(g::numeric, 10) AS geometric, round(a::numeric, 10) AS arithmetic
FROM drinks,
     unnest(ahp_weights(m, 'eigenvector'), ahp_weights(m, 'geometric'),
            ahp_weights(m, 'arithmetic')) WITH ORDINALITY AS t(e, g, a, i);
SELECT n, round(lambda_max::numeric, 10) AS lambda_max, ri,
       round(cr::numeric, 10) AS cr, consistent
FROM drinks, ahp_consistency(m);
-- every method's weights sum to 1
SELECT meth, round((SELECT sum(x) FROM unnest(ahp_weights(m, meth)) x)::numeric, 12) AS total
FROM drinks, unnest(ARRAY['eigenvector', 'geometric', 'arithmetic']) meth;

-- Saaty, T. L. (1977). A scaling method for priorities in hierarchical
-- structures. Journal of Mathematical Psychology 15(3), 234-281: the
-- relative brightness of four chairs at increasing distances from a light
-- source, as commonly reproduced.  The paper's figures could not be checked
-- in this work (recalled as about (.61, .24, .10, .05), lambda_max 4.39);
-- the values below are numpy's for this matrix: 0.618668779632119
-- 0.235322821644560 0.100933972897763 0.045074425825559, lambda_max
-- 4.390730218576200, CI 0.130243406192067, CR (RI 0.90) 0.144714895768963:
-- an inconsistent matrix, CR > 0.1.
SELECT round(w::numeric, 10) AS w
FROM unnest(ahp_weights(ARRAY[[1,5,6,7],[1/5.0,1,4,6],[1/6.0,1/4.0,1,4],[1/7.0,1/6.0,1/4.0,1]]::float8[])) w;
SELECT n, round(lambda_max::numeric, 10) AS lambda_max,
       round(ci::numeric, 10) AS ci, ri, round(cr::numeric, 10) AS cr, consistent
FROM ahp_consistency(ARRAY[[1,5,6,7],[1/5.0,1,4,6],[1/6.0,1/4.0,1,4],[1/7.0,1/6.0,1/4.0,1]]::float8[]);

-- A perfectly consistent 3 x 3, a_ij = w_i/w_j with w = (4,2,1)/7: every
-- method gives exactly 4/7, 2/7, 1/7 = 0.5714285714, 0.2857142857,
-- 0.1428571429; lambda_max = 3, CI = CR = 0.
SELECT round(w::numeric, 10) AS eigenvector FROM unnest(ahp_weights('{{1,2,4},{0.5,1,2},{0.25,0.5,1}}')) w;
SELECT round(w::numeric, 10) AS geometric FROM unnest(ahp_weights('{{1,2,4},{0.5,1,2},{0.25,0.5,1}}', 'geometric')) w;
SELECT round(w::numeric, 10) AS arithmetic FROM unnest(ahp_weights('{{1,2,4},{0.5,1,2},{0.25,0.5,1}}', ' ARITHMETIC ')) w;
SELECT * FROM ahp_consistency('{{1,2,4},{0.5,1,2},{0.25,0.5,1}}');

-- An inconsistent 3 x 3 (1 beats 2 by 5, 2 beats 3 by 3, 3 beats 1 by 3).
-- numpy: eigenvector 0.391418336745627 0.278446652245032 0.330135011009342
-- (= geometric for n = 3), arithmetic 0.368163999742947 0.299273825589615
-- 0.332562174667438, lambda_max 4.838037526257308, CR 1.584515108842507.
SELECT round(e::numeric, 10) AS eigenvector, round(g::numeric, 10) AS geometric,
       round(a::numeric, 10) AS arithmetic
FROM unnest(ahp_weights(ARRAY[[1,5,1/3.0],[1/5.0,1,3],[3,1/3.0,1]]::float8[]),
            ahp_weights(ARRAY[[1,5,1/3.0],[1/5.0,1,3],[3,1/3.0,1]]::float8[], 'geometric'),
            ahp_weights(ARRAY[[1,5,1/3.0],[1/5.0,1,3],[3,1/3.0,1]]::float8[], 'arithmetic')) AS t(e, g, a);
SELECT n, round(lambda_max::numeric, 10) AS lambda_max, round(ci::numeric, 10) AS ci, ri,
       round(cr::numeric, 10) AS cr, consistent
FROM ahp_consistency(ARRAY[[1,5,1/3.0],[1/5.0,1,3],[3,1/3.0,1]]::float8[]);

-- Reciprocals typed with two decimals are accepted and replaced by the
-- exact reciprocals of the upper triangle: (9,3,1)/13 = 0.6923076923,
-- 0.2307692308, 0.0769230769, CR 0.
SELECT round(w::numeric, 10) AS w FROM unnest(ahp_weights('{{1,3,9},{0.33,1,3},{0.11,0.33,1}}')) w;
SELECT n, round(lambda_max::numeric, 10) AS lambda_max, round(ci::numeric, 10) AS ci,
       round(cr::numeric, 10) AS cr, ci >= 0 AS ci_not_negative, consistent
FROM ahp_consistency('{{1,3,9},{0.33,1,3},{0.11,0.33,1}}');
-- the worst two-decimal cases: 0.12 or 0.13 for 1/8
SELECT ahp_weights('{{1,8},{0.12,1}}') AS w1, ahp_weights('{{1,8},{0.13,1}}') AS w2;

-- Edge orders: 1 x 1 and 2 x 2 are always consistent
SELECT ahp_weights('{{1}}') AS w, (ahp_consistency('{{1}}')).*;
SELECT ahp_weights('{{1,4},{0.25,1}}') AS w, (ahp_consistency('{{1,4},{0.25,1}}')).*;
-- all-equal judgements (ties): equal weights
SELECT ahp_weights(array_fill(1::float8, ARRAY[5,5]), 'arithmetic') AS w;
-- order 15 has a random index (1.59); order 16 has none
SELECT n, ri, cr, consistent FROM ahp_consistency(array_fill(1::float8, ARRAY[15,15]));
-- order 64 (the limit) works for the weights
SELECT round((SELECT sum(x) FROM unnest(ahp_weights(array_fill(1::float8, ARRAY[64,64]))) x)::numeric, 12) AS total;

-- NULL arguments: STRICT
SELECT ahp_weights(NULL) IS NULL AS null_matrix, ahp_weights('{{1}}', NULL) IS NULL AS null_method,
       (ahp_consistency(NULL)).n IS NULL AS null_consistency;

-- Errors
\set VERBOSITY default
SELECT ahp_weights('{}');
SELECT ahp_weights('{1,2,3}');
SELECT ahp_weights('{{1,2,3},{0.5,1,2}}');
SELECT ahp_consistency('{{1,2,3},{0.5,1,2}}');
SELECT ahp_weights('{{1,NULL},{1,1}}');
SELECT ahp_weights('{{1,NaN},{1,1}}');
SELECT ahp_weights('{{1,Infinity},{0,1}}');
SELECT ahp_weights('{{1,-3},{-0.333,1}}');
SELECT ahp_weights('{{1,0},{1,1}}');
SELECT ahp_weights('{{2,3},{0.333,1}}');
SELECT ahp_weights('{{1,3},{0.3,1}}');
SELECT ahp_consistency('{{1,3,5},{0.333,1,2},{0.2,2,1}}');
SELECT ahp_weights('{{1,2},{0.5,1}}', 'eigen');
SELECT ahp_weights(array_fill(1::float8, ARRAY[65,65]));
SELECT ahp_consistency(array_fill(1::float8, ARRAY[16,16]));
SELECT ahp_weights('{{{1}}}');
-- power iteration that cannot converge: cyclic judgements of 1e6 make
-- |lambda_2|/lambda_1 ~ 1 - 1e-6; the geometric method still works
SELECT ahp_weights('{{1,1e6,2e-6},{1e-6,1,1e6},{5e5,1e-6,1}}');
SELECT ahp_consistency('{{1,1e6,2e-6},{1e-6,1,1e6},{5e5,1e-6,1}}');
SELECT round(w::numeric, 10) AS w FROM unnest(ahp_weights('{{1,1e6,2e-6},{1e-6,1,1e6},{5e5,1e-6,1}}', 'geometric')) w;
-- a column sum that overflows float8
SELECT ahp_weights('{{1,1,1e308},{1,1,1e308},{1e-308,1e-308,1}}', 'arithmetic');
