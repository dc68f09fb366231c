-- remedy_stats binary input (the type's receive function, through COPY
-- FORMAT binary): the layout of remedy_stats_send, an exact round trip, and
-- the refusal of malformed bytes (src/core/ct_wire.c; every refusal is
-- 22P03 invalid_binary_representation).
SET search_path = complaint_tier, public;
CREATE TABLE rb_state (s remedy_stats);
CREATE TABLE rb_sent (b bytea);
-- one entry ("a", "", "xy": 3 cases, 2 accepted, 1 satisfaction case summing 4)
INSERT INTO rb_sent SELECT remedy_stats_send('{"format": 1, "entries": [["a", "", "xy", 3, 2, 1, 4]]}');
-- format 1, 1 entry, three length-prefixed keys, three int64 counts, float8 4.0
SELECT length(b) AS bytes, encode(b, 'hex') AS hex FROM rb_sent;
-- scratch files named after the server port (concurrent clusters do not collide)
\set tmp_remedy_binary '/tmp/complaint_tier_remedy_binary_' :PORT '.bin'
COPY rb_sent TO :'tmp_remedy_binary' (FORMAT binary);
COPY rb_state FROM :'tmp_remedy_binary' (FORMAT binary);
SELECT s::text FROM rb_state;

-- corrupted copies: each COPY fails
CREATE FUNCTION pg_temp.try_recv(b bytea) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	TRUNCATE rb_sent;
	INSERT INTO rb_sent VALUES (b);
	EXECUTE format('COPY rb_sent TO %L (FORMAT binary)', format('/tmp/complaint_tier_remedy_binary_%s.bin', current_setting('port')));
	EXECUTE format('COPY rb_state FROM %L (FORMAT binary)', format('/tmp/complaint_tier_remedy_binary_%s.bin', current_setting('port')));
	RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
	RETURN sqlstate || ': ' || sqlerrm;
END $$;
WITH one AS (SELECT remedy_stats_send('{"format": 1, "entries": [["a", "", "xy", 3, 2, 1, 4]]}') AS a,
                    remedy_stats_send('{"format": 1, "entries": [["b", "", "xy", 3, 2, 1, 4]]}') AS b)
SELECT t.what, pg_temp.try_recv(t.bytes) AS result
FROM one, LATERAL (VALUES
	('format 2', overlay(a placing '\x02'::bytea from 1)),
	('header cut short', substr(a, 1, 3)),
	('entry cut short', substr(a, 1, length(a) - 1)),
	('a trailing byte', a || '\x00'::bytea),
	('negative entry count', overlay(a placing '\xffffffff'::bytea from 2)),
	('more entries than bytes', overlay(a placing '\x00000002'::bytea from 2)),
	('key longer than 1024 bytes', overlay(a placing '\x00000401'::bytea from 6)),
	('a NUL byte in a key', overlay(a placing '\x00'::bytea from 10)),
	('a key not in the database encoding', overlay(a placing '\xff'::bytea from 10)),
	('accepted > cases', overlay(a placing '\x0000000000000009'::bytea from 29)),
	('two entries in order', overlay(a placing '\x00000002'::bytea from 2) || substr(b, 6)),
	('two entries out of order', overlay(b placing '\x00000002'::bytea from 2) || substr(a, 6)),
	('a duplicate entry', overlay(a placing '\x00000002'::bytea from 2) || substr(a, 6))
) AS t(what, bytes);
SELECT s::text FROM rb_state;
DROP TABLE rb_state, rb_sent;
