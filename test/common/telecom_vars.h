/*
 * telecom_vars.h
 *		A fixed variable set for the rule language's tests and fuzz target:
 *		the variables of the shipped telecom model (its outputs, then the
 *		columns of doc/schema.md), slot = index.  Models bind their own
 *		variables (src/core/ct_vars.h); this is only a test fixture.
 */
#ifndef TELECOM_VARS_H
#define TELECOM_VARS_H

#include <string.h>

#include "ct_rule.h"

typedef struct ct_rule_var
{
	const char *name;
	ct_rule_type type;
} ct_rule_var;

/* telecom outputs, then the input columns of doc/schema.md */
static const ct_rule_var ct_rule_schema_vars[] = {
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

static const int ct_rule_schema_nvars = (int) (sizeof(ct_rule_schema_vars) / sizeof(ct_rule_schema_vars[0]));

static bool
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

#endif							/* TELECOM_VARS_H */
