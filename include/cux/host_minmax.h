/* host_minmax.h: the min()/max() overloads that NVIDIA's
 * math_functions.hpp gives every CUDA program, on the host and, where
 * clang's device headers lack them, on the device.  clang has only
 * min(int, int) and max(int, int) on the device, so without these a
 * device min() of unsigned, 64-bit or floating values silently goes
 * through int. */
#ifndef CUX_HOST_MINMAX_H
#define CUX_HOST_MINMAX_H

#if defined(__cplusplus) && defined(__CUDA__)
#include <cmath>

/* int: the device form is clang's (__nv_min), so this one is host only;
 * a __host__ __device__ twin would clash with it. */
static inline __host__ int min(int a, int b) { return a < b ? a : b; }
static inline __host__ int max(int a, int b) { return a > b ? a : b; }

#define CUX_MINMAX(T)                                                     \
    static inline __host__ __device__ T min(T a, T b) { return a < b ? a : b; } \
    static inline __host__ __device__ T max(T a, T b) { return a > b ? a : b; }
CUX_MINMAX(unsigned int)
CUX_MINMAX(long)
CUX_MINMAX(unsigned long)
CUX_MINMAX(long long)
CUX_MINMAX(unsigned long long)
#undef CUX_MINMAX

/* Mixed signed and unsigned arguments compare as unsigned, as C's usual
 * conversions and CUDA's overloads do; without them such calls would be
 * ambiguous. */
#define CUX_MINMAX_MIXED(U, S)                                            \
    static inline __host__ __device__ U min(S a, U b) { return min((U)a, b); } \
    static inline __host__ __device__ U min(U a, S b) { return min(a, (U)b); } \
    static inline __host__ __device__ U max(S a, U b) { return max((U)a, b); } \
    static inline __host__ __device__ U max(U a, S b) { return max(a, (U)b); }
CUX_MINMAX_MIXED(unsigned int, int)
CUX_MINMAX_MIXED(unsigned long, long)
CUX_MINMAX_MIXED(unsigned long long, long long)
#undef CUX_MINMAX_MIXED

/* Floating point follows fminf/fmaxf (a NaN operand yields the other);
 * a float and a double compare as doubles. */
static inline __host__ __device__ float min(float a, float b) { return fminf(a, b); }
static inline __host__ __device__ float max(float a, float b) { return fmaxf(a, b); }
static inline __host__ __device__ double min(double a, double b) { return fmin(a, b); }
static inline __host__ __device__ double max(double a, double b) { return fmax(a, b); }
static inline __host__ __device__ double min(float a, double b) { return fmin((double)a, b); }
static inline __host__ __device__ double min(double a, float b) { return fmin(a, (double)b); }
static inline __host__ __device__ double max(float a, double b) { return fmax((double)a, b); }
static inline __host__ __device__ double max(double a, float b) { return fmax(a, (double)b); }
#endif

#endif
