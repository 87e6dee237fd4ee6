// template_kernel.cu: one template kernel instantiated for int, float and
// double, plus a template on an int parameter (unrolled at compile time).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL template_kernel\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

template <typename T>
__global__ void axpb(const T *x, T *y, T a, T b, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        y[i] = a * x[i] + b;
}

template <int K>
__global__ void power(int *v)
{
    int x = v[threadIdx.x], r = 1;
#pragma unroll
    for (int k = 0; k < K; k++)
        r *= x;
    v[threadIdx.x] = r;
}

template <typename T>
static int check(T a, T b)
{
    const int n = 100;
    T x[n], y[n];
    for (int i = 0; i < n; i++)
        x[i] = (T)(i - 50);
    T *dx, *dy;
    CHECK(cudaMalloc(&dx, sizeof(x)));
    CHECK(cudaMalloc(&dy, sizeof(y)));
    CHECK(cudaMemcpy(dx, x, sizeof(x), cudaMemcpyHostToDevice));
    axpb<T><<<1, 128>>>(dx, dy, a, b, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(y, dy, sizeof(y), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dy));
    int bad = 0;
    for (int i = 0; i < n; i++)
        if (y[i] != a * x[i] + b && bad++ < 3)
            printf("sizeof(T)=%zu y[%d] = %g, expected %g\n", sizeof(T), i,
                   (double)y[i], (double)(a * x[i] + b));
    return bad;
}

int main()
{
    int bad = check<int>(3, -7) + check<float>(0.5f, 2.25f)
              + check<double>(-1.125, 1e10);
    int v[32], *dv;
    for (int i = 0; i < 32; i++)
        v[i] = i % 7 - 3;
    CHECK(cudaMalloc(&dv, sizeof(v)));
    CHECK(cudaMemcpy(dv, v, sizeof(v), cudaMemcpyHostToDevice));
    power<5><<<1, 32>>>(dv);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(v, dv, sizeof(v), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(dv));
    for (int i = 0; i < 32; i++) {
        int x = i % 7 - 3, want = x * x * x * x * x;
        if (v[i] != want && bad++ < 5)
            printf("power<5>(%d) = %d, expected %d\n", x, v[i], want);
    }
    if (bad) {
        printf("FAIL template_kernel\n");
        return 1;
    }
    printf("PASS template_kernel\n");
    return 0;
}
