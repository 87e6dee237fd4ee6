// idle_warps.cu: shared-memory trees and other barrier loops whose warps
// often have nothing to do between two barriers.  The CPU device moves
// the warps after an idle one straight to the next barrier when a lane
// test shows that they would take the same path (codegen/c/idle_warps.c);
// these kernels check that it never moves a warp that had work: tests in
// either direction and with the operands swapped, equality tests, signed
// values that cross zero, a bound that lets a later warp in again,
// two-dimensional blocks (where later warps do not follow in %tid.x),
// partial last warps, threads that left before the barriers, and
// per-thread values changed on the idle path.  Each output is compared
// with the host's.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL idle_warps\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { MAX_BLOCK = 1024, BLOCKS = 3 };

// The classic tree with a block of any size: the halving bound starts at
// the power of two above half the block.  out[b] = the block's sum; also
// steps[b * n + t]: how many steps thread t took part in.
__global__ void tree(const int *in, int *out, int *steps)
{
    __shared__ int s[MAX_BLOCK];
    unsigned t = threadIdx.x, n = blockDim.x;
    s[t] = in[blockIdx.x * n + t];
    int mine = 0;
    unsigned half = 1;
    while (half * 2 < n)
        half *= 2;
    __syncthreads();
    for (unsigned k = half; k > 0; k >>= 1) {
        if (t < k && t + k < n) {
            s[t] += s[t + k];
            mine++;
        }
        __syncthreads();
    }
    steps[blockIdx.x * n + t] = mine;
    if (t == 0)
        out[blockIdx.x] = s[0];
}

// The upper threads work (`t >= k`): a warp below them is idle but the
// warps after it are not.  Also the bound on the left (`k <= t`).
__global__ void upper_tree(int *out)
{
    __shared__ int s[MAX_BLOCK];
    unsigned t = threadIdx.x, n = blockDim.x;
    s[t] = (int)(t * 3 + blockIdx.x);
    __syncthreads();
    for (unsigned k = n / 2; k > 0; k >>= 1) {
        if (k <= t && t < 2 * k)
            s[t] += s[t - k] + 1;
        __syncthreads();
    }
    out[blockIdx.x * n + t] = s[t];
}

// Signed values that cross zero: v = t - bias, active while v < bound,
// with bound going up and down across the block.
__global__ void signed_bounds(int *out, int bias)
{
    __shared__ int s[MAX_BLOCK];
    int t = (int)threadIdx.x, n = (int)blockDim.x;
    s[t] = 0;
    __syncthreads();
    const int bounds[] = {-40, 5, -3, 70, -100, 200, 0, 33};
    for (int r = 0; r < 8; r++) {
        int v = t - bias;
        if (v < bounds[r])
            s[t] += r + 1;
        __syncthreads();
        if (bounds[r] == v) // equality, the other way round
            s[(t + 1) % n] += 100;
        __syncthreads();
    }
    out[blockIdx.x * n + t] = s[t];
}

// A tree whose idle threads count their idle steps in a register that
// lives across the barriers, so the idle path writes per-thread state.
__global__ void counting_idle(int *out)
{
    __shared__ int s[MAX_BLOCK];
    unsigned t = threadIdx.x, n = blockDim.x;
    s[t] = (int)t;
    int idle = 0;
    __syncthreads();
    for (unsigned k = n / 2; k > 0; k >>= 1) {
        if (t < k)
            s[t] += s[t + k];
        else
            idle += (int)k;
        __syncthreads();
    }
    out[blockIdx.x * n + t] = idle * 1000 + (t == 0 ? s[0] % 1000 : 0);
}

// A 16 x 16 block: warp w holds rows 2w and 2w + 1, so a test of x alone
// finds every warp alike, and a later warp's x does not follow this one's.
__global__ void rows_2d(int *out)
{
    __shared__ int s[16][17];
    unsigned x = threadIdx.x, y = threadIdx.y;
    s[y][x] = (int)(x + 16 * y);
    if (x == 0)
        s[y][16] = 0;
    __syncthreads();
    for (unsigned k = 8; k > 0; k >>= 1) {
        if (x < k)
            s[y][x] += s[y][x + k];
        __syncthreads();
        if (y < k && x == 0)
            s[y][16] = s[y][0] + (int)k;
        __syncthreads();
    }
    out[(blockIdx.x * 16 + y) * 16 + x] = s[y][x] + s[y][16];
}

// A 64 x 4 block: warp 1 (x 32..63 of row 0) is idle at `x < 32`, but
// warp 2 (x 0..31 of row 1) after it is not.
__global__ void rows_wide(int *out)
{
    __shared__ int s[4][64];
    unsigned x = threadIdx.x, y = threadIdx.y;
    s[y][x] = (int)(x * 5 + y);
    __syncthreads();
    for (unsigned k = 32; k > 0; k >>= 1) {
        if (x < k)
            s[y][x] += s[y][x + k];
        __syncthreads();
    }
    out[(blockIdx.x * 4 + y) * 64 + x] = s[y][x];
}

// Threads past `keep` leave first; the rest run a tree of `keep`.
__global__ void tree_after_exit(int *out, unsigned keep)
{
    __shared__ int s[MAX_BLOCK];
    unsigned t = threadIdx.x;
    if (t >= keep)
        return;
    s[t] = (int)(t + 1);
    __syncthreads();
    for (unsigned k = 128; k > 0; k >>= 1) {
        if (t < k && t + k < keep)
            s[t] += s[t + k];
        __syncthreads();
    }
    out[blockIdx.x * keep + t] = s[t];
}

static int failures;

static void expect(const char *what, const int *got, const int *want,
                   int count)
{
    for (int i = 0; i < count; i++)
        if (got[i] != want[i]) {
            printf("%s: [%d] = %d, want %d\n", what, i, got[i], want[i]);
            failures++;
            return;
        }
}

// The host's run of a tree over s[0..n) with halving bounds from `half`.
static void host_tree(int *s, int *steps, unsigned n, unsigned half)
{
    for (unsigned t = 0; t < n; t++)
        steps[t] = 0;
    for (unsigned k = half; k > 0; k >>= 1)
        for (unsigned t = 0; t < k && t + k < n; t++) {
            s[t] += s[t + k];
            steps[t]++;
        }
}

static void check_tree(unsigned n, int *d_buf, int *d_out, int *d_steps)
{
    int *in = (int *)malloc(BLOCKS * n * sizeof(int));
    int *want = (int *)malloc(BLOCKS * n * sizeof(int));
    int *got = (int *)malloc(BLOCKS * n * sizeof(int));
    int sums[BLOCKS], got_sums[BLOCKS];
    for (unsigned i = 0; i < BLOCKS * n; i++)
        in[i] = (int)((i * 7919u) % 1000u) - 300;
    CHECK(cudaMemcpy(d_buf, in, BLOCKS * n * sizeof(int),
                     cudaMemcpyHostToDevice));
    tree<<<BLOCKS, n>>>(d_buf, d_out, d_steps);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got_sums, d_out, sizeof sums, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(got, d_steps, BLOCKS * n * sizeof(int),
                     cudaMemcpyDeviceToHost));
    unsigned half = 1;
    while (half * 2 < n)
        half *= 2;
    for (unsigned b = 0; b < BLOCKS; b++) {
        host_tree(in + b * n, want + b * n, n, half);
        sums[b] = in[b * n];
    }
    char what[64];
    snprintf(what, sizeof what, "tree(%u) sums", n);
    expect(what, got_sums, sums, BLOCKS);
    snprintf(what, sizeof what, "tree(%u) steps", n);
    expect(what, got, want, BLOCKS * (int)n);
    free(in);
    free(want);
    free(got);
}

static void check_upper(unsigned n, int *d_out)
{
    int *want = (int *)malloc(BLOCKS * n * sizeof(int));
    int *got = (int *)malloc(BLOCKS * n * sizeof(int));
    upper_tree<<<BLOCKS, n>>>(d_out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got, d_out, BLOCKS * n * sizeof(int),
                     cudaMemcpyDeviceToHost));
    for (unsigned b = 0; b < BLOCKS; b++) {
        int *s = want + b * n;
        for (unsigned t = 0; t < n; t++)
            s[t] = (int)(t * 3 + b);
        for (unsigned k = n / 2; k > 0; k >>= 1)
            for (unsigned t = 2 * k; t-- > k;) // reads below k: unchanged
                s[t] += s[t - k] + 1;
    }
    char what[64];
    snprintf(what, sizeof what, "upper_tree(%u)", n);
    expect(what, got, want, BLOCKS * (int)n);
    free(want);
    free(got);
}

static void check_signed(unsigned n, int bias, int *d_out)
{
    int *want = (int *)malloc(BLOCKS * n * sizeof(int));
    int *got = (int *)malloc(BLOCKS * n * sizeof(int));
    signed_bounds<<<BLOCKS, n>>>(d_out, bias);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got, d_out, BLOCKS * n * sizeof(int),
                     cudaMemcpyDeviceToHost));
    const int bounds[] = {-40, 5, -3, 70, -100, 200, 0, 33};
    for (unsigned b = 0; b < BLOCKS; b++) {
        int *s = want + b * n;
        for (unsigned t = 0; t < n; t++)
            s[t] = 0;
        for (int r = 0; r < 8; r++) {
            for (int t = 0; t < (int)n; t++)
                if (t - bias < bounds[r])
                    s[t] += r + 1;
            for (int t = 0; t < (int)n; t++)
                if (t - bias == bounds[r])
                    s[(t + 1) % (int)n] += 100;
        }
    }
    char what[64];
    snprintf(what, sizeof what, "signed_bounds(%u, %d)", n, bias);
    expect(what, got, want, BLOCKS * (int)n);
    free(want);
    free(got);
}

static void check_counting(unsigned n, int *d_out)
{
    int *want = (int *)malloc(BLOCKS * n * sizeof(int));
    int *got = (int *)malloc(BLOCKS * n * sizeof(int));
    int *s = (int *)malloc(n * sizeof(int));
    counting_idle<<<BLOCKS, n>>>(d_out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got, d_out, BLOCKS * n * sizeof(int),
                     cudaMemcpyDeviceToHost));
    for (unsigned t = 0; t < n; t++)
        s[t] = (int)t;
    for (unsigned t = 0; t < n; t++) {
        int idle = 0;
        for (unsigned k = n / 2; k > 0; k >>= 1)
            if (t >= k)
                idle += (int)k;
        want[t] = idle * 1000;
    }
    for (unsigned k = n / 2; k > 0; k >>= 1)
        for (unsigned t = 0; t < k; t++)
            s[t] += s[t + k];
    want[0] += s[0] % 1000;
    for (unsigned b = 1; b < BLOCKS; b++)
        for (unsigned t = 0; t < n; t++)
            want[b * n + t] = want[t];
    char what[64];
    snprintf(what, sizeof what, "counting_idle(%u)", n);
    expect(what, got, want, BLOCKS * (int)n);
    free(want);
    free(got);
    free(s);
}

static void check_rows(int *d_out)
{
    int want[BLOCKS * 256], got[BLOCKS * 256];
    rows_2d<<<BLOCKS, dim3(16, 16)>>>(d_out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got, d_out, sizeof got, cudaMemcpyDeviceToHost));
    int s[16][17];
    for (int y = 0; y < 16; y++)
        for (int x = 0; x < 16; x++)
            s[y][x] = x + 16 * y;
    for (int y = 0; y < 16; y++)
        s[y][16] = 0;
    for (int k = 8; k > 0; k >>= 1) {
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < k; x++)
                s[y][x] += s[y][x + k];
        for (int y = 0; y < k; y++)
            s[y][16] = s[y][0] + k;
    }
    for (int b = 0; b < BLOCKS; b++)
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++)
                want[(b * 16 + y) * 16 + x] = s[y][x] + s[y][16];
    expect("rows_2d", got, want, BLOCKS * 256);
}

static void check_wide(int *d_out)
{
    int want[BLOCKS * 256], got[BLOCKS * 256];
    rows_wide<<<BLOCKS, dim3(64, 4)>>>(d_out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got, d_out, sizeof got, cudaMemcpyDeviceToHost));
    int s[4][64];
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 64; x++)
            s[y][x] = x * 5 + y;
    for (int k = 32; k > 0; k >>= 1)
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < k; x++)
                s[y][x] += s[y][x + k];
    for (int b = 0; b < BLOCKS; b++)
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 64; x++)
                want[(b * 4 + y) * 64 + x] = s[y][x];
    expect("rows_wide", got, want, BLOCKS * 256);
}

static void check_exit(unsigned n, unsigned keep, int *d_out)
{
    int *want = (int *)malloc(BLOCKS * keep * sizeof(int));
    int *got = (int *)malloc(BLOCKS * keep * sizeof(int));
    tree_after_exit<<<BLOCKS, n>>>(d_out, keep);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got, d_out, BLOCKS * keep * sizeof(int),
                     cudaMemcpyDeviceToHost));
    for (unsigned b = 0; b < BLOCKS; b++) {
        int *s = want + b * keep;
        for (unsigned t = 0; t < keep; t++)
            s[t] = (int)(t + 1);
        for (unsigned k = 128; k > 0; k >>= 1)
            for (unsigned t = 0; t < k && t + k < keep; t++)
                s[t] += s[t + k];
    }
    char what[64];
    snprintf(what, sizeof what, "tree_after_exit(%u, %u)", n, keep);
    expect(what, got, want, BLOCKS * (int)keep);
    free(want);
    free(got);
}

int main(void)
{
    int *d_buf, *d_out, *d_steps;
    CHECK(cudaMalloc(&d_buf, BLOCKS * MAX_BLOCK * sizeof(int)));
    CHECK(cudaMalloc(&d_out, BLOCKS * MAX_BLOCK * sizeof(int)));
    CHECK(cudaMalloc(&d_steps, BLOCKS * MAX_BLOCK * sizeof(int)));
    const unsigned sizes[] = {32, 64, 96, 200, 256, 333, 512, 1024};
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        check_tree(sizes[i], d_buf, d_out, d_steps);
        check_counting(sizes[i], d_out);
        check_signed(sizes[i], 37, d_out);
        check_signed(sizes[i], -5, d_out);
    }
    const unsigned powers[] = {64, 256, 1024};
    for (unsigned i = 0; i < 3; i++)
        check_upper(powers[i], d_out);
    check_rows(d_out);
    check_wide(d_out);
    check_exit(256, 200, d_out);
    check_exit(256, 40, d_out);
    check_exit(192, 161, d_out);
    CHECK(cudaFree(d_buf));
    CHECK(cudaFree(d_out));
    CHECK(cudaFree(d_steps));
    if (failures) {
        printf("FAIL idle_warps (%d)\n", failures);
        return 1;
    }
    printf("PASS idle_warps\n");
    return 0;
}
