/* 30_ops.h: lane helpers for PTX instructions that need more than one C
 * operator: masked writes, predicate bit masks, shifts with PTX's
 * clamping, conversions with rounding modes and saturation. */

#define CUX_INL static inline __attribute__((unused, always_inline))
#define CUX_LANES for (int l = 0; l < CUX_WARP_SIZE; l++)
#define CUX_SPLAT32(x) ((cux_vu32){0} + (uint32_t)(x))
#define CUX_SPLAT64(x) ((cux_vu64){0} + (uint64_t)(x))

/* Runs the statement for each active lane (`em`); a whole warp's loop
 * has no lane test, so the C compiler can vectorise it.  A macro, so
 * that generated code says it once. */
#define CUX_EACH_ACTIVE_LANE(...)                                         \
    do {                                                                  \
        if (em == 0xffffffffu) {                                          \
            CUX_LANES { __VA_ARGS__ }                                     \
        } else {                                                          \
            CUX_LANES if (em >> l & 1) { __VA_ARGS__ }                    \
        }                                                                 \
    } while (0)

/* Runs the statement after it for each lane set in mask, the lowest
 * first, as CUX_LANES with a lane test does: a store by a few live lanes
 * (`if (lane == 31) sums[warp] = v`) costs their count, not 32 tests
 * (a tenth of a warp's shuffle scan). */
#define CUX_SET_LANES(mask)                                               \
    for (uint32_t lb_ = (mask); lb_; lb_ &= lb_ - 1)                      \
        for (int l = __builtin_ctz(lb_), once_ = 1; once_; once_ = 0)

/* Masked register writes: only lanes set in the write mask change. */
#define CUX_BLEND_FN(name, V, M)                                          \
    CUX_INL V name(V old, V val, cux_vs16 m16, cux_vs32 m32, cux_vs64 m64) \
    {                                                                     \
        (void)m16; (void)m32; (void)m64;                                  \
        return (V)(((M)val & M##_mask) | ((M)old & ~M##_mask));           \
    }
#define cux_vs16_mask m16
#define cux_vs32_mask m32
#define cux_vs64_mask m64
CUX_BLEND_FN(cux_blend_vu16, cux_vu16, cux_vs16)
CUX_BLEND_FN(cux_blend_vs16, cux_vs16, cux_vs16)
CUX_BLEND_FN(cux_blend_vu32, cux_vu32, cux_vs32)
CUX_BLEND_FN(cux_blend_vs32, cux_vs32, cux_vs32)
CUX_BLEND_FN(cux_blend_vf32, cux_vf32, cux_vs32)
CUX_BLEND_FN(cux_blend_vu64, cux_vu64, cux_vs64)
CUX_BLEND_FN(cux_blend_vs64, cux_vs64, cux_vs64)
CUX_BLEND_FN(cux_blend_vf64, cux_vf64, cux_vs64)

#define CUX_BLEND(old, val)                                               \
    _Generic((old), cux_vu16: cux_blend_vu16, cux_vs16: cux_blend_vs16,   \
             cux_vu32: cux_blend_vu32, cux_vs32: cux_blend_vs32,          \
             cux_vf32: cux_blend_vf32, cux_vu64: cux_blend_vu64,          \
             cux_vs64: cux_blend_vs64, cux_vf64: cux_blend_vf64)(         \
        old, val, wm16, wm32, wm64)

/* Assigns a register honouring the write mask; `partial` is false when
 * every live lane is written, the common case, and then costs nothing. */
#define CUX_SET(reg, val)                                                 \
    do {                                                                  \
        __typeof__(reg) set_v_ = (val);                                     \
        (reg) = partial ? CUX_BLEND(reg, set_v_) : set_v_;                       \
    } while (0)

CUX_INL cux_vs32 cux_mask_vector(uint32_t bits)
{
    cux_vs32 r;
    CUX_LANES r[l] = -(int32_t)((bits >> l) & 1);
    return r;
}

/* The lane bits of a predicate (each lane 0 or -1).  x86 has one
 * instruction per machine vector that gathers the sign bits; C compilers
 * do not find it in the generic loop, which costs an OR-reduction on the
 * path of every divergent branch. */
#if defined(__AVX512DQ__)
typedef int cux_v16i_ __attribute__((vector_size(64)));
CUX_INL uint32_t cux_bits(cux_vs32 pred)
{
    cux_v16i_ lo, hi;
    memcpy(&lo, &pred, sizeof lo);
    memcpy(&hi, (char *)&pred + sizeof lo, sizeof hi);
    return (uint32_t)__builtin_ia32_cvtd2mask512(lo) |
           (uint32_t)__builtin_ia32_cvtd2mask512(hi) << 16;
}
#elif defined(__AVX__) || defined(__SSE__)
#if defined(__AVX__)
typedef float cux_vmsk_ __attribute__((vector_size(32)));
#define CUX_MOVMSK __builtin_ia32_movmskps256
#else
typedef float cux_vmsk_ __attribute__((vector_size(16)));
#define CUX_MOVMSK __builtin_ia32_movmskps
#endif
CUX_INL uint32_t cux_bits(cux_vs32 pred)
{
    enum { per = sizeof(cux_vmsk_) / 4 };
    uint32_t bits = 0;
    for (int i = 0; i < CUX_WARP_SIZE / per; i++) {
        cux_vmsk_ part;
        memcpy(&part, (char *)&pred + i * sizeof part, sizeof part);
        bits |= (uint32_t)CUX_MOVMSK(part) << (i * per);
    }
    return bits;
}
#else
CUX_INL uint32_t cux_bits(cux_vs32 pred)
{
    uint32_t bits = 0;
    CUX_LANES bits |= (uint32_t)(pred[l] & 1) << l;
    return bits;
}
#endif

CUX_INL cux_vu32 cux_iota32(void)
{
    cux_vu32 r;
    CUX_LANES r[l] = (uint32_t)l;
    return r;
}

/* The lanes l of a warp whose value v0 + l * s (exact, s not 0) is
 * below b, as bits: a run at the low end for s > 0, the high end else. */
CUX_INL uint32_t cux_lanes_below(int64_t v0, int64_t s, int64_t b)
{
    if (s > 0) {
        if (b <= v0)
            return 0;
        int64_t n = (b - v0 + s - 1) / s; /* lanes 0 .. n-1 */
        return n >= 32 ? 0xffffffffu : (1u << n) - 1;
    }
    if (v0 < b)
        return 0xffffffffu;
    int64_t k = (v0 - b) / -s + 1; /* the first lane below b */
    return k >= 32 ? 0 : ~0u << k;
}

/* The span [*lo, *hi] of the value v0 + sx * (t - tid0) of an affine
 * register over the threads t after the warp whose lane 0 is thread tid0,
 * in a one-dimensional block (codegen/c/idle_warps.c): 1; 0 where no
 * thread follows; -1 where the block has more dimensions (its later
 * warps do not follow this one in %tid.x) or some value leaves the
 * compare's 32-bit range (it wraps there). */
CUX_INL int cux_later_span(const cux_cpu_block *blk, uint32_t tid0,
                           int64_t v0, int64_t sx, int is_signed,
                           int64_t *lo, int64_t *hi)
{
    if (blk->ntid[1] != 1 || blk->ntid[2] != 1)
        return -1;
    int64_t first = (int64_t)tid0 + 32, last = (int64_t)blk->ntid[0] - 1;
    if (first > last)
        return 0;
    int64_t a = v0 + sx * (first - tid0), b = v0 + sx * (last - tid0);
    *lo = a < b ? a : b;
    *hi = a < b ? b : a;
    return *lo >= (is_signed ? INT32_MIN : 0) &&
           *hi <= (is_signed ? INT32_MAX : (int64_t)UINT32_MAX) ? 1 : -1;
}

/* The lanes' %tid offsets from lane 0 in dimension d (0: x, 1: y). */
CUX_INL cux_vu32 cux_tid_offset32(const cux_cpu_warp *w, int d)
{
    cux_vu32 r;
    memcpy(&r, w->tid_offset[d], sizeof r);
    return r;
}

CUX_INL cux_vu64 cux_tid_offset64(const cux_cpu_warp *w, int d)
{
    cux_vu64 r;
    memcpy(&r, w->tid_offset64[d], sizeof r);
    return r;
}

/* Shifts: PTX clamps amounts above the width instead of being undefined. */
#define CUX_SHIFT_FN(name, V, S, U, bits, op)                             \
    CUX_INL V name(V a, cux_vu32 n)                                       \
    {                                                                     \
        V r;                                                              \
        CUX_LANES r[l] = n[l] >= bits ? (V##_fill(a[l], op))              \
                                      : (S)((U)a[l] op n[l]);             \
        return r;                                                         \
    }
#define cux_vu16_fill(x, op) 0
#define cux_vu32_fill(x, op) 0
#define cux_vu64_fill(x, op) 0
#define cux_vs16_fill(x, op) ((x) < 0 ? -1 : 0)
#define cux_vs32_fill(x, op) ((x) < 0 ? -1 : 0)
#define cux_vs64_fill(x, op) ((x) < 0 ? -1 : 0)
/* The same for one warp-uniform value, kept as a scalar (cux_shl32 and
 * kin pick the form by the type of the value shifted). */
#define CUX_SHIFT_SCALAR_FN(name, S, U, bits, op, fill)                   \
    CUX_INL S name(S a, uint32_t n)                                       \
    {                                                                     \
        return n >= bits ? (S)(fill) : (S)((U)a op n);                    \
    }
#define CUX_SHIFT_PAIR(name, V, S, U, bits, op, fill)                     \
    CUX_SHIFT_FN(name##_v, V, S, U, bits, op)                             \
    CUX_SHIFT_SCALAR_FN(name##_s, S, U, bits, op, fill)
CUX_SHIFT_PAIR(cux_shl16, cux_vu16, uint16_t, uint16_t, 16, <<, 0)
CUX_SHIFT_PAIR(cux_shl32, cux_vu32, uint32_t, uint32_t, 32, <<, 0)
CUX_SHIFT_PAIR(cux_shl64, cux_vu64, uint64_t, uint64_t, 64, <<, 0)
CUX_SHIFT_PAIR(cux_shru16, cux_vu16, uint16_t, uint16_t, 16, >>, 0)
CUX_SHIFT_PAIR(cux_shru32, cux_vu32, uint32_t, uint32_t, 32, >>, 0)
CUX_SHIFT_PAIR(cux_shru64, cux_vu64, uint64_t, uint64_t, 64, >>, 0)
CUX_SHIFT_PAIR(cux_shrs16, cux_vs16, int16_t, int16_t, 16, >>, a < 0 ? -1 : 0)
CUX_SHIFT_PAIR(cux_shrs32, cux_vs32, int32_t, int32_t, 32, >>, a < 0 ? -1 : 0)
CUX_SHIFT_PAIR(cux_shrs64, cux_vs64, int64_t, int64_t, 64, >>, a < 0 ? -1 : 0)
#define CUX_SHIFT_PICK(name, V, a) _Generic((a), V: name##_v, default: name##_s)
#define cux_shl16(a, n) CUX_SHIFT_PICK(cux_shl16, cux_vu16, a)(a, n)
#define cux_shl32(a, n) CUX_SHIFT_PICK(cux_shl32, cux_vu32, a)(a, n)
#define cux_shl64(a, n) CUX_SHIFT_PICK(cux_shl64, cux_vu64, a)(a, n)
#define cux_shru16(a, n) CUX_SHIFT_PICK(cux_shru16, cux_vu16, a)(a, n)
#define cux_shru32(a, n) CUX_SHIFT_PICK(cux_shru32, cux_vu32, a)(a, n)
#define cux_shru64(a, n) CUX_SHIFT_PICK(cux_shru64, cux_vu64, a)(a, n)
#define cux_shrs16(a, n) CUX_SHIFT_PICK(cux_shrs16, cux_vs16, a)(a, n)
#define cux_shrs32(a, n) CUX_SHIFT_PICK(cux_shrs32, cux_vs32, a)(a, n)
#define cux_shrs64(a, n) CUX_SHIFT_PICK(cux_shrs64, cux_vs64, a)(a, n)

/* t = a with its lanes picked by constant indices, `lo` and `hi` each a
 * parenthesised list of 16 (lanes 0-15 and 16-31 of t).  With AVX-512,
 * two shuffles of a's halves, which GCC makes one vpermt2d each: a
 * constant shuffle of the whole 128-byte vector it wrote as 32 moves
 * through memory, which the vector loads after them could not forward
 * from (a warp's shuffle scan, __shfl_up_sync by 1, 2, 4, 8 and 16, ran
 * 1.15x slower).  With narrower vectors the halves' shuffles measured
 * slower than the whole one (1.1x with AVX2, 1.3x with SSE). */
#define CUX_UNPAREN(...) __VA_ARGS__
#if !defined(__AVX512F__)
#define CUX_PERMUTE32_CONST(a, t, lo, hi)                                 \
    do {                                                                  \
        const cux_vu32 j_ = {CUX_UNPAREN lo, CUX_UNPAREN hi};             \
        (t) = cux_permute32((a), j_);                                     \
    } while (0)
#else
#define CUX_PERMUTE32_CONST(a, t, lo, hi)                                 \
    do {                                                                  \
        typedef uint32_t cux_half_ __attribute__((vector_size(64)));     \
        cux_half_ l_, h_, rl_, rh_;                                       \
        memcpy(&l_, &(a), 64);                                            \
        memcpy(&h_, (char *)&(a) + 64, 64);                               \
        rl_ = __builtin_shufflevector(l_, h_, CUX_UNPAREN lo);            \
        rh_ = __builtin_shufflevector(l_, h_, CUX_UNPAREN hi);            \
        memcpy(&(t), &rl_, 64);                                           \
        memcpy((char *)&(t) + 64, &rh_, 64);                              \
    } while (0)
#endif

/* r[l] = a[idx[l]], idx in 0..31 (a shuffle): GCC's variable-index
 * shuffle becomes permutation instructions; clang has no such built-in
 * and gets the lane loop. */
CUX_INL cux_vu32 cux_permute32(cux_vu32 a, cux_vu32 idx)
{
#if defined(__clang__)
    cux_vu32 r;
    CUX_LANES r[l] = a[idx[l] & 31];
    return r;
#else
    return __builtin_shuffle(a, idx);
#endif
}

/* Warp-uniform registers are scalars; these widen one to a register
 * vector (an addition to {0} would turn -0.0 into +0.0) and reinterpret
 * a float's bits, as the vector casts between lane types do. */
#define CUX_SPLAT_FN(V, S)                                                \
    CUX_INL cux_##V cux_splat_##V(S x)                                    \
    {                                                                     \
        cux_##V r;                                                        \
        CUX_LANES r[l] = x;                                               \
        return r;                                                         \
    }
CUX_SPLAT_FN(vu16, uint16_t)
CUX_SPLAT_FN(vs16, int16_t)
CUX_SPLAT_FN(vu32, uint32_t)
CUX_SPLAT_FN(vs32, int32_t)
CUX_SPLAT_FN(vf32, float)
CUX_SPLAT_FN(vu64, uint64_t)
CUX_SPLAT_FN(vs64, int64_t)
CUX_SPLAT_FN(vf64, double)

/* selp: a where the predicate (0 or all ones in every lane) is set, else
 * b, as bitwise operations on whole vectors.  Written as a lane loop of
 * `c ? a : b`, GCC vectorised it in some kernels and left it a loop of
 * branches in others (a warp's shuffle scan). */
#define CUX_SELECT_FN(V, U, M, widen)                                     \
    CUX_INL cux_##V cux_select_##V(cux_vs32 c, cux_##V a, cux_##V b)     \
    {                                                                     \
        cux_##U k = (cux_##U)widen(c, cux_##M);                           \
        return (cux_##V)(((cux_##U)a & k) | ((cux_##U)b & ~k));           \
    }
#define CUX_SAME_WIDTH(c, M) (c)
CUX_SELECT_FN(vu16, vu16, vs16, __builtin_convertvector)
CUX_SELECT_FN(vs16, vu16, vs16, __builtin_convertvector)
CUX_SELECT_FN(vu32, vu32, vs32, CUX_SAME_WIDTH)
CUX_SELECT_FN(vs32, vu32, vs32, CUX_SAME_WIDTH)
CUX_SELECT_FN(vf32, vu32, vs32, CUX_SAME_WIDTH)
CUX_SELECT_FN(vu64, vu64, vs64, __builtin_convertvector)
CUX_SELECT_FN(vs64, vu64, vs64, __builtin_convertvector)
CUX_SELECT_FN(vf64, vu64, vs64, __builtin_convertvector)
CUX_INL uint32_t cux_f32_bits(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }
CUX_INL float cux_bits_f32(uint32_t b) { float x; memcpy(&x, &b, 4); return x; }
CUX_INL uint64_t cux_f64_bits(double x) { uint64_t b; memcpy(&b, &x, 8); return b; }
CUX_INL double cux_bits_f64(uint64_t b) { double x; memcpy(&x, &b, 8); return x; }

/* Float to integer with PTX's rules: out of range saturates, and a NaN
 * gives `nan`, which the caller picks as the PTX ISA says (0 from an
 * f32 or narrower source to 32 bits or fewer, else 1 << (bits - 1):
 * MININT signed, (MAXINT >> 1) + 1 unsigned; cuda_bf16.h documents the
 * 0x8000000000000000 of __bfloat162ll_rz(NaN), which is f2ll on the
 * GPU).  `mode` 0 truncates, 1 rounds to nearest even, 2 floors,
 * 3 ceils. */
CUX_INL double cux_round_mode(double x, int mode)
{
    switch (mode) {
    case 1: return nearbyint(x);
    case 2: return floor(x);
    case 3: return ceil(x);
    default: return trunc(x);
    }
}

#define CUX_F2I_FN(name, T, lo, hi)                                       \
    CUX_INL T name(double x, int mode, T nan)                             \
    {                                                                     \
        if (x != x)                                                       \
            return nan;                                                   \
        x = cux_round_mode(x, mode);                                      \
        if (x <= (double)(lo))                                            \
            return (lo);                                                  \
        if (x >= (double)(hi))                                            \
            return (hi);                                                  \
        return (T)x;                                                      \
    }
CUX_F2I_FN(cux_f2s8, int16_t, -128, 127)
CUX_F2I_FN(cux_f2u8, uint16_t, 0, 255)
CUX_F2I_FN(cux_f2s16, int16_t, INT16_MIN, INT16_MAX)
CUX_F2I_FN(cux_f2u16, uint16_t, 0, UINT16_MAX)
CUX_F2I_FN(cux_f2s32, int32_t, INT32_MIN, INT32_MAX)
CUX_F2I_FN(cux_f2u32, uint32_t, 0, UINT32_MAX)
CUX_F2I_FN(cux_f2s64, int64_t, INT64_MIN, INT64_MAX)
CUX_F2I_FN(cux_f2u64, uint64_t, 0, UINT64_MAX)

CUX_INL float cux_round_f32(float x, int mode)
{
    switch (mode) {
    case 1: return nearbyintf(x);
    case 2: return floorf(x);
    case 3: return ceilf(x);
    default: return truncf(x);
    }
}

/* IEEE binary16 <-> binary32: the libdevice conversions (20_libdevice.h,
 * tested over all 65536 halves) under the names the code generator uses,
 * except that a NaN rounded to half (or bf16) is the canonical 0x7fff, as
 * NVIDIA GPUs write it: an x86 NaN is negative (0/0 is 0xffc00000), and
 * nvcc's half division relies on the canonical result. */
CUX_INL float cux_half_to_float(uint16_t h)
{
    return __nv_half2float(h);
}

CUX_INL uint16_t cux_float_to_half(float f)
{
    return f != f ? 0x7fff : __nv_float2half_rn(f);
}

/* bfe: d[i] = a[pos + i] for i < len while pos + i is inside the
 * operand, the sign bit (signed) or 0 (unsigned) everywhere above. */
CUX_INL uint64_t cux_bfe(uint64_t a, uint32_t pos, uint32_t len, int sgn,
                         uint32_t bits)
{
    pos &= 0xff;
    len &= 0xff;
    if (len == 0)
        return 0;
    uint64_t width_mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    uint32_t msb = pos + len - 1 < bits - 1 ? pos + len - 1 : bits - 1;
    uint64_t sbit = 0;
    if (sgn)
        sbit = pos >= bits ? (a >> (bits - 1)) & 1 : (a >> msb) & 1;
    uint32_t data = pos >= bits ? 0 : (len < bits - pos ? len : bits - pos);
    uint64_t field = data == 0 ? 0 : (a >> pos) &
                     (data >= 64 ? ~0ull : (1ull << data) - 1);
    uint64_t fill = sbit ? (width_mask & ~(data >= 64 ? ~0ull : (1ull << data) - 1)) : 0;
    return (field | fill) & width_mask;
}

CUX_INL uint64_t cux_bfi64(uint64_t a, uint64_t b, uint32_t pos,
                           uint32_t len, int bits)
{
    pos &= 0xff;
    len &= 0xff;
    if (len == 0 || pos >= (uint32_t)bits)
        return b;
    uint64_t field = len >= 64 ? ~0ull : (1ull << len) - 1;
    uint64_t mask = field << pos;
    if (bits == 32)
        mask &= 0xffffffffull;
    return (b & ~mask) | ((a << pos) & mask);
}

CUX_INL uint32_t cux_prmt(uint32_t a, uint32_t b, uint32_t c)
{
    uint64_t both = ((uint64_t)b << 32) | a;
    uint32_t r = 0;
    for (int i = 0; i < 4; i++) {
        uint32_t sel = (c >> (4 * i)) & 0xf;
        uint32_t byte = (both >> (8 * (sel & 7))) & 0xff;
        if (sel & 8) /* replicate the sign bit */
            byte = (byte & 0x80) ? 0xff : 0;
        r |= byte << (8 * i);
    }
    return r;
}

/* The SIMD video instructions (vadd4, vabsdiff2, vset4, ...) as the PTX
 * ISA defines them: each byte (bits 8) or half-word (bits 16) of a and b
 * is widened by its operand's signedness, the operation runs on the wide
 * values, .sat clamps to the destination's signed or unsigned field
 * range, and the results are either packed into their fields (merge) or,
 * with .add, summed unclamped onto c.  Only the default selectors and
 * mask exist here: a's fields against b's, every field written.  `op`
 * and `how` are constants, so once inlined the lane loop is plain shifts,
 * adds and selects, which the C compiler vectorises. */
enum {
    CUX_VOP_ADD, CUX_VOP_SUB, CUX_VOP_AVRG, CUX_VOP_ABSDIFF, CUX_VOP_MIN,
    CUX_VOP_MAX, CUX_VOP_EQ, CUX_VOP_NE, CUX_VOP_LT, CUX_VOP_LE, CUX_VOP_GT,
    CUX_VOP_GE,
};
enum {
    CUX_VOP_A_SIGNED = 1, CUX_VOP_B_SIGNED = 2, CUX_VOP_D_SIGNED = 4,
    CUX_VOP_SAT = 8, CUX_VOP_ACCUMULATE = 16,
};

CUX_INL int32_t cux_video_field(uint32_t v, int shift, int bits, int sgn)
{
    if (sgn)
        return (int32_t)(v << (32 - bits - shift)) >> (32 - bits);
    return (int32_t)((v >> shift) & (0xffffffffu >> (32 - bits)));
}

CUX_INL int32_t cux_video_op(int32_t x, int32_t y, int op)
{
    switch (op) {
    case CUX_VOP_ADD: return x + y;
    case CUX_VOP_SUB: return x - y;
    case CUX_VOP_AVRG: return (x + y + (x + y >= 0)) >> 1; /* half away from 0 */
    /* max - min, not a choice of two differences: GCC 12 keeps that
     * choice a branch when the result is summed (.add), and the lane loop
     * around it then does not vectorise */
    case CUX_VOP_ABSDIFF: return (x > y ? x : y) - (x < y ? x : y);
    case CUX_VOP_MIN: return x < y ? x : y;
    case CUX_VOP_MAX: return x > y ? x : y;
    case CUX_VOP_EQ: return x == y;
    case CUX_VOP_NE: return x != y;
    case CUX_VOP_LT: return x < y;
    case CUX_VOP_LE: return x <= y;
    case CUX_VOP_GT: return x > y;
    default: return x >= y;
    }
}

CUX_INL uint32_t cux_simd_video(uint32_t a, uint32_t b, uint32_t c, int op,
                                int bits, int how)
{
    uint32_t field = 0xffffffffu >> (32 - bits), merged = 0, sum = c;
    int32_t hi = how & CUX_VOP_D_SIGNED ? (int32_t)(field >> 1)
                                        : (int32_t)field;
    int32_t lo = how & CUX_VOP_D_SIGNED ? -hi - 1 : 0;
    for (int shift = 0; shift < 32; shift += bits) {
        int32_t t = cux_video_op(
            cux_video_field(a, shift, bits, how & CUX_VOP_A_SIGNED),
            cux_video_field(b, shift, bits, how & CUX_VOP_B_SIGNED), op);
        if (how & CUX_VOP_SAT)
            t = t < lo ? lo : t > hi ? hi : t;
        sum += (uint32_t)t;
        merged |= ((uint32_t)t & field) << shift;
    }
    return how & CUX_VOP_ACCUMULATE ? sum : merged;
}

CUX_INL uint32_t cux_shf(uint32_t lo, uint32_t hi, uint32_t n, int right,
                         int clamp)
{
    n = clamp ? (n > 32 ? 32 : n) : (n & 31);
    uint64_t both = ((uint64_t)hi << 32) | lo;
    if (right)
        return (uint32_t)(both >> n);
    return (uint32_t)((both << n) >> 32);
}

CUX_INL uint32_t cux_bfind32(uint32_t a, int sgn, int shiftamt)
{
    if (sgn && (int32_t)a < 0)
        a = ~a;
    if (!a)
        return 0xffffffffu;
    uint32_t msb = 31u - (uint32_t)__builtin_clz(a);
    return shiftamt ? 31 - msb : msb;
}

CUX_INL uint32_t cux_bfind64(uint64_t a, int sgn, int shiftamt)
{
    if (sgn && (int64_t)a < 0)
        a = ~a;
    if (!a)
        return 0xffffffffu;
    uint32_t msb = 63u - (uint32_t)__builtin_clzll(a);
    return shiftamt ? 63 - msb : msb;
}

CUX_INL uint32_t cux_brev32(uint32_t a)
{
    uint32_t r = 0;
    for (int i = 0; i < 32; i++)
        r |= ((a >> i) & 1) << (31 - i);
    return r;
}

CUX_INL uint64_t cux_brev64(uint64_t a)
{
    return ((uint64_t)cux_brev32((uint32_t)a) << 32) |
           cux_brev32((uint32_t)(a >> 32));
}

CUX_INL float cux_ftz32(float x)
{
    return fabsf(x) < 0x1p-126f ? copysignf(0.0f, x) : x;
}

CUX_INL float cux_sat32(float x)
{
    return __nv_saturatef(x); /* NaN -> 0, as cvt.sat */
}

/* .relu of the half-precision instructions on the rounded result h:
 * a negative one becomes +0; -0 and NaN stay (inf: the type's
 * infinity without sign, above which are NaNs). */
CUX_INL uint16_t cux_relu16(uint16_t h, uint16_t inf)
{
    uint16_t mag = h & 0x7fff;
    return (h & 0x8000) && mag && mag <= inf ? 0 : h;
}

/* fma of halves (or bf16s) rounded once, as the instruction does: the
 * product is exact in double, the sum is s plus its exact error e (a
 * tiny c may vanish from s, but not from e), and that is rounded to
 * float by round-to-odd, which the later round-to-nearest to 11 (or 8)
 * bits cannot double-round as fmaf's nearest float could. */
CUX_INL float cux_fma_odd(float a, float b, float c)
{
    double p = (double)a * (double)b, s = p + (double)c;
    double v = s - p, e = (p - (s - v)) + ((double)c - v);
    float f = (float)s;
    if (f != f || isinf(f) || ((double)f == s && e == 0.0))
        return f;
    uint32_t bits;
    memcpy(&bits, &f, 4);
    double over = (double)f == s ? (f < 0 ? e : -e)
                                 : fabs((double)f) - fabs(s);
    if (over > 0.0 && (bits & 0x7fffffff))
        bits -= 1; /* toward zero: magnitudes order as their bits */
    bits |= 1;
    memcpy(&f, &bits, 4);
    return f;
}

CUX_INL double cux_sat64(double x)
{
    return x > 0.0 ? (x < 1.0 ? x : 1.0) : 0.0;
}

/* Integer division: PTX leaves division by zero unspecified; a GPU
 * returns all ones, and a CPU must not trap. */
#define CUX_UDIV_FN(name, T, op, is_div)                                        \
    CUX_INL T name(T a, T b)                                              \
    {                                                                     \
        return b == 0 ? (T)(is_div ? ~(T)0 : a) : (T)(a op b);              \
    }
#define CUX_SDIV_FN(name, T, U, op, is_div)                                   \
    CUX_INL T name(T a, T b)                                              \
    {                                                                     \
        if (b == 0)                                                       \
            return (T)(is_div ? -1 : a);                                   \
        if (b == -1) /* INT_MIN / -1 overflows in C */                    \
            return (T)(is_div ? (T)(0 - (U)a) : 0);                        \
        return (T)(a op b);                                               \
    }
CUX_UDIV_FN(cux_div_u16, uint16_t, /, 1)
CUX_SDIV_FN(cux_div_s16, int16_t, uint16_t, /, 1)
CUX_UDIV_FN(cux_div_u32, uint32_t, /, 1)
CUX_SDIV_FN(cux_div_s32, int32_t, uint32_t, /, 1)
CUX_UDIV_FN(cux_div_u64, uint64_t, /, 1)
CUX_SDIV_FN(cux_div_s64, int64_t, uint64_t, /, 1)
CUX_UDIV_FN(cux_rem_u16, uint16_t, %, 0)
CUX_SDIV_FN(cux_rem_s16, int16_t, uint16_t, %, 0)
CUX_UDIV_FN(cux_rem_u32, uint32_t, %, 0)
CUX_SDIV_FN(cux_rem_s32, int32_t, uint32_t, %, 0)
CUX_UDIV_FN(cux_rem_u64, uint64_t, %, 0)
CUX_SDIV_FN(cux_rem_s64, int64_t, uint64_t, %, 0)

/* div and rem of a warp's 32-bit lanes by one divisor all lanes share
 * (`idx / width`, `x % w`; emit_alu.c).  Lane by lane each is a hardware
 * divide, which no x86 vector unit has: a Game of Life with wrapped
 * neighbours ran 6.7x OpenMP.  Here the divisor's reciprocal is taken
 * once and each lane multiplies by it in double: for a < 2^32 and d >= 2
 * the product is within 2^-21 of a / d, so its integer part is the
 * quotient or one off, which one step on the remainder corrects.  GCC
 * vectorises the loop.  d == 0 gives what the helpers above give. */
CUX_INL cux_vu32 cux_udivrem32_by(cux_vu32 a, uint32_t d, int want_rem)
{
    if (d < 2)
        return d ? (want_rem ? (cux_vu32){0} : a)
                 : (want_rem ? a : CUX_SPLAT32(~0u));
    const double inv = 1.0 / (double)d;
    cux_vu32 out;
    CUX_LANES {
        uint32_t q = (uint32_t)(int32_t)((double)a[l] * inv); /* < 2^31 */
        int64_t r = (int64_t)a[l] - (int64_t)((uint64_t)q * d);
        q += (uint32_t)(r >= (int64_t)d) - (uint32_t)(r < 0);
        r += r < 0 ? (int64_t)d : r >= (int64_t)d ? -(int64_t)d : 0;
        out[l] = want_rem ? (uint32_t)r : q;
    }
    return out;
}

/* The same for signed lanes: on magnitudes, C's signs put back (the
 * quotient toward zero, the remainder with the dividend's sign). */
CUX_INL cux_vs32 cux_sdivrem32_by(cux_vs32 a, int32_t d, int want_rem)
{
    if (d == 0)
        return want_rem ? a : (cux_vs32)CUX_SPLAT32(~0u);
    if (d == -1) /* INT_MIN / -1 wraps, as cux_div_s32 */
        return want_rem ? (cux_vs32){0} : (cux_vs32)((cux_vu32){0} - (cux_vu32)a);
    uint32_t ud = d < 0 ? 0u - (uint32_t)d : (uint32_t)d;
    cux_vu32 ua, uq, out;
    CUX_LANES ua[l] = a[l] < 0 ? 0u - (uint32_t)a[l] : (uint32_t)a[l];
    uq = cux_udivrem32_by(ua, ud, want_rem);
    CUX_LANES {
        int negative = want_rem ? a[l] < 0 : (a[l] < 0) != (d < 0);
        out[l] = negative ? 0u - uq[l] : uq[l];
    }
    return (cux_vs32)out;
}

/* min.f32/max.f32 as libdevice's (selects, -0 below +0); .NaN gives a
 * NaN where either operand is one. */
CUX_INL float cux_minf(float a, float b, int nan)
{
    float r = __nv_fminf(a, b);
    return nan && (a != a || b != b) ? NAN : r;
}

CUX_INL float cux_maxf(float a, float b, int nan)
{
    float r = __nv_fmaxf(a, b);
    return nan && (a != a || b != b) ? NAN : r;
}

CUX_INL uint64_t cux_clock(void)
{
#if defined(__x86_64__) || defined(__i386__)
    return (uint64_t)__builtin_ia32_rdtsc();
#else
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
#endif
}

CUX_INL int32_t cux_sat_s32(int64_t x)
{
    return x > INT32_MAX ? INT32_MAX : x < INT32_MIN ? INT32_MIN : (int32_t)x;
}

/* The helpers below exist so that the shared lane expressions
 * (codegen/common/lane_ops.c) need no C-only construct: an OpenCL
 * prelude writes them with mul_hi, isnormal and comparisons, this one
 * with GCC's 128-bit integers and fpclassify. */

/* mul.hi.u64/s64: the high half of the 128-bit product. */
CUX_INL uint64_t cux_mulhi_u64(uint64_t a, uint64_t b)
{
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
}

CUX_INL int64_t cux_mulhi_s64(int64_t a, int64_t b)
{
    return (int64_t)(((__int128)a * b) >> 64);
}

/* add.cc, addc: the carry out (0 or 1) of a + b + cin, cin 0 or 1. */
CUX_INL uint32_t cux_add_carry32(uint32_t a, uint32_t b, uint32_t cin)
{
    return (uint32_t)(((uint64_t)a + b + cin) >> 32) & 1;
}

CUX_INL uint32_t cux_add_carry64(uint64_t a, uint64_t b, uint32_t cin)
{
    return (uint32_t)(((unsigned __int128)a + b + cin) >> 64) & 1;
}

/* sub.cc, subc: the borrow out (0 or 1) of a - b - bin, bin 0 or 1. */
CUX_INL uint32_t cux_sub_borrow32(uint32_t a, uint32_t b, uint32_t bin)
{
    return (uint32_t)(((uint64_t)a - b - bin) >> 32) & 1;
}

CUX_INL uint32_t cux_sub_borrow64(uint64_t a, uint64_t b, uint32_t bin)
{
    return (uint32_t)(((unsigned __int128)a - b - bin) >> 64) & 1;
}

/* testp.subnormal */
CUX_INL int cux_is_subnormal32(float x)
{
    return fpclassify(x) == FP_SUBNORMAL;
}

CUX_INL int cux_is_subnormal64(double x)
{
    return fpclassify(x) == FP_SUBNORMAL;
}

CUX_INL float cux_bf16_to_float(uint16_t h)
{
    uint32_t bits = (uint32_t)h << 16;
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

CUX_INL uint16_t cux_float_to_bf16(float f)
{
    uint32_t bits;
    memcpy(&bits, &f, 4);
    if (f != f)
        return 0x7fff; /* canonical, as cux_float_to_half */
    bits += 0x7fff + ((bits >> 16) & 1); /* round to nearest even */
    return (uint16_t)(bits >> 16);
}

/* cvt to f16 (bf = 0) or bf16 (bf = 1) in rounding `mode` (0 nearest
 * even, 1 toward zero, 2 down, 3 up): the nearest, then one step back
 * where that went past f on the wrong side.  Both formats are
 * sign-magnitude, so a step is one on the bits (past the largest finite
 * value, the nearest is infinity and the step back gives that value). */
CUX_INL uint16_t cux_float_to_16(float f, int mode, int bf)
{
    uint16_t h = bf ? cux_float_to_bf16(f) : cux_float_to_half(f);
    if (mode == 0 || f != f)
        return h;
    float back = bf ? cux_bf16_to_float(h) : cux_half_to_float(h);
    if (back == f)
        return h;
    int away = fabsf(back) > fabsf(f);
    int wrong = mode == 1 ? away : mode == 2 ? back > f : back < f;
    if (!wrong)
        return h;
    return (uint16_t)(away ? h - 1 : h + 1);
}

/* d rounded to float by round-to-odd (toward zero, the last bit set when
 * that was inexact).  Rounding the result again to a format at least two
 * bits narrower (f16, bf16) gives what rounding d directly gives, in
 * every mode, where rounding d to nearest first could round twice. */
CUX_INL float cux_f64_to_f32_odd(double d)
{
    float t = (float)d;
    if (d != d || (double)t == d)
        return t;
    if (fabs((double)t) > fabs(d))
        t = nextafterf(t, 0.0f);
    uint32_t bits;
    memcpy(&bits, &t, 4);
    bits |= 1;
    memcpy(&t, &bits, 4);
    return t;
}

/* A 64-bit integer's magnitude to double by round-to-odd, as above, for
 * cvt from an integer to f16 or bf16 (through cux_f64_to_f32_odd). */
CUX_INL double cux_u64_to_f64_odd(uint64_t m)
{
    if (!(m >> 53))
        return (double)m;
    int drop = 11 - __builtin_clzll(m); /* bits below the top 53 */
    uint64_t kept = m >> drop | ((m & ((1ull << drop) - 1)) != 0);
    return ldexp((double)kept, drop);
}

CUX_INL double cux_s64_to_f64_odd(int64_t x)
{
    return x < 0 ? -cux_u64_to_f64_odd(-(uint64_t)x) : cux_u64_to_f64_odd(x);
}

/* cvt to .tf32: f's bits with the low 13 (of 23) mantissa bits cleared
 * after rounding, `mode` 0 to nearest even, 1 toward zero, 4 to nearest
 * with ties away from zero (.rna, __float_to_tf32).  A carry into the
 * exponent is the next binade's value, or infinity past the largest; a
 * NaN is the canonical 0x7fffffff, infinity stays. */
CUX_INL uint32_t cux_float_to_tf32(float f, int mode)
{
    uint32_t bits;
    memcpy(&bits, &f, 4);
    if (f != f)
        return 0x7fffffffu;
    if ((bits & 0x7f800000u) == 0x7f800000u)
        return bits;
    uint32_t rest = bits & 0x1fffu;
    bits &= ~0x1fffu;
    if (mode == 4 ? rest >= 0x1000u
        : mode == 0 ? rest > 0x1000u || (rest == 0x1000u && (bits & 0x2000u))
        : 0)
        bits += 0x2000u;
    return bits;
}

/* Directed rounding for the rare .rz/.rm/.rp float operations. */
CUX_INL int cux_fe_mode(int mode)
{
    return mode == 1 ? FE_TOWARDZERO : mode == 2 ? FE_DOWNWARD : FE_UPWARD;
}
#define CUX_ROUNDED_F32(mode, expr)                                       \
    ({ int old_ = fegetround(); fesetround(cux_fe_mode(mode));            \
       volatile float r_ = (expr); fesetround(old_); (float)r_; })
#define CUX_ROUNDED_F64(mode, expr)                                       \
    ({ int old_ = fegetround(); fesetround(cux_fe_mode(mode));            \
       volatile double r_ = (expr); fesetround(old_); (double)r_; })

/* cvt.sat between integer types: clamp to the destination's range. */
CUX_INL uint64_t cux_sat_int(uint64_t bits, int src_signed, unsigned dst_bits,
                             int dst_signed)
{
    int64_t lo = dst_signed ? -(int64_t)(1ull << (dst_bits - 1)) : 0;
    uint64_t hi = dst_signed ? (1ull << (dst_bits - 1)) - 1
                             : (dst_bits == 64 ? ~0ull : (1ull << dst_bits) - 1);
    if (src_signed && (int64_t)bits < 0)
        return (int64_t)bits < lo ? (uint64_t)lo : bits;
    return bits > hi ? hi : bits;
}

/* Atomic read-modify-write of any type by compare-and-swap on its bits;
 * `update` computes the new value from old_ and v_. */
#define CUX_ATOMIC_RMW(T, p, old, update)                                 \
    do {                                                                  \
        typedef __typeof__(*(p)) cux_obj_;                                \
        _Static_assert(sizeof(cux_obj_) == 2 || sizeof(cux_obj_) == 4 ||  \
                       sizeof(cux_obj_) == 8, "atomic size");             \
        __typeof__(__builtin_choose_expr(sizeof(T) == 8, (uint64_t)0,     \
                   __builtin_choose_expr(sizeof(T) == 2, (uint16_t)0,     \
                                         (uint32_t)0))) ob_, nb_;         \
        ob_ = __atomic_load_n((__typeof__(ob_) *)(p), __ATOMIC_RELAXED);  \
        do {                                                              \
            T new_;                                                       \
            memcpy(&old, &ob_, sizeof(T));                                \
            new_ = (T)(update);                                           \
            memcpy(&nb_, &new_, sizeof(T));                               \
        } while (!__atomic_compare_exchange_n((__typeof__(ob_) *)(p), &ob_, \
                 nb_, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));            \
    } while (0)

/* True when lane l's address is a[0] + l * size for every lane: the warp
 * touches one contiguous run, so one vector copy replaces 32 accesses. */
/* The low bits of the live lanes' addresses, all or'ed: zero when every
 * one is a multiple of the access size (mask is that size less one). */
CUX_INL uint64_t cux_misaligned_bits(cux_vu64 a, uint32_t em, uint64_t mask)
{
    uint64_t bits = 0;
    CUX_LANES bits |= em >> l & 1 ? a[l] : 0;
    return bits & mask;
}

/* The lines of the run of `bytes` from q, at most 4 KB: what a block's
 * warps, or the next block's, will read (codegen/c/emit_mem.c). */
CUX_INL void cux_fetch_run(const char *q, int64_t bytes)
{
    for (int64_t at = 0; at < bytes && at < 4096; at += 64)
        __builtin_prefetch(q + at);
}

/* emit_mem.c's fetch ahead on a grid-stride loop's back edge: the first
 * line of the warp's run at q; and from the block's first warp, the
 * lines of the whole block's run there (block_bytes, at most 4 KB),
 * which its other warps read after it, as the warps of a block run
 * their trips one warp after another: reduce 0.7x. */
CUX_INL void cux_fetch_ahead(const char *q, const cux_cpu_warp *w,
                             int64_t block_bytes)
{
    if (w->index == 0)
        cux_fetch_run(q, block_bytes);
    else
        __builtin_prefetch(q);
}

CUX_INL int cux_contiguous(cux_vu64 a, uint64_t size)
{
    /* A lane loop, not a vector ==: GCC scalarises compares of vectors
     * wider than the machine's but vectorises this reduction. */
    uint64_t off = 0;
    CUX_LANES off |= a[l] - (a[0] + (uint64_t)l * size);
    return off == 0;
}

/* Vector accesses (emit_affine.c): lanes that read or write vectors of 2
 * or 4 elements one after another (float2, float4, double2).  The warp's
 * span moves whole and its elements are sorted into the registers, or
 * back, by permutes of machine-wide pieces, which GCC makes one or two
 * instructions each; written as permutes of 32-lane vectors, wider than
 * the machine, or as lane loops, it spells them element by element (a
 * float4 load was 256 instructions, now 43 on AVX-512). */
#if defined(__AVX512F__)
#define CUX_PIECE_BYTES 64
#define CUX_PIECE_IOTA32 {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
#define CUX_PIECE_IOTA64 {0, 1, 2, 3, 4, 5, 6, 7}
#elif defined(__AVX__)
#define CUX_PIECE_BYTES 32
#define CUX_PIECE_IOTA32 {0, 1, 2, 3, 4, 5, 6, 7}
#define CUX_PIECE_IOTA64 {0, 1, 2, 3}
#else
#define CUX_PIECE_BYTES 16
#define CUX_PIECE_IOTA32 {0, 1, 2, 3}
#define CUX_PIECE_IOTA64 {0, 1}
#endif

/* CUX_PIN_LANES(name, vec, elem): vec's lanes as an array of
 * machine-wide pieces held in registers, read by CUX_PINNED(name, l) in
 * an unrolled lane loop (a shared atomic's, emit_mem.c).  Read from
 * vec's stack slot instead, just written by wide stores, each of the 32
 * reads waits on store forwarding: histogram spent most of its time
 * there, and 0.74x with one thread from pieces, whose lanes GCC takes
 * out with vpextrd and valignd.  The empty asm keeps the pieces in
 * registers: without it GCC folds the copy back into reads of the slot. */
#if defined(__x86_64__) || defined(__i386__)
#define CUX_PIN_PIECE(x) __asm__("" : "+v"(x))
#elif defined(__aarch64__)
#define CUX_PIN_PIECE(x) __asm__("" : "+w"(x))
#else
#define CUX_PIN_PIECE(x) ((void)0)
#endif
#define CUX_PIN_LANES(name, vec, elem)                                       \
    typedef elem name##piece_ __attribute__((vector_size(CUX_PIECE_BYTES))); \
    name##piece_ name[sizeof(vec) / CUX_PIECE_BYTES];                        \
    memcpy(name, &(vec), sizeof name);                                       \
    _Pragma("GCC unroll 16")                                                 \
    for (int name##k_ = 0; name##k_ < (int)(sizeof name / sizeof name[0]);   \
         name##k_++)                                                         \
        CUX_PIN_PIECE(name[name##k_])
#define CUX_PINNED(name, l)                                                  \
    name[(l) / (CUX_PIECE_BYTES / sizeof name[0][0])]                        \
        [(l) % (CUX_PIECE_BYTES / sizeof name[0][0])]

/* cux_unzipB(in, even, odd, n): the 2n B-bit elements at `in` into
 * their even ones and their odd ones, n each; cux_zipB the reverse.
 * n is a multiple of a piece's elements. */
#define CUX_DEFINE_ZIP(bits)                                                 \
typedef uint##bits##_t cux_piece##bits                                       \
    __attribute__((vector_size(CUX_PIECE_BYTES)));                           \
CUX_INL void cux_unzip##bits(const void *in, void *even, void *odd, int n)   \
{                                                                            \
    enum { P = CUX_PIECE_BYTES / (bits / 8) };                               \
    const cux_piece##bits iota = CUX_PIECE_IOTA##bits;                       \
    const cux_piece##bits e = iota * 2, o = iota * 2 + 1;                    \
    _Pragma("GCC unroll 16")                                                 \
    for (int j = 0; j < n / P; j++) {                                        \
        cux_piece##bits x, y;                                                \
        memcpy(&x, (const char *)in + 2 * j * CUX_PIECE_BYTES, sizeof x);    \
        memcpy(&y, (const char *)in + (2 * j + 1) * CUX_PIECE_BYTES,         \
               sizeof y);                                                    \
        cux_piece##bits a = __builtin_shuffle(x, y, e);                      \
        cux_piece##bits b = __builtin_shuffle(x, y, o);                      \
        memcpy((char *)even + j * CUX_PIECE_BYTES, &a, sizeof a);            \
        memcpy((char *)odd + j * CUX_PIECE_BYTES, &b, sizeof b);             \
    }                                                                        \
}                                                                            \
CUX_INL void cux_zip##bits(void *out, const void *even, const void *odd,     \
                           int n)                                            \
{                                                                            \
    enum { P = CUX_PIECE_BYTES / (bits / 8) };                               \
    const cux_piece##bits iota = CUX_PIECE_IOTA##bits;                       \
    const cux_piece##bits lo = (iota >> 1) + (iota & 1) * P, hi = lo + P / 2; \
    _Pragma("GCC unroll 16")                                                 \
    for (int j = 0; j < n / P; j++) {                                        \
        cux_piece##bits a, b;                                                \
        memcpy(&a, (const char *)even + j * CUX_PIECE_BYTES, sizeof a);      \
        memcpy(&b, (const char *)odd + j * CUX_PIECE_BYTES, sizeof b);       \
        cux_piece##bits x = __builtin_shuffle(a, b, lo);                     \
        cux_piece##bits y = __builtin_shuffle(a, b, hi);                     \
        memcpy((char *)out + 2 * j * CUX_PIECE_BYTES, &x, sizeof x);         \
        memcpy((char *)out + (2 * j + 1) * CUX_PIECE_BYTES, &y, sizeof y);   \
    }                                                                        \
}
CUX_DEFINE_ZIP(32)
CUX_DEFINE_ZIP(64)

/* A warp's 4-element vectors of 32-bit elements: element k of every lane
 * into v[k], 32 lanes each, and back. */
CUX_INL void cux_unzip4_32(const void *in, void *v0, void *v1, void *v2,
                           void *v3)
{
    uint32_t even[64], odd[64];
    cux_unzip32(in, even, odd, 64);
    cux_unzip32(even, v0, v2, 32);
    cux_unzip32(odd, v1, v3, 32);
}

CUX_INL void cux_zip4_32(void *out, const void *v0, const void *v1,
                         const void *v2, const void *v3)
{
    uint32_t even[64], odd[64];
    cux_zip32(even, v0, v2, 32);
    cux_zip32(odd, v1, v3, 32);
    cux_zip32(out, even, odd, 64);
}

