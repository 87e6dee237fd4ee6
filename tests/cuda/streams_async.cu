// streams_async.cu: two streams each doing async copy in, kernel, async
// copy out on pinned buffers; after cudaStreamSynchronize both are right.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL streams_async\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void scale(float *p, float s, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        for (int k = 0; k < 20; k++)
            p[i] = p[i] * s + 1.0f;
}

int main()
{
    const int n = 40000, ns = 2;
    cudaStream_t st[ns];
    float *h[ns], *d[ns];
    for (int s = 0; s < ns; s++) {
        CHECK(cudaStreamCreate(&st[s]));
        CHECK(cudaMallocHost(&h[s], n * sizeof(float)));
        CHECK(cudaMalloc(&d[s], n * sizeof(float)));
        for (int i = 0; i < n; i++)
            h[s][i] = (float)(i % 10) + s;
    }
    for (int s = 0; s < ns; s++) {
        CHECK(cudaMemcpyAsync(d[s], h[s], n * sizeof(float),
                              cudaMemcpyHostToDevice, st[s]));
        scale<<<(n + 255) / 256, 256, 0, st[s]>>>(d[s], s ? 0.5f : 1.0f, n);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpyAsync(h[s], d[s], n * sizeof(float),
                              cudaMemcpyDeviceToHost, st[s]));
    }
    int bad = 0;
    for (int s = 0; s < ns; s++) {
        CHECK(cudaStreamSynchronize(st[s]));
        CHECK(cudaStreamQuery(st[s]));
        for (int i = 0; i < n; i++) {
            float v = (float)(i % 10) + s;
            for (int k = 0; k < 20; k++)
                v = v * (s ? 0.5f : 1.0f) + 1.0f;
            if (h[s][i] != v && bad++ < 5)
                printf("stream %d [%d] = %g, expected %g\n", s, i, h[s][i], v);
        }
    }
    for (int s = 0; s < ns; s++) {
        CHECK(cudaStreamDestroy(st[s]));
        CHECK(cudaFreeHost(h[s]));
        CHECK(cudaFree(d[s]));
    }
    if (bad) {
        printf("FAIL streams_async\n");
        return 1;
    }
    printf("PASS streams_async\n");
    return 0;
}
