// texture_layered.cu: layered and cubemap textures (tex1DLayered,
// tex2DLayered, texCubemap, texCubemapLayered) over CUDA arrays made with
// cudaArrayLayered and cudaArrayCubemap: the layer picks one slice
// (clamped to the texture's layers), the cube direction picks a face by
// the CUDA Programming Guide's table; point and linear filtering inside
// a slice; a cubemap array with the wrong shape is cudaErrorInvalidValue;
// a cubemap surface is six layers (surfCubemapwrite, then texCubemap).
#include <cuda_runtime.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL texture_layered\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { W = 8, H = 4, LAYERS = 3, FACE = 4, N = 64 };

static int failures;

static void expect(bool ok, const char *what, int i, float got, float want)
{
    if (!ok && failures++ < 10)
        printf("%s[%d]: got %g, want %g\n", what, i, got, want);
}

// Texel value of layer l at (x, y): distinct everywhere.
static float value(int l, int x, int y) { return l * 100.0f + y * 10.0f + x; }

__global__ void layered1d(cudaTextureObject_t t, const float *x,
                          const int *layer, float *out)
{
    int i = threadIdx.x;
    out[i] = tex1DLayered<float>(t, x[i], layer[i]);
}

__global__ void layered2d(cudaTextureObject_t t, const float2 *at,
                          const int *layer, float *out)
{
    int i = threadIdx.x;
    out[i] = tex2DLayered<float>(t, at[i].x, at[i].y, layer[i]);
}

__global__ void cube(cudaTextureObject_t t, const float4 *dir, float *out)
{
    int i = threadIdx.x;
    out[i] = texCubemap<float>(t, dir[i].x, dir[i].y, dir[i].z);
}

__global__ void cube_layered(cudaTextureObject_t t, const float4 *dir,
                             float *out)
{
    int i = threadIdx.x;
    out[i] = texCubemapLayered<float>(t, dir[i].x, dir[i].y, dir[i].z,
                                      (int)dir[i].w);
}

__global__ void cube_surface_fill(cudaSurfaceObject_t s)
{
    int x = threadIdx.x, y = threadIdx.y, face = blockIdx.x;
    surfCubemapwrite(1000.0f * face + y * 10.0f + x, s, x * 4, y, face);
}

static cudaTextureObject_t make_texture(cudaArray_t a, bool linear,
                                        bool normalized)
{
    cudaResourceDesc res = {};
    res.resType = cudaResourceTypeArray;
    res.res.array.array = a;
    cudaTextureDesc td = {};
    td.addressMode[0] = td.addressMode[1] = cudaAddressModeClamp;
    td.filterMode = linear ? cudaFilterModeLinear : cudaFilterModePoint;
    td.readMode = cudaReadModeElementType;
    td.normalizedCoords = normalized;
    cudaTextureObject_t t;
    CHECK(cudaCreateTextureObject(&t, &res, &td, NULL));
    return t;
}

// Host cube lookup by the Programming Guide's table: face and texel.
static void cube_texel(float x, float y, float z, int *face, int *i, int *j)
{
    float ax = fabsf(x), ay = fabsf(y), az = fabsf(z), m, s, t;
    if (ax >= ay && ax >= az) {
        *face = x >= 0 ? 0 : 1, m = ax, s = x >= 0 ? -z : z, t = -y;
    } else if (ay >= az) {
        *face = y >= 0 ? 2 : 3, m = ay, s = x, t = y >= 0 ? z : -z;
    } else {
        *face = z >= 0 ? 4 : 5, m = az, s = z >= 0 ? x : -x, t = -y;
    }
    *i = (int)floorf((s / m + 1) / 2 * FACE);
    *j = (int)floorf((t / m + 1) / 2 * FACE);
    *i = *i < 0 ? 0 : *i >= FACE ? FACE - 1 : *i;
    *j = *j < 0 ? 0 : *j >= FACE ? FACE - 1 : *j;
}

template <class T> static T *device_copy(const T *host, int n)
{
    T *d;
    CHECK(cudaMalloc(&d, n * sizeof(T)));
    CHECK(cudaMemcpy(d, host, n * sizeof(T), cudaMemcpyHostToDevice));
    return d;
}

// Fills a layered (or cubemap) array of `slices` slices of w x h floats,
// slice s texel (x, y) = fill(s, x, y), with one cudaMemcpy3D.
static void fill_array(cudaArray_t a, int w, int h, int slices,
                       float (*fill)(int, int, int))
{
    float *img = (float *)malloc(sizeof(float) * w * h * slices);
    for (int s = 0; s < slices; s++)
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                img[(s * h + y) * w + x] = fill(s, x, y);
    cudaMemcpy3DParms p = {};
    p.srcPtr = make_cudaPitchedPtr(img, w * sizeof(float), w, h);
    p.dstArray = a;
    p.extent = make_cudaExtent(w, h, slices);
    p.kind = cudaMemcpyHostToDevice;
    CHECK(cudaMemcpy3D(&p));
    free(img);
}

static float cube_value(int s, int x, int y) { return s * 1000.0f + y * 10.0f + x; }

static void test_layered1d(void)
{
    cudaChannelFormatDesc f = cudaCreateChannelDesc<float>();
    cudaArray_t a;
    CHECK(cudaMalloc3DArray(&a, &f, make_cudaExtent(W, 0, LAYERS),
                            cudaArrayLayered));
    // Its layers are rows of one texel's height: a 3D copy of W x 1 x
    // LAYERS.
    fill_array(a, W, 1, LAYERS, [](int l, int x, int) {
        return value(l, x, 0);
    });
    float hx[N], out[N];
    int hl[N];
    for (int i = 0; i < N; i++) {
        hx[i] = (i % W) + 0.5f;
        hl[i] = i % (LAYERS + 2) - 1; // -1 and LAYERS clamp to the ends
    }
    float *dx = device_copy(hx, N), *dout;
    int *dl = device_copy(hl, N);
    CHECK(cudaMalloc(&dout, sizeof out));
    cudaTextureObject_t t = make_texture(a, false, false);
    layered1d<<<1, N>>>(t, dx, dl, dout);
    CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++) {
        int l = hl[i] < 0 ? 0 : hl[i] >= LAYERS ? LAYERS - 1 : hl[i];
        float want = value(l, i % W, 0);
        expect(out[i] == want, "tex1DLayered", i, out[i], want);
    }
    CHECK(cudaDestroyTextureObject(t));
    CHECK(cudaFreeArray(a));
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dl));
    CHECK(cudaFree(dout));
}

static void test_layered2d(void)
{
    cudaChannelFormatDesc f = cudaCreateChannelDesc<float>();
    cudaArray_t a;
    CHECK(cudaMalloc3DArray(&a, &f, make_cudaExtent(W, H, LAYERS),
                            cudaArrayLayered));
    fill_array(a, W, H, LAYERS, [](int l, int x, int y) {
        return value(l, x, y);
    });
    float2 at[N];
    int hl[N];
    float out[N];
    for (int i = 0; i < N; i++) {
        at[i] = make_float2(i % W + 0.5f, (i / W) % H + 0.5f);
        hl[i] = i % LAYERS;
    }
    float2 *dat = device_copy(at, N);
    int *dl = device_copy(hl, N);
    float *dout;
    CHECK(cudaMalloc(&dout, sizeof out));
    // Point sampling at texel centres: each layer's own texel.
    cudaTextureObject_t t = make_texture(a, false, false);
    layered2d<<<1, N>>>(t, dat, dl, dout);
    CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++) {
        float want = value(hl[i], i % W, (i / W) % H);
        expect(out[i] == want, "tex2DLayered point", i, out[i], want);
    }
    CHECK(cudaDestroyTextureObject(t));
    // Linear filtering halfway between texels x and x + 1 of one row
    // stays inside the layer: the mean of the two.
    for (int i = 0; i < N; i++)
        at[i] = make_float2(i % (W - 1) + 1.0f, 1.5f);
    CHECK(cudaMemcpy(dat, at, sizeof at, cudaMemcpyHostToDevice));
    t = make_texture(a, true, false);
    layered2d<<<1, N>>>(t, dat, dl, dout);
    CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++) {
        int x = i % (W - 1);
        float want = (value(hl[i], x, 1) + value(hl[i], x + 1, 1)) / 2;
        expect(fabsf(out[i] - want) <= 1e-3f, "tex2DLayered linear", i,
               out[i], want);
    }
    CHECK(cudaDestroyTextureObject(t));
    CHECK(cudaFreeArray(a));
    CHECK(cudaFree(dat));
    CHECK(cudaFree(dl));
    CHECK(cudaFree(dout));
}

// Directions towards every face, near its centre and off-centre.
static void directions(float4 *dir, int layers)
{
    for (int i = 0; i < N; i++) {
        int face = i % 6, k = i / 6;
        float u = (k % 4) * 0.45f - 0.7f, v = ((k / 4) % 3) * 0.6f - 0.6f;
        float m = face & 1 ? -1.0f : 1.0f;
        float x = face / 2 == 0 ? m : u, y = face / 2 == 1 ? m : v;
        float z = face / 2 == 2 ? m : face / 2 == 0 ? u : v;
        dir[i] = make_float4(x, y, z, (float)(i % (layers ? layers : 1)));
    }
}

static void test_cube(bool layered)
{
    int layers = layered ? 2 : 0, slices = layered ? 12 : 6;
    cudaChannelFormatDesc f = cudaCreateChannelDesc<float>();
    cudaArray_t a;
    CHECK(cudaMalloc3DArray(&a, &f, make_cudaExtent(FACE, FACE, slices),
                            cudaArrayCubemap |
                            (layered ? cudaArrayLayered : 0)));
    fill_array(a, FACE, FACE, slices, cube_value);
    float4 dir[N];
    float out[N];
    directions(dir, layers);
    float4 *ddir = device_copy(dir, N);
    float *dout;
    CHECK(cudaMalloc(&dout, sizeof out));
    cudaTextureObject_t t = make_texture(a, false, true);
    if (layered)
        cube_layered<<<1, N>>>(t, ddir, dout);
    else
        cube<<<1, N>>>(t, ddir, dout);
    CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++) {
        int face, x, y;
        cube_texel(dir[i].x, dir[i].y, dir[i].z, &face, &x, &y);
        float want = cube_value((int)dir[i].w * 6 + face, x, y);
        expect(out[i] == want, layered ? "texCubemapLayered" : "texCubemap",
               i, out[i], want);
    }
    CHECK(cudaDestroyTextureObject(t));
    CHECK(cudaFreeArray(a));
    CHECK(cudaFree(ddir));
    CHECK(cudaFree(dout));
}

static void test_cube_surface(void)
{
    cudaChannelFormatDesc f = cudaCreateChannelDesc<float>();
    cudaArray_t a;
    CHECK(cudaMalloc3DArray(&a, &f, make_cudaExtent(FACE, FACE, 6),
                            cudaArrayCubemap | cudaArraySurfaceLoadStore));
    cudaResourceDesc res = {};
    res.resType = cudaResourceTypeArray;
    res.res.array.array = a;
    cudaSurfaceObject_t s;
    CHECK(cudaCreateSurfaceObject(&s, &res));
    cube_surface_fill<<<6, dim3(FACE, FACE)>>>(s);
    CHECK(cudaGetLastError());
    float4 dir[N];
    float out[N];
    directions(dir, 0);
    float4 *ddir = device_copy(dir, N);
    float *dout;
    CHECK(cudaMalloc(&dout, sizeof out));
    cudaTextureObject_t t = make_texture(a, false, true);
    cube<<<1, N>>>(t, ddir, dout);
    CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++) {
        int face, x, y;
        cube_texel(dir[i].x, dir[i].y, dir[i].z, &face, &x, &y);
        float want = cube_value(face, x, y);
        expect(out[i] == want, "surfCubemapwrite", i, out[i], want);
    }
    CHECK(cudaDestroyTextureObject(t));
    CHECK(cudaDestroySurfaceObject(s));
    CHECK(cudaFreeArray(a));
    CHECK(cudaFree(ddir));
    CHECK(cudaFree(dout));
}

static void test_bad_cubemaps(void)
{
    cudaChannelFormatDesc f = cudaCreateChannelDesc<float>();
    cudaArray_t a;
    struct { cudaExtent e; unsigned flags; } bad[] = {
        {make_cudaExtent(4, 8, 6), cudaArrayCubemap},  // not square
        {make_cudaExtent(4, 4, 5), cudaArrayCubemap},  // not six faces
        {make_cudaExtent(4, 4, 12), cudaArrayCubemap}, // layers, no flag
        {make_cudaExtent(4, 4, 9), cudaArrayCubemap | cudaArrayLayered},
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cudaError_t e = cudaMalloc3DArray(&a, &f, bad[i].e, bad[i].flags);
        if (e != cudaErrorInvalidValue && failures++ < 10)
            printf("bad cubemap %u: %s, want cudaErrorInvalidValue\n", i,
                   cudaGetErrorName(e));
    }
}

int main(void)
{
    test_layered1d();
    test_layered2d();
    test_cube(false);
    test_cube(true);
    test_cube_surface();
    test_bad_cubemaps();
    if (failures) {
        printf("FAIL texture_layered (%d wrong)\n", failures);
        return 1;
    }
    printf("PASS texture_layered\n");
    return 0;
}
