/* emit_alu.c: arithmetic, logic, comparison, selection and conversion.
 * Plain operators work on whole lane vectors; anything with PTX-specific
 * edge cases (saturation, clamped shifts, rounding modes, bit fields)
 * runs lane by lane through the prelude's helpers, which the C compiler
 * vectorises where it can. */
#include "cgen.h"

/* Emits `{ A a_ = src0; B b_ = src1; ...; D t_; for lanes t_[l] = expr; }`
 * and writes t_ to destination 0.  Sources are operands 1.. of insn. */
static void lanewise(cux_cgen *g, const cux_ptx_insn *insn, cux_ptx_type dst,
                     uint32_t n_src, const cux_ptx_type *src,
                     const char *expr)
{
    static const char names[] = "abcd";
    EMIT("    {\n");
    for (uint32_t i = 0; i < n_src; i++)
        EMIT("      %s %c_ = %s;\n", cux_cgen_vtype(src[i]), names[i],
             cux_cgen_src(g, insn, i + 1, src[i]));
    EMIT("      %s t_;\n      CUX_LANES t_[l] = (%s)(%s);\n", cux_cgen_vtype(dst),
         cux_cgen_wtype(dst), expr);
    cux_cgen_dst(g, insn, 0, dst, "t_");
    EMIT("    }\n");
}

static void lanewise_same(cux_cgen *g, const cux_ptx_insn *insn, uint32_t n_src,
                          const char *expr)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    cux_ptx_type src[4] = {t, t, t, t};
    lanewise(g, insn, t, n_src, src, expr);
}

static bool is_float(const cux_ptx_insn *insn)
{
    return insn->type == CUX_T_F32 || insn->type == CUX_T_F64;
}

static bool is_half(const cux_ptx_insn *insn)
{
    return insn->type == CUX_T_F16 || insn->type == CUX_T_F16X2 ||
           insn->type == CUX_T_BF16 || insn->type == CUX_T_BF16X2;
}

static const char *ftz(cux_cgen *g, const cux_ptx_insn *insn, const char *x)
{
    if (!(insn->flags & CUX_PTX_F_FTZ) || insn->type != CUX_T_F32)
        return x;
    return FMT("cux_ftz32(%s)", x);
}

/* A float operation lane by lane, honouring .ftz, .sat and rounding. */
static void float_op(cux_cgen *g, const cux_ptx_insn *insn, uint32_t n_src,
                     const char *fmt)
{
    bool f32 = insn->type == CUX_T_F32;
    const char *flush = f32 && (insn->flags & CUX_PTX_F_FTZ) ? "cux_ftz32" : "";
    const char *sat = insn->flags & CUX_PTX_F_SAT ? (f32 ? "cux_sat32" : "cux_sat64") : "";
    int mode = insn->rounding == CUX_RND_RZ ? 1 : insn->rounding == CUX_RND_RM ? 2
             : insn->rounding == CUX_RND_RP ? 3 : 0;
    if (!mode) {
        const char *inner = FMT(fmt, ftz(g, insn, "a_[l]"), ftz(g, insn, "b_[l]"),
                                ftz(g, insn, "c_[l]"));
        lanewise_same(g, insn, n_src, FMT("%s(%s(%s))", flush, sat, inner));
        return;
    }
    /* Operands pass through volatiles so the C compiler can neither
     * fold the operation nor move it out of the rounding window. */
    const char *st = f32 ? "float" : "double";
    const char *inner = FMT(fmt, ftz(g, insn, "x_"), ftz(g, insn, "y_"),
                            ftz(g, insn, "z_"));
    lanewise_same(g, insn, n_src,
                  FMT("%s(%s(({ volatile %s x_ = a_[l]%s%s; "
                      "int o_ = fegetround(); fesetround(cux_fe_mode(%d)); "
                      "volatile %s r_ = %s; fesetround(o_); r_; })))",
                      flush, sat, st, n_src > 1 ? ", y_ = b_[l]" : "",
                      n_src > 2 ? ", z_ = c_[l]" : "", mode, st, inner));
}

/* fmt over the low or high halves of a_, b_ and c_, widened to float. */
static const char *half_expr(cux_cgen *g, const char *fmt, const char *to,
                             bool high)
{
    const char *form = high ? "%s((uint16_t)(%c_[l] >> 16))"
                            : "%s((uint16_t)%c_[l])";
    return FMT(fmt, FMT(form, to, 'a'), FMT(form, to, 'b'), FMT(form, to, 'c'));
}

/* Half precision: compute in float per half, round back. */
static void half_op(cux_cgen *g, const cux_ptx_insn *insn, uint32_t n_src,
                    const char *fmt)
{
    bool bf = insn->type == CUX_T_BF16 || insn->type == CUX_T_BF16X2;
    const char *to = bf ? "cux_bf16_to_float" : "cux_half_to_float";
    const char *from = bf ? "cux_float_to_bf16" : "cux_float_to_half";
    const char *lo = half_expr(g, fmt, to, false);
    if (insn->type == CUX_T_F16 || insn->type == CUX_T_BF16) {
        lanewise_same(g, insn, n_src, FMT("%s(%s)", from, lo));
        return;
    }
    const char *hi = half_expr(g, fmt, to, true);
    cux_ptx_type t = CUX_T_B32, src[3] = {t, t, t};
    lanewise(g, insn, t, n_src, src,
             FMT("(uint32_t)%s(%s) | ((uint32_t)%s(%s) << 16)", from, lo,
                 from, hi));
}

/* An integer operation on whole vectors, computed unsigned so that
 * overflow wraps as PTX defines instead of being undefined in C. */
static void int_vector_op(cux_cgen *g, const cux_ptx_insn *insn, const char *op)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    const char *ut = cux_cgen_utype(t);
    cux_cgen_dst(g, insn, 0, t,
                 FMT("((%s)((%s)%s %s (%s)%s))", cux_cgen_vtype(t), ut,
                     cux_cgen_src(g, insn, 1, t), op, ut,
                     cux_cgen_src(g, insn, 2, t)));
}

static cux_ptx_type wide_type(cux_ptx_type t)
{
    switch (t) {
    case CUX_T_S16: return CUX_T_S32;
    case CUX_T_U16: return CUX_T_U32;
    case CUX_T_S32: return CUX_T_S64;
    default: return CUX_T_U64;
    }
}

static const char *hi_expr(cux_ptx_type t)
{
    switch (t) {
    case CUX_T_S16: return "(int16_t)(((int32_t)a_[l] * b_[l]) >> 16)";
    case CUX_T_U16: return "(uint16_t)(((uint32_t)a_[l] * b_[l]) >> 16)";
    case CUX_T_S32: return "(int32_t)(((int64_t)a_[l] * b_[l]) >> 32)";
    case CUX_T_U32: return "(uint32_t)(((uint64_t)a_[l] * b_[l]) >> 32)";
    case CUX_T_S64: return "(int64_t)(((__int128)a_[l] * b_[l]) >> 64)";
    default: return "(uint64_t)(((unsigned __int128)a_[l] * b_[l]) >> 64)";
    }
}

/* add.cc, addc, sub.cc, subc, mad.lo.cc, madc: the carry lives in `cc`. */
static void carry_op(cux_cgen *g, const cux_ptx_insn *insn)
{
    bool sub = insn->op == CUX_OP_SUB || insn->op == CUX_OP_SUBC;
    bool mad = insn->op == CUX_OP_MAD || insn->op == CUX_OP_MADC;
    bool carry_in = insn->op == CUX_OP_ADDC || insn->op == CUX_OP_SUBC ||
                    insn->op == CUX_OP_MADC;
    bool wide = cux_ptx_type_size((cux_ptx_type)insn->type) == 8;
    const char *big = wide ? "unsigned __int128" : "uint64_t";
    const char *ut = wide ? "cux_vu64" : "cux_vu32";
    const char *st = wide ? "uint64_t" : "uint32_t";
    unsigned bits = wide ? 64 : 32;
    EMIT("    { %s a_ = %s; %s b_ = %s;", ut, cux_cgen_src(g, insn, 1, insn->type),
         ut, cux_cgen_src(g, insn, 2, insn->type));
    if (mad)
        EMIT(" %s c_ = %s;", ut, cux_cgen_src(g, insn, 3, insn->type));
    EMIT("\n      %s t_; cux_vu32 co_;\n      CUX_LANES {\n", ut);
    if (mad)
        EMIT("        %s p_ = (%s)a_[l] * b_[l];\n"
             "        %s x_ = (%s)(%s)(p_ >> %u) + c_[l]%s;\n",
             big, big, big, big, st, insn->mode == CUX_MODE_HI ? bits : 0,
             carry_in ? " + cc[l]" : "");
    else if (sub)
        EMIT("        %s x_ = (%s)a_[l] - b_[l]%s;\n", big, big,
             carry_in ? " - cc[l]" : "");
    else
        EMIT("        %s x_ = (%s)a_[l] + b_[l]%s;\n", big, big,
             carry_in ? " + cc[l]" : "");
    EMIT("        t_[l] = (%s)x_; co_[l] = (uint32_t)(x_ >> %u) & 1;\n      }\n",
         st, bits);
    cux_cgen_dst(g, insn, 0, insn->type, "t_");
    if (insn->flags & CUX_PTX_F_CC)
        EMIT("      cc = partial ? cux_blend_vu32(cc, co_, wm16, wm32, wm64) : co_;\n");
    EMIT("    }\n");
}

static bool arith(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    bool add = insn->op == CUX_OP_ADD;
    if ((insn->flags & CUX_PTX_F_CC) || insn->op == CUX_OP_ADDC ||
        insn->op == CUX_OP_SUBC || insn->op == CUX_OP_MADC) {
        carry_op(g, insn);
        return true;
    }
    if (is_half(insn)) {
        half_op(g, insn, 2, add ? "%s + %s" : insn->op == CUX_OP_SUB ? "%s - %s" : "%s * %s");
        return true;
    }
    if (is_float(insn)) {
        float_op(g, insn, 2, add ? "%s + %s" : insn->op == CUX_OP_SUB ? "%s - %s" : "%s * %s");
        return true;
    }
    if (insn->flags & CUX_PTX_F_SAT) { /* only .s32 */
        lanewise_same(g, insn, 2, add
            ? "cux_sat_s32((int64_t)a_[l] + b_[l])"
            : "cux_sat_s32((int64_t)a_[l] - b_[l])");
        return true;
    }
    if (insn->op != CUX_OP_MUL || insn->mode == CUX_MODE_LO ||
        insn->mode == CUX_MODE_NONE) {
        int_vector_op(g, insn, add ? "+" : insn->op == CUX_OP_SUB ? "-" : "*");
        return true;
    }
    if (insn->mode == CUX_MODE_HI) {
        lanewise_same(g, insn, 2, hi_expr(t));
        return true;
    }
    cux_ptx_type w = wide_type(t), src[2] = {t, t};
    lanewise(g, insn, w, 2, src, FMT("(%s)a_[l] * (%s)b_[l]",
                                     cux_cgen_stype(w), cux_cgen_stype(w)));
    return true;
}

static bool mad(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    if ((insn->flags & CUX_PTX_F_CC) || insn->op == CUX_OP_MADC) {
        carry_op(g, insn); /* madc reads the carry even without .cc */
        return true;
    }
    if (is_half(insn)) {
        half_op(g, insn, 3, "fmaf(%s, %s, %s)");
        return true;
    }
    if (is_float(insn)) {
        float_op(g, insn, 3, t == CUX_T_F32 ? "fmaf(%s, %s, %s)" : "fma(%s, %s, %s)");
        return true;
    }
    if (insn->mode == CUX_MODE_WIDE) {
        cux_ptx_type w = wide_type(t), src[3] = {t, t, w};
        lanewise(g, insn, w, 3, src, FMT("(%s)a_[l] * (%s)b_[l] + c_[l]",
                                         cux_cgen_stype(w), cux_cgen_stype(w)));
    } else if (insn->mode == CUX_MODE_HI) {
        /* .sat exists only as mad.hi.sat.s32 */
        lanewise_same(g, insn, 3, FMT(insn->flags & CUX_PTX_F_SAT
                                      ? "cux_sat_s32((int64_t)(%s) + c_[l])"
                                      : "(%s) + c_[l]", hi_expr(t)));
    } else {
        const char *ut = cux_cgen_utype(t);
        cux_cgen_dst(g, insn, 0, t,
                     FMT("((%s)((%s)%s * (%s)%s + (%s)%s))", cux_cgen_vtype(t),
                         ut, cux_cgen_src(g, insn, 1, t), ut,
                         cux_cgen_src(g, insn, 2, t), ut,
                         cux_cgen_src(g, insn, 3, t)));
    }
    return true;
}

static const char *div_helper(cux_cgen *g, const cux_ptx_insn *insn, bool rem)
{
    uint32_t bits = cux_cgen_lane_bits((cux_ptx_type)insn->type);
    return FMT("cux_%s_%c%u(a_[l], b_[l])", rem ? "rem" : "div",
               cux_ptx_type_is_signed((cux_ptx_type)insn->type) ? 's' : 'u',
               bits);
}

static bool division(cux_cgen *g, const cux_ptx_insn *insn)
{
    if (is_half(insn))
        half_op(g, insn, 2, "%s / %s");
    else if (is_float(insn))
        float_op(g, insn, 2, "%s / %s");
    else
        lanewise_same(g, insn, 2, div_helper(g, insn, insn->op == CUX_OP_REM));
    return true;
}

static bool min_max(cux_cgen *g, const cux_ptx_insn *insn)
{
    bool min = insn->op == CUX_OP_MIN;
    int nan = (insn->flags & CUX_PTX_F_NAN) != 0;
    const char *fmt = FMT("cux_%sf(%%s, %%s, %d)", min ? "min" : "max", nan);
    if (is_half(insn)) {
        half_op(g, insn, 2, fmt);
    } else if (insn->type == CUX_T_F32) {
        float_op(g, insn, 2, fmt);
    } else if (insn->type == CUX_T_F64) {
        float_op(g, insn, 2, min ? "fmin(%s, %s)" : "fmax(%s, %s)");
    } else {
        lanewise_same(g, insn, 2, min ? "a_[l] < b_[l] ? a_[l] : b_[l]"
                                      : "a_[l] > b_[l] ? a_[l] : b_[l]");
    }
    return true;
}

static bool unary(cux_cgen *g, const cux_ptx_insn *insn)
{
    bool neg = insn->op == CUX_OP_NEG;
    cux_ptx_type t = (cux_ptx_type)insn->type;
    if (is_half(insn)) {
        const char *e = insn->type == CUX_T_F16X2 || insn->type == CUX_T_BF16X2
            ? (neg ? "a_[l] ^ 0x80008000u" : "a_[l] & 0x7fff7fffu")
            : (neg ? "a_[l] ^ 0x8000u" : "a_[l] & 0x7fffu");
        lanewise_same(g, insn, 1, e);
        return true;
    }
    if (is_float(insn)) {
        if (insn->flags & CUX_PTX_F_FTZ)
            float_op(g, insn, 1, neg ? "-%s" : "fabsf(%s)");
        else
            lanewise_same(g, insn, 1, neg ? "-a_[l]" : (t == CUX_T_F32 ? "fabsf(a_[l])" : "fabs(a_[l])"));
        return true;
    }
    lanewise_same(g, insn, 1, neg ? "0 - a_[l]" : "a_[l] < 0 ? 0 - a_[l] : a_[l]");
    return true;
}

static bool logic(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    if (insn->op == CUX_OP_NOT) {
        cux_cgen_dst(g, insn, 0, t, FMT("(~%s)", cux_cgen_src(g, insn, 1, t)));
        return true;
    }
    if (insn->op == CUX_OP_CNOT) {
        lanewise_same(g, insn, 1, "a_[l] == 0");
        return true;
    }
    const char *op = insn->op == CUX_OP_AND ? "&" : insn->op == CUX_OP_OR ? "|" : "^";
    cux_cgen_dst(g, insn, 0, t, FMT("(%s %s %s)", cux_cgen_src(g, insn, 1, t),
                                    op, cux_cgen_src(g, insn, 2, t)));
    return true;
}

static bool shift(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    uint32_t bits = cux_cgen_lane_bits(t);
    bool sgn = cux_ptx_type_is_signed(t);
    const char *kind = insn->op == CUX_OP_SHL ? "shl" : sgn ? "shrs" : "shru";
    cux_ptx_type vt = insn->op == CUX_OP_SHR && sgn ? t
                    : bits == 16 ? CUX_T_U16 : bits == 32 ? CUX_T_U32 : CUX_T_U64;
    cux_cgen_dst(g, insn, 0, vt,
                 FMT("cux_%s%u(%s, %s)", kind, bits, cux_cgen_src(g, insn, 1, vt),
                     cux_cgen_src(g, insn, 2, CUX_T_U32)));
    return true;
}

static bool bits_op(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type, u32 = CUX_T_U32;
    bool b64 = cux_ptx_type_size(t) == 8;
    cux_ptx_type src3[3] = {t, u32, u32}, src4[4] = {t, t, u32, u32};
    switch (insn->op) {
    case CUX_OP_POPC:
        lanewise(g, insn, u32, 1, &t, b64 ? "__builtin_popcountll(a_[l])" : "__builtin_popcount(a_[l])");
        return true;
    case CUX_OP_CLZ:
        lanewise(g, insn, u32, 1, &t, b64 ? "a_[l] ? __builtin_clzll(a_[l]) : 64"
                                          : "a_[l] ? __builtin_clz(a_[l]) : 32");
        return true;
    case CUX_OP_BREV:
        lanewise_same(g, insn, 1, b64 ? "cux_brev64(a_[l])" : "cux_brev32(a_[l])");
        return true;
    case CUX_OP_BFIND:
        lanewise(g, insn, u32, 1, &t,
                 FMT("cux_bfind%d(a_[l], %d, %d)", b64 ? 64 : 32,
                     cux_ptx_type_is_signed(t),
                     (insn->flags & CUX_PTX_F_SHIFTAMT) != 0));
        return true;
    case CUX_OP_BFE:
        lanewise(g, insn, t, 3, src3,
                 FMT("cux_bfe(a_[l], b_[l], c_[l], %d, %d)",
                     cux_ptx_type_is_signed(t), b64 ? 64 : 32));
        return true;
    case CUX_OP_BFI:
        lanewise(g, insn, t, 4, src4,
                 FMT("cux_bfi64(a_[l], b_[l], c_[l], d_[l], %d)", b64 ? 64 : 32));
        return true;
    default:
        return false;
    }
}

static bool permute(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type u32 = CUX_T_U32, src3[3] = {u32, u32, u32};
    switch (insn->op) {
    case CUX_OP_PRMT:
        if (insn->mode != CUX_MODE_NONE) {
            cux_cgen_fail(g, insn, "prmt modes other than the default are not supported yet");
            return true;
        }
        lanewise(g, insn, u32, 3, src3, "cux_prmt(a_[l], b_[l], c_[l])");
        return true;
    case CUX_OP_SHF:
        lanewise(g, insn, u32, 3, src3,
                 FMT("cux_shf(a_[l], b_[l], c_[l], %d, %d)",
                     insn->mode == CUX_MODE_R,
                     (insn->flags & CUX_PTX_F_CLAMP) != 0));
        return true;
    case CUX_OP_LOP3: {
        const cux_ptx_operand *lut = cux_cgen_opnd(g, insn, 4);
        const char *expr = "0";
        for (int i = 0; i < 8; i++)
            if ((lut->imm >> i) & 1)
                expr = FMT("%s | (%sa_[l] & %sb_[l] & %sc_[l])", expr,
                           i & 4 ? "" : "~", i & 2 ? "" : "~", i & 1 ? "" : "~");
        lanewise(g, insn, u32, 3, src3, expr);
        return true;
    }
    default:
        return false;
    }
}

static bool select_op(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    cux_ptx_type src[3] = {t, t, insn->op == CUX_OP_SELP
                                     ? CUX_T_PRED : (cux_ptx_type)insn->type2};
    lanewise(g, insn, t, 3, src, insn->op == CUX_OP_SELP
             ? "c_[l] ? a_[l] : b_[l]" : "c_[l] >= 0 ? a_[l] : b_[l]");
    return true;
}

/* The comparison of setp/set for lane l.  Written per lane on purpose:
 * GCC lowers comparisons of vectors wider than the machine's lane by
 * lane in scalar code, while it vectorises this loop into mask compares. */
static const char *compare_expr(cux_cgen *g, const cux_ptx_insn *insn)
{
    static const char *const ops[] = {
        [CUX_CMP_EQ] = "a_[l] == b_[l]", [CUX_CMP_NE] = "a_[l] != b_[l]",
        [CUX_CMP_LT] = "a_[l] < b_[l]", [CUX_CMP_LE] = "a_[l] <= b_[l]",
        [CUX_CMP_GT] = "a_[l] > b_[l]", [CUX_CMP_GE] = "a_[l] >= b_[l]",
        [CUX_CMP_LO] = "a_[l] < b_[l]", [CUX_CMP_LS] = "a_[l] <= b_[l]",
        [CUX_CMP_HI] = "a_[l] > b_[l]", [CUX_CMP_HS] = "a_[l] >= b_[l]",
        [CUX_CMP_EQU] = "!(a_[l] < b_[l] || a_[l] > b_[l])",
        [CUX_CMP_NEU] = "a_[l] != b_[l]",
        [CUX_CMP_LTU] = "!(a_[l] >= b_[l])", [CUX_CMP_LEU] = "!(a_[l] > b_[l])",
        [CUX_CMP_GTU] = "!(a_[l] <= b_[l])", [CUX_CMP_GEU] = "!(a_[l] < b_[l])",
        [CUX_CMP_NUM] = "(a_[l] == a_[l] && b_[l] == b_[l])",
        [CUX_CMP_NAN] = "!(a_[l] == a_[l] && b_[l] == b_[l])",
    };
    bool float_cmp = insn->type == CUX_T_F32 || insn->type == CUX_T_F64 ||
                     is_half(insn);
    const char *op = insn->cmp < sizeof ops / sizeof *ops ? ops[insn->cmp] : NULL;
    if (!op) {
        cux_cgen_fail(g, insn, "comparison missing on '%s'",
                      cux_ptx_opcode_names[insn->op]);
        return "0";
    }
    if (float_cmp && insn->cmp == CUX_CMP_NE) /* ordered: false on NaN */
        op = "(a_[l] < b_[l] || a_[l] > b_[l])";
    return op;
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
             t == CUX_T_BF16 ? "cux_bf16_to_float" : "cux_half_to_float",
             t == CUX_T_BF16 ? "cux_bf16_to_float" : "cux_half_to_float");
    else
        EMIT("    { %s a_ = %s; %s b_ = %s;\n", cux_cgen_vtype(t),
             cux_cgen_src(g, insn, first_src, t), cux_cgen_vtype(t),
             cux_cgen_src(g, insn, first_src + 1, t));
    EMIT("      cux_vs32 r_;\n      CUX_LANES r_[l] = -(int32_t)(%s);\n",
         compare_expr(g, insn));
    const char *combine = insn->mode2 == CUX_MODE_AND ? "&"
                        : insn->mode2 == CUX_MODE_OR ? "|"
                        : insn->mode2 == CUX_MODE_XOR ? "^" : NULL;
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

static bool transcendental(cux_cgen *g, const cux_ptx_insn *insn)
{
    bool f64 = insn->type == CUX_T_F64;
    const char *fmt;
    switch (insn->op) {
    case CUX_OP_RCP: fmt = f64 ? "1.0 / %s" : "1.0f / %s"; break;
    case CUX_OP_SQRT: fmt = f64 ? "sqrt(%s)" : "sqrtf(%s)"; break;
    case CUX_OP_RSQRT: fmt = f64 ? "1.0 / sqrt(%s)" : "1.0f / sqrtf(%s)"; break;
    case CUX_OP_EX2: fmt = f64 ? "exp2(%s)" : "exp2f(%s)"; break;
    case CUX_OP_LG2: fmt = f64 ? "log2(%s)" : "log2f(%s)"; break;
    case CUX_OP_SIN: fmt = f64 ? "sin(%s)" : "sinf(%s)"; break;
    case CUX_OP_COS: fmt = f64 ? "cos(%s)" : "cosf(%s)"; break;
    case CUX_OP_TANH: fmt = f64 ? "tanh(%s)" : "tanhf(%s)"; break;
    default: return false;
    }
    if (is_half(insn))
        half_op(g, insn, 1, fmt);
    else
        float_op(g, insn, 1, fmt);
    return true;
}

static bool misc_float(cux_cgen *g, const cux_ptx_insn *insn)
{
    bool f64 = insn->type == CUX_T_F64;
    if (insn->op == CUX_OP_COPYSIGN) {
        lanewise_same(g, insn, 2, f64 ? "copysign(b_[l], a_[l])" : "copysignf(b_[l], a_[l])");
        return true;
    }
    if (insn->op == CUX_OP_TESTP) {
        static const char *const tests[] = {
            [CUX_MODE_FINITE] = "isfinite(a_[l])", [CUX_MODE_INFINITE] = "isinf(a_[l])",
            [CUX_MODE_NUMBER] = "!isnan(a_[l])", [CUX_MODE_NOTANUMBER] = "isnan(a_[l])",
            [CUX_MODE_NORMAL] = "isnormal(a_[l])",
            [CUX_MODE_SUBNORMAL] = "fpclassify(a_[l]) == FP_SUBNORMAL",
        };
        cux_ptx_type t = (cux_ptx_type)insn->type;
        const char *e = insn->mode < CUX_MODE_COUNT ? tests[insn->mode] : NULL;
        lanewise(g, insn, CUX_T_PRED, 1, &t, FMT("-(int32_t)(%s)", e ? e : "0"));
        return true;
    }
    return false;
}

static bool integer_misc(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type, u32 = CUX_T_U32;
    switch (insn->op) {
    case CUX_OP_MUL24: case CUX_OP_MAD24: {
        /* The 48-bit product of the low 24 bits; .hi takes bits 47..16. */
        bool sgn = cux_ptx_type_is_signed(t);
        lanewise_same(g, insn, insn->op == CUX_OP_MAD24 ? 3 : 2,
                      FMT("%s((%s) >> %d)%s", sgn ? "(int32_t)" : "(uint32_t)",
                          sgn ? "(int64_t)((a_[l] << 8) >> 8) * ((b_[l] << 8) >> 8)"
                              : "(uint64_t)(a_[l] & 0xffffff) * (b_[l] & 0xffffff)",
                          insn->mode == CUX_MODE_HI ? 16 : 0,
                          insn->op == CUX_OP_MAD24 ? " + c_[l]" : ""));
        return true;
    }
    case CUX_OP_SAD:
        lanewise_same(g, insn, 3, "(a_[l] < b_[l] ? b_[l] - a_[l] : a_[l] - b_[l]) + c_[l]");
        return true;
    case CUX_OP_DP4A: {
        cux_ptx_type src[3] = {u32, u32, t};
        const char *a = insn->type == CUX_T_S32 ? "int8_t" : "uint8_t";
        const char *b = insn->type2 == CUX_T_S32 ? "int8_t" : "uint8_t";
        lanewise(g, insn, t, 3, src,
                 FMT("c_[l] + (%s)a_[l] * (%s)b_[l] + "
                     "(%s)(a_[l] >> 8) * (%s)(b_[l] >> 8) + (%s)(a_[l] >> 16) * "
                     "(%s)(b_[l] >> 16) + (%s)(a_[l] >> 24) * (%s)(b_[l] >> 24)",
                     a, b, a, b, a, b, a, b));
        return true;
    }
    default:
        return false;
    }
}

bool cux_cgen_alu(cux_cgen *g, const cux_ptx_insn *insn)
{
    switch (insn->op) {
    case CUX_OP_ADD: case CUX_OP_SUB: case CUX_OP_MUL: case CUX_OP_ADDC:
    case CUX_OP_SUBC:
        return arith(g, insn);
    case CUX_OP_MAD: case CUX_OP_FMA: case CUX_OP_MADC:
        return mad(g, insn);
    case CUX_OP_DIV: case CUX_OP_REM:
        return division(g, insn);
    case CUX_OP_MIN: case CUX_OP_MAX:
        return min_max(g, insn);
    case CUX_OP_ABS: case CUX_OP_NEG:
        return unary(g, insn);
    case CUX_OP_AND: case CUX_OP_OR: case CUX_OP_XOR: case CUX_OP_NOT:
    case CUX_OP_CNOT:
        return logic(g, insn);
    case CUX_OP_SHL: case CUX_OP_SHR:
        return shift(g, insn);
    case CUX_OP_SELP: case CUX_OP_SLCT:
        return select_op(g, insn);
    case CUX_OP_SETP: case CUX_OP_SET:
        return compare(g, insn);
    case CUX_OP_COPYSIGN: case CUX_OP_TESTP:
        return misc_float(g, insn);
    default:
        return bits_op(g, insn) || permute(g, insn) ||
               transcendental(g, insn) || integer_misc(g, insn);
    }
}
