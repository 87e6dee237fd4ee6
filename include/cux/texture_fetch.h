/* cux/texture_fetch.h: the texture-object fetch functions kernels call
 * (tex1Dfetch, tex2D<float4>...), on top of clang's tex.* asm handler. */
#ifndef CUX_TEXTURE_FETCH_H
#define CUX_TEXTURE_FETCH_H

/* clang's __nv_tex_surf_handler(op, &ret, obj, coords...) picks the PTX
 * tex instruction from the op name and the element type from ret: int,
 * unsigned and float families fetch as .s32, .u32 and .f32 four-vectors
 * and are narrowed to T.  Each function below comes in CUDA's two forms:
 * T f<T>(obj, coords) and void f(T *ret, obj, coords).  Types the handler
 * lacks (long, double, half) fail to compile, as under nvcc. */
#include "../texture_types.h"
/* clang before 16 names the texture<> reference template (gone in CUDA
 * 12) unconditionally; a declaration where its lookup starts, rather
 * than in the global namespace, keeps user names like `texture` free. */
#if __clang_major__ < 16
namespace {
namespace __cuda_tex {
template <class, int, enum cudaTextureReadMode> struct texture;
}
}
#endif
#include <__clang_cuda_texture_intrinsics.h>
#include "texture_reference.h"

#define CUX_TEX_FN(name, op, params, args)                                 \
    template <class T>                                                     \
    static __device__ __inline__ void name(T *__ret,                       \
                                           cudaTextureObject_t __obj,      \
                                           CUX_TEX_ID params)               \
    {                                                                      \
        __nv_tex_surf_handler(op, __ret, __obj, CUX_TEX_ID args);           \
    }                                                                      \
    template <class T>                                                     \
    static __device__ __inline__ T name(cudaTextureObject_t __obj,         \
                                        CUX_TEX_ID params)                  \
    {                                                                      \
        T __ret;                                                           \
        __nv_tex_surf_handler(op, &__ret, __obj, CUX_TEX_ID args);          \
        return __ret;                                                      \
    }
#define CUX_TEX_ID(...) __VA_ARGS__

CUX_TEX_FN(tex1Dfetch, "__tex1Dfetch_v2", (int __x), (__x))
CUX_TEX_FN(tex1D, "__tex1D_v2", (float __x), (__x))
CUX_TEX_FN(tex2D, "__tex2D_v2", (float __x, float __y), (__x, __y))
CUX_TEX_FN(tex3D, "__tex3D_v2", (float __x, float __y, float __z),
           (__x, __y, __z))
CUX_TEX_FN(tex1DLayered, "__tex1DLayered_v2", (float __x, int __layer),
           (__x, __layer))
CUX_TEX_FN(tex2DLayered, "__tex2DLayered_v2",
           (float __x, float __y, int __layer), (__x, __y, __layer))
CUX_TEX_FN(tex1DLod, "__tex1DLod_v2", (float __x, float __level),
           (__x, __level))
CUX_TEX_FN(tex2DLod, "__tex2DLod_v2", (float __x, float __y, float __level),
           (__x, __y, __level))
CUX_TEX_FN(tex3DLod, "__tex3DLod_v2",
           (float __x, float __y, float __z, float __level),
           (__x, __y, __z, __level))
CUX_TEX_FN(texCubemap, "__texCubemap_v2", (float __x, float __y, float __z),
           (__x, __y, __z))
CUX_TEX_FN(texCubemapLayered, "__texCubemapLayered_v2",
           (float __x, float __y, float __z, int __layer),
           (__x, __y, __z, __layer))

/* tex2Dgather's component defaults to 0 (red), as in CUDA. */
template <class T>
static __device__ __inline__ void tex2Dgather(T *__ret,
                                              cudaTextureObject_t __obj,
                                              float __x, float __y,
                                              int __comp = 0)
{
    __nv_tex_surf_handler("__tex2Dgather_v2", __ret, __obj, __x, __y,
                          __comp);
}
template <class T>
static __device__ __inline__ T tex2Dgather(cudaTextureObject_t __obj,
                                           float __x, float __y,
                                           int __comp = 0)
{
    T __ret;
    __nv_tex_surf_handler("__tex2Dgather_v2", &__ret, __obj, __x, __y,
                          __comp);
    return __ret;
}

#undef CUX_TEX_FN
#undef CUX_TEX_ID

#endif
