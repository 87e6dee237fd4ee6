/* rt_texture.c: texture objects (cudaCreateTextureObject and friends).
 *
 * The runtime checks the resource and texture descriptors, flattens them
 * into the device's cux_texture_desc (memory, shape, texel format,
 * sampling modes) and lets the device issue the handle kernels receive.
 * The descriptors as the caller gave them are kept, keyed by handle, on
 * the context's list ctx.textures: that answers the cudaGetTextureObject*
 * queries, refuses handles the runtime never issued, and frees what is
 * left at reset and exit. */
#include "rt/rt.h"

#include <stdlib.h>
#include <string.h>

typedef struct texture {
    cux_rt_handle_obj h;        /* first: on ctx.textures */
    struct cudaResourceDesc res;
    struct cudaTextureDesc tex;
    struct cudaResourceViewDesc view; /* zero if none was given */
} texture;

/* Resources -------------------------------------------------------------- */

static cudaError_t from_array(const struct cudaResourceDesc *r,
                              cux_texture_desc *t)
{
    cudaArray_const_t a = r->res.array.array;
    if (!a || !cux_rt_array_live(a))
        return cudaErrorInvalidValue;
    unsigned channels, bits;
    cux_rt_channel_check(&a->desc, &channels, &bits);
    const struct cudaExtent e = a->extent;
    t->data = a->data;
    t->width = e.width;
    t->height = e.height ? e.height : 1;
    t->depth = e.depth ? e.depth : 1;
    t->pitch = a->pitch;
    t->slice_pitch = a->pitch * t->height;
    t->dims = e.depth ? 3 : e.height ? 2 : 1;
    /* Layers and faces are not a third coordinate: the layered and cube
     * tex forms pick one slice, then sample it in one or two dims. */
    bool layered = (a->flags & cudaArrayLayered) != 0;
    t->cubemap = (a->flags & cudaArrayCubemap) != 0;
    if (layered || t->cubemap) {
        t->dims = e.height ? 2 : 1;
        t->layers = layered ? (uint32_t)(e.depth / (t->cubemap ? 6 : 1)) : 0;
        t->depth = 1;
    }
    t->channels = channels;
    t->channel_bits = bits;
    t->kind = (uint32_t)a->desc.f;
    return cudaSuccess;
}

static cudaError_t format(const struct cudaChannelFormatDesc *d,
                          cux_texture_desc *t, size_t *elem)
{
    unsigned channels, bits;
    cudaError_t err = cux_rt_channel_check(d, &channels, &bits);
    if (err != cudaSuccess)
        return err;
    t->channels = channels;
    t->channel_bits = bits;
    t->kind = (uint32_t)d->f;
    *elem = channels * bits / 8;
    return cudaSuccess;
}

static cudaError_t from_linear(const struct cudaResourceDesc *r,
                               cux_texture_desc *t)
{
    size_t elem;
    if (!r->res.linear.devPtr || r->res.linear.sizeInBytes == 0)
        return cudaErrorInvalidValue;
    cudaError_t err = format(&r->res.linear.desc, t, &elem);
    if (err != cudaSuccess)
        return err;
    t->data = r->res.linear.devPtr;
    t->width = r->res.linear.sizeInBytes / elem;
    if (t->width == 0)
        return cudaErrorInvalidValue;
    t->height = t->depth = 1;
    t->pitch = t->slice_pitch = t->width * elem;
    t->dims = 1;
    t->linear = 1;
    return cudaSuccess;
}

static cudaError_t from_pitch2d(const struct cudaResourceDesc *r,
                                cux_texture_desc *t)
{
    size_t elem;
    if (!r->res.pitch2D.devPtr || r->res.pitch2D.width == 0 ||
        r->res.pitch2D.height == 0)
        return cudaErrorInvalidValue;
    cudaError_t err = format(&r->res.pitch2D.desc, t, &elem);
    if (err != cudaSuccess)
        return err;
    /* A row must hold its texels. */
    if (r->res.pitch2D.pitchInBytes < r->res.pitch2D.width * elem)
        return cudaErrorInvalidValue;
    t->data = r->res.pitch2D.devPtr;
    t->width = r->res.pitch2D.width;
    t->height = r->res.pitch2D.height;
    t->depth = 1;
    t->pitch = r->res.pitch2D.pitchInBytes;
    t->slice_pitch = t->pitch * t->height;
    t->dims = 2;
    return cudaSuccess;
}

static cudaError_t resource(const struct cudaResourceDesc *r,
                            cux_texture_desc *t)
{
    if (r->flags != 0) /* "flags: must be set to zero" */
        return cudaErrorInvalidValue;
    switch (r->resType) {
    case cudaResourceTypeArray:
        return from_array(r, t);
    case cudaResourceTypeLinear:
        return from_linear(r, t);
    case cudaResourceTypePitch2D:
        return from_pitch2d(r, t);
    case cudaResourceTypeMipmappedArray:
        return cudaErrorNotSupported; /* cux has no mipmapped arrays */
    default:
        return cudaErrorInvalidValue;
    }
}

/* Sampling modes --------------------------------------------------------- */

static cudaError_t sampling(const struct cudaTextureDesc *d,
                            cux_texture_desc *t)
{
    for (int i = 0; i < 3; i++) {
        if ((unsigned)d->addressMode[i] > cudaAddressModeBorder)
            return cudaErrorInvalidValue;
        t->address_mode[i] = (uint32_t)d->addressMode[i];
    }
    if ((unsigned)d->filterMode > cudaFilterModeLinear ||
        (unsigned)d->readMode > cudaReadModeNormalizedFloat)
        return cudaErrorInvalidValue;
    t->filter_linear = d->filterMode == cudaFilterModeLinear;
    /* Normalized-float reads convert 8- and 16-bit integers only. */
    t->read_normalized = d->readMode == cudaReadModeNormalizedFloat &&
                         t->kind != cudaChannelFormatKindFloat &&
                         t->channel_bits < 32;
    t->normalized_coords = d->normalizedCoords != 0;
    memcpy(t->border, d->borderColor, sizeof t->border);
    return cudaSuccess;
}

/* A view may only restate the resource: cux reinterprets nothing. */
static cudaError_t view_check(const struct cudaResourceViewDesc *v)
{
    if (v && v->format != cudaResViewFormatNone)
        return cudaErrorNotSupported;
    return cudaSuccess;
}

cudaError_t cux_rt_texture_flatten(const struct cudaResourceDesc *res,
                                   const struct cudaTextureDesc *tex,
                                   const struct cudaResourceViewDesc *view,
                                   cux_texture_desc *t)
{
    memset(t, 0, sizeof *t);
    cudaError_t err;
    if ((err = resource(res, t)) != cudaSuccess ||
        (err = sampling(tex, t)) != cudaSuccess ||
        (err = view_check(view)) != cudaSuccess)
        return err;
    return cudaSuccess;
}

/* Objects ------------------------------------------------------------- */

static cudaError_t create(cudaTextureObject_t *out,
                          const struct cudaResourceDesc *res,
                          const struct cudaTextureDesc *tex,
                          const struct cudaResourceViewDesc *view)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err != cudaSuccess)
        return err;
    if (!out || !res || !tex)
        return cudaErrorInvalidValue;
    if (!dev->dev->ops->texture_create)
        return cudaErrorNotSupported; /* a device without samplers */
    cux_texture_desc t;
    if ((err = cux_rt_texture_flatten(res, tex, view, &t)) != cudaSuccess)
        return err;
    unsigned long long handle = 0;
    err = dev->dev->ops->texture_create(dev->dev, &t, &handle);
    if (err != cudaSuccess)
        return err;
    texture *o = cux_xcalloc(1, sizeof(*o));
    *o = (texture){.h.handle = handle, .res = *res, .tex = *tex};
    if (view)
        o->view = *view;
    cux_rt_obj_add(&cux_rt_ctx()->textures, &o->h.obj, dev->dev->ordinal);
    *out = handle;
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaCreateTextureObject(
    cudaTextureObject_t *pTexObject, const struct cudaResourceDesc *pResDesc,
    const struct cudaTextureDesc *pTexDesc,
    const struct cudaResourceViewDesc *pResViewDesc)
{
    return cux_rt_ret(create(pTexObject, pResDesc, pTexDesc, pResViewDesc));
}

/* Destroys an object already off the list.  Its device outlives it:
 * exit destroys the devices after the objects. */
static void release(cux_rt_obj *obj)
{
    texture *o = (texture *)obj;
    cux_device *dev = cux_rt_ctx()->devices[obj->device].dev;
    dev->ops->texture_destroy(dev, o->h.handle);
    free(o);
}

CUX_EXPORT cudaError_t cudaDestroyTextureObject(cudaTextureObject_t texObject)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess)
        /* kernels in flight may still use it: the device is synchronised */
        err = cux_rt_handle_destroy(&cux_rt_ctx()->textures, texObject, release);
    return cux_rt_ret(err);
}

/* Copies one descriptor of a live object to out (size bytes at offset
 * `field` of the record). */
static cudaError_t query(void *out, cudaTextureObject_t handle,
                         size_t field, size_t size)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return err;
    if (!out)
        return cudaErrorInvalidValue;
    return cux_rt_handle_read(&cux_rt_ctx()->textures, handle, out, field,
                              size);
}

CUX_EXPORT cudaError_t cudaGetTextureObjectResourceDesc(
    struct cudaResourceDesc *pResDesc, cudaTextureObject_t texObject)
{
    return cux_rt_ret(query(pResDesc, texObject, offsetof(texture, res),
                            sizeof(struct cudaResourceDesc)));
}

CUX_EXPORT cudaError_t cudaGetTextureObjectTextureDesc(
    struct cudaTextureDesc *pTexDesc, cudaTextureObject_t texObject)
{
    return cux_rt_ret(query(pTexDesc, texObject, offsetof(texture, tex),
                            sizeof(struct cudaTextureDesc)));
}

CUX_EXPORT cudaError_t cudaGetTextureObjectResourceViewDesc(
    struct cudaResourceViewDesc *pResViewDesc, cudaTextureObject_t texObject)
{
    return cux_rt_ret(query(pResViewDesc, texObject, offsetof(texture, view),
                            sizeof(struct cudaResourceViewDesc)));
}

void cux_rt_textures_free(int device)
{
    cux_rt_obj_free_all(&cux_rt_ctx()->textures, device, release);
}
