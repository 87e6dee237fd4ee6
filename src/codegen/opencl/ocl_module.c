/* ocl_module.c: a module as OpenCL C.  Each function with a body is
 * translated on its own; one that cannot be (or that calls one that
 * cannot) is left out with its reason, and so are the kernels that reach
 * it, so a module's other kernels still run.  A function on a recursive
 * call chain, which OpenCL C forbids, runs on a stack (ocl_recursion.c).
 * PTX control flow is kept as it is: labels and gotos, with each
 * instruction's guard an if. */
#include "codegen/opencl/ocl.h"

#include <stdlib.h>
#include <string.h>

static void declare_registers(ocl_gen *g)
{
    const cux_ptx_func *f = g->func;
    for (uint32_t r = 0; r < f->n_regs; r++) {
        cux_ptx_type t = (cux_ptx_type)f->regs[r].type;
        if (t == CUX_T_F64)
            g->uses_f64 = true;
        if (f->regs[r].vec > 1 || t == CUX_T_B128) {
            cux_ocl_fail(g, NULL, "register %s of a vector or 128-bit type",
                         f->regs[r].name);
            continue;
        }
        EMIT("    %s r%u = 0;\n", cux_ocl_ctype(t), r);
    }
    EMIT("    uint cc_ = 0;\n    (void)cc_;\n");
    /* call-site parameters: one private array each, 16-byte aligned */
    for (uint32_t i = 0; i < f->n_locals; i++) {
        uint32_t v = f->locals[i];
        const cux_ptx_var *var = &g->module->vars[v];
        if (var->space == CUX_SPACE_PARAM)
            EMIT("    ulong2 pa%u[%llu];\n    __private uchar *pv%u = "
                 "(__private uchar *)pa%u;\n",
                 v, (unsigned long long)(var->size + 15) / 16 + 1, v, v);
        else if (var->space != CUX_SPACE_LOCAL &&
                 var->space != CUX_SPACE_SHARED)
            cux_ocl_fail(g, NULL, "a function-scope variable '%s' in this "
                         "state space", var->name);
    }
}

/* Labels by the instruction they precede, in label order. */
static void emit_labels_at(ocl_gen *g, uint32_t insn)
{
    for (uint32_t l = 0; l < g->func->n_labels; l++)
        if (g->func->labels[l].insn == insn && !g->func->labels[l].proto)
            EMIT("B%u: ;\n", l);
}

static void emit_body(ocl_gen *g)
{
    const cux_ptx_func *f = g->func;
    for (uint32_t i = 0; i < f->n_insns && !g->error; i++) {
        const cux_ptx_insn *insn = &f->insns[i];
        if (g->rounds)
            cux_ocl_rounds_before_labels(g, i);
        emit_labels_at(g, i);
        if (g->rounds)
            cux_ocl_rounds_before(g, i);
        if (insn->guard >= 0)
            EMIT("  if (%s%s) {\n", insn->guard_negated ? "!" : "",
                 cux_ocl_reg(g, (uint32_t)insn->guard));
        if (!g->rounds || !cux_ocl_rounds_back_edge(g, insn))
            cux_ocl_insn(g, insn);
        if (insn->guard >= 0)
            EMIT("  }\n");
    }
    emit_labels_at(g, f->n_insns);
}

/* The kernel's entry: its frame area (its own frame and its callees'),
 * then the body. */
static void emit_function(ocl_gen *g, uint32_t fi, const char *symbol,
                          uint32_t local_bytes)
{
    const cux_ptx_func *f = &g->module->funcs[fi];
    g->func = f;
    g->fi = fi;
    if (f->is_entry) {
        EMIT("__kernel void %s(__global uchar *A_, ulong AB_, "
             "__global const uchar *P_, __local uchar *S_)\n{\n", symbol);
        /* 512 bytes beyond the frames: printf copies up to 8 bytes per
         * conversion from its argument buffer, more than it may hold */
        EMIT("    ulong2 Ls_[%u];\n    __private uchar *L_ = "
             "(__private uchar *)Ls_;\n    const uint SP_ = 0;\n",
             local_bytes / 16 + 33);
        EMIT("    __local uint cux_red_; /* bar.red's count */\n");
        bool warp = false;
        for (uint32_t i = 0; i < f->n_insns; i++)
            warp = warp || ((cux_ptx_opcode_flags[f->insns[i].op] &
                             CUX_PTX_OPF_WARP) &&
                            f->insns[i].op != CUX_OP_WMMA); /* own scratch */
        g->rounds = cux_ocl_rounds_needed(g);
        if (warp && !g->rounds) /* ocl_warp.c: a word per thread of the block */
            EMIT("    __local ulong cux_xch_[1024];\n");
        cux_ocl_wmma_declare(g);
        EMIT("    (void)L_; (void)SP_; (void)A_; (void)AB_; (void)P_; "
             "(void)S_; (void)cux_red_;\n");
    } else {
        g->rounds = false;
        EMIT("%s\n{\n", g->body ? cux_ocl_body_signature(g, fi)
                                  : cux_ocl_func_signature(g, fi));
    }
    declare_registers(g);
    if (g->body)
        cux_ocl_recursive_prologue(g);
    if (g->rounds)
        cux_ocl_rounds_begin(g);
    emit_body(g);
    if (g->rounds)
        cux_ocl_rounds_end(g);
    EMIT("}\n\n");
}

/* Calls: callee[f] lists whom f calls directly (only .func with bodies). */
static bool calls(const cux_ptx_func *f, uint32_t callee)
{
    for (uint32_t i = 0; i < f->n_insns; i++) {
        const cux_ptx_insn *insn = &f->insns[i];
        if (insn->op != CUX_OP_CALL || insn->n_operands < 2)
            continue;
        const cux_ptx_operand *t = &f->operands[insn->first_operand + 1];
        if (t->kind == CUX_OPND_FUNC && t->value == callee)
            return true;
    }
    return false;
}

/* reach[a * n + b]: function a reaches b through one or more calls. */
static uint8_t *call_closure(const uint8_t *edge, uint32_t n)
{
    uint8_t *reach = cux_xcalloc((size_t)n * n + 1, 1);
    uint32_t *stack = cux_xcalloc(n + 2, sizeof *stack);
    for (uint32_t a = 0; a < n; a++) {
        uint8_t *row = reach + (size_t)a * n;
        uint32_t top = 0;
        stack[top++] = a;
        while (top) {
            uint32_t x = stack[--top];
            for (uint32_t c = 0; c < n; c++)
                if (edge[(size_t)x * n + c] && !row[c]) {
                    row[c] = 1;
                    stack[top++] = c;
                }
        }
    }
    free(stack);
    return reach;
}

void cux_codegen_opencl(const cux_ptx_module *module,
                        const cux_module_analysis *analysis,
                        cux_ocl_result *out)
{
    *out = (cux_ocl_result){0};
    uint32_t n = module->n_funcs;
    const char **error = cux_xcalloc(n + 1, sizeof(char *));
    cux_strbuf *code = cux_xcalloc(n + 1, sizeof(cux_strbuf));
    uint8_t *edge = cux_xcalloc((size_t)n * n + 1, 1);
    const char **symbol = cux_xcalloc(n + 1, sizeof(char *));
    bool *rounds = cux_xcalloc(n + 1, sizeof(bool));
    ocl_gen g = {.module = module, .analysis = analysis,
                 .layout = &analysis->layout, .expr = &out->arena};

    for (uint32_t a = 0; a < n; a++)
        for (uint32_t b = 0; b < n; b++)
            edge[(size_t)a * n + b] = module->funcs[b].has_body &&
                                      (calls(&module->funcs[a], b) ||
                                       cux_ocl_calls_indirectly(
                                           module, &analysis->layout, a, b));
    /* reach[a][b]: a reaches b through calls; a function that reaches
     * itself is on a recursive chain */
    uint8_t *reach = call_closure(edge, n);
    uint8_t *recursive = cux_xcalloc(n + 1, 1);
    for (uint32_t f = 0; f < n; f++)
        recursive[f] = module->funcs[f].has_body && reach[(size_t)f * n + f];
    g.recursive = recursive;
    uint32_t k = 0;
    for (uint32_t f = 0; f < n; f++) {
        if (!module->funcs[f].has_body)
            continue;
        uint32_t local_bytes = 0;
        if (module->funcs[f].is_entry) {
            symbol[f] = cux_arena_printf(&out->arena, "cux_k%u", f);
            k++;
            for (uint32_t i = 0; i < analysis->layout.n_kernels; i++)
                if (analysis->layout.kernels[i].func == f)
                    local_bytes = analysis->layout.kernels[i].local_bytes;
        }
        g.out = &code[f];
        g.error = NULL;
        g.func = &module->funcs[f];
        g.fi = f;
        g.body = recursive[f];
        emit_function(&g, f, symbol[f], local_bytes);
        g.body = false;
        if (recursive[f] && !g.error)
            cux_ocl_recursive_driver(&g, f, reach);
        error[f] = g.error;
        rounds[f] = g.rounds && !g.error;
    }
    /* A function that calls one that failed fails with its reason. */
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t a = 0; a < n; a++)
            for (uint32_t b = 0; b < n && !error[a]; b++)
                if (edge[(size_t)a * n + b] && error[b]) {
                    error[a] = error[b];
                    changed = true;
                }
    }
    out->n_kernels = k;
    out->kernels = cux_xcalloc(k + 1, sizeof(cux_ocl_kernel));
    out->uses_f64 = g.uses_f64;
    out->uses_printf = g.uses_printf;
    k = 0;
    /* only a module with a kernel in rounds has their helpers, so that
     * the others' source (and the driver's cache of it) stays as it was */
    bool any_rounds = false;
    for (uint32_t f = 0; f < n; f++)
        any_rounds = any_rounds || rounds[f];
    if (any_rounds)
        cux_strbuf_puts(&out->source, cux_ocl_rounds_helpers());
    if (any_rounds && g.uses_named)
        cux_strbuf_puts(&out->source, cux_ocl_rounds_named_helpers());
    if (g.uses_mbarrier)
        cux_strbuf_puts(&out->source, cux_ocl_mbarrier_helpers());
    /* likewise the wmma helpers, in a module with a warp matrix mma */
    bool any_mma = false;
    for (uint32_t f = 0; f < n; f++)
        any_mma = any_mma || cux_ocl_wmma_scratch_words(&module->funcs[f]);
    if (any_mma)
        cux_strbuf_puts(&out->source, cux_ocl_wmma_helpers());
    for (uint32_t f = 0; f < n; f++) {
        if (!module->funcs[f].has_body || module->funcs[f].is_entry ||
            error[f])
            continue;
        cux_strbuf_printf(&out->source, "static %s;\n",
                          cux_ocl_func_signature(&g, f));
        if (recursive[f])
            cux_strbuf_printf(&out->source, "static %s;\n",
                              cux_ocl_body_signature(&g, f));
    }
    cux_strbuf_puts(&out->source, "\n");
    out->shared_len = out->source.len;
    out->funcs = cux_xcalloc(n + 1, sizeof(cux_code_span));
    for (uint32_t f = 0; f < n; f++) {
        if (!module->funcs[f].has_body)
            continue;
        if (module->funcs[f].is_entry)
            out->kernels[k++] = (cux_ocl_kernel){
                .func = f, .symbol = symbol[f], .error = error[f]};
        if (!error[f] && code[f].data) {
            out->funcs[f].start = out->source.len;
            if (!module->funcs[f].is_entry)
                cux_strbuf_puts(&out->source, "static ");
            cux_strbuf_append(&out->source, code[f].data, code[f].len);
            out->funcs[f].end = out->source.len;
        }
    }
    for (uint32_t f = 0; f < n; f++)
        cux_strbuf_free(&code[f]);
    free(code);
    free(error);
    free(edge);
    free(symbol);
    free(rounds);
    free(reach);
    free(recursive);
}

void cux_ocl_kernel_unit(const cux_ptx_module *module,
                         const cux_module_analysis *analysis,
                         const cux_ocl_result *result, uint32_t kernel,
                         cux_strbuf *out)
{
    if (result->kernels[kernel].error)
        return;
    cux_kernel_unit_append(module, analysis, result->kernels[kernel].func,
                           &result->source, result->shared_len,
                           result->funcs, out);
}

void cux_ocl_result_free(cux_ocl_result *result)
{
    cux_strbuf_free(&result->source);
    free(result->funcs);
    free(result->kernels);
    cux_arena_free(&result->arena);
    *result = (cux_ocl_result){0};
}
