-- complaint_tier 0.1.0 -> 0.2.0, part: valid value domains of indicators and
-- a model's minimum coverage (evaluate's on_error, doc/model.md), with the
-- shipped telecom model's limits.

ALTER TABLE model ADD COLUMN min_coverage float8 NOT NULL DEFAULT 0;
COMMENT ON COLUMN model.min_coverage IS
'share of the global indicator weight, in [0,1], whose input must be present (not NULL) for evaluate() to give a score and a tier; below it both are NULL and the evaluation''s error says why (0: no minimum)';
ALTER TABLE indicator ADD COLUMN valid_lo float8, ADD COLUMN valid_hi float8;
COMMENT ON COLUMN indicator.valid_lo IS
'quantitative: the smallest valid input value (a hard limit, apart from the normalisation range); a value below it is refused by fit() and evaluate() (SQLSTATE 22003); NULL: no limit';
COMMENT ON COLUMN indicator.valid_hi IS
'quantitative: the largest valid input value (a hard limit, apart from the normalisation range); a value above it is refused by fit() and evaluate() (SQLSTATE 22003); NULL: no limit';
ALTER TABLE model_version ADD COLUMN ind_valid_lo float8[], ADD COLUMN ind_valid_hi float8[],
	ADD COLUMN min_coverage float8;

UPDATE model SET min_coverage = 0.5 WHERE name = 'telecom' AND builtin;
UPDATE indicator i SET valid_lo = d.lo, valid_hi = d.hi
FROM (VALUES ('tenure', 0::float8, NULL::float8), ('arpu', 0, NULL), ('data_share', 0, 1),
             ('arrears', 0, NULL), ('complaint_frequency', 0, NULL), ('unreasonable_ratio', 0, 1),
             ('escalations', 0, NULL), ('handling_time', 0, NULL), ('acceptance', 0, 1),
             ('satisfaction', 1, 5)) d(name, lo, hi)
WHERE i.model = 'telecom' AND i.builtin AND i.name = d.name;
