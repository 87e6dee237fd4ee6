// wmma_single_tile.cu: warp matrix multiply (<mma.h>, nvcuda::wmma) on one
// 16x16x16 tile of halves with float accumulation, the smallest form.
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <mma.h>
#include <cstdio>

using namespace nvcuda;

enum { T = 16 };

__global__ void tile_mma(const __half *a, const __half *b, float *c)
{
    wmma::fragment<wmma::matrix_a, T, T, T, __half, wmma::row_major> fa;
    wmma::fragment<wmma::matrix_b, T, T, T, __half, wmma::col_major> fb;
    wmma::fragment<wmma::accumulator, T, T, T, float> fc;
    wmma::fill_fragment(fc, 1.0f);
    wmma::load_matrix_sync(fa, a, T);
    wmma::load_matrix_sync(fb, b, T);
    wmma::mma_sync(fc, fa, fb, fc);
    wmma::store_matrix_sync(c, fc, T, wmma::mem_row_major);
}

int main()
{
    __half ha[T * T], hb[T * T], *da, *db;
    float ra[T * T], rb[T * T], hc[T * T], *dc;
    for (int i = 0; i < T * T; i++) {
        ra[i] = (float)(i % 7 - 3);        // small integers: exact sums
        rb[i] = (float)(i % 5 - 2);
        ha[i] = __float2half(ra[i]);
        hb[i] = __float2half(rb[i]);       // b stored column-major
    }
    cudaMalloc(&da, sizeof(ha));
    cudaMalloc(&db, sizeof(hb));
    cudaMalloc(&dc, sizeof(hc));
    cudaMemcpy(da, ha, sizeof(ha), cudaMemcpyHostToDevice);
    cudaMemcpy(db, hb, sizeof(hb), cudaMemcpyHostToDevice);
    tile_mma<<<1, 32>>>(da, db, dc);
    cudaError_t e = cudaGetLastError();
    cudaMemcpy(hc, dc, sizeof(hc), cudaMemcpyDeviceToHost);
    int bad = 0;
    for (int r = 0; r < T; r++)
        for (int col = 0; col < T; col++) {
            float want = 1.0f;
            for (int k = 0; k < T; k++)
                want += ra[r * T + k] * rb[col * T + k];
            bad += hc[r * T + col] != want;
        }
    if (e != cudaSuccess || bad) {
        printf("FAIL wmma_single_tile: %s, %d wrong\n", cudaGetErrorString(e), bad);
        return 1;
    }
    printf("PASS wmma_single_tile\n");
    return 0;
}
