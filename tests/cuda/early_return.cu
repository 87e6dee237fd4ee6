// early_return.cu: lanes that return before doing any work must leave
// their outputs untouched while the rest of the warp carries on.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL early_return\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void work(const int *skip, int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    if (skip[i])
        return;
    int v = i;
    for (int k = 0; k < 10; k++)
        v = v * 5 + k;
    if (v & 1)
        return;
    out[i] = v;
}

int main()
{
    const int n = 500;
    int *skip = (int *)malloc(n * sizeof(int));
    int *out = (int *)malloc(n * sizeof(int));
    for (int i = 0; i < n; i++)
        skip[i] = (i % 3 == 0) || (i % 64 > 50);
    int *ds, *dout;
    CHECK(cudaMalloc(&ds, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, n * sizeof(int)));
    CHECK(cudaMemcpy(ds, skip, n * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dout, 0xff, n * sizeof(int)));
    work<<<(n + 63) / 64, 64>>>(ds, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int v = i;
        for (int k = 0; k < 10; k++)
            v = v * 5 + k;
        int want = (skip[i] || (v & 1)) ? -1 : v;
        if (out[i] != want && bad++ < 5)
            printf("out[%d] = %d, expected %d\n", i, out[i], want);
    }
    CHECK(cudaFree(ds));
    CHECK(cudaFree(dout));
    free(skip); free(out);
    if (bad) {
        printf("FAIL early_return (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS early_return\n");
    return 0;
}
