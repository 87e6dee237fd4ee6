/* cux/warp_shuffle.h: __shfl_sync, __shfl_up_sync, __shfl_down_sync and
 * __shfl_xor_sync for every type CUDA gives them.
 *
 * clang's own (__clang_cuda_intrinsics.h) are right except one: in
 * clang 14 the unsigned long long form casts its value to unsigned long
 * long and calls itself, an endless recursion that the optimiser takes
 * as unreachable, so a kernel shuffling a 64-bit unsigned value lost the
 * rest of its code, silently.  device_builtins.h renames clang's away
 * before including that header; these take their place, each passing to
 * clang's form of the same type, and the unsigned long long one to the
 * long long form, which shuffles the two halves. */
#ifndef CUX_WARP_SHUFFLE_H
#define CUX_WARP_SHUFFLE_H

#define CUX_SHFL_T(name, clang_name, T, OffT)                              \
    static __device__ __inline__ T name(unsigned int __mask, T __v,        \
                                        OffT __o, int __w = warpSize)      \
    {                                                                      \
        return clang_name(__mask, __v, __o, __w);                          \
    }

#define CUX_SHFL(name, clang_name, OffT)                                   \
    CUX_SHFL_T(name, clang_name, int, OffT)                                \
    CUX_SHFL_T(name, clang_name, unsigned int, OffT)                       \
    CUX_SHFL_T(name, clang_name, long, OffT)                               \
    CUX_SHFL_T(name, clang_name, unsigned long, OffT)                      \
    CUX_SHFL_T(name, clang_name, long long, OffT)                          \
    CUX_SHFL_T(name, clang_name, float, OffT)                              \
    CUX_SHFL_T(name, clang_name, double, OffT)                             \
    static __device__ __inline__ unsigned long long name(                  \
        unsigned int __mask, unsigned long long __v, OffT __o,             \
        int __w = warpSize)                                                \
    {                                                                      \
        return (unsigned long long)clang_name(__mask, (long long)__v, __o, \
                                              __w);                        \
    }

CUX_SHFL(__shfl_sync, __cux_clang_shfl_sync, int)
CUX_SHFL(__shfl_up_sync, __cux_clang_shfl_up_sync, unsigned int)
CUX_SHFL(__shfl_down_sync, __cux_clang_shfl_down_sync, unsigned int)
CUX_SHFL(__shfl_xor_sync, __cux_clang_shfl_xor_sync, int)

#undef CUX_SHFL
#undef CUX_SHFL_T

#endif
