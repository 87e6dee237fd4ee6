/* lane_ops.h: the per-lane meaning of PTX's arithmetic, logic, bit,
 * comparison, selection and conversion instructions, written once for
 * every code generator (see docs/design.md).  The C generator applies an
 * expression to 32 masked lanes; an OpenCL generator applies it to one
 * work-item.  Nothing here knows lanes, masks or vector types.
 *
 * An expression is C text valid in C11 and in OpenCL C given the device
 * prelude's contract below.  It names its sources through the caller's
 * placeholders and its types through the caller's spelling, so one
 * expression serves one lane (`a_[l]`, `uint32_t`) and, where `whole` is
 * set, a whole vector (`a_`, `cux_vu32`).
 *
 * The device library's contract: a prelude provides these names with
 * the meaning the CPU prelude (src/dev/cpu/prelude/30_ops.h) gives them.
 *   types    int8_t .. uint64_t, as typedefs where the language lacks them
 *   math     fabsf fabs fmaf fma sqrtf sqrt exp2f exp2 log2f log2 sinf sin
 *            cosf cos tanhf tanh fmin fmax copysignf copysign isfinite
 *            isinf isnan isnormal (C99 names; OpenCL maps them onto its
 *            overloaded built-ins)
 *   rounding __nv_{f,d}{add,sub,mul,div,rcp,sqrt}_{rz,rd,ru},
 *            __nv_fmaf_*, __nv_fma_* (libdevice, which every device
 *            implements anyway)
 *   float    cux_ftz32 cux_sat32 cux_sat64 cux_minf cux_maxf
 *            cux_round_f32 cux_round_mode CUX_ROUNDED_F32 CUX_ROUNDED_F64
 *            cux_half_to_float cux_float_to_half cux_bf16_to_float
 *            cux_float_to_bf16 cux_float_to_16 cux_f64_to_f32_odd
 *            cux_u64_to_f64_odd cux_s64_to_f64_odd cux_relu16
 *            cux_float_to_tf32
 *            cux_f2{s,u}{8,16,32,64}
 *            cux_is_subnormal32 cux_is_subnormal64
 *   integer  cux_sat_s32 cux_sat_int cux_{div,rem}_{s,u}{16,32,64}
 *            cux_mulhi_u64 cux_mulhi_s64 (OpenCL: mul_hi)
 *            cux_add_carry{32,64} cux_sub_borrow{32,64} (carry out)
 *            cux_bfe cux_bfi64 cux_bfind32 cux_bfind64 cux_brev32
 *            cux_brev64 cux_prmt cux_shf __builtin_popcount(ll)
 *            cux_simd_video CUX_VOP_* (the SIMD video instructions)
 *            __builtin_clz(ll)
 *   shifts   cux_shl{16,32,64} cux_shru{16,32,64} cux_shrs{16,32,64}
 *            (PTX clamps the shift amount; the CPU prelude defines them
 *            over lane vectors because shifts are `whole`)
 * Nothing C-only is left: 128-bit products, carries and fpclassify are
 * behind these helpers. */
#ifndef CUX_LANE_OPS_H
#define CUX_LANE_OPS_H

#include "ptx/ptx.h"
#include "util/util.h"

/* How the caller wants sources and types written. */
typedef struct cux_lane_ctx {
    cux_arena *arena;                   /* expressions are built here */
    const char *const *src;             /* sources 0..3: operands 1..4 */
    const char *(*type)(cux_ptx_type);  /* a type's spelling in casts */
    const cux_ptx_operand *operands;    /* the instruction's (lop3's table) */
    const char *carry_in;               /* the carry flag, 0 or 1 (addc) */
} cux_lane_ctx;

typedef struct cux_lane_op {
    const char *expr;      /* the result, over src[0..n_src) */
    cux_ptx_type dst;      /* type of the result (destination 0) */
    cux_ptx_type src[4];   /* type of each source */
    uint32_t n_src;
    bool whole;            /* expr works on whole vectors as it is */
    const char *error;     /* non-NULL: unsupported form, and why */
    const char *carry;     /* non-NULL: the carry out, 0 or 1 (add.cc..) */
} cux_lane_op;

/* lane_ops.c */
/* Fills *op for insn, whose sources the generator has read into the
 * placeholders c->src (and the carry flag into c->carry_in for addc,
 * subc, madc); false if the opcode is not a lane operation. */
bool cux_lane_op_of(const cux_lane_ctx *c, const cux_ptx_insn *insn,
                    cux_lane_op *op);
/* The comparison of setp/set over sources 0 and 1, already widened to
 * float for half types; NULL if insn->cmp is missing. */
const char *cux_lane_compare(const cux_lane_ctx *c, const cux_ptx_insn *insn);
/* The width of the helpers and lanes a type computes in: 16, 32, 64. */
uint32_t cux_lane_bits(cux_ptx_type type);
/* The bits an immediate operand has as a value of `type`: float literals
 * convert (a .f32 one to .f32 keeps its bits, signalling NaNs too),
 * integers truncate to the type's width, a predicate is 0 or all ones. */
uint64_t cux_immediate_bits(const cux_ptx_operand *op, cux_ptx_type type);
/* The function widening a half or bfloat16 to float. */
const char *cux_lane_half_to_float(cux_ptx_type type);
/* The new value of an atomic (atom, red) or warp reduction (redux) of
 * `mode` (add, min, max, inc, dec, and, or, xor, exch, cas) over `type`:
 * source 0 is the old value (the running result), source 1 the operand,
 * source 2 cas's new value; NULL for any other mode. */
const char *cux_lane_update(const cux_lane_ctx *c, uint8_t mode,
                            cux_ptx_type type);
/* The setp/set combining operator (&, |, ^) of insn->mode2, or NULL. */
const char *cux_lane_combine(const cux_ptx_insn *insn);

#endif
