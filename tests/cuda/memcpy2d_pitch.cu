// memcpy2d_pitch.cu: a 2-D array in pitched device memory from
// cudaMallocPitch, copied with cudaMemcpy2D both ways and addressed by
// the kernel through the pitch; a sub-rectangle copy too.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL memcpy2d_pitch\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void bump(float *base, size_t pitch, int w, int h)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < w && y < h) {
        float *row = (float *)((char *)base + y * pitch);
        row[x] = row[x] * 2.0f + y;
    }
}

int main()
{
    const int w = 37, h = 23;
    float a[h][w], b[h][w], sub[5][4];
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            a[y][x] = y * 100.0f + x;
    float *d;
    size_t pitch = 0;
    CHECK(cudaMallocPitch((void **)&d, &pitch, w * sizeof(float), h));
    int bad = 0;
    if (pitch < w * sizeof(float)) {
        printf("pitch %zu smaller than a row\n", pitch);
        bad++;
    }
    CHECK(cudaMemcpy2D(d, pitch, a, w * sizeof(float), w * sizeof(float), h,
                       cudaMemcpyHostToDevice));
    bump<<<dim3(3, 3), dim3(16, 8)>>>(d, pitch, w, h);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy2D(b, w * sizeof(float), d, pitch, w * sizeof(float), h,
                       cudaMemcpyDeviceToHost));
    // Columns 10..13 of rows 4..8.
    CHECK(cudaMemcpy2D(sub, 4 * sizeof(float),
                       (char *)d + 4 * pitch + 10 * sizeof(float), pitch,
                       4 * sizeof(float), 5, cudaMemcpyDeviceToHost));
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (b[y][x] != a[y][x] * 2.0f + y && bad++ < 5)
                printf("b[%d][%d] = %g\n", y, x, b[y][x]);
    for (int y = 0; y < 5; y++)
        for (int x = 0; x < 4; x++)
            if (sub[y][x] != b[y + 4][x + 10] && bad++ < 5)
                printf("sub[%d][%d] = %g\n", y, x, sub[y][x]);
    CHECK(cudaFree(d));
    if (bad) {
        printf("FAIL memcpy2d_pitch\n");
        return 1;
    }
    printf("PASS memcpy2d_pitch\n");
    return 0;
}
