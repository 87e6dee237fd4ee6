// nanosleep_poll.cu: a thread that waits for another warp of its block
// in a loop that sleeps on some trips only (every third poll), and a
// spin whose threads make progress among themselves: a lane of each
// warp takes a ticket and sleeps until the ticket's turn comes, the
// turns handed on by the spinning threads themselves.  On a device
// that runs a block's threads in turn, the waiting thread must give way
// on every trip, or the block never ends.  Checked against the host's
// answers.
#include <cstdio>

enum { BLOCK = 128 };

// Lane 0 of warp 0 polls until the last warp has written `value`.
__global__ void poll(int *out)
{
    __shared__ int flag, value;
    int t = threadIdx.x;
    if (t == 0)
        flag = 0;
    __syncthreads();
    if (t == 0) {
        int polls = 0;
        while (atomicAdd(&flag, 0) == 0)
            if (++polls % 3 == 0)
                __nanosleep(20);
        out[blockIdx.x] = *(volatile int *)&value;
    } else if (t == BLOCK - 1) {
        value = 77 + blockIdx.x;
        __threadfence_block();
        atomicExch(&flag, 1);
    }
}

// Lane 0 of every warp takes a ticket, waits for its turn, records the
// order and hands the turn on: the turns come in ticket order.  (One
// lane a warp: lanes of one warp that wait on each other need
// independent thread scheduling, which cux's CPU device does not have.)
__global__ void turns(int *out)
{
    __shared__ int next_ticket, turn, order[BLOCK / 32];
    int t = threadIdx.x, warp = t / 32;
    if (t == 0)
        next_ticket = turn = 0;
    __syncthreads();
    if (t % 32 == 0) {
        int ticket = atomicAdd(&next_ticket, 1);
        while (atomicAdd(&turn, 0) != ticket)
            __nanosleep(10);
        order[ticket] = warp;
        __threadfence_block();
        atomicExch(&turn, ticket + 1);
    }
    __syncthreads();
    if (t < BLOCK / 32)
        out[blockIdx.x * (BLOCK / 32) + t] = 1 << order[t];
}

int main()
{
    const int blocks = 3;
    static int h[blocks * BLOCK];
    int *d, bad = 0;
    cudaMalloc(&d, sizeof h);
    poll<<<blocks, BLOCK>>>(d);
    cudaError_t e = cudaMemcpy(h, d, blocks * sizeof(int),
                               cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("FAIL poll: %s\n", cudaGetErrorString(e));
        return 1;
    }
    for (int b = 0; b < blocks; b++)
        if (h[b] != 77 + b && bad++ < 5)
            printf("FAIL poll[%d] = %d, expected %d\n", b, h[b], 77 + b);
    turns<<<blocks, BLOCK>>>(d);
    e = cudaMemcpy(h, d, blocks * (BLOCK / 32) * sizeof(int),
                   cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("FAIL turns: %s\n", cudaGetErrorString(e));
        return 1;
    }
    for (int b = 0; b < blocks; b++) { /* each warp had one turn */
        int seen = 0;
        for (int w = 0; w < BLOCK / 32; w++)
            seen |= h[b * (BLOCK / 32) + w];
        if (seen != (1 << (BLOCK / 32)) - 1 && bad++ < 5)
            printf("FAIL turns in block %d: %x\n", b, seen);
    }
    if (bad)
        return 1;
    printf("PASS\n");
    return 0;
}
