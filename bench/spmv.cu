// spmv.cu: y = A*x for a CSR sparse matrix of 1M rows with 8 to 24
// nonzeros each at pseudo-random columns, one thread per row (the scalar
// CSR kernel); the C reference is spmv_omp.c.
#include "bench.cuh"
#include <math.h>

#define ROWS (1 << 20)
#define COLS (1 << 20)
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

// xorshift32: the matrix's structure, the same in spmv_omp.c.
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

int main(void)
{
    size_t cap = (size_t)24 * ROWS;
    int *row_start = (int *)malloc((ROWS + 1) * sizeof(int));
    int *col = (int *)malloc(cap * sizeof(int));
    float *val = (float *)malloc(cap * sizeof(float));
    float *x = (float *)malloc(COLS * sizeof(float));
    float *y = (float *)malloc(ROWS * sizeof(float));
    int nnz = build(row_start, col, val);
    unsigned seed = 13;
    for (int i = 0; i < COLS; i++)
        x[i] = bench_uniform(&seed);
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
