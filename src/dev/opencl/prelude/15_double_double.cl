/* 15_double_double.cl: double-double arithmetic (a value as hi + lo,
 * |lo| <= ulp(hi) / 2), for the library functions whose sums lose more
 * than CUDA's error bounds allow in plain double (norms, Bessel series). */
#ifdef cl_khr_fp64

/* The error terms are exact with FP_CONTRACT OFF (10_ops.cl). */
typedef struct cux_dd {
    double hi, lo;
} cux_dd;

CUX_INL cux_dd cux_dd_make(double hi, double lo)
{
    cux_dd r = {hi, lo};
    return r;
}

/* Knuth's two-sum: a + b = s + e exactly. */
CUX_INL cux_dd cux_dd_two_sum(double a, double b)
{
    double s = a + b, bb = s - a;
    return cux_dd_make(s, (a - (s - bb)) + (b - bb));
}

CUX_INL cux_dd cux_dd_fast_two_sum(double a, double b) /* |a| >= |b| */
{
    double s = a + b;
    return cux_dd_make(s, b - (s - a));
}

CUX_INL cux_dd cux_dd_add(cux_dd a, cux_dd b)
{
    cux_dd s = cux_dd_two_sum(a.hi, b.hi), t = cux_dd_two_sum(a.lo, b.lo);
    s.lo += t.hi;
    s = cux_dd_fast_two_sum(s.hi, s.lo);
    s.lo += t.lo;
    return cux_dd_fast_two_sum(s.hi, s.lo);
}

CUX_INL cux_dd cux_dd_mul(cux_dd a, cux_dd b)
{
    double p = a.hi * b.hi, e = fma(a.hi, b.hi, -p);
    e += a.hi * b.lo + a.lo * b.hi;
    return cux_dd_fast_two_sum(p, e);
}

CUX_INL cux_dd cux_dd_mul_d(cux_dd a, double b)
{
    double p = a.hi * b, e = fma(a.hi, b, -p);
    e += a.lo * b;
    return cux_dd_fast_two_sum(p, e);
}

/* a / b for a double b: one correction step of the quotient. */
CUX_INL cux_dd cux_dd_div_d(cux_dd a, double b)
{
    double q = a.hi / b;
    cux_dd p = cux_dd_make(q * b, fma(q, b, -(q * b)));
    double r = ((a.hi - p.hi) - p.lo + a.lo) / b;
    return cux_dd_fast_two_sum(q, r);
}

CUX_INL double cux_dd_value(cux_dd a) { return a.hi + a.lo; }

/* sqrt of a double-double, to double: one Newton correction of the
 * double root with the exact residual. */
CUX_INL double cux_dd_sqrt(cux_dd a)
{
    if (a.hi <= 0.0 || isinf(a.hi))
        return sqrt(a.hi);
    double r = sqrt(a.hi);
    return r + (fma(-r, r, a.hi) + a.lo) / (2.0 * r);
}

#endif
