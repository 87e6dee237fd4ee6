// blackscholes.h: the host side that blackscholes.cu and blackscholes_omp.c
// share: the size, the market constants, the random options and the check
// of the prices against a double-precision Black-Scholes.
#ifndef BLACKSCHOLES_H
#define BLACKSCHOLES_H

#include "bench_common.h"
#include <math.h>

#define N (1 << 22)
#define RATE 0.02f       /* riskless rate */
#define VOLATILITY 0.30f /* the same for every option */

// s: spot price in [5, 30), x: strike in [1, 100), t: years to expiry in
// [0.25, 10).
static void fill(float *s, float *x, float *t)
{
    unsigned seed = 5;
    for (int i = 0; i < N; i++) { /* 0.5 * uniform + 0.5 is in [0, 1) */
        s[i] = 5.0f + 25.0f * (0.5f * bench_uniform(&seed) + 0.5f);
        x[i] = 1.0f + 99.0f * (0.5f * bench_uniform(&seed) + 0.5f);
        t[i] = 0.25f + 9.75f * (0.5f * bench_uniform(&seed) + 0.5f);
    }
}

// The normal CDF by the Abramowitz-Stegun polynomial that both sides'
// cnd() use, in double.
static double cnd_ref(double d)
{
    const double a1 = 0.31938153, a2 = -0.356563782, a3 = 1.781477937,
                 a4 = -1.821255978, a5 = 1.330274429;
    double k = 1.0 / (1.0 + 0.2316419 * fabs(d));
    double c = 0.39894228040143267794 * exp(-0.5 * d * d) *
               (k * (a1 + k * (a2 + k * (a3 + k * (a4 + k * a5)))));
    return d > 0.0 ? 1.0 - c : c;
}

// Every option against the same formula in double.  The float errors are a
// few ulps in d1, d2 (|d| <= ~25), in the CDFs and in the discount, so
// each price is off by well under 1e-6 * (s + x); the bound is 1e-5 *
// (s + x), below a cent on prices of 5 to 100, and a wrong CDF, sign or
// term moves a price by far more.
static int check(const float *call, const float *put, const float *s,
                 const float *x, const float *t)
{
    for (int i = 0; i < N; i++) {
        double sq = sqrt((double)t[i]), r = RATE, v = VOLATILITY;
        double d1 = (log((double)s[i] / x[i]) + (r + 0.5 * v * v) * t[i]) /
                    (v * sq);
        double d2 = d1 - v * sq;
        double disc = x[i] * exp(-r * t[i]);
        double c = s[i] * cnd_ref(d1) - disc * cnd_ref(d2);
        double p = disc * (1.0 - cnd_ref(d2)) - s[i] * (1.0 - cnd_ref(d1));
        double tol = 1e-5 * ((double)s[i] + x[i]);
        if (fabs(call[i] - c) > tol || fabs(put[i] - p) > tol) {
            fprintf(stderr,
                    "blackscholes: option %d: call %g put %g, expected "
                    "%g %g\n",
                    i, call[i], put[i], c, p);
            return 0;
        }
    }
    return 1;
}

#endif
