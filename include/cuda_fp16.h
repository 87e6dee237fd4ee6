/* cuda_fp16.h: CUDA's half precision type (__half, __half2) for cux,
 * written from the CUDA Math API documentation; host and device alike.
 *
 * __half is the IEEE binary16 bit pattern in an unsigned short; __half2 is
 * two of them, .x in the low 16 bits.  Conversions are integer bit
 * manipulation (cux/fp16_bits.h), arithmetic is float arithmetic rounded
 * once (cux/fp16_ops.inc), so host and device give the same bits. */
#ifndef CUX_CUDA_FP16_H
#define CUX_CUDA_FP16_H
/* NVIDIA's guard names: code tests them to see whether half is in. */
#define __CUDA_FP16_H__
#define __CUDA_FP16_HPP__
#define __CUDA_FP16_TYPES_EXIST__

#include "host_defines.h"
#include "vector_types.h"

#if !defined(__cplusplus)
/* C sees the storage types only, as with NVIDIA's header. */
typedef struct { unsigned short x; } __half_raw;
typedef struct { unsigned short x, y; } __half2_raw;
typedef struct { unsigned short __x; } __half;
typedef struct { __half x, y; } __half2;
#else

#include <math.h>
#include "cux/fp16_bits.h"

struct __half_raw {
    unsigned short x;
};
struct __half2_raw {
    unsigned short x;
    unsigned short y;
};

#define CUX_HALF_M 10
#define CUX_HALF_E 5
#define CUX_HALF_FROM(how, R, v) \
    (__cux16::how<CUX_HALF_M, CUX_HALF_E, __cux16::R>(v))

struct alignas(2) __half {
    unsigned short __x; /* the bits (NVIDIA's is protected; here public) */

    __half() = default;
    __host__ __device__ constexpr __half(const __half_raw &__r) : __x(__r.x) {}
    __host__ __device__ __half &operator=(const __half_raw &__r)
    {
        __x = __r.x;
        return *this;
    }
    __host__ __device__ operator __half_raw() const
    {
        __half_raw __r;
        __r.x = __x;
        return __r;
    }
    __host__ __device__ __half(float __f)
        : __x(CUX_HALF_FROM(from_f32, RN, __f)) {}
    __host__ __device__ __half(double __d)
        : __x(CUX_HALF_FROM(from_f64, RN, __d)) {}
    __host__ __device__ __half &operator=(float __f)
    {
        __x = CUX_HALF_FROM(from_f32, RN, __f);
        return *this;
    }
    __host__ __device__ __half &operator=(double __d)
    {
        __x = CUX_HALF_FROM(from_f64, RN, __d);
        return *this;
    }
    __host__ __device__ operator float() const
    {
        return __cux16::half_to_f32(__x);
    }
#if !defined(__CUDA_NO_HALF_CONVERSIONS__)
    /* Integers convert rounding to nearest; half to integer truncates. */
#define CUX_HALF_INT(T, how)                                                 \
    __host__ __device__ __half(T __i) : __x(CUX_HALF_FROM(how, RN, __i)) {}  \
    __host__ __device__ __half &operator=(T __i)                             \
    {                                                                        \
        __x = CUX_HALF_FROM(how, RN, __i);                                   \
        return *this;                                                        \
    }                                                                        \
    __host__ __device__ explicit operator T() const                          \
    {                                                                        \
        return __cux16::sat_int<T>(::truncf(__cux16::half_to_f32(__x)),      \
                                   sizeof(T) == 8 ? (T)(1ull << 63) : (T)0); \
    }
    CUX_HALF_INT(short, from_i32)
    CUX_HALF_INT(unsigned short, from_i32)
    CUX_HALF_INT(int, from_i32)
    CUX_HALF_INT(unsigned int, from_i32)
    CUX_HALF_INT(long long, from_s64)
    CUX_HALF_INT(unsigned long long, from_u64_)
    CUX_HALF_INT(long, from_s64)
    CUX_HALF_INT(unsigned long, from_u64_)
#undef CUX_HALF_INT
    __host__ __device__ explicit operator signed char() const
    {
        return __cux16::sat_int<signed char>(
            ::truncf(__cux16::half_to_f32(__x)), 0);
    }
    __host__ __device__ explicit operator unsigned char() const
    {
        return __cux16::sat_int<unsigned char>(
            ::truncf(__cux16::half_to_f32(__x)), 0);
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

struct alignas(4) __half2 {
    __half x;
    __half y;

    __half2() = default;
    __host__ __device__ constexpr __half2(const __half &__a, const __half &__b)
        : x(__a), y(__b) {}
    __host__ __device__ __half2(const __half2_raw &__r)
    {
        x.__x = __r.x;
        y.__x = __r.y;
    }
    __host__ __device__ __half2 &operator=(const __half2_raw &__r)
    {
        x.__x = __r.x;
        y.__x = __r.y;
        return *this;
    }
    __host__ __device__ operator __half2_raw() const
    {
        __half2_raw __r;
        __r.x = x.__x;
        __r.y = y.__x;
        return __r;
    }
};

typedef __half half;
typedef __half2 half2;

#define CUX_FP16_MK(u) __cux16_mk_half((unsigned short)(u))
CUX_FP16_FN __half __cux16_mk_half(unsigned short __u)
{
    __half __h;
    __h.__x = __u;
    return __h;
}

/* --- conversions -------------------------------------------------------- */

CUX_FP16_FN float __half2float(const __half __a)
{
    return __cux16::half_to_f32(__a.__x);
}
CUX_FP16_FN __half __float2half(const float __a)
{
    return CUX_FP16_MK(CUX_HALF_FROM(from_f32, RN, __a));
}
CUX_FP16_FN __half __float2half_rn(const float __a)
{
    return CUX_FP16_MK(CUX_HALF_FROM(from_f32, RN, __a));
}
CUX_FP16_FN __half __float2half_rz(const float __a)
{
    return CUX_FP16_MK(CUX_HALF_FROM(from_f32, RZ, __a));
}
CUX_FP16_FN __half __float2half_rd(const float __a)
{
    return CUX_FP16_MK(CUX_HALF_FROM(from_f32, RD, __a));
}
CUX_FP16_FN __half __float2half_ru(const float __a)
{
    return CUX_FP16_MK(CUX_HALF_FROM(from_f32, RU, __a));
}
/* Rounded once from double, not through float. */
CUX_FP16_FN __half __double2half(const double __a)
{
    return CUX_FP16_MK(CUX_HALF_FROM(from_f64, RN, __a));
}
CUX_FP16_FN __half2 __float2half2_rn(const float __a)
{
    __half __h = __float2half_rn(__a);
    return __half2(__h, __h);
}
CUX_FP16_FN __half2 __floats2half2_rn(const float __a, const float __b)
{
    return __half2(__float2half_rn(__a), __float2half_rn(__b));
}
CUX_FP16_FN __half2 __float22half2_rn(const float2 __a)
{
    return __half2(__float2half_rn(__a.x), __float2half_rn(__a.y));
}
CUX_FP16_FN float2 __half22float2(const __half2 __a)
{
    float2 __r;
    __r.x = __half2float(__a.x);
    __r.y = __half2float(__a.y);
    return __r;
}

CUX_FP16_INT_CONVS(__half, half, __half2float, CUX_FP16_MK, CUX_HALF_M,
                   CUX_HALF_E)

CUX_FP16_FN short __half_as_short(const __half __h) { return (short)__h.__x; }
CUX_FP16_FN unsigned short __half_as_ushort(const __half __h)
{
    return __h.__x;
}
CUX_FP16_FN __half __short_as_half(const short __i) { return CUX_FP16_MK(__i); }
CUX_FP16_FN __half __ushort_as_half(const unsigned short __i)
{
    return CUX_FP16_MK(__i);
}

/* --- data movement ------------------------------------------------------ */

CUX_FP16_FN __half2 __half2half2(const __half __a) { return __half2(__a, __a); }
CUX_FP16_FN __half2 __halves2half2(const __half __a, const __half __b)
{
    return __half2(__a, __b);
}
CUX_FP16_FN __half2 make_half2(const __half __x, const __half __y)
{
    return __half2(__x, __y);
}
CUX_FP16_FN __half __low2half(const __half2 __a) { return __a.x; }
CUX_FP16_FN __half __high2half(const __half2 __a) { return __a.y; }
CUX_FP16_FN __half2 __low2half2(const __half2 __a)
{
    return __half2(__a.x, __a.x);
}
CUX_FP16_FN __half2 __high2half2(const __half2 __a)
{
    return __half2(__a.y, __a.y);
}
CUX_FP16_FN __half2 __lows2half2(const __half2 __a, const __half2 __b)
{
    return __half2(__a.x, __b.x);
}
CUX_FP16_FN __half2 __highs2half2(const __half2 __a, const __half2 __b)
{
    return __half2(__a.y, __b.y);
}

/* --- arithmetic, comparisons, math, operators, warps, atomics ---------- */

#define CUX_H __half
#define CUX_H2 __half2
#define CUX_M CUX_HALF_M
#define CUX_E CUX_HALF_E
#define CUX_WIDEN(u) __cux16::half_to_f32(u)
#define CUX_MK(u) CUX_FP16_MK(u)
#if defined(__CUDA_NO_HALF_OPERATORS__)
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

#define CUDART_INF_FP16 __ushort_as_half((unsigned short)0x7c00u)
#define CUDART_MAX_NORMAL_FP16 __ushort_as_half((unsigned short)0x7bffu)
#define CUDART_MIN_DENORM_FP16 __ushort_as_half((unsigned short)0x0001u)
#define CUDART_NAN_FP16 __ushort_as_half((unsigned short)0x7fffu)
#define CUDART_NEG_ZERO_FP16 __ushort_as_half((unsigned short)0x8000u)
#define CUDART_ONE_FP16 __ushort_as_half((unsigned short)0x3c00u)
#define CUDART_ZERO_FP16 __ushort_as_half((unsigned short)0x0000u)

#endif /* __cplusplus */
#endif
