-- Bring your own table: a second model over a broadband subscriber table with its own columns (define_model)
\set QUIET on
\pset footer off
SET search_path = public;
SET client_min_messages = warning;

\echo
\echo 13. A table of your own: 20,000 broadband subscribers with their own column names (built in SQL)
SELECT setseed(0.25) \gset
CREATE TABLE public.subscribers AS
SELECT g AS subscriber_id,
	   (ARRAY['monthly', 'annual', 'two_year'])[1 + floor(3 * random())::int] AS contract,
	   round((20 + 80 * random())::numeric, 2)::float8 AS monthly_fee,
	   round((400 * random() ^ 2)::numeric, 1)::float8 AS gb_per_month,
	   floor(96 * random())::int AS months_active,
	   random() < 0.6 AS autopay,
	   floor(5 * random() ^ 2)::int AS support_tickets_90d,
	   CASE WHEN random() < 0.8 THEN 0 ELSE floor(300 * random())::int END AS outage_minutes
FROM generate_series(1, 20000) g;
ALTER TABLE public.subscribers ADD PRIMARY KEY (subscriber_id);
ANALYZE public.subscribers;
SELECT * FROM public.subscribers ORDER BY subscriber_id LIMIT 3;

\echo
\echo 14. The model as one JSON document: dimensions, indicators read by column name, tiers, a classification, strategies, rules
SELECT complaint_tier.define_model('broadband', $spec$
{
  "description": "broadband subscribers: value, loyalty and service experience",
  "key": "subscriber_id",
  "source": "public.subscribers",
  "dimensions": [
    {"name": "value",      "weight": 0.4},
    {"name": "loyalty",    "weight": 0.3},
    {"name": "experience", "weight": 0.3}
  ],
  "indicators": [
    {"name": "fee", "column": "monthly_fee", "dimension": "value"},
    {"name": "usage", "column": "gb_per_month", "dimension": "value", "transform": "log"},
    {"name": "tenure", "column": "months_active", "dimension": "loyalty"},
    {"name": "contract", "column": "contract", "dimension": "loyalty", "kind": "qualitative",
     "levels": ["monthly", "annual", "two_year"]},
    {"name": "autopay", "column": "autopay", "dimension": "loyalty"},
    {"name": "tickets", "column": "support_tickets_90d", "dimension": "experience", "direction": "cost"},
    {"name": "outages", "column": "outage_minutes", "dimension": "experience", "direction": "cost"}
  ],
  "weighting": "critic",
  "methods": ["weighted_sum", "topsis", "grey_relational"],
  "combine": "mean_percentile",
  "tiers": {
    "overall":   {"labels": ["bronze", "silver", "gold"], "shares": [0.5, 0.3, 0.2]},
    "dimension": {"labels": ["low", "high"], "cuts": [0.5]}
  },
  "classifications": [
    {"name": "churn_risk", "labels": [
      {"label": "high",   "when": "contract = 'monthly' AND (support_tickets_90d >= 3 OR outage_minutes > 120)"},
      {"label": "medium", "when": "contract = 'monthly' OR support_tickets_90d >= 3"},
      {"label": "low",    "when": "TRUE"}]}
  ],
  "strategies": [
    {"code": "save_desk", "title": "Retention call from the save desk", "basis": "loyalty"},
    {"code": "engineer_visit", "title": "Proactive engineer visit", "basis": "experience"}
  ],
  "rules": [
    {"id": "broadband.save_desk", "strategy": "save_desk", "priority": 10,
     "when": "churn_risk = 'high' AND tier <> 'bronze'", "routing_priority": 1},
    {"id": "broadband.engineer", "strategy": "engineer_visit", "priority": 20,
     "when": "outage_minutes > 120 AND experience_tier = 'low'"}
  ]
}
$spec$) AS defined;
SELECT string_agg(name, ', ' ORDER BY ordinal) AS outputs_rules_can_read FROM complaint_tier.model_outputs('broadband');

\echo
\echo 15. Fit it on the table and evaluate every subscriber with the same evaluate() and create_tier_view()
SELECT complaint_tier.fit('broadband', 'public.subscribers') AS fitted_version;
SELECT v.dim_names[k] AS dimension, round(v.dim_weights[k]::numeric, 3) AS weight,
	   string_agg(format('%s %s', v.ind_name[j], to_char(v.ind_global_weight[j], 'FM0.000')), ', ' ORDER BY j) AS indicators
FROM complaint_tier.model_version v
JOIN complaint_tier.active_version a USING (model, version)
CROSS JOIN LATERAL generate_subscripts(v.dim_names, 1) k
CROSS JOIN LATERAL generate_subscripts(v.ind_name, 1) j
WHERE v.model = 'broadband' AND v.ind_dimension[j] = k - 1
GROUP BY k, v.dim_names, v.dim_weights ORDER BY k;
SELECT complaint_tier.create_tier_view('broadband', 'public.subscribers', 'public.subscriber_tier') AS tier_view;
SELECT t.tier, count(*) AS subscribers, round(avg(t.score)::numeric, 3) AS mean_score,
	   round(avg(s.monthly_fee)::numeric, 1) AS fee, round(avg(s.months_active)::numeric, 1) AS tenure,
	   round(avg(s.support_tickets_90d)::numeric, 2) AS tickets,
	   count(*) FILTER (WHERE s.contract = 'two_year') AS two_year
FROM public.subscriber_tier t JOIN public.subscribers s USING (subscriber_id)
GROUP BY t.tier ORDER BY min(t.score) DESC;
\echo The classification against the same condition written in plain SQL
SELECT t.churn_risk, count(*) AS subscribers,
	   count(*) FILTER (WHERE s.contract = 'monthly' AND (s.support_tickets_90d >= 3 OR s.outage_minutes > 120)) AS high_by_hand
FROM public.subscriber_tier t JOIN public.subscribers s USING (subscriber_id)
GROUP BY 1 ORDER BY 1;
SELECT s.strategy, count(*) AS subscribers FROM public.subscriber_tier_strategies s GROUP BY 1 ORDER BY 1;
\echo The first subscriber of each combination of strategies
SELECT DISTINCT ON (strategies) subscriber_id, tier, round(score::numeric, 3) AS score, value_tier, loyalty_tier,
	   experience_tier, churn_risk, strategies, routing_priority
FROM public.subscriber_tier ORDER BY strategies, subscriber_id;
