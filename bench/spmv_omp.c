// spmv_omp.c: the C/OpenMP reference for spmv.cu, y = A*x for a CSR
// sparse matrix of 1M rows with 8 to 24 nonzeros each, one row per
// iteration.
#include "bench_omp.h"
#include <math.h>
#include <stdlib.h>

#define ROWS (1 << 20)
#define COLS (1 << 20)

struct args {
    const int *row_start, *col;
    const float *val, *x;
    float *y;
};

// Rows are 8 to 24 entries long at random, so static blocks of rows even
// out; the row's loop gathers from x into vector lanes.
static void spmv(void *p)
{
    struct args *a = p;
    const int *row_start = a->row_start, *col = a->col;
    const float *val = a->val, *x = a->x;
    float *y = a->y;
#pragma omp parallel for schedule(static)
    for (int r = 0; r < ROWS; r++) {
        float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
        for (int k = row_start[r]; k < row_start[r + 1]; k++)
            sum += val[k] * x[col[k]];
        y[r] = sum;
    }
}

// xorshift32: the matrix's structure, the same in spmv.cu.
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

// The same check and bound as spmv.cu.
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

int main(void)
{
    size_t cap = (size_t)24 * ROWS;
    int *row_start = malloc((ROWS + 1) * sizeof(int));
    int *col = malloc(cap * sizeof(int));
    float *val = malloc(cap * sizeof(float));
    float *x = malloc(COLS * sizeof(float)), *y = malloc(ROWS * sizeof(float));
    build(row_start, col, val);
    unsigned seed = 13;
    for (int i = 0; i < COLS; i++)
        x[i] = bench_uniform(&seed);
    struct args a = {row_start, col, val, x, y};
    double ms = bench_time(spmv, &a);
    int bad = bench_report("spmv", ms, check(row_start, col, val, x, y));
    free(row_start);
    free(col);
    free(val);
    free(x);
    free(y);
    return bad;
}
