/* idle_warps.c: warps that a barrier's round need not run.
 *
 * In a shared-memory tree (`for (s = n / 2; s > 0; s >>= 1) { if (tid <
 * s) a[tid] += a[tid + s]; __syncthreads(); }`) most warps have nothing
 * to do at most steps: they resume, halve `s`, find every lane at `tid >=
 * s` and wait at the next barrier.  Such a step still costs a warp its
 * resume, the block-wide counter's load, test and store, and the save at
 * the barrier, about as much as a step with work (5 ns of a 256-thread
 * tree's 6 on an AVX-512 Xeon); a 256-thread tree of eight steps has 52
 * such warp steps and 12 with work.
 *
 * A warp's step from a barrier to the next is *idle* when it changes only
 * what every warp of the block holds alike: it writes block-uniform
 * registers (analysis/uniformity.c) and registers that no barrier keeps,
 * and nothing else (no memory, no lane exits, no divergence).  Its
 * branches are then either block-uniform, which every warp takes alike,
 * or tests of a lane-affine value `v = B + sx * %tid.x` (B block-uniform)
 * against a block-uniform bound that all its lanes decided the same way.
 * In a one-dimensional block the later warps' threads follow this warp's,
 * so where the compare decides that same way for every later thread too
 * (checked on the span of their values, as the branch is taken), every
 * later warp at the same barrier would take the same path and end at the
 * same barrier with the same block-uniform registers.  The warp returns
 * CUX_WARP_IDLE there, and the round moves those warps to that barrier
 * by copying the block-uniform part of its save area, without running
 * them (the round loop in emit_func.c).
 *
 * Applied to kernels whose every barrier is a plain block barrier that
 * the warp reaches converged and every warp reaches (bar.sync 0 in
 * block-uniform control, what CUDA asks of __syncthreads), with no
 * yields, no named barriers and no loops run lane by lane. */
#include "cgen.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Instructions that compute a register from registers and constants and
 * can neither fault nor touch memory, and kernel parameter loads. */
static bool computes_only(const cux_cgen *g, const cux_ptx_insn *insn)
{
    if (insn->op != CUX_OP_LD)
        return cux_computes_from_operands(insn);
    if (insn->space != CUX_SPACE_PARAM || insn->n_operands != 2)
        return false;
    const cux_ptx_operand *addr = cux_cgen_opnd((cux_cgen *)g, insn, 1);
    return addr->kind == CUX_OPND_ADDR && addr->base_kind == CUX_OPND_VAR &&
           g->layout->kernel_param[addr->value];
}

/* Whether a warp that runs insn may still be idle: it computes, and what
 * it writes is the same in every warp or kept by no barrier. */
static bool idle_insn(cux_cgen *g, const cux_ptx_insn *insn)
{
    if (!computes_only(g, insn))
        return false;
    uint32_t regs[CUX_MAX_WRITTEN];
    uint32_t n = cux_cgen_written(g, insn, regs, CUX_MAX_WRITTEN);
    for (uint32_t i = 0; i < n; i++)
        if (g->uniform.block_varying[regs[i]] &&
            cux_cgen_in_save_area(g, regs[i]))
            return false;
    return true;
}

/* An operand whose value is the same in every warp of the block. */
static bool block_uniform_operand(const cux_cgen *g,
                                  const cux_ptx_operand *op)
{
    switch (op->kind) {
    case CUX_OPND_IMM_INT:
        return true;
    case CUX_OPND_REG:
        return !g->uniform.block_varying[op->value];
    case CUX_OPND_SREG:
        return op->value == CUX_SREG_NTID || op->value == CUX_SREG_CTAID ||
               op->value == CUX_SREG_NCTAID;
    default:
        return false;
    }
}

/* Registers B + sx * %tid.x + sy * %tid.y with B the same in every warp:
 * affine (analysis/affine.c, 32 bits, never widened) and defined only
 * from such registers, block-uniform values and the thread index, by
 * definitions every warp runs alike (in no partial block of either
 * level).  Optimistic fixed point: loops define registers from
 * themselves. */
static uint8_t *block_affine_registers(cux_cgen *g)
{
    const cux_ptx_func *f = g->func;
    uint8_t *ok = cux_xcalloc(f->n_regs + 1, 1);
    for (uint32_t r = 0; r < f->n_regs; r++) {
        int64_t sx, sy;
        bool y_known, widened;
        ok[r] = cux_affine_strides(&g->affine, r, &sx, &sy, &y_known,
                                   &widened) &&
                y_known && !widened &&
                cux_ptx_type_size((cux_ptx_type)f->regs[r].type) == 4;
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 0; i < f->n_insns; i++) {
            const cux_ptx_insn *insn = &f->insns[i];
            uint32_t regs[CUX_MAX_WRITTEN];
            uint32_t n = cux_cgen_written(g, insn, regs, CUX_MAX_WRITTEN);
            if (n == 0 || !ok[regs[0]])
                continue;
            uint32_t b = g->cfg.block_of_insn[i];
            bool keep = n == 1 && insn->guard < 0 && !g->uniform.partial[b] &&
                        !g->uniform.block_partial[b];
            for (uint32_t k = 1; keep && k < insn->n_operands; k++) {
                const cux_ptx_operand *op = cux_cgen_opnd(g, insn, k);
                keep = block_uniform_operand(g, op) ||
                       (op->kind == CUX_OPND_REG && ok[op->value]) ||
                       (op->kind == CUX_OPND_SREG && op->value == CUX_SREG_TID);
            }
            if (!keep) {
                ok[regs[0]] = 0;
                changed = true;
            }
        }
    }
    return ok;
}

/* The side of a setp that varies between the lanes (the other one,
 * where the setp can keep a warp idle, is block-uniform). */
static uint32_t affine_side(cux_cgen *g, const cux_ptx_insn *insn)
{
    const cux_ptx_operand *a = cux_cgen_opnd(g, insn, 1);
    return a->kind == CUX_OPND_REG && g->uniform.varying[a->value] ? 1 : 2;
}

/* The setp that a block's branch tests, if the branch can keep a warp
 * idle: the setp compares a block-affine register (side 1 or 2) with a
 * block-uniform value in 32-bit integers, in the same block, and neither
 * is written between it and the branch.  Returns its index + 1, or 0. */
static uint32_t guard_compare(cux_cgen *g, const uint8_t *block_affine,
                              uint32_t b)
{
    const cux_ptx_func *f = g->func;
    const cux_cfg_block *block = &g->cfg.blocks[b];
    const cux_ptx_insn *bra = &f->insns[block->end - 1];
    uint32_t guard = (uint32_t)bra->guard;
    for (uint32_t i = block->end - 1; i-- > block->first;) {
        const cux_ptx_insn *insn = &f->insns[i];
        if (!cux_ptx_insn_writes(f, insn, guard))
            continue;
        cux_ptx_type t = (cux_ptx_type)insn->type;
        if (insn->op != CUX_OP_SETP || insn->guard >= 0 ||
            insn->n_operands != 3 || (insn->flags & CUX_PTX_F_PAIR) ||
            !cux_ptx_type_is_int(t) || cux_ptx_type_size(t) != 4 ||
            insn->cmp < CUX_CMP_EQ || insn->cmp > CUX_CMP_HS)
            return 0;
        uint32_t side = affine_side(g, insn);
        const cux_ptx_operand *a = cux_cgen_opnd(g, insn, side);
        const cux_ptx_operand *u = cux_cgen_opnd(g, insn, 3 - side);
        if (!(a->kind == CUX_OPND_REG && block_affine[a->value] &&
              block_uniform_operand(g, u)))
            return 0;
        /* operands unchanged up to the branch */
        for (uint32_t j = i + 1; j < block->end - 1; j++)
            if (cux_ptx_insn_writes(f, &f->insns[j], a->value) ||
                (u->kind == CUX_OPND_REG &&
                 cux_ptx_insn_writes(f, &f->insns[j], u->value)))
                return 0;
        /* affine.c keeps strides within 2^20, so the span over a block
         * stays far inside 64 bits */
        if (!cux_cgen_reg_affine(g, a->value, NULL, NULL, NULL))
            return 0;
        return i + 1;
    }
    return 0;
}

/* Whether a warp that runs block b can stay idle, and where its branch
 * needs the test of the later warps (g->idle_guard). */
static bool idle_block(cux_cgen *g, const uint8_t *block_affine, uint32_t b)
{
    const cux_cfg_block *block = &g->cfg.blocks[b];
    for (uint32_t i = block->first; i < block->end; i++) {
        const cux_ptx_insn *insn = &g->func->insns[i];
        bool last = i + 1 == block->end;
        if (last && block->ends_in_barrier)
            return true;
        if (last && insn->op == CUX_OP_BRA) {
            if (insn->guard < 0 ||
                !g->uniform.block_varying[(uint32_t)insn->guard])
                return true;
            g->idle_guard[b] = guard_compare(g, block_affine, b);
            return g->idle_guard[b] != 0;
        }
        if (!idle_insn(g, insn))
            return false;
    }
    return block->n_succ == 1 && block->succ[0] != CUX_CFG_EXIT;
}

void cux_cgen_choose_idle_warps(cux_cgen *g)
{
    uint32_t nb = g->cfg.n_blocks;
    g->idle_warps = false;
    g->idle_state = cux_xcalloc(nb + 1, 1);
    g->idle_guard = cux_xcalloc(nb + 1, sizeof(uint32_t));
    if (!cux_cgen_plain_barriers(g))
        return;
    uint8_t *block_affine = block_affine_registers(g);
    uint8_t *breaks = cux_xcalloc(nb + 1, 1);
    for (uint32_t b = 0; b < nb; b++)
        breaks[b] = !idle_block(g, block_affine, b);
    free(block_affine);
    /* Where a step may still be idle: from each barrier's resume on,
     * through the blocks that keep it so.  Elsewhere idle_path is 0 and
     * the code is left as it was (a grid-stride loop before the first
     * barrier gets no stores in its trips). */
    for (uint32_t b = 0; b < nb; b++) {
        const cux_cfg_block *block = &g->cfg.blocks[b];
        if (block->ends_in_barrier && block->n_succ == 1 &&
            block->succ[0] != CUX_CFG_EXIT)
            g->idle_state[block->succ[0]] |= IDLE_IN;
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t b = 0; b < nb; b++) {
            const cux_cfg_block *block = &g->cfg.blocks[b];
            if (!(g->idle_state[b] & IDLE_IN) || breaks[b] ||
                block->ends_in_barrier)
                continue;
            for (uint32_t k = 0; k < block->n_succ; k++) {
                uint32_t s = block->succ[k];
                if (s != CUX_CFG_EXIT && !(g->idle_state[s] & IDLE_IN)) {
                    g->idle_state[s] |= IDLE_IN;
                    changed = true;
                }
            }
        }
    }
    /* Worth it where an idle step can pass a lane test and reach a
     * barrier: a step of block-uniform work alone costs a warp less to
     * run than to move (a loop of bare barriers, 0.6 ns against 1). */
    bool tested = false, reported = false;
    for (uint32_t b = 0; b < nb; b++)
        if (g->idle_state[b] & IDLE_IN) {
            g->idle_state[b] |= breaks[b] ? IDLE_ENDS : IDLE_RUNS;
            tested |= !breaks[b] && g->idle_guard[b];
            reported |= !breaks[b] && g->cfg.blocks[b].ends_in_barrier;
        }
    free(breaks);
    g->idle_warps = tested && reported;
}

void cux_cgen_idle_block_top(cux_cgen *g, uint32_t b)
{
    if (g->idle_warps && (g->idle_state[b] & IDLE_ENDS))
        EMIT("    idle_path = 0;\n");
}

bool cux_cgen_idle_runs(const cux_cgen *g, uint32_t b)
{
    return g->idle_warps && (g->idle_state[b] & IDLE_RUNS);
}

/* The compare `a cmp u`, a on the left, over every later thread's value
 * of a in [lo_, hi_]: whether all of them give `x`. */
static const char *span_gives(int cmp, bool x)
{
    switch (cmp) {
    case CUX_CMP_LT: case CUX_CMP_LO: return x ? "hi_ < u_" : "lo_ >= u_";
    case CUX_CMP_LE: case CUX_CMP_LS: return x ? "hi_ <= u_" : "lo_ > u_";
    case CUX_CMP_GT: case CUX_CMP_HI: return x ? "lo_ > u_" : "hi_ <= u_";
    case CUX_CMP_GE: case CUX_CMP_HS: return x ? "lo_ >= u_" : "hi_ < u_";
    case CUX_CMP_EQ:
        return x ? "lo_ == u_ && hi_ == u_" : "u_ < lo_ || u_ > hi_";
    default: /* CUX_CMP_NE */
        return x ? "u_ < lo_ || u_ > hi_" : "lo_ == u_ && hi_ == u_";
    }
}

/* Declares s_, cux_later_span's answer for the setp's affine register a
 * (operand `side`), with the span [lo_, hi_] of its values over the
 * block's later threads, and u_, the other operand. */
static const char *later_span(cux_cgen *g, const cux_ptx_insn *setp,
                              uint32_t side, uint32_t a)
{
    cux_ptx_type t = (cux_ptx_type)setp->type;
    bool is_signed = cux_ptx_type_is_signed(t);
    const char *st = is_signed ? "int32_t" : "uint32_t";
    int64_t sx = 0;
    cux_cgen_reg_affine(g, a, &sx, NULL, NULL);
    return FMT("int64_t lo_, hi_, u_ = (int64_t)(%s)%s;\n"
               "      int s_ = cux_later_span(blk, w->tid[0][0], "
               "(int64_t)(%s)%s, %" PRId64 "ll, %d, &lo_, &hi_);",
               st, cux_cgen_src_scalar(g, setp, 3 - side, t), st,
               cux_cgen_lane_value(g, a, 0), sx, is_signed);
}

/* Whether every later thread's compare gives x, over [lo_, hi_]. */
static const char *later_gives(const cux_ptx_insn *setp, uint32_t side,
                               bool x)
{
    return span_gives(side == 1 ? setp->cmp : cux_cgen_mirrored(setp->cmp),
                      x);
}

const char *cux_cgen_idle_arm(cux_cgen *g, const cux_ptx_insn *bra,
                              bool lanes_take, uint32_t to)
{
    /* nothing to test where the arm goes to work (tid < s taken) */
    uint32_t def = g->idle_guard[g->block];
    if (!cux_cgen_idle_runs(g, g->block) || !def ||
        (to < g->cfg.n_blocks && (g->idle_state[to] & IDLE_ENDS)))
        return "";
    const cux_ptx_insn *setp = &g->func->insns[def - 1];
    uint32_t side = affine_side(g, setp);
    const cux_ptx_operand *a = cux_cgen_opnd(g, setp, side);
    /* every live lane's predicate: the branch's test, negated or not */
    bool x = lanes_take != bra->guard_negated;
    return FMT("if (idle_path) { %s\n"
               "        idle_path = s_ < 0 || (s_ > 0 && !(%s)) ? 0 : 2; }",
               later_span(g, setp, side, a->value),
               later_gives(setp, side, x));
}

const char *cux_cgen_later_alike(cux_cgen *g, const cux_ptx_insn *setp,
                                 bool x)
{
    cux_ptx_type t = (cux_ptx_type)setp->type;
    if (setp->n_operands != 3 || (setp->flags & CUX_PTX_F_PAIR) ||
        !cux_ptx_type_is_int(t) || cux_ptx_type_size(t) != 4 ||
        setp->cmp < CUX_CMP_EQ || setp->cmp > CUX_CMP_HS)
        return "";
    if (!g->block_affine)
        g->block_affine = block_affine_registers(g);
    uint32_t side = affine_side(g, setp);
    const cux_ptx_operand *a = cux_cgen_opnd(g, setp, side);
    const cux_ptx_operand *u = cux_cgen_opnd(g, setp, 3 - side);
    if (a->kind != CUX_OPND_REG || !g->block_affine[a->value] ||
        !block_uniform_operand(g, u) ||
        !cux_cgen_reg_affine(g, a->value, NULL, NULL, NULL))
        return "";
    return FMT("{ %s\n      if (s_ == 0 || (s_ > 0 && (%s))) wi_ = nwarps; }",
               later_span(g, setp, side, a->value),
               later_gives(setp, side, x));
}

/* Out of line and from locals: inlined into the round, whose warp code
 * leaves few registers, the mask and the source fields went through the
 * stack, and each moved warp waited on the last one's store (a loop of
 * barriers alone ran 1.4x slower by moving its warps than by running
 * them). */
void cux_cgen_idle_copy_function(cux_cgen *g)
{
    if (!g->idle_warps)
        return;
    uint32_t n = 0;
    EMIT("/* Moves the warps after warps[i] that wait where it waited\n"
         " * (`from`) to where its idle step took it (idle_warps.c), with\n"
         " * its block-uniform registers; returns them as bits. */\n"
         "static __attribute__((noinline)) uint64_t cux_idle%u("
         "cux_cpu_warp *warps, uint32_t i, uint32_t nwarps, uint32_t from)\n"
         "{\n"
         "    struct cux_save%u *s_ = warps[i].save;\n"
         "    const uint32_t resume = warps[i].resume;\n"
         "    const uint32_t kind = warps[i].barrier_kind;\n"
         "    (void)s_;\n",
         g->func_index, g->func_index);
    /* Each register by a load of its own size: the warp has just stored
     * them one by one, and GCC's one 8-byte load of two 4-byte members
     * cannot take them from the store buffer (a store-forwarding stall
     * was most of a move's time in reduce_smem).  Relaxed atomic loads
     * are never merged. */
    for (uint32_t r = 0; r < g->func->n_regs; r++)
        if (!g->uniform.block_varying[r] && cux_cgen_in_save_area(g, r)) {
            const char *name = cux_cgen_reg_declared_name(g, r);
            if (g->func->regs[r].vec)
                EMIT("    const __typeof__(s_->%s) v%u_ = s_->%s;\n", name,
                     n++, name);
            else
                EMIT("    __typeof__(s_->%s) v%u_;\n"
                     "    __atomic_load(&s_->%s, &v%u_, __ATOMIC_RELAXED);\n",
                     name, n, name, n), n++;
        }
    EMIT("    uint64_t moved = 0;\n"
         "    for (uint32_t k = i + 1; k < nwarps && k < 64; k++) {\n"
         "        cux_cpu_warp *to = &warps[k];\n"
         "        if (to->done || to->resume != from)\n"
         "            continue;\n"
         "        struct cux_save%u *d_ = to->save;\n"
         "        (void)d_;\n", g->func_index);
    n = 0;
    for (uint32_t r = 0; r < g->func->n_regs; r++)
        if (!g->uniform.block_varying[r] && cux_cgen_in_save_area(g, r))
            EMIT("        d_->%s = v%u_;\n",
                 cux_cgen_reg_declared_name(g, r), n++);
    EMIT("        to->resume = resume;\n"
         "        to->barrier_kind = kind;\n"
         "        moved |= 1ull << k;\n    }\n"
         "    return moved;\n}\n\n");
}

void cux_cgen_idle_free(cux_cgen *g)
{
    free(g->idle_state);
    free(g->idle_guard);
    g->idle_state = NULL;
    g->idle_guard = NULL;
}
