/* link.c: relocatable PTX modules (-rdc=true) linked into one module.
 * Works on the token stream, not the IR: each input is cut into its
 * module-scope items (header, .file, debug section, declaration), the
 * symbol table decides which definition of each external name is kept,
 * and the kept items are written out again, token by token with the
 * text between tokens unchanged, renaming what has to be renamed.  The
 * parser then reads the result as any module, so a linked program runs
 * through exactly the path a whole-program one does.
 *
 * Rules, as nvlink applies them to cubins: an .extern declaration
 * resolves against another input's .visible or .weak definition; two
 * .visible definitions of a name are an error; of several .weak ones the
 * first is kept (a .visible one wins over them); a function declared
 * .extern that no input defines must be one the device provides
 * (libdevice's __nv_*, vprintf, malloc, ...), anything else is an
 * undefined symbol.  Symbols without linkage are the input's own
 * (internal functions, string constants), and so are those whose C++
 * name says internal linkage (_ZL..., anonymous namespaces), which clang
 * makes .visible so that host code can register them by name: where
 * another input uses the same name they get a suffix, so the statics of
 * two files stay two.  The file numbers of .file and .loc are shifted so that
 * line information keeps pointing at each input's own sources. */
#include "lex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ITEM_HEADER, ITEM_FILE, ITEM_SECTION, ITEM_OTHER, ITEM_SYMBOL };

typedef struct item {
    uint32_t first, end; /* its tokens: [first, end) */
    uint32_t name;       /* symbol: the token naming it */
    uint32_t body;       /* symbol: its '{' or '=' token, else its ';' */
    uint8_t kind;
    uint8_t linkage;     /* cux_ptx_linkage */
    bool is_func, defines, shared;
} item;

typedef struct unit {
    CUX_ARRAY(cux_tok) toks;
    CUX_ARRAY(item) items;
    cux_strmap renames;  /* name -> index into out->renames */
    uint32_t max_file;   /* highest .file number it uses */
    uint32_t file_base;  /* added to its .file and .loc numbers */
    int32_t root;        /* the first input identical to it (or itself) */
    bool lazy, linked;
} unit;

typedef struct def {
    uint32_t unit, item;
    bool strong;
} def;

typedef struct linker {
    const cux_ptx_link_input *in;
    uint32_t n;
    unit *units;
    cux_ptx_link *out;
    cux_diag *diag;
    CUX_ARRAY(def) defs;
    cux_strmap def_of;  /* external name -> index into defs */
    cux_strmap emitted; /* names already declared in the output */
} linker;

static bool fail(linker *L, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool fail(linker *L, const char *fmt, ...)
{
    if (L->diag && L->diag->count++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(L->diag->message, sizeof L->diag->message, fmt, ap);
        va_end(ap);
    }
    return false;
}

static bool is_word(const cux_tok *t, const char *word)
{
    return t->len == strlen(word) && !memcmp(t->text, word, t->len);
}

static bool is_punct(const cux_tok *t, char c)
{
    return t->kind == CUX_TK_PUNCT && t->text[0] == c;
}

static char *tok_name(linker *L, const cux_tok *t)
{
    return cux_arena_strndup(&L->out->arena, t->text, t->len);
}

/* ---- cutting an input into items ---------------------------------------- */

static bool tokenize(linker *L, uint32_t u)
{
    cux_lexer lx;
    cux_lex_init(&lx, L->in[u].text, L->in[u].len, L->in[u].origin, L->diag);
    for (;;) {
        cux_tok t = cux_lex_next(&lx);
        if (t.kind == CUX_TK_ERROR)
            return false;
        if (t.kind == CUX_TK_EOF)
            return true;
        CUX_PUSH(L->units[u].toks, t);
    }
}

static uint8_t linkage_of(const cux_tok *t)
{
    if (is_word(t, ".visible")) return CUX_LINK_VISIBLE;
    if (is_word(t, ".extern")) return CUX_LINK_EXTERN;
    if (is_word(t, ".weak")) return CUX_LINK_WEAK;
    if (is_word(t, ".common")) return CUX_LINK_COMMON;
    return CUX_LINK_NONE;
}

/* Itanium names of internal linkage: static, or in an anonymous
 * namespace. */
static bool internal_name(const cux_tok *t)
{
    static const char anon[] = "_GLOBAL__N_";
    if (t->len > 3 && !memcmp(t->text, "_ZL", 3))
        return true;
    for (uint32_t i = 0; i + sizeof anon - 1 <= t->len; i++)
        if (!memcmp(t->text + i, anon, sizeof anon - 1))
            return true;
    return false;
}

/* A declaration from it->first: finds its name, body and end. */
static void declaration(item *it, const cux_tok *t, uint32_t n)
{
    uint32_t i = it->first;
    it->linkage = linkage_of(&t[i]);
    if (it->linkage != CUX_LINK_NONE && i + 1 < n)
        i++;
    it->is_func = is_word(&t[i], ".entry") || is_word(&t[i], ".func");
    it->shared = is_word(&t[i], ".shared");
    it->kind = it->is_func || is_word(&t[i], ".global") ||
               is_word(&t[i], ".const") || it->shared ||
               is_word(&t[i], ".local") ? ITEM_SYMBOL : ITEM_OTHER;
    it->name = it->body = UINT32_MAX;
    int parens = 0, braces = 0;
    for (; i < n; i++) {
        if (is_punct(&t[i], '(')) parens++;
        else if (is_punct(&t[i], ')')) parens--;
        else if (is_punct(&t[i], '{') && braces++ == 0 && it->is_func)
            it->body = i;
        else if (is_punct(&t[i], '}') && --braces == 0 && it->is_func)
            break;
        else if (t[i].kind == CUX_TK_IDENT && !parens && !braces &&
                 it->name == UINT32_MAX)
            it->name = i;
        else if (is_punct(&t[i], '=') && !braces && it->body == UINT32_MAX)
            it->body = i;
        else if (is_punct(&t[i], ';') && !braces)
            break;
    }
    it->end = i < n ? i + 1 : n;
    if (it->body == UINT32_MAX)
        it->body = it->end - 1;
    it->defines = it->linkage != CUX_LINK_EXTERN &&
                  (!it->is_func || is_punct(&t[it->body], '{'));
    if (it->name == UINT32_MAX)
        it->kind = ITEM_OTHER;
    else if (it->defines && internal_name(&t[it->name]))
        it->linkage = CUX_LINK_NONE;
}

/* .section NAME { ... }: ends after its closing brace. */
static uint32_t section_end(const cux_tok *t, uint32_t i, uint32_t n)
{
    int depth = 0;
    for (i += 2; i < n; i++) {
        if (is_punct(&t[i], '{'))
            depth++;
        else if (is_punct(&t[i], '}') && --depth <= 0)
            return i + 1;
    }
    return n;
}

/* Directives followed by a comma-separated list: .target, .file. */
static uint32_t list_end(const cux_tok *t, uint32_t i, uint32_t n,
                         uint32_t head)
{
    i += head;
    while (i + 1 < n && is_punct(&t[i], ','))
        i += 2;
    return i < n ? i : n;
}

static bool split(linker *L, uint32_t u)
{
    unit *un = &L->units[u];
    const cux_tok *t = un->toks.data;
    uint32_t n = un->toks.len;
    for (uint32_t i = 0; i < n;) {
        item it = {.first = i, .kind = ITEM_HEADER};
        if (t[i].kind != CUX_TK_DIR)
            return fail(L, "%s: unexpected '%.*s' at line %u of its PTX",
                        L->in[u].origin, (int)t[i].len, t[i].text,
                        t[i].line);
        if (is_word(&t[i], ".version") || is_word(&t[i], ".address_size")) {
            it.end = i + 2 < n ? i + 2 : n;
        } else if (is_word(&t[i], ".target")) {
            it.end = list_end(t, i, n, 2);
        } else if (is_word(&t[i], ".file")) {
            it.kind = ITEM_FILE;
            it.end = list_end(t, i, n, 3);
            if (i + 1 < n && t[i + 1].ival > un->max_file)
                un->max_file = (uint32_t)t[i + 1].ival;
        } else if (is_word(&t[i], ".section")) {
            it.kind = ITEM_SECTION;
            it.end = section_end(t, i, n);
        } else if (is_word(&t[i], ".loc")) {
            it.kind = ITEM_OTHER;
            it.end = i + 4 < n ? i + 4 : n;
        } else {
            declaration(&it, t, n);
        }
        CUX_PUSH(un->items, it);
        i = it.end;
    }
    return true;
}

/* ---- which inputs, which definitions ------------------------------------ */

/* Functions a device provides rather than a module: CUDA's device
 * runtime (vprintf, malloc, free, __assertfail, cuda*), libdevice
 * (__nv_*), and C++'s operators new and delete and ABI helpers. */
static bool device_provides(const char *name)
{
    static const char *const exact[] = {"vprintf", "malloc", "free",
                                        "__assertfail"};
    static const char *const prefix[] = {"__nv_", "__cxa_", "cuda",
                                         "__cuda", "_Znwm", "_Znam",
                                         "_ZdlPv", "_ZdaPv"};
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (!strcmp(name, exact[i]))
            return true;
    for (size_t i = 0; i < sizeof prefix / sizeof prefix[0]; i++)
        if (!strncmp(name, prefix[i], strlen(prefix[i])))
            return true;
    return false;
}

static const cux_tok *name_tok(const linker *L, uint32_t u, const item *it)
{
    return &L->units[u].toks.data[it->name];
}

static bool defined_in(const linker *L, const cux_strmap *map,
                       uint32_t u, const item *it)
{
    uint32_t v;
    const cux_tok *t = name_tok(L, u, it);
    return cux_strmap_get(map, t->text, t->len, &v);
}

static bool external_def(const item *it)
{
    return it->kind == ITEM_SYMBOL && it->defines &&
           it->linkage != CUX_LINK_NONE;
}

static bool external_use(const item *it)
{
    return it->kind == ITEM_SYMBOL && it->linkage == CUX_LINK_EXTERN &&
           !it->shared;
}

/* Identical inputs (a library member registered by the program and by
 * the device link of its library) are one input. */
static void find_copies(linker *L)
{
    for (uint32_t j = 0; j < L->n; j++) {
        unit *uj = &L->units[j];
        uj->root = (int32_t)j;
        for (uint32_t i = 0; i < j; i++) {
            const cux_ptx_link_input *a = &L->in[i], *b = &L->in[j];
            if (a->len == b->len && !memcmp(a->text, b->text, a->len) &&
                !strcmp(a->origin, b->origin)) {
                uj->root = L->units[i].root;
                break;
            }
        }
        unit *root = &L->units[uj->root];
        root->lazy = (j == (uint32_t)uj->root || root->lazy) && L->in[j].lazy;
    }
}

/* Names that linked inputs define (into def_of) and need (into need). */
static void collect(linker *L, cux_strmap *need)
{
    cux_strmap_free(&L->def_of);
    L->defs.len = 0;
    for (uint32_t u = 0; u < L->n; u++) {
        if (!L->units[u].linked)
            continue;
        for (uint32_t k = 0; k < L->units[u].items.len; k++) {
            item *it = &L->units[u].items.data[k];
            const cux_tok *t = name_tok(L, u, it);
            if (external_def(it) && !defined_in(L, &L->def_of, u, it)) {
                CUX_PUSH(L->defs, ((def){u, k, false}));
                cux_strmap_put(&L->def_of, t->text, t->len,
                               L->defs.len - 1);
            } else if (external_use(it) && need) {
                cux_strmap_put(need, t->text, t->len, u);
            }
        }
    }
}

/* A lazy input joins when it defines something a linked one needs. */
static bool pull_lazy(linker *L)
{
    cux_strmap need = {0};
    collect(L, &need);
    bool pulled = false;
    for (uint32_t u = 0; u < L->n; u++) {
        unit *un = &L->units[u];
        if (un->linked || un->root != (int32_t)u)
            continue;
        for (uint32_t k = 0; k < un->items.len && !un->linked; k++) {
            item *it = &un->items.data[k];
            un->linked = external_def(it) && defined_in(L, &need, u, it) &&
                         !defined_in(L, &L->def_of, u, it);
        }
        pulled |= un->linked;
    }
    cux_strmap_free(&need);
    return pulled;
}

/* The kept definition of each external name: the .visible one, or the
 * first .weak one. */
static bool choose_defs(linker *L)
{
    collect(L, NULL);
    for (uint32_t u = 0; u < L->n; u++) {
        if (!L->units[u].linked)
            continue;
        for (uint32_t k = 0; k < L->units[u].items.len; k++) {
            item *it = &L->units[u].items.data[k];
            if (!external_def(it))
                continue;
            const cux_tok *t = name_tok(L, u, it);
            uint32_t d;
            cux_strmap_get(&L->def_of, t->text, t->len, &d);
            def *kept = &L->defs.data[d];
            bool strong = it->linkage == CUX_LINK_VISIBLE;
            if (kept->unit == u && kept->item == k) {
                kept->strong = strong;
            } else if (strong && kept->strong) {
                return fail(L, "device symbol '%.*s' is defined twice: in "
                            "%s and in %s", (int)t->len, t->text,
                            L->in[kept->unit].origin, L->in[u].origin);
            } else if (strong) {
                *kept = (def){u, k, true};
            }
        }
    }
    return true;
}

static bool check_undefined(linker *L)
{
    for (uint32_t u = 0; u < L->n; u++) {
        if (!L->units[u].linked)
            continue;
        for (uint32_t k = 0; k < L->units[u].items.len; k++) {
            item *it = &L->units[u].items.data[k];
            if (!external_use(it) || defined_in(L, &L->def_of, u, it))
                continue;
            char *name = tok_name(L, name_tok(L, u, it));
            if (it->is_func && device_provides(name))
                continue;
            return fail(L, "undefined device symbol '%s' (used in %s and "
                        "defined in no file linked with it)", name,
                        L->in[u].origin);
        }
    }
    return true;
}

/* ---- renaming ----------------------------------------------------------- */

/* Each internal symbol whose name another linked input also declares. */
static void plan_renames(linker *L)
{
    cux_strmap first = {0}; /* name -> first unit declaring it, + 1 */
    cux_strmap clash = {0}; /* names declared by two units */
    for (uint32_t u = 0; u < L->n; u++) {
        if (!L->units[u].linked)
            continue;
        for (uint32_t k = 0; k < L->units[u].items.len; k++) {
            item *it = &L->units[u].items.data[k];
            if (it->kind != ITEM_SYMBOL)
                continue;
            const cux_tok *t = name_tok(L, u, it);
            uint32_t v;
            if (!cux_strmap_get(&first, t->text, t->len, &v))
                cux_strmap_put(&first, t->text, t->len, u + 1);
            else if (v != u + 1)
                cux_strmap_put(&clash, t->text, t->len, 1);
        }
    }
    for (uint32_t u = 0; u < L->n; u++) {
        unit *un = &L->units[u];
        for (uint32_t k = 0; un->linked && k < un->items.len; k++) {
            item *it = &un->items.data[k];
            if (it->kind != ITEM_SYMBOL || it->linkage != CUX_LINK_NONE ||
                !defined_in(L, &clash, u, it))
                continue;
            const cux_tok *t = name_tok(L, u, it);
            cux_ptx_rename r = {u, tok_name(L, t), NULL};
            r.to = cux_arena_printf(&L->out->arena, "%s_$cux%u", r.from, u);
            CUX_PUSH(L->out->renames, r);
            cux_strmap_put(&un->renames, t->text, t->len,
                           L->out->renames.len - 1);
        }
    }
    cux_strmap_free(&first);
    cux_strmap_free(&clash);
}

/* ---- writing the linked module ------------------------------------------ */

static void put_tok(linker *L, unit *un, uint32_t i, bool *shift_next)
{
    const cux_tok *t = &un->toks.data[i];
    cux_strbuf *out = &L->out->text;
    uint32_t r;
    if (*shift_next && t->kind == CUX_TK_INT) {
        cux_strbuf_printf(out, "%llu",
                          (unsigned long long)(t->ival + un->file_base));
    } else if (t->kind == CUX_TK_IDENT &&
               cux_strmap_get(&un->renames, t->text, t->len, &r)) {
        cux_strbuf_puts(out, L->out->renames.data[r].to);
    } else {
        cux_strbuf_append(out, t->text, t->len);
    }
    /* The file number follows .file, .loc and inlined_at. */
    *shift_next = is_word(t, ".file") || is_word(t, ".loc") ||
                  is_word(t, "inlined_at");
}

/* Tokens [first, end) with the text between them as it was. */
static void put_range(linker *L, uint32_t u, uint32_t first, uint32_t end)
{
    unit *un = &L->units[u];
    bool shift = false;
    for (uint32_t i = first; i < end; i++) {
        if (i > first) {
            const cux_tok *prev = &un->toks.data[i - 1];
            const char *gap = prev->text + prev->len;
            cux_strbuf_append(&L->out->text, gap,
                              (size_t)(un->toks.data[i].text - gap));
        }
        put_tok(L, un, i, &shift);
    }
    cux_strbuf_puts(&L->out->text, "\n");
}

static bool mark_emitted(linker *L, uint32_t u, const item *it)
{
    if (defined_in(L, &L->emitted, u, it))
        return false;
    const cux_tok *t = name_tok(L, u, it);
    cux_strmap_put(&L->emitted, t->text, t->len, 1);
    return true;
}

/* A definition that lost to another: only declared, in case an input
 * before the kept one uses it. */
static void put_declaration(linker *L, uint32_t u, const item *it)
{
    if (it->is_func) {
        cux_strbuf *out = &L->out->text;
        put_range(L, u, it->first, it->body);
        out->data[--out->len] = '\0';
        cux_strbuf_puts(out, ";\n");
        return;
    }
    cux_strbuf_puts(&L->out->text, ".extern ");
    put_range(L, u, it->first + 1, it->body);
    L->out->text.data[L->out->text.len - 1] = ';';
    cux_strbuf_puts(&L->out->text, "\n");
}

static void put_symbol(linker *L, uint32_t u, uint32_t k)
{
    item *it = &L->units[u].items.data[k];
    if (it->linkage == CUX_LINK_NONE) {
        put_range(L, u, it->first, it->end);
        return;
    }
    if (!it->defines) {
        if (mark_emitted(L, u, it))
            put_range(L, u, it->first, it->end);
        return;
    }
    const cux_tok *t = name_tok(L, u, it);
    uint32_t d;
    cux_strmap_get(&L->def_of, t->text, t->len, &d);
    bool kept = L->defs.data[d].unit == u && L->defs.data[d].item == k;
    bool first = mark_emitted(L, u, it);
    if (kept)
        put_range(L, u, it->first, it->end);
    else if (first)
        put_declaration(L, u, it);
}

/* .version: the newest any input asks for; .target and .address_size
 * from the first. */
static void put_header(linker *L)
{
    unsigned major = 0, minor = 0;
    int32_t first = -1;
    for (uint32_t u = 0; u < L->n; u++) {
        unit *un = &L->units[u];
        for (uint32_t k = 0; un->linked && k < un->items.len; k++) {
            item *it = &un->items.data[k];
            const cux_tok *t = &un->toks.data[it->first];
            unsigned a, b;
            char v[32] = "";
            if (it->kind != ITEM_HEADER || !is_word(t, ".version") ||
                it->end - it->first < 2 || t[1].len >= sizeof v)
                continue;
            memcpy(v, t[1].text, t[1].len);
            if (sscanf(v, "%u.%u", &a, &b) == 2 &&
                (a > major || (a == major && b > minor)))
                major = a, minor = b;
            first = first < 0 ? (int32_t)u : first;
        }
    }
    cux_strbuf_printf(&L->out->text, "// linked by cux\n.version %u.%u\n",
                      major, minor);
    for (uint32_t k = 0; first >= 0 && k < L->units[first].items.len; k++) {
        item *it = &L->units[first].items.data[k];
        if (it->kind == ITEM_HEADER &&
            !is_word(&L->units[first].toks.data[it->first], ".version"))
            put_range(L, (uint32_t)first, it->first, it->end);
    }
}

static void put_module(linker *L)
{
    put_header(L);
    uint32_t base = 0;
    for (uint32_t u = 0; u < L->n; u++) {
        unit *un = &L->units[u];
        if (!un->linked)
            continue;
        un->file_base = base;
        base += un->max_file;
        cux_strbuf_printf(&L->out->text, "\n// from %s\n", L->in[u].origin);
        for (uint32_t k = 0; k < un->items.len; k++) {
            item *it = &un->items.data[k];
            if (it->kind == ITEM_SYMBOL)
                put_symbol(L, u, k);
            else if (it->kind == ITEM_FILE || it->kind == ITEM_OTHER)
                put_range(L, u, it->first, it->end);
        }
    }
}

/* ---- entry points ------------------------------------------------------- */

static void free_linker(linker *L)
{
    for (uint32_t u = 0; u < L->n; u++) {
        free(L->units[u].toks.data);
        free(L->units[u].items.data);
        cux_strmap_free(&L->units[u].renames);
    }
    free(L->units);
    free(L->defs.data);
    cux_strmap_free(&L->def_of);
    cux_strmap_free(&L->emitted);
}

bool cux_ptx_link_modules(const cux_ptx_link_input *inputs, uint32_t n,
                          cux_ptx_link *out, cux_diag *diag)
{
    memset(out, 0, sizeof *out);
    linker L = {.in = inputs, .n = n, .out = out, .diag = diag};
    L.units = cux_xcalloc(n ? n : 1, sizeof *L.units);
    out->same_as = cux_xcalloc(n ? n : 1, sizeof *out->same_as);
    bool ok = true;
    for (uint32_t u = 0; u < n && ok; u++)
        ok = tokenize(&L, u) && split(&L, u);
    if (ok) {
        find_copies(&L);
        for (uint32_t u = 0; u < n; u++)
            L.units[u].linked = L.units[u].root == (int32_t)u &&
                                !L.units[u].lazy;
        while (pull_lazy(&L))
            ;
        ok = choose_defs(&L) && check_undefined(&L);
    }
    if (ok) {
        plan_renames(&L);
        put_module(&L);
        for (uint32_t u = 0; u < n; u++) {
            int32_t r = L.units[u].root;
            out->same_as[u] = L.units[r].linked ? r : -1;
        }
    }
    free_linker(&L);
    if (!ok)
        cux_ptx_link_free(out);
    return ok;
}

const char *cux_ptx_link_name(const cux_ptx_link *link, uint32_t input,
                              const char *name)
{
    int32_t u = link->same_as[input];
    for (uint32_t i = 0; u >= 0 && i < link->renames.len; i++) {
        const cux_ptx_rename *r = &link->renames.data[i];
        if (r->input == (uint32_t)u && !strcmp(r->from, name))
            return r->to;
    }
    return name;
}

void cux_ptx_link_free(cux_ptx_link *link)
{
    cux_strbuf_free(&link->text);
    free(link->same_as);
    free(link->renames.data);
    cux_arena_free(&link->arena);
    memset(link, 0, sizeof *link);
}
