// spmv_omp.c: the C/OpenMP reference for spmv.cu, y = A*x for a CSR
// sparse matrix of 1M rows with 8 to 24 nonzeros each, one row per
// iteration.
#include "bench_omp.h"
#include "spmv.h"
#include <stdlib.h>

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

int main(void)
{
    size_t cap = (size_t)24 * ROWS;
    int *row_start = malloc((ROWS + 1) * sizeof(int));
    int *col = malloc(cap * sizeof(int));
    float *val = malloc(cap * sizeof(float));
    float *x = malloc(COLS * sizeof(float)), *y = malloc(ROWS * sizeof(float));
    build(row_start, col, val);
    fill_x(x);
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
