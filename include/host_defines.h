/* host_defines.h: CUDA's function and variable qualifiers for cux.
 * Under clang's CUDA mode they are clang attributes; elsewhere empty. */
#ifndef CUX_HOST_DEFINES_H
#define CUX_HOST_DEFINES_H
/* NVIDIA's guard name: Thrust tests it to know the qualifiers below are
 * CUDA's and must not be undefined. */
#define __HOST_DEFINES_H__

/* Variadic and empty macro arguments below are C99/C++11; this keeps
 * pedantic C++98 builds of user code quiet, as NVIDIA's headers are. */
#if defined(__GNUC__)
#pragma GCC system_header
#endif

#if defined(__CUDA__)
/* clang -x cuda understands these attributes natively; the names below
 * are the spellings CUDA programs use. */
#define __host__ __attribute__((host))
#define __device__ __attribute__((device))
#define __global__ __attribute__((global))
#define __shared__ __attribute__((shared))
#define __constant__ __attribute__((constant))
/* clang accepts its managed attribute only for HIP.  A __managed__
 * variable is a __device__ one whose host copy sits in the section
 * cux_managed: the runtime finds it there (cux/managed_section.h) and
 * makes that host variable the device's memory, so host and device code
 * read and write the same bytes, as with CUDA's unified memory. */
#define __managed__ __attribute__((device)) __attribute__((section("cux_managed")))
#define __launch_bounds__(...) __attribute__((launch_bounds(__VA_ARGS__)))
#if __has_attribute(grid_constant)
#define __grid_constant__ __attribute__((grid_constant))
#else
#define __grid_constant__
#endif
#else
#define __host__
#define __device__
#define __global__
#define __shared__
#define __constant__
#define __managed__
#define __launch_bounds__(...)
#define __grid_constant__
#endif

/* __noinline__ is also a GNU attribute spelling, and the standard C++
 * libraries use it so: __attribute__((__noinline__)) (libstdc++'s
 * <memory> and <string>), [[__gnu__::__noinline__]] (libstdc++'s
 * <stacktrace>, newer libc++).  A macro that expands to a whole attribute
 * breaks those, so:
 * - clang 15 and later make __noinline__ a keyword in CUDA mode, valid
 *   both alone and inside an attribute: no macro at all.
 * - clang 14 in CUDA mode: the macro names the attribute by its own name
 *   (a macro is not expanded inside its own expansion), so alone it is
 *   __attribute__((__noinline__)).  Inside the libraries' attributes it
 *   becomes an unknown attribute whose argument, (__noinline__), is an
 *   expression; the enumerator makes that expression valid, and the
 *   unknown attribute is dropped with a warning that system headers do
 *   not show.  Those library functions lose a hint, nothing else.
 * - host-only C and C++ (no CUDA compiler): undefined, as in NVIDIA's
 *   headers, so every standard header compiles with gcc and clang. */
#if defined(__CUDA__) && defined(__clang__) && __clang_major__ < 15
enum cux_noinline_attribute_argument { __noinline__ };
#define __noinline__ __attribute__((__noinline__))
#endif

#if defined(__GNUC__) || defined(__clang__)
#define __forceinline__ __inline__ __attribute__((always_inline))
#define __align__(n) __attribute__((aligned(n)))
#define __thread__ __thread
#define __import__
#define __export__
#define __cdecl
#define __annotate__(a) __attribute__((a))
#define __location__(a) __annotate__(a)
#define CUDARTAPI
#define CUDART_CB
#define CUDAAPI
#else
#define __forceinline__ inline
#define __align__(n)
#define CUDARTAPI
#define CUDART_CB
#define CUDAAPI
#endif

#if !defined(__restrict__) && !defined(__GNUC__) && !defined(__clang__)
#define __restrict__ restrict
#endif

/* NVIDIA tags built-in types with these; they carry no meaning here. */
#define __device_builtin__
#define __device_builtin_texture_type__
#define __device_builtin_surface_type__
#define __cudart_builtin__
#define CUDART_DEVICE __device__

#if defined(__cplusplus)
#define CUX_DEFAULT(v) = v
#define CUX_EXTERN_C_BEGIN extern "C" {
#define CUX_EXTERN_C_END }
#else
#define CUX_DEFAULT(v)
#define CUX_EXTERN_C_BEGIN
#define CUX_EXTERN_C_END
#endif

#endif
