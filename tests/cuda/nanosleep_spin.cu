// nanosleep_spin.cu: warps of one block that spin, with __nanosleep in the
// loop, on flags that later warps of the block set: a lock taken and
// released in turn by one lane of each warp, and a warp waiting (inside a
// branch only some of its lanes take, in a device function that is not
// inlined) for a value the block's last warp writes.  On CUDA the
// spinning warps wait while the others run; on a device that runs a
// block's warps in turn the spinning warp must give way, or the block
// never ends.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL nanosleep_spin\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define BLOCK 192

// Not inlined by clang: cux copies a function that yields into the
// kernels calling it, as it does one with a barrier.
__device__ __noinline__ int wait_for(int *flag)
{
    while (atomicAdd(flag, 0) == 0)
        __nanosleep(50);
    return atomicAdd(flag, 0);
}

__global__ void spin(int *out)
{
    __shared__ int lock, order_next, ready, value;
    __shared__ int order[BLOCK / 32];
    int t = threadIdx.x, warp = t / 32, lane = t % 32;
    if (t == 0) {
        lock = 0;
        order_next = 0;
        ready = 0;
    }
    __syncthreads();
    // Each warp's lane 3 takes the lock, records its turn, releases.
    if (lane == 3) {
        while (atomicCAS(&lock, 0, 1) != 0)
            __nanosleep(100);
        order[order_next++] = warp;
        __threadfence_block();
        atomicExch(&lock, 0);
    }
    // Warp 0's even lanes wait for the last warp's value.
    if (warp == 0 && lane % 2 == 0) {
        int r = wait_for(&ready);
        out[blockIdx.x * BLOCK + t] = *(volatile int *)&value + lane + r - 1;
    } else if (warp == BLOCK / 32 - 1) {
        if (lane == 0) {
            value = 1000 * (blockIdx.x + 1);
            __threadfence_block();
            atomicExch(&ready, 1);
        }
        out[blockIdx.x * BLOCK + t] = -1;
    } else {
        out[blockIdx.x * BLOCK + t] = -1;
    }
    __syncthreads();
    if (t < BLOCK / 32)
        out[gridDim.x * BLOCK + blockIdx.x * (BLOCK / 32) + t] = order[t];
}

int main()
{
    const int blocks = 4, n = blocks * BLOCK + blocks * (BLOCK / 32);
    int *d;
    CHECK(cudaMalloc(&d, n * sizeof(int)));
    spin<<<blocks, BLOCK>>>(d);
    CHECK(cudaGetLastError());
    int *out = (int *)malloc(n * sizeof(int));
    CHECK(cudaMemcpy(out, d, n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int b = 0; b < blocks; b++) {
        for (int t = 0; t < BLOCK; t++) {
            int want = t < 32 && t % 2 == 0 ? 1000 * (b + 1) + t : -1;
            if (out[b * BLOCK + t] != want && bad++ < 5)
                printf("block %d thread %d: %d, want %d\n", b, t,
                       out[b * BLOCK + t], want);
        }
        /* every warp took the lock once: the turns are a permutation */
        int seen = 0;
        for (int w = 0; w < BLOCK / 32; w++) {
            int o = out[blocks * BLOCK + b * (BLOCK / 32) + w];
            if (o >= 0 && o < BLOCK / 32)
                seen |= 1 << o;
        }
        if (seen != (1 << (BLOCK / 32)) - 1 && bad++ < 5)
            printf("block %d: lock turns are not one per warp (%x)\n", b, seen);
    }
    free(out);
    CHECK(cudaFree(d));
    if (bad) {
        printf("FAIL nanosleep_spin\n");
        return 1;
    }
    printf("PASS nanosleep_spin\n");
    return 0;
}
