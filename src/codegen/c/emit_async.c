/* emit_async.c: cp.async and mbarrier (sm_80), lane by lane in lane order
 * under the warp's mask; the barrier word's layout and each lane's step
 * are the prelude's (dev/cpu/prelude/55_async.h).
 *
 * A copy completes when issued, so the group instructions emit nothing,
 * and cp.async.mbarrier.arrive, the arrive-on that fires once the
 * thread's earlier copies complete, fires at once: without .noinc it
 * first adds the arrival it will make to the pending count, so the pair
 * leaves the barrier as it was; with .noinc it is a plain arrival.  The
 * waits (test_wait, try_wait) compute their predicate here; the warp's
 * yield when a lane found its phase incomplete is emit_func.c's, as the
 * yield of nanosleep is. */
#include "cgen.h"

#include <inttypes.h>

/* Lane l's pointer for address operand i.  A register base that differs
 * across the warp is copied into the vector `name` first: cp.async has
 * two addresses, and cux_cgen_address_copy's one copy serves one. */
static const char *lane_pointer(cux_cgen *g, const cux_ptx_insn *insn,
                                uint32_t i, cux_ptx_space space,
                                const char *name)
{
    const cux_ptx_operand *op = cux_cgen_opnd(g, insn, i);
    if (op->kind != CUX_OPND_ADDR || op->base_kind != CUX_OPND_REG ||
        cux_cgen_reg_scalar(g, op->value))
        return cux_cgen_address(g, insn, op, space);
    cux_ptx_operand base = {.kind = CUX_OPND_REG, .value = op->value};
    EMIT("      cux_vu64 %s = %s;\n", name,
         cux_cgen_src_operand(g, insn, &base, CUX_T_U64));
    return FMT("(%s + (uintptr_t)%s[l] + %" PRId64 ")",
               space == CUX_SPACE_SHARED ? "sh_" : "(char *)0", name,
               op->imm);
}

/* The lanes' results, in t_: a warp-uniform destination (its sources
 * are then the same in every lane) takes the first running lane's. */
static void write_result(cux_cgen *g, const cux_ptx_insn *insn,
                         cux_ptx_type type)
{
    if (cux_cgen_opnd(g, insn, 0)->kind == CUX_OPND_SINK)
        return;
    if (!cux_cgen_dst_scalar(g, insn)) {
        cux_cgen_dst(g, insn, 0, type, "t_");
        return;
    }
    EMIT("    if (em) {\n");
    cux_cgen_dst_scalar_value(g, insn, type, "t_[__builtin_ctz(em)]");
    EMIT("    }\n");
}

/* cp.async [dst], [src], cp-size{, src-size | ignore-src}{, policy}:
 * bytes beyond src-size, or all with ignore-src set, are zeros. */
static void async_copy(cux_cgen *g, const cux_ptx_insn *insn)
{
    uint32_t size = (uint32_t)cux_cgen_opnd(g, insn, 2)->imm;
    bool policy = (insn->flags & CUX_PTX_F_L2_POLICY) != 0;
    EMIT("    {\n");
    const char *dst = lane_pointer(g, insn, 0, CUX_SPACE_SHARED, "cd_");
    const char *src = lane_pointer(g, insn, 1, CUX_SPACE_GLOBAL, "cs_");
    const char *from = NULL;
    const cux_ptx_operand *op = insn->n_operands == 4u + policy
                                ? cux_cgen_opnd(g, insn, 3) : NULL;
    /* nvcc's memcpy_async writes src-size as the whole size: a copy */
    bool whole = !op || (op->kind == CUX_OPND_IMM_INT && op->imm >= size);
    if (!whole) {
        bool ignore = op->kind == CUX_OPND_REG &&
                      g->func->regs[op->value].type == CUX_T_PRED;
        EMIT("      %s n_ = %s;\n", ignore ? "cux_vs32" : "cux_vu32",
             cux_cgen_src_operand(g, insn, op,
                                  ignore ? CUX_T_PRED : CUX_T_U32));
        from = ignore ? FMT("(n_[l] ? 0u : %uu)", size) : "n_[l]";
    }
    if (from)
        EMIT("      CUX_LANES if (em >> l & 1)\n"
             "        cux_async_copy(%s, %s, %u, %s);\n", dst, src, size,
             from);
    else
        EMIT("      CUX_LANES if (em >> l & 1)\n"
             "        memcpy(%s, %s, %u);\n", dst, src, size);
    EMIT("    }\n");
}

/* arrive, arrive_drop and cp.async.mbarrier.arrive.noinc: each running
 * lane arrives in turn (`count` times), its state before in t_. */
static void arrive(cux_cgen *g, const cux_ptx_insn *insn, uint32_t addr,
                   const char *count, bool drop)
{
    EMIT("    { cux_vu64 t_ = {0};\n");
    const char *bar = lane_pointer(g, insn, addr,
                                   (cux_ptx_space)insn->space, "ab_");
    EMIT("      CUX_LANES if (em >> l & 1)\n"
         "        t_[l] = cux_mbar_arrive(%s, %s, %d);\n", bar, count, drop);
    if (insn->op == CUX_OP_MBARRIER)
        write_result(g, insn, CUX_T_B64);
    EMIT("    }\n");
}

static void arrive_counted(cux_cgen *g, const cux_ptx_insn *insn)
{
    const char *count = "1u";
    EMIT("    {\n");
    if (insn->n_operands == 3) {
        EMIT("      cux_vu32 c_ = %s;\n", cux_cgen_src(g, insn, 2, CUX_T_U32));
        count = "c_[l]";
    }
    arrive(g, insn, 1, count, insn->mode == CUX_MODE_ARRIVE_DROP);
    EMIT("    }\n");
}

static void init(cux_cgen *g, const cux_ptx_insn *insn)
{
    EMIT("    { cux_vu32 c_ = %s;\n", cux_cgen_src(g, insn, 1, CUX_T_U32));
    const char *bar = lane_pointer(g, insn, 0, (cux_ptx_space)insn->space,
                                   "ab_");
    EMIT("      CUX_LANES if (em >> l & 1)\n"
         "        cux_mbar_init(%s, c_[l]);\n    }\n", bar);
}

/* A wait whose result is warp-uniform (its barrier and phase are the
 * same in every lane, the usual loop of a whole warp) tests once. */
static void wait_uniform(cux_cgen *g, const cux_ptx_insn *insn)
{
    bool parity = (insn->flags & CUX_PTX_F_PARITY) != 0;
    EMIT("    if (em) { const int l = __builtin_ctz(em); (void)l;\n"
         "      int done_ = cux_mbar_complete(%s, %s, %d);\n"
         "      phase_waiting = done_ ? 0 : em;\n",
         cux_cgen_address(g, insn, cux_cgen_opnd(g, insn, 1),
                          (cux_ptx_space)insn->space),
         cux_cgen_src_scalar(g, insn, 2, CUX_T_U64), parity);
    cux_cgen_dst_scalar_value(g, insn, CUX_T_PRED, "-done_");
    EMIT("    }\n");
}

/* test_wait, try_wait: the lanes that find their phase incomplete are
 * marked in phase_waiting, for the yield that follows (emit_func.c). */
static void wait(cux_cgen *g, const cux_ptx_insn *insn)
{
    bool parity = (insn->flags & CUX_PTX_F_PARITY) != 0;
    if (cux_cgen_dst_scalar(g, insn)) {
        wait_uniform(g, insn);
        return;
    }
    EMIT("    { cux_vs32 t_ = {0}; cux_vu64 s_ = %s;\n",
         cux_cgen_src(g, insn, 2, CUX_T_U64));
    const char *bar = lane_pointer(g, insn, 1, (cux_ptx_space)insn->space,
                                   "ab_");
    EMIT("      CUX_LANES if (em >> l & 1) {\n"
         "        t_[l] = -cux_mbar_complete(%s, s_[l], %d);\n"
         "        phase_waiting |= (uint32_t)!t_[l] << l;\n      }\n",
         bar, parity);
    write_result(g, insn, CUX_T_PRED);
    EMIT("    }\n");
}

static void pending_count(cux_cgen *g, const cux_ptx_insn *insn)
{
    EMIT("    { cux_vu64 s_ = %s; cux_vu32 t_;\n"
         "      CUX_LANES t_[l] = (uint32_t)cux_mbar_pending(s_[l]);\n",
         cux_cgen_src(g, insn, 1, CUX_T_U64));
    write_result(g, insn, CUX_T_U32);
    EMIT("    }\n");
}

static void mbarrier(cux_cgen *g, const cux_ptx_insn *insn)
{
    switch (insn->mode) {
    case CUX_MODE_INIT: init(g, insn); break;
    case CUX_MODE_ARRIVE: case CUX_MODE_ARRIVE_DROP:
        arrive_counted(g, insn);
        break;
    case CUX_MODE_TEST_WAIT: case CUX_MODE_TRY_WAIT: wait(g, insn); break;
    case CUX_MODE_PENDING_COUNT: pending_count(g, insn); break;
    default:
        break; /* inval: the word is the program's again, as it is */
    }
}

bool cux_cgen_async(cux_cgen *g, const cux_ptx_insn *insn)
{
    if (insn->op == CUX_OP_MBARRIER) {
        mbarrier(g, insn);
        return true;
    }
    if (insn->op != CUX_OP_CP)
        return false;
    if (insn->mode == CUX_MODE_ASYNC_COPY)
        async_copy(g, insn);
    else if (insn->mode == CUX_MODE_ASYNC_ARRIVE &&
             (insn->flags & CUX_PTX_F_NOINC))
        arrive(g, insn, 0, "1u", false);
    return true; /* the groups: every copy has completed already */
}
