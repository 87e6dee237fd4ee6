/* rt_array.c: CUDA arrays (cudaMallocArray, cudaMalloc3DArray, copies in
 * and out) and channel descriptors.
 *
 * An array is plain device memory with its texels packed row after row
 * (pitch = width * element size), so copies are 1D or 2D copies through
 * the ordinary memcpy paths, and a texture over an array is a texture
 * over pitched memory.  Live arrays are kept on the context's list
 * ctx.arrays so that handles are checked before use; what is left is
 * freed at reset and exit (cux_rt_device_clear). */
#include "rt/rt.h"

#include <stdlib.h>

/* Channel descriptors -------------------------------------------------- */

CUX_EXPORT struct cudaChannelFormatDesc cudaCreateChannelDesc(
    int x, int y, int z, int w, enum cudaChannelFormatKind f)
{
    return (struct cudaChannelFormatDesc){x, y, z, w, f};
}

cudaError_t cux_rt_channel_check(const struct cudaChannelFormatDesc *d,
                                 unsigned *channels, unsigned *bits)
{
    const int c[4] = {d->x, d->y, d->z, d->w};
    unsigned n = 0;
    while (n < 4 && c[n] != 0)
        n++;
    for (unsigned i = n; i < 4; i++)
        if (c[i] != 0)          /* a gap: "x, 0, z" names no format */
            return cudaErrorInvalidChannelDescriptor;
    /* CUDA arrays have 1, 2 or 4 channels, all of one width. */
    if (n == 0 || n == 3)
        return cudaErrorInvalidChannelDescriptor;
    for (unsigned i = 1; i < n; i++)
        if (c[i] != c[0])
            return cudaErrorInvalidChannelDescriptor;
    if (c[0] != 8 && c[0] != 16 && c[0] != 32)
        return cudaErrorInvalidChannelDescriptor;
    if (d->f == cudaChannelFormatKindFloat && c[0] == 8)
        return cudaErrorInvalidChannelDescriptor;
    if ((unsigned)d->f > cudaChannelFormatKindFloat)
        return cudaErrorNotSupported; /* none, NV12, block-compressed */
    *channels = n;
    *bits = (unsigned)c[0];
    return cudaSuccess;
}

/* Allocation ------------------------------------------------------------- */

static cudaError_t array_alloc(cudaArray_t *out,
                               const struct cudaChannelFormatDesc *desc,
                               struct cudaExtent ext, unsigned flags)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err != cudaSuccess)
        return err;
    if (!out || !desc)
        return cudaErrorInvalidValue;
    unsigned channels, bits;
    if ((err = cux_rt_channel_check(desc, &channels, &bits)) != cudaSuccess)
        return err;
    /* Sparse and deferred arrays need mapping APIs cux lacks. */
    if (flags & ~(unsigned)(cudaArrayLayered | cudaArraySurfaceLoadStore |
                            cudaArrayTextureGather | cudaArrayCubemap))
        return cudaErrorNotSupported;
    /* "Width must be equal to Height, and Depth must be six. If the
     * cudaArrayLayered flag is also set, then Depth must be a multiple of
     * six." */
    if ((flags & cudaArrayCubemap) &&
        (ext.width != ext.height || ext.depth == 0 ||
         ((flags & cudaArrayLayered) ? ext.depth % 6 : ext.depth != 6)))
        return cudaErrorInvalidValue;
    /* A depth without a height is a 1D layered array: "a 1D layered
     * CUDA array is allocated if only the height extent is 0 and the
     * cudaArrayLayered flag is set". */
    if (ext.width == 0 ||
        (ext.depth && !ext.height && !(flags & cudaArrayLayered)))
        return cudaErrorInvalidValue;
    struct cudaArray *a = cux_xcalloc(1, sizeof(*a));
    a->desc = *desc;
    a->extent = ext;
    a->flags = flags;
    a->elem = channels * bits / 8;
    a->pitch = ext.width * a->elem;
    a->rows = (ext.height ? ext.height : 1) * (ext.depth ? ext.depth : 1);
    err = dev->dev->ops->mem_alloc(dev->dev, a->pitch * a->rows,
                                   CUX_MEM_DEVICE_ONLY, (void **)&a->data);
    if (err != cudaSuccess) {
        free(a);
        return err;
    }
    /* In the allocation table so that cudaMemcpyDefault knows an
     * array's side as device memory. */
    cux_rt_alloc_add(a->data, a->pitch * a->rows, CUX_RT_MEM_ARRAY,
                     dev->dev->ordinal, 0);
    cux_rt_obj_add(&cux_rt_ctx()->arrays, &a->obj, dev->dev->ordinal);
    *out = a;
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaMallocArray(cudaArray_t *array,
                                       const struct cudaChannelFormatDesc *desc,
                                       size_t width, size_t height,
                                       unsigned int flags)
{
    /* A layered array needs a depth (layer count): only the 3D call. */
    if (flags & cudaArrayLayered)
        return cux_rt_ret(cudaErrorInvalidValue);
    struct cudaExtent ext = {width, height, 0};
    return cux_rt_ret(array_alloc(array, desc, ext, flags));
}

CUX_EXPORT cudaError_t cudaMalloc3DArray(
    cudaArray_t *array, const struct cudaChannelFormatDesc *desc,
    struct cudaExtent extent, unsigned int flags)
{
    if ((flags & cudaArrayLayered) && extent.depth == 0)
        return cux_rt_ret(cudaErrorInvalidValue);
    return cux_rt_ret(array_alloc(array, desc, extent, flags));
}

/* Whether a is a live array; with `take`, also removes it. */
static bool find(cudaArray_const_t a, bool take)
{
    return cux_rt_obj_find(&cux_rt_ctx()->arrays, &a->obj, take);
}

/* Frees an array already off the list.  Its device outlives it: exit
 * destroys the devices after the arrays. */
static void release(cux_rt_obj *o)
{
    struct cudaArray *a = (struct cudaArray *)o;
    cux_device *dev = cux_rt_ctx()->devices[o->device].dev;
    cux_rt_alloc_remove(a->data, CUX_RT_MEM_ARRAY);
    dev->ops->mem_free(dev, a->data);
    free(a);
}

CUX_EXPORT cudaError_t cudaFreeArray(cudaArray_t array)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!array) /* "If array is 0, no operation is performed." */
        return cudaSuccess;
    if (!find(array, true))
        return cux_rt_ret(cudaErrorInvalidValue);
    /* CUDA's free synchronises: kernels may still read the texels. */
    cux_rt_sync_device(array->obj.device);
    release(&array->obj);
    return cudaSuccess;
}

void cux_rt_arrays_free(int device)
{
    cux_rt_obj_free_all(&cux_rt_ctx()->arrays, device, release);
}

bool cux_rt_array_live(cudaArray_const_t array)
{
    return find(array, false);
}

/* Queries -------------------------------------------------------------- */

CUX_EXPORT cudaError_t cudaArrayGetInfo(struct cudaChannelFormatDesc *desc,
                                        struct cudaExtent *extent,
                                        unsigned int *flags,
                                        cudaArray_t array)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!array || !cux_rt_array_live(array))
        return cux_rt_ret(cudaErrorInvalidValue);
    if (desc)
        *desc = array->desc;
    if (extent)
        *extent = array->extent;
    if (flags)
        *flags = array->flags;
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaGetChannelDesc(struct cudaChannelFormatDesc *desc,
                                          cudaArray_const_t array)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!desc || !array || !cux_rt_array_live(array))
        return cux_rt_ret(cudaErrorInvalidValue);
    *desc = array->desc;
    return cudaSuccess;
}

/* Copies --------------------------------------------------------------- */

/* Address of byte w_off of row h_off if a width-byte by height-row
 * rectangle from there fits in the array's first slice (CUDA's 2D copies
 * reach layer 0 only); for a linear copy (height 0), if `width` bytes
 * fit in the whole array.  NULL otherwise. */
static char *array_at(cudaArray_const_t a, size_t w_off, size_t h_off,
                      size_t width, size_t height)
{
    if (!a || !cux_rt_array_live(a))
        return NULL;
    size_t rows = a->extent.height ? a->extent.height : 1;
    size_t start = h_off * a->pitch + w_off;
    if (height == 0) {
        if (w_off > a->pitch || h_off > a->rows ||
            start + width > a->pitch * a->rows)
            return NULL;
    } else if (w_off + width > a->pitch || h_off + height > rows ||
               w_off + width < w_off || h_off + height < h_off) {
        return NULL;
    }
    return a->data + start;
}

CUX_EXPORT cudaError_t cudaMemcpy2DToArray(cudaArray_t dst, size_t wOffset,
                                           size_t hOffset, const void *src,
                                           size_t spitch, size_t width,
                                           size_t height,
                                           enum cudaMemcpyKind kind)
{
    if (height == 0) /* no rows: nothing to check against */
        return cudaMemcpy2D(NULL, 0, src, spitch, width, 0, kind);
    char *p = array_at(dst, wOffset, hOffset, width, height);
    if (!p)
        return cux_rt_ret(cudaErrorInvalidValue);
    return cudaMemcpy2D(p, dst->pitch, src, spitch, width, height, kind);
}

CUX_EXPORT cudaError_t cudaMemcpy2DFromArray(void *dst, size_t dpitch,
                                             cudaArray_const_t src,
                                             size_t wOffset, size_t hOffset,
                                             size_t width, size_t height,
                                             enum cudaMemcpyKind kind)
{
    if (height == 0)
        return cudaMemcpy2D(dst, dpitch, NULL, 0, width, 0, kind);
    char *p = array_at(src, wOffset, hOffset, width, height);
    if (!p)
        return cux_rt_ret(cudaErrorInvalidValue);
    return cudaMemcpy2D(dst, dpitch, p, src->pitch, width, height, kind);
}

CUX_EXPORT cudaError_t cudaMemcpyToArray(cudaArray_t dst, size_t wOffset,
                                         size_t hOffset, const void *src,
                                         size_t count,
                                         enum cudaMemcpyKind kind)
{
    char *p = array_at(dst, wOffset, hOffset, count, 0);
    if (!p)
        return cux_rt_ret(cudaErrorInvalidValue);
    return cudaMemcpy(p, src, count, kind);
}

CUX_EXPORT cudaError_t cudaMemcpyFromArray(void *dst, cudaArray_const_t src,
                                           size_t wOffset, size_t hOffset,
                                           size_t count,
                                           enum cudaMemcpyKind kind)
{
    char *p = array_at(src, wOffset, hOffset, count, 0);
    if (!p)
        return cux_rt_ret(cudaErrorInvalidValue);
    return cudaMemcpy(dst, p, count, kind);
}
