/* uniformity.c: which registers hold the same value in every lane of a
 * warp, which branches therefore cannot split it, and so which blocks may
 * run with only part of the warp; and the same questions one level up,
 * for the warps of a thread block.
 *
 * Optimistic fixed point: every register starts uniform; a register turns
 * varying when an instruction computes it from a varying source or from a
 * lane-dependent one (%tid, %laneid, local memory, shuffles, atomics,
 * calls, the carry flag), under a varying guard, or inside a block that
 * may run with part of the warp and the value could be seen by lanes
 * that did not write it (see escapes_region).  A block may run partially
 * when it lies between a varying branch and the branch's reconvergence
 * point.
 *
 * The block level runs the same fixed point from the warp level's answer
 * with fewer sources held uniform: %warpid differs between warps, and so
 * may a value loaded from memory that other warps write (a load at one
 * address gives one value to a warp, whose lanes load together, but warps
 * run one after another).  Only what no thread can write while the kernel
 * runs stays block-uniform: parameters, constants, `ld.global.nc`, `ldu`.
 * A branch on a per-warp value then makes its region run in some warps
 * only, and values written there are per-warp as the lanes' are. */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>

/* Whose values are compared: the lanes of one warp, or all the block's. */
typedef enum { SCOPE_WARP, SCOPE_BLOCK } scope;

static bool sreg_uniform(const cux_ptx_operand *op, scope level)
{
    switch (op->value) {
    case CUX_SREG_WARPID:
        return level == SCOPE_WARP;
    case CUX_SREG_NTID: case CUX_SREG_CTAID: case CUX_SREG_NCTAID:
    case CUX_SREG_NWARPID: case CUX_SREG_SMID:
    case CUX_SREG_NSMID: case CUX_SREG_GRIDID: case CUX_SREG_ENVREG:
    case CUX_SREG_DYNAMIC_SMEM_SIZE: case CUX_SREG_TOTAL_SMEM_SIZE:
    case CUX_SREG_CUX_COOPERATIVE: case CUX_SREG_RESERVED_SMEM_BEGIN:
    case CUX_SREG_RESERVED_SMEM_END: case CUX_SREG_RESERVED_SMEM_CAP:
    case CUX_SREG_RESERVED_SMEM_OFFSET:
        return true;
    default:
        return false;
    }
}

/* Is the value (or address) an operand stands for the same in all lanes? */
static bool operand_uniform(const cux_ptx_module *m, const cux_ptx_func *f,
                            const cux_ptx_operand *op, const uint8_t *varying,
                            scope level)
{
    switch (op->kind) {
    case CUX_OPND_REG:
        return !varying[op->value];
    case CUX_OPND_SREG:
        return sreg_uniform(op, level);
    case CUX_OPND_IMM_INT: case CUX_OPND_IMM_F32: case CUX_OPND_IMM_F64:
    case CUX_OPND_SINK: case CUX_OPND_LABEL: case CUX_OPND_FUNC:
        return true;
    case CUX_OPND_VAR: {
        const cux_ptx_var *var = &m->vars[op->value];
        /* Local and call-parameter addresses differ per lane; a
         * kernel's own parameters are one buffer for the whole grid. */
        if (var->space == CUX_SPACE_LOCAL)
            return false;
        if (var->space != CUX_SPACE_PARAM || var->func < 0)
            return true;
        const cux_ptx_func *owner = &m->funcs[var->func];
        for (uint32_t i = 0; owner->is_entry && i < owner->n_params; i++)
            if (owner->params[i] == op->value)
                return true;
        return false;
    }
    case CUX_OPND_ADDR: {
        cux_ptx_operand base = *op;
        base.kind = op->base_kind;
        return op->base_kind == CUX_OPND_IMM_INT ||
               operand_uniform(m, f, &base, varying, level);
    }
    case CUX_OPND_VEC: case CUX_OPND_LIST:
        for (uint32_t e = 0; e < op->count; e++)
            if (!operand_uniform(m, f, &f->operands[op->first + e], varying,
                                 level))
                return false;
        return true;
    }
    return false;
}

/* Opcodes whose result can differ between lanes (or warps) even from
 * equal inputs. */
static bool lane_dependent(const cux_ptx_module *m, const cux_ptx_insn *insn,
                           scope level)
{
    (void)m;
    switch (insn->op) {
    case CUX_OP_ATOM: case CUX_OP_SHFL: case CUX_OP_VOTE: case CUX_OP_MATCH:
    case CUX_OP_REDUX: case CUX_OP_ACTIVEMASK: case CUX_OP_CALL:
    case CUX_OP_BAR: case CUX_OP_BARRIER: case CUX_OP_TEX: case CUX_OP_TLD4:
    case CUX_OP_SULD:
    /* each lane holds its own part of a matrix */
    case CUX_OP_WMMA:
    /* They read the carry flag, a per-lane value this analysis does not
     * follow. */
    case CUX_OP_ADDC: case CUX_OP_SUBC: case CUX_OP_MADC:
        return true;
    case CUX_OP_LD: case CUX_OP_LDU:
        if (insn->space == CUX_SPACE_LOCAL ||
            (insn->flags & CUX_PTX_F_VOLATILE))
            return true;
        return level == SCOPE_BLOCK && insn->op == CUX_OP_LD &&
               insn->space != CUX_SPACE_PARAM &&
               insn->space != CUX_SPACE_CONST &&
               !(insn->flags & CUX_PTX_F_NC);
    default:
        return false;
    }
}

static bool insn_varying(const cux_ptx_module *m, const cux_ptx_func *f,
                         const cux_ptx_insn *insn, const uint8_t *varying,
                         scope level)
{
    if (lane_dependent(m, insn, level))
        return true;
    if (insn->guard >= 0 && varying[insn->guard])
        return true;
    uint32_t dsts = cux_ptx_insn_dsts(insn);
    for (uint32_t i = dsts; i < insn->n_operands; i++)
        if (!operand_uniform(m, f, &f->operands[insn->first_operand + i],
                             varying, level))
            return true;
    return false;
}

/* The blocks between one varying branch and its reconvergence. */
typedef struct region {
    uint32_t branch, join;  /* the branch's block; its ipdom or EXIT */
    uint8_t *blocks;        /* n_blocks flags */
} region;

typedef struct cux_uniformity_regions {
    region *list;
    uint32_t n, cap;
    uint32_t *idom;         /* dominators of the function's blocks */
} regions;

static void regions_clear(regions *rs)
{
    for (uint32_t i = 0; i < rs->n; i++)
        free(rs->list[i].blocks);
    rs->n = 0;
}

/* Finds the region of every varying branch and marks its blocks partial. */
static void find_regions(const cux_ptx_func *f, const cux_cfg *cfg,
                         const uint8_t *varying, uint8_t *partial,
                         regions *rs)
{
    uint32_t *stack = cux_xcalloc(cfg->n_blocks + 1, sizeof(uint32_t));
    regions_clear(rs);
    for (uint32_t b = 0; b < cfg->n_blocks; b++) {
        const cux_cfg_block *block = &cfg->blocks[b];
        const cux_ptx_insn *last = &f->insns[block->end - 1];
        if (block->n_succ != 2 || last->guard < 0 || !varying[last->guard])
            continue;
        if (rs->n == rs->cap) {
            rs->cap = rs->cap ? rs->cap * 2 : 8;
            rs->list = cux_xrealloc(rs->list, rs->cap * sizeof(region));
        }
        region *r = &rs->list[rs->n++];
        r->branch = b;
        r->join = block->ipdom;
        r->blocks = cux_xcalloc(cfg->n_blocks + 1, 1);
        uint32_t top = 0, stop = block->ipdom;
        for (uint32_t s = 0; s < 2; s++)
            if (block->succ[s] != CUX_CFG_EXIT && block->succ[s] != stop)
                stack[top++] = block->succ[s];
        while (top) {
            uint32_t x = stack[--top];
            if (r->blocks[x])
                continue;
            r->blocks[x] = partial[x] = 1;
            for (uint32_t s = 0; s < cfg->blocks[x].n_succ; s++) {
                uint32_t y = cfg->blocks[x].succ[s];
                if (y != CUX_CFG_EXIT && y != stop && !r->blocks[y] &&
                    top < cfg->n_blocks)
                    stack[top++] = y;
            }
        }
    }
    free(stack);
}

/* A uniform value written where only part of the warp runs stays uniform
 * for the lanes that run there.  It is one value for the warp only if no
 * lane can see another lane's value.  The sides of a divergent branch
 * run one after the other, so when both sides lie inside its region and
 * one may read the register before writing it, that side could read what
 * the other wrote (unless the writing block dominates the branch, as in a
 * loop whose latch is the branch: then every lane leaving it has just
 * written the register).  And after the branch's reconvergence the lanes'
 * values meet, so nothing there may read it. */
static bool escapes_region(const cux_cfg *cfg, const cux_liveness *live,
                           const regions *rs, uint32_t block, uint32_t reg,
                           bool latch_exception)
{
    for (uint32_t i = 0; i < rs->n; i++) {
        const region *r = &rs->list[i];
        if (!r->blocks[block])
            continue;
        if (cux_liveness_in(live, r->join, reg))
            return true;
        const cux_cfg_block *b = &cfg->blocks[r->branch];
        bool both_inside = true;
        for (uint32_t s = 0; s < 2; s++)
            both_inside &= b->succ[s] != r->join && b->succ[s] != CUX_CFG_EXIT;
        if (both_inside &&
            !(latch_exception && cux_dominates(rs->idom, block, r->branch)) &&
            (cux_liveness_in(live, b->succ[0], reg) ||
             cux_liveness_in(live, b->succ[1], reg)))
            return true;
    }
    return false;
}

bool cux_uniformity_escapes(const cux_cfg *cfg, const cux_uniformity *u,
                            uint32_t block, uint32_t reg)
{
    return u->partial[block] &&
           escapes_region(cfg, u->killing_live, u->regions, block, reg, true);
}

/* The loop-latch exception of escapes_region is about values: lanes that
 * left the loop earlier wrote the register themselves, and may read what
 * they wrote.  So the old value stays needed there. */
bool cux_uniformity_old_value_read(const cux_cfg *cfg, const cux_uniformity *u,
                                   uint32_t block, uint32_t reg)
{
    return u->partial[block] &&
           escapes_region(cfg, u->killing_live, u->regions, block, reg, false);
}

/* Marks insn's destination registers varying: all of them when `all`,
 * else those whose value other lanes could see (guarded writes, and
 * those escaping a region around `block`). */
static void mark_dsts(const cux_ptx_func *f, const cux_cfg *cfg,
                      const cux_liveness *live, const regions *rs,
                      uint32_t block, const cux_ptx_insn *insn, bool all,
                      uint8_t *varying, bool *changed)
{
    uint32_t dsts = cux_ptx_insn_dsts(insn);
    for (uint32_t i = 0; i < dsts && i < insn->n_operands; i++) {
        const cux_ptx_operand *op = &f->operands[insn->first_operand + i];
        uint32_t count = op->kind == CUX_OPND_VEC ? op->count : 1;
        for (uint32_t e = 0; e < count; e++) {
            const cux_ptx_operand *el =
                op->kind == CUX_OPND_VEC ? &f->operands[op->first + e] : op;
            if (el->kind == CUX_OPND_REG && !varying[el->value] &&
                (all || insn->guard >= 0 ||
                 escapes_region(cfg, live, rs, block, el->value, true))) {
                varying[el->value] = 1;
                *changed = true;
            }
        }
    }
}

/* Grows varying and partial (which may start non-empty) to the fixed
 * point at the given level; rs ends holding the regions found. */
static void fixed_point(const cux_ptx_module *m, const cux_ptx_func *f,
                        const cux_cfg *cfg, const cux_liveness *live,
                        regions *rs, scope level, uint8_t *varying,
                        uint8_t *partial)
{
    for (bool changed = true; changed;) {
        changed = false;
        find_regions(f, cfg, varying, partial, rs);
        for (uint32_t i = 0; i < f->n_insns; i++) {
            const cux_ptx_insn *insn = &f->insns[i];
            uint32_t home = cfg->home[i]; /* shared_heads.c */
            bool all = insn_varying(m, f, insn, varying, level);
            if (all || partial[home])
                mark_dsts(f, cfg, live, rs, home, insn, all, varying,
                          &changed);
        }
    }
}

void cux_uniformity_compute(const cux_ptx_module *m, const cux_ptx_func *f,
                            const cux_cfg *cfg, cux_uniformity *out)
{
    out->varying = cux_xcalloc(f->n_regs + 1, 1);
    out->partial = cux_xcalloc(cfg->n_blocks + 1, 1);
    /* Ordinary liveness (every unguarded write kills): what a lane reads
     * if it is the one that wrote. */
    cux_liveness *live = cux_xcalloc(1, sizeof(*live));
    cux_liveness_compute(f, cfg, NULL, live);
    regions *rs = cux_xcalloc(1, sizeof(*rs));
    rs->idom = cux_dominators_compute(cfg);
    fixed_point(m, f, cfg, live, rs, SCOPE_WARP, out->varying, out->partial);

    /* What varies between lanes varies between warps too. */
    out->block_varying = cux_xcalloc(f->n_regs + 1, 1);
    out->block_partial = cux_xcalloc(cfg->n_blocks + 1, 1);
    memcpy(out->block_varying, out->varying, f->n_regs);
    memcpy(out->block_partial, out->partial, cfg->n_blocks);
    regions block_rs = {.idom = rs->idom};
    fixed_point(m, f, cfg, live, &block_rs, SCOPE_BLOCK, out->block_varying,
                out->block_partial);
    regions_clear(&block_rs);
    free(block_rs.list);

    out->regions = rs;
    out->killing_live = live;
}

void cux_uniformity_free(cux_uniformity *u)
{
    if (u->regions) {
        regions_clear(u->regions);
        free(u->regions->list);
        free(u->regions->idom);
        free(u->regions);
    }
    if (u->killing_live)
        cux_liveness_free(u->killing_live);
    free(u->killing_live);
    free(u->varying);
    free(u->partial);
    free(u->block_varying);
    free(u->block_partial);
    memset(u, 0, sizeof(*u));
}
