// blackscholes_omp.c: the C/OpenMP reference for blackscholes.cu, Black-
// Scholes call and put prices for 4M options, one option per iteration.
#include "bench_omp.h"
#include <math.h>
#include <stdlib.h>

#define N (1 << 22)
#define RATE 0.02f       /* riskless rate */
#define VOLATILITY 0.30f /* the same for every option */

// The same Abramowitz-Stegun polynomial as blackscholes.cu.
static inline float cnd(float d)
{
    const float a1 = 0.31938153f, a2 = -0.356563782f, a3 = 1.781477937f,
                a4 = -1.821255978f, a5 = 1.330274429f;
    const float rsqrt2pi = 0.39894228040143267794f;
    float k = 1.0f / (1.0f + 0.2316419f * fabsf(d));
    float c = rsqrt2pi * expf(-0.5f * d * d) *
              (k * (a1 + k * (a2 + k * (a3 + k * (a4 + k * a5)))));
    return d > 0.0f ? 1.0f - c : c;
}

struct args {
    float *call, *put;
    const float *s, *x, *t; /* spot price, strike, years to expiry */
};

// expf and logf stay calls into libm (glibc offers vector versions only
// under -ffast-math), so the loop is not vectorized; the work splits
// evenly, hence static.
static void blackscholes(void *p)
{
    struct args *a = p;
    const float *s = a->s, *x = a->x, *t = a->t;
    float *call = a->call, *put = a->put;
    const float r = RATE, v = VOLATILITY;
#pragma omp parallel for schedule(static)
    for (int i = 0; i < N; i++) {
        float sqrt_t = sqrtf(t[i]);
        float d1 = (logf(s[i] / x[i]) + (r + 0.5f * v * v) * t[i]) /
                   (v * sqrt_t);
        float d2 = d1 - v * sqrt_t;
        float cnd1 = cnd(d1), cnd2 = cnd(d2);
        float discount = x[i] * expf(-r * t[i]);
        call[i] = s[i] * cnd1 - discount * cnd2;
        put[i] = discount * (1.0f - cnd2) - s[i] * (1.0f - cnd1);
    }
}

static double cnd_ref(double d)
{
    const double a1 = 0.31938153, a2 = -0.356563782, a3 = 1.781477937,
                 a4 = -1.821255978, a5 = 1.330274429;
    double k = 1.0 / (1.0 + 0.2316419 * fabs(d));
    double c = 0.39894228040143267794 * exp(-0.5 * d * d) *
               (k * (a1 + k * (a2 + k * (a3 + k * (a4 + k * a5)))));
    return d > 0.0 ? 1.0 - c : c;
}

// The same check and bound as blackscholes.cu.
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

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    float *call = malloc(bytes), *put = malloc(bytes), *s = malloc(bytes);
    float *x = malloc(bytes), *t = malloc(bytes);
    unsigned seed = 5;
    for (int i = 0; i < N; i++) { /* 0.5 * uniform + 0.5 is in [0, 1) */
        s[i] = 5.0f + 25.0f * (0.5f * bench_uniform(&seed) + 0.5f);
        x[i] = 1.0f + 99.0f * (0.5f * bench_uniform(&seed) + 0.5f);
        t[i] = 0.25f + 9.75f * (0.5f * bench_uniform(&seed) + 0.5f);
    }
    struct args a = {call, put, s, x, t};
    double ms = bench_time(blackscholes, &a);
    int bad = bench_report("blackscholes", ms, check(call, put, s, x, t));
    free(call);
    free(put);
    free(s);
    free(x);
    free(t);
    return bad;
}
