#!/usr/bin/env bash
# test/profile_realdata.sh: customer profiles from the real complaint tickets
# in ../shared/realdata (the CFPB 2015 Q1 sample and the Comcast 2015
# tickets), through ticket mappings, reporting what each mapping had to do:
# time formats, blanks, leading zeros, free-text problem types
# (doc/profile.md, "Real tickets").
#
#   bash test/profile_realdata.sh
#
# Neither file has a customer identifier: both are profiled per ZIP code (a
# neighbourhood stands in for the customer), which exercises the shape and
# the mess of real tickets, not the meaning of a customer.  Skips cleanly
# (exit 0) when the data files are absent.  Starts its own temporary
# cluster; installs the extension under the shared lock.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$CT_ROOT"

data=$(ct_realdata cfpb_complaints_2015Q1_28k.csv comcast_telecom_complaints.csv)
if [ -z "$data" ]; then
	echo "profile_realdata: skipped: ../shared/realdata (CFPB and Comcast files) not found (set CT_REALDATA to its directory)"
	exit 0
fi

ct_lock
ct_install
ct_pg_start
psql() { command psql -X -q -v ON_ERROR_STOP=1 -P pager=off "$@"; }
psql -c "CREATE EXTENSION complaint_tier"

echo "## CFPB consumer complaints, 2015 Q1 ($(basename "$data/cfpb_complaints_2015Q1_28k.csv"))"
psql <<SQL
SET timezone = 'UTC';
SET search_path = public, complaint_tier;
CREATE TABLE cfpb_raw (row_index text, complaint_id text, product text, sub_product text, issue text,
	sub_issue text, state text, zip text, date_received text, date_sent text, company_response text,
	timely text, disputed text);
\copy cfpb_raw FROM '$data/cfpb_complaints_2015Q1_28k.csv' WITH (FORMAT csv, HEADER true)
-- what no mapping can do: ZIP codes lost their leading zeros (a number
-- somewhere upstream); "In progress" is a state, not a remedy
CREATE VIEW cfpb AS
SELECT complaint_id, CASE WHEN btrim(zip) ~ '^[0-9]{3,5}\$' THEN lpad(btrim(zip), 5, '0') END AS zip,
	   date_received, issue, NULLIF(company_response, 'In progress') AS response, disputed
FROM cfpb_raw;
SELECT define_ticket_mapping('cfpb', '{
  "description": "CFPB complaints per ZIP code",
  "source": "cfpb",
  "customer": "zip",
  "time": {"column": "date_received", "format": "MM/DD/YYYY"},
  "problem_type": "issue",
  "remedy": "response",
  "accepted": {"column": "disputed", "true": ["No"], "false": ["Yes"]}
}') \gset
\pset footer off
\echo
\echo What the mapping had to do:
SELECT count(*) AS rows,
	   count(*) FILTER (WHERE zip IS NULL OR btrim(zip) = '') AS blank_zip,
	   count(*) FILTER (WHERE btrim(zip) ~ '^[0-9]{3,4}\$') AS zip_lost_leading_zeros,
	   count(*) FILTER (WHERE btrim(zip) <> '' AND btrim(zip) !~ '^[0-9]{3,5}\$') AS zip_malformed,
	   count(*) FILTER (WHERE date_received ~ '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}\$'
	                    AND date_received !~ '^[0-9]{2}/[0-9]{2}/') AS dates_m_d_yyyy_no_leading_zero,
	   count(*) FILTER (WHERE coalesce(btrim(disputed), '') = '') AS outcome_blank,
	   count(*) FILTER (WHERE disputed = 'Yes') AS disputed_yes,
	   count(*) FILTER (WHERE disputed = 'No') AS disputed_no,
	   count(*) FILTER (WHERE company_response = 'In progress') AS response_in_progress,
	   count(DISTINCT issue) AS issues
FROM cfpb_raw;
SELECT min(to_timestamp(date_received, 'MM/DD/YYYY'))::date AS first_received,
	   max(to_timestamp(date_received, 'MM/DD/YYYY'))::date AS last_received FROM cfpb_raw;
\echo
\echo Profiles as of 2015-03-20 00:00 UTC (one row per ZIP code):
CREATE TABLE cfpb_profile AS SELECT * FROM customer_profile('cfpb', 'cfpb', '2015-03-20 00:00+00');
SELECT count(*) AS zips, sum(complaints_total) AS tickets,
	   percentile_disc(0.5) WITHIN GROUP (ORDER BY complaints_total) AS median_tickets,
	   max(complaints_total) AS max_tickets,
	   count(*) FILTER (WHERE complaints_30d >= 3) AS zips_3_plus_in_30d,
	   count(accepted_ratio) AS zips_with_known_outcome,
	   round(avg(accepted_ratio)::numeric, 3) AS mean_accepted_ratio,
	   count(*) FILTER (WHERE remedy IS NULL) AS zips_only_in_progress
FROM cfpb_profile;
\echo Most frequent issue per ZIP code (the ten most common):
SELECT problem_type, count(*) AS zips FROM cfpb_profile GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10;
\echo The five busiest ZIP codes:
SELECT customer_key AS zip, complaints_total, complaints_30d, complaints_90d, round(days_since_last::numeric, 1) AS days_since_last,
	   round(accepted_ratio::numeric, 3) AS accepted_ratio, problem_type, remedy
FROM cfpb_profile ORDER BY complaints_total DESC, customer_key LIMIT 5;
\echo
\echo Checked against plain SQL on the raw rows (the busiest ZIP code):
SELECT p.customer_key AS zip, p.complaints_total = r.n AS total_agrees, p.complaints_30d = r.n30 AS d30_agrees,
	   p.accepted_ratio IS NOT DISTINCT FROM r.acc AS accepted_agrees, p.remedy = r.top_remedy AS remedy_agrees
FROM (SELECT * FROM cfpb_profile ORDER BY complaints_total DESC, customer_key LIMIT 1) p
CROSS JOIN LATERAL (
	SELECT count(*) AS n,
		   count(*) FILTER (WHERE to_timestamp(date_received, 'MM/DD/YYYY') > '2015-03-20 00:00+00'::timestamptz - interval '720 hours') AS n30,
		   avg((disputed = 'No')::int) FILTER (WHERE disputed IN ('Yes', 'No'))::float8 AS acc,
		   mode() WITHIN GROUP (ORDER BY NULLIF(company_response, 'In progress')) AS top_remedy
	FROM cfpb_raw WHERE lpad(btrim(zip), 5, '0') = p.customer_key) r;
SQL

echo
echo "## Comcast telecom complaint tickets, 2015 ($(basename "$data/comcast_telecom_complaints.csv"))"
psql <<SQL
SET timezone = 'UTC';
SET search_path = public, complaint_tier;
CREATE TABLE comcast_raw (ticket text, complaint text, date text, date_month_year text, "time" text,
	received_via text, city text, state text, zip text, status text, on_behalf text);
\copy comcast_raw FROM '$data/comcast_telecom_complaints.csv' WITH (FORMAT csv, HEADER true)
-- what no mapping can do: ZIP codes of New England lost their leading zero;
-- the date and the time of day are two columns; the problem is free text,
-- grouped into categories by keywords
CREATE VIEW comcast AS
SELECT ticket, CASE WHEN btrim(zip) ~ '^[0-9]{3,5}\$' THEN lpad(btrim(zip), 5, '0') END AS zip,
	   date || ' ' || "time" AS opened, received_via,
	   CASE WHEN complaint ~* 'data ?cap|usage|overage|data limit|\mcaps?\M|\mgb\M|allowance' THEN 'data_cap'
	        WHEN complaint ~* 'bill|charg|fee|pric|refund|payment|credit' THEN 'billing'
	        WHEN complaint ~* 'speed|slow|throttl|mbps' THEN 'speed'
	        WHEN complaint ~* 'outage|disconnect|not working|no service|intermittent|drop|down' THEN 'outage'
	        WHEN complaint ~* 'customer service|rude|support|representative|technician|appointment|contract' THEN 'customer_service'
	        WHEN complaint ~* 'internet|service|cable|comcast|xfinity|isp' THEN 'general'
	        ELSE 'other' END AS problem
FROM comcast_raw;
SELECT define_ticket_mapping('comcast', '{
  "description": "Comcast tickets per ZIP code",
  "source": "comcast",
  "customer": "zip",
  "time": {"column": "opened", "format": "DD-MM-YYYY HH12:MI:SS AM"},
  "problem_type": "problem",
  "channel": "received_via"
}') \gset
\pset footer off
\echo
\echo What the mapping had to do:
SELECT count(*) AS rows, count(*) FILTER (WHERE coalesce(btrim(zip), '') = '') AS blank_zip,
	   count(*) FILTER (WHERE btrim(zip) ~ '^[0-9]{3,4}\$') AS zip_lost_leading_zeros,
	   count(*) FILTER (WHERE date !~ '^[0-9]{2}-[0-9]{2}-[0-9]{4}\$') AS date_not_dd_mm_yyyy,
	   count(*) FILTER (WHERE "time" !~ '^[0-9]{2}:[0-9]{2}:[0-9]{2} [AP]M\$') AS time_not_12_hour,
	   count(DISTINCT lower(btrim(complaint))) AS distinct_complaint_texts,
	   count(*) FILTER (WHERE status IN ('Open', 'Pending')) AS open_or_pending
FROM comcast_raw;
\echo Free-text complaints grouped by keyword:
SELECT problem, count(*) AS tickets, count(DISTINCT c.complaint) AS distinct_texts, min(c.complaint) AS example
FROM comcast JOIN comcast_raw c USING (ticket) GROUP BY 1 ORDER BY 2 DESC;
SELECT min(to_timestamp(opened, 'DD-MM-YYYY HH12:MI:SS AM')) AS first_ticket,
	   max(to_timestamp(opened, 'DD-MM-YYYY HH12:MI:SS AM')) AS last_ticket FROM comcast;
\echo
\echo Profiles as of 2016-01-01 00:00 UTC (one row per ZIP code):
CREATE TABLE comcast_profile AS SELECT * FROM customer_profile('comcast', 'comcast', '2016-01-01 00:00+00');
SELECT count(*) AS zips, sum(complaints_total) AS tickets, max(complaints_total) AS max_tickets,
	   count(*) FILTER (WHERE complaints_total >= 2) AS repeat_zips,
	   count(*) FILTER (WHERE complaints_90d >= 2) AS repeat_zips_90d,
	   round(avg(complainant_days) FILTER (WHERE complaints_total >= 2)::numeric, 1) AS mean_days_first_to_as_of_repeaters
FROM comcast_profile;
SELECT channel, problem_type, count(*) AS zips FROM comcast_profile GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 8;
\echo The five busiest ZIP codes:
SELECT customer_key AS zip, complaints_total, complaints_30d, complaints_90d, complaints_365d,
	   first_complaint::date AS first, last_complaint::date AS last, problem_type, channel
FROM comcast_profile ORDER BY complaints_total DESC, customer_key LIMIT 5;
\echo
\echo Checked against plain SQL on the raw rows (every ZIP code, 90-day window and most frequent category):
SELECT count(*) AS zips,
	   count(*) FILTER (WHERE p.complaints_total = r.n AND p.complaints_90d = r.n90) AS counts_agree,
	   count(*) FILTER (WHERE p.problem_type = r.top) AS category_agrees
FROM comcast_profile p
JOIN (SELECT zip, count(*) AS n,
			 count(*) FILTER (WHERE to_timestamp(opened, 'DD-MM-YYYY HH12:MI:SS AM') > '2016-01-01 00:00+00'::timestamptz - interval '2160 hours') AS n90,
			 mode() WITHIN GROUP (ORDER BY problem) AS top
	  FROM comcast WHERE zip IS NOT NULL GROUP BY zip) r ON r.zip = p.customer_key;
SQL
