// surface_dims.cu: surfaces over 1D, 3D and layered (1D and 2D) arrays,
// each written by one kernel and read back by another or by the host:
// surf1Dwrite/read of int, surf3Dwrite/read of short2,
// surf1DLayeredwrite of long long, surf2DLayeredwrite/read of uint2; and
// a handle that differs from lane to lane.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL surface_dims\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { N1 = 100, W = 9, H = 5, D = 3, L = 4 };

__global__ void write1d(cudaSurfaceObject_t s)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    if (x < N1)
        surf1Dwrite(x * x - 7, s, x * 4);
}

__global__ void copy1d(cudaSurfaceObject_t s, int *out)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    if (x < N1)
        out[x] = surf1Dread<int>(s, x * 4);
}

__global__ void write3d(cudaSurfaceObject_t s)
{
    int x = threadIdx.x, y = threadIdx.y, z = threadIdx.z;
    surf3Dwrite(make_short2(x + 10 * y, -100 * z), s, x * 4, y, z);
}

__global__ void copy3d(cudaSurfaceObject_t s, short2 *out)
{
    int x = threadIdx.x, y = threadIdx.y, z = threadIdx.z;
    short2 v;
    surf3Dread(&v, s, x * 4, y, z);
    out[(z * H + y) * W + x] = v;
}

__global__ void write1d_layered(cudaSurfaceObject_t s)
{
    int x = threadIdx.x, layer = blockIdx.x;
    surf1DLayeredwrite((long long)layer << 40 | x, s, x * 8, layer);
}

__global__ void write2d_layered(cudaSurfaceObject_t s)
{
    int x = threadIdx.x, y = threadIdx.y, layer = blockIdx.x;
    surf2DLayeredwrite(make_uint2(x + y, 1000u * layer), s, x * 8, y, layer);
}

__global__ void copy2d_layered(cudaSurfaceObject_t s, uint2 *out)
{
    int x = threadIdx.x, y = threadIdx.y, layer = blockIdx.x;
    out[(layer * H + y) * W + x] = surf2DLayeredread<uint2>(s, x * 8, y,
                                                            layer);
}

// Odd lanes write through one surface, even lanes through the other.
__global__ void write_split(const cudaSurfaceObject_t *s)
{
    int x = threadIdx.x;
    surf1Dwrite(x + 1, s[x & 1], x * 4);
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

static cudaArray_t make_array(cudaChannelFormatDesc d, cudaExtent e,
                              unsigned flags)
{
    cudaArray_t a;
    CHECK(cudaMalloc3DArray(&a, &d, e, flags | cudaArraySurfaceLoadStore));
    return a;
}

static int check_1d(void)
{
    cudaArray_t a = make_array(cudaCreateChannelDesc<int>(),
                               make_cudaExtent(N1, 0, 0), 0);
    cudaSurfaceObject_t s = make_surface(a);
    int *d, got[N1], host[N1];
    CHECK(cudaMalloc(&d, sizeof got));
    write1d<<<2, 64>>>(s);
    copy1d<<<4, 32>>>(s, d);
    CHECK(cudaMemcpy(got, d, sizeof got, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpyFromArray(host, a, 0, 0, sizeof host,
                              cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int x = 0; x < N1; x++)
        if ((got[x] != x * x - 7 || host[x] != x * x - 7) && bad++ < 5)
            printf("1d %d: %d %d\n", x, got[x], host[x]);
    CHECK(cudaDestroySurfaceObject(s));
    CHECK(cudaFreeArray(a));
    CHECK(cudaFree(d));
    return bad;
}

static int check_3d(void)
{
    cudaArray_t a = make_array(cudaCreateChannelDesc<short2>(),
                               make_cudaExtent(W, H, D), 0);
    cudaSurfaceObject_t s = make_surface(a);
    short2 *d, got[D * H * W], host[D * H * W];
    CHECK(cudaMalloc(&d, sizeof got));
    write3d<<<1, dim3(W, H, D)>>>(s);
    copy3d<<<1, dim3(W, H, D)>>>(s, d);
    CHECK(cudaMemcpy(got, d, sizeof got, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpyFromArray(host, a, 0, 0, sizeof host,
                              cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < D * H * W; i++) {
        int x = i % W, y = i / W % H, z = i / (W * H);
        short ex = (short)(x + 10 * y), ey = (short)(-100 * z);
        if ((got[i].x != ex || got[i].y != ey || host[i].x != ex ||
             host[i].y != ey) && bad++ < 5)
            printf("3d (%d, %d, %d): %d %d\n", x, y, z, got[i].x, got[i].y);
    }
    CHECK(cudaDestroySurfaceObject(s));
    CHECK(cudaFreeArray(a));
    CHECK(cudaFree(d));
    return bad;
}

static int check_1d_layered(void)
{
    // A 1D layered array: height 0, depth the number of layers.
    cudaArray_t a = make_array(cudaCreateChannelDesc(32, 32, 0, 0,
                                   cudaChannelFormatKindSigned),
                               make_cudaExtent(W, 0, L), cudaArrayLayered);
    cudaSurfaceObject_t s = make_surface(a);
    write1d_layered<<<L, W>>>(s);
    long long host[L * W];
    CHECK(cudaMemcpyFromArray(host, a, 0, 0, sizeof host,
                              cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < L * W; i++)
        if (host[i] != ((long long)(i / W) << 40 | i % W) && bad++ < 5)
            printf("1d layered %d: %llx\n", i, host[i]);
    CHECK(cudaDestroySurfaceObject(s));
    CHECK(cudaFreeArray(a));
    return bad;
}

static int check_2d_layered(void)
{
    cudaArray_t a = make_array(cudaCreateChannelDesc<uint2>(),
                               make_cudaExtent(W, H, L), cudaArrayLayered);
    cudaSurfaceObject_t s = make_surface(a);
    uint2 *d, got[L * H * W], host[L * H * W];
    CHECK(cudaMalloc(&d, sizeof got));
    write2d_layered<<<L, dim3(W, H)>>>(s);
    copy2d_layered<<<L, dim3(W, H)>>>(s, d);
    CHECK(cudaMemcpy(got, d, sizeof got, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpyFromArray(host, a, 0, 0, sizeof host,
                              cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < L * H * W; i++) {
        unsigned ex = i % W + i / W % H, ey = 1000u * (i / (W * H));
        if ((got[i].x != ex || got[i].y != ey || host[i].x != ex ||
             host[i].y != ey) && bad++ < 5)
            printf("2d layered %d: %u %u\n", i, got[i].x, got[i].y);
    }
    CHECK(cudaDestroySurfaceObject(s));
    CHECK(cudaFreeArray(a));
    CHECK(cudaFree(d));
    return bad;
}

static int check_split(void)
{
    cudaArray_t a[2];
    cudaSurfaceObject_t s[2], *ds;
    int zero[64] = {0}, got[2][64];
    for (int i = 0; i < 2; i++) {
        a[i] = make_array(cudaCreateChannelDesc<int>(),
                          make_cudaExtent(64, 0, 0), 0);
        CHECK(cudaMemcpyToArray(a[i], 0, 0, zero, sizeof zero,
                                cudaMemcpyHostToDevice));
        s[i] = make_surface(a[i]);
    }
    CHECK(cudaMalloc(&ds, sizeof s));
    CHECK(cudaMemcpy(ds, s, sizeof s, cudaMemcpyHostToDevice));
    write_split<<<1, 64>>>(ds);
    int bad = 0;
    for (int i = 0; i < 2; i++) {
        CHECK(cudaMemcpyFromArray(got[i], a[i], 0, 0, sizeof got[i],
                                  cudaMemcpyDeviceToHost));
        for (int x = 0; x < 64; x++)
            if (got[i][x] != ((x & 1) == i ? x + 1 : 0) && bad++ < 5)
                printf("split %d %d: %d\n", i, x, got[i][x]);
        CHECK(cudaDestroySurfaceObject(s[i]));
        CHECK(cudaFreeArray(a[i]));
    }
    CHECK(cudaFree(ds));
    return bad;
}

int main()
{
    int bad = check_1d() + check_3d() + check_1d_layered() +
              check_2d_layered() + check_split();
    printf("%s surface_dims\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
