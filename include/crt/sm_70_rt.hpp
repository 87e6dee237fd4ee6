/* crt/sm_70_rt.hpp: the sm_70 warp-match overloads for cux.
 * clang's __clang_cuda_intrinsics.h includes this path by name. */
#ifndef CUX_CRT_SM_70_RT_HPP
#define CUX_CRT_SM_70_RT_HPP

/* CUDA's __match_*_sync take any 32- or 64-bit scalar; each overload
 * reinterprets the value's bits for the 32- or 64-bit clang helper. */
#define CUX_MATCH32(T) \
    static __device__ __inline__ unsigned int __match_any_sync( \
        unsigned int __m, T __v) \
    { return __match32_any_sync(__m, __builtin_bit_cast(unsigned int, __v)); } \
    static __device__ __inline__ unsigned int __match_all_sync( \
        unsigned int __m, T __v, int *__pred) \
    { \
        return __match32_all_sync(__m, \
                                  __builtin_bit_cast(unsigned int, __v), \
                                  __pred); \
    }
#define CUX_MATCH64(T) \
    static __device__ __inline__ unsigned int __match_any_sync( \
        unsigned int __m, T __v) \
    { \
        return __match64_any_sync( \
            __m, __builtin_bit_cast(unsigned long long, __v)); \
    } \
    static __device__ __inline__ unsigned int __match_all_sync( \
        unsigned int __m, T __v, int *__pred) \
    { \
        return __match64_all_sync( \
            __m, __builtin_bit_cast(unsigned long long, __v), __pred); \
    }

CUX_MATCH32(unsigned int)
CUX_MATCH32(int)
CUX_MATCH32(float)
CUX_MATCH64(unsigned long)
CUX_MATCH64(long)
CUX_MATCH64(unsigned long long)
CUX_MATCH64(long long)
CUX_MATCH64(double)

#undef CUX_MATCH32
#undef CUX_MATCH64

#endif
