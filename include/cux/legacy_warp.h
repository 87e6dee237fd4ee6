/* cux/legacy_warp.h: the warp shuffles of CUDA 8 and earlier, __shfl,
 * __shfl_up, __shfl_down and __shfl_xor without _sync, which old code
 * still calls (nvcc 11 accepted them for sm_70 and later too).
 *
 * clang's own versions (__clang_cuda_intrinsics.h) lower to the PTX
 * shuffles without .sync, which its NVPTX back end refuses for sm_70 and
 * later; device_builtins.h renames them away before including that
 * header, and these take their place over the _sync forms.  The mask is
 * the lanes active at the call: the old functions exchanged among the
 * threads that reached them, and a full warp, the case they were written
 * for, gives the full mask.  __any, __all and __ballot need nothing: the
 * vote instructions clang emits for them exist on every target. */
#ifndef CUX_LEGACY_WARP_H
#define CUX_LEGACY_WARP_H

#define CUX_LEGACY_SHFL_T(name, sync_name, T, OffT)                         \
    static __device__ __inline__ T name(T __v, OffT __o,                   \
                                        int __w = warpSize)                \
    {                                                                      \
        return sync_name(__activemask(), __v, __o, __w);                   \
    }

#define CUX_LEGACY_SHFL(name, sync_name, OffT)                              \
    CUX_LEGACY_SHFL_T(name, sync_name, int, OffT)                          \
    CUX_LEGACY_SHFL_T(name, sync_name, unsigned int, OffT)                 \
    CUX_LEGACY_SHFL_T(name, sync_name, long, OffT)                         \
    CUX_LEGACY_SHFL_T(name, sync_name, unsigned long, OffT)                \
    CUX_LEGACY_SHFL_T(name, sync_name, long long, OffT)                    \
    CUX_LEGACY_SHFL_T(name, sync_name, unsigned long long, OffT)           \
    CUX_LEGACY_SHFL_T(name, sync_name, float, OffT)                        \
    CUX_LEGACY_SHFL_T(name, sync_name, double, OffT)

CUX_LEGACY_SHFL(__shfl, __shfl_sync, int)
CUX_LEGACY_SHFL(__shfl_up, __shfl_up_sync, unsigned int)
CUX_LEGACY_SHFL(__shfl_down, __shfl_down_sync, unsigned int)
CUX_LEGACY_SHFL(__shfl_xor, __shfl_xor_sync, int)

#undef CUX_LEGACY_SHFL
#undef CUX_LEGACY_SHFL_T

#endif
