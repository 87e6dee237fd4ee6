/* cux/device_builtins.h: device-side CUDA built-ins under clang -x cuda.
 * clang's own helper headers supply most; cux adds what CUDA's do. */
#ifndef CUX_DEVICE_BUILTINS_H
#define CUX_DEVICE_BUILTINS_H

#if !defined(__CUDA__) || !defined(__cplusplus)
#error "cux/device_builtins.h is for clang's CUDA mode only"
#endif

/* Order matters and follows clang's own runtime wrapper: the math
 * forward declarations must precede the standard headers, and the
 * standard headers see __CUDACC__ because libstdc++ keys GNU extensions
 * on it. */
#include <__clang_cuda_math_forward_declares.h>
#pragma push_macro("__CUDACC__")
#ifndef __CUDACC__
#define __CUDACC__
#endif
#include <cmath>
#include <cstdlib>
#include <climits>
#include <cstring>
#include <cstdio>
#include <stdlib.h>
#include <string.h>
#include <assert.h>
#pragma pop_macro("__CUDACC__")

#include "../cuda.h"
#include "../vector_types.h"
#include <__clang_cuda_builtin_vars.h>
#include <__clang_cuda_libdevice_declares.h>
#include <__clang_cuda_device_functions.h>
#include <__clang_cuda_math.h>
/* The float overloads clang declares but leaves to CUDA's headers; they
 * must be defined before __clang_cuda_cmath.h, as CUDA's are. */
#include "math_overloads.h"

/* Device library entry points CUDA programs reach by name: clang turns
 * printf into vprintf by itself; assert reaches __assertfail, which the
 * PTX consumer implements, as it does malloc and free. */
extern "C" {
__device__ int vprintf(const char *, const char *);
__device__ int printf(const char *, ...);
__device__ void *malloc(size_t) __attribute__((nothrow))
    __attribute__((malloc));
__device__ void free(void *) __attribute__((nothrow));
__device__ void __assertfail(const char *__message, const char *__file,
                             unsigned __line, const char *__function,
                             size_t __charSize);
__device__ static inline void __assert_fail(const char *__message,
                                            const char *__file,
                                            unsigned __line,
                                            const char *__function)
{
    __assertfail(__message, __file, __line, __function, sizeof(char));
}
}

namespace std {
__device__ static inline void *malloc(size_t __n) { return ::malloc(__n); }
__device__ static inline void free(void *__p) { ::free(__p); }
}

/* clang declares the conversions of threadIdx & co. and leaves their
 * bodies to the CUDA headers, since only those know dim3 and uint3. */
#define CUX_BUILTIN_CONV(T) \
    __device__ inline T::operator dim3() const { return dim3(x, y, z); } \
    __device__ inline T::operator uint3() const { return uint3{x, y, z}; }
CUX_BUILTIN_CONV(__cuda_builtin_threadIdx_t)
CUX_BUILTIN_CONV(__cuda_builtin_blockIdx_t)
CUX_BUILTIN_CONV(__cuda_builtin_blockDim_t)
CUX_BUILTIN_CONV(__cuda_builtin_gridDim_t)
#undef CUX_BUILTIN_CONV

#include <__clang_cuda_cmath.h>
/* clang's shuffles without _sync do not compile for sm_70 and later:
 * renamed away here, legacy_warp.h gives them again.  Its _sync ones are
 * renamed too, for warp_shuffle.h to mend one (see there). */
#define __shfl __cux_clang_shfl
#define __shfl_up __cux_clang_shfl_up
#define __shfl_down __cux_clang_shfl_down
#define __shfl_xor __cux_clang_shfl_xor
#define __shfl_sync __cux_clang_shfl_sync
#define __shfl_up_sync __cux_clang_shfl_up_sync
#define __shfl_down_sync __cux_clang_shfl_down_sync
#define __shfl_xor_sync __cux_clang_shfl_xor_sync
#include <__clang_cuda_intrinsics.h>
#undef __shfl
#undef __shfl_up
#undef __shfl_down
#undef __shfl_xor
#undef __shfl_sync
#undef __shfl_up_sync
#undef __shfl_down_sync
#undef __shfl_xor_sync
#include "warp_shuffle.h"
#include "legacy_warp.h"
#include <__clang_cuda_complex_builtins.h>

#include "device_atomics.h"
#include "device_extras.h"
#include "texture_fetch.h"
#include "surface_functions.h"
#include "barriers.h" /* last: it wraps the barriers above */

#ifndef __CUDACC__
#define __CUDACC__
#endif

#endif
