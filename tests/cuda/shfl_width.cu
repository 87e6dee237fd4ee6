// shfl_width.cu: shuffles with width 8 and 16 treat the warp as separate
// segments: indices are relative to the segment and wrap inside it.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL shfl_width\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void seg(const int *in, int *out)
{
    int i = threadIdx.x;
    int v = in[i];
    const unsigned all = 0xffffffffu;
    out[5 * i + 0] = __shfl_sync(all, v, 3, 8);
    out[5 * i + 1] = __shfl_sync(all, v, 19, 16);
    out[5 * i + 2] = __shfl_up_sync(all, v, 2, 8);
    out[5 * i + 3] = __shfl_down_sync(all, v, 3, 16);
    out[5 * i + 4] = __shfl_xor_sync(all, v, 5, 8);
}

int main()
{
    const int n = 64;
    int in[n], out[5 * n];
    for (int i = 0; i < n; i++)
        in[i] = 1000 + i * 11;
    int *din, *dout;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, 5 * n * sizeof(int)));
    CHECK(cudaMemcpy(din, in, n * sizeof(int), cudaMemcpyHostToDevice));
    seg<<<1, n>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, 5 * n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int lane = i & 31, wbase = i & ~31;
        int s8 = wbase + (lane & ~7), s16 = wbase + (lane & ~15);
        int r8 = lane & 7, r16 = lane & 15;
        int want[5] = {
            in[s8 + 3],
            in[s16 + 19 % 16],
            r8 >= 2 ? in[i - 2] : in[i],
            r16 + 3 < 16 ? in[i + 3] : in[i],
            in[s8 + (r8 ^ 5)],
        };
        for (int k = 0; k < 5; k++)
            if (out[5 * i + k] != want[k] && bad++ < 5)
                printf("lane %d case %d: %d, expected %d\n", i, k,
                       out[5 * i + k], want[k]);
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("FAIL shfl_width (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS shfl_width\n");
    return 0;
}
