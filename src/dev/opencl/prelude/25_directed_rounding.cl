/* 25_directed_rounding.cl: libdevice's arithmetic with a directed rounding
 * (__nv_fadd_rz, __nv_dmul_ru, __nv_fmaf_rd, ...), which lane_ops also
 * calls for PTX's add.rz/mul.rm/fma.rp.  OpenCL C has no rounding modes,
 * so each is the round-to-nearest result moved by one ulp where the exact
 * result lies on the other side of it, the side told by an error term
 * computed exactly (two-sum, fma residuals); the float forms use double
 * where the exact product or quotient fits it.  All need cl_khr_fp64.
 * Modes are numbered as lane_ops numbers them: 1 toward zero, 2 down,
 * 3 up. */
#ifdef cl_khr_fp64

/* r, the round-to-nearest result, moved to the directed one: err has the
 * sign of (exact - r) and is 0 where r is exact.  An overflow to infinity
 * passes err = -r: the exact value lies below it in magnitude. */
CUX_INL float cux_directed_f32(float r, float err, int mode)
{
    if (err == 0.0f || isnan(err) || isnan(r))
        return r;
    if (mode == 3)
        return err > 0.0f ? nextafter(r, (float)INFINITY) : r;
    if (mode == 2)
        return err < 0.0f ? nextafter(r, -(float)INFINITY) : r;
    return (r > 0.0f && err < 0.0f) || (r < 0.0f && err > 0.0f)
               ? nextafter(r, 0.0f) : r;
}

CUX_INL double cux_directed_f64(double r, double err, int mode)
{
    if (err == 0.0 || isnan(err) || isnan(r))
        return r;
    if (mode == 3)
        return err > 0.0 ? nextafter(r, (double)INFINITY) : r;
    if (mode == 2)
        return err < 0.0 ? nextafter(r, -(double)INFINITY) : r;
    return (r > 0.0 && err < 0.0) || (r < 0.0 && err > 0.0)
               ? nextafter(r, 0.0) : r;
}

/* A double rounded to float in a directed mode: OpenCL's conversions. */
CUX_INL float cux_f64_to_f32_directed(double x, int mode)
{
    return mode == 1 ? convert_float_rtz(x)
         : mode == 2 ? convert_float_rtn(x) : convert_float_rtp(x);
}

/* An exact zero sum (IEEE 754's rule): zeros of one sign keep it;
 * otherwise +0, but -0 when rounding down. */
CUX_INL double cux_zero_sum(double a, double b, int mode)
{
    if (a == 0.0 && b == 0.0 && signbit(a) == signbit(b))
        return a;
    return mode == 2 ? -0.0 : 0.0;
}

/* ---- float ---------------------------------------------------------- */

CUX_INL float cux_fadd_directed(float a, float b, int mode)
{
    float s = a + b;
    if (s == 0.0f) /* a sum rounds to zero only when it is zero */
        return (float)cux_zero_sum(a, b, mode);
    if (isinf(s))
        return cux_directed_f32(s, isfinite(a) && isfinite(b) ? -s : 0.0f,
                                mode);
    float bb = s - a, err = (a - (s - bb)) + (b - bb);
    return cux_directed_f32(s, err, mode);
}

/* The product of two floats is exact in double; so is rounding the
 * double quotient or root again: the exact quotient or root of floats
 * lies at least 2^-50 (relative) from any float it is not equal to, more
 * than double's rounding moves it. */
CUX_INL float cux_fmul_directed(float a, float b, int mode)
{
    return cux_f64_to_f32_directed((double)a * (double)b, mode);
}
CUX_INL float cux_fdiv_directed(float a, float b, int mode)
{
    return cux_f64_to_f32_directed((double)a / (double)b, mode);
}
CUX_INL float cux_fsqrt_directed(float a, int mode)
{
    return cux_f64_to_f32_directed(sqrt((double)a), mode);
}

/* a b + c: a b is exact in double and s + t = a b + c exactly (two-sum);
 * where s is not itself a float, t cannot move the exact value past the
 * float boundary next to s, so rounding s decides; where it is, t's sign
 * does. */
CUX_INL float cux_fmaf_directed(float a, float b, float c, int mode)
{
    double p = (double)a * (double)b, s = p + (double)c;
    if (!isfinite(s))
        return (float)s;
    double bb = s - p, t = (p - (s - bb)) + ((double)c - bb);
    if (s == 0.0 && t == 0.0)
        return (float)cux_zero_sum(p, c, mode);
    float f = (float)s;
    if ((double)f != s || t == 0.0)
        return cux_f64_to_f32_directed(s, mode);
    return cux_directed_f32(f, t > 0.0 ? 1.0f : -1.0f, mode);
}

#define CUX_FLOAT_DIRECTED(mode, sfx)                                     \
    CUX_INL float __nv_fadd_##sfx(float a, float b)                       \
    {                                                                     \
        return cux_fadd_directed(a, b, mode);                             \
    }                                                                     \
    CUX_INL float __nv_fsub_##sfx(float a, float b)                       \
    {                                                                     \
        return cux_fadd_directed(a, -b, mode);                            \
    }                                                                     \
    CUX_INL float __nv_fmul_##sfx(float a, float b)                       \
    {                                                                     \
        return cux_fmul_directed(a, b, mode);                             \
    }                                                                     \
    CUX_INL float __nv_fdiv_##sfx(float a, float b)                       \
    {                                                                     \
        return cux_fdiv_directed(a, b, mode);                             \
    }                                                                     \
    CUX_INL float __nv_frcp_##sfx(float a)                                \
    {                                                                     \
        return cux_fdiv_directed(1.0f, a, mode);                          \
    }                                                                     \
    CUX_INL float __nv_fsqrt_##sfx(float a)                               \
    {                                                                     \
        return cux_fsqrt_directed(a, mode);                               \
    }                                                                     \
    CUX_INL float __nv_fmaf_##sfx(float a, float b, float c)              \
    {                                                                     \
        return cux_fmaf_directed(a, b, c, mode);                          \
    }                                                                     \
    CUX_INL float __nv_fmaf_ieee_##sfx(float a, float b, float c)         \
    {                                                                     \
        return cux_fmaf_directed(a, b, c, mode);                          \
    }
CUX_FLOAT_DIRECTED(1, rz)
CUX_FLOAT_DIRECTED(2, rd)
CUX_FLOAT_DIRECTED(3, ru)
CUX_INL float __nv_fmaf_ieee_rn(float a, float b, float c) { return fma(a, b, c); }

/* ---- double --------------------------------------------------------- */

CUX_INL double cux_dadd_directed(double a, double b, int mode)
{
    double s = a + b;
    if (isinf(s))
        return cux_directed_f64(s, isfinite(a) && isfinite(b) ? -s : 0.0,
                                mode);
    double bb = s - a, err = (a - (s - bb)) + (b - bb);
    if (s == 0.0 && err == 0.0 && !isnan(s))
        return cux_zero_sum(a, b, mode);
    return cux_directed_f64(s, err, mode);
}

/* The exact result is (q + tail) 2^e with q in [1/2, 4), |tail| at most
 * half an ulp of q and its sign exact.  Where 2^e keeps q normal, q 2^e
 * is the nearest double and tail's sign decides.  Below, the result
 * may land on the subnormal grid: q is placed 200 binades higher (exact),
 * rounded onto the grid there, and the part rounded off (exact, a
 * multiple of q's ulp, so larger than tail unless 0) or else tail
 * decides. */
CUX_INL double cux_directed_scaled(double q, double tail, int e, int mode)
{
    if (e > -900) {
        double r = ldexp(q, e);
        if (isinf(r))
            return cux_directed_f64(r, -r, mode);
        return cux_directed_f64(r, tail, mode);
    }
    if (e < -1200) /* far below the smallest subnormal */
        return cux_directed_f64(copysign(0.0, q), q, mode);
    double high = ldexp(q, e + 200);
    double r = ldexp(high, -200);
    double rest = high - ldexp(r, 200);
    return cux_directed_f64(r, rest != 0.0 ? rest : tail, mode);
}

/* a b and a / b from mantissas in [1, 2): their rounded product or
 * quotient and its exact error (fma), then the scaling above. */
CUX_INL double cux_dmul_directed(double a, double b, int mode)
{
    double p = a * b;
    if (!isfinite(a) || !isfinite(b) || a == 0.0 || b == 0.0)
        return p;
    int ea = ilogb(a), eb = ilogb(b);
    double ma = ldexp(a, -ea), mb = ldexp(b, -eb);
    double q = ma * mb, tail = fma(ma, mb, -q);
    return cux_directed_scaled(q, tail, ea + eb, mode);
}

CUX_INL double cux_ddiv_directed(double a, double b, int mode)
{
    double q0 = a / b;
    if (!isfinite(a) || !isfinite(b) || a == 0.0 || b == 0.0)
        return q0;
    int ea = ilogb(a), eb = ilogb(b);
    double ma = ldexp(a, -ea), mb = ldexp(b, -eb);
    double q = ma / mb, rem = fma(-q, mb, ma);
    return cux_directed_scaled(q, mb > 0.0 ? rem : -rem, ea - eb, mode);
}

/* sqrt: an even power of two moves the argument to [1, 4), where the
 * residual a - s^2 is exact; the root then scales back exactly. */
CUX_INL double cux_dsqrt_directed(double a, int mode)
{
    if (!(a > 0.0) || isinf(a))
        return sqrt(a);
    int e = ilogb(a) & ~1;
    double m = ldexp(a, -e), s = sqrt(m);
    return ldexp(cux_directed_f64(s, fma(-s, s, m), mode), e / 2);
}

/* The sign of x1 + x2 + x3 + x4, exactly: passes of two-sums (each
 * exact) leave the terms non-overlapping, largest first, after which
 * the first non-zero term has the sum's sign. */
CUX_INL double cux_sign_of_sum4(double x1, double x2, double x3, double x4)
{
    double v[4] = {x1, x2, x3, x4};
    for (int pass = 0; pass < 4; pass++)
        for (int i = 3; i > 0; i--) {
            cux_dd s = cux_dd_two_sum(v[i - 1], v[i]);
            v[i - 1] = s.hi;
            v[i] = s.lo;
        }
    for (int i = 0; i < 4; i++)
        if (v[i] != 0.0)
            return v[i];
    return 0.0;
}

/* a b + c: fma gives the nearest double r; the exact value less r is
 * a b's two parts plus c less r, whose sign decides. */
CUX_INL double cux_dfma_directed(double a, double b, double c, int mode)
{
    double r = fma(a, b, c);
    if (!isfinite(a) || !isfinite(b) || !isfinite(c))
        return r;
    if (isinf(r))
        return cux_directed_f64(r, -r, mode);
    double p = a * b, e = fma(a, b, -p), sign;
    if (fabs(p) < 0x1p-960 && a != 0.0 && b != 0.0) {
        /* The product's error may underflow.  With c = 0 this is a
         * product.  Where c is large (or the product far below c's
         * grid), c - r is exact and, unless 0, outweighs the product;
         * else everything scales up by 2^240, exactly. */
        if (c == 0.0)
            return cux_dmul_directed(a, b, mode);
        int ea = ilogb(a), eb = ilogb(b);
        double ma = ldexp(a, -ea), mb = ldexp(b, -eb);
        double q = ma * mb, t = fma(ma, mb, -q), d = c - r;
        int s = ea + eb + 240;
        if (fabs(c) >= 0x1p-900 || s < -1000)
            sign = d != 0.0 ? d : q;
        else
            sign = cux_sign_of_sum4(ldexp(q, s), ldexp(t, s), ldexp(c, 240),
                                    -ldexp(r, 240));
    } else {
        sign = cux_sign_of_sum4(p, e, c, -r);
    }
    if (r == 0.0 && sign == 0.0)
        return cux_zero_sum(p, c, mode);
    return cux_directed_f64(r, sign, mode);
}

#define CUX_DOUBLE_DIRECTED(mode, sfx)                                    \
    CUX_INL double __nv_dadd_##sfx(double a, double b)                    \
    {                                                                     \
        return cux_dadd_directed(a, b, mode);                             \
    }                                                                     \
    CUX_INL double __nv_dsub_##sfx(double a, double b)                    \
    {                                                                     \
        return cux_dadd_directed(a, -b, mode);                            \
    }                                                                     \
    CUX_INL double __nv_dmul_##sfx(double a, double b)                    \
    {                                                                     \
        return cux_dmul_directed(a, b, mode);                             \
    }                                                                     \
    CUX_INL double __nv_ddiv_##sfx(double a, double b)                    \
    {                                                                     \
        return cux_ddiv_directed(a, b, mode);                             \
    }                                                                     \
    CUX_INL double __nv_drcp_##sfx(double a)                              \
    {                                                                     \
        return cux_ddiv_directed(1.0, a, mode);                           \
    }                                                                     \
    CUX_INL double __nv_dsqrt_##sfx(double a)                             \
    {                                                                     \
        return cux_dsqrt_directed(a, mode);                               \
    }                                                                     \
    CUX_INL double __nv_fma_##sfx(double a, double b, double c)           \
    {                                                                     \
        return cux_dfma_directed(a, b, c, mode);                          \
    }
CUX_DOUBLE_DIRECTED(1, rz)
CUX_DOUBLE_DIRECTED(2, rd)
CUX_DOUBLE_DIRECTED(3, ru)

#endif
