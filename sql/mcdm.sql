-- Layer 1 multi-criteria evaluation of one alternative: topsis,
-- grey_relational_grade, vikor, vikor_q.  Each numeric block names the
-- published worked example it reproduces; see doc/mcdm.md.
SET search_path = complaint_tier, public;

-- SQLSTATE and message of a statement, for the error matrix at the end.
CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

------------------------------------------------------------------------
-- TOPSIS: Hwang & Yoon (1981), Multiple Attribute Decision Making: Methods
-- and Applications, Springer LNEMS 186, fighter-aircraft example (also in
-- Yoon & Hwang 1995, Sage).  Vector normalisation, ideal = column max
-- (min for the cost attribute 4), w = (0.2, 0.1, 0.1, 0.1, 0.2, 0.3).
-- Published closeness: A1 0.643, A2 0.268, A3 0.613, A4 0.312; the book
-- works with rounded intermediate tables, and our unrounded A3 (0.61354)
-- rounds to 0.614, so the check is |C - published| < 0.001.  python3
-- recomputation: 0.6432770006, 0.2683835677, 0.6135422900, 0.3122910656.
------------------------------------------------------------------------
CREATE TEMP TABLE aircraft (alt int, crit int, x float8);
INSERT INTO aircraft
SELECT a, c, (ARRAY[[2.0, 1500, 20000, 5.5, 5, 9],
                    [2.5, 2700, 18000, 6.5, 3, 5],
                    [1.8, 2000, 21000, 4.5, 7, 7],
                    [2.2, 1800, 20000, 5.0, 5, 5]])[a][c]
FROM generate_series(1, 4) a, generate_series(1, 6) c;
CREATE TEMP TABLE aircraft_crit (crit int, w float8, cost bool);
INSERT INTO aircraft_crit VALUES
	(1, 0.2, false), (2, 0.1, false), (3, 0.1, false),
	(4, 0.1, true), (5, 0.2, false), (6, 0.3, false);

WITH r AS (
	SELECT a.alt, a.crit, k.cost,
		   a.x / sqrt(sum(a.x * a.x) OVER (PARTITION BY a.crit)) AS r
	FROM aircraft a JOIN aircraft_crit k USING (crit)
), ref AS (
	SELECT array_agg(ideal ORDER BY crit) AS ideal, array_agg(anti ORDER BY crit) AS anti
	FROM (SELECT crit,
				 CASE WHEN bool_and(cost) THEN min(r) ELSE max(r) END AS ideal,
				 CASE WHEN bool_and(cost) THEN max(r) ELSE min(r) END AS anti
		  FROM r GROUP BY crit) p
), v AS (
	SELECT alt, array_agg(r ORDER BY crit) AS v FROM r GROUP BY alt
)
SELECT v.alt, p.published,
	   round(c.c::numeric, 10) AS closeness,
	   abs(c.c - p.published) < 0.001 AS matches_published
FROM v, ref,
	 LATERAL (SELECT topsis(v.v, (SELECT array_agg(w ORDER BY crit) FROM aircraft_crit),
							ref.ideal, ref.anti) AS c) c,
	 LATERAL (SELECT (ARRAY[0.643, 0.268, 0.613, 0.312])[v.alt]::float8 AS published) p
ORDER BY v.alt;

------------------------------------------------------------------------
-- Opricovic & Tzeng (2004), "Compromise solution by MCDM methods: A
-- comparative analysis of VIKOR and TOPSIS", EJOR 156(2):445-455,
-- numerical example: three alternatives on risk (cost) and altitude
-- (benefit), w = (0.5, 0.5).  Table 3 publishes
--   TOPSIS closeness 0.762, 0.722, 0.238
--   VIKOR S = 0.5, 0.375, 0.5; R = 0.5, 0.25, 0.5; Q (v = 0.5) = 1, 0, 1.
------------------------------------------------------------------------
CREATE TEMP TABLE ot (alt text, risk float8, altitude float8);
INSERT INTO ot VALUES ('A1', 1, 3000), ('A2', 2, 3750), ('A3', 5, 4500);

-- TOPSIS with vector normalisation
WITH n AS (
	SELECT alt, risk / sqrt(sum(risk * risk) OVER ()) AS risk,
		   altitude / sqrt(sum(altitude * altitude) OVER ()) AS altitude
	FROM ot
), ref AS (
	SELECT ARRAY[min(risk), max(altitude)] AS ideal,
		   ARRAY[max(risk), min(altitude)] AS anti
	FROM n
)
SELECT alt, round(topsis(ARRAY[risk, altitude], ARRAY[0.5, 0.5], ideal, anti)::numeric, 3) AS closeness
FROM n, ref ORDER BY alt;

-- VIKOR on the raw values: best = (min risk, max altitude), worst the opposite
WITH ref AS (
	SELECT ARRAY[min(risk), max(altitude)] AS best,
		   ARRAY[max(risk), min(altitude)] AS worst
	FROM ot
), sr AS (
	SELECT o.alt, x.s, x.r
	FROM ot o, ref CROSS JOIN LATERAL vikor(ARRAY[o.risk, o.altitude], ARRAY[0.5, 0.5], ref.best, ref.worst) x
)
SELECT alt, s, r,
	   vikor_q(s, r, min(s) OVER (), max(s) OVER (), min(r) OVER (), max(r) OVER ()) AS q,
	   vikor_q(s, r, min(s) OVER (), max(s) OVER (), min(r) OVER (), max(r) OVER (), 0.5) AS q_v05,
	   vikor_q(s, r, min(s) OVER (), max(s) OVER (), min(r) OVER (), max(r) OVER (), 1) AS q_v1
FROM sr ORDER BY alt;

-- the paper's problem phi (other units, same preferences) gives the same S and R
SELECT alt, (vikor(f, ARRAY[0.5, 0.5], ARRAY[6, 3.5], ARRAY[10, 2.0])).*
FROM (VALUES ('A1', ARRAY[6, 2.0]::float8[]), ('A2', ARRAY[7, 2.75]), ('A3', ARRAY[10, 3.5])) t(alt, f)
ORDER BY alt;

------------------------------------------------------------------------
-- Grey relational analysis: Si Shoukui & Sun Xijing, Mathematical
-- Modeling Algorithms and Applications (National Defense Industry Press,
-- 2011), ch. 14, example 14.5: 6 alternatives x 9 indicators (2-4 cost),
-- min-max normalised (here with complaint_tier.normalize), reference =
-- column maxima, population delta_min/delta_max, rho = 0.5, equal weights.
-- Grades computed independently with python3 from the published data:
-- 0.4629924299, 0.5559942770, 0.6490736285, 0.6527227020, 0.4935620015,
-- 0.6130150409 (ranking 4, 3, 6, 2, 5, 1).
------------------------------------------------------------------------
CREATE TEMP TABLE gra (ind int, alt int, x float8, cost bool);
INSERT INTO gra
SELECT i, a, (ARRAY[[0.83, 0.90, 0.99, 0.92, 0.87, 0.95],
                    [326, 295, 340, 287, 310, 303],
                    [21, 38, 25, 19, 27, 10],
                    [3.2, 2.4, 2.2, 2.0, 0.9, 1.7],
                    [0.20, 0.25, 0.12, 0.33, 0.20, 0.09],
                    [0.15, 0.20, 0.14, 0.09, 0.15, 0.17],
                    [250, 180, 300, 200, 150, 175],
                    [0.23, 0.15, 0.27, 0.30, 0.18, 0.26],
                    [0.87, 0.95, 0.99, 0.89, 0.82, 0.94]])[i][a],
	   i BETWEEN 2 AND 4
FROM generate_series(1, 9) i, generate_series(1, 6) a;

CREATE TEMP VIEW gra_norm AS
SELECT ind, alt,
	   complaint_tier.normalize(x, min(x) OVER w, max(x) OVER w,
								CASE WHEN cost THEN 'cost' ELSE 'benefit' END) AS v
FROM gra WINDOW w AS (PARTITION BY ind);

WITH ref AS (
	SELECT ind, max(v) AS ref FROM gra_norm GROUP BY ind
), d AS (
	SELECT min(abs(r.ref - n.v)) AS dmin, max(abs(r.ref - n.v)) AS dmax
	FROM gra_norm n JOIN ref r USING (ind)
), seq AS (
	SELECT n.alt, array_agg(n.v ORDER BY n.ind) AS v, array_agg(r.ref ORDER BY n.ind) AS ref
	FROM gra_norm n JOIN ref r USING (ind) GROUP BY n.alt
)
SELECT alt,
	   round(grey_relational_grade(v, array_fill(1::float8, ARRAY[9]), ref, dmin, dmax)::numeric, 10) AS grade,
	   round(grey_relational_grade(v, array_fill(1::float8, ARRAY[9]), ref, dmin, dmax, 0.5)::numeric, 10) AS grade_rho05,
	   rank() OVER (ORDER BY grey_relational_grade(v, array_fill(1::float8, ARRAY[9]), ref, dmin, dmax) DESC) AS rank
FROM seq, d ORDER BY alt;

-- The usage example of doc/mcdm.md: TOPSIS and VIKOR per customer, and the
-- agreement of the two rankings (closeness higher = better, Q lower = better).
-- Checked with python3; the orders are 2,5,1,4,3 and 2,5,4,1,3: one swapped
-- pair, so rs = 1 - 6*2/120 = 0.9 and tau = (9 - 1)/10 = 0.8.
WITH customers(id, arpu, complaints_90d) AS (
	VALUES (1, 120.0, 1), (2, 310.0, 4), (3, 45.0, 0), (4, 260.0, 7), (5, 180.0, 2)
), n AS (
	SELECT id, ARRAY[complaint_tier.normalize(arpu, 0, 500),
					 complaint_tier.normalize(complaints_90d, 0, 10, 'cost')] AS v
	FROM customers
), sv AS (
	SELECT n.id,
		   complaint_tier.topsis(n.v, ARRAY[0.6, 0.4], ARRAY[1, 1], ARRAY[0, 0]) AS closeness,
		   x.s, x.r
	FROM n CROSS JOIN LATERAL complaint_tier.vikor(n.v, ARRAY[0.6, 0.4], ARRAY[1, 1], ARRAY[0, 0]) x
), q AS (
	SELECT id, closeness,
		   complaint_tier.vikor_q(s, r, min(s) OVER (), max(s) OVER (),
								  min(r) OVER (), max(r) OVER ()) AS q
	FROM sv
)
SELECT id, round(closeness::numeric, 10) AS closeness, round(q::numeric, 10) AS q,
	   round((SELECT complaint_tier.spearman(array_agg(closeness ORDER BY id), array_agg(-q ORDER BY id)) FROM q)::numeric, 10) AS spearman,
	   round((SELECT complaint_tier.kendall_tau_b(array_agg(closeness ORDER BY id), array_agg(-q ORDER BY id)) FROM q)::numeric, 10) AS kendall
FROM q ORDER BY id;

------------------------------------------------------------------------
-- Edge values (worked by hand).
------------------------------------------------------------------------
-- TOPSIS: on the ideal point 1, on the anti-ideal 0, midway 0.5
SELECT topsis(ARRAY[1, 1], ARRAY[1, 1], ARRAY[1, 1], ARRAY[0, 0]) AS at_ideal,
	   topsis(ARRAY[0, 0], ARRAY[1, 1], ARRAY[1, 1], ARRAY[0, 0]) AS at_anti,
	   topsis(ARRAY[0.5, 0.5], ARRAY[1, 1], ARRAY[1, 1], ARRAY[0, 0]) AS midway;
-- ideal = anti-ideal = v (a constant population): D+ = D- = 0, defined as 1
SELECT topsis(ARRAY[0.4, 0.7], ARRAY[0.5, 0.5], ARRAY[0.4, 0.7], ARRAY[0.4, 0.7]) AS degenerate;
-- a zero weight removes its criterion; weights need not sum to 1
SELECT topsis(ARRAY[0.5, 0.2], ARRAY[1, 0], ARRAY[1, 1], ARRAY[0, 0]) AS zero_weight,
	   topsis(ARRAY[0.3, 0.6], ARRAY[2, 6], ARRAY[1, 1], ARRAY[0, 0])
	   = topsis(ARRAY[0.3, 0.6], ARRAY[0.25, 0.75], ARRAY[1, 1], ARRAY[0, 0]) AS scale_free;
-- one criterion; huge values do not overflow (scale invariance)
SELECT topsis(ARRAY[0.25], ARRAY[1], ARRAY[1], ARRAY[0]) AS one_criterion,
	   topsis(ARRAY[0.25e300], ARRAY[1], ARRAY[1e300], ARRAY[-1e300]) AS huge;

-- grey: equal to the reference gives 1 when delta_min = 0;
-- xi = (0 + 0.5)/(0.8 + 0.5) and (0 + 0.5)/(0.2 + 0.5), weights 1:3
SELECT grey_relational_grade(ARRAY[1, 1], ARRAY[1, 3], ARRAY[1, 1], 0, 0.8) AS at_reference,
	   round(grey_relational_grade(ARRAY[0.2, 0.8], ARRAY[1, 3], ARRAY[1, 1], 0, 0.8, 0.625)::numeric, 12) AS by_hand,
	   round((0.25 * 0.5 / 1.3 + 0.75 * 0.5 / 0.7)::numeric, 12) AS expected;
-- rho = 1 is allowed; delta_min = delta_max
SELECT grey_relational_grade(ARRAY[0.5], ARRAY[1], ARRAY[1], 0, 1, 1) AS rho_one,
	   grey_relational_grade(ARRAY[0.5], ARRAY[1], ARRAY[1], 0.5, 0.5) AS flat;

-- VIKOR: criterion 2 has best = worst and contributes 0;
-- d = 0.5*(1-0.4)/1 = 0.3, 0, 0.2*(0-0.1)/(0-1) = 0.02
SELECT round(s::numeric, 12) AS s, round(r::numeric, 12) AS r
FROM vikor(ARRAY[0.4, 7, 0.1], ARRAY[0.5, 0.3, 0.2], ARRAY[1, 7, 0], ARRAY[0, 7, 1]);
SELECT * FROM vikor(ARRAY[3, 3], ARRAY[1, 1], ARRAY[3, 3], ARRAY[3, 3]) AS all_degenerate;
-- Q: an empty S range (or R range) leaves only the other term
-- (0.5*(0.2-0.1)/0.4 = 0.125, 0.5*0.1/0.2 = 0.25, 0, (0.3-0.2)/0.4 = 0.25)
SELECT round(vikor_q(0.3, 0.2, 0.3, 0.3, 0.1, 0.5)::numeric, 12) AS no_s_range,
	   round(vikor_q(0.4, 0.2, 0.3, 0.5, 0.2, 0.2)::numeric, 12) AS no_r_range,
	   vikor_q(0.4, 0.2, 0.4, 0.4, 0.2, 0.2) AS no_range,
	   round(vikor_q(0.4, 0.3, 0.3, 0.5, 0.2, 0.6, 0)::numeric, 12) AS v0;

-- STRICT: NULL in, NULL out
SELECT topsis(NULL, ARRAY[1], ARRAY[1], ARRAY[0]) IS NULL AS topsis_null,
	   grey_relational_grade(ARRAY[1], ARRAY[1], ARRAY[1], 0, NULL) IS NULL AS grey_null,
	   (vikor(ARRAY[1], NULL, ARRAY[1], ARRAY[0])).s IS NULL AS vikor_null,
	   vikor_q(NULL, 0, 0, 1, 0, 1) IS NULL AS q_null;

------------------------------------------------------------------------
-- Errors, with their messages.
------------------------------------------------------------------------
SELECT topsis(ARRAY[1, NULL], ARRAY[1, 1], ARRAY[1, 1], ARRAY[0, 0]);
SELECT topsis(ARRAY[1, 'NaN'::float8], ARRAY[1, 1], ARRAY[1, 1], ARRAY[0, 0]);
SELECT topsis(ARRAY[1, 1], ARRAY[1, 1], ARRAY[1, 'Infinity'::float8], ARRAY[0, 0]);
SELECT topsis('{}', '{}', '{}', '{}');
SELECT topsis(ARRAY[1, 1], ARRAY[1, 1, 1], ARRAY[1, 1], ARRAY[0, 0]);
SELECT topsis(ARRAY[1, 1], ARRAY[1, 1], ARRAY[1, 1], ARRAY[0]);
SELECT topsis(ARRAY[[1, 1]], ARRAY[[1, 1]], ARRAY[[1, 1]], ARRAY[[0, 0]]);
SELECT topsis(ARRAY[1, 1], ARRAY[1, -1], ARRAY[1, 1], ARRAY[0, 0]);
SELECT topsis(ARRAY[1, 1], ARRAY[0, 0], ARRAY[1, 1], ARRAY[0, 0]);
SELECT topsis(array_fill(1::float8, ARRAY[4097]), array_fill(1::float8, ARRAY[4097]),
			  array_fill(1::float8, ARRAY[4097]), array_fill(0::float8, ARRAY[4097]));
SELECT grey_relational_grade(ARRAY[0.5], ARRAY[1], ARRAY[1], 0, 1, 0);
SELECT grey_relational_grade(ARRAY[0.5], ARRAY[1], ARRAY[1], 0, 1, 1.5);
SELECT grey_relational_grade(ARRAY[0.5], ARRAY[1], ARRAY[1], 0.6, 0.5);
SELECT grey_relational_grade(ARRAY[0.5], ARRAY[1], ARRAY[1], -0.1, 0.5);
SELECT grey_relational_grade(ARRAY[0.5], ARRAY[1], ARRAY[1], 0, 0);
SELECT grey_relational_grade(ARRAY[0.5], ARRAY[1], ARRAY[1], 0, 'NaN');
SELECT grey_relational_grade(ARRAY[0.5], ARRAY[1], ARRAY[1], 0, 1, 'Infinity');
SELECT grey_relational_grade(ARRAY[1, 1], ARRAY[1, 1], ARRAY[1, 1], 0.5, 1, 5e-324);
SELECT * FROM vikor(ARRAY[1, 2], ARRAY[1, 1], ARRAY[2, 2], ARRAY[0]);
SELECT * FROM vikor(ARRAY[1, 2], ARRAY[-1, 1], ARRAY[2, 2], ARRAY[0, 0]);
SELECT * FROM vikor(ARRAY[-1.7e308], ARRAY[1], ARRAY[1e-300], ARRAY[0]);
SELECT vikor_q(0.4, 0.2, 0.3, 0.5, 0.1, 0.5, 1.5);
SELECT vikor_q(0.4, 0.2, 0.3, 0.5, 0.1, 0.5, -0.1);
SELECT vikor_q(0.4, 0.2, 0.5, 0.3, 0.1, 0.5);
SELECT vikor_q(0.4, 0.2, 0.3, 0.5, 0.5, 0.1);
SELECT vikor_q(0.4, 'NaN', 0.3, 0.5, 0.1, 0.5);

-- SQLSTATE of every bad-input class, for every function (never XX000)
SELECT fn, bad, pg_temp.sqlstate_of(q) AS result
FROM (VALUES
	('topsis', 'null element', $$SELECT complaint_tier.topsis(ARRAY[NULL, 1]::float8[], ARRAY[1, 1], ARRAY[1, 1], ARRAY[0, 0])$$),
	('topsis', 'nan', $$SELECT complaint_tier.topsis(ARRAY[1, 1], ARRAY['NaN', 1]::float8[], ARRAY[1, 1], ARRAY[0, 0])$$),
	('topsis', '-infinity', $$SELECT complaint_tier.topsis(ARRAY[1, 1], ARRAY[1, 1], ARRAY[1, 1], ARRAY['-Infinity', 0]::float8[])$$),
	('topsis', 'empty', $$SELECT complaint_tier.topsis(ARRAY[1], ARRAY[1], '{}', ARRAY[0])$$),
	('topsis', 'length', $$SELECT complaint_tier.topsis(ARRAY[1], ARRAY[1], ARRAY[1], ARRAY[0, 0])$$),
	('topsis', '2-d', $$SELECT complaint_tier.topsis(ARRAY[[1]], ARRAY[1], ARRAY[1], ARRAY[0])$$),
	('topsis', 'negative weight', $$SELECT complaint_tier.topsis(ARRAY[1], ARRAY[-1], ARRAY[1], ARRAY[0])$$),
	('topsis', 'zero weights', $$SELECT complaint_tier.topsis(ARRAY[1], ARRAY[0], ARRAY[1], ARRAY[0])$$),
	('topsis', 'oversize', $$SELECT complaint_tier.topsis(array_fill(1::float8, ARRAY[5000]), ARRAY[1], ARRAY[1], ARRAY[0])$$),
	('grey', 'null element', $$SELECT complaint_tier.grey_relational_grade(ARRAY[1], ARRAY[1], ARRAY[NULL]::float8[], 0, 1)$$),
	('grey', 'nan', $$SELECT complaint_tier.grey_relational_grade(ARRAY['NaN']::float8[], ARRAY[1], ARRAY[1], 0, 1)$$),
	('grey', 'infinity', $$SELECT complaint_tier.grey_relational_grade(ARRAY[1], ARRAY[1], ARRAY[1], 'Infinity', 1)$$),
	('grey', 'empty', $$SELECT complaint_tier.grey_relational_grade('{}', '{}', '{}', 0, 1)$$),
	('grey', 'length', $$SELECT complaint_tier.grey_relational_grade(ARRAY[1, 2], ARRAY[1], ARRAY[1, 1], 0, 1)$$),
	('grey', '2-d', $$SELECT complaint_tier.grey_relational_grade(ARRAY[1], ARRAY[[1]], ARRAY[1], 0, 1)$$),
	('grey', 'negative weight', $$SELECT complaint_tier.grey_relational_grade(ARRAY[1, 1], ARRAY[2, -1], ARRAY[1, 1], 0, 1)$$),
	('grey', 'zero weights', $$SELECT complaint_tier.grey_relational_grade(ARRAY[1, 1], ARRAY[0, 0], ARRAY[1, 1], 0, 1)$$),
	('grey', 'oversize', $$SELECT complaint_tier.grey_relational_grade(array_fill(1::float8, ARRAY[5000]), ARRAY[1], ARRAY[1], 0, 1)$$),
	('grey', 'bad rho', $$SELECT complaint_tier.grey_relational_grade(ARRAY[1], ARRAY[1], ARRAY[1], 0, 1, 2)$$),
	('vikor', 'null element', $$SELECT complaint_tier.vikor(ARRAY[1], ARRAY[1], ARRAY[1], ARRAY[NULL]::float8[])$$),
	('vikor', 'nan', $$SELECT complaint_tier.vikor(ARRAY[1], ARRAY[1], ARRAY['NaN']::float8[], ARRAY[0])$$),
	('vikor', 'empty', $$SELECT complaint_tier.vikor('{}', ARRAY[1], ARRAY[1], ARRAY[0])$$),
	('vikor', 'length', $$SELECT complaint_tier.vikor(ARRAY[1], ARRAY[1], ARRAY[1, 2], ARRAY[0])$$),
	('vikor', '2-d', $$SELECT complaint_tier.vikor(ARRAY[[1, 2]], ARRAY[1, 1], ARRAY[1, 1], ARRAY[0, 0])$$),
	('vikor', 'negative weight', $$SELECT complaint_tier.vikor(ARRAY[1], ARRAY[-0.5], ARRAY[1], ARRAY[0])$$),
	('vikor', 'zero weights', $$SELECT complaint_tier.vikor(ARRAY[1], ARRAY[0], ARRAY[1], ARRAY[0])$$),
	('vikor', 'oversize', $$SELECT complaint_tier.vikor(array_fill(1::float8, ARRAY[5000]), ARRAY[1], ARRAY[1], ARRAY[0])$$),
	('vikor', 'overflow', $$SELECT complaint_tier.vikor(ARRAY[-1.7e308], ARRAY[1], ARRAY[1e-300], ARRAY[0])$$),
	('vikor_q', 'infinity', $$SELECT complaint_tier.vikor_q('Infinity', 0, 0, 1, 0, 1)$$),
	('vikor_q', 'bad v', $$SELECT complaint_tier.vikor_q(0, 0, 0, 1, 0, 1, 2)$$),
	('vikor_q', 'overflow', $$SELECT complaint_tier.vikor_q(1.7e308, 0, 0, 1e-300, 0, 1)$$)
) t(fn, bad, q);
