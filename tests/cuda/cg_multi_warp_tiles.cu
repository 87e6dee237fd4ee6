// cg_multi_warp_tiles.cu: cooperative-groups tiles larger than a warp,
// as the reduction sample and user code write them: block_tile_memory
// passed to this_thread_block, tiled_partition<64> and <128>, ranks and
// meta-group ranks, sync() of a tile alone (the
// tiles of a block sync different numbers of times, and a tile's sync
// must not wait for, nor release, another's), cg::reduce with plus and
// greater, inclusive and exclusive scans, in blocks of 256 threads.
// Checked against host loops.
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
#include <cooperative_groups/scan.h>
#include <cstdio>

namespace cg = cooperative_groups;

enum { BLOCK = 256 };

__device__ int value_of(int b, int t) { return (b * 131 + t * 7) % 97 - 40; }

// out per thread: [0] rank in 64-tile, [1] meta rank, [2] meta size,
// [3] sum over the 64-tile, [4] max over the 128-tile, [5] inclusive
// scan over the 128-tile, [6] exclusive scan over the 64-tile, [7] the
// value of the thread `rank ^ 1` saw after the tile's rounds, [8] sum
// over the 256-tile through shared memory and its sync.
__global__ void tiles(int *out, int rounds_per_tile)
{
    __shared__ cg::block_tile_memory<BLOCK> scratch;
    __shared__ int exchange[BLOCK];
    cg::thread_block block = cg::this_thread_block(scratch);
    cg::thread_block_tile<64> t64 = cg::tiled_partition<64>(block);
    cg::thread_block_tile<128> t128 = cg::tiled_partition<128>(block);
    int t = block.thread_rank(), v = value_of(blockIdx.x, t);
    int *o = out + (blockIdx.x * BLOCK + t) * 9;
    o[0] = t64.thread_rank();
    o[1] = t64.meta_group_rank();
    o[2] = t64.meta_group_size();
    o[3] = cg::reduce(t64, v, cg::plus<int>());
    o[4] = cg::reduce(t128, v, cg::greater<int>());
    o[5] = cg::inclusive_scan(t128, v);
    o[6] = cg::exclusive_scan(t64, v, cg::plus<int>());
    // Tile k of 64 runs k + rounds rounds, each a write, a sync, a read of
    // the neighbour and a sync: a sync that waited for or released
    // another tile would mix up the rounds.
    int mine = v;
    for (int r = 0; r < rounds_per_tile + (int)t64.meta_group_rank(); r++) {
        exchange[t] = mine;
        t64.sync();
        mine = exchange[t ^ 1] + 1;
        t64.sync();
    }
    o[7] = mine;
    auto t256 = cg::tiled_partition<256>(block);
    exchange[t] = v;
    t256.sync();
    int sum = 0;
    for (int i = 0; i < (int)t256.size(); i++)
        sum += exchange[(t & ~255) + i];
    o[8] = sum;
}

int main()
{
    const int blocks = 4, rounds = 3;
    int *d, bad = 0;
    static int h[blocks * BLOCK * 9];
    cudaMalloc(&d, sizeof h);
    tiles<<<blocks, BLOCK>>>(d, rounds);
    if (cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost) != cudaSuccess) {
        printf("FAIL launch: %s\n", cudaGetErrorString(cudaGetLastError()));
        return 1;
    }
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < BLOCK; t++) {
            int v[BLOCK];
            for (int i = 0; i < BLOCK; i++)
                v[i] = (b * 131 + i * 7) % 97 - 40;
            int base64 = t & ~63, base128 = t & ~127;
            int sum64 = 0, max128 = -1000, inc128 = 0, exc64 = 0, all = 0;
            for (int i = 0; i < 64; i++)
                sum64 += v[base64 + i];
            for (int i = 0; i < 128; i++)
                max128 = v[base128 + i] > max128 ? v[base128 + i] : max128;
            for (int i = base128; i <= t; i++)
                inc128 += v[i];
            for (int i = base64; i < t; i++)
                exc64 += v[i];
            for (int i = 0; i < BLOCK; i++)
                all += v[i];
            // the exchange: after r rounds a pair's values are the
            // other's plus one, alternately
            int n = rounds + t / 64, mine = v[t], other = v[t ^ 1];
            for (int r = 0; r < n; r++) {
                int next = other + 1;
                other = mine + 1;
                mine = next;
            }
            int want[9] = {t % 64, t / 64, BLOCK / 64, sum64, max128,
                           inc128, exc64, mine, all};
            const int *got = &h[(b * BLOCK + t) * 9];
            for (int k = 0; k < 9; k++)
                if (got[k] != want[k] && bad++ < 10)
                    printf("FAIL block %d thread %d item %d: %d, expected %d\n",
                           b, t, k, got[k], want[k]);
        }
    if (bad)
        return 1;
    printf("PASS\n");
    return 0;
}
