// uniform_branch_barriers.cu: a warp shuffle and a __syncthreads on
// each side of a branch every thread takes the same way (on a kernel
// parameter), the two sides' tails meeting where thread 0 alone goes on
// (the shape of CUB's BlockReduce for full and partial tiles).  Both
// sides, for several parameters; compared with the host's.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL uniform_branch_barriers\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { BLOCK = 256 };

__global__ void sides(const int *in, int *out, int n)
{
    __shared__ int s[BLOCK / 32];
    int v = (int)threadIdx.x < n ? in[threadIdx.x] : 0;
    int r;
    if (n < BLOCK) {
        r = v + __shfl_down_sync(0xffffffffu, v, 1);
        if ((threadIdx.x & 31) == 0)
            s[threadIdx.x >> 5] = r;
        __syncthreads();
        if (threadIdx.x == 0)
            r += n > 32 ? s[1] : 0;
    } else {
        r = v + __shfl_xor_sync(0xffffffffu, v, 1);
        if ((threadIdx.x & 31) == 0)
            s[threadIdx.x >> 5] = r;
        __syncthreads();
        if (threadIdx.x == 0)
            r += s[1];
    }
    if (threadIdx.x == 0)
        *out = r;
}

int main()
{
    int in[BLOCK], *din, *dout, got, bad = 0;
    for (int i = 0; i < BLOCK; i++)
        in[i] = i * 3 - 100;
    CHECK(cudaMalloc(&din, sizeof in));
    CHECK(cudaMalloc(&dout, sizeof(int)));
    CHECK(cudaMemcpy(din, in, sizeof in, cudaMemcpyHostToDevice));
    const int ns[] = {1, 5, 40, BLOCK};
    for (int k = 0; k < 4; k++) {
        int n = ns[k];
        sides<<<1, BLOCK>>>(din, dout, n);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(&got, dout, sizeof got, cudaMemcpyDeviceToHost));
        // lanes 0 and 1, and (past 32 valid values) lanes 32 and 33
        int v0 = in[0], v1 = n > 1 ? in[1] : 0;
        int want = v0 + v1;
        if (n > 32)
            want += in[32] + (n > 33 ? in[33] : 0);
        if (got != want && bad++ < 4)
            printf("n %d: %d, want %d\n", n, got, want);
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("FAIL uniform_branch_barriers (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS uniform_branch_barriers\n");
    return 0;
}
