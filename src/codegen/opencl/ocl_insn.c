/* ocl_insn.c: one PTX instruction as OpenCL C for one work-item.  What
 * arithmetic, logic and conversions compute is lane_ops' (written once
 * for every generator); here come moves, comparisons, address spaces,
 * control flow and barriers.  Whatever has no exact per-thread meaning
 * yet (...) fails the function
 * with its name. */
#include "codegen/opencl/ocl.h"
#include "codegen/common/lane_ops.h"

#include <string.h>

static void lane_op(ocl_gen *g, const cux_ptx_insn *insn)
{
    static const char *const src[] = {"a_", "b_", "c_", "d_"};
    cux_lane_ctx c = {.arena = g->expr, .src = src, .type = cux_ocl_stype,
                      .operands = cux_ocl_opnd(g, insn, 0),
                      .carry_in = "cc_"};
    cux_lane_op op;
    if (!cux_lane_op_of(&c, insn, &op)) {
        cux_ocl_fail(g, insn, "'%s'", cux_ptx_opcode_names[insn->op]);
        return;
    }
    if (op.error) {
        cux_ocl_fail(g, insn, "%s", op.error);
        return;
    }
    static const char names[] = "abcd";
    EMIT("    {\n");
    for (uint32_t i = 0; i < op.n_src; i++)
        EMIT("      %s %c_ = %s;\n", cux_ocl_ctype(op.src[i]), names[i],
             cux_ocl_src(g, insn, i + 1, op.src[i]));
    EMIT("      %s t_ = (%s)(%s);\n", cux_ocl_ctype(op.dst),
         cux_ocl_ctype(op.dst), op.expr);
    if (op.carry && (insn->flags & CUX_PTX_F_CC))
        EMIT("      uint co_ = %s;\n", op.carry);
    cux_ocl_dst(g, insn, 0, op.dst, "t_");
    if (op.carry && (insn->flags & CUX_PTX_F_CC))
        EMIT("      cc_ = co_;\n");
    EMIT("    }\n");
}

/* cvt.rz/.rm/.rp to f32 from f64 or an integer, or to f64 from a 64-bit
 * integer: a conversion that may round, in a directed mode.  lane_ops
 * spells it with the CPU's rounding-mode switch (CUX_ROUNDED_F32);
 * OpenCL's conversions name the mode themselves.  True if it was one. */
static bool cvt_directed(ocl_gen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type dst = (cux_ptx_type)insn->type, src = (cux_ptx_type)insn->type2;
    bool to_f32 = dst == CUX_T_F32 &&
                  (src == CUX_T_F64 || cux_ptx_type_is_int(src));
    bool to_f64 = dst == CUX_T_F64 && cux_ptx_type_is_int(src);
    const char *mode = insn->rounding == CUX_RND_RZ ? "rtz"
                     : insn->rounding == CUX_RND_RM ? "rtn"
                     : insn->rounding == CUX_RND_RP ? "rtp" : NULL;
    if (insn->op != CUX_OP_CVT || !mode || (!to_f32 && !to_f64))
        return false;
    if (src == CUX_T_F64)
        g->uses_f64 = true;
    const char *value = FMT("convert_%s_%s(%s)", to_f32 ? "float" : "double",
                            mode, cux_ocl_src(g, insn, 1, src));
    if (insn->flags & CUX_PTX_F_SAT)
        value = FMT("%s(%s)", to_f32 ? "cux_sat32" : "cux_sat64", value);
    if (to_f32 && (insn->flags & CUX_PTX_F_FTZ))
        value = FMT("cux_ftz32(%s)", value);
    cux_ocl_dst(g, insn, 0, dst, value);
    return true;
}

/* setp and set on .f16x2/.bf16x2: each half compared as a float.  setp
 * writes the low halves' result (combined with c) to p and the high
 * halves' to q, not its complement; set writes per half 1.0 of the
 * destination's half type, or 0xffff for an integer destination. */
static void compare_packed(ocl_gen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    bool pair = (insn->flags & CUX_PTX_F_PAIR) != 0;
    uint32_t first = pair ? 2 : 1;
    uint32_t n_src = insn->n_operands - first;
    const char *to_float = cux_lane_half_to_float(t);
    EMIT("    { uint ap_ = %s, bp_ = %s;\n"
         "      float a0_ = %s((ushort)ap_), a1_ = %s((ushort)(ap_ >> 16));\n"
         "      float b0_ = %s((ushort)bp_), b1_ = %s((ushort)(bp_ >> 16));\n",
         cux_ocl_src(g, insn, first, CUX_T_B32),
         cux_ocl_src(g, insn, first + 1, CUX_T_B32), to_float, to_float,
         to_float, to_float);
    static const char *const halves[2][2] = {{"a0_", "b0_"}, {"a1_", "b1_"}};
    const char *test[2];
    for (int h = 0; h < 2; h++) {
        cux_lane_ctx c = {.arena = g->expr, .src = halves[h],
                          .type = cux_ocl_stype};
        test[h] = cux_lane_compare(&c, insn);
        if (!test[h]) {
            cux_ocl_fail(g, insn, "a comparison without its operator");
            test[h] = "0";
        }
    }
    EMIT("      int r0_ = -(int)(%s), r1_ = -(int)(%s);\n", test[0], test[1]);
    const char *combine = cux_lane_combine(insn);
    if (combine)
        EMIT("      int c_ = %s;\n      int p_ = r0_ %s c_, q_ = r1_ %s c_;\n",
             n_src > 2 ? cux_ocl_src(g, insn, first + 2, CUX_T_PRED) : "0",
             combine, combine);
    else
        EMIT("      int p_ = r0_, q_ = r1_;\n");
    if (insn->op == CUX_OP_SET) {
        cux_ptx_type dt = (cux_ptx_type)insn->type2;
        unsigned one = dt == CUX_T_F16X2 ? 0x3c00u
                     : dt == CUX_T_BF16X2 ? 0x3f80u : 0xffffu;
        cux_ocl_dst(g, insn, 0, CUX_T_B32,
                    FMT("(((uint)p_ & 0x%xu) | (((uint)q_ & 0x%xu) << 16))",
                        one, one));
    } else {
        cux_ocl_dst(g, insn, 0, CUX_T_PRED, "p_");
        if (pair)
            cux_ocl_dst(g, insn, 1, CUX_T_PRED, "q_");
    }
    EMIT("    }\n");
}

/* setp and set: the comparison (halves as floats), combined with the
 * optional predicate; setp's second destination gets the complement. */
static void compare(ocl_gen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    bool pair = (insn->flags & CUX_PTX_F_PAIR) != 0;
    uint32_t first = pair ? 2 : 1;
    if (t == CUX_T_F16X2 || t == CUX_T_BF16X2) {
        compare_packed(g, insn);
        return;
    }
    if (t == CUX_T_F16 || t == CUX_T_BF16)
        EMIT("    { float a_ = %s(%s), b_ = %s(%s);\n",
             cux_lane_half_to_float(t), cux_ocl_src(g, insn, first, t),
             cux_lane_half_to_float(t), cux_ocl_src(g, insn, first + 1, t));
    else
        EMIT("    { %s a_ = %s, b_ = %s;\n", cux_ocl_ctype(t),
             cux_ocl_src(g, insn, first, t), cux_ocl_src(g, insn, first + 1, t));
    static const char *const src[] = {"a_", "b_"};
    cux_lane_ctx c = {.arena = g->expr, .src = src, .type = cux_ocl_stype};
    const char *test = cux_lane_compare(&c, insn);
    if (!test) {
        cux_ocl_fail(g, insn, "a comparison without its operator");
        test = "0";
    }
    EMIT("      int r_ = -(int)(%s);\n", test);
    const char *combine = cux_lane_combine(insn);
    uint32_t n_src = insn->n_operands - first;
    if (combine)
        EMIT("      int c_ = %s;\n      int p_ = r_ %s c_, q_ = ~r_ %s c_;\n",
             n_src > 2 ? cux_ocl_src(g, insn, first + 2, CUX_T_PRED) : "0",
             combine, combine);
    else
        EMIT("      int p_ = r_, q_ = ~r_;\n");
    EMIT("      (void)q_;\n");
    if (insn->op == CUX_OP_SET) {
        cux_ptx_type dt = (cux_ptx_type)insn->type2;
        unsigned one = dt == CUX_T_F32 ? 0x3f800000u
                     : dt == CUX_T_F16 ? 0x3c00u
                     : dt == CUX_T_BF16 ? 0x3f80u : 0xffffffffu;
        cux_ptx_type vt = dt == CUX_T_F32 ? CUX_T_B32
                        : cux_ptx_type_size(dt) == 2 ? CUX_T_B16 : CUX_T_B32;
        cux_ocl_dst(g, insn, 0, vt, FMT("((uint)p_ & 0x%xu)", one));
    } else {
        cux_ocl_dst(g, insn, 0, CUX_T_PRED, "p_");
        if (pair)
            cux_ocl_dst(g, insn, 1, CUX_T_PRED, "q_");
    }
    EMIT("    }\n");
}

/* mov between a wide register and a vector of narrower ones: the first
 * element is the lowest bits. */
static void mov_vector(ocl_gen *g, const cux_ptx_insn *insn)
{
    const cux_ptx_operand *d = cux_ocl_opnd(g, insn, 0);
    const cux_ptx_operand *s = cux_ocl_opnd(g, insn, 1);
    cux_ptx_type t = (cux_ptx_type)insn->type;
    uint32_t bits = cux_ptx_type_size(t) * 8;
    if (bits != 32 && bits != 64) {
        cux_ocl_fail(g, insn, "a vector mov of this width");
        return;
    }
    cux_ptx_type whole = bits == 64 ? CUX_T_B64 : CUX_T_B32;
    const cux_ptx_operand *vec = d->kind == CUX_OPND_VEC ? d : s;
    uint32_t each = bits / vec->count;
    cux_ptx_type part = each == 32 ? CUX_T_B32 : each == 16 ? CUX_T_B16
                      : each == 8 ? CUX_T_B8 : CUX_T_NONE;
    if (part == CUX_T_NONE || (d->kind == CUX_OPND_VEC) == (s->kind == CUX_OPND_VEC)) {
        cux_ocl_fail(g, insn, "a vector mov of this shape");
        return;
    }
    const char *wt = bits == 64 ? "ulong" : "uint";
    if (d->kind == CUX_OPND_VEC) {
        EMIT("    { %s w_ = %s;\n", wt, cux_ocl_src(g, insn, 1, whole));
        for (uint32_t i = 0; i < vec->count; i++)
            cux_ocl_dst_operand(g, insn, &g->func->operands[vec->first + i],
                                part == CUX_T_B8 ? CUX_T_B16 : part,
                                FMT("((%s)((w_ >> %u) & 0x%llxUL))",
                                    part == CUX_T_B32 ? "uint" : "ushort",
                                    i * each, (1ull << each) - 1));
        EMIT("    }\n");
        return;
    }
    const char *value = FMT("((%s)0)", wt);
    for (uint32_t i = 0; i < vec->count; i++)
        value = FMT("(%s | ((%s)(%s & 0x%llxUL) << %u))", value, wt,
                    cux_ocl_src_operand(g, insn, &g->func->operands[vec->first + i],
                                        CUX_T_U64),
                    (1ull << each) - 1, i * each);
    cux_ocl_dst(g, insn, 0, whole, value);
}

static void mov(ocl_gen *g, const cux_ptx_insn *insn)
{
    if (cux_ocl_opnd(g, insn, 0)->kind == CUX_OPND_VEC ||
        cux_ocl_opnd(g, insn, 1)->kind == CUX_OPND_VEC) {
        mov_vector(g, insn);
        return;
    }
    cux_ocl_dst(g, insn, 0, insn->type, cux_ocl_src(g, insn, 1, insn->type));
}

/* Generic addresses of the shared and local windows carry their tag. */
static void cvta(ocl_gen *g, const cux_ptx_insn *insn)
{
    const char *src = cux_ocl_src(g, insn, 1, CUX_T_U64);
    const char *tag = insn->space == CUX_SPACE_SHARED ? "CUX_TAG_SHARED"
                    : insn->space == CUX_SPACE_LOCAL ? "CUX_TAG_LOCAL" : NULL;
    const char *value = src;
    if (insn->space == CUX_SPACE_PARAM) {
        cux_ocl_fail(g, insn, "a generic address of a parameter");
        return;
    }
    if (tag && (insn->flags & CUX_PTX_F_TO))
        value = FMT("(%s & 0xffffffffUL)", src);
    else if (tag)
        value = FMT("((%s << 48) | (%s & 0xffffffffUL))", tag, src);
    cux_ocl_dst(g, insn, 0,
                cux_ptx_type_size(insn->type) == 8 ? CUX_T_U64 : CUX_T_U32,
                value);
}

static void isspacep(ocl_gen *g, const cux_ptx_insn *insn)
{
    const char *a = cux_ocl_src(g, insn, 1, CUX_T_U64);
    const char *test;
    switch (insn->space) {
    case CUX_SPACE_SHARED: test = FMT("CUX_IS_SHARED(%s)", a); break;
    case CUX_SPACE_LOCAL: test = FMT("CUX_IS_LOCAL(%s)", a); break;
    case CUX_SPACE_GLOBAL:
        test = FMT("!CUX_IS_SHARED(%s) && !CUX_IS_LOCAL(%s)", a, a);
        break;
    default: test = "0"; break;
    }
    cux_ocl_dst(g, insn, 0, CUX_T_PRED, FMT("(-(int)(%s))", test));
}

/* bar.red (__syncthreads_count/_and/_or): a barrier around a count in
 * the kernel's __local word (ocl_module.c declares it); the last barrier
 * keeps the next reduction from resetting it before all have read it. */
static void barrier_reduce(ocl_gen *g, const cux_ptx_insn *insn)
{
    if (!g->func->is_entry) {
        cux_ocl_fail(g, insn, "bar.red in a device function");
        return;
    }
    const char *p = cux_ocl_src(g, insn, insn->n_operands - 1, CUX_T_PRED);
    const char *all = "(uint)(get_local_size(0) * get_local_size(1) * "
                      "get_local_size(2))";
    const char *result = insn->mode2 == CUX_MODE_POPC ? "n_"
                       : insn->mode2 == CUX_MODE_AND
                           ? FMT("(-(int)(n_ == %s))", all)
                           : "(-(int)(n_ != 0))";
    EMIT("    { int p_ = %s;\n"
         "      barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);\n"
         "      if (get_local_id(0) == 0 && get_local_id(1) == 0 && "
         "get_local_id(2) == 0) cux_red_ = 0;\n"
         "      barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);\n"
         "      if (p_) atomic_inc(&cux_red_);\n"
         "      barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);\n"
         "      uint n_ = cux_red_;\n"
         "      barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);\n", p);
    cux_ocl_dst(g, insn, 0, insn->mode2 == CUX_MODE_POPC ? CUX_T_U32
                                                          : CUX_T_PRED,
                result);
    EMIT("    }\n");
}

/* bar.sync 0 / barrier.sync 0 with the whole block: OpenCL's barrier,
 * which every work-item of the group reaches as CUDA requires of
 * __syncthreads(); bar.warp.sync likewise.  Named barriers, thread
 * counts and bar.arrive run in rounds (ocl_rounds.c); here, in a device
 * function, they are refused. */
static void barrier(ocl_gen *g, const cux_ptx_insn *insn)
{
    /* OpenCL requires every work-item of the group at each barrier; CUDA
     * counts threads that exited as arrived, which a per-thread barrier
     * cannot: a kernel with a barrier under thread-varying control (an
     * early return before it) runs in rounds (ocl_rounds.c); in a device
     * function such a barrier is refused rather than run wrongly. */
    if (!cux_ocl_whole_block(g, insn)) {
        cux_ocl_fail(g, insn, "a barrier that only some threads of the "
                     "block reach (after an early return)");
        return;
    }
    const cux_ptx_operand *id = insn->n_operands ? cux_ocl_opnd(g, insn, 0)
                                                 : NULL;
    if (insn->mode == CUX_MODE_RED && insn->n_operands == 3 &&
        cux_ocl_opnd(g, insn, 1)->kind == CUX_OPND_IMM_INT &&
        cux_ocl_opnd(g, insn, 1)->imm == 0) {
        barrier_reduce(g, insn);
        return;
    }
    /* __syncwarp(mask) where the whole block arrives: the block's
     * barrier is the warp's and more */
    bool plain = insn->mode == CUX_MODE_SYNC || insn->mode == CUX_MODE_NONE;
    if (insn->mode == CUX_MODE_WARP_SYNC) {
        EMIT("    barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);\n");
        return;
    }
    if (!plain || insn->n_operands != 1 || id->kind != CUX_OPND_IMM_INT ||
        id->imm != 0) {
        cux_ocl_fail(g, insn, "this barrier form");
        return;
    }
    EMIT("    barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);\n");
}

static void branch(ocl_gen *g, const cux_ptx_insn *insn)
{
    const cux_ptx_operand *t = insn->n_operands ? cux_ocl_opnd(g, insn, 0)
                                                : NULL;
    if (!t || t->kind != CUX_OPND_LABEL) {
        cux_ocl_fail(g, insn, "a branch to this target");
        return;
    }
    EMIT("    goto B%u;\n", t->value);
}

void cux_ocl_leave(ocl_gen *g)
{
    if (g->rounds)
        cux_ocl_rounds_exit(g);
    else
        EMIT("    %s\n", g->body ? "return -1;" : "return;");
}

void cux_ocl_insn(ocl_gen *g, const cux_ptx_insn *insn)
{
    switch (insn->op) {
    case CUX_OP_MOV: mov(g, insn); return;
    case CUX_OP_SETP: case CUX_OP_SET: compare(g, insn); return;
    case CUX_OP_LD: case CUX_OP_LDU: case CUX_OP_ST:
        cux_ocl_load_store(g, insn);
        if (g->rounds && (insn->flags & CUX_PTX_F_SPIN)) /* ptx/spin.c */
            cux_ocl_rounds_yield(g, insn, NULL);
        return;
    case CUX_OP_ATOM: case CUX_OP_RED: cux_ocl_atomic(g, insn); return;
    case CUX_OP_CVTA: cvta(g, insn); return;
    case CUX_OP_ISSPACEP: isspacep(g, insn); return;
    case CUX_OP_BRA: branch(g, insn); return;
    case CUX_OP_RET:
        cux_ocl_leave(g);
        return;
    case CUX_OP_EXIT:
        if (!g->func->is_entry)
            cux_ocl_fail(g, insn, "exit inside a device function");
        cux_ocl_leave(g);
        return;
    case CUX_OP_BAR: case CUX_OP_BARRIER:
        if (g->rounds)
            cux_ocl_rounds_wait(g, insn);
        else
            barrier(g, insn);
        return;
    case CUX_OP_TRAP:
        /* the launch fails (cudaErrorLaunchFailure, as a GPU reports a
         * trap) and the thread ends; the others run on, which nothing
         * the program can see once the context has failed */
        EMIT("    cux_bad_address(A_, 0UL, 3u);\n");
        cux_ocl_leave(g); /* a block in rounds goes on without it */
        return;
    case CUX_OP_MEMBAR: case CUX_OP_FENCE:
        EMIT("    mem_fence(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);\n");
        return;
    case CUX_OP_CALL: cux_ocl_call(g, insn); return;
    case CUX_OP_NANOSLEEP: case CUX_OP_CP: case CUX_OP_MBARRIER:
        cux_ocl_async(g, insn);
        return;
    case CUX_OP_TEX: case CUX_OP_SULD: case CUX_OP_SUST:
        cux_ocl_texture(g, insn);
        return;
    case CUX_OP_WMMA:
        if (g->rounds && insn->mode == CUX_MODE_MMA)
            cux_ocl_rounds_wait(g, insn);
        else
            cux_ocl_wmma(g, insn);
        return;
    case CUX_OP_SHFL: case CUX_OP_VOTE: case CUX_OP_ACTIVEMASK:
    case CUX_OP_REDUX: case CUX_OP_MATCH:
        if (g->rounds)
            cux_ocl_rounds_wait(g, insn);
        else
            cux_ocl_warp(g, insn);
        return;
    /* cache hints: nothing to do on OpenCL */
    case CUX_OP_PREFETCH: case CUX_OP_PREFETCHU: case CUX_OP_APPLYPRIORITY:
    case CUX_OP_DISCARD: case CUX_OP_PMEVENT:
        return;
    case CUX_OP_CREATEPOLICY:
        cux_ocl_dst(g, insn, 0, CUX_T_B64, "0UL");
        return;
    default:
        break;
    }
    if (cux_ptx_opcode_flags[insn->op] &
        (CUX_PTX_OPF_WARP | CUX_PTX_OPF_MEM | CUX_PTX_OPF_TERM |
         CUX_PTX_OPF_BARRIER)) {
        cux_ocl_fail(g, insn, "'%s'", cux_ptx_opcode_names[insn->op]);
        return;
    }
    switch (insn->op) {
    case CUX_OP_BRKPT:
        cux_ocl_fail(g, insn, "'%s'", cux_ptx_opcode_names[insn->op]);
        return;
    default:
        if (!cvt_directed(g, insn))
            lane_op(g, insn);
    }
}
