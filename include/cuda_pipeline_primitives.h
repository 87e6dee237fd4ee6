/* cuda_pipeline_primitives.h: CUDA's pipeline primitives on cux.
 *
 * __pipeline_memcpy_async copies size_and_align - zfill bytes and zeroes
 * the zfill bytes after them, as CUDA defines it; the copy completes when
 * issued (cux/async.h), so a commit has nothing to hand on and every
 * __pipeline_wait_prior is already satisfied.  __pipeline_arrive_on needs
 * cuda_awbarrier_primitives.h's barriers, which cux does not have yet. */
#ifndef CUX_CUDA_PIPELINE_PRIMITIVES_H
#define CUX_CUDA_PIPELINE_PRIMITIVES_H

#include <cux/async.h>

#if defined(__CUDACC__)

__device__ __inline__ void __pipeline_memcpy_async(void *__restrict__ dst_shared,
                                                   const void *__restrict__ src_global,
                                                   size_t size_and_align,
                                                   size_t zfill = 0)
{
    size_t copied = size_and_align - zfill;
    cux_async::copy(dst_shared, src_global, copied);
    memset((char *)dst_shared + copied, 0, zfill);
}

__device__ __inline__ void __pipeline_commit() {}

__device__ __inline__ void __pipeline_wait_prior(size_t prior)
{
    (void)prior;
}

#endif /* __CUDACC__ */
#endif /* CUX_CUDA_PIPELINE_PRIMITIVES_H */
