// legacy_warp_functions.cu: the warp functions of CUDA 8 and earlier,
// without _sync (__shfl, __shfl_up, __shfl_down, __shfl_xor on int,
// float, double and long long, with and without width; __any, __all,
// __ballot), in full warps, as old code calls them; checked against the
// host.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL legacy_warp_functions\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { N_OUT = 12 };

__global__ void warp_ops(const int *in, long long *out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int v = in[i];
    long long *o = out + (long long)N_OUT * i;
    o[0] = __shfl(v, 5);
    o[1] = __shfl_up(v, 3);
    o[2] = __shfl_down(v, 7);
    o[3] = __shfl_xor(v, 9);
    o[4] = (long long)__shfl(v * 0.5f, 30);
    o[5] = (long long)(__shfl_down(v * 0.25, 1) * 4.0);
    o[6] = __shfl_xor((long long)v << 33, 1) >> 33;
    o[7] = __shfl(v, 2, 8);         // lane 2 of each group of 8
    o[8] = __shfl_up(v, 1, 16);
    o[9] = __any(v == 40);
    o[10] = __all(v >= 0);
    o[11] = __ballot(v & 1);
}

int main()
{
    const int n = 128;
    int h_in[n];
    static long long h_out[N_OUT * n];
    for (int i = 0; i < n; i++)
        h_in[i] = (i * 37 + 11) % 101;
    int *d_in;
    long long *d_out;
    CHECK(cudaMalloc(&d_in, sizeof h_in));
    CHECK(cudaMalloc(&d_out, sizeof h_out));
    CHECK(cudaMemcpy(d_in, h_in, sizeof h_in, cudaMemcpyHostToDevice));
    warp_ops<<<2, 64>>>(d_in, d_out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h_out, d_out, sizeof h_out, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int w = i & ~31, l = i & 31;
        const int *x = h_in + w;
        bool any = false, all = true;
        unsigned ballot = 0;
        for (int k = 0; k < 32; k++) {
            any |= x[k] == 40;
            all &= x[k] >= 0;
            ballot |= (unsigned)(x[k] & 1) << k;
        }
        long long want[N_OUT] = {
            x[5],
            l >= 3 ? x[l - 3] : x[l],
            l + 7 < 32 ? x[l + 7] : x[l],
            x[l ^ 9],
            (long long)(x[30] * 0.5f),
            (long long)((l + 1 < 32 ? x[l + 1] : x[l]) * 0.25 * 4.0),
            x[l ^ 1],
            x[(l & ~7) + 2],
            (l & 15) >= 1 ? x[l - 1] : x[l],
            any,
            all,
            ballot,
        };
        for (int k = 0; k < N_OUT; k++)
            if (h_out[N_OUT * i + k] != want[k] && bad++ < 10)
                printf("thread %d op %d: %lld, want %lld\n", i, k,
                       h_out[N_OUT * i + k], want[k]);
    }
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    printf("%s legacy_warp_functions\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
