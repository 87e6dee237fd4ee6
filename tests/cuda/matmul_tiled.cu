// matmul_tiled.cu: C = A*B with 16x16 shared-memory tiles and two
// barriers per loop trip; sizes are not multiples of the tile.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL matmul_tiled\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define TILE 16

// A is m x k, B is k x n, C is m x n, all row-major.
__global__ void matmul(const float *a, const float *b, float *c,
                       int m, int k, int n)
{
    __shared__ float ta[TILE][TILE];
    __shared__ float tb[TILE][TILE];
    int row = blockIdx.y * TILE + threadIdx.y;
    int col = blockIdx.x * TILE + threadIdx.x;
    float acc = 0.0f;
    for (int t = 0; t < (k + TILE - 1) / TILE; t++) {
        int ac = t * TILE + threadIdx.x, br = t * TILE + threadIdx.y;
        ta[threadIdx.y][threadIdx.x] = (row < m && ac < k) ? a[row * k + ac]
                                                           : 0.0f;
        tb[threadIdx.y][threadIdx.x] = (br < k && col < n) ? b[br * n + col]
                                                           : 0.0f;
        __syncthreads();
        for (int j = 0; j < TILE; j++)
            acc += ta[threadIdx.y][j] * tb[j][threadIdx.x];
        __syncthreads();
    }
    if (row < m && col < n)
        c[row * n + col] = acc;
}

int main()
{
    // Small integer entries keep every partial sum exact in float.
    const int m = 70, k = 45, n = 53;
    float *a = (float *)malloc(m * k * sizeof(float));
    float *b = (float *)malloc(k * n * sizeof(float));
    float *c = (float *)malloc(m * n * sizeof(float));
    for (int i = 0; i < m * k; i++)
        a[i] = (float)(i % 7 - 3);
    for (int i = 0; i < k * n; i++)
        b[i] = (float)(i % 5 - 2);
    float *da, *db, *dc;
    CHECK(cudaMalloc(&da, m * k * sizeof(float)));
    CHECK(cudaMalloc(&db, k * n * sizeof(float)));
    CHECK(cudaMalloc(&dc, m * n * sizeof(float)));
    CHECK(cudaMemcpy(da, a, m * k * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b, k * n * sizeof(float), cudaMemcpyHostToDevice));
    dim3 block(TILE, TILE), grid((n + TILE - 1) / TILE, (m + TILE - 1) / TILE);
    matmul<<<grid, block>>>(da, db, dc, m, k, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(c, dc, m * n * sizeof(float), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            float want = 0.0f;
            for (int l = 0; l < k; l++)
                want += a[i * k + l] * b[l * n + j];
            if (c[i * n + j] != want && bad++ < 5)
                printf("c[%d][%d] = %g, expected %g\n", i, j, c[i * n + j],
                       want);
        }
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dc));
    free(a); free(b); free(c);
    if (bad) {
        printf("FAIL matmul_tiled (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS matmul_tiled\n");
    return 0;
}
