// async_barrier.cu: cuda::barrier<thread_scope_block> (cuda/barrier) with
// waits that really wait: the block's last warp produces what the first
// warps read after the barrier, so a warp that ran ahead must wait for
// the others; several phases in a row, split arrive/wait with work in
// between, a completion function (it runs once per phase, before any
// waiting thread goes on), arrive_and_drop, and cuda::memcpy_async
// tracked by the barrier.
#include <cuda/barrier>
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <utility>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL async_barrier\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define BLOCK 256
#define PHASES 4

struct count_phases {
    int *counter;
    __device__ void operator()() const { ++*counter; }
};

// out[b][p][t]: what thread t read in phase p: the value its mirror
// thread (BLOCK - 1 - t, in another warp) wrote before the phase's
// barrier; completions[b][p]: the completion count seen after phase p.
__global__ void phases(int *out, int *completions)
{
    __shared__ cuda::barrier<cuda::thread_scope_block, count_phases> bar;
    __shared__ int counter;
    __shared__ int slot[BLOCK];
    int t = threadIdx.x;
    if (t == 0) {
        counter = 0;
        init(&bar, BLOCK, count_phases{&counter});
    }
    __syncthreads();
    for (int p = 0; p < PHASES; p++) {
        slot[t] = (blockIdx.x + 1) * 10000 + p * 1000 + t;
        auto token = bar.arrive();
        int mine = t * 3 + p; /* work between arrive and wait */
        bar.wait(std::move(token));
        int got = slot[BLOCK - 1 - t];
        out[(blockIdx.x * PHASES + p) * BLOCK + t] = got + mine - (t * 3 + p);
        if (t == 0)
            completions[blockIdx.x * PHASES + p] = counter;
        bar.arrive_and_wait(); /* all have read before the next writes */
    }
}

// Threads of the second half drop out after the first phase; the first
// half goes on alone for two more phases, the first warp copying data
// in with memcpy_async before each.
__global__ void drop(const int *in, int *out)
{
    __shared__ cuda::barrier<cuda::thread_scope_block> bar;
    __shared__ int buf[BLOCK];
    int t = threadIdx.x;
    if (t == 0)
        init(&bar, BLOCK);
    __syncthreads();
    if (t >= BLOCK / 2) {
        buf[t] = -t;
        bar.arrive_and_drop();
        return;
    }
    bar.arrive_and_wait();
    int sum = buf[BLOCK - 1 - t]; /* written by a thread that dropped */
    for (int round = 0; round < 2; round++) {
        if (t < 32)
            cuda::memcpy_async(&buf[t * 4], &in[round * BLOCK + t * 4],
                               4 * sizeof(int), bar);
        bar.arrive_and_wait();
        sum += buf[(t * 7) % 128];
        bar.arrive_and_wait();
    }
    out[blockIdx.x * BLOCK + t] = sum;
}

int main()
{
    const int blocks = 3;
    int *d_out, *d_comp, *d_in, *d_out2;
    CHECK(cudaMalloc(&d_out, blocks * PHASES * BLOCK * sizeof(int)));
    CHECK(cudaMalloc(&d_comp, blocks * PHASES * sizeof(int)));
    CHECK(cudaMalloc(&d_in, 2 * BLOCK * sizeof(int)));
    CHECK(cudaMalloc(&d_out2, blocks * BLOCK * sizeof(int)));
    int in[2 * BLOCK];
    for (int i = 0; i < 2 * BLOCK; i++)
        in[i] = i * 13 + 5;
    CHECK(cudaMemcpy(d_in, in, sizeof in, cudaMemcpyHostToDevice));
    phases<<<blocks, BLOCK>>>(d_out, d_comp);
    CHECK(cudaGetLastError());
    drop<<<blocks, BLOCK>>>(d_in, d_out2);
    CHECK(cudaGetLastError());
    static int out[blocks * PHASES * BLOCK], comp[blocks * PHASES],
        out2[blocks * BLOCK];
    CHECK(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(comp, d_comp, sizeof comp, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(out2, d_out2, sizeof out2, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int b = 0; b < blocks; b++)
        for (int p = 0; p < PHASES; p++) {
            /* phase p's barrier is the (2p+1)-th completed phase */
            if (comp[b * PHASES + p] != 2 * p + 1 && bad++ < 5)
                printf("block %d phase %d: %d completions, want %d\n", b, p,
                       comp[b * PHASES + p], 2 * p + 1);
            for (int t = 0; t < BLOCK; t++) {
                int want = (b + 1) * 10000 + p * 1000 + (BLOCK - 1 - t);
                int got = out[(b * PHASES + p) * BLOCK + t];
                if (got != want && bad++ < 5)
                    printf("block %d phase %d thread %d: read %d, want %d\n",
                           b, p, t, got, want);
            }
        }
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < BLOCK / 2; t++) {
            int want = -(BLOCK - 1 - t);
            for (int round = 0; round < 2; round++)
                want += in[round * BLOCK + (t * 7) % 128];
            if (out2[b * BLOCK + t] != want && bad++ < 5)
                printf("drop: block %d thread %d: %d, want %d\n", b, t,
                       out2[b * BLOCK + t], want);
        }
    if (bad) {
        printf("FAIL async_barrier\n");
        return 1;
    }
    printf("PASS async_barrier\n");
    return 0;
}
