-- Customer profiles from a ticket table through a ticket mapping
-- (doc/profile.md): customer_profile() for a query, create_profile_view()
-- for a view, a materialised view, or an incremental store of per-customer
-- states that refresh_profile() brings up to date with the new tickets only.

-- The per-customer states of the tickets with after < time <= upto (SQL
-- expressions, e.g. $1 and $2), as "k" (the key) and "s" (the state).
CREATE FUNCTION _profile_states_sql(mapping text, tickets regclass, upto text, after text)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $$
DECLARE
	x record;
BEGIN
	x := _profile_exprs(mapping, tickets);
	RETURN format('SELECT %s AS k, complaint_tier.profile_state(%s) AS s FROM %s t WHERE %s IS NOT NULL AND %s <= %s%s GROUP BY 1',
	              x.key_expr, array_to_string(x.args, ', '), tickets, x.key_expr, x.args[1], upto,
	              CASE WHEN after IS NULL THEN '' ELSE format(' AND %s > %s', x.args[1], after) END);
END
$$;

COMMENT ON FUNCTION _profile_states_sql(text, regclass, text, text) IS
'internal: the query of per-customer profile_state states of a ticket table through a mapping, for the tickets with after < time <= upto';

CREATE FUNCTION customer_profile(mapping text, tickets regclass, as_of timestamptz)
RETURNS TABLE (customer_key text, complaints_total bigint, complaints_30d int, complaints_90d int,
               complaints_365d int, escalations_total bigint, escalations_12m int,
               first_complaint timestamptz, last_complaint timestamptz, days_since_last float8,
               complainant_days float8, unreasonable_ratio float8, handling_hours float8,
               handling_hours_max float8, accepted_ratio float8, satisfaction float8,
               problem_type text, channel text, remedy text)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, complaint_tier
AS $$
BEGIN
	RETURN QUERY EXECUTE format('SELECT x.k::text, p.* FROM (%s) x CROSS JOIN LATERAL complaint_tier.profile(x.s, $1) p',
	                            _profile_states_sql(mapping, tickets, '$1', NULL))
	USING as_of;
END
$$;

COMMENT ON FUNCTION customer_profile(text, regclass, timestamptz) IS
'one row per customer of a ticket table (through a ticket mapping) with the tickets up to as_of: the customer key as text and the columns of complaint_tier.ticket_profile';

CREATE TABLE profile_view (
	view_name text PRIMARY KEY,
	mapping text NOT NULL REFERENCES ticket_mapping (name) ON UPDATE CASCADE,
	tickets text NOT NULL,
	state_table text NOT NULL,
	key_column text NOT NULL,
	watermark timestamptz NOT NULL DEFAULT '-infinity',
	refreshed_at timestamptz
);

COMMENT ON TABLE profile_view IS
'incremental profile views (create_profile_view(..., kind => ''incremental'')): the view, its mapping and ticket table, the table of per-customer states and the watermark: the states hold every ticket with time <= watermark, and the view reads them as of the watermark';

SELECT pg_catalog.pg_extension_config_dump('profile_view', '');
GRANT SELECT ON profile_view TO PUBLIC;

-- refresh_profile's work; the wrapper below resolves the view name in the
-- caller's search path
CREATE FUNCTION _refresh_profile(rel regclass, view_name text, upto timestamptz, rebuild boolean)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, complaint_tier
AS $$
DECLARE
	v profile_view;
	q text;
	n bigint;
BEGIN
	IF view_name IS NULL OR upto IS NULL OR rebuild IS NULL THEN
		RAISE EXCEPTION 'refresh_profile needs a view name, an upto time and a rebuild flag'
			USING ERRCODE = 'null_value_not_allowed';
	END IF;
	SELECT * INTO v FROM profile_view p
	WHERE rel IS NOT NULL AND p.view_name = (SELECT format('%I.%I', s.nspname, c.relname)
	                                         FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE c.oid = rel)
	FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION '"%" is not an incremental profile view', view_name
			USING ERRCODE = 'undefined_object',
			      HINT = 'The incremental profile views are listed in complaint_tier.profile_view; refresh a materialised profile view with REFRESH MATERIALIZED VIEW.';
	END IF;
	IF rebuild THEN
		EXECUTE format('TRUNCATE %s', v.state_table::regclass);
		v.watermark := '-infinity';
	END IF;
	IF upto < v.watermark THEN
		RAISE EXCEPTION 'upto is before the watermark of profile view "%"', view_name
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = format('The states hold the tickets up to %s; upto is %s.', v.watermark, upto),
			      HINT = 'Refresh up to a later time, or rebuild (rebuild => true).';
	END IF;
	-- after a rebuild the table is empty: a plain insert, without the
	-- speculative insertion of ON CONFLICT
	q := format('INSERT INTO %s AS d (%I, state) %s', v.state_table::regclass, v.key_column,
	            _profile_states_sql(v.mapping, v.tickets::regclass, '$2', '$1'))
	     || CASE WHEN rebuild THEN '' ELSE format(' ON CONFLICT (%I) DO UPDATE SET state = complaint_tier.profile_state_combine(d.state, EXCLUDED.state)', v.key_column) END;
	EXECUTE q USING v.watermark, upto;
	GET DIAGNOSTICS n = ROW_COUNT;
	UPDATE profile_view p SET watermark = upto, refreshed_at = clock_timestamp() WHERE p.view_name = v.view_name;
	RETURN n;
END
$$;

COMMENT ON FUNCTION _refresh_profile(regclass, text, timestamptz, boolean) IS
'internal: refresh_profile with the view resolved';

CREATE FUNCTION refresh_profile(view_name text, upto timestamptz DEFAULT now(), rebuild boolean DEFAULT false)
RETURNS bigint
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
	SELECT complaint_tier._refresh_profile(pg_catalog.to_regclass(view_name), view_name, upto, rebuild);
END;

COMMENT ON FUNCTION refresh_profile(text, timestamptz, boolean) IS
'bring an incremental profile view up to upto (default now()): merges the states of the tickets with watermark < time <= upto into the stored per-customer states and moves the watermark; with rebuild, recomputes every state from the tickets; returns the number of customers whose state changed';

-- create_profile_view's work; the wrapper below passes the caller's schema
-- for an unqualified view name
CREATE FUNCTION _create_profile_view(mapping text, tickets regclass, view_name text, schema_name text,
	as_of timestamptz, attributes regclass, kind text)
RETURNS text
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, complaint_tier
AS $$
DECLARE
	x record;
	parts text[];
	qname text;
	sname text;
	key text;
	key_type text;
	src text;
	as_of_sql text;
	cols text;
	clash text[];
	obj text;
	c record;
	profile_cols text[] := ARRAY(SELECT a.attname::text FROM pg_attribute a
	                             WHERE a.attrelid = 'complaint_tier.ticket_profile'::regclass AND a.attnum > 0 ORDER BY a.attnum);
	comments text[] := ARRAY[
		'tickets up to as_of', 'tickets in the 30 days up to as_of', 'tickets in the 90 days up to as_of',
		'tickets in the 365 days up to as_of', 'escalated tickets (NULL: no escalation flag known)',
		'escalated tickets in the 365 days up to as_of (NULL: none of them with a known flag)',
		'time of the first ticket', 'time of the last ticket', 'days from the last ticket to as_of',
		'days from the first ticket to as_of', 'share of the judged tickets judged unreasonable',
		'mean handling time in hours', 'longest handling time in hours', 'share of the remedies with a known outcome that were accepted',
		'mean satisfaction score', 'most frequent problem type', 'most frequent channel', 'most frequent remedy'];
BEGIN
	IF mapping IS NULL OR tickets IS NULL OR view_name IS NULL OR kind IS NULL THEN
		RAISE EXCEPTION 'create_profile_view needs a mapping, a ticket table, a view name and a kind'
			USING ERRCODE = 'null_value_not_allowed';
	END IF;
	IF NOT kind IN ('view', 'materialized', 'incremental') THEN
		RAISE EXCEPTION 'unknown kind of profile view "%"', kind
			USING ERRCODE = 'invalid_parameter_value', HINT = 'The kinds are view, materialized and incremental.';
	END IF;
	IF kind = 'incremental' AND as_of IS NOT NULL THEN
		RAISE EXCEPTION 'an incremental profile view is as of its last refresh, not as of a given time'
			USING ERRCODE = 'invalid_parameter_value', HINT = 'Leave as_of NULL; refresh_profile(view, upto) sets the time.';
	END IF;
	parts := parse_ident(view_name);
	IF cardinality(parts) > 2 THEN
		RAISE EXCEPTION 'invalid view name "%"', view_name USING ERRCODE = 'invalid_name';
	END IF;
	IF cardinality(parts) = 1 THEN
		IF schema_name IS NULL THEN
			RAISE EXCEPTION 'no schema has been selected to create the view "%" in', view_name
				USING ERRCODE = 'invalid_schema_name', HINT = 'Qualify the view name with a schema.';
		END IF;
		parts := ARRAY[schema_name] || parts;
	END IF;
	qname := format('%I.%I', parts[1], parts[2]);
	sname := format('%I.%I', parts[1], parts[2] || '_state');
	x := _profile_exprs(mapping, tickets);
	key := x.key_column;
	SELECT CASE WHEN format_type(a.atttypid, NULL) IN ('text', 'character varying', 'character', 'name') THEN 'text'
	            ELSE format_type(a.atttypid, a.atttypmod) END INTO key_type
	FROM pg_attribute a WHERE a.attrelid = tickets AND a.attname = key;
	IF attributes IS NOT NULL THEN
		IF NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = attributes AND a.attname = key
		               AND a.attnum > 0 AND NOT a.attisdropped) THEN
			RAISE EXCEPTION 'the attribute table % has no column "%" to join the tickets'' customers on', attributes, key
				USING ERRCODE = 'undefined_column';
		END IF;
		clash := ARRAY(SELECT a.attname::text FROM pg_attribute a
		               WHERE a.attrelid = attributes AND a.attnum > 0 AND NOT a.attisdropped
		                 AND a.attname::text = ANY (profile_cols) ORDER BY a.attnum);
		IF cardinality(clash) > 0 THEN
			RAISE EXCEPTION 'the attribute table % has columns that the profile provides: %', attributes, array_to_string(clash, ', ')
				USING ERRCODE = 'duplicate_column',
				      HINT = 'Join a view of the attribute table without these columns.';
		END IF;
	END IF;
	obj := CASE kind WHEN 'materialized' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END;
	IF kind = 'incremental' THEN
		EXECUTE format('CREATE TABLE %s (%I %s PRIMARY KEY, state complaint_tier.profile_state NOT NULL)', sname, key, key_type);
		EXECUTE format('COMMENT ON TABLE %s IS %L', sname,
		               format('per-customer ticket profile states of %s (complaint_tier.refresh_profile brings them up to date)', qname));
		DELETE FROM profile_view p WHERE p.view_name = qname;
		INSERT INTO profile_view (view_name, mapping, tickets, state_table, key_column)
		VALUES (qname, mapping, tickets::text, sname, key);
		src := format('%s s', sname);
		as_of_sql := format('(SELECT w.watermark FROM complaint_tier.profile_view w WHERE w.view_name = %L)', qname);
		cols := CASE WHEN attributes IS NULL THEN format('s.%I, ', key) ELSE 'a.*, ' END || 'p.*';
		src := src || CASE WHEN attributes IS NULL THEN '' ELSE format(' JOIN %s a ON a.%I = s.%I', attributes, key, key) END
		           || format(' CROSS JOIN LATERAL complaint_tier.profile(s.state, %s) p', as_of_sql);
	ELSE
		as_of_sql := CASE WHEN as_of IS NULL THEN 'pg_catalog.now()' ELSE format('%L::timestamptz', as_of) END;
		src := format('(%s) x', _profile_states_sql(mapping, tickets, as_of_sql, NULL))
		       || CASE WHEN attributes IS NULL THEN '' ELSE format(' JOIN %s a ON a.%I = x.k', attributes, key) END
		       || format(' CROSS JOIN LATERAL complaint_tier.profile(x.s, %s) p', as_of_sql);
		cols := CASE WHEN attributes IS NULL THEN format('x.k AS %I, ', key) ELSE 'a.*, ' END || 'p.*';
	END IF;
	EXECUTE format('CREATE %s %s AS SELECT %s FROM %s', obj, qname, cols, src);
	EXECUTE format('COMMENT ON %s %s IS %L', obj, qname,
	               format('customer profiles of %s through ticket mapping %s, %s%s (complaint_tier.create_profile_view)',
	                      tickets, mapping,
	                      CASE kind WHEN 'incremental' THEN 'as of the last refresh_profile()'
	                                ELSE CASE WHEN as_of IS NULL THEN 'as of now()' ELSE format('as of %s', as_of) END END,
	                      CASE WHEN attributes IS NULL THEN '' ELSE format(', joined to %s', attributes) END));
	IF attributes IS NULL THEN
		EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', qname, key, format('the customer (%s of %s)', key, tickets));
	END IF;
	FOR c IN SELECT * FROM unnest(profile_cols, comments) u(col, cmt) LOOP
		EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', qname, c.col, c.cmt);
	END LOOP;
	IF kind = 'materialized' THEN
		EXECUTE format('CREATE UNIQUE INDEX ON %s (%I)', qname, key);
	ELSIF kind = 'incremental' THEN
		PERFORM _refresh_profile(qname::regclass, qname, now(), false);
	END IF;
	RETURN qname;
END
$$;

COMMENT ON FUNCTION _create_profile_view(text, regclass, text, text, timestamptz, regclass, text) IS
'internal: create_profile_view with the schema of an unqualified view name';

CREATE FUNCTION create_profile_view(mapping text, tickets regclass, view_name text,
	as_of timestamptz DEFAULT NULL, attributes regclass DEFAULT NULL, kind text DEFAULT 'view')
RETURNS text
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
	SELECT complaint_tier._create_profile_view(mapping, tickets, view_name, pg_catalog.current_schema(),
	                                           as_of, attributes, kind);
END;

COMMENT ON FUNCTION create_profile_view(text, regclass, text, timestamptz, regclass, text) IS
'publish the customer profiles of a ticket table (through a ticket mapping) as a view named after the customer column plus the ticket_profile columns, optionally joined to an attribute table on that column: kind ''view'' (recomputed on every query, as of as_of or now()), ''materialized'' (a materialised view with a unique index on the key, recomputed by REFRESH MATERIALIZED VIEW) or ''incremental'' (a table <view>_state of per-customer states that refresh_profile() updates from the new tickets, read as of the last refresh); returns the view''s name';
