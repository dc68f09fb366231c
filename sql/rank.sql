-- Layer 1 rank agreement: spearman, kendall_tau_b, ws_similarity.
-- Each numeric block names the published worked example it reproduces;
-- see doc/mcdm.md.
SET search_path = complaint_tier, public;

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
-- Spearman.  Wikipedia, "Spearman's rank correlation coefficient", worked
-- example: IQ against hours of TV per week, rho = -29/165 = -0.175757...
------------------------------------------------------------------------
SELECT round(spearman(ARRAY[106, 100, 86, 101, 99, 103, 97, 113, 112, 110],
					  ARRAY[7, 27, 2, 50, 28, 29, 20, 12, 6, 17])::numeric, 12) AS rho,
	   abs(spearman(ARRAY[106, 100, 86, 101, 99, 103, 97, 113, 112, 110],
					ARRAY[7, 27, 2, 50, 28, 29, 20, 12, 6, 17]) - (-29.0 / 165)) < 1e-15 AS is_minus_29_over_165;
-- Salabun & Urbaniak (2020), ICCS, LNCS 12138, p. 632: swapping the top two
-- of five gives rs = 0.9
SELECT spearman(ARRAY[1, 2, 3, 4, 5], ARRAY[2, 1, 3, 4, 5]) AS rs;
-- Ties (average ranks), against the tie-corrected formula of Siegel &
-- Castellan (1988), Nonparametric Statistics, 2nd ed., eq. 9.7:
-- Sx = 42 - 0.5 - 2 = 39.5, Sy = 42 - 0.5 - 0.5 = 41, sum d^2 = 8,
-- rho = (39.5 + 41 - 8) / (2 sqrt(39.5 * 41)) = 0.900777510540...
SELECT round(spearman(ARRAY[1, 2, 2, 3, 4, 4, 4, 5], ARRAY[2, 1, 3, 3, 5, 4, 6, 6])::numeric, 12) AS rho_ties,
	   round((72.5 / (2 * sqrt(39.5 * 41)))::numeric, 12) AS formula;
-- scores work as well as ranks (only the order matters), and the sign of
-- the direction: reversing one side negates rho
SELECT spearman(ARRAY[0.9, 0.1, 0.5], ARRAY[30, 10, 20]) AS same_order,
	   spearman(ARRAY[0.9, 0.1, 0.5], ARRAY[-30, -10, -20]) AS reversed;

------------------------------------------------------------------------
-- Kendall tau-b.  SciPy reference guide, scipy.stats.kendalltau example:
-- x = 12,2,1,12,2, y = 1,4,7,1,0 gives tau = -0.47140452079103173
-- (C - D = -4, n0 - n1 = 8, n0 - n2 = 9: -4/sqrt(72)).
------------------------------------------------------------------------
SELECT round(kendall_tau_b(ARRAY[12, 2, 1, 12, 2], ARRAY[1, 4, 7, 1, 0])::numeric, 12) AS tau,
	   round((-4 / sqrt(72))::numeric, 12) AS by_hand;
-- the IQ/TV data: C - D = -5 of 45 pairs, tau = -1/9
SELECT round(kendall_tau_b(ARRAY[106, 100, 86, 101, 99, 103, 97, 113, 112, 110],
						   ARRAY[7, 27, 2, 50, 28, 29, 20, 12, 6, 17])::numeric, 12) AS tau;
-- ties: C - D = 20, n0 - n1 = 24, n0 - n2 = 26
SELECT round(kendall_tau_b(ARRAY[1, 2, 2, 3, 4, 4, 4, 5], ARRAY[2, 1, 3, 3, 5, 4, 6, 6])::numeric, 12) AS tau_ties,
	   round((20 / sqrt(24 * 26))::numeric, 12) AS by_hand;
-- O(n log n): 200000 elements, reversed and identical
SELECT kendall_tau_b(array_agg(i::float8), array_agg(-i::float8)) AS reversed,
	   kendall_tau_b(array_agg(i::float8), array_agg(i::float8)) AS identical,
	   spearman(array_agg(i::float8), array_agg((i % 2)::float8)) IS NOT NULL AS two_levels
FROM generate_series(1, 200000) i;

------------------------------------------------------------------------
-- WS.  Salabun & Urbaniak (2020), "A New Coefficient of Rankings
-- Similarity in Decision-Making Problems", ICCS 2020, LNCS 12138, 632-645:
-- reference 1..5; a swap at the top costs more than one at the bottom.
-- By hand from the paper's formula: 19/24, 373/384, 25/96.
------------------------------------------------------------------------
SELECT round(ws_similarity(ARRAY[1, 2, 3, 4, 5], ARRAY[2, 1, 3, 4, 5])::numeric, 12) AS swap_top,
	   round((19 / 24.0)::numeric, 12) AS by_hand_top,
	   round(ws_similarity(ARRAY[1, 2, 3, 4, 5], ARRAY[1, 2, 3, 5, 4])::numeric, 12) AS swap_bottom,
	   round((373 / 384.0)::numeric, 12) AS by_hand_bottom,
	   round(ws_similarity(ARRAY[1, 2, 3, 4, 5], ARRAY[5, 4, 3, 2, 1])::numeric, 12) AS reversed,
	   round((25 / 96.0)::numeric, 12) AS by_hand_reversed,
	   ws_similarity(ARRAY[1, 2, 3, 4, 5], ARRAY[1, 2, 3, 4, 5]) AS identical;
-- Paradowski, Baczkiewicz & Watrobski (2021), "Towards proper consumer
-- choices - MCDM based product selection", Procedia Computer Science
-- 192:1347-1358: WS = 0.90 (two decimals) for these 12-element rankings.
SELECT round(ws_similarity(ARRAY[7, 11, 2, 1, 4, 9, 6, 3, 5, 10, 8, 12],
						   ARRAY[7, 11, 3, 2, 4, 9, 6, 1, 5, 10, 8, 12])::numeric, 2) AS published,
	   round(ws_similarity(ARRAY[7, 11, 2, 1, 4, 9, 6, 3, 5, 10, 8, 12],
						   ARRAY[7, 11, 3, 2, 4, 9, 6, 1, 5, 10, 8, 12])::numeric, 12) AS ws;
-- not symmetric: the weights 2^-rank follow the reference a
SELECT round(ws_similarity(ARRAY[2, 1, 3, 4, 5], ARRAY[1, 2, 3, 4, 5])::numeric, 12) AS swapped_roles;
-- scores must be ranked first: rank() turns scores into ranks (1 = best)
WITH s AS (
	SELECT x, y, rank() OVER (ORDER BY x DESC) AS rx, rank() OVER (ORDER BY y DESC) AS ry
	FROM (VALUES (0.91, 0.80), (0.45, 0.52), (0.77, 0.85), (0.12, 0.10)) t(x, y)
)
SELECT round(ws_similarity(array_agg(rx::float8 ORDER BY x), array_agg(ry::float8 ORDER BY x))::numeric, 12) AS ws_of_ranks
FROM s;
-- tied (fractional) ranks are accepted
SELECT ws_similarity(ARRAY[1.5, 1.5, 3], ARRAY[1.5, 1.5, 3]) AS tied;

------------------------------------------------------------------------
-- Undefined and edge values.
------------------------------------------------------------------------
-- a constant input: the correlation is undefined, SQL NULL (not NaN)
SELECT spearman(ARRAY[3, 3, 3], ARRAY[1, 2, 3]) IS NULL AS spearman_const_a,
	   spearman(ARRAY[1, 2, 3], ARRAY[0, 0, 0]) IS NULL AS spearman_const_b,
	   kendall_tau_b(ARRAY[3, 3, 3], ARRAY[1, 2, 3]) IS NULL AS kendall_const_a,
	   kendall_tau_b(ARRAY[1, 2, 3], ARRAY[-0.0, 0.0, 0]) IS NULL AS kendall_const_b;
-- two elements: +-1
SELECT spearman(ARRAY[1, 2], ARRAY[5, 9]) AS s2, kendall_tau_b(ARRAY[1, 2], ARRAY[9, 5]) AS k2,
	   ws_similarity(ARRAY[1, 2], ARRAY[2, 1]) AS ws2;
-- STRICT
SELECT spearman(NULL, ARRAY[1, 2]) IS NULL AS s_null,
	   kendall_tau_b(ARRAY[1, 2], NULL) IS NULL AS k_null,
	   ws_similarity(NULL, NULL) IS NULL AS ws_null;

------------------------------------------------------------------------
-- Errors, with their messages.
------------------------------------------------------------------------
SELECT spearman(ARRAY[1], ARRAY[1]);
SELECT kendall_tau_b('{}', '{}');
SELECT spearman(ARRAY[1, 2, 3], ARRAY[1, 2]);
SELECT kendall_tau_b(ARRAY[1, NULL, 3], ARRAY[1, 2, 3]);
SELECT spearman(ARRAY[1, 2, 'NaN'::float8], ARRAY[1, 2, 3]);
SELECT kendall_tau_b(ARRAY[1, 2, 3], ARRAY[1, 2, '-Infinity'::float8]);
SELECT spearman(ARRAY[[1, 2], [3, 4]], ARRAY[[1, 2], [3, 4]]);
SELECT ws_similarity(ARRAY[0.2, 0.9, 0.5], ARRAY[3, 1, 2]);
SELECT ws_similarity(ARRAY[1, 2, 3], ARRAY[1, 2, 4]);
SELECT ws_similarity(ARRAY[1], ARRAY[1]);

SELECT fn, bad, pg_temp.sqlstate_of(q) AS result
FROM (VALUES
	('spearman', 'one element', $$SELECT complaint_tier.spearman(ARRAY[1], ARRAY[2])$$),
	('spearman', 'null element', $$SELECT complaint_tier.spearman(ARRAY[1, 2], ARRAY[NULL, 2]::float8[])$$),
	('spearman', 'infinity', $$SELECT complaint_tier.spearman(ARRAY['Infinity', 2]::float8[], ARRAY[1, 2])$$),
	('spearman', 'empty', $$SELECT complaint_tier.spearman('{}', ARRAY[1, 2])$$),
	('spearman', 'length', $$SELECT complaint_tier.spearman(ARRAY[1, 2], ARRAY[1, 2, 3])$$),
	('spearman', '2-d', $$SELECT complaint_tier.spearman(ARRAY[1, 2], ARRAY[[1, 2]])$$),
	('kendall_tau_b', 'one element', $$SELECT complaint_tier.kendall_tau_b(ARRAY[1], ARRAY[2])$$),
	('kendall_tau_b', 'null element', $$SELECT complaint_tier.kendall_tau_b(ARRAY[NULL, 2]::float8[], ARRAY[1, 2])$$),
	('kendall_tau_b', 'nan', $$SELECT complaint_tier.kendall_tau_b(ARRAY[1, 2], ARRAY['NaN', 2]::float8[])$$),
	('kendall_tau_b', 'empty', $$SELECT complaint_tier.kendall_tau_b(ARRAY[1, 2], '{}')$$),
	('kendall_tau_b', 'length', $$SELECT complaint_tier.kendall_tau_b(ARRAY[1, 2, 3], ARRAY[1, 2])$$),
	('kendall_tau_b', '2-d', $$SELECT complaint_tier.kendall_tau_b(ARRAY[[1, 2]], ARRAY[1, 2])$$),
	('ws_similarity', 'one element', $$SELECT complaint_tier.ws_similarity(ARRAY[1], ARRAY[1])$$),
	('ws_similarity', 'null element', $$SELECT complaint_tier.ws_similarity(ARRAY[1, NULL]::float8[], ARRAY[1, 2])$$),
	('ws_similarity', 'nan', $$SELECT complaint_tier.ws_similarity(ARRAY[1, 2], ARRAY[1, 'NaN']::float8[])$$),
	('ws_similarity', 'empty', $$SELECT complaint_tier.ws_similarity('{}', '{}')$$),
	('ws_similarity', 'length', $$SELECT complaint_tier.ws_similarity(ARRAY[1, 2], ARRAY[1])$$),
	('ws_similarity', '2-d', $$SELECT complaint_tier.ws_similarity(ARRAY[[1, 2]], ARRAY[[1, 2]])$$),
	('ws_similarity', 'not ranks', $$SELECT complaint_tier.ws_similarity(ARRAY[0.3, 0.7], ARRAY[1, 2])$$)
) t(fn, bad, q);
-- the size limit (CT_MAX_RANK_N = 16777216 elements) is checked before any
-- sorting or scratch allocation
SELECT pg_temp.sqlstate_of($$SELECT complaint_tier.kendall_tau_b(array_fill(0::float8, ARRAY[16777217]), ARRAY[1, 2])$$) AS oversize;
