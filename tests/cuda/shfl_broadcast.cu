// shfl_broadcast.cu: __shfl_sync reads another lane's value: broadcast
// from a per-warp source lane, and an arbitrary per-lane permutation.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL shfl_broadcast\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void shfl(const float *in, float *bcast, float *perm)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int lane = threadIdx.x & 31, warp = i >> 5;
    float v = in[i];
    bcast[i] = __shfl_sync(0xffffffffu, v, warp % 32);
    // Source lane index beyond 31 wraps modulo the width (32).
    perm[i] = __shfl_sync(0xffffffffu, v, (lane * 7 + 3) + 64);
}

int main()
{
    const int n = 256;
    float in[n], b[n], p[n];
    for (int i = 0; i < n; i++)
        in[i] = i * 1.5f - 20.0f;
    float *din, *db, *dp;
    CHECK(cudaMalloc(&din, n * sizeof(float)));
    CHECK(cudaMalloc(&db, n * sizeof(float)));
    CHECK(cudaMalloc(&dp, n * sizeof(float)));
    CHECK(cudaMemcpy(din, in, n * sizeof(float), cudaMemcpyHostToDevice));
    shfl<<<2, 128>>>(din, db, dp);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(b, db, n * sizeof(float), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(p, dp, n * sizeof(float), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int base = i & ~31, lane = i & 31, warp = i >> 5;
        float wb = in[base + warp % 32];
        float wp = in[base + (lane * 7 + 3) % 32];
        if ((b[i] != wb || p[i] != wp) && bad++ < 5)
            printf("i=%d: bcast %g (want %g) perm %g (want %g)\n", i, b[i],
                   wb, p[i], wp);
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dp));
    if (bad) {
        printf("FAIL shfl_broadcast (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS shfl_broadcast\n");
    return 0;
}
