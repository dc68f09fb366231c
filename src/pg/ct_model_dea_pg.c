/*
 * ct_model_dea_pg.c
 *		fit's helper for method dea and fuzzy segments (src/sql/710_model_dea.sql):
 *		the normalised values of a row's weighted indicators, NULL inputs
 *		imputed, as evaluate() gives them to the DEA score and the segments.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"

#include "ct_model_pg.h"
#include "ct_pg.h"

PG_FUNCTION_INFO_V1(ct_normalised_active_sql);

/*
 * _normalised_active(version model_version, customer record) -> float8[]:
 * the normalised values of the indicators with a positive global weight,
 * in indicator order, NULL inputs replaced by their fitted impute value.
 */
Datum
ct_normalised_active_sql(PG_FUNCTION_ARGS)
{
	ModelCache *c = ct_model_cache_byvalue(fcinfo, PG_GETARG_HEAPTUPLEHEADER(0));
	ct_model   *m = &c->m;
	double	   *out = palloc(sizeof(double) * m->n_active);

	ct_model_read_record(c, PG_GETARG_HEAPTUPLEHEADER(1));
	for (int a = 0; a < m->n_active; a++)
		out[a] = c->v[m->active[a]];
	PG_RETURN_ARRAYTYPE_P(ct_float8_array(out, m->n_active));
}
