// reduce_shfl_down.cu: warp sums with __shfl_down_sync, warp totals
// combined through shared memory, block totals with atomicAdd.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL reduce_shfl_down\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__device__ int warp_sum(int v)
{
    for (int off = 16; off > 0; off >>= 1)
        v += __shfl_down_sync(0xffffffffu, v, off);
    return v;
}

__global__ void reduce(const int *in, int *total, int n)
{
    __shared__ int partial[32];
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    int v = warp_sum(i < n ? in[i] : 0);
    if (lane == 0)
        partial[warp] = v;
    __syncthreads();
    if (warp == 0) {
        int nw = (blockDim.x + 31) / 32;
        v = warp_sum(lane < nw ? partial[lane] : 0);
        if (lane == 0)
            atomicAdd(total, v);
    }
}

int main()
{
    const int n = 77777;
    int *in = (int *)malloc(n * sizeof(int));
    long long want = 0;
    for (int i = 0; i < n; i++) {
        in[i] = (i % 1001) - 500 + (i & 3);
        want += in[i];
    }
    int *din, *dt, got;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dt, sizeof(int)));
    CHECK(cudaMemcpy(din, in, n * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dt, 0, sizeof(int)));
    reduce<<<(n + 511) / 512, 512>>>(din, dt, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(&got, dt, sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(din));
    CHECK(cudaFree(dt));
    free(in);
    if (got != want) {
        printf("sum = %d, expected %lld\nFAIL reduce_shfl_down\n", got, want);
        return 1;
    }
    printf("PASS reduce_shfl_down\n");
    return 0;
}
