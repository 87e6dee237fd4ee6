// scan_omp.c: the C/OpenMP reference for scan.cu, the inclusive prefix
// sum of 4M ints as a two-pass parallel scan.
#include "bench_omp.h"
#include "scan.h"
#include <stdlib.h>

struct args {
    const int *in;
    int *out;
    int *sums; /* one per thread and one more */
};

// Each thread owns one contiguous chunk.  Pass 1 sums the chunks; one
// thread turns the sums into an exclusive scan (the chunks' offsets);
// pass 2 scans each chunk from its offset.  The input is read twice and
// the output written once.
static void scan(void *p)
{
    struct args *x = p;
    const int *in = x->in;
    int *out = x->out, *sums = x->sums;
#pragma omp parallel
    {
        int t = omp_get_thread_num(), nt = omp_get_num_threads();
        int lo = (int)((long)N * t / nt), hi = (int)((long)N * (t + 1) / nt);
        int s = 0;
#pragma omp simd reduction(+ : s)
        for (int i = lo; i < hi; i++)
            s += in[i];
        sums[t + 1] = s;
#pragma omp barrier
#pragma omp single
        {
            sums[0] = 0;
            for (int k = 1; k <= nt; k++)
                sums[k] += sums[k - 1];
        } /* the implied barrier publishes the offsets */
        int run = sums[t];
        for (int i = lo; i < hi; i++) {
            run += in[i];
            out[i] = run;
        }
    }
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(int);
    int *in = malloc(bytes), *out = malloc(bytes);
    int *sums = malloc(((size_t)omp_get_max_threads() + 1) * sizeof(int));
    fill(in);
    struct args x = {in, out, sums};
    double ms = bench_time(scan, &x);
    int bad = bench_report("scan", ms, check(in, out));
    free(in);
    free(out);
    free(sums);
    return bad;
}
