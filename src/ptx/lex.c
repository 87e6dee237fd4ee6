/* lex.c: PTX tokenizer with line:column tracking.
 * Works on a (text, length) pair so the input need not be NUL-terminated. */
#include "lex.h"

#include <stdlib.h>
#include <string.h>

void cux_lex_init(cux_lexer *lx, const char *text, size_t len,
                  const char *origin, cux_diag *diag)
{
    lx->src = lx->pos = text;
    lx->end = text + len;
    lx->line = lx->column = 1;
    lx->origin = origin;
    lx->diag = diag;
}

static int peek(const cux_lexer *lx, size_t ahead)
{
    if ((size_t)(lx->end - lx->pos) <= ahead)
        return -1;
    return (unsigned char)lx->pos[ahead];
}

static void advance(cux_lexer *lx)
{
    if (*lx->pos == '\n') {
        lx->line++;
        lx->column = 1;
    } else {
        lx->column++;
    }
    lx->pos++;
}

static bool is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_ident_char(int c)
{
    return is_alpha(c) || is_digit(c) || c == '_' || c == '$';
}

static int hex_value(int c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static cux_tok error_tok(cux_lexer *lx, cux_tok tok, const char *msg)
{
    cux_diag_report(lx->diag, lx->origin, tok.line, tok.column, "%s", msg);
    tok.kind = CUX_TK_ERROR;
    return tok;
}

/* Skips blanks and comments; false (reported) on an unterminated one. */
static bool skip_space(cux_lexer *lx, bool *skipped)
{
    for (;;) {
        int c = peek(lx, 0);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            c == '\v') {
            advance(lx);
        } else if (c == '/' && peek(lx, 1) == '/') {
            while (peek(lx, 0) >= 0 && peek(lx, 0) != '\n')
                advance(lx);
        } else if (c == '@' && peek(lx, 1) == '@') {
            /* @@DWARF lines: debug data with no semantics for cux */
            while (peek(lx, 0) >= 0 && peek(lx, 0) != '\n')
                advance(lx);
        } else if (c == '/' && peek(lx, 1) == '*') {
            uint32_t line = lx->line, column = lx->column;
            advance(lx);
            advance(lx);
            while (!(peek(lx, 0) == '*' && peek(lx, 1) == '/')) {
                if (peek(lx, 0) < 0) {
                    cux_diag_report(lx->diag, lx->origin, line, column,
                                    "unterminated comment");
                    return false;
                }
                advance(lx);
            }
            advance(lx);
            advance(lx);
        } else {
            return true;
        }
        *skipped = true;
    }
}

/* Special registers (%tid.x) keep their dot; modifiers (.shared::cta,
 * .L1::evict_last) keep their "::" part. */
static void scan_word(cux_lexer *lx, bool dots, bool colons)
{
    for (;;) {
        int c = peek(lx, 0);
        if (is_ident_char(c) || (dots && c == '.' &&
                                 is_ident_char(peek(lx, 1)))) {
            advance(lx);
        } else if (colons && c == ':' && peek(lx, 1) == ':' &&
                   is_ident_char(peek(lx, 2))) {
            advance(lx);
            advance(lx);
        } else {
            return;
        }
    }
}

static cux_tok scan_hex_float(cux_lexer *lx, cux_tok tok, int digits)
{
    advance(lx);
    advance(lx);
    uint64_t bits = 0;
    for (int i = 0; i < digits; i++) {
        int v = hex_value(peek(lx, 0));
        if (v < 0)
            return error_tok(lx, tok, "malformed floating-point constant");
        bits = bits << 4 | (uint64_t)v;
        advance(lx);
    }
    if (is_ident_char(peek(lx, 0)))
        return error_tok(lx, tok, "malformed floating-point constant");
    tok.kind = digits == 8 ? CUX_TK_F32 : CUX_TK_F64;
    tok.ival = bits;
    return tok;
}

static cux_tok scan_decimal_float(cux_lexer *lx, cux_tok tok)
{
    char buf[128];
    size_t n = 0;
    while (n + 1 < sizeof(buf)) {
        int c = peek(lx, 0);
        bool sign = (c == '-' || c == '+') && n > 0 &&
                    (buf[n - 1] == 'e' || buf[n - 1] == 'E');
        if (!is_digit(c) && c != '.' && c != 'e' && c != 'E' && !sign)
            break;
        buf[n++] = (char)c;
        advance(lx);
    }
    buf[n] = '\0';
    char *endp;
    tok.fval = strtod(buf, &endp);
    if (*endp || is_ident_char(peek(lx, 0)))
        return error_tok(lx, tok, "malformed floating-point constant");
    tok.kind = CUX_TK_FLOAT;
    return tok;
}

static bool looks_like_float(const cux_lexer *lx)
{
    size_t i = 0;
    while (is_digit(peek(lx, i)))
        i++;
    int c = peek(lx, i);
    return c == '.' || ((c == 'e' || c == 'E') &&
                        (is_digit(peek(lx, i + 1)) ||
                         ((peek(lx, i + 1) == '-' || peek(lx, i + 1) == '+') &&
                          is_digit(peek(lx, i + 2)))));
}

/* Integer with base prefix; overflow past 64 bits is an error. */
static cux_tok scan_int(cux_lexer *lx, cux_tok tok)
{
    unsigned base = 10;
    int c1 = peek(lx, 1);
    if (peek(lx, 0) == '0' && (c1 == 'x' || c1 == 'X'))
        base = 16;
    else if (peek(lx, 0) == '0' && (c1 == 'b' || c1 == 'B'))
        base = 2;
    else if (peek(lx, 0) == '0' && is_digit(c1))
        base = 8;
    if (base == 16 || base == 2) {
        advance(lx);
        advance(lx);
    }
    uint64_t value = 0;
    unsigned ndigits = 0;
    bool overflow = false;
    for (;; ndigits++) {
        int v = hex_value(peek(lx, 0));
        if (v < 0 || (unsigned)v >= base)
            break;
        if (value > (UINT64_MAX - (uint64_t)v) / base)
            overflow = true;
        value = value * base + (uint64_t)v;
        advance(lx);
    }
    if (peek(lx, 0) == 'U' || peek(lx, 0) == 'u') {
        tok.is_unsigned = true;
        advance(lx);
    }
    if (!ndigits || is_ident_char(peek(lx, 0)))
        return error_tok(lx, tok, "malformed integer constant");
    if (overflow)
        return error_tok(lx, tok, "integer constant does not fit in 64 bits");
    tok.kind = CUX_TK_INT;
    tok.ival = value;
    return tok;
}

static cux_tok scan_number(cux_lexer *lx, cux_tok tok)
{
    int c1 = peek(lx, 1);
    if (peek(lx, 0) == '0' && (c1 == 'f' || c1 == 'F'))
        return scan_hex_float(lx, tok, 8);
    if (peek(lx, 0) == '0' && (c1 == 'd' || c1 == 'D'))
        return scan_hex_float(lx, tok, 16);
    if (!(peek(lx, 0) == '0' && (c1 == 'x' || c1 == 'X' || c1 == 'b' ||
                                 c1 == 'B')) && looks_like_float(lx))
        return scan_decimal_float(lx, tok);
    return scan_int(lx, tok);
}

static cux_tok scan_string(cux_lexer *lx, cux_tok tok)
{
    advance(lx);
    for (;;) {
        int c = peek(lx, 0);
        if (c < 0 || c == '\n')
            return error_tok(lx, tok, "unterminated string");
        advance(lx);
        if (c == '"')
            break;
        if (c == '\\' && peek(lx, 0) >= 0 && peek(lx, 0) != '\n')
            advance(lx);
    }
    tok.kind = CUX_TK_STRING;
    return tok;
}

static cux_tok scan_token(cux_lexer *lx, cux_tok tok)
{
    int c = peek(lx, 0);
    if (is_alpha(c) || c == '_' || c == '$') {
        scan_word(lx, false, false);
        tok.kind = CUX_TK_IDENT;
    } else if (c == '%' && is_ident_char(peek(lx, 1))) {
        advance(lx);
        scan_word(lx, true, false);
        tok.kind = CUX_TK_IDENT;
    } else if (c == '.' && (is_alpha(peek(lx, 1)) || peek(lx, 1) == '_' ||
                            (is_digit(peek(lx, 1)) &&
                             is_alpha(peek(lx, 2))))) {
        /* .2d, .3d: texture geometries start with a digit */
        advance(lx);
        scan_word(lx, false, true);
        tok.kind = CUX_TK_DIR;
    } else if (is_digit(c)) {
        return scan_number(lx, tok);
    } else if (c == '"') {
        return scan_string(lx, tok);
    } else if (c > 0 && strchr("{}[]()<>,;:+-!|=@*", c)) {
        advance(lx);
        tok.kind = CUX_TK_PUNCT;
    } else {
        advance(lx);
        return error_tok(lx, tok, "unexpected character in PTX text");
    }
    return tok;
}

cux_tok cux_lex_next(cux_lexer *lx)
{
    cux_tok tok = {0};
    bool skipped = false;
    if (!skip_space(lx, &skipped)) {
        tok.kind = CUX_TK_ERROR;
        return tok;
    }
    tok.line = lx->line;
    tok.column = lx->column;
    tok.text = lx->pos;
    tok.space_before = skipped;
    if (lx->pos >= lx->end) {
        tok.kind = CUX_TK_EOF;
        return tok;
    }
    tok = scan_token(lx, tok);
    if (tok.kind != CUX_TK_ERROR || !tok.len)
        tok.len = (uint32_t)(lx->pos - tok.text);
    return tok;
}
