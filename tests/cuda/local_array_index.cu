// local_array_index.cu: local arrays indexed by loop counters, blockIdx,
// loaded and data-dependent indices; large sparse arrays; across barriers.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL local_array_index\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

typedef unsigned long long u64;

#define N 20      // elements of the small arrays
#define NIDX 61   // entries of the index table in global memory
#define NV 15     // results per thread

__host__ __device__ inline u64 mix(u64 h, u64 v) { return h * 1000003ull + v; }
__host__ __device__ inline u64 as64(int x) { return (u64)(long long)x; }
__host__ __device__ inline u64 as64(double x) { return (u64)(long long)(x * 4.0); }

// lane_work: tid is the thread's index in its block, bid the block's index
// (warp-uniform), idx a table of non-negative indices.  Values of T stay
// small integers or quarters so that double arithmetic is exact.
template <class T>
__host__ __device__ void lane_work(int tid, int bid, const int *idx, u64 *out)
{
    int seed = (tid * 131 + bid * 7919 + 1) & 0xfffff;
    {   // 0: full unroll; written in order, read at lane-varying loaded indices
        T a[N];
#pragma unroll
        for (int k = 0; k < N; k++)
            a[k] = (T)(seed + k * 3);
        u64 h = 0;
#pragma unroll
        for (int k = 0; k < N; k++)
            h = mix(h, as64(a[idx[(tid * 3 + k) % NIDX] % N]));
        out[0] = h;
    }
    {   // 1: written at blockIdx-rotated (uniform) indices, read at uniform
        //    indices loaded from memory
        T a[N];
#pragma unroll 1
        for (int k = 0; k < N; k++)
            a[(k + bid) % N] = (T)(seed * 2 + k);
        u64 h = 0;
#pragma unroll 1
        for (int k = 0; k < N; k++)
            h = mix(h, as64(a[idx[k] % N]));
        out[1] = h;
    }
    {   // 2: data-dependent chain: each index comes from the element read
        T a[N];
#pragma unroll 1
        for (int k = 0; k < N; k++)
            a[k] = (T)((seed * 11 + k * 7) & 1023);
        u64 h = 0;
        int j = tid % N;
#pragma unroll 1
        for (int k = 0; k < 3 * N; k++) {
            int v = (int)a[j];
            h = mix(h, (u64)v);
            a[j] = (T)((v * 5 + k) & 1023);
            j = (v + k) % N;
        }
        out[2] = h;
    }
    {   // 3: two dimensions, both indices lane-varying
        T b[5][4];
#pragma unroll 1
        for (int r = 0; r < 5; r++)
#pragma unroll 1
            for (int c = 0; c < 4; c++)
                b[(r + tid) % 5][(c + (tid >> 1)) % 4] = (T)(seed + r * 4 + c);
        u64 h = 0;
#pragma unroll 1
        for (int k = 0; k < 20; k++)
            h = mix(h, as64(b[(k * 3 + tid) % 5][(k + bid) % 4]));
        out[3] = h;
    }
    {   // 4: a pointer walking through the array (generic addressing)
        T a[N];
        T *p = a + tid % 4;
#pragma unroll 1
        for (int k = 0; k < N; k++)
            a[k] = (T)(seed - k);
#pragma unroll 1
        for (int k = 0; k < 8; k++) {
            *p += (T)(k + 1);
            p += 1 + (tid + k) % 2;
        }
        u64 h = 0;
#pragma unroll 1
        for (int k = 0; k < N; k++)
            h = mix(h, as64(a[k]));
        out[4] = h;
    }
    {   // 5: a loop with a lane-varying trip count and an early exit
        T a[N];
#pragma unroll 1
        for (int k = 0; k < N; k++)
            a[k] = (T)0;
        int n = 3 + (tid * 7 + bid) % (N - 3);
#pragma unroll 1
        for (int k = 0; k < n; k++) {
            a[(k * 3 + tid) % N] += (T)(k + 1);
            if (idx[(k + tid) % NIDX] == 96)
                break;
        }
        u64 h = 0;
#pragma unroll 4
        for (int k = 0; k < N; k++)
            h = mix(h, as64(a[k]));
        out[5] = h;
    }
}

// Large arrays indexed sparsely: 1024 floats and 300 doubles per thread.
__host__ __device__ void large_work(int tid, int bid, const int *idx, u64 *out)
{
    float big[1024];
    int base = (tid * 37 + bid * 11) & 1023;
#pragma unroll 1
    for (int k = 0; k < 48; k++)                 // 48 distinct positions
        big[(base + k * 97) & 1023] = (float)(tid * 64 + k);
    u64 h = 0;
#pragma unroll 1
    for (int k = 47; k >= 0; k -= 3)
        h = mix(h, (u64)big[(base + k * 97) & 1023]);
    for (int k = 0; k < 16; k++)                 // a uniform stride, clang unrolls
        big[k * 64 + (tid & 63)] = (float)(k - tid);
#pragma unroll 1
    for (int k = 0; k < 16; k++)
        h = mix(h, (u64)(long long)big[((15 - k) * 64 + (tid & 63))]);
    big[1000 + bid % 24] = 0.5f * (float)bid;        // a uniform index
    h = mix(h, (u64)(big[1000 + bid % 24] * 2.0f));
    out[0] = h;

    double d[300];
    int m = 10 + (tid % 13);
#pragma unroll 1
    for (int k = 0; k < m; k++)
        d[(tid + k * 23) % 300] = (double)(k * k) + 0.25;
    h = 0;
#pragma unroll 1
    for (int k = 0; k < m; k++) {
        int j = (tid + ((k * 7) % m) * 23) % 300;
        d[j] += (double)idx[k % NIDX];
        h = mix(h, (u64)(d[j] * 4.0));
    }
    out[1] = h;

    unsigned char bytes[700];                    // sub-word, large
#pragma unroll 1
    for (int k = 0; k < 700; k += 7)
        bytes[(k + tid) % 700] = (unsigned char)(k ^ tid);
    h = 0;
#pragma unroll 1
    for (int k = 0; k < 700; k += 7)
        h = mix(h, bytes[(k + tid) % 700]);
    out[2] = h;
}

__global__ void kern(const int *idx, u64 *out)
{
    int tid = threadIdx.x + threadIdx.y * blockDim.x;
    int bid = blockIdx.x + blockIdx.y * gridDim.x;
    int nt = blockDim.x * blockDim.y;
    u64 *o = out + (size_t)(bid * nt + tid) * NV;
    lane_work<int>(tid, bid, idx, o);
    lane_work<double>(tid, bid, idx, o + 6);
    large_work(tid, bid, idx, o + 12);
}

// A local array live across barriers, read at indices other warps wrote to
// shared memory; the second loop's trip count looks lane-varying to the
// compiler (it is loaded at a lane-varying address), so its barrier is
// under what the analysis must treat as divergent control.
#define NA 16
__global__ void across_barriers(const int *idx, u64 *out)
{
    __shared__ int sh[256];
    int tid = threadIdx.x + threadIdx.y * blockDim.x;
    int bid = blockIdx.x + blockIdx.y * gridDim.x;
    int nt = blockDim.x * blockDim.y;
    int a[NA];
#pragma unroll 1
    for (int k = 0; k < NA; k++)
        a[(k + tid) % NA] = tid * 100 + k;
    sh[tid] = (tid * 7 + bid) % NA;
    __syncthreads();
    int j = sh[(tid + 33) % nt];
    u64 h = 0;
    for (int k = 0; k < NA; k += 3)
        h = mix(h, (u64)a[(j + k) % NA]);
    int n = 2 + idx[tid >> 10] % 3;
    for (int r = 0; r < n; r++) {
        __syncthreads();
        a[j] += r + 1;
        sh[tid] = (a[j] + r) % NA;
        __syncthreads();
        j = sh[(tid + 1 + r * 32) % nt];
        h = mix(h, (u64)a[j]);
    }
    out[bid * nt + tid] = h;
}

static u64 across_host(int tid, int bid, int nt, const int *idx)
{
    // Every thread's state, stepped in lock-step between the barriers.
    static int a[256][NA], sh[256], js[256];
    static u64 hs[256];
    for (int t = 0; t < nt; t++) {
        for (int k = 0; k < NA; k++)
            a[t][(k + t) % NA] = t * 100 + k;
        sh[t] = (t * 7 + bid) % NA;
    }
    for (int t = 0; t < nt; t++) {
        js[t] = sh[(t + 33) % nt];
        hs[t] = 0;
        for (int k = 0; k < NA; k += 3)
            hs[t] = mix(hs[t], (u64)a[t][(js[t] + k) % NA]);
    }
    int n = 2 + idx[0] % 3;
    for (int r = 0; r < n; r++) {
        for (int t = 0; t < nt; t++) {
            a[t][js[t]] += r + 1;
            sh[t] = (a[t][js[t]] + r) % NA;
        }
        for (int t = 0; t < nt; t++) {
            js[t] = sh[(t + 1 + r * 32) % nt];
            hs[t] = mix(hs[t], (u64)a[t][js[t]]);
        }
    }
    return hs[tid];
}

static void host_work(int tid, int bid, const int *idx, u64 *out)
{
    lane_work<int>(tid, bid, idx, out);
    lane_work<double>(tid, bid, idx, out + 6);
    large_work(tid, bid, idx, out + 12);
}

static const char *what[NV] = {
    "int: unroll, loaded index", "int: uniform indices",
    "int: data-dependent chain", "int: 2-D", "int: pointer walk",
    "int: varying trip count",
    "double: unroll, loaded index", "double: uniform indices",
    "double: data-dependent chain", "double: 2-D", "double: pointer walk",
    "double: varying trip count",
    "1024 floats", "300 doubles", "700 bytes"};

int main()
{
    static int h_idx[NIDX];
    for (int i = 0; i < NIDX; i++)
        h_idx[i] = (i * 37 + 11) % 97;
    int *d_idx;
    CHECK(cudaMalloc(&d_idx, sizeof(h_idx)));
    CHECK(cudaMemcpy(d_idx, h_idx, sizeof(h_idx), cudaMemcpyHostToDevice));
    struct { dim3 g, b; } shapes[3] = {
        { dim3(3), dim3(128) }, { dim3(2, 2), dim3(16, 8) }, { dim3(2), dim3(100) } };
    int bad = 0;
    for (int s = 0; s < 3; s++) {
        int nb = shapes[s].g.x * shapes[s].g.y;
        int nt = shapes[s].b.x * shapes[s].b.y;
        size_t n = (size_t)nb * nt * NV;
        u64 *out = (u64 *)malloc(n * sizeof(u64)), *d_out;
        CHECK(cudaMalloc(&d_out, n * sizeof(u64)));
        CHECK(cudaMemset(d_out, 0, n * sizeof(u64)));
        kern<<<shapes[s].g, shapes[s].b>>>(d_idx, d_out);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(out, d_out, n * sizeof(u64), cudaMemcpyDeviceToHost));
        int badv[NV] = {0};
        for (int bid = 0; bid < nb; bid++)
            for (int tid = 0; tid < nt; tid++) {
                u64 want[NV];
                host_work(tid, bid, h_idx, want);
                const u64 *got = out + (size_t)(bid * nt + tid) * NV;
                for (int v = 0; v < NV; v++)
                    if (got[v] != want[v]) {
                        if (badv[v]++ < 2)
                            printf("shape %d block %d thread %d, %s: got "
                                   "%016llx, expected %016llx\n", s, bid, tid,
                                   what[v], got[v], want[v]);
                        bad++;
                    }
            }
        for (int v = 0; v < NV; v++)
            if (badv[v])
                printf("shape %d, %s: %d of %d threads wrong\n", s, what[v],
                       badv[v], nb * nt);
        // the same shape, a local array across barriers
        u64 *d_b, *ob = (u64 *)malloc((size_t)nb * nt * sizeof(u64));
        CHECK(cudaMalloc(&d_b, (size_t)nb * nt * sizeof(u64)));
        across_barriers<<<shapes[s].g, shapes[s].b>>>(d_idx, d_b);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(ob, d_b, (size_t)nb * nt * sizeof(u64),
                         cudaMemcpyDeviceToHost));
        int badb = 0;
        for (int bid = 0; bid < nb; bid++)
            for (int tid = 0; tid < nt; tid++) {
                u64 want = across_host(tid, bid, nt, h_idx);
                if (ob[bid * nt + tid] != want && badb++ < 2)
                    printf("shape %d block %d thread %d, across barriers: got "
                           "%016llx, expected %016llx\n", s, bid, tid,
                           ob[bid * nt + tid], want);
            }
        if (badb)
            printf("shape %d, across barriers: %d of %d threads wrong\n", s,
                   badb, nb * nt);
        bad += badb;
        CHECK(cudaFree(d_b));
        free(ob);
        CHECK(cudaFree(d_out));
        free(out);
    }
    CHECK(cudaFree(d_idx));
    if (bad) {
        printf("FAIL local_array_index\n");
        return 1;
    }
    printf("PASS local_array_index\n");
    return 0;
}
