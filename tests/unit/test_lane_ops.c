/* test_lane_ops.c: the per-lane meaning of PTX operations
 * (codegen/common/lane_ops.c), text in, text out: one PTX instruction
 * in, its expression over the sources `a`, `b`, `c`, `d` out, with types
 * spelt as one lane's scalar types.  Links the compiler core. */
#include "codegen/common/lane_ops.h"

#include <stdio.h>
#include <string.h>

static int failures;

#define HEAD ".version 7.0\n.target sm_75\n.address_size 64\n"

/* Types as an OpenCL work-item or one lane would spell them. */
static const char *scalar(cux_ptx_type t)
{
    switch (t) {
    case CUX_T_S8: return "int8_t";
    case CUX_T_S16: return "int16_t";
    case CUX_T_S32: return "int32_t";
    case CUX_T_S64: return "int64_t";
    case CUX_T_U64: case CUX_T_B64: return "uint64_t";
    case CUX_T_U16: case CUX_T_B16: return "uint16_t";
    case CUX_T_F32: return "float";
    case CUX_T_F64: return "double";
    default: return "uint32_t";
    }
}

/* The expression of `insn` (one PTX line, registers %r* %rd* %f* %fd*
 * %h* %p* declared) must be `want`, with whole vectors iff `whole`; a
 * carry operation's is `result; carry out`, its carry in `cc`. */
static void expect(const char *insn, const char *want, bool whole)
{
    char text[1024];
    snprintf(text, sizeof text, HEAD ".visible .entry k()\n{\n"
             ".reg .b32 %%r<9>;\n.reg .b64 %%rd<9>;\n.reg .f32 %%f<9>;\n"
             ".reg .f64 %%fd<9>;\n.reg .b16 %%h<9>;\n.reg .pred %%p<9>;\n"
             "%s\nret;\n}\n", insn);
    cux_diag diag = {0};
    cux_ptx_module *m = cux_ptx_parse(text, strlen(text), "t.ptx", &diag);
    static const char *const src[] = {"a", "b", "c", "d"};
    cux_arena arena = {0};
    cux_lane_op op = {0};
    const char *got = "(does not parse)";
    if (m) {
        const cux_ptx_func *f = &m->funcs[0];
        cux_lane_ctx c = {.arena = &arena, .src = src, .type = scalar,
                          .operands = f->operands + f->insns[0].first_operand,
                          .carry_in = "cc"};
        got = cux_lane_op_of(&c, &f->insns[0], &op)
            ? (op.error ? op.error : op.expr) : "(not a lane operation)";
        if (op.carry)
            got = cux_arena_printf(&arena, "%s; %s", got, op.carry);
    }
    bool ok = !strcmp(got, want) && op.whole == whole;
    printf("%s %s\n", ok ? "PASS" : "FAIL", insn);
    if (!ok) {
        printf("  got  %s%s\n  want %s%s\n", got, op.whole ? " (whole)" : "",
               want, whole ? " (whole)" : "");
        failures++;
    }
    cux_arena_free(&arena);
    cux_ptx_module_free(m);
}

static void integer_cases(void)
{
    /* wrapping arithmetic is computed unsigned and works on vectors */
    expect("add.s32 %r1, %r2, %r3;",
           "((int32_t)((uint32_t)a + (uint32_t)b))", true);
    expect("mad.lo.s32 %r1, %r2, %r3, %r4;",
           "((int32_t)((uint32_t)a * (uint32_t)b + (uint32_t)c))", true);
    expect("add.sat.s32 %r1, %r2, %r3;",
           "cux_sat_s32((int64_t)a + b)", false);
    expect("mul.hi.u32 %r1, %r2, %r3;",
           "(uint32_t)(((uint64_t)a * b) >> 32)", false);
    expect("mul.wide.s32 %rd1, %r2, %r3;", "(int64_t)a * (int64_t)b", false);
    expect("mul.hi.s64 %rd1, %rd2, %rd3;", "cux_mulhi_s64(a, b)", false);
    expect("mad.hi.u64 %rd1, %rd2, %rd3, %rd4;",
           "(cux_mulhi_u64(a, b)) + c", false);
    expect("mad.hi.sat.s32 %r1, %r2, %r3, %r4;",
           "cux_sat_s32((int64_t)((int32_t)(((int64_t)a * b) >> 32)) + c)",
           false);
    expect("div.s32 %r1, %r2, %r3;", "cux_div_s32(a, b)", false);
    expect("rem.u64 %rd1, %rd2, %rd3;", "cux_rem_u64(a, b)", false);
    expect("abs.s32 %r1, %r2;", "a < 0 ? 0 - a : a", false);
    expect("mul24.hi.s32 %r1, %r2, %r3;",
           "(int32_t)(((int64_t)((a << 8) >> 8) * ((b << 8) >> 8)) >> 16)",
           false);
    expect("sad.u32 %r1, %r2, %r3, %r4;", "(a < b ? b - a : a - b) + c",
           false);
}

static void bit_cases(void)
{
    /* shifts clamp the amount: a helper, applied to whole vectors */
    expect("shl.b32 %r1, %r2, %r3;", "cux_shl32(a, b)", true);
    expect("shr.s32 %r1, %r2, %r3;", "cux_shrs32(a, b)", true);
    expect("shr.u64 %rd1, %rd2, %r3;", "cux_shru64(a, b)", true);
    /* an immediate amount below the width needs no clamp: C's operator */
    expect("shr.u32 %r1, %r2, 5;", "(a >> 5u)", true);
    expect("shr.s32 %r1, %r2, 31;", "(a >> 31u)", true);
    expect("shl.b64 %rd1, %rd2, 2;", "(a << 2u)", true);
    expect("shl.b32 %r1, %r2, 32;", "cux_shl32(a, b)", true);
    expect("and.b32 %r1, %r2, %r3;", "(a & b)", true);
    expect("not.b32 %r1, %r2;", "(~a)", true);
    expect("cnot.b32 %r1, %r2;", "a == 0", false);
    /* bfe: signed copies the field's top bit, unsigned zero-fills */
    expect("bfe.s32 %r1, %r2, %r3, %r4;", "cux_bfe(a, b, c, 1, 32)", false);
    expect("bfe.u64 %rd1, %rd2, %r3, %r4;", "cux_bfe(a, b, c, 0, 64)", false);
    expect("bfi.b32 %r1, %r2, %r3, %r4, %r5;",
           "cux_bfi64(a, b, c, d, 32)", false);
    expect("bfind.shiftamt.u32 %r1, %r2;", "cux_bfind32(a, 0, 1)", false);
    expect("clz.b64 %r1, %rd2;", "a ? __builtin_clzll(a) : 64", false);
    expect("popc.b32 %r1, %r2;", "__builtin_popcount(a)", false);
    expect("shf.r.clamp.b32 %r1, %r2, %r3, %r4;",
           "cux_shf(a, b, c, 1, 1)", false);
    expect("lop3.b32 %r1, %r2, %r3, %r4, 0x80;", "0 | (a & b & c)", false);
    expect("prmt.b32.f4e %r1, %r2, %r3, %r4;",
           "prmt modes other than the default are not supported yet", false);
    expect("selp.b32 %r1, %r2, %r3, %p1;", "c ? a : b", false);
}

static void float_cases(void)
{
    /* rounded to nearest, C's operator on vectors is each lane's */
    expect("add.f32 %f1, %f2, %f3;", "((a + b))", true);
    expect("mul.rn.f64 %fd1, %fd2, %fd3;", "((a * b))", true);
    expect("sub.ftz.f32 %f1, %f2, %f3;",
           "cux_ftz32((cux_ftz32(a) - cux_ftz32(b)))", false);
    /* .ftz flushes inputs and result, .sat clamps to [0, 1] */
    expect("mul.ftz.sat.f32 %f1, %f2, %f3;",
           "cux_ftz32(cux_sat32(cux_ftz32(a) * cux_ftz32(b)))", false);
    /* directed rounding is libdevice's rounded operation */
    expect("add.rz.f32 %f1, %f2, %f3;", "((__nv_fadd_rz(a, b)))", false);
    expect("fma.rm.f64 %fd1, %fd2, %fd3, %fd4;",
           "((__nv_fma_rd(a, b, c)))", false);
    expect("div.rp.f32 %f1, %f2, %f3;", "((__nv_fdiv_ru(a, b)))", false);
    expect("sqrt.rz.f64 %fd1, %fd2;", "((__nv_dsqrt_rz(a)))", false);
    expect("rcp.rn.f32 %f1, %f2;", "((1.0f / a))", false);
    expect("max.NaN.f32 %f1, %f2, %f3;", "((cux_maxf(a, b, 1)))", false);
    expect("neg.f16 %h1, %h2;", "a ^ 0x8000u", false);
    expect("add.f16 %h1, %h2, %h3;",
           "cux_float_to_half(cux_half_to_float((uint16_t)a) + "
           "cux_half_to_float((uint16_t)b))", false);
    expect("copysign.f32 %f1, %f2, %f3;", "copysignf(b, a)", false);
    expect("testp.finite.f32 %p1, %f2;", "-(int32_t)(isfinite(a))", false);
    expect("testp.subnormal.f64 %p1, %fd2;",
           "-(int32_t)(cux_is_subnormal64(a))", false);
}

static void cvt_cases(void)
{
    expect("cvt.u16.u32 %h1, %r2;", "(uint16_t)(uint32_t)a", false);
    expect("cvt.sat.s8.s32 %h1, %r2;",
           "(int8_t)cux_sat_int((int32_t)a, 1, 8, 1)", false);
    expect("cvt.rzi.s32.f32 %r1, %f2;", "cux_f2s32((double)((float)a), 0, 0)",
           false);
    expect("cvt.rni.f32.f32 %f1, %f2;",
           "cux_round_f32(((float)a), 1)", false);
    expect("cvt.rz.f32.f64 %f1, %fd2;",
           "CUX_ROUNDED_F32(1, (float)((double)a))", false);
    /* to f16/bf16 in the instruction's rounding (0 rn .. 3 rp), from
     * an f64 or integer through round-to-odd, so rounded once */
    expect("cvt.rn.f16.f32 %h1, %f2;",
           "cux_float_to_16(((float)a), 0, 0)", false);
    expect("cvt.rz.bf16.f32 %h1, %f2;",
           "cux_float_to_16(((float)a), 1, 1)", false);
    expect("cvt.rm.f16.f64 %h1, %fd2;",
           "cux_float_to_16(cux_f64_to_f32_odd((double)a), 2, 0)", false);
    expect("cvt.rp.bf16.s64 %h1, %rd2;",
           "cux_float_to_16(cux_f64_to_f32_odd("
           "cux_s64_to_f64_odd((int64_t)(int64_t)a)), 3, 1)", false);
    /* packed: a to the upper half, b to the lower */
    expect("cvt.rn.relu.bf16x2.f32 %r1, %f2, %f3;",
           "(uint32_t)cux_relu16(cux_float_to_16(((float)b), 0, 1), 0x7f80)"
           " | ((uint32_t)cux_relu16(cux_float_to_16(((float)a), 0, 1), "
           "0x7f80) << 16)", false);
    /* tf32 is held as b32 */
    expect("cvt.rna.tf32.f32 %r1, %f2;", "cux_float_to_tf32((float)a, 4)",
           false);
    /* a NaN is 0 only from f32 (or narrower) to 32 bits or fewer */
    expect("cvt.rzi.s64.f32 %rd1, %f2;",
           "cux_f2s64((double)((float)a), 0, (int64_t)0x8000000000000000ull)",
           false);
    expect("cvt.rni.u32.f64 %r1, %fd2;",
           "cux_f2u32((double)((double)a), 1, (uint32_t)0x80000000ull)",
           false);
}

static void carry_cases(void)
{
    expect("add.cc.u32 %r1, %r2, %r3;",
           "(uint32_t)a + (uint32_t)b; "
           "cux_add_carry32((uint32_t)a, (uint32_t)b, 0)", false);
    expect("addc.cc.u64 %rd1, %rd2, %rd3;",
           "(uint64_t)a + (uint64_t)b + cc; "
           "cux_add_carry64((uint64_t)a, (uint64_t)b, cc)", false);
    /* subtraction carries the borrow */
    expect("subc.s32 %r1, %r2, %r3;",
           "(uint32_t)a - (uint32_t)b - cc; "
           "cux_sub_borrow32((uint32_t)a, (uint32_t)b, cc)", false);
    expect("mad.lo.cc.u32 %r1, %r2, %r3, %r4;",
           "((uint32_t)a * (uint32_t)b) + (uint32_t)c; "
           "cux_add_carry32(((uint32_t)a * (uint32_t)b), (uint32_t)c, 0)",
           false);
    /* the high half of a signed product is signed */
    expect("madc.hi.cc.s64 %rd1, %rd2, %rd3, %rd4;",
           "(uint64_t)cux_mulhi_s64(a, b) + (uint64_t)c + cc; "
           "cux_add_carry64((uint64_t)cux_mulhi_s64(a, b), (uint64_t)c, cc)",
           false);
    /* without .cc or a carry in, plain wrapping arithmetic */
    expect("add.u32 %r1, %r2, %r3;", "((uint32_t)((uint32_t)a + (uint32_t)b))",
           true);
}

/* The new value of an atomic or reduction of `mode` over `type`, from
 * the old value `a`, the operand `b` and cas's new value `c`. */
static void expect_update(uint8_t mode, cux_ptx_type type, const char *want)
{
    static const char *const src[] = {"a", "b", "c"};
    cux_arena arena = {0};
    cux_lane_ctx c = {.arena = &arena, .src = src, .type = scalar};
    const char *got = cux_lane_update(&c, mode, type);
    got = got ? got : "(none)";
    bool ok = !strcmp(got, want);
    printf("%s update %u.%s\n", ok ? "PASS" : "FAIL", mode, scalar(type));
    if (!ok) {
        printf("  got  %s\n  want %s\n", got, want);
        failures++;
    }
    cux_arena_free(&arena);
}

static void update_cases(void)
{
    expect_update(CUX_MODE_ADD, CUX_T_F32, "a + b");
    expect_update(CUX_MODE_MIN, CUX_T_S32, "(b < a ? b : a)");
    expect_update(CUX_MODE_MAX, CUX_T_F64, "fmax(a, b)");
    /* inc and dec wrap at the operand, as atomicInc/atomicDec */
    expect_update(CUX_MODE_INC, CUX_T_U32, "(a >= b ? 0 : a + 1)");
    expect_update(CUX_MODE_DEC, CUX_T_U32, "((a == 0 || a > b) ? b : a - 1)");
    expect_update(CUX_MODE_XOR, CUX_T_B64, "(a ^ b)");
    expect_update(CUX_MODE_EXCH, CUX_T_B32, "b");
    expect_update(CUX_MODE_CAS, CUX_T_B32, "(a == b ? c : a)");
    expect_update(CUX_MODE_NONE, CUX_T_B32, "(none)");
}

int main(void)
{
    integer_cases();
    bit_cases();
    float_cases();
    cvt_cases();
    carry_cases();
    update_cases();
    return failures != 0;
}
