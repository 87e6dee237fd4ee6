// large_param.cu: a kernel parameter struct of 4,400 bytes passed by
// value (beyond the classic 4 KiB limit, allowed since CUDA 12.1 on sm_70+).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL large_param\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define NV 1100

struct Big {
    int v[NV];
};

__global__ void gather(Big b, int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = b.v[i] + b.v[NV - 1 - i];
}

int main()
{
    static Big b;
    int out[NV];
    for (int k = 0; k < NV; k++)
        b.v[k] = k * 3 - 1000;
    int *d;
    CHECK(cudaMalloc(&d, sizeof(out)));
    gather<<<(NV + 255) / 256, 256>>>(b, d, NV);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d, sizeof(out), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(d));
    int bad = 0;
    for (int i = 0; i < NV; i++) {
        int want = b.v[i] + b.v[NV - 1 - i];
        if (out[i] != want && bad++ < 5)
            printf("out[%d] = %d, expected %d\n", i, out[i], want);
    }
    if (bad || sizeof(Big) < 4096) {
        printf("FAIL large_param (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS large_param\n");
    return 0;
}
