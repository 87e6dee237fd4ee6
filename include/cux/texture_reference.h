/* cux/texture_reference.h: texture references (texture<T, dim, mode> at
 * namespace scope, bound with cudaBindTexture*; removed in CUDA 12).
 *
 * clang gives a class marked device_builtin_texture_type the treatment
 * nvcc gave CUDA's: a namespace-scope variable of it is implicitly a
 * device variable, the device code declares it as a PTX .texref, and the
 * host code registers it with __cudaRegisterTexture (its dimension and
 * read mode included).  Device code passes the reference as a 64-bit
 * handle: the address of the .texref, whose storage cux fills with a
 * texture descriptor when the host binds it, so that the address works
 * as a texture object and the fetches below are the object fetches.
 *
 * The template takes the global name `texture`, as CUDA 11's headers did;
 * a program that names something else `texture` at global scope is
 * compiled with -DCUX_NO_TEXTURE_REFERENCE (cuda_runtime.h comes first,
 * so a #define in the source is too late). */
#ifndef CUX_TEXTURE_REFERENCE_H
#define CUX_TEXTURE_REFERENCE_H

#ifndef CUX_NO_TEXTURE_REFERENCE
template <class T, int dim = 1,
          enum cudaTextureReadMode mode = cudaReadModeElementType>
struct __attribute__((device_builtin_texture_type)) texture
    : public textureReference {
    /* CUDA's constructors.  clang accepts them in the device pass too for
     * a texture type (the device copy, a .texref, is never initialised
     * there), so `texture<float> t(1, cudaFilterModeLinear);` compiles.
     * The defaults: unnormalized coordinates, point sampling, clamp. */
    __host__ texture(int norm = 0,
                     enum cudaTextureFilterMode fMode = cudaFilterModePoint,
                     enum cudaTextureAddressMode aMode = cudaAddressModeClamp)
    {
        init(norm, fMode, aMode, cudaCreateChannelDesc<T>());
    }
    __host__ texture(int norm, enum cudaTextureFilterMode fMode,
                     enum cudaTextureAddressMode aMode,
                     struct cudaChannelFormatDesc desc)
    {
        init(norm, fMode, aMode, desc);
    }

  private:
    __host__ void init(int norm, enum cudaTextureFilterMode fMode,
                       enum cudaTextureAddressMode aMode,
                       struct cudaChannelFormatDesc desc)
    {
        textureReference *r = this;
        *r = textureReference();
        normalized = norm;
        filterMode = fMode;
        addressMode[0] = addressMode[1] = addressMode[2] = aMode;
        channelDesc = desc;
    }
};

/* Host API: CUDA's C++ forms, over the C functions of cuda_runtime_api.h.
 * The forms without a channel descriptor take the reference's own. */
template <class T, int dim, enum cudaTextureReadMode mode>
static __inline__ __host__ cudaError_t
cudaBindTexture(size_t *offset, const struct texture<T, dim, mode> &tex,
                const void *devPtr, const struct cudaChannelFormatDesc &desc,
                size_t size = 0xffffffffu)
{
    return cudaBindTexture(offset, &tex, devPtr, &desc, size);
}
template <class T, int dim, enum cudaTextureReadMode mode>
static __inline__ __host__ cudaError_t
cudaBindTexture(size_t *offset, const struct texture<T, dim, mode> &tex,
                const void *devPtr, size_t size = 0xffffffffu)
{
    return cudaBindTexture(offset, &tex, devPtr, &tex.channelDesc, size);
}
template <class T, int dim, enum cudaTextureReadMode mode>
static __inline__ __host__ cudaError_t
cudaBindTexture2D(size_t *offset, const struct texture<T, dim, mode> &tex,
                  const void *devPtr,
                  const struct cudaChannelFormatDesc &desc, size_t width,
                  size_t height, size_t pitch)
{
    return cudaBindTexture2D(offset, &tex, devPtr, &desc, width, height,
                             pitch);
}
template <class T, int dim, enum cudaTextureReadMode mode>
static __inline__ __host__ cudaError_t
cudaBindTexture2D(size_t *offset, const struct texture<T, dim, mode> &tex,
                  const void *devPtr, size_t width, size_t height,
                  size_t pitch)
{
    return cudaBindTexture2D(offset, &tex, devPtr, &tex.channelDesc, width,
                             height, pitch);
}
template <class T, int dim, enum cudaTextureReadMode mode>
static __inline__ __host__ cudaError_t
cudaBindTextureToArray(const struct texture<T, dim, mode> &tex,
                       cudaArray_const_t array,
                       const struct cudaChannelFormatDesc &desc)
{
    return cudaBindTextureToArray(&tex, array, &desc);
}
/* Without a descriptor, the array's own format. */
template <class T, int dim, enum cudaTextureReadMode mode>
static __inline__ __host__ cudaError_t
cudaBindTextureToArray(const struct texture<T, dim, mode> &tex,
                       cudaArray_const_t array)
{
    struct cudaChannelFormatDesc desc;
    cudaError_t err = cudaGetChannelDesc(&desc, array);
    return err == cudaSuccess ? cudaBindTextureToArray(&tex, array, &desc)
                              : err;
}
template <class T, int dim, enum cudaTextureReadMode mode>
static __inline__ __host__ cudaError_t
cudaUnbindTexture(const struct texture<T, dim, mode> &tex)
{
    return cudaUnbindTexture(&tex);
}
template <class T, int dim, enum cudaTextureReadMode mode>
static __inline__ __host__ cudaError_t
cudaGetTextureAlignmentOffset(size_t *offset,
                              const struct texture<T, dim, mode> &tex)
{
    return cudaGetTextureAlignmentOffset(offset, &tex);
}

/* Device fetches.  A normalized-float read returns float for a scalar
 * texel and floatN for an N-vector, as CUDA's do; the descriptor bound
 * to the reference says to normalize, so the object fetch of that type
 * does it. */
template <class T> struct cux_texref_nf { typedef float type; };
#define CUX_TEXREF_NF(V)                                                   \
    template <> struct cux_texref_nf<V##1> { typedef float1 type; };       \
    template <> struct cux_texref_nf<V##2> { typedef float2 type; };       \
    template <> struct cux_texref_nf<V##4> { typedef float4 type; };
CUX_TEXREF_NF(char)
CUX_TEXREF_NF(uchar)
CUX_TEXREF_NF(short)
CUX_TEXREF_NF(ushort)
#undef CUX_TEXREF_NF

template <class T, enum cudaTextureReadMode mode> struct cux_texref_ret {
    typedef T type;
};
template <class T> struct cux_texref_ret<T, cudaReadModeNormalizedFloat> {
    typedef typename cux_texref_nf<T>::type type;
};

/* The reference, passed by value, is the .texref's address (see top). */
template <class T, int dim, enum cudaTextureReadMode mode>
static __device__ __inline__ cudaTextureObject_t
cux_texref_object(texture<T, dim, mode> tex)
{
    cudaTextureObject_t obj;
    asm("mov.b64 %0, %1;" : "=l"(obj) : "l"(tex));
    return obj;
}

#define CUX_TEXREF_FN(name, dim, op, params, args)                         \
    template <class T, enum cudaTextureReadMode mode>                      \
    static __device__ __inline__ typename cux_texref_ret<T, mode>::type    \
    name(texture<T, dim, mode> __tex, CUX_TEXREF_ID params)                \
    {                                                                      \
        typename cux_texref_ret<T, mode>::type __ret;                      \
        __nv_tex_surf_handler(op, &__ret, cux_texref_object(__tex),        \
                              CUX_TEXREF_ID args);                         \
        return __ret;                                                      \
    }
#define CUX_TEXREF_ID(...) __VA_ARGS__

CUX_TEXREF_FN(tex1Dfetch, cudaTextureType1D, "__tex1Dfetch_v2", (int __x),
              (__x))
CUX_TEXREF_FN(tex1D, cudaTextureType1D, "__tex1D_v2", (float __x), (__x))
CUX_TEXREF_FN(tex2D, cudaTextureType2D, "__tex2D_v2",
              (float __x, float __y), (__x, __y))
CUX_TEXREF_FN(tex3D, cudaTextureType3D, "__tex3D_v2",
              (float __x, float __y, float __z), (__x, __y, __z))

#undef CUX_TEXREF_FN
#undef CUX_TEXREF_ID
#endif

#endif
