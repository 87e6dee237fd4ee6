// partial_writes.cu: registers written while only part of a warp runs.
// The CPU device writes such a register for the whole warp (no blend
// with the old value) wherever the lanes that skip the write never read
// the old value; each case here has lanes that do read it: after the
// join, on the other side of an if/else, after leaving a loop early, in a
// later divergent region, and through a shuffle.  Each result is
// compared with the host's.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL partial_writes\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define CASES 6

__host__ __device__ unsigned mix(unsigned x)
{
    x ^= x >> 15;
    x *= 0x2c1b3c6du;
    return x ^ (x >> 12);
}

// Case 0: the old value survives where the write was skipped.
__host__ __device__ int skip_keeps(int t, unsigned seed)
{
    int v = t * 3;
    if (mix(t + seed) % 3 == 0)
        v = t + 100;
    return v;
}

// Case 1: the else side reads what the then side overwrites.
__host__ __device__ int other_side_reads(int t, unsigned seed)
{
    int x = t + 7, y;
    if (mix(t ^ seed) & 1) {
        x = x * 5;
        y = x;
    } else {
        y = x - 1;
    }
    return x + y;
}

// Case 2: a loop whose lanes leave at different trips; the last value of
// a temporary written in the body is read after the loop.
__host__ __device__ int last_trip_value(int t, unsigned seed)
{
    int last = -1, acc = 0;
    int trips = mix(t + seed) % 9;
    for (int k = 0; k < trips; k++) {
        last = k * t + acc;
        acc += last & 15;
    }
    return last * 31 + acc;
}

// Case 3: written under one divergent branch, read under a later one by
// lanes that may not have written it (they read the earlier value).
__host__ __device__ int later_region(int t, unsigned seed)
{
    int v = t;
    if (t % 3 == 0)
        v = t * 11;
    int r = 0;
    if (mix(t + seed) & 2)
        r = v + 1;
    return r + v;
}

// Case 4: the loop-carried value of lanes that stopped is kept while the
// others go on writing it.
__host__ __device__ int carried(int t, unsigned seed)
{
    int v = t;
    for (int k = 0; k < (int)(mix(t * 7 + seed) % 6); k++)
        v = v * 3 + k;
    return v;
}

__global__ void cases(int *out, unsigned seed, int n)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n)
        return;
    out[t * CASES + 0] = skip_keeps(t, seed);
    out[t * CASES + 1] = other_side_reads(t, seed);
    out[t * CASES + 2] = last_trip_value(t, seed);
    out[t * CASES + 3] = later_region(t, seed);
    out[t * CASES + 4] = carried(t, seed);
    // Case 5: a shuffle reads a register some lanes wrote under
    // divergence and others kept (n is a multiple of 32 here).
    int v = t;
    if (t & 1)
        v = t * 9 + 2;
    out[t * CASES + 5] = __shfl_xor_sync(0xffffffffu, v, 1);
}

int main()
{
    const int n = 32 * 37;
    const unsigned seed = 12345u;
    int *out = (int *)malloc(n * CASES * sizeof(int)), *d;
    CHECK(cudaMalloc(&d, n * CASES * sizeof(int)));
    cases<<<(n + 95) / 96, 96>>>(d, seed, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d, n * CASES * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int t = 0; t < n; t++) {
        int partner = t ^ 1;
        int want[CASES] = {
            skip_keeps(t, seed), other_side_reads(t, seed),
            last_trip_value(t, seed), later_region(t, seed),
            carried(t, seed), (partner & 1) ? partner * 9 + 2 : partner,
        };
        for (int c = 0; c < CASES; c++)
            if (out[t * CASES + c] != want[c] && bad++ < 10)
                printf("case %d thread %d: got %d, want %d\n", c, t,
                       out[t * CASES + c], want[c]);
    }
    CHECK(cudaFree(d));
    free(out);
    if (bad) {
        printf("FAIL partial_writes (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS partial_writes\n");
    return 0;
}
