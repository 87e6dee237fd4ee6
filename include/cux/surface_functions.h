/* cux/surface_functions.h: the surface-object read and write functions
 * kernels call (surf2Dread, surf2Dwrite...), as inline PTX suld.b/sust.b.
 *
 * clang's __nv_tex_surf_handler has no surface operations, so each
 * function here is one asm statement.  A type T moves as N components of
 * B bytes (uchar4: four .b8, float2: two .b32, longlong2: two .b64), the
 * x coordinate is in bytes, as in CUDA.  The boundary mode is an
 * argument in CUDA but a modifier in PTX: a switch picks the statement,
 * and folds away where the mode is a constant (the default, trap).
 * Cubemap surfaces are absent: cux has no cubemap arrays. */
#ifndef CUX_SURFACE_FUNCTIONS_H
#define CUX_SURFACE_FUNCTIONS_H

#include "../surface_types.h"
#include "../vector_types.h"

/* Which types surfaces read and write (NVIDIA's list), as B and N; the
 * functions below exist for these types only. */
template <class T> struct __cux_surf_shape {};
#define CUX_SURF_SHAPE(T, B, N)                                            \
    template <> struct __cux_surf_shape<T> {                               \
        enum { bytes = B, count = N };                                     \
        typedef void none;                                                 \
    };
CUX_SURF_SHAPE(char, 1, 1)
CUX_SURF_SHAPE(signed char, 1, 1)
CUX_SURF_SHAPE(unsigned char, 1, 1)
CUX_SURF_SHAPE(char1, 1, 1)
CUX_SURF_SHAPE(uchar1, 1, 1)
CUX_SURF_SHAPE(char2, 1, 2)
CUX_SURF_SHAPE(uchar2, 1, 2)
CUX_SURF_SHAPE(char4, 1, 4)
CUX_SURF_SHAPE(uchar4, 1, 4)
CUX_SURF_SHAPE(short, 2, 1)
CUX_SURF_SHAPE(unsigned short, 2, 1)
CUX_SURF_SHAPE(short1, 2, 1)
CUX_SURF_SHAPE(ushort1, 2, 1)
CUX_SURF_SHAPE(short2, 2, 2)
CUX_SURF_SHAPE(ushort2, 2, 2)
CUX_SURF_SHAPE(short4, 2, 4)
CUX_SURF_SHAPE(ushort4, 2, 4)
CUX_SURF_SHAPE(int, 4, 1)
CUX_SURF_SHAPE(unsigned int, 4, 1)
CUX_SURF_SHAPE(int1, 4, 1)
CUX_SURF_SHAPE(uint1, 4, 1)
CUX_SURF_SHAPE(float, 4, 1)
CUX_SURF_SHAPE(float1, 4, 1)
CUX_SURF_SHAPE(int2, 4, 2)
CUX_SURF_SHAPE(uint2, 4, 2)
CUX_SURF_SHAPE(float2, 4, 2)
CUX_SURF_SHAPE(int4, 4, 4)
CUX_SURF_SHAPE(uint4, 4, 4)
CUX_SURF_SHAPE(float4, 4, 4)
CUX_SURF_SHAPE(long long, 8, 1)
CUX_SURF_SHAPE(unsigned long long, 8, 1)
CUX_SURF_SHAPE(longlong1, 8, 1)
CUX_SURF_SHAPE(ulonglong1, 8, 1)
CUX_SURF_SHAPE(longlong2, 8, 2)
CUX_SURF_SHAPE(ulonglong2, 8, 2)
#undef CUX_SURF_SHAPE

/* Geometries, numbered for __cux_surf_io's template argument; their
 * coordinate vectors as the PTX ISA gives them (3d and a2d take four
 * elements, the last ignored; a layer comes first). */
enum { __cux_surf_1d, __cux_surf_2d, __cux_surf_3d, __cux_surf_a1d,
       __cux_surf_a2d };
#define CUX_SURF_AT_1d "{%[x]}"
#define CUX_SURF_AT_2d "{%[x], %[y]}"
#define CUX_SURF_AT_3d "{%[x], %[y], %[z], %[z]}"
#define CUX_SURF_AT_a1d "{%[l], %[x]}"
#define CUX_SURF_AT_a2d "{%[l], %[x], %[y], %[y]}"
#define CUX_SURF_IN                                                        \
    [s] "l"(__obj), [x] "r"(__x), [y] "r"(__y), [z] "r"(__z), [l] "r"(__l)

#define CUX_SURF_REGS1 "{%[d0]}"
#define CUX_SURF_REGS2 "{%[d0], %[d1]}"
#define CUX_SURF_REGS4 "{%[d0], %[d1], %[d2], %[d3]}"
#define CUX_SURF_OUT1(c) [d0] "=" c(__d[0])
#define CUX_SURF_OUT2(c) CUX_SURF_OUT1(c), [d1] "=" c(__d[1])
#define CUX_SURF_OUT4(c) CUX_SURF_OUT2(c), [d2] "=" c(__d[2]), [d3] "=" c(__d[3])
#define CUX_SURF_ARG1(c) [d0] c(__d[0])
#define CUX_SURF_ARG2(c) CUX_SURF_ARG1(c), [d1] c(__d[1])
#define CUX_SURF_ARG4(c) CUX_SURF_ARG2(c), [d2] c(__d[2]), [d3] c(__d[3])

/* One suld or sust for a geometry and mode. */
#define CUX_SULD(g, m, vec, dt, n, c)                                      \
    asm volatile("suld.b." #g vec dt "." #m " " CUX_SURF_REGS##n           \
                 ", [%[s], " CUX_SURF_AT_##g "];"                          \
                 : CUX_SURF_OUT##n(c) : CUX_SURF_IN)
#define CUX_SUST(g, m, vec, dt, n, c)                                      \
    asm volatile("sust.b." #g vec dt "." #m " [%[s], " CUX_SURF_AT_##g     \
                 "], " CUX_SURF_REGS##n ";"                                \
                 : : CUX_SURF_IN, CUX_SURF_ARG##n(c))
/* ...for the geometry G of the enclosing template, one mode. */
#define CUX_SURF_GEOMS(OP, m, vec, dt, n, c)                               \
    if (G == __cux_surf_1d) OP(1d, m, vec, dt, n, c);                      \
    else if (G == __cux_surf_2d) OP(2d, m, vec, dt, n, c);                 \
    else if (G == __cux_surf_3d) OP(3d, m, vec, dt, n, c);                 \
    else if (G == __cux_surf_a1d) OP(a1d, m, vec, dt, n, c);               \
    else OP(a2d, m, vec, dt, n, c)
/* ...for the mode argument. */
#define CUX_SURF_MODES(OP, vec, dt, n, c)                                  \
    if (__mode == cudaBoundaryModeZero) {                                  \
        CUX_SURF_GEOMS(OP, zero, vec, dt, n, c);                           \
    } else if (__mode == cudaBoundaryModeClamp) {                          \
        CUX_SURF_GEOMS(OP, clamp, vec, dt, n, c);                          \
    } else {                                                               \
        CUX_SURF_GEOMS(OP, trap, vec, dt, n, c);                           \
    }

/* Loads and stores of N components of B bytes: C is the register type
 * (16 bits at least, as PTX wants for .b8), c its asm constraint. */
template <int B, int N> struct __cux_surf_io;
#define CUX_SURF_IO(B, N, C, vec, dt, c)                                   \
    template <> struct __cux_surf_io<B, N> {                               \
        typedef C reg;                                                     \
        template <int G>                                                   \
        static __device__ __inline__ void load(                            \
            C *__d, unsigned long long __obj, int __x, int __y, int __z,   \
            int __l, enum cudaSurfaceBoundaryMode __mode)                  \
        {                                                                  \
            CUX_SURF_MODES(CUX_SULD, vec, dt, N, c)                        \
        }                                                                  \
        template <int G>                                                   \
        static __device__ __inline__ void store(                           \
            const C *__d, unsigned long long __obj, int __x, int __y,      \
            int __z, int __l, enum cudaSurfaceBoundaryMode __mode)         \
        {                                                                  \
            CUX_SURF_MODES(CUX_SUST, vec, dt, N, c)                        \
        }                                                                  \
    };
CUX_SURF_IO(1, 1, unsigned short, "", ".b8", "h")
CUX_SURF_IO(1, 2, unsigned short, ".v2", ".b8", "h")
CUX_SURF_IO(1, 4, unsigned short, ".v4", ".b8", "h")
CUX_SURF_IO(2, 1, unsigned short, "", ".b16", "h")
CUX_SURF_IO(2, 2, unsigned short, ".v2", ".b16", "h")
CUX_SURF_IO(2, 4, unsigned short, ".v4", ".b16", "h")
CUX_SURF_IO(4, 1, unsigned int, "", ".b32", "r")
CUX_SURF_IO(4, 2, unsigned int, ".v2", ".b32", "r")
CUX_SURF_IO(4, 4, unsigned int, ".v4", ".b32", "r")
CUX_SURF_IO(8, 1, unsigned long long, "", ".b64", "l")
CUX_SURF_IO(8, 2, unsigned long long, ".v2", ".b64", "l")

/* A value of T and its components, without aliasing T's storage. */
template <class T, int G>
static __device__ __inline__ void __cux_surf_read(
    T *__ret, cudaSurfaceObject_t __obj, int __x, int __y, int __z,
    int __l, enum cudaSurfaceBoundaryMode __mode)
{
    typedef __cux_surf_shape<T> S;
    typedef __cux_surf_io<S::bytes, S::count> IO;
    typename IO::reg __d[S::count];
    IO::template load<G>(__d, __obj, __x, __y, __z, __l, __mode);
    unsigned char __bytes[sizeof(T)];
    for (int __i = 0; __i < S::count; __i++)
        __builtin_memcpy(__bytes + __i * S::bytes, &__d[__i], S::bytes);
    __builtin_memcpy(__ret, __bytes, sizeof(T));
}

template <class T, int G>
static __device__ __inline__ void __cux_surf_write(
    const T &__val, cudaSurfaceObject_t __obj, int __x, int __y, int __z,
    int __l, enum cudaSurfaceBoundaryMode __mode)
{
    typedef __cux_surf_shape<T> S;
    typedef __cux_surf_io<S::bytes, S::count> IO;
    unsigned char __bytes[sizeof(T)];
    __builtin_memcpy(__bytes, &__val, sizeof(T));
    typename IO::reg __d[S::count];
    for (int __i = 0; __i < S::count; __i++) {
        __d[__i] = 0;
        __builtin_memcpy(&__d[__i], __bytes + __i * S::bytes, S::bytes);
    }
    IO::template store<G>(__d, __obj, __x, __y, __z, __l, __mode);
}

/* CUDA's functions: reads in their two forms, void f(T *, ...) and
 * T f<T>(...); writes take the value first. */
#define CUX_SURF_FN(name, G, params, x, y, z, l)                           \
    template <class T>                                                     \
    static __device__ __inline__ typename __cux_surf_shape<T>::none       \
    name##read(T *__ret, cudaSurfaceObject_t __obj, CUX_SURF_ID params,    \
               enum cudaSurfaceBoundaryMode __mode = cudaBoundaryModeTrap) \
    {                                                                      \
        __cux_surf_read<T, G>(__ret, __obj, x, y, z, l, __mode);           \
    }                                                                      \
    template <class T>                                                     \
    static __device__ __inline__ T name##read(                             \
        cudaSurfaceObject_t __obj, CUX_SURF_ID params,                     \
        enum cudaSurfaceBoundaryMode __mode = cudaBoundaryModeTrap)        \
    {                                                                      \
        T __ret;                                                           \
        __cux_surf_read<T, G>(&__ret, __obj, x, y, z, l, __mode);          \
        return __ret;                                                      \
    }                                                                      \
    template <class T>                                                     \
    static __device__ __inline__ typename __cux_surf_shape<T>::none       \
    name##write(T __val, cudaSurfaceObject_t __obj, CUX_SURF_ID params,    \
                enum cudaSurfaceBoundaryMode __mode = cudaBoundaryModeTrap)\
    {                                                                      \
        __cux_surf_write<T, G>(__val, __obj, x, y, z, l, __mode);          \
    }
#define CUX_SURF_ID(...) __VA_ARGS__

CUX_SURF_FN(surf1D, __cux_surf_1d, (int __x), __x, 0, 0, 0)
CUX_SURF_FN(surf2D, __cux_surf_2d, (int __x, int __y), __x, __y, 0, 0)
CUX_SURF_FN(surf3D, __cux_surf_3d, (int __x, int __y, int __z), __x, __y,
            __z, 0)
CUX_SURF_FN(surf1DLayered, __cux_surf_a1d, (int __x, int __layer), __x, 0,
            0, __layer)
CUX_SURF_FN(surf2DLayered, __cux_surf_a2d, (int __x, int __y, int __layer),
            __x, __y, 0, __layer)
/* A cubemap's faces are the layers of a 2D layered surface: face, or
 * 6 * layer + face in a cubemap array. */
CUX_SURF_FN(surfCubemap, __cux_surf_a2d, (int __x, int __y, int __face),
            __x, __y, 0, __face)
CUX_SURF_FN(surfCubemapLayered, __cux_surf_a2d,
            (int __x, int __y, int __layer_face), __x, __y, 0, __layer_face)

#undef CUX_SURF_FN
#undef CUX_SURF_ID
#undef CUX_SURF_IO
#undef CUX_SURF_MODES
#undef CUX_SURF_GEOMS
#undef CUX_SULD
#undef CUX_SUST
#undef CUX_SURF_REGS1
#undef CUX_SURF_REGS2
#undef CUX_SURF_REGS4
#undef CUX_SURF_OUT1
#undef CUX_SURF_OUT2
#undef CUX_SURF_OUT4
#undef CUX_SURF_ARG1
#undef CUX_SURF_ARG2
#undef CUX_SURF_ARG4
#undef CUX_SURF_IN
#undef CUX_SURF_AT_1d
#undef CUX_SURF_AT_2d
#undef CUX_SURF_AT_3d
#undef CUX_SURF_AT_a1d
#undef CUX_SURF_AT_a2d

#endif
