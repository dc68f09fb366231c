/*
 * ct_rule_int.h
 *		Private declarations shared by the files of the rule condition
 *		language: tokens and the lexer (ct_rule_lex.c), the opcodes the
 *		compiler (ct_rule_parse.c) emits and the evaluator (ct_rule_eval.c)
 *		runs.  Not part of the API; callers include ct_rule.h.
 */
#ifndef CT_RULE_INT_H
#define CT_RULE_INT_H

#include "ct_rule.h"

typedef enum tok_kind
{
	T_END,
	T_IDENT,
	T_NUMBER,
	T_STRING,
	T_LPAREN,
	T_RPAREN,
	T_COMMA,
	T_MINUS,
	T_CMP,
	/* keywords */
	T_AND,
	T_OR,
	T_NOT,
	T_IN,
	T_BETWEEN,
	T_IS,
	T_NULL,
	T_TRUE,
	T_FALSE,
	T_UNKNOWN
} tok_kind;

/* The numbering ct_rule_cmp_holds() and ct_rule_guard.cmp (ct_rule.h) use. */
typedef enum cmp_op
{
	CMP_EQ = 0,
	CMP_NE = 1,
	CMP_LT = 2,
	CMP_LE = 3,
	CMP_GT = 4,
	CMP_GE = 5
} cmp_op;

typedef struct token
{
	tok_kind	kind;
	int			cmp;			/* for T_CMP */
	size_t		start;			/* byte offset in the source */
	size_t		len;			/* bytes (a quoted identifier's with its quotes) */
	bool		quoted;			/* T_IDENT written as "..." */
} token;

#define MAX_IDENT_LEN	63
#define MAX_NUMBER_LEN	64

/* Evaluation opcodes. */
enum
{
	OP_SLOT,
	OP_CONST,
	OP_CMP,						/* flag = cmp_op, type = operand type */
	OP_IN,						/* a = first const, b = count, flag = negate */
	OP_BETWEEN,					/* flag = negate */
	OP_AND,
	OP_OR,
	OP_NOT,
	OP_ISNULL,					/* flag = negate */
	OP_ISTRUTH,					/* flag: 0 IS TRUE, 1 IS NOT TRUE, 2 IS FALSE,
								 * 3 IS NOT FALSE */
	OP_CMP_SC					/* fused SLOT a, CONST b, CMP: flag = cmp_op,
								 * type = operand type (see fuse_program) */
};

typedef struct lexer
{
	const char *src;
	size_t		len;
	size_t		pos;
	ct_error   *e;
} lexer;

static inline int
lower_ascii(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* 1-based character position of byte offset off (UTF-8), for messages. */
extern int	ct_rule_char_position(const char *src, size_t off);

/*
 * The next token from lx->pos; on failure fills lx->e with the message and
 * the position of the offending character.
 */
extern ct_code ct_rule_lex_next(lexer *lx, token *t);
extern size_t ct_rule_ident_name(const char *src, const token *t, char *name);

#endif							/* CT_RULE_INT_H */
