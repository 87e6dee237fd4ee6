/* serial_loops.c: divergent loops that gather, run one lane at a time.
 *
 * A warp runs a loop whose trip count differs between its lanes for as
 * many trips as its longest lane, and each load through an address
 * loaded from memory (spmv's `val[k]` and `x[col[k]]`, k from
 * `row_start[row]`) is a gather of 32 addresses from as many cache
 * lines, masked on the last trips.  Run one lane at a time, the same loop
 * makes each lane's trips only, its loads are scalar and each lane walks
 * its own row's consecutive addresses, which the hardware prefetcher
 * follows: what a C loop over the rows does.  PoCL, which runs every
 * work-item's loop that way, ran bench/spmv 3x faster than the warp did.
 *
 * Lanes may run a loop one after another where nothing in it lets them
 * see each other: no barrier, warp operation, atomic, fence, volatile,
 * acquiring or spinning access, exit, or call but of libdevice's pure
 * functions (`fmaf` is `call __nv_fmaf` in clang's PTX, its arguments in
 * the lane's slots of the call's parameters); a plain load that reads a
 * plain store of another lane in the same loop is a data race, which CUDA
 * leaves undefined.  Nor may the loop read a lane's own identity (%tid,
 * %laneid): every register is one lane's scalar there.  The loop is a
 * natural loop with one exit block, which every lane reaches before the
 * warp goes on together, as it would at the loop's reconvergence point.
 *
 * Where the loop's loads are mostly contiguous, or it has none (mandel's
 * iteration), or it computes much on what it gathers, the warp's vectors
 * stay faster: a loop over neighbour lists that gathers three values and
 * computes 17 floating-point operations on them (an exponential, square
 * roots) per trip ran 2x slower lane by lane.  So only loops with at
 * least as many gathers as contiguous accesses, at most two floating-point
 * operations per gather (a libdevice call counts four), and a branch that
 * splits the warp run this way.
 *
 * Inside, the emitters see every register as warp-uniform and named by
 * a scalar local of the lane (their uniform paths are the scalar code),
 * and the mask as the one lane: a guard, an alignment test and a store
 * name it.  Registers live after the loop are written back to the lane. */
#include "cgen.h"

#include <stdlib.h>
#include <string.h>

enum { NO_BLOCK = UINT32_MAX };

/* Special registers with one value for the whole block. */
static bool sreg_uniform(uint32_t sreg)
{
    switch (sreg) {
    case CUX_SREG_NTID: case CUX_SREG_CTAID: case CUX_SREG_NCTAID:
    case CUX_SREG_NWARPID: case CUX_SREG_DYNAMIC_SMEM_SIZE:
    case CUX_SREG_TOTAL_SMEM_SIZE:
        return true;
    default:
        return false;
    }
}

/* A variable whose address is the same for every lane: not the local
 * window nor a call's parameters, which cux lays out per lane.  A call's
 * parameters may be read and written, in the lane's own slot, but their
 * address is not a value. */
static bool variable_uniform(const cux_cgen *g, uint32_t var, bool accessed)
{
    const cux_ptx_var *v = &g->module->vars[var];
    if (v->space == CUX_SPACE_LOCAL)
        return false;
    return v->space != CUX_SPACE_PARAM || accessed ||
           g->layout->kernel_param[var];
}

static bool operand_allowed(const cux_cgen *g, const cux_ptx_operand *op)
{
    switch (op->kind) {
    case CUX_OPND_SREG:
        return sreg_uniform(op->value);
    case CUX_OPND_VAR:
        return variable_uniform(g, op->value, false);
    case CUX_OPND_ADDR:
        return op->base_kind != CUX_OPND_VAR ||
               variable_uniform(g, op->value, true);
    case CUX_OPND_VEC:
        for (uint32_t e = 0; e < op->count; e++)
            if (!operand_allowed(g, &g->func->operands[op->first + e]))
                return false;
        return true;
    default:
        return true;
    }
}

/* A call of a libdevice function (fmaf under clang is `call __nv_fmaf`):
 * pure, and called for one lane (emit_call.c).  Its arguments are the
 * call's operand lists, not operands runs_alone checks. */
static bool libdevice_call(const cux_cgen *g, const cux_ptx_insn *insn)
{
    const cux_ptx_operand *target = &g->func->operands[insn->first_operand + 1];
    if (insn->n_operands < 2 || target->kind != CUX_OPND_FUNC)
        return false;
    const cux_ptx_func *callee = &g->module->funcs[target->value];
    return !callee->has_body &&
           !strncmp(callee->name, CUX_LIBDEVICE_PREFIX,
                    strlen(CUX_LIBDEVICE_PREFIX));
}

/* Whether insn may run for one lane while the others wait (see above). */
static bool runs_alone(cux_cgen *g, const cux_ptx_insn *insn)
{
    if (insn->flags & (CUX_PTX_F_VOLATILE | CUX_PTX_F_SPIN))
        return false;
    if (insn->op == CUX_OP_CALL)
        return libdevice_call(g, insn);
    for (uint32_t i = 0; i < insn->n_operands; i++)
        if (!operand_allowed(g, cux_cgen_opnd(g, insn, i)))
            return false;
    cux_lane_op op;
    switch (insn->op) {
    case CUX_OP_LD: case CUX_OP_ST:
        if (insn->sem != CUX_SEM_NONE && insn->sem != CUX_SEM_WEAK)
            return false;
        switch (insn->space) {
        case CUX_SPACE_GLOBAL: case CUX_SPACE_SHARED: case CUX_SPACE_CONST:
        case CUX_SPACE_GENERIC: case CUX_SPACE_PARAM:
            return true;
        default:
            return false;
        }
    case CUX_OP_MOV: case CUX_OP_CVTA: case CUX_OP_SETP: case CUX_OP_SET:
        return true;
    default:
        return cux_cgen_lane_op(g, insn, &op);
    }
}

/* The register an access goes through, if it is one that differs
 * between lanes; NO_BLOCK otherwise. */
static uint32_t varying_address(const cux_cgen *g, const cux_ptx_insn *insn)
{
    if (insn->op != CUX_OP_LD && insn->op != CUX_OP_ST)
        return NO_BLOCK;
    const cux_ptx_operand *a =
        &g->func->operands[insn->first_operand + (insn->op == CUX_OP_LD)];
    if (a->kind != CUX_OPND_ADDR || a->base_kind != CUX_OPND_REG ||
        !g->uniform.varying[a->value])
        return NO_BLOCK;
    return a->value;
}

/* Whether insn computes on floating-point values (cvt to or from them
 * too). */
static bool float_op(const cux_ptx_insn *insn)
{
    switch (insn->op) {
    case CUX_OP_LD: case CUX_OP_ST: case CUX_OP_MOV: case CUX_OP_CVTA:
    case CUX_OP_SETP: case CUX_OP_SET:
        return false;
    default:
        break;
    }
    static const uint8_t floats[] = {CUX_T_F16, CUX_T_F16X2, CUX_T_BF16,
                                     CUX_T_BF16X2, CUX_T_F32, CUX_T_F64};
    for (size_t i = 0; i < sizeof floats; i++)
        if (insn->type == floats[i] || insn->type2 == floats[i])
            return true;
    return false;
}

/* Whether a barrier's resume computes reg again from its sources: those
 * the loop keeps in its lanes' locals it cannot read. */
static bool recomputed_after_barrier(const cux_cgen *g, uint32_t reg)
{
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++)
        if (g->cfg.blocks[b].ends_in_barrier && cux_cgen_recomputed(g, b, reg))
            return true;
    return false;
}

/* Whether the register is held as its vector (or scalar) alone, which
 * is what a lane's value after the loop is written back to. */
static bool plain_form(const cux_cgen *g, uint32_t r)
{
    return !g->resident[r] && !g->exact_affine[r] && !g->lane_values[r] &&
           !g->pred_bits[r] && !g->lane_only[r];
}

/* The loop's one exit block if it may run lane by lane, else NO_BLOCK.
 * `written` (per register, cleared) is scratch. */
static uint32_t qualifies(cux_cgen *g, const uint8_t *body, uint8_t *written)
{
    const cux_ptx_func *f = g->func;
    uint32_t exit = NO_BLOCK, gathers = 0, runs = 0, computes = 0;
    bool splits = false;
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++) {
        if (!body[b])
            continue;
        const cux_cfg_block *blk = &g->cfg.blocks[b];
        if (!blk->n_succ || blk->ends_in_barrier)
            return NO_BLOCK;
        for (uint32_t s = 0; s < blk->n_succ; s++) {
            uint32_t to = blk->succ[s];
            if (to == CUX_CFG_EXIT || (!body[to] && exit != NO_BLOCK &&
                                       to != exit))
                return NO_BLOCK;
            if (!body[to])
                exit = to;
        }
        for (uint32_t i = blk->first; i < blk->end; i++) {
            const cux_ptx_insn *insn = &f->insns[i];
            if (insn->op == CUX_OP_BRA && i + 1 == blk->end) {
                splits |= insn->guard >= 0 &&
                          g->uniform.varying[insn->guard];
                continue;
            }
            if (!runs_alone(g, insn))
                return NO_BLOCK;
            computes += insn->op == CUX_OP_CALL ? 4 : float_op(insn);
            uint32_t reg = varying_address(g, insn);
            if (reg != NO_BLOCK) {
                int64_t sx, sy;
                bool known;
                bool affine = cux_affine_strides(&g->affine, reg, &sx, &sy,
                                                 &known, NULL);
                runs += affine;
                gathers += !affine;
            }
            uint32_t regs[CUX_MAX_WRITTEN];
            uint32_t k = cux_cgen_written(g, insn, regs, CUX_MAX_WRITTEN);
            for (uint32_t j = 0; j < k; j++)
                written[regs[j]] = 1;
        }
    }
    if (exit == NO_BLOCK || !splits || !gathers || gathers < runs ||
        computes > 2 * gathers)
        return NO_BLOCK;
    /* What is live after the loop is written back to a lane of its
     * vector or to its scalar, not to another form. */
    for (uint32_t r = 0; r < f->n_regs; r++)
        if (written[r] && (recomputed_after_barrier(g, r) ||
                           (cux_liveness_in(&g->live, exit, r) &&
                            !plain_form(g, r))))
            return NO_BLOCK;
    return exit;
}

void cux_cgen_choose_serial_loops(cux_cgen *g)
{
    uint32_t nb = g->cfg.n_blocks;
    g->serial = cux_xcalloc(nb + 1, sizeof(uint32_t));
    g->serial_exit = cux_xcalloc(nb + 1, sizeof(uint32_t));
    if (!nb)
        return;
    uint32_t *idom = cux_dominators_compute(&g->cfg);
    cux_preds preds;
    cux_preds_compute(&g->cfg, &preds);
    uint8_t *body = cux_xcalloc(nb + 1, 1);
    uint8_t *written = cux_xcalloc(g->func->n_regs + 1, 1);
    uint32_t *work = cux_xcalloc(nb + 1, sizeof(uint32_t));
    /* In block order an outer loop's header comes first: it takes its
     * inner loops with it. */
    for (uint32_t h = 0; h < nb; h++) {
        if (g->serial[h] || idom[h] == UINT32_MAX)
            continue;
        memset(body, 0, nb + 1);
        if (!cux_natural_loop(&g->cfg, idom, &preds, h, body, work))
            continue;
        memset(written, 0, g->func->n_regs + 1);
        uint32_t exit = qualifies(g, body, written);
        bool taken = false;
        for (uint32_t b = 0; b < nb; b++)
            taken |= body[b] && g->serial[b];
        if (exit == NO_BLOCK || taken)
            continue;
        for (uint32_t b = 0; b < nb; b++)
            if (body[b])
                g->serial[b] = h + 1;
        g->serial_exit[h] = exit;
    }
    free(work);
    free(written);
    free(body);
    cux_preds_free(&preds);
    free(idom);
}

bool cux_cgen_serial_hidden(const cux_cgen *g, uint32_t b)
{
    return b < g->cfg.n_blocks && g->serial[b] && g->serial[b] != b + 1;
}

/* Registers the loop names by a lane's local: those it writes, and
 * those it reads that differ between lanes or have no scalar name. */
static bool needs_local(const cux_cgen *g, uint32_t r, const uint8_t *used,
                        const uint8_t *written)
{
    return written[r] ||
           (used[r] && (!cux_cgen_reg_scalar(g, r) || g->pred_bits[r] ||
                        g->exact_affine[r]));
}

/* Lane l of a register defined before the loop, as a scalar. */
static const char *lane_value(cux_cgen *g, uint32_t r)
{
    if (g->pred_bits[r])
        return FMT("(-(int32_t)(%s >> l & 1))", cux_cgen_pred_bits_name(g, r));
    if (cux_cgen_reg_scalar(g, r) && !g->exact_affine[r])
        return cux_cgen_reg_name(g, r);
    return cux_cgen_reg_lane(g, r);
}

static void mark_register(const cux_ptx_func *f, const cux_ptx_operand *op,
                          uint8_t *used)
{
    if (op->kind == CUX_OPND_REG ||
        (op->kind == CUX_OPND_ADDR && op->base_kind == CUX_OPND_REG))
        used[op->value] = 1;
    else if (op->kind == CUX_OPND_VEC)
        for (uint32_t e = 0; e < op->count; e++)
            mark_register(f, &f->operands[op->first + e], used);
}

static const char *label(cux_cgen *g, uint32_t h, uint32_t b)
{
    if (b == g->serial_exit[h])
        return FMT("LS%u_x", h);
    return FMT("LS%u_%u", h, b);
}

/* The emitters' view inside the loop (see the top of the file), and the
 * view to restore after it. */
typedef struct view {
    uint8_t *varying, *lane_values, *exact_affine, *pred_bits, *lane_only,
        *resident;
    const char **reg_names;
    bool whole_warp, in_twin, one_lane;
} view;

static view swap_view(cux_cgen *g, view v)
{
    view old = {g->uniform.varying, g->lane_values, g->exact_affine,
                g->pred_bits, g->lane_only, g->resident, g->reg_names,
                g->whole_warp, g->in_twin, g->one_lane};
    g->uniform.varying = v.varying;
    g->lane_values = v.lane_values;
    g->exact_affine = v.exact_affine;
    g->pred_bits = v.pred_bits;
    g->lane_only = v.lane_only;
    g->resident = v.resident;
    g->reg_names = v.reg_names;
    g->whole_warp = v.whole_warp;
    g->in_twin = v.in_twin;
    g->one_lane = v.one_lane;
    return old;
}

static void emit_lane_block(cux_cgen *g, uint32_t h, uint32_t b)
{
    const cux_cfg_block *blk = &g->cfg.blocks[b];
    EMIT("%s:\n", label(g, h, b));
    g->block = b;
    g->block_run++;
    for (uint32_t i = blk->first; i < blk->end; i++) {
        const cux_ptx_insn *insn = &g->func->insns[i];
        cux_cgen_at_insn(g, insn);
        if (insn->op == CUX_OP_BRA && i + 1 == blk->end) {
            const char *to = label(g, h, blk->succ[0]);
            if (insn->guard < 0)
                EMIT("    goto %s;\n", to);
            else
                EMIT("    if (%s%s) goto %s; goto %s;\n",
                     insn->guard_negated ? "!" : "",
                     cux_cgen_reg_name(g, (uint32_t)insn->guard), to,
                     label(g, h, blk->succ[1]));
            return;
        }
        cux_cgen_insn(g, insn);
    }
    EMIT("    goto %s;\n", label(g, h, blk->succ[0]));
}

uint32_t cux_cgen_serial_loop(cux_cgen *g, uint32_t h)
{
    const cux_ptx_func *f = g->func;
    uint32_t exit = g->serial_exit[h], nr = f->n_regs;
    uint8_t *used = cux_xcalloc(nr + 1, 1), *written = cux_xcalloc(nr + 1, 1);
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++) {
        if (g->serial[b] != h + 1)
            continue;
        for (uint32_t i = g->cfg.blocks[b].first; i < g->cfg.blocks[b].end; i++) {
            const cux_ptx_insn *insn = &f->insns[i];
            for (uint32_t o = 0; o < insn->n_operands; o++)
                mark_register(f, cux_cgen_opnd(g, insn, o), used);
            if (insn->guard >= 0)
                used[insn->guard] = 1;
            uint32_t regs[CUX_MAX_WRITTEN];
            uint32_t k = cux_cgen_written(g, insn, regs, CUX_MAX_WRITTEN);
            for (uint32_t j = 0; j < k; j++)
                written[regs[j]] = 1;
        }
    }
    /* A lane's local for every register the loop writes, and for those
     * it reads that differ between lanes; uniform ones it only reads
     * keep their names.  A uniform register the loop writes starts each
     * lane from its value before the loop (lso_). */
    const char **names = cux_xcalloc(nr + 1, sizeof(char *));
    EMIT("    { /* lane by lane: serial_loops.c */\n");
    for (uint32_t r = 0; r < nr; r++) {
        names[r] = needs_local(g, r, used, written) ? FMT("ls_%s", cux_cgen_reg_declared_name(g, r))
                         : cux_cgen_reg_name(g, r);
        if (written[r] && cux_cgen_reg_scalar(g, r) &&
            cux_liveness_in(&g->live, h, r))
            EMIT("    %s lso_%s = %s;\n",
                 cux_cgen_wtype((cux_ptx_type)f->regs[r].type),
                 cux_cgen_reg_declared_name(g, r), cux_cgen_reg_name(g, r));
    }
    EMIT("    for (uint32_t lanes_ = m; lanes_; lanes_ &= lanes_ - 1) {\n"
         "    const int l = __builtin_ctz(lanes_);\n");
    for (uint32_t r = 0; r < nr; r++) {
        if (!needs_local(g, r, used, written))
            continue;
        const char *type = cux_cgen_wtype((cux_ptx_type)f->regs[r].type);
        if (!cux_liveness_in(&g->live, h, r))
            EMIT("    %s %s;\n", type, names[r]);
        else if (written[r] && cux_cgen_reg_scalar(g, r))
            EMIT("    %s %s = lso_%s;\n", type, names[r],
                 cux_cgen_reg_declared_name(g, r));
        else
            EMIT("    %s %s = %s;\n", type, names[r], lane_value(g, r));
    }
    /* Write-back targets, named while the view is the warp's. */
    const char **homes = cux_xcalloc(nr + 1, sizeof(char *));
    for (uint32_t r = 0; r < nr; r++)
        if (written[r] && cux_liveness_in(&g->live, exit, r))
            homes[r] = cux_cgen_reg_scalar(g, r)
                ? cux_cgen_reg_name(g, r)
                : FMT("%s[l]", cux_cgen_reg_name(g, r));
    uint8_t *zero = cux_xcalloc(nr + 1, 1);
    view lanes = {zero, zero, zero, zero, zero, zero, names, true, false,
                  true};
    view warp = swap_view(g, lanes);
    EMIT("    { const uint32_t m = 1u << l, em = m; const int partial = 0;\n"
         "      (void)m; (void)em; (void)partial;\n");
    emit_lane_block(g, h, h);
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++)
        if (b != h && g->serial[b] == h + 1)
            emit_lane_block(g, h, b);
    swap_view(g, warp);
    EMIT("    }\n%s: ;\n", label(g, h, exit));
    for (uint32_t r = 0; r < nr; r++)
        if (homes[r])
            EMIT("    %s = %s;\n", homes[r], names[r]);
    EMIT("    }\n    }\n");
    g->block = h;
    free(zero);
    free(homes);
    free(names);
    free(written);
    free(used);
    return exit;
}
