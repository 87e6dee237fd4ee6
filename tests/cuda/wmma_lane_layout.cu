// wmma_lane_layout.cu: which matrix element each lane holds in a warp
// matrix fragment's x[i].  CUDA leaves that unspecified; cux fixes it
// (src/codegen/common/wmma_layout.h) so that every cux device agrees,
// since programs read and write x[i] per thread: lane l's x[i] is element
// (32 i + l) mod rows*cols of the matrix in row-major order, the matrix
// repeating where a fragment has more elements than it (half a and b).
// Checked for loads (several shapes, types and memory layouts) and for a
// store of values each lane sets.  NVIDIA's GPUs lay fragments out
// otherwise, so this checks cux's devices only.
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <mma.h>
#include <cstdio>

using namespace nvcuda;

enum { MAXE = 16 }; // elements per lane, at most

// Each lane's x[] as floats, MAXE per lane: half a (m16n16k16, row-major
// memory), half b (m32n8k16, column-major), float accumulator (m8n32k16,
// column-major), unsigned char a (m16n16k16, row-major).  Every matrix
// holds its row-major element index.
__global__ void loads(const __half *ha, const __half *hb, const float *fc,
                      const unsigned char *ua, float *out, int *counts)
{
    int l = threadIdx.x;
    wmma::fragment<wmma::matrix_a, 16, 16, 16, __half, wmma::row_major> a;
    wmma::fragment<wmma::matrix_b, 32, 8, 16, __half, wmma::col_major> b;
    wmma::fragment<wmma::accumulator, 8, 32, 16, float> c;
    wmma::fragment<wmma::matrix_a, 16, 16, 16, unsigned char,
                   wmma::row_major> u;
    wmma::load_matrix_sync(a, ha, 16);
    wmma::load_matrix_sync(b, hb, 16);
    wmma::load_matrix_sync(c, fc, 8, wmma::mem_col_major);
    wmma::load_matrix_sync(u, ua, 16);
    for (int i = 0; i < a.num_elements; i++)
        out[(0 * 32 + l) * MAXE + i] = __half2float(a.x[i]);
    for (int i = 0; i < b.num_elements; i++)
        out[(1 * 32 + l) * MAXE + i] = __half2float(b.x[i]);
    for (int i = 0; i < c.num_elements; i++)
        out[(2 * 32 + l) * MAXE + i] = c.x[i];
    for (int i = 0; i < u.num_elements; i++)
        out[(3 * 32 + l) * MAXE + i] = (float)u.x[i];
    if (l == 0) {
        counts[0] = a.num_elements;
        counts[1] = b.num_elements;
        counts[2] = c.num_elements;
        counts[3] = u.num_elements;
    }
}

// A half accumulator (m16n16k16) whose lane l sets x[i] = 10 l + i,
// stored row-major.
__global__ void store(__half *d)
{
    wmma::fragment<wmma::accumulator, 16, 16, 16, __half> acc;
    for (int i = 0; i < acc.num_elements; i++)
        acc.x[i] = __float2half((float)(10 * threadIdx.x + i));
    wmma::store_matrix_sync(d, acc, 16, wmma::mem_row_major);
}

static int check_loads()
{
    static __half ha[256], hb[128];
    static float fc[256], out[4 * 32 * MAXE];
    static unsigned char ua[256];
    for (int e = 0; e < 256; e++) {
        ha[e] = __float2half((float)e);
        ua[e] = (unsigned char)e;
    }
    for (int r = 0; r < 16; r++) // b is 16x8, held column-major
        for (int c = 0; c < 8; c++)
            hb[c * 16 + r] = __float2half((float)(r * 8 + c));
    for (int r = 0; r < 8; r++) // c is 8x32, held column-major
        for (int c = 0; c < 32; c++)
            fc[c * 8 + r] = (float)(r * 32 + c);
    __half *da, *db;
    float *dc, *dout;
    unsigned char *du;
    int *dcounts, counts[4];
    cudaMalloc(&da, sizeof ha);
    cudaMalloc(&db, sizeof hb);
    cudaMalloc(&dc, sizeof fc);
    cudaMalloc(&du, sizeof ua);
    cudaMalloc(&dout, sizeof out);
    cudaMalloc(&dcounts, sizeof counts);
    cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice);
    cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice);
    cudaMemcpy(dc, fc, sizeof fc, cudaMemcpyHostToDevice);
    cudaMemcpy(du, ua, sizeof ua, cudaMemcpyHostToDevice);
    loads<<<1, 32>>>(da, db, dc, du, dout, dcounts);
    cudaError_t e = cudaDeviceSynchronize();
    cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost);
    cudaMemcpy(counts, dcounts, sizeof counts, cudaMemcpyDeviceToHost);
    cudaFree(da);
    cudaFree(db);
    cudaFree(dc);
    cudaFree(du);
    cudaFree(dout);
    cudaFree(dcounts);
    static const char *const names[] = {"half a 16x16", "half b 16x8",
                                        "float c 8x32", "u8 a 16x16"};
    static const int elements[] = {256, 128, 256, 256}, per_lane[] = {16, 16,
                                                                      8, 8};
    int bad = 0;
    for (int f = 0; f < 4; f++) {
        if (counts[f] != per_lane[f] && bad++ < 3)
            printf("  %s: %d elements per lane, want %d\n", names[f],
                   counts[f], per_lane[f]);
        for (int l = 0; l < 32; l++)
            for (int i = 0; i < per_lane[f]; i++) {
                float got = out[(f * 32 + l) * MAXE + i];
                float want = (float)((32 * i + l) % elements[f]);
                if (got != want && bad++ < 3)
                    printf("  %s: lane %d x[%d] = %g, want %g\n", names[f], l,
                           i, got, want);
            }
    }
    if (e != cudaSuccess || bad) {
        printf("FAIL wmma_lane_layout loads: %s, %d wrong\n",
               cudaGetErrorString(e), bad);
        return 1;
    }
    return 0;
}

static int check_store()
{
    static __half hd[256];
    __half *dd;
    cudaMalloc(&dd, sizeof hd);
    store<<<1, 32>>>(dd);
    cudaError_t e = cudaDeviceSynchronize();
    cudaMemcpy(hd, dd, sizeof hd, cudaMemcpyDeviceToHost);
    cudaFree(dd);
    int bad = 0;
    for (int el = 0; el < 256; el++) {
        float want = (float)(10 * (el % 32) + el / 32);
        if (__half2float(hd[el]) != want && bad++ < 3)
            printf("  store: element %d = %g, want %g\n", el,
                   __half2float(hd[el]), want);
    }
    if (e != cudaSuccess || bad) {
        printf("FAIL wmma_lane_layout store: %s, %d wrong\n",
               cudaGetErrorString(e), bad);
        return 1;
    }
    return 0;
}

int main()
{
    if (check_loads() + check_store())
        return 1;
    printf("PASS wmma_lane_layout\n");
    return 0;
}
