// named_barrier_counts.cu: how PTX counts arrivals at a named barrier
// with a thread count:
//  - a block of 112 threads (its last warp has 16 lanes) meets at
//    bar.sync 1, 128: a warp counts 32 whatever its lanes;
//  - half of a warp returns early, its other half meets warp 0 at
//    bar.sync 2, 64: a warp arrives once its lanes that have not exited
//    are there;
//  - warps 0-1 bar.arrive at barrier 5 (count 96) while warp 2 waits
//    there, and warp 3 takes no part (a count less than the block);
//  - last, half a block waits at a barrier of the whole block's count,
//    which hangs a GPU: the launch fails instead (and the context with
//    it, as after any kernel fault).
// Each result is checked against the host's.
#include <cstdio>

__device__ __forceinline__ void bar_sync(unsigned id, unsigned count)
{
    asm volatile("bar.sync %0, %1;" ::"r"(id), "r"(count) : "memory");
}

__device__ __forceinline__ void bar_arrive(unsigned id, unsigned count)
{
    asm volatile("bar.arrive %0, %1;" ::"r"(id), "r"(count) : "memory");
}

enum { PARTIAL = 112, BLOCK = 128 };

// Every thread writes its slot, meets the others at barrier 1, and
// reads the slot of the thread mirrored in the block.
__global__ void partial_warp(int *out)
{
    __shared__ int v[PARTIAL];
    int t = threadIdx.x;
    v[t] = t * 3 + blockIdx.x;
    bar_sync(1, 128);
    out[blockIdx.x * PARTIAL + t] = v[PARTIAL - 1 - t];
}

// Lanes 16-31 of warp 1 leave; warp 0 and the rest of warp 1 meet at
// barrier 2 (64 threads: two warps); warps 2-3 meet at barrier 3.
__global__ void exited_lanes(int *out)
{
    __shared__ int v[BLOCK];
    int t = threadIdx.x, *o = out + blockIdx.x * BLOCK;
    o[t] = -1;
    if (t >= 48 && t < 64)
        return;
    v[t] = t + 1000 * blockIdx.x;
    if (t < 64) {
        bar_sync(2, 64);
        o[t] = v[t < 32 ? 32 + t % 16 : t - 32];
    } else {
        bar_sync(3, 64);
        o[t] = v[t ^ 32];
    }
}

// Warps 0-1 fill data and arrive at barrier 5; warp 2 waits there and
// sums what they wrote; warp 3 writes its own part and never comes.
__global__ void arrive_subset(int *out)
{
    __shared__ int data[64];
    int t = threadIdx.x, *o = out + blockIdx.x * BLOCK;
    if (t < 64) {
        data[t] = t * t + blockIdx.x;
        bar_arrive(5, 96);
        o[t] = 0;
    } else if (t < 96) {
        bar_sync(5, 96);
        o[t] = data[t - 64] + data[127 - t];
    } else {
        o[t] = -t;
    }
}

// Warps 2-3 leave; warps 0-1 wait for 128 threads that never come.
__global__ void never_complete(int *out)
{
    int t = threadIdx.x;
    if (t < 64)
        bar_sync(6, 128);
    out[t] = t;
}

static int check(const char *what, const int *got, const int *want, int n)
{
    int bad = 0;
    for (int i = 0; i < n; i++)
        if (got[i] != want[i] && bad++ < 5)
            printf("FAIL %s[%d] = %d, expected %d\n", what, i, got[i],
                   want[i]);
    return bad;
}

int main()
{
    const int blocks = 3;
    static int h[blocks * BLOCK], want[blocks * BLOCK];
    int *d, bad = 0;
    cudaMalloc(&d, sizeof h);

    partial_warp<<<blocks, PARTIAL>>>(d);
    cudaMemcpy(h, d, blocks * PARTIAL * sizeof(int), cudaMemcpyDeviceToHost);
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < PARTIAL; t++)
            want[b * PARTIAL + t] = (PARTIAL - 1 - t) * 3 + b;
    bad += check("partial_warp", h, want, blocks * PARTIAL);

    exited_lanes<<<blocks, BLOCK>>>(d);
    cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < BLOCK; t++) {
            int from = t < 32 ? 32 + t % 16 : t < 64 ? t - 32 : t ^ 32;
            want[b * BLOCK + t] = t >= 48 && t < 64 ? -1
                                : from + 1000 * b;
        }
    bad += check("exited_lanes", h, want, blocks * BLOCK);

    arrive_subset<<<blocks, BLOCK>>>(d);
    cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < BLOCK; t++) {
            int i = t - 64, j = 127 - t;
            want[b * BLOCK + t] = t < 64 ? 0
                                : t < 96 ? i * i + b + j * j + b : -t;
        }
    bad += check("arrive_subset", h, want, blocks * BLOCK);

    never_complete<<<1, BLOCK>>>(d);
    cudaError_t e = cudaDeviceSynchronize();
    if (e != cudaErrorLaunchFailure) {
        printf("FAIL never_complete: %s, expected %s\n",
               cudaGetErrorString(e),
               cudaGetErrorString(cudaErrorLaunchFailure));
        bad++;
    }
    if (bad)
        return 1;
    printf("PASS\n");
    return 0;
}
