// spmv_ocl.c: the OpenCL host side of spmv.cl, the same scalar CSR
// y = A*x over 1M rows as spmv.cu, on PoCL's CPU device.
#include "bench_ocl.h"
#include "spmv.h"

#define BLOCK 256

struct args {
    cl_kernel k;
    cl_mem row_start, col, val, x, y;
};

static void launch(void *p)
{
    struct args *a = p;
    int rows = ROWS;
    size_t global = (ROWS + BLOCK - 1) / BLOCK * BLOCK, local = BLOCK;
    ARG(a->k, 0, a->row_start);
    ARG(a->k, 1, a->col);
    ARG(a->k, 2, a->val);
    ARG(a->k, 3, a->x);
    ARG(a->k, 4, a->y);
    ARG(a->k, 5, rows);
    ocl_launch(a->k, 1, &global, &local);
}

int main(void)
{
    size_t cap = (size_t)24 * ROWS;
    int *row_start = malloc((ROWS + 1) * sizeof(int));
    int *col = malloc(cap * sizeof(int));
    float *val = malloc(cap * sizeof(float));
    float *x = malloc(COLS * sizeof(float)), *y = malloc(ROWS * sizeof(float));
    size_t nnz = (size_t)build(row_start, col, val);
    fill_x(x);
    ocl_init("spmv", "");
    struct args d = {ocl_kernel("spmv"),
                     ocl_alloc((ROWS + 1) * sizeof(int), row_start),
                     ocl_alloc(nnz * sizeof(int), col),
                     ocl_alloc(nnz * sizeof(float), val),
                     ocl_alloc(COLS * sizeof(float), x),
                     ocl_alloc(ROWS * sizeof(float), NULL)};
    double ms = bench_time(launch, &d);
    ocl_read(d.y, y, ROWS * sizeof(float));
    int bad = bench_report("spmv", ms, check(row_start, col, val, x, y));
    ocl_done();
    free(row_start);
    free(col);
    free(val);
    free(x);
    free(y);
    return bad;
}
