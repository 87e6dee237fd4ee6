/* ocl_rounds_keep.c: the registers a thread of a kernel in rounds keeps
 * from one round to the next live in a private array.
 *
 * A thread stops at a sync point, and the round's dispatch takes it on
 * where it stopped, at the head of the round loop; to the OpenCL
 * compiler, every register live there goes round that loop.  Kept in
 * registers, each becomes a phi at the loop's head and others where the
 * stops meet (a CUB sort kernel: some 2,000 of its 3,000), and PoCL 3.1
 * turns each phi into an alloca whose uniformity its analysis checks
 * by copying its whole table of results, for every alloca: the work-
 * group function of Thrust's first sort kernel took 10 minutes to
 * generate.  So a register that is live where a thread goes on after a
 * stop, or that the round's decision reads or writes (a collective's
 * operands and results), lives in `cux_kp_` instead, every read and
 * write of it: a private array at an offset the compiler cannot see (a
 * volatile zero), which it can neither split nor promote, so nothing
 * goes round the loop in registers.  Within a stretch of straight code
 * the compiler still forwards its stores to its loads.  Storing such
 * registers only at the stops and loading them back at the dispatch
 * instead took 30,000 moves in that kernel (251 stops). */
#include "codegen/opencl/ocl.h"

#include <stdlib.h>

static void mark(uint64_t *set, uint32_t reg)
{
    set[reg / 64] |= 1ull << (reg % 64);
}

static bool marked(const uint64_t *set, uint32_t reg)
{
    return set[reg / 64] >> (reg % 64) & 1;
}

/* Marks the registers of insn's operands. */
static void mark_operands(const ocl_gen *g, const cux_ptx_insn *insn,
                          uint64_t *set)
{
    const cux_ptx_func *f = g->func;
    for (uint32_t i = 0; i < insn->n_operands; i++) {
        const cux_ptx_operand *op = &f->operands[insn->first_operand + i];
        uint32_t n = op->kind == CUX_OPND_VEC ? op->count : 1;
        for (uint32_t e = 0; e < n; e++) {
            const cux_ptx_operand *el =
                op->kind == CUX_OPND_VEC ? &f->operands[op->first + e] : op;
            if (el->kind == CUX_OPND_REG ||
                (el->kind == CUX_OPND_ADDR && el->base_kind == CUX_OPND_REG))
                mark(set, el->value);
        }
    }
}

/* Adds the registers live at the start of the block holding insn. */
static void add_live_in(const cux_cfg *cfg, const cux_liveness *live,
                        uint32_t insn, uint64_t *set)
{
    const uint64_t *in =
        live->in + (size_t)cfg->block_of_insn[insn] * live->words;
    for (uint32_t w = 0; w < live->words; w++)
        set[w] |= in[w];
}

void cux_ocl_rounds_keep_begin(ocl_gen *g)
{
    const cux_ptx_func *f = g->func;
    const cux_cfg *cfg = &g->analysis->funcs[g->fi].cfg;
    cux_liveness live;
    cux_liveness_compute(f, cfg, NULL, &live);
    uint64_t *kept = cux_xcalloc(2 * (size_t)live.words, sizeof *kept);
    uint64_t *after = kept + live.words;
    for (uint32_t i = 0; i < f->n_insns; i++) {
        const cux_ptx_insn *insn = &f->insns[i];
        if (g->cut[i] & CUT_BRANCH) /* on at the loop's head */
            add_live_in(cfg, &live,
                        f->labels[f->operands[insn->first_operand].value].insn,
                        kept);
        else if (cux_ocl_rounds_sync_point(insn)) {
            cux_liveness_after(f, cfg, &live, i, after);
            for (uint32_t w = 0; w < live.words; w++)
                kept[w] |= after[w];
            if (cux_ocl_rounds_decides(g, insn))
                mark_operands(g, insn, kept);
        }
        if (g->cut[i] & CUT_FALL) /* on before instruction i's labels */
            add_live_in(cfg, &live, i, kept);
    }
    cux_liveness_free(&live);
    uint32_t n = 0;
    g->home = cux_xcalloc(f->n_regs + 1, sizeof *g->home);
    for (uint32_t r = 0; r < f->n_regs; r++)
        g->home[r] = marked(kept, r) ? n++ : UINT32_MAX;
    free(kept);
    if (n) /* zeroed, as the registers are */
        EMIT("    ulong cux_ka_[%u] = {0};\n"
             "    __private ulong *const cux_kp_ = cux_ka_ + cux_never_;\n",
             n);
}

const char *cux_ocl_rounds_keep_home(ocl_gen *g, uint32_t reg)
{
    if (!g->home || g->home[reg] == UINT32_MAX)
        return NULL;
    return FMT("(*(__private %s *)(cux_kp_ + %u))",
               cux_ocl_ctype((cux_ptx_type)g->func->regs[reg].type),
               g->home[reg]);
}

void cux_ocl_rounds_keep_free(ocl_gen *g)
{
    free(g->home);
    g->home = NULL;
}
