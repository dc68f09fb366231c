#!/usr/bin/env bash
# test/validate_cfpb.sh: validate remedy learning (remedy_stats,
# recommend_remedy, and since 0.2.0 rank_remedies / validate_remedy) on
# real complaint-handling history, the US CFPB Consumer
# Complaint Database sample of 2015 Q1 in ../shared/realdata (doc/validation.md).
#
# Segment = Product, problem type = Issue, remedy = Company response,
# accepted = the consumer did not dispute the response; rows with a blank
# "Consumer disputed?" are unknown outcomes and skipped.  Learns on the
# earlier half of the known-outcome rows by date received (ties by complaint
# id), then reports on the later half the dispute rate where the company's
# actual response matched the recommendation and where it did not.
#
#   bash test/validate_cfpb.sh [MIN_CASES ...]     (default: 30 10)
#
# Skips cleanly (exit 0) when the data file is absent.  Starts its own
# temporary cluster; installs the extension under the shared lock.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$CT_ROOT"

csv=$(ct_realdata cfpb_complaints_2015Q1_28k.csv)
[ -n "$csv" ] && csv=$csv/cfpb_complaints_2015Q1_28k.csv
if [ -z "$csv" ]; then
	echo "validate_cfpb: skipped: ../shared/realdata/cfpb_complaints_2015Q1_28k.csv not found (set CT_REALDATA to its directory)"
	exit 0
fi
min_cases=("$@")
[ ${#min_cases[@]} -gt 0 ] || min_cases=(30 10)

ct_lock
ct_install
ct_pg_start
# the server reads the file through psql's \copy, so no permissions matter
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

psql -c "CREATE EXTENSION complaint_tier"
psql <<SQL
CREATE TABLE cfpb_raw (row_index text, complaint_id bigint, product text, sub_product text,
	issue text, sub_issue text, state text, zip text, date_received text, date_sent text,
	company_response text, timely text, disputed text);
\copy cfpb_raw FROM '$csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE cfpb AS
SELECT complaint_id, product, issue, company_response AS response,
	   to_date(date_received, 'MM/DD/YYYY') AS received, disputed = 'Yes' AS disputed
FROM cfpb_raw
WHERE disputed IN ('Yes', 'No');
CREATE TABLE learned (split text, s complaint_tier.remedy_stats);
SQL

echo "## CFPB 2015 Q1 sample: $(basename "$csv")"
echo
psql -A -t <<'SQL'
SELECT format('%s rows; %s with a known outcome (%s disputed, %s not disputed), received %s..%s; the last "No" is on %s.',
	(SELECT count(*) FROM cfpb_raw), count(*), count(*) FILTER (WHERE disputed),
	count(*) FILTER (WHERE NOT disputed), min(received), max(received),
	max(received) FILTER (WHERE NOT disputed))
FROM cfpb;
SQL

# split NAME FILTER TRAIN: rows matching FILTER, TRAIN marks the training half
split() {
	local name=$1 filter=$2 train=$3 m
	psql -v name="$name" <<SQL
SET client_min_messages = warning;
DROP VIEW IF EXISTS split_test;
DROP TABLE IF EXISTS split;
CREATE TABLE split AS
SELECT c.*, ($train) AS train
FROM (SELECT c.*, row_number() OVER (ORDER BY received, complaint_id) AS rn, count(*) OVER () AS total
	  FROM cfpb c WHERE $filter) c;
DELETE FROM learned;
INSERT INTO learned
SELECT :'name', complaint_tier.remedy_stats(product, issue, response, NOT disputed, NULL)
FROM split WHERE train;
SQL
	echo
	echo "### $name"
	echo
	psql -A -t <<'SQL'
SELECT format('Train: %s rows received %s..%s (dispute rate %s). Test: %s rows received %s..%s (dispute rate %s).',
	count(*) FILTER (WHERE train), min(received) FILTER (WHERE train), max(received) FILTER (WHERE train),
	round(avg(disputed::int) FILTER (WHERE train), 4),
	count(*) FILTER (WHERE NOT train), min(received) FILTER (WHERE NOT train), max(received) FILTER (WHERE NOT train),
	round(avg(disputed::int) FILTER (WHERE NOT train), 4))
FROM split;
SQL
	for m in "${min_cases[@]}"; do
		echo
		psql -A -t -v min_cases="$m" <<'SQL'
SELECT format('min_cases = %s: %s (product, issue) pairs get a recommendation (%s).', :min_cases, coalesce(sum(c), 0),
	   coalesce(string_agg(remedy || ' ' || c, ', ' ORDER BY c DESC, remedy), 'none'))
FROM (SELECT r.remedy, count(*) AS c
	  FROM learned l, (SELECT DISTINCT product, issue FROM split WHERE train) p,
		   complaint_tier.recommend_remedy(l.s, p.product, p.issue, :min_cases) r
	  GROUP BY r.remedy) x;
SQL
		echo
		echo "| test rows (min_cases = $m) | n | disputed | dispute rate | 95% Wilson interval |"
		echo "|---|---:|---:|---:|---|"
		psql -A -t -F ' | ' -v min_cases="$m" <<'SQL'
WITH rec AS (
	SELECT t.*, r.remedy AS recommended
	FROM split t CROSS JOIN learned l
	LEFT JOIN LATERAL complaint_tier.recommend_remedy(l.s, t.product, t.issue, :min_cases) r ON true
	WHERE NOT t.train
), g AS (
	SELECT CASE WHEN recommended IS NULL THEN '3 no recommendation (too few cases)'
				WHEN response = recommended THEN '1 response = recommendation'
				ELSE '2 response <> recommendation' END AS grp,
		   count(*)::float8 AS n, count(*) FILTER (WHERE disputed)::float8 AS k
	FROM rec GROUP BY 1
	UNION ALL
	SELECT '4 all test rows', count(*), count(*) FILTER (WHERE disputed) FROM rec
), z AS (SELECT 1.959963984540054::float8 AS z)
SELECT '| ' || substr(grp, 3), n::bigint, k::bigint, round((k / n)::numeric, 4),
	   format('%s .. %s |',
		round((((k/n) + z*z/(2*n) - z*sqrt((k/n)*(1-k/n)/n + z*z/(4*n*n))) / (1 + z*z/n))::numeric, 4),
		round((((k/n) + z*z/(2*n) + z*sqrt((k/n)*(1-k/n)/n + z*z/(4*n*n))) / (1 + z*z/n))::numeric, 4))
FROM g, z ORDER BY grp;
SQL
	done
	echo
	echo "| actual response in the test half | n | dispute rate |"
	echo "|---|---:|---:|"
	psql -A -t -F ' | ' <<'SQL'
SELECT '| ' || response, count(*), round(avg(disputed::int)::numeric, 4) || ' |'
FROM split WHERE NOT train GROUP BY response ORDER BY count(*) DESC, response;
SQL
	validate
}

# validate: validate_remedy on the test half of the current split, by both
# recommenders; the difference is in the acceptance (not disputed) rate of
# cases that got the recommended response minus the others, within
# (product, issue) strata (Mantel-Haenszel, Sato's 95% interval)
validate() {
	echo
	echo "validate_remedy (Mantel-Haenszel within (product, issue); acceptance = not disputed; percentage points, Sato 95% CI):"
	echo
	echo "| method | min_cases | strata compared (pair / segment / all) | followed: n, accepted | others: n, accepted | not compared | difference in acceptance [95% CI] |"
	echo "|---|---:|---|---|---|---:|---|"
	psql -A -t <<'SQL'
SET client_min_messages = error;
CREATE OR REPLACE VIEW split_test AS SELECT product, issue, response, NOT disputed AS accepted FROM split WHERE NOT train;
SELECT format('| %s | %s | %s%s | %s, %s | %s, %s | %s | %s [%s, %s] |', m.method, m.min_cases, v.strata_compared,
	   CASE WHEN m.method = 'shrinkage' THEN format(' (%s / %s / %s)', v.pair_strata, v.segment_strata, v.all_strata) ELSE '' END,
	   v.followed, coalesce(round(v.followed_rate::numeric, 4)::text, '-'), v.other, coalesce(round(v.other_rate::numeric, 4)::text, '-'),
	   v.not_compared,
	   coalesce(to_char(100 * v.risk_difference, 'FMSG990.0'), '-'), coalesce(to_char(100 * v.ci_low, 'FMSG990.0'), '-'),
	   coalesce(to_char(100 * v.ci_high, 'FMSG990.0'), '-'))
FROM (VALUES (1, 'wilson', 30), (2, 'wilson', 10), (3, 'shrinkage', 30), (4, 'shrinkage', 10)) m(k, method, min_cases),
	 learned l, complaint_tier.validate_remedy(l.s, 'split_test', 'product', 'issue', 'response', 'accepted', m.min_cases, m.method) v
ORDER BY m.k;
SQL
	echo
	psql -A -t <<'SQL'
SELECT format('shrinkage, min_cases 30: recommended responses over the %s test strata: %s.', sum(c),
	   string_agg(remedy || ' ' || c, ', ' ORDER BY c DESC, remedy))
FROM (SELECT r.remedy, count(*) AS c
	  FROM learned l, (SELECT DISTINCT product, issue FROM split WHERE NOT train) p,
		   complaint_tier.rank_remedies(l.s, p.product, p.issue, 30) r
	  WHERE r.rank = 1 GROUP BY r.remedy) x;
SQL
}

split "A. temporal split of every known outcome (as specified)" "true" "rn <= total / 2"
split "B. temporal split within 2015-01-01..2015-01-09 (before the censoring)" \
	"received <= date '2015-01-09'" "rn <= total / 2"
split "C. interleaved split within 2015-01-01..2015-01-09 (even complaint id trains)" \
	"received <= date '2015-01-09'" "complaint_id % 2 = 0"

echo
echo "### D. censoring: the outcome after 2015-01-22"
echo
echo "Learning on the complaints received after 2015-01-22 (every known outcome there is a dispute):"
echo
echo '```'
psql -A -t 2>&1 <<'SQL' | sed 's/^psql:[^ ]* //'
SELECT 'rows: ' || count(*) FROM cfpb WHERE received > date '2015-01-22';
SELECT complaint_tier.remedy_stats(product, issue, response, NOT disputed, NULL) IS NOT NULL AS learned
FROM cfpb WHERE received > date '2015-01-22';
SQL
echo '```'
ct_pg_stop
