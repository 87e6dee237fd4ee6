/* emit_alu.c: arithmetic, logic, comparison, selection and conversion
 * as 32 masked lanes.  What each operation computes is written once, per
 * thread, in codegen/common/lane_ops.c; here it is applied to a warp.
 * An operation lane_ops marks `whole` (plain operators, clamped shifts)
 * works on whole lane vectors; the rest runs in a loop over lanes, which
 * the C compiler vectorises where it can. */
#include "cgen.h"

#include <string.h>

/* Emits `{ A a_ = src0; B b_ = src1; ...; D t_; for lanes t_[l] = expr; }`
 * and writes t_ to destination 0.  Sources are operands 1.. of insn.  A
 * carry operation also computes its carry out per lane, kept in `cc`
 * when the instruction sets it (.cc; madc without .cc only reads it). */
static void lanewise(cux_cgen *g, const cux_ptx_insn *insn,
                     const cux_lane_op *op)
{
    static const char names[] = "abcd";
    EMIT("    {\n");
    for (uint32_t i = 0; i < op->n_src; i++)
        EMIT("      %s %c_ = %s;\n", cux_cgen_vtype(op->src[i]), names[i],
             cux_cgen_src(g, insn, i + 1, op->src[i]));
    const char *value = FMT("t_[l] = (%s)(%s)", cux_cgen_wtype(op->dst),
                            op->expr);
    if (op->carry)
        EMIT("      %s t_; cux_vu32 co_;\n"
             "      CUX_LANES { %s; co_[l] = %s; }\n",
             cux_cgen_vtype(op->dst), value, op->carry);
    else
        EMIT("      %s t_;\n      CUX_LANES %s;\n", cux_cgen_vtype(op->dst),
             value);
    cux_cgen_dst(g, insn, 0, op->dst, "t_");
    if (op->carry && (insn->flags & CUX_PTX_F_CC))
        EMIT("      cc = partial ? cux_blend_vu32(cc, co_, wm16, wm32, wm64)"
             " : co_;\n");
    EMIT("    }\n");
}

/* Whether every destination of a setp/set is a scalar register. */
static bool compare_dsts_scalar(cux_cgen *g, const cux_ptx_insn *insn,
                                bool pair)
{
    if (!cux_cgen_dst_scalar(g, insn))
        return false;
    const cux_ptx_operand *q = cux_cgen_opnd(g, insn, 1);
    return !pair || q->kind == CUX_OPND_SINK ||
           (q->kind == CUX_OPND_REG && cux_cgen_reg_scalar(g, q->value));
}

/* setp and set on .f16x2/.bf16x2: each half compared as a float, lane
 * by lane.  setp writes the low half's result (combined with c) to p and
 * the high half's to q, not its complement; set writes per half 1.0 of
 * the destination's half type, or 0xffff for an integer destination. */
static bool compare_packed(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    bool pair = (insn->flags & CUX_PTX_F_PAIR) != 0;
    uint32_t first_src = pair ? 2 : 1;
    uint32_t n_src = insn->n_operands - first_src;
    const char *to_float = cux_lane_half_to_float(t);
    EMIT("    { cux_vu32 ap_ = %s, bp_ = %s; cux_vf32 a0_, b0_, a1_, b1_;\n"
         "      CUX_LANES { a0_[l] = %s((uint16_t)ap_[l]); "
         "a1_[l] = %s((uint16_t)(ap_[l] >> 16));\n"
         "                  b0_[l] = %s((uint16_t)bp_[l]); "
         "b1_[l] = %s((uint16_t)(bp_[l] >> 16)); }\n",
         cux_cgen_src(g, insn, first_src, CUX_T_B32),
         cux_cgen_src(g, insn, first_src + 1, CUX_T_B32), to_float, to_float,
         to_float, to_float);
    const char *halves[2][2] = {{"a0_[l]", "b0_[l]"}, {"a1_[l]", "b1_[l]"}};
    const char *test[2];
    for (int h = 0; h < 2; h++) {
        cux_lane_ctx c = {.arena = &g->expr, .src = halves[h],
                          .type = cux_cgen_stype};
        test[h] = cux_lane_compare(&c, insn);
        if (!test[h]) {
            cux_cgen_fail(g, insn, "comparison missing on '%s'",
                          cux_ptx_opcode_names[insn->op]);
            test[h] = "0";
        }
    }
    EMIT("      cux_vs32 r0_, r1_;\n"
         "      CUX_LANES { r0_[l] = -(int32_t)(%s); r1_[l] = -(int32_t)(%s); }\n",
         test[0], test[1]);
    const char *combine = cux_lane_combine(insn);
    if (combine)
        EMIT("      cux_vs32 c_ = %s;\n"
             "      cux_vs32 p_ = r0_ %s c_, q_ = r1_ %s c_;\n",
             n_src > 2 ? cux_cgen_src(g, insn, first_src + 2, CUX_T_PRED)
                       : "(cux_vs32){0}", combine, combine);
    else
        EMIT("      cux_vs32 p_ = r0_, q_ = r1_;\n");
    if (insn->op == CUX_OP_SET) {
        cux_ptx_type dt = (cux_ptx_type)insn->type2;
        unsigned one = dt == CUX_T_F16X2 ? 0x3c00u
                     : dt == CUX_T_BF16X2 ? 0x3f80u : 0xffffu;
        EMIT("      cux_vu32 v_ = ((cux_vu32)p_ & 0x%xu) | "
             "(((cux_vu32)q_ & 0x%xu) << 16);\n", one, one);
        cux_cgen_dst(g, insn, 0, CUX_T_B32, "v_");
    } else {
        cux_cgen_dst(g, insn, 0, CUX_T_PRED, "p_");
        if (pair)
            cux_cgen_dst(g, insn, 1, CUX_T_PRED, "q_");
    }
    EMIT("    }\n");
    return true;
}

/* setp and set: on scalars when the destinations are warp-uniform, else
 * lane by lane.  `l` is the lane subscript ("[l]" or ""). */
static bool compare(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    bool pair = (insn->flags & CUX_PTX_F_PAIR) != 0;
    uint32_t first_src = pair ? 2 : 1;
    uint32_t n_src = insn->n_operands - first_src;
    bool half = t == CUX_T_F16 || t == CUX_T_BF16;
    if (t == CUX_T_F16X2 || t == CUX_T_BF16X2)
        return compare_packed(g, insn);
    bool one = compare_dsts_scalar(g, insn, pair);
    const cux_ptx_operand *dst = cux_cgen_opnd(g, insn, 0);
    bool bits = dst->kind == CUX_OPND_REG && g->pred_bits[dst->value];
    if (bits)
        cux_cgen_pred_bits_fast(g, insn);
    const char *l = one ? "" : "[l]", *each = one ? "" : "CUX_LANES ";
    const char *(*src)(cux_cgen *, const cux_ptx_insn *, uint32_t,
                       cux_ptx_type) = one ? cux_cgen_src_scalar : cux_cgen_src;
    const char *(*type)(cux_ptx_type) = one ? cux_cgen_wtype : cux_cgen_vtype;
    const char *pred = type(CUX_T_PRED), *f32 = type(CUX_T_F32);
    /* Halves compare as floats; everything else in its own lane width. */
    if (half)
        EMIT("    { %s ah_ = %s, bh_ = %s; %s a_, b_;\n"
             "      %s{ a_%s = %s(ah_%s); b_%s = %s(bh_%s); }\n",
             type(t), src(g, insn, first_src, t),
             src(g, insn, first_src + 1, t), f32, each, l,
             cux_lane_half_to_float(t), l, l, cux_lane_half_to_float(t), l);
    else
        EMIT("    { %s a_ = %s; %s b_ = %s;\n", type(t),
             src(g, insn, first_src, t), type(t),
             src(g, insn, first_src + 1, t));
    const char *lanes[] = {FMT("a_%s", l), FMT("b_%s", l)};
    cux_lane_ctx c = {.arena = &g->expr, .src = lanes, .type = cux_cgen_stype};
    const char *test = cux_lane_compare(&c, insn);
    if (!test) {
        cux_cgen_fail(g, insn, "comparison missing on '%s'",
                      cux_ptx_opcode_names[insn->op]);
        test = "0";
    }
    EMIT("      %s r_;\n      %sr_%s = -(int32_t)(%s);\n", pred, each, l,
         test);
    const char *combine = cux_lane_combine(insn);
    if (combine)
        EMIT("      %s c_ = %s;\n"
             "      %s p_ = r_ %s c_, q_ = ~r_ %s c_;\n", pred,
             n_src > 2 ? src(g, insn, first_src + 2, CUX_T_PRED)
                       : FMT("(%s){0}", pred),
             pred, combine, combine);
    else
        EMIT("      %s p_ = r_, q_ = ~r_;\n", pred);
    EMIT("      (void)q_;\n");
    if (insn->op == CUX_OP_SET) {
        /* true is 1.0 in a float or half destination, all ones in an
         * integer one */
        cux_ptx_type dt = (cux_ptx_type)insn->type2;
        bool narrow = cux_ptx_type_size(dt) == 2;
        cux_ptx_type vt = dt == CUX_T_F32 ? CUX_T_B32
                        : narrow ? CUX_T_B16 : dt;
        const char *u32 = type(CUX_T_U32);
        unsigned true_bits = dt == CUX_T_F32 ? 0x3f800000u
                           : dt == CUX_T_F16 ? 0x3c00u
                           : dt == CUX_T_BF16 ? 0x3f80u : 0xffffffffu;
        EMIT("      %s v_ = (%s)p_ & %s0x%xu%s;\n", u32, u32,
             one ? "" : "CUX_SPLAT32(", true_bits, one ? "" : ")");
        const char *value = !narrow ? "v_"
            : one ? "(uint16_t)v_" : "__builtin_convertvector(v_, cux_vu16)";
        if (one)
            cux_cgen_dst_scalar_value(g, insn, vt, value);
        else
            cux_cgen_dst(g, insn, 0, vt, value);
    } else if (one) {
        cux_cgen_dst_scalar_value(g, insn, CUX_T_PRED, "p_");
        const cux_ptx_operand *q = cux_cgen_opnd(g, insn, 1);
        if (pair && q->kind == CUX_OPND_REG)
            EMIT("    %s = q_;\n", cux_cgen_reg_name(g, q->value));
    } else if (bits) {
        EMIT("      %s = cux_bits(p_);\n", cux_cgen_pred_bits_name(g, dst->value));
    } else {
        cux_cgen_dst(g, insn, 0, CUX_T_PRED, "p_");
        if (pair)
            cux_cgen_dst(g, insn, 1, CUX_T_PRED, "q_");
    }
    EMIT(bits ? "    } }\n" : "    }\n");
    return true;
}

/* The lane operation of insn over placeholders `src` spelt by `type`. */
static bool lane_op(cux_cgen *g, const cux_ptx_insn *insn,
                    const char *const *src, const char *(*type)(cux_ptx_type),
                    cux_lane_op *op)
{
    cux_lane_ctx c = {.arena = &g->expr, .src = src, .type = type,
                      .operands = cux_cgen_opnd(g, insn, 0),
                      .carry_in = "cc[l]"};
    return cux_lane_op_of(&c, insn, op);
}

/* The operation once, on scalars, for a warp-uniform destination. */
static void scalar(cux_cgen *g, const cux_ptx_insn *insn,
                   const cux_lane_op *op)
{
    static const char names[] = "abcd";
    EMIT("    {\n");
    for (uint32_t i = 0; i < op->n_src; i++)
        EMIT("      %s %c_ = %s;\n", cux_cgen_wtype(op->src[i]), names[i],
             cux_cgen_src_scalar(g, insn, i + 1, op->src[i]));
    EMIT("  ");
    cux_cgen_dst_scalar_value(g, insn, op->dst,
                              FMT("((%s)(%s))", cux_cgen_wtype(op->dst),
                                  op->expr));
    EMIT("    }\n");
}

/* div and rem of 32-bit integers by a divisor every lane shares, in a
 * register (`idx / width`): the prelude's division by a reciprocal
 * (cux_udivrem32_by), which vectorises, instead of a hardware divide in
 * each lane.  A constant divisor GCC turns into a multiply itself. */
static bool divide_by_uniform(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    const cux_ptx_operand *d = cux_cgen_opnd(g, insn, 2);
    if ((insn->op != CUX_OP_DIV && insn->op != CUX_OP_REM) ||
        (t != CUX_T_S32 && t != CUX_T_U32) || d->kind != CUX_OPND_REG ||
        !cux_cgen_reg_scalar(g, d->value))
        return false;
    bool is_signed = t == CUX_T_S32;
    EMIT("    { %s q_ = cux_%cdivrem32_by(%s, %s, %d);\n",
         cux_cgen_vtype(t), is_signed ? 's' : 'u', cux_cgen_src(g, insn, 1, t),
         cux_cgen_src_scalar(g, insn, 2, t), insn->op == CUX_OP_REM);
    cux_cgen_dst(g, insn, 0, t, "q_");
    EMIT("    }\n");
    return true;
}

/* One lane operation: on a scalar for a uniform destination, on whole
 * vectors where lane_ops allows it, else lane by lane. */
static bool apply(cux_cgen *g, const cux_ptx_insn *insn)
{
    static const char *const lanes[] = {"a_[l]", "b_[l]", "c_[l]", "d_[l]"};
    static const char *const scalars[] = {"a_", "b_", "c_", "d_"};
    cux_lane_op op;
    if (!lane_op(g, insn, lanes, cux_cgen_stype, &op))
        return false;
    if (op.error) {
        cux_cgen_fail(g, insn, "%s", op.error);
        return true;
    }
    if (!op.carry && cux_cgen_dst_scalar(g, insn)) {
        lane_op(g, insn, scalars, cux_cgen_stype, &op);
        scalar(g, insn, &op);
        return true;
    }
    /* A float operation on whole vectors only where its result may be
     * blended with the old value (CUX_SET): there the lane loop's
     * temporary made softmax 1.37x and reduce_smem 1.08x slower.  Where
     * every lane writes, whole vectors measured from 0.85x (nbody) to
     * 1.2x (mandel) the lane loop's time, so it stays (A/B, one thread). */
    if (divide_by_uniform(g, insn))
        return true;
    if (insn->op == CUX_OP_SELP) { /* the prelude's bitwise cux_select_* */
        cux_ptx_type t = (cux_ptx_type)insn->type;
        cux_cgen_dst(g, insn, 0, t,
                     FMT("cux_select_%s(%s, %s, %s)",
                         cux_cgen_vtype(t) + strlen("cux_"),
                         cux_cgen_src(g, insn, 3, CUX_T_PRED),
                         cux_cgen_src(g, insn, 1, t),
                         cux_cgen_src(g, insn, 2, t)));
        return true;
    }
    bool floating = insn->type == CUX_T_F32 || insn->type == CUX_T_F64;
    if (!op.whole || (floating && g->whole_warp)) {
        lanewise(g, insn, &op);
        return true;
    }
    const char *whole[4] = {""};
    for (uint32_t i = 0; i < op.n_src; i++)
        whole[i] = cux_cgen_src(g, insn, i + 1, op.src[i]);
    lane_op(g, insn, whole, cux_cgen_vtype, &op);
    cux_cgen_dst(g, insn, 0, op.dst, op.expr);
    return true;
}

bool cux_cgen_alu(cux_cgen *g, const cux_ptx_insn *insn)
{
    if (cux_cgen_pred_bits_logic(g, insn))
        return true;
    switch (insn->op) {
    case CUX_OP_SETP: case CUX_OP_SET:
        return compare(g, insn);
    default:
        return apply(g, insn);
    }
}
