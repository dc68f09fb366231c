/*
 * ct_bind_pg.c
 *		The evaluated customer into the model's input slots: binding the
 *		variable table (ct_vars.h) to a record's row type, or to the stored
 *		column types of the version for a jsonb customer, once per query and
 *		row type; then per row one type switch from a column value to a
 *		slot, and the core's normalisation (ct_model_inputs).  Errors name
 *		the customer's key, the indicator and the column.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/typcache.h"

#include "ct_model_pg.h"
#include "ct_pg.h"

int
ct_find_column(TupleDesc desc, const char *name)
{
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(desc, i);

		if (!a->attisdropped && strcmp(NameStr(a->attname), name) == 0)
			return i;
	}
	return -1;
}

static bool
record_column_type(void *arg, const char *name, ct_rule_type *type)
{
	ModelCache *c = (ModelCache *) arg;
	int			a = ct_find_column(c->tupdesc, name);

	if (a < 0)
		return false;
	*type = ct_rule_type_of(TupleDescAttr(c->tupdesc, a)->atttypid);
	if (*type == CT_RULE_NULLTYPE)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" has type %s, which model \"%s\" cannot read",
						name, format_type_be(TupleDescAttr(c->tupdesc, a)->atttypid), c->model_name),
				 errhint("Conditions and indicators read numbers, booleans and text; cast the column in a view.")));
	return true;
}

static bool
stored_column_type(void *arg, const char *name, ct_rule_type *type)
{
	ModelCache *c = (ModelCache *) arg;

	for (int i = 0; i < c->n_src; i++)
		if (strcmp(c->src_column[i], name) == 0)
		{
			*type = c->src_type[i];
			return *type != CT_RULE_NULLTYPE;
		}
	return false;
}

/* Bind the variable table: indicators, classifications, rules. */
static void
bind_vars(ModelCache *c, bool json)
{
	ct_error	e;

	ct_check(ct_vars_init(&c->vars, c->m.n_dim, (const char *const *) c->dim_name,
						  c->m.n_class, (const char *const *) c->class_name, &e), &e);
	if (c->m.seg_k > 0)
		ct_check(ct_vars_add_segments(&c->vars, &e), &e);
	c->vars.column_type = json ? stored_column_type : record_column_type;
	c->vars.column_arg = c;
	if (ct_model_bind(&c->m, &c->vars, &e) != CT_OK)
		ereport(ERROR,
				(errcode(e.code == CT_EUNDEFINED ? ERRCODE_UNDEFINED_COLUMN :
						 e.code == CT_ESYNTAX ? ERRCODE_SYNTAX_ERROR :
						 e.code == CT_ELIMIT ? ERRCODE_PROGRAM_LIMIT_EXCEEDED :
						 ERRCODE_DATATYPE_MISMATCH),
				 errmsg("model \"%s\" version %d: %s", c->model_name, c->version, e.message),
				 e.detail[0] ? errdetail("%s", e.detail) :
				 (e.position > 0 ? errdetail("The error is at character %d of the condition.", e.position) : 0),
				 e.hint[0] ? errhint("%s", e.hint) : 0));
	if (c->rs != NULL)
		ct_rules_compile(c->rs, &c->vars);
	for (int i = 0; i < c->n_extra; i++)
	{
		int			slot;
		ct_rule_type t;

		(void) ct_vars_resolve(&c->vars, c->extra[i], &slot, &t);
	}
}

static void
bind_record(ModelCache *c, Oid typid, int32 typmod)
{
	MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(c));
	TupleDesc	desc = lookup_rowtype_tupdesc(typid, typmod);

	if (c->tupdesc != NULL)
		FreeTupleDesc(c->tupdesc);
	c->tupdesc = CreateTupleDescCopy(desc);
	ReleaseTupleDesc(desc);
	c->bound = false;
	bind_vars(c, false);
	for (int s = c->vars.n_outputs; s < c->vars.n; s++)
	{
		int			a = ct_find_column(c->tupdesc, c->vars.vars[s].name);

		c->attno[s] = a;
		c->atttype[s] = a < 0 ? InvalidOid : getBaseType(TupleDescAttr(c->tupdesc, a)->atttypid);
	}
	c->key_attno = c->key ? ct_find_column(c->tupdesc, c->key) : -1;
	if (c->values != NULL)
	{
		pfree(c->values);
		pfree(c->nulls);
	}
	c->values = palloc(sizeof(Datum) * Max(c->tupdesc->natts, 1));
	c->nulls = palloc(sizeof(bool) * Max(c->tupdesc->natts, 1));
	if (c->ind_slot != NULL)
		pfree(c->ind_slot);
	c->ind_slot = palloc(sizeof(int) * Max(c->m.n_ind, 1));
	c->n_ind_slot = 0;
	for (int j = 0; j < c->m.n_ind; j++)
	{
		int			s = c->m.ind[j].slot;
		bool		seen = false;

		for (int i = 0; i < c->n_ind_slot; i++)
			seen |= c->ind_slot[i] == s;
		if (!seen && s >= c->vars.n_outputs && s < c->vars.n)
			c->ind_slot[c->n_ind_slot++] = s;
	}
	c->typid = typid;
	c->typmod = typmod;
	c->bound = true;
	MemoryContextSwitchTo(old);
}

static void
slot_null(ct_rule_value *v)
{
	v->isnull = true;
	v->b = false;
	v->num = 0;
	v->str = NULL;
	v->len = 0;
}

char *
ct_model_key_text(ModelCache *c)
{
	if (c->key == NULL)
		return "";
	if (c->typid == JSONBOID)
	{
		JsonbValue	buf;
		const JsonbValue *j;

		if (c->key_doc == NULL)
			return "";
		j = getKeyJsonValueFromContainer(&c->key_doc->root, c->key, strlen(c->key), &buf);
		if (j == NULL || j->type == jbvNull)
			return psprintf(" (%s NULL)", c->key);
		if (j->type == jbvString)
			return psprintf(" (%s %.*s)", c->key, j->val.string.len, j->val.string.val);
		if (j->type == jbvNumeric)
			return psprintf(" (%s %s)", c->key,
							DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(j->val.numeric))));
		return "";
	}
	if (c->key_attno < 0)
		return "";
	if (c->key_isnull)
		return psprintf(" (%s NULL)", c->key);
	{
		Oid			out;
		bool		isvarlena;

		getTypeOutputInfo(TupleDescAttr(c->tupdesc, c->key_attno)->atttypid, &out, &isvarlena);
		return psprintf(" (%s %s)", c->key, OidOutputFunctionCall(out, c->key_value));
	}
}

/* at most this many bytes of a bad value are kept in an error record */
#define CT_ROW_VALUE_MAX 256

static char *
clip_value(char *s)
{
	int			len = strlen(s);

	if (len <= CT_ROW_VALUE_MAX)
		return s;
	len = pg_mbcliplen(s, len, CT_ROW_VALUE_MAX);
	return psprintf("%.*s...", len, s);
}

/* the value of input slot s of the row being read, as text; NULL if none */
static char *
slot_value_text(ModelCache *c, int s)
{
	if (s < 0)
		return NULL;
	if (c->typid == JSONBOID)
	{
		JsonbValue	buf;
		const JsonbValue *j;
		const char *name = c->vars.vars[s].name;

		j = getKeyJsonValueFromContainer(&c->key_doc->root, name, strlen(name), &buf);
		if (j == NULL || j->type == jbvNull)
			return NULL;
		switch (j->type)
		{
			case jbvString:
				return clip_value(pnstrdup(j->val.string.val, j->val.string.len));
			case jbvNumeric:
				/* the number the model reads: the float8 it converts to */
				return DatumGetCString(DirectFunctionCall1(float8out,
														   DirectFunctionCall1(numeric_float8_no_overflow,
																			   NumericGetDatum(j->val.numeric))));
			case jbvBool:
				return pstrdup(j->val.boolean ? "true" : "false");
			case jbvBinary:
				return clip_value(JsonbToCString(NULL, j->val.binary.data, j->val.binary.len));
			default:
				return NULL;
		}
	}
	else
	{
		int			a = c->attno[s];
		Oid			out;
		bool		isvarlena;

		if (a < 0 || c->cur_nulls[a])
			return NULL;
		getTypeOutputInfo(TupleDescAttr(c->tupdesc, a)->atttypid, &out, &isvarlena);
		return clip_value(OidOutputFunctionCall(out, c->cur_values[a]));
	}
}

/*
 * A bad value of the row being read: raised with the customer's key, or
 * (c->soft) recorded in c->row_error.  body is the message after
 * "customer (key): "; without a column the message is body alone.
 */
static bool
row_fail(ModelCache *c, int sqlerrcode, const char *indicator, const char *column,
		 int slot, char *body, const char *detail, const char *hint)
{
	CtRowError *re = &c->row_error;

	if (!c->soft)
	{
		if (column != NULL)
			ereport(ERROR,
					(errcode(sqlerrcode),
					 errmsg("customer%s: %s", ct_model_key_text(c), body),
					 detail ? errdetail("%s", detail) : 0,
					 hint ? errhint("%s", hint) : 0));
		ereport(ERROR,
				(errcode(sqlerrcode),
				 errmsg("%s", body),
				 detail ? errdetail("%s", detail) : 0,
				 hint ? errhint("%s", hint) : 0));
	}
	re->sqlerrcode = sqlerrcode;
	re->indicator = indicator;
	re->column = column;
	re->value = slot_value_text(c, slot);
	re->message = body;
	re->detail = detail;
	return false;
}

/* Normalised values from the filled slots; a bad value names the customer. */
static bool
normalise(ModelCache *c)
{
	ct_error	e;
	int			bad = -1;

	if (likely(ct_model_inputs(&c->m, c->slots, c->v, c->imputed, &c->n_missing, &bad, &e) == CT_OK))
		return true;
	{
		const ct_indicator *ind = &c->m.ind[bad];
		StringInfoData levels;
		char	   *detail = e.detail[0] ? pstrdup(e.detail) : NULL;

		if (ind->kind == CT_KIND_QUAL)
		{
			initStringInfo(&levels);
			appendStringInfoString(&levels, "The levels are: ");
			for (int i = 0; i < ind->level_count; i++)
				appendStringInfo(&levels, "%s%s", i ? ", " : "", c->m.level_str[ind->level_start + i]);
			appendStringInfoChar(&levels, '.');
			detail = levels.data;
		}
		return row_fail(c, e.code == CT_ERANGE ? ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE :
						ERRCODE_INVALID_PARAMETER_VALUE,
						ind->name, ind->column, ind->slot,
						psprintf("indicator \"%s\" (column \"%s\"): %s", ind->name, ind->column, e.message),
						detail,
						e.code == CT_ERANGE ? "Correct the value in the source, or set it to NULL to use the fitted default." :
						"Map other values to a level or a finite number in a view, or set the column to NULL to use the fitted default.");
	}
}

void
ct_slot_from_datum(ct_rule_value *v, Oid basetype, Datum d)
{
	slot_null(v);
	v->isnull = false;
	switch (basetype)
	{
		case INT2OID:
			v->num = DatumGetInt16(d);
			break;
		case INT4OID:
			v->num = DatumGetInt32(d);
			break;
		case INT8OID:
			v->num = (double) DatumGetInt64(d);
			break;
		case FLOAT4OID:
			v->num = DatumGetFloat4(d);
			break;
		case FLOAT8OID:
			v->num = DatumGetFloat8(d);
			break;
		case NUMERICOID:
			v->num = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, d));
			break;
		case BOOLOID:
			v->b = DatumGetBool(d);
			break;
		default:
			{
				/* text, varchar, bpchar: no copy unless stored out of line */
				struct varlena *t = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(d));
				const char *p = VARDATA_ANY(t);
				size_t		len = VARSIZE_ANY_EXHDR(t);

				if (basetype == BPCHAROID)
					while (len > 0 && p[len - 1] == ' ')
						len--;
				v->str = p;
				v->len = len;
			}
			break;
	}
}

static inline void
read_slot(ModelCache *c, int s)
{
	ct_rule_value *v = &c->slots[s];
	int			a = c->attno[s];

	slot_null(v);
	if (a >= 0 && !c->cur_nulls[a])
		ct_slot_from_datum(v, c->atttype[s], c->cur_values[a]);
}

/*
 * The slots and the key from the row in c->cur_values/c->cur_nulls: all
 * of them, or with c->inputs_only those the indicators read (the others
 * keep the previous row's values, which nothing reads then).
 */
static bool
read_slots(ModelCache *c)
{
	if (c->key_attno >= 0)
	{
		c->key_value = c->cur_values[c->key_attno];
		c->key_isnull = c->cur_nulls[c->key_attno];
	}
	if (c->inputs_only)
		for (int i = 0; i < c->n_ind_slot; i++)
			read_slot(c, c->ind_slot[i]);
	else
		for (int s = c->vars.n_outputs; s < c->vars.n; s++)
			read_slot(c, s);
	return normalise(c);
}

bool
ct_model_read_record(ModelCache *c, HeapTupleHeader rec)
{
	HeapTupleData tuple;
	Oid			typid = HeapTupleHeaderGetTypeId(rec);
	int32		typmod = HeapTupleHeaderGetTypMod(rec);

	if (unlikely(!c->bound || typid != c->typid || typmod != c->typmod))
		bind_record(c, typid, typmod);
	tuple.t_len = HeapTupleHeaderGetDatumLength(rec);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = rec;
	heap_deform_tuple(&tuple, c->tupdesc, c->values, c->nulls);
	c->cur_values = c->values;
	c->cur_nulls = c->nulls;
	return read_slots(c);
}

/*
 * The row given as its columns (the join form of the evaluate custom scan,
 * which reads them from the table's scan instead of forming the record):
 * values/nulls are indexed by attribute of typid's descriptor and read in
 * place, valid for this call only.
 */
bool
ct_model_read_columns(ModelCache *c, Oid typid, const Datum *values, const bool *nulls)
{
	if (unlikely(!c->bound || typid != c->typid || c->typmod != -1))
		bind_record(c, typid, -1);
	c->cur_values = values;
	c->cur_nulls = nulls;
	return read_slots(c);
}

/* Bind to the column types stored with the version (jsonb, value arrays). */
static void
bind_stored(ModelCache *c, Oid typid)
{
	MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(c));

	c->bound = false;
	bind_vars(c, true);
	c->typid = typid;
	c->typmod = -1;
	c->bound = true;
	MemoryContextSwitchTo(old);
}

bool
ct_model_read_jsonb(ModelCache *c, Jsonb *doc)
{
	if (unlikely(!JB_ROOT_IS_OBJECT(doc) || JB_ROOT_IS_SCALAR(doc)))
	{
		CtRowError *re = &c->row_error;

		row_fail(c, ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL, -1,
				 "customer must be a JSON object", NULL,
				 "Pass one object with the input columns as keys, for example to_jsonb(c).");
		re->value = clip_value(JsonbToCString(NULL, &doc->root, VARSIZE(doc)));
		return false;
	}
	if (unlikely(!c->bound || c->typid != JSONBOID))
		bind_stored(c, JSONBOID);
	c->key_doc = doc;
	for (int s = c->vars.n_outputs; s < c->vars.n; s++)
	{
		const ct_var *var = &c->vars.vars[s];
		ct_rule_value *v = &c->slots[s];
		JsonbValue	buf;
		const JsonbValue *j;

		slot_null(v);
		j = getKeyJsonValueFromContainer(&doc->root, var->name, strlen(var->name), &buf);
		if (j == NULL || j->type == jbvNull)
			continue;
		if (var->type == CT_RULE_NUMBER && j->type == jbvNumeric)
			v->num = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
														NumericGetDatum(j->val.numeric)));
		else if (var->type == CT_RULE_STRING && j->type == jbvString)
		{
			v->str = j->val.string.val;
			v->len = j->val.string.len;
		}
		else if (var->type == CT_RULE_BOOL && j->type == jbvBool)
			v->b = j->val.boolean;
		else
			return row_fail(c, ERRCODE_DATATYPE_MISMATCH, NULL, var->name, s,
							psprintf("key \"%s\" must be %s or null", var->name,
									 var->type == CT_RULE_NUMBER ? "a number" :
									 var->type == CT_RULE_STRING ? "a string" : "a boolean"),
							psprintf("Column \"%s\" of the source model \"%s\" was fitted on has that type.",
									 var->name, c->model_name),
							NULL);
		v->isnull = false;
	}
	return normalise(c);
}

/*
 * The indicators' raw values as one float8 array in the model's indicator
 * order (fit's shippable per-row helpers, ct_fitpush_pg.c): a number, a
 * boolean as 0 or 1, a level as its 0-based index among the indicator's
 * levels; NULL for a NULL input.  Bound once to the stored column types.
 */
bool
ct_model_read_values(ModelCache *c, ArrayType *values)
{
	int			n = c->m.n_ind;
	Datum	   *d;
	bool	   *nulls;
	int			nv;

	if (ARR_NDIM(values) > 1 || ARR_ELEMTYPE(values) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("values must be a one-dimensional float8 array")));
	deconstruct_array(values, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &d, &nulls, &nv);
	if (nv != n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("values has %d elements, but model \"%s\" has %d indicators", nv, c->model_name, n)));
	if (unlikely(!c->bound || c->typid != FLOAT8ARRAYOID))
	{
		bind_stored(c, FLOAT8ARRAYOID);
		c->key_attno = -1;
		c->key_doc = NULL;
	}
	for (int s = c->vars.n_outputs; s < c->vars.n; s++)
		slot_null(&c->slots[s]);
	for (int j = 0; j < n; j++)
	{
		const ct_indicator *ind = &c->m.ind[j];
		ct_rule_value *v = &c->slots[ind->slot];
		double		x;

		if (nulls[j])
			continue;
		x = DatumGetFloat8(d[j]);
		if (ind->kind == CT_KIND_QUAL)
		{
			if (!(x >= 0 && x < ind->level_count) || x != floor(x))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("value %d (%g) is not a level index of indicator \"%s\"", j + 1, x, ind->name),
						 errdetail("Indicator \"%s\" has %d levels, indexed from 0.", ind->name, ind->level_count)));
			v->str = c->m.level_str[ind->level_start + (int) x];
			v->len = strlen(v->str);
		}
		else if (ind->slot_type == CT_RULE_BOOL)
			v->b = x != 0;
		else
			v->num = x;
		v->isnull = false;
	}
	return normalise(c);
}

void
ct_model_eval_row(ModelCache *c, ct_result *r)
{
	ct_model_eval_row_ex(c, r, true);
}

void
ct_model_eval_row_ex(ModelCache *c, ct_result *r, bool classify)
{
	ct_error	err;

	if (unlikely(ct_model_evaluate(&c->m, c->v, r, &err) != CT_OK))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("customer%s: evaluation of model \"%s\" version %d failed: %s",
						ct_model_key_text(c), c->model_name, c->version, err.message),
				 err.detail[0] ? errdetail("%s", err.detail) : 0));
	c->short_coverage = false;
	if (c->m.fitted)
	{
		if (c->m.min_coverage > 0.0 && c->n_missing > 0)
		{
			double		cov = ct_model_coverage(&c->m, c->imputed);

			if (cov < c->m.min_coverage)
			{
				c->short_coverage = true;
				c->coverage = cov;
				r->score = NAN;
				r->tier = -1;
			}
		}
		if (likely(classify))
			ct_model_classify(&c->m, &c->vars, r, c->slots);
		else
			for (int k = 0; k < c->m.n_class; k++)
				r->class_label[k] = -1;
	}
}
