// bench.cuh: shared timing and checking for the CUDA side of bench/; each
// program prints one line `BENCH name cuda_ms=X` or an error.
#ifndef BENCH_CUH
#define BENCH_CUH

#include "bench_common.h"
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(call)                                                       \
    do {                                                                  \
        cudaError_t err_ = (call);                                        \
        if (err_ != cudaSuccess) {                                        \
            fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #call, \
                    cudaGetErrorString(err_));                            \
            exit(1);                                                      \
        }                                                                 \
    } while (0)

#define BENCH_MAX_RUNS 5
#define BENCH_BUDGET_MS 2000.0f

// Times launch(arg) with events and returns the best of up to
// BENCH_MAX_RUNS runs.  One untimed warm-up run comes first, so the
// kernel's first-use compile (a JIT on cux) is not counted; the runs stop
// early once BENCH_BUDGET_MS is spent so a slow device stays bounded.
static inline float bench_time(void (*launch)(void *), void *arg)
{
    cudaEvent_t start, stop;
    float best = 0.0f, spent = 0.0f;
    CHECK(cudaEventCreate(&start));
    CHECK(cudaEventCreate(&stop));
    launch(arg);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    for (int run = 0; run < BENCH_MAX_RUNS && spent < BENCH_BUDGET_MS;
         run++) {
        float ms;
        CHECK(cudaEventRecord(start));
        launch(arg);
        CHECK(cudaEventRecord(stop));
        CHECK(cudaEventSynchronize(stop));
        CHECK(cudaGetLastError());
        CHECK(cudaEventElapsedTime(&ms, start, stop));
        best = run == 0 || ms < best ? ms : best;
        spent += ms;
    }
    CHECK(cudaEventDestroy(start));
    CHECK(cudaEventDestroy(stop));
    return best;
}

// Reports the time, or the error instead when the result was wrong.
static inline int bench_report(const char *name, float ms, int ok)
{
    return bench_print(name, "cuda_ms", ms, ok);
}

#endif
