/* vector_types.h: CUDA's built-in vector types and dim3 for cux.
 * Sizes and alignments are NVIDIA's; host and device code share them. */
#ifndef CUX_VECTOR_TYPES_H
#define CUX_VECTOR_TYPES_H
/* NVIDIA's guard name: programs (e.g. helper_cuda.h) test it to see
 * whether the runtime headers are in. */
#define __VECTOR_TYPES_H__

#if defined(__GNUC__)
#pragma GCC system_header   /* long long in C++98 user builds */
#endif

#include "host_defines.h"

/* A vector type is a plain struct with named lanes; 2- and 4-lane types
 * carry extra alignment so that they load as one wide access. */
#define CUX_VEC1(tag, T) \
    struct tag { T x; }; typedef struct tag tag;
#define CUX_VEC2(tag, T, al) \
    struct __attribute__((aligned(al))) tag { T x; T y; }; \
    typedef struct tag tag;
#define CUX_VEC3(tag, T) \
    struct tag { T x; T y; T z; }; typedef struct tag tag;
#define CUX_VEC4(tag, T, al) \
    struct __attribute__((aligned(al))) tag { T x; T y; T z; T w; }; \
    typedef struct tag tag;

CUX_VEC1(char1, signed char)
CUX_VEC1(uchar1, unsigned char)
CUX_VEC2(char2, signed char, 2)
CUX_VEC2(uchar2, unsigned char, 2)
CUX_VEC3(char3, signed char)
CUX_VEC3(uchar3, unsigned char)
CUX_VEC4(char4, signed char, 4)
CUX_VEC4(uchar4, unsigned char, 4)

CUX_VEC1(short1, short)
CUX_VEC1(ushort1, unsigned short)
CUX_VEC2(short2, short, 4)
CUX_VEC2(ushort2, unsigned short, 4)
CUX_VEC3(short3, short)
CUX_VEC3(ushort3, unsigned short)
CUX_VEC4(short4, short, 8)
CUX_VEC4(ushort4, unsigned short, 8)

CUX_VEC1(int1, int)
CUX_VEC1(uint1, unsigned int)
CUX_VEC2(int2, int, 8)
CUX_VEC2(uint2, unsigned int, 8)
CUX_VEC3(int3, int)
CUX_VEC3(uint3, unsigned int)
CUX_VEC4(int4, int, 16)
CUX_VEC4(uint4, unsigned int, 16)

CUX_VEC1(long1, long int)
CUX_VEC1(ulong1, unsigned long int)
CUX_VEC2(long2, long int, 2 * sizeof(long int))
CUX_VEC2(ulong2, unsigned long int, 2 * sizeof(unsigned long int))
CUX_VEC3(long3, long int)
CUX_VEC3(ulong3, unsigned long int)
CUX_VEC4(long4, long int, 16)
CUX_VEC4(ulong4, unsigned long int, 16)
CUX_VEC4(long4_16a, long int, 16)
CUX_VEC4(ulong4_16a, unsigned long int, 16)
CUX_VEC4(long4_32a, long int, 32)
CUX_VEC4(ulong4_32a, unsigned long int, 32)

CUX_VEC1(float1, float)
CUX_VEC2(float2, float, 8)
CUX_VEC3(float3, float)
CUX_VEC4(float4, float, 16)

CUX_VEC1(longlong1, long long int)
CUX_VEC1(ulonglong1, unsigned long long int)
CUX_VEC2(longlong2, long long int, 16)
CUX_VEC2(ulonglong2, unsigned long long int, 16)
CUX_VEC3(longlong3, long long int)
CUX_VEC3(ulonglong3, unsigned long long int)
CUX_VEC4(longlong4, long long int, 16)
CUX_VEC4(ulonglong4, unsigned long long int, 16)
CUX_VEC4(longlong4_16a, long long int, 16)
CUX_VEC4(ulonglong4_16a, unsigned long long int, 16)
CUX_VEC4(longlong4_32a, long long int, 32)
CUX_VEC4(ulonglong4_32a, unsigned long long int, 32)

CUX_VEC1(double1, double)
CUX_VEC2(double2, double, 16)
CUX_VEC3(double3, double)
CUX_VEC4(double4, double, 16)
CUX_VEC4(double4_16a, double, 16)
CUX_VEC4(double4_32a, double, 32)

#undef CUX_VEC1
#undef CUX_VEC2
#undef CUX_VEC3
#undef CUX_VEC4

/* dim3 must stay three unsigned ints: clang passes it by value to
 * cudaLaunchKernel and __cudaPushCallConfiguration. */
struct dim3 {
    unsigned int x;
    unsigned int y;
    unsigned int z;
#if defined(__cplusplus)
#if __cplusplus >= 201103L
    __host__ __device__ constexpr dim3(unsigned int vx = 1,
                                       unsigned int vy = 1,
                                       unsigned int vz = 1)
        : x(vx), y(vy), z(vz) {}
    __host__ __device__ constexpr dim3(uint3 v) : x(v.x), y(v.y), z(v.z) {}
    __host__ __device__ constexpr operator uint3() const {
        return uint3{x, y, z};
    }
#else
    __host__ __device__ dim3(unsigned int vx = 1, unsigned int vy = 1,
                             unsigned int vz = 1)
        : x(vx), y(vy), z(vz) {}
    __host__ __device__ dim3(uint3 v) : x(v.x), y(v.y), z(v.z) {}
    __host__ __device__ operator uint3() const {
        uint3 t;
        t.x = x;
        t.y = y;
        t.z = z;
        return t;
    }
#endif
#endif
};
typedef struct dim3 dim3;

#endif
