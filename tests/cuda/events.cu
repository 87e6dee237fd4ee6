// events.cu: events recorded around a kernel: synchronize, query, elapsed
// time non-negative and ordered; an unrecorded event queries as done.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL events\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void spin(float *p, int iters)
{
    float v = threadIdx.x;
    for (int k = 0; k < iters; k++)
        v = v * 0.999f + 0.5f;
    p[blockIdx.x * blockDim.x + threadIdx.x] = v;
}

int main()
{
    cudaEvent_t a, b, c, never;
    float *d;
    int bad = 0;
    CHECK(cudaMalloc(&d, 64 * 128 * sizeof(float)));
    CHECK(cudaEventCreate(&a));
    CHECK(cudaEventCreate(&b));
    CHECK(cudaEventCreate(&c));
    CHECK(cudaEventCreateWithFlags(&never, cudaEventDisableTiming));
    CHECK(cudaEventQuery(never));
    CHECK(cudaEventRecord(a, 0));
    spin<<<64, 128>>>(d, 2000);
    CHECK(cudaGetLastError());
    CHECK(cudaEventRecord(b, 0));
    spin<<<64, 128>>>(d, 1000);
    CHECK(cudaEventRecord(c, 0));
    CHECK(cudaEventSynchronize(c));
    CHECK(cudaEventQuery(b));
    CHECK(cudaEventQuery(c));
    float ab = -1, ac = -1, bc = -1;
    CHECK(cudaEventElapsedTime(&ab, a, b));
    CHECK(cudaEventElapsedTime(&ac, a, c));
    CHECK(cudaEventElapsedTime(&bc, b, c));
    if (!(ab >= 0 && bc >= 0 && ac >= ab && ac >= bc)) {
        printf("elapsed a-b %g a-c %g b-c %g\n", ab, ac, bc);
        bad++;
    }
    float x;
    cudaError_t e = cudaEventElapsedTime(&x, a, never);
    if (e != cudaErrorInvalidResourceHandle) {
        printf("elapsed with a timing-disabled event: %s\n",
               cudaGetErrorName(e));
        bad++;
    }
    cudaGetLastError();
    CHECK(cudaEventDestroy(a));
    CHECK(cudaEventDestroy(b));
    CHECK(cudaEventDestroy(c));
    CHECK(cudaEventDestroy(never));
    CHECK(cudaFree(d));
    if (bad) {
        printf("FAIL events\n");
        return 1;
    }
    printf("PASS events\n");
    return 0;
}
