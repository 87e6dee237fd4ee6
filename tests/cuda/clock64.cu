// clock64.cu: clock64() and clock() never go backwards within a thread,
// and advance over a stretch of work.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL clock64\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void timed(long long *t, float *sink)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    long long t0 = clock64();
    float v = i;
    for (int k = 0; k < 10000; k++)
        v = v * 0.9999f + 1.0f;
    long long t1 = clock64();
    long long t2 = clock64();
    sink[i] = v;
    t[3 * i] = t0;
    t[3 * i + 1] = t1;
    t[3 * i + 2] = t2;
}

int main()
{
    const int n = 128;
    long long t[3 * n];
    long long *dt;
    float *ds;
    CHECK(cudaMalloc(&dt, sizeof(t)));
    CHECK(cudaMalloc(&ds, n * sizeof(float)));
    timed<<<2, 64>>>(dt, ds);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(t, dt, sizeof(t), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++)
        if (!(t[3 * i + 1] > t[3 * i] && t[3 * i + 2] >= t[3 * i + 1]) &&
            bad++ < 5)
            printf("thread %d clocks %lld %lld %lld\n", i, t[3 * i],
                   t[3 * i + 1], t[3 * i + 2]);
    CHECK(cudaFree(dt));
    CHECK(cudaFree(ds));
    if (bad) {
        printf("FAIL clock64\n");
        return 1;
    }
    printf("PASS clock64\n");
    return 0;
}
