/* 10_ops.cl: the OpenCL device's prelude: the types and helpers that
 * codegen/common/lane_ops.h expects of a device library, in OpenCL C 1.2.
 * A helper the CPU prelude has and this one lacks makes the build of a
 * module that needs it fail, naming it, rather than compute it wrongly. */
#pragma OPENCL FP_CONTRACT OFF
#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
#ifdef cl_khr_int64_base_atomics
#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
#endif

typedef uchar uint8_t;
typedef char int8_t;
typedef ushort uint16_t;
typedef short int16_t;
typedef uint uint32_t;
typedef int int32_t;
typedef ulong uint64_t;
typedef long int64_t;

#define CUX_INL static inline
#define INT16_MIN (-32768)
#define INT16_MAX 32767
#define UINT16_MAX 65535
#define UINT32_MAX 0xffffffffu
#define UINT64_MAX 0xffffffffffffffffUL

/* C99's float names, which lane_ops writes, on OpenCL's overloads. */
#define fabsf fabs
#define fmaf fma
#define sqrtf sqrt
#define exp2f exp2
#define log2f log2
#define sinf sin
#define cosf cos
#define tanhf tanh
#define copysignf copysign
#define fminf fmin
#define fmaxf fmax
#define truncf trunc
#define floorf floor
#define ceilf ceil
#define nearbyintf rint
#define nearbyint rint
#define __builtin_popcount(x) popcount((uint)(x))
#define __builtin_popcountll(x) popcount((ulong)(x))
#define __builtin_clz(x) clz((uint)(x))
#define __builtin_clzll(x) clz((ulong)(x))

/* CUDA addresses: a generic address inside the shared or local window
 * carries a tag in its top 16 bits (no host or arena address has one);
 * window addresses themselves are offsets into the block's __local
 * buffer or the work-item's private frame area. */
#define CUX_TAG_SHARED 0xfffeUL
#define CUX_TAG_LOCAL 0xfffdUL
#define CUX_IS_SHARED(a) (((a) >> 48) == CUX_TAG_SHARED)
#define CUX_IS_LOCAL(a) (((a) >> 48) == CUX_TAG_LOCAL)
/* A function's address: OpenCL C has no function pointers, so a tag no
 * memory address has and the function's index in its module. */
#define CUX_FUNC_ADDRESS(index) ((0xfffbUL << 48) | (index))
/* A global access must lie in the arena and be aligned to its size;
 * one that does not is recorded (the first per launch: the kind, 1
 * illegal or 2 misaligned, 3 a trap instruction, 4 a surface's trap,
 * 7 a recursive call chain deeper than its stack,
 * and the address at CUX_FAULT_OFFSET, which the device defines with
 * CUX_ARENA_BYTES: the record of the launch's own lane, so that kernels
 * of other streams running meanwhile have records of their own) and
 * goes to a scratch word, and
 * the launch fails with CUDA's error instead of the process crashing. */
#ifdef CUX_FAULT_OFFSET
CUX_INL ulong cux_bad_address(__global uchar *A_, ulong a, uint kind)
{
    __global volatile uint *f = (__global volatile uint *)(A_ + CUX_FAULT_OFFSET);
    if (atomic_cmpxchg(f, 0u, kind) == 0u)
        *(__global volatile ulong *)(A_ + CUX_FAULT_OFFSET + 8) = a;
    return CUX_FAULT_OFFSET + 32;
}
/* Whether the launch has recorded a fault: code on a recursive call
 * chain stops there (ocl_recursion.c). */
CUX_INL int cux_faulted(__global uchar *A_)
{
    return *(__global volatile uint *)(A_ + CUX_FAULT_OFFSET) != 0u;
}
/* Host memory outside the arena that kernels may use in place, where
 * the device's memory is the host's (the device lists the windows at
 * CUX_WINDOWS_OFFSET: a count, then pairs of first and end addresses):
 * __managed__ variables.  Looked at only for addresses outside the
 * arena, so accesses inside it pay nothing for them. */
#ifdef CUX_WINDOWS_OFFSET
CUX_INL int cux_in_window(__global uchar *A_, ulong a, ulong n)
{
    __global const ulong *w = (__global const ulong *)(A_ + CUX_WINDOWS_OFFSET);
    uint count = (uint)w[0];
    for (uint i = 0; i < count; i++)
        if (a >= w[1 + 2 * i] && a <= w[2 + 2 * i] - n)
            return 1;
    return 0;
}
#else
#define cux_in_window(A_, a, n) 0
#endif
CUX_INL ulong cux_outside_arena(__global uchar *A_, ulong AB_, ulong a,
                                ulong n)
{
    if (!(a & (n - 1)) && cux_in_window(A_, a, n))
        return a - AB_;
    return cux_bad_address(A_, a, a - AB_ <= CUX_ARENA_BYTES - n ||
                                      cux_in_window(A_, a, n) ? 2u : 1u);
}
#define CUX_ARENA_OFFSET(a, n)                                            \
    ((a) - AB_ <= CUX_ARENA_BYTES - (n) && !((a) & ((n) - 1))             \
         ? (a) - AB_                                                      \
         : cux_outside_arena(A_, AB_, (a), (n)))
/* A misaligned shared access is recorded as a global one is, and goes
 * to the aligned word below it. */
CUX_INL uint cux_shared_offset(__global uchar *A_, ulong a, ulong n)
{
    if (a & (n - 1)) {
        cux_bad_address(A_, a, 2u);
        return (uint)(a & ~(n - 1));
    }
    return (uint)a;
}
#else
#define CUX_ARENA_OFFSET(a, n) ((a) - AB_)
#endif
#define CUX_GLOBAL(T, a) (*(__global T *)(A_ + CUX_ARENA_OFFSET((a), sizeof(T))))
#ifdef CUX_FAULT_OFFSET
#define CUX_SHARED(T, a) (*(__local T *)(S_ + cux_shared_offset(A_, (a), sizeof(T))))
#else
#define CUX_SHARED(T, a) (*(__local T *)(S_ + (uint)(a)))
#endif
#define CUX_LOCAL(T, a) (*(__private T *)(L_ + (uint)(a)))
#define CUX_GENERIC_LD(T, a)                                              \
    (CUX_IS_SHARED(a) ? CUX_SHARED(T, a)                                  \
     : CUX_IS_LOCAL(a) ? CUX_LOCAL(T, a) : CUX_GLOBAL(T, a))
#define CUX_GENERIC_ST(T, a, v)                                           \
    do {                                                                  \
        ulong a_ = (a);                                                   \
        if (CUX_IS_SHARED(a_))                                            \
            CUX_SHARED(T, a_) = (v);                                      \
        else if (CUX_IS_LOCAL(a_))                                        \
            CUX_LOCAL(T, a_) = (v);                                       \
        else                                                              \
            CUX_GLOBAL(T, a_) = (v);                                      \
    } while (0)

CUX_INL float cux_bits_f32(uint b) { return as_float(b); }
CUX_INL uint cux_f32_bits(float f) { return as_uint(f); }

/* ---- floating point ---------------------------------------------------- */

CUX_INL float cux_ftz32(float x)
{
    return fabs(x) < 0x1p-126f ? copysign(0.0f, x) : x;
}

CUX_INL float cux_sat32(float x)
{
    return x > 0.0f ? (x < 1.0f ? x : 1.0f) : 0.0f; /* NaN -> 0 */
}

CUX_INL float cux_minf(float a, float b, int nan)
{
    return nan && (isnan(a) || isnan(b)) ? NAN : fmin(a, b);
}

CUX_INL float cux_maxf(float a, float b, int nan)
{
    return nan && (isnan(a) || isnan(b)) ? NAN : fmax(a, b);
}

CUX_INL float cux_round_f32(float x, int mode)
{
    switch (mode) {
    case 1: return rint(x);
    case 2: return floor(x);
    case 3: return ceil(x);
    default: return trunc(x);
    }
}

CUX_INL int cux_is_subnormal32(float x)
{
    return x != 0.0f && fabs(x) < 0x1p-126f;
}

/* Halves as their bits: OpenCL 1.2 converts them through memory. */
CUX_INL float cux_half_to_float(ushort h)
{
    return vload_half(0, (__private const half *)&h);
}

CUX_INL ushort cux_float_to_half(float f)
{
    ushort h;
    vstore_half_rte(f, 0, (__private half *)&h);
    return isnan(f) ? (ushort)0x7fff : h;
}

#ifdef cl_khr_fp64
CUX_INL double cux_bits_f64(ulong b) { return as_double(b); }
CUX_INL ulong cux_f64_bits(double f) { return as_ulong(f); }

CUX_INL double cux_sat64(double x)
{
    return x > 0.0 ? (x < 1.0 ? x : 1.0) : 0.0;
}

CUX_INL double cux_round_mode(double x, int mode)
{
    switch (mode) {
    case 1: return rint(x);
    case 2: return floor(x);
    case 3: return ceil(x);
    default: return trunc(x);
    }
}

CUX_INL int cux_is_subnormal64(double x)
{
    return x != 0.0 && fabs(x) < 0x1p-1022;
}

/* cvt to an integer: NaN gives `nan`, out of range saturates. */
#define CUX_F2I_FN(name, T, lo, hi)                                       \
    CUX_INL T name(double x, int mode, T nan)                             \
    {                                                                     \
        if (isnan(x))                                                     \
            return nan;                                                   \
        x = cux_round_mode(x, mode);                                      \
        if (x <= (double)(lo))                                            \
            return (lo);                                                  \
        if (x >= (double)(hi))                                            \
            return (hi);                                                  \
        return (T)x;                                                      \
    }
CUX_F2I_FN(cux_f2s8, short, -128, 127)
CUX_F2I_FN(cux_f2u8, ushort, 0, 255)
CUX_F2I_FN(cux_f2s16, short, INT16_MIN, INT16_MAX)
CUX_F2I_FN(cux_f2u16, ushort, 0, UINT16_MAX)
CUX_F2I_FN(cux_f2s32, int, INT_MIN, INT_MAX)
CUX_F2I_FN(cux_f2u32, uint, 0, UINT32_MAX)
CUX_F2I_FN(cux_f2s64, long, LONG_MIN, LONG_MAX)
CUX_F2I_FN(cux_f2u64, ulong, 0, UINT64_MAX)
#endif

/* ---- integers ---------------------------------------------------------- */

CUX_INL int cux_sat_s32(long x)
{
    return x > INT_MAX ? INT_MAX : x < INT_MIN ? INT_MIN : (int)x;
}

CUX_INL ulong cux_sat_int(ulong bits, int src_signed, uint dst_bits,
                          int dst_signed)
{
    long lo = dst_signed ? -(long)(1UL << (dst_bits - 1)) : 0;
    ulong hi = dst_signed ? (1UL << (dst_bits - 1)) - 1
                          : (dst_bits == 64 ? ~0UL : (1UL << dst_bits) - 1);
    if (src_signed && (long)bits < 0)
        return (long)bits < lo ? (ulong)lo : bits;
    return bits > hi ? hi : bits;
}

/* PTX division by zero gives all ones (div) or the dividend (rem), and
 * INT_MIN / -1 wraps, where C leaves both undefined. */
#define CUX_UDIV_FN(name, T, op, is_div)                                  \
    CUX_INL T name(T a, T b)                                              \
    {                                                                     \
        return b == 0 ? (T)(is_div ? (T)~(T)0 : a) : (T)(a op b);         \
    }
#define CUX_SDIV_FN(name, T, U, op, is_div)                               \
    CUX_INL T name(T a, T b)                                              \
    {                                                                     \
        if (b == 0)                                                       \
            return (T)(is_div ? -1 : a);                                  \
        if (b == -1)                                                      \
            return (T)(is_div ? (T)(0 - (U)a) : 0);                       \
        return (T)(a op b);                                               \
    }
CUX_UDIV_FN(cux_div_u16, ushort, /, 1)
CUX_SDIV_FN(cux_div_s16, short, ushort, /, 1)
CUX_UDIV_FN(cux_div_u32, uint, /, 1)
CUX_SDIV_FN(cux_div_s32, int, uint, /, 1)
CUX_UDIV_FN(cux_div_u64, ulong, /, 1)
CUX_SDIV_FN(cux_div_s64, long, ulong, /, 1)
CUX_UDIV_FN(cux_rem_u16, ushort, %, 0)
CUX_SDIV_FN(cux_rem_s16, short, ushort, %, 0)
CUX_UDIV_FN(cux_rem_u32, uint, %, 0)
CUX_SDIV_FN(cux_rem_s32, int, uint, %, 0)
CUX_UDIV_FN(cux_rem_u64, ulong, %, 0)
CUX_SDIV_FN(cux_rem_s64, long, ulong, %, 0)

CUX_INL ulong cux_mulhi_u64(ulong a, ulong b) { return mul_hi(a, b); }
CUX_INL long cux_mulhi_s64(long a, long b) { return mul_hi(a, b); }

CUX_INL uint cux_add_carry32(uint a, uint b, uint cin)
{
    return (uint)((((ulong)a + b + cin) >> 32) & 1);
}

CUX_INL uint cux_add_carry64(ulong a, ulong b, uint cin)
{
    ulong s = a + b;
    return (s < a) | ((s + cin) < s);
}

CUX_INL uint cux_sub_borrow32(uint a, uint b, uint bin)
{
    return (uint)((((ulong)a - b - bin) >> 32) & 1);
}

CUX_INL uint cux_sub_borrow64(ulong a, ulong b, uint bin)
{
    return (a < b) | ((a - b) < (ulong)bin);
}

/* Shifts: PTX clamps amounts at the width, where C is undefined. */
#define CUX_SHIFT_FN(name, T, U, bits, op, fill)                          \
    CUX_INL T name(T a, uint n)                                           \
    {                                                                     \
        return n >= bits ? (T)(fill) : (T)((U)a op n);                    \
    }
CUX_SHIFT_FN(cux_shl16, ushort, ushort, 16, <<, 0)
CUX_SHIFT_FN(cux_shl32, uint, uint, 32, <<, 0)
CUX_SHIFT_FN(cux_shl64, ulong, ulong, 64, <<, 0)
CUX_SHIFT_FN(cux_shru16, ushort, ushort, 16, >>, 0)
CUX_SHIFT_FN(cux_shru32, uint, uint, 32, >>, 0)
CUX_SHIFT_FN(cux_shru64, ulong, ulong, 64, >>, 0)
CUX_SHIFT_FN(cux_shrs16, short, short, 16, >>, a < 0 ? -1 : 0)
CUX_SHIFT_FN(cux_shrs32, int, int, 32, >>, a < 0 ? -1 : 0)
CUX_SHIFT_FN(cux_shrs64, long, long, 64, >>, a < 0 ? -1 : 0)

CUX_INL ulong cux_bfe(ulong a, uint pos, uint len, int sgn, uint bits)
{
    pos &= 0xff;
    len &= 0xff;
    if (len == 0)
        return 0;
    ulong width_mask = bits == 64 ? ~0UL : (1UL << bits) - 1;
    uint msb = pos + len - 1 < bits - 1 ? pos + len - 1 : bits - 1;
    ulong sbit = 0;
    if (sgn)
        sbit = pos >= bits ? (a >> (bits - 1)) & 1 : (a >> msb) & 1;
    uint data = pos >= bits ? 0 : (len < bits - pos ? len : bits - pos);
    ulong keep = data >= 64 ? ~0UL : (1UL << data) - 1;
    ulong field = data == 0 ? 0 : (a >> pos) & keep;
    ulong fill = sbit ? (width_mask & ~keep) : 0;
    return (field | fill) & width_mask;
}

CUX_INL ulong cux_bfi64(ulong a, ulong b, uint pos, uint len, int bits)
{
    pos &= 0xff;
    len &= 0xff;
    if (len == 0 || pos >= (uint)bits)
        return b;
    ulong field = len >= 64 ? ~0UL : (1UL << len) - 1;
    ulong mask = field << pos;
    if (bits == 32)
        mask &= 0xffffffffUL;
    return (b & ~mask) | ((a << pos) & mask);
}

CUX_INL uint cux_prmt(uint a, uint b, uint c)
{
    ulong both = ((ulong)b << 32) | a;
    uint r = 0;
    for (int i = 0; i < 4; i++) {
        uint sel = (c >> (4 * i)) & 0xf;
        uint byte = (uint)(both >> (8 * (sel & 7))) & 0xff;
        if (sel & 8) /* replicate the sign bit */
            byte = (byte & 0x80) ? 0xff : 0;
        r |= byte << (8 * i);
    }
    return r;
}

CUX_INL uint cux_shf(uint lo, uint hi, uint n, int right, int clamp)
{
    n = clamp ? (n > 32 ? 32 : n) : (n & 31);
    ulong both = ((ulong)hi << 32) | lo;
    if (right)
        return (uint)(both >> n);
    return (uint)((both << n) >> 32);
}

CUX_INL uint cux_bfind32(uint a, int sgn, int shiftamt)
{
    if (sgn && (int)a < 0)
        a = ~a;
    if (!a)
        return 0xffffffffu;
    uint msb = 31u - clz(a);
    return shiftamt ? 31 - msb : msb;
}

CUX_INL uint cux_bfind64(ulong a, int sgn, int shiftamt)
{
    if (sgn && (long)a < 0)
        a = ~a;
    if (!a)
        return 0xffffffffu;
    uint msb = 63u - (uint)clz(a);
    return shiftamt ? 63 - msb : msb;
}

CUX_INL uint cux_brev32(uint a)
{
    uint r = 0;
    for (int i = 0; i < 32; i++)
        r |= ((a >> i) & 1) << (31 - i);
    return r;
}

CUX_INL ulong cux_brev64(ulong a)
{
    return ((ulong)cux_brev32((uint)a) << 32) | cux_brev32((uint)(a >> 32));
}

/* SIMD video (vadd4, vset2, ...): each 8- or 16-bit field of a and b,
 * combined by `op`, saturated, merged or summed into c, as lane_ops
 * names them. */
enum {
    CUX_VOP_ADD, CUX_VOP_SUB, CUX_VOP_AVRG, CUX_VOP_ABSDIFF, CUX_VOP_MIN,
    CUX_VOP_MAX, CUX_VOP_EQ, CUX_VOP_NE, CUX_VOP_LT, CUX_VOP_LE, CUX_VOP_GT,
    CUX_VOP_GE,
};
enum {
    CUX_VOP_A_SIGNED = 1, CUX_VOP_B_SIGNED = 2, CUX_VOP_D_SIGNED = 4,
    CUX_VOP_SAT = 8, CUX_VOP_ACCUMULATE = 16,
};

CUX_INL int cux_video_field(uint v, int shift, int bits, int sgn)
{
    if (sgn)
        return (int)(v << (32 - bits - shift)) >> (32 - bits);
    return (int)((v >> shift) & (0xffffffffu >> (32 - bits)));
}

CUX_INL int cux_video_op(int x, int y, int op)
{
    switch (op) {
    case CUX_VOP_ADD: return x + y;
    case CUX_VOP_SUB: return x - y;
    case CUX_VOP_AVRG: return (x + y + (x + y >= 0)) >> 1;
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

CUX_INL uint cux_simd_video(uint a, uint b, uint c, int op, int bits, int how)
{
    uint field = 0xffffffffu >> (32 - bits), merged = 0, sum = c;
    int hi = how & CUX_VOP_D_SIGNED ? (int)(field >> 1) : (int)field;
    int lo = how & CUX_VOP_D_SIGNED ? -hi - 1 : 0;
    for (int shift = 0; shift < 32; shift += bits) {
        int t = cux_video_op(
            cux_video_field(a, shift, bits, how & CUX_VOP_A_SIGNED),
            cux_video_field(b, shift, bits, how & CUX_VOP_B_SIGNED), op);
        if (how & CUX_VOP_SAT)
            t = t < lo ? lo : t > hi ? hi : t;
        sum += (uint)t;
        merged |= ((uint)t & field) << shift;
    }
    return how & CUX_VOP_ACCUMULATE ? sum : merged;
}
