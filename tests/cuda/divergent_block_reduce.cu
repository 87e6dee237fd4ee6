// divergent_block_reduce.cu: block reductions whose warp shuffles only
// some threads reach: the partial sums of the warps reduced by warp 0
// alone (`if (warp == 0) v = warp_sum(v)`), and the shared-memory tree
// whose last 64 values threads below 32 finish with shuffles
// (`if (tid < 32)`).  Block sizes of 1 to 32 warps; sums and maxima are
// compared with the host's.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL divergent_block_reduce\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__device__ int warp_sum(int v)
{
    for (int off = 16; off > 0; off >>= 1)
        v += __shfl_down_sync(0xffffffffu, v, off);
    return v;
}

__device__ int warp_max(int v)
{
    for (int off = 16; off > 0; off >>= 1)
        v = max(v, __shfl_xor_sync(0xffffffffu, v, off));
    return v;
}

// One block's sum and maximum: every warp reduces its lanes, warp 0 the
// warps' results.
__global__ void two_level(const int *in, int n, int *sum, int *mx)
{
    __shared__ int part_sum[32], part_max[32];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    int nw = (blockDim.x + 31) / 32;
    int s = 0, m = -2147483647 - 1;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += gridDim.x * blockDim.x) {
        s += in[i];
        m = max(m, in[i]);
    }
    s = warp_sum(s);
    m = warp_max(m);
    if (lane == 0) {
        part_sum[warp] = s;
        part_max[warp] = m;
    }
    __syncthreads();
    if (warp == 0) {
        s = warp_sum(lane < nw ? part_sum[lane] : 0);
        m = warp_max(lane < nw ? part_max[lane] : -2147483647 - 1);
        if (lane == 0) {
            sum[blockIdx.x] = s;
            mx[blockIdx.x] = m;
        }
    }
}

// The classic tree: halves in shared memory while more than 64 values
// are left, then the first warp alone.  blockDim.x is a power of two of
// at least 64.
__global__ void tree(const int *in, int n, int *sum)
{
    __shared__ int s[1024];
    unsigned tid = threadIdx.x;
    int i = blockIdx.x * blockDim.x + tid;
    s[tid] = i < n ? in[i] : 0;
    __syncthreads();
    for (unsigned half = blockDim.x / 2; half > 32; half >>= 1) {
        if (tid < half)
            s[tid] += s[tid + half];
        __syncthreads();
    }
    if (tid < 32) {
        int v = s[tid] + s[tid + 32];
        v = warp_sum(v);
        if (tid == 0)
            sum[blockIdx.x] = v;
    }
}

static int check_two_level(const int *din, const int *in, int n, int block,
                           int grid)
{
    int *dsum, *dmax;
    CHECK(cudaMalloc(&dsum, grid * sizeof(int)));
    CHECK(cudaMalloc(&dmax, grid * sizeof(int)));
    two_level<<<grid, block>>>(din, n, dsum, dmax);
    CHECK(cudaGetLastError());
    int *sum = (int *)malloc(grid * sizeof(int));
    int *mx = (int *)malloc(grid * sizeof(int));
    CHECK(cudaMemcpy(sum, dsum, grid * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(mx, dmax, grid * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int b = 0; b < grid; b++) {
        int want_sum = 0, want_max = -2147483647 - 1;
        for (int i = b * block; i < n; i += grid * block)
            for (int t = 0; t < block && i + t < n; t++) {
                want_sum += in[i + t];
                want_max = in[i + t] > want_max ? in[i + t] : want_max;
            }
        if (sum[b] != want_sum || mx[b] != want_max) {
            if (bad++ < 3)
                printf("two_level, block of %d, block %d: sum %d max %d, "
                       "want %d %d\n", block, b, sum[b], mx[b], want_sum,
                       want_max);
        }
    }
    free(sum);
    free(mx);
    CHECK(cudaFree(dsum));
    CHECK(cudaFree(dmax));
    return bad;
}

static int check_tree(const int *din, const int *in, int n, int block)
{
    int grid = (n + block - 1) / block, *dsum;
    CHECK(cudaMalloc(&dsum, grid * sizeof(int)));
    tree<<<grid, block>>>(din, n, dsum);
    CHECK(cudaGetLastError());
    int *sum = (int *)malloc(grid * sizeof(int));
    CHECK(cudaMemcpy(sum, dsum, grid * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int b = 0; b < grid; b++) {
        int want = 0;
        for (int i = b * block; i < n && i < (b + 1) * block; i++)
            want += in[i];
        if (sum[b] != want && bad++ < 3)
            printf("tree, block of %d, block %d: %d, want %d\n", block, b,
                   sum[b], want);
    }
    free(sum);
    CHECK(cudaFree(dsum));
    return bad;
}

int main()
{
    const int n = 20011;
    int *in = (int *)malloc(n * sizeof(int)), *din;
    for (int i = 0; i < n; i++)
        in[i] = (int)((i * 2654435761u) % 2001u) - 1000;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMemcpy(din, in, n * sizeof(int), cudaMemcpyHostToDevice));
    int bad = 0;
    const int blocks[] = {32, 96, 256, 1024};
    for (int k = 0; k < 4; k++)
        bad += check_two_level(din, in, n, blocks[k], 7);
    const int trees[] = {64, 128, 512};
    for (int k = 0; k < 3; k++)
        bad += check_tree(din, in, n, trees[k]);
    CHECK(cudaFree(din));
    free(in);
    if (bad) {
        printf("FAIL divergent_block_reduce (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS divergent_block_reduce\n");
    return 0;
}
