// softmax.cu: row softmax of a 4096x1024 float matrix, one warp per row
// with shuffle reductions for the maximum and the sum; the C reference is
// softmax_omp.c.
#include "bench.cuh"
#include <math.h>

#define ROWS 4096
#define COLS 1024
#define BLOCK 256 /* 8 warps, 8 rows per block */
#define PER_LANE (COLS / 32)
#define FULL 0xffffffffu

// Lane l holds the row's elements l, l + 32, ... in registers, so the row
// is read once and written once (coalesced); the maximum is subtracted
// before expf as usual, then each element is scaled by 1 / sum.
__global__ void softmax(const float *in, float *out, int rows)
{
    int row = blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32;
    int lane = threadIdx.x % 32;
    if (row >= rows) /* the same for the whole warp */
        return;
    const float *src = in + (size_t)row * COLS;
    float v[PER_LANE];
    float m = src[lane];
#pragma unroll
    for (int k = 0; k < PER_LANE; k++) {
        v[k] = src[k * 32 + lane];
        m = fmaxf(m, v[k]);
    }
    for (int off = 16; off > 0; off /= 2)
        m = fmaxf(m, __shfl_xor_sync(FULL, m, off));
    float sum = 0.0f;
#pragma unroll
    for (int k = 0; k < PER_LANE; k++) {
        v[k] = expf(v[k] - m);
        sum += v[k];
    }
    for (int off = 16; off > 0; off /= 2)
        sum += __shfl_xor_sync(FULL, sum, off);
    float inv = 1.0f / sum;
    float *dst = out + (size_t)row * COLS;
#pragma unroll
    for (int k = 0; k < PER_LANE; k++)
        dst[k * 32 + lane] = v[k] * inv;
}

struct args {
    float *in, *out;
};

static void launch(void *p)
{
    struct args *a = (struct args *)p;
    int rows_per_block = BLOCK / 32;
    softmax<<<(ROWS + rows_per_block - 1) / rows_per_block, BLOCK>>>(
        a->in, a->out, ROWS);
}

// Every element against a double-precision softmax, relatively.  A float
// sum of 1024 positive terms, in any order, is within 1023 ulps of the
// exact sum (6.1e-5; softmax_omp.c adds serially, the shuffle tree here
// chains only 37 adds); expf, the subtraction, 1/sum and the product add a
// few ulps; the bound is 1e-4.  The inputs lie in [-1, 1), so every
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

int main(void)
{
    size_t bytes = (size_t)ROWS * COLS * sizeof(float);
    float *in = (float *)malloc(bytes), *out = (float *)malloc(bytes);
    unsigned seed = 17;
    for (size_t i = 0; i < (size_t)ROWS * COLS; i++)
        in[i] = bench_uniform(&seed);
    struct args d;
    CHECK(cudaMalloc(&d.in, bytes));
    CHECK(cudaMalloc(&d.out, bytes));
    CHECK(cudaMemcpy(d.in, in, bytes, cudaMemcpyHostToDevice));
    float ms = bench_time(launch, &d);
    CHECK(cudaMemcpy(out, d.out, bytes, cudaMemcpyDeviceToHost));
    int bad = bench_report("softmax", ms, check(in, out));
    CHECK(cudaFree(d.in));
    CHECK(cudaFree(d.out));
    free(in);
    free(out);
    return bad;
}
