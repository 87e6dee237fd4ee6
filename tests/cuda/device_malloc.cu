// device_malloc.cu: malloc and free in device code: each thread builds a
// private list on the device heap, sums it, and frees it.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL device_malloc\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void heap(int *out)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    int n = t % 17 + 1;
    int *p = (int *)malloc(n * sizeof(int));
    if (!p) {
        out[t] = -1;
        return;
    }
    for (int i = 0; i < n; i++)
        p[i] = t + i;
    int sum = 0;
    for (int i = 0; i < n; i++)
        sum += p[i];
    free(p);
    out[t] = sum;
}

int main()
{
    const int threads = 256;
    int *d, h[threads];
    CHECK(cudaMalloc(&d, sizeof h));
    heap<<<4, threads / 4>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int t = 0; t < threads; t++) {
        int n = t % 17 + 1, want = n * t + n * (n - 1) / 2;
        if (h[t] != want && bad++ < 5)
            printf("thread %d: %d, expected %d\n", t, h[t], want);
    }
    CHECK(cudaFree(d));
    printf("%s device_malloc\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
