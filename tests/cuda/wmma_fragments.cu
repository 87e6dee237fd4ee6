// wmma_fragments.cu: what programs do to fragments besides the multiply:
// half accumulators summed over a loop of mma_sync, a ReLU through x[]
// whose branch differs from lane to lane, fragments copied and kept
// across __syncthreads in a block of several warps each on its own tile,
// fill_fragment with a float for a half fragment, and mma_sync's satf on
// int accumulators (clamped to the int range, else wrapping); and the
// wmma PTX forms nvcc writes but the header does not (a .shared state
// space, no stride, an immediate stride), as inline asm.
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <mma.h>
#include <climits>
#include <cstdio>

using namespace nvcuda;

enum { T = 16, WARPS = 3, KSTEPS = 3 };

// Warp w computes relu(sum over s of a_s * b_s + 0.5) for its own a,
// sharing b; a copy of the accumulator made before a barrier must not
// change when the original does after it.
__global__ void half_relu(const __half *a, const __half *b, __half *d,
                          __half *copy)
{
    int w = threadIdx.x / 32;
    wmma::fragment<wmma::matrix_a, T, T, T, __half, wmma::row_major> fa;
    wmma::fragment<wmma::matrix_b, T, T, T, __half, wmma::col_major> fb;
    wmma::fragment<wmma::accumulator, T, T, T, __half> acc;
    wmma::fill_fragment(acc, 0.5f);
    for (int s = 0; s < KSTEPS; s++) {
        wmma::load_matrix_sync(fa, a + (w * KSTEPS + s) * T * T, T);
        wmma::load_matrix_sync(fb, b + s * T * T, T);
        wmma::mma_sync(acc, fa, fb, acc);
    }
    wmma::fragment<wmma::accumulator, T, T, T, __half> saved = acc;
    __syncthreads();
    for (int i = 0; i < acc.num_elements; i++)
        if (__half2float(acc.x[i]) < 0.0f)
            acc.x[i] = __float2half(0.0f);
    __syncthreads();
    wmma::store_matrix_sync(d + w * T * T, acc, T, wmma::mem_row_major);
    wmma::store_matrix_sync(copy + w * T * T, saved, T, wmma::mem_col_major);
}

__global__ void int_satf(const signed char *a, const signed char *b,
                         const int *c, int *sat, int *wrap)
{
    wmma::fragment<wmma::matrix_a, T, T, T, signed char, wmma::row_major> fa;
    wmma::fragment<wmma::matrix_b, T, T, T, signed char, wmma::row_major> fb;
    wmma::fragment<wmma::accumulator, T, T, T, int> fc, fd;
    wmma::load_matrix_sync(fa, a, T);
    wmma::load_matrix_sync(fb, b, T);
    wmma::load_matrix_sync(fc, c, T, wmma::mem_row_major);
    wmma::mma_sync(fd, fa, fb, fc, true);
    wmma::store_matrix_sync(sat, fd, T, wmma::mem_row_major);
    wmma::mma_sync(fd, fa, fb, fc);
    wmma::store_matrix_sync(wrap, fd, T, wmma::mem_row_major);
}

// d = a * b from shared memory, 16-element rows: a and b each loaded
// through the .shared window without a stride, d stored with stride 16.
__global__ void ptx_forms(const __half *a, const __half *b, float *d)
{
    __shared__ __half sa[T * T], sb[T * T];
    for (int i = threadIdx.x; i < T * T; i += 32) {
        sa[i] = a[i];
        sb[i] = b[i];
    }
    __syncwarp();
    unsigned long long pa = __cvta_generic_to_shared(sa);
    unsigned long long pb = __cvta_generic_to_shared(sb);
    unsigned ra[8], rb[8];
    float rd[8];
    asm volatile("wmma.load.a.sync.aligned.row.m16n16k16.shared.f16 "
                 "{%0, %1, %2, %3, %4, %5, %6, %7}, [%8];"
                 : "=r"(ra[0]), "=r"(ra[1]), "=r"(ra[2]), "=r"(ra[3]),
                   "=r"(ra[4]), "=r"(ra[5]), "=r"(ra[6]), "=r"(ra[7])
                 : "l"(pa) : "memory");
    asm volatile("wmma.load.b.sync.aligned.col.m16n16k16.shared.f16 "
                 "{%0, %1, %2, %3, %4, %5, %6, %7}, [%8];"
                 : "=r"(rb[0]), "=r"(rb[1]), "=r"(rb[2]), "=r"(rb[3]),
                   "=r"(rb[4]), "=r"(rb[5]), "=r"(rb[6]), "=r"(rb[7])
                 : "l"(pb) : "memory");
    asm volatile("{ .reg .f32 z;\n mov.f32 z, 0f00000000;\n"
                 "wmma.mma.sync.aligned.row.col.m16n16k16.f32.f32 "
                 "{%0, %1, %2, %3, %4, %5, %6, %7}, "
                 "{%8, %9, %10, %11, %12, %13, %14, %15}, "
                 "{%16, %17, %18, %19, %20, %21, %22, %23}, "
                 "{z, z, z, z, z, z, z, z}; }"
                 : "=f"(rd[0]), "=f"(rd[1]), "=f"(rd[2]), "=f"(rd[3]),
                   "=f"(rd[4]), "=f"(rd[5]), "=f"(rd[6]), "=f"(rd[7])
                 : "r"(ra[0]), "r"(ra[1]), "r"(ra[2]), "r"(ra[3]),
                   "r"(ra[4]), "r"(ra[5]), "r"(ra[6]), "r"(ra[7]),
                   "r"(rb[0]), "r"(rb[1]), "r"(rb[2]), "r"(rb[3]),
                   "r"(rb[4]), "r"(rb[5]), "r"(rb[6]), "r"(rb[7]));
    asm volatile("wmma.store.d.sync.aligned.row.m16n16k16.global.f32 [%0], "
                 "{%1, %2, %3, %4, %5, %6, %7, %8}, 16;"
                 : : "l"(d), "f"(rd[0]), "f"(rd[1]), "f"(rd[2]), "f"(rd[3]),
                   "f"(rd[4]), "f"(rd[5]), "f"(rd[6]), "f"(rd[7])
                 : "memory");
}

static int check_ptx_forms()
{
    static __half ha[T * T], hb[T * T];
    static float ra[T * T], rb[T * T], hd[T * T];
    for (int i = 0; i < T * T; i++) {
        ha[i] = __float2half(ra[i] = (float)(i % 7 - 3));
        hb[i] = __float2half(rb[i] = (float)(i % 5 - 2)); // column-major
    }
    __half *da, *db;
    float *dd;
    cudaMalloc(&da, sizeof ha);
    cudaMalloc(&db, sizeof hb);
    cudaMalloc(&dd, sizeof hd);
    cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice);
    cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice);
    ptx_forms<<<1, 32>>>(da, db, dd);
    cudaError_t e = cudaDeviceSynchronize();
    cudaMemcpy(hd, dd, sizeof hd, cudaMemcpyDeviceToHost);
    cudaFree(da);
    cudaFree(db);
    cudaFree(dd);
    int bad = 0;
    for (int r = 0; r < T; r++)
        for (int c = 0; c < T; c++) {
            float want = 0;
            for (int k = 0; k < T; k++)
                want += ra[r * T + k] * rb[c * T + k];
            bad += hd[r * T + c] != want;
        }
    if (e != cudaSuccess || bad) {
        printf("FAIL wmma_fragments ptx forms: %s, %d wrong\n",
               cudaGetErrorString(e), bad);
        return 1;
    }
    return 0;
}

static int check_half()
{
    static __half ha[WARPS * KSTEPS * T * T], hb[KSTEPS * T * T];
    static __half hd[WARPS * T * T], hcopy[WARPS * T * T];
    static float ra[WARPS * KSTEPS * T * T], rb[KSTEPS * T * T];
    for (int i = 0; i < WARPS * KSTEPS * T * T; i++)
        ha[i] = __float2half(ra[i] = (float)(i * 7 % 9 - 4) / 4.0f);
    for (int i = 0; i < KSTEPS * T * T; i++)
        hb[i] = __float2half(rb[i] = (float)(i * 5 % 7 - 3) / 2.0f);
    __half *da, *db, *dd, *dcopy;
    cudaMalloc(&da, sizeof ha);
    cudaMalloc(&db, sizeof hb);
    cudaMalloc(&dd, sizeof hd);
    cudaMalloc(&dcopy, sizeof hcopy);
    cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice);
    cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice);
    half_relu<<<1, WARPS * 32>>>(da, db, dd, dcopy);
    cudaError_t e = cudaDeviceSynchronize();
    cudaMemcpy(hd, dd, sizeof hd, cudaMemcpyDeviceToHost);
    cudaMemcpy(hcopy, dcopy, sizeof hcopy, cudaMemcpyDeviceToHost);
    cudaFree(da);
    cudaFree(db);
    cudaFree(dd);
    cudaFree(dcopy);
    int bad = 0, negative = 0;
    for (int w = 0; w < WARPS; w++)
        for (int r = 0; r < T; r++)
            for (int c = 0; c < T; c++) {
                float s = 0.5f; // quarters and halves: every sum exact
                for (int st = 0; st < KSTEPS; st++)
                    for (int k = 0; k < T; k++)
                        s += ra[((w * KSTEPS + st) * T + r) * T + k] *
                             rb[(st * T + c) * T + k];
                negative += s < 0;
                float got = __half2float(hd[(w * T + r) * T + c]);
                float kept = __half2float(hcopy[(w * T + c) * T + r]);
                if ((got != (s < 0 ? 0.0f : s) || kept != s) && bad++ < 3)
                    printf("  warp %d d[%d][%d] = %g, copy %g, want %g\n", w,
                           r, c, got, kept, s);
            }
    if (e != cudaSuccess || bad || !negative) {
        printf("FAIL wmma_fragments half: %s, %d wrong, %d negative\n",
               cudaGetErrorString(e), bad, negative);
        return 1;
    }
    return 0;
}

static int check_satf()
{
    static signed char ha[T * T], hb[T * T];
    static int hc[T * T], hsat[T * T], hwrap[T * T];
    for (int i = 0; i < T * T; i++) {
        ha[i] = (signed char)(i % 3 == 0 ? 127 : -128 + i % 5);
        hb[i] = (signed char)(i % 2 ? 127 : -128);
        hc[i] = i % 3 == 0 ? INT_MAX - i : i % 3 == 1 ? INT_MIN + i : i;
    }
    signed char *da, *db;
    int *dc, *dsat, *dwrap;
    cudaMalloc(&da, sizeof ha);
    cudaMalloc(&db, sizeof hb);
    cudaMalloc(&dc, sizeof hc);
    cudaMalloc(&dsat, sizeof hsat);
    cudaMalloc(&dwrap, sizeof hwrap);
    cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice);
    cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice);
    cudaMemcpy(dc, hc, sizeof hc, cudaMemcpyHostToDevice);
    int_satf<<<1, 32>>>(da, db, dc, dsat, dwrap);
    cudaError_t e = cudaDeviceSynchronize();
    cudaMemcpy(hsat, dsat, sizeof hsat, cudaMemcpyDeviceToHost);
    cudaMemcpy(hwrap, dwrap, sizeof hwrap, cudaMemcpyDeviceToHost);
    cudaFree(da);
    cudaFree(db);
    cudaFree(dc);
    cudaFree(dsat);
    cudaFree(dwrap);
    int bad = 0, clamped = 0;
    for (int r = 0; r < T; r++)
        for (int c = 0; c < T; c++) {
            long long s = hc[r * T + c];
            for (int k = 0; k < T; k++)
                s += (long long)ha[r * T + k] * hb[k * T + c];
            long long sat = s > INT_MAX ? INT_MAX : s < INT_MIN ? INT_MIN : s;
            int wrap = (int)(unsigned)(unsigned long long)s;
            clamped += sat != s;
            if ((hsat[r * T + c] != sat || hwrap[r * T + c] != wrap) &&
                bad++ < 3)
                printf("  d[%d][%d] = %d (wrapping %d), want %lld (%d)\n", r,
                       c, hsat[r * T + c], hwrap[r * T + c], sat, wrap);
        }
    if (e != cudaSuccess || bad || !clamped) {
        printf("FAIL wmma_fragments satf: %s, %d wrong, %d clamped\n",
               cudaGetErrorString(e), bad, clamped);
        return 1;
    }
    return 0;
}

int main()
{
    int fails = check_half() + check_satf() + check_ptx_forms();
    if (fails)
        return 1;
    printf("PASS wmma_fragments\n");
    return 0;
}
