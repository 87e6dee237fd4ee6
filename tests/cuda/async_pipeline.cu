// async_pipeline.cu: copies to shared memory through cuda::pipeline
// (cuda/pipeline), the pipeline primitives (cuda_pipeline.h) and
// cooperative groups' memcpy_async (cooperative_groups/memcpy_async.h):
//  - a block-scope pipeline over pipeline_shared_state with partitioned
//    roles: the block's last warp produces tiles into a ring of stages
//    that the other warps consume, so consumers wait for stages to fill
//    and the producer for stages to be released;
//  - a block-scope pipeline where every thread produces and consumes;
//  - a thread-scope pipeline with pipeline_consumer_wait_prior;
//  - __pipeline_memcpy_async with zero fill, __pipeline_commit and
//    __pipeline_wait_prior;
//  - cg::memcpy_async of a whole tile by the block, then cg::wait.
// Each result is compared with the same sums done on the host.
#include <cooperative_groups.h>
#include <cooperative_groups/memcpy_async.h>
#include <cuda/pipeline>
#include <cuda_pipeline.h>
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

namespace cg = cooperative_groups;

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL async_pipeline\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define TILE 64     /* ints per tile */
#define TILES 10    /* tiles per block */
#define STAGES 3
#define CONSUMERS 128
#define BLOCK (CONSUMERS + 32) /* the last warp produces */

// Consumer thread c adds element c % TILE of every tile, times its tile
// number plus one, so a stage read before it was filled, or refilled
// before it was read, shows.
__global__ void roles(const int *in, int *out)
{
    __shared__ int stage[STAGES][TILE];
    __shared__ cuda::pipeline_shared_state<cuda::thread_scope_block, STAGES> state;
    auto block = cg::this_thread_block();
    int t = threadIdx.x;
    bool producer = t >= CONSUMERS;
    auto pipe = cuda::make_pipeline(block, &state,
                                    producer ? cuda::pipeline_role::producer
                                             : cuda::pipeline_role::consumer);
    const int *src = in + blockIdx.x * TILES * TILE;
    int sum = 0;
    for (int k = 0; k < TILES; k++) {
        if (producer) {
            pipe.producer_acquire();
            int p = t - CONSUMERS; /* 32 producers, 2 ints each */
            cuda::memcpy_async(&stage[k % STAGES][p * 2], &src[k * TILE + p * 2],
                               cuda::aligned_size_t<8>(2 * sizeof(int)), pipe);
            pipe.producer_commit();
        } else {
            pipe.consumer_wait();
            sum += stage[k % STAGES][t % TILE] * (k + 1);
            pipe.consumer_release();
        }
    }
    if (!producer)
        out[blockIdx.x * CONSUMERS + t] = sum;
}

// Every thread both produces (the block copies each tile together) and
// consumes, STAGES tiles in flight.
__global__ void unified(const int *in, int *out)
{
    __shared__ int stage[STAGES][TILE];
    __shared__ cuda::pipeline_shared_state<cuda::thread_scope_block, STAGES> state;
    auto block = cg::this_thread_block();
    auto pipe = cuda::make_pipeline(block, &state);
    const int *src = in + blockIdx.x * TILES * TILE;
    int t = threadIdx.x, sum = 0, fetched = 0;
    for (int k = 0; k < TILES; k++) {
        for (; fetched < TILES && fetched < k + STAGES; fetched++) {
            pipe.producer_acquire();
            cuda::memcpy_async(block, stage[fetched % STAGES],
                               &src[fetched * TILE], TILE * sizeof(int), pipe);
            pipe.producer_commit();
        }
        pipe.consumer_wait();
        sum += stage[k % STAGES][(t * 5) % TILE] * (k + 1);
        pipe.consumer_release();
    }
    out[blockIdx.x * blockDim.x + t] = sum;
}

// One thread's pipeline and the primitives, each thread on its own row.
__global__ void per_thread(const int *in, int *out)
{
    __shared__ int row[64][8];
    int t = threadIdx.x;
    const int *src = in + (blockIdx.x * 64 + t) * 8;
    auto pipe = cuda::make_pipeline();
    pipe.producer_acquire();
    cuda::memcpy_async(&row[t][0], src, cuda::aligned_size_t<16>(16), pipe);
    pipe.producer_commit();
    cuda::pipeline_consumer_wait_prior<0>(pipe);
    int sum = row[t][0] + 2 * row[t][1] + 3 * row[t][2] + 4 * row[t][3];
    pipe.consumer_release();
    /* 12 of 16 bytes copied, the last 4 zero-filled */
    row[t][7] = 99;
    __pipeline_memcpy_async(&row[t][4], src + 4, 16, 4);
    __pipeline_commit();
    __pipeline_wait_prior(0);
    sum += 5 * row[t][4] + 6 * row[t][5] + 7 * row[t][6] + 1000 * row[t][7];
    out[blockIdx.x * 64 + t] = sum;
}

// The block copies a tile with cg::memcpy_async and waits for it.
__global__ void group_copy(const int *in, int *out)
{
    __shared__ int tile[1000]; /* not a multiple of 16 bytes' worth */
    auto block = cg::this_thread_block();
    cg::memcpy_async(block, tile, in + blockIdx.x * 1000, sizeof tile);
    cg::wait(block);
    int t = threadIdx.x, sum = 0;
    for (int i = t; i < 1000; i += blockDim.x)
        sum += tile[999 - i];
    out[blockIdx.x * blockDim.x + t] = sum;
}

int main()
{
    const int blocks = 3, n = blocks * TILES * TILE + 4096;
    int *in = (int *)malloc(n * sizeof(int));
    for (int i = 0; i < n; i++)
        in[i] = (i * 37) % 101 - 50;
    int *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, n * sizeof(int)));
    CHECK(cudaMalloc(&d_out, 4096 * sizeof(int)));
    CHECK(cudaMemcpy(d_in, in, n * sizeof(int), cudaMemcpyHostToDevice));
    int *out = (int *)malloc(4096 * sizeof(int));
    int bad = 0;

    roles<<<blocks, BLOCK>>>(d_in, d_out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d_out, blocks * CONSUMERS * sizeof(int),
                     cudaMemcpyDeviceToHost));
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < CONSUMERS; t++) {
            int want = 0;
            for (int k = 0; k < TILES; k++)
                want += in[(b * TILES + k) * TILE + t % TILE] * (k + 1);
            if (out[b * CONSUMERS + t] != want && bad++ < 5)
                printf("roles: block %d thread %d: %d, want %d\n", b, t,
                       out[b * CONSUMERS + t], want);
        }

    unified<<<blocks, 96>>>(d_in, d_out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d_out, blocks * 96 * sizeof(int),
                     cudaMemcpyDeviceToHost));
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < 96; t++) {
            int want = 0;
            for (int k = 0; k < TILES; k++)
                want += in[(b * TILES + k) * TILE + (t * 5) % TILE] * (k + 1);
            if (out[b * 96 + t] != want && bad++ < 5)
                printf("unified: block %d thread %d: %d, want %d\n", b, t,
                       out[b * 96 + t], want);
        }

    per_thread<<<blocks, 64>>>(d_in, d_out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d_out, blocks * 64 * sizeof(int),
                     cudaMemcpyDeviceToHost));
    for (int i = 0; i < blocks * 64; i++) {
        const int *r = in + i * 8;
        int want = r[0] + 2 * r[1] + 3 * r[2] + 4 * r[3] + 5 * r[4] +
                   6 * r[5] + 7 * r[6];
        if (out[i] != want && bad++ < 5)
            printf("per_thread %d: %d, want %d\n", i, out[i], want);
    }

    group_copy<<<blocks, 128>>>(d_in, d_out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d_out, blocks * 128 * sizeof(int),
                     cudaMemcpyDeviceToHost));
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < 128; t++) {
            int want = 0;
            for (int i = t; i < 1000; i += 128)
                want += in[b * 1000 + 999 - i];
            if (out[b * 128 + t] != want && bad++ < 5)
                printf("group_copy: block %d thread %d: %d, want %d\n", b, t,
                       out[b * 128 + t], want);
        }
    free(in);
    free(out);
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    if (bad) {
        printf("FAIL async_pipeline\n");
        return 1;
    }
    printf("PASS async_pipeline\n");
    return 0;
}
