// trip_yields.cu: grid-stride loops with few blocks, whose warps the CPU
// device pauses every few trips so that a block's warps go through the
// loop together (src/codegen/c/trip_yields.c): what lives across the
// pause (an index, a running count, values from before the loop) must
// come back, in loops that store and in loops that only load; divergent
// trips and the last partial warp must keep their lanes, and a barrier,
// a nanosleep or a grid sync after or beside such a loop must still
// wait for every warp.  Every output is compared with the host's.
#include <cooperative_groups.h>
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

namespace cg = cooperative_groups;

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL trip_yields\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

static int failures;

static void expect(bool ok, const char *what, int i)
{
    if (!ok && failures++ < 10)
        printf("FAIL %s at %d\n", what, i);
}

__global__ void saxpy(float *y, const float *x, float a, int n)
{
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += gridDim.x * blockDim.x)
        y[i] = a * x[i] + y[i];
}

// A divergent trip, values from before the loop, and a count that lives
// across every trip, stored after it.
__global__ void classify(int *out, const int *in, int *counts, int n)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    int bias = 1000 * blockIdx.x + threadIdx.x % 7, count = 0;
    for (int i = t; i < n; i += gridDim.x * blockDim.x) {
        int v = in[i];
        if (v % 3 == 0) {
            out[i] = v / 3 + bias;
            count++;
        } else {
            out[i] = -v;
        }
    }
    counts[t] = count;
}

// The sum of the block's threads' values, for thread 0: through shared
// memory, past a barrier that every warp must reach.  One barrier, on no
// loop, so that the warps run in rounds (a barrier on a loop makes the
// CPU device run the block in one call, where loops do not pause).
__device__ long long block_total(long long s)
{
    __shared__ long long part[256];
    part[threadIdx.x] = s;
    __syncthreads();
    long long total = 0;
    if (threadIdx.x == 0)
        for (int t = 0; t < blockDim.x; t++)
            total += part[t];
    return total;
}

// Each thread copies its elements and sums them; the block adds the sums.
__global__ void copy_sum(int *out, const int *in, long long *sums, int n)
{
    long long s = 0;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += gridDim.x * blockDim.x) {
        out[i] = in[i];
        s += in[i];
    }
    long long total = block_total(s);
    if (threadIdx.x == 0)
        sums[blockIdx.x] = total;
}

// The same sums without the copy: a loop that only loads, which pauses
// less often.
__global__ void sum_only(const int *in, long long *sums, int n)
{
    long long s = 0;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += gridDim.x * blockDim.x)
        s += in[i];
    long long total = block_total(s);
    if (threadIdx.x == 0)
        sums[blockIdx.x] = total;
}

// Rows dealt grid-stride, each a short inner loop over its columns.
__global__ void row_scale(float *m, int rows, int cols)
{
    for (int r = blockIdx.x * blockDim.x + threadIdx.x; r < rows;
         r += gridDim.x * blockDim.x)
        for (int c = 0; c < cols; c++)
            m[(size_t)c * rows + r] *= (float)(c + 1);
}

// A cooperative grid: a grid-stride pass, a grid-wide sync, and a second
// pass that reads what other blocks' threads wrote in the first.
__global__ void two_passes(int *a, int *b, int n)
{
    cg::grid_group grid = cg::this_grid();
    int stride = gridDim.x * blockDim.x;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
        a[i] = 2 * i + 1;
    grid.sync();
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
        b[i] = a[n - 1 - i] + i;
}

// A warp that naps in a loop of its own beside a grid-stride one.
__global__ void nap_then_fill(int *out, int n, int naps)
{
    for (int k = 0; k < naps; k++)
        __nanosleep(100);
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += gridDim.x * blockDim.x)
        out[i] = i ^ 0x55;
}

static void check_saxpy(int blocks, int threads, int n)
{
    float *x = (float *)malloc(n * sizeof(float));
    float *y = (float *)malloc(n * sizeof(float));
    for (int i = 0; i < n; i++) {
        x[i] = (float)(i % 101) * 0.25f;
        y[i] = (float)(i % 37) - 3.0f;
    }
    float *dx, *dy;
    CHECK(cudaMalloc(&dx, n * sizeof(float)));
    CHECK(cudaMalloc(&dy, n * sizeof(float)));
    CHECK(cudaMemcpy(dx, x, n * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dy, y, n * sizeof(float), cudaMemcpyHostToDevice));
    saxpy<<<blocks, threads>>>(dy, dx, 1.5f, n);
    CHECK(cudaGetLastError());
    float *got = (float *)malloc(n * sizeof(float));
    CHECK(cudaMemcpy(got, dy, n * sizeof(float), cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++)
        expect(got[i] == 1.5f * x[i] + y[i], "saxpy", i);
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dy));
    free(x);
    free(y);
    free(got);
}

static void check_classify(int blocks, int threads, int n)
{
    int total = blocks * threads;
    int *in = (int *)malloc(n * sizeof(int));
    for (int i = 0; i < n; i++)
        in[i] = (i * 7919) % 1000;
    int *din, *dout, *dcounts;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, n * sizeof(int)));
    CHECK(cudaMalloc(&dcounts, total * sizeof(int)));
    CHECK(cudaMemcpy(din, in, n * sizeof(int), cudaMemcpyHostToDevice));
    classify<<<blocks, threads>>>(dout, din, dcounts, n);
    CHECK(cudaGetLastError());
    int *out = (int *)malloc(n * sizeof(int));
    int *counts = (int *)malloc(total * sizeof(int));
    CHECK(cudaMemcpy(out, dout, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(counts, dcounts, total * sizeof(int),
                     cudaMemcpyDeviceToHost));
    for (int t = 0; t < total; t++) {
        int b = t / threads, bias = 1000 * b + (t % threads) % 7, count = 0;
        for (int i = t; i < n; i += total) {
            int v = in[i];
            int want = v % 3 == 0 ? v / 3 + bias : -v;
            count += v % 3 == 0;
            expect(out[i] == want, "classify out", i);
        }
        expect(counts[t] == count, "classify count", t);
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    CHECK(cudaFree(dcounts));
    free(in);
    free(out);
    free(counts);
}

static void check_copy_sum(int blocks, int n)
{
    int *in = (int *)malloc(n * sizeof(int));
    for (int i = 0; i < n; i++)
        in[i] = (i % 1013) - 400;
    int *din, *dout;
    long long *dsums;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, n * sizeof(int)));
    CHECK(cudaMalloc(&dsums, blocks * sizeof(long long)));
    CHECK(cudaMemcpy(din, in, n * sizeof(int), cudaMemcpyHostToDevice));
    copy_sum<<<blocks, 256>>>(dout, din, dsums, n);
    CHECK(cudaGetLastError());
    int *out = (int *)malloc(n * sizeof(int));
    long long *sums = (long long *)malloc(blocks * sizeof(long long));
    long long *only = (long long *)malloc(blocks * sizeof(long long));
    CHECK(cudaMemcpy(out, dout, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(sums, dsums, blocks * sizeof(long long),
                     cudaMemcpyDeviceToHost));
    sum_only<<<blocks, 256>>>(din, dsums, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(only, dsums, blocks * sizeof(long long),
                     cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++)
        expect(out[i] == in[i], "copy_sum copy", i);
    for (int b = 0; b < blocks; b++) {
        long long want = 0;
        for (int t = 0; t < 256; t++)
            for (int i = b * 256 + t; i < n; i += blocks * 256)
                want += in[i];
        expect(sums[b] == want, "copy_sum sum", b);
        expect(only[b] == want, "sum_only", b);
    }
    free(only);
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    CHECK(cudaFree(dsums));
    free(in);
    free(out);
    free(sums);
}

static void check_row_scale(void)
{
    const int rows = 20011, cols = 3;
    int n = rows * cols;
    float *m = (float *)malloc(n * sizeof(float));
    for (int i = 0; i < n; i++)
        m[i] = (float)(i % 53);
    float *dm;
    CHECK(cudaMalloc(&dm, n * sizeof(float)));
    CHECK(cudaMemcpy(dm, m, n * sizeof(float), cudaMemcpyHostToDevice));
    row_scale<<<3, 128>>>(dm, rows, cols);
    CHECK(cudaGetLastError());
    float *got = (float *)malloc(n * sizeof(float));
    CHECK(cudaMemcpy(got, dm, n * sizeof(float), cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++)
        expect(got[i] == m[i] * (float)(i / rows + 1), "row_scale", i);
    CHECK(cudaFree(dm));
    free(m);
    free(got);
}

static void check_two_passes(void)
{
    int dev = 0, coop = 0;
    CHECK(cudaGetDevice(&dev));
    CHECK(cudaDeviceGetAttribute(&coop, cudaDevAttrCooperativeLaunch, dev));
    if (!coop) {
        printf("two_passes: no cooperative launch, skipped\n");
        return;
    }
    int n = 50000;
    int *da, *db;
    CHECK(cudaMalloc(&da, n * sizeof(int)));
    CHECK(cudaMalloc(&db, n * sizeof(int)));
    void *args[] = {&da, &db, &n};
    CHECK(cudaLaunchCooperativeKernel((void *)two_passes, dim3(2), dim3(256),
                                      args, 0, 0));
    CHECK(cudaGetLastError());
    int *b = (int *)malloc(n * sizeof(int));
    CHECK(cudaMemcpy(b, db, n * sizeof(int), cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++)
        expect(b[i] == 2 * (n - 1 - i) + 1 + i, "two_passes", i);
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    free(b);
}

static void check_nap_then_fill(void)
{
    int n = 70001;
    int *dout;
    CHECK(cudaMalloc(&dout, n * sizeof(int)));
    nap_then_fill<<<2, 192>>>(dout, n, 3);
    CHECK(cudaGetLastError());
    int *out = (int *)malloc(n * sizeof(int));
    CHECK(cudaMemcpy(out, dout, n * sizeof(int), cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++)
        expect(out[i] == (i ^ 0x55), "nap_then_fill", i);
    CHECK(cudaFree(dout));
    free(out);
}

int main(void)
{
    check_saxpy(2, 256, 1 << 18);
    check_saxpy(3, 48, 100003);  // a partial warp in every block
    check_saxpy(5, 32, 77777);   // one warp a block: nothing to pause for
    check_saxpy(1, 1024, 65536 + 17);
    check_classify(2, 256, 150001);
    check_classify(4, 96, 40000);
    check_copy_sum(2, 300007);
    check_row_scale();
    check_two_passes();
    check_nap_then_fill();
    CHECK(cudaDeviceSynchronize());
    if (failures) {
        printf("FAIL trip_yields (%d mismatches)\n", failures);
        return 1;
    }
    printf("PASS trip_yields\n");
    return 0;
}
