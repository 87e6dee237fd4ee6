// alloc_rate.cu: stream-ordered allocation against the C library:
// cudaMallocAsync + cudaFreeAsync pairs per second on one stream, sizes
// 256 B to 1 MiB, beside malloc + free pairs of the same sizes, measured
// in one run; the memory is not touched on either side, so both numbers
// are the allocators' own cost.  Prints one line per size (sh
// bench/alloc.sh).  Best of 5 runs after a warm-up.
#include "bench.cuh"
#include <time.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *volatile sink; // keeps the compiler from pairing malloc/free

static double cux_pairs(size_t size, int n, cudaStream_t s)
{
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        void *p;
        CHECK(cudaMallocAsync(&p, size, s));
        sink = p;
        CHECK(cudaFreeAsync(p, s));
    }
    CHECK(cudaStreamSynchronize(s));
    return n / (now_s() - t0);
}

static double c_pairs(size_t size, int n)
{
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        void *p = malloc(size);
        sink = p;
        free(p);
    }
    return n / (now_s() - t0);
}

static double best(double (*f)(size_t, int, cudaStream_t), size_t size,
                   int n, cudaStream_t s)
{
    double top = 0;
    for (int r = 0; r < 6; r++) { // the first is the warm-up
        double v = f(size, n, s);
        if (r && v > top)
            top = v;
    }
    return top;
}

static double c_wrap(size_t size, int n, cudaStream_t s)
{
    (void)s;
    return c_pairs(size, n);
}

int main(void)
{
    const size_t sizes[] = {256, 4096, 65536, 1 << 20};
    const int n = 200000;
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    for (unsigned i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        double cux = best(cux_pairs, sizes[i], n, s);
        double c = best(c_wrap, sizes[i], n, s);
        printf("BENCH alloc_%zu cux_pairs_per_s=%.0f malloc_pairs_per_s=%.0f"
               " cux_over_malloc_time=%.2f\n",
               sizes[i], cux, c, c / cux);
    }
    CHECK(cudaStreamDestroy(s));
    return 0;
}
