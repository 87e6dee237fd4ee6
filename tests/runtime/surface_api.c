/* surface_api.c: surface objects over CUDA arrays: what the device is
 * told for 1D, 2D, 3D and layered arrays, the resource query, the codes
 * for bad input (an array without cudaArraySurfaceLoadStore among them),
 * and reset freeing what is left. */
#include "rt_test.h"

/* On the CPU device a handle is the address of its cux_surface_desc. */
#include "../../src/dev/surface_desc.h"

static cudaArray_t array(struct cudaExtent e, unsigned flags)
{
    struct cudaChannelFormatDesc f2 =
        cudaCreateChannelDesc(16, 16, 0, 0, cudaChannelFormatKindSigned);
    cudaArray_t a = NULL;
    OK(cudaMalloc3DArray(&a, &f2, e, flags | cudaArraySurfaceLoadStore));
    return a;
}

static cudaSurfaceObject_t surface(cudaArray_t a)
{
    struct cudaResourceDesc r;
    memset(&r, 0, sizeof r);
    r.resType = cudaResourceTypeArray;
    r.res.array.array = a;
    cudaSurfaceObject_t s = 0;
    OK(cudaCreateSurfaceObject(&s, &r));
    return s;
}

static const cux_surface_desc *seen(cudaSurfaceObject_t obj)
{
    return (const cux_surface_desc *)(uintptr_t)obj;
}

/* Each shape as the device sees it: x in bytes, layers apart from depth. */
static void shapes(void)
{
    struct { struct cudaExtent e; unsigned flags; uint64_t h, d, l;
             uint32_t dims; } c[] = {
        {{7, 0, 0}, 0, 1, 1, 1, 1},
        {{7, 3, 0}, 0, 3, 1, 1, 2},
        {{7, 3, 2}, 0, 3, 2, 1, 3},
        {{7, 0, 5}, cudaArrayLayered, 1, 1, 5, 1},
        {{7, 3, 5}, cudaArrayLayered, 3, 1, 5, 2},
    };
    for (unsigned i = 0; i < sizeof c / sizeof *c; i++) {
        cudaArray_t a = array(c[i].e, c[i].flags);
        cudaSurfaceObject_t obj = surface(a);
        const cux_surface_desc *s = seen(obj);
        CHECK(s->elem == 4 && s->row_bytes == 28 && s->pitch == 28);
        CHECK(s->height == c[i].h && s->depth == c[i].d &&
              s->layers == c[i].l && s->dims == c[i].dims);
        CHECK(s->slice_pitch == 28 * c[i].h);
        struct cudaResourceDesc r;
        OK(cudaGetSurfaceObjectResourceDesc(&r, obj));
        CHECK(r.resType == cudaResourceTypeArray && r.res.array.array == a);
        OK(cudaDestroySurfaceObject(obj));
        OK(cudaFreeArray(a));
    }
}

static void bad_surfaces(void)
{
    struct cudaChannelFormatDesc f1 =
        cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
    cudaArray_t plain;
    OK(cudaMallocArray(&plain, &f1, 4, 4, 0));
    struct cudaResourceDesc r;
    memset(&r, 0, sizeof r);
    r.resType = cudaResourceTypeArray;
    r.res.array.array = plain;
    cudaSurfaceObject_t obj = 0;
    /* No cudaArraySurfaceLoadStore: CUDA says cudaErrorInvalidValue. */
    EXPECT(cudaCreateSurfaceObject(&obj, &r), cudaErrorInvalidValue);
    OK(cudaFreeArray(plain));
    EXPECT(cudaCreateSurfaceObject(&obj, &r), cudaErrorInvalidValue);
    float x[4];
    r.resType = cudaResourceTypeLinear;
    r.res.linear.devPtr = x;
    r.res.linear.desc = f1;
    r.res.linear.sizeInBytes = sizeof x;
    EXPECT(cudaCreateSurfaceObject(&obj, &r), cudaErrorInvalidValue);
    EXPECT(cudaCreateSurfaceObject(NULL, &r), cudaErrorInvalidValue);
    EXPECT(cudaCreateSurfaceObject(&obj, NULL), cudaErrorInvalidValue);
    EXPECT(cudaDestroySurfaceObject(12345), cudaErrorInvalidValue);
    EXPECT(cudaGetSurfaceObjectResourceDesc(NULL, 12345),
           cudaErrorInvalidValue);
    /* A layered array needs its layers; a 1D one only with the flag. */
    cudaArray_t a;
    struct cudaExtent no_height = {4, 0, 3};
    EXPECT(cudaMalloc3DArray(&a, &f1, no_height, cudaArraySurfaceLoadStore),
           cudaErrorInvalidValue);
    cudaGetLastError();
}

static void reset_frees(void)
{
    cudaArray_t a = array((struct cudaExtent){4, 4, 0}, 0);
    cudaSurfaceObject_t obj = surface(a);
    OK(cudaDeviceReset());
    struct cudaResourceDesc r;
    EXPECT(cudaGetSurfaceObjectResourceDesc(&r, obj), cudaErrorInvalidValue);
    cudaGetLastError();
}

/* Devices without surface support (the fake device) say NotSupported. */
static int has_surfaces(void)
{
    cudaArray_t a = array((struct cudaExtent){4, 4, 0}, 0);
    struct cudaResourceDesc r;
    memset(&r, 0, sizeof r);
    r.resType = cudaResourceTypeArray;
    r.res.array.array = a;
    cudaSurfaceObject_t obj;
    cudaError_t err = cudaCreateSurfaceObject(&obj, &r);
    if (err == cudaSuccess)
        OK(cudaDestroySurfaceObject(obj));
    else
        EXPECT(err, cudaErrorNotSupported);
    cudaGetLastError();
    OK(cudaFreeArray(a));
    return err == cudaSuccess;
}

int main(void)
{
    if (has_surfaces()) {
        shapes();
        bad_surfaces();
        reset_frees();
    }
    return finish("surface_api");
}
