// cg_extras.cu: the cooperative-groups calls beyond the warp functions:
// match_any and match_all of thread_block_tile (sizes 4 to 32) and of a
// coalesced group, by rank bits, for int, 64-bit and float values;
// cg::memcpy_async with element counts (the smaller of the two is
// copied), plain and as cuda::aligned_size_t; invoke_one,
// invoke_one_broadcast and reduce_store_async.  Each result is compared
// with the host's computation of the same thing.
#include <cooperative_groups.h>
#include <cooperative_groups/memcpy_async.h>
#include <cooperative_groups/reduce.h>
#include <cuda/barrier> // cuda::aligned_size_t, as in NVIDIA's headers
#include <cstdio>

namespace cg = cooperative_groups;

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL cg_extras\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); return 1; } } while (0)

const int THREADS = 128;

__host__ __device__ int label_of(int t) { return (t * 7 / 3) % 5; }
// The same in every thread of a tile of 8 whose index is even.
__host__ __device__ int level_of(int t) { return (t / 8) % 2 ? t : 42; }

template <unsigned Size>
__global__ void tile_match(unsigned *any_out, unsigned *all_out, int *pred_out,
                           unsigned *any64_out, unsigned *anyf_out)
{
    int t = threadIdx.x;
    cg::thread_block_tile<Size> tile =
        cg::tiled_partition<Size>(cg::this_thread_block());
    any_out[t] = tile.match_any(label_of(t));
    int pred = -1;
    all_out[t] = tile.match_all(level_of(t), pred);
    pred_out[t] = pred;
    long long wide = (long long)label_of(t) << 40;
    any64_out[t] = tile.match_any(wide);
    anyf_out[t] = tile.match_any(0.5f * (float)(t % 3));
}

// The odd threads of each warp form a coalesced group.
__global__ void coalesced_match(unsigned *any_out, unsigned *all_out,
                                int *pred_out)
{
    int t = threadIdx.x;
    any_out[t] = all_out[t] = 0;
    pred_out[t] = -1;
    if (t % 2) {
        cg::coalesced_group odd = cg::coalesced_threads();
        any_out[t] = odd.match_any(label_of(t));
        int pred;
        all_out[t] = odd.match_all(t / 32, pred);
        pred_out[t] = pred;
    }
}

__global__ void copy_counts(const float *in, float *out)
{
    __shared__ float a[256], b[256];
    cg::thread_block block = cg::this_thread_block();
    for (int i = threadIdx.x; i < 256; i += blockDim.x)
        a[i] = b[i] = -1.0f;
    block.sync();
    cg::memcpy_async(block, a, (size_t)200, in, (size_t)150);
    cg::memcpy_async(block, b, cuda::aligned_size_t<16>(256), in + 4,
                     cuda::aligned_size_t<16>(96));
    cg::wait(block);
    for (int i = threadIdx.x; i < 256; i += blockDim.x) {
        out[i] = a[i];
        out[256 + i] = b[i];
    }
}

// Per tile of 8: one call of the function (counted), its result in
// every thread (CUDA leaves unspecified which thread calls it, so the
// result names the caller), and the tile's sum stored once.
__global__ void invoke_and_store(int *calls, int *broadcast, int *sums)
{
    cg::thread_block_tile<8> tile =
        cg::tiled_partition<8>(cg::this_thread_block());
    int t = threadIdx.x, group = t / 8;
    cg::invoke_one(tile, [&](int by) { atomicAdd(&calls[group], by); }, 1);
    broadcast[t] = cg::invoke_one_broadcast(
        tile, [&] { return 100 * group + (int)tile.thread_rank(); });
    cg::reduce_store_async(tile, &sums[group], t, cg::plus<int>());
    if (t % 2 == 0) { // and the even threads of each warp, coalesced
        cg::coalesced_group even = cg::coalesced_threads();
        broadcast[THREADS + t / 2] =
            cg::invoke_one_broadcast(even, [&] { return t; });
    }
}

// Host: bit i for thread i of the tile of `size` holding t's value.
template <class F> static unsigned host_match_any(int t, int size, F value)
{
    int first = t / size * size;
    unsigned bits = 0;
    for (int i = 0; i < size; i++)
        if (value(first + i) == value(t))
            bits |= 1u << i;
    return bits;
}

template <unsigned Size> static int check_tile()
{
    unsigned *any, *all, *any64, *anyf;
    int *pred;
    CHECK(cudaMallocManaged(&any, THREADS * sizeof(unsigned)));
    CHECK(cudaMallocManaged(&all, THREADS * sizeof(unsigned)));
    CHECK(cudaMallocManaged(&any64, THREADS * sizeof(unsigned)));
    CHECK(cudaMallocManaged(&anyf, THREADS * sizeof(unsigned)));
    CHECK(cudaMallocManaged(&pred, THREADS * sizeof(int)));
    tile_match<Size><<<1, THREADS>>>(any, all, pred, any64, anyf);
    CHECK(cudaDeviceSynchronize());
    int bad = 0;
    for (int t = 0; t < THREADS && bad < 5; t++) {
        unsigned want_any = host_match_any(t, Size, label_of);
        unsigned want_f = host_match_any(t, Size, [](int i) { return i % 3; });
        unsigned every = Size == 32 ? ~0u : (1u << Size) - 1;
        bool same = host_match_any(t, Size, level_of) == every;
        if (any[t] != want_any || any64[t] != want_any || anyf[t] != want_f ||
            all[t] != (same ? every : 0u) || pred[t] != (same ? 1 : 0)) {
            printf("tile %u thread %d: match_any %#x/%#x/%#x want %#x/%#x, "
                   "match_all %#x pred %d, want %#x %d\n", Size, t, any[t],
                   any64[t], anyf[t], want_any, want_f, all[t], pred[t],
                   same ? every : 0u, same);
            bad++;
        }
    }
    cudaFree(any), cudaFree(all), cudaFree(any64), cudaFree(anyf);
    cudaFree(pred);
    return bad;
}

int main()
{
    int bad = check_tile<4>() + check_tile<8>() + check_tile<16>() +
              check_tile<32>();

    unsigned *any, *all;
    int *pred;
    CHECK(cudaMallocManaged(&any, THREADS * sizeof(unsigned)));
    CHECK(cudaMallocManaged(&all, THREADS * sizeof(unsigned)));
    CHECK(cudaMallocManaged(&pred, THREADS * sizeof(int)));
    coalesced_match<<<1, THREADS>>>(any, all, pred);
    CHECK(cudaDeviceSynchronize());
    for (int t = 1; t < THREADS && bad < 10; t += 2) {
        // ranks in the group of odd lanes: lane 2r+1 has rank r
        int warp = t / 32 * 32;
        unsigned want = 0;
        for (int r = 0; r < 16; r++)
            if (label_of(warp + 2 * r + 1) == label_of(t))
                want |= 1u << r;
        if (any[t] != want || all[t] != 0xffffu || pred[t] != 1) {
            printf("coalesced thread %d: match_any %#x want %#x, match_all "
                   "%#x pred %d\n", t, any[t], want, all[t], pred[t]);
            bad++;
        }
    }

    int *calls, *broadcast, *sums;
    CHECK(cudaMallocManaged(&calls, THREADS / 8 * sizeof(int)));
    CHECK(cudaMallocManaged(&broadcast, (THREADS + THREADS / 2) * sizeof(int)));
    CHECK(cudaMallocManaged(&sums, THREADS / 8 * sizeof(int)));
    CHECK(cudaMemset(calls, 0, THREADS / 8 * sizeof(int)));
    invoke_and_store<<<1, THREADS>>>(calls, broadcast, sums);
    CHECK(cudaDeviceSynchronize());
    for (int g = 0; g < THREADS / 8 && bad < 12; g++) {
        int want_sum = 8 * 8 * g + 28; // 8g + (8g + 1) + ... + (8g + 7)
        if (calls[g] != 1 || sums[g] != want_sum) {
            printf("tile %d: %d calls, sum %d, want 1 and %d\n", g, calls[g],
                   sums[g], want_sum);
            bad++;
        }
        int v = broadcast[8 * g];
        bool same = v / 100 == g && v % 100 < 8;
        for (int i = 1; i < 8; i++)
            same = same && broadcast[8 * g + i] == v;
        if (!same) {
            printf("tile %d: broadcast %d %d ... %d, want one rank's\n", g,
                   v, broadcast[8 * g + 1], broadcast[8 * g + 7]);
            bad++;
        }
    }
    for (int w = 0; w < THREADS / 32; w++) {
        const int *even = &broadcast[THREADS + 16 * w];
        bool same = even[0] % 2 == 0 && even[0] / 32 == w;
        for (int i = 1; i < 16; i++)
            same = same && even[i] == even[0];
        if (!same) {
            printf("warp %d: coalesced broadcast %d ... %d, want one even "
                   "thread's index\n", w, even[0], even[15]);
            bad++;
        }
    }
    cudaFree(calls), cudaFree(broadcast), cudaFree(sums);

    float host_in[256], *in, *out;
    for (int i = 0; i < 256; i++)
        host_in[i] = (float)i * 0.25f;
    CHECK(cudaMalloc(&in, sizeof host_in));
    CHECK(cudaMallocManaged(&out, 512 * sizeof(float)));
    CHECK(cudaMemcpy(in, host_in, sizeof host_in, cudaMemcpyHostToDevice));
    copy_counts<<<1, 64>>>(in, out);
    CHECK(cudaDeviceSynchronize());
    for (int i = 0; i < 256 && bad < 15; i++) {
        float want_a = i < 150 ? host_in[i] : -1.0f;
        float want_b = i < 96 ? host_in[i + 4] : -1.0f;
        if (out[i] != want_a || out[256 + i] != want_b) {
            printf("copy element %d: %g %g, want %g %g\n", i, out[i],
                   out[256 + i], want_a, want_b);
            bad++;
        }
    }
    cudaFree(in), cudaFree(out), cudaFree(any), cudaFree(all), cudaFree(pred);
    printf("%s cg_extras\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
