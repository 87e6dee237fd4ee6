// clock_registers.cu: what CUDA guarantees of its clock registers, and
// no more: within a thread %clock64 grows over a stretch of work, %clock
// (its low 32 bits) moves forward by a positive wrapped difference, and
// %globaltimer, a nanosecond timer of the whole device, never goes back
// and, between two launches the host separates by a 30 ms sleep,
// advances by about that much.  Rates and comparisons between threads
// are not asserted: CUDA's cycle counters are per multiprocessor.
#include <cuda_runtime.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <time.h>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL clock_registers\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

struct stamps {
    unsigned long long g0, g1;   // %globaltimer before and after
    long long c0, c1;            // clock64()
    unsigned k0, k1;             // clock()
};

__device__ unsigned long long globaltimer()
{
    unsigned long long t;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t));
    return t;
}

__global__ void timed(stamps *s, float *sink, int work)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    stamps r;
    r.g0 = globaltimer();
    r.c0 = clock64();
    r.k0 = (unsigned)clock();
    float v = i;
    for (int k = 0; k < work; k++)
        v = v * 0.9999f + 1.0f;
    r.k1 = (unsigned)clock();
    r.c1 = clock64();
    r.g1 = globaltimer();
    sink[i] = v;
    s[i] = r;
}

int main()
{
    const int blocks = 4, threads = 64, n = blocks * threads;
    stamps *d, first[n], second[n];
    float *sink;
    CHECK(cudaMalloc(&d, sizeof first));
    CHECK(cudaMalloc(&sink, n * sizeof(float)));
    timed<<<blocks, threads>>>(d, sink, 5000);
    CHECK(cudaMemcpy(first, d, sizeof first, cudaMemcpyDeviceToHost));
    struct timespec pause = {0, 30 * 1000 * 1000};
    nanosleep(&pause, NULL);
    timed<<<blocks, threads>>>(d, sink, 5000);
    CHECK(cudaMemcpy(second, d, sizeof second, cudaMemcpyDeviceToHost));
    int bad = 0;
    unsigned long long first_end = 0, second_start = ~0ull;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            const stamps &s = pass ? second[i] : first[i];
            if (!(s.c1 > s.c0) && bad++ < 5)
                printf("thread %d: clock64 %lld then %lld\n", i, s.c0, s.c1);
            unsigned dk = s.k1 - s.k0;
            if (!(dk > 0 && dk < 0x80000000u) && bad++ < 5)
                printf("thread %d: clock %u then %u\n", i, s.k0, s.k1);
            if (!(s.g1 >= s.g0) && bad++ < 5)
                printf("thread %d: globaltimer %llu then %llu\n", i, s.g0,
                       s.g1);
            if (!pass && s.g1 > first_end)
                first_end = s.g1;
            if (pass && s.g0 < second_start)
                second_start = s.g0;
        }
    // 30 ms of host sleep lie between the launches: at least 25 ms of
    // timer, and not absurdly more (a minute)
    long long gap = (long long)(second_start - first_end);
    if ((gap < 25000000LL || gap > 60000000000LL) && bad++ < 10)
        printf("globaltimer gap across a 30 ms sleep: %lld ns\n", gap);
    CHECK(cudaFree(d));
    CHECK(cudaFree(sink));
    if (bad) {
        printf("FAIL clock_registers\n");
        return 1;
    }
    printf("PASS clock_registers\n");
    return 0;
}
