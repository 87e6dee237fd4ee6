// restrict_ptrs.cu: __restrict__ pointers and const __restrict__ loads
// (read-only path, ld.global.nc), plus __ldg, in a blend kernel.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL restrict_ptrs\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void blend(const float *__restrict__ a,
                      const float *__restrict__ b,
                      const int *__restrict__ idx,
                      float *__restrict__ out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    int j = __ldg(&idx[i]);
    out[i] = a[i] * 0.75f + b[j] * 0.25f + __ldg(&a[j]);
}

int main()
{
    const int n = 2000;
    float a[n], b[n], out[n];
    int idx[n];
    for (int i = 0; i < n; i++) {
        a[i] = (float)(i % 64);
        b[i] = (float)(i % 10) * 4.0f;
        idx[i] = (i * 37) % n;
    }
    float *da, *db, *dout;
    int *di;
    CHECK(cudaMalloc(&da, sizeof(a)));
    CHECK(cudaMalloc(&db, sizeof(b)));
    CHECK(cudaMalloc(&dout, sizeof(out)));
    CHECK(cudaMalloc(&di, sizeof(idx)));
    CHECK(cudaMemcpy(da, a, sizeof(a), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b, sizeof(b), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(di, idx, sizeof(idx), cudaMemcpyHostToDevice));
    blend<<<(n + 255) / 256, 256>>>(da, db, di, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        float want = a[i] * 0.75f + b[idx[i]] * 0.25f + a[idx[i]];
        if (out[i] != want && bad++ < 5)
            printf("out[%d] = %g, expected %g\n", i, out[i], want);
    }
    CHECK(cudaFree(da)); CHECK(cudaFree(db));
    CHECK(cudaFree(dout)); CHECK(cudaFree(di));
    if (bad) {
        printf("FAIL restrict_ptrs\n");
        return 1;
    }
    printf("PASS restrict_ptrs\n");
    return 0;
}
