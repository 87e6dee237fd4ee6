// gather_loops.h: the host side that divergent_gather_loops.cu and
// divergent_gather_loops_edges.cu share: CHECK and the count of wrong
// results, deterministic inputs (an LCG, values whose sums round or are
// exact, CSR matrices whose rows have the unroll remainders' lengths) and
// device buffers, outputs with a guard after them that no thread may
// store in.  The test defines TEST_NAME (its name, for CHECK's FAIL line)
// and LCG_SEED (each test has its own inputs) before including it.
#ifndef GATHER_LOOPS_H
#define GATHER_LOOPS_H

#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL %s\n", __FILE__, __LINE__, #call,      \
           cudaGetErrorString(e_), TEST_NAME); exit(1); } } while (0)

static int bad = 0;

static void report(const char *what, int cfg, long i, double got,
                   double want)
{
    if (bad++ < 12)
        printf("%s (config %d) [%ld]: %.17g, expected %.17g\n", what, cfg, i,
               got, want);
}

// --- deterministic inputs ---------------------------------------------------

static unsigned lcg_state = LCG_SEED;

static unsigned lcg()
{
    lcg_state = lcg_state * 1664525u + 1013904223u;
    return lcg_state >> 8;
}

// A value in [-4, 4), a multiple of 1/256: sums of its products round,
// so the host does the device's operations in the device's order.
static float small_float()
{
    return (float)((int)(lcg() % 2048) - 1024) / 256.0f;
}

// A value in [-4, 4), a multiple of 1/16: the sum of up to 200 products
// of two is exact in float, in any order, with or without fma, so loops
// written plainly (`sum += a * b`) are compared exactly.
static float coarse_float()
{
    return (float)((int)(lcg() % 128) - 64) / 16.0f;
}

// Row lengths: the unroll remainders and longer rows, in every warp.
static const int lens[] = { 0, 1, 2, 3, 4, 5, 31, 33, 100 };

struct Csr {
    int rows, cols, nnz;
    std::vector<int> ptr, col;
};

// Row pointers from row lengths, random columns below cols.
static Csr csr_from_lengths(const std::vector<int> &len, int cols)
{
    Csr m;
    m.rows = (int)len.size();
    m.cols = cols;
    m.ptr.resize(m.rows + 1);
    m.ptr[0] = 0;
    for (int r = 0; r < m.rows; r++)
        m.ptr[r + 1] = m.ptr[r] + len[r];
    m.nnz = m.ptr[m.rows];
    m.col.resize(m.nnz + 1);
    for (int k = 0; k < m.nnz; k++)
        m.col[k] = (int)(lcg() % (unsigned)cols);
    m.col[m.nnz] = 0;
    return m;
}

// --- device buffers ---------------------------------------------------------

// Output buffers start as a pattern no result has, so that a store
// that never happens shows, and have GUARD more elements (more than a
// block's threads past the end) that must keep it: a thread past the
// end, or a lane that is not running, must store nothing.
#define GUARD 128

struct Guarded { const void *p; size_t bytes; };
static std::vector<Guarded> guarded;

// A buffer cudaMalloc gives again after a cudaFree is no longer guarded.
static void unguard(const void *p)
{
    for (size_t i = guarded.size(); i-- > 0;)
        if (guarded[i].p == p)
            guarded.erase(guarded.begin() + i);
}

template <class T> static void out_alloc(T **d, size_t n)
{
    CHECK(cudaMalloc(d, (n + GUARD) * sizeof(T)));
    unguard(*d);
    CHECK(cudaMemset(*d, 0xA5, (n + GUARD) * sizeof(T)));
    Guarded g = { *d, n * sizeof(T) };
    guarded.push_back(g);
}

template <class T> static T *to_dev(const std::vector<T> &h)
{
    T *d;
    size_t n = h.size() ? h.size() : 1;
    CHECK(cudaMalloc(&d, n * sizeof(T)));
    unguard(d);
    if (h.size())
        CHECK(cudaMemcpy(d, h.data(), h.size() * sizeof(T),
                         cudaMemcpyHostToDevice));
    return d;
}

// The first n results; an output from out_alloc must have its guard.
template <class T> static std::vector<T> from_dev(const T *d, size_t n)
{
    std::vector<T> h(n);
    CHECK(cudaMemcpy(h.data(), d, n * sizeof(T), cudaMemcpyDeviceToHost));
    for (size_t i = guarded.size(); i-- > 0;) {
        if (guarded[i].p != d)
            continue;
        size_t bytes = GUARD * sizeof(T);
        std::vector<unsigned char> g(bytes);
        CHECK(cudaMemcpy(g.data(), (const char *)d + guarded[i].bytes, bytes,
                         cudaMemcpyDeviceToHost));
        for (size_t b = 0; b < bytes; b++)
            if (g[b] != 0xA5) {
                if (bad++ < 12)
                    printf("a store past the end of an output of %zu "
                           "bytes, at byte %zu\n", guarded[i].bytes, b);
                break;
            }
        break;
    }
    return h;
}

// Launch shapes: block size and number of threads wanted (rows).
struct Shape { int block, n; };

static int blocks(const Shape &s) { return (s.n + s.block - 1) / s.block; }

#endif
