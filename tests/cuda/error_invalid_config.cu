// error_invalid_config.cu: launches with 2048 threads per block, a 0-sized
// grid, or too much shared memory fail with cudaErrorInvalidConfiguration,
// which cudaGetLastError returns once and clears (not sticky).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL error_invalid_config\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void fill(int *p, int v)
{
    p[blockIdx.x * blockDim.x + threadIdx.x] = v;
}

static int expect(const char *what, cudaError_t got, cudaError_t want)
{
    if (got == want)
        return 0;
    printf("%s: %s, expected %s\n", what, cudaGetErrorName(got),
           cudaGetErrorName(want));
    return 1;
}

int main()
{
    int *d, h[64];
    int bad = 0;
    CHECK(cudaMalloc(&d, 4096 * sizeof(int)));
    fill<<<1, 2048>>>(d, 1);
    bad += expect("2048 threads", cudaGetLastError(),
                  cudaErrorInvalidConfiguration);
    bad += expect("cleared", cudaGetLastError(), cudaSuccess);
    fill<<<1, dim3(32, 32, 2)>>>(d, 1);
    bad += expect("32x32x2 block", cudaPeekAtLastError(),
                  cudaErrorInvalidConfiguration);
    bad += expect("peek keeps it", cudaGetLastError(),
                  cudaErrorInvalidConfiguration);
    fill<<<1, dim3(1, 1, 65)>>>(d, 1);
    bad += expect("blockDim.z 65", cudaGetLastError(),
                  cudaErrorInvalidConfiguration);
    fill<<<1, 32, 1 << 20>>>(d, 1);
    cudaError_t big = cudaGetLastError();
    if (big != cudaErrorInvalidConfiguration && big != cudaErrorInvalidValue)
        bad += expect("1 MiB shared", big, cudaErrorInvalidConfiguration);
    // Not sticky: the device still works.
    fill<<<2, 32>>>(d, 7);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(h, d, sizeof(h), cudaMemcpyDeviceToHost));
    for (int i = 0; i < 64; i++)
        if (h[i] != 7 && bad++ < 3)
            printf("h[%d] = %d after recovery\n", i, h[i]);
    CHECK(cudaFree(d));
    if (bad) {
        printf("FAIL error_invalid_config\n");
        return 1;
    }
    printf("PASS error_invalid_config\n");
    return 0;
}
