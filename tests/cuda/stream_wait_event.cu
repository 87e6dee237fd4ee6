// stream_wait_event.cu: stream B waits on an event recorded in stream A
// after a slow producer kernel, so B's consumer sees A's results.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL stream_wait_event\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void produce(int *p, int n, int iters)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    // unsigned: an int product overflows, which C++ leaves undefined, and
    // nvcc then drops the last mask (a non-negative int times a positive
    // one "cannot" turn negative), storing values with bit 31 set
    unsigned v = (unsigned)i;
    for (int k = 0; k < iters; k++)
        v = (v * 1103515245u + 12345u) & 0x7fffffffu;
    p[i] = (int)v;
}

__global__ void consume(const int *p, int *q, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        q[i] = p[n - 1 - i] ^ 0x5a5a;
}

int main()
{
    const int n = 20000, iters = 300;
    cudaStream_t a, b;
    cudaEvent_t done;
    int *p, *q;
    CHECK(cudaStreamCreateWithFlags(&a, cudaStreamNonBlocking));
    CHECK(cudaStreamCreateWithFlags(&b, cudaStreamNonBlocking));
    CHECK(cudaEventCreateWithFlags(&done, cudaEventDisableTiming));
    CHECK(cudaMalloc(&p, n * sizeof(int)));
    CHECK(cudaMalloc(&q, n * sizeof(int)));
    CHECK(cudaMemset(p, 0, n * sizeof(int)));
    CHECK(cudaDeviceSynchronize());
    produce<<<(n + 127) / 128, 128, 0, a>>>(p, n, iters);
    CHECK(cudaEventRecord(done, a));
    CHECK(cudaStreamWaitEvent(b, done, 0));
    consume<<<(n + 127) / 128, 128, 0, b>>>(p, q, n);
    int *h = (int *)malloc(n * sizeof(int));
    CHECK(cudaMemcpyAsync(h, q, n * sizeof(int), cudaMemcpyDeviceToHost, b));
    CHECK(cudaStreamSynchronize(b));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int v = n - 1 - i;
        for (int k = 0; k < iters; k++)
            v = (int)(((unsigned)v * 1103515245u + 12345u) & 0x7fffffffu);
        if (h[i] != (v ^ 0x5a5a) && bad++ < 5)
            printf("q[%d] = %d, expected %d\n", i, h[i], v ^ 0x5a5a);
    }
    CHECK(cudaStreamDestroy(a));
    CHECK(cudaStreamDestroy(b));
    CHECK(cudaEventDestroy(done));
    CHECK(cudaFree(p));
    CHECK(cudaFree(q));
    free(h);
    if (bad) {
        printf("FAIL stream_wait_event\n");
        return 1;
    }
    printf("PASS stream_wait_event\n");
    return 0;
}
