// wmma_shapes.cu: every warp matrix shape and type cux supports, one tile
// each: d = a * b + c through load_matrix_sync, mma_sync and
// store_matrix_sync, with a and b row- or column-major, c and d in either
// memory layout, every leading dimension larger than the tile, and the
// result scaled elementwise through x[] before it is stored.  Small
// integers make every product and sum exact in each type, so the results
// must equal the host's exactly; the tf32 case rounds with
// __float_to_tf32 first, as CUDA programs do.
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <mma.h>
#include <cstdio>
#include <cstring>
#include <type_traits>
#include <vector>

using namespace nvcuda;

// Element conversions on both sides, for every type a fragment holds.
__host__ __device__ float to_f(float v) { return v; }
__host__ __device__ float to_f(int v) { return (float)v; }
__host__ __device__ float to_f(signed char v) { return (float)v; }
__host__ __device__ float to_f(unsigned char v) { return (float)v; }
__host__ __device__ float to_f(__half v) { return __half2float(v); }
__host__ __device__ float to_f(__nv_bfloat16 v) { return __bfloat162float(v); }
template <typename T> __host__ __device__ T from_f(float v) { return (T)v; }
template <> __host__ __device__ __half from_f<__half>(float v)
{
    return __float2half(v);
}
template <> __host__ __device__ __nv_bfloat16 from_f<__nv_bfloat16>(float v)
{
    return __float2bfloat16(v);
}

// The memory a and b live in: floats for tf32.
template <typename T> struct mem { typedef T type; };
template <> struct mem<wmma::precision::tf32> { typedef float type; };

template <typename T> __device__ void round_tf32(T &) {}
__device__ void round_tf32(float &v) { v = wmma::__float_to_tf32(v); }

template <int M, int N, int K, typename TA, typename LA, typename LB,
          typename TC, typename TD>
__global__ void tile(const typename mem<TA>::type *a,
                     const typename mem<TA>::type *b, const TC *c, TD *d,
                     unsigned lda, unsigned ldb, unsigned ldc, unsigned ldd,
                     bool c_col, bool d_col, int scale, int *sizes)
{
    wmma::fragment<wmma::matrix_a, M, N, K, TA, LA> fa;
    wmma::fragment<wmma::matrix_b, M, N, K, TA, LB> fb;
    wmma::fragment<wmma::accumulator, M, N, K, TC> fc;
    wmma::fragment<wmma::accumulator, M, N, K, TD> fd;
    wmma::load_matrix_sync(fa, a, lda);
    wmma::load_matrix_sync(fb, b, ldb);
    for (int i = 0; i < fa.num_elements; i++)
        round_tf32(fa.x[i]);
    for (int i = 0; i < fb.num_elements; i++)
        round_tf32(fb.x[i]);
    wmma::load_matrix_sync(fc, c, ldc,
                           c_col ? wmma::mem_col_major : wmma::mem_row_major);
    wmma::mma_sync(fd, fa, fb, fc);
    for (int i = 0; i < fd.num_elements; i++)
        fd.x[i] = from_f<TD>(to_f(fd.x[i]) * (float)scale);
    wmma::store_matrix_sync(d, fd, ldd,
                            d_col ? wmma::mem_col_major : wmma::mem_row_major);
    if (threadIdx.x == 0) {
        sizes[0] = fa.num_elements;
        sizes[1] = fb.num_elements;
        sizes[2] = fd.num_elements;
    }
}

static unsigned at(int r, int c, bool col, unsigned ld)
{
    return col ? c * ld + r : r * ld + c;
}

// tf32 on the host: nearest, ties away from zero, 10 mantissa bits.
static float host_tf32(float v)
{
    unsigned u;
    memcpy(&u, &v, 4);
    u = (u + 0x1000u) & 0xffffe000u;
    memcpy(&v, &u, 4);
    return v;
}

template <int M, int N, int K, typename TA, typename LA, typename LB,
          typename TC, typename TD>
static int run(const char *name, bool c_col, bool d_col, int want_a,
               int want_b, int want_d)
{
    typedef typename mem<TA>::type TM;
    bool tf32 = sizeof(TM) == 4;
    bool a_col = std::is_same<LA, wmma::col_major>::value;
    bool b_col = std::is_same<LB, wmma::col_major>::value;
    bool is_unsigned = std::is_same<TM, unsigned char>::value;
    unsigned lda = (a_col ? M : K) + 8, ldb = (b_col ? K : N) + 4;
    unsigned ldc = (c_col ? M : N) + 2, ldd = (d_col ? M : N) + 6;
    std::vector<TM> ha(lda * (a_col ? K : M)), hb(ldb * (b_col ? N : K));
    std::vector<TC> hc(ldc * (c_col ? N : M));
    std::vector<TD> hd(ldd * (d_col ? N : M), from_f<TD>(-99.0f));
    std::vector<float> ra(M * K), rb(K * N), rc(M * N);
    for (int i = 0; i < M; i++)
        for (int k = 0; k < K; k++) {
            float v = (float)((i * 7 + k * 3) % 9 - (is_unsigned ? 0 : 4));
            if (tf32) // low bits that __float_to_tf32 must round away
                v = v + (float)((i + k) % 3) * (1.0f / 4096.0f);
            ha[at(i, k, a_col, lda)] = from_f<TM>(v);
            ra[i * K + k] = tf32 ? host_tf32(v) : v;
        }
    for (int k = 0; k < K; k++)
        for (int j = 0; j < N; j++) {
            float v = (float)((k * 5 + j * 11) % 7 - (is_unsigned ? 0 : 3));
            if (tf32)
                v = v - (float)((k + 2 * j) % 3) * (1.0f / 4096.0f);
            hb[at(k, j, b_col, ldb)] = from_f<TM>(v);
            rb[k * N + j] = tf32 ? host_tf32(v) : v;
        }
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            float v = (float)((i * 13 + j) % 11 - 5);
            hc[at(i, j, c_col, ldc)] = from_f<TC>(v);
            rc[i * N + j] = v;
        }
    TM *da, *db;
    TC *dc;
    TD *dd;
    int *dsizes, sizes[3];
    cudaMalloc(&da, ha.size() * sizeof(TM));
    cudaMalloc(&db, hb.size() * sizeof(TM));
    cudaMalloc(&dc, hc.size() * sizeof(TC));
    cudaMalloc(&dd, hd.size() * sizeof(TD));
    cudaMalloc(&dsizes, sizeof sizes);
    cudaMemcpy(da, ha.data(), ha.size() * sizeof(TM), cudaMemcpyHostToDevice);
    cudaMemcpy(db, hb.data(), hb.size() * sizeof(TM), cudaMemcpyHostToDevice);
    cudaMemcpy(dc, hc.data(), hc.size() * sizeof(TC), cudaMemcpyHostToDevice);
    cudaMemcpy(dd, hd.data(), hd.size() * sizeof(TD), cudaMemcpyHostToDevice);
    tile<M, N, K, TA, LA, LB, TC, TD><<<1, 32>>>(
        da, db, dc, dd, lda, ldb, ldc, ldd, c_col, d_col, 2, dsizes);
    cudaError_t e = cudaDeviceSynchronize();
    cudaMemcpy(hd.data(), dd, hd.size() * sizeof(TD), cudaMemcpyDeviceToHost);
    cudaMemcpy(sizes, dsizes, sizeof sizes, cudaMemcpyDeviceToHost);
    cudaFree(da);
    cudaFree(db);
    cudaFree(dc);
    cudaFree(dd);
    cudaFree(dsizes);
    int bad = 0;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            float want = rc[i * N + j];
            for (int k = 0; k < K; k++)
                want += ra[i * K + k] * rb[k * N + j];
            float got = to_f(hd[at(i, j, d_col, ldd)]);
            if (got != 2 * want && bad++ < 3)
                printf("  %s: d[%d][%d] = %g, want %g\n", name, i, j, got,
                       2 * want);
        }
    // what lies between the rows (or columns) stays as it was
    for (size_t i = 0; i < hd.size(); i++) {
        unsigned minor = (unsigned)(i % ldd);
        if (minor >= (unsigned)(d_col ? M : N) && to_f(hd[i]) != -99.0f)
            bad++;
    }
    if (e != cudaSuccess || bad || sizes[0] != want_a ||
        sizes[1] != want_b || sizes[2] != want_d) {
        printf("FAIL wmma_shapes %s: %s, %d wrong, num_elements %d %d %d\n",
               name, cudaGetErrorString(e), bad, sizes[0], sizes[1],
               sizes[2]);
        return 1;
    }
    return 0;
}

typedef wmma::row_major row;
typedef wmma::col_major col;
typedef __nv_bfloat16 bf16;
typedef unsigned char u8;
typedef signed char s8;
typedef wmma::precision::tf32 tf32;

int main()
{
    int fails = 0;
    fails += run<16, 16, 16, __half, row, col, float, float>(
        "m16n16k16 f16 row col f32", false, false, 16, 16, 8);
    fails += run<16, 16, 16, __half, col, row, float, float>(
        "m16n16k16 f16 col row f32, c and d col", true, true, 16, 16, 8);
    fails += run<16, 16, 16, __half, row, row, __half, __half>(
        "m16n16k16 f16 row row f16", false, true, 16, 16, 8);
    fails += run<16, 16, 16, __half, col, col, __half, float>(
        "m16n16k16 f16 col col f16 -> f32", true, false, 16, 16, 8);
    fails += run<16, 16, 16, __half, row, col, float, __half>(
        "m16n16k16 f16 row col f32 -> f16", false, false, 16, 16, 8);
    fails += run<32, 8, 16, __half, row, col, float, float>(
        "m32n8k16 f16 row col f32", false, true, 16, 16, 8);
    fails += run<32, 8, 16, __half, col, row, __half, __half>(
        "m32n8k16 f16 col row f16", true, false, 16, 16, 8);
    fails += run<8, 32, 16, __half, row, row, float, float>(
        "m8n32k16 f16 row row f32", true, true, 16, 16, 8);
    fails += run<8, 32, 16, __half, col, col, __half, float>(
        "m8n32k16 f16 col col f16 -> f32", false, false, 16, 16, 8);
    fails += run<16, 16, 16, bf16, row, col, float, float>(
        "m16n16k16 bf16 row col", false, false, 8, 8, 8);
    fails += run<32, 8, 16, bf16, col, row, float, float>(
        "m32n8k16 bf16 col row", true, false, 16, 4, 8);
    fails += run<8, 32, 16, bf16, row, row, float, float>(
        "m8n32k16 bf16 row row", false, true, 4, 16, 8);
    fails += run<16, 16, 16, s8, row, col, int, int>(
        "m16n16k16 s8 row col", false, false, 8, 8, 8);
    fails += run<32, 8, 16, u8, col, row, int, int>(
        "m32n8k16 u8 col row", true, true, 16, 4, 8);
    fails += run<8, 32, 16, s8, col, col, int, int>(
        "m8n32k16 s8 col col", false, true, 4, 16, 8);
    fails += run<16, 16, 16, u8, row, row, int, int>(
        "m16n16k16 u8 row row", true, false, 8, 8, 8);
    fails += run<16, 16, 8, tf32, row, col, float, float>(
        "m16n16k8 tf32 row col", false, false, 4, 4, 8);
    fails += run<16, 16, 8, tf32, col, row, float, float>(
        "m16n16k8 tf32 col row", true, true, 4, 4, 8);
    if (fails)
        return 1;
    printf("PASS wmma_shapes\n");
    return 0;
}
