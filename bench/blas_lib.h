// blas_lib.h: the host side that blas_lib.cu (cuBLAS on cux) and
// blas_lib_omp.c (OpenBLAS called directly) share: the size, the
// matrices and the check of C = A * B in single precision, column-major.
#ifndef BLAS_LIB_H
#define BLAS_LIB_H

#include "bench_common.h"
#include <math.h>

#define N 1024 /* square matrices of N x N floats */

static void fill(float *a, unsigned seed)
{
    for (long i = 0; i < (long)N * N; i++)
        a[i] = bench_uniform(&seed);
}

// Some elements of C against dot products in double: a sum of N products
// of values in [-1, 1) rounds to about 1e-4 in float; a wrong index or
// transpose is off by whole units.
static int check(const float *c, const float *a, const float *b)
{
    for (int s = 0; s < 64; s++) {
        int i = (s * 389) % N, j = (s * 727 + 5) % N;
        double want = 0;
        for (int k = 0; k < N; k++)
            want += (double)a[(long)k * N + i] * b[(long)j * N + k];
        if (fabs(c[(long)j * N + i] - want) > 1e-2) {
            fprintf(stderr, "blas_lib: C[%d,%d] is %g, expected %g\n", i, j,
                    c[(long)j * N + i], want);
            return 0;
        }
    }
    return 1;
}

#endif
