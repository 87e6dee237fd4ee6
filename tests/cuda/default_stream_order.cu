// default_stream_order.cu: work on the legacy default stream runs in
// order, and a blocking stream created with cudaStreamCreate orders
// itself after earlier default-stream work and before later.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL default_stream_order\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

// Slow on purpose so that a missing dependency shows.
__global__ void step(int *p, int n, int mul, int add)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    int v = p[i];
    for (int k = 0; k < 200; k++)
        v = (v * mul + add) & 0xffff;
    p[i] = v;
}

static int host_step(int v, int mul, int add)
{
    for (int k = 0; k < 200; k++)
        v = (v * mul + add) & 0xffff;
    return v;
}

int main()
{
    const int n = 8192;
    int *d, *h = (int *)malloc(n * sizeof(int));
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    CHECK(cudaMalloc(&d, n * sizeof(int)));
    for (int i = 0; i < n; i++)
        h[i] = i;
    CHECK(cudaMemcpy(d, h, n * sizeof(int), cudaMemcpyHostToDevice));
    step<<<n / 128, 128>>>(d, n, 3, 1);
    step<<<n / 128, 128>>>(d, n, 5, 7);
    step<<<n / 128, 128, 0, s>>>(d, n, 9, 2);
    step<<<n / 128, 128>>>(d, n, 11, 3);
    CHECK(cudaMemcpy(h, d, n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int v = host_step(host_step(host_step(host_step(i, 3, 1), 5, 7),
                                    9, 2), 11, 3);
        if (h[i] != v && bad++ < 5)
            printf("p[%d] = %d, expected %d\n", i, h[i], v);
    }
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaFree(d));
    free(h);
    if (bad) {
        printf("FAIL default_stream_order\n");
        return 1;
    }
    printf("PASS default_stream_order\n");
    return 0;
}
