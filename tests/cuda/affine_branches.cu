// affine_branches.cu: branches on a value that steps with the thread
// index compared with a kernel argument, with every comparison, signed
// and unsigned, rising and falling strides, the argument on either side,
// and bases near the ends of the 32-bit ranges, where lanes of one warp
// wrap; the CPU device finds which lanes pass from lane 0's value.  Each
// thread records the branches it took as bits, which the host checks, in
// blocks of 64 and 48 (rows wrapping within a warp) and a warp cut short.
#include <cuda_runtime.h>
#include <climits>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL affine_branches\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

// The branches, each a separate `if` so that each predicate is read only
// by its branch; the empty asm keeps clang from turning a branch into a
// select (the host's TAKE has none).  t is the thread's x index.
#ifdef __CUDA_ARCH__
#define TAKE(k, bit) do { asm volatile(""); k |= 1u << bit; } while (0)
#else
#define TAKE(k, bit) (k |= 1u << bit)
#endif
#define BRANCHES(t, b, s, u, k)                                  \
    do {                                                         \
        int up = (int)((unsigned)b + (t) * 3u);                  \
        int down = (int)((unsigned)b - (t) * 5u);                \
        unsigned uu = u + (t) * 7u;                              \
        if (up < s) TAKE(k, 0);                                \
        if (up <= s) TAKE(k, 1);                               \
        if (up > s) TAKE(k, 2);                                \
        if (up >= s) TAKE(k, 3);                               \
        if (up == s) TAKE(k, 4);                               \
        if (up != s) TAKE(k, 5);                               \
        if (down < s) TAKE(k, 6);                              \
        if (down >= s) TAKE(k, 7);                             \
        if (down == s) TAKE(k, 8);                             \
        if (s < up) TAKE(k, 9);                                \
        if (s >= down) TAKE(k, 10);                            \
        if (uu < (unsigned)s) TAKE(k, 11);                     \
        if (uu >= (unsigned)s) TAKE(k, 12);                    \
        if ((unsigned)s > uu) TAKE(k, 13);                     \
        if ((t) < (unsigned)s) TAKE(k, 14);                    \
        if ((t) * 2u + 1u > (unsigned)s) TAKE(k, 15);          \
    } while (0)

__global__ void branches(unsigned *out, int b, int s, unsigned u)
{
    unsigned k = 0;
    BRANCHES(threadIdx.x, b, s, u, k);
    out[blockIdx.x * blockDim.x * blockDim.y + threadIdx.y * blockDim.x +
        threadIdx.x] = k;
}

static int check(dim3 block, int b, int s, unsigned u)
{
    const unsigned blocks = 2, n = blocks * block.x * block.y;
    unsigned *d, *h = (unsigned *)malloc(n * sizeof(unsigned));
    CHECK(cudaMalloc(&d, n * sizeof(unsigned)));
    branches<<<blocks, block>>>(d, b, s, u);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, d, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (unsigned i = 0; i < n; i++) {
        unsigned t = i % block.x, k = 0;
        BRANCHES(t, b, s, u, k);
        if (h[i] != k && bad++ < 5)
            printf("block %ux%u b=%d s=%d u=%u thread %u: branches %#x, "
                   "expected %#x\n", block.x, block.y, b, s, u, t, h[i], k);
    }
    CHECK(cudaFree(d));
    free(h);
    return bad;
}

int main(void)
{
    // bases and bounds inside a warp's span, outside it, and where the
    // values of one warp wrap past INT_MAX, INT_MIN or UINT_MAX
    static const struct { int b, s; unsigned u; } cases[] = {
        {0, 17, 0}, {0, 0, 5}, {-40, -20, 100}, {10, 1000, 0},
        {INT_MAX - 40, INT_MAX - 10, UINT_MAX - 60},
        {INT_MIN + 50, INT_MIN + 3, UINT_MAX - 3}, {5, 5, 40},
        {INT_MAX - 100, INT_MIN + 7, 4000000000u}};
    static const dim3 blocks[] = {dim3(64, 1), dim3(48, 2), dim3(40, 1)};
    int bad = 0;
    for (unsigned c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (unsigned k = 0; k < sizeof blocks / sizeof blocks[0]; k++)
            bad += check(blocks[k], cases[c].b, cases[c].s, cases[c].u);
    if (bad) {
        printf("FAIL affine_branches\n");
        return 1;
    }
    printf("PASS affine_branches\n");
    return 0;
}
