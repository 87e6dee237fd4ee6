// transpose.h: the host side that transpose.cu and transpose_omp.c share:
// the matrix side, the input and the exact check of out = in^T.
#ifndef TRANSPOSE_H
#define TRANSPOSE_H

#include "bench_common.h"

#define N 4096 /* matrix side, a multiple of either side's TILE */

// in[i] = i, exact in float since N*N = 2^24: every element is distinct.
static void fill(float *in)
{
    for (int i = 0; i < N * N; i++)
        in[i] = (float)i;
}

// out[r][c] == r + c*N for all r, c holds only for the transpose.
static int check(const float *out)
{
    for (int r = 0; r < N; r++) {
        for (int c = 0; c < N; c++) {
            float ref = (float)(c * N + r);
            if (out[r * N + c] != ref) {
                fprintf(stderr, "transpose: out[%d][%d] = %.0f, "
                        "expected %.0f\n", r, c, out[r * N + c], ref);
                return 0;
            }
        }
    }
    return 1;
}

#endif
