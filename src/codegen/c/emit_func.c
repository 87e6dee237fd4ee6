/* emit_func.c: one PTX function as one C function over a warp.
 *
 * Basic blocks become labels.  The warp runs under an execution mask `m`;
 * a branch whose predicate splits the active lanes pushes the lanes that
 * wait (the other side, and the reconvergence entry at the branch's
 * immediate post-dominator) on a per-warp SIMT stack and continues with
 * the taken lanes.  Arriving at the reconvergence block whose entry is on
 * top pops it.  A branch that is uniform at run time is a plain goto.
 * A block barrier saves registers and control state into the warp
 * context and returns (registers resident there, resident.c, need no
 * copy); the next round calls the warp again, and it resumes after the
 * barrier.  A kernel's entry point runs one round of
 * a block: its warp function, inlined into a loop over the warps.
 *
 * A block the uniformity analysis says may run with part of the warp is
 * emitted twice: as above, with masked register writes (where the lanes
 * that skip a write may read the old value later), and as a twin
 * (label BF<n>) for when every live lane runs it, with plain writes.  A
 * branch that could split the warp but does not at run time (the bounds
 * check `if (i < n)` in every block but the last) continues in the twins
 * as long as the warp stays whole, so the C compiler sees no merge with
 * old register values there. */
#include "cgen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SIMT_STACK_DEPTH = 64 };

/* Uninitialised on purpose: PTX gives unwritten registers no value, and
 * zeroing every vector costs each warp call.  Warp-uniform registers are
 * scalars (emit_operand.c).  Declares the locals (all registers) or the
 * save area's members (those `in_save` allows). */
static void declare_registers(cux_cgen *g,
                              bool (*in_save)(const cux_cgen *, uint32_t))
{
    const cux_ptx_func *f = g->func;
    for (uint32_t r = 0; r < f->n_regs; r++) {
        if (in_save && !in_save(g, r))
            continue;
        cux_ptx_type t = (cux_ptx_type)f->regs[r].type;
        const char *name = cux_cgen_reg_declared_name(g, r);
        if (g->pred_bits[r]) {
            EMIT("    uint32_t %s;\n", cux_cgen_pred_bits_declared_name(g, r));
            continue;
        }
        if (!g->exact_affine[r]) /* those have their lanes only */
            EMIT("    %s %s;\n", cux_cgen_reg_scalar(g, r)
                                     ? cux_cgen_wtype(t) : cux_cgen_vtype(t),
                 name);
        if (cux_cgen_reg_affine(g, r, NULL, NULL, NULL)) {
            unsigned lanes[4], n = cux_cgen_kept_lanes(g, lanes);
            EMIT("    %s", cux_cgen_wtype(t));
            for (unsigned k = 0; k < n; k++)
                EMIT("%s %s", k ? "," : "",
                     cux_cgen_lane_declared_name(g, r, lanes[k]));
            EMIT(";\n");
        }
    }
}

static void declare_params(cux_cgen *g)
{
    const cux_ptx_func *f = g->func;
    for (uint32_t i = 0; i < f->n_locals; i++) {
        uint32_t v = f->locals[i];
        const cux_ptx_var *var = &g->module->vars[v];
        if (var->space == CUX_SPACE_PARAM)
            EMIT("    char pv%u[%llu] __attribute__((aligned(16)));\n", v,
                 (unsigned long long)(var->size ? var->size : 1) * 32);
    }
    if (f->is_entry)
        return;
    for (uint32_t i = 0; i < f->n_rets; i++)
        EMIT("    char *pv%u = P[%u];\n", f->rets[i], i);
    for (uint32_t i = 0; i < f->n_params; i++)
        EMIT("    char *pv%u = P[%u];\n", f->params[i], f->n_rets + i);
}

/* The locals of a warp's SIMT state (its mask m and init_mask declared
 * before), for the warp function and the split block's (below). */
static void declare_simt_state(cux_cgen *g)
{
    EMIT("    uint32_t exited = 0, em = m, rpc = 0xffffffffu, pc = 0;\n"
         "    uint32_t phase_waiting = 0; /* emit_async.c */\n"
         "    int sp = 0, partial = 0;\n"
         "    uint32_t stk_m[%d], stk_pc[%d], stk_rpc[%d];\n"
         "    cux_vs32 wm32; cux_vs16 wm16; cux_vs64 wm64;\n"
         "    cux_vu32 cc = {0};\n",
         SIMT_STACK_DEPTH, SIMT_STACK_DEPTH, SIMT_STACK_DEPTH);
}

/* ...and what of them, lbase, xrun and the thread indices a function
 * may leave unread. */
static void void_simt_state(cux_cgen *g)
{
    EMIT("    (void)lbase; (void)cc; (void)pc; (void)rpc; (void)s_tid0;\n"
         "    (void)s_tid1; (void)s_tid2; (void)stk_m; (void)stk_pc;\n"
         "    (void)stk_rpc; (void)em; (void)partial; (void)xrun;\n"
         "    (void)phase_waiting;\n");
}

static void emit_prologue(cux_cgen *g)
{
    const cux_ptx_func *f = g->func;
    if (g->trip_yields) /* a warp function's return code, as in 10_runtime.h */
        EMIT("#ifndef CUX_WARP_TRIP\n#define CUX_WARP_TRIP 6\n#endif\n");
    if (f->is_entry) {
        /* restrict: generated code never writes the block record, so
         * what it reads there may stay in registers across the warps */
        EMIT("static inline __attribute__((always_inline)) int "
             "cux_w%u(cux_cpu_block *restrict blk, cux_cpu_warp *w)\n{\n",
             g->func_index);
        EMIT("    cux_vu64 lbase = CUX_SPLAT64((uintptr_t)w->local) + "
             "__builtin_convertvector(cux_iota32(), cux_vu64) * "
             "(uint64_t)w->local_stride;\n");
        EMIT("    uint32_t m = w->lanes;\n");
    } else {
        EMIT("static int cux_f%u(cux_cpu_block *blk, cux_cpu_warp *w, "
             "uint32_t m, cux_vu64 lbase, char *const *P)\n{\n",
             g->func_index);
        EMIT("    (void)P;\n");
    }
    /* The shared window in a local: a lane loop's stores could write
     * the block record as far as the C compiler knows, which would make
     * it read blk->shared again for every lane. */
    EMIT("    char *const sh_ = blk->shared;\n    (void)sh_;\n");
    EMIT("    const uint32_t init_mask = m;\n");
    declare_simt_state(g);
    EMIT("    const uint32_t xrun = CUX_XRUN;\n"
         "    cux_vu32 s_tid0, s_tid1, s_tid2;\n"
         "    memcpy(&s_tid0, w->tid[0], sizeof s_tid0);\n"
         "    memcpy(&s_tid1, w->tid[1], sizeof s_tid1);\n"
         "    memcpy(&s_tid2, w->tid[2], sizeof s_tid2);\n");
    void_simt_state(g);
    declare_registers(g, NULL);
    declare_params(g);
    if (f->is_entry)
        EMIT("    struct cux_save%u *const S_ = w->save;\n    (void)S_;\n",
             g->func_index);
    /* idle_warps.c: since the last barrier, only block-uniform work (1),
     * and branches on lane tests that every later warp decides alike (2) */
    if (g->idle_warps)
        EMIT("    uint32_t idle_path = 0;\n");
    if (g->trip_yields) /* trip_yields.c: trips since the call */
        EMIT("    uint32_t trips_ = 0;\n");
    EMIT("    CUX_UPDATE_MASK();\n");
}

/* ---- barrier save/restore ------------------------------------------------ */

static bool uses_carry(const cux_ptx_func *f)
{
    for (uint32_t i = 0; i < f->n_insns; i++)
        if ((f->insns[i].flags & CUX_PTX_F_CC) || f->insns[i].op == CUX_OP_ADDC ||
            f->insns[i].op == CUX_OP_SUBC || f->insns[i].op == CUX_OP_MADC)
            return true;
    return false;
}

/* Of the registers live across the barrier ending `block`, the
 * resident ones stay where they are, as does a block scalar of a split
 * block (block_split.c, one local of the block function); each warp
 * computes again those analysis/remat.c allows and keeps the others in
 * w->save. */
static bool warp_live_out(const cux_cgen *g, uint32_t block, uint32_t reg)
{
    return cux_liveness_out(&g->live, block, reg) && !g->resident[reg] &&
           !(g->split && g->block_scalar[reg]);
}

bool cux_cgen_recomputed(const cux_cgen *g, uint32_t block, uint32_t reg)
{
    return warp_live_out(g, block, reg) && cux_remat_possible(&g->remat, reg);
}

static bool kept(const cux_cgen *g, uint32_t block, uint32_t reg)
{
    return warp_live_out(g, block, reg) && !cux_remat_possible(&g->remat, reg);
}

/* Of the registers live into the header of the loop whose latch is
 * `latch`, those a trip yield there keeps (trip_yields.c), and those it
 * computes again on resuming. */
static bool trip_live(const cux_cgen *g, uint32_t latch, uint32_t reg)
{
    return g->trip_yield[latch] && !g->resident[reg] &&
           cux_liveness_in(&g->live, g->induction.loop[latch] - 1, reg);
}

static bool trip_kept(const cux_cgen *g, uint32_t latch, uint32_t reg)
{
    return trip_live(g, latch, reg) && !cux_remat_possible(&g->remat, reg);
}

static bool trip_recomputed(const cux_cgen *g, uint32_t latch, uint32_t reg)
{
    return trip_live(g, latch, reg) && cux_remat_possible(&g->remat, reg);
}

/* The save area holds the resident registers and those some barrier or
 * trip yield keeps, and nothing else: a warp's area stays a few cache
 * lines. */
bool cux_cgen_in_save_area(const cux_cgen *g, uint32_t reg)
{
    if (g->resident[reg])
        return true;
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++)
        if ((g->cfg.blocks[b].ends_in_barrier && kept(g, b, reg)) ||
            trip_kept(g, b, reg))
            return true;
    return false;
}

static void emit_save_struct(cux_cgen *g)
{
    EMIT("struct cux_save%u {\n", g->func_index);
    declare_registers(g, cux_cgen_in_save_area);
    EMIT("    cux_vu32 cc;\n"
         "    uint32_t m, exited, rpc, sp;\n"
         "    uint32_t stk_m[%d], stk_pc[%d], stk_rpc[%d];\n};\n",
         SIMT_STACK_DEPTH, SIMT_STACK_DEPTH, SIMT_STACK_DEPTH);
    EMIT("const uint32_t cux_k%u_save_bytes = sizeof(struct cux_save%u);\n",
         g->func_index, g->func_index);
}

/* Copies the registers kept across the barrier ending `block` and the
 * SIMT state to or from w->save.  A barrier outside every divergent
 * region (not partial: analysis/uniformity.c) has the warp converged:
 * its stack is empty and its mask is every lane that has not exited, so
 * only `exited` is kept.  That is most barriers, and copying the whole
 * state was a third of a barrier's cost for a warp with nothing to do
 * between two of them (a shared-memory tree's idle warps). */
static void emit_state_copy(cux_cgen *g, bool save, uint32_t block)
{
    const cux_ptx_func *f = g->func;
    /* a block ending in a barrier or, on its back edge, a trip yield */
    bool trip = !g->cfg.blocks[block].ends_in_barrier;
    for (uint32_t r = 0; r < f->n_regs; r++)
        if (trip ? trip_kept(g, block, r) : kept(g, block, r))
            cux_cgen_save_area_copy(g, r, save);
    /* The carry flag only where carries are used, and of the SIMT stack
     * only its used entries (none, at most barriers). */
    if (uses_carry(f))
        EMIT(save ? "    S_->cc = cc;\n" : "    cc = S_->cc;\n");
    if (!g->uniform.partial[block])
        EMIT(save ? "    S_->exited = exited;\n"
                  : "    exited = S_->exited; m = init_mask & ~exited;\n"
                    "    rpc = 0xffffffffu; sp = 0;\n");
    else if (save)
        EMIT("    S_->m = m; S_->exited = exited; S_->rpc = rpc;\n"
             "    S_->sp = (uint32_t)sp;\n"
             "    for (int i_ = 0; i_ < sp; i_++) {\n"
             "      S_->stk_m[i_] = stk_m[i_]; S_->stk_pc[i_] = stk_pc[i_];\n"
             "      S_->stk_rpc[i_] = stk_rpc[i_];\n    }\n");
    else
        EMIT("    m = S_->m; exited = S_->exited; rpc = S_->rpc;\n"
             "    sp = (int)S_->sp;\n"
             "    for (int i_ = 0; i_ < sp; i_++) {\n"
             "      stk_m[i_] = S_->stk_m[i_]; stk_pc[i_] = S_->stk_pc[i_];\n"
             "      stk_rpc[i_] = S_->stk_rpc[i_];\n    }\n");
}

static void emit_insn(cux_cgen *g, const cux_ptx_insn *insn);

/* Emits the (only) definition of reg after those of its register
 * sources that `with` marks (all if NULL), each once (`done` marks
 * them), writing every lane: a pure value the same as when first
 * computed (analysis/remat.c, lane_only.c). */
static void emit_definition(cux_cgen *g, uint32_t reg, const uint8_t *with,
                            uint8_t *done)
{
    if (done[reg])
        return;
    done[reg] = 1;
    const cux_ptx_insn *insn = &g->func->insns[g->remat.def[reg]];
    for (uint32_t i = 1; i < insn->n_operands; i++) {
        const cux_ptx_operand *op = cux_cgen_opnd(g, insn, i);
        if (op->kind == CUX_OPND_REG && (!with || with[op->value]))
            emit_definition(g, op->value, with, done);
    }
    bool whole = g->whole_warp;
    g->whole_warp = true;
    g->forming = true;
    emit_insn(g, insn);
    g->forming = false;
    g->whole_warp = whole;
}

void cux_cgen_form_vector(cux_cgen *g, uint32_t reg)
{
    if (!g->lane_only[reg] || g->vector_formed)
        return;
    uint8_t *done = cux_xcalloc(g->func->n_regs + 1, 1);
    emit_definition(g, reg, g->lane_only, done);
    free(done);
    g->vector_formed = true; /* the rest of the access is inside */
}

static const char *jump(cux_cgen *g, uint32_t b);

/* A resumed warp first computes again every register that some barrier
 * has live and analysis/remat.c finds recomputable: one copy of that code
 * for all resume points keeps the function small, at the price of a few
 * values a given resume point does not need. */
static void emit_resume_dispatch(cux_cgen *g)
{
    uint8_t *done = cux_xcalloc(g->func->n_regs + 1, 1);
    bool any = false;
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++) {
        if (!g->cfg.blocks[b].ends_in_barrier && !g->trip_yield[b])
            continue;
        for (uint32_t r = 0; r < g->func->n_regs; r++)
            if (g->trip_yield[b] ? trip_recomputed(g, b, r)
                                 : cux_cgen_recomputed(g, b, r)) {
                if (!any)
                    EMIT("    if (w->resume) {\n");
                any = true;
                emit_definition(g, r, NULL, done);
            }
    }
    if (any)
        EMIT("    }\n");
    uint32_t id = 0;
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++) {
        if (!g->cfg.blocks[b].ends_in_barrier)
            continue;
        if (!id)
            EMIT("    switch (w->resume) {\n    case 0: break;\n");
        EMIT("    case %u:\n", ++id);
        if (g->idle_warps)
            EMIT("    idle_path = 1;\n");
        emit_state_copy(g, false, b);
        EMIT("      CUX_UPDATE_MASK();\n      goto cux_resume_%u;\n", id);
    }
    /* a warp that yielded on a loop's back edge starts the next trip */
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++) {
        if (!g->trip_yield[b])
            continue;
        if (!id++)
            EMIT("    switch (w->resume) {\n    case 0: break;\n");
        EMIT("    case %u:\n", g->trip_yield[b]);
        uint32_t header = g->induction.loop[b] - 1;
        emit_state_copy(g, false, b);
        cux_cgen_resident_reload(g, header);
        EMIT("      CUX_UPDATE_MASK();\n      %s\n", jump(g, header));
    }
    if (id)
        EMIT("    }\n");
    free(done);
}

/* The yields that trip counts on loops' back edges jump to
 * (cux_cgen_trip_yield): the warp keeps what lives into the loop. */
static void emit_trip_yields(cux_cgen *g)
{
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++) {
        if (!g->trip_yield[b])
            continue;
        EMIT("cux_trip%u:\n", b);
        emit_state_copy(g, true, b);
        EMIT("    w->resume = %u;\n    return CUX_WARP_TRIP;\n",
             g->trip_yield[b]);
    }
}

/* mbarrier.test_wait and try_wait: the test (emit_async.c), then, where
 * some lane found its phase incomplete, a yield as at a nanosleep.  Only
 * the block's other warps can complete the phase, so testing again
 * before they have run would find the same; the predicate stays as
 * tested (the program's loop tests again), so that nothing the test read
 * need live across the yield. */
static void emit_phase_wait(cux_cgen *g, const cux_ptx_insn *insn,
                            uint32_t block, uint32_t id)
{
    g->yields = true;
    EMIT("    phase_waiting = 0;\n");
    emit_insn(g, insn);
    EMIT("    if (phase_waiting) {\n");
    emit_state_copy(g, true, block);
    EMIT("    w->resume = %u;\n    return CUX_WARP_YIELD;\n    }\n"
         "cux_resume_%u:\n", id, id);
    cux_cgen_resident_forget(g);
}

/* A barrier's id or thread count (operand i) as a scalar: the first
 * active lane's where the register is a vector. */
static const char *barrier_operand(cux_cgen *g, const cux_ptx_insn *insn,
                                   uint32_t i)
{
    const cux_ptx_operand *op = cux_cgen_opnd(g, insn, i);
    if (op->kind != CUX_OPND_REG || cux_cgen_reg_scalar(g, op->value))
        return cux_cgen_src_scalar(g, insn, i, CUX_T_U32);
    return FMT("(%s)[__builtin_ctz(em)]", cux_cgen_src(g, insn, i, CUX_T_U32));
}

/* An id past the 32 the runtime keeps, or a count that is not a positive
 * multiple of the warp size, is the error PTX makes it (undefined
 * behaviour on a GPU). */
void cux_cgen_named_barrier_open(cux_cgen *g, const cux_ptx_insn *insn)
{
    bool counted = insn->n_operands > 1;
    EMIT("    { uint32_t id_ = %s, n_ = %s;\n"
         "      if (id_ >= CUX_NAMED_BARRIERS || %sn_ %% 32u) {\n"
         "        blk->svc->trap(blk, w, __builtin_ctz(em), \"barrier id "
         "past 15 or thread count not a positive multiple of 32\", %u);\n"
         "        return CUX_WARP_FAULT;\n      }\n",
         barrier_operand(g, insn, 0),
         counted ? barrier_operand(g, insn, 1) : "0u",
         counted ? "!n_ || " : "", insn->line);
}

/* Which named barrier the warp waits at, and for how many threads. */
static void emit_named_wait(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_cgen_named_barrier_open(g, insn);
    EMIT("      w->barrier_kind = CUX_BAR_NAMED; w->bar_id = id_; "
         "w->bar_count = n_; }\n");
}

/* A block barrier: record arrival, save, yield; resume continues here. */
static void emit_barrier(cux_cgen *g, const cux_ptx_insn *insn, uint32_t block)
{
    /* Only kernels reach here: the pass list has copied every .func
     * with a barrier into its callers (src/ptx/inline.c). */
    uint32_t id = ++g->n_resume;
    if (insn->op == CUX_OP_MBARRIER) {
        emit_phase_wait(g, insn, block, id);
        return;
    }
    if (insn->flags & CUX_PTX_F_SPIN) {
        /* A load a warp spins on (src/ptx/spin.c): the load, then a yield,
         * so that the warp that sets the flag gets to run. */
        g->yields = true;
        emit_insn(g, insn);
        emit_state_copy(g, true, block);
        EMIT("    w->resume = %u;\n    return CUX_WARP_YIELD;\n"
             "cux_resume_%u:\n", id, id);
        cux_cgen_resident_forget(g);
        return;
    }
    if (insn->op == CUX_OP_NANOSLEEP) {
        /* A yield: the warp lets the block's other warps run and goes on
         * after them, without waiting for them at a barrier (the rounds
         * below run only the yielded warps while any has yielded). */
        g->yields = true;
        emit_state_copy(g, true, block);
        EMIT("    w->resume = %u;\n    return CUX_WARP_YIELD;\n"
             "cux_resume_%u:\n", id, id);
        cux_cgen_resident_forget(g);
        return;
    }
    if (g->split) {
        /* the warp's part of the stretch ends here: the next warp's
         * begins, and after the last the block goes on past it.  What
         * the stretch did not write still holds in the save area, where
         * its start read it. */
        uint32_t k = g->stretch[block] - 1, nr = g->func->n_regs;
        for (uint32_t r = 0; r < nr; r++)
            if (kept(g, block, r) && g->stretch_writes[(size_t)k * nr + r])
                cux_cgen_save_area_copy(g, r, true);
        if (uses_carry(g->func))
            EMIT("    S_->cc = cc;\n");
        EMIT("    S_->exited = exited;\n"
             "    next_ = %uu; goto cux_next%u;\n", block + 1, k);
        return;
    }
    const char *kind = "CUX_BAR_SYNC";
    const cux_ptx_operand *pred = NULL;
    if (g->named_barriers && insn->mode != CUX_MODE_RED &&
        insn->mode != CUX_MODE_CUX_GRID) {
        /* The runtime holds the warp until the barrier's count is
         * reached (dev/cpu/block.c). */
        emit_named_wait(g, insn);
        emit_state_copy(g, true, block);
        EMIT("    w->resume = %u;\n    return CUX_WARP_REDUCE;\n"
             "cux_resume_%u:\n", id, id);
        cux_cgen_resident_forget(g);
        return;
    }
    if (insn->mode == CUX_MODE_RED) {
        if (g->named_barriers) {
            cux_cgen_fail(g, insn, "bar.red in a module that also names "
                          "barriers or uses bar.arrive is not supported yet");
            return;
        }
        kind = insn->mode2 == CUX_MODE_POPC ? "CUX_BAR_POPC"
             : insn->mode2 == CUX_MODE_AND ? "CUX_BAR_AND" : "CUX_BAR_OR";
        pred = cux_cgen_opnd(g, insn, insn->n_operands - 1);
    } else if (insn->mode == CUX_MODE_CUX_GRID) {
        /* A grid barrier is a block barrier whose opening the runtime
         * decides (dev/cpu/block.c): the block's warps return to it as
         * at a bar.red, and it resumes them once every block of the grid
         * waits there.  On CUDA a grid sync outside a cooperative launch
         * is undefined (a hang, or cooperative groups' trap); here it is
         * a trap that names it. */
        kind = "CUX_BAR_GRID";
        EMIT("    if (!blk->cooperative) { blk->svc->trap(blk, w, "
             "__builtin_ctz(m), \"grid.sync() (barrier.cux_grid) outside a "
             "cooperative launch (cudaLaunchCooperativeKernel)\", %u); "
             "return CUX_WARP_FAULT; }\n", insn->line);
    }
    /* The kind also for a plain barrier: a warp at one while the others
     * wait at a bar.red must not count in its result. */
    EMIT("    w->barrier_kind = %s;\n", kind);
    if (pred)
        EMIT("    w->arrive_mask = m; w->red_in = m & cux_bits(%s);\n",
             cux_cgen_src_operand(g, insn, pred, CUX_T_PRED));
    emit_state_copy(g, true, block);
    /* w->resume stays set after resuming: only this function reads it,
     * and the warp's next barrier or the next block resets it. */
    bool grid = insn->mode == CUX_MODE_CUX_GRID;
    EMIT("    w->resume = %u;\n    return %s;\ncux_resume_%u:\n", id,
         pred || grid ? "CUX_WARP_REDUCE"
         : cux_cgen_idle_runs(g, block)
         ? "idle_path == 2 ? CUX_WARP_IDLE : CUX_WARP_BARRIER"
         : "CUX_WARP_BARRIER", id);
    cux_cgen_resident_forget(g); /* a resumed warp's locals are new */
    if (pred) {
        const char *result = insn->mode2 == CUX_MODE_POPC
            ? "CUX_SPLAT32(w->red_out)" : "(cux_vu32)-(cux_vs32)CUX_SPLAT32(w->red_out != 0)";
        /* the result may live in the save area (resident.c) like any
         * register an instruction writes */
        cux_cgen_resident_before(g, insn);
        cux_cgen_dst(g, insn, 0, insn->mode2 == CUX_MODE_POPC ? CUX_T_U32 : CUX_T_PRED,
                 result);
        cux_cgen_resident_after(g, insn);
    }
}

/* ---- control flow ---------------------------------------------------------- */

void cux_cgen_exit_lanes(cux_cgen *g, const char *lanes)
{
    EMIT("    { uint32_t x_ = %s; exited |= x_; m &= ~x_;\n"
         "      if (!m) goto %s;\n      CUX_UPDATE_MASK(); }\n", lanes,
         g->pop_label);
}

static const char *guard_bits(cux_cgen *g, const cux_ptx_insn *insn)
{
    uint32_t guard = (uint32_t)insn->guard;
    if (g->pred_bits[guard])
        return FMT("(m & %s%s)", insn->guard_negated ? "~" : "",
                   cux_cgen_pred_bits_name(g, guard));
    if (cux_cgen_reg_scalar(g, guard)) /* 0 or -1: no lane or all */
        return FMT("(m & %s(uint32_t)%s)", insn->guard_negated ? "~" : "",
                   cux_cgen_reg_name(g, guard));
    return FMT("(m & %scux_bits(%s))", insn->guard_negated ? "~" : "",
               cux_cgen_reg_name(g, guard));
}

static uint32_t block_id(uint32_t block, const cux_cfg *cfg)
{
    return block == CUX_CFG_EXIT ? cfg->n_blocks : block;
}

/* A jump to block b (a block_id) that keeps the warp's lanes: into b's
 * twin when every live lane runs, known in a twin and tested elsewhere. */
static const char *jump(cux_cgen *g, uint32_t b)
{
    if (b >= g->cfg.n_blocks && g->split)
        return FMT("goto %s;", g->pop_label);
    if (b >= g->cfg.n_blocks || !g->has_twin[b])
        return FMT("goto B%u;", b);
    if (g->in_twin)
        return FMT("goto BF%u;", b);
    return FMT("{ if (partial) goto B%u; goto BF%u; }", b, b);
}

/* jump() after what a loop's back edge or entry runs first
 * (emit_mem.c). */
static const char *jump_on(cux_cgen *g, uint32_t b)
{
    const char *first = FMT("%s%s%s", cux_cgen_back_edge(g, b),
                            cux_cgen_trip_yield(g, b),
                            cux_cgen_loop_entry(g, b));
    return *first ? FMT("{ %s %s }", first, jump(g, b)) : jump(g, b);
}

static void emit_divergent_branch(cux_cgen *g, const cux_cfg_block *block)
{
    uint32_t target = block_id(block->succ[0], &g->cfg);
    uint32_t fall = block_id(block->succ[1], &g->cfg);
    uint32_t join = block_id(block->ipdom, &g->cfg);
    if (cux_cgen_idle_runs(g, g->block))
        EMIT("    idle_path = 0;\n");
    EMIT("    { uint32_t f_ = m & ~t_;\n"
         "      if (sp + 3 > %d) { blk->svc->trap(blk, w, 0, \"SIMT stack "
         "overflow (divergence nested too deeply)\", 0); return CUX_WARP_FAULT; }\n"
         "      if (rpc != %uu) { stk_pc[sp] = %uu; stk_rpc[sp] = rpc; "
         "stk_m[sp] = m; sp++; rpc = %uu; }\n",
         SIMT_STACK_DEPTH, join, join, join);
    if (fall != join && target != join)
        EMIT("      stk_pc[sp] = %uu; stk_rpc[sp] = %uu; stk_m[sp] = f_; sp++;\n"
             "      m = t_; CUX_UPDATE_MASK(); goto B%u; }\n",
             fall, join, target);
    else if (target != join)
        EMIT("      m = t_; CUX_UPDATE_MASK(); goto B%u; }\n", target);
    else if (fall != join)
        EMIT("      m = f_; CUX_UPDATE_MASK(); goto B%u; }\n", fall);
    else
        EMIT("      goto B%u; }\n", join);
}

static void emit_branch(cux_cgen *g, const cux_cfg_block *block,
                        const cux_ptx_insn *insn)
{
    uint32_t target = block_id(block->succ[0], &g->cfg);
    if (insn->guard < 0) {
        EMIT("    %s\n", jump_on(g, target));
        return;
    }
    uint32_t fall = block_id(block->succ[1], &g->cfg);
    if (cux_cgen_reg_scalar(g, (uint32_t)insn->guard)) {
        /* Every lane agrees: a plain jump, no split. */
        EMIT("    if (%s%s) %s else %s\n", insn->guard_negated ? "!" : "",
             cux_cgen_reg_name(g, (uint32_t)insn->guard),
             jump_on(g, target), jump_on(g, fall));
        return;
    }
    EMIT("    { uint32_t t_ = %s;\n"
         "      if (t_ == m) { %s %s }\n"
         "      if (t_ == 0) { %s %s }\n",
         guard_bits(g, insn), cux_cgen_idle_arm(g, insn, true, target),
         jump_on(g, target), cux_cgen_idle_arm(g, insn, false, fall),
         jump_on(g, fall));
    emit_divergent_branch(g, block);
    EMIT("    }\n");
}

static void emit_terminator(cux_cgen *g, const cux_cfg_block *block,
                            const cux_ptx_insn *insn, uint32_t b)
{
    switch (insn->op) {
    case CUX_OP_BRA:
        emit_branch(g, block, insn);
        return;
    case CUX_OP_RET: case CUX_OP_EXIT:
        if (insn->guard < 0)
            EMIT("    exited |= m; m = 0; goto %s;\n", g->pop_label);
        else
            cux_cgen_exit_lanes(g, guard_bits(g, insn));
        return;
    case CUX_OP_TRAP:
        EMIT("    if (%s) { blk->svc->trap(blk, w, __builtin_ctz(%s), "
             "\"trap instruction\", %u); return CUX_WARP_FAULT; }\n",
             insn->guard < 0 ? "m" : guard_bits(g, insn),
             insn->guard < 0 ? "m" : guard_bits(g, insn), insn->line);
        return;
    default:
        emit_barrier(g, insn, b);
    }
}

static void emit_insn(cux_cgen *g, const cux_ptx_insn *insn)
{
    EMIT("    /* %u: ", insn->line);
    cux_strbuf text = {0};
    cux_ptx_print_insn(g->module, g->func, insn, &text);
    for (char *c = text.data; c && *c; c++)
        if (*c == '*' && c[1] == '/')
            *c = '_';
    EMIT("%s */\n", text.data ? text.data : "");
    cux_strbuf_free(&text);
    cux_cgen_resident_before(g, insn);
    g->vector_formed = false;
    g->in_guard = insn->guard >= 0;
    if (insn->guard >= 0)
        EMIT("    { uint32_t em = %s; int partial = em != (init_mask & ~exited);\n"
             "      cux_vs32 wm32 = cux_mask_vector(em);\n"
             "      cux_vs16 wm16 = __builtin_convertvector(wm32, cux_vs16);\n"
             "      cux_vs64 wm64 = __builtin_convertvector(wm32, cux_vs64);\n"
             "      (void)wm16; (void)wm64; (void)partial;\n"
             "      if (em) {\n", guard_bits(g, insn));
    const cux_ptx_operand *dst = cux_cgen_opnd(g, insn, 0);
    bool lanes_only = insn->n_operands && dst->kind == CUX_OPND_REG &&
                      ((g->lane_only[dst->value] && !g->forming) ||
                       g->exact_affine[dst->value]);
    if (!lanes_only && /* its lanes 0 and 31 only, below */
        !cux_cgen_alu(g, insn) && !cux_cgen_mem(g, insn) &&
        !cux_cgen_warp(g, insn) && !cux_cgen_call(g, insn) &&
        !cux_cgen_async(g, insn))
        cux_cgen_fail(g, insn, "instruction '%s' is not supported by the CPU "
                  "device", cux_ptx_opcode_names[insn->op]);
    cux_cgen_affine_values(g, insn);
    if (insn->guard >= 0)
        EMIT("    } }\n");
    g->in_guard = false;
    cux_cgen_resident_after(g, insn);
}

void cux_cgen_insn(cux_cgen *g, const cux_ptx_insn *insn)
{
    emit_insn(g, insn);
}

static void emit_block(cux_cgen *g, uint32_t b)
{
    const cux_cfg_block *block = &g->cfg.blocks[b];
    if (block->first < block->end)
        cux_cgen_at_insn(g, &g->func->insns[block->first]);
    EMIT("%s%u:\n", g->in_twin ? "BF" : "B", b);
    cux_cgen_idle_block_top(g, b);
    if (g->serial[b] == b + 1 && g->in_twin) { /* the loop's code exists once */
        EMIT("    goto B%u;\n", b);
        return;
    }
    /* Lanes that do not run a block that is never partial have exited
     * or lie beyond the block's threads: nothing reads their registers,
     * so writes need no blend with old values, as in a twin. */
    g->whole_warp = g->in_twin || !g->uniform.partial[b];
    g->block = b;
    g->block_run++;
    cux_cgen_resident_block(g, b);
    if (block->is_reconvergence)
        EMIT("    if (rpc == %uu) goto %s;\n", b, g->pop_label);
    if (g->serial[b] == b + 1) {
        EMIT("    %s\n", jump(g, cux_cgen_serial_loop(g, b)));
        return;
    }
    if (g->split && g->level_entered[b])
        EMIT("cux_in%u:\n", b); /* after block-level code */
    for (uint32_t i = block->first; i < block->end; i++) {
        const cux_ptx_insn *insn = &g->func->insns[i];
        bool last = i + 1 == block->end;
        if (g->split && g->hoist[i])
            continue; /* block-level code ran it */
        cux_cgen_at_insn(g, insn);
        if (last && (block->n_succ != 1 || insn->op == CUX_OP_BRA ||
                     block->ends_in_barrier ||
                     (cux_ptx_opcode_flags[insn->op] & CUX_PTX_OPF_TERM)))
            emit_terminator(g, block, insn, b);
        else
            emit_insn(g, insn);
    }
    if (block->n_succ == 1 && block->succ[0] == CUX_CFG_EXIT)
        EMIT("    exited |= m; m = 0; goto %s;\n", g->pop_label);
    else if ((g->in_twin || g->split) && block->n_succ == 1 &&
             !block->ends_in_barrier &&
             g->func->insns[block->end - 1].op != CUX_OP_BRA &&
             !(cux_ptx_opcode_flags[g->func->insns[block->end - 1].op] &
               CUX_PTX_OPF_TERM))
        /* A twin does not fall into the next block's code, nor does a
         * stretch's block, whose next in order may be elsewhere. */
        EMIT("    %s\n", jump(g, block->succ[0]));
}

/* Blocks that may run with part of the warp get a twin, except those
 * ending in a barrier (its resume point exists once), as long as the
 * twins stay small: the bounds check of a short kernel is what they are
 * for.  Doubling a large body (softmax's unrolled row loop, spmv's) made
 * the whole function slower, the C compiler allocating registers worse
 * over twice the code, and can push the JIT past its -O3 size limit. */
enum { TWIN_BUDGET = 64 }; /* PTX instructions per function */

static void choose_twins(cux_cgen *g)
{
    uint32_t total = 0;
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++) {
        const cux_cfg_block *block = &g->cfg.blocks[b];
        g->has_twin[b] = g->uniform.partial[b] && !block->ends_in_barrier;
        total += g->has_twin[b] ? block->end - block->first : 0;
    }
    if (total > TWIN_BUDGET)
        memset(g->has_twin, 0, g->cfg.n_blocks);
}

/* The blocks a divergent branch pushes on the SIMT stack, so that
 * cux_pop can jump to them: the join, and the side not taken first. */
static void mark_stack_targets(cux_cgen *g)
{
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++) {
        const cux_cfg_block *block = &g->cfg.blocks[b];
        const cux_ptx_insn *last = &g->func->insns[block->end - 1];
        if (block->first == block->end || last->op != CUX_OP_BRA ||
            last->guard < 0 || cux_cgen_reg_scalar(g, (uint32_t)last->guard))
            continue;
        uint32_t target = block_id(block->succ[0], &g->cfg);
        uint32_t fall = block_id(block->succ[1], &g->cfg);
        uint32_t join = block_id(block->ipdom, &g->cfg);
        g->pushed[join] = 1;
        if (fall != join && target != join)
            g->pushed[fall] = 1;
    }
}

static void emit_epilogue(cux_cgen *g)
{
    if (g->func->is_entry && g->yields && g->named_barriers)
        cux_cgen_fail(g, NULL, "kernel '%s': nanosleep or mbarrier waits in "
                      "a module that names barriers or uses bar.arrive are "
                      "not supported yet", g->func->name);
    EMIT("cux_pop:\n"
         "    if (sp == 0) goto cux_done;\n"
         "    sp--; m = stk_m[sp] & ~exited; rpc = stk_rpc[sp]; pc = stk_pc[sp];\n"
         "    if (!m) goto cux_pop;\n"
         "    CUX_UPDATE_MASK();\n"
         "    switch (pc) {\n");
    /* Only blocks a divergent branch can push are targets: every extra
     * target would make all registers flow into it, which costs the C
     * compiler dearly on large kernels. */
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++)
        if (g->pushed[b])
            EMIT("    case %u: goto B%u;\n", b, b);
    EMIT("    default: goto cux_pop;\n    }\n"
         "B%u:\n    goto cux_pop;\n"
         "cux_done:\n", g->cfg.n_blocks);
    if (g->func->is_entry)
        EMIT("    w->done = 1;\n    return CUX_WARP_EXITED;\n}\n\n");
    else
        EMIT("    return 0;\n}\n\n");
    /* A round of the block: every warp in one call, not a call per
     * warp, so the C compiler also computes what the warps share
     * (parameters, %ctaid arithmetic) once.  Returns how many warps wait
     * at a barrier, negated and less 2 when some wait at a bar.red, or
     * -1 after a fault. */
    if (g->func->is_entry && !g->yields && g->idle_warps) {
        /* The warps after one whose step was idle that wait where it
         * waited go where it went without running (idle_warps.c). */
        cux_cgen_idle_copy_function(g);
        EMIT("static __attribute__((noinline)) int cux_r%u("
             "cux_cpu_block *restrict blk, cux_cpu_warp *warps, "
             "uint32_t nwarps)\n{\n"
             "    int waiting = 0;\n"
             "    uint64_t moved = 0;\n"
             "    for (uint32_t i = 0; i < nwarps; i++) {\n"
             "        if (warps[i].done || (moved >> i & 1))\n"
             "            continue;\n"
             "        uint32_t from = warps[i].resume;\n"
             "        int rc = cux_w%u(blk, &warps[i]);\n"
             "        if (rc == CUX_WARP_FAULT)\n            return -1;\n"
             "        waiting += rc != CUX_WARP_EXITED;\n"
             "        if (rc != CUX_WARP_IDLE)\n            continue;\n"
             "        uint64_t now = cux_idle%u(warps, i, nwarps, from);\n"
             "        moved |= now;\n"
             "        waiting += __builtin_popcountll(now);\n    }\n"
             "    return waiting;\n}\n\n",
             g->func_index, g->func_index, g->func_index);
    } else if (g->func->is_entry && !g->yields)
        EMIT("static __attribute__((noinline)) int cux_r%u("
             "cux_cpu_block *restrict blk, cux_cpu_warp *warps, "
             "uint32_t nwarps)\n{\n"
             "    int waiting = 0, reduce = 0;\n"
             "    for (uint32_t i = 0; i < nwarps; i++) {\n"
             "        if (warps[i].done)\n            continue;\n"
             "%s"
             "        int rc = cux_w%u(blk, &warps[i]);\n"
             "        if (rc == CUX_WARP_FAULT)\n            return -1;\n"
             "        waiting += rc != CUX_WARP_EXITED;\n"
             "        reduce |= rc == CUX_WARP_REDUCE;\n    }\n"
             "    return reduce ? -2 - waiting : waiting;\n}\n\n",
             g->func_index,
             /* a warp at a named barrier not yet complete waits on */
             g->named_barriers ? "        if (warps[i].held) {\n"
                                 "            waiting++;\n"
                                 "            reduce = 1;\n"
                                 "            continue;\n        }\n" : "",
             g->func_index);
    /* With yields, a round after one where some warp yielded runs only
     * the yielded warps: the others wait at a barrier, which opens only
     * once no warp is left running (a bar.red's warps are counted by the
     * kind they wait at). */
    /* A trip yield (trip_yields.c) is a yield whose warp surely goes on
     * by itself: *yielded gets 1 for it and 2 for the others. */
    if (g->func->is_entry && g->yields)
        EMIT("static __attribute__((noinline)) int cux_r%u("
             "cux_cpu_block *restrict blk, cux_cpu_warp *warps, "
             "uint32_t nwarps, int only_yielded, int *yielded)\n{\n"
             "    int waiting = 0, reduce = 0;\n"
             "    for (uint32_t i = 0; i < nwarps; i++) {\n"
             "        if (warps[i].done)\n            continue;\n"
             "        if (only_yielded && !warps[i].yielded) {\n"
             "            waiting++;\n"
             "            reduce |= warps[i].barrier_kind != CUX_BAR_SYNC;\n"
             "            continue;\n        }\n"
             "        int rc = cux_w%u(blk, &warps[i]);\n"
             "        if (rc == CUX_WARP_FAULT)\n            return -1;\n"
             "%s"
             "        waiting += rc != CUX_WARP_EXITED;\n"
             "        reduce |= rc == CUX_WARP_REDUCE;\n    }\n"
             "    return reduce ? -2 - waiting : waiting;\n}\n\n",
             g->func_index, g->func_index,
             g->trip_yields
             ? "        warps[i].yielded = rc == CUX_WARP_YIELD || "
               "rc == CUX_WARP_TRIP;\n"
               "        *yielded |= rc == CUX_WARP_YIELD ? 2 : "
               "rc == CUX_WARP_TRIP;\n"
             : "        warps[i].yielded = rc == CUX_WARP_YIELD;\n"
               "        *yielded |= rc == CUX_WARP_YIELD;\n");
    /* The block's rounds (cux_cpu_kernel_fn): a plain barrier opens here
     * when every warp still running waits at it (lanes that exited count
     * as arrived, as on NVIDIA GPUs); only a bar.red's result needs the
     * runtime.  Other blocks' faults are seen once a round.  The round
     * stays a function of its own: inlined into this loop, GCC compiled
     * the warps' code worse (transpose 1.2x slower). */
    if (g->func->is_entry && !g->yields)
        EMIT("int cux_k%u(cux_cpu_block *restrict blk, cux_cpu_warp *warps, "
             "uint32_t nwarps)\n{\n"
             "    for (;;) {\n"
             "        int waiting = cux_r%u(blk, warps, nwarps);\n"
             "        if (waiting == -1 ||\n"
             "            __atomic_load_n(blk->fault, __ATOMIC_RELAXED))\n"
             "            return -1;\n"
             "        if (waiting < -1)\n            return -2 - waiting;\n"
             "        if (!waiting)\n            return 0;\n"
             "    }\n}\n\n",
             g->func_index, g->func_index);
    /* In a cooperative launch, a round of only yielded warps in which
     * one yields again suggests the block cannot go on by itself: its
     * warp may wait for another block (nvcc's grid.sync() spins on a
     * word that every block adds to), which may be suspended on this
     * worker.  The block returns its count of waiting warps with the
     * yielded ones still marked, grid.c runs the other blocks, and the
     * next call resumes the yielded warps only, as the loop would have
     * (a wait within the block costs a phase of the grid, no more).  An
     * ordinary launch keeps its blocks in the loop: nothing else runs on
     * the worker until the block ends. */
    if (g->func->is_entry && g->yields)
        EMIT("int cux_k%u(cux_cpu_block *restrict blk, cux_cpu_warp *warps, "
             "uint32_t nwarps)\n{\n"
             "    int only_yielded = 0;\n"
             "    for (uint32_t i = 0; i < nwarps; i++)\n"
             "        only_yielded |= !warps[i].done && warps[i].yielded;\n"
             "    for (;;) {\n"
             "        int yielded = 0;\n"
             "        int waiting = cux_r%u(blk, warps, nwarps, only_yielded, "
             "&yielded);\n"
             "        if (waiting == -1 ||\n"
             "            __atomic_load_n(blk->fault, __ATOMIC_RELAXED))\n"
             "            return -1;\n"
             "        if (%s && only_yielded && blk->cooperative)\n"
             "            return waiting < -1 ? -2 - waiting : waiting;\n"
             "        only_yielded = yielded;\n"
             "        if (yielded)\n            continue;\n"
             "        if (waiting < -1)\n            return -2 - waiting;\n"
             "        if (!waiting)\n            return 0;\n"
             "    }\n}\n\n",
             g->func_index, g->func_index,
             g->trip_yields ? "(yielded & 2)" : "yielded");
}

/* ---- a block in one call (block_split.c) -------------------------------- */

/* Where block-level code goes on at block b: b's block-level part, or
 * the stretch that starts at its top; the exit ends the block. */
static const char *level_target(cux_cgen *g, uint32_t b)
{
    if (b == CUX_CFG_EXIT || b >= g->cfg.n_blocks)
        return "goto cux_block_done;";
    if (g->level_entered[b])
        return FMT("goto P%u;", b);
    return FMT("goto cux_enter%u;", b);
}

static void emit_split_prologue(cux_cgen *g)
{
    /* What every stretch's loop does for the next warp (emit_stretch_
     * loop): its state from its save area and its thread indices. */
    EMIT("#ifndef CUX_NEXT_WARP\n"
         "#define CUX_NEXT_WARP(next, end) \\\n"
         "    if (wi_ == nwarps) goto end; \\\n"
         "    w = &warps[wi_++]; \\\n"
         "    if (w->done) goto next; \\\n"
         "    S_ = w->save; \\\n"
         "    lbase = CUX_SPLAT64((uintptr_t)w->local) + \\\n"
         "        __builtin_convertvector(cux_iota32(), cux_vu64) * \\\n"
         "        (uint64_t)w->local_stride; \\\n"
         "    init_mask = w->lanes; exited = S_->exited; \\\n"
         "    m = init_mask & ~exited; rpc = 0xffffffffu; sp = 0; \\\n"
         "    xrun = CUX_XRUN; \\\n"
         "    memcpy(&s_tid0, w->tid[0], sizeof s_tid0); \\\n"
         "    memcpy(&s_tid1, w->tid[1], sizeof s_tid1); \\\n"
         "    memcpy(&s_tid2, w->tid[2], sizeof s_tid2); \\\n"
         "    CUX_UPDATE_MASK()\n"
         "#endif\n");
    EMIT("static int cux_s%u(cux_cpu_block *restrict blk, "
         "cux_cpu_warp *warps, uint32_t nwarps)\n{\n", g->func_index);
    EMIT("    cux_cpu_warp *w = warps;\n"
         "    struct cux_save%u *S_ = w->save;\n"
         "    uint32_t wi_ = 0, next_ = 0, entry_ = 0;\n"
         "    cux_vu64 lbase = {0};\n"
         "    char *const sh_ = blk->shared;\n"
         "    uint32_t m = 0xffffffffu, init_mask = m;\n", g->func_index);
    /* each stretch's loop sets these per warp (CUX_NEXT_WARP) */
    declare_simt_state(g);
    EMIT("    uint32_t xrun = 0;\n    cux_vu32 s_tid0, s_tid1, s_tid2;\n");
    void_simt_state(g);
    EMIT("    (void)sh_; (void)wm32; (void)wm16; (void)wm64; (void)init_mask;\n"
         "    (void)S_; (void)entry_;\n");
    declare_registers(g, NULL);
    declare_params(g);
    EMIT("    for (uint32_t i_ = 0; i_ < nwarps; i_++)\n"
         "        ((struct cux_save%u *)warps[i_].save)->exited = 0;\n",
         g->func_index);
}

/* Block b's block-level part: the instructions it hoists, then its
 * branch at block level, or the stretch that goes on in it. */
static void emit_level_block(cux_cgen *g, uint32_t b)
{
    const cux_cfg_block *block = &g->cfg.blocks[b];
    EMIT("P%u:\n", b);
    g->block = b;
    g->whole_warp = true;
    cux_cgen_resident_forget(g);
    for (uint32_t i = block->first; i < block->end; i++)
        if (g->hoist[i]) {
            cux_cgen_at_insn(g, &g->func->insns[i]);
            emit_insn(g, &g->func->insns[i]);
        }
    if (!g->level_whole[b]) {
        EMIT("    goto cux_enter%u;\n", b);
        return;
    }
    const cux_ptx_insn *last = block->first < block->end
        ? &g->func->insns[block->end - 1] : NULL;
    if (last && (last->op == CUX_OP_RET || last->op == CUX_OP_EXIT))
        EMIT("    goto cux_block_done;\n");
    else if (last && last->op == CUX_OP_BRA && last->guard >= 0)
        EMIT("    if (%s%s) %s else %s\n", last->guard_negated ? "!" : "",
             cux_cgen_reg_name(g, (uint32_t)last->guard),
             level_target(g, block->succ[0]),
             level_target(g, block->succ[1]));
    else
        EMIT("    %s\n", level_target(g, block->succ[0]));
}

/* The block a branch's side leads to through empty blocks. */
static uint32_t past_empty(const cux_cgen *g, uint32_t b)
{
    for (uint32_t steps = 0; b < g->cfg.n_blocks && steps < 8; steps++) {
        const cux_cfg_block *block = &g->cfg.blocks[b];
        const cux_ptx_insn *last = &g->func->insns[block->end - 1];
        bool empty = block->first == block->end ||
                     (block->first + 1 == block->end &&
                      last->op == CUX_OP_BRA && last->guard < 0);
        if (!empty || block->n_succ != 1)
            return b;
        b = block->succ[0];
    }
    return b;
}

/* Whether block b (a block_id) is the exit, or only returns. */
static bool leaves(const cux_cgen *g, uint32_t b)
{
    if (b >= g->cfg.n_blocks)
        return true;
    const cux_cfg_block *block = &g->cfg.blocks[b];
    const cux_ptx_insn *last = &g->func->insns[block->end - 1];
    return block->first + 1 == block->end && last->guard < 0 &&
           (last->op == CUX_OP_RET || last->op == CUX_OP_EXIT);
}

/* A stretch whose first block computes and then branches, `setp p,
 * ...; (pure arithmetic); @p bra`, where one side goes straight to the
 * stretch's barrier (`if (tid < s) ...` of a tree) or to the exit (`if
 * (tid == 0) out[...] = s[0];` after it): a warp all of whose lanes take
 * that side changes nothing the barrier keeps (or is done), so it goes on
 * to the next warp at once, before its registers are restored, and where
 * every later thread would take that side too, the loop ends.  Most of a
 * tree's warps wait at most steps. */
static void emit_idle_test(cux_cgen *g, uint32_t k, uint32_t e,
                           const uint8_t *restored)
{
    const cux_cfg_block *block = &g->cfg.blocks[e];
    const cux_ptx_insn *bra = &g->func->insns[block->end - 1];
    if (block->n_succ != 2 || bra->op != CUX_OP_BRA || bra->guard < 0)
        return;
    /* the setp the branch tests: its operands as the stretch starts,
     * and the guard not written after it */
    const cux_ptx_insn *setp = NULL;
    for (uint32_t i = block->first; i + 1 < block->end; i++) {
        const cux_ptx_insn *insn = &g->func->insns[i];
        if (g->hoist[i])
            continue;
        if (!cux_computes_from_operands(insn) || insn->guard >= 0)
            return;
        if (cux_ptx_insn_writes(g->func, insn, (uint32_t)bra->guard)) {
            if (setp || insn->op != CUX_OP_SETP)
                return;
            setp = insn;
        }
    }
    if (!setp)
        return;
    for (uint32_t i = 1; i < setp->n_operands; i++) {
        const cux_ptx_operand *op = cux_cgen_opnd(g, setp, i);
        if (op->kind != CUX_OPND_REG)
            continue;
        if (restored[op->value])
            return; /* not read back yet */
        for (const cux_ptx_insn *w = &g->func->insns[block->first]; w < setp;
             w++)
            if (!g->hoist[w - g->func->insns] &&
                cux_ptx_insn_writes(g->func, w, op->value))
                return; /* computed in the block first */
    }
    for (uint32_t side = 0; side < 2; side++) {
        uint32_t to = past_empty(g, block->succ[side]);
        const cux_cfg_block *bar = &g->cfg.blocks[to];
        /* a skipped warp is done at the exit (`if (tid == 0) out = ...`
         * at the end), and waits at the barrier otherwise */
        const char *skipped = "w->done = 1;";
        if (!leaves(g, to)) {
            if (to >= g->cfg.n_blocks || g->stretch[to] != k + 1 ||
                !bar->ends_in_barrier || bar->first + 1 != bar->end)
                continue;
            /* what the block computes must not be kept past the barrier,
             * unless the warps compute it again where they use it (clang
             * derives each step's addresses of an unrolled tree from the
             * step before's) */
            bool kept_past = false;
            for (uint32_t i = block->first; i + 1 < block->end; i++) {
                uint32_t regs[CUX_MAX_WRITTEN];
                uint32_t n = cux_cgen_warp_written(g, i, regs);
                while (n--)
                    kept_past |= cux_liveness_out(&g->live, to, regs[n]) &&
                                 !cux_cgen_recomputed(g, to, regs[n]);
            }
            if (kept_past)
                continue;
            skipped = FMT("next_ = %uu;", to + 1);
        }
        /* the predicate's value in the lanes that skip */
        bool x = side == 0 ? !bra->guard_negated : bra->guard_negated;
        emit_insn(g, setp);
        EMIT("    if (m && %s == %s) {\n      %s\n      %s\n"
             "      goto cux_next%u;\n    }\n",
             guard_bits(g, bra), side == 0 ? "m" : "0", skipped,
             cux_cgen_later_alike(g, setp, x), k);
        return;
    }
}

/* The loop over the warps around stretch k: each warp takes up its
 * registers, lane mask and thread indices and runs the stretch's code
 * to the barrier, which goes on with the next warp (emit_barrier); after
 * the last, the block goes on where that barrier leads. */
static void emit_stretch_loop(cux_cgen *g, uint32_t k)
{
    uint32_t nb = g->cfg.n_blocks, e = CUX_CFG_EXIT, entries = 0;
    for (uint32_t i = 0; i < g->n_entries; i++)
        if (g->entry_stretch[i] == k) {
            if (!entries++)
                e = g->entry_block[i];
            EMIT("cux_enter%u:\n    entry_ = %uu; goto cux_stretch%u;\n",
                 g->entry_block[i], g->entry_block[i], k);
        }
    EMIT("cux_stretch%u:\n"
         "    wi_ = 0; next_ = 0;\n"
         "cux_next%u:\n"
         "    CUX_NEXT_WARP(cux_next%u, cux_end%u);\n", k, k, k, k);
    g->pop_label = FMT("cux_pop%u", k);
    g->block = e;
    g->whole_warp = true;
    cux_cgen_resident_forget(g);
    /* computed again first, as a resumed warp does (from what the
     * block shares and the thread's indices), then the idle test, then
     * what the save area holds */
    const cux_ptx_func *f = g->func;
    uint8_t *done = cux_xcalloc(f->n_regs + 1, 1);
    uint8_t *restored = cux_xcalloc(f->n_regs + 1, 1);
    const uint8_t *uses = g->stretch_uses + (size_t)k * f->n_regs;
    for (uint32_t x = 0; x < nb; x++)
        for (uint32_t r = 0; g->restores[(size_t)k * nb + x] && r < f->n_regs;
             r++) {
            if (!uses[r]) /* held on in the save area for later */
                continue;
            if (cux_cgen_recomputed(g, x, r))
                emit_definition(g, r, NULL, done);
            restored[r] |= kept(g, x, r);
        }
    if (entries == 1)
        emit_idle_test(g, k, e, restored);
    for (uint32_t r = 0; r < f->n_regs; r++)
        if (restored[r])
            cux_cgen_save_area_copy(g, r, false);
    free(done);
    free(restored);
    if (uses_carry(f))
        EMIT("    cc = S_->cc;\n");
    /* into the stretch where block-level code left off */
    if (entries > 1)
        EMIT("    switch (entry_) {\n");
    for (uint32_t i = 0; i < g->n_entries; i++) {
        uint32_t b = g->entry_block[i];
        if (g->entry_stretch[i] != k)
            continue;
        if (entries > 1)
            EMIT("    case %uu: ", b);
        if (g->level_entered[b])
            EMIT("    goto cux_in%u;\n", b);
        else
            EMIT("    %s\n", jump(g, b));
    }
    if (entries > 1)
        EMIT("    }\n");
    /* The C compiler's guess of how often code runs halves at every
     * branch it cannot predict; down a kernel's chain of stretches that
     * reached "never" by scan's tenth, whose lane loops it then compiled
     * for size, unvectorised (3x slower).  So the likely ways on are
     * said, and a stretch that ends at one barrier jumps on directly. */
    EMIT("cux_end%u:\n"
         "    if (__builtin_expect(__atomic_load_n(blk->fault, "
         "__ATOMIC_RELAXED) != 0 || next_ == 0, 0)) {\n"
         "        if (next_ == 0) goto cux_block_done;\n"
         "        return CUX_WARP_FAULT;\n    }\n", k);
    uint32_t ends = 0, last = 0;
    for (uint32_t x = 0; x < nb; x++)
        if (g->stretch[x] == k + 1 && g->cfg.blocks[x].ends_in_barrier) {
            ends++;
            last = x;
        }
    if (ends == 1) {
        EMIT("    %s\n", level_target(g, g->cfg.blocks[last].succ[0]));
        return;
    }
    EMIT("    switch (next_) {\n");
    for (uint32_t x = 0; x < nb; x++)
        if (g->stretch[x] == k + 1 && g->cfg.blocks[x].ends_in_barrier)
            EMIT("    case %uu: %s\n", x + 1,
                 level_target(g, g->cfg.blocks[x].succ[0]));
    EMIT("    }\n    goto cux_block_done;\n");
}

/* Stretch k's SIMT pop, and its warps' end once every lane exited. */
static void emit_stretch_pop(cux_cgen *g, uint32_t k)
{
    uint32_t nb = g->cfg.n_blocks;
    EMIT("cux_pop%u:\n"
         "    if (sp == 0) goto cux_done%u;\n"
         "    sp--; m = stk_m[sp] & ~exited; rpc = stk_rpc[sp]; pc = stk_pc[sp];\n"
         "    if (!m) goto cux_pop%u;\n"
         "    CUX_UPDATE_MASK();\n"
         "    switch (pc) {\n", k, k, k);
    for (uint32_t b = 0; b < nb; b++)
        if (g->pushed[b] && g->stretch[b] == k + 1)
            EMIT("    case %u: goto B%u;\n", b, b);
    EMIT("    default: goto cux_pop%u;\n    }\n"
         "cux_done%u:\n"
         "    w->done = 1;\n"
         "    goto cux_next%u;\n", k, k, k);
}

/* The kernel's entry point runs the block in one call: block-level code
 * from the entry, stretches looped over the warps. */
static void emit_split_function(cux_cgen *g)
{
    uint32_t nb = g->cfg.n_blocks;
    emit_split_prologue(g);
    EMIT("    %s\n", level_target(g, 0));
    for (uint32_t b = 0; b < nb; b++)
        if (g->level_entered[b])
            emit_level_block(g, b);
    for (uint32_t k = 0; k < g->n_stretches; k++)
        emit_stretch_loop(g, k);
    for (int twin = 0; twin < 2; twin++) {
        g->in_twin = twin;
        for (uint32_t b = 0; b < nb; b++)
            if (g->stretch[b] && (!twin || g->has_twin[b])) {
                g->pop_label = FMT("cux_pop%u", g->stretch[b] - 1);
                emit_block(g, b);
            }
    }
    g->in_twin = false;
    for (uint32_t k = 0; k < g->n_stretches; k++)
        emit_stretch_pop(g, k);
    EMIT("cux_block_done:\n    return CUX_WARP_EXITED;\n}\n\n"
         "int cux_k%u(cux_cpu_block *restrict blk, cux_cpu_warp *warps, "
         "uint32_t nwarps)\n{\n"
         "    return cux_s%u(blk, warps, nwarps) == CUX_WARP_FAULT ? -1 : 0;\n"
         "}\n\n", g->func_index, g->func_index);
}

bool cux_cgen_function(cux_cgen *g, uint32_t func_index)
{
    const cux_func_analysis *a = &g->analysis->funcs[func_index];
    g->func = &g->module->funcs[func_index];
    g->func_index = func_index;
    g->n_resume = 0;
    g->yields = false;
    g->cfg = a->cfg;
    g->uniform = a->uniform;
    g->affine = a->affine;
    g->alignment = a->alignment;
    g->live = a->live;
    g->remat = a->remat;
    g->induction = a->induction;
    g->block_step = a->block_step;
    g->split = false; /* until block_split.c decides, below */
    g->pushed = cux_xcalloc(g->cfg.n_blocks + 1, 1);
    g->has_twin = cux_xcalloc(g->cfg.n_blocks + 1, 1);
    g->trip_yield = cux_xcalloc(g->cfg.n_blocks + 1, sizeof(uint32_t));
    g->trip_every = cux_xcalloc(g->cfg.n_blocks + 1, sizeof(uint32_t));
    g->trip_yields = false; /* until trip_yields.c decides, below */
    g->streams = -1;
    g->block_run = 0;
    /* tests of registers, then of parameter roots (emit_mem.c) */
    size_t tested = (size_t)g->func->n_regs + g->func->n_insns + 2;
    g->aligned_run = cux_xcalloc(tested, sizeof(uint32_t));
    g->aligned_insn = cux_xcalloc(tested, sizeof(uint32_t));
    g->aligned_size = cux_xcalloc(tested, 1);
    choose_twins(g);
    mark_stack_targets(g);
    cux_cgen_choose_resident(g);
    cux_cgen_choose_lane_values(g);
    cux_cgen_choose_lane_only(g);
    cux_cgen_choose_pred_bits(g);
    cux_cgen_choose_serial_loops(g);
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++)
        if (cux_cgen_serial_hidden(g, b))
            g->pushed[b] = 0; /* nothing outside its loop jumps there */
    cux_cgen_choose_idle_warps(g);
    cux_cgen_choose_block_split(g);
    g->idle_warps = g->idle_warps && !g->split;
    cux_cgen_choose_trip_yields(g);
    g->yields = g->trip_yields;
    g->pop_label = "cux_pop";
    cux_cgen_name_registers(g);
    cux_cgen_at_func(g);
    if (g->func->is_entry)
        emit_save_struct(g);
    if (g->split) {
        emit_split_function(g);
        cux_cgen_at_func(g);
        goto done;
    }
    emit_prologue(g);
    emit_resume_dispatch(g);
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++)
        if (!cux_cgen_serial_hidden(g, b))
            emit_block(g, b);
    if (g->cfg.n_blocks == 0)
        EMIT("    goto cux_pop;\n");
    else
        EMIT("    goto B%u;\n", g->cfg.n_blocks); /* after the last block */
    g->in_twin = true;
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++)
        if (g->has_twin[b] && !cux_cgen_serial_hidden(g, b))
            emit_block(g, b);
    g->in_twin = false;
    emit_trip_yields(g);
    cux_cgen_at_func(g);
    emit_epilogue(g);
done:
    cux_cgen_block_split_free(g);
    free(g->pushed);
    free(g->has_twin);
    free(g->trip_yield);
    free(g->trip_every);
    free(g->serial);
    free(g->serial_exit);
    free(g->aligned_run);
    free(g->aligned_insn);
    free(g->aligned_size);
    free(g->lane_values);
    free(g->exact_affine);
    free(g->pred_bits);
    free(g->lane_only);
    cux_cgen_idle_free(g);
    cux_cgen_resident_free(g);
    return !g->failed;
}
