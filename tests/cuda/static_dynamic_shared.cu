// static_dynamic_shared.cu: a kernel with both a static __shared__ array
// and an extern one; neither may overlap the other.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL static_dynamic_shared\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void mix(int *out)
{
    __shared__ int fixed[64];
    extern __shared__ int dyn[];
    int t = threadIdx.x, n = blockDim.x;
    if (t < 64)
        fixed[t] = 1000 + t;
    dyn[t] = -t;
    dyn[n + t] = 7 * t;
    __syncthreads();
    out[blockIdx.x * n + t] = fixed[t % 64] + dyn[(t + 1) % n]
                              + dyn[n + (t + 2) % n];
}

int main()
{
    const int threads = 160, blocks = 2, n = threads * blocks;
    int out[n];
    int *d;
    CHECK(cudaMalloc(&d, sizeof(out)));
    mix<<<blocks, threads, 2 * threads * sizeof(int)>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d, sizeof(out), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int t = i % threads;
        int want = 1000 + t % 64 - (t + 1) % threads
                   + 7 * ((t + 2) % threads);
        if (out[i] != want && bad++ < 5)
            printf("out[%d] = %d, expected %d\n", i, out[i], want);
    }
    CHECK(cudaFree(d));
    if (bad) {
        printf("FAIL static_dynamic_shared (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS static_dynamic_shared\n");
    return 0;
}
