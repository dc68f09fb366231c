/*
 * ct_rules_learn_pg.c
 *		suggest_rules(model, source, outcome, max_rules, min_support,
 *		holdout): readable warning rules learned from an observed outcome.
 *		Reads the source's number, boolean and text columns through an SPI
 *		cursor, learns a decision list in the core (src/core/ct_rules_learn.c),
 *		checks every condition against the model's variables, and reports
 *		each rule's support, outcome rate and lift on the source and on a
 *		held-out table by evaluating the compiled conditions, first match
 *		first, exactly as a classification would.  Nothing is enabled.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/typcache.h"

#include "ct_model_pg.h"
#include "ct_pg.h"
#include "ct_rule.h"
#include "ct_rules_learn.h"
#include "ct_validate_pg.h"
#include "ct_vars.h"

PG_FUNCTION_INFO_V1(ct_suggest_rules_sql);

/* The model's outputs (its variables before any column). */
typedef struct ModelVars
{
	int			n_dim;
	int			n_class;
	char	  **dims;
	char	  **classes;
	char	   *key;
} ModelVars;

/* A variable table bound to the columns of one relation. */
typedef struct RelVars
{
	TupleDesc	desc;
	ct_vars		vars;
} RelVars;

static bool
rel_column_type(void *arg, const char *name, ct_rule_type *type)
{
	RelVars    *rv = (RelVars *) arg;
	int			a = ct_find_column(rv->desc, name);

	if (a < 0)
		return false;
	*type = ct_rule_type_of(TupleDescAttr(rv->desc, a)->atttypid);
	return *type != CT_RULE_NULLTYPE;
}

static RelVars *
rel_vars(Oid relid, const ModelVars *mv)
{
	RelVars    *rv = palloc0(sizeof(RelVars));
	TupleDesc	d = lookup_rowtype_tupdesc(get_rel_type_id(relid), -1);
	ct_error	e;

	rv->desc = CreateTupleDescCopy(d);
	ReleaseTupleDesc(d);
	ct_check(ct_vars_init(&rv->vars, mv->n_dim, (const char *const *) mv->dims,
						  mv->n_class, (const char *const *) mv->classes, &e), &e);
	rv->vars.column_type = rel_column_type;
	rv->vars.column_arg = rv;
	return rv;
}

static void
read_model(const char *name, ModelVars *mv)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];

	args[0] = CStringGetTextDatum(name);
	ct_spi_select("SELECT key FROM complaint_tier.model WHERE name = $1", 1, argtypes, args, 1);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("model \"%s\" does not exist", name),
				 errhint("The models are listed in complaint_tier.model.")));
	mv->key = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	ct_spi_select("SELECT name FROM complaint_tier.dimension WHERE model = $1 ORDER BY ordinal",
				  1, argtypes, args, 0);
	mv->n_dim = (int) SPI_processed;
	mv->dims = palloc(sizeof(char *) * Max(mv->n_dim, 1));
	for (int i = 0; i < mv->n_dim; i++)
		mv->dims[i] = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
	ct_spi_select("SELECT name FROM complaint_tier.classification WHERE model = $1 ORDER BY ordinal",
				  1, argtypes, args, 0);
	mv->n_class = (int) SPI_processed;
	mv->classes = palloc(sizeof(char *) * Max(mv->n_class, 1));
	for (int i = 0; i < mv->n_class; i++)
		mv->classes[i] = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
}

/* ---- reading the candidate columns --------------------------------------- */

typedef struct Candidate
{
	char	   *name;
	int			attno;			/* in the source's row type, 0-based */
	Oid			type;			/* base type */
	ct_learn_kind kind;
	double	   *value;
	uint8	   *isnull;
	char	  **str;			/* text: per row, before coding */
	int		   *len;
	int		   *order;
	int			n_order;
	char	  **levels;
	int		   *level_len;
	int			n_levels;
} Candidate;

typedef struct TextSort
{
	char	  **str;
	int		   *len;
} TextSort;

static int
cmp_text_rows(const void *a, const void *b, void *arg)
{
	TextSort   *ts = (TextSort *) arg;
	int			i = *(const int *) a;
	int			j = *(const int *) b;
	int			c = memcmp(ts->str[i], ts->str[j], Min(ts->len[i], ts->len[j]));

	if (c != 0)
		return c;
	if (ts->len[i] != ts->len[j])
		return ts->len[i] < ts->len[j] ? -1 : 1;
	return (i > j) - (i < j);
}

/*
 * Text values to level codes numbered in byte order of the levels; false
 * when the column has more than CT_LEARN_MAX_LEVELS distinct values.
 */
static bool
code_levels(Candidate *c, int rows)
{
	int		   *idx = palloc(sizeof(int) * Max(rows, 1));
	int			m = 0;
	TextSort	ts = {c->str, c->len};

	for (int r = 0; r < rows; r++)
		if (!c->isnull[r])
			idx[m++] = r;
	qsort_arg(idx, m, sizeof(int), cmp_text_rows, &ts);
	c->n_levels = 0;
	for (int i = 0; i < m; i++)
	{
		int			r = idx[i];

		if (i == 0 || c->len[r] != c->len[idx[i - 1]] ||
			memcmp(c->str[r], c->str[idx[i - 1]], c->len[r]) != 0)
		{
			if (c->n_levels == CT_LEARN_MAX_LEVELS)
				return false;
			c->n_levels++;
		}
		c->value[r] = c->n_levels - 1;
	}
	c->levels = palloc(sizeof(char *) * Max(c->n_levels, 1));
	c->level_len = palloc(sizeof(int) * Max(c->n_levels, 1));
	for (int i = 0; i < m; i++)
	{
		int			r = idx[i];

		c->levels[(int) c->value[r]] = c->str[r];
		c->level_len[(int) c->value[r]] = c->len[r];
	}
	pfree(idx);
	return true;
}

/* ---- evaluating a list on a relation -------------------------------------- */

/* the compiled list and its counts, for scoring a relation's rows */
typedef struct ListScan
{
	int			n_rules;
	ct_rule_program **prog;
	int			n_slots;
	int			first;			/* slot of the first column read */
	int			n_in;			/* columns read, query columns 1..n_in */
	Oid		   *types;
	ct_rule_value *slots;
	int64	   *n;
	int64	   *k;
} ListScan;

static void
list_row(void *arg, HeapTuple t, TupleDesc d, int y)
{
	ListScan   *ls = (ListScan *) arg;
	ct_rule_value stack[CT_RULE_STACK_MAX];
	int			hit = -1;

	for (int s = 0; s < ls->n_in; s++)
	{
		bool		isnull;
		Datum		v = SPI_getbinval(t, d, s + 1, &isnull);

		if (isnull)
		{
			memset(&ls->slots[ls->first + s], 0, sizeof(ct_rule_value));
			ls->slots[ls->first + s].isnull = true;
		}
		else
			ct_slot_from_datum(&ls->slots[ls->first + s], ls->types[s], v);
	}
	for (int i = 0; i < ls->n_rules && hit < 0; i++)
	{
		ct_rule_result res = ct_rule_is_true(ls->prog[i], ls->slots, ls->n_slots, stack, CT_RULE_STACK_MAX);

		if (res == CT_RULE_ERROR)
			elog(ERROR, "complaint_tier: evaluation of a learned rule failed");
		if (res == CT_RULE_TRUE)
			hit = i;
	}
	if (hit < 0)
		elog(ERROR, "complaint_tier: no learned rule matched, not even TRUE");
	ls->n[hit]++;
	ls->k[hit] += y;
}

/*
 * The first-match counts of a decision list on a relation: per rule the
 * rows whose first true condition it is, and of them with the outcome.
 */
static void
score_relation(Oid relid, const char *what, const ModelVars *mv,
			   char **conds, int n_rules, const char *outcome,
			   int64 *n, int64 *k)
{
	RelVars    *rv = rel_vars(relid, mv);
	ListScan	ls;
	StringInfoData sql;

	ls.n_rules = n_rules;
	ls.prog = palloc(sizeof(ct_rule_program *) * n_rules);
	for (int i = 0; i < n_rules; i++)
	{
		ct_error	e;

		ls.prog[i] = palloc(sizeof(ct_rule_program));
		if (ct_rule_compile(conds[i], strlen(conds[i]), ct_vars_resolve, &rv->vars, ls.prog[i], &e) != CT_OK)
			ereport(ERROR,
					(errcode(e.code == CT_EUNDEFINED ? ERRCODE_UNDEFINED_COLUMN :
							 e.code == CT_EINVAL ? ERRCODE_DATATYPE_MISMATCH : ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rule %d cannot be evaluated on %s %s: %s", i + 1, what,
							ct_relation_sql_name(relid), e.message),
					 errdetail("The condition is \"%s\".", conds[i]),
					 errhint("The held-out table needs the learning table's columns, with the same kinds of types.")));
	}
	ls.n_slots = rv->vars.n;
	ls.first = rv->vars.n_outputs;
	ls.n_in = rv->vars.n - ls.first;
	ls.types = palloc(sizeof(Oid) * Max(ls.n_in, 1));
	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT ");
	for (int s = 0; s < ls.n_in; s++)
	{
		int			a = ct_find_column(rv->desc, rv->vars.vars[ls.first + s].name);

		ls.types[s] = getBaseType(TupleDescAttr(rv->desc, a)->atttypid);
		appendStringInfo(&sql, "%s, ", quote_identifier(rv->vars.vars[ls.first + s].name));
	}
	appendStringInfo(&sql, "%s FROM %s", quote_identifier(outcome), ct_relation_sql_name(relid));
	ls.slots = palloc0(sizeof(ct_rule_value) * Max(ls.n_slots, 1));
	for (int s = 0; s < ls.n_slots; s++)
		ls.slots[s].isnull = true;
	for (int i = 0; i < n_rules; i++)
		n[i] = k[i] = 0;
	ls.n = n;
	ls.k = k;
	(void) ct_scan_outcomes("suggest_rules", relid, sql.data, 0, NULL, NULL, ls.n_in + 1, outcome, list_row, &ls);
}

/* the candidate columns of the rows with a known outcome, as read */
typedef struct ReadScan
{
	Candidate  *cand;
	int			p;
	int64		rows;
	int64		cap;
	uint8	   *y;
	MemoryContext keep;			/* what is kept outlives the scan's batches */
	Oid			source;
} ReadScan;

static void
read_row(void *arg, HeapTuple t, TupleDesc d, int y)
{
	ReadScan   *rd = (ReadScan *) arg;
	Candidate  *cand = rd->cand;
	int64		r = rd->rows;

	if ((r + 1) * Max(rd->p, 1) > CT_LEARN_MAX_CELLS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("suggest_rules reads at most %d values (rows with a known outcome times candidate columns)",
						CT_LEARN_MAX_CELLS),
				 errdetail("%s has more than %lld such rows and %d candidate columns.",
						   ct_relation_sql_name(rd->source), (long long) r, rd->p),
				 errhint("Learn on a sample: a view with TABLESAMPLE BERNOULLI (p) REPEATABLE (seed), or fewer columns.")));
	if (r == rd->cap)
	{
		rd->cap *= 2;
		for (int c = 0; c < rd->p; c++)
		{
			cand[c].value = repalloc_huge(cand[c].value, sizeof(double) * rd->cap);
			cand[c].isnull = repalloc_huge(cand[c].isnull, rd->cap);
			if (cand[c].kind == CT_LEARN_TEXT)
			{
				cand[c].str = repalloc_huge(cand[c].str, sizeof(char *) * rd->cap);
				cand[c].len = repalloc_huge(cand[c].len, sizeof(int) * rd->cap);
			}
		}
		rd->y = repalloc_huge(rd->y, rd->cap);
	}
	rd->y[r] = (uint8) y;
	for (int c = 0; c < rd->p; c++)
	{
		bool		isnull;
		Datum		v = SPI_getbinval(t, d, c + 1, &isnull);
		ct_rule_value sv;

		cand[c].isnull[r] = isnull;
		cand[c].value[r] = 0.0;
		if (isnull)
			continue;
		ct_slot_from_datum(&sv, cand[c].type, v);
		if (cand[c].kind == CT_LEARN_NUMBER)
			cand[c].value[r] = sv.num;
		else if (cand[c].kind == CT_LEARN_BOOL)
			cand[c].value[r] = sv.b ? 1.0 : 0.0;
		else
		{
			cand[c].str[r] = MemoryContextAlloc(rd->keep, Max(sv.len, 1));
			memcpy(cand[c].str[r], sv.str, sv.len);
			cand[c].len[r] = (int) sv.len;
		}
	}
	rd->rows++;
}

/* ---- suggest_rules ------------------------------------------------------- */

static inline Datum
f8(double x, bool *isnull)
{
	*isnull = isnan(x);
	return Float8GetDatum(x);
}

/*
 * suggest_rules(model text, source regclass, outcome text DEFAULT NULL,
 *				 max_rules int DEFAULT 8, min_support int DEFAULT 30,
 *				 holdout regclass DEFAULT NULL)
 */
Datum
ct_suggest_rules_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *name;
	Oid			source;
	char	   *outcome;
	int32		max_rules,
				min_support;
	ModelVars	mv;
	RelVars    *rv;
	Candidate  *cand;
	int			p = 0;
	StringInfoData skipped,
				sql;
	int			n_skipped = 0;
	int64		rows;
	uint8	   *y;
	ReadScan	rd;
	ct_learn_column *cols;
	int			n_cols = 0;
	int			max_levels = 1;
	ct_learn_scratch scratch;
	ct_learn_result *res;
	ct_error	e;
	char	  **conds;
	int64	   *tn,
			   *tk,
			   *hn = NULL,
			   *hk = NULL;
	int64		total_n = 0,
				total_k = 0,
				htotal_n = 0,
				htotal_k = 0;

	ct_arg_not_null(fcinfo, 0, "model");
	ct_arg_not_null(fcinfo, 1, "source");
	ct_arg_not_null(fcinfo, 3, "max_rules");
	ct_arg_not_null(fcinfo, 4, "min_support");
	name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	source = PG_GETARG_OID(1);
	max_rules = PG_GETARG_INT32(3);
	min_support = PG_GETARG_INT32(4);
	if (max_rules < 1 || max_rules > CT_LEARN_MAX_RULES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_rules must be between 1 and %d, not %d", CT_LEARN_MAX_RULES, max_rules)));
	if (min_support < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_support must be at least 1, not %d", min_support)));

	InitMaterializedSRF(fcinfo, 0);
	ct_spi_connect();
	read_model(name, &mv);
	outcome = ct_outcome_name(fcinfo, 2, name);
	(void) ct_outcome_type(source, outcome);
	if (!PG_ARGISNULL(5))
		(void) ct_outcome_type(PG_GETARG_OID(5), outcome);
	rv = rel_vars(source, &mv);

	/* the candidates: number, boolean and text columns a condition can read */
	cand = palloc0(sizeof(Candidate) * Max(rv->desc->natts, 1));
	initStringInfo(&skipped);
	for (int a = 0; a < rv->desc->natts; a++)
	{
		Form_pg_attribute att = TupleDescAttr(rv->desc, a);
		char	   *col = NameStr(att->attname);
		Oid			t = getBaseType(att->atttypid);
		ct_rule_type rt = ct_rule_type_of(t);
		const char *why = NULL;

		if (att->attisdropped || strcmp(col, outcome) == 0)
			continue;
		if (mv.key != NULL && strcmp(col, mv.key) == 0)
			why = "the model's key";
		else if (rt == CT_RULE_NULLTYPE)
			why = format_type_be(att->atttypid);
		else if (ct_vars_find(&rv->vars, col) >= 0)
			why = "the name of a model output";
		if (why != NULL)
		{
			appendStringInfo(&skipped, "%s%s (%s)", n_skipped++ ? ", " : "", col, why);
			continue;
		}
		if (p == CT_LEARN_MAX_COLUMNS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("suggest_rules learns from at most %d columns", CT_LEARN_MAX_COLUMNS),
					 errhint("Pass a view with the columns to learn from.")));
		cand[p].name = pstrdup(col);
		cand[p].attno = a;
		cand[p].type = t;
		cand[p].kind = rt == CT_RULE_NUMBER ? CT_LEARN_NUMBER : rt == CT_RULE_BOOL ? CT_LEARN_BOOL : CT_LEARN_TEXT;
		p++;
	}
	if (n_skipped > 0)
		ereport(NOTICE,
				(errmsg("suggest_rules: %d column%s of %s not used", n_skipped, n_skipped == 1 ? "" : "s",
						ct_relation_sql_name(source)),
				 errdetail("%s.", skipped.data)));

	/* read the rows with a known outcome */
	rd.cand = cand;
	rd.p = p;
	rd.rows = 0;
	rd.cap = 1024;
	rd.keep = CurrentMemoryContext;
	rd.source = source;
	for (int c = 0; c < p; c++)
	{
		cand[c].value = MemoryContextAllocHuge(rd.keep, sizeof(double) * rd.cap);
		cand[c].isnull = MemoryContextAllocHuge(rd.keep, rd.cap);
		if (cand[c].kind == CT_LEARN_TEXT)
		{
			cand[c].str = MemoryContextAllocHuge(rd.keep, sizeof(char *) * rd.cap);
			cand[c].len = MemoryContextAllocHuge(rd.keep, sizeof(int) * rd.cap);
		}
	}
	rd.y = MemoryContextAllocHuge(rd.keep, rd.cap);
	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT ");
	for (int c = 0; c < p; c++)
		appendStringInfo(&sql, "%s, ", quote_identifier(cand[c].name));
	appendStringInfo(&sql, "%s FROM %s", quote_identifier(outcome), ct_relation_sql_name(source));
	/* no NOTICE here: the scoring scan of the source below counts them */
	(void) ct_scan_outcomes(NULL, source, sql.data, 0, NULL, NULL, p + 1, outcome, read_row, &rd);
	rows = rd.rows;
	y = rd.y;

	/* the columns for the core: levels coded, numbers sorted */
	cols = palloc0(sizeof(ct_learn_column) * Max(p, 1));
	resetStringInfo(&skipped);
	n_skipped = 0;
	for (int c = 0; c < p; c++)
	{
		Candidate  *x = &cand[c];
		ct_learn_column *lc = &cols[n_cols];

		if (x->kind == CT_LEARN_TEXT && !code_levels(x, (int) rows))
		{
			appendStringInfo(&skipped, "%s%s", n_skipped++ ? ", " : "", x->name);
			continue;
		}
		if (x->kind == CT_LEARN_NUMBER)
		{
			x->order = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(int) * Max(rows, 1));
			x->n_order = ct_learn_sort(x->value, x->isnull, (int) rows, x->order);
		}
		if (x->kind == CT_LEARN_TEXT)
			max_levels = Max(max_levels, x->n_levels);
		lc->name = x->name;
		lc->kind = x->kind;
		lc->value = x->value;
		lc->isnull = x->isnull;
		lc->n_levels = x->n_levels;
		lc->level = (const char *const *) x->levels;
		lc->level_len = x->level_len;
		lc->order = x->order;
		lc->n_order = x->n_order;
		n_cols++;
	}
	if (n_skipped > 0)
		ereport(NOTICE,
				(errmsg("suggest_rules: text columns with more than %d distinct values not used: %s",
						CT_LEARN_MAX_LEVELS, skipped.data)));

	scratch.ints = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(int) * 3 * Max(rows, 1));
	scratch.counts = palloc(sizeof(int64) * 2 * max_levels);
	res = palloc(sizeof(ct_learn_result));
	ct_check(ct_rules_learn(cols, n_cols, y, (int) rows, max_rules, min_support, &scratch, res, &e), &e);

	/* the conditions, normalised and checked against the model's variables */
	conds = palloc(sizeof(char *) * res->n_rules);
	for (int i = 0; i < res->n_rules; i++)
	{
		char		buf[CT_RULE_MAX_LEN + 1];
		char	   *norm = palloc(2 * (CT_RULE_MAX_LEN + 1));
		size_t		len;

		ct_check(ct_learn_condition(&res->rules[i], cols, buf, sizeof(buf), &e), &e);
		ct_check(ct_rule_normalize(buf, strlen(buf), norm, 2 * (CT_RULE_MAX_LEN + 1), &len, &e), &e);
		conds[i] = norm;
	}
	tn = palloc(sizeof(int64) * res->n_rules);
	tk = palloc(sizeof(int64) * res->n_rules);
	score_relation(source, "the source", &mv, conds, res->n_rules, outcome, tn, tk);
	for (int i = 0; i < res->n_rules; i++)
	{
		if (tn[i] != res->rules[i].n || tk[i] != res->rules[i].k)
			elog(ERROR, "complaint_tier: learned rule %d matches %lld rows, not %lld as learned",
				 i + 1, (long long) tn[i], (long long) res->rules[i].n);
		total_n += tn[i];
		total_k += tk[i];
	}
	if (!PG_ARGISNULL(5))
	{
		hn = palloc(sizeof(int64) * res->n_rules);
		hk = palloc(sizeof(int64) * res->n_rules);
		score_relation(PG_GETARG_OID(5), "the holdout", &mv, conds, res->n_rules, outcome, hn, hk);
		for (int i = 0; i < res->n_rules; i++)
		{
			htotal_n += hn[i];
			htotal_k += hk[i];
		}
	}

	for (int i = 0; i < res->n_rules; i++)
	{
		Datum		v[8];
		bool		nu[8] = {0};
		double		base = total_n > 0 ? (double) total_k / total_n : NAN;
		double		hbase = htotal_n > 0 ? (double) htotal_k / htotal_n : NAN;
		double		rate = tn[i] > 0 ? (double) tk[i] / tn[i] : NAN;

		v[0] = Int32GetDatum(i + 1);
		v[1] = CStringGetTextDatum(conds[i]);
		v[2] = Int64GetDatum(tn[i]);
		v[3] = f8(rate, &nu[3]);
		v[4] = f8(base > 0 ? rate / base : NAN, &nu[4]);
		if (hn != NULL)
		{
			double		hrate = hn[i] > 0 ? (double) hk[i] / hn[i] : NAN;

			v[5] = Int64GetDatum(hn[i]);
			v[6] = f8(hrate, &nu[6]);
			v[7] = f8(hbase > 0 ? hrate / hbase : NAN, &nu[7]);
		}
		else
			nu[5] = nu[6] = nu[7] = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nu);
	}
	SPI_finish();
	return (Datum) 0;
}
