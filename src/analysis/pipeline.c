/* pipeline.c: the pass list.  Every device runs a loaded module through
 * this one function, which lowers what no device runs directly (block
 * barriers inside called functions), lays out memory, and analyses each
 * function in the order the analyses depend on one another:
 *
 *     verify -> inline barrier calls -> verify -> layout -> per function:
 *         cfg -> post-dominators -> uniformity -> alignment -> affine
 *             -> remat -> induction -> block steps -> liveness
 *
 * Dumps attach here (CUX_DUMP=ptx,ir,analysis): the module as parsed and
 * as lowered, and the facts each analysis found, printed in the form the text-in/text-out
 * tests compare. */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>

/* The verifier between passes, in debug builds (without NDEBUG). */
static bool verified(const cux_ptx_module *m, cux_diag *diag)
{
#ifdef NDEBUG
    (void)m, (void)diag;
    return true;
#else
    return cux_ptx_verify(m, diag);
#endif
}

static bool analyze_function(const cux_ptx_module *m, const cux_layout *layout,
                             uint32_t f, cux_func_analysis *a, cux_diag *diag)
{
    const cux_ptx_func *func = &m->funcs[f];
    if (!cux_cfg_build(m, func, &a->cfg, diag))
        return false;
    cux_postdom_compute(&a->cfg);
    cux_uniformity_compute(m, func, &a->cfg, &a->uniform);
    cux_alignment_compute(m, func, layout, &a->alignment);
    cux_affine_compute(m, func, &a->cfg, &a->uniform, &a->alignment,
                       &a->affine);
    cux_remat_compute(m, func, layout, &a->remat);
    cux_induction_compute(func, &a->cfg, &a->induction);
    cux_block_step_compute(func, &a->cfg, &a->block_step);
    return cux_liveness_compute(func, &a->cfg, &a->uniform, &a->live);
}

static void print_successor(cux_strbuf *out, uint32_t block)
{
    if (block == CUX_CFG_EXIT)
        cux_strbuf_puts(out, " exit");
    else
        cux_strbuf_printf(out, " B%u", block);
}

void cux_analysis_print(const cux_ptx_module *m, uint32_t f,
                        const cux_func_analysis *a, cux_strbuf *out)
{
    const cux_ptx_func *func = &m->funcs[f];
    cux_strbuf_printf(out, "%s %s\n", func->is_entry ? ".entry" : ".func",
                      func->name);
    for (uint32_t b = 0; b < a->cfg.n_blocks; b++) {
        const cux_cfg_block *block = &a->cfg.blocks[b];
        cux_strbuf_printf(out, "  B%u: lines %u-%u ->", b,
                          func->insns[block->first].line,
                          func->insns[block->end - 1].line);
        for (uint32_t s = 0; s < block->n_succ; s++)
            print_successor(out, block->succ[s]);
        if (!block->n_succ)
            cux_strbuf_puts(out, " (none)");
        cux_strbuf_puts(out, "; ipdom");
        print_successor(out, block->ipdom);
        if (a->uniform.partial[b])
            cux_strbuf_puts(out, "; partial");
        else if (a->uniform.block_partial[b])
            cux_strbuf_puts(out, "; some warps");
        if (block->ends_in_barrier) {
            cux_strbuf_puts(out, "; barrier, live:");
            for (uint32_t r = 0; r < func->n_regs; r++)
                if (cux_liveness_out(&a->live, b, r))
                    cux_strbuf_printf(out, " %s%s", func->regs[r].name,
                                      cux_remat_possible(&a->remat, r)
                                          ? "(recomputable)" : "");
        }
        cux_strbuf_puts(out, "\n");
    }
    cux_strbuf_puts(out, "  varying:");
    for (uint32_t r = 0; r < func->n_regs; r++)
        if (a->uniform.varying[r])
            cux_strbuf_printf(out, " %s", func->regs[r].name);
    cux_strbuf_puts(out, "\n  per-warp:");
    for (uint32_t r = 0; r < func->n_regs; r++)
        if (a->uniform.block_varying[r] && !a->uniform.varying[r])
            cux_strbuf_printf(out, " %s", func->regs[r].name);
    cux_strbuf_puts(out, "\n  affine:");
    for (uint32_t r = 0; r < func->n_regs; r++) {
        int64_t x, y;
        bool y_known, widened;
        if (!cux_affine_strides(&a->affine, r, &x, &y, &y_known, &widened))
            continue;
        cux_strbuf_printf(out, " %s(%lld", func->regs[r].name, (long long)x);
        int y_zeros = cux_affine_y_zeros(&a->affine, r);
        if (!y_known && y_zeros)  /* a multiple of 2^y_zeros */
            cux_strbuf_printf(out, ",y?%llu",
                              1ull << (y_zeros < 63 ? y_zeros : 63));
        else if (!y_known)
            cux_strbuf_puts(out, ",y?");
        else if (y)
            cux_strbuf_printf(out, ",y%lld", (long long)y);
        cux_strbuf_printf(out, "%s)", widened ? ",widened" : "");
    }
    /* the loops' facts only where there are loops */
    cux_strbuf steps = {0}, tests = {0}, block_steps = {0};
    cux_induction_print(func, &a->induction, &steps);
    cux_induction_print_tests(func, &a->induction, a->cfg.n_blocks, &tests);
    cux_block_step_print(func, &a->block_step, &block_steps);
    if (steps.len)
        cux_strbuf_printf(out, "\n  steps:%s", steps.data);
    if (tests.len)
        cux_strbuf_printf(out, "\n  tests:%s", tests.data);
    /* and the steps from block to block only where something steps */
    if (block_steps.len)
        cux_strbuf_printf(out, "\n  block steps:%s", block_steps.data);
    cux_strbuf_free(&steps);
    cux_strbuf_free(&tests);
    cux_strbuf_free(&block_steps);
    cux_strbuf_puts(out, "\n  aligned:");
    cux_alignment_print(func, &a->alignment, out);
    cux_strbuf_puts(out, "\n");
}

static void func_analysis_free(cux_func_analysis *a)
{
    cux_liveness_free(&a->live);
    cux_remat_free(&a->remat);
    cux_induction_free(&a->induction);
    cux_block_step_free(&a->block_step);
    cux_uniformity_free(&a->uniform);
    cux_affine_free(&a->affine);
    cux_alignment_free(&a->alignment);
    cux_cfg_free(&a->cfg);
}

bool cux_analyze_module(cux_ptx_module *m, unsigned dump, cux_strbuf *dumped,
                        cux_module_analysis *out, cux_diag *diag)
{
    memset(out, 0, sizeof(*out));
    if (dump & CUX_DUMP_PTX)
        cux_ptx_print(m, dumped);
    cux_ptx_mark_spin_loads(m);
    if (!verified(m, diag) || !cux_ptx_inline_barrier_calls(m, diag) ||
        !verified(m, diag))
        return false;
    if (dump & CUX_DUMP_IR)
        cux_ptx_print(m, dumped);
    cux_layout_compute(m, &out->layout);
    out->funcs = cux_xcalloc(m->n_funcs + 1, sizeof(cux_func_analysis));
    out->n_funcs = m->n_funcs;
    for (uint32_t f = 0; f < m->n_funcs; f++) {
        if (!m->funcs[f].has_body)
            continue;
        if (!analyze_function(m, &out->layout, f, &out->funcs[f], diag)) {
            cux_module_analysis_free(out);
            return false;
        }
        if (dump & CUX_DUMP_ANALYSIS)
            cux_analysis_print(m, f, &out->funcs[f], dumped);
    }
    if (dump & CUX_DUMP_ANALYSIS)
        cux_layout_print(m, &out->layout, dumped);
    return true;
}

void cux_module_analysis_free(cux_module_analysis *a)
{
    for (uint32_t f = 0; f < a->n_funcs; f++)
        func_analysis_free(&a->funcs[f]);
    free(a->funcs);
    cux_layout_free(&a->layout);
    memset(a, 0, sizeof(*a));
}

unsigned cux_dump_flags(const char *spec)
{
    static const struct { const char *name; unsigned flag; } names[] = {
        {"ptx", CUX_DUMP_PTX}, {"ir", CUX_DUMP_IR},
        {"analysis", CUX_DUMP_ANALYSIS},
        {"c", CUX_DUMP_C}, {"all", ~0u},
    };
    unsigned flags = 0;
    for (const char *p = spec ? spec : ""; *p;) {
        size_t n = strcspn(p, ",");
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strlen(names[i].name) == n && !strncmp(p, names[i].name, n))
                flags |= names[i].flag;
        p += n + (p[n] == ',');
    }
    return flags;
}
