// divergent_gather_loops_edges.cu: the edges of loops whose trip count differs
// per thread and whose body gathers (see divergent_gather_loops.cu for the
// common shapes): threadIdx.x and blockIdx.x read inside a loop kept rolled
// (`#pragma unroll 1`), in the arithmetic and in a condition, and %laneid and
// %tid.x read by inline PTX inside the loop; a trip count the same for every
// thread that still gathers (0, 3 and 37 trips); warps whose threads all have
// no trips next to warps whose threads all have many, and warps where one lane
// alone loops; blocks of 1024 threads with a barrier and a shared-memory
// reduction after the loop; two loops back to back, the second's bounds from
// the first's results; a __shfl_down_sync reduction of the loop's results
// after the loop, mirrored on the host lane by lane; the loop walking pointers
// instead of indices; a thread's local array indexed by gathered values (and
// the same bins in global memory, read-modify-written); shared-memory
// atomicAdd through gathered bins, the values it returns checked to be 0 to
// count - 1 once each per block and bin.  Blocks of 96 and 50 threads (a warp
// of 18) and grids whose last block is partly past the end; outputs start as a
// pattern and have a guard after them that no thread may store in.  Integers
// are compared exactly, float sums exactly where the host does the same
// fmaf/additions in the same order or where the inputs make every sum exact.
#define TEST_NAME "divergent_gather_loops_edges"
#define LCG_SEED 77u
#include <cmath>
#include "gather_loops.h"

static Csr make_csr(int rows, int cols)
{
    std::vector<int> len(rows);
    for (int r = 0; r < rows; r++)
        len[r] = lens[lcg() % 9];
    return csr_from_lengths(len, cols);
}

static const Shape shapes[] = { { 96, 1000 }, { 50, 777 } };
static const int nshapes = 2;

// --- 1. thread and block index read inside the loop -------------------------

// The compiler may compute threadIdx.x + 1 once before the loop and
// keep it in a register, one value per lane.
__global__ void index_in_loop(int n, const int *ptr, const int *col,
                              const int *val, const int *x, unsigned *out,
                              unsigned *out2)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n)
        return;
    unsigned acc = 0, acc2 = 0;
#pragma unroll 1
    for (int k = ptr[t]; k < ptr[t + 1]; k++) {
        acc += val[k] * (threadIdx.x + 1);
        if ((k + threadIdx.x) % 3 == 0)
            acc2 += blockIdx.x * x[col[k]] + threadIdx.x * blockDim.x;
    }
    out[t] = acc;
    out2[t] = acc2;
}

// %laneid and %tid.x read in the loop itself (volatile inline PTX, which
// stays in it).
__global__ void lane_in_loop(int n, const int *ptr, const int *col,
                             const int *x, unsigned *out)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n)
        return;
    unsigned acc = 0;
    for (int k = ptr[t]; k < ptr[t + 1]; k++) {
        unsigned lane, tid;
        asm volatile("mov.u32 %0, %%laneid;" : "=r"(lane));
        asm volatile("mov.u32 %0, %%tid.x;" : "=r"(tid));
        acc = acc * 3u + (unsigned)x[col[k]] * (lane + 1) + tid;
    }
    out[t] = acc;
}

static void test_index_in_loop()
{
    for (int s = 0; s < nshapes; s++) {
        const Shape &sh = shapes[s];
        Csr m = make_csr(sh.n, 600);
        std::vector<int> val(m.nnz + 1), x(m.cols);
        for (int k = 0; k < m.nnz; k++)
            val[k] = (int)(lcg() % 20001) - 10000;
        for (int c = 0; c < m.cols; c++)
            x[c] = (int)(lcg() % 20001) - 10000;
        int *dptr = to_dev(m.ptr), *dcol = to_dev(m.col), *dval = to_dev(val),
            *dx = to_dev(x);
        unsigned *dout, *dout2, *dout3;
        out_alloc(&dout, m.rows);
        out_alloc(&dout2, m.rows);
        out_alloc(&dout3, m.rows);
        index_in_loop<<<blocks(sh), sh.block>>>(m.rows, dptr, dcol, dval, dx,
                                                dout, dout2);
        CHECK(cudaGetLastError());
        lane_in_loop<<<blocks(sh), sh.block>>>(m.rows, dptr, dcol, dx, dout3);
        CHECK(cudaGetLastError());
        std::vector<unsigned> out = from_dev(dout, m.rows),
                              out2 = from_dev(dout2, m.rows),
                              out3 = from_dev(dout3, m.rows);
        for (int t = 0; t < m.rows; t++) {
            unsigned tid = (unsigned)(t % sh.block);
            unsigned bid = (unsigned)(t / sh.block);
            unsigned acc = 0, acc2 = 0, acc3 = 0;
            for (int k = m.ptr[t]; k < m.ptr[t + 1]; k++) {
                acc3 = acc3 * 3u + (unsigned)x[m.col[k]] * (tid % 32 + 1) + tid;
                acc += (unsigned)val[k] * (tid + 1);
                if (((unsigned)k + tid) % 3 == 0)
                    acc2 += bid * (unsigned)x[m.col[k]] +
                            tid * (unsigned)sh.block;
            }
            if (out[t] != acc) report("index_in_loop acc", s, t, out[t], acc);
            if (out2[t] != acc2)
                report("index_in_loop acc2", s, t, out2[t], acc2);
            if (out3[t] != acc3)
                report("lane_in_loop", s, t, out3[t], acc3);
        }
        CHECK(cudaFree(dptr)); CHECK(cudaFree(dcol)); CHECK(cudaFree(dval));
        CHECK(cudaFree(dx)); CHECK(cudaFree(dout)); CHECK(cudaFree(dout2));
        CHECK(cudaFree(dout3));
    }
}

// --- 2. the same trip count for every thread, still gathering ---------------

__global__ void uniform_trips(int n, int trips, const int *col,
                              const float *val, const float *x, float *out)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n)
        return;
    float acc = 0.0f;
    for (int k = 0; k < trips; k++)
        acc = fmaf(val[t * trips + k], x[col[t * trips + k]], acc);
    out[t] = acc;
}

static void test_uniform_trips()
{
    static const int trip_counts[] = { 0, 3, 37 };
    for (int s = 0; s < nshapes; s++)
        for (int q = 0; q < 3; q++) {
            const Shape &sh = shapes[s];
            int trips = trip_counts[q], cols = 500, nnz = sh.n * trips;
            std::vector<int> col(nnz + 1, 0);
            std::vector<float> val(nnz + 1, 0.0f), x(cols);
            for (int k = 0; k < nnz; k++) {
                col[k] = (int)(lcg() % (unsigned)cols);
                val[k] = small_float();
            }
            for (int c = 0; c < cols; c++)
                x[c] = small_float();
            int *dcol = to_dev(col);
            float *dval = to_dev(val), *dx = to_dev(x), *dout;
            out_alloc(&dout, sh.n);
            uniform_trips<<<blocks(sh), sh.block>>>(sh.n, trips, dcol, dval,
                                                    dx, dout);
            CHECK(cudaGetLastError());
            std::vector<float> out = from_dev(dout, sh.n);
            for (int t = 0; t < sh.n; t++) {
                float acc = 0.0f;
                for (int k = 0; k < trips; k++)
                    acc = fmaf(val[t * trips + k], x[col[t * trips + k]], acc);
                if (out[t] != acc)
                    report("uniform_trips", 3 * s + q, t, out[t], acc);
            }
            CHECK(cudaFree(dcol)); CHECK(cudaFree(dval)); CHECK(cudaFree(dx));
            CHECK(cudaFree(dout));
        }
}

// --- 3. whole warps with no trips next to whole warps with many -------------

__global__ void spmv_i64(int rows, const int *ptr, const int *col,
                         const long long *val, const long long *x,
                         long long *y)
{
    int row = blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= rows)
        return;
    long long sum = 0;
    for (int k = ptr[row]; k < ptr[row + 1]; k++)
        sum += val[k] * x[col[k]];
    y[row] = sum;
}

static void test_warp_extremes()
{
    // In each block of 128: warp 0 no trips, warp 1 60 to 100 each, warp 2
    // lane 0 alone (100), warp 3 lane 31 alone (33), then the same with
    // every lane of warp 3 at 64.
    const int rows = 128 * 7 + 40;
    std::vector<int> len(rows);
    for (int r = 0; r < rows; r++) {
        int w = (r / 32) % 4, lane = r % 32, blk = r / 128;
        switch (w) {
        case 0: len[r] = 0; break;
        case 1: len[r] = 60 + (int)(lcg() % 41); break;
        case 2: len[r] = lane == 0 ? 100 : 0; break;
        default: len[r] = (blk & 1) ? 64 : (lane == 31 ? 33 : 0); break;
        }
    }
    Csr m = csr_from_lengths(len, 1200);
    std::vector<long long> val(m.nnz + 1), x(m.cols);
    for (int k = 0; k < m.nnz; k++)
        val[k] = (long long)(lcg() % 2000001) - 1000000;
    for (int c = 0; c < m.cols; c++)
        x[c] = (long long)(lcg() % 2000001) - 1000000;
    int *dptr = to_dev(m.ptr), *dcol = to_dev(m.col);
    long long *dval = to_dev(val), *dx = to_dev(x), *dy;
    out_alloc(&dy, rows);
    spmv_i64<<<(rows + 127) / 128, 128>>>(rows, dptr, dcol, dval, dx, dy);
    CHECK(cudaGetLastError());
    std::vector<long long> y = from_dev(dy, rows);
    for (int r = 0; r < rows; r++) {
        long long w = 0;
        for (int k = m.ptr[r]; k < m.ptr[r + 1]; k++)
            w += val[k] * x[m.col[k]];
        if (y[r] != w)
            report("warp_extremes", 0, r, (double)y[r], (double)w);
    }
    CHECK(cudaFree(dptr)); CHECK(cudaFree(dcol)); CHECK(cudaFree(dval));
    CHECK(cudaFree(dx)); CHECK(cudaFree(dy));
}

// --- 4. blocks of 1024 threads, a barrier and a reduction after -------------

__global__ void big_block(int n, const int *ptr, const int *col,
                          const int *val, const int *x, int *y, int *block_sum)
{
    __shared__ int part[1024];
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    int sum = 0;
    if (t < n)
        for (int k = ptr[t]; k < ptr[t + 1]; k++)
            sum += val[k] * x[col[k]];
    if (t < n)
        y[t] = sum;
    part[threadIdx.x] = sum;
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half >>= 1) {
        if ((int)threadIdx.x < half)
            part[threadIdx.x] += part[threadIdx.x + half];
        __syncthreads();
    }
    if (threadIdx.x == 0)
        block_sum[blockIdx.x] = part[0];
}

static void test_big_block()
{
    const int rows = 3000, nb = (rows + 1023) / 1024;
    Csr m = make_csr(rows, 2000);
    std::vector<int> val(m.nnz + 1), x(m.cols);
    for (int k = 0; k < m.nnz; k++)
        val[k] = (int)(lcg() % 201) - 100;
    for (int c = 0; c < m.cols; c++)
        x[c] = (int)(lcg() % 201) - 100;
    int *dptr = to_dev(m.ptr), *dcol = to_dev(m.col), *dval = to_dev(val),
        *dx = to_dev(x), *dy, *dbs;
    out_alloc(&dy, rows);
    out_alloc(&dbs, nb);
    big_block<<<nb, 1024>>>(rows, dptr, dcol, dval, dx, dy, dbs);
    CHECK(cudaGetLastError());
    std::vector<int> y = from_dev(dy, rows), bs = from_dev(dbs, nb);
    std::vector<int> want_bs(nb, 0);
    for (int r = 0; r < rows; r++) {
        int w = 0;
        for (int k = m.ptr[r]; k < m.ptr[r + 1]; k++)
            w += val[k] * x[m.col[k]];
        want_bs[r / 1024] += w;
        if (y[r] != w)
            report("big_block y", 0, r, y[r], w);
    }
    for (int b = 0; b < nb; b++)
        if (bs[b] != want_bs[b])
            report("big_block block sum", 0, b, bs[b], want_bs[b]);
    CHECK(cudaFree(dptr)); CHECK(cudaFree(dcol)); CHECK(cudaFree(dval));
    CHECK(cudaFree(dx)); CHECK(cudaFree(dy)); CHECK(cudaFree(dbs));
}

// --- 5. two loops back to back, the second bounded by the first -------------

#define SECOND 4096

__global__ void two_loops(int n, const int *ptr, const int *col,
                          const int *key, const int *idx2, const int *w,
                          int *first, int *second)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n)
        return;
    int s = 0, c = 0;
    for (int k = ptr[t]; k < ptr[t + 1]; k++) {
        int v = key[col[k]];
        s += v;
        c += v & 1;
    }
    int lo = (int)((unsigned)s % SECOND);
    unsigned acc = 0;                   // wraps, as the host's
    for (int k = lo; k < lo + c; k++)
        acc = acc * 5u + (unsigned)w[idx2[k]];
    first[t] = s * 64 + c;
    second[t] = (int)acc;
}

static void test_two_loops()
{
    for (int s = 0; s < nshapes; s++) {
        const Shape &sh = shapes[s];
        Csr m = make_csr(sh.n, 512);
        std::vector<int> key(512), idx2(SECOND + 100), w(333);
        for (int j = 0; j < 512; j++)
            key[j] = (int)(lcg() % 2001) - 1000;
        for (int j = 0; j < SECOND + 100; j++)
            idx2[j] = (int)(lcg() % 333);
        for (int j = 0; j < 333; j++)
            w[j] = (int)(lcg() % 19) - 9;
        int *dptr = to_dev(m.ptr), *dcol = to_dev(m.col), *dkey = to_dev(key),
            *didx2 = to_dev(idx2), *dw = to_dev(w), *dfirst, *dsecond;
        out_alloc(&dfirst, m.rows);
        out_alloc(&dsecond, m.rows);
        two_loops<<<blocks(sh), sh.block>>>(m.rows, dptr, dcol, dkey, didx2, dw,
                                            dfirst, dsecond);
        CHECK(cudaGetLastError());
        std::vector<int> first = from_dev(dfirst, m.rows),
                         second = from_dev(dsecond, m.rows);
        for (int t = 0; t < m.rows; t++) {
            int sum = 0, c = 0;
            for (int k = m.ptr[t]; k < m.ptr[t + 1]; k++) {
                int v = key[m.col[k]];
                sum += v;
                c += v & 1;
            }
            int lo = (int)((unsigned)sum % SECOND);
            unsigned acc = 0;
            for (int k = lo; k < lo + c; k++)
                acc = acc * 5u + (unsigned)w[idx2[k]];
            if (first[t] != sum * 64 + c)
                report("two_loops first", s, t, first[t], sum * 64 + c);
            if (second[t] != (int)acc)
                report("two_loops second", s, t, second[t], (int)acc);
        }
        CHECK(cudaFree(dptr)); CHECK(cudaFree(dcol)); CHECK(cudaFree(dkey));
        CHECK(cudaFree(didx2)); CHECK(cudaFree(dw)); CHECK(cudaFree(dfirst));
        CHECK(cudaFree(dsecond));
    }
}

// --- 6. a warp shuffle reduction after the loop -----------------------------

// Every thread of the warp reaches the shuffles (those past n with no
// trips); blocks are whole warps.  Every lane's result is kept: lane 0's
// is the warp's sum, the others' show which lanes read their own value
// (those whose source is past lane 31).
__global__ void loop_then_shfl(int n, const int *ptr, const int *col,
                               const float *val, const float *x,
                               const int *xi, float *own, float *lane_f,
                               int *lane_i)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    int lo = 0, hi = 0;
    if (t < n) {
        lo = ptr[t];
        hi = ptr[t + 1];
    }
    float f = 0.0f;
    int i = 0;
    for (int k = lo; k < hi; k++) {
        f += val[k] * x[col[k]];            // exact: coarse inputs
        i += xi[col[k]];
    }
    if (t < n)
        own[t] = f;
    for (int off = 16; off > 0; off >>= 1) {
        f += __shfl_down_sync(0xffffffffu, f, off);
        i += __shfl_down_sync(0xffffffffu, i, off);
    }
    lane_f[t] = f;                      // lane 0: the warp's sum
    lane_i[t] = i;
}

static void test_loop_then_shfl()
{
    static const Shape wshapes[] = { { 96, 1000 }, { 64, 801 } };
    for (int s = 0; s < 2; s++) {
        const Shape &sh = wshapes[s];
        int nb = blocks(sh), nt = nb * sh.block, nw = nt / 32;
        Csr m = make_csr(sh.n, 700);
        std::vector<float> val(m.nnz + 1), x(m.cols);
        std::vector<int> xi(m.cols);
        for (int k = 0; k < m.nnz; k++)
            val[k] = coarse_float();
        for (int c = 0; c < m.cols; c++) {
            x[c] = coarse_float();
            xi[c] = (int)(lcg() % 200001) - 100000;
        }
        int *dptr = to_dev(m.ptr), *dcol = to_dev(m.col), *dxi = to_dev(xi),
            *dwi;
        float *dval = to_dev(val), *dx = to_dev(x), *down, *dwf;
        out_alloc(&down, m.rows);
        out_alloc(&dwf, nt);
        out_alloc(&dwi, nt);
        loop_then_shfl<<<nb, sh.block>>>(m.rows, dptr, dcol, dval, dx, dxi,
                                         down, dwf, dwi);
        CHECK(cudaGetLastError());
        std::vector<float> own = from_dev(down, m.rows),
                           wf = from_dev(dwf, nt);
        std::vector<int> wi = from_dev(dwi, nt);
        for (int wp = 0; wp < nw; wp++) {
            float f[32];
            int iv[32];
            for (int lane = 0; lane < 32; lane++) {
                int t = wp * 32 + lane;
                f[lane] = 0.0f;
                iv[lane] = 0;
                if (t < m.rows)
                    for (int k = m.ptr[t]; k < m.ptr[t + 1]; k++) {
                        f[lane] = fmaf(val[k], x[m.col[k]], f[lane]);
                        iv[lane] += xi[m.col[k]];
                    }
                if (t < m.rows && own[t] != f[lane])
                    report("loop_then_shfl own", s, t, own[t], f[lane]);
            }
            // __shfl_down_sync: a lane whose source is past 31 gets its own.
            for (int off = 16; off > 0; off >>= 1) {
                float nf[32];
                int ni[32];
                for (int lane = 0; lane < 32; lane++) {
                    int src = lane + off < 32 ? lane + off : lane;
                    nf[lane] = f[lane] + f[src];
                    ni[lane] = iv[lane] + iv[src];
                }
                for (int lane = 0; lane < 32; lane++) {
                    f[lane] = nf[lane];
                    iv[lane] = ni[lane];
                }
            }
            for (int lane = 0; lane < 32; lane++) {
                int t = wp * 32 + lane;
                if (wf[t] != f[lane])
                    report("loop_then_shfl float", s, t, wf[t], f[lane]);
                if (wi[t] != iv[lane])
                    report("loop_then_shfl int", s, t, wi[t], iv[lane]);
            }
        }
        CHECK(cudaFree(dptr)); CHECK(cudaFree(dcol)); CHECK(cudaFree(dxi));
        CHECK(cudaFree(dwi)); CHECK(cudaFree(dval)); CHECK(cudaFree(dx));
        CHECK(cudaFree(down)); CHECK(cudaFree(dwf));
    }
}

// --- 7. pointers walked instead of indices ----------------------------------

__global__ void pointer_walk(int rows, const int *ptr, const int *col,
                             const float *val, const float *x, float *y)
{
    size_t row = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= (size_t)rows)
        return;
    const int *c = col + ptr[row], *e = col + ptr[row + 1];
    const float *v = val + ptr[row];
    float sum = 0.0f;
    while (c < e)
        sum += *v++ * x[*c++];              // exact: coarse inputs
    y[row] = sum;
}

// --- 8. a thread's local array indexed by gathered values -------------------

// The same bins also kept in global memory, the thread's own 8: read,
// changed and written back through the gathered index, the same place
// several times in a row.
__global__ void local_hist(int rows, const int *ptr, const int *col,
                           const int *key, unsigned *out, int *first_bin,
                           int *gbins)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= rows)
        return;
    int h[8];
    for (int b = 0; b < 8; b++)
        h[b] = 0;
    for (int k = ptr[t]; k < ptr[t + 1]; k++) {
        h[key[col[k]] & 7] += 1 + (k & 3);
        gbins[8 * t + (key[col[k]] & 7)] += 1 + (k & 3);
    }
    unsigned r = 0;
    for (int b = 0; b < 8; b++)
        r = r * 31u + (unsigned)h[b];
    out[t] = r;
    first_bin[t] = ptr[t] < ptr[t + 1] ? h[key[col[ptr[t]]] & 7] : -1;
}

// --- 9. shared-memory atomics through gathered bins -------------------------

// Each block counts its threads' gathered keys in 64 bins of shared
// memory, then adds them to the grid's bins; the value each atomicAdd
// returned is kept at its k (in each block and bin, 0 to count - 1,
// once each).
__global__ void shared_hist(int rows, const int *ptr, const int *col,
                            const int *key, unsigned *hist, unsigned *old)
{
    __shared__ unsigned h[64];
    for (int i = threadIdx.x; i < 64; i += blockDim.x)
        h[i] = 0;
    __syncthreads();
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t < rows)
        for (int k = ptr[t]; k < ptr[t + 1]; k++)
            old[k] = atomicAdd(&h[key[col[k]] & 63], 1u);
    __syncthreads();
    for (int i = threadIdx.x; i < 64; i += blockDim.x)
        atomicAdd(&hist[i], h[i]);
}

static void test_pointers_local_atomics()
{
    for (int s = 0; s < nshapes; s++) {
        const Shape &sh = shapes[s];
        Csr m = make_csr(sh.n, 800);
        std::vector<float> val(m.nnz + 1), x(m.cols);
        std::vector<int> key(m.cols);
        for (int k = 0; k < m.nnz; k++)
            val[k] = coarse_float();
        for (int c = 0; c < m.cols; c++) {
            x[c] = coarse_float();
            key[c] = (int)(lcg() % 100000);
        }
        int *dptr = to_dev(m.ptr), *dcol = to_dev(m.col), *dkey = to_dev(key);
        float *dval = to_dev(val), *dx = to_dev(x), *dy;
        unsigned *dlh, *dold, *dhist = to_dev(std::vector<unsigned>(64, 0));
        int *dfb, *dgb = to_dev(std::vector<int>(8 * m.rows, 0));
        out_alloc(&dy, m.rows);
        out_alloc(&dlh, m.rows);
        out_alloc(&dfb, m.rows);
        out_alloc(&dold, m.nnz);
        pointer_walk<<<blocks(sh), sh.block>>>(m.rows, dptr, dcol, dval, dx,
                                               dy);
        CHECK(cudaGetLastError());
        local_hist<<<blocks(sh), sh.block>>>(m.rows, dptr, dcol, dkey, dlh,
                                             dfb, dgb);
        CHECK(cudaGetLastError());
        shared_hist<<<blocks(sh), sh.block>>>(m.rows, dptr, dcol, dkey, dhist,
                                              dold);
        CHECK(cudaGetLastError());
        std::vector<float> y = from_dev(dy, m.rows);
        std::vector<unsigned> lh = from_dev(dlh, m.rows),
                              old = from_dev(dold, m.nnz),
                              hist = from_dev(dhist, 64);
        std::vector<int> fb = from_dev(dfb, m.rows),
                         gb = from_dev(dgb, 8 * m.rows);
        std::vector<unsigned> want_hist(64, 0);
        for (int t = 0; t < m.rows; t++) {
            float sum = 0.0f;
            int h[8] = { 0 };
            for (int k = m.ptr[t]; k < m.ptr[t + 1]; k++) {
                sum = fmaf(val[k], x[m.col[k]], sum);
                h[key[m.col[k]] & 7] += 1 + (k & 3);
                want_hist[key[m.col[k]] & 63]++;
            }
            unsigned r = 0;
            for (int b = 0; b < 8; b++)
                r = r * 31u + (unsigned)h[b];
            int wfb = m.ptr[t] < m.ptr[t + 1] ? h[key[m.col[m.ptr[t]]] & 7]
                                              : -1;
            if (y[t] != sum) report("pointer_walk", s, t, y[t], sum);
            if (lh[t] != r) report("local_hist", s, t, lh[t], r);
            if (fb[t] != wfb) report("local_hist first bin", s, t, fb[t], wfb);
            for (int b = 0; b < 8; b++)
                if (gb[8 * t + b] != h[b])
                    report("local_hist global bins", s, 8 * t + b,
                           gb[8 * t + b], h[b]);
        }
        for (int i = 0; i < 64; i++)
            if (hist[i] != want_hist[i])
                report("shared_hist bins", s, i, hist[i], want_hist[i]);
        // In each block and bin the old values are 0 to count - 1, once.
        for (int b = 0; b < blocks(sh); b++) {
            int lo = m.ptr[b * sh.block];
            int hi = m.ptr[(b + 1) * sh.block < m.rows ? (b + 1) * sh.block
                                                        : m.rows];
            std::vector<unsigned> cnt(64, 0);
            std::vector<std::vector<char> > seen(64);
            for (int k = lo; k < hi; k++)
                cnt[key[m.col[k]] & 63]++;
            for (int i = 0; i < 64; i++)
                seen[i].assign(cnt[i], 0);
            for (int k = lo; k < hi; k++) {
                int bin = key[m.col[k]] & 63;
                if (old[k] >= cnt[bin] || seen[bin][old[k]]++)
                    report("shared_hist old", s, k, old[k], cnt[bin]);
            }
        }
        CHECK(cudaFree(dptr)); CHECK(cudaFree(dcol)); CHECK(cudaFree(dkey));
        CHECK(cudaFree(dval)); CHECK(cudaFree(dx)); CHECK(cudaFree(dy));
        CHECK(cudaFree(dlh)); CHECK(cudaFree(dold)); CHECK(cudaFree(dhist));
        CHECK(cudaFree(dfb)); CHECK(cudaFree(dgb));
    }
}

int main()
{
    test_index_in_loop();
    test_uniform_trips();
    test_warp_extremes();
    test_big_block();
    test_two_loops();
    test_loop_then_shfl();
    test_pointers_local_atomics();
    if (bad) {
        printf("FAIL divergent_gather_loops_edges (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS divergent_gather_loops_edges\n");
    return 0;
}
