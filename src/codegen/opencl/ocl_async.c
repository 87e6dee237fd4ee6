/* ocl_async.c: nanosleep, cp.async and mbarrier (sm_70/sm_80) as OpenCL
 * C for one work-item.
 *
 * A cp.async copy completes when it is issued: CUDA lets it complete at
 * any time before the wait that covers it, so at once is one allowed
 * order, and commit_group, wait_group and wait_all have nothing left to
 * wait for (as on the CPU device).  cp.async.mbarrier.arrive, the
 * arrive-on that fires once the thread's earlier copies are done, fires
 * at once: with .noinc it is an arrival of its own; without, it would
 * first add the arrival it then makes, which leaves the barrier as it
 * was, so it emits nothing.
 *
 * An mbarrier is 64 bits of shared memory whose layout PTX leaves to the
 * implementation.  Here it is two 32-bit words, so that 32-bit local
 * atomics, which every OpenCL device has, suffice: the first holds the
 * pending arrivals (bits 0-19) and the phase number modulo 2^12 (bits
 * 20-31), changed by one compare-and-swap, so the arrival that leaves
 * nothing pending alone completes the phase; the second holds the
 * expected arrivals, which only arrive_drop changes, and that before its
 * own arrival, so no phase can complete in between.  An arrive returns
 * the pair as it was (its phase and pending count, what test_wait and
 * pending_count read).  PTX allows a wait on the state of the current or
 * the previous phase only, so comparing 12 bits of phase is exact.
 *
 * Threads that wait for each other through memory yield where the
 * kernel runs in rounds (ocl_rounds.c): nanosleep always, an mbarrier
 * test_wait or try_wait when the phase is not complete (only other
 * threads can complete it; the program's loop tests again). */
#include "codegen/opencl/ocl.h"

enum { MBAR_COUNT_MASK = 0xfffff };

const char *cux_ocl_mbarrier_helpers(void)
{
    return
        "/* mbarrier (ocl_async.c): m[0] pending (bits 0-19) and phase\n"
        " * (bits 20-31), m[1] the expected arrivals */\n"
        "static void cux_mbar_init(__local volatile uint *m, uint count)\n{\n"
        "    m[0] = count & 0xfffffu;\n    m[1] = count & 0xfffffu;\n}\n"
        "static ulong cux_mbar_arrive(__local volatile uint *m, uint count, "
        "int drop)\n{\n"
        "    uint e, o, n;\n"
        "    mem_fence(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);\n"
        "    if (drop)\n"
        "        do {\n            e = m[1];\n"
        "            n = e > count ? e - count : 0u;\n"
        "        } while (atomic_cmpxchg(&m[1], e, n) != e);\n"
        "    do {\n        o = m[0];\n        e = m[1] & 0xfffffu;\n"
        "        n = (o & 0xfffffu) > count ? o - count\n"
        "            : (((o >> 20) + 1u) << 20) | e;\n"
        "    } while (atomic_cmpxchg(&m[0], o, n) != o);\n"
        "    return (ulong)e << 32 | o;\n}\n"
        "static int cux_mbar_complete(__local volatile uint *m, ulong state, "
        "int parity)\n{\n"
        "    uint phase = m[0] >> 20;\n"
        "    int done = parity ? (phase & 1u) != ((uint)state & 1u)\n"
        "                      : phase != ((uint)state >> 20);\n"
        "    if (done)\n"
        "        mem_fence(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);\n"
        "    return done;\n}\n\n";
}

/* Opens a block with m_, the barrier's words, from address operand i:
 * a shared address, or a generic one that must point into shared
 * memory (anything else is an illegal address; the operation is then
 * left out).  Returns whether the caller must close the if. */
static bool open_barrier(ocl_gen *g, const cux_ptx_insn *insn, uint32_t i)
{
    g->uses_mbarrier = true;
    EMIT("    { ulong a_ = %s;\n",
         cux_ocl_address(g, insn, cux_ocl_opnd(g, insn, i)));
    bool generic = insn->space != CUX_SPACE_SHARED;
    if (generic)
        EMIT("      if (!CUX_IS_SHARED(a_)) cux_bad_address(A_, a_, 1u);\n"
             "      else {\n");
    EMIT("      __local volatile uint *m_ = "
         "(__local volatile uint *)&CUX_SHARED(ulong, a_);\n");
    return generic;
}

static void close_barrier(ocl_gen *g, bool generic)
{
    EMIT(generic ? "      }\n    }\n" : "    }\n");
}

/* mbarrier.arrive[.noComplete] d, [a]{, count}; arrive_drop likewise;
 * cp.async.mbarrier.arrive.noinc [a] (addr 0, no result). */
static void arrive(ocl_gen *g, const cux_ptx_insn *insn, uint32_t addr)
{
    const char *count = insn->n_operands > addr + 1
                            ? cux_ocl_src(g, insn, addr + 1, CUX_T_U32)
                            : "1u";
    bool generic = open_barrier(g, insn, addr);
    EMIT("      ulong s_ = cux_mbar_arrive(m_, %s, %d);\n", count,
         insn->mode == CUX_MODE_ARRIVE_DROP);
    if (addr)
        cux_ocl_dst(g, insn, 0, CUX_T_B64, "s_");
    else
        EMIT("      (void)s_;\n");
    close_barrier(g, generic);
}

/* test_wait / try_wait[.parity] p, [a], state|parity: the test; where
 * it fails in a kernel in rounds, a yield (the wait is a loop of the
 * program's).  A failed generic address counts as complete, so that
 * the loop ends after the fault. */
static void wait(ocl_gen *g, const cux_ptx_insn *insn)
{
    if (!g->rounds) {
        cux_ocl_fail(g, insn, "an mbarrier wait in a device function "
                     "that was not inlined");
        return;
    }
    const char *state = cux_ocl_src(g, insn, 2, CUX_T_U64);
    EMIT("    { int d_ = 1;\n");
    bool generic = open_barrier(g, insn, 1);
    EMIT("      d_ = cux_mbar_complete(m_, %s, %d);\n", state,
         (insn->flags & CUX_PTX_F_PARITY) != 0);
    close_barrier(g, generic);
    cux_ocl_dst(g, insn, 0, CUX_T_PRED, "(-d_)");
    cux_ocl_rounds_yield(g, insn, "!d_");
    EMIT("    }\n");
}

static void mbarrier(ocl_gen *g, const cux_ptx_insn *insn)
{
    bool generic;
    switch (insn->mode) {
    case CUX_MODE_INIT: {
        const char *count = cux_ocl_src(g, insn, 1, CUX_T_U32);
        generic = open_barrier(g, insn, 0);
        EMIT("      cux_mbar_init(m_, %s);\n", count);
        close_barrier(g, generic);
        return;
    }
    case CUX_MODE_ARRIVE: case CUX_MODE_ARRIVE_DROP:
        arrive(g, insn, 1);
        return;
    case CUX_MODE_TEST_WAIT: case CUX_MODE_TRY_WAIT:
        wait(g, insn);
        return;
    case CUX_MODE_PENDING_COUNT:
        cux_ocl_dst(g, insn, 0, CUX_T_U32,
                    FMT("((uint)(%s) & 0x%xu)",
                        cux_ocl_src(g, insn, 1, CUX_T_U64), MBAR_COUNT_MASK));
        return;
    case CUX_MODE_INVAL:
        return; /* the words are the program's again, as they are */
    default:
        cux_ocl_fail(g, insn, "this mbarrier form");
        return;
    }
}

/* cp.async [dst], [src], cp-size{, src-size | ignore-src}{, policy}:
 * bytes past src-size, or all of them where ignore-src is true, are
 * zeros, and the source is not read there. */
static void async_copy(ocl_gen *g, const cux_ptx_insn *insn)
{
    const cux_ptx_operand *sz = cux_ocl_opnd(g, insn, 2);
    bool policy = (insn->flags & CUX_PTX_F_L2_POLICY) != 0;
    if (sz->kind != CUX_OPND_IMM_INT || (sz->imm != 4 && sz->imm != 8 &&
                                         sz->imm != 16)) {
        cux_ocl_fail(g, insn, "a cp.async of this size");
        return;
    }
    uint32_t size = (uint32_t)sz->imm;
    const cux_ptx_operand *op = insn->n_operands == 4u + policy
                                    ? cux_ocl_opnd(g, insn, 3) : NULL;
    EMIT("    { ulong d_ = %s, s_ = %s;\n",
         cux_ocl_address(g, insn, cux_ocl_opnd(g, insn, 0)),
         cux_ocl_address(g, insn, cux_ocl_opnd(g, insn, 1)));
    /* nvcc's memcpy_async writes src-size as the whole size: a copy */
    if (!op || (op->kind == CUX_OPND_IMM_INT && op->imm >= size)) {
        EMIT("      for (uint i_ = 0u; i_ < %uu; i_ += 4u)\n"
             "        CUX_SHARED(uint, d_ + i_) = CUX_GLOBAL(uint, s_ + i_);\n"
             "    }\n", size);
        return;
    }
    bool ignore = op->kind == CUX_OPND_REG &&
                  g->func->regs[op->value].type == CUX_T_PRED;
    const char *from = ignore
        ? FMT("(%s ? 0u : %uu)", cux_ocl_src(g, insn, 3, CUX_T_PRED), size)
        : cux_ocl_src(g, insn, 3, CUX_T_U32);
    EMIT("      uint n_ = %s;\n"
         "      for (uint i_ = 0u; i_ < %uu; i_++)\n"
         "        CUX_SHARED(uchar, d_ + i_) = i_ < n_ ? "
         "CUX_GLOBAL(uchar, s_ + i_) : (uchar)0;\n    }\n", from, size);
}

void cux_ocl_async(ocl_gen *g, const cux_ptx_insn *insn)
{
    if (insn->op == CUX_OP_NANOSLEEP) {
        if (g->rounds)
            cux_ocl_rounds_yield(g, insn, NULL);
        else
            cux_ocl_fail(g, insn, "nanosleep in a device function that "
                         "was not inlined");
        return;
    }
    if (insn->op == CUX_OP_MBARRIER) {
        mbarrier(g, insn);
        return;
    }
    switch (insn->mode) {
    case CUX_MODE_ASYNC_COPY:
        async_copy(g, insn);
        return;
    case CUX_MODE_ASYNC_ARRIVE:
        if (insn->flags & CUX_PTX_F_NOINC)
            arrive(g, insn, 0);
        return;
    default:
        return; /* the groups: every copy has completed already */
    }
}
