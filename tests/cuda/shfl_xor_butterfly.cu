// shfl_xor_butterfly.cu: butterfly all-reduce with __shfl_xor_sync: every
// lane ends with the warp's max and sum; one raw xor exchange checked too.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL shfl_xor_butterfly\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void butterfly(const int *in, int *sum, int *mx, int *swp)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int v = in[i], m = in[i];
    swp[i] = __shfl_xor_sync(0xffffffffu, v, 13);
    for (int mask = 16; mask > 0; mask >>= 1) {
        v += __shfl_xor_sync(0xffffffffu, v, mask);
        m = max(m, __shfl_xor_sync(0xffffffffu, m, mask));
    }
    sum[i] = v;
    mx[i] = m;
}

int main()
{
    const int n = 128;
    int in[n], s[n], m[n], w[n];
    for (int i = 0; i < n; i++)
        in[i] = (i * 7919) % 211 - 100;
    int *din, *ds, *dm, *dw;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&ds, n * sizeof(int)));
    CHECK(cudaMalloc(&dm, n * sizeof(int)));
    CHECK(cudaMalloc(&dw, n * sizeof(int)));
    CHECK(cudaMemcpy(din, in, n * sizeof(int), cudaMemcpyHostToDevice));
    butterfly<<<1, n>>>(din, ds, dm, dw);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(s, ds, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(m, dm, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(w, dw, n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int base = i & ~31, ws = 0, wm = in[base];
        for (int l = 0; l < 32; l++) {
            ws += in[base + l];
            wm = in[base + l] > wm ? in[base + l] : wm;
        }
        int wx = in[base + ((i & 31) ^ 13)];
        if ((s[i] != ws || m[i] != wm || w[i] != wx) && bad++ < 5)
            printf("i=%d: sum %d/%d max %d/%d xor %d/%d\n", i, s[i], ws,
                   m[i], wm, w[i], wx);
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(ds));
    CHECK(cudaFree(dm));
    CHECK(cudaFree(dw));
    if (bad) {
        printf("FAIL shfl_xor_butterfly (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS shfl_xor_butterfly\n");
    return 0;
}
