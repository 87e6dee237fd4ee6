// memcpy_default.cu: cudaMemcpyDefault infers the direction from the
// pointers (unified addressing): host->device, device->device,
// device->host and host->host.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL memcpy_default\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void negate(double *p, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] = -p[i];
}

int main()
{
    const int n = 777;
    double a[n], b[n], c[n];
    double *d1, *d2;
    for (int i = 0; i < n; i++)
        a[i] = i * 0.125;
    CHECK(cudaMalloc(&d1, sizeof(a)));
    CHECK(cudaMalloc(&d2, sizeof(a)));
    CHECK(cudaMemcpy(d1, a, sizeof(a), cudaMemcpyDefault));
    CHECK(cudaMemcpy(d2, d1, sizeof(a), cudaMemcpyDefault));
    negate<<<(n + 127) / 128, 128>>>(d2, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(b, d2, sizeof(b), cudaMemcpyDefault));
    CHECK(cudaMemcpy(c, b, sizeof(c), cudaMemcpyDefault));
    int bad = 0;
    for (int i = 0; i < n; i++)
        if (c[i] != -a[i] && bad++ < 5)
            printf("c[%d] = %g, expected %g\n", i, c[i], -a[i]);
    CHECK(cudaFree(d1));
    CHECK(cudaFree(d2));
    if (bad) {
        printf("FAIL memcpy_default\n");
        return 1;
    }
    printf("PASS memcpy_default\n");
    return 0;
}
