/* block_split.c: kernels whose block runs in one call, warps looped
 * inside each stretch between barriers.
 *
 * A kernel whose barriers are all __syncthreads that every warp reaches
 * converged (bar.sync 0 in block-uniform control, which CUDA requires)
 * needs no rounds of warp calls: every warp of the block goes from one
 * barrier to the same next one.  Its code is split in two levels:
 *
 * - block-level code runs once per block: in the blocks that only
 *   block-level code enters (from the kernel's entry, a barrier or other
 *   such blocks), the instructions that compute values the whole block
 *   shares (`s >>= 1` of a shared-memory tree, parameters, %ctaid
 *   arithmetic) from such values, and the branches on them (the tree's
 *   loop);
 * - a stretch is the per-warp code from where block-level code leaves
 *   off to the next barrier (or the exit), run in a loop over the warps,
 *   each with its own registers, lane mask and SIMT stack as in a round.
 *   Where block-level code enters the same per-warp code at several
 *   points, they are entries of one stretch.
 *
 * So a barrier costs the end of one warp loop and the start of the next,
 * and the block-uniform loop counter of a tree is computed once a step,
 * not once per warp (MCUDA's and Polygeist's loop fission around
 * barriers, with warps instead of threads as the loop's unit).  A
 * register that only block-level code writes (a *block scalar*) has one
 * copy, a local of the block function; the other registers that live
 * across a barrier stay in each warp's save area as in rounds.
 *
 * Not split: kernels with a barrier that is not such a plain one (named,
 * bar.red, grid, in divergent code), with yields or loops run lane by
 * lane, whose barriers lie on no loop (below), or whose first block
 * heads a loop that per-warp code goes round. */
#include "cgen.h"

#include <stdlib.h>
#include <string.h>

/* A barrier that every warp of the block reaches with all its lanes. */
static bool plain_block_barrier(const cux_cgen *g, uint32_t b)
{
    const cux_cfg_block *block = &g->cfg.blocks[b];
    const cux_ptx_insn *bar = &g->func->insns[block->end - 1];
    return (bar->op == CUX_OP_BAR || bar->op == CUX_OP_BARRIER) &&
           bar->mode != CUX_MODE_RED && bar->mode != CUX_MODE_CUX_GRID &&
           !(bar->flags & CUX_PTX_F_SPIN) && !g->uniform.partial[b] &&
           !g->uniform.block_partial[b];
}

bool cux_cgen_plain_barriers(const cux_cgen *g)
{
    if (!g->func->is_entry || g->named_barriers)
        return false;
    bool any = false;
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++) {
        if (g->serial[b])
            return false;
        if (!g->cfg.blocks[b].ends_in_barrier)
            continue;
        if (!plain_block_barrier(g, b))
            return false;
        any = true;
    }
    return any;
}

/* A register block-level code may hold as one scalar for the block: the
 * same in every thread, and none of the per-lane representations.  One
 * resident in the save area (resident.c) moves out of it. */
static bool scalar_candidate(const cux_cgen *g, uint32_t r)
{
    return !g->uniform.block_varying[r] && !g->uniform.varying[r] &&
           !g->exact_affine[r] && !g->lane_only[r] &&
           !g->pred_bits[r] && !g->lane_values[r];
}

static bool block_operand(const cux_ptx_operand *op, const uint8_t *scalar)
{
    switch (op->kind) {
    case CUX_OPND_IMM_INT: case CUX_OPND_IMM_F32: case CUX_OPND_IMM_F64:
        return true;
    case CUX_OPND_REG:
        return scalar[op->value];
    case CUX_OPND_SREG:
        return op->value == CUX_SREG_NTID || op->value == CUX_SREG_CTAID ||
               op->value == CUX_SREG_NCTAID;
    case CUX_OPND_ADDR: case CUX_OPND_VAR:
        /* a symbol's address, or a kernel parameter's (below) */
        return op->base_kind != CUX_OPND_REG;
    default:
        return false;
    }
}

/* An instruction block-level code may run for the block: it computes a
 * block scalar from block scalars, constants, the block's indices and
 * kernel parameters, and can neither fault nor touch other memory. */
static bool hoistable(const cux_cgen *g, const cux_ptx_insn *insn,
                      const uint8_t *scalar)
{
    if (insn->guard >= 0)
        return false;
    if (insn->op == CUX_OP_LD) {
        if (insn->space != CUX_SPACE_PARAM || insn->n_operands != 2 ||
            insn->vec > 1)
            return false;
        const cux_ptx_operand *a = cux_cgen_opnd((cux_cgen *)g, insn, 1);
        if (a->kind != CUX_OPND_ADDR || a->base_kind != CUX_OPND_VAR ||
            !g->layout->kernel_param[a->value])
            return false;
    } else if (!cux_computes_from_operands(insn)) {
        return false;
    }
    uint32_t regs[CUX_MAX_WRITTEN];
    if (cux_cgen_written((cux_cgen *)g, insn, regs, CUX_MAX_WRITTEN) != 1 ||
        !scalar[regs[0]] || cux_ptx_insn_dsts(insn) != 1)
        return false;
    for (uint32_t k = 1; k < insn->n_operands; k++)
        if (!block_operand(cux_cgen_opnd((cux_cgen *)g, insn, k), scalar))
            return false;
    return true;
}

/* The registers insn reads, at most max: its guard and its sources. */
static uint32_t read_regs(cux_cgen *g, const cux_ptx_insn *insn,
                          uint32_t *regs, uint32_t max)
{
    uint32_t n = 0;
    if (insn->guard >= 0 && n < max)
        regs[n++] = (uint32_t)insn->guard;
    for (uint32_t k = cux_ptx_insn_dsts(insn); k < insn->n_operands; k++) {
        const cux_ptx_operand *op = cux_cgen_opnd(g, insn, k);
        bool many = op->kind == CUX_OPND_VEC || op->kind == CUX_OPND_LIST;
        for (uint32_t e = 0; e < (many ? op->count : 1u); e++) {
            const cux_ptx_operand *el =
                many ? &g->func->operands[op->first + e] : op;
            if ((el->kind == CUX_OPND_REG ||
                 (el->kind == CUX_OPND_ADDR && el->base_kind == CUX_OPND_REG)) &&
                n < max)
                regs[n++] = el->value;
        }
    }
    return n;
}

enum { MAX_READ = 64 };

/* Marks what the warps' code of insn may read in `used`: its sources,
 * what it writes (a write by part of the warp keeps the other lanes'
 * old values), and what the definition of a register formed where read
 * (lane_only.c) reads. */
static void mark_used(cux_cgen *g, const cux_ptx_insn *insn, uint8_t *used)
{
    uint32_t regs[MAX_READ], n = read_regs(g, insn, regs, MAX_READ);
    n += cux_cgen_written(g, insn, regs + n, MAX_READ - n);
    for (uint32_t i = 0; i < n; i++) {
        if (used[regs[i]])
            continue;
        used[regs[i]] = 1;
        if (g->lane_only[regs[i]])
            mark_used(g, &g->func->insns[g->remat.def[regs[i]]], used);
    }
}

/* The one register a hoistable instruction writes. */
static uint32_t written_reg(cux_cgen *g, const cux_ptx_insn *insn)
{
    uint32_t regs[CUX_MAX_WRITTEN];
    cux_cgen_written(g, insn, regs, CUX_MAX_WRITTEN);
    return regs[0];
}

uint32_t cux_cgen_warp_written(cux_cgen *g, uint32_t i, uint32_t *regs)
{
    return g->hoist[i] ? 0 : cux_cgen_written(g, &g->func->insns[i], regs,
                                              CUX_MAX_WRITTEN);
}

/* Whether the last instruction is a terminator, not hoisted code. */
static bool ends_in_terminator(const cux_cgen *g, uint32_t b)
{
    const cux_cfg_block *block = &g->cfg.blocks[b];
    if (block->first == block->end)
        return false;
    const cux_ptx_insn *last = &g->func->insns[block->end - 1];
    return block->ends_in_barrier || block->n_succ != 1 ||
           last->op == CUX_OP_BRA ||
           (cux_ptx_opcode_flags[last->op] & CUX_PTX_OPF_TERM);
}

/* Whether block b's last instruction can end block-level code: a jump,
 * a branch on a block scalar, the exit, a barrier, or a fall through. */
static bool level_terminator(const cux_cgen *g, uint32_t b,
                             const uint8_t *scalar)
{
    const cux_cfg_block *block = &g->cfg.blocks[b];
    if (block->first == block->end)
        return block->n_succ == 1;
    const cux_ptx_insn *last = &g->func->insns[block->end - 1];
    if (block->ends_in_barrier)
        return true;
    if (!ends_in_terminator(g, b)) /* falls through */
        return block->n_succ == 1;
    switch (last->op) {
    case CUX_OP_BRA:
        return last->guard < 0 || scalar[(uint32_t)last->guard];
    case CUX_OP_RET: case CUX_OP_EXIT:
        return last->guard < 0 && block->n_succ == 0;
    default:
        return false;
    }
}

/* One pass of the fixed point: which blocks block-level code enters,
 * how much of each it runs, and which candidates stay block scalars.
 * Returns whether anything shrank. */
static bool refine(cux_cgen *g, uint8_t *scalar, uint32_t *read_mark,
                   uint32_t *mark)
{
    const cux_cfg *cfg = &g->cfg;
    bool changed = false;
    uint8_t *entered_now = cux_xcalloc(cfg->n_blocks + 1, 1);
    for (uint32_t b = 0; b < cfg->n_blocks; b++)
        entered_now[b] = !g->uniform.partial[b] &&
                         !g->uniform.block_partial[b];
    for (uint32_t p = 0; p < cfg->n_blocks; p++) {
        const cux_cfg_block *block = &cfg->blocks[p];
        if (g->level_whole[p] || block->ends_in_barrier)
            continue;
        for (uint32_t k = 0; k < block->n_succ; k++)
            if (block->succ[k] != CUX_CFG_EXIT)
                entered_now[block->succ[k]] = 0;
    }
    for (uint32_t b = 0; b < cfg->n_blocks; b++) {
        const cux_cfg_block *block = &cfg->blocks[b];
        bool entered = entered_now[b];
        /* block-level code runs the block's hoistable instructions
         * before the warps run the rest: each but one whose register
         * per-warp code above it in the block reads (the old value) */
        uint32_t body = block->end - block->first, n = 0;
        if (ends_in_terminator(g, b))
            body--;
        ++*mark; /* read_mark[r] == *mark: per-warp code above reads r */
        bool blind = false; /* read more than read_regs tells */
        for (uint32_t i = block->first; i < block->first + body; i++) {
            const cux_ptx_insn *insn = &g->func->insns[i];
            bool hoist = entered && !blind && hoistable(g, insn, scalar) &&
                         read_mark[written_reg(g, insn)] != *mark;
            changed |= hoist != g->hoist[i];
            g->hoist[i] = hoist;
            n += hoist;
            uint32_t regs[MAX_READ];
            uint32_t k = hoist ? 0 : read_regs(g, insn, regs, MAX_READ);
            blind |= k == MAX_READ;
            while (k)
                read_mark[regs[--k]] = *mark;
        }
        bool whole = entered && n == body && level_terminator(g, b, scalar);
        if (entered != g->level_entered[b] || whole != g->level_whole[b])
            changed = true;
        g->level_entered[b] = entered;
        g->level_whole[b] = whole;
    }
    free(entered_now);
    for (uint32_t b = 0; b < cfg->n_blocks; b++) {
        const cux_cfg_block *block = &cfg->blocks[b];
        for (uint32_t i = block->first; i < block->end; i++) {
            uint32_t regs[CUX_MAX_WRITTEN];
            uint32_t n = cux_cgen_warp_written(g, i, regs);
            for (uint32_t k = 0; k < n; k++)
                if (scalar[regs[k]]) {
                    scalar[regs[k]] = 0;
                    changed = true;
                }
        }
    }
    return changed;
}

/* The entry at block s, a successor of block-level code (in s itself
 * when block-level code enters it, else at its top). */
static uint32_t entry_at(cux_cgen *g, uint32_t s)
{
    for (uint32_t i = 0; i < g->n_entries; i++)
        if (g->entry_block[i] == s)
            return i;
    g->entry_block[g->n_entries] = s;
    return g->n_entries++;
}

static uint32_t root(uint32_t *parent, uint32_t i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

/* Each entry's blocks: those it reaches without passing a barrier.
 * Entries that reach a common block make one stretch (clang tests a
 * loop's counter after the barrier that the counter's increment comes
 * before: the loop is entered from block-level code and from that
 * test).  False where per-warp code leads into block-level code. */
static bool claim_stretch_blocks(cux_cgen *g)
{
    const cux_cfg *cfg = &g->cfg;
    uint32_t nb = cfg->n_blocks;
    uint32_t *work = cux_xcalloc(nb + 1, sizeof *work);
    uint32_t *owner = cux_xcalloc(nb + 1, sizeof *owner); /* 1 + entry */
    uint32_t *parent = cux_xcalloc(g->n_entries + 1, sizeof *parent);
    bool ok = true;
    for (uint32_t i = 0; i < g->n_entries; i++)
        parent[i] = i;
    for (uint32_t i = 0; ok && i < g->n_entries; i++) {
        uint32_t n = 0, e = g->entry_block[i];
        if (owner[e]) {
            parent[root(parent, owner[e] - 1)] = root(parent, i);
            continue;
        }
        owner[e] = i + 1;
        work[n++] = e;
        while (ok && n) {
            const cux_cfg_block *block = &cfg->blocks[work[--n]];
            if (block->ends_in_barrier)
                continue;
            for (uint32_t j = 0; ok && j < block->n_succ; j++) {
                uint32_t s = block->succ[j];
                if (s == CUX_CFG_EXIT)
                    continue;
                if (g->level_entered[s]) {
                    ok = false;
                } else if (owner[s]) {
                    parent[root(parent, owner[s] - 1)] = root(parent, i);
                } else {
                    owner[s] = i + 1;
                    work[n++] = s;
                }
            }
        }
    }
    /* number the stretches by their roots */
    uint32_t *number = cux_xcalloc(g->n_entries + 1, sizeof *number);
    g->n_stretches = 0;
    for (uint32_t i = 0; ok && i < g->n_entries; i++) {
        uint32_t r = root(parent, i);
        if (!number[r])
            number[r] = ++g->n_stretches;
        g->entry_stretch[i] = number[r] - 1;
    }
    for (uint32_t b = 0; ok && b < nb; b++)
        g->stretch[b] = owner[b] ? number[root(parent, owner[b] - 1)] : 0;
    free(number);
    free(work);
    free(owner);
    free(parent);
    return ok;
}

/* Which barriers' saves each stretch restores: those from which
 * block-level code alone leads to its entry. */
static void find_restores(cux_cgen *g)
{
    const cux_cfg *cfg = &g->cfg;
    uint32_t nb = cfg->n_blocks;
    uint8_t *seen = cux_xcalloc(nb + 1, 1);
    uint32_t *work = cux_xcalloc(nb + 1, sizeof *work);
    for (uint32_t x = 0; x < nb; x++) {
        if (!cfg->blocks[x].ends_in_barrier || cfg->blocks[x].n_succ != 1 ||
            cfg->blocks[x].succ[0] == CUX_CFG_EXIT)
            continue;
        memset(seen, 0, nb);
        uint32_t n = 0;
        work[n++] = cfg->blocks[x].succ[0];
        seen[cfg->blocks[x].succ[0]] = 1;
        while (n) {
            uint32_t b = work[--n];
            /* a barrier that block-level code passes changes no warp's
             * registers: the saves of x still hold */
            if (!g->level_whole[b]) { /* an entry */
                g->restores[(size_t)(g->stretch[b] - 1) * nb + x] = 1;
                continue;
            }
            for (uint32_t j = 0; j < cfg->blocks[b].n_succ; j++) {
                uint32_t s = cfg->blocks[b].succ[j];
                if (s != CUX_CFG_EXIT && !seen[s]) {
                    seen[s] = 1;
                    work[n++] = s;
                }
            }
        }
    }
    free(seen);
    free(work);
}

/* Whether some barrier lies on a loop: its block reaches itself. */
static bool barrier_in_loop(const cux_cgen *g)
{
    uint32_t nb = g->cfg.n_blocks;
    uint8_t *seen = cux_xcalloc(nb + 1, 1);
    uint32_t *work = cux_xcalloc(nb + 1, sizeof *work);
    bool found = false;
    for (uint32_t x = 0; x < nb && !found; x++) {
        if (!g->cfg.blocks[x].ends_in_barrier)
            continue;
        memset(seen, 0, nb);
        uint32_t n = 0;
        work[n++] = x;
        while (n && !found) {
            const cux_cfg_block *block = &g->cfg.blocks[work[--n]];
            for (uint32_t j = 0; j < block->n_succ; j++) {
                uint32_t s = block->succ[j];
                if (s == CUX_CFG_EXIT || seen[s])
                    continue;
                found |= s == x;
                seen[s] = 1;
                work[n++] = s;
            }
        }
    }
    free(seen);
    free(work);
    return found;
}

void cux_cgen_choose_block_split(cux_cgen *g)
{
    const cux_cfg *cfg = &g->cfg;
    uint32_t nb = cfg->n_blocks, nr = g->func->n_regs;
    g->split = false;
    g->block_scalar = cux_xcalloc(nr + 1, 1);
    g->hoist = cux_xcalloc(g->func->n_insns + 1, 1);
    g->level_entered = cux_xcalloc(nb + 1, 1);
    g->level_whole = cux_xcalloc(nb + 1, 1);
    g->stretch = cux_xcalloc(nb + 1, sizeof *g->stretch);
    g->entry_block = cux_xcalloc(nb + 1, sizeof *g->entry_block);
    g->entry_stretch = cux_xcalloc(nb + 1, sizeof *g->entry_stretch);
    g->n_entries = 0;
    g->restores = NULL;
    g->stretch_writes = g->stretch_uses = NULL;
    g->block_affine = NULL;
    g->n_stretches = 0;
    /* A block whose barriers lie on no loop passes a handful of them,
     * where rounds cost little, and its warps' code compiled a little
     * better in a function of its own (histogram's atomics 7% faster,
     * A/B): the split is for the trees and tile loops. */
    if (!cux_cgen_plain_barriers(g) || !barrier_in_loop(g))
        return;
    /* optimistic start: every candidate a scalar, every converged block
     * whole block-level code; refine shrinks both to the fixed point */
    for (uint32_t r = 0; r < nr; r++)
        g->block_scalar[r] = scalar_candidate(g, r);
    for (uint32_t b = 0; b < nb; b++)
        g->level_whole[b] = !g->uniform.partial[b] &&
                            !g->uniform.block_partial[b];
    uint32_t *read_mark = cux_xcalloc(nr + 1, sizeof *read_mark), mark = 0;
    while (refine(g, g->block_scalar, read_mark, &mark))
        ;
    free(read_mark);
    if (!g->level_entered[0]) {
        memset(g->block_scalar, 0, nr);
        return;
    }
    /* stretches: where block-level code enters a block it does not run
     * whole, and each block-level block's successors it does not enter */
    for (uint32_t b = 0; b < nb; b++)
        if (g->level_entered[b] && !g->level_whole[b])
            entry_at(g, b);
    for (uint32_t b = 0; b < nb; b++) {
        const cux_cfg_block *block = &cfg->blocks[b];
        if (!g->level_whole[b] && !block->ends_in_barrier)
            continue;
        for (uint32_t j = 0; j < block->n_succ; j++)
            if (block->succ[j] != CUX_CFG_EXIT &&
                !g->level_entered[block->succ[j]])
                entry_at(g, block->succ[j]);
    }
    if (!claim_stretch_blocks(g)) {
        memset(g->block_scalar, 0, nr);
        return;
    }
    g->restores = cux_xcalloc((size_t)g->n_stretches * nb + 1, 1);
    find_restores(g);
    g->stretch_writes = cux_xcalloc((size_t)g->n_stretches * nr + 1, 1);
    g->stretch_uses = cux_xcalloc((size_t)g->n_stretches * nr + 1, 1);
    for (uint32_t b = 0; b < nb; b++) {
        const cux_cfg_block *block = &cfg->blocks[b];
        if (!g->stretch[b])
            continue;
        size_t at = (size_t)(g->stretch[b] - 1) * nr;
        for (uint32_t i = block->first; i < block->end; i++) {
            uint32_t regs[CUX_MAX_WRITTEN];
            uint32_t n = cux_cgen_warp_written(g, i, regs);
            for (uint32_t j = 0; j < n; j++)
                g->stretch_writes[at + regs[j]] = 1;
            if (!g->hoist[i])
                mark_used(g, &g->func->insns[i], g->stretch_uses + at);
        }
    }
    cux_cgen_resident_drop(g, g->block_scalar);
    g->split = true;
}

void cux_cgen_block_split_free(cux_cgen *g)
{
    free(g->block_scalar);
    free(g->hoist);
    free(g->level_entered);
    free(g->level_whole);
    free(g->stretch);
    free(g->entry_block);
    free(g->entry_stretch);
    free(g->restores);
    free(g->stretch_writes);
    free(g->stretch_uses);
    free(g->block_affine);
    g->block_affine = NULL;
    g->stretch_writes = g->stretch_uses = NULL;
    g->block_scalar = NULL;
    g->restores = NULL;
    g->split = false;
}
