// sgemm_omp.c: the C/OpenMP reference for sgemm.cu, C = A*B for square
// float matrices as a blocked i-k-j loop nest.
#include "bench_omp.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BI 16  /* rows of C per parallel task, as one row of CUDA tiles */
#define BK 128 /* rows of B kept hot in cache while a task uses them */

struct args {
    const float *a, *b;
    float *c;
    int n;
};

// The innermost loop runs along a row of B and C, so it vectorizes; the
// k blocking keeps a slice of B in cache for the BI rows that share it.
static void block(const struct args *x, int i0, int k0)
{
    int n = x->n, i1 = i0 + BI < n ? i0 + BI : n;
    int k1 = k0 + BK < n ? k0 + BK : n;
    for (int i = i0; i < i1; i++) {
        float *c = x->c + (size_t)i * n;
        for (int k = k0; k < k1; k++) {
            float a = x->a[(size_t)i * n + k];
            const float *b = x->b + (size_t)k * n;
#pragma omp simd
            for (int j = 0; j < n; j++)
                c[j] += a * b[j];
        }
    }
}

static void sgemm(void *p)
{
    struct args *x = p;
    int n = x->n;
#pragma omp parallel for schedule(static)
    for (int i0 = 0; i0 < n; i0 += BI) {
        memset(x->c + (size_t)i0 * n, 0,
               (size_t)(i0 + BI < n ? BI : n - i0) * n * sizeof(float));
        for (int k0 = 0; k0 < n; k0 += BK)
            block(x, i0, k0);
    }
}

// The same sampled check as sgemm.cu.
static int check(const float *a, const float *b, const float *c, int n)
{
    for (int s = 0; s < 1024; s++) {
        int i = (int)((s * 7919L) % n), j = (int)((s * 104729L) % n);
        double ref = 0.0, mag = 0.0;
        for (int k = 0; k < n; k++) {
            ref += (double)a[i * n + k] * b[k * n + j];
            mag += fabs((double)a[i * n + k] * b[k * n + j]);
        }
        if (fabs(c[i * n + j] - ref) > 1e-4 * mag + 1e-6) {
            fprintf(stderr, "sgemm: c[%d][%d] = %g, expected %g\n", i, j,
                    c[i * n + j], ref);
            return 0;
        }
    }
    return 1;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1024;
    if (n <= 0) {
        fprintf(stderr, "sgemm: bad size\n");
        return 2;
    }
    size_t bytes = (size_t)n * n * sizeof(float);
    float *a = malloc(bytes), *b = malloc(bytes), *c = malloc(bytes);
    unsigned seed = 7;
    for (long i = 0; i < (long)n * n; i++) {
        a[i] = bench_uniform(&seed);
        b[i] = bench_uniform(&seed);
    }
    struct args x = {a, b, c, n};
    double ms = bench_time(sgemm, &x);
    int bad = bench_report("sgemm", ms, check(a, b, c, n));
    free(a);
    free(b);
    free(c);
    return bad;
}
