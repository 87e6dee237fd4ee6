// device_malloc.cu: malloc and free in device code: each thread builds a
// private list on the device heap, sums it, and frees it.  Then the heap's
// size, cudaLimitMallocHeapSize (8 MB unless set): malloc and new of
// more than the heap holds return NULL, what is freed can be taken again.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL device_malloc\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void heap(int *out)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    int n = t % 17 + 1;
    int *p = (int *)malloc(n * sizeof(int));
    if (!p) {
        out[t] = -1;
        return;
    }
    for (int i = 0; i < n; i++)
        p[i] = t + i;
    int sum = 0;
    for (int i = 0; i < n; i++)
        sum += p[i];
    free(p);
    out[t] = sum;
}

// Each thread takes `bytes` and keeps the block (or NULL) in kept[t].
__global__ void take(char **kept, size_t bytes)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    char *p = (char *)malloc(bytes);
    if (p) {
        p[0] = 1;
        p[bytes - 1] = 2;
    }
    kept[t] = p;
}

__global__ void give_back(char **kept)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    free(kept[t]);
}

// The blocks escape to global memory, so that the compiler cannot drop
// an allocation it sees freed unused (clang does so, and answers
// not-null).
__global__ void too_big(char **got, size_t bytes)
{
    got[0] = (char *)malloc(bytes);
    got[1] = new char[bytes];
}

__global__ void drop(char **got)
{
    free(got[0]);
    delete[] got[1];
}

static int heap_limit()
{
    int bad = 0;
    size_t limit = 0;
    CHECK(cudaDeviceGetLimit(&limit, cudaLimitMallocHeapSize));
    if (limit != 8u << 20) {
        printf("default heap %zu bytes, want 8 MB\n", limit);
        bad++;
    }
    CHECK(cudaDeviceSetLimit(cudaLimitMallocHeapSize, 1u << 20));
    CHECK(cudaDeviceGetLimit(&limit, cudaLimitMallocHeapSize));
    bad += limit != 1u << 20;

    char **got;
    CHECK(cudaMallocManaged(&got, 2 * sizeof(char *)));
    too_big<<<1, 1>>>(got, 2u << 20);
    CHECK(cudaDeviceSynchronize());
    if (got[0] || got[1]) {
        printf("2 MB from a 1 MB heap: malloc %s, new %s\n",
               got[0] ? "a block" : "NULL", got[1] ? "a block" : "NULL");
        bad++;
    }
    drop<<<1, 1>>>(got);

    // 16 blocks of 96 KB: the heap holds no more than 10 of them.
    const int n = 16;
    char **kept;
    CHECK(cudaMallocManaged(&kept, n * sizeof(char *)));
    for (int round = 0; round < 2; round++) {
        take<<<1, n>>>(kept, 96u << 10);
        CHECK(cudaDeviceSynchronize());
        int got = 0;
        for (int t = 0; t < n; t++)
            got += kept[t] != nullptr;
        if (got == 0 || got > 10) {
            printf("round %d: %d of %d blocks of 96 KB from a 1 MB heap\n",
                   round, got, n);
            bad++;
        }
        give_back<<<1, n>>>(kept); // the second round finds them again
        CHECK(cudaDeviceSynchronize());
    }
    CHECK(cudaFree(kept));
    CHECK(cudaFree(got));
    // The heap is sized before the first kernel that uses it; a new
    // context (cudaDeviceReset) has the default again.
    CHECK(cudaDeviceReset());
    CHECK(cudaDeviceGetLimit(&limit, cudaLimitMallocHeapSize));
    if (limit != 8u << 20) {
        printf("heap %zu bytes after cudaDeviceReset, want 8 MB\n", limit);
        bad++;
    }
    return bad;
}

int main()
{
    const int threads = 256;
    int *d, h[threads];
    int bad = heap_limit();
    CHECK(cudaMalloc(&d, sizeof h));
    heap<<<4, threads / 4>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
    for (int t = 0; t < threads; t++) {
        int n = t % 17 + 1, want = n * t + n * (n - 1) / 2;
        if (h[t] != want && bad++ < 5)
            printf("thread %d: %d, expected %d\n", t, h[t], want);
    }
    CHECK(cudaFree(d));
    printf("%s device_malloc\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
