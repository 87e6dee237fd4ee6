// named_barriers.cu: PTX's named barriers with thread counts, as
// producer/consumer code and warp-specialised kernels use them (inline
// PTX, as CUTLASS and CUB write it):
//  - a producer/consumer hand-off: two producer warps fill a buffer and
//    bar.arrive at barrier 1, two consumer warps bar.sync there before
//    reading; then the other way round at barrier 2, several rounds;
//  - two groups of two warps, each looping on its own barrier (3 and 4,
//    64 threads) a different number of times, then __syncthreads: a
//    barrier of one group never releases the other's warps;
//  - barrier.sync with the block's full count, and an id in a register.
// Each result is checked against the same computation on the host.
#include <cstdio>

__device__ __forceinline__ void bar_sync(unsigned id, unsigned count)
{
    asm volatile("bar.sync %0, %1;" ::"r"(id), "r"(count) : "memory");
}

__device__ __forceinline__ void bar_arrive(unsigned id, unsigned count)
{
    asm volatile("bar.arrive %0, %1;" ::"r"(id), "r"(count) : "memory");
}

enum { ROUNDS = 4, HALF = 64 };

// 128 threads: warps 0-1 produce into buf, warps 2-3 consume; then the
// consumers' results go back to the producers the same way.
__global__ void hand_off(int *out)
{
    __shared__ int buf[HALF], back[HALF];
    int t = threadIdx.x;
    int total = 0;
    for (int r = 0; r < ROUNDS; r++) {
        if (t < HALF) {
            buf[t] = t * 10 + r;
            bar_arrive(1, 128);      /* buf is ready */
            bar_sync(2, 128);        /* wait for back */
            total += back[t];
        } else {
            bar_sync(1, 128);        /* wait for buf */
            back[t - HALF] = buf[HALF - 1 - (t - HALF)] * 2;
            bar_arrive(2, 128);      /* back is ready */
        }
        __syncthreads(); /* neither side overwrites before both read */
    }
    if (t < HALF)
        out[blockIdx.x * HALF + t] = total;
}

// Warps 0-1 do 5 steps on barrier 3, warps 2-3 do 3 steps on barrier 4;
// each step every thread of the group adds its neighbour's value.
__global__ void two_groups(int *out)
{
    __shared__ int v[128];
    int t = threadIdx.x, group = t / HALF, i = t % HALF;
    int steps = group == 0 ? 5 : 3;
    unsigned id = 3 + group;
    v[t] = t;
    bar_sync(id, HALF);
    for (int s = 0; s < steps; s++) {
        int next = v[group * HALF + (i + 1) % HALF];
        bar_sync(id, HALF); /* all of the group read before any writes */
        v[t] += next;
        bar_sync(id, HALF);
    }
    __syncthreads();
    out[blockIdx.x * 128 + t] = v[127 - t];
    asm volatile("barrier.sync 0, 128;");
}

static void host_two_groups(int *want)
{
    int v[128];
    for (int t = 0; t < 128; t++)
        v[t] = t;
    for (int group = 0; group < 2; group++)
        for (int s = 0; s < (group ? 3 : 5); s++) {
            int next[HALF];
            for (int i = 0; i < HALF; i++)
                next[i] = v[group * HALF + (i + 1) % HALF];
            for (int i = 0; i < HALF; i++)
                v[group * HALF + i] += next[i];
        }
    for (int t = 0; t < 128; t++)
        want[t] = v[127 - t];
}

int main()
{
    const int blocks = 6;
    int *d, h[blocks * 128], bad = 0;
    cudaMalloc(&d, sizeof h);
    hand_off<<<blocks, 128>>>(d);
    if (cudaMemcpy(h, d, blocks * HALF * sizeof(int), cudaMemcpyDeviceToHost) !=
        cudaSuccess) {
        printf("FAIL hand_off: %s\n", cudaGetErrorString(cudaGetLastError()));
        return 1;
    }
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < HALF; t++) {
            int want = 0;
            for (int r = 0; r < ROUNDS; r++)
                want += ((HALF - 1 - t) * 10 + r) * 2;
            if (h[b * HALF + t] != want && bad++ < 5)
                printf("FAIL hand_off[%d][%d] = %d, expected %d\n", b, t,
                       h[b * HALF + t], want);
        }
    two_groups<<<blocks, 128>>>(d);
    if (cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost) != cudaSuccess) {
        printf("FAIL two_groups: %s\n", cudaGetErrorString(cudaGetLastError()));
        return 1;
    }
    int want[128];
    host_two_groups(want);
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < 128; t++)
            if (h[b * 128 + t] != want[t] && bad++ < 10)
                printf("FAIL two_groups[%d][%d] = %d, expected %d\n", b, t,
                       h[b * 128 + t], want[t]);
    if (bad)
        return 1;
    printf("PASS\n");
    return 0;
}
