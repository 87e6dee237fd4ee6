/* texture_api.c: CUDA arrays, copies in and out of them, and texture
 * objects over arrays, linear and pitched memory: creation, descriptor
 * round trips, what the device is told, and the codes for bad input. */
#include "rt_test.h"

#include <stdlib.h>

/* On the CPU device a handle is the address of its cux_texture_desc. */
#include "../../src/dev/texture_desc.h"

static void arrays(void)
{
    struct cudaChannelFormatDesc f4 =
        cudaCreateChannelDesc(32, 32, 32, 32, cudaChannelFormatKindFloat);
    CHECK(f4.x == 32 && f4.w == 32 && f4.f == cudaChannelFormatKindFloat);
    cudaArray_t a = NULL;
    OK(cudaMallocArray(&a, &f4, 8, 4, 0));
    CHECK(a != NULL);
    struct cudaChannelFormatDesc got;
    struct cudaExtent ext;
    unsigned flags = 99;
    OK(cudaArrayGetInfo(&got, &ext, &flags, a));
    CHECK(got.y == 32 && got.f == cudaChannelFormatKindFloat);
    CHECK(ext.width == 8 && ext.height == 4 && ext.depth == 0);
    CHECK(flags == 0);
    OK(cudaGetChannelDesc(&got, a));
    OK(cudaFreeArray(a));
    EXPECT(cudaFreeArray(a), cudaErrorInvalidValue); /* double free */
    OK(cudaFreeArray(NULL));
    EXPECT(cudaArrayGetInfo(&got, &ext, &flags, a), cudaErrorInvalidValue);

    OK(cudaMallocArray(&a, &f4, 16, 0, 0)); /* 1D */
    OK(cudaArrayGetInfo(NULL, &ext, NULL, a));
    CHECK(ext.width == 16 && ext.height == 0);
    OK(cudaFreeArray(a));
    struct cudaExtent e3 = {4, 3, 2};
    OK(cudaMalloc3DArray(&a, &f4, e3, 0));
    OK(cudaArrayGetInfo(NULL, &ext, NULL, a));
    CHECK(ext.width == 4 && ext.height == 3 && ext.depth == 2);
    OK(cudaFreeArray(a));
}

static void bad_arrays(void)
{
    cudaArray_t a = NULL;
    struct cudaChannelFormatDesc ok =
        cudaCreateChannelDesc(8, 0, 0, 0, cudaChannelFormatKindUnsigned);
    struct cudaChannelFormatDesc mixed =
        cudaCreateChannelDesc(8, 16, 0, 0, cudaChannelFormatKindUnsigned);
    struct cudaChannelFormatDesc three =
        cudaCreateChannelDesc(32, 32, 32, 0, cudaChannelFormatKindFloat);
    struct cudaChannelFormatDesc byte_float =
        cudaCreateChannelDesc(8, 0, 0, 0, cudaChannelFormatKindFloat);
    EXPECT(cudaMallocArray(NULL, &ok, 4, 4, 0), cudaErrorInvalidValue);
    EXPECT(cudaMallocArray(&a, NULL, 4, 4, 0), cudaErrorInvalidValue);
    EXPECT(cudaMallocArray(&a, &ok, 0, 4, 0), cudaErrorInvalidValue);
    EXPECT(cudaMallocArray(&a, &mixed, 4, 4, 0),
           cudaErrorInvalidChannelDescriptor);
    EXPECT(cudaMallocArray(&a, &three, 4, 4, 0),
           cudaErrorInvalidChannelDescriptor);
    EXPECT(cudaMallocArray(&a, &byte_float, 4, 4, 0),
           cudaErrorInvalidChannelDescriptor);
    struct cudaExtent no_layers = {4, 4, 0};
    EXPECT(cudaMalloc3DArray(&a, &ok, no_layers, cudaArrayLayered),
           cudaErrorInvalidValue);
    cudaGetLastError();
}

static void copies(void)
{
    struct cudaChannelFormatDesc f1 =
        cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
    cudaArray_t a;
    float in[6][5], out[6][5];
    for (int y = 0; y < 6; y++)
        for (int x = 0; x < 5; x++)
            in[y][x] = (float)(y * 10 + x);
    OK(cudaMallocArray(&a, &f1, 5, 6, 0));
    OK(cudaMemcpy2DToArray(a, 0, 0, in, sizeof in[0], sizeof in[0], 6,
                           cudaMemcpyHostToDevice));
    memset(out, 0, sizeof out);
    OK(cudaMemcpy2DFromArray(out, sizeof out[0], a, 0, 0, sizeof out[0], 6,
                             cudaMemcpyDeviceToHost));
    CHECK(!memcmp(in, out, sizeof in));
    /* A 2x2 window at texel (1, 2). */
    float w[2][2] = {{-1, -2}, {-3, -4}}, back[2][2];
    OK(cudaMemcpy2DToArray(a, 1 * sizeof(float), 2, w, sizeof w[0],
                           sizeof w[0], 2, cudaMemcpyHostToDevice));
    OK(cudaMemcpyFromArray(back[0], a, 1 * sizeof(float), 2, sizeof w[0],
                           cudaMemcpyDeviceToHost));
    OK(cudaMemcpyFromArray(back[1], a, 1 * sizeof(float), 3, sizeof w[1],
                           cudaMemcpyDeviceToHost));
    CHECK(!memcmp(w, back, sizeof w));
    /* Linear copies run on across rows. */
    OK(cudaMemcpyToArray(a, 0, 0, in, sizeof in, cudaMemcpyHostToDevice));
    OK(cudaMemcpyFromArray(out, a, 0, 0, sizeof out, cudaMemcpyDefault));
    CHECK(!memcmp(in, out, sizeof in));

    /* Device memory to array and back. */
    float *d;
    OK(cudaMalloc((void **)&d, sizeof in));
    OK(cudaMemcpy(d, in, sizeof in, cudaMemcpyHostToDevice));
    OK(cudaMemcpyToArray(a, 0, 0, d, sizeof in, cudaMemcpyDeviceToDevice));
    OK(cudaMemcpy2DFromArray(d, sizeof in[0], a, 0, 0, sizeof in[0], 6,
                             cudaMemcpyDeviceToDevice));
    OK(cudaFree(d));

    /* Out of bounds, bad handles and kinds. */
    EXPECT(cudaMemcpy2DToArray(a, 4, 0, in, sizeof in[0], sizeof in[0], 1,
                               cudaMemcpyHostToDevice),
           cudaErrorInvalidValue);
    EXPECT(cudaMemcpy2DToArray(a, 0, 1, in, sizeof in[0], sizeof in[0], 6,
                               cudaMemcpyHostToDevice),
           cudaErrorInvalidValue);
    EXPECT(cudaMemcpyToArray(a, 0, 1, in, sizeof in, cudaMemcpyHostToDevice),
           cudaErrorInvalidValue);
    EXPECT(cudaMemcpyFromArray(out, a, 4, 5, 20, cudaMemcpyDeviceToHost),
           cudaErrorInvalidValue);
    EXPECT(cudaMemcpy2DToArray(a, 0, 0, in, 4, sizeof in[0], 2,
                               cudaMemcpyHostToDevice),
           cudaErrorInvalidPitchValue);
    EXPECT(cudaMemcpy2DToArray(a, 0, 0, in, sizeof in[0], sizeof in[0], 2,
                               (enum cudaMemcpyKind)17),
           cudaErrorInvalidMemcpyDirection);
    OK(cudaFreeArray(a));
    EXPECT(cudaMemcpyToArray(a, 0, 0, in, 4, cudaMemcpyHostToDevice),
           cudaErrorInvalidValue);
    cudaGetLastError();
}

static struct cudaTextureDesc clamp_point(void)
{
    struct cudaTextureDesc t;
    memset(&t, 0, sizeof t);
    t.addressMode[0] = t.addressMode[1] = cudaAddressModeClamp;
    t.addressMode[2] = cudaAddressModeBorder;
    t.filterMode = cudaFilterModePoint;
    t.readMode = cudaReadModeElementType;
    t.borderColor[3] = 0.5f;
    return t;
}

/* The handle's view of the texture (CPU device only). */
static const cux_texture_desc *seen(cudaTextureObject_t obj)
{
    return (const cux_texture_desc *)(uintptr_t)obj;
}

static void over_array(void)
{
    struct cudaChannelFormatDesc u4 =
        cudaCreateChannelDesc(8, 8, 8, 8, cudaChannelFormatKindUnsigned);
    cudaArray_t a;
    OK(cudaMallocArray(&a, &u4, 7, 3, 0));
    struct cudaResourceDesc r;
    memset(&r, 0, sizeof r);
    r.resType = cudaResourceTypeArray;
    r.res.array.array = a;
    struct cudaTextureDesc t = clamp_point();
    t.readMode = cudaReadModeNormalizedFloat;
    t.filterMode = cudaFilterModeLinear;
    t.normalizedCoords = 1;
    cudaTextureObject_t obj = 0;
    OK(cudaCreateTextureObject(&obj, &r, &t, NULL));
    CHECK(obj != 0);
    const cux_texture_desc *s = seen(obj);
    CHECK(s->width == 7 && s->height == 3 && s->depth == 1);
    CHECK(s->dims == 2 && !s->linear && s->pitch == 28);
    CHECK(s->channels == 4 && s->channel_bits == 8 && s->kind == 1);
    CHECK(s->address_mode[0] == 1 && s->address_mode[2] == 3);
    CHECK(s->filter_linear && s->read_normalized && s->normalized_coords);
    CHECK(s->border[3] == 0.5f);

    struct cudaResourceDesc r2;
    struct cudaTextureDesc t2;
    OK(cudaGetTextureObjectResourceDesc(&r2, obj));
    CHECK(r2.resType == cudaResourceTypeArray && r2.res.array.array == a);
    OK(cudaGetTextureObjectTextureDesc(&t2, obj));
    CHECK(!memcmp(&t, &t2, sizeof t));
    OK(cudaDestroyTextureObject(obj));
    EXPECT(cudaDestroyTextureObject(obj), cudaErrorInvalidValue);
    EXPECT(cudaGetTextureObjectTextureDesc(&t2, obj), cudaErrorInvalidValue);

    struct cudaChannelFormatDesc f1 =
        cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
    struct cudaExtent e3 = {4, 3, 2};
    cudaArray_t v;
    OK(cudaMalloc3DArray(&v, &f1, e3, 0));
    r.res.array.array = v;
    OK(cudaCreateTextureObject(&obj, &r, &t, NULL));
    s = seen(obj);
    CHECK(s->dims == 3 && s->depth == 2 && s->slice_pitch == 48);
    CHECK(!s->read_normalized); /* floats are returned as they are */
    OK(cudaDestroyTextureObject(obj));
    OK(cudaFreeArray(v));
    OK(cudaFreeArray(a));
    r.res.array.array = a; /* freed */
    EXPECT(cudaCreateTextureObject(&obj, &r, &t, NULL),
           cudaErrorInvalidValue);
    cudaGetLastError();
}

static void over_memory(void)
{
    int *d;
    OK(cudaMalloc((void **)&d, 4096));
    struct cudaResourceDesc r;
    memset(&r, 0, sizeof r);
    r.resType = cudaResourceTypeLinear;
    r.res.linear.devPtr = d;
    r.res.linear.desc =
        cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindSigned);
    r.res.linear.sizeInBytes = 4096;
    struct cudaTextureDesc t = clamp_point();
    cudaTextureObject_t lin, pit;
    OK(cudaCreateTextureObject(&lin, &r, &t, NULL));
    CHECK(seen(lin)->linear && seen(lin)->dims == 1);
    CHECK(seen(lin)->width == 1024 && seen(lin)->kind == 0);
    CHECK((const void *)seen(lin)->data == d);

    r.resType = cudaResourceTypePitch2D;
    r.res.pitch2D.devPtr = d;
    r.res.pitch2D.desc =
        cudaCreateChannelDesc(16, 16, 0, 0, cudaChannelFormatKindUnsigned);
    r.res.pitch2D.width = 30;
    r.res.pitch2D.height = 8;
    r.res.pitch2D.pitchInBytes = 128;
    struct cudaResourceViewDesc view;
    memset(&view, 0, sizeof view);
    view.width = 30;
    view.height = 8;
    OK(cudaCreateTextureObject(&pit, &r, &t, &view));
    CHECK(pit != lin);
    CHECK(seen(pit)->dims == 2 && seen(pit)->pitch == 128);
    CHECK(seen(pit)->channels == 2 && seen(pit)->channel_bits == 16);
    struct cudaResourceViewDesc v2;
    OK(cudaGetTextureObjectResourceViewDesc(&v2, pit));
    CHECK(v2.width == 30 && v2.height == 8);
    struct cudaResourceDesc r2;
    OK(cudaGetTextureObjectResourceDesc(&r2, pit));
    CHECK(r2.res.pitch2D.pitchInBytes == 128 && r2.res.pitch2D.width == 30);
    OK(cudaGetTextureObjectResourceDesc(&r2, lin));
    CHECK(r2.res.linear.sizeInBytes == 4096);
    OK(cudaDestroyTextureObject(pit));
    OK(cudaDestroyTextureObject(lin));
    OK(cudaFree(d));
}

static void bad_textures(void)
{
    int *d;
    OK(cudaMalloc((void **)&d, 256));
    struct cudaResourceDesc r;
    memset(&r, 0, sizeof r);
    r.resType = cudaResourceTypeLinear;
    r.res.linear.devPtr = d;
    r.res.linear.desc =
        cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
    r.res.linear.sizeInBytes = 256;
    struct cudaTextureDesc t = clamp_point();
    cudaTextureObject_t obj;
    EXPECT(cudaCreateTextureObject(NULL, &r, &t, NULL),
           cudaErrorInvalidValue);
    EXPECT(cudaCreateTextureObject(&obj, NULL, &t, NULL),
           cudaErrorInvalidValue);
    EXPECT(cudaCreateTextureObject(&obj, &r, NULL, NULL),
           cudaErrorInvalidValue);
    r.flags = 1;
    EXPECT(cudaCreateTextureObject(&obj, &r, &t, NULL),
           cudaErrorInvalidValue);
    r.flags = 0;
    r.res.linear.devPtr = NULL;
    EXPECT(cudaCreateTextureObject(&obj, &r, &t, NULL),
           cudaErrorInvalidValue);
    r.res.linear.devPtr = d;
    r.res.linear.desc.y = 16; /* channels of different widths */
    EXPECT(cudaCreateTextureObject(&obj, &r, &t, NULL),
           cudaErrorInvalidChannelDescriptor);
    r.res.linear.desc.y = 0;
    t.addressMode[1] = (enum cudaTextureAddressMode)7;
    EXPECT(cudaCreateTextureObject(&obj, &r, &t, NULL),
           cudaErrorInvalidValue);
    t = clamp_point();
    r.resType = cudaResourceTypeMipmappedArray;
    EXPECT(cudaCreateTextureObject(&obj, &r, &t, NULL),
           cudaErrorNotSupported);
    r.resType = cudaResourceTypePitch2D;
    r.res.pitch2D.devPtr = d;
    r.res.pitch2D.desc =
        cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
    r.res.pitch2D.width = 16;
    r.res.pitch2D.height = 2;
    r.res.pitch2D.pitchInBytes = 32; /* narrower than a row */
    EXPECT(cudaCreateTextureObject(&obj, &r, &t, NULL),
           cudaErrorInvalidValue);
    EXPECT(cudaDestroyTextureObject(12345), cudaErrorInvalidValue);
    EXPECT(cudaGetTextureObjectResourceDesc(NULL, 12345),
           cudaErrorInvalidValue);
    cudaGetLastError();
    OK(cudaFree(d));
}

/* Objects and arrays left alive are freed at exit (leak checkers see
 * this). */
static void leftovers(void)
{
    struct cudaChannelFormatDesc f1 =
        cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
    cudaArray_t a;
    OK(cudaMallocArray(&a, &f1, 4, 4, 0));
    struct cudaResourceDesc r;
    memset(&r, 0, sizeof r);
    r.resType = cudaResourceTypeArray;
    r.res.array.array = a;
    struct cudaTextureDesc t = clamp_point();
    cudaTextureObject_t obj;
    OK(cudaCreateTextureObject(&obj, &r, &t, NULL));
}

/* cudaDeviceReset frees the device's arrays and texture objects: their
 * handles are refused afterwards. */
static void reset_frees(int textures)
{
    struct cudaChannelFormatDesc f1 =
        cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
    cudaArray_t a;
    OK(cudaMallocArray(&a, &f1, 4, 4, 0));
    cudaTextureObject_t obj = 0;
    if (textures) {
        struct cudaResourceDesc r;
        memset(&r, 0, sizeof r);
        r.resType = cudaResourceTypeArray;
        r.res.array.array = a;
        struct cudaTextureDesc t = clamp_point();
        OK(cudaCreateTextureObject(&obj, &r, &t, NULL));
    }
    OK(cudaDeviceReset());
    EXPECT(cudaArrayGetInfo(NULL, NULL, NULL, a), cudaErrorInvalidValue);
    struct cudaTextureDesc got;
    if (textures)
        EXPECT(cudaGetTextureObjectTextureDesc(&got, obj),
               cudaErrorInvalidValue);
    cudaGetLastError();
}

/* Devices without texture support (the fake device) say NotSupported. */
static int has_textures(void)
{
    float x[4];
    struct cudaResourceDesc r;
    memset(&r, 0, sizeof r);
    r.resType = cudaResourceTypeLinear;
    r.res.linear.devPtr = x;
    r.res.linear.desc =
        cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
    r.res.linear.sizeInBytes = sizeof x;
    struct cudaTextureDesc t = clamp_point();
    cudaTextureObject_t obj;
    if (cudaCreateTextureObject(&obj, &r, &t, NULL) != cudaSuccess) {
        cudaGetLastError();
        return 0;
    }
    OK(cudaDestroyTextureObject(obj));
    return 1;
}

int main(void)
{
    arrays();
    bad_arrays();
    copies();
    int textures = has_textures();
    if (textures) {
        over_array();
        over_memory();
        bad_textures();
    }
    reset_frees(textures);
    if (textures)
        leftovers();
    return finish("texture_api");
}
