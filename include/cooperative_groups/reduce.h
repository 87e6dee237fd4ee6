/* cooperative_groups/reduce.h: cg::reduce over a thread_block_tile, on
 * cux.  Every thread of the tile gets the result, combined by a butterfly
 * of shfl_xor steps (for a non-associative operation such as a float sum
 * the grouping differs from a sequential one, as CUDA allows). */
#ifndef CUX_COOPERATIVE_GROUPS_REDUCE_H
#define CUX_COOPERATIVE_GROUPS_REDUCE_H

#include <cooperative_groups.h>

#if defined(__CUDACC__)
namespace cooperative_groups {

template <unsigned Size, class ParentT, class T, class Op>
__device__ __inline__ T reduce(const thread_block_tile<Size, ParentT> &tile,
                               T value, Op op)
{
    for (unsigned step = Size / 2; step > 0; step /= 2)
        value = op(value, tile.shfl_xor(value, step));
    return value;
}

template <class Group, class T, class Op>
__device__ __inline__ T reduce(const Group &, T value, Op)
{
    static_assert(details::unsupported<Group>::value,
                  "cux: cg::reduce supports thread_block_tile groups (not "
                  "coalesced or run-time sized ones) so far");
    return value;
}

} // namespace cooperative_groups
#endif
#endif
