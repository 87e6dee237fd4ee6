/* test_libdevice.c: checks every __nv_* function of the CPU prelude's
 * libdevice against long double references and CUDA's special cases.
 * Build: gcc -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -O2
 *   tests/unit/test_libdevice.c -lm
 *
 * Tolerances are the maximum ulp errors that the CUDA Programming Guide's
 * accuracy tables allow each function (full-range, non-fast-math); the
 * references are glibc's long double functions, or, where glibc has none
 * (erfinv, erfcinv, normcdfinv, Bessel I), bisection or quadrature in
 * long double.  Directed roundings are checked against exact results. */
#include "../../src/dev/cpu/prelude/20_libdevice.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>

static int failures, checks;

static void fail(const char *what, const char *detail)
{
    failures++;
    if (failures < 200)
        printf("FAIL %s: %s\n", what, detail);
}

#define EXPECT(what, cond)                                                \
    do {                                                                  \
        checks++;                                                         \
        if (!(cond))                                                      \
            fail(what, #cond);                                            \
    } while (0)

/* Same value, same sign of zero; any NaN matches any NaN. */
static int same_f(float a, float b)
{
    return (isnan(a) && isnan(b)) || cux_ld_fbits(a) == cux_ld_fbits(b);
}
static int same_d(double a, double b)
{
    return (isnan(a) && isnan(b)) || cux_ld_dbits(a) == cux_ld_dbits(b);
}
#define EXPECT_F(expr, want) EXPECT(#expr, same_f((expr), (want)))
#define EXPECT_D(expr, want) EXPECT(#expr, same_d((expr), (want)))

/* Error of `got` in units of the last place of `ref` in a format with
 * `bits` mantissa bits and minimum exponent `emin`. */
static double ulps(long double got, long double ref, int bits, int emin)
{
    if (isnan(ref) || isnan(got))
        return isnan(ref) && isnan(got) ? 0 : 1e30;
    if (isinf(ref) || isinf(got))
        return got == ref ? 0 : 1e30;
    int e = ref == 0 ? emin : ilogbl(ref);
    if (e < emin)
        e = emin;
    return (double)(fabsl(got - ref) / ldexpl(1, e - bits + 1));
}
static double ulps_f(float got, long double ref)
{
    if (!isinf(ref) && fabsl(ref) >= 0x1.ffffffp127L)
        ref = copysignl(INFINITY, ref); /* overflows in float */
    return ulps(got, ref, 24, -126);
}
static double ulps_d(double got, long double ref)
{
    if (!isinf(ref) && fabsl(ref) >= 0x1.fffffffffffff8p1023L)
        ref = copysignl(INFINITY, ref);
    return ulps(got, ref, 53, -1022);
}

/* ---- References without a glibc long double function ----------------- */

/* Root of f(x) = y for increasing f on [lo, hi], by bisection. */
static long double bisect(long double (*f)(long double), long double y,
                          long double lo, long double hi)
{
    for (int i = 0; i < 200 && lo < hi; i++) {
        long double mid = lo + (hi - lo) / 2;
        if (mid <= lo || mid >= hi)
            break;
        long double v = f(mid);
        if (v == y)
            return mid;
        if (v < y)
            lo = mid;
        else
            hi = mid;
    }
    return lo + (hi - lo) / 2;
}
static long double neg_erfc(long double x) { return -erfcl(x); }
static long double cdf(long double x) { return 0.5L * erfcl(-x / sqrtl(2)); }
/* Near +-1 erf has no digits left; bisect erfc on 1 - |y| there. */
static long double r_erfinv(long double y)
{
    if (fabsl(y) <= 0.5L)
        return bisect(erfl, y, -7, 7);
    return copysignl(bisect(neg_erfc, -(1 - fabsl(y)), 0, 110), y);
}
static long double r_erfcinv(long double y)
{
    return bisect(neg_erfc, -y, -7, 110);
}
static long double r_normcdfinv(long double p)
{
    return bisect(cdf, p, -40, 40);
}
static long double r_erfcx(long double x) { return expl(x * x) * erfcl(x); }
static long double r_normcdf(long double x) { return cdf(x); }

/* I_n(x) = (1/pi) int_0^pi exp(x cos t) cos(n t) dt; the trapezoid rule
 * on a periodic analytic integrand converges geometrically. */
static long double r_bessel_i(long double x, int n)
{
    const int steps = 64 + (int)fabsl(x);
    long double h = CUX_LD_PI / steps, s = 0;
    if (x == 0)
        return n ? x : 1;
    for (int k = 0; k <= steps; k++) {
        long double t = k * h, w = (k == 0 || k == steps) ? 0.5L : 1;
        s += w * expl(x * cosl(t)) * cosl(n * t);
    }
    return s * h / CUX_LD_PI;
}
static long double r_i0(long double x) { return r_bessel_i(x, 0); }
static long double r_i1(long double x) { return r_bessel_i(x, 1); }
static long double r_rsqrt(long double x) { return 1 / sqrtl(x); }
static long double r_rcbrt(long double x) { return 1 / cbrtl(x); }
static long double r_sinpi(long double x) { return sinl(CUX_LD_PI * x); }
static long double r_cospi(long double x) { return cosl(CUX_LD_PI * x); }
static long double r_lgamma(long double x)
{
    int s;
    return lgammal_r(x, &s);
}

/* ---- Unary functions over sampled ranges ----------------------------- */

typedef struct ucase {
    const char *name;
    float (*f)(float);
    double (*d)(double);
    long double (*ref)(long double);
    double ulp_f, ulp_d; /* CUDA's bounds */
    double lo, hi;       /* sampled range; log-spaced when lo > 0 */
} ucase;

/* Deterministic sample i of n in [lo, hi]. */
static double sample(const ucase *c, int i, int n)
{
    double t = (double)i / (n - 1);
    if (c->lo > 0)
        return c->lo * pow(c->hi / c->lo, t);
    return c->lo + (c->hi - c->lo) * t;
}

/* Fewer samples where the reference itself is slow.  Bounds below are
 * compared with at least half an ulp: CUDA's "0 ulp" means correctly
 * rounded. */
static int sample_count(const ucase *c)
{
    if (c->ref == r_i0 || c->ref == r_i1 || c->ref == r_erfinv ||
        c->ref == r_erfcinv || c->ref == r_normcdfinv)
        return 301;
    return 3001;
}

static void run_ucase(const ucase *c)
{
    const int n = sample_count(c);
    double worst_f = 0, worst_d = 0, at_f = 0, at_d = 0;
    for (int i = 0; i < n; i++) {
        double x = sample(c, i, n);
        if (c->f) {
            float xf = (float)x;
            double e = ulps_f(c->f(xf), c->ref(xf));
            if (e > worst_f)
                worst_f = e, at_f = xf;
        }
        if (c->d) {
            double e = ulps_d(c->d(x), c->ref(x));
            if (e > worst_d)
                worst_d = e, at_d = x;
        }
        if (c->f)
            checks++;
        if (c->d)
            checks++;
    }
    char msg[160];
    if (worst_f > fmax(c->ulp_f, 0.5)) {
        snprintf(msg, sizeof(msg), "%.2f ulp at %a (bound %.0f)", worst_f,
                 at_f, c->ulp_f);
        fail(c->name, msg);
    }
    if (worst_d > fmax(c->ulp_d, 0.5)) {
        snprintf(msg, sizeof(msg), "double %.2f ulp at %a (bound %.0f)",
                 worst_d, at_d, c->ulp_d);
        fail(c->name, msg);
    }
    if (c->f)
        EXPECT(c->name, isnan(c->f(NAN)));
    if (c->d)
        EXPECT(c->name, isnan(c->d(NAN)));
}

#define U(n, ref, uf, ud, lo, hi)                                         \
    {#n, __nv_##n##f, __nv_##n, ref, uf, ud, lo, hi}

static const ucase ucases[] = {
    U(sin, sinl, 2, 2, -100, 100),
    U(cos, cosl, 2, 2, -100, 100),
    U(tan, tanl, 4, 2, -100, 100),
    U(sin, sinl, 2, 2, 1e-30, 1e30),
    U(exp, expl, 2, 1, -104, 89),
    U(exp2, exp2l, 2, 1, -150, 128),
    U(exp10, exp10l, 2, 1, -45, 38.5),
    U(expm1, expm1l, 1, 1, -20, 88),
    U(expm1, expm1l, 1, 1, 1e-30, 1),
    U(log, logl, 1, 1, 1e-40, 1e38),
    U(log2, log2l, 1, 1, 1e-40, 1e38),
    U(log10, log10l, 2, 1, 1e-40, 1e38),
    U(log1p, log1pl, 1, 1, -0.999, 1e30),
    U(sqrt, sqrtl, 0, 0, 1e-42, 1e38),
    U(rsqrt, r_rsqrt, 2, 1, 1e-42, 1e38),
    U(cbrt, cbrtl, 1, 1, -1e38, 1e38),
    U(rcbrt, r_rcbrt, 1, 1, -1e38, 1e38),
    U(rcbrt, r_rcbrt, 1, 1, 1e-40, 1e38),
    U(asin, asinl, 2, 2, -1, 1),
    U(acos, acosl, 2, 2, -1, 1),
    U(atan, atanl, 2, 2, -1e5, 1e5),
    U(sinh, sinhl, 3, 2, -90, 90),
    U(cosh, coshl, 2, 1, -90, 90),
    U(tanh, tanhl, 2, 1, -20, 20),
    U(asinh, asinhl, 3, 3, -1e30, 1e30),
    U(acosh, acoshl, 4, 3, 1, 1e30),
    U(atanh, atanhl, 3, 2, -0.9999, 0.9999),
    U(erf, erfl, 2, 2, -6, 6),
    U(erfc, erfcl, 4, 5, -6, 27),
    U(erfcx, r_erfcx, 4, 4, -9, 25),
    U(erfinv, r_erfinv, 2, 5, -0.99999, 0.99999),
    U(erfinv, r_erfinv, 2, 5, 1e-30, 0.999999),
    U(erfcinv, r_erfcinv, 4, 6, 1e-37, 1.9999),
    U(erfcinv, r_erfcinv, 4, 6, 0.001, 1.99),
    U(normcdf, r_normcdf, 5, 5, -37, 9),
    U(normcdfinv, r_normcdfinv, 5, 8, 1e-37, 0.99999),
    U(lgamma, r_lgamma, 6, 4, 0.001, 1e30),
    U(lgamma, r_lgamma, 6, 4, -2.2, -0.01),
    U(tgamma, tgammal, 5, 10, 0.001, 34),
    U(tgamma, tgammal, 5, 10, -8.9, -0.01),
    U(sinpi, r_sinpi, 2, 2, -0.45, 0.45),
    U(cospi, r_cospi, 2, 2, -0.45, 0.45),
    U(cyl_bessel_i0, r_i0, 6, 6, -80, 80),
    U(cyl_bessel_i1, r_i1, 6, 6, -80, 80),
    U(cyl_bessel_i0, r_i0, 6, 6, 80, 700),
    U(cyl_bessel_i1, r_i1, 6, 6, 0.5, 700),
    U(j0, j0l, 9, 7, -7.9, 7.9),
    U(j1, j1l, 9, 7, -7.9, 7.9),
    U(y0, y0l, 9, 7, 0.01, 2),
    U(y1, y1l, 9, 7, 0.01, 2),
    U(fabs, fabsl, 0, 0, -1e30, 1e30),
    U(ceil, ceill, 0, 0, -1e3, 1e3),
    U(floor, floorl, 0, 0, -1e3, 1e3),
    U(trunc, truncl, 0, 0, -1e3, 1e3),
    U(round, roundl, 0, 0, -1e3, 1e3),
    U(rint, rintl, 0, 0, -1e3, 1e3),
    U(nearbyint, nearbyintl, 0, 0, -1e3, 1e3),
    U(logb, logbl, 0, 0, 1e-40, 1e38),
};

/* sinpi/cospi away from their zeros, where sinl(pi x) is exact enough. */
static void test_pi_functions(void)
{
    for (double x = -4; x <= 4; x += 1.0 / 64 + 1e-9) {
        double d = fabs(x - nearbyint(x)), e = fabs(x - floor(x) - 0.5);
        long double s = sinl(CUX_LD_PI * x), c = cosl(CUX_LD_PI * x);
        float xf = (float)x;
        checks += 4;
        if (d > 0.05 && (ulps_d(__nv_sinpi(x), s) > 2 ||
                         ulps_f(__nv_sinpif(xf), r_sinpi(xf)) > 2))
            fail("sinpi", "sampled");
        if (e > 0.05 && (ulps_d(__nv_cospi(x), c) > 2 ||
                         ulps_f(__nv_cospif(xf), r_cospi(xf)) > 2))
            fail("cospi", "sampled");
    }
    EXPECT_D(__nv_sinpi(1.0), 0.0);
    EXPECT_D(__nv_sinpi(-3.0), -0.0);
    EXPECT_D(__nv_sinpi(-0.0), -0.0);
    EXPECT_D(__nv_sinpi(0.5), 1.0);
    EXPECT_D(__nv_sinpi(1.5), -1.0);
    EXPECT_D(__nv_sinpi(1e300), 0.0);
    EXPECT_F(__nv_sinpif(2.0f), 0.0f);
    EXPECT_D(__nv_cospi(0.5), 0.0);
    EXPECT_D(__nv_cospi(-2.5), 0.0);
    EXPECT_D(__nv_cospi(1.0), -1.0);
    EXPECT_D(__nv_cospi(-4.0), 1.0);
    EXPECT_F(__nv_cospif(3.0f), -1.0f);
    EXPECT(("sinpi(inf)"), isnan(__nv_sinpi(INFINITY)));
    EXPECT(("cospi(-inf)"), isnan(__nv_cospif(-INFINITY)));
    double eps = 0x1p-40;
    EXPECT("sinpi near 1", ulps_d(__nv_sinpi(1 + eps),
                                  -sinl(CUX_LD_PI * eps)) <= 2);
    EXPECT("cospi near 1/2", ulps_d(__nv_cospi(0.5 + eps),
                                    -sinl(CUX_LD_PI * eps)) <= 2);
    float s, c;
    double sd, cd;
    __nv_sincospif(0.25f, &s, &c);
    EXPECT("sincospif", s == c && fabsf(s - 0.70710678f) < 1e-7f);
    __nv_sincospi(1.0 / 6, &sd, &cd);
    EXPECT("sincospi", ulps_d(sd, 0.5L) <= 2);
}

/* ---- Binary functions -------------------------------------------------- */

typedef struct bcase {
    const char *name;
    float (*f)(float, float);
    double (*d)(double, double);
    long double (*ref)(long double, long double);
    double ulp_f, ulp_d;
} bcase;

static long double r_rhypot(long double a, long double b)
{
    return 1 / hypotl(a, b);
}

#define B(n, ref, uf, ud) {#n, __nv_##n##f, __nv_##n, ref, uf, ud}

static const bcase bcases[] = {
    B(pow, powl, 4, 2),         B(atan2, atan2l, 3, 2),
    B(hypot, hypotl, 3, 2),     B(rhypot, r_rhypot, 2, 1),
    B(fmod, fmodl, 0, 0),       B(remainder, remainderl, 0, 0),
    B(fdim, fdiml, 0, 0),
};

static void run_bcase(const bcase *c)
{
    double worst = 0;
    srand(7);
    for (int i = 0; i < 3000; i++) {
        double a = ldexp(rand() / (double)RAND_MAX, rand() % 40 - 20);
        double b = ldexp(rand() / (double)RAND_MAX, rand() % 12 - 6);
        a = (i & 1) && c->f != __nv_powf ? -a : a;
        b = (i & 2) ? -b : b;
        float af = (float)a, bf = (float)b;
        double ef = ulps_f(c->f(af, bf), c->ref(af, bf));
        double ed = ulps_d(c->d(a, b), c->ref(a, b));
        if (ef > fmax(c->ulp_f, 0.5) || ed > fmax(c->ulp_d, 0.5))
            worst = ef > ed ? ef : ed;
        checks += 2;
    }
    if (worst > 0) {
        char msg[64];
        snprintf(msg, sizeof(msg), "%.2f ulp", worst);
        fail(c->name, msg);
    }
}

static void test_binary_specials(void)
{
    EXPECT_F(__nv_fminf(NAN, 2.0f), 2.0f);
    EXPECT_F(__nv_fmaxf(3.0f, NAN), 3.0f);
    EXPECT_F(__nv_fminf(0.0f, -0.0f), -0.0f);
    EXPECT_F(__nv_fmaxf(-0.0f, 0.0f), 0.0f);
    EXPECT_F(__nv_fmaxf(0.0f, -0.0f), 0.0f);
    EXPECT_F(__nv_fminf(-0.0f, 0.0f), -0.0f);
    EXPECT_F(__nv_fmaxf(-0.0f, -0.0f), -0.0f);
    EXPECT_F(__nv_fminf(NAN, -INFINITY), -INFINITY);
    EXPECT_F(__nv_fmaxf(-INFINITY, 5.0f), 5.0f);
    EXPECT(("fmaxf(nan, nan)"), isnan(__nv_fmaxf(NAN, NAN)));
    EXPECT_D(__nv_fmax(-0.0, 0.0), 0.0);
    EXPECT_D(__nv_fmin(0.0, -0.0), -0.0);
    EXPECT_D(__nv_fmin(2.0, NAN), 2.0);
    EXPECT_D(__nv_fmin(-0.0, 0.0), -0.0);
    EXPECT_D(__nv_fmax(0.0, -0.0), 0.0);
    EXPECT_D(__nv_fmin(1.0, -1.0), -1.0);
    EXPECT_D(__nv_fmax(NAN, -1.0), -1.0);
    EXPECT_F(__nv_powf(-2.0f, 3.0f), -8.0f);
    EXPECT_F(__nv_powf(0.0f, -1.0f), INFINITY);
    EXPECT_F(__nv_powf(NAN, 0.0f), 1.0f);
    EXPECT_F(__nv_fast_powf(2.0f, 10.0f), 1024.0f);
    EXPECT_F(__nv_powif(2.0f, -2), 0.25f);
    EXPECT_D(__nv_powi(-3.0, 3), -27.0);
    EXPECT_F(__nv_hypotf(INFINITY, NAN), INFINITY);
    EXPECT_F(__nv_rhypotf(3.0f, 4.0f), 0.2f);
    EXPECT_F(__nv_fast_fdividef(1.0f, 4.0f), 0.25f);
    int q;
    EXPECT_F(__nv_remquof(7.0f, 2.0f, &q), -1.0f);
    EXPECT("remquof quotient", (q & 7) == 4);
    EXPECT_D(__nv_remquo(-7.0, 2.0, &q), 1.0);
    EXPECT("remquo quotient", (q & 7) == (-4 & 7) || q == -4);
    EXPECT_F(__nv_ldexpf(1.5f, 4), 24.0f);
    EXPECT_D(__nv_ldexp(1.0, -1074), 0x1p-1074);
    EXPECT_F(__nv_scalbnf(3.0f, -1), 1.5f);
    EXPECT_D(__nv_scalbn(1.0, 1024), INFINITY);
    EXPECT_F(__nv_fdimf(1.0f, 3.0f), 0.0f);
}

static void test_decompose(void)
{
    int e;
    EXPECT_F(__nv_frexpf(8.0f, &e), 0.5f);
    EXPECT("frexpf exp", e == 4);
    EXPECT_D(__nv_frexp(-0x1p-1074, &e), -0.5);
    EXPECT("frexp exp", e == -1073);
    float fi;
    double di;
    EXPECT_F(__nv_modff(-3.25f, &fi), -0.25f);
    EXPECT("modff int", fi == -3.0f);
    EXPECT_D(__nv_modf(INFINITY, &di), 0.0);
    EXPECT("modf int", di == INFINITY);
    EXPECT("ilogbf(0)", __nv_ilogbf(0.0f) == INT_MIN);
    EXPECT("ilogbf(nan)", __nv_ilogbf(NAN) == INT_MIN);
    EXPECT("ilogbf(inf)", __nv_ilogbf(-INFINITY) == INT_MAX);
    EXPECT("ilogbf(sub)", __nv_ilogbf(0x1p-149f) == -149);
    EXPECT("ilogb(0)", __nv_ilogb(-0.0) == INT_MIN);
    EXPECT("ilogb(1e300)", __nv_ilogb(1e300) == 996);
    EXPECT_F(__nv_logbf(0.0f), -INFINITY);
    EXPECT_D(__nv_logb(0x1p-1074), -1074.0);
    EXPECT_F(__nv_nextafterf(1.0f, 2.0f), 0x1.000002p0f);
    EXPECT_D(__nv_nextafter(0.0, -1.0), -0x1p-1074);
    EXPECT_F(__nv_nanf((const signed char *)""), NAN);
    EXPECT("nan payload", (cux_ld_dbits(__nv_nan((const signed char *)"5"))
                           & 0xfffff) == 5);
}

/* ---- Elementary special cases ---------------------------------------- */

static void test_elementary_specials(void)
{
    EXPECT_F(__nv_sqrtf(-0.0f), -0.0f);
    EXPECT_F(__nv_rsqrtf(0.0f), INFINITY);
    EXPECT_F(__nv_rsqrtf(-0.0f), -INFINITY);
    EXPECT_F(__nv_rsqrtf(INFINITY), 0.0f);
    EXPECT(("rsqrtf(-1)"), isnan(__nv_rsqrtf(-1.0f)));
    EXPECT_D(__nv_rsqrt(4.0), 0.5);
    EXPECT_F(__nv_frsqrt_rn(0.25f), 2.0f);
    EXPECT_F(__nv_rcbrtf(-0.0f), -INFINITY);
    EXPECT_D(__nv_rcbrt(-8.0), -0.5);
    EXPECT_F(__nv_expf(-INFINITY), 0.0f);
    EXPECT_F(__nv_exp10f(2.0f), 100.0f);
    EXPECT_D(__nv_exp10(-1.0), 0.1);
    EXPECT_D(__nv_exp10(309.0), INFINITY);
    EXPECT_F(__nv_logf(0.0f), -INFINITY);
    EXPECT(("logf(-1)"), isnan(__nv_logf(-1.0f)));
    EXPECT_F(__nv_log1pf(-1.0f), -INFINITY);
    EXPECT_F(__nv_expm1f(-0.0f), -0.0f);
    EXPECT_F(__nv_tanhf(INFINITY), 1.0f);
    EXPECT_D(__nv_atan2(0.0, -1.0), (double)CUX_LD_PI);
    EXPECT_F(__nv_atanhf(1.0f), INFINITY);
    EXPECT_F(__nv_acoshf(1.0f), 0.0f);
    float s, c;
    double sd, cd;
    __nv_sincosf(0.5f, &s, &c);
    EXPECT("sincosf", s == sinf(0.5f) && c == cosf(0.5f));
    __nv_sincos(-0.0, &sd, &cd);
    EXPECT("sincos(-0)", same_d(sd, -0.0) && cd == 1.0);
    /* The fast forms stay within CUDA's __sinf/__expf/... accuracy. */
    __nv_fast_sincosf(1.0f, &s, &c);
    EXPECT("fast_sincosf", fabsf(s - 0.84147098f) < 2e-6f);
    EXPECT("fast_sinf", fabsf(__nv_fast_sinf(1.0f) - 0.84147098f) < 2e-6f);
    EXPECT("fast_cosf", fabsf(__nv_fast_cosf(1.0f) - 0.54030231f) < 2e-6f);
    EXPECT("fast_tanf", fabsf(__nv_fast_tanf(1.0f) - 1.5574077f) < 4e-6f);
    EXPECT("fast_expf", ulps_f(__nv_fast_expf(3.0f), expl(3)) <= 2);
    EXPECT("fast_exp10f", ulps_f(__nv_fast_exp10f(3.0f), 1000) <= 2);
    EXPECT("fast_logf", fabsf(__nv_fast_logf(2.0f) - 0.69314718f) < 1e-6f);
    EXPECT("fast_log2f", __nv_fast_log2f(8.0f) == 3.0f);
    EXPECT("fast_log10f", __nv_fast_log10f(100.0f) == 2.0f);
    EXPECT_F(__nv_saturatef(NAN), 0.0f);
    EXPECT_F(__nv_saturatef(-3.0f), 0.0f);
    EXPECT_F(__nv_saturatef(1.5f), 1.0f);
    EXPECT_F(__nv_saturatef(0.25f), 0.25f);
    EXPECT_D(__nv_rcp64h(2.0), 0.5);
    EXPECT("rcp64h(3)", fabs(__nv_rcp64h(3.0) - 1.0 / 3) < 1e-9);
    EXPECT_D(__nv_rcp64h(0x1p-1070), INFINITY);
    EXPECT_D(__nv_rcp64h(-0.0), -INFINITY);
}

static void test_special_functions(void)
{
    EXPECT_F(__nv_erfinvf(1.0f), INFINITY);
    EXPECT_F(__nv_erfinvf(-1.0f), -INFINITY);
    EXPECT_F(__nv_erfinvf(-0.0f), -0.0f);
    EXPECT(("erfinvf(2)"), isnan(__nv_erfinvf(2.0f)));
    EXPECT_D(__nv_erfcinv(0.0), INFINITY);
    EXPECT_D(__nv_erfcinv(2.0), -INFINITY);
    EXPECT_D(__nv_erfcinv(1.0), 0.0);
    EXPECT(("erfcinv(-1)"), isnan(__nv_erfcinv(-1.0)));
    EXPECT("erfcinv(tiny)",
           ulps_d(__nv_erfcinv(0x1p-1074), r_erfcinv(0x1p-1074L)) <= 6);
    EXPECT_D(__nv_normcdfinv(0.0), -INFINITY);
    EXPECT_D(__nv_normcdfinv(1.0), INFINITY);
    EXPECT_F(__nv_normcdfinvf(0.5f), 0.0f);
    EXPECT_F(__nv_normcdff(-INFINITY), 0.0f);
    EXPECT_D(__nv_normcdf(INFINITY), 1.0);
    EXPECT_F(__nv_erfcxf(INFINITY), 0.0f);
    EXPECT_F(__nv_erfcxf(-INFINITY), INFINITY);
    EXPECT("erfcx(1e4)", ulps_d(__nv_erfcx(1e4),
                                1 / (1e4L * CUX_LD_SQRT_PI) *
                                    (1 - 0.5e-8L + 0.75e-16L)) <= 4);
    EXPECT("erfcxf(2e3)", ulps_f(__nv_erfcxf(2e3f),
                                 1 / (2e3L * CUX_LD_SQRT_PI) *
                                     (1 - 1 / 8e6L + 3 / 6.4e13L)) <= 4);
    EXPECT_D(__nv_cyl_bessel_i0(0.0), 1.0);
    EXPECT_D(__nv_cyl_bessel_i1(-0.0), -0.0);
    EXPECT_F(__nv_cyl_bessel_i0f(-INFINITY), INFINITY);
    EXPECT_F(__nv_cyl_bessel_i1f(-100.0f), -INFINITY);
    EXPECT_D(__nv_cyl_bessel_i0(800.0), INFINITY);
    long double x = 1e-3L; /* I1 by its first terms: x/2 (1 + x^2/8) */
    EXPECT("i1(1e-3)", ulps_d(__nv_cyl_bessel_i1(1e-3),
                              x / 2 * (1 + x * x / 8 + x * x * x * x / 192))
                           <= 6);
    EXPECT(("jnf(-1)"), isnan(__nv_jnf(-1, 1.0f)));
    EXPECT(("yn(-1)"), isnan(__nv_yn(-1, 1.0)));
    EXPECT_F(__nv_ynf(2, 0.0f), -INFINITY);
    EXPECT(("ynf(x<0)"), isnan(__nv_ynf(1, -1.0f)));
    EXPECT_D(__nv_jn(3, INFINITY), 0.0);
    EXPECT("jnf(2,1)", ulps_f(__nv_jnf(2, 1.0f), jnl(2, 1.0L)) <= 4);
    EXPECT("jn(5,3)", ulps_d(__nv_jn(5, 3.0), jnl(5, 3.0L)) <= 4);
    EXPECT("ynf(2,3)", ulps_f(__nv_ynf(2, 3.0f), ynl(2, 3.0L)) <= 4);
    EXPECT("yn(4,2)", ulps_d(__nv_yn(4, 2.0), ynl(4, 2.0L)) <= 4);
    EXPECT_F(__nv_j1f(-0.0f), -0.0f);
    EXPECT_F(__nv_y0f(0.0f), -INFINITY);
    EXPECT_F(__nv_lgammaf(1.0f), 0.0f);
    EXPECT_D(__nv_lgamma(0.0), INFINITY);
    EXPECT_D(__nv_tgamma(5.0), 24.0);
    EXPECT(("tgammaf(-1)"), isnan(__nv_tgammaf(-1.0f)));
}

static void test_norms(void)
{
    float v[5] = {1, 2, 2, 4, 10};
    double w[3] = {3, 4, 12};
    EXPECT_F(__nv_normf(3, v), 3.0f);
    EXPECT_F(__nv_rnormf(3, v), 1.0f / 3);
    EXPECT("normf(5)", ulps_f(__nv_normf(5, v), sqrtl(125)) <= 4);
    EXPECT_D(__nv_norm(3, w), 13.0);
    EXPECT("rnorm", ulps_d(__nv_rnorm(3, w), 1 / 13.0L) <= 1);
    EXPECT_F(__nv_norm3df(2, 3, 6), 7.0f);
    EXPECT_F(__nv_norm4df(2, 4, 5, 6), 9.0f);
    EXPECT_F(__nv_rnorm3df(2, 3, 6), 1.0f / 7);
    EXPECT("rnorm4df", ulps_f(__nv_rnorm4df(2, 4, 5, 6), 1 / 9.0L) <= 2);
    EXPECT("norm3d big", ulps_d(__nv_norm3d(1e300, 1e300, 0),
                                1e300L * CUX_LD_SQRT2) <= 2);
    EXPECT_D(__nv_norm4d(1, 1, 1, 1), 2.0);
    EXPECT_D(__nv_rnorm3d(0, 0, 0), INFINITY);
    EXPECT_D(__nv_rnorm4d(1, 1, 1, 1), 0.5);
    EXPECT_F(__nv_norm3df(NAN, INFINITY, 1), INFINITY);
    EXPECT_D(__nv_rnorm3d(NAN, 1, -INFINITY), 0.0);
}

/* ---- Directed rounding ----------------------------------------------- */

enum { RN, RZ, RD, RU };

/* Rounds an exact value (or one whose rounding to __float128 cannot
 * cross a float/double boundary) in the given direction, without using
 * the FPU rounding mode that the functions under test use. */
typedef __float128 exact;

static float dir_f(exact x, int mode)
{
    float n = (float)x;
    if (mode == RD && (exact)n > x)
        n = nextafterf(n, -INFINITY);
    if (mode == RU && (exact)n < x)
        n = nextafterf(n, INFINITY);
    if (mode == RZ && ((n > 0 && (exact)n > x) || (n < 0 && (exact)n < x)))
        n = nextafterf(n, 0);
    return n;
}

static double dir_d(exact x, int mode)
{
    double n = (double)x;
    if (mode == RD && (exact)n > x)
        n = nextafter(n, -INFINITY);
    if (mode == RU && (exact)n < x)
        n = nextafter(n, INFINITY);
    if (mode == RZ && ((n > 0 && (exact)n > x) || (n < 0 && (exact)n < x)))
        n = nextafter(n, 0);
    return n;
}

typedef float (*fbin)(float, float);
typedef double (*dbin)(double, double);

static const fbin t_fadd[4] = {__nv_fadd_rn, __nv_fadd_rz, __nv_fadd_rd,
                             __nv_fadd_ru};
static const fbin t_fsub[4] = {__nv_fsub_rn, __nv_fsub_rz, __nv_fsub_rd,
                             __nv_fsub_ru};
static const fbin t_fmul[4] = {__nv_fmul_rn, __nv_fmul_rz, __nv_fmul_rd,
                             __nv_fmul_ru};
static const fbin t_fdiv[4] = {__nv_fdiv_rn, __nv_fdiv_rz, __nv_fdiv_rd,
                             __nv_fdiv_ru};
static const dbin t_dadd[4] = {__nv_dadd_rn, __nv_dadd_rz, __nv_dadd_rd,
                             __nv_dadd_ru};
static const dbin t_dsub[4] = {__nv_dsub_rn, __nv_dsub_rz, __nv_dsub_rd,
                             __nv_dsub_ru};
static const dbin t_dmul[4] = {__nv_dmul_rn, __nv_dmul_rz, __nv_dmul_rd,
                             __nv_dmul_ru};
static const dbin t_ddiv[4] = {__nv_ddiv_rn, __nv_ddiv_rz, __nv_ddiv_rd,
                             __nv_ddiv_ru};
static float (*const t_frcp[4])(float) = {__nv_frcp_rn, __nv_frcp_rz,
                                        __nv_frcp_rd, __nv_frcp_ru};
static double (*const t_drcp[4])(double) = {__nv_drcp_rn, __nv_drcp_rz,
                                          __nv_drcp_rd, __nv_drcp_ru};
static float (*const t_fsqrt[4])(float) = {__nv_fsqrt_rn, __nv_fsqrt_rz,
                                         __nv_fsqrt_rd, __nv_fsqrt_ru};
static double (*const t_dsqrt[4])(double) = {__nv_dsqrt_rn, __nv_dsqrt_rz,
                                           __nv_dsqrt_rd, __nv_dsqrt_ru};
static float (*const t_ffma[4])(float, float, float) = {
    __nv_fmaf_rn, __nv_fmaf_rz, __nv_fmaf_rd, __nv_fmaf_ru};
static float (*const t_ffmai[4])(float, float, float) = {
    __nv_fmaf_ieee_rn, __nv_fmaf_ieee_rz, __nv_fmaf_ieee_rd,
    __nv_fmaf_ieee_ru};
static double (*const t_dfma[4])(double, double, double) = {
    __nv_fma_rn, __nv_fma_rz, __nv_fma_rd, __nv_fma_ru};

static double rnd_operand(int i)
{
    double m = 1 + rand() / (double)RAND_MAX;
    return ldexp((i & 1) ? -m : m, rand() % 30 - 15);
}

/* r is sqrt(x) rounded down (up) iff r^2 <= x < up^2 (down^2 < x <= r^2);
 * fma gives the exact sign of each difference. */
static int sqrt_ok(double r, double x, int mode, double down, double up)
{
    if (mode == RN)
        return 1; /* compared with the correctly rounded sqrt instead */
    if (mode == RU)
        return fma(down, down, -x) < 0 && fma(r, r, -x) >= 0;
    return fma(r, r, -x) <= 0 && fma(up, up, -x) > 0;
}

static void test_rounding_one(int i, int m)
{
    double a = rnd_operand(i), b = rnd_operand(i >> 1), c = rnd_operand(i);
    float af = (float)a, bf = (float)b, cf = (float)c, sf = fabsf(af);
    double s = fabs(a);
    exact ea = af, eb = bf, ec = cf;
    EXPECT("fadd", same_f(t_fadd[m](af, bf), dir_f(ea + eb, m)));
    EXPECT("fsub", same_f(t_fsub[m](af, bf), dir_f(ea - eb, m)));
    EXPECT("fmul", same_f(t_fmul[m](af, bf), dir_f(ea * eb, m)));
    EXPECT("fdiv", same_f(t_fdiv[m](af, bf), dir_f(ea / eb, m)));
    EXPECT("frcp", same_f(t_frcp[m](af), dir_f(1 / ea, m)));
    EXPECT("fmaf", same_f(t_ffma[m](af, bf, cf), dir_f(ea * eb + ec, m)));
    EXPECT("fmaf_ieee", same_f(t_ffmai[m](af, bf, cf), dir_f(ea * eb + ec, m)));
    float rf = t_fsqrt[m](sf);
    EXPECT("fsqrt", sqrt_ok(rf, sf, m, nextafterf(rf, 0),
                            nextafterf(rf, INFINITY)));
    EXPECT("fsqrt_rn", same_f(__nv_fsqrt_rn(sf), sqrtf(sf)));
    ea = a, eb = b, ec = c;
    EXPECT("dadd", same_d(t_dadd[m](a, b), dir_d(ea + eb, m)));
    EXPECT("dsub", same_d(t_dsub[m](a, b), dir_d(ea - eb, m)));
    EXPECT("dmul", same_d(t_dmul[m](a, b), dir_d(ea * eb, m)));
    EXPECT("ddiv", same_d(t_ddiv[m](a, b), dir_d(ea / eb, m)));
    EXPECT("drcp", same_d(t_drcp[m](a), dir_d(1 / ea, m)));
    EXPECT("dfma", same_d(t_dfma[m](a, b, c), dir_d(ea * eb + ec, m)));
    double r = t_dsqrt[m](s);
    EXPECT("dsqrt", sqrt_ok(r, s, m, nextafter(r, 0),
                            nextafter(r, INFINITY)));
    EXPECT("dsqrt_rn", same_d(__nv_dsqrt_rn(s), sqrt(s)));
}

static void test_rounding(void)
{
    srand(11);
    for (int i = 0; i < 4000; i++)
        test_rounding_one(i, i & 3);
    EXPECT("mode restored", fegetround() == FE_TONEAREST);
    EXPECT_F(__nv_fadd_rd(1.0f, -1.0f), -0.0f);
    EXPECT_F(__nv_fadd_rn(1.0f, -1.0f), 0.0f);
    EXPECT_F(__nv_fmul_rz(0x1p100f, 0x1p100f), 0x1.fffffep127f);
    EXPECT_F(__nv_fmul_ru(0x1p100f, 0x1p100f), INFINITY);
    EXPECT_D(__nv_ddiv_rd(1.0, 0.0), INFINITY);
    /* sqrt(2) rounded to nearest is above the true value. */
    EXPECT_D(__nv_dsqrt_ru(2.0), sqrt(2.0));
    EXPECT_D(__nv_dsqrt_rd(2.0), nextafter(sqrt(2.0), 0));
    EXPECT_F(__nv_fmaf(2.0f, 3.0f, 1.0f), 7.0f);
    /* Fused: (1 + 2^-30)^2 - 1 keeps the 2^-60 term a product would lose. */
    EXPECT_D(__nv_fma(1 + 0x1p-30, 1 + 0x1p-30, -1), 0x1p-29 + 0x1p-60);
}

/* ---- Conversions ------------------------------------------------------- */

static void test_float_to_int(void)
{
    EXPECT("f2i nan", __nv_float2int_rn(NAN) == 0);
    EXPECT("f2i big", __nv_float2int_rz(1e10f) == INT_MAX);
    EXPECT("f2i -big", __nv_float2int_rd(-1e10f) == INT_MIN);
    EXPECT("f2i inf", __nv_float2int_ru(INFINITY) == INT_MAX);
    EXPECT("f2i 2^31", __nv_float2int_rn(0x1p31f) == INT_MAX);
    EXPECT("f2i -2^31", __nv_float2int_rn(-0x1p31f) == INT_MIN);
    EXPECT("f2i rn 2.5", __nv_float2int_rn(2.5f) == 2);
    EXPECT("f2i rn 3.5", __nv_float2int_rn(3.5f) == 4);
    EXPECT("f2i rn -2.5", __nv_float2int_rn(-2.5f) == -2);
    EXPECT("f2i rd -2.5", __nv_float2int_rd(-2.5f) == -3);
    EXPECT("f2i ru -2.5", __nv_float2int_ru(-2.5f) == -2);
    EXPECT("f2i rz -2.7", __nv_float2int_rz(-2.7f) == -2);
    EXPECT("f2u neg", __nv_float2uint_rn(-1.0f) == 0);
    EXPECT("f2u -0.4", __nv_float2uint_rz(-0.4f) == 0);
    EXPECT("f2u big", __nv_float2uint_ru(4.3e9f) == UINT_MAX);
    EXPECT("f2u nan", __nv_float2uint_rd(NAN) == 0);
    EXPECT("f2u 2^31", __nv_float2uint_rn(0x1p31f) == 0x80000000u);
    EXPECT("f2ll big", __nv_float2ll_rn(1e19f) == LLONG_MAX);
    EXPECT("f2ll -big", __nv_float2ll_rz(-1e19f) == LLONG_MIN);
    EXPECT("f2ll 2^40", __nv_float2ll_rd(0x1p40f + 0.0f) == 1LL << 40);
    EXPECT("f2ll ru", __nv_float2ll_ru(-0.5f) == 0);
    EXPECT("f2ull nan", __nv_float2ull_rn(NAN) == 0);
    EXPECT("f2ull -1", __nv_float2ull_rd(-1.0f) == 0);
    EXPECT("f2ull big", __nv_float2ull_rz(2e19f) == ULLONG_MAX);
    EXPECT("f2ull 2^63", __nv_float2ull_ru(0x1p63f) == 1ULL << 63);
    EXPECT("llrintf", __nv_llrintf(2.5f) == 2 && __nv_llrintf(NAN) == 0);
    EXPECT("llrintf big", __nv_llrintf(-1e30f) == LLONG_MIN);
    EXPECT("llroundf", __nv_llroundf(2.5f) == 3 && __nv_llroundf(-2.5f) == -3);
    EXPECT("llroundf big", __nv_llroundf(1e30f) == LLONG_MAX);
}

static void test_double_to_int(void)
{
    EXPECT("d2i max", __nv_double2int_rn(2147483647.4) == INT_MAX);
    EXPECT("d2i sat", __nv_double2int_rn(2147483647.6) == INT_MAX);
    EXPECT("d2i rd", __nv_double2int_rd(-0.5) == -1);
    EXPECT("d2i ru", __nv_double2int_ru(0.1) == 1);
    EXPECT("d2i rz", __nv_double2int_rz(-7.9) == -7);
    EXPECT("d2i nan", __nv_double2int_rz(NAN) == 0);
    EXPECT("d2u", __nv_double2uint_rn(4294967295.4) == UINT_MAX);
    EXPECT("d2u neg", __nv_double2uint_rd(-0.5) == 0);
    EXPECT("d2u rz", __nv_double2uint_rz(3.99) == 3);
    EXPECT("d2u ru", __nv_double2uint_ru(3.01) == 4);
    EXPECT("d2ll", __nv_double2ll_rn(-9.3e18) == LLONG_MIN);
    EXPECT("d2ll rd", __nv_double2ll_rd(1e15 + 0.5) == 1000000000000000LL);
    EXPECT("d2ll ru", __nv_double2ll_ru(1e15 + 0.5) == 1000000000000001LL);
    EXPECT("d2ll rz", __nv_double2ll_rz(NAN) == 0);
    EXPECT("d2ull", __nv_double2ull_rn(1.9e19) == ULLONG_MAX);
    EXPECT("d2ull rd", __nv_double2ull_rd(0x1p63 + 2048) ==
                           (1ULL << 63) + 2048);
    EXPECT("d2ull ru", __nv_double2ull_ru(-0.2) == 0);
    EXPECT("d2ull rz", __nv_double2ull_rz(INFINITY) == ULLONG_MAX);
    EXPECT("llrint", __nv_llrint(-3.5) == -4 && __nv_llrint(1e300) ==
                                                    LLONG_MAX);
    EXPECT("llround", __nv_llround(0.5) == 1 && __nv_llround(NAN) == 0);
}

static void test_int_to_float(void)
{
    EXPECT_F(__nv_int2float_rn(16777217), 16777216.0f);
    EXPECT_F(__nv_int2float_rz(16777217), 16777216.0f);
    EXPECT_F(__nv_int2float_rd(-16777217), -16777218.0f);
    EXPECT_F(__nv_int2float_ru(16777217), 16777218.0f);
    EXPECT_F(__nv_int2float_rn(16777219), 16777220.0f);
    EXPECT_F(__nv_uint2float_ru(0xffffffffu), 4294967296.0f);
    EXPECT_F(__nv_uint2float_rz(0xffffffffu), 4294967040.0f);
    EXPECT_F(__nv_uint2float_rd(0xffffff81u), 4294967040.0f);
    EXPECT_F(__nv_uint2float_rn(0xffffff81u), 4294967296.0f);
    EXPECT_F(__nv_ll2float_rd(-(1LL << 40) - 1), -0x1.000002p40f);
    EXPECT_F(__nv_ll2float_ru(-(1LL << 40) - 1), -0x1p40f);
    EXPECT_F(__nv_ll2float_rz((1LL << 40) + 1), 0x1p40f);
    EXPECT_F(__nv_ll2float_rn(LLONG_MIN), -0x1p63f);
    EXPECT_F(__nv_ull2float_rd(ULLONG_MAX), 0x1.fffffep63f);
    EXPECT_F(__nv_ull2float_ru(ULLONG_MAX), 0x1p64f);
    EXPECT_F(__nv_ull2float_rz((1ULL << 63) + 1), 0x1p63f);
    EXPECT_F(__nv_ull2float_rn(ULLONG_MAX), 0x1p64f);
    long long big = (1LL << 53) + 1;
    EXPECT_D(__nv_ll2double_rd(big), 0x1p53);
    EXPECT_D(__nv_ll2double_ru(big), 0x1p53 + 2);
    EXPECT_D(__nv_ll2double_rz(-big), -0x1p53);
    EXPECT_D(__nv_ll2double_rn(big + 2), 0x1p53 + 4);
    EXPECT_D(__nv_ull2double_rd(ULLONG_MAX), 0x1.fffffffffffffp63);
    EXPECT_D(__nv_ull2double_ru(ULLONG_MAX), 0x1p64);
    EXPECT_D(__nv_ull2double_rz(ULLONG_MAX), 0x1.fffffffffffffp63);
    EXPECT_D(__nv_ull2double_rn(ULLONG_MAX), 0x1p64);
    EXPECT_D(__nv_int2double_rn(INT_MIN), -2147483648.0);
    EXPECT_D(__nv_uint2double_rn(UINT_MAX), 4294967295.0);
    EXPECT_F(__nv_double2float_rn(0.1), 0.1f);
    EXPECT_F(__nv_double2float_rd(0.1), dir_f(0.1, RD));
    EXPECT_F(__nv_double2float_ru(0.1), dir_f(0.1, RU));
    EXPECT_F(__nv_double2float_rz(-0.1), dir_f(-0.1, RZ));
    EXPECT_F(__nv_double2float_rz(1e300), 0x1.fffffep127f);
    EXPECT_F(__nv_double2float_rn(1e300), INFINITY);
    EXPECT_F(__nv_double2float_rd(-1e-300), -0x1p-149f);
    EXPECT_F(__nv_double2float_ru(NAN), NAN);
}

static void test_bits(void)
{
    EXPECT("float_as_int", __nv_float_as_int(-2.0f) == (int)0xc0000000);
    EXPECT("float_as_uint", __nv_float_as_uint(1.0f) == 0x3f800000u);
    EXPECT_F(__nv_int_as_float(0x7f800000), INFINITY);
    EXPECT_F(__nv_uint_as_float(0x80000000u), -0.0f);
    EXPECT("double_as_ll", __nv_double_as_longlong(-0.0) == 1ULL << 63);
    EXPECT_D(__nv_longlong_as_double(0x3ff0000000000000LL), 1.0);
    EXPECT("hiint", __nv_double2hiint(-2.0) == (int)0xc0000000);
    EXPECT("loint", __nv_double2loint(0x1.0000000000001p0) == 1);
    EXPECT_D(__nv_hiloint2double(0x3ff00000, 1), 0x1.0000000000001p0);
    EXPECT_D(__nv_hiloint2double((int)0xfff00000, 0), -INFINITY);
    EXPECT("isnanf", __nv_isnanf(NAN) == 1 && __nv_isnanf(INFINITY) == 0);
    EXPECT("isnand", __nv_isnand(-NAN) == 1 && __nv_isnand(0.0) == 0);
    EXPECT("isinff", __nv_isinff(-INFINITY) == 1 && __nv_isinff(NAN) == 0);
    EXPECT("isinfd", __nv_isinfd(INFINITY) == 1 && __nv_isinfd(1e308) == 0);
    EXPECT("finitef", __nv_finitef(FLT_MAX) == 1 && !__nv_finitef(NAN));
    EXPECT("isfinited", __nv_isfinited(0.0) && !__nv_isfinited(-INFINITY));
    EXPECT("signbitf", __nv_signbitf(-0.0f) == 1 && !__nv_signbitf(0.0f));
    EXPECT("signbitd", __nv_signbitd(-NAN) == 1 && !__nv_signbitd(1.0));
    EXPECT_F(__nv_copysignf(3.0f, -0.0f), -3.0f);
    EXPECT_D(__nv_copysign(-3.0, 1.0), 3.0);
    EXPECT_F(__nv_fabsf(-0.0f), 0.0f);
    EXPECT_D(__nv_fabs(-INFINITY), INFINITY);
    EXPECT_F(__nv_roundf(-2.5f), -3.0f);
    EXPECT_F(__nv_rintf(-2.5f), -2.0f);
    EXPECT_F(__nv_nearbyintf(0.5f), 0.0f);
    EXPECT_D(__nv_rint(-0.4), -0.0);
    EXPECT_F(__nv_truncf(-0.9f), -0.0f);
    EXPECT_F(__nv_ceilf(-0.5f), -0.0f);
    EXPECT_D(__nv_floor(-0.5), -1.0);
    EXPECT_D(__nv_ceil(1e300), 1e300);
    EXPECT_D(__nv_trunc(2.9), 2.0);
    EXPECT_D(__nv_round(0.49999999999999994), 0.0);
    EXPECT_D(__nv_nearbyint(2.5), 2.0);
    EXPECT_F(__nv_floorf(-1.5f), -2.0f);
}

/* ---- Half precision ---------------------------------------------------- */

/* Decodes binary16 by its definition, independently of the prelude. */
static double half_value(unsigned h)
{
    int e = (h >> 10) & 31, m = h & 1023;
    double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY)
                                                : ldexp(1024 + m, e - 25);
    return (h & 0x8000) ? -v : v;
}

static void test_half(void)
{
    int bad = 0;
    for (unsigned h = 0; h < 0x10000; h++) {
        double v = half_value(h);
        float f = __nv_half2float((unsigned short)h);
        if (!same_f(f, (float)v))
            bad++;
        if (!isnan(v) && __nv_float2half_rn(f) != h)
            bad++;
        if (isnan(v) && !isnan(half_value(__nv_float2half_rn(f))))
            bad++;
        /* The midpoint to the next value up rounds to the even one. */
        unsigned next = h + 1;
        if ((h & 0x7fff) < 0x7bff && !(h & 0x8000)) {
            float mid = (float)((v + half_value(next)) / 2);
            unsigned want = (h & 1) ? next : h;
            if (__nv_float2half_rn(mid) != want)
                bad++;
            if (__nv_float2half_rn(nextafterf(mid, INFINITY)) != next)
                bad++;
            if (__nv_float2half_rn(nextafterf(mid, 0)) != h)
                bad++;
        }
    }
    checks += 0x10000;
    if (bad)
        fail("half", "exhaustive round trip and midpoints");
    EXPECT("h 1", __nv_float2half_rn(1.0f) == 0x3c00);
    EXPECT("h 65504", __nv_float2half_rn(65504.0f) == 0x7bff);
    EXPECT("h 65519", __nv_float2half_rn(65519.0f) == 0x7bff);
    EXPECT("h 65520", __nv_float2half_rn(65520.0f) == 0x7c00);
    EXPECT("h -inf", __nv_float2half_rn(-INFINITY) == 0xfc00);
    EXPECT("h 2^-24", __nv_float2half_rn(0x1p-24f) == 0x0001);
    EXPECT("h 2^-25", __nv_float2half_rn(0x1p-25f) == 0x0000);
    EXPECT("h 1.5*2^-25", __nv_float2half_rn(0x1.8p-25f) == 0x0001);
    EXPECT("h tiny", __nv_float2half_rn(-0x1p-100f) == 0x8000);
    EXPECT("h 2^-14", __nv_float2half_rn(0x1p-14f) == 0x0400);
    EXPECT("h 0.1", __nv_float2half_rn(0.1f) == 0x2e66);
    EXPECT("h nan", (__nv_float2half_rn(NAN) & 0x7c00) == 0x7c00 &&
                        (__nv_float2half_rn(NAN) & 0x3ff));
    EXPECT_F(__nv_half2float(0x7c01), NAN);
    EXPECT_F(__nv_half2float(0x8001), -0x1p-24f);
}

/* ---- Integer intrinsics ------------------------------------------------ */

static unsigned ref_brev(unsigned x)
{
    unsigned r = 0;
    for (int i = 0; i < 32; i++)
        r |= ((x >> i) & 1u) << (31 - i);
    return r;
}

static int ref_popc(unsigned long long x)
{
    int n = 0;
    for (; x; x >>= 1)
        n += (int)(x & 1);
    return n;
}

static void test_integer_random(void)
{
    srand(3);
    int bad = 0;
    for (int i = 0; i < 20000; i++) {
        unsigned a = (unsigned)rand() * 2654435761u ^ (unsigned)rand();
        unsigned b = (unsigned)rand() * 40503u ^ (unsigned)rand() << 7;
        unsigned long long w = (unsigned long long)a << 32 | b;
        bad += __nv_popc((int)a) != ref_popc(a);
        bad += __nv_popcll((long long)w) != ref_popc(w);
        bad += (unsigned)__nv_brev((int)a) != ref_brev(a);
        bad += (unsigned long long)__nv_brevll((long long)w) !=
               ((unsigned long long)ref_brev(b) << 32 | ref_brev(a));
        bad += __nv_mulhi((int)a, (int)b) !=
               (int)(((long long)(int)a * (int)b) >> 32);
        bad += __nv_umulhi(a, b) != (unsigned)((unsigned long long)a * b >> 32);
        bad += __nv_hadd((int)a, (int)b) !=
               (int)floor(((double)(int)a + (int)b) / 2);
        bad += __nv_rhadd((int)a, (int)b) !=
               (int)floor(((double)(int)a + (int)b + 1) / 2);
        bad += (unsigned)__nv_uhadd(a, b) != (unsigned)(((double)a + b) / 2);
        bad += __nv_urhadd(a, b) != (unsigned)(((double)a + b + 1) / 2);
        checks += 10;
    }
    if (bad)
        fail("integer random", "popc/brev/mulhi/hadd");
}

static void test_integer(void)
{
    test_integer_random();
    EXPECT("abs", __nv_abs(INT_MIN) == INT_MIN && __nv_abs(-5) == 5);
    EXPECT("llabs", __nv_llabs(LLONG_MIN) == LLONG_MIN &&
                        __nv_llabs(-5) == 5);
    EXPECT("max/min", __nv_max(-1, 2) == 2 && __nv_min(-1, 2) == -1);
    EXPECT("umax/umin", __nv_umax(1, UINT_MAX) == UINT_MAX &&
                            __nv_umin(1, UINT_MAX) == 1);
    EXPECT("llmax/llmin", __nv_llmax(-1, 1) == 1 && __nv_llmin(-1, 1) == -1);
    EXPECT("ullmax/ullmin", __nv_ullmax(1, ULLONG_MAX) == ULLONG_MAX &&
                                __nv_ullmin(1, ULLONG_MAX) == 1);
    EXPECT("clz", __nv_clz(0) == 32 && __nv_clz(1) == 31 && __nv_clz(-1) == 0);
    EXPECT("clzll", __nv_clzll(0) == 64 && __nv_clzll(1LL << 40) == 23);
    EXPECT("ffs", __nv_ffs(0) == 0 && __nv_ffs(8) == 4 &&
                      __nv_ffs(INT_MIN) == 32);
    EXPECT("ffsll", __nv_ffsll(0) == 0 && __nv_ffsll(1LL << 40) == 41);
    EXPECT("popc", __nv_popc(-1) == 32 && __nv_popcll(-1) == 64);
    EXPECT("brev", __nv_brev(1) == INT_MIN && __nv_brevll(1) == LLONG_MIN);
    EXPECT("byte_perm id", __nv_byte_perm(0x33221100, 0x77665544,
                                          0x3210) == 0x33221100);
    EXPECT("byte_perm hi", __nv_byte_perm(0x33221100, 0x77665544,
                                          0x7654) == 0x77665544);
    EXPECT("byte_perm mix", __nv_byte_perm(0x33221100, 0x77665544,
                                           0x0527) == 0x00552277);
    EXPECT("byte_perm bit3", __nv_byte_perm(0x33221100, 0x77665544,
                                            0x8888) == 0);
    EXPECT("mul64hi", __nv_mul64hi(-1, 1) == -1 &&
                          __nv_mul64hi(LLONG_MAX, 4) == 1);
    EXPECT("umul64hi", __nv_umul64hi(1ULL << 63, 4) == 2 &&
                           __nv_umul64hi(ULLONG_MAX, ULLONG_MAX) ==
                               ULLONG_MAX - 1);
    EXPECT("mulhi", __nv_mulhi(0x40000000, 4) == 1 &&
                        __nv_mulhi(-2, INT_MAX) == -1);
    EXPECT("mul24", __nv_mul24(0x00800000, 2) == (int)0xff000000 &&
                        __nv_mul24(0x7f000003, 5) == 15);
    EXPECT("umul24", __nv_umul24(0xffffff, 0xffffff) == 0xfe000001u &&
                         __nv_umul24(0x1000002, 3) == 6);
    EXPECT("hadd", __nv_hadd(INT_MAX, INT_MAX) == INT_MAX &&
                       __nv_hadd(-3, 0) == -2);
    EXPECT("rhadd", __nv_rhadd(-3, 0) == -1 && __nv_rhadd(INT_MAX, 1) ==
                                                   0x40000000);
    EXPECT("uhadd", __nv_uhadd(UINT_MAX, UINT_MAX) == -1);
    EXPECT("urhadd", __nv_urhadd(UINT_MAX, 0) == 0x80000000u);
    EXPECT("sad", __nv_sad(-5, 3, 10) == 18 &&
                      __nv_sad(INT_MIN, INT_MAX, 0) == -1);
    EXPECT("usad", __nv_usad(1, UINT_MAX, 0) == 0xfffffffeu &&
                       __nv_usad(7, 3, 1) == 5);
}

/* ---- SIMD video intrinsics --------------------------------------------- */

typedef int (*simd2)(int, int);

typedef struct scase {
    const char *name;
    simd2 f2, f4;
    int sgn;
    long (*op)(long a, long b, long lo, long hi); /* lane result */
} scase;

static long clampl(long v, long lo, long hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}
/* A lane operation: operands a, b and the lane's range [lo, hi]. */
#define OP(name, expr)                                                    \
    static long name(long a, long b, long lo, long hi)                    \
    {                                                                     \
        (void)a, (void)b, (void)lo, (void)hi;                             \
        return (expr);                                                    \
    }

static long avg_away(long a, long b)
{
    double m = (a + b) / 2.0; /* rounded half away from zero */
    return (long)(m < 0 ? -floor(-m + 0.5) : floor(m + 0.5));
}

OP(o_add, a + b)
OP(o_sub, a - b)
OP(o_adds, clampl(a + b, lo, hi))
OP(o_subs, clampl(a - b, lo, hi))
OP(o_absd, labs(a - b))
OP(o_avgs, avg_away(a, b))
OP(o_avgu, (a + b + 1) / 2)
OP(o_hadd, (a + b) / 2)
OP(o_max, a > b ? a : b)
OP(o_min, a < b ? a : b)
OP(o_eq, a == b)
OP(o_ne, a != b)
OP(o_ge, a >= b)
OP(o_gt, a > b)
OP(o_le, a <= b)
OP(o_lt, a < b)
OP(o_abs, labs(a))
OP(o_abss, clampl(labs(a), lo, hi))
OP(o_neg, -a)
OP(o_negs, clampl(-a, lo, hi))

#define S(stem, sgn, op) {#stem, __nv_##stem##2, __nv_##stem##4, sgn, op}
/* Comparisons give all-ones lanes (vcmp) or 1 (vset): `sgn` 2/3 below
 * marks the vcmp forms, whose lane result is negated. */
static const scase scases[] = {
    S(vadd, 0, o_add),      S(vsub, 0, o_sub),
    S(vaddss, 1, o_adds),   S(vaddus, 0, o_adds),
    S(vsubss, 1, o_subs),   S(vsubus, 0, o_subs),
    S(vabsdiffs, 1, o_absd), S(vabsdiffu, 0, o_absd),
    S(vavgs, 1, o_avgs),    S(vavgu, 0, o_avgu),
    S(vhaddu, 0, o_hadd),   S(vmaxs, 1, o_max),
    S(vmaxu, 0, o_max),     S(vmins, 1, o_min),
    S(vminu, 0, o_min),     S(vseteq, 0, o_eq),
    S(vsetne, 0, o_ne),     S(vsetges, 1, o_ge),
    S(vsetgeu, 0, o_ge),    S(vsetgts, 1, o_gt),
    S(vsetgtu, 0, o_gt),    S(vsetles, 1, o_le),
    S(vsetleu, 0, o_le),    S(vsetlts, 1, o_lt),
    S(vsetltu, 0, o_lt),    S(vcmpeq, 2, o_eq),
    S(vcmpne, 2, o_ne),     S(vcmpges, 3, o_ge),
    S(vcmpgeu, 2, o_ge),    S(vcmpgts, 3, o_gt),
    S(vcmpgtu, 2, o_gt),    S(vcmples, 3, o_le),
    S(vcmpleu, 2, o_le),    S(vcmplts, 3, o_lt),
    S(vcmpltu, 2, o_lt),
};

/* Lane values through memcpy into typed arrays (little-endian host). */
static void lanes(unsigned x, int w, int sgn, long *out)
{
    int8_t s8[4];
    uint8_t u8[4];
    int16_t s16[2];
    uint16_t u16[2];
    memcpy(s8, &x, 4), memcpy(u8, &x, 4), memcpy(s16, &x, 4);
    memcpy(u16, &x, 4);
    for (int i = 0; i < 32 / w; i++)
        out[i] = w == 8 ? (sgn ? s8[i] : u8[i]) : (sgn ? s16[i] : u16[i]);
}

static unsigned simd_ref(const scase *c, unsigned a, unsigned b, int w,
                         int unary)
{
    int sgn = c->sgn & 1;
    long la[4], lb[4], lo = sgn ? -(1L << (w - 1)) : 0;
    long hi = sgn ? (1L << (w - 1)) - 1 : (1L << w) - 1;
    lanes(a, w, sgn, la);
    lanes(b, w, sgn, lb);
    unsigned r = 0;
    for (int i = 0; i < 32 / w; i++) {
        long v = c->op(la[i], unary ? 0 : lb[i], lo, hi);
        v = c->sgn >= 2 ? -v : v;
        r |= ((unsigned)v & ((1u << w) - 1)) << (i * w);
    }
    return r;
}

static unsigned simd_operand(void)
{
    static const unsigned edge[] = {0, 0xffffffff, 0x80008000, 0x7fff7fff,
                                    0x80808080, 0x7f7f7f7f, 0x01ff01ff};
    int k = rand() % 10;
    return k < 7 ? edge[k] : (unsigned)rand() * 2654435761u;
}

static void test_simd(void)
{
    srand(5);
    int bad = 0;
    for (size_t k = 0; k < sizeof(scases) / sizeof(scases[0]); k++) {
        const scase *c = &scases[k];
        for (int i = 0; i < 2000; i++) {
            unsigned a = simd_operand(), b = simd_operand();
            unsigned r2 = (unsigned)c->f2((int)a, (int)b);
            unsigned r4 = (unsigned)c->f4((int)a, (int)b);
            int b2 = r2 != simd_ref(c, a, b, 16, 0);
            int b4 = r4 != simd_ref(c, a, b, 8, 0);
            if (b2 || b4) {
                bad++;
                if (bad < 10)
                    printf("FAIL %s%d(%#x, %#x)\n", c->name, b2 ? 2 : 4,
                           a, b);
            }
            checks += 2;
        }
    }
    static const scase unary[] = {
        {"vabs", NULL, NULL, 1, o_abs}, {"vabsss", NULL, NULL, 1, o_abss},
        {"vneg", NULL, NULL, 1, o_neg}, {"vnegss", NULL, NULL, 1, o_negs},
    };
    int (*const u2[4])(int) = {__nv_vabs2, __nv_vabsss2, __nv_vneg2,
                               __nv_vnegss2};
    int (*const u4[4])(int) = {__nv_vabs4, __nv_vabsss4, __nv_vneg4,
                               __nv_vnegss4};
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < 2000; i++) {
            unsigned a = simd_operand();
            const scase *c = &unary[k];
            bad += (unsigned)u2[k]((int)a) != simd_ref(c, a, 0, 16, 1);
            bad += (unsigned)u4[k]((int)a) != simd_ref(c, a, 0, 8, 1);
            checks += 2;
        }
    if (bad)
        fail("simd", "lane-wise reference");
    EXPECT("vsads2", __nv_vsads2(0x8000ffff, 0x7fff0001) == 0xffff + 2);
    EXPECT("vsadu2", __nv_vsadu2(0x0000ffff, 0xffff0000) == 2 * 0xffff);
    EXPECT("vsads4", __nv_vsads4(0x80ff0102, 0x7f010201) == 255 + 2 + 1 + 1);
    EXPECT("vsadu4", __nv_vsadu4(0xff000102, 0x00ff0201) == 255 * 2 + 2);
    EXPECT("vavgs2 -3", __nv_vavgs2(0xfffd, 0) == 0xfffe);
    EXPECT("vavgs2 3", __nv_vavgs2(3, 0) == 2);
}

/* Every 4099th float bit pattern (subnormals, both ends and negative
 * arguments among them) within `bound` ulp of the long double reference;
 * for the functions that are cux's own vectorisable code. */
static void sweep_f(const char *name, float (*f)(float),
                    long double (*ref)(long double), double bound)
{
    double worst = 0;
    float at = 0;
    for (uint64_t u = 0; u <= 0xffffffffu; u += 4099) {
        float x = cux_ld_bitsf((uint32_t)u);
        if (isnan(x))
            continue;
        double e = ulps_f(f(x), ref(x));
        if (e > worst)
            worst = e, at = x;
        checks++;
    }
    if (worst > bound) {
        char msg[96];
        snprintf(msg, sizeof(msg), "%.2f ulp at %a (bound %.0f)", worst, at,
                 bound);
        fail(name, msg);
    }
}

static void test_own_functions(void)
{
    sweep_f("expf sweep", __nv_expf, expl, 2);
    sweep_f("logf sweep", __nv_logf, logl, 1);
    sweep_f("tanhf sweep", __nv_tanhf, tanhl, 2);
    EXPECT_F(__nv_expf(0.0f), 1.0f);
    EXPECT_F(__nv_expf(-0.0f), 1.0f);
    EXPECT_F(__nv_expf(INFINITY), INFINITY);
    EXPECT_F(__nv_expf(88.7228394f), INFINITY);
    EXPECT_F(__nv_expf(-103.98f), 0.0f);
    EXPECT(("expf(-103.9) subnormal"), __nv_expf(-103.9f) > 0.0f);
    EXPECT(("expf(nan)"), isnan(__nv_expf(NAN)));
    EXPECT_F(__nv_logf(1.0f), 0.0f);
    EXPECT_F(__nv_logf(-0.0f), -INFINITY);
    EXPECT_F(__nv_logf(INFINITY), INFINITY);
    EXPECT(("logf(-inf)"), isnan(__nv_logf(-INFINITY)));
    EXPECT(("logf(nan)"), isnan(__nv_logf(NAN)));
    EXPECT_F(__nv_tanhf(-0.0f), -0.0f);
    EXPECT_F(__nv_tanhf(-INFINITY), -1.0f);
    EXPECT_F(__nv_tanhf(20.0f), 1.0f);
    EXPECT(("tanhf(nan)"), isnan(__nv_tanhf(NAN)));
}

int main(void)
{
    for (size_t i = 0; i < sizeof(ucases) / sizeof(ucases[0]); i++)
        run_ucase(&ucases[i]);
    for (size_t i = 0; i < sizeof(bcases) / sizeof(bcases[0]); i++)
        run_bcase(&bcases[i]);
    test_pi_functions();
    test_binary_specials();
    test_decompose();
    test_elementary_specials();
    test_own_functions();
    test_special_functions();
    test_norms();
    test_rounding();
    test_float_to_int();
    test_double_to_int();
    test_int_to_float();
    test_bits();
    test_half();
    test_integer();
    test_simd();
    printf("%s libdevice: %d checks, %d failures\n",
           failures ? "FAIL" : "PASS", checks, failures);
    return failures != 0;
}
