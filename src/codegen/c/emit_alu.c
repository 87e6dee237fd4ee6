/* emit_alu.c: arithmetic, logic, comparison, selection and conversion
 * as 32 masked lanes.  What each operation computes is written once, per
 * thread, in codegen/common/lane_ops.c; here it is applied to a warp.
 * An operation lane_ops marks `whole` (plain operators, clamped shifts)
 * works on whole lane vectors; the rest runs in a loop over lanes, which
 * the C compiler vectorises where it can. */
#include "cgen.h"

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

static bool compare(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    bool pair = (insn->flags & CUX_PTX_F_PAIR) != 0;
    uint32_t first_src = pair ? 2 : 1;
    uint32_t n_src = insn->n_operands - first_src;
    bool half = t == CUX_T_F16 || t == CUX_T_BF16;
    if (t == CUX_T_F16X2 || t == CUX_T_BF16X2) {
        cux_cgen_fail(g, insn, "packed half comparisons are not supported yet");
        return true;
    }
    /* Halves compare as floats; everything else in its own lane width. */
    if (half)
        EMIT("    { cux_vu16 ah_ = %s, bh_ = %s; cux_vf32 a_, b_;\n"
             "      CUX_LANES { a_[l] = %s(ah_[l]); b_[l] = %s(bh_[l]); }\n",
             cux_cgen_src(g, insn, first_src, t), cux_cgen_src(g, insn, first_src + 1, t),
             cux_lane_half_to_float(t), cux_lane_half_to_float(t));
    else
        EMIT("    { %s a_ = %s; %s b_ = %s;\n", cux_cgen_vtype(t),
             cux_cgen_src(g, insn, first_src, t), cux_cgen_vtype(t),
             cux_cgen_src(g, insn, first_src + 1, t));
    static const char *const lanes[] = {"a_[l]", "b_[l]"};
    cux_lane_ctx c = {.arena = &g->expr, .src = lanes, .type = cux_cgen_stype};
    const char *test = cux_lane_compare(&c, insn);
    if (!test) {
        cux_cgen_fail(g, insn, "comparison missing on '%s'",
                      cux_ptx_opcode_names[insn->op]);
        test = "0";
    }
    EMIT("      cux_vs32 r_;\n      CUX_LANES r_[l] = -(int32_t)(%s);\n", test);
    const char *combine = cux_lane_combine(insn);
    if (combine)
        EMIT("      cux_vs32 c_ = %s;\n"
             "      cux_vs32 p_ = r_ %s c_, q_ = ~r_ %s c_;\n",
             n_src > 2 ? cux_cgen_src(g, insn, first_src + 2, CUX_T_PRED) : "(cux_vs32){0}",
             combine, combine);
    else
        EMIT("      cux_vs32 p_ = r_, q_ = ~r_;\n");
    EMIT("      (void)q_;\n");
    if (insn->op == CUX_OP_SET) {
        cux_ptx_type dt = (cux_ptx_type)insn->type2;
        if (dt == CUX_T_F32)
            EMIT("      cux_vu32 v_ = (cux_vu32)p_ & CUX_SPLAT32(0x3f800000u);\n");
        else
            EMIT("      cux_vu32 v_ = (cux_vu32)p_;\n");
        cux_cgen_dst(g, insn, 0, dt == CUX_T_F32 ? CUX_T_B32 : dt, "v_");
    } else {
        cux_cgen_dst(g, insn, 0, CUX_T_PRED, "p_");
        if (pair)
            cux_cgen_dst(g, insn, 1, CUX_T_PRED, "q_");
    }
    EMIT("    }\n");
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

/* One lane operation: on whole vectors where lane_ops allows it, else
 * lane by lane. */
static bool apply(cux_cgen *g, const cux_ptx_insn *insn)
{
    static const char *const lanes[] = {"a_[l]", "b_[l]", "c_[l]", "d_[l]"};
    cux_lane_op op;
    if (!lane_op(g, insn, lanes, cux_cgen_stype, &op))
        return false;
    if (op.error) {
        cux_cgen_fail(g, insn, "%s", op.error);
        return true;
    }
    if (!op.whole) {
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
    switch (insn->op) {
    case CUX_OP_SETP: case CUX_OP_SET:
        return compare(g, insn);
    default:
        return apply(g, insn);
    }
}
