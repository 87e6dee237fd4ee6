// call_params_divergent.cu: arguments and results of device-function and
// math-library calls made by part of a warp.  The CPU device moves a
// whole warp's call parameters as one vector where every live lane takes
// part, so each side of a divergent branch here calls with its own
// values, a __noinline__ function returns from two different places,
// and a block whose last warp is partial calls under a bounds check.
// Each result is compared with the host's; every operation is exact or
// correctly rounded, so the comparison is exact.
#include <cuda_runtime.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL call_params_divergent\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

// Returns from one of two places, chosen per thread.
__host__ __device__ __noinline__ float two_returns(float x, int t)
{
    if (t % 3 == 0)
        return x * 2.0f + 1.0f;
    float y = x;
    for (int k = 0; k < t % 4; k++)
        y = y * 0.5f + 3.0f;
    return y - 1.0f;
}

__host__ __device__ __noinline__ double twice(double x)
{
    return x + x;
}

__host__ __device__ float value(int i)
{
    return (float)(i % 37) * 0.25f + 1.0f;
}

__host__ __device__ float compute(int i, int t)
{
    float x = value(i), r;
    if (t & 1)
        r = sqrtf(x) + two_returns(x, t);
    else
        r = two_returns(x + 3.0f, t + 1) - sqrtf(x * 4.0f);
    if (t % 5 == 0)
        r += (float)twice((double)x);
    return r;
}

__global__ void calls(float *out, int count)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < count)
        out[i] = compute(i, threadIdx.x);
}

int main()
{
    const int count = 1000;
    static float out[count];
    float *d_out;
    CHECK(cudaMalloc(&d_out, sizeof out));
    const int blocks[] = {128, 96, 40};
    int bad = 0;
    for (int block : blocks) {
        CHECK(cudaMemset(d_out, 0, sizeof out));
        calls<<<(count + block - 1) / block, block>>>(d_out, count);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
        for (int i = 0; i < count; i++) {
            float want = compute(i, i % block);
            if (out[i] != want && bad++ < 10)
                printf("block %d: out[%d] = %.9g, want %.9g\n", block, i,
                       out[i], want);
        }
    }
    CHECK(cudaFree(d_out));
    if (bad) {
        printf("FAIL call_params_divergent\n");
        return 1;
    }
    printf("PASS call_params_divergent\n");
    return 0;
}
