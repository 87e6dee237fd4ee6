// texref_3d.cu: a 3D texture reference over a 3D CUDA array filled with
// cudaMemcpy3D (host to array and back, positions and extents in
// elements), sampled with tex3D: point sampling at texel centres and
// linear filtering between slices, against a host computation.
#include <cuda_runtime.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL texref_3d\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)
#define EXPECT(cond) do { if (!(cond)) { \
    printf("%s:%d: %s\nFAIL texref_3d\n", __FILE__, __LINE__, #cond); \
    exit(1); } } while (0)

enum { X = 5, Y = 4, Z = 3 };

texture<float, 3, cudaReadModeElementType> vol;

// Point: thread (x, y, z) reads texel (x, y, Z-1-z).  Linear: halfway
// between slices z and z+1 (clamped at the last).
__global__ void sample(float *point, float *between)
{
    int x = threadIdx.x, y = threadIdx.y, z = threadIdx.z;
    int i = (z * Y + y) * X + x;
    point[i] = tex3D(vol, x + 0.5f, y + 0.5f, (Z - 1 - z) + 0.5f);
    between[i] = tex3D(vol, x + 0.5f, y + 0.5f, z + 1.0f);
}

static cudaMemcpy3DParms host_side(float *h, cudaArray *a, bool to_array)
{
    cudaMemcpy3DParms p = {};
    cudaPitchedPtr pp = make_cudaPitchedPtr(h, X * sizeof(float), X, Y);
    if (to_array) {
        p.srcPtr = pp;
        p.dstArray = a;
        p.kind = cudaMemcpyHostToDevice;
    } else {
        p.srcArray = a;
        p.dstPtr = pp;
        p.kind = cudaMemcpyDeviceToHost;
    }
    p.extent = make_cudaExtent(X, Y, Z); // elements: an array takes part
    return p;
}

int main()
{
    static float h[Z][Y][X], back[Z][Y][X];
    for (int z = 0; z < Z; z++)
        for (int y = 0; y < Y; y++)
            for (int x = 0; x < X; x++)
                h[z][y][x] = z * 100.0f + y * 10.0f + x;
    cudaChannelFormatDesc cd = cudaCreateChannelDesc<float>();
    cudaArray *arr;
    CHECK(cudaMalloc3DArray(&arr, &cd, make_cudaExtent(X, Y, Z)));
    cudaMemcpy3DParms p = host_side(&h[0][0][0], arr, true);
    CHECK(cudaMemcpy3D(&p));
    p = host_side(&back[0][0][0], arr, false);
    CHECK(cudaMemcpy3D(&p));
    for (int z = 0; z < Z; z++)
        for (int y = 0; y < Y; y++)
            for (int x = 0; x < X; x++)
                EXPECT(back[z][y][x] == h[z][y][x]);
    // A box that does not fit in the array is refused.
    p = host_side(&h[0][0][0], arr, true);
    p.dstPos = make_cudaPos(1, 0, 0);
    EXPECT(cudaMemcpy3D(&p) == cudaErrorInvalidValue);
    cudaGetLastError();

    vol.filterMode = cudaFilterModeLinear;
    CHECK(cudaBindTextureToArray(vol, arr, cd));
    float *d_point, *d_between;
    const int n = X * Y * Z;
    float h_point[n], h_between[n];
    CHECK(cudaMalloc(&d_point, sizeof h_point));
    CHECK(cudaMalloc(&d_between, sizeof h_between));
    sample<<<1, dim3(X, Y, Z)>>>(d_point, d_between);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h_point, d_point, sizeof h_point,
                     cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(h_between, d_between, sizeof h_between,
                     cudaMemcpyDeviceToHost));
    for (int z = 0; z < Z; z++)
        for (int y = 0; y < Y; y++)
            for (int x = 0; x < X; x++) {
                int i = (z * Y + y) * X + x, z1 = z + 1 < Z ? z + 1 : Z - 1;
                EXPECT(fabsf(h_point[i] - h[Z - 1 - z][y][x]) < 1e-4f);
                float want = 0.5f * (h[z][y][x] + h[z1][y][x]);
                EXPECT(fabsf(h_between[i] - want) < 1e-3f);
            }
    CHECK(cudaUnbindTexture(vol));
    CHECK(cudaFreeArray(arr));
    cudaFree(d_point);
    cudaFree(d_between);
    printf("PASS texref_3d\n");
    return 0;
}
