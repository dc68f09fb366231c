-- Layer 1 scalar building blocks: normalize, normalize_target, quantify,
-- weighted_sum, tier.  Expected values are computed by hand in the comments.
-- NORMALIZE is an SQL keyword, so normalize() is called schema-qualified.
SET search_path = complaint_tier, public;

-- normalize: (120-20)/(300-20) = 0.35714285714285715
SELECT complaint_tier.normalize(120, 20, 300);
SELECT complaint_tier.normalize(120, 20, 300, 'benefit');
-- cost: 1 - 0.357142... = 0.6428571428571428
SELECT complaint_tier.normalize(120, 20, 300, 'cost');
SELECT complaint_tier.normalize(120, 20, 300, ' COST ');
-- clamping outside the range
SELECT complaint_tier.normalize(-5, 0, 10), complaint_tier.normalize(15, 0, 10), complaint_tier.normalize(15, 0, 10, 'cost');
-- degenerate range: full credit at the range, clamped beyond it
SELECT complaint_tier.normalize(4, 4, 4), complaint_tier.normalize(4, 4, 4, 'cost'), complaint_tier.normalize(3, 4, 4), complaint_tier.normalize(5, 4, 4, 'cost');
-- NULL in, NULL out
SELECT complaint_tier.normalize(NULL, 0, 1) IS NULL AS strict_null;
-- errors
SELECT complaint_tier.normalize(1, 2, 1);
SELECT complaint_tier.normalize('NaN', 0, 1);
SELECT complaint_tier.normalize(0.5, '-Infinity', 1);
SELECT complaint_tier.normalize(1, 0, 2, 'target');

-- normalize_target: 1 inside [40,60], linear to 0 at 0 and 100
SELECT x, normalize_target(x, 0, 100, 40, 60)
FROM unnest(ARRAY[-10, 0, 25, 40, 50, 60, 80, 100, 120]::float8[]) AS x;
SELECT normalize_target(0, 0, 100, 0, 60) AS best_at_lo;
SELECT normalize_target(5, 0, 10, 6, 4);
SELECT normalize_target(5, 0, 10, 4, 11);
SELECT normalize_target(5, 0, 10, 4, 'Infinity');

-- quantify: evenly spaced by default, explicit scores otherwise
SELECT l, quantify(l, ARRAY['ordinary','silver','gold','diamond'])
FROM unnest(ARRAY['ordinary','silver','gold','diamond']) AS l;
SELECT quantify('gold', ARRAY['ordinary','silver','gold','diamond'], ARRAY[0, 0.2, 0.6, 1]);
SELECT quantify('only', ARRAY['only']) AS single_level;
-- per-row use with a changing levels array (the cache must follow it)
SELECT quantify(l, CASE WHEN l = 'b' THEN ARRAY['a','b'] ELSE ARRAY['c','x','y'] END)
FROM unnest(ARRAY['b','y','b','x']) AS l;
SELECT quantify('Gold', ARRAY['ordinary','silver','gold']);
SELECT quantify('gold', ARRAY['ordinary','gold','gold']);
SELECT quantify('gold', ARRAY['ordinary', NULL, 'gold']);
SELECT quantify('gold', '{}'::text[]);
SELECT quantify('gold', ARRAY['ordinary','gold'], ARRAY[0.1]);
SELECT quantify('gold', ARRAY['ordinary','gold'], ARRAY[0.1, 'NaN']);
SELECT quantify(NULL, ARRAY['a']) IS NULL AS strict_null;

-- weighted_sum: 0.2*0.5 + 0.5*0.3 + 1.0*0.2 = 0.45
SELECT round(weighted_sum(ARRAY[0.2, 0.5, 1.0], ARRAY[0.5, 0.3, 0.2])::numeric, 12);
SELECT weighted_sum(ARRAY[0.7], ARRAY[2]);
SELECT weighted_sum(ARRAY[1, 2], ARRAY[1]);
SELECT weighted_sum(ARRAY[1, 2], ARRAY[1, -1]);
SELECT weighted_sum(ARRAY[1, 2], ARRAY[0, 0]);
SELECT weighted_sum('{}', '{}');
SELECT weighted_sum(ARRAY[[1, 2]], ARRAY[[1, 2]]);
SELECT weighted_sum(ARRAY[1, NULL], ARRAY[1, 1]);
SELECT weighted_sum(ARRAY[1, 'Infinity']::float8[], ARRAY[1, 1]);
SELECT weighted_sum(array_fill(1::float8, ARRAY[5000]), array_fill(1::float8, ARRAY[5000]));

-- tier: a score equal to a cut goes to the higher band
SELECT s, tier(s, ARRAY[0.2, 0.5, 0.8], ARRAY['D','C','B','A'])
FROM unnest(ARRAY[0, 0.19, 0.2, 0.5, 0.79, 0.8, 1]::float8[]) AS s;
SELECT tier(0.3, ARRAY[0.5], ARRAY['low','high']);
SELECT tier(0.3, ARRAY[0.5, 0.4], ARRAY['c','b','a']);
SELECT tier(0.3, ARRAY[0.5, 0.5], ARRAY['c','b','a']);
SELECT tier(0.3, ARRAY[0.5], ARRAY['c','b','a']);
SELECT tier(0.3, ARRAY[0.5], ARRAY['c', NULL]);
SELECT tier('NaN', ARRAY[0.5], ARRAY['c','b']);
SELECT tier(0.3, '{}', ARRAY['only']);
