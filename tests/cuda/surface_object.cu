// surface_object.cu: surface objects over 2D CUDA arrays: a kernel writes
// floats through surf2Dwrite (x in bytes) and the host reads them back
// with cudaMemcpy2DFromArray; read-modify-write of uchar4 and float4
// texels with surf2Dread/surf2Dwrite; the resource query; and CUDA's
// errors for bad arguments and for an array made without
// cudaArraySurfaceLoadStore.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL surface_object\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { W = 37, H = 11 }; // a width that is no multiple of a warp

__global__ void fill(cudaSurfaceObject_t s, int w, int h)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < w && y < h)
        surf2Dwrite(x * 0.5f + y * 100.0f, s, x * (int)sizeof(float), y);
}

__global__ void brighten(cudaSurfaceObject_t s, int w, int h)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= w || y >= h)
        return;
    uchar4 p = surf2Dread<uchar4>(s, x * 4, y);
    p = make_uchar4(p.x + 1, p.y * 2, 255 - p.z, p.w);
    surf2Dwrite(p, s, x * 4, y);
}

__global__ void scale(cudaSurfaceObject_t s, int w, int h)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= w || y >= h)
        return;
    float4 v;
    surf2Dread(&v, s, x * (int)sizeof(float4), y); // the pointer form
    v = make_float4(v.x * 2, v.y + v.x, -v.z, v.w + 1);
    surf2Dwrite(v, s, x * (int)sizeof(float4), y, cudaBoundaryModeTrap);
}

static cudaSurfaceObject_t make_surface(cudaArray_t a)
{
    cudaResourceDesc res;
    memset(&res, 0, sizeof res);
    res.resType = cudaResourceTypeArray;
    res.res.array.array = a;
    cudaSurfaceObject_t s = 0;
    CHECK(cudaCreateSurfaceObject(&s, &res));
    return s;
}

static int check_floats(void)
{
    cudaChannelFormatDesc d = cudaCreateChannelDesc<float>();
    cudaArray_t a;
    CHECK(cudaMallocArray(&a, &d, W, H, cudaArraySurfaceLoadStore));
    cudaSurfaceObject_t s = make_surface(a);
    fill<<<dim3((W + 15) / 16, (H + 7) / 8), dim3(16, 8)>>>(s, W, H);
    CHECK(cudaGetLastError());
    static float got[H][W];
    CHECK(cudaMemcpy2DFromArray(got, W * sizeof(float), a, 0, 0,
                                W * sizeof(float), H,
                                cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            if (got[y][x] != x * 0.5f + y * 100.0f && bad++ < 5)
                printf("float (%d, %d): %g\n", x, y, got[y][x]);
    cudaResourceDesc back;
    CHECK(cudaGetSurfaceObjectResourceDesc(&back, s));
    if (back.resType != cudaResourceTypeArray || back.res.array.array != a) {
        printf("resource desc not returned\n");
        bad++;
    }
    CHECK(cudaDestroySurfaceObject(s));
    CHECK(cudaFreeArray(a));
    return bad;
}

static int check_uchar4(void)
{
    static uchar4 img[H][W], got[H][W];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            img[y][x] = make_uchar4(x * 3, y * 5, x + y, 7);
    cudaChannelFormatDesc d = cudaCreateChannelDesc<uchar4>();
    cudaArray_t a;
    CHECK(cudaMallocArray(&a, &d, W, H, cudaArraySurfaceLoadStore));
    CHECK(cudaMemcpy2DToArray(a, 0, 0, img, W * 4, W * 4, H,
                              cudaMemcpyHostToDevice));
    cudaSurfaceObject_t s = make_surface(a);
    brighten<<<dim3((W + 31) / 32, H), dim3(32, 1)>>>(s, W, H);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy2DFromArray(got, W * 4, a, 0, 0, W * 4, H,
                                cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uchar4 p = img[y][x], q = got[y][x];
            if ((q.x != (unsigned char)(p.x + 1) ||
                 q.y != (unsigned char)(p.y * 2) || q.z != 255 - p.z ||
                 q.w != p.w) && bad++ < 5)
                printf("uchar4 (%d, %d): %d %d %d %d\n", x, y, q.x, q.y, q.z,
                       q.w);
        }
    CHECK(cudaDestroySurfaceObject(s));
    CHECK(cudaFreeArray(a));
    return bad;
}

static int check_float4(void)
{
    static float4 img[H][W], got[H][W];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            img[y][x] = make_float4(x, y, x - y, 0.25f * x);
    cudaChannelFormatDesc d = cudaCreateChannelDesc<float4>();
    cudaArray_t a;
    CHECK(cudaMallocArray(&a, &d, W, H, cudaArraySurfaceLoadStore));
    CHECK(cudaMemcpy2DToArray(a, 0, 0, img, W * 16, W * 16, H,
                              cudaMemcpyHostToDevice));
    cudaSurfaceObject_t s = make_surface(a);
    scale<<<dim3(2, 2), dim3(W / 2 + 1, H / 2 + 1)>>>(s, W, H);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy2DFromArray(got, W * 16, a, 0, 0, W * 16, H,
                                cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            float4 p = img[y][x], q = got[y][x];
            if ((q.x != p.x * 2 || q.y != p.y + p.x || q.z != -p.z ||
                 q.w != p.w + 1) && bad++ < 5)
                printf("float4 (%d, %d): %g %g %g %g\n", x, y, q.x, q.y, q.z,
                       q.w);
        }
    CHECK(cudaDestroySurfaceObject(s));
    CHECK(cudaFreeArray(a));
    return bad;
}

// What CUDA returns for each bad call.
static int check_errors(void)
{
    int bad = 0;
    cudaChannelFormatDesc d = cudaCreateChannelDesc<float>();
    cudaArray_t plain, surf;
    CHECK(cudaMallocArray(&plain, &d, 8, 8));
    CHECK(cudaMallocArray(&surf, &d, 8, 8, cudaArraySurfaceLoadStore));
    cudaResourceDesc res;
    memset(&res, 0, sizeof res);
    res.resType = cudaResourceTypeArray;
    res.res.array.array = plain;
    cudaSurfaceObject_t s = 0;
    struct { const char *what; cudaError_t got, want; } c[8];
    int n = 0;
    c[n++] = {"array without cudaArraySurfaceLoadStore",
              cudaCreateSurfaceObject(&s, &res), cudaErrorInvalidValue};
    res.res.array.array = surf;
    c[n++] = {"null object pointer", cudaCreateSurfaceObject(NULL, &res),
              cudaErrorInvalidValue};
    c[n++] = {"null resource", cudaCreateSurfaceObject(&s, NULL),
              cudaErrorInvalidValue};
    res.resType = cudaResourceTypeLinear;
    c[n++] = {"linear resource", cudaCreateSurfaceObject(&s, &res),
              cudaErrorInvalidValue};
    res.resType = cudaResourceTypeArray;
    res.res.array.array = NULL;
    c[n++] = {"null array", cudaCreateSurfaceObject(&s, &res),
              cudaErrorInvalidValue};
    res.res.array.array = surf;
    CHECK(cudaCreateSurfaceObject(&s, &res));
    CHECK(cudaDestroySurfaceObject(s));
    cudaResourceDesc back;
    c[n++] = {"query of a destroyed object",
              cudaGetSurfaceObjectResourceDesc(&back, s),
              cudaErrorInvalidValue};
    c[n++] = {"second destroy", cudaDestroySurfaceObject(s),
              cudaErrorInvalidValue};
    for (int i = 0; i < n; i++)
        if (c[i].got != c[i].want) {
            printf("%s: %s, expected %s\n", c[i].what,
                   cudaGetErrorName(c[i].got), cudaGetErrorName(c[i].want));
            bad++;
        }
    // None of these is sticky: cudaGetLastError returns the last one and
    // clears it.
    if (cudaGetLastError() != cudaErrorInvalidValue) {
        printf("cudaGetLastError: not the last error\n");
        bad++;
    }
    CHECK(cudaGetLastError());
    CHECK(cudaFreeArray(plain));
    CHECK(cudaFreeArray(surf));
    return bad;
}

int main()
{
    int bad = check_floats() + check_uchar4() + check_float4() +
              check_errors();
    printf("%s surface_object\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
