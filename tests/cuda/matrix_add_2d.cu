// matrix_add_2d.cu: C = A + B on a 300x170 int matrix with a 2-D grid of
// 16x16 blocks; the edge blocks hang over both borders.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL matrix_add_2d\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void madd(const int *a, const int *b, int *c, int w, int h)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < w && y < h)
        c[y * w + x] = a[y * w + x] + b[y * w + x];
}

int main()
{
    const int w = 300, h = 170, n = w * h;
    int *a = (int *)malloc(n * sizeof(int));
    int *b = (int *)malloc(n * sizeof(int));
    int *c = (int *)malloc(n * sizeof(int));
    for (int i = 0; i < n; i++) {
        a[i] = i * 3;
        b[i] = -i / 2;
        c[i] = 12345;
    }
    int *da, *db, *dc;
    CHECK(cudaMalloc(&da, n * sizeof(int)));
    CHECK(cudaMalloc(&db, n * sizeof(int)));
    CHECK(cudaMalloc(&dc, n * sizeof(int)));
    CHECK(cudaMemcpy(da, a, n * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b, n * sizeof(int), cudaMemcpyHostToDevice));
    dim3 block(16, 16);
    dim3 grid((w + 15) / 16, (h + 15) / 16);
    madd<<<grid, block>>>(da, db, dc, w, h);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(c, dc, n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        if (c[i] != a[i] + b[i] && bad++ < 5)
            printf("c[%d] = %d, expected %d\n", i, c[i], a[i] + b[i]);
    }
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dc));
    free(a); free(b); free(c);
    if (bad) {
        printf("FAIL matrix_add_2d (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS matrix_add_2d\n");
    return 0;
}
