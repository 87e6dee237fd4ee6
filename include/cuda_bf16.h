/* cuda_bf16.h: CUDA's bfloat16 type (__nv_bfloat16, __nv_bfloat162) for cux,
 * written from the CUDA Math API documentation; host and device alike.
 *
 * __nv_bfloat16 is the top 16 bits of an IEEE binary32 (8 exponent bits, 7
 * mantissa bits) in an unsigned short; __nv_bfloat162 is two of them, .x in
 * the low 16 bits.  Conversions are integer bit
 * manipulation (cux/fp16_bits.h), arithmetic is float arithmetic rounded
 * once (cux/fp16_ops.inc), so host and device give the same bits. */
#ifndef CUX_CUDA_BF16_H
#define CUX_CUDA_BF16_H
/* NVIDIA's guard names: code tests them to see whether bfloat16 is in. */
#define __CUDA_BF16_H__
#define __CUDA_BF16_HPP__
#define __CUDA_BF16_TYPES_EXIST__

#include "host_defines.h"
#include "vector_types.h"

#if !defined(__cplusplus)
/* C sees the storage types only, as with NVIDIA's header. */
typedef struct { unsigned short x; } __nv_bfloat16_raw;
typedef struct { unsigned short x, y; } __nv_bfloat162_raw;
typedef struct { unsigned short __x; } __nv_bfloat16;
typedef struct { __nv_bfloat16 x, y; } __nv_bfloat162;
#else

#include <math.h>
#include "cux/fp16_bits.h"

struct __nv_bfloat16_raw {
    unsigned short x;
};
struct __nv_bfloat162_raw {
    unsigned short x;
    unsigned short y;
};

#define CUX_BF16_M 7
#define CUX_BF16_E 8
#define CUX_BF16_FROM(how, R, v) \
    (__cux16::how<CUX_BF16_M, CUX_BF16_E, __cux16::R>(v))

struct alignas(2) __nv_bfloat16 {
    unsigned short __x; /* the bits (public here) */

    __nv_bfloat16() = default;
    __host__ __device__ constexpr __nv_bfloat16(const __nv_bfloat16_raw &__r)
        : __x(__r.x) {}
    __host__ __device__ __nv_bfloat16 &operator=(const __nv_bfloat16_raw &__r)
    {
        __x = __r.x;
        return *this;
    }
    __host__ __device__ operator __nv_bfloat16_raw() const
    {
        __nv_bfloat16_raw __r;
        __r.x = __x;
        return __r;
    }
    __host__ __device__ __nv_bfloat16(float __f)
        : __x(CUX_BF16_FROM(from_f32, RN, __f)) {}
    __host__ __device__ __nv_bfloat16(double __d)
        : __x(CUX_BF16_FROM(from_f64, RN, __d)) {}
    __host__ __device__ __nv_bfloat16 &operator=(float __f)
    {
        __x = CUX_BF16_FROM(from_f32, RN, __f);
        return *this;
    }
    __host__ __device__ __nv_bfloat16 &operator=(double __d)
    {
        __x = CUX_BF16_FROM(from_f64, RN, __d);
        return *this;
    }
    __host__ __device__ operator float() const
    {
        return __cux16::bf16_to_f32(__x);
    }
#if !defined(__CUDA_NO_BFLOAT16_CONVERSIONS__)
    /* Integers convert rounding to nearest; bfloat16 to integer truncates. */
#define CUX_BF16_INT(T, how)                                                 \
    __host__ __device__ __nv_bfloat16(T __i)                                 \
        : __x(CUX_BF16_FROM(how, RN, __i)) {}                                \
    __host__ __device__ __nv_bfloat16 &operator=(T __i)                      \
    {                                                                        \
        __x = CUX_BF16_FROM(how, RN, __i);                                   \
        return *this;                                                        \
    }                                                                        \
    __host__ __device__ explicit operator T() const                          \
    {                                                                        \
        return __cux16::sat_int<T>(::truncf(__cux16::bf16_to_f32(__x)),      \
                                   sizeof(T) == 8 ? (T)(1ull << 63) : (T)0); \
    }
    CUX_BF16_INT(short, from_i32)
    CUX_BF16_INT(unsigned short, from_i32)
    CUX_BF16_INT(int, from_i32)
    CUX_BF16_INT(unsigned int, from_i32)
    CUX_BF16_INT(long long, from_s64)
    CUX_BF16_INT(unsigned long long, from_u64_)
    CUX_BF16_INT(long, from_s64)
    CUX_BF16_INT(unsigned long, from_u64_)
#undef CUX_BF16_INT
    __host__ __device__ explicit operator signed char() const
    {
        return __cux16::sat_int<signed char>(
            ::truncf(__cux16::bf16_to_f32(__x)), 0);
    }
    __host__ __device__ explicit operator unsigned char() const
    {
        return __cux16::sat_int<unsigned char>(
            ::truncf(__cux16::bf16_to_f32(__x)), 0);
    }
    __host__ __device__ explicit operator char() const
    {
        return (char)(signed char)*this;
    }
    __host__ __device__ explicit operator bool() const
    {
        return (__x & 0x7fffu) != 0;
    }
#endif
};

struct alignas(4) __nv_bfloat162 {
    __nv_bfloat16 x;
    __nv_bfloat16 y;

    __nv_bfloat162() = default;
    __host__ __device__ constexpr __nv_bfloat162(const __nv_bfloat16 &__a,
                                                 const __nv_bfloat16 &__b)
        : x(__a), y(__b) {}
    __host__ __device__ __nv_bfloat162(const __nv_bfloat162_raw &__r)
    {
        x.__x = __r.x;
        y.__x = __r.y;
    }
    __host__ __device__ __nv_bfloat162 &operator=(const __nv_bfloat162_raw &__r)
    {
        x.__x = __r.x;
        y.__x = __r.y;
        return *this;
    }
    __host__ __device__ operator __nv_bfloat162_raw() const
    {
        __nv_bfloat162_raw __r;
        __r.x = x.__x;
        __r.y = y.__x;
        return __r;
    }
};

typedef __nv_bfloat16 nv_bfloat16;
typedef __nv_bfloat162 nv_bfloat162;

#define CUX_BF16_MK(u) __cux16_mk_bf16((unsigned short)(u))
CUX_FP16_FN __nv_bfloat16 __cux16_mk_bf16(unsigned short __u)
{
    __nv_bfloat16 __h;
    __h.__x = __u;
    return __h;
}

/* --- conversions -------------------------------------------------------- */

CUX_FP16_FN float __bfloat162float(const __nv_bfloat16 __a)
{
    return __cux16::bf16_to_f32(__a.__x);
}
CUX_FP16_FN __nv_bfloat16 __float2bfloat16(const float __a)
{
    return CUX_BF16_MK(CUX_BF16_FROM(from_f32, RN, __a));
}
CUX_FP16_FN __nv_bfloat16 __float2bfloat16_rn(const float __a)
{
    return CUX_BF16_MK(CUX_BF16_FROM(from_f32, RN, __a));
}
CUX_FP16_FN __nv_bfloat16 __float2bfloat16_rz(const float __a)
{
    return CUX_BF16_MK(CUX_BF16_FROM(from_f32, RZ, __a));
}
CUX_FP16_FN __nv_bfloat16 __float2bfloat16_rd(const float __a)
{
    return CUX_BF16_MK(CUX_BF16_FROM(from_f32, RD, __a));
}
CUX_FP16_FN __nv_bfloat16 __float2bfloat16_ru(const float __a)
{
    return CUX_BF16_MK(CUX_BF16_FROM(from_f32, RU, __a));
}
/* Rounded once from double, not through float. */
CUX_FP16_FN __nv_bfloat16 __double2bfloat16(const double __a)
{
    return CUX_BF16_MK(CUX_BF16_FROM(from_f64, RN, __a));
}
CUX_FP16_FN __nv_bfloat162 __float2bfloat162_rn(const float __a)
{
    __nv_bfloat16 __h = __float2bfloat16_rn(__a);
    return __nv_bfloat162(__h, __h);
}
CUX_FP16_FN __nv_bfloat162 __floats2bfloat162_rn(const float __a,
                                                  const float __b)
{
    return __nv_bfloat162(__float2bfloat16_rn(__a), __float2bfloat16_rn(__b));
}
CUX_FP16_FN __nv_bfloat162 __float22bfloat162_rn(const float2 __a)
{
    return __nv_bfloat162(__float2bfloat16_rn(__a.x),
                          __float2bfloat16_rn(__a.y));
}
CUX_FP16_FN float2 __bfloat1622float2(const __nv_bfloat162 __a)
{
    float2 __r;
    __r.x = __bfloat162float(__a.x);
    __r.y = __bfloat162float(__a.y);
    return __r;
}

CUX_FP16_INT_CONVS(__nv_bfloat16, bfloat16, __bfloat162float, CUX_BF16_MK,
                   CUX_BF16_M, CUX_BF16_E)

CUX_FP16_FN short __bfloat16_as_short(const __nv_bfloat16 __h)
{
    return (short)__h.__x;
}
CUX_FP16_FN unsigned short __bfloat16_as_ushort(const __nv_bfloat16 __h)
{
    return __h.__x;
}
CUX_FP16_FN __nv_bfloat16 __short_as_bfloat16(const short __i)
{
    return CUX_BF16_MK(__i);
}
CUX_FP16_FN __nv_bfloat16 __ushort_as_bfloat16(const unsigned short __i)
{
    return CUX_BF16_MK(__i);
}

/* --- data movement ------------------------------------------------------ */

CUX_FP16_FN __nv_bfloat162 __bfloat162bfloat162(const __nv_bfloat16 __a)
{
    return __nv_bfloat162(__a, __a);
}
CUX_FP16_FN __nv_bfloat162 __halves2bfloat162(const __nv_bfloat16 __a,
                                               const __nv_bfloat16 __b)
{
    return __nv_bfloat162(__a, __b);
}
CUX_FP16_FN __nv_bfloat162 make_bfloat162(const __nv_bfloat16 __x,
                                           const __nv_bfloat16 __y)
{
    return __nv_bfloat162(__x, __y);
}
CUX_FP16_FN __nv_bfloat16 __low2bfloat16(const __nv_bfloat162 __a)
{
    return __a.x;
}
CUX_FP16_FN __nv_bfloat16 __high2bfloat16(const __nv_bfloat162 __a)
{
    return __a.y;
}
CUX_FP16_FN __nv_bfloat162 __low2bfloat162(const __nv_bfloat162 __a)
{
    return __nv_bfloat162(__a.x, __a.x);
}
CUX_FP16_FN __nv_bfloat162 __high2bfloat162(const __nv_bfloat162 __a)
{
    return __nv_bfloat162(__a.y, __a.y);
}
CUX_FP16_FN __nv_bfloat162 __lows2bfloat162(const __nv_bfloat162 __a,
                                             const __nv_bfloat162 __b)
{
    return __nv_bfloat162(__a.x, __b.x);
}
CUX_FP16_FN __nv_bfloat162 __highs2bfloat162(const __nv_bfloat162 __a,
                                              const __nv_bfloat162 __b)
{
    return __nv_bfloat162(__a.y, __b.y);
}

/* --- arithmetic, comparisons, math, operators, warps, atomics ---------- */

#define CUX_H __nv_bfloat16
#define CUX_H2 __nv_bfloat162
#define CUX_M CUX_BF16_M
#define CUX_E CUX_BF16_E
#define CUX_WIDEN(u) __cux16::bf16_to_f32(u)
#define CUX_MK(u) CUX_BF16_MK(u)
#if defined(__CUDA_NO_BFLOAT16_OPERATORS__)
#define CUX_NO_OPERATORS
#endif
#include "cux/fp16_ops.inc"
#undef CUX_NO_OPERATORS
#undef CUX_H
#undef CUX_H2
#undef CUX_M
#undef CUX_E
#undef CUX_WIDEN
#undef CUX_MK

#define CUDART_INF_BF16 __ushort_as_bfloat16((unsigned short)0x7f80u)
#define CUDART_MAX_NORMAL_BF16 __ushort_as_bfloat16((unsigned short)0x7f7fu)
#define CUDART_MIN_DENORM_BF16 __ushort_as_bfloat16((unsigned short)0x0001u)
#define CUDART_NAN_BF16 __ushort_as_bfloat16((unsigned short)0x7fffu)
#define CUDART_NEG_ZERO_BF16 __ushort_as_bfloat16((unsigned short)0x8000u)
#define CUDART_ONE_BF16 __ushort_as_bfloat16((unsigned short)0x3f80u)
#define CUDART_ZERO_BF16 __ushort_as_bfloat16((unsigned short)0x0000u)

#endif /* __cplusplus */
#endif
