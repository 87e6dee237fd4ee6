// histogram_global.cu: a 100-bin histogram of floats binned by value,
// counted straight into global memory with atomicAdd.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL histogram_global\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define BINS 100

__host__ __device__ int bin_of(float v, float lo, float hi)
{
    int b = (int)((v - lo) / (hi - lo) * BINS);
    return b < 0 ? 0 : b >= BINS ? BINS - 1 : b;
}

__global__ void histo(const float *v, int n, float lo, float hi, int *bins)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        atomicAdd(&bins[bin_of(v[i], lo, hi)], 1);
}

int main()
{
    const int n = 30000;
    float *v = (float *)malloc(n * sizeof(float));
    int want[BINS] = {}, got[BINS];
    for (int i = 0; i < n; i++) {
        v[i] = (float)((i * 7907) % 1000) / 8.0f - 10.0f;
        want[bin_of(v[i], -5.0f, 100.0f)]++;
    }
    float *dv;
    int *db;
    CHECK(cudaMalloc(&dv, n * sizeof(float)));
    CHECK(cudaMalloc(&db, sizeof(got)));
    CHECK(cudaMemcpy(dv, v, n * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(db, 0, sizeof(got)));
    histo<<<(n + 255) / 256, 256>>>(dv, n, -5.0f, 100.0f, db);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got, db, sizeof(got), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(dv));
    CHECK(cudaFree(db));
    free(v);
    int bad = 0, total = 0;
    for (int b = 0; b < BINS; b++) {
        total += got[b];
        if (got[b] != want[b] && bad++ < 5)
            printf("bin %d: %d, expected %d\n", b, got[b], want[b]);
    }
    if (bad || total != n) {
        printf("FAIL histogram_global (%d bins wrong, total %d)\n", bad,
               total);
        return 1;
    }
    printf("PASS histogram_global\n");
    return 0;
}
