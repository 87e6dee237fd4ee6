// streams_concurrent_kernels.cu: what a device says of concurrency is
// what it does.  On every device each stream stays in order and an event
// orders work across streams.  Where asyncEngineCount > 0, copies on one
// stream run while a kernel of another runs: copies watch for the kernel
// to start, then one sets the flag the kernel waits for.  Where
// concurrentKernels is 1, two streams' kernels run at once: each sets
// its flag and waits for the other's.  CUDA
// promises neither overlap, so each is asserted only where the device
// claims it; every wait is bounded, and one that runs out reports.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL streams_concurrent_kernels\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

// Far more polls than a device that runs both sides at once needs (the
// other side is a copy or a one-thread kernel, warmed up first), and
// still some seconds at most where it cannot (a margin for a machine
// busy with other work, where the other side waits for a core).
#define POLLS (1 << 28)

// Waits until *flag is nonzero or the polls run out; out[0] says whether
// it was seen, out[1] how many polls it took.
__device__ void wait_for(int *flag, int *out)
{
    int n = 0;
    while (atomicAdd(flag, 0) == 0 && n < POLLS)
        n++;
    out[0] = atomicAdd(flag, 0) != 0;
    out[1] = n;
}

__global__ void start_and_wait(int *started, int *flag, int *out)
{
    atomicExch(started, 1);
    wait_for(flag, out);
}

// One side of a handshake: neither finishes unless both run at once.
__global__ void meet(int *mine, int *other, int *out)
{
    atomicExch(mine, 1);
    wait_for(other, out);
}

// Slow enough that a stream out of order would show it (mask is 0: the
// loop only takes time, but the compiler cannot know that).
__global__ void fill_slow(int *p, int n, int v, int mask)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    int x = i;
    for (int k = 0; k < 500; k++)
        x = (x * 7 + k) & 0xffff;
    p[i] = v + (x & mask);
}

__global__ void add_one(int *p, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] += 1;
}

__global__ void times_three(int *p, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] *= 3;
}

static int failures;

static void expect(bool ok, const char *what)
{
    if (!ok) {
        printf("%s\n", what);
        failures++;
    }
}

// Stream a: a slow fill then +1; stream b waits on a's event, then x3.
static void check_order(cudaStream_t a, cudaStream_t b)
{
    const int n = 1 << 14;
    int *d, *h;
    cudaEvent_t filled;
    CHECK(cudaMalloc(&d, n * sizeof(int)));
    CHECK(cudaMallocHost(&h, n * sizeof(int)));
    CHECK(cudaEventCreateWithFlags(&filled, cudaEventDisableTiming));
    fill_slow<<<n / 256, 256, 0, a>>>(d, n, 1, 0);
    add_one<<<n / 256, 256, 0, a>>>(d, n);
    CHECK(cudaEventRecord(filled, a));
    CHECK(cudaStreamWaitEvent(b, filled, 0));
    times_three<<<n / 256, 256, 0, b>>>(d, n);
    CHECK(cudaMemcpyAsync(h, d, n * sizeof(int), cudaMemcpyDeviceToHost, b));
    CHECK(cudaStreamSynchronize(b));
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += h[i] != 6;
    expect(!bad, "stream order or the cross-stream event broken");
    CHECK(cudaEventDestroy(filled));
    CHECK(cudaFreeHost(h));
    CHECK(cudaFree(d));
}

// A kernel on a says it started (flags[1]) and waits for flags[0]; on
// b, copies read flags[1] until it is set, then one sets flags[0].  A
// copy that cannot run beside the kernel waits for it to give up.
static void check_copy_beside_kernel(cudaStream_t a, cudaStream_t b,
                                     int *flags, int *out, int *h)
{
    // the legacy stream's copies do not wait for non-blocking streams:
    // each step is synchronised before the next
    CHECK(cudaMemset(flags, 1, sizeof(int)));
    CHECK(cudaDeviceSynchronize());
    start_and_wait<<<1, 1, 0, a>>>(flags + 1, flags, out); // warm-up
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemset(flags, 0, 2 * sizeof(int)));
    CHECK(cudaDeviceSynchronize());
    start_and_wait<<<1, 1, 0, a>>>(flags + 1, flags, out);
    h[0] = 0;
    for (long tries = 0; !h[0] && tries < 10000000; tries++) {
        CHECK(cudaMemcpyAsync(h, flags + 1, sizeof(int),
                              cudaMemcpyDeviceToHost, b));
        CHECK(cudaStreamSynchronize(b));
    }
    h[0] = 1;
    CHECK(cudaMemcpyAsync(flags, h, sizeof(int), cudaMemcpyHostToDevice, b));
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(h + 1, out, 2 * sizeof(int), cudaMemcpyDeviceToHost));
    if (!h[1])
        printf("the kernel polled %d times and the copy beside it never "
               "came\n", h[2]);
    expect(h[1], "no copy beside a kernel (asyncEngineCount > 0)");
}

// Kernels on a and b wait for each other.
static void check_kernels_overlap(cudaStream_t a, cudaStream_t b,
                                  int *flags, int *out, int *h)
{
    CHECK(cudaMemset(flags, 1, 2 * sizeof(int)));
    CHECK(cudaDeviceSynchronize());
    meet<<<1, 1, 0, a>>>(flags, flags + 1, out); // warm-up: both set
    meet<<<1, 1, 0, b>>>(flags + 1, flags, out + 2);
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemset(flags, 0, 2 * sizeof(int)));
    CHECK(cudaDeviceSynchronize());
    meet<<<1, 1, 0, a>>>(flags, flags + 1, out);
    meet<<<1, 1, 0, b>>>(flags + 1, flags, out + 2);
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(h, out, 4 * sizeof(int), cudaMemcpyDeviceToHost));
    if (!h[0] || !h[2])
        printf("the kernels polled %d and %d times without meeting\n", h[1],
               h[3]);
    expect(h[0] && h[2], "no two kernels at once (concurrentKernels 1)");
}

int main()
{
    int dev;
    cudaDeviceProp prop;
    CHECK(cudaGetDevice(&dev));
    CHECK(cudaGetDeviceProperties(&prop, dev));
    cudaStream_t a, b;
    int *flags, *out, *h;
    CHECK(cudaStreamCreateWithFlags(&a, cudaStreamNonBlocking));
    CHECK(cudaStreamCreateWithFlags(&b, cudaStreamNonBlocking));
    CHECK(cudaMalloc(&flags, 2 * sizeof(int)));
    CHECK(cudaMalloc(&out, 4 * sizeof(int)));
    CHECK(cudaMallocHost(&h, 4 * sizeof(int)));
    check_order(a, b);
    if (prop.asyncEngineCount > 0)
        check_copy_beside_kernel(a, b, flags, out, h);
    else
        printf("asyncEngineCount 0: copies beside kernels not checked\n");
    if (prop.concurrentKernels)
        check_kernels_overlap(a, b, flags, out, h);
    else
        printf("concurrentKernels 0: kernels at once not checked\n");
    CHECK(cudaFreeHost(h));
    CHECK(cudaFree(out));
    CHECK(cudaFree(flags));
    CHECK(cudaStreamDestroy(a));
    CHECK(cudaStreamDestroy(b));
    if (failures) {
        printf("FAIL streams_concurrent_kernels\n");
        return 1;
    }
    printf("PASS streams_concurrent_kernels\n");
    return 0;
}
