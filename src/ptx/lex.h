/* lex.h: the PTX tokenizer shared by parse.c (internal to src/ptx/).
 * Tokens point into the source text; errors go to the caller's cux_diag. */
#ifndef CUX_PTX_LEX_H
#define CUX_PTX_LEX_H

#include "ptx.h"

typedef enum cux_tok_kind {
    CUX_TK_EOF,
    CUX_TK_ERROR,  /* already reported */
    CUX_TK_IDENT,  /* foo, %r1, %tid.x, $L__BB0_2, _ */
    CUX_TK_DIR,    /* .entry, .u32, .shared::cta (text includes the dot) */
    CUX_TK_INT,    /* ival holds the bits; is_unsigned for a U suffix */
    CUX_TK_F32,    /* 0fXXXXXXXX: ival holds the 32 bits */
    CUX_TK_F64,    /* 0dXXXXXXXXXXXXXXXX: ival holds the 64 bits */
    CUX_TK_FLOAT,  /* 1.5, 1e-3: fval */
    CUX_TK_STRING, /* text includes the quotes */
    CUX_TK_PUNCT,  /* one character: text[0] */
} cux_tok_kind;

typedef struct cux_tok {
    cux_tok_kind kind;
    const char *text;
    uint32_t len;
    uint32_t line, column;
    uint64_t ival;
    double fval;
    bool is_unsigned;
    bool space_before; /* whitespace or a comment precedes it */
} cux_tok;

typedef struct cux_lexer {
    const char *src, *end, *pos;
    uint32_t line, column;
    const char *origin;
    cux_diag *diag;
} cux_lexer;

void cux_lex_init(cux_lexer *lx, const char *text, size_t len,
                  const char *origin, cux_diag *diag);
/* Scans the next token; at the end it returns CUX_TK_EOF forever. */
cux_tok cux_lex_next(cux_lexer *lx);

#endif
