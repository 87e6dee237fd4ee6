/* ocl_rounds_loops.c: the loops of a kernel in rounds whose back edges
 * go by the round's end.
 *
 * A loop that holds a sync point but that a thread may go round without
 * stopping at one (a wait that succeeds at once, a sleep on some trips
 * only) has the sync point's resume label, which the round's dispatch
 * jumps to, as a second way in beside its head: the kernel's control
 * flow is irreducible, and PoCL 3.1 recurses without end on it while it
 * compiles the kernel, and crashes.  Such a loop's back edge goes to the
 * round's end instead, as a yield, and on at the loop's head in the next
 * round (ocl_rounds.c emits it), so that every loop of a kernel in
 * rounds passes the round's end or holds no resume label.  Loops whose
 * every way round stops at a sync point, and those without one, keep
 * their branches. */
#include "codegen/opencl/ocl.h"

#include <stdlib.h>
#include <string.h>

/* Whether every thread that runs the block stops at a sync point in
 * it: one without a guard that always stops (an mbarrier wait stops
 * only where its phase is incomplete). */
static bool block_stops(const ocl_gen *g, uint32_t b)
{
    const cux_cfg_block *blk = &g->analysis->funcs[g->fi].cfg.blocks[b];
    for (uint32_t i = blk->first; i < blk->end; i++) {
        const cux_ptx_insn *insn = &g->func->insns[i];
        if (cux_ocl_rounds_sync_point(insn) && insn->guard < 0 &&
            insn->op != CUX_OP_MBARRIER)
            return true;
    }
    return false;
}

/* Whether `to` is reached from `from` without entering `avoid` or a
 * block that stops (when `walls`).  Scratch: `seen`, a byte per block,
 * which the caller clears, and `stack`, a block each. */
static bool reaches_avoiding(const ocl_gen *g, uint32_t from, uint32_t to,
                             uint32_t avoid, bool walls, uint8_t *seen,
                             uint32_t *stack)
{
    const cux_cfg *cfg = &g->analysis->funcs[g->fi].cfg;
    uint32_t n = 0;
    stack[n++] = from;
    seen[from] = 1;
    while (n) {
        uint32_t b = stack[--n];
        for (uint32_t k = 0; k < cfg->blocks[b].n_succ; k++) {
            uint32_t t = cfg->blocks[b].succ[k];
            if (t == to)
                return true;
            if (seen[t] || t == avoid || (walls && block_stops(g, t)))
                continue;
            seen[t] = 1;
            stack[n++] = t;
        }
    }
    return false;
}

/* Whether the back edge b -> h (h dominates b) must go by the round's
 * end: some way round the loop stops at no sync point, and the loop
 * holds one (so a resume label lies inside it). */
static bool cut_needed(const ocl_gen *g, const uint32_t *idom, uint32_t b,
                       uint32_t h, uint8_t *seen, uint32_t *stack)
{
    uint32_t n = g->analysis->funcs[g->fi].cfg.n_blocks;
    if (idom[b] == UINT32_MAX || !cux_dominates(idom, h, b) ||
        block_stops(g, h) || block_stops(g, b))
        return false;
    memset(seen, 0, n);
    if (h != b && !reaches_avoiding(g, h, b, h, true, seen, stack))
        return false; /* every way round stops */
    for (uint32_t x = 0; x < n; x++) {
        if (!cux_ocl_block_has_sync_point(g, x) || !cux_dominates(idom, h, x))
            continue;
        memset(seen, 0, n);
        if (x == b || x == h ||
            reaches_avoiding(g, x, b, h, false, seen, stack))
            return true;
    }
    return false;
}

uint8_t *cux_ocl_rounds_cuts(ocl_gen *g)
{
    const cux_cfg *cfg = &g->analysis->funcs[g->fi].cfg;
    const cux_ptx_func *f = g->func;
    uint32_t n = cfg->n_blocks;
    uint8_t *cut = cux_xcalloc(f->n_insns + 1, 1);
    uint8_t *seen = cux_xcalloc(n + 1, 1);
    uint32_t *stack = cux_xcalloc(n + 1, sizeof(uint32_t));
    uint32_t *idom = cux_dominators_compute(cfg);
    for (uint32_t b = 0; b < n; b++) {
        const cux_cfg_block *blk = &cfg->blocks[b];
        if (blk->end == blk->first || !blk->n_succ)
            continue;
        uint32_t last = blk->end - 1;
        const cux_ptx_insn *insn = &f->insns[last];
        const cux_ptx_operand *t = insn->n_operands
                                       ? &f->operands[insn->first_operand]
                                       : NULL;
        bool branch = insn->op == CUX_OP_BRA && t &&
                      t->kind == CUX_OPND_LABEL && t->value < f->n_labels;
        if (branch &&
            cut_needed(g, idom, b, cfg->block_of_insn[f->labels[t->value].insn],
                       seen, stack))
            cut[last] |= CUT_BRANCH;
        bool falls = blk->end < f->n_insns &&
                     (insn->op != CUX_OP_BRA || insn->guard >= 0);
        if (falls && cut_needed(g, idom, b, cfg->block_of_insn[blk->end],
                                seen, stack))
            cut[blk->end] |= CUT_FALL;
    }
    free(idom);
    free(stack);
    free(seen);
    return cut;
}
