// bounds_branches.cu: branches on bounds tests of a 2D thread index,
// `x < w && y < h` and its relatives, which clang's PTX computes as ands,
// ors and negations of compares, some of them of %tid.y alone (one value
// per row of a warp); also after a divergent branch, where only part of
// a warp tests them, and a test computed under divergence and read after
// it.  The CPU device combines such tests as lane bits.  Each thread
// records the branches it took as bits, which the host checks, for block
// shapes whose warps are one row, two half rows, several short rows, or
// rows that wrap.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL bounds_branches\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

// The empty asm keeps clang from turning a branch into a select.
#ifdef __CUDA_ARCH__
#define TAKE(k, bit) do { asm volatile(""); k |= 1u << bit; } while (0)
#else
#define TAKE(k, bit) (k |= 1u << bit)
#endif
#define BRANCHES(x, y, w, h, k)                                          \
    do {                                                                 \
        if (x < w && y < h) TAKE(k, 0);                                  \
        if (x > 0 && x < w - 1 && y > 0 && y < h - 1) TAKE(k, 1);        \
        if (x >= w || y >= h) TAKE(k, 2);                                \
        if (!(y < h)) TAKE(k, 3);                                        \
        if (y == h - 2) TAKE(k, 4);                                      \
        if ((x < w) != (y < h)) TAKE(k, 5);                              \
        if (y > 1 && (x & 1)) TAKE(k, 6);                                \
        if (x % 3 == 0) {            /* part of the warp from here */    \
            if (x + 1 < w && y + 1 < h) TAKE(k, 7);                      \
            if (y < 2 || x > w - 3) TAKE(k, 8);                          \
        }                                                                \
        bool inside = false;                                             \
        if (x & 2)                    /* computed under divergence, */   \
            inside = x < w && y >= 1; /* read after it */                \
        if (inside) TAKE(k, 9);                                          \
    } while (0)

__global__ void branches(unsigned *out, int w, int h)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    unsigned k = 0;
    BRANCHES(x, y, w, h, k);
    out[(size_t)y * gridDim.x * blockDim.x + x] = k;
}

static int check(dim3 block, int w, int h)
{
    dim3 grid(3, 4);
    int nx = grid.x * block.x, ny = grid.y * block.y;
    unsigned *d, *out = (unsigned *)malloc((size_t)nx * ny * sizeof(unsigned));
    CHECK(cudaMalloc(&d, (size_t)nx * ny * sizeof(unsigned)));
    branches<<<grid, block>>>(d, w, h);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d, (size_t)nx * ny * sizeof(unsigned),
                     cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int y = 0; y < ny; y++)
        for (int x = 0; x < nx; x++) {
            unsigned k = 0;
            BRANCHES(x, y, w, h, k);
            if (out[y * nx + x] != k && bad++ < 5)
                printf("block %ux%u, w %d, h %d: thread (%d,%d) took %#x, "
                       "expected %#x\n", block.x, block.y, w, h, x, y,
                       out[y * nx + x], k);
        }
    CHECK(cudaFree(d));
    free(out);
    return bad;
}

int main(void)
{
    static const unsigned shapes[][2] = {{32, 8}, {16, 16}, {8, 8}, {64, 2},
                                         {33, 3}, {48, 2}, {4, 32}};
    static const int sizes[][2] = {{50, 20}, {96, 32}, {7, 100}, {1, 1}};
    int bad = 0;
    for (auto &s : shapes)
        for (auto &n : sizes)
            bad += check(dim3(s[0], s[1]), n[0], n[1]);
    if (bad) {
        printf("FAIL bounds_branches\n");
        return 1;
    }
    printf("PASS bounds_branches\n");
    return 0;
}
