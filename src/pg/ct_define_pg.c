/*
 * ct_define_pg.c
 *		The model layer's C entry points beside evaluate: _validate_model
 *		(the whole catalogue configuration of a model through the core
 *		validator, src/core/ct_spec.c, every problem in one error),
 *		model_outputs (the core's variable table, ct_vars.h, as rows), and
 *		fit's arithmetic (_fit_weights, _fix_cuts: src/core/ct_fit.c).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "ct_fit.h"
#include "ct_model_pg.h"
#include "ct_pg.h"
#include "ct_spec.h"
#include "ct_vars.h"

PG_FUNCTION_INFO_V1(ct_validate_model_sql);
PG_FUNCTION_INFO_V1(ct_model_outputs_sql);
PG_FUNCTION_INFO_V1(ct_fit_weights_sql);
PG_FUNCTION_INFO_V1(ct_fix_cuts_sql);

/* ---- reading SPI values ----------------------------------------------- */

static char *
col_text(HeapTuple t, TupleDesc d, int col)
{
	char	   *v = SPI_getvalue(t, d, col);

	return v ? v : NULL;
}

static double
col_float(HeapTuple t, TupleDesc d, int col)
{
	bool		isnull;
	Datum		v = SPI_getbinval(t, d, col, &isnull);

	return isnull ? NAN : DatumGetFloat8(v);
}

static bool
col_bool(HeapTuple t, TupleDesc d, int col)
{
	bool		isnull;
	Datum		v = SPI_getbinval(t, d, col, &isnull);

	return !isnull && DatumGetBool(v);
}

/* a text[] column: n = -1 when NULL; NULL elements stay NULL pointers */
static const char *const *
col_texts(HeapTuple t, TupleDesc d, int col, int *n)
{
	bool		isnull;
	Datum		v = SPI_getbinval(t, d, col, &isnull);
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	char	  **out;

	*n = -1;
	if (isnull)
		return NULL;
	deconstruct_array(DatumGetArrayTypeP(v), TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &nulls, &count);
	out = palloc0(sizeof(char *) * Max(count, 1));
	for (int i = 0; i < count; i++)
		out[i] = nulls[i] ? NULL : TextDatumGetCString(elems[i]);
	*n = count;
	return (const char *const *) out;
}

/* a float8[] column (any dimensions, flattened): n = -1 when NULL; NULL = NaN */
static const double *
col_floats(HeapTuple t, TupleDesc d, int col, int *n, int *rows, int *cols)
{
	bool		isnull;
	Datum		v = SPI_getbinval(t, d, col, &isnull);
	ArrayType  *a;
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	double	   *out;

	*n = -1;
	if (rows)
		*rows = *cols = 0;
	if (isnull)
		return NULL;
	a = DatumGetArrayTypeP(v);
	deconstruct_array(a, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &count);
	out = palloc(sizeof(double) * Max(count, 1));
	for (int i = 0; i < count; i++)
		out[i] = nulls[i] ? NAN : DatumGetFloat8(elems[i]);
	*n = count;
	if (rows)
	{
		if (ARR_NDIM(a) == 2)
		{
			*rows = ARR_DIMS(a)[0];
			*cols = ARR_DIMS(a)[1];
		}
		else
		{
			*rows = count;		/* not a matrix: reported as such */
			*cols = ARR_NDIM(a) == 1 ? 1 : 0;
		}
	}
	return out;
}

/* ---- _validate_model --------------------------------------------------- */

typedef struct CheckArg
{
	ct_vars    *vars;			/* NULL when the outputs are invalid */
	TupleDesc	source;			/* NULL: columns not known (syntax only) */
} CheckArg;

static bool
check_column_type(void *arg, const char *name, ct_rule_type *type)
{
	CheckArg   *a = (CheckArg *) arg;

	if (a->source == NULL)
	{
		*type = CT_RULE_ANYTYPE;
		return true;
	}
	for (int i = 0; i < a->source->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(a->source, i);

		if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0)
		{
			*type = ct_rule_type_of(att->atttypid);
			return *type != CT_RULE_NULLTYPE;
		}
	}
	return false;
}

static ct_code
check_condition(void *arg, int class_index, int label_index, const char *cond,
				ct_error *e)
{
	CheckArg   *a = (CheckArg *) arg;
	ct_rule_program *prog;
	ct_code		rc;

	if (a->vars == NULL)
		return CT_OK;
	a->vars->class_limit = class_index >= 0 ? class_index : a->vars->n_class;
	prog = palloc(sizeof(ct_rule_program));
	rc = ct_rule_compile(cond, strlen(cond), ct_vars_resolve, a->vars, prog, e);
	a->vars->class_limit = a->vars->n_class;
	pfree(prog);
	return rc;
}

/*
 * The outcome, where the known source has it, must be a boolean or numeric
 * (0/1) column; weighting outcome needs it there (validate() may read it
 * from another table, a held-out one).
 */
static void
check_outcome_column(TupleDesc source, const char *outcome, bool needed,
					 ct_problems *p)
{
	for (int i = 0; i < source->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(source, i);
		ct_rule_type t;

		if (att->attisdropped || strcmp(NameStr(att->attname), outcome) != 0)
			continue;
		t = ct_rule_type_of(att->atttypid);
		if (t != CT_RULE_BOOL && t != CT_RULE_NUMBER)
			ct_problem(p, CT_EINVAL, "the outcome column \"%.64s\" has type %s; it must be boolean or a 0/1 number",
					   outcome, format_type_be(att->atttypid));
		return;
	}
	if (needed)
		ct_problem(p, CT_EUNDEFINED, "the outcome column \"%.64s\" of weighting outcome is not a column of the source",
				   outcome);
}

/*
 * _validate_model(model text, source regclass, prior text[]): the whole
 * configuration of
 * a model (model row, dimensions, indicators, tier schemes,
 * classifications, rules) through the core validator; conditions are
 * compiled against the model's outputs and, when a source is known (the
 * argument or model.source), its columns.  Every problem, after the prior
 * ones (define_model's), in one error.
 */
Datum
ct_validate_model_sql(PG_FUNCTION_ARGS)
{
	text	   *model;
	char	   *name;
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	Oid			source = InvalidOid;
	ct_spec		s;
	ct_problems *p = palloc(sizeof(ct_problems));
	ct_vars    *vars = palloc(sizeof(ct_vars));
	CheckArg	ca = {NULL, NULL};
	ct_error	e;
	HeapTuple	t;
	TupleDesc	d;
	uint64		n;
	int			n_prior = 0;
	char	  **prior = NULL;

	if (PG_ARGISNULL(0))
		PG_RETURN_VOID();
	model = PG_GETARG_TEXT_PP(0);
	name = text_to_cstring(model);
	if (!PG_ARGISNULL(1))
		source = PG_GETARG_OID(1);
	if (!PG_ARGISNULL(2))
	{
		Datum	   *elems;
		bool	   *nulls;

		deconstruct_array(PG_GETARG_ARRAYTYPE_P(2), TEXTOID, -1, false, TYPALIGN_INT,
						  &elems, &nulls, &n_prior);
		prior = palloc(sizeof(char *) * Max(n_prior, 1));
		for (int i = 0; i < n_prior; i++)
			prior[i] = nulls[i] ? "" : TextDatumGetCString(elems[i]);
	}
	args[0] = PointerGetDatum(model);
	memset(&s, 0, sizeof(s));
	ct_spi_connect();

	ct_spi_select("SELECT name, dimension_pairwise, ahp_method, weighting, blend_objective, blend_alpha,"
				  " methods, combine, grey_rho, vikor_v, fuzzy_operator, fuzzy_grades,"
				  " concordance_threshold, allow_demographic, to_regclass(source)::oid, min_coverage,"
				  " outcome, outcome_penalty, dea_max_share, segments, fcm_m"
				  " FROM complaint_tier.model WHERE name = $1", 1, argtypes, args, 1);
	if (SPI_processed == 0)
	{
		/* a deferred check after the model was deleted */
		SPI_finish();
		PG_RETURN_VOID();
	}
	t = SPI_tuptable->vals[0];
	d = SPI_tuptable->tupdesc;
	s.name = col_text(t, d, 1);
	{
		int			cnt;

		s.pairwise = col_floats(t, d, 2, &cnt, &s.pairwise_n, &s.pairwise_cols);
		if (cnt < 0)
			s.pairwise_n = 0;
	}
	s.ahp_method = col_text(t, d, 3);
	s.weighting = col_text(t, d, 4);
	s.blend_objective = col_text(t, d, 5);
	s.blend_alpha = col_float(t, d, 6);
	s.methods = col_texts(t, d, 7, &s.n_methods);
	if (s.n_methods < 0)
		s.n_methods = 0;
	s.combine = col_text(t, d, 8);
	s.grey_rho = col_float(t, d, 9);
	s.vikor_v = col_float(t, d, 10);
	s.fuzzy_operator = col_text(t, d, 11);
	s.fuzzy_grades = (int) DatumGetInt32(SPI_getbinval(t, d, 12, &(bool) {0}));
	s.concordance_threshold = col_float(t, d, 13);
	s.allow_demographic = col_bool(t, d, 14);
	s.min_coverage = col_float(t, d, 16);
	s.outcome = col_text(t, d, 17);
	s.outcome_penalty = col_float(t, d, 18);
	s.dea_max_share = col_float(t, d, 19);
	{
		bool		isnull;

		(void) SPI_getbinval(t, d, 19, &isnull);
		s.has_dea_max_share = !isnull;
	}
	{
		bool		isnull;
		Datum		v = SPI_getbinval(t, d, 20, &isnull);

		s.has_segments = !isnull;
		s.segments = isnull ? 0 : DatumGetInt32(v);
	}
	s.fcm_m = col_float(t, d, 21);
	if (!OidIsValid(source))
	{
		bool		isnull;
		Datum		v = SPI_getbinval(t, d, 15, &isnull);

		if (!isnull)
			source = DatumGetObjectId(v);
	}

	ct_spi_select("SELECT name, weight FROM complaint_tier.dimension WHERE model = $1 ORDER BY ordinal",
				  1, argtypes, args, 0);
	n = SPI_processed;
	{
		ct_spec_dimension *dims = palloc0(sizeof(ct_spec_dimension) * Max(n, 1));

		for (uint64 i = 0; i < n; i++)
		{
			dims[i].name = col_text(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
			dims[i].weight = col_float(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
		}
		s.n_dim = (int) n;
		s.dims = dims;
	}

	ct_spi_select("SELECT name, dimension, kind, source_column, direction, transform, levels, level_scores,"
				  " range_lo, range_hi, best_lo, best_hi, expert_weight, valid_lo, valid_hi"
				  " FROM complaint_tier.indicator WHERE model = $1 ORDER BY ordinal",
				  1, argtypes, args, 0);
	n = SPI_processed;
	{
		ct_spec_indicator *ind = palloc0(sizeof(ct_spec_indicator) * Max(n, 1));

		for (uint64 i = 0; i < n; i++)
		{
			t = SPI_tuptable->vals[i];
			d = SPI_tuptable->tupdesc;
			ind[i].name = col_text(t, d, 1);
			ind[i].dimension = col_text(t, d, 2);
			ind[i].kind = col_text(t, d, 3);
			ind[i].column = col_text(t, d, 4);
			ind[i].direction = col_text(t, d, 5);
			ind[i].transform = col_text(t, d, 6);
			ind[i].levels = col_texts(t, d, 7, &ind[i].n_levels);
			ind[i].level_scores = col_floats(t, d, 8, &ind[i].n_level_scores, NULL, NULL);
			ind[i].range_lo = col_float(t, d, 9);
			ind[i].range_hi = col_float(t, d, 10);
			ind[i].best_lo = col_float(t, d, 11);
			ind[i].best_hi = col_float(t, d, 12);
			ind[i].expert_weight = col_float(t, d, 13);
			ind[i].valid_lo = col_float(t, d, 14);
			ind[i].valid_hi = col_float(t, d, 15);
		}
		s.n_ind = (int) n;
		s.ind = ind;
	}

	ct_spi_select("SELECT scope, labels, shares, cuts FROM complaint_tier.tier_scheme WHERE model = $1 ORDER BY scope",
				  1, argtypes, args, 0);
	n = SPI_processed;
	{
		ct_spec_tier *tiers = palloc0(sizeof(ct_spec_tier) * Max(n, 1));

		for (uint64 i = 0; i < n; i++)
		{
			t = SPI_tuptable->vals[i];
			d = SPI_tuptable->tupdesc;
			tiers[i].scope = col_text(t, d, 1);
			tiers[i].labels = col_texts(t, d, 2, &tiers[i].n_labels);
			if (tiers[i].n_labels < 0)
				tiers[i].n_labels = 0;
			tiers[i].shares = col_floats(t, d, 3, &tiers[i].n_shares, NULL, NULL);
			tiers[i].cuts = col_floats(t, d, 4, &tiers[i].n_cuts, NULL, NULL);
		}
		s.n_tiers = (int) n;
		s.tiers = tiers;
	}

	ct_spi_select("SELECT name, labels, conditions FROM complaint_tier.classification WHERE model = $1 ORDER BY ordinal",
				  1, argtypes, args, 0);
	n = SPI_processed;
	{
		ct_spec_classification *cl = palloc0(sizeof(ct_spec_classification) * Max(n, 1));

		for (uint64 i = 0; i < n; i++)
		{
			t = SPI_tuptable->vals[i];
			d = SPI_tuptable->tupdesc;
			cl[i].name = col_text(t, d, 1);
			cl[i].labels = col_texts(t, d, 2, &cl[i].n);
			cl[i].conditions = col_texts(t, d, 3, &cl[i].n_conditions);
			if (cl[i].n < 0)
				cl[i].n = 0;
			if (cl[i].n_conditions < 0)
				cl[i].n_conditions = 0;
		}
		s.n_class = (int) n;
		s.classes = cl;
	}

	ct_spi_select("SELECT id, strategy, condition, coalesce(routing_priority, 0) FROM complaint_tier.rules"
				  " WHERE model = $1 ORDER BY priority, id COLLATE \"C\"", 1, argtypes, args, 0);
	n = SPI_processed;
	{
		ct_spec_rule *rules = palloc0(sizeof(ct_spec_rule) * Max(n, 1));

		for (uint64 i = 0; i < n; i++)
		{
			t = SPI_tuptable->vals[i];
			d = SPI_tuptable->tupdesc;
			rules[i].id = col_text(t, d, 1);
			rules[i].strategy = col_text(t, d, 2);
			rules[i].condition = col_text(t, d, 3);
			rules[i].routing_priority = DatumGetInt32(SPI_getbinval(t, d, 4, &(bool) {0}));
		}
		s.n_rules = (int) n;
		s.rules = rules;
	}
	/* the spec points into SPI's memory: finish SPI after validating */

	/* the variables conditions may read */
	if (s.n_dim >= 1 && s.n_dim <= CT_MAX_DIM && s.n_class <= CT_MAX_CLASS)
	{
		const char **dn = palloc(sizeof(char *) * s.n_dim);
		const char **cn = palloc(sizeof(char *) * Max(s.n_class, 1));
		bool		ok = true;

		for (int i = 0; i < s.n_dim; i++)
			ok &= (dn[i] = s.dims[i].name) != NULL;
		for (int i = 0; i < s.n_class; i++)
			ok &= (cn[i] = s.classes[i].name) != NULL;
		if (ok && ct_vars_init(vars, s.n_dim, dn, s.n_class, cn, &e) == CT_OK &&
			(!s.has_segments || ct_vars_add_segments(vars, &e) == CT_OK))
		{
			ca.vars = vars;
			if (OidIsValid(source))
			{
				TupleDesc	desc = lookup_rowtype_tupdesc(get_rel_type_id(source), -1);

				ca.source = CreateTupleDescCopy(desc);
				ReleaseTupleDesc(desc);
			}
			vars->column_type = check_column_type;
			vars->column_arg = &ca;
		}
	}

	(void) ct_spec_validate(&s, check_condition, &ca, p);
	if (s.outcome != NULL && ca.source != NULL)
		check_outcome_column(ca.source, s.outcome,
							 s.weighting != NULL && strcmp(s.weighting, "outcome") == 0, p);
	if (p->n + p->dropped + n_prior > 0)
	{
		StringInfoData buf;
		int			total = p->n + p->dropped + n_prior;
		int			k = 0;

		initStringInfo(&buf);
		for (int i = 0; i < n_prior; i++)
			appendStringInfo(&buf, "%s%s", k++ ? ";\n" : "", prior[i]);
		for (int i = 0; i < p->n; i++)
			appendStringInfo(&buf, "%s%s", k++ ? ";\n" : "", p->msg[i]);
		if (p->dropped > 0)
			appendStringInfo(&buf, ";\nand %d more", p->dropped);
		appendStringInfoChar(&buf, '.');
		ereport(ERROR,
				(errcode(n_prior > 0 ? ERRCODE_INVALID_PARAMETER_VALUE :
						 p->first_code == CT_EUNDEFINED ? ERRCODE_UNDEFINED_OBJECT :
						 p->first_code == CT_ESHAPE ? ERRCODE_ARRAY_SUBSCRIPT_ERROR :
						 p->first_code == CT_ELIMIT ? ERRCODE_PROGRAM_LIMIT_EXCEEDED :
						 p->first_code == CT_ESYNTAX ? ERRCODE_SYNTAX_ERROR :
						 ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("model \"%s\" has %d problem%s", name, total, total == 1 ? "" : "s"),
				 errdetail("%s", buf.data),
				 errhint("The parts of a model and the spec format are described in doc/model.md.")));
	}
	SPI_finish();
	PG_RETURN_VOID();
}

/* ---- model_outputs -------------------------------------------------------- */

Datum
ct_model_outputs_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	const char **dn;
	const char **cn;
	int			nd,
				nc;
	ct_vars    *vars = palloc(sizeof(ct_vars));
	ct_error	e;
	static const char *const roles[] = {
		"score", "tier", "dimension_score", "dimension_tier", "classification", "input",
		"segment", "segment_membership"
	};

	InitMaterializedSRF(fcinfo, 0);
	args[0] = PointerGetDatum(PG_GETARG_TEXT_PP(0));
	ct_spi_connect();
	ct_spi_select("SELECT 1 FROM complaint_tier.model WHERE name = $1", 1, argtypes, args, 1);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("model \"%s\" does not exist", text_to_cstring(PG_GETARG_TEXT_PP(0))),
				 errhint("The models are listed in complaint_tier.model.")));
	ct_spi_select("SELECT name FROM complaint_tier.dimension WHERE model = $1 ORDER BY ordinal",
				  1, argtypes, args, 0);
	nd = (int) SPI_processed;
	dn = palloc(sizeof(char *) * Max(nd, 1));
	for (int i = 0; i < nd; i++)
		dn[i] = MemoryContextStrdup(fcinfo->flinfo->fn_mcxt,
									SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1));
	ct_spi_select("SELECT name FROM complaint_tier.classification WHERE model = $1 ORDER BY ordinal",
				  1, argtypes, args, 0);
	nc = (int) SPI_processed;
	cn = palloc(sizeof(char *) * Max(nc, 1));
	for (int i = 0; i < nc; i++)
		cn[i] = MemoryContextStrdup(fcinfo->flinfo->fn_mcxt,
									SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1));
	/* dn and cn live in SPI's memory: finish SPI once they are used */
	ct_check(ct_vars_init(vars, nd, dn, nc, cn, &e), &e);
	ct_spi_select("SELECT 1 FROM complaint_tier.model WHERE name = $1 AND segments IS NOT NULL",
				  1, argtypes, args, 1);
	if (SPI_processed > 0)
		ct_check(ct_vars_add_segments(vars, &e), &e);
	SPI_finish();
	for (int i = 0; i < vars->n_outputs; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {0};

		values[0] = Int32GetDatum(i + 1);
		values[1] = CStringGetTextDatum(vars->vars[i].name);
		values[2] = CStringGetTextDatum(vars->vars[i].type == CT_RULE_NUMBER ? "number" : "text");
		values[3] = CStringGetTextDatum(roles[vars->vars[i].role]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* ---- fit's arithmetic --------------------------------------------------- */

/* a float8[] argument of n elements, NULL elements as NaN; NULL array: NULL */
static double *
arg_floats(FunctionCallInfo fcinfo, int argno, int n, const char *what)
{
	ArrayType  *a;
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	double	   *out;

	if (PG_ARGISNULL(argno))
		return NULL;
	a = PG_GETARG_ARRAYTYPE_P(argno);
	deconstruct_array(a, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &count);
	if (count != n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must have %d elements, not %d", what, n, count)));
	out = palloc(sizeof(double) * Max(n, 1));
	for (int i = 0; i < n; i++)
		out[i] = nulls[i] ? NAN : DatumGetFloat8(elems[i]);
	return out;
}

/*
 * _fit_weights(dims int[], n_dim int, expert float8[], objective float8[],
 *				constant boolean[], ideal float8[], anti float8[],
 *				dim_weights float8[], weighting text, blend_alpha float8)
 *		-> (subjective, objective_share, weight, global_weight, dim_weight,
 *			dim_no_info, dim_no_indicator, grey_delta_max)
 */
Datum
ct_fit_weights_sql(PG_FUNCTION_ARGS)
{
	ct_fit_weight_in in;
	ct_fit_weight_out out;
	ct_error	e;
	int			n,
				nd;
	Datum	   *elems;
	bool	   *nulls;
	int		   *dim;
	bool	   *constant;
	char	   *weighting;
	TupleDesc	desc;
	Datum		values[8];
	bool		rnulls[8] = {0};

	for (int i = 0; i < 10; i++)
		if (i != 2 && i != 3 && PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("argument %d of _fit_weights must not be NULL", i + 1)));
	deconstruct_array(PG_GETARG_ARRAYTYPE_P(0), INT4OID, 4, true, TYPALIGN_INT, &elems, &nulls, &n);
	dim = palloc(sizeof(int) * Max(n, 1));
	for (int i = 0; i < n; i++)
		dim[i] = nulls[i] ? -1 : DatumGetInt32(elems[i]);
	nd = PG_GETARG_INT32(1);
	if (nd < 1 || nd > CT_MAX_DIM)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a model has between 1 and %d dimensions, not %d", CT_MAX_DIM, nd)));
	{
		int			k;

		deconstruct_array(PG_GETARG_ARRAYTYPE_P(4), BOOLOID, 1, true, TYPALIGN_CHAR, &elems, &nulls, &k);
		if (k != n)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("constant must have %d elements, not %d", n, k)));
		constant = palloc(sizeof(bool) * Max(n, 1));
		for (int i = 0; i < n; i++)
			constant[i] = !nulls[i] && DatumGetBool(elems[i]);
	}
	weighting = text_to_cstring(PG_GETARG_TEXT_PP(8));
	memset(&in, 0, sizeof(in));
	in.n_ind = n;
	in.n_dim = nd;
	in.dim = dim;
	in.expert = PG_ARGISNULL(2) ? NULL : arg_floats(fcinfo, 2, n, "expert");
	if (in.expert == NULL)
	{
		double	   *x = palloc(sizeof(double) * Max(n, 1));

		for (int i = 0; i < n; i++)
			x[i] = NAN;
		in.expert = x;
	}
	in.objective = arg_floats(fcinfo, 3, n, "objective");
	in.constant = constant;
	in.ideal = arg_floats(fcinfo, 5, n, "ideal");
	in.anti = arg_floats(fcinfo, 6, n, "anti");
	in.dim_weight = arg_floats(fcinfo, 7, nd, "dim_weights");
	in.weighting = strcmp(weighting, "expert") == 0 ? CT_FIT_EXPERT :
		strcmp(weighting, "blend") == 0 ? CT_FIT_BLEND : CT_FIT_OBJECTIVE;
	in.blend_alpha = PG_GETARG_FLOAT8(9);

	out.subjective = palloc(sizeof(double) * Max(n, 1));
	out.weight = palloc(sizeof(double) * Max(n, 1));
	out.global = palloc(sizeof(double) * Max(n, 1));
	out.objective = palloc(sizeof(double) * Max(n, 1));
	out.dim_weight = palloc(sizeof(double) * nd);
	out.dim_present = palloc(sizeof(bool) * nd);
	out.dim_no_info = palloc(sizeof(bool) * nd);
	out.dim_no_indicator = palloc(sizeof(bool) * nd);
	if (ct_fit_weights(&in, &out, &e) != CT_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s", e.message),
				 e.detail[0] ? errdetail("%s", e.detail) : 0,
				 errhint("Fit on a more varied population or revise the weights.")));

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "_fit_weights: return type must be a row type");
	values[0] = PointerGetDatum(ct_float8_array(out.subjective, n));
	if (out.has_objective)
		values[1] = PointerGetDatum(ct_float8_array(out.objective, n));
	else
		rnulls[1] = true;
	values[2] = PointerGetDatum(ct_float8_array(out.weight, n));
	values[3] = PointerGetDatum(ct_float8_array(out.global, n));
	values[4] = PointerGetDatum(ct_float8_array(out.dim_weight, nd));
	{
		Datum	   *b1 = palloc(sizeof(Datum) * nd);
		Datum	   *b2 = palloc(sizeof(Datum) * nd);

		for (int i = 0; i < nd; i++)
		{
			b1[i] = BoolGetDatum(out.dim_no_info[i]);
			b2[i] = BoolGetDatum(out.dim_no_indicator[i]);
		}
		values[5] = PointerGetDatum(construct_array(b1, nd, BOOLOID, 1, true, TYPALIGN_CHAR));
		values[6] = PointerGetDatum(construct_array(b2, nd, BOOLOID, 1, true, TYPALIGN_CHAR));
	}
	values[7] = Float8GetDatum(out.grey_delta_max);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, rnulls)));
}

/* _fix_cuts(cuts float8[]): strictly ascending cut points (ties moved up by 1e-9) */
Datum
ct_fix_cuts_sql(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	int			n = ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));
	double	   *c;

	if (n == 0)
		PG_RETURN_ARRAYTYPE_P(a);
	c = ct_arg_vector(a, "cuts", CT_MAX_GRADES, &n);
	{
		double	   *copy = palloc(sizeof(double) * n);

		memcpy(copy, c, sizeof(double) * n);
		(void) ct_fit_fix_cuts(copy, n);
		PG_RETURN_ARRAYTYPE_P(ct_float8_array(copy, n));
	}
}
