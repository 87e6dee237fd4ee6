// scan.cu: inclusive prefix sum of 4M ints in three launches: a
// work-efficient (Blelloch) scan of each 1024-element segment in shared
// memory, a scan of the segment sums in one block, and the addition of
// each segment's offset; the C reference is scan_omp.c.
#include "bench.cuh"
#include "scan.h"

#define SEG 1024 /* elements per segment; SEG / 2 threads scan one */
#define SEGS (N / SEG)

#if N % SEG != 0
#error "N must be a multiple of SEG"
#endif

// Exclusive scan of s[0..SEG) in place by SEG / 2 threads (t is the
// thread's index): an up-sweep builds partial sums in a tree, the root
// moves to s[SEG] as the total and is replaced by zero, and a down-sweep
// pushes the prefixes back down.  Ends with a barrier, so every thread
// may read the result and s[SEG].
__device__ void scan_segment(int *s, int t)
{
    int off = 1;
    for (int d = SEG / 2; d > 0; d /= 2) {
        __syncthreads();
        if (t < d)
            s[off * (2 * t + 2) - 1] += s[off * (2 * t + 1) - 1];
        off *= 2;
    }
    if (t == 0) { /* the thread that added the root last */
        s[SEG] = s[SEG - 1];
        s[SEG - 1] = 0;
    }
    for (int d = 1; d < SEG; d *= 2) {
        off /= 2;
        __syncthreads();
        if (t < d) {
            int i = off * (2 * t + 1) - 1, j = off * (2 * t + 2) - 1;
            int v = s[i];
            s[i] = s[j];
            s[j] += v;
        }
    }
    __syncthreads();
}

// Launch 1: block b scans segment b of in into out (without the earlier
// segments) and stores the segment's total in sums[b].
__global__ void scan_segments(const int *in, int *out, int *sums)
{
    __shared__ int s[SEG + 1];
    int t = threadIdx.x, base = blockIdx.x * SEG;
    int a = in[base + t], b = in[base + t + SEG / 2];
    s[t] = a;
    s[t + SEG / 2] = b;
    scan_segment(s, t);
    out[base + t] = s[t] + a;
    out[base + t + SEG / 2] = s[t + SEG / 2] + b;
    if (t == 0)
        sums[blockIdx.x] = s[SEG];
}

// Launch 2, one block: the inclusive scan of sums[0..n) in place, SEG at
// a time with a running carry.
__global__ void scan_sums(int *sums, int n)
{
    __shared__ int s[SEG + 1];
    int t = threadIdx.x, carry = 0;
    for (int base = 0; base < n; base += SEG) {
        int i = base + t, j = base + t + SEG / 2;
        int a = i < n ? sums[i] : 0, b = j < n ? sums[j] : 0;
        s[t] = a;
        s[t + SEG / 2] = b;
        scan_segment(s, t);
        if (i < n)
            sums[i] = carry + s[t] + a;
        if (j < n)
            sums[j] = carry + s[t + SEG / 2] + b;
        carry += s[SEG];
        __syncthreads(); /* all have read s before the next chunk */
    }
}

// Launch 3: segment b > 0 adds the total of segments 0..b-1.
__global__ void add_offsets(int *out, const int *sums)
{
    if (blockIdx.x == 0)
        return;
    int base = blockIdx.x * SEG, off = sums[blockIdx.x - 1];
    out[base + threadIdx.x] += off;
    out[base + threadIdx.x + SEG / 2] += off;
}

struct args {
    int *in, *out, *sums;
};

static void launch(void *p)
{
    struct args *x = (struct args *)p;
    scan_segments<<<SEGS, SEG / 2>>>(x->in, x->out, x->sums);
    scan_sums<<<1, SEG / 2>>>(x->sums, SEGS);
    add_offsets<<<SEGS, SEG / 2>>>(x->out, x->sums);
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(int);
    int *in = (int *)malloc(bytes), *out = (int *)malloc(bytes);
    fill(in);
    struct args d;
    CHECK(cudaMalloc(&d.in, bytes));
    CHECK(cudaMalloc(&d.out, bytes));
    CHECK(cudaMalloc(&d.sums, SEGS * sizeof(int)));
    CHECK(cudaMemcpy(d.in, in, bytes, cudaMemcpyHostToDevice));
    float ms = bench_time(launch, &d);
    CHECK(cudaMemcpy(out, d.out, bytes, cudaMemcpyDeviceToHost));
    int bad = bench_report("scan", ms, check(in, out));
    CHECK(cudaFree(d.in));
    CHECK(cudaFree(d.out));
    CHECK(cudaFree(d.sums));
    free(in);
    free(out);
    return bad;
}
