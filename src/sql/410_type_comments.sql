-- COMMENT on every column of the composite types that explain() and the
-- ticket profile return (sql/reference_doc.sql checks that none is missing).

COMMENT ON COLUMN indicator_explanation.ordinal IS 'the indicator''s position in the model';
COMMENT ON COLUMN indicator_explanation.indicator IS 'the indicator''s name';
COMMENT ON COLUMN indicator_explanation.dimension IS 'the dimension it belongs to';
COMMENT ON COLUMN indicator_explanation.source_column IS 'the column of the customer it reads';
COMMENT ON COLUMN indicator_explanation.raw_value IS 'the value read, as text (NULL when absent)';
COMMENT ON COLUMN indicator_explanation.normalised IS 'the normalised value in [0,1], larger is better';
COMMENT ON COLUMN indicator_explanation.imputed IS 'the input was NULL and the fitted default was used';
COMMENT ON COLUMN indicator_explanation.weight IS 'weight within its dimension';
COMMENT ON COLUMN indicator_explanation.dimension_weight IS 'weight of its dimension';
COMMENT ON COLUMN indicator_explanation.global_weight IS 'dimension weight x weight';
COMMENT ON COLUMN indicator_explanation.contribution_to_dimension IS 'contribution to the dimension score (they sum to it)';
COMMENT ON COLUMN indicator_explanation.contribution_to_score IS 'contribution to the final score the customer got (they sum to it; doc/explain.md)';
COMMENT ON COLUMN indicator_explanation.methods IS 'the model''s evaluation methods, in order';
COMMENT ON COLUMN indicator_explanation.method_contributions IS 'the indicator''s share of each method''s percentile, in methods order';
COMMENT ON COLUMN indicator_explanation.score_via_methods IS 'the indicator''s contribution to the final score through each method, in methods order';

COMMENT ON COLUMN ticket_profile.complaints_total IS 'complaints in the whole history up to the as-of time';
COMMENT ON COLUMN ticket_profile.complaints_30d IS 'complaints in the 30 days before the as-of time';
COMMENT ON COLUMN ticket_profile.complaints_90d IS 'complaints in the 90 days before the as-of time';
COMMENT ON COLUMN ticket_profile.complaints_365d IS 'complaints in the 365 days before the as-of time';
COMMENT ON COLUMN ticket_profile.escalations_total IS 'escalated complaints in the whole history';
COMMENT ON COLUMN ticket_profile.escalations_12m IS 'escalated complaints in the 12 months before the as-of time';
COMMENT ON COLUMN ticket_profile.first_complaint IS 'time of the first complaint';
COMMENT ON COLUMN ticket_profile.last_complaint IS 'time of the last complaint';
COMMENT ON COLUMN ticket_profile.days_since_last IS 'days from the last complaint to the as-of time (recency)';
COMMENT ON COLUMN ticket_profile.complainant_days IS 'days from the first to the last complaint (tenure as a complainant)';
COMMENT ON COLUMN ticket_profile.unreasonable_ratio IS 'share of the complaints with a known judgement that were judged unreasonable';
COMMENT ON COLUMN ticket_profile.handling_hours IS 'mean handling time in hours over the complaints with a known time';
COMMENT ON COLUMN ticket_profile.handling_hours_max IS 'longest handling time in hours';
COMMENT ON COLUMN ticket_profile.accepted_ratio IS 'share of the remedies with a known outcome that the customer accepted';
COMMENT ON COLUMN ticket_profile.satisfaction IS 'mean satisfaction over the complaints with a known score';
COMMENT ON COLUMN ticket_profile.problem_type IS 'the most frequent problem type (Misra-Gries summary, doc/profile.md)';
COMMENT ON COLUMN ticket_profile.channel IS 'the most frequent channel';
COMMENT ON COLUMN ticket_profile.remedy IS 'the most frequent remedy';

COMMENT ON COLUMN ticket.ticket_id IS 'ticket number: customer_id x 1000 + j, j in time order';
COMMENT ON COLUMN ticket.customer_id IS 'the customer (1..n of sample_customers(n, seed))';
COMMENT ON COLUMN ticket.opened_at IS 'when the complaint was opened';
COMMENT ON COLUMN ticket.channel IS 'channel of the complaint: hotline, online, app, store or social_media';
COMMENT ON COLUMN ticket.problem_type IS 'problem type of the complaint';
COMMENT ON COLUMN ticket.escalated IS 'the complaint was escalated';
COMMENT ON COLUMN ticket.unreasonable IS 'the complaint was judged unreasonable';
COMMENT ON COLUMN ticket.handling_hours IS 'hours from opening to resolution';
COMMENT ON COLUMN ticket.remedy IS 'the remedy offered';
COMMENT ON COLUMN ticket.accepted IS 'the customer accepted the remedy';
COMMENT ON COLUMN ticket.satisfaction IS 'satisfaction survey score 1..5 (NULL: unanswered)';
