/* cux/fp16_bits.h: the bit-level conversions behind cuda_fp16.h and
 * cuda_bf16.h, one C++ code path for host and device.
 *
 * Everything here is integer arithmetic on IEEE bit patterns plus exact
 * floating-point steps, written as selects rather than branches so that
 * cux's generated C, which runs a warp's 32 lanes as vectors, keeps the
 * lane loop vectorised.  The rounding mode is a template argument: its
 * tests fold at compile time.
 *
 * Narrowing (float or double to a 16-bit format with M mantissa and E
 * exponent bits) works on the source significand m (implicit bit made
 * explicit) as an integer: shifting it right by sh bits gives the target
 * significand q in units of the target's last place, the bits shifted out
 * decide the rounding, and adding the target exponent field (normal
 * results only) to q lets a rounding carry ripple into the exponent, up to
 * infinity, exactly as the IEEE encoding intends. */
#ifndef CUX_FP16_BITS_H
#define CUX_FP16_BITS_H

#if !defined(__cplusplus)
#error "cux/fp16_bits.h is C++ only"
#endif

#include "../host_defines.h"

#define CUX_FP16_FN \
    static __host__ __device__ __inline__ __attribute__((always_inline))

namespace __cux16 {

typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

/* Rounding modes, as CUDA's function suffixes name them. */
enum { RN, RZ, RD, RU };

CUX_FP16_FN u32 f2u(float __f) { return __builtin_bit_cast(u32, __f); }
CUX_FP16_FN float u2f(u32 __u) { return __builtin_bit_cast(float, __u); }
CUX_FP16_FN u64 d2u(double __d) { return __builtin_bit_cast(u64, __d); }
CUX_FP16_FN double u2d(u64 __u) { return __builtin_bit_cast(double, __u); }

/* narrow<U, SM, SE, M, E, R>: the IEEE number with SM mantissa and SE
 * exponent bits held in U, rounded by R to M mantissa and E exponent
 * bits.  NaN gives CUDA's canonical NaN 0x7fff; a finite value past the
 * largest finite one gives infinity where R rounds away from zero, else
 * the largest finite value. */
template <typename U, int SM, int SE, int M, int E, int R>
CUX_FP16_FN u16 narrow(U __x)
{
    const int __sb = (1 << (SE - 1)) - 1, __b = (1 << (E - 1)) - 1;
    const int __w = (int)sizeof(U) * 8;
    const U __one = 1;
    const U __src_inf = (U)((1 << SE) - 1) << SM;
    const U __inf = (U)((1 << E) - 1) << M;
    u32 __sign = (u32)(__x >> (__w - 1));
    U __a = __x & ~(__one << (__w - 1));
    int __e = (int)(__a >> SM);
    int __e1 = __e != 0 ? __e : 1; /* subnormals scale as exponent 1 */
    U __m = (__a & ((__one << SM) - 1)) | ((U)(__e != 0) << SM);
    /* Target normal: SM - M bits go; target subnormal: more, so that q
     * counts units of the smallest subnormal: the extra shift is
     * (1 - B - M) - (e1 - SB - SM) - (SM - M).  Past __w - 1 every bit is
     * shifted out (m < 2^(SM+1) <= 2^(__w-2)), which __w - 1 also does. */
    int __sh = (SM - M) + (1 - __b - __e1 + __sb);
    __sh = __sh > SM - M ? __sh : SM - M;
    __sh = __sh < __w - 1 ? __sh : __w - 1;
    U __q = __m >> __sh;
    U __rem = __m & ((__one << __sh) - 1);
    U __halfway = __one << (__sh - 1);
    int __eb = __e - __sb + __b - 1; /* target exponent field, less 1 */
    U __r = (__eb > 0 ? (U)__eb << M : 0) + __q;
    if (R == RN)
        __r += (U)((__rem > __halfway) | ((__rem == __halfway) & (__q & 1)));
    else if (R == RU)
        __r += (U)((__rem != 0) & (__sign == 0));
    else if (R == RD)
        __r += (U)((__rem != 0) & (__sign != 0));
    const bool __away = R == RN || (R == RU && __sign == 0) ||
                        (R == RD && __sign != 0);
    __r = __r >= __inf ? (__away ? __inf : __inf - 1) : __r;
    __r = __a == __src_inf ? __inf : __r;
    u16 __out = (u16)((u32)__r | (__sign << 15));
    return __a > __src_inf ? (u16)0x7fff : __out;
}

/* Round to nearest even from float, the step every arithmetic function
 * ends with, in fewer operations than narrow: for a normal half result
 * the 13 dropped bits round by one carrying addition; below 2^-14 the
 * float adder does the rounding, as 0.5 + v holds v in units of 2^-24 in
 * its low bits (exact and correct in any float mode that rounds to
 * nearest, and even under flush-to-zero: a float subnormal rounds to 0
 * either way). */
CUX_FP16_FN u16 half_rn(float __f)
{
    u32 __x = f2u(__f), __a = __x & 0x7fffffffu;
    u32 __n = (__a - (112u << 23) + 0xfffu + ((__a >> 13) & 1u)) >> 13;
    u32 __s = f2u(u2f(__a) + 0.5f) - 0x3f000000u;
    u32 __r = __a < 0x38800000u ? __s : __n;   /* below 2^-14 */
    __r = __a >= 0x477ff000u ? 0x7c00u : __r;  /* 65520 and up */
    __r |= (__x >> 16) & 0x8000u;
    return (u16)(__a > 0x7f800000u ? 0x7fffu : __r);
}

/* bfloat16 keeps float's exponent: one carrying addition rounds, up to
 * infinity where it must; NaN needs its own case. */
CUX_FP16_FN u16 bf16_rn(float __f)
{
    u32 __x = f2u(__f);
    u32 __r = (__x + 0x7fffu + ((__x >> 16) & 1u)) >> 16;
    return (u16)((__x & 0x7fffffffu) > 0x7f800000u ? 0x7fffu : __r);
}

template <int M, int E, int R>
CUX_FP16_FN u16 from_f32(float __f)
{
    if (R == RN && M == 10 && E == 5)
        return half_rn(__f);
    if (R == RN && M == 7 && E == 8)
        return bf16_rn(__f);
    return narrow<u32, 23, 8, M, E, R>(f2u(__f));
}

template <int M, int E, int R>
CUX_FP16_FN u16 from_f64(double __d)
{
    return narrow<u64, 52, 11, M, E, R>(d2u(__d));
}

/* A 64-bit integer magnitude as a double that rounds to any width of 51
 * bits or fewer as the integer would: past 53 bits, the bits below the
 * top 53 fold into one sticky bit, which is all a later rounding reads. */
template <int M, int E, int R>
CUX_FP16_FN u16 from_u64(u64 __v, u32 __sign)
{
    bool __wide = (__v >> 53) != 0;
    u64 __t = __wide ? (__v >> 11) | (u64)((__v & 0x7ff) != 0) : __v;
    double __d = (double)__t * (__wide ? 2048.0 : 1.0);
    return narrow<u64, 52, 11, M, E, R>(d2u(__d) | ((u64)__sign << 63));
}

template <int M, int E, int R>
CUX_FP16_FN u16 from_s64(long long __v)
{
    u64 __mag = __v < 0 ? 0 - (u64)__v : (u64)__v;
    return from_u64<M, E, R>(__mag, __v < 0);
}

/* Integers of 32 bits or fewer convert to double exactly. */
template <int M, int E, int R>
CUX_FP16_FN u16 from_i32(double __d)
{
    return narrow<u64, 52, 11, M, E, R>(d2u(__d));
}

template <int M, int E, int R>
CUX_FP16_FN u16 from_u64_(u64 __v)
{
    return from_u64<M, E, R>(__v, 0);
}

/* binary16 to binary32, exactly (a NaN keeps its payload, as bfloat16's
 * shift does). */
CUX_FP16_FN float half_to_f32(u16 __h)
{
    u32 __a = __h & 0x7fffu;
    u32 __r = (__a << 13) + (112u << 23);          /* rebias 15 -> 127 */
    __r = __a >= 0x7c00u ? __r + (112u << 23) : __r;  /* infinity, NaN */
    /* A subnormal half is a < 1024 units of 2^-24: exact in float, and
     * no float subnormal is involved (flush-to-zero cannot touch it). */
    u32 __sub = f2u((float)(int)__a * 5.9604644775390625e-8f);
    __r = __a < 0x400u ? __sub : __r;
    return u2f(__r | ((u32)(__h & 0x8000u) << 16));
}

/* bfloat16 is the top half of a binary32: widening is a shift. */
CUX_FP16_FN float bf16_to_f32(u16 __h) { return u2f((u32)__h << 16); }

/* a * b + c rounded once to the 16-bit format (M, E), for a, b, c values
 * of that format held in floats.  The product of two significands of at
 * most 11 bits is exact in double, and TwoSum gives the exact error of
 * the double sum, so s + err is a * b + c exactly.  That is rounded to
 * odd at float's 24 bits (round to nearest, then an inexact result with
 * an even last bit moves to its odd neighbour toward the exact value) and
 * then to nearest at M + 1 bits: rounding to odd with at least two more
 * bits than the target and then to nearest is correct rounding (Boldo and
 * Melquiond, 2008; also in the subnormal ranges, where float keeps 13 (half)
 * or 16 (bfloat16) more bits).  Plain double rounding can land on a tie:
 * 1 + 2^-11 + 2^-24 in binary16. */
template <int M, int E>
CUX_FP16_FN u16 fma_rn(float __a, float __b, float __c)
{
    double __p = (double)__a * (double)__b;
    double __cd = __c;
    double __s = __p + __cd;
    double __z = __s - __p;
    double __err = (__p - (__s - __z)) + (__cd - __z);
    float __f = (float)__s;
    /* The float's own error, exact in double; its sign, with err's where
     * it is zero, says on which side the exact value lies.  NaN and
     * infinite sums compare false everywhere: no adjustment. */
    double __d = (__s - (double)__f) + __err;
    u32 __bits = f2u(__f);
    bool __fix = (__d < 0 || __d > 0) && (__bits & 1) == 0 &&
                 (__bits & 0x7fffffffu) < 0x7f800000u;
    u32 __step = (__d < 0) == (__f < 0) ? 1u : ~0u;
    __bits += __fix ? __step : 0u;
    /* A sum below float's range rounded to zero: its odd neighbour is
     * the smallest subnormal of the exact value's sign. */
    __bits = __fix && __f == 0.0f ? (__d < 0 ? 0x80000001u : 1u) : __bits;
    __f = u2f(__bits);
    return from_f32<M, E, RN>(__f);
}

/* A float holding an integral value (or NaN, or infinity) as the integer
 * type I, saturating at I's limits; NaN gives __nan (0 for CUDA's 32- and
 * 16-bit conversions, the lowest value's bit pattern for 64-bit ones). */
template <typename I>
CUX_FP16_FN I sat_int(float __r, I __nan)
{
    const bool __sgn = (I)-1 < (I)0;
    const int __bits = (int)sizeof(I) * 8;
    /* 2^(bits-1) and 2^bits, exact in float at any width. */
    const float __top = __sgn ? 2.0f * (float)((I)1 << (__bits - 2))
                                 : 4.0f * (float)((I)1 << (__bits - 2));
    const float __low = __sgn ? -__top : 0.0f;
    I __max = __sgn ? (I)(((I)1 << (__bits - 2)) - 1 + ((I)1 << (__bits - 2)))
                       : (I)~(I)0;
    I __min = __sgn ? (I)(-__max - 1) : (I)0;
    return __r != __r ? __nan
         : __r <= __low ? __min
         : __r >= __top ? __max
         : (I)__r;
}

} /* namespace __cux16 */

/* The integer conversions of a 16-bit float type H named NAME (half,
 * bfloat16), both ways, with every rounding CUDA names: __NAME2int_rn,
 * __int2NAME_rn, ... (int, uint, short, ushort, ll, ull), and the
 * truncating __NAME2char_rz, __NAME2uchar_rz.  TOF widens an H to float,
 * MK makes one from its u16 bits. */
#define CUX_FP16_TO_INT(H, NAME, TOF, T, TN, NANV)                          \
    CUX_FP16_FN T __##NAME##2##TN##_rn(const H __h)                         \
    {                                                                       \
        return __cux16::sat_int<T>(::rintf(TOF(__h)), NANV);                \
    }                                                                       \
    CUX_FP16_FN T __##NAME##2##TN##_rz(const H __h)                         \
    {                                                                       \
        return __cux16::sat_int<T>(::truncf(TOF(__h)), NANV);               \
    }                                                                       \
    CUX_FP16_FN T __##NAME##2##TN##_rd(const H __h)                         \
    {                                                                       \
        return __cux16::sat_int<T>(::floorf(TOF(__h)), NANV);               \
    }                                                                       \
    CUX_FP16_FN T __##NAME##2##TN##_ru(const H __h)                         \
    {                                                                       \
        return __cux16::sat_int<T>(::ceilf(TOF(__h)), NANV);                \
    }
/* Integers of 32 bits or fewer are exact in double. */
#define CUX_FP16_FROM_INT(H, NAME, MK, M, E, T, TN, HOW)                    \
    CUX_FP16_FN H __##TN##2##NAME##_rn(const T __i)                         \
    {                                                                       \
        return MK((__cux16::HOW<M, E, __cux16::RN>(__i)));                  \
    }                                                                       \
    CUX_FP16_FN H __##TN##2##NAME##_rz(const T __i)                         \
    {                                                                       \
        return MK((__cux16::HOW<M, E, __cux16::RZ>(__i)));                  \
    }                                                                       \
    CUX_FP16_FN H __##TN##2##NAME##_rd(const T __i)                         \
    {                                                                       \
        return MK((__cux16::HOW<M, E, __cux16::RD>(__i)));                  \
    }                                                                       \
    CUX_FP16_FN H __##TN##2##NAME##_ru(const T __i)                         \
    {                                                                       \
        return MK((__cux16::HOW<M, E, __cux16::RU>(__i)));                  \
    }
#define CUX_FP16_INT_CONVS(H, NAME, TOF, MK, M, E)                          \
    CUX_FP16_TO_INT(H, NAME, TOF, int, int, 0)                              \
    CUX_FP16_TO_INT(H, NAME, TOF, unsigned int, uint, 0u)                   \
    CUX_FP16_TO_INT(H, NAME, TOF, short, short, (short)0)                   \
    CUX_FP16_TO_INT(H, NAME, TOF, unsigned short, ushort, (unsigned short)0) \
    CUX_FP16_TO_INT(H, NAME, TOF, long long, ll, (long long)(1ull << 63))   \
    CUX_FP16_TO_INT(H, NAME, TOF, unsigned long long, ull, 1ull << 63)      \
    CUX_FP16_FN signed char __##NAME##2char_rz(const H __h)                 \
    {                                                                       \
        return __cux16::sat_int<signed char>(::truncf(TOF(__h)), 0);        \
    }                                                                       \
    CUX_FP16_FN unsigned char __##NAME##2uchar_rz(const H __h)              \
    {                                                                       \
        return __cux16::sat_int<unsigned char>(::truncf(TOF(__h)), 0);      \
    }                                                                       \
    CUX_FP16_FROM_INT(H, NAME, MK, M, E, int, int, from_i32)                \
    CUX_FP16_FROM_INT(H, NAME, MK, M, E, unsigned int, uint, from_i32)      \
    CUX_FP16_FROM_INT(H, NAME, MK, M, E, short, short, from_i32)            \
    CUX_FP16_FROM_INT(H, NAME, MK, M, E, unsigned short, ushort, from_i32)  \
    CUX_FP16_FROM_INT(H, NAME, MK, M, E, long long, ll, from_s64)           \
    CUX_FP16_FROM_INT(H, NAME, MK, M, E, unsigned long long, ull, from_u64_)

#endif
