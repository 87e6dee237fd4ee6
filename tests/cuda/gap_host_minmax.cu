// gap_host_minmax.cu: nvcc's headers give host code min()/max() for
// float and double arguments; programs call them freely.
#include <cuda_runtime.h>
#include <cstdio>

__global__ void clampk(float *v, int n, float lo, float hi)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] = min(max(v[i], lo), hi);
}

int main()
{
    const int n = 64;
    float h[n], *d;
    int bad = 0;
    // host calls: these are what fail to compile
    float lo = max(-2.0f, -3.5f);
    float hi = min(2.5f, 4.0f);
    double dd = max(1.25, 0.5) + min(3.0, 7.0);
    float mixed = max(1.5f, 2.0f);
    if (lo != -2.0f || hi != 2.5f || dd != 4.25 || mixed != 2.0f)
        bad++;
    for (int i = 0; i < n; i++)
        h[i] = (i - 32) * 0.125f;
    cudaMalloc(&d, sizeof(h));
    cudaMemcpy(d, h, sizeof(h), cudaMemcpyHostToDevice);
    clampk<<<1, n>>>(d, n, lo, hi);
    cudaMemcpy(h, d, sizeof(h), cudaMemcpyDeviceToHost);
    for (int i = 0; i < n; i++) {
        float x = (i - 32) * 0.125f;
        float want = x < lo ? lo : (x > hi ? hi : x);
        bad += h[i] != want;
    }
    if (bad) {
        printf("FAIL gap_host_minmax: %d wrong\n", bad);
        return 1;
    }
    printf("PASS gap_host_minmax\n");
    return 0;
}
