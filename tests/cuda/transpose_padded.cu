// transpose_padded.cu: matrix transpose through a 32x33 shared tile (the
// padding column avoids bank conflicts), 32x8 threads per tile, on a
// 100x70 matrix that is not a multiple of the tile.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL transpose_padded\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define T 32
#define ROWS 8

// in is h x w; out is w x h.
__global__ void transpose(const float *in, float *out, int w, int h)
{
    __shared__ float tile[T][T + 1];
    int x = blockIdx.x * T + threadIdx.x;
    int y0 = blockIdx.y * T + threadIdx.y;
    for (int k = 0; k < T; k += ROWS)
        if (x < w && y0 + k < h)
            tile[threadIdx.y + k][threadIdx.x] = in[(y0 + k) * w + x];
    __syncthreads();
    int ox = blockIdx.y * T + threadIdx.x;
    int oy0 = blockIdx.x * T + threadIdx.y;
    for (int k = 0; k < T; k += ROWS)
        if (ox < h && oy0 + k < w)
            out[(oy0 + k) * h + ox] = tile[threadIdx.x][threadIdx.y + k];
}

int main()
{
    const int w = 100, h = 70;
    float *a = (float *)malloc(w * h * sizeof(float));
    float *b = (float *)malloc(w * h * sizeof(float));
    for (int i = 0; i < w * h; i++)
        a[i] = i * 0.5f;
    float *da, *db;
    CHECK(cudaMalloc(&da, w * h * sizeof(float)));
    CHECK(cudaMalloc(&db, w * h * sizeof(float)));
    CHECK(cudaMemcpy(da, a, w * h * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(db, 0, w * h * sizeof(float)));
    transpose<<<dim3((w + T - 1) / T, (h + T - 1) / T), dim3(T, ROWS)>>>(
        da, db, w, h);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(b, db, w * h * sizeof(float), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (b[x * h + y] != a[y * w + x] && bad++ < 5)
                printf("out[%d][%d] = %g, expected %g\n", x, y, b[x * h + y],
                       a[y * w + x]);
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    free(a); free(b);
    if (bad) {
        printf("FAIL transpose_padded\n");
        return 1;
    }
    printf("PASS transpose_padded\n");
    return 0;
}
