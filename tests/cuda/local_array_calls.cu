// local_array_calls.cu: local arrays filled and read through __noinline__
// __device__ functions, and device functions with arrays of their own.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL local_array_calls\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

typedef unsigned long long u64;

// The issue's function: a table of x * t^i in GF(2^64) (the signed compare
// decides the reduction), then a product by the bits of ran.
__host__ __device__ u64 gf_mul(u64 x, u64 ran)
{
    u64 m2[64];
    u64 temp = x;
    for (int i = 0; i < 64; i += 2) {
        m2[i] = temp;
        temp = (temp << 1) ^ ((long long)temp < 0 ? 7 : 0);
        m2[i + 1] = temp;
        temp = (temp << 1) ^ ((long long)temp < 0 ? 7 : 0);
    }
    temp = 0;
    for (int j = 0; j < 64; j++)
        if ((ran >> j) & 1)
            temp ^= m2[j];
    return temp;
}

// The same with both loops unrolled.
__host__ __device__ u64 gf_mul_unroll(u64 x, u64 ran)
{
    u64 m2[64];
    u64 temp = x;
#pragma unroll
    for (int i = 0; i < 64; i += 2) {
        m2[i] = temp;
        temp = (temp << 1) ^ ((long long)temp < 0 ? 7 : 0);
        m2[i + 1] = temp;
        temp = (temp << 1) ^ ((long long)temp < 0 ? 7 : 0);
    }
    temp = 0;
#pragma unroll
    for (int j = 0; j < 64; j++)
        if ((ran >> j) & 1)
            temp ^= m2[j];
    return temp;
}

// The same, never unrolled, and with an unsigned test of the top bit
// instead of the signed compare (clang makes the same (x >> 63) & 7 of it).
__host__ __device__ u64 gf_mul_loop(u64 x, u64 ran)
{
    u64 m2[64];
    u64 temp = x;
#pragma unroll 1
    for (int i = 0; i < 64; i += 2) {
        m2[i] = temp;
        temp = (temp << 1) ^ ((temp >> 63) ? 7 : 0);
        m2[i + 1] = temp;
        temp = (temp << 1) ^ ((temp >> 63) ? 7 : 0);
    }
    temp = 0;
#pragma unroll 1
    for (int j = 0; j < 64; j++)
        if ((ran >> j) & 1)
            temp ^= m2[j];
    return temp;
}

// The issue's function as a non-inlined call, with its own array.
__device__ __noinline__ u64 gf_mul_call(u64 x, u64 ran)
{
    return gf_mul(x, ran);
}

// The issue's shape split over non-inlined calls: one fills the caller's
// array, another reads it at indices that come from data.
__device__ __noinline__ void fill_table(u64 *m, u64 x)
{
    for (int i = 0; i < 64; i++) {
        m[i] = x;
        x = (x << 1) ^ ((x & 0x8000000000000000ull) ? 0x1bull : 0);
    }
}

__device__ __noinline__ u64 pick_bits(const u64 *m, u64 ran)
{
    u64 r = 0;
    for (int j = 0; j < 64; j++)
        if ((ran >> j) & 1)
            r ^= m[j];
    return r;
}

__host__ u64 fill_pick_host(u64 x, u64 ran)
{
    u64 m[64], r = 0;
    for (int i = 0; i < 64; i++) {
        m[i] = x;
        x = (x << 1) ^ ((x & 0x8000000000000000ull) ? 0x1bull : 0);
    }
    for (int j = 0; j < 64; j++)
        if ((ran >> j) & 1)
            r ^= m[j];
    return r;
}

// Arrays of several element sizes through pointers: fill at a lane-varying
// permutation, update some entries under divergence, read in another call.
template <class T>
__device__ __noinline__ void fill_perm(T *a, int n, int tid, unsigned seed)
{
    for (int k = 0; k < n; k++)
        a[(n - 1 - k + tid) % n] = (T)(seed * (unsigned)(k + 1) + (unsigned)k);
}

template <class T>
__device__ __noinline__ void bump_some(T *a, int n, int tid)
{
    for (int k = tid % 3; k < n; k += 3)
        if ((tid + k) & 1)
            a[k] = (T)((long long)a[k] * 3 + 1);
}

template <class T>
__device__ __noinline__ u64 read_back(const T *a, int n, int tid)
{
    u64 h = 0;
    for (int k = 0; k < n; k++)
        h = h * 1000003ull + (u64)(long long)a[(k * 5 + tid * 3) % n];
    return h;
}

template <class T>
__host__ u64 perm_host(int n, int tid, unsigned seed)
{
    T a[32];
    for (int k = 0; k < n; k++)
        a[(n - 1 - k + tid) % n] = (T)(seed * (unsigned)(k + 1) + (unsigned)k);
    for (int k = tid % 3; k < n; k += 3)
        if ((tid + k) & 1)
            a[k] = (T)((long long)a[k] * 3 + 1);
    u64 h = 0;
    for (int k = 0; k < n; k++)
        h = h * 1000003ull + (u64)(long long)a[(k * 5 + tid * 3) % n];
    return h;
}

// A non-inlined function with a local array of its own, indexed by its
// arguments, called from divergent lanes and twice in a row.
__host__ __device__ __noinline__ int own_array(int v, int pick)
{
    int t[20];
    for (int k = 0; k < 20; k++)
        t[k] = v * (k + 1) ^ (k << 3);
    for (int k = 0; k < 20; k++)
        t[(k + v) % 20] += t[k] >> 1;
    return t[pick % 20] - t[(pick * 3 + 1) % 20];
}

// A function with a local array that calls another with a pointer into it.
__device__ __noinline__ void add_row(int *row, int n, int v)
{
    for (int k = 0; k < n; k++)
        row[k] += v + k;
}

__host__ __device__ int nested(int tid)
{
    int m[4][9];
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 9; c++)
            m[r][c] = r * 100 + c + tid;
#ifdef __CUDA_ARCH__
    add_row(m[tid & 3], 9, tid);
    add_row(&m[(tid >> 2) & 3][tid % 5], 9 - tid % 5, 1000);
#else
    for (int k = 0; k < 9; k++)
        m[tid & 3][k] += tid + k;
    for (int k = 0; k < 9 - tid % 5; k++)
        m[(tid >> 2) & 3][tid % 5 + k] += 1000 + k;
#endif
    int s = 0;
    for (int r = 0; r < 4; r++)
        s = s * 7 + m[r][(tid + r) % 9];
    return s;
}

#define NC 12   // results per thread

__global__ void run(const u64 *xs, const u64 *rans, u64 *out)
{
    int tid = threadIdx.x;
    int i = blockIdx.x * blockDim.x + tid;
    u64 x = xs[i], ran = rans[i];
    u64 *o = out + (size_t)i * NC;
    o[0] = gf_mul(x, ran);
    o[1] = gf_mul_unroll(x, ran);
    o[2] = gf_mul_loop(x, ran);
    u64 m[64];
    fill_table(m, x);
    o[3] = pick_bits(m, ran);
    char c[29];
    fill_perm(c, 29, tid, (unsigned)x);
    bump_some(c, 29, tid);
    o[4] = read_back(c, 29, tid);
    short s[30];
    fill_perm(s, 30, tid, (unsigned)x);
    bump_some(s, 30, tid);
    o[5] = read_back(s, 30, tid);
    int n = 17 + (int)(ran & 15);               // lane-varying length
    int w[32];
    fill_perm(w, n, tid, (unsigned)x);
    bump_some(w, n, tid);
    o[6] = read_back(w, n, tid);
    long long q[31];
    fill_perm(q, 31, tid, (unsigned)(x >> 32));
    bump_some(q, 31, tid);
    o[7] = read_back(q, 31, tid);
    int a = own_array((int)(x & 0xffff), tid);
    if (tid & 1)
        a += own_array(tid, (int)(ran & 0xff));
    o[8] = (u64)(long long)a;
    o[9] = (u64)(long long)nested(tid);
    o[10] = gf_mul(ran, x) ^ gf_mul_loop(x, x);
    o[11] = (tid % 3) ? gf_mul_call(x ^ (u64)tid, ran) : 0;  // divergent call
}

static u64 want_of(int v, u64 x, u64 ran, int tid)
{
    switch (v) {
    case 0: return gf_mul(x, ran);
    case 1: return gf_mul_unroll(x, ran);
    case 2: return gf_mul_loop(x, ran);
    case 3: return fill_pick_host(x, ran);
    case 4: return perm_host<char>(29, tid, (unsigned)x);
    case 5: return perm_host<short>(30, tid, (unsigned)x);
    case 6: return perm_host<int>(17 + (int)(ran & 15), tid, (unsigned)x);
    case 7: return perm_host<long long>(31, tid, (unsigned)(x >> 32));
    case 8: {
        int a = own_array((int)(x & 0xffff), tid);
        if (tid & 1)
            a += own_array(tid, (int)(ran & 0xff));
        return (u64)(long long)a;
    }
    case 9: return (u64)(long long)nested(tid);
    case 10: return gf_mul(ran, x) ^ gf_mul_loop(x, x);
    default: return (tid % 3) ? gf_mul(x ^ (u64)tid, ran) : 0;
    }
}

static const char *what[NC] = {
    "gf_mul (issue)", "gf_mul unroll", "gf_mul unroll 1, unsigned test",
    "fill/pick noinline", "char via noinline", "short via noinline",
    "int via noinline, varying n", "long long via noinline",
    "noinline own array", "nested rows", "gf_mul swapped",
    "gf_mul noinline, divergent"};

int main()
{
    const int nb = 2, nt = 128, n = nb * nt;
    static u64 xs[n], rans[n], out[n * NC];
    u64 s = 0x0123456789abcdefull;
    for (int i = 0; i < n; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        xs[i] = s ^ (s >> 29);
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        rans[i] = s ^ (s >> 31);
    }
    xs[0] = 1;                   // a few easy values first
    rans[0] = 0xffffffffffffffffull;
    xs[1] = 0x8000000000000000ull;
    rans[1] = 3;
    u64 *dx, *dr, *dout;
    CHECK(cudaMalloc(&dx, sizeof(xs)));
    CHECK(cudaMalloc(&dr, sizeof(rans)));
    CHECK(cudaMalloc(&dout, sizeof(out)));
    CHECK(cudaMemcpy(dx, xs, sizeof(xs), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dr, rans, sizeof(rans), cudaMemcpyHostToDevice));
    run<<<nb, nt>>>(dx, dr, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    int bad = 0, badv[NC] = {0};
    for (int i = 0; i < n; i++)
        for (int v = 0; v < NC; v++) {
            u64 want = want_of(v, xs[i], rans[i], i % nt);
            if (out[i * NC + v] != want) {
                if (badv[v]++ < 2)
                    printf("%s: thread %d: got %016llx, expected %016llx\n",
                           what[v], i, out[i * NC + v], want);
                bad++;
            }
        }
    for (int v = 0; v < NC; v++)
        if (badv[v])
            printf("%s: %d of %d threads wrong\n", what[v], badv[v], n);
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dr));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("FAIL local_array_calls\n");
        return 1;
    }
    printf("PASS local_array_calls\n");
    return 0;
}
