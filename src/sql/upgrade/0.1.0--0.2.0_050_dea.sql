-- complaint_tier 0.1.0 -> 0.2.0, part: method dea and fuzzy segments in a
-- model (doc/dea_fcm.md, "In a model").  The evaluation type gets its new
-- fields segment and segment_membership from 120_model_evaluate.sql (the
-- type is dropped and recreated in part 020); the fit step and its helper
-- come with 710_model_dea.sql.

ALTER TABLE model ADD COLUMN dea_max_share float8, ADD COLUMN segments int,
	ADD COLUMN fcm_m float8 NOT NULL DEFAULT 2;
COMMENT ON COLUMN model.dea_max_share IS
'method dea: the largest share w_j v_j / score that one indicator may take of a customer''s benefit-of-the-doubt score (pie-share bound, doc/dea_fcm.md), in (0, 1]; NULL: min(1, 2 / the weighted indicators); 1: no bound';
COMMENT ON COLUMN model.segments IS
'fuzzy segments: the number k of fuzzy c-means clusters (2 to 64) fitted over the normalised indicators, giving the outputs segment (1..k) and segment_membership; NULL: no segments';
COMMENT ON COLUMN model.fcm_m IS
'fuzzy segments: the fuzzifier m (> 1) of the fuzzy c-means fit and the memberships (default 2)';

ALTER TABLE model_version ADD COLUMN dea_max_share float8, ADD COLUMN dea_frontier float8[],
	ADD COLUMN segments int, ADD COLUMN fcm_m float8, ADD COLUMN segment_centres float8[],
	ADD COLUMN segment_sizes float8[], ADD COLUMN segment_iterations int;
COMMENT ON COLUMN model_version.dea_max_share IS
'method dea: the pie-share upper bound of every weighted indicator in force (1: none); NULL without method dea';
COMMENT ON COLUMN model_version.dea_frontier IS
'method dea: the frontier of the fitting population, points x weighted indicators (normalised, NULL inputs imputed): the vertices of the upper-right hull that evaluate() scores every customer against';
COMMENT ON COLUMN model_version.segments IS
'fuzzy segments: the number of clusters k; NULL without segments';
COMMENT ON COLUMN model_version.fcm_m IS
'fuzzy segments: the fuzzifier m of the fit and of the memberships';
COMMENT ON COLUMN model_version.segment_centres IS
'fuzzy segments: the k fitted centres x weighted indicators (normalised); segment i is centre i';
COMMENT ON COLUMN model_version.segment_sizes IS
'fuzzy segments: the fuzzy size (sum of memberships) of each segment in the fitting population';
COMMENT ON COLUMN model_version.segment_iterations IS
'fuzzy segments: the fuzzy c-means iterations the fit took';
