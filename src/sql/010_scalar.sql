-- Layer 1: scalar building blocks (normalisation, quantification,
-- additive weighting, tier lookup).

CREATE FUNCTION "normalize"(x float8, lo float8, hi float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_normalize_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION "normalize"(x float8, lo float8, hi float8, direction text)
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_normalize_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION "normalize"(float8, float8, float8) IS
'min-max normalisation of x to [0,1] over [lo,hi], larger is better (benefit); clamps outside the range';
COMMENT ON FUNCTION "normalize"(float8, float8, float8, text) IS
'min-max normalisation of x to [0,1] over [lo,hi]; direction ''benefit'' (larger is better) or ''cost''; clamps outside the range';

CREATE FUNCTION normalize_target(x float8, lo float8, hi float8, best_lo float8, best_hi float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_normalize_target_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION normalize_target(float8, float8, float8, float8, float8) IS
'interval-type indicator: 1 inside [best_lo,best_hi], linear to 0 at lo and hi, 0 outside [lo,hi]';

CREATE FUNCTION quantify(level text, levels text[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_quantify_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION quantify(level text, levels text[], scores float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_quantify_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION quantify(text, text[]) IS
'qualitative level to a number: levels evenly spaced from 0 (first) to 1 (last)';
COMMENT ON FUNCTION quantify(text, text[], float8[]) IS
'qualitative level to a number: the score at the level''s position in levels';

CREATE FUNCTION weighted_sum(v float8[], w float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ct_weighted_sum_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION weighted_sum(float8[], float8[]) IS
'simple additive weighting: sum of v[j]*w[j]; weights non-negative (not rescaled)';

CREATE FUNCTION tier(score float8, cuts float8[], labels text[])
RETURNS text
AS 'MODULE_PATHNAME', 'ct_tier_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION tier(float8, float8[], text[]) IS
'tier label of a score: cuts strictly ascending, labels from the lowest band to the highest (one more than cuts); a score equal to a cut goes to the higher band';
