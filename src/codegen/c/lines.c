/* lines.c: where each generated line comes from.  Every line of C goes
 * through cux_cgen_emit (EMIT).  In a module with .loc lines (built with
 * -lineinfo or -g) it is preceded, where the C compiler's own count would
 * be wrong, by a #line directive naming the CUDA source line of the
 * instruction it translates, or the PTX line where the PTX has no .loc
 * (the function's own line for code that runs the warp rather than an
 * instruction).  Then a debugger, a profile or a crash names the CUDA
 * line.  Every line of one instruction's C maps to the same source line,
 * so a directive precedes each of them; modules without .loc get none
 * and map to the generated C itself.
 *
 * PTX lines name the file CUX_PTX_FILE, a macro: the JIT defines it as
 * the PTX it keeps beside the C, whose name the generated C cannot hold
 * (it is the hash of that C). */
#include "cgen.h"

#include <stdarg.h>
#include <string.h>

enum { PTX_FILE = -1, NO_FILE = -2 };

/* A path as a C string literal: quotes, backslashes, controls escaped. */
static const char *c_string(cux_cgen *g, const char *name)
{
    cux_strbuf s = {0};
    cux_strbuf_puts(&s, "\"");
    for (const unsigned char *c = (const unsigned char *)name; *c; c++)
        if (*c == '"' || *c == '\\')
            cux_strbuf_printf(&s, "\\%c", *c);
        else if (*c < 0x20 || *c == 0x7f)
            cux_strbuf_printf(&s, "\\%03o", *c);
        else
            cux_strbuf_append(&s, (const char *)c, 1);
    cux_strbuf_puts(&s, "\"");
    const char *literal = FMT("%s", s.data);
    cux_strbuf_free(&s);
    return literal;
}

void cux_cgen_lines_init(cux_cgen *g)
{
    const cux_ptx_module *m = g->module;
    g->lines = false;
    for (uint32_t f = 0; f < m->n_funcs && !g->lines; f++)
        for (uint32_t i = 0; i < m->funcs[f].n_insns && !g->lines; i++)
            g->lines = m->funcs[f].insns[i].loc_line != 0;
    g->pos = (cux_cgen_pos){0, NO_FILE};
    g->presumed = g->pos;
    if (g->lines)
        EMIT("#ifndef CUX_PTX_FILE /* the PTX that #line refers to */\n"
             "#define CUX_PTX_FILE %s\n#endif\n\n",
             c_string(g, g->module->origin ? g->module->origin : ""));
}

static int32_t file_index(const cux_ptx_module *m, uint32_t number)
{
    for (uint32_t i = 0; i < m->n_files; i++)
        if (m->files[i].index == number)
            return (int32_t)i;
    return PTX_FILE;
}

void cux_cgen_at_func(cux_cgen *g)
{
    if (g->lines)
        g->pos = (cux_cgen_pos){g->func->line, PTX_FILE};
}

void cux_cgen_at_insn(cux_cgen *g, const cux_ptx_insn *insn)
{
    if (!g->lines)
        return;
    int32_t file = insn->loc_line ? file_index(g->module, insn->loc_file)
                                  : PTX_FILE;
    g->pos = file == PTX_FILE ? (cux_cgen_pos){insn->line, PTX_FILE}
                              : (cux_cgen_pos){insn->loc_line, file};
}

static void directive(cux_cgen *g)
{
    size_t before = g->out->len;
    if (g->pos.file == g->presumed.file)
        cux_strbuf_printf(g->out, "#line %u\n", g->pos.line);
    else if (g->pos.file == PTX_FILE)
        cux_strbuf_printf(g->out, "#line %u CUX_PTX_FILE\n", g->pos.line);
    else /* a .file name is kept as written: already a C string's body */
        cux_strbuf_printf(g->out, "#line %u \"%s\"\n", g->pos.line,
                          g->module->files[g->pos.file].name);
    g->presumed = g->pos;
    g->line_bytes += g->out->len - before;
}

static void emit_mapped(cux_cgen *g, const char *text)
{
    while (*text) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text) + 1 : strlen(text);
        bool line_start = !g->out->len || g->out->data[g->out->len - 1] == '\n';
        if (line_start && (g->presumed.line != g->pos.line ||
                           g->presumed.file != g->pos.file))
            directive(g);
        cux_strbuf_append(g->out, text, n);
        g->presumed.line += nl != NULL;
        text += n;
    }
}

void cux_cgen_emit(cux_cgen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (g->pos.line)
        emit_mapped(g, cux_arena_vprintf(&g->expr, fmt, ap));
    else
        cux_strbuf_vprintf(g->out, fmt, ap);
    va_end(ap);
}
