/*
 * ct_rule_schema.c
 *		The pinned variable set of doc/schema.md (the evaluation columns a
 *		rule may read, then the canonical input columns), its resolver, and
 *		the names of the rule types for messages.
 */
#include "ct_rule.h"

#include <string.h>

/* doc/schema.md: evaluation columns rules may read, then the input columns. */
const ct_rule_var ct_rule_schema_vars[] = {
	{"score", CT_RULE_NUMBER},
	{"tier", CT_RULE_STRING},
	{"background_score", CT_RULE_NUMBER},
	{"value_score", CT_RULE_NUMBER},
	{"credit_score", CT_RULE_NUMBER},
	{"behaviour_score", CT_RULE_NUMBER},
	{"handling_score", CT_RULE_NUMBER},
	{"background_tier", CT_RULE_STRING},
	{"value_tier", CT_RULE_STRING},
	{"credit_tier", CT_RULE_STRING},
	{"behaviour_tier", CT_RULE_STRING},
	{"handling_tier", CT_RULE_STRING},
	{"lifecycle_stage", CT_RULE_STRING},
	{"credit_grade", CT_RULE_STRING},
	{"behaviour_class", CT_RULE_STRING},
	{"customer_id", CT_RULE_NUMBER},
	{"gender", CT_RULE_STRING},
	{"age", CT_RULE_NUMBER},
	{"tenure_months", CT_RULE_NUMBER},
	{"customer_level", CT_RULE_STRING},
	{"arpu", CT_RULE_NUMBER},
	{"data_share", CT_RULE_NUMBER},
	{"payment_channel", CT_RULE_STRING},
	{"arrears_count_12m", CT_RULE_NUMBER},
	{"complaints_90d", CT_RULE_NUMBER},
	{"unreasonable_ratio", CT_RULE_NUMBER},
	{"escalations_12m", CT_RULE_NUMBER},
	{"emotional", CT_RULE_BOOL},
	{"problem_type", CT_RULE_STRING},
	{"handling_hours", CT_RULE_NUMBER},
	{"accepted_ratio", CT_RULE_NUMBER},
	{"satisfaction", CT_RULE_NUMBER},
	{"porting_requested", CT_RULE_BOOL},
	{"vulnerable", CT_RULE_BOOL},
};

const int	ct_rule_schema_nvars = (int) (sizeof(ct_rule_schema_vars) / sizeof(ct_rule_schema_vars[0]));

bool
ct_rule_schema_resolve(void *arg, const char *name, int *slot, ct_rule_type *type)
{
	int			i;

	(void) arg;
	for (i = 0; i < ct_rule_schema_nvars; i++)
		if (strcmp(ct_rule_schema_vars[i].name, name) == 0)
		{
			*slot = i;
			*type = ct_rule_schema_vars[i].type;
			return true;
		}
	return false;
}

const char *
ct_rule_type_name(ct_rule_type t)
{
	switch (t)
	{
		case CT_RULE_NUMBER:
			return "number";
		case CT_RULE_STRING:
			return "text";
		case CT_RULE_BOOL:
			return "boolean";
		case CT_RULE_ANYTYPE:
			return "any";
		default:
			return "null";
	}
}
