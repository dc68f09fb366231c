-- The README's quick start, statement for statement, so the documentation
-- stays true to the code.
SET search_path = complaint_tier, public;
SELECT complaint_tier.normalize(150, 20, 300);
SELECT complaint_tier.normalize(2, 0, 6, 'cost');
SELECT quantify('gold', ARRAY['ordinary','silver','gold','diamond']);
SELECT ahp_weights('{{1,2,4},{0.5,1,2},{0.25,0.5,1}}');
SELECT * FROM ahp_consistency('{{1,3,5},{0.333,1,2},{0.2,0.5,1}}');
SELECT topsis(ARRAY[0.8, 0.3, 1.0], ARRAY[0.5, 0.3, 0.2],
              ARRAY[1, 1, 1], ARRAY[0, 0, 0]);
SELECT tier(0.62, ARRAY[0.3, 0.5, 0.7], ARRAY['D','C','B','A']);
