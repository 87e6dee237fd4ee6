/* cooperative_groups/memcpy_async.h: cg::memcpy_async, cg::wait and
 * cg::wait_prior on cux.
 *
 * The group's threads share the copy (cux/async.h's group_copy) and it
 * completes when issued; wait and wait_prior then only make the group's
 * threads see each other's parts, by the group's sync, which is what a
 * wait gives on CUDA too. */
#ifndef CUX_CG_MEMCPY_ASYNC_H
#define CUX_CG_MEMCPY_ASYNC_H

#include <cooperative_groups.h>
#include <cux/async.h>

#if defined(__CUDACC__)

namespace cooperative_groups {

template <class Group>
__device__ void memcpy_async(const Group &group, void *dst, const void *src,
                             size_t size)
{
    cux_async::group_copy(group, dst, src, size);
}

template <class Group, size_t Align>
__device__ void memcpy_async(const Group &group, void *dst, const void *src,
                             cuda::aligned_size_t<Align> size)
{
    cux_async::group_copy(group, dst, src, size.value);
}

/* The form with element counts: the smaller of the two counts of T. */
template <class Group, class T>
__device__ void memcpy_async(const Group &group, T *dst, size_t dst_count,
                             const T *src, size_t src_count)
{
    size_t count = dst_count < src_count ? dst_count : src_count;
    cux_async::group_copy(group, dst, src, count * sizeof(T));
}

template <class Group, class T, size_t Align>
__device__ void memcpy_async(const Group &group, T *dst,
                             cuda::aligned_size_t<Align> dst_count,
                             const T *src,
                             cuda::aligned_size_t<Align> src_count)
{
    size_t count = dst_count.value < src_count.value ? dst_count.value
                                                     : src_count.value;
    cux_async::group_copy(group, dst, src, count * sizeof(T));
}

template <class Group> __device__ void wait(const Group &group)
{
    group.sync();
}

template <unsigned NumStages, class Group>
__device__ void wait_prior(const Group &group)
{
    group.sync();
}

} // namespace cooperative_groups

#endif /* __CUDACC__ */
#endif /* CUX_CG_MEMCPY_ASYNC_H */
