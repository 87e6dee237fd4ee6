// launch_kernel_direct.cu: cudaLaunchKernel called by hand with an array
// of argument pointers, dynamic shared memory and a stream.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL launch_kernel_direct\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void affine(const float *x, float *y, float a, int b, int n)
{
    extern __shared__ float s[];
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    s[threadIdx.x] = i < n ? x[i] : 0.0f;
    __syncthreads();
    if (i < n)
        y[i] = a * s[blockDim.x - 1 - threadIdx.x] + b;
}

int main()
{
    const int n = 512, threads = 128;
    float x[n], y[n];
    for (int i = 0; i < n; i++)
        x[i] = i * 0.25f;
    float *dx, *dy;
    CHECK(cudaMalloc(&dx, sizeof(x)));
    CHECK(cudaMalloc(&dy, sizeof(y)));
    CHECK(cudaMemcpy(dx, x, sizeof(x), cudaMemcpyHostToDevice));
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    float a = 3.0f;
    int b = -4, nn = n;
    void *args[] = { &dx, &dy, &a, &b, &nn };
    CHECK(cudaLaunchKernel((const void *)affine, dim3(n / threads),
                           dim3(threads), args, threads * sizeof(float), s));
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaMemcpy(y, dy, sizeof(y), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int base = i - i % threads;
        float want = a * x[base + threads - 1 - i % threads] + b;
        if (y[i] != want && bad++ < 5)
            printf("y[%d] = %g, expected %g\n", i, y[i], want);
    }
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dy));
    if (bad) {
        printf("FAIL launch_kernel_direct\n");
        return 1;
    }
    printf("PASS launch_kernel_direct\n");
    return 0;
}
