// spmv.h: the host side that spmv.cu and spmv_omp.c share: the shape, the
// CSR matrix and the vector x, and the check of y = A*x.
#ifndef SPMV_H
#define SPMV_H

#include "bench_common.h"
#include <math.h>

#define ROWS (1 << 20)
#define COLS (1 << 20)

// xorshift32: the matrix's structure.
static unsigned xorshift(unsigned *state)
{
    unsigned s = *state;
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return *state = s;
}

// Row r gets 8 to 24 entries at random columns, sorted as in most CSR
// matrices (a repeated column is kept: it just adds twice).  Returns the
// number of nonzeros; col and val must hold 24 * ROWS.
static int build(int *row_start, int *col, float *val)
{
    unsigned state = 2463534242u, seed = 11;
    int nnz = 0;
    for (int r = 0; r < ROWS; r++) {
        int len = 8 + (int)(xorshift(&state) % 17);
        row_start[r] = nnz;
        for (int k = 0; k < len; k++) {
            int c = (int)(xorshift(&state) % COLS), j = nnz + k;
            while (j > nnz && col[j - 1] > c) { /* insertion sort */
                col[j] = col[j - 1];
                j--;
            }
            col[j] = c;
        }
        for (int k = 0; k < len; k++)
            val[nnz + k] = bench_uniform(&seed);
        nnz += len;
    }
    row_start[ROWS] = nnz;
    return nnz;
}

// x holds COLS floats.
static void fill_x(float *x)
{
    unsigned seed = 13;
    for (int i = 0; i < COLS; i++)
        x[i] = bench_uniform(&seed);
}

// Every row against a double-precision sum.  A float sum of at most 24
// products is within 24 ulps of the sum of their magnitudes (~1.5e-6 of
// it); the bound is 1e-5 of it, and a wrong column or a missing entry
// moves a row by one product, typically ~1/16 of it.
static int check(const int *row_start, const int *col, const float *val,
                 const float *x, const float *y)
{
    for (int r = 0; r < ROWS; r++) {
        double ref = 0.0, mag = 0.0;
        for (int k = row_start[r]; k < row_start[r + 1]; k++) {
            ref += (double)val[k] * x[col[k]];
            mag += fabs((double)val[k] * x[col[k]]);
        }
        if (fabs(y[r] - ref) > 1e-5 * mag) {
            fprintf(stderr, "spmv: y[%d] = %g, expected %g\n", r, y[r], ref);
            return 0;
        }
    }
    return 1;
}

#endif
