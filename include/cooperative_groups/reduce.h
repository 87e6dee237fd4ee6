/* cooperative_groups/reduce.h: cg::reduce over a thread_block_tile or a
 * coalesced group, on cux.  Every thread of the group gets the result;
 * a tile combines by a butterfly of shfl_xor steps (for an operation
 * such as a float sum the grouping differs from a sequential one, as
 * CUDA allows), a tile of several warps then through shared memory. */
#ifndef CUX_COOPERATIVE_GROUPS_REDUCE_H
#define CUX_COOPERATIVE_GROUPS_REDUCE_H

#include <cooperative_groups.h>

#if defined(__CUDACC__)
namespace cooperative_groups {

namespace details {

template <unsigned Size, class ParentT, class T, class Op>
__device__ __inline__ T reduce_tile(const thread_block_tile<Size, ParentT> &tile,
                                    T value, Op op, warp_tile<Size> *)
{
    for (unsigned step = Size / 2; step > 0; step /= 2)
        value = op(value, tile.shfl_xor(value, step));
    return value;
}

/* Per-warp partial results of the collectives over tiles of more than a
 * warp, one slot per warp of the block: each tile uses its own warps'. */
template <class T> __device__ __inline__ T *warp_slots()
{
    alignas(16) __shared__ unsigned char slots[32 * sizeof(T)];
    return reinterpret_cast<T *>(slots);
}

template <class T> __device__ __inline__ T warp_reduce(T value, unsigned step)
{
    return shuffle_words(value, [=](unsigned x) {
        return __shfl_xor_sync(0xffffffffu, x, step);
    });
}

/* Each warp reduces its lanes, then every thread combines its tile's
 * warps' results in warp order. */
template <unsigned Size, class ParentT, class T, class Op>
__device__ __inline__ T reduce_tile(const thread_block_tile<Size, ParentT> &tile,
                                    T value, Op op, multi_warp_tile<Size> *)
{
    for (unsigned step = 16; step > 0; step /= 2)
        value = op(value, warp_reduce(value, step));
    T *slot = warp_slots<T>();
    unsigned warp = block_rank() / 32, first = warp & ~(Size / 32 - 1);
    if (lane() == 0)
        slot[warp] = value;
    tile.sync();
    T result = slot[first];
    for (unsigned w = 1; w < Size / 32; w++)
        result = op(result, slot[first + w]);
    tile.sync(); /* the slots are free for the tile's next collective */
    return result;
}

} // namespace details

template <unsigned Size, class ParentT, class T, class Op>
__device__ __inline__ T reduce(const thread_block_tile<Size, ParentT> &tile,
                               T value, Op op)
{
    return details::reduce_tile(tile, value, op,
                                (typename details::tile_of<Size>::type *)0);
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

/* The group's reduction, stored to *dst by one of its threads; done
 * when the call returns (CUDA asks for the group's sync before other
 * threads read it, which stays correct here). */
template <class Group, class TyVal, class T, class Op>
__device__ __inline__ void reduce_store_async(const Group &group, TyVal *dst,
                                              T value, Op op)
{
    TyVal result = reduce(group, (TyVal)value, op);
    if (group.thread_rank() == 0)
        *dst = result;
}

} // namespace cooperative_groups
#endif
#endif
