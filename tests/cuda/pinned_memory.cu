// pinned_memory.cu: cudaMallocHost and cudaHostAlloc (mapped) buffers used
// for copies and, through cudaHostGetDevicePointer, directly by a kernel.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL pinned_memory\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void twice(const int *in, int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = 2 * in[i] + 1;
}

int main()
{
    const int n = 5000;
    int *pinned, *mapped, *dev, *dmapped;
    CHECK(cudaMallocHost(&pinned, n * sizeof(int)));
    CHECK(cudaHostAlloc(&mapped, n * sizeof(int), cudaHostAllocMapped));
    CHECK(cudaMalloc(&dev, n * sizeof(int)));
    for (int i = 0; i < n; i++)
        pinned[i] = i * 3;
    CHECK(cudaMemcpy(dev, pinned, n * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaHostGetDevicePointer(&dmapped, mapped, 0));
    twice<<<(n + 255) / 256, 256>>>(dev, dmapped, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    unsigned flags = 0;
    CHECK(cudaHostGetFlags(&flags, mapped));
    int bad = 0;
    if (!(flags & cudaHostAllocMapped)) {
        printf("host flags %#x lack cudaHostAllocMapped\n", flags);
        bad++;
    }
    for (int i = 0; i < n; i++)
        if (mapped[i] != 6 * i + 1 && bad++ < 5)
            printf("mapped[%d] = %d, expected %d\n", i, mapped[i], 6 * i + 1);
    CHECK(cudaFreeHost(pinned));
    CHECK(cudaFreeHost(mapped));
    CHECK(cudaFree(dev));
    if (bad) {
        printf("FAIL pinned_memory\n");
        return 1;
    }
    printf("PASS pinned_memory\n");
    return 0;
}
