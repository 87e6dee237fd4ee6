/* cooperative_groups/scan.h: cg::inclusive_scan and cg::exclusive_scan
 * over a thread_block_tile, on cux: log2(size) steps of shfl_up, each
 * thread combining what the thread `step` ranks below it holds; a tile
 * of several warps then adds its earlier warps' totals through shared
 * memory. */
#ifndef CUX_COOPERATIVE_GROUPS_SCAN_H
#define CUX_COOPERATIVE_GROUPS_SCAN_H

#include <cooperative_groups.h>

#if defined(__CUDACC__)
namespace cooperative_groups {

namespace details {

template <unsigned Size, class ParentT, class T, class Op>
__device__ __inline__ T inclusive_scan_tile(
    const thread_block_tile<Size, ParentT> &tile, T value, Op op,
    warp_tile<Size> *)
{
    unsigned rank = tile.thread_rank();
    for (unsigned step = 1; step < Size; step *= 2) {
        T below = tile.shfl_up(value, step);
        if (rank >= step)
            value = op(below, value);
    }
    return value;
}

/* Each warp scans its lanes; its last lane's total goes to the warp's
 * slot, and each thread then puts the totals of its tile's earlier warps
 * in front. */
template <unsigned Size, class ParentT, class T, class Op>
__device__ __inline__ T inclusive_scan_tile(
    const thread_block_tile<Size, ParentT> &tile, T value, Op op,
    multi_warp_tile<Size> *)
{
    for (unsigned step = 1; step < 32; step *= 2) {
        T below = shuffle_words(value, [=](unsigned x) {
            return __shfl_up_sync(0xffffffffu, x, step);
        });
        if (lane() >= step)
            value = op(below, value);
    }
    T *slot = warp_slots<T>();
    unsigned warp = block_rank() / 32, first = warp & ~(Size / 32 - 1);
    if (lane() == 31)
        slot[warp] = value;
    tile.sync();
    if (warp > first) {
        T before = slot[first];
        for (unsigned w = first + 1; w < warp; w++)
            before = op(before, slot[w]);
        value = op(before, value);
    }
    tile.sync(); /* the slots are free for the tile's next collective */
    return value;
}

/* The inclusive result of the rank below, through the slots as well. */
template <unsigned Size, class ParentT, class T>
__device__ __inline__ T rank_below(const thread_block_tile<Size, ParentT> &tile,
                                   T inclusive, warp_tile<Size> *)
{
    return tile.shfl_up(inclusive, 1);
}

template <unsigned Size, class ParentT, class T>
__device__ __inline__ T rank_below(const thread_block_tile<Size, ParentT> &tile,
                                   T inclusive, multi_warp_tile<Size> *)
{
    T below = shuffle_words(inclusive, [](unsigned x) {
        return __shfl_up_sync(0xffffffffu, x, 1);
    });
    T *slot = warp_slots<T>();
    unsigned warp = block_rank() / 32;
    if (lane() == 31)
        slot[warp] = inclusive;
    tile.sync();
    if (lane() == 0 && warp > 0)
        below = slot[warp - 1];
    tile.sync();
    return below;
}

} // namespace details

template <unsigned Size, class ParentT, class T, class Op>
__device__ __inline__ T inclusive_scan(const thread_block_tile<Size, ParentT> &tile,
                                       T value, Op op)
{
    return details::inclusive_scan_tile(
        tile, value, op, (typename details::tile_of<Size>::type *)0);
}

template <unsigned Size, class ParentT, class T>
__device__ __inline__ T inclusive_scan(const thread_block_tile<Size, ParentT> &tile,
                                       T value)
{
    return inclusive_scan(tile, value, plus<T>());
}

/* Rank 0 gets T() (CUDA leaves it undefined for operations other than
 * plus; zero is plus's identity). */
template <unsigned Size, class ParentT, class T, class Op>
__device__ __inline__ T exclusive_scan(const thread_block_tile<Size, ParentT> &tile,
                                       T value, Op op)
{
    T inclusive = inclusive_scan(tile, value, op);
    T below = details::rank_below(tile, inclusive,
                                  (typename details::tile_of<Size>::type *)0);
    return tile.thread_rank() == 0 ? T() : below;
}

template <unsigned Size, class ParentT, class T>
__device__ __inline__ T exclusive_scan(const thread_block_tile<Size, ParentT> &tile,
                                       T value)
{
    return exclusive_scan(tile, value, plus<T>());
}

} // namespace cooperative_groups
#endif
#endif
