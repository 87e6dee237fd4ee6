// device_malloc_concurrent.cu: many threads of many blocks take device
// heap blocks at once (malloc of 1 byte to 40 KB, and aligned new), fill
// them with a pattern of their own, and check it after the whole block
// has filled its own (so that two blocks that overlapped would show);
// blocks come back 16-byte aligned (malloc and new, as CUDA documents),
// and are freed (free, delete, delete[]) in a later kernel than the one
// that took them, after which the same sizes fit again.
#include <cuda_runtime.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL device_malloc_concurrent\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

struct wide256 {
    unsigned char b[256];
};

// Thread t's block size: mostly small, every 64th 40 KB.
__device__ __host__ size_t size_of(int t)
{
    return t % 64 == 63 ? 40u << 10 : (size_t)(t * 37 % 300 + 1);
}

// bad[t]: 0, or what went wrong (1 NULL, 2 misaligned, 3 overwritten).
__global__ void take(unsigned char **kept, wide256 **w256, unsigned char **w4096,
                     int *bad)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    size_t n = size_of(t);
    unsigned char *p = (unsigned char *)malloc(n);
    wide256 *a = t % 4 == 0 ? new wide256 : nullptr;
    unsigned char *b = t % 32 == 5 ? new unsigned char[4096] : nullptr;
    kept[t] = p;
    w256[t] = a;
    w4096[t] = b;
    int why = 0;
    if (!p || (t % 4 == 0 && !a) || (t % 32 == 5 && !b))
        why = 1;
    else if ((uintptr_t)p % 16 || (uintptr_t)a % 16 || (uintptr_t)b % 16)
        why = 2;
    if (p)
        for (size_t i = 0; i < n; i++)
            p[i] = (unsigned char)(t + i);
    if (a)
        for (int i = 0; i < 256; i++)
            a->b[i] = (unsigned char)(t ^ i);
    if (b)
        for (int i = 0; i < 4096; i += 64)
            b[i] = (unsigned char)(t * 3 + i);
    __syncthreads();
    if (p)
        for (size_t i = 0; i < n && !why; i++)
            if (p[i] != (unsigned char)(t + i))
                why = 3;
    if (a)
        for (int i = 0; i < 256 && !why; i++)
            if (a->b[i] != (unsigned char)(t ^ i))
                why = 3;
    if (b)
        for (int i = 0; i < 4096 && !why; i += 64)
            if (b[i] != (unsigned char)(t * 3 + i))
                why = 3;
    bad[t] = why;
}

// After all blocks ran: nobody else's pattern overwrote one.
__global__ void check_and_give_back(unsigned char **kept, wide256 **w256,
                                    unsigned char **w4096, int *bad)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    unsigned char *p = kept[t];
    size_t n = size_of(t);
    if (p && !bad[t])
        for (size_t i = 0; i < n; i++)
            if (p[i] != (unsigned char)(t + i)) {
                bad[t] = 3;
                break;
            }
    free(p);
    delete w256[t];
    delete[] w4096[t];
}

int main()
{
    const int blocks = 16, threads = 128, n = blocks * threads;
    // enough for all of it, with room to spare: 16 MB
    CHECK(cudaDeviceSetLimit(cudaLimitMallocHeapSize, 16u << 20));
    unsigned char **kept;
    wide256 **w256;
    unsigned char **w4096;
    int *bad;
    CHECK(cudaMallocManaged(&kept, n * sizeof *kept));
    CHECK(cudaMallocManaged(&w256, n * sizeof *w256));
    CHECK(cudaMallocManaged(&w4096, n * sizeof *w4096));
    CHECK(cudaMallocManaged(&bad, n * sizeof *bad));
    int failures = 0;
    for (int round = 0; round < 3; round++) {
        take<<<blocks, threads>>>(kept, w256, w4096, bad);
        CHECK(cudaGetLastError());
        check_and_give_back<<<blocks, threads>>>(kept, w256, w4096, bad);
        CHECK(cudaDeviceSynchronize());
        for (int t = 0; t < n; t++)
            if (bad[t] && failures++ < 10)
                printf("round %d thread %d: %s\n", round, t,
                       bad[t] == 1 ? "NULL" : bad[t] == 2 ? "misaligned"
                                                          : "overwritten");
    }
    CHECK(cudaFree(kept));
    CHECK(cudaFree(w256));
    CHECK(cudaFree(w4096));
    CHECK(cudaFree(bad));
    if (failures) {
        printf("%d failures\nFAIL device_malloc_concurrent\n", failures);
        return 1;
    }
    printf("PASS device_malloc_concurrent\n");
    return 0;
}
