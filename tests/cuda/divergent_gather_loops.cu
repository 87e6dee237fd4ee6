// divergent_gather_loops.cu: loops whose trip count differs from thread to
// thread and whose body gathers (loads through an address loaded from memory),
// in the shapes real kernels have them: CSR SpMV with a thread per row in
// float (bench/spmv.cu's kernel among them), double and int64 (the last with
// int indices through __ldg), empty rows and `if (row >= rows) return;`; a
// scatter through a permutation; a search that breaks out early and uses the
// index found, the last value read and a count after the loop, and one that
// returns from the kernel inside the loop; `continue` with a guarded store; a
// loop that only odd threads run; a loop followed by __syncthreads() and a
// block reduction of its results in shared memory, with a value computed
// before the loop and read after it; a pointer chase through shared memory and
// a linked-list walk in global memory; nested loops; math functions of
// gathered values; gathered unsigned char, short and __half values; gathered
// float2 and float4.  Row lengths 0, 1, 2, 3, 4, 5, 31, 33 and 100 (the
// unrolled-by-4 loop's remainders) are mixed in every warp; blocks of 96, 50
// and 128 threads, grids whose last warp is partly past the end.  Every result
// is compared with the host's: integers exactly, float sums exactly where the
// host does the same fmaf/fma in the same order, math within a tolerance;
// loops written plainly (`sum += a * b`, contracted or not) get inputs whose
// sums are exact in any order.  Outputs start as a pattern and have a guard
// after them that no thread may store in; the loop that only odd threads run
// stores as it goes.
#define TEST_NAME "divergent_gather_loops"
#define LCG_SEED 20261206u
#include <cuda_fp16.h>
#include <cmath>
#include "gather_loops.h"

// Rows of the lengths in lens[], and more empty rows.
static Csr make_csr(int rows, int cols)
{
    std::vector<int> len(rows);
    for (int r = 0; r < rows; r++) {
        len[r] = lens[lcg() % 9];
        if (r % 37 == 5)
            len[r] = 0;
    }
    return csr_from_lengths(len, cols);
}

// The last block of each shape is partly past the end, 50 leaves a warp
// of 18.
static const Shape shapes[] = { { 96, 1000 }, { 50, 777 }, { 128, 1501 } };
static const int nshapes = 3;

// --- 1. CSR SpMV, float, double, int64 --------------------------------------

__global__ void spmv_f32(int rows, const int *ptr, const int *col,
                         const float *val, const float *x, float *y)
{
    int row = blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= rows)
        return;
    float sum = 0.0f;
    for (int k = ptr[row]; k < ptr[row + 1]; k++)
        sum = fmaf(val[k], x[col[k]], sum);
    y[row] = sum;
}

__global__ void spmv_f64(int rows, const int *ptr, const int *col,
                         const double *val, const double *x, double *y)
{
    int row = blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= rows)
        return;
    double sum = 0.0;
    for (int k = ptr[row]; k < ptr[row + 1]; k++)
        sum = fma(val[k], x[col[k]], sum);
    y[row] = sum;
}

__global__ void spmv_i64(int rows, const int *__restrict__ ptr,
                         const int *__restrict__ col,
                         const long long *__restrict__ val,
                         const long long *__restrict__ x,
                         long long *__restrict__ y)
{
    int row = blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= rows)
        return;
    long long sum = 0;
    int end = __ldg(&ptr[row + 1]);
    for (int k = __ldg(&ptr[row]); k < end; k++)
        sum += __ldg(&val[k]) * __ldg(&x[__ldg(&col[k])]);
    y[row] = sum;
}

// bench/spmv.cu's kernel as it is (in float and double): the sum
// written plainly, which the device compiler may contract to fma or not
// (fmaf and fma above are calls to libdevice in clang's PTX, this is
// fma.rn).  Its inputs are multiples of 1/16 below 4 in magnitude, so
// that every product and partial sum is exact either way and the result
// is compared exactly.
template <class T>
__global__ void spmv_plain(const int *row_start, const int *col,
                           const T *val, const T *x, T *y, int rows)
{
    int row = blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= rows)
        return;
    T sum = 0;
    for (int k = row_start[row]; k < row_start[row + 1]; k++)
        sum += val[k] * x[col[k]];
    y[row] = sum;
}

static void test_spmv()
{
    for (int s = 0; s < nshapes; s++) {
        Csr m = make_csr(shapes[s].n, 1500);
        std::vector<float> val(m.nnz + 1), x(m.cols);
        std::vector<double> vald(m.nnz + 1), xd(m.cols);
        std::vector<long long> vali(m.nnz + 1), xi(m.cols);
        std::vector<float> valp(m.nnz + 1), xp(m.cols);
        std::vector<double> valpd(m.nnz + 1), xpd(m.cols);
        for (int k = 0; k < m.nnz; k++) {
            valp[k] = coarse_float();
            valpd[k] = coarse_float();
            val[k] = small_float();
            vald[k] = (double)small_float() * (1.0 + 1.0 / 3.0);
            vali[k] = (long long)(lcg() % 2000001) - 1000000;
        }
        for (int c = 0; c < m.cols; c++) {
            xp[c] = coarse_float();
            xpd[c] = coarse_float();
            x[c] = small_float();
            xd[c] = (double)small_float() / 3.0;
            xi[c] = ((long long)(lcg() % 200001) - 100000) * 1000;
        }
        int *dptr = to_dev(m.ptr), *dcol = to_dev(m.col);
        float *dval = to_dev(val), *dx = to_dev(x), *dy;
        double *dvald = to_dev(vald), *dxd = to_dev(xd), *dyd;
        long long *dvali = to_dev(vali), *dxi = to_dev(xi), *dyi;
        float *dvalp = to_dev(valp), *dxp = to_dev(xp), *dyp;
        double *dvalpd = to_dev(valpd), *dxpd = to_dev(xpd), *dypd;
        out_alloc(&dyp, m.rows);
        out_alloc(&dypd, m.rows);
        out_alloc(&dy, m.rows);
        out_alloc(&dyd, m.rows);
        out_alloc(&dyi, m.rows);
        int nb = blocks(shapes[s]), bs = shapes[s].block;
        spmv_f32<<<nb, bs>>>(m.rows, dptr, dcol, dval, dx, dy);
        CHECK(cudaGetLastError());
        spmv_f64<<<nb, bs>>>(m.rows, dptr, dcol, dvald, dxd, dyd);
        CHECK(cudaGetLastError());
        spmv_i64<<<nb, bs>>>(m.rows, dptr, dcol, dvali, dxi, dyi);
        CHECK(cudaGetLastError());
        spmv_plain<<<nb, bs>>>(dptr, dcol, dvalp, dxp, dyp, m.rows);
        CHECK(cudaGetLastError());
        spmv_plain<<<nb, bs>>>(dptr, dcol, dvalpd, dxpd, dypd, m.rows);
        CHECK(cudaGetLastError());
        std::vector<float> y = from_dev(dy, m.rows);
        std::vector<double> yd = from_dev(dyd, m.rows);
        std::vector<long long> yi = from_dev(dyi, m.rows);
        std::vector<float> yp = from_dev(dyp, m.rows);
        std::vector<double> ypd = from_dev(dypd, m.rows);
        for (int r = 0; r < m.rows; r++) {
            float ws = 0.0f, wp = 0.0f;
            double wd = 0.0, wpd = 0.0;
            long long wi = 0;
            for (int k = m.ptr[r]; k < m.ptr[r + 1]; k++) {
                ws = fmaf(val[k], x[m.col[k]], ws);
                wp = fmaf(valp[k], xp[m.col[k]], wp);   // exact
                wpd = fma(valpd[k], xpd[m.col[k]], wpd);
                wd = fma(vald[k], xd[m.col[k]], wd);
                wi += vali[k] * xi[m.col[k]];
            }
            if (y[r] != ws)
                report("spmv_f32", s, r, y[r], ws);
            if (yd[r] != wd)
                report("spmv_f64", s, r, yd[r], wd);
            if (yi[r] != wi)
                report("spmv_i64", s, r, (double)yi[r], (double)wi);
            if (yp[r] != wp)
                report("spmv_plain float", s, r, yp[r], wp);
            if (ypd[r] != wpd)
                report("spmv_plain double", s, r, ypd[r], wpd);
        }
        CHECK(cudaFree(dptr)); CHECK(cudaFree(dcol));
        CHECK(cudaFree(dval)); CHECK(cudaFree(dx)); CHECK(cudaFree(dy));
        CHECK(cudaFree(dvald)); CHECK(cudaFree(dxd)); CHECK(cudaFree(dyd));
        CHECK(cudaFree(dvali)); CHECK(cudaFree(dxi)); CHECK(cudaFree(dyi));
        CHECK(cudaFree(dvalp)); CHECK(cudaFree(dxp)); CHECK(cudaFree(dyp));
        CHECK(cudaFree(dvalpd)); CHECK(cudaFree(dxpd)); CHECK(cudaFree(dypd));
    }
}

// --- 2. scatter through a permutation ---------------------------------------

// out[perm[k]] = f(in[k]) for the thread's own segment: no two threads
// write the same element.
__global__ void scatter_perm(int n, const int *seg, const int *perm,
                             const int *in, int *out)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n)
        return;
    for (int k = seg[t]; k < seg[t + 1]; k++)
        out[perm[k]] = in[k] * 3 + (t ^ (k & 7));
}

static void test_scatter()
{
    for (int s = 0; s < nshapes; s++) {
        Csr m = make_csr(shapes[s].n, 1);
        int nnz = m.nnz;
        std::vector<int> perm(nnz + 1), in(nnz + 1), out(nnz + 1, -7);
        for (int k = 0; k < nnz; k++) {
            perm[k] = k;
            in[k] = (int)(lcg() % 100000) - 50000;
        }
        for (int k = nnz - 1; k > 0; k--) {
            int j = (int)(lcg() % (unsigned)(k + 1));
            int tmp = perm[k]; perm[k] = perm[j]; perm[j] = tmp;
        }
        int *dseg = to_dev(m.ptr), *dperm = to_dev(perm), *din = to_dev(in);
        int *dout = to_dev(out);
        scatter_perm<<<blocks(shapes[s]), shapes[s].block>>>(m.rows, dseg,
                                                             dperm, din, dout);
        CHECK(cudaGetLastError());
        std::vector<int> got = from_dev(dout, nnz + 1);
        for (int t = 0; t < m.rows; t++)
            for (int k = m.ptr[t]; k < m.ptr[t + 1]; k++)
                out[perm[k]] = in[k] * 3 + (t ^ (k & 7));
        for (int k = 0; k <= nnz; k++)
            if (got[k] != out[k])
                report("scatter_perm", s, k, got[k], out[k]);
        CHECK(cudaFree(dseg)); CHECK(cudaFree(dperm)); CHECK(cudaFree(din));
        CHECK(cudaFree(dout));
    }
}

// --- 3. search with break; values of the loop used after it -----------------

// The first k in the thread's segment whose gathered key is the target
// (-1 if none), the last key read and how many were read.
__global__ void search_break(int n, const int *seg, const int *idx,
                             const int *key, const int *target, int *found,
                             int *last, int *count)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n)
        return;
    int want = target[t], f = -1, l = -100, c = 0;
    for (int k = seg[t]; k < seg[t + 1]; k++) {
        l = key[idx[k]];
        c++;
        if (l == want) {
            f = k;
            break;
        }
    }
    found[t] = f;
    last[t] = l;
    count[t] = c;
}

// The same search leaving the kernel from inside the loop: the index
// found is stored there, -1 - (the segment's length) after the loop.
__global__ void search_return(int n, const int *seg, const int *idx,
                              const int *key, const int *target, int *found)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n)
        return;
    int want = target[t];
    for (int k = seg[t]; k < seg[t + 1]; k++)
        if (key[idx[k]] == want) {
            found[t] = k;
            return;
        }
    found[t] = -1 - (seg[t + 1] - seg[t]);
}

static void test_search()
{
    for (int s = 0; s < nshapes; s++) {
        Csr m = make_csr(shapes[s].n, 64);  // keys 0..63 behind col
        std::vector<int> key(64), target(m.rows);
        for (int j = 0; j < 64; j++)
            key[j] = (int)(lcg() % 40);     // repeats: some targets twice
        for (int t = 0; t < m.rows; t++)
            target[t] = (int)(lcg() % 48);  // some never found
        int *dseg = to_dev(m.ptr), *didx = to_dev(m.col), *dkey = to_dev(key);
        int *dtarget = to_dev(target), *df, *dl, *dc, *dr;
        out_alloc(&dr, m.rows);
        out_alloc(&df, m.rows);
        out_alloc(&dl, m.rows);
        out_alloc(&dc, m.rows);
        search_break<<<blocks(shapes[s]), shapes[s].block>>>(
            m.rows, dseg, didx, dkey, dtarget, df, dl, dc);
        CHECK(cudaGetLastError());
        search_return<<<blocks(shapes[s]), shapes[s].block>>>(
            m.rows, dseg, didx, dkey, dtarget, dr);
        CHECK(cudaGetLastError());
        std::vector<int> f = from_dev(df, m.rows), l = from_dev(dl, m.rows),
                         c = from_dev(dc, m.rows), r = from_dev(dr, m.rows);
        for (int t = 0; t < m.rows; t++) {
            int wf = -1, wl = -100, wc = 0;
            for (int k = m.ptr[t]; k < m.ptr[t + 1]; k++) {
                wl = key[m.col[k]];
                wc++;
                if (wl == target[t]) {
                    wf = k;
                    break;
                }
            }
            if (f[t] != wf) report("search_break found", s, t, f[t], wf);
            if (l[t] != wl) report("search_break last", s, t, l[t], wl);
            if (c[t] != wc) report("search_break count", s, t, c[t], wc);
            int wr = wf >= 0 ? wf : -1 - (m.ptr[t + 1] - m.ptr[t]);
            if (r[t] != wr) report("search_return", s, t, r[t], wr);
        }
        CHECK(cudaFree(dseg)); CHECK(cudaFree(didx)); CHECK(cudaFree(dkey));
        CHECK(cudaFree(dtarget)); CHECK(cudaFree(df)); CHECK(cudaFree(dl));
        CHECK(cudaFree(dc)); CHECK(cudaFree(dr));
    }
}

// --- 4. continue and a guarded store ----------------------------------------

// Skips gathered values divisible by 3; of the others sums all and
// stores those above a threshold at their own k (others keep the
// sentinel the host wrote).
__global__ void continue_guarded(int n, const int *seg, const int *col,
                                 const int *x, int thresh, int *sum,
                                 int *marks)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n)
        return;
    int acc = 0;
    for (int k = seg[t]; k < seg[t + 1]; k++) {
        int v = x[col[k]];
        if (v % 3 == 0)
            continue;
        acc += v;
        if (v > thresh)
            marks[k] = v + t;
    }
    sum[t] = acc;
}

static void test_continue()
{
    for (int s = 0; s < nshapes; s++) {
        Csr m = make_csr(shapes[s].n, 700);
        std::vector<int> x(m.cols), marks(m.nnz + 1, -12345);
        for (int c = 0; c < m.cols; c++)
            x[c] = (int)(lcg() % 2001) - 1000;
        int *dseg = to_dev(m.ptr), *dcol = to_dev(m.col), *dx = to_dev(x);
        int *dmarks = to_dev(marks), *dsum;
        out_alloc(&dsum, m.rows);
        continue_guarded<<<blocks(shapes[s]), shapes[s].block>>>(
            m.rows, dseg, dcol, dx, 250, dsum, dmarks);
        CHECK(cudaGetLastError());
        std::vector<int> sum = from_dev(dsum, m.rows),
                         gm = from_dev(dmarks, m.nnz + 1);
        for (int t = 0; t < m.rows; t++) {
            int acc = 0;
            for (int k = m.ptr[t]; k < m.ptr[t + 1]; k++) {
                int v = x[m.col[k]];
                if (v % 3 == 0)
                    continue;
                acc += v;
                if (v > 250)
                    marks[k] = v + t;
            }
            if (sum[t] != acc)
                report("continue_guarded sum", s, t, sum[t], acc);
        }
        for (int k = 0; k <= m.nnz; k++)
            if (gm[k] != marks[k])
                report("continue_guarded marks", s, k, gm[k], marks[k]);
        CHECK(cudaFree(dseg)); CHECK(cudaFree(dcol)); CHECK(cudaFree(dx));
        CHECK(cudaFree(dmarks)); CHECK(cudaFree(dsum));
    }
}

// --- 5. inside a divergent if; before a barrier; a value live across --------

// Only odd threads run the loop, which stores as it goes (at k: the
// even threads' places keep the host's sentinel); even ones store
// something else.
__global__ void odd_threads(int n, const int *seg, const int *col,
                            const int *x, int *out, int *hits)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n)
        return;
    if (t & 1) {
        int acc = 0;
        for (int k = seg[t]; k < seg[t + 1]; k++) {
            int v = x[col[k]];
            acc += v * (k & 15);
            hits[k] = v + t;
        }
        out[t] = acc;
    } else {
        out[t] = -t;
    }
}

// Every thread of the block (the ones past n with no trips) runs the
// loop, then the block's results meet in shared memory: each thread
// reads its neighbour's, thread 0 sums them all in order.  `pre` is
// computed before the loop and read after it.
__global__ void loop_then_barrier(int n, const int *seg, const int *col,
                                  const float *val, const float *x,
                                  float *out, float *neighbour,
                                  float *block_sum)
{
    __shared__ float part[256];
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    int lo = 0, hi = 0;
    if (t < n) {
        lo = seg[t];
        hi = seg[t + 1];
    }
    float pre = t < n ? x[t % 97] * 2.0f + (float)threadIdx.x : 0.0f;
    float sum = 0.0f;
    for (int k = lo; k < hi; k++)
        sum += val[k] * x[col[k]];          // exact: coarse inputs
    part[threadIdx.x] = sum;
    __syncthreads();
    if (t < n) {
        out[t] = sum + pre;
        neighbour[t] = part[(threadIdx.x + 1) % blockDim.x];
    }
    if (threadIdx.x == 0) {
        float b = 0.0f;
        for (int i = 0; i < (int)blockDim.x; i++)
            b += part[i];
        block_sum[blockIdx.x] = b;
    }
}

static void test_divergent_and_barrier()
{
    for (int s = 0; s < nshapes; s++) {
        const Shape &sh = shapes[s];
        Csr m = make_csr(sh.n, 900);
        int nb = blocks(sh);
        std::vector<int> xi(m.cols);
        std::vector<float> val(m.nnz + 1), x(m.cols);
        for (int c = 0; c < m.cols; c++) {
            xi[c] = (int)(lcg() % 20001) - 10000;
            x[c] = coarse_float();
        }
        for (int k = 0; k < m.nnz; k++)
            val[k] = coarse_float();
        int *dseg = to_dev(m.ptr), *dcol = to_dev(m.col), *dxi = to_dev(xi);
        float *dval = to_dev(val), *dx = to_dev(x);
        std::vector<int> hits(m.nnz + 1, -999999);
        int *dodd, *dhits = to_dev(hits);
        float *dout, *dnb, *dbs;
        out_alloc(&dodd, m.rows);
        out_alloc(&dout, m.rows);
        out_alloc(&dnb, m.rows);
        out_alloc(&dbs, nb);
        odd_threads<<<nb, sh.block>>>(m.rows, dseg, dcol, dxi, dodd, dhits);
        CHECK(cudaGetLastError());
        loop_then_barrier<<<nb, sh.block>>>(m.rows, dseg, dcol, dval, dx, dout,
                                            dnb, dbs);
        CHECK(cudaGetLastError());
        std::vector<int> odd = from_dev(dodd, m.rows),
                         ghits = from_dev(dhits, m.nnz + 1);
        std::vector<float> out = from_dev(dout, m.rows),
                           nbr = from_dev(dnb, m.rows),
                           bsum = from_dev(dbs, nb);
        std::vector<float> sums(nb * sh.block, 0.0f);
        for (int t = 0; t < m.rows; t++) {
            int acc = 0;
            float sum = 0.0f;
            for (int k = m.ptr[t]; k < m.ptr[t + 1]; k++) {
                acc += xi[m.col[k]] * (k & 15);
                if (t & 1)
                    hits[k] = xi[m.col[k]] + t;
                sum = fmaf(val[k], x[m.col[k]], sum);
            }
            sums[t] = sum;
            int wodd = (t & 1) ? acc : -t;
            if (odd[t] != wodd) report("odd_threads", s, t, odd[t], wodd);
            float pre = x[t % 97] * 2.0f + (float)(t % sh.block);
            if (out[t] != sum + pre)
                report("loop_then_barrier out", s, t, out[t], sum + pre);
        }
        for (int k = 0; k <= m.nnz; k++)
            if (ghits[k] != hits[k])
                report("odd_threads hits", s, k, ghits[k], hits[k]);
        for (int t = 0; t < m.rows; t++) {
            int b = t / sh.block, i = t % sh.block;
            float w = sums[b * sh.block + (i + 1) % sh.block];
            if (nbr[t] != w)
                report("loop_then_barrier neighbour", s, t, nbr[t], w);
        }
        for (int b = 0; b < nb; b++) {
            float w = 0.0f;
            for (int i = 0; i < sh.block; i++)
                w += sums[b * sh.block + i];
            if (bsum[b] != w)
                report("loop_then_barrier block sum", s, b, bsum[b], w);
        }
        CHECK(cudaFree(dseg)); CHECK(cudaFree(dcol)); CHECK(cudaFree(dxi));
        CHECK(cudaFree(dval)); CHECK(cudaFree(dx)); CHECK(cudaFree(dodd));
        CHECK(cudaFree(dhits));
        CHECK(cudaFree(dout)); CHECK(cudaFree(dnb)); CHECK(cudaFree(dbs));
    }
}

// --- 6. pointer chase in shared memory; linked list in global memory --------

#define TABLE 256

// The block stages next[] and val[] in shared memory, then each thread
// follows its own chain for its own number of steps.
__global__ void chase_shared(int n, const int *next, const int *val,
                             const int *start, const int *steps, int *sum,
                             int *end)
{
    __shared__ int next_sh[TABLE], val_sh[TABLE];
    for (int i = threadIdx.x; i < TABLE; i += blockDim.x) {
        next_sh[i] = next[i];
        val_sh[i] = val[i];
    }
    __syncthreads();
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n)
        return;
    int j = start[t];
    unsigned acc = 0;                   // wraps, as the host's
    for (int s = 0; s < steps[t]; s++) {
        acc = acc * 3u + (unsigned)val_sh[j];
        j = next_sh[j];
    }
    sum[t] = (int)acc;
    end[t] = j;
}

// Each thread follows next[] from its own head until -1, summing the
// values and counting the nodes.
__global__ void list_walk(int n, const int *head, const int *next,
                          const long long *val, long long *sum, int *len)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n)
        return;
    long long acc = 0;
    int c = 0;
    for (int p = head[t]; p != -1; p = next[p]) {
        acc += val[p] * (c + 1);
        c++;
    }
    sum[t] = acc;
    len[t] = c;
}

static void test_chase()
{
    std::vector<int> next(TABLE), tval(TABLE);
    for (int i = 0; i < TABLE; i++) {
        next[i] = (int)(lcg() % TABLE);
        tval[i] = (int)(lcg() % 1000) - 500;
    }
    for (int s = 0; s < nshapes; s++) {
        const Shape &sh = shapes[s];
        int n = sh.n;
        std::vector<int> start(n), steps(n);
        for (int t = 0; t < n; t++) {
            start[t] = (int)(lcg() % TABLE);
            steps[t] = lens[lcg() % 9];
        }
        // Lists: each thread's own nodes, scattered over the node array.
        std::vector<int> lists(n);
        int nodes = 0;
        for (int t = 0; t < n; t++) {
            lists[t] = (t % 29 == 3) ? 0 : lens[lcg() % 9];
            nodes += lists[t];
        }
        std::vector<int> place(nodes + 1), lnext(nodes + 1, -2),
                         head(n, -1);
        std::vector<long long> lval(nodes + 1, 0);
        for (int i = 0; i < nodes; i++)
            place[i] = i;
        for (int i = nodes - 1; i > 0; i--) {
            int j = (int)(lcg() % (unsigned)(i + 1));
            int tmp = place[i]; place[i] = place[j]; place[j] = tmp;
        }
        int q = 0;
        for (int t = 0; t < n; t++) {
            int prev = -1;
            for (int c = 0; c < lists[t]; c++) {
                int p = place[q++];
                lval[p] = (long long)(lcg() % 1000000) - 500000;
                lnext[p] = -1;
                if (prev < 0)
                    head[t] = p;
                else
                    lnext[prev] = p;
                prev = p;
            }
        }
        int *dnext = to_dev(next), *dtval = to_dev(tval),
            *dstart = to_dev(start), *dsteps = to_dev(steps);
        int *dhead = to_dev(head), *dlnext = to_dev(lnext);
        long long *dlval = to_dev(lval), *dlsum;
        int *dsum, *dend, *dlen;
        out_alloc(&dsum, n);
        out_alloc(&dend, n);
        out_alloc(&dlen, n);
        out_alloc(&dlsum, n);
        chase_shared<<<blocks(sh), sh.block>>>(n, dnext, dtval, dstart, dsteps,
                                               dsum, dend);
        CHECK(cudaGetLastError());
        list_walk<<<blocks(sh), sh.block>>>(n, dhead, dlnext, dlval, dlsum,
                                            dlen);
        CHECK(cudaGetLastError());
        std::vector<int> sum = from_dev(dsum, n), end = from_dev(dend, n),
                         len = from_dev(dlen, n);
        std::vector<long long> lsum = from_dev(dlsum, n);
        for (int t = 0; t < n; t++) {
            int j = start[t];
            unsigned acc = 0;               // wraps as the device's int
            for (int k = 0; k < steps[t]; k++) {
                acc = acc * 3u + (unsigned)tval[j];
                j = next[j];
            }
            if (sum[t] != (int)acc)
                report("chase_shared sum", s, t, sum[t], (int)acc);
            if (end[t] != j) report("chase_shared end", s, t, end[t], j);
            long long w = 0;
            int c = 0;
            for (int p = head[t]; p != -1; p = lnext[p]) {
                w += lval[p] * (c + 1);
                c++;
            }
            if (lsum[t] != w)
                report("list_walk sum", s, t, (double)lsum[t], (double)w);
            if (len[t] != c) report("list_walk len", s, t, len[t], c);
        }
        CHECK(cudaFree(dnext)); CHECK(cudaFree(dtval)); CHECK(cudaFree(dstart));
        CHECK(cudaFree(dsteps)); CHECK(cudaFree(dhead));
        CHECK(cudaFree(dlnext));
        CHECK(cudaFree(dlval)); CHECK(cudaFree(dlsum)); CHECK(cudaFree(dsum));
        CHECK(cudaFree(dend)); CHECK(cudaFree(dlen));
    }
}

// --- 7. nested loops --------------------------------------------------------

// An outer loop of the thread's own length over rows picked from t and
// the trip, an inner SpMV-style loop over each.
__global__ void nested(int n, int rows, const int *outer, const int *ptr,
                       const int *col, const int *val, const int *x, int *out)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n)
        return;
    unsigned acc = 0;                   // wraps, as the host's
    for (int o = 0; o < outer[t]; o++) {
        int r = (t * 5 + o * 3) % rows;
        int part = 0;
        for (int k = ptr[r]; k < ptr[r + 1]; k++)
            part += val[k] * x[col[k]];
        acc = acc * 7u + (unsigned)part + (unsigned)o;
    }
    out[t] = (int)acc;
}

static void test_nested()
{
    Csr m = make_csr(300, 500);
    std::vector<int> val(m.nnz + 1), x(m.cols);
    for (int k = 0; k < m.nnz; k++)
        val[k] = (int)(lcg() % 201) - 100;
    for (int c = 0; c < m.cols; c++)
        x[c] = (int)(lcg() % 201) - 100;
    int *dptr = to_dev(m.ptr), *dcol = to_dev(m.col), *dval = to_dev(val),
        *dx = to_dev(x);
    for (int s = 0; s < nshapes; s++) {
        const Shape &sh = shapes[s];
        int n = sh.n;
        std::vector<int> outer(n);
        for (int t = 0; t < n; t++)
            outer[t] = (int)(lcg() % 7);
        int *douter = to_dev(outer), *dout;
        out_alloc(&dout, n);
        nested<<<blocks(sh), sh.block>>>(n, m.rows, douter, dptr, dcol, dval,
                                         dx, dout);
        CHECK(cudaGetLastError());
        std::vector<int> out = from_dev(dout, n);
        for (int t = 0; t < n; t++) {
            unsigned acc = 0;
            for (int o = 0; o < outer[t]; o++) {
                int r = (t * 5 + o * 3) % m.rows;
                int part = 0;
                for (int k = m.ptr[r]; k < m.ptr[r + 1]; k++)
                    part += val[k] * x[m.col[k]];
                acc = acc * 7u + (unsigned)part + (unsigned)o;
            }
            if (out[t] != (int)acc) report("nested", s, t, out[t], (int)acc);
        }
        CHECK(cudaFree(douter)); CHECK(cudaFree(dout));
    }
    CHECK(cudaFree(dptr)); CHECK(cudaFree(dcol)); CHECK(cudaFree(dval));
    CHECK(cudaFree(dx));
}

// --- 8. math functions of gathered values -----------------------------------

__global__ void gather_math(int rows, const int *ptr, const int *col,
                            const float *x, float *out)
{
    int row = blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= rows)
        return;
    float acc = 0.0f;
    for (int k = ptr[row]; k < ptr[row + 1]; k++) {
        float v = x[col[k]];
        acc += sqrtf(fabsf(v)) + expf(v * 0.25f) + __sinf(v);
    }
    out[row] = acc;
}

static void test_math()
{
    for (int s = 0; s < nshapes; s++) {
        Csr m = make_csr(shapes[s].n, 1000);
        std::vector<float> x(m.cols);
        for (int c = 0; c < m.cols; c++)   // within [-pi, pi] for __sinf
            x[c] = (float)((int)(lcg() % 6001) - 3000) / 1000.0f;
        int *dptr = to_dev(m.ptr), *dcol = to_dev(m.col);
        float *dx = to_dev(x), *dout;
        out_alloc(&dout, m.rows);
        gather_math<<<blocks(shapes[s]), shapes[s].block>>>(m.rows, dptr, dcol,
                                                            dx, dout);
        CHECK(cudaGetLastError());
        std::vector<float> out = from_dev(dout, m.rows);
        for (int r = 0; r < m.rows; r++) {
            double w = 0.0, mag = 0.0;
            for (int k = m.ptr[r]; k < m.ptr[r + 1]; k++) {
                double v = x[m.col[k]];
                double term = sqrt(fabs(v)) + exp(v * 0.25) + sin(v);
                w += term;
                mag += fabs(sqrt(fabs(v))) + exp(v * 0.25) + fabs(sin(v));
            }
            // __sinf is good to about 2^-21 absolute here; the float sum
            // of up to 100 terms rounds at most 100 times.
            double tol = 2e-5 * mag + 1e-6;
            if (!(fabs((double)out[r] - w) <= tol))
                report("gather_math", s, r, out[r], w);
        }
        CHECK(cudaFree(dptr)); CHECK(cudaFree(dcol)); CHECK(cudaFree(dx));
        CHECK(cudaFree(dout));
    }
}

// --- 9. narrow types: unsigned char, short, __half --------------------------

__global__ void gather_narrow(int rows, const int *ptr, const int *col,
                              const unsigned char *b, const short *h,
                              const __half *f, int *isum, float *fsum)
{
    int row = blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= rows)
        return;
    int acc = 0;
    float facc = 0.0f;
    for (int k = ptr[row]; k < ptr[row + 1]; k++) {
        int c = col[k];
        acc += b[c] * 3 - h[(c * 7) % 1000];
        facc += __half2float(f[c]);
    }
    isum[row] = acc;
    fsum[row] = facc;
}

static void test_narrow()
{
    std::vector<unsigned char> b(1000);
    std::vector<short> h(1000);
    std::vector<__half> f(1000);
    std::vector<float> ff(1000);
    for (int c = 0; c < 1000; c++) {
        b[c] = (unsigned char)(lcg() & 255);
        h[c] = (short)((int)(lcg() % 65536) - 32768);
        // quarters up to +-256: exact in half, their sums exact in float
        ff[c] = (float)((int)(lcg() % 2049) - 1024) / 4.0f;
        f[c] = __float2half(ff[c]);
    }
    unsigned char *db = to_dev(b);
    short *dh = to_dev(h);
    __half *df = to_dev(f);
    for (int s = 0; s < nshapes; s++) {
        Csr m = make_csr(shapes[s].n, 1000);
        int *dptr = to_dev(m.ptr), *dcol = to_dev(m.col), *dis;
        float *dfs;
        out_alloc(&dis, m.rows);
        out_alloc(&dfs, m.rows);
        gather_narrow<<<blocks(shapes[s]), shapes[s].block>>>(
            m.rows, dptr, dcol, db, dh, df, dis, dfs);
        CHECK(cudaGetLastError());
        std::vector<int> is = from_dev(dis, m.rows);
        std::vector<float> fs = from_dev(dfs, m.rows);
        for (int r = 0; r < m.rows; r++) {
            int acc = 0;
            float facc = 0.0f;
            for (int k = m.ptr[r]; k < m.ptr[r + 1]; k++) {
                int c = m.col[k];
                acc += b[c] * 3 - h[(c * 7) % 1000];
                facc += ff[c];
            }
            if (is[r] != acc) report("gather_narrow int", s, r, is[r], acc);
            if (fs[r] != facc) report("gather_narrow half", s, r, fs[r], facc);
        }
        CHECK(cudaFree(dptr)); CHECK(cudaFree(dcol)); CHECK(cudaFree(dis));
        CHECK(cudaFree(dfs));
    }
    CHECK(cudaFree(db)); CHECK(cudaFree(dh)); CHECK(cudaFree(df));
}

// --- 10. gathered float2 and float4 -----------------------------------------

__global__ void gather_vec(int rows, const int *ptr, const int *col,
                           const float *p4, const float *p2, float *out4,
                           float *out2)
{
    int row = blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= rows)
        return;
    float a4 = 0.0f, a2 = 0.0f;
    for (int k = ptr[row]; k < ptr[row + 1]; k++) {
        float4 v = reinterpret_cast<const float4 *>(p4)[col[k]];
        a4 += v.x * v.y + v.z * v.w;        // exact: coarse inputs
        float2 u = reinterpret_cast<const float2 *>(p2)[col[k] ^ 1];
        a2 += u.x * u.y;
    }
    out4[row] = a4;
    out2[row] = a2;
}

static void test_vec()
{
    const int cols = 800;                   // even: col ^ 1 stays inside
    std::vector<float> p4(4 * cols), p2(2 * cols);
    for (int i = 0; i < 4 * cols; i++)
        p4[i] = coarse_float();
    for (int i = 0; i < 2 * cols; i++)
        p2[i] = coarse_float();
    float *dp4 = to_dev(p4), *dp2 = to_dev(p2);
    for (int s = 0; s < nshapes; s++) {
        Csr m = make_csr(shapes[s].n, cols);
        int *dptr = to_dev(m.ptr), *dcol = to_dev(m.col);
        float *do4, *do2;
        out_alloc(&do4, m.rows);
        out_alloc(&do2, m.rows);
        gather_vec<<<blocks(shapes[s]), shapes[s].block>>>(m.rows, dptr, dcol,
                                                           dp4, dp2, do4, do2);
        CHECK(cudaGetLastError());
        std::vector<float> o4 = from_dev(do4, m.rows),
                           o2 = from_dev(do2, m.rows);
        for (int r = 0; r < m.rows; r++) {
            float a4 = 0.0f, a2 = 0.0f;
            for (int k = m.ptr[r]; k < m.ptr[r + 1]; k++) {
                const float *v = &p4[4 * m.col[k]];
                a4 = fmaf(v[2], v[3], fmaf(v[0], v[1], a4));
                const float *u = &p2[2 * (m.col[k] ^ 1)];
                a2 = fmaf(u[0], u[1], a2);
            }
            if (o4[r] != a4) report("gather_vec float4", s, r, o4[r], a4);
            if (o2[r] != a2) report("gather_vec float2", s, r, o2[r], a2);
        }
        CHECK(cudaFree(dptr)); CHECK(cudaFree(dcol)); CHECK(cudaFree(do4));
        CHECK(cudaFree(do2));
    }
    CHECK(cudaFree(dp4)); CHECK(cudaFree(dp2));
}

int main()
{
    test_spmv();
    test_scatter();
    test_search();
    test_continue();
    test_divergent_and_barrier();
    test_chase();
    test_nested();
    test_math();
    test_narrow();
    test_vec();
    if (bad) {
        printf("FAIL divergent_gather_loops (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS divergent_gather_loops\n");
    return 0;
}
