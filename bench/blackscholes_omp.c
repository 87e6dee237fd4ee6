// blackscholes_omp.c: the C/OpenMP reference for blackscholes.cu, Black-
// Scholes call and put prices for 4M options, one option per iteration.
#include "bench_omp.h"
#include "blackscholes.h"
#include <math.h>
#include <stdlib.h>

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

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    float *call = malloc(bytes), *put = malloc(bytes), *s = malloc(bytes);
    float *x = malloc(bytes), *t = malloc(bytes);
    fill(s, x, t);
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
