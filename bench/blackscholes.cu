// blackscholes.cu: Black-Scholes call and put prices for 4M European
// options (expf, logf, sqrtf and a polynomial normal CDF), one thread per
// option; the C reference is blackscholes_omp.c.
#include "bench.cuh"
#include "blackscholes.h"
#include <math.h>

#define BLOCK 256

// The normal CDF by the classic Abramowitz-Stegun polynomial (26.2.17,
// absolute error below 7.5e-8), the same formula as blackscholes_omp.c.
__device__ float cnd(float d)
{
    const float a1 = 0.31938153f, a2 = -0.356563782f, a3 = 1.781477937f,
                a4 = -1.821255978f, a5 = 1.330274429f;
    const float rsqrt2pi = 0.39894228040143267794f;
    float k = 1.0f / (1.0f + 0.2316419f * fabsf(d));
    float c = rsqrt2pi * expf(-0.5f * d * d) *
              (k * (a1 + k * (a2 + k * (a3 + k * (a4 + k * a5)))));
    return d > 0.0f ? 1.0f - c : c;
}

// s: spot price, x: strike, t: years to expiry.
__global__ void blackscholes(float *call, float *put, const float *s,
                             const float *x, const float *t, float r,
                             float v, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    float sqrt_t = sqrtf(t[i]);
    float d1 = (logf(s[i] / x[i]) + (r + 0.5f * v * v) * t[i]) /
               (v * sqrt_t);
    float d2 = d1 - v * sqrt_t;
    float cnd1 = cnd(d1), cnd2 = cnd(d2);
    float discount = x[i] * expf(-r * t[i]);
    call[i] = s[i] * cnd1 - discount * cnd2;
    put[i] = discount * (1.0f - cnd2) - s[i] * (1.0f - cnd1);
}

struct args {
    float *call, *put, *s, *x, *t;
};

static void launch(void *p)
{
    struct args *a = (struct args *)p;
    blackscholes<<<(N + BLOCK - 1) / BLOCK, BLOCK>>>(
        a->call, a->put, a->s, a->x, a->t, RATE, VOLATILITY, N);
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    float *call = (float *)malloc(bytes), *put = (float *)malloc(bytes);
    float *s = (float *)malloc(bytes), *x = (float *)malloc(bytes);
    float *t = (float *)malloc(bytes);
    fill(s, x, t);
    struct args d;
    CHECK(cudaMalloc(&d.call, bytes));
    CHECK(cudaMalloc(&d.put, bytes));
    CHECK(cudaMalloc(&d.s, bytes));
    CHECK(cudaMalloc(&d.x, bytes));
    CHECK(cudaMalloc(&d.t, bytes));
    CHECK(cudaMemcpy(d.s, s, bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d.x, x, bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d.t, t, bytes, cudaMemcpyHostToDevice));
    float ms = bench_time(launch, &d);
    CHECK(cudaMemcpy(call, d.call, bytes, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(put, d.put, bytes, cudaMemcpyDeviceToHost));
    int bad = bench_report("blackscholes", ms, check(call, put, s, x, t));
    CHECK(cudaFree(d.call));
    CHECK(cudaFree(d.put));
    CHECK(cudaFree(d.s));
    CHECK(cudaFree(d.x));
    CHECK(cudaFree(d.t));
    free(call);
    free(put);
    free(s);
    free(x);
    free(t);
    return bad;
}
