/* vector_functions.h: the make_<type>N constructors of CUDA's vector
 * types, usable from host and device code, in C and C++. */
#ifndef CUX_VECTOR_FUNCTIONS_H
#define CUX_VECTOR_FUNCTIONS_H

#if defined(__GNUC__)
#pragma GCC system_header   /* long long in C++98 user builds */
#endif

#include "vector_types.h"

#define CUX_VFN static __inline__ __host__ __device__

#define CUX_MAKE1(tag, T) \
    CUX_VFN tag make_##tag(T x) { tag t; t.x = x; return t; }
#define CUX_MAKE2(tag, T) \
    CUX_VFN tag make_##tag(T x, T y) \
    { tag t; t.x = x; t.y = y; return t; }
#define CUX_MAKE3(tag, T) \
    CUX_VFN tag make_##tag(T x, T y, T z) \
    { tag t; t.x = x; t.y = y; t.z = z; return t; }
#define CUX_MAKE4(tag, T) \
    CUX_VFN tag make_##tag(T x, T y, T z, T w) \
    { tag t; t.x = x; t.y = y; t.z = z; t.w = w; return t; }
#define CUX_MAKE_ALL(base, T) \
    CUX_MAKE1(base##1, T) CUX_MAKE2(base##2, T) \
    CUX_MAKE3(base##3, T) CUX_MAKE4(base##4, T)

CUX_MAKE_ALL(char, signed char)
CUX_MAKE_ALL(uchar, unsigned char)
CUX_MAKE_ALL(short, short)
CUX_MAKE_ALL(ushort, unsigned short)
CUX_MAKE_ALL(int, int)
CUX_MAKE_ALL(uint, unsigned int)
CUX_MAKE_ALL(long, long int)
CUX_MAKE_ALL(ulong, unsigned long int)
CUX_MAKE_ALL(longlong, long long int)
CUX_MAKE_ALL(ulonglong, unsigned long long int)
CUX_MAKE_ALL(float, float)
CUX_MAKE_ALL(double, double)

#undef CUX_MAKE1
#undef CUX_MAKE2
#undef CUX_MAKE3
#undef CUX_MAKE4
#undef CUX_MAKE_ALL
#undef CUX_VFN

#endif
