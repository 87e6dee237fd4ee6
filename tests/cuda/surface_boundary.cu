// surface_boundary.cu: out-of-range surface coordinates under
// cudaBoundaryModeClamp (reads and writes move to the nearest edge
// element) and cudaBoundaryModeZero (reads give zero, writes are
// dropped), at every edge of a 2D float array and past both ends of a 1D
// uchar array.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL surface_boundary\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { W = 6, H = 4, XS = W + 4, YS = H + 2, N1 = 5 };

// Thread (i, j) reads element (i - 2, j - 1): two columns and one row
// outside on each side.
__global__ void read2d(cudaSurfaceObject_t s, float *clamped, float *zeroed)
{
    int i = threadIdx.x, j = threadIdx.y;
    int x = (i - 2) * 4, y = j - 1;
    clamped[j * XS + i] = surf2Dread<float>(s, x, y, cudaBoundaryModeClamp);
    zeroed[j * XS + i] = surf2Dread<float>(s, x, y, cudaBoundaryModeZero);
}

// Only the threads outside the array write: those under .zero are lost,
// those under .clamp land on the edge.
__global__ void write_outside(cudaSurfaceObject_t s, int clamp)
{
    int i = threadIdx.x, j = threadIdx.y;
    int x = i - 2, y = j - 1;
    if (x >= 0 && x < W && y >= 0 && y < H)
        return;
    if (clamp) {
        // One writer per edge element, so the result is known: the
        // rows just above and below, the columns just left and right.
        if ((y == -1 || y == H) && x >= 0 && x < W)
            surf2Dwrite(1000.0f + x, s, x * 4, y, cudaBoundaryModeClamp);
        if ((x == -1 || x == W) && y >= 1 && y < H - 1)
            surf2Dwrite(2000.0f + y, s, x * 4, y, cudaBoundaryModeClamp);
    } else {
        surf2Dwrite(-1.0f, s, x * 4, y, cudaBoundaryModeZero);
    }
}

__global__ void bytes1d(cudaSurfaceObject_t s, unsigned char *out)
{
    int i = threadIdx.x; // x from -3 to N1 + 2
    int x = i - 3;
    out[i] = surf1Dread<unsigned char>(s, x, cudaBoundaryModeClamp);
    out[i + 32] = surf1Dread<unsigned char>(s, x, cudaBoundaryModeZero);
    if (x < 0 || x >= N1)
        surf1Dwrite((unsigned char)99, s, x, cudaBoundaryModeZero);
}

static float img[H][W];

static float at(int x, int y)
{
    x = x < 0 ? 0 : x >= W ? W - 1 : x;
    y = y < 0 ? 0 : y >= H ? H - 1 : y;
    return img[y][x];
}

static int check_2d(void)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            img[y][x] = 10.0f * y + x + 1;
    cudaChannelFormatDesc d = cudaCreateChannelDesc<float>();
    cudaArray_t a;
    CHECK(cudaMallocArray(&a, &d, W, H, cudaArraySurfaceLoadStore));
    CHECK(cudaMemcpy2DToArray(a, 0, 0, img, W * 4, W * 4, H,
                              cudaMemcpyHostToDevice));
    cudaResourceDesc res;
    memset(&res, 0, sizeof res);
    res.resType = cudaResourceTypeArray;
    res.res.array.array = a;
    cudaSurfaceObject_t s;
    CHECK(cudaCreateSurfaceObject(&s, &res));
    float *dc, *dz, c[YS * XS], z[YS * XS];
    CHECK(cudaMalloc(&dc, sizeof c));
    CHECK(cudaMalloc(&dz, sizeof z));
    read2d<<<1, dim3(XS, YS)>>>(s, dc, dz);
    CHECK(cudaMemcpy(c, dc, sizeof c, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(z, dz, sizeof z, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int j = 0; j < YS; j++)
        for (int i = 0; i < XS; i++) {
            int x = i - 2, y = j - 1;
            bool in = x >= 0 && x < W && y >= 0 && y < H;
            float zc = in ? img[y][x] : 0.0f;
            if ((c[j * XS + i] != at(x, y) || z[j * XS + i] != zc) &&
                bad++ < 5)
                printf("read (%d, %d): clamp %g zero %g\n", x, y,
                       c[j * XS + i], z[j * XS + i]);
        }
    float got[H][W];
    write_outside<<<1, dim3(XS, YS)>>>(s, 0);
    CHECK(cudaMemcpy2DFromArray(got, W * 4, a, 0, 0, W * 4, H,
                                cudaMemcpyDeviceToHost));
    if (memcmp(got, img, sizeof got) != 0) {
        printf("zero-mode writes outside changed the array\n");
        bad++;
    }
    write_outside<<<1, dim3(XS, YS)>>>(s, 1);
    CHECK(cudaMemcpy2DFromArray(got, W * 4, a, 0, 0, W * 4, H,
                                cudaMemcpyDeviceToHost));
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            float want = img[y][x];
            if (y == 0 || y == H - 1)
                want = 1000.0f + x;
            else if (x == 0 || x == W - 1)
                want = 2000.0f + y;
            if (got[y][x] != want && bad++ < 10)
                printf("clamped write (%d, %d): %g, expected %g\n", x, y,
                       got[y][x], want);
        }
    CHECK(cudaDestroySurfaceObject(s));
    CHECK(cudaFreeArray(a));
    CHECK(cudaFree(dc));
    CHECK(cudaFree(dz));
    return bad;
}

static int check_1d(void)
{
    unsigned char bytes[N1] = {11, 22, 33, 44, 55}, back[N1], got[64];
    cudaChannelFormatDesc d = cudaCreateChannelDesc<unsigned char>();
    cudaArray_t a;
    CHECK(cudaMallocArray(&a, &d, N1, 0, cudaArraySurfaceLoadStore));
    CHECK(cudaMemcpyToArray(a, 0, 0, bytes, N1, cudaMemcpyHostToDevice));
    cudaResourceDesc res;
    memset(&res, 0, sizeof res);
    res.resType = cudaResourceTypeArray;
    res.res.array.array = a;
    cudaSurfaceObject_t s;
    CHECK(cudaCreateSurfaceObject(&s, &res));
    unsigned char *dout;
    CHECK(cudaMalloc(&dout, sizeof got));
    bytes1d<<<1, N1 + 6>>>(s, dout);
    CHECK(cudaMemcpy(got, dout, sizeof got, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpyFromArray(back, a, 0, 0, N1, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < N1 + 6; i++) {
        int x = i - 3, cx = x < 0 ? 0 : x >= N1 ? N1 - 1 : x;
        int zx = x >= 0 && x < N1 ? bytes[x] : 0;
        if ((got[i] != bytes[cx] || got[i + 32] != zx) && bad++ < 5)
            printf("1d byte %d: clamp %d zero %d\n", x, got[i], got[i + 32]);
    }
    if (memcmp(back, bytes, N1) != 0) {
        printf("1d zero-mode writes outside changed the array\n");
        bad++;
    }
    CHECK(cudaDestroySurfaceObject(s));
    CHECK(cudaFreeArray(a));
    CHECK(cudaFree(dout));
    return bad;
}

int main()
{
    int bad = check_2d() + check_1d();
    printf("%s surface_boundary\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
