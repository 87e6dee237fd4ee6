// spmv.cu: y = A*x for a CSR sparse matrix of 1M rows with 8 to 24
// nonzeros each at pseudo-random columns, one thread per row (the scalar
// CSR kernel); the C reference is spmv_omp.c.
#include "bench.cuh"
#include "spmv.h"

#define BLOCK 256

__global__ void spmv(const int *row_start, const int *col, const float *val,
                     const float *x, float *y, int rows)
{
    int row = blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= rows)
        return;
    float sum = 0.0f;
    for (int k = row_start[row]; k < row_start[row + 1]; k++)
        sum += val[k] * x[col[k]];
    y[row] = sum;
}

struct args {
    int *row_start, *col;
    float *val, *x, *y;
};

static void launch(void *p)
{
    struct args *a = (struct args *)p;
    spmv<<<(ROWS + BLOCK - 1) / BLOCK, BLOCK>>>(a->row_start, a->col,
                                                a->val, a->x, a->y, ROWS);
}

int main(void)
{
    size_t cap = (size_t)24 * ROWS;
    int *row_start = (int *)malloc((ROWS + 1) * sizeof(int));
    int *col = (int *)malloc(cap * sizeof(int));
    float *val = (float *)malloc(cap * sizeof(float));
    float *x = (float *)malloc(COLS * sizeof(float));
    float *y = (float *)malloc(ROWS * sizeof(float));
    int nnz = build(row_start, col, val);
    fill_x(x);
    struct args d;
    CHECK(cudaMalloc(&d.row_start, (ROWS + 1) * sizeof(int)));
    CHECK(cudaMalloc(&d.col, nnz * sizeof(int)));
    CHECK(cudaMalloc(&d.val, nnz * sizeof(float)));
    CHECK(cudaMalloc(&d.x, COLS * sizeof(float)));
    CHECK(cudaMalloc(&d.y, ROWS * sizeof(float)));
    CHECK(cudaMemcpy(d.row_start, row_start, (ROWS + 1) * sizeof(int),
                     cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d.col, col, nnz * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d.val, val, nnz * sizeof(float),
                     cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d.x, x, COLS * sizeof(float), cudaMemcpyHostToDevice));
    float ms = bench_time(launch, &d);
    CHECK(cudaMemcpy(y, d.y, ROWS * sizeof(float), cudaMemcpyDeviceToHost));
    int bad = bench_report("spmv", ms, check(row_start, col, val, x, y));
    CHECK(cudaFree(d.row_start));
    CHECK(cudaFree(d.col));
    CHECK(cudaFree(d.val));
    CHECK(cudaFree(d.x));
    CHECK(cudaFree(d.y));
    free(row_start);
    free(col);
    free(val);
    free(x);
    free(y);
    return bad;
}
