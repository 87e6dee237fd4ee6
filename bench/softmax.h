// softmax.h: the host side that softmax.cu and softmax_omp.c share: the
// matrix's shape, the random input and the check of the row softmax.
#ifndef SOFTMAX_H
#define SOFTMAX_H

#include "bench_common.h"
#include <math.h>

#define ROWS 4096
#define COLS 1024

static void fill(float *in)
{
    unsigned seed = 17;
    for (size_t i = 0; i < (size_t)ROWS * COLS; i++)
        in[i] = bench_uniform(&seed);
}

// Every element against a double-precision softmax, relatively.  A float
// sum of 1024 positive terms, in any order, is within 1023 ulps of the
// exact sum (6.1e-5; softmax_omp.c adds serially, softmax.cu's shuffle
// tree chains only 37 adds); expf, the subtraction, 1/sum and the product
// add a few ulps; the bound is 1e-4.  The inputs lie in [-1, 1), so every
// element is at least e^-2 / 1024 = 1.3e-4 of its row's sum: dropping or
// repeating one changes every output of the row by more than the bound.
static int check(const float *in, const float *out)
{
    for (int r = 0; r < ROWS; r++) {
        const float *x = in + (size_t)r * COLS, *y = out + (size_t)r * COLS;
        double m = x[0], sum = 0.0;
        for (int j = 1; j < COLS; j++)
            m = x[j] > m ? x[j] : m;
        for (int j = 0; j < COLS; j++)
            sum += exp((double)x[j] - m);
        for (int j = 0; j < COLS; j++) {
            double ref = exp((double)x[j] - m) / sum;
            if (fabs(y[j] - ref) > 1e-4 * ref) {
                fprintf(stderr, "softmax: out[%d][%d] = %g, expected %g\n",
                        r, j, y[j], ref);
                return 0;
            }
        }
    }
    return 1;
}

#endif
