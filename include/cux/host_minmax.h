/* host_minmax.h: the host-side min()/max() overloads that NVIDIA's
 * math_functions.hpp gives every CUDA program; clang's headers provide
 * only device integer ones, and programs call them everywhere. */
#ifndef CUX_HOST_MINMAX_H
#define CUX_HOST_MINMAX_H

#if defined(__cplusplus) && defined(__CUDA__)
#include <cmath>

#define CUX_HOST_MINMAX(T)                                                \
    static inline __host__ T min(T a, T b) { return a < b ? a : b; }    \
    static inline __host__ T max(T a, T b) { return a > b ? a : b; }
CUX_HOST_MINMAX(int)
CUX_HOST_MINMAX(unsigned int)
CUX_HOST_MINMAX(long)
CUX_HOST_MINMAX(unsigned long)
CUX_HOST_MINMAX(long long)
CUX_HOST_MINMAX(unsigned long long)
#undef CUX_HOST_MINMAX

/* Floating point follows fminf/fmaxf (a NaN operand yields the other).
 * clang's device headers have only the integer forms, so without these
 * a device max(float, float) silently truncates to int. */
static inline __host__ __device__ float min(float a, float b) { return fminf(a, b); }
static inline __host__ __device__ float max(float a, float b) { return fmaxf(a, b); }
static inline __host__ __device__ double min(double a, double b) { return fmin(a, b); }
static inline __host__ __device__ double max(double a, double b) { return fmax(a, b); }
#endif

#endif
