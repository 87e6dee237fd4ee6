/* 22_special.cl: the libdevice special functions OpenCL has no built-in
 * for (erfinv, erfcinv, erfcx, normcdf, normcdfinv, the Bessel functions),
 * computed in double to within CUDA's documented error bounds.
 *
 * Both precisions are computed in double (the float forms round the
 * double result once, which is far inside their 2-9 ulp bounds), so all
 * of them need cl_khr_fp64: without it a module calling one fails its
 * build naming the function, as for any function the prelude lacks.
 * Where plain double arithmetic would lose more than the bound allows
 * (the Bessel power series cancel, x / sqrt(2) feeds an erfc whose
 * relative slope is 2x^2) the sums are carried in double-double
 * (15_double_double.cl). */
#ifdef cl_khr_fp64

/* Constants split into a double and its remainder. */
#define CUX_DD_INV_SQRT2 cux_dd_make(0.7071067811865476, -4.833646656726457e-17)
#define CUX_DD_EULER_GAMMA cux_dd_make(0.5772156649015329, -4.942915152430645e-18)
#define CUX_SQRT_PI_2 0.886226925452758       /* sqrt(pi) / 2 */
#define CUX_2_SQRT_PI 1.1283791670955126      /* 2 / sqrt(pi) */
#define CUX_INV_SQRT_PI 0.5641895835477563    /* 1 / sqrt(pi) */
#define CUX_2_PI 0.6366197723675814           /* 2 / pi */
#define CUX_INV_PI 0.3183098861837907         /* 1 / pi */

/* ---- error function family -------------------------------------------- */

/* exp(x^2) erfc(x).  x^2 = hi + lo exactly, so exp(x^2) = exp(hi) (1 +
 * lo) to double precision; past 25 erfc underflows and its asymptotic
 * series (1 - 1/(2x^2) + 3/(2x^2)^2 - ...) / (x sqrt(pi)) converges to
 * double precision in a dozen terms.  CUDA: 4 ulp (double), 4 ulp (float). */
CUX_INL double __nv_erfcx(double x)
{
    if (isnan(x))
        return x;
    if (x < -26.7)
        return INFINITY;
    if (x > 25.0) {
        double t = 1.0 / (2.0 * x * x), term = 1.0, sum = 1.0;
        for (int k = 1; k <= 14; k++) {
            term *= -(2 * k - 1) * t;
            sum += term;
        }
        return isinf(x) ? 0.0 : sum * CUX_INV_SQRT_PI / x;
    }
    double hi = x * x, lo = fma(x, x, -hi);
    return exp(hi) * (1.0 + lo) * erfc(x);
}
CUX_INL float __nv_erfcxf(float x) { return (float)__nv_erfcx(x); }

/* erfinv for |y| <= 1/2: Newton on erf from the first two terms of the
 * Taylor series of erfinv; erf' >= 0.88 there, so erf's rounding moves
 * the root by about an ulp. */
CUX_INL double cux_erfinv_mid(double y)
{
    double x = y * CUX_SQRT_PI_2 * (1.0 + 0.2617993877991494 * y * y);
    for (int i = 0; i < 8; i++) {
        double d = (erf(x) - y) / (CUX_2_SQRT_PI * exp(-x * x));
        x -= d;
        if (fabs(d) <= 0x1p-60 * fabs(x))
            break;
    }
    return x;
}

/* The x > 0 with erfc(x) = q, 0 < q <= 1/2: Newton on log erfc (whose
 * slope is about 2x, so the relative error of erfc moves x little),
 * from the leading asymptotic root sqrt(t - log(t) / 2), t = -log(q
 * sqrt(pi)).  erfc / erf' is erfcx * sqrt(pi) / 2, which stays finite
 * where both underflow. */
CUX_INL double cux_erfcinv_tail(double q)
{
    double lq = log(q), t = -log(q * 1.772453850905516);
    double x = t > 1.0 ? sqrt(t - 0.5 * log(t)) : 0.5;
    for (int i = 0; i < 20; i++) {
        double d = (log(erfc(x)) - lq) * __nv_erfcx(x) * CUX_SQRT_PI_2;
        x += d;
        if (fabs(d) <= 0x1p-60 * x)
            break;
    }
    return x;
}

/* CUDA: 5 ulp (double), 2 ulp (float). */
CUX_INL double __nv_erfinv(double y)
{
    double m = fabs(y);
    if (isnan(y) || m > 1.0)
        return NAN;
    if (m == 1.0)
        return copysign((double)INFINITY, y);
    if (m <= 0.5)
        return cux_erfinv_mid(y);
    return copysign(cux_erfcinv_tail(1.0 - m), y); /* 1 - m is exact */
}
CUX_INL float __nv_erfinvf(float y) { return (float)__nv_erfinv(y); }

/* CUDA: 6 ulp (double), 4 ulp (float).  1 - q and 2 - q are exact. */
CUX_INL double __nv_erfcinv(double q)
{
    if (isnan(q) || q < 0.0 || q > 2.0)
        return NAN;
    if (q == 0.0)
        return INFINITY;
    if (q == 2.0)
        return -INFINITY;
    if (q < 0.5)
        return cux_erfcinv_tail(q);
    if (q <= 1.5)
        return cux_erfinv_mid(1.0 - q);
    return -cux_erfcinv_tail(2.0 - q);
}
CUX_INL float __nv_erfcinvf(float q) { return (float)__nv_erfcinv(q); }

/* Phi(x) = erfc(-x / sqrt(2)) / 2.  -x / sqrt(2) = hi + lo in
 * double-double; erfc(hi + lo) = erfc(hi) - lo erfc'(hi) to double
 * precision, which keeps the argument's rounding (multiplied by the
 * slope 2x^2 of log erfc) out of the tail.  CUDA: 5 ulp both. */
CUX_INL double __nv_normcdf(double x)
{
    if (isnan(x))
        return x;
    cux_dd t = cux_dd_mul_d(CUX_DD_INV_SQRT2, -x);
    double e = erfc(t.hi);
    double slope = CUX_2_SQRT_PI * exp(-t.hi * t.hi);
    return 0.5 * (e - t.lo * slope);
}
CUX_INL float __nv_normcdff(float x) { return (float)__nv_normcdf(x); }

/* Phi^-1(p) = -sqrt(2) erfcinv(2p); 2p is exact.  The sum with +0 makes
 * the result at p = 1/2 +0.  CUDA: 8 ulp (double), 5 ulp (float). */
CUX_INL double __nv_normcdfinv(double p)
{
    return -1.4142135623730951 * __nv_erfcinv(2.0 * p) + 0.0;
}
CUX_INL float __nv_normcdfinvf(float p) { return (float)__nv_normcdfinv(p); }

/* ---- Bessel functions of the first and second kind -------------------- */

/* Below 25 the power series in (x/2)^2, summed in double-double: its
 * terms grow to about I0(x) <= 6e9 before they fall, so double-double's
 * 2^-104 leaves an absolute error under 1e-21.  From 25 on Hankel's
 * asymptotic expansion, whose smallest term there is about e^-50. */
#define CUX_BESSEL_SERIES_LIMIT 25.0

/* Hankel's P and Q for order nu at x: the terms a_k / x^k, with a_k =
 * prod_{j<=k} (4 nu^2 - (2j-1)^2) / (k! 8^k), alternate in sign within
 * P (even k) and Q (odd k); summed until they stop falling. */
CUX_INL double2 cux_hankel_pq(int nu, double x)
{
    double mu = 4.0 * nu * nu, term = 1.0, p = 1.0, q = 0.0, last = 1.0;
    for (int k = 1; k < 40; k++) {
        term *= (mu - (double)(2 * k - 1) * (2 * k - 1)) / (8.0 * k * x);
        if (fabs(term) > last)
            break;
        last = fabs(term);
        /* k = 1, 2, 3, 4, ... adds +Q, -P, -Q, +P, ... */
        double sign = (k & 2) ? -1.0 : 1.0;
        if (k & 1)
            q += sign * term;
        else
            p += sign * term;
    }
    return (double2)(p, q);
}

/* J_nu and Y_nu (nu = 0 or 1) for x >= 25: sqrt(2 / (pi x)) times P cos
 * chi - Q sin chi and P sin chi + Q cos chi, chi = x - (2 nu + 1) pi / 4;
 * cos chi and sin chi come from OpenCL's cos x and sin x, which reduce x
 * exactly. */
CUX_INL double2 cux_bessel_asymptotic(int nu, double x)
{
    double2 pq = cux_hankel_pq(nu, x);
    double c = cos(x), s = sin(x), r = 0.7071067811865476;
    double cos_chi = nu ? (s - c) * r : (c + s) * r;
    double sin_chi = nu ? -(s + c) * r : (s - c) * r;
    double a = sqrt(CUX_2_PI / x);
    return (double2)(a * (pq.x * cos_chi - pq.y * sin_chi),
                     a * (pq.x * sin_chi + pq.y * cos_chi));
}

/* The series of J_nu (nu = 0, 1) at x >= 0: sum_k (-1)^k (x/2)^(2k+nu) /
 * (k! (k+nu)!).  With `harmonic`, each term is weighted instead by H_k +
 * H_(k+nu) (H the harmonic numbers, H_0 = 0), the sum that Y_nu needs. */
CUX_INL cux_dd cux_bessel_series(int nu, double x, int harmonic)
{
    double h = 0.5 * x;
    cux_dd q = cux_dd_make(h * h, fma(h, h, -(h * h)));
    cux_dd term = cux_dd_make(nu ? h : 1.0, 0.0);
    cux_dd sum = cux_dd_make(0.0, 0.0), hk = sum, hkn = sum;
    if (harmonic && nu)
        hkn = cux_dd_make(1.0, 0.0);                   /* H_1 */
    if (!harmonic)
        sum = term;
    else if (nu)
        sum = term;                                    /* (H_0 + H_1) t_0 */
    for (int k = 1; k < 200; k++) {
        term = cux_dd_mul(term, q);
        term = cux_dd_div_d(term, -(double)k * (double)(k + nu));
        cux_dd weighted = term;
        if (harmonic) {
            hk = cux_dd_add(hk, cux_dd_div_d(cux_dd_make(1.0, 0.0), k));
            hkn = nu ? cux_dd_add(hkn, cux_dd_div_d(cux_dd_make(1.0, 0.0),
                                                    k + 1))
                     : hk;
            weighted = cux_dd_mul(term, cux_dd_add(hk, hkn));
        }
        sum = cux_dd_add(sum, weighted);
        if (k > h && fabs(weighted.hi) < 1e-34)
            break;
    }
    return sum;
}

/* CUDA: J0 7 ulp below 8, else 5e-12 absolute (double); 9 ulp below 8,
 * else 2.2e-6 absolute (float).  Likewise J1. */
CUX_INL double __nv_j0(double x)
{
    x = fabs(x);
    if (isinf(x))
        return 0.0;
    if (x < CUX_BESSEL_SERIES_LIMIT)
        return cux_dd_value(cux_bessel_series(0, x, 0));
    return cux_bessel_asymptotic(0, x).x;
}

CUX_INL double __nv_j1(double x)
{
    double a = fabs(x), r;
    if (isinf(a))
        r = 0.0;
    else if (a < CUX_BESSEL_SERIES_LIMIT)
        r = cux_dd_value(cux_bessel_series(1, a, 0));
    else
        r = cux_bessel_asymptotic(1, a).x;
    return x < 0.0 ? -r : r;
}

/* Y_nu (nu = 0, 1) below 25, with S = sum_k (H_k + H_(k+nu)) (-1)^k
 * (x/2)^(2k+nu) / (k! (k+nu)!) and L = log(x/2) + gamma:
 *   Y0(x) = (2 L J0(x) - S) / pi,  Y1(x) = (2 L J1(x) - S - 2/x) / pi. */
CUX_INL double cux_bessel_y_series(int nu, double x)
{
    cux_dd l = cux_dd_add(cux_dd_make(log(0.5 * x), 0.0), CUX_DD_EULER_GAMMA);
    cux_dd j = cux_bessel_series(nu, x, 0);
    cux_dd s = cux_bessel_series(nu, x, 1);
    cux_dd v = cux_dd_add(cux_dd_mul_d(cux_dd_mul(l, j), 2.0),
                          cux_dd_make(-s.hi, -s.lo));
    if (nu)
        v = cux_dd_add(v, cux_dd_div_d(cux_dd_make(-2.0, 0.0), x));
    return CUX_INV_PI * cux_dd_value(v);
}

CUX_INL double cux_bessel_y(int nu, double x)
{
    if (isnan(x) || x < 0.0)
        return NAN;
    if (x == 0.0)
        return -INFINITY;
    if (isinf(x))
        return 0.0;
    if (x >= CUX_BESSEL_SERIES_LIMIT)
        return cux_bessel_asymptotic(nu, x).y;
    return cux_bessel_y_series(nu, x);
}
CUX_INL double __nv_y0(double x) { return cux_bessel_y(0, x); }
CUX_INL double __nv_y1(double x) { return cux_bessel_y(1, x); }

/* J_n: forward recurrence J_(k+1) = 2k/x J_k - J_(k-1) where it is
 * stable (x > n); below, Miller's backward recurrence from far above n,
 * normalised by 1 = J_0 + 2 (J_2 + J_4 + ...).  CUDA gives NaN for a
 * negative order.  CUDA: 5e-12 absolute at n = 128 (double), 2.2e-6
 * (float). */
CUX_INL double __nv_jn(int n, double x)
{
    if (n < 0 || isnan(x))
        return NAN;
    if (n == 0)
        return __nv_j0(x);
    if (n == 1)
        return __nv_j1(x);
    double a = fabs(x), sign = (x < 0.0 && (n & 1)) ? -1.0 : 1.0;
    if (a == 0.0 || isinf(a))
        return sign * 0.0;
    if (a < 1e-5) { /* (x/2)^n / n! (1 - (x/2)^2 / (n+1)), past 1e-19 */
        double t = 1.0;
        for (int k = 1; k <= n && t != 0.0; k++)
            t *= 0.5 * a / k;
        return sign * t * (1.0 - 0.25 * a * a / (n + 1));
    }
    if (a > n) {
        double prev = __nv_j0(a), cur = __nv_j1(a);
        for (int k = 1; k < n; k++) {
            double next = 2.0 * k / a * cur - prev;
            prev = cur;
            cur = next;
        }
        return sign * cur;
    }
    int top = n + 20 + (int)sqrt(40.0 * n);
    top += top & 1;
    double above = 0.0, cur = 1e-300, norm = 0.0, result = 0.0;
    for (int k = top; k > 0; k--) {
        double below = 2.0 * k / a * cur - above;  /* J_(k-1) */
        above = cur;
        cur = below;
        if (k - 1 == n)
            result = cur;
        if (((k - 1) & 1) == 0)
            norm += (k - 1) ? 2.0 * cur : cur;
        if (fabs(cur) > 1e250) {                    /* rescale */
            cur *= 1e-250;
            above *= 1e-250;
            norm *= 1e-250;
            result *= 1e-250;
        }
    }
    return sign * result / norm;
}

/* Y_n: the forward recurrence from Y0 and Y1, stable for every x. */
CUX_INL double __nv_yn(int n, double x)
{
    if (n < 0 || isnan(x) || x < 0.0)
        return NAN;
    if (n == 0)
        return __nv_y0(x);
    if (n == 1)
        return __nv_y1(x);
    if (x == 0.0)
        return -INFINITY;
    double prev = __nv_y0(x), cur = __nv_y1(x);
    for (int k = 1; k < n && !isinf(cur); k++) {
        double next = 2.0 * k / x * cur - prev;
        prev = cur;
        cur = next;
    }
    return cur;
}

CUX_INL float __nv_j0f(float x) { return (float)__nv_j0(x); }
CUX_INL float __nv_j1f(float x) { return (float)__nv_j1(x); }
CUX_INL float __nv_y0f(float x) { return (float)__nv_y0(x); }
CUX_INL float __nv_y1f(float x) { return (float)__nv_y1(x); }
CUX_INL float __nv_jnf(int n, float x) { return (float)__nv_jn(n, x); }
CUX_INL float __nv_ynf(int n, float x) { return (float)__nv_yn(n, x); }

/* ---- modified Bessel functions I0, I1 --------------------------------- */

/* Below 30 the power series sum_k (x/2)^(2k+nu) / (k! (k+nu)!), whose
 * terms all have x^nu's sign, in double-double (in double the rounding of
 * some 50 terms would add up past CUDA's bound); from 30 on the
 * asymptotic e^x / sqrt(2 pi x) sum_k (-1)^k a_k / x^k (a_k as in
 * Hankel's expansion), whose smallest term there is about e^-60, with
 * e^x as two halves so that it overflows only where I_nu does.  CUDA:
 * 6 ulp (double and float). */
CUX_INL double cux_bessel_i(int nu, double x)
{
    double a = fabs(x), r;
    if (isnan(x))
        return x;
    if (a < 30.0) {
        double h = 0.5 * a;
        cux_dd q = cux_dd_make(h * h, fma(h, h, -(h * h)));
        cux_dd term = cux_dd_make(nu ? h : 1.0, 0.0), sum = term;
        for (int k = 1; k < 200 && term.hi > 0x1p-60 * sum.hi; k++) {
            term = cux_dd_div_d(cux_dd_mul(term, q), (double)k * (k + nu));
            sum = cux_dd_add(sum, term);
        }
        r = cux_dd_value(sum);
    } else {
        double mu = 4.0 * nu * nu, term = 1.0, sum = 1.0;
        for (int k = 1; k < 40; k++) {
            term *= -(mu - (double)(2 * k - 1) * (2 * k - 1)) / (8.0 * k * a);
            sum += term;
            if (fabs(term) < 0x1p-60)
                break;
        }
        double e = exp(0.5 * a);
        r = e * (e * sum / sqrt(2.0 * M_PI * a));
    }
    return nu && x < 0.0 ? -r : r;
}
CUX_INL double __nv_cyl_bessel_i0(double x) { return cux_bessel_i(0, x); }
CUX_INL double __nv_cyl_bessel_i1(double x) { return cux_bessel_i(1, x); }
CUX_INL float __nv_cyl_bessel_i0f(float x) { return (float)cux_bessel_i(0, x); }
CUX_INL float __nv_cyl_bessel_i1f(float x) { return (float)cux_bessel_i(1, x); }

#endif
