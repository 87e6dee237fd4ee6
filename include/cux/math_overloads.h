/* cux/math_overloads.h: the C++ float overloads of CUDA's math functions
 * (erf(float), log2(float), rsqrt(float), sincos(float, ...), ...) on
 * the device, which clang's helper headers leave to the CUDA headers.
 *
 * clang's __clang_cuda_math_forward_declares.h declares a static
 * __device__ overload for float of every <cmath> function and pulls it
 * into std with using-declarations; its __clang_cuda_cmath.h defines
 * only the C89 ones (sin(float), pow(float, float), ...).  The C99 ones
 * (erf, log2, acosh, fma, remquo, ...) are left for NVIDIA's
 * math_functions.hpp, which cux does not use.  Without the definitions
 * below, erf(1.0f), std::log2(x) or a template's erf(T) on a float
 * resolve to that declaration and reach the PTX as an external call to
 * the internal symbol _ZL3erff, which no device can provide.  The
 * CUDA-only float overloads (rsqrt(float), normcdf(float), j0(float),
 * ...) are not declared anywhere else; without them such calls pick
 * the double function.
 *
 * Each overload forwards to the float function of the C name, as CUDA's
 * do, so erf(x) and erff(x) give the same bits.  The attributes repeat
 * clang's forward declarations (static, device, always_inline), since a
 * definition has to agree with them; host code keeps the C library's
 * and libstdc++'s overloads.  Only the overloads CUDA declares are
 * defined: an extra one (norm3d(float, ...), say) would make calls with
 * mixed float and double arguments ambiguous where CUDA accepts them. */
#ifndef CUX_MATH_OVERLOADS_H
#define CUX_MATH_OVERLOADS_H

#if defined(__cplusplus) && defined(__CUDA__)

#pragma push_macro("CUX_MDEV")
#define CUX_MDEV static __device__ __inline__ __attribute__((always_inline))

/* Declared by __clang_cuda_math_forward_declares.h, defined here. */
#define CUX_MATH_F1(R, fn) \
    CUX_MDEV R fn(float __x) { return ::fn##f(__x); }
#define CUX_MATH_F2(fn) \
    CUX_MDEV float fn(float __x, float __y) { return ::fn##f(__x, __y); }

CUX_MATH_F1(float, acosh)
CUX_MATH_F1(float, asinh)
CUX_MATH_F1(float, atanh)
CUX_MATH_F1(float, cbrt)
CUX_MATH_F1(float, erf)
CUX_MATH_F1(float, erfc)
CUX_MATH_F1(float, exp2)
CUX_MATH_F1(float, expm1)
CUX_MATH_F1(float, lgamma)
CUX_MATH_F1(float, log1p)
CUX_MATH_F1(float, log2)
CUX_MATH_F1(float, logb)
CUX_MATH_F1(float, nearbyint)
CUX_MATH_F1(float, rint)
CUX_MATH_F1(float, round)
CUX_MATH_F1(float, tgamma)
CUX_MATH_F1(float, trunc)
CUX_MATH_F1(int, ilogb)
CUX_MATH_F1(long, lrint)
CUX_MATH_F1(long long, llrint)
CUX_MATH_F1(long, lround)
CUX_MATH_F1(long long, llround)
CUX_MATH_F2(copysign)
CUX_MATH_F2(fdim)
CUX_MATH_F2(fmax)
CUX_MATH_F2(fmin)
CUX_MATH_F2(hypot)
CUX_MATH_F2(nextafter)
CUX_MATH_F2(remainder)
CUX_MDEV float fma(float __x, float __y, float __z)
{
    return ::fmaf(__x, __y, __z);
}
CUX_MDEV float remquo(float __x, float __y, int *__quo)
{
    return ::remquof(__x, __y, __quo);
}
CUX_MDEV float scalbn(float __x, int __n) { return ::scalbnf(__x, __n); }
CUX_MDEV float scalbln(float __x, long __n) { return ::scalblnf(__x, __n); }

/* nan() and nanf() are declared there too and defined nowhere in
 * clang's headers; libdevice has them, taking the tag as signed char. */
CUX_MDEV double nan(const char *__tag)
{
    return __nv_nan((const signed char *)__tag);
}
CUX_MDEV float nanf(const char *__tag)
{
    return __nv_nanf((const signed char *)__tag);
}

/* CUDA's own functions: the float overloads CUDA's math_functions.h
 * declares next to the double ones. */
CUX_MATH_F1(float, exp10)
CUX_MATH_F1(float, rsqrt)
CUX_MATH_F1(float, rcbrt)
CUX_MATH_F1(float, sinpi)
CUX_MATH_F1(float, cospi)
CUX_MATH_F1(float, j0)
CUX_MATH_F1(float, j1)
CUX_MATH_F1(float, y0)
CUX_MATH_F1(float, y1)
CUX_MATH_F1(float, cyl_bessel_i0)
CUX_MATH_F1(float, cyl_bessel_i1)
CUX_MATH_F1(float, erfinv)
CUX_MATH_F1(float, erfcinv)
CUX_MATH_F1(float, normcdfinv)
CUX_MATH_F1(float, normcdf)
CUX_MATH_F1(float, erfcx)
CUX_MDEV float jn(int __n, float __x) { return ::jnf(__n, __x); }
CUX_MDEV float yn(int __n, float __x) { return ::ynf(__n, __x); }
CUX_MDEV void sincos(float __x, float *__s, float *__c)
{
    ::sincosf(__x, __s, __c);
}
CUX_MDEV void sincospi(float __x, float *__s, float *__c)
{
    ::sincospif(__x, __s, __c);
}

#undef CUX_MATH_F1
#undef CUX_MATH_F2

#pragma pop_macro("CUX_MDEV")

#endif

#endif
