/* lane_ops.c: what each PTX arithmetic, logic, bit, comparison,
 * selection and conversion instruction computes for one thread, as a C
 * expression over its sources (lane_ops.h).  Plain integer and bitwise
 * operators, and float addition, subtraction and multiplication rounded
 * to nearest, are marked `whole`: C's vector extensions apply them to all
 * lanes at once.  Everything with PTX-specific edge cases (saturation,
 * clamped shifts, rounding modes, bit fields, division by zero) is a
 * call to the device library, whose names lane_ops.h lists, so each
 * device decides how to compute it but not what. */
#include "lane_ops.h"

#include <string.h>

#define FMT(...) cux_arena_printf(c->arena, __VA_ARGS__)
#define A c->src[0]
#define B c->src[1]
#define C c->src[2]
#define D c->src[3]

static void set(cux_lane_op *op, cux_ptx_type dst, uint32_t n_src,
                cux_ptx_type s0, cux_ptx_type s1, cux_ptx_type s2,
                cux_ptx_type s3, const char *expr)
{
    *op = (cux_lane_op){.expr = expr, .dst = dst, .n_src = n_src,
                        .src = {s0, s1, s2, s3}};
}

/* All sources and the result of the instruction's own type. */
static void same(cux_lane_op *op, const cux_ptx_insn *insn, uint32_t n_src,
                 const char *expr)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    set(op, t, n_src, t, t, t, t, expr);
}

uint32_t cux_lane_bits(cux_ptx_type type)
{
    uint32_t size = cux_ptx_type_size(type);
    if (type == CUX_T_PRED)
        return 32;
    return size <= 2 ? 16 : size == 4 ? 32 : 64;
}

static cux_ptx_type unsigned_of(cux_ptx_type t)
{
    uint32_t bits = cux_lane_bits(t);
    return bits == 16 ? CUX_T_U16 : bits == 32 ? CUX_T_U32 : CUX_T_U64;
}

static bool is_float(const cux_ptx_insn *insn)
{
    return insn->type == CUX_T_F32 || insn->type == CUX_T_F64;
}

static bool is_half_type(cux_ptx_type t)
{
    return t == CUX_T_F16 || t == CUX_T_F16X2 || t == CUX_T_BF16 ||
           t == CUX_T_BF16X2;
}

static bool is_half(const cux_ptx_insn *insn)
{
    return is_half_type((cux_ptx_type)insn->type);
}

static bool type_is_int(cux_ptx_type t)
{
    return !cux_ptx_type_is_float(t) && t != CUX_T_PRED;
}

static const char *ftz(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                       const char *x)
{
    if (!(insn->flags & CUX_PTX_F_FTZ) || insn->type != CUX_T_F32)
        return x;
    return FMT("cux_ftz32(%s)", x);
}

/* A float operation honouring .ftz, .sat and rounding.  fmt takes the
 * three sources; a directed rounding (.rz/.rm/.rp) calls libdevice's
 * rounded form __nv_<f|d><stem>_<rz|rd|ru> instead (stem "fma": fmaf, fma). */
static void float_op(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                     cux_lane_op *op, uint32_t n_src, const char *fmt,
                     const char *stem)
{
    bool f32 = insn->type == CUX_T_F32;
    const char *flush = f32 && (insn->flags & CUX_PTX_F_FTZ) ? "cux_ftz32" : "";
    const char *sat = insn->flags & CUX_PTX_F_SAT ? (f32 ? "cux_sat32" : "cux_sat64") : "";
    const char *mode = insn->rounding == CUX_RND_RZ ? "rz"
                     : insn->rounding == CUX_RND_RM ? "rd"
                     : insn->rounding == CUX_RND_RP ? "ru" : NULL;
    const char *a = ftz(c, insn, A), *b = ftz(c, insn, B), *cc = ftz(c, insn, C);
    const char *inner;
    if (mode && stem && !strcmp(stem, "fma"))
        inner = FMT("__nv_fma%s_%s(%s, %s, %s)", f32 ? "f" : "", mode, a, b, cc);
    else if (mode && stem)
        inner = FMT("__nv_%c%s_%s(%s%s%s)", f32 ? 'f' : 'd', stem, mode, a,
                    n_src > 1 ? ", " : "", n_src > 1 ? b : "");
    else
        inner = FMT(fmt, a, b, cc);
    same(op, insn, n_src, FMT("%s(%s(%s))", flush, sat, inner));
}

/* fmt over the low or high halves of the sources, widened to float. */
static const char *half_expr(const cux_lane_ctx *c, const char *fmt,
                             const char *to, bool high)
{
    const char *form = high ? "%s((uint16_t)(%s >> 16))" : "%s((uint16_t)%s)";
    return FMT(fmt, FMT(form, to, A), FMT(form, to, B), FMT(form, to, C));
}

const char *cux_lane_half_to_float(cux_ptx_type type)
{
    return type == CUX_T_BF16 || type == CUX_T_BF16X2 ? "cux_bf16_to_float"
                                                      : "cux_half_to_float";
}

/* fmt's float result rounded back to a half (or bf16); .relu then
 * clears a negative result (not -0, not NaN), as the instruction does
 * to the rounded value. */
static const char *half_result(const cux_lane_ctx *c,
                               const cux_ptx_insn *insn, const char *from,
                               const char *value)
{
    const char *h = FMT("%s(%s)", from, value);
    if (!(insn->flags & CUX_PTX_F_RELU))
        return h;
    bool bf = insn->type == CUX_T_BF16 || insn->type == CUX_T_BF16X2;
    return FMT("cux_relu16(%s, %s)", h, bf ? "0x7f80" : "0x7c00");
}

/* Half precision: compute in float per half, round back. */
static void half_op(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                    cux_lane_op *op, uint32_t n_src, const char *fmt)
{
    bool bf = insn->type == CUX_T_BF16 || insn->type == CUX_T_BF16X2;
    const char *to = cux_lane_half_to_float((cux_ptx_type)insn->type);
    const char *from = bf ? "cux_float_to_bf16" : "cux_float_to_half";
    /* .sat clamps the exact result before it is rounded back, which
     * rounds to the same half as clamping the rounded one. */
    if (insn->flags & CUX_PTX_F_SAT)
        fmt = FMT("cux_sat32(%s)", fmt);
    const char *lo = half_result(c, insn, from, half_expr(c, fmt, to, false));
    if (insn->type == CUX_T_F16 || insn->type == CUX_T_BF16) {
        same(op, insn, n_src, lo);
        return;
    }
    const char *hi = half_result(c, insn, from, half_expr(c, fmt, to, true));
    cux_ptx_type t = CUX_T_B32;
    set(op, t, n_src, t, t, t, t,
        FMT("(uint32_t)%s | ((uint32_t)%s << 16)", lo, hi));
}

/* An integer operation computed unsigned, so that overflow wraps as PTX
 * defines instead of being undefined in C; valid on whole vectors. */
static void wrapping(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                     cux_lane_op *op, uint32_t n_src, const char *expr)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    same(op, insn, n_src, FMT("((%s)(%s))", c->type(t), expr));
    op->whole = true;
}

static const char *as_unsigned(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                               const char *x)
{
    return FMT("(%s)%s", c->type(unsigned_of((cux_ptx_type)insn->type)), x);
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

static const char *hi_expr(const cux_lane_ctx *c, cux_ptx_type t)
{
    const char *fmt;
    switch (t) {
    case CUX_T_S16: fmt = "(int16_t)(((int32_t)%s * %s) >> 16)"; break;
    case CUX_T_U16: fmt = "(uint16_t)(((uint32_t)%s * %s) >> 16)"; break;
    case CUX_T_S32: fmt = "(int32_t)(((int64_t)%s * %s) >> 32)"; break;
    case CUX_T_U32: fmt = "(uint32_t)(((uint64_t)%s * %s) >> 32)"; break;
    case CUX_T_S64: fmt = "cux_mulhi_s64(%s, %s)"; break;
    default: fmt = "cux_mulhi_u64(%s, %s)"; break;
    }
    return FMT(fmt, A, B);
}

static const char *arith_fmt(const cux_ptx_insn *insn)
{
    return insn->op == CUX_OP_ADD ? "%s + %s"
         : insn->op == CUX_OP_SUB ? "%s - %s" : "%s * %s";
}

static void arith(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                  cux_lane_op *op)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    if (is_half(insn)) {
        half_op(c, insn, op, 2, arith_fmt(insn));
    } else if (is_float(insn)) {
        float_op(c, insn, op, 2, arith_fmt(insn),
                 insn->op == CUX_OP_ADD ? "add"
                 : insn->op == CUX_OP_SUB ? "sub" : "mul");
        /* Rounded to nearest, neither flushed nor saturated: C's operator
         * rounds each lane of a vector as IEEE does. */
        op->whole = (insn->rounding == CUX_RND_NONE ||
                     insn->rounding == CUX_RND_RN) &&
                    !(insn->flags & (CUX_PTX_F_FTZ | CUX_PTX_F_SAT));
    } else if (insn->flags & CUX_PTX_F_SAT) { /* only .s32 */
        same(op, insn, 2, FMT("cux_sat_s32((int64_t)%s %c %s)", A,
                              insn->op == CUX_OP_ADD ? '+' : '-', B));
    } else if (insn->op != CUX_OP_MUL || insn->mode == CUX_MODE_LO ||
               insn->mode == CUX_MODE_NONE) {
        wrapping(c, insn, op, 2, FMT("%s %c %s", as_unsigned(c, insn, A),
                                  insn->op == CUX_OP_ADD ? '+'
                                  : insn->op == CUX_OP_SUB ? '-' : '*',
                                  as_unsigned(c, insn, B)));
    } else if (insn->mode == CUX_MODE_HI) {
        same(op, insn, 2, hi_expr(c, t));
    } else {
        cux_ptx_type w = wide_type(t);
        set(op, w, 2, t, t, t, t,
            FMT("(%s)%s * (%s)%s", c->type(w), A, c->type(w), B));
    }
}

static void mad(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                cux_lane_op *op)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    if (is_half(insn)) {
        half_op(c, insn, op, 3, "cux_fma_odd(%s, %s, %s)");
    } else if (is_float(insn)) {
        float_op(c, insn, op, 3, t == CUX_T_F32 ? "fmaf(%s, %s, %s)"
                                                : "fma(%s, %s, %s)", "fma");
    } else if (insn->mode == CUX_MODE_WIDE) {
        cux_ptx_type w = wide_type(t);
        set(op, w, 3, t, t, w, w, FMT("(%s)%s * (%s)%s + %s", c->type(w), A,
                                      c->type(w), B, C));
    } else if (insn->mode == CUX_MODE_HI) {
        /* .sat exists only as mad.hi.sat.s32 */
        same(op, insn, 3, FMT(insn->flags & CUX_PTX_F_SAT
                              ? "cux_sat_s32((int64_t)(%s) + %s)"
                              : "(%s) + %s", hi_expr(c, t), C));
    } else {
        const char *sum = FMT("%s * %s + %s", as_unsigned(c, insn, A),
                              as_unsigned(c, insn, B), as_unsigned(c, insn, C));
        wrapping(c, insn, op, 3, sum);
    }
}

/* add.cc, addc, sub.cc, subc, mad.cc, madc: multi-word arithmetic.  The
 * result wraps (computed unsigned); op->carry is the carry (for sub, the
 * borrow) out of the same sum, 0 or 1.  The carry in is c->carry_in. */
static void carry_op(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                     cux_lane_op *op)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    bool sub = insn->op == CUX_OP_SUB || insn->op == CUX_OP_SUBC;
    bool mad = insn->op == CUX_OP_MAD || insn->op == CUX_OP_MADC;
    bool carry_in = insn->op == CUX_OP_ADDC || insn->op == CUX_OP_SUBC ||
                    insn->op == CUX_OP_MADC;
    const char *cin = carry_in ? c->carry_in : "0";
    const char *a = as_unsigned(c, insn, A), *b = as_unsigned(c, insn, B);
    if (mad) { /* the low or high half of the product, plus c */
        a = insn->mode == CUX_MODE_HI ? as_unsigned(c, insn, hi_expr(c, t))
                                      : FMT("(%s * %s)", a, b);
        b = as_unsigned(c, insn, C);
    }
    same(op, insn, mad ? 3 : 2, FMT(carry_in ? "%s %c %s %c %s" : "%s %c %s",
                                    a, sub ? '-' : '+', b, sub ? '-' : '+',
                                    cin));
    op->carry = FMT("cux_%s%u(%s, %s, %s)", sub ? "sub_borrow" : "add_carry",
                    cux_lane_bits(t), a, b, cin);
}

static bool is_carry(const cux_ptx_insn *insn)
{
    switch (insn->op) {
    case CUX_OP_ADDC: case CUX_OP_SUBC: case CUX_OP_MADC:
        return true; /* madc reads the carry even without .cc */
    case CUX_OP_ADD: case CUX_OP_SUB: case CUX_OP_MAD:
        return (insn->flags & CUX_PTX_F_CC) != 0;
    default:
        return false;
    }
}

static void division(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                     cux_lane_op *op)
{
    bool rem = insn->op == CUX_OP_REM;
    if (is_half(insn))
        half_op(c, insn, op, 2, "%s / %s");
    else if (is_float(insn))
        float_op(c, insn, op, 2, "%s / %s", "div");
    else /* the helpers define division by zero as a GPU does */
        same(op, insn, 2, FMT("cux_%s_%c%u(%s, %s)", rem ? "rem" : "div",
                              cux_ptx_type_is_signed((cux_ptx_type)insn->type)
                              ? 's' : 'u',
                              cux_lane_bits((cux_ptx_type)insn->type), A, B));
}

static void min_max(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                    cux_lane_op *op)
{
    bool min = insn->op == CUX_OP_MIN;
    int nan = (insn->flags & CUX_PTX_F_NAN) != 0;
    const char *fmt = FMT("cux_%sf(%%s, %%s, %d)", min ? "min" : "max", nan);
    if (is_half(insn))
        half_op(c, insn, op, 2, fmt);
    else if (insn->type == CUX_T_F32)
        float_op(c, insn, op, 2, fmt, NULL);
    else if (insn->type == CUX_T_F64)
        float_op(c, insn, op, 2, min ? "fmin(%s, %s)" : "fmax(%s, %s)", NULL);
    else
        same(op, insn, 2, FMT("%s %c %s ? %s : %s", A, min ? '<' : '>', B,
                              A, B));
}

static void unary(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                  cux_lane_op *op)
{
    bool neg = insn->op == CUX_OP_NEG;
    cux_ptx_type t = (cux_ptx_type)insn->type;
    if (is_half(insn)) { /* the sign bits of one or two halves */
        bool x2 = t == CUX_T_F16X2 || t == CUX_T_BF16X2;
        same(op, insn, 1, FMT("%s %c %s", A, neg ? '^' : '&',
                              x2 ? (neg ? "0x80008000u" : "0x7fff7fffu")
                                 : (neg ? "0x8000u" : "0x7fffu")));
    } else if (is_float(insn) && (insn->flags & CUX_PTX_F_FTZ)) {
        float_op(c, insn, op, 1, neg ? "-%s" : "fabsf(%s)", NULL);
    } else if (is_float(insn)) {
        same(op, insn, 1, neg ? FMT("-%s", A)
                              : FMT(t == CUX_T_F32 ? "fabsf(%s)" : "fabs(%s)", A));
    } else {
        same(op, insn, 1, neg ? FMT("0 - %s", A)
                              : FMT("%s < 0 ? 0 - %s : %s", A, A, A));
    }
}

static void logic(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                  cux_lane_op *op)
{
    if (insn->op == CUX_OP_CNOT) {
        same(op, insn, 1, FMT("%s == 0", A));
        return;
    }
    if (insn->op == CUX_OP_NOT)
        same(op, insn, 1, FMT("(~%s)", A));
    else
        same(op, insn, 2, FMT("(%s %c %s)", A, insn->op == CUX_OP_AND ? '&'
                              : insn->op == CUX_OP_OR ? '|' : '^', B));
    op->whole = true;
}

/* PTX clamps the shift amount (a shift by the width or more gives 0 or
 * the sign), which C leaves undefined: the cux_sh* helpers define it. */
static void shift(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                  cux_lane_op *op)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    uint32_t bits = cux_lane_bits(t);
    bool sgn = cux_ptx_type_is_signed(t);
    const char *kind = insn->op == CUX_OP_SHL ? "shl" : sgn ? "shrs" : "shru";
    cux_ptx_type vt = insn->op == CUX_OP_SHR && sgn ? t : unsigned_of(t);
    const cux_ptx_operand *amount = &c->operands[2];
    if (amount->kind == CUX_OPND_IMM_INT && (uint64_t)amount->imm < bits)
        /* C's own shift where no clamp is needed (`threadIdx.x >> 5`):
         * the helper's lane loop of compares cost a warp's shuffle scan
         * a tenth of its time */
        set(op, vt, 2, vt, CUX_T_U32, vt, vt,
            FMT("(%s %s %uu)", A, insn->op == CUX_OP_SHL ? "<<" : ">>",
                (unsigned)amount->imm));
    else
        set(op, vt, 2, vt, CUX_T_U32, vt, vt,
            FMT("cux_%s%u(%s, %s)", kind, bits, A, B));
    op->whole = true;
}

static bool bits_op(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                    cux_lane_op *op)
{
    cux_ptx_type t = (cux_ptx_type)insn->type, u32 = CUX_T_U32;
    bool b64 = cux_ptx_type_size(t) == 8;
    const char *ll = b64 ? "ll" : "";
    switch (insn->op) {
    case CUX_OP_POPC:
        set(op, u32, 1, t, t, t, t, FMT("__builtin_popcount%s(%s)", ll, A));
        return true;
    case CUX_OP_CLZ:
        set(op, u32, 1, t, t, t, t, FMT("%s ? __builtin_clz%s(%s) : %d", A, ll,
                                        A, b64 ? 64 : 32));
        return true;
    case CUX_OP_BREV:
        same(op, insn, 1, FMT("cux_brev%d(%s)", b64 ? 64 : 32, A));
        return true;
    case CUX_OP_BFIND:
        set(op, u32, 1, t, t, t, t,
            FMT("cux_bfind%d(%s, %d, %d)", b64 ? 64 : 32, A,
                cux_ptx_type_is_signed(t),
                (insn->flags & CUX_PTX_F_SHIFTAMT) != 0));
        return true;
    case CUX_OP_BFE: /* signed: the field's top bit is copied upwards */
        set(op, t, 3, t, u32, u32, u32,
            FMT("cux_bfe(%s, %s, %s, %d, %d)", A, B, C,
                cux_ptx_type_is_signed(t), b64 ? 64 : 32));
        return true;
    case CUX_OP_BFI:
        set(op, t, 4, t, t, u32, u32,
            FMT("cux_bfi64(%s, %s, %s, %s, %d)", A, B, C, D, b64 ? 64 : 32));
        return true;
    default:
        return false;
    }
}

/* lop3's immediate truth table as a sum of the minterms it selects. */
static const char *lop3(const cux_lane_ctx *c, const cux_ptx_insn *insn)
{
    int64_t lut = insn->n_operands > 4 ? c->operands[4].imm : 0;
    const char *expr = "0";
    for (int i = 0; i < 8; i++)
        if ((lut >> i) & 1)
            expr = FMT("%s | (%s%s & %s%s & %s%s)", expr, i & 4 ? "" : "~", A,
                       i & 2 ? "" : "~", B, i & 1 ? "" : "~", C);
    return expr;
}

static bool permute(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                    cux_lane_op *op)
{
    cux_ptx_type u = CUX_T_U32;
    switch (insn->op) {
    case CUX_OP_PRMT:
        set(op, u, 3, u, u, u, u, FMT("cux_prmt(%s, %s, %s)", A, B, C));
        if (insn->mode != CUX_MODE_NONE)
            op->error = "prmt modes other than the default are not supported yet";
        return true;
    case CUX_OP_SHF:
        set(op, u, 3, u, u, u, u,
            FMT("cux_shf(%s, %s, %s, %d, %d)", A, B, C,
                insn->mode == CUX_MODE_R, (insn->flags & CUX_PTX_F_CLAMP) != 0));
        return true;
    case CUX_OP_LOP3:
        set(op, u, 3, u, u, u, u, lop3(c, insn));
        return true;
    default:
        return false;
    }
}

static void select_op(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                      cux_lane_op *op)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    bool selp = insn->op == CUX_OP_SELP;
    set(op, t, 3, t, t, selp ? CUX_T_PRED : (cux_ptx_type)insn->type2, t,
        FMT(selp ? "%s ? %s : %s" : "%s >= 0 ? %s : %s", C, A, B));
}

/* Written per lane on purpose: GCC lowers comparisons of vectors wider
 * than the machine's lane by lane in scalar code, while it vectorises a
 * loop over lanes into mask compares. */
const char *cux_lane_compare(const cux_lane_ctx *c, const cux_ptx_insn *insn)
{
    static const char *const ops[] = {
        [CUX_CMP_EQ] = "%1$s == %2$s", [CUX_CMP_NE] = "%1$s != %2$s",
        [CUX_CMP_LT] = "%1$s < %2$s", [CUX_CMP_LE] = "%1$s <= %2$s",
        [CUX_CMP_GT] = "%1$s > %2$s", [CUX_CMP_GE] = "%1$s >= %2$s",
        [CUX_CMP_LO] = "%1$s < %2$s", [CUX_CMP_LS] = "%1$s <= %2$s",
        [CUX_CMP_HI] = "%1$s > %2$s", [CUX_CMP_HS] = "%1$s >= %2$s",
        [CUX_CMP_EQU] = "!(%1$s < %2$s || %1$s > %2$s)",
        [CUX_CMP_NEU] = "%1$s != %2$s",
        [CUX_CMP_LTU] = "!(%1$s >= %2$s)", [CUX_CMP_LEU] = "!(%1$s > %2$s)",
        [CUX_CMP_GTU] = "!(%1$s <= %2$s)", [CUX_CMP_GEU] = "!(%1$s < %2$s)",
        [CUX_CMP_NUM] = "(%1$s == %1$s && %2$s == %2$s)",
        [CUX_CMP_NAN] = "!(%1$s == %1$s && %2$s == %2$s)",
    };
    bool float_cmp = is_float(insn) || is_half(insn);
    const char *fmt = insn->cmp < sizeof ops / sizeof *ops ? ops[insn->cmp]
                                                           : NULL;
    if (!fmt)
        return NULL;
    if (float_cmp && insn->cmp == CUX_CMP_NE) /* ordered: false on NaN */
        fmt = "(%1$s < %2$s || %1$s > %2$s)";
    return FMT(fmt, A, B);
}

/* Written as they were in the C generator's atomics, whose generated C
 * this keeps byte for byte. */
const char *cux_lane_update(const cux_lane_ctx *c, uint8_t mode,
                            cux_ptx_type type)
{
    bool fl = cux_ptx_type_is_float(type);
    switch (mode) {
    case CUX_MODE_ADD: return FMT("%s + %s", A, B);
    case CUX_MODE_MIN:
        return fl ? FMT("fmin(%s, %s)", A, B)
                  : FMT("(%s < %s ? %s : %s)", B, A, B, A);
    case CUX_MODE_MAX:
        return fl ? FMT("fmax(%s, %s)", A, B)
                  : FMT("(%s > %s ? %s : %s)", B, A, B, A);
    case CUX_MODE_INC: return FMT("(%s >= %s ? 0 : %s + 1)", A, B, A);
    case CUX_MODE_DEC:
        return FMT("((%s == 0 || %s > %s) ? %s : %s - 1)", A, A, B, B, A);
    case CUX_MODE_AND: return FMT("(%s & %s)", A, B);
    case CUX_MODE_OR: return FMT("(%s | %s)", A, B);
    case CUX_MODE_XOR: return FMT("(%s ^ %s)", A, B);
    case CUX_MODE_EXCH: return B;
    case CUX_MODE_CAS: return FMT("(%s == %s ? %s : %s)", A, B, C, A);
    default: return NULL;
    }
}

const char *cux_lane_combine(const cux_ptx_insn *insn)
{
    return insn->mode2 == CUX_MODE_AND ? "&" : insn->mode2 == CUX_MODE_OR ? "|"
         : insn->mode2 == CUX_MODE_XOR ? "^" : NULL;
}

static void transcendental(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                           cux_lane_op *op, const char *f32, const char *f64,
                           const char *stem)
{
    const char *fmt = insn->type == CUX_T_F64 ? f64 : f32;
    if (is_half(insn))
        half_op(c, insn, op, 1, fmt);
    else
        float_op(c, insn, op, 1, fmt, stem);
}

static void testp(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                  cux_lane_op *op)
{
    static const char *const tests[] = {
        [CUX_MODE_FINITE] = "isfinite(%s)", [CUX_MODE_INFINITE] = "isinf(%s)",
        [CUX_MODE_NUMBER] = "!isnan(%s)", [CUX_MODE_NOTANUMBER] = "isnan(%s)",
        [CUX_MODE_NORMAL] = "isnormal(%s)",
        [CUX_MODE_SUBNORMAL] = "cux_is_subnormal32(%s)",
    };
    cux_ptx_type t = (cux_ptx_type)insn->type;
    const char *e = insn->mode < CUX_MODE_COUNT ? tests[insn->mode] : NULL;
    if (insn->mode == CUX_MODE_SUBNORMAL && t == CUX_T_F64)
        e = "cux_is_subnormal64(%s)";
    set(op, CUX_T_PRED, 1, t, t, t, t,
        FMT("-(int32_t)(%s)", e ? FMT(e, A) : "0"));
}

static bool integer_misc(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                         cux_lane_op *op)
{
    cux_ptx_type t = (cux_ptx_type)insn->type, u32 = CUX_T_U32;
    switch (insn->op) {
    case CUX_OP_MUL24: case CUX_OP_MAD24: {
        /* The 48-bit product of the low 24 bits; .hi takes bits 47..16. */
        bool sgn = cux_ptx_type_is_signed(t), mad24 = insn->op == CUX_OP_MAD24;
        same(op, insn, mad24 ? 3 : 2,
             FMT("%s((%s) >> %d)%s%s", sgn ? "(int32_t)" : "(uint32_t)",
                 sgn ? FMT("(int64_t)((%s << 8) >> 8) * ((%s << 8) >> 8)", A, B)
                     : FMT("(uint64_t)(%s & 0xffffff) * (%s & 0xffffff)", A, B),
                 insn->mode == CUX_MODE_HI ? 16 : 0, mad24 ? " + " : "",
                 mad24 ? C : ""));
        return true;
    }
    case CUX_OP_SAD:
        same(op, insn, 3, FMT("(%1$s < %2$s ? %2$s - %1$s : %1$s - %2$s) + %3$s",
                              A, B, C));
        return true;
    case CUX_OP_DP4A: {
        const char *a = insn->type == CUX_T_S32 ? "int8_t" : "uint8_t";
        const char *b = insn->type2 == CUX_T_S32 ? "int8_t" : "uint8_t";
        const char *expr = FMT("%s + (%s)%s * (%s)%s", C, a, A, b, B);
        for (int shift = 8; shift < 32; shift += 8)
            expr = FMT("%s + (%s)(%s >> %d) * (%s)(%s >> %d)", expr, a, A,
                       shift, b, B, shift);
        set(op, t, 3, u32, u32, t, t, expr);
        return true;
    }
    default:
        return false;
    }
}

/* The SIMD video instructions: the prelude's cux_simd_video over the
 * 32-bit sources a, b, c, told the operation, the field width and the
 * signedness, saturation and accumulation of insn (types: dtype, atype,
 * btype; vset: atype, btype, its result unsigned 0 or 1 per field). */
static bool simd_video(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                       cux_lane_op *op)
{
    static const char *const ops[CUX_OP_COUNT] = {
        [CUX_OP_VADD2] = "ADD", [CUX_OP_VADD4] = "ADD",
        [CUX_OP_VSUB2] = "SUB", [CUX_OP_VSUB4] = "SUB",
        [CUX_OP_VAVRG2] = "AVRG", [CUX_OP_VAVRG4] = "AVRG",
        [CUX_OP_VABSDIFF2] = "ABSDIFF", [CUX_OP_VABSDIFF4] = "ABSDIFF",
        [CUX_OP_VMIN2] = "MIN", [CUX_OP_VMIN4] = "MIN",
        [CUX_OP_VMAX2] = "MAX", [CUX_OP_VMAX4] = "MAX",
    };
    static const char *const compares[] = {
        [CUX_CMP_EQ] = "EQ", [CUX_CMP_NE] = "NE", [CUX_CMP_LT] = "LT",
        [CUX_CMP_LE] = "LE", [CUX_CMP_GT] = "GT", [CUX_CMP_GE] = "GE",
    };
    if (!(cux_ptx_opcode_flags[insn->op] & CUX_PTX_OPF_SIMD))
        return false;
    bool vset = insn->op == CUX_OP_VSET2 || insn->op == CUX_OP_VSET4;
    const char *name = vset ? compares[insn->cmp <= CUX_CMP_GE ? insn->cmp : 0]
                            : ops[insn->op];
    uint8_t a_type = vset ? insn->type : insn->type2;
    uint8_t b_type = vset ? insn->type2 : insn->type3;
    bool four = insn->op == CUX_OP_VADD4 || insn->op == CUX_OP_VSUB4 ||
                insn->op == CUX_OP_VAVRG4 || insn->op == CUX_OP_VABSDIFF4 ||
                insn->op == CUX_OP_VMIN4 || insn->op == CUX_OP_VMAX4 ||
                insn->op == CUX_OP_VSET4;
    const char *how = FMT("%s%s%s%s%s0",
        a_type == CUX_T_S32 ? "CUX_VOP_A_SIGNED | " : "",
        b_type == CUX_T_S32 ? "CUX_VOP_B_SIGNED | " : "",
        !vset && insn->type == CUX_T_S32 ? "CUX_VOP_D_SIGNED | " : "",
        insn->flags & CUX_PTX_F_SAT ? "CUX_VOP_SAT | " : "",
        insn->mode == CUX_MODE_ADD ? "CUX_VOP_ACCUMULATE | " : "");
    cux_ptx_type u32 = CUX_T_U32;
    set(op, u32, 3, u32, u32, u32, u32,
        FMT("cux_simd_video(%s, %s, %s, CUX_VOP_%s, %d, %s)", A, B, C,
            name ? name : "?", four ? 8 : 16, how));
    if (!name)
        op->error = "SIMD video comparison missing";
    return true;
}

static int int_round_mode(uint8_t rounding)
{
    switch (rounding) {
    case CUX_RND_RNI: case CUX_RND_RN: return 1;
    case CUX_RND_RMI: case CUX_RND_RM: return 2;
    case CUX_RND_RPI: case CUX_RND_RP: return 3;
    default: return 0;
    }
}

static const char *to_float_of(const cux_lane_ctx *c, cux_ptx_type t,
                               const char *x)
{
    if (t == CUX_T_F16 || t == CUX_T_BF16)
        return FMT("%s(%s)", cux_lane_half_to_float(t), x);
    return FMT("(%s)", x);
}

/* cvt of x (the source in its C type) to f16 or bf16, which may be one
 * half of an .f16x2/.bf16x2 result: rounded once, in the instruction's
 * mode, from a float that an f64 or integer source reaches by
 * round-to-odd (cux_f64_to_f32_odd), so that it is not rounded twice.
 * .relu then clears a negative result. */
static const char *cvt_to_16(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                             cux_ptx_type src, const char *x)
{
    cux_ptx_type dst = (cux_ptx_type)insn->type;
    bool bf = dst == CUX_T_BF16 || dst == CUX_T_BF16X2;
    const char *f;
    if (src == CUX_T_F64)
        f = FMT("cux_f64_to_f32_odd(%s)", x);
    else if (type_is_int(src))
        f = FMT("cux_f64_to_f32_odd(%s)",
                cux_ptx_type_is_signed(src)
                    ? FMT("cux_s64_to_f64_odd((int64_t)%s)", x)
                    : FMT("cux_u64_to_f64_odd((uint64_t)%s)", x));
    else
        f = to_float_of(c, src, x);
    if (insn->flags & CUX_PTX_F_SAT)
        f = FMT("cux_sat32(%s)", f);
    const char *h = FMT("cux_float_to_16(%s, %d, %d)", f,
                        insn->rounding == CUX_RND_RZ ? 1
                        : insn->rounding == CUX_RND_RM ? 2
                        : insn->rounding == CUX_RND_RP ? 3 : 0, bf);
    if (insn->flags & CUX_PTX_F_RELU)
        h = FMT("cux_relu16(%s, %s)", h, bf ? "0x7f80" : "0x7c00");
    return h;
}

/* cvt to a floating-point type of `a`, the source in its C type. */
static const char *cvt_to_float(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                                const char *a)
{
    cux_ptx_type dst = (cux_ptx_type)insn->type, src = (cux_ptx_type)insn->type2;
    if ((dst == CUX_T_F16 || dst == CUX_T_BF16) &&
        insn->rounding < CUX_RND_RNI)
        return cvt_to_16(c, insn, src, a);
    const char *value = type_is_int(src) ? a : to_float_of(c, src, a);
    bool narrowing = (dst == CUX_T_F32 && src == CUX_T_F64) || type_is_int(src);
    const char *ct = dst == CUX_T_F64 ? "double" : "float";
    const char *inner;
    if (insn->rounding >= CUX_RND_RNI) /* to an integral value */
        inner = FMT("%s(%s, %d)",
                    dst == CUX_T_F64 ? "cux_round_mode" : "cux_round_f32", value,
                    int_round_mode(insn->rounding));
    else if (narrowing && insn->rounding >= CUX_RND_RZ &&
             insn->rounding <= CUX_RND_RP)
        inner = FMT("CUX_ROUNDED_%s(%d, (%s)%s)",
                    dst == CUX_T_F64 ? "F64" : "F32",
                    insn->rounding == CUX_RND_RZ ? 1
                    : insn->rounding == CUX_RND_RM ? 2 : 3, ct, value);
    else
        inner = FMT("(%s)%s", ct, value);
    if (insn->flags & CUX_PTX_F_SAT)
        inner = FMT("%s(%s)", dst == CUX_T_F64 ? "cux_sat64" : "cux_sat32", inner);
    if (dst == CUX_T_F16)
        return FMT("cux_float_to_half((float)%s)", inner);
    if (dst == CUX_T_BF16)
        return FMT("cux_float_to_bf16((float)%s)", inner);
    if ((insn->flags & CUX_PTX_F_FTZ) && dst == CUX_T_F32)
        return FMT("cux_ftz32(%s)", inner);
    return inner;
}

/* What a NaN converts to, by the PTX ISA (cvt, "Floating Point
 * Notes"): 0 where the source is not .f64 and the destination has 32
 * bits or fewer, else 1 << (bits - 1), which is MININT for a signed
 * destination.  So __float2ll_rz(NaN) and __double2int_rz(NaN) are not 0
 * on a GPU, and nvcc's cuda_bf16.h documents __bfloat162ll_rz(NaN) as
 * 0x8000000000000000 (it is f2ll of the widened value on sm_80). */
static const char *f2i_nan(const cux_lane_ctx *c, cux_ptx_type dst,
                           cux_ptx_type src)
{
    uint32_t bits = cux_ptx_type_size(dst) * 8;
    if (src != CUX_T_F64 && bits <= 32)
        return "0";
    return FMT("(%s)0x%llxull", c->type(dst), 1ull << (bits - 1));
}

/* cvt: integers truncate or extend (or clamp with .sat), floats round
 * as the instruction's rounding modifier says. */
static void cvt(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                cux_lane_op *op)
{
    static const char *const names[] = {
        [CUX_T_S8] = "s8", [CUX_T_U8] = "u8", [CUX_T_S16] = "s16",
        [CUX_T_U16] = "u16", [CUX_T_S32] = "s32", [CUX_T_U32] = "u32",
        [CUX_T_S64] = "s64", [CUX_T_U64] = "u64", [CUX_T_B8] = "u8",
        [CUX_T_B16] = "u16", [CUX_T_B32] = "u32", [CUX_T_B64] = "u64",
    };
    cux_ptx_type dst = (cux_ptx_type)insn->type, src = (cux_ptx_type)insn->type2;
    const char *a = FMT("(%s)%s", c->type(src), A), *expr;
    if (type_is_int(dst) && type_is_int(src) && !(insn->flags & CUX_PTX_F_SAT))
        expr = FMT("(%s)%s", c->type(dst), a);
    else if (type_is_int(dst) && type_is_int(src))
        expr = FMT("(%s)cux_sat_int(%s, %d, %u, %d)", c->type(dst), a,
                   cux_ptx_type_is_signed(src), cux_ptx_type_size(dst) * 8,
                   cux_ptx_type_is_signed(dst));
    else if (insn->flags & CUX_PTX_F_TF32) {
        /* tf32: f32 with the low 13 bits of the mantissa zero, rounded
         * as the modifier says (.rna: to nearest, ties away from zero) */
        set(op, CUX_T_B32, 1, src, src, src, src,
            FMT("cux_float_to_tf32(%s, %d)", a,
                insn->rounding == CUX_RND_RZ ? 1
                : insn->rounding == CUX_RND_RN ? 0 : 4));
        if (src != CUX_T_F32 || (insn->flags & ~CUX_PTX_F_TF32) ||
            (insn->rounding != CUX_RND_RNA && insn->rounding != CUX_RND_RN &&
             insn->rounding != CUX_RND_RZ))
            op->error = "cvt to .tf32 other than .rna/.rn/.rz from .f32 "
                        "is not supported yet";
        return;
    } else if (dst == CUX_T_F16X2 || dst == CUX_T_BF16X2) {
        /* cvt.f16x2.f32 d, a, b: a goes to the upper half, b to the
         * lower (PTX ISA, cvt) */
        const char *b = FMT("(%s)%s", c->type(src), B);
        set(op, CUX_T_B32, 2, src, src, src, src,
            FMT("(uint32_t)%s | ((uint32_t)%s << 16)",
                cvt_to_16(c, insn, src, b), cvt_to_16(c, insn, src, a)));
        return;
    } else if (type_is_int(dst)) /* float -> int */
        expr = FMT("cux_f2%s((double)%s, %d, %s)", names[dst],
                   to_float_of(c, src, a), int_round_mode(insn->rounding),
                   f2i_nan(c, dst, src));
    else
        expr = cvt_to_float(c, insn, a);
    set(op, dst, 1, src, src, src, src, expr);
}

/* The float instructions that are not arithmetic. */
static bool float_misc(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                       cux_lane_op *op)
{
    switch (insn->op) {
    case CUX_OP_RCP: transcendental(c, insn, op, "1.0f / %s", "1.0 / %s", "rcp"); return true;
    case CUX_OP_SQRT: transcendental(c, insn, op, "sqrtf(%s)", "sqrt(%s)", "sqrt"); return true;
    case CUX_OP_RSQRT: transcendental(c, insn, op, "1.0f / sqrtf(%s)", "1.0 / sqrt(%s)", NULL); return true;
    case CUX_OP_EX2: transcendental(c, insn, op, "exp2f(%s)", "exp2(%s)", NULL); return true;
    case CUX_OP_LG2: transcendental(c, insn, op, "log2f(%s)", "log2(%s)", NULL); return true;
    case CUX_OP_SIN: transcendental(c, insn, op, "sinf(%s)", "sin(%s)", NULL); return true;
    case CUX_OP_COS: transcendental(c, insn, op, "cosf(%s)", "cos(%s)", NULL); return true;
    case CUX_OP_TANH: transcendental(c, insn, op, "tanhf(%s)", "tanh(%s)", NULL); return true;
    case CUX_OP_COPYSIGN:
        same(op, insn, 2, FMT(insn->type == CUX_T_F64 ? "copysign(%s, %s)"
                              : "copysignf(%s, %s)", B, A));
        return true;
    case CUX_OP_TESTP:
        testp(c, insn, op);
        return true;
    default:
        return false;
    }
}

bool cux_lane_op_of(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                    cux_lane_op *op)
{
    *op = (cux_lane_op){0};
    if (is_carry(insn)) {
        carry_op(c, insn, op);
        return true;
    }
    switch (insn->op) {
    case CUX_OP_ADD: case CUX_OP_SUB: case CUX_OP_MUL:
        arith(c, insn, op);
        return true;
    case CUX_OP_MAD: case CUX_OP_FMA:
        mad(c, insn, op);
        return true;
    case CUX_OP_DIV: case CUX_OP_REM:
        division(c, insn, op);
        return true;
    case CUX_OP_MIN: case CUX_OP_MAX:
        min_max(c, insn, op);
        return true;
    case CUX_OP_ABS: case CUX_OP_NEG:
        unary(c, insn, op);
        return true;
    case CUX_OP_AND: case CUX_OP_OR: case CUX_OP_XOR: case CUX_OP_NOT:
    case CUX_OP_CNOT:
        logic(c, insn, op);
        return true;
    case CUX_OP_SHL: case CUX_OP_SHR:
        shift(c, insn, op);
        return true;
    case CUX_OP_SELP: case CUX_OP_SLCT:
        select_op(c, insn, op);
        return true;
    case CUX_OP_CVT:
        cvt(c, insn, op);
        return true;
    default:
        return bits_op(c, insn, op) || permute(c, insn, op) ||
               float_misc(c, insn, op) || integer_misc(c, insn, op) ||
               simd_video(c, insn, op);
    }
}

uint64_t cux_immediate_bits(const cux_ptx_operand *op, cux_ptx_type type)
{
    double value;
    if (type == CUX_T_F32 && op->kind == CUX_OPND_IMM_F32) /* keep sNaNs */
        return (uint32_t)op->imm;
    if (type == CUX_T_F32 || type == CUX_T_F64) {
        if (op->kind == CUX_OPND_IMM_F32) {
            float f;
            uint32_t bits = (uint32_t)op->imm;
            memcpy(&f, &bits, 4);
            value = f;
        } else if (op->kind == CUX_OPND_IMM_F64) {
            memcpy(&value, &op->imm, 8);
        } else {
            value = (double)op->imm;
        }
        return cux_ptx_float_bits(type, value);
    }
    if (type == CUX_T_PRED)
        return op->imm ? 0xffffffffu : 0;
    uint64_t bits = (uint64_t)op->imm;
    uint32_t width = cux_lane_bits(type);
    if (width < 64)
        bits &= (1ull << width) - 1;
    return bits;
}
