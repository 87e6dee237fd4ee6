// barrier_reloads.cu: values each thread reads from a __shared__ array
// right after a barrier must be read again after every barrier, also in
// a loop the compiler unrolls around two barriers, where clang's
// optimiser, left to itself, reuses the first step's read for the second
// (the array's address never escapes the kernel).  Each kernel shifts
// values through shared memory step by step; the host computes the same.
// Covers __syncthreads, __syncthreads_count, __syncwarp and a cooperative
// group's sync.
#include <cooperative_groups.h>
#include <cuda_runtime.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cg = cooperative_groups;

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL barrier_reloads\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { THREADS = 64, STEPS = 96, BLOCKS = 3 };

// Every step, each thread publishes its value and takes its right
// neighbour's (past the last thread, a one written once; the read is
// unconditional, which is what lets the optimiser keep it in a
// register): v = (v + right) / 2.  SYNC is the barrier; COUNTED
// adds what __syncthreads_count returns.  Plain kernels, not templates:
// a template's static __shared__ array is not internal to the module,
// which hides the problem.
#define SHIFT_KERNEL(name, SYNC)                                        \
    __global__ void name(const float *in, float *out)                   \
    {                                                                   \
        __shared__ float s[THREADS + 1];                                \
        cg::thread_block block = cg::this_thread_block();               \
        int t = threadIdx.x, live = 0;                                  \
        float v = in[blockIdx.x * THREADS + t];                         \
        (void)block;                                                    \
        if (t == 0)                                                     \
            s[THREADS] = 1.0f;                                          \
        _Pragma("unroll 4")                                             \
        for (int step = 0; step < STEPS; step++) {                      \
            s[t] = v;                                                   \
            SYNC(v > 0.0f);                                             \
            float right = s[t + 1];                                     \
            SYNC(1);                                                    \
            v = 0.5f * v + 0.5f * right;                               \
        }                                                               \
        out[blockIdx.x * THREADS + t] = v + live;                       \
    }

#define PLAIN(p) __syncthreads()
#define COUNTED(p) (live += __syncthreads_count(p))
#define GROUP(p) cg::sync(block)
SHIFT_KERNEL(shift_plain, PLAIN)
SHIFT_KERNEL(shift_counted, COUNTED)
SHIFT_KERNEL(shift_group, GROUP)

// The same within each warp, through __syncwarp: 32 values per warp,
// each warp with its own one past its last lane.
__global__ void shift_warp(const float *in, float *out)
{
    __shared__ float s[THREADS / 32][33];
    int t = threadIdx.x, w = t / 32, lane = t % 32;
    float v = in[blockIdx.x * THREADS + t];
    if (lane == 0)
        s[w][32] = 1.0f;
#pragma unroll 4
    for (int step = 0; step < STEPS; step++) {
        s[w][lane] = v;
        __syncwarp();
        float right = s[w][lane + 1];
        __syncwarp();
        v = 0.5f * v + 0.5f * right;
    }
    out[blockIdx.x * THREADS + t] = v;
}

// Host: the same steps on one block's values, `width` threads a group.
static void reference(const float *in, float *out, int width, int kind)
{
    float v[THREADS], next[THREADS];
    for (int t = 0; t < THREADS; t++)
        v[t] = in[t];
    int live = 0;
    for (int step = 0; step < STEPS; step++) {
        int positive = 0;
        for (int t = 0; t < THREADS; t++)
            positive += v[t] > 0.0f;
        live += positive + THREADS;
        for (int t = 0; t < THREADS; t++) {
            bool last = (t + 1) % width == 0;
            next[t] = 0.5f * v[t] + 0.5f * (last ? 1.0f : v[t + 1]);
        }
        for (int t = 0; t < THREADS; t++)
            v[t] = next[t];
    }
    for (int t = 0; t < THREADS; t++)
        out[t] = v[t] + (kind == 1 ? (float)live : 0.0f);
}

int main(void)
{
    const int n = THREADS * BLOCKS;
    float *in = (float *)malloc(n * sizeof(float));
    float *out = (float *)malloc(n * sizeof(float));
    for (int i = 0; i < n; i++)
        in[i] = (float)((i * 37 + 11) % 101) / 25.0f - 2.0f;
    float *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, n * sizeof(float)));
    CHECK(cudaMalloc(&d_out, n * sizeof(float)));
    CHECK(cudaMemcpy(d_in, in, n * sizeof(float), cudaMemcpyHostToDevice));
    int bad = 0;
    for (int kind = 0; kind < 4; kind++) {
        if (kind == 0) shift_plain<<<BLOCKS, THREADS>>>(d_in, d_out);
        if (kind == 1) shift_counted<<<BLOCKS, THREADS>>>(d_in, d_out);
        if (kind == 2) shift_group<<<BLOCKS, THREADS>>>(d_in, d_out);
        if (kind == 3) shift_warp<<<BLOCKS, THREADS>>>(d_in, d_out);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(out, d_out, n * sizeof(float), cudaMemcpyDeviceToHost));
        for (int b = 0; b < BLOCKS; b++) {
            float want[THREADS];
            reference(in + b * THREADS, want, kind == 3 ? 32 : THREADS, kind);
            for (int t = 0; t < THREADS; t++) {
                float got = out[b * THREADS + t];
                if (fabsf(got - want[t]) > 1e-4f * (1.0f + fabsf(want[t])) &&
                    bad++ < 5)
                    printf("kind %d block %d thread %d: %g, expected %g\n",
                           kind, b, t, got, want[t]);
            }
        }
    }
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    free(in);
    free(out);
    if (bad) {
        printf("FAIL barrier_reloads\n");
        return 1;
    }
    printf("PASS barrier_reloads\n");
    return 0;
}
