/* cooperative_groups/scan.h: cg::inclusive_scan and cg::exclusive_scan
 * over a thread_block_tile, on cux: log2(size) steps of shfl_up, each
 * thread combining what the thread `step` ranks below it holds. */
#ifndef CUX_COOPERATIVE_GROUPS_SCAN_H
#define CUX_COOPERATIVE_GROUPS_SCAN_H

#include <cooperative_groups.h>

#if defined(__CUDACC__)
namespace cooperative_groups {

template <unsigned Size, class ParentT, class T, class Op>
__device__ __inline__ T inclusive_scan(const thread_block_tile<Size, ParentT> &tile,
                                       T value, Op op)
{
    unsigned rank = tile.thread_rank();
    for (unsigned step = 1; step < Size; step *= 2) {
        T below = tile.shfl_up(value, step);
        if (rank >= step)
            value = op(below, value);
    }
    return value;
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
    T below = tile.shfl_up(inclusive, 1);
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
