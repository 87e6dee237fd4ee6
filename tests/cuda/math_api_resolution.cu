// math_api_resolution.cu: every function of the CUDA Math API (single and
// double precision, their intrinsics, the integer min/max/abs family)
// called in every way a program can name it: the C name (erff, ::erff),
// the C++ overload (erf(float) must be the float function, as in CUDA),
// std:: (std::erf(float), std::erff where libstdc++ has it), and from
// templates.  A call that ends as an unresolved internal function
// (_ZL3erff: a static overload declared but never defined) stops the
// launch; a form that picks another overload has another type (checked
// at compile time) or gives other bits than the C name, and every value
// must match the host within CUDA's documented error.  This file is part
// 1 (the functions of C and C++); math_api_resolution_cuda.cu includes it
// as part 2 (CUDA's own functions, classification, min/max, intrinsics).
// cux-heavy-jit-nvcc: nvcc inlines the math library at each call; its C takes a minute to compile on 2 cores
// cux-long-jit: its kernels compile for most of a minute with a cold cache at 4 lanes (SSE) on 2 cores

// Standard headers before cuda_runtime.h, as many programs have them;
// math_api_resolution_bare.cu has none.
#include <math.h>
#include <cstdlib>
#include <cmath>
#include <cuda_runtime.h>

#ifndef MATH_API_NAME
#define MATH_API_NAME "math_api_resolution"
#endif

// ---- the calls ---------------------------------------------------------
//
// E_(fn, M, R, ARGS, DOM, REF, ULPF, ULPD, ABSF, ABSD) names one function
// pair fnf/fn.  M says which names exist besides fnf and fn:
//   S99  C99/C++11: fn(float) overload, std::fn, and std::fnf (libstdc++)
//   S89  C89: fn(float) overload and std::fn, no std::fnf
//   CU   CUDA only: fn(float) overload, no std::
//   CN   CUDA only, no fn(float) overload (norm3d, rhypot, ...)
// R is RV for a value, RVA for a value and out-parameters, RVOID for
// void.  ARGS(s) is the argument list, with x, y, z, w, n, arr the inputs
// and p1/p2/e the out-parameters of form s.
// DOM gives the inputs from t in (0,1) and u, v (other points in (0,1));
// REF the host's answer (value, p1, p2, e) in long double from X, Y, Z, W,
// N, with P = 0 for the float function and 1 for the double one.
// Tolerances follow the CUDA Programming Guide's tables (ulp of the
// result, plus an absolute error where the guide gives one).

#define A1(s) (x)
#define A2(s) (x, y)
#define A3(s) (x, y, z)
#define A4(s) (x, y, z, w)
#define AXN(s) (x, n)
#define AXL(s) (x, (long)n)
#define ANX(s) (n, x)
#define AFREXP(s) (x, &e[s])
#define AMODF(s) (x, &p1[s])
#define AREMQUO(s) (x, y, &e[s])
#define ASINCOS(s) (x, &p1[s], &p2[s])
#define ANORM(s) (4, arr)

#define PI_L 3.141592653589793238462643383279502884L
#define SQRT2_L 1.414213562373095048801688724209698079L

#define MATH_LIST_STD(E_) \
    E_(acos, S89, RV, A1, (2 * t - 1, 0, 0, 0, 0), (acosl(X), 0, 0, 0), 2, 2, 0, 0) \
    E_(asin, S89, RV, A1, (1.98 * t - 0.99, 0, 0, 0, 0), (asinl(X), 0, 0, 0), 2, 2, 0, 0) \
    E_(atan, S89, RV, A1, ((t - 0.5) * 8, 0, 0, 0, 0), (atanl(X), 0, 0, 0), 2, 2, 0, 0) \
    E_(ceil, S89, RV, A1, ((t - 0.5) * 7.3, 0, 0, 0, 0), (ceill(X), 0, 0, 0), 0, 0, 0, 0) \
    E_(cos, S89, RV, A1, ((t - 0.5) * 6, 0, 0, 0, 0), (cosl(X), 0, 0, 0), 2, 2, 0, 0) \
    E_(cosh, S89, RV, A1, ((t - 0.5) * 6, 0, 0, 0, 0), (coshl(X), 0, 0, 0), 2, 1, 0, 0) \
    E_(exp, S89, RV, A1, ((t - 0.5) * 20, 0, 0, 0, 0), (expl(X), 0, 0, 0), 2, 1, 0, 0) \
    E_(fabs, S89, RV, A1, ((t - 0.5) * 7, 0, 0, 0, 0), (fabsl(X), 0, 0, 0), 0, 0, 0, 0) \
    E_(floor, S89, RV, A1, ((t - 0.5) * 7.3, 0, 0, 0, 0), (floorl(X), 0, 0, 0), 0, 0, 0, 0) \
    E_(log, S89, RV, A1, (t * 10 + 0.01, 0, 0, 0, 0), (logl(X), 0, 0, 0), 1, 1, 0, 0) \
    E_(log10, S89, RV, A1, (t * 10 + 0.01, 0, 0, 0, 0), (log10l(X), 0, 0, 0), 2, 1, 0, 0) \
    E_(sin, S89, RV, A1, ((t - 0.5) * 6, 0, 0, 0, 0), (sinl(X), 0, 0, 0), 2, 2, 0, 0) \
    E_(sinh, S89, RV, A1, ((t - 0.5) * 6, 0, 0, 0, 0), (sinhl(X), 0, 0, 0), 3, 2, 0, 0) \
    E_(sqrt, S89, RV, A1, (t * 9, 0, 0, 0, 0), (sqrtl(X), 0, 0, 0), 0, 0, 0, 0) \
    E_(tan, S89, RV, A1, ((t - 0.5) * 2.8, 0, 0, 0, 0), (tanl(X), 0, 0, 0), 4, 2, 0, 0) \
    E_(tanh, S89, RV, A1, ((t - 0.5) * 6, 0, 0, 0, 0), (tanhl(X), 0, 0, 0), 2, 2, 0, 0) \
    E_(atan2, S89, RV, A2, ((t - 0.5) * 4, (u - 0.3) * 3, 0, 0, 0), (atan2l(X, Y), 0, 0, 0), 3, 2, 0, 0) \
    E_(fmod, S89, RV, A2, ((t - 0.5) * 20, 0.5 + u * 3, 0, 0, 0), (fmodl(X, Y), 0, 0, 0), 0, 0, 0, 0) \
    E_(pow, S89, RV, A2, (0.1 + t * 5, (u - 0.5) * 6, 0, 0, 0), (powl(X, Y), 0, 0, 0), 4, 2, 0, 0) \
    E_(ldexp, S89, RV, AXN, ((t - 0.5) * 3, 0, 0, 0, i * 7 - 20), (ldexpl(X, N), 0, 0, 0), 0, 0, 0, 0) \
    E_(frexp, S89, RVA, AFREXP, ((t - 0.5) * 300, 0, 0, 0, 0), (ref_frexp(X, 0), 0, 0, ref_frexp(X, 1)), 0, 0, 0, 0) \
    E_(modf, S89, RVA, AMODF, ((t - 0.5) * 30, 0, 0, 0, 0), (ref_modf(X, 0), ref_modf(X, 1), 0, 0), 0, 0, 0, 0) \
    E_(acosh, S99, RV, A1, (1 + t * 9, 0, 0, 0, 0), (acoshl(X), 0, 0, 0), 4, 3, 0, 0) \
    E_(asinh, S99, RV, A1, ((t - 0.5) * 10, 0, 0, 0, 0), (asinhl(X), 0, 0, 0), 3, 3, 0, 0) \
    E_(atanh, S99, RV, A1, ((2 * t - 1) * 0.9, 0, 0, 0, 0), (atanhl(X), 0, 0, 0), 3, 2, 0, 0) \
    E_(cbrt, S99, RV, A1, ((t - 0.5) * 20, 0, 0, 0, 0), (cbrtl(X), 0, 0, 0), 1, 1, 0, 0) \
    E_(erf, S99, RV, A1, ((t - 0.5) * 4, 0, 0, 0, 0), (erfl(X), 0, 0, 0), 2, 2, 0, 0) \
    E_(erfc, S99, RV, A1, ((t - 0.5) * 6, 0, 0, 0, 0), (erfcl(X), 0, 0, 0), 4, 5, 0, 0) \
    E_(exp2, S99, RV, A1, ((t - 0.5) * 20, 0, 0, 0, 0), (exp2l(X), 0, 0, 0), 2, 1, 0, 0) \
    E_(expm1, S99, RV, A1, ((t - 0.5) * 4, 0, 0, 0, 0), (expm1l(X), 0, 0, 0), 1, 1, 0, 0) \
    E_(lgamma, S99, RV, A1, (2.5 + t * 6, 0, 0, 0, 0), (lgammal(X), 0, 0, 0), 6, 4, 0, 0) \
    E_(log1p, S99, RV, A1, (t * 5 - 0.5, 0, 0, 0, 0), (log1pl(X), 0, 0, 0), 1, 1, 0, 0) \
    E_(log2, S99, RV, A1, (t * 10 + 0.01, 0, 0, 0, 0), (log2l(X), 0, 0, 0), 1, 1, 0, 0) \
    E_(logb, S99, RV, A1, ((t + 0.01) * 1000, 0, 0, 0, 0), (logbl(X), 0, 0, 0), 0, 0, 0, 0) \
    E_(nearbyint, S99, RV, A1, (i - 3.5, 0, 0, 0, 0), (nearbyintl(X), 0, 0, 0), 0, 0, 0, 0) \
    E_(rint, S99, RV, A1, ((t - 0.5) * 9, 0, 0, 0, 0), (rintl(X), 0, 0, 0), 0, 0, 0, 0) \
    E_(round, S99, RV, A1, (i - 3.5, 0, 0, 0, 0), (roundl(X), 0, 0, 0), 0, 0, 0, 0) \
    E_(tgamma, S99, RV, A1, (0.5 + t * 5, 0, 0, 0, 0), (tgammal(X), 0, 0, 0), 5, 10, 0, 0) \
    E_(trunc, S99, RV, A1, ((t - 0.5) * 9, 0, 0, 0, 0), (truncl(X), 0, 0, 0), 0, 0, 0, 0) \
    E_(ilogb, S99, RV, A1, ((t + 0.01) * 1000, 0, 0, 0, 0), (ilogbl(X), 0, 0, 0), 0, 0, 0, 0) \
    E_(lrint, S99, RV, A1, (i - 3.5, 0, 0, 0, 0), (lrintl(X), 0, 0, 0), 0, 0, 0, 0) \
    E_(llrint, S99, RV, A1, ((t - 0.5) * 9, 0, 0, 0, 0), (llrintl(X), 0, 0, 0), 0, 0, 0, 0) \
    E_(lround, S99, RV, A1, (i - 3.5, 0, 0, 0, 0), (lroundl(X), 0, 0, 0), 0, 0, 0, 0) \
    E_(llround, S99, RV, A1, (i - 3.5, 0, 0, 0, 0), (llroundl(X), 0, 0, 0), 0, 0, 0, 0) \
    E_(copysign, S99, RV, A2, ((t - 0.5) * 5, u - 0.5, 0, 0, 0), (copysignl(X, Y), 0, 0, 0), 0, 0, 0, 0) \
    E_(fdim, S99, RV, A2, ((t - 0.5) * 5, (u - 0.5) * 5, 0, 0, 0), (fdiml(X, Y), 0, 0, 0), 0, 0, 0, 0) \
    E_(fmax, S99, RV, A2, ((t - 0.5) * 5, (u - 0.5) * 5, 0, 0, 0), (fmaxl(X, Y), 0, 0, 0), 0, 0, 0, 0) \
    E_(fmin, S99, RV, A2, ((t - 0.5) * 5, (u - 0.5) * 5, 0, 0, 0), (fminl(X, Y), 0, 0, 0), 0, 0, 0, 0) \
    E_(hypot, S99, RV, A2, ((t - 0.5) * 5, (u - 0.5) * 5, 0, 0, 0), (hypotl(X, Y), 0, 0, 0), 3, 2, 0, 0) \
    E_(nextafter, S99, RV, A2, ((t - 0.5) * 5, (u - 0.5) * 5, 0, 0, 0), (ref_nextafter(P, X, Y), 0, 0, 0), 0, 0, 0, 0) \
    E_(remainder, S99, RV, A2, ((t - 0.5) * 20, 0.5 + u * 3, 0, 0, 0), (remainderl(X, Y), 0, 0, 0), 0, 0, 0, 0) \
    E_(fma, S99, RV, A3, ((t - 0.5) * 5, (u - 0.5) * 5, v - 0.5, 0, 0), (ref_fma(P, X, Y, Z), 0, 0, 0), 0, 0, 0, 0) \
    E_(scalbn, S99, RV, AXN, ((t - 0.5) * 3, 0, 0, 0, i * 9 - 30), (scalbnl(X, N), 0, 0, 0), 0, 0, 0, 0) \
    E_(scalbln, S99, RV, AXL, ((t - 0.5) * 3, 0, 0, 0, 40 - i * 9), (scalblnl(X, N), 0, 0, 0), 0, 0, 0, 0) \
    E_(remquo, S99, RVA, AREMQUO, ((t - 0.5) * 6, 0.9 + u * 2, 0, 0, 0), (remainderl(X, Y), 0, 0, ref_quo(X, Y)), 0, 0, 0, 0)

#define MATH_LIST_CUDA(E_) \
    E_(exp10, CU, RV, A1, ((t - 0.5) * 10, 0, 0, 0, 0), (powl(10.0L, X), 0, 0, 0), 2, 1, 0, 0) \
    E_(rsqrt, CU, RV, A1, (t * 10 + 0.1, 0, 0, 0, 0), (1 / sqrtl(X), 0, 0, 0), 2, 1, 0, 0) \
    E_(rcbrt, CU, RV, A1, ((t - 0.5) * 10, 0, 0, 0, 0), (1 / cbrtl(X), 0, 0, 0), 1, 1, 0, 0) \
    E_(sinpi, CU, RV, A1, ((t - 0.5) * 3, 0, 0, 0, 0), (sinl(PI_L * X), 0, 0, 0), 1, 2, 0, 0) \
    E_(cospi, CU, RV, A1, ((t - 0.5) * 3, 0, 0, 0, 0), (cosl(PI_L * X), 0, 0, 0), 1, 2, 0, 0) \
    E_(j0, CU, RV, A1, (0.1 + t * 2, 0, 0, 0, 0), (j0l(X), 0, 0, 0), 9, 7, 2.2e-6, 5e-12) \
    E_(j1, CU, RV, A1, (0.1 + t * 3, 0, 0, 0, 0), (j1l(X), 0, 0, 0), 9, 7, 2.2e-6, 5e-12) \
    E_(y0, CU, RV, A1, (0.1 + t * 0.7, 0, 0, 0, 0), (y0l(X), 0, 0, 0), 9, 7, 2.2e-6, 5e-12) \
    E_(y1, CU, RV, A1, (0.1 + t * 1.9, 0, 0, 0, 0), (y1l(X), 0, 0, 0), 9, 7, 2.2e-6, 5e-12) \
    E_(jn, CU, RV, ANX, (0.5 + t * 4, 0, 0, 0, 2), (jnl(N, X), 0, 0, 0), 7, 7, 2.2e-6, 5e-12) \
    E_(yn, CU, RV, ANX, (0.5 + t * 2.5, 0, 0, 0, 2), (ynl(N, X), 0, 0, 0), 7, 7, 2.2e-6, 5e-12) \
    E_(cyl_bessel_i0, CU, RV, A1, ((t - 0.5) * 10, 0, 0, 0, 0), (ref_i0(X), 0, 0, 0), 6, 6, 0, 0) \
    E_(cyl_bessel_i1, CU, RV, A1, ((t - 0.5) * 10, 0, 0, 0, 0), (ref_i1(X), 0, 0, 0), 6, 6, 0, 0) \
    E_(erfinv, CU, RV, A1, ((2 * t - 1) * 0.95, 0, 0, 0, 0), (ref_erfinv(X), 0, 0, 0), 2, 5, 0, 0) \
    E_(erfcinv, CU, RV, A1, (0.05 + t * 1.9, 0, 0, 0, 0), (ref_erfinv(1 - X), 0, 0, 0), 4, 6, 0, 0) \
    E_(normcdfinv, CU, RV, A1, (0.02 + t * 0.96, 0, 0, 0, 0), (-SQRT2_L * ref_erfinv(1 - 2 * X), 0, 0, 0), 5, 8, 0, 0) \
    E_(normcdf, CU, RV, A1, ((t - 0.5) * 8, 0, 0, 0, 0), (0.5L * erfcl(-X / SQRT2_L), 0, 0, 0), 5, 5, 0, 0) \
    E_(erfcx, CU, RV, A1, ((t - 0.3) * 6, 0, 0, 0, 0), (expl(X * X) * erfcl(X), 0, 0, 0), 4, 4, 0, 0) \
    E_(sincos, CU, RVOID, ASINCOS, ((t - 0.5) * 6, 0, 0, 0, 0), (0, sinl(X), cosl(X), 0), 2, 2, 0, 0) \
    E_(sincospi, CU, RVOID, ASINCOS, ((t - 0.5) * 3, 0, 0, 0, 0), (0, sinl(PI_L * X), cosl(PI_L * X), 0), 1, 2, 0, 0) \
    E_(rhypot, CN, RV, A2, ((t - 0.5) * 5, (u - 0.5) * 5, 0, 0, 0), (1 / hypotl(X, Y), 0, 0, 0), 2, 1, 0, 0) \
    E_(norm3d, CN, RV, A3, ((t - 0.5) * 5, (u - 0.5) * 5, v - 0.5, 0, 0), (sqrtl(X * X + Y * Y + Z * Z), 0, 0, 0), 3, 2, 0, 0) \
    E_(rnorm3d, CN, RV, A3, ((t - 0.5) * 5, (u - 0.5) * 5, v - 0.5, 0, 0), (1 / sqrtl(X * X + Y * Y + Z * Z), 0, 0, 0), 2, 1, 0, 0) \
    E_(norm4d, CN, RV, A4, ((t - 0.5) * 5, (u - 0.5) * 5, v - 0.5, t * u, 0), (sqrtl(X * X + Y * Y + Z * Z + W * W), 0, 0, 0), 3, 2, 0, 0) \
    E_(rnorm4d, CN, RV, A4, ((t - 0.5) * 5, (u - 0.5) * 5, v - 0.5, t * u, 0), (1 / sqrtl(X * X + Y * Y + Z * Z + W * W), 0, 0, 0), 2, 1, 0, 0) \
    E_(norm, CN, RV, ANORM, ((t - 0.5) * 5, (u - 0.5) * 5, v - 0.5, t * u, 0), (sqrtl(X * X + Y * Y + Z * Z + W * W), 0, 0, 0), 4, 2, 0, 0) \
    E_(rnorm, CN, RV, ANORM, ((t - 0.5) * 5, (u - 0.5) * 5, v - 0.5, t * u, 0), (1 / sqrtl(X * X + Y * Y + Z * Z + W * W), 0, 0, 0), 3, 1, 0, 0)

// The CPU device compiles a module's PTX with a C compiler, and about a
// thousand calls take it over 20 s; the list is split between two
// programs: this one (part 1) and math_api_resolution_cuda.cu (part 2,
// CUDA's own functions, classification, min/max and the intrinsics).
#ifndef MATH_API_PART
#define MATH_API_PART 1
#endif
#if MATH_API_PART == 1
#define MATH_LIST MATH_LIST_STD
#else
#define MATH_LIST MATH_LIST_CUDA
#endif

// Per mode, the callee of each form.  Float forms: 0 fnf, 1 ::fnf,
// 2 fn (overload), 3 std::fn / ::fn, 4 fn from a template, 5 std::fn /
// ::fn from a template, 6 std::fnf (S99) or fnf from a template; CN
// functions have no float overload, so their forms 2 to 6 use fnf.
// Double forms: 0 fn, 1 ::fn, 2 std::fn / ::fn, 3 and 4 from templates.
#define QUAL_S99 std::
#define QUAL_S89 std::
#define QUAL_CU ::
#define QUAL_CN ::
#define F2_S99(fn) fn
#define F2_S89(fn) fn
#define F2_CU(fn) fn
#define F2_CN(fn) fn##f
#define F3_S99(fn) std::fn
#define F3_S89(fn) std::fn
#define F3_CU(fn) ::fn
#define F3_CN(fn) ::fn##f
#define F4_S99(fn) tu_##fn
#define F4_S89(fn) tu_##fn
#define F4_CU(fn) tu_##fn
#define F4_CN(fn) tf_##fn
#define F5_S99(fn) tq_##fn
#define F5_S89(fn) tq_##fn
#define F5_CU(fn) tq_##fn
#define F5_CN(fn) tf_##fn
#define F6_S99(fn) std::fn##f
#define F6_S89(fn) tf_##fn
#define F6_CU(fn) tf_##fn
#define F6_CN(fn) tf_##fn

#define NIN 8
#define NFORM 7  /* forms per precision: 7 for float, 5 for double */
#define NOUT 5   /* value, p1, p2, e of form 0; mask of differing forms */

template <class A, class B> struct same_type { static const bool value = false; };
template <class A> struct same_type<A, A> { static const bool value = true; };

// Templates call through a dependent name, as generic user code does.
#define DEF_TEMPLATES(fn, M, R, ARGS, DOM, REF, UF, UD, AF, AD) \
    template <class... A> __device__ auto tu_##fn(A... a) { return fn(a...); } \
    template <class... A> __device__ auto tq_##fn(A... a) { return QUAL_##M fn(a...); } \
    template <class... A> __device__ auto tf_##fn(A... a) { return fn##f(a...); }
MATH_LIST(DEF_TEMPLATES)

#define ENUM_ENTRY(fn, ...) K_##fn,
enum { MATH_LIST(ENUM_ENTRY) NFUNC };

// Form 0's results go to out; every other form only sets its bit in a
// mask where its value or out-parameters differ from form 0's.  Storing
// every form's results made the kernel's code four times larger, and the
// CPU device's JIT time grows with it.
#define VAL_RV(call) (call)
#define VAL_RVA(call) (call)
#define VAL_RVOID(call) ((call), 0)
#define AUX_RV()
#define AUX_RVA() o_[1] = p1[0]; o_[2] = p2[0]; o_[3] = e[0];
#define AUX_RVOID() AUX_RVA()
#define FORM(R, s, call) \
    diff_ |= (unsigned)((VAL_##R(call) != v0_) | (p1[s] != p1[0]) | \
                        (p2[s] != p2[0]) | (e[s] != e[0])) << (s);

#define SECTION_INPUTS(T, P) \
    const T *in_ = (const T *)(sizeof(T) == 4 ? (const void *)fin : (const void *)din) + (k_ * NIN + i) * 4; \
    T x = in_[0], y = in_[1], z = in_[2], w = in_[3]; \
    T arr[4] = {x, y, z, w}; \
    T p1[NFORM] = {}, p2[NFORM] = {}; \
    int e[NFORM] = {}; \
    int n = nin[k_ * NIN + i]; \
    double *o_ = out + ((k_ * NIN + i) * 2 + (P)) * NOUT; \
    unsigned diff_ = 0; \
    (void)y; (void)z; (void)w; (void)arr; (void)n;

#define SECTION_END(R) \
    o_[0] = (double)v0_; \
    AUX_##R() \
    o_[4] = diff_;

#define RUN_ENTRY(fn, M, R, ARGS, DOM, REF, UF, UD, AF, AD) \
    { \
        const int k_ = K_##fn; \
        { \
            SECTION_INPUTS(float, 0) \
            static_assert(same_type<decltype(F2_##M(fn) ARGS(0)), decltype(fn##f ARGS(0))>::value, \
                          #fn " on float arguments must be the float function"); \
            static_assert(same_type<decltype(F3_##M(fn) ARGS(0)), decltype(fn##f ARGS(0))>::value, \
                          "qualified " #fn " on float arguments must be the float function"); \
            static_assert(same_type<decltype(F4_##M(fn) ARGS(0)), decltype(fn##f ARGS(0))>::value && \
                          same_type<decltype(F5_##M(fn) ARGS(0)), decltype(fn##f ARGS(0))>::value, \
                          #fn " on float arguments in a template must be the float function"); \
            auto v0_ = VAL_##R(fn##f ARGS(0)); \
            FORM(R, 1, ::fn##f ARGS(1)) \
            FORM(R, 2, F2_##M(fn) ARGS(2)) \
            FORM(R, 3, F3_##M(fn) ARGS(3)) \
            FORM(R, 4, F4_##M(fn) ARGS(4)) \
            FORM(R, 5, F5_##M(fn) ARGS(5)) \
            FORM(R, 6, F6_##M(fn) ARGS(6)) \
            SECTION_END(R) \
        } \
        { \
            SECTION_INPUTS(double, 1) \
            static_assert(same_type<decltype(QUAL_##M fn ARGS(0)), decltype(fn ARGS(0))>::value, \
                          "qualified " #fn " on double arguments must be the double function"); \
            auto v0_ = VAL_##R(fn ARGS(0)); \
            FORM(R, 1, ::fn ARGS(1)) \
            FORM(R, 2, QUAL_##M fn ARGS(2)) \
            FORM(R, 3, tu_##fn ARGS(3)) \
            FORM(R, 4, tq_##fn ARGS(4)) \
            SECTION_END(R) \
        } \
    }

// One kernel per function: the CPU device's C compiler takes far longer
// on one huge function than on many small ones.
#define KERNEL_ENTRY(fn, ...) \
    __global__ void k_##fn(const float *fin, const double *din, \
                           const int *nin, double *out) \
    { \
        int i = threadIdx.x; \
        if (i < NIN) \
            RUN_ENTRY(fn, __VA_ARGS__) \
    }
MATH_LIST(KERNEL_ENTRY)

typedef void (*math_kernel)(const float *, const double *, const int *, double *);
#define KERNEL_PTR(fn, ...) k_##fn,
static const math_kernel math_kernels[NFUNC] = {MATH_LIST(KERNEL_PTR)};

#if MATH_API_PART == 2
// ---- classification, nan, pow(x, int), abs, min/max -------------------

template <class T> __device__ int tu_isnan(T a) { return isnan(a); }
template <class T> __device__ int tu_isinf(T a) { return isinf(a); }
template <class T> __device__ int tu_isfinite(T a) { return isfinite(a); }
template <class T> __device__ int tu_signbit(T a) { return signbit(a); }
template <class T> __device__ T tu_abs(T a) { return abs(a); }
template <class T> __device__ T tm_fabs(T a) { return fabs(a); }
template <class T> __device__ T tu_min(T a, T b) { return min(a, b); }
template <class T> __device__ T tu_max(T a, T b) { return max(a, b); }

#define NSPECIAL 9
#define NCLASS 16
#define CLASS_FORMS(fn, T, v, o) \
    (o)[0] = fn(v) != 0; \
    (o)[1] = ::fn(v) != 0; \
    (o)[2] = std::fn(v) != 0; \
    (o)[3] = tu_##fn(v) != 0;

// cls[i * NCLASS + ...]: classification of special value i;
// cls[NSPECIAL * NCLASS + ...]: nan(), pow(x, int), abs, fabs, min/max.
__global__ void math_misc(const float *fs, const double *ds, long long *cls,
                          double *mo, unsigned long long *io)
{
    int i = threadIdx.x;
    if (i < NSPECIAL) {
        float f = fs[i];
        double d = ds[i];
        long long *o = cls + i * NCLASS;
        CLASS_FORMS(isnan, float, f, o)
        CLASS_FORMS(isinf, float, f, o + 4)
        CLASS_FORMS(isfinite, float, f, o + 8)
        CLASS_FORMS(signbit, float, f, o + 12)
        o = cls + (NSPECIAL + i) * NCLASS;
        CLASS_FORMS(isnan, double, d, o)
        CLASS_FORMS(isinf, double, d, o + 4)
        CLASS_FORMS(isfinite, double, d, o + 8)
        CLASS_FORMS(signbit, double, d, o + 12)
    }
    if (i != 0)
        return;
    float f = fs[4];   // 1.5f
    double d = ds[5];  // -2.5
    int k = (int)fs[6] + 3; // 3
    static_assert(same_type<decltype(pow(f, k)), float>::value, "pow(float, int) is float");
    static_assert(same_type<decltype(std::pow(f, k)), float>::value, "std::pow(float, int) is float");
    static_assert(same_type<decltype(abs(f)), float>::value, "abs(float) is float");
    static_assert(same_type<decltype(std::abs(d)), double>::value, "std::abs(double) is double");
    static_assert(same_type<decltype(min(f, f)), float>::value, "min(float, float) is float");
    static_assert(same_type<decltype(max(f, d)), double>::value, "max(float, double) is double");
    static_assert(same_type<decltype(min(k, 2u)), unsigned int>::value, "min(int, unsigned) is unsigned");
    int j = 0;
    mo[j++] = isnan(nanf("")) + 2 * isnan(::nanf("")) + 4 * isnan(std::nanf(""));
    mo[j++] = isnan(nan("")) + 2 * isnan(::nan("")) + 4 * isnan(std::nan(""));
    mo[j++] = pow(f, k);       // 3.375
    mo[j++] = std::pow(f, k);
    mo[j++] = pow(d, k);       // -15.625
    mo[j++] = std::pow(d, -k); // -0.064
    mo[j++] = abs(-f);
    mo[j++] = std::abs(-f);
    mo[j++] = tu_abs(-f);
    mo[j++] = abs(d);
    mo[j++] = std::abs(d);
    mo[j++] = tu_abs(d);
    mo[j++] = fabs(-f);
    mo[j++] = std::fabs(-f);
    mo[j++] = tm_fabs(-f);
    mo[j++] = fabsf(-f);
    mo[j++] = fminf(f, d) + 10 * fmaxf(f, d);   // -2.5 + 15
    mo[j++] = min(f, 2.0f) + 10 * max(f, 2.0f); // 21.5
    mo[j++] = min(d, -3.0) + 10 * max(d, -3.0); // -28
    mo[j++] = min(f, d) + 10 * max(f, d);       // 12.5
    mo[j++] = min(d, f) + 10 * max(d, f);
    mo[j++] = tu_min(f, 2.0f) + 10 * tu_max(d, -3.0);
    // mo[22]: count; fills up to 32
    j = 0;
    unsigned int big = 0xfffffff0u;
    io[j++] = min(k, -k);            // -3 as int
    io[j++] = max(k, -k);
    io[j++] = min(big, 7u);          // unsigned, not int
    io[j++] = max(big, 7u);
    io[j++] = umin(big, 7u) + ((unsigned long long)umax(big, 7u) << 32);
    io[j++] = min(-1, 5u);           // CUDA: unsigned comparison, 5
    io[j++] = max(5u, -1);           // 0xffffffff
    io[j++] = min(-7L, 3L);
    io[j++] = max(0x7fffffff00000000UL, 5UL);
    io[j++] = min(-9LL, 4LL) + 0 * llmin(1, 2);
    io[j++] = llmax(-9LL, 4LL) + llmin(-9LL, 4LL);
    io[j++] = min(0xfffffffffffffff0ULL, 3ULL);
    io[j++] = ullmax(0xfffffffffffffff0ULL, 3ULL) - ullmin(9ULL, 3ULL);
    io[j++] = abs(-k) + labs(-5L) * 10 + llabs(-7LL) * 100;
    io[j++] = abs(-5L) + abs(-6LL) * 10 + std::abs(-7) * 100 + std::abs(-8L) * 1000;
    io[j++] = tu_abs(-9) + tu_min(4u, big) * 10 + tu_max(-2LL, 3LL) * 100;
}

// ---- intrinsics ----------------------------------------------------------

#define RMODES(X) X(rn, FE_TONEAREST) X(rz, FE_TOWARDZERO) X(ru, FE_UPWARD) X(rd, FE_DOWNWARD)
#define NRND 56
#define NAPX 24

// rnd[i * NRND + ...]: the directed-rounding intrinsics on sample i;
// apx[i * NAPX + ...]: the fast approximations.
__global__ void math_intrinsics(const float *fa, const float *fb, const float *fc,
                                const double *da, const double *db, const double *dc,
                                float *rf, double *rd, float *apx)
{
    int i = threadIdx.x;
    if (i >= NIN)
        return;
    float a = fa[i], b = fb[i], c = fc[i];
    double x = da[i], y = db[i], z = dc[i];
    float *of = rf + i * NRND;
    double *od = rd + i * NRND;
    int j = 0;
#define RND_CALLS(m, mode) \
    of[j] = __fadd_##m(a, b); od[j++] = __dadd_##m(x, y); \
    of[j] = __fsub_##m(a, b); od[j++] = __dsub_##m(x, y); \
    of[j] = __fmul_##m(a, b); od[j++] = __dmul_##m(x, y); \
    of[j] = __fdiv_##m(a, b); od[j++] = __ddiv_##m(x, y); \
    of[j] = __fmaf_##m(a, b, c); od[j++] = __fma_##m(x, y, z); \
    of[j] = __frcp_##m(b); od[j++] = __drcp_##m(y); \
    of[j] = __fsqrt_##m(fabsf(b)); od[j++] = __dsqrt_##m(fabs(y));
    RMODES(RND_CALLS)
    float *o = apx + i * NAPX;
    float s, co;
    __sincosf(a, &s, &co);
    j = 0;
    o[j++] = __sinf(a);
    o[j++] = __cosf(a);
    o[j++] = __tanf(a * 0.4f);
    o[j++] = __expf(a);
    o[j++] = __exp10f(a * 0.5f);
    o[j++] = __logf(fabsf(b));
    o[j++] = __log2f(fabsf(b));
    o[j++] = __log10f(fabsf(b));
    o[j++] = __powf(fabsf(b), a);
    o[j++] = s;
    o[j++] = co;
    o[j++] = __fdividef(a, b);
    o[j++] = fdividef(a, b);
    o[j++] = __saturatef(a);
    o[j++] = __frsqrt_rn(fabsf(b));
}

#endif

// ---- host side -----------------------------------------------------------

#include <cfenv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

static inline long double ref_frexp(long double x, int which)
{
    int e;
    long double m = frexpl(x, &e);
    return which ? e : m;
}

static inline long double ref_modf(long double x, int which)
{
    long double ip;
    long double fr = modfl(x, &ip);
    return which ? ip : fr;
}

static inline long double ref_quo(long double x, long double y)
{
    int q;
    remquol(x, y, &q);
    return q;
}

static inline long double ref_nextafter(int p, long double x, long double y)
{
    return p ? (long double)nextafter((double)x, (double)y)
             : (long double)nextafterf((float)x, (float)y);
}

static inline long double ref_fma(int p, long double x, long double y, long double z)
{
    return p ? (long double)fma((double)x, (double)y, (double)z)
             : (long double)fmaf((float)x, (float)y, (float)z);
}

// I0 and I1 by their power series, which converge fast for |x| <= 5.
static inline long double ref_i0(long double x)
{
    long double term = 1, sum = 1, q = x * x / 4;
    for (int k = 1; k < 200; k++) {
        term *= q / ((long double)k * k);
        sum += term;
    }
    return sum;
}

static inline long double ref_i1(long double x)
{
    long double term = x / 2, sum = term, q = x * x / 4;
    for (int k = 1; k < 200; k++) {
        term *= q / ((long double)k * (k + 1));
        sum += term;
    }
    return sum;
}

// erfinv by Newton's method on erfl, from a start that is already close.
static inline long double ref_erfinv(long double y)
{
    long double w = -logl((1 - y) * (1 + y));
    long double x = copysignl(sqrtl(sqrtl(w * w + 2.2L * w)) * 0.9L, y);
    if (fabsl(y) < 0.5L)
        x = y * 0.886226925452758014L;
    for (int k = 0; k < 100; k++) {
        long double f = erfl(x) - y;
        long double d = 1.128379167095512573896L * expl(-x * x);
        long double nx = x - f / d;
        if (nx == x)
            break;
        x = nx;
    }
    return x;
}

// One ulp of a result of the precision at hand (24 or 53 bits).
static long double ulp_of(long double r, int p)
{
    int mant = p ? 52 : 23, emin = p ? -1022 : -126;
    if (r == 0 || isinf(r))
        return ldexpl(1, emin - mant);
    int e = ilogbl(r);
    if (e < emin)
        e = emin;
    return ldexpl(1, e - mant);
}

static int close_to(double got, long double want, int p, double ulps, double abs_err)
{
    if (isnan(want))
        return isnan(got);
    if (isinf(want))
        return got == want;
    long double tol = (ulps + 0.5L) * ulp_of(want, p) + abs_err;
    return fabsl((long double)got - want) <= tol;
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b));
}

static int bad = 0;
static void report_form(const char *what, double x)
{
    if (bad++ < 30)
        printf("%s (x = %.17g)\n", what, x);
}
static void report(const char *what, int which, double x, double got, long double want)
{
    if (bad++ < 30)
        printf("%s [%d] (x = %.17g): got %.17g, expected %.17Lg\n", what,
               which, x, got, want);
}

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL %s\n", __FILE__, __LINE__, #call, \
           cudaGetErrorString(e_), MATH_API_NAME); exit(1); } } while (0)

static const char *const form_names[2][NFORM] = {
    {"fnf", "::fnf", "fn(float)", "std::fn(float) or ::fn(float)",
     "fn(float) in a template", "std::fn(float) in a template",
     "std::fnf or fnf in a template"},
    {"fn(double)", "::fn(double)", "std::fn(double) or ::fn(double)",
     "fn(double) in a template", "std::fn(double) in a template"}};

#define SET_INPUTS(a_, b_, c_, d_, n_) \
    { x = (a_); y = (b_); z = (c_); w = (d_); nn = (n_); }
#define SET_REF(a_, b_, c_, d_) \
    { ref[0] = (a_); ref[1] = (b_); ref[2] = (c_); ref[3] = (d_); }

#define FILL_ENTRY(fn, M, R, ARGS, DOM, REF, UF, UD, AF, AD) \
    for (int i = 0; i < NIN; i++) { \
        double t = (i + 0.5) / NIN, u = ((i * 5 + 3) % NIN + 0.5) / NIN, \
               v = ((i * 3 + 1) % NIN + 0.5) / NIN; \
        double x, y, z, w; \
        int nn; \
        (void)t; (void)u; (void)v; \
        SET_INPUTS DOM \
        double *dp = din + (K_##fn * NIN + i) * 4; \
        float *fp = fin + (K_##fn * NIN + i) * 4; \
        dp[0] = x; dp[1] = y; dp[2] = z; dp[3] = w; \
        fp[0] = (float)x; fp[1] = (float)y; fp[2] = (float)z; fp[3] = (float)w; \
        nin[K_##fn * NIN + i] = nn; \
    }

#define CHECK_ENTRY(fn, M, R, ARGS, DOM, REF, UF, UD, AF, AD) \
    for (int i = 0; i < NIN; i++) \
        for (int P = 0; P < 2; P++) { \
            long double X, Y, Z, W, ref[4]; \
            int N = nin[K_##fn * NIN + i]; \
            if (P) { \
                const double *dp = din + (K_##fn * NIN + i) * 4; \
                X = dp[0]; Y = dp[1]; Z = dp[2]; W = dp[3]; \
            } else { \
                const float *fp = fin + (K_##fn * NIN + i) * 4; \
                X = fp[0]; Y = fp[1]; Z = fp[2]; W = fp[3]; \
            } \
            (void)Y; (void)Z; (void)W; (void)N; \
            SET_REF REF \
            const double *o = out + ((K_##fn * NIN + i) * 2 + P) * NOUT; \
            const char *name = P ? #fn : #fn "f"; \
            for (int q = 0; q < 4; q++) { \
                int ok = q == 3 ? o[q] == (double)ref[3] \
                                : close_to(o[q], ref[q], P, P ? UD : UF, P ? AD : AF); \
                if (!ok) \
                    report(name, q, (double)X, o[q], ref[q]); \
            } \
            unsigned mask = (unsigned)o[4]; \
            for (int s = 1; s < NFORM; s++) \
                if (mask >> s & 1) { \
                    char what_[96]; \
                    snprintf(what_, sizeof what_, "%s differs from %s", \
                             form_names[P][s], name); \
                    report_form(what_, (double)X); \
                } \
        }

#if MATH_API_PART == 2
static float host_round(int mode, float (*op)(float, float, float), float a, float b, float c)
{
    fesetround(mode);
    volatile float r = op(a, b, c);
    fesetround(FE_TONEAREST);
    return r;
}

static double host_round_d(int mode, double (*op)(double, double, double), double a, double b, double c)
{
    fesetround(mode);
    volatile double r = op(a, b, c);
    fesetround(FE_TONEAREST);
    return r;
}

static float f_add(float a, float b, float) { volatile float x = a, y = b; return x + y; }
static float f_sub(float a, float b, float) { volatile float x = a, y = b; return x - y; }
static float f_mul(float a, float b, float) { volatile float x = a, y = b; return x * y; }
static float f_div(float a, float b, float) { volatile float x = a, y = b; return x / y; }
static float f_fma(float a, float b, float c) { volatile float x = a, y = b, z = c; return fmaf(x, y, z); }
static float f_rcp(float, float b, float) { volatile float y = b; return 1.0f / y; }
static float f_sqrt(float, float b, float) { volatile float y = fabsf(b); return sqrtf(y); }
static double d_add(double a, double b, double) { volatile double x = a, y = b; return x + y; }
static double d_sub(double a, double b, double) { volatile double x = a, y = b; return x - y; }
static double d_mul(double a, double b, double) { volatile double x = a, y = b; return x * y; }
static double d_div(double a, double b, double) { volatile double x = a, y = b; return x / y; }
static double d_fma(double a, double b, double c) { volatile double x = a, y = b, z = c; return fma(x, y, z); }
static double d_rcp(double, double b, double) { volatile double y = b; return 1.0 / y; }
static double d_sqrt(double, double b, double) { volatile double y = fabs(b); return sqrt(y); }
#endif

int main()
{
    float *fin = (float *)calloc(NFUNC * NIN * 4, sizeof(float));
    double *din = (double *)calloc(NFUNC * NIN * 4, sizeof(double));
    int *nin = (int *)calloc(NFUNC * NIN, sizeof(int));
    double *out = (double *)calloc(NFUNC * NIN * 2 * NOUT, sizeof(double));
    MATH_LIST(FILL_ENTRY)

    float *dfin;
    double *ddin, *dout;
    int *dnin;
    CHECK(cudaMalloc(&dfin, NFUNC * NIN * 4 * sizeof(float)));
    CHECK(cudaMalloc(&ddin, NFUNC * NIN * 4 * sizeof(double)));
    CHECK(cudaMalloc(&dnin, NFUNC * NIN * sizeof(int)));
    CHECK(cudaMalloc(&dout, NFUNC * NIN * 2 * NOUT * sizeof(double)));
    // Not every function fills every output slot; cudaMalloc'd memory
    // holds whatever was there before, as on a GPU.
    CHECK(cudaMemset(dout, 0, NFUNC * NIN * 2 * NOUT * sizeof(double)));
    CHECK(cudaMemcpy(dfin, fin, NFUNC * NIN * 4 * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(ddin, din, NFUNC * NIN * 4 * sizeof(double), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dnin, nin, NFUNC * NIN * sizeof(int), cudaMemcpyHostToDevice));
    for (int k = 0; k < NFUNC; k++) {
        math_kernels[k]<<<1, NIN>>>(dfin, ddin, dnin, dout);
        CHECK(cudaGetLastError());
    }
    CHECK(cudaMemcpy(out, dout, NFUNC * NIN * 2 * NOUT * sizeof(double), cudaMemcpyDeviceToHost));
    MATH_LIST(CHECK_ENTRY)

#if MATH_API_PART == 2
    // Classification and the odd ones.
    const float fs[NSPECIAL] = {NAN, INFINITY, -INFINITY, -0.0f, 1.5f, -2.5f, 0.0f, 1e-40f, 3e38f};
    const double ds[NSPECIAL] = {NAN, INFINITY, -INFINITY, -0.0, 1.5, -2.5, 0.0, 1e-310, 1e300};
    float *dfs;
    double *dds, *dmo;
    long long *dcls;
    unsigned long long *dio;
    long long cls[2 * NSPECIAL * NCLASS];
    double mo[32] = {0};
    unsigned long long io[32] = {0};
    CHECK(cudaMalloc(&dfs, sizeof fs));
    CHECK(cudaMalloc(&dds, sizeof ds));
    CHECK(cudaMalloc(&dcls, sizeof cls));
    CHECK(cudaMalloc(&dmo, sizeof mo));
    CHECK(cudaMalloc(&dio, sizeof io));
    CHECK(cudaMemcpy(dfs, fs, sizeof fs, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dds, ds, sizeof ds, cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dmo, 0, sizeof mo));
    CHECK(cudaMemset(dio, 0, sizeof io));
    math_misc<<<1, 32>>>(dfs, dds, dcls, dmo, dio);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(cls, dcls, sizeof cls, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(mo, dmo, sizeof mo, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(io, dio, sizeof io, cudaMemcpyDeviceToHost));
    static const char *const cls_names[4] = {"isnan", "isinf", "isfinite", "signbit"};
    for (int p = 0; p < 2; p++)
        for (int i = 0; i < NSPECIAL; i++) {
            double v = p ? ds[i] : fs[i];
            int want[4] = {std::isnan(v), std::isinf(v), std::isfinite(v), std::signbit(v)};
            for (int c = 0; c < 4; c++)
                for (int s = 0; s < 4; s++) {
                    long long got = cls[((p * NSPECIAL) + i) * NCLASS + c * 4 + s];
                    if (got != want[c])
                        report(cls_names[c], s + (p ? 7 : 0), v, (double)got, want[c]);
                }
        }
    const double mo_want[22] = {7, 7, 3.375, 3.375, -15.625, -0.064, 1.5, 1.5, 1.5, 2.5, 2.5, 2.5,
                                1.5, 1.5, 1.5, 1.5, 12.5, 21.5, -28, 12.5, 12.5, -23.5};
    for (int j = 0; j < 22; j++)
        if (!(fabs(mo[j] - mo_want[j]) <= 1e-15 * fabs(mo_want[j])))
            report("misc", j, 0, mo[j], mo_want[j]);
    const unsigned long long io_want[16] = {
        (unsigned long long)(long long)-3, 3, 7, 0xfffffff0u,
        7 + (0xfffffff0ULL << 32), 5, 0xffffffffu, (unsigned long long)-7LL,
        0x7fffffff00000000ULL, (unsigned long long)-9LL, (unsigned long long)-5LL,
        3, 0xfffffffffffffff0ULL - 3, 3 + 50 + 700, 5 + 60 + 700 + 8000, 9 + 40 + 300};
    for (int j = 0; j < 16; j++)
        if (io[j] != io_want[j])
            report("integer min/max/abs", j, 0, (double)io[j], (long double)io_want[j]);

    // Intrinsics: directed roundings against the host FPU in that mode,
    // the approximations within CUDA's stated error.
    float fa[NIN], fb[NIN], fc[NIN];
    double da[NIN], db[NIN], dc[NIN];
    for (int i = 0; i < NIN; i++) {
        fa[i] = (i - 3.7f) * 0.77f;
        fb[i] = (i % 3 + 0.3f) * (i & 1 ? -1.3f : 1.1f);
        fc[i] = 0.1f * i - 0.35f;
        da[i] = (i - 3.7) * 0.77;
        db[i] = (i % 3 + 0.3) * (i & 1 ? -1.3 : 1.1);
        dc[i] = 0.1 * i - 0.35;
    }
    float *dfa, *dfb, *dfc, *drf, *dapx;
    double *dda, *ddb, *ddc, *drd;
    float rf[NIN * NRND], apx[NIN * NAPX];
    double rd[NIN * NRND];
    CHECK(cudaMalloc(&dfa, sizeof fa));
    CHECK(cudaMalloc(&dfb, sizeof fb));
    CHECK(cudaMalloc(&dfc, sizeof fc));
    CHECK(cudaMalloc(&dda, sizeof da));
    CHECK(cudaMalloc(&ddb, sizeof db));
    CHECK(cudaMalloc(&ddc, sizeof dc));
    CHECK(cudaMalloc(&drf, sizeof rf));
    CHECK(cudaMalloc(&drd, sizeof rd));
    CHECK(cudaMalloc(&dapx, sizeof apx));
    CHECK(cudaMemcpy(dfa, fa, sizeof fa, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dfb, fb, sizeof fb, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dfc, fc, sizeof fc, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dda, da, sizeof da, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(ddb, db, sizeof db, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(ddc, dc, sizeof dc, cudaMemcpyHostToDevice));
    math_intrinsics<<<1, NIN>>>(dfa, dfb, dfc, dda, ddb, ddc, drf, drd, dapx);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(rf, drf, sizeof rf, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(rd, drd, sizeof rd, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(apx, dapx, sizeof apx, cudaMemcpyDeviceToHost));
    static float (*const fops[7])(float, float, float) = {f_add, f_sub, f_mul, f_div, f_fma, f_rcp, f_sqrt};
    static double (*const dops[7])(double, double, double) = {d_add, d_sub, d_mul, d_div, d_fma, d_rcp, d_sqrt};
    static const char *const op_names[7] = {"add", "sub", "mul", "div", "fma", "rcp", "sqrt"};
    static const int modes[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};
    for (int i = 0; i < NIN; i++)
        for (int m = 0; m < 4; m++)
            for (int op = 0; op < 7; op++) {
                int j = m * 7 + op;
                float wf = host_round(modes[m], fops[op], fa[i], fb[i], fc[i]);
                double wd = host_round_d(modes[m], dops[op], da[i], db[i], dc[i]);
                if (!same_bits(rf[i * NRND + j], wf))
                    report(op_names[op], 100 + m, fa[i], rf[i * NRND + j], wf);
                if (!same_bits(rd[i * NRND + j], wd))
                    report(op_names[op], 200 + m, da[i], rd[i * NRND + j], wd);
            }
    static const char *const apx_names[15] = {
        "__sinf", "__cosf", "__tanf", "__expf", "__exp10f", "__logf", "__log2f", "__log10f",
        "__powf", "__sincosf sin", "__sincosf cos", "__fdividef", "fdividef",
        "__saturatef", "__frsqrt_rn"};
    for (int i = 0; i < NIN; i++) {
        long double a = fa[i], b = fb[i], ab = fabsl(b);
        long double want[15] = {
            sinl(a), cosl(a), tanl((float)(fa[i] * 0.4f)), expl(a), powl(10, (float)(fa[i] * 0.5f)),
            logl(ab), log2l(ab), log10l(ab), powl(ab, a), sinl(a), cosl(a),
            a / b, a / b, a < 0 ? 0 : (a > 1 ? 1 : a), 1 / sqrtl(ab)};
        for (int j = 0; j < 15; j++) {
            // __sinf/__cosf: 2^-21.41 absolute;
            // the exp/log/pow family: a few ulp growing with |x|, here
            // 2^-18 relative; division 2 ulp; the rest exact or rounded.
            double rel = 0, abs_err = 0;
            switch (j) {
            case 0: case 1: case 9: case 10: abs_err = 4e-7; break;
            case 11: case 12: rel = 2.5 * ldexp(1, -23); break;
            case 13: break;
            case 14: rel = 0.5 * ldexp(1, -23); break;
            default: rel = ldexp(1, -18); abs_err = 1e-6; break;
            }
            long double got = apx[i * NAPX + j];
            if (!(fabsl(got - want[j]) <= rel * fabsl(want[j]) + abs_err + 1e-30L))
                report(apx_names[j], 0, fa[i], (double)got, want[j]);
        }
    }

#endif

    free(fin);
    free(din);
    free(nin);
    free(out);
    if (bad) {
        printf("FAIL %s (%d wrong)\n", MATH_API_NAME, bad);
        return 1;
    }
    printf("PASS %s: %d functions, 12 ways each, %d inputs\n", MATH_API_NAME,
           (int)NFUNC, NIN);
    return 0;
}
