/*
 * fuzz_binder.c
 *		libFuzzer target for the core of evaluate()'s record and jsonb
 *		binder: the variable table (src/core/ct_vars.c), binding a model to
 *		the row's columns and reading the input slots into normalised values
 *		(ct_model_bind, ct_model_inputs in src/core/ct_model_bind.c), the
 *		evaluation, and the classifications over the slots (ct_model_classify).
 *
 * The model is fixed (five indicators: a log-transformed benefit, a
 * qualitative level, a cost, a target range, a boolean; two dimensions;
 * the five methods combined by mean percentile; three tiers; three
 * classifications).  The input's first byte chooses whether the third
 * classification's first condition is the text up to the first NUL byte
 * (any identifier in it is a column whose type follows from its length);
 * the remaining bytes fill every input slot: NULL, any float8 bit pattern
 * (NaN, Infinity, subnormals), small integers, booleans, known level
 * strings or arbitrary bytes.  Checked: every failure carries a message
 * and names a non-NULL input; every normalised value lies in [0,1] and is
 * imputed exactly when its slot is NULL; valid inputs always evaluate to a
 * score in [0,1] and a tier; each classification's label is the first of
 * its conditions that holds (none when none holds or no input it reads is
 * known); and the same input gives the same result twice.
 * Build and run: make fuzz (doc/development.md).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "ct_model.h"

#define N_IND 5

static const char *const dim_names[2] = {"value", "service"};
static const char *level_str[3] = {"ordinary", "silver", "gold"};
static const size_t level_len[3] = {8, 6, 4};
static const double level_score[3] = {0.0, 0.5, 1.0};
static const char *const tier_labels[3] = {"low", "middle", "high"};
static const size_t tier_len[3] = {3, 6, 4};
static const double tier_cuts[2] = {0.35, 0.8};
static const char *const dim_tier_labels[2] = {"low", "high"};
static const size_t dim_tier_len[2] = {3, 4};
static const double dim_cuts[1] = {0.5};
static double quantiles[CT_NMETHODS * CT_NQUANTILES];
static double ind_quantiles[N_IND * CT_NQUANTILES];
static double prio_u[N_IND * CT_NQUANTILES];
static int	prio_start[N_IND * (CT_NQUANTILES + 1)];
static int	prio_m[N_IND];

static const char *const class_names[3] = {"stage", "grade", "fuzz"};
static const char *const stage_labels[3] = {"warning", "vip", "normal"};
static const size_t stage_len[3] = {7, 3, 6};
static const char *const stage_when[3] = {
	"satisfaction <= 2 OR complaints_90d >= 5",
	"tier = 'high' AND customer_level IN ('gold', 'silver')", "TRUE"};
static const char *const grade_labels[3] = {"a", "b", "c"};
static const size_t grade_len[3] = {1, 1, 1};
static const char *const grade_when[3] = {
	"value_score >= 0.7 AND NOT emotional", "service_tier = 'high'", "stage = 'warning'"};
static const char *const fuzz_labels[2] = {"x", "y"};
static const size_t fuzz_len[2] = {1, 1};

static ct_model base;
static ct_indicator base_ind[N_IND];
static double scratch[256];
static int	iscratch[N_IND];

static bool
column_type(void *arg, const char *name, ct_rule_type *type)
{
	static const struct
	{
		const char *name;
		ct_rule_type type;
	}			known[] = {
		{"arpu", CT_RULE_NUMBER}, {"customer_level", CT_RULE_STRING},
		{"complaints_90d", CT_RULE_NUMBER}, {"satisfaction", CT_RULE_NUMBER},
		{"emotional", CT_RULE_BOOL}};
	static const ct_rule_type by_len[3] = {CT_RULE_NUMBER, CT_RULE_STRING, CT_RULE_BOOL};

	(void) arg;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(name, known[i].name) == 0)
		{
			*type = known[i].type;
			return true;
		}
	if (name[0] == 'q')
		return false;			/* a column the row does not have */
	*type = by_len[strlen(name) % 3];
	return true;
}

static void
set_ind(int j, const char *column, int dim, int kind, int dir, double lo,
		double hi, double weight, double impute)
{
	ct_indicator *x = &base_ind[j];

	x->name = column;
	x->column = column;
	x->dimension = dim;
	x->kind = kind;
	x->direction = dir;
	x->lo = lo;
	x->hi = hi;
	x->weight = weight;
	x->global_weight = weight * (dim == 0 ? 0.6 : 0.4);
	x->impute = impute;
	x->ideal = 1;
	x->anti_ideal = 0;
}

static void
build_model(void)
{
	ct_error	e;

	set_ind(0, "arpu", 0, CT_KIND_QUANT, CT_DIR_BENEFIT, 2.0, 6.0, 0.5, 0.5);
	base_ind[0].transform = CT_TRANSFORM_LOG;
	set_ind(1, "customer_level", 0, CT_KIND_QUAL, CT_DIR_BENEFIT, 0, 0, 0.5, 0.4);
	base_ind[1].level_start = 0;
	base_ind[1].level_count = 3;
	set_ind(2, "complaints_90d", 1, CT_KIND_QUANT, CT_DIR_COST, 0, 10, 0.4, 0.6);
	set_ind(3, "satisfaction", 1, CT_KIND_QUANT, CT_DIR_TARGET, 1, 5, 0.3, 0.5);
	base_ind[3].best_lo = 4;
	base_ind[3].best_hi = 5;
	set_ind(4, "emotional", 1, CT_KIND_QUANT, CT_DIR_BENEFIT, 0, 1, 0.3, 0.5);

	base.n_ind = N_IND;
	base.ind = base_ind;
	base.n_levels = 3;
	base.level_str = level_str;
	base.level_len = level_len;
	base.level_score = level_score;
	base.n_dim = 2;
	base.dim_name = dim_names;
	base.dim_weight[0] = 0.6;
	base.dim_weight[1] = 0.4;
	/* every method but dea, which needs a frontier (test_model_dea.c) */
	base.n_methods = 0;
	for (int k = 0; k < CT_NMETHODS; k++)
		if (k != CT_M_DEA)
			base.methods[base.n_methods++] = (ct_method) k;
	base.combine = -1;
	base.grey_rho = 0.5;
	base.grey_delta_min = 0;
	base.grey_delta_max = 1;
	base.vikor_v = 0.5;
	base.s_best = 0;
	base.s_worst = 1;
	base.r_best = 0;
	base.r_worst = 0.6;
	base.fuzzy_op = CT_FUZZY_WEIGHTED_AVERAGE;
	base.fuzzy_grades = 5;
	/* each method's score spread over [0,1], denser in the middle */
	for (int k = 0; k < CT_NMETHODS; k++)
		for (int q = 0; q < CT_NQUANTILES; q++)
		{
			double		f = q / (double) (CT_NQUANTILES - 1);

			quantiles[k * CT_NQUANTILES + q] = f * f * (3 - 2 * f);
		}
	base.quantiles = quantiles;
	base.has_quantiles = true;
	/* method priority: each indicator's values spread the same way */
	for (int j = 0; j < N_IND; j++)
		memcpy(ind_quantiles + j * CT_NQUANTILES, quantiles, sizeof(double) * CT_NQUANTILES);
	base.ind_quantiles = ind_quantiles;
	base.prio_u = prio_u;
	base.prio_start = prio_start;
	base.prio_m = prio_m;
	base.fitted = true;
	base.n_tiers = 3;
	base.tier_cuts = tier_cuts;
	base.tier_label = tier_labels;
	base.tier_label_len = tier_len;
	for (int d = 0; d < 2; d++)
	{
		base.dim_tiers[d] = 2;
		base.dim_tier_cuts[d] = dim_cuts;
		base.dim_tier_label[d] = dim_tier_labels;
		base.dim_tier_label_len[d] = dim_tier_len;
	}
	if (ct_model_check(&base, scratch, iscratch, &e) != CT_OK)
	{
		fprintf(stderr, "fuzz_binder: the model does not check: %s\n", e.message);
		abort();
	}
}

/* A little reader over the slot bytes; zeros past the end. */
typedef struct reader
{
	const uint8_t *p;
	size_t		n;
	size_t		pos;
} reader;

static uint8_t
byte(reader *r)
{
	return r->pos < r->n ? r->p[r->pos++] : 0;
}

static void
fill_slots(reader *r, const ct_vars *v, ct_rule_value *slots)
{
	for (int s = v->n_outputs; s < v->n; s++)
	{
		ct_rule_value *x = &slots[s];
		uint8_t		f = byte(r);

		memset(x, 0, sizeof(*x));
		x->isnull = (f & 7) == 0;
		if (x->isnull)
			continue;
		switch (v->vars[s].type)
		{
			case CT_RULE_NUMBER:
				if (f & 8)
				{
					uint64_t	u = 0;

					for (int i = 0; i < 8; i++)
						u = (u << 8) | byte(r);
					memcpy(&x->num, &u, sizeof(x->num));
				}
				else
					x->num = (double) (int8_t) byte(r);
				break;
			case CT_RULE_BOOL:
				x->b = (f & 8) != 0;
				break;
			default:
				if (f & 8)
				{
					int			l = (f >> 4) % 3;

					x->str = level_str[l];
					x->len = level_len[l];
				}
				else
				{
					size_t		len = (f >> 4) % 10;

					if (len > r->n - r->pos)
						len = r->n - r->pos;
					x->str = (const char *) r->p + r->pos;
					x->len = len;
					r->pos += len;
				}
				break;
		}
	}
}

typedef struct outcome
{
	ct_code		rc;
	int			bad;
	double		v[N_IND];
	bool		imputed[N_IND];
	double		score;
	int			tier;
	int			label[3];
} outcome;

static void
run(ct_model *m, const ct_vars *vars, ct_rule_value *slots, outcome *o)
{
	ct_result	r;
	ct_error	e;
	int			n_missing = 0,
				nulls = 0;

	memset(o, 0, sizeof(*o));
	o->bad = -1;
	o->rc = ct_model_inputs(m, slots, o->v, o->imputed, &n_missing, &o->bad, &e);
	if (o->rc != CT_OK)
	{
		if (e.message[0] == '\0' || o->bad < 0 || o->bad >= N_IND ||
			slots[m->ind[o->bad].slot].isnull)
			abort();
		return;
	}
	for (int j = 0; j < N_IND; j++)
	{
		if (!(o->v[j] >= 0.0 && o->v[j] <= 1.0) ||
			o->imputed[j] != slots[m->ind[j].slot].isnull)
			abort();
		nulls += o->imputed[j];
	}
	if (n_missing != nulls)
		abort();
	memset(&r, 0, sizeof(r));
	if (ct_model_evaluate(m, o->v, &r, &e) != CT_OK)
		abort();
	if (!(r.score >= 0.0 && r.score <= 1.0) || r.tier < 0 || r.tier >= 3)
		abort();
	for (int d = 0; d < 2; d++)
		if (!(r.dim_score[d] >= 0.0 && r.dim_score[d] <= 1.0) || r.dim_tier[d] < 0 || r.dim_tier[d] > 1)
			abort();
	ct_model_classify(m, vars, &r, slots);
	o->score = r.score;
	o->tier = r.tier;
	for (int c = 0; c < m->n_class; c++)
		o->label[c] = r.class_label[c];
}

/* The label of each classification is the first condition that holds. */
static void
check_labels(const ct_model *m, const ct_vars *vars, const ct_rule_value *slots,
			 const outcome *o)
{
	ct_rule_value stack[CT_RULE_STACK_MAX];

	for (int c = 0; c < m->n_class; c++)
	{
		const ct_classification *cl = &m->classes[c];
		bool		known = cl->n_reads == 0;
		int			first = -1;

		if (o->label[c] < -1 || o->label[c] >= cl->n_labels)
			abort();
		for (int i = 0; i < cl->n_reads; i++)
			known = known || !slots[cl->reads[i]].isnull;
		for (int l = 0; l < cl->n_labels && first < 0; l++)
		{
			ct_rule_result res = ct_rule_eval(&cl->progs[l], slots, vars->n, stack, CT_RULE_STACK_MAX);

			if (res == CT_RULE_ERROR)
				abort();
			if (res == CT_RULE_TRUE)
				first = l;
		}
		if (o->label[c] != (known ? first : -1))
			abort();
	}
}

/* A copy of the checked model bound to the row, with its own arrays. */
typedef struct bound
{
	ct_model	m;
	ct_indicator ind[N_IND];
	ct_vars		vars;
	ct_classification cl[3];
	const char *fuzz_when[2];
	ct_rule_program progs[8];
	int			reads[3][CT_MAX_VARS];
} bound;

static ct_code
bind(bound *b, const char *first_condition, ct_error *e)
{
	b->m = base;
	memcpy(b->ind, base_ind, sizeof(b->ind));
	b->m.ind = b->ind;
	b->fuzz_when[0] = first_condition;
	b->fuzz_when[1] = "arpu > 100";
	b->cl[0] = (ct_classification) {class_names[0], 3, stage_labels, stage_len, stage_when, b->progs, 0, b->reads[0]};
	b->cl[1] = (ct_classification) {class_names[1], 3, grade_labels, grade_len, grade_when, b->progs + 3, 0, b->reads[1]};
	b->cl[2] = (ct_classification) {class_names[2], 2, fuzz_labels, fuzz_len, b->fuzz_when, b->progs + 6, 0, b->reads[2]};
	b->m.n_class = 3;
	b->m.classes = b->cl;
	if (ct_vars_init(&b->vars, 2, dim_names, 3, class_names, e) != CT_OK)
		abort();
	b->vars.column_type = column_type;
	return ct_model_bind(&b->m, &b->vars, e);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bound fixed,
				custom_model;
	static bool ready;
	static ct_rule_value slots[CT_MAX_VARS];
	static char cond[CT_RULE_MAX_LEN + 1];
	reader		r = {data, size, size > 0 ? 1 : 0};
	outcome		o1,
				o2;
	ct_error	e;
	bound	   *b = &fixed;

	if (!ready)
	{
		build_model();
		if (bind(&fixed, "complaints_90d BETWEEN 1 AND 3", &e) != CT_OK)
			abort();
		ready = true;
	}
	if (size > 0 && (data[0] & 1))
	{
		/* the fuzzed condition, bound anew */
		const uint8_t *end = memchr(data + 1, 0, size - 1);
		size_t		len = end ? (size_t) (end - data - 1) : size - 1;

		if (len > CT_RULE_MAX_LEN)
			len = CT_RULE_MAX_LEN;
		memcpy(cond, data + 1, len);
		cond[len] = '\0';
		r.pos = 1 + len + (end ? 1 : 0);
		b = &custom_model;
		if (bind(b, cond, &e) != CT_OK)
		{
			if (e.message[0] == '\0')
				abort();
			return 0;
		}
	}
	if (b->vars.n > CT_MAX_VARS || b->vars.n_outputs != 2 + 2 * 2 + 3)
		abort();
	for (int j = 0; j < N_IND; j++)
		if (b->ind[j].slot < b->vars.n_outputs || b->ind[j].slot >= b->vars.n ||
			strcmp(b->vars.vars[b->ind[j].slot].name, b->ind[j].column) != 0)
			abort();
	fill_slots(&r, &b->vars, slots);
	run(&b->m, &b->vars, slots, &o1);
	if (o1.rc != CT_OK)
		return 0;
	check_labels(&b->m, &b->vars, slots, &o1);
	run(&b->m, &b->vars, slots, &o2);
	if (memcmp(&o1, &o2, sizeof(o1)) != 0)
		abort();
	return 0;
}
