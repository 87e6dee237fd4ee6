// histogram_shared.cu: a 256-bin byte histogram, each block counting in
// shared memory with atomicAdd and merging into global bins at the end.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL histogram_shared\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void histo(const unsigned char *data, int n, unsigned *bins)
{
    __shared__ unsigned local[256];
    for (int b = threadIdx.x; b < 256; b += blockDim.x)
        local[b] = 0;
    __syncthreads();
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += blockDim.x * gridDim.x)
        atomicAdd(&local[data[i]], 1u);
    __syncthreads();
    for (int b = threadIdx.x; b < 256; b += blockDim.x)
        if (local[b])
            atomicAdd(&bins[b], local[b]);
}

int main()
{
    const int n = 200000;
    unsigned char *data = (unsigned char *)malloc(n);
    unsigned want[256] = {}, got[256];
    unsigned x = 12345;
    for (int i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        // Skewed: a third of the bytes land in bin 7 to force contention.
        data[i] = (i % 3 == 0) ? 7 : (unsigned char)(x >> 16);
        want[data[i]]++;
    }
    unsigned char *dd;
    unsigned *db;
    CHECK(cudaMalloc(&dd, n));
    CHECK(cudaMalloc(&db, sizeof(got)));
    CHECK(cudaMemcpy(dd, data, n, cudaMemcpyHostToDevice));
    CHECK(cudaMemset(db, 0, sizeof(got)));
    histo<<<16, 192>>>(dd, n, db);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got, db, sizeof(got), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(dd));
    CHECK(cudaFree(db));
    free(data);
    int bad = 0;
    for (int b = 0; b < 256; b++)
        if (got[b] != want[b] && bad++ < 5)
            printf("bin %d: %u, expected %u\n", b, got[b], want[b]);
    if (bad) {
        printf("FAIL histogram_shared (%d bins wrong)\n", bad);
        return 1;
    }
    printf("PASS histogram_shared\n");
    return 0;
}
