// saxpy_grid_stride.cu: y = a*x + y with a grid-stride loop, launched with
// fewer threads than elements so each thread handles several.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cmath>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL saxpy_grid_stride\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void saxpy(int n, float a, const float *x, float *y)
{
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += blockDim.x * gridDim.x)
        y[i] = a * x[i] + y[i];
}

int main()
{
    const int n = 50000;
    const float a = 2.5f;
    float *x = (float *)malloc(n * sizeof(float));
    float *y = (float *)malloc(n * sizeof(float));
    float *r = (float *)malloc(n * sizeof(float));
    for (int i = 0; i < n; i++) {
        x[i] = (float)(i % 97) * 0.25f;
        y[i] = (float)(i % 13) - 6.0f;
    }
    float *dx, *dy;
    CHECK(cudaMalloc(&dx, n * sizeof(float)));
    CHECK(cudaMalloc(&dy, n * sizeof(float)));
    CHECK(cudaMemcpy(dx, x, n * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dy, y, n * sizeof(float), cudaMemcpyHostToDevice));
    saxpy<<<7, 128>>>(n, a, dx, dy);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(r, dy, n * sizeof(float), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        float want = a * x[i] + y[i];
        if (fabsf(r[i] - want) > 1e-5f * fmaxf(1.0f, fabsf(want))) {
            if (bad++ < 5)
                printf("y[%d] = %g, expected %g\n", i, r[i], want);
        }
    }
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dy));
    free(x); free(y); free(r);
    if (bad) {
        printf("FAIL saxpy_grid_stride (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS saxpy_grid_stride\n");
    return 0;
}
