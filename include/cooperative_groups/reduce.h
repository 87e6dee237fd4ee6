/* cooperative_groups/reduce.h: cg::reduce over a thread_block_tile or a
 * coalesced group, on cux.  Every thread of the group gets the result;
 * a tile combines by a butterfly of shfl_xor steps (for an operation
 * such as a float sum the grouping differs from a sequential one, as
 * CUDA allows). */
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

/* A coalesced group of any size: every thread combines the group's
 * values in rank order, one shuffle each. */
template <class T, class Op>
__device__ __inline__ T reduce(const coalesced_group &group, T value, Op op)
{
    T result = group.shfl(value, 0);
    for (unsigned rank = 1; rank < group.size(); rank++)
        result = op(result, group.shfl(value, rank));
    return result;
}

} // namespace cooperative_groups
#endif
#endif
