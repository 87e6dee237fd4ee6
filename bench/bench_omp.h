// bench_omp.h: shared timing and checking for the C/OpenMP side of
// bench/; each program prints one line `BENCH name omp_ms=Y` or an error.
#ifndef BENCH_OMP_H
#define BENCH_OMP_H

#include "bench_common.h"
#include <omp.h>
#include <stdio.h>

#define BENCH_MAX_RUNS 5
#define BENCH_BUDGET_MS 2000.0

// The same policy as bench.cuh: one warm-up run (it faults the pages in
// and starts the thread team), then the best of up to BENCH_MAX_RUNS.
static inline double bench_time(void (*run)(void *), void *arg)
{
    double best = 0.0, spent = 0.0;
    run(arg);
    for (int i = 0; i < BENCH_MAX_RUNS && spent < BENCH_BUDGET_MS; i++) {
        double t0 = omp_get_wtime();
        run(arg);
        double ms = (omp_get_wtime() - t0) * 1e3;
        best = i == 0 || ms < best ? ms : best;
        spent += ms;
    }
    return best;
}

// Reports the time, or the error instead when the result was wrong.
static inline int bench_report(const char *name, double ms, int ok)
{
    return bench_print(name, "omp_ms", ms, ok);
}

#endif
