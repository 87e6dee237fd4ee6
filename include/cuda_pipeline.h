/* cuda_pipeline.h: CUDA's pipeline primitives (cuda_pipeline_primitives.h)
 * and the nvcuda::experimental::pipeline class over them, on cux. */
#ifndef CUX_CUDA_PIPELINE_H
#define CUX_CUDA_PIPELINE_H

#include <cuda_pipeline_primitives.h>

#if defined(__CUDACC__)

namespace nvcuda {
namespace experimental {

class pipeline {
public:
    __device__ void commit() { __pipeline_commit(); }
    __device__ void wait_prior(size_t prior) { __pipeline_wait_prior(prior); }
    template <size_t Prior> __device__ void wait_prior()
    {
        __pipeline_wait_prior(Prior);
    }
};

/* One object of 4, 8 or 16 bytes, as CUDA allows. */
template <class T>
__device__ void memcpy_async(T &dst, const T &src, pipeline &)
{
    static_assert(sizeof(T) == 4 || sizeof(T) == 8 || sizeof(T) == 16,
                  "memcpy_async copies objects of 4, 8 or 16 bytes");
    __pipeline_memcpy_async(&dst, &src, sizeof(T));
}

} // namespace experimental
} // namespace nvcuda

#endif /* __CUDACC__ */
#endif /* CUX_CUDA_PIPELINE_H */
