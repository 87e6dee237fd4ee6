// wmma_divergent_warps.cu: warp matrix multiplies that only some warps
// of a block reach, as tiled kernels write them: warps past the matrix's
// edge return first, and the others take one of two branches, each with
// its own mma_sync, by their warp number.  Each branch is uniform within
// its warp, as CUDA requires of the .aligned instructions, but not across
// the block (on the OpenCL device such a kernel runs in rounds).
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <mma.h>
#include <cstdio>

using namespace nvcuda;

enum { T = 16, WARPS = 6 };

// Warp w < live: d_w = a_w * b (even w) or a_w * b^T + 1 (odd w).
__global__ void tiles(const __half *a, const __half *b, float *d, int live)
{
    int w = threadIdx.x / 32;
    if (w >= live)
        return;
    wmma::fragment<wmma::matrix_a, T, T, T, __half, wmma::row_major> fa;
    wmma::fragment<wmma::accumulator, T, T, T, float> acc;
    wmma::load_matrix_sync(fa, a + w * T * T, T);
    if (w % 2 == 0) {
        wmma::fragment<wmma::matrix_b, T, T, T, __half, wmma::row_major> fb;
        wmma::fill_fragment(acc, 0.0f);
        wmma::load_matrix_sync(fb, b, T);
        wmma::mma_sync(acc, fa, fb, acc);
    } else {
        wmma::fragment<wmma::matrix_b, T, T, T, __half, wmma::col_major> fb;
        wmma::fill_fragment(acc, 1.0f);
        wmma::load_matrix_sync(fb, b, T);
        wmma::mma_sync(acc, fa, fb, acc);
    }
    wmma::store_matrix_sync(d + w * T * T, acc, T, wmma::mem_row_major);
}

int main()
{
    static __half ha[WARPS * T * T], hb[T * T];
    static float ra[WARPS * T * T], rb[T * T], hd[WARPS * T * T];
    for (int i = 0; i < WARPS * T * T; i++)
        ha[i] = __float2half(ra[i] = (float)(i * 7 % 11 - 5));
    for (int i = 0; i < T * T; i++)
        hb[i] = __float2half(rb[i] = (float)(i * 3 % 7 - 3));
    __half *da, *db;
    float *dd;
    cudaMalloc(&da, sizeof ha);
    cudaMalloc(&db, sizeof hb);
    cudaMalloc(&dd, sizeof hd);
    cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice);
    cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice);
    cudaMemset(dd, 0, sizeof hd);
    const int live = 5;
    tiles<<<1, WARPS * 32>>>(da, db, dd, live);
    cudaError_t e = cudaDeviceSynchronize();
    cudaMemcpy(hd, dd, sizeof hd, cudaMemcpyDeviceToHost);
    cudaFree(da);
    cudaFree(db);
    cudaFree(dd);
    int bad = 0;
    for (int w = 0; w < WARPS; w++)
        for (int r = 0; r < T; r++)
            for (int c = 0; c < T; c++) {
                float want = 0.0f; // small integers: every sum exact
                if (w < live) {
                    want = w % 2 ? 1.0f : 0.0f;
                    for (int k = 0; k < T; k++)
                        want += ra[(w * T + r) * T + k] *
                                (w % 2 ? rb[c * T + k] : rb[k * T + c]);
                }
                float got = hd[(w * T + r) * T + c];
                if (got != want && bad++ < 3)
                    printf("  warp %d d[%d][%d] = %g, want %g\n", w, r, c,
                           got, want);
            }
    if (e != cudaSuccess || bad) {
        printf("FAIL wmma_divergent_warps: %s, %d wrong\n",
               cudaGetErrorString(e), bad);
        return 1;
    }
    printf("PASS wmma_divergent_warps\n");
    return 0;
}
