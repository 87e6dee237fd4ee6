/* 20_libdevice.h: the libdevice function set (__nv_sinf, __nv_popc, ...)
 * that clang's CUDA headers call, for the CPU device's generated C. */
#ifndef CUX_CPU_LIBDEVICE_H
#define CUX_CPU_LIBDEVICE_H

/* Every function of clang 16's __clang_cuda_libdevice_declares.h is
 * defined here with CUDA's semantics, one lane at a time; the code
 * generator calls them per lane.  Single precision goes through the C
 * library's float functions, double through the double ones; where those
 * are missing or not accurate enough, the work is done in long double and
 * rounded once.  Directed roundings (_rd, _ru, _rz) switch the FPU mode
 * around the one operation: volatile copies pin the operands and result
 * between the two fesetround calls, since the compiler otherwise treats
 * the arithmetic as free to move.  Conversions to integers follow PTX
 * cvt: NaN gives 0 and out-of-range values saturate. */

#include <fenv.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define CUX_LD static inline __attribute__((unused))

#define CUX_LD_PI 3.141592653589793238462643383279502884L
#define CUX_LD_SQRT_PI 1.772453850905516027298167483341145183L
#define CUX_LD_2_SQRT_PI 1.128379167095512573896158903121545172L
#define CUX_LD_SQRT2 1.414213562373095048801688724209698079L
#define CUX_LD_LOG2_10 3.321928094887362347870319429489390175L

/* ---- Bit patterns ---------------------------------------------------- */

CUX_LD uint32_t cux_ld_fbits(float x)
{
    uint32_t u;
    memcpy(&u, &x, 4);
    return u;
}

CUX_LD float cux_ld_bitsf(uint32_t u)
{
    float x;
    memcpy(&x, &u, 4);
    return x;
}

CUX_LD uint64_t cux_ld_dbits(double x)
{
    uint64_t u;
    memcpy(&u, &x, 8);
    return u;
}

CUX_LD double cux_ld_bitsd(uint64_t u)
{
    double x;
    memcpy(&x, &u, 8);
    return x;
}

/* c[0] + c[1] x + ... + c[n-1] x^(n-1), by Horner's rule: a loop the C
 * compiler unrolls, so the lanes' loop around it still vectorises. */
CUX_LD double cux_ld_horner(const double *c, int n, double x)
{
    double p = c[n - 1];
    for (int k = n - 2; k >= 0; k--)
        p = p * x + c[k];
    return p;
}

CUX_LD int __nv_float_as_int(float a) { return (int)cux_ld_fbits(a); }
CUX_LD unsigned __nv_float_as_uint(float a) { return cux_ld_fbits(a); }
CUX_LD float __nv_int_as_float(int a) { return cux_ld_bitsf((uint32_t)a); }
CUX_LD float __nv_uint_as_float(unsigned a) { return cux_ld_bitsf(a); }
CUX_LD unsigned long long __nv_double_as_longlong(double a)
{
    return cux_ld_dbits(a);
}
CUX_LD double __nv_longlong_as_double(long long a)
{
    return cux_ld_bitsd((uint64_t)a);
}
CUX_LD int __nv_double2hiint(double a)
{
    return (int)(uint32_t)(cux_ld_dbits(a) >> 32);
}
CUX_LD int __nv_double2loint(double a)
{
    return (int)(uint32_t)cux_ld_dbits(a);
}
CUX_LD double __nv_hiloint2double(int hi, int lo)
{
    return cux_ld_bitsd((uint64_t)(uint32_t)hi << 32 | (uint32_t)lo);
}

/* ---- Integer intrinsics ---------------------------------------------- */

CUX_LD int __nv_abs(int a) { return a < 0 ? (int)(0u - (unsigned)a) : a; }
CUX_LD long long __nv_llabs(long long a)
{
    return a < 0 ? (long long)(0ull - (unsigned long long)a) : a;
}
CUX_LD int __nv_max(int a, int b) { return a > b ? a : b; }
CUX_LD int __nv_min(int a, int b) { return a < b ? a : b; }
CUX_LD unsigned __nv_umax(unsigned a, unsigned b) { return a > b ? a : b; }
CUX_LD unsigned __nv_umin(unsigned a, unsigned b) { return a < b ? a : b; }
CUX_LD long long __nv_llmax(long long a, long long b) { return a > b ? a : b; }
CUX_LD long long __nv_llmin(long long a, long long b) { return a < b ? a : b; }
CUX_LD unsigned long long __nv_ullmax(unsigned long long a,
                                      unsigned long long b)
{
    return a > b ? a : b;
}
CUX_LD unsigned long long __nv_ullmin(unsigned long long a,
                                      unsigned long long b)
{
    return a < b ? a : b;
}

CUX_LD int __nv_popc(int a) { return __builtin_popcount((unsigned)a); }
CUX_LD int __nv_popcll(long long a)
{
    return __builtin_popcountll((unsigned long long)a);
}
CUX_LD int __nv_clz(int a) { return a ? __builtin_clz((unsigned)a) : 32; }
CUX_LD int __nv_clzll(long long a)
{
    return a ? __builtin_clzll((unsigned long long)a) : 64;
}
CUX_LD int __nv_ffs(int a) { return a ? __builtin_ctz((unsigned)a) + 1 : 0; }
CUX_LD int __nv_ffsll(long long a)
{
    return a ? __builtin_ctzll((unsigned long long)a) + 1 : 0;
}

CUX_LD unsigned long long cux_ld_brev64(unsigned long long x)
{
    x = (x >> 1 & 0x5555555555555555ull) | (x & 0x5555555555555555ull) << 1;
    x = (x >> 2 & 0x3333333333333333ull) | (x & 0x3333333333333333ull) << 2;
    x = (x >> 4 & 0x0f0f0f0f0f0f0f0full) | (x & 0x0f0f0f0f0f0f0f0full) << 4;
    return __builtin_bswap64(x);
}
CUX_LD int __nv_brev(int a)
{
    return (int)(uint32_t)(cux_ld_brev64((uint32_t)a) >> 32);
}
CUX_LD long long __nv_brevll(long long a)
{
    return (long long)cux_ld_brev64((unsigned long long)a);
}

/* Byte n of the result is byte (s >> 4n) & 7 of the pair {b:a}; like
 * libdevice, only the low three bits of each selector nibble count. */
CUX_LD int __nv_byte_perm(int a, int b, int s)
{
    uint64_t pool = (uint64_t)(uint32_t)b << 32 | (uint32_t)a;
    uint32_t r = 0;
    for (int n = 0; n < 4; n++) {
        unsigned sel = ((unsigned)s >> (4 * n)) & 7;
        r |= (uint32_t)(pool >> (8 * sel) & 0xff) << (8 * n);
    }
    return (int)r;
}

CUX_LD int __nv_mulhi(int a, int b)
{
    return (int)(((int64_t)a * b) >> 32);
}
CUX_LD unsigned __nv_umulhi(unsigned a, unsigned b)
{
    return (unsigned)(((uint64_t)a * b) >> 32);
}
CUX_LD long long __nv_mul64hi(long long a, long long b)
{
    return (long long)(((__int128)a * b) >> 64);
}
CUX_LD unsigned long long __nv_umul64hi(unsigned long long a,
                                        unsigned long long b)
{
    return (unsigned long long)(((unsigned __int128)a * b) >> 64);
}
/* Only the low 24 bits of each operand take part, sign- or zero-extended. */
CUX_LD int __nv_mul24(int a, int b)
{
    int64_t x = (int32_t)((uint32_t)a << 8) >> 8;
    int64_t y = (int32_t)((uint32_t)b << 8) >> 8;
    return (int)(uint32_t)(uint64_t)(x * y);
}
CUX_LD unsigned __nv_umul24(unsigned a, unsigned b)
{
    return (unsigned)((uint64_t)(a & 0xffffff) * (b & 0xffffff));
}

/* Averages without overflow: the 64-bit sum always fits. */
CUX_LD int __nv_hadd(int a, int b) { return (int)(((int64_t)a + b) >> 1); }
CUX_LD int __nv_rhadd(int a, int b)
{
    return (int)(((int64_t)a + b + 1) >> 1);
}
CUX_LD int __nv_uhadd(unsigned a, unsigned b)
{
    return (int)(unsigned)(((uint64_t)a + b) >> 1);
}
CUX_LD unsigned __nv_urhadd(unsigned a, unsigned b)
{
    return (unsigned)(((uint64_t)a + b + 1) >> 1);
}
CUX_LD int __nv_sad(int a, int b, int c)
{
    unsigned d = a > b ? (unsigned)a - (unsigned)b : (unsigned)b - (unsigned)a;
    return (int)(d + (unsigned)c);
}
CUX_LD unsigned __nv_usad(unsigned a, unsigned b, unsigned c)
{
    return (a > b ? a - b : b - a) + c;
}

/* ---- Classification, sign, bit-level float operations --------------- */

CUX_LD int __nv_isnanf(float a) { return isnan(a) != 0; }
CUX_LD int __nv_isnand(double a) { return isnan(a) != 0; }
CUX_LD int __nv_isinff(float a) { return isinf(a) != 0; }
CUX_LD int __nv_isinfd(double a) { return isinf(a) != 0; }
CUX_LD int __nv_finitef(float a) { return isfinite(a) != 0; }
CUX_LD int __nv_isfinited(double a) { return isfinite(a) != 0; }
CUX_LD int __nv_signbitf(float a) { return (int)(cux_ld_fbits(a) >> 31); }
CUX_LD int __nv_signbitd(double a) { return (int)(cux_ld_dbits(a) >> 63); }
CUX_LD float __nv_fabsf(float a) { return fabsf(a); }
CUX_LD double __nv_fabs(double a) { return fabs(a); }
CUX_LD float __nv_copysignf(float a, float b) { return copysignf(a, b); }
CUX_LD double __nv_copysign(double a, double b) { return copysign(a, b); }

/* PTX min/max: a NaN operand is ignored; -0 orders below +0.  As
 * selects, so that a warp's lanes compute them as one vector: the
 * smaller (larger) of two ordered values; of two equal ones the bits
 * ORed (ANDed), which orders -0 below +0; the other operand where one is
 * a NaN. */
#define CUX_LD_MINMAX(name, T, bits, from_bits, test, combine)            \
    CUX_LD T name(T a, T b)                                               \
    {                                                                     \
        T r = test(a, b) ? a : b;                                         \
        r = a == b ? from_bits(bits(a) combine bits(b)) : r;              \
        return b != b ? a : r;                                            \
    }
CUX_LD_MINMAX(__nv_fminf, float, cux_ld_fbits, cux_ld_bitsf,
              __builtin_isless, |)
CUX_LD_MINMAX(__nv_fmaxf, float, cux_ld_fbits, cux_ld_bitsf,
              __builtin_isgreater, &)
CUX_LD_MINMAX(__nv_fmin, double, cux_ld_dbits, cux_ld_bitsd,
              __builtin_isless, |)
CUX_LD_MINMAX(__nv_fmax, double, cux_ld_dbits, cux_ld_bitsd,
              __builtin_isgreater, &)

/* Clamps to [0, 1]; NaN gives 0, as cvt.sat does. */
CUX_LD float __nv_saturatef(float a)
{
    if (!(a > 0))
        return 0.0f;
    return a > 1 ? 1.0f : a;
}

CUX_LD float __nv_nanf(const signed char *tag)
{
    return nanf((const char *)tag);
}
CUX_LD double __nv_nan(const signed char *tag)
{
    return nan((const char *)tag);
}

/* ---- Directed rounding ------------------------------------------------ */

#define CUX_LD_ROUNDED(T, mode, expr)                                     \
    do {                                                                  \
        int old_ = fegetround();                                          \
        fesetround(mode);                                                 \
        volatile T r_ = (expr);                                           \
        fesetround(old_);                                                 \
        return r_;                                                        \
    } while (0)

#define CUX_LD_BINOP(name, T, op, mode)                                   \
    CUX_LD T name(T a, T b)                                               \
    {                                                                     \
        volatile T va = a, vb = b;                                        \
        CUX_LD_ROUNDED(T, mode, va op vb);                                \
    }
#define CUX_LD_BINOP4(stem, T, op)                                        \
    CUX_LD_BINOP(stem##_rn, T, op, FE_TONEAREST)                          \
    CUX_LD_BINOP(stem##_rz, T, op, FE_TOWARDZERO)                         \
    CUX_LD_BINOP(stem##_rd, T, op, FE_DOWNWARD)                           \
    CUX_LD_BINOP(stem##_ru, T, op, FE_UPWARD)

CUX_LD_BINOP4(__nv_fadd, float, +)
CUX_LD_BINOP4(__nv_fsub, float, -)
CUX_LD_BINOP4(__nv_fmul, float, *)
CUX_LD_BINOP4(__nv_fdiv, float, /)
CUX_LD_BINOP4(__nv_dadd, double, +)
CUX_LD_BINOP4(__nv_dsub, double, -)
CUX_LD_BINOP4(__nv_dmul, double, *)
CUX_LD_BINOP4(__nv_ddiv, double, /)

#define CUX_LD_UNOP(name, R, A, mode, expr)                               \
    CUX_LD R name(A a)                                                    \
    {                                                                     \
        volatile A va = a;                                                \
        CUX_LD_ROUNDED(R, mode, expr);                                    \
    }
#define CUX_LD_UNOP4(stem, R, A, expr)                                    \
    CUX_LD_UNOP(stem##_rn, R, A, FE_TONEAREST, expr)                      \
    CUX_LD_UNOP(stem##_rz, R, A, FE_TOWARDZERO, expr)                     \
    CUX_LD_UNOP(stem##_rd, R, A, FE_DOWNWARD, expr)                       \
    CUX_LD_UNOP(stem##_ru, R, A, FE_UPWARD, expr)

CUX_LD_UNOP4(__nv_frcp, float, float, 1.0f / va)
CUX_LD_UNOP4(__nv_drcp, double, double, 1.0 / va)
CUX_LD_UNOP4(__nv_fsqrt, float, float, sqrtf(va))
CUX_LD_UNOP4(__nv_dsqrt, double, double, sqrt(va))
CUX_LD_UNOP4(__nv_double2float, float, double, (float)va)
CUX_LD_UNOP4(__nv_int2float, float, int, (float)va)
CUX_LD_UNOP4(__nv_uint2float, float, unsigned, (float)va)
CUX_LD_UNOP4(__nv_ll2float, float, long long, (float)va)
CUX_LD_UNOP4(__nv_ull2float, float, unsigned long long, (float)va)
CUX_LD_UNOP4(__nv_ll2double, double, long long, (double)va)
CUX_LD_UNOP4(__nv_ull2double, double, unsigned long long, (double)va)

CUX_LD double __nv_int2double_rn(int a) { return a; }
CUX_LD double __nv_uint2double_rn(unsigned a) { return a; }

#define CUX_LD_FMA(name, T, fn, mode)                                     \
    CUX_LD T name(T a, T b, T c)                                          \
    {                                                                     \
        volatile T va = a, vb = b, vc = c;                                \
        CUX_LD_ROUNDED(T, mode, fn(va, vb, vc));                          \
    }
#define CUX_LD_FMA4(stem, T, fn)                                          \
    CUX_LD_FMA(stem##_rn, T, fn, FE_TONEAREST)                            \
    CUX_LD_FMA(stem##_rz, T, fn, FE_TOWARDZERO)                           \
    CUX_LD_FMA(stem##_rd, T, fn, FE_DOWNWARD)                             \
    CUX_LD_FMA(stem##_ru, T, fn, FE_UPWARD)

CUX_LD_FMA4(__nv_fmaf, float, fmaf)
CUX_LD_FMA4(__nv_fmaf_ieee, float, fmaf)
CUX_LD_FMA4(__nv_fma, double, fma)
CUX_LD float __nv_fmaf(float a, float b, float c) { return fmaf(a, b, c); }
CUX_LD double __nv_fma(double a, double b, double c) { return fma(a, b, c); }

/* ---- Conversions to integers (PTX cvt.rni/rzi/rmi/rpi) --------------- */

/* The value is first rounded to an integer in floating point, which is
 * exact, then clamped; NaN gives 0.  (F)hi may round up to a power of two,
 * which is why the upper test is >=. */
#define CUX_LD_F2I(name, F, I, round, lo, hi)                             \
    CUX_LD I name(F a)                                                    \
    {                                                                     \
        F r = round(a);                                                   \
        if (r != r)                                                       \
            return 0;                                                     \
        if (r <= (F)(lo))                                                 \
            return (lo);                                                  \
        if (r >= (F)(hi))                                                 \
            return (hi);                                                  \
        return (I)r;                                                      \
    }
#define CUX_LD_F2I4(stem, F, I, sfx, lo, hi)                              \
    CUX_LD_F2I(stem##_rn, F, I, nearbyint##sfx, lo, hi)                   \
    CUX_LD_F2I(stem##_rz, F, I, trunc##sfx, lo, hi)                       \
    CUX_LD_F2I(stem##_rd, F, I, floor##sfx, lo, hi)                       \
    CUX_LD_F2I(stem##_ru, F, I, ceil##sfx, lo, hi)

CUX_LD_F2I4(__nv_float2int, float, int, f, INT_MIN, INT_MAX)
CUX_LD_F2I4(__nv_float2uint, float, unsigned, f, 0u, UINT_MAX)
CUX_LD_F2I4(__nv_float2ll, float, long long, f, LLONG_MIN, LLONG_MAX)
CUX_LD_F2I4(__nv_float2ull, float, unsigned long long, f, 0ull, ULLONG_MAX)
CUX_LD_F2I4(__nv_double2int, double, int, , INT_MIN, INT_MAX)
CUX_LD_F2I4(__nv_double2uint, double, unsigned, , 0u, UINT_MAX)
CUX_LD_F2I4(__nv_double2ll, double, long long, , LLONG_MIN, LLONG_MAX)
CUX_LD_F2I4(__nv_double2ull, double, unsigned long long, , 0ull,
            ULLONG_MAX)
CUX_LD_F2I(__nv_llrintf, float, long long, nearbyintf, LLONG_MIN, LLONG_MAX)
CUX_LD_F2I(__nv_llrint, double, long long, nearbyint, LLONG_MIN, LLONG_MAX)
CUX_LD_F2I(__nv_llroundf, float, long long, roundf, LLONG_MIN, LLONG_MAX)
CUX_LD_F2I(__nv_llround, double, long long, round, LLONG_MIN, LLONG_MAX)

/* ---- Half precision (IEEE binary16), round to nearest even ------------ */

/* Rounds the integer m / 2^s to nearest even. */
CUX_LD uint32_t cux_ld_rshift_rne(uint32_t m, int s)
{
    uint32_t q = m >> s, rem = m & ((1u << s) - 1), half = 1u << (s - 1);
    return q + (rem > half || (rem == half && (q & 1)));
}

CUX_LD unsigned short __nv_float2half_rn(float a)
{
    uint32_t x = cux_ld_fbits(a), sign = (x >> 16) & 0x8000;
    x &= 0x7fffffff;
    if (x > 0x7f800000)
        return (unsigned short)(sign | 0x7fff);
    if (x >= 0x477ff000) /* 65520 and above round to infinity */
        return (unsigned short)(sign | 0x7c00);
    if (x <= 0x33000000) /* at most half the smallest subnormal */
        return (unsigned short)sign;
    int e = (int)(x >> 23) - 127;
    uint32_t m = (x & 0x7fffff) | 0x800000;
    if (e < -14) /* subnormal half: units of 2^-24 */
        return (unsigned short)(sign | cux_ld_rshift_rne(m, -e - 1));
    /* A carry out of the mantissa correctly bumps the exponent. */
    return (unsigned short)(sign | (((uint32_t)(e + 15) << 10) +
                                    cux_ld_rshift_rne(m, 13) - 0x400));
}

CUX_LD float __nv_half2float(unsigned short h)
{
    uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    uint32_t e = (h >> 10) & 0x1f, m = h & 0x3ff;
    if (e == 0) {
        float v = ldexpf((float)m, -24);
        return sign ? -v : v;
    }
    if (e == 31)
        return cux_ld_bitsf(sign | 0x7f800000 | m << 13);
    return cux_ld_bitsf(sign | (e + 112) << 23 | m << 13);
}

/* ---- Rounding to integral values, remainders, decomposition ---------- */

CUX_LD float __nv_ceilf(float a) { return ceilf(a); }
CUX_LD double __nv_ceil(double a) { return ceil(a); }
CUX_LD float __nv_floorf(float a) { return floorf(a); }
CUX_LD double __nv_floor(double a) { return floor(a); }
CUX_LD float __nv_truncf(float a) { return truncf(a); }
CUX_LD double __nv_trunc(double a) { return trunc(a); }
CUX_LD float __nv_roundf(float a) { return roundf(a); }
CUX_LD double __nv_round(double a) { return round(a); }
CUX_LD float __nv_rintf(float a) { return nearbyintf(a); }
CUX_LD double __nv_rint(double a) { return nearbyint(a); }
CUX_LD float __nv_nearbyintf(float a) { return nearbyintf(a); }
CUX_LD double __nv_nearbyint(double a) { return nearbyint(a); }
CUX_LD float __nv_fmodf(float a, float b) { return fmodf(a, b); }
CUX_LD double __nv_fmod(double a, double b) { return fmod(a, b); }
CUX_LD float __nv_remainderf(float a, float b) { return remainderf(a, b); }
CUX_LD double __nv_remainder(double a, double b) { return remainder(a, b); }
CUX_LD float __nv_remquof(float a, float b, int *q) { return remquof(a, b, q); }
CUX_LD double __nv_remquo(double a, double b, int *q)
{
    return remquo(a, b, q);
}
CUX_LD float __nv_fdimf(float a, float b) { return fdimf(a, b); }
CUX_LD double __nv_fdim(double a, double b) { return fdim(a, b); }
CUX_LD float __nv_frexpf(float a, int *e) { return frexpf(a, e); }
CUX_LD double __nv_frexp(double a, int *e) { return frexp(a, e); }
CUX_LD float __nv_modff(float a, float *i) { return modff(a, i); }
CUX_LD double __nv_modf(double a, double *i) { return modf(a, i); }
CUX_LD float __nv_ldexpf(float a, int e) { return ldexpf(a, e); }
CUX_LD double __nv_ldexp(double a, int e) { return ldexp(a, e); }
CUX_LD float __nv_scalbnf(float a, int e) { return scalbnf(a, e); }
CUX_LD double __nv_scalbn(double a, int e) { return scalbn(a, e); }
CUX_LD float __nv_logbf(float a) { return logbf(a); }
CUX_LD double __nv_logb(double a) { return logb(a); }
CUX_LD float __nv_nextafterf(float a, float b) { return nextafterf(a, b); }
CUX_LD double __nv_nextafter(double a, double b) { return nextafter(a, b); }

/* CUDA fixes what C leaves to the implementation: 0 and NaN give
 * INT_MIN, infinities INT_MAX. */
CUX_LD int __nv_ilogb(double a)
{
    if (a == 0 || isnan(a))
        return INT_MIN;
    return isinf(a) ? INT_MAX : ilogb(a);
}
CUX_LD int __nv_ilogbf(float a) { return __nv_ilogb(a); }

/* ---- Elementary functions --------------------------------------------- */

/* Where glibc's documented error exceeds CUDA's bound (double cbrt, cosh,
 * tanh, log2, log10), the long double function is rounded instead. */

CUX_LD float __nv_sqrtf(float a) { return sqrtf(a); }
CUX_LD double __nv_sqrt(double a) { return sqrt(a); }
/* CUDA allows rsqrtf 2 ulp.  A correctly rounded float square root and
 * division stay below that (each errs by at most half an ulp of its own
 * result), and run on float vectors: twice the lanes of double ones and
 * no conversions (nbody's inner loop spent most of its time on them). */
CUX_LD float __nv_rsqrtf(float a) { return 1.0f / sqrtf(a); }
CUX_LD double __nv_rsqrt(double a) { return (double)(1.0L / sqrtl(a)); }
CUX_LD float __nv_frsqrt_rn(float a) { return (float)(1.0L / sqrtl(a)); }
CUX_LD float __nv_cbrtf(float a) { return cbrtf(a); }
CUX_LD double __nv_cbrt(double a) { return (double)cbrtl(a); }
CUX_LD float __nv_rcbrtf(float a) { return (float)(1.0 / cbrt(a)); }
CUX_LD double __nv_rcbrt(double a) { return (double)(1.0L / cbrtl(a)); }

/* rcp.approx.ftz.f64: subnormal inputs flush to zero; the exact
 * reciprocal is within any approximation's bounds. */
CUX_LD double __nv_rcp64h(double a)
{
    if (fpclassify(a) == FP_SUBNORMAL)
        a = copysign(0.0, a);
    return 1.0 / a;
}

/* e^a in float arithmetic the C compiler can vectorise across a warp
 * (glibc's expf is a call per lane): a = n ln2 + r with |r| <= ln2/2
 * (ln2 in two parts, so n ln2 is exact), e^r by its Taylor series to r^7
 * (truncation below 6e-9), times 2^n applied as two powers of two so that
 * results down to the smallest subnormal round once.  At most 0.94 ulp
 * over every float (CUDA allows 2).  Comparisons are quiet ones and the
 * ends are selects, so that the loop over lanes has no branch; a NaN
 * flows through the arithmetic. */
CUX_LD float __nv_expf(float a)
{
    float x = __builtin_isgreater(a, 89.0f) ? 89.0f : a; /* -> inf */
    x = __builtin_isless(x, -104.0f) ? -104.0f : x;      /* -> 0 */
    float n = rintf(x * 1.44269502f);
    float r = fmaf(n, -0.693145751953125f, x);
    r = fmaf(n, -1.42860682030941723212e-6f, r);
    float p = 1.98412698e-4f;
    p = fmaf(p, r, 1.38888889e-3f);
    p = fmaf(p, r, 8.33333333e-3f);
    p = fmaf(p, r, 4.16666667e-2f);
    p = fmaf(p, r, 1.66666667e-1f);
    p = fmaf(p, r, 0.5f);
    p = fmaf(p, r, 1.0f);
    p = fmaf(p, r, 1.0f);
    int32_t k = (int32_t)(n == n ? n : 0.0f), half = k >> 1;
    return p * cux_ld_bitsf((uint32_t)(half + 127) << 23) *
           cux_ld_bitsf((uint32_t)(k - half + 127) << 23);
}
CUX_LD double __nv_exp(double a) { return exp(a); }
CUX_LD float __nv_exp2f(float a) { return exp2f(a); }
CUX_LD double __nv_exp2(double a) { return exp2(a); }
CUX_LD float __nv_exp10f(float a)
{
    return (float)exp2((double)a * (double)CUX_LD_LOG2_10);
}
CUX_LD double __nv_exp10(double a)
{
    return (double)exp2l(a * CUX_LD_LOG2_10);
}
CUX_LD float __nv_expm1f(float a) { return expm1f(a); }
CUX_LD double __nv_expm1(double a) { return expm1(a); }
/* log a in code the C compiler vectorises across a warp (glibc's logf is
 * a call per lane): a = 2^e m with m in [sqrt(1/2), sqrt(2)) (subnormals
 * scaled up first), log m = 2 atanh(s) with s = (m - 1) / (m + 1), whose
 * odd series to s^13 is exact far below a float's precision in double;
 * special values by selects.  At most 0.500 ulp over every float (CUDA
 * allows 1). */
CUX_LD float __nv_logf(float a)
{
    int subnormal = __builtin_isless(a, 0x1p-126f);
    float x = subnormal ? a * 0x1p23f : a;
    uint32_t u = cux_ld_fbits(x);
    int32_t e = (int32_t)(u >> 23) - 127 - (subnormal ? 23 : 0);
    float m = cux_ld_bitsf((u & 0x7fffffu) | 0x3f800000u); /* [1, 2) */
    int high = m > 1.41421356f;
    m = high ? m * 0.5f : m;
    e += high;
    static const double atanh_odd[] = {1.0,     1.0 / 3,  1.0 / 5, 1.0 / 7,
                                       1.0 / 9, 1.0 / 11, 1.0 / 13};
    double f = (double)m - 1.0, s = f / (2.0 + f);
    double p = cux_ld_horner(atanh_odd, 7, s * s);
    float y = (float)((double)e * 0.6931471805599453 + 2.0 * s * p);
    y = a == 0.0f ? -INFINITY : y;
    y = __builtin_isless(a, 0.0f) ? NAN : y;
    y = a == INFINITY ? INFINITY : y;
    return a == a ? y : a;
}
CUX_LD double __nv_log(double a) { return log(a); }
CUX_LD float __nv_log2f(float a) { return log2f(a); }
CUX_LD double __nv_log2(double a) { return (double)log2l(a); }
CUX_LD float __nv_log10f(float a) { return log10f(a); }
CUX_LD double __nv_log10(double a) { return (double)log10l(a); }
CUX_LD float __nv_log1pf(float a) { return log1pf(a); }
CUX_LD double __nv_log1p(double a) { return log1p(a); }
CUX_LD float __nv_powf(float a, float b) { return powf(a, b); }
CUX_LD double __nv_pow(double a, double b) { return pow(a, b); }
CUX_LD float __nv_powif(float a, int b) { return (float)pow(a, b); }
CUX_LD double __nv_powi(double a, int b) { return pow(a, b); }

CUX_LD float __nv_sinf(float a) { return sinf(a); }
CUX_LD double __nv_sin(double a) { return sin(a); }
CUX_LD float __nv_cosf(float a) { return cosf(a); }
CUX_LD double __nv_cos(double a) { return cos(a); }
CUX_LD float __nv_tanf(float a) { return tanf(a); }
CUX_LD double __nv_tan(double a) { return tan(a); }
CUX_LD void __nv_sincosf(float a, float *s, float *c)
{
    *s = sinf(a);
    *c = cosf(a);
}
CUX_LD void __nv_sincos(double a, double *s, double *c)
{
    *s = sin(a);
    *c = cos(a);
}
CUX_LD float __nv_asinf(float a) { return asinf(a); }
CUX_LD double __nv_asin(double a) { return asin(a); }
CUX_LD float __nv_acosf(float a) { return acosf(a); }
CUX_LD double __nv_acos(double a) { return acos(a); }
CUX_LD float __nv_atanf(float a) { return atanf(a); }
CUX_LD double __nv_atan(double a) { return atan(a); }
CUX_LD float __nv_atan2f(float a, float b) { return atan2f(a, b); }
CUX_LD double __nv_atan2(double a, double b) { return atan2(a, b); }
CUX_LD float __nv_sinhf(float a) { return sinhf(a); }
CUX_LD double __nv_sinh(double a) { return sinh(a); }
CUX_LD float __nv_coshf(float a) { return coshf(a); }
CUX_LD double __nv_cosh(double a) { return (double)coshl(a); }
/* tanh a in double code the C compiler vectorises across a warp
 * (glibc's tanhf is a call per lane): below 0.55 the odd Taylor series to
 * x^23 (its terms fall by 8x there), above it 1 - 2 / (e^2x + 1) with e^2x
 * = 2^n e^r by its Taylor series to r^10; 1 from 10 on, the sign and a
 * NaN carried over.  At most 0.500 ulp over every float (CUDA allows 2). */
CUX_LD float __nv_tanhf(float a)
{
    static const double odd[] = { /* of x^3, x^5, ..., x^23 */
        -1.0 / 3, 2.0 / 15, -17.0 / 315, 62.0 / 2835, -1382.0 / 155925,
        21844.0 / 6081075, -929569.0 / 638512875, 6404582.0 / 10854718875.0,
        -443861162.0 / 1856156927625.0, 18888466084.0 / 194896477400625.0,
        -113927491862.0 / 2900518163668125.0};
    double x = fabs((double)a);
    x = x > 10.0 ? 10.0 : x;
    static const double exp_series[] = { /* 1/k! */
        1.0, 1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720,
        1.0 / 5040, 1.0 / 40320, 1.0 / 362880, 1.0 / 3628800};
    double z = x * x, small = x + x * z * cux_ld_horner(odd, 11, z);
    double y = 2.0 * x, n = rint(y * 1.4426950408889634);
    double r = y - n * 0.6931471805599453 - n * 2.3190468138462996e-17;
    double e = cux_ld_horner(exp_series, 11, r) *
               cux_ld_bitsd((uint64_t)(uint32_t)((int32_t)n + 1023) << 52);
    float t = (float)(x < 0.55 ? small : 1.0 - 2.0 / (e + 1.0));
    return a == a ? copysignf(t, a) : a;
}
CUX_LD double __nv_tanh(double a) { return (double)tanhl(a); }
CUX_LD float __nv_asinhf(float a) { return asinhf(a); }
CUX_LD double __nv_asinh(double a) { return asinh(a); }
CUX_LD float __nv_acoshf(float a) { return acoshf(a); }
CUX_LD double __nv_acosh(double a) { return acosh(a); }
CUX_LD float __nv_atanhf(float a) { return atanhf(a); }
CUX_LD double __nv_atanh(double a) { return atanh(a); }

/* sin(pi x) and cos(pi x): x is reduced exactly (fmod, and 1 - r and
 * 0.5 - r are exact by Sterbenz's lemma) to [0, 1/4], so pi * r in long
 * double carries no cancellation.  Both work on |x| and fix the sign. */
CUX_LD long double cux_ld_sinpi(long double r)
{
    return r <= 0.25L ? sinl(CUX_LD_PI * r) : cosl(CUX_LD_PI * (0.5L - r));
}

CUX_LD long double cux_ld_cospi_abs(double x)
{
    long double r = fmod(fabs(x), 2.0), sign = 1;
    if (isinf(x))
        return NAN;
    if (r > 1)
        r = 2 - r;
    if (r > 0.5L) {
        r = 1 - r;
        sign = -1;
    }
    return r == 0.5L ? 0.0L : sign * (r <= 0.25L ? cosl(CUX_LD_PI * r)
                                                : sinl(CUX_LD_PI * (0.5L - r)));
}

CUX_LD long double cux_ld_sinpi_signed(double x)
{
    long double r = fmod(fabs(x), 2.0), sign = signbit(x) ? -1 : 1;
    if (isinf(x))
        return NAN;
    if (r >= 1) {
        r -= 1;
        sign = -sign;
    }
    if (r > 0.5L)
        r = 1 - r;
    /* sin(pi n) is +0 for n > 0 and -0 for n < 0, as C23 sinpi says. */
    return r == 0 ? copysignl(0.0L, x) : sign * cux_ld_sinpi(r);
}

CUX_LD float __nv_sinpif(float a) { return (float)cux_ld_sinpi_signed(a); }
CUX_LD double __nv_sinpi(double a) { return (double)cux_ld_sinpi_signed(a); }
CUX_LD float __nv_cospif(float a) { return (float)cux_ld_cospi_abs(a); }
CUX_LD double __nv_cospi(double a) { return (double)cux_ld_cospi_abs(a); }
CUX_LD void __nv_sincospif(float a, float *s, float *c)
{
    *s = __nv_sinpif(a);
    *c = __nv_cospif(a);
}
CUX_LD void __nv_sincospi(double a, double *s, double *c)
{
    *s = __nv_sinpi(a);
    *c = __nv_cospi(a);
}

/* ---- Fast approximate forms: here exactly the accurate ones ---------- */

CUX_LD float __nv_fast_sinf(float a) { return sinf(a); }
CUX_LD float __nv_fast_cosf(float a) { return cosf(a); }
CUX_LD float __nv_fast_tanf(float a) { return tanf(a); }
CUX_LD void __nv_fast_sincosf(float a, float *s, float *c)
{
    __nv_sincosf(a, s, c);
}
CUX_LD float __nv_fast_expf(float a) { return __nv_expf(a); }
CUX_LD float __nv_fast_exp10f(float a) { return __nv_exp10f(a); }
CUX_LD float __nv_fast_logf(float a) { return __nv_logf(a); }
CUX_LD float __nv_fast_log2f(float a) { return log2f(a); }
CUX_LD float __nv_fast_log10f(float a) { return log10f(a); }
CUX_LD float __nv_fast_powf(float a, float b) { return powf(a, b); }
CUX_LD float __nv_fast_fdividef(float a, float b) { return a / b; }

/* ---- Norms ------------------------------------------------------------ */

CUX_LD float __nv_hypotf(float a, float b) { return hypotf(a, b); }
CUX_LD double __nv_hypot(double a, double b) { return hypot(a, b); }
CUX_LD float __nv_rhypotf(float a, float b)
{
    return (float)(1.0 / hypot(a, b));
}
CUX_LD double __nv_rhypot(double a, double b)
{
    return (double)(1.0L / hypotl(a, b));
}

/* Sum of squares in long double, which cannot overflow for doubles; an
 * infinite element wins over a NaN, as in hypot. */
CUX_LD long double cux_ld_norm(int n, const double *v)
{
    long double s = 0;
    for (int i = 0; i < n; i++)
        if (isinf(v[i]))
            return INFINITY;
    for (int i = 0; i < n; i++)
        s += (long double)v[i] * v[i];
    return sqrtl(s);
}

CUX_LD long double cux_ld_normf(int n, const float *v)
{
    long double s = 0;
    for (int i = 0; i < n; i++)
        if (isinf(v[i]))
            return INFINITY;
    for (int i = 0; i < n; i++)
        s += (long double)v[i] * v[i];
    return sqrtl(s);
}

CUX_LD float __nv_norm3df(float a, float b, float c)
{
    double v[3] = {a, b, c};
    return (float)cux_ld_norm(3, v);
}
CUX_LD float __nv_norm4df(float a, float b, float c, float d)
{
    double v[4] = {a, b, c, d};
    return (float)cux_ld_norm(4, v);
}
CUX_LD float __nv_rnorm3df(float a, float b, float c)
{
    double v[3] = {a, b, c};
    return (float)(1.0L / cux_ld_norm(3, v));
}
CUX_LD float __nv_rnorm4df(float a, float b, float c, float d)
{
    double v[4] = {a, b, c, d};
    return (float)(1.0L / cux_ld_norm(4, v));
}
CUX_LD double __nv_norm3d(double a, double b, double c)
{
    double v[3] = {a, b, c};
    return (double)cux_ld_norm(3, v);
}
CUX_LD double __nv_norm4d(double a, double b, double c, double d)
{
    double v[4] = {a, b, c, d};
    return (double)cux_ld_norm(4, v);
}
CUX_LD double __nv_rnorm3d(double a, double b, double c)
{
    double v[3] = {a, b, c};
    return (double)(1.0L / cux_ld_norm(3, v));
}
CUX_LD double __nv_rnorm4d(double a, double b, double c, double d)
{
    double v[4] = {a, b, c, d};
    return (double)(1.0L / cux_ld_norm(4, v));
}
CUX_LD float __nv_normf(int n, const float *v)
{
    return (float)cux_ld_normf(n, v);
}
CUX_LD float __nv_rnormf(int n, const float *v)
{
    return (float)(1.0L / cux_ld_normf(n, v));
}
CUX_LD double __nv_norm(int n, const double *v)
{
    return (double)cux_ld_norm(n, v);
}
CUX_LD double __nv_rnorm(int n, const double *v)
{
    return (double)(1.0L / cux_ld_norm(n, v));
}

/* ---- Error function family -------------------------------------------- */

CUX_LD float __nv_erff(float a) { return erff(a); }
CUX_LD double __nv_erf(double a) { return erf(a); }
CUX_LD float __nv_erfcf(float a) { return erfcf(a); }
CUX_LD double __nv_erfc(double a) { return erfc(a); }

/* exp(x^2) erfc(x).  x^2 is split as hi^2 + lo (2 hi + lo) with hi of 24
 * bits, so hi^2 is exact; past 50 the asymptotic series converges to
 * long double precision in six terms. */
CUX_LD long double cux_ld_erfcx(long double x)
{
    if (x < -110) /* exp(x^2) overflows even long double */
        return INFINITY;
    if (x < 50) {
        long double hi = (float)x, lo = x - hi;
        return expl(hi * hi) * expl(lo * (2 * hi + lo)) * erfcl(x);
    }
    long double t = 1 / (2 * x * x), term = 1, sum = 1;
    for (int k = 1; k <= 6; k++) {
        term *= -(2 * k - 1) * t;
        sum += term;
    }
    return sum / (x * CUX_LD_SQRT_PI);
}
CUX_LD float __nv_erfcxf(float a) { return (float)cux_ld_erfcx(a); }
CUX_LD double __nv_erfcx(double a) { return (double)cux_ld_erfcx(a); }

/* Inverse erf near 0 (|y| <= 1/2): Newton on erf, which is concave for
 * x > 0, so from below the iterates rise monotonically to the root. */
CUX_LD long double cux_ld_erfinv_mid(long double y)
{
    long double x = y * (CUX_LD_SQRT_PI / 2);
    for (int i = 0; i < 12; i++) {
        long double d = (erfl(x) - y) / (CUX_LD_2_SQRT_PI * expl(-x * x));
        x -= d;
        if (fabsl(d) <= 1e-21L * fabsl(x))
            break;
    }
    return x;
}

/* x > 0 with erfc(x) = q, 0 < q <= 1/2: Newton on log erfc, which is
 * concave, so after one step the iterates fall monotonically. */
CUX_LD long double cux_ld_erfcinv_tail(long double q)
{
    long double t = -logl(q * CUX_LD_SQRT_PI), lq = logl(q);
    long double x = t > 1 ? sqrtl(t - 0.5L * logl(t)) : 0.5L;
    for (int i = 0; i < 16; i++) {
        long double e = erfcl(x);
        long double d = (logl(e) - lq) * e /
                        (CUX_LD_2_SQRT_PI * expl(-x * x));
        x += d;
        if (fabsl(d) <= 1e-21L * x)
            break;
    }
    return x;
}

CUX_LD long double cux_ld_erfinv(long double y)
{
    long double m = fabsl(y);
    if (isnan(y) || m > 1)
        return NAN;
    if (m == 1)
        return copysignl(INFINITY, y);
    if (m <= 0.5L)
        return cux_ld_erfinv_mid(y);
    return copysignl(cux_ld_erfcinv_tail(1 - m), y);
}

/* Differences 1 - q and 2 - q below are exact for double q. */
CUX_LD long double cux_ld_erfcinv(long double q)
{
    if (isnan(q) || q < 0 || q > 2)
        return NAN;
    if (q == 0)
        return INFINITY;
    if (q == 2)
        return -INFINITY;
    if (q < 0.5L)
        return cux_ld_erfcinv_tail(q);
    if (q <= 1.5L)
        return cux_ld_erfinv_mid(1 - q);
    return -cux_ld_erfcinv_tail(2 - q);
}

CUX_LD float __nv_erfinvf(float a) { return (float)cux_ld_erfinv(a); }
CUX_LD double __nv_erfinv(double a) { return (double)cux_ld_erfinv(a); }
CUX_LD float __nv_erfcinvf(float a) { return (float)cux_ld_erfcinv(a); }
CUX_LD double __nv_erfcinv(double a) { return (double)cux_ld_erfcinv(a); }

CUX_LD long double cux_ld_normcdf(long double x)
{
    return 0.5L * erfcl(-x / CUX_LD_SQRT2);
}
CUX_LD long double cux_ld_normcdfinv(long double p)
{
    return -CUX_LD_SQRT2 * cux_ld_erfcinv(2 * p) + 0; /* +0 at p = 1/2 */
}
CUX_LD float __nv_normcdff(float a) { return (float)cux_ld_normcdf(a); }
CUX_LD double __nv_normcdf(double a) { return (double)cux_ld_normcdf(a); }
CUX_LD float __nv_normcdfinvf(float a) { return (float)cux_ld_normcdfinv(a); }
CUX_LD double __nv_normcdfinv(double a)
{
    return (double)cux_ld_normcdfinv(a);
}

/* ---- Gamma and Bessel functions --------------------------------------- */

/* The _r forms leave the global signgam alone: workers run in parallel. */
CUX_LD float __nv_lgammaf(float a)
{
    int sign;
    return (float)lgamma_r(a, &sign);
}
CUX_LD double __nv_lgamma(double a)
{
    int sign;
    return lgamma_r(a, &sign);
}
/* glibc's float tgamma and double Bessel functions exceed CUDA's
 * bounds near their zeros and poles; one wider format fixes that. */
CUX_LD float __nv_tgammaf(float a) { return (float)tgamma(a); }
CUX_LD double __nv_tgamma(double a) { return (double)tgammal(a); }

CUX_LD float __nv_j0f(float a) { return (float)j0(a); }
CUX_LD double __nv_j0(double a) { return (double)j0l(a); }
CUX_LD float __nv_j1f(float a) { return (float)j1(a); }
CUX_LD double __nv_j1(double a) { return (double)j1l(a); }
CUX_LD float __nv_y0f(float a) { return (float)y0(a); }
CUX_LD double __nv_y0(double a) { return (double)y0l(a); }
CUX_LD float __nv_y1f(float a) { return (float)y1(a); }
CUX_LD double __nv_y1(double a) { return (double)y1l(a); }
/* CUDA, unlike C, gives NaN for a negative order. */
CUX_LD float __nv_jnf(int n, float a) { return n < 0 ? NAN : (float)jn(n, a); }
CUX_LD double __nv_jn(int n, double a)
{
    return n < 0 ? NAN : (double)jnl(n, a);
}
CUX_LD float __nv_ynf(int n, float a) { return n < 0 ? NAN : (float)yn(n, a); }
CUX_LD double __nv_yn(int n, double a)
{
    return n < 0 ? NAN : (double)ynl(n, a);
}

/* Modified Bessel I0 and I1 by their power series in long double: every
 * term has the sign of x^order, so nothing cancels; past 750 the double
 * result overflows anyway. */
CUX_LD long double cux_ld_bessel_i(long double x, int order)
{
    long double q = x * x / 4, term = order ? x / 2 : 1, sum = term;
    if (fabsl(x) > 750)
        return order ? copysignl(INFINITY, x) : INFINITY;
    for (int k = 1; k < 2000 && fabsl(term) > fabsl(sum) * 1e-21L; k++) {
        term *= q / ((long double)k * (k + order));
        sum += term;
    }
    return sum;
}
CUX_LD float __nv_cyl_bessel_i0f(float a)
{
    return (float)cux_ld_bessel_i(a, 0);
}
CUX_LD double __nv_cyl_bessel_i0(double a)
{
    return (double)cux_ld_bessel_i(a, 0);
}
CUX_LD float __nv_cyl_bessel_i1f(float a)
{
    return (float)cux_ld_bessel_i(a, 1);
}
CUX_LD double __nv_cyl_bessel_i1(double a)
{
    return (double)cux_ld_bessel_i(a, 1);
}

/* ---- SIMD video intrinsics (__vadd2, __vcmpeq4, ...) ------------------ */

/* Lane i (of w bits) of x, sign- or zero-extended. */
CUX_LD int64_t cux_ld_lane(int x, int i, int w, int sgn)
{
    uint32_t v = ((uint32_t)x >> i) & ((1u << w) - 1);
    if (sgn && (v >> (w - 1)))
        return (int64_t)v - ((int64_t)1 << w);
    return v;
}

CUX_LD int64_t cux_ld_clamp(int64_t v, int w, int sgn)
{
    int64_t lo = sgn ? -((int64_t)1 << (w - 1)) : 0;
    int64_t hi = sgn ? ((int64_t)1 << (w - 1)) - 1 : ((int64_t)1 << w) - 1;
    return v < lo ? lo : v > hi ? hi : v;
}

CUX_LD int64_t cux_ld_iabs(int64_t v) { return v < 0 ? -v : v; }

#define CUX_LD_SIMD(name, W, sgn, expr)                                   \
    CUX_LD int name(int a_, int b_)                                       \
    {                                                                     \
        const int w = (W);                                                \
        uint32_t r = 0;                                                   \
        for (int i = 0; i < 32; i += w) {                                 \
            int64_t a = cux_ld_lane(a_, i, w, sgn);                       \
            int64_t b = cux_ld_lane(b_, i, w, sgn);                       \
            (void)b;                                                      \
            r |= ((uint32_t)(uint64_t)(expr) & ((1u << w) - 1)) << i;     \
        }                                                                 \
        return (int)r;                                                    \
    }
#define CUX_LD_SIMD24(stem, sgn, expr)                                    \
    CUX_LD_SIMD(stem##2, 16, sgn, expr)                                   \
    CUX_LD_SIMD(stem##4, 8, sgn, expr)
#define CUX_LD_SIMD1(stem)                                                \
    CUX_LD int stem##2(int a) { return stem##2_(a, 0); }                  \
    CUX_LD int stem##4(int a) { return stem##4_(a, 0); }
#define CUX_LD_SIMD24_1(stem, sgn, expr)                                  \
    CUX_LD_SIMD(stem##2_, 16, sgn, expr)                                  \
    CUX_LD_SIMD(stem##4_, 8, sgn, expr)                                   \
    CUX_LD_SIMD1(stem)

/* `w` inside the expressions is the lane width of the instance. */
CUX_LD_SIMD24(__nv_vadd, 0, a + b)
CUX_LD_SIMD24(__nv_vsub, 0, a - b)
CUX_LD_SIMD24(__nv_vaddss, 1, cux_ld_clamp(a + b, w, 1))
CUX_LD_SIMD24(__nv_vaddus, 0, cux_ld_clamp(a + b, w, 0))
CUX_LD_SIMD24(__nv_vsubss, 1, cux_ld_clamp(a - b, w, 1))
CUX_LD_SIMD24(__nv_vsubus, 0, cux_ld_clamp(a - b, w, 0))
CUX_LD_SIMD24(__nv_vabsdiffs, 1, cux_ld_iabs(a - b))
CUX_LD_SIMD24(__nv_vabsdiffu, 0, cux_ld_iabs(a - b))
/* Signed average rounds half away from zero, unsigned half up. */
CUX_LD_SIMD24(__nv_vavgs, 1, (a + b + (a + b >= 0)) >> 1)
CUX_LD_SIMD24(__nv_vavgu, 0, (a + b + 1) >> 1)
CUX_LD_SIMD24(__nv_vhaddu, 0, (a + b) >> 1)
CUX_LD_SIMD24(__nv_vmaxs, 1, a > b ? a : b)
CUX_LD_SIMD24(__nv_vmaxu, 0, a > b ? a : b)
CUX_LD_SIMD24(__nv_vmins, 1, a < b ? a : b)
CUX_LD_SIMD24(__nv_vminu, 0, a < b ? a : b)
CUX_LD_SIMD24(__nv_vcmpeq, 0, -(a == b))
CUX_LD_SIMD24(__nv_vcmpne, 0, -(a != b))
CUX_LD_SIMD24(__nv_vcmpges, 1, -(a >= b))
CUX_LD_SIMD24(__nv_vcmpgeu, 0, -(a >= b))
CUX_LD_SIMD24(__nv_vcmpgts, 1, -(a > b))
CUX_LD_SIMD24(__nv_vcmpgtu, 0, -(a > b))
CUX_LD_SIMD24(__nv_vcmples, 1, -(a <= b))
CUX_LD_SIMD24(__nv_vcmpleu, 0, -(a <= b))
CUX_LD_SIMD24(__nv_vcmplts, 1, -(a < b))
CUX_LD_SIMD24(__nv_vcmpltu, 0, -(a < b))
CUX_LD_SIMD24(__nv_vseteq, 0, a == b)
CUX_LD_SIMD24(__nv_vsetne, 0, a != b)
CUX_LD_SIMD24(__nv_vsetges, 1, a >= b)
CUX_LD_SIMD24(__nv_vsetgeu, 0, a >= b)
CUX_LD_SIMD24(__nv_vsetgts, 1, a > b)
CUX_LD_SIMD24(__nv_vsetgtu, 0, a > b)
CUX_LD_SIMD24(__nv_vsetles, 1, a <= b)
CUX_LD_SIMD24(__nv_vsetleu, 0, a <= b)
CUX_LD_SIMD24(__nv_vsetlts, 1, a < b)
CUX_LD_SIMD24(__nv_vsetltu, 0, a < b)
CUX_LD_SIMD24_1(__nv_vabs, 1, cux_ld_iabs(a))
CUX_LD_SIMD24_1(__nv_vabsss, 1, cux_ld_clamp(cux_ld_iabs(a), w, 1))
CUX_LD_SIMD24_1(__nv_vneg, 1, -a)
CUX_LD_SIMD24_1(__nv_vnegss, 1, cux_ld_clamp(-a, w, 1))

/* Sum over the lanes of |a - b|. */
#define CUX_LD_SAD(name, w, sgn)                                          \
    CUX_LD int name(int a, int b)                                         \
    {                                                                     \
        int64_t s = 0;                                                    \
        for (int i = 0; i < 32; i += (w))                                 \
            s += cux_ld_iabs(cux_ld_lane(a, i, w, sgn) -                  \
                             cux_ld_lane(b, i, w, sgn));                  \
        return (int)s;                                                    \
    }
CUX_LD_SAD(__nv_vsads2, 16, 1)
CUX_LD_SAD(__nv_vsads4, 8, 1)
CUX_LD_SAD(__nv_vsadu2, 16, 0)
CUX_LD_SAD(__nv_vsadu4, 8, 0)

#endif
