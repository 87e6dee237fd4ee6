// sgemm_omp.c: the C/OpenMP reference for sgemm.cu, C = A*B for square
// float matrices as a blocked i-k-j loop nest.
#include "bench_omp.h"
#include "sgemm.h"
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

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : DEFAULT_N;
    if (n <= 0) {
        fprintf(stderr, "sgemm: bad size\n");
        return 2;
    }
    size_t bytes = (size_t)n * n * sizeof(float);
    float *a = malloc(bytes), *b = malloc(bytes), *c = malloc(bytes);
    fill(a, b, n);
    struct args x = {a, b, c, n};
    double ms = bench_time(sgemm, &x);
    int bad = bench_report("sgemm", ms, check(a, b, c, n));
    free(a);
    free(b);
    free(c);
    return bad;
}
