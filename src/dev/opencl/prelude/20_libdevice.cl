/* 20_libdevice.cl: the libdevice functions (__nv_sinf, __nv_popc, ...)
 * that clang's CUDA headers call, on OpenCL's built-ins.  Only those whose
 * OpenCL built-in keeps CUDA's meaning are here; a call to any other
 * fails the module's build with the function's name. */

#define CUX_F1(nv, cl)                                                    \
    CUX_INL float __nv_##nv##f(float x) { return cl(x); }
#define CUX_D1(nv, cl)                                                    \
    CUX_INL double __nv_##nv(double x) { return cl(x); }
#define CUX_F2(nv, cl)                                                    \
    CUX_INL float __nv_##nv##f(float x, float y) { return cl(x, y); }
#define CUX_D2(nv, cl)                                                    \
    CUX_INL double __nv_##nv(double x, double y) { return cl(x, y); }
/* Not through CUX_F1 and CUX_D1: their arguments would be expanded
 * first, and OpenCL headers define some built-ins (rint) as macros. */
#ifdef cl_khr_fp64
#define CUX_M1(nv, cl)                                                    \
    CUX_INL float __nv_##nv##f(float x) { return cl(x); }                 \
    CUX_INL double __nv_##nv(double x) { return cl(x); }
#define CUX_M2(nv, cl)                                                    \
    CUX_INL float __nv_##nv##f(float x, float y) { return cl(x, y); }     \
    CUX_INL double __nv_##nv(double x, double y) { return cl(x, y); }
#else
#define CUX_M1(nv, cl)                                                    \
    CUX_INL float __nv_##nv##f(float x) { return cl(x); }
#define CUX_M2(nv, cl)                                                    \
    CUX_INL float __nv_##nv##f(float x, float y) { return cl(x, y); }
#endif

CUX_M1(sin, sin) CUX_M1(cos, cos) CUX_M1(tan, tan)
CUX_M1(asin, asin) CUX_M1(acos, acos) CUX_M1(atan, atan)
CUX_M1(sinh, sinh) CUX_M1(cosh, cosh) CUX_M1(tanh, tanh)
CUX_M1(asinh, asinh) CUX_M1(acosh, acosh) CUX_M1(atanh, atanh)
CUX_M1(exp, exp) CUX_M1(exp2, exp2) CUX_M1(exp10, exp10)
CUX_M1(expm1, expm1) CUX_M1(log, log) CUX_M1(log2, log2)
CUX_M1(log10, log10) CUX_M1(log1p, log1p) CUX_M1(sqrt, sqrt)
CUX_M1(rsqrt, rsqrt) CUX_M1(cbrt, cbrt) CUX_M1(fabs, fabs)
CUX_M1(floor, floor) CUX_M1(ceil, ceil) CUX_M1(trunc, trunc)
CUX_M1(round, round) CUX_M1(rint, rint) CUX_M1(nearbyint, rint)
CUX_M1(erf, erf) CUX_M1(erfc, erfc) CUX_M1(lgamma, lgamma)
CUX_M1(tgamma, tgamma) CUX_M1(logb, logb)
CUX_M1(sinpi, sinpi) CUX_M1(cospi, cospi)
CUX_M2(atan2, atan2) CUX_M2(pow, pow) CUX_M2(hypot, hypot)
CUX_M2(fmod, fmod) CUX_M2(remainder, remainder) CUX_M2(fmin, fmin)
CUX_M2(fmax, fmax) CUX_M2(fdim, fdim) CUX_M2(copysign, copysign)
CUX_M2(nextafter, nextafter)

/* The fast forms may be less accurate in CUDA; the full ones are exact
 * enough for them. */
CUX_F1(fast_sin, sin) CUX_F1(fast_cos, cos) CUX_F1(fast_tan, tan)
CUX_F1(fast_exp, exp) CUX_F1(fast_exp10, exp10) CUX_F1(fast_log, log)
CUX_F1(fast_log2, log2) CUX_F1(fast_log10, log10)
CUX_F2(fast_pow, pow)
CUX_INL float __nv_fast_fdividef(float x, float y) { return x / y; }
CUX_INL float __nv_fdividef(float x, float y) { return x / y; }

CUX_INL float __nv_fmaf(float x, float y, float z) { return fma(x, y, z); }
CUX_INL float __nv_rcbrtf(float x) { return 1.0f / cbrt(x); }
CUX_INL float __nv_saturatef(float x) { return cux_sat32(x); }
CUX_INL float __nv_ldexpf(float x, int e) { return ldexp(x, e); }
CUX_INL float __nv_scalbnf(float x, int e) { return ldexp(x, e); }
CUX_INL float __nv_powif(float x, int e) { return pown(x, e); }
CUX_INL int __nv_ilogbf(float x) { return ilogb(x); }
CUX_INL int __nv_isinff(float x) { return isinf(x); }
CUX_INL int __nv_isnanf(float x) { return isnan(x); }
CUX_INL int __nv_finitef(float x) { return isfinite(x); }
CUX_INL int __nv_signbitf(float x) { return signbit(x); }
/* Round to nearest: OpenCL's defaults, which the build keeps exact
 * (-cl-fp32-correctly-rounded-divide-sqrt). */
CUX_INL float __nv_fadd_rn(float x, float y) { return x + y; }
CUX_INL float __nv_fsub_rn(float x, float y) { return x - y; }
CUX_INL float __nv_fmul_rn(float x, float y) { return x * y; }
CUX_INL float __nv_fdiv_rn(float x, float y) { return x / y; }
CUX_INL float __nv_frcp_rn(float x) { return 1.0f / x; }
CUX_INL float __nv_fsqrt_rn(float x) { return sqrt(x); }
CUX_INL float __nv_fmaf_rn(float x, float y, float z) { return fma(x, y, z); }
CUX_INL float __nv_int_as_float(int x) { return as_float(x); }
CUX_INL int __nv_float_as_int(float x) { return as_int(x); }
CUX_INL float __nv_uint_as_float(uint x) { return as_float(x); }
CUX_INL uint __nv_float_as_uint(float x) { return as_uint(x); }
CUX_INL float __nv_int2float_rn(int x) { return (float)x; }
CUX_INL float __nv_uint2float_rn(uint x) { return (float)x; }
CUX_INL int __nv_float2int_rz(float x) { return convert_int_sat_rtz(x); }
CUX_INL int __nv_float2int_rn(float x) { return convert_int_sat_rte(x); }
CUX_INL int __nv_float2int_rd(float x) { return convert_int_sat_rtn(x); }
CUX_INL int __nv_float2int_ru(float x) { return convert_int_sat_rtp(x); }
CUX_INL uint __nv_float2uint_rz(float x) { return convert_uint_sat_rtz(x); }
CUX_INL uint __nv_float2uint_rn(float x) { return convert_uint_sat_rte(x); }

#ifdef cl_khr_fp64
CUX_INL double __nv_fma(double x, double y, double z) { return fma(x, y, z); }
CUX_INL double __nv_rcbrt(double x) { return 1.0 / cbrt(x); }
CUX_INL double __nv_ldexp(double x, int e) { return ldexp(x, e); }
CUX_INL double __nv_scalbn(double x, int e) { return ldexp(x, e); }
CUX_INL double __nv_powi(double x, int e) { return pown(x, e); }
CUX_INL int __nv_ilogb(double x) { return ilogb(x); }
CUX_INL int __nv_isinfd(double x) { return isinf(x); }
CUX_INL int __nv_isnand(double x) { return isnan(x); }
CUX_INL int __nv_isfinited(double x) { return isfinite(x); }
CUX_INL int __nv_signbitd(double x) { return signbit(x); }
CUX_INL double __nv_dadd_rn(double x, double y) { return x + y; }
CUX_INL double __nv_dsub_rn(double x, double y) { return x - y; }
CUX_INL double __nv_dmul_rn(double x, double y) { return x * y; }
CUX_INL double __nv_ddiv_rn(double x, double y) { return x / y; }
CUX_INL double __nv_drcp_rn(double x) { return 1.0 / x; }
CUX_INL double __nv_dsqrt_rn(double x) { return sqrt(x); }
CUX_INL double __nv_fma_rn(double x, double y, double z) { return fma(x, y, z); }
CUX_INL long __nv_double_as_longlong(double x) { return as_long(x); }
CUX_INL double __nv_longlong_as_double(long x) { return as_double(x); }
CUX_INL int __nv_double2int_rz(double x) { return convert_int_sat_rtz(x); }
CUX_INL int __nv_double2int_rn(double x) { return convert_int_sat_rte(x); }
CUX_INL float __nv_double2float_rn(double x) { return (float)x; }
CUX_INL double __nv_int2double_rn(int x) { return (double)x; }
CUX_INL double __nv_uint2double_rn(uint x) { return (double)x; }
CUX_INL int __nv_double2hiint(double x) { return (int)(as_ulong(x) >> 32); }
CUX_INL int __nv_double2loint(double x) { return (int)as_ulong(x); }
CUX_INL double __nv_hiloint2double(int hi, int lo)
{
    return as_double(((ulong)(uint)hi << 32) | (uint)lo);
}
#endif

/* llrint and llround: OpenCL's saturating conversions, which give 0 for
 * NaN and clamp out-of-range values as PTX's cvt does; round() rounds
 * halves away from zero first. */
CUX_INL long __nv_llrintf(float x) { return convert_long_sat_rte(x); }
CUX_INL long __nv_llroundf(float x) { return convert_long_sat(round(x)); }
/* 1/sqrt correctly rounded: in double the exact root of a float is never
 * within 2^-50 of a float boundary, so rounding twice is rounding once. */
CUX_INL float __nv_frsqrt_rn(float x)
{
#ifdef cl_khr_fp64
    return (float)(1.0 / sqrt((double)x));
#else
    return 1.0f / sqrt(x);
#endif
}
CUX_INL ushort __nv_float2half_rn(float x) { return cux_float_to_half(x); }
CUX_INL float __nv_half2float(ushort h) { return cux_half_to_float(h); }
#ifdef cl_khr_fp64
CUX_INL long __nv_llrint(double x) { return convert_long_sat_rte(x); }
CUX_INL long __nv_llround(double x) { return convert_long_sat(round(x)); }
/* The reciprocal with subnormal inputs flushed to zero first (rcp.approx
 * .ftz.f64's meaning). */
CUX_INL double __nv_rcp64h(double x)
{
    return 1.0 / (cux_is_subnormal64(x) ? copysign(0.0, x) : x);
}
#endif

/* Integer functions. */
CUX_INL int __nv_popc(uint x) { return popcount(x); }
CUX_INL int __nv_popcll(ulong x) { return (int)popcount(x); }
CUX_INL int __nv_clz(uint x) { return clz(x); }
CUX_INL int __nv_clzll(ulong x) { return (int)clz(x); }
CUX_INL int __nv_ffs(uint x) { return x ? 32 - clz(x & -x) : 0; }
CUX_INL int __nv_ffsll(ulong x) { return x ? 64 - (int)clz(x & -x) : 0; }
CUX_INL uint __nv_brev(uint x) { return cux_brev32(x); }
CUX_INL ulong __nv_brevll(ulong x) { return cux_brev64(x); }
CUX_INL uint __nv_byte_perm(uint a, uint b, uint c) { return cux_prmt(a, b, c); }
CUX_INL int __nv_mulhi(int a, int b) { return mul_hi(a, b); }
CUX_INL uint __nv_umulhi(uint a, uint b) { return mul_hi(a, b); }
CUX_INL long __nv_mul64hi(long a, long b) { return mul_hi(a, b); }
CUX_INL ulong __nv_umul64hi(ulong a, ulong b) { return mul_hi(a, b); }
CUX_INL int __nv_mul24(int a, int b) { return (int)(((long)(a << 8 >> 8)) * (b << 8 >> 8)); }
CUX_INL uint __nv_umul24(uint a, uint b) { return (a & 0xffffff) * (b & 0xffffff); }
CUX_INL int __nv_abs(int x) { return x < 0 ? (int)(0u - (uint)x) : x; }
CUX_INL long __nv_llabs(long x) { return x < 0 ? (long)(0UL - (ulong)x) : x; }
CUX_INL int __nv_min(int a, int b) { return min(a, b); }
CUX_INL int __nv_max(int a, int b) { return max(a, b); }
CUX_INL uint __nv_umin(uint a, uint b) { return min(a, b); }
CUX_INL uint __nv_umax(uint a, uint b) { return max(a, b); }
CUX_INL long __nv_llmin(long a, long b) { return min(a, b); }
CUX_INL long __nv_llmax(long a, long b) { return max(a, b); }
CUX_INL ulong __nv_ullmin(ulong a, ulong b) { return min(a, b); }
CUX_INL ulong __nv_ullmax(ulong a, ulong b) { return max(a, b); }
CUX_INL int __nv_hadd(int a, int b) { return hadd(a, b); }
CUX_INL uint __nv_uhadd(uint a, uint b) { return hadd(a, b); }
CUX_INL int __nv_rhadd(int a, int b) { return rhadd(a, b); }
CUX_INL uint __nv_urhadd(uint a, uint b) { return rhadd(a, b); }
CUX_INL uint __nv_sad(int a, int b, uint c) { return abs_diff(a, b) + c; }
CUX_INL uint __nv_usad(uint a, uint b, uint c) { return abs_diff(a, b) + c; }

/* Conversions with a rounding mode: OpenCL's saturating converts, which
 * give 0 for NaN as PTX's cvt does. */
#define CUX_CVT(from, to, fn, ct, fromt)                                  \
    CUX_INL ct __nv_##from##2##to##_rn(fromt x) { return fn##_rte(x); }   \
    CUX_INL ct __nv_##from##2##to##_rz(fromt x) { return fn##_rtz(x); }   \
    CUX_INL ct __nv_##from##2##to##_rd(fromt x) { return fn##_rtn(x); }   \
    CUX_INL ct __nv_##from##2##to##_ru(fromt x) { return fn##_rtp(x); }
CUX_CVT(float, ll, convert_long_sat, long, float)
CUX_CVT(float, ull, convert_ulong_sat, ulong, float)
CUX_INL uint __nv_float2uint_rd(float x) { return convert_uint_sat_rtn(x); }
CUX_INL uint __nv_float2uint_ru(float x) { return convert_uint_sat_rtp(x); }
CUX_INL float __nv_int2float_rz(int x) { return convert_float_rtz(x); }
CUX_INL float __nv_int2float_rd(int x) { return convert_float_rtn(x); }
CUX_INL float __nv_int2float_ru(int x) { return convert_float_rtp(x); }
CUX_INL float __nv_uint2float_rz(uint x) { return convert_float_rtz(x); }
CUX_INL float __nv_uint2float_rd(uint x) { return convert_float_rtn(x); }
CUX_INL float __nv_uint2float_ru(uint x) { return convert_float_rtp(x); }
CUX_CVT(ll, float, convert_float, float, long)
CUX_CVT(ull, float, convert_float, float, ulong)
#ifdef cl_khr_fp64
CUX_CVT(double, ll, convert_long_sat, long, double)
CUX_CVT(double, ull, convert_ulong_sat, ulong, double)
CUX_INL int __nv_double2int_rd(double x) { return convert_int_sat_rtn(x); }
CUX_INL int __nv_double2int_ru(double x) { return convert_int_sat_rtp(x); }
CUX_INL uint __nv_double2uint_rn(double x) { return convert_uint_sat_rte(x); }
CUX_INL uint __nv_double2uint_rz(double x) { return convert_uint_sat_rtz(x); }
CUX_INL uint __nv_double2uint_rd(double x) { return convert_uint_sat_rtn(x); }
CUX_INL uint __nv_double2uint_ru(double x) { return convert_uint_sat_rtp(x); }
CUX_INL float __nv_double2float_rz(double x) { return convert_float_rtz(x); }
CUX_INL float __nv_double2float_rd(double x) { return convert_float_rtn(x); }
CUX_INL float __nv_double2float_ru(double x) { return convert_float_rtp(x); }
CUX_CVT(ll, double, convert_double, double, long)
CUX_CVT(ull, double, convert_double, double, ulong)
#endif

/* The functions that write through pointers get the memory context
 * first (ocl_call.c passes it): their pointers are CUDA generic
 * addresses. */
#define CUX_MEM_ARGS __global uchar *A_, ulong AB_, __local uchar *S_,     \
                     __private uchar *L_
CUX_INL void __nv_sincosf(CUX_MEM_ARGS, float x, ulong s, ulong c)
{
    float cv, sv = sincos(x, &cv);
    CUX_GENERIC_ST(float, s, sv);
    CUX_GENERIC_ST(float, c, cv);
}
CUX_INL void __nv_fast_sincosf(CUX_MEM_ARGS, float x, ulong s, ulong c)
{
    float cv, sv = sincos(x, &cv);
    CUX_GENERIC_ST(float, s, sv);
    CUX_GENERIC_ST(float, c, cv);
}
CUX_INL void __nv_sincospif(CUX_MEM_ARGS, float x, ulong s, ulong c)
{
    CUX_GENERIC_ST(float, s, sinpi(x));
    CUX_GENERIC_ST(float, c, cospi(x));
}
CUX_INL float __nv_frexpf(CUX_MEM_ARGS, float x, ulong e)
{
    int ev;
    float m = frexp(x, &ev);
    CUX_GENERIC_ST(int, e, ev);
    return m;
}
CUX_INL float __nv_modff(CUX_MEM_ARGS, float x, ulong i)
{
    float iv, f = modf(x, &iv);
    CUX_GENERIC_ST(float, i, iv);
    return f;
}
CUX_INL float __nv_remquof(CUX_MEM_ARGS, float x, float y, ulong q)
{
    int qv;
    float r = remquo(x, y, &qv);
    CUX_GENERIC_ST(int, q, qv);
    return r;
}
#ifdef cl_khr_fp64
CUX_INL void __nv_sincos(CUX_MEM_ARGS, double x, ulong s, ulong c)
{
    double cv, sv = sincos(x, &cv);
    CUX_GENERIC_ST(double, s, sv);
    CUX_GENERIC_ST(double, c, cv);
}
CUX_INL void __nv_sincospi(CUX_MEM_ARGS, double x, ulong s, ulong c)
{
    CUX_GENERIC_ST(double, s, sinpi(x));
    CUX_GENERIC_ST(double, c, cospi(x));
}
CUX_INL double __nv_frexp(CUX_MEM_ARGS, double x, ulong e)
{
    int ev;
    double m = frexp(x, &ev);
    CUX_GENERIC_ST(int, e, ev);
    return m;
}
CUX_INL double __nv_modf(CUX_MEM_ARGS, double x, ulong i)
{
    double iv, f = modf(x, &iv);
    CUX_GENERIC_ST(double, i, iv);
    return f;
}
CUX_INL double __nv_remquo(CUX_MEM_ARGS, double x, double y, ulong q)
{
    int qv;
    double r = remquo(x, y, &qv);
    CUX_GENERIC_ST(int, q, qv);
    return r;
}
#endif

/* nan(tag): the payload is the tag read as C's strtoull reads it (base
 * 0), as glibc's nan does; a tag that is not a number gives none. */
CUX_INL ulong cux_nan_payload(CUX_MEM_ARGS, ulong tag)
{
    uint base = 10;
    ulong value = 0;
    if (CUX_GENERIC_LD(uchar, tag) == '0') {
        base = 8;
        tag++;
        uchar x = CUX_GENERIC_LD(uchar, tag);
        if (x == 'x' || x == 'X') {
            base = 16;
            tag++;
        }
    }
    for (int i = 0; i < 64; i++, tag++) {
        uchar ch = CUX_GENERIC_LD(uchar, tag);
        uint d = ch >= '0' && ch <= '9' ? ch - '0'
               : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
               : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : 99;
        if (!ch)
            return value;
        if (d >= base)
            return 0;
        value = value * base + d;
    }
    return 0;
}
CUX_INL float __nv_nanf(CUX_MEM_ARGS, ulong tag)
{
    return as_float(0x7fc00000u |
                    (uint)(cux_nan_payload(A_, AB_, S_, L_, tag) & 0x3fffff));
}
#ifdef cl_khr_fp64
CUX_INL double __nv_nan(CUX_MEM_ARGS, ulong tag)
{
    return as_double(0x7ff8000000000000UL |
                     (cux_nan_payload(A_, AB_, S_, L_, tag) &
                      0x7ffffffffffffUL));
}
#endif

/* ---- norms: sqrt(sum v_i^2), its reciprocal, hypot's reciprocal ---------
 * The values are scaled by a power of two that brings the largest near 1
 * (so no square overflows or underflows), their squares summed exactly
 * enough in double-double and the root corrected once; an infinite value
 * wins over a NaN, as in hypot.  The float forms do the same in double.
 * CUDA: norm3d/norm4d/rnorm* 2 ulp, norm/rnorm 3-4 ulp. */
#ifdef cl_khr_fp64
/* GET(i) is the i-th value as a double. */
#define CUX_NORM_BODY(n, GET)                                             \
    double m_ = 0.0;                                                      \
    int inf_ = 0;                                                         \
    for (int i = 0; i < (n); i++) {                                       \
        double a_ = fabs((double)(GET(i)));                               \
        inf_ |= isinf(a_);                                                \
        m_ = isnan(a_) || a_ > m_ ? a_ : m_;                              \
    }                                                                     \
    if (inf_)                                                             \
        return INFINITY;                                                  \
    if (isnan(m_) || m_ == 0.0)                                           \
        return m_;                                                        \
    double scale_ = ldexp(1.0, -ilogb(m_));                               \
    cux_dd sum_ = cux_dd_make(0.0, 0.0);                                  \
    for (int i = 0; i < (n); i++) {                                       \
        double x_ = (double)(GET(i)) * scale_;                            \
        sum_ = cux_dd_add(sum_, cux_dd_make(x_ * x_, fma(x_, x_, -(x_ * x_)))); \
    }                                                                     \
    return cux_dd_sqrt(sum_) / scale_;

CUX_INL double cux_norm_private(int n, const double *v)
{
#define CUX_GET_PRIVATE(i) v[i]
    CUX_NORM_BODY(n, CUX_GET_PRIVATE)
#undef CUX_GET_PRIVATE
}

CUX_INL double __nv_norm3d(double a, double b, double c)
{
    double v[3] = {a, b, c};
    return cux_norm_private(3, v);
}
CUX_INL double __nv_norm4d(double a, double b, double c, double d)
{
    double v[4] = {a, b, c, d};
    return cux_norm_private(4, v);
}
CUX_INL double __nv_rnorm3d(double a, double b, double c)
{
    return 1.0 / __nv_norm3d(a, b, c);
}
CUX_INL double __nv_rnorm4d(double a, double b, double c, double d)
{
    return 1.0 / __nv_norm4d(a, b, c, d);
}
CUX_INL double __nv_rhypot(double a, double b)
{
    double v[2] = {a, b};
    return 1.0 / cux_norm_private(2, v);
}
CUX_INL float __nv_norm3df(float a, float b, float c)
{
    return (float)__nv_norm3d(a, b, c);
}
CUX_INL float __nv_norm4df(float a, float b, float c, float d)
{
    return (float)__nv_norm4d(a, b, c, d);
}
CUX_INL float __nv_rnorm3df(float a, float b, float c)
{
    return (float)__nv_rnorm3d(a, b, c);
}
CUX_INL float __nv_rnorm4df(float a, float b, float c, float d)
{
    return (float)__nv_rnorm4d(a, b, c, d);
}
CUX_INL float __nv_rhypotf(float a, float b)
{
    return (float)__nv_rhypot(a, b);
}

/* norm(n, v) and rnorm(n, v) read their n values through a CUDA
 * generic address (ocl_call.c passes the memory context). */
CUX_INL double __nv_norm(CUX_MEM_ARGS, int n, ulong v)
{
#define CUX_GET_GENERIC(i) CUX_GENERIC_LD(double, v + 8UL * (ulong)(i))
    CUX_NORM_BODY(n, CUX_GET_GENERIC)
#undef CUX_GET_GENERIC
}
CUX_INL double cux_normf_in_double(CUX_MEM_ARGS, int n, ulong v)
{
#define CUX_GET_GENERIC_F(i) CUX_GENERIC_LD(float, v + 4UL * (ulong)(i))
    CUX_NORM_BODY(n, CUX_GET_GENERIC_F)
#undef CUX_GET_GENERIC_F
}
CUX_INL float __nv_normf(CUX_MEM_ARGS, int n, ulong v)
{
    return (float)cux_normf_in_double(A_, AB_, S_, L_, n, v);
}
CUX_INL double __nv_rnorm(CUX_MEM_ARGS, int n, ulong v)
{
    return 1.0 / __nv_norm(A_, AB_, S_, L_, n, v);
}
CUX_INL float __nv_rnormf(CUX_MEM_ARGS, int n, ulong v)
{
    return (float)(1.0 / cux_normf_in_double(A_, AB_, S_, L_, n, v));
}
#endif
