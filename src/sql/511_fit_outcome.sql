-- Layer 3: fit()'s weighting 'outcome' (doc/outcome_weighting.md).  Between fit's
-- second scan (ranges, fitted defaults, constant indicators) and its weight
-- arithmetic, _fit_outcome regresses the model's outcome column on the
-- normalised indicators by an L2-penalised logistic regression: one
-- parallel scan per Newton iteration through the logit_step aggregate (one
-- per leaf partition, merged, over foreign partitions: _fit_scan_query), the
-- step and its halving in C (_logit_next, src/core/ct_logit_newton.c).
-- An indicator with a negative coefficient is reversed (benefit <-> cost,
-- target -> target reversed: the model reads 1 - v), so every coefficient
-- becomes |beta_j|; fit then weights the indicators by |beta_j| within
-- their dimension and the dimensions by the sums of |beta_j|, so that the
-- weighted sum is the logistic regression's linear predictor up to an
-- intercept and a scale, and combine 'probability' scores the fitted
-- probability of the outcome.

CREATE FUNCTION _fit_outcome(model text, v model_version, source regclass, constant boolean[],
                             OUT version model_version, OUT expert float8[], OUT dim_weights float8[],
                             OUT warnings text[])
LANGUAGE plpgsql STABLE PARALLEL UNSAFE
SET search_path = pg_catalog, complaint_tier
AS $fo$
DECLARE
	n int := cardinality(v.ind_name);
	nd int := cardinality(v.dim_names);
	k int;
	ytype text;
	yexpr text;
	yq text;
	push boolean := complaint_tier._fit_pushdown(source);
	cnt record;
	keep int := 0;
	w complaint_tier.model_version;
	q text;
	st complaint_tier.logit_stats;
	r record;
	nscan int := 0;
	drv float8[];
	beta float8[];
	se float8[];
	sm record;
	coef float8[];
	cse float8[];
	b float8;
	kk int := 1;
	dirs text[] := ARRAY['benefit', 'cost', 'target', 'target reversed'];
	e_msg text;
	e_detail text;
	e_hint text;
	e_state text;
BEGIN
	version := v;
	warnings := '{}';

	-- the outcome column: boolean or 0/1, both values present
	k := array_position(v.src_columns, v.outcome);
	IF k IS NULL THEN
		RAISE EXCEPTION 'column "%" of % is missing: it is the outcome of model "%"', v.outcome, source, model
			USING ERRCODE = 'undefined_column',
			      HINT = 'Weighting outcome regresses the model''s "outcome", a boolean or 0/1 column of the source.';
	END IF;
	ytype := v.src_types[k];
	IF ytype NOT IN ('boolean', 'number') THEN
		RAISE EXCEPTION 'column "%" of % has type %, but the outcome of model "%" must be boolean or a 0/1 number',
			v.outcome, source, ytype, model
			USING ERRCODE = 'datatype_mismatch',
			      HINT = 'Map the outcome to a boolean in a view.';
	END IF;
	yexpr := CASE ytype WHEN 'boolean' THEN format('%I', v.outcome) ELSE format('(%I = 1)', v.outcome) END;
	-- the counts per leaf partition when pushed (835_fit_pushdown_scans.sql), summed
	q := format('count(%1$I) AS _ct_k, count(*) FILTER (WHERE %2$s) AS _ct_p, count(*) AS _ct_n, %3$s AS _ct_b, %4$s AS _ct_x',
	            v.outcome, yexpr,
	            CASE ytype WHEN 'number' THEN format('count(*) FILTER (WHERE %I NOT IN (0, 1))', v.outcome) ELSE '0::bigint' END,
	            CASE ytype WHEN 'number' THEN format('min(%1$I::text) FILTER (WHERE %1$I NOT IN (0, 1))', v.outcome) ELSE 'NULL::text' END);
	yq := 'sum(_ct_k)::bigint AS known, sum(_ct_p)::bigint AS pos, (sum(_ct_n) - sum(_ct_k))::bigint AS unknown, '
	      'sum(_ct_b)::bigint AS bad, min(_ct_x) AS example';
	EXECUTE CASE WHEN push THEN complaint_tier._fit_push_query(source, q, yq)
	             ELSE format('SELECT %s FROM (SELECT %s FROM %s _ct_src) _ct_p', yq, q, source) END
		INTO cnt;
	IF cnt.bad > 0 THEN
		RAISE EXCEPTION 'column "%" of % has % value(s) other than 0 and 1', v.outcome, source, cnt.bad
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = format('For example %s; the outcome of model "%s" must be boolean or 0/1.', cnt.example, model),
			      HINT = 'Map the outcome to a boolean in a view; NULL is an unknown outcome.';
	END IF;
	IF cnt.known = 0 THEN
		RAISE EXCEPTION 'the outcome "%" of model "%" is NULL in every row of %', v.outcome, model, source
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF cnt.pos = 0 OR cnt.pos = cnt.known THEN
		RAISE EXCEPTION 'the outcome "%" of model "%" takes only one value in %', v.outcome, model, source
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = format('All %s rows with a known outcome are %s.', cnt.known, CASE WHEN cnt.pos = 0 THEN 'false' ELSE 'true' END),
			      HINT = 'A logistic regression needs both outcomes. An outcome recorded only when a case closes may be censored in recent rows: fit on a period where both were recorded, with unknown outcomes NULL.';
	END IF;
	IF cnt.unknown > 0 THEN
		RAISE NOTICE 'fit %: % row(s) of % with a NULL outcome "%" are left out of the logistic regression',
			model, cnt.unknown, source, v.outcome;
	END IF;

	-- the indicators that vary; the others keep coefficient 0
	w := v;
	w.ind_global_weight := ARRAY(SELECT CASE WHEN c THEN 0 ELSE 1 END::float8 FROM unnest(constant) c);
	keep := n - cardinality(array_positions(constant, true));
	IF keep = 0 THEN
		RAISE EXCEPTION 'no indicator of model "%" separates the customers of %', model, source
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = 'Every indicator is constant, so there is nothing to regress the outcome on.';
	END IF;

	-- Newton iterations, one parallel scan each, from the intercept of the base rate
	q := complaint_tier._fit_scan_query(source, push, format('%s, %s, $1', complaint_tier._fit_points(w, push), yexpr),
	                                    'complaint_tier.logit_step', 'complaint_tier.logit_step', 'complaint_tier.merge');
	beta := ARRAY[ln(cnt.pos::float8 / (cnt.known - cnt.pos))] || array_fill(0::float8, ARRAY[keep]);
	BEGIN
		LOOP
			nscan := nscan + 1;
			PERFORM set_config('complaint_tier.progress_phase',
			                   format('fit %s, logistic regression, Newton scan %s', model, nscan), true);
			EXECUTE q INTO st USING beta;
			r := complaint_tier._logit_next(st, v.outcome_penalty, drv);
			drv := r.driver;
			beta := r.beta;
			EXIT WHEN r.converged;
		END LOOP;
		PERFORM set_config('complaint_tier.progress_phase', '', true);
		se := complaint_tier.logit_std_errors(st, v.outcome_penalty);
	EXCEPTION WHEN invalid_parameter_value OR data_exception THEN
		GET STACKED DIAGNOSTICS e_msg = MESSAGE_TEXT, e_detail = PG_EXCEPTION_DETAIL, e_hint = PG_EXCEPTION_HINT,
		                        e_state = RETURNED_SQLSTATE;
		RAISE EXCEPTION 'the logistic regression of model "%" on % failed: %', model, source, e_msg
			USING ERRCODE = e_state, DETAIL = e_detail,
			      HINT = replace(e_hint, 'a positive penalty', 'the model a positive outcome_penalty');
	END;
	sm := complaint_tier.logit_summary(st);
	IF sm.separated THEN
		warnings := warnings || format('the outcome %s is completely separated by the indicators in %s: the coefficients are bounded only by outcome_penalty %s',
		                               v.outcome, source, v.outcome_penalty);
		RAISE WARNING 'the outcome "%" of model "%" is completely separated by the indicators in %: the coefficients are bounded only by outcome_penalty %',
			v.outcome, model, source, v.outcome_penalty;
	END IF;

	-- coefficients per indicator; reverse those that work against the outcome
	coef := ARRAY[beta[1]];
	cse := ARRAY[se[1]];
	expert := '{}';
	dim_weights := array_fill(0::float8, ARRAY[nd]);
	FOR j IN 1..n LOOP
		IF constant[j] THEN
			coef := coef || 0::float8;
			cse := cse || NULL::float8;
			expert := expert || 0::float8;
			CONTINUE;
		END IF;
		kk := kk + 1;
		b := beta[kk];
		coef := coef || b;
		cse := cse || se[kk];
		expert := expert || abs(b);
		dim_weights[v.ind_dimension[j] + 1] := dim_weights[v.ind_dimension[j] + 1] + abs(b);
		IF b < 0 THEN
			version.ind_direction[j] := CASE v.ind_direction[j] WHEN 0 THEN 1 WHEN 1 THEN 0 WHEN 2 THEN 3 ELSE 2 END;
			version.ind_impute[j] := 1 - v.ind_impute[j];
			version.ind_ideal[j] := 1 - v.ind_anti_ideal[j];
			version.ind_anti_ideal[j] := 1 - v.ind_ideal[j];
			warnings := warnings || format('indicator "%s" works against the outcome %s (coefficient %s): read as %s instead of %s',
			                               v.ind_name[j], v.outcome, round(b::numeric, 4),
			                               dirs[version.ind_direction[j] + 1], dirs[v.ind_direction[j] + 1]);
			RAISE WARNING 'indicator "%" of model "%" works against the outcome "%" (coefficient %): it is read as % instead of %',
				v.ind_name[j], model, v.outcome, round(b::numeric, 4),
				dirs[version.ind_direction[j] + 1], dirs[v.ind_direction[j] + 1];
		END IF;
	END LOOP;
	version.logit_coef := coef;
	version.logit_se := cse;
	version.logit_iterations := r.scans;
	version.logit_converged := r.converged;
	version.logit_loglik := sm.loglik;
	version.logit_rows := sm.rows;
END
$fo$;

COMMENT ON FUNCTION _fit_outcome(text, model_version, regclass, boolean[]) IS
'internal (fit, weighting outcome): the L2 logistic regression of the model''s outcome on the normalised indicators (one parallel logit_step scan per Newton iteration), the coefficients and standard errors stored in the version, indicators with a negative coefficient reversed, |coefficient| as expert weights and their sums per dimension as dimension weights';
