// wmma_gemm.cu: a tiled half GEMM with float accumulation, d = alpha * a
// * b + beta * c, as CUDA programs write it with <mma.h>: each warp one
// 16x16 tile of d, four warps a block.  Twice: straight from global
// memory (a row-major, b column-major), and staged through shared memory
// in padded tiles (ldm larger than the tile, b row-major) with the result
// stored column-major to shared memory and copied out.  alpha and beta
// are applied elementwise through x[].  The inputs are multiples of 1/16
// below 2 in magnitude, so every product and sum is exact in float and
// any order of summation gives the host's result exactly.
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <mma.h>
#include <cstdio>
#include <cstdlib>

using namespace nvcuda;

enum { M = 64, N = 96, K = 80, T = 16, BM = 32, BN = 32 };
enum { SA = T + 8, SB = BN + 8, SD = BM + 4 }; // padded shared strides

__global__ void gemm_global(const __half *a, const __half *b, const float *c,
                            float *d, float alpha, float beta)
{
    int warp = threadIdx.x / 32;
    int row = blockIdx.y * BM + warp / 2 * T, col = blockIdx.x * BN +
                                                    warp % 2 * T;
    wmma::fragment<wmma::matrix_a, T, T, T, __half, wmma::row_major> fa;
    wmma::fragment<wmma::matrix_b, T, T, T, __half, wmma::col_major> fb;
    wmma::fragment<wmma::accumulator, T, T, T, float> acc, fc;
    wmma::fill_fragment(acc, 0.0f);
    for (int k = 0; k < K; k += T) {
        wmma::load_matrix_sync(fa, a + row * K + k, K);
        wmma::load_matrix_sync(fb, b + col * K + k, K);
        wmma::mma_sync(acc, fa, fb, acc);
    }
    wmma::load_matrix_sync(fc, c + row * N + col, N, wmma::mem_row_major);
    for (int i = 0; i < acc.num_elements; i++)
        acc.x[i] = alpha * acc.x[i] + beta * fc.x[i];
    wmma::store_matrix_sync(d + row * N + col, acc, N, wmma::mem_row_major);
}

__global__ void gemm_shared(const __half *a, const __half *b, const float *c,
                            float *d, float alpha, float beta)
{
    __shared__ __half sa[BM * SA], sb[T * SB];
    __shared__ float sd[BN * SD];
    int warp = threadIdx.x / 32, wr = warp / 2 * T, wc = warp % 2 * T;
    int row0 = blockIdx.y * BM, col0 = blockIdx.x * BN;
    wmma::fragment<wmma::matrix_a, T, T, T, __half, wmma::row_major> fa;
    wmma::fragment<wmma::matrix_b, T, T, T, __half, wmma::row_major> fb;
    wmma::fragment<wmma::accumulator, T, T, T, float> acc, fc;
    wmma::fill_fragment(acc, 0.0f);
    for (int k = 0; k < K; k += T) {
        for (int i = threadIdx.x; i < BM * T; i += blockDim.x)
            sa[i / T * SA + i % T] = a[(row0 + i / T) * K + k + i % T];
        for (int i = threadIdx.x; i < T * BN; i += blockDim.x) // b^T
            sb[i / BN * SB + i % BN] = b[(col0 + i % BN) * K + k + i / BN];
        __syncthreads();
        wmma::load_matrix_sync(fa, sa + wr * SA, SA);
        wmma::load_matrix_sync(fb, sb + wc, SB);
        wmma::mma_sync(acc, fa, fb, acc);
        __syncthreads();
    }
    // c read column-major from global memory: c's transpose is stored
    // nowhere, so read it row-major and store d column-major instead
    wmma::load_matrix_sync(fc, c + (row0 + wr) * N + col0 + wc, N,
                           wmma::mem_row_major);
    for (int i = 0; i < acc.num_elements; i++)
        acc.x[i] = alpha * acc.x[i] + beta * fc.x[i];
    wmma::store_matrix_sync(sd + wc * SD + wr, acc, SD, wmma::mem_col_major);
    __syncthreads();
    for (int i = threadIdx.x; i < BM * BN; i += blockDim.x) {
        int r = i / BN, cc = i % BN;
        d[(row0 + r) * N + col0 + cc] = sd[cc * SD + r];
    }
}

static float value(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (float)((int)(*seed >> 16 & 63) - 31) / 16.0f;
}

int main()
{
    static __half ha[M * K], hb[N * K];
    static float ra[M * K], rb[N * K], hc[M * N], hd[M * N], want[M * N];
    unsigned seed = 7;
    for (int i = 0; i < M * K; i++)
        ha[i] = __float2half(ra[i] = value(&seed));
    for (int i = 0; i < N * K; i++) // b column-major: b(k, j) = rb[j*K+k]
        hb[i] = __float2half(rb[i] = value(&seed));
    for (int i = 0; i < M * N; i++)
        hc[i] = value(&seed);
    const float alpha = 2.0f, beta = -0.5f;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            float s = 0;
            for (int k = 0; k < K; k++)
                s += ra[i * K + k] * rb[j * K + k];
            want[i * N + j] = alpha * s + beta * hc[i * N + j];
        }
    __half *da, *db;
    float *dc, *dd;
    cudaMalloc(&da, sizeof ha);
    cudaMalloc(&db, sizeof hb);
    cudaMalloc(&dc, sizeof hc);
    cudaMalloc(&dd, sizeof hd);
    cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice);
    cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice);
    cudaMemcpy(dc, hc, sizeof hc, cudaMemcpyHostToDevice);
    dim3 grid(N / BN, M / BM);
    int fails = 0;
    for (int pass = 0; pass < 2; pass++) {
        cudaMemset(dd, 0, sizeof hd);
        if (pass == 0)
            gemm_global<<<grid, 128>>>(da, db, dc, dd, alpha, beta);
        else
            gemm_shared<<<grid, 128>>>(da, db, dc, dd, alpha, beta);
        cudaError_t e = cudaDeviceSynchronize();
        cudaMemcpy(hd, dd, sizeof hd, cudaMemcpyDeviceToHost);
        int bad = 0;
        for (int i = 0; i < M * N; i++)
            if (hd[i] != want[i] && bad++ < 3)
                printf("  %s: d[%d][%d] = %g, want %g\n",
                       pass ? "shared" : "global", i / N, i % N, hd[i],
                       want[i]);
        if (e != cudaSuccess || bad) {
            printf("FAIL wmma_gemm %s: %s, %d wrong\n",
                   pass ? "shared" : "global", cudaGetErrorString(e), bad);
            fails++;
        }
    }
    cudaFree(da);
    cudaFree(db);
    cudaFree(dc);
    cudaFree(dd);
    if (fails)
        return 1;
    printf("PASS wmma_gemm\n");
    return 0;
}
