/*
 * ct_rule_types.c
 *		The names of the rule language's types, for messages.  (A model's
 *		variables are bound by src/core/ct_vars.c.)
 */
#include "ct_rule.h"

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
