/* rt_texture_reference.c: texture references (cudaBindTexture and
 * friends, CUDA 11 and before).
 *
 * A reference is a device variable registered by __cudaRegisterTexture
 * (rt_register.c); its device copy is a .texref whose storage holds a
 * cux_texture_desc.  Binding flattens the memory, the channel format and
 * the sampling fields the host set in the textureReference, exactly as a
 * texture object's descriptors are flattened (rt_texture.c), and copies
 * the result into that storage with cudaMemcpyToSymbol: ordered after the
 * work already queued on the legacy stream, so rebinding between two
 * launches gives each its own binding.  Unbinding copies a descriptor of
 * no memory, which reads as zero. */
#include "rt/rt.h"
#include "ptx/ptx.h"

#include <string.h>

_Static_assert(sizeof(cux_texture_desc) <= CUX_PTX_TEXREF_SIZE,
               "a .texref holds a texture descriptor");

/* The registered reference at ref, its module loaded on the current
 * device. */
static cudaError_t find(const struct textureReference *ref,
                        cux_rt_device **dev, cux_rt_var **out)
{
    cudaError_t err = cux_rt_enter(dev);
    if (err != cudaSuccess)
        return err;
    if (!ref || !*dev)
        return cudaErrorInvalidTexture;
    if (!(*dev)->dev->ops->texture_create)
        return cudaErrorNotSupported; /* a device without samplers */
    cux_rt_var *v;
    err = cux_rt_var_resolve(ref, *dev, &v);
    if (err == cudaErrorInvalidSymbol || (err == cudaSuccess &&
                                          !v->texref_dims))
        return cudaErrorInvalidTexture;
    *out = v;
    return err;
}

static cudaError_t publish(cux_rt_var *v, const cux_texture_desc *t,
                           bool bound, size_t offset)
{
    cudaError_t err = cudaMemcpyToSymbol(v->host, t, sizeof *t, 0,
                                         cudaMemcpyHostToDevice);
    if (err != cudaSuccess)
        return err;
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->lock);
    v->texref_bound = bound;
    v->texref_offset = offset;
    pthread_mutex_unlock(&ctx->lock);
    return cudaSuccess;
}

/* The sampling fields of the reference and the read mode of its type. */
static struct cudaTextureDesc sampling(const struct textureReference *ref,
                                       const cux_rt_var *v)
{
    struct cudaTextureDesc d;
    memset(&d, 0, sizeof d);
    memcpy(d.addressMode, ref->addressMode, sizeof d.addressMode);
    d.filterMode = ref->filterMode;
    d.readMode = (enum cudaTextureReadMode)v->texref_read_mode;
    d.sRGB = ref->sRGB;
    d.normalizedCoords = ref->normalized;
    return d;
}

static cudaError_t bind(const struct textureReference *ref,
                        const struct cudaResourceDesc *res, size_t offset)
{
    cux_rt_device *dev;
    cux_rt_var *v;
    cudaError_t err = find(ref, &dev, &v);
    if (err != cudaSuccess)
        return err;
    struct cudaTextureDesc td = sampling(ref, v);
    cux_texture_desc t;
    if ((err = cux_rt_texture_flatten(res, &td, NULL, &t)) != cudaSuccess)
        return err;
    return publish(v, &t, true, offset);
}

/* Texture base addresses are aligned to textureAlignment: memory at p is
 * bound from the aligned address below it, and the caller learns the
 * difference in *offset (which may be NULL only if there is none).
 * Checks the arguments both linear binds share first. */
static cudaError_t align_down(const struct textureReference *texref,
                              const void *p,
                              const struct cudaChannelFormatDesc *desc,
                              size_t *offset, const char **base,
                              size_t *below, cux_rt_device **dev)
{
    if (!texref)
        return cudaErrorInvalidTexture;
    if (!p || !desc)
        return cudaErrorInvalidValue;
    cudaError_t err = cux_rt_enter(dev);
    if (err != cudaSuccess)
        return err;
    size_t a = *dev ? (*dev)->prop.textureAlignment : 1;
    *below = a ? (uintptr_t)p % a : 0;
    if (*below && !offset)
        return cudaErrorInvalidValue;
    *base = (const char *)p - *below;
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaBindTexture(
    size_t *offset, const struct textureReference *texref,
    const void *devPtr, const struct cudaChannelFormatDesc *desc,
    size_t size)
{
    const char *base;
    size_t below;
    cux_rt_device *dev;
    cudaError_t err = align_down(texref, devPtr, desc, offset, &base, &below,
                                 &dev);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    struct cudaResourceDesc res;
    memset(&res, 0, sizeof res);
    res.resType = cudaResourceTypeLinear;
    res.res.linear.devPtr = (void *)base;
    res.res.linear.desc = *desc;
    res.res.linear.sizeInBytes = size + below;
    err = bind(texref, &res, below);
    if (err == cudaSuccess && offset)
        *offset = below;
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaBindTexture2D(
    size_t *offset, const struct textureReference *texref, const void *devPtr,
    const struct cudaChannelFormatDesc *desc, size_t width, size_t height,
    size_t pitch)
{
    const char *base;
    size_t below;
    cux_rt_device *dev;
    cudaError_t err = align_down(texref, devPtr, desc, offset, &base, &below,
                                 &dev);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    unsigned channels, bits;
    if ((err = cux_rt_channel_check(desc, &channels, &bits)) != cudaSuccess)
        return cux_rt_ret(err);
    size_t elem = channels * bits / 8;
    /* rows start at multiples of texturePitchAlignment, and the bytes
     * below the pointer must be whole texels of the first row */
    if ((dev && pitch % dev->prop.texturePitchAlignment) || below % elem)
        return cux_rt_ret(cudaErrorInvalidValue);
    struct cudaResourceDesc res;
    memset(&res, 0, sizeof res);
    res.resType = cudaResourceTypePitch2D;
    res.res.pitch2D.devPtr = (void *)base;
    res.res.pitch2D.desc = *desc;
    res.res.pitch2D.width = width ? width + below / elem : 0;
    res.res.pitch2D.height = height;
    res.res.pitch2D.pitchInBytes = pitch;
    err = bind(texref, &res, below);
    if (err == cudaSuccess && offset)
        *offset = below;
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaBindTextureToArray(
    const struct textureReference *texref, cudaArray_const_t array,
    const struct cudaChannelFormatDesc *desc)
{
    if (!texref)
        return cux_rt_ret(cudaErrorInvalidTexture);
    if (!array || !desc)
        return cux_rt_ret(cudaErrorInvalidValue);
    unsigned channels, bits;
    cudaError_t err = cux_rt_channel_check(desc, &channels, &bits);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    struct cudaResourceDesc res;
    memset(&res, 0, sizeof res);
    res.resType = cudaResourceTypeArray;
    res.res.array.array = (cudaArray_t)array;
    return cux_rt_ret(bind(texref, &res, 0));
}

CUX_EXPORT cudaError_t cudaUnbindTexture(const struct textureReference *texref)
{
    cux_rt_device *dev;
    cux_rt_var *v;
    cudaError_t err = find(texref, &dev, &v);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    cux_texture_desc none;
    memset(&none, 0, sizeof none);
    return cux_rt_ret(publish(v, &none, false, 0));
}

CUX_EXPORT cudaError_t cudaGetTextureAlignmentOffset(
    size_t *offset, const struct textureReference *texref)
{
    cux_rt_device *dev;
    cux_rt_var *v;
    if (!offset)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = find(texref, &dev, &v);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->lock);
    bool bound = v->texref_bound;
    size_t off = v->texref_offset;
    pthread_mutex_unlock(&ctx->lock);
    if (!bound)
        return cux_rt_ret(cudaErrorInvalidTextureBinding);
    *offset = off;
    return cudaSuccess;
}

/* The reference is its host variable: the symbol is its address. */
CUX_EXPORT cudaError_t cudaGetTextureReference(
    const struct textureReference **texref, const void *symbol)
{
    if (!texref)
        return cux_rt_ret(cudaErrorInvalidValue);
    cux_rt_device *dev;
    cux_rt_var *v;
    cudaError_t err = find(symbol, &dev, &v);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    *texref = symbol;
    return cudaSuccess;
}
