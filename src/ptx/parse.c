/* parse.c: PTX text to the cux_ptx_module IR: module directives,
 * variables with their initializers, function signatures and bodies.
 * Instructions themselves are read by parse_insn.c. */
#include "parse.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum {
    MAX_REGS = 1u << 22,          /* per function: keeps a fuzzed range sane */
    MAX_INIT_BYTES = 64u << 20,   /* an initialized variable's size */
    MAX_DIMS = 8,
};

/* ---- tokens -------------------------------------------------------------- */

void cux_pfail(cux_parser *p, const cux_tok *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cux_diag_vreport(p->diag, p->m->origin, at->line, at->column, fmt, ap);
    va_end(ap);
    longjmp(p->fail, 1);
}

void cux_pnext(cux_parser *p)
{
    p->tok = cux_lex_next(&p->lx);
    if (p->tok.kind == CUX_TK_ERROR)
        longjmp(p->fail, 1);
}

cux_tok cux_ppeek(const cux_parser *p)
{
    cux_lexer copy = p->lx;
    copy.diag = NULL;
    return cux_lex_next(&copy);
}

bool cux_pis(const cux_parser *p, char punct)
{
    return p->tok.kind == CUX_TK_PUNCT && p->tok.text[0] == punct;
}

static const char *describe(const cux_tok *tok)
{
    static _Thread_local char buf[48];
    if (tok->kind == CUX_TK_EOF)
        return "end of file";
    snprintf(buf, sizeof(buf), "'%.*s'", (int)(tok->len < 32 ? tok->len : 32),
             tok->text);
    return buf;
}

void cux_pexpect(cux_parser *p, char punct)
{
    if (!cux_pis(p, punct))
        cux_pfail(p, &p->tok, "expected '%c' but found %s", punct,
                  describe(&p->tok));
    cux_pnext(p);
}

bool cux_pis_word(const cux_tok *tok, const char *word)
{
    size_t n = strlen(word);
    return (tok->kind == CUX_TK_DIR || tok->kind == CUX_TK_IDENT) &&
           tok->len == n && !memcmp(tok->text, word, n);
}

static uint64_t expect_int(cux_parser *p, uint64_t max, const char *what)
{
    if (p->tok.kind != CUX_TK_INT)
        cux_pfail(p, &p->tok, "expected %s but found %s", what,
                  describe(&p->tok));
    if (p->tok.ival > max)
        cux_pfail(p, &p->tok, "%s %llu is too large", what,
                  (unsigned long long)p->tok.ival);
    uint64_t value = p->tok.ival;
    cux_pnext(p);
    return value;
}

static cux_tok expect_ident(cux_parser *p, const char *what)
{
    if (p->tok.kind != CUX_TK_IDENT)
        cux_pfail(p, &p->tok, "expected %s but found %s", what,
                  describe(&p->tok));
    cux_tok name = p->tok;
    cux_pnext(p);
    return name;
}

static const char *tok_str(cux_parser *p, const cux_tok *tok)
{
    return cux_arena_strndup(&p->m->arena, tok->text, tok->len);
}

cux_ptx_type cux_ptype_from(const char *text, uint32_t len)
{
    if (len < 2 || text[0] != '.')
        return CUX_T_NONE;
    for (int t = CUX_T_PRED; t < CUX_T_COUNT; t++) {
        const char *name = cux_ptx_type_name((cux_ptx_type)t);
        if (strlen(name) == len - 1u && !memcmp(name, text + 1, len - 1))
            return (cux_ptx_type)t;
    }
    return CUX_T_NONE;
}

/* ---- names --------------------------------------------------------------- */

bool cux_plookup_local(cux_parser *p, const char *name, uint32_t len,
                       uint32_t *index, bool *is_var)
{
    if (p->fn < 0)
        return false;
    for (uint32_t i = p->nested.len; i-- > 0;) {
        const cux_pentry *e = &p->nested.data[i];
        if (e->len == len && !memcmp(e->name, name, len)) {
            *index = e->index;
            *is_var = e->is_var;
            return true;
        }
    }
    uint32_t code;
    if (!cux_strmap_get(&p->names, name, len, &code))
        return false;
    *index = code >> 1;
    *is_var = code & 1;
    return true;
}

bool cux_plookup_global(cux_parser *p, const char *name, uint32_t len,
                        uint32_t *index, bool *is_func)
{
    *is_func = false;
    if (cux_strmap_get(&p->globals, name, len, index))
        return true;
    *is_func = true;
    return cux_strmap_get(&p->funcmap, name, len, index);
}

/* Declares a register or variable in the innermost open block. */
static void declare(cux_parser *p, const cux_tok *at, const char *name,
                    uint32_t index, bool is_var)
{
    uint32_t len = (uint32_t)strlen(name), old;
    if (p->open_blocks.len > 1) {
        uint32_t mark = p->nested_marks.data[p->nested_marks.len - 1];
        for (uint32_t i = mark; i < p->nested.len; i++)
            if (p->nested.data[i].len == len &&
                !memcmp(p->nested.data[i].name, name, len))
                cux_pfail(p, at, "redeclaration of '%s'", name);
        cux_pentry e = {name, len, index, is_var};
        CUX_PUSH(p->nested, e);
        return;
    }
    if (cux_strmap_get(&p->names, name, len, &old))
        cux_pfail(p, at, "redeclaration of '%s'", name);
    cux_strmap_put(&p->names, name, len, index << 1 | (is_var ? 1u : 0u));
}

static uint32_t current_block(const cux_parser *p)
{
    return p->open_blocks.data[p->open_blocks.len - 1];
}

/* ---- initializers -------------------------------------------------------- */

typedef struct init_state {
    cux_ptx_var *var;
    uint32_t esize;          /* bytes per scalar element */
    uint64_t limit;          /* element count, 0 if unsized */
    uint64_t stride[MAX_DIMS + 2]; /* elements covered by a brace at depth d */
    uint32_t depth_max;
    uint64_t cursor;         /* next element */
} init_state;

static void put_bytes(cux_parser *p, init_state *st, const cux_tok *at,
                      uint64_t bits)
{
    if (st->limit && st->cursor >= st->limit)
        cux_pfail(p, at, "too many initializers for '%s'", st->var->name);
    uint64_t end = (st->cursor + 1) * st->esize;
    if (end > MAX_INIT_BYTES)
        cux_pfail(p, at, "initializer of '%s' is too large", st->var->name);
    while (p->initbuf.len < end)
        CUX_PUSH(p->initbuf, 0);
    for (uint32_t i = 0; i < st->esize; i++)
        p->initbuf.data[st->cursor * st->esize + i] =
            (uint8_t)(i < 8 ? bits >> (8 * i) : 0);
    st->cursor++;
}

/* A number token (after an optional '-') converted to the element type. */
static uint64_t number_bits(cux_ptx_type type, const cux_tok *tok, bool neg)
{
    bool is_fp = type == CUX_T_F32 || type == CUX_T_F64;
    double value;
    if (tok->kind == CUX_TK_INT) {
        if (!is_fp)
            return neg ? (uint64_t)0 - tok->ival : tok->ival;
        value = (double)(int64_t)tok->ival;
    } else if (tok->kind == CUX_TK_F32) {
        float f;
        uint32_t bits = (uint32_t)tok->ival;
        memcpy(&f, &bits, 4);
        if (!is_fp || type == CUX_T_F32)
            return neg ? bits ^ 0x80000000u : bits;
        value = f;
    } else if (tok->kind == CUX_TK_F64) {
        if (!is_fp || type == CUX_T_F64)
            return neg ? tok->ival ^ (1ull << 63) : tok->ival;
        memcpy(&value, &tok->ival, 8);
    } else {
        value = tok->fval;
        if (!is_fp)
            return (uint64_t)(int64_t)(neg ? -value : value);
    }
    return cux_ptx_float_bits(type, neg ? -value : value);
}

static void init_symbol(cux_parser *p, init_state *st)
{
    cux_tok at = p->tok;
    bool generic = cux_pis_word(&p->tok, "generic") &&
                   cux_ppeek(p).kind == CUX_TK_PUNCT &&
                   cux_ppeek(p).text[0] == '(';
    if (generic) {
        cux_pnext(p);
        cux_pnext(p);
    }
    cux_tok name = expect_ident(p, "a symbol");
    if (generic)
        cux_pexpect(p, ')');
    uint32_t target;
    bool is_func;
    if (!cux_plookup_global(p, name.text, name.len, &target, &is_func))
        cux_pfail(p, &name, "undeclared symbol '%.*s'", (int)name.len,
                  name.text);
    int64_t addend = 0;
    if (cux_pis(p, '+')) {
        cux_pnext(p);
        addend = (int64_t)expect_int(p, INT64_MAX, "an offset");
    }
    if (st->esize != 4 && st->esize != 8)
        cux_pfail(p, &at, "an address needs a 4- or 8-byte element");
    cux_ptx_reloc r = {st->cursor * st->esize, target, is_func, generic,
                       (uint8_t)st->esize, addend};
    CUX_PUSH(p->relocs, r);
    put_bytes(p, st, &at, 0);
}

static void init_scalar(cux_parser *p, init_state *st)
{
    cux_tok at = p->tok;
    if (p->tok.kind == CUX_TK_IDENT) {
        init_symbol(p, st);
        return;
    }
    bool neg = cux_pis(p, '-');
    if (neg)
        cux_pnext(p);
    cux_tok num = p->tok;
    if (num.kind != CUX_TK_INT && num.kind != CUX_TK_F32 &&
        num.kind != CUX_TK_F64 && num.kind != CUX_TK_FLOAT)
        cux_pfail(p, &num, "expected an initializer value but found %s",
                  describe(&num));
    cux_pnext(p);
    put_bytes(p, st, &at, number_bits((cux_ptx_type)st->var->type, &num,
                                      neg));
}

static void init_braces(cux_parser *p, init_state *st, uint32_t depth)
{
    cux_tok open = p->tok;
    if (depth > st->depth_max)
        cux_pfail(p, &open, "too many braces in initializer");
    uint64_t start = st->cursor;
    cux_pnext(p);
    while (!cux_pis(p, '}')) {
        if (cux_pis(p, '{'))
            init_braces(p, st, depth + 1);
        else
            init_scalar(p, st);
        if (!cux_pis(p, ','))
            break;
        cux_pnext(p);
    }
    cux_pexpect(p, '}');
    if (depth > 0) {
        if (st->cursor - start > st->stride[depth])
            cux_pfail(p, &open, "too many initializers in braces");
        st->cursor = start + st->stride[depth];
    }
}

static void parse_initializer(cux_parser *p, cux_ptx_var *var,
                              const uint64_t *dims, uint32_t ndims)
{
    init_state st = {.var = var};
    if (var->size > MAX_INIT_BYTES)
        cux_pfail(p, &p->tok, "initializer of '%s' is too large", var->name);
    p->initbuf.len = 0;
    st.esize = cux_ptx_type_size((cux_ptx_type)var->type);
    if (!st.esize || var->type == CUX_T_PRED)
        cux_pfail(p, &p->tok, "cannot initialize a variable of this type");
    st.limit = var->unsized ? 0 : var->size / st.esize;
    st.depth_max = ndims;
    st.stride[ndims] = 1;
    for (uint32_t d = ndims; d-- > 0;)
        st.stride[d] = st.stride[d + 1] * (dims[d] ? dims[d] : 1);
    var->first_reloc = p->relocs.len;
    if (cux_pis(p, '{'))
        init_braces(p, &st, 0);
    else
        init_scalar(p, &st);
    var->n_relocs = p->relocs.len - var->first_reloc;
    if (var->unsized) {
        uint64_t row = st.stride[1] * st.esize;
        var->size = (p->initbuf.len + row - 1) / row * row;
        var->unsized = 0;
    }
    uint8_t *init = cux_arena_alloc(&p->m->arena, var->size);
    if (p->initbuf.len)
        memcpy(init, p->initbuf.data, p->initbuf.len);
    var->init = init;
}

/* ---- variables ----------------------------------------------------------- */

/* .attribute(.managed): the only variable attribute PTX defines. */
static void var_attribute_list(cux_parser *p, cux_ptx_var *var)
{
    cux_pnext(p);
    cux_pexpect(p, '(');
    for (;;) {
        if (!cux_pis_word(&p->tok, ".managed"))
            cux_pfail(p, &p->tok, "unknown variable attribute %s",
                      describe(&p->tok));
        var->managed = 1;
        cux_pnext(p);
        if (!cux_pis(p, ','))
            break;
        cux_pnext(p);
    }
    cux_pexpect(p, ')');
}

static void var_attributes(cux_parser *p, cux_ptx_var *var)
{
    while (p->tok.kind == CUX_TK_DIR) {
        cux_ptx_type type = cux_ptype_from(p->tok.text, p->tok.len);
        if (cux_pis_word(&p->tok, ".align")) {
            cux_pnext(p);
            var->align = (uint32_t)expect_int(p, 1u << 20, "an alignment");
            if (!var->align || (var->align & (var->align - 1)))
                cux_pfail(p, &p->tok, "alignment must be a power of two");
            continue;
        }
        if (cux_pis_word(&p->tok, ".attribute")) {
            var_attribute_list(p, var);
            continue;
        }
        if (cux_pis_word(&p->tok, ".texref") && !var->type) {
            var->texref = 1;
            var->type = CUX_T_B8;
            var->align = 8; /* the descriptor's 64-bit fields */
            cux_pnext(p);
            continue;
        }
        if (cux_pis_word(&p->tok, ".v2") || cux_pis_word(&p->tok, ".v4") ||
            cux_pis_word(&p->tok, ".v8"))
            var->vec = (uint8_t)(p->tok.text[2] - '0');
        else if (cux_pis_word(&p->tok, ".ptr") ||
                 (var->type && (cux_pis_word(&p->tok, ".global") ||
                                cux_pis_word(&p->tok, ".shared") ||
                                cux_pis_word(&p->tok, ".const") ||
                                cux_pis_word(&p->tok, ".local"))))
            ; /* .ptr .global: a hint for the pointee, no layout effect */
        else if (type != CUX_T_NONE && !var->type)
            var->type = type;
        else
            cux_pfail(p, &p->tok, "unknown modifier %s in declaration",
                      describe(&p->tok));
        cux_pnext(p);
    }
    if (!var->type)
        cux_pfail(p, &p->tok, "expected a type but found %s",
                  describe(&p->tok));
}

static uint32_t var_dims(cux_parser *p, cux_ptx_var *var, uint64_t *dims)
{
    uint32_t n = 0;
    while (cux_pis(p, '[')) {
        cux_tok at = p->tok;
        if (n == MAX_DIMS)
            cux_pfail(p, &at, "too many array dimensions");
        cux_pnext(p);
        if (cux_pis(p, ']') && n == 0) {
            var->unsized = 1;
            dims[n++] = 0;
        } else {
            dims[n++] = expect_int(p, UINT32_MAX, "an array size");
        }
        cux_pexpect(p, ']');
    }
    return n;
}

static void var_size(cux_parser *p, const cux_tok *at, cux_ptx_var *var,
                     uint64_t *dims, uint32_t *ndims)
{
    if (var->vec)
        dims[(*ndims)++] = var->vec;
    if (var->texref && (*ndims || var->space != CUX_SPACE_GLOBAL))
        cux_pfail(p, at, "'%s': a .texref is one .global variable",
                  var->name);
    uint64_t size = var->texref ? CUX_PTX_TEXREF_SIZE
                                : cux_ptx_type_size((cux_ptx_type)var->type);
    for (uint32_t d = var->unsized ? 1 : 0; d < *ndims; d++) {
        uint64_t n = dims[d];
        if (n && size > (UINT64_C(1) << 40) / n)
            cux_pfail(p, at, "variable '%s' is too large", var->name);
        size *= n;
    }
    var->size = var->unsized ? 0 : size;
}

/* [.align N] [.vN] .type [.ptr ...] name [dims] [= init] */
static cux_ptx_var parse_var(cux_parser *p, cux_ptx_space space,
                             cux_ptx_linkage linkage, bool allow_init)
{
    cux_ptx_var var = {.space = (uint8_t)space, .linkage = (uint8_t)linkage,
                       .func = p->fn, .line = p->tok.line};
    var_attributes(p, &var);
    cux_tok name = expect_ident(p, "a variable name");
    var.name = tok_str(p, &name);
    uint64_t dims[MAX_DIMS + 1];
    uint32_t ndims = var_dims(p, &var, dims);
    var_size(p, &name, &var, dims, &ndims);
    if (cux_pis(p, '=')) {
        if (!allow_init)
            cux_pfail(p, &p->tok, "initializer not allowed here");
        cux_pnext(p);
        parse_initializer(p, &var, dims, ndims);
    }
    return var;
}

static uint32_t push_var(cux_parser *p, const cux_ptx_var *var)
{
    CUX_PUSH(p->vars, *var);
    return p->vars.len - 1;
}

static void module_var(cux_parser *p, cux_ptx_space space,
                       cux_ptx_linkage linkage)
{
    cux_tok at = p->tok;
    cux_pnext(p);
    cux_ptx_var var = parse_var(p, space, linkage, true);
    cux_pexpect(p, ';');
    uint32_t old;
    bool is_func;
    size_t len = strlen(var.name);
    if (cux_plookup_global(p, var.name, len, &old, &is_func)) {
        if (is_func || (p->vars.data[old].linkage != CUX_LINK_EXTERN &&
                        var.linkage != CUX_LINK_EXTERN))
            cux_pfail(p, &at, "redefinition of '%s'", var.name);
        if (var.linkage != CUX_LINK_EXTERN)
            p->vars.data[old] = var;
        return;
    }
    cux_strmap_put(&p->globals, var.name, len, push_var(p, &var));
}

static void local_var(cux_parser *p, cux_ptx_space space)
{
    cux_tok at = p->tok;
    cux_pnext(p);
    cux_ptx_var var = parse_var(p, space, CUX_LINK_NONE, false);
    cux_pexpect(p, ';');
    var.block = current_block(p);
    uint32_t index = push_var(p, &var);
    CUX_PUSH(p->locals, index);
    declare(p, &at, var.name, index, true);
}

/* ---- registers ----------------------------------------------------------- */

static void add_reg(cux_parser *p, const cux_tok *at, const char *name,
                    cux_ptx_type type, uint8_t vec)
{
    if (p->regs.len >= MAX_REGS)
        cux_pfail(p, at, "too many registers in one function");
    cux_ptx_reg reg = {name, (uint8_t)type, vec, current_block(p)};
    CUX_PUSH(p->regs, reg);
    declare(p, at, name, p->regs.len - 1, false);
}

static void reg_range(cux_parser *p, const cux_tok *name, cux_ptx_type type,
                      uint8_t vec)
{
    cux_pnext(p);
    cux_tok at = p->tok;
    uint64_t count = expect_int(p, MAX_REGS, "a register count");
    if (p->regs.len + count > MAX_REGS)
        cux_pfail(p, &at, "register range too large");
    cux_pexpect(p, '>');
    for (uint64_t i = 0; i < count; i++) {
        char buf[64];
        int n = snprintf(buf, sizeof(buf), "%.*s%llu", (int)(name->len < 40 ?
                         name->len : 40), name->text, (unsigned long long)i);
        add_reg(p, name, cux_arena_strndup(&p->m->arena, buf, (size_t)n),
                type, vec);
    }
}

static void reg_decl(cux_parser *p)
{
    cux_pnext(p);
    uint8_t vec = 0;
    if (cux_pis_word(&p->tok, ".v2") || cux_pis_word(&p->tok, ".v4")) {
        vec = (uint8_t)(p->tok.text[2] - '0');
        cux_pnext(p);
    }
    cux_ptx_type type = cux_ptype_from(p->tok.text, p->tok.len);
    if (p->tok.kind != CUX_TK_DIR || type == CUX_T_NONE)
        cux_pfail(p, &p->tok, "expected a register type but found %s",
                  describe(&p->tok));
    cux_pnext(p);
    for (;;) {
        cux_tok name = expect_ident(p, "a register name");
        if (cux_pis(p, '<'))
            reg_range(p, &name, type, vec);
        else
            add_reg(p, &name, tok_str(p, &name), type, vec);
        if (!cux_pis(p, ','))
            break;
        cux_pnext(p);
    }
    cux_pexpect(p, ';');
}

/* ---- function signatures ------------------------------------------------- */

/* ( .param ... name, ... ) appended to p->sig; returns how many. */
static uint32_t param_list(cux_parser *p)
{
    uint32_t count = 0;
    cux_pexpect(p, '(');
    while (!cux_pis(p, ')')) {
        if (!cux_pis_word(&p->tok, ".param"))
            cux_pfail(p, &p->tok, "expected '.param' but found %s",
                      describe(&p->tok));
        cux_pnext(p);
        cux_ptx_var var = parse_var(p, CUX_SPACE_PARAM, CUX_LINK_NONE, false);
        CUX_PUSH(p->sig, var);
        count++;
        if (!cux_pis(p, ','))
            break;
        cux_pnext(p);
    }
    cux_pexpect(p, ')');
    return count;
}

static uint32_t *sig_vars(cux_parser *p, uint32_t func, uint32_t from,
                          uint32_t count, uint32_t *existing)
{
    uint32_t *out = cux_arena_alloc(&p->m->arena, (count + 1) * 4u);
    for (uint32_t i = 0; i < count; i++) {
        cux_ptx_var var = p->sig.data[from + i];
        var.func = (int32_t)func;
        if (existing) {
            p->vars.data[existing[i]] = var;
            out[i] = existing[i];
        } else {
            out[i] = push_var(p, &var);
        }
    }
    return out;
}

/* Creates the function, or matches an earlier declaration of it. */
static uint32_t define_func(cux_parser *p, const cux_tok *name, bool entry,
                            uint32_t n_rets, uint32_t n_params)
{
    uint32_t index;
    bool is_func;
    if (!cux_plookup_global(p, name->text, name->len, &index, &is_func)) {
        cux_ptx_func f = {.name = tok_str(p, name), .is_entry = entry,
                          .line = name->line};
        CUX_PUSH(p->funcs, f);
        index = p->funcs.len - 1;
        cux_strmap_put(&p->funcmap, f.name, name->len, index);
        cux_ptx_func *nf = &p->funcs.data[index];
        nf->rets = sig_vars(p, index, 0, n_rets, NULL);
        nf->params = sig_vars(p, index, n_rets, n_params, NULL);
        nf->n_rets = n_rets;
        nf->n_params = n_params;
        return index;
    }
    cux_ptx_func *f = &p->funcs.data[index];
    if (!is_func || f->has_body || f->is_entry != entry ||
        f->n_rets != n_rets || f->n_params != n_params)
        cux_pfail(p, name, "conflicting redeclaration of '%.*s'",
                  (int)name->len, name->text);
    sig_vars(p, index, 0, n_rets, f->rets);
    sig_vars(p, index, n_rets, n_params, f->params);
    return index;
}

static void dim_list(cux_parser *p, uint32_t *out)
{
    cux_pnext(p);
    for (int i = 0; i < 3; i++) {
        out[i] = (uint32_t)expect_int(p, UINT32_MAX, "a thread count");
        if (!cux_pis(p, ',') || i == 2)
            break;
        cux_pnext(p);
    }
}

static void skip_pragma(cux_parser *p)
{
    cux_pnext(p);
    for (;;) {
        if (p->tok.kind != CUX_TK_STRING)
            cux_pfail(p, &p->tok, "expected a string after .pragma");
        cux_pnext(p);
        if (!cux_pis(p, ','))
            break;
        cux_pnext(p);
    }
    cux_pexpect(p, ';');
}

/* Performance directives between the signature and the body. */
static void func_attributes(cux_parser *p, cux_ptx_func *f)
{
    while (p->tok.kind == CUX_TK_DIR) {
        if (cux_pis_word(&p->tok, ".maxntid")) {
            dim_list(p, f->maxntid);
        } else if (cux_pis_word(&p->tok, ".reqntid")) {
            dim_list(p, f->reqntid);
        } else if (cux_pis_word(&p->tok, ".minnctapersm")) {
            cux_pnext(p);
            f->minnctapersm = (uint32_t)expect_int(p, UINT32_MAX, "a count");
        } else if (cux_pis_word(&p->tok, ".maxnreg")) {
            cux_pnext(p);
            f->maxnreg = (uint32_t)expect_int(p, UINT32_MAX, "a count");
        } else if (cux_pis_word(&p->tok, ".noreturn")) {
            f->noreturn = 1;
            cux_pnext(p);
        } else if (cux_pis_word(&p->tok, ".pragma")) {
            skip_pragma(p);
        } else {
            cux_pfail(p, &p->tok, "unknown directive %s in function header",
                      describe(&p->tok));
        }
    }
}

/* ---- function bodies ----------------------------------------------------- */

static void parse_loc(cux_parser *p)
{
    cux_pnext(p);
    uint32_t file = (uint32_t)expect_int(p, UINT32_MAX, "a file number");
    uint32_t line = (uint32_t)expect_int(p, UINT32_MAX, "a line number");
    expect_int(p, UINT32_MAX, "a column number");
    while (cux_pis(p, ',')) {
        cux_pnext(p);
        if (cux_pis_word(&p->tok, "function_name")) {
            cux_pnext(p);
            expect_ident(p, "a function name label");
            if (cux_pis(p, '+')) {
                cux_pnext(p);
                expect_int(p, UINT64_MAX, "an offset");
            }
        } else if (cux_pis_word(&p->tok, "inlined_at")) {
            cux_pnext(p);
            for (int i = 0; i < 3; i++)
                expect_int(p, UINT64_MAX, "an inlined_at position");
        } else {
            cux_pfail(p, &p->tok, "unknown .loc attribute %s",
                      describe(&p->tok));
        }
    }
    p->loc_file = file;
    p->loc_line = line;
}

static void open_block(cux_parser *p)
{
    cux_ptx_block b = {current_block(p), p->insns.len, 0};
    CUX_PUSH(p->blocks, b);
    CUX_PUSH(p->open_blocks, p->blocks.len - 1);
    CUX_PUSH(p->nested_marks, p->nested.len);
    CUX_PUSH(p->label_marks, p->scoped_labels.len);
    cux_pnext(p);
}

static void close_block(cux_parser *p)
{
    p->blocks.data[current_block(p)].end = p->insns.len;
    p->open_blocks.len--;
    p->nested.len = p->nested_marks.data[--p->nested_marks.len];
    uint32_t mark = p->label_marks.data[--p->label_marks.len];
    for (uint32_t i = mark; i < p->scoped_labels.len; i++)
        p->label_info.data[p->scoped_labels.data[i]].hidden = true;
    p->scoped_labels.len = mark;
    cux_pnext(p);
}

/* The tokens of ".callprototype ... ;" joined by single spaces, so the
 * printer can write the prototype back and reparse it to the same text.
 * The tokens are gathered first: cux_pnext may abandon the parse. */
static const char *prototype_text(cux_parser *p)
{
    p->toks.len = 0;
    size_t len = 0;
    while (!cux_pis(p, ';')) {
        if (p->tok.kind == CUX_TK_EOF)
            cux_pfail(p, &p->tok, "unterminated .callprototype");
        CUX_PUSH(p->toks, p->tok);
        len += p->tok.len + 1;
        cux_pnext(p);
    }
    cux_pnext(p);
    char *text = cux_arena_alloc(&p->m->arena, len + 1), *at = text;
    for (uint32_t i = 0; i < p->toks.len; i++) {
        if (i)
            *at++ = ' ';
        memcpy(at, p->toks.data[i].text, p->toks.data[i].len);
        at += p->toks.data[i].len;
    }
    *at = '\0';
    return text;
}

static void define_label(cux_parser *p)
{
    cux_tok name = p->tok;
    uint32_t index = cux_plabel_ref(p, &name);
    if (p->label_info.data[index].defined)
        cux_pfail(p, &name, "duplicate label '%.*s'", (int)name.len,
                  name.text);
    p->label_info.data[index].defined = true;
    p->labels.data[index].insn = p->insns.len;
    p->labels.data[index].block = current_block(p);
    if (current_block(p))
        CUX_PUSH(p->scoped_labels, index);
    cux_pnext(p);
    cux_pnext(p); /* ':' */
    if (cux_pis_word(&p->tok, ".callprototype"))
        p->labels.data[index].proto = prototype_text(p);
}

static bool body_directive(cux_parser *p)
{
    if (cux_pis_word(&p->tok, ".reg"))
        reg_decl(p);
    else if (cux_pis_word(&p->tok, ".local"))
        local_var(p, CUX_SPACE_LOCAL);
    else if (cux_pis_word(&p->tok, ".shared"))
        local_var(p, CUX_SPACE_SHARED);
    else if (cux_pis_word(&p->tok, ".param"))
        local_var(p, CUX_SPACE_PARAM);
    else if (cux_pis_word(&p->tok, ".loc"))
        parse_loc(p);
    else if (cux_pis_word(&p->tok, ".pragma"))
        skip_pragma(p);
    else
        return false;
    return true;
}

static void body_statement(cux_parser *p)
{
    if (cux_pis(p, '{')) {
        open_block(p);
    } else if (p->tok.kind == CUX_TK_DIR) {
        if (!body_directive(p))
            cux_pfail(p, &p->tok, "unknown directive %s in function body",
                      describe(&p->tok));
    } else if (p->tok.kind == CUX_TK_IDENT) {
        cux_tok next = cux_ppeek(p);
        if (next.kind == CUX_TK_PUNCT && next.text[0] == ':')
            define_label(p);
        else
            cux_pinsn(p);
    } else if (cux_pis(p, '@')) {
        cux_pinsn(p);
    } else {
        cux_pfail(p, &p->tok, "expected an instruction but found %s",
                  describe(&p->tok));
    }
}

static void reset_body(cux_parser *p, uint32_t func)
{
    p->fn = (int32_t)func;
    p->regs.len = p->insns.len = p->operands.len = 0;
    p->labels.len = p->label_info.len = p->locals.len = 0;
    p->blocks.len = p->open_blocks.len = 0;
    p->nested.len = p->nested_marks.len = 0;
    p->scoped_labels.len = p->label_marks.len = 0;
    p->loc_file = p->loc_line = 0;
    cux_strmap_free(&p->names);
    cux_strmap_free(&p->labelmap);
    cux_ptx_block body = {0, 0, 0};
    CUX_PUSH(p->blocks, body);
    CUX_PUSH(p->open_blocks, 0);
    const cux_ptx_func *f = &p->funcs.data[func];
    for (uint32_t i = 0; i < f->n_rets + f->n_params; i++) {
        uint32_t v = i < f->n_rets ? f->rets[i] : f->params[i - f->n_rets];
        const char *name = p->vars.data[v].name;
        cux_strmap_put(&p->names, name, strlen(name), v << 1 | 1);
    }
}

#define COMMIT(dst, n, arr)                                                 \
    do {                                                                    \
        size_t bytes_ = (size_t)(arr).len * sizeof(*(arr).data);            \
        (dst) = cux_arena_alloc(&p->m->arena, bytes_ ? bytes_ : 1);         \
        if (bytes_)                                                         \
            memcpy((dst), (arr).data, bytes_);                              \
        (n) = (arr).len;                                                    \
    } while (0)

static void finish_body(cux_parser *p, cux_ptx_func *f)
{
    for (uint32_t i = 0; i < p->labels.len; i++) {
        const cux_plabel *info = &p->label_info.data[i];
        if (!info->defined) {
            cux_tok at = {.line = info->line, .column = info->column};
            cux_pfail(p, &at, "undefined label '%s'", p->labels.data[i].name);
        }
    }
    p->blocks.data[0].end = p->insns.len;
    COMMIT(f->regs, f->n_regs, p->regs);
    COMMIT(f->insns, f->n_insns, p->insns);
    COMMIT(f->operands, f->n_operands, p->operands);
    COMMIT(f->labels, f->n_labels, p->labels);
    COMMIT(f->locals, f->n_locals, p->locals);
    COMMIT(f->blocks, f->n_blocks, p->blocks);
    f->has_body = 1;
    p->fn = -1;
}

static void parse_body(cux_parser *p, uint32_t func)
{
    reset_body(p, func);
    cux_pnext(p); /* '{' */
    for (;;) {
        if (p->tok.kind == CUX_TK_EOF)
            cux_pfail(p, &p->tok, "unexpected end of file in the body of "
                      "'%s' (missing '}')", p->funcs.data[func].name);
        if (cux_pis(p, '}')) {
            if (p->open_blocks.len == 1)
                break;
            close_block(p);
            continue;
        }
        body_statement(p);
    }
    finish_body(p, &p->funcs.data[func]);
    cux_pnext(p);
}

static void parse_function(cux_parser *p, cux_ptx_linkage linkage)
{
    bool entry = cux_pis_word(&p->tok, ".entry");
    cux_pnext(p);
    p->sig.len = 0;
    uint32_t n_rets = 0, n_params = 0;
    if (!entry && cux_pis(p, '('))
        n_rets = param_list(p);
    cux_tok name = expect_ident(p, "a function name");
    if (cux_pis(p, '('))
        n_params = param_list(p);
    uint32_t index = define_func(p, &name, entry, n_rets, n_params);
    cux_ptx_func *f = &p->funcs.data[index];
    f->linkage = (uint8_t)linkage;
    func_attributes(p, f);
    if (cux_pis(p, ';')) {
        cux_pnext(p);
        return;
    }
    if (!cux_pis(p, '{'))
        cux_pfail(p, &p->tok, "expected '{' or ';' after the signature of "
                  "'%s' but found %s", f->name, describe(&p->tok));
    if (linkage == CUX_LINK_EXTERN)
        cux_pfail(p, &p->tok, "an .extern function cannot have a body");
    parse_body(p, index);
}

/* ---- module directives --------------------------------------------------- */

static void parse_version(cux_parser *p)
{
    cux_pnext(p);
    unsigned major, minor;
    char tail;
    char buf[32] = "";
    if (p->tok.kind == CUX_TK_FLOAT && p->tok.len < sizeof(buf))
        memcpy(buf, p->tok.text, p->tok.len);
    if (sscanf(buf, "%u.%u%c", &major, &minor, &tail) != 2)
        cux_pfail(p, &p->tok, "expected a version number like 7.8 but "
                  "found %s", describe(&p->tok));
    p->m->version_major = major;
    p->m->version_minor = minor;
    cux_pnext(p);
}

static void parse_target(cux_parser *p)
{
    cux_pnext(p);
    cux_tok name = expect_ident(p, "a target name");
    p->m->target = tok_str(p, &name);
    while (cux_pis(p, ',')) {
        cux_pnext(p);
        expect_ident(p, "a target option");
    }
}

static void parse_file(cux_parser *p)
{
    cux_pnext(p);
    cux_ptx_file file;
    file.index = (uint32_t)expect_int(p, UINT32_MAX, "a file number");
    if (p->tok.kind != CUX_TK_STRING)
        cux_pfail(p, &p->tok, "expected a file name string but found %s",
                  describe(&p->tok));
    file.name = cux_arena_strndup(&p->m->arena, p->tok.text + 1,
                                  p->tok.len - 2);
    cux_pnext(p);
    for (int i = 0; i < 2 && cux_pis(p, ','); i++) {
        cux_pnext(p);
        expect_int(p, UINT64_MAX, "a file timestamp or size");
    }
    CUX_PUSH(p->files, file);
}

/* Debug sections are DWARF bytes for a debugger: no semantics for cux. */
static void skip_section(cux_parser *p)
{
    cux_pnext(p);
    if (p->tok.kind != CUX_TK_DIR)
        cux_pfail(p, &p->tok, "expected a section name but found %s",
                  describe(&p->tok));
    cux_pnext(p);
    cux_tok open = p->tok;
    cux_pexpect(p, '{');
    for (uint32_t depth = 1; depth;) {
        if (p->tok.kind == CUX_TK_EOF)
            cux_pfail(p, &open, "unterminated .section");
        if (cux_pis(p, '{'))
            depth++;
        else if (cux_pis(p, '}'))
            depth--;
        cux_pnext(p);
    }
}

static cux_ptx_linkage linkage_of(const cux_tok *tok)
{
    if (cux_pis_word(tok, ".visible")) return CUX_LINK_VISIBLE;
    if (cux_pis_word(tok, ".extern")) return CUX_LINK_EXTERN;
    if (cux_pis_word(tok, ".weak")) return CUX_LINK_WEAK;
    if (cux_pis_word(tok, ".common")) return CUX_LINK_COMMON;
    return CUX_LINK_NONE;
}

static cux_ptx_space module_space(const cux_tok *tok)
{
    if (cux_pis_word(tok, ".global")) return CUX_SPACE_GLOBAL;
    if (cux_pis_word(tok, ".const")) return CUX_SPACE_CONST;
    if (cux_pis_word(tok, ".shared")) return CUX_SPACE_SHARED;
    if (cux_pis_word(tok, ".local")) return CUX_SPACE_LOCAL;
    return CUX_SPACE_GENERIC;
}

/* [linkage] (.entry | .func | .global ...) */
static void parse_declaration(cux_parser *p)
{
    cux_ptx_linkage linkage = linkage_of(&p->tok);
    if (linkage != CUX_LINK_NONE)
        cux_pnext(p);
    cux_ptx_space space = module_space(&p->tok);
    if (cux_pis_word(&p->tok, ".entry") || cux_pis_word(&p->tok, ".func"))
        parse_function(p, linkage);
    else if (space != CUX_SPACE_GENERIC)
        module_var(p, space, linkage);
    else
        cux_pfail(p, &p->tok, "unknown directive %s", describe(&p->tok));
}

static void parse_toplevel(cux_parser *p)
{
    while (p->tok.kind != CUX_TK_EOF) {
        if (p->tok.kind != CUX_TK_DIR)
            cux_pfail(p, &p->tok, "expected a directive but found %s",
                      describe(&p->tok));
        if (cux_pis_word(&p->tok, ".version"))
            parse_version(p);
        else if (cux_pis_word(&p->tok, ".target"))
            parse_target(p);
        else if (cux_pis_word(&p->tok, ".address_size")) {
            cux_pnext(p);
            p->m->address_size = (uint32_t)expect_int(p, 64, "an address size");
        } else if (cux_pis_word(&p->tok, ".file"))
            parse_file(p);
        else if (cux_pis_word(&p->tok, ".loc"))
            parse_loc(p);
        else if (cux_pis_word(&p->tok, ".section"))
            skip_section(p);
        else if (cux_pis_word(&p->tok, ".pragma"))
            skip_pragma(p);
        else
            parse_declaration(p);
    }
}

/* ---- entry points -------------------------------------------------------- */

static void free_parser(cux_parser *p)
{
    free(p->funcs.data);
    free(p->vars.data);
    free(p->relocs.data);
    free(p->files.data);
    cux_strmap_free(&p->globals);
    cux_strmap_free(&p->funcmap);
    free(p->regs.data);
    free(p->insns.data);
    free(p->operands.data);
    free(p->labels.data);
    free(p->label_info.data);
    free(p->locals.data);
    free(p->blocks.data);
    free(p->open_blocks.data);
    free(p->nested.data);
    free(p->nested_marks.data);
    cux_strmap_free(&p->names);
    cux_strmap_free(&p->labelmap);
    free(p->tops.data);
    free(p->elems.data);
    free(p->initbuf.data);
    free(p->sig.data);
    free(p->toks.data);
    free(p->scoped_labels.data);
    free(p->label_marks.data);
}

static void finish_module(cux_parser *p)
{
    COMMIT(p->m->funcs, p->m->n_funcs, p->funcs);
    COMMIT(p->m->vars, p->m->n_vars, p->vars);
    COMMIT(p->m->relocs, p->m->n_relocs, p->relocs);
    COMMIT(p->m->files, p->m->n_files, p->files);
    if (!p->m->target)
        p->m->target = "";
}

cux_ptx_module *cux_ptx_parse(const char *text, size_t len, const char *origin,
                              cux_diag *diag)
{
    cux_ptx_module *m = cux_xcalloc(1, sizeof(*m));
    m->origin = cux_arena_strdup(&m->arena, origin ? origin : "<ptx>");
    cux_parser *p = cux_xcalloc(1, sizeof(*p));
    p->m = m;
    p->diag = diag;
    p->fn = -1;
    cux_lex_init(&p->lx, text ? text : "", text ? len : 0, m->origin, diag);
    if (setjmp(p->fail)) {
        free_parser(p);
        free(p);
        cux_ptx_module_free(m);
        return NULL;
    }
    cux_pnext(p);
    if (p->tok.kind == CUX_TK_EOF)
        cux_pfail(p, &p->tok, "empty PTX module");
    parse_toplevel(p);
    finish_module(p);
    free_parser(p);
    free(p);
    return m;
}

void cux_ptx_module_free(cux_ptx_module *module)
{
    if (!module)
        return;
    cux_arena_free(&module->arena);
    free(module);
}

int32_t cux_ptx_find_func(const cux_ptx_module *module, const char *name)
{
    for (uint32_t i = 0; i < module->n_funcs; i++)
        if (!strcmp(module->funcs[i].name, name))
            return (int32_t)i;
    return -1;
}

int32_t cux_ptx_find_var(const cux_ptx_module *module, const char *name)
{
    for (uint32_t i = 0; i < module->n_vars; i++)
        if (module->vars[i].func < 0 && !strcmp(module->vars[i].name, name))
            return (int32_t)i;
    return -1;
}
