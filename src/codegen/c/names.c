/* names.c: C identifiers for a function's PTX registers, so generated C,
 * a debugger and a profile show the names the PTX uses: %rd12 is rd12,
 * %SP is SP, the inliner's %r5_inl3 is r5_inl3.
 *
 * A name is kept (without its '%') when it is a plain C identifier that
 * cannot meet another name in the generated function: not a C keyword,
 * not a variable, function or object-like macro that generated code or
 * the prelude's C headers use, not of a reserved shape (cux*, *_t, all
 * capitals with '_', as macros are), and not taken by an earlier
 * register of the function (sibling { } blocks may reuse a name, and %r5
 * and r5 are different PTX names).  Any other register gets
 * cux_r<index>_<name with '$' and '%' as '_'>: the index alone keeps it
 * unique, and no kept name starts with "cux". */
#include "cgen.h"

#include <stdlib.h>
#include <string.h>

/* Every identifier a generated function body may see besides its
 * registers, sorted for bsearch (strcmp order). */
static const char *const reserved[] = {
    "BUFSIZ", "DOMAIN", "EOF", "HUGE", "INFINITY", "NAN", "NFDBITS", "NULL",
    "OVERFLOW", "P", "PLOSS", "S", "SING", "TLOSS", "UNDERFLOW",
    "WCONTINUED", "WEXITED", "WNOHANG", "WNOWAIT", "WSTOPPED", "WUNTRACED",
    "alignas", "alignof", "asm", "auto", "blk", "bool", "break", "bv",
    "case", "cc", "char", "const", "constexpr", "continue", "copysign",
    "copysignf", "cos", "cosf", "cv", "default", "do", "double", "else",
    "em", "enum", "errno", "exited", "exp2", "exp2f", "extern", "fabs",
    "fabsf", "false", "fegetround", "fesetround", "float", "fma", "fmaf",
    "fmax", "fmin", "for", "fpclassify", "free", "goto", "if", "init_mask",
    "inline", "int", "isfinite", "isinf", "isnan", "isnormal", "j", "k",
    "l", "lbase", "linux", "log2", "log2f", "long", "m", "malloc",
    "math_errhandling", "maxl", "memcpy", "minl", "nullptr", "partial",
    "pc", "pv", "register", "restrict", "return", "rpc", "s_tid0",
    "s_tid1", "s_tid2", "same", "seg", "short", "signed", "sin", "sinf",
    "sizeof", "sp", "sqrt", "sqrtf", "static", "static_assert", "stk_m",
    "stk_pc", "stk_rpc", "struct", "switch", "tanh", "tanhf",
    "thread_local", "true", "typedef", "typeof", "typeof_unqual", "union",
    "unix", "unsigned", "void", "volatile", "w", "while", "wm16", "wm32",
    "wm64", "xrun",
};

static int compare(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* [A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*: no '$', no '__', no '_' at
 * either end (generated temporaries end in '_'). */
static bool plain(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return false;
    for (; *s; s++)
        if (!is_alnum(*s) && !(*s == '_' && is_alnum(s[1]) && is_alnum(s[-1])))
            return false;
    return true;
}

static bool taken_by_c(const char *s)
{
    size_t n = strlen(s);
    bool lower = false;
    for (const char *c = s; *c; c++)
        lower |= *c >= 'a' && *c <= 'z';
    if (!strncmp(s, "cux", 3) || !strncmp(s, "CUX", 3) ||
        (n > 2 && !strcmp(s + n - 2, "_t")) || (!lower && strchr(s, '_')))
        return true;
    if (s[0] == 'p' && s[1] == 'v' && strspn(s + 2, "0123456789") == n - 2)
        return true; /* pv<N>: a .param variable's lane array */
    return bsearch(&s, reserved, sizeof reserved / sizeof *reserved,
                   sizeof *reserved, compare) != NULL;
}

static const char *escaped(cux_cgen *g, uint32_t reg, const char *name)
{
    char *s = FMT("cux_r%u_%s", reg, name && *name == '%' ? name + 1 : name);
    for (char *c = s; *c; c++)
        if (!is_alnum(*c))
            *c = '_';
    return s;
}

void cux_cgen_name_registers(cux_cgen *g)
{
    const cux_ptx_func *f = g->func;
    cux_strmap seen = {0};
    g->reg_names = cux_arena_alloc(&g->expr, (f->n_regs + 1) * sizeof(char *));
    for (uint32_t r = 0; r < f->n_regs; r++) {
        const char *name = f->regs[r].name ? f->regs[r].name : "";
        const char *base = *name == '%' ? name + 1 : name;
        uint32_t earlier;
        if (plain(base) && !taken_by_c(base) &&
            !cux_strmap_get(&seen, base, strlen(base), &earlier)) {
            cux_strmap_put(&seen, base, strlen(base), r);
            g->reg_names[r] = base;
        } else {
            g->reg_names[r] = escaped(g, r, name);
        }
    }
    cux_strmap_free(&seen);
}

/* A resident register (resident.c) whose local is not known current is
 * read and written in the warp's save area. */
const char *cux_cgen_reg_home(cux_cgen *g, uint32_t reg)
{
    return g->resident && g->resident[reg] && !g->local_valid[reg] ? "S_->"
                                                                     : "";
}

/* How code reads and writes the register. */
const char *cux_cgen_reg_name(cux_cgen *g, uint32_t reg)
{
    const char *home = cux_cgen_reg_home(g, reg);
    return *home ? FMT("%s%s", home, g->reg_names[reg]) : g->reg_names[reg];
}

/* The name a declaration (a local or a save-area member) gives it. */
const char *cux_cgen_reg_declared_name(cux_cgen *g, uint32_t reg)
{
    return g->reg_names[reg];
}
