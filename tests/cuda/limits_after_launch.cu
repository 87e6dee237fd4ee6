// limits_after_launch.cu: cudaDeviceSetLimit may resize the device heap
// (cudaLimitMallocHeapSize) and the printf buffer (cudaLimitPrintfFifoSize)
// only until a kernel that uses them has been launched; after that the
// call returns cudaErrorInvalidValue and the limit keeps its value
// (CUDA Runtime API, cudaDeviceSetLimit).  Kernels that use neither leave
// both resizable, other limits stay settable, and cudaDeviceReset makes
// both resizable again.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL limits_after_launch\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

static int bad;

static void expect(cudaError_t got, cudaError_t want, const char *what)
{
    if (got != want && bad++ < 10)
        printf("%s: %s, expected %s\n", what, cudaGetErrorName(got),
               cudaGetErrorName(want));
    cudaGetLastError(); /* an invalid value is not sticky; clear it */
}

static void expect_limit(cudaLimit limit, size_t want, const char *what)
{
    size_t got = 0;
    CHECK(cudaDeviceGetLimit(&got, limit));
    if (got != want && bad++ < 10)
        printf("%s: %zu, expected %zu\n", what, got, want);
}

__global__ void plain(int *out)
{
    out[threadIdx.x] = threadIdx.x;
}

// The block escapes through out, so the compiler keeps malloc and free.
__global__ void uses_heap(unsigned long long *out)
{
    int *p = (int *)malloc(4 * sizeof(int));
    out[threadIdx.x] = (unsigned long long)p;
    if (p) {
        p[0] = threadIdx.x;
        free(p);
    }
}

__device__ void say(int v)
{
    printf("limits_after_launch: thread %d\n", v);
}

__global__ void uses_printf(void)
{
    if (threadIdx.x == 0)
        say(threadIdx.x);
}

int main()
{
    const size_t heap = 16u << 20, fifo = 2u << 20;
    CHECK(cudaSetDevice(0));
    expect(cudaDeviceSetLimit(cudaLimitMallocHeapSize, heap), cudaSuccess,
           "heap before any launch");
    expect(cudaDeviceSetLimit(cudaLimitPrintfFifoSize, fifo), cudaSuccess,
           "fifo before any launch");

    int *d;
    CHECK(cudaMalloc(&d, 32 * sizeof(int)));
    plain<<<1, 32>>>(d);
    CHECK(cudaDeviceSynchronize());
    expect(cudaDeviceSetLimit(cudaLimitMallocHeapSize, heap), cudaSuccess,
           "heap after a kernel without malloc");
    expect(cudaDeviceSetLimit(cudaLimitPrintfFifoSize, fifo), cudaSuccess,
           "fifo after a kernel without printf");

    unsigned long long *ptrs;
    CHECK(cudaMalloc(&ptrs, 32 * sizeof *ptrs));
    uses_heap<<<1, 32>>>(ptrs);
    CHECK(cudaDeviceSynchronize());
    unsigned long long h[32];
    CHECK(cudaMemcpy(h, ptrs, sizeof h, cudaMemcpyDeviceToHost));
    for (int i = 0; i < 32; i++)
        if (!h[i] && bad++ < 10)
            printf("thread %d: malloc of 16 bytes returned NULL\n", i);
    expect(cudaDeviceSetLimit(cudaLimitMallocHeapSize, 2 * heap),
           cudaErrorInvalidValue, "heap after a kernel with malloc");
    expect_limit(cudaLimitMallocHeapSize, heap, "heap size kept");
    expect(cudaDeviceSetLimit(cudaLimitPrintfFifoSize, fifo), cudaSuccess,
           "fifo after a kernel with malloc only");
    expect(cudaDeviceSetLimit(cudaLimitStackSize, 2048), cudaSuccess,
           "stack size after a kernel with malloc");

    uses_printf<<<1, 32>>>();
    CHECK(cudaDeviceSynchronize());
    expect(cudaDeviceSetLimit(cudaLimitPrintfFifoSize, 2 * fifo),
           cudaErrorInvalidValue, "fifo after a kernel with printf");
    expect_limit(cudaLimitPrintfFifoSize, fifo, "fifo size kept");

    // A graph's launch counts as the kernel's launch.
    CHECK(cudaDeviceReset());
    CHECK(cudaMalloc(&ptrs, 32 * sizeof *ptrs));
    cudaStream_t s;
    cudaGraph_t g;
    cudaGraphExec_t x;
    CHECK(cudaStreamCreate(&s));
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    uses_heap<<<1, 32, 0, s>>>(ptrs);
    CHECK(cudaStreamEndCapture(s, &g));
    CHECK(cudaGraphInstantiate(&x, g, 0));
    expect(cudaDeviceSetLimit(cudaLimitMallocHeapSize, heap), cudaSuccess,
           "heap after reset, with the kernel only captured");
    CHECK(cudaGraphLaunch(x, s));
    CHECK(cudaStreamSynchronize(s));
    expect(cudaDeviceSetLimit(cudaLimitMallocHeapSize, 2 * heap),
           cudaErrorInvalidValue, "heap after a graph with malloc");
    expect(cudaDeviceSetLimit(cudaLimitPrintfFifoSize, fifo), cudaSuccess,
           "fifo after reset");
    CHECK(cudaGraphExecDestroy(x));
    CHECK(cudaGraphDestroy(g));
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaFree(ptrs));
    printf("%s limits_after_launch\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
