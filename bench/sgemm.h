// sgemm.h: the host side that sgemm.cu and sgemm_omp.c share: the default
// size, the random matrices and the sampled check of C = A*B.
#ifndef SGEMM_H
#define SGEMM_H

#include "bench_common.h"
#include <math.h>

#define DEFAULT_N 1024 /* the matrices' side when no argument gives one */

// a and b hold n*n floats each.
static void fill(float *a, float *b, int n)
{
    unsigned seed = 7;
    for (long i = 0; i < (long)n * n; i++) {
        a[i] = bench_uniform(&seed);
        b[i] = bench_uniform(&seed);
    }
}

// Checks 1024 entries spread over C against a double-precision dot
// product; the bound scales with the sum of the products' magnitudes.
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

#endif
