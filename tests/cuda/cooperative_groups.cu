// cooperative_groups.cu: cooperative groups as CUDA code uses them: a
// block synchronised through its group, tiles of 32, 16, 8 and 4 threads
// (shfl, shfl_down, shfl_up, shfl_xor of numbers and of a struct,
// ballot, any, all, ranks),
// cg::reduce and the scans, a tile size chosen at run time, the coalesced
// threads of a divergent branch, labeled and binary partitions of a warp
// (with cg::reduce over the result), and the grid's ranks.  Each thread
// records what it saw; the host computes the same.
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
#include <cooperative_groups/scan.h>
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

namespace cg = cooperative_groups;

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL cooperative_groups\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { BLOCK = 96, BLOCKS = 3, FIELDS = 20 };

struct pair { int a; short b; }; // shuffled as words, padding and all

__device__ int value_of(unsigned long long g) { return (int)((g * 37 + 5) % 101) - 50; }

__global__ void groups(int *out)
{
    __shared__ int s[BLOCK];
    cg::thread_block block = cg::this_thread_block();
    cg::grid_group grid = cg::this_grid();
    unsigned r = block.thread_rank();
    int v = value_of(grid.thread_rank());
    int *o = out + FIELDS * grid.thread_rank();
    s[r] = v;
    cg::sync(block);
    o[0] = s[(r + 1) % block.size()]; // the neighbour, after the barrier

    cg::thread_block_tile<32> warp = cg::tiled_partition<32>(block);
    int sum = v;
    for (int off = 16; off > 0; off /= 2)
        sum += warp.shfl_down(sum, off);
    o[1] = warp.shfl(sum, 0); // the warp's total, to every lane
    o[2] = warp.meta_group_rank() * 1000 + warp.meta_group_size();

    cg::thread_block_tile<16> half = cg::tiled_partition<16>(block);
    o[3] = (int)half.ballot(v > 0);
    o[4] = half.any(v > 45) * 10 + half.all(v > -50);
    o[5] = cg::reduce(half, v, cg::plus<int>());
    o[6] = cg::reduce(half, v, cg::greater<int>());

    cg::thread_block_tile<8> eighth = cg::tiled_partition<8>(warp);
    o[7] = cg::reduce(eighth, v, cg::less<int>());
    o[8] = cg::inclusive_scan(eighth, v);
    o[9] = cg::exclusive_scan(eighth, v, cg::plus<int>());
    o[10] = eighth.shfl_xor(v, 5) + 100 * (int)eighth.thread_rank();
    o[11] = eighth.shfl_up(v, 3);

    cg::thread_group four = cg::tiled_partition(block, 4);
    four.sync();
    o[12] = (int)four.thread_rank() * 100 + (int)four.size();

    o[13] = -1;
    if (v % 3 == 0) { // a divergent branch
        cg::coalesced_group active = cg::coalesced_threads();
        o[13] = (int)active.thread_rank() * 100 + (int)active.size();
        o[14] = active.shfl(v, 0); // the first active lane's value
        active.sync();
    } else {
        o[14] = 0;
    }
    o[15] = (int)(grid.size() - grid.thread_rank());
    pair mine = {v, (short)r};
    pair other = warp.shfl_xor(mine, 3);
    o[16] = other.a * 1000 + other.b;
    o[17] = (int)(half.shfl_down(v * 0.5, 1) * 2.0);
    cg::coalesced_group same = cg::labeled_partition(warp, v % 4);
    o[18] = (int)same.thread_rank() * 100 + (int)same.size();
    cg::coalesced_group side = cg::binary_partition(warp, v > 0);
    o[19] = cg::reduce(side, v, cg::plus<int>());
}

static int value_host(unsigned long long g) { return (int)((g * 37 + 5) % 101) - 50; }

int main(void)
{
    const int n = BLOCK * BLOCKS;
    int *d, *h = (int *)malloc(n * FIELDS * sizeof(int));
    CHECK(cudaMalloc(&d, n * FIELDS * sizeof(int)));
    groups<<<BLOCKS, BLOCK>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, d, n * FIELDS * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int g = 0; g < n; g++) {
        int b = g / BLOCK, r = g % BLOCK, v = value_host(g);
        int want[FIELDS];
        want[0] = value_host(b * BLOCK + (r + 1) % BLOCK);
        int w0 = b * BLOCK + r / 32 * 32, sum = 0;
        for (int i = 0; i < 32; i++)
            sum += value_host(w0 + i);
        want[1] = sum;
        want[2] = r / 32 * 1000 + BLOCK / 32;
        int h0 = b * BLOCK + r / 16 * 16, ballot = 0, any = 0, all = 1;
        int hsum = 0, hmax = -1000;
        for (int i = 0; i < 16; i++) {
            int u = value_host(h0 + i);
            ballot |= (u > 0) << i;
            any |= u > 45;
            all &= u > -50;
            hsum += u;
            hmax = u > hmax ? u : hmax;
        }
        want[3] = ballot;
        want[4] = any * 10 + all;
        want[5] = hsum;
        want[6] = hmax;
        int e0 = b * BLOCK + r / 8 * 8, k = r % 8, emin = 1000, inc = 0;
        for (int i = 0; i < 8; i++) {
            int u = value_host(e0 + i);
            emin = u < emin ? u : emin;
            if (i <= k)
                inc += u;
        }
        want[7] = emin;
        want[8] = inc;
        want[9] = inc - v;
        want[10] = value_host(e0 + (k ^ 5)) + 100 * k;
        want[11] = k >= 3 ? value_host(e0 + k - 3) : v;
        want[12] = r % 4 * 100 + 4;
        if (v % 3 == 0) {
            int rank = 0, size = 0, first = 0;
            for (int i = 0; i < 32; i++) {
                int u = value_host(w0 + i);
                if (u % 3 == 0) {
                    if (!size)
                        first = u;
                    size++;
                    if (w0 + i < g)
                        rank++;
                }
            }
            want[13] = rank * 100 + size;
            want[14] = first;
        } else {
            want[13] = -1;
            want[14] = 0;
        }
        want[15] = n - g;
        want[16] = value_host(w0 + ((r % 32) ^ 3)) * 1000 + (r ^ 3);
        want[17] = r % 16 < 15 ? value_host(g + 1) : v;
        int lrank = 0, lsize = 0, bsum = 0;
        for (int i = 0; i < 32; i++) {
            int u = value_host(w0 + i);
            if (u % 4 == v % 4) {
                lsize++;
                lrank += w0 + i < g;
            }
            if ((u > 0) == (v > 0))
                bsum += u;
        }
        want[18] = lrank * 100 + lsize;
        want[19] = bsum;
        for (int f = 0; f < FIELDS; f++)
            if (h[g * FIELDS + f] != want[f] && bad++ < 8)
                printf("thread %d field %d: %d, expected %d\n", g, f,
                       h[g * FIELDS + f], want[f]);
    }
    CHECK(cudaFree(d));
    free(h);
    if (bad) {
        printf("FAIL cooperative_groups\n");
        return 1;
    }
    printf("PASS cooperative_groups\n");
    return 0;
}
