// legacy_thread_api.cu: the runtime calls of CUDA's first versions that
// old programs still make: cudaThreadSynchronize (waits like
// cudaDeviceSynchronize), cudaThreadSetLimit/GetLimit (the device
// limits), cudaThreadExit (a device reset: memory is gone, the device
// works again), and the cudaDeviceProp fields CUDA 12's headers still
// have (clockRate, memoryClockRate, deviceOverlap, computeMode, ...).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL legacy_thread_api\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)
#define EXPECT(cond) do { if (!(cond)) { \
    printf("%s:%d: %s is false\nFAIL legacy_thread_api\n", __FILE__, \
           __LINE__, #cond); exit(1); } } while (0)

__global__ void fill(int *p, int n, int v)
{
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += gridDim.x * blockDim.x)
        p[i] = v + i;
}

int main()
{
    const int n = 1 << 16;
    int *d;
    static int h[n];
    CHECK(cudaMalloc(&d, n * sizeof(int)));
    // pinned memory and an async copy: only a synchronisation makes the
    // host see the result
    int *pinned;
    CHECK(cudaMallocHost(&pinned, n * sizeof(int)));
    fill<<<64, 128>>>(d, n, 7);
    CHECK(cudaMemcpyAsync(pinned, d, n * sizeof(int),
                          cudaMemcpyDeviceToHost, 0));
    CHECK(cudaThreadSynchronize());
    for (int i = 0; i < n; i++)
        EXPECT(pinned[i] == 7 + i);
    CHECK(cudaFreeHost(pinned));

    size_t old_stack, stack;
    CHECK(cudaThreadGetLimit(&old_stack, cudaLimitStackSize));
    CHECK(cudaThreadSetLimit(cudaLimitStackSize, 4096));
    CHECK(cudaThreadGetLimit(&stack, cudaLimitStackSize));
    size_t dev_stack;
    CHECK(cudaDeviceGetLimit(&dev_stack, cudaLimitStackSize));
    EXPECT(stack >= 4096 && stack == dev_stack);
    size_t fifo;
    CHECK(cudaThreadGetLimit(&fifo, cudaLimitPrintfFifoSize));
    EXPECT(fifo > 0);

    cudaDeviceProp prop;
    CHECK(cudaGetDeviceProperties(&prop, 0));
    EXPECT(prop.clockRate > 0);
    EXPECT(prop.memoryClockRate > 0);
    EXPECT(prop.memoryBusWidth > 0);
    EXPECT(prop.deviceOverlap == 0 || prop.deviceOverlap == 1);
    EXPECT(prop.computeMode == cudaComputeModeDefault);
    EXPECT(prop.kernelExecTimeoutEnabled == 0 ||
           prop.kernelExecTimeoutEnabled == 1);
    EXPECT(prop.maxTexture1DLinear >= 0);
    EXPECT(prop.canMapHostMemory == 1);
    EXPECT(prop.major >= 1 && prop.multiProcessorCount > 0);

    // cudaThreadExit resets the device: the allocation is gone, and the
    // device runs kernels again afterwards
    CHECK(cudaThreadExit());
    cudaPointerAttributes attr;
    EXPECT(cudaPointerGetAttributes(&attr, d) != cudaSuccess ||
           attr.type != cudaMemoryTypeDevice);
    cudaGetLastError();
    CHECK(cudaMalloc(&d, n * sizeof(int)));
    fill<<<64, 128>>>(d, n, -3);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, d, n * sizeof(int), cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++)
        EXPECT(h[i] == i - 3);
    CHECK(cudaFree(d));
    printf("PASS legacy_thread_api\n");
    return 0;
}
