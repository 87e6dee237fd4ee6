// early_return_barrier.cu: some threads return before a __syncthreads;
// those that exited count as arrived, so the rest pass the barrier.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL early_return_barrier\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

// Threads past `live` leave at once (a whole warp and part of another);
// the others exchange values through shared memory across the barrier.
__global__ void exchange(int *out, int live)
{
    __shared__ int buf[256];
    int t = threadIdx.x;
    if (t >= live)
        return;
    buf[t] = t * 10 + blockIdx.x;
    __syncthreads();
    out[blockIdx.x * blockDim.x + t] = buf[live - 1 - t];
}

int main()
{
    const int blocks = 3, threads = 256, live = 150;
    int n = blocks * threads;
    int *out = (int *)malloc(n * sizeof(int));
    int *d;
    CHECK(cudaMalloc(&d, n * sizeof(int)));
    CHECK(cudaMemset(d, 0, n * sizeof(int)));
    exchange<<<blocks, threads>>>(d, live);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(out, d, n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < threads; t++) {
            int want = t < live ? (live - 1 - t) * 10 + b : 0;
            int got = out[b * threads + t];
            if (got != want && bad++ < 5)
                printf("block %d thread %d: %d, expected %d\n", b, t, got,
                       want);
        }
    CHECK(cudaFree(d));
    free(out);
    if (bad) {
        printf("FAIL early_return_barrier (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS early_return_barrier\n");
    return 0;
}
