-- Layer 2: roll-ups of stored states.  States kept per day in a table and
-- merged equal the one-shot aggregate; states survive text and binary
-- (COPY BINARY) round trips unchanged; merge() works in GROUP BY roll-ups.
SET search_path = complaint_tier, public;

CREATE TABLE events AS
SELECT date '2024-01-01' + (i % 10) AS day,
       ARRAY[(i * 7919) % 1000 / 10.0, (i * 104729) % 997, sin(i) * 50,
             CASE WHEN i % 9 = 0 THEN NULL ELSE i % 13 END]::float8[] AS v
FROM generate_series(1, 5000) i;

-- one state per day, stored
CREATE TABLE daily (day date PRIMARY KEY, s indicator_stats);
INSERT INTO daily SELECT day, indicator_stats(v) FROM events GROUP BY day;
SELECT count(*) AS days, sum((stats_count(s))[1]) AS rows FROM daily;

-- merged roll-up against the one-shot aggregate
CREATE TEMP TABLE cmp AS
SELECT (SELECT merge(s) FROM daily) AS rolled, (SELECT indicator_stats(v) FROM events) AS direct;
SELECT stats_count(rolled) = stats_count(direct) AS counts_equal,
       stats_null_count(rolled) AS nulls,
       stats_min(rolled) = stats_min(direct) AND stats_max(rolled) = stats_max(direct) AS minmax_equal
FROM cmp;
SELECT bool_and(abs(a - b) <= 1e-12 * greatest(abs(a), abs(b), 1e-300)) AS means_ok
FROM cmp, unnest(stats_mean(rolled), stats_mean(direct)) u(a, b);
SELECT bool_and(abs(a - b) <= 1e-12 * greatest(abs(a), abs(b), 1e-300)) AS stddevs_ok
FROM cmp, unnest(stats_stddev(rolled), stats_stddev(direct)) u(a, b);
SELECT bool_and(abs(a - b) <= 1e-12) AS correlations_ok
FROM cmp, unnest(correlation_matrix(rolled), correlation_matrix(direct)) u(a, b);

-- a roll-up by week: merge() as an ordinary GROUP BY aggregate
SELECT date_trunc('week', day)::date AS week, (stats_count(merge(s)))[1] AS n
FROM daily GROUP BY 1 ORDER BY 1;

-- text round trip of every stored state, and through a text column
SELECT bool_and(s::text::indicator_stats::text = s::text) AS text_round_trip FROM daily;
CREATE TABLE daily_text AS SELECT day, s::text AS t FROM daily;
SELECT bool_and(d.s::text = t.t::indicator_stats::text) AS via_text_column
FROM daily d JOIN daily_text t USING (day);

-- binary round trip: COPY BINARY out and back in
-- scratch files named after the server port (concurrent clusters do not collide)
\set tmp_fit_rollup '/tmp/complaint_tier_fit_rollup_' :PORT '.bin'
\set tmp_fit_rollup1 '/tmp/complaint_tier_fit_rollup1_' :PORT '.bin'
COPY daily TO :'tmp_fit_rollup' (FORMAT binary);
CREATE TABLE daily_copy (day date, s indicator_stats);
COPY daily_copy FROM :'tmp_fit_rollup' (FORMAT binary);
SELECT count(*) AS copied, bool_and(d.s::text = c.s::text) AS binary_round_trip
FROM daily d JOIN daily_copy c USING (day);
-- and merging the copies equals merging the originals
SELECT (SELECT merge(s) FROM daily_copy)::text = (SELECT merge(s) FROM daily)::text AS merge_of_copies;
-- binary input through the type's receive function: the bytes of
-- indicator_stats_send() copied in binary format into an indicator_stats
-- column; then corrupted copies (version, truncation, an inconsistent count)
-- are refused.
CREATE TABLE one_state (s indicator_stats);
CREATE TABLE sent AS SELECT indicator_stats_send(s) AS b FROM daily ORDER BY day LIMIT 1;
SELECT length(b) AS send_bytes, get_byte(b, 0) AS version_byte,
       (get_byte(b, 1) << 24) | (get_byte(b, 2) << 16) | (get_byte(b, 3) << 8) | get_byte(b, 4) AS k
FROM sent;
COPY sent TO :'tmp_fit_rollup1' (FORMAT binary);
COPY one_state FROM :'tmp_fit_rollup1' (FORMAT binary);
SELECT (SELECT s::text FROM one_state) = (SELECT s::text FROM daily ORDER BY day LIMIT 1) AS recv_ok;
COPY (SELECT overlay(b placing '\x02'::bytea from 1) FROM sent) TO :'tmp_fit_rollup1' (FORMAT binary);
COPY one_state FROM :'tmp_fit_rollup1' (FORMAT binary);
COPY (SELECT substr(b, 1, length(b) - 8) FROM sent) TO :'tmp_fit_rollup1' (FORMAT binary);
COPY one_state FROM :'tmp_fit_rollup1' (FORMAT binary);
COPY (SELECT overlay(b placing '\x00000101'::bytea from 2) FROM sent) TO :'tmp_fit_rollup1' (FORMAT binary);
COPY one_state FROM :'tmp_fit_rollup1' (FORMAT binary);
-- rows = 1.5 (float8 0x3ff8000000000000) is not a whole count
COPY (SELECT overlay(b placing '\x3ff8000000000000'::bytea from 6) FROM sent) TO :'tmp_fit_rollup1' (FORMAT binary);
COPY one_state FROM :'tmp_fit_rollup1' (FORMAT binary);
SELECT count(*) AS loaded FROM one_state;

DROP TABLE events, daily, daily_text, daily_copy, one_state, sent;
