/* rt_surface.c: surface objects (cudaCreateSurfaceObject and friends).
 *
 * A surface is a CUDA array made with cudaArraySurfaceLoadStore, read and
 * written by kernels through suld/sust with byte x coordinates.  The
 * runtime checks the resource descriptor, flattens the array's shape into
 * the device's cux_surface_desc and lets the device issue the handle.
 * The descriptor as the caller gave it is kept, keyed by handle, on the
 * context's list ctx.surfaces: that answers
 * cudaGetSurfaceObjectResourceDesc, refuses handles the runtime never
 * issued, and frees what is left at reset and exit. */
#include "rt/rt.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct surface {
    cux_rt_handle_obj h;        /* first: on ctx.surfaces */
    struct cudaResourceDesc res;
} surface;

/* Layers are not a third dimension: a layered array of depth n is n
 * layers of a 1D (height 0) or 2D array.  A cubemap's faces are layers
 * too, as surfCubemap* address them (face, or 6 * layer + face). */
static void shape(cudaArray_const_t a, cux_surface_desc *s)
{
    const struct cudaExtent e = a->extent;
    bool layered = (a->flags & (cudaArrayLayered | cudaArrayCubemap)) != 0;
    s->data = a->data;
    s->elem = (uint32_t)a->elem;
    s->row_bytes = a->pitch;
    s->pitch = a->pitch;
    s->height = e.height ? e.height : 1;
    s->depth = e.depth && !layered ? e.depth : 1;
    s->layers = layered ? e.depth : 1;
    s->slice_pitch = a->pitch * s->height;
    s->dims = e.depth && !layered ? 3 : e.height ? 2 : 1;
}

static cudaError_t resource(const struct cudaResourceDesc *r,
                            cux_surface_desc *s)
{
    /* "pResDesc->resType must be cudaResourceTypeArray and
     * pResDesc->res.array.array must be set to a valid CUDA array
     * handle." */
    if (r->resType != cudaResourceTypeArray || r->flags != 0)
        return cudaErrorInvalidValue;
    cudaArray_const_t a = r->res.array.array;
    if (!a || !cux_rt_array_live(a))
        return cudaErrorInvalidValue;
    /* CUDA refuses arrays allocated without cudaArraySurfaceLoadStore
     * with cudaErrorInvalidValue. */
    if (!(a->flags & cudaArraySurfaceLoadStore))
        return cudaErrorInvalidValue;
    shape(a, s);
    return cudaSuccess;
}

static cudaError_t create(cudaSurfaceObject_t *out,
                          const struct cudaResourceDesc *res)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err != cudaSuccess)
        return err;
    if (!out || !res)
        return cudaErrorInvalidValue;
    if (!dev->dev->ops->surface_create)
        return cudaErrorNotSupported; /* a device without surfaces */
    cux_surface_desc s;
    memset(&s, 0, sizeof s);
    if ((err = resource(res, &s)) != cudaSuccess)
        return err;
    unsigned long long handle = 0;
    err = dev->dev->ops->surface_create(dev->dev, &s, &handle);
    if (err != cudaSuccess)
        return err;
    surface *o = cux_xcalloc(1, sizeof(*o));
    *o = (surface){.h.handle = handle, .res = *res};
    cux_rt_obj_add(&cux_rt_ctx()->surfaces, &o->h.obj, dev->dev->ordinal);
    *out = handle;
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaCreateSurfaceObject(
    cudaSurfaceObject_t *pSurfObject, const struct cudaResourceDesc *pResDesc)
{
    return cux_rt_ret(create(pSurfObject, pResDesc));
}

/* Destroys an object already off the list.  Its device outlives it:
 * exit destroys the devices after the objects. */
static void release(cux_rt_obj *obj)
{
    surface *o = (surface *)obj;
    cux_device *dev = cux_rt_ctx()->devices[obj->device].dev;
    dev->ops->surface_destroy(dev, o->h.handle);
    free(o);
}

CUX_EXPORT cudaError_t cudaDestroySurfaceObject(cudaSurfaceObject_t surfObject)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess)
        /* kernels in flight may still use it: the device is synchronised */
        err = cux_rt_handle_destroy(&cux_rt_ctx()->surfaces, surfObject, release);
    return cux_rt_ret(err);
}

static cudaError_t query(struct cudaResourceDesc *out,
                         cudaSurfaceObject_t handle)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return err;
    if (!out)
        return cudaErrorInvalidValue;
    return cux_rt_handle_read(&cux_rt_ctx()->surfaces, handle, out,
                              offsetof(surface, res), sizeof *out);
}

CUX_EXPORT cudaError_t cudaGetSurfaceObjectResourceDesc(
    struct cudaResourceDesc *pResDesc, cudaSurfaceObject_t surfObject)
{
    return cux_rt_ret(query(pResDesc, surfObject));
}

void cux_rt_surfaces_free(int device)
{
    cux_rt_obj_free_all(&cux_rt_ctx()->surfaces, device, release);
}
